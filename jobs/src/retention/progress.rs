//! A sweep's progress in its `sweep_runs` row: created once per fire, advanced batch by
//! batch with a compare-and-set, finished once.

use chrono::{DateTime, SubsecRound, Utc};
use entity::sweep_runs;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use serde::{Deserialize, Serialize};

use super::{
    plan::{Plan, estimate},
    vocabulary::{FINISHED, RUNNING},
};
use crate::interaction::Kind;
use crate::job::JobError;

/// Where a sweep is: the last (time, id) done in `kind`; kinds before it are done.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Cursor {
    pub(crate) kind: Kind,
    pub(crate) time: DateTime<Utc>,
    pub(crate) id: i64,
    /// Calls of the last batch whose recording rewrite is owed (enqueued after the commit).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) rewrites: Vec<i64>,
}

/// Counts of one batch.
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) changed: i64,
    pub(crate) failed: i64,
}

/// Adds a batch's counts and moves the cursor, if the run is still where this worker left
/// it (`scanned` grows with every batch, so it doubles as a version).
pub(crate) async fn commit<C: ConnectionTrait>(
    db: &C,
    run: &sweep_runs::Model,
    scanned: usize,
    tally: &Tally,
    next: &Cursor,
) -> Result<Option<sweep_runs::Model>, JobError> {
    use sweep_runs::Column;
    let cursor = serde_json::to_value(next).expect("a cursor always encodes");
    let scanned = scanned as i64;
    let result = sweep_runs::Entity::update_many()
        .col_expr(Column::Scanned, Expr::col(Column::Scanned).add(scanned))
        .col_expr(
            Column::Changed,
            Expr::col(Column::Changed).add(tally.changed),
        )
        .col_expr(Column::Failed, Expr::col(Column::Failed).add(tally.failed))
        .col_expr(Column::Cursor, Expr::value(cursor.clone()))
        .filter(Column::Id.eq(run.id))
        .filter(Column::Scanned.eq(run.scanned))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Ok(None);
    }
    Ok(Some(sweep_runs::Model {
        scanned: run.scanned + scanned,
        changed: run.changed + tally.changed,
        failed: run.failed + tally.failed,
        cursor: Some(cursor),
        ..run.clone()
    }))
}

/// The fire's run: created (with an estimate of the work) on the first attempt, found on
/// later ones. The unique (schedule_id, fire_at) index makes concurrent first attempts share
/// one row.
pub(crate) async fn start_run(
    db: &DatabaseConnection,
    plan: &Plan,
    fire_at: DateTime<Utc>,
) -> Result<sweep_runs::Model, JobError> {
    if let Some(run) = find_run(db, plan.schedule_id, fire_at).await? {
        return Ok(run);
    }
    let total = estimate(db, plan).await?;
    use sweep_runs::Column;
    sweep_runs::Entity::insert(sweep_runs::ActiveModel {
        schedule_id: Set(plan.schedule_id),
        fire_at: Set(fire_at),
        started_at: Set(Utc::now()),
        status: Set(RUNNING.into()),
        total_estimate: Set(Some(total)),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([Column::ScheduleId, Column::FireAt])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    find_run(db, plan.schedule_id, fire_at)
        .await?
        .ok_or_else(|| {
            JobError::transient(format!(
                "sweep run of schedule {} vanished",
                plan.schedule_id
            ))
        })
}

pub(crate) async fn find_run(
    db: &DatabaseConnection,
    schedule_id: i64,
    fire_at: DateTime<Utc>,
) -> Result<Option<sweep_runs::Model>, JobError> {
    use sweep_runs::Column;
    Ok(sweep_runs::Entity::find()
        .filter(Column::ScheduleId.eq(schedule_id))
        .filter(Column::FireAt.eq(fire_at))
        .one(db)
        .await?)
}

pub(crate) async fn finish(
    db: &DatabaseConnection,
    run: sweep_runs::Model,
) -> Result<sweep_runs::Model, JobError> {
    use sweep_runs::Column;
    // Microseconds, as stored: the returned row equals the stored one.
    let now = Utc::now().trunc_subsecs(6);
    sweep_runs::Entity::update_many()
        .col_expr(Column::Status, Expr::value(FINISHED))
        .col_expr(Column::FinishedAt, Expr::value(now))
        .filter(Column::Id.eq(run.id))
        .exec(db)
        .await?;
    Ok(sweep_runs::Model {
        status: FINISHED.into(),
        finished_at: Some(now),
        ..run
    })
}
