//! A tokenised text's lines: where a leading timestamp ends, where a `label:` (or a
//! chat header, a WebVTT voice tag, a label with its own timestamp) ends and the body begins,
//! and which labels are transcript speakers.

use super::lexicon;
use super::stamps::{after_timestamp, header_then_message, is_meridiem};
use super::tokens::{Kind, Line, Tok, Tokens};

/// The lines of `toks` (0..=`last_line`).
pub(super) fn split(text: &str, toks: &[Tok], last_line: u32) -> Vec<Line> {
    let nlines = last_line as usize + 1;
    let mut lines = Vec::with_capacity(nlines);
    let mut t = 0;
    for ln in 0..nlines as u32 {
        let first = t;
        while t < toks.len() && toks[t].line == ln {
            t += 1;
        }
        let end = t;
        let mut speaker = false;
        let mut labeled = false;
        // `label:` within the first 5 tokens, label made of words only, after an optional
        // "[16:31]" timestamp.
        let start = first;
        let mut k = first;
        // "[2026-11-01 09:05]", "[6/26/26, 4:26 PM]", "(15:12)": up to 14 tokens inside.
        if k < end && (toks[k].is_punct('[') || toks[k].is_punct('(')) {
            let close = if toks[k].is_punct('[') { ']' } else { ')' };
            let inside = k + 1..end.min(k + 16);
            if let Some(at) = inside.clone().find(|&x| toks[x].is_punct(close))
                && (k + 1..at).all(|x| {
                    matches!(toks[x].kind, Kind::Digits | Kind::Punct(_))
                        || is_meridiem(text, &toks[x])
                        // "[2025-01-23T13:45:55Z]": the 'T' and 'Z' of an ISO time.
                        || toks[x].kind == Kind::Code
                            && toks[x].text(text).bytes().all(|b| b.is_ascii_digit() || b == b'T' || b == b'Z')
                })
                && (k + 1..at).any(|x| toks[x].is_punct(':'))
            {
                k = at + 1;
            }
        }
        k = after_timestamp(text, &toks, k, end);
        // "[96.5s] Customer - …", "@3:02 Speaker 1 - …", "<00:01:07> spk_0: …".
        let leading = stamp_len(text, &toks, k, end);
        if leading > 0 && k + leading < end && k == start {
            k += leading;
        }
        // A line opening with a timestamp may use " - " after its label.
        let stamped = k > start;
        // "| Speaker 2 | text", "| spk_0 |": a label framed by pipes.
        // A markdown table row ends in a pipe too; that is cells, not a label.
        // ("00:01:48 | S2 | …": the timestamp took the first pipe as its separator.)
        let opened = k + 2 < end && toks[k].is_punct('|');
        let piped = (opened || (k > start && k + 1 < end && toks[k - 1].is_punct('|')))
            && !toks[end - 1].is_punct('|');
        if opened && piped {
            k += 1;
        }
        // "* Guarantor: …", "- Cardholder: …", "• Name: …": a list's bullet before the label.
        if k + 2 < end
            && matches!(toks[k].kind, Kind::Punct('*' | '-' | '•' | '+'))
            && toks[k].end < toks[k + 1].start
            && matches!(toks[k + 1].kind, Kind::Word)
        {
            k += 1;
        }
        let first = k;
        // Without a label the body starts after the timestamp ("(0:22) five double three").
        let mut body = first;
        // WebVTT's voice tag: "<v Ayu N.>text".
        if k + 3 < end
            && toks[k].is_punct('<')
            && toks[k + 1].text(text) == "v"
            && let Some(close) = (k + 2..end.min(k + 10)).find(|&x| toks[x].is_punct('>'))
            && close > k + 2
            && close + 1 < end
        {
            lines.push(Line {
                start,
                first: k + 2,
                end,
                body: close + 1,
                label_end: close,
                speaker: true,
                labeled: true,
                header: false,
            });
            continue;
        }
        // A chat export's header ("Abebe 10:12") merged with its message: the name is the
        // speaker label, the time part of it.
        if let Some(after) = header_then_message(text, &toks, first, end) {
            lines.push(Line {
                start,
                first,
                end,
                body: after,
                label_end: after.saturating_sub(1),
                speaker: true,
                labeled: true,
                header: true,
            });
            continue;
        }
        // "CSR (Matthias):", "AGENT (Seo-yeon):": a role with the name in brackets.
        let mut brackets = 0;
        let mut label_end = None;
        while k < end && k < first + 5 + brackets {
            // "Speaker 2 15:30:42:", "spk_0 [01:06]:", "Client (10:09:57):", "Homeowner
            // ([51.6s]):", "Staff (@1:44) -": a timestamp between the label and its separator.
            let stamp = if k > first {
                stamp_len(text, &toks, k, end)
            } else {
                0
            };
            if stamp > 0
                && toks.get(k + stamp).is_some_and(|t| {
                    t.line == toks[k].line
                        && matches!(t.kind, Kind::Punct(':' | '-' | '–' | '—' | '|'))
                })
                && k + stamp + 1 < end
            {
                labeled = true;
                label_end = Some(k);
                body = k + stamp + 1;
                speaker = toks[first].w().speaker;
                break;
            }
            match toks[k].kind {
                Kind::Word | Kind::Code | Kind::Digits => k += 1,
                // "Name:", or the closing pipe of "| Name |"; after a leading timestamp,
                // "[96.5s] Customer - …".
                Kind::Punct(p)
                    if k > first
                        && (p == ':'
                            || (p == '|' && piped)
                            || (matches!(p, '-' | '–' | '—')
                                && stamped
                                && toks[k - 1].end < toks[k].start)) =>
                {
                    labeled = true;
                    body = k + 1;
                    speaker = k == first + 1 && toks[first].w().speaker
                        || (k == first + 2
                            && toks[first].w().speaker
                            && toks[first + 1].kind == Kind::Digits);
                    break;
                }
                Kind::Punct('#') | Kind::Punct('/') | Kind::Punct('.') | Kind::Punct('_')
                    if k > first =>
                {
                    k += 1
                }
                Kind::Punct('(') | Kind::Punct(')') if k > first && brackets < 2 => {
                    brackets += 1;
                    k += 1
                }
                _ => break,
            }
        }
        lines.push(Line {
            start,
            first,
            end,
            body,
            label_end: label_end.unwrap_or(body.saturating_sub(1)),
            speaker,
            labeled,
            header: false,
        });
    }
    lines
}

/// Tokens of a transcript timestamp at `k`: "15:30:42", "[01:06]", "(10:09:57)", "([51.6s])",
/// "(@1:44)", "@3:02", "<00:01:07>", "[96.5s]", "(8:41:15 AM)"; 0 when there is none.
fn stamp_len(text: &str, toks: &[Tok], k: usize, end: usize) -> usize {
    let mut i = k;
    let mut open = Vec::new();
    while i < end && open.len() < 2 {
        match toks[i].kind {
            Kind::Punct(c @ ('(' | '[' | '<')) => {
                open.push(match c {
                    '(' => ')',
                    '[' => ']',
                    _ => '>',
                });
                i += 1;
            }
            _ => break,
        }
    }
    if i < end && toks[i].is_punct('@') {
        i += 1;
    }
    // Digits, then ':' or '.' or ',' and more digits; the last part may carry an 's'.
    let digits_at =
        |i: usize| i < end && toks[i].kind == Kind::Digits && toks[i].end - toks[i].start <= 3;
    let seconds_at = |i: usize| {
        i < end && toks[i].kind == Kind::Code && {
            let w = toks[i].text(text);
            w.len() <= 4 && w.ends_with('s') && w[..w.len() - 1].bytes().all(|b| b.is_ascii_digit())
        }
    };
    if !(digits_at(i) || seconds_at(i)) {
        return 0;
    }
    let mut colons = 0;
    let mut seconds = seconds_at(i);
    i += 1;
    while i + 1 < end
        && matches!(toks[i].kind, Kind::Punct(':' | '.' | ','))
        && toks[i - 1].end == toks[i].start
        && (digits_at(i + 1) || seconds_at(i + 1))
    {
        colons += usize::from(toks[i].is_punct(':'));
        seconds |= seconds_at(i + 1);
        i += 2;
    }
    if colons == 0 && !seconds {
        return 0;
    }
    if i < end && super::stamps::is_meridiem(text, &toks[i]) {
        i += 1;
    }
    for close in open.iter().rev() {
        if i < end && toks[i].is_punct(*close) {
            i += 1;
        } else {
            return 0;
        }
    }
    i - k
}

/// Speaker labels are whatever names a transcript uses ("rep:", "member:", "spk_0:", "Dana:"),
/// not a fixed list: a short label is a speaker when the input is a conversation, or when the
/// same label starts two or more lines (form fields do not repeat).
pub fn promote_speakers(tk: &mut Tokens, text: &str, conversational: bool) {
    let short = |ln: &Line| {
        ln.labeled
            && ln.label_end >= ln.first + 1
            && (ln.label_end <= ln.first + 3
                || (ln.label_end <= ln.first + 5 && tk.toks[ln.label_end - 1].is_punct(')')))
    };
    // The label's text as written (compared without case).
    let label = |ln: &Line| -> &str {
        &text[tk.toks[ln.first].start..tk.toks[ln.label_end.max(ln.first + 1) - 1].end]
    };
    let mut labels: Vec<&str> = Vec::new();
    for ln in &tk.lines {
        if short(ln) && labels.len() < 4096 {
            labels.push(label(ln));
        }
    }
    let repeated = |l: &str| {
        labels
            .iter()
            .filter(|x| x.eq_ignore_ascii_case(l))
            .take(2)
            .count()
            >= 2
    };
    // An SMS thread ("Farhana: whats ur address\nHarpreet: 2 Kingsley Crescent"): every line
    // under a one-word label that no dictionary or cue list knows, two people or more.
    let person_label = |ln: &Line| {
        ln.labeled && ln.label_end == ln.first + 1 && {
            let t = &tk.toks[ln.first];
            t.kind == Kind::Word
                && t.text(text).starts_with(char::is_uppercase)
                && t.lex.is_none_or(|w| {
                    w.cue.is_none() && !w.english && !w.common && w.num == lexicon::Num::None
                })
        }
    };
    let filled: Vec<&Line> = tk.lines.iter().filter(|ln| ln.end > ln.start).collect();
    let thread = filled.len() >= 2
        && filled.iter().all(|ln| person_label(ln))
        && filled
            .iter()
            .any(|ln| !label(ln).eq_ignore_ascii_case(label(filled[0])));
    let conversational = conversational || thread;
    let mut promote = Vec::new();
    for (i, ln) in tk.lines.iter().enumerate() {
        if ln.speaker || !short(ln) {
            continue;
        }
        // A label whose first word is a number is a list item or a time ("10:30"), except a
        // one-digit channel number in a conversation ("0:", "1:").
        let first = &tk.toks[ln.first];
        let channel = conversational
            && first.kind == Kind::Digits
            && first.end - first.start == 1
            && ln.body == ln.first + 2;
        if first.kind != Kind::Word && first.kind != Kind::Code && !channel {
            continue;
        }
        if conversational || repeated(label(ln)) {
            promote.push(i);
        }
    }
    for i in promote {
        tk.lines[i].speaker = true;
    }
}
