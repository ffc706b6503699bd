//! Spoken and typed number normalisation: groups runs of number tokens (digits, "four",
//! "forty one", "double five", "oh", fillers in between, "-"/"/" separators) into chunks with
//! their digit string and source byte span.

mod normalise;
mod split;
mod words;

use super::lexicon::Num;
use super::tokens::{Kind, Tok, Tokens};
use normalise::normalise;
pub use split::{split, split_at};
use words::*;

#[derive(Clone, Debug, Default)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    /// First and last token (inclusive).
    pub t0: usize,
    pub t1: usize,
    pub line: u32,
    pub digits: String,
    /// Contains number words.
    pub spoken: bool,
    /// Contains typed digit tokens.
    pub typed: bool,
    /// Lengths of typed digit groups, in order (only meaningful when !spoken).
    pub groups: Vec<u8>,
    pub slashes: u8,
    pub dashes: u8,
    pub dots: u8,
    pub commas: u8,
    /// Month number when the chunk starts with a month name.
    pub month: u8,
    /// Looks like a clock time ("10:30", "9am").
    pub time: bool,
    /// Preceded by a currency sign.
    pub money: bool,
    /// Written like a phone number: "(415) ...", "+1 ...".
    pub phone_mark: bool,
    /// Starts with '+': an international number.
    pub plus: bool,
    /// A dotted quad: an IP address, never a value.
    pub ip: bool,
    /// Said the way years are said ("nineteen ninety eight", "two thousand five",
    /// "twenty twenty four"): a year, a date part, never an account or a code.
    pub year_like: bool,
    /// Only used internally: chunk absorbed by another detector (address, e-mail).
    pub taken: bool,
    /// Number tokens of the chunk, in order.
    pub members: Vec<usize>,
    /// Indices into `members` where a part starts after an "and"/"then"/"so" bridge; the chunk
    /// may be two numbers ("oh four twenty eight and five four seven").
    pub weak_at: Vec<usize>,
}

impl Chunk {
    pub fn n(&self) -> usize {
        self.digits.len()
    }

    /// The chunk being built from token `first` follows a '+': "+44 (0)20 …".
    fn plus_pending(&self, toks: &[Tok], first: usize) -> bool {
        first > 0 && toks[first - 1].is_punct('+') && toks[first - 1].end == toks[first].start
    }

    /// The chunk being built from token `first` opened with a bracket: "(415".
    fn phone_mark_pending(&self, toks: &[Tok], first: usize) -> bool {
        first > 0 && toks[first - 1].is_punct('(') && toks[first - 1].end == toks[first].start
    }
}

pub fn chunks(text: &str, tk: &Tokens, excluded: &[bool]) -> Vec<Chunk> {
    let toks = &tk.toks;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !starts(text, toks, i, excluded) {
            i += 1;
            continue;
        }
        let line = toks[i].line;
        let mut members: Vec<usize> = vec![i];
        let mut c = Chunk {
            t0: i,
            line,
            ..Default::default()
        };
        let mut last = i;
        let mut k = i + 1;
        let first_is_month =
            month(&toks[i]) != 0 && toks[i].kind == Kind::Word && num(&toks[i]) == Num::None;
        if first_is_month {
            c.month = month(&toks[i]);
        }
        let mut spoken_dots = 0;
        // "$1368 5371422462821840": an amount ends at the next space.
        // ("USD 1551 4134701128853755": a currency code too.)
        let currency_before = i > 0
            && toks[i - 1].line == line
            && (matches!(
                toks[i - 1].kind,
                Kind::Punct('$') | Kind::Punct('£') | Kind::Punct('€')
            ) || ["usd", "eur", "gbp", "cad", "aud"]
                .iter()
                .any(|w| lower_is(text, &toks[i - 1], w)));
        while k < toks.len() && toks[k].line == line {
            if currency_before && toks[k - 1].end < toks[k].start {
                break;
            }
            let t = &toks[k];
            // Typed groups after a date-like "12/29" start a new chunk, and so does a typed
            // group that itself starts one ("4111 1111 ... 12/29").
            // ("07 slash 25": the year after a spoken slash.)
            let space_before = toks[k - 1].end < t.start
                && !toks[k - 1].is_punct('/')
                && !lower_is(text, &toks[k - 1], "slash");
            // Likewise a spaced group after "07-31" ("07-31 893": expiry, then code).
            // (Only short chunks are summed: the scan stays linear on long runs.)
            let typed_digits: usize = if members.len() <= 2 {
                members.iter().map(|&m| toks[m].end - toks[m].start).sum()
            } else {
                usize::MAX
            };
            let date_break = t.kind == Kind::Digits
                && space_before
                && (c.slashes > 0
                    || (c.dashes == 1 && members.len() == 2 && typed_digits <= 4)
                    // "2032-08 8787": a year and month, then the code.
                    || (c.dashes == 1
                        && members.len() == 2
                        && typed_digits == 6
                        && toks[members[0]].end - toks[members[0]].start == 4
                        && toks[members[0]].end == toks[members[1]].start - 1)
                    || toks.get(k + 1).is_some_and(|n| {
                        n.is_punct('/')
                            && n.line == line
                            && (n.start == t.end || t.end - t.start <= 2)
                    }) && members.iter().all(|&m| toks[m].kind == Kind::Digits));
            if date_break {
                break;
            }
            // "exp 0233 2 9 4": a group of digits, then digits typed one by one, are two values.
            let single = |x: usize| {
                toks.get(x).is_some_and(|d| {
                    d.line == line && d.kind == Kind::Digits && d.end - d.start == 1
                })
            };
            let group_then_singles = t.kind == Kind::Digits
                && toks[last].kind == Kind::Digits
                && toks[last].end - toks[last].start >= 3
                && single(k)
                && single(k + 1)
                && toks[k - 1].end < t.start;
            if group_then_singles {
                break;
            }
            if continues(text, toks, last, k, excluded) && !(month(t) != 0 && num(t) == Num::None) {
                members.push(k);
                last = k;
                k += 1;
                continue;
            }
            // "4111 1111, and then 1111, 1111": a comma before a bridge word is the bridge's;
            // the filler rule below decides whether the number goes on.
            if t.is_punct(',')
                && toks.get(k + 1).is_some_and(|n| {
                    n.line == line
                        && n.kind == Kind::Word
                        && (n.w().filler && num(n) == Num::None
                            || pause_len(text, toks, k + 1).is_some())
                })
            {
                k += 1;
                continue;
            }
            // Separators between typed or spoken groups.
            if let Kind::Punct(p) = t.kind {
                // "...", "…", "–", "—" between groups read as pauses, like a comma.
                let mut n = k + 1;
                if p == '.' {
                    while n < toks.len() && n < k + 3 && toks[n].is_punct('.') {
                        n += 1;
                    }
                }
                let pause = matches!(p, '…' | '–' | '—') || (p == '.' && n > k + 1);
                let century = c.month != 0 && members.len() == 1 && year_apostrophe(toks, k);
                let p = if pause {
                    ','
                } else if century {
                    '/' // "Jan '32"
                } else {
                    p
                };
                if matches!(p, '-' | '/' | '.' | ',' | ')' | '(')
                    && n < toks.len()
                    && toks[n].line == line
                {
                    let tight = toks[last].end == t.start && toks[n - 1].end == toks[n].start;
                    let group =
                        |x: &Tok| x.kind == Kind::Digits && (3..=6).contains(&(x.end - x.start));
                    // "5590. 5911. 1396", "3528, 1367, 2152": typed groups split by a
                    // separator and a space, as people type card numbers.
                    // The last group of a card may be short: "4070. 5702. 1988. 0",
                    // "3681, 8378, 7543, 14" (13- and 14-digit cards).
                    let card_groups = members.len() >= 3
                        && members[members.len() - 3..].iter().all(|&m| {
                            toks[m].kind == Kind::Digits && toks[m].end - toks[m].start == 4
                        })
                        && toks[n].kind == Kind::Digits
                        && toks[n].end - toks[n].start <= 3;
                    let loose_groups = !tight
                        && group(&toks[last])
                        && (group(&toks[n]) || card_groups)
                        && c.month == 0;
                    // "02/2031 - 291": a spaced dash after a date separates the next value.
                    if p == '-' && !tight && c.slashes > 0 && !pause {
                        break;
                    }
                    // " / " with spaces separates values ("4111… / 12-27 / 321").
                    if p == '/' && !tight && !century && toks[n].kind == Kind::Digits {
                        let so_far: usize = if members.len() <= 2 {
                            members.iter().map(|&m| toks[m].end - toks[m].start).sum()
                        } else {
                            usize::MAX
                        };
                        // ("6011 / 7418 / 5205 / 9131", "3775 / 296770 / 51362": card groups.)
                        let card_group = |x: &Tok| {
                            x.kind == Kind::Digits && (4..=6).contains(&(x.end - x.start))
                        };
                        // (Bounded: at most four groups are summed.)
                        let card_groups = card_group(&toks[last])
                            && card_group(&toks[n])
                            && members.len() <= 4
                            && members.iter().all(|&m| card_group(&toks[m]))
                            && members
                                .iter()
                                .map(|&m| toks[m].end - toks[m].start)
                                .sum::<usize>()
                                <= 12;
                        if (so_far > 2 || toks[n].end - toks[n].start == 3) && !card_groups {
                            break;
                        }
                    }
                    let ok_next = continues(text, toks, last, n, excluded)
                        || (p == ')'
                            && n + 1 < toks.len()
                            && continues(text, toks, last, n + 1, excluded));
                    let both_digits =
                        toks[last].kind == Kind::Digits && toks[n].kind == Kind::Digits;
                    let ok = match p {
                        // "Seven 56. Twenty three, forty one zero nine": a recogniser's full
                        // stop between spoken groups is a pause, like its comma.
                        '.' => {
                            (tight && both_digits)
                                || loose_groups
                                || (!tight
                                    && !both_digits
                                    && ok_next
                                    && c.month == 0
                                    && c.slashes == 0)
                        }
                        ',' => {
                            (tight && both_digits)
                                || loose_groups
                                || (toks[last].kind == Kind::Digits
                                    && toks[n].kind == Kind::Word
                                    && ok_next)
                                || (toks[last].kind == Kind::Word
                                    && toks[n].kind == Kind::Digits
                                    && ok_next)
                                // "March 3, 1985"
                                || (c.month != 0
                                    && toks[last].kind == Kind::Digits
                                    && toks[n].kind == Kind::Digits
                                    && toks[n].end - toks[n].start == 4)
                                || (toks[last].kind == Kind::Word
                                    && toks[n].kind == Kind::Word
                                    && ok_next)
                                // "742, 99, 4726": an SSN's three groups typed with commas.
                                || ssn_groups(toks, &members, n)
                        }
                        // "(415) 555": the area code's closing bracket, nothing else.
                        // Only an area code's bracket: "(415) 555", "+44 (0)20".
                        ')' => {
                            // "(415)", and "(07)", "(02)": a trunk prefix and area digit.
                            let area_len = toks[last].end - toks[last].start;
                            let area_code = members.len() == 1
                                && toks[last].kind == Kind::Digits
                                && (area_len == 3
                                    || (area_len == 2
                                        && text.as_bytes()[toks[last].start] == b'0'));
                            ok_next
                                && ((area_code && (c.phone_mark || c.phone_mark_pending(toks, i)))
                                    || c.plus_pending(toks, i)
                                    || c.phone_mark && members.len() >= 2)
                        }
                        // "1 (415) 555-2671": an area code in brackets inside the number.
                        '(' => {
                            toks[n].kind == Kind::Digits
                                && (toks[n].end - toks[n].start == 3
                                    || c.plus_pending(toks, i) && toks[n].end - toks[n].start <= 4)
                                && toks.get(n + 1).is_some_and(|x| x.is_punct(')'))
                        }
                        _ => ok_next,
                    };
                    if ok {
                        match p {
                            '/' => c.slashes = c.slashes.saturating_add(1),
                            // ("twenty-nine", "five-oh-seven": a spoken word's hyphen.)
                            '-' if !(toks[last].kind == Kind::Word
                                && toks[n].kind == Kind::Word) =>
                            {
                                c.dashes = c.dashes.saturating_add(1)
                            }
                            '.' if tight => c.dots = c.dots.saturating_add(1),
                            // Only "1,234" is a thousands separator; a comma between spoken
                            // groups is just a pause.
                            // "1,234" is a thousands separator; "4503,9736" card groups.
                            ',' if both_digits
                                && tight
                                && !pause
                                && toks[n].end - toks[n].start == 3 =>
                            {
                                c.commas = c.commas.saturating_add(1)
                            }
                            '(' | ')' => c.phone_mark = true,
                            _ => {}
                        }
                        k = n;
                        continue;
                    }
                }
                break;
            }
            // "may of twenty seven"
            if first_is_month
                && last == i
                && lower_is(text, t, "of")
                && k + 1 < toks.len()
                && toks[k + 1].line == line
                && continues(text, toks, last, k + 1, excluded)
            {
                k += 1;
                continue;
            }
            // "oh five of twenty seven", "12 of 27": a month number, "of", a year.
            if !first_is_month
                && lower_is(text, t, "of")
                && k + 1 < toks.len()
                && toks[k + 1].line == line
                && month_number(text, toks, &members)
                && matches!(num(&toks[k + 1]), Num::Tens(_))
                && continues(text, toks, last, k + 1, excluded)
            {
                k += 1;
                continue;
            }
            // "one nine two dot one six eight dot …": a spoken IP address (or decimal).
            if t.kind == Kind::Word
                && t.text(text).eq_ignore_ascii_case("dot")
                && k + 1 < toks.len()
                && toks[k + 1].line == line
                && toks[last].kind == Kind::Word
                && continues(text, toks, last, k + 1, excluded)
            {
                spoken_dots += 1;
                k += 1;
                continue;
            }
            // Spoken separators: "oh five slash twenty seven", "one two three dash four five".
            if t.kind == Kind::Word
                && (t.text(text).eq_ignore_ascii_case("slash")
                    || t.text(text).eq_ignore_ascii_case("dash"))
                && k + 1 < toks.len()
                && toks[k + 1].line == line
                && continues(text, toks, last, k + 1, excluded)
            {
                if t.text(text).eq_ignore_ascii_case("slash") {
                    c.slashes = c.slashes.saturating_add(1);
                } else {
                    c.dashes = c.dashes.saturating_add(1);
                }
                k += 1;
                continue;
            }
            // Fillers between number words ("um", "uh, hang on", "let me see").
            if t.kind == Kind::Word && (t.w().filler || pause_len(text, toks, k).is_some()) {
                let mut m = k;
                let mut weak = false;
                let mut limit = k + 4;
                while m < toks.len() && toks[m].line == line && m < limit {
                    if let Some(n) = pause_len(text, toks, m) {
                        m += n;
                        limit += n;
                        continue;
                    }
                    let filler = toks[m].kind == Kind::Word
                        && toks[m].w().filler
                        && num(&toks[m]) == Num::None;
                    if !filler && !toks[m].is_punct(',') {
                        break;
                    }
                    weak |= toks[m].kind == Kind::Word && toks[m].w().weak_filler;
                    m += 1;
                }
                if m < toks.len()
                    && toks[m].line == line
                    && continues(text, toks, last, m, excluded)
                    && !matches!(num(&toks[m]), Num::Hundred | Num::Thousand)
                {
                    let spoken_one = (toks[last].kind == Kind::Word || toks[m].kind == Kind::Word)
                        && c.slashes == 0
                        && c.dashes == 0
                        && !toks.get(m + 1).is_some_and(|n| {
                            // (A spoken word's hyphen is no date's: "and forty-one".)
                            n.is_punct('/')
                                || n.is_punct('-')
                                    && !(toks[m].kind == Kind::Word
                                        && toks.get(m + 2).is_some_and(|x| x.kind == Kind::Word))
                        });
                    // "4386 and 2663 and 7978": typed card groups joined by "and".
                    // "2470 seven 998, and then 5774": groups in a rendering that mixes
                    // numerals and words go on the same way.
                    let mixed = members.iter().any(|&x| toks[x].kind == Kind::Word)
                        && members.iter().any(|&x| toks[x].kind == Kind::Digits);
                    let len = |x: usize| toks[x].end - toks[x].start;
                    let typed_groups = toks[last].kind == Kind::Digits
                        && toks[m].kind == Kind::Digits
                        && (len(last) == 4 && len(m) == 4
                            || mixed && (3..=4).contains(&len(last)) && (3..=4).contains(&len(m)));
                    if !weak || spoken_one || typed_groups {
                        // "five hundred and thirty six" is one number.
                        if weak && num(&toks[last]) != Num::Hundred {
                            c.weak_at.push(members.len());
                        }
                        k = m;
                        continue;
                    }
                }
                break;
            }
            break;
        }
        c.t1 = last;
        c.start = toks[i].start;
        // "the fifth of may ...": a day before the month belongs to the date.
        if c.month != 0 && i >= 2 && lower_is(text, &toks[i - 1], "of") && toks[i - 2].line == line
        {
            let d = &toks[i - 2];
            let day = matches!(num(d), Num::Ordinal(_) | Num::Unit(_) | Num::Teen(_))
                || (d.kind == Kind::Code && d.end - d.start <= 4)
                || (d.kind == Kind::Digits && d.end - d.start <= 2);
            if day && !excluded[i - 2] {
                c.start = d.start;
                if i >= 3 && toks[i - 3].line == line && matches!(num(&toks[i - 3]), Num::Tens(_)) {
                    c.start = toks[i - 3].start;
                }
            }
        }
        c.end = toks[last].end;
        // "(415) 555-2671", "+1 415 ...": the opening bracket / plus belongs to the number.
        if i > 0 && toks[i - 1].line == line && toks[i - 1].end == toks[i].start {
            let p = &toks[i - 1];
            let area_len = toks[i].end - toks[i].start;
            let bracket = p.is_punct('(')
                && toks[i].kind == Kind::Digits
                && (area_len == 3 || (area_len == 2 && text.as_bytes()[toks[i].start] == b'0'))
                && toks.get(i + 1).is_some_and(|x| x.is_punct(')'));
            if bracket || (p.is_punct('+') && toks[i].kind == Kind::Digits) {
                c.start = p.start;
                c.phone_mark = true;
                c.plus |= p.is_punct('+');
                if bracket && i > 1 {
                    let q = &toks[i - 2];
                    if q.is_punct('+') && q.line == line && q.end == p.start {
                        c.start = q.start;
                        c.plus = true;
                    }
                }
            }
        }
        // "plus four four two oh seven nine …": a spoken plus and a country code.
        if i > 0
            && toks[i - 1].line == line
            && toks[i].kind == Kind::Word
            && lower_is(text, &toks[i - 1], "plus")
        {
            c.start = toks[i - 1].start;
            c.phone_mark = true;
            c.plus = true;
        }
        // "pay twelve twenty nine today", "a charge of nine ninety nine": an amount.
        const AMOUNT_BEFORE: &[&str] = &[
            "pay", "paying", "paid", "charge", "charged", "owe", "owed", "costs", "cost", "price",
            "total", "refund", "refunded", "amount", "balance", "fee", "bill", "billed", "spent",
            "rate", "payment",
        ];
        let mut p = i;
        if p > 0
            && ["of", "is", "was", "be"]
                .iter()
                .any(|w| lower_is(text, &toks[p - 1], w))
        {
            p -= 1;
        }
        let amount_before = p > 0
            && toks[p - 1].line == line
            && AMOUNT_BEFORE
                .iter()
                .any(|w| lower_is(text, &toks[p - 1], w));
        // Flags from neighbours.
        if i > 0 && toks[i - 1].line == line {
            let p = &toks[i - 1];
            if matches!(
                p.kind,
                Kind::Punct('$') | Kind::Punct('£') | Kind::Punct('€')
            ) {
                c.money = true;
            }
            // "10:30" (not the colon of a "speaker 2:" label).
            if p.is_punct(':')
                && i > 1
                && toks[i - 2].kind == Kind::Digits
                && toks[i - 2].end == p.start
                && p.end == toks[i].start
            {
                c.time = true;
            }
        }
        if let Some(n) = toks.get(last + 1) {
            if n.line == line
                && n.is_punct(':')
                && toks
                    .get(last + 2)
                    .is_some_and(|d| d.kind == Kind::Digits && d.start == n.end)
            {
                c.time = true;
            }
            if n.line == line && n.is_punct('%') {
                c.money = true;
            }
        }
        normalise(text, toks, &members, &mut c);
        // (A card number after "charge" is still a card: only short numbers are amounts.)
        c.money |= amount_before && c.digits.len() <= 7;
        c.members = members;
        // "2539/3935/5499/9081": slashes between long groups separate card groups, not a date.
        if c.slashes >= 2 && !c.spoken && c.groups.len() >= 3 && c.groups.iter().all(|&g| g >= 3) {
            c.slashes = 0;
        }
        // "876/39/3440", "876.39.3440": written like 876-39-3440 (no date has a 3-digit part).
        if !c.spoken && c.groups == [3, 2, 4] && (c.slashes == 2 || c.dots == 2) {
            c.slashes = 0;
            c.dots = 0;
            c.dashes = 2;
        }
        // "10.162.227.175"
        c.ip = (c.dots == 3 && !c.spoken && c.groups.len() == 4 && c.groups.iter().all(|&g| g <= 3))
                || spoken_dots >= 1
                // "example.org/t/8246624323": a number in a URL's path is an address too.
                || (!c.spoken && in_url_path(toks, i));
        // "12.99": a single dot before two final digits is a price, unless it could be a
        // month and year ("(02.27)" after a card): the payment exchange decides those.
        if c.dots == 1 && !c.spoken && c.groups.last() == Some(&2) && c.groups.len() == 2 {
            let month = c.digits[..c.digits.len() - 2]
                .parse::<u32>()
                .is_ok_and(|m| (1..=12).contains(&m));
            c.money = !month || c.groups[0] != 2;
        }
        out.push(c);
        i = last + 1;
    }
    out
}
