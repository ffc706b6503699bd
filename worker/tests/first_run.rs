//! The first hour, as a newcomer meets it: the real `muffle` binary on a fresh data
//! directory, with nothing configured, a Postgres that is not there or not migrated, and the
//! usual slips. Error text is asserted whole where it is the point.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

/// A fresh, empty data directory, removed at the end of the test.
struct DataDir(PathBuf);

impl DataDir {
    fn new() -> DataDir {
        let dir = std::env::temp_dir().join(format!("muffle-first-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        DataDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `muffle ARGS` with only `vars` configured (the embedded default otherwise).
fn muffle(dir: &DataDir, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_muffle"));
    command.args(args).current_dir(dir.path());
    for (name, _) in std::env::vars() {
        if name == "DATABASE_URL" || name == "REDIS_URL" || name.starts_with("MUFFLE_") {
            command.env_remove(name);
        }
    }
    command
        .env("MUFFLE_DATA_DIR", dir.path().join("data"))
        .env("NO_COLOR", "1");
    for (name, value) in vars {
        command.env(name, value);
    }
    command.output().expect("run muffle")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_fresh_embedded_data_directory_migrates_itself() {
    let dir = DataDir::new();
    let output = muffle(&dir, &["jobs", "failed"], &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "no failed jobs\n");
    assert_eq!(text(&output.stderr), "");

    let dir = DataDir::new();
    let output = muffle(&dir, &["sweeps", "status"], &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stderr), "");
}

#[test]
fn a_postgres_that_is_not_listening_is_named_with_the_reason() {
    // Port 1 on loopback: nothing listens there.
    let dir = DataDir::new();
    let url = "postgres://muffle:hunter2@127.0.0.1:1/muffle";
    for args in [&["jobs", "failed"][..], &["sweeps", "status"], &["migrate"]] {
        let output = muffle(&dir, args, &[("DATABASE_URL", url)]);
        assert!(!output.status.success());
        assert_eq!(
            text(&output.stderr),
            "muffle: cannot connect to Postgres at 127.0.0.1:1 (connection refused)\n",
            "{args:?}"
        );
    }
}

/// A fresh Postgres database, dropped at the end.
struct PostgresDb {
    admin: String,
    name: String,
}

impl PostgresDb {
    fn create() -> PostgresDb {
        let admin = std::env::var("TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let name = format!("muffle_first_{}", uuid::Uuid::new_v4().simple());
        let db = PostgresDb { admin, name };
        db.admin_execute(&format!("CREATE DATABASE {}", db.name));
        db
    }

    fn url(&self) -> String {
        let base = self
            .admin
            .rsplit_once('/')
            .map_or(self.admin.as_str(), |(b, _)| b);
        format!("{base}/{}", self.name)
    }

    fn admin_execute(&self, sql: &str) {
        use sea_orm::ConnectionTrait;
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let admin = sea_orm::Database::connect(self.admin.as_str())
                .await
                .expect("connect to the test Postgres (TEST_POSTGRES_URL)");
            admin.execute_unprepared(sql).await.unwrap();
        });
    }
}

impl Drop for PostgresDb {
    fn drop(&mut self) {
        self.admin_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

#[test]
fn an_unmigrated_postgres_says_run_muffle_migrate() {
    let postgres = PostgresDb::create();
    let dir = DataDir::new();
    let url = postgres.url();
    for args in [
        &["jobs", "failed"][..],
        &["sweeps", "status"],
        &["schedules", "list"],
    ] {
        let output = muffle(&dir, args, &[("DATABASE_URL", &url)]);
        assert!(!output.status.success(), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.starts_with("muffle: the database is missing ")
                && stderr.ends_with(" migration(s): run `muffle migrate`\n"),
            "{args:?}: {stderr}"
        );
    }
    let migrated = muffle(&dir, &["migrate"], &[("DATABASE_URL", &url)]);
    assert!(migrated.status.success(), "{}", text(&migrated.stderr));
    let output = muffle(&dir, &["jobs", "failed"], &[("DATABASE_URL", &url)]);
    assert_eq!(text(&output.stdout), "no failed jobs\n");
}

#[test]
fn detect_reads_no_database_configuration() {
    let dir = DataDir::new();
    let mut command = Command::new(env!("CARGO_BIN_EXE_muffle"));
    let mut child = command
        .arg("detect")
        .env("DATABASE_URL", "mysql://not-even-a-supported-database")
        .env("REDIS_URL", "nonsense")
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\":\"1\",\"text\":\"my ssn is 123-45-6789\"}\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("\"SSN\""),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn help_lists_the_environment_and_every_job_with_its_payload() {
    let dir = DataDir::new();
    let help = text(&muffle(&dir, &["--help"], &[]).stdout);
    for variable in [
        "DATABASE_URL",
        "REDIS_URL",
        "MUFFLE_DATA_DIR",
        "MUFFLE_API_TOKEN",
    ] {
        assert!(help.contains(variable), "{variable} missing:\n{help}");
    }
    let help = text(&muffle(&dir, &["enqueue", "--help"], &[]).stdout);
    let jobs = text(&muffle(&dir, &["jobs", "list"], &[]).stdout);
    assert!(jobs.lines().count() > 10);
    for line in jobs.lines() {
        let job = line.split('\t').next().unwrap();
        assert!(
            help.contains(&format!("  {job} ")),
            "{job} missing:\n{help}"
        );
    }
    assert!(
        help.contains("redact_call") && help.contains("{call_id}"),
        "{help}"
    );
    assert!(
        help.contains("{account_id, kinds?, since?, until?}"),
        "{help}"
    );
}

#[test]
fn a_five_field_cron_gets_the_seconds_hint() {
    let dir = DataDir::new();
    let output = muffle(
        &dir,
        &[
            "schedules",
            "add",
            "--account",
            "1",
            "--cron",
            "0 3 * * *",
            "--kinds",
            "texts",
            "--older-than-days",
            "30",
            "--action",
            "redact",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).ends_with("got 5; add the seconds field: `0 0 3 * * *`\n"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_port_in_use_is_named() {
    let dir = DataDir::new();
    let taken = std::net::TcpListener::bind("0.0.0.0:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = muffle(&dir, &["web"], &[("PORT", &port)]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "muffle: port {port} is already in use (another `muffle web`?); stop it or set PORT to a free port\n"
        )),
        "{stderr}"
    );
}

#[test]
fn redact_call_names_a_recording_passed_as_the_transcript() {
    let dir = DataDir::new();
    let wav = dir.path().join("call.wav");
    std::fs::write(&wav, b"RIFF\x24\0\0\0WAVEfmt \x10\0\0\0").unwrap();
    let wav = wav.to_str().unwrap();
    let out = dir.path().join("out.wav");
    let output = muffle(
        &dir,
        &[
            "redact-call",
            "--transcript",
            wav,
            "--audio",
            wav,
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert!(!output.status.success());
    assert_eq!(
        text(&output.stderr),
        "muffle: transcript is not JSON (it looks like a WAV file); pass the recording as --audio\n"
    );
    assert!(!out.exists());
}

/// The demo's `--json` report: what was found in each interaction, one placeholder per
/// value in the human view while the stored transcript keeps one per word, the silenced
/// ranges, and every job succeeded. Logs went to the file, not to the report.
#[test]
fn the_demo_reports_what_it_found_as_json() {
    let dir = DataDir::new();
    let output = muffle(&dir, &["demo", "--json"], &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&output.stdout)));
    assert_eq!(report["failed_jobs"], serde_json::json!([]));
    let interactions = report["interactions"].as_array().unwrap();
    let kinds: Vec<&str> = interactions
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["call", "text", "text", "chat", "form"]);

    let call = &interactions[0];
    let card_turn = call["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|line| line["before"].to_string().contains("four one one"))
        .expect("the card turn");
    let after: String = card_turn["after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(after, "[CREDIT_CARD]");
    assert_eq!(card_turn["before"][0]["found"], "CREDIT_CARD");
    let audio = &call["audio"];
    assert!(
        audio["placeholder_words"].as_u64().unwrap() >= 16,
        "{audio}"
    );
    assert!(!audio["ranges_ms"].as_array().unwrap().is_empty());
    assert!(audio["silenced_seconds"].as_f64().unwrap() > 6.0, "{audio}");
    assert_eq!(audio["rewritten"], true);
    assert!(
        call["tags"]
            .as_array()
            .unwrap()
            .contains(&"pci:card".into())
    );

    let ssn_text = &interactions[1];
    assert!(
        ssn_text["lines"][0]["before"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["found"] == "SSN" && p["text"] == "123-45-6789"),
        "{ssn_text}"
    );
    assert!(
        report["media_link"]["url"]
            .as_str()
            .unwrap()
            .contains("/media/")
    );
    assert!(
        report["recording_note"]
            .as_str()
            .unwrap()
            .contains("synthetic")
    );
    // Log lines went to the log file, not to the terminal.
    assert_eq!(text(&output.stderr), "");
    let log = std::fs::read_to_string(report["log_file"].as_str().expect("a log file without -v"))
        .unwrap();
    assert!(!log.is_empty());
}
