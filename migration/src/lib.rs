//! Muffle's schema. The platform writes `accounts`, `calls`, `texts`, `chats`,
//! `chat_messages` and `form_submissions`; Muffle owns the rest. Every column beyond the
//! ones the platform must fill has a default, so a bare insert works.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_create_schema;
mod m20261125_000002_reserved;
mod m20261125_000003_reserved;
mod m20261125_000004_reserved;
mod m20261130_000001_recording_copies;
mod m20261201_000001_media_links;
mod m20261201_000002_job_outbox;
mod m20261201_000003_notifications;
mod m20261201_000004_operate;
mod m20261201_000005_outbox_notify;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_schema::Migration),
            Box::new(m20261125_000002_reserved::Migration),
            Box::new(m20261125_000003_reserved::Migration),
            Box::new(m20261125_000004_reserved::Migration),
            Box::new(m20261130_000001_recording_copies::Migration),
            Box::new(m20261201_000001_media_links::Migration),
            Box::new(m20261201_000002_job_outbox::Migration),
            Box::new(m20261201_000003_notifications::Migration),
            Box::new(m20261201_000004_operate::Migration),
            Box::new(m20261201_000005_outbox_notify::Migration),
        ]
    }
}
