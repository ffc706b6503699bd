//! Toll-free numbers written with letters: "1-800-FLOWERS", "1 (877) MY-CLAIM",
//! "800-PLUMBER". The digit detectors never see them, so they are matched on the text.

use std::sync::LazyLock;

use regex::Regex;

use super::{EntityType, Span, Why};

static VANITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:1[-. ]?)?\(?8(?:00|33|44|55|66|77|88)\)?[-. ]?[A-Z0-9]{2,10}(?:-[A-Z0-9]{1,10}){0,2}\b",
    )
    .expect("valid regex")
});

pub fn detect(text: &str, out: &mut Vec<Span>) {
    if !text.bytes().any(|b| b.is_ascii_uppercase()) {
        return;
    }
    for m in VANITY.find_iter(text) {
        let s = m.as_str();
        // The part after the 8xx prefix: seven or more characters, letters among them.
        let Some(at) = s.find("8") else { continue };
        let tail: String = s[at + 3..]
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let letters = tail.chars().filter(|c| c.is_ascii_uppercase()).count();
        if tail.len() >= 7 && letters >= 2 {
            out.push(Span {
                start: m.start(),
                end: m.end(),
                entity: EntityType::PhoneNumber,
                confidence: 0.7,
                why: Why::rule("phone: toll-free number written with letters"),
            });
        }
    }
}
