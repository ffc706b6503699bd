//! Values said in one breath. "Card, expiry and code" read off the card without a pause, or
//! two cards side by side, come out of the number normaliser as one long digit run. Cut such
//! runs where a card number (Luhn + issuer range) ends, and a month-led expiry where its year
//! ends, so that each part is classified on its own (the payment exchange in [`super::classify`]
//! then types the short parts by their order).

use super::classify::{issuer_ok, luhn};
use super::numbers::{Chunk, split_at};
use super::tokens::Tok;

/// Longer runs are left alone: the cut search is quadratic in the run's length.
const MAX_MEMBERS: usize = 48;

pub fn segment(text: &str, toks: &[Tok], chunks: Vec<Chunk>) -> Vec<Chunk> {
    let mut out = Vec::with_capacity(chunks.len());
    for c in chunks {
        match cut(text, toks, &c, 0) {
            Some(parts) => out.extend(parts),
            None => out.push(c),
        }
    }
    out
}

fn is_card(d: &str) -> bool {
    (13..=19).contains(&d.len()) && luhn(d) && issuer_ok(d)
}

fn cut(text: &str, toks: &[Tok], c: &Chunk, depth: u8) -> Option<Vec<Chunk>> {
    let len = c.members.len();
    if c.taken || c.time || c.money || len < 2 || len > MAX_MEMBERS || depth > 3 {
        return None;
    }
    if c.month != 0 {
        // "september twenty six two seven one": the month, its year, then the rest.
        if c.n() <= 4 {
            return None;
        }
        for k in 2..len {
            let parts = split_at(text, toks, c, &[0, k, len]);
            let (year, rest) = (&parts[0].digits, &parts[1].digits);
            // "july 13 nineteen eighty eight" is one date: a day, then the year.
            let rest_is_year =
                rest.len() == 4 && (rest.starts_with("19") || rest.starts_with("20"));
            if (year.len() == 2 || (year.len() == 4 && year.starts_with("20")))
                && (3..=4).contains(&rest.len())
                && !rest_is_year
            {
                return Some(parts);
            }
        }
        return None;
    }
    let n = c.n();
    if n < 17 || is_card(&c.digits) {
        return None;
    }
    // The card prefix whose remainder reads as what follows a card (its expiry and code,
    // another card), then the one closest to sixteen digits.
    let mut best: Option<((bool, usize), Vec<Chunk>)> = None;
    for k in 1..len {
        let parts = split_at(text, toks, c, &[0, k, len]);
        let d = parts[0].digits.as_str();
        if parts[1].n() >= 2 && is_card(d) {
            let rest = &parts[1];
            let follows = is_card(&rest.digits)
                || (3..=4).contains(&rest.n())
                || expiry_then_code(text, toks, rest).is_some();
            let score = (!follows, d.len().abs_diff(16));
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, parts));
            }
        }
    }
    let (_, mut parts) = best?;
    let rest = parts.pop()?;
    match cut(text, toks, &rest, depth + 1) {
        Some(more) => parts.extend(more),
        None => match expiry_then_code(text, toks, &rest) {
            Some(more) => parts.extend(more),
            None => parts.push(rest),
        },
    }
    Some(parts)
}

/// "oh four thirty six double oh" after a card: an expiry (MYY or MMYY) and a 3–4 digit code.
pub fn expiry_then_code(text: &str, toks: &[Tok], c: &Chunk) -> Option<Vec<Chunk>> {
    let len = c.members.len();
    if !(5..=8).contains(&c.n()) {
        return None;
    }
    for k in 1..len {
        let parts = split_at(text, toks, c, &[0, k, len]);
        let (e, v) = (parts[0].digits.as_str(), parts[1].n());
        let month_ok = |m: &str| m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m));
        let exp = match e.len() {
            3 => month_ok(&e[..1]),
            4 => month_ok(&e[..2]),
            _ => false,
        };
        if exp && (3..=4).contains(&v) {
            return Some(parts);
        }
    }
    None
}
