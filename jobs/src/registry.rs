//! Every job Muffle runs, by name: how to validate a payload and how to run it.

use serde_json::Value;

use crate::job::{BoxFuture, Job, JobContext, JobError, QueueClass};
use crate::{
    delete_recording::DeleteRecording, erase_contact::EraseContact,
    expire_media_links::ExpireMediaLinks, notify_call::NotifyCall, probe_worker::ProbeWorker,
    purge_recordings::PurgeRecordings, redact_account::RedactAccount, redact_call::RedactCall,
    redact_chat::RedactChat, redact_form::RedactForm, redact_text::RedactText,
    rewrite_recording::RewriteRecording, send_call_notification::SendCallNotification,
    sweep_retention::SweepRetention, vacuum_queues::VacuumQueues,
};

/// One job type as the runtime sees it.
pub struct JobSpec {
    pub name: &'static str,
    /// The job's queue policy ([`Job::QUEUE`]).
    pub queue: QueueClass,
    /// Checks that a payload decodes to the job's type; the error says why, without values.
    pub validate: fn(&Value) -> Result<(), String>,
    pub run: fn(Value, JobContext) -> BoxFuture<'static, Result<(), JobError>>,
    /// What `failed_jobs` keeps of a payload ([`Job::kept_on_failure`]); `None` when it does
    /// not decode (its bytes are not kept).
    pub kept_on_failure: fn(&Value) -> Option<Value>,
    /// The queue's copy of the payload is overwritten once an attempt ends
    /// ([`Job::PAYLOAD_NAMES_A_PERSON`]).
    pub scrub_queued_payload: bool,
    /// The payload's fields as its type declares them (`muffle enqueue --help`, `jobs list`).
    pub payload: fn() -> PayloadShape,
}

/// A payload's fields, read from its `Deserialize` impl (never a hand-written list), and a
/// smallest payload that decodes.
#[derive(Clone, Debug, PartialEq)]
pub struct PayloadShape {
    /// (field, required), in declaration order.
    pub fields: Vec<(&'static str, bool)>,
    /// The required fields with placeholder values of the right type, e.g. `{"call_id":1}`.
    pub example: Value,
}

impl PayloadShape {
    /// `{account_id, kinds?, since?}`: the form the README's job table uses.
    pub fn summary(&self) -> String {
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|(name, required)| format!("{name}{}", if *required { "" } else { "?" }))
            .collect();
        format!("{{{}}}", fields.join(", "))
    }
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
        kept_on_failure: kept_on_failure::<J>,
        scrub_queued_payload: J::PAYLOAD_NAMES_A_PERSON,
        payload: payload_shape::<J>,
    }
}

/// Finds the required fields by decoding growing payloads: serde reports the first missing
/// required field; each gets the first placeholder value its type accepts. Whatever serde
/// never asks for is optional.
fn payload_shape<J: Job>() -> PayloadShape {
    const PLACEHOLDERS: [fn() -> Value; 6] = [
        || Value::from(1),
        || Value::from("x"),
        || Value::from("2026-01-01T00:00:00Z"),
        || Value::Array(Vec::new()),
        || Value::Bool(true),
        || Value::Object(serde_json::Map::new()),
    ];
    let fields = fields_of::<J>();
    let mut example = serde_json::Map::new();
    while let Err(error) = serde_json::from_value::<J>(Value::Object(example.clone())) {
        let message = error.to_string();
        let Some(missing) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
            .and_then(|name| fields.iter().find(|field| **field == name))
        else {
            break;
        };
        if example.contains_key(*missing) {
            break;
        }
        let fits = PLACEHOLDERS.iter().map(|make| make()).find(|value| {
            let mut attempt = example.clone();
            attempt.insert((*missing).to_owned(), value.clone());
            match serde_json::from_value::<J>(Value::Object(attempt)) {
                Ok(_) => true,
                Err(error) => error.to_string().starts_with("missing field `"),
            }
        });
        let Some(value) = fits else { break };
        example.insert((*missing).to_owned(), value);
    }
    PayloadShape {
        fields: fields
            .iter()
            .map(|field| (*field, example.contains_key(*field)))
            .collect(),
        example: Value::Object(example),
    }
}

fn kept_on_failure<J: Job>(payload: &Value) -> Option<Value> {
    decode::<J>(payload).ok().map(|job| job.kept_on_failure())
}

fn validate<J: Job>(payload: &Value) -> Result<(), String> {
    decode::<J>(payload).map(|_| ())
}

fn decode<J: Job>(payload: &Value) -> Result<J, String> {
    let invalid = |reason: String| format!("invalid {} payload: {reason}", J::NAME);
    // A payload is an object of named ids: `[42]` is not `{"call_id": 42}`.
    if !payload.is_object() {
        return Err(invalid(format!(
            "expected a JSON object, got {}",
            json_kind(payload)
        )));
    }
    let job: J = serde_path_to_error::deserialize(payload).map_err(|e| {
        let problem = schema_problem(&e.inner().to_string());
        match schema_path(e.path(), &fields_of::<J>()) {
            Some(field) => invalid(format!("field `{field}`: {problem}")),
            None => invalid(problem),
        }
    })?;
    job.check().map_err(invalid)?;
    Ok(job)
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde's message rebuilt from the schema's side only: the kind of input (`string`,
/// `integer`, …) and what was expected, never the input itself (serde quotes a bad variant,
/// an unknown key, a string or a number).
fn schema_problem(message: &str) -> String {
    let expected = message
        .find(", expected ")
        .map(|at| &message[at..])
        .or_else(|| message.find(", there are no").map(|at| &message[at..]))
        .unwrap_or("");
    let unexpected_kind = |rest: &str| -> &'static str {
        let rest = rest.split(", expected").next().unwrap_or("");
        let kind = rest.split(['`', '"']).next().unwrap_or("").trim();
        const KINDS: [&str; 14] = [
            "boolean",
            "integer",
            "floating point",
            "character",
            "string",
            "byte array",
            "null",
            "Option value",
            "unit value",
            "sequence",
            "map",
            "unit variant",
            "newtype variant",
            "enum",
        ];
        KINDS
            .into_iter()
            .find(|known| *known == kind)
            .unwrap_or("a value")
    };
    if message.starts_with("missing field `") || message.starts_with("duplicate field `") {
        // The field is the schema's.
        return message
            .split(" at line ")
            .next()
            .unwrap_or(message)
            .to_owned();
    }
    for (prefix, name) in [
        ("unknown field", "unknown field"),
        ("unknown variant", "unknown variant"),
        ("invalid length", "invalid length"),
    ] {
        if message.starts_with(prefix) {
            return format!("{name}{expected}");
        }
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            return format!("{prefix}{}{expected}", unexpected_kind(rest));
        }
    }
    "invalid value".to_owned()
}

/// The path to the bad field, keeping only what the schema names: a top-level field of the
/// payload and sequence indices (a map key could be anything the sender wrote).
fn schema_path(path: &serde_path_to_error::Path, fields: &[&'static str]) -> Option<String> {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    let mut named = false;
    for (depth, segment) in path.iter().enumerate() {
        match segment {
            Segment::Map { key } if depth == 0 && fields.contains(&key.as_str()) => {
                named = true;
                out.push_str(key)
            }
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { .. } | Segment::Enum { .. } | Segment::Unknown => out.push_str(".…"),
        }
    }
    named.then_some(out)
}

/// The payload struct's field names, as its `Deserialize` declares them.
fn fields_of<J: Job>() -> Vec<&'static str> {
    let mut probe = FieldsProbe(&[]);
    let _ = J::deserialize(&mut probe);
    probe.0.to_vec()
}

/// A deserializer that only records the field list a struct asks for, then stops.
struct FieldsProbe(&'static [&'static str]);

impl<'de> serde::Deserializer<'de> for &mut FieldsProbe {
    type Error = serde::de::value::Error;

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(serde::de::Error::custom("fields recorded"))
    }

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("not a struct"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_name_the_problem_but_never_the_value() {
        let error = validate::<ProbeWorker>(&serde_json::json!({"probe_id": 4111111111111111u64}))
            .unwrap_err();
        assert!(
            error.starts_with(
                "invalid probe_worker payload: field `probe_id`: invalid type: integer"
            ),
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
    fn errors_are_built_from_the_schema_never_from_the_input() {
        let cases = [
            (
                "redact_account",
                serde_json::json!({"account_id": 1, "kinds": ["jane.roe@example.com"]}),
                "invalid redact_account payload: field `kinds[0]`: unknown variant, expected one of `calls`, `texts`, `chats`, `forms`",
            ),
            (
                "redact_call",
                serde_json::json!({"call_id": 1, "jane.roe@example.com": 2}),
                "invalid redact_call payload: unknown field, expected `call_id`",
            ),
            (
                "redact_call",
                serde_json::json!({"call_id": "jane.roe@example.com"}),
                "invalid redact_call payload: field `call_id`: invalid type: string, expected i64",
            ),
            (
                "redact_call",
                serde_json::json!([42]),
                "invalid redact_call payload: expected a JSON object, got an array",
            ),
            (
                "erase_contact",
                serde_json::json!({"account_id": 1}),
                "invalid erase_contact payload: erase_contact needs a phone or an email",
            ),
            (
                "erase_contact",
                serde_json::json!({"account_id": 1, "email": "jane.roe at example"}),
                "invalid erase_contact payload: email must contain @",
            ),
        ];
        for (name, payload, expected) in cases {
            let error = (find(name).unwrap().validate)(&payload).unwrap_err();
            assert_eq!(error, expected);
        }
        assert!(
            (find("erase_contact").unwrap().validate)(
                &serde_json::json!({"account_id": 1, "phone": "+1 415 555 0100"})
            )
            .is_ok()
        );
    }

    #[test]
    fn failed_jobs_keep_no_contact_of_an_erasure() {
        let payload = serde_json::json!({"account_id": 7, "phone": "+1 415 555 0100", "email": "jo@example.com"});
        let kept = (find("erase_contact").unwrap().kept_on_failure)(&payload).unwrap();
        assert_eq!(kept["account_id"], 7);
        assert_eq!(kept["contact_sha256"].as_str().unwrap().len(), 64);
        assert!(!kept.to_string().contains("555") && !kept.to_string().contains("jo@"));
        let ids = serde_json::json!({"call_id": 5});
        assert_eq!(
            (find("redact_call").unwrap().kept_on_failure)(&ids),
            Some(ids)
        );
        assert_eq!(
            (find("redact_call").unwrap().kept_on_failure)(&serde_json::json!([5])),
            None
        );
    }

    #[test]
    fn payload_shapes_come_from_the_types() {
        let shape = |name: &str| (find(name).unwrap().payload)();
        assert_eq!(shape("redact_call").summary(), "{call_id}");
        assert_eq!(
            shape("redact_call").example,
            serde_json::json!({"call_id": 1})
        );
        assert_eq!(
            shape("redact_account").summary(),
            "{account_id, kinds?, since?, until?}"
        );
        assert_eq!(shape("sweep_retention").summary(), "{schedule_id, fire_at}");
        assert_eq!(shape("expire_media_links").summary(), "{}");
        for spec in JOBS {
            let shape = (spec.payload)();
            // Every example decodes but for checks beyond types (erase_contact's phone or
            // e-mail), which `check` states in words.
            let decoded = serde_json::from_value::<Value>(shape.example.clone()).unwrap();
            if spec.name != "erase_contact" {
                assert_eq!((spec.validate)(&decoded), Ok(()), "{}", spec.name);
            }
        }
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
    spec::<NotifyCall>(),
    spec::<SendCallNotification>(),
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
