//! Database connection and migrations.

use std::sync::Arc;

use anyhow::Context as _;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

use crate::{config::Config, queue::Queues, runtime::Runtime};

pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let postgres = postgres_address(&config.database_url);
    if let Some(address) = &postgres {
        // A Postgres that is not listening would hold every command for the pool's 30 s
        // acquire timeout; one TCP connect answers in milliseconds (or a few seconds).
        reachable(address).await?;
    }
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
    Database::connect(options).await.map_err(|error| {
        let kind = connect_failure(&error);
        match &postgres {
            Some(address) => anyhow::anyhow!("cannot connect to Postgres at {address} ({kind})"),
            None => anyhow::anyhow!("cannot open the database (DATABASE_URL): {kind}"),
        }
    })
}

/// Why a connection was refused, in words that carry no value: Postgres' error class for the
/// usual first-run mistakes (its messages quote user and database names), else the kind.
fn connect_failure(error: &sea_orm::DbErr) -> String {
    use sea_orm::{DbErr, RuntimeErr, sqlx};
    if let DbErr::Conn(RuntimeErr::SqlxError(sqlx_error)) = error {
        match sqlx_error.as_ref() {
            sqlx::Error::Database(database) => {
                return match database.code().as_deref() {
                    Some("28P01" | "28000") => "authentication failed".to_owned(),
                    Some("3D000") => "the database does not exist".to_owned(),
                    Some(code) => format!("server error {code}"),
                    None => "server error".to_owned(),
                };
            }
            sqlx::Error::Io(io) => return io.kind().to_string(),
            sqlx::Error::Tls(_) => return "TLS failed".to_owned(),
            _ => {}
        }
    }
    jobs::job::db_error_kind(error).to_owned()
}

/// `HOST:PORT` of a `postgres://` URL (never the user or password); `None` for SQLite or a
/// Unix socket.
fn postgres_address(url: &str) -> Option<String> {
    use sea_orm::sqlx::postgres::PgConnectOptions;
    if url.starts_with("sqlite:") {
        return None;
    }
    let options: PgConnectOptions = url.parse().ok()?;
    let host = options.get_host();
    (!host.starts_with('/')).then(|| format!("{host}:{}", options.get_port()))
}

/// How long a database or queue server may take to accept a TCP connection.
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// Fails fast, naming the address and the reason, when nothing accepts connections there.
async fn reachable(address: &str) -> anyhow::Result<()> {
    match tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::TcpStream::connect(address)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) => {
            let reason = match error.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
                _ => error.to_string(),
            };
            anyhow::bail!("cannot connect to Postgres at {address} ({reason})")
        }
        Err(_) => anyhow::bail!(
            "cannot connect to Postgres at {address} (no answer within {} s)",
            CONNECT_TIMEOUT.as_secs()
        ),
    }
}

/// A connection for commands that read or write Muffle's tables: the embedded database
/// migrates itself (there is no release phase on a laptop); Postgres must have been
/// migrated by `muffle migrate`, else the command stops here with that advice instead of a
/// missing-table error.
pub async fn connect_migrated(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let db = connect(config).await?;
    ensure_migrated(config, &db).await?;
    Ok(db)
}

async fn ensure_migrated(config: &Config, db: &DatabaseConnection) -> anyhow::Result<()> {
    if config.database_url.starts_with("sqlite:") {
        return migrate(db).await;
    }
    let pending = Migrator::get_pending_migrations_read_only(db)
        .await
        .map_err(|error| {
            anyhow::anyhow!(
                "cannot read the migration status: {}",
                jobs::job::db_error_kind(&error)
            )
        })?;
    if !pending.is_empty() {
        anyhow::bail!(
            "the database is missing {} migration(s): run `muffle migrate`",
            pending.len()
        );
    }
    Ok(())
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .map_err(|error| anyhow::anyhow!("migrations failed: {}", describe_db_error(&error)))
}

/// A database error for a person at a terminal: what failed, without the driver's internals
/// (source positions, doubled messages) or any value it may quote.
pub fn describe_db_error(error: &sea_orm::DbErr) -> String {
    let text = error.to_string();
    if text.contains("no such table")
        || (text.contains("relation") && text.contains("does not exist"))
    {
        return "a table is missing: run `muffle migrate`".to_owned();
    }
    jobs::job::db_error_kind(error).to_owned()
}

/// Connects the database and queues. The embedded default migrates itself: there is no
/// release phase on a laptop.
pub async fn runtime(config: Config, migrate_embedded: bool) -> anyhow::Result<Arc<Runtime>> {
    let db = connect(&config).await?;
    if migrate_embedded {
        ensure_migrated(&config, &db).await?;
    }
    let queues = Queues::connect(&config).await?;
    let recordings =
        jobs::recordings::RecordingStore::open(config.s3.as_ref(), &config.data_dir).await?;
    tracing::debug!(store = %recordings.describe(), "recordings");
    let mailer = config.mail.mailer()?;
    tracing::debug!(mail = %mailer.describe(), "notification mail");
    Ok(Runtime::new(config, db, queues, recordings, mailer))
}
