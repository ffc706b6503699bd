//! E-mail addresses, typed ("a.b@c.com") and spoken ("a dot b at gmail dot com",
//! "underscore", "dash").

use std::sync::LazyLock;

use regex::Regex;

use super::tokens::{Kind, Tokens};
use super::{EntityType, Span};

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

pub fn detect(text: &str, tk: &Tokens, out: &mut Vec<Span>) {
    if text.as_bytes().contains(&b'@') {
        for m in TYPED.find_iter(text) {
            out.push(Span {
                start: m.start(),
                end: m.end(),
                entity: EntityType::EmailAddress,
                confidence: 0.97,
            });
        }
    }
    spoken(text, tk, out);
}

fn spoken(text: &str, tk: &Tokens, out: &mut Vec<Span>) {
    let toks = &tk.toks;
    let part = |i: usize| -> bool {
        toks.get(i)
            .is_some_and(|t| matches!(t.kind, Kind::Word | Kind::Code | Kind::Digits))
    };
    for i in 1..toks.len() {
        let t = &toks[i];
        let is_at = (t.kind == Kind::Word && t.text(text).eq_ignore_ascii_case("at"))
            || (t.is_punct('@') && !(toks[i - 1].end == t.start));
        if !is_at {
            continue;
        }
        let line = t.line;
        // Domain: word ((dot|.) word)+, last one a TLD.
        let mut k = i + 1;
        // "at sign", "at symbol"
        if t.kind == Kind::Word
            && toks.get(k).is_some_and(|n| {
                n.line == line
                    && (n.text(text).eq_ignore_ascii_case("sign")
                        || n.text(text).eq_ignore_ascii_case("symbol"))
            })
        {
            k += 1;
        }
        if !part(k) || toks[k].line != line || is_connector(toks[k].text(text)) {
            continue;
        }
        let mut end_tok = None;
        k += 1;
        loop {
            let Some(sep) = toks.get(k) else { break };
            if sep.line != line {
                break;
            }
            let is_dot = sep.is_punct('.')
                || (sep.kind == Kind::Word && sep.text(text).eq_ignore_ascii_case("dot"));
            if !is_dot || !part(k + 1) || toks[k + 1].line != line {
                break;
            }
            let w = &toks[k + 1];
            if w.lex.is_some_and(|x| x.tld) {
                end_tok = Some(k + 1);
            }
            k += 2;
        }
        let Some(end_tok) = end_tok else { continue };
        // Local part: token before "at", extended over connectors.
        let mut s = i - 1;
        if !part(s) || toks[s].line != line || is_connector(toks[s].text(text)) {
            continue;
        }
        let is_numword = |i: usize| {
            toks[i].kind == Kind::Digits
                || toks[i]
                    .lex
                    .is_some_and(|w| w.num != super::lexicon::Num::None)
        };
        let mut joined = false;
        // "lopez eighty two at ...": a spoken number ending the local part, after its stem.
        if is_numword(s) {
            let mut k = s;
            while k >= 1 && toks[k - 1].line == line && is_numword(k - 1) && s - k < 6 {
                k -= 1;
            }
            if k >= 1
                && toks[k - 1].line == line
                && toks[k - 1].kind == Kind::Word
                && !toks[k - 1]
                    .lex
                    .is_some_and(|w| w.common && !w.first_name && !w.surname)
                && !is_connector(toks[k - 1].text(text))
            {
                s = k - 1;
                joined = true;
            }
        }
        let first = &toks[s];
        let first_common = first
            .lex
            .is_some_and(|w| w.common && !w.first_name && !w.surname);
        while s >= 2 {
            let c = &toks[s - 1];
            let is_conn = c.line == line
                && ((c.kind == Kind::Word && is_connector(c.text(text)))
                    || (matches!(
                        c.kind,
                        Kind::Punct('.') | Kind::Punct('_') | Kind::Punct('-')
                    ) && c.end == toks[s].start));
            if is_conn
                && part(s - 2)
                && toks[s - 2].line == line
                && !is_connector(toks[s - 2].text(text))
            {
                s -= 2;
                joined = true;
            } else {
                break;
            }
        }
        // A spelled initial before the stem: "j smith at ...".
        for _ in 0..2 {
            if s >= 1 && toks[s - 1].line == line && toks[s - 1].kind == Kind::Word {
                let w = toks[s - 1].text(text);
                if w.chars().count() == 1
                    && !w.eq_ignore_ascii_case("a")
                    && !w.eq_ignore_ascii_case("i")
                {
                    s -= 1;
                    continue;
                }
            }
            break;
        }
        if first_common && !joined {
            continue;
        }
        out.push(Span {
            start: toks[s].start,
            end: toks[end_tok].end,
            entity: EntityType::EmailAddress,
            confidence: 0.9,
        });
    }
}
