//! A chunk's digit string from its tokens: "forty one" is 41, "double five" 55, "one eight
//! hundred" a toll-free 1800, "two thousand two" 2002.

use super::words::*;
use super::{Chunk, Num};
use crate::detect::tokens::{Kind, Tok};

pub(super) fn push_num(s: &mut String, v: u32, width: usize) {
    use std::fmt::Write;
    let _ = write!(s, "{:0width$}", v, width = width);
}

/// Two-digit value of a tens/teen/unit phrase at `members[j..]`: (value, consumed).
pub(super) fn below_hundred(toks: &[Tok], members: &[usize], j: usize) -> (u32, usize) {
    match members.get(j).map(|&m| num(&toks[m])) {
        Some(Num::Tens(d)) => {
            if let Some(Num::Unit(u)) = members.get(j + 1).map(|&m| num(&toks[m])) {
                if u > 0 {
                    return (d as u32 * 10 + u as u32, 2);
                }
            }
            (d as u32 * 10, 1)
        }
        Some(Num::Teen(t)) => (t as u32, 1),
        Some(Num::Unit(u)) => (u as u32, 1),
        _ => (0, 0),
    }
}

pub(super) fn normalise(text: &str, toks: &[Tok], members: &[usize], c: &mut Chunk) {
    let mut d = String::with_capacity(members.len() * 2);
    let mut j = 0;
    if c.month != 0 {
        j = 1;
        c.spoken = true;
    }
    while j < members.len() {
        let t = &toks[members[j]];
        if t.kind == Kind::Digits {
            d.push_str(t.text(text));
            c.typed = true;
            c.groups.push(t.text(text).len().min(255) as u8);
            j += 1;
            continue;
        }
        c.spoken = true;
        let next = members.get(j + 1).map(|&m| num(&toks[m]));
        match num(t) {
            // "one eight hundred six seven two …", "one eight hundred, seven double five …": a
            // toll-free prefix read before digits (after "one", or with a pause after it).
            Num::Unit(u)
                if next == Some(Num::Hundred)
                    && ((matches!(
                        members.get(j + 2).map(|&m| num(&toks[m])),
                        Some(Num::Unit(_))
                    ) && matches!(
                        members.get(j + 3).map(|&m| num(&toks[m])),
                        Some(Num::Unit(_))
                    )) || (d == "1" && u == 8)
                        || members.get(j + 2).is_some_and(|&m| {
                            text[toks[members[j + 1]].end..toks[m].start].contains(',')
                        })) =>
            {
                push_num(&mut d, u as u32, 1);
                d.push_str("00");
                j += 2;
            }
            Num::Unit(u) | Num::Teen(u) if next == Some(Num::Hundred) => {
                let (v, used) = below_hundred(toks, members, j + 2);
                push_num(&mut d, u as u32, 1);
                push_num(&mut d, v, 2);
                j += 2 + used;
            }
            Num::Unit(u) if next == Some(Num::Thousand) => {
                // "two thousand two" -> 2002, "two thousand four hundred" -> 2400
                let mut k = j + 2;
                let mut rest = 0u32;
                if let Some(Num::Unit(h)) = members.get(k).map(|&m| num(&toks[m])) {
                    if members.get(k + 1).map(|&m| num(&toks[m])) == Some(Num::Hundred) {
                        rest = h as u32 * 100;
                        k += 2;
                    }
                }
                let (v, used) = below_hundred(toks, members, k);
                rest += v;
                push_num(&mut d, u as u32, 1);
                push_num(&mut d, rest, 3);
                j = k + used;
            }
            Num::Unit(u) => {
                d.push((b'0' + u) as char);
                j += 1;
            }
            Num::Teen(t) => {
                push_num(&mut d, t as u32, 2);
                j += 1;
            }
            Num::Tens(_) => {
                let (v, used) = below_hundred(toks, members, j);
                push_num(&mut d, v, 2);
                j += used.max(1);
            }
            Num::Double | Num::Triple => {
                let times = if num(t) == Num::Double { 2 } else { 3 };
                if let Some(Num::Unit(u)) = next {
                    for _ in 0..times {
                        d.push((b'0' + u) as char);
                    }
                    j += 2;
                } else {
                    j += 1;
                }
            }
            Num::Ordinal(v) => {
                push_num(&mut d, v as u32, 1);
                j += 1;
            }
            Num::Hundred | Num::Thousand | Num::None => j += 1,
        }
    }
    c.year_like = c.spoken
        && c.month == 0
        && d.len() == 4
        && (d.starts_with("19") || d.starts_with("20"))
        && members.first().is_some_and(|&m| {
            matches!(num(&toks[m]), Num::Teen(19) | Num::Tens(2))
                || (num(&toks[m]) == Num::Unit(2)
                    && members
                        .get(1)
                        .is_some_and(|&n| num(&toks[n]) == Num::Thousand))
        });
    c.digits = d;
}
