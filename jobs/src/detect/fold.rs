//! Full-width forms ("４２８３ ３９６５", "ｊｏｈｎ＠ｍａｉｌ．ｃｏｍ", typed on CJK keyboards and
//! pasted from forms) read as their ASCII letters, digits and punctuation. Detection runs on
//! a folded copy and its spans are mapped back, so every later stage sees one rendering.

use super::Span;

/// The folded text and, for each of its byte offsets (and its end), the offset in the
/// original text.
pub struct Folded {
    pub text: String,
    at: Vec<usize>,
}

/// `None` when `text` has no full-width form (the common case, one scan of the bytes).
pub fn full_width(text: &str) -> Option<Folded> {
    // Full-width forms are U+FF01..=U+FF5E (UTF-8 EF BC 81 .. EF BD 9E) and U+3000.
    let bytes = text.as_bytes();
    let any = bytes
        .windows(2)
        .any(|w| w[0] == 0xEF && (w[1] == 0xBC || w[1] == 0xBD) || w == [0xE3, 0x80]);
    if !any {
        return None;
    }
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        at: Vec::with_capacity(text.len() + 1),
    };
    let mut changed = false;
    for (i, c) in text.char_indices() {
        let folded = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            '\u{3000}' => Some(' '),
            _ => None,
        };
        let c2 = folded.unwrap_or(c);
        changed |= folded.is_some();
        for _ in 0..c2.len_utf8() {
            out.at.push(i);
        }
        out.text.push(c2);
    }
    out.at.push(text.len());
    changed.then_some(out)
}

impl Folded {
    /// A span of the folded text as a span of the original.
    pub fn unfold(&self, mut s: Span) -> Span {
        s.start = self.at[s.start];
        s.end = self.at[s.end];
        if let Some((a, b)) = &mut s.why.cue {
            *a = self.at[*a];
            *b = self.at[*b];
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{EntityType, InputKind, detect};

    #[test]
    fn full_width_digits_and_mail_are_found_at_their_own_offsets() {
        let text = "number ４２８３ ３９６５ ９３３２ ７７３９ expiry 12/29 mail ｊｏ＠ｅｘａｍｐｌｅ．ｃｏｍ";
        let spans = detect(text, InputKind::Chat);
        let card = spans
            .iter()
            .find(|s| s.entity == EntityType::CreditCard)
            .expect("card");
        assert_eq!(
            &text[card.start..card.end],
            "４２８３ ３９６５ ９３３２ ７７３９"
        );
        let mail = spans
            .iter()
            .find(|s| s.entity == EntityType::EmailAddress)
            .expect("e-mail");
        assert_eq!(&text[mail.start..mail.end], "ｊｏ＠ｅｘａｍｐｌｅ．ｃｏｍ");
    }

    #[test]
    fn text_without_full_width_forms_is_not_copied() {
        assert!(full_width("4283 3965 9332 7739 — ok ✅").is_none());
    }
}
