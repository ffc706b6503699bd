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

/// Lines a payment exchange stays open after its last card, expiry or code.
pub(super) const EXCHANGE_LINES: u32 = 4;

/// The payment exchange as a structure: once a card number has been given, the short digit
/// groups that follow are its expiry and then its security code, by shape and order, whatever
/// cue (or none) precedes them ("and the code", "the three on the back", a bare "4 2 7").
/// A number given just before the card on the same line is a false start or a correction of
/// it ("five four six one nine one no sorry ... five four six one nine six ..."): a card too.
/// Only numbers that nothing else claimed are typed here, and never a price, a time, or one
/// a distractor cue (order, invoice, year, ...) points at.
pub(super) fn payment_exchange(
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
        /// The last two digits of the expiry given (its year), to know it read back.
        year: Option<[u8; 2]>,
    }
    let year_of = |c: &Chunk| -> Option<[u8; 2]> {
        let d = c.digits.as_bytes();
        (d.len() >= 2).then(|| [d[d.len() - 2], d[d.len() - 1]])
    };
    let free = |assigned: &[Option<EntityType>], i: usize| {
        let c = &chunks[i];
        assigned[i].is_none()
            && !distracted[i]
            && !c.taken
            && !c.time
            && !c.money
            && c.n() > 0
            && !cx.followed_by_distractor(c)
            && (!cx.distractor_on_line_before(c) || cx.month_or_year_label(c))
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
                    year: None,
                });
                continue;
            }
            Some(e @ (EntityType::CardExpiry | EntityType::CardCvv)) => {
                if let Some(x) = ex.as_mut() {
                    x.last_line = c.line;
                    x.expiry |= e == EntityType::CardExpiry;
                    x.code |= e == EntityType::CardCvv;
                    if e == EntityType::CardExpiry {
                        x.year = year_of(c);
                    }
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
        // "zero nine no zero eight twenty five": a correction of the expiry (or code) just
        // given is that value again, and the code is still to come.
        if let Some(e @ (EntityType::CardExpiry | EntityType::CardCvv)) = i
            .checked_sub(1)
            .and_then(|j| assigned[j].filter(|_| taken_back(cx, &chunks[j], c)))
        {
            x.last_line = c.line;
            assigned[i] = Some(e);
            push(
                out,
                c,
                e,
                0.6,
                "correction: a value taken back and said again",
            );
            continue;
        }
        let d = c.digits.as_str();
        // A month number alone is an answer only when it is the whole turn and a month was
        // asked for ("press one" in an IVR menu is not a month).
        let month_alone = plain(c)
            && d.len() <= 2
            && d.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
            && (cx.starts_line(c) && cx.ends_line(c) && cx.asked(c.line, Cue::Expiry)
                // "Uh, ten, and then" / "and the year?" / "thirty two": its year follows.
                || year_follows(cx, chunks, i));
        let year_alone = plain(c) && year_of_expiry(d);
        let e = if !x.expiry && (!x.code || c.month != 0 || c.slashes == 1) && expiry_shape(c) {
            x.expiry = true;
            x.year = year_of(c);
            EntityType::CardExpiry
        } else if x.expiry
            && x.year.is_some()
            && x.year == year_of(c)
            && (expiry_shape(c) || (c.month != 0 && c.n() <= 6))
        {
            // "july twenty twenty nine" / "okay july twenty nine": the expiry read back or
            // corrected, in another rendering.
            EntityType::CardExpiry
        } else if !x.expiry && !x.month && month_alone {
            // "the month on it" / "five" / "and what year" / "two thousand thirty three"
            x.month = true;
            EntityType::CardExpiry
        } else if !x.expiry && x.month && year_alone {
            x.expiry = true;
            EntityType::CardExpiry
        } else if !x.code
            && plain(c)
            // "the four digits printed on the front" / "nineteen fifty two": an Amex code
            // may read like a year.
            && (!c.year_like || c.n() == 4 && cx.asked(c.line, Cue::Cvv))
            && (3..=4).contains(&c.n())
        {
            x.code = true;
            EntityType::CardCvv
        } else if !x.expiry && c.month != 0 && c.n() <= 8 {
            // "september of thirty four zero one": an expiry, maybe with the code after it;
            // in doubt inside a payment, all of it is masked.
            x.expiry = true;
            EntityType::CardExpiry
        } else if !x.expiry
            && !x.code
            && (5..=8).contains(&c.n())
            && ((plain(c) && !c.spoken)
                || (!c.spoken && c.slashes == 1 && c.month == 0 && !c.time && !c.money)
                || (c.spoken
                    && c.month == 0
                    && c.slashes <= 1
                    && c.dashes == 0
                    && c.commas <= 1
                    && !c.year_like))
        {
            // "1032 7605" typed, "oh four thirty three, one zero eight" said, "07 slash 25 one
            // hundred eighty three", "5/28, 873": expiry and code as one number.
            if let Some(parts) = super::super::segment::expiry_then_code(cx.text, &cx.tk.toks, c) {
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

/// A valid card number (Luhn, issuer range) whose speaker's next value, on its line or the
/// next three, has an expiry's shape.
pub(super) fn card_with_expiry_after(cx: &Ctx<'_>, chunks: &[Chunk], i: usize) -> bool {
    let c = &chunks[i];
    (13..=19).contains(&c.n())
        && luhn(&c.digits)
        && issuer_ok(&c.digits)
        && chunks[i + 1..]
            .iter()
            .take(4)
            .take_while(|next| next.line <= c.line + 3)
            // (The other speaker reading the number back is skipped.)
            .find(|next| cx.speaker(next.line) == cx.speaker(c.line))
            .is_some_and(expiry_shape)
}

/// The same speaker's next number, on one of the next two lines, is a year alone.
fn year_follows(cx: &Ctx<'_>, chunks: &[Chunk], i: usize) -> bool {
    let c = &chunks[i];
    chunks.get(i + 1).is_some_and(|y| {
        y.line > c.line
            && y.line <= c.line + 2
            && cx.speaker(y.line) == cx.speaker(c.line)
            && plain(y)
            && year_of_expiry(&y.digits)
            && cx.starts_line(y)
    })
}

pub(super) const EXCHANGE: &str =
    "payment exchange: after a card, the next short groups are its expiry, then its code";

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
fn taken_back(cx: &Ctx<'_>, a: &Chunk, b: &Chunk) -> bool {
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
