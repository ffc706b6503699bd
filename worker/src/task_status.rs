//! Where a job stands, by the task id `muffle enqueue` and `POST /jobs` returned: queued,
//! scheduled, running, retrying, succeeded or failed, with its attempts, next run and last
//! error. Kept beside the queue it describes (a Redis hash per task, or a table in the
//! embedded queue's database), written by the pusher and by the worker at each transition,
//! and forgotten like finished tasks (`MUFFLE_KEEP_FINISHED_SECS` after the end).
//!
//! Errors are the jobs' own messages, which name ids and kinds, never values.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use crate::queue::{QueueBackend, Queues};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Due, waiting for a worker.
    Queued,
    /// Pushed with a delay.
    Scheduled,
    Running,
    /// An attempt failed; the next one is scheduled.
    Retrying,
    Succeeded,
    /// Kept in failed jobs (`muffle jobs failed`).
    Failed,
}

impl TaskState {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Queued => "queued",
            TaskState::Scheduled => "scheduled",
            TaskState::Running => "running",
            TaskState::Retrying => "retrying",
            TaskState::Succeeded => "succeeded",
            TaskState::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Option<TaskState> {
        [
            TaskState::Queued,
            TaskState::Scheduled,
            TaskState::Running,
            TaskState::Retrying,
            TaskState::Succeeded,
            TaskState::Failed,
        ]
        .into_iter()
        .find(|state| state.as_str() == text)
    }

    fn is_final(self) -> bool {
        matches!(self, TaskState::Succeeded | TaskState::Failed)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct TaskStatus {
    pub task_id: String,
    pub job: String,
    pub state: TaskState,
    /// Attempts started so far (0 while the first waits).
    pub attempts: u32,
    pub next_run_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl TaskStatus {
    pub fn new(task_id: &str, job: &str, state: TaskState, attempts: u32) -> TaskStatus {
        TaskStatus {
            task_id: task_id.to_owned(),
            job: job.to_owned(),
            state,
            attempts,
            next_run_at: None,
            last_error: None,
            updated_at: Utc::now(),
        }
    }

    /// A task just pushed for its first attempt, due after `delay`.
    pub fn pushed(task_id: &str, job: &str, delay: Duration) -> TaskStatus {
        let mut status = if delay.is_zero() {
            TaskStatus::new(task_id, job, TaskState::Queued, 0)
        } else {
            TaskStatus::new(task_id, job, TaskState::Scheduled, 0)
        };
        status.next_run_at = Some(status.updated_at + delay);
        status
    }

    /// Human-readable lines for `muffle jobs show`.
    /// True when attempt `attempt` already ended (succeeded, failed or handed to a retry, or
    /// a later attempt exists): a redelivery of it must not run again. An attempt still
    /// `running` was cut short by its worker's end and must.
    pub fn ended(&self, attempt: u32) -> bool {
        self.attempts > attempt
            || (self.attempts == attempt
                && matches!(
                    self.state,
                    TaskState::Succeeded | TaskState::Failed | TaskState::Retrying
                ))
    }

    pub fn describe(&self) -> String {
        let time = |at: &DateTime<Utc>| at.format("%Y-%m-%d %H:%M:%S UTC").to_string();
        let mut text = format!(
            "task        {}\njob         {}\nstate       {}\nattempts    {}\n",
            self.task_id,
            self.job,
            self.state.as_str(),
            self.attempts
        );
        if let Some(at) = &self.next_run_at
            && !self.state.is_final()
        {
            text += &format!("next run    {}\n", time(at));
        }
        if let Some(error) = &self.last_error {
            text += &format!("last error  {error}\n");
        }
        text += &format!("updated     {}\n", time(&self.updated_at));
        text
    }
}

/// How long an unfinished task's status is kept without news: far beyond the longest backoff.
const KEEP_UNFINISHED: Duration = Duration::from_secs(7 * 24 * 3600);

impl Queues {
    fn status_key(&self, task_id: &str) -> String {
        format!("{}:status:{task_id}", self.prefix())
    }

    pub async fn set_statuses(&self, statuses: &[TaskStatus]) -> anyhow::Result<()> {
        if statuses.is_empty() {
            return Ok(());
        }
        match &self.backend {
            QueueBackend::Redis(conn) => {
                let mut pipe = redis::pipe();
                for status in statuses {
                    self.stage_status(&mut pipe, status);
                }
                pipe.query_async::<()>(&mut conn.clone()).await?;
            }
            QueueBackend::Sqlite(pool) => {
                let mut txn = pool.begin().await?;
                let rows: Vec<&TaskStatus> = statuses.iter().collect();
                for rows in rows.chunks(STATUS_ROWS_PER_STATEMENT) {
                    upsert_statuses(&mut txn, rows).await?;
                }
                txn.commit().await?;
            }
        }
        Ok(())
    }

    /// Adds a status write to a Redis pipeline.
    fn stage_status(&self, pipe: &mut redis::Pipeline, status: &TaskStatus) {
        let key = self.status_key(&status.task_id);
        pipe.del(&key).ignore();
        let mut fields = vec![
            ("job", status.job.clone()),
            ("state", status.state.as_str().to_owned()),
            ("attempts", status.attempts.to_string()),
            (
                "updated_at",
                status.updated_at.timestamp_millis().to_string(),
            ),
        ];
        if let Some(at) = status.next_run_at {
            fields.push(("next_run_at", at.timestamp_millis().to_string()));
        }
        if let Some(error) = &status.last_error {
            fields.push(("last_error", error.clone()));
        }
        pipe.hset_multiple(&key, &fields).ignore();
        pipe.expire(&key, self.status_ttl(status.state).as_secs() as i64)
            .ignore();
    }
}

/// Rows of one multi-row status upsert (7 parameters each, far under SQLite's limit).
const STATUS_ROWS_PER_STATEMENT: usize = 200;

/// Adds ended attempts to a job's per-minute count.
async fn add_counts(
    txn: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    job: &str,
    minute: i64,
    succeeded: i64,
    failed: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO MuffleJobStats (job, minute, succeeded, failed) \
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT (job, minute) DO UPDATE SET \
         succeeded = succeeded + excluded.succeeded, failed = failed + excluded.failed",
    )
    .bind(job)
    .bind(minute)
    .bind(succeeded)
    .bind(failed)
    .execute(&mut **txn)
    .await?;
    Ok(())
}

/// Upserts statuses of distinct tasks in one statement.
async fn upsert_statuses(
    txn: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    rows: &[&TaskStatus],
) -> Result<(), sqlx::Error> {
    let mut sql = String::from(
        "INSERT INTO MuffleTaskStatus \
         (task_id, job, state, attempts, next_run_at, last_error, updated_at) VALUES ",
    );
    for k in 0..rows.len() {
        if k > 0 {
            sql.push(',');
        }
        sql.push_str("(?,?,?,?,?,?,?)");
    }
    sql.push_str(
        " ON CONFLICT (task_id) DO UPDATE SET job = excluded.job, \
         state = excluded.state, attempts = excluded.attempts, \
         next_run_at = excluded.next_run_at, last_error = excluded.last_error, \
         updated_at = excluded.updated_at",
    );
    // Built from constant fragments only: placeholders, no data.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for status in rows {
        query = query
            .bind(&status.task_id)
            .bind(&status.job)
            .bind(status.state.as_str())
            .bind(status.attempts as i64)
            .bind(status.next_run_at.map(|at| at.timestamp_millis()))
            .bind(&status.last_error)
            .bind(status.updated_at.timestamp_millis());
    }
    query.execute(&mut **txn).await?;
    Ok(())
}

impl Queues {
    /// Writes many statuses in one round trip (one pipeline, or one transaction), in order;
    /// each ended attempt (`Some(succeeded)`) also counts in its per-minute figures.
    pub async fn write_statuses(
        &self,
        writes: &[(TaskStatus, Option<bool>)],
    ) -> anyhow::Result<()> {
        match &self.backend {
            QueueBackend::Redis(conn) => {
                let mut pipe = redis::pipe();
                for (status, ended) in writes {
                    if let Some(succeeded) = ended {
                        let key = self.stats_key(status, *succeeded);
                        pipe.incr(&key, 1).ignore().expire(&key, 7200).ignore();
                    }
                    self.stage_status(&mut pipe, status);
                }
                pipe.query_async::<()>(&mut conn.clone()).await?;
            }
            QueueBackend::Sqlite(pool) => {
                // Every statement is a round trip to sqlx's SQLite thread (two context
                // switches): the batch goes as one upsert per job-minute for the counts and
                // multi-row upserts for the statuses, the last write per task winning.
                let mut counts: Vec<((&str, i64), (i64, i64))> = Vec::new();
                for (status, ended) in writes {
                    if let Some(succeeded) = ended {
                        let key = (status.job.as_str(), status.updated_at.timestamp() / 60);
                        let add = (i64::from(*succeeded), i64::from(!*succeeded));
                        match counts.iter_mut().find(|(k, _)| *k == key) {
                            Some((_, (s, f))) => {
                                *s += add.0;
                                *f += add.1;
                            }
                            None => counts.push((key, add)),
                        }
                    }
                }
                let mut last: Vec<&TaskStatus> = Vec::with_capacity(writes.len());
                let mut seen = std::collections::HashSet::with_capacity(writes.len());
                for (status, _) in writes.iter().rev() {
                    if seen.insert(status.task_id.as_str()) {
                        last.push(status);
                    }
                }
                last.reverse();
                let mut txn = pool.begin().await?;
                for ((job, minute), (succeeded, failed)) in counts {
                    add_counts(&mut txn, job, minute, succeeded, failed).await?;
                }
                for rows in last.chunks(STATUS_ROWS_PER_STATEMENT) {
                    upsert_statuses(&mut txn, rows).await?;
                }
                txn.commit().await?;
            }
        }
        Ok(())
    }

    fn stats_key(&self, status: &TaskStatus, succeeded: bool) -> String {
        let minute = status.updated_at.timestamp() / 60;
        let outcome = if succeeded { "succeeded" } else { "failed" };
        format!("{}:stats:{}:{outcome}:{minute}", self.prefix(), status.job)
    }

    /// Attempts that ended in the last hour per job, (succeeded, failed), in `jobs` order.
    pub async fn last_hour(&self, jobs: &[&str]) -> anyhow::Result<Vec<(u64, u64)>> {
        let now_minute = Utc::now().timestamp() / 60;
        let minutes = (now_minute - 59)..=now_minute;
        match &self.backend {
            QueueBackend::Redis(conn) => {
                let mut pipe = redis::pipe();
                for job in jobs {
                    for outcome in ["succeeded", "failed"] {
                        let keys: Vec<String> = minutes
                            .clone()
                            .map(|m| format!("{}:stats:{job}:{outcome}:{m}", self.prefix()))
                            .collect();
                        pipe.mget(keys);
                    }
                }
                let counts: Vec<Vec<Option<u64>>> = pipe.query_async(&mut conn.clone()).await?;
                let sums: Vec<u64> = counts
                    .iter()
                    .map(|per_minute| per_minute.iter().flatten().sum())
                    .collect();
                Ok(sums.chunks(2).map(|pair| (pair[0], pair[1])).collect())
            }
            QueueBackend::Sqlite(pool) => {
                let mut result = Vec::with_capacity(jobs.len());
                for job in jobs {
                    let (succeeded, failed): (i64, i64) = sqlx::query_as(
                        "SELECT COALESCE(SUM(succeeded), 0), COALESCE(SUM(failed), 0) \
                         FROM MuffleJobStats WHERE job = ?1 AND minute >= ?2",
                    )
                    .bind(job)
                    .bind(*minutes.start())
                    .fetch_one(pool)
                    .await?;
                    result.push((succeeded.max(0) as u64, failed.max(0) as u64));
                }
                Ok(result)
            }
        }
    }

    fn status_ttl(&self, state: TaskState) -> Duration {
        if state.is_final() {
            self.keep_finished()
        } else {
            KEEP_UNFINISHED
        }
    }

    /// The status of a task, None when unknown (never pushed, or forgotten).
    pub async fn status(&self, task_id: &str) -> anyhow::Result<Option<TaskStatus>> {
        match &self.backend {
            QueueBackend::Redis(conn) => {
                let fields: std::collections::HashMap<String, String> = redis::cmd("HGETALL")
                    .arg(self.status_key(task_id))
                    .query_async(&mut conn.clone())
                    .await?;
                let millis = |name: &str| {
                    fields
                        .get(name)
                        .and_then(|v| v.parse::<i64>().ok())
                        .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
                };
                let (Some(job), Some(state)) = (
                    fields.get("job"),
                    fields.get("state").and_then(|s| TaskState::parse(s)),
                ) else {
                    return Ok(None);
                };
                Ok(Some(TaskStatus {
                    task_id: task_id.to_owned(),
                    job: job.clone(),
                    state,
                    attempts: fields
                        .get("attempts")
                        .and_then(|a| a.parse().ok())
                        .unwrap_or(0),
                    next_run_at: millis("next_run_at"),
                    last_error: fields.get("last_error").cloned(),
                    updated_at: millis("updated_at").unwrap_or_default(),
                }))
            }
            QueueBackend::Sqlite(pool) => {
                type Row = (String, String, i64, Option<i64>, Option<String>, i64);
                let row: Option<Row> = sqlx::query_as(
                    "SELECT job, state, attempts, next_run_at, last_error, updated_at \
                     FROM MuffleTaskStatus WHERE task_id = ?1",
                )
                .bind(task_id)
                .fetch_optional(pool)
                .await?;
                let Some((job, state, attempts, next_run_at, last_error, updated_at)) = row else {
                    return Ok(None);
                };
                let Some(state) = TaskState::parse(&state) else {
                    return Ok(None);
                };
                let at = |ms: i64| Utc.timestamp_millis_opt(ms).single();
                Ok(Some(TaskStatus {
                    task_id: task_id.to_owned(),
                    job,
                    state,
                    attempts: attempts.max(0) as u32,
                    next_run_at: next_run_at.and_then(at),
                    last_error,
                    updated_at: at(updated_at).unwrap_or_default(),
                }))
            }
        }
    }

    /// Forgets statuses of tasks that ended more than `max_age` ago (the embedded queue; Redis
    /// expires them by itself).
    pub async fn vacuum_statuses(&self, max_age: Duration) -> anyhow::Result<u64> {
        let QueueBackend::Sqlite(pool) = &self.backend else {
            return Ok(0);
        };
        let cutoff = Utc::now().timestamp_millis() - max_age.as_millis() as i64;
        let unfinished_cutoff = Utc::now().timestamp_millis() - KEEP_UNFINISHED.as_millis() as i64;
        let removed = sqlx::query(
            "DELETE FROM MuffleTaskStatus WHERE \
             (state IN ('succeeded', 'failed') AND updated_at < ?1) OR updated_at < ?2",
        )
        .bind(cutoff)
        .bind(unfinished_cutoff)
        .execute(pool)
        .await?
        .rows_affected();
        sqlx::query("DELETE FROM MuffleJobStats WHERE minute < ?1")
            .bind(Utc::now().timestamp() / 60 - 120)
            .execute(pool)
            .await?;
        Ok(removed)
    }
}

/// Creates the embedded queue's status and per-minute count tables.
pub async fn setup_sqlite(pool: &apalis_sqlite::SqlitePool) -> anyhow::Result<()> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS MuffleTaskStatus (\
           task_id TEXT PRIMARY KEY NOT NULL, job TEXT NOT NULL, state TEXT NOT NULL, \
           attempts INTEGER NOT NULL, next_run_at INTEGER, last_error TEXT, \
           updated_at INTEGER NOT NULL)",
    )
    .execute(pool)
    .await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS MuffleJobStats (\
           job TEXT NOT NULL, minute INTEGER NOT NULL, succeeded INTEGER NOT NULL, \
           failed INTEGER NOT NULL, PRIMARY KEY (job, minute))",
    )
    .execute(pool)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_through_their_names() {
        for state in [
            TaskState::Queued,
            TaskState::Scheduled,
            TaskState::Running,
            TaskState::Retrying,
            TaskState::Succeeded,
            TaskState::Failed,
        ] {
            assert_eq!(TaskState::parse(state.as_str()), Some(state));
        }
        assert_eq!(TaskState::parse("done"), None);
    }

    #[test]
    fn an_attempt_ended_once_it_finished_or_a_later_one_exists() {
        let status = |state, attempts| TaskStatus::new("t", "redact_call", state, attempts);
        assert!(status(TaskState::Succeeded, 1).ended(1));
        assert!(status(TaskState::Failed, 3).ended(3));
        assert!(status(TaskState::Retrying, 1).ended(1));
        assert!(status(TaskState::Running, 2).ended(1));
        assert!(!status(TaskState::Running, 1).ended(1));
        assert!(!status(TaskState::Queued, 0).ended(1));
        assert!(!status(TaskState::Succeeded, 1).ended(2));
    }

    #[test]
    fn a_pushed_task_is_queued_or_scheduled_by_its_delay() {
        assert_eq!(
            TaskStatus::pushed("t", "j", Duration::ZERO).state,
            TaskState::Queued
        );
        let later = TaskStatus::pushed("t", "j", Duration::from_secs(60));
        assert_eq!(later.state, TaskState::Scheduled);
        assert!(later.describe().contains("next run"));
    }
}
