//! Names spelled letter by letter ("p a t e l"), after a spelling question or "spelled".

use super::*;

/// Letters spelled after "how do you spell …": "c a r o l e", "w e i n s t e i n".
pub(super) fn spelled(text: &str, toks: &[Tok], body: usize, end: usize, out: &mut Vec<Span>) {
    let letter = |t: &Tok| t.kind == Kind::Word && t.end - t.start == 1;
    let mut i = body;
    while i < end {
        if letter(&toks[i]) {
            let mut k = i;
            loop {
                if k < end
                    && (letter(&toks[k])
                        || toks[k].is_punct('-')
                        || toks[k].is_punct('.')
                        || toks[k].is_punct(','))
                {
                    k += 1;
                    continue;
                }
                // "n as in nora", "t as in tango": the word only says which letter.
                if k + 2 < end
                    && k > i
                    && letter(&toks[k - 1])
                    && lw(text, &toks[k], "as")
                    && lw(text, &toks[k + 1], "in")
                    && toks[k + 2].kind == Kind::Word
                {
                    k += 3;
                    continue;
                }
                // "double e".
                if k + 1 < end && lw(text, &toks[k], "double") && letter(&toks[k + 1]) {
                    k += 2;
                    continue;
                }
                break;
            }
            while k > i + 1 && matches!(toks[k - 1].kind, Kind::Punct(_)) {
                k -= 1;
            }
            // An e-mail goes on with "at …": the e-mail detector has it.
            let email = toks
                .get(k)
                .is_some_and(|t| lw(text, t, "at") || t.is_punct('@'));
            if k - i >= 2 && !email {
                push_why(
                    toks,
                    i,
                    k,
                    0.8,
                    "name: letters spelled after a spelling question",
                    out,
                );
            }
            i = k;
        } else {
            i += 1;
        }
    }
}

/// "azadeh rahimi spelled r a h i m i", "leif dahl that's d a h l": the letters after
/// "spelled" (or "that's" before three or more letters) on the same line.
pub(super) fn spelled_here(text: &str, toks: &[Tok], body: usize, end: usize) -> Option<usize> {
    let letter =
        |k: usize| k < end && toks[k].kind == Kind::Word && toks[k].end - toks[k].start == 1;
    (body..end).find_map(|k| {
        let t = &toks[k];
        let needed = if ["spelled", "spelt", "spelling"]
            .iter()
            .any(|w| lw(text, t, w))
        {
            2
        } else if ["that's", "thats", "that\u{2019}s"]
            .iter()
            .any(|w| lw(text, t, w))
        {
            3
        } else {
            return None;
        };
        (k + 1..k + 1 + needed).all(letter).then_some(k + 1)
    })
}
