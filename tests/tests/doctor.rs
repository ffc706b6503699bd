//! `muffle doctor` against a healthy deployment (Postgres, Redis, a versioned bucket, a clock
//! that ran) and broken ones (Redis on the wrong port, a bucket without versioning).

use std::{
    io::{Read, Write},
    time::Duration,
};

use e2e::{TestEnv, eventually, signal, wait_exit};
use sea_orm::{EntityTrait, PaginatorTrait};

/// `TEST_S3_ENDPOINT`: the moto server scripts/test.sh starts.
fn s3_endpoint() -> String {
    std::env::var("TEST_S3_ENDPOINT")
        .expect("TEST_S3_ENDPOINT: run through scripts/test.sh (it starts the S3 server)")
}

/// One unsigned request to the S3 test server (moto does not check signatures).
fn s3_request(method: &str, path: &str, body: &str) -> u16 {
    let endpoint = s3_endpoint();
    let authority = endpoint.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(authority).expect("S3 test server");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response[9..12].parse().unwrap()
}

/// A new bucket, versioned or not.
fn bucket(versioned: bool) -> String {
    let name = format!(
        "doctor-{}",
        ulid::Ulid::generate().to_string().to_lowercase()
    );
    assert_eq!(s3_request("PUT", &format!("/{name}"), ""), 200);
    if versioned {
        let body = "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
                    <Status>Enabled</Status></VersioningConfiguration>";
        assert_eq!(s3_request("PUT", &format!("/{name}?versioning"), body), 200);
    }
    name
}

fn with_bucket(env: TestEnv, bucket: &str) -> TestEnv {
    env.env("S3_BUCKET", bucket)
        .env("S3_ENDPOINT", &s3_endpoint())
        .env("S3_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "doctor-secret-key")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_healthy_deployment_passes_every_check() {
    let smtp = |name: &str| std::env::var(name).expect("set by scripts/test.sh");
    let env = with_bucket(TestEnv::production().await, &bucket(true))
        .env("MUFFLE_API_TOKEN", "doctor-api-token")
        .env("SMTP_URL", &smtp("TEST_SMTP_TLS_URL"))
        .env("SMTP_CA_FILE", &smtp("TEST_SMTP_CA_FILE"));
    env.ok(&["migrate"]);
    // The clock claims its hourly maintenance at start: then it has ticked.
    let clock = env.spawn(&["clock"], "clock.log");
    let db = env.db().await;
    let ticked = eventually(Duration::from_secs(30), || async {
        entity::clock_fires::Entity::find()
            .count(&db)
            .await
            .unwrap()
            > 0
    })
    .await;
    assert!(ticked, "{}", env.log("clock.log"));
    // Only its claims matter here; how a clock shuts down is tested elsewhere.
    signal(&clock, "KILL");
    wait_exit(clock, Duration::from_secs(30));

    let output = env.run(&["doctor"]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{report}");
    for line in [
        "✓ configuration parsed",
        "✓ database reachable: postgres",
        "✓ migrations current",
        "✓ queue backend reachable: Redis ",
        "✓ Redis maxmemory-policy: noeviction",
        "✓ S3 bucket doctor-",
        "✓ S3 versioning: enabled",
        "✓ clock ticking: last claim",
        "✓ notification mail: smtp://127.0.0.1:",
        "(STARTTLS required)",
        "✓ failed jobs: none",
        "all checks passed",
    ] {
        assert!(report.contains(line), "missing {line:?}:\n{report}");
    }
    assert!(!report.contains('✗'), "{report}");
    // Secrets never show; URLs lose their credentials.
    assert!(!report.contains("doctor-secret-key"), "{report}");
    assert!(!report.contains("doctor-api-token"), "{report}");
    assert!(
        report.contains("MUFFLE_API_TOKEN               set (hidden)"),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn redis_on_the_wrong_port_and_an_unversioned_bucket_fail_with_hints() {
    let env = with_bucket(TestEnv::production().await, &bucket(false));
    env.ok(&["migrate"]);
    let env = TestEnv {
        redis_url: Some("redis://127.0.0.1:1".into()),
        ..env
    }
    // STARTTLS to a server whose certificate we were not told to trust.
    .env(
        "SMTP_URL",
        &std::env::var("TEST_SMTP_TLS_URL").expect("set by scripts/test.sh"),
    );
    let output = env.run(&["doctor"]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(report.contains("✓ database reachable"), "{report}");
    assert!(report.contains("✗ queue backend reachable"), "{report}");
    assert!(report.contains("→ check REDIS_URL"), "{report}");
    assert!(
        report.contains("✗ S3 versioning: never enabled"),
        "{report}"
    );
    assert!(
        report.contains("→ enable versioning on the bucket"),
        "{report}"
    );
    assert!(
        report.contains("✗ clock ticking: no fire ever claimed"),
        "{report}"
    );
    assert!(report.contains("✗ notification mail"), "{report}");
    assert!(report.contains("something is wrong"), "{report}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_that_is_not_migrated_and_a_bad_variable_are_reported() {
    let env = TestEnv::production().await;
    let output = env.run(&["doctor"]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(report.contains("✗ migrations current"), "{report}");
    assert!(report.contains("→ run `muffle migrate`"), "{report}");

    let output = env
        .muffle(&["doctor"])
        .env("MUFFLE_CONCURRENCY", "lots")
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(
        report.contains("✗ configuration: invalid MUFFLE_CONCURRENCY"),
        "{report}"
    );
    assert!(!report.contains("lots"), "never echoes the value: {report}");
}
