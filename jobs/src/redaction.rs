//! Redacting one interaction (call, text, chat or form) in one transaction: text, tags,
//! audit rows and `redacted_at` change together. Shared by the redaction jobs, retention
//! sweeps and erasure. (Interface fixed; body being written.)

use serde::{Deserialize, Serialize};

use crate::job::{JobContext, JobError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    Call,
    Text,
    Chat,
    Form,
}

/// Who asked for a redaction; recorded in `redaction_events.actor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Platform,
    Schedule,
    Erasure,
}

/// What to remove.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Detected sensitive data, per the account's `redact_types`.
    Detected,
    /// All content (erasure, `redact_all` retention).
    All,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// False when the interaction was already redacted at this detector version (or the
    /// account's policy skips it): nothing was written.
    pub changed: bool,
    /// Entity types found, e.g. `CREDIT_CARD`.
    pub entity_types: Vec<String>,
}

/// Redacts one interaction; idempotent and safe against concurrent workers.
/// Unknown id → `JobError::Permanent`.
pub async fn redact_interaction(
    _ctx: &JobContext,
    kind: InteractionKind,
    id: i64,
    _actor: Actor,
    _mode: Mode,
) -> Result<Outcome, JobError> {
    Err(JobError::permanent(format!("redaction of {kind:?} {id} is not implemented yet")))
}
