//! A linear tokenizer: words, digit runs, mixed codes and single punctuation characters, each
//! with byte offsets and a line number. Lines that start with `label:` record the label.

use super::lexicon::{self, Word};
use super::stamps::{after_timestamp, header_then_message, is_meridiem, merge_message_headers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Letters (with inner apostrophes or hyphens).
    Word,
    /// ASCII digits only.
    Digits,
    /// Letters and digits mixed ("1Z99...", "HB-556", "smith88", "9am", "25th").
    Code,
    /// Any other non-space character.
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub line: u32,
    pub lex: Option<&'static Word>,
}

impl Tok {
    #[inline]
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
    #[inline]
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
    #[inline]
    pub fn w(&self) -> Word {
        self.lex.copied().unwrap_or_default()
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Line {
    /// First token of the line, a leading timestamp included.
    pub start: usize,
    /// First token of the line after a leading timestamp ("[16:31]", "2024-11-10T07:13:54Z").
    pub first: usize,
    /// One past the last token of the line.
    pub end: usize,
    /// First token after a `label:` prefix (== first when there is none).
    pub body: usize,
    /// One past the label's last word: the ':' itself, or a timestamp written after the
    /// label ("Speaker 2 15:30:42:", "Client (10:09:57):").
    pub label_end: usize,
    /// The label is a transcript speaker ("agent", "customer"), not a form field.
    pub speaker: bool,
    /// The line has a `label:` prefix.
    pub labeled: bool,
    /// The label is a chat export's header line ("Abebe 10:12") above the message.
    pub header: bool,
}

pub struct Tokens {
    pub toks: Vec<Tok>,
    pub lines: Vec<Line>,
}

#[inline]
fn is_alnum(c: char) -> bool {
    c.is_alphanumeric()
}

pub fn tokenize(text: &str) -> Tokens {
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 4 + 4);
    let mut line: u32 = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            i += 1;
            continue;
        }
        if c == b' ' || c == b'\t' || c == b'\r' {
            i += 1;
            continue;
        }
        let ch = if c < 0x80 {
            c as char
        } else {
            text[i..].chars().next().unwrap_or(' ')
        };
        // No-break, thin and other Unicode spaces ("4650\u{a0}6661") are spaces.
        if c >= 0x80 && ch.is_whitespace() {
            i += ch.len_utf8();
            continue;
        }
        if is_alnum(ch) {
            // Alphanumeric run; joins across ' or ’ between letters and across '-' when a letter
            // is on either side (so "mm-hmm", "acme-corp", "HB-55677" stay one token, while
            // "4111-1111" is split into digit groups).
            let start = i;
            let mut has_alpha = false;
            let mut has_digit = false;
            let mut j = i;
            loop {
                // ASCII letters and digits without decoding (most of the text).
                while j < b.len() && b[j].is_ascii_alphanumeric() {
                    if b[j].is_ascii_digit() {
                        has_digit = true;
                    } else {
                        has_alpha = true;
                    }
                    j += 1;
                }
                let Some(cj) = text[j..].chars().next() else {
                    break;
                };
                if is_alnum(cj) {
                    if cj.is_ascii_digit() {
                        has_digit = true;
                    } else {
                        has_alpha = true;
                    }
                    j += cj.len_utf8();
                    continue;
                }
                if cj == '\'' || cj == '\u{2019}' || cj == '-' {
                    let after = j + cj.len_utf8();
                    let next = text[after..].chars().next();
                    let prev = text[..j].chars().next_back();
                    if let (Some(n), Some(p)) = (next, prev) {
                        let ok = if cj == '-' {
                            is_alnum(n)
                                && is_alnum(p)
                                && (!p.is_ascii_digit() || !n.is_ascii_digit())
                                && !(is_number_word_end(&text[start..j]) && n.is_alphabetic())
                        } else {
                            n.is_alphabetic() && p.is_alphabetic()
                        };
                        if ok {
                            j = after;
                            continue;
                        }
                    }
                }
                break;
            }
            let kind = match (has_alpha, has_digit) {
                (_, false) => Kind::Word,
                (false, true) => Kind::Digits,
                (true, true) => Kind::Code,
            };
            let lex = if kind == Kind::Word {
                lexicon::lookup(&text[start..j])
            } else {
                None
            };
            // "five-oh-seven-eight", "two-one-five-four": digits said with hyphens between
            // (a recogniser's way of writing a spelled-out number) are the number words.
            if kind == Kind::Word && text[start..j].contains('-') {
                let word = &text[start..j];
                let parts: Vec<&str> = word.split('-').collect();
                let spoken_digits = parts.len() >= 2
                    && parts
                        .iter()
                        .all(|p| lexicon::lookup(p).is_some_and(|w| w.num != lexicon::Num::None));
                // "N-O-V-O-T-N-A", "M-c-k-e-n-z-i-e": a name spelled with hyphens.
                let spelled_letters = parts.len() >= 3
                    && parts
                        .iter()
                        .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
                if spoken_digits || spelled_letters {
                    let mut s = start;
                    for p in parts {
                        toks.push(Tok {
                            start: s,
                            end: s + p.len(),
                            kind: Kind::Word,
                            line,
                            lex: lexicon::lookup(p),
                        });
                        s += p.len() + 1;
                    }
                    i = j;
                    continue;
                }
            }
            if kind == Kind::Code && text[start..j].contains('-') {
                // "22-nov-1972": a date whose month is a word, in digit and word parts.
                let word = &text[start..j];
                let parts: Vec<&str> = word.split('-').collect();
                let dated = parts.len() == 3
                    && parts
                        .iter()
                        .any(|p| lexicon::lookup(p).is_some_and(|w| w.month != 0))
                    && parts.iter().all(|p| {
                        p.bytes().all(|b| b.is_ascii_digit())
                            || lexicon::lookup(p).is_some_and(|w| w.month != 0)
                    });
                // "XXX-XX-2721": a masked number showing its last digits.
                let masked = parts.len() >= 2
                    && parts
                        .last()
                        .is_some_and(|p| p.len() >= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                    && parts[..parts.len() - 1].iter().all(|p| {
                        !p.is_empty() && p.bytes().all(|b| matches!(b, b'x' | b'X' | b'*' | b'#'))
                    });
                let dated = dated || masked;
                if dated {
                    let mut s = start;
                    for (n, p) in parts.iter().enumerate() {
                        if n > 0 {
                            toks.push(Tok {
                                start: s,
                                end: s + 1,
                                kind: Kind::Punct('-'),
                                line,
                                lex: None,
                            });
                            s += 1;
                        }
                        let digits = p.bytes().all(|b| b.is_ascii_digit());
                        let (kind, lex) = if digits {
                            (Kind::Digits, None)
                        } else {
                            (Kind::Word, lexicon::lookup(p))
                        };
                        toks.push(Tok {
                            start: s,
                            end: s + p.len(),
                            kind,
                            line,
                            lex,
                        });
                        s += p.len();
                    }
                    i = j;
                    continue;
                }
            }
            // "fortyone", "FIFTYTHREE": a recogniser that runs tens and units together; read
            // as the two number words.
            if kind == Kind::Word
                && lex.is_none()
                && let Some(cut) = stuck_tens(&text[start..j])
            {
                for (a, z) in [(start, start + cut), (start + cut, j)] {
                    toks.push(Tok {
                        start: a,
                        end: z,
                        kind: Kind::Word,
                        line,
                        lex: lexicon::lookup(&text[a..z]),
                    });
                }
                i = j;
                continue;
            }
            if kind == Kind::Code {
                // "cvv971", "exp01", "card#…" glued to its value: the cue word, then the digits.
                let w = &text[start..j];
                let cut = w.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
                // "exp3/25": one digit is enough when a slash or dash goes on.
                let goes_on = matches!(b.get(j), Some(b'/' | b'-'));
                if cut >= 2
                    && (w.len() - cut >= 2 || goes_on)
                    && w[cut..].bytes().all(|b| b.is_ascii_digit())
                    && lexicon::lookup(&w[..cut]).is_some_and(|x| x.cue.is_some())
                {
                    toks.push(Tok {
                        start,
                        end: start + cut,
                        kind: Kind::Word,
                        line,
                        lex: lexicon::lookup(&w[..cut]),
                    });
                    toks.push(Tok {
                        start: start + cut,
                        end: j,
                        kind: Kind::Digits,
                        line,
                        lex: None,
                    });
                    i = j;
                    continue;
                }
                // "5454449717482243valid", "2283868212816510exp": a number run into the next
                // word (a missing space); the digits, then the word.
                let digits = w.bytes().take_while(u8::is_ascii_digit).count();
                if digits >= 4
                    && w.len() - digits >= 2
                    && w[digits..].bytes().all(|b| b.is_ascii_alphabetic())
                    && lexicon::lookup(&w[digits..]).is_some()
                {
                    toks.push(Tok {
                        start,
                        end: start + digits,
                        kind: Kind::Digits,
                        line,
                        lex: None,
                    });
                    toks.push(Tok {
                        start: start + digits,
                        end: j,
                        kind: Kind::Word,
                        line,
                        lex: lexicon::lookup(&w[digits..]),
                    });
                    i = j;
                    continue;
                }
                if let Some((a, b)) = glued_extension(&text[start..j]) {
                    // "3779ext9230", "8570x6319": the number, the marker, the extension.
                    for (s, e, k) in [
                        (start, start + a, Kind::Digits),
                        (start + a, start + b, Kind::Word),
                        (start + b, j, Kind::Digits),
                    ] {
                        if s == e {
                            continue;
                        }
                        let lex = (k == Kind::Word)
                            .then(|| lexicon::lookup(&text[s..e]))
                            .flatten();
                        toks.push(Tok {
                            start: s,
                            end: e,
                            kind: k,
                            line,
                            lex,
                        });
                    }
                    i = j;
                    continue;
                }
            }
            toks.push(Tok {
                start,
                end: j,
                kind,
                line,
                lex,
            });
            i = j;
        } else {
            // "phone=+61%20409%20519", "Elif%20Khumalo": a URL's escaped separators are one
            // token each, so "%20" never glues "20" onto the digits or word after it.
            if let Some(sep) = (ch == '%')
                .then(|| url_escaped_separator(&b[i..]))
                .flatten()
            {
                toks.push(Tok {
                    start: i,
                    end: i + 3,
                    kind: Kind::Punct(sep),
                    line,
                    lex: None,
                });
                i += 3;
                continue;
            }
            // "soc_sec_no=548+47+1942": in a query string '+' is a space between groups.
            let l = ch.len_utf8();
            let query_plus = ch == '+'
                && i > 0
                && b[i - 1].is_ascii_digit()
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && b[i.saturating_sub(64)..i]
                    .iter()
                    .rev()
                    .find(|&&c| c == b'=' || c == b'\n' || c == b' ')
                    .is_some_and(|&c| c == b'=');
            // "4835_6012_4067_6682": an underscore between digit groups is a hyphen.
            // Groups of four only: "IMG_20240312_104455" is a file name.
            let run = |from: &mut dyn Iterator<Item = &u8>| {
                from.take(6).take_while(|c| c.is_ascii_digit()).count()
            };
            let digit_underscore = ch == '_'
                && run(&mut b[..i].iter().rev()) == 4
                && run(&mut b[i + 1..].iter()) == 4
                && (i < 5
                    || !(b[i - 5].is_ascii_alphabetic()
                        || b[i - 5] == b'_'
                            && b[..i - 5].last().is_some_and(u8::is_ascii_alphabetic)));
            toks.push(Tok {
                start: i,
                end: i + l,
                // "10\27": a backslash typed for a slash.
                kind: Kind::Punct(if query_plus || digit_underscore {
                    '-'
                } else if ch == '\\'
                    && i > 0
                    && b[i - 1].is_ascii_digit()
                    && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                {
                    '/'
                } else {
                    hyphen_as_ascii(ch)
                }),
                line,
                lex: None,
            });
            i += l;
        }
    }
    keep_json_turns(text, &mut toks);
    let line = drop_subtitle_timing(&mut toks, line);
    let line = merge_message_headers(text, &mut toks, line);
    let nlines = line as usize + 1;
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
    Tokens { toks, lines }
}

/// `%20` (a space: groups typed with spaces, joined as with '-'), `%2C`, `%2F`, `%3A`, and
/// `%24` (a dollar sign: "income=%248%2C201.09" is money).
fn url_escaped_separator(b: &[u8]) -> Option<char> {
    match b.get(..3)? {
        b"%24" => Some('$'),
        b"%20" => Some('-'),
        b"%2C" | b"%2c" => Some(','),
        b"%2F" | b"%2f" => Some('/'),
        b"%3A" | b"%3a" => Some(':'),
        _ => None,
    }
}

/// The hyphens and minus signs of Unicode ("5323‒6206", a non-breaking "‑", "−") separate
/// digit groups exactly as '-' does; en and em dashes stay themselves (pauses).
fn hyphen_as_ascii(ch: char) -> char {
    match ch {
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
        _ => ch,
    }
}

/// A transcript or chat exported as JSON lines (`{"start": 59.73, "speaker": "SPEAKER_01",
/// "text": "it's six five four…"}`): of each such line only the speaker's and the text's
/// values stay, with the ':' after the text's key between them, so the line reads as
/// "SPEAKER_01: it's six five four…" and the timings, ids and keys are never values.
fn keep_json_turns(text: &str, toks: &mut Vec<Tok>) {
    const WHO: &[&str] = &[
        "speaker",
        "from",
        "role",
        "author",
        "sender",
        "participant",
        "user",
    ];
    const SAID: &[&str] = &[
        "text",
        "body",
        "message",
        "content",
        "transcript",
        "utterance",
    ];
    if !text.contains("{\"") {
        return;
    }
    // Per such line: its byte range, the speaker's value, the text key's colon, the text.
    type Turn = (
        std::ops::Range<usize>,
        std::ops::Range<usize>,
        usize,
        std::ops::Range<usize>,
    );
    let mut keep: Vec<Turn> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if !line.trim_start().starts_with('{') {
            continue;
        }
        let bytes = line.as_bytes();
        let value = |keys: &[&str]| {
            keys.iter().find_map(|k| {
                let key = format!("\"{k}\"");
                let after_key = line.find(&key)? + key.len();
                let colon = after_key + line[after_key..].find(|c: char| !c.is_whitespace())?;
                (bytes[colon] == b':').then_some(())?;
                let open = colon + 1 + line[colon + 1..].find(|c: char| !c.is_whitespace())?;
                (bytes[open] == b'"').then_some(())?;
                let mut close = open + 1;
                while close < bytes.len() && !(bytes[close] == b'"' && bytes[close - 1] != b'\\') {
                    close += 1;
                }
                (close < bytes.len()).then_some((start + colon, start + open + 1..start + close))
            })
        };
        if let (Some((_, who)), Some((colon, said))) = (value(WHO), value(SAID))
            && who.end < said.start
        {
            keep.push((start..at, who, colon, said));
        }
    }
    if keep.is_empty() {
        return;
    }
    let mut k = 0;
    toks.retain(|t| {
        while k < keep.len() && keep[k].0.end <= t.start {
            k += 1;
        }
        let Some((line, who, colon, said)) = keep.get(k) else {
            return true;
        };
        !line.contains(&t.start)
            || (t.start >= who.start && t.end <= who.end)
            || t.start == *colon
            || (t.start >= said.start && t.end <= said.end)
    });
}

/// Subtitle files (SRT, WebVTT): each cue's "00:01:01,300 --> 00:01:06,495" line and the cue
/// number above it are timing, never values, and not turns: they are dropped and the lines
/// renumbered without them (and without the blank lines between cues), so that turns count
/// as in any other transcript. Returns the new last line.
fn drop_subtitle_timing(toks: &mut Vec<Tok>, last_line: u32) -> u32 {
    let arrow = |x: usize, toks: &[Tok]| {
        x >= 2
            && toks[x].is_punct('>')
            && toks[x - 1].is_punct('-')
            && toks[x - 2].is_punct('-')
            && toks[x - 2].end == toks[x - 1].start
    };
    let timing: Vec<u32> = (0..toks.len())
        .filter(|&x| arrow(x, toks))
        .map(|x| toks[x].line)
        .collect();
    if timing.len() < 2 {
        return last_line;
    }
    let mut dropped = vec![false; last_line as usize + 2];
    for &l in &timing {
        dropped[l as usize] = true;
    }
    // The cue number: a line holding one number, right above a timing line.
    let mut x = 0;
    while x < toks.len() {
        let l = toks[x].line;
        let mut z = x;
        while z < toks.len() && toks[z].line == l {
            z += 1;
        }
        if z == x + 1 && toks[x].kind == Kind::Digits && timing.binary_search(&(l + 1)).is_ok() {
            dropped[l as usize] = true;
        }
        x = z;
    }
    toks.retain(|t| !dropped[t.line as usize]);
    let mut renumbered = 0;
    let mut previous = None;
    for t in toks.iter_mut() {
        if previous.is_some_and(|p| p != t.line) {
            renumbered += 1;
        }
        previous = Some(t.line);
        t.line = renumbered;
    }
    renumbered
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

/// Where a tens word ends in a word that is a tens word and a unit run together
/// ("fiftyfive" → 5).
fn stuck_tens(word: &str) -> Option<usize> {
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fourty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    const UNITS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    if !word.is_ascii() || word.len() < 8 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let tens = TENS.iter().find(|t| lower.starts_with(**t))?;
    UNITS.contains(&&lower[tens.len()..]).then_some(tens.len())
}

/// "twenty-five": split number words joined by a hyphen.
fn is_number_word_end(s: &str) -> bool {
    matches!(
        lexicon::lookup(s).map(|w| w.num),
        Some(lexicon::Num::Tens(_))
    )
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

/// `digits` + `x`/`ext`/`extn` + `digits`: byte offsets where the marker starts and ends.
fn glued_extension(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let a = b.iter().position(|c| !c.is_ascii_digit())?;
    // "4551ext" (".4087" follows as its own tokens).
    let m = match b[a..].iter().position(|c| c.is_ascii_digit()) {
        Some(k) => a + k,
        None => {
            let marker = &s[a..];
            let ok = a >= 4
                && ["x", "ext", "extn"]
                    .iter()
                    .any(|w| marker.eq_ignore_ascii_case(w));
            return ok.then_some((a, b.len()));
        }
    };
    if a < 4 || m == b.len() || !b[m..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let marker = &s[a..m];
    ["x", "ext", "extn", "ex"]
        .iter()
        .any(|w| marker.eq_ignore_ascii_case(w))
        .then_some((a, m))
}
