//! Long texts are detected in overlapping windows, so memory stays bounded by the window, not
//! the row (issue 16, item 7: a 21 MB SMS peaked at 2.4 GB when tokenised whole).
//!
//! Each window starts at a line break and owns the bytes up to the next window's start; it
//! also reads [`CONTEXT`] bytes before that (the conversation so far: the card given before
//! the code) and after (a value that runs past the cut). A span is kept by the window it
//! starts in, so every span is found once, whole.

use super::Span;

/// Texts up to this size are detected in one pass.
pub const WINDOW: usize = 256 * 1024;
/// What a window reads on either side of the bytes it owns.
pub const CONTEXT: usize = 8 * 1024;

/// Runs `detect_one` over windows of `text` and returns every span, offsets into `text`.
pub fn detect_in_windows(text: &str, detect_one: impl Fn(&str) -> Vec<Span>) -> Vec<Span> {
    if text.len() <= WINDOW {
        return detect_one(text);
    }
    let mut spans = Vec::new();
    let mut owned_start = 0;
    while owned_start < text.len() {
        let owned_end = cut_after(text, owned_start + WINDOW);
        let read_start = cut_before(text, owned_start.saturating_sub(CONTEXT));
        let read_end = cut_after(text, owned_end + CONTEXT);
        for mut span in detect_one(&text[read_start..read_end]) {
            span.start += read_start;
            span.end += read_start;
            if let Some((cue_start, cue_end)) = &mut span.why.cue {
                *cue_start += read_start;
                *cue_end += read_start;
            }
            if (owned_start..owned_end).contains(&span.start) {
                spans.push(span);
            }
        }
        owned_start = owned_end;
    }
    spans
}

/// The first line start at or after `at` (or the end of the text); a line longer than the
/// context is cut at a space, and at worst at a character boundary.
fn cut_after(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let limit = (at + CONTEXT).min(text.len());
    let window = &text.as_bytes()[at..limit];
    if let Some(i) = window.iter().position(|&b| b == b'\n') {
        return at + i + 1;
    }
    if let Some(i) = window.iter().position(|&b| b == b' ') {
        return at + i + 1;
    }
    let mut cut = at;
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    cut
}

/// The last line start at or before `at` (at most [`CONTEXT`] further back), else a space or
/// a character boundary.
fn cut_before(text: &str, at: usize) -> usize {
    if at == 0 {
        return 0;
    }
    let from = at.saturating_sub(CONTEXT);
    let window = &text.as_bytes()[from..at];
    if let Some(i) = window.iter().rposition(|&b| b == b'\n') {
        return from + i + 1;
    }
    if let Some(i) = window.iter().rposition(|&b| b == b' ') {
        return from + i + 1;
    }
    let mut cut = at;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{EntityType, InputKind, detect};

    /// A long chat: filler lines with a card, an expiry and a code every so often, one of
    /// them placed across a window's cut.
    fn long_chat() -> (String, Vec<usize>) {
        let mut text = String::new();
        let mut cards = Vec::new();
        let mut line = 0;
        while text.len() < 3 * WINDOW + 1000 {
            line += 1;
            if line % 997 == 0 || (text.len() + 200 > WINDOW && cards.len() < 2) {
                text.push_str("customer: my card is 4111 1111 1111 1111\n");
                cards.push(text.len() - 20);
                text.push_str("agent: and the expiry?\ncustomer: 09/28\nagent: security code?\ncustomer: 737\n");
            } else {
                text.push_str("agent: thanks for holding, the order ships on monday\n");
            }
        }
        (text, cards)
    }

    #[test]
    fn windows_find_what_one_pass_finds() {
        let (text, cards) = long_chat();
        let whole = super::super::detect_window_for_tests(&text, InputKind::Chat);
        let windowed = detect(&text, InputKind::Chat);
        let key = |spans: &[Span]| -> Vec<(usize, usize, EntityType)> {
            spans.iter().map(|s| (s.start, s.end, s.entity)).collect()
        };
        assert_eq!(key(&windowed), key(&whole));
        assert!(cards.len() >= 3);
        for card in cards {
            assert!(
                windowed
                    .iter()
                    .any(|s| s.entity == EntityType::CreditCard && s.start <= card && card < s.end),
                "card at {card} missed"
            );
        }
        assert!(windowed.iter().any(|s| s.entity == EntityType::CardCvv));
    }

    #[test]
    fn cuts_fall_on_line_starts_spaces_or_char_boundaries() {
        let text = "é".repeat(CONTEXT * 3);
        let cut = cut_after(&text, 1001);
        assert!(text.is_char_boundary(cut) && cut >= 1001);
        let cut = cut_before(&text, 5001);
        assert!(text.is_char_boundary(cut) && cut <= 5001);
        let lines = "ab\n".repeat(10);
        assert_eq!(cut_after(&lines, 4), 6);
        assert_eq!(cut_before(&lines, 4), 3);
    }
}
