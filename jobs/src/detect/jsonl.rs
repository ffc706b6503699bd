//! `muffle detect`: JSON Lines in, JSON Lines out.

use std::io::{BufRead, Write};

use serde_json::{Map, Value, json};

use super::{InputKind, Span, detect, redact};

/// Why a line was rejected. The message names the problem only, never the line's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineError {
    NotUtf8,
    NotJson,
    NotObject,
    MissingId,
    MissingText,
    BadKind,
}

impl LineError {
    pub fn message(self) -> &'static str {
        match self {
            LineError::NotUtf8 => "not valid UTF-8",
            LineError::NotJson => "not valid JSON",
            LineError::NotObject => "not a JSON object",
            LineError::MissingId => "missing \"id\"",
            LineError::MissingText => "missing string \"text\"",
            LineError::BadKind => "\"kind\" must be one of call, text, chat, form",
        }
    }
}

/// Parses one input line into (id, text, kind).
pub fn parse_line(line: &[u8]) -> Result<(Value, String, InputKind), LineError> {
    let s = std::str::from_utf8(line).map_err(|_| LineError::NotUtf8)?;
    let v: Value = serde_json::from_str(s).map_err(|_| LineError::NotJson)?;
    let Value::Object(mut o) = v else {
        return Err(LineError::NotObject);
    };
    let id = match o.remove("id") {
        None | Some(Value::Null) => return Err(LineError::MissingId),
        Some(id) => id,
    };
    let text = match o.remove("text") {
        Some(Value::String(t)) => t,
        _ => return Err(LineError::MissingText),
    };
    let kind = match o.get("kind") {
        None | Some(Value::Null) => InputKind::infer(&text),
        Some(Value::String(k)) => k.parse().map_err(|_| LineError::BadKind)?,
        Some(_) => return Err(LineError::BadKind),
    };
    Ok((id, text, kind))
}

/// Spans as `{"start","end","type"}` with Unicode code-point offsets (end exclusive).
pub fn spans_json(text: &str, spans: &[Span]) -> Value {
    let mut out = Vec::with_capacity(spans.len());
    let mut byte = 0usize;
    let mut cp = 0usize;
    let mut to_cp = |b: usize| -> usize {
        if b >= byte {
            cp += text[byte..b].chars().count();
        } else {
            cp = text[..b].chars().count();
        }
        byte = b;
        cp
    };
    for s in spans {
        let start = to_cp(s.start);
        let end = to_cp(s.end);
        let mut m = Map::new();
        m.insert("start".into(), json!(start));
        m.insert("end".into(), json!(end));
        m.insert("type".into(), json!(s.entity.as_str()));
        out.push(Value::Object(m));
    }
    Value::Array(out)
}

/// Reads JSON Lines `{"id","text","kind"?}` and writes one line per input, in order:
/// `{"id","spans":[{"start","end","type"}]}` with Unicode code-point offsets (end exclusive),
/// or with `redact == true` `{"id","text": <redacted text>}`. A malformed line writes an error
/// to `errors` naming its 1-based line number (never echoing the line's content — it may
/// contain PII) and continues. Blank lines are skipped. Returns the number of malformed lines
/// (the binary exits non-zero if > 0).
pub fn run<R: BufRead, W: Write, E: Write>(
    mut input: R,
    mut output: W,
    mut errors: E,
    redact_text: bool,
) -> std::io::Result<usize> {
    let mut buf = Vec::with_capacity(4096);
    let mut lineno = 0usize;
    let mut bad = 0usize;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        lineno += 1;
        while matches!(buf.last(), Some(b'\n') | Some(b'\r')) {
            buf.pop();
        }
        if buf.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        match parse_line(&buf) {
            Ok((id, text, kind)) => {
                let spans = detect(&text, kind);
                let mut m = Map::new();
                m.insert("id".into(), id);
                if redact_text {
                    m.insert("text".into(), Value::String(redact(&text, &spans)));
                } else {
                    m.insert("spans".into(), spans_json(&text, &spans));
                }
                serde_json::to_writer(&mut output, &Value::Object(m))?;
                output.write_all(b"\n")?;
            }
            Err(e) => {
                bad += 1;
                writeln!(errors, "line {lineno}: malformed input: {}", e.message())?;
            }
        }
    }
    output.flush()?;
    errors.flush()?;
    Ok(bad)
}

/// `muffle detect --explain`: like [`run`], with each span's rule and the cue words that typed
/// it: `{"id","spans":[{"start","end","type","rule","cue"?}]}`. The cue is printed (it is a
/// lexicon phrase like "security code"); the value never is.
pub fn explain<R: BufRead, W: Write, E: Write>(
    mut input: R,
    mut output: W,
    mut errors: E,
) -> std::io::Result<usize> {
    let mut buf = Vec::with_capacity(4096);
    let mut lineno = 0usize;
    let mut bad = 0usize;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        lineno += 1;
        while matches!(buf.last(), Some(b'\n') | Some(b'\r')) {
            buf.pop();
        }
        if buf.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        match parse_line(&buf) {
            Ok((id, text, kind)) => {
                let spans = detect(&text, kind);
                let Value::Array(mut shown) = spans_json(&text, &spans) else {
                    unreachable!("spans_json returns an array")
                };
                for (v, s) in shown.iter_mut().zip(&spans) {
                    if let Value::Object(m) = v {
                        m.insert("rule".into(), json!(s.why.rule));
                        if let Some((a, b)) = s.why.cue.filter(|&(a, b)| a < b && b <= text.len()) {
                            if text.is_char_boundary(a) && text.is_char_boundary(b) {
                                m.insert("cue".into(), json!(&text[a..b]));
                            }
                        }
                    }
                }
                let mut m = Map::new();
                m.insert("id".into(), id);
                m.insert("spans".into(), Value::Array(shown));
                serde_json::to_writer(&mut output, &Value::Object(m))?;
                output.write_all(b"\n")?;
            }
            Err(e) => {
                bad += 1;
                writeln!(errors, "line {lineno}: malformed input: {}", e.message())?;
            }
        }
    }
    output.flush()?;
    errors.flush()?;
    Ok(bad)
}
