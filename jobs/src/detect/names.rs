//! Person names from context: "my name is X", "this is X", "I'm X", an answer to "can I get
//! your name", "Name:" form fields.

use super::tokens::{Kind, Tok, Tokens};
use super::{EntityType, Span};

/// Words that may precede a name given in answer to "can I get your name".
const LEADINS: &[&str] = &[
    "sure",
    "yeah",
    "yes",
    "yep",
    "yup",
    "it's",
    "its",
    "it",
    "is",
    "my",
    "name",
    "name's",
    "okay",
    "ok",
    "hi",
    "hello",
    "hey",
    "oh",
    "this",
    "that's",
    "well",
    "so",
    "the",
    "full",
    "first",
    "last",
    "and",
    "it\u{2019}s",
    "i'm",
    "im",
    "i",
    "am",
    "of",
    "course",
    "absolutely",
    "certainly",
];

fn lw(text: &str, t: &Tok, w: &str) -> bool {
    t.kind == Kind::Word && t.text(text).eq_ignore_ascii_case(w)
}

fn capitalized(text: &str, t: &Tok) -> bool {
    t.text(text)
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase())
}

/// Could this token be part of a name?
fn nameable(text: &str, t: &Tok) -> bool {
    if t.kind != Kind::Word {
        return false;
    }
    let s = t.text(text);
    if s.len() < 2
        || !s
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '\u{2019}')
    {
        return false;
    }
    match t.lex {
        Some(w) => (w.first_name || w.surname || !w.common) && w.num == super::lexicon::Num::None,
        None => true,
    }
}

fn known(t: &Tok) -> bool {
    t.lex.is_some_and(|w| w.first_name || w.surname)
}

/// Take up to `max` name words starting at token `i` on `line`; returns end token (exclusive).
fn take(text: &str, toks: &[Tok], i: usize, end: usize, max: usize) -> usize {
    let mut k = i;
    while k < end && k < i + max && nameable(text, &toks[k]) {
        k += 1;
    }
    k
}

fn push(toks: &[Tok], a: usize, b: usize, conf: f32, out: &mut Vec<Span>) {
    if b > a {
        out.push(Span {
            start: toks[a].start,
            end: toks[b - 1].end,
            entity: EntityType::PersonName,
            confidence: conf,
        });
    }
}

pub fn detect(text: &str, tk: &Tokens, out: &mut Vec<Span>) {
    let toks = &tk.toks;
    let mut prev_asks_name = false;
    for ln in &tk.lines {
        let body = ln.body;
        let end = ln.end;
        // Form field "Name: X", "Full name: X", "Cardholder name: X".
        if ln.labeled && !ln.speaker {
            let label_has_name = toks[ln.first..body].iter().any(|t| {
                lw(text, t, "name")
                    || lw(text, t, "cardholder")
                    || lw(text, t, "signature")
                    || lw(text, t, "contact")
            }) && !toks[ln.first..body].iter().any(|t| {
                lw(text, t, "user")
                    || lw(text, t, "file")
                    || lw(text, t, "company")
                    || lw(text, t, "business")
            });
            if label_has_name {
                let b = take(text, toks, body, end, 4);
                push(toks, body, b, 0.9, out);
                prev_asks_name = false;
                continue;
            }
        }
        let mut found = false;
        let greeting = toks[body..end].iter().any(|t| {
            [
                "hi",
                "hello",
                "hey",
                "calling",
                "thanks",
                "thank",
                "morning",
                "afternoon",
                "evening",
                "reached",
                "welcome",
            ]
            .iter()
            .any(|g| lw(text, t, g))
        });
        let mut i = body;
        while i < end {
            let t = &toks[i];
            // "my name is X", "name's X", "name is X"
            let mut start = None;
            let mut strong = false;
            if lw(text, t, "name") && i + 1 < end {
                if lw(text, &toks[i + 1], "is") {
                    start = Some(i + 2);
                    strong = true;
                } else if toks[i + 1].is_punct(':') {
                    start = Some(i + 2);
                    strong = true;
                }
            } else if lw(text, t, "name's") || lw(text, t, "name\u{2019}s") {
                start = Some(i + 1);
                strong = true;
            } else if lw(text, t, "this") && i + 1 < end && lw(text, &toks[i + 1], "is") {
                start = Some(i + 2);
                strong = greeting;
            } else if (lw(text, t, "speaking") || lw(text, t, "talking"))
                && i + 1 < end
                && (lw(text, &toks[i + 1], "with") || lw(text, &toks[i + 1], "to"))
            {
                start = Some(i + 2);
                strong = greeting;
            } else if (lw(text, t, "i'm") || lw(text, t, "im") || lw(text, t, "i\u{2019}m"))
                || (lw(text, t, "i") && i + 1 < end && lw(text, &toks[i + 1], "am"))
            {
                start = Some(if lw(text, t, "i") { i + 2 } else { i + 1 });
            } else if (lw(text, t, "mr")
                || lw(text, t, "mrs")
                || lw(text, t, "ms")
                || lw(text, t, "dr")
                || lw(text, t, "miss"))
                && i + 1 < end
            {
                let s = if toks[i + 1].is_punct('.') {
                    i + 2
                } else {
                    i + 1
                };
                start = Some(s);
                strong = true;
            }
            if let Some(mut s) = start {
                while s < end && (toks[s].is_punct(',') || toks[s].lex.is_some_and(|w| w.filler)) {
                    s += 1;
                }
                if s < end && nameable(text, &toks[s]) {
                    let ok = strong || known(&toks[s]) || capitalized(text, &toks[s]);
                    if ok {
                        let b = take(text, toks, s, end, 3);
                        push(toks, s, b, if strong { 0.9 } else { 0.8 }, out);
                        found = true;
                        i = b;
                        continue;
                    }
                }
            }
            i += 1;
        }
        // Answer to "can I get your name" / "who am I speaking with".
        if prev_asks_name && !found {
            let mut i = body;
            while i < end && !nameable(text, &toks[i]) {
                // skip lead-ins only: "sure", "yeah it's", "okay", "my name is"
                let leadin = matches!(toks[i].kind, Kind::Punct(_))
                    || LEADINS.iter().any(|l| lw(text, &toks[i], l))
                    || toks[i].lex.is_some_and(|w| w.filler);
                if !leadin {
                    break;
                }
                i += 1;
            }
            if i < end && nameable(text, &toks[i]) {
                let b = take(text, toks, i, end, 3);
                let any_known = toks[i..b].iter().any(known);
                if any_known || b - i >= 2 || ln.speaker {
                    push(toks, i, b, 0.8, out);
                }
            }
        }
        prev_asks_name = toks[body..end].iter().enumerate().any(|(k, t)| {
            (lw(text, t, "name") && !toks[body + k + 1..end].iter().any(|u| lw(text, u, "is")))
                || (lw(text, t, "who")
                    && toks[body + k + 1..end]
                        .iter()
                        .any(|u| lw(text, u, "speaking") || lw(text, u, "with")))
        }) && !found;
    }
}
