#!/usr/bin/env python3
"""Generate the Muffle independent probe set.

  python3 make_probes.py            -> probes.jsonl, probes.distractors.jsonl, then runs check_probes.py

Everything here (carrier sentences, scripts, field labels, street names, extra names) is written
from scratch, modelled on how people talk to payment IVRs / call-centre agents, type into support
chats, SMS and web forms, and on the kind of typed sentences other PII tools use as test cases.
It deliberately does NOT reuse wording from shared/corpus/*.jsonl.

Deterministic: fixed seed, no clock, no environment input. Person names come from the US Census
1990 lists in names.txt (see gen_names.py) plus a small hand list of non-Census names.
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# The lexicon the generator draws names from, and where the probe set is written.
LEXICON = os.path.join(REPO, "jobs", "src", "detect", "data")
OUT = os.path.join(REPO, "jobs", "tests", "data")
R = random.Random(20261201)

# ----------------------------------------------------------------------------------------------
# document builder


class Doc:
    def __init__(self, kind):
        self.kind = kind
        self.text = ""
        self.spans = []      # dicts: start end type value canon
        self.neg = []        # distractors: start end kind value
        self.tags = {kind}

    def w(self, *segs):
        for s in segs:
            if isinstance(s, V):
                st = len(self.text)
                self.text += s.val
                self.spans.append({"start": st, "end": len(self.text), "type": s.typ,
                                   "value": s.val, "canon": s.canon, "full": s.full})
            elif isinstance(s, N):
                st = len(self.text)
                self.text += s.val
                self.neg.append({"start": st, "end": len(self.text), "kind": s.kind, "value": s.val,
                                 "canon": s.canon})
            elif isinstance(s, TS):
                st = len(self.text)
                val = s.render()
                self.text += val
                self.neg.append({"start": st, "end": st + val.index("]") + 1, "kind": "timestamp", "value": val[:val.index("]") + 1],
                                 "canon": None})
            elif isinstance(s, (list, tuple)):
                self.w(*s)
            else:
                self.text += s
        return self

    def line(self, spk, *segs):
        if spk is not None:
            self.w(spk, ": ")
        self.w(*segs)
        self.text += "\n"
        return self

    def tag(self, *t):
        self.tags.update(t)
        return self


class TS:
    """A chat speaker label with a clock prefix that advances from line to line."""
    def __init__(self, clock, name):
        self.clock, self.name = clock, name

    def render(self):
        h, m = self.clock
        m += R.choice([0, 0, 1])
        if m >= 60:
            h, m = (h + 1) % 24, m - 60
        self.clock[:] = [h, m]
        return f"[{h}:{m:02d}] {self.name}"


class V:
    """A sensitive value to label."""
    def __init__(self, val, typ, canon=None, full=False):
        self.val, self.typ, self.canon, self.full = val, typ, canon, full


class N:
    """A distractor: must NOT be masked (recorded in the sidecar file only)."""
    def __init__(self, val, kind, canon=None):
        self.val, self.kind, self.canon = val, kind, canon


def pick(seq):
    return R.choice(seq)


def chance(p):
    return R.random() < p


# ----------------------------------------------------------------------------------------------
# numbers

DW = "zero one two three four five six seven eight nine".split()
TEEN = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}
MONTHS = "january february march april may june july august september october november december".split()
MON3 = [m[:3] for m in MONTHS]
ORD = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth",
       9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth", 13: "thirteenth", 14: "fourteenth",
       15: "fifteenth", 16: "sixteenth", 17: "seventeenth", 18: "eighteenth", 19: "nineteenth",
       20: "twentieth", 30: "thirtieth"}


def ordinal(n):
    if n in ORD:
        return ORD[n]
    return TENS[n // 10] + " " + ORD[n % 10]


def ord_suffix(n):
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def zero_word():
    return "oh" if chance(0.6) else "zero"


def dig_word(d):
    return zero_word() if d == "0" else DW[int(d)]


def two_words(s, lead_zero_oh=True):
    """'41' -> 'forty one', '05' -> 'oh five', '10' -> 'ten', '00' -> 'oh oh'."""
    a, b = int(s[0]), int(s[1])
    if a == 0:
        return f"{zero_word()} {dig_word(s[1])}" if lead_zero_oh else dig_word(s[1])
    if a == 1:
        return TEEN[b]
    return TENS[a] + ("" if b == 0 else " " + DW[b])


def three_words(s, style=None):
    """'427' -> 'four twenty seven' | 'four hundred twenty seven' | 'four two seven'."""
    style = style or pick(["d", "d", "h", "hh"])
    if style == "d" or s[0] == "0":
        return " ".join(dig_word(c) for c in s)
    if style == "h":
        return dig_word(s[0]) + " " + two_words(s[1:])
    tail = s[1:]
    if tail == "00":
        return DW[int(s[0])] + " hundred"
    rest = two_words(tail) if tail[0] != "0" else DW[int(tail[1])]
    return DW[int(s[0])] + " hundred " + ("and " if chance(0.3) else "") + rest


def singles(s, doubles=True):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        run = 1
        while i + run < len(s) and s[i + run] == c:
            run += 1
        if doubles and run >= 2 and chance(0.6):
            if run >= 3 and chance(0.5):
                out.append("triple " + dig_word(c))
                i += 3
            else:
                out.append("double " + dig_word(c))
                i += 2
        else:
            out.append(dig_word(c))
            i += 1
    return " ".join(out)


def group_words(g, style):
    if style == "single":
        return singles(g, doubles=False)
    if style == "double":
        return singles(g, doubles=True)
    if style == "pairs":
        if len(g) == 4 and g[2:] == "00" and g[0] != "0":
            return two_words(g[:2]) + " hundred"
        if len(g) % 2 == 0:
            return " ".join(two_words(g[i:i + 2]) for i in range(0, len(g), 2))
        return dig_word(g[0]) + " " + " ".join(two_words(g[i:i + 2]) for i in range(1, len(g), 2))
    if style == "mixed":
        return group_words(g, pick(["single", "pairs", "double"]))
    raise ValueError(style)


def spoken_number(s, groups, style=None, joiner=" ", fillers=0.0):
    """Render digit string s, cut into groups (list of lengths), in ASR words.
    Renderings a listener could not decode back unambiguously ("fifty" + "five" = 55) are re-drawn."""
    from check_probes import decode_digits
    for _ in range(30):
        out = _spoken_number(s, groups, style, joiner, fillers)
        if decode_digits(out) == s:
            return out
    return _spoken_number(s, groups, "single", joiner, fillers)


def _spoken_number(s, groups, style=None, joiner=" ", fillers=0.0):
    style = style or pick(["single", "single", "double", "pairs", "mixed"])
    parts, i = [], 0
    for n in groups:
        parts.append(group_words(s[i:i + n], style))
        i += n
    out = parts[0]
    for p in parts[1:]:
        sep = joiner
        if fillers and chance(fillers):
            sep = " " + pick(["um", "uh", "uh", "okay", "and", "then"]) + " "
        out += sep + p
    return out


def typed_number(s, groups, sep):
    parts, i = [], 0
    for n in groups:
        parts.append(s[i:i + n])
        i += n
    return sep.join(parts)


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


def luhn_complete(prefix, length):
    body = prefix + "".join(str(R.randrange(10)) for _ in range(length - len(prefix) - 1))
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d


def make_card(brand=None):
    brand = brand or pick(["visa", "visa", "visa", "mc", "mc", "mc2", "amex", "amex", "disc", "disc65"])
    if brand == "visa":
        return brand, luhn_complete("4", 16)
    if brand == "mc":
        return brand, luhn_complete(str(R.randint(51, 55)), 16)
    if brand == "mc2":
        return "mc", luhn_complete(str(R.randint(2221, 2720)), 16)
    if brand == "amex":
        return brand, luhn_complete(pick(["34", "37"]), 15)
    if brand == "disc":
        return brand, luhn_complete("6011", 16)
    return "disc", luhn_complete("65", 16)


def bad_luhn16():
    while True:
        s = str(R.randint(1, 9)) + "".join(str(R.randrange(10)) for _ in range(15))
        if not luhn_ok(s):
            return s


def card_groups(card):
    return [4, 6, 5] if len(card) == 15 else [4, 4, 4, 4]


BRAND_WORDS = {"visa": ["visa", "visa debit", "visa card"], "mc": ["mastercard", "master card", "mc"],
               "amex": ["amex", "american express"], "disc": ["discover", "discover card"]}


def routing_number():
    while True:
        d = [R.randrange(10) for _ in range(8)]
        d[0] = R.choice([0, 1, 2, 3])
        if d[0] == 0:
            d[1] = R.randint(1, 9)
        s = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5])
        chk = (10 - s % 10) % 10
        return "".join(map(str, d)) + str(chk)


def account_number():
    return str(R.randint(1, 9)) + "".join(str(R.randrange(10)) for _ in range(R.choice([7, 8, 9, 10, 11])))


def ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}{R.randint(1, 99):02d}{R.randint(1, 9999):04d}"


def phone10():
    area = pick(["212", "312", "415", "503", "617", "702", "713", "801", "919", "404", "480", "520",
                 "614", "720", "856", "907", "239", "314", "646", "973", "347", "786", "603", "208"])
    ex = str(R.randint(2, 9)) + f"{R.randint(0, 99):02d}"
    return area + ex + f"{R.randint(0, 9999):04d}"


def exp_date():
    return R.randint(1, 12), R.randint(25, 33)


def cvv(brand):
    return f"{R.randint(0, 9999):04d}" if brand == "amex" and chance(0.7) else f"{R.randint(0, 999):03d}"


# ----------------------------------------------------------------------------------------------
# names

def load_names():
    first, last, both = [], [], []
    cw = set()
    with open(os.path.join(LEXICON, "name_words.txt")) as f:
        for line in f:
            if not line.startswith("#"):
                cw.add(line.split("\t")[0].strip())
    with open(os.path.join(LEXICON, "names.txt")) as f:
        for line in f:
            if line.startswith("#"):
                continue
            n, cls, fr, lr = line.rstrip("\n").split("\t")
            if n in cw or len(n) < 3:
                continue
            if fr != "-" and int(fr) <= 1200:
                first.append(n)
            if lr != "-" and int(lr) <= 12000:
                last.append(n)
    return sorted(first), sorted(last), cw


FIRST, LAST, COMMON = load_names()
INTL_FIRST = ["raj", "priya", "li", "wei", "oluwaseun", "siobhan", "aoife", "mateo", "ximena", "yuki",
              "haruto", "kwame", "abena", "fatima", "omar", "anya", "dmitri", "ngozi", "thanh", "minh",
              "arjun", "deepika", "chiara", "joaquin", "ines", "sven", "ingrid", "farah", "tariq", "mei",
              "jian", "bao", "kofi", "amara", "zeynep", "emre", "nikhil", "sanjay", "leilani", "keanu"]
INTL_LAST = ["nguyen", "okafor", "patel", "kowalczyk", "fitzgerald", "haddad", "yamamoto", "chen",
             "oyelaran", "van der berg", "o'connell", "ramaswamy", "bianchi", "novak", "abubakar",
             "mensah", "sato", "gutierrez", "lindqvist", "dubois", "zhang", "wei", "kaur", "singh"]
WORDY = ["will", "grace", "bill", "mark", "rose", "hope", "june", "summer", "art", "faith", "joy",
         "dawn", "april", "may", "frank", "sue", "pat", "carol", "jack", "dean", "rich", "penny",
         "amber", "holly", "ivy", "iris", "autumn", "robin", "sandy", "chase", "chip", "rusty"]
WORDY = [w for w in WORDY if w in COMMON]


def first_name(intl=None):
    if intl or (intl is None and chance(0.2)):
        return pick(INTL_FIRST)
    return pick(FIRST)


def last_name(intl=None):
    if intl or (intl is None and chance(0.15)):
        return pick(INTL_LAST)
    return pick(LAST)


def cap(n):
    return " ".join(w[:1].upper() + w[1:] if not w.startswith("o'") else "O'" + w[2:].capitalize()
                    for w in n.split(" ")) if not n.startswith("van ") else n


def full_name(typed, fmt=None):
    f, l = first_name(), last_name()
    if chance(0.06):
        f = pick(WORDY)
    fmt = fmt or pick(["fl", "fl", "fl", "f", "fml"] if typed else ["fl", "fl", "f"])
    if fmt == "f":
        n = f
    elif fmt == "fml" and typed:
        n = f"{f} {pick('abcdefghjklmnprstw')}. {l}"
    else:
        n = f"{f} {l}"
    if typed and chance(0.05):
        return n.upper(), f, l
    return (cap(n) if typed and not chance(0.12) else n), f, l


# ----------------------------------------------------------------------------------------------
# speakers

CALL_SPK = [("agent", "customer"), ("rep", "member"), ("spk_0", "spk_1"), ("spk_1", "spk_0"),
            ("operator", "caller"), ("Agent", "Caller"), ("AGENT", "CUSTOMER"), ("speaker 1", "speaker 2"),
            ("csr", "cust"), ("S1", "S2"), ("A", "B"), ("advisor", "client"), ("Rep", "Customer"),
            ("SPEAKER_00", "SPEAKER_01"), ("ch0", "ch1"), ("associate", "patient"), ("pharmacist", "caller"),
            ("teller", "member"), ("dispatcher", "caller"), ("IVR", "Caller")]
CHAT_SPK = [("Agent", "Customer"), ("Support", "Visitor"), ("agent", "user"), ("Bot", "You"),
            ("Concierge", "Guest"), ("Helpdesk", "Me"), ("support", "customer"), ("Assistant", "Client"),
            ("Live Agent", "Shopper"), ("CS", "Buyer")]


def call_speakers(d):
    if chance(0.08):
        a = first_name(False).capitalize()
        c = full_name(True, "fl")[0] if chance(0.5) else first_name(False).capitalize()
        d.tag("name_speaker_label", "name")
        return V(a, "PERSON_NAME"), V(c, "PERSON_NAME")
    a, c = pick(CALL_SPK)
    d.tag("spk_" + a.lower().replace(" ", "").replace("_", ""))
    return a, c


def chat_speakers(d):
    r = R.random()
    if r < 0.12:
        n = first_name(False).capitalize()
        d.tag("name_speaker_label", "name")
        return ["Agent ", V(n, "PERSON_NAME")], "Customer"
    if r < 0.22:
        h, m = R.randint(8, 18), R.randint(0, 59)
        d.tag("distractor_time", "chat_timestamps")
        a, c = pick(CHAT_SPK)
        clock = [h, m]
        return TS(clock, a), TS(clock, c)
    return pick(CHAT_SPK)


BACKCH = ["mm-hmm", "okay", "uh huh", "got it", "yep", "go ahead", "right", "okay go on", "mhm", "sure"]
FILL = ["um ", "uh ", "", "", "", "okay so ", "yeah ", "so "]


# ----------------------------------------------------------------------------------------------
# renderers for the value types (return V objects or lists of segments)

HOMO = {"four": "for", "two": "to", "eight": "ate", "one": "won"}


def r_card_spoken(card, d, style=None):
    g = card_groups(card)
    style = style or pick(["single", "single", "double", "pairs", "mixed", "groups"])
    if style == "groups":
        txt = spoken_number(card, g, pick(["single", "double"]), joiner=pick([" ", ", ", " ... "]),
                            fillers=0.3)
        d.tag("card_spoken_grouped")
    else:
        txt = spoken_number(card, g, style, fillers=0.15)
        d.tag("card_spoken_" + style)
    if chance(0.12):
        words = txt.split(" ")
        idx = [i for i, w_ in enumerate(words) if w_ in HOMO and 0 < i < len(words) - 1]
        if idx:
            i = pick(idx)
            words[i] = HOMO[words[i]]
            txt = " ".join(words)
            d.tag("card_asr_homophone")
    return V(txt, "CREDIT_CARD", card, True)


TYPED_SEPS = [("", "plain"), (" ", "spaced"), ("-", "dashed"), (".", "dots"), (",", "commas"),
              ("…", "ellipsis"), ("...", "ellipsis3"), ("–", "endash"), ("—", "emdash"), ("/", "slash"),
              (" and ", "and"), (" - ", "spaced_dash"), (". ", "dot_space"), (", ", "comma_space")]


def r_card_typed(card, d, sep=None):
    s, name = sep if sep else pick(TYPED_SEPS)
    d.tag("card_typed_" + name)
    g = card_groups(card)
    if chance(0.08) and s == " ":
        g = [4, 4, 8] if len(card) == 16 else [5, 5, 5]
        d.tag("card_irregular_groups")
    return V(typed_number(card, g, s), "CREDIT_CARD", card, True)


def r_exp_spoken(m, y, d):
    st = pick(["mon_yy", "mon_of_yy", "mm_yy", "m_yy", "digits", "mon_yyyy", "mm_slash", "mon_20yy", "asr_typed"])
    if st == "asr_typed":
        d.tag("exp_spoken_asr_typed")
        t = pick([f"{m:02d}/{y:02d}", f"{m}/{y:02d}", f"{m:02d} {y:02d}", f"{m:02d}{y:02d}"])
        return V(t, "CARD_EXPIRY", f"{m:02d}{y:02d}")
    d.tag("exp_spoken_" + st)
    yy = f"{y:02d}"
    if st == "mon_yy":
        t = f"{MONTHS[m - 1]} {two_words(yy)}"
    elif st == "mon_of_yy":
        t = f"{MONTHS[m - 1]} of {two_words(yy)}"
    elif st == "mm_yy":
        t = f"{two_words(f'{m:02d}')} {two_words(yy)}"
    elif st == "m_yy":
        t = f"{two_words(f'{m:02d}', False)} {two_words(yy)}"
    elif st == "digits":
        t = singles(f"{m:02d}{yy}", doubles=False)
    elif st == "mon_yyyy":
        t = f"{MONTHS[m - 1]} twenty {two_words(yy)}"
    elif st == "mm_slash":
        t = f"{two_words(f'{m:02d}')} slash {two_words(yy)}"
    else:
        t = f"{MONTHS[m - 1]} two thousand {two_words(yy, False) if y < 10 else two_words(yy)}"
    return V(t, "CARD_EXPIRY", f"{m:02d}{yy}")


def r_exp_typed(m, y, d):
    st = pick(["mm/yy", "mm/yy", "m/yy", "mmyy", "mm-yy", "mm/yyyy", "mm / yy", "mon yy", "MON/yy", "mm.yy",
               "mon yyyy"])
    d.tag("exp_typed_" + st.replace(" ", "").replace("/", "slash").replace(".", "dot"))
    yy = f"{y:02d}"
    t = {"mm/yy": f"{m:02d}/{yy}", "m/yy": f"{m}/{yy}", "mmyy": f"{m:02d}{yy}", "mm-yy": f"{m:02d}-{yy}",
         "mm/yyyy": f"{m:02d}/20{yy}", "mm / yy": f"{m:02d} / {yy}", "mon yy": f"{MON3[m - 1].capitalize()} {yy}",
         "MON/yy": f"{MON3[m - 1].upper()}/{yy}", "mm.yy": f"{m:02d}.{yy}",
         "mon yyyy": f"{MONTHS[m - 1].capitalize()} 20{yy}"}[st]
    return V(t, "CARD_EXPIRY", f"{m:02d}{yy}")


def r_cvv_spoken(c, d):
    if len(c) == 4:
        st = pick(["d", "pairs"])
        t = singles(c, False) if st == "d" else two_words(c[:2]) + " " + two_words(c[2:])
    else:
        st = pick(["d", "d", "h", "hh", "asr_digits"])
        t = (" ".join(c) if chance(0.6) else c) if st == "asr_digits" else three_words(c, st)
    d.tag("cvv_spoken_" + st)
    return V(t, "CARD_CVV", c)


def r_cvv_typed(c, d):
    st = pick(["plain", "plain", "plain", "spaced", "dashed"])
    d.tag("cvv_typed_" + st)
    t = c if st == "plain" else (" ".join(c) if st == "spaced" else "-".join(c))
    return V(t, "CARD_CVV", c)


def r_ssn_spoken(s, d, last4=False):
    if last4:
        t = spoken_number(s[-4:], [4], pick(["single", "double", "pairs"]))
        return V(t, "SSN", s[-4:])
    st = pick(["single", "double", "mixed"])
    t = spoken_number(s, [3, 2, 4], st, joiner=pick([" ", ", ", " ... "]), fillers=0.15)
    return V(t, "SSN", s)


def r_ssn_typed(s, d, last4=False):
    if last4:
        return V(s[-4:], "SSN", s[-4:])
    st = pick(["dashed", "dashed", "spaced", "plain", "dots", "slash"])
    d.tag("ssn_typed_" + st)
    sep = {"dashed": "-", "spaced": " ", "plain": "", "dots": ".", "slash": "/"}[st]
    return V(typed_number(s, [3, 2, 4], sep), "SSN", s)


def r_phone_typed(p, d):
    st = pick(["paren", "dashed", "dots", "plus1", "plain", "spaced", "paren_tight", "plus1_paren", "one_dash"])
    d.tag("phone_typed_" + st)
    a, b, c = p[:3], p[3:6], p[6:]
    t = {"paren": f"({a}) {b}-{c}", "dashed": f"{a}-{b}-{c}", "dots": f"{a}.{b}.{c}", "plus1": f"+1 {a} {b} {c}",
         "plain": p, "spaced": f"{a} {b} {c}", "paren_tight": f"({a}){b}-{c}", "plus1_paren": f"+1 ({a}) {b}-{c}",
         "one_dash": f"1-{a}-{b}-{c}"}[st]
    return V(t, "PHONE_NUMBER", p)


def r_phone_spoken(p, d):
    st = pick(["single", "single", "double", "pairs", "mixed"])
    d.tag("phone_spoken_" + st)
    t = spoken_number(p, [3, 3, 4], st, joiner=pick([" ", " ", ", "]), fillers=0.15)
    return V(t, "PHONE_NUMBER", p)


# intl / vanity phones
VANITY = [("1-800-FLOWERS", "18003569377"), ("1-888-NEW-CARS", "18886392277"), ("1-800-GO-FEDEX", "18004633339"),
          ("1 (877) MY-CLAIM", "18776925246"), ("1-866-LAW-HELP", "18665294357"), ("800-PLUMBER", "8007586237"),
          ("1-855-GET-SOLAR", "18554387652"), ("1-800-CONTACTS", "18002668228")]


def r_phone_intl(d):
    st = pick(["uk", "uk2", "au1800", "au_mobile", "de", "in", "1800us", "fr"])
    d.tag("phone_intl_" + st)
    if st == "uk":
        t = f"+44 (0)20 {R.randint(7000, 8999)} {R.randint(1000, 9999)}"
    elif st == "uk2":
        t = f"+44 ({R.randint(1200, 1999)}) {R.randint(100000, 999999)}"
    elif st == "au1800":
        t = f"1800 {R.randint(100, 999)} {R.randint(100, 999)}"
    elif st == "au_mobile":
        t = f"04{R.randint(10, 99)} {R.randint(100, 999)} {R.randint(100, 999)}"
    elif st == "de":
        t = f"+49 30 {R.randint(1000000, 99999999)}"
    elif st == "in":
        t = f"+91 {R.randint(70000, 99999)} {R.randint(10000, 99999)}"
    elif st == "1800us":
        t = f"1800 {R.randint(200, 999)} {R.randint(1000, 9999)}"
    else:
        t = f"+33 6 {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)}"
    return V(t, "PHONE_NUMBER", "".join(c for c in t if c.isdigit()))


def ext_suffix(d):
    e = str(R.randint(10, 9999))
    st = pick(["x", "X", "EXT", "ext", "ext.", " x", " ext. ", " extension "])
    d.tag("phone_ext_glued" if not st.startswith(" ") else "phone_ext_spaced")
    return N(st + e, "extension")


DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com", "proton.me",
           "comcast.net", "att.net", "verizon.net", "company.co.uk", "uni-hamburg.de", "mail.ru",
           "fastmail.fm", "hey.com", "gmx.de", "web.de", "live.ca", "example.org", "stateu.edu"]


def email_local(f, l):
    st = pick(["f.l", "fl", "f_l", "fl##", "f-l", "fli", "f.l##", "l.f", "f##"])
    f, l = f.replace(" ", "").replace("'", ""), l.replace(" ", "").replace("'", "")
    n = str(R.randint(1, 99)) if chance(0.5) else str(R.randint(1950, 2005))
    return {"f.l": f"{f}.{l}", "fl": f"{f}{l}", "f_l": f"{f}_{l}", "fl##": f"{f}{l}{n}", "f-l": f"{f}-{l}",
            "fli": f"{f[0]}{l}", "f.l##": f"{f}.{l}{n}", "l.f": f"{l}.{f}", "f##": f"{f}{n}"}[st]


def make_email():
    f, l = first_name(), last_name()
    return f"{email_local(f, l)}@{pick(DOMAINS)}"


def spell_email_spoken(addr, d):
    """letter-by-letter / word-mixed spoken e-mail."""
    local, dom = addr.split("@")
    mode = pick(["letters", "letters", "words", "mixed"])
    d.tag("email_spoken_" + mode)
    out = []

    def chunk(s, letters):
        toks, buf = [], ""
        i = 0
        while i < len(s):
            c = s[i]
            if c.isdigit():
                j = i
                while j < len(s) and s[j].isdigit():
                    j += 1
                num = s[i:j]
                if len(num) == 4 and chance(0.5):
                    toks.append(two_words(num[:2]) + " " + two_words(num[2:]))
                elif len(num) == 2 and chance(0.5):
                    toks.append(two_words(num))
                else:
                    toks.append(" ".join(dig_word(x) for x in num))
                i = j
                continue
            if c == ".":
                toks.append("dot")
            elif c == "_":
                toks.append("underscore")
            elif c == "-":
                toks.append(pick(["dash", "hyphen"]))
            elif c == "+":
                toks.append("plus")
            else:
                j = i
                while j < len(s) and s[j].isalpha():
                    j += 1
                word = s[i:j]
                toks.append(" ".join(word) if letters else word)
                i = j
                continue
            i += 1
        return " ".join(toks)
    if mode == "letters":
        out.append(chunk(local, True))
    elif mode == "words":
        out.append(chunk(local, False))
    else:
        out.append(chunk(local, chance(0.5)))
    out.append(pick(["at", "at", "at sign", "at symbol"]))
    dl, dt = dom.rsplit(".", 1) if dom.count(".") == 1 else (dom.split(".", 1)[0], dom.split(".", 1)[1])
    out.append(chunk(dl, mode == "letters" and chance(0.3)))
    out.append("dot " + " dot ".join(dt.split(".")))
    return V(" ".join(out), "EMAIL_ADDRESS", addr.lower())


def email_typed(addr, d):
    st = pick(["plain", "plain", "plain", "caps", "bracket", "paren", "words", "spaced_at", "angle", "punycode",
               "plus"])
    d.tag("email_typed_" + st)
    local, dom = addr.split("@")
    if st == "caps":
        t = (local.capitalize() + "@" + dom.capitalize()) if chance(0.5) else addr.upper()
    elif st == "bracket":
        t = f"{local} [at] {dom.replace('.', ' [dot] ')}" if chance(0.5) else f"{local}[at]{dom}"
    elif st == "paren":
        t = f"{local}(at){dom.replace('.', '(dot)')}" if chance(0.5) else f"{local} (at) {dom.replace('.', ' (dot) ')}"
    elif st == "words":
        t = f"{local} at {dom.replace('.', ' dot ')}"
    elif st == "spaced_at":
        t = f"{local} @ {dom}"
    elif st == "angle":
        t = f"{local}@{dom}"
    elif st == "punycode":
        dom = pick(["xn--mnchen-3ya.de", "xn--bcher-kva.example", "xn--caf-dma.fr", "xn--80ak6aa92e.com"])
        t = f"{local}@{dom}"
        addr = t
    else:
        t = f"{local}+{pick(['bills', 'shop', 'work', 'news'])}@{dom}"
        addr = t
    return V(t, "EMAIL_ADDRESS", addr.lower())


STREETS = ["Maple", "Cedar Ridge", "Willow Creek", "Harbor View", "Old Mill", "Jefferson", "Hawthorne", "Sycamore",
           "Birchwood", "Kingsley", "Marlowe", "Juniper", "Cypress Point", "Beacon Hill", "Lakeshore", "Sunset",
           "Prospect", "Chestnut", "Magnolia", "Quarry", "Foxglove", "Ridgecrest", "Pinecone", "Orchard Hill",
           "Riverbend", "Stonegate", "Wexford", "Ashbury", "Larkspur", "Meadowlark", "Canal", "Tamarack",
           "Greenbriar", "Whitfield", "Bayberry", "Linden", "Coventry", "Dogwood", "Fairmont", "Elmhurst"]
STYPES = ["Street", "St", "St.", "Avenue", "Ave", "Ave.", "Road", "Rd", "Lane", "Ln", "Drive", "Dr", "Dr.", "Court",
          "Ct", "Boulevard", "Blvd", "Way", "Place", "Pl", "Terrace", "Circle", "Parkway", "Pkwy", "Highway", "Trail"]
CITIES = [("Tacoma", "WA", "98402"), ("Boise", "ID", "83702"), ("Dayton", "OH", "45402"), ("Mesa", "AZ", "85201"),
          ("Albany", "NY", "12207"), ("Raleigh", "NC", "27601"), ("Fresno", "CA", "93721"), ("Omaha", "NE", "68102"),
          ("Savannah", "GA", "31401"), ("Provo", "UT", "84601"), ("Duluth", "MN", "55802"), ("Akron", "OH", "44308"),
          ("Reno", "NV", "89501"), ("Macon", "GA", "31201"), ("Eugene", "OR", "97401"), ("Tulsa", "OK", "74103")]


def r_addr_typed(d):
    st = pick(["plain", "plain", "unit", "unit", "pobox", "221b", "dir", "hash", "flat", "ordinal", "rr"])
    d.tag("addr_typed_" + st)
    num = str(R.choice([R.randint(1, 99), R.randint(100, 999), R.randint(1000, 9999), R.randint(10000, 29999)]))
    street = f"{pick(STREETS)} {pick(STYPES)}"
    if st == "plain":
        t = f"{num} {street}"
    elif st == "unit":
        t = f"{num} {street}{pick([' ', ', '])}{pick(['Apt', 'Apt.', 'Apartment', 'Suite', 'Ste', 'Unit', 'Bldg'])} {R.randint(1, 40)}{pick(['', '', 'A', 'B', 'C'])}"
    elif st == "pobox":
        t = f"{pick(['PO Box', 'P.O. Box', 'P O Box', 'POB', 'Post Office Box', 'po box'])} {R.randint(1, 99999)}"
    elif st == "221b":
        t = f"{R.randint(1, 999)}{pick('ABCD')} {street}"
    elif st == "dir":
        t = f"{num} {pick(['N', 'S', 'E', 'W', 'NW', 'North', 'West'])} {street}"
    elif st == "hash":
        t = f"{num} {street} #{R.randint(1, 999)}"
    elif st == "flat":
        t = f"Flat {R.randint(1, 30)}, {R.randint(1, 200)} {pick(STREETS)} {pick(['Road', 'Street', 'Close', 'Gardens', 'Mews'])}"
    elif st == "ordinal":
        t = f"{num} {pick(['W', 'E', ''])} {ord_suffix(R.randint(1, 99))} {pick(['St', 'Street', 'Ave', 'Avenue'])}".replace("  ", " ")
    else:
        t = f"RR {R.randint(1, 9)} Box {R.randint(10, 999)}"
    return V(t, "STREET_ADDRESS", t)


def r_addr_spoken(d):
    st = pick(["plain", "plain", "unit", "pobox", "letter"])
    d.tag("addr_spoken_" + st)
    num = str(R.choice([R.randint(1, 99), R.randint(100, 999), R.randint(1000, 9999)]))
    if len(num) == 4:
        nw = two_words(num[:2]) + " " + (two_words(num[2:]) if num[2] != "0" else "oh " + dig_word(num[3]))
    elif len(num) == 3:
        nw = three_words(num, pick(["d", "h"]))
    else:
        nw = two_words(num.zfill(2), False) if len(num) == 2 else DW[int(num)]
    street = f"{pick(STREETS).lower()} {pick(['street', 'avenue', 'road', 'lane', 'drive', 'court', 'boulevard', 'way', 'place', 'terrace'])}"
    if st == "plain":
        t = f"{nw} {street}"
    elif st == "unit":
        t = f"{nw} {street} {pick(['apartment', 'apt', 'unit', 'suite', 'number'])} {singles(str(R.randint(1, 40)), False)}{pick(['', ' b', ' c'])}"
    elif st == "pobox":
        pb = str(R.randint(10, 99999))
        t = f"{pick(['p o box', 'po box', 'post office box'])} {singles(pb, False)}"
    else:
        t = f"{nw} {pick('abcd')} {street}"
    return V(t, "STREET_ADDRESS", t)


def dob_date():
    y = R.randint(1936, 2006)
    m = R.randint(1, 12)
    dd = R.randint(1, 28)
    return y, m, dd


def r_dob_typed(d, ymd=None):
    y, m, dd = ymd or dob_date()
    st = pick(["15th June 1991", "22-nov-1972", "mm/dd/yyyy", "mm/dd/yyyy", "m/d/yy", "dd.mm.yyyy", "iso",
               "Month d, yyyy", "Mon d yyyy", "d Month yyyy", "Month dth, yyyy", "dd-MON-yyyy", "mm-dd-yyyy"])
    d.tag("dob_typed_" + st.replace(" ", "_").replace(",", "").replace("/", "-"))
    M, Mo = MONTHS[m - 1].capitalize(), MON3[m - 1]
    t = {"15th June 1991": f"{ord_suffix(dd)} {M} {y}", "22-nov-1972": f"{dd:02d}-{Mo}-{y}",
         "mm/dd/yyyy": f"{m:02d}/{dd:02d}/{y}", "m/d/yy": f"{m}/{dd}/{y % 100:02d}", "dd.mm.yyyy": f"{dd:02d}.{m:02d}.{y}",
         "iso": f"{y}-{m:02d}-{dd:02d}", "Month d, yyyy": f"{M} {dd}, {y}", "Mon d yyyy": f"{Mo.capitalize()} {dd} {y}",
         "d Month yyyy": f"{dd} {M} {y}", "Month dth, yyyy": f"{M} {ord_suffix(dd)}, {y}",
         "dd-MON-yyyy": f"{dd:02d}-{Mo.upper()}-{y}", "mm-dd-yyyy": f"{m:02d}-{dd:02d}-{y}"}[st]
    return V(t, "DATE_OF_BIRTH", f"{y}-{m:02d}-{dd:02d}")


def year_words(y):
    if y >= 2000:
        yy = y % 100
        if yy < 10:
            return pick(["two thousand " + DW[yy], "twenty oh " + DW[yy]]) if yy else "two thousand"
        return pick(["two thousand " + two_words(f"{yy:02d}"), "twenty " + two_words(f"{yy:02d}")])
    return "nineteen " + two_words(f"{y % 100:02d}")


def r_dob_spoken(d):
    y, m, dd = dob_date()
    st = pick(["month_ord_year", "ord_of_month_year", "month_card_year", "digits", "mm_dd_yy", "ord_month_year"])
    d.tag("dob_spoken_" + st)
    if st == "month_ord_year":
        t = f"{MONTHS[m - 1]} {ordinal(dd)} {year_words(y)}"
    elif st == "ord_of_month_year":
        t = f"{ordinal(dd)} of {MONTHS[m - 1]} {year_words(y)}"
    elif st == "month_card_year":
        t = f"{MONTHS[m - 1]} {two_words(f'{dd:02d}', False)} {year_words(y)}"
    elif st == "digits":
        t = singles(f"{m:02d}{dd:02d}{y % 100:02d}", False)
    elif st == "mm_dd_yy":
        t = f"{two_words(f'{m:02d}', False)} {two_words(f'{dd:02d}', False)} {two_words(f'{y % 100:02d}')}"
    else:
        t = f"{ordinal(dd)} {MONTHS[m - 1]} {two_words(f'{y % 100:02d}')}"
    return V(t, "DATE_OF_BIRTH", f"{y}-{m:02d}-{dd:02d}")


# ----------------------------------------------------------------------------------------------
# distractors

def d_price(d, spoken=False):
    d.tag("distractor_price")
    if spoken:
        a, b = R.randint(12, 899), R.randint(1, 99)
        w = three_words(str(a), "hh") if a >= 100 else two_words(str(a))
        cents = two_words(f"{b:02d}", False)
        opts = [f"{w} dollars and {cents} cents", f"{w} dollars"]
        if b >= 10:
            opts.append(f"{w} {cents}")
        return N(pick(opts), "price")
    a = R.choice([R.randint(5, 99), R.randint(100, 999), R.randint(1000, 4999)])
    return N(pick([f"${a}.{R.randint(0, 99):02d}", f"${a:,}", f"{a} USD", f"£{a}.{R.randint(0, 99):02d}",
                   f"${a:,}.00", f"{a}.{R.randint(0, 99):02d} dollars"]), "price")


def d_time(d, spoken=False):
    d.tag("distractor_time")
    h, m = R.randint(1, 12), R.choice([0, 15, 30, 45, R.randint(1, 59)])
    if spoken:
        return N(pick([f"{DW[h] if h < 10 else TEEN[h - 10]} {two_words(f'{m:02d}') if m else 'o clock'}",
                       f"{DW[h] if h < 10 else TEEN[h - 10]} thirty", f"quarter past {DW[h] if h < 10 else TEEN[h - 10]}"]), "time")
    return N(pick([f"{h}:{m:02d} pm", f"{h}:{m:02d}", f"{h}:{m:02d}am", f"{R.randint(13, 23)}:{m:02d}", f"{h} pm"]), "time")


def d_year(d, spoken=False):
    d.tag("distractor_year")
    y = R.randint(1998, 2025)
    return N(year_words(y) if spoken else str(y), "year")


def d_order(d, spoken=False, kinds=None):
    kind = pick(kinds or ["order", "tracking", "ticket", "confirmation", "reference", "case", "invoice", "claim", "rma"])
    d.tag("distractor_" + kind)
    if spoken:
        n = str(R.randint(100000, 99999999))
        return kind, N(singles(n, chance(0.5)), kind)
    if kind == "tracking":
        v = pick([f"1Z{R.randint(100, 999)}{pick(['A', 'E', 'W'])}{pick(['A', 'X'])}{R.randint(10 ** 10, 10 ** 11 - 1)}",
                  f"9400 1{R.randint(100, 999)} {R.randint(1000, 9999)} {R.randint(1000, 9999)} {R.randint(1000, 9999)} {R.randint(10, 99)}",
                  f"{R.randint(10 ** 11, 10 ** 12 - 1)}"])
    elif kind == "invoice":
        v = pick([f"INV-{R.randint(10000, 999999)}", f"{R.randint(100000, 9999999)}"])
    elif kind == "rma":
        v = f"RMA{R.randint(100000, 999999)}"
    elif kind == "ticket":
        v = pick([f"#{R.randint(10000, 999999)}", f"TKT-{R.randint(1000, 99999)}", f"{R.randint(1000000, 9999999)}"])
    else:
        v = pick([f"{R.randint(10 ** 6, 10 ** 10)}", f"{pick(['A', 'B', 'K', 'Q'])}{R.randint(10 ** 5, 10 ** 8)}",
                  f"{R.randint(100, 999)}-{R.randint(1000000, 9999999)}", f"#{R.randint(10 ** 5, 10 ** 9)}"])
    return kind, N(v, kind)


def d_ref16(d):
    d.tag("distractor_ref16")
    s = bad_luhn16()
    st = pick(["plain", "spaced", "dashed"])
    v = s if st == "plain" else typed_number(s, [4, 4, 4, 4], " " if st == "spaced" else "-")
    return N(v, "ref16_nonluhn", s)


def d_ip(d):
    d.tag("distractor_ip")
    return N(pick([f"192.168.{R.randint(0, 255)}.{R.randint(1, 254)}", f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
                   f"{R.randint(23, 223)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
                   f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}"]), "ip")


def d_url(d):
    d.tag("distractor_url")
    n = R.choice([str(R.randint(10 ** 5, 10 ** 9)), bad_luhn16(), str(R.randint(1000, 9999))])
    return N(pick([f"https://shop.example.com/orders/{n}", f"https://help.example.net/tickets/{n}/reply",
                   f"www.example.org/account/{n}?ref=sms", f"https://portal.example.com/invoice/{n}.pdf",
                   f"http://t.example.co/{n}"]), "url")


def d_qty(d, spoken=False):
    d.tag("distractor_qty")
    q = R.randint(2, 48)
    if spoken:
        return N(f"{DW[q] if q < 10 else (TEEN[q - 10] if q < 20 else two_words(str(q)))} {pick(['boxes', 'bags', 'units', 'cases', 'pairs'])}", "qty")
    return N(f"{q} {pick(['boxes', 'items', 'units', 'pcs', 'tickets', 'nights', 'seats'])}", "qty")


def d_zip(d):
    d.tag("distractor_zip")
    return N(f"{R.randint(10000, 99999)}" + (f"-{R.randint(1000, 9999)}" if chance(0.2) else ""), "zip")


# ----------------------------------------------------------------------------------------------
# generators


def gen_call_payment():
    d = Doc("call").tag("payment_exchange")
    A, C = call_speakers(d)
    brand, card = make_card()
    m, y = exp_date()
    code = cvv(brand)
    biz = pick(["northwind energy", "blue harbor telecom", "evergreen utilities", "summit auto finance",
                "lakeside dental", "redwood insurance", "pinecrest hotels", "metro water", "orbit wireless"])
    nm = None
    # opening
    opening = pick(["std", "std", "ivr", "none", "intro"])
    if opening == "std":
        an = first_name(False)
        d.line(A, f"{pick(['thanks for calling', 'thank you for calling', 'you have reached'])} {biz} {pick(['this is', 'my name is', 'you are speaking with', 'you got'])} ",
               V(an, "PERSON_NAME"), f" {pick(['how can i help', 'how may i help you today', 'what brings you in today'])}")
        d.tag("name_agent_intro", "name")
    elif opening == "intro":
        d.line(A, f"{biz} billing {pick(['good morning', 'good afternoon', 'hello'])}")
        nm, f_, l_ = full_name(False)
        d.line(C, f"{pick(['hi', 'hey', 'yeah hi', 'hello'])} {pick(['this is', 'my name is', 'it is', 'it s'])} ",
               V(nm, "PERSON_NAME"), f" {pick(['i need to pay my bill', 'i want to make a payment', 'calling to pay the balance'])}")
        d.tag("name_self_intro", "name")
    elif opening == "ivr":
        d.line(A, f"welcome to {biz} automated payments please say or enter your card number followed by the pound key")
        d.tag("ivr")
    # amount (distractor) sometimes before
    if chance(0.35):
        d.line(A, "your balance today is ", d_price(d, spoken=True))
        d.line(C, pick(["okay let s pay all of it", "yeah go ahead and pay that", "okay"]))
    # card prompt
    prompt = pick(["can i get the long number on the card", "go ahead with the card number", "what card will you be using today",
                   "and the number on the card please", "whenever you re ready the sixteen digits", "", "", "okay what s the card number"])
    if prompt and opening != "ivr":
        d.line(A, prompt)
    cstyle = pick(["whole", "whole", "whole", "split", "split", "correction", "readback_slip", "typed_asr"])
    d.tag("card_" + cstyle)
    lead = pick(["", "", "yeah it s ", "sure it s ", "okay ", "it s a " + pick(BRAND_WORDS[brand]) + " ", "um ", "the number is "])
    if cstyle == "whole":
        d.line(C, lead, r_card_spoken(card, d))
    elif cstyle == "typed_asr":
        d.line(C, lead, r_card_typed(card, d, (" ", "spaced") if chance(0.5) else ("", "plain")))
    elif cstyle == "split":
        g = card_groups(card)
        parts, i = [], 0
        cut = pick([[g[0], sum(g[1:])], g, [g[0] + g[1], sum(g[2:])], [g[0], g[1], sum(g[2:])]])
        for n in cut:
            parts.append(card[i:i + n])
            i += n
        st = pick(["single", "double", "pairs"])
        for k, p in enumerate(parts):
            d.line(C, (lead if k == 0 else pick(["", "", "then ", "and "])), V(spoken_number(p, [len(p)], st), "CREDIT_CARD", p))
            if k < len(parts) - 1:
                d.line(A, pick(BACKCH))
    elif cstyle == "correction":
        wrong = list(card)
        k = R.randrange(4, len(card) - 1)
        wrong[k] = str((int(wrong[k]) + R.randint(1, 8)) % 10)
        wrong = "".join(wrong)
        d.line(C, lead, V(spoken_number(wrong, card_groups(card), "single"), "CREDIT_CARD", wrong),
               f" {pick(['no sorry', 'wait no', 'sorry scratch that', 'no no hang on'])} ", r_card_spoken(card, d, "single"))
        d.tag("correction")
    else:  # readback with slip
        d.line(C, lead, r_card_spoken(card, d, pick(["single", "double"])))
        wrong = list(card)
        k = R.randrange(4, len(card) - 1)
        wrong[k] = str((int(wrong[k]) + R.randint(1, 8)) % 10)
        wrong = "".join(wrong)
        d.line(A, pick(["let me read that back ", "so that s ", "i have ", "okay confirming "]),
               V(spoken_number(wrong, card_groups(card), "single"), "CREDIT_CARD", wrong))
        g4 = card[-4:] if k >= len(card) - 4 else card[k - k % 4: k - k % 4 + 4] if len(card) == 16 else None
        if g4:
            d.line(C, pick(["no it s ", "not quite it s ", "close the group is "]),
                   V(singles(g4, False), "CREDIT_CARD", g4), pick(["", " not what you said", " in that group"]))
        else:
            d.line(C, "no let me say it again ", r_card_spoken(card, d, "single"))
        d.line(A, pick(["got it thank you", "sorry about that", "okay corrected"]))
        d.tag("readback_slip")
    # distractor inside exchange
    if chance(0.25):
        f = pick(["price", "time", "year", "qty"])
        if f == "price":
            d.line(A, "and you want to pay ", d_price(d, True), " today right")
            d.line(C, "yes")
        elif f == "time":
            d.line(C, "i need this done before ", d_time(d, True), " because i m at work")
            d.line(A, "no problem")
        elif f == "year":
            d.line(C, "i ve had that card since ", d_year(d, True))
            d.line(A, "okay")
        else:
            d.line(C, "it s for the ", d_qty(d, True), " i ordered")
            d.line(A, "right")
    # expiry
    estyle = pick(["cue", "cue", "no_cue", "split", "volunteer_with_card", "with_cvv"])
    d.tag("exp_" + estyle)
    if estyle == "with_cvv":
        d.line(A, pick(["expiry plus the code on the back", "expiration and security code", "exp and cvv"]))
        d.line(C, pick(FILL), r_exp_spoken(m, y, d), pick([" and the code is ", " and ", " then ", " the back is ", " c v v "]), r_cvv_spoken(code, d))
        d.tag("exp_cvv_same_turn")
        d.line(A, pick(["thank you", "perfect"]))
        return _call_payment_tail(d, A, C, nm)
    if estyle == "cue":
        d.line(A, pick(["and the expiration date", "expiry", "when does it expire", "the exp date on the front", "and it s good through", "what s the valid thru date"]))
        d.line(C, pick(FILL), r_exp_spoken(m, y, d))
    elif estyle == "no_cue":
        d.line(A, pick(["okay", "got it", "mm-hmm and", "next"]))
        d.line(C, pick(["", "it s ", "then "]), r_exp_spoken(m, y, d))
    elif estyle == "split":
        d.line(A, pick(["what month does it expire", "expiration month", "the month on it"]))
        d.line(C, V(pick([MONTHS[m - 1], two_words(f"{m:02d}"), two_words(f"{m:02d}", False)]), "CARD_EXPIRY", f"{m:02d}"))
        d.line(A, pick(["and the year", "year", "and what year"]))
        d.line(C, V(pick([two_words(f"{y:02d}"), "twenty " + two_words(f"{y:02d}"), "two thousand " + two_words(f"{y:02d}")]), "CARD_EXPIRY", f"{y:02d}"))
        d.tag("exp_month_year_two_turns")
    else:
        d.line(C, pick(["and it expires ", "expiration is ", "exp ", "good till "]), r_exp_spoken(m, y, d))
    # cvv
    cue = pick(["code", "code_is", "three_on_back", "cvc", "cvv_letters", "security_number", "none", "none", "bare_and",
                "security_code", "little_number", "customer_volunteers"])
    d.tag("cvv_" + cue)
    if cue == "code":
        d.line(A, pick(["and the code", "the code please", "code on the back"]))
        d.line(C, pick(FILL), r_cvv_spoken(code, d))
    elif cue == "code_is":
        d.line(C, pick(["and the code is ", "code is ", "and the code on it is "]), r_cvv_spoken(code, d))
    elif cue == "three_on_back":
        d.line(A, pick(["and the three on the back", "last three on the back", "the three digits on the signature strip"]))
        d.line(C, pick(FILL), r_cvv_spoken(code, d))
    elif cue == "cvc":
        d.line(A, pick(["cvc", "and the cvc", "the cvc two"]))
        d.line(C, r_cvv_spoken(code, d))
    elif cue == "cvv_letters":
        d.line(A, pick(["and the c v v", "c v v please", "what s the c v v number"]))
        d.line(C, pick(["the c v v is ", "it s ", ""]), r_cvv_spoken(code, d))
    elif cue == "security_number":
        d.line(A, pick(["and the security number", "security number on the back"]))
        d.line(C, r_cvv_spoken(code, d))
    elif cue == "security_code":
        d.line(A, pick(["and the security code", "and your card security code", "the card verification value"]))
        d.line(C, r_cvv_spoken(code, d))
    elif cue == "little_number":
        d.line(A, pick(["and the little number by the signature", "the digits on the back of the card"]))
        d.line(C, pick(["it s ", ""]), r_cvv_spoken(code, d))
    elif cue == "none":
        d.line(A, pick(["mm-hmm", "okay", "and", "got it"]))
        d.line(C, r_cvv_spoken(code, d))
    elif cue == "bare_and":
        d.line(C, "and ", r_cvv_spoken(code, d))
    else:
        d.line(C, pick(["oh and the back says ", "the one on the back is ", "on the back it s "]), r_cvv_spoken(code, d))
    # cvv readback occasionally
    if chance(0.15):
        d.line(A, "that s ", r_cvv_spoken(code, d), " correct")
        d.line(C, "yep")
        d.tag("cvv_readback")
    return _call_payment_tail(d, A, C, nm)


def _call_payment_tail(d, A, C, nm):
    # after: distractors
    tail = pick(["conf", "price", "time", "year", "none", "none", "zip", "wordname"])
    if tail == "conf":
        kind, n = d_order(d, spoken=True)
        d.line(A, f"that went through your {kind} number is ", n)
        d.line(C, "thank you")
    elif tail == "price":
        d.line(A, "i ve applied a payment of ", d_price(d, True))
    elif tail == "time":
        d.line(A, "it ll post by ", d_time(d, True), " tomorrow")
    elif tail == "year":
        d.line(A, "and what year did you open the account")
        d.line(C, d_year(d, True), " i think")
        d.tag("distractor_what_year")
    elif tail == "zip":
        d.line(A, "billing zip code")
        d.line(C, N(singles(str(R.randint(10000, 99999)), False), "zip"))
        d.tag("distractor_zip")
    elif tail == "wordname":
        d.line(A, pick(["you ll see the bill in your email", "i will send a receipt", "i hope that helps"]))
        d.tag("distractor_wordname")
    if chance(0.2):
        d.line(A, pick(["want the receipt emailed", "where should i send the receipt"]))
        d.line(C, pick(["sure it s ", "yeah ", ""]), spell_email_spoken(make_email(), d))
        d.tag("email_receipt")
    if nm and chance(0.5):
        d.line(A, "thanks ", V(nm.split()[0], "PERSON_NAME"), " have a good one")
    else:
        d.line(A, pick(["anything else", "you re all set", "have a good day"]))
    return d


def gen_call_verify():
    d = Doc("call").tag("verification")
    A, C = call_speakers(d)
    d.line(A, pick(["before we continue i need to verify a few things", "i just need to confirm your identity",
                    "for security can you answer a few questions", "okay i can help with that first some details"]))
    items = R.sample(["name", "dob", "ssn4", "ssn", "addr", "phone", "email", "zip_neg", "year_neg"], R.randint(2, 4))
    for it in items:
        if it == "name":
            d.line(A, pick(["who am i speaking with", "can i have your full name", "what name is the account under", "and your name"]))
            nm, f, l = full_name(False, pick(["fl", "fl", "f"]))
            d.line(C, pick(["it s ", "", "yeah ", "this is ", "it should be under "]), V(nm, "PERSON_NAME"))
            d.tag("name_answer", "name")
            if chance(0.35):
                d.line(A, "thank you ", V(f, "PERSON_NAME"))
            if chance(0.25):
                d.line(A, "can you spell the last name")
                sp = l.replace(" ", "").replace("'", "")
                d.line(C, V(" ".join(sp), "PERSON_NAME", sp))
                d.tag("name_spelled")
        elif it == "dob":
            d.line(A, pick(["date of birth", "and your birthday", "could you verify the birth date on file", "when were you born", "d o b please"]))
            d.line(C, pick(FILL), r_dob_spoken(d))
            d.tag("dob")
        elif it == "ssn4":
            d.line(A, pick(["give me the last four of the social", "the last four of the ssn", "last four digits of your social security number", "last four of the s s n"]))
            s = ssn()
            if chance(0.2):
                d.line(C, V(spoken_number(s[-4:-2], [2], "single"), "SSN", s[-4:-2]))
                d.line(A, pick(BACKCH))
                d.line(C, V(spoken_number(s[-2:], [2], "single"), "SSN", s[-2:]))
                d.tag("ssn_split_turns")
            else:
                d.line(C, pick(FILL), r_ssn_spoken(s, d, last4=True))
            d.tag("ssn_last4")
        elif it == "ssn":
            d.line(A, pick(["and the full social please", "i ll need your social security number", "what s your ssn"]))
            d.line(C, pick(FILL), r_ssn_spoken(ssn(), d))
            d.tag("ssn_full")
        elif it == "addr":
            d.line(A, pick(["what s the address on file", "and your street address", "where should we mail it", "service address"]))
            c = pick(CITIES)
            d.line(C, r_addr_spoken(d), pick(["", f" {c[0].lower()}", f" in {c[0].lower()} {c[1].lower()}"]))
            d.tag("addr")
        elif it == "phone":
            d.line(A, pick(["best number to reach you", "what s a good callback number", "phone number on the account"]))
            p = phone10()
            if chance(0.25):
                d.line(C, V(spoken_number(p[:3], [3], "single"), "PHONE_NUMBER", p[:3]))
                d.line(A, pick(BACKCH))
                d.line(C, V(spoken_number(p[3:], [3, 4], "single"), "PHONE_NUMBER", p[3:]))
                d.tag("phone_split_turns")
            else:
                d.line(C, pick(FILL), r_phone_spoken(p, d))
            if chance(0.2):
                d.line(C, "extension ", N(singles(str(R.randint(100, 9999)), False), "extension"))
                d.tag("distractor_ext")
        elif it == "email":
            d.line(A, pick(["where should the receipt go by email", "what email should i use", "can you spell your email"]))
            d.line(C, pick(["sure ", "it s ", ""]), spell_email_spoken(make_email(), d))
        elif it == "zip_neg":
            d.line(A, "what s the zip code there")
            d.line(C, N(singles(str(R.randint(10000, 99999)), False), "zip"))
            d.tag("distractor_zip")
        else:
            d.line(A, pick(["what year did you open the account", "and roughly when did you join", "how long have you been with us"]))
            d.line(C, pick(["back in ", "", "i think "]), d_year(d, True))
            d.tag("distractor_what_year")
    d.line(A, pick(["thank you you re verified", "perfect that matches", "okay all verified"]))
    return d


def gen_call_bank():
    d = Doc("call").tag("bank")
    A, C = call_speakers(d)
    rn, an = routing_number(), account_number()
    d.line(A, pick(["to set up autopay i ll need your routing number", "okay for the e check what s the routing number",
                    "we can take it from your checking account what s the nine digit routing"]))
    st = pick(["single", "double", "pairs"])
    if chance(0.25):
        d.line(C, V(spoken_number(rn[:4], [4], st), "BANK_ACCOUNT", rn[:4]))
        d.line(A, pick(BACKCH))
        d.line(C, V(spoken_number(rn[4:], [5], st), "BANK_ACCOUNT", rn[4:]))
        d.tag("routing_split_turns")
    else:
        d.line(C, pick(FILL), V(spoken_number(rn, [9], st, fillers=0.0), "BANK_ACCOUNT", rn))
    d.tag("routing_spoken")
    d.line(A, pick(["and the account number", "now the account number", "and the checking account number"]))
    d.line(C, pick(FILL), V(spoken_number(an, [len(an)], pick(["single", "double"])), "BANK_ACCOUNT", an))
    d.tag("acct_spoken")
    if chance(0.4):
        d.line(A, "and the check number you re looking at ", N(singles(str(R.randint(100, 9999)), False), "check_number"))
        d.tag("distractor_check_number")
    if chance(0.5):
        d.line(A, "the draft of ", d_price(d, True), " will come out on the ", N(ordinal(R.randint(1, 28)), "day"))
    return d


def gen_call_negative():
    d = Doc("call").tag("negative_only")
    A, C = call_speakers(d)
    sc = pick(["order", "appt", "outage", "wordname", "ref16", "year", "price"])
    d.tag("scenario_" + sc)
    if sc == "order":
        kind, n = d_order(d, spoken=True)
        d.line(C, f"hi i m calling about my {kind} it s ", n)
        d.line(A, "let me look that up it shipped ", N(pick(["monday", "yesterday", "on the fourth"]), "date"), " and it s ", d_qty(d, True))
        d.line(C, "okay when will it arrive")
        d.line(A, "by ", d_time(d, True), " on friday")
    elif sc == "appt":
        d.line(C, "i need to move my appointment")
        d.line(A, "i have ", d_time(d, True), " or ", d_time(d, True), " on the twelfth")
        d.line(C, "the first one and the copay is still ", d_price(d, True), " right")
        d.line(A, "correct")
    elif sc == "outage":
        d.line(C, "my internet has been down since ", d_time(d, True))
        d.line(A, "i see an outage affecting ", N(str(R.randint(200, 4000)), "count"), " customers in your area")
        d.line(A, "your router should show ", N(pick(["one nine two dot one six eight dot one dot one", "ten dot zero dot zero dot one"]), "ip"))
        d.tag("distractor_ip")
    elif sc == "wordname":
        d.line(C, pick(["i will pay the bill next week i hope that s fine", "can you mark the bill as paid",
                        "i may be late this month", "the summer rate was lower"]))
        d.line(A, pick(["sure i will note that", "no problem we can grace it a few days", "i hope so too"]))
        d.tag("distractor_wordname")
    elif sc == "ref16":
        d.line(A, "your reference for this call is")
        s = bad_luhn16()
        d.line(A, N(spoken_number(s, [4, 4, 4, 4], "single"), "ref16_nonluhn", s))
        d.line(C, "okay got it")
        d.tag("distractor_ref16")
    elif sc == "year":
        d.line(A, "what year is the vehicle")
        d.line(C, d_year(d, True), " ", pick(["honda", "ford", "subaru"]))
        d.line(A, "and the mileage")
        d.line(C, N(pick(["about eighty thousand", "sixty two thousand", "one twenty thousand"]), "mileage"))
    else:
        d.line(C, "why did my bill go up to ", d_price(d, True))
        d.line(A, "there was a rate change of ", N(pick(["four percent", "three and a half percent"]), "pct"), " in ", d_year(d, True))
    return d


# ---------------- chats


def gen_chat_payment():
    d = Doc("chat").tag("payment_exchange")
    A, C = chat_speakers(d)
    brand, card = make_card()
    m, y = exp_date()
    code = cvv(brand)
    if chance(0.4):
        nm, f, l = full_name(True, pick(["f", "fl"]))
        d.line(A, pick(["Hi ", "Hello ", "Thanks "]), V(nm.split()[0] if " " in nm else nm, "PERSON_NAME"),
               pick([", I can take that payment for you.", "! Ready when you are.", ", go ahead with the card details."]))
        d.tag("name_greeting", "name")
    mode = pick(["lines", "lines", "one_msg", "issue_example", "split_card", "two_cards", "card_then_number", "correction"])
    d.tag("chatpay_" + mode)
    if mode == "lines":
        d.line(C, pick(["card: ", "", "ok its ", "Card number ", "here: "]), r_card_typed(card, d))
        if chance(0.5):
            d.line(A, pick(["Thanks, and the expiry?", "exp?", "Got it. Expiration date?", "and when does it expire"]))
        d.line(C, r_exp_typed(m, y, d))
        if chance(0.5):
            d.line(A, pick(["And the CVC?", "security code on the back?", "the 3 digits on the back pls", "CVV?", "Last thing, the code",
                            "c.v.v.?", "C V V please", "and the security number"]))
            d.tag("cvv_cued")
        else:
            d.tag("cvv_no_cue")
        d.line(C, r_cvv_typed(code, d))
    elif mode == "one_msg":
        d.line(C, pick(["", "ok ", "here you go "]), r_card_typed(card, d), pick([" exp ", " ", ", ", " expires ", " - "]),
               r_exp_typed(m, y, d), pick([" cvv ", " ", ", ", " code ", " sec ", " and "]), r_cvv_typed(code, d))
    elif mode == "issue_example":
        d.line(C, "card ", r_card_typed(card, d, ("-", "dashed")), " / ", r_exp_typed(m, y, d), " / ", r_cvv_typed(code, d))
    elif mode == "split_card":
        g = card_groups(card)
        k = g[0] + g[1]
        d.line(C, pick(["card is ", "", "number "]), V(card[:k], "CREDIT_CARD", card[:k]))
        if chance(0.5):
            d.line(A, pick(["go on", "ok", "and the rest?"]))
        d.line(C, V(card[k:], "CREDIT_CARD", card[k:]))
        d.line(C, r_exp_typed(m, y, d))
        d.line(C, r_cvv_typed(code, d))
        d.tag("card_split_messages")
    elif mode == "two_cards":
        b2, c2 = make_card()
        d.line(C, pick(["try ", "use ", "either "]), r_card_typed(card, d), pick([" or ", " and if that fails ", ", backup ", " / "]), r_card_typed(c2, d))
        d.line(A, "expiry and code for the first one?")
        d.line(C, r_exp_typed(m, y, d), pick([" ", " and ", ", "]), r_cvv_typed(code, d))
        d.tag("two_cards")
    elif mode == "card_then_number":
        f = pick(["exp", "exp", "amount", "order"])
        if f == "exp":
            d.line(C, r_card_typed(card, d, ("", "plain")), " ", V(f"{m:02d}{y:02d}", "CARD_EXPIRY", f"{m:02d}{y:02d}"), " ", r_cvv_typed(code, d))
            d.tag("card_glued_following")
        elif f == "amount":
            d.line(C, r_card_typed(card, d), " for ", d_price(d))
            d.line(C, r_exp_typed(m, y, d), " ", r_cvv_typed(code, d))
        else:
            kind, n = d_order(d)
            d.line(C, r_card_typed(card, d), f" {kind} ", n)
            d.line(A, "And the expiry and CVV?")
            d.line(C, r_exp_typed(m, y, d), " ", r_cvv_typed(code, d))
    else:
        wrong = list(card)
        k = R.randrange(0, len(card))
        wrong[k] = str((int(wrong[k]) + R.randint(1, 8)) % 10)
        wrong = "".join(wrong)
        d.line(C, V(typed_number(wrong, card_groups(card), " "), "CREDIT_CARD", wrong))
        d.line(C, pick(["sorry typo, ", "wait wrong, it's ", "*", "correction: "]), V(typed_number(card, card_groups(card), " "), "CREDIT_CARD", card, True))
        d.line(A, "no worries, expiry?")
        d.line(C, r_exp_typed(m, y, d))
        d.line(A, "and cvc")
        d.line(C, r_cvv_typed(code, d))
        d.tag("correction")
    if chance(0.4):
        x = pick(["price", "time", "year", "qty", "conf", "ip"])
        if x == "ip":
            d.line(C, pick(["also your site logged me out, it says my ip is ", "fyi it flagged ip "]), d_ip(d))
            d.line(A, "Thanks, I'll note that.")
        elif x == "price":
            d.line(A, "Payment of ", d_price(d), " approved.")
        elif x == "time":
            d.line(A, "It will process by ", d_time(d), " tonight.")
        elif x == "year":
            d.line(C, "btw I've been a customer since ", d_year(d))
        elif x == "qty":
            d.line(A, "That covers ", d_qty(d), ".")
        else:
            kind, n = d_order(d)
            d.line(A, f"Done! Your {kind} number is ", n, ".")
    return d


def gen_chat_account():
    d = Doc("chat").tag("account")
    A, C = chat_speakers(d)
    what = R.sample(["email", "phone", "addr", "dob", "name", "ssn"], R.randint(1, 3))
    if chance(0.5):
        nm, f, l = full_name(True)
        intro = pick(["Hi, this is ", "Hello my name is ", "hey it's ", "Hi there, it's ", "Good morning, I'm "])
        d.line(C, intro, V(nm, "PERSON_NAME"), pick([" and I need to update my details", ", I want to change my info", ". Question about my account"]))
        d.tag("name_self_intro", "name")
        if chance(0.5):
            d.line(A, pick(["Hi ", "Thanks ", "Of course "]), V(f.capitalize() if nm[0].isupper() else f, "PERSON_NAME"), pick(["! What would you like to update?", ", happy to help.", ", sure."]))
            d.tag("name_greeting")
    for w_ in what:
        if w_ == "email":
            d.line(A, pick(["What's the new email?", "Which email should we use?", "email address?"]))
            d.line(C, pick(["", "it's ", "use "]), email_typed(make_email(), d), pick(["", "", ".", " thanks", "!"]))
        elif w_ == "phone":
            d.line(A, pick(["And a phone number?", "Best number to reach you?", "mobile number?"]))
            r = R.random()
            if r < 0.35:
                d.line(C, r_phone_typed(phone10(), d), ext_suffix(d))
            elif r < 0.55:
                d.line(C, pick(["call ", "reach me on ", ""]), r_phone_intl(d))
            elif r < 0.75:
                v, canon = pick(VANITY)
                d.line(C, "it's the office line ", V(v, "PHONE_NUMBER", canon))
                d.tag("phone_vanity")
            else:
                d.line(C, r_phone_typed(phone10(), d))
        elif w_ == "addr":
            d.line(A, pick(["What's the new address?", "Shipping address?", "Where should we send the replacement?"]))
            c = pick(CITIES)
            d.line(C, r_addr_typed(d), pick([f", {c[0]}, {c[1]} ", f" {c[0]} {c[1]} ", ", "]), N(c[2], "zip"))
            d.tag("addr", "distractor_zip")
        elif w_ == "dob":
            d.line(A, pick(["Could you verify the birth date on file?", "DOB for verification?", "What's your birthday?"]))
            d.line(C, r_dob_typed(d))
            d.tag("dob")
        elif w_ == "name":
            d.line(A, pick(["What name is on the account?", "Who's the account holder?", "Name on the reservation?"]))
            nm, f, l = full_name(True)
            d.line(C, pick(["", "It's under ", "under ", "My wife, "]), V(nm, "PERSON_NAME"))
            d.tag("name_answer", "name")
        else:
            d.line(A, pick(["Last 4 of your SSN?", "Please confirm the last four of your social.", "To proceed I'll need your full SSN."]))
            s = ssn()
            if chance(0.5):
                d.line(C, r_ssn_typed(s, d, last4=True))
                d.tag("ssn_last4")
            else:
                d.line(C, r_ssn_typed(s, d))
                d.tag("ssn_full")
    if chance(0.5):
        x = pick(["ticket", "ip", "url", "time"])
        if x == "ticket":
            kind, n = d_order(d)
            d.line(A, f"Updated. Your {kind} is ", n)
        elif x == "ip":
            d.line(A, "I can see a login from ", d_ip(d), " was that you?")
        elif x == "url":
            d.line(A, "You can check status at ", d_url(d))
        else:
            d.line(A, "The change will apply at ", d_time(d))
    if chance(0.3):
        sn = first_name(False)
        d.line(C, pick(["thanks! ", "ty, ", "cheers - "]), V(sn.capitalize() if chance(0.6) else sn, "PERSON_NAME"))
        d.tag("name_signoff", "name")
    return d


def iban_check_digits(country, bban):
    """ISO 13616 check digits: 98 - (BBAN + country + "00" as a number, letters 10..35) mod 97."""
    digits = "".join(str(int(c, 36)) for c in (bban + country + "00").replace(" ", ""))
    return 98 - int(digits) % 97


def gen_chat_bank():
    d = Doc("chat").tag("bank")
    A, C = chat_speakers(d)
    rn, an = routing_number(), account_number()
    st = pick(["lines", "one", "labels", "iban"])
    d.tag("bank_" + st)
    d.line(A, pick(["For direct deposit I need routing and account.", "Please share the bank details for the refund.", "Which account should we debit?"]))
    if st == "lines":
        d.line(C, V(rn, "BANK_ACCOUNT", rn))
        d.line(C, V(typed_number(an, [3, len(an) - 3], pick([" ", "-", ""])), "BANK_ACCOUNT", an))
    elif st == "one":
        d.line(C, "routing ", V(rn, "BANK_ACCOUNT", rn), pick([" acct ", " account ", ", account # ", " / "]), V(an, "BANK_ACCOUNT", an))
    elif st == "labels":
        d.line(C, "ABA: ", V(typed_number(rn, [4, 4, 1], pick([" ", "-"])), "BANK_ACCOUNT", rn))
        d.line(C, "Acct: ", V(an, "BANK_ACCOUNT", an))
    else:
        R.randint(10, 99)  # (kept so the rest of the set draws the same numbers)
        bban = f"{pick(['NWBK', 'BARC', 'LOYD', 'HBUK'])} {R.randint(1000, 9999)} {R.randint(1000, 9999)} {R.randint(1000, 9999)} {R.randint(10, 99)}"
        ib = f"GB{iban_check_digits('GB', bban):02d} {bban}"
        d.line(C, "IBAN ", V(ib, "BANK_ACCOUNT", ib))
        d.line(C, "sort code ", V(f"{R.randint(10, 99)}-{R.randint(10, 99)}-{R.randint(10, 99)}", "BANK_ACCOUNT"))
    if chance(0.5):
        d.line(A, "Refund of ", d_price(d), " will land in 3-5 business days.")
    return d


def gen_chat_negative():
    d = Doc("chat").tag("negative_only")
    A, C = chat_speakers(d)
    sc = pick(["tracking", "ref16", "ip", "url", "wordname", "stock", "hours", "year"])
    d.tag("scenario_" + sc)
    if sc == "tracking":
        kind, n = d_order(d, kinds=["order", "tracking", "rma", "shipment"])
        d.line(C, f"where is my package? {kind} ", n)
        d.line(A, "It's out for delivery, expected by ", d_time(d))
    elif sc == "ref16":
        d.line(A, "Your payment reference is ", d_ref16(d), ". Keep it for your records.")
        d.line(C, "thx")
    elif sc == "ip":
        d.line(C, "the admin panel at ", d_ip(d), " won't load, port ", N(str(R.choice([8080, 8443, 3000, 5432])), "port"))
        d.line(A, "Try ", d_ip(d), " instead")
    elif sc == "url":
        d.line(A, "Here's the link: ", d_url(d))
        d.line(C, "it says error ", N(str(R.choice([404, 500, 502, 403])), "http_code"))
    elif sc == "wordname":
        d.line(C, pick(["Will the bill be higher next month?", "I hope you can mark this as urgent", "Can I pay the bill in May?",
                        "any grace period on the late fee?", "I'll be away all summer, can I pause?"]))
        d.line(A, pick(["Yes, there's a 10 day grace period.", "I will mark it now.", "We hope to resolve it by June."]))
        d.tag("distractor_wordname")
    elif sc == "stock":
        d.line(C, "do you have the ", N(pick(["XR-220", "model 4410", "SKU 88213-B"]), "sku"), " in stock? need ", d_qty(d))
        d.line(A, "Yes, ", d_price(d), " each")
    elif sc == "hours":
        d.line(C, "what time do you close today")
        d.line(A, "We're open until ", d_time(d), " and reopen at ", d_time(d))
    else:
        d.line(A, "What year is the model?")
        d.line(C, d_year(d), ", bought it in ", d_year(d))
    return d


# ---------------- texts (SMS / typed sentences)


def gen_text_payment():
    d = Doc("text").tag("payment_exchange")
    brand, card = make_card()
    m, y = exp_date()
    code = cvv(brand)
    st = pick(["all", "card_only", "cvv_paren", "newlines", "two_cards", "glued"])
    d.tag("sms_" + st)
    if st == "all":
        d.w(pick(["hey ", "", "hi its me, ", "ok "]), pick(["card ", "use my card ", "cc ", ""]), r_card_typed(card, d),
            pick([" exp ", " ", " expires ", " good thru "]), r_exp_typed(m, y, d), pick([" cvv ", " code ", " cvc ", " ", " sec code "]), r_cvv_typed(code, d))
    elif st == "card_only":
        d.w(pick(["pls charge ", "put it on ", "my new card is ", "the card ending changed, full number "]), r_card_typed(card, d),
            pick([" thx", "", " for the deposit", ". Thanks!"]))
    elif st == "cvv_paren":
        d.w(r_card_typed(card, d), " (", r_exp_typed(m, y, d), ") (", r_cvv_typed(code, d), ")")
    elif st == "newlines":
        d.w(r_card_typed(card, d), "\n", r_exp_typed(m, y, d), "\n", r_cvv_typed(code, d))
        d.tag("cvv_no_cue")
    elif st == "two_cards":
        b2, c2 = make_card()
        d.w("mine is ", r_card_typed(card, d), " and my husband's is ", r_card_typed(c2, d))
        d.tag("two_cards")
    else:
        d.w("card#", V(card, "CREDIT_CARD", card, True), " exp", V(f"{m:02d}/{y:02d}", "CARD_EXPIRY", f"{m:02d}{y:02d}"),
            " cvv", V(code, "CARD_CVV", code))
        d.tag("glued_labels")
    if chance(0.35):
        x = pick(["price", "time", "order"])
        if x == "price":
            d.w(" for the ", d_price(d), " balance")
        elif x == "time":
            d.w(" before ", d_time(d))
        else:
            kind, n = d_order(d)
            d.w(f", {kind} ", n)
    if chance(0.3):
        sn = first_name()
        d.w(pick([" - ", "\n", " thanks - ", "\n-"]), V(sn if chance(0.5) else sn.capitalize(), "PERSON_NAME"))
        d.tag("name_signoff", "name")
    return d


PRESIDIO_STYLE = [
    lambda d: d.w("My name is ", V(full_name(True, "fl")[0], "PERSON_NAME"), " and my phone number is ", r_phone_typed(phone10(), d)),
    lambda d: d.w("Please send the forms to ", V(full_name(True, "fl")[0], "PERSON_NAME"), " at ", email_typed(make_email(), d)),
    lambda d: d.w("I live at ", r_addr_typed(d), ", ", *(lambda c: [c[0], ", ", c[1], " ", N(c[2], "zip")])(pick(CITIES))),
    lambda d: d.w("Her SSN is ", r_ssn_typed(ssn(), d), " and she was born on ", r_dob_typed(d)),
    lambda d: d.w("Charge ", d_price(d), " to card ", r_card_typed(make_card()[1], d), " please."),
    lambda d: d.w(V(full_name(True, "fl")[0], "PERSON_NAME"), " called from ", r_phone_typed(phone10(), d), ext_suffix(d), " about the invoice."),
    lambda d: d.w("Wire it to account ", V(account_number(), "BANK_ACCOUNT"), ", routing ", V(routing_number(), "BANK_ACCOUNT"), "."),
    lambda d: d.w("Customer ", V(full_name(True, "fl")[0], "PERSON_NAME"), " (DOB ", r_dob_typed(d), ") requested a callback."),
    lambda d: d.w("The patient, ", V(full_name(True, "fl")[0], "PERSON_NAME"), ", can be reached at ", email_typed(make_email(), d), "."),
    lambda d: d.w(V(first_name(False).capitalize(), "PERSON_NAME"), "'s card ", r_card_typed(make_card()[1], d), " was declined at ", d_time(d), "."),
    lambda d: d.w("Contact ", V(full_name(True, "fl")[0], "PERSON_NAME"), " on ", r_phone_intl(d), " for the London office."),
    lambda d: d.w("Ship to ", r_addr_typed(d), ". Order ", d_order(d)[1], "."),
    lambda d: d.w("my ssn is ", r_ssn_typed(ssn(), d), " dont share it"),
    lambda d: d.w("Dr. ", V(cap(last_name(False)), "PERSON_NAME"), " will see you at ", d_time(d), "."),
    lambda d: d.w(pick(["Mr. ", "Ms. ", "Mrs. ", "Mx "]), V(full_name(True, "fl")[0], "PERSON_NAME"), " asked about order ", d_order(d, kinds=["order"])[1], " again."),
    lambda d: d.w("Dear ", pick(["Mr. ", "Ms. ", ""]), V(cap(last_name()), "PERSON_NAME"), ",\nYour appointment is confirmed for ", d_time(d), "."),
    lambda d: d.w("Send the invoice to ", email_typed(make_email(), d), " and cc ", email_typed(make_email(), d)),
    lambda d: d.w("my credit card number is ", r_card_typed(make_card()[1], d), " and it expires ", r_exp_typed(*exp_date(), d)),
    lambda d: d.w("I'm ", V(first_name(False).capitalize(), "PERSON_NAME"), ", you can reach me at ", r_phone_typed(phone10(), d), " or ", email_typed(make_email(), d)),
    lambda d: d.w(V(cap(first_name(False)), "PERSON_NAME"), "'s social security number is ", r_ssn_typed(ssn(), d), "."),
    lambda d: d.w("Please update the mailing address to ", r_addr_typed(d), " for ", V(full_name(True, "fl")[0], "PERSON_NAME"), "."),
    lambda d: d.w("Born ", r_dob_typed(d), ", ", V(full_name(True, "fl")[0], "PERSON_NAME"), " joined the plan in ", d_year(d), "."),
    lambda d: d.w("The refund goes to routing ", V(routing_number(), "BANK_ACCOUNT"), " / account ", V(account_number(), "BANK_ACCOUNT"), ", amount ", d_price(d), "."),
]


def gen_text_misc():
    d = Doc("text")
    r = R.random()
    if r < 0.4:
        d.tag("typed_sentence")
        pick(PRESIDIO_STYLE)(d)
        return d
    st = pick(["hi_name", "signoff", "best_newline", "phone_msg", "email_msg", "addr_msg", "dob_msg", "ssn_msg", "wordname_pos", "subject"])
    d.tag("sms_" + st)
    if st == "hi_name":
        n = first_name()
        d.w(pick(["hi ", "hey ", "Hi ", "morning "]), V(n if chance(0.5) else n.capitalize(), "PERSON_NAME"),
            pick([", running late, be there at ", " - the plumber is coming at ", " can we move to "]), d_time(d))
        d.tag("name_greeting", "name")
    elif st == "signoff":
        n = first_name()
        d.w(pick(["Got the package, thanks", "pls call me back when u can", "payment sent", "see you tmrw"]),
            pick([" - ", " -", "\n", " thanks - ", "\nthanks,\n"]), V(n if chance(0.5) else n.capitalize(), "PERSON_NAME"))
        d.tag("name_signoff", "name")
    elif st == "best_newline":
        nm, f, l = full_name(True, "fl")
        if chance(0.5):
            nm = f"{first_name(True)} {last_name(True)}"
            if chance(0.6):
                nm = nm.lower()
        d.w(pick(["Please find the signed lease attached.", "Can you confirm receipt?", "Let me know if the time works."]),
            pick(["\n\nbest,\n", "\nBest regards,\n", "\nthanks\n", "\nCheers,\n", "\n-- \n", "\nSincerely,\n"]), V(nm, "PERSON_NAME"))
        d.tag("name_signoff", "name")
    elif st == "phone_msg":
        r2 = R.random()
        if r2 < 0.4:
            d.w(pick(["new number: ", "text me at ", "my cell is ", "call "]), r_phone_typed(phone10(), d))
        elif r2 < 0.6:
            d.w("office is ", r_phone_typed(phone10(), d), ext_suffix(d), pick([" ask for billing", ""]))
        elif r2 < 0.8:
            d.w(pick(["call us free on ", "ring me ", "whatsapp "]), r_phone_intl(d))
        else:
            v, c = pick(VANITY)
            d.w(pick(["just call ", "the number on the flyer is ", "call the hotline "]), V(v, "PHONE_NUMBER", c), pick([" they'll sort it", "", " after 5"]))
            d.tag("phone_vanity")
    elif st == "email_msg":
        d.w(pick(["email me at ", "my email changed to ", "send it to ", "reply to "]), email_typed(make_email(), d))
    elif st == "addr_msg":
        c = pick(CITIES)
        d.w(pick(["new address is ", "deliver to ", "we moved! ", "mail the check to "]), r_addr_typed(d), pick([f", {c[0]} {c[1]}", f" {c[0]}", ""]))
        d.tag("addr")
    elif st == "dob_msg":
        d.w(pick(["my dob is ", "born ", "DOB: ", "birthday's "]), r_dob_typed(d), pick([" if the pharmacy asks", "", " for the form"]))
        d.tag("dob")
    elif st == "ssn_msg":
        s = ssn()
        if chance(0.35):
            d.w(pick(["last 4 of my social: ", "ssn ends in ", "last four ssn "]), r_ssn_typed(s, d, last4=True))
            d.tag("ssn_last4")
        elif chance(0.45):
            d.w(pick(["ssn on file shows ", "the letter has my ssn as ", "it printed "]), N(pick(["xxx-xx-", "***-**-", "XXX-XX-"]), "mask"),
                V(s[-4:], "SSN", s[-4:]), pick([" right?", " is that normal", ""]))
            d.tag("ssn_partial_masked", "ssn_last4")
        else:
            d.w(pick(["for the tax form my SSN is ", "ss# ", "social: "]), r_ssn_typed(s, d))
    elif st == "wordname_pos":
        w_ = pick(WORDY)
        d.w(pick(["ask ", "tell ", "can ", "did "]), V(w_ if chance(0.6) else w_.capitalize(), "PERSON_NAME"),
            pick([" to call me back", " about the lease", " sign the form?", " pick up the keys"]))
        d.tag("name_wordlike", "name")
    else:
        nm, f, l = full_name(True, pick(["f", "fl"]))
        d.w(V(nm, "PERSON_NAME"), pick([" will drop off the keys at ", " is picking up the order at ", " said the meeting moved to "]), d_time(d))
        d.tag("name_subject", "name")
    return d


def gen_text_negative():
    d = Doc("text").tag("negative_only")
    st = pick(["otp", "delivery", "ref16", "ip", "url", "price", "wordname", "year", "zip", "appt"])
    d.tag("scenario_" + st)
    if st == "otp":
        d.w(pick(["Your verification code is ", "Use code ", "OTP: "]), N(str(R.randint(100000, 999999)), "otp"), ". It expires in 10 minutes.")
        d.tag("distractor_otp")
    elif st == "delivery":
        kind, n = d_order(d, kinds=["order", "tracking", "shipment"])
        d.w(f"Your {kind} ", n, " will arrive between ", d_time(d), " and ", d_time(d))
    elif st == "ref16":
        d.w("Payment received. Ref ", d_ref16(d), " amount ", d_price(d))
    elif st == "ip":
        d.w("New sign-in from ", d_ip(d), " at ", d_time(d), ". Not you? Reply STOP")
    elif st == "url":
        d.w("Track here: ", d_url(d))
    elif st == "price":
        d.w("Total due ", d_price(d), " for ", d_qty(d), " by ", N(pick(["Friday", "12/15", "the 3rd"]), "date"))
    elif st == "wordname":
        d.w(pick(["i will bring the bill tomorrow", "hope the summer rates drop", "may i pay in june?", "will do, mark it paid",
                  "rose bushes need water", "by the grace of god it arrived", "i'll art direct the shoot"]))
        d.tag("distractor_wordname")
    elif st == "year":
        d.w("we've been customers since ", d_year(d), " and never had this problem")
    elif st == "zip":
        d.w("is delivery available in ", d_zip(d), "?")
    else:
        d.w("Reminder: appointment on ", N(f"{R.randint(1, 12)}/{R.randint(1, 28)}", "date"), " at ", d_time(d), ". Reply C to confirm.")
        d.tag("distractor_date")
    return d


# ---------------- forms

NAME_LABELS = ["Applicant", "Applicant name", "Cardholder", "Cardholder name", "Name on card", "Insured", "Name of insured",
               "Patient", "Patient name", "Guarantor", "Emergency contact", "Contact person", "Signature", "Signed",
               "Policyholder", "Beneficiary", "Next of kin", "Co-signer", "Primary account holder", "Authorized user",
               "Referring physician", "Tenant", "Guardian", "Parent/guardian", "Attn", "Bill to", "Recipient",
               "Submitted by", "Prepared by", "Full legal name", "Spouse", "Employee", "Student", "Driver",
               "Passenger", "Owner", "Borrower", "Payee", "Witness", "Your name", "Nombre", "Name (print)"]
JSON_NAME_KEYS = ["applicant_name", "cardholder", "insured_name", "patient", "guarantor", "emergencyContact",
                  "contact_name", "signature", "policy_holder", "beneficiaryName", "nextOfKin", "cosigner",
                  "primaryHolder", "tenant_full_name", "referredBy", "payee", "owner_name", "borrower"]
NONNAME_LABELS = [("Company name", lambda: pick(["Acme Roofing LLC", "Blue Fern Bakery", "Nimbus Analytics Inc."])),
                  ("Product name", lambda: pick(["UltraBoost 22", "Model X Charger", "Deluxe Queen Mattress"])),
                  ("Plan name", lambda: pick(["Gold PPO 2000", "Unlimited Plus", "Family Saver"])),
                  ("File name", lambda: pick(["scan_0042.pdf", "IMG_2231.jpg", "lease-final-v3.docx"])),
                  ("Pet's name", lambda: pick(["Biscuit", "Luna", "Captain"])),
                  ("Username", lambda: pick(["skywalker77", "blue_fox_12", "nightowl"]))]


def form_line(d, label, *val):
    d.w(label, pick([": ", ": ", ":", " - ", ":\t"]) if label else "", *val, "\n")


def gen_form_payment():
    d = Doc("form").tag("payment_form")
    brand, card = make_card()
    m, y = exp_date()
    code = cvv(brand)
    nm, f, l = full_name(True, pick(["fl", "fml"]))
    form_line(d, pick(["Name on card", "Cardholder", "Cardholder name", "Card holder"]), V(nm, "PERSON_NAME"))
    d.tag("name_form_label", "name")
    form_line(d, pick(["Card number", "Card #", "PAN", "Credit card", "Debit/credit card no."]), r_card_typed(card, d))
    if chance(0.5):
        form_line(d, pick(["Exp", "Expiration", "Expiry (MM/YY)", "Valid thru", "Exp. date"]), r_exp_typed(m, y, d))
    else:
        form_line(d, pick(["Exp month", "Expiry month"]), V(f"{m:02d}", "CARD_EXPIRY", f"{m:02d}"))
        form_line(d, pick(["Exp year", "Expiry year"]), V(pick([f"{y:02d}", f"20{y:02d}"]), "CARD_EXPIRY", f"{y:02d}"))
        d.tag("exp_two_fields")
    form_line(d, pick(["CVV", "CVC", "CVV2", "Security code", "CID", "Card code", "3-digit code"]), r_cvv_typed(code, d))
    if chance(0.5):
        c = pick(CITIES)
        form_line(d, pick(["Billing address", "Address line 1", "Street"]), r_addr_typed(d))
        form_line(d, "City", c[0])
        form_line(d, pick(["ZIP", "Zip code", "Postal code"]), N(c[2], "zip"))
        d.tag("addr", "distractor_zip")
    form_line(d, pick(["Amount", "Total", "Payment amount"]), d_price(d))
    if chance(0.5):
        kind, n = d_order(d)
        form_line(d, kind.capitalize() + " #", n)
    if chance(0.3):
        form_line(d, "Submitted", N(pick(["2026-03-04 14:22", "03/04/2026 2:22 PM", "Tue 4 Mar, 09:10"]), "timestamp"))
        d.tag("distractor_timestamp")
    return d


def gen_form_application():
    d = Doc("form").tag("application_form")
    labs = R.sample(NAME_LABELS, R.randint(1, 3))
    for lab in labs:
        nm, f, l = full_name(True, pick(["fl", "fl", "fml"]))
        if chance(0.15):
            nm = f"{cap(l)}, {cap(f)}"
            d.tag("name_last_first")
        form_line(d, lab, V(nm, "PERSON_NAME"))
        d.tag("name_form_label", "name_label_" + lab.lower().replace(" ", "_").replace("/", "_").replace("(", "").replace(")", "").replace(".", ""), "name")
    for w_ in R.sample(["dob", "ssn", "addr", "phone", "email", "neg"], R.randint(2, 4)):
        if w_ == "dob":
            form_line(d, pick(["Date of birth", "DOB", "Birthdate", "Date of Birth (MM/DD/YYYY)", "D.O.B.", "Birthday"]), r_dob_typed(d))
            d.tag("dob")
        elif w_ == "ssn":
            form_line(d, pick(["SSN", "Social Security Number", "SSN/TIN", "Social Security #", "SS#"]), r_ssn_typed(ssn(), d))
        elif w_ == "addr":
            c = pick(CITIES)
            form_line(d, pick(["Address", "Street address", "Mailing address", "Home address", "Address line 1"]), r_addr_typed(d))
            if chance(0.5):
                form_line(d, "Address line 2", V(f"{pick(['Apt', 'Unit', 'Suite'])} {R.randint(1, 50)}{pick(['', 'B'])}", "STREET_ADDRESS"))
                d.tag("addr_line2")
            form_line(d, "City/State", f"{c[0]}, {c[1]}")
            form_line(d, "Zip", N(c[2], "zip"))
            d.tag("addr", "distractor_zip")
        elif w_ == "phone":
            r = R.random()
            if r < 0.3:
                form_line(d, pick(["Work phone", "Office", "Daytime phone"]), r_phone_typed(phone10(), d), ext_suffix(d))
            elif r < 0.45:
                form_line(d, pick(["Phone", "Mobile"]), r_phone_intl(d))
            else:
                form_line(d, pick(["Phone", "Cell", "Mobile", "Home phone", "Tel"]), r_phone_typed(phone10(), d))
        elif w_ == "email":
            form_line(d, pick(["Email", "E-mail", "Email address", "Contact email"]), email_typed(make_email(), d))
        else:
            lab, fn = pick(NONNAME_LABELS)
            form_line(d, lab, N(fn(), "nonname_label"))
            d.tag("distractor_nonname_label")
    if chance(0.4):
        form_line(d, pick(["Comments", "Message", "Notes"]), pick(["please call after ", "available from "]), d_time(d))
    return d


def gen_form_json():
    d = Doc("form").tag("json")
    keys = R.sample(JSON_NAME_KEYS, R.randint(1, 2))
    items = []
    for k in keys:
        items.append((k, V(full_name(True, "fl")[0], "PERSON_NAME")))
        d.tag("name_json_key", "name")
    extra = R.sample(["dob", "ssn", "phone", "email", "card", "order", "ip", "amount", "addr", "bank"], R.randint(2, 4))
    for e in extra:
        if e == "dob":
            items.append((pick(["dob", "dateOfBirth", "birth_date"]), r_dob_typed(d)))
        elif e == "ssn":
            items.append((pick(["ssn", "social", "taxId"]), r_ssn_typed(ssn(), d)))
        elif e == "phone":
            items.append((pick(["phone", "mobile", "contactPhone"]), r_phone_typed(phone10(), d)))
        elif e == "email":
            items.append((pick(["email", "emailAddress"]), email_typed(make_email(), d)))
        elif e == "card":
            b, c = make_card()
            items.append((pick(["card_number", "pan", "ccNumber"]), r_card_typed(c, d, pick([("", "plain"), (" ", "spaced"), ("-", "dashed")]))))
            items.append((pick(["exp", "expiry"]), r_exp_typed(*exp_date(), d)))
            items.append((pick(["cvv", "cvc", "securityCode"]), r_cvv_typed(cvv(b), d)))
        elif e == "order":
            kind, n = d_order(d)
            items.append((kind + "_id", n))
        elif e == "ip":
            items.append(("client_ip", d_ip(d)))
        elif e == "amount":
            a = f"{R.randint(1, 4999)}.{R.randint(0, 99):02d}"
            items.append(("amount", N(a, "price")))
            d.tag("distractor_price")
        elif e == "addr":
            items.append((pick(["street", "address1", "line1"]), r_addr_typed(d)))
            d.tag("addr")
        else:
            rn = routing_number()
            items.append(("routing_number", V(rn, "BANK_ACCOUNT", rn)))
            an = account_number()
            items.append(("account_number", V(an, "BANK_ACCOUNT", an)))
            d.tag("bank")
    R.shuffle(items)
    pretty = chance(0.5)
    d.w("{" + ("\n" if pretty else ""))
    for i, (k, v) in enumerate(items):
        d.w(("  " if pretty else "") + f'"{k}": "', v, '"' + ("," if i < len(items) - 1 else "") + ("\n" if pretty else " "))
    d.w("}\n")
    return d


def gen_form_negative():
    d = Doc("form").tag("negative_only")
    form_line(d, "Company name", N(pick(["Harbor Freight Logistics", "Grace Community Church", "Will & Co. Legal", "Summit Dental Group"]), "org"))
    if "Grace" in d.text or "Will" in d.text:
        d.tag("distractor_wordname")
    kind, n = d_order(d)
    form_line(d, kind.capitalize() + " number", n)
    form_line(d, "Quantity", d_qty(d))
    form_line(d, "Unit price", d_price(d))
    if chance(0.5):
        form_line(d, "Reference", d_ref16(d))
    form_line(d, "Zip", d_zip(d))
    if chance(0.5):
        form_line(d, "Year established", d_year(d))
    if chance(0.5):
        form_line(d, "Portal", d_url(d))
    if chance(0.4):
        form_line(d, "Server", d_ip(d))
    form_line(d, "Preferred time", d_time(d))
    return d


def gen_call_names():
    """calls focused on names in ASR text: greetings, speaking-with, under-the-name, subjects, wordlike names."""
    d = Doc("call").tag("names")
    A, C = call_speakers(d)
    st = pick(["speaking_with", "under_name", "subject", "wordlike", "spelled", "third_party", "greeting", "title"])
    d.tag("name_" + st, "name")
    nm, f, l = full_name(False, "fl")
    if st == "speaking_with":
        d.line(A, pick(["and who am i speaking with today", "may i ask who i m speaking with", "who do i have on the line"]))
        d.line(C, pick(["you re speaking with ", "this is ", "it s ", "", "my name s "]), V(nm, "PERSON_NAME"))
        d.line(A, pick(["thanks ", "hi ", "great thank you "]), V(f, "PERSON_NAME"), pick([" what brings you in", " how can i help"]))
    elif st == "under_name":
        d.line(A, "do you have a reservation")
        d.line(C, pick(["yeah it should be under ", "under the name ", "it s under ", "try under "]), V(nm if chance(0.6) else l, "PERSON_NAME"))
        d.line(A, "i see it for ", N(pick(["two", "four", "six", "a party of eight"]) + " people", "qty"), " at ", d_time(d, True))
        d.tag("distractor_qty")
    elif st == "subject":
        d.line(C, V(nm if chance(0.5) else f, "PERSON_NAME"), pick([" called yesterday about the same thing", " is my husband he s on the account too",
                                                                      " told me the payment went through", " was going to fax the forms"]))
        d.line(A, "okay i see a note from ", d_year(d, True) if chance(0.3) else N("last week", "date"))
    elif st == "wordlike":
        w_ = pick(WORDY)
        d.line(A, pick(["who s the other driver on the policy", "who should we list as the contact", "and your first name"]))
        d.line(C, pick(["that d be my son ", "my wife ", "it s ", "", "my daughter "]), V(w_, "PERSON_NAME"))
        d.line(A, pick(["i will add ", "okay i ll put "]), V(w_, "PERSON_NAME"), pick([" now", " to the policy"]))
        d.line(C, pick(["great i hope that lowers the bill", "will that change my bill", "thanks"]))
        d.tag("name_wordlike", "distractor_wordname")
    elif st == "spelled":
        d.line(A, "can you spell your last name for me")
        sp = l.replace(" ", "").replace("'", "")
        d.line(C, "sure ", V(" ".join(sp), "PERSON_NAME", sp))
        d.line(A, "and first name ", V(f, "PERSON_NAME"), " right")
        d.line(C, "yes")
    elif st == "third_party":
        d.line(C, pick(["i m calling for my mother ", "this is about my dad s account his name is ", "my neighbor "]), V(nm, "PERSON_NAME"))
        d.line(A, "is ", V(f, "PERSON_NAME"), " with you so i can get permission")
    elif st == "title":
        d.line(A, pick(["thank you for holding ", "okay ", "alright "]), pick(["mister ", "miss ", "missus ", "doctor ", "ms "]),
               V(l, "PERSON_NAME"), pick([" i found the account", " i ll transfer you now", ""]))
        d.line(C, pick(["great", "thanks", "okay"]))
    else:
        d.line(A, pick(["hi ", "hello ", "good morning "]), V(f, "PERSON_NAME"), pick([" thanks for holding", " i have your file here", " welcome back"]))
        d.line(C, pick(["hi thanks", "hey", "oh great"]))
    if chance(0.4):
        d.line(A, pick(["this is ", "my name is ", "i m "]), V(first_name(), "PERSON_NAME"), " by the way if you call back")
        d.tag("name_agent_intro")
    return d


def gen_call_contact():
    """calls about contact details: spoken phones (area code, split, toll-free, extension), spoken DOB with corrections."""
    d = Doc("call").tag("contact")
    A, C = call_speakers(d)
    for it in R.sample(["phone_area", "phone_tollfree", "phone_ext", "phone_plain", "dob", "dob_fix", "name_title"], R.randint(2, 3)):
        if it == "phone_area":
            p = phone10()
            d.line(A, pick(["and a number for the file", "what number can we reach you at", "number for the technician to call"]))
            a3 = spoken_number(p[:3], [3], "single")
            rest = spoken_number(p[3:], [3, 4], pick(["single", "double", "pairs"]))
            j = pick([" and then ", " then ", " and the number is ", " "])
            if j == " ":
                d.line(C, pick(["area code ", "it s area code "]), V(a3 + " " + rest, "PHONE_NUMBER", p))
            else:
                d.line(C, pick(["area code ", "it s area code "]), V(a3, "PHONE_NUMBER", p[:3]), j, V(rest, "PHONE_NUMBER", p[3:]))
            d.tag("phone_area_code")
        elif it == "phone_tollfree":
            p = pick(["800", "888", "877", "866"]) + str(R.randint(200, 999)) + f"{R.randint(0, 9999):04d}"
            d.line(C, pick(["they told me to call ", "i called the number on the card ", "the letter says call "]),
                   V("one " + spoken_number(p, [3, 3, 4], "single").replace("eight zero zero", "eight hundred", 1), "PHONE_NUMBER", "1" + p))
            d.line(A, pick(["that s our fraud line", "okay i can help you here instead"]))
            d.tag("phone_tollfree_spoken")
        elif it == "phone_ext":
            p = phone10()
            d.line(A, "best number during the day")
            d.line(C, pick(["my work line ", "office ", ""]), r_phone_spoken(p, d), pick([" extension ", " ext ", " and then extension "]),
                   N(singles(str(R.randint(10, 9999)), False), "extension"))
            d.tag("distractor_ext")
        elif it == "phone_plain":
            p = phone10()
            d.line(A, pick(["is this still a good number", "can i get a callback number in case we get disconnected"]))
            if chance(0.5):
                d.line(C, V(spoken_number(p[:6], [3, 3], "single"), "PHONE_NUMBER", p[:6]))
                d.line(A, pick(BACKCH))
                d.line(C, V(spoken_number(p[6:], [4], pick(["single", "pairs"])), "PHONE_NUMBER", p[6:]))
                d.tag("phone_split_turns")
            else:
                d.line(C, "no it changed it s ", r_phone_spoken(p, d))
        elif it == "dob":
            d.line(A, pick(["and your date of birth", "can you verify your birthday", "what s the patient s date of birth"]))
            d.line(C, pick(FILL), r_dob_spoken(d))
            d.tag("dob")
        elif it == "dob_fix":
            d.line(A, "date of birth please")
            d.line(C, r_dob_spoken(d), pick([" no sorry ", " wait i mean ", " actually "]), r_dob_spoken(d))
            d.tag("dob", "dob_correction")
        else:
            l = last_name(False)
            d.line(A, pick(["one moment ", "thank you "]), pick(["mister ", "ms ", "doctor "]), V(l, "PERSON_NAME"))
            d.tag("name_title", "name")
    d.line(A, pick(["i ve updated that", "all set thank you", "got it all down"]))
    return d


def gen_text_contact():
    d = Doc("text").tag("contact")
    st = pick(["ext", "vanity", "intl", "local7", "two_numbers", "uk_mobile"])
    d.tag("sms_" + st)
    if st == "ext":
        d.w(pick(["reach me at work ", "call my desk ", "office: "]), r_phone_typed(phone10(), d), ext_suffix(d), pick(["", " after 2", " (direct)"]))
    elif st == "vanity":
        v, c = pick(VANITY)
        d.w(pick(["the ad says call ", "order line is ", "ring "]), V(v, "PHONE_NUMBER", c), pick(["", " anytime", " for a quote"]))
        d.tag("phone_vanity")
    elif st == "intl":
        d.w(pick(["I'm abroad, use ", "from overseas call ", "my number here is "]), r_phone_intl(d))
    elif st == "local7":
        n = f"{R.randint(200, 999)}-{R.randint(0, 9999):04d}"
        d.w(pick(["home # is ", "landline ", "call the house "]), V(n, "PHONE_NUMBER", n.replace("-", "")), pick(["", " after dinner"]))
        d.tag("phone_local7")
    elif st == "two_numbers":
        d.w("cell ", r_phone_typed(phone10(), d), " or home ", r_phone_typed(phone10(), d))
        d.tag("phone_two")
    else:
        n = f"07{R.randint(100, 999)} {R.randint(100000, 999999)}"
        d.w(pick(["text me on ", "mob ", "new mobile: "]), V(n, "PHONE_NUMBER", n.replace(" ", "")))
        d.tag("phone_uk_mobile")
    if chance(0.3):
        d.w(" - ", V(first_name(), "PERSON_NAME"))
        d.tag("name_signoff", "name")
    return d


GENS = [  # (generator, count)
    (gen_call_payment, 150), (gen_call_verify, 60), (gen_call_bank, 30), (gen_call_negative, 30), (gen_call_names, 45),
    (gen_call_contact, 30), (gen_text_contact, 25),
    (gen_chat_payment, 80), (gen_chat_account, 85), (gen_chat_bank, 20), (gen_chat_negative, 35),
    (gen_text_payment, 45), (gen_text_misc, 90), (gen_text_negative, 35),
    (gen_form_payment, 45), (gen_form_application, 90), (gen_form_json, 30), (gen_form_negative, 15),
]


def main():
    docs = []
    for g, n in GENS:
        for _ in range(n):
            docs.append(g())
    R.shuffle(docs)
    with open(os.path.join(OUT, "probes.jsonl"), "w") as f, \
            open(os.path.join(OUT, "probes.intended.jsonl"), "w") as fi:
        for i, d in enumerate(docs, 1):
            pid = f"probe-{i:04d}"
            spans = sorted(d.spans, key=lambda s: s["start"])
            if any(t_ == "PERSON_NAME" and d.text[s_["start"]:s_["end"]].lower().split(" ")[0] in COMMON
                   for s_ in spans for t_ in [s_["type"]]):
                d.tags.add("name_wordlike")
            tags = sorted(d.tags)
            if any(t.startswith("distractor_") for t in tags):
                tags.append("has_distractor")
            if not spans:
                tags.append("no_spans")
            f.write(json.dumps({"id": pid, "kind": d.kind, "text": d.text,
                                "spans": [{"start": s["start"], "end": s["end"], "type": s["type"]} for s in spans],
                                "tags": sorted(set(tags))}, ensure_ascii=False) + "\n")
            fi.write(json.dumps({"id": pid, "spans": spans, "distractors": d.neg}, ensure_ascii=False) + "\n")
    print(f"wrote {len(docs)} probes")


if __name__ == "__main__":
    main()
