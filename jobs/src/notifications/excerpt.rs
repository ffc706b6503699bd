//! The transcript excerpt an e-mail may carry: built from the stored (redacted) words, with
//! whatever the detector still finds masked in memory as well, so an account that redacts
//! only card data still never mails a name or an SSN. One placeholder per value: the stored
//! transcript keeps one placeholder per word (for the audio timings); a reader wants one.

use crate::detect::EntityType;
use crate::transcript::{self, Word};

/// Characters of transcript an e-mail shows at most.
pub const EXCERPT_CHARS: usize = 280;

/// `Caller: my card is [CREDIT_CARD] …`, cut at a word boundary.
pub fn excerpt(words: &[Word], max_chars: usize) -> String {
    let mut texts: Vec<String> = words.iter().map(|w| w.text.clone()).collect();
    for span in transcript::detect(words) {
        for text in &mut texts[span.first_word..=span.last_word] {
            *text = span.entity.placeholder().to_owned();
        }
    }
    let mut out = String::new();
    let mut speaker: Option<&str> = None;
    let mut last_placeholder: Option<&str> = None;
    for (word, text) in words.iter().zip(&texts) {
        let placeholder = is_placeholder(text);
        let new_turn = speaker != Some(word.speaker.as_str());
        if placeholder && !new_turn && last_placeholder == Some(text.as_str()) {
            continue;
        }
        let piece = if new_turn {
            let label = speaker_label(&word.speaker);
            let sep = if out.is_empty() { "" } else { " " };
            format!("{sep}{label}: {text}")
        } else {
            format!(" {text}")
        };
        if out.chars().count() + piece.chars().count() > max_chars {
            out.push_str(" …");
            return out;
        }
        out.push_str(&piece);
        speaker = Some(word.speaker.as_str());
        last_placeholder = placeholder.then_some(text.as_str());
    }
    out
}

fn is_placeholder(text: &str) -> bool {
    text == crate::redaction::REDACTED
        || EntityType::ALL
            .iter()
            .any(|entity| text == entity.placeholder())
}

/// Speaker ids read as words: `caller` → `Caller`, `1` → `Speaker 1`.
fn speaker_label(speaker: &str) -> String {
    if speaker.chars().all(|c| c.is_ascii_digit()) {
        return format!("Speaker {speaker}");
    }
    let mut chars = speaker.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Speaker".into(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn words(list: &[(&str, &str)]) -> Vec<Word> {
        let list: Vec<_> = list
            .iter()
            .enumerate()
            .map(|(i, (speaker, text))| {
                json!({"text": text, "speaker": speaker, "start_ms": i * 300, "end_ms": i * 300 + 250})
            })
            .collect();
        transcript::words(&json!({ "words": list })).unwrap()
    }

    #[test]
    fn one_placeholder_per_value_and_turns_labelled() {
        let mut list = vec![("agent", "your"), ("agent", "card"), ("agent", "number?")];
        list.extend(std::iter::repeat_n(("caller", "[CREDIT_CARD]"), 4));
        list.push(("caller", "thanks"));
        let text = excerpt(&words(&list), EXCERPT_CHARS);
        assert_eq!(
            text,
            "Agent: your card number? Caller: [CREDIT_CARD] thanks"
        );
    }

    #[test]
    fn what_the_stored_transcript_left_is_masked_in_memory() {
        let list: Vec<(&str, &str)> = "my card is 4111 1111 1111 1111 thanks"
            .split(' ')
            .map(|w| ("caller", w))
            .collect();
        let text = excerpt(&words(&list), EXCERPT_CHARS);
        assert!(!text.contains("4111"), "{text}");
        assert!(text.contains("[CREDIT_CARD]"), "{text}");
    }

    #[test]
    fn long_transcripts_are_cut_at_a_word() {
        let list = vec![("1", "word"); 200];
        let text = excerpt(&words(&list), 40);
        assert!(text.starts_with("Speaker 1: word word"), "{text}");
        assert!(text.ends_with(" …") && text.chars().count() <= 42, "{text}");
    }
}
