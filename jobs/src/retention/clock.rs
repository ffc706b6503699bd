//! The clock (`muffle clock`): every second, enqueue `sweep_retention` for each retention
//! schedule fire that is due, exactly once however many clocks run.
//!
//! Exactly once: a fire is claimed by inserting (schedule_id, fire_at) into `clock_fires`,
//! whose primary key lets one clock win; only the winner enqueues. The claim is written
//! before the enqueue and marked `enqueued_at` after it, so a clock that dies (or a queue
//! that fails) in between leaves an unenqueued claim that a later tick re-enqueues. A
//! duplicate enqueue is harmless: the sweep dedups on its `sweep_runs` row.
//!
//! Schedules are reloaded every tick, so edits apply within a second. Each schedule resumes
//! from its latest claim (or its creation): after downtime, only the latest missed fire runs.

use std::{
    collections::HashSet,
    future::Future,
    sync::{Arc, Mutex},
    time::Duration as StdDuration,
};

use chrono::{DateTime, Duration, Utc};
use entity::clock_fires;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter,
    Statement,
    sea_query::{Condition, Expr, OnConflict},
};

use crate::{
    job::{self, QueueHandle},
    retention::plan::check_row,
    schedule::Timetable,
    sweep_retention::SweepRetention,
};

/// How long a claim may stay unenqueued before another tick retries it: far longer than an
/// enqueue takes, so a clock never re-enqueues a fire another is enqueuing right now.
const RETRY_AFTER: Duration = Duration::seconds(30);
/// Claims older than this are pruned (each schedule's latest is kept: it is the baseline).
const KEEP_FIRES: Duration = Duration::days(7);
const PRUNE_EVERY: Duration = Duration::hours(1);

/// Runs the clock until `shutdown` resolves (finishing the tick in progress).
pub async fn run_clock(
    db: DatabaseConnection,
    queue: Arc<dyn QueueHandle>,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    tracing::info!("clock started");
    let mut last_prune: Option<DateTime<Utc>> = None;
    loop {
        let now = Utc::now();
        match tick(&db, queue.as_ref(), now).await {
            Ok(enqueued) => {
                crate::metrics::clock_ticked(now);
                if enqueued > 0 {
                    tracing::debug!(enqueued, "clock tick");
                }
            }
            Err(error) => tracing::error!(error = %format!("{error:#}"), "clock tick failed"),
        }
        if last_prune.is_none_or(|at| now - at >= PRUNE_EVERY) {
            last_prune = Some(now);
            if let Err(error) = prune_fires(&db, now - KEEP_FIRES).await {
                tracing::warn!(error = %format!("{error:#}"), "cannot prune clock fires");
            }
        }
        // Wake just after the next whole second: fires are whole seconds.
        let to_next = 1000 - u64::from(Utc::now().timestamp_subsec_millis()).min(999);
        tokio::select! {
            () = &mut shutdown => break,
            () = tokio::time::sleep(StdDuration::from_millis(to_next + 5)) => {}
        }
    }
    tracing::info!("clock stopped");
}

/// One pass: re-enqueues stale unenqueued claims, then claims and enqueues every schedule's
/// latest due fire. Returns how many sweeps this call enqueued.
pub async fn tick(
    db: &DatabaseConnection,
    queue: &dyn QueueHandle,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let mut enqueued = retry_unenqueued(db, queue, now).await?;
    for schedule in enabled_schedules(db).await? {
        let zone = schedule
            .timezone
            .as_deref()
            .or(schedule.account_timezone.as_deref())
            .unwrap_or("UTC");
        let timetable = match Timetable::new(&schedule.cron, zone) {
            Ok(timetable) => timetable,
            Err(error) => {
                report_bad_schedule(schedule.id, &error.to_string());
                continue;
            }
        };
        // A row the platform wrote that every fire would fail on is never fired.
        let older_than_days = schedule.older_than_days.into();
        if let Err(reason) = check_row(&schedule.action, &schedule.kinds, older_than_days) {
            report_bad_schedule(schedule.id, &reason);
            continue;
        }
        let baseline = schedule
            .last_fire
            .map_or(schedule.created_at, |last| last.max(schedule.created_at));
        let Some(fire_at) = timetable.latest_due(baseline, now) else {
            continue;
        };
        if !claim(db, schedule.id, fire_at, now).await? {
            continue; // another clock has it
        }
        if enqueue(db, queue, schedule.id, fire_at).await? {
            enqueued += 1;
        }
    }
    Ok(enqueued)
}

/// Deletes enqueued claims that fired before `before`, keeping each schedule's latest.
pub async fn prune_fires(db: &DatabaseConnection, before: DateTime<Utc>) -> anyhow::Result<u64> {
    let sql = "DELETE FROM clock_fires WHERE enqueued_at IS NOT NULL AND fire_at < $1 \
               AND fire_at < (SELECT MAX(f.fire_at) FROM clock_fires f \
                              WHERE f.schedule_id = clock_fires.schedule_id)";
    let result = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [before.into()],
        ))
        .await?;
    Ok(result.rows_affected())
}

#[derive(Debug, FromQueryResult)]
struct ScheduleRow {
    id: i64,
    cron: String,
    timezone: Option<String>,
    account_timezone: Option<String>,
    action: String,
    kinds: serde_json::Value,
    older_than_days: i32,
    created_at: DateTime<Utc>,
    last_fire: Option<DateTime<Utc>>,
}

async fn enabled_schedules(db: &DatabaseConnection) -> anyhow::Result<Vec<ScheduleRow>> {
    let sql = "SELECT s.id, s.cron, s.timezone, a.timezone AS account_timezone, s.action, \
               s.kinds, s.older_than_days, s.created_at, \
               (SELECT MAX(f.fire_at) FROM clock_fires f WHERE f.schedule_id = s.id) AS last_fire \
               FROM retention_schedules s LEFT JOIN accounts a ON a.id = s.account_id \
               WHERE s.enabled ORDER BY s.id";
    let statement = Statement::from_string(db.get_database_backend(), sql);
    Ok(ScheduleRow::find_by_statement(statement).all(db).await?)
}

/// Logs a schedule the clock cannot evaluate, once per process and problem (a bad row would
/// otherwise log every second).
fn report_bad_schedule(id: i64, reason: &str) {
    static REPORTED: Mutex<Option<HashSet<(i64, String)>>> = Mutex::new(None);
    let mut reported = REPORTED.lock().unwrap_or_else(|e| e.into_inner());
    if reported
        .get_or_insert_with(HashSet::new)
        .insert((id, reason.to_owned()))
    {
        tracing::error!(
            schedule_id = id,
            error = reason,
            "skipping retention schedule"
        );
    }
}

/// Claims a fire; true if this clock won it.
pub(crate) async fn claim(
    db: &DatabaseConnection,
    schedule_id: i64,
    fire_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    use clock_fires::Column;
    let inserted = clock_fires::Entity::insert(clock_fires::ActiveModel {
        schedule_id: Set(schedule_id),
        fire_at: Set(fire_at),
        created_at: Set(now),
        enqueued_at: Set(None),
        attempted_at: Set(Some(now)),
    })
    .on_conflict(
        OnConflict::columns([Column::ScheduleId, Column::FireAt])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted == 1)
}

/// Enqueues a claimed fire's sweep (or maintenance job) and marks the claim; false (logged,
/// retried by a later tick) when the queue refused.
pub(crate) async fn enqueue(
    db: &DatabaseConnection,
    queue: &dyn QueueHandle,
    schedule_id: i64,
    fire_at: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let enqueued = match super::maintenance::task(schedule_id) {
        Some(task) => (task.enqueue)(queue).await,
        None => {
            let sweep = SweepRetention {
                schedule_id,
                fire_at,
            };
            job::enqueue(queue, &sweep).await
        }
    };
    if let Err(error) = enqueued {
        tracing::warn!(schedule_id, %fire_at, %error, "cannot enqueue clock fire; will retry");
        return Ok(false);
    }
    use clock_fires::Column;
    clock_fires::Entity::update_many()
        .col_expr(Column::EnqueuedAt, Expr::value(Utc::now()))
        .filter(Column::ScheduleId.eq(schedule_id))
        .filter(Column::FireAt.eq(fire_at))
        .exec(db)
        .await?;
    tracing::info!(schedule_id, %fire_at, "clock fire enqueued");
    Ok(true)
}

/// Re-enqueues claims left unenqueued for a while. Each is leased first (a conditional update
/// of `attempted_at`) so that of several clocks only one retries it.
async fn retry_unenqueued(
    db: &DatabaseConnection,
    queue: &dyn QueueHandle,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    use clock_fires::Column;
    let stale = || {
        Condition::all().add(Column::EnqueuedAt.is_null()).add(
            Condition::any()
                .add(Column::AttemptedAt.is_null())
                .add(Column::AttemptedAt.lt(now - RETRY_AFTER)),
        )
    };
    let claims = clock_fires::Entity::find().filter(stale()).all(db).await?;
    let mut enqueued = 0;
    for fire in claims {
        let leased = clock_fires::Entity::update_many()
            .col_expr(Column::AttemptedAt, Expr::value(now))
            .filter(Column::ScheduleId.eq(fire.schedule_id))
            .filter(Column::FireAt.eq(fire.fire_at))
            .filter(stale())
            .exec(db)
            .await?;
        if leased.rows_affected == 1 && enqueue(db, queue, fire.schedule_id, fire.fire_at).await? {
            enqueued += 1;
        }
    }
    Ok(enqueued)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use sea_orm::{ActiveModelTrait, PaginatorTrait};
    use serde_json::{Value, json};

    use super::*;
    use crate::{
        job::BoxFuture,
        testing::{RecordingQueue, test_db},
    };

    pub(crate) async fn account(db: &DatabaseConnection, timezone: &str) -> i64 {
        entity::accounts::ActiveModel {
            name: Set("Acme Plumbing".into()),
            timezone: Set(timezone.into()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    pub(crate) async fn schedule(
        db: &DatabaseConnection,
        account_id: i64,
        cron: &str,
        timezone: Option<&str>,
        created_at: DateTime<Utc>,
    ) -> i64 {
        entity::retention_schedules::ActiveModel {
            account_id: Set(account_id),
            cron: Set(cron.into()),
            timezone: Set(timezone.map(Into::into)),
            kinds: Set(json!(["texts"])),
            older_than_days: Set(30),
            action: Set("delete".into()),
            enabled: Set(true),
            created_at: Set(created_at),
            updated_at: Set(created_at),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    fn fires(queue: &RecordingQueue) -> Vec<(i64, DateTime<Utc>)> {
        queue
            .jobs()
            .into_iter()
            .map(|(name, payload)| {
                assert_eq!(name, "sweep_retention");
                let job: SweepRetention = serde_json::from_value(payload).unwrap();
                (job.schedule_id, job.fire_at)
            })
            .collect()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn three_clocks_enqueue_each_fire_exactly_once() {
        let db = test_db().await;
        let account = account(&db, "America/New_York").await;
        let id = schedule(&db, account, "* * * * * *", None, Utc::now()).await;
        let queue = Arc::new(RecordingQueue::default());
        let started = Utc::now();
        let clocks: Vec<_> = (0..3)
            .map(|_| {
                let (db, queue) = (db.clone(), queue.clone() as Arc<dyn QueueHandle>);
                tokio::spawn(run_clock(
                    db,
                    queue,
                    tokio::time::sleep(StdDuration::from_secs(6)),
                ))
            })
            .collect();
        for clock in clocks {
            clock.await.unwrap();
        }
        let fires = fires(&queue);
        let distinct: BTreeSet<_> = fires.iter().collect();
        assert_eq!(
            distinct.len(),
            fires.len(),
            "a fire was enqueued twice: {fires:?}"
        );
        assert!(fires.len() >= 4, "only {} fires in 6 s", fires.len());
        assert!(distinct.iter().all(|(s, _)| *s == id));
        assert!(
            fires[0].1.timestamp() <= started.timestamp() + 2,
            "{fires:?}"
        );
        let claims = clock_fires::Entity::find().count(&db).await.unwrap();
        assert_eq!(claims as usize, fires.len());
    }

    #[tokio::test]
    async fn missed_fires_after_downtime_run_once() {
        let db = test_db().await;
        let account = account(&db, "UTC").await;
        let now = at("2025-06-01T12:00:00.300Z");
        let every_second =
            schedule(&db, account, "* * * * * *", None, now - Duration::hours(2)).await;
        let daily = schedule(
            &db,
            account,
            "0 0 3 * * *",
            Some("America/New_York"),
            now - Duration::days(10),
        )
        .await;
        let queue = RecordingQueue::default();

        assert_eq!(tick(&db, &queue, now).await.unwrap(), 2);
        let mut got = fires(&queue);
        got.sort();
        assert_eq!(
            got,
            [
                (every_second, at("2025-06-01T12:00:00Z")),
                (daily, at("2025-06-01T07:00:00Z"))
            ]
        );
        // Same instant again, or a later one within the same second: nothing new.
        assert_eq!(
            tick(&db, &queue, now + Duration::milliseconds(500))
                .await
                .unwrap(),
            0
        );
        // Down for 10 minutes: one more per-second fire, the latest; the daily one is not due.
        assert_eq!(
            tick(&db, &queue, now + Duration::minutes(10))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            fires(&queue).last().unwrap(),
            &(every_second, at("2025-06-01T12:10:00Z"))
        );
        // Down for 3 days: the daily schedule fires once, for the latest missed 03:00.
        let later = at("2025-06-04T12:00:00Z");
        assert_eq!(tick(&db, &queue, later).await.unwrap(), 2);
        assert!(fires(&queue).contains(&(daily, at("2025-06-04T07:00:00Z"))));
        assert_eq!(queue.jobs().len(), 5);
    }

    #[tokio::test]
    async fn bad_rows_are_skipped_and_good_ones_still_fire() {
        let db = test_db().await;
        let account = account(&db, "Not/AZone").await;
        let now = at("2025-06-01T12:00:00Z");
        let created = now - Duration::hours(1);
        schedule(&db, account, "every day at noon", Some("UTC"), created).await;
        schedule(&db, account, "0 0 * * * *", Some("Mars/Olympus"), created).await;
        // No zone of its own and the account's is invalid.
        schedule(&db, account, "0 0 * * * *", None, created).await;
        let good = schedule(&db, account, "0 0 * * * *", Some("Europe/London"), created).await;
        let queue = RecordingQueue::default();
        assert_eq!(tick(&db, &queue, now).await.unwrap(), 1);
        assert_eq!(fires(&queue), [(good, now)]);
    }

    #[tokio::test]
    async fn rows_every_fire_would_fail_on_are_never_fired() {
        let db = test_db().await;
        let account = account(&db, "UTC").await;
        let now = at("2025-06-01T12:00:00Z");
        let created = now - Duration::hours(1);
        let mut bad = Vec::new();
        for (column, value) in [
            ("older_than_days", json!(2_000_000_000)),
            ("older_than_days", json!(-3)),
            ("action", json!("shred")),
            ("kinds", json!(["faxes"])),
        ] {
            let id = schedule(&db, account, "0 0 * * * *", None, created).await;
            let mut row: entity::retention_schedules::ActiveModel =
                entity::retention_schedules::Entity::find_by_id(id)
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap()
                    .into();
            match column {
                "older_than_days" => row.older_than_days = Set(value.as_i64().unwrap() as i32),
                "action" => row.action = Set(value.as_str().unwrap().into()),
                _ => row.kinds = Set(value),
            }
            row.update(&db).await.unwrap();
            bad.push(id);
        }
        let good = schedule(&db, account, "0 0 * * * *", None, created).await;
        let queue = RecordingQueue::default();
        assert_eq!(tick(&db, &queue, now).await.unwrap(), 1);
        assert_eq!(fires(&queue), [(good, now)]);
    }

    #[tokio::test]
    async fn disabled_schedules_do_not_fire_and_changes_apply_on_the_next_tick() {
        let db = test_db().await;
        let account = account(&db, "UTC").await;
        let now = at("2025-06-01T12:00:00Z");
        let id = schedule(&db, account, "0 0 0 * * *", None, now - Duration::hours(1)).await;
        let queue = RecordingQueue::default();
        assert_eq!(tick(&db, &queue, now).await.unwrap(), 0);
        let mut row: entity::retention_schedules::ActiveModel =
            entity::retention_schedules::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .into();
        row.cron = Set("0 30 * * * *".into());
        let row = row.update(&db).await.unwrap();
        assert_eq!(tick(&db, &queue, now).await.unwrap(), 1);
        let mut row: entity::retention_schedules::ActiveModel = row.into();
        row.enabled = Set(false);
        row.update(&db).await.unwrap();
        assert_eq!(
            tick(&db, &queue, now + Duration::hours(1)).await.unwrap(),
            0
        );
    }

    /// A queue that refuses the first `failures` enqueues.
    struct FlakyQueue {
        failures: Mutex<usize>,
        inner: RecordingQueue,
    }

    impl QueueHandle for FlakyQueue {
        fn enqueue(&self, job: &'static str, payload: Value) -> BoxFuture<'_, anyhow::Result<()>> {
            let mut failures = self.failures.lock().unwrap();
            if *failures > 0 {
                *failures -= 1;
                return Box::pin(async { Err(anyhow::anyhow!("queue unavailable")) });
            }
            self.inner.enqueue(job, payload)
        }

        fn vacuum(&self, max_age: StdDuration) -> BoxFuture<'_, anyhow::Result<u64>> {
            self.inner.vacuum(max_age)
        }
    }

    #[tokio::test]
    async fn a_claim_whose_enqueue_failed_is_enqueued_by_a_later_tick() {
        let db = test_db().await;
        let account = account(&db, "UTC").await;
        let now = at("2025-06-01T12:00:00Z");
        let id = schedule(&db, account, "0 0 12 * * *", None, now - Duration::hours(1)).await;
        let queue = FlakyQueue {
            failures: Mutex::new(1),
            inner: RecordingQueue::default(),
        };
        assert_eq!(tick(&db, &queue, now).await.unwrap(), 0);
        // Claimed (no other clock may take it) but not yet on the queue.
        let claim = clock_fires::Entity::find().one(&db).await.unwrap().unwrap();
        assert_eq!(
            (claim.schedule_id, claim.fire_at, claim.enqueued_at),
            (id, now, None)
        );
        // Not retried while another clock might still be enqueuing it…
        assert_eq!(
            tick(&db, &queue, now + Duration::seconds(5)).await.unwrap(),
            0
        );
        // …then retried once.
        assert_eq!(
            tick(&db, &queue, now + Duration::seconds(40))
                .await
                .unwrap(),
            1
        );
        assert_eq!(fires(&queue.inner), [(id, now)]);
        assert_eq!(
            tick(&db, &queue, now + Duration::seconds(80))
                .await
                .unwrap(),
            0
        );
        let claim = clock_fires::Entity::find().one(&db).await.unwrap().unwrap();
        assert!(claim.enqueued_at.is_some());
    }

    #[tokio::test]
    async fn pruning_keeps_each_schedules_latest_claim() {
        let db = test_db().await;
        let account = account(&db, "UTC").await;
        let now = at("2025-06-01T12:00:00Z");
        let id = schedule(&db, account, "0 0 12 * * *", None, now - Duration::days(30)).await;
        let queue = RecordingQueue::default();
        for day in [20, 10, 0] {
            tick(&db, &queue, now - Duration::days(day)).await.unwrap();
        }
        assert_eq!(prune_fires(&db, now + Duration::days(1)).await.unwrap(), 2);
        let left = clock_fires::Entity::find().all(&db).await.unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!((left[0].schedule_id, left[0].fire_at), (id, now));
    }
}
