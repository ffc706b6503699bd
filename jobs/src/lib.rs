//! Muffle's jobs and the pure domain modules they are built from.
//!
//! Domain modules (`detect`, `audio`) know nothing of queues or databases. Each job lives in
//! its own file named verb_noun: its payload (ids only), its handler, and its tests.

pub mod audio;
pub mod detect;
pub mod job;
pub mod redaction;
pub mod registry;
#[cfg(test)]
pub mod testing;

pub mod probe_worker;
pub mod vacuum_queues;

pub use job::{Job, JobContext, JobError, JobSettings, QueueHandle};
pub mod clock;
pub mod delete_recording;
pub mod erase_contact;
pub mod expire_media_links;
pub mod maintenance;
pub mod media_links;
pub mod purge_recordings;
pub mod recordings;
pub mod redact_account;
pub mod redact_call;
pub mod redact_call_offline;
pub mod redact_chat;
pub mod redact_form;
pub mod redact_text;
pub mod rewrite_recording;
pub mod schedule;
pub mod schedules_admin;
pub mod sweep_retention;
