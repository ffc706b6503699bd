//! Context cues: words and phrases ("security code", "routing", "order number") that say what
//! the nearby number is. Found once per text, in one left-to-right pass.

use super::lexicon::{Cue, PHRASES};
use super::tokens::{Kind, Tokens};

#[derive(Clone, Copy, Debug)]
pub struct CueHit {
    /// First and last token of the cue phrase.
    pub t0: usize,
    pub t1: usize,
    pub line: u32,
    pub cue: Cue,
}

pub fn cues(text: &str, tk: &Tokens) -> Vec<CueHit> {
    let mut out = Vec::new();
    for ln in &tk.lines {
        let start = if ln.speaker { ln.body } else { ln.first };
        let mut i = start;
        while i < ln.end {
            let t = &tk.toks[i];
            let Some(w) = t.lex else {
                // "cvv2", "cc#" style codes.
                if t.kind == Kind::Code {
                    let s = t.text(text);
                    if s.eq_ignore_ascii_case("cvv2") || s.eq_ignore_ascii_case("cvc2") {
                        out.push(CueHit {
                            t0: i,
                            t1: i,
                            line: t.line,
                            cue: Cue::Cvv,
                        });
                    }
                }
                i += 1;
                continue;
            };
            let mut matched = false;
            if w.phrases != 0 {
                let mut best: Option<(usize, Cue)> = None;
                let mut bits = w.phrases;
                while bits != 0 {
                    let b = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let (words, cue) = PHRASES[b];
                    // Match the remaining words, skipping punctuation like '#'/'.' between them.
                    let mut k = i + 1;
                    let mut ok = true;
                    for wd in &words[1..] {
                        while k < ln.end
                            && matches!(tk.toks[k].kind, Kind::Punct('.') | Kind::Punct('-'))
                        {
                            k += 1;
                        }
                        if k < ln.end
                            && tk.toks[k].kind == Kind::Word
                            && tk.toks[k].text(text).eq_ignore_ascii_case(wd)
                        {
                            k += 1;
                        } else {
                            ok = false;
                            break;
                        }
                    }
                    if ok && best.is_none_or(|(e, _)| k > e) {
                        best = Some((k, cue));
                    }
                }
                if let Some((e, cue)) = best {
                    out.push(CueHit {
                        t0: i,
                        t1: e - 1,
                        line: t.line,
                        cue,
                    });
                    i = e;
                    matched = true;
                }
            }
            if !matched {
                if let Some(c) = w.cue {
                    out.push(CueHit {
                        t0: i,
                        t1: i,
                        line: t.line,
                        cue: c,
                    });
                }
                i += 1;
            }
        }
    }
    out
}
