//! `muffle doctor`: is this deployment healthy? One line per check (✓, ⚠ or ✗) with a hint
//! for each problem; exit 1 when any check fails (warnings alone exit 0). Never prints a
//! secret: URLs lose their user and password, tokens and passwords only show as set.

use std::{fmt::Write as _, process::ExitCode, time::Duration};

use migration::MigratorTrait;
use sea_orm::{DatabaseConnection, FromQueryResult, Statement};

use crate::{
    config::{Config, ConfigError, QueueConfig},
    queue::{QueueBackend, Queues},
};

/// How long each dependency may take to answer before it counts as unreachable.
const TIMEOUT: Duration = Duration::from_secs(5);
/// The clock claims its maintenance jobs hourly: no claim for longer means no clock.
const CLOCK_SILENT_AFTER: chrono::TimeDelta = chrono::TimeDelta::minutes(65);
/// A due task waiting longer than this means the workers are down or overwhelmed.
const QUEUE_STUCK_AFTER: Duration = Duration::from_secs(15 * 60);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Ok,
    Warn,
    Fail,
}

struct Report {
    text: String,
    failed: bool,
}

impl Report {
    fn new() -> Report {
        Report {
            text: String::new(),
            failed: false,
        }
    }

    fn line(&mut self, level: Level, what: &str, detail: &str, hint: Option<&str>) {
        let mark = match level {
            Level::Ok => "✓",
            Level::Warn => "⚠",
            Level::Fail => "✗",
        };
        self.failed |= level == Level::Fail;
        let _ = write!(self.text, "{mark} {what}");
        if !detail.is_empty() {
            let _ = write!(self.text, ": {detail}");
        }
        self.text.push('\n');
        if let Some(hint) = hint.filter(|_| level != Level::Ok) {
            let _ = writeln!(self.text, "    → {hint}");
        }
    }

    fn ok(&mut self, what: &str, detail: &str) {
        self.line(Level::Ok, what, detail, None);
    }

    fn finish(self) -> ExitCode {
        print!("{}", self.text);
        if self.failed {
            println!("\nsomething is wrong (see ✗ above)");
            ExitCode::FAILURE
        } else {
            println!("\nall checks passed");
            ExitCode::SUCCESS
        }
    }
}

/// The configuration did not parse: that is the only finding (nothing else can be checked).
pub fn config_failed(error: &ConfigError) -> ExitCode {
    let mut report = Report::new();
    report.line(
        Level::Fail,
        "configuration",
        &error.to_string(),
        Some("fix the variable named above (README: Configuration)"),
    );
    report.finish()
}

pub async fn run(config: Config) -> ExitCode {
    let mut report = Report::new();
    report.ok("configuration parsed", "");
    for (name, shown) in variables(&config) {
        let _ = writeln!(report.text, "    {name:<30} {shown}");
    }

    let db = check_database(&mut report, &config).await;
    let queues = check_queue(&mut report, &config).await;
    check_s3(&mut report, &config).await;
    check_smtp(&mut report, &config).await;
    if let Some(db) = &db {
        check_clock(&mut report, db).await;
    }
    if let Some(queues) = &queues {
        check_oldest_pending(&mut report, queues).await;
    }
    if let Some(db) = &db {
        check_failed_jobs(&mut report, db).await;
    }
    report.finish()
}

/// Every variable Muffle reads, as it may be shown: URLs without credentials, secrets as
/// "set", unset ones as their default.
fn variables(config: &Config) -> Vec<(&'static str, String)> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let plain = |name: &'static str, default: &str| {
        (
            name,
            env(name).unwrap_or_else(|| format!("(default: {default})")),
        )
    };
    let url = |name: &'static str, default: &str| {
        (
            name,
            env(name).map_or_else(|| format!("(default: {default})"), |v| without_secrets(&v)),
        )
    };
    let secret = |name: &'static str, unset: &str| {
        (
            name,
            if env(name).is_some() {
                "set (hidden)".to_owned()
            } else {
                format!("(unset: {unset})")
            },
        )
    };
    vec![
        url("DATABASE_URL", &without_secrets(&config.database_url)),
        url("REDIS_URL", "embedded SQLite queue"),
        plain("MUFFLE_DATA_DIR", "muffle-data"),
        plain("MUFFLE_QUEUE_PREFIX", "muffle"),
        plain("MUFFLE_CONCURRENCY", "8"),
        plain("MUFFLE_SWEEP_CONCURRENCY", "2"),
        plain("MUFFLE_MAX_ATTEMPTS", "8"),
        plain("MUFFLE_RETRY_BASE_MS", "2000"),
        plain("MUFFLE_RETRY_MAX_MS", "3600000"),
        plain("MUFFLE_JOB_TIMEOUT_SECS", "600"),
        plain("MUFFLE_SHUTDOWN_TIMEOUT_SECS", "25"),
        plain(
            "MUFFLE_POLL_MS",
            &config.poll_interval().as_millis().to_string(),
        ),
        plain("MUFFLE_HEARTBEAT_SECS", "5"),
        plain("MUFFLE_KEEP_FINISHED_SECS", "86400"),
        plain("MUFFLE_AUDIO_PAD_MS", "250"),
        plain("LOG_FORMAT", "text"),
        plain("PORT", "8080"),
        plain("METRICS_PORT", "off"),
        plain("MUFFLE_PUBLIC_URL", &config.public_url),
        secret("MUFFLE_API_TOKEN", "enqueue API off"),
        secret("MUFFLE_ADMIN_PASSWORD", "console off"),
        secret("MUFFLE_ADMIN_READONLY_PASSWORD", "no read-only login"),
        plain("S3_BUCKET", "recordings on local disk"),
        url("S3_ENDPOINT", "AWS"),
        plain("S3_REGION", "AWS_REGION or us-east-1"),
        plain("S3_FORCE_PATH_STYLE", "true with S3_ENDPOINT"),
        plain("AWS_ACCESS_KEY_ID", "SDK default chain"),
        secret("AWS_SECRET_ACCESS_KEY", "SDK default chain"),
        url("SMTP_URL", ".eml files in the outbox"),
    ]
}

/// `scheme://user:password@host:port/path?query` → `scheme://***@host:port/path`.
pub fn without_secrets(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "(set)".into();
    };
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    match rest.rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://***@{host}"),
        None => format!("{scheme}://{rest}"),
    }
}

async fn check_database(report: &mut Report, config: &Config) -> Option<DatabaseConnection> {
    let what = "database reachable";
    let db = match tokio::time::timeout(TIMEOUT, crate::db::connect(config)).await {
        Ok(Ok(db)) => db,
        Ok(Err(error)) => {
            report.line(
                Level::Fail,
                what,
                &format!("{error:#}"),
                Some("check DATABASE_URL and that the database server is up"),
            );
            return None;
        }
        Err(_) => {
            report.line(
                Level::Fail,
                what,
                "no answer within 5 s",
                Some("check DATABASE_URL, the network and the server"),
            );
            return None;
        }
    };
    let backend = format!("{:?}", db.get_database_backend()).to_lowercase();
    report.ok(what, &backend);
    match tokio::time::timeout(TIMEOUT, migration::Migrator::get_pending_migrations(&db)).await {
        Ok(Ok(pending)) if pending.is_empty() => report.ok("migrations current", ""),
        Ok(Ok(pending)) => report.line(
            Level::Fail,
            "migrations current",
            &format!("{} pending", pending.len()),
            Some("run `muffle migrate` (the Procfile's release phase)"),
        ),
        Ok(Err(error)) => report.line(
            Level::Fail,
            "migrations current",
            &format!("cannot read the migration table: {error}"),
            Some("run `muffle migrate`"),
        ),
        Err(_) => report.line(
            Level::Fail,
            "migrations current",
            "no answer within 5 s",
            None,
        ),
    }
    Some(db)
}

async fn check_queue(report: &mut Report, config: &Config) -> Option<Queues> {
    let what = "queue backend reachable";
    let queues = match tokio::time::timeout(TIMEOUT, Queues::connect(config)).await {
        Ok(Ok(queues)) => queues,
        Ok(Err(error)) => {
            report.line(
                Level::Fail,
                what,
                &first_line(&format!("{error:#}")),
                Some(match config.queue {
                    QueueConfig::Redis { .. } => {
                        "check REDIS_URL (host, port, TLS) and that Redis is up"
                    }
                    QueueConfig::Sqlite { .. } => "check that MUFFLE_DATA_DIR is writable",
                }),
            );
            return None;
        }
        Err(_) => {
            report.line(
                Level::Fail,
                what,
                "no answer within 5 s",
                Some("check REDIS_URL, the network and the server"),
            );
            return None;
        }
    };
    match &queues.backend {
        QueueBackend::Sqlite(_) => report.ok(what, "embedded SQLite queue"),
        QueueBackend::Redis(conn) => {
            let mut conn = conn.clone();
            let info: redis::RedisResult<String> = redis::cmd("INFO")
                .arg("server")
                .query_async(&mut conn)
                .await;
            let version = info
                .ok()
                .and_then(|info| {
                    info.lines()
                        .find_map(|l| l.strip_prefix("redis_version:").map(str::to_owned))
                })
                .unwrap_or_else(|| "version unknown".into());
            report.ok(what, &format!("Redis {}", version.trim()));
            let policy: redis::RedisResult<Vec<String>> = redis::cmd("CONFIG")
                .arg("GET")
                .arg("maxmemory-policy")
                .query_async(&mut conn)
                .await;
            match policy.ok().and_then(|p| p.into_iter().nth(1)) {
                Some(policy) if policy == "noeviction" => {
                    report.ok("Redis maxmemory-policy", "noeviction")
                }
                Some(policy) => report.line(
                    Level::Warn,
                    "Redis maxmemory-policy",
                    &policy,
                    Some("set maxmemory-policy noeviction: any other policy may evict queued jobs when memory runs out"),
                ),
                None => report.line(
                    Level::Warn,
                    "Redis maxmemory-policy",
                    "CONFIG GET not allowed",
                    Some("make sure the provider's eviction policy is noeviction"),
                ),
            }
        }
    }
    Some(queues)
}

async fn check_s3(report: &mut Report, config: &Config) {
    let Some(s3) = &config.s3 else {
        report.ok("recordings", "local disk (S3_BUCKET unset)");
        return;
    };
    let what = format!("S3 bucket {} reachable", s3.bucket);
    let store = jobs::recordings::S3Store::connect(s3).await;
    match tokio::time::timeout(TIMEOUT * 2, store.versioning_status()).await {
        Ok(Ok(status)) => {
            report.ok(&what, "");
            match status.as_deref() {
                Some("Enabled") => report.ok("S3 versioning", "enabled"),
                other => report.line(
                    Level::Fail,
                    "S3 versioning",
                    other.unwrap_or("never enabled"),
                    Some("enable versioning on the bucket: rewrites upload with If-Match and then delete every older version"),
                ),
            }
        }
        Ok(Err(jobs::recordings::StoreError::NotFound)) => report.line(
            Level::Fail,
            &what,
            "no such bucket",
            Some("check S3_BUCKET, S3_REGION and S3_ENDPOINT"),
        ),
        Ok(Err(error)) => report.line(
            Level::Fail,
            &what,
            &first_line(&error.to_string()),
            Some("check S3_BUCKET, S3_ENDPOINT, the region and the credentials"),
        ),
        Err(_) => report.line(
            Level::Fail,
            &what,
            "no answer within 10 s",
            Some("check S3_ENDPOINT and the network"),
        ),
    }
}

/// Connects through the configured transport (TLS mode, CA file and credentials as the
/// worker uses them) and says hello; or checks the outbox folder when `SMTP_URL` is unset.
async fn check_smtp(report: &mut Report, config: &Config) {
    let what = "notification mail";
    let mailer = match config.mail.mailer() {
        Ok(mailer) => mailer,
        Err(error) => {
            report.line(Level::Fail, what, &error.to_string(), Some("fix SMTP_URL"));
            return;
        }
    };
    let plain = config.mail.smtp.as_ref().is_some_and(|smtp| {
        jobs::notifications::mailer::check_url(&smtp.url)
            == Ok(jobs::notifications::mailer::TlsMode::Plain)
    });
    let shown = mailer.describe();
    match tokio::time::timeout(TIMEOUT, mailer.test_connection()).await {
        Ok(Ok(())) if plain => report.line(
            Level::Warn,
            what,
            &shown,
            Some("mail (with links to recordings) crosses the network in clear text: use ?tls=required or smtps://"),
        ),
        Ok(Ok(())) => report.ok(what, &shown),
        Ok(Err(error)) => report.line(
            Level::Fail,
            what,
            &format!("{shown}: {error}"),
            Some("check SMTP_URL, SMTP_CA_FILE and that the mail server accepts connections"),
        ),
        Err(_) => report.line(
            Level::Fail,
            what,
            &format!("{shown}: no answer within {} s", TIMEOUT.as_secs()),
            Some("check SMTP_URL and the network"),
        ),
    }
}

#[derive(FromQueryResult)]
struct LastClaim {
    last: Option<chrono::DateTime<chrono::Utc>>,
}

async fn check_clock(report: &mut Report, db: &DatabaseConnection) {
    let what = "clock ticking";
    let query = LastClaim::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT MAX(created_at) AS last FROM clock_fires",
    ))
    .one(db);
    let hint = "start `muffle clock` (one or more; each fire is claimed once)";
    match tokio::time::timeout(TIMEOUT, query).await {
        Ok(Ok(Some(LastClaim { last: Some(last) }))) => {
            let age = chrono::Utc::now() - last;
            let detail = format!("last claim {} ago", human(age.to_std().unwrap_or_default()));
            if age > CLOCK_SILENT_AFTER {
                report.line(Level::Fail, what, &detail, Some(hint));
            } else {
                report.ok(what, &detail);
            }
        }
        Ok(Ok(_)) => report.line(Level::Fail, what, "no fire ever claimed", Some(hint)),
        Ok(Err(error)) => report.line(Level::Fail, what, &error.to_string(), Some(hint)),
        Err(_) => report.line(Level::Fail, what, "no answer within 5 s", None),
    }
}

async fn check_oldest_pending(report: &mut Report, queues: &Queues) {
    let names = jobs::registry::names();
    match tokio::time::timeout(TIMEOUT, queues.depths(&names)).await {
        Ok(Ok(depths)) => {
            let waiting: Vec<_> = depths.iter().filter(|d| d.pending > 0).collect();
            if waiting.is_empty() {
                report.ok("queues", "nothing waiting");
            }
            for depth in waiting {
                let detail = format!(
                    "{} pending, oldest {} old",
                    depth.pending,
                    human(depth.oldest_age)
                );
                let what = format!("queue {}", queues.queue_name(depth.job));
                if depth.oldest_age > QUEUE_STUCK_AFTER {
                    report.line(
                        Level::Fail,
                        &what,
                        &detail,
                        Some("are workers (`muffle run`) running and keeping up? see MUFFLE_CONCURRENCY"),
                    );
                } else {
                    report.ok(&what, &detail);
                }
            }
        }
        Ok(Err(error)) => report.line(Level::Fail, "queues", &format!("{error:#}"), None),
        Err(_) => report.line(Level::Fail, "queues", "no answer within 5 s", None),
    }
}

#[derive(FromQueryResult)]
struct Count {
    count: i64,
}

async fn check_failed_jobs(report: &mut Report, db: &DatabaseConnection) {
    let query = Count::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT COUNT(*) AS count FROM failed_jobs WHERE retried_at IS NULL",
    ))
    .one(db);
    match tokio::time::timeout(TIMEOUT, query).await {
        Ok(Ok(Some(Count { count: 0 }))) | Ok(Ok(None)) => report.ok("failed jobs", "none"),
        Ok(Ok(Some(Count { count }))) => report.line(
            Level::Warn,
            "failed jobs",
            &count.to_string(),
            Some("`muffle jobs failed` lists them; `muffle jobs retry ID` re-runs one"),
        ),
        Ok(Err(error)) => report.line(Level::Fail, "failed jobs", &error.to_string(), None),
        Err(_) => report.line(Level::Fail, "failed jobs", "no answer within 5 s", None),
    }
}

/// An error's gist: its first line, at most 200 characters (SDK errors carry whole responses).
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    match line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}

/// `3 s`, `4 min`, `2 h`, `3 d`.
fn human(age: Duration) -> String {
    let secs = age.as_secs();
    match secs {
        0..120 => format!("{secs} s"),
        120..7200 => format!("{} min", secs / 60),
        7200..172_800 => format!("{} h", secs / 3600),
        _ => format!("{} d", secs / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_credentials_and_query() {
        assert_eq!(
            without_secrets("postgres://muffle:s3cret@db.internal:5432/muffle?sslmode=require"),
            "postgres://***@db.internal:5432/muffle"
        );
        assert_eq!(
            without_secrets("redis://127.0.0.1:6379"),
            "redis://127.0.0.1:6379"
        );
        assert_eq!(without_secrets("not a url"), "(set)");
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(human(Duration::from_secs(5)), "5 s");
        assert_eq!(human(Duration::from_secs(600)), "10 min");
        assert_eq!(human(Duration::from_secs(3 * 3600)), "3 h");
    }
}
