//! `GET /metrics` end to end: a real worker on Postgres + Redis runs known jobs, and its
//! scraped counters equal what ran; `muffle web` reports the queues and failed jobs.

use std::{
    io::{Read, Write},
    time::Duration,
};

use e2e::{TestEnv, eventually, signal, wait_exit};
use sea_orm::{EntityTrait, PaginatorTrait};

/// A port nobody listens on right now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `GET path` on localhost; the body, or None while nothing answers.
fn http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    Some(body.to_owned())
}

/// The value of the sample `name{labels}` exactly as rendered (labels in the given order), or
/// 0 when absent.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| {
            let (name, value) = line.rsplit_once(' ')?;
            (name == series).then(|| value.parse().unwrap())
        })
        .unwrap_or(0.0)
}

fn jobs_total(text: &str, outcome: &str) -> f64 {
    sample(
        text,
        &format!(r#"muffle_jobs_total{{job="probe_worker",outcome="{outcome}"}}"#),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn scraped_counters_equal_the_jobs_that_ran() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    for i in 0..3 {
        env.ok(&[
            "enqueue",
            "probe_worker",
            "--json",
            &format!(r#"{{"probe_id":"ok{i}"}}"#),
        ]);
    }
    // Fails once (retried), then succeeds.
    env.ok(&[
        "enqueue",
        "probe_worker",
        "--json",
        r#"{"probe_id":"flaky","fail_attempts":1}"#,
    ]);
    // Too long an id: a permanent failure, kept at once.
    let long_id = "x".repeat(300);
    env.ok(&[
        "enqueue",
        "probe_worker",
        "--json",
        &format!(r#"{{"probe_id":"{long_id}"}}"#),
    ]);

    let metrics_port = free_port();
    let worker = env
        .muffle(&["run"])
        .env("METRICS_PORT", metrics_port.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(env.data_dir.path().join("worker.log")).unwrap())
        .spawn()
        .unwrap();
    // 3 + 2 attempts + 1 = 6 attempts in all.
    let mut text = String::new();
    let all_ran = eventually(Duration::from_secs(60), || {
        text = http_get(metrics_port, "/metrics").unwrap_or_default();
        let total: f64 = ["succeeded", "retried", "failed", "timed_out", "panicked"]
            .iter()
            .map(|outcome| jobs_total(&text, outcome))
            .sum();
        async move { total >= 6.0 }
    })
    .await;
    assert!(all_ran, "{text}\n{}", env.log("worker.log"));

    let db = env.db().await;
    let probes = entity::worker_probes::Entity::find()
        .count(&db)
        .await
        .unwrap();
    let failed = entity::failed_jobs::Entity::find()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(jobs_total(&text, "succeeded"), probes as f64, "{text}");
    assert_eq!(jobs_total(&text, "succeeded"), 4.0, "{text}");
    assert_eq!(jobs_total(&text, "retried"), 1.0, "{text}");
    assert_eq!(jobs_total(&text, "failed"), failed as f64, "{text}");
    assert_eq!(jobs_total(&text, "failed"), 1.0, "{text}");
    assert_eq!(
        sample(
            &text,
            r#"muffle_job_duration_seconds_count{job="probe_worker"}"#
        ),
        6.0,
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"muffle_job_queue_wait_seconds_count{job="probe_worker"}"#
        ),
        6.0,
        "{text}"
    );
    assert!(text.contains("# HELP muffle_notifications_total"), "{text}");
    assert!(text.contains("muffle_build_info{"), "{text}");
    assert!(
        !text.contains(&long_id[..20]) && !text.contains("flaky") && !text.contains("ok0"),
        "no payload value in a label: {text}"
    );
    signal(&worker, "TERM");
    assert!(wait_exit(worker, Duration::from_secs(30)).success());

    // The web process reports the (now empty) queues and the failed job.
    let web_port = free_port();
    let web = env
        .muffle(&["web"])
        .env("PORT", web_port.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(env.data_dir.path().join("web.log")).unwrap())
        .spawn()
        .unwrap();
    let mut text = String::new();
    let up = eventually(Duration::from_secs(30), || {
        text = http_get(web_port, "/metrics").unwrap_or_default();
        let up = text.contains("muffle_queue_depth");
        async move { up }
    })
    .await;
    assert!(up, "{}", env.log("web.log"));
    let queue = format!("{}:probe_worker", env.prefix);
    for state in ["pending", "scheduled", "in_flight"] {
        assert_eq!(
            sample(
                &text,
                &format!(r#"muffle_queue_depth{{queue="{queue}",state="{state}"}}"#)
            ),
            0.0,
            "{text}"
        );
    }
    assert_eq!(
        sample(&text, r#"muffle_failed_jobs{job="probe_worker"}"#),
        1.0,
        "{text}"
    );
    signal(&web, "TERM");
    wait_exit(web, Duration::from_secs(30));
}

#[tokio::test(flavor = "multi_thread")]
async fn queue_depth_counts_waiting_tasks_and_their_age() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    for i in 0..2 {
        env.ok(&[
            "enqueue",
            "probe_worker",
            "--json",
            &format!(r#"{{"probe_id":"w{i}"}}"#),
        ]);
    }
    let web_port = free_port();
    let web = env
        .muffle(&["web"])
        .env("PORT", web_port.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(env.data_dir.path().join("web.log")).unwrap())
        .spawn()
        .unwrap();
    let mut text = String::new();
    let up = eventually(Duration::from_secs(30), || {
        text = http_get(web_port, "/metrics").unwrap_or_default();
        let up = text.contains("muffle_queue_depth");
        async move { up }
    })
    .await;
    assert!(up, "{}", env.log("web.log"));
    let queue = format!("{}:probe_worker", env.prefix);
    assert_eq!(
        sample(
            &text,
            &format!(r#"muffle_queue_depth{{queue="{queue}",state="pending"}}"#)
        ),
        2.0,
        "{text}"
    );
    let age = sample(
        &text,
        &format!(r#"muffle_queue_oldest_age_seconds{{queue="{queue}"}}"#),
    );
    assert!(age > 0.0, "{text}");
    signal(&web, "TERM");
    wait_exit(web, Duration::from_secs(30));
}
