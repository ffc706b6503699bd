//! `muffle run`: one apalis worker per job queue, with Muffle's retry policy (exponential
//! backoff with jitter, then the failed-jobs table), per-job timeouts, bounded concurrency
//! and graceful shutdown.

use std::{
    panic::AssertUnwindSafe,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use apalis::prelude::*;
use apalis_redis::RedisStorage;
use apalis_sqlite::SqliteStorage;
use futures::FutureExt;
use jobs::{JobContext, JobError, JobSettings, metrics::JobOutcome, registry::JobSpec};
use rand::Rng;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use serde_json::Value;
use tracing::Instrument;

use crate::{
    config::Config,
    pauses::Pauses,
    queue::{
        ATTEMPT_KEY, DUE_AT_KEY, QueueBackend, Queues, REDELIVERED_KEY, TASK_ID_KEY, job_queue,
        lenient::{self, Lenient, OnReady},
        tick::Tick,
    },
    restarts::Restarts,
    status_writer::StatusWriter,
    task_status::{TaskState, TaskStatus},
};

/// Everything a handler needs, shared by all workers of a process.
pub struct Runtime {
    pub config: Config,
    pub db: DatabaseConnection,
    pub queues: Queues,
    pub job_queue: Arc<dyn jobs::QueueHandle>,
    pub settings: Arc<JobSettings>,
    /// Task statuses, written off the jobs' path.
    pub statuses: StatusWriter,
}

impl Runtime {
    pub fn new(
        config: Config,
        db: DatabaseConnection,
        queues: Queues,
        recordings: jobs::recordings::RecordingStore,
        mailer: jobs::notifications::Mailer,
    ) -> Arc<Runtime> {
        let settings = Arc::new(JobSettings {
            keep_finished: config.keep_finished,
            recordings: Some(Arc::new(recordings)),
            audio_pad_ms: config.audio_pad_ms,
            public_url: config.public_url.clone(),
            mailer: Some(Arc::new(mailer)),
            mail_from: config.mail.from.clone(),
        });
        let job_queue = job_queue(&queues);
        let statuses = StatusWriter::spawn(queues.clone());
        Arc::new(Runtime {
            config,
            db,
            queues,
            job_queue,
            settings,
            statuses,
        })
    }
}

#[derive(Clone)]
struct WorkerState {
    runtime: Arc<Runtime>,
    spec: &'static JobSpec,
    /// Set while the job's queue is paused (the operator console).
    paused: Arc<AtomicBool>,
}

/// How far a task fetched from a paused queue is pushed back.
const PAUSED_RECHECK: Duration = Duration::from_secs(1);

/// When the worker stops.
pub enum Until {
    /// SIGTERM or SIGINT.
    Signal,
    /// Every queue is empty (or a signal came first).
    Drained,
    /// The sender fires or is dropped (in-process callers: the demo, benchmarks).
    Told(tokio::sync::oneshot::Receiver<()>),
}

/// Run workers for every job until `until`; in-flight jobs finish (or return to their
/// queue) within the configured shutdown timeout.
pub async fn run(runtime: Arc<Runtime>, until: Until) -> anyhow::Result<()> {
    let instance = format!(
        "{}:{}:{}",
        runtime.config.host,
        std::process::id(),
        ulid::Ulid::generate()
    );
    // Paused queues (the operator console) are known before any worker fetches.
    let pauses = Pauses::new();
    pauses.refresh(&runtime.db, &runtime.queues).await;
    let restarts = Restarts::of_process().clone();
    let mut monitor = Monitor::new()
        .shutdown_timeout(runtime.config.shutdown_timeout)
        .should_restart({
            let restarts = restarts.clone();
            move |worker, error| {
                if worker.is_shutting_down() {
                    return false;
                }
                restarts.failed(job_of(worker.name()), error);
                true
            }
        });
    for spec in jobs::registry::JOBS {
        monitor = register(monitor, &runtime, spec, &instance, &pauses, &restarts);
    }
    tracing::info!(
        queues = jobs::registry::JOBS.len(),
        concurrency = runtime.config.concurrency,
        embedded = runtime.config.is_embedded_queue(),
        "worker started"
    );
    let stop = {
        let runtime = runtime.clone();
        let pauses = pauses.clone();
        async move {
            match until {
                Until::Signal => shutdown_signal().await,
                Until::Drained => tokio::select! {
                    () = shutdown_signal() => {},
                    result = drained(&runtime, &pauses) => result.map_err(std::io::Error::other)?,
                },
                Until::Told(told) => tokio::select! {
                    () = shutdown_signal() => {},
                    _ = told => {},
                },
            }
            tracing::info!("stopping: waiting for in-flight jobs");
            Ok(())
        }
    };
    let wake_ups = runtime.queues.listen_for_wake_ups();
    let pause_watch = pauses.watch(runtime.db.clone(), runtime.queues.clone());
    let _relay = crate::outbox::RelayTask::spawn(&runtime.db, &runtime.queues);
    let ran = monitor.run_with_signal(stop).await;
    if let Some(wake_ups) = wake_ups {
        wake_ups.abort();
    }
    pause_watch.abort();
    // The last statuses (bounded: a dead queue must not hold the exit).
    let _ = tokio::time::timeout(Duration::from_secs(2), runtime.statuses.flush()).await;
    ran?;
    tracing::info!("worker stopped");
    Ok(())
}

/// The name of a worker's `restarts`-th incarnation.
fn worker_name(name: &str, restarts: usize) -> String {
    if restarts == 0 {
        name.to_owned()
    } else {
        format!("{name}~{restarts}")
    }
}

/// The job a worker serves, from its name (`{job}@{instance}[~restart]`).
fn job_of(worker_name: &str) -> &'static str {
    let job = worker_name.split('@').next().unwrap_or_default();
    jobs::registry::find(job).map_or("unknown", |spec| spec.name)
}

fn register(
    monitor: Monitor,
    runtime: &Arc<Runtime>,
    spec: &'static JobSpec,
    instance: &str,
    pauses: &Pauses,
    restarts: &Restarts,
) -> Monitor {
    // Worker names are unique per process start: a restarted worker reusing its old name
    // would be taken for the dead one. A worker restarted after its backend failed takes a
    // new name too: the old one stays registered until its heartbeat lapses (Redis refuses
    // to register it again meanwhile), and then other workers bring back what it held.
    let name = format!("{}@{instance}", spec.name);
    let paused = pauses.flag(spec.name);
    let state = WorkerState {
        runtime: runtime.clone(),
        spec,
        paused: paused.clone(),
    };
    let concurrency = runtime.config.concurrency_of(spec.queue);
    let queues = runtime.queues.clone();
    let wake = queues.wake_up(spec.name);
    let poll_interval = runtime.config.poll_interval();
    let restarts = restarts.clone();
    // The same worker on either backend; only how the queue is opened differs. A restarted
    // worker (after its backend failed) waits out the restart policy's delay first.
    macro_rules! worker_on {
        ($backend:expr, $restarts:expr) => {{
            let delay = restarts.start_delay(spec.name);
            let ready: OnReady = {
                let restarts = restarts.clone();
                Box::new(move || restarts.ready(spec.name))
            };
            WorkerBuilder::new(worker_name(&name, $restarts))
                .backend(
                    Lenient::new($backend, delay, ready).poll_with_strategy(Tick::every(
                        poll_interval,
                        wake.clone(),
                        paused.clone(),
                    )),
                )
                .data(state.clone())
                .concurrency(concurrency)
                .parallelize(tokio::spawn)
                .build(handle)
        }};
    }
    match &runtime.queues.backend {
        QueueBackend::Redis(conn) => {
            let conn = conn.clone();
            monitor.register(move |restarts_so_far| {
                worker_on!(
                    RedisStorage::<Value>::new(conn.clone())
                        .with_config(queues.redis_config(spec.name)),
                    restarts_so_far
                )
            })
        }
        QueueBackend::Sqlite(pool) => {
            let pool = pool.clone();
            monitor.register(move |restarts_so_far| {
                worker_on!(
                    SqliteStorage::<Value>::new(&pool).with_config(queues.sqlite_config(spec.name)),
                    restarts_so_far
                )
            })
        }
    }
}

/// Runs one task. Failures never reach the backend: a transient one is pushed again with
/// backoff, a permanent or final one goes to `failed_jobs`. Only when that bookkeeping itself
/// fails does the error propagate, so the backend keeps the task.
async fn handle(
    payload: Value,
    metadata: MetadataStore,
    task_id: TaskId,
    backend_attempt: Attempt,
    state: Data<WorkerState>,
) -> Result<(), BoxDynError> {
    let WorkerState {
        runtime,
        spec,
        paused,
    } = (*state).clone();
    let attempt: u32 = metadata
        .get(ATTEMPT_KEY)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    // The public task id survives retries (each retry is a new backend task).
    let job_id = metadata
        .get(TASK_ID_KEY)
        .map(|id| id.to_string())
        .unwrap_or_else(|| task_id.to_string());
    if let Some(bytes) = lenient::undecodable_len(&payload) {
        return fail_undecodable(&runtime, spec, bytes, attempt, &job_id).await;
    }
    // Put back because its worker vanished: marked on Redis (our patch), counted on SQLite
    // (its orphan re-enqueue adds an attempt; Muffle's own retries are new tasks).
    let redelivered = metadata.get(REDELIVERED_KEY).is_some() || backend_attempt.current() > 1;
    if redelivered && already_ended(&runtime, &job_id, attempt).await {
        tracing::info!(
            job = spec.name,
            job_id,
            attempt,
            "redelivered after it ended (its acknowledgement was lost); not run again"
        );
        return Ok(());
    }
    // What the queue keeps of a payload naming a person once this attempt has ended (a retry
    // or a paused task is pushed again with the whole payload: it still has to run).
    let scrubbed = spec
        .scrub_queued_payload
        .then(|| (spec.kept_on_failure)(&payload).unwrap_or(Value::Null));
    let ended = if paused.load(Ordering::Relaxed) {
        // Fetched in the batch that was in flight when the pause came (a poll strategy only
        // gates the next fetch): put it back untouched, due in a second; the paused worker
        // then fetches nothing more until it is resumed.
        runtime
            .queues
            .push_retry(spec.name, payload, attempt, PAUSED_RECHECK, &job_id)
            .await
            .map_err(BoxDynError::from)
    } else {
        if let Some(waited) = queue_wait(&metadata) {
            jobs::metrics::job_started(spec.name, waited);
        }
        let span = tracing::info_span!("job", job = spec.name, job_id = %job_id, attempt);
        run_attempt(&runtime, spec, payload, attempt, &job_id)
            .instrument(span)
            .await
    };
    if let Some(scrubbed) = scrubbed {
        let backend_id = task_id.to_string();
        let scrub = runtime
            .queues
            .scrub_payload(spec.name, &backend_id, &scrubbed);
        if let Err(error) = scrub.await {
            tracing::warn!(%error, job = spec.name, "cannot overwrite the queue's copy of the payload");
        }
    }
    ended
}

/// One attempt of a job: run it, then record how it ended (succeeded, retry pushed, or kept
/// in failed jobs).
async fn run_attempt(
    runtime: &Runtime,
    spec: &'static JobSpec,
    payload: Value,
    attempt: u32,
    job_id: &str,
) -> Result<(), BoxDynError> {
    let ctx = JobContext {
        db: runtime.db.clone(),
        queue: runtime.job_queue.clone(),
        settings: runtime.settings.clone(),
        job_id: job_id.to_owned(),
        attempt,
    };
    let queues = &runtime.queues;
    let statuses = &runtime.statuses;
    let status = |state| TaskStatus::new(job_id, spec.name, state, attempt);
    statuses.set(status(TaskState::Running));
    let started = std::time::Instant::now();
    let (error, cause) =
        match run_guarded(spec, payload.clone(), ctx, runtime.config.job_timeout).await {
            Ok(()) => {
                tracing::info!(
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "job done"
                );
                jobs::metrics::job_finished(spec.name, JobOutcome::Succeeded, started.elapsed());
                statuses.ended(status(TaskState::Succeeded), true);
                return Ok(());
            }
            Err(failure) => failure,
        };
    let config = &runtime.config;
    let outcome = if error.is_permanent() || attempt >= config.max_attempts {
        let kept_payload = (spec.kept_on_failure)(&payload);
        record_failed(
            &runtime.db,
            spec.name,
            kept_payload,
            &error,
            attempt,
            job_id,
        )
        .await?;
        tracing::error!(error = %error, permanent = error.is_permanent(), "job failed; kept in failed jobs");
        let failed = TaskStatus {
            last_error: Some(error.to_string()),
            ..status(TaskState::Failed)
        };
        statuses.ended(failed, false);
        JobOutcome::Failed
    } else {
        let delay = backoff(attempt, config.retry_base, config.retry_max);
        // Recorded before the push, so the next attempt's `running` comes after it.
        let mut retrying = TaskStatus {
            last_error: Some(error.to_string()),
            ..status(TaskState::Retrying)
        };
        retrying.next_run_at = Some(retrying.updated_at + delay);
        statuses.ended(retrying, false);
        statuses.flush().await;
        queues
            .push_retry(spec.name, payload, attempt + 1, delay, job_id)
            .await?;
        tracing::warn!(error = %error, retry_in_ms = delay.as_millis() as u64, "job failed; will retry");
        JobOutcome::Retried
    };
    // A timeout or a panic is counted as such, whether it is retried or kept.
    jobs::metrics::job_finished(spec.name, cause.unwrap_or(outcome), started.elapsed());
    Ok(())
}

/// Whether this attempt already ended before its worker vanished: a job that finished just
/// as the process was stopped (SIGTERM at the shutdown limit) loses only the acknowledgement,
/// and its status says so. Unknown (the status expired, or cannot be read) means run it.
async fn already_ended(runtime: &Runtime, job_id: &str, attempt: u32) -> bool {
    match runtime.queues.status(job_id).await {
        Ok(Some(status)) => status.ended(attempt),
        _ => false,
    }
}

/// A task whose stored bytes are not JSON (written by hand, or corrupted): it can never run.
/// It goes to failed jobs with its length only, and its queue goes on.
async fn fail_undecodable(
    runtime: &Runtime,
    spec: &'static JobSpec,
    bytes: u64,
    attempt: u32,
    job_id: &str,
) -> Result<(), BoxDynError> {
    let error = JobError::permanent(format!(
        "task data is not JSON ({bytes} bytes, not kept); nothing ran"
    ));
    record_failed(&runtime.db, spec.name, None, &error, attempt, job_id).await?;
    tracing::error!(
        job = spec.name,
        job_id,
        bytes,
        "undecodable task; kept in failed jobs"
    );
    let failed = TaskStatus {
        last_error: Some(error.to_string()),
        ..TaskStatus::new(job_id, spec.name, TaskState::Failed, attempt)
    };
    runtime.statuses.ended(failed, false);
    jobs::metrics::job_finished(spec.name, JobOutcome::Failed, Duration::ZERO);
    Ok(())
}

/// Runs the handler with a timeout, turning a panic into an error (its message is dropped:
/// it could quote data). A failure comes with `TimedOut` or `Panicked` when that is how the
/// attempt ended.
async fn run_guarded(
    spec: &JobSpec,
    payload: Value,
    ctx: JobContext,
    timeout: Duration,
) -> Result<(), (JobError, Option<JobOutcome>)> {
    let run = AssertUnwindSafe((spec.run)(payload, ctx)).catch_unwind();
    match tokio::time::timeout(timeout, run).await {
        Ok(Ok(result)) => result.map_err(|error| (error, None)),
        Ok(Err(_panic)) => Err((
            JobError::transient("job handler panicked"),
            Some(JobOutcome::Panicked),
        )),
        Err(_elapsed) => Err((
            JobError::transient(format!("job timed out after {} s", timeout.as_secs())),
            Some(JobOutcome::TimedOut),
        )),
    }
}

/// How long the task waited between becoming due and starting (None for tasks pushed before
/// the due time was recorded).
fn queue_wait(metadata: &MetadataStore) -> Option<Duration> {
    let due_at_ms: i64 = metadata.get(DUE_AT_KEY)?.parse().ok()?;
    let waited_ms = chrono::Utc::now().timestamp_millis() - due_at_ms;
    Some(Duration::from_millis(waited_ms.max(0) as u64))
}

/// Exponential backoff with full jitter: a random delay in [base·2^(n-1) / 2, base·2^(n-1)],
/// capped at `max`, so retries of a failed batch spread out instead of stampeding.
pub fn backoff(attempt: u32, base: Duration, max: Duration) -> Duration {
    let exponent = attempt.saturating_sub(1).min(30);
    let ceiling = base.saturating_mul(1u32 << exponent).min(max);
    let half = ceiling / 2;
    half + rand::rng().random_range(Duration::ZERO..=half)
}

pub async fn record_failed(
    db: &impl sea_orm::ConnectionTrait,
    job: &str,
    payload: Option<Value>,
    error: &JobError,
    attempts: u32,
    task_id: &str,
) -> anyhow::Result<()> {
    entity::failed_jobs::ActiveModel {
        job_name: Set(job.to_owned()),
        payload: Set(payload.unwrap_or(Value::Null)),
        error: Set(error.to_string()),
        attempts: Set(attempts as i32),
        task_id: Set(task_id.to_owned()),
        failed_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Resolves once every queue has stayed empty for a few consecutive checks. Paused queues
/// keep their tasks and do not count.
async fn drained(runtime: &Runtime, pauses: &Pauses) -> anyhow::Result<()> {
    let mut empty_checks = 0;
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let names: Vec<&str> = jobs::registry::names()
            .into_iter()
            .filter(|name| !pauses.is_paused(name))
            .collect();
        if runtime.queues.unfinished(&names).await? == 0
            // No outbox table (a database not migrated yet) means nothing to relay.
            && crate::outbox::pending(&runtime.db).await.unwrap_or(0) == 0
        {
            empty_checks += 1;
            if empty_checks >= 3 {
                return Ok(());
            }
        } else {
            empty_checks = 0;
        }
    }
}

pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing a SIGTERM handler cannot fail on unix");
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_exponentially_within_jitter_and_is_capped() {
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(5);
        for attempt in 1..=10u32 {
            let ceiling = (base * 2u32.pow(attempt - 1)).min(max);
            for _ in 0..50 {
                let delay = backoff(attempt, base, max);
                assert!(
                    delay >= ceiling / 2 && delay <= ceiling,
                    "attempt {attempt}: {delay:?}"
                );
            }
        }
        assert!(backoff(1000, base, max) <= max);
    }
}
