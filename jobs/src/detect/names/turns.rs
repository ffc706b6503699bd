//! Names in a conversation's structure: speaker labels, chat system lines ("X has joined"),
//! and the name that closes a goodbye.

use super::*;

/// "Evelyn:", "Dean Nguyen:", "Agent Rufus:" as a transcript's speaker label: every word of
/// the label but the role ("agent", "customer", "speaker 1").
pub(super) fn speaker_label(text: &str, toks: &[Tok], ln: &Line, out: &mut Vec<Span>) {
    // "Name:" ends at its colon; a chat header ("Abebe 10:12") at its time.
    let label_end = if ln.header {
        ln.first
            + toks[ln.first..ln.body]
                .iter()
                .take_while(|t| t.kind == Kind::Word)
                .count()
    } else {
        ln.label_end
    };
    // "CSR (Matthias):": the name is what the brackets hold; "Beatrice (Support):" the name
    // is before them.
    let mut label_end = label_end;
    if label_end >= ln.first + 3
        && toks[label_end - 1].is_punct(')')
        && let Some(open) = (ln.first + 1..label_end - 1).find(|&k| toks[k].is_punct('('))
    {
        let inside = &toks[open + 1..label_end - 1];
        let named = (1..=3).contains(&inside.len())
            && inside.iter().all(|t| {
                t.kind == Kind::Word
                    && capitalized(text, t)
                    && !t
                        .lex
                        .is_some_and(|w| w.common || w.speaker && w.first_rank == 0)
            });
        if named {
            push_why(
                toks,
                open + 1,
                label_end - 1,
                0.8,
                "name: a speaker label that is a name",
                out,
            );
            return;
        }
        label_end = open;
    }
    // "Ayu N.", "Wiremu P.:": a trailing initial's dot is not part of the label's words.
    if label_end > ln.first + 1 && toks[label_end - 1].is_punct('.') {
        label_end -= 1;
    }
    let mut a = ln.first;
    while a < label_end
        && toks[a]
            .lex
            .is_some_and(|w| w.speaker && w.first_rank == 0 || w.common && !w.first_name)
    {
        a += 1;
    }
    if a == label_end {
        return;
    }
    let initial = |k: usize| {
        k > a
            && toks[k].end - toks[k].start == 1
            && toks[k].text(text).chars().all(char::is_uppercase)
    };
    let named = (a..label_end).all(|k| {
        let t = &toks[k];
        t.kind == Kind::Word
            && (initial(k)
                || t.end - t.start >= 2
                    && !t
                        .lex
                        .is_some_and(|w| w.speaker && w.first_rank == 0 || w.num != Num::None))
    });
    // WebVTT's `<v Yaw>`: the tag says a person speaks; any word but a role is their name.
    let voice_tag =
        ln.first >= 2 && toks[ln.first - 2].is_punct('<') && toks[ln.first - 1].text(text) == "v";
    // Roles ("Shopper", "teller", "IVR") label transcripts too: a name is in the lexicon and
    // not a word, or a capitalised first and last name.
    let words = &toks[a..label_end];
    let name_like = words.iter().any(|t| {
        t.lex
            .is_some_and(|w| (w.first_rank > 0 || w.last_rank > 0) && !w.wordlike && !w.english)
    }) || words.iter().any(|t| unknown_name_word(text, t))
        || (words.len() >= 2
            && words
                .iter()
                .all(|t| capitalized(text, t) && !t.lex.is_some_and(|w| w.english || w.common)));
    // "Agent Yaw:", "Rep Dana:": a role, then the person's name, whatever the word.
    let after_role = a > ln.first
        && toks[ln.first].lex.is_some_and(|w| w.speaker)
        && words.len() <= 2
        && words.iter().all(|t| capitalized(text, t));
    // "Hunter:", "Grace:" heading turns: a first name that is also a word, as a speaker.
    let first_name_speaker = ln.speaker
        && words.len() == 1
        && capitalized(text, &words[0])
        && words[0]
            .lex
            .is_some_and(|w| w.first_rank > 0 && !w.speaker && !w.common && w.month == 0);
    let voiced = voice_tag
        && words
            .iter()
            .all(|t| capitalized(text, t) || t.text(text).chars().all(char::is_uppercase))
        && !words
            .iter()
            .any(|t| t.lex.is_some_and(|w| w.speaker && w.first_rank == 0));
    if named && (name_like || after_role || first_name_speaker || voiced) {
        push_why(
            toks,
            a,
            label_end,
            0.8,
            "name: a speaker label that is a name",
            out,
        );
    }
}

/// A word no lexicon knows, spelled like a name (letters, 3+ long, not an acronym): in a
/// speaker label, where roles are everyday words ("agent", "concierge", "billing") or known
/// abbreviations, it is someone's name ("nimmi:", "Xiaoling:").
pub(super) fn unknown_name_word(text: &str, t: &Tok) -> bool {
    const ROLES: &[&str] = &[
        "callee", "agt", "cust", "csr", "usr", "rep", "reps", "tech", "mgr", "sys", "ivr", "spkr",
        "host", "cx", "op", "oper", "mod", "admin",
    ];
    let word = t.text(text);
    let lower = word.to_lowercase();
    t.lex.is_none()
        && word.chars().count() >= 3
        && word.chars().all(|c| c.is_alphabetic() || c == '-')
        && !word.starts_with('-')
        // An acronym ("IVR") or a product's CamelCase ("ZenithBot") is not a name.
        && !word.chars().skip(1).any(char::is_uppercase)
        && !lower.ends_with("bot")
        && !ROLES.contains(&lower.as_str())
}

/// A chat system line naming who joined: "Yaw Sesay has joined", "Fatou Oyelaran joined the
/// conversation", "Maricel Pham is now assisting you". The capitalised words before the verb.
pub(super) fn system_line(text: &str, toks: &[Tok], ln: &Line, out: &mut Vec<Span>) {
    let (a, end) = (ln.first, ln.end);
    let mut k = a;
    while k < end && k < a + 3 && toks[k].kind == Kind::Word && capitalized(text, &toks[k]) {
        k += 1;
    }
    if k == a || k >= end {
        return;
    }
    let rest = &toks[k..end.min(k + 4)];
    let said = |words: &[&str]| {
        rest.len() >= words.len() && rest.iter().zip(words).all(|(t, w)| lw(text, t, w))
    };
    let joined = said(&["has", "joined"])
        || said(&["joined"])
        || said(&["is", "now", "assisting"])
        || said(&["has", "entered"])
        || said(&["has", "left"])
        || said(&["left", "the"])
        || said(&["is", "typing"]);
    let roles = toks[a..k].iter().any(|t| {
        t.lex
            .is_some_and(|w| w.speaker || w.common && !w.first_name)
    });
    if joined && !roles {
        push_why(
            toks,
            a,
            k,
            0.8,
            "name: who joined, in a chat's system line",
            out,
        );
    }
}

/// The name that ends a closing ("have a great day aroha", "thanks for calling xiaoling",
/// "take care, Nimmi."): the line's last word, one no lexicon knows or a first name, right
/// after the closing phrase.
pub(super) fn closing_name(text: &str, toks: &[Tok], body: usize, end: usize, out: &mut Vec<Span>) {
    const CLOSINGS: &[&[&str]] = &[
        &["great", "day"],
        &["good", "day"],
        &["nice", "day"],
        &["good", "one"],
        &["take", "care"],
        &["for", "calling"],
        &["thank", "you"],
        &["thanks"],
        &["all", "set"],
        &["bye"],
        &["appreciate", "it"],
        &["so", "much"],
        &["love", "u"],
        &["love", "you"],
    ];
    // "okay bill you're all set", "Okay Rose, you're all set.": the name before the wish.
    const WISHES: &[&[&str]] = &[
        &["you're", "all", "set"],
        &["you", "are", "all", "set"],
        &["you", "have", "a"],
        &["you're", "good", "to", "go"],
        &["take", "care"],
    ];
    let lead = |k: usize| {
        ["okay", "ok", "alright", "thanks"]
            .iter()
            .any(|w| lw(text, &toks[k], w))
    };
    if end > body + 2 && lead(body) {
        let mut k = body + 1;
        let name = k;
        if first_name_slot(text, &toks[name]) {
            k += 1;
            while k < end && toks[k].is_punct(',') {
                k += 1;
            }
            let wish = WISHES.iter().any(|p| {
                k + p.len() <= end
                    && toks[k..k + p.len()]
                        .iter()
                        .zip(p.iter())
                        .all(|(t, w)| lw(text, t, w))
            });
            if wish {
                push_why(
                    toks,
                    name,
                    name + 1,
                    0.7,
                    "name: the name before a goodbye",
                    out,
                );
            }
        }
    }
    let mut last = end;
    while last > body && matches!(toks[last - 1].kind, Kind::Punct(_)) {
        last -= 1;
    }
    if last <= body + 1 {
        return;
    }
    let name = &toks[last - 1];
    // (A first name that is also a word counts after a comma: "Appreciate it, Drew.")
    let is_name = unknown_name_word(text, name)
        || name
            .lex
            .is_some_and(|w| w.first_rank > 0 && !w.common && !w.english && !w.city && !w.not_name)
        || (last >= 2 && toks[last - 2].is_punct(',') && first_name_slot(text, name));
    if !is_name {
        return;
    }
    let mut before = last - 1;
    while before > body && toks[before - 1].is_punct(',') {
        before -= 1;
    }
    let closes = CLOSINGS.iter().any(|phrase| {
        before >= body + phrase.len()
            && toks[before - phrase.len()..before]
                .iter()
                .zip(phrase.iter())
                .all(|(t, w)| lw(text, t, w))
    });
    if closes {
        push_why(
            toks,
            last - 1,
            last,
            0.7,
            "name: the name closing a goodbye",
            out,
        );
    }
}
