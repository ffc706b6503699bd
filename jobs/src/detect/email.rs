//! E-mail addresses, typed ("a.b@c.com") and spoken ("a dot b at gmail dot com",
//! "underscore", "dash").

use std::sync::LazyLock;

use regex::Regex;

use super::tokens::{Kind, Tokens};
use super::{EntityType, Span, Why};

static TYPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9][a-z0-9._%+'-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,24}").unwrap()
});

const CONNECTORS: &[&str] = &[
    "dot",
    "underscore",
    "dash",
    "hyphen",
    "period",
    "plus",
    "point",
];

fn is_connector(s: &str) -> bool {
    CONNECTORS.iter().any(|c| s.eq_ignore_ascii_case(c))
}

/// Typed with the "@" and dots written out: "fay.okafor16(at)aol(dot)com",
/// "weilollis [at] web [dot] de", "luciabickel[at]company.co.uk".
static OBFUSCATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[a-z0-9][a-z0-9._%+'-]*\s*[\[(\{<]\s*at\s*[\])\}>]\s*[a-z0-9-]+(?:(?:\s*[\[(\{<]\s*dot\s*[\])\}>]\s*|\.)[a-z0-9-]+)*(?:\s*[\[(\{<]\s*dot\s*[\])\}>]\s*|\.)[a-z]{2,24}",
    )
    .expect("valid regex")
});

/// In a query string: "email=mariam-fontaine%40fastmail.fm".
static PERCENT_ENCODED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9][a-z0-9._+'-]*%40[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,24}").unwrap()
});

pub fn detect(text: &str, tk: &Tokens, out: &mut Vec<Span>) {
    if text.contains("at]") || text.contains("at)") || text.contains("AT]") || text.contains("AT)")
    {
        for m in OBFUSCATED.find_iter(text) {
            out.push(Span {
                start: m.start(),
                end: m.end(),
                entity: EntityType::EmailAddress,
                confidence: 0.9,
                why: Why::rule("e-mail: typed with (at) / [dot] written out"),
            });
        }
    }
    if text.contains("%40") {
        for m in PERCENT_ENCODED.find_iter(text) {
            out.push(Span {
                start: m.start(),
                end: m.end(),
                entity: EntityType::EmailAddress,
                confidence: 0.95,
                why: Why::rule("e-mail: in a URL, the @ encoded as %40"),
            });
        }
    }
    if text.as_bytes().contains(&b'@') {
        for m in TYPED.find_iter(text) {
            out.push(Span {
                start: m.start(),
                end: m.end(),
                entity: EntityType::EmailAddress,
                confidence: 0.97,
                why: Why::rule("e-mail: typed address"),
            });
        }
    }
    spoken(text, tk, out);
}

/// How far back a spoken local part may reach ("t o n i dot r e y n o l d s two six").
const LOCAL_MAX: usize = 40;
/// How far a spoken domain may reach ("brightpath dash dental dot com", "g m a i l dot com").
const DOMAIN_MAX: usize = 24;

/// Spoken addresses: `local at domain`, where the local part is words, spelled letters and
/// numbers joined by "dot"/"underscore"/"dash", and the domain ends in "dot" + a known TLD.
fn spoken(text: &str, tk: &Tokens, out: &mut Vec<Span>) {
    let toks = &tk.toks;
    let word = |i: usize, w: &str| {
        toks.get(i)
            .is_some_and(|t| t.kind == Kind::Word && t.text(text).eq_ignore_ascii_case(w))
    };
    for i in 1..toks.len() {
        let t = &toks[i];
        let is_at = word(i, "at") || (t.is_punct('@') && toks[i - 1].end != t.start);
        if !is_at {
            continue;
        }
        let line = t.line;
        let mut k = i + 1;
        if word(k, "sign") || word(k, "symbol") {
            k += 1;
        } else if word(k, "the") && word(k + 1, "rate") {
            // "at the rate" is how many speakers say "@".
            k += 2;
        }
        let Some(end_tok) = domain_end(text, tk, k, line) else {
            continue;
        };
        let mut push = |from: usize, to: usize, confidence: f32, rule: &'static str| {
            out.push(Span {
                start: toks[from].start,
                end: toks[to].end,
                entity: EntityType::EmailAddress,
                confidence,
                why: Why::rule(rule),
            })
        };
        match local_start(text, tk, i, line) {
            Some(start_tok) => push(
                start_tok,
                end_tok,
                0.9,
                "e-mail: spoken, 'at' then a domain ending in dot and a known TLD",
            ),
            // "yerlan underscore dang" / "sure" / "at hotmail dot co dot uk": the local part
            // ended an earlier turn.
            None => {
                if let Some((from, to)) = local_part_turns_before(text, tk, i) {
                    push(
                        from,
                        to,
                        0.8,
                        "e-mail: spoken over two turns, the local part first",
                    );
                    push(
                        i,
                        end_tok,
                        0.8,
                        "e-mail: spoken over two turns, 'at' and the domain next",
                    );
                }
            }
        }
    }
}

fn is_letter(text: &str, t: &super::tokens::Tok) -> bool {
    t.kind == Kind::Word && t.end - t.start == 1 && t.text(text).as_bytes()[0].is_ascii_alphabetic()
}

fn is_number(t: &super::tokens::Tok) -> bool {
    t.kind == Kind::Digits || t.lex.is_some_and(|w| w.num != super::lexicon::Num::None)
}

fn is_sep(text: &str, t: &super::tokens::Tok) -> bool {
    (t.kind == Kind::Word && is_connector(t.text(text)))
        || matches!(
            t.kind,
            Kind::Punct('.') | Kind::Punct('_') | Kind::Punct('-')
        )
}

/// The last token of a spoken domain starting at `k`: parts joined by connectors, the last a
/// TLD after "dot".
fn domain_end(text: &str, tk: &Tokens, mut k: usize, line: u32) -> Option<usize> {
    let toks = &tk.toks;
    let start = k;
    let mut end = None;
    let mut after_dot = false;
    let mut need_part = true;
    while k < toks.len() && toks[k].line == line && k < start + DOMAIN_MAX {
        let t = &toks[k];
        if need_part {
            if !matches!(t.kind, Kind::Word | Kind::Code | Kind::Digits)
                || is_connector(t.text(text))
            {
                break;
            }
            if after_dot && t.lex.is_some_and(|w| w.tld) {
                end = Some(k);
            }
            // "g mail", "y mail": a letter and a word, one part.
            if is_letter(text, t)
                && !after_dot
                && toks.get(k + 1).is_some_and(|n| {
                    n.line == line
                        && n.kind == Kind::Word
                        && n.end - n.start >= 3
                        && !is_connector(n.text(text))
                })
            {
                k += 2;
                need_part = false;
                continue;
            }
            // A spelled run ("g m a i l", a TLD "r u") is one part.
            if is_letter(text, t) {
                let mut spelled = String::new();
                spelled.push(t.text(text).as_bytes()[0].to_ascii_lowercase() as char);
                while k + 1 < toks.len()
                    && toks[k + 1].line == line
                    && is_letter(text, &toks[k + 1])
                {
                    k += 1;
                    spelled.push(toks[k].text(text).as_bytes()[0].to_ascii_lowercase() as char);
                }
                if after_dot
                    && spelled.len() <= 4
                    && super::lexicon::lookup(&spelled).is_some_and(|w| w.tld)
                {
                    end = Some(k);
                }
            }
            need_part = false;
            k += 1;
            continue;
        }
        if !is_sep(text, t) {
            break;
        }
        after_dot = t.is_punct('.')
            || t.text(text).eq_ignore_ascii_case("dot")
            || t.text(text).eq_ignore_ascii_case("period")
            || t.text(text).eq_ignore_ascii_case("point");
        need_part = true;
        k += 1;
    }
    end
}

/// Lines between a local part and its domain that say nothing ("mm", "hang on, okay go").
const BACKCHANNEL_LINES: u32 = 2;
const BACKCHANNEL_TOKENS: usize = 6;

/// `at` opens its line's body: the local part is the end of one of the few lines before,
/// with only short backchannels in between. Returns its first and last tokens.
fn local_part_turns_before(text: &str, tk: &Tokens, at: usize) -> Option<(usize, usize)> {
    let toks = &tk.toks;
    let line = toks[at].line as usize;
    let mut body = tk.lines[line].body;
    // ("— at outlook dot com": a dash opening the turn.)
    while body < at && matches!(toks[body].kind, Kind::Punct(_)) {
        body += 1;
    }
    if at != body || line == 0 {
        return None;
    }
    let mut prev = line - 1;
    loop {
        let ln = &tk.lines[prev];
        // The line's last word-like token (trailing punctuation skipped).
        let mut last = ln.end;
        while last > ln.body && matches!(toks[last - 1].kind, Kind::Punct(_)) {
            last -= 1;
        }
        if last > ln.body {
            // (A whole turn of one word no lexicon knows counts too: "RIZALJAMS".)
            if let Some(start) = local_start(text, tk, last, prev as u32)
                && (start > ln.body
                    || toks[start..last]
                        .iter()
                        .any(|t| is_sep(text, t) || is_letter(text, t))
                    || last == start + 1
                        && toks[start].lex.is_none()
                        && toks[start].end - toks[start].start >= 4
                        && toks[start]
                            .text(text)
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric())
                        && tk.speaker(text, prev) == tk.speaker(text, line))
            {
                return Some((start, last - 1));
            }
            if last - ln.body > BACKCHANNEL_TOKENS
                || toks[ln.body..last]
                    .iter()
                    .any(|t| t.kind == Kind::Digits || t.text(text).eq_ignore_ascii_case("at"))
            {
                return None;
            }
        }
        if prev == 0 || line - prev > BACKCHANNEL_LINES as usize {
            return None;
        }
        prev -= 1;
    }
}

/// The first token of a spoken local part ending right before `at` (token `at`).
fn local_start(text: &str, tk: &Tokens, at: usize, line: u32) -> Option<usize> {
    let toks = &tk.toks;
    let plain_word = |t: &super::tokens::Tok| {
        matches!(t.kind, Kind::Word | Kind::Code)
            && !is_connector(t.text(text))
            && !t
                .lex
                .is_some_and(|w| (w.common || w.filler) && !w.first_name && !w.surname)
    };
    // Any word joined by a connector is part of the address ("charleen dash fine").
    let joined_word = |t: &super::tokens::Tok| {
        matches!(t.kind, Kind::Word | Kind::Code) && !is_connector(t.text(text)) && !t.w().filler
    };
    let mut s = at;
    let mut informative = false;
    // Whether a multi-letter word may still be taken: one word per connector-joined piece.
    let mut word_slot = true;
    // The token to the right is a connector ("dash fine at", "dot a at").
    let mut after_sep = false;
    // Not into a speaker label or a timestamp.
    let body = tk.lines.get(line as usize).map_or(0, |ln| ln.body);
    while s > body && at - s < LOCAL_MAX {
        let t = &toks[s - 1];
        if t.line != line {
            break;
        }
        // "h as in henry": the example word spells the letter before it.
        if s >= 4
            && t.kind == Kind::Word
            && toks[s - 2].text(text).eq_ignore_ascii_case("in")
            && toks[s - 3].text(text).eq_ignore_ascii_case("as")
            && is_letter(text, &toks[s - 4])
            && toks[s - 4].line == line
        {
            informative = true;
            after_sep = false;
            s -= 3;
            continue;
        }
        if is_letter(text, t) || is_number(t) {
            // "a" and "i" are words unless they are part of a spelled run or joined by a
            // connector ("pete dot a at …").
            let joined = s >= 2 && is_sep(text, &toks[s - 2]) || after_sep;
            // ("i as in india": a letter spelled out.)
            let spelled_out = toks
                .get(s)
                .is_some_and(|n| n.text(text).eq_ignore_ascii_case("as"))
                && toks
                    .get(s + 1)
                    .is_some_and(|n| n.text(text).eq_ignore_ascii_case("in"));
            let lone = matches!(t.text(text), "a" | "A" | "i" | "I")
                && !joined
                && !spelled_out
                && !(s >= 2 && is_letter(text, &toks[s - 2]))
                && !(s < at && is_letter(text, &toks[s]));
            if lone {
                break;
            }
            informative |= is_letter(text, t) || t.kind == Kind::Digits;
            after_sep = false;
            s -= 1;
            continue;
        }
        if is_sep(text, t) {
            // A connector joins two parts: something must precede it.
            if s >= 2
                && toks[s - 2].line == line
                && (joined_word(&toks[s - 2])
                    || is_letter(text, &toks[s - 2])
                    || is_number(&toks[s - 2]))
            {
                word_slot = true;
                after_sep = true;
                s -= 1;
                continue;
            }
            break;
        }
        if (plain_word(t) || after_sep && joined_word(t)) && word_slot {
            informative = true;
            word_slot = false;
            after_sep = false;
            s -= 1;
            continue;
        }
        break;
    }
    (s < at && informative).then_some(s)
}
