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
