//! A schedule read and checked for one fire, and the SQL that selects what it still has to do.

use chrono::{DateTime, Duration, Utc};
use entity::{accounts, retention_schedules};
use sea_orm::{
    DatabaseConnection, DbBackend, EntityTrait, FromQueryResult, Statement, Value as DbValue,
};

use super::vocabulary::Action;
use crate::{
    interaction::{Kind, kinds_of},
    job::JobError,
    redaction,
};

/// A schedule read and checked for one fire.
pub(crate) struct Plan {
    pub(crate) schedule_id: i64,
    pub(crate) account_id: i64,
    pub(crate) action: Action,
    pub(crate) kinds: Vec<Kind>,
    pub(crate) cutoff: DateTime<Utc>,
    pub(crate) backend: DbBackend,
}

impl Plan {
    pub(crate) async fn of(
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
            Action::DeleteRecordings => kinds.retain(|k| *k == Kind::Call),
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
    fn pending(&self, kind: Kind) -> String {
        match self.action {
            Action::Redact => kind.needs_detection(),
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
    pub(crate) fn filter(&self, kind: Kind) -> String {
        format!(
            "account_id = $1 AND {time} < $2 AND {pending}",
            time = kind.time_column(),
            pending = self.pending(kind)
        )
    }
}

/// A call whose recording object may still exist (`delete_recording` clears the key).
pub(crate) const RECORDING_LEFT: &str = "(recording_key IS NOT NULL)";

#[derive(Debug, FromQueryResult)]
pub(crate) struct Item {
    pub(crate) id: i64,
    pub(crate) at: DateTime<Utc>,
    /// Calls only: the recording still exists.
    pub(crate) recording: i32,
}

pub(crate) async fn next_batch(
    db: &DatabaseConnection,
    plan: &Plan,
    kind: Kind,
    after: Option<(DateTime<Utc>, i64)>,
    limit: u64,
) -> Result<Vec<Item>, JobError> {
    let time = kind.time_column();
    let recording = if kind == Kind::Call {
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

/// Rows pending at the start, for the progress bar (an index range count per kind).
pub(crate) async fn estimate(db: &DatabaseConnection, plan: &Plan) -> Result<i64, JobError> {
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
