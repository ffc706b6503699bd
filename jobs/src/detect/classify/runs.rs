//! A number carried on over turns: "four one one one" / "mm-hmm" / "one one one one" …, the
//! parts of one answer, and what may lead into the next part; a card typed in two messages.

use super::*;

impl Ctx<'_> {
    /// Chunk `i` and the chunks that carry its number on over the next turns: each on its own
    /// line, only backchannels ("okay", "mm-hmm") and no cue in between. The flag marks an
    /// echo (the other speaker repeating the previous group), which adds no digits.
    pub(super) fn run(&self, chunks: &[Chunk], i: usize, decided: &[bool]) -> Run {
        let mut out = Run::new(i);
        let c = &chunks[i];
        if !plain(c) || !self.ends_line(c) {
            return out;
        }
        let mut prev = i;
        let mut last = i;
        let mut j = i + 1;
        while j < chunks.len() && out.len() < RUN_MAX {
            let d = &chunks[j];
            let l = &chunks[last];
            // The other speaker repeating the last group ("sorry you cut out after four three
            // eight nine"): an echo, whatever words lead into it.
            let pc = &chunks[prev];
            let echo = d.digits == pc.digits && self.speaker(d.line) != self.speaker(pc.line);
            // ("you have nine payments left": a count, not the next group.)
            if d.taken
                || decided[j]
                || self.followed_by_distractor(d)
                || d.line <= l.line
                || d.line > l.line + 5
                || d.n() == 0
                || !plain(d)
                || (d.dashes > 0 && !card_quarters(d))
                || !(echo || self.starts_line(d))
            {
                break;
            }
            // No cue between the two parts, save a generic word leading into the next part
            // ("after that seven three six oh": not a time).
            let p = self.cues.partition_point(|h| h.t1 < d.t0);
            // (An echo's own words are not a question: "sorry you cut out after …".)
            let cue_between = self.cues[..p]
                .iter()
                .rev()
                .take_while(|h| h.t0 > l.t1)
                .any(|h| !(h.line == d.line && (echo || self.after_that(h))));
            if cue_between {
                break;
            }
            // The turns in between say no number ("these little numbers", "hold on the
            // numbers are so tiny", "mm-hmm"); the cue check above keeps other questions out.
            let between_ok = (l.line + 1..d.line).all(|x| {
                let ln = &self.tk.lines[x as usize];
                ln.end - ln.body <= LINE_SCAN
                    && self.tk.toks[ln.body..ln.end]
                        .iter()
                        .all(|t| t.kind != Kind::Digits && t.kind != Kind::Code)
            });
            if !between_ok {
                break;
            }
            out.push((j, echo));
            // "five five zero zero, forty three forty two": the turn's other groups.
            let mut end = j;
            while !self.ends_line(&chunks[end])
                && out.len() < RUN_MAX
                && chunks.get(end + 1).is_some_and(|e| {
                    e.line == d.line
                        && !e.taken
                        && !decided[end + 1]
                        && plain(e)
                        && self.only_pause_between(&chunks[end], e)
                })
            {
                end += 1;
                out.push((end, false));
            }
            if !self.ends_line(&chunks[end]) {
                break;
            }
            if !echo {
                prev = end;
            }
            last = end;
            j = end + 1;
        }
        out
    }

    /// Only punctuation and fillers between two chunks on a line.
    fn only_pause_between(&self, a: &Chunk, b: &Chunk) -> bool {
        b.t0 > a.t1
            && b.t0 - a.t1 <= 4
            && self.tk.toks[a.t1 + 1..b.t0]
                .iter()
                .all(|t| matches!(t.kind, Kind::Punct(_)) || t.w().filler)
    }

    /// "after that" / "after this" leading into the next part of a number: not a time.
    fn after_that(&self, h: &CueHit) -> bool {
        let word = |t: usize| self.tk.toks.get(t).map(|t| t.text(self.text));
        h.t0 == h.t1
            && word(h.t0).is_some_and(|w| w.eq_ignore_ascii_case("after"))
            && word(h.t0 + 1).is_some_and(|w| {
                ["that", "this", "it", "those"]
                    .iter()
                    .any(|x| w.eq_ignore_ascii_case(x))
            })
    }
}

/// Only a few words and no other number after `c` on its line: "84188577 (2nd half)",
/// "91337758 sorry".
fn words_close_line(cx: &Ctx<'_>, c: &Chunk) -> bool {
    let ln = &cx.tk.lines[c.line as usize];
    let rest = &cx.tk.toks[(c.t1 + 1).min(ln.end)..ln.end];
    rest.len() <= 6 && rest.iter().all(|t| t.kind != Kind::Digits)
}

/// Typed groups of four joined by dashes ("9248-7702"): a piece of a card typed in halves,
/// unlike a date (4-2-2), a phone (3-3-4) or an SSN (3-2-4).
fn card_quarters(c: &Chunk) -> bool {
    !c.spoken && c.groups.len() >= 2 && c.groups.iter().all(|&g| g == 4)
}

/// "4467" / "sorry hit enter 387658230015": a card typed in two messages (Enter pressed too
/// soon), whatever the second message says before its digits, when the two parts join into a
/// valid card number. Luhn and the issuer's range are the evidence; no cue is needed.
pub(super) fn typed_card_halves(
    cx: &Ctx<'_>,
    chunks: &[Chunk],
    assigned: &mut [Option<EntityType>],
    out: &mut Vec<Span>,
) {
    for i in 1..chunks.len() {
        let (a, b) = (&chunks[i - 1], &chunks[i]);
        // (A distractor on the line before does not count: "Ref A60-330734" / "2317" / …)
        let free = |k: usize, c: &Chunk| {
            assigned[k].is_none() && !c.taken && !c.spoken && !c.time && !c.money && !c.ip
        };
        if !free(i - 1, a)
            || !free(i, b)
            || !(a.line < b.line && b.line <= a.line + 2)
            || cx.speaker(a.line) != cx.speaker(b.line)
            || !plain(a)
            || !cx.starts_line(a)
            || !cx.ends_line(a)
            || !(cx.ends_line(b) || words_close_line(cx, b))
            // ("496134064306..." / "2788": the first part may be most of the number.)
            || !(4..=15).contains(&a.n())
            || b.n() < 3
            || !(13..=19).contains(&(a.n() + b.n()))
        {
            continue;
        }
        let joined = format!("{}{}", a.digits, b.digits);
        if !(luhn(&joined) && issuer_ok(&joined)) {
            continue;
        }
        for (k, c) in [(i - 1, a), (i, b)] {
            assigned[k] = Some(EntityType::CreditCard);
            push(
                out,
                c,
                EntityType::CreditCard,
                0.8,
                "card: typed in two messages that join into a valid card number",
            );
        }
    }
}
