//! The transactional outbox end to end: rows inserted in the platform's own transactions
//! run when (and only when) those transactions commit, each once, with relays racing.

use std::time::Duration;

use e2e::{TestEnv, wait_exit};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait};

/// Inserts one probe row per id in one transaction, committed or rolled back.
async fn insert_probes(db: &DatabaseConnection, ids: &[String], commit: bool) {
    let txn = db.begin().await.unwrap();
    for id in ids {
        let payload = format!(r#"{{"probe_id":"{id}"}}"#);
        let sql = match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => format!(
                "INSERT INTO job_outbox (job, payload) VALUES ('probe_worker', '{payload}'::jsonb)"
            ),
            _ => format!(
                "INSERT INTO job_outbox (job, payload) VALUES ('probe_worker', '{payload}')"
            ),
        };
        txn.execute_unprepared(&sql).await.unwrap();
    }
    if commit {
        txn.commit().await.unwrap();
    } else {
        txn.rollback().await.unwrap();
    }
}

async fn committed_rows_run_once_and_rolled_back_rows_never(env: TestEnv) {
    env.ok(&["migrate"]);
    let db = env.db().await;
    let mut committed = Vec::new();
    for batch in 0..20 {
        let ids: Vec<String> = (0..50).map(|i| format!("o{batch}-{i}")).collect();
        let commit = batch % 2 == 0;
        insert_probes(&db, &ids, commit).await;
        if commit {
            committed.extend(ids);
        }
    }
    // Two relays race over the same rows (a worker, and a second worker that drains).
    let racing = env.spawn(&["run"], "racing.log");
    env.ok(&["run", "--drain"]);
    e2e::signal(&racing, "TERM");
    wait_exit(racing, Duration::from_secs(30));

    let done = entity::worker_probes::Entity::find()
        .all(&db)
        .await
        .unwrap();
    let mut ran: Vec<String> = done.iter().map(|p| p.probe_id.clone()).collect();
    ran.sort();
    let mut expected = committed.clone();
    expected.sort();
    assert_eq!(ran, expected, "exactly the committed rows ran, each once");
    assert_eq!(e2e::outbox_rows(&db).await, 0, "the outbox is empty");
}

#[tokio::test(flavor = "multi_thread")]
async fn outbox_on_postgres_and_redis() {
    committed_rows_run_once_and_rolled_back_rows_never(TestEnv::production().await).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn outbox_on_the_embedded_default() {
    committed_rows_run_once_and_rolled_back_rows_never(TestEnv::embedded()).await;
}

/// A relay killed (SIGKILL) after it pushed a batch and before it deleted the rows: the
/// rows are still in the outbox, the next relay pushes them again under the same keys, and
/// every committed row runs exactly once.
async fn a_relay_killed_mid_batch_loses_and_repeats_nothing(env: TestEnv) {
    env.ok(&["migrate"]);
    let db = env.db().await;
    let mut committed = Vec::new();
    for batch in 0..4 {
        let ids: Vec<String> = (0..100).map(|i| format!("k{batch}-{i}")).collect();
        let commit = batch != 1;
        insert_probes(&db, &ids, commit).await;
        if commit {
            committed.extend(ids);
        }
    }
    // The relay pushes its first batch (100 rows), then stalls before its commit.
    let mut stalled = env.muffle(&["run"]);
    stalled.env("FAILPOINTS", "outbox-after-push=return(600000)");
    let mut stalled = stalled
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn muffle run");
    // On Postgres the pushed batch runs meanwhile. On SQLite the stalled transaction holds
    // the database's one write lock, so the probes cannot record: the batch is seen in the
    // queue's own file instead, and runs after the kill (at least once, and here once).
    let pushed = e2e::eventually(Duration::from_secs(60), || async {
        match env.database_url {
            Some(_) => probe_runs(&db).await == 100,
            None => queued_tasks(&env).await >= 100,
        }
    })
    .await;
    assert!(pushed, "the first batch was pushed");
    assert_eq!(
        e2e::outbox_rows(&db).await,
        300,
        "the stalled batch's rows are still in the outbox (not yet committed)"
    );
    stalled.kill().expect("SIGKILL the stalled relay");
    stalled.wait().expect("reap it");

    env.ok(&["run", "--drain"]);
    let done = entity::worker_probes::Entity::find()
        .all(&db)
        .await
        .unwrap();
    let mut ran: Vec<String> = done.iter().map(|p| p.probe_id.clone()).collect();
    ran.sort();
    committed.sort();
    assert_eq!(
        ran.len(),
        committed.len(),
        "no row ran twice, none was lost"
    );
    assert_eq!(ran, committed, "exactly the committed rows ran, each once");
    assert_eq!(e2e::outbox_rows(&db).await, 0, "the outbox is empty");
}

/// Tasks in the embedded queue's file (`<data dir>/queue.db`), read-only.
async fn queued_tasks(env: &TestEnv) -> i64 {
    let path = env.data_dir.path().join("data").join("queue.db");
    let url = format!("sqlite://{}?mode=ro", path.display());
    let Ok(queue) = sea_orm::Database::connect(url).await else {
        return 0;
    };
    let row = queue
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT COUNT(*) AS n FROM Jobs",
        ))
        .await
        .ok()
        .flatten();
    row.and_then(|r| r.try_get::<i64>("", "n").ok())
        .unwrap_or(0)
}

async fn probe_runs(db: &DatabaseConnection) -> u64 {
    entity::worker_probes::Entity::find()
        .count(db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_relay_killed_mid_batch_on_postgres_and_redis() {
    a_relay_killed_mid_batch_loses_and_repeats_nothing(TestEnv::production().await).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_relay_killed_mid_batch_on_the_embedded_default() {
    a_relay_killed_mid_batch_loses_and_repeats_nothing(TestEnv::embedded()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_rows_go_to_failed_jobs_without_their_values() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    let db = env.db().await;
    for sql in [
        r#"INSERT INTO job_outbox (job, payload) VALUES ('no_such_job', '{"call_id": 1, "card": "4111111111111111"}')"#,
        r#"INSERT INTO job_outbox (job, payload) VALUES ('probe_worker', '{"probe_id": "ok", "ssn": "078-05-1120"}')"#,
        r#"INSERT INTO job_outbox (job, payload) VALUES ('probe_worker', '{"probe_id": "fine"}')"#,
    ] {
        db.execute_unprepared(sql).await.unwrap();
    }
    env.ok(&["run", "--drain"]);
    let failed = entity::failed_jobs::Entity::find().all(&db).await.unwrap();
    assert_eq!(failed.len(), 2, "{failed:?}");
    for row in &failed {
        let text = format!("{} {} {}", row.job_name, row.payload, row.error);
        assert!(!text.contains("4111111111111111"), "{text}");
        assert!(!text.contains("078-05-1120"), "{text}");
    }
    assert!(failed.iter().any(|f| f.error.contains("unknown job")));
    assert!(
        failed
            .iter()
            .any(|f| f.payload == serde_json::json!({"call_id": 1}))
    );
    assert_eq!(
        entity::worker_probes::Entity::find()
            .count(&db)
            .await
            .unwrap(),
        1,
        "the valid row behind the invalid ones still ran"
    );
}
