//! Helpers for Muffle's end-to-end tests: each test gets its own Postgres database, Redis
//! key prefix and data directory, and drives the real `muffle` binary.

use std::{
    path::PathBuf,
    process::{Child, Command, Output, Stdio},
    time::{Duration, Instant},
};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// The `muffle` binary built beside this test binary (`scripts/test.sh` builds it first).
pub fn muffle_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    // target/<profile>/deps/<test> → target/<profile>/muffle
    let bin = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|dir| dir.join("muffle"));
    match bin {
        Some(bin) if bin.exists() => bin,
        _ => panic!(
            "muffle binary not found beside {}: run `cargo build -p worker` first",
            exe.display()
        ),
    }
}

pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// One test's world: its own database, queue prefix and data directory.
pub struct TestEnv {
    pub database_url: Option<String>,
    pub redis_url: Option<String>,
    pub prefix: String,
    pub data_dir: tempfile::TempDir,
    pub extra_env: Vec<(String, String)>,
}

impl TestEnv {
    /// Postgres + Redis, as in production.
    pub async fn production() -> TestEnv {
        let name = format!(
            "muffle_t_{}",
            ulid::Ulid::generate().to_string().to_lowercase()
        );
        let admin = Database::connect(postgres_admin_url())
            .await
            .expect("connect to test Postgres");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        let base = postgres_admin_url();
        let database_url = format!(
            "{}/{name}",
            base.rsplit_once('/').map(|(host, _)| host).unwrap_or(&base)
        );
        TestEnv {
            database_url: Some(database_url),
            redis_url: Some(redis_url()),
            prefix: format!("t{}", ulid::Ulid::generate()),
            data_dir: tempfile::tempdir().expect("temp dir"),
            extra_env: Vec::new(),
        }
    }

    /// The embedded default: SQLite database and queue in a temp directory.
    pub fn embedded() -> TestEnv {
        TestEnv {
            database_url: None,
            redis_url: None,
            prefix: "muffle".into(),
            data_dir: tempfile::tempdir().expect("temp dir"),
            extra_env: Vec::new(),
        }
    }

    pub fn env(mut self, key: &str, value: &str) -> TestEnv {
        self.extra_env.push((key.into(), value.into()));
        self
    }

    /// A `muffle` command configured for this environment only.
    pub fn muffle(&self, args: &[&str]) -> Command {
        let mut command = Command::new(muffle_bin());
        command.args(args).current_dir(self.data_dir.path());
        for var in [
            "DATABASE_URL",
            "REDIS_URL",
            "MUFFLE_QUEUE_PREFIX",
            "MUFFLE_DATA_DIR",
            "LOG_FORMAT",
        ] {
            command.env_remove(var);
        }
        command
            .env("MUFFLE_DATA_DIR", self.data_dir.path().join("data"))
            .env("MUFFLE_QUEUE_PREFIX", &self.prefix)
            .env("MUFFLE_HEARTBEAT_SECS", "1")
            .env("MUFFLE_RETRY_BASE_MS", "50")
            .env("MUFFLE_RETRY_MAX_MS", "400");
        if let Some(url) = &self.database_url {
            command.env("DATABASE_URL", url);
        }
        if let Some(url) = &self.redis_url {
            command.env("REDIS_URL", url);
        }
        for (key, value) in &self.extra_env {
            command.env(key, value);
        }
        command
    }

    /// Runs `muffle ARGS` to completion (bounded), returning its output. Output goes through
    /// files, not pipes, so a chatty process can never block on a full pipe.
    pub fn run(&self, args: &[&str]) -> Output {
        let id = ulid::Ulid::generate();
        let out_path = self.data_dir.path().join(format!("{id}.out"));
        let err_path = self.data_dir.path().join(format!("{id}.err"));
        let mut child = self
            .muffle(args)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out_path).expect("stdout file"))
            .stderr(std::fs::File::create(&err_path).expect("stderr file"))
            .spawn()
            .expect("spawn muffle");
        let deadline = Instant::now() + Duration::from_secs(300);
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("muffle {args:?} did not finish within 300 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Output {
            status,
            stdout: std::fs::read(&out_path).unwrap_or_default(),
            stderr: std::fs::read(&err_path).unwrap_or_default(),
        }
    }

    /// Runs `muffle ARGS` and insists it succeeds; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "muffle {args:?} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf-8 stdout")
    }

    /// Starts a long-running `muffle ARGS`; its log goes to a file (a pipe could fill and
    /// block it), read back by [`TestEnv::log`].
    pub fn spawn(&self, args: &[&str], log: &str) -> Child {
        let file = std::fs::File::create(self.data_dir.path().join(log)).expect("log file");
        self.muffle(args)
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .expect("spawn muffle")
    }

    pub fn log(&self, log: &str) -> String {
        std::fs::read_to_string(self.data_dir.path().join(log)).unwrap_or_default()
    }

    /// A connection to this environment's database (migrated).
    pub async fn db(&self) -> DatabaseConnection {
        let url = match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.path().join("data/muffle.db").display()
            ),
        };
        if self.database_url.is_none() {
            std::fs::create_dir_all(self.data_dir.path().join("data")).unwrap();
        }
        let db = Database::connect(url).await.expect("connect test database");
        use migration::MigratorTrait;
        migration::Migrator::up(&db, None).await.expect("migrate");
        db
    }
}

/// Sends SIGTERM (or SIGKILL) to a child.
pub fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill");
    assert!(status.success(), "kill -{signal} failed");
}

/// Waits (bounded) for a child to exit.
pub fn wait_exit(mut child: Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("process did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Polls `check` until it returns true (bounded), for waiting on another process.
pub async fn eventually<F, Fut>(limit: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

pub mod proxy;

/// A Redis server of the test's own, on a free port, persisting to its own directory (so a
/// restart keeps the queue): for outages that must not touch the shared Redis.
pub struct OwnRedis {
    pub port: u16,
    dir: tempfile::TempDir,
    server: Option<Child>,
}

impl OwnRedis {
    pub fn start() -> OwnRedis {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("free port")
            .port();
        let mut redis = OwnRedis {
            port,
            dir: tempfile::tempdir().expect("temp dir"),
            server: None,
        };
        redis.restart();
        redis
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Kills the server at once (SIGKILL: connections are refused from now on).
    pub fn kill(&mut self) {
        if let Some(mut server) = self.server.take() {
            let _ = server.kill();
            let _ = server.wait();
        }
    }

    /// Starts the server again on the same port with the data it had (append-only file).
    pub fn restart(&mut self) {
        self.kill();
        let server = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args([
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ])
            .arg("--dir")
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server on PATH");
        self.server = Some(server);
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "own redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An account with recording and secure transcription on (so its rows are redacted
/// automatically), for tests that need rows to belong somewhere.
pub async fn create_account(db: &DatabaseConnection, name: &str) -> i64 {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    entity::accounts::ActiveModel {
        name: Set(name.into()),
        timezone: Set("UTC".into()),
        recording_enabled: Set(true),
        secure_transcription: Set(true),
        audio_redaction: Set("silence".into()),
        media_pin_protected: Set(false),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert account")
    .id
}

/// Rows still waiting in `job_outbox`.
pub async fn outbox_rows(db: &DatabaseConnection) -> i64 {
    db.query_one_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        "SELECT COUNT(*) AS n FROM job_outbox",
    ))
    .await
    .expect("count the outbox")
    .expect("one row")
    .try_get::<i64>("", "n")
    .expect("a count")
}
