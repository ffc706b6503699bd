//! Dates of birth written or said as dates: "15th June 1991", "22-nov-1972",
//! "November 17th, 1987", "twenty fourth december nineteen fifty one", "january twenty
//! seventh ninety three", "1/31/1940". A date is a birth date when a birth-date cue ("born",
//! "birthday", "date of birth", "DOB") is on its line or the two lines before, or, with no
//! cue, when it has a day, a month and a year long enough ago (appointment and charge
//! dates are recent or have no year).

use super::context::CueHit;
use super::lexicon::{Cue, Num};
use super::numbers::Chunk;
use super::tokens::{Kind, Tok, Tokens};
use super::{EntityType, Span, Why};

/// With no cue, a full date whose year is at most this is taken as a birth date.
const OLD_ENOUGH: u32 = 2012;
/// The latest year a cued date may have and still be a birth date.
const LAST_BIRTH_YEAR: u32 = 2025;

/// Words naming an event whose date follows: not a birth.
const EVENT_WORDS: &[&str] = &[
    "since",
    "bought",
    "purchased",
    "meeting",
    "visited",
    "married",
    "hired",
    "opened",
    "founded",
    "established",
    "signed",
    "effective",
    "issued",
    "dated",
    "moved",
    "graduated",
    "joined",
    "died",
    "closed",
    "archived",
    "installed",
    "incorporated",
    "released",
    "shipped",
    "ordered",
    "invoiced",
    "filed",
    "accident",
    "incident",
    "retired",
    "renewed",
    "expired",
    "enrolled",
    "started",
    "when",
    "updated",
    "modified",
    "created",
    "deadline",
    "due",
];

struct P<'a> {
    text: &'a str,
    toks: &'a [Tok],
    line: u32,
}

impl P<'_> {
    fn tok(&self, k: usize) -> Option<&Tok> {
        self.toks.get(k).filter(|t| t.line == self.line)
    }
    fn num(&self, k: usize) -> Num {
        self.tok(k).and_then(|t| t.lex).map_or(Num::None, |w| w.num)
    }
    fn word(&self, k: usize, w: &str) -> bool {
        self.tok(k)
            .is_some_and(|t| t.kind == Kind::Word && t.text(self.text).eq_ignore_ascii_case(w))
    }
    fn month(&self, k: usize) -> Option<u8> {
        self.tok(k)
            .and_then(|t| t.lex)
            .map(|w| w.month)
            .filter(|&m| m != 0 && self.num(k) == Num::None)
    }
    fn digits(&self, k: usize) -> Option<&str> {
        self.tok(k)
            .filter(|t| t.kind == Kind::Digits)
            .map(|t| t.text(self.text))
    }

    /// An uncued date that is plainly something else: a timestamp ("1998-06-28 14:48:14")
    /// or the date of an event named just before it ("bought my car on May 1st, 1977",
    /// "since 12/1/1977", "Meeting on March 15, 1989").
    fn event(&self, k: usize, end: usize) -> bool {
        // "2025-11-10 15:30", "2025-11-10+15%3A30" (a query string's '+').
        let time_at =
            |x: usize| self.digits(x).is_some() && self.tok(x + 1).is_some_and(|t| t.is_punct(':'));
        let timed = time_at(end + 1)
            || self.tok(end + 1).is_some_and(|t| t.is_punct('-')) && time_at(end + 2);
        timed
            || (k.saturating_sub(6)..k).any(|i| {
                self.tok(i).is_some_and(|t| {
                    t.kind == Kind::Word
                        && EVENT_WORDS
                            .iter()
                            .any(|w| t.text(self.text).eq_ignore_ascii_case(w))
                })
            })
    }

    /// Skips ",", "-", "/", ".", "of", "the" between date parts.
    fn sep(&self, mut k: usize) -> usize {
        for _ in 0..2 {
            match self.tok(k) {
                Some(t)
                    if matches!(
                        t.kind,
                        Kind::Punct(',') | Kind::Punct('-') | Kind::Punct('/') | Kind::Punct('.')
                    ) =>
                {
                    k += 1
                }
                Some(_) if self.word(k, "of") || self.word(k, "the") => k += 1,
                _ => break,
            }
        }
        k
    }

    /// A day of the month at `k`: (value, next token).
    fn day(&self, k: usize) -> Option<(u32, usize)> {
        let t = self.tok(k)?;
        if let Some(d) = self.digits(k) {
            let v: u32 = d.parse().ok()?;
            return (d.len() <= 2 && (1..=31).contains(&v)).then_some((v, k + 1));
        }
        if t.kind == Kind::Code {
            // "17th", "2nd", "21st"
            let s = t.text(self.text).to_ascii_lowercase();
            let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
            let suffix = &s[digits.len()..];
            let v: u32 = digits.parse().ok()?;
            return (["st", "nd", "rd", "th"].contains(&suffix) && (1..=31).contains(&v))
                .then_some((v, k + 1));
        }
        match self.num(k) {
            // "twenty fourth", "thirty first", "twenty one"
            Num::Tens(t @ (2 | 3)) => match self.num(k + 1) {
                Num::Ordinal(o) if o < 10 => Some((t as u32 * 10 + o as u32, k + 2)),
                Num::Unit(u) if u > 0 && t == 2 || u == 1 => {
                    Some((t as u32 * 10 + u as u32, k + 2))
                }
                // "october twenty thirty one" is a year (2031), not a day.
                Num::Tens(_) | Num::Teen(_) | Num::Unit(_) => None,
                _ => Some((t as u32 * 10, k + 1)),
            },
            Num::Ordinal(o) => Some((o as u32, k + 1)),
            Num::Unit(u) if u > 0 => Some((u as u32, k + 1)),
            Num::Teen(t) => Some((t as u32, k + 1)),
            _ => None,
        }
    }

    /// A year at `k`: (four-digit value, next token). Two-digit years are 19xx/20xx.
    fn year(&self, k: usize) -> Option<(u32, usize)> {
        if let Some(d) = self.digits(k) {
            let v: u32 = d.parse().ok()?;
            return match d.len() {
                4 if (1900..=2099).contains(&v) => Some((v, k + 1)),
                2 => Some((if v <= 30 { 2000 + v } else { 1900 + v }, k + 1)),
                _ => None,
            };
        }
        let two = |k: usize| -> Option<(u32, usize)> {
            match self.num(k) {
                Num::Tens(t) => match self.num(k + 1) {
                    Num::Unit(u) if u > 0 => Some((t as u32 * 10 + u as u32, k + 2)),
                    _ => Some((t as u32 * 10, k + 1)),
                },
                Num::Teen(t) => Some((t as u32, k + 1)),
                // "oh three"
                Num::Unit(0) => match self.num(k + 1) {
                    Num::Unit(u) => Some((u as u32, k + 2)),
                    _ => None,
                },
                _ => None,
            }
        };
        match (self.num(k), self.num(k + 1)) {
            // "nineteen fifty one", "nineteen oh five"
            (Num::Teen(19), _) => two(k + 1).map(|(v, e)| (1900 + v, e)),
            // "two thousand (and) seven"
            (Num::Unit(2), Num::Thousand) => {
                let k = if self.word(k + 2, "and") {
                    k + 3
                } else {
                    k + 2
                };
                let unit = match self.num(k) {
                    Num::Unit(u) if u > 0 => Some((u as u32, k + 1)),
                    _ => None,
                };
                Some(two(k).or(unit).map_or((2000, k), |(v, e)| (2000 + v, e)))
            }
            // "twenty oh seven", "twenty twenty eight"
            (Num::Tens(2), Num::Unit(0) | Num::Tens(_) | Num::Teen(_)) => {
                two(k + 1).map(|(v, e)| (2000 + v, e))
            }
            _ => two(k).map(|(v, e)| (if v <= 30 { 2000 + v } else { 1900 + v }, e)),
        }
    }

    /// A date starting at `k`: (last token, has a year, the year).
    fn date(&self, k: usize) -> Option<(usize, Option<u32>)> {
        // MONTH [the] DAY [,] [YEAR]
        if self.month(k).is_some() {
            let d = self.sep(k + 1);
            let (_, after_day) = self.day(d)?;
            let y = self.sep(after_day);
            return Some(match self.year(y) {
                Some((v, e)) => (e - 1, Some(v)),
                None => (after_day - 1, None),
            });
        }
        // DAY [of] MONTH [,] [YEAR]
        if let Some((_, after_day)) = self.day(k) {
            let m = self.sep(after_day);
            if self.month(m).is_some() {
                let y = self.sep(m + 1);
                return Some(match self.year(y) {
                    Some((v, e)) => (e - 1, Some(v)),
                    None => (m, None),
                });
            }
        }
        // 1/31/1940, 04-12-1988, 1988-04-12
        let a = self.digits(k)?;
        let s1 = self.tok(k + 1)?;
        let sep = match s1.kind {
            Kind::Punct(c @ ('/' | '-' | '.')) => c,
            _ => return None,
        };
        let b = self.digits(k + 2)?;
        if !self.tok(k + 3)?.is_punct(sep) {
            return None;
        }
        let c = self.digits(k + 4)?;
        let (na, nb, nc): (u32, u32, u32) = (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
        let (d1, d2) = if a.len() == 4 { (nb, nc) } else { (na, nb) };
        // A month and a day, in either order.
        if !(d1 >= 1 && d2 >= 1 && d1 <= 31 && d2 <= 31 && (d1 <= 12 || d2 <= 12)) {
            return None;
        }
        let (y, ok) = if a.len() == 4 {
            (a.parse::<u32>().ok()?, b.len() <= 2 && c.len() <= 2)
        } else {
            let y: u32 = c.parse().ok()?;
            (
                if c.len() == 2 {
                    if y <= 30 { 2000 + y } else { 1900 + y }
                } else {
                    y
                },
                a.len() <= 2 && b.len() <= 2 && (c.len() == 4 || c.len() == 2),
            )
        };
        ok.then_some((k + 4, Some(y)))
    }
}

pub fn detect(text: &str, tk: &Tokens, cues: &[CueHit], chunks: &mut [Chunk], out: &mut Vec<Span>) {
    let toks = &tk.toks;
    // A date starts a number, never inside one ("… forty eight oh four september …").
    let mut inside = vec![false; toks.len()];
    for c in chunks.iter() {
        for m in c.members.iter().skip(1) {
            if let Some(x) = inside.get_mut(*m) {
                *x = true;
            }
        }
    }
    let mut k = 0;
    let mut cue_at = 0;
    while k < toks.len() {
        if inside[k] {
            k += 1;
            continue;
        }
        let line = toks[k].line;
        let p = P { text, toks, line };
        let Some((end, year)) = p.date(k) else {
            k += 1;
            continue;
        };
        while cue_at < cues.len() && cues[cue_at].line + 2 < line {
            cue_at += 1;
        }
        let cued = cues[cue_at..]
            .iter()
            .take_while(|h| h.line <= line)
            .any(|h| h.cue == Cue::Dob);
        let full = year.is_some() && has_day_and_month(&p, k, end);
        // Birth dates are in the past: a cued date still needs a year before this one.
        let past = year.is_some_and(|y| y <= LAST_BIRTH_YEAR);
        let uncued_birth = full && year.is_some_and(|y| y <= OLD_ENOUGH) && !p.event(k, end);
        if cued && past || uncued_birth {
            out.push(Span {
                start: toks[k].start,
                end: toks[end].end,
                entity: EntityType::DateOfBirth,
                confidence: if cued { 0.9 } else { 0.7 },
                why: Why::rule(if cued {
                    "birth date: a date with a birth-date cue on its line or just before"
                } else {
                    "birth date: a full date with a year long enough ago"
                }),
            });
            // Chunks are in token order: only those starting before the date's end can overlap.
            let upto = chunks.partition_point(|c| c.t0 <= end);
            for c in chunks[..upto].iter_mut().rev() {
                if c.t1 < k {
                    break;
                }
                c.taken = true;
            }
            k = end + 1;
            continue;
        }
        k += 1;
    }
}

fn has_day_and_month(p: &P<'_>, k: usize, end: usize) -> bool {
    (k..=end).any(|i| p.month(i).is_some()) || (end >= k + 4)
}
