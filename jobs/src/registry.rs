//! Every job Muffle runs, by name: how to validate a payload and how to run it.

use serde_json::Value;

use crate::job::{BoxFuture, Job, JobContext, JobError, QueueClass};
use crate::{
    delete_recording::DeleteRecording, erase_contact::EraseContact,
    expire_media_links::ExpireMediaLinks, probe_worker::ProbeWorker,
    purge_recordings::PurgeRecordings, redact_account::RedactAccount, redact_call::RedactCall,
    redact_chat::RedactChat, redact_form::RedactForm, redact_text::RedactText,
    rewrite_recording::RewriteRecording, sweep_retention::SweepRetention,
    vacuum_queues::VacuumQueues,
};

/// One job type as the runtime sees it.
pub struct JobSpec {
    pub name: &'static str,
    /// The job's queue policy ([`Job::QUEUE`]).
    pub queue: QueueClass,
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
        queue: J::QUEUE,
        validate: validate::<J>,
        run: run::<J>,
    }
}

fn validate<J: Job>(payload: &Value) -> Result<(), String> {
    decode::<J>(payload).map(|_| ())
}

fn decode<J: Job>(payload: &Value) -> Result<J, String> {
    J::deserialize(payload).map_err(|e| {
        format!(
            "invalid {} payload: {}",
            J::NAME,
            without_values(&e.to_string())
        )
    })
}

/// serde quotes the offending value in its messages (`invalid type: string "…"`); a payload
/// sent by mistake could hold anything, so quoted text and long digit runs are masked.
pub fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for inner in chars.by_ref() {
                    if inner == '"' {
                        break;
                    }
                }
                out.push_str("\"…\"");
            }
            c if c.is_ascii_digit() => {
                let mut run = String::from(c);
                while let Some(d) = chars.next_if(|d| d.is_ascii_digit()) {
                    run.push(d);
                }
                out.push_str(if run.len() >= 3 { "…" } else { &run });
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_name_the_problem_but_never_the_value() {
        let error = validate::<ProbeWorker>(&serde_json::json!({"probe_id": 4111111111111111u64}))
            .unwrap_err();
        assert!(
            error.starts_with("invalid probe_worker payload: invalid type: integer"),
            "{error}"
        );
        assert!(!error.contains("4111"), "{error}");

        let error = validate::<VacuumQueues>(&serde_json::json!({"keep_seconds": "123-45-6789"}))
            .unwrap_err();
        assert!(!error.contains("6789"), "{error}");
        assert!(error.contains("invalid type: string"), "{error}");

        let error = validate::<ProbeWorker>(&serde_json::json!({})).unwrap_err();
        assert!(error.contains("missing field `probe_id`"), "{error}");
    }

    #[test]
    fn every_job_is_findable_by_name_and_names_are_unique() {
        let mut names = names();
        for name in &names {
            assert_eq!(find(name).unwrap().name, *name);
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), JOBS.len());
        assert!(find("no_such_job").is_none());
    }
}

fn run<J: Job>(payload: Value, ctx: JobContext) -> BoxFuture<'static, Result<(), JobError>> {
    Box::pin(async move {
        let job = decode::<J>(&payload).map_err(JobError::Permanent)?;
        job.run(ctx).await
    })
}

/// All jobs, in the order their queues are listed.
pub static JOBS: &[JobSpec] = &[
    spec::<RedactCall>(),
    spec::<RedactText>(),
    spec::<RedactChat>(),
    spec::<RedactForm>(),
    spec::<RedactAccount>(),
    spec::<EraseContact>(),
    spec::<RewriteRecording>(),
    spec::<SweepRetention>(),
    spec::<DeleteRecording>(),
    spec::<PurgeRecordings>(),
    spec::<VacuumQueues>(),
    spec::<ExpireMediaLinks>(),
    spec::<ProbeWorker>(),
];

/// Look a job up by name.
pub fn find(name: &str) -> Option<&'static JobSpec> {
    JOBS.iter().find(|spec| spec.name == name)
}

/// Job names, for error messages and `--help`.
pub fn names() -> Vec<&'static str> {
    JOBS.iter().map(|spec| spec.name).collect()
}
