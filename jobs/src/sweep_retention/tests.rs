use chrono::Duration;
use entity::accounts;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, DbBackend, FromQueryResult,
    PaginatorTrait,
};
use serde_json::json;

use super::*;
use crate::testing::{context, test_db};
use crate::{delete_recording::DeleteRecording, detect::DETECTOR_VERSION, job::Job};

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

async fn schedule(db: &DatabaseConnection, account_id: i64, kinds: &[&str], action: &str) -> i64 {
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
            assert_eq!(name, DeleteRecording::NAME);
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
    let root = std::env::temp_dir().join(format!("muffle-sweep-{}", uuid::Uuid::new_v4().simple()));
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
        crate::retention::clock::tick(&db, &clock_queue, fire() + Duration::minutes(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        crate::retention::clock::tick(&db, &clock_queue, fire() + Duration::minutes(2))
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
    let erased = count(
        &db,
        "SELECT COUNT(*) AS n FROM texts WHERE tags @> '[\"erased\"]' AND body NOT LIKE '%4111%'",
    )
    .await;
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
async fn recorded_call_with_card(db: &DatabaseConnection, account_id: i64, age_days: i64) -> i64 {
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
            &format!("SELECT COUNT(*) AS n FROM texts WHERE detector_version = {DETECTOR_VERSION}")
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

/// An old call with no transcript yet has nothing to detect in: a `redact` sweep leaves it
/// out (the filter `redact_account` uses too) instead of failing it on every fire.
#[tokio::test]
async fn an_untranscribed_old_call_is_skipped_by_redact_sweeps_never_failed() {
    let db = test_db().await;
    let (ctx, _) = context(&db);
    let account = account(&db).await;
    let id = schedule(&db, account, &["calls"], "redact").await;
    let untranscribed = call(&db, account, 60, true, false).await;
    let transcribed = recorded_call_with_card(&db, account, 60).await;
    let run = sweep(&ctx, id, fire(), Limits::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (run.status.as_str(), run.scanned, run.changed, run.failed),
        (FINISHED, 1, 1, 0)
    );
    let next = sweep(&ctx, id, fire() + Duration::days(1), Limits::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((next.scanned, next.failed), (0, 0));
    let version = |id| {
        let db = db.clone();
        async move {
            entity::calls::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .detector_version
        }
    };
    assert_eq!(version(untranscribed).await, None);
    assert_eq!(version(transcribed).await, Some(DETECTOR_VERSION));
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
