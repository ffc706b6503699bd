//! The conversation as a structure, after the cues have typed what they could: read-backs,
//! the payment exchange, corrections, bank pairs, area codes, months named alone.

use super::*;

/// "area code seven oh two and the number is nine six one seven two one three": the seven
/// digits after an area code are the rest of the phone number.
pub(super) fn phone_parts(
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
pub(super) fn bank_pairs(
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
        // "rtn 229629864 / 84175435453": the pair on one line, split by a slash.
        let slash_pair = b.line == a.line
            && b.t0 > a.t1 + 1
            && b.t0 <= a.t1 + 2
            && cx.tk.toks[a.t1 + 1].is_punct('/');
        let next_turn = next_turn || slash_pair;
        if next_turn
            && !distracted[i]
            && !b.taken
            && (plain(b) || b.dashes > 0 && b.slashes == 0 && !b.time && !b.money && !b.ip)
            // ("Signature date: 2024-11-12" is a date.)
            && b.groups != [4, 2, 2]
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
pub(super) fn read_backs(
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
pub(super) fn same_number(a: &str, b: &str) -> bool {
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

pub(super) const RUN_MAX: usize = 8;

/// A chunk and the chunks continuing its number over the next turns (no heap allocation).
pub(super) struct Run {
    items: [(usize, bool); RUN_MAX],
    len: usize,
}

impl Run {
    pub(super) fn new(first: usize) -> Run {
        let mut items = [(0, false); RUN_MAX];
        items[0] = (first, false);
        Run { items, len: 1 }
    }
    pub(super) fn push(&mut self, x: (usize, bool)) {
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
pub(super) fn best_prefix(cue: Cue, chunks: &[Chunk], run: &[(usize, bool)]) -> Option<usize> {
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

/// Words that take back what was just said: "no sorry", "let me start over", "no wait",
/// "i mean", "scratch that", "actually".
pub(super) const CORRECTIONS: &[&str] = &[
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

/// Is `b` said to take `a` back ("zero nine no zero eight twenty five")?
pub(super) fn taken_back(cx: &Ctx<'_>, a: &Chunk, b: &Chunk) -> bool {
    let between = &cx.tk.toks[a.t1 + 1..b.t0];
    a.line == b.line
        && between.len() <= 12
        && between.iter().any(|t| {
            t.kind == Kind::Word
                && CORRECTIONS
                    .iter()
                    .any(|w| t.text(cx.text).eq_ignore_ascii_case(w))
        })
}

/// A number taken back and said again on the same line ("seven eight seven seven three no
/// sorry let me start over seven eight three seven ...") is the same kind of value as its
/// correction: the false start leaks just as much.
pub(super) fn false_starts(
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
        if taken_back(cx, &chunks[j], &chunks[i]) {
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
pub(super) fn month_answers(cx: &Ctx<'_>, out: &mut Vec<Span>) {
    // Where the expiries found so far start, sorted: one binary search per month line.
    let mut expiries: Vec<usize> = out
        .iter()
        .filter(|s| s.entity == EntityType::CardExpiry)
        .map(|s| s.start)
        .collect();
    expiries.sort_unstable();
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
        // "good through date" / "um december" / "and the year" / "twenty five": the month
        // of an expiry whose year was given in one of the next two turns.
        let t = &cx.tk.toks[m];
        let asked = asked.or_else(|| {
            if words > 1 {
                return None;
            }
            let until = cx.tk.lines.get(n as usize + 2).unwrap_or(ln);
            let until = cx
                .tk
                .toks
                .get(until.end.saturating_sub(1))
                .map_or(t.end, |x| x.end);
            let next = expiries.partition_point(|&start| start <= t.end);
            expiries
                .get(next)
                .is_some_and(|&start| start <= until)
                .then_some(EntityType::CardExpiry)
        });
        if let Some(e) = asked {
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
pub(super) fn card_prefix(chunks: &[Chunk], run: &[(usize, bool)]) -> Option<usize> {
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
