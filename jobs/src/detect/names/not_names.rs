//! What looks like a name and is not one: words in a URL, a business, a place or an
//! employer found by a loose cue, a city after an address, a company after the person who
//! speaks for it.

use super::*;

/// Drops from `names` the spans that are something else; `found` holds what the other
/// detectors found (addresses).
pub(super) fn drop_non_persons(text: &str, found: &[Span], names: &mut Vec<Span>) {
    // Words inside a URL or a host name ("portal.apexins.com") are not names, nor is a
    // business's name ("Sage Florists", "Harborline Insurance", "lumen eye care").
    names.retain(|s| {
        !in_url(text, s.start, s.end)
            && !business_name(text, s.start, s.end)
            && !code_or_city_state(&text[s.start..s.end])
    });
    // "moved to Berlin", "grew up in Monroe", "I work for Geoscape", "Austin, Texas": a place
    // or an employer, unless a field label or an introduction said it is a person.
    names.retain(|s| {
        let weak = WEAK_RULES.contains(&s.why.rule);
        !(weak
            && (place_or_employer_slot(text, s.start, s.end)
                || known_place(text, s.start, s.end)
                || office_or_team(text, s.start, s.end)
                || city_after_address(text, found, s.start)))
            && !in_thing_field(text, s.start)
    });
    // "it's de'shawn lefèvre with halcyon", "Gökhan at Vireo here": after a person, the
    // company they speak for.
    names.sort_by_key(|s| (s.start, s.end));
    let employers: Vec<usize> = (1..names.len())
        .filter(|&k| {
            WEAK_RULES.contains(&names[k].why.rule) && {
                let gap = &text[names[k - 1].end.min(names[k].start)..names[k].start];
                let gap = gap.trim();
                ["with", "at", "from"]
                    .iter()
                    .any(|w| gap.eq_ignore_ascii_case(w))
            }
        })
        .collect();
    for k in employers.into_iter().rev() {
        names.remove(k);
    }
}

/// The value of a JSON key or an XML element that names a place or a company
/// (`"city": "Kent"`, `<City>Olympia</City>`).
fn in_thing_field(text: &str, start: usize) -> bool {
    let line = line_before(text, start);
    let before = line.trim_end_matches([' ', '\t', '"']);
    let key = if let Some(open) = before.strip_suffix('>') {
        open.rsplit('<').next().unwrap_or("")
    } else if let Some(k) = before.strip_suffix(':') {
        k.trim_end_matches([' ', '"'])
            .rsplit(['"', '{', ',', ' '])
            .next()
            .unwrap_or("")
    } else {
        return false;
    };
    key.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| THING_NAME_LABELS.iter().any(|l| w.eq_ignore_ascii_case(l)))
}

/// "our Florence office", "the Kent team", "the Paloma thing": a place or a company.
fn office_or_team(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    let prev = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let next = text[end..]
        .trim_start_matches([' ', '\t'])
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    ["our", "the", "your", "their"]
        .iter()
        .any(|w| prev.eq_ignore_ascii_case(w))
        || [
            "office",
            "offices",
            "team",
            "branch",
            "location",
            "store",
            "site",
            "campus",
            "department",
            "dept",
            "clinic",
            "thing",
            "county",
            "area",
            "account",
            "plan",
        ]
        .iter()
        .any(|w| next.eq_ignore_ascii_case(w))
}

/// The town after an address on the same line ("… mesquite way asheville north carolina").
fn city_after_address(text: &str, spans: &[Span], start: usize) -> bool {
    spans.iter().any(|a| {
        a.entity == EntityType::StreetAddress
            && a.end <= start
            && start - a.end <= 40
            && text[a.end..start]
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | ',' | '.' | '\t'))
            // "… Box 240 for Lloyd Barraza": whom it is for.
            && !text[a.end..start].split([' ', ',', '.', '\t']).any(|w| {
                ["for", "to", "by", "with", "from", "and", "attn", "care"]
                    .iter()
                    .any(|x| w.eq_ignore_ascii_case(x))
            })
    })
}

/// Rules that find a name from how it looks or from a loose cue, not from what a label or an
/// introduction says.
const WEAK_RULES: &[&str] = &[
    "name: a first name that is not an everyday word",
    "name: after a greeting or a weak cue, looks like a name",
    "name: a capitalised name opening a sentence, then what people do",
    "name: a capitalised first name mid-sentence",
    "name: capitalised first name and surname",
    "name: a first name and a surname from the name lists",
    "name: a sign-off",
];

/// The words before `start` on its line make it a place ("in", "near", "moved to", "from
/// Paris to") or an employer ("work for", "works at").
fn place_or_employer_slot(text: &str, start: usize, end: usize) -> bool {
    let one_word = !text[start..end].contains(char::is_whitespace);
    let line = line_before(text, start);
    // The last two words before the span, compared without case (no allocation: this runs
    // for every name found).
    let mut words = line
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .rev();
    let (w0, w1) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let is = |w: &str, list: &[&str]| list.iter().any(|x| w.eq_ignore_ascii_case(x));
    let capital_from = || {
        // "from Paris to Berlin": a place a few words back.
        let mut from = line.len().saturating_sub(40);
        while !line.is_char_boundary(from) {
            from += 1;
        }
        let back: Vec<&str> = line[from..].split_whitespace().collect();
        back.windows(2)
            .any(|w| w[0].eq_ignore_ascii_case("from") && w[1].starts_with(char::is_uppercase))
    };
    if is(w0, &["in", "near", "outside", "downtown"]) {
        // "looped in Hunter Thistlewood": a person brought in.
        one_word && !is(w1, BROUGHT_IN)
    } else if w0.eq_ignore_ascii_case("to") {
        is(w1, MOTION_WORDS) || capital_from()
    } else if is(w0, &["for", "at"]) {
        is(w1, &["work", "works", "worked", "working", "job"])
    } else {
        false
    }
}

/// Words before "in" that bring a person in rather than name a place.
const BROUGHT_IN: &[&str] = &[
    "name", "called", "fill", "put", "looped", "loop", "brought", "bring", "roped", "added", "cc",
    "copied", "checked", "check", "logged",
];

/// Words that make the next "to X" a destination.
const MOTION_WORDS: &[&str] = &[
    "moved",
    "move",
    "moving",
    "relocated",
    "relocating",
    "flew",
    "fly",
    "flying",
    "drove",
    "drive",
    "driving",
    "went",
    "go",
    "going",
    "returned",
    "return",
    "travel",
    "traveled",
    "travelled",
    "traveling",
    "travelling",
    "trip",
    "headed",
    "heading",
    "back",
    "welcome",
    "shipped",
    "ship",
    "transferred",
    "commute",
    "commuted",
    "road",
];

/// A single word that is a well-known place ("Texas", "Paris", "Francisco" in "San
/// Francisco").
static PLACE_SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| PLACES.iter().copied().collect());

fn known_place(text: &str, start: usize, end: usize) -> bool {
    let word = &text[start..end];
    if word.contains(char::is_whitespace) {
        return false;
    }
    let before = text[..start].trim_end();
    let prev = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
        .next()
        .unwrap_or("");
    let city_prefix = [
        "san", "santa", "los", "las", "new", "fort", "saint", "st.", "port", "lake", "north",
        "south", "west", "east", "el",
    ]
    .iter()
    .any(|p| prev.eq_ignore_ascii_case(p));
    city_prefix || word.len() <= 16 && PLACE_SET.contains(word.to_ascii_lowercase().as_str())
}

/// The span's last word or the word right after it says what a business does.
fn business_name(text: &str, start: usize, end: usize) -> bool {
    let is_alnum = |c: char| c.is_alphanumeric();
    let last = text[start..end]
        .rsplit(|c: char| !is_alnum(c))
        .find(|w| !w.is_empty());
    let next = text[end..]
        .trim_start_matches([' ', '\t', '-'])
        .split(|c: char| !is_alnum(c))
        .next();
    [last, next]
        .into_iter()
        .flatten()
        .any(|w| BUSINESS_WORDS.iter().any(|b| w.eq_ignore_ascii_case(b)))
}

/// The whitespace-delimited chunk around a span is a URL or host name.
fn in_url(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    // Only a name glued to a '.', '/' or ':' can be part of one.
    let glued = |i: usize| matches!(b.get(i), Some(b'.' | b'/' | b':'));
    if !(start > 0 && glued(start - 1) || glued(end)) {
        return false;
    }
    // Bounded both ways so a long run without spaces stays linear.
    let mut a = start;
    while a > 0 && start - a < 256 && !b[a - 1].is_ascii_whitespace() {
        a -= 1;
    }
    let mut z = end;
    while z < b.len() && z - end < 256 && !b[z].is_ascii_whitespace() {
        z += 1;
    }
    while !text.is_char_boundary(a) {
        a += 1;
    }
    while !text.is_char_boundary(z) {
        z -= 1;
    }
    let chunk = text[a..z].trim_end_matches(['.', ',', '!', '?', ')']);
    chunk.contains("://")
        || chunk.starts_with("www.")
        || (chunk.contains('.')
            && chunk.split('.').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
            }))
}

/// The text before `start` on its line, at most 160 bytes of it (enough for any cue, and
/// linear however long the line).
fn line_before(text: &str, start: usize) -> &str {
    let mut from = start.saturating_sub(160);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..start];
    window.rfind('\n').map_or(window, |i| &window[i + 1..])
}

/// US state and territory codes.
const STATE_CODES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "PR",
];

/// "SAN-GLNHH" (a confirmation code: capitals with a vowelless part of three letters or more)
/// or "Albany NY" (a city and its state code) is no person.
fn code_or_city_state(span: &str) -> bool {
    // (ASCII consonants only: "BJØRN" has its vowel outside ASCII.)
    let vowelless = |p: &str| {
        p.len() >= 3
            && p.bytes().all(|b| {
                b.is_ascii_alphabetic()
                    && !matches!(
                        b.to_ascii_lowercase(),
                        b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
                    )
            })
    };
    let capitals = span.bytes().any(|b| b.is_ascii_alphabetic())
        && !span.bytes().any(|b| b.is_ascii_lowercase());
    if capitals && span.split(['-', ' ']).any(vowelless) {
        return true;
    }
    // "shop.metrocable.com": a host name.
    let parts: Vec<&str> = span.split('.').collect();
    if !span.contains(char::is_whitespace)
        && parts.len() >= 2
        && parts
            .last()
            .is_some_and(|p| p.len() >= 2 && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts.iter().any(|p| p.len() >= 3)
    {
        return true;
    }
    let words: Vec<&str> = span.split_whitespace().collect();
    words.len() == 2
        && words[0].chars().next().is_some_and(char::is_uppercase)
        && words[0].chars().skip(1).any(char::is_lowercase)
        && STATE_CODES.contains(&words[1])
}
