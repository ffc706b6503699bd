//! A linear tokenizer: words, digit runs, mixed codes and single punctuation characters, each
//! with byte offsets and a line number. Lines that start with `label:` record the label.

use super::lexicon::{self, Word};
pub use super::lines::promote_speakers;
use super::stamps::merge_message_headers;
use super::{containers, lines};

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

impl Tokens {
    /// A line's speaker label, all its words ("Speaker 1", not "Speaker"); "" without one.
    pub fn speaker<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let ln = &self.lines[line];
        if ln.speaker && ln.label_end > ln.first {
            &text[self.toks[ln.first].start..self.toks[ln.label_end - 1].end]
        } else {
            ""
        }
    }
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
    containers::keep_json_turns(text, &mut toks);
    let line = containers::drop_subtitle_timing(&mut toks, line);
    let line = merge_message_headers(text, &mut toks, line);
    let lines = lines::split(text, &toks, line);
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

/// Where a tens word ends in a word that is a tens word and a unit run together
/// ("fiftyfive" → 5).
fn stuck_tens(word: &str) -> Option<usize> {
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fourty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    const UNITS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    // Shortest "twentyone"-like word is 8 letters, longest "seventyseven" 12; no allocation.
    if !word.is_ascii() || !(8..=12).contains(&word.len()) {
        return None;
    }
    let tens = TENS
        .iter()
        .find(|t| word.len() > t.len() && word[..t.len()].eq_ignore_ascii_case(t))?;
    let rest = &word[tens.len()..];
    UNITS
        .iter()
        .any(|u| rest.eq_ignore_ascii_case(u))
        .then_some(tens.len())
}

/// "twenty-five": split number words joined by a hyphen.
fn is_number_word_end(s: &str) -> bool {
    matches!(
        lexicon::lookup(s).map(|w| w.num),
        Some(lexicon::Num::Tens(_))
    )
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
