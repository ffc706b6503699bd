//! Opening the backends: a Redis connection manager, and the embedded SQLite queue with its
//! schema set up (safely when several processes start at once).

use super::*;

pub(super) async fn connect_redis(client: &redis::Client) -> anyhow::Result<ConnectionManager> {
    // The default 500 ms response timeout kills workers on a slow script under load.
    let config = ConnectionManagerConfig::new()
        .set_response_timeout(Some(Duration::from_secs(30)))
        .set_connection_timeout(Some(Duration::from_secs(10)));
    client
        .get_connection_manager_with_config(config)
        .await
        .context("cannot connect to Redis (REDIS_URL)")
}

pub(super) async fn open_sqlite_queue(path: &std::path::Path) -> anyhow::Result<SqlitePool> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let options = apalis_sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = apalis_sqlite::SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the embedded queue at {}", path.display()))?;
    set_up_sqlite_queue(&pool).await?;
    crate::task_status::setup_sqlite(&pool)
        .await
        .context("cannot set up the embedded queue's task statuses")?;
    super::idempotency::setup_sqlite(&pool)
        .await
        .context("cannot set up the embedded queue's idempotency keys")?;
    // Finished rows keep `lock_by`, so the LIdx index makes every ack walk all the rows a
    // worker ever ran (186 jobs/s); without it acks stay cheap. NORMAL keeps WAL durable
    // across process crashes (setup() turns synchronous off).
    for statement in [
        "DROP INDEX IF EXISTS LIdx",
        "PRAGMA synchronous = NORMAL",
        "ANALYZE",
    ] {
        sqlx::query(statement).execute(&pool).await?;
    }
    Ok(pool)
}

/// apalis-sqlite's schema migrations. Two processes starting together on a fresh queue file
/// (a worker and the clock) can race through them and one fails ("duplicate column"); by the
/// time it retries the other has recorded them as applied.
pub(super) async fn set_up_sqlite_queue(pool: &SqlitePool) -> anyhow::Result<()> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match SqliteStorage::setup(pool).await {
            Ok(()) => return Ok(()),
            Err(error) if attempt < 5 => {
                tracing::debug!(%error, attempt, "embedded queue setup raced; retrying");
                tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
            }
            Err(error) => return Err(error).context("cannot set up the embedded queue"),
        }
    }
}
