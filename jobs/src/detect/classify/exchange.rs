//! The payment exchange: once a card is given, the short groups that follow are its expiry
//! and its code, by shape and order.

use super::*;

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
