//! sea-orm entities for Muffle's schema (see `migration/` for the tables themselves).

pub mod accounts;
pub mod agencies;
pub mod calls;
pub mod chat_messages;
pub mod chats;
pub mod clock_fires;
pub mod failed_jobs;
pub mod form_submissions;
pub mod media_link_accesses;
pub mod media_link_sessions;
pub mod media_links;
pub mod notification_deliveries;
pub mod notification_rules;
pub mod redaction_events;
pub mod retention_schedules;
pub mod sweep_runs;
pub mod texts;
pub mod worker_probes;
