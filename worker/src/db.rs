//! Database connection and migrations.

use std::sync::Arc;

use anyhow::Context as _;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

use crate::{config::Config, queue::Queues, runtime::Runtime};

pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!("cannot create data directory {}", config.data_dir.display())
        })?;
    }
    let mut options = ConnectOptions::new(config.database_url.clone());
    options.sqlx_logging(false).max_connections(16);
    if config.database_url.starts_with("sqlite:") {
        // Concurrent jobs on the embedded database: one connection serializes them, since a
        // deferred SQLite transaction that upgrades to a write fails at once (SQLITE_BUSY)
        // rather than waiting when another writer got there first.
        options
            .max_connections(1)
            .acquire_timeout(std::time::Duration::from_secs(120));
        options.map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(std::time::Duration::from_secs(30))
        });
    }
    Database::connect(options)
        .await
        .context("cannot connect to the database (DATABASE_URL)")
}

/// A connection for admin commands: the embedded database migrates itself first.
pub async fn connect_migrated(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let db = connect(config).await?;
    if config.database_url.starts_with("sqlite:") {
        migrate(&db).await?;
    }
    Ok(db)
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("migrations failed")
}

/// Connects the database and queues. The embedded default migrates itself: there is no
/// release phase on a laptop.
pub async fn runtime(config: Config, migrate_embedded: bool) -> anyhow::Result<Arc<Runtime>> {
    let db = connect(&config).await?;
    if migrate_embedded && config.database_url.starts_with("sqlite:") {
        migrate(&db).await?;
    }
    let queues = Queues::connect(&config).await?;
    let recordings =
        jobs::recordings::RecordingStore::open(config.s3.as_ref(), &config.data_dir).await?;
    tracing::debug!(store = %recordings.describe(), "recordings");
    let mailer = config.mail.mailer()?;
    tracing::debug!(mail = %mailer.describe(), "notification mail");
    Ok(Runtime::new(config, db, queues, recordings, mailer))
}
