//! Job status by task id: the id `muffle enqueue` and `POST /jobs` return survives retries,
//! and `muffle jobs show` / `GET /jobs/{task_id}` say where the job stands.

use std::{
    io::{Read, Write},
    time::Duration,
};

use e2e::{TestEnv, eventually, signal, wait_exit};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP request on localhost: (status, body), or None while nothing answers.
fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> Option<(u16, String)> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{auth}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.get(9..12)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, body))
}

async fn probe(db: &sea_orm::DatabaseConnection, id: &str) -> Vec<entity::worker_probes::Model> {
    entity::worker_probes::Entity::find()
        .filter(entity::worker_probes::Column::ProbeId.eq(id))
        .all(db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retried_job_keeps_its_task_id_and_shows_how_it_went() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    let task_id = env
        .ok(&[
            "enqueue",
            "probe_worker",
            "--json",
            r#"{"probe_id":"again","fail_attempts":1}"#,
        ])
        .trim()
        .to_owned();
    let queued = env.ok(&["jobs", "show", &task_id]);
    assert!(queued.contains("state       queued"), "{queued}");
    assert!(queued.contains("attempts    0"), "{queued}");

    env.ok(&["run", "--drain"]);

    let done = probe(&env.db().await, "again").await;
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].attempt, 2, "the second attempt succeeded");
    assert_eq!(
        done[0].job_id, task_id,
        "the retry ran under the same task id"
    );
    let shown = env.ok(&["jobs", "show", &task_id]);
    assert!(shown.contains("job         probe_worker"), "{shown}");
    assert!(shown.contains("state       succeeded"), "{shown}");
    assert!(shown.contains("attempts    2"), "{shown}");
    assert!(
        !shown.contains("last error"),
        "a success clears the error: {shown}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_out_of_attempts_shows_failed_with_its_error_and_is_listed_by_task_id() {
    let env = TestEnv::production().await.env("MUFFLE_MAX_ATTEMPTS", "2");
    env.ok(&["migrate"]);
    let task_id = env
        .ok(&[
            "enqueue",
            "probe_worker",
            "--json",
            r#"{"probe_id":"doomed","fail_attempts":5}"#,
        ])
        .trim()
        .to_owned();
    env.ok(&["run", "--drain"]);
    let shown = env.ok(&["jobs", "show", &task_id]);
    assert!(shown.contains("state       failed"), "{shown}");
    assert!(shown.contains("attempts    2"), "{shown}");
    assert!(
        shown.contains("last error  probe failing on purpose (attempt 2 of 5 planned failures)"),
        "{shown}"
    );
    let failed = env.ok(&["jobs", "failed"]);
    assert!(
        failed
            .lines()
            .any(|l| l.contains(&task_id) && l.contains("probe_worker")),
        "{failed}"
    );

    let unknown = env.run(&["jobs", "show", "01JUNKNOWNTASK0000000000000"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no task"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_http_api_returns_the_status_of_the_task_it_enqueued() {
    let env = TestEnv::production()
        .await
        .env("MUFFLE_API_TOKEN", "status-token");
    env.ok(&["migrate"]);
    let port = free_port();
    let web = env
        .muffle(&["web"])
        .env("PORT", port.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(env.data_dir.path().join("web.log")).unwrap())
        .spawn()
        .unwrap();
    let up = eventually(Duration::from_secs(30), || async move {
        http(port, "GET", "/healthz", None, "").is_some()
    })
    .await;
    assert!(up, "{}", env.log("web.log"));

    let (status, body) = http(
        port,
        "POST",
        "/jobs/probe_worker",
        Some("status-token"),
        r#"{"probe_id":"via-http"}"#,
    )
    .unwrap();
    assert_eq!(status, 202, "{body}");
    let task_id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["task_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/jobs/{task_id}");

    let (status, body) = http(port, "GET", &path, Some("status-token"), "").unwrap();
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["state"], "queued", "{body}");
    assert_eq!(json["job"], "probe_worker");
    assert_eq!(json["attempts"], 0);

    assert_eq!(http(port, "GET", &path, None, "").unwrap().0, 401);
    assert_eq!(http(port, "GET", &path, Some("wrong"), "").unwrap().0, 401);
    let (status, body) = http(
        port,
        "GET",
        "/jobs/01JUNKNOWNTASK0000000000000",
        Some("status-token"),
        "",
    )
    .unwrap();
    assert_eq!(status, 404, "{body}");
    let (status, body) = http(
        port,
        "GET",
        "/jobs/4111111111111111",
        Some("status-token"),
        "",
    )
    .unwrap();
    assert_eq!(status, 404);
    assert!(!body.contains("4111"), "never echoes the id: {body}");

    env.ok(&["run", "--drain"]);
    let (_, body) = http(port, "GET", &path, Some("status-token"), "").unwrap();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["state"], "succeeded", "{body}");
    assert_eq!(json["attempts"], 1);
    signal(&web, "TERM");
    wait_exit(web, Duration::from_secs(30));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_embedded_queue_keeps_statuses_too() {
    let env = TestEnv::embedded().env("MUFFLE_MAX_ATTEMPTS", "3");
    let task_id = env
        .ok(&[
            "enqueue",
            "probe_worker",
            "--json",
            r#"{"probe_id":"local","fail_attempts":1}"#,
        ])
        .trim()
        .to_owned();
    env.ok(&["run", "--drain"]);
    let shown = env.ok(&["jobs", "show", &task_id]);
    assert!(shown.contains("state       succeeded"), "{shown}");
    assert!(shown.contains("attempts    2"), "{shown}");
}
