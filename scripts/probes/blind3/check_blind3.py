#!/usr/bin/env python3
"""Independent verifier for the blind3 set (does not import the generator).

    python3 scripts/probes/blind3/check_blind3.py [GOLD.jsonl [SIDECAR.jsonl]]

Re-decodes every labelled span (spoken digits, oh/zero, double/triple, teens/tens,
hundred/thousand, recogniser slips, month names, ordinals, obfuscated and spelled
e-mails, spelled names, keypad letters) and checks it against the intended value in
the sidecar, validates checksums (Luhn, ABA, IBAN mod-97, SSN rules), span boundary
rules, overlaps, distractors, and stray Luhn-valid 13-19 digit runs.  Prints counts
per kind / type / tag / role and exits 1 on any problem.
"""
import json
import os
import re
import sys
import unicodedata
import urllib.parse
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.abspath(os.path.join(HERE, "..", "..", "..", "jobs", "tests", "data"))
GOLD = sys.argv[1] if len(sys.argv) > 1 else os.path.join(DATA, "blind3.jsonl")
SIDE = sys.argv[2] if len(sys.argv) > 2 else os.path.join(DATA, "blind3.values.jsonl")

TYPES = {"CREDIT_CARD", "CARD_EXPIRY", "CARD_CVV", "SSN", "PHONE_NUMBER", "EMAIL_ADDRESS", "BANK_ACCOUNT",
         "PERSON_NAME", "STREET_ADDRESS", "DATE_OF_BIRTH"}
KINDS = {"call", "chat", "text", "form"}
FILLERS = {"um", "uh", "okay", "and", "then", "so", "mm-hmm"}
CUE_START = {"exp", "expires", "expiry", "expiration", "cvv", "cvc", "cid", "code", "card", "ssn", "social", "dob",
             "born", "birthday", "routing", "account", "acct", "iban", "phone", "tel", "email", "e-mail", "is",
             "it's", "its", "my", "number", "area", "extension", "ext", "the", "on", "name", "mr", "mrs", "ms",
             "dr", "mister", "doctor", "address", "sort", "bsb", "valid", "good", "last", "security"}
FULL_ROLES = {"primary", "readback", "speaker_label", "last4", "spelled"}
PARTIAL_ROLES = {"readback_partial", "correction"}

problems = []


def bad(iid, msg):
    problems.append(f"{iid}: {msg}")


# ---------------------------------------------------------------- checksums
def luhn(s):
    total = 0
    for pos, ch in enumerate(s[::-1]):
        x = int(ch) * (1 + pos % 2)
        total += x - 9 if x > 9 else x
    return total % 10 == 0


def aba(s):
    return len(s) == 9 and sum(int(c) * w for c, w in zip(s, (3, 7, 1, 3, 7, 1, 3, 7, 1))) % 10 == 0


IBAN_LEN = {"GB": 22, "DE": 22, "NL": 18, "ES": 24, "IE": 22, "FR": 27, "PL": 28, "BE": 16}


def iban_ok(s):
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s) or IBAN_LEN.get(s[:2]) != len(s):
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def ssn_ok(s):
    return (len(s) == 9 and s.isdigit() and s[:3] not in ("000", "666") and s[0] != "9"
            and s[3:5] != "00" and s[5:] != "0000")


def card_brand_ok(s):
    n = len(s)
    if s[0] == "4":
        return n in (13, 16, 19)
    if 51 <= int(s[:2]) <= 55 or 2221 <= int(s[:4]) <= 2720:
        return n == 16
    if s[:2] in ("34", "37"):
        return n == 15
    if s[:4] == "6011" or s[:2] == "65" or 644 <= int(s[:3]) <= 649:
        return n in (16, 19)
    return False


# ---------------------------------------------------------------- words -> numbers
UNIT = {"zero": 0, "oh": 0, "one": 1, "won": 1, "two": 2, "to": 2, "too": 2, "three": 3, "four": 4, "for": 4,
        "five": 5, "six": 6, "seven": 7, "eight": 8, "ate": 8, "nine": 9}
TEEN = {w: i + 10 for i, w in enumerate("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: (i + 2) * 10 for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
ORD = {w: i + 1 for i, w in enumerate(("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                                       "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                                       "nineteenth").split())}
ORD_TENS = {"twentieth": 20, "thirtieth": 30}
MONTH = {}
for _i, _m in enumerate("january february march april may june july august september october november december".split()):
    MONTH[_m] = _i + 1
    MONTH[_m[:3]] = _i + 1
MONTH["sept"] = 9
KEYPAD = {}
for _d, _ls in (("2", "abc"), ("3", "def"), ("4", "ghi"), ("5", "jkl"), ("6", "mno"), ("7", "pqrs"), ("8", "tuv"), ("9", "wxyz")):
    for _l in _ls:
        KEYPAD[_l] = _d


class DecodeError(Exception):
    pass


def classify(tok, skip):
    if tok.isdigit():
        return ("lit", tok)
    if tok in UNIT:
        return ("unit", UNIT[tok])
    if tok in TEEN:
        return ("teen", TEEN[tok])
    if tok in TENS:
        return ("tens", TENS[tok])
    if tok in ORD:
        return ("ord", ORD[tok])
    if tok in ORD_TENS:
        return ("ordtens", ORD_TENS[tok])
    if tok == "hundred":
        return ("H", 100)
    if tok == "thousand":
        return ("K", 1000)
    if tok in ("double", "triple"):
        return ("rep", 2 if tok == "double" else 3)
    if tok == "and":
        return ("and", None)
    if tok in FILLERS or tok in ("er", "mm") or not tok[0].isalnum():
        return ("brk", None)
    if tok in skip:
        return ("brk", None)
    if tok in MONTH and "MONTHS" in skip:
        return ("mon", MONTH[tok])
    raise DecodeError(f"unexpected word {tok!r}")


def words_to_digits(text, skip=()):
    """Returns (digit string, list of months seen)."""
    t = text.lower()
    t = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", t)
    toks = re.findall(r"mm-hmm|[a-z]+|\d+|[^\sa-z\d]", t)
    atoms = [classify(x, set(skip)) for x in toks]
    out, months = [], []
    i = 0

    def small_at(j):
        """A number below 100 starting at atom j: (value, next index) or None."""
        if j >= len(atoms):
            return None
        k, v = atoms[j]
        if k == "unit" and v > 0 and toks[j] != "oh":
            return v, j + 1
        if k == "teen":
            return v, j + 1
        if k == "tens":
            if j + 1 < len(atoms) and atoms[j + 1][0] == "unit" and atoms[j + 1][1] > 0:
                return v + atoms[j + 1][1], j + 2
            return v, j + 1
        return None

    while i < len(atoms):
        k, v = atoms[i]
        if k in ("brk", "and"):
            i += 1
            continue
        if k == "mon":
            months.append(v)
            i += 1
            continue
        if k == "lit":
            out.append(v)
            i += 1
            continue
        if k == "rep":
            if i + 1 < len(atoms) and atoms[i + 1][0] == "unit":
                out.append(str(atoms[i + 1][1]) * v)
                i += 2
                continue
            raise DecodeError("double/triple without a digit")
        if k == "ord":
            out.append(str(v))
            i += 1
            continue
        if k == "ordtens":
            out.append(str(v))
            i += 1
            continue
        if k in ("H", "K"):
            raise DecodeError("hundred/thousand without a number")
        # unit / teen / tens
        if k == "tens" and i + 1 < len(atoms) and atoms[i + 1][0] == "ord" and atoms[i + 1][1] < 10:
            out.append(str(v + atoms[i + 1][1]))
            i += 2
            continue
        if k == "unit":
            val, i = v, i + 1
        else:
            val, i = small_at(i)
        if i < len(atoms) and atoms[i][0] == "K" and 0 < val < 10:
            val *= 1000
            i += 1
            s = small_at(i)
            if s and s[0] < 10 and s[1] < len(atoms) and atoms[s[1]][0] == "H":
                val += s[0] * 100
                i = s[1] + 1
            j = i + 1 if i < len(atoms) and atoms[i][0] == "and" else i
            s = small_at(j)
            if s:
                val += s[0]
                i = s[1]
            out.append(str(val))
            continue
        if i < len(atoms) and atoms[i][0] == "H" and val > 0:
            val *= 100
            i += 1
            j = i + 1 if i < len(atoms) and atoms[i][0] == "and" else i
            s = small_at(j)
            if s:
                val += s[0]
                i = s[1]
            out.append(str(val))
            continue
        out.append(str(val))
    return "".join(out), months


def digits_of(text, skip=()):
    return words_to_digits(text, skip)[0]


# ---------------------------------------------------------------- per-type decoding
def fold(s):
    s = s.replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


LETTER_WORDS = re.compile(r"\b([a-z]) as in [a-z]+\b")


def decode_email(text):
    t = text.lower()
    t = t.replace("%40", "@")
    for a in ("[at]", "(at)", "{at}"):
        t = t.replace(a, " @ ")
    for a in ("[dot]", "(dot)", "{dot}"):
        t = t.replace(a, " . ")
    t = LETTER_WORDS.sub(r"\1", t)
    toks = t.split()
    words = {"at": "@", "dot": ".", "period": ".", "underscore": "_", "dash": "-", "hyphen": "-"}
    out, run = [], []

    def flush():
        if run:
            out.append(digits_of(" ".join(run)))
            run.clear()

    for tok in toks:
        if tok in UNIT and tok not in ("to", "too", "for", "won", "ate", "oh") or tok in TEEN or tok in TENS:
            run.append(tok)
            continue
        flush()
        out.append(words.get(tok, tok))
    flush()
    return "".join(out)


def name_tokens(s):
    return [x for x in re.split(r"[^a-z']+", fold(s)) if x]


def exp_candidates(m, y, with_month):
    yy, yyyy = f"{y % 100:02d}", str(y)
    if with_month:
        return {yy, yyyy}
    return {a + b for a in (str(m), f"{m:02d}") for b in (yy, yyyy)}


def dob_candidates(y, m, d, with_month):
    ys = {f"{y % 100:02d}", str(y)}
    ds = {str(d), f"{d:02d}"}
    ms = {str(m), f"{m:02d}"}
    if with_month:
        return {a + b for a in ds for b in ys} | {b + a for a in ds for b in ys}
    out = set()
    for a in ms:
        for b in ds:
            for c in ys:
                out |= {a + b + c, b + a + c, c + a + b}
    return out


def phone_digits(text):
    t = text.lower()
    if re.search(r"[a-z]{3,}", t) and not re.search(r"\b(one|two|three|four|five|six|seven|eight|nine|zero|oh|double|triple|plus)\b", t):
        t = "".join(KEYPAD.get(c, c) for c in t)
    return digits_of(t, skip=("plus",))


def phone_ok(dg, val, meta):
    nsn = meta.get("nsn")
    cc = meta.get("cc")
    if nsn is None:
        full = re.sub(r"\D", "", val)
        return dg in (full, full[1:])
    if not dg.endswith(nsn):
        return False
    pre = dg[:len(dg) - len(nsn)]
    ok = {"", cc, "0", "00" + cc, cc + "0", "011" + cc}
    if cc == "1":
        ok.add("1")
    return pre in ok


# ---------------------------------------------------------------- main checks
def check_item(g, sc, counts):
    iid, text = g["id"], g["text"]
    if g.get("kind") not in KINDS:
        bad(iid, f"bad kind {g.get('kind')}")
    if not isinstance(g.get("tags"), list) or not g["tags"]:
        bad(iid, "no tags")
    urlenc = "form_urlencoded" in g.get("tags", [])
    spans = g["spans"]
    if len(spans) != len(sc["spans"]):
        bad(iid, "gold/sidecar span count differ")
        return
    prev_end = -1
    for s, x in zip(spans, sc["spans"]):
        if (s["start"], s["end"], s["type"]) != (x["start"], x["end"], x["type"]):
            bad(iid, f"gold/sidecar span mismatch {s} {x}")
        if s["type"] not in TYPES:
            bad(iid, f"bad type {s['type']}")
        if not (0 <= s["start"] < s["end"] <= len(text)):
            bad(iid, f"span out of range {s}")
            continue
        if s["start"] < prev_end:
            bad(iid, f"overlapping spans at {s['start']}")
        prev_end = s["end"]
        st = text[s["start"]:s["end"]]
        if st != x["text"]:
            bad(iid, f"sidecar text mismatch {st!r} vs {x['text']!r}")
        if "\n" in st:
            bad(iid, f"span crosses a line break: {st!r}")
        if not (st[0].isalnum() and st[-1].isalnum()):
            bad(iid, f"span edge is not a letter/digit: {st!r}")
        toks = st.split(" ")
        if toks[0].lower() in FILLERS or toks[-1].lower() in FILLERS:
            bad(iid, f"span starts/ends with a filler: {st!r}")
        first = toks[0].lower().rstrip(".:,")
        if first in CUE_START and not (s["type"] == "EMAIL_ADDRESS" and first == "at"):
            bad(iid, f"span starts with a cue word: {st!r}")
        if s["start"] > 0 and text[s["start"] - 1].isalnum() and not (
                urlenc and re.search(r"%[0-9A-F]{2}$", text[:s["start"]])):
            bad(iid, f"span starts inside a word: {st!r}")
        if s["end"] < len(text) and text[s["end"]].isalnum() and not (
                s["type"] == "PHONE_NUMBER" and re.match(r"x\d", text[s["end"]:])):
            bad(iid, f"span ends inside a word: {st!r}")
        v = sc["values"].get(x["value_id"])
        if v is None or v["type"] != s["type"] or v["value"] != x["value"]:
            bad(iid, f"sidecar value record wrong for {st!r}")
        counts["type"][s["type"]] += 1
        counts["role"][x["role"]] += 1
        counts["kind_type"][(g["kind"], s["type"])] += 1

    # group pieces by instance
    inst = defaultdict(list)
    for x in sc["spans"]:
        inst[x["instance"]].append(x)
    for key, pieces in inst.items():
        pieces.sort(key=lambda p: p["start"])
        vids = {p["value_id"] for p in pieces}
        roles = {p["role"] for p in pieces}
        if len(vids) != 1 or len(roles) != 1:
            bad(iid, f"instance {key} mixes values/roles")
            continue
        if len(pieces) > 1:
            counts["multi_piece"][pieces[0]["type"]] += 1
            lines = {text.count("\n", 0, p["start"]) for p in pieces}
            if len(lines) < 2:
                bad(iid, f"split instance {key} does not span turns/lines")
        val = sc["values"][pieces[0]["value_id"]]
        try:
            check_instance(iid, [text[p["start"]:p["end"]] for p in pieces], roles.pop(), val, sc, urlenc)
        except DecodeError as e:
            bad(iid, f"cannot decode {[p['text'] for p in pieces]}: {e}")

    # distractors / neutral
    cover = [False] * len(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            cover[i] = True
    for what in ("distractors", "neutral"):
        for dz in sc[what]:
            if text[dz["start"]:dz["end"]] != dz["text"]:
                bad(iid, f"{what} text mismatch {dz}")
            if any(cover[dz["start"]:dz["end"]]):
                bad(iid, f"{what} overlaps a span: {dz['text']!r}")
            if what == "distractors":
                counts["distractor"][dz["kind"]] += 1
                dg = re.sub(r"\D", "", dz["text"])
                if 13 <= len(dg) <= 19 and luhn(dg):
                    bad(iid, f"distractor passes Luhn: {dz['text']!r}")
                if dz["kind"] == "ref16":
                    if words_digits_safe(dz["text"]) and luhn(words_digits_safe(dz["text"])):
                        bad(iid, f"ref16 passes Luhn: {dz['text']!r}")
    for m in re.finditer(r"\d(?:[ \-.]?\d)+|\d+", text):
        dg = re.sub(r"\D", "", m.group())
        if 13 <= len(dg) <= 19 and luhn(dg) and not any(cover[m.start():m.end()]):
            bad(iid, f"unlabelled Luhn-valid run {m.group()!r}")
    if "no_pii" in g["tags"]:
        counts["no_pii"][g["kind"]] += 1
        if spans:
            bad(iid, "no_pii item has spans")
    elif not spans:
        bad(iid, "PII item without spans")


def words_digits_safe(t):
    try:
        return digits_of(t)
    except DecodeError:
        return re.sub(r"\D", "", t)


def check_instance(iid, texts, role, val, sc, urlenc):
    typ, value = val["type"], val["value"]
    if urlenc:
        texts = [urllib.parse.unquote_plus(t) for t in texts]
    joined_src = " | ".join(texts)
    if typ in ("CREDIT_CARD", "CARD_CVV", "SSN", "BANK_ACCOUNT") and val.get("subtype") != "iban":
        dg = "".join(digits_of(t) for t in texts)
        compare_digits(iid, typ, dg, value, role, joined_src)
        if typ == "CREDIT_CARD" and role in FULL_ROLES:
            if not (luhn(value) and card_brand_ok(value)):
                bad(iid, f"card value invalid {value}")
        if typ == "CARD_CVV":
            card = sc["values"].get(val.get("card"), {}).get("value", "")
            amex = card[:2] in ("34", "37") and len(card) == 15
            if len(value) != (4 if amex else 3):
                bad(iid, f"cvv length {len(value)} with card {card}")
        if typ == "SSN":
            if val.get("subtype") == "last4":
                if not (len(value) == 4 and value != "0000"):
                    bad(iid, f"bad ssn last4 {value}")
            elif not ssn_ok(value):
                bad(iid, f"invalid ssn {value}")
        if typ == "BANK_ACCOUNT":
            sub = val.get("subtype")
            if sub == "routing" and not aba(value):
                bad(iid, f"routing fails ABA {value}")
            if sub == "account" and not (value.isdigit() and 6 <= len(value) <= 17):
                bad(iid, f"odd account {value}")
            if sub in ("sort_code", "bsb") and not (value.isdigit() and len(value) == 6):
                bad(iid, f"odd {sub} {value}")
        return
    if typ == "BANK_ACCOUNT":
        s = re.sub(r"[^A-Za-z0-9]", "", "".join(texts)).upper()
        if s != value:
            bad(iid, f"iban text {joined_src!r} != {value}")
        if not iban_ok(value):
            bad(iid, f"iban fails mod-97 {value}")
        return
    if typ == "CARD_EXPIRY":
        dg, months = words_to_digits(" ".join(texts), skip=("slash", "of", "MONTHS", "the"))
        if role == "false_start":
            if not dg:
                bad(iid, f"expiry false start without digits {joined_src!r}")
            return
        m, y = val["month"], val["year"]
        if months and months != [m]:
            bad(iid, f"expiry month word wrong {joined_src!r}")
        if dg not in exp_candidates(m, y, bool(months)):
            bad(iid, f"expiry {joined_src!r} decodes to {dg} not {value}")
        if not (1 <= m <= 12 and 2024 <= y <= 2040):
            bad(iid, f"expiry value implausible {value}")
        return
    if typ == "DATE_OF_BIRTH":
        dg, months = words_to_digits(" ".join(texts), skip=("of", "the", "MONTHS"))
        if role == "false_start":
            if not dg:
                bad(iid, f"dob false start without digits {joined_src!r}")
            return
        y, m, d = map(int, value.split("-"))
        if months and months != [m]:
            bad(iid, f"dob month word wrong {joined_src!r}")
        if dg not in dob_candidates(y, m, d, bool(months)):
            bad(iid, f"dob {joined_src!r} decodes to {dg} not {value}")
        if not (1900 < y < 2015):
            bad(iid, f"dob year implausible {value}")
        return
    if typ == "PHONE_NUMBER":
        dg = "".join(phone_digits(t) for t in texts)
        if role in PARTIAL_ROLES or role == "false_start":
            if not dg or len(dg) >= len(re.sub(r"\D", "", value)) + 1:
                bad(iid, f"phone partial {joined_src!r}")
            return
        if not phone_ok(dg, value, val):
            bad(iid, f"phone {joined_src!r} -> {dg} does not match {value}")
        if val.get("region") == "US" and not (val["nsn"][0] in "23456789" and val["nsn"][3] in "23456789"):
            bad(iid, f"invalid NANP number {value}")
        return
    if typ == "EMAIL_ADDRESS":
        if role == "spelled":
            got = re.sub(r"[^a-z]", "", LETTER_WORDS.sub(r"\1", " ".join(texts).lower()))
            if got != re.sub(r"[^a-z]", "", value.split("@")[0]):
                bad(iid, f"spelled email part {joined_src!r} != {value}")
            return
        got = "".join(decode_email(t) for t in texts)
        if got != value.lower():
            bad(iid, f"email {joined_src!r} decodes to {got!r} not {value!r}")
        if not re.fullmatch(r"[a-z0-9._+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+", value):
            bad(iid, f"email value malformed {value}")
        return
    if typ == "PERSON_NAME":
        vt = name_tokens(value)
        if role == "spelled":
            got = re.sub(r"[^a-z]", "", LETTER_WORDS.sub(r"\1", fold(" ".join(texts))))
            words = [re.sub(r"[^a-z]", "", w) for w in fold(value).split()]
            if got not in words and got != "".join(words):
                bad(iid, f"spelled name {joined_src!r} not in {value!r}")
            return
        for t in texts:
            tt = name_tokens(t)
            if not tt or any(x not in vt for x in tt):
                bad(iid, f"name {t!r} not drawn from {value!r}")
            if re.search(r"\d", t):
                bad(iid, f"digit in name {t!r}")
        return
    if typ == "STREET_ADDRESS":
        if len(texts) != 1 or texts[0] != value:
            bad(iid, f"address text {joined_src!r} != value {value!r}")
        a = texts[0].lower()
        if not re.search(r"\b(box|road|rd|street|st|avenue|ave|lane|ln|drive|dr|court|ct|boulevard|blvd|way|terrace|"
                         r"place|pl|circle|pkwy|parkway|trail|close|crescent|gardens|mews|grove|walk|parade|esplanade)\b", a):
            bad(iid, f"address without a street word {texts[0]!r}")
        if not re.match(r"^(\d|p\.?\s?o|post|unit|flat|apt|won|to|too|for|ate|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                        r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
                        r"sixty|seventy|eighty|ninety|oh|zero|double|triple)", a):
            bad(iid, f"address does not start with a number/box/unit {texts[0]!r}")
        return
    bad(iid, f"unhandled type {typ}")


def compare_digits(iid, typ, dg, value, role, src):
    if role in FULL_ROLES:
        if dg != value:
            bad(iid, f"{typ} {role} {src!r} decodes to {dg} not {value}")
    elif role in PARTIAL_ROLES:
        if not dg or dg not in value:
            bad(iid, f"{typ} {role} {src!r} -> {dg} is not part of {value}")
    elif role == "false_start":
        if not dg or len(dg) >= len(value) or sum(a != b for a, b in zip(dg, value)) > 2:
            bad(iid, f"{typ} false start {src!r} -> {dg} unrelated to {value}")
    elif role == "readback_wrong":
        if len(dg) != len(value) or not (1 <= sum(a != b for a, b in zip(dg, value)) <= 2):
            bad(iid, f"{typ} wrong read-back {src!r} -> {dg} vs {value}")
    else:
        bad(iid, f"unknown role {role}")


def main():
    gold = [json.loads(l) for l in open(GOLD, encoding="utf-8")]
    side = {r["id"]: r for r in map(json.loads, open(SIDE, encoding="utf-8"))}
    counts = defaultdict(Counter)
    if len(gold) != 700:
        problems.append(f"expected 700 items, got {len(gold)}")
    for n, g in enumerate(gold):
        if g["id"] != f"blind3-{n:04d}":
            bad(g["id"], "id out of sequence")
        if set(g) != {"id", "kind", "text", "spans", "tags"}:
            bad(g["id"], f"unexpected keys {sorted(g)}")
        counts["kind"][g["kind"]] += 1
        for t in g["tags"]:
            counts["tag"][t] += 1
        sc = side.get(g["id"])
        if sc is None:
            bad(g["id"], "missing sidecar")
            continue
        check_item(g, sc, counts)
    n = len(gold)
    print(f"items {n}")
    print("kind:        " + "  ".join(f"{k} {v}" for k, v in sorted(counts["kind"].items())))
    print("no-PII:      " + "  ".join(f"{k} {v}" for k, v in sorted(counts["no_pii"].items()))
          + f"  (total {sum(counts['no_pii'].values())}, {100 * sum(counts['no_pii'].values()) / max(n, 1):.1f}%)")
    print("spans by type:")
    for t, v in sorted(counts["type"].items(), key=lambda x: -x[1]):
        row = "  ".join(f"{k} {counts['kind_type'][(k, t)]}" for k in ("call", "chat", "text", "form"))
        print(f"  {t:16} {v:5d}   ({row})")
    print(f"  total            {sum(counts['type'].values()):5d}")
    print("roles: " + "  ".join(f"{k} {v}" for k, v in counts["role"].most_common()))
    print("multi-piece instances: " + "  ".join(f"{k} {v}" for k, v in counts["multi_piece"].most_common()))
    print(f"distractors ({sum(counts['distractor'].values())}): " + "  ".join(f"{k} {v}" for k, v in counts["distractor"].most_common()))
    print(f"tags ({len(counts['tag'])}):")
    tl = [f"{k} {v}" for k, v in sorted(counts["tag"].items(), key=lambda x: (-x[1], x[0]))]
    for i in range(0, len(tl), 6):
        print("  " + "  ".join(tl[i:i + 6]))
    if problems:
        print(f"\n{len(problems)} PROBLEM(S):")
        for p in problems[:200]:
            print("  " + p)
        sys.exit(1)
    print("\nOK: all checks passed")


if __name__ == "__main__":
    main()
