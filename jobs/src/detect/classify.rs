//! Context-driven classification of number chunks into card / expiry / CVV / SSN / phone /
//! bank account / date of birth, with shape fallbacks (Luhn + issuer ranges, 3-2-4, NANP).

use super::context::CueHit;
use super::lexicon::{Cue, Num};
use super::numbers::{Chunk, split};
use super::tokens::{Kind, Tokens};
use super::{EntityType, Span, Why};

/// Sensitive cues reach this many lines back; distractor cues only the line itself and, for
/// an answer at the start of its line, the line before.
const CUE_LINES: u32 = 4;

/// Cues looked at when searching back from a number.
const CUE_SCAN: usize = 48;

/// Lead-in / trailing words scanned around a chunk to tell whether it fills its line.
const LINE_SCAN: usize = 40;

/// Distractor words too generic to type the answer on the next line.
const GENERIC_DISTRACTORS: &[&str] = &[
    "after",
    "before",
    "until",
    "since",
    "time",
    "available",
    "need",
    "year",
    "x",
    "case",
    "appointment",
    "reschedule",
];

/// Earlier numbers a read-back is compared with.
const READ_BACK_WINDOW: usize = 16;

pub fn luhn(d: &str) -> bool {
    let mut sum = 0u32;
    let mut dbl = false;
    for b in d.bytes().rev() {
        let mut v = (b - b'0') as u32;
        if dbl {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
        dbl = !dbl;
    }
    !d.is_empty() && sum % 10 == 0
}

/// Issuer ranges: Visa, Mastercard (51-55, 2221-2720), Amex, Discover, JCB, Diners, UnionPay.
pub fn issuer_ok(d: &str) -> bool {
    let n = d.len();
    let p = |k: usize| d.get(..k).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
    match d.as_bytes().first() {
        Some(b'4') => matches!(n, 13 | 16 | 19),
        Some(b'5') => (51..=55).contains(&p(2)) && n == 16,
        Some(b'2') => (2221..=2720).contains(&p(4)) && n == 16,
        Some(b'3') => {
            (matches!(p(2), 34 | 37) && n == 15)
                || ((3528..=3589).contains(&p(4)) && (16..=19).contains(&n))
                || ((matches!(p(2), 36 | 38 | 39) || (300..=305).contains(&p(3)))
                    && (14..=19).contains(&n))
        }
        Some(b'6') => (16..=19).contains(&n),
        _ => false,
    }
}

fn plain(c: &Chunk) -> bool {
    c.month == 0 && c.slashes == 0 && !c.time && !c.money && !c.ip && c.commas == 0
}

fn expiry_shape(c: &Chunk) -> bool {
    if c.time || c.money {
        return false;
    }
    let d = c.digits.as_str();
    if c.month != 0 {
        return d.len() == 2 || (d.len() == 4 && d.starts_with("20"));
    }
    let mm = |s: &str| {
        s.parse::<u32>()
            .map(|m| (1..=12).contains(&m))
            .unwrap_or(false)
    };
    if !c.spoken && c.groups.len() == 2 && (c.slashes + c.dashes == 1 || c.dots == 1) {
        let g0 = c.groups[0] as usize;
        let g1 = c.groups[1] as usize;
        return (1..=2).contains(&g0)
            && mm(&d[..g0])
            && (g1 == 2 || (g1 == 4 && d[g0..].starts_with("20")));
    }
    if c.slashes + c.dashes + c.dots > 0 && !c.spoken {
        return false;
    }
    match d.len() {
        3 => d.as_bytes()[0] != b'0',
        4 => mm(&d[..2]),
        // "eight slash twenty twenty nine"
        5 => mm(&d[..1]) && d[1..].starts_with("20"),
        6 => mm(&d[..2]) && d[2..].starts_with("20"),
        _ => false,
    }
}

fn month_number(d: &str) -> bool {
    d.len() <= 2 && d.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}

/// A year alone that a card could expire in: "twenty nine", "2031" (not "sixteen", "2008").
fn year_of_expiry(d: &str) -> bool {
    let v: u32 = d.parse().unwrap_or(0);
    (d.len() == 2 && v >= 20) || (d.len() == 4 && (2020..=2049).contains(&v))
}

fn dob_shape(c: &Chunk) -> bool {
    if c.time || c.money {
        return false;
    }
    let n = c.n();
    if c.month != 0 {
        return n >= 2;
    }
    if !c.spoken && (c.slashes == 2 || c.dashes == 2 || c.dots == 2) && c.groups.len() == 3 {
        return true;
    }
    (6..=8).contains(&n) && c.slashes == 0 || (c.spoken && numeric_date(&c.digits))
}

/// A date said as numbers: "nine two seventy six" (M D YY), "five twenty three eighty four"
/// (M DD YY), "ten five ninety" (MM D YY).
fn numeric_date(d: &str) -> bool {
    let v = |s: &str| s.parse::<u32>().unwrap_or(0);
    let ok = |m: u32, day: u32| (1..=12).contains(&m) && (1..=31).contains(&day);
    match d.len() {
        4 => ok(v(&d[..1]), v(&d[1..2])),
        5 => ok(v(&d[..1]), v(&d[1..3])) || ok(v(&d[..2]), v(&d[2..3])),
        _ => false,
    }
}

fn compatible(cue: Cue, c: &Chunk) -> bool {
    let n = c.n();
    if c.year_like && !matches!(cue, Cue::Expiry | Cue::Dob | Cue::Distractor | Cue::Address) {
        return false;
    }
    match cue {
        Cue::Distractor => true,
        Cue::Address => n <= 6,
        Cue::Card => plain(c) && (12..=21).contains(&n),
        // "and the year" / "thirty one": a year alone answers an expiry question too.
        // "what month does it expire" / "oh seven"; "and the year" / "thirty one".
        Cue::Expiry => {
            expiry_shape(c) || (plain(c) && (year_of_expiry(&c.digits) || month_number(&c.digits)))
        }
        Cue::Cvv => plain(c) && (3..=4).contains(&n) && c.dashes == 0,
        Cue::Ssn => plain(c) && (n == 9 || n == 4),
        // Nine when a spoken number lost a digit in recognition ("two forty eight forty six …").
        // "area code eight five six and the number is …"
        Cue::AreaCode => plain(c) && (n == 3 || n == 10 || (n == 11 && c.digits.starts_with('1'))),
        Cue::Phone => {
            plain(c)
                && (n == 10
                    || (n == 11 && c.digits.starts_with('1'))
                    || n == 7
                    || (n == 9 && c.spoken))
        }
        // ABA routing numbers; UK sort codes ("38-72-22").
        Cue::Routing => plain(c) && (n == 9 || (n == 6 && c.groups == [2, 2, 2])),
        Cue::Account => plain(c) && (4..=17).contains(&n),
        Cue::Dob => dob_shape(c),
    }
}

fn entity_of(cue: Cue) -> Option<EntityType> {
    Some(match cue {
        Cue::Card => EntityType::CreditCard,
        Cue::Expiry => EntityType::CardExpiry,
        Cue::Cvv => EntityType::CardCvv,
        Cue::Ssn => EntityType::Ssn,
        Cue::Phone | Cue::AreaCode => EntityType::PhoneNumber,
        Cue::Routing | Cue::Account => EntityType::BankAccount,
        Cue::Dob => EntityType::DateOfBirth,
        Cue::Address | Cue::Distractor => return None,
    })
}

fn confidence(e: EntityType, c: &Chunk) -> f32 {
    match e {
        EntityType::CreditCard => {
            let mut x: f32 = 0.8;
            if luhn(&c.digits) {
                x += 0.1;
            }
            if issuer_ok(&c.digits) {
                x += 0.08;
            }
            x
        }
        _ => 0.9,
    }
}

/// Shape-only classification when no cue is near.
const CARD_SHAPE: &str = "card: 13-19 digits passing the Luhn checksum in an issuer's range";
const PHONE_334: &str = "phone: typed 3-3-4 digits";
const PHONE_PLUS: &str = "phone: '+' and a country code";
/// Shapes specific enough that only a distractor naming the number outright overrides them.
const STRONG_SHAPES: &[&str] = &[CARD_SHAPE, PHONE_334, PHONE_PLUS];

fn fallback(c: &Chunk) -> Option<(EntityType, f32, &'static str)> {
    if !plain(c) {
        return None;
    }
    let n = c.n();
    if (13..=19).contains(&n) && luhn(&c.digits) && issuer_ok(&c.digits) {
        return Some((EntityType::CreditCard, 0.85, CARD_SHAPE));
    }
    let nanp =
        |d: &[u8]| d.len() == 10 && (b'2'..=b'9').contains(&d[0]) && (b'2'..=b'9').contains(&d[3]);
    // Fifteen or sixteen digits read out one by one with no cue: a card whose checksum a
    // recognizer slip broke, far more often than anything else.
    if c.spoken
        && (15..=16).contains(&n)
        && matches!(c.digits.as_bytes()[0], b'3'..=b'6')
        && c.members.len() >= 12
    {
        return Some((
            EntityType::CreditCard,
            0.5,
            "card: fifteen or sixteen digits read out (a recognizer slip broke the checksum)",
        ));
    }
    if c.spoken {
        // A spoken ten-digit number shaped like a North American phone number.
        let d = c.digits.as_bytes();
        if nanp(d) || (n == 11 && d[0] == b'1' && nanp(&d[1..])) {
            return Some((
                EntityType::PhoneNumber,
                0.6,
                "phone: a spoken ten-digit North American number",
            ));
        }
        return None;
    }
    let g = c.groups.as_slice();
    if g == [3, 2, 4] && c.dashes == 2 {
        return Some((EntityType::Ssn, 0.8, "SSN: typed 3-2-4 digits"));
    }
    if (g == [3, 3, 4] || (g.len() == 4 && g[0] == 1 && g[1..] == [3, 3, 4]))
        && (c.dashes > 0 || c.dots > 0 || g.len() == 3 || c.phone_mark)
    {
        return Some((EntityType::PhoneNumber, 0.75, PHONE_334));
    }
    if g == [10] && nanp(c.digits.as_bytes()) {
        return Some((
            EntityType::PhoneNumber,
            0.6,
            "phone: ten digits shaped like a North American number",
        ));
    }
    // "+44 (0)20 7486 7182", "+91 75087 92917", "+49 30 24656632": a '+' and a country code.
    if c.plus && (8..=15).contains(&n) {
        return Some((EntityType::PhoneNumber, 0.75, PHONE_PLUS));
    }
    // "849-1489": a local number.
    if g == [3, 4] && c.dashes == 1 && (b'2'..=b'9').contains(&c.digits.as_bytes()[0]) {
        return Some((EntityType::PhoneNumber, 0.5, "phone: a local 3-4 number"));
    }
    None
}

struct Ctx<'a> {
    text: &'a str,
    tk: &'a Tokens,
    cues: &'a [CueHit],
    consumed: Vec<bool>,
}

impl Ctx<'_> {
    /// Nearest unconsumed cue before chunk `c` that the chunk is compatible with:
    /// (cue index, cue). Also reports the nearest sensitive cue regardless of compatibility.
    fn backward(&self, c: &Chunk) -> (Option<usize>, Option<usize>) {
        // Only lead-in words before the chunk: no other number and no cue of its own.
        let body = self.tk.lines[c.line as usize].body.min(c.t0);
        let first_in_line = self.tk.toks[body..c.t0].iter().all(|t| {
            t.kind != Kind::Digits
                && (t.kind != Kind::Word
                    || ((t.w().common || t.w().filler) && t.w().num == Num::None))
        }) && self.cues[..self.cues.partition_point(|h| h.t1 < c.t0)]
            .last()
            .is_none_or(|h| h.line != c.line);
        let mut nearest_sensitive = None;
        // cues are in token order; find the last one before c.t0
        let mut hi = self.cues.partition_point(|h| h.t1 < c.t0);
        // Bounded so a long line full of cues stays linear.
        let lo = hi.saturating_sub(CUE_SCAN);
        while hi > lo {
            hi -= 1;
            let h = &self.cues[hi];
            if h.line + CUE_LINES < c.line {
                break;
            }
            if self.consumed[hi] {
                continue;
            }
            if h.cue == Cue::Distractor {
                // "expiration month and year": a time word right after an expiry / birth-date
                // cue is part of that question.
                if hi > 0 {
                    let p = &self.cues[hi - 1];
                    if p.line == h.line
                        && matches!(p.cue, Cue::Expiry | Cue::Dob)
                        && h.t0 <= p.t1 + 4
                        && compatible(p.cue, c)
                    {
                        continue;
                    }
                }
                // Generic words ("after", "until", "need") only say what a number on their
                // own line is: "and the account number right after it" asks for an account.
                let generic = h.t0 == h.t1
                    && GENERIC_DISTRACTORS
                        .iter()
                        .any(|w| self.tk.toks[h.t0].text(self.text).eq_ignore_ascii_case(w));
                // The line before counts only as the other party's question.
                let asked = h.line + 1 == c.line
                    && (!self.tk.lines[c.line as usize].speaker
                        || self.speaker(h.line) != self.speaker(c.line));
                let near = h.line == c.line || (first_in_line && asked && !generic);
                if near {
                    return (Some(hi), nearest_sensitive);
                }
                continue;
            }
            if nearest_sensitive.is_none() {
                nearest_sensitive = Some(hi);
            }
            if compatible(h.cue, c) {
                // A question listing several fields ("the expiration and security code") is
                // answered in order: take the first unanswered compatible one on that line.
                let mut best = hi;
                if h.line < c.line {
                    let mut j = hi;
                    while j > 0 && j + CUE_SCAN > hi && self.cues[j - 1].line == h.line {
                        j -= 1;
                        let g = &self.cues[j];
                        if !self.consumed[j] && g.cue != Cue::Distractor && compatible(g.cue, c) {
                            best = j;
                        }
                    }
                }
                return (Some(best), nearest_sensitive);
            }
        }
        (None, nearest_sensitive)
    }

    /// Unconsumed cues on the same line right after the chunk (within 4 tokens).
    fn forward(&self, c: &Chunk) -> Option<usize> {
        let lo = self.cues.partition_point(|h| h.t0 <= c.t1);
        let h = self.cues.get(lo)?;
        (h.line == c.line && h.t0 <= c.t1 + 4 && !self.consumed[lo]).then_some(lo)
    }

    /// The chunk ends its line (only fillers/punctuation follow).
    fn ends_line(&self, c: &Chunk) -> bool {
        let ln = &self.tk.lines[c.line as usize];
        // Bounded look-ahead keeps long lines linear.
        ln.end - (c.t1 + 1).min(ln.end) <= LINE_SCAN
            && self.tk.toks[c.t1 + 1..ln.end]
                .iter()
                .all(|t| matches!(t.kind, Kind::Punct(_)) || t.w().filler || t.w().common)
    }

    /// The chunk starts its line body (only fillers / short lead-ins precede).
    fn starts_line(&self, c: &Chunk) -> bool {
        let ln = &self.tk.lines[c.line as usize];
        c.t0 - ln.body.min(c.t0) <= LINE_SCAN
            && self.tk.toks[ln.body.min(c.t0)..c.t0]
                .iter()
                .all(|t| matches!(t.kind, Kind::Punct(_)) || t.w().filler || t.w().common)
    }

    /// The sensitive cue a split run answers: the nearest one (`s`) or another unconsumed one
    /// asked on the same line ("your social security number to run the credit check"), with
    /// the length of the run it takes.
    fn split_cue(
        &self,
        chunks: &[Chunk],
        run: &[(usize, bool)],
        s: usize,
    ) -> Option<(usize, usize)> {
        let line = self.cues[s].line;
        let mut j = s + 1;
        while j > 0 && j + 8 > s {
            j -= 1;
            let h = &self.cues[j];
            if h.line != line {
                break;
            }
            if self.consumed[j] || entity_of(h.cue).is_none() {
                continue;
            }
            if let Some(k) = best_prefix(h.cue, chunks, run).filter(|&k| k > 1) {
                return Some((j, k));
            }
        }
        None
    }

    fn speaker(&self, line: u32) -> &str {
        let ln = &self.tk.lines[line as usize];
        if ln.speaker {
            self.tk.toks[ln.first].text(self.text)
        } else {
            ""
        }
    }

    /// Chunk `i` and the chunks that carry its number on over the next turns: each on its own
    /// line, only backchannels ("okay", "mm-hmm") and no cue in between. The flag marks an
    /// echo (the other speaker repeating the previous group), which adds no digits.
    fn run(&self, chunks: &[Chunk], i: usize, decided: &[bool]) -> Run {
        let mut out = Run::new(i);
        let c = &chunks[i];
        if !plain(c) || !self.ends_line(c) {
            return out;
        }
        let mut prev = i;
        let mut last = i;
        let mut j = i + 1;
        while j < chunks.len() && out.len() < RUN_MAX {
            let d = &chunks[j];
            let l = &chunks[last];
            if d.taken
                || decided[j]
                || d.line <= l.line
                || d.line > l.line + 5
                || d.n() == 0
                || !plain(d)
                || d.dashes > 0
                || !self.starts_line(d)
            {
                break;
            }
            // No cue between the two parts.
            let p = self.cues.partition_point(|h| h.t1 < d.t0);
            if p > 0 && self.cues[p - 1].t0 > l.t1 {
                break;
            }
            // The turns in between say no number ("these little numbers", "hold on the
            // numbers are so tiny", "mm-hmm"); the cue check above keeps other questions out.
            let between_ok = (l.line + 1..d.line).all(|x| {
                let ln = &self.tk.lines[x as usize];
                ln.end - ln.body <= LINE_SCAN
                    && self.tk.toks[ln.body..ln.end]
                        .iter()
                        .all(|t| t.kind != Kind::Digits && t.kind != Kind::Code)
            });
            if !between_ok {
                break;
            }
            let pc = &chunks[prev];
            let echo = d.digits == pc.digits && self.speaker(d.line) != self.speaker(pc.line);
            out.push((j, echo));
            if !self.ends_line(d) {
                break;
            }
            if !echo {
                prev = j;
            }
            last = j;
            j += 1;
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn assign(
        &self,
        chunks: &[Chunk],
        members: &[(usize, bool)],
        e: EntityType,
        assigned: &mut [Option<EntityType>],
        decided: &mut [bool],
        joined: &mut Vec<(usize, String, EntityType)>,
        why: Why,
        out: &mut Vec<Span>,
    ) {
        let mut all = String::new();
        for &(m, echo) in members {
            decided[m] = true;
            assigned[m] = Some(e);
            let x = &chunks[m];
            if !echo {
                all.push_str(&x.digits);
            }
            out.push(Span {
                start: x.start,
                end: x.end,
                entity: e,
                confidence: if members.len() == 1 {
                    confidence(e, x)
                } else {
                    0.8
                },
                why,
            });
        }
        if members.len() > 1 {
            joined.push((members[members.len() - 1].0, all, e));
        }
    }

    /// A cue of this kind (or, for an expiry, the word "month") on one of the two lines before
    /// `line`.
    fn asked(&self, line: u32, cue: Cue) -> bool {
        let p = self.cues.partition_point(|h| h.line < line);
        self.cues[..p]
            .iter()
            .rev()
            .take_while(|h| h.line + 2 >= line)
            .any(|h| {
                h.cue == cue
                    || (cue == Cue::Expiry
                        && h.t0 == h.t1
                        && self.tk.toks[h.t0]
                            .text(self.text)
                            .eq_ignore_ascii_case("month"))
            })
    }

    /// The cue hit `h` as an explanation: its rule and where the cue words are.
    fn cue_why(&self, rule: &'static str, h: usize) -> Why {
        let c = &self.cues[h];
        Why {
            rule,
            cue: Some((self.tk.toks[c.t0].start, self.tk.toks[c.t1].end)),
        }
    }

    /// A distractor cue ("order", "invoice", "since", "zip") earlier on the chunk's line with
    /// no other number in between.
    fn distractor_on_line_before(&self, c: &Chunk) -> bool {
        let p = self.cues.partition_point(|h| h.t1 < c.t0);
        let Some(h) = p.checked_sub(1).map(|k| &self.cues[k]) else {
            return false;
        };
        h.cue == Cue::Distractor
            && h.line == c.line
            && self.tk.toks[h.t1 + 1..c.t0]
                .iter()
                .all(|t| t.kind != Kind::Digits && t.w().num == Num::None)
    }

    fn followed_by_distractor(&self, c: &Chunk) -> bool {
        let Some(n) = self.tk.toks.get(c.t1 + 1) else {
            return false;
        };
        if n.line != c.line {
            return false;
        }
        if n.kind == Kind::Word && n.w().after_distractor {
            // "of" only counts as "N of them/those".
            if n.text(self.text).eq_ignore_ascii_case("of") {
                return self.tk.toks.get(c.t1 + 2).is_some_and(|m| {
                    let s = m.text(self.text);
                    m.line == c.line
                        && (s.eq_ignore_ascii_case("them")
                            || s.eq_ignore_ascii_case("those")
                            || s.eq_ignore_ascii_case("these"))
                });
            }
            return true;
        }
        false
    }
}

pub fn classify(
    text: &str,
    tk: &Tokens,
    chunks: &mut Vec<Chunk>,
    cues: &[CueHit],
    out: &mut Vec<Span>,
) {
    let mut cx = Ctx {
        text,
        tk,
        cues,
        consumed: vec![false; cues.len()],
    };
    let mut assigned: Vec<Option<EntityType>> = vec![None; chunks.len()];
    let mut decided = vec![false; chunks.len()];
    // Chunks whose nearest cue was a distractor (order/ticket/...): never a read-back.
    let mut distracted = vec![false; chunks.len()];
    // Digit strings of numbers assembled from several chunks (split across turns).
    let mut joined: Vec<(usize, String, EntityType)> = Vec::new();
    let mut i = 0;
    while i < chunks.len() {
        let c = &chunks[i];
        if c.taken || decided[i] {
            i += 1;
            continue;
        }
        decided[i] = true;
        if c.time || c.money || c.n() == 0 || cx.followed_by_distractor(c) {
            i += 1;
            continue;
        }
        let (hit, nearest_sensitive) = cx.backward(c);
        // A number split across turns answers the nearest sensitive question even when an
        // older cue would take its first part alone ("six two two" / "four six" / ...).
        if let Some(s) = nearest_sensitive.filter(|&s| hit.is_none_or(|h| s > h)) {
            let run = cx.run(chunks, i, &decided);
            let split = if run.len() > 1 {
                cx.split_cue(chunks, &run, s)
            } else {
                None
            };
            if let Some((cue_at, k)) = split {
                let e = entity_of(cues[cue_at].cue).unwrap_or(EntityType::CreditCard);
                cx.consumed[cue_at] = true;
                let why = cx.cue_why(
                    "cue: the question asked; the answer goes on over several turns",
                    cue_at,
                );
                cx.assign(
                    chunks,
                    &run[..k],
                    e,
                    &mut assigned,
                    &mut decided,
                    &mut joined,
                    why,
                    out,
                );
                i += 1;
                continue;
            }
        }
        if let Some(h) = hit {
            // A distractor ("the tracking number is 1 z 4 9 2 w f 5 1 6 …") covers every
            // number it introduces, so it is never used up.
            cx.consumed[h] = cues[h].cue != Cue::Distractor;
            if let Some(e) = entity_of(cues[h].cue) {
                // The answer may go on over the next turns ("four five three two" / "okay" /
                // "one one five one ..."): take the longest run the cue accepts.
                let run = cx.run(chunks, i, &decided);
                let take = best_prefix(cues[h].cue, chunks, &run).filter(|&k| k > 1);
                let members = match take {
                    Some(k) => &run[..k],
                    None => &run[..1],
                };
                let why = cx.cue_why("cue: the nearest question or label this number answers", h);
                cx.assign(
                    chunks,
                    members,
                    e,
                    &mut assigned,
                    &mut decided,
                    &mut joined,
                    why,
                    out,
                );
            } else if let Some((e, conf, rule)) = fallback(c)
                .filter(|&(_, _, rule)| STRONG_SHAPES.contains(&rule))
                .filter(|_| cues[h].line != c.line || cues[h].t1 + 3 < c.t0)
            {
                // A valid card number or a phone written as one is what it looks like unless
                // the distractor names it outright ("order # 4111…"): "policy_holder …
                // ccNumber: 6557-…" is still a card, "send the receipt to … / Is 760-851-5871
                // still the best number?" still a phone.
                assigned[i] = Some(e);
                push(out, c, e, conf, rule);
            } else {
                distracted[i] = cues[h].cue == Cue::Distractor;
            }
            i += 1;
            continue;
        }
        // Cue after the number: "4111 ... expiration 05/27".
        if let Some(f) = cx.forward(c) {
            let cue = cues[f].cue;
            let e = if matches!(cue, Cue::Expiry | Cue::Cvv)
                && plain(c)
                && (12..=19).contains(&c.n())
            {
                Some(EntityType::CreditCard)
            } else if cue != Cue::Distractor && compatible(cue, c) {
                entity_of(cue)
            } else {
                None
            };
            if let Some(e) = e {
                assigned[i] = Some(e);
                out.push(Span {
                    start: c.start,
                    end: c.end,
                    entity: e,
                    confidence: confidence(e, c),
                    why: cx.cue_why("cue: a label right after the number", f),
                });
                i += 1;
                continue;
            }
        }
        // Groups read over several turns with no cue at all ("twenty three seventy six" /
        // "okay" / "then oh three sixty three" / ...) that make a valid card number.
        let run = cx.run(chunks, i, &decided);
        if run.len() > 1 && c.n() < 13 {
            if let Some(k) = card_prefix(chunks, &run) {
                let why = Why::rule(
                    "card: groups read over several turns that join into a valid card number",
                );
                cx.assign(
                    chunks,
                    &run[..k],
                    EntityType::CreditCard,
                    &mut assigned,
                    &mut decided,
                    &mut joined,
                    why,
                    out,
                );
                i += 1;
                continue;
            }
        }
        if let Some((e, conf, rule)) = fallback(c) {
            assigned[i] = Some(e);
            push(out, c, e, conf, rule);
        } else if !c.weak_at.is_empty() && nearest_sensitive.is_some() {
            // Two numbers joined by "and": classify the parts on their own.
            let parts = split(text, &tk.toks, c);
            let k = parts.len();
            chunks.splice(i..i + 1, parts);
            assigned.splice(i..i + 1, std::iter::repeat_n(None, k));
            decided.splice(i..i + 1, std::iter::repeat_n(false, k));
            distracted.splice(i..i + 1, std::iter::repeat_n(false, k));
            continue;
        }
        i += 1;
    }

    // Expiry and CVV right after a card on the same line ("4111... 05/27 123").
    for i in 0..chunks.len() {
        if assigned[i] != Some(EntityType::CreditCard) {
            continue;
        }
        let mut want = EntityType::CardExpiry;
        for j in i + 1..chunks.len().min(i + 3) {
            let d = &chunks[j];
            if d.line != chunks[i].line || d.taken {
                break;
            }
            if let Some(e) = assigned[j] {
                if e == EntityType::CardExpiry {
                    want = EntityType::CardCvv;
                    continue;
                }
                break;
            }
            if d.time || d.money {
                break;
            }
            if want == EntityType::CardExpiry
                && expiry_shape(d)
                && (d.slashes + d.dashes == 1 || d.month != 0)
            {
                assigned[j] = Some(want);
                push(
                    out,
                    d,
                    want,
                    0.7,
                    "payment line: the expiry right after the card",
                );
                want = EntityType::CardCvv;
            } else if want == EntityType::CardCvv && compatible(Cue::Cvv, d) {
                assigned[j] = Some(want);
                push(
                    out,
                    d,
                    want,
                    0.7,
                    "payment line: the code right after the card and expiry",
                );
                break;
            } else {
                break;
            }
        }
    }

    month_answers(&cx, out);
    read_backs(&cx, chunks, &mut assigned, &distracted, &joined, out);
    payment_exchange(&cx, chunks, &mut assigned, &distracted, out);
    false_starts(&cx, chunks, &mut assigned, &distracted, out);
    // Codes and expiries the exchange typed may be read back too ("that's seven six three").
    read_backs(&cx, chunks, &mut assigned, &distracted, &joined, out);
    bank_pairs(&cx, chunks, &mut assigned, &distracted, out);
    phone_parts(&cx, chunks, &mut assigned, &distracted, out);
}

/// "area code seven oh two and the number is nine six one seven two one three": the seven
/// digits after an area code are the rest of the phone number.
fn phone_parts(
    cx: &Ctx<'_>,
    chunks: &[Chunk],
    assigned: &mut [Option<EntityType>],
    distracted: &[bool],
    out: &mut Vec<Span>,
) {
    for i in 1..chunks.len() {
        let j = i - 1;
        let (a, b) = (&chunks[j], &chunks[i]);
        if assigned[j] != Some(EntityType::PhoneNumber) || a.n() != 3 || assigned[i].is_some() {
            continue;
        }
        if b.line <= a.line + 2 && b.n() == 7 && plain(b) && !distracted[i] && !b.taken {
            assigned[i] = Some(EntityType::PhoneNumber);
            push(
                out,
                b,
                EntityType::PhoneNumber,
                0.7,
                "phone: the seven digits after an area code",
            );
        }
    }
    let _ = cx;
}

/// Bank details come in pairs: routing then account (or sort code then account), the second
/// often on the next turn with no cue of its own ("Please share the bank details" / "279037312"
/// / "677 212416986").
fn bank_pairs(
    cx: &Ctx<'_>,
    chunks: &[Chunk],
    assigned: &mut [Option<EntityType>],
    distracted: &[bool],
    out: &mut Vec<Span>,
) {
    for i in 1..chunks.len() {
        let j = i - 1;
        if assigned[j] != Some(EntityType::BankAccount) || assigned[i].is_some() {
            continue;
        }
        let (a, b) = (&chunks[j], &chunks[i]);
        let next_turn = b.line <= a.line + 2 && cx.starts_line(b) && cx.ends_line(b);
        if next_turn
            && !distracted[i]
            && !b.taken
            && (plain(b) || b.dashes > 0 && b.slashes == 0 && !b.time && !b.money && !b.ip)
            && (4..=17).contains(&b.n())
            && !cx.followed_by_distractor(b)
            && !cx.distractor_on_line_before(b)
        {
            assigned[i] = Some(EntityType::BankAccount);
            push(
                out,
                b,
                EntityType::BankAccount,
                0.6,
                "bank: the second number of a routing/account pair",
            );
        }
    }
}

/// Read-back: the same digits again (agent confirming) get the same type, also when read
/// over several turns, with one digit slipped, or only the last digits ("ending in ...").
fn read_backs(
    cx: &Ctx<'_>,
    chunks: &[Chunk],
    assigned: &mut [Option<EntityType>],
    distracted: &[bool],
    joined: &[(usize, String, EntityType)],
    out: &mut Vec<Span>,
) {
    // Read-back: the same digits again (agent confirming) get the same type, also when read
    // over several turns, with one digit slipped, or only the last digits ("ending in ...").
    let mut known: Vec<(usize, &str, EntityType)> = Vec::new();
    for (i, c) in chunks.iter().enumerate() {
        if let Some(e) = assigned[i] {
            if c.n() >= 4 || (c.n() == 3 && e == EntityType::CardCvv) {
                known.push((i, c.digits.as_str(), e));
            }
        }
    }
    for (at, d, e) in joined {
        known.push((*at, d.as_str(), *e));
    }
    if known.is_empty() {
        return;
    }
    known.sort_by_key(|k| k.0);
    let no_decided = vec![false; chunks.len()];
    let mut digits = String::new();
    let mut i = 0;
    while i < chunks.len() {
        let c = &chunks[i];
        if assigned[i].is_some() || distracted[i] || c.taken || c.time || c.money || c.n() < 3 {
            i += 1;
            continue;
        }
        let run = cx.run(chunks, i, &no_decided);
        // The numbers said last before this one (and a few after).
        let at = known.partition_point(|k| k.0 < i);
        let near = &known[at.saturating_sub(READ_BACK_WINDOW)..(at + 4).min(known.len())];
        let mut hit = None;
        digits.clear();
        for (k, &(m, echo)) in run.iter().enumerate() {
            if assigned[m].is_some() || distracted[m] {
                break;
            }
            if !echo {
                digits.push_str(&chunks[m].digits);
            }
            if digits.len() > 24 {
                break;
            }
            if digits.len() < 3 {
                continue;
            }
            // Three digits are a read-back only of a security code, said exactly.
            let short = digits.len() == 3;
            if let Some(&(_, _, e)) = near
                .iter()
                .find(|(_, d, e)| same_number(d, &digits) && (!short || *e == EntityType::CardCvv))
            {
                hit = Some((k + 1, e));
            }
        }
        if hit.is_none() && c.n() >= 4 {
            let d = c.digits.as_str();
            // A group said again with one digit changed is a correction only when the turn
            // says so ("no the third group is …", "it's 1 6 2 4").
            let ln = &cx.tk.lines[c.line as usize];
            let corrects_a_group = cx.tk.toks[ln.body.min(c.t0)..c.t0].iter().any(|t| {
                let w = t.text(cx.text);
                [
                    "group", "no", "not", "it's", "its", "actually", "sorry", "close",
                ]
                .iter()
                .any(|x| w.eq_ignore_ascii_case(x))
            });
            hit = near
                .iter()
                .find(|(_, k, e)| {
                    k.len() >= 7
                        && k.len() > d.len()
                        && (k.ends_with(d)
                            || (d.len() >= 6 && k.contains(d))
                            // "the third group is four four nine zero": a card's group
                            // repeated or corrected (one digit off).
                            || (*e == EntityType::CreditCard
                                && d.len() == 4
                                && k.as_bytes().chunks(4).any(|g| {
                                    let off = g.iter().zip(d.as_bytes()).filter(|(a, b)| a != b).count();
                                    g.len() == 4 && (off == 0 || off == 1 && corrects_a_group)
                                })))
                })
                .map(|&(_, _, e)| (1, e));
        }
        match hit {
            Some((k, e)) => {
                for &(m, _) in &run[..k] {
                    assigned[m] = Some(e);
                    let x = &chunks[m];
                    push(
                        out,
                        x,
                        e,
                        0.75,
                        "read-back: the same digits as a value given earlier",
                    );
                }
                i = run[k - 1].0 + 1;
            }
            None => i += 1,
        }
    }
}

/// `b` is `a` read again, allowing one dropped, repeated or misheard digit in long numbers.
fn same_number(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().min(b.len()) < 11 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let q = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    // One substitution (same length) or one insertion/deletion.
    p + q >= a.len().max(b.len()) - 1
}

const RUN_MAX: usize = 8;

/// A chunk and the chunks continuing its number over the next turns (no heap allocation).
struct Run {
    items: [(usize, bool); RUN_MAX],
    len: usize,
}

impl Run {
    fn new(first: usize) -> Run {
        let mut items = [(0, false); RUN_MAX];
        items[0] = (first, false);
        Run { items, len: 1 }
    }
    fn push(&mut self, x: (usize, bool)) {
        if self.len < RUN_MAX {
            self.items[self.len] = x;
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Run {
    type Target = [(usize, bool)];
    fn deref(&self) -> &[(usize, bool)] {
        &self.items[..self.len]
    }
}

/// Index (exclusive) of the longest prefix of `run` whose digits the cue accepts.
fn best_prefix(cue: Cue, chunks: &[Chunk], run: &[(usize, bool)]) -> Option<usize> {
    if run.len() < 2 {
        return None;
    }
    let mut probe = Chunk::default();
    let mut best = None;
    // A card stops where its digits make a valid card number: the turns after it are the
    // expiry and the code ("5555…4444" / "0926" / "123"), not more card.
    let mut valid_card = None;
    for (k, &(m, echo)) in run.iter().enumerate() {
        if echo {
            continue;
        }
        probe.digits.push_str(&chunks[m].digits);
        if probe.digits.len() > 24 {
            break;
        }
        if compatible(cue, &probe) {
            best = Some(k + 1);
            if cue == Cue::Card && luhn(&probe.digits) && issuer_ok(&probe.digits) {
                valid_card = Some(k + 1);
            }
        }
    }
    let best = valid_card.or(best);
    // Echoes right after the chosen prefix belong to it.
    best.map(|mut b| {
        while b < run.len() && run[b].1 {
            b += 1;
        }
        b
    })
}

/// Lines a payment exchange stays open after its last card, expiry or code.
const EXCHANGE_LINES: u32 = 4;

/// The payment exchange as a structure: once a card number has been given, the short digit
/// groups that follow are its expiry and then its security code, by shape and order, whatever
/// cue (or none) precedes them ("and the code", "the three on the back", a bare "4 2 7").
/// A number given just before the card on the same line is a false start or a correction of
/// it ("five four six one nine one no sorry ... five four six one nine six ..."): a card too.
/// Only numbers that nothing else claimed are typed here, and never a price, a time, or one
/// a distractor cue (order, invoice, year, ...) points at.
fn payment_exchange(
    cx: &Ctx<'_>,
    chunks: &[Chunk],
    assigned: &mut [Option<EntityType>],
    distracted: &[bool],
    out: &mut Vec<Span>,
) {
    struct Exchange {
        last_line: u32,
        expiry: bool,
        /// The expiry's month was given on its own; its year may follow.
        month: bool,
        code: bool,
    }
    let free = |assigned: &[Option<EntityType>], i: usize| {
        let c = &chunks[i];
        assigned[i].is_none()
            && !distracted[i]
            && !c.taken
            && !c.time
            && !c.money
            && c.n() > 0
            && !cx.followed_by_distractor(c)
            && !cx.distractor_on_line_before(c)
    };
    let mut ex: Option<Exchange> = None;
    for i in 0..chunks.len() {
        let c = &chunks[i];
        match assigned[i] {
            Some(EntityType::CreditCard) => {
                // False starts and corrections before the card, on its line.
                let mut j = i;
                while j > 0 && chunks[j - 1].line == c.line {
                    j -= 1;
                    if free(assigned, j) && chunks[j].n() >= 2 {
                        assigned[j] = Some(EntityType::CreditCard);
                        push(
                            out,
                            &chunks[j],
                            EntityType::CreditCard,
                            0.6,
                            "correction: a number taken back just before the card",
                        );
                    }
                }
                ex = Some(Exchange {
                    last_line: c.line,
                    expiry: false,
                    month: false,
                    code: false,
                });
                continue;
            }
            Some(e @ (EntityType::CardExpiry | EntityType::CardCvv)) => {
                if let Some(x) = ex.as_mut() {
                    x.last_line = c.line;
                    x.expiry |= e == EntityType::CardExpiry;
                    x.code |= e == EntityType::CardCvv;
                }
                continue;
            }
            Some(_) => continue,
            None => {}
        }
        let Some(x) = ex.as_mut() else { continue };
        if c.line > x.last_line + EXCHANGE_LINES {
            ex = None;
            continue;
        }
        if !free(assigned, i) {
            continue;
        }
        let d = c.digits.as_str();
        // A month number alone is an answer only when it is the whole turn and a month was
        // asked for ("press one" in an IVR menu is not a month).
        let month_alone = plain(c)
            && d.len() <= 2
            && d.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
            && cx.starts_line(c)
            && cx.ends_line(c)
            && cx.asked(c.line, Cue::Expiry);
        let year_alone = plain(c) && year_of_expiry(d);
        let e = if !x.expiry && (!x.code || c.month != 0 || c.slashes == 1) && expiry_shape(c) {
            x.expiry = true;
            EntityType::CardExpiry
        } else if !x.expiry && !x.month && month_alone {
            // "the month on it" / "five" / "and what year" / "two thousand thirty three"
            x.month = true;
            EntityType::CardExpiry
        } else if !x.expiry && x.month && year_alone {
            x.expiry = true;
            EntityType::CardExpiry
        } else if !x.code && plain(c) && !c.year_like && (3..=4).contains(&c.n()) {
            x.code = true;
            EntityType::CardCvv
        } else if !x.expiry && c.month != 0 && c.n() <= 8 {
            // "september of thirty four zero one": an expiry, maybe with the code after it;
            // in doubt inside a payment, all of it is masked.
            x.expiry = true;
            EntityType::CardExpiry
        } else if !x.expiry && !x.code && plain(c) && !c.spoken && (5..=8).contains(&c.n()) {
            // "1032 7605": expiry and code typed as one number.
            if let Some(parts) = super::segment::expiry_then_code(cx.text, &cx.tk.toks, c) {
                x.expiry = true;
                x.code = true;
                x.last_line = c.line;
                assigned[i] = Some(EntityType::CardExpiry);
                push(out, &parts[0], EntityType::CardExpiry, 0.6, EXCHANGE);
                push(out, &parts[1], EntityType::CardCvv, 0.6, EXCHANGE);
            }
            continue;
        } else {
            continue;
        };
        x.last_line = c.line;
        assigned[i] = Some(e);
        push(out, c, e, 0.7, EXCHANGE);
    }
}

const EXCHANGE: &str =
    "payment exchange: after a card, the next short groups are its expiry, then its code";

fn push(out: &mut Vec<Span>, c: &Chunk, entity: EntityType, confidence: f32, rule: &'static str) {
    out.push(Span {
        start: c.start,
        end: c.end,
        entity,
        confidence,
        why: Why::rule(rule),
    });
}

/// Words that take back what was just said: "no sorry", "let me start over", "no wait",
/// "i mean", "scratch that", "actually".
const CORRECTIONS: &[&str] = &[
    "no",
    "sorry",
    "wait",
    "over",
    "mean",
    "actually",
    "scratch",
    "oops",
    "correction",
    "rather",
    "wrong",
    "instead",
    "hang",
    "hold",
];

/// A number taken back and said again on the same line ("seven eight seven seven three no
/// sorry let me start over seven eight three seven ...") is the same kind of value as its
/// correction: the false start leaks just as much.
fn false_starts(
    cx: &Ctx<'_>,
    chunks: &[Chunk],
    assigned: &mut [Option<EntityType>],
    distracted: &[bool],
    out: &mut Vec<Span>,
) {
    let free = |assigned: &[Option<EntityType>], k: usize| {
        let c = &chunks[k];
        assigned[k].is_none() && !distracted[k] && !c.taken && !c.time && !c.money && c.n() >= 2
    };
    let taken_back = |a: &Chunk, b: &Chunk| {
        let between = &cx.tk.toks[a.t1 + 1..b.t0];
        a.line == b.line
            && between.len() <= 12
            && between.iter().any(|t| {
                t.kind == Kind::Word
                    && CORRECTIONS
                        .iter()
                        .any(|w| t.text(cx.text).eq_ignore_ascii_case(w))
            })
    };
    let sensitive = |e: EntityType| e.is_core() || e == EntityType::DateOfBirth;
    for i in 1..chunks.len() {
        let j = i - 1;
        // The false start is typed from its correction, or the correction from its false
        // start, whichever the context typed.
        let (from, to) = match (assigned[j], assigned[i]) {
            (None, Some(e)) if sensitive(e) && free(assigned, j) => (i, j),
            (Some(e), None) if sensitive(e) && free(assigned, i) => (j, i),
            _ => continue,
        };
        if taken_back(&chunks[j], &chunks[i]) {
            let e = assigned[from].unwrap_or(EntityType::CreditCard);
            assigned[to] = Some(e);
            push(
                out,
                &chunks[to],
                e,
                0.6,
                "correction: a value taken back and said again",
            );
        }
    }
}

/// "what month does it expire" / "december": a month named alone, answering an expiry or
/// birth-date question asked on one of the two lines before.
fn month_answers(cx: &Ctx<'_>, out: &mut Vec<Span>) {
    for (n, ln) in cx.tk.lines.iter().enumerate() {
        let n = n as u32;
        let body = &cx.tk.toks[ln.body..ln.end];
        let mut month = None;
        let mut words = 0;
        for (k, t) in body.iter().enumerate() {
            match t.kind {
                Kind::Punct(_) => {}
                Kind::Word if t.w().month != 0 && t.w().num == Num::None => {
                    month = Some(ln.body + k);
                    words += 1;
                }
                Kind::Word if t.w().filler || t.w().common => {}
                _ => words += 2,
            }
        }
        // The month and at most one other word ("este the month june").
        let (Some(m), 1..=3) = (month, words) else {
            continue;
        };
        let p = cx.cues.partition_point(|h| h.line < n);
        let asked = cx.cues[p.saturating_sub(4)..p]
            .iter()
            .rev()
            .find(|h| h.line + 2 >= n && h.cue != Cue::Distractor)
            .and_then(|h| match h.cue {
                Cue::Expiry => Some(EntityType::CardExpiry),
                Cue::Dob => Some(EntityType::DateOfBirth),
                _ => None,
            });
        if let Some(e) = asked {
            let t = &cx.tk.toks[m];
            out.push(Span {
                start: t.start,
                end: t.end,
                entity: e,
                confidence: 0.7,
                why: Why::rule(
                    "answer: a month named alone after an expiry or birth-date question",
                ),
            });
        }
    }
}

/// Index (exclusive) of the prefix of `run` whose digits are a valid card number (Luhn and
/// issuer range).
fn card_prefix(chunks: &[Chunk], run: &[(usize, bool)]) -> Option<usize> {
    let mut digits = String::new();
    for (k, &(m, echo)) in run.iter().enumerate() {
        if echo {
            continue;
        }
        digits.push_str(&chunks[m].digits);
        if digits.len() > 19 {
            return None;
        }
        if digits.len() >= 13 && luhn(&digits) && issuer_ok(&digits) {
            return Some(k + 1);
        }
    }
    None
}
