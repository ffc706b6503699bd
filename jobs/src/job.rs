//! What every job shares: the [`Job`] trait, the context a handler runs with, and the error
//! that tells the runtime whether to retry.

use std::{future::Future, pin::Pin, sync::Arc, time::Duration};

use sea_orm::DatabaseConnection;
use serde::{Serialize, de::DeserializeOwned};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A background job: a payload of ids (never values) and the handler that acts on them.
///
/// Handlers must be idempotent: delivery is at-least-once, so running a job twice must
/// change nothing the second time.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The job's name on the command line and in its queue's name.
    const NAME: &'static str;

    /// Which budget of workers runs it (see [`QueueClass`]).
    const QUEUE: QueueClass = QueueClass::Realtime;

    fn run(self, ctx: JobContext) -> impl Future<Output = Result<(), JobError>> + Send;

    /// What the payload's types cannot say (e.g. "a phone or an e-mail"), checked at enqueue
    /// and before a run. The reason is fixed text: never a value.
    fn check(&self) -> Result<(), String> {
        Ok(())
    }

    /// What `failed_jobs` keeps of this payload: all of it by default (ids only). A payload
    /// naming a person keeps a reference instead, so a failure does not outlive an erasure.
    fn kept_on_failure(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// True when the payload itself names a person (a phone, an e-mail): once an attempt has
    /// ended, the queue's copy of it is overwritten with [`Job::kept_on_failure`], so the
    /// value does not outlive the job in the queue's store.
    const PAYLOAD_NAMES_A_PERSON: bool = false;
}

/// A job's queue policy: which concurrency budget its workers share. The worker maps each
/// class to a configured concurrency; the job only says what kind of work it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueClass {
    /// Work the platform waits on (one interaction, one recording): `MUFFLE_CONCURRENCY`.
    Realtime,
    /// Long sweeps over many rows, with their own small budget
    /// (`MUFFLE_SWEEP_CONCURRENCY`) so they never starve realtime work.
    Sweep,
}

/// Why a job failed. Messages name ids and kinds, never a detected value.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Will not succeed on retry (unknown id, malformed data): goes straight to failed jobs.
    #[error("{0}")]
    Permanent(String),
    /// May succeed later (database or network trouble): retried with backoff.
    #[error("{0}")]
    Transient(String),
}

impl JobError {
    pub fn permanent(message: impl Into<String>) -> Self {
        JobError::Permanent(message.into())
    }

    pub fn transient(message: impl Into<String>) -> Self {
        JobError::Transient(message.into())
    }

    pub fn is_permanent(&self) -> bool {
        matches!(self, JobError::Permanent(_))
    }
}

impl From<sea_orm::DbErr> for JobError {
    fn from(error: sea_orm::DbErr) -> Self {
        // Database errors can quote a failing value back; keep only the error's kind.
        JobError::Transient(format!("database error: {}", db_error_kind(&error)))
    }
}

/// A description of a database error that cannot contain row data.
pub fn db_error_kind(error: &sea_orm::DbErr) -> &'static str {
    use sea_orm::DbErr;
    match error {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => "connection failed",
        DbErr::RecordNotFound(_) => "record not found",
        DbErr::RecordNotUpdated => "record not updated",
        DbErr::Type(_) | DbErr::Json(_) => "type conversion failed",
        DbErr::Migration(_) => "migration error",
        DbErr::Exec(_) | DbErr::Query(_) => "statement failed",
        _ => "database error",
    }
}

/// The queue as jobs see it: enough to enqueue follow-up jobs and maintain queues, with no
/// knowledge of which backend (Redis or the embedded SQLite queue) is behind it.
pub trait QueueHandle: Send + Sync {
    /// Enqueue a job by name with a JSON payload (validated by the caller).
    fn enqueue(
        &self,
        job: &'static str,
        payload: serde_json::Value,
    ) -> BoxFuture<'_, anyhow::Result<()>>;
    /// Remove finished and dead tasks older than `max_age`; returns how many were removed.
    fn vacuum(&self, max_age: Duration) -> BoxFuture<'_, anyhow::Result<u64>>;
}

/// Settings jobs read; filled from the environment by the worker.
#[derive(Clone, Debug)]
pub struct JobSettings {
    /// Finished tasks older than this are trimmed by `vacuum_queues`.
    pub keep_finished: Duration,
    /// Where call recordings live (S3 or a local directory); None when not configured.
    pub recordings: Option<Arc<crate::recordings::RecordingStore>>,
    /// Silence added before and after each redacted word's time range (recognizer timings
    /// are approximate; a clipped digit edge is still a digit).
    pub audio_pad_ms: u64,
    /// `MUFFLE_PUBLIC_URL`: the base of media links jobs mint (`media_links::mint`).
    pub public_url: String,
    /// Where notification e-mails go (SMTP or the outbox folder); None: not configured, and
    /// `send_call_notification` fails permanently saying so.
    pub mailer: Option<Arc<crate::notifications::Mailer>>,
    /// `MAIL_FROM`: the sender of notification e-mails, and the domain of their Message-IDs.
    pub mail_from: lettre::message::Mailbox,
}

impl Default for JobSettings {
    fn default() -> Self {
        JobSettings {
            keep_finished: Duration::from_secs(24 * 3600),
            recordings: None,
            audio_pad_ms: crate::audio::DEFAULT_PAD_MS,
            public_url: "http://localhost:8080".into(),
            mailer: None,
            mail_from: default_mail_from(),
        }
    }
}

/// `Muffle <muffle@localhost>`.
pub fn default_mail_from() -> lettre::message::Mailbox {
    lettre::message::Mailbox::new(
        Some("Muffle".into()),
        lettre::Address::new("muffle", "localhost").expect("a valid address"),
    )
}

/// What a handler runs with.
#[derive(Clone)]
pub struct JobContext {
    pub db: DatabaseConnection,
    pub queue: Arc<dyn QueueHandle>,
    pub settings: Arc<JobSettings>,
    /// The queue's task id, recorded in audit rows.
    pub job_id: String,
    /// 1 on the first run.
    pub attempt: u32,
}

impl JobContext {
    /// Enqueue a follow-up job.
    pub async fn enqueue<J: Job>(&self, job: &J) -> Result<(), JobError> {
        enqueue(self.queue.as_ref(), job).await
    }
}

/// Enqueue a job on `queue`: the one typed way in, for handlers ([`JobContext::enqueue`])
/// and the clock alike.
pub async fn enqueue<J: Job>(queue: &dyn QueueHandle, job: &J) -> Result<(), JobError> {
    job.check()
        .map_err(|reason| JobError::permanent(format!("invalid {} payload: {reason}", J::NAME)))?;
    let payload = serde_json::to_value(job)
        .map_err(|e| JobError::permanent(format!("cannot encode {} payload: {e}", J::NAME)))?;
    queue
        .enqueue(J::NAME, payload)
        .await
        .map_err(|e| JobError::transient(format!("cannot enqueue {}: {e:#}", J::NAME)))
}
