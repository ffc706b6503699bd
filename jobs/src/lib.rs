//! Muffle's jobs and what they are built from (see ARCHITECTURE.md for the map).
//!
//! - Kernel: [`job`] (the trait, context and errors), [`registry`] (every job by name),
//!   [`metrics`] (every exported metric), `testing` (test support).
//! - Pure domain, no database and no queue: [`detect`], [`audio`], [`schedule`],
//!   [`transcript`].
//! - Shared services: [`interaction`] (the four kinds and their tables), [`sql`] (bulk
//!   writes), [`redaction`] (redacting rows), [`call_recording`], [`recordings`] (storage
//!   adapters), [`retention`] (clock, schedules, sweep bookkeeping).
//! - Jobs, one verb_noun file each: payload (ids only), handler, tests.

// Kernel
pub mod job;
pub mod metrics;
pub mod registry;
#[cfg(test)]
pub mod testing;

// Pure domain
pub mod audio;
pub mod detect;
pub mod schedule;
pub mod transcript;

// Shared services
pub mod call_recording;
pub mod interaction;
pub mod media_links;
pub mod notifications;
pub mod recordings;
pub mod redaction;
pub mod retention;
pub mod sql;

// Jobs
pub mod delete_recording;
pub mod erase_contact;
pub mod expire_media_links;
pub mod notify_call;
pub mod probe_worker;
pub mod purge_recordings;
pub mod redact_account;
pub mod redact_call;
pub mod redact_chat;
pub mod redact_form;
pub mod redact_text;
pub mod rewrite_recording;
pub mod send_call_notification;
pub mod sweep_retention;
pub mod vacuum_queues;

pub use job::{Job, JobContext, JobError, JobSettings, QueueClass, QueueHandle};
