//! Word-level tests for building chunks: digit words, recognizer slips, months, and the
//! words that say a number is not a value ("one of them", a URL path).

use super::Num;
use crate::detect::tokens::{Kind, Tok};

#[inline]
pub(super) fn num(t: &Tok) -> Num {
    match t.lex {
        Some(w) => match (w.num, w.homophone) {
            (Num::None, Some(d)) => Num::Unit(d),
            (n, _) => n,
        },
        None => Num::None,
    }
}

/// A recognizer slip for a digit ("to", "for", "won", "ate").
#[inline]
pub(super) fn homophone(t: &Tok) -> bool {
    t.lex
        .is_some_and(|w| w.homophone.is_some() && w.num == Num::None)
}

/// "for zero four nine", "ate three two": a slip first, then two spoken digits on its line,
/// is where a number starts ("for three nights" is one digit, not a number).
pub(super) fn slip_leads_digits(toks: &[Tok], i: usize) -> bool {
    let digit = |k: usize| {
        toks.get(k).is_some_and(|t| {
            t.line == toks[i].line
                && t.kind == Kind::Word
                && matches!(num(t), Num::Unit(_) | Num::Double | Num::Triple)
                && !homophone(t)
        })
    };
    // "too three won zero", "to forty one fifty five", "to for nine four": two number words
    // among the next three, slips allowed between them.
    let word = |k: usize| {
        toks.get(k).is_some_and(|t| {
            t.line == toks[i].line
                && t.kind == Kind::Word
                && (matches!(
                    num(t),
                    Num::Unit(_) | Num::Teen(_) | Num::Tens(_) | Num::Double | Num::Triple
                ) || homophone(t))
        })
    };
    digit(i + 1) && digit(i + 2)
        || word(i + 1)
            && word(i + 2)
            && word(i + 3)
            && (i + 1..i + 4)
                .filter(|&k| digit(k) || toks[k].w().num != Num::None && !homophone(&toks[k]))
                .count()
                >= 2
}

/// "six two four for" ending its line: the slip after two or more spoken digits is the
/// number's last digit.
pub(super) fn slip_ends_digits(toks: &[Tok], prev: usize, i: usize) -> bool {
    let spoken_digit = |k: usize| {
        toks[k].kind == Kind::Word && matches!(num(&toks[k]), Num::Unit(_)) && !homophone(&toks[k])
    };
    let line_ends = toks.get(i + 1).is_none_or(|t| {
        t.line != toks[i].line || matches!(t.kind, Kind::Punct(',' | '.' | '?' | '…'))
    });
    line_ends && prev > 0 && spoken_digit(prev) && spoken_digit(prev - 1)
}

/// "'32": an apostrophe standing for the century, right before a two-digit year.
pub(super) fn year_apostrophe(toks: &[Tok], i: usize) -> bool {
    toks.get(i)
        .is_some_and(|t| t.is_punct('\'') || t.is_punct('\u{2019}'))
        && toks.get(i + 1).is_some_and(|y| {
            y.kind == Kind::Digits && y.end - y.start == 2 && y.start == toks[i].end
        })
}

/// Token `i` is a spoken digit word or a typed digit group.
pub(super) fn number_word(toks: &[Tok], i: usize) -> bool {
    toks.get(i).is_some_and(|t| {
        t.kind == Kind::Digits
            || (!homophone(t)
                && matches!(
                    num(t),
                    Num::Unit(_) | Num::Teen(_) | Num::Tens(_) | Num::Double
                ))
    })
}

#[inline]
pub(super) fn month(t: &Tok) -> u8 {
    match t.lex {
        Some(w) => w.month,
        None => 0,
    }
}

#[inline]
pub(super) fn lower_is(text: &str, t: &Tok, w: &str) -> bool {
    t.kind == Kind::Word && text[t.start..t.end].eq_ignore_ascii_case(w)
}

/// A "quantity word" like the "four" of "last four" or "three digit code" is not a number.
pub(super) fn quantity_word(text: &str, toks: &[Tok], i: usize) -> bool {
    if i > 0 {
        let p = &toks[i - 1];
        if p.line == toks[i].line
            && (lower_is(text, p, "last")
                || lower_is(text, p, "first")
                || lower_is(text, p, "final"))
        {
            return true;
        }
    }
    if let Some(n) = toks.get(i + 1) {
        if n.line == toks[i].line
            && (lower_is(text, n, "digit")
                || lower_is(text, n, "digits")
                || lower_is(text, n, "numbers")
                || lower_is(text, n, "more")
                || lower_is(text, n, "times"))
        {
            return true;
        }
        if n.is_punct('-') {
            if let Some(nn) = toks.get(i + 2) {
                if lower_is(text, nn, "digit") {
                    return true;
                }
            }
        }
    }
    false
}

/// The pronoun "one": "the old one", "that one", "one moment", "one of them".
pub(super) fn pronoun_one(text: &str, toks: &[Tok], i: usize) -> bool {
    if !lower_is(text, &toks[i], "one") {
        return false;
    }
    const BEFORE: &[&str] = &[
        "the", "that", "this", "a", "old", "new", "which", "each", "every", "no", "any", "other",
        "another", "right", "wrong", "same", "last", "first", "good", "little", "only", "one's",
    ];
    const AFTER: &[&str] = &[
        "moment", "sec", "second", "minute", "more", "day", "of", "thing", "time", "another",
        "last", "question", "way", "hand", "is", "was", "i", "you", "that", "on", "in",
    ];
    let same_line = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.line == toks[i].line && t.kind == Kind::Word)
    };
    // "was that one one one one": digits go on after it, so it is one of them.
    // ("the old one zero seven" is still the old one.)
    let digits_follow = i > 0
        && ["that", "this"]
            .iter()
            .any(|w| lower_is(text, &toks[i - 1], w))
        && same_line(i + 1)
        && same_line(i + 2)
        && matches!(num(&toks[i + 1]), Num::Unit(_) | Num::Double | Num::Triple)
        && matches!(
            num(&toks[i + 2]),
            Num::Unit(_) | Num::Teen(_) | Num::Tens(_)
        );
    !digits_follow
        && ((i > 0 && same_line(i - 1) && BEFORE.iter().any(|w| lower_is(text, &toks[i - 1], w)))
            || (same_line(i + 1) && AFTER.iter().any(|w| lower_is(text, &toks[i + 1], w))))
}

/// The "two" of "c v v two" / "cvc 2": the code's name, not a number.
pub(super) fn cvv_two(text: &str, toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    let two = lower_is(text, t, "two") || t.text(text) == "2";
    // ("cvv 2 8 0" is the code itself.)
    let value_follows = toks
        .get(i + 1)
        .is_some_and(|n| n.line == t.line && (n.kind == Kind::Digits || num(n) != Num::None));
    two && !value_follows && i >= 1 && {
        let p = &toks[i - 1];
        p.line == t.line
            && (((lower_is(text, p, "v") || lower_is(text, p, "c"))
                && i >= 2
                && lower_is(text, &toks[i - 2], "v"))
                || lower_is(text, p, "cvv")
                || lower_is(text, p, "cvc"))
    }
}

/// Can token `i` start a chunk?
pub(super) fn starts(text: &str, toks: &[Tok], i: usize, excluded: &[bool]) -> bool {
    if excluded[i] || pronoun_one(text, toks, i) || cvv_two(text, toks, i) {
        return false;
    }
    if homophone(&toks[i]) {
        return slip_leads_digits(toks, i);
    }
    let t = &toks[i];
    match t.kind {
        Kind::Digits => true,
        Kind::Word => match num(t) {
            Num::Unit(_) | Num::Teen(_) | Num::Tens(_) => !quantity_word(text, toks, i),
            Num::Double | Num::Triple => {
                matches!(toks.get(i + 1).map(num), Some(Num::Unit(_))) && toks[i + 1].line == t.line
            }
            _ => {
                // "may of twenty seven", "May/26", "Jun-27", "Jul '30".
                // "April, two thousand twenty five": a comma after the month.
                let of = toks.get(i + 1).is_some_and(|n| {
                    lower_is(text, n, "of")
                        || ((n.is_punct('/') || n.is_punct('-')) && n.start == t.end)
                        || (n.is_punct(',') && n.start == t.end)
                        || year_apostrophe(toks, i + 1)
                }) as usize;
                month(t) != 0
                    && toks.get(i + 1 + of).is_some_and(|n| {
                        n.line == t.line
                            && (n.kind == Kind::Digits
                                || matches!(
                                    num(n),
                                    Num::Unit(_) | Num::Teen(_) | Num::Tens(_) | Num::Ordinal(_)
                                ))
                    })
            }
        },
        _ => false,
    }
}

/// A speaker's pause inside a number they read out: "four two oh four hang on five five".
const PAUSES: &[&[&str]] = &[
    &["hang", "on"],
    &["hold", "on"],
    &["let", "me", "see"],
    &["let", "me", "check"],
    &["let", "me", "look"],
    &["bear", "with", "me"],
    &["just", "a", "sec"],
    &["just", "a", "second"],
    &["just", "a", "moment"],
    &["give", "me", "a", "sec"],
    &["give", "me", "a", "second"],
    &["where", "was", "i"],
    &["i", "think"],
    &["i", "believe"],
    &["hmm"],
    &["sec"],
];

/// The number of tokens of a pause phrase at `k` (on one line), if one starts there.
pub(super) fn pause_len(text: &str, toks: &[Tok], k: usize) -> Option<usize> {
    let line = toks[k].line;
    PAUSES.iter().find_map(|p| {
        p.iter()
            .enumerate()
            .all(|(n, w)| {
                toks.get(k + n)
                    .is_some_and(|t| t.line == line && lower_is(text, t, w))
            })
            .then_some(p.len())
    })
}

/// Can token `i` continue a chunk whose previous number token is `prev`?
pub(super) fn continues(
    text: &str,
    toks: &[Tok],
    prev: usize,
    i: usize,
    excluded: &[bool],
) -> bool {
    if excluded[i] {
        return false;
    }
    // "four nine for two": a slip counts as a digit only between digit words.
    if homophone(&toks[i]) {
        let same_line = |k: usize| toks.get(k).is_some_and(|t| t.line == toks[i].line);
        let mut next = i + 1;
        let mut limit = i + 3;
        while next < limit {
            // "six two too hold on five": a pause after the slip.
            if toks.get(next).is_some_and(|t| t.line == toks[i].line) {
                if let Some(n) = pause_len(text, toks, next) {
                    next += n;
                    limit += n;
                    continue;
                }
            }
            if !toks
                .get(next)
                .is_some_and(|t| (t.w().filler && num(t) == Num::None) || t.is_punct(','))
            {
                break;
            }
            next += 1;
        }
        if !number_word(toks, prev) {
            return false;
        }
        return (same_line(next) && number_word(toks, next)) || slip_ends_digits(toks, prev, i);
    }
    let t = &toks[i];
    match t.kind {
        Kind::Digits => true,
        Kind::Word => match num(t) {
            Num::Unit(_) | Num::Teen(_) | Num::Tens(_) => !quantity_word(text, toks, i),
            Num::Hundred | Num::Thousand => true,
            Num::Double | Num::Triple => {
                matches!(toks.get(i + 1).map(num), Some(Num::Unit(_)))
            }
            Num::Ordinal(_) => month(&toks[prev]) != 0,
            Num::None => false,
        },
        _ => false,
    }
}

/// Token `i` follows a '/' of a URL: the tokens before it, with no space between them, hold
/// a domain ("shop.example.net/t/", "https://x.org/orders/").
pub(super) fn in_url_path(toks: &[Tok], i: usize) -> bool {
    if i < 3 || !toks[i - 1].is_punct('/') || toks[i - 1].end != toks[i].start {
        return false;
    }
    let word = |t: &Tok| matches!(t.kind, Kind::Word | Kind::Code | Kind::Digits);
    let mut k = i - 1;
    // Bounded: a long run of glued tokens stays linear.
    while k > 0 && i - k < 16 && toks[k - 1].end == toks[k].start {
        k -= 1;
        if toks[k].is_punct('.') && k > 0 && word(&toks[k - 1]) && word(&toks[k + 1]) {
            return true;
        }
    }
    false
}

/// The chunk so far is a month number: "5", "05", "oh five", "twelve".
pub(super) fn month_number(text: &str, toks: &[Tok], members: &[usize]) -> bool {
    if members.len() > 2 {
        return false;
    }
    let mut v = 0u32;
    let mut digits = 0;
    for &m in members {
        let t = &toks[m];
        match (t.kind, num(t)) {
            (Kind::Digits, _) => {
                let s = t.text(text);
                digits += s.len();
                v = v * 10u32.pow(s.len().min(3) as u32) + s.parse::<u32>().unwrap_or(99);
            }
            (_, Num::Unit(u)) => {
                digits += 1;
                v = v * 10 + u as u32;
            }
            (_, Num::Teen(u)) => {
                digits += 2;
                v = v * 100 + u as u32;
            }
            _ => return false,
        }
    }
    digits <= 2 && (1..=12).contains(&v)
}

/// The next group of a 3-2-4 number read with commas: "742, 99" then "742, 99, 4726".
pub(super) fn ssn_groups(toks: &[Tok], members: &[usize], n: usize) -> bool {
    let len = |k: usize| toks.get(k).map_or(0, |t| t.end - t.start);
    let digits = |k: usize| toks.get(k).is_some_and(|t| t.kind == Kind::Digits);
    let groups: Vec<usize> = members
        .iter()
        .filter(|&&m| digits(m))
        .map(|&m| len(m))
        .collect();
    match groups.as_slice() {
        [3] => {
            digits(n)
                && len(n) == 2
                && toks.get(n + 1).is_some_and(|t| t.is_punct(','))
                && digits(n + 2)
                && len(n + 2) == 4
        }
        [3, 2] => digits(n) && len(n) == 4,
        _ => false,
    }
}
