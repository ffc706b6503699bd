//! Context-driven classification of number chunks into card / expiry / CVV / SSN / phone /
//! bank account / date of birth, with shape fallbacks (Luhn + issuer ranges, 3-2-4, NANP).

mod distractors;
mod exchange;
mod runs;
mod shapes;
mod structure;

use super::context::CueHit;
use super::lexicon::{Cue, Num};
use super::names::WEEKDAYS;
use super::numbers::{Chunk, split};
use super::tokens::{Kind, Tokens};
use super::{EntityType, Span, Why};

/// Sensitive cues reach this many lines back; distractor cues only the line itself and, for
/// an answer at the start of its line, the line before.
const CUE_LINES: u32 = 4;

/// Cues looked at when searching back from a number.
const CUE_SCAN: usize = 48;

/// Lead-in / trailing words scanned around a chunk to tell whether it fills its line.
const LINE_SCAN: usize = 40;

/// Distractor words too generic to type the answer on the next line.
const GENERIC_DISTRACTORS: &[&str] = &[
    "after",
    "before",
    "until",
    "since",
    "time",
    "available",
    "need",
    "year",
    "x",
    "case",
    "appointment",
    "reschedule",
];

/// Earlier numbers a read-back is compared with.
const READ_BACK_WINDOW: usize = 16;

use exchange::*;
use runs::typed_card_halves;
use shapes::*;
pub use shapes::{issuer_ok, luhn};
use structure::*;

struct Ctx<'a> {
    text: &'a str,
    tk: &'a Tokens,
    cues: &'a [CueHit],
    consumed: Vec<bool>,
}

impl Ctx<'_> {
    /// Nearest unconsumed cue before chunk `c` that the chunk is compatible with:
    /// (cue index, cue). Also reports the nearest sensitive cue regardless of compatibility.
    fn backward(&self, c: &Chunk) -> (Option<usize>, Option<usize>) {
        // Only lead-in words before the chunk: no other number and no cue of its own.
        let body = self.tk.lines[c.line as usize].body.min(c.t0);
        let first_in_line = self.tk.toks[body..c.t0].iter().all(|t| {
            t.kind != Kind::Digits
                && (t.kind != Kind::Word
                    || ((t.w().common || t.w().filler) && t.w().num == Num::None))
        }) && self.cues[..self.cues.partition_point(|h| h.t1 < c.t0)]
            .last()
            .is_none_or(|h| h.line != c.line);
        let mut nearest_sensitive = None;
        // cues are in token order; find the last one before c.t0
        let mut hi = self.cues.partition_point(|h| h.t1 < c.t0);
        // Bounded so a long line full of cues stays linear.
        let lo = hi.saturating_sub(CUE_SCAN);
        while hi > lo {
            hi -= 1;
            let h = &self.cues[hi];
            if h.line + CUE_LINES < c.line {
                break;
            }
            if self.consumed[hi] {
                continue;
            }
            if h.cue == Cue::Distractor {
                // "expiration month and year": a time word right after an expiry / birth-date
                // cue is part of that question.
                if hi > 0 {
                    let p = &self.cues[hi - 1];
                    if p.line == h.line
                        && matches!(p.cue, Cue::Expiry | Cue::Dob)
                        && h.t0 <= p.t1 + 4
                        && compatible(p.cue, c)
                    {
                        continue;
                    }
                }
                // Generic words ("after", "until", "need") only say what a number on their
                // own line is: "and the account number right after it" asks for an account.
                let generic = self.is_generic(h);
                // The line before counts only as the other party's question.
                let asked = h.line + 1 == c.line
                    && (!self.tk.lines[c.line as usize].speaker
                        || self.speaker(h.line) != self.speaker(c.line));
                let near = h.line == c.line || (first_in_line && asked && !generic);
                // "I'll need your social security number to open the claim": the question
                // names the value first; the distractor is only what it is for.
                let named_first = h.line != c.line
                    && (lo..hi)
                        .rev()
                        .take_while(|&g| self.cues[g].line == h.line)
                        .any(|g| {
                            let g = &self.cues[g];
                            // (Not "compatible": the answer may be a first part, "o forty five".)
                            g.cue != Cue::Distractor && entity_of(g.cue).is_some()
                        });
                if near && !named_first {
                    return (Some(hi), nearest_sensitive);
                }
                continue;
            }
            if nearest_sensitive.is_none() {
                nearest_sensitive = Some(hi);
            }
            if compatible(h.cue, c) {
                // A question listing several fields ("the expiration and security code") is
                // answered in order: take the first unanswered compatible one on that line.
                let mut best = hi;
                if h.line < c.line {
                    let mut j = hi;
                    while j > 0 && j + CUE_SCAN > hi && self.cues[j - 1].line == h.line {
                        j -= 1;
                        let g = &self.cues[j];
                        if !self.consumed[j] && g.cue != Cue::Distractor && compatible(g.cue, c) {
                            best = j;
                        }
                    }
                }
                return (Some(best), nearest_sensitive);
            }
        }
        (None, nearest_sensitive)
    }

    /// A one-word distractor too generic to type an answer by itself ("after", "until").
    fn is_generic(&self, h: &CueHit) -> bool {
        h.cue == Cue::Distractor
            && h.t0 == h.t1
            && GENERIC_DISTRACTORS
                .iter()
                .any(|w| self.tk.toks[h.t0].text(self.text).eq_ignore_ascii_case(w))
    }

    /// Unconsumed cues on the same line right after the chunk (within 4 tokens).
    fn forward(&self, c: &Chunk) -> Option<usize> {
        let lo = self.cues.partition_point(|h| h.t0 <= c.t1);
        let h = self.cues.get(lo)?;
        (h.line == c.line && h.t0 <= c.t1 + 4 && !self.consumed[lo]).then_some(lo)
    }

    /// The chunk ends its line (only fillers/punctuation follow).
    fn ends_line(&self, c: &Chunk) -> bool {
        let ln = &self.tk.lines[c.line as usize];
        // Bounded look-ahead keeps long lines linear.
        ln.end - (c.t1 + 1).min(ln.end) <= LINE_SCAN
            && self.tk.toks[c.t1 + 1..ln.end]
                .iter()
                .all(|t| matches!(t.kind, Kind::Punct(_)) || t.w().filler || t.w().common)
    }

    /// The chunk starts its line body (only fillers / short lead-ins precede).
    fn starts_line(&self, c: &Chunk) -> bool {
        let ln = &self.tk.lines[c.line as usize];
        c.t0 - ln.body.min(c.t0) <= LINE_SCAN
            && self.tk.toks[ln.body.min(c.t0)..c.t0]
                .iter()
                .all(|t| matches!(t.kind, Kind::Punct(_)) || t.w().filler || t.w().common)
    }

    /// The sensitive cue a split run answers: the nearest one (`s`) or another unconsumed one
    /// asked on the same line ("your social security number to run the credit check"), with
    /// the length of the run it takes.
    fn split_cue(
        &self,
        chunks: &[Chunk],
        run: &[(usize, bool)],
        s: usize,
    ) -> Option<(usize, usize)> {
        let line = self.cues[s].line;
        let mut j = s + 1;
        while j > 0 && j + 8 > s {
            j -= 1;
            let h = &self.cues[j];
            if h.line != line {
                break;
            }
            if self.consumed[j] || entity_of(h.cue).is_none() {
                continue;
            }
            if let Some(k) = best_prefix(h.cue, chunks, run).filter(|&k| k > 1) {
                return Some((j, k));
            }
        }
        None
    }

    /// The speaker label of a line, all its words ("Speaker 1" is not "Speaker 2").
    fn speaker(&self, line: u32) -> &str {
        self.tk.speaker(self.text, line as usize)
    }

    #[allow(clippy::too_many_arguments)]
    fn assign(
        &self,
        chunks: &[Chunk],
        members: &[(usize, bool)],
        e: EntityType,
        assigned: &mut [Option<EntityType>],
        decided: &mut [bool],
        joined: &mut Vec<(usize, String, EntityType)>,
        why: Why,
        out: &mut Vec<Span>,
    ) {
        let mut all = String::new();
        for &(m, echo) in members {
            decided[m] = true;
            assigned[m] = Some(e);
            let x = &chunks[m];
            if !echo {
                all.push_str(&x.digits);
            }
            out.push(Span {
                start: x.start,
                end: x.end,
                entity: e,
                confidence: if members.len() == 1 {
                    confidence(e, x)
                } else {
                    0.8
                },
                why,
            });
        }
        if members.len() > 1 {
            joined.push((members[members.len() - 1].0, all, e));
        }
    }

    /// A cue of this kind (or, for an expiry, the word "month") on one of the two lines before
    /// `line`.
    fn asked(&self, line: u32, cue: Cue) -> bool {
        let p = self.cues.partition_point(|h| h.line < line);
        self.cues[..p]
            .iter()
            .rev()
            .take_while(|h| h.line + 2 >= line)
            .any(|h| {
                h.cue == cue
                    || (cue == Cue::Expiry
                        && h.t0 == h.t1
                        && self.tk.toks[h.t0]
                            .text(self.text)
                            .eq_ignore_ascii_case("month"))
            })
    }

    /// The cue hit `h` as an explanation: its rule and where the cue words are.
    fn cue_why(&self, rule: &'static str, h: usize) -> Why {
        let c = &self.cues[h];
        Why {
            rule,
            cue: Some((self.tk.toks[c.t0].start, self.tk.toks[c.t1].end)),
        }
    }
}

pub fn classify(
    text: &str,
    tk: &Tokens,
    chunks: &mut Vec<Chunk>,
    cues: &[CueHit],
    out: &mut Vec<Span>,
) {
    let mut cx = Ctx {
        text,
        tk,
        cues,
        consumed: vec![false; cues.len()],
    };
    let mut assigned: Vec<Option<EntityType>> = vec![None; chunks.len()];
    let mut decided = vec![false; chunks.len()];
    // Chunks whose nearest cue was a distractor (order/ticket/...): never a read-back.
    let mut distracted = vec![false; chunks.len()];
    // Digit strings of numbers assembled from several chunks (split across turns).
    let mut joined: Vec<(usize, String, EntityType)> = Vec::new();
    let mut i = 0;
    while i < chunks.len() {
        let c = &chunks[i];
        if c.taken || decided[i] {
            i += 1;
            continue;
        }
        decided[i] = true;
        if c.time || c.money || c.n() == 0 || cx.followed_by_distractor(c) {
            i += 1;
            continue;
        }
        let (hit, nearest_sensitive) = cx.backward(c);
        // A number split across turns answers the nearest sensitive question even when an
        // older cue would take its first part alone ("six two two" / "four six" / ...).
        if let Some(s) = nearest_sensitive.filter(|&s| hit.is_none_or(|h| s > h)) {
            let run = cx.run(chunks, i, &decided);
            let split = if run.len() > 1 {
                cx.split_cue(chunks, &run, s)
            } else {
                None
            };
            if let Some((cue_at, k)) = split {
                let e = entity_of(cues[cue_at].cue).unwrap_or(EntityType::CreditCard);
                cx.consumed[cue_at] = true;
                let why = cx.cue_why(
                    "cue: the question asked; the answer goes on over several turns",
                    cue_at,
                );
                cx.assign(
                    chunks,
                    &run[..k],
                    e,
                    &mut assigned,
                    &mut decided,
                    &mut joined,
                    why,
                    out,
                );
                i += 1;
                continue;
            }
        }
        // "send the receipt to …" / "Is 5016461209 still the best number?": the question on
        // the number's own line outweighs a distractor on the line before.
        let hit = hit.filter(|&h| {
            !(cues[h].cue == Cue::Distractor
                && cues[h].line != c.line
                && cx
                    .forward(c)
                    .is_some_and(|f| cues[f].cue != Cue::Distractor && compatible(cues[f].cue, c)))
        });
        if let Some(h) = hit {
            // A distractor ("the tracking number is 1 z 4 9 2 w f 5 1 6 …") covers every
            // number it introduces, so it is never used up.
            cx.consumed[h] = cues[h].cue != Cue::Distractor;
            if let Some(mut e) = entity_of(cues[h].cue) {
                // "Acct question" … "470555 0986191165 / 03/29 / 075": a valid card number
                // with an expiry after it is a card, whatever the account cue said.
                if e == EntityType::BankAccount && card_with_expiry_after(&cx, chunks, i) {
                    e = EntityType::CreditCard;
                }
                // The answer may go on over the next turns ("four five three two" / "okay" /
                // "one one five one ..."): take the longest run the cue accepts.
                let run = cx.run(chunks, i, &decided);
                let take = best_prefix(cues[h].cue, chunks, &run).filter(|&k| k > 1);
                let members = match take {
                    Some(k) => &run[..k],
                    None => &run[..1],
                };
                let why = cx.cue_why("cue: the nearest question or label this number answers", h);
                cx.assign(
                    chunks,
                    members,
                    e,
                    &mut assigned,
                    &mut decided,
                    &mut joined,
                    why,
                    out,
                );
            } else if let Some((e, conf, rule)) = fallback(c)
                .filter(|&(_, _, rule)| STRONG_SHAPES.contains(&rule))
                .filter(|&(e, _, _)| {
                    cues[h].line != c.line
                        || cues[h].t1 + 3 < c.t0
                        // "Card for the order: 4111…": the card named first on the line.
                        || (e == EntityType::CreditCard
                            && cues[..h]
                                .iter()
                                .rev()
                                .take_while(|g| g.line == c.line)
                                .any(|g| g.cue == Cue::Card))
                })
            {
                // A valid card number or a phone written as one is what it looks like unless
                // the distractor names it outright ("order # 4111…"): "policy_holder …
                // ccNumber: 6557-…" is still a card, "send the receipt to … / Is 760-851-5871
                // still the best number?" still a phone.
                assigned[i] = Some(e);
                push(out, c, e, conf, rule);
            } else {
                // "billing.month: 10": a month or a year is left to the payment exchange.
                // ("card# 4036… until 02 2033 code 277": a generic "until" before an
                // expiry's shape leaves it to the exchange too.)
                distracted[i] = cues[h].cue == Cue::Distractor
                    && !cx.month_or_year_label(c)
                    && !(cx.is_generic(&cues[h]) && expiry_shape(c));
            }
            i += 1;
            continue;
        }
        // Cue after the number: "4111 ... expiration 05/27".
        if let Some(f) = cx.forward(c) {
            let cue = cues[f].cue;
            let e = if matches!(cue, Cue::Expiry | Cue::Cvv)
                && plain(c)
                && (12..=19).contains(&c.n())
            {
                Some(EntityType::CreditCard)
            } else if cue != Cue::Distractor && compatible(cue, c) {
                entity_of(cue)
            } else {
                None
            };
            if let Some(e) = e {
                assigned[i] = Some(e);
                out.push(Span {
                    start: c.start,
                    end: c.end,
                    entity: e,
                    confidence: confidence(e, c),
                    why: cx.cue_why("cue: a label right after the number", f),
                });
                i += 1;
                continue;
            }
        }
        // Groups read over several turns with no cue at all ("twenty three seventy six" /
        // "okay" / "then oh three sixty three" / ...) that make a valid card number.
        let run = cx.run(chunks, i, &decided);
        if run.len() > 1 && c.n() < 13 {
            if let Some(k) = card_prefix(chunks, &run) {
                let why = Why::rule(
                    "card: groups read over several turns that join into a valid card number",
                );
                cx.assign(
                    chunks,
                    &run[..k],
                    EntityType::CreditCard,
                    &mut assigned,
                    &mut decided,
                    &mut joined,
                    why,
                    out,
                );
                i += 1;
                continue;
            }
        }
        if let Some((e, conf, rule)) = fallback(c) {
            assigned[i] = Some(e);
            push(out, c, e, conf, rule);
        } else if cx.extension_after(c) {
            assigned[i] = Some(EntityType::PhoneNumber);
            push(out, c, EntityType::PhoneNumber, 0.7, EXTENSION);
        } else if !c.weak_at.is_empty() && nearest_sensitive.is_some() {
            // Two numbers joined by "and": classify the parts on their own.
            let parts = split(text, &tk.toks, c);
            let k = parts.len();
            chunks.splice(i..i + 1, parts);
            assigned.splice(i..i + 1, std::iter::repeat_n(None, k));
            decided.splice(i..i + 1, std::iter::repeat_n(false, k));
            distracted.splice(i..i + 1, std::iter::repeat_n(false, k));
            continue;
        }
        i += 1;
    }

    // Expiry and CVV right after a card on the same line ("4111... 05/27 123").
    for i in 0..chunks.len() {
        if assigned[i] != Some(EntityType::CreditCard) {
            continue;
        }
        let mut want = EntityType::CardExpiry;
        for j in i + 1..chunks.len().min(i + 4) {
            let d = &chunks[j];
            if d.line != chunks[i].line || d.taken {
                break;
            }
            // "until 11/32, the 3 on back 860": a digit that names the code's length.
            if d.n() == 1 && want == EntityType::CardCvv && d.typed {
                continue;
            }
            if let Some(e) = assigned[j] {
                if e == EntityType::CardExpiry {
                    want = EntityType::CardCvv;
                    continue;
                }
                break;
            }
            if d.time || d.money {
                break;
            }
            if want == EntityType::CardExpiry
                && expiry_shape(d)
                && (d.slashes + d.dashes == 1 || d.month != 0)
            {
                assigned[j] = Some(want);
                push(
                    out,
                    d,
                    want,
                    0.7,
                    "payment line: the expiry right after the card",
                );
                want = EntityType::CardCvv;
            } else if want == EntityType::CardCvv && compatible(Cue::Cvv, d) {
                assigned[j] = Some(want);
                push(
                    out,
                    d,
                    want,
                    0.7,
                    "payment line: the code right after the card and expiry",
                );
                break;
            } else {
                break;
            }
        }
    }

    typed_card_halves(&cx, chunks, &mut assigned, out);
    read_backs(&cx, chunks, &mut assigned, &distracted, &joined, out);
    payment_exchange(&cx, chunks, &mut assigned, &distracted, out);
    false_starts(&cx, chunks, &mut assigned, &distracted, out);
    // After the exchange: the year it found tells a month named alone is the expiry's.
    month_answers(&cx, out);
    // Codes and expiries the exchange typed may be read back too ("that's seven six three").
    read_backs(&cx, chunks, &mut assigned, &distracted, &joined, out);
    bank_pairs(&cx, chunks, &mut assigned, &distracted, out);
    phone_parts(&cx, chunks, &mut assigned, &distracted, out);
}

const EXTENSION: &str = "phone: ten digits with an extension after them";

fn push(out: &mut Vec<Span>, c: &Chunk, entity: EntityType, confidence: f32, rule: &'static str) {
    out.push(Span {
        start: c.start,
        end: c.end,
        entity,
        confidence,
        why: Why::rule(rule),
    });
}
