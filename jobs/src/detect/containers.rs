//! Transcript containers reduced to turns before anything reads them: JSON-lines exports
//! of calls and chats, subtitle files (SRT, WebVTT).

use super::tokens::{Kind, Tok};

/// A transcript or chat exported as JSON lines (`{"start": 59.73, "speaker": "SPEAKER_01",
/// "text": "it's six five four…"}`): such a line is read as "SPEAKER_01: it's six five four…".
/// Keys, braces and the values of timing and id keys go; the values of any other key stay
/// (a `"phone"` field is still scanned), so nothing is hidden from detection.
pub(super) fn keep_json_turns(text: &str, toks: &mut Vec<Tok>) {
    const WHO: &[&str] = &[
        "speaker",
        "from",
        "role",
        "author",
        "sender",
        "participant",
        "user",
    ];
    const SAID: &[&str] = &[
        "text",
        "body",
        "message",
        "content",
        "transcript",
        "utterance",
    ];
    // Timings and identifiers: never values, and noise between the label and the text.
    const TIMING: &[&str] = &[
        "start",
        "end",
        "start_time",
        "end_time",
        "time",
        "timestamp",
        "ts",
        "offset",
        "duration",
        "confidence",
        "id",
        "turn",
        "index",
        "seq",
        "sent_at",
        "created_at",
        "channel",
        "speaker_id",
        "message_id",
        "conversation_id",
        "type",
        "lang",
        "language",
    ];
    if !text.contains("{\"") {
        return;
    }
    // Byte ranges to keep on each such line (the line's own range first).
    let mut turns: Vec<(std::ops::Range<usize>, Vec<std::ops::Range<usize>>)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if !line.trim_start().starts_with('{') {
            continue;
        }
        let pairs = json_pairs(line);
        let position = |keys: &[&str]| pairs.iter().position(|p| keys.contains(&p.key));
        let (Some(who), Some(said)) = (position(WHO), position(SAID)) else {
            continue;
        };
        if who >= said {
            continue;
        }
        let shift = |r: &std::ops::Range<usize>| start + r.start..start + r.end;
        let mut keep = Vec::new();
        for (n, p) in pairs.iter().enumerate() {
            if n == said {
                keep.push(start + p.colon..start + p.colon + 1);
            }
            if !TIMING.contains(&p.key) {
                keep.push(shift(&p.value));
            }
        }
        turns.push((start..at, keep));
    }
    if turns.is_empty() {
        return;
    }
    let mut k = 0;
    toks.retain(|t| {
        while k < turns.len() && turns[k].0.end <= t.start {
            k += 1;
        }
        let Some((line, keep)) = turns.get(k) else {
            return true;
        };
        !line.contains(&t.start) || keep.iter().any(|r| t.start >= r.start && t.end <= r.end)
    });
}

/// One `"key": value` of a JSON object on one line: the key, its colon and the value's
/// contents (inside the quotes for a string).
struct Pair<'a> {
    key: &'a str,
    colon: usize,
    value: std::ops::Range<usize>,
}

/// The top-level and nested `"key": value` pairs of a one-line JSON object, in order; a
/// value that is an object or an array is skipped whole (its own pairs are read on).
fn json_pairs(line: &str) -> Vec<Pair<'_>> {
    let b = line.as_bytes();
    let string_end = |open: usize| {
        let mut i = open + 1;
        while i < b.len() && b[i] != b'"' {
            i += if b[i] == b'\\' { 2 } else { 1 };
        }
        i.min(b.len())
    };
    let skip_ws = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut pairs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'"' {
            i += 1;
            continue;
        }
        let close = string_end(i);
        let colon = skip_ws(close + 1);
        if colon >= b.len() || b[colon] != b':' {
            i = close + 1; // a string value, already read
            continue;
        }
        let key = &line[i + 1..close];
        let v = skip_ws(colon + 1);
        let value = if v < b.len() && b[v] == b'"' {
            let end = string_end(v);
            i = end + 1;
            v + 1..end
        } else {
            let mut end = v;
            while end < b.len() && !matches!(b[end], b',' | b'}' | b']' | b'{' | b'[') {
                end += 1;
            }
            i = end.max(v + 1);
            v..end
        };
        pairs.push(Pair { key, colon, value });
    }
    pairs
}

/// Subtitle files (SRT, WebVTT): each cue's "00:01:01,300 --> 00:01:06,495" line and the cue
/// number above it are timing, never values, and not turns: they are dropped and the lines
/// renumbered without them (and without the blank lines between cues), so that turns count
/// as in any other transcript. Returns the new last line.
pub(super) fn drop_subtitle_timing(toks: &mut Vec<Tok>, last_line: u32) -> u32 {
    let arrow = |x: usize, toks: &[Tok]| {
        x >= 2
            && toks[x].is_punct('>')
            && toks[x - 1].is_punct('-')
            && toks[x - 2].is_punct('-')
            && toks[x - 2].end == toks[x - 1].start
    };
    // Only a line of times and the arrow: a line that also says something keeps its words.
    let mut says = vec![false; last_line as usize + 2];
    for t in toks.iter() {
        if !matches!(t.kind, Kind::Digits | Kind::Punct(_)) {
            says[t.line as usize] = true;
        }
    }
    let times_only = |line: u32| !says[line as usize];
    let mut timing: Vec<u32> = (0..toks.len())
        .filter(|&x| arrow(x, toks))
        .map(|x| toks[x].line)
        .collect();
    timing.dedup();
    timing.retain(|&l| times_only(l));
    if timing.len() < 2 {
        return last_line;
    }
    let mut dropped = vec![false; last_line as usize + 2];
    for &l in &timing {
        dropped[l as usize] = true;
    }
    // The cue number: a line holding one number, right above a timing line.
    let mut x = 0;
    while x < toks.len() {
        let l = toks[x].line;
        let mut z = x;
        while z < toks.len() && toks[z].line == l {
            z += 1;
        }
        if z == x + 1 && toks[x].kind == Kind::Digits && timing.binary_search(&(l + 1)).is_ok() {
            dropped[l as usize] = true;
        }
        x = z;
    }
    toks.retain(|t| !dropped[t.line as usize]);
    let mut renumbered = 0;
    let mut previous = None;
    for t in toks.iter_mut() {
        if previous.is_some_and(|p| p != t.line) {
            renumbered += 1;
        }
        previous = Some(t.line);
        t.line = renumbered;
    }
    renumbered
}
