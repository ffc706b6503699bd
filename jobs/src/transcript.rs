//! Word-timed transcripts, `{"words":[{"text","start_ms","end_ms","speaker"}]}`: the one
//! parser the `redact_call` job and the offline `muffle redact-call` command share, and the
//! turns detection reads. Pure: no database, no queue.
//!
//! Times may be fractional milliseconds (rounded); speakers may be strings or numbers (a
//! number is its own speaker, so numbered speakers keep their own turns).

use serde_json::Value;

use crate::audio::TimeRange;
use crate::detect::{self, WordSpan};

/// One word of a transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub speaker: String,
    pub range: TimeRange,
}

/// Why a document is not a transcript; names a word by index, never by its text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TranscriptError {
    #[error("transcript has no \"words\" array")]
    NoWords,
    #[error("transcript word {0} needs text, start_ms and end_ms")]
    BadWord(usize),
}

/// The transcript's words, in order (an empty `words` array gives none).
pub fn words(transcript: &Value) -> Result<Vec<Word>, TranscriptError> {
    let list = transcript
        .get("words")
        .and_then(Value::as_array)
        .ok_or(TranscriptError::NoWords)?;
    list.iter()
        .enumerate()
        .map(|(index, word)| parse_word(word).ok_or(TranscriptError::BadWord(index)))
        .collect()
}

fn parse_word(word: &Value) -> Option<Word> {
    let millis = |key: &str| {
        let value = word.get(key)?;
        value.as_u64().or_else(|| {
            value
                .as_f64()
                .filter(|ms| *ms >= 0.0)
                .map(|ms| ms.round() as u64)
        })
    };
    Some(Word {
        text: word.get("text")?.as_str()?.to_owned(),
        speaker: match word.get("speaker") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => "speaker".to_owned(),
        },
        range: TimeRange::new(millis("start_ms")?, millis("end_ms")?),
    })
}

/// Sensitive spans over the words, read as turns of (speaker, word).
pub fn detect(words: &[Word]) -> Vec<WordSpan> {
    let turns: Vec<(&str, &str)> = words
        .iter()
        .map(|w| (w.speaker.as_str(), w.text.as_str()))
        .collect();
    detect::detect_words(&turns)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn fractional_milliseconds_round_and_numeric_speakers_stay_apart() {
        let transcript = json!({"words": [
            {"text": "hello", "start_ms": 0.4, "end_ms": 299.6, "speaker": 1},
            {"text": "hi", "start_ms": 300, "end_ms": 500, "speaker": 2},
            {"text": "bye", "start_ms": 600, "end_ms": 700},
        ]});
        let words = words(&transcript).unwrap();
        assert_eq!(words[0].range, TimeRange::new(0, 300));
        assert_eq!(
            words.iter().map(|w| w.speaker.as_str()).collect::<Vec<_>>(),
            ["1", "2", "speaker"]
        );
    }

    #[test]
    fn errors_name_the_word_by_index_only() {
        assert_eq!(words(&json!("4111")), Err(TranscriptError::NoWords));
        let error = words(&json!({"words": [
            {"text": "4111", "start_ms": 0, "end_ms": 10},
            {"text": "4111", "start_ms": "soon", "end_ms": 10},
        ]}))
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "transcript word 1 needs text, start_ms and end_ms"
        );
        assert_eq!(words(&json!({"words": []})), Ok(Vec::new()));
    }
}
