//! Who gets redacted how: the account's policy, and why a row needs no pass.

use super::*;

/// Why a row needs no redaction pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Skip {
    /// Automatic detection on an account without secure transcription.
    PolicyOff,
    /// Already redacted at this detector version.
    AlreadyDone,
    /// A call not transcribed yet: nothing to detect in until its transcript arrives
    /// (the rows [`Kind::needs_detection`] leaves out).
    Untranscribed,
}

pub(super) fn skip_reason(
    row: &Row,
    account: &accounts::Model,
    actor: Actor,
    mode: Mode,
) -> Option<Skip> {
    if mode != Mode::Detected {
        return None;
    }
    if actor != Actor::Erasure && !account.secure_transcription {
        return Some(Skip::PolicyOff);
    }
    if row.detector_version() >= Some(DETECTOR_VERSION) {
        return Some(Skip::AlreadyDone);
    }
    matches!(row, Row::Call(call) if call.transcript.is_none()).then_some(Skip::Untranscribed)
}

/// The account's `redact_types` (NULL = every type). A malformed policy redacts everything:
/// a typo must not let card numbers through.
pub(super) fn allowed_types(redact_types: Option<&Value>) -> Vec<EntityType> {
    match redact_types {
        None | Some(Value::Null) => EntityType::ALL.to_vec(),
        Some(Value::Array(names)) => EntityType::ALL
            .into_iter()
            .filter(|entity| {
                names
                    .iter()
                    .any(|name| name.as_str().and_then(EntityType::parse) == Some(*entity))
            })
            .collect(),
        Some(_) => {
            tracing::warn!("redact_types is not a JSON array: redacting every type");
            EntityType::ALL.to_vec()
        }
    }
}

pub(super) struct Policy {
    pub(super) mode: Mode,
    pub(super) types: Vec<EntityType>,
    pub(super) forget_contact: bool,
    /// Padding of the audio ranges (`JobSettings::audio_pad_ms`).
    pub(super) pad_ms: u64,
}

impl Policy {
    pub(super) fn allows(&self, entity: EntityType) -> bool {
        self.types.contains(&entity)
    }
}
