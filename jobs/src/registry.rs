//! Every job Muffle runs, by name: how to validate a payload and how to run it.

use serde_json::Value;

use crate::job::{BoxFuture, Job, JobContext, JobError};
use crate::{probe_worker::ProbeWorker, vacuum_queues::VacuumQueues};

/// One job type as the runtime sees it.
pub struct JobSpec {
    pub name: &'static str,
    /// Checks that a payload decodes to the job's type; the error says why, without values.
    pub validate: fn(&Value) -> Result<(), String>,
    pub run: fn(Value, JobContext) -> BoxFuture<'static, Result<(), JobError>>,
}

impl std::fmt::Debug for JobSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobSpec").field("name", &self.name).finish()
    }
}

const fn spec<J: Job>() -> JobSpec {
    JobSpec {
        name: J::NAME,
        validate: validate::<J>,
        run: run::<J>,
    }
}

fn validate<J: Job>(payload: &Value) -> Result<(), String> {
    decode::<J>(payload).map(|_| ())
}

fn decode<J: Job>(payload: &Value) -> Result<J, String> {
    // serde's messages name the field and expected type; they can quote a bad value only for
    // enum variants, and our payloads carry ids, not sensitive values.
    J::deserialize(payload).map_err(|e| format!("invalid {} payload: {e}", J::NAME))
}

fn run<J: Job>(payload: Value, ctx: JobContext) -> BoxFuture<'static, Result<(), JobError>> {
    Box::pin(async move {
        let job = decode::<J>(&payload).map_err(JobError::Permanent)?;
        job.run(ctx).await
    })
}

/// All jobs, in the order their queues are listed.
pub static JOBS: &[JobSpec] = &[spec::<VacuumQueues>(), spec::<ProbeWorker>()];

/// Look a job up by name.
pub fn find(name: &str) -> Option<&'static JobSpec> {
    JOBS.iter().find(|spec| spec.name == name)
}

/// Job names, for error messages and `--help`.
pub fn names() -> Vec<&'static str> {
    JOBS.iter().map(|spec| spec.name).collect()
}
