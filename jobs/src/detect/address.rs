//! Street addresses: a house number (typed or spoken) followed by a street name and a suffix
//! ("4329 oak lane", "ninety seven thirty three pine boulevard", "12 N. Main St").

use super::numbers::Chunk;
use super::tokens::{Kind, Tokens};
use super::{EntityType, Span};

pub fn detect(text: &str, tk: &Tokens, chunks: &mut [Chunk], out: &mut Vec<Span>) {
    let toks = &tk.toks;
    for c in chunks.iter_mut() {
        let n = c.n();
        if c.taken
            || n == 0
            || n > 6
            || c.month != 0
            || c.time
            || c.money
            || c.slashes > 0
            || c.dots > 0
        {
            continue;
        }
        let mut k = c.t1 + 1;
        let mut words = 0;
        let mut suffix_end = None;
        while k < toks.len() && toks[k].line == c.line && words <= 4 {
            let t = &toks[k];
            match t.kind {
                Kind::Word => {
                    let w = t.w();
                    if w.street_suffix && words >= 1 {
                        let mut e = k;
                        // "St." keeps its period.
                        if toks.get(k + 1).is_some_and(|p| {
                            p.is_punct('.') && p.start == t.end && p.line == c.line
                        }) {
                            e = k + 1;
                        }
                        suffix_end = Some(e);
                        break;
                    }
                    if w.num != super::lexicon::Num::None
                        && !matches!(w.num, super::lexicon::Num::Ordinal(_))
                    {
                        break;
                    }
                    if w.after_distractor
                        || w.filler
                        || (w.common && !w.first_name && !w.surname && !w.street_suffix)
                    {
                        // Allow directionals and a few common street words.
                        let s = t.text(text);
                        let ok = [
                            "north", "south", "east", "west", "n", "s", "e", "w", "ne", "nw", "se",
                            "sw", "old", "new", "park", "lake", "hill", "main", "first", "second",
                            "third",
                        ]
                        .iter()
                        .any(|d| s.eq_ignore_ascii_case(d));
                        if !ok {
                            break;
                        }
                    }
                    words += 1;
                }
                Kind::Code => {
                    // "5th", "42nd"
                    let s = t.text(text).to_ascii_lowercase();
                    if s.ends_with("st")
                        || s.ends_with("nd")
                        || s.ends_with("rd")
                        || s.ends_with("th")
                    {
                        words += 1;
                    } else {
                        break;
                    }
                }
                Kind::Punct('.') => {}
                _ => break,
            }
            k += 1;
        }
        if let Some(e) = suffix_end {
            c.taken = true;
            out.push(Span {
                start: c.start,
                end: toks[e].end,
                entity: EntityType::StreetAddress,
                confidence: 0.85,
            });
        }
    }
}
