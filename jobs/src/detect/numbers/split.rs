//! A chunk cut into parts: at its "and"/"then" bridges, or at given member bounds (where a
//! card ends and its expiry begins), each part with its own digits and marks.

use super::*;

/// Splits a chunk at its "and"/"then"/"so" bridges into separately classifiable parts.
pub fn split(text: &str, toks: &[Tok], c: &Chunk) -> Vec<Chunk> {
    let mut bounds = vec![0];
    bounds.extend(c.weak_at.iter().copied());
    bounds.push(c.members.len());
    split_at(text, toks, c, &bounds)
}

/// Splits a chunk into parts at the given member indices (`bounds` starts with 0 and ends with
/// `members.len()`).
pub fn split_at(text: &str, toks: &[Tok], c: &Chunk, bounds: &[usize]) -> Vec<Chunk> {
    let mut out = Vec::with_capacity(bounds.len() - 1);
    for w in bounds.windows(2) {
        let members = &c.members[w[0]..w[1]];
        let (Some(&a), Some(&b)) = (members.first(), members.last()) else {
            continue;
        };
        let mut p = Chunk {
            t0: a,
            t1: b,
            line: c.line,
            start: toks[a].start,
            end: toks[b].end,
            ..Default::default()
        };
        if w[0] == 0 {
            p.start = c.start;
            p.month = c.month;
        }
        for (x, t) in toks[a..=b].iter().enumerate() {
            // As in the chunker: only a tight "1,234" is a thousands separator, only a tight
            // "12.99" a decimal point; ", " and ". " between groups are pauses.
            let tight = x > 0
                && toks[a + x - 1].end == t.start
                && toks.get(a + x + 1).is_some_and(|n| n.start == t.end);
            match t.kind {
                Kind::Punct('/') => p.slashes = p.slashes.saturating_add(1),
                Kind::Punct('-')
                    if !(x > 0
                        && toks[a + x - 1].kind == Kind::Word
                        && toks.get(a + x + 1).is_some_and(|n| n.kind == Kind::Word)) =>
                {
                    p.dashes = p.dashes.saturating_add(1)
                }
                Kind::Punct('.') if tight => p.dots = p.dots.saturating_add(1),
                Kind::Punct(',')
                    if tight
                        && toks[a + x - 1].kind == Kind::Digits
                        && toks
                            .get(a + x + 1)
                            .is_some_and(|n| n.kind == Kind::Digits && n.end - n.start == 3) =>
                {
                    p.commas = p.commas.saturating_add(1)
                }
                Kind::Punct('(') | Kind::Punct(')') => p.phone_mark = true,
                Kind::Word if lower_is(text, t, "slash") => p.slashes = p.slashes.saturating_add(1),
                Kind::Word if lower_is(text, t, "dash") => p.dashes = p.dashes.saturating_add(1),
                _ => {}
            }
        }
        let ms: Vec<usize> = members.to_vec();
        normalise(text, toks, &ms, &mut p);
        p.members = ms;
        out.push(p);
    }
    out
}
