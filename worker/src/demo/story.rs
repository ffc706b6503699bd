//! Before → after: the seeded originals set against what the jobs stored, aligned on the
//! placeholders, one placeholder per value for a reader.

use super::*;

#[derive(Debug)]
pub(super) struct WordSpan {
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) entity: String,
}

/// Turns of the call (a new one when the speaker changes): the original words with the
/// spans' words marked, and the stored words with each span shown once.
pub(super) fn call_lines(original: &Value, stored: &Value, spans: &[WordSpan]) -> Vec<Line> {
    let before = words_of(original);
    let after = words_of(stored);
    let span_of = |index: usize| spans.iter().find(|s| (s.first..=s.last).contains(&index));
    let mut lines: Vec<Line> = Vec::new();
    for (index, (speaker, word)) in before.iter().enumerate() {
        if lines.last().and_then(|l| l.label.as_deref()) != Some(speaker.as_str()) {
            lines.push(Line {
                label: Some(speaker.clone()),
                before: Vec::new(),
                after: Vec::new(),
            });
        }
        let line = lines.last_mut().expect("pushed above");
        let separator = if line.before.is_empty() { "" } else { " " };
        match span_of(index) {
            Some(span) => {
                push_piece(
                    &mut line.before,
                    separator,
                    Piece::found(word.as_str(), &span.entity),
                );
                // One placeholder per value: at the span's first word in this turn.
                if index == span.first || line.after.is_empty() {
                    let placeholder = after
                        .get(index)
                        .map_or_else(|| format!("[{}]", span.entity), |(_, text)| text.clone());
                    push_piece(
                        &mut line.after,
                        separator,
                        Piece::found(placeholder, &span.entity),
                    );
                }
            }
            None => {
                let text = after
                    .get(index)
                    .map_or(word.as_str(), |(_, text)| text.as_str());
                push_piece(&mut line.before, separator, Piece::plain(word.as_str()));
                push_piece(&mut line.after, separator, Piece::plain(text));
            }
        }
    }
    lines
}

/// Appends `piece` after `separator`, merging runs of the same kind (and the same span
/// type) into one piece.
pub(super) fn push_piece(pieces: &mut Vec<Piece>, separator: &str, piece: Piece) {
    match pieces.last_mut() {
        Some(last) if last.found == piece.found => {
            last.text.push_str(separator);
            last.text.push_str(&piece.text);
        }
        Some(last) if !separator.is_empty() && last.found.is_none() => {
            last.text.push_str(separator);
            pieces.push(piece);
        }
        Some(_) if !separator.is_empty() => {
            pieces.push(Piece::plain(separator));
            pieces.push(piece);
        }
        _ => pieces.push(piece),
    }
}

/// (speaker, text) of each word of a transcript.
pub(super) fn words_of(transcript: &Value) -> Vec<(String, String)> {
    transcript["words"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|word| {
            (
                word["speaker"].as_str().unwrap_or("?").to_owned(),
                word["text"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// `[CREDIT_CARD]`, `[REDACTED]`: what the jobs write in place of a value.
pub(super) fn is_placeholder(text: &str) -> bool {
    text.len() > 2
        && text.starts_with('[')
        && text.ends_with(']')
        && text[1..text.len() - 1]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_')
}

/// A text, message or field value: the original and the stored text, aligned on the
/// placeholders the job wrote (everything else is the original's text, unchanged), so the
/// original's found values can be marked. If they do not line up, both are shown unmarked.
pub(super) fn line(label: Option<&str>, original: &str, stored: &str) -> Line {
    let (before, after) = align(original, stored)
        .unwrap_or_else(|| (vec![Piece::plain(original)], vec![Piece::plain(stored)]));
    Line {
        label: label.map(str::to_owned),
        before,
        after,
    }
}

pub(super) fn align(original: &str, stored: &str) -> Option<(Vec<Piece>, Vec<Piece>)> {
    let segments = placeholder_segments(stored);
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let mut at = 0;
    let mut pending: Option<&str> = None;
    for (text, is_placeholder) in segments {
        if is_placeholder {
            if pending.is_some() {
                return None; // two placeholders side by side: no way to split the original
            }
            pending = Some(text);
            after.push(Piece::found(text, entity_of(text)));
            continue;
        }
        if let Some(placeholder) = pending.take() {
            let value_end = at + original[at..].find(text)?;
            if value_end == at {
                return None;
            }
            before.push(Piece::found(
                &original[at..value_end],
                entity_of(placeholder),
            ));
            at = value_end;
        }
        if !original[at..].starts_with(text) {
            return None;
        }
        before.push(Piece::plain(text));
        after.push(Piece::plain(text));
        at += text.len();
    }
    match pending {
        Some(placeholder) if at < original.len() => {
            before.push(Piece::found(&original[at..], entity_of(placeholder)));
        }
        Some(_) => return None,
        None if at != original.len() => return None,
        None => {}
    }
    Some((before, after))
}

/// `[CREDIT_CARD]` → `CREDIT_CARD`.
pub(super) fn entity_of(placeholder: &str) -> &str {
    placeholder.trim_start_matches('[').trim_end_matches(']')
}

/// The stored text split into (text, is a placeholder) segments.
pub(super) fn placeholder_segments(stored: &str) -> Vec<(&str, bool)> {
    let mut segments = Vec::new();
    let mut rest = stored;
    let mut literal_start = 0;
    let mut offset = 0;
    while let Some(open) = rest.find('[') {
        let candidate = &rest[open..];
        let close = candidate.find(']').map(|c| c + 1);
        match close {
            Some(close) if is_placeholder(&candidate[..close]) => {
                let start = offset + open;
                if start > literal_start {
                    segments.push((&stored[literal_start..start], false));
                }
                segments.push((&stored[start..start + close], true));
                literal_start = start + close;
                offset = literal_start;
                rest = &stored[offset..];
            }
            _ => {
                offset += open + 1;
                rest = &stored[offset..];
            }
        }
    }
    if literal_start < stored.len() {
        segments.push((&stored[literal_start..], false));
    }
    segments
}

pub(super) fn tags(tags: &Value) -> Vec<String> {
    tags.as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_str().map(str::to_owned))
        .collect()
}
