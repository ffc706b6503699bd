//! What the console reads and changes. SQL is written for both Postgres and the embedded
//! SQLite database.

use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::{failed_jobs, retention_schedules, sweep_runs};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Statement,
};

use crate::queue::Queues;

pub async fn log(
    db: &DatabaseConnection,
    role: &str,
    action: &str,
    target: Option<&str>,
    client_hash: Option<&str>,
) -> anyhow::Result<()> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO admin_actions (at, role, action, target, client_hash) VALUES ($1, $2, $3, $4, $5)",
        [
            Utc::now().into(),
            role.into(),
            action.into(),
            target.map(str::to_owned).into(),
            client_hash.map(str::to_owned).into(),
        ],
    ))
    .await?;
    Ok(())
}

#[derive(FromQueryResult)]
struct Count {
    count: i64,
}

pub async fn recent_failed_logins(
    db: &DatabaseConnection,
    client_hash: &str,
    minutes: i64,
) -> anyhow::Result<u64> {
    let since = Utc::now() - chrono::Duration::minutes(minutes);
    let row = Count::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT COUNT(*) AS count FROM admin_actions \
         WHERE client_hash = $1 AND action = 'login_failed' AND at > $2",
        [client_hash.into(), since.into()],
    ))
    .one(db)
    .await?;
    Ok(row.map_or(0, |r| r.count.max(0) as u64))
}

#[derive(Debug, Clone)]
pub struct QueueRow {
    pub job: &'static str,
    pub queue: String,
    pub pending: u64,
    pub scheduled: u64,
    pub in_flight: u64,
    pub oldest_age: Duration,
    pub paused: bool,
    /// Attempts that ended in the last hour: succeeded, and failed (retried or kept).
    pub hour_succeeded: u64,
    pub hour_failed: u64,
}

pub async fn queues(db: &DatabaseConnection, queues: &Queues) -> anyhow::Result<Vec<QueueRow>> {
    let names = jobs::registry::names();
    let depths = queues.depths(&names).await?;
    let hour = queues.last_hour(&names).await?;
    let paused = crate::pauses::paused_jobs(db).await?;
    Ok(depths
        .into_iter()
        .zip(hour)
        .map(|(depth, (succeeded, failed))| QueueRow {
            job: depth.job,
            queue: queues.queue_name(depth.job),
            pending: depth.pending,
            scheduled: depth.scheduled,
            in_flight: depth.in_flight,
            oldest_age: depth.oldest_age,
            paused: paused.iter().any(|p| p == depth.job),
            hour_succeeded: succeeded,
            hour_failed: failed,
        })
        .collect())
}

pub async fn pause(db: &DatabaseConnection, job: &str) -> anyhow::Result<()> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO queue_pauses (job, paused_at) VALUES ($1, $2) ON CONFLICT (job) DO NOTHING",
        [job.into(), Utc::now().into()],
    ))
    .await?;
    Ok(())
}

pub async fn resume(db: &DatabaseConnection, job: &str) -> anyhow::Result<()> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "DELETE FROM queue_pauses WHERE job = $1",
        [job.into()],
    ))
    .await?;
    Ok(())
}

/// Failed jobs not retried yet, newest first, optionally of one job.
pub async fn failed(
    db: &DatabaseConnection,
    job: Option<&str>,
) -> anyhow::Result<Vec<failed_jobs::Model>> {
    let mut query = failed_jobs::Entity::find()
        .filter(failed_jobs::Column::RetriedAt.is_null())
        .order_by_desc(failed_jobs::Column::Id)
        .limit(500);
    if let Some(job) = job {
        query = query.filter(failed_jobs::Column::JobName.eq(job));
    }
    Ok(query.all(db).await?)
}

fn matching(id: Option<i64>, job: Option<&str>) -> sea_orm::Select<failed_jobs::Entity> {
    let mut query = failed_jobs::Entity::find().filter(failed_jobs::Column::RetriedAt.is_null());
    if let Some(id) = id {
        query = query.filter(failed_jobs::Column::Id.eq(id));
    }
    if let Some(job) = job {
        query = query.filter(failed_jobs::Column::JobName.eq(job));
    }
    query
}

/// Enqueues the matching failed jobs again (those whose payload was kept); returns how many.
pub async fn retry_failed(
    db: &DatabaseConnection,
    queues: &Queues,
    id: Option<i64>,
    job: Option<&str>,
) -> anyhow::Result<u64> {
    let mut retried = 0;
    for row in matching(id, job).all(db).await? {
        if crate::failed::requeue(db, queues, row).await?.is_some() {
            retried += 1;
        }
    }
    Ok(retried)
}

/// Deletes the matching failed jobs; returns how many.
pub async fn discard_failed(
    db: &DatabaseConnection,
    id: Option<i64>,
    job: Option<&str>,
) -> anyhow::Result<u64> {
    let mut delete =
        failed_jobs::Entity::delete_many().filter(failed_jobs::Column::RetriedAt.is_null());
    if let Some(id) = id {
        delete = delete.filter(failed_jobs::Column::Id.eq(id));
    }
    if let Some(job) = job {
        delete = delete.filter(failed_jobs::Column::JobName.eq(job));
    }
    Ok(delete.exec(db).await?.rows_affected)
}

pub struct ScheduleRow {
    pub schedule: retention_schedules::Model,
    /// The next three fires (RFC 3339 in the schedule's zone), or why there are none.
    pub next: Result<Vec<String>, String>,
}

pub async fn schedules(
    db: &DatabaseConnection,
) -> anyhow::Result<(Vec<ScheduleRow>, Vec<sweep_runs::Model>)> {
    let mut rows = Vec::new();
    for schedule in retention_schedules::Entity::find()
        .order_by_asc(retention_schedules::Column::Id)
        .limit(500)
        .all(db)
        .await?
    {
        let next = jobs::retention::admin::next_fires(db, schedule.id, 3, None)
            .await
            .map_err(|e| e.to_string());
        rows.push(ScheduleRow { schedule, next });
    }
    let sweeps = sweep_runs::Entity::find()
        .order_by_desc(sweep_runs::Column::Id)
        .limit(20)
        .all(db)
        .await?;
    Ok((rows, sweeps))
}

#[derive(Debug, FromQueryResult)]
pub struct DayCount {
    pub day: String,
    pub label: String,
    pub count: i64,
}

pub struct Activity {
    /// (day, entity type, items redacted)
    pub redactions: Vec<DayCount>,
    /// (day, `recording`, calls whose recording was rewritten)
    pub rewrites: Vec<DayCount>,
    /// (day, outcome, requests)
    pub media: Vec<DayCount>,
}

/// The last `days` days of activity, per day (UTC).
pub async fn activity(db: &DatabaseConnection, days: i64) -> anyhow::Result<Activity> {
    let backend = db.get_database_backend();
    let day = |column: &str| match backend {
        DatabaseBackend::Postgres => format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
        _ => format!("substr({column}, 1, 10)"),
    };
    let since = Utc::now() - chrono::Duration::days(days);
    let query = |sql: String| {
        DayCount::find_by_statement(Statement::from_sql_and_values(backend, sql, [since.into()]))
            .all(db)
    };
    let redactions = query(format!(
        "SELECT {d} AS day, entity_type AS label, CAST(SUM(count) AS BIGINT) AS count \
         FROM redaction_events WHERE created_at > $1 GROUP BY 1, 2 ORDER BY 1 DESC, 2",
        d = day("created_at")
    ))
    .await?;
    let rewrites = query(format!(
        "SELECT {d} AS day, 'recordings' AS label, COUNT(*) AS count \
         FROM calls WHERE recording_redacted_at > $1 GROUP BY 1, 2 ORDER BY 1 DESC",
        d = day("recording_redacted_at")
    ))
    .await?;
    let media = query(format!(
        "SELECT {d} AS day, outcome AS label, COUNT(*) AS count \
         FROM media_link_accesses WHERE at > $1 GROUP BY 1, 2 ORDER BY 1 DESC, 2",
        d = day("at")
    ))
    .await?;
    Ok(Activity {
        redactions,
        rewrites,
        media,
    })
}

#[derive(Debug, FromQueryResult)]
pub struct ActionRow {
    pub at: DateTime<Utc>,
    pub role: String,
    pub action: String,
    pub target: Option<String>,
}

pub async fn action_log(db: &DatabaseConnection, limit: u64) -> anyhow::Result<Vec<ActionRow>> {
    Ok(ActionRow::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT at, role, action, target FROM admin_actions ORDER BY id DESC LIMIT $1",
        [(limit as i64).into()],
    ))
    .all(db)
    .await?)
}
