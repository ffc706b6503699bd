//! Faults and bad input against real `muffle` processes (issue 16): a poison task in either
//! queue, Redis killed and restarted, a network blackhole (through the tests' TCP proxy), an
//! erasure payload left in the queue's store, and a finished job redelivered after its
//! acknowledgement was lost. Each test uses its own database, key prefix, and (for outages)
//! its own Redis server, so the suite runs in parallel.

use std::{collections::HashMap, time::Duration};

use e2e::{OwnRedis, TestEnv, eventually, proxy::Proxy, signal, wait_exit};
use redis::AsyncCommands;
use sea_orm::{ConnectionTrait, EntityTrait};

/// How many times each probe id completed.
async fn completions(db: &sea_orm::DatabaseConnection) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for probe in entity::worker_probes::Entity::find().all(db).await.unwrap() {
        *counts.entry(probe.probe_id).or_default() += 1;
    }
    counts
}

fn enqueue_probe(env: &TestEnv, probe_id: &str) -> String {
    let payload = format!(r#"{{"probe_id":"{probe_id}"}}"#);
    env.ok(&["enqueue", "probe_worker", "--json", &payload])
        .trim()
        .to_owned()
}

async fn redis(env: &TestEnv) -> redis::aio::MultiplexedConnection {
    let url = env.redis_url.clone().expect("a Redis environment");
    redis::Client::open(url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap()
}

async fn assert_one_undecodable_failure(db: &sea_orm::DatabaseConnection) {
    let failed = entity::failed_jobs::Entity::find().all(db).await.unwrap();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].job_name, "probe_worker");
    assert!(failed[0].error.contains("not JSON"), "{}", failed[0].error);
    assert_eq!(failed[0].payload, serde_json::Value::Null, "no bytes kept");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_poison_task_on_redis_goes_to_failed_jobs_and_the_queue_goes_on() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    enqueue_probe(&env, "before");
    enqueue_probe(&env, "poison");
    enqueue_probe(&env, "after");
    let mut conn = redis(&env).await;
    let data_hash = format!("{}:probe_worker:data", env.prefix);
    let data: HashMap<String, Vec<u8>> = conn.hgetall(&data_hash).await.unwrap();
    let poison = data
        .iter()
        .find(|(_, bytes)| String::from_utf8_lossy(bytes).contains("\"poison\""))
        .map(|(id, _)| id.clone())
        .expect("the poison task's data");
    let _: () = conn
        .hset(&data_hash, &poison, "not json 4111 1111 1111 1111")
        .await
        .unwrap();

    env.ok(&["run", "--drain"]);

    let db = env.db().await;
    let done = completions(&db).await;
    assert_eq!(done.get("before"), Some(&1));
    assert_eq!(done.get("after"), Some(&1), "the queue went on: {done:?}");
    assert_eq!(done.get("poison"), None);
    assert_one_undecodable_failure(&db).await;
    let listed = env.ok(&["jobs", "failed"]);
    assert!(!listed.contains("4111"), "{listed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_poison_task_on_the_embedded_queue_goes_to_failed_jobs_and_the_queue_goes_on() {
    let env = TestEnv::embedded();
    enqueue_probe(&env, "before");
    let poison = enqueue_probe(&env, "poison");
    enqueue_probe(&env, "after");
    let queue_url = format!(
        "sqlite://{}",
        env.data_dir.path().join("data/queue.db").display()
    );
    let queue = sea_orm::Database::connect(queue_url).await.unwrap();
    let changed = queue
        .execute_unprepared(&format!(
            "UPDATE Jobs SET job = CAST('not json' AS BLOB) WHERE id = '{poison}'"
        ))
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 1, "the poison task's row");
    queue.close().await.unwrap();

    env.ok(&["run", "--drain"]);

    let db = env.db().await;
    let done = completions(&db).await;
    assert_eq!(done.get("before"), Some(&1));
    assert_eq!(done.get("after"), Some(&1), "the queue went on: {done:?}");
    assert_one_undecodable_failure(&db).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_worker_rides_out_redis_being_killed_and_reports_unhealthy_meanwhile() {
    let mut own = OwnRedis::start();
    let mut env = TestEnv::production().await;
    env.redis_url = Some(own.url());
    let metrics_port = free_port();
    let env = env.env("METRICS_PORT", &metrics_port.to_string());
    env.ok(&["migrate"]);
    let worker = env.spawn(&["run"], "worker.log");
    let db = env.db().await;
    enqueue_probe(&env, "before-outage");
    assert!(
        eventually(Duration::from_secs(20), || async {
            completions(&db).await.contains_key("before-outage")
        })
        .await,
        "{}",
        env.log("worker.log")
    );
    assert_eq!(health(metrics_port).await, Some(200));

    own.kill();
    // Longer than the ~10 s after which the unpatched worker exited 0.
    let unhealthy = eventually(Duration::from_secs(15), || async {
        health(metrics_port).await == Some(503)
    })
    .await;
    tokio::time::sleep(Duration::from_secs(12)).await;
    let mut worker = worker;
    assert!(
        worker.try_wait().unwrap().is_none(),
        "the worker exited during the outage:\n{}",
        env.log("worker.log")
    );
    assert!(unhealthy, "/healthz did not report the outage");

    own.restart();
    enqueue_probe(&env, "after-outage");
    let resumed = eventually(Duration::from_secs(40), || async {
        completions(&db).await.contains_key("after-outage")
    })
    .await;
    assert!(resumed, "{}", env.log("worker.log"));
    assert!(
        eventually(Duration::from_secs(20), || async {
            health(metrics_port).await == Some(200)
        })
        .await
    );
    signal(&worker, "TERM");
    let status = wait_exit(worker, Duration::from_secs(30));
    assert!(status.success(), "{status}\n{}", env.log("worker.log"));
    let done = completions(&db).await;
    assert_eq!(done.get("before-outage"), Some(&1));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_twenty_second_blackhole_loses_no_job() {
    let own = OwnRedis::start();
    let proxy = Proxy::start(format!("127.0.0.1:{}", own.port)).await;
    let mut env = TestEnv::production().await;
    env.redis_url = Some(proxy.url());
    env.ok(&["migrate"]);
    // Producers reach Redis directly: the blackhole is between the worker and Redis.
    let producer = TestEnv {
        database_url: env.database_url.clone(),
        redis_url: Some(own.url()),
        prefix: env.prefix.clone(),
        data_dir: tempfile::tempdir().unwrap(),
        extra_env: Vec::new(),
    };
    let jobs = 120;
    // Slow enough that many are in flight when the stall begins (8 at a time).
    let payloads: Vec<String> = (0..jobs)
        .map(|i| format!(r#"{{"probe_id":"p{i}","sleep_ms":400}}"#))
        .collect();
    let worker = env.spawn(&["run"], "worker.log");
    for payload in &payloads[..jobs / 2] {
        producer.ok(&["enqueue", "probe_worker", "--json", payload]);
    }
    proxy.stall();
    for payload in &payloads[jobs / 2..] {
        producer.ok(&["enqueue", "probe_worker", "--json", payload]);
    }
    tokio::time::sleep(Duration::from_secs(20)).await;
    proxy.resume();

    let db = env.db().await;
    let all_done = eventually(Duration::from_secs(90), || async {
        completions(&db).await.len() == jobs
    })
    .await;
    let done = completions(&db).await;
    let duplicates: usize = done.values().map(|n| n - 1).sum();
    eprintln!(
        "blackhole 20 s: {} of {jobs} jobs done, {duplicates} duplicate runs",
        done.len()
    );
    assert!(
        all_done,
        "lost jobs: {} of {jobs} done\n{}",
        done.len(),
        env.log("worker.log")
    );
    signal(&worker, "TERM");
    let status = wait_exit(worker, Duration::from_secs(30));
    assert!(status.success(), "{status}\n{}", env.log("worker.log"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_erasure_payload_does_not_stay_in_the_queue_store() {
    for env in [TestEnv::production().await, TestEnv::embedded()] {
        let db = env.db().await;
        let account_id = e2e::create_account(&db, "Erasure test").await;
        let phone = "+14155550123";
        let email = "erase.me@example.com";
        let payload = format!(
            r#"{{"account_id":{},"phone":"{phone}","email":"{email}"}}"#,
            account_id
        );
        env.ok(&["enqueue", "erase_contact", "--json", &payload]);
        env.ok(&["run", "--drain"]);

        let stored = queue_store_dump(&env).await;
        assert!(
            !stored.is_empty(),
            "the finished task is still in the store"
        );
        for needle in [phone, "4155550123", email] {
            assert!(
                !stored.contains(needle),
                "{needle} left in the queue: {stored}"
            );
        }
        assert!(stored.contains("contact_sha256"), "{stored}");
    }
}

/// Every task's stored data of `erase_contact`, as text.
async fn queue_store_dump(env: &TestEnv) -> String {
    match &env.redis_url {
        Some(_) => {
            let mut conn = redis(env).await;
            let data: HashMap<String, Vec<u8>> = conn
                .hgetall(format!("{}:erase_contact:data", env.prefix))
                .await
                .unwrap();
            data.values()
                .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
                .collect()
        }
        None => {
            let url = format!(
                "sqlite://{}",
                env.data_dir.path().join("data/queue.db").display()
            );
            let queue = sea_orm::Database::connect(url).await.unwrap();
            let rows = queue
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Sqlite,
                    "SELECT CAST(job AS TEXT) AS job FROM Jobs WHERE job_type LIKE '%erase_contact'",
                ))
                .await
                .unwrap();
            rows.iter()
                .map(|row| row.try_get::<String>("", "job").unwrap())
                .collect()
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_finished_job_redelivered_after_a_lost_acknowledgement_does_not_run_again() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    let task_id = enqueue_probe(&env, "once");
    env.ok(&["run", "--drain"]);
    let db = env.db().await;
    assert_eq!(completions(&db).await.get("once"), Some(&1));

    // What the worker's vanishing leaves (SIGTERM at the shutdown limit, before the ack was
    // written): the task back in the active list, marked by the orphan re-enqueue.
    let mut conn = redis(&env).await;
    let queue = format!("{}:probe_worker", env.prefix);
    let _: () = conn
        .hset(format!("{queue}:meta:{task_id}"), "muffle_redelivered", "1")
        .await
        .unwrap();
    let _: () = conn
        .rpush(format!("{queue}:active"), &task_id)
        .await
        .unwrap();
    env.ok(&["run", "--drain"]);
    assert_eq!(
        completions(&db).await.get("once"),
        Some(&1),
        "ran again after it had finished"
    );

    // A task that was cut short mid-run (its status still `running`) does run again.
    let crashed = enqueue_probe(&env, "cut-short");
    // Pushes land in the scheduled set first; take it out, as a fetch would have.
    let _: i64 = conn
        .zrem(format!("{queue}:scheduled"), &crashed)
        .await
        .unwrap();
    let _: () = conn
        .hset(format!("{queue}:meta:{crashed}"), "muffle_redelivered", "1")
        .await
        .unwrap();
    let _: () = conn
        .rpush(format!("{queue}:active"), &crashed)
        .await
        .unwrap();
    env.ok(&["run", "--drain"]);
    assert_eq!(completions(&db).await.get("cut-short"), Some(&1));
}

/// The embedded queue's orphan re-enqueue counts an attempt instead of marking the task; a
/// finished task put back that way is not run again either.
#[tokio::test(flavor = "multi_thread")]
async fn a_finished_job_redelivered_on_the_embedded_queue_does_not_run_again() {
    let env = TestEnv::embedded();
    let task_id = enqueue_probe(&env, "once");
    env.ok(&["run", "--drain"]);
    let db = env.db().await;
    assert_eq!(completions(&db).await.get("once"), Some(&1));
    let queue_url = format!(
        "sqlite://{}",
        env.data_dir.path().join("data/queue.db").display()
    );
    let queue = sea_orm::Database::connect(queue_url).await.unwrap();
    // What apalis-sqlite's reenqueue_orphaned does to a task whose worker stopped heartbeating.
    let changed = queue
        .execute_unprepared(&format!(
            "UPDATE Jobs SET status = 'Pending', done_at = NULL, lock_by = NULL, lock_at = NULL, \
             attempts = attempts + 1 WHERE id = '{task_id}'"
        ))
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 1);
    queue.close().await.unwrap();
    env.ok(&["run", "--drain"]);
    assert_eq!(
        completions(&db).await.get("once"),
        Some(&1),
        "ran again after it had finished"
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .port()
}

/// The status code of the worker's `/healthz` on the metrics port (None: no answer).
async fn health(port: u16) -> Option<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let request = async {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .ok()?;
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).await.ok()?;
        response.split_whitespace().nth(1)?.parse().ok()
    };
    tokio::time::timeout(Duration::from_secs(3), request)
        .await
        .ok()
        .flatten()
}

/// A long SMS: filler lines with a card, an expiry and a code every 500 lines.
fn long_sms(bytes: usize) -> String {
    let mut body = String::with_capacity(bytes + 100);
    let mut line = 0;
    while body.len() < bytes {
        line += 1;
        if line % 500 == 0 {
            body.push_str("customer: my card is 4111 1111 1111 1111 exp 09/28 code 737\n");
        } else {
            body.push_str(&format!(
                "agent: thanks for waiting, your order {} ships monday\n",
                1000 + line % 9000
            ));
        }
    }
    body
}

async fn insert_text(db: &sea_orm::DatabaseConnection, account_id: i64, body: String) -> i64 {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    entity::texts::ActiveModel {
        account_id: Set(account_id),
        body: Set(body),
        tags: Set(serde_json::json!([])),
        sent_at: Set(chrono::Utc::now()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// The worker's peak resident memory (VmHWM), read until it exits.
fn run_and_measure_peak_kib(env: &TestEnv, args: &[&str]) -> (std::process::ExitStatus, u64) {
    let mut child = env
        .muffle(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut peak = 0;
    let deadline = std::time::Instant::now() + Duration::from_secs(300);
    loop {
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{}/status", child.id())) {
            if let Some(kib) = status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|rest| {
                    rest.trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
            {
                peak = peak.max(kib);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            return (status, peak);
        }
        assert!(
            std::time::Instant::now() < deadline,
            "worker did not finish"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Issue 16, item 7: a 25 MB text peaked at 2.4 GB. Detection reads long text in windows and
/// the write moves the text instead of copying it: the peak stays within 10x the row, and a
/// row over the documented limit fails visibly instead of running the worker out of memory.
#[tokio::test(flavor = "multi_thread")]
async fn a_25_mb_text_is_redacted_within_ten_times_its_size_and_an_oversized_one_fails() {
    let env = TestEnv::embedded();
    let db = env.db().await;
    let account_id = e2e::create_account(&db, "Large rows").await;
    let row_bytes = 25 * 1024 * 1024;
    let text_id = insert_text(&db, account_id, long_sms(row_bytes)).await;
    env.ok(&[
        "enqueue",
        "redact_text",
        "--json",
        &format!(r#"{{"text_id":{text_id}}}"#),
    ]);

    let (status, peak_kib) = run_and_measure_peak_kib(&env, &["run", "--drain"]);
    assert!(status.success(), "{status}");
    let ratio = (peak_kib * 1024) as f64 / row_bytes as f64;
    eprintln!(
        "25 MB text: peak RSS {} MiB, {ratio:.1}x the row",
        peak_kib / 1024
    );
    assert!(
        ratio <= 10.0,
        "peak RSS {} MiB is {ratio:.1}x the row",
        peak_kib / 1024
    );
    let text = entity::texts::Entity::find_by_id(text_id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(text.redacted_at.is_some());
    assert!(!text.body.contains("4111 1111 1111 1111"));
    assert_eq!(
        text.body.matches("[CARD_CVV]").count(),
        text.body.matches("[CREDIT_CARD]").count()
    );

    let oversized = insert_text(&db, account_id, long_sms(33 * 1024 * 1024)).await;
    env.ok(&[
        "enqueue",
        "redact_text",
        "--json",
        &format!(r#"{{"text_id":{oversized}}}"#),
    ]);
    env.ok(&["run", "--drain"]);
    let failed = entity::failed_jobs::Entity::find().all(&db).await.unwrap();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(
        failed[0].error.contains("over the 33554432-byte limit"),
        "{}",
        failed[0].error
    );
    assert_eq!(failed[0].attempts, 1, "a permanent error is not retried");
}
