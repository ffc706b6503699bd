//! Where a number sits says it is no value: a distractor on the line before, a label that
//! is only "month" or "year", a price, a count, a day in the calendar, a spelled serial.

use super::*;

impl Ctx<'_> {
    /// A distractor cue ("order", "invoice", "since", "zip") earlier on the chunk's line with
    /// no other number in between.
    pub(super) fn distractor_on_line_before(&self, c: &Chunk) -> bool {
        let p = self.cues.partition_point(|h| h.t1 < c.t0);
        let Some(h) = p.checked_sub(1).map(|k| &self.cues[k]) else {
            return false;
        };
        h.cue == Cue::Distractor
            && h.line == c.line
            && self.tk.toks[h.t1 + 1..c.t0]
                .iter()
                .all(|t| t.kind != Kind::Digits && t.w().num == Num::None)
    }

    /// The label just before the number is a bare "month" or "year" (a distractor word
    /// elsewhere): inside a payment exchange it is the expiry's.
    /// So is the other speaker's question just before a turn that is only the number ("the
    /// month on it" / "zero one").
    pub(super) fn month_or_year_label(&self, c: &Chunk) -> bool {
        let p = self.cues.partition_point(|h| h.t1 < c.t0);
        p.checked_sub(1).map(|k| &self.cues[k]).is_some_and(|h| {
            let date_part = h.cue == Cue::Distractor
                && h.t0 == h.t1
                && ["month", "year", "yr", "mo", "mm", "yy", "yyyy"]
                    .iter()
                    .any(|w| self.tk.toks[h.t0].text(self.text).eq_ignore_ascii_case(w));
            let asked = h.line + 1 == c.line
                && self.tk.lines[c.line as usize].speaker
                && self.speaker(h.line) != self.speaker(c.line)
                && self.starts_line(c)
                && self.ends_line(c);
            date_part
                && (asked
                    || h.line == c.line
                    // The whole label ("month: 10"), not "year_of_purchase=2022".
                    && self.tk.toks[h.t1 + 1..c.t0]
                        .iter()
                        .all(|t| matches!(t.kind, Kind::Punct(':' | '=' | '"' | '\'' | ' '))))
        })
    }

    /// Not a value by where it sits: a day of an event ("saturday may twenty fourth", "by
    /// wednesday october twenty eighth") or digits inside a spelled code ("l n f nine y seven
    /// seven four c e nine d": a serial number).
    pub(super) fn event_or_code(&self, c: &Chunk) -> bool {
        let toks = &self.tk.toks;
        let same_line = |k: usize| toks.get(k).filter(|t| t.line == c.line);
        let letter = |k: usize| {
            same_line(k).is_some_and(|t| {
                t.kind == Kind::Word
                    && t.end - t.start == 1
                    && t.text(self.text).bytes().all(|b| b.is_ascii_alphabetic())
            })
        };
        if c.spoken && c.t0 > 0 && letter(c.t0 - 1) && letter(c.t1 + 1) {
            return true;
        }
        // "we'll follow up by october twenty fifth": a month and a day with no year is a
        // day in the calendar, not an expiry (no day) nor a birth date (a year).
        let ordinal = |k: usize| same_line(k).is_some_and(|t| matches!(t.w().num, Num::Ordinal(_)));
        // (After "date of birth please" it is the birthday, its year in the next turn.)
        let born = || {
            let from = self.cues.partition_point(|h| h.line < c.line);
            self.asked(c.line, Cue::Dob)
                || self.cues[from..]
                    .iter()
                    .take_while(|h| h.line == c.line)
                    .any(|h| h.cue == Cue::Dob)
        };
        if c.month != 0 && (ordinal(c.t1) || ordinal(c.t1 + 1)) && !born() {
            let after = if ordinal(c.t1 + 1) {
                c.t1 + 2
            } else {
                c.t1 + 1
            };
            let number_after = (after..after + 3).any(|k| {
                same_line(k).is_some_and(|t| t.kind == Kind::Digits || t.w().num != Num::None)
            });
            if !number_after {
                return true;
            }
        }
        // "charged USD 1754", "says twelve fifty on wednesday the eighth": an amount.
        let word_is = |k: usize, set: &[&str]| {
            same_line(k).is_some_and(|t| {
                set.iter()
                    .any(|w| t.text(self.text).eq_ignore_ascii_case(w))
            })
        };
        if c.n() <= 7
            && c.t0 > 0
            && word_is(c.t0 - 1, &["usd", "eur", "gbp", "cad", "aud", "inr", "jpy"])
        {
            return true;
        }
        if word_is(c.t1 + 1, &["on"]) && word_is(c.t1 + 2, WEEKDAYS) {
            return true;
        }
        // The weekday before the date, past a comma or "the".
        let mut k = c.t0;
        for _ in 0..3 {
            if k == 0 {
                return false;
            }
            k -= 1;
            let Some(t) = same_line(k) else {
                return false;
            };
            let w = t.text(self.text);
            if WEEKDAYS.iter().any(|d| w.eq_ignore_ascii_case(d)) {
                return true;
            }
            if !(t.is_punct(',') || w.eq_ignore_ascii_case("the")) {
                return false;
            }
        }
        false
    }

    pub(super) fn followed_by_distractor(&self, c: &Chunk) -> bool {
        if self.event_or_code(c) {
            return true;
        }
        let Some(n) = self.tk.toks.get(c.t1 + 1) else {
            return false;
        };
        if n.line != c.line {
            return false;
        }
        // "five thirty in the morning": a time of day.
        let word = |k: usize| {
            self.tk
                .toks
                .get(k)
                .filter(|t| t.line == c.line)
                .map(|t| t.text(self.text))
        };
        if word(c.t1 + 1).is_some_and(|w| w.eq_ignore_ascii_case("in"))
            && word(c.t1 + 2).is_some_and(|w| w.eq_ignore_ascii_case("the"))
            && word(c.t1 + 3).is_some_and(|w| {
                ["morning", "afternoon", "evening"]
                    .iter()
                    .any(|x| w.eq_ignore_ascii_case(x))
            })
        {
            return true;
        }
        // "nine ninety nine a month", "twelve fifty per month": a price.
        if word(c.t1 + 1)
            .is_some_and(|w| w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("per"))
            && word(c.t1 + 2).is_some_and(|w| {
                ["month", "year", "week", "day", "piece", "unit", "person"]
                    .iter()
                    .any(|x| w.eq_ignore_ascii_case(x))
            })
        {
            return true;
        }
        if n.kind == Kind::Word && n.w().after_distractor {
            // "of" only counts as "N of them/those".
            if n.text(self.text).eq_ignore_ascii_case("of") {
                return self.tk.toks.get(c.t1 + 2).is_some_and(|m| {
                    let s = m.text(self.text);
                    m.line == c.line
                        && (s.eq_ignore_ascii_case("them")
                            || s.eq_ignore_ascii_case("those")
                            || s.eq_ignore_ascii_case("these"))
                });
            }
            return true;
        }
        false
    }

    /// "Desk: 5551234567 ext 9": ten or eleven digits with an extension after them.
    pub(super) fn extension_after(&self, c: &Chunk) -> bool {
        let n = c.n();
        let same_line = |k: usize| self.tk.toks.get(k).filter(|t| t.line == c.line);
        plain(c)
            && (n == 10 || n == 11 && c.digits.starts_with('1'))
            && same_line(c.t1 + 1).is_some_and(|t| {
                let w = t.text(self.text);
                ["ext", "extension", "x"]
                    .iter()
                    .any(|e| w.eq_ignore_ascii_case(e))
            })
            && same_line(c.t1 + 2).is_some_and(|t| t.kind == Kind::Digits || t.is_punct('.'))
    }
}
