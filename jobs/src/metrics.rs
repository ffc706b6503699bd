//! Every metric Muffle exports: names, help texts and the helpers that record them. The
//! worker installs the Prometheus recorder and serves `GET /metrics`; without a recorder (unit
//! tests, `muffle detect`) recording is a no-op.
//!
//! Labels only ever hold names from fixed vocabularies (job names, queue names, entity types,
//! outcomes): never an id, a value or free text, so no label can leak data and the number of
//! series stays bounded.

use metrics::{Unit, counter, describe_counter, describe_gauge, describe_histogram, gauge};

pub const JOBS_TOTAL: &str = "muffle_jobs_total";
pub const JOB_DURATION: &str = "muffle_job_duration_seconds";
pub const JOB_QUEUE_WAIT: &str = "muffle_job_queue_wait_seconds";
pub const QUEUE_DEPTH: &str = "muffle_queue_depth";
pub const QUEUE_OLDEST_AGE: &str = "muffle_queue_oldest_age_seconds";
pub const FAILED_JOBS: &str = "muffle_failed_jobs";
pub const REDACTIONS_TOTAL: &str = "muffle_redactions_total";
pub const RECORDING_REWRITES_TOTAL: &str = "muffle_recording_rewrites_total";
pub const SWEEP_ROWS_TOTAL: &str = "muffle_sweep_rows_total";
pub const SWEEPS_RUNNING: &str = "muffle_sweeps_running";
pub const NOTIFICATIONS_TOTAL: &str = "muffle_notifications_total";
pub const MEDIA_LINK_REQUESTS_TOTAL: &str = "muffle_media_link_requests_total";
pub const CLOCK_LAST_TICK: &str = "muffle_clock_last_tick_timestamp_seconds";
pub const BUILD_INFO: &str = "muffle_build_info";
pub const WORKER_RESTARTS_TOTAL: &str = "muffle_worker_restarts_total";
pub const WORKERS_DOWN: &str = "muffle_workers_down";

/// Registers the help text and unit of every metric (call once, after the recorder).
pub fn describe_all() {
    describe_counter!(
        JOBS_TOTAL,
        "Job attempts by how they ended: succeeded, retried (a transient error, pushed again), \
         failed (kept in failed jobs), timed_out or panicked (either retried or kept)"
    );
    describe_histogram!(JOB_DURATION, Unit::Seconds, "How long a job attempt ran");
    describe_histogram!(
        JOB_QUEUE_WAIT,
        Unit::Seconds,
        "Time from when a task was due (pushed, or its retry delay over) to when it started"
    );
    describe_gauge!(
        QUEUE_DEPTH,
        "Tasks per queue and state: pending (due), scheduled (delayed retries), in_flight"
    );
    describe_gauge!(
        QUEUE_OLDEST_AGE,
        Unit::Seconds,
        "Age of the oldest due task per queue (0 when empty)"
    );
    describe_gauge!(
        FAILED_JOBS,
        "Failed jobs not retried yet (muffle jobs failed), per job"
    );
    describe_counter!(
        REDACTIONS_TOTAL,
        "Sensitive items redacted, by interaction kind and entity type"
    );
    describe_counter!(
        RECORDING_REWRITES_TOTAL,
        "Recording rewrites by format (wav, mp3), method (native, reencode) and outcome"
    );
    describe_counter!(
        SWEEP_ROWS_TOTAL,
        "Rows walked by retention sweeps, by action and outcome (changed, unchanged, failed)"
    );
    describe_gauge!(SWEEPS_RUNNING, "Retention sweeps running now");
    describe_counter!(
        NOTIFICATIONS_TOTAL,
        "Post-call notification e-mails by outcome, and why content was omitted"
    );
    describe_counter!(
        MEDIA_LINK_REQUESTS_TOTAL,
        "Requests to media links by outcome (page, audio, auth_failed, locked, expired, revoked, \
         not_ready)"
    );
    describe_gauge!(
        CLOCK_LAST_TICK,
        Unit::Seconds,
        "Unix time of the clock's last completed tick"
    );
    describe_gauge!(BUILD_INFO, "Build information (always 1)");
    describe_counter!(
        WORKER_RESTARTS_TOTAL,
        "Queue workers restarted after their backend failed (an outage, a broken connection)"
    );
    describe_gauge!(
        WORKERS_DOWN,
        "Queue workers waiting for their backend to answer again"
    );
}

/// How a job attempt ended (`muffle_jobs_total{outcome}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobOutcome {
    Succeeded,
    Retried,
    Failed,
    TimedOut,
    Panicked,
}

impl JobOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            JobOutcome::Succeeded => "succeeded",
            JobOutcome::Retried => "retried",
            JobOutcome::Failed => "failed",
            JobOutcome::TimedOut => "timed_out",
            JobOutcome::Panicked => "panicked",
        }
    }
}

pub fn job_finished(job: &'static str, outcome: JobOutcome, ran_for: std::time::Duration) {
    counter!(JOBS_TOTAL, "job" => job, "outcome" => outcome.as_str()).increment(1);
    metrics::histogram!(JOB_DURATION, "job" => job).record(ran_for.as_secs_f64());
}

pub fn worker_restarted(job: &'static str) {
    counter!(WORKER_RESTARTS_TOTAL, "job" => job).increment(1);
}

pub fn workers_down(count: usize) {
    gauge!(WORKERS_DOWN).set(count as f64);
}

pub fn job_started(job: &'static str, waited: std::time::Duration) {
    metrics::histogram!(JOB_QUEUE_WAIT, "job" => job).record(waited.as_secs_f64());
}

/// `entity_type` is a detector type name (or `ALL`), `kind` an interaction kind.
pub fn redacted(kind: &'static str, entity_type: &'static str, count: u64) {
    counter!(REDACTIONS_TOTAL, "kind" => kind, "entity_type" => entity_type).increment(count);
}

pub fn recording_rewritten(format: &'static str, method: &'static str, outcome: &'static str) {
    counter!(
        RECORDING_REWRITES_TOTAL,
        "format" => format,
        "method" => method,
        "outcome" => outcome
    )
    .increment(1);
}

pub fn sweep_rows(action: &'static str, outcome: &'static str, rows: u64) {
    if rows > 0 {
        counter!(SWEEP_ROWS_TOTAL, "action" => action, "outcome" => outcome).increment(rows);
    }
}

/// Counts a running sweep until dropped.
pub struct SweepRunning(());

impl SweepRunning {
    pub fn start() -> SweepRunning {
        gauge!(SWEEPS_RUNNING).increment(1.0);
        SweepRunning(())
    }
}

impl Drop for SweepRunning {
    fn drop(&mut self) {
        gauge!(SWEEPS_RUNNING).decrement(1.0);
    }
}

/// `outcome` is a `media_links::access::Outcome` name.
pub fn media_link_request(outcome: &'static str) {
    counter!(MEDIA_LINK_REQUESTS_TOTAL, "outcome" => outcome).increment(1);
}

/// One notification delivery attempt: `outcome` is the delivery status (sent, failed,
/// bounced), `omitted_reason` the strictest omission code (`audio:pci_mode`, …) or `none`.
pub fn notification(outcome: &'static str, omitted_reason: &'static str) {
    counter!(NOTIFICATIONS_TOTAL, "outcome" => outcome, "omitted_reason" => omitted_reason)
        .increment(1);
}

pub fn clock_ticked(at: chrono::DateTime<chrono::Utc>) {
    gauge!(CLOCK_LAST_TICK).set(at.timestamp() as f64);
}
