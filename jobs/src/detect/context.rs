//! Context cues: words and phrases ("security code", "routing", "order number") that say what
//! the nearby number is. Found once per text, in one left-to-right pass.

use super::lexicon::{Cue, PHRASES};
use super::tokens::{Kind, Tokens};

#[derive(Clone, Copy, Debug)]
pub struct CueHit {
    /// First and last token of the cue phrase.
    pub t0: usize,
    pub t1: usize,
    pub line: u32,
    pub cue: Cue,
}

pub fn cues(text: &str, tk: &Tokens) -> Vec<CueHit> {
    let mut out = Vec::new();
    for ln in &tk.lines {
        let start = if ln.speaker { ln.body } else { ln.first };
        let mut i = start;
        while i < ln.end {
            let t = &tk.toks[i];
            // Cues spelled as letters: "s s n", "c v v", "c. v. c.".
            if let Some((len, cue)) = spelled_cue(text, tk, i, ln.end) {
                out.push(CueHit {
                    t0: i,
                    t1: i + len - 1,
                    line: t.line,
                    cue,
                });
                i += len;
                continue;
            }
            // Keys with a digit ("ssn-last4", "address_line2") are code tokens.
            let keyish = t.kind == Kind::Word
                || (t.kind == Kind::Code
                    && t.text(text).contains(['-', '_'])
                    && t.text(text).bytes().filter(u8::is_ascii_digit).count() <= 2);
            if t.lex.is_none() && keyish {
                // JSON keys: "securityCode", "ccNumber", "dateOfBirth", "routing_number".
                if let Some(cue) = camel_cue(t.text(text)) {
                    out.push(CueHit {
                        t0: i,
                        t1: i,
                        line: t.line,
                        cue,
                    });
                    i += 1;
                    continue;
                }
            }
            let Some(w) = t.lex else {
                // "cvv2", "cc#" style codes.
                if t.kind == Kind::Code {
                    let s = t.text(text);
                    if s.eq_ignore_ascii_case("cvv2") || s.eq_ignore_ascii_case("cvc2") {
                        out.push(CueHit {
                            t0: i,
                            t1: i,
                            line: t.line,
                            cue: Cue::Cvv,
                        });
                    }
                }
                i += 1;
                continue;
            };
            let mut matched = false;
            if w.phrases != 0 {
                let mut best: Option<(usize, Cue)> = None;
                let mut bits = w.phrases;
                while bits != 0 {
                    let b = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let (words, cue) = PHRASES[b];
                    // Match the remaining words, skipping punctuation like '#'/'.' between them.
                    let mut k = i + 1;
                    let mut ok = true;
                    for wd in &words[1..] {
                        while k < ln.end
                            && matches!(
                                tk.toks[k].kind,
                                Kind::Punct('.') | Kind::Punct('-') | Kind::Punct('_')
                            )
                        {
                            k += 1;
                        }
                        if k < ln.end
                            && tk.toks[k].kind == Kind::Word
                            && tk.toks[k].text(text).eq_ignore_ascii_case(wd)
                        {
                            k += 1;
                        } else {
                            ok = false;
                            break;
                        }
                    }
                    if ok && best.is_none_or(|(e, _)| k > e) {
                        best = Some((k, cue));
                    }
                }
                if let Some((e, cue)) = best {
                    out.push(CueHit {
                        t0: i,
                        t1: e - 1,
                        line: t.line,
                        cue,
                    });
                    i = e;
                    matched = true;
                }
            }
            if !matched {
                if let Some(c) = w.cue {
                    out.push(CueHit {
                        t0: i,
                        t1: i,
                        line: t.line,
                        cue: c,
                    });
                } else if let Some(end) = my_kind_of_number(text, tk, i, ln.end) {
                    out.push(CueHit {
                        t0: i,
                        t1: end,
                        line: t.line,
                        cue: Cue::Phone,
                    });
                    i = end;
                }
                i += 1;
            }
        }
    }
    let mut last_distractor: Option<CueHit> = None;
    out.retain(|h| {
        // "your confirmation number for today's payment is …": the payment is what the
        // number confirms, not the card.
        let of_distractor = h.cue == Cue::Card
            && h.t0 == h.t1
            && tk.toks[h.t0].text(text).eq_ignore_ascii_case("payment")
            && last_distractor.is_some_and(|d| d.line == h.line && d.t1 + 5 >= h.t0);
        if h.cue == Cue::Distractor {
            last_distractor = Some(*h);
        }
        !of_distractor && !names_the_holder(text, tk, h) && !courtesy_time(text, tk, h)
    });
    resolve_date_parts(text, tk, &mut out);
    out
}

/// "My Israeli number is …", "my US number", "my work cell number": "my", one or two words
/// that are no cue of their own, "number": the owner's phone. Returns the "number" token.
fn my_kind_of_number(text: &str, tk: &Tokens, i: usize, end: usize) -> Option<usize> {
    let word = |k: usize| {
        tk.toks
            .get(k)
            .filter(|t| k < end && t.kind == Kind::Word)
            .map(|t| t.text(text))
    };
    if !word(i).is_some_and(|w| w.eq_ignore_ascii_case("my")) {
        return None;
    }
    (i + 2..=i + 3).find(|&k| {
        word(k).is_some_and(|w| w.eq_ignore_ascii_case("number"))
            && (i + 1..k).all(|m| {
                word(m).is_some()
                    && tk.toks[m]
                        .lex
                        .is_none_or(|w| w.cue.is_none() && w.phrases == 0)
            })
    })
}

/// "take your time", "thanks for your time": no time of day is coming.
fn courtesy_time(text: &str, tk: &Tokens, h: &CueHit) -> bool {
    h.cue == Cue::Distractor
        && h.t0 == h.t1
        && h.t0 > 0
        && tk.toks[h.t0].text(text).eq_ignore_ascii_case("time")
        && tk.toks[h.t0 - 1].text(text).eq_ignore_ascii_case("your")
}

/// "the name on the account", "name on your card": a question about the holder's name, not
/// a cue for the number given after it.
fn names_the_holder(text: &str, tk: &Tokens, h: &CueHit) -> bool {
    if !matches!(h.cue, Cue::Account | Cue::Card) || h.t0 < 2 {
        return false;
    }
    let word = |k: usize, w: &str| {
        let t = &tk.toks[k];
        t.line == h.line && t.kind == Kind::Word && t.text(text).eq_ignore_ascii_case(w)
    };
    let mut k = h.t0 - 1;
    if ["the", "your", "that"].iter().any(|w| word(k, w)) && k > 1 {
        k -= 1;
    }
    word(k, "on") && word(k - 1, "name")
}

/// "and the year", "what month": a distractor on its own (a year is not sensitive), but the
/// part of the date being asked for when an expiry or birth-date question came just before.
fn resolve_date_parts(text: &str, tk: &Tokens, cues: &mut [CueHit]) {
    let mut last_date: Option<(u32, Cue)> = None;
    let mut last_card: Option<u32> = None;
    // A card typed with no cue ("Customer: 5282870379009784") opens the payment too.
    let card_lines: Vec<u32> = tk
        .toks
        .iter()
        .filter(|t| t.kind == Kind::Digits && t.end - t.start >= 13)
        .map(|t| t.line)
        .collect();
    for h in cues.iter_mut() {
        let typed_card = card_lines[..card_lines.partition_point(|&l| l <= h.line)]
            .last()
            .copied();
        if typed_card.is_some_and(|l| last_card.is_none_or(|c| l > c)) {
            last_card = typed_card;
        }
        match h.cue {
            Cue::Expiry | Cue::Dob => last_date = Some((h.line, h.cue)),
            // In a card payment, "the month on it" and "what year" ask for the expiry.
            Cue::Card => last_card = Some(h.line),
            // ("what year did you open the account" is not: the question must be short or
            // about the card.)
            Cue::Distractor
                if h.t0 == h.t1
                    && last_date.is_none_or(|(l, _)| l + 4 < h.line)
                    && last_card.is_some_and(|l| h.line <= l + 14)
                    && about_the_card(text, tk, h.line)
                    && ["year", "month"]
                        .iter()
                        .any(|p| tk.toks[h.t0].text(text).eq_ignore_ascii_case(p)) =>
            {
                h.cue = Cue::Expiry;
                last_date = Some((h.line, Cue::Expiry));
            }
            Cue::Distractor if h.t0 == h.t1 => {
                let w = tk.toks[h.t0].text(text);
                let part = ["year", "month", "date"]
                    .iter()
                    .any(|p| w.eq_ignore_ascii_case(p));
                if let Some((line, cue)) = last_date
                    .filter(|&(l, _)| part && h.line <= l + 4 && about_the_card(text, tk, h.line))
                {
                    let _ = line;
                    h.cue = cue;
                    last_date = Some((h.line, cue));
                }
            }
            _ => {}
        }
    }
}

/// Two to four single letters (dots between them allowed) that spell a cue word:
/// (tokens used, cue).
fn spelled_cue(text: &str, tk: &Tokens, i: usize, end: usize) -> Option<(usize, Cue)> {
    let single = |k: usize| {
        k < end
            && tk.toks[k].kind == Kind::Word
            && tk.toks[k].end - tk.toks[k].start == 1
            && tk.toks[k].text(text).is_ascii()
    };
    if !single(i)
        || !single(i + 1) && !(tk.toks.get(i + 1).is_some_and(|t| t.is_punct('.')) && single(i + 2))
    {
        return None;
    }
    let mut letters = String::new();
    let mut k = i;
    let mut best = None;
    while single(k) && letters.len() < 4 {
        letters.push(tk.toks[k].text(text).as_bytes()[0].to_ascii_lowercase() as char);
        k += 1;
        if k < end && tk.toks[k].is_punct('.') {
            k += 1;
        }
        if letters.len() >= 2 {
            if let Some(cue) = super::lexicon::lookup(&letters).and_then(|w| w.cue) {
                best = Some((k - i, cue));
            }
        }
    }
    best
}

/// The cue of a camelCase or hyphenated key: its words matched as a phrase, else a card-code
/// or expiry word in it, else its first word with a cue.
fn camel_cue(word: &str) -> Option<Cue> {
    let joined = |b: u8| b.is_ascii_uppercase() || b == b'-' || b == b'_';
    if !word.bytes().any(joined) || word.len() > 40 {
        return None;
    }
    // Words at case changes and at '-' / '_' ("cardExpMonth", "card-expiry-year").
    let mut parts: Vec<String> = Vec::new();
    for c in word.chars() {
        if c == '-' || c == '_' {
            parts.push(String::new());
            continue;
        }
        if c.is_uppercase() || parts.is_empty() {
            parts.push(String::new());
        }
        if let Some(p) = parts.last_mut() {
            p.push(c.to_ascii_lowercase());
        }
    }
    parts.retain(|p| !p.is_empty());
    for (words, cue) in PHRASES {
        if parts.len() >= words.len() && parts.iter().zip(words.iter()).all(|(a, b)| a == b) {
            return Some(*cue);
        }
    }
    // A card-code or expiry word anywhere in the key decides ("cardCvc", "cardExpMonth",
    // "expiryYear"); otherwise its first word with a cue ("cardNumber", "orderId").
    let has = |words: &[&str]| parts.iter().any(|p| words.contains(&p.as_str()));
    if has(&["cvv", "cvc", "cvn", "cid", "csc", "cvv2", "cvc2"]) {
        return Some(Cue::Cvv);
    }
    if has(&["exp", "expiry", "expiration", "expires"]) {
        return Some(Cue::Expiry);
    }
    parts
        .iter()
        .find_map(|p| super::lexicon::lookup(p).and_then(|w| w.cue))
}

/// A short question ("and the year", "the month on it") or one that names the card.
fn about_the_card(text: &str, tk: &Tokens, line: u32) -> bool {
    let ln = &tk.lines[line as usize];
    let body = &tk.toks[ln.body..ln.end];
    let words = body.iter().filter(|t| t.kind == Kind::Word).count();
    words <= 5
        || body.iter().any(|t| {
            let w = t.text(text).to_ascii_lowercase();
            w == "card" || w.starts_with("expir") || w == "month"
        })
}
