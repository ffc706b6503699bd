#!/usr/bin/env python3
"""Generate the blind3 evaluation set for Muffle (stdlib only, deterministic).

    python3 scripts/probes/blind3/make_blind3.py

Writes jobs/tests/data/blind3.jsonl (gold: id, kind, text, spans, tags) and
jobs/tests/data/blind3.values.jsonl (sidecar: intended value and role of every
span, distractors and neutral bits with offsets).  See README.md next to this file.
"""
import json
import os
import random
import re
import string
import unicodedata
import urllib.parse

SEED = 0xB1D3
N_ITEMS = 700
KIND_COUNTS = {"call": 245, "chat": 175, "text": 140, "form": 140}
NO_PII_COUNTS = {"call": 36, "chat": 26, "text": 22, "form": 21}

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.join(ROOT, "jobs", "tests", "data")
OUT = os.path.join(DATA, "blind3.jsonl")
SIDE = os.path.join(DATA, "blind3.values.jsonl")

R = random.Random(SEED)


def pick(seq):
    return R.choice(seq)


def chance(p):
    return R.random() < p


def wpick(pairs):
    items, weights = zip(*pairs)
    return R.choices(items, weights)[0]


# ----------------------------------------------------------------------------
# Own word lists
# ----------------------------------------------------------------------------
FIRST = """Adaeze Chinedu Oluwaseun Kwame Abena Yaw Efua Babatunde Ngozi Folake Kofi Amara Emeka Ifeoma
Babajide Wanjiru Otieno Achieng Baraka Nyokabi Tesfaye Meseret Abebe Thandiwe Sipho Lerato Bongani Nomvula
Priya Rajesh Ananya Vikram Harpreet Sanjay Deepika Arjun Meenakshi Farhan Nusrat Tahmina Kavitha Rohan
Ishaan Lakshmi Tanvir Anjali Gurpreet Wei Mei-Ling Hiroshi Yuki Haruto Jisoo Min-jun Seo-yeon Xiaoming
Ling Takumi Sakura Thanh Linh Nguyet Somchai Siriporn Rizal Dewi Maricel Jomar Alejandra Joaquín Guadalupe
Mateo Valentina Rodrigo Ximena Santiago Camila Itzel Esteban Marisol Renata Julián Omar Layla Yousef
Fatima Karim Noor Hamza Rania Tariq Samira Khalid Mariam Katarzyna Dmitri Oksana Bogdan Milena Radoslav
Svetlana Tomasz Zofia Ivana Miroslav Agnieszka Sigrid Bjørn Astrid Leif Ingrid Søren Freja Eero Aino
Halvard Margaret Colin Bethany Declan Siobhan Gareth Nigel Tamsin Hollis Dwayne Shaniqua Tyrone Brooke
Wyatt Kayleigh Duncan Fiona Rhys Ayşe Emre Giorgos Eleni Luca Chiara Aurélie Matthias Anouk Jens Keanu
Aroha Tama Koa Zoë Łukasz Nkechi Chidi Adwoa Moses Precious Blessing Kojo Folasade Dong-hyun Yerlan
Aigerim Bakhyt Nazira Parisa Dariush Shirin Arash Mehmet Elif Hyacinth Clementine Ezekiel Delphine""".split()

LAST = """Okonkwo Adeyemi Mensah Boateng Nwosu Eze Oyelaran Kamau Odhiambo Wanjala Tadesse Girma Dlamini
Nkosi Mokoena Khumalo Patel Raghunathan Iyer Chaudhry Siddiqui Banerjee Gill Sandhu Venkatesh Rahman
Hossain Chen Zhou Tanaka Watanabe Kobayashi Park Choi Jeon Nguyen Tran Pham Wongsakul Santos Reyes
Bautista Hernández Quispe Mamani Villalobos Zúñiga Cárdenas Haddad Al-Masri Nasser Khoury Farouk Benali
Kowalczyk Nowak Petrenko Ivanova Sokolov Horváth Dvořák Lindqvist Haugen Virtanen Johansson Sørensen
Thorsen Whitfield Ashcombe Pemberton Callaghan O'Rourke MacLeod Fairbanks Holloway Brennan Dunmore
Yılmaz Papadakis Moretti Fontaine Kahale Ngata Okafor Abiodun Asante Owusu Mwangi Ochieng Balogun
Mukherjee Krishnan Deshpande Qureshi Liang Huang Matsumoto Ishikawa Yoon Hwang Vo Dang Castillo Herrera
Mendoza Paredes Salazar Barzani Rostami Karimi Demir Aksoy Szabo Kuznetsov Lebedeva Novák Halvorsen
Lundgren Eriksen Ashworth Thistlewood Greenhalgh Pennington Blackwood Carmichael Underhill Okoro""".split()

STREETS = """Juniper Crest|Marrowbank|Halloway|Quillfeather|Bramblewood|Saltmarsh|Coppergate|Osprey Point|
Thistledown|Kettleby|Wren Hollow|Ridgeback|Cinderford|Amberlea|Foxglove|Pelham Ridge|Larkhill|Millrace|
Tanager|Blue Heron|Stonechat|Carrow|Dovecote|Hazelmere|Ironwood|Sparrowgate|Quarry Hill|Whistler|
Chalkpit|Orchard Bend|Tamarind|Cobblestone|Red Maple|Silverbirch|Ferncliff|Lantern|Meadowsweet|
Barley Mow|Kingfisher|Rookery|Wattleberry|Banksia|Ghost Gum|Jacaranda|Kurrajong""".replace("\n", "").split("|")
US_TYPES = [("Road", "road"), ("Rd", "road"), ("Street", "street"), ("St", "street"), ("Avenue", "avenue"),
            ("Ave", "avenue"), ("Lane", "lane"), ("Ln", "lane"), ("Drive", "drive"), ("Dr", "drive"),
            ("Court", "court"), ("Ct", "court"), ("Boulevard", "boulevard"), ("Blvd", "boulevard"),
            ("Way", "way"), ("Terrace", "terrace"), ("Place", "place"), ("Pl", "place"), ("Circle", "circle"),
            ("Pkwy", "parkway"), ("Trail", "trail")]
UK_TYPES = ["Road", "Close", "Lane", "Street", "Crescent", "Gardens", "Mews", "Grove", "Terrace", "Walk"]
AU_TYPES = ["Street", "St", "Parade", "Road", "Rd", "Avenue", "Crescent", "Place", "Esplanade"]
US_CITIES = [("Tacoma", "WA", "washington", "984"), ("Dayton", "OH", "ohio", "454"), ("Boise", "ID", "idaho", "837"),
             ("Lubbock", "TX", "texas", "794"), ("Fresno", "CA", "california", "937"),
             ("Savannah", "GA", "georgia", "314"), ("Duluth", "MN", "minnesota", "558"),
             ("Albany", "NY", "new york", "122"), ("Tucson", "AZ", "arizona", "857"),
             ("Spokane", "WA", "washington", "992"), ("Asheville", "NC", "north carolina", "288"),
             ("Wichita", "KS", "kansas", "672"), ("Burlington", "VT", "vermont", "054"),
             ("Provo", "UT", "utah", "846"), ("Mobile", "AL", "alabama", "366"),
             ("Eugene", "OR", "oregon", "974"), ("Lansing", "MI", "michigan", "489"),
             ("Reno", "NV", "nevada", "895"), ("Chattanooga", "TN", "tennessee", "374")]
UK_CITIES = [("Leeds", "LS"), ("Bristol", "BS"), ("Cardiff", "CF"), ("Norwich", "NR"), ("Glasgow", "G"),
             ("Sheffield", "S"), ("Exeter", "EX"), ("York", "YO"), ("Derby", "DE"), ("Belfast", "BT")]
AU_CITIES = [("Fitzroy", "VIC", "3065"), ("Newtown", "NSW", "2042"), ("Fremantle", "WA", "6160"),
             ("Toowong", "QLD", "4066"), ("Glenelg", "SA", "5045"), ("Sandy Bay", "TAS", "7005"),
             ("Braddon", "ACT", "2612"), ("Parap", "NT", "0820")]
COMPANIES = ["Kestrel Auto Glass", "Brightwater Dental", "Pinecone Heating and Air", "Larkspur Realty",
             "Northgate Pharmacy", "Bluefin Internet", "Cedar and Sage Florists", "Harborline Insurance",
             "Summit Ridge Vet Clinic", "Meridian Self Storage", "Tallgrass Solar", "Quayside Movers",
             "Orchard Lane Pediatrics", "Ironbridge Credit Union", "Helix Mobile", "Copperpot Catering",
             "Driftwood Boat Rentals", "Goldfinch Travel", "Redwood Pest Control", "Lumen Eye Care"]
DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.co.uk", "proton.me", "icloud.com",
           "gmx.de", "yahoo.co.in", "bigpond.com.au", "web.de", "fastmail.fm", "aol.com",
           "kestrelglass.com", "harborline.net", "ironbridgecu.org", "mail.com"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
MON3 = [m[:3] for m in MONTHS]
US_AREAS = ["206", "253", "312", "415", "503", "512", "602", "617", "704", "713", "720", "785", "802",
            "901", "919", "971", "347", "470", "385", "832"]
VANITY = ["KESTREL", "PLUMBER", "DENTIST", "MOVEBOX", "HEATNOW", "FIXGLAS", "GETVETS", "PESTOFF"]

FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "ı": "i", "đ": "d"})


def fold(s):
    s = s.translate(FOLD)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def low(s):
    return fold(s).lower()


# ----------------------------------------------------------------------------
# Valid values
# ----------------------------------------------------------------------------
def luhn_ok(s):
    tot = 0
    for i, c in enumerate(reversed(s)):
        v = int(c)
        if i % 2:
            v *= 2
            if v > 9:
                v -= 9
        tot += v
    return tot % 10 == 0


def rdigits(n):
    return "".join(str(R.randint(0, 9)) for _ in range(n))


def gen_card(brand=None):
    brand = brand or wpick([("visa", 40), ("mc", 30), ("amex", 18), ("disc", 12)])
    if brand == "visa":
        pre, n = "4", 16
    elif brand == "mc":
        pre, n = (str(R.randint(51, 55)) if chance(0.7) else str(R.randint(2221, 2720))), 16
    elif brand == "amex":
        pre, n = pick(["34", "37"]), 15
    else:
        pre, n = pick(["6011", "65", "644", "649"]), 16
    body = pre + rdigits(n - 1 - len(pre))
    for d in "0123456789":
        if luhn_ok(body + d):
            return brand, body + d


def nonluhn(n, first=None):
    while True:
        s = (first or str(R.randint(1, 9))) + rdigits(n - 1)
        if not luhn_ok(s):
            return s


def gen_exp():
    return R.randint(1, 12), R.randint(2025, 2033)


def gen_cvv(brand):
    return rdigits(4 if brand == "amex" else 3)


def gen_ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}{R.randint(1, 99):02d}{R.randint(1, 9999):04d}"


def gen_routing():
    pre = pick(["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "21", "22",
                "23", "24", "25", "26", "27", "28", "29", "30", "31", "32"])
    body = pre + rdigits(6)
    for d in "0123456789":
        s = body + d
        w = [3, 7, 1] * 3
        if sum(int(c) * k for c, k in zip(s, w)) % 10 == 0:
            return s


def iban_check(cc, bban):
    s = bban + cc + "00"
    num = "".join(str(int(c, 36)) for c in s)
    return f"{98 - int(num) % 97:02d}"


def gen_iban():
    cc = pick(["GB", "DE", "NL", "ES", "IE", "FR", "PL", "BE"])
    up = string.ascii_uppercase
    if cc == "GB":
        bban = pick(["NWBK", "BARC", "LOYD", "MIDL", "HBUK"]) + rdigits(14)
    elif cc == "IE":
        bban = pick(["AIBK", "BOFI"]) + rdigits(14)
    elif cc == "DE":
        bban = rdigits(18)
    elif cc == "NL":
        bban = pick(["ABNA", "RABO", "INGB", "TRIO"]) + rdigits(10)
    elif cc == "ES":
        bban = rdigits(20)
    elif cc == "FR":
        bban = rdigits(23)
    elif cc == "PL":
        bban = rdigits(24)
    else:
        bban = rdigits(12)
    del up
    return cc + iban_check(cc, bban) + bban


def gen_dob():
    y = R.randint(1938, 2006)
    m = R.randint(1, 12)
    dmax = [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return y, m, R.randint(1, dmax)


def gen_phone(region=None):
    region = region or wpick([("US", 70), ("UK", 8), ("IN", 7), ("AU", 6), ("NG", 3), ("PH", 2), ("MX", 2), ("DE", 2)])
    if region == "US":
        while True:
            ex = str(R.randint(2, 9)) + rdigits(2)
            if ex[1:] != "11":
                break
        area = pick(["800", "888", "877", "866", "855"]) if chance(0.12) else pick(US_AREAS)
        return dict(region="US", cc="1", parts=[area, ex, rdigits(4)])
    if region == "UK":
        if chance(0.5):
            return dict(region="UK", cc="44", parts=["20", "7946", "0" + rdigits(3)])
        return dict(region="UK", cc="44", parts=["7700", "900" + rdigits(3)])
    if region == "IN":
        return dict(region="IN", cc="91", parts=[pick("9876") + rdigits(4), rdigits(5)])
    if region == "AU":
        if chance(0.6):
            return dict(region="AU", cc="61", parts=["4" + rdigits(2), rdigits(3), rdigits(3)])
        return dict(region="AU", cc="61", parts=[pick("2378"), rdigits(4), rdigits(4)])
    if region == "NG":
        return dict(region="NG", cc="234", parts=[pick(["803", "806", "813", "905"]), rdigits(3), rdigits(4)])
    if region == "PH":
        return dict(region="PH", cc="63", parts=["9" + rdigits(2), rdigits(3), rdigits(4)])
    if region == "MX":
        return dict(region="MX", cc="52", parts=["55", rdigits(4), rdigits(4)])
    return dict(region="DE", cc="49", parts=["30", rdigits(8)])


KEYPAD = {c: d for d, cs in {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS",
                              "8": "TUV", "9": "WXYZ"}.items() for c in cs}


# ----------------------------------------------------------------------------
# Spoken numbers
# ----------------------------------------------------------------------------
UW = "zero one two three four five six seven eight nine".split()
TEEN = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENW = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}
SLIPS = {"1": ["won"], "2": ["to", "too"], "4": ["for"], "8": ["ate"]}
ORD_UNIT = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
ORD_TEEN = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth"]

G_NUM = {w: i for i, w in enumerate(UW)}
G_NUM["oh"] = 0
for _k, _v in SLIPS.items():
    for _w in _v:
        G_NUM[_w] = int(_k)
G_TEEN = {w: 10 + i for i, w in enumerate(TEEN)}
G_TENS = {w: k * 10 for k, w in TENW.items()}
G_SKIP = {"um", "uh", "and", "then", "so", "okay", "mm-hmm", "er", "slash", "dash", "of", "the", "plus"}


def gdecode(s):
    """Generator-side decoder used only to make sure renderings are unambiguous."""
    toks = re.findall(r"mm-hmm|[a-z]+|\d+|[^\sa-z\d]", s.lower())
    out, i, n = [], 0, len(toks)

    def small(j):
        if j >= n:
            return None
        t = toks[j]
        if t in G_NUM and G_NUM[t] > 0 and t != "oh":
            return G_NUM[t], j + 1
        if t in G_TEEN:
            return G_TEEN[t], j + 1
        if t in G_TENS:
            v = G_TENS[t]
            if j + 1 < n and toks[j + 1] in G_NUM and G_NUM[toks[j + 1]] > 0:
                return v + G_NUM[toks[j + 1]], j + 2
            return v, j + 1
        return None

    while i < n:
        t = toks[i]
        if t in G_SKIP or not t.isalnum():
            i += 1
            continue
        if t.isdigit():
            out.append(t)
            i += 1
            continue
        if t in ("double", "triple"):
            if i + 1 < n and toks[i + 1] in G_NUM:
                out.append(str(G_NUM[toks[i + 1]]) * (2 if t == "double" else 3))
                i += 2
                continue
            return None
        if t in G_NUM:
            val = G_NUM[t]
            i += 1
        elif t in G_TEEN:
            val = G_TEEN[t]
            i += 1
        elif t in G_TENS:
            val = G_TENS[t]
            i += 1
            if i < n and toks[i] in G_NUM and G_NUM[toks[i]] > 0:
                val += G_NUM[toks[i]]
                i += 1
        else:
            return None
        if i < n and toks[i] == "thousand" and 0 < val < 10:
            val *= 1000
            i += 1
            r = small(i)
            if r and i + 1 < n and r[1] < n and toks[r[1]] == "hundred" and r[0] < 10:
                val += r[0] * 100
                i = r[1] + 1
                r = small(i + 1 if i < n and toks[i] == "and" else i)
                if r:
                    val += r[0]
                    i = r[1]
            else:
                j = i + 1 if i < n and toks[i] == "and" else i
                r = small(j)
                if r:
                    val += r[0]
                    i = r[1]
            out.append(str(val))
            continue
        if i < n and toks[i] == "hundred" and val > 0:
            val *= 100
            i += 1
            j = i + 1 if i < n and toks[i] == "and" else i
            r = small(j)
            if r:
                val += r[0]
                i = r[1]
            out.append(str(val))
            continue
        out.append(str(val))
    return "".join(out)


class Speech:
    """Per-speaker habits for saying numbers."""

    def __init__(self, plain=False):
        self.zero = "zero" if plain else pick(["oh", "oh", "zero", "mix"])
        self.slip = 0 if plain else pick([0, 0, 0, 0.15, 0.3])
        self.dt = 0 if plain else pick([0, 0.35, 0.7, 0.95])
        self.modes = [("s", 1)] if plain else pick([[("s", 1)], [("s", 3), ("p", 1)], [("s", 1), ("p", 1), ("h", 1)],
                                                    [("p", 2), ("s", 1)], [("s", 2), ("h", 1)]])
        self.gsep = [" "] if plain else pick([[" "], [", "], [" ", ", "], [" uh ", " ", ", "], ["... ", " "],
                                              [" um ", ", ", " "], [" - ", " "]])

    def zw(self):
        return pick(["oh", "zero"]) if self.zero == "mix" else self.zero


def sp_digit(c, st):
    if c == "0":
        return st.zw()
    if c in SLIPS and R.random() < st.slip:
        return pick(SLIPS[c])
    return UW[int(c)]


def sp_singles(g, st):
    out, i = [], 0
    while i < len(g):
        j = i
        while j < len(g) and g[j] == g[i]:
            j += 1
        run = j - i
        if run >= 3 and R.random() < st.dt:
            out += ["triple", sp_digit(g[i], st)]
            i += 3
        elif run >= 2 and R.random() < st.dt:
            out += ["double", sp_digit(g[i], st)]
            i += 2
        else:
            out.append(sp_digit(g[i], st))
            i += 1
    return out


def sp_pair(g, st):
    a, b = g
    if a == "0":
        if b != "0":
            return [st.zw(), UW[int(b)]]
        return pick([["double", st.zw()], [st.zw(), st.zw()]])
    if a == "1":
        return [TEEN[int(b)]]
    return [TENW[int(a)]] + ([UW[int(b)]] if b != "0" else [])


def sp_hundred(g, st):
    if g[0] == "0":
        return [st.zw()] + sp_pair(g[1:], st)
    out = [UW[int(g[0])], "hundred"]
    r = g[1:]
    if r == "00":
        return out
    if chance(0.25):
        out.append("and")
    return out + ([UW[int(r[1])]] if r[0] == "0" else sp_pair(r, st))


def sp_group(g, mode, st):
    if mode == "s" or len(g) == 1:
        return sp_singles(g, st)
    if mode == "h":
        if len(g) == 3:
            return sp_hundred(g, st)
        if len(g) == 4 and g[0] not in "01" and g[1:] == "000":
            return [UW[int(g[0])], "thousand"]
        if len(g) == 4 and g[0] != "0" and g[2:] == "00":
            return sp_pair(g[:2], st) + ["hundred"]
    out, i = [], 0
    if len(g) % 2 == 1:
        if len(g) >= 3 and mode == "h":
            out += sp_hundred(g[:3], st)
            i = 3
        else:
            out += sp_singles(g[0], st)
            i = 1
    while i < len(g):
        out += sp_pair(g[i:i + 2], st)
        i += 2
    return out


def even_groups(n, size=4):
    g = []
    while n > 0:
        g.append(min(size, n))
        n -= size
    return g


def odd_groups(n):
    g = []
    while n > 0:
        k = min(n, R.randint(2, 5))
        g.append(k)
        n -= k
    return g


def speak(digits, groups=None, st=None):
    """Render a digit string as recogniser text that decodes back to exactly those digits."""
    st = st or Speech()
    groups = groups or even_groups(len(digits), pick([3, 4, 4]))
    assert sum(groups) == len(digits)
    for attempt in range(40):
        chunks, pos = [], 0
        for gl in groups:
            g = digits[pos:pos + gl]
            pos += gl
            mode = wpick(st.modes) if attempt < 30 else "s"
            chunks.append(sp_group(g, mode, st))
        s = " ".join(chunks[0])
        for c in chunks[1:]:
            sep = pick(st.gsep)
            if s.split(" ")[-1] in ("hundred", "thousand") or s.split(" ")[-1] in G_TENS:
                sep = ", "
            s = s + sep + " ".join(c)
        if gdecode(s) == digits:
            return s
    s = " ".join(UW[int(c)] for c in digits)
    assert gdecode(s) == digits
    return s


def cuts_of(digits, k):
    """Split a digit string into k non-empty pieces."""
    n = len(digits)
    k = max(1, min(k, n // 3))
    while True:
        pts = sorted(R.sample(range(3, n - 2), k - 1)) if n > 6 and k > 1 else ([n // 2] if k > 1 else [])
        if all(b - a >= 3 for a, b in zip([0] + pts, pts + [n])):
            break
    out, prev = [], 0
    for p in pts + [n]:
        out.append(digits[prev:p])
        prev = p
    return [x for x in out if x]


def sp_year_full(y):
    ys = str(y)
    if ys[:2] == "20" and ys[2] == "0":
        return pick([f"two thousand {UW[int(ys[3])]}" if ys[3] != "0" else "two thousand",
                     f"two thousand and {UW[int(ys[3])]}" if ys[3] != "0" else "two thousand"])
    return " ".join(sp_pair(ys[:2], Speech(True)) + sp_pair(ys[2:], Speech(True))) if ys[2:] != "00" else \
        " ".join(sp_pair(ys[:2], Speech(True))) + " hundred"


def sp_ordinal(d):
    if d < 10:
        return ORD_UNIT[d]
    if d < 20:
        return ORD_TEEN[d - 10]
    if d % 10 == 0:
        return {20: "twentieth", 30: "thirtieth"}[d]
    return f"{TENW[d // 10]} {ORD_UNIT[d % 10]}"


def sp_cardinal(n):
    if n < 10:
        return UW[n]
    if n < 20:
        return TEEN[n - 10]
    return TENW[n // 10] + ("" if n % 10 == 0 else " " + UW[n % 10])


# ----------------------------------------------------------------------------
# Document builder
# ----------------------------------------------------------------------------
class V:
    def __init__(self, text, vid, role="primary", inst=None):
        self.text, self.vid, self.role, self.inst = text, vid, role, inst


class X:
    def __init__(self, text, kind):
        self.text, self.kind = text, kind


class U:
    def __init__(self, text, kind):
        self.text, self.kind = text, kind


FILLERS = {"um", "uh", "okay", "and", "then", "so", "mm-hmm"}


class Doc:
    def __init__(self, kind):
        self.kind = kind
        self.parts, self.n = [], 0
        self.spans, self.values, self.dis, self.neu = [], {}, [], []
        self.tags = {kind}
        self._v = self._i = 0
        self.people = {}

    def tag(self, *t):
        self.tags.update(t)

    def w(self, s):
        self.parts.append(s)
        self.n += len(s)

    def val(self, typ, value, **meta):
        self._v += 1
        vid = f"v{self._v}"
        self.values[vid] = dict(type=typ, value=value, **meta)
        return vid

    def inst(self):
        self._i += 1
        return f"i{self._i}"

    def person(self, p):
        if id(p) not in self.people:
            self.people[id(p)] = self.val("PERSON_NAME", p.full)
        return self.people[id(p)]

    def put(self, *segs):
        for s in segs:
            if s is None or s == "":
                continue
            if isinstance(s, str):
                self.w(s)
            elif isinstance(s, V):
                t = s.text
                assert t and t[0].isalnum() and t[-1].isalnum() and "\n" not in t, repr(t)
                toks = t.split(" ")
                assert toks[0].lower() not in FILLERS and toks[-1].lower() not in FILLERS, repr(t)
                self.spans.append(dict(start=self.n, end=self.n + len(t), type=self.values[s.vid]["type"],
                                       value_id=s.vid, instance=s.inst or self.inst(), role=s.role, text=t))
                self.w(t)
            elif isinstance(s, X):
                dg = re.sub(r"\D", "", s.text)
                if 13 <= len(dg) <= 19 and luhn_ok(dg):
                    j = max(i for i, c in enumerate(s.text) if c.isdigit())
                    s = X(s.text[:j] + str((int(s.text[j]) + 1) % 10) + s.text[j + 1:], s.kind)
                self.dis.append(dict(start=self.n, end=self.n + len(s.text), kind=s.kind, text=s.text))
                self.tag("distractor_" + s.kind)
                self.w(s.text)
            elif isinstance(s, U):
                self.neu.append(dict(start=self.n, end=self.n + len(s.text), kind=s.kind, text=s.text))
                self.w(s.text)
            elif isinstance(s, (list, tuple)):
                self.put(*s)
            else:
                raise TypeError(s)

    def text(self):
        return "".join(self.parts)


class Person:
    def __init__(self, first=None, last=None):
        self.first = first or pick(FIRST)
        self.last = last or pick(LAST)
        while self.last == self.first:
            self.last = pick(LAST)
        self.mid = pick("ABCDEFGHJKLMNPRSTW") if chance(0.12) else None

    @property
    def full(self):
        return f"{self.first} {self.mid}. {self.last}" if self.mid else f"{self.first} {self.last}"


def name_seg(d, p, form="first", lower=False, role="primary"):
    """Return segments for a mention of person p (title words stay outside the span)."""
    vid = d.person(p)
    pre = ""
    if form == "first":
        t = p.first
    elif form == "last":
        t = p.last
    elif form == "full":
        t = f"{p.first} {p.last}"
    elif form == "fullmid":
        t = p.full
    elif form == "initial_last":
        t = f"{p.first[0]}. {p.last}"
        d.tag("name_initial_last")
    elif form == "last_first":
        t = f"{p.last}, {p.first}"
        d.tag("name_last_first")
    elif form == "title_last":
        pre = pick(["Mr. ", "Ms. ", "Mrs. ", "Dr. ", "Mx. "] if not lower else ["mister ", "miss ", "missus ", "doctor ", "ms "])
        t = p.last
        d.tag("name_title")
    else:
        raise ValueError(form)
    if lower:
        t = low(t)
    return [pre, V(t, vid, role)]


def spelled(word, style=None):
    w = low(word).replace("'", "").replace("-", "")
    style = style or pick(["space", "space", "dash", "upper", "asin"])
    if style == "space":
        return " ".join(w)
    if style == "dash":
        return "-".join(w)
    if style == "upper":
        return " ".join(w.upper())
    out = []
    for i, c in enumerate(w):
        if i in (0, len(w) - 1) or not chance(0.35):
            out.append(c)
        else:
            out.append(f"{c} as in {ASIN[c]}")
    return " ".join(out)


ASIN = dict(a="apple", b="boy", c="charlie", d="david", e="edward", f="frank", g="george", h="henry",
            i="india", j="john", k="king", l="larry", m="mary", n="nancy", o="oscar", p="peter", q="queen",
            r="robert", s="sam", t="tom", u="uncle", v="victor", w="william", x="xray", y="yellow", z="zebra")


# ----------------------------------------------------------------------------
# Typed renderings
# ----------------------------------------------------------------------------
UDASH = ["\u2013", "\u2014", "\u2011", "\u2012"]


def typed_card(num, d):
    groups = [4, 6, 5] if len(num) == 15 else [4, 4, 4, 4]
    style = wpick([("space", 22), ("plain", 14), ("dash", 12), ("dot", 6), ("slash", 4), ("comma", 4),
                   ("udash", 6), ("irregular", 7), ("mixed", 6), ("dspace", 5), ("spdash", 5)])
    d.tag("card_" + style)
    if style == "irregular":
        groups = odd_groups(len(num))
    chunks, pos = [], 0
    for g in groups:
        chunks.append(num[pos:pos + g])
        pos += g
    if style == "plain":
        return num
    sep = {"space": " ", "dash": "-", "dot": ".", "slash": "/", "comma": ",", "irregular": " ",
           "dspace": "  ", "spdash": " - "}.get(style)
    if style == "udash":
        sep = pick(UDASH)
    if style == "mixed":
        return chunks[0] + "".join(pick([" ", "-", ".", " -", "- "]) + c for c in chunks[1:])
    return sep.join(chunks)


def typed_exp(m, y, d):
    yy, yyyy, mm = f"{y % 100:02d}", str(y), f"{m:02d}"
    fmt = wpick([("mm/yy", 24), ("m/yy", 8), ("mm-yy", 6), ("mmyy", 7), ("mm/yyyy", 8), ("m-yyyy", 5),
                 ("mm.yy", 4), ("mon yy", 7), ("Mon yyyy", 6), ("MON/yy", 3), ("Month yyyy", 5),
                 ("mm / yy", 5), ("mon 'yy", 2), ("mm yyyy", 3)])
    d.tag("exp_typed_" + {"mm/yy": "mm_slash_yy", "m/yy": "m_slash_yy", "mm-yy": "mm_dash_yy", "mmyy": "mmyy",
                          "mm/yyyy": "mm_slash_yyyy", "m-yyyy": "m_dash_yyyy", "mm.yy": "mm_dot_yy", "mon yy": "mon_yy",
                          "Mon yyyy": "mon_yyyy", "MON/yy": "MON_slash_yy", "Month yyyy": "month_yyyy",
                          "mm / yy": "mm_spaced_slash_yy", "mon 'yy": "mon_apos_yy", "mm yyyy": "mm_space_yyyy"}[fmt])
    mon = MON3[m - 1]
    return {"mm/yy": f"{mm}/{yy}", "m/yy": f"{m}/{yy}", "mm-yy": f"{mm}-{yy}", "mmyy": mm + yy,
            "mm/yyyy": f"{mm}/{yyyy}", "m-yyyy": f"{m}-{yyyy}", "mm.yy": f"{mm}.{yy}",
            "mon yy": f"{mon} {yy}", "Mon yyyy": f"{mon.title()} {yyyy}", "MON/yy": f"{mon.upper()}/{yy}",
            "Month yyyy": f"{MONTHS[m - 1].title()} {yyyy}", "mm / yy": f"{mm} / {yy}",
            "mon 'yy": f"{mon.title()} '{yy}", "mm yyyy": f"{mm} {yyyy}"}[fmt]


def spoken_exp(m, y, d, st):
    yy = f"{y % 100:02d}"
    mm = f"{m:02d}"
    fmt = wpick([("singles_slash", 14), ("mm_pair", 14), ("month_yyyy", 12), ("m_pair", 10), ("month_yy", 10),
                 ("month_of_yy", 6), ("mm_slash_pair", 6), ("month_2k", 4), ("singles", 6), ("digits", 4)])
    d.tag("exp_sp_" + fmt)
    z = st.zw()
    zmm = f"{z} {UW[m]}" if m < 10 else TEEN[m - 10]
    pyy = " ".join(sp_pair(yy, st))
    if fmt == "singles_slash":
        return " ".join(sp_singles(mm, Speech(True)) if m >= 10 else [z, UW[m]]) + " slash " + " ".join(sp_singles(yy, st))
    if fmt == "mm_pair":
        return f"{zmm} {pyy}"
    if fmt == "month_yyyy":
        return f"{MONTHS[m - 1]} twenty {pyy}"
    if fmt == "m_pair":
        return f"{sp_cardinal(m)} {pyy}"
    if fmt == "month_yy":
        return f"{MONTHS[m - 1]} {pyy}"
    if fmt == "month_of_yy":
        return f"{MONTHS[m - 1]} of {pyy}"
    if fmt == "mm_slash_pair":
        return f"{zmm} slash {pyy}"
    if fmt == "month_2k":
        return f"{MONTHS[m - 1]} two thousand {pyy}"
    if fmt == "singles":
        return " ".join(sp_singles(mm + yy, st))
    return f"{mm}/{yy}"


def typed_ssn(s, d):
    fmt = wpick([("dash", 30), ("space", 12), ("plain", 14), ("dot", 5), ("dash_tail", 5), ("odd", 6), ("spdash", 4)])
    d.tag("ssn_" + fmt)
    a, b, c = s[:3], s[3:5], s[5:]
    return {"dash": f"{a}-{b}-{c}", "space": f"{a} {b} {c}", "plain": s, "dot": f"{a}.{b}.{c}",
            "dash_tail": f"{a}-{b}{c}", "odd": f"{s[:5]} {s[5:]}" if chance(0.5) else f"{s[:2]} {s[2:5]} {s[5:]}",
            "spdash": f"{a} - {b} - {c}"}[fmt]


def typed_phone(ph, d, intl_style=None):
    """Return (prefix_outside_span, span_text)."""
    p = ph["parts"]
    if ph["region"] == "US":
        a, b, c = p
        fmt = wpick([("paren", 18), ("dash", 18), ("dot", 8), ("plain", 8), ("plus1", 8), ("plus1dash", 5),
                     ("one_dash", 6), ("space", 6), ("paren_tight", 4), ("one_paren", 3)])
        d.tag("phone_" + fmt)
        return {"paren": ("(", f"{a}) {b}-{c}"), "dash": ("", f"{a}-{b}-{c}"), "dot": ("", f"{a}.{b}.{c}"),
                "plain": ("", a + b + c), "plus1": ("+", f"1 {a} {b} {c}"), "plus1dash": ("+", f"1-{a}-{b}-{c}"),
                "one_dash": ("", f"1-{a}-{b}-{c}"), "space": ("", f"{a} {b} {c}"),
                "paren_tight": ("(", f"{a}){b}-{c}"), "one_paren": ("", f"1 ({a}) {b}-{c}")}[fmt]
    cc = ph["cc"]
    fmt = intl_style or wpick([("plus", 40), ("plus_dash", 10), ("national", 25), ("double_zero", 8), ("plus_trunk", 5)])
    if fmt == "plus_trunk" and ph["region"] not in ("UK", "AU"):
        fmt = "plus"
    d.tag("phone_intl_" + fmt)
    if fmt == "plus":
        return "+", cc + " " + " ".join(p)
    if fmt == "plus_dash":
        return "+", cc + "-" + "-".join(p)
    if fmt == "double_zero":
        return "", "00" + cc + " " + " ".join(p)
    if fmt == "plus_trunk":
        return "+", cc + " (0)" + p[0] + " " + " ".join(p[1:])
    if ph["region"] == "AU" and len(p) == 3 and p[0][0] != "4":
        return "(", f"0{p[0]}) " + " ".join(p[1:])
    return "", "0" + p[0] + " " + " ".join(p[1:])


def e164(ph):
    return "+" + ph["cc"] + "".join(ph["parts"])


def gen_email(p):
    f = re.sub(r"[^a-z]", "", low(p.first))
    l = re.sub(r"[^a-z]", "", low(p.last))
    nn = str(R.randint(11, 99)).replace("0", "7")
    user = pick([f"{f}.{l}", f + l, f[0] + l, f"{f}.{l[0]}", f + nn, f"{f}_{l}", l + f[0] + nn, f"{f}-{l}",
                 f"{l}.{f}", f"{f}{l[:3]}{nn}", pick(["sunny", "bluejay", "kayak", "mango", "trail", "pixel"]) + f + nn])
    return user + "@" + pick(DOMAINS)


def typed_email(e, d):
    user, dom = e.split("@")
    fmt = wpick([("plain", 50), ("caps", 8), ("bracket", 10), ("paren", 8), ("words", 8), ("words_upper", 4),
                 ("mixed", 4), ("angle", 4)])
    d.tag("email_" + fmt)
    if fmt in ("plain", "angle"):
        return e
    if fmt == "caps":
        return ".".join(x[:1].upper() + x[1:] for x in user.split(".")) + "@" + dom[:1].upper() + dom[1:]
    if fmt == "bracket":
        return f"{user} [at] {dom.replace('.', ' [dot] ')}"
    if fmt == "paren":
        return f"{user}(at){dom.replace('.', '(dot)')}"
    if fmt == "words":
        return f"{user} at {dom.replace('.', ' dot ')}"
    if fmt == "words_upper":
        return f"{user} AT {dom.replace('.', ' DOT ')}"
    return f"{user}[at]{dom}"


def spoken_email(e, d):
    user, dom = e.split("@")
    mode = wpick([("words", 40), ("spell_user", 25), ("spell_all", 10), ("mixed", 25)])
    d.tag("email_sp_" + mode)
    out = []
    for piece in re.split(r"([._-])", user):
        if piece == ".":
            out.append("dot")
        elif piece == "_":
            out.append("underscore")
        elif piece == "-":
            out.append(pick(["dash", "hyphen"]))
        elif piece:
            m = re.match(r"([a-z]*)(\d*)$", piece)
            letters, digs = m.group(1), m.group(2)
            if letters:
                if mode in ("spell_user", "spell_all") or (mode == "mixed" and chance(0.5)):
                    out.append(spelled(letters, pick(["space", "asin"])))
                else:
                    out.append(letters)
            if digs:
                out.append(" ".join(sp_pair(digs, Speech(True))) if len(digs) == 2 and chance(0.6)
                           else " ".join(UW[int(c)] for c in digs))
    out.append("at")
    for i, piece in enumerate(dom.split(".")):
        if i:
            out.append("dot")
        if mode == "spell_all" or (piece in ("uk", "in", "au", "de", "fm", "me") and chance(0.7)):
            out.append(" ".join(piece))
        elif piece == "gmail" and chance(0.4):
            out.append("g mail")
        else:
            out.append(piece)
    return " ".join(out)


def typed_dob(y, m, dd, d, uk=False):
    fmt = wpick([("mdy_slash", 18 if not uk else 2), ("dmy_slash", 3 if not uk else 16), ("iso", 8), ("month_d_y", 12),
                 ("d_month_y", 8), ("d-mon-y", 5), ("mdy_short", 6), ("dmy_dot", 5), ("mdy_dash", 5),
                 ("ord_month_y", 4), ("mon_d_y", 5), ("month_ord_y", 4)])
    d.tag("dob_" + fmt)
    M = MONTHS[m - 1].title()
    sfx = "th" if 11 <= dd <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(dd % 10, "th")
    return {"mdy_slash": f"{m:02d}/{dd:02d}/{y}", "dmy_slash": f"{dd:02d}/{m:02d}/{y}", "iso": f"{y}-{m:02d}-{dd:02d}",
            "month_d_y": f"{M} {dd}, {y}", "d_month_y": f"{dd} {M} {y}", "d-mon-y": f"{dd:02d}-{M[:3]}-{y}",
            "mdy_short": f"{m}/{dd}/{y % 100:02d}", "dmy_dot": f"{dd:02d}.{m:02d}.{y}", "mdy_dash": f"{m:02d}-{dd:02d}-{y}",
            "ord_month_y": f"{dd}{sfx} {M} {y}", "mon_d_y": f"{M[:3]} {dd} {y}", "month_ord_y": f"{M} {dd}{sfx}, {y}"}[fmt]


def spoken_dob(y, m, dd, d, st):
    fmt = wpick([("month_ord_year", 30), ("ord_of_month_year", 15), ("m_d_yy", 12), ("singles", 10),
                 ("month_card_year", 12), ("d_month_yy", 6), ("digits", 5)])
    d.tag("dob_sp_" + fmt)
    yr = sp_year_full(y)
    if fmt == "month_ord_year":
        return f"{MONTHS[m - 1]} {sp_ordinal(dd)} {yr}"
    if fmt == "ord_of_month_year":
        return f"{sp_ordinal(dd)} of {MONTHS[m - 1]} {yr}"
    if fmt == "m_d_yy":
        return f"{sp_cardinal(m)} {sp_cardinal(dd)} " + " ".join(sp_pair(f"{y % 100:02d}", st))
    if fmt == "singles":
        return speak(f"{m:02d}{dd:02d}{y % 100:02d}", [2, 2, 2], st)
    if fmt == "month_card_year":
        return f"{MONTHS[m - 1]} {sp_cardinal(dd)} {yr}"
    if fmt == "d_month_yy":
        return f"{sp_cardinal(dd)} {MONTHS[m - 1]} " + " ".join(sp_pair(f"{y % 100:02d}", st))
    return f"{m}/{dd}/{y}"


def gen_address(region=None):
    region = region or wpick([("US", 70), ("UK", 15), ("AU", 15)])
    if region == "US":
        city = pick(US_CITIES)
        zipc = city[3] + rdigits(2)
        kind = wpick([("street", 75), ("pobox", 12), ("ordinal", 13)])
        num = str(R.randint(2, 9999)) if chance(0.8) else str(R.randint(10000, 24999))
        unit = None
        if chance(0.4):
            unit = pick([f"Apt {R.randint(1, 40)}{pick(['', 'A', 'B', 'C'])}", f"Apt. {R.randint(100, 999)}",
                         f"Unit {R.randint(1, 30)}", f"Suite {R.randint(100, 450)}", f"#{R.randint(1, 60)}",
                         f"Ste {R.randint(100, 900)}"])
        if kind == "pobox":
            street = pick(["PO Box", "P.O. Box", "Post Office Box"]) + f" {R.randint(10, 9999)}"
            sp = None
        elif kind == "ordinal":
            n = R.randint(2, 180)
            sfx = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            dirw = pick(["", "West ", "East ", "N ", "NE ", "South "])
            t = pick([("Street", "street"), ("Ave", "avenue"), ("Avenue", "avenue"), ("St", "street")])
            if chance(0.2):
                num = num + pick(["A", "B", " 1/2"])
            street = f"{num} {dirw}{n}{sfx} {t[0]}"
            dsp = {"West": "west", "East": "east", "N": "north", "NE": "northeast", "South": "south"}.get(dirw.strip(), "")
            sp = dict(num=num, words=(dsp + " " if dsp else "") + f"{sp_ord_num(n)} {t[1]}")
        else:
            if chance(0.12):
                num = num + pick(["A", "B", "C"])
            t = pick(US_TYPES)
            nm = pick(STREETS)
            street = f"{num} {nm} {t[0]}"
            sp = dict(num=num, words=f"{low(nm)} {t[1]}")
        return dict(region="US", street=street, unit=unit, city=city[0], state=city[1], state_sp=city[2], post=zipc,
                    kind=kind, sp=sp)
    if region == "UK":
        city = pick(UK_CITIES)
        post = f"{city[1]}{R.randint(1, 20)} {R.randint(1, 9)}{pick(string.ascii_uppercase)}{pick(string.ascii_uppercase)}"
        num = str(R.randint(1, 240))
        nm, t = pick(STREETS), pick(UK_TYPES)
        unit = pick([None, None, f"Flat {R.randint(1, 12)}", f"Flat {R.randint(1, 6)}{pick('ABC')}"])
        return dict(region="UK", street=f"{num} {nm} {t}", unit=unit, city=city[0], state=None, post=post,
                    kind="street", sp=dict(num=num, words=f"{low(nm)} {low(t)}"))
    city = pick(AU_CITIES)
    num = str(R.randint(1, 300))
    nm, t = pick(STREETS), pick(AU_TYPES)
    if chance(0.15):
        return dict(region="AU", street=f"PO Box {R.randint(10, 999)}", unit=None, city=city[0], state=city[1],
                    post=city[2], kind="pobox", sp=None)
    unit = str(R.randint(1, 20)) if chance(0.35) else None
    return dict(region="AU", street=f"{num} {nm} {t}", unit=unit, city=city[0], state=city[1], post=city[2],
                kind="street", sp=dict(num=num, words=f"{low(nm)} {dict(St='street', Rd='road').get(t, low(t))}"))


def sp_ord_num(n):
    if n % 100 in (11, 12, 13) or n % 10 == 0:
        base = {11: "eleventh", 12: "twelfth", 13: "thirteenth"}.get(n % 100)
        if base:
            return (UW[n // 100] + " " if n >= 100 else "") + base
        if n % 100 == 0:
            return UW[n // 100] + " hundredth"
        return (UW[n // 100] + " " if n >= 100 else "") + {10: "tenth", 20: "twentieth", 30: "thirtieth",
                                                          40: "fortieth", 50: "fiftieth", 60: "sixtieth",
                                                          70: "seventieth", 80: "eightieth", 90: "ninetieth"}[n % 100]
    head = UW[n // 100] + " " if n >= 100 else ""
    r = n % 100
    if r < 10:
        return head + ORD_UNIT[r]
    if r < 20:
        return head + ORD_TEEN[r - 10]
    return head + TENW[r // 10] + " " + ORD_UNIT[r % 10]


def typed_address(a, d, tail=None):
    """One-line typed address; returns span text."""
    tail = chance(0.6) if tail is None else tail
    if a["region"] == "US":
        s = a["street"]
        if a["unit"]:
            s += pick([", ", " "]) + a["unit"]
            d.tag("addr_unit")
        if tail:
            s += f", {a['city']}, {a['state']} {a['post']}" if chance(0.7) else f" {a['city']} {a['state']} {a['post']}"
    elif a["region"] == "UK":
        s = (a["unit"] + ", " if a["unit"] else "") + a["street"]
        if a["unit"]:
            d.tag("addr_unit")
        if tail:
            s += f", {a['city']} {a['post']}" if chance(0.6) else f", {a['city']}, {a['post']}"
    else:
        s = (a["unit"] + "/" if a["unit"] else "") + a["street"]
        if a["unit"]:
            d.tag("addr_unit")
        if tail:
            s += f", {a['city']} {a['state']} {a['post']}"
    d.tag("addr_" + a["region"].lower(), "addr_pobox" if a["kind"] == "pobox" else "addr_street")
    if tail:
        d.tag("addr_city_tail")
    return s


def spoken_address(a, d, st):
    """Recogniser-style address; returns (span_text, rest_text_outside or '')."""
    d.tag("addr_spoken")
    if a["kind"] == "pobox":
        n = a["street"].split()[-1]
        s = f"{pick(['p o box', 'po box', 'post office box'])} {speak(n, [len(n)], st) if chance(0.5) else n}"
        d.tag("addr_pobox")
    else:
        num = a["sp"]["num"]
        digits = re.sub(r"\D", "", num)
        suffix = num[len(digits):].strip().lower()
        if len(digits) == 4 and chance(0.6):
            numw = " ".join(sp_pair(digits[:2], Speech(True)) + sp_pair(digits[2:], Speech(True))) if digits[2:] != "00" \
                else " ".join(sp_pair(digits[:2], Speech(True))) + " hundred"
            if digits[0] == "0" or digits[2] == "0":
                numw = speak(digits, [4], st)
        elif len(digits) <= 2 and chance(0.6):
            numw = sp_cardinal(int(digits))
        else:
            numw = speak(digits, [len(digits)], st)
        if suffix:
            numw += " " + ("and a half" if "1/2" in suffix else suffix)
            d.tag("addr_letter_suffix")
        s = f"{numw} {a['sp']['words']}"
        if a["unit"]:
            u = a["unit"].lower().replace(".", "")
            if u.startswith("#"):
                u = "number " + u[1:]
            u = u.replace("apt", "apartment").replace("ste", "suite") if chance(0.7) else u
            if a["region"] == "AU":
                u = "unit " + u
            if a["region"] == "AU":
                s = u + " " + s
            else:
                s += " " + u
            d.tag("addr_unit")
    rest = ""
    if chance(0.5):
        if a["region"] == "US":
            tail = f"{low(a['city'])} {a['state_sp']}" + (" " + speak(a["post"], [5], st) if chance(0.5) else "")
        elif a["region"] == "UK":
            tail = f"{low(a['city'])} {' '.join(a['post'].lower().replace(' ', ''))}"
        else:
            tail = f"{low(a['city'])} {a['state'].lower() if chance(0.5) else ' '.join(a['state'].lower())}"
        if chance(0.6):
            s += " " + tail
            d.tag("addr_city_tail")
        else:
            rest = tail
    return s, rest


def cap1(s):
    return s[:1].upper() + s[1:] if s else s


# ----------------------------------------------------------------------------
# Distractors
# ----------------------------------------------------------------------------
def dz_order():
    return pick([f"#{R.randint(100000, 9999999)}", f"ORD-{R.randint(1000000, 9999999)}", f"A{R.randint(10, 99)}-{R.randint(100000, 999999)}",
                 f"W{R.randint(10**9, 10**10 - 1)}", f"{R.randint(100, 999)}-{R.randint(1000000, 9999999)}-{R.randint(1000000, 9999999)}",
                 str(R.randint(10**7, 10**8 - 1))])


def dz_ref16():
    s = nonluhn(16, pick(["4", "5", "3", "6", "1", "9"]))
    f = pick(["plain", "space", "dash"])
    return {"plain": s, "space": " ".join(s[i:i + 4] for i in range(0, 16, 4)),
            "dash": "-".join(s[i:i + 4] for i in range(0, 16, 4))}[f]


def dz_tracking():
    return pick([f"1Z{''.join(R.choices(string.ascii_uppercase + string.digits, k=6))}{rdigits(10)}",
                 " ".join([rdigits(4) for _ in range(5)]) + " " + rdigits(2),
                 rdigits(12), f"TBA{rdigits(12)}", f"LX{rdigits(9)}US"])


def dz_price():
    return pick([f"${R.randint(5, 999)}.{R.randint(0, 99):02d}", f"${R.randint(1, 9)},{R.randint(100, 999)}",
                 f"£{R.randint(3, 400)}.{pick(['00', '50', '99', '25'])}", f"€{R.randint(10, 2000)}",
                 f"${R.randint(10, 300)}", f"A${R.randint(20, 500)}", f"Rs {R.randint(1, 99)},{R.randint(100, 999)}",
                 f"{R.randint(2, 90)} dollars"])


def dz_time():
    return pick([f"{R.randint(1, 12)}:{pick(['00', '15', '30', '45', '05', '50'])} {pick(['am', 'pm', 'AM', 'PM', 'p.m.'])}",
                 f"{R.randint(0, 23):02d}:{R.randint(0, 59):02d}", f"{R.randint(1, 12)}{pick(['am', 'pm'])}"])


def dz_date():
    y = R.randint(2024, 2026)
    m = R.randint(1, 12)
    dd = R.randint(1, 28)
    return pick([f"{m}/{dd}", f"{m:02d}/{dd:02d}/{y}", f"{y}-{m:02d}-{dd:02d}", f"{MONTHS[m - 1].title()} {dd}",
                 f"{pick(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'])} {dd} {MON3[m - 1].title()}", f"{dd}.{m:02d}.{y}"])


def dz_conf():
    return pick(["".join(R.choices(string.ascii_uppercase + string.digits, k=6)),
                 f"{''.join(R.choices(string.ascii_uppercase, k=2))}{rdigits(2)}-{rdigits(4)}",
                 f"CNF{rdigits(6)}", f"{''.join(R.choices(string.ascii_uppercase + string.digits, k=4))}-{rdigits(4)}"])


def dz_case():
    return pick([f"{rdigits(8)}", f"{R.randint(2023, 2026)}-{rdigits(5)}", f"INC{rdigits(7)}", f"CS-{rdigits(6)}",
                 f"TKT-{rdigits(5)}"])


def dz_ip():
    return pick([f"192.168.{R.randint(0, 255)}.{R.randint(1, 254)}", f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
                 f"203.0.113.{R.randint(1, 254)}", f"198.51.100.{R.randint(1, 254)}", f"2001:db8::{R.randint(1, 9999):x}",
                 f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}"])


def dz_url():
    host = pick(["kestrelglass.com", "shop.helixmobile.net", "track.quaysidemovers.com", "portal.harborline.net", "example.org"])
    return pick([f"https://{host}/orders/{rdigits(8)}?page={R.randint(1, 9)}", f"{host}/t/{rdigits(10)}",
                 f"https://{host}/a/{rdigits(6)}/{rdigits(4)}", f"http://{host}/ref={nonluhn(16)}"])


def dz_qty():
    return pick([f"{R.randint(2, 12)} boxes", f"qty {R.randint(1, 40)}", f"{R.randint(2, 500)} units",
                 f"{R.randint(2, 9)} bags", f"{R.randint(2, 24)} pcs", f"{R.randint(1, 6)} dozen"])


def dz_zip():
    c = pick(US_CITIES)
    return c[3] + rdigits(2)


def dz_year():
    return str(R.randint(1995, 2026))


def dz_misc():
    return pick([(f"{R.randint(2, 95)}%", "pct"), (f"SN {rdigits(3)}-{rdigits(5)}-{pick('XKQ')}", "serial"),
                 (f"model {pick(['GX', 'TR', 'HV', 'QL'])}-{R.randint(100, 9999)}", "model"),
                 (f"store #{R.randint(100, 9999)}", "store"), (f"INV-{rdigits(6)}", "invoice"),
                 (f"CLM-{rdigits(7)}", "claim"), (f"{R.randint(1000, 99999):,} points", "points"),
                 (f"flight {pick(['UA', 'DL', 'QF', 'BA', 'AI'])} {R.randint(10, 2999)}", "flight"),
                 (f"gate {pick('ABCDE')}{R.randint(1, 40)}", "gate"), (f"{R.randint(30, 99)}°F", "temperature"),
                 (f"v{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 99)}", "version"),
                 (f"SKU {rdigits(9)}", "sku"), (f"room {R.randint(100, 999)}", "room"),
                 (f"{R.randint(1, 80)} mins", "duration"), (f"{R.randint(1, 400)} GB", "size")])


def random_distractor():
    k = wpick([("order", 12), ("ref16", 8), ("tracking", 6), ("price", 12), ("time", 9), ("date", 9), ("conf", 8),
               ("case", 6), ("ip", 5), ("url", 5), ("qty", 6), ("zip", 3), ("year", 4), ("misc", 10)])
    if k == "misc":
        t, kk = dz_misc()
        return X(t, kk)
    return X(globals()["dz_" + k](), k)


def spoken_distractor(st):
    """Numbers said aloud in calls that are not PII: returns (lead text, X)."""
    k = wpick([("order", 5), ("price", 5), ("time", 4), ("conf", 3), ("qty", 2), ("date", 3), ("zip", 2), ("case", 2), ("year", 2)])
    if k == "order":
        n = rdigits(R.randint(6, 9))
        return pick(["your order number is ", "the order number's ", "reference ", "that's under order "]), X(speak(n, None, st), "order")
    if k == "price":
        dol = R.randint(12, 899)
        c = pick([0, 99, 49, 50, 95])
        words = f"{sp_words(dol)} dollars" + (f" and {sp_cardinal(c)} cents" if c else "") if chance(0.6) else \
            f"{sp_words(dol)} {sp_cardinal(c) if c else 'even'}"
        return pick(["that comes to ", "the total is ", "it'll be ", "you'll be charged "]), X(words, "price")
    if k == "time":
        h = R.randint(1, 12)
        m = pick([0, 15, 30, 45])
        t = f"{UW[h] if h < 10 else TEEN[h - 10]} {sp_cardinal(m) if m else pick(['o clock', 'oclock'])}" if m or chance(0.5) else \
            (UW[h] if h < 10 else TEEN[h - 10])
        return pick(["we can have someone there at ", "the window starts at ", "i can do ", "the tech arrives around "]), \
            X(t + pick(["", " in the morning", " pm"]) if not t.endswith("clock") else t, "time")
    if k == "conf":
        c = "".join(R.choices("abcdefghjkmnpqrstuvwxyz", k=2)) + rdigits(4)
        return pick(["your confirmation code is ", "confirmation ", "the code for your records is "]), \
            X(" ".join(x if x.isalpha() else UW[int(x)] for x in c), "conf")
    if k == "qty":
        return pick(["you'll get ", "that's for ", "we'll send "]), X(f"{sp_cardinal(R.randint(2, 12))} {pick(['boxes', 'filters', 'units', 'bottles'])}", "qty")
    if k == "date":
        mo = R.randint(1, 12)
        return pick(["your appointment is ", "we'll see you on ", "the renewal date is ", "it was delivered "]), \
            X(f"{MONTHS[mo - 1]} {sp_ordinal(R.randint(1, 28))}", "date")
    if k == "zip":
        return pick(["and the billing zip is ", "zip code ", "for the service area, zip "]), X(speak(dz_zip(), [5], st), "zip")
    if k == "case":
        return pick(["your case number is ", "ticket "]), X(speak(rdigits(7), None, st), "case")
    return pick(["we've been with you since ", "that model's from ", "the warranty started in "]), X(sp_year_full(R.randint(1998, 2024)), "year")


def sp_words(n):
    if n < 100:
        return sp_cardinal(n)
    h, r = divmod(n, 100)
    return f"{UW[h]} hundred" + (f" {sp_cardinal(r)}" if r else "")


# ----------------------------------------------------------------------------
# Conversations (calls and chats)
# ----------------------------------------------------------------------------
class Conv:
    def __init__(self, d, kind, agent=None, cust=None, styles=None):
        self.d, self.kind = d, kind
        self.agent, self.cust = agent, cust
        self.t = R.randint(0, 30)
        self.clock = (R.randint(7, 21), R.randint(0, 59))
        named = agent is not None and cust is not None
        if kind == "call":
            opts = [("role", 18), ("spk", 12), ("ab", 8), ("ts_role", 10), ("ts_spk", 6), ("none", 8), ("gt", 4),
                    ("ts_only", 4)]
            if named:
                opts += [("name", 7), ("fullname", 3), ("upper_name", 3), ("ts_name", 5), ("role_paren", 4)]
        else:
            opts = [("role", 18), ("clock_role", 12), ("you", 6), ("none", 5), ("bot", 5)]
            if named:
                opts += [("name", 9), ("clock_name", 9), ("fullname", 4), ("role_paren", 5)]
        self.style = styles or wpick(opts)
        d.tag("labels_" + self.style)
        if self.style in ("name", "fullname", "upper_name", "ts_name", "role_paren", "clock_name"):
            d.tag("name_speaker_label")
        self.rolew = pick([("Agent", "Caller"), ("AGENT", "CUSTOMER"), ("Rep", "Customer"), ("CSR", "Client"),
                           ("agent", "caller"), ("Operator", "Caller"), ("Advisor", "Member")] if kind == "call" else
                          [("Agent", "Customer"), ("Support", "Visitor"), ("Advisor", "Guest"), ("Staff", "User"),
                           ("Team member", "Customer")])
        self.spkw = pick([("spk_0", "spk_1"), ("SPEAKER_00", "SPEAKER_01"), ("Speaker 1", "Speaker 2"), ("S1", "S2"),
                          ("ch0", "ch1"), ("spk_1", "spk_2")])
        self.abw = pick([("A", "B"), ("B", "A"), ("L", "R")])
        self.tsf = pick(["[{h:02d}:{m:02d}:{s:02d}]", "{h:02d}:{m:02d}:{s:02d}", "({m}:{s:02d})", "[{m:02d}:{s:02d}]"])
        self.cf = pick(["[{H}:{M:02d}]", "{H}:{M:02d}", "[{H12}:{M:02d} {AP}]", "{H12}:{M:02d} {AP} -"])
        self.last = None

    def _ts(self):
        self.t += R.randint(2, 14)
        h, rem = divmod(self.t, 3600)
        m, s = divmod(rem, 60)
        return self.tsf.format(h=h, m=m, s=s)

    def _clock(self):
        H, M = self.clock
        M += R.randint(0, 2)
        if M >= 60:
            H, M = (H + 1) % 24, M - 60
        self.clock = (H, M)
        return self.cf.format(H=H, M=M, H12=(H - 1) % 12 + 1, AP="AM" if H < 12 else "PM")

    def label(self, who):
        d, st = self.d, self.style
        p = self.agent if who == "A" else self.cust
        i = 0 if who == "A" else 1

        def ts_seg(txt):
            inner = re.sub(r"^[\[(]|[\])]$", "", txt)
            pre = txt[:len(txt) - len(txt.lstrip("[("))]
            post = txt[len(pre) + len(inner):]
            return [pre, X(inner, "timestamp"), post]

        def clock_seg(txt):
            m = re.match(r"^(\[?)([\d:]+(?: [AP]M)?)(\]?)(.*)$", txt)
            return [m.group(1), X(m.group(2), "time"), m.group(3) + m.group(4)]

        if st == "role":
            d.put(self.rolew[i] + ": ")
        elif st == "spk":
            d.put(self.spkw[i] + ": ")
        elif st == "ab":
            d.put(self.abw[i] + ": ")
        elif st == "ts_role":
            d.put(ts_seg(self._ts()), " " + self.rolew[i].lower() + ": ")
        elif st == "ts_spk":
            d.put(ts_seg(self._ts()), " | " + self.spkw[i] + " | ")
        elif st == "ts_only":
            d.put(ts_seg(self._ts()), " ")
        elif st == "gt":
            if self.last is not None and self.last != who:
                d.put(">> ")
        elif st == "none":
            pass
        elif st == "name":
            d.put(name_seg(d, p, "first", role="speaker_label"), ": ")
        elif st == "fullname":
            d.put(name_seg(d, p, "full", role="speaker_label"), ": ")
        elif st == "upper_name":
            vid = d.person(p)
            d.put(V(fold(p.first).upper(), vid, "speaker_label"), ": ")
        elif st == "ts_name":
            d.put(ts_seg(self._ts()), " ", name_seg(d, p, "first", role="speaker_label"), ": ")
        elif st == "role_paren":
            d.put(self.rolew[i] + " (", name_seg(d, p, "first", role="speaker_label"), "): ")
        elif st == "clock_role":
            d.put(clock_seg(self._clock()), " " + self.rolew[i] + ": ")
        elif st == "clock_name":
            d.put(clock_seg(self._clock()), " ", name_seg(d, p, "full" if chance(0.3) else "first", role="speaker_label"), ": ")
        elif st == "you":
            d.put(("You" if who == "C" else pick(["Support", "Helpdesk"])) + ": ")
        elif st == "bot":
            d.put(("Bot" if who == "A" else "Me") + ": " if chance(1) else "")
        self.last = who

    def say(self, who, *segs):
        self.label(who)
        segs = list(segs)
        if self.kind == "chat" and segs and isinstance(segs[0], str) and chance(0.5):
            segs[0] = cap1(segs[0])
        self.d.put(*segs)
        self.d.put("\n")


BACKCH = ["mm-hmm", "okay", "uh huh", "yep", "go ahead", "got it", "right", "yeah", "ok go on", "sorry go ahead",
          "mm", "alright", "hang on, okay go", "uh-huh keep going", "sure"]
CARD_ASK = ["and what card will you be using today", "go ahead with the card number whenever you're ready",
            "okay can i get the long number on the card", "what's the card number", "alright i'll need the card please",
            "and how would you like to pay", "can you read me the number across the front",
            "i can take that payment now if you have the card handy", "okay so the card number please",
            "whenever you're ready, the sixteen digits", "what card are we putting this on"]
CARD_LEAD = ["", "", "yeah it's ", "okay it's ", "sure, ", "um ", "the number is ", "it's a visa, ", "okay, ",
             "yeah so ", "alright ", "uh it's ", "ready? ", "got it here, "]
EXP_ASK = ["and the expiration date", "expiry?", "when does it expire", "and the month and year on it",
           "what's the valid thru", "good through date?", "and the date on the card", "next i need the date",
           "and then the, um, the date", "okay and after that", "what's next on it", "and the other one on the front",
           "and the end date", "anything else on the front, a date"]
EXP_LEAD = ["", "", "it's ", "expires ", "that's ", "um ", "valid thru ", "good till ", "runs out ", "ends ",
            "it says ", "uh ", "date is ", "the front says "]
CVV_ASK = ["and the three digits on the back", "and the security code", "cvv please", "and the last bit",
           "and the little number on the back", "what's the code on the back", "and the three numbers by the signature",
           "last thing, the back of the card", "and then the other number", "the three digit one", "and the code"]
CVV_LEAD = ["", "", "", "and the back one is ", "last bit is ", "the little number's ", "on the back it's ",
            "cvv ", "the code is ", "um ", "back says ", "it's ", "and then ", "security code "]
NAME_INTRO_CALL = ["hi my name is {}", "yeah hi it's {}", "hi this is {}", "{} here", "hey um my name's {}",
                   "hello, {} calling", "yes good morning this is {}", "uh hi i'm {}", "it's {} from the {} street house"]
AGENT_GREET = ["thank you for calling {co} this is {n} how can i help you", "{co}, you're speaking with {n}",
               "hi thanks for calling {co}, my name is {n}, what can i do for you today",
               "good afternoon {co} {n} speaking", "{co} this call may be recorded my name is {n}",
               "hello you've reached {co} this is {n}", "thanks for holding this is {n} with {co}"]
AGENT_GREET_ANON = ["thank you for calling {co} how can i help you", "{co}, how can i help",
                    "hi thanks for holding, what can i do for you today", "{co} this call may be recorded, how may i help",
                    "hello you've reached {co}", "good morning {co}"]
CLOSE_A = ["is there anything else i can help with", "you're all set", "anything else for you today",
           "alright that's all done", "okay you should get a confirmation shortly"]
CLOSE_C = ["no that's it thanks", "nope that's everything", "great thank you so much", "perfect thanks bye",
           "okay thank you", "that's all, cheers"]


def call_card(cv, d, st, first=True, brand=None):
    A, C = "A", "C"
    brand, card = gen_card(brand)
    cvid = d.val("CREDIT_CARD", card, brand=brand)
    d.tag("card_" + brand)
    m, y = gen_exp()
    evid = d.val("CARD_EXPIRY", f"{m:02d}/{y % 100:02d}", month=m, year=y, card=cvid)
    cvv = gen_cvv(brand)
    vvid = d.val("CARD_CVV", cvv, card=cvid)
    if brand == "amex":
        d.tag("cvv_cid4")
    groups = [4, 6, 5] if brand == "amex" else ([4, 4, 4, 4] if chance(0.7) else odd_groups(len(card)))
    if groups not in ([4, 6, 5], [4, 4, 4, 4]):
        d.tag("card_irregular_groups")
    if st.slip:
        d.tag("card_asr_slip")
    if st.dt:
        d.tag("card_double_triple")
    if first:
        cv.say(A, pick(CARD_ASK))
    else:
        cv.say(A, pick(["okay and the second card", "go ahead with the other one", "and the next card number",
                        "alright the mastercard then", "sure, what's the other card"]))
        d.tag("two_cards", "card_second")
    variant = wpick([("one_turn", 22), ("split", 22), ("interrupt", 12), ("false_start", 8), ("asr_digits", 8),
                     ("readback_wrong", 7), ("all_in_one", 12), ("group_turns", 9)])
    d.tag("card_" + variant)
    did_exp = did_cvv = False
    if variant == "one_turn":
        cv.say(C, pick(CARD_LEAD), V(speak(card, groups, st), cvid))
    elif variant == "asr_digits":
        txt = " ".join(card[sum(groups[:i]):sum(groups[:i + 1])] for i in range(len(groups))) if chance(0.6) else card
        cv.say(C, pick(CARD_LEAD), V(txt, cvid))
    elif variant == "all_in_one":
        d.tag("exp_no_cue", "cvv_no_cue")
        sep1, sep2 = pick([(", ", ", "), (" ", " "), (" ... ", " ... "), (", ", " and "), (" uh ", " then ")])
        cv.say(C, pick(CARD_LEAD), V(speak(card, groups, st), cvid), sep1, V(spoken_exp(m, y, d, st), evid), sep2,
               V(speak(cvv, [len(cvv)], st), vvid))
        did_exp = did_cvv = True
    elif variant in ("split", "interrupt", "group_turns"):
        if variant == "group_turns":
            pieces, pos = [], 0
            for g in groups:
                pieces.append(card[pos:pos + g])
                pos += g
        else:
            pieces = cuts_of(card, pick([2, 2, 3, 3, 4]))
        inst = d.inst()
        for k, pc in enumerate(pieces):
            lead = pick(CARD_LEAD) if k == 0 else pick(["", "", "then ", "uh ", "okay ", "and ", "next is "])
            tail = pick(["", "", "...", " uh", "", ","]) if k < len(pieces) - 1 else ""
            cv.say(C, lead, V(speak(pc, even_groups(len(pc), 4), st), cvid, "primary", inst), tail)
            if k < len(pieces) - 1:
                if variant == "interrupt" and chance(0.6):
                    cv.say(A, pick(["sorry you cut out after ", "wait, was that ", "hold on, ", "so far i have "]),
                           V(speak(pc, even_groups(len(pc), 4), Speech(True)), cvid, "readback_partial"),
                           pick(["?", "", " right?", "..."]))
                    d.tag("card_readback_partial")
                elif variant == "interrupt":
                    cv.say(A, pick(["sorry the line's breaking up, keep going", "[crosstalk] go on", "one sec, okay",
                                    "can you slow down a little", "i'm sorry, go ahead"]))
                else:
                    cv.say(A, pick(BACKCH))
    elif variant == "false_start":
        k = R.randint(3, 7)
        wrong = card[:k - 1] + str((int(card[k - 1]) + R.randint(1, 8)) % 10) if chance(0.6) else card[:k]
        cv.say(C, pick(CARD_LEAD), V(speak(wrong, even_groups(len(wrong), 4), st), cvid, "false_start"),
               pick(["... no sorry, ", " wait no, ", " uh scratch that, let me start over, ", " no no, ",
                     " hang on i misread it, "]),
               V(speak(card, groups, st), cvid))
    elif variant == "readback_wrong":
        cv.say(C, pick(CARD_LEAD), V(speak(card, groups, st), cvid))
        j = R.randrange(len(card))
        bad = card[:j] + str((int(card[j]) + R.randint(1, 9)) % 10) + card[j + 1:]
        cv.say(A, pick(["let me read that back, ", "so i have ", "okay that's "]),
               V(speak(bad, groups, Speech(True)), cvid, "readback_wrong"))
        gi = 0
        while sum(groups[:gi + 1]) <= j:
            gi += 1
        gs, ge = sum(groups[:gi]), sum(groups[:gi + 1])
        cv.say(C, pick(["no, ", "not quite, ", "uh no, "]), pick(["that group is ", "it's ", "should be ", "the "]),
               V(speak(card[gs:ge], [ge - gs], st), cvid, "correction"),
               pick(["", " not what you said", ""]))
        d.tag("card_correction")
    if variant not in ("readback_wrong",) and chance(0.35):
        cv.say(A, pick(["okay so that's ", "let me read it back ", "i have ", "confirming "]),
               V(speak(card, groups, Speech(True)), cvid, "readback"), pick(["", "?", " is that right", " correct?"]))
        cv.say(C, pick(["yes", "yep that's it", "correct", "mm-hmm", "yeah"]))
        d.tag("card_readback")
    if not did_exp:
        cue = chance(0.7)
        if cue:
            cv.say(A, pick(EXP_ASK))
            d.tag("exp_cue_generic")
        else:
            d.tag("exp_no_cue")
        ex = spoken_exp(m, y, d, st)
        if chance(0.12):
            wm = m % 12 + 1
            cv.say(C, pick(EXP_LEAD), V(spoken_exp(wm, y, d, st), evid, "false_start"), pick([" no wait, ", " sorry, ", "... actually "]), V(ex, evid))
            d.tag("exp_false_start")
        else:
            cv.say(C, pick(EXP_LEAD) if cue else "", V(ex, evid))
        if chance(0.25):
            cv.say(A, pick(["so ", "okay ", "got "]), V(spoken_exp(m, y, d, Speech(True)), evid, "readback"))
            d.tag("exp_readback")
    if not did_cvv:
        mode = wpick([("ask", 50), ("volunteer", 30), ("bare", 20)])
        d.tag("cvv_" + mode)
        txt = speak(cvv, [len(cvv)], st) if chance(0.6) else " ".join(sp_group(cvv, pick(["p", "h"]), st)) \
            if gdecode(" ".join(sp_group(cvv, "h", st))) == cvv else speak(cvv, [len(cvv)], st)
        if gdecode(txt) != cvv:
            txt = speak(cvv, [len(cvv)], st)
        if mode == "ask":
            q = pick(CVV_ASK)
            if brand == "amex":
                q = pick(["and the four digit code on the front", "and the cid, the little four digit one",
                          "and the security code, on amex it's four digits"])
            cv.say(A, q)
            cv.say(C, pick(CVV_LEAD), V(txt, vvid))
        elif mode == "volunteer":
            cv.say(C, pick(["and the back one is ", "last bit ", "the little number is ", "and on the back ",
                            "and the code on the back ", "oh and the other one's "]), V(txt, vvid))
        else:
            cv.say(A, pick(["mm-hmm", "and?", "okay", "go on"]))
            cv.say(C, V(txt, vvid))
        if chance(0.2):
            cv.say(A, pick(["and that was ", "confirming "]), V(speak(cvv, [len(cvv)], Speech(True)), vvid, "readback"), "?")
            cv.say(C, pick(["yes", "right", "mm-hmm yes"]))
            d.tag("cvv_readback")
    return brand


def call_ssn(cv, d, st):
    s = gen_ssn()
    if chance(0.35):
        vid = d.val("SSN", s[5:], subtype="last4")
        d.tag("ssn_last4")
        cv.say("A", pick(["for verification can i get the last four of your social", "last four of the social please",
                          "and just the last four digits of your ssn", "i need to verify, last four of your social security"]))
        cv.say("C", pick(["", "it's ", "sure ", "um "]), V(speak(s[5:], [4], st), vid, "last4"))
        return
    vid = d.val("SSN", s, subtype="full")
    cv.say("A", pick(["can i get your social security number", "and your social", "i'll need the full ssn for the application",
                      "what's the social on the account", "for the credit check i need your social security number"]))
    g = wpick([([3, 2, 4], 50), ([9], 10), ([3, 3, 3], 10), ([5, 4], 10), ([2, 3, 4], 8), ([3, 6], 6), ([4, 5], 6)])
    if g != [3, 2, 4]:
        d.tag("ssn_odd_groups")
    v = wpick([("one", 55), ("split", 25), ("false", 10), ("readback", 10)])
    d.tag("ssn_" + v)
    if v == "one":
        cv.say("C", pick(["", "yeah it's ", "okay ", "uh ", "sure it's "]), V(speak(s, g, st), vid))
    elif v == "split":
        inst = d.inst()
        pieces = cuts_of(s, 2) if chance(0.5) else [s[:3], s[3:5], s[5:]]
        for k, pc in enumerate(pieces):
            cv.say("C", pick(["", "then ", "um "]) if k else pick(["", "okay "]), V(speak(pc, [len(pc)], st), vid, "primary", inst))
            if k < len(pieces) - 1:
                cv.say("A", pick(BACKCH))
    elif v == "false":
        k = R.randint(2, 4)
        wrong = s[:k - 1] + str((int(s[k - 1]) + 3) % 10)
        cv.say("C", V(speak(wrong, [len(wrong)], st), vid, "false_start"), pick([" uh no, ", " sorry, ", " wait, "]), V(speak(s, g, st), vid))
    else:
        cv.say("C", V(speak(s, g, st), vid))
        cv.say("A", pick(["so that's ", "i have "]), V(speak(s, [3, 2, 4], Speech(True)), vid, "readback"))
        cv.say("C", pick(["yes", "that's right"]))


def call_dob(cv, d, st, who=None):
    y, m, dd = gen_dob()
    vid = d.val("DATE_OF_BIRTH", f"{y}-{m:02d}-{dd:02d}")
    cv.say("A", pick(["and your date of birth", "can you confirm your birthday", "date of birth please",
                      "what's the dob on the account", "and when were you born"] if who is None else
                     [f"and {who}'s date of birth", f"when was {who} born"]))
    dob = spoken_dob(y, m, dd, d, st)
    if chance(0.12):
        yw = y + pick([-1, 1])
        cv.say("C", pick(["it's ", "", "born "]), V(spoken_dob(yw, m, dd, d, st), vid, "false_start"), pick([" no sorry, ", " i mean "]), V(dob, vid))
        d.tag("dob_false_start")
    else:
        cv.say("C", pick(["", "it's ", "born ", "uh ", "i was born ", "that's "]), V(dob, vid))
    d.tag("dob_cue_asked")


def call_phone(cv, d, st):
    ph = gen_phone()
    vid = d.val("PHONE_NUMBER", e164(ph), nsn="".join(ph["parts"]), cc=ph["cc"], region=ph["region"])
    d.tag("phone_" + ph["region"].lower())
    cv.say("A", pick(["what's the best number to reach you", "and a callback number in case we get disconnected",
                      "can i get a phone number for the technician", "is there a good contact number",
                      "and the mobile number for text updates"]))
    digs = "".join(ph["parts"])
    groups = [len(x) for x in ph["parts"]]
    lead = pick(["", "sure it's ", "yeah ", "um ", "you can use my cell ", "it's "])
    if ph["region"] == "US":
        pre = ""
        if chance(0.3):
            pre = "area code "
        v = wpick([("one", 50), ("split", 25), ("one_prefix", 10), ("false", 8), ("pairs", 7)])
        d.tag("phone_sp_" + v)
        if v == "one":
            cv.say("C", lead, pre, V(speak(digs, groups, st), vid))
        elif v == "one_prefix":
            cv.say("C", lead, V("one " + speak(digs, groups, st), vid))
        elif v == "pairs":
            cv.say("C", lead, V(speak(digs, [3, 3, 2, 2], st), vid))
        elif v == "split":
            inst = d.inst()
            cv.say("C", lead, pre, V(speak(digs[:3], [3], st), vid, "primary", inst))
            cv.say("A", pick(BACKCH))
            cv.say("C", pick(["", "then ", "uh "]), V(speak(digs[3:], [3, 4], st), vid, "primary", inst))
        else:
            w = digs[:3] + str((int(digs[3]) + 2) % 10)
            cv.say("C", lead, V(speak(w, [3, 1], st), vid, "false_start"), pick([" no, ", " sorry, ", " uh let me redo that, "]),
                   V(speak(digs, groups, st), vid))
        if chance(0.15):
            e = str(R.randint(10, 9999))
            cv.say("C", pick(["extension ", "and then extension ", "ext "]), U(speak(e, [len(e)], st), "extension"))
            d.tag("phone_ext_spoken")
    else:
        cc = ph["cc"]
        w = pick(["plus ", "", "oh oh "]) if chance(0.8) else ""
        if w == "oh oh ":
            txt = "double oh " + speak(cc, [len(cc)], st) + " " + speak(digs, groups, st)
        elif w == "plus ":
            txt = "plus " + speak(cc, [len(cc)], st) + " " + speak(digs, groups, st)
        else:
            txt = speak("0" + digs, [groups[0] + 1] + groups[1:], st)
        if gdecode(txt) not in (cc + digs, "00" + cc + digs, "0" + digs):
            txt = "plus " + " ".join(UW[int(c)] for c in cc + digs)
        if txt.startswith("plus"):
            d.tag("phone_sp_plus")
        where = {"UK": "it's a uk number, ", "AU": "it's an australian number, ", "IN": "it's an indian number, ",
                 "NG": "it's a nigerian number, ", "PH": "it's a philippine number, ", "MX": "it's a mexico number, ",
                 "DE": "it's a german number, "}[ph["region"]]
        cv.say("C", pick(["", "", where, "international, ", "sure, " + where]), V(txt, vid))
    if chance(0.3):
        cv.say("A", pick(["let me repeat that, ", "so ", "i have "]), V(speak(digs, groups, Speech(True)), vid, "readback"))
        d.tag("phone_readback")


def call_email(cv, d, st, p):
    e = gen_email(p)
    vid = d.val("EMAIL_ADDRESS", e)
    cv.say("A", pick(["and an email for the receipt", "what email should we send the confirmation to",
                      "can i get an email address on file", "email address?", "and where should i email the quote"]))
    txt = spoken_email(e, d)
    v = wpick([("one", 60), ("spell_after", 20), ("split", 20)])
    if v == "one":
        cv.say("C", pick(["", "it's ", "sure it's ", "yeah ", "um "]), V(txt, vid), pick(["", " all lowercase", " no spaces"]))
    elif v == "spell_after":
        user = e.split("@")[0]
        if re.fullmatch(r"[a-z]+", user):
            cv.say("C", pick(["it's ", ""]), V(txt, vid))
            cv.say("A", pick(["can you spell the first part", "sorry, how do you spell that", "spell that for me"]))
            cv.say("C", V(spelled(user, pick(["space", "asin", "upper"])), vid, "spelled"))
            d.tag("email_spelled_after")
        else:
            cv.say("C", pick(["it's ", ""]), V(txt, vid))
    else:
        toks = txt.split(" ")
        k = toks.index("at")
        a_part = " ".join(toks[:k])
        b_part = " ".join(toks[k:])
        inst = d.inst()
        if a_part and a_part.split(" ")[-1] not in FILLERS and b_part.split(" ")[0] not in FILLERS:
            cv.say("C", pick(["", "it's "]), V(a_part, vid, "primary", inst))
            cv.say("A", pick(BACKCH))
            cv.say("C", V(b_part, vid, "primary", inst))
            d.tag("email_split_turns")
        else:
            cv.say("C", V(txt, vid))


def call_address(cv, d, st):
    a = gen_address(wpick([("US", 75), ("UK", 12), ("AU", 13)]))
    cv.say("A", pick(["and what's the service address", "where should we ship it", "what's the address on the account",
                      "and the mailing address", "can you confirm the billing address"]))
    s, rest = spoken_address(a, d, st)
    vid = d.val("STREET_ADDRESS", s, region=a["region"], kind=a["kind"])
    if rest:
        cv.say("C", pick(["", "it's ", "yeah it's ", "um "]), V(s, vid), " ", pick(["in ", "that's in ", "over in "]), U(rest, "city"))
    else:
        cv.say("C", pick(["", "it's ", "yeah it's ", "um "]), V(s, vid))


def call_bank(cv, d, st):
    rt = gen_routing()
    acct = rdigits(R.randint(8, 14))
    rvid = d.val("BANK_ACCOUNT", rt, subtype="routing")
    avid = d.val("BANK_ACCOUNT", acct, subtype="account")
    d.tag("routing", "acct")
    cv.say("A", pick(["for the autopay i'll need the routing number", "okay, bank routing number first",
                      "can you read me the nine digit routing number at the bottom left of the check"]))
    if chance(0.3):
        inst = d.inst()
        cv.say("C", V(speak(rt[:4], [4], st), rvid, "primary", inst), pick(["...", " uh", ","]))
        cv.say("A", pick(BACKCH))
        cv.say("C", V(speak(rt[4:], [5], st), rvid, "primary", inst))
        d.tag("routing_split_turns")
    else:
        cv.say("C", pick(["", "it's ", "okay ", "um "]), V(speak(rt, pick([[9], [3, 3, 3], [4, 5]]), st), rvid))
    cv.say("A", pick(["and the account number", "and then the account", "now the checking account number"]))
    if chance(0.3):
        inst = d.inst()
        pcs = cuts_of(acct, 2)
        cv.say("C", V(speak(pcs[0], None, st), avid, "primary", inst))
        cv.say("A", pick(BACKCH))
        cv.say("C", pick(["", "then "]), V(speak(pcs[1], None, st), avid, "primary", inst))
        d.tag("acct_split_turns")
    else:
        cv.say("C", pick(["", "it's ", "okay "]), V(speak(acct, None, st), avid))


def call_third_party(cv, d):
    p = Person()
    rel = pick(["husband", "wife", "daughter", "son", "mom", "dad", "partner", "caregiver", "brother", "sister",
                "neighbor", "grandson", "roommate", "business partner", "aunt"])
    form = pick(["first", "first", "full"])
    tmpl = pick(["it's actually my {rel} {n}'s card", "my {rel} {n} usually handles this", "can you add my {rel} {n} to the account",
                 "i'm calling for my {rel}, {n}", "the account's under my {rel}, {n}", "{n}, my {rel}, set it up",
                 "my {rel} {n} might call back about it"])
    before, after = tmpl.split("{n}")
    cv.say("C", before.format(rel=rel), name_seg(d, p, form, lower=True), after.format(rel=rel))
    d.tag("name_third_party")
    if chance(0.3):
        cv.say("A", pick(["and how do you spell {}'s last name", "can you spell the last name"]).format("their"))
        cv.say("C", V(spelled(p.last), d.person(p), "spelled"))
        d.tag("name_spelled")
    return p


def make_call(d, pii=True):
    st = Speech()
    co = low(pick(COMPANIES))
    agent = Person() if pii and chance(0.8) else None
    cust = Person() if pii and chance(0.92) else None
    cv = Conv(d, "call", agent, cust)
    if agent:
        g = pick(AGENT_GREET)
        pre, post = g.split("{n}")
        cv.say("A", pre.format(co=co), name_seg(d, agent, "first" if chance(0.8) else "full", lower=True), post.format(co=co))
        d.tag("name_agent")
    else:
        cv.say("A", pick(AGENT_GREET_ANON).format(co=co))
    if not pii:
        return call_nopii(cv, d, st)
    if cust and chance(0.8):
        t = pick(NAME_INTRO_CALL)
        pre, post = t.split("{}", 1)
        post = post.format(pick(STREETS).lower()) if "{}" in post else post
        cv.say("C", pre, name_seg(d, cust, pick(["first", "full", "full"]), lower=True), post,
               pick(["", " i'm calling about my bill", " i need to make a payment", " um i wanted to update my info",
                     " calling about the appointment", " i got a letter from you guys"]))
        d.tag("name_intro")
        if chance(0.25):
            cv.say("A", pick(["can you spell your last name for me", "how do you spell the last name"]))
            cv.say("C", pick(["sure ", "", "it's "]), V(spelled(cust.last), d.person(cust), "spelled"))
            d.tag("name_spelled")
    else:
        cv.say("C", pick(["hi yeah i need to pay my bill", "hey um i'm calling to update my account",
                          "hi i wanted to set up a new service", "yeah hello i got charged twice"]))
    topics = []
    k = wpick([(1, 35), (2, 45), (3, 20)])
    pool = [("card", 34), ("ssn", 10), ("dob", 10), ("phone", 14), ("email", 12), ("addr", 12), ("bank", 7), ("third", 8)]
    while len(topics) < k:
        t = wpick(pool)
        if t not in topics:
            topics.append(t)
    for t in topics:
        if chance(0.45):
            lead, x = spoken_distractor(st)
            cv.say("A", lead, x)
        if t == "card":
            brand = call_card(cv, d, st)
            if chance(0.12):
                cv.say("C", pick(["actually can we split it, put the rest on my other card",
                                  "oh wait i want to use a second card for half"]))
                call_card(cv, d, st, first=False, brand=pick(["mc", "visa", "amex", "disc"]))
            if chance(0.3):
                lead, x = spoken_distractor(st)
                cv.say("A", lead, x)
        elif t == "ssn":
            call_ssn(cv, d, st)
        elif t == "dob":
            call_dob(cv, d, st)
        elif t == "phone":
            call_phone(cv, d, st)
        elif t == "email":
            call_email(cv, d, st, cust or Person())
        elif t == "addr":
            call_address(cv, d, st)
        elif t == "bank":
            call_bank(cv, d, st)
        elif t == "third":
            p = call_third_party(cv, d)
            if chance(0.4):
                call_dob(cv, d, st, who=low(p.first))
    if chance(0.15):
        call_agent_callback(cv, d, st)
    if cust and chance(0.45):
        cv.say("A", pick(["thanks ", "alright ", "okay ", "perfect "]),
               name_seg(d, cust, pick(["first", "title_last"]), lower=True),
               pick([" you're all set", ", anything else", " that's been processed", ""]))
        d.tag("name_greeting")
    else:
        cv.say("A", pick(CLOSE_A))
    cv.say("C", pick(CLOSE_C))


def call_agent_callback(cv, d, st):
    """Agent gives a toll-free or direct number to call back on."""
    ph = gen_phone("US")
    tf = pick(["800", "888", "877", "866", "direct"])
    if tf != "direct":
        ph["parts"][0] = tf
    vid = d.val("PHONE_NUMBER", e164(ph), nsn="".join(ph["parts"]), cc="1", region="US")
    a, b, c = ph["parts"]
    plain = Speech(True)
    for _ in range(20):
        if tf == "800":
            txt = "one eight hundred, " + speak(b + c, [3, 4], st)
        elif tf != "direct":
            txt = "one " + speak(a, [3], plain) + ", " + speak(b + c, [3, 4], st)
        else:
            txt = speak(a + b + c, [3, 3, 4], st)
        if gdecode(txt) in ("1" + a + b + c, a + b + c):
            break
    else:
        txt = " ".join(UW[int(x)] for x in a + b + c)
    cv.say("A", pick(["if we get cut off you can call us back at ", "our direct line is ", "you can reach billing at ",
                      "for anything else the number is "]), V(txt, vid))
    d.tag("phone_agent_callback")


def call_nopii(cv, d, st):
    d.tag("no_pii")
    topic = pick(["order", "price", "appt", "tech", "refund"])
    if topic == "order":
        cv.say("C", pick(["hi i'm checking on an order", "yeah where's my package", "i ordered something last week"]))
        cv.say("A", "sure what's the order number")
        cv.say("C", pick(["it's ", "", "um "]), X(speak(rdigits(R.randint(7, 10)), None, st), "order"))
        lead, x = spoken_distractor(st)
        cv.say("A", pick(["okay i see it, it shipped ", "found it, it went out "]), X(pick(["tuesday", "yesterday", f"on the {sp_ordinal(R.randint(1, 28))}"]), "date"),
               ", tracking ends in ", X(speak(rdigits(4), [4], st), "tracking"))
        cv.say("A", lead, x)
    elif topic == "price":
        cv.say("C", pick(["how much is the premium plan", "what would it cost to add a second line", "what's the price for a windshield"]))
        for _ in range(R.randint(1, 3)):
            lead, x = spoken_distractor(st)
            cv.say("A", lead, x)
        cv.say("C", pick(["and is that per month", "okay and how many do i need", "does that include tax"]))
        cv.say("A", pick(["yes plus ", "it's about ", "roughly "]), X(f"{sp_cardinal(R.randint(2, 15))} percent", "pct"))
    elif topic == "appt":
        cv.say("C", pick(["i need to move my appointment", "can i book a cleaning", "when's the next opening"]))
        cv.say("A", pick(["i have "]), X(f"{pick(['monday', 'thursday', 'the twelfth', 'next friday'])}", "date"), " at ",
               X(f"{UW[R.randint(1, 9)]} {pick(['thirty', 'fifteen', 'forty five'])}", "time"), pick([" or ", " and also "]),
               X(f"{UW[R.randint(1, 9)]} o'clock", "time"))
        cv.say("C", "the first one works")
        lead, x = spoken_distractor(st)
        cv.say("A", lead, x)
    elif topic == "tech":
        cv.say("C", "my internet keeps dropping")
        cv.say("A", "can you read me the ip on the sticker")
        ip = dz_ip().replace(".", " dot ") if chance(0.5) else dz_ip()
        cv.say("C", X(ip, "ip"))
        cv.say("A", pick(["okay and the model number", "and the serial"]))
        cv.say("C", X(f"{pick(['g x', 't r', 'h v'])} {speak(rdigits(4), [4], st)}", "model"))
        cv.say("A", "i'll open ticket ", X(speak(rdigits(7), None, st), "case"))
    else:
        cv.say("C", "i was charged twice")
        cv.say("A", "i see two charges of ", X(f"{sp_words(R.randint(20, 400))} dollars", "price"), " on ", X(f"{MONTHS[R.randint(0, 11)]} {sp_ordinal(R.randint(1, 28))}", "date"))
        cv.say("A", "refund reference ", X(speak(nonluhn(16), [4, 4, 4, 4], st), "ref16"))
        d.tag("distractor_ref16_spoken")
    for _ in range(R.randint(0, 2)):
        lead, x = spoken_distractor(st)
        cv.say(pick(["A", "C"]), lead, x)
    cv.say("A", pick(CLOSE_A))
    cv.say("C", pick(CLOSE_C))


# ----------------------------------------------------------------------------
# Chats
# ----------------------------------------------------------------------------
def chat_card_msg(d, cv, cust_low):
    brand, card = gen_card()
    cvid = d.val("CREDIT_CARD", card, brand=brand)
    m, y = gen_exp()
    evid = d.val("CARD_EXPIRY", f"{m:02d}/{y % 100:02d}", month=m, year=y, card=cvid)
    cvv = gen_cvv(brand)
    vvid = d.val("CARD_CVV", cvv, card=cvid)
    d.tag("card_" + brand)
    if brand == "amex":
        d.tag("cvv_cid4")
    ctext = typed_card(card, d)
    etext = typed_exp(m, y, d)
    v = wpick([("one_line_cues", 20), ("one_line_bare", 18), ("three_msgs", 22), ("split_card", 12), ("asked", 18),
               ("lines", 10)])
    d.tag("chat_card_" + v)
    if v == "one_line_cues":
        ec = pick(["exp ", "expires ", "valid thru ", "exp. ", "good thru ", "until ", ""])
        vc = pick(["cvv ", "cvc ", "code ", "sec code ", "back: ", "the 3 on back ", ""] if brand != "amex" else ["cid ", "code ", "4 digit code ", ""])
        if not ec:
            d.tag("exp_no_cue")
        if not vc:
            d.tag("cvv_no_cue")
        cv.say("C", pick(["card is ", "ok here: ", "use this one ", "", "its "]), V(ctext, cvid), pick([" ", ", ", " | "]), ec,
               V(etext, evid), pick([" ", ", ", " / "]), vc, V(cvv, vvid))
    elif v == "one_line_bare":
        d.tag("exp_no_cue", "cvv_no_cue")
        cv.say("C", V(ctext, cvid), pick([" ", "  ", " - ", ", "]), V(etext, evid), pick([" ", " ", ", ", " / "]), V(cvv, vvid))
    elif v == "three_msgs":
        cv.say("C", V(ctext, cvid))
        if chance(0.4):
            cv.say("A", pick(["thanks, and the expiry?", "got it. expiration date?", "ok next one"]))
        cv.say("C", pick(["", "", "exp ", "its ", "and "]), V(etext, evid))
        if chance(0.4):
            cv.say("A", pick(["and the code on the back", "cvv?", "last thing, the security code"]))
            cv.say("C", pick(["", "", "its ", "code "]), V(cvv, vvid))
        else:
            cv.say("C", pick(["", "back one is ", "last bit ", "little number ", "and "]), V(cvv, vvid))
            d.tag("cvv_no_ask")
    elif v == "split_card":
        digs = re.sub(r"\D", "", ctext)
        cut = pick([4, 8, 8, 12]) if len(card) == 16 else pick([4, 10])
        inst = d.inst()
        cv.say("C", V(card[:cut], cvid, "primary", inst), pick(["", "...", " -"]))
        cv.say("C", pick(["", "sorry hit enter "]), V(card[cut:], cvid, "primary", inst))
        cv.say("C", V(etext, evid), " ", V(cvv, vvid))
        del digs
        d.tag("card_split_msgs")
    elif v == "asked":
        cv.say("A", pick(["Can you share the card number?", "What card would you like to use?", "Please enter the card number"]))
        cv.say("C", V(ctext, cvid))
        cv.say("A", pick(["And the expiration?", "Expiry date?", "exp date pls"]))
        cv.say("C", V(etext, evid))
        cv.say("A", pick(["And the CVV?", "Security code?", "And the 3 digits on the back?" if brand != "amex" else "And the 4-digit CID?"]))
        cv.say("C", V(cvv, vvid))
    else:
        cv.say("C", pick(["card: ", "number: ", "cc "]), V(ctext, cvid))
        cv.say("C", pick(["exp: ", "expiry ", "date "]), V(etext, evid))
        cv.say("C", pick(["cvv: ", "sec ", "code "]), V(cvv, vvid))
    return brand


def make_chat(d, pii=True):
    agent = Person() if pii and chance(0.7) else None
    cust = Person() if pii and chance(0.85) else None
    cv = Conv(d, "chat", agent, cust)
    co = pick(COMPANIES)
    if not pii:
        return chat_nopii(cv, d, co)
    if agent:
        g = pick(["Hi, I'm {n} from {co}. How can I help?", "Hello! You're chatting with {n}.", "{n} here, thanks for waiting!",
                  "Hi there, this is {n} with {co} support", "Welcome to {co}! My name is {n}."])
        pre, post = g.split("{n}")
        cv.say("A", pre.format(co=co), name_seg(d, agent, "first"), post.format(co=co))
        d.tag("name_agent")
    else:
        cv.say("A", pick([f"Hi, thanks for contacting {co}. How can I help?", "Hello! How can we help today?",
                          "You're now connected to support."]))
    if cust and chance(0.75):
        t = pick(["hi its {}", "Hello, my name is {}.", "hey, {} here", "this is {} (account holder)", "Hi! {} - I have a question",
                  "{} here, need help with my order"])
        pre, post = t.split("{}")
        cv.say("C", pre, name_seg(d, cust, pick(["first", "full", "full", "fullmid"]), lower=chance(0.3)), post)
        d.tag("name_intro")
    else:
        cv.say("C", pick(["hi need to update my payment info", "hello my order hasn't shipped", "hey can you help me with billing"]))
    k = wpick([(1, 40), (2, 40), (3, 20)])
    pool = [("card", 30), ("phone", 14), ("email", 16), ("addr", 12), ("dob", 8), ("ssn", 7), ("bank", 8), ("third", 5)]
    topics = []
    while len(topics) < k:
        t = wpick(pool)
        if t not in topics:
            topics.append(t)
    for t in topics:
        if chance(0.5):
            cv.say(pick(["A", "C"]), pick(["", "order ", "ref ", "about ", "re: ", "it says "]), random_distractor())
        if t == "card":
            chat_card_msg(d, cv, cust)
            if chance(0.12):
                cv.say("C", pick(["if that one fails use ", "or my other card ", "backup: "]), *second_card_segs(d))
                d.tag("two_cards")
        elif t == "phone":
            ph = gen_phone()
            vid = d.val("PHONE_NUMBER", e164(ph), nsn="".join(ph["parts"]), cc=ph["cc"], region=ph["region"])
            pre, txt = typed_phone(ph, d)
            ext = []
            if chance(0.15):
                ext = [pick([" x", " ext. ", " ext ", "x"]), U(str(R.randint(10, 9999)), "extension")]
                d.tag("phone_ext")
            if chance(0.3):
                cv.say("A", pick(["What's the best number to reach you?", "Phone number?", "Can I get a contact number?"]))
            cv.say("C", pick(["", "my number is ", "cell: ", "call me at ", "it's ", "new # is ", "reach me on "]), pre, V(txt, vid), *ext)
        elif t == "email":
            p = cust or Person()
            e = gen_email(p)
            vid = d.val("EMAIL_ADDRESS", e)
            txt = typed_email(e, d)
            if chance(0.3):
                cv.say("A", pick(["What email is on the account?", "Which email should we use?"]))
            if "email_angle" in d.tags:
                cv.say("C", pick(["send it to ", "email: "]), "<", V(txt, vid), ">")
            else:
                cv.say("C", pick(["", "email is ", "you can use ", "it's ", "send it to ", "pls use "]), V(txt, vid), pick(["", " thx", " please", " :)"]))
        elif t == "addr":
            a = gen_address()
            s = typed_address(a, d)
            vid = d.val("STREET_ADDRESS", s, region=a["region"], kind=a["kind"])
            cv.say("C", pick(["ship to ", "my address is ", "", "new address: ", "it should go to ", "deliver to "]), V(s, vid))
        elif t == "dob":
            y, m, dd = gen_dob()
            vid = d.val("DATE_OF_BIRTH", f"{y}-{m:02d}-{dd:02d}")
            if chance(0.5):
                cv.say("A", pick(["Can you confirm your date of birth?", "For security, what's your DOB?", "Birthday on file?"]))
                cv.say("C", pick(["", "its ", "sure, "]), V(typed_dob(y, m, dd, d, uk=chance(0.3)), vid))
            else:
                cv.say("C", pick(["dob ", "born ", "my birthday is ", "date of birth: "]), V(typed_dob(y, m, dd, d, uk=chance(0.3)), vid))
                d.tag("dob_cue_born")
        elif t == "ssn":
            s = gen_ssn()
            if chance(0.3):
                vid = d.val("SSN", s[5:], subtype="last4")
                cv.say("A", "Last 4 of your SSN?")
                cv.say("C", pick(["", "its ", "last four "]), V(s[5:], vid, "last4"))
                d.tag("ssn_last4")
            else:
                vid = d.val("SSN", s, subtype="full")
                cv.say("C", pick(["ssn ", "my social is ", "SSN: ", "social sec # ", "here's my social "]), V(typed_ssn(s, d), vid))
        elif t == "bank":
            bank_chat(cv, d)
        elif t == "third":
            p = Person()
            rel = pick(["my husband", "my wife", "my daughter", "my son", "my mom", "my caregiver", "my partner"])
            cv.say("C", pick(["it's under ", "please also add ", "the card belongs to ", "talk to "]), rel + " ", name_seg(d, p, pick(["first", "full"]), lower=chance(0.4)),
                   pick(["", " if I'm not around", ", thanks"]))
            d.tag("name_third_party")
    if chance(0.5) and cust:
        cv.say("A", pick(["Thanks ", "All set, ", "Great, thank you "]), name_seg(d, cust, "first"), pick(["!", ".", " - anything else?"]))
        d.tag("name_greeting")
    elif chance(0.5):
        cv.say("A", pick(["All set!", "Done, anything else?", "Thanks, that's updated."]))
    cv.say("C", pick(["thanks!", "ty", "great thank you", "👍", "perfect, bye"]))
    if cust and chance(0.2):
        cv.say("C", pick(["- ", "cheers, ", "thanks again, "]), name_seg(d, cust, "first"))
        d.tag("name_signoff")


def second_card_segs(d):
    brand, card = gen_card(pick(["visa", "mc", "amex", "disc"]))
    cvid = d.val("CREDIT_CARD", card, brand=brand)
    m, y = gen_exp()
    evid = d.val("CARD_EXPIRY", f"{m:02d}/{y % 100:02d}", month=m, year=y, card=cvid)
    cvv = gen_cvv(brand)
    vvid = d.val("CARD_CVV", cvv, card=cvid)
    d.tag("card_second", "card_" + brand)
    return [V(typed_card(card, d), cvid), " ", V(typed_exp(m, y, d), evid), " ", V(cvv, vvid)]


def bank_chat(cv, d):
    k = wpick([("us", 50), ("iban", 30), ("uk", 12), ("au", 8)])
    if k == "us":
        rt = gen_routing()
        acct = rdigits(R.randint(8, 15))
        rvid = d.val("BANK_ACCOUNT", rt, subtype="routing")
        avid = d.val("BANK_ACCOUNT", acct, subtype="account")
        d.tag("routing", "acct")
        rtxt = rt if chance(0.8) else f"{rt[:3]} {rt[3:6]} {rt[6:]}"
        cv.say("C", pick(["routing ", "ABA ", "rtn: ", "routing #"]), V(rtxt, rvid), pick([" acct ", ", account ", " / acct# ", " and account no. "]), V(acct, avid))
    elif k == "iban":
        ib = gen_iban()
        vid = d.val("BANK_ACCOUNT", ib, subtype="iban")
        txt = ib if chance(0.5) else " ".join(ib[i:i + 4] for i in range(0, len(ib), 4))
        if chance(0.1):
            txt = "-".join(ib[i:i + 4] for i in range(0, len(ib), 4))
            d.tag("iban_dashed")
        d.tag("iban")
        cv.say("C", pick(["my IBAN is ", "iban: ", "please refund to ", "IBAN "]), V(txt, vid))
    elif k == "uk":
        sc = rdigits(6)
        acct = rdigits(8)
        svid = d.val("BANK_ACCOUNT", sc, subtype="sort_code")
        avid = d.val("BANK_ACCOUNT", acct, subtype="account")
        d.tag("sort_code", "acct")
        cv.say("C", pick(["sort code ", "sort: "]), V(f"{sc[:2]}-{sc[2:4]}-{sc[4:]}" if chance(0.7) else sc, svid), pick([" acc ", ", account number ", " a/c "]), V(acct, avid))
    else:
        bsb = rdigits(6)
        acct = rdigits(9)
        svid = d.val("BANK_ACCOUNT", bsb, subtype="bsb")
        avid = d.val("BANK_ACCOUNT", acct, subtype="account")
        d.tag("bsb", "acct")
        cv.say("C", "BSB ", V(f"{bsb[:3]}-{bsb[3:]}", svid), pick([" acct ", " account "]), V(acct, avid))


def chat_nopii(cv, d, co):
    d.tag("no_pii")
    cv.say("A", pick([f"Hi, thanks for contacting {co}. How can I help?", "Hello! How can we help today?", "You're connected to support."]))
    t = pick(["order", "refund", "tech", "price", "appt"])
    if t == "order":
        cv.say("C", "hi where is order ", X(dz_order(), "order"), "?")
        cv.say("A", "It shipped on ", X(dz_date(), "date"), ", tracking ", X(dz_tracking(), "tracking"), ".")
        cv.say("C", "ok it said arriving by ", X(dz_time(), "time"))
    elif t == "refund":
        cv.say("C", pick(["i was charged ", "got billed "]), X(dz_price(), "price"), " twice")
        cv.say("A", "I've issued a refund, reference ", X(dz_ref16(), "ref16"), ". Allow ", X(f"{R.randint(3, 10)} business days", "duration"), ".")
    elif t == "tech":
        cv.say("C", "router shows ", X(dz_ip(), "ip"), " and firmware ", X(f"v{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 99)}", "version"))
        cv.say("A", "Thanks, I opened case ", X(dz_case(), "case"), ". Try ", X(dz_url(), "url"))
    elif t == "price":
        cv.say("C", "how much for ", X(dz_qty(), "qty"), "?")
        cv.say("A", "That would be ", X(dz_price(), "price"), " plus ", X(f"{R.randint(5, 15)}%", "pct"), " tax.")
    else:
        cv.say("C", "can I move my booking ", X(dz_conf(), "conf"), "?")
        cv.say("A", "Sure, we have ", X(dz_date(), "date"), " at ", X(dz_time(), "time"), " or ", X(dz_time(), "time"), ".")
    for _ in range(R.randint(1, 3)):
        cv.say(pick(["A", "C"]), pick(["", "also ", "fyi ", "note: "]), random_distractor())
    cv.say("C", pick(["thanks", "ok thx", "great"]))


# ----------------------------------------------------------------------------
# SMS texts
# ----------------------------------------------------------------------------
def make_text(d, pii=True):
    if not pii:
        return text_nopii(d)
    thread = chance(0.35)
    me = Person()
    other = Person()
    lab = None
    if thread:
        lab = pick(["names", "me_them", "arrow", "plain"])
        d.tag("text_thread", "labels_" + lab)
    lines = R.randint(1, 3) if thread else 1
    senders = []
    for i in range(lines):
        senders.append(i % 2)
    for i, who in enumerate(senders):
        if thread:
            if lab == "names":
                d.put(name_seg(d, me if who == 0 else other, "first", role="speaker_label"), ": ")
                d.tag("name_speaker_label")
            elif lab == "me_them":
                d.put(pick(["Me", "Me"]) if who == 0 else pick(["Mom", "Dad", "Sis", "Boss", "Landlord"]), ": ")
            elif lab == "arrow":
                d.put("> " if who == 0 else "< ")
        text_body(d, me if who == 0 else other, other if who == 0 else me, first=(i == 0))
        d.put("\n")


def text_body(d, me, other, first=True):
    k = wpick([("card", 26), ("phone", 16), ("email", 12), ("addr", 12), ("ssn", 7), ("dob", 8), ("bank", 8), ("name", 11)])
    greet = ""
    if chance(0.3):
        greet = pick(["hey ", "hi ", "yo ", "hiya ", "morning "])
    if greet and chance(0.5):
        d.put(greet, name_seg(d, other, "first", lower=chance(0.5)), pick([", ", " - ", "! "]))
        d.tag("name_greeting")
    elif greet:
        d.put(greet)
    if chance(0.3):
        d.put(pick(["its ", "it's ", "this is "]), name_seg(d, me, "first", lower=chance(0.5)), pick([". ", " - ", ", ", " here. "]))
        d.tag("name_intro")
    if k == "card":
        brand, card = gen_card()
        cvid = d.val("CREDIT_CARD", card, brand=brand)
        m, y = gen_exp()
        evid = d.val("CARD_EXPIRY", f"{m:02d}/{y % 100:02d}", month=m, year=y, card=cvid)
        cvv = gen_cvv(brand)
        vvid = d.val("CARD_CVV", cvv, card=cvid)
        d.tag("card_" + brand)
        if brand == "amex":
            d.tag("cvv_cid4")
        v = pick(["bare", "cues", "newlines_like", "lower_cues"])
        d.tag("text_card_" + v)
        ct = typed_card(card, d)
        et = typed_exp(m, y, d)
        if v == "bare":
            d.put(pick(["use ", "card ", "", "pay w ", "here "]), V(ct, cvid), pick([" ", " ", ", ", " / "]), V(et, evid), pick([" ", " ", ", "]), V(cvv, vvid))
            d.tag("exp_no_cue", "cvv_no_cue")
        elif v == "cues":
            d.put(pick(["Card ", "CC: ", "card# ", "Visa: " if brand == "visa" else "card: "]), V(ct, cvid), pick([" Exp ", " exp: ", ", good thru ", " until "]),
                  V(et, evid), pick([" CVV ", " code ", ", back ", " sec "]), V(cvv, vvid))
        elif v == "newlines_like":
            d.put(V(ct, cvid), " | ", V(et, evid), " | ", V(cvv, vvid))
            d.tag("exp_no_cue", "cvv_no_cue")
        else:
            d.put(pick(["ok the card is ", "num is ", "its "]), V(ct, cvid), pick([" and the date is ", " expiring ", " it runs out "]), V(et, evid),
                  pick([" and the little number is ", " last bit ", " back one is ", " then "]), V(cvv, vvid))
        if chance(0.3):
            d.put(pick([" for the ", " - ", " re "]), random_distractor())
        if chance(0.15):
            d.put(pick([". also mine: ", " or this one "]), second_card_segs(d))
            d.tag("two_cards")
    elif k == "phone":
        ph = gen_phone()
        if ph["region"] == "US" and chance(0.3):
            word = pick(VANITY)
            tf = pick(["800", "888", "877", "866"])
            vid = d.val("PHONE_NUMBER", "+1" + tf + "".join(KEYPAD[c] for c in word), vanity=True, nsn=tf + "".join(KEYPAD[c] for c in word), cc="1", region="US")
            val = d.values[vid]["value"]
            txt = f"1-{val[2:5]}-{word}" if chance(0.6) else f"{val[2:5]}-{word[:3]}-{word[3:]}"
            d.put(pick(["call ", "ring them on ", "number is "]), V(txt, vid))
            d.tag("phone_vanity")
        else:
            vid = d.val("PHONE_NUMBER", e164(ph), nsn="".join(ph["parts"]), cc=ph["cc"], region=ph["region"])
            pre, txt = typed_phone(ph, d)
            d.put(pick(["new number: ", "my cell is ", "call me on ", "text ", "save my new # ", "pls call ", "reach me at "]), pre, V(txt, vid))
            if chance(0.15):
                d.put(pick([" x", " ext. ", " ext "]), U(str(R.randint(10, 9999)), "extension"))
                d.tag("phone_ext")
        if chance(0.4):
            d.put(pick([" after ", " before ", " around "]), X(dz_time(), "time"))
    elif k == "email":
        e = gen_email(chance(0.6) and me or Person())
        vid = d.val("EMAIL_ADDRESS", e)
        d.put(pick(["send it to ", "email me at ", "my email ", "pls forward to ", "use "]), V(typed_email(e, d), vid))
    elif k == "addr":
        a = gen_address()
        s = typed_address(a, d)
        vid = d.val("STREET_ADDRESS", s, region=a["region"], kind=a["kind"])
        d.put(pick(["new addr: ", "come to ", "we're at ", "ship it to ", "party at ", "drop it at "]), V(s, vid))
        if chance(0.5):
            d.put(pick([" at ", " by ", " around "]), X(dz_time(), "time"))
    elif k == "ssn":
        s = gen_ssn()
        vid = d.val("SSN", s, subtype="full")
        d.put(pick(["my ssn for the form: ", "social is ", "SSN ", "ur SSN? mine is "]), V(typed_ssn(s, d), vid))
    elif k == "dob":
        y, m, dd = gen_dob()
        vid = d.val("DATE_OF_BIRTH", f"{y}-{m:02d}-{dd:02d}")
        if chance(0.5):
            p = Person()
            d.put(pick(["for the booking: ", "form needs "]), name_seg(d, p, "full"), pick([" born ", ", dob ", " - "]), V(typed_dob(y, m, dd, d, uk=chance(0.3)), vid))
            d.tag("name_full")
        else:
            d.put(pick(["dob ", "my birthday is ", "born ", "DOB: "]), V(typed_dob(y, m, dd, d, uk=chance(0.3)), vid))
        d.tag("dob_cue_born")
    elif k == "bank":
        rt = gen_routing()
        acct = rdigits(R.randint(8, 14))
        rvid = d.val("BANK_ACCOUNT", rt, subtype="routing")
        avid = d.val("BANK_ACCOUNT", acct, subtype="account")
        d.tag("routing", "acct")
        d.put(pick(["for the deposit: rt ", "routing ", "rtg "]), V(rt, rvid), pick([" acct ", " / ", " acc "]), V(acct, avid))
    else:
        p = Person()
        d.put(pick(["tell ", "ask ", "this is for ", "pick up "]), name_seg(d, p, pick(["first", "full", "last"]), lower=chance(0.3)),
              pick([" to call me", " when you can", " re the lease", " to bring the keys"]))
        if chance(0.5):
            d.put(" ", random_distractor())
        d.tag("name_other")
    if chance(0.2):
        d.put(pick([" thx", " ty!", " 🙏", " ok?", " 😊"]))
    if chance(0.25):
        d.put(pick([" - ", "\n- ", " —", " xx "]), name_seg(d, me, "first"))
        d.tag("name_signoff")


def text_nopii(d):
    d.tag("no_pii")
    t = pick(["delivery", "otp", "appt", "promo", "bank_alert", "order", "ticket"])
    if t == "delivery":
        d.put(pick(["Your parcel ", "Package "]), X(dz_tracking(), "tracking"), " is out for delivery, arriving ", X(dz_time(), "time"), "-", X(dz_time(), "time"),
              ". Order ", X(dz_order(), "order"), ".")
    elif t == "otp":
        d.put(pick(["Your verification code is ", "Use code ", "OTP: "]), X(rdigits(6), "otp"), ". It expires in ", X(f"{R.randint(5, 15)} minutes", "duration"),
              ". Ref ", X(dz_ref16(), "ref16"))
    elif t == "appt":
        d.put("Reminder: appointment on ", X(dz_date(), "date"), " at ", X(dz_time(), "time"), ", ", X(dz_misc()[0], "misc"), ". Reply C to confirm, conf ", X(dz_conf(), "conf"))
    elif t == "promo":
        d.put(pick(["SALE! ", "Flash deal: "]), X(f"{R.randint(10, 70)}%", "pct"), " off ", X(dz_qty(), "qty"), ", now ", X(dz_price(), "price"),
              ". Ends ", X(dz_date(), "date"), ". ", X(dz_url(), "url"))
    elif t == "bank_alert":
        d.put("Alert: purchase of ", X(dz_price(), "price"), " at ", X(f"store #{R.randint(100, 9999)}", "store"), " on ", X(dz_date(), "date"), " ",
              X(dz_time(), "time"), ". Auth ", X(rdigits(6), "conf"), ". Txn ", X(nonluhn(R.choice([13, 15, 16, 18, 19])), "ref16"))
    elif t == "order":
        d.put("order ", X(dz_order(), "order"), " total ", X(dz_price(), "price"), " for ", X(dz_qty(), "qty"), " - pickup ", X(dz_date(), "date"))
    else:
        d.put("Ticket ", X(dz_case(), "case"), " updated. Server ", X(dz_ip(), "ip"), " back up at ", X(dz_time(), "time"), ". See ", X(dz_url(), "url"))
    if chance(0.4):
        d.put(" ", random_distractor())


# ----------------------------------------------------------------------------
# Forms
# ----------------------------------------------------------------------------
L_NAME = ["Full name", "Name", "Policyholder", "Beneficiary", "Next of kin", "Account holder", "Signer", "Caregiver",
          "Cardholder", "Insured", "Guarantor", "Emergency contact", "Applicant", "Co-applicant", "Patient", "Guardian",
          "Tenant", "Payee", "Authorized user", "Executor", "Witness", "Referred by", "Contact person", "Recipient",
          "Primary driver", "Subscriber", "Dependent", "Trustee", "Spouse", "Name on card", "Legal name", "Attendee"]
L_CARD = ["Card number", "card_no", "PAN", "Credit card", "Card #", "cc_number", "Payment card", "Card (16 digits)",
          "ccnum", "cardNumber", "Número de tarjeta", "Kartennummer", "Debit card"]
L_EXP = ["Expiry", "Exp. date", "exp", "Valid thru", "Expiration (MM/YY)", "cc_exp", "expiryDate", "Good through", "Ablaufdatum", "Exp"]
L_CVV = ["CVV", "CVC", "Security code", "cvv2", "sec_code", "Card verification", "csc", "Code (back)", "CVC2"]
L_SSN = ["SSN", "Social Security #", "ssn", "Tax ID (SSN)", "Social", "soc_sec_no", "SSN/ITIN", "Social security number"]
L_PHONE = ["Phone", "Mobile", "Tel.", "cell", "Daytime phone", "contact_number", "Home #", "WhatsApp", "Alt phone", "Phone (work)"]
L_EMAIL = ["Email", "E-mail", "email_address", "Contact email", "Reply-to", "Login"]
L_ADDR = ["Address", "Mailing address", "Street", "Billing address", "Residence", "Service address", "Ship to", "Home address", "Property address"]
L_DOB = ["DOB", "Date of birth", "Birthdate", "D.O.B.", "birth_date", "Born", "Date de naissance", "Geburtsdatum"]
L_ROUT = ["Routing number", "ABA", "Routing/Transit #", "routing_no", "RTN"]
L_ACCT = ["Account number", "Acct #", "account_no", "Checking acct", "Savings account #"]


def form_fields(d, pii=True):
    """Return list of (label, value_segments_fn_result) where each value is a list of segments."""
    f = []
    if not pii:
        d.tag("no_pii")
        for _ in range(R.randint(4, 8)):
            lab, x = pick([("Order ID", lambda: X(dz_order(), "order")), ("Amount", lambda: X(dz_price(), "price")),
                           ("Qty", lambda: X(str(R.randint(1, 50)), "qty")), ("Submitted", lambda: X(f"{dz_date()} {dz_time()}", "date")),
                           ("IP", lambda: X(dz_ip(), "ip")), ("Referrer", lambda: X(dz_url(), "url")),
                           ("Confirmation", lambda: X(dz_conf(), "conf")), ("Case #", lambda: X(dz_case(), "case")),
                           ("Reference", lambda: X(dz_ref16(), "ref16")), ("Tracking", lambda: X(dz_tracking(), "tracking")),
                           ("ZIP", lambda: X(dz_zip(), "zip")), ("Model year", lambda: X(dz_year(), "year")),
                           ("Appointment", lambda: X(dz_date(), "date")), ("SKU", lambda: X(rdigits(9), "sku")),
                           ("Discount", lambda: X(f"{R.randint(5, 50)}%", "pct")), ("Gift card balance", lambda: X(dz_price(), "price"))])
            f.append((lab, [x()]))
        return f
    scenario = pick(["payment", "insurance", "deposit", "intake", "rental", "wire", "contact", "uk_deposit", "roster"])
    d.tag("form_" + scenario)
    p = Person()
    nl = pick(L_NAME)
    d.tag("name_form_label")

    def name_val(pp=None, form=None):
        pp = pp or p
        return name_seg(d, pp, form or pick(["full", "full", "fullmid", "last_first"]))

    if scenario == "payment":
        brand, card = gen_card()
        cvid = d.val("CREDIT_CARD", card, brand=brand)
        m, y = gen_exp()
        evid = d.val("CARD_EXPIRY", f"{m:02d}/{y % 100:02d}", month=m, year=y, card=cvid)
        cvv = gen_cvv(brand)
        vvid = d.val("CARD_CVV", cvv, card=cvid)
        d.tag("card_" + brand)
        if brand == "amex":
            d.tag("cvv_cid4")
        f += [(pick(["Name on card", "Cardholder", "Account holder", "Payer"]), name_val()), (pick(L_CARD), [V(typed_card(card, d), cvid)]),
              (pick(L_EXP), [V(typed_exp(m, y, d), evid)]), (pick(L_CVV), [V(cvv, vvid)])]
        if chance(0.5):
            f.append((pick(["Billing ZIP", "Postal code", "zip"]), [X(dz_zip(), "zip")]))
        if chance(0.3):
            b2, c2 = gen_card()
            v2 = d.val("CREDIT_CARD", c2, brand=b2)
            f.append((pick(["Backup card", "Second card", "card_2"]), [V(typed_card(c2, d), v2)]))
            d.tag("two_cards")
    elif scenario == "insurance":
        y, m, dd = gen_dob()
        dvid = d.val("DATE_OF_BIRTH", f"{y}-{m:02d}-{dd:02d}")
        f += [(pick(["Policyholder", "Insured", "Primary insured"]), name_val()), (pick(L_DOB), [V(typed_dob(y, m, dd, d), dvid)])]
        if chance(0.6):
            s = gen_ssn()
            f.append((pick(L_SSN), [V(typed_ssn(s, d), d.val("SSN", s, subtype="full"))]))
        b = Person()
        f.append((pick(["Beneficiary", "Next of kin", "Contingent beneficiary", "Spouse"]), name_val(b)))
        f.append(("Policy no.", [X(f"HL-{rdigits(8)}", "policy")]))
        d.tag("distractor_policy")
    elif scenario == "deposit":
        rt = gen_routing()
        acct = rdigits(R.randint(8, 15))
        f += [(pick(["Account holder", "Employee", "Payee", "Signer"]), name_val()),
              (pick(L_ROUT), [V(rt, d.val("BANK_ACCOUNT", rt, subtype="routing"))]),
              (pick(L_ACCT), [V(acct, d.val("BANK_ACCOUNT", acct, subtype="account"))]),
              ("Account type", ["checking"])]
        d.tag("routing", "acct")
        if chance(0.5):
            s = gen_ssn()
            f.append((pick(L_SSN), [V(typed_ssn(s, d), d.val("SSN", s, subtype="full"))]))
    elif scenario == "intake":
        y, m, dd = gen_dob()
        ph = gen_phone("US" if chance(0.7) else None)
        pv = d.val("PHONE_NUMBER", e164(ph), nsn="".join(ph["parts"]), cc=ph["cc"], region=ph["region"])
        pre, pt = typed_phone(ph, d)
        f += [(pick(["Patient", "Client", "Resident"]), name_val()), (pick(L_DOB), [V(typed_dob(y, m, dd, d), d.val("DATE_OF_BIRTH", f"{y}-{m:02d}-{dd:02d}"))]),
              (pick(L_PHONE), [pre, V(pt, pv)])]
        c = Person()
        f.append((pick(["Caregiver", "Emergency contact", "Next of kin", "Guardian"]), name_val(c, pick(["full", "first"]))))
        if chance(0.6):
            ph2 = gen_phone("US")
            pv2 = d.val("PHONE_NUMBER", e164(ph2), nsn="".join(ph2["parts"]), cc="1", region="US")
            pre2, pt2 = typed_phone(ph2, d)
            f.append((pick(["Caregiver phone", "Emergency phone", "Contact #"]), [pre2, V(pt2, pv2)]))
        f.append(("Appointment", [X(f"{dz_date()} {dz_time()}", "date")]))
    elif scenario == "rental":
        s = gen_ssn()
        a = gen_address("US")
        at = typed_address(a, d, tail=True)
        f += [(pick(["Applicant", "Tenant", "Lessee"]), name_val()), (pick(L_SSN), [V(typed_ssn(s, d), d.val("SSN", s, subtype="full"))]),
              (pick(["Current address", "Previous address", "Residence"]), [V(at, d.val("STREET_ADDRESS", at, region="US", kind=a["kind"]))])]
        if chance(0.5):
            f.append((pick(["Co-applicant", "Guarantor"]), name_val(Person())))
        f.append(("Monthly rent", [X(dz_price(), "price")]))
        f.append(("Move-in", [X(dz_date(), "date")]))
    elif scenario == "wire":
        ib = gen_iban()
        d.tag("iban")
        txt = ib if chance(0.5) else " ".join(ib[i:i + 4] for i in range(0, len(ib), 4))
        f += [(pick(["Beneficiary", "Beneficiary name", "Recipient"]), name_val()), ("IBAN", [V(txt, d.val("BANK_ACCOUNT", ib, subtype="iban"))]),
              ("BIC", [U(pick(["NWBKGB2L", "DEUTDEFF", "ABNANL2A", "BOFIIE2D", "INGBNL2A"]), "bic")]),
              ("Amount", [X(dz_price(), "price")]), ("Reference", [X(f"INV-{rdigits(6)}", "invoice")])]
    elif scenario == "uk_deposit":
        sc = rdigits(6)
        acct = rdigits(8)
        a = gen_address("UK")
        at = typed_address(a, d, tail=True)
        f += [(pick(["Account holder", "Account name", "Signer"]), name_val()),
              ("Sort code", [V(f"{sc[:2]}-{sc[2:4]}-{sc[4:]}", d.val("BANK_ACCOUNT", sc, subtype="sort_code"))]),
              ("Account number", [V(acct, d.val("BANK_ACCOUNT", acct, subtype="account"))]),
              ("Address", [V(at, d.val("STREET_ADDRESS", at, region="UK", kind=a["kind"]))])]
        d.tag("sort_code", "acct")
    elif scenario == "contact":
        e = gen_email(p)
        ph = gen_phone()
        pv = d.val("PHONE_NUMBER", e164(ph), nsn="".join(ph["parts"]), cc=ph["cc"], region=ph["region"])
        pre, pt = typed_phone(ph, d)
        f += [(nl, name_val(p, pick(["full", "first"]))), (pick(L_EMAIL), [V(typed_email(e, d) if chance(0.3) else e, d.val("EMAIL_ADDRESS", e))]),
              (pick(L_PHONE), [pre, V(pt, pv)])]
        if chance(0.5):
            a = gen_address()
            at = typed_address(a, d)
            f.append((pick(L_ADDR), [V(at, d.val("STREET_ADDRESS", at, region=a["region"], kind=a["kind"]))]))
        f.append(("Message", [pick(["please call about order ", "question re invoice ", "ref "]), X(dz_order(), "order")]))
    else:
        d.tag("form_roster")
        return None
    for _ in range(R.randint(0, 3)):
        x = random_distractor()
        if any(lab in ("Order ID", "order_no", "Amount", "Total", "Reference", "Ref no", "Tracking", "Time", "Submitted at",
                       "Appointment", "Date", "Confirmation", "Case #", "IP", "client_ip", "Referrer", "Quantity",
                       "Store ZIP", "Year") and lab.lower().split()[0][:4] == {"order": "orde", "price": "amou", "ref16": "refe",
                       "tracking": "trac", "time": "time", "date": "appo", "conf": "conf", "case": "case", "ip": "ip",
                       "url": "refe", "qty": "quan", "zip": "stor", "year": "year"}.get(x.kind, "-") for lab, _ in f):
            continue
        f.insert(R.randint(1, len(f)), (pick({"order": ["Order ID", "order_no"], "ref16": ["Reference", "Ref no"], "tracking": ["Tracking"],
                                              "price": ["Amount", "Total"], "time": ["Time", "Submitted at"], "date": ["Appointment", "Date"],
                                              "conf": ["Confirmation"], "case": ["Case #"], "ip": ["IP", "client_ip"], "url": ["Referrer"],
                                              "qty": ["Quantity"], "zip": ["Store ZIP"], "year": ["Year"]}.get(x.kind, ["Note", "Misc"])), [x]))
    R.shuffle(f) if chance(0.2) else None
    return f


def seg_text(segs):
    return "".join(s if isinstance(s, str) else s.text for s in segs)


def make_form(d, pii=True):
    fields = form_fields(d, pii)
    if fields is None:
        return form_roster(d)
    fmt = wpick([("kv", 35), ("json", 18), ("html", 14), ("qs", 12), ("csv", 11), ("ini", 10)])
    d.tag("form_" + fmt)
    if fmt == "kv":
        sep = pick([": ", ": ", " - ", ":\t", " = ", ": "])
        if chance(0.3):
            d.put(pick(["--- Submission ---\n", "NEW LEAD\n", "Form: enrollment\n", "== Claim form ==\n"]))
        for lab, segs in fields:
            d.put(lab + sep, segs, "\n")
    elif fmt == "ini":
        for lab, segs in fields:
            key = re.sub(r"[^a-z0-9]+", "_", low(lab)).strip("_")
            d.put(key + pick([" = ", "=", ": "]), segs, "\n")
    elif fmt == "json":
        pretty = chance(0.5)
        d.put("{" + ("\n" if pretty else ""))
        for i, (lab, segs) in enumerate(fields):
            key = re.sub(r"[^a-zA-Z0-9]+", "_", fold(lab)).strip("_").lower() if chance(0.7) else lab
            d.put(("  " if pretty else "") + json.dumps(key) + ": \"", segs, "\"" + ("," if i < len(fields) - 1 else "") + ("\n" if pretty else " "))
        d.put("}\n")
    elif fmt == "html":
        style = pick(["input", "table", "dl"])
        if style == "table":
            d.put("<table>\n")
        for lab, segs in fields:
            key = re.sub(r"[^a-z0-9]+", "_", low(lab)).strip("_")
            if style == "input":
                d.put(f'<label for="{key}">{lab}</label> <input id="{key}" name="{key}" value="', segs, '">\n')
            elif style == "table":
                d.put(f"<tr><td>{lab}</td><td>", segs, "</td></tr>\n")
            else:
                d.put(f"<dt>{lab}</dt><dd>", segs, "</dd>\n")
        if style == "table":
            d.put("</table>\n")
    elif fmt == "qs":
        d.put(pick(["POST /submit?", "GET /api/v2/lead?", "https://forms.example.org/f?", "/checkout/confirm?"]))
        parts = []
        for lab, segs in fields:
            key = re.sub(r"[^a-z0-9]+", "_", low(lab)).strip("_")
            enc = []
            for s in segs:
                if isinstance(s, str):
                    enc.append(s.replace(" ", "+").replace("(", "%28"))
                elif isinstance(s, V):
                    t = urllib.parse.quote_plus(s.text, safe="")
                    if not (t[0].isalnum() and t[-1].isalnum()):
                        t = urllib.parse.quote_plus(fold(s.text), safe="")
                    if chance(0.3):
                        t = t.replace("+", "%20")
                    enc.append(V(t, s.vid, s.role, s.inst))
                else:
                    enc.append(type(s)(s.text.replace(" ", "+").replace("/", "%2F").replace(",", "%2C").replace(":", "%3A").replace("?", "%3F").replace("=", "%3D").replace("&", "%26"), s.kind))
            parts.append([key + "="] + enc)
        for i, p in enumerate(parts):
            if i:
                d.put("&")
            d.put(p)
        d.put(pick([" HTTP/1.1\n", "\n", " 200\n"]))
        d.tag("form_urlencoded")
    else:
        heads = [re.sub(r"[^a-z0-9]+", "_", low(lab)).strip("_") for lab, _ in fields]
        d.put(",".join(heads) + "\n")
        for i, (lab, segs) in enumerate(fields):
            if i:
                d.put(",")
            q = "," in seg_text(segs) or chance(0.2)
            d.put('"' if q else "", segs, '"' if q else "")
        d.put("\n")


def form_roster(d):
    """CSV / table of several people."""
    n = R.randint(2, 4)
    cols = pick([["name", "dob", "phone"], ["member", "email", "phone"], ["employee", "ssn", "dob"],
                 ["resident", "address", "phone"], ["guest", "email", "room"]])
    sep = pick([",", "\t", ";", " | "])
    d.put(sep.join(cols + ["ref"]) + "\n")
    for _ in range(n):
        p = Person()
        cells = []
        for c in cols:
            if c in ("name", "member", "employee", "resident", "guest"):
                cells.append(name_seg(d, p, pick(["full", "last_first"]) if sep != "," else "full"))
            elif c == "dob":
                y, m, dd = gen_dob()
                cells.append([V(f"{y}-{m:02d}-{dd:02d}" if chance(0.5) else f"{m:02d}/{dd:02d}/{y}", d.val("DATE_OF_BIRTH", f"{y}-{m:02d}-{dd:02d}"))])
            elif c == "phone":
                ph = gen_phone("US")
                pre, pt = typed_phone(ph, d)
                cells.append([pre, V(pt, d.val("PHONE_NUMBER", e164(ph), nsn="".join(ph["parts"]), cc="1", region="US"))])
            elif c == "email":
                e = gen_email(p)
                cells.append([V(e, d.val("EMAIL_ADDRESS", e))])
            elif c == "ssn":
                s = gen_ssn()
                cells.append([V(f"{s[:3]}-{s[3:5]}-{s[5:]}", d.val("SSN", s, subtype="full"))])
            elif c == "address":
                a = gen_address("US")
                at = typed_address(a, d, tail=False)
                cells.append([V(at, d.val("STREET_ADDRESS", at, region="US", kind=a["kind"]))])
            elif c == "room":
                cells.append([X(str(R.randint(100, 999)), "room")])
        cells.append([X(dz_order(), "order")])
        for i, c in enumerate(cells):
            if i:
                d.put(sep)
            q = sep == "," and "," in seg_text(c)
            d.put('"' if q else "", c, '"' if q else "")
        d.put("\n")
    d.tag("name_full")


# ----------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------
def build(kind, pii):
    d = Doc(kind)
    {"call": make_call, "chat": make_chat, "text": make_text, "form": make_form}[kind](d, pii)
    return d


def main():
    plan = []
    for k, n in KIND_COUNTS.items():
        plan += [(k, i >= NO_PII_COUNTS[k]) for i in range(n)]
    R.shuffle(plan)
    assert len(plan) == N_ITEMS
    gold_lines, side_lines = [], []
    for idx, (kind, pii) in enumerate(plan):
        for attempt in range(50):
            d = build(kind, pii)
            if pii and not d.spans:
                continue
            if not pii and d.spans:
                continue
            break
        text = d.text()
        for s in d.spans:
            assert text[s["start"]:s["end"]] == s["text"]
        iid = f"blind3-{idx:04d}"
        spans = sorted(d.spans, key=lambda s: s["start"])
        gold_lines.append(json.dumps({"id": iid, "kind": kind, "text": text,
                                      "spans": [{"start": s["start"], "end": s["end"], "type": s["type"]} for s in spans],
                                      "tags": sorted(d.tags)}, ensure_ascii=False))
        side_lines.append(json.dumps({"id": iid,
                                      "spans": [dict(s, value=d.values[s["value_id"]]["value"]) for s in spans],
                                      "values": d.values, "distractors": d.dis, "neutral": d.neu}, ensure_ascii=False))
    os.makedirs(DATA, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(gold_lines) + "\n")
    with open(SIDE, "w", encoding="utf-8") as f:
        f.write("\n".join(side_lines) + "\n")
    print(f"wrote {len(gold_lines)} items to {OUT}")
    print(f"wrote sidecar to {SIDE}")


if __name__ == "__main__":
    main()
