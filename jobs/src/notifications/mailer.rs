//! Where messages go: an SMTP server (lettre's pooled async transport) or, on the embedded
//! default, `.eml` files in an outbox folder.
//!
//! `SMTP_URL` is lettre's URL form, and the TLS mode is always explicit in it:
//! - `smtp://host:25`: plain SMTP, for a relay on localhost or a private network only;
//! - `smtp://host:587?tls=required`: STARTTLS on the submission port (refuses to send if the
//!   server does not offer it); `?tls=opportunistic` upgrades when offered;
//! - `smtps://host:465`: implicit TLS from the first byte.
//!
//! Credentials come from the URL (`smtp://user:pass@host…`) or `SMTP_USERNAME` and
//! `SMTP_PASSWORD`; `SMTP_CA_FILE` adds a PEM root certificate (a private relay's own CA).

use std::path::{Path, PathBuf};

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    transport::smtp::{
        authentication::Credentials,
        client::{Certificate, Tls, TlsParameters},
    },
};

/// A configured destination for messages.
#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// `smtp://host:port (STARTTLS required)`: no credentials.
        describe: String,
    },
    /// Writes `<outbox>/<message-id>.eml`: a resend of the same delivery overwrites.
    Outbox(PathBuf),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// How a send failed, as delivery bookkeeping needs it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// 4xx, connection or TLS trouble: retry later.
    #[error("{0}")]
    Transient(String),
    /// 5xx: the server refused the message for good (bounced).
    #[error("{0}")]
    Permanent(String),
}

/// The TLS mode an `SMTP_URL` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    Plain,
    StartTlsRequired,
    StartTlsOpportunistic,
    Implicit,
}

impl TlsMode {
    fn describe(self) -> &'static str {
        match self {
            TlsMode::Plain => "plain, no TLS",
            TlsMode::StartTlsRequired => "STARTTLS required",
            TlsMode::StartTlsOpportunistic => "STARTTLS when offered",
            TlsMode::Implicit => "implicit TLS",
        }
    }
}

/// Settings read by the worker's configuration.
#[derive(Clone, Debug, Default)]
pub struct SmtpSettings {
    pub url: String,
    pub username: Option<String>,
    pub password: Option<String>,
    pub ca_file: Option<PathBuf>,
}

impl Mailer {
    /// An SMTP mailer; the error names what is wrong with the URL, never its password.
    pub fn smtp(settings: &SmtpSettings) -> Result<Mailer, String> {
        let parsed =
            url::Url::parse(&settings.url).map_err(|e| format!("SMTP_URL is not a URL ({e})"))?;
        let host = parsed.host_str().ok_or("SMTP_URL has no host")?.to_owned();
        let mode = tls_mode(&parsed)?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.url)
            .map_err(|e| format!("SMTP_URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(30)));
        if let Some(path) = &settings.ca_file {
            let pem =
                std::fs::read(path).map_err(|e| format!("SMTP_CA_FILE {}: {e}", path.display()))?;
            let certificate = Certificate::from_pem(&pem)
                .map_err(|_| format!("SMTP_CA_FILE {}: not a PEM certificate", path.display()))?;
            let parameters = TlsParameters::builder(host.clone())
                .add_root_certificate(certificate)
                .build()
                .map_err(|e| format!("SMTP_CA_FILE: {e}"))?;
            builder = builder.tls(match mode {
                TlsMode::Plain => Tls::None,
                TlsMode::StartTlsRequired => Tls::Required(parameters),
                TlsMode::StartTlsOpportunistic => Tls::Opportunistic(parameters),
                TlsMode::Implicit => Tls::Wrapper(parameters),
            });
        }
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
        Ok(Mailer::Smtp {
            transport: builder.build(),
            describe: format!("{}://{host}{port} ({})", parsed.scheme(), mode.describe()),
        })
    }

    pub fn outbox(dir: impl Into<PathBuf>) -> Mailer {
        Mailer::Outbox(dir.into())
    }

    /// For logs and `muffle doctor`: where mail goes, without credentials.
    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp { describe, .. } => describe.clone(),
            Mailer::Outbox(dir) => format!("outbox folder {}", dir.display()),
        }
    }

    /// For `muffle doctor`: connects and greets (SMTP, through the configured TLS mode and
    /// CA), or checks that the outbox folder is writable. The error is a kind, not a reply.
    pub async fn test_connection(&self) -> Result<(), SendError> {
        match self {
            Mailer::Smtp { transport, .. } => match transport.test_connection().await {
                Ok(true) => Ok(()),
                Ok(false) => Err(SendError::Transient(
                    "the server did not answer NOOP".into(),
                )),
                Err(error) => Err(classify(error)),
            },
            Mailer::Outbox(dir) => {
                let probe = dir.join(".muffle-doctor");
                let written = async {
                    tokio::fs::create_dir_all(dir).await?;
                    tokio::fs::write(&probe, b"").await?;
                    tokio::fs::remove_file(&probe).await
                };
                written
                    .await
                    .map_err(|e| SendError::Transient(format!("outbox not writable: {e}")))
            }
        }
    }

    /// Sends one message. The outbox names the file after the `Message-ID`.
    pub async fn send(&self, message: Message, message_id: &str) -> Result<(), SendError> {
        match self {
            Mailer::Smtp { transport, .. } => {
                transport.send(message).await.map_err(classify)?;
                Ok(())
            }
            Mailer::Outbox(dir) => write_eml(dir, message_id, &message.formatted())
                .await
                .map_err(|e| SendError::Transient(format!("outbox: {e}"))),
        }
    }
}

/// Checks an `SMTP_URL` without connecting (configuration is read before the runtime).
pub fn check_url(text: &str) -> Result<TlsMode, String> {
    let parsed = url::Url::parse(text).map_err(|e| format!("not a URL ({e})"))?;
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("no host".into());
    }
    tls_mode(&parsed)
}

fn tls_mode(url: &url::Url) -> Result<TlsMode, String> {
    let tls = url
        .query_pairs()
        .find(|(key, _)| key == "tls")
        .map(|(_, value)| value.into_owned());
    match (url.scheme(), tls.as_deref()) {
        ("smtp", None) => Ok(TlsMode::Plain),
        ("smtp", Some("required")) => Ok(TlsMode::StartTlsRequired),
        ("smtp", Some("opportunistic")) => Ok(TlsMode::StartTlsOpportunistic),
        ("smtps", None) => Ok(TlsMode::Implicit),
        ("smtp" | "smtps", Some(other)) => Err(format!(
            "SMTP_URL: tls={other} is not one of required, opportunistic (smtps:// is implicit TLS)"
        )),
        (scheme, _) => Err(format!(
            "SMTP_URL: scheme {scheme}:// is not smtp:// or smtps://"
        )),
    }
}

/// 5xx is permanent; everything else (4xx, network, TLS, timeouts) may pass on retry.
/// The text keeps the reply code and the kind of failure, not the server's words.
fn classify(error: lettre::transport::smtp::Error) -> SendError {
    let code = error
        .status()
        .map(|code| format!("smtp {code}"))
        .unwrap_or_default();
    if error.is_permanent() {
        return SendError::Permanent(format!("{code} permanent failure (bounced)"));
    }
    let kind = if error.is_transient() {
        format!("{code} temporary failure")
    } else if error.is_tls() {
        "TLS handshake failed".to_owned()
    } else if error.is_timeout() {
        "timed out".to_owned()
    } else {
        // Connection refused and the like: the top-level kind, without the source chain.
        let text = error.to_string();
        text.split(':')
            .next()
            .unwrap_or("connection error")
            .to_owned()
    };
    SendError::Transient(kind)
}

/// Writes the message atomically: a reader never sees half a file.
async fn write_eml(dir: &Path, message_id: &str, bytes: &[u8]) -> std::io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let stem: String = message_id
        .trim_matches(|c| c == '<' || c == '>')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = dir.join(format!("{stem}.eml"));
    let partial = dir.join(format!(".{stem}.eml.partial"));
    tokio::fs::write(&partial, bytes).await?;
    tokio::fs::rename(&partial, &path).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smtp(url: &str) -> Result<String, String> {
        Mailer::smtp(&SmtpSettings {
            url: url.into(),
            ..Default::default()
        })
        .map(|m| m.describe())
    }

    /// The pooled transport spawns its housekeeping on the runtime.
    #[tokio::test]
    async fn the_tls_mode_is_explicit_and_described_without_credentials() {
        assert_eq!(
            smtp("smtp://user:secret@mail.example:587?tls=required").unwrap(),
            "smtp://mail.example:587 (STARTTLS required)"
        );
        assert_eq!(
            smtp("smtps://mail.example").unwrap(),
            "smtps://mail.example (implicit TLS)"
        );
        assert_eq!(
            smtp("smtp://127.0.0.1:2525").unwrap(),
            "smtp://127.0.0.1:2525 (plain, no TLS)"
        );
        let error = smtp("smtp://u:secret@mail.example?tls=maybe").unwrap_err();
        assert!(
            error.contains("tls=maybe") && !error.contains("secret"),
            "{error}"
        );
        assert!(smtp("http://mail.example").unwrap_err().contains("http://"));
        assert!(smtp("not a url").is_err());
    }

    #[tokio::test]
    async fn the_outbox_writes_one_file_per_message_id() {
        let dir = std::env::temp_dir().join(format!("muffle-outbox-{}", uuid::Uuid::new_v4()));
        let message = || {
            Message::builder()
                .from("a@x.example".parse().unwrap())
                .to("b@x.example".parse().unwrap())
                .subject("hi")
                .body(String::from("hello"))
                .unwrap()
        };
        let mailer = Mailer::outbox(&dir);
        mailer.send(message(), "<m.1@x.example>").await.unwrap();
        mailer.send(message(), "<m.1@x.example>").await.unwrap();
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(files.len(), 1);
        assert!(dir.join("m.1_x.example.eml").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
