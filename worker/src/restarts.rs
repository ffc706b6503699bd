//! Keeps every queue's worker alive through queue outages.
//!
//! A worker ends when its backend fails: Redis refusing connections, a heartbeat that times
//! out in a blackhole, SQLite locked for too long. Without a restart policy apalis' monitor
//! let the worker go, and once all had gone `muffle run` exited 0 with jobs still queued
//! (issue 16, item 2). Here every worker is restarted until shutdown, after a delay that
//! doubles while the outage lasts (capped), so nothing spins; each restart re-registers the
//! worker, which brings back the tasks it held. Meanwhile the worker is reported down
//! (`/healthz` on the metrics port, `muffle_workers_down`), and up again once its backend
//! answers.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// The first restart's delay; doubled per consecutive failure.
const FIRST_DELAY: Duration = Duration::from_millis(200);
/// The longest wait between two attempts to reach the backend.
const MAX_DELAY: Duration = Duration::from_secs(10);
/// A worker that ran this long before failing starts a new streak (a new outage).
const STREAK_RESET: Duration = Duration::from_secs(60);

#[derive(Default)]
struct WorkerLife {
    started: Option<Instant>,
    /// Consecutive failures without a long enough run between them.
    streak: u32,
    down: bool,
    restarts: u64,
}

/// The restart bookkeeping of all workers of a process.
#[derive(Clone, Default)]
pub struct Restarts {
    workers: Arc<Mutex<HashMap<&'static str, WorkerLife>>>,
}

impl Restarts {
    pub fn new() -> Restarts {
        Restarts::default()
    }

    /// The process's bookkeeping: `muffle run` restarts through it and the metrics port's
    /// `/healthz` reads it.
    pub fn of_process() -> &'static Restarts {
        static PROCESS: std::sync::LazyLock<Restarts> = std::sync::LazyLock::new(Restarts::new);
        &PROCESS
    }

    /// Called by the monitor when `job`'s worker ended with an error: it is down until its
    /// backend answers again.
    pub fn failed(&self, job: &'static str, error: &dyn std::fmt::Display) {
        let restarts = {
            let mut workers = self.lock();
            let life = workers.entry(job).or_default();
            if life.started.is_some_and(|at| at.elapsed() >= STREAK_RESET) {
                life.streak = 0;
            }
            life.down = true;
            life.restarts += 1;
            life.restarts
        };
        jobs::metrics::worker_restarted(job);
        self.report_down();
        // The error is the backend's (connection, timeout, protocol), never a task's data.
        tracing::warn!(job, restarts, %error, "queue worker stopped; restarting");
    }

    /// How long a (re)starting worker of `job` waits before reaching its backend: nothing the
    /// first time, then doubling per consecutive failure.
    pub fn start_delay(&self, job: &'static str) -> Duration {
        let mut workers = self.lock();
        let life = workers.entry(job).or_default();
        let delay = if life.started.is_none() || !life.down {
            Duration::ZERO
        } else {
            let delay = FIRST_DELAY
                .saturating_mul(1u32 << life.streak.min(16))
                .min(MAX_DELAY);
            life.streak = life.streak.saturating_add(1);
            delay
        };
        life.started = Some(Instant::now());
        delay
    }

    /// Called once a (re)started worker's backend answered: it is up.
    pub fn ready(&self, job: &'static str) {
        let was_down = {
            let mut workers = self.lock();
            let life = workers.entry(job).or_default();
            std::mem::replace(&mut life.down, false)
        };
        if was_down {
            tracing::info!(job, "queue worker reconnected");
            self.report_down();
        }
    }

    /// The jobs whose worker is down now.
    pub fn down(&self) -> Vec<&'static str> {
        let mut down: Vec<_> = self
            .lock()
            .iter()
            .filter(|(_, life)| life.down)
            .map(|(job, _)| *job)
            .collect();
        down.sort_unstable();
        down
    }

    fn report_down(&self) {
        jobs::metrics::workers_down(self.down().len());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<&'static str, WorkerLife>> {
        // A panic while holding this lock leaves counters only: keep going with them.
        self.workers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_starts_at_once_then_backs_off_while_it_keeps_failing_and_recovers() {
        let restarts = Restarts::new();
        assert_eq!(restarts.start_delay("redact_call"), Duration::ZERO);
        assert!(restarts.down().is_empty());
        let mut delays = Vec::new();
        for _ in 0..10 {
            restarts.failed("redact_call", &"connection refused");
            delays.push(restarts.start_delay("redact_call"));
        }
        assert_eq!(restarts.down(), vec!["redact_call"]);
        assert_eq!(delays[0], FIRST_DELAY);
        assert!(
            delays.windows(2).all(|pair| pair[1] >= pair[0]),
            "{delays:?}"
        );
        assert_eq!(*delays.last().unwrap(), MAX_DELAY);
        restarts.ready("redact_call");
        assert!(restarts.down().is_empty());
        // Another worker's trouble is its own.
        restarts.failed("notify_call", &"timed out");
        assert_eq!(restarts.down(), vec!["notify_call"]);
    }
}
