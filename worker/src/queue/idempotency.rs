//! `Idempotency-Key` for `POST /jobs/{name}`: the same key (per job) within [`KEY_TTL`]
//! returns the first request's task id and enqueues nothing, so a platform can retry a
//! request whose response it lost. Keys are stored as SHA-256 digests: a key may be anything
//! the platform chose, and is never kept or echoed.

use sha2::{Digest, Sha256};

use super::*;

/// How long a key is remembered (as long as apalis keeps its own idempotency keys).
pub const KEY_TTL: Duration = Duration::from_secs(24 * 3600);
/// The longest key accepted (Stripe's limit; longer is a client bug).
pub const MAX_KEY_BYTES: usize = 255;

/// What an idempotent push did.
#[derive(Debug, PartialEq, Eq)]
pub enum Pushed {
    /// First time this key was seen: enqueued under this task id.
    New(String),
    /// The key was seen within the TTL: nothing enqueued; the first request's task id.
    Repeat(String),
}

impl Queues {
    /// Pushes `payload` unless `key` was used for `job` within [`KEY_TTL`].
    pub async fn push_idempotent(
        &self,
        job: &str,
        payload: Value,
        key: &str,
    ) -> anyhow::Result<Pushed> {
        let scope = format!("{job}:{}", digest(key));
        let (task_id, task) = task(payload, 1, Duration::ZERO, None, None);
        if let Some(first) = self.claim_key(&scope, &task_id).await? {
            return Ok(Pushed::Repeat(first));
        }
        self.record_pushed(job, &[(task_id.clone(), Duration::ZERO)])
            .await;
        if let Err(error) = self.push_tasks(job, vec![task]).await {
            // Nothing was enqueued: a retry of the request must be able to enqueue it.
            self.release_key(&scope).await;
            return Err(error);
        }
        Ok(Pushed::New(task_id))
    }

    /// Takes `scope` for `task_id`; when already taken (and not expired), the task id that
    /// holds it.
    async fn claim_key(&self, scope: &str, task_id: &str) -> anyhow::Result<Option<String>> {
        match &self.backend {
            QueueBackend::Redis(conn) => {
                let key = self.redis_key(scope);
                let mut conn = conn.clone();
                // SET NX then GET in one script: a concurrent duplicate sees the winner's id.
                let first: Option<String> = redis::Script::new(
                    "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then \
                       return false else return redis.call('GET', KEYS[1]) end",
                )
                .key(key)
                .arg(task_id)
                .arg(KEY_TTL.as_secs())
                .invoke_async(&mut conn)
                .await?;
                Ok(first)
            }
            QueueBackend::Sqlite(pool) => {
                let now = chrono::Utc::now().timestamp();
                let expired_before = now - KEY_TTL.as_secs() as i64;
                // An expired key is taken over; a live one keeps its first task id.
                let claimed = sqlx::query(
                    "INSERT INTO MuffleIdempotencyKeys (scope, task_id, created_at) \
                     VALUES (?1, ?2, ?3) ON CONFLICT (scope) DO UPDATE SET \
                     task_id = excluded.task_id, created_at = excluded.created_at \
                     WHERE MuffleIdempotencyKeys.created_at < ?4",
                )
                .bind(scope)
                .bind(task_id)
                .bind(now)
                .bind(expired_before)
                .execute(pool)
                .await?
                .rows_affected();
                if claimed == 1 {
                    return Ok(None);
                }
                let first: (String,) =
                    sqlx::query_as("SELECT task_id FROM MuffleIdempotencyKeys WHERE scope = ?1")
                        .bind(scope)
                        .fetch_one(pool)
                        .await?;
                Ok(Some(first.0))
            }
        }
    }

    async fn release_key(&self, scope: &str) {
        let released = match &self.backend {
            QueueBackend::Redis(conn) => redis::cmd("DEL")
                .arg(self.redis_key(scope))
                .query_async::<i64>(&mut conn.clone())
                .await
                .map(drop)
                .map_err(anyhow::Error::from),
            QueueBackend::Sqlite(pool) => {
                sqlx::query("DELETE FROM MuffleIdempotencyKeys WHERE scope = ?1")
                    .bind(scope)
                    .execute(pool)
                    .await
                    .map(drop)
                    .map_err(anyhow::Error::from)
            }
        };
        if let Err(error) = released {
            tracing::warn!(%error, "cannot release an idempotency key after a failed push");
        }
    }

    fn redis_key(&self, scope: &str) -> String {
        format!("{}:idempotency-keys:{scope}", self.prefix)
    }

    /// Forgets expired keys (the embedded queue; Redis expires them by itself).
    pub async fn vacuum_idempotency_keys(&self) -> anyhow::Result<u64> {
        let QueueBackend::Sqlite(pool) = &self.backend else {
            return Ok(0);
        };
        let expired_before = chrono::Utc::now().timestamp() - KEY_TTL.as_secs() as i64;
        Ok(
            sqlx::query("DELETE FROM MuffleIdempotencyKeys WHERE created_at < ?1")
                .bind(expired_before)
                .execute(pool)
                .await?
                .rows_affected(),
        )
    }
}

/// Creates the embedded queue's idempotency-key table.
pub async fn setup_sqlite(pool: &SqlitePool) -> anyhow::Result<()> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS MuffleIdempotencyKeys (\
           scope TEXT PRIMARY KEY NOT NULL, task_id TEXT NOT NULL, created_at INTEGER NOT NULL)",
    )
    .execute(pool)
    .await?;
    Ok(())
}

fn digest(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
