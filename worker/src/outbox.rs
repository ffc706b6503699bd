//! The transactional outbox: the platform inserts `job_outbox` rows in its own transaction,
//! and this relay moves committed rows to the queue. A rolled-back row never exists, so it
//! never runs; a committed one runs at least once, and the idempotency key (the row's own,
//! else `outbox:<id>`) makes a row re-sent after a crash run once.
//!
//! Claiming is `DELETE … RETURNING` inside a transaction that commits only after the push:
//! a relay that dies mid-batch rolls back and the rows come back; on Postgres
//! `FOR UPDATE SKIP LOCKED` lets many relays share the table without waiting on each other.
//!
//! On Postgres a trigger (`muffle_outbox_notify`, migration `m20261201_000005`) sends
//! `NOTIFY muffle_outbox` when an insert commits, and the relay `LISTEN`s: it moves rows as
//! soon as they are visible and otherwise looks once a second (a notification lost while the
//! listening connection reconnects is found by that look). Elsewhere it polls every 20 ms.

use std::{collections::HashMap, sync::Arc, time::Duration};

use jobs::JobError;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait};
use serde_json::Value;

use crate::{queue::Queues, runtime};

/// Rows moved per transaction.
const BATCH: usize = 100;
/// How often an idle relay looks for new rows when nothing tells it of them.
const IDLE_POLL: Duration = Duration::from_millis(20);
/// How often an idle relay looks anyway while it listens for notifications.
const LISTENING_POLL: Duration = Duration::from_secs(1);
/// The channel the outbox trigger notifies.
pub const CHANNEL: &str = "muffle_outbox";

/// Relays until the task is aborted. Errors (database down, queue down, table not migrated
/// yet) are logged and retried; the rows stay in the outbox meanwhile.
pub async fn relay(db: DatabaseConnection, queues: Queues) {
    let notified = Arc::new(tokio::sync::Notify::new());
    let listening = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _listener = (db.get_database_backend() == DbBackend::Postgres).then(|| {
        AbortOnDrop(tokio::spawn(listen(
            db.clone(),
            notified.clone(),
            listening.clone(),
        )))
    });
    let mut failing = false;
    loop {
        match relay_batch(&db, &queues).await {
            Ok(moved) => {
                failing = false;
                if moved < BATCH {
                    let poll = if listening.load(std::sync::atomic::Ordering::Relaxed) {
                        LISTENING_POLL
                    } else {
                        IDLE_POLL
                    };
                    tokio::select! {
                        () = notified.notified() => {}
                        () = tokio::time::sleep(poll) => {}
                    }
                }
            }
            Err(error) => {
                if !failing {
                    tracing::warn!(error = %format!("{error:#}"), "outbox relay failing; retrying");
                }
                failing = true;
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    }
}

/// Wakes the relay on every `NOTIFY muffle_outbox`; reconnects (and polls fast meanwhile)
/// when the listening connection is lost.
async fn listen(
    db: DatabaseConnection,
    notified: Arc<tokio::sync::Notify>,
    listening: Arc<std::sync::atomic::AtomicBool>,
) {
    use std::sync::atomic::Ordering;
    let pool = db.get_postgres_connection_pool().clone();
    loop {
        let mut listener = match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::debug!(%error, "outbox listener cannot connect; polling");
                tokio::time::sleep(Duration::from_secs(2)).await;
                continue;
            }
        };
        if let Err(error) = listener.listen(CHANNEL).await {
            tracing::debug!(%error, "outbox LISTEN failed; polling");
            tokio::time::sleep(Duration::from_secs(2)).await;
            continue;
        }
        listening.store(true, Ordering::Relaxed);
        // Rows committed before LISTEN took effect: look once.
        notified.notify_one();
        while listener.recv().await.is_ok() {
            notified.notify_one();
        }
        listening.store(false, Ordering::Relaxed);
        notified.notify_one();
    }
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Rows committed to the outbox and not yet moved (`--drain` waits for zero).
pub async fn pending(db: &DatabaseConnection) -> anyhow::Result<u64> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM job_outbox",
        ))
        .await?;
    Ok(row
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0) as u64)
}

/// One outbox row as claimed.
struct Row {
    id: i64,
    job: String,
    payload: Option<String>,
    run_at: Option<i64>,
    idempotency_key: Option<String>,
}

/// Moves up to `BATCH` committed rows to the queue; returns how many rows it took.
pub async fn relay_batch(db: &DatabaseConnection, queues: &Queues) -> anyhow::Result<usize> {
    let backend = db.get_database_backend();
    let claim = match backend {
        DbBackend::Postgres => format!(
            "DELETE FROM job_outbox WHERE id IN \
               (SELECT id FROM job_outbox ORDER BY id LIMIT {BATCH} FOR UPDATE SKIP LOCKED) \
             RETURNING id, job, payload::text AS payload, \
               CAST(EXTRACT(EPOCH FROM run_at) AS BIGINT) AS run_at, idempotency_key"
        ),
        _ => format!(
            "DELETE FROM job_outbox WHERE id IN \
               (SELECT id FROM job_outbox ORDER BY id LIMIT {BATCH}) \
             RETURNING id, job, CAST(payload AS TEXT) AS payload, \
               CAST(strftime('%s', run_at) AS INTEGER) AS run_at, idempotency_key"
        ),
    };
    let txn = db.begin().await?;
    let rows = txn
        .query_all_raw(Statement::from_string(backend, claim))
        .await?
        .into_iter()
        .map(|r| {
            Ok(Row {
                id: r.try_get("", "id")?,
                job: r.try_get("", "job")?,
                payload: r.try_get("", "payload")?,
                run_at: r.try_get("", "run_at")?,
                idempotency_key: r.try_get("", "idempotency_key")?,
            })
        })
        .collect::<Result<Vec<Row>, sea_orm::DbErr>>()?;
    if rows.is_empty() {
        txn.commit().await?;
        return Ok(0);
    }
    let claimed = rows.len();
    let now = chrono::Utc::now().timestamp();
    let mut by_job: HashMap<&'static str, Vec<(Value, Duration, String)>> = HashMap::new();
    for row in rows {
        let task_id = format!("outbox:{}", row.id);
        match checked(&row) {
            Ok((name, payload)) => {
                let delay = row
                    .run_at
                    .map(|at| Duration::from_secs(at.saturating_sub(now).max(0) as u64))
                    .unwrap_or_default();
                let key = row.idempotency_key.clone().unwrap_or(task_id);
                by_job.entry(name).or_default().push((payload, delay, key));
            }
            Err(reason) => {
                let job_name = if jobs::registry::find(&row.job).is_some() {
                    row.job.clone()
                } else {
                    "(unknown job)".to_owned()
                };
                let kept = row
                    .payload
                    .as_deref()
                    .and_then(|p| serde_json::from_str(p).ok())
                    .map(only_ids);
                let error = JobError::permanent(format!("outbox row {}: {reason}", row.id));
                runtime::record_failed(&txn, &job_name, kept, &error, 0, &task_id).await?;
                tracing::error!(
                    outbox_id = row.id,
                    "outbox row rejected; kept in failed jobs"
                );
            }
        }
    }
    for (job, tasks) in by_job {
        queues.push_keyed(job, tasks).await?;
    }
    // Pushed but not yet deleted: a relay killed here leaves the rows in the outbox and the
    // next relay pushes them again under the same keys (tests/tests/outbox.rs). The fail
    // point's `return(MS)` stalls this task (asynchronously: the worker's jobs go on).
    if let Some(ms) = stall_after_push() {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    txn.commit().await?;
    Ok(claimed)
}

/// `FAILPOINTS=outbox-after-push=return(600000)`: how long to stall between the push and the
/// commit (crash tests); `None` when the fail point is off.
fn stall_after_push() -> Option<u64> {
    fail::fail_point!("outbox-after-push", |ms| ms.and_then(|m| m.parse().ok()));
    None
}

/// The row's job and decoded payload, or why it cannot run (never quoting its values).
fn checked(row: &Row) -> Result<(&'static str, Value), String> {
    let Some(spec) = jobs::registry::find(&row.job) else {
        return Err(format!(
            "unknown job; known jobs: {}",
            jobs::registry::names().join(", ")
        ));
    };
    let payload: Value = row
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .ok_or_else(|| "payload is not JSON".to_owned())?;
    (spec.validate)(&payload)?;
    Ok((spec.name, payload))
}

/// Of a rejected payload, keeps only top-level fields named like ids that hold integers:
/// the rest may be values sent by mistake.
fn only_ids(payload: Value) -> Value {
    match payload {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .filter(|(key, value)| {
                    (key == "id" || key.ends_with("_id")) && (value.is_i64() || value.is_u64())
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// Keeps an outbox relay running beside a worker or clock; aborts it when dropped.
pub struct RelayTask(tokio::task::JoinHandle<()>);

impl RelayTask {
    pub fn spawn(db: &DatabaseConnection, queues: &Queues) -> RelayTask {
        RelayTask(tokio::spawn(relay(db.clone(), queues.clone())))
    }
}

impl Drop for RelayTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejected_payload_keeps_only_integer_ids() {
        let payload = serde_json::json!({
            "call_id": 7, "note": "4111 1111 1111 1111", "account_id": "x", "id": 3
        });
        assert_eq!(
            only_ids(payload),
            serde_json::json!({"call_id": 7, "id": 3})
        );
        assert_eq!(only_ids(serde_json::json!("text")), Value::Null);
    }
}
