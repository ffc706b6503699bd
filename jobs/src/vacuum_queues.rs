//! `vacuum_queues`: trim finished and dead tasks so queue storage stays flat under load
//! (apalis keeps finished tasks forever otherwise; apalis-redis#10).

use serde::{Deserialize, Serialize};

use crate::job::{Job, JobContext, JobError};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VacuumQueues {
    /// Override the configured age, in seconds, of the finished tasks to keep.
    #[serde(default)]
    pub keep_seconds: Option<u64>,
}

impl Job for VacuumQueues {
    const NAME: &'static str = "vacuum_queues";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let keep = self
            .keep_seconds
            .map(std::time::Duration::from_secs)
            .unwrap_or(ctx.settings.keep_finished);
        let removed = ctx
            .queue
            .vacuum(keep)
            .await
            .map_err(|e| JobError::transient(format!("vacuum failed: {e:#}")))?;
        tracing::info!(removed, keep_seconds = keep.as_secs(), "vacuumed queues");
        Ok(())
    }
}
