//! Sensitive-data detection: finds card numbers, expiry dates, CVVs, SSNs, phone numbers,
//! e-mail addresses, bank account/routing numbers and (second tier) person names, street
//! addresses and dates of birth in typed text and in speech-recognizer transcripts.
//!
//! Pipeline (linear in the input): [`tokens`] splits the text into words/digit runs with byte
//! offsets; [`email`] finds typed and spoken addresses; [`numbers`] groups typed digits and
//! spoken number words ("forty one eleven", "double five", "oh", fillers inside) into chunks
//! with a digit string; [`address`] claims house numbers followed by a street; [`context`] finds
//! cue words and phrases ("security code", "routing", "order number"); [`classify`] gives each
//! chunk the type of the nearest compatible cue (distractor cues win when nearer), falling back
//! to shape checks (Luhn + issuer ranges, 3-2-4 SSNs, NANP phones); [`names`] finds names
//! from their context.
//!
//! Nothing here logs, and no error or panic message ever contains input text.

mod address;
mod classify;
mod containers;
mod context;
mod csv;
mod dates;
mod email;
mod fold;
mod iban;
pub mod jsonl;
mod lexicon;
mod lines;
mod names;
mod numbers;
mod segment;
mod stamps;
mod tokens;
mod vanity;
mod windows;

use std::fmt;
use std::str::FromStr;

pub use classify::{issuer_ok, luhn};

/// Bump when detection changes; stored with every redaction so old data can be re-swept.
pub const DETECTOR_VERSION: i32 = 7;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntityType {
    CreditCard,
    CardExpiry,
    CardCvv,
    Ssn,
    PhoneNumber,
    EmailAddress,
    BankAccount,
    PersonName,
    StreetAddress,
    DateOfBirth,
}

impl EntityType {
    pub const ALL: [EntityType; 10] = [
        EntityType::CreditCard,
        EntityType::CardExpiry,
        EntityType::CardCvv,
        EntityType::Ssn,
        EntityType::PhoneNumber,
        EntityType::EmailAddress,
        EntityType::BankAccount,
        EntityType::PersonName,
        EntityType::StreetAddress,
        EntityType::DateOfBirth,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::CreditCard => "CREDIT_CARD",
            EntityType::CardExpiry => "CARD_EXPIRY",
            EntityType::CardCvv => "CARD_CVV",
            EntityType::Ssn => "SSN",
            EntityType::PhoneNumber => "PHONE_NUMBER",
            EntityType::EmailAddress => "EMAIL_ADDRESS",
            EntityType::BankAccount => "BANK_ACCOUNT",
            EntityType::PersonName => "PERSON_NAME",
            EntityType::StreetAddress => "STREET_ADDRESS",
            EntityType::DateOfBirth => "DATE_OF_BIRTH",
        }
    }

    pub fn placeholder(self) -> &'static str {
        match self {
            EntityType::CreditCard => "[CREDIT_CARD]",
            EntityType::CardExpiry => "[CARD_EXPIRY]",
            EntityType::CardCvv => "[CARD_CVV]",
            EntityType::Ssn => "[SSN]",
            EntityType::PhoneNumber => "[PHONE_NUMBER]",
            EntityType::EmailAddress => "[EMAIL_ADDRESS]",
            EntityType::BankAccount => "[BANK_ACCOUNT]",
            EntityType::PersonName => "[PERSON_NAME]",
            EntityType::StreetAddress => "[STREET_ADDRESS]",
            EntityType::DateOfBirth => "[DATE_OF_BIRTH]",
        }
    }

    /// Accepts "CREDIT_CARD" in any case.
    pub fn parse(s: &str) -> Option<EntityType> {
        let s = s.trim();
        EntityType::ALL
            .into_iter()
            .find(|e| e.as_str().eq_ignore_ascii_case(s))
    }

    /// Core (PCI/identity) types, as opposed to the second tier (name, address, birth date).
    pub fn is_core(self) -> bool {
        !matches!(
            self,
            EntityType::PersonName | EntityType::StreetAddress | EntityType::DateOfBirth
        )
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for an unknown entity type or input kind name (never contains the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName;

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown name")
    }
}

impl std::error::Error for UnknownName {}

impl FromStr for EntityType {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntityType::parse(s).ok_or(UnknownName)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    Call,
    Text,
    Chat,
    Form,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Call => "call",
            InputKind::Text => "text",
            InputKind::Chat => "chat",
            InputKind::Form => "form",
        }
    }

    /// Guess the kind of an input that did not say: `speaker: words` lines are a call (or a
    /// chat when the speakers are visitor/agent with typed punctuation), `Field: value` lines a
    /// form, anything else text.
    pub fn infer(text: &str) -> InputKind {
        let tk = tokens::tokenize(text);
        let mut lines = 0;
        let mut speaker = 0;
        let mut labeled = 0;
        let mut visitor = false;
        for ln in &tk.lines {
            if ln.first == ln.end {
                continue;
            }
            lines += 1;
            if ln.speaker {
                speaker += 1;
                let t = &tk.toks[ln.first];
                visitor |= t.text(text).eq_ignore_ascii_case("visitor")
                    || t.text(text).eq_ignore_ascii_case("user");
            } else if ln.labeled {
                labeled += 1;
            }
        }
        if lines > 0 && speaker * 2 > lines {
            if visitor {
                InputKind::Chat
            } else {
                InputKind::Call
            }
        } else if lines > 0 && labeled * 2 > lines {
            InputKind::Form
        } else {
            InputKind::Text
        }
    }
}

impl fmt::Display for InputKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InputKind {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "call" => Ok(InputKind::Call),
            "text" | "sms" => Ok(InputKind::Text),
            "chat" => Ok(InputKind::Chat),
            "form" => Ok(InputKind::Form),
            _ => Err(UnknownName),
        }
    }
}

/// A detected entity: BYTE offsets into the input (on char boundaries), end exclusive.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub entity: EntityType,
    pub confidence: f32,
    /// Why it was found (`muffle detect --explain`); never needed for redaction.
    pub why: Why,
}

/// The rule that found a span and, when a cue word decided its type, where that cue is.
/// Holds no text of the input: the rule is a fixed sentence, the cue a byte range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Why {
    pub rule: &'static str,
    /// Byte range of the cue phrase ("security code", "routing") that typed the value.
    pub cue: Option<(usize, usize)>,
}

impl Why {
    pub const fn rule(rule: &'static str) -> Why {
        Why { rule, cue: None }
    }
}

/// Finds sensitive spans; the result is sorted and non-overlapping. Memory is bounded by
/// the window a long text is read in ([`windows`]), not by the text.
pub fn detect(text: &str, kind: InputKind) -> Vec<Span> {
    if let Some(folded) = fold::full_width(text) {
        let spans = detect(&folded.text, kind);
        return spans.into_iter().map(|s| folded.unfold(s)).collect();
    }
    let spans = windows::detect_in_windows(text, |window| detect_window(window, kind));
    normalize(text, spans)
}

#[cfg(test)]
pub(crate) fn detect_window_for_tests(text: &str, kind: InputKind) -> Vec<Span> {
    normalize(text, detect_window(text, kind))
}

/// One pass of every stage over `text`.
fn detect_window(text: &str, kind: InputKind) -> Vec<Span> {
    let mut tk = tokens::tokenize(text);
    tokens::promote_speakers(
        &mut tk,
        text,
        matches!(kind, InputKind::Call | InputKind::Chat),
    );
    let mut spans: Vec<Span> = Vec::new();

    email::detect(text, &tk, &mut spans);
    let mut excluded = vec![false; tk.toks.len()];
    if !spans.is_empty() {
        // Tokens inside an e-mail, in one sweep over tokens and sorted spans.
        let mut found: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
        found.sort_unstable();
        let mut at = 0;
        for (i, t) in tk.toks.iter().enumerate() {
            while at < found.len() && found[at].1 <= t.start {
                at += 1;
            }
            excluded[i] = found[at..]
                .iter()
                .take_while(|&&(start, _)| start < t.end)
                .any(|&(start, end)| t.start < end && start < t.end);
        }
    }
    // ISO date-times anywhere ("sent_at": "2024-02-20T17:28:14.866Z") are never values.
    for (i, t) in tk.toks.iter().enumerate() {
        if let Some(n) = iso_datetime_len(text, &tk.toks, i, t) {
            for x in &mut excluded[i..i + n] {
                *x = true;
            }
        }
    }
    for ln in &tk.lines {
        // A chat line's timestamp is never a value.
        for x in &mut excluded[ln.start..ln.first] {
            *x = true;
        }
        if ln.speaker {
            for x in &mut excluded[ln.first..ln.body] {
                *x = true;
            }
        }
    }
    let mut chunks = numbers::chunks(text, &tk, &excluded);
    address::detect(text, &tk, &mut chunks, &mut spans);
    let mut chunks = segment::segment(text, &tk.toks, chunks);
    let cues = context::cues(text, &tk);
    dates::detect(text, &tk, &cues, &mut chunks, &mut spans);
    classify::classify(text, &tk, &mut chunks, &cues, &mut spans);
    names::detect(text, &tk, kind, &mut spans);
    vanity::detect(text, &mut spans);
    iban::detect(text, &mut spans);
    spans.extend(csv::detect(text, |field| {
        detect_window(field, InputKind::Form)
    }));
    spans
}

/// Tokens of "2024-02-20T17:28:14.866Z" starting at `i`: a year, '-', month, '-', and a
/// day glued to 'T' and the hour, then ":mm", ":ss", ".fff", "Z" parts.
fn iso_datetime_len(text: &str, toks: &[tokens::Tok], i: usize, t: &tokens::Tok) -> Option<usize> {
    use tokens::Kind;
    let digits = |k: usize, n: usize| {
        toks.get(k)
            .is_some_and(|x| x.kind == Kind::Digits && x.end - x.start == n)
    };
    let dash = |k: usize| toks.get(k).is_some_and(|x| x.is_punct('-'));
    let day_hour = toks.get(i + 4).is_some_and(|x| {
        let w = x.text(text).as_bytes();
        x.kind == Kind::Code && w.len() == 5 && w[2].eq_ignore_ascii_case(&b'T')
    });
    // "2025-05-24 16:48:11", "2025-11-10+15%3A30%3A07": the day, then a time of its own.
    let day_then_time = digits(i + 4, 2)
        && toks
            .get(i + 5)
            .is_some_and(|x| x.is_punct('+') || x.start > toks[i + 4].end)
        && {
            let h = if toks.get(i + 5).is_some_and(|x| x.is_punct('+')) {
                i + 6
            } else {
                i + 5
            };
            digits(h, 2)
                && toks.get(h + 1).is_some_and(|x| {
                    x.is_punct(':')
                        || x.text(text).eq_ignore_ascii_case("%3A")
                        || x.text(text).starts_with('%')
                })
        };
    if !(t.kind == Kind::Digits
        && t.end - t.start == 4
        && dash(i + 1)
        && digits(i + 2, 2)
        && dash(i + 3)
        && (day_hour || day_then_time))
    {
        return None;
    }
    let mut k = i + 5;
    while toks
        .get(k)
        .is_some_and(|x| x.is_punct(':') || x.is_punct('.'))
        && toks
            .get(k + 1)
            .is_some_and(|x| matches!(x.kind, Kind::Digits | Kind::Code) && x.end - x.start <= 4)
    {
        k += 2;
    }
    Some(k - i)
}

/// Sort, drop empty/invalid spans and merge overlaps (the longer span's type wins).
fn normalize(text: &str, mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| {
        s.start < s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    });
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        if let Some(last) = out.last_mut() {
            if s.start < last.end {
                if s.end > last.end {
                    let keep_new = (s.end - s.start) > (last.end - last.start)
                        || (s.entity.is_core() && !last.entity.is_core());
                    if keep_new {
                        last.entity = s.entity;
                        last.confidence = s.confidence;
                        last.why = s.why;
                    }
                    last.end = s.end;
                } else if s.entity.is_core() && !last.entity.is_core() {
                    last.entity = s.entity;
                    last.why = s.why;
                }
                continue;
            }
        }
        out.push(s);
    }
    out
}

/// Replaces each span by its entity's placeholder; everything else is copied byte for byte.
/// Spans that are out of bounds, not on char boundaries or overlapping an earlier one are
/// skipped (never a panic).
pub fn redact(text: &str, spans: &[Span]) -> String {
    let mut sorted: Vec<&Span> = spans.iter().collect();
    sorted.sort_by_key(|s| (s.start, s.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for s in sorted {
        if s.start < pos
            || s.end <= s.start
            || s.end > text.len()
            || !text.is_char_boundary(s.start)
            || !text.is_char_boundary(s.end)
        {
            continue;
        }
        out.push_str(&text[pos..s.start]);
        out.push_str(s.entity.placeholder());
        pos = s.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// A span over the words of a timed transcript (indices into the `words` slice, inclusive).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WordSpan {
    pub first_word: usize,
    pub last_word: usize,
    pub entity: EntityType,
    pub confidence: f32,
}

/// Detects on a transcript given as `(speaker, word)` pairs: builds `speaker: words` lines
/// (a new line whenever the speaker changes), detects as a call and maps spans to the words
/// they touch.
pub fn detect_words(words: &[(&str, &str)]) -> Vec<WordSpan> {
    let mut text = String::new();
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(words.len());
    let mut cur: Option<&str> = None;
    for &(speaker, word) in words {
        if cur != Some(speaker) {
            if cur.is_some() {
                text.push('\n');
            }
            let label: String = speaker
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ':')
                .collect();
            text.push_str(if label.is_empty() { "speaker" } else { &label });
            text.push(':');
            cur = Some(speaker);
        }
        text.push(' ');
        let clean: String = word
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        let start = text.len();
        text.push_str(clean.trim_end());
        ranges.push((start, text.len()));
    }
    text.push('\n');
    let spans = detect(&text, InputKind::Call);
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        let first = ranges.partition_point(|&(_, e)| e <= s.start);
        let mut last = None;
        let mut k = first;
        while k < ranges.len() && ranges[k].0 < s.end {
            if ranges[k].1 > ranges[k].0 || ranges[k].0 >= s.start {
                last = Some(k);
            }
            k += 1;
        }
        if let Some(last) = last {
            if first <= last {
                out.push(WordSpan {
                    first_word: first,
                    last_word: last,
                    entity: s.entity,
                    confidence: s.confidence,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_conversation;
#[cfg(test)]
mod tests_unseen;
