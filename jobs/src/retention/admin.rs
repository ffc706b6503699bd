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
mod tests {
    use super::*;
    use crate::testing::test_db;

    async fn account(db: &DatabaseConnection, timezone: &str) -> i64 {
        accounts::ActiveModel {
            timezone: Set(timezone.into()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    fn new(account_id: i64) -> NewSchedule {
        NewSchedule {
            account_id,
            cron: "0 0 3 * * *".into(),
            timezone: Some("America/New_York".into()),
            kinds: "texts,calls".into(),
            older_than_days: 30,
            action: "delete".into(),
        }
    }

    async fn rejected(db: &DatabaseConnection, schedule: NewSchedule) -> String {
        match add(db, &schedule).await {
            Err(AdminError::Invalid(message) | AdminError::NotFound(message)) => message,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn add_validates_with_clear_messages() {
        let db = test_db().await;
        let account = account(&db, "America/Chicago").await;
        assert_eq!(
            rejected(
                &db,
                NewSchedule {
                    cron: "0 3 * * *".into(),
                    ..new(account)
                }
            )
            .await,
            "invalid cron expression \"0 3 * * *\": expected 6 or 7 fields (sec min hour day-of-month month day-of-week [year]), got 5; add the seconds field: `0 0 3 * * *`"
        );
        assert!(
            rejected(
                &db,
                NewSchedule {
                    cron: "0 0 99 * * *".into(),
                    ..new(account)
                }
            )
            .await
            .starts_with("invalid cron expression \"0 0 99 * * *\": ")
        );
        assert_eq!(
            rejected(
                &db,
                NewSchedule {
                    timezone: Some("Eastern".into()),
                    ..new(account)
                }
            )
            .await,
            "unknown time zone \"Eastern\" (expected an IANA name such as America/New_York)"
        );
        assert_eq!(
            rejected(
                &db,
                NewSchedule {
                    kinds: "texts,emails".into(),
                    ..new(account)
                }
            )
            .await,
            "unknown kind \"emails\" (expected calls, texts, chats or forms)"
        );
        assert_eq!(
            rejected(
                &db,
                NewSchedule {
                    kinds: " , ".into(),
                    ..new(account)
                }
            )
            .await,
            "--kinds must name at least one of calls, texts, chats, forms"
        );
        assert_eq!(
            rejected(
                &db,
                NewSchedule {
                    older_than_days: -1,
                    ..new(account)
                }
            )
            .await,
            "--older-than-days must be 0 to 36500, got -1"
        );
        // Used to be accepted, then panicked (time overflow) on every fire.
        assert_eq!(
            rejected(
                &db,
                NewSchedule {
                    older_than_days: 2_000_000_000,
                    ..new(account)
                }
            )
            .await,
            "--older-than-days must be 0 to 36500, got 2000000000"
        );
        assert_eq!(
            rejected(
                &db,
                NewSchedule {
                    action: "shred".into(),
                    ..new(account)
                }
            )
            .await,
            "unknown action \"shred\" (expected redact, redact_all, delete_recordings or delete)"
        );
        assert_eq!(
            rejected(&db, new(account + 1000)).await,
            format!("account {} not found", account + 1000)
        );
        let bad_zone_account = self::account(&db, "Central Time").await;
        assert_eq!(
            rejected(
                &db,
                NewSchedule {
                    timezone: None,
                    ..new(bad_zone_account)
                }
            )
            .await,
            format!(
                "account {bad_zone_account}'s time zone \"Central Time\" is not an IANA zone; pass --tz"
            )
        );
        assert!(
            retention_schedules::Entity::find()
                .all(&db)
                .await
                .unwrap()
                .is_empty()
        );
    }

    #[tokio::test]
    async fn kinds_are_plural_with_the_singular_as_an_alias() {
        assert_eq!(parse_kinds("texts,calls"), parse_kinds("text, call"));
        assert_eq!(
            parse_kinds("forms,chat,Texts").unwrap(),
            [Kind::Text, Kind::Chat, Kind::Form]
        );
        let db = test_db().await;
        let account = account(&db, "America/Chicago").await;
        let id = add(
            &db,
            &NewSchedule {
                kinds: "text,call".into(),
                ..new(account)
            },
        )
        .await
        .unwrap();
        // Stored the canonical way, whichever way it was typed.
        assert_eq!(
            find(&db, id).await.unwrap().kinds,
            json!(["calls", "texts"])
        );
    }

    #[tokio::test]
    async fn add_list_show_next_disable() {
        let db = test_db().await;
        let account = account(&db, "America/Chicago").await;
        let id = add(&db, &new(account)).await.unwrap();
        let row = find(&db, id).await.unwrap();
        assert_eq!(row.kinds, json!(["calls", "texts"]));
        assert_eq!(row.action, "delete");

        let next = next_fires(&db, id, 3, Some("2025-03-08T12:00:00Z"))
            .await
            .unwrap();
        assert_eq!(
            next,
            [
                "2025-03-09T03:00:00-04:00",
                "2025-03-10T03:00:00-04:00",
                "2025-03-11T03:00:00-04:00"
            ]
        );
        let error = next_fires(&db, id, 3, Some("yesterday")).await.unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid --from \"yesterday\"")
        );

        // The account's zone when the schedule has none.
        let id2 = add(
            &db,
            &NewSchedule {
                timezone: None,
                ..new(account)
            },
        )
        .await
        .unwrap();
        let next = next_fires(&db, id2, 1, Some("2025-07-01T00:00:00Z"))
            .await
            .unwrap();
        assert_eq!(next, ["2025-07-01T03:00:00-05:00"]);

        let listing = list(&db, Some(account)).await.unwrap();
        assert_eq!(listing.lines().count(), 3, "{listing}");
        assert!(listing.contains("America/New_York"), "{listing}");
        let shown = show(&db, id2).await.unwrap();
        assert!(
            shown.contains("zone: America/Chicago (the account's)"),
            "{shown}"
        );
        assert!(shown.contains("next fires:"), "{shown}");

        disable(&db, id).await.unwrap();
        assert!(!find(&db, id).await.unwrap().enabled);
        assert!(matches!(
            disable(&db, 999_999).await,
            Err(AdminError::NotFound(_))
        ));
    }

    #[test]
    fn progress_bars() {
        assert_eq!(progress_bar(0, 10, 10), "[----------]   0%");
        assert_eq!(progress_bar(35, 100, 10), "[####------]  35%");
        assert_eq!(progress_bar(120, 100, 10), "[##########] 100%");
        assert_eq!(progress_bar(0, 0, 4), "[####] 100%");
    }
}
