//! Word-level tests the name rules share: a word with a clitic, a word that may fill a
//! first name's slot.

use super::*;

/// "you'll", "we're", "don't", "she's": a word with a clitic is never a name ("O'Neil" and
/// "D'Andre" have their apostrophe elsewhere).
pub(super) fn contraction(s: &str) -> bool {
    let b = s.as_bytes();
    let tail = |t: &str| {
        b.len() > t.len() + 1
            && b[b.len() - t.len()..].eq_ignore_ascii_case(t.as_bytes())
            && (s[..s.len() - t.len()].ends_with('\'')
                || s[..s.len() - t.len()].ends_with('\u{2019}'))
    };
    ["s", "ll", "re", "ve", "m", "d"].iter().any(|t| tail(t))
        || (b.len() > 3 && (s.ends_with("n't") || s.ends_with("n\u{2019}t")))
}

/// A word that a first name could fill when the sentence's shape says a person is meant:
/// unknown to the lexicons, or a first name (also one that is a word: "Will", "Drew").
pub(super) fn first_name_slot(text: &str, t: &Tok) -> bool {
    // (Capitals say a name too: "Will" is no first name in the census lists, "William" is.)
    t.kind == Kind::Word
        && t.end - t.start >= 2
        && t.text(text)
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '\u{2019}'))
        && !contraction(t.text(text))
        && t.lex.is_none_or(|w| {
            (w.first_rank > 0 || capitalized(text, t))
                && w.num == Num::None
                && !w.filler
                && w.cue.is_none()
                && !w.not_name
        })
}
