//! Person names. Candidates come from the name lexicon (US Census first names and surnames,
//! `data/names.txt`), from capitalisation in typed text and from words that are neither
//! English nor numbers; the context decides:
//! - a form field or JSON key whose label means a person ("Cardholder", "guarantor",
//!   "Submitted by", "policy_holder"): its whole value;
//! - an introduction or address ("my name is", "this is", "you've got X on the line",
//!   "speaking with", "under the name", "hi X", "thanks X", "mr X", "my husband X");
//! - a sign-off ("- raj", "best,\nli wei", a last line that is only a name);
//! - a speaker label that is a first name ("Evelyn:");
//! - letters spelled after "how do you spell" ("c a r o l e");
//! - a first name that is not also an everyday word, anywhere ("celestine usually pays").
//! Names that are also words ("will", "grace", "bill") need one of the contexts above.

mod forms;
mod lists;
mod not_names;
mod places;
mod prose;
mod spelled;
mod turns;
mod words;

use super::lexicon::Num;
use super::tokens::{Kind, Line, Tok, Tokens};
use super::{EntityType, InputKind, Span, Why};

use forms::*;
use lists::*;
pub(crate) use lists::{NOT_NAMES, STRONG_BEFORE, WEAK_BEFORE, WEEKDAYS};
use not_names::drop_non_persons;
pub(crate) use places::CITIES;
use places::*;
use prose::*;
use spelled::*;
use turns::*;
use words::*;

/// Most name words one span takes ("Mary Ann De Souza").
const MAX_WORDS: usize = 4;

/// The cue phrases by their first word, strong ones first.
static PHRASES_BY_LEAD: std::sync::LazyLock<
    std::collections::HashMap<&'static str, Vec<(&'static [&'static str], bool)>>,
> = std::sync::LazyLock::new(|| {
    let mut m: std::collections::HashMap<&'static str, Vec<(&'static [&'static str], bool)>> =
        std::collections::HashMap::new();
    for (list, strong) in [(STRONG_BEFORE, true), (WEAK_BEFORE, false)] {
        for p in list {
            m.entry(p[0]).or_default().push((*p, strong));
        }
    }
    m
});

fn lw(text: &str, t: &Tok, w: &str) -> bool {
    (t.kind == Kind::Word || w.len() == 1) && t.text(text).eq_ignore_ascii_case(w)
}

fn is_word(text: &str, t: &Tok) -> bool {
    t.kind == Kind::Word
        && t.end - t.start >= 2
        && !never_word(text, t)
        && t.text(text)
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '\u{2019}'))
}

fn capitalized(text: &str, t: &Tok) -> bool {
    let s = t.text(text);
    let mut cs = s.chars();
    cs.next().is_some_and(char::is_uppercase) && !s.chars().all(|c| !c.is_lowercase())
}

/// A word that is never a name here: numbers, cue words, fillers, frequent words, days,
/// possessives.
fn never_word(text: &str, t: &Tok) -> bool {
    let s = t.text(text);
    never(t) || t.lex.is_some_and(|w| w.not_name) || contraction(s)
}

fn never(t: &Tok) -> bool {
    t.lex.is_some_and(|w| {
        w.num != Num::None
            || w.filler
            || w.cue.is_some()
            || w.month != 0 && w.first_rank == 0
            || (w.common && !w.first_name && !w.surname)
            || w.speaker && w.first_rank == 0
    })
}

/// In the name lexicon, and not also an everyday word.
fn lexicon_name(t: &Tok) -> bool {
    t.lex
        .is_some_and(|w| (w.first_rank > 0 || w.last_rank > 0) && !w.wordlike && !w.common)
}

/// A first name that stands on its own: in the first-name list, not an everyday word.
fn free_first_name(t: &Tok) -> bool {
    t.lex.is_some_and(|w| {
        w.first_rank > 0
            && !w.wordlike
            && !w.common
            && !w.english
            && !w.city
            && w.cue.is_none()
            && !w.speaker
    })
}

/// Neither an English word nor anything the lexicon knows: a rare name ("zeynep").
fn unknown_word(text: &str, t: &Tok) -> bool {
    is_word(text, t) && t.lex.is_none()
}

/// Could `t` be part of a name, given how strongly the context says a name follows?
fn nameish(text: &str, t: &Tok, typed: bool, strong: bool) -> bool {
    if !is_word(text, t) || never(t) {
        return false;
    }
    let wordlike = t.lex.is_some_and(|w| w.wordlike || w.english || w.common);
    if typed && capitalized(text, t) {
        return true;
    }
    if lexicon_name(t) || unknown_word(text, t) {
        return true;
    }
    // "will", "grace": a name only right after a strong cue, and never an English non-name.
    strong && t.lex.is_some_and(|w| w.first_rank > 0 || w.last_rank > 0) && !wordlike
        || strong
            && t.lex
                .is_some_and(|w| w.wordlike && (w.first_rank > 0 || w.last_rank > 0))
}

/// The end (exclusive) of a name starting at `i`: name words, initials ("M."), one comma for
/// "Last, First" in a field value.
fn extend(text: &str, toks: &[Tok], i: usize, end: usize, typed: bool) -> usize {
    let mut k = i + 1;
    let mut words = 1;
    while k < end && words < MAX_WORDS {
        let t = &toks[k];
        if t.line != toks[i].line {
            break;
        }
        // Middle initial: "Elda M. Leininger", "j smith".
        let initial = t.kind == Kind::Word
            && t.end - t.start == 1
            && (typed && capitalized(text, t) || !typed)
            && toks.get(k + 1).is_some_and(|n| {
                n.line == t.line && (n.is_punct('.') || nameish(text, n, typed, false))
            });
        if initial {
            k += 1;
            if toks.get(k).is_some_and(|n| n.is_punct('.')) {
                k += 1;
            }
            continue;
        }
        // "its Beaumont, Alasdair": a surname, a comma, and the first name closing the line.
        let first_after_comma = (typed || capitalized(text, &toks[i]))
            && words == 1
            && t.is_punct(',')
            && toks.get(k + 1).is_some_and(|n| {
                n.line == t.line && capitalized(text, n) && is_word(text, n) && !never(n)
            })
            && toks
                .get(k + 2)
                .is_none_or(|x| x.line != t.line || matches!(x.kind, Kind::Punct(_)));
        if first_after_comma {
            k += 2;
            words += 1;
            continue;
        }
        let surname_like = t
            .lex
            .is_some_and(|w| w.last_rank > 0 && !w.common && !w.english)
            || (typed && capitalized(text, t) && is_word(text, t) && !never(t))
            || (unknown_word(text, t) && !typed);
        if surname_like || (lexicon_name(t) && !t.lex.is_some_and(|w| w.english)) {
            k += 1;
            words += 1;
            continue;
        }
        break;
    }
    k
}

fn push_why(toks: &[Tok], a: usize, b: usize, conf: f32, rule: &'static str, out: &mut Vec<Span>) {
    if b > a {
        out.push(Span {
            start: toks[a].start,
            end: toks[b - 1].end,
            entity: EntityType::PersonName,
            confidence: conf,
            why: Why::rule(rule),
        });
    }
}

/// Does the token sequence at `i` match `phrase` (case-insensitive words)? Returns its end.
fn matches_at(text: &str, toks: &[Tok], i: usize, end: usize, phrase: &[&str]) -> Option<usize> {
    let mut k = i;
    for w in phrase {
        if k >= end || !lw(text, &toks[k], w) {
            return None;
        }
        k += 1;
    }
    Some(k)
}

pub fn detect(text: &str, tk: &Tokens, kind: InputKind, out: &mut Vec<Span>) {
    let mut names = Vec::new();
    find(text, tk, kind, &mut names);
    drop_non_persons(text, out, &mut names);
    out.extend(names);
}

fn find(text: &str, tk: &Tokens, kind: InputKind, out: &mut Vec<Span>) {
    let toks = &tk.toks;
    let typed = kind != InputKind::Call;
    let mut asked_spelling = false;
    let mut asked_name = false;
    for (n, ln) in tk.lines.iter().enumerate() {
        if ln.speaker {
            speaker_label(text, toks, ln, out);
        }
        system_line(text, toks, ln, out);
        closing_name(text, toks, ln.body, ln.end, out);
        let (body, end) = (ln.body, ln.end);
        if !ln.speaker && field_value(text, toks, ln, typed, out) {
            asked_name = false;
            continue;
        }
        // "City: Lowell", "Company name: Harbor Health": another kind of name.
        if ln.labeled && !ln.speaker && non_person_label(text, &toks[ln.first..ln.label_end]) {
            asked_name = false;
            continue;
        }
        if asked_spelling {
            spelled(text, toks, body, end, out);
        } else if let Some(at) = spelled_here(text, toks, body, end) {
            spelled(text, toks, at, end, out);
        }
        if asked_name {
            answer(text, toks, body, end, typed, out);
        }
        in_context(text, toks, body, end, typed, out);
        full_names(text, toks, body, end, out);
        left_or_joined(text, toks, body, end, out);
        free_names(text, toks, body, end, typed, out);
        if typed {
            capitalized_names(text, toks, body, end, out);
            titled_and_mid_sentence(text, toks, body, end, out);
            role_in_brackets(text, toks, body, end, out);
            sentence_subjects(text, toks, body, end, out);
        }
        if typed && n + 1 >= tk.lines.len().saturating_sub(1) {
            sign_off(text, toks, ln, out);
        }
        let (mut spell, mut name, mut who, mut with, mut digits) =
            (false, false, false, false, false);
        for t in &toks[body..end] {
            match t.kind {
                Kind::Digits => digits = true,
                Kind::Word if t.end - t.start <= 8 => {
                    let w = t.text(text);
                    spell |= ["spell", "spelled", "spelling"]
                        .iter()
                        .any(|x| w.eq_ignore_ascii_case(x));
                    name |= w.eq_ignore_ascii_case("name") || w.eq_ignore_ascii_case("surname");
                    who |= w.eq_ignore_ascii_case("who");
                    with |= w.eq_ignore_ascii_case("speaking") || w.eq_ignore_ascii_case("with");
                }
                _ => {}
            }
        }
        asked_spelling = spell;
        asked_name = (name || (who && with)) && !digits;
    }
    json_fields(text, toks, typed, out);
    markup_fields(text, out);
    vcard_names(text, out);
}

/// Names after an introduction, a greeting, a title or a relation word.
fn in_context(text: &str, toks: &[Tok], body: usize, end: usize, typed: bool, out: &mut Vec<Span>) {
    let mut i = body;
    while i < end {
        let mut next = None;
        // Only words that start a cue phrase are tried against the lists (the lexicon marks
        // them), so most tokens cost one flag test.
        let lead = toks[i].lex.is_some_and(|w| w.name_lead) || toks[i].is_punct('-');
        let starting: &[(&[&str], bool)] = if lead {
            PHRASES_BY_LEAD
                .get(toks[i].text(text).to_ascii_lowercase().as_str())
                .map_or(&[], Vec::as_slice)
        } else {
            &[]
        };
        // Strong phrases first: they are listed first for each lead word.
        for strong in [true, false] {
            for p in starting
                .iter()
                .filter(|(_, s)| *s == strong)
                .map(|(p, _)| *p)
            {
                if let Some(mut s) = matches_at(text, toks, i, end, p) {
                    // Skip a title's dot, and after a greeting a comma and fillers: "hi, um,
                    // Maria" (but "412B Ashbury Dr., Omaha" is no doctor).
                    // ("What's your last name? Krylova": the answer after the question mark.)
                    let asks_name = strong && p.last().is_some_and(|w| *w == "name");
                    while s < end
                        && (toks[s].is_punct('.')
                            || asks_name && toks[s].is_punct('?')
                            // "on behalf of my mother, Jóhann D'Souza"
                            || strong
                                && (RELATIONS.contains(&p[0]) || p.last() == Some(&"card"))
                                && toks[s].is_punct(',')
                                && toks.get(s + 1).is_some_and(|n| capitalized(text, n))
                            || !strong
                                && (toks[s].is_punct(',')
                                    || toks[s].lex.is_some_and(|w| w.filler && w.num == Num::None)))
                        && s < i + p.len() + 3
                    {
                        s += 1;
                    }
                    // "Dear Ms. Mizell": the title after "dear" is skipped too.
                    if s < end && TITLES.iter().any(|w| lw(text, &toks[s], w)) && p[0] != "mr" {
                        s += 1;
                        if s < end && toks[s].is_punct('.') {
                            s += 1;
                        }
                    }
                    // "thank you terry", "hi tiara i need …", "alright birdie you're all set":
                    // after a greeting, a first name that is also a word, where the greeting
                    // ends (line end, punctuation or a pronoun follows).
                    // (Or a word no lexicon knows: "thanks so much spyros take care".)
                    let greeting_name = !strong
                        && GREETINGS.contains(&p[0])
                        && s < end
                        && (toks[s].lex.is_some_and(|w| {
                            w.first_rank > 0
                                && !w.not_name
                                && w.num == Num::None
                                // ("Hi Will!", "Oi Hope me manda …": typed with its capital.)
                                && (!w.common || typed && capitalized(text, &toks[s]))
                        }) || toks[s].lex.is_none()
                            && is_word(text, &toks[s])
                            && !matches!(p.last(), Some(&"calling") | Some(&"reached")))
                        && (s + 1 >= end
                            || matches!(toks[s + 1].kind, Kind::Punct(_))
                            || toks[s + 1].lex.is_some_and(|w| w.common || w.filler));
                    if greeting_name {
                        push_why(
                            toks,
                            s,
                            s + 1,
                            0.7,
                            "name: a first name closing a greeting",
                            out,
                        );
                        next = Some(s + 1);
                        break;
                    }
                    // After "thanks for calling" or "you've reached" comes a company as often as
                    // a person: only a first name from the lexicons counts.
                    let company_slot = matches!(p.last(), Some(&"calling") | Some(&"reached"));
                    let lexicon_first = toks.get(s).is_some_and(|t| {
                        t.lex
                            .is_some_and(|w| w.first_rank > 0 && !w.common && !w.city)
                    });
                    // "you've reached Will with Bluefin Travel", "you've reached art how can
                    // i help", "this is will how may i help": a person at a desk.
                    let at_desk = toks.get(s + 1).is_some_and(|n| {
                        ["with", "at", "from", "how", "speaking"]
                            .iter()
                            .any(|w| lw(text, n, w))
                    }) && s < end
                        && first_name_slot(text, &toks[s]);
                    if company_slot && !lexicon_first && !at_desk {
                        continue;
                    }
                    let introduced = p == ["this", "is"] || p == ["you've", "got"];
                    if (company_slot || introduced) && at_desk {
                        push_why(toks, s, s + 1, 0.75, "name: someone at a desk", out);
                        next = Some(s + 1);
                        break;
                    }
                    if s < end
                        && nameish(text, &toks[s], typed, strong)
                        && !(strong == false && !looks_like_name(text, &toks[s], typed))
                    {
                        let b = extend(text, toks, s, end, typed);
                        push_why(
                            toks,
                            s,
                            b,
                            if strong { 0.9 } else { 0.75 },
                            if strong {
                                "name: after an introduction, a title or a relation word"
                            } else {
                                "name: after a greeting or a weak cue, looks like a name"
                            },
                            out,
                        );
                        next = Some(b);
                        break;
                    }
                }
            }
            if next.is_some() {
                break;
            }
        }
        // "X here", "X speaking".
        if next.is_none() && i + 1 < end && AFTER.iter().any(|w| lw(text, &toks[i + 1], w)) {
            // "billing, Drew speaking", "hey will here": right after a greeting, a comma or a
            // desk, a first name that is also a word is still the speaker's.
            let role_slot = i > body
                && toks[i - 1].line == toks[i].line
                && (toks[i - 1].is_punct(',')
                    || ROLE_BEFORE_NAME.iter().any(|w| lw(text, &toks[i - 1], w))
                    || GREETINGS.iter().any(|w| lw(text, &toks[i - 1], w)))
                && first_name_slot(text, &toks[i]);
            if role_slot
                || nameish(text, &toks[i], typed, false) && looks_like_name(text, &toks[i], typed)
            {
                // "bakhyt asante here": the first name before the surname too.
                let from = if i > body
                    && toks[i - 1].line == toks[i].line
                    && nameish(text, &toks[i - 1], typed, false)
                    && looks_like_name(text, &toks[i - 1], typed)
                {
                    i - 1
                } else {
                    i
                };
                push_why(
                    toks,
                    from,
                    i + 1,
                    0.75,
                    "name: 'X here' / 'X speaking'",
                    out,
                );
            }
        }
        i = next.unwrap_or(i + 1);
    }
}

/// After a weak cue ("hi", "thanks"), a name must look like one on its own.
fn looks_like_name(text: &str, t: &Tok, typed: bool) -> bool {
    if t.lex.is_some_and(|w| w.city) {
        return false;
    }
    lexicon_name(t) && !t.lex.is_some_and(|w| w.english)
        || (typed
            && capitalized(text, t)
            && !t
                .lex
                .is_some_and(|w| w.common || w.english && w.first_rank == 0))
        || unknown_word(text, t) && t.end - t.start >= 3
}

/// The answer to "can I get your name": the first name-like words of the turn.
fn answer(text: &str, toks: &[Tok], body: usize, end: usize, typed: bool, out: &mut Vec<Span>) {
    let mut i = body;
    while i < end && i < body + 6 {
        let t = &toks[i];
        // The answer to a name question: a name even if it is also a word ("john"), but a
        // word that is not a first name ("husband", "file") only in capitals.
        let first_name = t.lex.is_some_and(|w| w.first_rank > 0);
        let plausible =
            lexicon_name(t) || unknown_word(text, t) || first_name || typed && capitalized(text, t);
        if plausible && nameish(text, t, typed, true) && !t.lex.is_some_and(|w| w.english) {
            let b = extend(text, toks, i, end, typed);
            push_why(toks, i, b, 0.8, "name: the answer to a name question", out);
            return;
        }
        let leadin =
            matches!(t.kind, Kind::Punct(_)) || t.lex.is_some_and(|w| w.common || w.filler);
        if !leadin {
            return;
        }
        i += 1;
    }
}

/// First names that are not everyday words, wherever they are ("celestine usually takes
/// care of the bills"), with a following surname.
fn free_names(text: &str, toks: &[Tok], body: usize, end: usize, typed: bool, out: &mut Vec<Span>) {
    let mut i = body;
    while i < end {
        let t = &toks[i];
        // In typed text a name with no context is written with a capital; two-letter names
        // ("ji", "an") are words too often to stand alone.
        let written_as_name = !typed || capitalized(text, t);
        let city_then_state = toks.get(i + 1).is_some_and(|c| c.is_punct(','))
            && toks.get(i + 2).is_some_and(|st| {
                st.kind == Kind::Word
                    && st.end - st.start == 2
                    && st.text(text).bytes().all(|b| b.is_ascii_uppercase())
            });
        if is_word(text, t)
            && t.end - t.start >= 3
            && written_as_name
            && !city_then_state
            && free_first_name(t)
        {
            let b = extend(text, toks, i, end, false);
            push_why(
                toks,
                i,
                b,
                0.7,
                "name: a first name that is not an everyday word",
                out,
            );
            i = b;
        } else {
            i += 1;
        }
    }
}

/// "thanks - raj", "best,\nli wei", "-Siobhan": a short last line (or tail after a dash)
/// that is only a name.
fn sign_off(text: &str, toks: &[Tok], ln: &Line, out: &mut Vec<Span>) {
    let (body, end) = (ln.body, ln.end);
    if end <= body {
        return;
    }
    // Tail after a dash: "... thanks - mei".
    let from = (body..end)
        .rev()
        .find(|&k| {
            matches!(
                toks[k].kind,
                Kind::Punct('-') | Kind::Punct('—') | Kind::Punct('–') | Kind::Punct('~')
            )
        })
        .map(|k| k + 1)
        .unwrap_or(body);
    let words = &toks[from..end];
    let n = words.iter().filter(|t| t.kind == Kind::Word).count();
    if (1..=3).contains(&n)
        && words
            .iter()
            .all(|t| t.kind == Kind::Word || t.is_punct('.') || t.is_punct('!'))
        && words.iter().filter(|t| t.kind == Kind::Word).all(|t| {
            !never_word(text, t)
                && (lexicon_name(t)
                    || unknown_word(text, t)
                    || capitalized(text, t) && !t.lex.is_some_and(|w| w.english || w.common))
        })
    {
        let last = (from..end)
            .rev()
            .find(|&k| toks[k].kind == Kind::Word)
            .unwrap_or(from);
        push_why(toks, from, last + 1, 0.75, "name: a sign-off", out);
    }
}
