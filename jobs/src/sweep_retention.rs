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
//!   call's recording is deleted first (`delete_recording::delete_call_recording`), since
//!   the row holds the only pointer to the object; if that fails the row stays (counted as
//!   failed) for the next fire. A process without a recording store enqueues
//!   `delete_recording` instead and leaves the row to a later fire.

use std::{fmt, str::FromStr};

use chrono::{DateTime, Duration, SubsecRound, Utc};
use entity::{accounts, retention_schedules, sweep_runs};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, FromQueryResult,
    QueryFilter, Statement, TransactionTrait, Value as DbValue,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::{
    delete_recording::delete_call_recording,
    detect::DETECTOR_VERSION,
    job::{Job, JobContext, JobError},
    redaction::{self, Actor, InteractionKind, Mode},
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

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        sweep(&ctx, self.schedule_id, self.fire_at, Limits::default()).await?;
        Ok(())
    }
}

/// The job that deletes a call's recording (owned by the recordings module).
pub const DELETE_RECORDING: &str = "delete_recording";

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

pub const RUNNING: &str = "running";
pub const FINISHED: &str = "finished";

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

/// What a schedule does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Redact,
    RedactAll,
    DeleteRecordings,
    Delete,
}

impl Action {
    pub const ALL: [Action; 4] = [
        Action::Redact,
        Action::RedactAll,
        Action::DeleteRecordings,
        Action::Delete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Redact => "redact",
            Action::RedactAll => "redact_all",
            Action::DeleteRecordings => "delete_recordings",
            Action::Delete => "delete",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Action {
    type Err = String;

    fn from_str(s: &str) -> Result<Action, String> {
        Action::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| format!("unknown action \"{s}\" (expected redact, redact_all, delete_recordings or delete)"))
    }
}

/// Interaction kinds a schedule covers, in sweep order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Calls,
    Texts,
    Chats,
    Forms,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Calls, Kind::Texts, Kind::Chats, Kind::Forms];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Calls => "calls",
            Kind::Texts => "texts",
            Kind::Chats => "chats",
            Kind::Forms => "forms",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Kind::Calls => "calls",
            Kind::Texts => "texts",
            Kind::Chats => "chats",
            Kind::Forms => "form_submissions",
        }
    }

    /// The column "older than" is measured on (indexed with account_id and id).
    fn time_column(self) -> &'static str {
        match self {
            Kind::Calls | Kind::Chats => "started_at",
            Kind::Texts => "sent_at",
            Kind::Forms => "submitted_at",
        }
    }

    fn interaction(self) -> InteractionKind {
        match self {
            Kind::Calls => InteractionKind::Call,
            Kind::Texts => InteractionKind::Text,
            Kind::Chats => InteractionKind::Chat,
            Kind::Forms => InteractionKind::Form,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown kind \"{s}\" (expected calls, texts, chats or forms)"))
    }
}

/// Reads a schedule's `kinds` column: a JSON array of kind names, deduplicated and sorted.
pub fn kinds_of(value: &serde_json::Value) -> Result<Vec<Kind>, String> {
    let names = value.as_array().ok_or("kinds is not a JSON array")?;
    let mut kinds = names
        .iter()
        .map(|n| {
            n.as_str()
                .ok_or_else(|| "kinds holds a non-string".to_owned())?
                .parse()
        })
        .collect::<Result<Vec<Kind>, String>>()?;
    kinds.sort();
    kinds.dedup();
    Ok(kinds)
}

/// A schedule read and checked for one fire.
struct Plan {
    schedule_id: i64,
    account_id: i64,
    action: Action,
    kinds: Vec<Kind>,
    cutoff: DateTime<Utc>,
    backend: DbBackend,
}

impl Plan {
    async fn of(
        db: &DatabaseConnection,
        schedule: &retention_schedules::Model,
        fire_at: DateTime<Utc>,
    ) -> Result<Plan, JobError> {
        let id = schedule.id;
        let bad = |what: String| JobError::permanent(format!("retention schedule {id}: {what}"));
        let action: Action = schedule.action.parse().map_err(bad)?;
        let mut kinds = kinds_of(&schedule.kinds).map_err(bad)?;
        if schedule.older_than_days < 0 {
            return Err(bad("older_than_days is negative".into()));
        }
        match action {
            Action::DeleteRecordings => kinds.retain(|k| *k == Kind::Calls),
            Action::Redact => {
                // Automatic redaction skips these accounts; scanning them would change nothing.
                let account = accounts::Entity::find_by_id(schedule.account_id)
                    .one(db)
                    .await?;
                if account.is_some_and(|a| !a.secure_transcription) {
                    tracing::info!(
                        schedule_id = id,
                        "secure transcription off: nothing to redact"
                    );
                    kinds.clear();
                }
            }
            Action::RedactAll | Action::Delete => {}
        }
        Ok(Plan {
            schedule_id: id,
            account_id: schedule.account_id,
            action,
            kinds,
            cutoff: fire_at - Duration::days(schedule.older_than_days.into()),
            backend: db.get_database_backend(),
        })
    }

    /// SQL selecting the kind's rows the action has not been applied to yet.
    fn pending(&self) -> String {
        match self.action {
            Action::Redact => {
                format!("(detector_version IS NULL OR detector_version < {DETECTOR_VERSION})")
            }
            Action::RedactAll => match self.backend {
                DbBackend::Postgres => {
                    format!("NOT (tags @> '[\"{}\"]'::jsonb)", redaction::ERASED_TAG)
                }
                _ => format!(
                    "NOT EXISTS (SELECT 1 FROM json_each(tags) WHERE value = '{}')",
                    redaction::ERASED_TAG
                ),
            },
            Action::DeleteRecordings => RECORDING_LEFT.into(),
            Action::Delete => "1 = 1".into(),
        }
    }

    /// `WHERE` clause shared by the batch and estimate queries: $1 account, $2 cutoff.
    fn filter(&self, kind: Kind) -> String {
        format!(
            "account_id = $1 AND {time} < $2 AND {pending}",
            time = kind.time_column(),
            pending = self.pending()
        )
    }
}

/// A call whose recording object may still exist (`delete_recording` clears the key).
const RECORDING_LEFT: &str = "(recording_key IS NOT NULL)";

/// Where a sweep is: the last (time, id) done in `kind`; kinds before it are done.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Cursor {
    kind: Kind,
    time: DateTime<Utc>,
    id: i64,
    /// Calls of the last batch whose recording rewrite is owed (enqueued after the commit).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rewrites: Vec<i64>,
}

#[derive(Debug, FromQueryResult)]
struct Item {
    id: i64,
    at: DateTime<Utc>,
    /// Calls only: the recording still exists.
    recording: i32,
}

async fn next_batch(
    db: &DatabaseConnection,
    plan: &Plan,
    kind: Kind,
    after: Option<(DateTime<Utc>, i64)>,
    limit: u64,
) -> Result<Vec<Item>, JobError> {
    let time = kind.time_column();
    let recording = if kind == Kind::Calls {
        format!("CASE WHEN {RECORDING_LEFT} THEN 1 ELSE 0 END")
    } else {
        "0".into()
    };
    let mut values: Vec<DbValue> = vec![plan.account_id.into(), plan.cutoff.into()];
    let mut keyset = String::new();
    if let Some((at, id)) = after {
        keyset = format!(" AND ({time}, id) > ($3, $4)");
        values.extend([at.into(), id.into()]);
    }
    let sql = format!(
        "SELECT id, {time} AS at, {recording} AS recording FROM {table} \
         WHERE {filter}{keyset} ORDER BY {time}, id LIMIT {limit}",
        table = kind.table(),
        filter = plan.filter(kind),
    );
    let statement = Statement::from_sql_and_values(plan.backend, sql, values);
    Ok(Item::find_by_statement(statement).all(db).await?)
}

/// Counts of one batch.
#[derive(Default)]
struct Tally {
    changed: i64,
    failed: i64,
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
    let done =
        redaction::redact_batch(&txn, ctx, kind.interaction(), &ids, Actor::Schedule, mode).await?;
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
    match ctx
        .queue
        .enqueue(DELETE_RECORDING, json!({ "call_id": call_id }))
        .await
    {
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
            Kind::Chats => {
                txn.execute_unprepared(&format!(
                    "DELETE FROM chat_messages WHERE chat_id IN ({list})"
                ))
                .await?;
            }
            // Links to a deleted call's recording would only ever 404.
            Kind::Calls => {
                txn.execute_unprepared(&format!(
                    "DELETE FROM media_links WHERE call_id IN ({list})"
                ))
                .await?;
            }
            Kind::Texts | Kind::Forms => {}
        }
        // Re-checks account and age (the ids came from a read outside this transaction), and
        // that a call's recording is gone.
        let sql = format!(
            "DELETE FROM {table} WHERE id IN ({list}) AND account_id = $1 AND {time} < $2{recording}",
            table = kind.table(),
            time = kind.time_column(),
            recording = if kind == Kind::Calls {
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

/// Adds a batch's counts and moves the cursor, if the run is still where this worker left
/// it (`scanned` grows with every batch, so it doubles as a version).
async fn commit<C: ConnectionTrait>(
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
async fn start_run(
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

async fn find_run(
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

/// Rows pending at the start, for the progress bar (an index range count per kind).
async fn estimate(db: &DatabaseConnection, plan: &Plan) -> Result<i64, JobError> {
    #[derive(FromQueryResult)]
    struct Count {
        n: i64,
    }
    let mut total = 0;
    for &kind in &plan.kinds {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM {table} WHERE {filter}",
            table = kind.table(),
            filter = plan.filter(kind)
        );
        let statement = Statement::from_sql_and_values(
            plan.backend,
            sql,
            [plan.account_id.into(), plan.cutoff.into()],
        );
        total += Count::find_by_statement(statement)
            .one(db)
            .await?
            .map_or(0, |c| c.n);
    }
    Ok(total)
}

async fn finish(
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

#[cfg(test)]
mod tests {
    use sea_orm::{ActiveModelTrait, PaginatorTrait};

    use super::*;
    use crate::testing::{context, test_db};

    const DAY: i64 = 24 * 3600;

    async fn account(db: &DatabaseConnection) -> i64 {
        accounts::ActiveModel {
            timezone: Set("America/New_York".into()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    async fn schedule(
        db: &DatabaseConnection,
        account_id: i64,
        kinds: &[&str],
        action: &str,
    ) -> i64 {
        retention_schedules::ActiveModel {
            account_id: Set(account_id),
            cron: Set("0 0 3 * * *".into()),
            kinds: Set(json!(kinds)),
            older_than_days: Set(30),
            action: Set(action.into()),
            enabled: Set(true),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    /// `n` texts sent `age_days` days (plus i seconds) before `fire_at`.
    async fn texts(
        db: &DatabaseConnection,
        account_id: i64,
        n: i64,
        fire_at: DateTime<Utc>,
        age_days: i64,
        body: &str,
    ) {
        let sql = "INSERT INTO texts (account_id, sent_at, from_number, body) \
                   SELECT $1, $2 - g * interval '1 second', '+14155550100', $3 \
                   FROM generate_series(1, $4) g";
        let sent = fire_at - Duration::days(age_days);
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            [account_id.into(), sent.into(), body.into(), n.into()],
        ))
        .await
        .unwrap();
    }

    async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
        #[derive(FromQueryResult)]
        struct N {
            n: i64,
        }
        N::find_by_statement(Statement::from_string(DbBackend::Postgres, sql))
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .n
    }

    fn fire() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2025-06-01T07:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn limited(batch_size: u64, max_batches: u64) -> Limits {
        Limits {
            batch_size,
            max_batches: Some(max_batches),
            ..Limits::default()
        }
    }

    #[tokio::test]
    async fn a_killed_delete_sweep_resumes_and_a_rerun_does_nothing() {
        let db = test_db().await;
        let (ctx, _queue) = context(&db);
        let account = account(&db).await;
        let other = self::account(&db).await;
        let id = schedule(&db, account, &["texts"], "delete").await;
        texts(&db, account, 1_234, fire(), 31, "old").await;
        // Exactly at the cutoff is not older than it.
        texts(&db, account, 100, fire(), 29, "young").await;
        texts(&db, account, 1, fire() + Duration::seconds(1), 30, "young").await;
        texts(&db, other, 50, fire(), 365, "other account").await;

        // "Killed" after three batches: progress committed, the rest untouched.
        let run = sweep(&ctx, id, fire(), limited(100, 3))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (run.status.as_str(), run.scanned, run.changed, run.failed),
            (RUNNING, 300, 300, 0)
        );
        assert_eq!(run.total_estimate, Some(1_234));
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM texts WHERE body = 'old'").await,
            934
        );

        let run = sweep(
            &ctx,
            id,
            fire(),
            Limits {
                batch_size: 100,
                ..Limits::default()
            },
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(
            (run.status.as_str(), run.scanned, run.changed, run.failed),
            (FINISHED, 1_234, 1_234, 0)
        );
        assert!(run.finished_at.is_some());
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM texts WHERE body = 'old'").await,
            0
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM texts WHERE body = 'young'").await,
            101
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) AS n FROM texts WHERE body = 'other account'"
            )
            .await,
            50
        );

        // Re-running the fire changes nothing; the next fire only deletes what has aged past
        // its own cutoff since (the text that sat exactly at the first cutoff).
        let again = sweep(&ctx, id, fire(), Limits::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again, run);
        let next = sweep(
            &ctx,
            id,
            fire() + Duration::seconds(DAY / 2),
            Limits::default(),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(
            (next.status.as_str(), next.scanned, next.changed),
            (FINISHED, 1, 1)
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM texts WHERE body = 'young'").await,
            100
        );
        assert_eq!(sweep_runs::Entity::find().count(&db).await.unwrap(), 2);
    }

    #[tokio::test]
    async fn two_workers_on_one_sweep_do_the_work_once() {
        let db = test_db().await;
        let account = account(&db).await;
        let id = schedule(&db, account, &["texts"], "delete").await;
        texts(&db, account, 2_000, fire(), 40, "old").await;
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let (ctx, _) = context(&db);
                tokio::spawn(async move {
                    sweep(
                        &ctx,
                        id,
                        fire(),
                        Limits {
                            batch_size: 50,
                            ..Limits::default()
                        },
                    )
                    .await
                    .unwrap()
                })
            })
            .collect();
        for worker in workers {
            worker.await.unwrap();
        }
        // One of them may have stopped early; finishing is idempotent.
        let (ctx, _) = context(&db);
        let run = sweep(&ctx, id, fire(), Limits::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (run.status.as_str(), run.scanned, run.changed),
            (FINISHED, 2_000, 2_000)
        );
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM texts").await, 0);
    }

    async fn call(
        db: &DatabaseConnection,
        account_id: i64,
        age_days: i64,
        recording: bool,
        deleted: bool,
    ) -> i64 {
        entity::calls::ActiveModel {
            account_id: Set(account_id),
            started_at: Set(fire() - Duration::days(age_days)),
            recording_key: Set(
                (recording && !deleted).then(|| format!("recordings/{}.mp3", uuid::Uuid::new_v4()))
            ),
            recording_deleted_at: Set(deleted.then(Utc::now)),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    fn deletions(queue: &crate::testing::RecordingQueue) -> Vec<i64> {
        let mut ids: Vec<i64> = queue
            .jobs()
            .into_iter()
            .map(|(name, payload)| {
                assert_eq!(name, DELETE_RECORDING);
                payload["call_id"].as_i64().unwrap()
            })
            .collect();
        ids.sort();
        ids
    }

    #[tokio::test]
    async fn delete_recordings_enqueues_a_deletion_per_old_recording() {
        let db = test_db().await;
        let (ctx, queue) = context(&db);
        let account = account(&db).await;
        let id = schedule(&db, account, &["calls", "texts"], "delete_recordings").await;
        let old = call(&db, account, 45, true, false).await;
        let old2 = call(&db, account, 90, true, false).await;
        call(&db, account, 45, true, true).await; // already deleted
        call(&db, account, 45, false, false).await; // never recorded
        call(&db, account, 5, true, false).await; // too young
        texts(&db, account, 10, fire(), 90, "old").await;

        let run = sweep(&ctx, id, fire(), Limits::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (run.status.as_str(), run.scanned, run.changed),
            (FINISHED, 2, 2)
        );
        assert_eq!(deletions(&queue), [old, old2]);
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM calls").await, 5);
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM texts").await, 10);
    }

    #[tokio::test]
    async fn delete_removes_calls_chats_and_forms_but_keeps_calls_until_their_recording_is_gone() {
        let db = test_db().await;
        let (ctx, queue) = context(&db);
        let account = account(&db).await;
        let id = schedule(&db, account, &["calls", "chats", "forms"], "delete").await;
        let recorded = call(&db, account, 45, true, false).await;
        call(&db, account, 45, true, true).await;
        call(&db, account, 45, false, false).await;
        let young = call(&db, account, 3, false, false).await;
        let chat = entity::chats::ActiveModel {
            account_id: Set(account),
            started_at: Set(fire() - Duration::days(60)),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap()
        .id;
        for _ in 0..3 {
            entity::chat_messages::ActiveModel {
                chat_id: Set(chat),
                body: Set("hello".into()),
                ..Default::default()
            }
            .insert(&db)
            .await
            .unwrap();
        }
        entity::form_submissions::ActiveModel {
            account_id: Set(account),
            submitted_at: Set(fire() - Duration::days(31)),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();

        let run = sweep(&ctx, id, fire(), Limits::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (run.status.as_str(), run.scanned, run.changed, run.failed),
            (FINISHED, 5, 4, 0)
        );
        assert_eq!(deletions(&queue), [recorded]);
        let calls: Vec<i64> = entity::calls::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(calls, [recorded, young]);
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM chats").await, 0);
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM chat_messages").await,
            0
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM form_submissions").await,
            0
        );

        // Once the recording is deleted, the next fire deletes the call.
        db.execute_unprepared(&format!(
            "UPDATE calls SET recording_key = NULL, recording_deleted_at = now() WHERE id = {recorded}"
        ))
        .await
        .unwrap();
        let run = sweep(&ctx, id, fire() + Duration::days(1), Limits::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!((run.scanned, run.changed), (1, 1));
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM calls").await, 1);
    }

    #[tokio::test]
    async fn delete_with_a_recording_store_deletes_the_recording_then_the_call() {
        use crate::recordings::{LocalStore, RecordingStore};
        let db = test_db().await;
        let (mut ctx, queue) = context(&db);
        let root =
            std::env::temp_dir().join(format!("muffle-sweep-{}", uuid::Uuid::new_v4().simple()));
        let store = RecordingStore::Local(LocalStore::new(root.clone()).unwrap());
        ctx.settings = std::sync::Arc::new(crate::job::JobSettings {
            recordings: Some(std::sync::Arc::new(store)),
            ..Default::default()
        });
        let account = account(&db).await;
        let id = schedule(&db, account, &["calls"], "delete").await;
        call(&db, account, 45, true, false).await;
        let young = call(&db, account, 2, true, false).await;
        let keys: Vec<String> = entity::calls::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.recording_key.unwrap())
            .collect();
        for key in &keys {
            let path = root.join(key);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, b"ID3 not really an mp3").unwrap();
        }
        let run = sweep(&ctx, id, fire(), Limits::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (run.status.as_str(), run.scanned, run.changed, run.failed),
            (FINISHED, 1, 1, 0)
        );
        assert!(queue.jobs().is_empty());
        assert!(
            !root.join(&keys[0]).exists(),
            "the old call's recording is deleted"
        );
        assert!(
            root.join(&keys[1]).exists(),
            "the young call's recording stays"
        );
        let calls: Vec<i64> = entity::calls::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(calls, [young]);
        std::fs::remove_dir_all(root).ok();
    }

    #[tokio::test]
    async fn disabled_missing_and_malformed_schedules() {
        let db = test_db().await;
        let (ctx, _) = context(&db);
        let account = account(&db).await;
        texts(&db, account, 5, fire(), 90, "old").await;
        let id = schedule(&db, account, &["texts"], "delete").await;
        let mut row: retention_schedules::ActiveModel = retention_schedules::Entity::find_by_id(id)
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .into();
        row.enabled = Set(false);
        row.update(&db).await.unwrap();
        assert_eq!(
            sweep(&ctx, id, fire(), Limits::default()).await.unwrap(),
            None
        );
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM texts").await, 5);

        let error = sweep(&ctx, 424_242, fire(), Limits::default())
            .await
            .unwrap_err();
        assert!(error.is_permanent());
        assert_eq!(error.to_string(), "retention schedule 424242 not found");

        let bad = schedule(&db, account, &["texts", "faxes"], "delete").await;
        let error = sweep(&ctx, bad, fire(), Limits::default())
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "retention schedule {bad}: unknown kind \"faxes\" (expected calls, texts, chats or forms)"
            )
        );
    }

    /// The embedded (SQLite) database runs the same clock and sweep (`muffle demo`).
    #[tokio::test]
    async fn clock_and_delete_sweep_work_on_sqlite() {
        use migration::MigratorTrait;
        let db = sea_orm::Database::connect("sqlite::memory:").await.unwrap();
        migration::Migrator::up(&db, None).await.unwrap();
        let (ctx, queue) = context(&db);
        let account = account(&db).await;
        let id = schedule(&db, account, &["calls", "texts", "chats"], "delete").await;
        for age in [40, 41, 42, 3] {
            entity::texts::ActiveModel {
                account_id: Set(account),
                sent_at: Set(fire() - Duration::days(age)),
                body: Set(format!("{age} days old")),
                ..Default::default()
            }
            .insert(&db)
            .await
            .unwrap();
        }
        let recorded = call(&db, account, 45, true, false).await;
        call(&db, account, 45, false, false).await;
        let created = fire() - Duration::days(2);
        let mut row: retention_schedules::ActiveModel = retention_schedules::Entity::find_by_id(id)
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .into();
        row.created_at = Set(created);
        row.update(&db).await.unwrap();

        let clock_queue = crate::testing::RecordingQueue::default();
        assert_eq!(
            crate::clock::tick(&db, &clock_queue, fire() + Duration::minutes(1))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            crate::clock::tick(&db, &clock_queue, fire() + Duration::minutes(2))
                .await
                .unwrap(),
            0
        );
        let (_, payload) = clock_queue.jobs().pop().unwrap();
        let job: SweepRetention = serde_json::from_value(payload).unwrap();
        assert_eq!((job.schedule_id, job.fire_at), (id, fire()));

        let run = sweep(&ctx, id, job.fire_at, limited(2, 1))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((run.scanned, run.changed), (2, 1));
        let run = sweep(
            &ctx,
            id,
            job.fire_at,
            Limits {
                batch_size: 2,
                ..Limits::default()
            },
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(
            (run.status.as_str(), run.scanned, run.changed),
            (FINISHED, 5, 4)
        );
        assert_eq!(deletions(&queue), [recorded]);
        let left: Vec<String> = entity::texts::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.body)
            .collect();
        assert_eq!(left, ["3 days old"]);
        let again = sweep(&ctx, id, job.fire_at, Limits::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again, run);
    }

    #[test]
    fn payload_round_trips_with_an_rfc3339_fire_time() {
        let job: SweepRetention =
            serde_json::from_value(json!({"schedule_id": 7, "fire_at": "2025-03-09T07:00:00Z"}))
                .unwrap();
        assert_eq!(
            job.fire_at,
            DateTime::parse_from_rfc3339("2025-03-09T03:00:00-04:00").unwrap()
        );
        assert!(serde_json::from_value::<SweepRetention>(json!({"schedule_id": 7})).is_err());
    }

    // Needs the redaction engine (`redaction::redact_interaction`).
    #[tokio::test]
    async fn a_killed_redact_all_sweep_resumes_and_leaves_young_rows_alone() {
        let db = test_db().await;
        let (ctx, _) = context(&db);
        let account = account(&db).await;
        let id = schedule(&db, account, &["texts"], "redact_all").await;
        texts(
            &db,
            account,
            120,
            fire(),
            31,
            "my card is 4111 1111 1111 1111",
        )
        .await;
        texts(&db, account, 7, fire(), 2, "my card is 4111 1111 1111 1111").await;

        let run = sweep(&ctx, id, fire(), limited(50, 1))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((run.scanned, run.changed, run.failed), (50, 50, 0));
        let run = sweep(&ctx, id, fire(), limited(50, 100))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (run.status.as_str(), run.scanned, run.changed, run.failed),
            (FINISHED, 120, 120, 0)
        );
        let erased = count(&db, "SELECT COUNT(*) AS n FROM texts WHERE tags @> '[\"erased\"]' AND body NOT LIKE '%4111%'").await;
        assert_eq!(erased, 120);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) AS n FROM texts WHERE tags = '[]' AND body LIKE '%4111%'"
            )
            .await,
            7
        );
        let events = count(
            &db,
            "SELECT COUNT(*) AS n FROM redaction_events WHERE actor = 'schedule'",
        )
        .await;
        assert_eq!(events, 120);
        // A later fire has nothing left to erase.
        let next = sweep(&ctx, id, fire() + Duration::days(1), Limits::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!((next.scanned, next.changed), (0, 0));
    }

    /// A queue that refuses every enqueue: a worker that dies between a batch's commit and
    /// its enqueues looks the same to the database.
    struct RefusingQueue;

    impl crate::job::QueueHandle for RefusingQueue {
        fn enqueue(
            &self,
            _job: &'static str,
            _payload: serde_json::Value,
        ) -> crate::job::BoxFuture<'_, anyhow::Result<()>> {
            Box::pin(async { Err(anyhow::anyhow!("queue unavailable")) })
        }

        fn vacuum(
            &self,
            _max_age: std::time::Duration,
        ) -> crate::job::BoxFuture<'_, anyhow::Result<u64>> {
            Box::pin(async { Ok(0) })
        }
    }

    /// A recorded call whose transcript holds a spoken card number.
    async fn recorded_call_with_card(
        db: &DatabaseConnection,
        account_id: i64,
        age_days: i64,
    ) -> i64 {
        let digits = ["four"].into_iter().chain(["one"; 15]);
        let words: Vec<serde_json::Value> = ["my", "card", "number", "is"]
            .into_iter()
            .chain(digits)
            .enumerate()
            .map(|(i, text)| {
                let start = i as u64 * 300;
                json!({"text": text, "speaker": "customer", "start_ms": start, "end_ms": start + 250})
            })
            .collect();
        let id = call(db, account_id, age_days, true, false).await;
        entity::calls::ActiveModel {
            id: Set(id),
            transcript: Set(Some(json!({ "words": words }))),
            ..Default::default()
        }
        .update(db)
        .await
        .unwrap();
        id
    }

    #[tokio::test]
    async fn rewrites_owed_by_a_batch_whose_enqueue_was_lost_are_enqueued_on_resume() {
        let db = test_db().await;
        let account = account(&db).await;
        let id = schedule(&db, account, &["calls"], "redact").await;
        let mut calls = Vec::new();
        for _ in 0..3 {
            calls.push(recorded_call_with_card(&db, account, 40).await);
        }

        // The batch commits, then its enqueue fails: the job errors and will be retried.
        let (mut dying, _) = context(&db);
        dying.queue = std::sync::Arc::new(RefusingQueue);
        let error = sweep(&dying, id, fire(), limited(2, 1)).await.unwrap_err();
        assert!(!error.is_permanent(), "{error}");
        let redacted = count(
            &db,
            "SELECT COUNT(*) AS n FROM calls WHERE detector_version IS NOT NULL",
        )
        .await;
        assert_eq!(redacted, 2, "the first batch committed");

        let (ctx, queue) = context(&db);
        let run = sweep(&ctx, id, fire(), Limits::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(run.status, FINISHED);
        assert_eq!((run.scanned, run.changed, run.failed), (3, 3, 0));
        let mut rewrites: Vec<i64> = queue
            .jobs()
            .into_iter()
            .map(|(name, payload)| {
                assert_eq!(name, "rewrite_recording");
                payload["call_id"].as_i64().unwrap()
            })
            .collect();
        rewrites.sort();
        assert_eq!(
            rewrites, calls,
            "every redacted call's recording is rewritten"
        );
        let ranged = count(
            &db,
            "SELECT COUNT(*) AS n FROM calls WHERE jsonb_array_length(redaction_ranges) > 0 \
             AND recording_redacted_at IS NULL",
        )
        .await;
        assert_eq!(ranged, 3);
    }

    // Needs the redaction engine (`redaction::redact_interaction`).
    #[tokio::test]
    async fn redact_sweeps_detected_data_once_per_detector_version() {
        let db = test_db().await;
        let (ctx, _) = context(&db);
        let account = account(&db).await;
        let id = schedule(&db, account, &["texts"], "redact").await;
        texts(
            &db,
            account,
            30,
            fire(),
            60,
            "card 4111 1111 1111 1111 thanks",
        )
        .await;
        texts(
            &db,
            account,
            3,
            fire(),
            1,
            "card 4111 1111 1111 1111 thanks",
        )
        .await;
        let run = sweep(
            &ctx,
            id,
            fire(),
            Limits {
                batch_size: 7,
                ..Limits::default()
            },
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(
            (run.status.as_str(), run.scanned, run.changed, run.failed),
            (FINISHED, 30, 30, 0)
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) AS n FROM texts WHERE body LIKE '%4111%'"
            )
            .await,
            3
        );
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT COUNT(*) AS n FROM texts WHERE detector_version = {DETECTOR_VERSION}"
                )
            )
            .await,
            30
        );
        let next = sweep(&ctx, id, fire() + Duration::days(1), Limits::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!((next.scanned, next.changed), (0, 0));
    }

    /// Benchmark, not a timed test: `cargo test -p jobs --release sweep_benchmark -- --ignored
    /// --nocapture` (SWEEP_BENCH_ROWS, SWEEP_BENCH_ACTION = redact_all | redact | delete).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore]
    async fn sweep_benchmark() {
        let rows: i64 = std::env::var("SWEEP_BENCH_ROWS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000_000);
        let action = std::env::var("SWEEP_BENCH_ACTION").unwrap_or_else(|_| "redact_all".into());
        let db = test_db().await;
        let (ctx, _) = context(&db);
        let account = account(&db).await;
        let id = schedule(&db, account, &["texts"], &action).await;
        let seeding = std::time::Instant::now();
        texts(
            &db,
            account,
            rows,
            fire(),
            31,
            "Hi, it's Dana. My card is 4111 1111 1111 1111, exp 12/27; call 415-555-0100",
        )
        .await;
        db.execute_unprepared("ANALYZE texts").await.unwrap();
        eprintln!(
            "seeded {rows} texts in {:.1} s",
            seeding.elapsed().as_secs_f64()
        );
        let started = std::time::Instant::now();
        let run = sweep(&ctx, id, fire(), Limits::default())
            .await
            .unwrap()
            .unwrap();
        let wall = started.elapsed();
        let hwm = std::fs::read_to_string("/proc/self/status")
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with("VmHWM"))
            .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_owned())
            .unwrap_or_default();
        eprintln!(
            "sweep {action} of {rows} texts: {:.1} s ({:.0} rows/s), scanned {} changed {} failed {}, peak RSS {hwm} kB",
            wall.as_secs_f64(),
            rows as f64 / wall.as_secs_f64(),
            run.scanned,
            run.changed,
            run.failed
        );
        assert_eq!(run.status, FINISHED);
        assert_eq!(run.scanned, rows);
    }
}
