//! The queue runtime end to end: real `muffle` processes against real Postgres + Redis
//! (and the embedded default), each test on its own database and key prefix.

use std::time::Duration;

use e2e::{TestEnv, eventually, signal, wait_exit};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn probes(
    db: &sea_orm::DatabaseConnection,
    probe_id: &str,
) -> Vec<entity::worker_probes::Model> {
    entity::worker_probes::Entity::find()
        .filter(entity::worker_probes::Column::ProbeId.eq(probe_id))
        .all(db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_enqueued_with_the_cli_is_processed_by_a_real_worker() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    let task_id = env.ok(&[
        "enqueue",
        "probe_worker",
        "--json",
        r#"{"probe_id":"hello"}"#,
    ]);
    assert_eq!(task_id.trim().len(), 26, "prints a ULID task id: {task_id}");

    env.ok(&["run", "--drain"]);

    let db = env.db().await;
    let done = probes(&db, "hello").await;
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].attempt, 1);
    assert_eq!(done[0].job_id, task_id.trim());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_embedded_default_needs_no_servers() {
    let env = TestEnv::embedded();
    env.ok(&[
        "enqueue",
        "probe_worker",
        "--json",
        r#"{"probe_id":"local"}"#,
    ]);
    env.ok(&["run", "--drain"]);
    assert_eq!(probes(&env.db().await, "local").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_job_is_retried_then_listed_and_can_be_rerun() {
    let env = TestEnv::production().await.env("MUFFLE_MAX_ATTEMPTS", "2");
    env.ok(&["migrate"]);
    env.ok(&[
        "enqueue",
        "probe_worker",
        "--json",
        r#"{"probe_id":"flaky","fail_attempts":2}"#,
    ]);
    env.ok(&["run", "--drain"]);

    let db = env.db().await;
    assert!(
        probes(&db, "flaky").await.is_empty(),
        "never succeeded within 2 attempts"
    );
    let failed = env.ok(&["jobs", "failed"]);
    let row = failed
        .lines()
        .find(|line| line.contains("probe_worker"))
        .unwrap_or_else(|| panic!("listed:\n{failed}"));
    assert!(row.contains("attempt 2 of 2 planned failures"), "{row}");
    let id = row.split_whitespace().next().unwrap();

    // Re-run with a larger budget: attempts 1 and 2 fail again, 3 succeeds.
    let env = env.env("MUFFLE_MAX_ATTEMPTS", "5");
    env.ok(&["jobs", "retry", id]);
    env.ok(&["run", "--drain"]);
    let done = probes(&db, "flaky").await;
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].attempt, 3);
    assert_eq!(env.ok(&["jobs", "failed"]).trim(), "no failed jobs");
    assert!(env.ok(&["jobs", "failed", "--all"]).contains("retried"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_permanent_failure_is_not_retried() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    // Too long an id is a permanent error: one attempt, straight to failed jobs.
    let long_id = "x".repeat(300);
    env.ok(&[
        "enqueue",
        "probe_worker",
        "--json",
        &format!(r#"{{"probe_id":"{long_id}"}}"#),
    ]);
    env.ok(&["run", "--drain"]);
    let db = env.db().await;
    let failed = entity::failed_jobs::Entity::find().all(&db).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].attempts, 1);
    assert!(failed[0].error.contains("longer than 200"));
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_payloads_and_unknown_jobs_get_a_clear_error() {
    let env = TestEnv::production().await;
    let cases: [(&[&str], &str); 7] = [
        (
            &["enqueue", "no_such_job", "--json", "{}"],
            "unknown job `no_such_job`",
        ),
        (
            &["enqueue", "probe_worker", "--json", "{not json"],
            "not valid JSON (line 1, column 2)",
        ),
        (
            &["enqueue", "probe_worker", "--json", r#"{"sleep_ms":1}"#],
            "missing field `probe_id`",
        ),
        (
            &[
                "enqueue",
                "probe_worker",
                "--json",
                r#"{"probe_id":"4111111111111111","fail_attempts":"4111 1111"}"#,
            ],
            "invalid type: string",
        ),
        (
            &[
                "enqueue",
                "redact_account",
                "--json",
                r#"{"account_id":1,"kinds":["4111111111111111"]}"#,
            ],
            "field `kinds[0]`: unknown variant, expected one of",
        ),
        (
            &["enqueue", "redact_call", "--json", "[4111]"],
            "expected a JSON object, got an array",
        ),
        (
            &[
                "enqueue",
                "erase_contact",
                "--json",
                r#"{"account_id":4111}"#,
            ],
            "erase_contact needs a phone or an email",
        ),
    ];
    for (args, expected) in cases {
        let output = env.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("4111"),
            "a value leaked into the error: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
    }
    let output = env
        .muffle(&["run"])
        .env("MUFFLE_CONCURRENCY", "lots")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "muffle: invalid MUFFLE_CONCURRENCY: expected a positive whole number"
    );
}

/// Starts `muffle run` with one slow probe queued and returns once the probe is mid-job.
async fn worker_in_a_slow_job(env: &TestEnv, probe_id: &str, log: &str) -> std::process::Child {
    env.ok(&["migrate"]);
    let payload = format!(r#"{{"probe_id":"{probe_id}","sleep_ms":4000}}"#);
    env.ok(&["enqueue", "probe_worker", "--json", &payload]);
    let worker = env.spawn(&["run"], log);
    let started = eventually(Duration::from_secs(20), || async {
        env.log(log).contains("worker started")
    })
    .await;
    assert!(started, "worker did not start: {}", env.log(log));
    tokio::time::sleep(Duration::from_millis(1000)).await; // the probe is now mid-sleep
    worker
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_during_a_slow_job_loses_nothing() {
    let env = TestEnv::production().await;
    let worker = worker_in_a_slow_job(&env, "slow", "worker.log").await;
    signal(&worker, "TERM");
    let status = wait_exit(worker, Duration::from_secs(30));
    assert!(
        status.success(),
        "graceful exit: {status}\n{}",
        env.log("worker.log")
    );

    // Either the in-flight job finished before exit, or it went back to the queue and a
    // new worker finishes it; in no case is it lost.
    env.ok(&["run", "--drain"]);
    let db = env.db().await;
    assert_eq!(
        probes(&db, "slow").await.len(),
        1,
        "{}",
        env.log("worker.log")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_during_a_job_runs_it_again_after_restart() {
    let env = TestEnv::production().await;
    let worker = worker_in_a_slow_job(&env, "crash", "crashed.log").await;
    signal(&worker, "KILL");
    wait_exit(worker, Duration::from_secs(10));
    let db = env.db().await;
    assert!(
        probes(&db, "crash").await.is_empty(),
        "the job cannot have finished"
    );

    // The new worker finds the dead worker's in-flight task orphaned (no heartbeat for
    // 3 × 1 s) and runs it again; --drain waits for it.
    env.ok(&["run", "--drain"]);
    assert_eq!(probes(&db, "crash").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn backlog_of_20000_jobs_all_complete() {
    // Unpatched apalis-redis fails every fetch once ~8,000 tasks are due at once.
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    let out = env.ok(&["bench", "queue", "--jobs", "20000"]);
    assert!(out.contains("processed 20000 jobs in"), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn vacuum_queues_trims_finished_tasks() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    for i in 0..5 {
        env.ok(&[
            "enqueue",
            "probe_worker",
            "--json",
            &format!(r#"{{"probe_id":"v{i}","record":false}}"#),
        ]);
    }
    env.ok(&["run", "--drain"]);
    let client = redis::Client::open(e2e::redis_url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let done_key = format!("{}:probe_worker:done", env.prefix);
    let done: u64 = redis::cmd("SCARD")
        .arg(&done_key)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(done, 5);

    env.ok(&[
        "enqueue",
        "vacuum_queues",
        "--json",
        r#"{"keep_seconds":0}"#,
    ]);
    env.ok(&["run", "--drain"]);
    let done: u64 = redis::cmd("SCARD")
        .arg(&done_key)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(done, 0, "finished probe tasks trimmed");
    let data: u64 = redis::cmd("HLEN")
        .arg(format!("{}:probe_worker:data", env.prefix))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(data, 0);
    let db = env.db().await;
    assert_eq!(
        entity::failed_jobs::Entity::find()
            .count(&db)
            .await
            .unwrap(),
        0
    );
}

/// SQLite has no pub/sub: a job enqueued by another process reaches an idle `muffle run`
/// through its wake socket. The worker polls only every ten minutes here, so the job can
/// only run within the wait below if the wake-up arrived.
#[tokio::test(flavor = "multi_thread")]
async fn the_embedded_queue_wakes_a_worker_in_another_process() {
    let env = TestEnv::embedded().env("MUFFLE_POLL_MS", "600000");
    let db = env.db().await;
    let worker = env.spawn(&["run"], "worker.log");
    let wake_dir = env.data_dir.path().join("data/queue.db.wake");
    let listening = eventually(Duration::from_secs(60), || {
        let wake_dir = wake_dir.clone();
        async move {
            std::fs::read_dir(&wake_dir).is_ok_and(|entries| {
                entries
                    .flatten()
                    .any(|e| e.path().extension().is_some_and(|x| x == "sock"))
            })
        }
    })
    .await;
    assert!(
        listening,
        "the worker binds a wake socket: {}",
        env.log("worker.log")
    );
    // The first poll at start-up has happened by now; only a wake-up fetches before the next.
    tokio::time::sleep(Duration::from_secs(1)).await;
    env.ok(&[
        "enqueue",
        "probe_worker",
        "--json",
        r#"{"probe_id":"woken"}"#,
    ]);
    let ran = eventually(Duration::from_secs(60), || {
        let db = db.clone();
        async move { !probes(&db, "woken").await.is_empty() }
    })
    .await;
    signal(&worker, "TERM");
    assert!(wait_exit(worker, Duration::from_secs(30)).success());
    assert!(
        ran,
        "the job ran without waiting for the poll: {}",
        env.log("worker.log")
    );
    let left: Vec<_> = std::fs::read_dir(&wake_dir).unwrap().flatten().collect();
    assert!(left.is_empty(), "the socket is removed at exit: {left:?}");
}
