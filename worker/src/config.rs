//! Configuration, all from the environment (12-factor). With nothing set Muffle runs on the
//! embedded default: SQLite database and queue, local recordings, an .eml outbox.

use std::{path::PathBuf, str::FromStr, time::Duration};

/// Every variable [`Config::from_lookup`] reads, for `muffle --help` (a unit test keeps the
/// two in step).
pub const ENVIRONMENT_HELP: &str = "\
Configuration (environment variables; nothing set = the embedded default under ./muffle-data):
  DATABASE_URL                  postgres://… or sqlite://… (default: sqlite in MUFFLE_DATA_DIR)
  REDIS_URL                     redis:// or rediss:// queue (default: embedded SQLite queue)
  MUFFLE_DATA_DIR               embedded database, queue, recordings, e-mail outbox [./muffle-data]
  MUFFLE_QUEUE_PREFIX           prefix of every queue name / Redis key [muffle]
  MUFFLE_CONCURRENCY            jobs run at once per queue [8]
  MUFFLE_SWEEP_CONCURRENCY      retention sweeps run at once [2]
  MUFFLE_MAX_ATTEMPTS           attempts before a job is kept as failed [8]
  MUFFLE_RETRY_BASE_MS          first retry delay, doubling with jitter [2000]
  MUFFLE_RETRY_MAX_MS           longest retry delay [3600000]
  MUFFLE_JOB_TIMEOUT_SECS       per-job timeout [600]
  MUFFLE_SHUTDOWN_TIMEOUT_SECS  graceful-shutdown budget [25]
  MUFFLE_POLL_MS                idle worker poll interval [10 Redis, 50 embedded]
  MUFFLE_HEARTBEAT_SECS         worker heartbeat [5]
  MUFFLE_KEEP_FINISHED_SECS     finished tasks kept before vacuum_queues trims them [86400]
  MUFFLE_AUDIO_PAD_MS           silence added around each redacted word, 0-5000 [250]
  LOG_FORMAT                    text or json [text]; RUST_LOG filters
  PORT                          `muffle web` port [8080]
  MUFFLE_API_TOKEN              bearer token of the HTTP enqueue API (unset: API off)
  MUFFLE_PUBLIC_URL             where `muffle web` is reached; media links [http://localhost:$PORT]
  S3_BUCKET, S3_ENDPOINT, S3_REGION/AWS_REGION, S3_FORCE_PATH_STYLE, AWS_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN   recordings on S3 (unset: MUFFLE_DATA_DIR/recordings)
  SMTP_URL                      notification mail: smtp://host:587?tls=required (STARTTLS),
                                smtps://host:465 (implicit TLS), smtp://host:25 (plain, local
                                relays only) [unset: .eml files in MUFFLE_OUTBOX_DIR]
  SMTP_USERNAME, SMTP_PASSWORD  SMTP credentials (else from the URL)
  SMTP_CA_FILE                  extra PEM root certificate for the SMTP server
  MAIL_FROM                     sender of notification e-mails [Muffle <muffle@localhost>]
  MUFFLE_OUTBOX_DIR             where e-mails go without SMTP_URL [MUFFLE_DATA_DIR/outbox]
  METRICS_PORT                  `muffle run`/`clock` serve GET /metrics here (web: on PORT)
  MUFFLE_ADMIN_PASSWORD         turns on the operator console /admin (admin role)
  MUFFLE_ADMIN_READONLY_PASSWORD  console sign-in, read-only role
  DYNO, HOSTNAME                host part of worker names [local]
A bad value exits with one line naming the variable, never the value.
More: README.md, section Configuration.";

/// A configuration error names the variable and what was wrong, never the value itself
/// (URLs carry passwords).
#[derive(Debug, thiserror::Error)]
#[error("invalid {var}: {reason}")]
pub struct ConfigError {
    pub var: &'static str,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Debug)]
pub enum QueueConfig {
    Redis {
        url: String,
    },
    /// The embedded, durable SQLite-backed queue.
    Sqlite {
        path: PathBuf,
    },
}

#[derive(Clone, Debug)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub queue: QueueConfig,
    /// Prefix of every queue name (and so every Redis key); tests give each run its own.
    pub queue_prefix: String,
    pub concurrency: usize,
    pub sweep_concurrency: usize,
    pub max_attempts: u32,
    pub retry_base: Duration,
    pub retry_max: Duration,
    pub job_timeout: Duration,
    pub shutdown_timeout: Duration,
    pub heartbeat: Duration,
    /// `MUFFLE_POLL_MS`: how often an idle worker looks at its queue for work that no wake-up
    /// announced (other processes on the embedded queue, retries coming due). Each look is a
    /// write transaction on the embedded queue, so it polls less often there by default.
    pub poll_interval: Option<Duration>,
    pub keep_finished: Duration,
    pub audio_pad_ms: u64,
    pub log_format: LogFormat,
    pub port: u16,
    /// `MUFFLE_PUBLIC_URL`: where `muffle web` is reachable from outside; media links are
    /// `{public_url}/media/{token}`. Default `http://localhost:$PORT`.
    pub public_url: String,
    /// `S3_BUCKET` and friends; None: recordings in `data_dir/recordings`.
    pub s3: Option<jobs::recordings::S3Config>,
    /// `MUFFLE_API_TOKEN`: bearer token of the HTTP enqueue API (disabled without one).
    pub api_token: Option<String>,
    /// `DYNO` or `HOSTNAME` (default `local`): the host part of worker names.
    pub host: String,
    /// `METRICS_PORT`: where `muffle run` and `muffle clock` serve `GET /metrics` (off when
    /// unset; `muffle web` serves it on `PORT`).
    pub metrics_port: Option<u16>,
    /// `MUFFLE_ADMIN_PASSWORD`: turns on the operator console (`/admin`) and signs in as admin.
    pub admin_password: Option<String>,
    /// `MUFFLE_ADMIN_READONLY_PASSWORD`: signs in to the console read-only.
    pub admin_readonly_password: Option<String>,
    /// Where notification e-mails go.
    pub mail: MailConfig,
}

/// `SMTP_URL` (+ `SMTP_USERNAME`, `SMTP_PASSWORD`, `SMTP_CA_FILE`) or, unset, `.eml` files in
/// `MUFFLE_OUTBOX_DIR` (default `$MUFFLE_DATA_DIR/outbox`); `MAIL_FROM` is the sender.
#[derive(Clone, Debug)]
pub struct MailConfig {
    pub smtp: Option<jobs::notifications::SmtpSettings>,
    pub outbox_dir: PathBuf,
    pub from: lettre::message::Mailbox,
}

impl MailConfig {
    /// The transport; SMTP pools connections, so build it once per process (inside the
    /// async runtime).
    pub fn mailer(&self) -> Result<jobs::notifications::Mailer, ConfigError> {
        match &self.smtp {
            Some(settings) => {
                jobs::notifications::Mailer::smtp(settings).map_err(|reason| ConfigError {
                    var: "SMTP_URL",
                    reason,
                })
            }
            None => Ok(jobs::notifications::Mailer::outbox(&self.outbox_dir)),
        }
    }
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Reads configuration through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let data_dir =
            PathBuf::from(lookup("MUFFLE_DATA_DIR").unwrap_or_else(|| "muffle-data".into()));
        let database_url = match lookup("DATABASE_URL") {
            Some(url) => database_url(url)?,
            None => format!("sqlite://{}?mode=rwc", data_dir.join("muffle.db").display()),
        };
        let queue = match lookup("REDIS_URL") {
            Some(url) => QueueConfig::Redis {
                url: redis_url(url)?,
            },
            None => QueueConfig::Sqlite {
                path: data_dir.join("queue.db"),
            },
        };
        let queue_prefix = lookup("MUFFLE_QUEUE_PREFIX").unwrap_or_else(|| "muffle".into());
        if !queue_prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c))
        {
            return Err(ConfigError {
                var: "MUFFLE_QUEUE_PREFIX",
                reason: "use letters, digits and - _ . : only".into(),
            });
        }
        let log_format = match lookup("LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(_) => {
                return Err(ConfigError {
                    var: "LOG_FORMAT",
                    reason: "expected `text` or `json`".into(),
                });
            }
        };
        let retry_base = millis(&lookup, "MUFFLE_RETRY_BASE_MS", 2_000)?;
        let retry_max = millis(&lookup, "MUFFLE_RETRY_MAX_MS", 3_600_000)?;
        if retry_max < retry_base {
            return Err(ConfigError {
                var: "MUFFLE_RETRY_MAX_MS",
                reason: "must be at least MUFFLE_RETRY_BASE_MS".into(),
            });
        }
        let port = positive(&lookup, "PORT", 8080)?;
        // S3 settings ignore values that are only blanks.
        let s3 = jobs::recordings::S3Config::from_lookup(|name| {
            lookup(name).filter(|v| !v.trim().is_empty())
        })
        .map_err(|_| ConfigError {
            var: "S3_FORCE_PATH_STYLE",
            reason: "expected true or false".into(),
        })?;
        let mail = mail_config(&lookup, &data_dir)?;
        Ok(Config {
            mail,
            data_dir,
            database_url,
            queue,
            queue_prefix,
            concurrency: positive(&lookup, "MUFFLE_CONCURRENCY", 8)?,
            sweep_concurrency: positive(&lookup, "MUFFLE_SWEEP_CONCURRENCY", 2)?,
            max_attempts: positive(&lookup, "MUFFLE_MAX_ATTEMPTS", 8)?,
            retry_base,
            retry_max,
            job_timeout: Duration::from_secs(positive(&lookup, "MUFFLE_JOB_TIMEOUT_SECS", 600)?),
            shutdown_timeout: Duration::from_secs(positive(
                &lookup,
                "MUFFLE_SHUTDOWN_TIMEOUT_SECS",
                25,
            )?),
            heartbeat: Duration::from_secs(positive(&lookup, "MUFFLE_HEARTBEAT_SECS", 5)?),
            poll_interval: match lookup("MUFFLE_POLL_MS") {
                Some(_) => Some(Duration::from_millis(positive(
                    &lookup,
                    "MUFFLE_POLL_MS",
                    10,
                )?)),
                None => None,
            },
            keep_finished: Duration::from_secs(positive(
                &lookup,
                "MUFFLE_KEEP_FINISHED_SECS",
                86_400,
            )?),
            audio_pad_ms: audio_pad_ms(&lookup)?,
            log_format,
            port,
            public_url: public_url(&lookup, port)?,
            s3,
            api_token: lookup("MUFFLE_API_TOKEN"),
            host: lookup("DYNO")
                .or_else(|| lookup("HOSTNAME"))
                .unwrap_or_else(|| "local".into()),
            metrics_port: match lookup("METRICS_PORT") {
                Some(_) => Some(positive(&lookup, "METRICS_PORT", 9090)?),
                None => None,
            },
            admin_password: lookup("MUFFLE_ADMIN_PASSWORD"),
            admin_readonly_password: lookup("MUFFLE_ADMIN_READONLY_PASSWORD"),
        })
    }

    /// Workers per queue of a job of this class.
    pub fn concurrency_of(&self, class: jobs::QueueClass) -> usize {
        match class {
            jobs::QueueClass::Realtime => self.concurrency,
            jobs::QueueClass::Sweep => self.sweep_concurrency,
        }
    }

    /// How often an idle worker polls (see `poll_interval`).
    pub fn poll_interval(&self) -> Duration {
        self.poll_interval
            .unwrap_or(Duration::from_millis(if self.is_embedded_queue() {
                50
            } else {
                10
            }))
    }

    pub fn is_embedded_queue(&self) -> bool {
        matches!(self.queue, QueueConfig::Sqlite { .. })
    }
}

fn mail_config(
    lookup: &impl Fn(&str) -> Option<String>,
    data_dir: &std::path::Path,
) -> Result<MailConfig, ConfigError> {
    let from = match lookup("MAIL_FROM") {
        Some(text) => text.parse().map_err(|_| ConfigError {
            var: "MAIL_FROM",
            reason: "expected an address like `Muffle <notify@example.com>`".into(),
        })?,
        None => jobs::job::default_mail_from(),
    };
    let smtp = lookup("SMTP_URL").map(|url| jobs::notifications::SmtpSettings {
        url,
        username: lookup("SMTP_USERNAME"),
        password: lookup("SMTP_PASSWORD"),
        ca_file: lookup("SMTP_CA_FILE").map(PathBuf::from),
    });
    if let Some(settings) = &smtp {
        jobs::notifications::mailer::check_url(&settings.url).map_err(|reason| ConfigError {
            var: "SMTP_URL",
            reason,
        })?;
    }
    Ok(MailConfig {
        smtp,
        outbox_dir: lookup("MUFFLE_OUTBOX_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("outbox")),
        from,
    })
}

fn database_url(url: String) -> Result<String, ConfigError> {
    if url.starts_with("postgres://")
        || url.starts_with("postgresql://")
        || url.starts_with("sqlite:")
    {
        Ok(url)
    } else {
        Err(ConfigError {
            var: "DATABASE_URL",
            reason: "expected a postgres:// or sqlite:// URL".into(),
        })
    }
}

fn redis_url(url: String) -> Result<String, ConfigError> {
    if (url.starts_with("redis://") || url.starts_with("rediss://"))
        && redis::IntoConnectionInfo::into_connection_info(url.as_str()).is_ok()
    {
        Ok(url)
    } else {
        Err(ConfigError {
            var: "REDIS_URL",
            reason: "expected a redis:// or rediss:// URL".into(),
        })
    }
}

fn positive<T: FromStr + PartialOrd + Default>(
    lookup: &impl Fn(&str) -> Option<String>,
    var: &'static str,
    default: T,
) -> Result<T, ConfigError> {
    match lookup(var) {
        None => Ok(default),
        Some(raw) => match raw.trim().parse::<T>() {
            Ok(value) if value > T::default() => Ok(value),
            _ => Err(ConfigError {
                var,
                reason: "expected a positive whole number".into(),
            }),
        },
    }
}

/// `MUFFLE_AUDIO_PAD_MS`: 0 (no padding) to 5,000; more would silence whole sentences.
fn audio_pad_ms(lookup: &impl Fn(&str) -> Option<String>) -> Result<u64, ConfigError> {
    const VAR: &str = "MUFFLE_AUDIO_PAD_MS";
    match lookup(VAR) {
        None => Ok(jobs::audio::DEFAULT_PAD_MS),
        Some(raw) => match raw.trim().parse::<u64>() {
            Ok(ms) if ms <= 5_000 => Ok(ms),
            _ => Err(ConfigError {
                var: VAR,
                reason: "expected whole milliseconds from 0 to 5000".into(),
            }),
        },
    }
}

/// `MUFFLE_PUBLIC_URL`: an http(s) origin (optionally with a path prefix), no trailing slash.
fn public_url(lookup: &impl Fn(&str) -> Option<String>, port: u16) -> Result<String, ConfigError> {
    let Some(url) = lookup("MUFFLE_PUBLIC_URL") else {
        return Ok(format!("http://localhost:{port}"));
    };
    let url = url.trim().trim_end_matches('/');
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or("");
    if host.is_empty() || host.starts_with('/') || url.contains(['?', '#', ' ']) {
        return Err(ConfigError {
            var: "MUFFLE_PUBLIC_URL",
            reason: "expected an http:// or https:// URL such as https://calls.example.com".into(),
        });
    }
    Ok(url.to_owned())
}

fn millis(
    lookup: &impl Fn(&str) -> Option<String>,
    var: &'static str,
    default: u64,
) -> Result<Duration, ConfigError> {
    positive(lookup, var, default).map(Duration::from_millis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn audio_padding_defaults_to_250_ms_and_takes_zero_but_not_nonsense() {
        assert_eq!(config(&[]).unwrap().audio_pad_ms, 250);
        assert_eq!(
            config(&[("MUFFLE_AUDIO_PAD_MS", "0")])
                .unwrap()
                .audio_pad_ms,
            0
        );
        assert_eq!(
            config(&[("MUFFLE_AUDIO_PAD_MS", "400")])
                .unwrap()
                .audio_pad_ms,
            400
        );
        for bad in ["-1", "lots", "60000"] {
            let error = config(&[("MUFFLE_AUDIO_PAD_MS", bad)]).unwrap_err();
            assert_eq!(error.var, "MUFFLE_AUDIO_PAD_MS");
            assert!(!error.to_string().contains(bad), "never echoes the value");
        }
    }

    #[test]
    fn mail_goes_to_the_outbox_unless_smtp_is_set_and_bad_settings_name_the_variable() {
        let mail = config(&[("MUFFLE_DATA_DIR", "/data")]).unwrap().mail;
        assert!(mail.smtp.is_none());
        assert_eq!(mail.outbox_dir, PathBuf::from("/data/outbox"));
        assert_eq!(mail.from.to_string(), "Muffle <muffle@localhost>");
        let mail = config(&[
            ("SMTP_URL", "smtp://u:secret@mail.example:587?tls=required"),
            ("MAIL_FROM", "Acme <notify@acme.example>"),
        ])
        .unwrap()
        .mail;
        assert_eq!(
            mail.smtp.unwrap().url,
            "smtp://u:secret@mail.example:587?tls=required"
        );
        assert_eq!(mail.from.email.domain(), "acme.example");
        for (var, bad) in [
            ("SMTP_URL", "smtp://u:secret@mail.example?tls=sometimes"),
            ("SMTP_URL", "https://u:secret@mail.example"),
            ("MAIL_FROM", "not an address secret"),
        ] {
            let error = config(&[(var, bad)]).unwrap_err();
            assert_eq!(error.var, var);
            assert!(!error.to_string().contains("secret"), "{error}");
        }
    }

    #[test]
    fn nothing_set_means_the_embedded_default() {
        let config = config(&[]).unwrap();
        assert!(config.is_embedded_queue());
        assert!(
            config
                .database_url
                .starts_with("sqlite://muffle-data/muffle.db")
        );
        assert_eq!(config.concurrency, 8);
    }

    #[test]
    fn errors_name_the_variable_but_not_the_value() {
        let error = config(&[("DATABASE_URL", "mysql://user:secret@host/db")]).unwrap_err();
        assert_eq!(error.var, "DATABASE_URL");
        assert!(!error.to_string().contains("secret"));

        let error = config(&[("REDIS_URL", "http://nope")]).unwrap_err();
        assert_eq!(error.var, "REDIS_URL");

        let error = config(&[("MUFFLE_CONCURRENCY", "zero")]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid MUFFLE_CONCURRENCY: expected a positive whole number"
        );

        let error = config(&[("LOG_FORMAT", "xml")]).unwrap_err();
        assert_eq!(error.var, "LOG_FORMAT");
    }

    #[test]
    fn the_public_url_defaults_to_localhost_and_must_be_http() {
        assert_eq!(config(&[]).unwrap().public_url, "http://localhost:8080");
        assert_eq!(
            config(&[("MUFFLE_PUBLIC_URL", "https://calls.example.com/")])
                .unwrap()
                .public_url,
            "https://calls.example.com"
        );
        for bad in ["calls.example.com", "ftp://x", "https://", "https://x/?a=1"] {
            let error = config(&[("MUFFLE_PUBLIC_URL", bad)]).unwrap_err();
            assert_eq!(error.var, "MUFFLE_PUBLIC_URL");
        }
    }

    #[test]
    fn recordings_token_and_host_come_from_the_environment_too() {
        let config = config(&[
            ("S3_BUCKET", "calls"),
            ("MUFFLE_API_TOKEN", "t0ken"),
            ("HOSTNAME", "box"),
        ])
        .unwrap();
        assert_eq!(config.s3.unwrap().bucket, "calls");
        assert_eq!(config.api_token.as_deref(), Some("t0ken"));
        assert_eq!(config.host, "box");
        let bare = super::tests::config(&[]).unwrap();
        assert!(bare.s3.is_none() && bare.api_token.is_none());
        assert_eq!(bare.host, "local");

        let error = super::tests::config(&[("S3_BUCKET", "b"), ("S3_FORCE_PATH_STYLE", "maybe")])
            .unwrap_err();
        assert_eq!(error.var, "S3_FORCE_PATH_STYLE");
    }

    #[test]
    fn the_metrics_port_is_off_unless_set() {
        assert_eq!(config(&[]).unwrap().metrics_port, None);
        assert_eq!(
            config(&[("METRICS_PORT", "9102")]).unwrap().metrics_port,
            Some(9102)
        );
        let error = config(&[("METRICS_PORT", "70000")]).unwrap_err();
        assert_eq!(error.var, "METRICS_PORT");
    }

    #[test]
    fn the_help_lists_every_variable_the_configuration_reads() {
        let asked = std::sync::Mutex::new(Vec::new());
        Config::from_lookup(|name| {
            asked.lock().unwrap().push(name.to_owned());
            // S3 settings are read only once a bucket is set.
            (name == "S3_BUCKET").then(|| "calls".to_owned())
        })
        .unwrap();
        let asked = asked.into_inner().unwrap();
        assert!(asked.len() > 15, "{asked:?}");
        for name in asked {
            assert!(
                ENVIRONMENT_HELP.contains(&name),
                "{name} missing from --help"
            );
        }
    }

    #[test]
    fn redis_and_postgres_urls_are_accepted() {
        let config = config(&[
            ("DATABASE_URL", "postgres://localhost/muffle"),
            ("REDIS_URL", "rediss://:pw@cache.example:6380/0"),
        ])
        .unwrap();
        assert!(!config.is_embedded_queue());
    }
}
