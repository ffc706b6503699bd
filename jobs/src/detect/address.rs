//! Street addresses and post-office boxes:
//! - a house number (typed, spoken, or with a letter: "221B", "six zero six c"), an optional
//!   directional, up to five street words ("seventy third", "28th", "old mill") and a street
//!   suffix ("lane", "Blvd."), then an optional unit tail ("apt seven d", ", Apt 323", "#39",
//!   "suite 200");
//! - "P.O. Box 3945", "po box six five eight", "post office box 603", "POB 33920",
//!   "RR 2 Box 13";
//! - a unit alone on an address's second line ("Address line 2: Unit 8").
//!
//! Number chunks used here are marked taken so the number classifier leaves them alone.

use super::lexicon::Num;
use super::numbers::Chunk;
use super::tokens::{Kind, Tok, Tokens};
use super::{EntityType, Span, Why};

/// Street words between the house number and the suffix.
const MAX_STREET_WORDS: usize = 5;

const STREET: &str = "address: house number, street name and street suffix (unit tail included)";

pub(super) const DIRECTIONALS: &[&str] = &[
    "north", "south", "east", "west", "n", "s", "e", "w", "ne", "nw", "se", "sw", "old", "new",
    "park", "lake", "hill", "main", "first", "second", "third", "upper", "lower", "little", "big",
    "mount", "mt", "saint", "st", "fort", "ft", "port", "center", "centre",
];

pub(super) const UNIT_WORDS: &[&str] = &[
    "apt",
    "apartment",
    "unit",
    "suite",
    "ste",
    "flat",
    "fl",
    "floor",
    "bldg",
    "building",
    "rm",
    "room",
    "lot",
    "space",
    "spc",
    "no",
    "number",
    "trlr",
    "trailer",
    "dept",
    "box",
];

fn lw(text: &str, t: &Tok, w: &str) -> bool {
    t.text(text).eq_ignore_ascii_case(w)
}

/// "221B", "131a", "617a": a house number with a letter.
fn lettered_number(text: &str, t: &Tok) -> bool {
    let s = t.text(text).as_bytes();
    t.kind == Kind::Code
        && s.len() >= 2
        && s.len() <= 7
        && s[..s.len() - 1].iter().all(u8::is_ascii_digit)
        && s[s.len() - 1].is_ascii_alphabetic()
}

/// "5th", "42nd", "28th", "90th".
fn ordinal_code(text: &str, t: &Tok) -> bool {
    let s = t.text(text).to_ascii_lowercase();
    t.kind == Kind::Code
        && ["st", "nd", "rd", "th"].iter().any(|x| s.ends_with(x))
        && s[..s.len() - 2].bytes().all(|b| b.is_ascii_digit())
}

struct Walk<'a> {
    text: &'a str,
    toks: &'a [Tok],
    /// Chunk index by its first token.
    chunk_at: Vec<Option<usize>>,
    /// Each chunk's last token.
    chunk_t1: Vec<usize>,
}

impl Walk<'_> {
    fn same_line(&self, k: usize, line: u32) -> bool {
        k < self.toks.len() && self.toks[k].line == line
    }

    /// From token `k` (right after the house number), the last token of the street name and
    /// suffix, if there is one.
    fn street(&self, mut k: usize, line: u32) -> Option<usize> {
        let (text, toks) = (self.text, self.toks);
        // "six zero six c", "202 a prospect street": a letter after the number.
        if self.same_line(k + 1, line)
            && toks[k].kind == Kind::Word
            && toks[k].end - toks[k].start == 1
            && !lw(text, &toks[k], "i")
        {
            k += 1;
        }
        let mut words = 0;
        // The last suffix seen: "cypress point boulevard" ends at "boulevard", not "point".
        let mut last_suffix = None;
        while self.same_line(k, line) && words <= MAX_STREET_WORDS {
            let t = &toks[k];
            match t.kind {
                Kind::Word => {
                    let w = t.w();
                    if w.street_suffix && words >= 1 {
                        let mut e = k;
                        // "St." keeps its period.
                        if self.same_line(k + 1, line)
                            && toks[k + 1].is_punct('.')
                            && toks[k + 1].start == t.end
                        {
                            e = k + 1;
                        }
                        last_suffix = Some(e);
                        let next_is_suffix = self.same_line(e + 1, line)
                            && toks[e + 1].kind == Kind::Word
                            && toks[e + 1].w().street_suffix;
                        if !next_is_suffix {
                            return last_suffix;
                        }
                        words += 1;
                        k = e + 1;
                        continue;
                    }
                    let spoken_ordinal = matches!(w.num, Num::Ordinal(_))
                        || (matches!(w.num, Num::Tens(_))
                            && self.same_line(k + 1, line)
                            && matches!(toks[k + 1].w().num, Num::Ordinal(_)));
                    if w.num != Num::None && !spoken_ordinal {
                        return last_suffix;
                    }
                    let plain_word = !(w.after_distractor
                        || w.filler
                        || w.cue.is_some()
                        || (w.common && !w.first_name && !w.surname && !w.street_suffix));
                    if !plain_word && !spoken_ordinal && !w.directional {
                        return last_suffix;
                    }
                    words += 1;
                }
                Kind::Code if ordinal_code(text, t) => words += 1,
                Kind::Punct('.') => {}
                _ => return last_suffix,
            }
            k += 1;
        }
        last_suffix
    }

    /// After the suffix at `e`: ", Apt 323", "apt seven d", "#39", "unit one oh one".
    /// Returns the new end and the chunks the unit used.
    fn unit_tail(&self, e: usize, line: u32, used: &mut Vec<usize>) -> usize {
        let (text, toks) = (self.text, self.toks);
        // "Pennsylvania Avenue NW": a quadrant after the suffix is part of the street.
        let quadrant = self.same_line(e + 1, line)
            && toks[e + 1].kind == Kind::Word
            && (["N", "S", "E", "W", "NE", "NW", "SE", "SW"].contains(&toks[e + 1].text(text))
                || ["northeast", "northwest", "southeast", "southwest"]
                    .iter()
                    .any(|w| lw(text, &toks[e + 1], w)));
        let e = if quadrant { e + 1 } else { e };
        let mut k = e + 1;
        if self.same_line(k, line) && toks[k].is_punct(',') {
            k += 1;
        }
        if !self.same_line(k, line) {
            return e;
        }
        let hash = toks[k].is_punct('#');
        if !hash
            && !(toks[k].kind == Kind::Word && toks[k].w().unit_word && !lw(text, &toks[k], "box"))
        {
            return e;
        }
        k += 1;
        if self.same_line(k, line) && (toks[k].is_punct('#') || toks[k].is_punct('.')) {
            k += 1;
        }
        self.unit_value(k, line, used).unwrap_or(e)
    }

    /// A unit's value at `k`: a number (typed or spoken, maybe with a letter: "seven d",
    /// "3c", "17B") or a single letter. Returns its last token.
    fn unit_value(&self, k: usize, line: u32, used: &mut Vec<usize>) -> Option<usize> {
        let (text, toks) = (self.text, self.toks);
        if !self.same_line(k, line) {
            return None;
        }
        let t = &toks[k];
        let mut end = if let Some(ci) = self.chunk_at[k] {
            used.push(ci);
            self.chunk_end(ci)
        } else if t.kind == Kind::Code || (t.kind == Kind::Word && t.end - t.start == 1) {
            k
        } else {
            return None;
        };
        // "seven d", "3 c"
        if self.same_line(end + 1, line)
            && toks[end + 1].kind == Kind::Word
            && toks[end + 1].end - toks[end + 1].start == 1
            && !lw(text, &toks[end + 1], "i")
            && !lw(text, &toks[end + 1], "a")
        {
            end += 1;
        }
        Some(end)
    }

    fn chunk_end(&self, ci: usize) -> usize {
        self.chunk_t1[ci]
    }
}

pub fn detect(text: &str, tk: &Tokens, chunks: &mut [Chunk], out: &mut Vec<Span>) {
    let toks = &tk.toks;
    let mut chunk_at = vec![None; toks.len()];
    for (ci, c) in chunks.iter().enumerate() {
        if c.t0 < toks.len() {
            chunk_at[c.t0] = Some(ci);
        }
    }
    let chunk_t1: Vec<usize> = chunks.iter().map(|c| c.t1).collect();
    let walk = Walk {
        text,
        toks,
        chunk_at,
        chunk_t1,
    };
    let mut used: Vec<usize> = Vec::new();
    let mut claimed = vec![false; chunks.len()];

    // House number + street.
    for ci in 0..chunks.len() {
        let c = &chunks[ci];
        let n = c.n();
        if c.taken
            || claimed[ci]
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
        if let Some(e) = walk.street(c.t1 + 1, c.line) {
            used.clear();
            let end = walk.unit_tail(e, c.line, &mut used);
            claimed[ci] = true;
            for &u in &used {
                claimed[u] = true;
            }
            let start = unit_before(&walk, c.t0, c.line).map_or(c.start, |k| toks[k].start);
            push(out, start, toks[end].end, 0.85, STREET);
        }
    }
    // "221B Baker Street", "889A magnolia drive".
    for (k, t) in toks.iter().enumerate() {
        if lettered_number(text, t) {
            if let Some(e) = walk.street(k + 1, t.line) {
                used.clear();
                let end = walk.unit_tail(e, t.line, &mut used);
                for &u in &used {
                    claimed[u] = true;
                }
                push(out, t.start, toks[end].end, 0.85, STREET);
            }
        }
    }
    // Boxes, rural routes and units standing alone.
    let mut k = 0;
    while k < toks.len() {
        used.clear();
        if let Some((start, end)) =
            po_box(&walk, k, &mut used).or_else(|| unit_line(&walk, tk, k, &mut used))
        {
            for &u in &used {
                claimed[u] = true;
            }
            push(
                out,
                toks[start].start,
                toks[end].end,
                0.85,
                "address: a post-office box, rural route or unit line",
            );
            k = end + 1;
            continue;
        }
        k += 1;
    }
    for (ci, c) in chunks.iter_mut().enumerate() {
        c.taken |= claimed[ci];
    }
}

fn push(out: &mut Vec<Span>, start: usize, end: usize, confidence: f32, rule: &'static str) {
    out.push(Span {
        start,
        end,
        entity: EntityType::StreetAddress,
        confidence,
        why: Why::rule(rule),
    });
}

/// "P.O. Box 3945", "p o box two oh eight", "post office box 603", "POB 33920",
/// "RR 2 Box 13", "rural route 4 box 7": (first token, last token).
fn po_box(w: &Walk<'_>, k: usize, used: &mut Vec<usize>) -> Option<(usize, usize)> {
    let (text, toks) = (w.text, w.toks);
    let t = &toks[k];
    // Every form starts with p/P ("po", "p.o.", "post", "pob") or r/R ("rr", "rural").
    if t.kind != Kind::Word || !matches!(text.as_bytes()[t.start], b'p' | b'P' | b'r' | b'R') {
        return None;
    }
    let line = t.line;
    let word = |i: usize, s: &str| {
        w.same_line(i, line) && toks[i].kind == Kind::Word && lw(text, &toks[i], s)
    };
    let dot = |i: usize| w.same_line(i, line) && toks[i].is_punct('.');
    // Position right after "box" (or "pob"), if this is a box.
    let mut i = k;
    let after_box = if word(i, "pob") {
        Some(i + 1)
    } else {
        // "po", "p.o.", "p o", "post office"
        let mut j = if word(i, "po") {
            i + 1
        } else if word(i, "p") {
            i += 1;
            if dot(i) {
                i += 1;
            }
            if word(i, "o") { i + 1 } else { return None }
        } else if word(i, "post") && word(i + 1, "office") {
            i + 2
        } else if word(i, "rr") || (word(i, "rural") && word(i + 1, "route")) {
            // "RR 2 Box 13": the route number, then the box.
            let mut j = if word(i, "rr") { i + 1 } else { i + 2 };
            let ci = w.chunk_at.get(j).copied().flatten()?;
            used.push(ci);
            j = w.chunk_t1[ci] + 1;
            if !word(j, "box") {
                return Some((k, j - 1));
            }
            j
        } else {
            return None;
        };
        if dot(j) {
            j += 1;
        }
        if !word(j, "box") {
            return None;
        }
        Some(j + 1)
    }?;
    let mut j = after_box;
    if w.same_line(j, line) && (toks[j].is_punct('#') || toks[j].is_punct('.')) {
        j += 1;
    }
    let end = w.unit_value(j, line, used)?;
    Some((k, end))
}

/// An address's second line on its own: "Address line 2 - Unit 8", "Apt 4B".
fn unit_line(w: &Walk<'_>, tk: &Tokens, k: usize, used: &mut Vec<usize>) -> Option<(usize, usize)> {
    let (text, toks) = (w.text, w.toks);
    let t = &toks[k];
    if t.kind != Kind::Word
        || !t.w().unit_word
        || lw(text, t, "box")
        || lw(text, t, "no")
        || lw(text, t, "number")
    {
        return None;
    }
    let ln = &tk.lines[t.line as usize];
    // The unit starts the line's value ("Address line 2 - Unit 8", "Apt/Suite: 17B"), or the
    // line itself, or an address that follows ("Flat 10, 21 Bayberry Gardens").
    let before = &toks[ln.first.min(k)..k];
    let label_says_address = before.len() <= 6
        && before.iter().any(|x| {
            [
                "address",
                "line",
                "unit",
                "apt",
                "suite",
                "apartment",
                "flat",
            ]
            .iter()
            .any(|w| lw(text, x, w))
        });
    let value_start = k == ln.body
        || k == ln.first
        || (k > ln.first && matches!(toks[k - 1].kind, Kind::Punct('-') | Kind::Punct(':')));
    if !(value_start && label_says_address) {
        return None;
    }
    let mut j = k + 1;
    if w.same_line(j, t.line) && (toks[j].is_punct('#') || toks[j].is_punct('.')) {
        j += 1;
    }
    let end = w.unit_value(j, t.line, used)?;
    Some((k, end))
}

/// "Flat 10, 21 Bayberry Gardens": a unit before the house number, ending with a comma.
fn unit_before(w: &Walk<'_>, house: usize, line: u32) -> Option<usize> {
    let (text, toks) = (w.text, w.toks);
    let comma = house
        .checked_sub(1)
        .filter(|&k| toks[k].line == line && toks[k].is_punct(','))?;
    // The unit's value is one or two tokens ("10", "4 b", "3C").
    for len in 1..=2 {
        let unit = comma.checked_sub(len + 1)?;
        let t = &toks[unit];
        if t.line == line && t.kind == Kind::Word && t.w().unit_word && !lw(text, t, "no") {
            return Some(unit);
        }
    }
    None
}
