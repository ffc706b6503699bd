//! `muffle jobs failed` and `muffle jobs retry`.

use std::{process::ExitCode, time::Duration};

use entity::failed_jobs;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

use crate::{config::Config, db, queue::Queues};

pub async fn list(db: &DatabaseConnection, all: bool) -> anyhow::Result<()> {
    let mut query = failed_jobs::Entity::find().order_by_asc(failed_jobs::Column::Id);
    if !all {
        query = query.filter(failed_jobs::Column::RetriedAt.is_null());
    }
    let rows = query.all(db).await?;
    if rows.is_empty() {
        println!("no failed jobs");
        return Ok(());
    }
    println!(
        "{:<6} {:<24} {:<8} {:<20} {:<26} error",
        "id", "job", "attempts", "failed at", "task"
    );
    for row in rows {
        let retried = row
            .retried_at
            .map(|at| format!(" (retried {})", at.format("%Y-%m-%d %H:%M:%S")))
            .unwrap_or_default();
        println!(
            "{:<6} {:<24} {:<8} {:<20} {:<26} {}{retried}",
            row.id,
            row.job_name,
            row.attempts,
            row.failed_at.format("%Y-%m-%d %H:%M:%S"),
            row.task_id,
            row.error
        );
    }
    Ok(())
}

pub async fn retry(config: Config, id: i64) -> anyhow::Result<ExitCode> {
    let db = db::connect_migrated(&config).await?;
    let Some(row) = failed_jobs::Entity::find_by_id(id).one(&db).await? else {
        eprintln!("muffle: no failed job with id {id}");
        return Ok(ExitCode::from(2));
    };
    if row.payload.is_null() {
        eprintln!(
            "muffle: failed job {id} cannot be retried: its payload did not decode, so it was not kept"
        );
        return Ok(ExitCode::from(2));
    }
    if jobs::registry::find(&row.job_name).is_none() {
        eprintln!(
            "muffle: failed job {id} names an unknown job `{}`",
            row.job_name
        );
        return Ok(ExitCode::from(2));
    };
    let queues = Queues::connect(&config).await?;
    match requeue(&db, &queues, row).await? {
        Some(task_id) => println!("{task_id}"),
        None => unreachable!("checked above: the payload was kept and the job is known"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Enqueues a failed job again (a new task id) and marks the row retried; None when it
/// cannot be retried (its payload was not kept, or its job no longer exists).
pub async fn requeue(
    db: &DatabaseConnection,
    queues: &Queues,
    row: failed_jobs::Model,
) -> anyhow::Result<Option<String>> {
    let Some(spec) = jobs::registry::find(&row.job_name) else {
        return Ok(None);
    };
    if row.payload.is_null() {
        return Ok(None);
    }
    let task_id = queues
        .push(spec.name, row.payload.clone(), 1, Duration::ZERO)
        .await?;
    let mut row: failed_jobs::ActiveModel = row.into();
    row.retried_at = Set(Some(chrono::Utc::now()));
    row.update(db).await?;
    Ok(Some(task_id))
}
