//! The start of a chat line that is not its content: timestamps ("[16:31]", "2024-11-10T07:13:54Z",
//! "5:09 PM |") and the "Name 10:12" header line some exports put above each message.

use super::tokens::{Kind, Tok};

/// Chat exports that put "Name 10:12" on a line of its own above each message: each such
/// header is joined to the line after it (tokens keep their offsets; only line numbers
/// change), so the message is a turn of that speaker like "Name: message" would be.
/// Returns the last line number.
pub(super) fn merge_message_headers(text: &str, toks: &mut [Tok], last_line: u32) -> u32 {
    if last_line == 0 {
        return last_line;
    }
    // Token ranges of each physical line.
    let mut ranges = vec![(0usize, 0usize); last_line as usize + 1];
    let mut t = 0;
    for (ln, range) in ranges.iter_mut().enumerate() {
        let from = t;
        while t < toks.len() && toks[t].line as usize == ln {
            t += 1;
        }
        *range = (from, t);
    }
    let headers: Vec<bool> = ranges
        .iter()
        .map(|&(a, b)| b > a && header_line(text, toks, a, b))
        .collect();
    if !headers.iter().any(|&h| h) {
        return last_line;
    }
    let mut logical = vec![0u32; ranges.len()];
    let mut next = 0u32;
    for ln in 0..ranges.len() {
        logical[ln] = next;
        let joins_next = headers[ln]
            && ln + 1 < ranges.len()
            && !headers[ln + 1]
            && ranges[ln + 1].1 > ranges[ln + 1].0;
        if !joins_next {
            next += 1;
        }
    }
    for tok in toks.iter_mut() {
        tok.line = logical[tok.line as usize];
    }
    next.saturating_sub(1)
}

/// One to three words and a clock time ending a line of text, then more tokens (the message,
/// merged from the next line): the token where the message starts.
pub(super) fn header_then_message(
    text: &str,
    toks: &[Tok],
    first: usize,
    end: usize,
) -> Option<usize> {
    let k = header_end(text, toks, first, end)?;
    // The time ends its text line: the message is below it.
    (k < end && text[toks[k - 1].end..toks[k].start].contains('\n')).then_some(k)
}

/// One to three words, then a clock time ending the line: a chat export's message header.
pub(super) fn header_line(text: &str, toks: &[Tok], start: usize, end: usize) -> bool {
    header_end(text, toks, start, end) == Some(end)
}

/// A name or a role ("Abebe", "Maricel Pham", "customer"; not prose such as "meet me at")
/// followed by a clock time: the token after the time.
fn header_end(text: &str, toks: &[Tok], start: usize, end: usize) -> Option<usize> {
    let words = (start..end)
        .take_while(|&k| toks[k].kind == Kind::Word)
        .count();
    let who = toks[start..start + words].iter().all(|t| {
        t.lex.is_none_or(|w| {
            w.speaker || w.first_rank > 0 || w.last_rank > 0 || (!w.common && !w.english)
        })
    });
    if !(1..=3).contains(&words) || !who {
        return None;
    }
    clock_time_end(text, toks, start + words, end)
}

/// "10:12", "9:07:45", "4:33 PM" starting at token `i`: the token after it.
fn clock_time_end(text: &str, toks: &[Tok], mut i: usize, end: usize) -> Option<usize> {
    let digits = |i: usize, n: std::ops::RangeInclusive<usize>| {
        i < end && toks[i].kind == Kind::Digits && n.contains(&(toks[i].end - toks[i].start))
    };
    if !(digits(i, 1..=2) && i + 1 < end && toks[i + 1].is_punct(':') && digits(i + 2, 2..=2)) {
        return None;
    }
    i += 3;
    if i + 1 < end && toks[i].is_punct(':') && digits(i + 1, 2..=2) {
        i += 2;
    }
    if i < end && is_meridiem(text, &toks[i]) {
        i += 1;
    }
    Some(i)
}

/// "AM", "PM", "a.m", "p.m".
pub(super) fn is_meridiem(text: &str, tok: &Tok) -> bool {
    ["am", "pm", "a.m", "p.m"]
        .iter()
        .any(|w| tok.text(text).eq_ignore_ascii_case(w))
}

/// The token after a timestamp opening a chat line: "2024-11-10T07:13:54Z", "5:09 PM |",
/// "07:13 -", "10:42:01". Returns `k` itself when there is none.
pub(super) fn after_timestamp(text: &str, toks: &[Tok], k: usize, end: usize) -> usize {
    let digits = |i: usize, n: std::ops::RangeInclusive<usize>| {
        i < end && toks[i].kind == Kind::Digits && n.contains(&(toks[i].end - toks[i].start))
    };
    let punct = |i: usize, c: char| i < end && toks[i].is_punct(c);
    let mut i = k;
    // A chat export's "10/09/2024, 19:44 - Name:": the date, then the time below.
    if digits(i, 1..=2)
        && punct(i + 1, '/')
        && digits(i + 2, 1..=2)
        && punct(i + 3, '/')
        && digits(i + 4, 2..=4)
    {
        let mut t = i + 5;
        if punct(t, ',') {
            t += 1;
        }
        if digits(t, 1..=2) && punct(t + 1, ':') {
            i = t;
        }
    }
    // ISO date: 2024-11-10 then 'T07' (a code token) or a space and the time.
    if digits(i, 4..=4) && punct(i + 1, '-') && digits(i + 2, 2..=2) && punct(i + 3, '-') {
        i += 4;
        if i < end && toks[i].kind == Kind::Code {
            i += 1; // "10T07"
        } else if digits(i, 2..=2) {
            i += 1;
            if !digits(i, 1..=2) {
                return i;
            }
            i += 1;
        } else {
            return k;
        }
        // ":13:54Z", ":13"
        while punct(i, ':') && i + 1 < end && matches!(toks[i + 1].kind, Kind::Digits | Kind::Code)
        {
            i += 2;
        }
    } else if digits(i, 1..=2)
        && punct(i + 1, ':')
        && digits(i + 2, 2..=2)
        && toks[i + 1].start == toks[i].end
    {
        // 5:09, 10:42:01, 00:00:59.955, then AM/PM
        i += 3;
        if punct(i, ':') && digits(i + 1, 2..=2) {
            i += 2;
        }
        if (punct(i, '.') || punct(i, ','))
            && digits(i + 1, 3..=3)
            && toks[i].start == toks[i - 1].end
        {
            i += 2;
        }
        if i < end && is_meridiem(text, &toks[i]) {
            i += 1;
            if punct(i, '.') {
                i += 1;
            }
        }
    } else {
        return k;
    }
    // A separator after it: "|", "-", "–".
    if i < end
        && matches!(
            toks[i].kind,
            Kind::Punct('|') | Kind::Punct('-') | Kind::Punct('–') | Kind::Punct(']')
        )
    {
        i += 1;
    }
    // Only a timestamp when a label or text follows on the line.
    if i < end { i } else { k }
}
