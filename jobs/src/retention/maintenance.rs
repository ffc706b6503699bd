//! Built-in maintenance schedules run by `muffle clock` beside the retention schedules:
//! `expire_media_links` every hour on the hour, `vacuum_queues` every hour at half past.
//!
//! Each fire is claimed exactly like a retention fire (a `clock_fires` row, one winner among
//! the clocks, re-enqueued by a later tick if the enqueue failed), under a reserved negative
//! schedule id that no `retention_schedules` row can have.

use std::{future::Future, sync::Arc, time::Duration as StdDuration};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use super::clock;
use crate::{
    expire_media_links::ExpireMediaLinks,
    job::{self, BoxFuture, JobError, QueueHandle},
    schedule::Timetable,
    vacuum_queues::VacuumQueues,
};

/// One built-in schedule.
pub struct Task {
    /// Reserved, negative: `clock_fires.schedule_id` for this task's claims.
    pub schedule_id: i64,
    /// Cron with seconds, in UTC.
    pub cron: &'static str,
    /// Enqueues the task's job (typed, through [`job::enqueue`]).
    pub enqueue: fn(&dyn QueueHandle) -> BoxFuture<'_, Result<(), JobError>>,
}

pub static TASKS: [Task; 2] = [
    Task {
        schedule_id: -1,
        cron: "0 0 * * * *",
        enqueue: |queue| Box::pin(job::enqueue(queue, &ExpireMediaLinks {})),
    },
    Task {
        schedule_id: -2,
        cron: "0 30 * * * *",
        enqueue: |queue| Box::pin(job::enqueue(queue, &VacuumQueues { keep_seconds: None })),
    },
];

/// The task a claim stands for (None: a retention schedule's claim).
pub fn task(schedule_id: i64) -> Option<&'static Task> {
    TASKS.iter().find(|task| task.schedule_id == schedule_id)
}

/// How often the maintenance loop looks for due fires (they are hourly).
const CHECK_EVERY: StdDuration = StdDuration::from_secs(20);
/// After downtime, a fire older than this is skipped: maintenance catches up at the next.
const CATCH_UP: Duration = Duration::hours(1);

/// Runs until `shutdown`: claims and enqueues each task's latest due fire.
pub async fn run(
    db: DatabaseConnection,
    queue: Arc<dyn QueueHandle>,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        if let Err(error) = tick(&db, queue.as_ref(), Utc::now()).await {
            tracing::error!(error = %format!("{error:#}"), "maintenance tick failed");
        }
        tokio::select! {
            () = &mut shutdown => break,
            () = tokio::time::sleep(CHECK_EVERY) => {}
        }
    }
}

/// One pass: for each task, its latest fire in the last hour, claimed and enqueued unless
/// some clock already did. Returns how many this call enqueued.
pub async fn tick(
    db: &DatabaseConnection,
    queue: &dyn QueueHandle,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let mut enqueued = 0;
    for task in &TASKS {
        let timetable = Timetable::new(task.cron, "UTC")?;
        let baseline = last_claim(db, task.schedule_id)
            .await?
            .map_or(now - CATCH_UP, |last| last.max(now - CATCH_UP));
        let Some(fire_at) = timetable.latest_due(baseline, now) else {
            continue;
        };
        if clock::claim(db, task.schedule_id, fire_at, now).await?
            && clock::enqueue(db, queue, task.schedule_id, fire_at).await?
        {
            enqueued += 1;
        }
    }
    Ok(enqueued)
}

async fn last_claim(
    db: &DatabaseConnection,
    schedule_id: i64,
) -> anyhow::Result<Option<DateTime<Utc>>> {
    use entity::clock_fires::Column;
    let last: Option<Option<DateTime<Utc>>> = entity::clock_fires::Entity::find()
        .select_only()
        .column_as(Column::FireAt.max(), "last")
        .filter(Column::ScheduleId.eq(schedule_id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(last.flatten())
}

#[cfg(test)]
mod tests;
