//! The platform's side, in its own languages: `examples/producers/producer.py` (psycopg 3 and
//! urllib) and `producer.rb` (pg and Net::HTTP) enqueue through the transactional outbox and
//! the HTTP API with an Idempotency-Key, against real Postgres, Redis and `muffle web`/`run`.
//! `scripts/test.sh` installs the interpreters and drivers (TEST_PYTHON is its venv's python).

use std::{path::PathBuf, process::Command, time::Duration};

use e2e::{TestEnv, eventually, signal, wait_exit};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/producers")
        .join(name)
}

fn python() -> String {
    std::env::var("TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Runs a producer and returns the JSON line it printed.
fn produce(program: &str, script: &str, args: &[&str]) -> Value {
    let output = Command::new(program)
        .arg(example(script))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} (installed by scripts/test.sh): {e}"));
    assert!(
        output.status.success(),
        "{script} {args:?}: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{script}: {e}: {}", String::from_utf8_lossy(&output.stdout)))
}

/// Both languages write a text and its redact_text job in one transaction, once committed and
/// once rolled back: exactly the committed texts exist and are redacted.
#[tokio::test(flavor = "multi_thread")]
async fn producers_enqueue_inside_their_own_transaction() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    let db = env.db().await;
    let account_id = e2e::create_account(&db, "Producer test").await.to_string();
    let dsn = env.database_url.clone().unwrap();
    let body = "card 4111 1111 1111 1111 exp 12/27";
    let python = python();
    let runs = [
        (python.as_str(), "producer.py", false),
        (python.as_str(), "producer.py", true),
        ("ruby", "producer.rb", false),
        ("ruby", "producer.rb", true),
    ];
    let mut committed = Vec::new();
    for (program, script, rollback) in runs {
        let result = if script.ends_with(".py") {
            let mut args = vec![
                "outbox",
                "--dsn",
                &dsn,
                "--account-id",
                &account_id,
                "--body",
                body,
            ];
            if rollback {
                args.push("--rollback");
            }
            produce(program, script, &args)
        } else {
            let mut args = vec!["outbox", &dsn, &account_id, body];
            if rollback {
                args.push("rollback");
            }
            produce(program, script, &args)
        };
        assert_eq!(result["committed"], Value::Bool(!rollback), "{result}");
        if !rollback {
            committed.push(result["text_id"].as_i64().unwrap());
        }
    }

    let ran = env.ok(&["run", "--drain"]);

    let texts = entity::texts::Entity::find().all(&db).await.unwrap();
    let mut ids: Vec<i64> = texts.iter().map(|text| text.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, committed, "only committed texts exist");
    for text in texts {
        assert!(
            text.redacted_at.is_some(),
            "text {} was not redacted\n{ran}\n{}",
            text.id,
            env.ok(&["jobs", "failed"])
        );
        assert!(!text.body.contains("4111"), "{}", text.body);
    }
    assert_eq!(
        e2e::outbox_rows(&db).await,
        0,
        "the relay emptied the outbox"
    );
}

/// Both languages POST twice with one Idempotency-Key (a retry after a lost response): one
/// task, the same id both times, and the job runs once.
#[tokio::test(flavor = "multi_thread")]
async fn producers_retry_over_http_with_an_idempotency_key() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .port();
    let env = TestEnv::production()
        .await
        .env("PORT", &port.to_string())
        .env("MUFFLE_API_TOKEN", "producer-token");
    env.ok(&["migrate"]);
    let web = env.spawn(&["web"], "web.log");
    let url = format!("http://127.0.0.1:{port}");
    let up = eventually(Duration::from_secs(20), || async {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    })
    .await;
    assert!(up, "{}", env.log("web.log"));

    let python = python();
    for (program, script, probe) in [
        (python.as_str(), "producer.py", "py-once"),
        ("ruby", "producer.rb", "rb-once"),
    ] {
        let payload = format!(r#"{{"probe_id":"{probe}"}}"#);
        let key = format!("{probe}-key");
        let send = || {
            if script.ends_with(".py") {
                produce(
                    program,
                    script,
                    &[
                        "http",
                        "--url",
                        &url,
                        "--token",
                        "producer-token",
                        "--job",
                        "probe_worker",
                        "--payload",
                        &payload,
                        "--key",
                        &key,
                    ],
                )
            } else {
                produce(
                    program,
                    script,
                    &[
                        "http",
                        &url,
                        "producer-token",
                        "probe_worker",
                        &payload,
                        &key,
                    ],
                )
            }
        };
        let first = send();
        let again = send();
        assert_eq!(first["status"], 202, "{first}");
        assert_eq!(again["status"], 200, "{again}");
        assert_eq!(again["repeated"], true, "{again}");
        assert_eq!(first["task_id"], again["task_id"]);
    }
    signal(&web, "TERM");
    assert!(wait_exit(web, Duration::from_secs(10)).success());

    env.ok(&["run", "--drain"]);
    let db = env.db().await;
    for probe in ["py-once", "rb-once"] {
        let runs = entity::worker_probes::Entity::find()
            .filter(entity::worker_probes::Column::ProbeId.eq(probe))
            .all(&db)
            .await
            .unwrap();
        assert_eq!(runs.len(), 1, "{probe} ran {} times", runs.len());
    }
}
