//! `probe_worker`: a job that exercises the runtime itself. Ops enqueue it to check the
//! pipeline end to end; the tests use it for slow jobs, retries and crashes.

use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde::{Deserialize, Serialize};

use crate::job::{Job, JobContext, JobError};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeWorker {
    /// Recorded in `worker_probes` when the probe completes.
    pub probe_id: String,
    /// How long the probe works before completing.
    #[serde(default)]
    pub sleep_ms: u64,
    /// Fail (transiently) on this many attempts before succeeding; u32::MAX never succeeds.
    #[serde(default)]
    pub fail_attempts: u32,
    /// Write the completion row; `false` makes the probe a no-op (queue benchmarks).
    #[serde(default = "yes")]
    pub record: bool,
}

fn yes() -> bool {
    true
}

impl Job for ProbeWorker {
    const NAME: &'static str = "probe_worker";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        if self.probe_id.len() > 200 {
            return Err(JobError::permanent(
                "probe_id is longer than 200 characters",
            ));
        }
        // Even a zero sleep waits for the timer's next millisecond tick: a no-op probe must
        // not touch the timer, or the queue benchmark measures the timer (1.3 ms a job).
        if self.sleep_ms > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(self.sleep_ms)).await;
        }
        if ctx.attempt <= self.fail_attempts {
            return Err(JobError::transient(format!(
                "probe failing on purpose (attempt {} of {} planned failures)",
                ctx.attempt, self.fail_attempts
            )));
        }
        if !self.record {
            return Ok(());
        }
        entity::worker_probes::ActiveModel {
            probe_id: Set(self.probe_id),
            attempt: Set(ctx.attempt as i32),
            job_id: Set(ctx.job_id.clone()),
            finished_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&ctx.db)
        .await?;
        Ok(())
    }
}
