#!/usr/bin/env python3
"""Independent verifier for blind4 (does not import the generator).

  check_blind4.py [GOLD] [SIDECAR] [--quiet]

Exits 1 on any problem. Prints composition tables (items, spans per type and kind, roles,
distractors, tags) unless --quiet.
"""
import difflib
import html
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from urllib.parse import unquote_plus

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
args = [a for a in sys.argv[1:] if not a.startswith("--")]
GOLD = args[0] if args else os.path.join(ROOT, "jobs", "tests", "data", "blind4.jsonl")
SIDE = args[1] if len(args) > 1 else os.path.join(ROOT, "jobs", "tests", "data", "blind4.values.jsonl")
QUIET = "--quiet" in sys.argv

TYPES = {"CREDIT_CARD", "CARD_EXPIRY", "CARD_CVV", "SSN", "PHONE_NUMBER", "EMAIL_ADDRESS", "BANK_ACCOUNT",
         "PERSON_NAME", "DATE_OF_BIRTH", "STREET_ADDRESS"}
KINDS = {"call", "chat", "text", "form"}
ROLES = {"primary", "speaker_label", "readback", "readback_partial", "readback_wrong", "correction", "false_start",
         "spelled", "partial", "last4"}

problems = []


def bad(iid, msg):
    problems.append("%s: %s" % (iid, msg))


# ---------------------------------------------------------------------------
# number words
# ---------------------------------------------------------------------------
UNITS = {"zero": 0, "oh": 0, "o": 0, "one": 1, "won": 1, "two": 2, "to": 2, "too": 2, "three": 3, "tree": 3,
         "four": 4, "for": 4, "fore": 4, "five": 5, "six": 6, "sex": 6, "seven": 7, "eight": 8, "ate": 8,
         "nine": 9, "nein": 9}
ZERO_WORDS = {"zero", "oh", "o"}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
STUCK = re.compile(r"^(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(one|two|three|four|five|six|seven|eight|nine)$")
FILLERS = {"um", "uh", "er", "erm", "like", "let", "me", "see", "hold", "on", "hang", "and", "then", "so", "okay",
           "ok", "hmm", "yeah"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
            "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
            "twentieth": 20, "thirtieth": 30}
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]


def month_of(tok):
    t = tok.lower().rstrip(".")
    for i, m in enumerate(MONTHS):
        if t == m or (len(t) >= 3 and m.startswith(t) and t in (m[:3], m[:4])):
            return i + 1
    return None


def norm(text):
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("\u2026", " , ").replace("\u00a0", " ").replace("\u2009", " ")
    return t


def tokenize(text):
    t = norm(text).lower()
    toks = []
    for m in re.finditer(r"[a-z]+(?:'[a-z]+)?|\d+|[^\sa-z\d]", t):
        s = m.group(0)
        if s == "-":
            continue
        if not (s[0].isalnum()):
            toks.append(",")
        else:
            toks.append(s)
    return toks


def word_num(t):
    if t in UNITS:
        return ("u", UNITS[t])
    if t in TEENS:
        return ("teen", TEENS[t])
    if t in TENS:
        return ("tens", TENS[t])
    m = STUCK.match(t)
    if m:
        return ("tu", TENS[m.group(1)] + UNITS[m.group(2)])
    return None


def take_small(toks, i):
    """Parse a 1-99 number at toks[i] (unit | teen | tens [unit] | tu). Returns (value, next_i) or None."""
    if i >= len(toks):
        return None
    w = word_num(toks[i])
    if not w:
        return None
    k, v = w
    if k == "tens" and i + 1 < len(toks) and toks[i + 1] in UNITS and toks[i + 1] not in ZERO_WORDS:
        return v + UNITS[toks[i + 1]], i + 2
    return v, i + 1


def decode_num(text, extra=(), keypad=False):
    """Digits spoken/typed in text. Returns a digit string, or None if an unknown word occurs."""
    toks = tokenize(text)
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t == ",":
            i += 1
            continue
        if t.isdigit():
            out.append(t)
            i += 1
            continue
        if t in ("double", "triple"):
            if i + 1 < len(toks) and toks[i + 1] in UNITS:
                out.append(str(UNITS[toks[i + 1]]) * (2 if t == "double" else 3))
                i += 2
                continue
            return None
        w = word_num(t)
        if w:
            k, v = w
            width = 1 if k == "u" else 2
            if k == "tens" and i + 1 < len(toks) and toks[i + 1] in UNITS and toks[i + 1] not in ZERO_WORDS:
                v += UNITS[toks[i + 1]]
                i += 2
            else:
                i += 1
            if i < len(toks) and toks[i] == "hundred":
                v *= 100
                i += 1
                if i + 1 < len(toks) and toks[i] == "and" and word_num(toks[i + 1]):
                    r = take_small(toks, i + 1)
                    v += r[0]
                    i = r[1]
                elif i < len(toks) and word_num(toks[i]) and word_num(toks[i])[0] in ("teen", "tens", "tu"):
                    r = take_small(toks, i)
                    v += r[0]
                    i = r[1]
                out.append(str(v))
                continue
            if i < len(toks) and toks[i] == "thousand":
                v *= 1000
                i += 1
                if i + 1 < len(toks) and toks[i] == "and" and word_num(toks[i + 1]):
                    r = take_small(toks, i + 1)
                    v += r[0]
                    i = r[1]
                elif i < len(toks) and word_num(toks[i]):
                    r = take_small(toks, i)
                    v += r[0]
                    i = r[1]
                out.append(str(v))
                continue
            out.append(str(v).zfill(width))
            continue
        if t in FILLERS or t in extra:
            i += 1
            continue
        if keypad and t.isalpha():
            out.append("".join(KEYPAD[c] for c in t.upper()))
            i += 1
            continue
        return None
    return "".join(out)


KEYPAD = {}
for _d, _ls in (("2", "ABC"), ("3", "DEF"), ("4", "GHI"), ("5", "JKL"), ("6", "MNO"), ("7", "PQRS"), ("8", "TUV"),
                ("9", "WXYZ")):
    for _l in _ls:
        KEYPAD[_l] = _d


def luhn(ds):
    s = 0
    for i, ch in enumerate(reversed(ds)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        s += d
    return s % 10 == 0


def brand_ok(ds, brand):
    n = len(ds)
    if brand == "visa":
        return ds[0] == "4" and n in (13, 16, 19)
    if brand == "mc":
        return n == 16 and (51 <= int(ds[:2]) <= 55 or 2221 <= int(ds[:4]) <= 2720)
    if brand == "amex":
        return n == 15 and ds[:2] in ("34", "37")
    if brand == "disc":
        return n == 16 and (ds[:4] == "6011" or ds[:2] == "65" or 644 <= int(ds[:3]) <= 649)
    if brand == "jcb":
        return n == 16 and 3528 <= int(ds[:4]) <= 3589
    if brand == "diners":
        return n == 14 and (ds[:2] in ("36", "38") or 300 <= int(ds[:3]) <= 305)
    return False


def aba_ok(r):
    if not re.fullmatch(r"\d{9}", r):
        return False
    d = [int(c) for c in r]
    p = int(r[:2])
    if not (1 <= p <= 12 or 21 <= p <= 32 or 61 <= p <= 72 or p == 80):
        return False
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0


IBAN_LEN = {"GB": 22, "DE": 22, "NL": 18, "ES": 24, "IE": 22, "FR": 27, "PL": 28, "BE": 16, "IT": 27, "PT": 25,
            "AT": 20, "CH": 21, "NO": 15, "DK": 18, "FI": 18, "SE": 24}


def iban_ok(s):
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s) or IBAN_LEN.get(s[:2]) != len(s):
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def ssn_ok(s):
    if not re.fullmatch(r"\d{9}", s):
        return False
    a, g, n = int(s[:3]), int(s[3:5]), int(s[5:])
    return 1 <= a <= 899 and a != 666 and g >= 1 and n >= 1


CC_KNOWN = {"1", "44", "91", "61", "49", "33", "52", "63", "234", "353", "55", "81", "27", "254", "48", "64", "34"}


def phone_value_ok(v, country):
    if not re.fullmatch(r"\+\d{8,15}", v):
        return False
    if country in ("US", "CA") or v.startswith("+1"):
        nsn = v[2:]
        return (len(nsn) == 10 and nsn[0] in "23456789" and nsn[3] in "23456789" and nsn[1:3] != "11"
                and nsn[4:6] != "11")
    return any(v[1:].startswith(cc) for cc in CC_KNOWN)


def phone_candidates(v, trunk_any=True):
    d = v[1:]
    out = {d, "00" + d, "011" + d}
    for cc in sorted(CC_KNOWN, key=len, reverse=True):
        if d.startswith(cc):
            nsn = d[len(cc):]
            out |= {nsn, "0" + nsn, cc + "0" + nsn}
            if cc == "1":
                out.add("1" + nsn)
            break
    return out


# ---------------------------------------------------------------------------
# letters: names, e-mails, spelled text
# ---------------------------------------------------------------------------
FOLDMAP = {"ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i", "ð": "d", "þ": "th"}


def fold(s):
    s = "".join(FOLDMAP.get(c, FOLDMAP.get(c.lower(), c)) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def letters(s):
    return re.sub(r"[^a-z]", "", fold(s))


def unescape(s):
    if "%" in s or "+" in s and " " not in s:
        try:
            s = unquote_plus(s)
        except Exception:
            pass
    return html.unescape(s)


def decode_spelled(text):
    t = fold(unescape(text))
    t = re.sub(r"([a-z]) as in [a-z]+", r"\1", t)
    toks = re.findall(r"[a-z]+", t)
    out = ""
    i = 0
    while i < len(toks):
        w = toks[i]
        if w == "double" and i + 1 < len(toks) and len(toks[i + 1]) == 1:
            out += toks[i + 1] * 2
            i += 2
            continue
        if len(w) != 1:
            return None
        out += w
        i += 1
    return out


EMAIL_WORDS = {"at": "@", "dot": ".", "period": ".", "underscore": "_", "dash": "-", "hyphen": "-"}


def decode_email(text):
    t = unescape(text).replace("\uff20", "@")
    t = unicodedata.normalize("NFKC", t)
    if re.fullmatch(r"\s*[^\s@]+\s*@\s*[^\s@]+\s*", t) and not re.search(r"[\[\](){}]", t):
        return t.replace(" ", "").lower()
    t = t.lower()
    t = re.sub(r"[\[\(\{<]\s*at\s*[\]\)\}>]", " at ", t)
    t = re.sub(r"[\[\(\{<]\s*dot\s*[\]\)\}>]", " dot ", t)
    t = re.sub(r"([a-z]) as in [a-z]+", r"\1", t)
    toks = []
    for raw in re.split(r"[\s,]+", t):
        if not raw:
            continue
        if re.fullmatch(r"[a-z](-[a-z])+", raw):
            toks.extend(raw.split("-"))
        else:
            toks.append(raw)
    out = ""
    i = 0
    while i < len(toks):
        w = toks[i]
        if w in EMAIL_WORDS:
            out += EMAIL_WORDS[w]
            i += 1
            continue
        if w == "double" and i + 1 < len(toks):
            nxt = toks[i + 1]
            out += (str(UNITS[nxt]) if nxt in UNITS and nxt not in ("o",) else nxt) * 2
            i += 2
            continue
        wn = word_num(w) if w not in ("o",) else None
        if wn:
            r = take_small(toks, i)
            if wn[0] == "u":
                out += str(wn[1])
                i += 1
            else:
                out += str(r[0])
                i = r[1]
            continue
        out += w
        i += 1
    return out


# ---------------------------------------------------------------------------
# dates
# ---------------------------------------------------------------------------
def date_parts(text):
    """Return (month_from_name, ordinal_day, digit_string) or None."""
    t = norm(unescape(text)).lower()
    t = re.sub(r"(\d+)(st|nd|rd|th)\b", r"\1 ord", t)
    t = t.replace("'", " ")
    toks = re.findall(r"[a-z]+|\d+|[^\sa-z\d]", t)
    month = None
    ordd = None
    rest = []
    i = 0
    while i < len(toks):
        w = toks[i]
        m = month_of(w) if w.isalpha() else None
        if m and month is None:
            month = m
            i += 1
            continue
        if w.isdigit() and i + 1 < len(toks) and toks[i + 1] == "ord":
            ordd = int(w)
            i += 2
            continue
        if w in TENS and i + 1 < len(toks) and toks[i + 1] in ORDINALS and ORDINALS[toks[i + 1]] < 10:
            ordd = TENS[w] + ORDINALS[toks[i + 1]]
            i += 2
            continue
        if w in ORDINALS:
            ordd = ORDINALS[w]
            i += 1
            continue
        rest.append(w)
        i += 1
    ds = decode_num(" ".join(rest), extra=("of", "the", "slash"))
    if ds is None:
        return None
    return month, ordd, ds


def year_match(ys, y):
    return ys == str(y) or (len(ys) == 2 and ys == "%02d" % (y % 100))


def check_dob(text, y, m, d):
    p = date_parts(text)
    if p is None:
        return False
    month, ordd, ds = p
    if month:
        if month != m:
            return False
        if ordd is not None:
            return ordd == d and year_match(ds, y)
        for k in (1, 2):
            if len(ds) > k and int(ds[:k]) == d and year_match(ds[k:], y):
                return True
            if len(ds) > k and int(ds[-k:]) == d and year_match(ds[:-k], y):
                return True
        return False
    if ordd is not None:
        return False
    for order in ("mdy", "dmy", "ymd"):
        for wm in (1, 2):
            for wd in (1, 2):
                for wy in (2, 4):
                    widths = {"m": wm, "d": wd, "y": wy}
                    if sum(widths.values()) != len(ds):
                        continue
                    pos = 0
                    got = {}
                    for c in order:
                        got[c] = ds[pos:pos + widths[c]]
                        pos += widths[c]
                    if int(got["m"]) == m and int(got["d"]) == d and year_match(got["y"], y):
                        return True
    return False


def check_expiry(text, m, y):
    p = date_parts(text)
    if p is None:
        return False
    month, ordd, ds = p
    if ordd is not None:
        return False
    if month:
        return month == m and year_match(ds, y)
    cands = []
    if len(ds) == 3:
        cands.append((ds[0], ds[1:]))
    if len(ds) == 4:
        cands.append((ds[:2], ds[2:]))
    if len(ds) == 5:
        cands.append((ds[0], ds[1:]))
    if len(ds) == 6:
        cands += [(ds[:2], ds[2:]), (ds[4:], ds[:4])]
    return any(int(a) == m and year_match(b, y) for a, b in cands)


# ---------------------------------------------------------------------------
# addresses
# ---------------------------------------------------------------------------
TYPE_ABBR = {"street": {"st"}, "avenue": {"ave"}, "road": {"rd"}, "lane": {"ln"}, "drive": {"dr"}, "court": {"ct"},
             "boulevard": {"blvd"}, "terrace": {"ter", "terr"}, "place": {"pl"}, "circle": {"cir"},
             "parkway": {"pkwy"}, "trail": {"trl"}, "crossing": {"xing"}, "square": {"sq"}, "hollow": {"holw"}}
UNIT_WORDS = {"apt", "apartment", "unit", "suite", "ste", "number", "lot", "bldg", "building", "flat", "#"}
ORD_STREET = {"21st": "twenty first", "3rd": "third", "fifth": "fifth", "14th": "fourteenth", "2nd": "second",
              "ninth": "ninth", "33rd": "thirty third"}


def check_address(texts, val, iid):
    t = " ".join(unescape(x) for x in texts)
    tl = norm(t).lower()
    kind = val.get("kind")
    num = val.get("number")
    if kind == "pobox":
        m = re.match(r"^(p\.?\s?o\.?\s?box|post office box|pob)\s+(.*)$", tl)
        if not m:
            return "po box shape"
        if decode_num(m.group(2)) != num:
            return "po box number %r" % decode_num(m.group(2))
        return None
    toks = tl.replace(",", " ").split()
    # leading unit (UK flats)
    if kind == "uk" and val.get("unit") and toks and toks[0] == "flat":
        # find the house number after the flat id
        rest = tl.split(",", 1)
        if len(rest) != 2 or decode_num(rest[0][4:]) != val["unit"][1]:
            return "flat id"
        tl = rest[1].strip()
        toks = tl.split()
    # house number: number tokens until first non-number word
    i = 0
    while i < len(toks) and (toks[i].isdigit() or word_num(toks[i]) or toks[i] in ("hundred", "thousand", "double", "triple")):
        i += 1
    if decode_num(" ".join(toks[:i])) != num:
        return "house number %r != %r" % (decode_num(" ".join(toks[:i])), num)
    rest = " ".join(toks[i:])
    street = fold(val["street"]).lower()
    if street not in fold(rest) and ORD_STREET.get(street, "\x00") not in rest:
        return "street name missing"
    st = val["street_type"].lower()
    words = re.findall(r"[a-z0-9#]+", fold(rest))
    tw = {st} | TYPE_ABBR.get(st, set())
    if not any(w in tw for w in words):
        return "street type missing"
    last = words[-1] if words else ""
    unit = val.get("unit")
    if kind == "us" and unit:
        # span must end with the unit id
        uid = unit[1].lower()
        m = re.match(r"(\d+)([a-f]?)$", uid)
        tail = " ".join(words[-3:])
        numpart = m.group(1)
        after = None
        for j in range(len(words) - 1, -1, -1):
            if words[j] in UNIT_WORDS or words[j].startswith("#"):
                after = " ".join(words[j + 1:]) if not words[j].startswith("#") or words[j] == "#" else words[j][1:] + " " + " ".join(words[j + 1:])
                break
        if after is None:
            return "unit word missing"
        letter = m.group(2)
        aft = after.split()
        if letter and aft and aft[-1] == letter:
            aft = aft[:-1]
        elif letter and aft and aft[-1].endswith(letter) and aft[-1][:-1].isdigit():
            aft[-1] = aft[-1][:-1]
        elif letter:
            return "unit letter"
        if decode_num(" ".join(aft)) != numpart:
            return "unit id %r" % after
    elif last not in tw:
        return "span does not end with street type (%r)" % last
    return None


# ---------------------------------------------------------------------------
# per-type value checks
# ---------------------------------------------------------------------------
def dig(text, typ=None, val=None):
    extra = ()
    keypad = False
    if typ == "PHONE_NUMBER":
        extra = ("plus",)
        keypad = bool(val and val.get("vanity_ok"))
    return decode_num(unescape(text), extra=extra, keypad=keypad)


def decoded(span, val):
    typ = val["type"]
    t = span["text"]
    if typ in ("CREDIT_CARD", "CARD_CVV", "SSN"):
        return dig(t)
    if typ == "PHONE_NUMBER":
        d = dig(t, typ)
        if d is None:
            d = decode_num(unescape(t), extra=("plus",), keypad=True)
        return d
    if typ == "BANK_ACCOUNT":
        if val.get("subtype") == "iban":
            return decode_alnum(unescape(t))
        return dig(t)
    if typ == "EMAIL_ADDRESS":
        return decode_email(t)
    if typ == "PERSON_NAME":
        if span["role"] == "spelled":
            return decode_spelled(t)
        return letters(unescape(t))
    return t


def decode_alnum(text):
    t = norm(text).upper()
    if re.fullmatch(r"[A-Z0-9][A-Z0-9 \-]*", t) and re.search(r"[A-Z]{2}\d{2}", t.replace(" ", "").replace("-", "")[:4]):
        return t.replace(" ", "").replace("-", "")
    out = ""
    for tok in re.findall(r"[a-z]+|\d+", text.lower()):
        if tok.isdigit():
            out += tok
        elif tok in UNITS and len(tok) > 1:
            out += str(UNITS[tok])
        elif len(tok) == 1:
            out += tok.upper()
        else:
            return None
    return out


def canon_value(val):
    typ = val["type"]
    v = val["value"]
    if typ == "PERSON_NAME":
        return letters(v)
    if typ == "EMAIL_ADDRESS":
        return v.lower()
    if typ == "PHONE_NUMBER":
        return v
    return v


def check_item(g, s):
    iid = g["id"]
    text = g["text"]
    if g["kind"] not in KINDS:
        bad(iid, "bad kind")
    gs = g["spans"]
    ss = s["spans"]
    if len(gs) != len(ss):
        bad(iid, "gold/sidecar span count differ")
        return
    for a, b in zip(gs, ss):
        if (a["start"], a["end"], a["type"]) != (b["start"], b["end"], b["type"]):
            bad(iid, "gold/sidecar span mismatch")
    vals = s["values"]
    # spans: offsets, edges, line breaks, overlaps
    prev_end = -1
    for sp in sorted(ss, key=lambda x: (x["start"], x["end"])):
        st, en = sp["start"], sp["end"]
        if not (0 <= st < en <= len(text)):
            bad(iid, "offsets out of range")
            continue
        seg = text[st:en]
        if seg != sp["text"]:
            bad(iid, "sidecar text differs from offsets: %r vs %r" % (seg, sp["text"]))
        if sp["type"] not in TYPES:
            bad(iid, "bad type %s" % sp["type"])
        if sp["role"] not in ROLES:
            bad(iid, "bad role %s" % sp["role"])
        if "\n" in seg or "\r" in seg:
            bad(iid, "line break inside span %r" % seg)
        if not (seg[0].isalnum() and seg[-1].isalnum()):
            bad(iid, "span edge not letter/digit: %r" % seg)
        for a_, b_ in ((st - 1, st), (en - 1, en)):
            if a_ >= 0 and b_ < len(text):
                x, y = text[a_], text[b_]
                if (x.isalpha() and y.isalpha()) or (x.isdigit() and y.isdigit()):
                    bad(iid, "span cuts through a word/number at %d: %r" % (b_, seg))
        first = re.findall(r"[\w'#]+", seg.lower())
        edge_words = {"um", "uh", "er", "like", "so", "okay", "ok", "and", "then", "it's", "is", "the", "number", "card",
                      "exp", "expires", "cvv", "cvc", "code", "ssn", "dob", "my", "its", "born", "routing", "account",
                      "acct", "email", "phone", "yeah", "sure", "hold", "on"}
        if sp["type"] == "STREET_ADDRESS":
            edge_words -= {"number"}
        if sp["type"] == "PERSON_NAME":
            edge_words |= {"mr", "mrs", "ms", "dr", "doctor", "mister", "missus", "prof", "rev", "mx"}
        if first and (first[0] in edge_words or first[-1] in edge_words):
            bad(iid, "filler/cue word at span edge: %r" % seg)
        if st < prev_end:
            bad(iid, "overlapping spans at %d" % st)
        prev_end = max(prev_end, en)
        v = vals.get(sp["value_id"])
        if v is None:
            bad(iid, "span without value")
            continue
        if v["type"] != sp["type"]:
            bad(iid, "value type mismatch")
        if sp["value"] != v["value"]:
            bad(iid, "sidecar span value differs from values table")
    # value-level validity
    for vid, v in vals.items():
        typ = v["type"]
        val = v["value"]
        if typ == "CREDIT_CARD":
            if not (re.fullmatch(r"\d{13,19}", val) and luhn(val) and brand_ok(val, v.get("brand"))):
                bad(iid, "invalid card value %s" % val)
        elif typ == "CARD_CVV":
            card = vals.get(v.get("card")) if v.get("card") else None
            amex = card is not None and card.get("brand") == "amex"
            if card is None:
                bad(iid, "cvv without card")
            elif not re.fullmatch(r"\d{4}" if amex else r"\d{3}", val):
                bad(iid, "cvv length does not fit brand: %s" % val)
        elif typ == "CARD_EXPIRY":
            if not (1 <= v["month"] <= 12 and 2024 <= v["year"] <= 2035 and val == "%02d/%02d" % (v["month"], v["year"] % 100)):
                bad(iid, "bad expiry value")
        elif typ == "SSN":
            if not ssn_ok(val):
                bad(iid, "invalid SSN %s" % val)
        elif typ == "PHONE_NUMBER":
            if not phone_value_ok(val, v.get("country")):
                bad(iid, "invalid phone %s" % val)
        elif typ == "BANK_ACCOUNT":
            sub = v.get("subtype")
            if sub == "routing" and not aba_ok(val):
                bad(iid, "bad ABA %s" % val)
            elif sub == "iban" and not iban_ok(val):
                bad(iid, "bad IBAN %s" % val)
            elif sub in ("sort_code", "bsb") and not re.fullmatch(r"\d{6}", val):
                bad(iid, "bad sort code/BSB")
            elif sub == "account" and not re.fullmatch(r"\d{4,17}", val):
                bad(iid, "bad account")
            elif sub not in ("routing", "iban", "sort_code", "bsb", "account"):
                bad(iid, "bank subtype")
        elif typ == "DATE_OF_BIRTH":
            y, m, d = v["year"], v["month"], v["day"]
            if not (1900 < y <= 2024 and 1 <= m <= 12 and 1 <= d <= 31 and val == "%04d-%02d-%02d" % (y, m, d)):
                bad(iid, "bad dob value")
        elif typ == "EMAIL_ADDRESS":
            if not re.fullmatch(r"[a-z0-9._\-]+@[a-z0-9\-]+(\.[a-z0-9\-]+)+", val):
                bad(iid, "bad email value %s" % val)
    # per-instance decoding
    inst = defaultdict(list)
    for sp in ss:
        inst[(sp["value_id"], sp["instance"])].append(sp)
    for (vid, ins), pieces in inst.items():
        v = vals.get(vid)
        if v is None:
            continue
        roles = {p["role"] for p in pieces}
        if len(roles) != 1:
            bad(iid, "pieces of one instance have different roles")
        role = pieces[0]["role"]
        pieces.sort(key=lambda p: p["start"])
        err = check_instance(pieces, v, role, vals)
        if err:
            bad(iid, "%s %s %s: %s  %r" % (v["type"], role, vid, err, [p["text"] for p in pieces]))
    # distractors / neutral
    for lst, name in ((s["distractors"], "distractor"), (s["neutral"], "neutral")):
        for d in lst:
            if text[d["start"]:d["end"]] != d["text"]:
                bad(iid, "%s text mismatch %r" % (name, d["text"]))
            for sp in ss:
                if d["start"] < sp["end"] and sp["start"] < d["end"]:
                    bad(iid, "%s overlaps span: %r / %r" % (name, d["text"], sp["text"]))
            if name == "distractor":
                ds = re.sub(r"\D", "", norm(d["text"]))
                dd = decode_num(d["text"]) if re.search(r"[a-z]", d["text"].lower()) else ds
                for x in {ds, dd or ""}:
                    if 13 <= len(x) <= 19 and luhn(x):
                        bad(iid, "distractor passes Luhn: %r" % d["text"])
    # no unlabelled Luhn-valid 13-19 digit run
    covered = [False] * len(text)
    for sp in ss:
        for i in range(sp["start"], sp["end"]):
            covered[i] = True
    nt = norm(text)
    for m in re.finditer(r"\d(?:[ \-.]?\d)+", nt):
        dsx = re.sub(r"\D", "", m.group(0))
        if 13 <= len(dsx) <= 19 and luhn(dsx):
            if not all(covered[i] for i in range(m.start(), m.end()) if nt[i].isdigit()):
                bad(iid, "unlabelled Luhn-valid run %r" % m.group(0))
    # spoken runs: maximal sequences of number tokens (fillers/commas/hyphens between)
    toks = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[a-z]+|\d+|\n|[^\sa-z\d]", nt.lower())]
    run = []

    def flush(run):
        numtoks = [x for x in run if x[2].isdigit() or word_num(x[2]) or x[2] in ("double", "triple", "hundred", "thousand")]
        if len(numtoks) < 2:
            return
        while run and not (run[-1][2].isdigit() or word_num(run[-1][2]) or run[-1][2] in ("hundred", "thousand")):
            run = run[:-1]
        seg = nt[run[0][0]:run[-1][1]]
        dsx = decode_num(seg)
        if dsx and 13 <= len(dsx) <= 19 and luhn(dsx):
            if not all(all(covered[i] for i in range(a, b)) for a, b, w in numtoks):
                bad(iid, "unlabelled Luhn-valid spoken run %r" % seg)
    for tk in toks:
        w = tk[2]
        isnum = w.isdigit() or word_num(w) or w in ("double", "triple", "hundred", "thousand")
        if isnum or (run and (w in (",", "-", "and", "um", "uh") or w in FILLERS)):
            run.append(tk)
        else:
            flush(run)
            run = []
    flush(run)
    # no-PII
    if "no_pii" in g["tags"] and gs:
        bad(iid, "no_pii item has spans")
    if not gs and "no_pii" not in g["tags"]:
        bad(iid, "item without spans lacks no_pii tag")


def check_instance(pieces, v, role, vals):
    typ = v["type"]
    val = v["value"]
    texts = [p["text"] for p in pieces]
    if typ == "CARD_EXPIRY":
        t = " ".join(texts)
        if role in ("primary", "readback", "correction"):
            return None if check_expiry(t, v["month"], v["year"]) else "expiry does not decode"
        if role == "false_start":
            ds = date_parts(t)
            if not ds or not ds[2]:
                return "false start does not decode"
            want = "%02d" % v["month"]
            got = ds[2].zfill(2)[:2]
            return None if sum(a != b for a, b in zip(got, want)) <= 1 else "false start not close"
        return "unexpected role"
    if typ == "DATE_OF_BIRTH":
        t = " ".join(texts)
        if role in ("primary", "readback", "correction"):
            return None if check_dob(t, v["year"], v["month"], v["day"]) else "dob does not decode"
        return "unexpected role"
    if typ == "STREET_ADDRESS":
        if role != "primary":
            return "unexpected role"
        return check_address(texts, v, None)
    parts = []
    for p in pieces:
        d = decoded(p, v)
        if d is None:
            return "piece does not decode: %r" % p["text"]
        parts.append(d)
    if typ == "EMAIL_ADDRESS" and len(parts) == 2 and "@" not in "".join(parts):
        got = parts[0] + "@" + parts[1]   # split where "at" was said
    else:
        got = "".join(parts)
    if typ == "PHONE_NUMBER":
        cands = phone_candidates(val)
        if role in ("primary", "readback", "speaker_label"):
            return None if got in cands else "phone decodes to %s" % got
        if role == "false_start":
            return None if any(len(got) < len(c) and sum(a != b for a, b in zip(got, c)) <= 1 for c in cands) else "false start not close"
        return "unexpected role"
    want = canon_value(v)
    if typ == "BANK_ACCOUNT" and v.get("subtype") == "iban":
        want = val
    if typ == "PERSON_NAME":
        if role in ("primary", "speaker_label", "readback", "spelled"):
            return None if got == want else "name letters %r != %r" % (got, want)
        return "unexpected role"
    if typ == "SSN" and role == "last4":
        return None if got == val[5:] else "last4 %s" % got
    if role in ("primary", "readback", "speaker_label", "spelled"):
        if typ == "CARD_CVV" or typ == "CREDIT_CARD" or typ == "SSN" or typ == "BANK_ACCOUNT":
            if not got.isdigit() and not (typ == "BANK_ACCOUNT" and v.get("subtype") == "iban"):
                return "non-digit decode"
        return None if got == want else "decodes to %r, want %r" % (got, want)
    if role in ("readback_partial", "partial", "correction"):
        if typ == "EMAIL_ADDRESS" and role == "correction":
            return None if got and got in want else "correction %r not in %r" % (got, want)
        return None if got and got in want and got != want or (role == "correction" and got == want) else "partial %r not in %r" % (got, want)
    if role == "readback_wrong":
        if got == want:
            return "wrong read-back equals value"
        ratio = difflib.SequenceMatcher(None, got, want).ratio()
        if typ == "EMAIL_ADDRESS" and got.split("@")[0] == want.split("@")[0]:
            ratio = 1.0
        if typ in ("CREDIT_CARD", "SSN", "BANK_ACCOUNT", "PHONE_NUMBER") and len(got) != len(want):
            return "wrong read-back length"
        return None if ratio >= 0.6 else "wrong read-back too different"
    if role == "false_start":
        if len(got) >= len(want):
            return "false start too long"
        return None if sum(a != b for a, b in zip(got, want)) <= 1 else "false start %r not close to prefix of %r" % (got, want)
    return "unexpected role"


def main():
    G = [json.loads(l) for l in open(GOLD, encoding="utf-8")]
    S = [json.loads(l) for l in open(SIDE, encoding="utf-8")]
    if len(G) != len(S):
        bad("-", "gold and sidecar have different lengths")
    ids = [g["id"] for g in G]
    if len(set(ids)) != len(ids):
        bad("-", "duplicate ids")
    for i, (g, s) in enumerate(zip(G, S)):
        if g["id"] != "blind4-%04d" % i or s["id"] != g["id"]:
            bad(g["id"], "id order")
        if set(g) != {"id", "kind", "text", "spans", "tags"}:
            bad(g["id"], "gold keys")
        check_item(g, s)
    if not QUIET:
        report(G, S)
    if problems:
        for p in problems[:200]:
            print("PROBLEM", p)
        print("%d problems" % len(problems))
        sys.exit(1)
    print("OK: %d items, %d spans, no problems" % (len(G), sum(len(g["spans"]) for g in G)))


def report(G, S):
    kinds = ["call", "chat", "text", "form"]
    nk = Counter(g["kind"] for g in G)
    nn = Counter(g["kind"] for g in G if not g["spans"])
    print("| kind | items | no-PII |\n|---|---:|---:|")
    for k in kinds:
        print("| %s | %d | %d |" % (k, nk[k], nn[k]))
    print("| **total** | **%d** | **%d (%d%%)** |" % (len(G), sum(nn.values()), round(100 * sum(nn.values()) / len(G))))
    t = Counter()
    for g in G:
        for sp in g["spans"]:
            t[(sp["type"], g["kind"])] += 1
    types = sorted({a for a, _ in t}, key=lambda ty: -sum(t[(ty, k)] for k in kinds))
    print("\n| type | total | call | chat | text | form |\n|---|---:|---:|---:|---:|---:|")
    for ty in types:
        print("| %s | %d | %s |" % (ty, sum(t[(ty, k)] for k in kinds), " | ".join(str(t[(ty, k)]) for k in kinds)))
    print("| **total** | **%d** | %s |" % (sum(t.values()), " | ".join(str(sum(t[(ty, k)] for ty in types)) for k in kinds)))
    roles = Counter(sp["role"] for s in S for sp in s["spans"])
    print("\nroles:", ", ".join("%s %d" % kv for kv in roles.most_common()))
    tr = Counter((sp["type"], sp["role"]) for s in S for sp in s["spans"] if sp["role"] != "primary")
    print("non-primary by type:", ", ".join("%s/%s %d" % (a, b, c) for (a, b), c in tr.most_common()))
    split = Counter()
    for s in S:
        per = Counter((sp["value_id"], sp["instance"]) for sp in s["spans"])
        for (vid, ins), n in per.items():
            if n > 1:
                split[s["values"][vid]["type"]] += 1
    print("instances split over pieces:", dict(split))
    dk = Counter(d["kind"] for s in S for d in s["distractors"])
    print("distractors (%d):" % sum(dk.values()), ", ".join("%s %d" % kv for kv in dk.most_common()))
    nk2 = Counter(d["kind"] for s in S for d in s["neutral"])
    print("neutral (%d):" % sum(nk2.values()), ", ".join("%s %d" % kv for kv in nk2.most_common()))
    brands = Counter(v.get("brand") for s in S for v in s["values"].values() if v["type"] == "CREDIT_CARD")
    print("card brands (distinct values):", dict(brands))
    subs = Counter(v.get("subtype") for s in S for v in s["values"].values() if v["type"] == "BANK_ACCOUNT")
    print("bank subtypes:", dict(subs))
    ibc = Counter(v.get("country") for s in S for v in s["values"].values() if v.get("subtype") == "iban")
    print("IBAN countries:", dict(ibc))
    pc = Counter(v.get("country") for s in S for v in s["values"].values() if v["type"] == "PHONE_NUMBER")
    print("phone countries:", dict(pc))
    tags = Counter(t_ for g in G for t_ in g["tags"])
    print("tags (%d):" % len(tags), ", ".join("%s %d" % kv for kv in sorted(tags.items())))


if __name__ == "__main__":
    main()
