//! Names in fields: form lines, JSON keys, markup and URL-encoded forms whose label means a
//! person (and the labels that mean a place or an organisation instead).

use super::*;

/// A field whose label means a person: "Cardholder: Hefner, Antonette", "Submitted by - X".
/// Returns whether the line was such a field (its value is taken whole).
pub(super) fn field_value(
    text: &str,
    toks: &[Tok],
    ln: &Line,
    typed: bool,
    out: &mut Vec<Span>,
) -> bool {
    let (label_end, value) = if ln.labeled {
        (ln.label_end, ln.body)
    } else if let Some(k) = (ln.first + 1..ln.end.min(ln.first + 6)).find(|&k| {
        (toks[k].is_punct('-') || toks[k].is_punct('=') || toks[k].is_punct('|'))
            && toks[k - 1].end < toks[k].start
    }) {
        (k, k + 1)
    } else {
        return false;
    };
    if !person_label(text, &toks[ln.first..label_end]) {
        return false;
    }
    name_value(text, toks, value, ln.end, typed, out);
    true
}

pub(super) fn non_person_label(text: &str, label: &[Tok]) -> bool {
    label.iter().any(|t| {
        t.kind == Kind::Word
            && THING_NAME_LABELS
                .iter()
                .any(|w| t.text(text).eq_ignore_ascii_case(w))
    }) && !person_label(text, label)
}

pub(super) fn person_label(text: &str, label: &[Tok]) -> bool {
    let words: Vec<String> = label
        .iter()
        .filter(|t| t.kind == Kind::Word)
        .map(|t| {
            let w = t.text(text).to_ascii_lowercase();
            // "Pet's name" is the pet's.
            w.strip_suffix("'s")
                .or_else(|| w.strip_suffix("\u{2019}s"))
                .unwrap_or(&w)
                .to_string()
        })
        .collect();
    // "Name on card", "Name on the account": the holder's name.
    let name_on =
        words.first().is_some_and(|w| w == "name") && words.get(1).is_some_and(|w| w == "on");
    name_on
        || !words.is_empty()
            && words.iter().any(|w| PERSON_LABELS.contains(&w.as_str()))
            && !words.iter().any(|w| no_person_label(w.as_str()))
            && !(words.len() == 1
                && matches!(
                    words[0].as_str(),
                    "by" | "to" | "from" | "full" | "account" | "co" | "who"
                ))
}

/// The value of a person field: its words up to the first digit, '@' or a long run.
pub(super) fn name_value(
    text: &str,
    toks: &[Tok],
    from: usize,
    end: usize,
    typed: bool,
    out: &mut Vec<Span>,
) {
    let mut k = from;
    while k < end && matches!(toks[k].kind, Kind::Punct('"') | Kind::Punct('\'')) {
        k += 1;
    }
    // "Ms. Jane Doe": the title is not part of the name.
    if k < end
        && ["mr", "mrs", "ms", "miss", "mx", "dr", "prof"]
            .iter()
            .any(|w| lw(text, &toks[k], w))
    {
        k += 1;
        if k < end && toks[k].is_punct('.') {
            k += 1;
        }
    }
    let start = k;
    let mut last = None;
    let mut words = 0;
    while k < end && words <= MAX_WORDS + 1 {
        let t = &toks[k];
        match t.kind {
            Kind::Word if !never(t) || capitalized(text, t) || t.end - t.start == 1 => {
                words += 1;
                last = Some(k);
            }
            Kind::Punct(',') | Kind::Punct('.') | Kind::Punct('-') | Kind::Punct('\'') => {}
            _ => break,
        }
        k += 1;
    }
    let _ = typed;
    // "Fri", "Wednesday, Mar": a day, not a person.
    // A name that is also a word ("Rose", "Will", "Chase") is a name under such a label.
    let person_word = toks[start..k.min(end)].iter().any(|t| {
        t.kind == Kind::Word
            && t.end - t.start >= 2
            && (!never_word(text, t) || t.lex.is_some_and(|w| w.wordlike && w.month == 0))
            && !t.lex.is_some_and(|w| w.month != 0 && w.first_rank == 0)
            && !WEEKDAYS.iter().any(|day| lw(text, t, day))
    });
    if let Some(l) = last.filter(|_| person_word) {
        if words <= MAX_WORDS + 1 {
            push_why(
                toks,
                start,
                l + 1,
                0.85,
                "name: the value of a field whose label means a person",
                out,
            );
        }
    }
}

/// `"guarantor": "June Pettus"`, `"ccHolderName": "…"`: JSON keys whose words mean a person.
pub(super) fn json_fields(text: &str, toks: &[Tok], typed: bool, out: &mut Vec<Span>) {
    if !text.contains("\":") && !text.contains("\" :") {
        return;
    }
    let mut i = 0;
    while i + 3 < toks.len() {
        if !toks[i].is_punct('"') {
            i += 1;
            continue;
        }
        // "key" : "value" (a key of up to 7 words joined by `_` is 13 tokens)
        let Some(close) = (i + 1..(i + 16).min(toks.len())).find(|&k| toks[k].is_punct('"')) else {
            i += 1;
            continue;
        };
        let colon = close + 1;
        if !toks.get(colon).is_some_and(|t| t.is_punct(':'))
            || !toks.get(colon + 1).is_some_and(|t| t.is_punct('"'))
        {
            i = close;
            continue;
        }
        let key: String = toks[i + 1..close].iter().map(|t| t.text(text)).collect();
        if json_key_is_person(&key) {
            let vstart = colon + 2;
            let vend = (vstart..toks.len().min(vstart + 64))
                .find(|&k| toks[k].is_punct('"'))
                .unwrap_or(toks.len().min(vstart + 64));
            name_value(text, toks, vstart, vend, typed, out);
        }
        i = colon + 1;
    }
}

/// Splits `policy_holder`, `ccHolderName`, `applicant-name` into words and asks
/// [`PERSON_LABELS`].
pub(super) fn json_key_is_person(key: &str) -> bool {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    // A case change splits ("ccHolderName"), judged on the key as written: an all-caps key
    // ("EMERGENCY_CONTACT") splits at its underscores only.
    let mut previous_lower = false;
    for c in key.chars() {
        if c == '_' || c == '-' || c == ' ' || c == '.' {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
        } else if c.is_uppercase() && !cur.is_empty() && previous_lower {
            words.push(std::mem::take(&mut cur));
            cur.push(c.to_ascii_lowercase());
        } else {
            cur.push(c.to_ascii_lowercase());
        }
        previous_lower = c.is_lowercase();
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    // "name on card", "NAME_ON_CARD": the holder's name, whatever it is on.
    if words
        .windows(2)
        .any(|pair| pair[0] == "name" && pair[1] == "on")
    {
        return true;
    }
    // "cc", "card" + "holder" is the cardholder.
    let holder = words
        .iter()
        .any(|w| w == "holder" || w == "cardholder" || w == "policyholder");
    (holder
        || words.iter().any(|w| {
            PERSON_LABELS.contains(&w.as_str())
                && !matches!(
                    w.as_str(),
                    "by" | "to" | "from" | "full" | "account" | "co" | "who" | "user"
                )
        }))
        && !words
            .iter()
            .any(|w| no_person_label(w.as_str()) && w != "user")
        || words.iter().any(|w| w == "name")
            && !words
                .iter()
                .any(|w| no_person_label(w.as_str()) || w == "user" || w == "file")
}

pub(super) static MARKUP_FIELD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(
    || {
        regex::Regex::new(
        r#"(?im)<(?:label|td|th|dt)[^>]*>\s*([^<]{1,40}?)\s*:?\s*</(?:label|td|th|dt)>\s*(?:<td[^>]*>|<dd[^>]*>|<input[^>]*?value\s*=\s*")\s*([^"<]{1,80})|(?:^|[?&])([A-Za-z_]{2,40})=([^&\s]{1,80})|^[ \t]*([A-Za-z][A-Za-z_.-]{1,40})[ \t]*=[ \t]*([^\n&=<]{1,80})$|<span[^>]*label[^>]*>\s*([^<]{1,40}?)\s*:?\s*</span>\s*<span[^>]*>\s*([^<]{1,80})|<([A-Za-z][A-Za-z_-]{0,30})>[ \t]*([^<\n]{1,80}?)[ \t]*</[A-Za-z][A-Za-z_-]{0,30}>|<input[^>]*?name\s*=\s*"([^"]{1,40})"[^>]*?value\s*=\s*"([^"]{1,80})"|(?:^|[ \t])([A-Za-z][A-Za-z_]{1,30})="([^"\n<>]{1,80})"(?:[ \t]|$)"#,
    )
    .expect("valid regex")
    },
);

/// Names in markup and URL-encoded forms: `<label>Patient Name:</label> <input value="…">`,
/// `<td>Family name</td><td>Vo</td>`, `given_name=Rahul&last_name=…`, a `KEY=value` line,
/// `<span class="label">Applicant:</span> <span class="value">…</span>`, `<first>Selam</first>`,
/// `<input name="first" value="…">`, `first=Oluwaseun last="Bergström"`.
pub(super) fn markup_fields(text: &str, out: &mut Vec<Span>) {
    if !(text.contains('<') || text.contains('=')) {
        return;
    }
    for c in MARKUP_FIELD.captures_iter(text) {
        // Which alternative matched: markup cells, URL-encoded, `KEY=value` lines,
        // `<span class="label">…</span> <span>…</span>`, an XML element (`<last>Vu</last>`),
        // an input's name and value, or a logfmt `key="value"`.
        let Some((label, value)) = [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12), (13, 14)]
            .into_iter()
            .find_map(|(l, v)| Some((c.get(l)?.as_str(), c.get(v)?)))
        else {
            continue;
        };
        let v = value.as_str().trim_end();
        let plain = !v.is_empty()
            && v.chars()
                .all(|ch| ch.is_alphabetic() || matches!(ch, ' ' | '-' | '\'' | '.' | ',' | '+'))
            && v.split([' ', '+']).filter(|w| !w.is_empty()).count() <= MAX_WORDS;
        if plain && json_key_is_person(label) {
            let start = value.start();
            out.push(Span {
                start,
                end: start + v.len(),
                entity: EntityType::PersonName,
                confidence: 0.8,
                why: Why::rule(
                    "name: a form field (markup or URL-encoded) whose label means a person",
                ),
            });
        }
    }
}

/// A vCard's `N:Family;Given;Middle;Prefix;Suffix` and `FN:Full Name` lines (parameters
/// such as `N;CHARSET=UTF-8:` allowed): each non-empty part is a name.
pub(super) fn vcard_names(text: &str, out: &mut Vec<Span>) {
    if !text.contains("BEGIN:VCARD") {
        return;
    }
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let upper = line.get(..3).unwrap_or("").to_ascii_uppercase();
        let named = upper.starts_with("FN:")
            || upper.starts_with("FN;")
            || upper.starts_with("N:")
            || upper.starts_with("N;");
        let Some(colon) = line.find(':').filter(|_| named) else {
            continue;
        };
        let mut part_start = start + colon + 1;
        for part in line[colon + 1..].trim_end_matches(['\r', '\n']).split(';') {
            let trimmed = part.trim();
            if !trimmed.is_empty() && trimmed.chars().any(char::is_alphabetic) {
                let offset = part.find(trimmed).unwrap_or(0);
                out.push(Span {
                    start: part_start + offset,
                    end: part_start + offset + trimmed.len(),
                    entity: EntityType::PersonName,
                    confidence: 0.9,
                    why: Why::rule("name: a vCard's name line (N:, FN:)"),
                });
            }
            part_start += part.len() + 1;
        }
    }
}
