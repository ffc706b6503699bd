//! Calls: redacting a word-timed transcript and the recording ranges it implies.

use super::*;
use crate::transcript;

pub(super) fn redact_transcript(
    call: &calls::Model,
    call_id: i64,
    policy: &Policy,
    findings: &mut Findings,
) -> Result<RedactedTranscript, JobError> {
    let words = call
        .transcript
        .as_ref()
        .and_then(|t| transcript::words(t).ok())
        .filter(|words| !words.is_empty());
    let (Some(transcript), Some(words)) = (call.transcript.as_ref(), words) else {
        if policy.mode == Mode::All {
            // Nothing readable to keep timings of: erasure drops the transcript.
            findings.add(None, i32::from(call.transcript.is_some()), Vec::new());
            return Ok(RedactedTranscript {
                transcript: None,
                ranges: call.redaction_ranges.clone(),
            });
        }
        return Err(JobError::permanent(format!(
            "call {call_id} has no valid transcript (not JSON with timed words)"
        )));
    };

    let mut transcript = transcript.clone();
    let mut set_text = |index: usize, text: &str| {
        transcript["words"][index]["text"] = Value::from(text);
    };
    let mut redacted: Vec<bool> = words.iter().map(|w| is_placeholder_word(&w.text)).collect();

    if policy.mode == Mode::All {
        let mut changed = 0;
        for (index, word) in words.iter().enumerate() {
            if word.text != REDACTED {
                set_text(index, REDACTED);
                changed += 1;
            }
            redacted[index] = true;
        }
        let start_ms = words.iter().map(|w| w.range.start_ms).min().unwrap_or(0);
        let end_ms = words.iter().map(|w| w.range.end_ms).max().unwrap_or(0);
        findings.add(
            None,
            changed,
            vec![json!({"first_word": 0, "last_word": words.len() - 1,
                        "start_ms": start_ms, "end_ms": end_ms})],
        );
    } else {
        for span in transcript::detect(&words) {
            if !policy.allows(span.entity) {
                continue;
            }
            let fresh: Vec<usize> = (span.first_word..=span.last_word)
                .filter(|&index| !redacted[index])
                .collect();
            if fresh.is_empty() {
                continue;
            }
            for &index in &fresh {
                set_text(index, span.entity.placeholder());
                redacted[index] = true;
            }
            findings.add(
                Some(span.entity),
                1,
                vec![json!({
                    "first_word": span.first_word,
                    "last_word": span.last_word,
                    "start_ms": words[span.first_word].range.start_ms,
                    "end_ms": words[span.last_word].range.end_ms,
                })],
            );
        }
    }

    // Every redacted word, whichever pass replaced it, stays silenced.
    let spoken: Vec<TimeRange> = words
        .iter()
        .zip(&redacted)
        .filter(|(_, redacted)| **redacted)
        .map(|(word, _)| word.range)
        .collect();
    let ranges: Vec<Value> = pad_and_merge(&spoken, policy.pad_ms)
        .into_iter()
        .map(|r| json!({"start_ms": r.start_ms, "end_ms": r.end_ms}))
        .collect();
    Ok(RedactedTranscript {
        transcript: Some(transcript),
        ranges: Some(Value::Array(ranges)),
    })
}

/// A word an earlier pass replaced (a word is never only punctuation and a placeholder by
/// chance: the recognizer writes words).
pub(super) fn is_placeholder_word(text: &str) -> bool {
    !text.trim().is_empty() && placeholders().any(|p| text.contains(p)) && is_placeholder_only(text)
}
