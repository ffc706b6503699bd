//! `sweep_retention {schedule_id, fire_at}`: applies a retention schedule's action to the
//! account's interactions older than `fire_at − older_than_days`.
//!
//! The sweep walks each kind keyset-paginated on (time, id) in batches; each batch commits
//! its progress (counts and cursor) to the fire's `sweep_runs` row, so a killed sweep resumes
//! after its last committed batch and a finished one is never run again. Only rows the action
//! has not been applied to are selected, so a later fire skips what earlier ones did.
//!
//! Actions:
//! - `redact` / `redact_all`: `redaction::redact_batch` (Detected / All) as `Actor::Schedule`,
//!   the whole batch and its progress in one transaction; pending = detector version below
//!   the current one / not tagged `erased`. Recording rewrites the batch owes are enqueued
//!   after its commit and kept in the cursor until the next one, so a crash in between is
//!   repaired on resume.
//! - `delete_recordings`: enqueues `delete_recording {call_id}` for calls whose recording is
//!   not deleted yet (other kinds have no recordings).
//! - `delete`: deletes rows (chats with their messages, calls with their media links). A
//!   call's recording is deleted first (`call_recording::delete_call_recording`), since
//!   the row holds the only pointer to the object; if that fails the row stays (counted as
//!   failed) for the next fire. A process without a recording store enqueues
//!   `delete_recording` instead and leaves the row to a later fire.

use chrono::{DateTime, Utc};
use entity::{retention_schedules, sweep_runs};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use serde::{Deserialize, Serialize};

use crate::interaction::Kind;
#[allow(unused_imports)]
use crate::retention::{plan::*, progress::*, vocabulary::*};
use crate::{
    call_recording::delete_call_recording,
    delete_recording::DeleteRecording,
    job::{Job, JobContext, JobError, QueueClass},
    redaction::{self, Actor, Mode},
};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepRetention {
    pub schedule_id: i64,
    /// The scheduled fire time (UTC); with the schedule id it names the sweep.
    pub fire_at: DateTime<Utc>,
}

impl Job for SweepRetention {
    const NAME: &'static str = "sweep_retention";
    const QUEUE: QueueClass = QueueClass::Sweep;

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let _running = crate::metrics::SweepRunning::start();
        sweep(&ctx, self.schedule_id, self.fire_at, Limits::default()).await?;
        Ok(())
    }
}

/// How a sweep is cut into batches.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub batch_size: u64,
    /// Stop (leaving the run resumable) after this many batches; tests simulate a kill.
    pub max_batches: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            batch_size: 500,
            max_batches: None,
        }
    }
}

/// Runs (or resumes) the sweep of one fire. Returns its `sweep_runs` row, or None when the
/// schedule is disabled.
pub async fn sweep(
    ctx: &JobContext,
    schedule_id: i64,
    fire_at: DateTime<Utc>,
    limits: Limits,
) -> Result<Option<sweep_runs::Model>, JobError> {
    let db = &ctx.db;
    let schedule = retention_schedules::Entity::find_by_id(schedule_id)
        .one(db)
        .await?
        .ok_or_else(|| {
            JobError::permanent(format!("retention schedule {schedule_id} not found"))
        })?;
    if !schedule.enabled {
        tracing::info!(schedule_id, "schedule disabled: not sweeping");
        return Ok(None);
    }
    let plan = Plan::of(db, &schedule, fire_at).await?;
    let mut run = start_run(db, &plan, fire_at).await?;
    if run.status == FINISHED {
        tracing::info!(schedule_id, %fire_at, "sweep already finished");
        return Ok(Some(run));
    }
    let mut cursor = run
        .cursor
        .as_ref()
        .and_then(|c| serde_json::from_value::<Cursor>(c.clone()).ok());
    resume_owed_rewrites(ctx, cursor.as_ref()).await?;
    let mut batches = 0;
    for &kind in &plan.kinds {
        // Kinds before the cursor's are done.
        let mut after = match &cursor {
            Some(c) if c.kind == kind => Some((c.time, c.id)),
            Some(c) if c.kind > kind => continue,
            _ => None,
        };
        loop {
            if limits.max_batches.is_some_and(|max| batches >= max) {
                return Ok(Some(run));
            }
            let batch = next_batch(db, &plan, kind, after, limits.batch_size).await?;
            let Some(last) = batch.last() else { break };
            let next = Cursor {
                kind,
                time: last.at,
                id: last.id,
                rewrites: Vec::new(),
            };
            let Some(updated) = apply(ctx, &plan, kind, &batch, &run, &next).await? else {
                tracing::info!(schedule_id, %fire_at, "another worker is running this sweep");
                return Ok(Some(run));
            };
            count_sweep_rows(&plan, &run, &updated);
            run = updated;
            after = Some((next.time, next.id));
            cursor = Some(next);
            batches += 1;
        }
    }
    let run = finish(db, run).await?;
    tracing::info!(
        schedule_id,
        %fire_at,
        scanned = run.scanned,
        changed = run.changed,
        failed = run.failed,
        "sweep finished"
    );
    Ok(Some(run))
}

/// Adds a committed batch's rows to `muffle_sweep_rows_total`.
fn count_sweep_rows(plan: &Plan, before: &sweep_runs::Model, after: &sweep_runs::Model) {
    let action = plan.action.as_str();
    let grown = |after: i64, before: i64| u64::try_from(after - before).unwrap_or(0);
    let changed = grown(after.changed, before.changed);
    let failed = grown(after.failed, before.failed);
    let scanned = grown(after.scanned, before.scanned);
    crate::metrics::sweep_rows(action, "changed", changed);
    crate::metrics::sweep_rows(action, "failed", failed);
    crate::metrics::sweep_rows(
        action,
        "unchanged",
        scanned.saturating_sub(changed + failed),
    );
}

/// Applies the action to a batch and commits its progress; None when another worker moved
/// the run on first (the batch's deletes and redactions are rolled back with it).
async fn apply(
    ctx: &JobContext,
    plan: &Plan,
    kind: Kind,
    batch: &[Item],
    run: &sweep_runs::Model,
    next: &Cursor,
) -> Result<Option<sweep_runs::Model>, JobError> {
    let mut tally = Tally::default();
    match plan.action {
        Action::Redact | Action::RedactAll => redact_rows(ctx, plan, kind, batch, run, next).await,
        Action::DeleteRecordings => {
            for item in batch {
                match delete_recording(ctx, plan, item.id).await {
                    true => tally.changed += 1,
                    false => tally.failed += 1,
                }
            }
            commit(&ctx.db, run, batch.len(), &tally, next).await
        }
        Action::Delete => {
            let store = ctx.settings.recordings.clone();
            let mut doomed = Vec::with_capacity(batch.len());
            for item in batch {
                if item.recording == 0 {
                    doomed.push(item.id);
                    continue;
                }
                match &store {
                    // The object goes first: the row holds the only pointer to it.
                    Some(store) => match delete_call_recording(&ctx.db, store, item.id).await {
                        Ok(_) => doomed.push(item.id),
                        Err(error) => {
                            tally.failed += 1;
                            tracing::warn!(schedule_id = plan.schedule_id, call_id = item.id, %error, "cannot delete recording");
                        }
                    },
                    // No store in this process: the job deletes it and a later fire the row.
                    None => {
                        if !delete_recording(ctx, plan, item.id).await {
                            tally.failed += 1;
                        }
                    }
                }
            }
            delete_rows(ctx, plan, kind, run, batch.len(), tally, next, &doomed).await
        }
    }
}

/// Redacts a batch in one transaction with its progress, then enqueues the recording
/// rewrites it owes. The owed rewrites are stored in the cursor by the same commit, so a crash
/// before they are enqueued is repaired when the sweep resumes ([`resume_owed_rewrites`]).
async fn redact_rows(
    ctx: &JobContext,
    plan: &Plan,
    kind: Kind,
    batch: &[Item],
    run: &sweep_runs::Model,
    next: &Cursor,
) -> Result<Option<sweep_runs::Model>, JobError> {
    let mode = if plan.action == Action::Redact {
        Mode::Detected
    } else {
        Mode::All
    };
    let txn = ctx.db.begin().await?;
    // Progress first: its row lock serializes two workers on one sweep, and the loser stops
    // before it locks any interaction.
    if commit(&txn, run, batch.len(), &Tally::default(), next)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let ids: Vec<i64> = batch.iter().map(|item| item.id).collect();
    let done = redaction::redact_batch(&txn, ctx, kind, &ids, Actor::Schedule, mode).await?;
    let mut tally = Tally::default();
    for (id, result) in &done.results {
        match result {
            Ok(outcome) => tally.changed += i64::from(outcome.changed),
            Err(error) => {
                tally.failed += 1;
                tracing::warn!(schedule_id = plan.schedule_id, %kind, id, %error, "sweep item failed");
            }
        }
    }
    let next = Cursor {
        rewrites: done.rewrites.clone(),
        ..next.clone()
    };
    let progressed = sweep_runs::Model {
        scanned: run.scanned + batch.len() as i64,
        ..run.clone()
    };
    let updated = commit(&txn, &progressed, 0, &tally, &next)
        .await?
        .ok_or_else(|| JobError::transient("sweep progress changed under its own lock"))?;
    txn.commit().await?;
    done.count_redactions(kind);
    redaction::enqueue_rewrites(ctx, &done.rewrites).await?;
    Ok(Some(updated))
}

/// Enqueues the rewrites the last committed batch owes (idempotent: a rewrite that already
/// happened finds nothing to do).
async fn resume_owed_rewrites(ctx: &JobContext, cursor: Option<&Cursor>) -> Result<(), JobError> {
    match cursor {
        Some(cursor) if !cursor.rewrites.is_empty() => {
            redaction::enqueue_rewrites(ctx, &cursor.rewrites).await
        }
        _ => Ok(()),
    }
}

/// Enqueues the recording's deletion; false (logged) when the queue refused.
async fn delete_recording(ctx: &JobContext, plan: &Plan, call_id: i64) -> bool {
    match ctx.enqueue(&DeleteRecording { call_id }).await {
        Ok(()) => true,
        Err(error) => {
            tracing::warn!(schedule_id = plan.schedule_id, call_id, error = %error, "cannot enqueue delete_recording");
            false
        }
    }
}

/// Deletes a batch's rows and records the progress in one transaction. The progress row is
/// updated first: its lock serializes two workers on the same sweep, and the loser's
/// compare-and-set fails before it touches any interaction.
#[allow(clippy::too_many_arguments)]
async fn delete_rows(
    ctx: &JobContext,
    plan: &Plan,
    kind: Kind,
    run: &sweep_runs::Model,
    scanned: usize,
    tally: Tally,
    next: &Cursor,
    ids: &[i64],
) -> Result<Option<sweep_runs::Model>, JobError> {
    let txn = ctx.db.begin().await?;
    let Some(mut updated) = commit(&txn, run, scanned, &tally, next).await? else {
        return Ok(None);
    };
    if !ids.is_empty() {
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        match kind {
            // SQLite does not enforce the cascade unless foreign keys are on.
            Kind::Chat => {
                txn.execute_unprepared(&format!(
                    "DELETE FROM chat_messages WHERE chat_id IN ({list})"
                ))
                .await?;
            }
            // Links to a deleted call's recording would only ever 404.
            Kind::Call => {
                txn.execute_unprepared(&format!(
                    "DELETE FROM media_links WHERE call_id IN ({list})"
                ))
                .await?;
            }
            Kind::Text | Kind::Form => {}
        }
        // Re-checks account and age (the ids came from a read outside this transaction), and
        // that a call's recording is gone.
        let sql = format!(
            "DELETE FROM {table} WHERE id IN ({list}) AND account_id = $1 AND {time} < $2{recording}",
            table = kind.table(),
            time = kind.time_column(),
            recording = if kind == Kind::Call {
                format!(" AND NOT {RECORDING_LEFT}")
            } else {
                String::new()
            },
        );
        let deleted = txn
            .execute_raw(Statement::from_sql_and_values(
                plan.backend,
                sql,
                [plan.account_id.into(), plan.cutoff.into()],
            ))
            .await?
            .rows_affected() as i64;
        use sweep_runs::Column;
        sweep_runs::Entity::update_many()
            .col_expr(Column::Changed, Expr::col(Column::Changed).add(deleted))
            .filter(Column::Id.eq(run.id))
            .exec(&txn)
            .await?;
        updated.changed += deleted;
    }
    txn.commit().await?;
    Ok(Some(updated))
}

#[cfg(test)]
mod tests;
