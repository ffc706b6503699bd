//! Transcript containers reduced to turns before anything reads them: JSON-lines exports
//! of calls and chats, subtitle files (SRT, WebVTT).

use super::tokens::{Kind, Tok};

/// A transcript or chat exported as JSON lines (`{"start": 59.73, "speaker": "SPEAKER_01",
/// "text": "it's six five four…"}`): of each such line only the speaker's and the text's
/// values stay, with the ':' after the text's key between them, so the line reads as
/// "SPEAKER_01: it's six five four…" and the timings, ids and keys are never values.
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
    if !text.contains("{\"") {
        return;
    }
    // Per such line: its byte range, the speaker's value, the text key's colon, the text.
    type Turn = (
        std::ops::Range<usize>,
        std::ops::Range<usize>,
        usize,
        std::ops::Range<usize>,
    );
    let mut keep: Vec<Turn> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if !line.trim_start().starts_with('{') {
            continue;
        }
        let bytes = line.as_bytes();
        let value = |keys: &[&str]| {
            keys.iter().find_map(|k| {
                let key = format!("\"{k}\"");
                let after_key = line.find(&key)? + key.len();
                let colon = after_key + line[after_key..].find(|c: char| !c.is_whitespace())?;
                (bytes[colon] == b':').then_some(())?;
                let open = colon + 1 + line[colon + 1..].find(|c: char| !c.is_whitespace())?;
                (bytes[open] == b'"').then_some(())?;
                let mut close = open + 1;
                while close < bytes.len() && !(bytes[close] == b'"' && bytes[close - 1] != b'\\') {
                    close += 1;
                }
                (close < bytes.len()).then_some((start + colon, start + open + 1..start + close))
            })
        };
        if let (Some((_, who)), Some((colon, said))) = (value(WHO), value(SAID))
            && who.end < said.start
        {
            keep.push((start..at, who, colon, said));
        }
    }
    if keep.is_empty() {
        return;
    }
    let mut k = 0;
    toks.retain(|t| {
        while k < keep.len() && keep[k].0.end <= t.start {
            k += 1;
        }
        let Some((line, who, colon, said)) = keep.get(k) else {
            return true;
        };
        !line.contains(&t.start)
            || (t.start >= who.start && t.end <= who.end)
            || t.start == *colon
            || (t.start >= said.start && t.end <= said.end)
    });
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
    let timing: Vec<u32> = (0..toks.len())
        .filter(|&x| arrow(x, toks))
        .map(|x| toks[x].line)
        .collect();
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
