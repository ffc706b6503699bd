//! When the audio field (and the excerpt) must be left out. The reason is recorded on the
//! delivery as a code, so `muffle notifications deliveries` can say why, without values.

use entity::{accounts, calls};

use crate::media_links::{EffectivePolicy, recording_ready};

/// Why a field was omitted; `code()` is what the delivery row keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Omitted {
    /// The agency is in PCI mode: no recording links in notifications, whatever the rule.
    AudioPciMode,
    /// The account has call recording disabled.
    AudioRecordingDisabled,
    /// The rule's `include_audio` is off.
    AudioRuleExcludes,
    /// No recording, or it was deleted.
    AudioNoRecording,
    /// Redaction or the recording rewrite has not finished: the stored audio may still hold
    /// what the transcript no longer does.
    AudioRecordingNotReady,
    /// The call has no (readable) transcript.
    ExcerptNoTranscript,
    /// The transcript is not yet redacted with the current detector.
    ExcerptNotRedacted,
}

impl Omitted {
    pub fn code(self) -> &'static str {
        match self {
            Omitted::AudioPciMode => "audio:pci_mode",
            Omitted::AudioRecordingDisabled => "audio:recording_disabled",
            Omitted::AudioRuleExcludes => "audio:rule_excludes",
            Omitted::AudioNoRecording => "audio:no_recording",
            Omitted::AudioRecordingNotReady => "audio:recording_not_ready",
            Omitted::ExcerptNoTranscript => "excerpt:no_transcript",
            Omitted::ExcerptNotRedacted => "excerpt:not_redacted",
        }
    }

    /// A sentence for the operator (never shown to recipients).
    pub fn explain(self) -> &'static str {
        match self {
            Omitted::AudioPciMode => "the agency is in PCI mode",
            Omitted::AudioRecordingDisabled => "the account has recording disabled",
            Omitted::AudioRuleExcludes => "the rule excludes audio",
            Omitted::AudioNoRecording => "the call has no recording",
            Omitted::AudioRecordingNotReady => "the recording's redaction was not finished",
            Omitted::ExcerptNoTranscript => "the call has no transcript",
            Omitted::ExcerptNotRedacted => "the transcript was not redacted yet",
        }
    }
}

/// Whether the message may carry a link to the recording, strictest reason first.
pub fn audio(
    include_audio: bool,
    account: &accounts::Model,
    policy: &EffectivePolicy,
    call: &calls::Model,
) -> Result<(), Omitted> {
    if policy.pci_mode {
        return Err(Omitted::AudioPciMode);
    }
    if !account.recording_enabled {
        return Err(Omitted::AudioRecordingDisabled);
    }
    if !include_audio {
        return Err(Omitted::AudioRuleExcludes);
    }
    if call.recording_key.is_none() || call.recording_deleted_at.is_some() {
        return Err(Omitted::AudioNoRecording);
    }
    if !recording_ready(call, Some(account)) {
        return Err(Omitted::AudioRecordingNotReady);
    }
    Ok(())
}

/// True when the stored transcript is redacted with the current detector (or the account
/// does not redact, in which case the excerpt is masked in memory before it is shown).
pub fn transcript_settled(account: &accounts::Model, call: &calls::Model) -> bool {
    !account.secure_transcription
        || (call.redacted_at.is_some()
            && call.detector_version == Some(crate::detect::DETECTOR_VERSION))
}
