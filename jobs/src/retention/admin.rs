//! The logic behind `muffle schedules add|list|show|disable|enable|next` and
//! `muffle sweeps status`: validation with clear messages, and text for the terminal.
//! The CLI prints what these return; an `AdminError::Invalid`/`NotFound` is a usage error.

use chrono::{DateTime, Utc};
use entity::{accounts, retention_schedules, sweep_runs};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;

use crate::{
    retention::{Action, FINISHED, Kind, RUNNING, kinds_of},
    schedule::{Timetable, parse_cron, parse_zone},
};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// Bad input: the message says what and how to fix it.
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("database error: {}", crate::job::db_error_kind(.0))]
    Db(#[from] DbErr),
}

/// `muffle schedules add` arguments, as typed.
#[derive(Clone, Debug)]
pub struct NewSchedule {
    pub account_id: i64,
    pub cron: String,
    /// None: the account's zone.
    pub timezone: Option<String>,
    /// Comma-separated: calls,texts,chats,forms.
    pub kinds: String,
    pub older_than_days: i64,
    pub action: String,
}

/// Validates and stores a schedule; returns its id.
pub async fn add(db: &DatabaseConnection, new: &NewSchedule) -> Result<i64, AdminError> {
    let invalid = AdminError::Invalid;
    parse_cron(&new.cron).map_err(|e| invalid(e.to_string()))?;
    let kinds = parse_kinds(&new.kinds).map_err(invalid)?;
    let action: Action = new.action.parse().map_err(invalid)?;
    super::plan::cutoff(chrono::Utc::now(), new.older_than_days)
        .map_err(|e| invalid(format!("--{}", e.replace('_', "-"))))?;
    let older_than_days = i32::try_from(new.older_than_days)
        .map_err(|_| invalid("--older-than-days is out of range".into()))?;
    let account = accounts::Entity::find_by_id(new.account_id)
        .one(db)
        .await?
        .ok_or_else(|| AdminError::NotFound(format!("account {} not found", new.account_id)))?;
    match &new.timezone {
        Some(zone) => {
            parse_zone(zone).map_err(|e| invalid(e.to_string()))?;
        }
        None => {
            parse_zone(&account.timezone).map_err(|_| {
                invalid(format!(
                    "account {}'s time zone \"{}\" is not an IANA zone; pass --tz",
                    account.id, account.timezone
                ))
            })?;
        }
    }
    let now = Utc::now();
    let row = retention_schedules::ActiveModel {
        account_id: Set(account.id),
        cron: Set(new.cron.trim().to_owned()),
        timezone: Set(new.timezone.clone()),
        kinds: Set(json!(kinds.iter().map(|k| k.name()).collect::<Vec<_>>())),
        older_than_days: Set(older_than_days),
        action: Set(action.as_str().to_owned()),
        enabled: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// "texts, calls" → [Call, Text]; at least one, each known (singular names are aliases).
pub fn parse_kinds(list: &str) -> Result<Vec<Kind>, String> {
    let mut kinds = list
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::parse)
        .collect::<Result<Vec<Kind>, String>>()?;
    if kinds.is_empty() {
        return Err("--kinds must name at least one of calls, texts, chats, forms".into());
    }
    kinds.sort();
    kinds.dedup();
    Ok(kinds)
}

/// One line per schedule (all accounts, or one).
pub async fn list(db: &DatabaseConnection, account_id: Option<i64>) -> Result<String, AdminError> {
    let mut query =
        retention_schedules::Entity::find().order_by_asc(retention_schedules::Column::Id);
    if let Some(account_id) = account_id {
        query = query.filter(retention_schedules::Column::AccountId.eq(account_id));
    }
    let rows = query.all(db).await?;
    if rows.is_empty() {
        return Ok("no retention schedules\n".into());
    }
    let mut out = format!(
        "{:<6} {:<8} {:<8} {:<20} {:<20} {:<18} {:<6} {:<18} next fire\n",
        "id", "account", "enabled", "cron", "zone", "kinds", "days", "action"
    );
    for row in rows {
        let (zone, next) = match timetable(db, &row).await? {
            Ok(t) => (
                t.zone().to_string(),
                t.next_after(Utc::now())
                    .map_or("never".into(), |f| f.with_timezone(&t.zone()).to_rfc3339()),
            ),
            Err(reason) => (
                row.timezone.clone().unwrap_or_default(),
                format!("INVALID: {reason}"),
            ),
        };
        out += &format!(
            "{:<6} {:<8} {:<8} {:<20} {:<20} {:<18} {:<6} {:<18} {}\n",
            row.id,
            row.account_id,
            if row.enabled { "yes" } else { "no" },
            row.cron,
            zone,
            kinds_text(&row.kinds),
            row.older_than_days,
            row.action,
            if row.enabled { next } else { "-".into() },
        );
    }
    Ok(out)
}

/// A schedule's settings, its next fires and its recent sweeps.
pub async fn show(db: &DatabaseConnection, id: i64) -> Result<String, AdminError> {
    let row = find(db, id).await?;
    let zone_note = if row.timezone.is_some() {
        ""
    } else {
        " (the account's)"
    };
    let mut out = format!(
        "schedule {}\naccount: {}\nenabled: {}\ncron: {}\nzone: {}{zone_note}\nkinds: {}\nolder than: {} days\naction: {}\ncreated: {}\nupdated: {}\n",
        row.id,
        row.account_id,
        row.enabled,
        row.cron,
        zone_name(db, &row).await?,
        kinds_text(&row.kinds),
        row.older_than_days,
        row.action,
        row.created_at.to_rfc3339(),
        row.updated_at.to_rfc3339(),
    );
    match timetable(db, &row).await? {
        Ok(t) => {
            out += "next fires:\n";
            for fire in t.upcoming(Utc::now(), 3) {
                out += &format!("  {}\n", fire.to_rfc3339());
            }
        }
        Err(reason) => out += &format!("INVALID (the clock skips it): {reason}\n"),
    }
    let sweeps = sweep_runs::Entity::find()
        .filter(sweep_runs::Column::ScheduleId.eq(id))
        .order_by_desc(sweep_runs::Column::FireAt)
        .limit(5)
        .all(db)
        .await?;
    if !sweeps.is_empty() {
        out += "recent sweeps:\n";
        for run in &sweeps {
            out += &format!("  {}\n", sweep_line(run));
        }
    }
    Ok(out)
}

/// Stops the clock from firing the schedule (sweeps already queued see it and skip).
pub async fn disable(db: &DatabaseConnection, id: i64) -> Result<(), AdminError> {
    set_enabled(db, id, false).await
}

/// Re-enables a schedule; its latest fire missed while disabled runs once.
pub async fn enable(db: &DatabaseConnection, id: i64) -> Result<(), AdminError> {
    set_enabled(db, id, true).await
}

async fn set_enabled(db: &DatabaseConnection, id: i64, enabled: bool) -> Result<(), AdminError> {
    let mut row: retention_schedules::ActiveModel = find(db, id).await?.into();
    row.enabled = Set(enabled);
    row.updated_at = Set(Utc::now());
    row.update(db).await?;
    Ok(())
}

/// The next `count` fires after `from` (RFC 3339; default now) in the schedule's zone, as
/// RFC 3339 with the zone's offset.
pub async fn next_fires(
    db: &DatabaseConnection,
    id: i64,
    count: usize,
    from: Option<&str>,
) -> Result<Vec<String>, AdminError> {
    let from = match from {
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map_err(|_| {
                AdminError::Invalid(format!(
                    "invalid --from \"{text}\": expected RFC 3339, e.g. 2025-03-09T00:00:00-05:00"
                ))
            })?
            .with_timezone(&Utc),
        None => Utc::now(),
    };
    let row = find(db, id).await?;
    let timetable = timetable(db, &row)
        .await?
        .map_err(|reason| AdminError::Invalid(format!("schedule {id} is invalid: {reason}")))?;
    Ok(timetable
        .upcoming(from, count)
        .iter()
        .map(|f| f.to_rfc3339())
        .collect())
}

/// Running sweeps (with a progress bar) and the `recent` latest others.
pub async fn sweeps_status(db: &DatabaseConnection, recent: u64) -> Result<String, AdminError> {
    let running = sweep_runs::Entity::find()
        .filter(sweep_runs::Column::Status.eq(RUNNING))
        .order_by_asc(sweep_runs::Column::StartedAt)
        .all(db)
        .await?;
    let finished = sweep_runs::Entity::find()
        .filter(sweep_runs::Column::Status.ne(RUNNING))
        .order_by_desc(sweep_runs::Column::StartedAt)
        .limit(recent)
        .all(db)
        .await?;
    let mut out = String::new();
    if running.is_empty() {
        out += "no sweeps running\n";
    } else {
        out += "running:\n";
        for run in &running {
            out += &format!("  {}\n", sweep_line(run));
        }
    }
    if !finished.is_empty() {
        out += "recent:\n";
        for run in &finished {
            out += &format!("  {}\n", sweep_line(run));
        }
    }
    Ok(out)
}

/// `[########------------]  40%`: `done` of an estimated `total` (a resumed or growing sweep
/// can pass its estimate; the bar then stays full).
pub fn progress_bar(done: i64, total: i64, width: usize) -> String {
    let fraction = if total <= 0 {
        1.0
    } else {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    };
    let filled = (fraction * width as f64).round() as usize;
    format!(
        "[{}{}] {:>3}%",
        "#".repeat(filled),
        "-".repeat(width - filled),
        (fraction * 100.0).floor() as u32
    )
}

fn sweep_line(run: &sweep_runs::Model) -> String {
    let head = format!(
        "sweep {} schedule {} fire {}",
        run.id,
        run.schedule_id,
        run.fire_at.to_rfc3339()
    );
    let counts = format!(
        "scanned {} changed {} failed {}",
        run.scanned, run.changed, run.failed
    );
    if run.status == RUNNING {
        let total = run.total_estimate.unwrap_or(run.scanned);
        let elapsed = (Utc::now() - run.started_at).num_seconds();
        format!(
            "{head} running {} {}/{} {counts} ({elapsed} s)",
            progress_bar(run.scanned, total, 20),
            run.scanned,
            total
        )
    } else {
        let took = run
            .finished_at
            .map(|f| {
                format!(
                    " in {:.1} s",
                    (f - run.started_at).num_milliseconds() as f64 / 1000.0
                )
            })
            .unwrap_or_default();
        let status = if run.status == FINISHED {
            "finished"
        } else {
            run.status.as_str()
        };
        format!("{head} {status}{took} {counts}")
    }
}

async fn find(db: &DatabaseConnection, id: i64) -> Result<retention_schedules::Model, AdminError> {
    retention_schedules::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AdminError::NotFound(format!("retention schedule {id} not found")))
}

/// The schedule's zone name: its own, else its account's.
async fn zone_name(
    db: &DatabaseConnection,
    row: &retention_schedules::Model,
) -> Result<String, AdminError> {
    if let Some(zone) = &row.timezone {
        return Ok(zone.clone());
    }
    Ok(accounts::Entity::find_by_id(row.account_id)
        .one(db)
        .await?
        .map_or_else(|| "UTC".into(), |a| a.timezone))
}

/// The schedule's timetable, or why the clock cannot evaluate it.
async fn timetable(
    db: &DatabaseConnection,
    row: &retention_schedules::Model,
) -> Result<Result<Timetable, String>, AdminError> {
    let zone = zone_name(db, row).await?;
    Ok(Timetable::new(&row.cron, &zone).map_err(|e| e.to_string()))
}

fn kinds_text(kinds: &serde_json::Value) -> String {
    match kinds_of(kinds) {
        Ok(kinds) => kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join(","),
        Err(reason) => format!("INVALID ({reason})"),
    }
}

#[cfg(test)]
mod tests;
