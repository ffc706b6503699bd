#!/usr/bin/env python3
"""Deterministic generator for the BLIND Muffle evaluation set.

  python3 make_blind.py            -> blind.jsonl + blind.values.jsonl (intended span strings)

Written independently of the dev corpora / detector.  Seed is fixed.
"""
import json
import os
import random
import re
import unicodedata

from names import FIRST, LAST, WORDY_FIRST, WORDY_LAST, WORD_USES

SEED = 20240917
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(HERE))), "jobs", "tests", "data")

CC, EXP, CVV, SSN, PHONE, EMAIL, BANK, NAME, ADDR, DOB = (
    "CREDIT_CARD", "CARD_EXPIRY", "CARD_CVV", "SSN", "PHONE_NUMBER", "EMAIL_ADDRESS",
    "BANK_ACCOUNT", "PERSON_NAME", "STREET_ADDRESS", "DATE_OF_BIRTH")


# ----------------------------------------------------------------------------- document builder
class V:
    """A labelled value piece."""
    def __init__(self, text, typ):
        self.text, self.typ = text, typ


class Doc:
    def __init__(self, kind):
        self.kind = kind
        self.buf = []
        self.pos = 0
        self.spans = []
        self.tags = set()

    def add(self, s):
        self.buf.append(s)
        self.pos += len(s)

    def val(self, s, typ):
        assert s and s == s.strip(), repr(s)
        self.spans.append({"start": self.pos, "end": self.pos + len(s), "type": typ, "value": s})
        self.add(s)

    def pieces(self, pieces, sep=" "):
        first = True
        for p in pieces:
            if p is None or p == "":
                continue
            if not first:
                self.add(sep)
            first = False
            if isinstance(p, V):
                self.val(p.text, p.typ)
            else:
                self.add(p)

    def line(self, label, *pieces):
        self.add(label)
        self.pieces(pieces)
        self.add("\n")

    def text(self):
        return "".join(self.buf)


# ----------------------------------------------------------------------------- value generators
def luhn_sum(ds):
    tot = 0
    for i, ch in enumerate(reversed(ds)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot


def luhn_ok(ds):
    return luhn_sum(ds) % 10 == 0


def make_card(r, brand=None):
    brand = brand or r.choice(["visa"] * 4 + ["mc"] * 3 + ["mc2"] + ["amex"] * 2 + ["disc", "disc65"])
    if brand == "visa":
        pre, n = "4", 16
    elif brand == "mc":
        pre, n = str(r.randint(51, 55)), 16
    elif brand == "mc2":
        pre, n = str(r.randint(2221, 2720)), 16
    elif brand == "amex":
        pre, n = r.choice(["34", "37"]), 15
    elif brand == "disc":
        pre, n = "6011", 16
    else:
        pre, n = "65", 16
    body = pre + "".join(str(r.randint(0, 9)) for _ in range(n - len(pre) - 1))
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c, ("amex" if brand == "amex" else brand)
    raise AssertionError


def non_luhn16(r, lead=None):
    while True:
        s = (lead or str(r.randint(1, 9))) + "".join(str(r.randint(0, 9)) for _ in range(15))
        if not luhn_ok(s):
            return s


def card_groups(c):
    if len(c) == 15:
        return [c[:4], c[4:10], c[10:]]
    return [c[i:i + 4] for i in range(0, 16, 4)]


def make_ssn(r):
    while True:
        a = r.randint(1, 899)
        if a != 666:
            break
    return "%03d%02d%04d" % (a, r.randint(1, 99), r.randint(1, 9999))


def make_phone(r):
    area = "%d%d%d" % (r.randint(2, 9), r.randint(0, 8), r.randint(0, 9))
    exch = "%d%02d" % (r.randint(2, 9), r.randint(0, 99))
    return area + exch + "%04d" % r.randint(0, 9999)


def make_routing(r):
    d = [int(x) for x in "%02d" % r.choice(list(range(1, 13)) + list(range(21, 33)))]
    d += [r.randint(0, 9) for _ in range(6)]
    w = [3, 7, 1, 3, 7, 1, 3, 7]
    s = sum(a * b for a, b in zip(d, w))
    d.append((-s) % 10)
    return "".join(map(str, d))


def make_account(r):
    n = r.randint(8, 12)
    return "".join(str(r.randint(0, 9)) for _ in range(n))


IBAN_FMT = {"GB": "LLLL" + "D" * 14, "DE": "D" * 18, "ES": "D" * 20, "PL": "D" * 24,
            "NL": "LLLL" + "D" * 10, "FR": "D" * 23, "IE": "LLLL" + "D" * 14}
BANK_LETTERS = {"GB": ["BARC", "LOYD", "HBUK", "NWBK", "MIDL"], "NL": ["INGB", "ABNA", "RABO"],
                "IE": ["AIBK", "BOFI"]}


def make_iban(r):
    cc = r.choice(list(IBAN_FMT))
    bban = ""
    fmt = IBAN_FMT[cc]
    if fmt.startswith("LLLL"):
        bban = r.choice(BANK_LETTERS[cc])
        fmt = fmt[4:]
    bban += "".join(str(r.randint(0, 9)) for _ in fmt)
    rearr = bban + cc + "00"
    num = int("".join(str(int(ch, 36)) for ch in rearr))
    chk = 98 - num % 97
    return cc + "%02d" % chk + bban


def iban_ok(s):
    s = s.replace(" ", "")
    rearr = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in rearr)) % 97 == 1


# ----------------------------------------------------------------------------- words for numbers
ONES = "zero one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
MONTHS = "january february march april may june july august september october november december".split()
MON_ABBR = [m[:3].title() for m in MONTHS]
ORD = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
       8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth", 13: "thirteenth",
       14: "fourteenth", 15: "fifteenth", 16: "sixteenth", 17: "seventeenth", 18: "eighteenth",
       19: "nineteenth", 20: "twentieth", 30: "thirtieth"}


def ordinal(n):
    if n in ORD:
        return ORD[n]
    return TENS[n // 10] + " " + ORD[n % 10]


def two(n):
    if n < 10:
        return ONES[n]
    if n < 20:
        return TEENS[n - 10]
    return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])


def num_words(n):
    if n < 100:
        return two(n)
    if n < 1000:
        h, rest = divmod(n, 100)
        return ONES[h] + " hundred" + ("" if rest == 0 else " and " + two(rest) if rest < 10 else " " + two(rest))
    th, rest = divmod(n, 1000)
    return num_words(th) + " thousand" + ("" if rest == 0 else " " + num_words(rest))


def year_words(y, r, short_ok=True):
    if 1900 <= y < 2000:
        yy = y % 100
        tail = ("oh " + ONES[yy]) if yy < 10 else two(yy)
        if short_ok and r.random() < 0.25:
            return tail
        return "nineteen " + tail
    if 2000 <= y < 2010:
        return r.choice(["two thousand ", "two thousand and "]) + ONES[y % 10] if y % 10 else "two thousand"
    return "twenty " + two(y % 100) if r.random() < 0.85 or not short_ok else two(y % 100)


def dig(ch, z):
    return z if ch == "0" else ONES[int(ch)]


def read_single(ds, z, r, dbl=0.5):
    out, i = [], 0
    while i < len(ds):
        j = i
        while j < len(ds) and ds[j] == ds[i]:
            j += 1
        run = j - i
        if run == 3 and r.random() < dbl:
            out.append("triple " + dig(ds[i], z)); i = j; continue
        if run >= 2 and r.random() < dbl:
            out.append("double " + dig(ds[i], z)); i += 2; continue
        out.append(dig(ds[i], z)); i += 1
    return " ".join(out)


def read_pairs(ds, z, r):
    out = []
    i = 0
    if len(ds) % 2 == 1:
        out.append(dig(ds[0], z)); i = 1
    while i < len(ds):
        ch = ds[i:i + 2]
        if ch == "00":
            out.append(r.choice([z + " " + z, "double " + z, "hundred"]) if (out and len(ds) == 4 and i == 2) else r.choice([z + " " + z, "double " + z]))
        elif ch[0] == "0":
            out.append(z + " " + ONES[int(ch[1])])
        else:
            out.append(two(int(ch)))
        i += 2
    return " ".join(out)


def read_group(g, z, r, style):
    if style == "pairs" and len(g) >= 2:
        return read_pairs(g, z, r)
    if style == "hund" and len(g) == 3 and g[0] != "0" and g[1] != "0":
        return ONES[int(g[0])] + " " + two(int(g[1:]))
    if style == "hund" and len(g) == 4 and g[0] != "0" and g[2:] == "00":
        return two(int(g[:2])) + " hundred"
    return read_single(g, z, r, dbl=0.6 if style == "dbl" else 0.15)


FILL = ["um", "uh", "um", "uh", "er"]


def read_groups(groups, z, r, style=None, fill=0.2, styles=None):
    """Read a list of digit groups; fillers may appear between groups."""
    parts = []
    for k, g in enumerate(groups):
        st = (styles[k] if styles else style) or r.choice(["single", "single", "pairs", "dbl", "hund"])
        if k and r.random() < fill:
            parts.append(r.choice(FILL))
        parts.append(read_group(g, z, r, st))
    return " ".join(parts)


def house_words(n, z, r):
    s = str(n)
    if len(s) <= 2:
        return two(n)
    if len(s) == 3:
        if s[1] == "0":
            return ONES[int(s[0])] + " " + z + " " + ONES[int(s[2])]
        return r.choice([ONES[int(s[0])] + " " + two(int(s[1:])), read_single(s, z, r, 0)])
    if len(s) == 4:
        if s[2:] == "00":
            return two(int(s[:2])) + " hundred"
        return r.choice([read_pairs(s, z, r), read_single(s, z, r, 0)])
    return read_single(s, z, r, 0)


def ascii_fold(s):
    s = s.replace("ł", "l").replace("Ł", "L").replace("ı", "i")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def asr_name(n, r):
    """Speech-recognizer rendering of a name: lowercase ascii, hyphens to spaces, apostrophes sometimes dropped."""
    s = ascii_fold(n).lower().replace("-", " ")
    if "'" in s and r.random() < 0.5:
        s = s.replace("'", "")
    return s


# ----------------------------------------------------------------------------- shared pools
COMPANIES = ["northgate mutual", "bluewater telecom", "sunrise pharmacy", "keystone credit union",
             "lakeshore energy", "meridian travel", "harbor health", "pinecrest bank", "zenith mobile",
             "orchard lane insurance", "copperfield utilities", "atlas furniture"]
STREETS = ["Willow Creek", "Magnolia", "Elm", "Oak Hollow", "Kingfisher", "Cedar Ridge", "Dogwood",
           "Pecan Grove", "Juniper", "Harbor View", "Old Mill", "Sycamore", "Bluebonnet", "Lakeshore",
           "Martin Luther King Jr", "Cesar Chavez", "Pulaski", "Chestnut", "Hawthorne", "Saint Brigid",
           "Palmetto", "Lotus", "Banyan", "Quarry", "Foxglove", "Ironwood", "Meadowlark", "Tamarind",
           "Prospect", "Garfield", "Riverbend", "Sequoia", "Cypress Point", "Wabash", "Larkspur"]
STYPES = [("Street", "St"), ("Avenue", "Ave"), ("Drive", "Dr"), ("Road", "Rd"), ("Lane", "Ln"),
          ("Court", "Ct"), ("Boulevard", "Blvd"), ("Place", "Pl"), ("Terrace", "Ter"), ("Way", "Way"),
          ("Circle", "Cir"), ("Parkway", "Pkwy")]
DIRS = [("North", "N"), ("South", "S"), ("East", "E"), ("West", "W")]
CITIES = [("Tulsa", "OK"), ("Dayton", "OH"), ("Fresno", "CA"), ("Paterson", "NJ"), ("El Paso", "TX"),
          ("Toledo", "OH"), ("Spokane", "WA"), ("Hialeah", "FL"), ("Joliet", "IL"), ("Lowell", "MA"),
          ("Laredo", "TX"), ("Stockton", "CA"), ("Yonkers", "NY"), ("Macon", "GA"), ("Provo", "UT")]
DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me",
           "aol.com", "comcast.net", "ymail.com", "live.co.uk", "rediffmail.com", "naver.com",
           "uol.com.br", "wp.pl", "eircom.net", "mail.ru"]


def pick_name(r, wordy=0.08):
    f = r.choice(WORDY_FIRST) if r.random() < wordy else r.choice(FIRST)
    l = r.choice(WORDY_LAST) if r.random() < wordy * 0.6 else r.choice(LAST)
    return f, l


def email_local(r, f, l):
    f = ascii_fold(f).lower().replace("-", "").replace("'", "").replace(" ", "")
    l = ascii_fold(l).lower().replace("-", "").replace("'", "").replace(" ", "")
    c = r.randint(0, 7)
    num = str(r.choice([r.randint(1, 99), r.randint(1950, 2005), r.randint(100, 999)]))
    return [f + "." + l, f + l[:1] + num, f[:1] + l, f + "_" + l, l + "." + f[:1],
            f + num, f[:1] + "." + l + num, l + f[:2]][c]


def make_email(r, f, l):
    return email_local(r, f, l) + "@" + r.choice(DOMAINS)


def speak_email(e, r, z, mode=None):
    """Spoken rendering of an e-mail (all of it is one span)."""
    local, dom = e.split("@")
    mode = mode or r.choice(["words", "spell", "mixed", "spell"])

    def tok_word(t):
        return t

    def spell(t):
        return " ".join(t)

    def numspeak(t):
        return read_single(t, z, r, 0.2) if len(t) != 2 and len(t) != 4 else read_pairs(t, z, r)

    out = []
    for seg in re.findall(r"[a-z]+|[0-9]+|[._-]", local):
        if seg == ".":
            out.append("dot")
        elif seg == "_":
            out.append("underscore")
        elif seg == "-":
            out.append(r.choice(["dash", "hyphen"]))
        elif seg.isdigit():
            out.append(numspeak(seg))
        elif mode == "spell" or (mode == "mixed" and len(seg) > 1 and r.random() < 0.5) or len(seg) == 1:
            out.append(spell(seg))
        else:
            out.append(tok_word(seg))
    out.append(r.choice(["at", "at", "at sign", "at the rate"]))
    for k, seg in enumerate(dom.split(".")):
        if k:
            out.append("dot")
        out.append(seg if len(seg) > 2 or seg in ("me",) else spell(seg) if seg not in ("co",) else "co")
    return " ".join(out)


def make_address(r):
    n = r.choice([r.randint(2, 99), r.randint(100, 999), r.randint(1000, 9999), r.randint(1000, 9999),
                  r.randint(10000, 29999)])
    d = r.choice(DIRS) if r.random() < 0.25 else None
    st = r.choice(STREETS)
    ty = r.choice(STYPES)
    unit = None
    if r.random() < 0.4:
        unit = (r.choice(["Apt", "Apartment", "Unit", "Suite", "#"]),
                r.choice([str(r.randint(1, 40)), str(r.randint(1, 9)) + r.choice("ABCDF"),
                          str(r.randint(101, 999))]))
    return {"n": n, "dir": d, "street": st, "type": ty, "unit": unit, "city": r.choice(CITIES),
            "zip": "%05d" % r.randint(10001, 99950)}


def addr_typed(a, r):
    abbr = r.random() < 0.5
    parts = [str(a["n"])]
    if a["dir"]:
        parts.append(a["dir"][1] if abbr else a["dir"][0])
    parts.append(a["street"])
    parts.append(a["type"][1] + ("." if abbr and r.random() < 0.3 else "") if abbr else a["type"][0])
    s = " ".join(parts)
    if a["unit"]:
        u, v = a["unit"]
        s += (", " if r.random() < 0.5 else " ") + (u + v if u == "#" else u + " " + v)
    if s.endswith("."):
        s = s[:-1]
    return s


def addr_spoken(a, z, r):
    parts = [house_words(a["n"], z, r)]
    if a["dir"]:
        parts.append(a["dir"][0].lower())
    parts.append(a["street"].lower())
    parts.append(a["type"][0].lower())
    if a["unit"]:
        u, v = a["unit"]
        u = {"#": "number", "Apt": r.choice(["apartment", "apt"])}.get(u, u.lower())
        vs = []
        for ch in re.findall(r"\d+|[A-Z]", v):
            vs.append(ch.lower() if ch.isalpha() else (two(int(ch)) if len(ch) <= 2 else house_words(int(ch), z, r)))
        parts.append(u + " " + " ".join(vs))
    return " ".join(parts)


def make_dob(r):
    return r.randint(1931, 2004), r.randint(1, 12), r.randint(1, 28)


def dob_typed(d, r, style=None):
    y, m, dd = d
    st = style if style is not None else r.randint(0, 8)
    return [f"{m:02d}/{dd:02d}/{y}", f"{m}/{dd}/{y % 100:02d}", f"{y}-{m:02d}-{dd:02d}",
            f"{dd} {MON_ABBR[m - 1]} {y}", f"{MONTHS[m - 1].title()} {dd}, {y}", f"{dd:02d}.{m:02d}.{y}",
            f"{m}/{dd}/{y}", f"{dd}/{m:02d}/{y}", f"{MONTHS[m - 1].title()} {ordinal_suffix(dd)} {y}"][st]


def ordinal_suffix(n):
    return str(n) + ("th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


def dob_spoken(d, z, r):
    y, m, dd = d
    c = r.randint(0, 5)
    if c == 0:
        return f"{MONTHS[m - 1]} {ordinal(dd)} {year_words(y, r)}"
    if c == 1:
        return f"the {ordinal(dd)} of {MONTHS[m - 1]} {year_words(y, r)}"
    if c == 2:
        return f"{MONTHS[m - 1]} {two(dd)} {year_words(y, r)}"
    if c == 3:
        mm = f"{m:02d}"
        ddd = f"{dd:02d}"
        return f"{read_single(mm, z, r, 0)} {read_single(ddd, z, r, 0)} {year_words(y, r, short_ok=False)}"
    if c == 4:
        return f"{two(m)} {two(dd)} {year_words(y, r)}"
    return f"{MONTHS[m - 1]} {ordinal(dd)} {r.choice(['um', 'uh'])} {year_words(y, r, short_ok=False)}"


def make_exp(r):
    return r.randint(1, 12), r.randint(2025, 2033)


def exp_typed(e, r):
    m, y = e
    return r.choice([f"{m:02d}/{y % 100:02d}", f"{m}/{y % 100:02d}", f"{m:02d}/{y}", f"{m:02d}{y % 100:02d}",
                     f"{m:02d}-{y % 100:02d}", f"{MON_ABBR[m - 1]} {y}", f"{m:02d} / {y % 100:02d}",
                     f"{m:02d}/{y % 100:02d}"])


def exp_spoken(e, z, r):
    m, y = e
    yy = y % 100
    c = r.randint(0, 6)
    if c == 0:
        return f"{MONTHS[m - 1]} {two(yy)}"
    if c == 1:
        return f"{MONTHS[m - 1]} of {year_words(y, r, short_ok=False)}"
    if c == 2:
        return f"{read_single('%02d' % m, z, r, 0)} {two(yy)}"
    if c == 3:
        return f"{read_single('%02d' % m, z, r, 0)} slash {read_single('%02d' % yy, z, r, 0)}"
    if c == 4:
        return f"{two(m)} {two(yy)}"
    if c == 5:
        return f"{read_single('%02d%02d' % (m, yy), z, r, 0)}"
    return f"{two(m)} slash {year_words(y, r, short_ok=False)}"


def phone_typed(p, r, style=None):
    a, b, c = p[:3], p[3:6], p[6:]
    st = style if style is not None else r.randint(0, 8)
    return [f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"{a}{b}{c}",
            f"1-{a}-{b}-{c}", f"({a}){b}-{c}", f"{a} {b} {c}", f"+1 ({a}) {b}-{c}"][st]


INTL = ["+44 20 7946 DDDD", "+44 7700 9DD DDD", "+91 98DDD DDDDD", "+234 803 DDD DDDD", "+52 55 DDDD DDDD",
        "+63 917 DDD DDDD", "+48 512 DDD DDD", "+82 10-DDDD-DDDD", "+353 87 DDD DDDD", "+55 11 9DDDD-DDDD",
        "+971 50 DDD DDDD", "+84 90 DDD DD DD"]


def intl_phone(r):
    return "".join(str(r.randint(0, 9)) if ch == "D" else ch for ch in r.choice(INTL))


def phone_spoken(p, z, r):
    a, b, c = p[:3], p[3:6], p[6:]
    st = r.randint(0, 4)
    if st == 0:
        return read_groups([a, b, c], z, r, "single", 0.15)
    if st == 1:
        return read_single(a, z, r, 0) + " " + read_single(b, z, r, 0.3) + " " + read_pairs(c, z, r)
    if st == 2:
        return read_groups([a, b, c], z, r, "dbl", 0.0)
    if st == 3:
        return read_single(a, z, r, 0) + " " + read_single(b, z, r, 0) + r.choice([" then ", " and then ", " "]) + read_single(c, z, r, 0)
    return read_single(p, z, r, 0.4)


# ----------------------------------------------------------------------------- distractors
def order_no(r):
    return "".join(str(r.randint(0, 9)) for _ in range(r.choice([7, 8, 9, 10, 12])))


def spoken_digits_plain(s, z, r):
    return read_groups([s[i:i + 3] for i in range(0, len(s), 3)], z, r, r.choice(["single", "dbl", "pairs"]), 0.1)


def price_spoken(r):
    d = r.randint(3, 1900)
    c = r.choice([0, 0, 99, 49, 95, 50, 25, 10])
    if c == 0:
        return num_words(d) + " dollars"
    return r.choice([f"{num_words(d)} dollars and {two(c)} cents", f"{num_words(d)} {two(c)}"]) if d < 100 else f"{num_words(d)} dollars and {two(c)} cents"


def price_typed(r):
    d = r.randint(3, 4800)
    return r.choice([f"${d}.{r.choice(['00', '99', '49', '15'])}", f"${d:,}", f"USD {d}.00", f"{d} dollars", f"€{d},{r.randint(10, 99)}"])


def time_spoken(r):
    h = r.randint(1, 12)
    m = r.choice([0, 15, 30, 45, 10, 20, 5])
    mm = "" if m == 0 else (" oh " + ONES[m] if m < 10 else " " + two(m))
    return two(h) + mm + r.choice([" am", " pm", " in the morning", " in the afternoon", "", " o'clock" if m == 0 else ""])


def time_typed(r):
    return r.choice([f"{r.randint(1, 12)}:{r.choice(['00', '15', '30', '45', '05'])} {r.choice(['AM', 'PM', 'am', 'pm'])}",
                     f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}", f"{r.randint(1, 12)}{r.choice(['am', 'pm'])}"])


def appt_spoken(r):
    wd = r.choice(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"])
    m = r.randint(1, 12)
    d = r.randint(1, 28)
    return r.choice([f"{wd} the {ordinal(d)} at {time_spoken(r)}", f"{MONTHS[m - 1]} {ordinal(d)} at {time_spoken(r)}",
                     f"next {wd} {MONTHS[m - 1]} {ordinal(d)}", f"{wd} {MONTHS[m - 1]} {two(d)} twenty twenty {ONES[r.randint(5, 7)]}"])


def ip_addr(r):
    return r.choice([f"192.168.{r.randint(0, 20)}.{r.randint(2, 254)}", f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                     f"{r.randint(23, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"])


def url(r):
    return r.choice([f"https://shop.example.com/item/{r.randint(10000, 999999)}",
                     f"https://track.parcelwise.net/t/{r.randint(10 ** 11, 10 ** 12)}",
                     f"www.zenithmobile.com/support/ticket?id={r.randint(100000, 9999999)}",
                     f"http://bit.ly/3{r.choice(['xQ', 'Lm', 'Zr'])}{r.randint(100, 999)}k",
                     f"https://portal.keystonecu.org/login?session=4{r.randint(10 ** 14, 10 ** 15)}"])


def tracking(r):
    return r.choice(["1Z" + "".join(r.choice("0123456789ABCDEFX") for _ in range(6)) + "".join(str(r.randint(0, 9)) for _ in range(10)),
                     "9400" + "".join(str(r.randint(0, 9)) for _ in range(18)),
                     "".join(str(r.randint(0, 9)) for _ in range(12))])


def model_no(r):
    return r.choice([f"SM-G{r.randint(900, 999)}U", f"WX-{r.randint(1000, 9999)}", f"KDL-{r.randint(32, 75)}W{r.randint(600, 900)}",
                     f"A{r.randint(1000, 2999)}", f"RT{r.randint(10, 99)}-{r.randint(100, 999)}B"])


def flight(r):
    return r.choice(["UA", "DL", "AA", "EK", "LH", "AI", "PR"]) + " " + str(r.randint(10, 2999))


def inv_no(r):
    return r.choice([f"INV-{r.randint(100000, 999999)}", f"#{r.randint(100000, 99999999)}", f"PO {r.randint(4000000, 4999999)}",
                     f"REF{r.randint(10 ** 7, 10 ** 8)}", f"CS-{r.randint(2023, 2025)}-{r.randint(10000, 99999)}"])


# ============================================================================= CALLS
CALL_LABELS = [("agent", "customer"), ("rep", "caller"), ("spk_0", "spk_1"), ("s1", "s2"), ("a", "b"),
               ("csr", "cx"), ("advisor", "policyholder"), ("operator", "member"), ("teller", "client"),
               ("nurse", "patient"), ("tech", "user"), ("ch_0", "ch_1"), ("left", "right"),
               ("speaker 1", "speaker 2"), ("agt", "cust"), ("host", "guest"), ("ag", "cl"),
               ("callee", "caller"), ("inbound_agent", "remote_party"), ("[a]", "[c]"), ("0", "1"),
               ("desk", "resident"), ("support", "subscriber"), ("banker", "account holder")]

REG = ["plain", "plain", "elderly", "nonnative", "hurried", "codeswitch_es", "codeswitch_hi", "ivr"]

CPRE = {
    "plain": ["", "", "yeah", "sure", "okay", "yes", "yep", "uh yeah", "alright"],
    "elderly": ["oh", "well now", "now let me see", "oh goodness", "hold on dear", "alright sweetheart",
                "oh my glasses are somewhere", "let me just find it", "well my late husband always did this but",
                "bear with me honey", "my grandson wrote it down for me"],
    "nonnative": ["yes", "yes yes", "okay one moment please", "sorry", "ah yes", "yes i tell you", "okay so",
                  "sorry my english", "yes of course"],
    "hurried": ["", "yeah", "yep", "k", "sure"],
    "codeswitch_es": ["si", "bueno", "okay pues", "a ver", "este", "si si", "claro", "mira"],
    "codeswitch_hi": ["haan", "haan ji", "achha", "ek minute", "theek hai", "ji", "haan haan"],
    "ivr": ["", "yeah", "okay"],
}
BACK = ["mm-hmm", "okay", "go ahead", "yep", "uh huh", "got it", "alright", "yes", "keep going", "mm-hmm go on",
        "take your time", "no rush", "sure", "okay and"]
PAUSE_LINES = {"elderly": ["hold on the numbers are so tiny", "wait let me turn the light on", "oh where was i",
                           "these little numbers", "hang on the dog is barking"],
               "nonnative": ["sorry one moment", "how you say", "wait wait"],
               "codeswitch_es": ["espera", "un momento", "ay perdon"],
               "codeswitch_hi": ["ruko ek second", "ek minute ji", "haan wait"]}


class Call:
    def __init__(self, r):
        self.r = r
        self.d = Doc("call")
        self.A, self.C = r.choice(CALL_LABELS)
        self.reg = r.choice(REG)
        self.z = r.choice(["oh", "oh", "zero"])
        self.d.tags.add("reg_" + self.reg)
        self.d.tags.add("lbl_" + self.A.replace(" ", "_").strip("[]"))
        self.first, self.last = pick_name(r)
        self.company = r.choice(COMPANIES)

    def a(self, *p):
        self.d.line(self.A + ": ", *p)

    def c(self, *p):
        self.d.line(self.C + ": ", *p)

    def cpre(self):
        return self.r.choice(CPRE[self.reg])

    def apre(self):
        if self.reg == "hurried":
            return self.r.choice(["", "k", "great", "got it", "perfect", "okay quick"])
        return self.r.choice(["", "okay", "alright", "great", "perfect", "thank you"])

    def tag(self, t):
        self.d.tags.add(t)


def seg_greet(k):
    r = k.r
    if k.reg == "ivr":
        k.a(f"thank you for calling {k.company} your call may be recorded for quality purposes")
        k.a(r.choice(["para espanol oprima el dos", "please listen carefully as our menu options have changed",
                      "in a few words tell me what you're calling about"]))
        k.c(r.choice(["billing", "representative", "agent", "make a payment", "pay my bill"]))
        k.tag("ivr_menu")
        return
    an_f, an_l = pick_name(r, 0.1)
    style = r.randint(0, 4)
    if style <= 2:
        k.a(f"thank you for calling {k.company}", r.choice(["this is", "my name is", "you've reached"]),
            V(asr_name(an_f, r), NAME), r.choice(["how can i help you today", "how may i help", "who am i speaking with"]))
        k.tag("name_agent_intro")
    else:
        k.a(f"{k.company}", r.choice(["good morning", "good afternoon", "hello"]), "how can i help")
    if r.random() < 0.6:
        full = r.random() < 0.6
        nm = asr_name(k.first, r) + (" " + asr_name(k.last, r) if full else "")
        pre = {"elderly": "oh hello dear yes this is", "nonnative": "hello yes my name is",
               "codeswitch_es": "hola si this is", "codeswitch_hi": "haan hello my name is"}.get(k.reg, r.choice(["hi this is", "hey it's", "yes hi my name is", "hi um my name's"]))
        k.c(pre, V(nm, NAME), r.choice(["i'm calling about my account", "i have a question about a charge",
                                        "i need to update my card", "i want to make a payment", "i got a letter from you"]))
        k.tag("name_self_intro")
    else:
        k.c(r.choice(["hi yeah i need to make a payment", "hello i have a problem with my bill",
                      "yes hello i'm calling because my card got declined"]))


def seg_name(k):
    r = k.r
    k.a(k.apre(), r.choice(["can i get your full name please", "who do i have the pleasure of speaking with",
                            "and your first and last name", "name on the account please"]))
    c = r.randint(0, 4)
    f, l = asr_name(k.first, r), asr_name(k.last, r)
    if c == 0:
        k.c(k.cpre(), "it's", V(f + " " + l, NAME))
    elif c == 1:
        spelled = " ".join(ch for ch in l.replace(" ", "").replace("'", ""))
        k.c(k.cpre(), V(f + " " + l, NAME), "last name is", V(spelled, NAME))
        k.tag("name_spelled")
    elif c == 2:
        k.c(k.cpre(), "first name", V(f, NAME))
        k.a(r.choice(["and the last name", "and your surname", "last name"]))
        k.c(V(l, NAME), r.choice(["", "like it sounds", "that's with a " + l[0]]))
        k.tag("name_split_turns")
    elif c == 3:
        title = r.choice(["mrs", "mr", "miss", "doctor", "ms"])
        if r.random() < 0.5:
            k.c(k.cpre(), "it's", title, V(l, NAME), "but everyone calls me", V(f, NAME))
        else:
            k.c(k.cpre(), "it's", title, V(l, NAME))
        k.tag("name_title")
    else:
        k.c(k.cpre(), V(f + " " + l, NAME))
        k.a(r.choice(["thank you mister", "thanks misses", "thank you"]), V(l, NAME))
        k.tag("name_readback")


def _fix_title_everyone(k):
    pass


def seg_card(k, with_exp=True, with_cvv=True):
    r = k.r
    card, brand = make_card(r)
    k.tag("card_" + brand)
    groups = card_groups(card)
    z = k.z
    style = r.choice(["single", "single", "pairs", "dbl", "hund", None])
    if k.reg == "ivr":
        k.a(r.choice(["please say or enter your", "using your keypad enter your"]),
            "fifteen" if brand == "amex" else "sixteen", "digit card number followed by the pound key")
        spoken = read_groups(groups, z, r, "single", 0.0)
        k.c(V(spoken, CC))
        k.a("you entered", V(read_groups(groups, z, r, "single", 0.0), CC), "if this is correct press one otherwise press two")
        k.c("one")
        k.tag("card_ivr_echo")
    else:
        k.a(k.apre(), r.choice(["can i have the card number", "what's the long number on the front of the card",
                                "go ahead with the card number when you're ready", "card number please",
                                "and which card would you like to use the number please"]))
        v = r.randint(0, 5)
        if k.reg == "elderly" and v < 3:
            v = 1
        if v == 0:
            k.c(k.cpre(), r.choice(["it's", "okay it's", "", "the number is"]), V(read_groups(groups, z, r, style, 0.3), CC))
            k.tag("card_one_turn")
        elif v == 1:
            # split over 3-6 turns with backchannels/pauses
            nsplit = r.choice([2, 3, len(groups)])
            chunks = [groups[:2], groups[2:]] if nsplit == 2 else ([[g] for g in groups] if nsplit == len(groups) else [groups[:1], groups[1:3], groups[3:]])
            chunks = [c for c in chunks if c]
            for i, ch in enumerate(chunks):
                pre = k.cpre() if i == 0 else ""
                if i and k.reg in PAUSE_LINES and r.random() < 0.5:
                    k.c(r.choice(PAUSE_LINES[k.reg]))
                    k.a(r.choice(["take your time", "no problem", "that's okay", "i'm here"]))
                k.c(pre, V(read_groups(ch, z, r, style, 0.2), CC))
                if i < len(chunks) - 1:
                    k.a(r.choice(BACK))
            k.tag("card_split_turns")
        elif v == 2:
            wrong = list(card)
            i = r.randint(4, len(card) - 2)
            wrong[i] = str((int(wrong[i]) + r.randint(1, 8)) % 10)
            part = "".join(wrong[:8])
            k.c(k.cpre(), V(read_groups([part[:4], part[4:]], z, r, style, 0.1), CC),
                r.choice(["no wait that's wrong", "sorry scratch that", "oh no that's the old card", "wait no let me start over"]),
                V(read_groups(groups, z, r, style, 0.1), CC))
            k.tag("card_correction")
        elif v == 3:
            k.c(k.cpre(), V(read_groups(groups, z, r, style, 0.2), CC))
            wrong = list(card)
            gi = r.randrange(len(groups))
            start = sum(len(g) for g in groups[:gi])
            pos = start + r.randrange(len(groups[gi]))
            wrong[pos] = str((int(wrong[pos]) + 1) % 10)
            wg = card_groups("".join(wrong))
            k.a(r.choice(["let me read that back", "so that's", "i have"]), V(read_groups(wg, z, r, "single", 0.0), CC), "correct")
            gname = (["first", "second", "third", "last"] if len(groups) == 4 else ["first", "middle", "last"])[gi]
            k.c(r.choice(["no", "not quite", "nope"]), "the", gname, r.choice(["group is", "part is", "four are" if len(groups[gi]) == 4 else "bit is"]), V(read_group(groups[gi], z, r, "single"), CC))
            k.a(r.choice(["sorry about that", "my apologies", "got it"]), V(read_groups(groups, z, r, "single", 0.0), CC))
            k.c(r.choice(["yes", "that's it", "correct", "yep"]))
            k.tag("card_readback_mistake")
        elif v == 4:
            k.c(k.cpre(), V(read_groups(groups, z, r, style, 0.1), CC))
            k.a(r.choice(["and that's a", "so a"]), {"visa": "visa", "mc": "mastercard", "mc2": "mastercard", "amex": "american express", "disc": "discover", "disc65": "discover"}[brand],
                r.choice(["ending in", "last four"]), V(read_group(groups[-1][-4:], z, r, "single"), CC))
            k.c(r.choice(["yes", "that's right", "mm-hmm"]))
            k.tag("card_last4_readback")
        else:
            k.c(k.cpre(), "okay", V(read_groups(groups[:2], z, r, style, 0.1), CC))
            k.c(V(read_groups(groups[2:], z, r, style, 0.1), CC))
            k.tag("card_two_lines_same_speaker")
    if with_exp:
        seg_exp(k)
    if with_cvv:
        seg_cvv(k, brand)
    return card


def seg_exp(k):
    r = k.r
    e = make_exp(r)
    if k.reg == "ivr":
        k.a("please enter the expiration date as a four digit number")
        k.c(V(read_single("%02d%02d" % (e[0], e[1] % 100), k.z, r, 0), EXP))
        k.tag("exp_ivr")
        return
    k.a(k.apre(), r.choice(["and the expiration", "expiry date", "when does it expire", "and the exp date on that",
                            "month and year of expiration"]))
    v = r.randint(0, 3)
    if v == 0 or v == 3:
        k.c(k.cpre(), r.choice(["", "it's", "it expires", "good thru", "valid through"]), V(exp_spoken(e, k.z, r), EXP))
        k.tag("exp_one_turn")
    elif v == 1:
        k.c(k.cpre(), r.choice(["month is", "the month"]), V(read_single("%02d" % e[0], k.z, r, 0) if r.random() < 0.5 else MONTHS[e[0] - 1], EXP))
        k.a(r.choice(["and the year", "year", "okay and year"]))
        k.c(V(year_words(e[1], r, True) if r.random() < 0.6 else read_single("%02d" % (e[1] % 100), k.z, r, 0), EXP))
        k.tag("exp_split_turns")
    else:
        wrong = (e[0], e[1] - 1)
        k.c(k.cpre(), V(exp_spoken(wrong, k.z, r), EXP), r.choice(["no wait", "oh sorry that's the old one", "hmm no"]),
            V(exp_spoken(e, k.z, r), EXP))
        k.tag("exp_correction")


def seg_cvv(k, brand="visa"):
    r = k.r
    n = 4 if brand == "amex" else 3
    cv = "".join(str(r.randint(0, 9)) for _ in range(n))
    if k.reg == "ivr":
        k.a(f"now enter the {'four' if n == 4 else 'three'} digit security code")
        k.c(V(read_single(cv, k.z, r, 0), CVV))
        k.tag("cvv_ivr")
        return
    k.a(k.apre(), r.choice(["and the three digits on the back" if n == 3 else "and the four digit code on the front",
                            "security code", "cvv please", "and the cvc", "the little code on the back"]))
    rd = read_single(cv, k.z, r, 0.3) if r.random() < 0.7 else (read_group(cv, k.z, r, "hund") if n == 3 else read_pairs(cv, k.z, r))
    if r.random() < 0.2:
        k.c(k.cpre(), "is it the one on the signature strip")
        k.a("yes")
    k.c(k.cpre(), r.choice(["", "it's", "that's"]), V(rd, CVV))
    k.tag("cvv_spoken")


def seg_ssn(k):
    r = k.r
    s = make_ssn(r)
    z = k.z
    if r.random() < 0.4:
        k.a(k.apre(), r.choice(["can you verify the last four of your social", "last four of the ssn please",
                                "for verification the last four digits of your social security number"]))
        l4 = s[5:]
        k.c(k.cpre(), V(read_group(l4, z, r, r.choice(["single", "pairs", "dbl"])), SSN))
        k.tag("ssn_last4")
        return
    k.a(k.apre(), r.choice(["i'll need your social security number", "and your social please", "what's your ssn",
                            "to verify your identity your full social"]))
    v = r.randint(0, 2)
    g = [s[:3], s[3:5], s[5:]]
    if v == 0:
        k.c(k.cpre(), V(read_groups(g, z, r, "single", 0.3), SSN))
        k.tag("ssn_one_turn")
    elif v == 1:
        k.c(k.cpre(), V(read_group(g[0], z, r, "single"), SSN))
        k.a(r.choice(BACK))
        k.c(V(read_group(g[1], z, r, r.choice(["single", "pairs"])), SSN))
        k.a(r.choice(BACK))
        k.c(V(read_group(g[2], z, r, r.choice(["single", "pairs"])), SSN))
        k.tag("ssn_split_turns")
    else:
        k.c(k.cpre(), V(read_groups(g, z, r, "single", 0.1), SSN))
        k.a("so that's", V(read_groups(g, z, r, "single", 0.0), SSN))
        k.c(r.choice(["yes", "correct", "that's right"]))
        k.tag("ssn_readback")


def seg_phone(k):
    r = k.r
    p = make_phone(r)
    z = k.z
    k.a(k.apre(), r.choice(["what's the best number to reach you", "a callback number in case we get disconnected",
                            "phone number on the account", "and a contact number"]))
    v = r.randint(0, 4)
    if v == 0:
        k.c(k.cpre(), V(phone_spoken(p, z, r), PHONE))
        k.tag("phone_one_turn")
    elif v == 1:
        k.c(k.cpre(), "area code", V(read_single(p[:3], z, r, 0), PHONE))
        k.a(r.choice(BACK))
        k.c(V(read_single(p[3:], z, r, 0.3), PHONE))
        k.tag("phone_split_turns")
    elif v == 2:
        k.c(k.cpre(), "it's my work number", V(phone_spoken(p, z, r), PHONE), r.choice(["extension", "ext", "and then extension"]),
            read_single(str(r.randint(10, 9999)), z, r, 0))
        k.tag("phone_extension")
    elif v == 3:
        k.c(k.cpre(), V(phone_spoken(p, z, r), PHONE))
        k.a("that's", V(read_single(p, z, r, 0), PHONE))
        k.c(r.choice(["yes", "uh huh", "mm-hmm"]))
        k.tag("phone_readback")
    else:
        k.c(k.cpre(), V(phone_spoken(p, z, r), PHONE), r.choice(["but i'm usually out till", "don't call before"]), time_spoken(r))
        k.tag("phone_one_turn")
        k.tag("distractor_time")


def seg_email(k):
    r = k.r
    e = make_email(r, k.first, k.last)
    k.a(k.apre(), r.choice(["and an email address for the receipt", "what email should we send that to",
                            "email on file please"]))
    sp = speak_email(e, r, k.z)
    if r.random() < 0.3:
        k.c(k.cpre(), "okay it's", V(sp, EMAIL))
        k.a("let me repeat", V(speak_email(e, r, k.z, "spell"), EMAIL))
        k.c("yes")
        k.tag("email_readback")
    else:
        k.c(k.cpre(), r.choice(["it's", "yeah it's", "", "okay so"]), V(sp, EMAIL))
        k.tag("email_spoken")


def seg_bank(k):
    r = k.r
    z = k.z
    rt, ac = make_routing(r), make_account(r)
    k.a(k.apre(), r.choice(["for the ach i'll need the routing number", "what's the bank routing number",
                            "the nine digit routing number at the bottom of the check"]))
    k.c(k.cpre(), V(read_groups([rt[:3], rt[3:6], rt[6:]], z, r, "single", 0.2), BANK))
    k.a(r.choice(["and the account number", "account number", "and the checking account number"]))
    if r.random() < 0.4:
        h = len(ac) // 2
        k.c(V(read_single(ac[:h], z, r, 0.3), BANK))
        k.a(r.choice(BACK))
        k.c(V(read_single(ac[h:], z, r, 0.3), BANK))
        k.tag("bank_split_turns")
    else:
        k.c(k.cpre(), V(read_single(ac, z, r, 0.3), BANK))
    if r.random() < 0.3:
        k.c("do you need the check number too it's", read_single(str(r.randint(1001, 4999)), z, r, 0))
        k.a("no that one we don't need")
        k.tag("distractor_check_number")
    k.tag("bank_spoken")


def seg_address(k):
    r = k.r
    a = make_address(r)
    k.a(k.apre(), r.choice(["and your mailing address", "what address should we ship to", "billing address on the card",
                            "where should we send the new card"]))
    sp = addr_spoken(a, k.z, r)
    city, st = a["city"]
    zipw = read_single(a["zip"], k.z, r, 0)
    v = r.randint(0, 2)
    if v == 0:
        k.c(k.cpre(), V(sp, ADDR), city.lower(), r.choice([st.lower(), " ".join(st.lower())]), zipw)
    elif v == 1:
        k.c(k.cpre(), V(sp, ADDR))
        k.a("city and zip")
        k.c(city.lower(), zipw)
        k.tag("distractor_zip_alone")
    else:
        if k.reg == "elderly":
            k.c("well we moved last spring so it's the new place", V(sp, ADDR), "near the church")
        else:
            k.c(k.cpre(), "we just moved it's", V(sp, ADDR))
        k.a("and zip code")
        k.c(zipw)
        k.tag("distractor_zip_alone")
    k.tag("addr_spoken")


def seg_dob(k):
    r = k.r
    d = make_dob(r)
    k.a(k.apre(), r.choice(["and can you confirm your date of birth", "date of birth please", "dob for verification",
                            "and your birthday"]))
    if k.reg == "elderly" and r.random() < 0.6:
        k.c("oh i'm old dear", V(dob_spoken(d, k.z, r), DOB), "can you believe it")
        k.tag("dob_elderly")
    elif r.random() < 0.25:
        y, m, dd = d
        k.c(k.cpre(), V(f"{MONTHS[m - 1]} {ordinal(dd)}", DOB))
        k.a("and the year")
        k.c(V(year_words(y, r), DOB))
        k.tag("dob_split_turns")
    else:
        k.c(k.cpre(), r.choice(["", "it's", "i was born", "born on"]), V(dob_spoken(d, k.z, r), DOB))
    k.tag("dob_spoken")


# ---- distractor segments (no labels)
def dx_order(k):
    r = k.r
    o = order_no(r)
    k.c(k.cpre(), r.choice(["i'm calling about order", "the order number is", "my confirmation number is",
                            "i have a reference number", "the case number they gave me was"]),
        spoken_digits_plain(o, k.z, r))
    k.a(r.choice(["thank you i see it", "let me pull that up", "okay found it"]))
    k.tag("distractor_order")


def dx_ref16(k):
    r = k.r
    ref = non_luhn16(r, r.choice(["4", "5", "3", "6", None]))
    k.a("your confirmation number for today's payment is", read_groups(card_groups(ref), k.z, r, "single", 0.0))
    k.c(r.choice(["let me write that down", "okay got it", "hold on can you repeat it"]))
    k.tag("distractor_ref16_nonluhn")


def dx_price(k):
    r = k.r
    k.a(k.apre(), r.choice(["the balance due is", "your payment today will be", "there's a late fee of", "the charge was for"]), price_spoken(r))
    k.c(r.choice(["that's more than last month", "okay", "why is it so high", "fine go ahead"]))
    k.tag("distractor_price")


def dx_appt(k):
    r = k.r
    k.a(r.choice(["we can have a technician out", "your appointment is", "the new card will arrive by", "we'll call you back"]), appt_spoken(r))
    k.c(r.choice(["that works", "okay", "can it be earlier", "perfect"]))
    k.tag("distractor_date")


def dx_year(k):
    r = k.r
    k.c(r.choice(["i've been a customer since", "we opened this account in", "i bought the house in", "my husband passed in"]),
        year_words(r.randint(1975, 2022), r, False))
    k.tag("distractor_year")


def dx_misc(k):
    r = k.r
    c = r.randint(0, 5)
    if c == 0:
        k.c("i'm at the hotel room", read_single(str(r.randint(101, 1299)), k.z, r, 0), "right now")
        k.tag("distractor_room")
    elif c == 1:
        k.c("my flight is", r.choice(["united", "delta", "emirates", "lufthansa"]), spoken_digits_plain(str(r.randint(10, 2999)), k.z, r), "tomorrow")
        k.tag("distractor_flight")
    elif c == 2:
        k.a("the apr on that card is", two(r.randint(12, 29)), "point", ONES[r.randint(0, 9)], "percent")
        k.tag("distractor_percent")
    elif c == 3:
        k.c("i ordered", num_words(r.randint(2, 40)), r.choice(["boxes", "cases", "units", "bottles"]), "and only got", num_words(r.randint(1, 3)))
        k.tag("distractor_quantity")
    elif c == 4:
        k.c("the router model is", " ".join(ONES[int(ch)] if ch.isdigit() else ch for ch in model_no(r).lower().replace("-", "")))
        k.tag("distractor_model")
    else:
        k.a("your ticket number is", spoken_digits_plain(str(r.randint(10 ** 9, 10 ** 10)), k.z, r), "and you can call back after", time_spoken(r))
        k.tag("distractor_ticket")
        k.tag("distractor_time")


def dx_words(k):
    r = k.r
    (k.c if r.random() < 0.6 else k.a)(r.choice(WORD_USES))
    k.tag("wordname_as_word")


def seg_close(k):
    r = k.r
    if r.random() < 0.4:
        k.a(r.choice(["thanks for calling", "you're all set", "anything else i can help with"]), V(asr_name(k.first, r), NAME))
        k.tag("name_closing")
    else:
        k.a(r.choice(["you're all set", "is there anything else", "thank you for your patience have a good one"]))
    k.c(r.choice(["no that's it thank you", "thank you bye", "gracias bye" if k.reg == "codeswitch_es" else "okay thanks",
                  "dhanyavaad bye" if k.reg == "codeswitch_hi" else "bye now", "god bless you dear" if k.reg == "elderly" else "thanks"]))


PII_SEGS = [(seg_card, 5), (seg_ssn, 2.2), (seg_phone, 2), (seg_email, 2), (seg_bank, 1.8), (seg_address, 1.8),
            (seg_dob, 1.8), (seg_name, 2.5)]
DX_SEGS = [dx_order, dx_ref16, dx_price, dx_appt, dx_year, dx_misc, dx_words, dx_words]


def wchoice(r, items):
    tot = sum(w for _, w in items)
    x = r.random() * tot
    for it, w in items:
        x -= w
        if x <= 0:
            return it
    return items[-1][0]


def make_call(r, neg=False):
    k = Call(r)
    segs = []
    if not neg:
        n = r.choice([1, 1, 2, 2, 3])
        while len(segs) < n:
            s = wchoice(r, PII_SEGS)
            if s not in segs:
                segs.append(s)
    dx = r.sample(DX_SEGS, r.choice([0, 1, 1, 2, 3] if not neg else [2, 3, 4]))
    allsegs = segs + dx
    r.shuffle(allsegs)
    if k.reg == "ivr":
        # IVR handles card data first; other segments after a transfer to a live agent
        agent_lbl = k.A
        k.A = "ivr"
        if seg_card not in allsegs:
            allsegs.insert(0, seg_card)
        else:
            allsegs.remove(seg_card)
            allsegs.insert(0, seg_card)
        seg_greet(k)
        seg_card(k)
        allsegs = allsegs[1:]
        k.a("please hold while i transfer you to a representative")
        k.A, k.reg = agent_lbl, "plain"
        if allsegs:
            k.a("hi thanks for holding", r.choice(["i see you've entered your card", "how can i help"]))
    else:
        seg_greet(k)
    for s in allsegs:
        s(k)
    seg_close(k)
    if neg:
        k.tag("negative_only")
    return k.d


# ============================================================================= CHATS
CHAT_LABELS = [("Agent", "Visitor"), ("Support", "You"), ("Bot", "Customer"), ("agent_17", "guest-4411"),
               ("Advisor", "Member"), ("CS Team", "Client"), ("Helpdesk", "user_2207"), ("Rep", "Me"),
               ("Assistant", "Shopper"), ("Concierge", "Guest"), ("Operator", "Caller"), ("ZenithBot", "visitor#8812")]


class Chat:
    def __init__(self, r):
        self.r = r
        self.d = Doc("chat")
        self.A, self.C = r.choice(CHAT_LABELS)
        self.ts = r.choice(["none", "bracket", "bracket_sec", "pipe", "iso"])
        self.h = r.randint(7, 21)
        self.m = r.randint(0, 50)
        self.s = r.randint(0, 59)
        self.d.tags.add("ts_" + self.ts)
        self.date = "2024-%02d-%02d" % (r.randint(1, 12), r.randint(1, 28))
        self.first, self.last = pick_name(r)
        self.lower = r.random() < 0.35
        self.company = r.choice(COMPANIES).title()

    def stamp(self):
        r = self.r
        self.s += r.randint(5, 70)
        self.m += self.s // 60
        self.s %= 60
        self.h += self.m // 60
        self.m %= 60
        h12 = (self.h - 1) % 12 + 1
        ap = "AM" if self.h < 12 else "PM"
        return {"none": "", "bracket": f"[{h12}:{self.m:02d} {ap}] ", "bracket_sec": f"[{self.h:02d}:{self.m:02d}:{self.s:02d}] ",
                "pipe": f"{h12}:{self.m:02d} {ap} | ", "iso": f"{self.date}T{self.h % 24:02d}:{self.m:02d}:{self.s:02d}Z "}[self.ts]

    def a(self, *p):
        self.d.line(self.stamp() + self.A + ": ", *p)

    def c(self, *p):
        p = [x.lower() if (self.lower and isinstance(x, str)) else x for x in p]
        self.d.line(self.stamp() + self.C + ": ", *p)

    def sys(self, msg):
        self.d.add(self.stamp() + msg + "\n")
        self.d.tags.add("chat_system_msg")

    def tag(self, t):
        self.d.tags.add(t)


SYS_MSGS = ["*** Chat started ***", "System: Visitor joined the chat", "-- You are now chatting with {agent} --",
            "System: Chat transferred to Billing queue (position 3)", "*** {agent} has left the conversation ***",
            "System: Visitor uploaded IMG_20240312_104455.jpg", "[auto] Average wait time is 4 minutes",
            "System: Session ID 7731-22984-0012", "System: This chat is being recorded for training purposes",
            "--- connection lost, reconnecting ---"]


def ch_sys(k, agent_name=None):
    m = k.r.choice(SYS_MSGS)
    if "{agent}" in m:
        # agent name appears in a system message: labelled
        pre, post = m.split("{agent}")
        k.d.add(k.stamp() + pre)
        k.d.val(agent_name or k.r.choice(FIRST), NAME)
        k.d.add(post + "\n")
        k.tag("name_system_msg")
        k.tag("chat_system_msg")
    else:
        k.sys(m)
        if re.search(r"\d{4}", m):
            k.tag("distractor_system_id")


def ch_greet(k):
    r = k.r
    an = r.choice(FIRST)
    if r.random() < 0.5:
        ch_sys(k, an)
    if r.random() < 0.6:
        k.a(r.choice(["Hi there! My name is", "Hello, you're chatting with", "Hey, this is"]), V(an, NAME) if True else None,
            r.choice([f"from {k.company}. How can I help?", "- what can I do for you today?", "😊 How can I help?"]))
        k.tag("name_agent_intro")
    else:
        k.a(r.choice(["Hi! How can I help you today?", "Welcome to " + k.company + " support. What's going on?"]))
    if r.random() < 0.5:
        nm = k.first + (" " + k.last if r.random() < 0.5 else "")
        k.c(r.choice(["hi im", "Hello, this is", "hey it's", "Hi, my name is"]), V(nm.lower() if k.lower else nm, NAME),
            r.choice(["and my payment keeps failing", "- need to update billing", "i was double charged??", "need help with my account pls"]))
        k.tag("name_self_intro")
    else:
        k.c(r.choice(["hi my card got declined", "hello i need to change my payment info", "why was i charged twice",
                      "Hi. I'd like to update my details."]))


def ch_card(k):
    r = k.r
    card, brand = make_card(r)
    g = card_groups(card)
    k.a(r.choice(["Can you type the card number?", "Please enter the full card number.", "What card would you like to use?"]))
    sep = r.choice([" ", "-", "", " ", "  "])
    v = r.randint(0, 4)
    if v == 0:
        k.c(r.choice(["sure", "ok", "", "here:", "its"]), V(sep.join(g), CC))
        k.tag("card_typed")
    elif v == 1:
        for i, grp in enumerate(g):
            k.c(V(grp, CC))
        k.tag("card_typed_split_msgs")
    elif v == 2:
        bad = list(card)
        bad[5] = str((int(bad[5]) + 3) % 10)
        for cd in "0123456789":  # the mistyped number is itself Luhn-valid (typo in two places)
            if luhn_ok("".join(bad[:-1]) + cd):
                bad[-1] = cd
                break
        k.c(V(sep.join(card_groups("".join(bad))), CC))
        k.c(r.choice(["oops typo", "wait wrong", "sorry correction:", "*"]), V(sep.join(g), CC))
        k.tag("card_correction")
    elif v == 3:
        k.c(V(" ".join(g[:2]), CC))
        k.c(V(" ".join(g[2:]), CC), r.choice(["", "thats the rest", "(sorry hit enter)"]))
        k.tag("card_typed_split_msgs")
    else:
        k.c("card is", V(sep.join(g), CC), r.choice(["exp", "expires", "exp date"]), V(exp_typed(make_exp(r), r), EXP), r.choice(["cvv", "code", "sec code"]),
            V("".join(str(r.randint(0, 9)) for _ in range(4 if brand == "amex" else 3)), CVV))
        k.tag("card_exp_cvv_one_msg")
        return
    k.a(r.choice(["Thanks. Expiration date?", "And the expiry (MM/YY)?", "Got it, exp?"]))
    e = exp_typed(make_exp(r), r)
    k.c(r.choice(["", "", "exp", "its"]), V(e, EXP))
    k.a(r.choice(["And the 3-digit CVV on the back?", "Security code?", "CVC please"]) if brand != "amex" else "And the 4-digit CID on the front?")
    k.c(r.choice(["", "it's", "cvv"]), V("".join(str(r.randint(0, 9)) for _ in range(4 if brand == "amex" else 3)), CVV))
    if r.random() < 0.4:
        k.a("Thanks! For security, please don't share your PIN. Your card ending", V(card[-4:], CC), "is updated.")
        k.tag("card_last4_agent")


def ch_ssn(k):
    r = k.r
    s = make_ssn(r)
    if r.random() < 0.35:
        k.a("To verify, what are the last 4 of your SSN?")
        k.c(r.choice(["", "its", "last 4:"]), V(s[5:], SSN))
        k.tag("ssn_last4")
        return
    k.a(r.choice(["I'll need your Social Security number to continue.", "Can you confirm your SSN?"]))
    f = r.choice([f"{s[:3]}-{s[3:5]}-{s[5:]}", f"{s[:3]} {s[3:5]} {s[5:]}", s, f"{s[:3]}.{s[3:5]}.{s[5:]}"])
    if r.random() < 0.3:
        k.c(r.choice(["is this safe?", "umm is this chat secure", "why do u need that"]))
        k.a("Yes, this chat is encrypted.")
    k.c(r.choice(["", "ok", "sure", "ssn"]), V(f, SSN))
    k.tag("ssn_typed")


def ch_phone(k):
    r = k.r
    p = intl_phone(r) if r.random() < 0.25 else phone_typed(make_phone(r), r)
    k.a(r.choice(["What's a good callback number?", "Phone number on the account?"]))
    if r.random() < 0.3:
        k.c(V(p, PHONE), r.choice(["ext", "x", "ext."]) + " " + str(r.randint(10, 9999)))
        k.tag("phone_extension")
    else:
        k.c(r.choice(["", "my cell is", "call me at", "best is"]), V(p, PHONE), r.choice(["", "after 5pm pls", "(mobile)", "thx"]))
    k.tag("phone_typed")


def ch_email(k):
    r = k.r
    e = make_email(r, k.first, k.last)
    k.a(r.choice(["And your email address?", "Which email should I send the confirmation to?"]))
    if r.random() < 0.2:
        local, dom = e.split("@")
        ob = local.replace(".", " dot ") + " at " + dom.replace(".", " dot ")
        k.c(r.choice(["", "its"]), V(ob, EMAIL), "(dont want bots to see lol)")
        k.tag("email_obfuscated")
    else:
        k.c(r.choice(["", "it's", "use"]), V(e, EMAIL))
        k.tag("email_typed")


def ch_bank(k):
    r = k.r
    if r.random() < 0.4:
        ib = make_iban(r)
        disp = " ".join(ib[i:i + 4] for i in range(0, len(ib), 4)) if r.random() < 0.6 else ib
        k.a("Please share the IBAN for the refund.")
        k.c(r.choice(["", "IBAN:", "here you go"]), V(disp, BANK))
        k.tag("bank_iban")
        return
    k.a("For direct debit we need routing and account numbers.")
    rt, ac = make_routing(r), make_account(r)
    if r.random() < 0.5:
        k.c("routing", V(rt, BANK), "account", V(ac, BANK))
    else:
        k.c("routing #", V(rt, BANK))
        k.c("acct", V(ac, BANK), "(checking)")
    k.tag("bank_typed")


def ch_address(k):
    r = k.r
    a = make_address(r)
    city, st = a["city"]
    k.a(r.choice(["What's the shipping address?", "Please confirm your billing address."]))
    k.c(V(addr_typed(a, r), ADDR) if True else None, r.choice([f", {city}, {st} {a['zip']}", f"{city} {st}", f"- {city}"]))
    k.tag("addr_typed")


def ch_dob(k):
    r = k.r
    d = make_dob(r)
    k.a(r.choice(["Can you confirm your date of birth?", "DOB for verification please."]))
    k.c(r.choice(["", "its", "born"]), V(dob_typed(d, r), DOB))
    k.tag("dob_typed")


def ch_name(k):
    r = k.r
    k.a("May I have the full name on the account?")
    nm = k.first + " " + k.last
    k.c(V(nm.lower() if k.lower else nm, NAME))
    if r.random() < 0.4:
        k.a("Thanks,", V(k.first, NAME) + "!" if False else V(k.first, NAME), "one moment while I pull that up.")
    k.tag("name_typed")


def chx(k):
    r = k.r
    c = r.randint(0, 9)
    if c == 0:
        k.c("order", inv_no(r), "never arrived")
        k.tag("distractor_order")
    elif c == 1:
        k.a("I see a charge of", price_typed(r), "on", f"{r.randint(1, 12)}/{r.randint(1, 28)}", "- is that the one?")
        k.tag("distractor_price")
        k.tag("distractor_date")
    elif c == 2:
        k.a("Your tracking number is", tracking(r))
        k.tag("distractor_tracking")
    elif c == 3:
        k.c("the link", url(r), "just spins")
        k.tag("distractor_url")
    elif c == 4:
        k.a("I see a login from IP", ip_addr(r), "at", time_typed(r))
        k.tag("distractor_ip")
        k.tag("distractor_time")
    elif c == 5:
        k.a("Reference number for this refund:", non_luhn16(r, r.choice(["4", "5", "6"])))
        k.tag("distractor_ref16_nonluhn")
    elif c == 6:
        k.c(r.choice(["it's the", "model is", "i have the"]), model_no(r), "version")
        k.tag("distractor_model")
    elif c == 7:
        k.a("Your plan renews", r.choice(["next month", f"on {MON_ABBR[r.randint(0, 11)]} {r.randint(1, 28)}"]), "at", price_typed(r), "(", f"{r.randint(5, 40)}% off", ")")
        k.tag("distractor_percent")
        k.tag("distractor_price")
    elif c == 8:
        k.c(r.choice(WORD_USES))
        k.tag("wordname_as_word")
    else:
        k.c("zip is", "%05d" % r.randint(10001, 99950))
        k.tag("distractor_zip_alone")


CH_PII = [(ch_card, 5), (ch_ssn, 2), (ch_phone, 2.5), (ch_email, 2.5), (ch_bank, 2), (ch_address, 2), (ch_dob, 2), (ch_name, 2)]


def make_chat(r, neg=False):
    k = Chat(r)
    ch_greet(k)
    segs = []
    if not neg:
        n = r.choice([1, 1, 2, 2, 3])
        while len(segs) < n:
            s = wchoice(r, CH_PII)
            if s not in segs:
                segs.append(s)
    dx = [chx] * r.choice([0, 1, 1, 2] if not neg else [2, 3])
    allsegs = segs + dx
    r.shuffle(allsegs)
    for s in allsegs:
        s(k)
        if r.random() < 0.15:
            ch_sys(k)
    k.a(r.choice(["Anything else I can help with?", "Is there anything else?", "Have a great day!"]))
    k.c(r.choice(["no thats all thx", "nope ty 🙏", "thanks!!", "ok bye", "👍"]))
    if r.random() < 0.3:
        k.sys(r.choice(["*** Chat ended by visitor ***", "System: Transcript emailed", "*** Chat closed ***"]))
    if neg:
        k.tag("negative_only")
    return k.d


# ============================================================================= TEXTS (SMS + e-mails)
EMOJI = ["😊", "🙏", "😅", "👍", "🤦‍♀️", "😬", "❤️", "💳", "📱", "🙄", "😂", "✅"]


def typo(s, r, p=0.3):
    if r.random() > p or len(s) < 4:
        return s
    words = s.split(" ")
    i = r.randrange(len(words))
    w = words[i]
    if len(w) > 3 and w.isalpha():
        j = r.randrange(1, len(w) - 1)
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        words[i] = w
    return " ".join(words)


def make_sms(r, neg=False):
    d = Doc("text")
    f, l = pick_name(r)
    em = r.choice(EMOJI)
    c = r.randint(0, 13) if not neg else r.randint(100, 106)
    if c == 0:
        card, b = make_card(r)
        g = card_groups(card)
        d.pieces([typo("hey babe can u pay the electric w my card", r), V(r.choice([" ", "", "-"]).join(g), CC),
                  "exp", V(exp_typed(make_exp(r), r), EXP), "cvv", V("".join(str(r.randint(0, 9)) for _ in range(4 if b == "amex" else 3)), CVV), em])
        d.tags |= {"card_typed", "sms_informal"}
    elif c == 1:
        p = phone_typed(make_phone(r), r)
        d.pieces([r.choice(["hiii its", "hey this is", "Hi! It's"]), V(f, NAME), "- new number, save this one:", V(p, PHONE), em])
        d.tags |= {"name_sms_signature", "phone_typed"}
    elif c == 2:
        s = make_ssn(r)
        d.pieces([typo("mom what's my social again? need it for the fafsa", r)])
        d.add("\n")
        d.pieces(["its", V(f"{s[:3]}-{s[3:5]}-{s[5:]}" if r.random() < 0.6 else s, SSN), "dont share it!!", em])
        d.tags |= {"ssn_typed", "sms_thread"}
    elif c == 3:
        dob = make_dob(r)
        d.pieces([r.choice(["pharmacy needs ur bday -", "for the insurance form, dob is"]), V(dob_typed(dob, r, r.choice([0, 1, 6])), DOB),
                  "and ur member id is", "".join(r.choice("ABCDEFGHJKLMNP") for _ in range(3)) + str(r.randint(10 ** 8, 10 ** 9))])
        d.tags |= {"dob_typed", "distractor_member_id"}
    elif c == 4:
        e = make_email(r, f, l)
        d.pieces(["send the pics to", V(e, EMAIL), "not my work one", em, "thx"])
        d.tags |= {"email_typed"}
    elif c == 5:
        a = make_address(r)
        city, st = a["city"]
        d.pieces(["party @", V(addr_typed(a, r), ADDR), city, "sat", time_typed(r), "bring", r.choice(["chips", "ice", "ur speaker"]), em])
        d.tags |= {"addr_typed", "distractor_time"}
    elif c == 6:
        rt, ac = make_routing(r), make_account(r)
        d.pieces(["for the rent transfer: routing", V(rt, BANK), "acct", V(ac, BANK), "- amount", price_typed(r)])
        d.tags |= {"bank_typed", "distractor_price"}
    elif c == 7:
        code = r.randint(100000, 999999)
        d.pieces([f"{r.choice(['Keystone CU', 'Zenith'])}: Your verification code is {code}. Do not share it. Reply STOP to opt out. Msg&data rates may apply."])
        d.add("\n")
        d.pieces(["ok here's the number they asked for", V(phone_typed(make_phone(r), r), PHONE)])
        d.tags |= {"distractor_otp", "phone_typed", "sms_thread"}
    elif c == 8:
        ib = make_iban(r)
        d.pieces(["Oi", V(r.choice(WORDY_FIRST) if r.random() < 0.5 else f, NAME) + "," if False else V(r.choice(WORDY_FIRST) if r.random() < 0.5 else f, NAME),
                  "me manda o pix ou paga no IBAN", V(ib, BANK), "obrigada", em])
        d.tags |= {"bank_iban", "codeswitch_pt", "name_greeting"}
    elif c == 9:
        card, b = make_card(r)
        d.pieces([typo("use the card ending in", r), V(card[-4:], CC), r.choice(["for the order", "not the amex", "pls"]), "total was", price_typed(r)])
        d.tags |= {"card_last4", "distractor_price"}
    elif c == 10:
        n1 = r.choice(WORDY_FIRST)
        d.pieces(["Tell", V(n1, NAME), r.choice(["i said hi", "to call me back", "happy birthday"]), em, "and", r.choice(WORD_USES)])
        d.tags |= {"name_wordy", "wordname_as_word"}
    elif c == 11:
        p = intl_phone(r)
        d.pieces([r.choice(["namaste! my whatsapp is", "hola! mi cel:", "call me on"]), V(p, PHONE), "flight", flight(r), "lands", time_typed(r)])
        d.tags |= {"phone_intl", "distractor_flight", "distractor_time"}
    elif c == 12:
        s = make_ssn(r)
        d.pieces([typo("last 4 of my ssn is", r), V(s[5:], SSN), "and my zip is", a_zip(r), "if they ask"])
        d.tags |= {"ssn_last4", "distractor_zip_alone"}
    elif c == 13:
        dob = make_dob(r)
        d.pieces([r.choice(["Happy bday!! 🎂", "HBD!!"]), "wait they need ur dob for the booking:", V(dob_typed(dob, r), DOB), "right?",
                  "booking ref", "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))])
        d.tags |= {"dob_typed", "distractor_booking_ref"}
    elif c == 100:
        d.pieces([f"Your order #{r.randint(10 ** 6, 10 ** 8)} has shipped! Track: {url(r)} Est. delivery {MON_ABBR[r.randint(0, 11)]} {r.randint(1, 28)}."])
        d.tags |= {"distractor_order", "distractor_url", "distractor_date"}
    elif c == 101:
        d.pieces([f"Reminder: appt w/ Dr. office on {r.randint(1, 12)}/{r.randint(1, 28)}/{r.randint(2024, 2026)} at {time_typed(r)}, room {r.randint(100, 999)}. Copay {price_typed(r)}."])
        d.tags |= {"distractor_date", "distractor_time", "distractor_room", "distractor_price"}
    elif c == 102:
        d.pieces([typo(r.choice(WORD_USES), r), em, "also " + r.choice(WORD_USES)])
        d.tags |= {"wordname_as_word"}
    elif c == 103:
        d.pieces([f"Payment of {price_typed(r)} received. Confirmation {non_luhn16(r, '4')}. Thank you!"])
        d.tags |= {"distractor_ref16_nonluhn", "distractor_price"}
    elif c == 104:
        d.pieces([f"wifi pw is on the router, ip {ip_addr(r)}, model {model_no(r)} lol", em])
        d.tags |= {"distractor_ip", "distractor_model"}
    elif c == 105:
        d.pieces([f"gate changed: {flight(r)} now gate B{r.randint(1, 40)}, boarding {time_typed(r)}. seat {r.randint(1, 40)}{r.choice('ABCDEF')}"])
        d.tags |= {"distractor_flight", "distractor_time"}
    else:
        d.pieces([f"got {r.randint(2, 12)} boxes for {price_typed(r)}, {r.randint(10, 70)}% off!! tracking {tracking(r)}"])
        d.tags |= {"distractor_quantity", "distractor_price", "distractor_tracking", "distractor_percent"}
    if neg:
        d.tags.add("negative_only")
    d.tags.add("sms")
    return d


def a_zip(r):
    return "%05d" % r.randint(10001, 99950)


def make_email_msg(r):
    d = Doc("text")
    f, l = pick_name(r)
    recip = r.choice(FIRST)
    d.pieces(["Subject:", r.choice(["Updated payment details", "Re: your account", "Fwd: refund request", "Address change"])], sep=" ")
    d.add("\n\n")
    if r.random() < 0.6:
        d.pieces([r.choice(["Hi", "Dear", "Hello", "Good morning"]), V(recip, NAME) + "," if False else V(recip, NAME)])
        d.add(",\n\n")
        d.tags.add("name_greeting")
    else:
        d.add("To whom it may concern,\n\n")
    body = r.randint(0, 4)
    if body == 0:
        card, b = make_card(r)
        d.pieces(["Please charge the remaining balance of", price_typed(r), "to my card", V(" ".join(card_groups(card)), CC) if True else None,
                  "(exp", V(exp_typed(make_exp(r), r), EXP)])
        d.add(").")
        d.tags |= {"card_typed", "distractor_price"}
    elif body == 1:
        a = make_address(r)
        d.pieces(["We have moved. Our new address is", V(addr_typed(a, r), ADDR)])
        d.add(f", {a['city'][0]}, {a['city'][1]} {a['zip']}.")
        d.tags.add("addr_typed")
    elif body == 2:
        ib = make_iban(r)
        d.pieces(["Kindly refund invoice", inv_no(r), "to IBAN", V(" ".join(ib[i:i + 4] for i in range(0, len(ib), 4)), BANK)])
        d.add(".")
        d.tags |= {"bank_iban", "distractor_invoice"}
    elif body == 3:
        dob = make_dob(r)
        d.pieces(["For the claim, the policyholder's date of birth is", V(dob_typed(dob, r), DOB)])
        d.add(f" and the claim was filed on {r.randint(1, 12)}/{r.randint(1, 28)}/2024.")
        d.tags |= {"dob_typed", "distractor_date"}
    else:
        d.add(f"I'm following up on ticket {inv_no(r)} from {MON_ABBR[r.randint(0, 11)]} {r.randint(1, 28)}. Nobody has called me back since.")
        d.tags |= {"distractor_ticket", "distractor_date"}
    d.add("\n\n")
    d.add(r.choice(["Best,", "Thanks,", "Regards,", "Cheers,", "Warm regards,", "Sent from my iPhone\n--"]) + "\n")
    d.val(f + " " + l, NAME)
    d.add("\n")
    if r.random() < 0.5:
        d.add(r.choice(["Senior Analyst | Harbor Health", "Office Manager, Atlas Furniture", "Owner — Lotus Bakery"]) + "\n")
    if r.random() < 0.7:
        d.add(r.choice(["M: ", "Mobile: ", "Tel ", "📞 ", "Cell | "]))
        d.val(intl_phone(r) if r.random() < 0.3 else phone_typed(make_phone(r), r), PHONE)
        if r.random() < 0.3:
            d.add(" ext. " + str(r.randint(100, 999)))
            d.tags.add("phone_extension")
        d.add("\n")
    if r.random() < 0.6:
        d.val(make_email(r, f, l), EMAIL)
        d.add("\n")
    if r.random() < 0.4:
        a = make_address(r)
        d.val(addr_typed(a, r), ADDR)
        d.add(f", {a['city'][0]}, {a['city'][1]} {a['zip']}\n")
        d.tags.add("addr_signature")
    if r.random() < 0.3:
        d.add(f"www.{r.choice(['harborhealth', 'atlasfurniture', 'lotusbakery'])}.com | Est. {r.randint(1950, 2015)}\n")
        d.tags |= {"distractor_url", "distractor_year"}
    d.tags |= {"email_message", "name_signature"}
    return d


# ============================================================================= FORMS
def form_values(r):
    f, l = pick_name(r)
    card, b = make_card(r)
    return {"f": f, "l": l, "card": card, "brand": b, "exp": make_exp(r), "cvv": "".join(str(r.randint(0, 9)) for _ in range(4 if b == "amex" else 3)),
            "ssn": make_ssn(r), "phone": make_phone(r), "email": make_email(r, f, l), "addr": make_address(r), "dob": make_dob(r),
            "rt": make_routing(r), "ac": make_account(r), "iban": make_iban(r)}


def form_lines(r):
    """'Label: value' lines with a random subset of fields and distractors."""
    d = Doc("form")
    v = form_values(r)
    sepc = r.choice([": ", ":", " : ", ":\t", " - "])
    fields = []
    nm_style = r.random()
    if nm_style < 0.5:
        fields.append((r.choice(["Name on Card", "Cardholder Name", "Full Name", "Name", "Your name", "Applicant", "Patient Name"]), v["f"] + " " + v["l"], NAME))
    else:
        fields.append((r.choice(["First Name", "Given name", "First"]), v["f"], NAME))
        fields.append((r.choice(["Last Name", "Surname", "Family name"]), v["l"], NAME))
    pool = []
    if r.random() < 0.55:
        g = card_groups(v["card"])
        pool += [(r.choice(["Card Number", "Credit/Debit Card", "CC#", "Card No.", "PAN"]), r.choice(["", " ", "-"]).join(g), CC),
                 (r.choice(["Exp", "Expiration", "Valid Thru", "Expiry (MM/YY)", "Exp. Date"]), exp_typed(v["exp"], r), EXP),
                 (r.choice(["CVV", "CVC", "Security Code", "CVV2"]), v["cvv"], CVV)]
    if r.random() < 0.35:
        s = v["ssn"]
        pool.append((r.choice(["SSN", "Social Security #", "SSN (last 4)", "Tax ID (SSN)"]), None, SSN))
    if r.random() < 0.55:
        pool.append((r.choice(["Phone", "Mobile", "Cell", "Daytime phone", "Contact #", "Tel"]), phone_typed(v["phone"], r) if r.random() < 0.85 else intl_phone(r), PHONE))
    if r.random() < 0.5:
        pool.append((r.choice(["Email", "E-mail", "Email address", "Contact email"]), v["email"], EMAIL))
    if r.random() < 0.45:
        pool.append((r.choice(["Address", "Street Address", "Address Line 1", "Billing address", "Mailing Address"]), addr_typed(v["addr"], r), ADDR))
        pool.append(("City", v["addr"]["city"][0], None))
        pool.append((r.choice(["State", "ST"]), v["addr"]["city"][1], None))
        pool.append((r.choice(["Zip", "ZIP Code", "Postal code"]), v["addr"]["zip"], None))
    if r.random() < 0.4:
        pool.append((r.choice(["DOB", "Date of Birth", "Birth date", "D.O.B."]), dob_typed(v["dob"], r), DOB))
    if r.random() < 0.3:
        if r.random() < 0.5:
            pool.append((r.choice(["Routing Number", "ABA", "Routing #"]), v["rt"], BANK))
            pool.append((r.choice(["Account Number", "Acct #", "Checking Account"]), v["ac"], BANK))
        else:
            ib = v["iban"]
            pool.append(("IBAN", " ".join(ib[i:i + 4] for i in range(0, len(ib), 4)) if r.random() < 0.5 else ib, BANK))
    # distractors
    dx = []
    dxopts = [(r.choice(["Order ID", "Order #", "Confirmation"]), order_no(r), "distractor_order"),
              (r.choice(["Amount", "Total", "Payment amount"]), price_typed(r), "distractor_price"),
              (r.choice(["Appointment date", "Date", "Service date", "Submitted"]), r.choice([f"{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/2025", f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", f"2025-03-{r.randint(10, 28)}T{r.randint(0, 23):02d}:{r.randint(10, 59)}:00Z"]), "distractor_date"),
              (r.choice(["Reference", "Ref #", "Transaction ID"]), non_luhn16(r, r.choice(["4", "5", "3"])), "distractor_ref16_nonluhn"),
              ("IP", ip_addr(r), "distractor_ip"),
              (r.choice(["Invoice", "Invoice #"]), inv_no(r), "distractor_invoice"),
              (r.choice(["Tracking", "Tracking number"]), tracking(r), "distractor_tracking"),
              ("Referrer", url(r), "distractor_url"),
              (r.choice(["Model", "Device"]), model_no(r), "distractor_model"),
              (r.choice(["Preferred time", "Best time to call"]), time_typed(r), "distractor_time"),
              (r.choice(["Quantity", "Qty"]), str(r.randint(1, 250)), "distractor_quantity"),
              ("Discount", f"{r.randint(5, 50)}%", "distractor_percent"),
              ("Room", str(r.randint(100, 1999)), "distractor_room"),
              ("Year of purchase", str(r.randint(1995, 2024)), "distractor_year"),
              ("Zip", a_zip(r), "distractor_zip_alone")]
    for item in r.sample(dxopts, r.choice([0, 1, 2, 2, 3])):
        dx.append(item)
    fields += pool
    for (lab, val, t) in dx:
        fields.insert(r.randint(0, len(fields)), (lab, val, None))
        d.tags.add(t)
    return d, v, fields, sepc


def render_form(r):
    d, v, fields, sepc = form_lines(r)
    # fill SSN value lazily
    fixed = []
    for lab, val, t in fields:
        if t == SSN:
            s = v["ssn"]
            val = s[5:] if "last 4" in lab else r.choice([f"{s[:3]}-{s[3:5]}-{s[5:]}", s, f"{s[:3]} {s[3:5]} {s[5:]}"])
        fixed.append((lab, val, t))
    fields = fixed
    layout = r.choice(["lines", "lines", "html", "csv", "kv", "yaml", "json", "json_nested", "pipe_table", "comments"])
    d.tags.add("form_" + layout)
    if layout == "lines":
        if r.random() < 0.3:
            d.add(r.choice(["=== Payment Authorization ===\n", "WEB FORM SUBMISSION #" + str(r.randint(1000, 99999)) + "\n", "Contact us\n"]))
        for lab, val, t in fields:
            d.add(lab + sepc)
            (d.val(val, t) if t else d.add(val))
            d.add("\n")
    elif layout == "html":
        for lab, val, t in fields:
            if r.random() < 0.5:
                d.add(f"<label>{lab}:</label> <input value=\"")
                (d.val(val, t) if t else d.add(val))
                d.add("\">\n")
            else:
                d.add(f"<tr><td>{lab}</td><td>")
                (d.val(val, t) if t else d.add(val))
                d.add("</td></tr>\n")
    elif layout == "csv":
        keys = [re.sub(r"[^a-z0-9]+", "_", lab.lower()).strip("_") for lab, _, _ in fields]
        d.add(",".join(keys) + "\n")
        for i, (lab, val, t) in enumerate(fields):
            if i:
                d.add(",")
            q = "," in val
            if q:
                d.add('"')
            (d.val(val, t) if t else d.add(val))
            if q:
                d.add('"')
        d.add("\n")
    elif layout == "kv":
        for i, (lab, val, t) in enumerate(fields):
            key = re.sub(r"[^a-z0-9]+", "_", lab.lower()).strip("_")
            d.add(("&" if i else "") + key + "=")
            (d.val(val, t) if t else d.add(val))
        d.add("\n")
    elif layout == "yaml":
        d.add(r.choice(["submission:\n", "applicant:\n", "payment_request:\n"]))
        for lab, val, t in fields:
            key = re.sub(r"[^a-z0-9]+", "_", lab.lower()).strip("_")
            d.add(f"  {key}: ")
            quote = r.random() < 0.3
            if quote:
                d.add('"')
            (d.val(val, t) if t else d.add(val))
            if quote:
                d.add('"')
            d.add("\n")
    elif layout in ("json", "json_nested"):
        groups = {}
        for lab, val, t in fields:
            grp = {CC: "payment", EXP: "payment", CVV: "payment", BANK: "bank", ADDR: "address", PHONE: "contact", EMAIL: "contact",
                   NAME: "customer", DOB: "customer", SSN: "customer"}.get(t, "meta")
            if lab in ("City", "State", "ST", "Zip", "ZIP Code", "Postal code") and t is None and layout == "json_nested":
                grp = "address"
            groups.setdefault(grp, []).append((lab, val, t))
        key = lambda lab: re.sub(r"[^a-zA-Z0-9]+", "_", lab).strip("_").lower()
        if layout == "json":
            d.add("{")
            for i, (lab, val, t) in enumerate(fields):
                d.add((", " if i else "") + json.dumps(key(lab)) + ": \"")
                (d.val(val, t) if t else d.add(val))
                d.add('"')
            d.add("}\n")
        else:
            d.add("{\n")
            gl = list(groups.items())
            for gi, (g, items) in enumerate(gl):
                d.add(f'  "{g}": {{')
                for i, (lab, val, t) in enumerate(items):
                    d.add((", " if i else "") + json.dumps(key(lab)) + ': "')
                    (d.val(val, t) if t else d.add(val))
                    d.add('"')
                d.add("}" + ("," if gi < len(gl) - 1 else "") + "\n")
            d.add("}\n")
    elif layout == "pipe_table":
        d.add("| Field | Value |\n|---|---|\n")
        for lab, val, t in fields:
            d.add(f"| {lab} | ")
            (d.val(val, t) if t else d.add(val))
            d.add(" |\n")
    else:  # comments box: labelled lines then free text comment mentioning values
        for lab, val, t in fields:
            d.add(lab + sepc)
            (d.val(val, t) if t else d.add(val))
            d.add("\n")
        d.add(r.choice(["Comments: ", "Message: ", "How can we help?: "]))
        c = r.randint(0, 3)
        if c == 0:
            d.pieces(["pls call me on", V(phone_typed(v["phone"], r), PHONE), "before", time_typed(r), "- I was charged", price_typed(r), "twice"])
            d.tags |= {"distractor_time", "distractor_price"}
        elif c == 1:
            d.pieces(["my new card is", V(v["card"], CC), "the old one ending", V(make_card(r)[0][-4:], CC), "was stolen"])
        elif c == 2:
            d.pieces(["Tell", V(r.choice(WORDY_FIRST), NAME), "that", r.choice(WORD_USES)])
            d.tags |= {"name_wordy", "wordname_as_word"}
        else:
            d.pieces(["order", inv_no(r), "arrived damaged, photos at", url(r)])
            d.tags |= {"distractor_order", "distractor_url"}
        d.add("\n")
    return d


def make_form_neg(r):
    d = Doc("form")
    lay = r.choice(["lines", "json", "kv"])
    fields = [("Order ID", order_no(r)), ("Amount", price_typed(r)), ("Reference", non_luhn16(r, r.choice(["4", "5"]))),
              ("Ship date", f"{r.randint(1, 12)}/{r.randint(1, 28)}/2025"), ("IP", ip_addr(r)), ("Tracking", tracking(r)),
              ("Qty", str(r.randint(1, 99))), ("Promo", f"SAVE{r.randint(10, 50)}"), ("Zip", a_zip(r)), ("Notes", r.choice(WORD_USES))]
    fields = r.sample(fields, r.randint(3, 6))
    if lay == "json":
        d.add(json.dumps(dict(fields)) + "\n")
    elif lay == "kv":
        d.add("&".join(f"{k.lower().replace(' ', '_')}={v}" for k, v in fields) + "\n")
    else:
        for k, v in fields:
            d.add(f"{k}: {v}\n")
    d.tags |= {"negative_only", "form_" + lay, "distractor_mixed"}
    return d


# ============================================================================= main
def fix_dangling(d):
    # Safety: no span may start/end in whitespace (guaranteed by Doc.val) -- nothing to do.
    return d


def main():
    r = random.Random(SEED)
    plan = (["call"] * 180 + ["callneg"] * 16 + ["chat"] * 128 + ["chatneg"] * 12 + ["sms"] * 70 + ["smsneg"] * 16 +
            ["emailmsg"] * 30 + ["form"] * 100 + ["formneg"] * 12)
    r.shuffle(plan)
    out, vals = [], []
    for i, p in enumerate(plan):
        if p == "call":
            d = make_call(r)
        elif p == "callneg":
            d = make_call(r, neg=True)
        elif p == "chat":
            d = make_chat(r)
        elif p == "chatneg":
            d = make_chat(r, neg=True)
        elif p == "sms":
            d = make_sms(r)
        elif p == "smsneg":
            d = make_sms(r, neg=True)
        elif p == "emailmsg":
            d = make_email_msg(r)
        elif p == "form":
            d = render_form(r)
        else:
            d = make_form_neg(r)
        text = d.text()
        # collapse accidental double spaces is NOT done (offsets already fixed)
        spans = sorted(d.spans, key=lambda s: s["start"])
        types = {s["type"] for s in spans}
        d.tags.add(d.kind)
        for t in types:
            d.tags.add("has_" + t.lower())
        rid = "blind-%04d" % (i + 1)
        out.append({"id": rid, "kind": d.kind, "text": text,
                    "spans": [{"start": s["start"], "end": s["end"], "type": s["type"]} for s in spans],
                    "tags": sorted(d.tags)})
        vals.append({"id": rid, "values": [s["value"] for s in spans]})
    with open(os.path.join(OUT, "blind.jsonl"), "w") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    with open(os.path.join(OUT, "blind.values.jsonl"), "w") as f:
        for o in vals:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    print("wrote", len(out), "items")


if __name__ == "__main__":
    main()
