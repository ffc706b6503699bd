//! Names in typed prose: capitalised first names and surnames, after a title, mid-sentence;
//! first names with a surname from the lexicons; "Last, First" and joined names.

use super::*;

/// In typed text, a capitalised first name and a capitalised surname ("Grace Hopper",
/// "John Smith's"), and a possessive first name ("Maria's card"): the name without its "'s".
pub(super) fn capitalized_names(
    text: &str,
    toks: &[Tok],
    body: usize,
    end: usize,
    out: &mut Vec<Span>,
) {
    let stem = |t: &Tok| -> (usize, &str) {
        let s = t.text(text);
        let cut = s
            .strip_suffix("'s")
            .or_else(|| s.strip_suffix("\u{2019}s"))
            .unwrap_or(s);
        (t.start + cut.len(), cut)
    };
    let lexeme = |s: &str| crate::detect::lexicon::lookup(s);
    let cap = |s: &str| {
        s.chars().next().is_some_and(char::is_uppercase)
            && s.chars()
                .skip(1)
                .all(|c| c.is_lowercase() || c == '\'' || c == '-')
    };
    let mut i = body;
    while i < end {
        let t = &toks[i];
        if t.kind != Kind::Word {
            i += 1;
            continue;
        }
        let (first_end, first) = stem(t);
        let first_name = cap(first)
            && lexeme(first).is_some_and(|w| w.first_rank > 0 && !w.not_name && w.num == Num::None);
        if !first_name {
            i += 1;
            continue;
        }
        // "Grace Hopper", "John Smith's"
        if first_end == t.end
            && i + 1 < end
            && toks[i + 1].kind == Kind::Word
            && toks[i + 1].line == t.line
        {
            let (last_end, last) = stem(&toks[i + 1]);
            let surname = cap(last)
                && last.len() >= 2
                && lexeme(last).is_none_or(|w| {
                    (w.last_rank > 0 || !w.english && !w.common) && !w.not_name && w.cue.is_none()
                });
            if surname {
                out.push(Span {
                    start: t.start,
                    end: last_end,
                    entity: EntityType::PersonName,
                    confidence: 0.75,
                    why: Why::rule("name: capitalised first name and surname"),
                });
                i += 2;
                continue;
            }
        }
        // "Maria's card": a possessive that is not also a word.
        if first_end < t.end && lexeme(first).is_some_and(|w| !w.english && !w.common) {
            out.push(Span {
                start: t.start,
                end: first_end,
                entity: EntityType::PersonName,
                confidence: 0.7,
                why: Why::rule("name: possessive of a first name"),
            });
        }
        i += 1;
    }
}

/// In typed prose: the capitalised words after a title ("Mr. May", "Dr Okafor": the title says
/// it, whatever the word), and a capitalised first name from the lexicons in the middle of a
/// sentence, where capitals mark names ("had given Tyler his address", "shouted at Janet").
pub(super) fn titled_and_mid_sentence(
    text: &str,
    toks: &[Tok],
    body: usize,
    end: usize,
    out: &mut Vec<Span>,
) {
    const TITLES: &[&str] = &[
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "mister", "missus", "madam",
    ];
    let titlecase = |t: &Tok| {
        let s = t.text(text);
        t.kind == Kind::Word
            && s.chars().next().is_some_and(char::is_uppercase)
            && s.chars()
                .skip(1)
                .all(|c| c.is_lowercase() || c == '\'' || c == '-')
            && s.chars().count() >= 2
    };
    let mut i = body;
    while i < end {
        let t = &toks[i];
        if t.kind == Kind::Word && TITLES.iter().any(|w| lw(text, t, w)) {
            let mut k = i + 1;
            if k < end && toks[k].is_punct('.') {
                k += 1;
            }
            let first = k;
            while k < end && k < first + 3 && titlecase(&toks[k]) {
                k += 1;
            }
            if k > first {
                push_why(
                    toks,
                    first,
                    k,
                    0.8,
                    "name: after a title (Mr., Dr., …)",
                    out,
                );
                i = k;
                continue;
            }
        }
        let mid_sentence = i > body
            && !matches!(
                toks[i - 1].kind,
                Kind::Punct('.')
                    | Kind::Punct('!')
                    | Kind::Punct('?')
                    | Kind::Punct('"')
                    | Kind::Punct(':')
                    | Kind::Punct('|')
                    | Kind::Punct('>')
            );
        // Not the first word of a capitalised phrase ("Mark Twain Realty", "Rose Gold").
        let phrase = i + 1 < end && titlecase(&toks[i + 1]);
        // "Lowell, MA": a city before its state.
        let city = i + 2 < end
            && toks[i + 1].is_punct(',')
            && toks[i + 2].kind == Kind::Word
            && toks[i + 2].end - toks[i + 2].start == 2
            && toks[i + 2]
                .text(text)
                .chars()
                .all(|c| c.is_ascii_uppercase());
        if mid_sentence
            && !phrase
            && !city
            && titlecase(t)
            && t.lex.is_some_and(|w| {
                w.first_rank > 0
                    && !w.wordlike
                    && !w.english
                    && !w.common
                    && !w.city
                    && !w.not_name
                    && w.month == 0
                    && w.cue.is_none()
                    && w.num == Num::None
            })
        {
            push_why(
                toks,
                i,
                i + 1,
                0.7,
                "name: a capitalised first name mid-sentence",
                out,
            );
        }
        i += 1;
    }
}

/// A first name (even one that is also a word) followed by a surname from the lexicons that
/// is not a word: "opal kaminski", "may oyelaran", "eugene kaya".
pub(super) fn full_names(text: &str, toks: &[Tok], body: usize, end: usize, out: &mut Vec<Span>) {
    let mut i = body;
    while i + 1 < end {
        let (a, b) = (&toks[i], &toks[i + 1]);
        let first = a
            .lex
            .is_some_and(|w| w.first_rank > 0 && !w.common && !w.city)
            && is_word(text, a);
        let last = is_word(text, b)
            && b.end - b.start >= 3
            && b.lex.is_some_and(|w| {
                w.last_rank > 0 && !w.wordlike && !w.english && !w.common && !w.city
            });
        if first && last && b.line == a.line {
            push_why(
                toks,
                i,
                i + 2,
                0.7,
                "name: a first name and a surname from the name lists",
                out,
            );
            i += 2;
        } else {
            i += 1;
        }
    }
}

/// Chat system messages: "*** Venkatesh has left the conversation ***", "Myrtle joined".
pub(super) fn left_or_joined(
    text: &str,
    toks: &[Tok],
    body: usize,
    end: usize,
    out: &mut Vec<Span>,
) {
    for i in body..end.saturating_sub(1) {
        // System messages are typed: the name has a capital (cheap test first).
        if !text.as_bytes()[toks[i].start].is_ascii_uppercase() {
            continue;
        }
        let next = |k: usize, w: &str| {
            toks.get(k)
                .is_some_and(|t| t.line == toks[i].line && t.text(text).eq_ignore_ascii_case(w))
        };
        let verb = (next(i + 1, "has") && (next(i + 2, "left") || next(i + 2, "joined")))
            || next(i + 1, "joined")
            || (next(i + 1, "is") && next(i + 2, "typing"));
        if verb
            && is_word(text, &toks[i])
            && capitalized(text, &toks[i])
            && !toks[i]
                .lex
                .is_some_and(|w| w.english || w.common || w.speaker)
        {
            push_why(
                toks,
                i,
                i + 1,
                0.7,
                "name: a chat system message about a person",
                out,
            );
        }
    }
}

/// What people do (and things rarely do) right after their name opens a sentence.
const HUMAN_VERBS: &[&str] = &[
    "lives",
    "lived",
    "shouted",
    "said",
    "says",
    "spent",
    "began",
    "wrote",
    "told",
    "asked",
    "replied",
    "answered",
    "works",
    "worked",
    "joined",
    "visited",
    "married",
    "studied",
    "graduated",
    "moved",
    "emailed",
    "texted",
    "phoned",
    "owes",
    "thinks",
    "thought",
    "wants",
    "wanted",
    "needs",
    "needed",
    "likes",
    "loves",
    "loved",
    "met",
    "gave",
];
/// Verbs that also end a notice ("Appt confirmed", "Payment received"): after a known name
/// only.
const NOTICE_VERBS: &[&str] = &[
    "approved",
    "submitted",
    "signed",
    "called",
    "paid",
    "sent",
    "confirmed",
    "booked",
    "cancelled",
    "canceled",
    "ordered",
    "received",
    "reported",
    "requested",
];
/// After these a name opens a sentence only if it is a known first name.
const LINKING_VERBS: &[&str] = &["is", "was", "has", "had", "will", "would", "can", "could"];
/// After "X," these make X someone spoken to ("Jakobine, can I please speak…").
const VOCATIVE_NEXT: &[&str] = &[
    "can", "could", "would", "will", "please", "i", "you", "thanks", "thank", "are", "do", "did",
];

/// A capitalised name opening a sentence as its subject ("Filip lives on Nassaustraat",
/// "Crystal will join the call", "Duqyaha shouted at Janet"), a name spoken to ("Marisca,
/// can I please speak to your boss?") and the speaker after a quote ("says Eklund."). Known
/// first names need only a linking verb; other words need a verb only people do.
pub(super) fn sentence_subjects(
    text: &str,
    toks: &[Tok],
    body: usize,
    end: usize,
    out: &mut Vec<Span>,
) {
    let titlecase = |t: &Tok| {
        let s = t.text(text);
        t.kind == Kind::Word
            && s.chars().count() >= 2
            && s.chars().next().is_some_and(char::is_uppercase)
            // "Marie-Claire": a capital again after a hyphen.
            && s.chars()
                .zip(s.chars().skip(1))
                .all(|(a, c)| c.is_lowercase() || c == '-' || a == '-' && c.is_uppercase())
    };
    let lower_in = |t: &Tok, set: &[&str]| {
        let s = t.text(text);
        t.kind == Kind::Word && set.iter().any(|w| s == *w)
    };
    // A word that may be a name: a first name or surname, or no word we know.
    let nameish = |t: &Tok| {
        t.lex.is_none_or(|w| {
            (w.first_rank > 0 || w.last_rank > 0 || !w.english && !w.common)
                && !w.not_name
                && !w.city
                && w.month == 0
                && w.cue.is_none()
                && w.num == Num::None
                && !w.speaker
        })
    };
    let known_first = |t: &Tok| {
        t.lex
            .is_some_and(|w| w.first_rank > 0 && !w.not_name && w.month == 0 && !w.common)
    };
    for i in body..end {
        let t = &toks[i];
        if !titlecase(t) || !nameish(t) {
            continue;
        }
        let opens = i == body
            || matches!(
                toks[i - 1].kind,
                Kind::Punct('.') | Kind::Punct('!') | Kind::Punct('?') | Kind::Punct('"')
            );
        // "says Eklund." / "said Honoré to James"
        let attributed = i > body
            && lower_in(&toks[i - 1], &["says", "said", "asked", "replied"])
            && toks.get(i + 1).is_none_or(|n| {
                n.line != t.line || matches!(n.kind, Kind::Punct(_)) || lower_in(n, &["to"])
            });
        if attributed && toks[i - 1].line == t.line {
            push_why(toks, i, i + 1, 0.7, "name: who said it, after a quote", out);
            continue;
        }
        if !opens {
            continue;
        }
        let mut k = i + 1;
        if k < end && titlecase(&toks[k]) && nameish(&toks[k]) {
            k += 1; // a surname
        }
        let Some(next) = toks[..end].get(k) else {
            continue;
        };
        if next.line != t.line {
            continue;
        }
        // "Apple reported …" is a company: a surname that is also an English word needs
        // a first name before it ("Marie-Claire Dubois submitted …").
        let known = known_first(t) && t.lex.is_some_and(|w| !w.english && !w.wordlike)
            || k == i + 2
            || t.lex
                .is_some_and(|w| w.last_rank > 0 && !w.english && !w.common && !w.wordlike);
        let subject = lower_in(next, HUMAN_VERBS)
            || (lower_in(next, NOTICE_VERBS) && known)
            || (lower_in(next, LINKING_VERBS) && known_first(t));
        let spoken_to = k == i + 1
            && next.is_punct(',')
            && toks[..end]
                .get(k + 1)
                .is_some_and(|n| n.line == t.line && lower_in(n, VOCATIVE_NEXT))
            && (t.lex.is_none() || known_first(t));
        if subject || spoken_to {
            push_why(
                toks,
                i,
                k,
                0.65,
                "name: a capitalised name opening a sentence, then what people do",
                out,
            );
        }
    }
}

/// Roles a person is named by in brackets after the name.
const BRACKET_ROLES: &[&str] = &[
    "holder",
    "cardholder",
    "policyholder",
    "owner",
    "applicant",
    "coapplicant",
    "guarantor",
    "insured",
    "patient",
    "beneficiary",
    "member",
    "customer",
    "client",
    "spouse",
    "parent",
    "guardian",
    "payer",
    "tenant",
    "self",
    "me",
];

/// "Søren Karimi (account holder)", "Bogdan De Luca (cardholder)": a name before its role.
pub(super) fn role_in_brackets(
    text: &str,
    toks: &[Tok],
    body: usize,
    end: usize,
    out: &mut Vec<Span>,
) {
    for k in body + 1..end {
        if !toks[k].is_punct('(') {
            continue;
        }
        let mut j = k + 1;
        while j < end && j < k + 4 && toks[j].kind == Kind::Word {
            j += 1;
        }
        let role = j > k + 1
            && j < end
            && toks[j].is_punct(')')
            && BRACKET_ROLES.iter().any(|w| lw(text, &toks[j - 1], w));
        if !role {
            continue;
        }
        let mut a = k;
        while a > body
            && k - a < MAX_WORDS
            && is_word(text, &toks[a - 1])
            && capitalized(text, &toks[a - 1])
            && !never_word(text, &toks[a - 1])
        {
            a -= 1;
        }
        push_why(
            toks,
            a,
            k,
            0.8,
            "name: a name before its role in brackets",
            out,
        );
    }
}
