//! Shapes: what a digit string can be on its own (Luhn and issuer ranges, expiry, birth date,
//! phone shapes), and which cue accepts which shape.

use super::*;

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

pub(super) fn plain(c: &Chunk) -> bool {
    c.month == 0 && c.slashes == 0 && !c.time && !c.money && !c.ip && c.commas == 0
}

pub(super) fn expiry_shape(c: &Chunk) -> bool {
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
        // "2031-06": year first, as ISO dates write it.
        if g0 == 4 && g1 == 2 && d.starts_with("20") && mm(&d[4..]) {
            return true;
        }
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

pub(super) fn month_number(d: &str) -> bool {
    d.len() <= 2 && d.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}

/// A year alone that a card could expire in: "twenty nine", "2031" (not "sixteen", "2008").
/// Area not 000, 666 or 9xx; group not 00; serial not 0000.
fn ssn_valid(d: &str) -> bool {
    d.len() == 9
        && !matches!(&d[..3], "000" | "666")
        && !d.starts_with('9')
        && &d[3..5] != "00"
        && &d[5..] != "0000"
}

/// Numbers the SSA never issues (area 000 or 666, group 00, serial 0000): a placeholder or
/// a test value ("000-00-0000"), not anyone's number. 9xx areas stay: they are ITINs, as
/// sensitive.
fn ssn_never_issued(d: &str) -> bool {
    d.len() == 9 && (matches!(&d[..3], "000" | "666") || &d[3..5] == "00" || &d[5..] == "0000")
}

pub(super) fn year_of_expiry(d: &str) -> bool {
    let v: u32 = d.parse().unwrap_or(0);
    (d.len() == 2 && v >= 20) || (d.len() == 4 && (2020..=2049).contains(&v))
}

pub(super) fn dob_shape(c: &Chunk) -> bool {
    if c.time || c.money || c.ip {
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
pub(super) fn numeric_date(d: &str) -> bool {
    let v = |s: &str| s.parse::<u32>().unwrap_or(0);
    let ok = |m: u32, day: u32| (1..=12).contains(&m) && (1..=31).contains(&day);
    match d.len() {
        4 => ok(v(&d[..1]), v(&d[1..2])),
        5 => ok(v(&d[..1]), v(&d[1..3])) || ok(v(&d[..2]), v(&d[2..3])),
        _ => false,
    }
}

pub(super) fn compatible(cue: Cue, c: &Chunk) -> bool {
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
        Cue::Ssn => plain(c) && (n == 9 && !ssn_never_issued(&c.digits) || n == 4),
        // Nine when a spoken number lost a digit in recognition ("two forty eight forty six …").
        // "area code eight five six and the number is …"
        Cue::AreaCode => plain(c) && (n == 3 || n == 10 || (n == 11 && c.digits.starts_with('1'))),
        // "480/682-6012": an area code set off by a slash.
        Cue::Phone if c.groups == [3, 3, 4] && c.slashes == 1 && c.dashes == 1 => true,
        Cue::Phone => {
            plain(c)
                && (n == 10
                    || (n == 11 && c.digits.starts_with('1'))
                    || n == 7
                    || (n == 9 && c.spoken)
                    || international_phone(c))
        }
        // ABA routing numbers; UK sort codes ("38-72-22").
        Cue::Routing => plain(c) && (n == 9 || (n == 6 && c.groups == [2, 2, 2])),
        Cue::Account => plain(c) && (4..=17).contains(&n),
        Cue::Dob => dob_shape(c),
    }
}

/// Numbers outside the NANP when a phone was asked for: a trunk '0' ("090-1234-5678",
/// "oh seven nine double five …"), a '+' or "(07)", or typed in groups, 8 to 15 digits.
fn international_phone(c: &Chunk) -> bool {
    let n = c.n();
    // A date (2024-01-15, 15-01-2024) or an SSN (123-45-6789) keeps its own shape.
    let other_shape = matches!(c.groups.as_slice(), [4, 2, 2] | [2, 2, 4] | [3, 2, 4]);
    (8..=15).contains(&n)
        && !other_shape
        && (c.digits.starts_with('0')
            || c.plus
            || c.phone_mark
            || (!c.spoken && c.groups.len() >= 2))
}

pub(super) fn entity_of(cue: Cue) -> Option<EntityType> {
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

pub(super) fn confidence(e: EntityType, c: &Chunk) -> f32 {
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
pub(super) const CARD_SHAPE: &str =
    "card: 13-19 digits passing the Luhn checksum in an issuer's range";
pub(super) const PHONE_334: &str = "phone: typed 3-3-4 digits";
pub(super) const PHONE_PLUS: &str = "phone: '+' and a country code";
/// Shapes specific enough that only a distractor naming the number outright overrides them.
pub(super) const STRONG_SHAPES: &[&str] = &[CARD_SHAPE, PHONE_334, PHONE_PLUS];

pub(super) fn fallback(c: &Chunk) -> Option<(EntityType, f32, &'static str)> {
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
        // "plus four four two oh …": a spoken plus and a country code.
        if c.plus && (8..=15).contains(&n) {
            return Some((EntityType::PhoneNumber, 0.7, PHONE_PLUS));
        }
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
    if g == [3, 2, 4] && c.dashes == 2 && !ssn_never_issued(&c.digits) {
        return Some((EntityType::Ssn, 0.8, "SSN: typed 3-2-4 digits"));
    }
    // "078 05 1123": the same groups with spaces, where the number is a valid SSN.
    if g == [3, 2, 4] && c.dashes + c.slashes + c.dots + c.commas == 0 && ssn_valid(&c.digits) {
        return Some((
            EntityType::Ssn,
            0.7,
            "SSN: 3-2-4 digits with spaces, a valid SSN",
        ));
    }
    // "1800 555-5555", "1300 975 707": a toll-free number.
    if (g.first() == Some(&4) && (c.digits.starts_with("1800") || c.digits.starts_with("1300")))
        && (10..=11).contains(&n)
        && g.len() >= 2
    {
        return Some((
            EntityType::PhoneNumber,
            0.7,
            "phone: a toll-free 1800/1300 number",
        ));
    }
    // "001-825-741-0957": the international prefix and a North American number.
    if g.len() == 4 && g[0] == 3 && c.digits.starts_with("00") && g[1..] == [3, 3, 4] {
        return Some((EntityType::PhoneNumber, 0.7, PHONE_334));
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
