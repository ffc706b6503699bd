//! International bank account numbers: "GB75 BARC 3654 1153 8306 73", checked with the
//! ISO 13616 mod-97 checksum so that reference codes of the same shape are not masked.

use std::sync::LazyLock;

use regex::Regex;

use super::{EntityType, Span, Why};

static IBAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z]{2}[0-9]{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?\b")
        .expect("valid regex")
});

/// The same typed in lower case ("pl33 9229 8313 …"); one case throughout, since
/// "LV80 bANK …" is a test of exactly that, not an IBAN.
static IBAN_LOWER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[a-z]{2}[0-9]{2}(?:[ -]?[a-z0-9]{4}){2,7}(?:[ -]?[a-z0-9]{1,3})?\b")
        .expect("valid regex")
});

pub fn detect(text: &str, out: &mut Vec<Span>) {
    // Most texts have no "two letters, two digits" word start: one tight scan, no regex.
    let b = text.as_bytes();
    let starts = (0..b.len().saturating_sub(3)).any(|i| {
        b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit()
            && b[i].is_ascii_alphabetic()
            && b[i + 1].is_ascii_alphabetic()
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
    });
    if !starts {
        return;
    }
    for m in IBAN.find_iter(text).chain(IBAN_LOWER.find_iter(text)) {
        // A short last group may be the next word ("… 8741 ALL CAPS"): without it, if only
        // then the checksum holds.
        let whole = m.as_str();
        let end = match whole.rfind([' ', '-']) {
            Some(cut)
                if !checksum_ok(whole) && whole.len() - cut <= 4 && checksum_ok(&whole[..cut]) =>
            {
                m.start() + cut
            }
            _ => m.end(),
        };
        let start = m.start();
        // Labelled "IBAN": masked even when a digit was mistyped.
        let mut from = start.saturating_sub(12);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let labelled = text[from..start].to_ascii_lowercase().contains("iban");
        if checksum_ok(&text[start..end]) || labelled {
            out.push(Span {
                start,
                end,
                entity: EntityType::BankAccount,
                confidence: 0.95,
                why: Why::rule(if labelled {
                    "bank: IBAN after the word IBAN"
                } else {
                    "bank: IBAN with a valid mod-97 checksum"
                }),
            });
        }
    }
}

/// Move the first four characters to the end, letters to 10..35, the number mod 97 is 1.
fn checksum_ok(s: &str) -> bool {
    let c: Vec<u8> = s
        .bytes()
        .filter(|b| *b != b' ' && *b != b'-')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if !(15..=34).contains(&c.len()) {
        return false;
    }
    let mut rem: u32 = 0;
    for &b in c[4..].iter().chain(&c[..4]) {
        let v = match b {
            b'0'..=b'9' => (b - b'0') as u32,
            b'A'..=b'Z' => (b - b'A') as u32 + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

#[cfg(test)]
mod tests {
    #[test]
    fn checksum_accepts_a_valid_iban_and_rejects_a_changed_digit() {
        assert!(super::checksum_ok("GB82 WEST 1234 5698 7654 32"));
        assert!(!super::checksum_ok("GB82 WEST 1234 5698 7654 33"));
    }
}
