#!/usr/bin/env python3
"""Generate the second blind evaluation set for Muffle's PII detector.

    python3 scripts/probes/blind2/make_blind2.py

Writes jobs/tests/data/blind2.jsonl (the labelled set, shared-corpus format) and
jobs/tests/data/blind2.values.jsonl (per item: every span with its intended value and how it
was rendered, every distractor with offsets and kind). Deterministic (seed 20261202), stdlib only.

All carrier phrasing, names, streets and companies below were written for this set; nothing is
taken from the detector, its lexicons, the probe generators or the shared corpora. Labelling
follows scripts/probes/README.md ("Labelling conventions", "Distractors").
"""
import json
import os
import random
import re
import sys
import unicodedata

SEED = 20261202
N_ITEMS = 650
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(ROOT, "jobs", "tests", "data", "blind2.jsonl")
VALUES = os.path.join(ROOT, "jobs", "tests", "data", "blind2.values.jsonl")

R = random.Random(SEED)


def ch(seq):
    return R.choice(seq)


def p(x):
    return R.random() < x


DIS_SCALE = 0.22


def pd(x):
    """Probability of an optional distractor (scaled so ~40% of items carry a content distractor)."""
    return R.random() < x * DIS_SCALE


def wchoice(pairs):
    tot = sum(w for _, w in pairs)
    r = R.random() * tot
    for v, w in pairs:
        r -= w
        if r < 0:
            return v
    return pairs[-1][0]


TRANSLIT = {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ı": "i", "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L"}


def deaccent(s):
    s = "".join(TRANSLIT.get(c, c) for c in s)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


# ----------------------------------------------------------------------------------------------
# item builder
# ----------------------------------------------------------------------------------------------
class S:
    """A labelled span: text as written, its type, its intended value, extra facts."""

    def __init__(self, text, typ, value, **meta):
        self.text, self.typ, self.value, self.meta = text, typ, value, meta


class D:
    """A distractor: a value that must not be masked."""

    def __init__(self, text, kind):
        self.text, self.kind = text, kind


def tpl(s, **kw):
    out = []
    for part in re.split(r"(\{\w+\})", s):
        if part.startswith("{") and part.endswith("}"):
            out.append(kw[part[1:-1]])
        elif part:
            out.append(part)
    return out


class Item:
    def __init__(self, kind):
        self.kind = kind
        self.buf = []
        self.pos = 0
        self.spans = []
        self.dis = []
        self.tags = {kind}

    def _w(self, s):
        self.buf.append(s)
        self.pos += len(s)

    def add(self, *pieces):
        for pc in pieces:
            if pc is None:
                continue
            if isinstance(pc, (list, tuple)):
                self.add(*pc)
            elif isinstance(pc, str):
                self._w(pc)
            elif isinstance(pc, S):
                st = self.pos
                self._w(pc.text)
                d = {"start": st, "end": self.pos, "type": pc.typ, "value": pc.value, "text": pc.text}
                d.update(pc.meta)
                self.spans.append(d)
            elif isinstance(pc, D):
                st = self.pos
                self._w(pc.text)
                self.dis.append({"start": st, "end": self.pos, "kind": pc.kind, "text": pc.text})
                self.tags.add("distractor_" + pc.kind)
            else:
                raise TypeError(pc)

    def tag(self, *ts):
        for t in ts:
            if t:
                self.tags.add(t)

    @property
    def text(self):
        return "".join(self.buf)


# ----------------------------------------------------------------------------------------------
# numbers
# ----------------------------------------------------------------------------------------------
def luhn_ok(s):
    tot = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def rdigits(n, first_nonzero=False):
    s = "".join(ch("0123456789") for _ in range(n))
    if first_nonzero and s[0] == "0":
        s = ch("123456789") + s[1:]
    return s


def luhn_complete(prefix, n):
    body = prefix + rdigits(n - len(prefix) - 1)
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d
    raise AssertionError


def luhn_fail(n, first=None):
    s = (first or ch("123789")) + rdigits(n - 1)
    if luhn_ok(s):
        s = s[:-1] + str((int(s[-1]) + 1) % 10)
    assert not luhn_ok(s)
    return s


BRANDS = [("visa", 34), ("mc5", 17), ("mc2", 15), ("amex", 18), ("discover", 16)]


def make_card(brand=None, hundred=False):
    brand = brand or wchoice(BRANDS)
    if hundred and brand != "amex":
        # a group like 4100 / 7300 that people say as "forty one hundred"
        for _ in range(1000):
            b, num = make_card(brand)
            k = R.choice([1, 2])
            g = str(R.randint(1, 9)) + str(R.randint(1, 9)) + "00"
            body = num[:4 * k] + g + num[4 * k + 4:15]
            for d in "0123456789":
                if luhn_ok(body + d):
                    return brand, body + d
    if brand == "visa":
        num = luhn_complete("4", 16)
    elif brand == "mc5":
        num = luhn_complete(str(R.randint(51, 55)), 16)
    elif brand == "mc2":
        num = luhn_complete(str(R.randint(2221, 2720)), 16)
    elif brand == "amex":
        num = luhn_complete(ch(["34", "37"]), 15)
    else:
        num = luhn_complete(ch(["6011", "65"]), 16)
    return brand, num


def card_groups(num):
    if len(num) == 15:
        return [num[:4], num[4:10], num[10:]]
    return [num[i:i + 4] for i in range(0, 16, 4)]


def card_typed(num, sep=" "):
    return sep.join(card_groups(num))


def new_cvv(brand):
    return rdigits(4 if brand == "amex" else 3)


def new_exp():
    return R.randint(1, 12), R.randint(26, 33)


BRAND_TAG = {"visa": "card_visa", "mc5": "card_mc_5series", "mc2": "card_mc_2series",
             "amex": "card_amex", "discover": "card_discover"}
BRAND_WORD = {"visa": "visa", "mc5": "mastercard", "mc2": "mastercard", "amex": "amex",
              "discover": "discover"}


def aba_ok(s):
    d = [int(c) for c in s]
    return len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def make_routing():
    body = "%02d" % ch(list(range(1, 13)) + list(range(21, 33))) + rdigits(6)
    for c in "0123456789":
        if aba_ok(body + c):
            return body + c
    raise AssertionError


def iban_check(country, bban):
    s = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in s)
    return "%02d" % (98 - int(num) % 97)


def make_iban():
    c = ch(["GB", "GB", "DE", "NL", "IE"])
    if c == "GB":
        bban = ch(["NWBK", "BARC", "LOYD", "MIDL", "HBUK"]) + rdigits(6) + rdigits(8)
    elif c == "DE":
        bban = rdigits(18, True)
    elif c == "NL":
        bban = ch(["ABNA", "RABO", "INGB", "TRIO"]) + rdigits(10)
    else:
        bban = ch(["AIBK", "BOFI"]) + rdigits(6) + rdigits(8)
    return c + iban_check(c, bban) + bban


def iban_typed(iban, grouped=True):
    if not grouped:
        return iban
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


def make_ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return "%03d%02d%04d" % (a, R.randint(1, 99), R.randint(1, 9999))


# ----------------------------------------------------------------------------------------------
# spoken numbers (speech-recognizer output)
# ----------------------------------------------------------------------------------------------
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEEN = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen"]
TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty",
        9: "ninety"}
SLIP_OF = {"four": ["for"], "two": ["to", "too"], "one": ["won"], "eight": ["ate"]}
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
MON_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ORD = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
       "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
       "seventeenth", "eighteenth", "nineteenth", "twentieth"]


def ordinal_word(n):
    if n <= 20:
        return ORD[n]
    if n == 30:
        return "thirtieth"
    return TENS[n // 10] + " " + ORD[n % 10]


def ordinal_suffix(n):
    if 10 <= n % 100 <= 20:
        return "%dth" % n
    return "%d%s" % (n, {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


def pairword(two):
    a, b = int(two[0]), int(two[1])
    if a == 1:
        return TEEN[b]
    return TENS[a] + ("" if b == 0 else " " + ONES[b])


def words(n):
    """Cardinal in words, 0..9999 (for prices, quantities, house numbers said as amounts)."""
    if n < 10:
        return ONES[n]
    if n < 20:
        return TEEN[n - 10]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + ch(["", "and "]) + words(rest))
    rest = n % 1000
    return words(n // 1000) + " thousand" + ("" if rest == 0 else " " + words(rest))


_NUMW = {w: i for i, w in enumerate(ONES)}
_NUMW.update({"oh": 0, "o": 0})
_SLIPW = {"for": 4, "to": 2, "too": 2, "won": 1, "ate": 8}
_TEENW = {w: 10 + i for i, w in enumerate(TEEN)}
_TENSW = {w: k for k, w in TENS.items()}
_FILL = {"um", "uh", "okay", "and", "then", "so", "like", "let", "me", "see", "hold", "on"}


def decode_digits(text):
    toks = re.findall(r"[a-z]+|\d+|[^\sa-z\d]", text.lower())
    out, pend, rep = [], None, 1

    def flush():
        nonlocal pend
        if pend is not None:
            out.append(str(pend * 10))
            pend = None

    for t in toks:
        if t in _FILL or t in {",", ".", "-", "…", "dash"}:
            continue
        if t.isdigit():
            flush()
            out.append(t)
        elif t in ("double", "triple"):
            flush()
            rep = 2 if t == "double" else 3
        elif t in _NUMW or t in _SLIPW:
            u = _NUMW.get(t, _SLIPW.get(t))
            if rep > 1:
                out.append(str(u) * rep)
                rep = 1
            elif pend is not None and u != 0:
                out.append(str(pend * 10 + u))
                pend = None
            else:
                flush()
                out.append(str(u))
        elif t in _TEENW:
            flush()
            out.append(str(_TEENW[t]))
        elif t in _TENSW:
            flush()
            pend = _TENSW[t]
        elif t == "hundred":
            flush()
            out.append("00")
        else:
            return None
    flush()
    return "".join(out)


class Voice:
    """Speaking habits of one caller: zero word, pairing, doubles, recognizer slips, fillers."""

    def __init__(self, plain=False):
        self.zero = wchoice([("oh", 5), ("zero", 3), ("o", 2)])
        self.mode = "single" if plain else wchoice([("single", 5), ("mixed", 3), ("pairs", 2)])
        self.dbl = 0.0 if plain else ch([0.0, 0.25, 0.5, 0.7])
        self.slip = 0.0 if plain else ch([0.0, 0.0, 0.1, 0.2])
        self.fill = 0.0 if plain else ch([0.0, 0.0, 0.06, 0.12])


SPAN_FILLERS = [("um", 5), ("uh", 5), ("and", 3), ("okay", 2), ("then", 2), ("like", 1),
                ("let me see", 1), ("hold on", 1)]


def say(s, v, it=None, mode=None, fill=None, slips=True, zero=None):
    """Render digit string s as recognizer words; returns text that decodes back to s."""
    mode = mode or v.mode
    fill = v.fill if fill is None else fill
    pair_p = {"single": 0.0, "mixed": 0.45, "pairs": 0.9}[mode]
    for _ in range(200):
        used = set()
        chunks = []
        i = 0
        while i < len(s):
            rest, d = len(s) - i, s[i]
            zw = (zero or v.zero) if d == "0" else ONES[int(d)]
            if rest >= 3 and s[i + 1] == d and s[i + 2] == d and p(v.dbl * 0.7):
                chunks.append(["triple", zw]); used.add("asr_triple"); i += 3; continue
            if rest >= 2 and s[i + 1] == d and p(v.dbl):
                chunks.append(["double", zw]); used.add("asr_double"); i += 2; continue
            if d != "0" and rest >= 4 and s[i + 1] != "0" and s[i + 2:i + 4] == "00" and p(pair_p):
                chunks.append(pairword(s[i:i + 2]).split() + ["hundred"]); used.add("asr_hundred"); i += 4; continue
            if d != "0" and rest >= 3 and s[i + 1:i + 3] == "00" and p(pair_p * 0.8):
                chunks.append([ONES[int(d)], "hundred"]); used.add("asr_hundred"); i += 3; continue
            if d != "0" and rest >= 2 and p(pair_p):
                chunks.append(pairword(s[i:i + 2]).split()); used.add("asr_pairs"); i += 2; continue
            chunks.append([zw])
            if d == "0" and zw in ("oh", "o"):
                used.add("asr_oh")
            i += 1
        if slips and v.slip:
            for k in range(1, len(chunks) - 1):
                if len(chunks[k]) == 1 and chunks[k][0] in SLIP_OF and p(v.slip):
                    chunks[k] = [ch(SLIP_OF[chunks[k][0]])]
                    used.add("asr_slip")
        toks = []
        for k, c in enumerate(chunks):
            if k and fill and p(fill):
                toks.append(wchoice(SPAN_FILLERS))
                used.add("asr_filler_in_span")
            toks.extend(c)
        text = " ".join(toks)
        if decode_digits(text) == s:
            if it is not None:
                it.tag(*used)
            return text
    raise AssertionError("cannot say " + s)


def say_join(parts, v, it, seps=(" ", " ", ", ", " ... "), **kw):
    """Say several digit groups in one breath; retried until the whole decodes to their concatenation."""
    want = "".join(parts)
    for _ in range(200):
        out = say(parts[0], v, it, **kw)
        for g in parts[1:]:
            out += ch(list(seps)) + say(g, v, it, **kw)
        if decode_digits(out) == want:
            return out
    raise AssertionError(parts)


def say_groups(groups, v, it, sep=None):
    return say_join(groups, v, it, seps=(sep,) if sep else (" ", " ", ", ", " ... "))


def say_exp(m, y, it, style=None):
    """Spoken expiry; returns text."""
    style = style or wchoice([("oh_mm_yy", 4), ("m_yy", 3), ("monthname_of", 3), ("monthname", 2),
                              ("monthname_full", 2), ("slash", 2), ("digits", 2)])
    mm = "%02d" % m
    yy = "%02d" % y
    yw = pairword(yy)
    if style == "oh_mm_yy":
        t = ((ch(["oh", "zero"]) + " " + ONES[m]) if m < 10 else pairword(mm)) + " " + yw
        it.tag("exp_spoken_mm_yy")
    elif style == "m_yy":
        t = (ONES[m] if m < 10 else pairword(mm)) + " " + yw
        it.tag("exp_spoken_m_yy")
    elif style == "monthname_of":
        t = MONTHS[m - 1] + " of " + ch([yw, "twenty " + yw])
        it.tag("exp_month_name")
    elif style == "monthname":
        t = MONTHS[m - 1] + " " + yw
        it.tag("exp_month_name")
    elif style == "monthname_full":
        t = MONTHS[m - 1] + " " + ch(["twenty " + yw, "two thousand " + yw])
        it.tag("exp_month_name", "exp_year_4")
    elif style == "slash":
        t = (ONES[m] if m < 10 else pairword(mm)) + " slash " + ch([yw, " ".join(ONES[int(c)] for c in yy)])
        it.tag("exp_spoken_slash")
    else:
        t = " ".join((ch(["oh", "zero"]) if c == "0" else ONES[int(c)]) for c in mm + yy)
        it.tag("exp_spoken_digits")
    return t


def exp_typed(m, y, it, style=None):
    style = style or wchoice([("mm/yy", 6), ("mmyy", 3), ("m/yy", 2), ("mm/yyyy", 2), ("mm-yy", 2),
                              ("mm / yy", 1), ("mon yyyy", 1)])
    it.tag("exp_typed_" + re.sub(r"[^a-z]", "", style.replace("/", "s").replace("-", "d")))
    return {"mm/yy": "%02d/%02d" % (m, y), "mmyy": "%02d%02d" % (m, y), "m/yy": "%d/%02d" % (m, y),
            "mm/yyyy": "%02d/20%02d" % (m, y), "mm-yy": "%02d-%02d" % (m, y),
            "mm / yy": "%02d / %02d" % (m, y), "mon yyyy": "%s 20%02d" % (MON_ABBR[m - 1], y)}[style]


def exp_val(m, y):
    return "%02d/%02d" % (m, y)


# ----------------------------------------------------------------------------------------------
# names (written for this set; first names and surnames grouped by origin)
# ----------------------------------------------------------------------------------------------
CULTURES = {
    "west_african": (
        "Adebayo Chiamaka Kwabena Ngozi Oluwaseun Efua Yaw Ifeoma Tunde Abena Mamadou Fatou Kofi Nnamdi Folake Sekou".split(),
        "Okonkwo Adeyemi Mensah Boateng Eze Olawale Asante Nwosu Diallo Ndiaye Owusu Ibekwe Adjei Sesay Oyelaran".split()),
    "east_african": (
        "Abebe Tigist Wanjiru Otieno Amani Selam Makena Baraka Zawadi".split(),
        "Kiplagat Mwangi Tesfaye Wekesa Haile Njoroge Achieng Gebremedhin".split()),
    "south_asian": (
        "Priyanka Arjun Meenakshi Rohan Sanjay Kavya Harpreet Imran Lakshmi Vikram Anjali Dev Nandini Farhan Ishaan Tanvi".split(),
        "Raghunathan Deshpande Iyer Chaudhary Bhattacharya Sandhu Menon Qureshi Kulkarni Venkatesan Banerjee Trivedi Gill Siddiqui".split()),
    "east_asian": (
        "Wei Xiaoling Haruto Yuki Minjun Seoyeon Jianhong Mei Takeshi Hana Jisoo Kenji Lian Daisuke Eun".split(),
        "Zhao Nakamura Park Huang Takahashi Choi Lin Yamamoto Kwon Xu Fujita Cheng Hwang Ogawa".split()),
    "southeast_asian": (
        "Thanh Linh Quang Maricel Jomar Anh Duc Rosalind Nimmi Siriporn".split(),
        "Nguyen Tran Pham Bautista Vo Dimaculangan Saetang Buenaventura Hoang".split()),
    "slavic": (
        "Dmitri Katarzyna Bogdan Svetlana Miroslav Olena Piotr Zofia Yaroslav Milena Vesna Radek Anastasiya".split(),
        "Kowalczyk Petrenko Novak Sokolova Dvorak Zielinski Marinkovic Ivanova Lisowski Bondarenko Wojcik Pavlovic Horvat".split()),
    "arabic": (
        "Youssef Layla Omar Nadia Khalid Samira Tariq Huda Karim Rania Bilal Amira Zayd".split(),
        "Haddad Al-Farsi Mansour Khoury Nasser El-Amin Saleh Aziz Hamdan Barakat Suleiman Qasim".split()),
    "hispanic": (
        "Alejandro Ximena Joaquín Guadalupe Rodrigo Valentina Esteban Marisol Itzel Mateo Lucía Ramiro Xiomara".split(),
        "Villanueva Castañeda Echeverría Montoya Salgado Quintero Arellano Ibarra Figueroa Zamora Gutiérrez Benítez Ocampo".split()),
    "anglo": (
        "Eleanor Graham Philippa Nathaniel Harriet Desmond Margaret Clive Beatrice Rupert Tamsin Owen Gwendolyn Rosalie".split(),
        "Whitfield Ashworth Pemberton Holloway Thistlewood Fairbanks Caldwell Winslow Hargreaves Blackwood Ramsey Dunmore Pickering".split()),
    "nordic": (
        "Sigrid Torbjørn Astrid Magnus Ingrid Leif Freja Nils Solveig Eirik Liv Henrik".split(),
        "Lindqvist Haugland Sørensen Bergström Johansen Åkesson Virtanen Dahl Halvorsen Nyström Korhonen".split()),
    "mediterranean": (
        "Konstantinos Eleni Giuseppe Chiara Emre Elif Stavros Benedetta".split(),
        "Papadakis Georgiou Bellucci Ferraro Yılmaz Demir Kyriakou Lombardi".split()),
    "gaelic": (
        "Siobhan Niamh Cormac Ciaran Eilidh Fergus Aoife Ruairi".split(),
        "O'Sullivan McAllister Gallagher MacLeod Donnelly Ó'Dálaigh Breathnach".split()),
    "persian_central_asian": (
        "Darius Shirin Farzad Azadeh Timur Dilnoza".split(),
        "Tehrani Moradi Karimov Abdullaev Rahimi Nazarbekova".split()),
    "pacific": (
        "Aroha Tane Malia Sione Leilani".split(),
        "Tupou Ngata Fonoti Kealoha Faleolo".split()),
}
# first names that are also ordinary English words: labelled only in name use
WORDNAMES = ["Will", "Grace", "Hope", "Bill", "Rose", "Jack", "Mark", "Summer", "Dawn", "Chase", "Hunter"]
WORD_LASTS = CULTURES["anglo"][1] + CULTURES["gaelic"][1] + CULTURES["west_african"][1][:6] + ["Nguyen", "Park", "Delgado"]


def person(culture=None):
    culture = culture or ch(sorted(CULTURES))
    f, l = CULTURES[culture]
    return ch(f), ch(l), culture


def first_name():
    return person()[0]


def asr(s):
    """How a recognizer writes a name: lowercase, no accents, apostrophes/hyphens to spaces sometimes."""
    s = deaccent(s).lower()
    if "'" in s or "-" in s:
        s = s.replace("'", ch(["'", " ", ""])).replace("-", ch([" ", "-"]))
    return s


def spell(word):
    return " ".join(c for c in deaccent(word).lower() if c.isalpha())


# ----------------------------------------------------------------------------------------------
# places, companies, contact data
# ----------------------------------------------------------------------------------------------
STREET_NAMES = ["Larkspur", "Quarry Hill", "Ostrander", "Winter Creek", "Bramblewood", "Calloway",
                "Juniper Ridge", "Saltmarsh", "Hollis", "Tamarack", "Kestrel", "Marigold",
                "Old Mill", "Cedar Bluff", "Fenwick", "Stonegate", "Whistler", "Bayberry",
                "Copper Canyon", "Lantern", "Pelham", "Sycamore Bend", "Ridgeline", "Ashgrove",
                "Harrow", "Bellwether", "Meadowlark", "Driftwood", "Cobblestone", "Wexford"]
STREET_TYPES = [("Street", "St"), ("Avenue", "Ave"), ("Road", "Rd"), ("Lane", "Ln"), ("Drive", "Dr"),
                ("Court", "Ct"), ("Boulevard", "Blvd"), ("Way", "Way"), ("Place", "Pl"),
                ("Terrace", "Ter"), ("Circle", "Cir"), ("Parkway", "Pkwy")]
UNITS = [("Apt", "apartment"), ("Apartment", "apartment"), ("Unit", "unit"), ("Suite", "suite"),
         ("Ste", "suite"), ("#", None), ("Bldg", "building")]
CITIES = [("Dayton", "OH", "45402"), ("Tacoma", "WA", "98402"), ("Burlington", "VT", "05401"),
          ("Tucson", "AZ", "85701"), ("Lansing", "MI", "48933"), ("Macon", "GA", "31201"),
          ("Boise", "ID", "83702"), ("Provo", "UT", "84601"), ("Erie", "PA", "16501"),
          ("Fresno", "CA", "93721"), ("Raleigh", "NC", "27601"), ("Duluth", "MN", "55802"),
          ("Amarillo", "TX", "79101"), ("Eugene", "OR", "97401"), ("Waco", "TX", "76701"),
          ("Bangor", "ME", "04401"), ("Topeka", "KS", "66603"), ("Reno", "NV", "89501")]
UK_TOWNS = ["Bristol", "Leeds", "Norwich", "Swansea", "Exeter", "Dundee", "Preston", "Derby"]
COMPANIES = ["Northwind Mobile", "Bluefin Utilities", "Harborview Dental", "Crestline Insurance",
             "Pinecrest Energy", "Lumen Fiber", "Tallgrass Water", "Brightlane Travel",
             "Oakhurst Vet Clinic", "Redstone Storage", "Kettle & Pine Furniture", "Meridian Gym",
             "Solace Home Care", "Ironbridge Auto", "Copperleaf Pharmacy", "Quayside Hotels"]
WORD_COMPANIES = ["Grace Community Credit Union", "Hunter Valley Water", "Chase Point Veterinary",
                  "Summer Hill Storage", "Will & Co. Legal", "Rose & Thistle Florists",
                  "Hope Street Clinic", "Dawn Patrol Surf Co.", "Jack's Hardware", "Mark Twain Realty"]
EMAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.co.uk", "proton.me", "icloud.com",
                 "fastmail.fm", "aol.com", "brightlane.io", "kettlepine.co", "mail.de", "live.ca"]
VANITY = ["1-800-FIX-ROOF", "1-888-NEW-LENS", "1-877-PET-VETS", "1-800-CAR-WASH", "1-866-BUY-TIRE",
          "1-800-TAX-HELP", "1-855-GOT-MOLD", "1-800-DOG-WALK"]


def keypad(s):
    pad = {}
    for d, ls in {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ"}.items():
        for c in ls:
            pad[c] = d
    return "".join(pad.get(c.upper(), c) for c in s if c.isalnum())


def make_phone_us():
    area = str(R.randint(2, 9)) + rdigits(2)
    exch = str(R.randint(2, 9)) + rdigits(2)
    return area, exch, rdigits(4)


def phone_typed(it, country=None):
    """Typed phone; returns (text, value_digits)."""
    country = country or wchoice([("us", 8), ("uk", 2)])
    if country == "uk":
        style = ch(["london_intl", "mobile", "mobile_intl", "london", "london_paren0"])
        it.tag("phone_uk")
        if style == "london_intl":
            t = "+44 20 %s %s" % (rdigits(4), rdigits(4))
        elif style == "mobile":
            t = "07%s %s" % (rdigits(3), rdigits(6))
        elif style == "mobile_intl":
            t = "+44 7%s %s" % (rdigits(3), rdigits(6))
        elif style == "london":
            t = "020 %s %s" % (rdigits(4), rdigits(4))
        else:
            t = "+44 (0)20 %s %s" % (rdigits(4), rdigits(4))
        return t, keypad(t)
    a, e, n = make_phone_us()
    style = wchoice([("paren", 4), ("dash", 4), ("dot", 2), ("plus1", 3), ("plain", 1), ("1dash", 2),
                     ("tollfree", 2), ("vanity", 1)])
    it.tag("phone_" + style)
    if style == "paren":
        t = "(%s) %s-%s" % (a, e, n)
    elif style == "dash":
        t = "%s-%s-%s" % (a, e, n)
    elif style == "dot":
        t = "%s.%s.%s" % (a, e, n)
    elif style == "plus1":
        t = ch(["+1 %s %s %s", "+1 (%s) %s-%s", "+1-%s-%s-%s", "+1%s%s%s"]) % (a, e, n)
    elif style == "plain":
        t = a + e + n
    elif style == "1dash":
        t = "1-%s-%s-%s" % (a, e, n)
    elif style == "tollfree":
        t = ch(["1-800-%s-%s", "1 888 %s %s", "(877) %s-%s", "1-866-%s-%s"]) % (e, n)
    else:
        t = ch(VANITY)
    return t, keypad(t)


def make_email(first, last):
    f = re.sub(r"[^a-z]", "", deaccent(first).lower())
    l = re.sub(r"[^a-z]", "", deaccent(last).lower())
    style = ch(["f.l", "fl", "f_l", "fi.l", "f.l+n", "l.f", "fN", "f-l", "fiL", "f_li"])
    num = str(R.randint(1, 99)) if p(0.5) else str(R.randint(1960, 2005))
    local = {"f.l": f + "." + l, "fl": f + l, "f_l": f + "_" + l, "fi.l": f[0] + "." + l,
             "f.l+n": f + "." + l, "l.f": l + "." + f, "fN": f + num, "f-l": f + "-" + l,
             "fiL": f[0] + l + num[-2:], "f_li": f + "_" + l[0]}[style]
    dom = ch(EMAIL_DOMAINS)
    if style == "f.l+n":
        local += "+" + ch(["bills", "shop", "news", "work"])
    return local + "@" + dom


def email_spoken(addr, it):
    """Spell an address the way a caller says it and a recognizer writes it."""
    local, dom = addr.split("@")
    out = []
    spell_all = p(0.3)
    for tok in re.findall(r"[a-z]+|\d+|[._+\-]", local):
        if tok == ".":
            out.append("dot")
        elif tok == "_":
            out.append("underscore"); it.tag("email_spoken_underscore")
        elif tok == "-":
            out.append(ch(["dash", "hyphen"]))
        elif tok == "+":
            out.append("plus")
        elif tok.isdigit():
            v = Voice(plain=True)
            v.zero = "zero"
            out.append(say(tok, v, mode=ch(["single", "pairs"]) if tok[0] != "0" else "single", fill=0, slips=False))
        elif spell_all or len(tok) == 1 or p(0.25):
            out.append(spell(tok)); it.tag("email_spelled_letters")
        else:
            out.append(tok)
    out.append(ch(["at", "at", "at sign", "at symbol"]))
    for k, part in enumerate(dom.split(".")):
        if k:
            out.append("dot")
        out.append(part if not (part == "gmail" and p(0.3)) else "g mail")
    it.tag("email_spoken")
    return " ".join(out)


def email_obfuscated(addr, it):
    local, dom = addr.split("@")
    style = ch(["brackets", "parens", "words", "mixed"])
    it.tag("email_obfuscated")
    if style == "brackets":
        return local + " [at] " + dom.replace(".", " [dot] ")
    if style == "parens":
        return local + ch(["(at)", " (at) "]) + dom.replace(".", ch(["(dot)", " (dot) "]))
    if style == "words":
        return local + " at " + dom.replace(".", " dot ")
    return local + " [at] " + dom


def make_address(asr_mode=False, it=None, allow_po=True):
    """Returns (street_line_text, value_text, city_tuple)."""
    city = ch(CITIES)
    if allow_po and p(0.12):
        box = str(R.randint(11, 9899))
        if asr_mode:
            t = ch(["p o box", "po box", "post office box"]) + " " + say(box, Voice(plain=True), mode=ch(["single", "pairs"]))
        else:
            t = ch(["PO Box", "P.O. Box", "Post Office Box", "P O Box"]) + " " + box
        if it:
            it.tag("addr_po_box")
        return t, "PO Box " + box, city
    house = str(wchoice([(R.randint(1, 99), 2), (R.randint(100, 999), 4), (R.randint(1000, 9999), 4), (R.randint(10000, 29999), 1)]))
    letter = ch("ABCD") if p(0.08) else ""
    street = ch(STREET_NAMES)
    full, abbr = ch(STREET_TYPES)
    unit = None
    if p(0.35):
        u, uw = ch(UNITS)
        un = str(R.randint(1, 40)) + (ch("ABCDEF") if p(0.3) else "")
        unit = (u, uw, un)
    # an abbreviation's dot only when a unit follows (a span never ends on punctuation)
    stype = full if asr_mode or p(0.6) else abbr + (ch(["", "."]) if unit and abbr != full else "")
    value = house + letter + " " + street + " " + (full if asr_mode else stype)
    if unit:
        value += ", " + (unit[0] + " " if unit[0] != "#" else "#") + unit[2]
    if not asr_mode:
        t = value
        if unit and p(0.5):
            t = t.replace(", ", " ")
        if it:
            it.tag("addr_typed", "addr_unit" if unit else None, "addr_house_letter" if letter else None)
        return t, value, city
    hv = Voice(plain=True)
    hsay = say(house, hv, mode=ch(["single", "pairs", "pairs"]))
    t = hsay + (" " + letter.lower() if letter else "") + " " + street.lower() + " " + full.lower()
    if unit:
        uw = unit[1] or "unit"
        un = unit[2]
        t += " " + uw + " " + say(re.sub(r"\D", "", un), hv, mode="pairs") + (" " + un[-1].lower() if un[-1].isalpha() else "")
        value = house + letter + " " + street + " " + full + " " + uw + " " + un
    if it:
        it.tag("addr_spoken", "addr_unit" if unit else None)
    return t, value, city


def uk_address(it):
    n = str(R.randint(1, 180))
    street = ch(STREET_NAMES) + " " + ch(["Road", "Street", "Lane", "Close", "Gardens", "Crescent"])
    if p(0.5):
        t = "Flat %d, %s %s" % (R.randint(1, 12), n, street)
        it.tag("addr_uk_flat")
    else:
        t = n + " " + street
    it.tag("addr_uk")
    return t, t, ch(UK_TOWNS)


def make_dob():
    y = R.randint(1941, 2006)
    m = R.randint(1, 12)
    d = R.randint(1, 28 if m == 2 else 30)
    return y, m, d


def dob_val(y, m, d):
    return "%04d-%02d-%02d" % (y, m, d)


def year_spoken(y):
    if y >= 2000:
        r = y - 2000
        return ch(["two thousand " + words(r) if r else "two thousand", "twenty " + ("oh " + ONES[r] if r < 10 else pairword("%02d" % r))])
    return pairword(str(y)[:2]) + " " + (pairword(str(y)[2:]) if str(y)[2] != "0" else "oh " + ONES[y % 10])


def dob_spoken(y, m, d, it):
    style = wchoice([("month_ord_year", 4), ("the_ord_of_month", 3), ("numeric", 2), ("month_num", 2), ("ord_month", 1)])
    it.tag("dob_spoken_" + style)
    yfull = year_spoken(y)
    yshort = pairword(str(y)[2:]) if y < 2000 and str(y)[2] != "0" else yfull
    if style == "month_ord_year":
        t = MONTHS[m - 1] + ch([" ", " the "]) + ordinal_word(d) + " " + yfull
        lead = ""
    elif style == "the_ord_of_month":
        t = ordinal_word(d) + " of " + MONTHS[m - 1] + " " + ch([yfull, yshort])
        lead = "the "
    elif style == "numeric":
        t = ONES[m] if m < 10 else pairword("%02d" % m)
        t += " " + (ONES[d] if d < 10 else pairword("%02d" % d)) + " " + ch([yshort, yfull])
        lead = ""
    elif style == "month_num":
        t = MONTHS[m - 1] + " " + words(d) + " " + yfull
        lead = ""
    else:
        t = ordinal_word(d) + " " + MONTHS[m - 1] + " " + yfull
        lead = ""
    if d % 10 == 0 and re.search(r"\b(twenty|thirty) two thousand", t):
        t, lead, style = MONTHS[m - 1] + " " + ordinal_word(d) + " " + yfull, "", "month_ord_year"
    return lead, t, {"order": "mdy" if style == "numeric" else None}


def dob_typed(y, m, d, it, uk=False):
    style = wchoice([("m/d/yyyy", 4), ("mm/dd/yyyy", 3), ("iso", 3), ("d month yyyy", 2), ("month d, yyyy", 2),
                     ("dd/mm/yyyy", 2 if uk else 0.3), ("dd.mm.yyyy", 1), ("mon d yyyy", 1), ("dth month yyyy", 1),
                     ("m-d-yy", 1)])
    it.tag("dob_typed_" + re.sub(r"[^a-z]", "", style.replace("/", "s").replace(".", "p").replace("-", "d").replace(" ", "_")))
    M = MONTHS[m - 1].capitalize()
    t = {"m/d/yyyy": "%d/%d/%d" % (m, d, y), "mm/dd/yyyy": "%02d/%02d/%d" % (m, d, y),
         "iso": "%d-%02d-%02d" % (y, m, d), "d month yyyy": "%d %s %d" % (d, M, y),
         "month d, yyyy": "%s %d, %d" % (M, d, y), "dd/mm/yyyy": "%02d/%02d/%d" % (d, m, y),
         "dd.mm.yyyy": "%02d.%02d.%d" % (d, m, y), "mon d yyyy": "%s %d %d" % (MON_ABBR[m - 1], d, y),
         "dth month yyyy": "%s %s %d" % (ordinal_suffix(d), M, y), "m-d-yy": "%d-%d-%02d" % (m, d, y % 100)}[style]
    order = {"dd/mm/yyyy": "dmy", "dd.mm.yyyy": "dmy", "iso": "ymd"}.get(style, "mdy")
    return t, order


# ----------------------------------------------------------------------------------------------
# distractors: each returns pieces; the D() part is the value that must stay visible
# ----------------------------------------------------------------------------------------------
def price_spoken():
    d = R.randint(4, 480)
    c = R.randint(1, 99)
    style = ch(["dd cc", "dollars and cents", "even", "bucks", "dd cc"])
    if style == "dd cc":
        t = words(d) + " " + (pairword("%02d" % c) if c >= 10 else "oh " + ONES[c])
    elif style == "dollars and cents":
        t = words(d) + " dollars and " + words(c) + " cents"
    elif style == "even":
        t = words(d) + " dollars even"
    else:
        t = words(d) + " bucks"
    return t


def price_typed():
    d, c = R.randint(3, 2400), R.randint(0, 99)
    return ch(["$%d.%02d" % (d, c), "$%d.%02d" % (d, c), "%d.%02d USD" % (d, c), "£%d.%02d" % (d, c),
               "$%d" % d, "€%d,%02d" % (d, c)])


def time_spoken():
    h = R.randint(1, 12)
    return ch([words(h) + " thirty", words(h) + " fifteen", words(h) + " forty five", "quarter past " + words(h),
               "half past " + words(h), words(h) + " o'clock", words(h) + " " + ch(["oh five", "twenty", "fifty"])])


def time_typed():
    h = R.randint(1, 12)
    return ch(["%d:%02d %s" % (h, ch([0, 15, 30, 45, 10]), ch(["AM", "PM", "am", "pm"])), "%d%s" % (h, ch(["pm", "am"])),
               "%02d:%02d" % (R.randint(7, 20), ch([0, 15, 30, 45]))])


def spoken_digits_plain(s):
    v = Voice(plain=True)
    return say(s, v, mode=ch(["single", "single", "mixed"]), fill=0, slips=False)


def dis(kind, a):
    """A distractor phrase. a=True: recognizer style (lowercase, spoken numbers)."""
    if kind == "price":
        if a:
            return tpl(ch(["that comes to {x}", "it's {x} a month", "the balance is {x}", "you owe {x}",
                           "they charged me {x}", "the fee is {x}"]), x=D(price_spoken(), "price"))
        return tpl(ch(["the total came to {x}", "it was {x} last month", "amount due: {x}", "you charged me {x} twice",
                       "there's a {x} pending charge", "I was quoted {x}"]), x=D(price_typed(), "price"))
    if kind == "time":
        if a:
            return tpl(ch(["can you call me around {x}", "i'm home after {x}", "the tech came at {x}",
                           "they close at {x} right"]), x=D(time_spoken(), "time"))
        return tpl(ch(["call me after {x} please", "pickup is at {x}", "we open at {x} tomorrow", "the delivery window is {x}",
                       "I'm free from {x}"]), x=D(time_typed(), "time"))
    if kind == "year":
        y = R.randint(2009, 2025)
        if a:
            return tpl(ch(["i've been with you since {x}", "we opened it back in {x}", "i bought it in {x}"]),
                       x=D(ch(["twenty " + pairword(str(y)[2:]) if y >= 2010 else "two thousand " + words(y - 2000), "two thousand " + words(y - 2000)]), "year"))
        return tpl(ch(["I've been a customer since {x}", "it's a {x} model", "we've lived here since {x}",
                       "the account was opened in {x}"]), x=D(str(y), "year"))
    if kind == "quantity":
        n = R.randint(2, 40)
        if a:
            return tpl(ch(["i ordered {x} boxes", "there were {x} of them", "we need {x} more chairs"]), x=D(words(n), "quantity"))
        return tpl(ch(["I ordered {x} of them", "qty {x} but only half arrived", "need {x} more units", "it says {x} pcs in stock"]),
                   x=D(str(n), "quantity"))
    if kind == "order":
        n = rdigits(R.randint(6, 10), True)
        if a:
            return tpl(ch(["it's about order {x}", "my order number is {x}", "the order was {x}"]), x=D(spoken_digits_plain(n), "order"))
        return tpl(ch(["it's order #{x}", "Order {x} still says processing", "order no. {x}", "re: ord-{x}", "my order number is {x}"]),
                   x=D(n if p(0.7) else n[:3] + "-" + n[3:], "order"))
    if kind == "tracking":
        t = ch(["1Z" + "".join(ch("0123456789ABCDEFGHJKLMNPRTVWXY") for _ in range(16)),
                "94" + rdigits(20), "92" + rdigits(24)[:20], rdigits(12, True)])
        if a:
            return tpl("the tracking says {x}", x=D(spoken_digits_plain(rdigits(12, True)), "tracking"))
        return tpl(ch(["tracking shows {x}", "Tracking #: {x}", "the label says {x}", "can you look up {x}"]), x=D(t, "tracking"))
    if kind == "ref16":
        n = luhn_fail(16)
        if a:
            return tpl(ch(["the reference on the letter is {x}", "it gave me a reference {x}"]),
                       x=D(spoken_digits_plain(n), "ref16"))
        return tpl(ch(["the ref on my statement is {x}", "Reference: {x}", "payment ref {x}", "transaction id {x} if that helps"]),
                   x=D(ch([n, card_typed(n), card_typed(n, "-")]), "ref16"))
    if kind == "ip":
        ip = ch(["192.168.%d.%d", "10.0.%d.%d", "172.16.%d.%d", "203.0.113.%d%s"])
        ip = ip % ((R.randint(0, 254), R.randint(2, 254)) if "%s" not in ip else (R.randint(2, 254), ""))
        if a:
            return tpl("the router says {x}", x=D(ip, "ip"))
        return tpl(ch(["it says a login came from {x}", "my IP is {x}", "the router shows {x}", "you blocked {x} for some reason"]), x=D(ip, "ip"))
    if kind == "url":
        u = ch(["https://shop.example.com/orders/%s/track" % rdigits(7, True),
                "https://help.example.org/article/%s" % rdigits(5, True),
                "http://example.net/r/%s" % luhn_fail(16),
                "https://portal.example.com/invoice?id=%s" % rdigits(9, True)])
        return tpl(ch(["see {x}", "the link was {x}", "I followed {x} and it failed", "details at {x}"]), x=D(u, "url"))
    if kind == "otp":
        n = rdigits(6, True)
        if a:
            return tpl(ch(["i got a text with a code {x}", "the code it sent me is {x}", "the verification code was {x}"]),
                       x=D(spoken_digits_plain(n), "otp"))
        return tpl(ch(["the app sent me code {x} but it's rejected", "I got OTP {x}", "it says use {x} to sign in", "code {x} expired already"]),
                   x=D(n, "otp"))
    if kind == "zip":
        z = ch(CITIES)[2]
        if a:
            return tpl(ch(["the billing zip is {x}", "zip code {x}", "i'm in {x}"]), x=D(spoken_digits_plain(z), "zip"))
        return tpl(ch(["my billing zip is {x}", "ZIP code {x} if you need it", "is {x} in your delivery area?"]), x=D(z, "zip"))
    if kind == "reference":
        r = ch(["%s-%s" % (rdigits(5, True), ch(["AB", "QX", "TR", "ZK"])), "ACC-" + rdigits(7, True), rdigits(8, True)])
        if a:
            return tpl("my account reference is {x}", x=D(spoken_digits_plain(rdigits(8, True)), "reference"))
        return tpl(ch(["my account ref is {x}", "Account reference: {x}", "the letter has reference {x}"]), x=D(r, "reference"))
    if kind == "case":
        n = rdigits(R.randint(6, 9), True)
        lab = ch(["case", "ticket", "claim", "invoice", "confirmation", "rma"])
        if a:
            return tpl("the " + lab + " number is {x}", x=D(spoken_digits_plain(n), lab))
        pre = {"case": "Case #", "ticket": "Ticket ", "claim": "Claim no. ", "invoice": "INV-",
               "confirmation": "Confirmation ", "rma": "RMA "}[lab]
        return [ch(["re ", "about ", "following up on ", ""]) + pre, D(n, lab)]
    if kind == "sku":
        s = ch(["SKU %s-%s" % (rdigits(4, True), rdigits(3)), "model XR-%s" % rdigits(4, True), "part %s-%sB" % (rdigits(2, True), rdigits(4))])
        return tpl(ch(["it's the {x}", "do you have {x} in stock", "I returned {x}"]), x=D(s, "sku"))
    if kind == "percent":
        if a:
            return tpl(ch(["they raised it {x}", "is there still the {x} off"]), x=D(words(R.randint(5, 40)) + " percent", "percent"))
        return tpl(ch(["the coupon said {x} off", "my rate went up {x}", "why is it {x} APR now"]), x=D("%d%%" % R.randint(3, 40), "percent"))
    if kind == "date":
        mo = R.randint(1, 12)
        dd = R.randint(1, 28)
        if a:
            return tpl(ch(["the appointment is on {x}", "it should arrive by {x}", "they came out on {x}"]),
                       x=D(ch([MONTHS[mo - 1] + " " + ordinal_word(dd), "the " + ordinal_word(dd), "next " + ch(["monday", "thursday"])]), "date"))
        return tpl(ch(["my appointment is {x}", "it was marked delivered {x}", "the payment is due {x}", "the plan renews on {x}"]),
                   x=D(ch(["%d/%d" % (mo, dd), "%s %d" % (MON_ABBR[mo - 1], dd), "2026-%02d-%02d" % (mo, dd)]), "date"))
    if kind == "mileage":
        n = R.randint(12, 190) * 1000 + R.randint(0, 999)
        if a:
            return tpl("it's got about {x} miles on it", x=D(words(n // 1000) + " thousand", "mileage"))
        return tpl(ch(["odometer reads {x}", "it has {x} miles"]), x=D("{:,}".format(n), "mileage"))
    raise KeyError(kind)


DIS_KINDS_ASR = ["price", "time", "year", "quantity", "order", "tracking", "ref16", "otp", "zip", "reference",
                 "case", "percent", "date", "mileage"]
DIS_KINDS_TYPED = ["price", "time", "year", "quantity", "order", "tracking", "ref16", "ip", "url", "otp", "zip",
                   "reference", "case", "sku", "percent", "date", "mileage"]


def any_dis(a, kinds=None):
    return dis(ch(kinds or (DIS_KINDS_ASR if a else DIS_KINDS_TYPED)), a)


WORD_USES = {
    "Will": ["i {w} call back tomorrow", "{w} that go through today", "it {w} be fine"],
    "Grace": ["is there a {w} period on this", "the {w} period ended friday", "you have a ten day {w} period"],
    "Hope": ["i {w} that works", "i {w} so", "fingers crossed and {w} it clears"],
    "Bill": ["the {w} came in higher", "my {w} was wrong", "i just want to pay the {w}"],
    "Rose": ["the price {w} again", "my rate {w} last month", "it {w} by ten dollars"],
    "Jack": ["they want to {w} up the price", "the headphone {w} is broken", "the car {w} is missing"],
    "Mark": ["can you {w} it as paid", "please {w} the account closed", "there's a {w} on the screen"],
    "Summer": ["we travel every {w}", "the {w} rate ends soon", "since last {w}"],
    "Dawn": ["i'm up at {w} for work", "the delivery came at {w}", "from {w} to dusk"],
    "Chase": ["i had to {w} them for the refund", "don't make me {w} this again", "i'll {w} it up"],
    "Hunter": ["the {w} green one", "a bargain {w} like me", "the deer {w} season"],
}


_LAST_USES = []


def wordname_use(a):
    for _ in range(20):
        w = ch(sorted(WORD_USES))
        s = ch(WORD_USES[w])
        if s not in _LAST_USES:
            break
    _LAST_USES[:] = (_LAST_USES + [s])[-6:]
    word = w.lower()
    if not a and s.startswith("{w}"):
        word = w
    out = tpl(s, w=D(word, "wordname"))
    if not a:
        out[0] = out[0][:1].upper() + out[0][1:] if isinstance(out[0], str) else out[0]
    return out


# ----------------------------------------------------------------------------------------------
# frames: calls, chats, SMS threads
# ----------------------------------------------------------------------------------------------
ROLE_LABELS = [("agent", "caller"), ("agent", "customer"), ("rep", "cust"), ("operator", "caller"), ("csr", "member"),
               ("agent", "client"), ("Agent", "Customer"), ("rep", "customer"), ("advisor", "caller"), ("operator", "cust")]
AB_LABELS = [("A", "B"), ("B", "A"), ("S1", "S2"), ("speaker 1", "speaker 2"), ("L", "R")]
SPK_LABELS = [("spk_0", "spk_1"), ("spk_1", "spk_2"), ("SPEAKER_00", "SPEAKER_01"), ("SPEAKER_01", "SPEAKER_00"),
              ("ch0", "ch1"), ("speaker_a", "speaker_b")]


class Call:
    def __init__(self, it, style=None, labels=None, names_ok=True):
        self.it = it
        self.style = style or wchoice([("role", 38), ("ab", 10), ("spk", 13), ("name", 13), ("ts", 13), ("none", 9), ("runon", 4)])
        if not names_ok and self.style == "name":
            self.style = "role"
        it.tag("labels_" + self.style)
        f, l, _ = person()
        self.cf, self.cl = asr(f), asr(l)
        self.an = asr(first_name())
        while self.an == self.cf:
            self.an = asr(first_name())
        self.first = True
        self.sec = R.randint(0, 40)
        self.tsfmt = ch(["[%02d:%02d:%02d]", "%02d:%02d:%02d", "(%d:%02d)", "[%d:%02d]"])
        self.ts_names = p(0.3) and names_ok
        self.labels = labels or {"role": ch(ROLE_LABELS), "ab": ch(AB_LABELS), "spk": ch(SPK_LABELS),
                                 "ts": ch(ROLE_LABELS[:6])}.get(self.style)
        if self.style == "ts" and self.ts_names:
            it.tag("labels_name")

    def _label(self, who):
        st = self.style
        if st in ("name",) or (st == "ts" and self.ts_names):
            nm = self.an if who == "a" else self.cf
            return [S(nm, "PERSON_NAME", nm, role="speaker_label"), ": "]
        return [self.labels[0 if who == "a" else 1] + ": "]

    def turn(self, who, *pieces):
        it = self.it
        if self.style == "runon":
            if not self.first:
                it.add(" ")
            self.first = False
            it.add(*pieces)
            return
        if self.style == "ts":
            self.sec += R.randint(2, 14)
            s = self.sec
            if self.tsfmt.count("%") == 3:
                t = self.tsfmt % (s // 3600, s // 60 % 60, s % 60)
            else:
                t = self.tsfmt % (s // 60, s % 60)
            it.add(D(t, "timestamp"), " ")
        if self.style not in ("none",):
            if isinstance(who, str) and who in ("a", "c"):
                it.add(self._label(who))
            else:
                it.add(who[0] + ": ")
        it.add(*pieces)
        it.add("\n")


class Chat:
    def __init__(self, it, cust=None, agent=None):
        self.it = it
        self.fmt = wchoice([("ampm", 4), ("iso", 3), ("paren", 3), ("plain", 3), ("secs", 2), ("hdr", 1)])
        it.tag("chat_ts_" + self.fmt)
        self.t = R.randint(8 * 60, 20 * 60)
        self.date = "2026-%02d-%02d" % (R.randint(1, 12), R.randint(1, 28))
        self.cust = cust
        self.agent = agent
        self.clab = ch(["Visitor", "Customer", "You", "Guest", "visitor", "Me", "customer"])
        self.alab_style = ch(["plain", "plain", "agent_first", "first_paren", "first", "full"])
        self.alab = ch(["Agent", "Support", "Bot", "Concierge", "Assistant", "Billing"])
        self.cust_named = cust is not None and p(0.35)

    def ts(self):
        self.t += R.randint(0, 3)
        h, m = divmod(self.t % (24 * 60), 60)
        f = self.fmt
        if f == "ampm":
            return "%d:%02d %s" % ((h - 1) % 12 + 1, m, "AM" if h < 12 else "PM")
        if f == "iso":
            return "[%s %02d:%02d]" % (self.date, h, m)
        if f == "paren":
            return "(%02d:%02d)" % (h, m)
        if f == "secs":
            return "[%02d:%02d:%02d]" % (h, m, R.randint(0, 59))
        return "%02d:%02d" % (h, m)

    def label(self, who):
        if who == "c":
            if self.cust_named:
                self.it.tag("name_chat_label")
                return [S(self.cust, "PERSON_NAME", self.cust, role="speaker_label")]
            return [self.clab]
        st = self.alab_style
        if st == "plain" or self.agent is None:
            return [self.alab]
        self.it.tag("name_chat_label")
        a = self.agent
        if st == "agent_first":
            return ["Agent ", S(a.split()[0], "PERSON_NAME", a.split()[0], role="speaker_label")]
        if st == "first_paren":
            return [S(a.split()[0], "PERSON_NAME", a.split()[0], role="speaker_label"), " (" + ch(["Support", "Billing", "Team"]) + ")"]
        if st == "first":
            return [S(a.split()[0], "PERSON_NAME", a.split()[0], role="speaker_label")]
        return [S(a, "PERSON_NAME", a, role="speaker_label")]

    def msg(self, who, *pieces):
        it = self.it
        f = self.fmt
        if f == "plain":
            it.add(self.label(who), ": ", list(pieces), "\n")
        elif f == "hdr":
            it.add(self.label(who), " ", D(self.ts(), "timestamp"), "\n", list(pieces), "\n")
        else:
            it.add(D(self.ts(), "timestamp"), " ", self.label(who), ": ", list(pieces), "\n")

    def system(self, kind="join"):
        it = self.it
        opts = {"join": ["Visitor joined the chat", "*** Visitor has entered the chat ***", "Chat started",
                         "Customer connected from web widget", "Conversation started on mobile app"],
                "queue": ["You are number 2 in the queue", "Waiting for the next available agent...",
                          "All agents are busy, please hold"],
                "end": ["Visitor left the chat", "Chat ended by customer", "*** Conversation closed ***",
                        "Transcript emailed on request"],
                "transfer": ["Chat transferred to Billing", "Transferred to Payments team"]}
        if kind == "agent_join" and self.agent:
            a = self.agent
            pre = D(self.ts(), "timestamp") if self.fmt not in ("plain", "hdr") else None
            if pre:
                it.add(pre, " ")
            it.add(S(a, "PERSON_NAME", a, role="system_line"), ch([" joined the conversation", " has joined", " is now assisting you"]), "\n")
            it.tag("chat_system_line", "name_system_line")
            return
        if kind == "agent_join":
            kind = "join"
        if self.fmt not in ("plain", "hdr"):
            it.add(D(self.ts(), "timestamp"), " ")
        it.add(ch(opts[kind]), "\n")
        it.tag("chat_system_line")


BACKCH = ["mm-hm", "okay", "go on", "got it", "uh huh", "yep", "right", "okay next", "mm-hm go ahead", "keep going",
          "yes", "okay i have that", "mm-hm", "got it go on", "alright"]
CARD_PROMPT = ["okay go ahead with the card number", "whenever you're ready i'll take the long number on the card",
               "what's the number across the front", "can you read me the card in groups of four",
               "and which card are we using today", "alright i'm ready for the card",
               "read off the digits on the front for me", "let's get the card details starting with the number",
               "sure what card are we putting this on", "and the card you're paying with"]
FIRST_PRE = ["", "", "okay it's ", "yeah so ", "um ", "let me see ", "hold on um ", "alright ", "the first four are ",
             "it starts ", "so it's a " + "{brand} ", "uh "]
NEXT_PRE = ["", "", "", "then ", "next is ", "uh ", "okay ", "and ", "um ", "after that "]
EXP_PLAIN = ["and the expiration date", "expiry date please", "what's the expiration on it", "and when does it expire",
             "and the exp date"]
EXP_ODD = ["and when does it run out", "what's the date on the front", "valid through what month",
           "and the good thru on it", "the month and year it's good till", "and the little date under the number",
           "when's it good until"]
CVV_PLAIN = ["and the security code", "the cvv please", "and the three digit code on the back", "last thing the cvv"]
CVV_ODD = ["and the little number", "the last three on the signature strip", "and the security digits",
           "the code on the back", "and the c v c", "what's the verification value", "the three by the signature",
           "and the three digit one on the back", "the little code"]
CVV_AMEX = ["and the four digit cid on the front", "the cid on the front please",
            "the little four digits printed above the long number", "and the four digits on the front not the back"]
EXP_ANS_PRE = ["", "", "it's ", "uh ", "expires ", "good thru ", "that's ", "um "]
CVV_ANS_PRE = ["", "", "it's ", "that's ", "uh ", "okay ", "let me flip it over ", "the back says ", "um it's "]
PURPOSE = ["hi yeah i need to make a payment on my account", "hey um i'm trying to pay what i owe",
           "yeah hi i got a letter saying my payment didn't go through", "hi i'd like to renew my subscription",
           "i want to settle the balance on my account", "hi i'm calling to put down the deposit",
           "yeah i need to update the card you have on file", "hello i'd like to pay for the repair",
           "i need to pay the overdue amount before they cut me off", "hi i'm booking the room and need to pay"]


def co_asr():
    if p(0.25):
        c = ch(WORD_COMPANIES)
        return D(c.lower().replace("&", "and").replace(".", "").replace("'", ""), "company")
    return ch(COMPANIES).lower().replace("&", "and")


def co_typed():
    if p(0.25):
        return D(ch(WORD_COMPANIES), "company")
    return ch(COMPANIES)


def greet(c, it, named=None):
    named = p(0.6) if named is None else named
    co = co_asr()
    if named:
        an = S(c.an, "PERSON_NAME", c.an, role="agent_greeting")
        it.tag("name_agent_greeting")
        c.turn("a", tpl(ch(["thank you for calling {co} this is {an} how can i help you today",
                              "{co} billing you're speaking with {an}",
                              "hi you've reached {co} my name is {an} what can i do for you",
                              "good afternoon {co} {an} speaking", "{co} support {an} here",
                              "hello thanks for holding this is {an} with {co}",
                              "{co} {an} speaking how can i help"]), co=co, an=an))
    else:
        c.turn("a", tpl(ch(["{co} how can i help", "you're through to {co} accounts", "{co} good morning",
                            "thanks for calling {co} what can i do for you today", "{co} payments line"]), co=co))


def self_intro(c, it, full=True, extra=""):
    f = S(c.cf, "PERSON_NAME", c.cf, role="self_intro") if not full else S(c.cf + " " + c.cl, "PERSON_NAME", c.cf + " " + c.cl, role="self_intro")
    it.tag("name_self_intro", "name_full" if full else "name_first")
    t = ch(["hi this is {n}", "yeah hi my name's {n}", "hi it's {n} calling", "{n} here", "hello my name is {n}",
            "hey it's {n}", "yeah hi um i'm {n}", "good morning this is {n} speaking"])
    return tpl(t + extra, n=f)


def ask_name(c, it, spell_last=None):
    c.turn("a", ch(["can i get the name on the account", "who am i speaking with", "and your full name please",
                    "can i take your first and last name", "what name is the account under",
                    "and who do i have on the line today"]))
    full = c.cf + " " + c.cl
    spell_last = p(0.3) if spell_last is None else spell_last
    pre = ch(["", "it's ", "yeah it's ", "um ", "under "])
    if spell_last:
        it.tag("name_spelled")
        c.turn("c", pre, S(full, "PERSON_NAME", full, role="answer"), ch([" last name is spelled ", " that's ", " spelled "]),
               S(spell(c.cl), "PERSON_NAME", re.sub(r"[^a-z]", "", deaccent(c.cl).lower()), role="spelled"))
    else:
        c.turn("c", pre, S(full, "PERSON_NAME", full, role="answer"))
    it.tag("name_full")


def card_span(text, value, card, cid, role, **kw):
    return S(text, "CREDIT_CARD", value, card=card, card_id=cid, role=role, **kw)


def card_in_turns(c, it, v, brand, card, cid, prompt=True, glue_exp=None):
    gs = card_groups(card)
    if prompt:
        c.turn("a", ch(CARD_PROMPT) if brand != "amex" or p(0.5) else ch(["read it the way it's grouped on the card", "go ahead it'll be fifteen digits for amex"]))
    for k, g in enumerate(gs):
        pre = ch(FIRST_PRE).replace("{brand}", BRAND_WORD[brand]) if k == 0 else ch(NEXT_PRE)
        tail = []
        if k == len(gs) - 1 and glue_exp is not None:
            tail = [ch([", ", " and ", " expires ", " then "]), glue_exp]
            it.tag("exp_same_turn_as_card")
        c.turn("c", pre, card_span(say(g, v, it), g, card, cid, "part", part=k), tail)
        if k < len(gs) - 1:
            if p(0.85):
                c.turn("a", ch(BACKCH))
    it.tag("card_spoken_split_turns", "backchannel")


def card_one_breath(c, it, v, brand, card, cid, pre=None, tail=""):
    text = say_groups(card_groups(card), v, it)
    pre = pre if pre is not None else ch(["", "okay it's ", "yeah it's ", "um ", "sure it's ", "it's a " + BRAND_WORD[brand] + " ", "let me see "])
    c.turn("c", pre, card_span(text, card, card, cid, "full"), tail)
    it.tag("card_spoken_one_turn")


def readback(c, it, brand, card, cid, slip=None):
    av = Voice(plain=True)
    slip = p(0.45) if slip is None else slip
    said = card
    if slip:
        pos = R.randrange(1, len(card))
        said = card[:pos] + str((int(card[pos]) + R.randint(1, 9)) % 10) + card[pos + 1:]
    gs = card_groups(said)
    c.turn("a", ch(["let me read that back ", "so that's ", "i have ", "okay confirming ", "just to confirm "]),
           card_span(say_join(gs, av, it, seps=(" ", ", ")), said, card, cid, "readback", slip=slip),
           ch(["", " correct", " is that right", " yes"]))
    it.tag("card_readback")
    if not slip:
        c.turn("c", ch(["yes", "yep that's it", "correct", "that's right"]))
        return
    it.tag("card_readback_slip", "card_fix")
    bounds = [(0, 4), (4, 10), (10, 15)] if len(card) == 15 else [(0, 4), (4, 8), (8, 12), (12, 16)]
    k = next(i for i, (a, b) in enumerate(bounds) if a <= pos < b)
    a, b = bounds[k]
    grp = card[a:b]
    ordw = ["first", "second", "third", "last"] if len(bounds) == 4 else ["first", "middle", "last"]
    cv = Voice()
    c.turn("c", ch(["no the " + ordw[k] + " group is ", "not quite the " + ordw[k] + " part is ", "sorry no it's ",
                    "no no " + ordw[k] + " " + ch(["four", "set", "bit"]) + " is "]),
           card_span(say(grp, cv, it), grp, card, cid, "fix", slice=[a, b]))
    if p(0.6):
        c.turn("a", ch(["sorry ", "my mistake ", "okay "]), card_span(say(grp, av, it), grp, card, cid, "fix", slice=[a, b]),
               ch(["", " got it", " thank you"]))


def exp_exchange(c, it, m, y, mode=None, cvv_after=None):
    """Agent cue (plain/odd/none) then the customer's expiry. cvv_after: pieces glued in the same turn."""
    mode = mode or wchoice([("plain", 3), ("odd", 4), ("none", 3), ("split", 2)])
    it.tag("exp_cue_" + mode)
    val = exp_val(m, y)
    if mode == "split":
        c.turn("a", ch(["what month does it expire", "expiry month first", "and the month it runs out"]))
        mt = ch([MONTHS[m - 1], (ch(["oh ", "zero "]) + ONES[m]) if m < 10 else pairword("%02d" % m), ONES[m] if m < 10 else pairword("%02d" % m)])
        c.turn("c", ch(["", "uh ", "that's "]), S(mt, "CARD_EXPIRY", val, part="month"))
        c.turn("a", ch(["and the year", "year", "okay and what year"]))
        yt = ch([pairword("%02d" % y), "twenty " + pairword("%02d" % y), "two thousand " + pairword("%02d" % y)])
        c.turn("c", ch(["", "uh ", "it's "]), S(yt, "CARD_EXPIRY", val, part="year"), cvv_after or [])
        it.tag("exp_split_turns")
        return
    if mode == "plain":
        c.turn("a", ch(EXP_PLAIN))
    elif mode == "odd":
        c.turn("a", ch(EXP_ODD))
    elif p(0.5):
        c.turn("a", ch(BACKCH))
    c.turn("c", ch(EXP_ANS_PRE) if mode != "none" else ch(["", "", "and ", "um "]), S(say_exp(m, y, it), "CARD_EXPIRY", val), cvv_after or [])


def cvv_exchange(c, it, brand, cvv, v, mode=None):
    mode = mode or wchoice([("plain", 2), ("odd", 5), ("none", 3)])
    if brand == "amex" and mode != "none":
        mode = "amex"
    it.tag({"plain": "cvv_cue_plain", "odd": "cvv_cue_odd", "none": "cvv_no_cue", "amex": "cvv_cid_amex"}[mode])
    if mode == "plain":
        c.turn("a", ch(CVV_PLAIN))
    elif mode == "odd":
        c.turn("a", ch(CVV_ODD))
    elif mode == "amex":
        c.turn("a", ch(CVV_AMEX))
    elif p(0.6):
        c.turn("a", ch(BACKCH))
    c.turn("c", ch(CVV_ANS_PRE) if mode != "none" else ch(["", "and ", "then "]), S(say(cvv, v, it, fill=0), "CARD_CVV", cvv))
    if p(0.25):
        c.turn("a", ch(["", "okay "]), S(say(cvv, Voice(plain=True), it), "CARD_CVV", cvv, role="readback"))
        it.tag("cvv_readback")


def exp_cvv_same_turn(c, it, m, y, brand, cvv, v):
    """Customer gives expiry and CVV in one turn (possibly with no cue for the CVV)."""
    if p(0.5):
        c.turn("a", ch(EXP_ODD + EXP_PLAIN + ["and the date and the code on the back"]))
    else:
        it.tag("exp_cue_none")
    mid = ch([" and ", " and the back is ", " then ", " and the code is ", ", ", " security ", " and "])
    it.tag("cvv_no_cue" if mid.strip() in ("and", "then", ",", "") else "cvv_cue_inline")
    c.turn("c", ch(["", "it's ", "um "]), S(say_exp(m, y, it), "CARD_EXPIRY", exp_val(m, y)), mid,
           S(say(cvv, v, it, fill=0), "CARD_CVV", cvv))
    it.tag("exp_cvv_same_turn")


def price_after_card(c, it):
    it.tag("distractor_price_after_card")
    c.turn("a", tpl(ch(["okay that'll be {x} today", "so i'm charging {x} to that card", "your total comes to {x}",
                        "alright {x} is going through now", "that's {x} including the fee", "perfect {x} then"]),
                    x=D(price_spoken(), "price")))


def closing(c, it, name=True):
    opts = ["you're all set", "anything else i can help with", "thanks for calling", "have a good one"]
    if name and p(0.5):
        nm = S(c.cf, "PERSON_NAME", c.cf, role="signoff")
        it.tag("name_signoff")
        c.turn("a", tpl(ch(["thanks {n} you're all set", "okay {n} that's done for you", "have a great day {n}",
                            "thank you {n} take care"]), n=nm))
    else:
        c.turn("a", ch(opts))
    c.turn("c", ch(["thanks bye", "okay thank you", "great thanks", "mm-hm bye", "appreciate it", "cheers"]))


def maybe_call_dis(c, it, prob=0.3, who="c"):
    if (p(prob) if prob >= 1 else pd(prob)):
        c.turn(who, any_dis(True))


# ----------------------------------------------------------------------------------------------
# call scenarios
# ----------------------------------------------------------------------------------------------
def call_pay_groups(it):
    c = Call(it)
    v = Voice()
    brand, card = make_card(hundred=p(0.25))
    it.tag(BRAND_TAG[brand])
    cvv, (m, y) = new_cvv(brand), new_exp()
    greet(c, it)
    if p(0.6):
        c.turn("c", ch(PURPOSE))
        if p(0.45):
            ask_name(c, it)
    else:
        c.turn("c", self_intro(c, it, full=p(0.6), extra=ch([" i need to pay my balance", " calling to make a payment", ""])))
    maybe_call_dis(c, it, 0.2)
    glue = None
    if p(0.15):
        glue = S(say_exp(m, y, it), "CARD_EXPIRY", exp_val(m, y))
        it.tag("exp_no_cue")
    card_in_turns(c, it, v, brand, card, "c1", prompt=p(0.85), glue_exp=glue)
    if p(0.3):
        readback(c, it, brand, card, "c1")
    if glue is None:
        if p(0.3):
            exp_cvv_same_turn(c, it, m, y, brand, cvv, v)
        else:
            exp_exchange(c, it, m, y)
            cvv_exchange(c, it, brand, cvv, v)
    else:
        cvv_exchange(c, it, brand, cvv, v)
    if pd(0.55):
        price_after_card(c, it)
    if pd(0.3):
        c.turn("a", any_dis(True, ["case", "order", "reference"]))
    closing(c, it)


def call_pay_oneshot(it):
    c = Call(it)
    v = Voice()
    brand, card = make_card(hundred=p(0.25))
    it.tag(BRAND_TAG[brand])
    cvv, (m, y) = new_cvv(brand), new_exp()
    greet(c, it)
    c.turn("c", ch(PURPOSE))
    maybe_call_dis(c, it, 0.25)
    c.turn("a", ch(CARD_PROMPT))
    numeric = p(0.25)
    if numeric:
        it.tag("asr_numeric_digits", "card_typed_digits_in_call")
        c.turn("c", ch(["yeah it's ", "", "okay "]), card_span(card_typed(card, ch([" ", ""])), card, card, "c1", "full"))
    else:
        card_one_breath(c, it, v, brand, card, "c1")
    readback(c, it, brand, card, "c1", slip=p(0.5))
    if numeric and p(0.5):
        c.turn("a", ch(EXP_PLAIN))
        c.turn("c", S(exp_typed(m, y, it, ch(["mm/yy", "mmyy"])), "CARD_EXPIRY", exp_val(m, y)))
        c.turn("a", ch(CVV_ODD + CVV_PLAIN) if brand != "amex" else ch(CVV_AMEX))
        c.turn("c", S(cvv, "CARD_CVV", cvv))
        it.tag("cvv_cue_odd")
    elif p(0.3):
        exp_cvv_same_turn(c, it, m, y, brand, cvv, v)
    else:
        exp_exchange(c, it, m, y)
        cvv_exchange(c, it, brand, cvv, v)
    if pd(0.5):
        price_after_card(c, it)
    closing(c, it)


def call_pay_correction(it):
    c = Call(it)
    v = Voice()
    brand, card = make_card(hundred=p(0.25))
    it.tag(BRAND_TAG[brand], "card_correction")
    cvv, (m, y) = new_cvv(brand), new_exp()
    greet(c, it)
    c.turn("c", ch(PURPOSE))
    c.turn("a", ch(CARD_PROMPT))
    gs = card_groups(card)
    style = ch(["last_group", "restart", "mid_group"])
    if style == "restart":
        pos = R.randrange(2, len(card))
        wrong = card[:pos] + str((int(card[pos]) + R.randint(1, 9)) % 10) + card[pos + 1:]
        c.turn("c", ch(["", "okay ", "um "]), card_span(say_groups(card_groups(wrong), v, it), wrong, card, "c1", "wrong"))
        c.turn("c", ch(["sorry i misread that let me start over ", "wait no that's wrong hold on ", "no sorry, "]),
               card_span(say_groups(gs, v, it), card, card, "c1", "full"))
        it.tag("card_restart")
    else:
        k = len(gs) - 1 if style == "last_group" else R.randrange(1, len(gs) - 1)
        for i, g in enumerate(gs):
            said = g
            if i == k:
                while said == g:
                    said = rdigits(len(g))
                c.turn("c", ch(NEXT_PRE) if i else ch(FIRST_PRE).replace("{brand}", BRAND_WORD[brand]), card_span(say(said, v, it), said, card, "c1", "wrong", part=i))
            else:
                c.turn("c", ch(NEXT_PRE) if i else ch(FIRST_PRE).replace("{brand}", BRAND_WORD[brand]), card_span(say(g, v, it), g, card, "c1", "part", part=i))
            if i < len(gs) - 1 and p(0.7):
                c.turn("a", ch(BACKCH))
        ordw = ("last" if k == len(gs) - 1 else ["first", "second", "third"][k])
        c.turn("c", ch(["wait no, the %s group is " % ordw, "sorry the %s one is actually " % ordw,
                        "hang on i read that wrong the %s four are " % ordw if len(gs[k]) == 4 else "hang on the %s part is " % ordw]),
               card_span(say(gs[k], v, it), gs[k], card, "c1", "correction", part=k))
        it.tag("card_correction_group")
        if p(0.5):
            c.turn("a", ch(["okay so ", "got it "]), card_span(say(gs[k], Voice(plain=True), it), gs[k], card, "c1", "fix",
                                                            slice=[sum(len(x) for x in gs[:k]), sum(len(x) for x in gs[:k + 1])]))
    exp_exchange(c, it, m, y)
    cvv_exchange(c, it, brand, cvv, v)
    if pd(0.4):
        price_after_card(c, it)
    closing(c, it)


def call_pay_volunteered(it):
    c = Call(it)
    v = Voice()
    brand, card = make_card(hundred=p(0.25))
    it.tag(BRAND_TAG[brand], "card_volunteered")
    cvv, (m, y) = new_cvv(brand), new_exp()
    greet(c, it, named=p(0.5))
    pre = ch(["hi i just want to pay the balance here's my card ", "yeah i'm paying the deposit the card is ",
              "hi okay so the number is ", "i've got my card right here ", "hi um put it on my " + BRAND_WORD[brand] + " "])
    cvtxt = ch([" the back is ", " code ", " and ", " cvv ", " security is "])
    it.tag("cvv_no_cue" if cvtxt.strip() == "and" else "cvv_cue_inline", "exp_no_cue")
    c.turn("c", pre, card_span(say_groups(card_groups(card), v, it), card, card, "c1", "full"),
           ch([" expires ", " ", " and it's good till ", ", "]), S(say_exp(m, y, it), "CARD_EXPIRY", exp_val(m, y)),
           cvtxt, S(say(cvv, v, it, fill=0), "CARD_CVV", cvv))
    c.turn("a", ch(["whoa okay slow down let me get that", "okay one second", "alright let me enter that"]))
    if p(0.5):
        readback(c, it, brand, card, "c1")
    if pd(0.5):
        price_after_card(c, it)
    closing(c, it)


def call_two_cards(it):
    c = Call(it)
    v = Voice()
    b1, c1 = make_card(hundred=p(0.25))
    b2, c2 = make_card()
    it.tag(BRAND_TAG[b1], BRAND_TAG[b2], "card_two")
    greet(c, it)
    c.turn("c", ch(PURPOSE))
    c.turn("a", ch(CARD_PROMPT))
    if p(0.5):
        card_one_breath(c, it, v, b1, c1, "c1")
    else:
        card_in_turns(c, it, v, b1, c1, "c1", prompt=False)
    m, y = new_exp()
    exp_exchange(c, it, m, y, mode=ch(["plain", "odd", "none"]))
    cvv1 = new_cvv(b1)
    cvv_exchange(c, it, b1, cvv1, v)
    t = ch(["hmm that one's coming back declined do you have another card",
            "it's not going through, is there a different card you can use",
            "sorry it says {x} is over the limit, another card maybe"])
    c.turn("a", tpl(t, x=D(price_spoken(), "price")))
    if "{x}" in t:
        it.tag("distractor_price_after_card")
    c.turn("c", ch(["ugh okay try my " + BRAND_WORD[b2] + " ", "yeah use this one ", "okay the other one is "]),
           card_span(say_groups(card_groups(c2), v, it), c2, c2, "c2", "full"))
    m2, y2 = new_exp()
    if p(0.5):
        exp_cvv_same_turn(c, it, m2, y2, b2, new_cvv(b2), v)
    else:
        exp_exchange(c, it, m2, y2)
        cvv_exchange(c, it, b2, new_cvv(b2), v)
    if pd(0.5):
        price_after_card(c, it)
    closing(c, it)


def call_ivr(it):
    sys_lab = ch(["ivr", "system", "automated", "bot", "IVR", "prompt"])
    cust_lab = ch(["caller", "customer", "user", "cust"])
    style = ch(["role", "role", "ts", "none"])
    c = Call(it, style=style, labels=(sys_lab, cust_lab), names_ok=False)
    it.tag("card_ivr")
    v = Voice()
    brand, card = make_card(hundred=p(0.25))
    it.tag(BRAND_TAG[brand])
    cvv, (m, y) = new_cvv(brand), new_exp()
    c.turn("a", tpl(ch(["welcome to {co} automated payments", "thank you for calling {co} to make a payment say payment or press one",
                        "you've reached the {co} payment line"]), co=co_asr()))
    if p(0.5):
        c.turn("c", ch(["payment", "make a payment", "pay my bill", "one"]))
    c.turn("a", ch(["please enter or say your card number", "please say or key in the card number followed by pound",
                    "say your sixteen digit card number" if brand != "amex" else "say your card number",
                    "using your keypad or your voice enter the card number now"]))
    if p(0.3):
        c.turn("c", ch(["representative", "agent", "um"]))
        c.turn("a", ch(["i didn't get that please say the card number", "sorry let's try again please say the card number"]))
    card_one_breath(c, it, v, brand, card, "c1", pre=ch(["", "", "uh "]))
    av = Voice(plain=True)
    c.turn("a", ch(["you said ", "i heard ", "that was "]), card_span(say_join(card_groups(card), av, it, seps=(" ", ", ")), card, card, "c1", "readback", slip=False),
           ch([" if that's correct say yes otherwise say no", " is that right", " say yes or no"]))
    it.tag("card_readback")
    c.turn("c", ch(["yes", "yeah", "yes correct"]))
    c.turn("a", ch(["now the expiration date as four digits month then year", "please say the expiration date",
                    "say the month and year printed on the card"]))
    c.turn("c", S(say_exp(m, y, it, ch(["oh_mm_yy", "digits", "m_yy"])), "CARD_EXPIRY", exp_val(m, y)))
    if brand == "amex":
        c.turn("a", "now say the four digit code printed on the front of the card")
        it.tag("cvv_cid_amex")
    else:
        c.turn("a", ch(["now say the three digit security code from the back of the card", "please say the card verification number",
                        "enter the last three digits on the signature panel"]))
        it.tag("cvv_cue_plain")
    c.turn("c", S(say(cvv, v, it, fill=0), "CARD_CVV", cvv))
    c.turn("a", tpl(ch(["your payment of {x} has been approved your confirmation number is {y}",
                        "thank you a payment of {x} was scheduled the reference is {y}"]),
                    x=D(price_spoken(), "price"), y=D(spoken_digits_plain(rdigits(8, True)), "confirmation")))
    it.tag("distractor_price_after_card")


def call_identity(it):
    c = Call(it)
    v = Voice()
    greet(c, it)
    if p(0.5):
        c.turn("c", self_intro(c, it, full=p(0.7), extra=ch([" i'm calling about my account", " i need to change some details", " i got locked out of my account", ""])))
        if p(0.4):
            c.turn("a", ch(["can you spell the last name for me", "how do you spell your surname"]))
            c.turn("c", ch(["", "sure ", "it's "]), S(spell(c.cl), "PERSON_NAME", re.sub(r"[^a-z]", "", deaccent(c.cl).lower()), role="spelled"))
            it.tag("name_spelled")
    else:
        c.turn("c", ch(["hi i'm calling about my account", "i need to change some details on my account", "i got locked out online"]))
        ask_name(c, it)
    steps = R.sample(["dob", "ssn", "addr", "phone", "dis"], k=R.randint(2, 4))
    for st in steps:
        if st == "dob":
            y, mo, d = make_dob()
            c.turn("a", ch(["can you verify your date of birth", "and your birthday please", "what's the d o b on file",
                            "date of birth for security"]))
            lead, t, meta = dob_spoken(y, mo, d, it)
            c.turn("c", ch(["", "it's ", "uh "]), lead, S(t, "DATE_OF_BIRTH", dob_val(y, mo, d), **{k: vv for k, vv in meta.items() if vv}))
            if p(0.12):
                y2 = y + ch([-1, 1])
                lead2, t2, meta2 = dob_spoken(y2, mo, d, it)
                c.turn("c", ch(["sorry no ", "wait "]), lead2, S(t2, "DATE_OF_BIRTH", dob_val(y2, mo, d), role="correction",
                                                               **{k: vv for k, vv in meta2.items() if vv}))
                it.tag("dob_corrected")
        elif st == "ssn":
            ssn = make_ssn()
            if p(0.55):
                c.turn("a", ch(["and the last four of your social", "can you give me the last four of the ssn",
                                "last four digits of your social security number please"]))
                c.turn("c", ch(["", "it's ", "um "]), S(say(ssn[-4:], v, it), "SSN", ssn[-4:], last4=True))
                it.tag("ssn_last4_spoken")
            else:
                c.turn("a", ch(["i'll need your social security number", "what's your social", "and the full social please"]))
                c.turn("c", ch(["", "okay it's ", "sure "]), S(say_join([ssn[:3], ssn[3:5], ssn[5:]], v, it), "SSN", ssn))
                it.tag("ssn_full_spoken")
        elif st == "addr":
            c.turn("a", ch(["what's the address on the account", "and your street address", "can you confirm the service address",
                            "where should we send the new one"]))
            t, val, (city, state, z) = make_address(True, it)
            tail = []
            if p(0.7):
                tail = [" " + ch(["in ", "", ""]) + city.lower() + " " + ch([state.lower(), STATE_NAMES.get(state, state.lower())])]
                if p(0.6):
                    tail += [" ", D(spoken_digits_plain(z), "zip")]
            c.turn("c", ch(["", "it's ", "um "]), S(t, "STREET_ADDRESS", val), tail)
        elif st == "phone":
            phone_spoken_turn(c, it, v)
        else:
            maybe_call_dis(c, it, 1.0) if p(0.4) else None
    if pd(0.3):
        c.turn("c", wordname_use(True))
    closing(c, it)


STATE_NAMES = {"OH": "ohio", "WA": "washington", "VT": "vermont", "AZ": "arizona", "MI": "michigan", "GA": "georgia",
               "ID": "idaho", "UT": "utah", "PA": "pennsylvania", "CA": "california", "NC": "north carolina",
               "MN": "minnesota", "TX": "texas", "OR": "oregon", "ME": "maine", "KS": "kansas", "NV": "nevada"}


def phone_spoken_turn(c, it, v, ask=True):
    if ask:
        c.turn("a", ch(["what number do we get you on", "and a callback number", "can i get a phone number",
                        "is the number on file still good or do you have a new one"]))
    kind = wchoice([("area", 4), ("area_split", 3), ("plain", 3), ("tollfree", 2), ("uk", 2), ("plus1", 1), ("vanity", 2)])
    a, e, n = make_phone_us()
    ext = []
    if p(0.2):
        ext = [ch([" extension ", " ext ", " and then extension "]), D(spoken_digits_plain(rdigits(R.randint(3, 4), True)), "extension")]
    if kind == "area":
        c.turn("c", "area code ", S(say_join([a, e + n], v, it, seps=(" ", ", ")), "PHONE_NUMBER", a + e + n), ext)
        it.tag("phone_spoken_area_code")
    elif kind == "area_split":
        c.turn("c", "area code ", S(say(a, v, it), "PHONE_NUMBER", a, part="area"), ch([" and then ", " and the rest is "]),
               S(say(e + n, v, it), "PHONE_NUMBER", e + n, part="local"), ext)
        it.tag("phone_spoken_area_code_split")
    elif kind == "plain":
        c.turn("c", ch(["", "it's ", "yeah "]), S(say_join([a, e, n], v, it), "PHONE_NUMBER", a + e + n), ext)
        it.tag("phone_spoken")
    elif kind == "tollfree":
        t = ch(["one eight hundred", "one eight eight eight", "one eight seven seven", "eight hundred"])
        c.turn("c", ch(["call ", "the number is "]), S(t + " " + say_join([e, n], v, it, seps=(" ", ", ")), "PHONE_NUMBER",
                                                      decode_digits(t) + e + n), ext)
        it.tag("phone_spoken_tollfree")
    elif kind == "plus1":
        c.turn("c", ch(["", "it's "]), S("plus one " + say(a + e + n, v, it), "PHONE_NUMBER", "1" + a + e + n), ext)
        it.tag("phone_spoken_plus1")
    elif kind == "vanity":
        van = ch(VANITY)
        parts = van.split("-")
        t = "one " + (ch(["eight hundred", "eight oh oh", "eight zero zero"]) if parts[1] == "800" else say(parts[1], Voice(plain=True), mode="single"))
        t += " " + parts[2].lower() + " " + parts[3].lower()
        c.turn("c", ch(["they said to call ", "the number on the ad is "]), S(t, "PHONE_NUMBER", keypad(van)))
        it.tag("phone_spoken_vanity")
    else:
        sub = ch(["mobile", "london"])
        if sub == "mobile":
            digits = "07" + rdigits(9)
            t = say_join([digits[:5], digits[5:]], v, it, seps=(" ", ", "))
        else:
            digits = "4420" + rdigits(8)
            t = "plus " + ch(["forty four", "four four"]) + " " + ch(["two oh", "two zero"]) + " " + say_join([digits[4:8], digits[8:]], v, it, seps=(" ",))
        c.turn("c", ch(["", "it's a uk number ", "my mobile is "]), S(t, "PHONE_NUMBER", digits), ext)
        it.tag("phone_spoken_uk")


def call_contact(it):
    c = Call(it)
    v = Voice()
    greet(c, it)
    c.turn("c", ch(["hi i need to update my contact details", "yeah i changed my number and email", "hi i'm not getting any of your emails",
                    "my phone number changed can you update it"]))
    if p(0.6):
        ask_name(c, it, spell_last=p(0.25))
    for st in R.sample(["phone", "email", "email2", "dis"], k=R.randint(2, 3)):
        if st == "phone":
            phone_spoken_turn(c, it, v)
        elif st in ("email", "email2"):
            f = deaccent(c.cf).replace(" ", "").replace("'", "")
            l = deaccent(c.cl).replace(" ", "").replace("'", "")
            addr = make_email(f, l)
            c.turn("a", ch(["and what's the email", "go ahead and spell that email letter by letter", "what email should we use",
                            "the email address please"]))
            c.turn("c", ch(["", "sure it's ", "okay so it's ", "yeah um "]), S(email_spoken(addr, it), "EMAIL_ADDRESS", addr))
            if p(0.3):
                c.turn("a", ch(["let me repeat that ", "so "]), S(email_spoken(addr, it), "EMAIL_ADDRESS", addr, role="readback"), " right")
                it.tag("email_readback")
        else:
            maybe_call_dis(c, it, 1.0) if p(0.4) else None
    closing(c, it)


def call_bank(it):
    c = Call(it)
    v = Voice()
    greet(c, it)
    c.turn("c", ch(["i want to set up autopay from my checking", "hi i'd like to pay straight from my bank account",
                    "can i do a direct debit instead of card", "i need to change the bank account for my payments"]))
    if p(0.5):
        ask_name(c, it)
    if p(0.7):
        rt = make_routing()
        acct = rdigits(R.randint(8, 12), True)
        c.turn("a", ch(["okay i'll need the routing number first", "go ahead with the nine digit routing", "what's the routing number"]))
        c.turn("c", ch(["", "it's ", "okay "]), S(say(rt, v, it), "BANK_ACCOUNT", rt, sub="routing"))
        c.turn("a", ch(["and the account number", "and the checking account number", "now the account"]))
        c.turn("c", ch(["", "um ", "okay that's "]), S(say(acct, v, it), "BANK_ACCOUNT", acct, sub="account"))
        it.tag("bank_routing_spoken", "bank_account_spoken")
        if p(0.5):
            c.turn("c", tpl("the last check i wrote was number {x}", x=D(spoken_digits_plain(str(R.randint(1001, 4999))), "check")))
    else:
        sc = rdigits(6)
        acct = rdigits(8)
        c.turn("a", ch(["can i take the sort code", "what's the sort code on the account"]))
        c.turn("c", S(say_join([sc[0:2], sc[2:4], sc[4:6]], v, it, seps=(" ", " dash ")), "BANK_ACCOUNT", sc, sub="sort_code"))
        c.turn("a", ch(["and the eight digit account number", "and the account number"]))
        c.turn("c", S(say(acct, v, it), "BANK_ACCOUNT", acct, sub="account"))
        it.tag("bank_sort_code_spoken", "bank_account_spoken")
    if pd(0.4):
        c.turn("a", any_dis(True, ["price", "date", "percent"]))
    closing(c, it)


THIRD_PARTY = ["i'm calling for my {rel} {n}", "it's for my {rel}, {n}", "my {rel} {n} usually handles this",
               "can you add my {rel} {n} to the account", "the account's in my {rel}'s name {n}",
               "{n} my {rel} said to call you", "i'm helping my {rel} {n} with the bill"]
RELS = ["mother", "father", "husband", "wife", "son", "daughter", "partner", "grandmother", "brother", "sister", "neighbor", "landlord"]


def call_names(it):
    c = Call(it)
    greet(c, it)
    c.turn("c", self_intro(c, it, full=p(0.5)))
    for _ in range(R.randint(1, 3)):
        r = R.random()
        if r < 0.45:
            f, l, _ = person()
            n = asr(f) + (" " + asr(l) if p(0.6) else "")
            c.turn("c", tpl(ch(THIRD_PARTY), rel=ch(RELS), n=S(n, "PERSON_NAME", n, role="third_party")))
            it.tag("name_third_party")
        elif r < 0.75:
            w = ch(WORDNAMES)
            n = w.lower() + (" " + asr(ch(WORD_LASTS)) if p(0.5) else "")
            c.turn("c", tpl(ch(["my {rel} {n} set it up", "can i speak to {n} please", "last time i talked to {n} in billing",
                                "{n} said she'd call me back", "put it under {n}", "ask for {n} he knows the story"]),
                            rel=ch(RELS), n=S(n, "PERSON_NAME", n, role="wordname")))
            it.tag("name_wordlike")
            if p(0.7):
                c.turn("a", wordname_use(True))
        elif r < 0.9:
            f, l, _ = person()
            title = ch(["doctor", "mister", "mrs", "miss", "professor", "dr"])
            c.turn("c", tpl(ch(["{t} {n} referred me", "i was seeing {t} {n}", "{t} {n} signed the form"]),
                            t=title, n=S(asr(l), "PERSON_NAME", asr(l), role="titled")))
            it.tag("name_with_title")
        else:
            c.turn("c", wordname_use(True))
    if pd(0.5):
        c.turn("a", any_dis(True))
    closing(c, it)


def call_negative(it):
    c = Call(it, style=wchoice([("role", 4), ("ab", 1), ("spk", 2), ("ts", 2), ("none", 1)]), names_ok=False)
    greet(c, it, named=False)
    c.turn("c", ch(["hi i'm checking on a delivery", "i have a question about the charge on my statement",
                    "i'm trying to figure out when my plan renews", "the app keeps asking me for a code",
                    "my router keeps dropping", "i need to reschedule the technician"]))
    who = "a"
    for _ in range(R.randint(2, 4)):
        c.turn(who, any_dis(True))
        other = "c" if who == "a" else "a"
        if p(0.5):
            c.turn(other, ch(BACKCH + ["hmm", "really", "okay and", "that's odd"]))
        who = other if p(0.6) else who
    if pd(0.5):
        c.turn("c", wordname_use(True))
    c.turn("a", ch(["anything else today", "okay you're all set", "i've made a note on the account"]))
    c.turn("c", ch(["no that's it thanks", "great bye", "okay thanks"]))
    it.tag("negative_only")


# ----------------------------------------------------------------------------------------------
# typed values (chats, texts, forms)
# ----------------------------------------------------------------------------------------------
def card_typed_any(card, it, style=None):
    style = style or wchoice([("spaces", 5), ("dashes", 3), ("plain", 4), ("dots", 1), ("mixed", 1), ("double_space", 1)])
    it.tag("card_typed_" + style)
    if style == "spaces":
        return card_typed(card, " ")
    if style == "dashes":
        return card_typed(card, "-")
    if style == "dots":
        return card_typed(card, ".")
    if style == "plain":
        return card
    if style == "double_space":
        return card_typed(card, "  ")
    gs = card_groups(card)
    return gs[0] + " " + "-".join(gs[1:-1]) + " " + gs[-1]


def split_points(card, k):
    """Split a card into k message-sized parts (on group boundaries mostly)."""
    gs = card_groups(card)
    if p(0.75) and k <= len(gs):
        cuts = sorted(R.sample(range(1, len(gs)), k - 1))
        out, prev = [], 0
        for c in cuts + [len(gs)]:
            out.append(gs[prev:c])
            prev = c
        return [("grouped", g) for g in out]
    cuts = sorted(R.sample(range(2, len(card) - 1), k - 1))
    out, prev = [], 0
    for c in cuts + [len(card)]:
        out.append(card[prev:c])
        prev = c
    return [("raw", s) for s in out]


EMO = [" 🙏", " 😅", " 👍", " 🙂", " 😬", " ✅", " 🤞", "!!", " lol", " :)", " ❤️", ""]
TYPO_CVV_CUES = ["cvv ", "CVV: ", "cvc ", "CVC ", "sec code ", "security code is ", "secuirty ", "cvv is ", "the 3 on the back: ",
                 "code on back ", "csc ", "v-code ", "sec: "]
TYPO_EXP_CUES = ["exp ", "exp: ", "expires ", "expiery ", "valid thru ", "EXP ", "good thru ", "exp date ", "Expiration: "]


def typed_cvv_cue(brand):
    if brand == "amex":
        return ch(["CID ", "cid on front ", "4 digit code ", "security code (front) ", "the front code is "])
    return ch(TYPO_CVV_CUES)


def cap(s):
    return s[:1].upper() + s[1:] if s else s


# ----------------------------------------------------------------------------------------------
# chat scenarios
# ----------------------------------------------------------------------------------------------
AGENT_HELLO = ["Hi there! How can I help today?", "Hello, thanks for reaching out. What can I do for you?",
               "Good morning! What brings you in today?", "Hey! How can I help?",
               "Thanks for waiting. How may I assist you?"]


def agent_hello_named(ch_, it, agent):
    first = agent.split()[0]
    it.tag("name_agent_greeting")
    ch_.msg("a", tpl(ch(["Hi, I'm {n} and I'll be helping you today.", "Hello! {n} here from {co}, how can I help?",
                         "Thanks for contacting {co}, my name is {n}. What can I do for you?",
                         "Hi there, this is {n}. What's going on?"]), n=S(first, "PERSON_NAME", first, role="agent_greeting"), co=co_typed()))


def chat_open(it, named_agent=None):
    f, l, _ = person()
    af, al, _ = person()
    cust = f + " " + l
    agent = af + " " + al
    c = Chat(it, cust=ch([cust, f]), agent=agent if (named_agent if named_agent is not None else p(0.6)) else None)
    if p(0.6):
        c.system("join")
    if p(0.25):
        c.system("queue")
    if c.agent and p(0.5):
        c.system("agent_join")
    if c.agent and p(0.5):
        agent_hello_named(c, it, c.agent)
    else:
        c.msg("a", ch(AGENT_HELLO))
    return c, f, l


def chat_card_msgs(c, it, brand, card, cid):
    k = wchoice([(1, 3), (2, 4), (3, 2), (4, 2)])
    if brand == "amex" and k == 4:
        k = 3
    if k == 1:
        pre = ch(["", "", "it's ", "card is ", "ok here: ", "my card ", cap(BRAND_WORD[brand]) + " "])
        c.msg("c", pre, card_span(card_typed_any(card, it), card, card, cid, "full"), ch(EMO))
        return
    it.tag("card_split_messages")
    sep = ch([" ", "-", ""])
    for i, (kind, part) in enumerate(split_points(card, k)):
        txt = sep.join(part) if kind == "grouped" else part
        val = "".join(part) if kind == "grouped" else part
        c.msg("c", ch(["", "", ""]) if i else ch(["", "ok ", "number is ", "here "]), card_span(txt, val, card, cid, "part", part=i),
              ch(["", "", "...", " (cont)"]) if i < k - 1 else "")


def chat_pay_split(it):
    c, f, l = chat_open(it)
    brand, card = make_card()
    it.tag(BRAND_TAG[brand])
    cvv, (m, y) = new_cvv(brand), new_exp()
    c.msg("c", ch(["hi i want to pay for my order", "need to pay my invoice", "hey can i pay the balance here?",
                   "i'd like to renew, can I pay in chat", "trying to pay but the website keeps erroring"]))
    if pd(0.4):
        c.msg("c", any_dis(False, ["order", "case", "reference", "price"]))
    c.msg("a", ch(["Sure, I can take that here. What's the card number?", "Of course. Please send the card number when ready.",
                   "No problem, go ahead with the card details.", "Happy to help. Card number please?"]))
    chat_card_msgs(c, it, brand, card, "c1")
    mode = ch(["nocue", "nocue", "cue", "asked", "same"])
    ev = exp_val(m, y)
    if mode == "nocue":
        c.msg("c", S(exp_typed(m, y, it), "CARD_EXPIRY", ev))
        c.msg("c", S(cvv, "CARD_CVV", cvv), ch(EMO))
        it.tag("exp_no_cue", "cvv_no_cue", "cvv_typed_next_message")
    elif mode == "cue":
        c.msg("c", ch(TYPO_EXP_CUES), S(exp_typed(m, y, it), "CARD_EXPIRY", ev))
        c.msg("c", typed_cvv_cue(brand), S(cvv, "CARD_CVV", cvv))
        it.tag("cvv_cue_typed", "cvv_typed_next_message")
    elif mode == "asked":
        c.msg("a", ch(["And the expiry?", "Expiration date please", "Thanks, what's the exp?"]))
        c.msg("c", S(exp_typed(m, y, it), "CARD_EXPIRY", ev))
        c.msg("a", ch(["And the 3 digits on the back?", "Last one, the security code", "CVC?", "And the code on the back"]) if brand != "amex"
              else ch(["And the 4-digit code on the front?", "CID from the front please"]))
        c.msg("c", ch(["", "", "its "]), S(cvv, "CARD_CVV", cvv))
        it.tag("cvv_cue_agent", "cvv_typed_next_message")
    else:
        c.msg("c", S(exp_typed(m, y, it), "CARD_EXPIRY", ev), ch([" ", " / ", ", ", " - "]), S(cvv, "CARD_CVV", cvv))
        it.tag("cvv_no_cue", "exp_cvv_same_message")
    if pd(0.8):
        c.msg("a", tpl(ch(["Thanks! Charging {x} now.", "Got it, {x} has been processed.", "Payment of {x} went through."]),
                       x=D(price_typed(), "price")))
        it.tag("distractor_price_after_card")
    if pd(0.3):
        c.msg("a", any_dis(False, ["case", "order", "url", "reference"]))
    if p(0.4):
        c.msg("a", tpl(ch(["Thanks {n}, anything else?", "You're all set, {n}!", "Have a good one {n}."]),
                       n=S(f, "PERSON_NAME", f, role="signoff")))
        it.tag("name_signoff")
    else:
        c.msg("c", ch(["thx", "thank you!", "great thanks", "ty"]))
    if p(0.4):
        c.system("end")


def terse_payment(it, brand, card, cvv, m, y):
    """One-message card + exp + cvv in a terse style; returns pieces."""
    ev = exp_val(m, y)
    st = ch(["cc", "semicolon", "glued", "slashes", "pipes", "newlines"])
    it.tag("terse_" + st)
    if st == "cc":
        return [ch(["cc ", "card ", "CC# "]), card_span(card_typed_any(card, it), card, card, "c1", "full"), " " + ch(TYPO_EXP_CUES),
                S(exp_typed(m, y, it, ch(["mmyy", "mm/yy"])), "CARD_EXPIRY", ev), " " + typed_cvv_cue(brand), S(cvv, "CARD_CVV", cvv)]
    if st == "semicolon":
        return [ch(["card: ", "Card: ", "num: "]), card_span(card_typed_any(card, it), card, card, "c1", "full"), "; exp: ",
                S(exp_typed(m, y, it), "CARD_EXPIRY", ev), ch(["; sec: ", "; cvv: ", "; code: "]), S(cvv, "CARD_CVV", cvv)]
    if st == "glued":
        it.tag("card_glued_exp_cvv", "cvv_no_cue", "exp_no_cue")
        return [ch(["", cap(BRAND_WORD[brand]) + " ", BRAND_WORD[brand] + " "]), card_span(card_typed_any(card, it, ch(["plain", "spaces"])), card, card, "c1", "full"),
                " ", S(exp_typed(m, y, it, ch(["mmyy", "mm/yy"])), "CARD_EXPIRY", ev), " ", S(cvv, "CARD_CVV", cvv)]
    if st == "slashes":
        it.tag("cvv_no_cue", "exp_no_cue")
        return [card_span(card_typed_any(card, it), card, card, "c1", "full"), " / ", S(exp_typed(m, y, it, "mm-yy"), "CARD_EXPIRY", ev), " / ", S(cvv, "CARD_CVV", cvv)]
    if st == "pipes":
        return [card_span(card_typed_any(card, it), card, card, "c1", "full"), " | exp ", S(exp_typed(m, y, it), "CARD_EXPIRY", ev), " | cvv ", S(cvv, "CARD_CVV", cvv)]
    it.tag("cvv_no_cue", "exp_no_cue")
    return [card_span(card_typed_any(card, it), card, card, "c1", "full"), "\n", S(exp_typed(m, y, it), "CARD_EXPIRY", ev), "\n", S(cvv, "CARD_CVV", cvv)]


def chat_pay_terse(it):
    c, f, l = chat_open(it, named_agent=p(0.4))
    brand, card = make_card()
    it.tag(BRAND_TAG[brand])
    cvv, (m, y) = new_cvv(brand), new_exp()
    c.msg("c", ch(["pay inv", "need to pay", "payment pls", "pay order", "hi paying my balance"]), [" ", any_dis(False, ["order", "case", "price"])] if pd(0.5) else "")
    if p(0.5):
        c.msg("a", ch(["Sure, card details?", "Go ahead", "Ready when you are."]))
    c.msg("c", terse_payment(it, brand, card, cvv, m, y))
    if pd(0.4):
        c.msg("a", tpl("Done, {x} charged.", x=D(price_typed(), "price")))
        it.tag("distractor_price_after_card")
    else:
        c.msg("a", ch(["Processing...", "Thanks, one moment.", "All set."]))


def chat_pay_fix(it):
    c, f, l = chat_open(it)
    brand, card = make_card()
    it.tag(BRAND_TAG[brand])
    cvv, (m, y) = new_cvv(brand), new_exp()
    c.msg("c", ch(["can I pay the deposit here", "i need to update my card on file", "paying for the booking"]))
    c.msg("a", ch(["Sure, what's the card number?", "Please share the card number."]))
    if p(0.55):
        # typo: dropped or swapped digit, then corrected
        if p(0.5):
            pos = R.randrange(4, len(card) - 1)
            wrong = card[:pos] + card[pos + 1:]
        else:
            pos = R.randrange(4, len(card) - 2)
            wrong = card[:pos] + card[pos + 1] + card[pos] + card[pos + 2:]
            if wrong == card:
                wrong = card[:pos] + str((int(card[pos]) + 3) % 10) + card[pos + 1:]
        wt = " ".join(wrong[i:i + 4] for i in range(0, len(wrong), 4))
        c.msg("c", card_span(wt, wrong, card, "c1", "wrong"))
        if p(0.5):
            c.msg("a", ch(["That doesn't look quite right, could you double check?", "Hmm, that card number seems invalid."]))
        c.msg("c", ch(["sorry typo ", "oops ", "my bad, ", "ugh fat fingers "]), card_span(card_typed_any(card, it), card, card, "c1", "full"))
        it.tag("card_correction", "card_typo_fixed")
    else:
        b2, c2 = make_card()
        chat_card_msgs(c, it, brand, card, "c1")
        c.msg("c", S(exp_typed(m, y, it), "CARD_EXPIRY", exp_val(m, y)), " ", typed_cvv_cue(brand), S(cvv, "CARD_CVV", cvv))
        c.msg("a", tpl("That was declined for {x}. Another card?", x=D(price_typed(), "price")))
        c.msg("c", ch(["try this one ", "ok use my " + BRAND_WORD[b2] + " ", ""]), card_span(card_typed_any(c2, it), c2, c2, "c2", "full"))
        brand, cvv, (m, y) = b2, new_cvv(b2), new_exp()
        it.tag("card_two", BRAND_TAG[b2])
    c.msg("c", ch(TYPO_EXP_CUES), S(exp_typed(m, y, it), "CARD_EXPIRY", exp_val(m, y)), ch(["\n", " ", ", "]),
          typed_cvv_cue(brand), S(cvv, "CARD_CVV", cvv))
    it.tag("cvv_cue_typed")
    c.msg("a", ch(["Thank you, processing now.", "Great, that went through."]))


def chat_identity(it):
    c, f, l = chat_open(it)
    c.msg("c", ch(["I can't log in and need to verify my identity", "hi, updating my details after moving",
                   "need to confirm my account so I can get the refund", "they said I need to verify my info"]))
    if p(0.7):
        c.msg("a", ch(["Sure, can I get your full name?", "What's the name on the account?", "Can you confirm your name please?"]))
        nm = f + " " + l if p(0.8) else l + ", " + f
        c.msg("c", ch(["", "it's ", "Name is "]), S(nm, "PERSON_NAME", nm, role="answer"))
        it.tag("name_full", "name_last_first" if "," in nm else None)
    for st in R.sample(["dob", "ssn", "addr", "dis"], k=R.randint(2, 3)):
        if st == "dob":
            y, mo, d = make_dob()
            c.msg("a", ch(["And your date of birth?", "DOB please", "Could you confirm your birthday?"]))
            t, order = dob_typed(y, mo, d, it)
            c.msg("c", ch(["", "", "born "]), S(t, "DATE_OF_BIRTH", dob_val(y, mo, d), order=order))
        elif st == "ssn":
            ssn = make_ssn()
            r = R.random()
            if r < 0.4:
                c.msg("a", "Last 4 of your SSN?")
                c.msg("c", S(ssn[-4:], "SSN", ssn[-4:], last4=True))
                it.tag("ssn_last4_typed")
            elif r < 0.6:
                c.msg("a", ch(["Can you confirm the SSN on file?", "Please enter your SSN as shown on your statement"]))
                c.msg("c", ch(["xxx-xx-", "XXX-XX-", "***-**-"]), S(ssn[-4:], "SSN", ssn[-4:], last4=True, masked=True))
                it.tag("ssn_masked")
            else:
                c.msg("a", ch(["I'll need your social security number to proceed.", "Please provide your SSN."]))
                t = ch(["%s-%s-%s", "%s %s %s", "%s%s%s"]) % (ssn[:3], ssn[3:5], ssn[5:])
                c.msg("c", ch(["", "ok ", "sure "]), S(t, "SSN", ssn))
                it.tag("ssn_full_typed")
        elif st == "addr":
            c.msg("a", ch(["What's the new address?", "Please confirm your mailing address.", "Where should we ship it?"]))
            if p(0.2):
                t, val, town = uk_address(it)
                c.msg("c", S(t, "STREET_ADDRESS", val), ", " + town)
            else:
                t, val, (city, state, z) = make_address(False, it)
                c.msg("c", S(t, "STREET_ADDRESS", val), ", %s, %s " % (city, state), D(z, "zip"))
                if p(0.2):
                    l2 = "Apt %d%s" % (R.randint(1, 30), ch(["", "B", "C"]))
                    c.msg("c", "Address line 2: ", S(l2, "STREET_ADDRESS", l2, part="line2"))
                    it.tag("addr_line2")
        else:
            c.msg(ch(["a", "c"]), any_dis(False)) if p(0.4) else None
    if pd(0.3):
        c.msg("c", wordname_use(False))
    c.msg("a", ch(["Thanks, you're verified.", "All updated!", "Thank you, that matches our records."]))


def chat_contact(it):
    c, f, l = chat_open(it)
    c.msg("c", ch(["I need to change my email and phone", "not getting your texts, can you check my number",
                   "pls update my contact info", "new phone who dis 😂 jk, need to update my number"]))
    for st in R.sample(["phone", "email", "dis"], k=R.randint(2, 3)):
        if st == "phone":
            c.msg("a", ch(["What's the best number?", "Sure, what's the new number?", "Which phone number should we use?"]))
            t, val = phone_typed(it)
            ext = []
            if p(0.25):
                ext = [ch([" ext. ", " x", " ext ", " EXT"]), D(rdigits(R.randint(3, 4), True), "extension")]
                it.tag("phone_with_ext")
            c.msg("c", ch(["", "", "it's ", "new # is ", "cell: "]), S(t, "PHONE_NUMBER", val), ext)
        elif st == "email":
            addr = make_email(f, l)
            c.msg("a", ch(["And the email?", "What email should we use?", "Can you confirm the email address?"]))
            if p(0.45):
                c.msg("c", ch(["", "it's "]), S(email_obfuscated(addr, it), "EMAIL_ADDRESS", addr))
            else:
                c.msg("c", ch(["", "it's ", "use "]), S(addr, "EMAIL_ADDRESS", addr), ch(EMO))
                it.tag("email_typed")
        else:
            c.msg(ch(["a", "c"]), any_dis(False)) if p(0.4) else None
    c.msg("a", ch(["Updated, thanks!", "Done. You'll get a confirmation shortly.", "All set."]))


def chat_bank(it):
    c, f, l = chat_open(it)
    c.msg("c", ch(["I want to pay by bank transfer instead", "can you set up direct debit", "refund to my bank pls",
                   "how do i switch autopay to my checking"]))
    r = R.random()
    if r < 0.4:
        rt, acct = make_routing(), rdigits(R.randint(8, 12), True)
        c.msg("a", "Sure, I'll need the routing and account numbers.")
        if p(0.5):
            c.msg("c", ch(["routing ", "Routing: ", "ABA "]), S(rt, "BANK_ACCOUNT", rt, sub="routing"), ch([" acct ", ", account ", " / account # "]),
                  S(acct, "BANK_ACCOUNT", acct, sub="account"))
        else:
            c.msg("c", S(rt, "BANK_ACCOUNT", rt, sub="routing"))
            c.msg("c", S(acct, "BANK_ACCOUNT", acct, sub="account"))
            it.tag("bank_no_cue")
        it.tag("bank_routing_typed")
        if p(0.5):
            c.msg("c", tpl("check # {x} bounced last month", x=D(str(R.randint(101, 4999)), "check")))
    elif r < 0.75:
        ib = make_iban()
        c.msg("a", ch(["Please send your IBAN.", "What's the IBAN for the refund?"]))
        c.msg("c", ch(["", "IBAN: ", "here you go "]), S(iban_typed(ib, p(0.6)), "BANK_ACCOUNT", ib, sub="iban"))
        it.tag("bank_iban")
    else:
        sc, acct = rdigits(6), rdigits(8)
        c.msg("a", "Can I have the sort code and account number?")
        c.msg("c", ch(["sort code ", "SC "]), S(ch(["%s-%s-%s", "%s %s %s", "%s%s%s"]) % (sc[:2], sc[2:4], sc[4:]), "BANK_ACCOUNT", sc, sub="sort_code"),
              ch([" acc ", ", account ", " a/c "]), S(acct, "BANK_ACCOUNT", acct, sub="account"))
        it.tag("bank_sort_code")
    if pd(0.4):
        c.msg("a", any_dis(False, ["date", "price", "reference"]))
    c.msg("a", ch(["Thanks, that's set up.", "Got it, refund will go out in 3-5 days."]))


def chat_names(it):
    c, f, l = chat_open(it)
    c.msg("c", tpl(ch(["hi this is {n}", "Hello, my name is {n}", "{n} here", "hey it's {n} again"]), n=S(f + " " + l, "PERSON_NAME", f + " " + l, role="self_intro")))
    it.tag("name_self_intro")
    for _ in range(R.randint(1, 3)):
        r = R.random()
        if r < 0.4:
            pf, pl, _ = person()
            n = pf + (" " + pl if p(0.6) else "")
            c.msg("c", tpl(ch(["I'm writing for my {rel} {n}", "can you add {n} as an authorized user", "my {rel}, {n}, placed the order",
                               "{n} (my {rel}) will pick it up", "please cc my {rel} {n}"]), rel=ch(RELS), n=S(n, "PERSON_NAME", n, role="third_party")))
            it.tag("name_third_party")
        elif r < 0.75:
            w = ch(WORDNAMES)
            n = w + (" " + ch(WORD_LASTS) if p(0.5) else "")
            who = ch(["c", "a"])
            c.msg(who, tpl(ch(["{n} from your team helped me last time", "Can I talk to {n} again?", "{n} told me to message you"]
                              if who == "c" else ["I've passed this to {n} in billing", "{n} will follow up tomorrow",
                                                  "I've looped in {n} from our refunds team"]),
                           n=S(n, "PERSON_NAME", n, role="wordname")))
            it.tag("name_wordlike")
            if p(0.7):
                c.msg(ch(["c", "a"]), wordname_use(False))
        else:
            c.msg("c", wordname_use(False))
    if pd(0.4):
        c.msg("a", any_dis(False))
    c.msg("a", ch(["Noted!", "Thanks, I've updated that.", "Done."]))


def chat_support_mixed(it):
    c, f, l = chat_open(it)
    c.msg("c", ch(["my package never showed up", "I was double charged", "the app crashed during checkout",
                   "i need a refund for a damaged item"]))
    for _ in range(R.randint(2, 4)):
        c.msg(ch(["a", "c", "c"]), any_dis(False))
    st = ch(["email", "phone", "addr", "card_last", "name"])
    if st == "email":
        addr = make_email(f, l)
        c.msg("c", ch(["my email is ", "receipt went to ", ""]), S(addr, "EMAIL_ADDRESS", addr))
        it.tag("email_typed")
    elif st == "phone":
        t, val = phone_typed(it)
        c.msg("c", ch(["call me at ", "text ", "my cell "]), S(t, "PHONE_NUMBER", val))
    elif st == "addr":
        t, val, (city, state, z) = make_address(False, it)
        c.msg("c", ch(["ship to ", "it was going to "]), S(t, "STREET_ADDRESS", val), " " + city + " ", D(z, "zip"))
    elif st == "card_last":
        brand, card = make_card()
        it.tag(BRAND_TAG[brand])
        c.msg("c", ch(["charged twice on ", "the card was ", "refund to "]), card_span(card_typed_any(card, it), card, card, "c1", "full"))
    else:
        nm = first_name()
        c.msg("c", tpl(ch(["the driver was {n} i think", "I spoke to {n} yesterday"]), n=S(nm, "PERSON_NAME", nm, role="third_party")))
        it.tag("name_third_party")
    c.msg("a", ch(["I've opened a ticket for you.", "Refund issued.", "Thanks for your patience."]))


def chat_negative(it):
    c = Chat(it, cust=None, agent=None)
    if p(0.6):
        c.system("join")
    c.msg("a", ch(AGENT_HELLO))
    c.msg("c", ch(["where's my order", "why did my bill go up", "I can't reset my password", "is the sale still on",
                   "my code isn't working", "the tracking hasn't updated in days"]))
    for _ in range(R.randint(2, 5)):
        c.msg(ch(["a", "c"]), any_dis(False))
    if pd(0.4):
        c.msg("c", wordname_use(False))
    c.msg("a", ch(["Anything else I can help with?", "Have a great day!", "Closing this chat now."]))
    if p(0.5):
        c.system("end")
    it.tag("negative_only")


# ----------------------------------------------------------------------------------------------
# SMS / text scenarios
# ----------------------------------------------------------------------------------------------
class Sms:
    def __init__(self, it, other=None, header_phone=True):
        self.it = it
        self.header_phone = header_phone
        self.fmt = wchoice([("bare", 4), ("thread", 3), ("export", 2), ("from", 1)])
        it.tag("sms_" + self.fmt)
        self.other = other or ch(["Mom", "Dad", "Sis", "Landlord", "Boss", "Babe", None, None])
        self.other_named = self.other is None
        self.oname = first_name() if self.other is None else self.other
        self.t = R.randint(7 * 60, 23 * 60)
        self.d = "%d/%d/26" % (R.randint(1, 12), R.randint(1, 28))
        self.me = ch(["Me", "You", "me"])
        self.header_done = False

    def _lab(self, who):
        if who == "me":
            return [self.me]
        if self.other_named:
            return [S(self.oname, "PERSON_NAME", self.oname, role="speaker_label")]
        return [self.oname]

    def msg(self, who, *pieces):
        it = self.it
        if self.fmt == "bare":
            it.add(list(pieces), "\n")
            return
        if self.fmt == "from":
            if not self.header_done:
                if who != "me" and self.header_phone and p(0.5):
                    t, v = phone_typed(it, "us")
                    it.add("From: ", S(t, "PHONE_NUMBER", v), "\n")
                else:
                    it.add("From: ", D(str(R.randint(20000, 99999)), "shortcode") if p(0.3) else "Unknown", "\n")
                self.header_done = True
            it.add(list(pieces), "\n")
            return
        if self.fmt == "export":
            self.t += R.randint(0, 6)
            h, m = divmod(self.t % 1440, 60)
            ts = "[%s, %d:%02d %s]" % (self.d, (h - 1) % 12 + 1, m, "AM" if h < 12 else "PM")
            it.add(D(ts, "timestamp"), " ", self._lab(who), ": ", list(pieces), "\n")
            if self.other_named:
                it.tag("name_sms_label")
            return
        it.add(self._lab(who), ": ", list(pieces), "\n")
        if self.other_named and who != "me":
            it.tag("name_sms_label")


def sms_card(it):
    s = Sms(it)
    brand, card = make_card()
    it.tag(BRAND_TAG[brand])
    cvv, (m, y) = new_cvv(brand), new_exp()
    ev = exp_val(m, y)
    if s.fmt in ("thread", "export") and p(0.7):
        s.msg("me", ch(["can u send me the card for the deposit", "what card do u want me to use for the flights",
                        "send the card info i'll book it", "need ur card for the dentist bill"]))
        if p(0.6):
            k = ch([2, 3])
            if k > 1:
                it.tag("card_split_messages")
            for i, (kind, part) in enumerate(split_points(card, k)):
                txt = " ".join(part) if kind == "grouped" else part
                val = "".join(part)
                s.msg("o", card_span(txt, val, card, "c1", "part", part=i))
            s.msg("o", S(exp_typed(m, y, it), "CARD_EXPIRY", ev))
            s.msg("o", S(cvv, "CARD_CVV", cvv), ch(EMO))
            it.tag("cvv_no_cue", "exp_no_cue", "cvv_typed_next_message")
        else:
            s.msg("o", ch(["", "ok ", "here "]), card_span(card_typed_any(card, it), card, card, "c1", "full"), ch(["", " ", "\n"]),
                  ch(TYPO_EXP_CUES), S(exp_typed(m, y, it), "CARD_EXPIRY", ev), ch([" ", "\n"]), typed_cvv_cue(brand), S(cvv, "CARD_CVV", cvv))
            it.tag("cvv_cue_typed")
        if pd(0.5):
            s.msg("me", tpl(ch(["got it, it's {x} total", "ok booked, {x}", "thx paid {x}"]), x=D(price_typed(), "price")))
            it.tag("distractor_price_after_card")
        else:
            s.msg("me", ch(["thx", "👍", "got it ty", "ok done"]))
    else:
        s.msg("o", ch(["hey it's for the deposit: ", "Hi! Card for the order: ", "use this one for the hotel ", "pls charge ",
                       "here's the card u asked for "]), card_span(card_typed_any(card, it), card, card, "c1", "full"),
              ch([" ", ", ", "\n"]), ch(TYPO_EXP_CUES), S(exp_typed(m, y, it), "CARD_EXPIRY", ev), ch([" ", ", ", "\n"]),
              typed_cvv_cue(brand), S(cvv, "CARD_CVV", cvv), ch(EMO))
        it.tag("cvv_cue_typed")
        if pd(0.4):
            s.msg("o", any_dis(False, ["price", "date", "time", "order"]))


def sms_terse(it):
    s = Sms(it)
    brand, card = make_card()
    it.tag(BRAND_TAG[brand])
    cvv, (m, y) = new_cvv(brand), new_exp()
    s.msg("o", terse_payment(it, brand, card, cvv, m, y))
    if pd(0.5):
        s.msg("me", any_dis(False, ["price", "order", "reference"]))


def sms_contact(it):
    s = Sms(it)
    f, l, _ = person()
    r = R.random()
    if r < 0.45:
        t, val = phone_typed(it)
        s.msg("o", ch(["new number is ", "this is my new cell ", "save my work # ", "call me on ", "my number changed to "]),
              S(t, "PHONE_NUMBER", val), ch(EMO))
    elif r < 0.8:
        addr = make_email(f, l)
        if p(0.4):
            s.msg("o", ch(["email me at ", "send the pics to ", "my email: "]), S(email_obfuscated(addr, it), "EMAIL_ADDRESS", addr))
        else:
            s.msg("o", ch(["email me at ", "send the invoice to ", "my email: ", "its "]), S(addr, "EMAIL_ADDRESS", addr), ch(EMO))
            it.tag("email_typed")
    else:
        t, val = phone_typed(it)
        addr = make_email(f, l)
        s.msg("o", tpl(ch(["{n}: {p} / {e}", "it's {n}, reach me at {p} or {e}", "{n}\n{p}\n{e}"]),
                       n=S(f + " " + l, "PERSON_NAME", f + " " + l, role="signature"), p=S(t, "PHONE_NUMBER", val), e=S(addr, "EMAIL_ADDRESS", addr)))
        it.tag("email_typed", "name_signature")
    if pd(0.4):
        s.msg(ch(["me", "o"]), any_dis(False))


def sms_identity(it):
    s = Sms(it)
    r = R.random()
    if r < 0.35:
        y, mo, d = make_dob()
        t, order = dob_typed(y, mo, d, it, uk=p(0.3))
        s.msg("me", ch(["whats ur dob for the form", "need your birthday for the insurance thing", "dob?"]))
        s.msg("o", ch(["", "", "it's "]), S(t, "DATE_OF_BIRTH", dob_val(y, mo, d), order=order))
    elif r < 0.65:
        t, val, (city, state, z) = make_address(False, it)
        s.msg("o", ch(["new address: ", "we moved! ", "ship it to ", "im at "]), S(t, "STREET_ADDRESS", val),
              ch([", %s %s " % (city, state), " %s, %s " % (city, state)]), D(z, "zip"))
    elif r < 0.8:
        t, val, town = uk_address(it)
        s.msg("o", ch(["new address is ", "post it to ", "we're now at "]), S(t, "STREET_ADDRESS", val), ", " + town)
    else:
        ssn = make_ssn()
        s.msg("me", ch(["what's your social for the tax form", "need ur ssn for the W-9"]))
        s.msg("o", S(ch(["%s-%s-%s", "%s %s %s"]) % (ssn[:3], ssn[3:5], ssn[5:]), "SSN", ssn), ch([" delete this after pls", " 🤫", ""]))
        it.tag("ssn_full_typed")
    if pd(0.35):
        s.msg(ch(["me", "o"]), any_dis(False))


def sms_bank(it):
    s = Sms(it)
    if p(0.5):
        rt, acct = make_routing(), rdigits(R.randint(8, 12), True)
        s.msg("o", ch(["for the rent transfer: ", "direct deposit info: ", "here's my bank info "]),
              ch(["routing ", "rtn ", "ABA "]), S(rt, "BANK_ACCOUNT", rt, sub="routing"), ch([" acct ", " account ", " / "]), S(acct, "BANK_ACCOUNT", acct, sub="account"))
        it.tag("bank_routing_typed")
    elif p(0.5):
        ib = make_iban()
        s.msg("o", ch(["IBAN for the deposit ", "pay me back here pls ", "my iban: "]), S(iban_typed(ib, p(0.5)), "BANK_ACCOUNT", ib, sub="iban"))
        it.tag("bank_iban")
    else:
        sc, acct = rdigits(6), rdigits(8)
        s.msg("o", "sort code ", S("%s-%s-%s" % (sc[:2], sc[2:4], sc[4:]), "BANK_ACCOUNT", sc, sub="sort_code"), " acc ", S(acct, "BANK_ACCOUNT", acct, sub="account"))
        it.tag("bank_sort_code")
    if pd(0.5):
        s.msg("me", tpl(ch(["sent {x}", "transferred {x} just now", "ok sending {x} tonight"]), x=D(price_typed(), "price")))


def sms_names(it):
    s = Sms(it)
    for _ in range(R.randint(1, 3)):
        r = R.random()
        if r < 0.35:
            f, l, _ = person()
            n = f + (" " + l if p(0.6) else "")
            s.msg(ch(["me", "o"]), tpl(ch(["{n} is picking up the kids today", "did {n} call you back?", "tell {n} I said thanks",
                                           "dinner w/ {n} at 7?", "{n} says hi"]), n=S(n, "PERSON_NAME", n, role="third_party")))
            it.tag("name_third_party")
        elif r < 0.7:
            w = ch(WORDNAMES)
            n = w + (" " + ch(WORD_LASTS) if p(0.4) else "")
            s.msg(ch(["me", "o"]), tpl(ch(["{n} is coming too", "ask {n} about the keys", "{n} got the job!!"]), n=S(n, "PERSON_NAME", n, role="wordname")))
            it.tag("name_wordlike")
            if p(0.7):
                s.msg(ch(["me", "o"]), wordname_use(False))
        else:
            s.msg(ch(["me", "o"]), wordname_use(False))
    if p(0.5):
        f, l, _ = person()
        s.msg("o", ch(["- ", "xx ", "thanks, ", "— "]), S(f, "PERSON_NAME", f, role="signoff"))
        it.tag("name_signoff")
    if pd(0.3):
        s.msg(ch(["me", "o"]), any_dis(False))


def sms_mixed(it):
    s = Sms(it)
    for _ in range(R.randint(1, 3)):
        s.msg(ch(["me", "o"]), any_dis(False))
    r = R.random()
    if r < 0.4:
        brand, card = make_card()
        it.tag(BRAND_TAG[brand])
        s.msg("o", ch(["use my card ", "put it on ", "card "]), card_span(card_typed_any(card, it), card, card, "c1", "full"))
        if p(0.6):
            cvv = new_cvv(brand)
            s.msg("o", typed_cvv_cue(brand) if p(0.5) else "", S(cvv, "CARD_CVV", cvv))
            it.tag("cvv_typed_next_message")
    elif r < 0.7:
        t, val = phone_typed(it)
        s.msg("o", ch(["call the plumber at ", "vet's number ", "his cell is "]), S(t, "PHONE_NUMBER", val))
    else:
        f, l, _ = person()
        addr = make_email(f, l)
        s.msg("o", "send it to ", S(addr, "EMAIL_ADDRESS", addr))
        it.tag("email_typed")


PLATFORM_SMS = [
    "Your {co} verification code is {otp}. It expires in 10 minutes.",
    "{co}: {otp} is your login code. Don't share it with anyone.",
    "Your order {ord} has shipped! Track it at {url}",
    "Reminder: your appointment is on {date} at {time}. Reply C to confirm.",
    "{co}: payment of {price} received. Ref {ref}.",
    "Your package with tracking {trk} will arrive {date}.",
    "{co} alert: a sign-in from {ip} was blocked.",
    "Your bill of {price} is due {date}. Pay at {url}",
    "{co}: your rate will change by {pct} starting {date}.",
]


def sms_negative(it):
    if p(0.35):
        s = Sms(it, other=ch(["Mom", "Dad", "Boss", "Landlord", "Sis", "Coach"]), header_phone=False)
        for _ in range(R.randint(2, 4)):
            s.msg(ch(["me", "o"]), any_dis(False))
        if p(0.5):
            s.msg(ch(["me", "o"]), wordname_use(False))
        it.tag("negative_only", "sms_personal")
        return
    it.tag("sms_platform")
    lines = R.sample(PLATFORM_SMS, k=R.randint(1, 2))
    for ln in lines:
        it.add(tpl(ln, co=co_typed(), otp=D(rdigits(6, True), "otp"), ord=D("#" + rdigits(8, True), "order"),
                   url=D(ch(["https://trk.example.com/p/%s" % rdigits(10, True), "https://pay.example.com/b/%s" % rdigits(7, True),
                             "http://exmpl.co/%s" % luhn_fail(16)]), "url"),
                   date=D(ch(["%s %d" % (MON_ABBR[R.randint(0, 11)], R.randint(1, 28)), "%d/%d" % (R.randint(1, 12), R.randint(1, 28))]), "date"),
                   time=D(time_typed(), "time"), price=D(price_typed(), "price"), ref=(D(luhn_fail(16), "ref16") if p(0.5) else D(rdigits(9, True), "reference")),
                   trk=D("1Z" + "".join(ch("0123456789ABCDEFX") for _ in range(16)), "tracking"), ip=D("203.0.113.%d" % R.randint(2, 250), "ip"),
                   pct=D("%d%%" % R.randint(2, 15), "percent")), "\n")
    if p(0.4):
        it.add(wordname_use(False), "\n")
    it.tag("negative_only")


# ----------------------------------------------------------------------------------------------
# forms
# ----------------------------------------------------------------------------------------------
class Leaf:
    def __init__(self, pieces, quoted=True):
        self.pieces = pieces if isinstance(pieces, list) else [pieces]
        self.quoted = quoted


PERSON_KEYS = ["cardholder_name", "policy_holder", "emergency_contact", "authorized_signer", "recipient", "beneficiary",
               "parent_guardian", "referring_physician", "tenant", "co_applicant", "insured", "next_of_kin", "account_owner",
               "guarantor", "bill_to", "ship_to_name", "prepared_by", "witness", "patient", "primary_driver", "applicant",
               "contact_person", "requested_by", "name_on_card"]
NONPERSON = {
    "company": lambda: ch(COMPANIES + WORD_COMPANIES),
    "product": lambda: ch(["Rose Gold Phone Case", "Hunter Rain Boot", "Summer Breeze Fan", "Mark IV Tripod", "Jack Stand 3T",
                           "Aurora Desk Lamp", "Dawn Dish Soap 2pk", "Willow Crib Sheet"]),
    "city": lambda: ch(CITIES)[0],
    "source": lambda: ch(["Google Ads", "referral", "Instagram", "walk-in", "Hope FM radio ad", "newsletter"]),
    "plan_name": lambda: ch(["Summer Saver 25", "Family Plus", "Grace Period Plus", "Basic 12", "Unlimited Hunter"]),
    "pet_name": lambda: ch(["Biscuit", "Jack", "Mochi", "Rose", "Pepper", "Hunter"]),
    "username": lambda: ch(["grace_h87", "kwabena.m", "nightowl42", "dawnpatrol", "willow_tree", "markdown_fan"]),
    "store": lambda: "Store #%d" % R.randint(100, 9999),
    "department": lambda: ch(["Billing", "Radiology", "Claims", "Leasing Office"]),
    "campaign": lambda: ch(["SPRING26", "Summer Sale", "Chase the Sun 2026"]),
    "vendor": lambda: ch(COMPANIES + WORD_COMPANIES),
    "file_name": lambda: ch(["scan_0042.pdf", "lease_final_v3.docx", "IMG_20260304_1042.jpg"]),
}
NOTES = ["leave at back door", "call before delivery", "gate code is on file", "will pay the rest next month",
         "customer prefers email", "fragile, handle with care", "rush order", "see attached"]


def keyname(k, style):
    parts = k.split("_")
    if style == "snake":
        return k
    if style == "camel":
        return parts[0] + "".join(x.capitalize() for x in parts[1:])
    if style == "title":
        return " ".join(parts).capitalize()
    if style == "upper":
        return k.upper()
    return "-".join(parts)


def name_value(it, allow_lastfirst=True):
    f, l, cul = person()
    r = R.random()
    if r < 0.12 and allow_lastfirst:
        t = l + ", " + f
        it.tag("name_last_first")
    elif r < 0.22:
        t = f + " " + ch("ABCDEFGHJKLMNPRSTW") + ". " + l
        it.tag("name_middle_initial")
    elif r < 0.3:
        w = ch(WORDNAMES)
        t = w + " " + ch(WORD_LASTS)
        it.tag("name_wordlike")
    else:
        t = f + " " + l
    return t, f, l


class Blocks:
    """Form fields in groups that stay together (card fields, address lines...); keys never repeat."""

    def __init__(self):
        self.b = []
        self.keys = set()

    def new(self):
        self.b.append([])

    def append(self, e):
        if e[0] in self.keys:
            return
        self.keys.add(e[0])
        self.b[-1].append(e)

    def extend(self, es):
        for e in es:
            self.append(e)


def form_fields(it, purpose):
    """Returns (entries, has_card)."""
    E = Blocks()
    has_card = False
    pk = R.sample(PERSON_KEYS, k=R.randint(1, 3))
    if purpose in ("checkout", "donation", "booking") and "cardholder_name" not in pk and "name_on_card" not in pk:
        pk[0] = ch(["cardholder_name", "name_on_card"])
    for k in pk:
        E.new()
        t, f, l = name_value(it)
        if k == "referring_physician" and p(0.6):
            E.append((k, Leaf([ch(["Dr. ", "Dr ", "Doctor "]), S(t, "PERSON_NAME", t, role="form_value")])))
            it.tag("name_with_title")
        elif p(0.15) and "," not in t and "." not in t:
            parts = t.split(" ")
            E.append((k, [("first_name", Leaf(S(parts[0], "PERSON_NAME", parts[0], role="form_value"))),
                          ("last_name", Leaf(S(" ".join(parts[1:]), "PERSON_NAME", " ".join(parts[1:]), role="form_value")))]))
            it.tag("name_split_fields")
        else:
            E.append((k, Leaf(S(t, "PERSON_NAME", t, role="form_value"))))
        it.tag("name_form_label", "form_key_" + k)
    if purpose in ("checkout", "donation", "booking") or p(0.15):
        has_card = True
        brand, card = make_card()
        it.tag(BRAND_TAG[brand])
        cvv, (m, y) = new_cvv(brand), new_exp()
        ev = exp_val(m, y)
        E.new()
        sub = []
        sub.append((ch(["card_number", "number", "pan", "cc_number", "card_no"]), Leaf(card_span(card_typed_any(card, it), card, card, "c1", "full"))))
        if p(0.4):
            sub.append((ch(["exp_month", "expiry_month", "month"]), Leaf(S("%02d" % m if p(0.7) else str(m), "CARD_EXPIRY", ev, part="month"))))
            sub.append((ch(["exp_year", "expiry_year", "year"]), Leaf(S("20%02d" % y if p(0.6) else "%02d" % y, "CARD_EXPIRY", ev, part="year"))))
            it.tag("exp_form_split_fields")
        else:
            sub.append((ch(["exp", "expiry", "exp_date", "expiration", "valid_thru"]), Leaf(S(exp_typed(m, y, it), "CARD_EXPIRY", ev))))
        ck = ch(["cvv", "cvc", "security_code", "csc", "card_code", "cvv2"]) if brand != "amex" else ch(["cid", "cvv", "security_code", "four_digit_code"])
        sub.append((ck, Leaf(S(cvv, "CARD_CVV", cvv), quoted=cvv[0] == "0" or p(0.6))))
        it.tag("cvv_form_field")
        if p(0.5):
            E.append((ch(["payment", "card", "billing"]), sub))
            it.tag("form_nested_card")
        else:
            E.extend(sub)
        E.new()
        if pd(0.6):
            E.append((ch(["amount", "total", "donation_amount"]), Leaf(D(price_typed(), "price"))))
    if purpose in ("rental", "insurance", "intake", "enrollment", "loan") or p(0.3):
        E.new()
        if p(0.7):
            y, mo, d = make_dob()
            t, order = dob_typed(y, mo, d, it)
            E.append((ch(["dob", "date_of_birth", "birth_date", "birthdate"]), Leaf(S(t, "DATE_OF_BIRTH", dob_val(y, mo, d), order=order))))
        E.new()
        if p(0.5):
            ssn = make_ssn()
            if p(0.4):
                E.append((ch(["ssn_last4", "ssn_last_four", "last4_ssn"]), Leaf(S(ssn[-4:], "SSN", ssn[-4:], last4=True))))
                it.tag("ssn_last4_form")
            else:
                t = ch(["%s-%s-%s", "%s%s%s", "%s %s %s"]) % (ssn[:3], ssn[3:5], ssn[5:])
                E.append((ch(["ssn", "social_security_number", "tax_id"]), Leaf(S(t, "SSN", ssn))))
                it.tag("ssn_full_form")
    E.new()
    if p(0.6):
        t, val = phone_typed(it)
        E.append((ch(["phone", "mobile", "cell", "work_phone", "contact_number", "tel"]), Leaf(S(t, "PHONE_NUMBER", val))))
        if p(0.25):
            E.append((ch(["ext", "extension", "phone_ext"]), Leaf(D(rdigits(R.randint(2, 4), True), "extension"))))
    E.new()
    if p(0.55):
        f, l, _ = person()
        addr = make_email(f, l)
        E.append((ch(["email", "email_address", "contact_email", "e_mail"]), Leaf(S(addr, "EMAIL_ADDRESS", addr))))
        it.tag("email_typed")
    E.new()
    if p(0.5) or purpose in ("rental", "checkout"):
        t, val, (city, state, z) = make_address(False, it)
        if "," in t and p(0.6):
            line1, line2 = t.split(", ", 1)
            v1, v2 = val.split(", ", 1)
            line1, v1 = line1.rstrip("."), v1.rstrip(".")
            E.append((ch(["address1", "address_line_1", "street"]), Leaf(S(line1, "STREET_ADDRESS", v1))))
            E.append((ch(["address2", "address_line_2", "unit"]), Leaf(S(line2, "STREET_ADDRESS", v2, part="line2"))))
            it.tag("addr_line2")
        else:
            E.append((ch(["address", "street_address", "address1", "billing_address"]), Leaf(S(t, "STREET_ADDRESS", val))))
        E.append(("city", Leaf(D(city, "city"))))
        E.append(("state", Leaf(state)))
        E.append((ch(["zip", "zip_code", "postal_code"]), Leaf(D(z, "zip"), quoted=z[0] == "0" or p(0.7))))
    E.new()
    if purpose in ("payroll", "loan") or p(0.12):
        r = R.random()
        if r < 0.55:
            rt, acct = make_routing(), rdigits(R.randint(8, 12), True)
            E.append((ch(["routing_number", "aba", "routing"]), Leaf(S(rt, "BANK_ACCOUNT", rt, sub="routing"))))
            E.append((ch(["account_number", "acct_no", "checking_account"]), Leaf(S(acct, "BANK_ACCOUNT", acct, sub="account"))))
            it.tag("bank_routing_form")
        elif r < 0.8:
            ib = make_iban()
            E.append(("iban", Leaf(S(iban_typed(ib, p(0.4)), "BANK_ACCOUNT", ib, sub="iban"))))
            it.tag("bank_iban")
        else:
            sc, acct = rdigits(6), rdigits(8)
            E.append(("sort_code", Leaf(S("%s-%s-%s" % (sc[:2], sc[2:4], sc[4:]), "BANK_ACCOUNT", sc, sub="sort_code"))))
            E.append(("account_number", Leaf(S(acct, "BANK_ACCOUNT", acct, sub="account"))))
            it.tag("bank_sort_code")
    # non-person labels and other distractors
    for k in R.sample(sorted(NONPERSON), k=R.randint(0, 3)):
        E.new()
        E.append((k, Leaf(D(NONPERSON[k](), "nonperson_label"))))
        it.tag("form_nonperson_" + k)
    E.new()
    if pd(0.4):
        E.append((ch(["notes", "comments", "special_instructions"]), Leaf([ch(NOTES)] + ([", ", D(time_typed(), "time")] if pd(0.4) else []))))
    E.new()
    if p(0.45):
        E.append((ch(["submitted_at", "created", "timestamp"]), Leaf(D("2026-%02d-%02dT%02d:%02d:%02dZ" % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)), "timestamp"))))
    E.new()
    if pd(0.3):
        ref = ch([rdigits(8, True), "INV-" + rdigits(6, True), luhn_fail(16)])
        E.append((ch(["order_id", "reference", "invoice_no", "confirmation"]), Leaf(D(ref, "ref16" if len(ref) == 16 else "order"))))
    E.new()
    if pd(0.15):
        E.append((ch(["ip", "client_ip"]), Leaf(D("198.51.100.%d" % R.randint(2, 250), "ip"))))
    E.new()
    if pd(0.15):
        E.append(("appointment_date", Leaf(D("2026-%02d-%02d" % (R.randint(1, 12), R.randint(1, 28)), "date"))))
    blocks = [b for b in E.b if b]
    head = [b for b in blocks if b[0][0] in PERSON_KEYS]
    rest = [b for b in blocks if b[0][0] not in PERSON_KEYS]
    R.shuffle(rest)
    return [e for b in head + rest for e in b], has_card


def render_json(entries, ks, pretty, level=0):
    out = ["{"]
    ind = "  " * (level + 1) if pretty else ""
    for i, (k, v) in enumerate(entries):
        if i:
            out.append(",")
        if pretty:
            out.append("\n" + ind)
        elif i:
            out.append(" ")
        out.append('"')
        out.append(keyname(k, ks) if isinstance(k, str) else k)
        out.append('": ')
        if isinstance(v, list):
            out.extend(render_json(v, ks, pretty, level + 1))
        else:
            if v.quoted:
                out.append('"')
            out.extend(v.pieces)
            if v.quoted:
                out.append('"')
    if pretty:
        out.append("\n" + "  " * level)
    out.append("}")
    return out


def render_yaml(entries, ks, level=0):
    out = []
    for k, v in entries:
        out.append("  " * level + keyname(k, ks) + ":")
        if isinstance(v, list):
            out.append("\n")
            out.extend(render_yaml(v, ks, level + 1))
        else:
            out.append(" ")
            if v.quoted and p(0.2):
                out.extend(['"'] + v.pieces + ['"'])
            else:
                out.extend(v.pieces)
            out.append("\n")
    return out


def flatten(entries, prefix=""):
    out = []
    for k, v in entries:
        if isinstance(v, list):
            out.extend(flatten(v, prefix + k + "."))
        else:
            out.append((prefix + k, v))
    return out


def render_kv(entries, ks):
    sep = ch(["=", ": ", " = ", ":"])
    joiner = ch(["\n", "\n", "; ", " | "])
    out = []
    for i, (k, v) in enumerate(flatten(entries)):
        if i:
            out.append(joiner)
        out.append(".".join(keyname(x, ks) for x in k.split(".")) + sep)
        out.extend(v.pieces)
    out.append("\n")
    return out


def render_html(entries, ks):
    style = ch(["inputs", "table", "dl", "spans"])
    flat = flatten(entries)
    out = []
    if style == "inputs":
        out.append('<form id="%s" method="post">\n' % ch(["checkout", "intake", "apply", "f1"]))
        for k, v in flat:
            nm = k.replace(".", "_")
            if p(0.4):
                out.append('  <label for="%s">%s</label>\n' % (nm, keyname(nm, "title")))
            out.append('  <input type="text" name="%s" value="' % keyname(nm, ks))
            out.extend(v.pieces)
            out.append('">\n')
        out.append("</form>\n")
    elif style == "table":
        out.append("<table>\n")
        for k, v in flat:
            out.append("<tr><th>%s</th><td>" % keyname(k.split(".")[-1], "title"))
            out.extend(v.pieces)
            out.append("</td></tr>\n")
        out.append("</table>\n")
    elif style == "dl":
        out.append("<dl>")
        for k, v in flat:
            out.append("<dt>%s</dt><dd>" % keyname(k.split(".")[-1], "title"))
            out.extend(v.pieces)
            out.append("</dd>")
        out.append("</dl>\n")
    else:
        for k, v in flat:
            out.append('<div class="field"><span class="label">%s:</span> <span class="value">' % keyname(k.split(".")[-1], "title"))
            out.extend(v.pieces)
            out.append("</span></div>\n")
    it_tag = "html_" + style
    return out, it_tag


def form_item(it, fmt=None):
    fmt = fmt or ch(["json_flat", "json_nested", "kv", "yaml", "html"])
    purpose = wchoice([("checkout", 5), ("booking", 2), ("donation", 1), ("rental", 2), ("insurance", 2), ("intake", 2),
                       ("enrollment", 1), ("loan", 1), ("payroll", 1), ("contact", 1)])
    it.tag("form_" + fmt, "purpose_" + purpose)
    entries, _ = form_fields(it, purpose)
    ks = ch(["snake", "snake", "camel", "title", "upper", "kebab"]) if fmt != "html" else ch(["snake", "camel"])
    if fmt == "json_flat":
        entries = [(k if "." not in k else k, v) for k, v in flatten(entries)]
        entries = [(k.replace(".", "_"), v) for k, v in entries]
        it.add(render_json(entries, ks, pretty=p(0.6)), "\n")
    elif fmt == "json_nested":
        if p(0.5):
            # group people under one object and contact details under another
            people = [e for e in entries if e[0] in PERSON_KEYS]
            others = [e for e in entries if e[0] not in PERSON_KEYS]
            entries = [(ch(["parties", "people", "contacts", "applicant_info"]), people)] + others if people else others
        if p(0.2):
            f, l, _ = person()
            nm = f + " " + l
            entries.append((ch(["authorized_users", "household"]), [(S(nm, "PERSON_NAME", nm, role="json_key"), Leaf(ch(["spouse", "child", "roommate", "parent"])))]))
            it.tag("name_json_key")
        it.add(render_json(entries, ks, pretty=p(0.8)), "\n")
    elif fmt == "kv":
        it.add(render_kv(entries, ks))
    elif fmt == "yaml":
        if p(0.3):
            it.add("---\n")
        it.add(render_yaml(entries, ks))
    else:
        pcs, t = render_html(entries, ks)
        it.add(pcs)
        it.tag(t)


CSV_COLS = [
    ("name", "person"), ("tenant", "person"), ("beneficiary", "person"), ("emergency_contact", "person"), ("recipient", "person"),
    ("co_applicant", "person"), ("card_number", "card"), ("exp", "exp"), ("cvv", "cvv"), ("email", "email"), ("phone", "phone"),
    ("dob", "dob"), ("address", "addr"), ("city", "city"), ("zip", "zip"), ("company", "company"), ("amount", "price"),
    ("order_id", "order"), ("product", "product"), ("source", "source"), ("ssn_last4", "ssn4"), ("notes", "notes")]


def csv_item(it):
    it.tag("form_csv")
    cols = []
    need = ch([["card", "exp", "cvv"], ["card", "cvv"], ["email", "phone"], ["dob", "addr"], ["card", "exp", "cvv", "addr"], ["phone", "ssn4"]])
    pool = [c for c in CSV_COLS if c[1] not in need and c[1] not in ("card", "exp", "cvv")]
    cols = [c for c in CSV_COLS if c[1] in need and c[0] != "name"]
    person_cols = [c for c in CSV_COLS if c[1] == "person"]
    cols = [ch(person_cols)] + cols + R.sample([c for c in pool if c[1] != "person"], k=R.randint(1, 3))
    seen = set()
    cols = [c for c in cols if not (c[1] in seen or seen.add(c[1]))]
    delim = ch([",", ",", ";", "\t", "|"])
    it.add(delim.join(c[0] for c in cols), "\n")
    for ri in range(R.randint(1, 3)):
        brand, card = make_card()
        cvv, (m, y) = new_cvv(brand), new_exp()
        row = []
        for name, kind in cols:
            if kind == "person":
                t, f, l = name_value(it, allow_lastfirst=delim != ",")
                v = [S(t, "PERSON_NAME", t, role="form_value")]
                it.tag("name_form_label", "form_key_" + name)
            elif kind == "card":
                v = [card_span(card_typed_any(card, it, ch(["plain", "spaces", "dashes"])), card, card, "r%d" % ri, "full")]
                it.tag(BRAND_TAG[brand])
            elif kind == "exp":
                v = [S(exp_typed(m, y, it, ch(["mm/yy", "mmyy", "mm/yyyy"])), "CARD_EXPIRY", exp_val(m, y))]
            elif kind == "cvv":
                v = [S(cvv, "CARD_CVV", cvv)]
                it.tag("cvv_form_field")
            elif kind == "email":
                f, l, _ = person()
                a = make_email(f, l)
                v = [S(a, "EMAIL_ADDRESS", a)]
            elif kind == "phone":
                t, val = phone_typed(it, "us")
                v = [S(t, "PHONE_NUMBER", val)]
            elif kind == "dob":
                yy, mo, d = make_dob()
                t, order = dob_typed(yy, mo, d, it)
                v = [S(t, "DATE_OF_BIRTH", dob_val(yy, mo, d), order=order)]
            elif kind == "addr":
                t, val, _c = make_address(False, it)
                v = [S(t, "STREET_ADDRESS", val)]
            elif kind == "ssn4":
                s4 = make_ssn()[-4:]
                v = [S(s4, "SSN", s4, last4=True)]
            elif kind == "city":
                v = [D(ch(CITIES)[0], "city")]
            elif kind == "zip":
                v = [D(ch(CITIES)[2], "zip")]
            elif kind == "company":
                v = [D(ch(COMPANIES + WORD_COMPANIES), "nonperson_label")]
            elif kind == "price":
                v = [D(price_typed(), "price")]
            elif kind == "order":
                v = [D(rdigits(8, True), "order")]
            elif kind == "product":
                v = [D(NONPERSON["product"](), "nonperson_label")]
            elif kind == "source":
                v = [D(NONPERSON["source"](), "nonperson_label")]
            else:
                v = [ch(NOTES)]
            txt = "".join(x if isinstance(x, str) else x.text for x in v)
            if delim in txt or (delim == "," and "," in txt):
                v = ['"'] + v + ['"']
            row.append(v)
        for i, v in enumerate(row):
            if i:
                it.add(delim)
            it.add(v)
        it.add("\n")


def form_negative(it):
    it.tag("negative_only")
    fmt = ch(["json_flat", "kv", "yaml", "html"])
    it.tag("form_" + fmt)
    E = []
    for k in R.sample(sorted(NONPERSON), k=R.randint(2, 4)):
        E.append((k, Leaf(D(NONPERSON[k](), "nonperson_label"))))
    E.append((ch(["order_id", "invoice", "ticket"]), Leaf(D(rdigits(8, True), "order"))))
    if p(0.6):
        E.append(("amount", Leaf(D(price_typed(), "price"))))
    if p(0.5):
        E.append((ch(["reference", "txn_ref"]), Leaf(D(card_typed(luhn_fail(16), ch(["", " ", "-"])), "ref16"))))
    if p(0.5):
        E.append(("submitted_at", Leaf(D("2026-%02d-%02d %02d:%02d" % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59)), "timestamp"))))
    if p(0.4):
        E.append(("zip", Leaf(D(ch(CITIES)[2], "zip"))))
    if p(0.4):
        E.append(("ip_address", Leaf(D("192.0.2.%d" % R.randint(2, 250), "ip"))))
    if p(0.4):
        E.append(("sku", Leaf(D("%s-%s" % (rdigits(4, True), rdigits(3)), "sku"))))
    if p(0.3):
        E.append(("quantity", Leaf(D(str(R.randint(1, 40)), "quantity"), quoted=False)))
    R.shuffle(E)
    ks = ch(["snake", "camel", "title"])
    if fmt == "json_flat":
        it.add(render_json(E, ks, pretty=p(0.5)), "\n")
    elif fmt == "kv":
        it.add(render_kv(E, ks))
    elif fmt == "yaml":
        it.add(render_yaml(E, ks))
    else:
        pcs, t = render_html(E, "snake")
        it.add(pcs)
        it.tag(t)


# ----------------------------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------------------------
PLAN = [
    # (kind, scenario, count)
    ("call", call_pay_groups, 48), ("call", call_pay_oneshot, 30), ("call", call_pay_correction, 15),
    ("call", call_pay_volunteered, 12), ("call", call_two_cards, 11), ("call", call_ivr, 18),
    ("call", call_identity, 28), ("call", call_contact, 22), ("call", call_bank, 13), ("call", call_names, 11),
    ("call", call_negative, 20),
    ("chat", chat_pay_split, 32), ("chat", chat_pay_terse, 16), ("chat", chat_pay_fix, 12), ("chat", chat_identity, 19),
    ("chat", chat_contact, 18), ("chat", chat_bank, 11), ("chat", chat_names, 13), ("chat", chat_support_mixed, 23),
    ("chat", chat_negative, 18),
    ("text", sms_card, 28), ("text", sms_terse, 12), ("text", sms_contact, 18), ("text", sms_identity, 16),
    ("text", sms_bank, 8), ("text", sms_names, 13), ("text", sms_mixed, 19), ("text", sms_negative, 16),
    ("form", lambda it: form_item(it, "json_flat"), 24), ("form", lambda it: form_item(it, "json_nested"), 20),
    ("form", lambda it: form_item(it, "kv"), 18), ("form", lambda it: form_item(it, "yaml"), 17),
    ("form", lambda it: form_item(it, "html"), 17), ("form", csv_item, 20), ("form", form_negative, 14),
]


def build(kind, fn):
    it = Item(kind)
    fn(it)
    text = it.text
    if it.dis:
        it.tags.add("has_distractor")
    if not it.spans:
        it.tags.add("no_spans")
    return it, text


def main():
    slots = []
    for kind, fn, n in PLAN:
        slots += [(kind, fn)] * n
    assert len(slots) == N_ITEMS, len(slots)
    R.shuffle(slots)
    rows, vals = [], []
    for i, (kind, fn) in enumerate(slots):
        it, text = build(kind, fn)
        iid = "blind2-%04d" % i
        spans = [{"start": s["start"], "end": s["end"], "type": s["type"]} for s in it.spans]
        rows.append({"id": iid, "kind": kind, "text": text, "spans": spans, "tags": sorted(it.tags)})
        vals.append({"id": iid, "spans": it.spans, "distractors": it.dis})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(VALUES, "w", encoding="utf-8") as f:
        for v in vals:
            f.write(json.dumps(v, ensure_ascii=False) + "\n")
    print("wrote %d items to %s and %s" % (len(rows), os.path.relpath(OUT, ROOT), os.path.relpath(VALUES, ROOT)))


if __name__ == "__main__":
    main()
