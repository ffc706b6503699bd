//! CSV exports: a header row of labels over rows of values ("recipient,card_number,exp,cvv";
//! also separated by ';', tabs or '|').
//! A cell's meaning is its column's label, which can be many lines up; each cell is detected
//! as the form field `label: value` would be, and its spans are mapped back onto the cell.

use super::Span;

/// Columns at least: two-column text is as often prose with a comma.
const MIN_COLUMNS: usize = 3;
/// The longest header label taken as one.
const MAX_LABEL: usize = 40;
/// The longest header line taken as one.
const MAX_HEADER: usize = 1_000;
/// Cell separators, tried in this order.
const SEPARATORS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Spans found in the cells of every CSV table in `text` (offsets into `text`).
pub fn detect(text: &str, detect_field: impl Fn(&str) -> Vec<Span>) -> Vec<Span> {
    let mut spans = Vec::new();
    let lines = line_ranges(text);
    let mut i = 0;
    while i < lines.len() {
        let (start, end) = lines[i];
        let line = &text.as_bytes()[start..end];
        // Most lines are prose: count every separator in one pass before splitting.
        let mut counts = [0usize; SEPARATORS.len()];
        if line.len() <= MAX_HEADER {
            for &b in line {
                if let Some(k) = SEPARATORS.iter().position(|&sep| sep == b) {
                    counts[k] += 1;
                }
            }
        }
        let Some(separator) = SEPARATORS.into_iter().zip(counts).find_map(|(sep, count)| {
            if count + 1 < MIN_COLUMNS {
                return None;
            }
            let header = cells(text, lines[i], sep);
            (header.len() >= MIN_COLUMNS
                && header.iter().all(|&(a, b)| is_label(&text[a..b]))
                && lines
                    .get(i + 1)
                    .is_some_and(|&next| cells(text, next, sep).len() == header.len()))
            .then_some(sep)
        }) else {
            i += 1;
            continue;
        };
        let header = cells(text, lines[i], separator);
        let labels: Vec<&str> = header.iter().map(|&(a, b)| &text[a..b]).collect();
        let mut j = i + 1;
        while j < lines.len() {
            let row = cells(text, lines[j], separator);
            if row.len() != labels.len() {
                break;
            }
            for (&label, &(start, end)) in labels.iter().zip(&row) {
                if start == end {
                    continue;
                }
                let prefix = label.len() + 2;
                let field = format!("{label}: {}", &text[start..end]);
                for mut span in detect_field(&field) {
                    if span.start < prefix {
                        continue;
                    }
                    span.start = span.start - prefix + start;
                    span.end = (span.end - prefix + start).min(end);
                    span.why.cue = None;
                    spans.push(span);
                }
            }
            j += 1;
        }
        i = j.max(i + 1);
    }
    spans
}

fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        out.push((start, i));
        start = i + 1;
    }
    out.push((start, text.len()));
    out
}

/// The cells of one line (quotes respected), each trimmed of spaces and its quotes.
fn cells(text: &str, (start, end): (usize, usize), separator: u8) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut cell = start;
    let mut quoted = false;
    for i in start..end {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b if b == separator && !quoted => {
                out.push(trim(bytes, cell, i));
                cell = i + 1;
            }
            _ => {}
        }
    }
    if quoted {
        return Vec::new();
    }
    out.push(trim(bytes, cell, end));
    out
}

fn trim(bytes: &[u8], mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b && matches!(bytes[a], b' ' | b'\t' | b'"' | b'\r') {
        a += 1;
    }
    while b > a && matches!(bytes[b - 1], b' ' | b'\t' | b'"' | b'\r') {
        b -= 1;
    }
    (a, b)
}

/// A column name: letters first, then letters, digits, '_', '-', '#', ' ' (no values).
fn is_label(cell: &str) -> bool {
    !cell.is_empty()
        && cell.len() <= MAX_LABEL
        && cell.starts_with(|c: char| c.is_alphabetic())
        && cell
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '#' | ' ' | '.'))
        && !cell.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{EntityType, InputKind, detect};

    #[test]
    fn cells_take_their_column_label() {
        let text = "recipient,card_number,exp,cvv,notes\n\
                    Rose Eze,6527 5042 4869 5449,01/2028,102,see attached\n\
                    Imran Deshpande,4994-1365-8043-8028,06/29,461,\"call, before delivery\"\n";
        let spans = detect(text, InputKind::Form);
        let typed = |value: &str| {
            let at = text.find(value).unwrap();
            spans
                .iter()
                .find(|s| s.start <= at && at < s.end)
                .map(|s| s.entity)
        };
        assert_eq!(typed("01/2028"), Some(EntityType::CardExpiry));
        assert_eq!(typed("102"), Some(EntityType::CardCvv));
        assert_eq!(typed("461"), Some(EntityType::CardCvv));
        assert_eq!(typed("6527"), Some(EntityType::CreditCard));
        assert_eq!(typed("Imran"), Some(EntityType::PersonName));
        assert_eq!(typed("attached"), None);
    }

    #[test]
    fn prose_with_commas_is_not_a_table() {
        assert!(cells("a, b", (0, 4), b',').len() == 2);
        assert!(!is_label("4111"));
        assert!(!is_label("jane@example.com"));
    }
}
