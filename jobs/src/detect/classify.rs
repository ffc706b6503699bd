//! Context-driven classification of number chunks into card / expiry / CVV / SSN / phone /
//! bank account / date of birth, with shape fallbacks (Luhn + issuer ranges, 3-2-4, NANP).

use super::context::CueHit;
use super::lexicon::Cue;
use super::numbers::{Chunk, split};
use super::tokens::{Kind, Tokens};
use super::{EntityType, Span};

/// Sensitive cues reach this many lines back; distractor cues only the line itself and, for
/// an answer at the start of its line, the line before.
const CUE_LINES: u32 = 4;

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
    c.month == 0 && c.slashes == 0 && !c.time && !c.money && c.commas == 0
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
        6 => mm(&d[..2]) && d[2..].starts_with("20"),
        _ => false,
    }
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
    (6..=8).contains(&n) && c.slashes == 0
}

fn compatible(cue: Cue, c: &Chunk) -> bool {
    let n = c.n();
    match cue {
        Cue::Distractor => true,
        Cue::Address => n <= 6,
        Cue::Card => plain(c) && (12..=21).contains(&n),
        Cue::Expiry => expiry_shape(c),
        Cue::Cvv => plain(c) && (3..=4).contains(&n) && c.dashes == 0,
        Cue::Ssn => plain(c) && (n == 9 || n == 4),
        Cue::Phone => plain(c) && (n == 10 || (n == 11 && c.digits.starts_with('1')) || n == 7),
        Cue::Routing => plain(c) && n == 9,
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
        Cue::Phone => EntityType::PhoneNumber,
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
fn fallback(c: &Chunk) -> Option<(EntityType, f32)> {
    if !plain(c) {
        return None;
    }
    let n = c.n();
    if (13..=19).contains(&n) && luhn(&c.digits) && issuer_ok(&c.digits) {
        return Some((EntityType::CreditCard, 0.85));
    }
    if c.spoken {
        return None;
    }
    let g = c.groups.as_slice();
    if g == [3, 2, 4] && c.dashes == 2 {
        return Some((EntityType::Ssn, 0.8));
    }
    let nanp =
        |d: &[u8]| d.len() == 10 && (b'2'..=b'9').contains(&d[0]) && (b'2'..=b'9').contains(&d[3]);
    if (g == [3, 3, 4] || (g.len() == 4 && g[0] == 1 && g[1..] == [3, 3, 4]))
        && (c.dashes > 0 || c.dots > 0 || g.len() == 3)
    {
        return Some((EntityType::PhoneNumber, 0.75));
    }
    if g == [10] && nanp(c.digits.as_bytes()) {
        return Some((EntityType::PhoneNumber, 0.6));
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
        let first_in_line = c.t0 == self.tk.lines[c.line as usize].body
            || self.tk.toks[self.tk.lines[c.line as usize].body.min(c.t0)..c.t0]
                .iter()
                .all(|t| t.kind != Kind::Word || t.w().common || t.w().filler);
        let mut nearest_sensitive = None;
        // cues are in token order; find the last one before c.t0
        let mut hi = self.cues.partition_point(|h| h.t1 < c.t0);
        while hi > 0 {
            hi -= 1;
            let h = &self.cues[hi];
            if h.line + CUE_LINES < c.line {
                break;
            }
            if self.consumed[hi] {
                continue;
            }
            if h.cue == Cue::Distractor {
                let near = h.line == c.line || (first_in_line && h.line + 1 == c.line);
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
                    while j > 0 && self.cues[j - 1].line == h.line {
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
        self.tk.toks[c.t1 + 1..ln.end]
            .iter()
            .all(|t| matches!(t.kind, Kind::Punct(_)) || t.w().filler || t.w().common)
    }

    /// The chunk starts its line body (only fillers / short lead-ins precede).
    fn starts_line(&self, c: &Chunk) -> bool {
        let ln = &self.tk.lines[c.line as usize];
        self.tk.toks[ln.body.min(c.t0)..c.t0]
            .iter()
            .all(|t| matches!(t.kind, Kind::Punct(_)) || t.w().filler || t.w().common)
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
        if let Some(h) = hit {
            cx.consumed[h] = true;
            if let Some(e) = entity_of(cues[h].cue) {
                assigned[i] = Some(e);
                out.push(Span {
                    start: c.start,
                    end: c.end,
                    entity: e,
                    confidence: confidence(e, c),
                });
            }
            i += 1;
            continue;
        }
        // A number split across turns: "four one one one" / "mm-hmm" / "one one one one ...".
        if let Some(s) = nearest_sensitive {
            let cue = cues[s].cue;
            if cx.ends_line(c) {
                let mut digits = c.digits.clone();
                let mut members = vec![i];
                let mut last_line = c.line;
                let mut j = i + 1;
                while j < chunks.len() && members.len() < 4 {
                    let d = &chunks[j];
                    if d.taken
                        || decided[j]
                        || d.line <= last_line
                        || d.line > last_line + 2
                        || !cx.starts_line(d)
                    {
                        break;
                    }
                    // Lines in between must be backchannels only.
                    let between_ok = (last_line + 1..d.line).all(|l| {
                        let ln = &tk.lines[l as usize];
                        tk.toks[ln.body..ln.end]
                            .iter()
                            .all(|t| t.kind != Kind::Digits && (t.w().filler || t.w().common))
                    });
                    if !between_ok {
                        break;
                    }
                    digits.push_str(&d.digits);
                    members.push(j);
                    let probe = Chunk {
                        digits: digits.clone(),
                        ..Default::default()
                    };
                    if compatible(cue, &probe) {
                        let e = entity_of(cue).unwrap_or(EntityType::CreditCard);
                        cx.consumed[s] = true;
                        for &m in &members {
                            decided[m] = true;
                            assigned[m] = Some(e);
                            let x = &chunks[m];
                            out.push(Span {
                                start: x.start,
                                end: x.end,
                                entity: e,
                                confidence: 0.8,
                            });
                        }
                        break;
                    }
                    if !cx.ends_line(d) {
                        break;
                    }
                    last_line = d.line;
                    j += 1;
                }
                if assigned[i].is_some() {
                    i += 1;
                    continue;
                }
            }
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
                });
                i += 1;
                continue;
            }
        }
        if let Some((e, conf)) = fallback(c) {
            assigned[i] = Some(e);
            out.push(Span {
                start: c.start,
                end: c.end,
                entity: e,
                confidence: conf,
            });
        } else if !c.weak_at.is_empty() && nearest_sensitive.is_some() {
            // Two numbers joined by "and": classify the parts on their own.
            let parts = split(text, &tk.toks, c);
            let k = parts.len();
            chunks.splice(i..i + 1, parts);
            assigned.splice(i..i + 1, std::iter::repeat_n(None, k));
            decided.splice(i..i + 1, std::iter::repeat_n(false, k));
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
                out.push(Span {
                    start: d.start,
                    end: d.end,
                    entity: want,
                    confidence: 0.7,
                });
                want = EntityType::CardCvv;
            } else if want == EntityType::CardCvv && compatible(Cue::Cvv, d) {
                assigned[j] = Some(want);
                out.push(Span {
                    start: d.start,
                    end: d.end,
                    entity: want,
                    confidence: 0.7,
                });
                break;
            } else {
                break;
            }
        }
    }

    // Read-back: the same digits again (agent confirming) get the same type.
    let mut known: Vec<(&str, EntityType)> = Vec::new();
    for (i, c) in chunks.iter().enumerate() {
        if let Some(e) = assigned[i] {
            if c.n() >= 4 {
                known.push((c.digits.as_str(), e));
            }
        }
    }
    if !known.is_empty() {
        for (i, c) in chunks.iter().enumerate() {
            if assigned[i].is_some() || c.taken || c.n() < 4 || c.time || c.money {
                continue;
            }
            if let Some(&(_, e)) = known.iter().find(|(d, _)| *d == c.digits) {
                out.push(Span {
                    start: c.start,
                    end: c.end,
                    entity: e,
                    confidence: 0.75,
                });
            }
        }
    }
}
