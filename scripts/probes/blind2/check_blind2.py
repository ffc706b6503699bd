#!/usr/bin/env python3
"""Verify jobs/tests/data/blind2.jsonl against blind2.values.jsonl and print counts.

    python3 scripts/probes/blind2/check_blind2.py [--quiet] [GOLD.jsonl VALUES.jsonl]

Independent of the generator (its own decoders). For every span: the text decodes back to the
intended value (spoken digits, "oh", double/triple, pairs, "hundred", recognizer slips, spelled
e-mails, month names, ordinals, keypad letters); card numbers are Luhn-valid with a real prefix and
length, and split parts / corrections / read-backs / fixes are consistent with the card; routing
numbers pass the ABA checksum, IBANs mod-97; spans never start or end on whitespace or punctuation
and never contain a cue or label word; no two spans overlap; no distractor overlaps a span; every
16-digit reference distractor fails Luhn; no unlabelled Luhn-valid 13-19 digit run is left in the
text. Exit status 1 on any problem.
"""
import json
import os
import re
import sys
from collections import Counter

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
GOLD = os.path.join(ROOT, "jobs", "tests", "data", "blind2.jsonl")
VALS = os.path.join(ROOT, "jobs", "tests", "data", "blind2.values.jsonl")
TYPES = ["CREDIT_CARD", "CARD_EXPIRY", "CARD_CVV", "SSN", "PHONE_NUMBER", "EMAIL_ADDRESS", "BANK_ACCOUNT",
         "PERSON_NAME", "STREET_ADDRESS", "DATE_OF_BIRTH"]

UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())}
UNITS.update({"oh": 0, "o": 0})
SLIPS = {"for": 4, "to": 2, "too": 2, "won": 1, "ate": 8}
TEENS = {w: 10 + i for i, w in enumerate("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 20 + 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
FILLERS = {"um", "uh", "okay", "and", "then", "so", "like", "let", "me", "see", "hold", "on", "dash"}
MONTHS = {}
for i, m in enumerate("january february march april may june july august september october november december".split()):
    MONTHS[m] = i + 1
    MONTHS[m[:3]] = i + 1
MONTHS["sept"] = 9
ORDS = {w: i + 1 for i, w in enumerate(("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
                                        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split())}
ORDS["thirtieth"] = 30
CUE_WORDS = {"card", "cvv", "cvc", "cid", "csc", "exp", "expires", "expiry", "expiration", "code", "number", "is", "my",
             "area", "email", "e-mail", "ssn", "social", "routing", "account", "acct", "iban", "sort", "name", "born",
             "dob", "security", "its", "it's", "thats", "that's", "extension", "ext", "mr", "mrs", "ms",
             "dr", "doctor", "mister", "miss", "professor", "number", "phone", "cell", "tel", "visa", "mastercard", "amex",
             "discover", "birthday", "birth", "date", "address", "zip", "city"}
TITLES = {"mr", "mrs", "ms", "dr", "doctor", "mister", "miss", "professor", "prof"}


class Bad(Exception):
    pass


def chunks(text, allow_words=False):
    """Spoken/typed number text -> list of items: digit strings, '/', ('M', month), ('O', day), 'thousand', ('W', word)."""
    toks = re.findall(r"\d+(?:st|nd|rd|th)\b|[a-z]+|\d+|[/.\-]", text.lower())
    out, pend, rep = [], None, 1

    def flush():
        nonlocal pend
        if pend is not None:
            out.append(str(pend))
            pend = None

    for t in toks:
        if t in FILLERS or t in ("of", "the", "plus"):
            continue
        if t in ("/", "slash", "-", "."):
            flush()
            out.append("/")
            continue
        m = re.fullmatch(r"(\d+)(st|nd|rd|th)", t)
        if m:
            flush()
            out.append(("O", int(m.group(1))))
            continue
        if t.isdigit():
            flush()
            out.append(t)
            continue
        if t in ("double", "triple"):
            flush()
            rep = 2 if t == "double" else 3
            continue
        if t in UNITS or t in SLIPS:
            u = UNITS.get(t, SLIPS.get(t))
            if rep > 1:
                out.append(str(u) * rep)
                rep = 1
            elif pend is not None and u != 0:
                out.append(str(pend + u))
                pend = None
            else:
                flush()
                out.append(str(u))
            continue
        if t in TEENS:
            flush()
            out.append(str(TEENS[t]))
            continue
        if t in TENS:
            flush()
            pend = TENS[t]
            continue
        if t == "hundred":
            flush()
            if not out or not isinstance(out[-1], str) or not out[-1].isdigit():
                raise Bad("'hundred' without a number")
            out[-1] += "00"
            continue
        if t == "thousand":
            flush()
            out.append("thousand")
            continue
        if t in ORDS:
            if pend is not None:
                out.append(("O", pend + ORDS[t]))
                pend = None
            else:
                out.append(("O", ORDS[t]))
            continue
        if t in MONTHS:
            flush()
            out.append(("M", MONTHS[t]))
            continue
        if allow_words:
            flush()
            out.append(("W", t))
            continue
        raise Bad("word %r inside a number span" % t)
    if rep > 1:
        raise Bad("dangling double/triple")
    flush()
    return out


def digits_of(text):
    cs = chunks(text)
    if any(not isinstance(c, str) or not c.isdigit() for c in cs if c != "/"):
        raise Bad("non-digit item in %r" % text)
    return "".join(c for c in cs if c != "/")


def luhn(s):
    tot = 0
    for i, c in enumerate(reversed(s)):
        d = int(c) * (2 if i % 2 else 1)
        tot += d - 9 if d > 9 else d
    return tot % 10 == 0


def brand_ok(s):
    if len(s) == 15:
        return s[:2] in ("34", "37")
    if len(s) != 16:
        return False
    return s[0] == "4" or 51 <= int(s[:2]) <= 55 or 2221 <= int(s[:4]) <= 2720 or s.startswith("6011") or s.startswith("65")


def aba(s):
    d = [int(c) for c in s]
    return len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def iban_ok(s):
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def year_of(items):
    if "thousand" in items:
        k = items.index("thousand")
        if items[:k] != ["2"]:
            raise Bad("odd year %r" % items)
        rest = "".join(items[k + 1:])
        return 2000 + (int(rest) if rest else 0)
    s = "".join(items)
    if len(s) == 4:
        return int(s)
    if len(s) == 2:
        return int(s) + (1900 if int(s) > 26 else 2000)
    raise Bad("year %r" % s)


def decode_exp(text, part=None):
    cs = chunks(text)
    months = [c[1] for c in cs if isinstance(c, tuple) and c[0] == "M"]
    rest = [c for c in cs if not isinstance(c, tuple)]
    if part == "month":
        if months:
            return months[0], None
        return int("".join(c for c in rest if c != "/")), None
    if part == "year":
        items = [c for c in rest if c != "/"]
        return None, year_of(items) % 100
    if months:
        items = [c for c in rest if c != "/"]
        return months[0], year_of(items) % 100
    if "/" in rest:
        k = rest.index("/")
        m = "".join(rest[:k])
        y = "".join(c for c in rest[k + 1:] if c != "/")
        return int(m), int(y[-2:])
    d = "".join(rest)
    if len(d) == 3:
        return int(d[0]), int(d[1:])
    if len(d) == 4:
        return int(d[:2]), int(d[2:])
    if len(d) == 5:
        return int(d[0]), int(d[3:])
    if len(d) == 6:
        return int(d[:2]), int(d[4:])
    raise Bad("expiry %r" % text)


def decode_dob(text, order):
    cs = chunks(text)
    months = [c[1] for c in cs if isinstance(c, tuple) and c[0] == "M"]
    ords = [c[1] for c in cs if isinstance(c, tuple) and c[0] == "O"]
    nums = [c for c in cs if isinstance(c, str) and c != "/"]
    if months:
        m = months[0]
        if ords:
            d = ords[0]
        else:
            d, nums = int(nums[0]), nums[1:]
        return year_of(nums), m, d
    if ords:
        raise Bad("ordinal without month")
    if order == "ymd":
        return int(nums[0]), int(nums[1]), int(nums[2])
    if order == "dmy":
        return year_of(nums[2:]), int(nums[1]), int(nums[0])
    return year_of(nums[2:]), int(nums[0]), int(nums[1])


def keypad(c):
    for d, ls in {"2": "abc", "3": "def", "4": "ghi", "5": "jkl", "6": "mno", "7": "pqrs", "8": "tuv", "9": "wxyz"}.items():
        if c in ls:
            return d
    raise Bad(c)


def decode_phone(text):
    cs = chunks(text.replace("(", " ").replace(")", " ").replace("+", " "), allow_words=True)
    out = ""
    for c in cs:
        if c == "/" or c == "thousand":
            continue
        if isinstance(c, tuple):
            if c[0] != "W":
                raise Bad("month/ordinal in phone")
            out += "".join(keypad(x) for x in c[1])
        else:
            out += c
    return out


def decode_email(text):
    t = text.lower()
    t = re.sub(r"\s*[\[\(\{<]\s*(at|@)\s*[\]\)\}>]\s*", "@", t)
    t = re.sub(r"\s*[\[\(\{<]\s*(dot|\.)\s*[\]\)\}>]\s*", ".", t)
    if " " not in t:
        return t
    out, num = [], []

    def flush():
        if num:
            out.append(digits_of(" ".join(num)))
            num.clear()

    prev = None
    for w in t.split():
        if w in UNITS and w not in ("o", "oh") or w in TEENS or w in TENS or w == "hundred":
            num.append(w)
            prev = w
            continue
        flush()
        if w == "at":
            out.append("@")
        elif w in ("sign", "symbol") and prev == "at":
            pass
        elif w in ("dot", "period", "point"):
            out.append(".")
        elif w == "underscore":
            out.append("_")
        elif w in ("dash", "hyphen"):
            out.append("-")
        elif w == "plus":
            out.append("+")
        else:
            out.append(w)
        prev = w
    flush()
    return "".join(out)


def norm_addr(s):
    s = s.lower()
    s = re.sub(r"\bp\.?\s*o\.?\s+box\b", "po box", s)
    s = re.sub(r"\bpost office box\b", "po box", s)
    s = re.sub(r"[.,#]", " ", s)
    toks = s.split()
    out, run = [], []
    numw = set(UNITS) - {"o"} | set(TEENS) | set(TENS) | {"hundred"}

    def flush():
        if run:
            out.append(digits_of(" ".join(run)))
            run.clear()

    for t in toks:
        if t in numw or (t == "o" and run):
            run.append(t)
            continue
        flush()
        if len(t) == 1 and t.isalpha() and out and out[-1].isdigit():
            out[-1] += t
        else:
            out.append(t)
    flush()
    return out


def check_span(item, s, v, cards, problems):
    text = item["text"]
    st = text[s["start"]:s["end"]]
    pid = item["id"]

    def bad(msg):
        problems.append("%s %s %r: %s" % (pid, s["type"], st, msg))

    if not st or st != v.get("text"):
        return bad("span text differs from the values file")
    if "\n" in st:
        return bad("span crosses a line (one span per turn/message/field)")
    if st != st.strip():
        return bad("leading/trailing whitespace")
    if not (st[0].isalnum() or st[0] in "+(" or (st[0] == "#" and s["type"] == "STREET_ADDRESS")):
        return bad("starts with punctuation")
    if not st[-1].isalnum():
        return bad("ends with punctuation")
    words = re.findall(r"[a-z'\-]+", st.lower())
    toks = st.lower().split()
    if s["type"] not in ("PERSON_NAME", "STREET_ADDRESS", "EMAIL_ADDRESS") and (toks[0] in FILLERS or toks[-1] in FILLERS):
        return bad("span starts or ends on a filler")
    if s["type"] not in ("PERSON_NAME", "STREET_ADDRESS", "EMAIL_ADDRESS", "BANK_ACCOUNT") and re.search(r"[^\w\s,.\-/…()+]", st):
        return bad("unexpected punctuation inside")
    cue = [w for w in words if w in CUE_WORDS]
    if cue and s["type"] != "STREET_ADDRESS":
        return bad("cue/label word inside: %s" % cue)
    t, val = s["type"], v["value"]
    try:
        if t == "CREDIT_CARD":
            card = v["card"]
            if not (luhn(card) and brand_ok(card)):
                return bad("intended card %s fails Luhn/prefix" % card)
            got = digits_of(st)
            if got != val:
                return bad("decodes to %s, intended %s" % (got, val))
            role = v["role"]
            cards.setdefault((v["card_id"], card), []).append(v)
            if role == "full" and val != card:
                return bad("full span is not the card")
            if role == "readback":
                diff = sum(a != b for a, b in zip(val, card))
                if len(val) != len(card) or diff != (1 if v.get("slip") else 0):
                    return bad("read-back differs from card in %d digits (slip=%s)" % (diff, v.get("slip")))
            if role == "fix" and card[v["slice"][0]:v["slice"][1]] != val:
                return bad("fix is not the card's group")
            if role == "wrong" and val == card:
                return bad("wrong attempt equals the card")
        elif t == "CARD_EXPIRY":
            m, y = decode_exp(st, v.get("part"))
            wm, wy = int(val[:2]), int(val[3:])
            if (v.get("part") != "year" and m != wm) or (v.get("part") != "month" and y != wy):
                return bad("expiry decodes to %s/%s, intended %s" % (m, y, val))
            if not 1 <= wm <= 12:
                return bad("bad month")
        elif t == "CARD_CVV":
            got = digits_of(st)
            if got != val or len(val) not in (3, 4):
                return bad("cvv decodes to %s, intended %s" % (got, val))
            if len(val) == 4 and not any(len(x.get("card", "")) == 15 for x in item["_vals"] if x["type"] == "CREDIT_CARD"):
                return bad("4-digit CVV without an Amex card")
        elif t == "SSN":
            got = digits_of(st)
            if got != val:
                return bad("ssn decodes to %s, intended %s" % (got, val))
            if v.get("last4"):
                if len(val) != 4:
                    return bad("last4 not 4 digits")
            elif len(val) != 9 or val[:3] in ("000", "666") or val[0] == "9" or val[3:5] == "00" or val[5:] == "0000":
                return bad("invalid SSN")
        elif t == "PHONE_NUMBER":
            got = decode_phone(st)
            if got != val:
                return bad("phone decodes to %s, intended %s" % (got, val))
            if v.get("part") is None and not 10 <= len(val) <= 13:
                return bad("phone length %d" % len(val))
        elif t == "EMAIL_ADDRESS":
            got = decode_email(st)
            if got != val or not re.fullmatch(r"[a-z0-9._+\-]+@[a-z0-9\-]+(\.[a-z0-9\-]+)+", val):
                return bad("email decodes to %s, intended %s" % (got, val))
        elif t == "BANK_ACCOUNT":
            sub = v["sub"]
            if sub == "iban":
                if st.replace(" ", "") != val or not iban_ok(val):
                    return bad("IBAN %s invalid or not the value" % val)
            else:
                got = digits_of(st)
                if got != val:
                    return bad("decodes to %s, intended %s" % (got, val))
                if sub == "routing" and not aba(val):
                    return bad("routing fails ABA checksum")
                if sub == "sort_code" and len(val) != 6:
                    return bad("sort code length")
                if sub == "account" and not 8 <= len(val) <= 12:
                    return bad("account length")
        elif t == "PERSON_NAME":
            if v.get("role") == "spelled":
                if st.replace(" ", "") != val or not all(len(x) == 1 for x in st.split()):
                    return bad("spelled name is not the letters of %s" % val)
            elif st != val:
                return bad("name differs from value %r" % val)
            if words and words[0].strip(".") in TITLES:
                return bad("title inside name span")
            if ":" in st:
                return bad("colon inside name")
        elif t == "STREET_ADDRESS":
            if norm_addr(st) != norm_addr(val):
                return bad("address %r != value %r" % (norm_addr(st), norm_addr(val)))
            first = norm_addr(st)[0]
            if not (first[0].isdigit() or first in ("po", "flat", "apt", "apartment", "unit", "suite", "ste", "bldg")):
                return bad("address does not start at a house number / box / unit")
        elif t == "DATE_OF_BIRTH":
            if st.lower().startswith("the "):
                return bad("leading 'the' inside DOB")
            y, m, d = decode_dob(st, v.get("order"))
            if "%04d-%02d-%02d" % (y, m, d) != val:
                return bad("dob decodes to %04d-%02d-%02d, intended %s" % (y, m, d, val))
        else:
            return bad("unknown type")
    except (Bad, ValueError, IndexError, KeyError) as e:
        return bad("cannot decode: %s" % e)


def check_cards(pid, cards, problems):
    for (cid, card), vs in cards.items():
        parts = {}
        for v in vs:
            if v["role"] == "part":
                parts.setdefault(v["part"], v["value"])
        for v in vs:
            if v["role"] == "correction":
                parts[v["part"]] = v["value"]
        if parts:
            got = "".join(parts[k] for k in sorted(parts))
            if got != card:
                problems.append("%s card %s: parts join to %s" % (pid, cid, got))


def grouped_runs(text):
    """13-19 digit numbers written plain or grouped with single spaces/dashes/dots."""
    for m in re.finditer(r"(?<![\d.\-])\d(?:[ \-.]?\d){12,18}(?![\d])", text):
        yield m.start(), m.end(), re.sub(r"\D", "", m.group())


def main():
    quiet = "--quiet" in sys.argv
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    gpath, vpath = (paths + [GOLD, VALS])[:2] if len(paths) != 1 else (paths[0], VALS)
    gold = [json.loads(l) for l in open(gpath, encoding="utf-8")]
    vals = {r["id"]: r for r in map(json.loads, open(vpath, encoding="utf-8"))}
    problems = []
    per_type, per_kind, tags = Counter(), Counter(), Counter()
    items_with = Counter()
    roles = Counter()
    dis_kinds = Counter()
    ids = set()
    for item in gold:
        pid = item["id"]
        if pid in ids:
            problems.append("duplicate id " + pid)
        ids.add(pid)
        if set(item) != {"id", "kind", "text", "spans", "tags"} or item["kind"] not in ("call", "text", "chat", "form"):
            problems.append(pid + " bad record shape")
        v = vals.get(pid)
        if v is None:
            problems.append(pid + " missing from values file")
            continue
        text = item["text"]
        vs = v["spans"]
        item["_vals"] = vs
        if [(s["start"], s["end"], s["type"]) for s in item["spans"]] != [(x["start"], x["end"], x["type"]) for x in vs]:
            problems.append(pid + " spans differ between the set and the values file")
            continue
        per_kind[item["kind"]] += 1
        tags.update(item["tags"])
        cards = {}
        prev_end = -1
        for s, x in sorted(zip(item["spans"], vs), key=lambda z: z[0]["start"]):
            if not (0 <= s["start"] < s["end"] <= len(text)) or s["type"] not in TYPES:
                problems.append("%s bad span %r" % (pid, s))
                continue
            if s["start"] < prev_end:
                problems.append("%s overlapping spans at %d" % (pid, s["start"]))
            prev_end = max(prev_end, s["end"])
            check_span(item, s, x, cards, problems)
            per_type[s["type"]] += 1
            if x.get("role"):
                roles[s["type"] + ":" + x["role"]] += 1
        check_cards(pid, cards, problems)
        for t in set(s["type"] for s in item["spans"]):
            items_with[t] += 1
        covered = [False] * len(text)
        for s in item["spans"]:
            for i in range(s["start"], s["end"]):
                covered[i] = True
        for d in v["distractors"]:
            dis_kinds[d["kind"]] += 1
            if text[d["start"]:d["end"]] != d["text"]:
                problems.append("%s distractor text mismatch %r" % (pid, d))
            if any(covered[d["start"]:d["end"]]):
                problems.append("%s distractor %r overlaps a span" % (pid, d["text"]))
            if d["kind"] == "ref16":
                try:
                    ds = digits_of(d["text"])
                except Bad as e:
                    problems.append("%s ref16 %r: %s" % (pid, d["text"], e))
                    continue
                if len(ds) != 16 or luhn(ds):
                    problems.append("%s ref16 %r passes Luhn or is not 16 digits" % (pid, d["text"]))
            if d["kind"] == "url":
                for run in re.findall(r"\d{13,19}", d["text"]):
                    if luhn(run):
                        problems.append("%s url %r holds a Luhn-valid run" % (pid, d["text"]))
        for a, b, ds in grouped_runs(text):
            if not any(covered[a:b]) and luhn(ds) and 13 <= len(ds) <= 19:
                problems.append("%s unlabelled Luhn-valid run %r" % (pid, text[a:b]))
        # a name used as a speaker label is labelled on every line it starts
        labels = set(text[s["start"]:s["end"]] for s, x in zip(item["spans"], vs) if x.get("role") == "speaker_label")
        starts = set(s["start"] for s in item["spans"] if s["type"] == "PERSON_NAME")
        pos = 0
        for line in text.split("\n"):
            body = re.sub(r"^(\[[^\]]*\]|\(\d+:\d+\)|\d+:\d+(:\d+)?( [AP]M)?) ", "", line)
            off = pos + len(line) - len(body)
            for lab in labels:
                if re.match(re.escape(lab) + r"( \([A-Za-z]+\))?:", body) and off not in starts:
                    problems.append("%s speaker label %r unlabelled at %d" % (pid, lab, off))
            pos += len(line) + 1
        if ("has_distractor" in item["tags"]) != bool(v["distractors"]):
            problems.append(pid + " has_distractor tag inconsistent")
        if ("no_spans" in item["tags"]) != (not item["spans"]):
            problems.append(pid + " no_spans tag inconsistent")
        if "negative_only" in item["tags"] and item["spans"]:
            problems.append(pid + " negative_only item has spans")
    n = len(gold)
    if not quiet:
        print("items %d  " % n + "  ".join("%s %d (%.0f%%)" % (k, c, 100.0 * c / n) for k, c in sorted(per_kind.items())))
        print("\n%-16s %6s %8s" % ("type", "spans", "items"))
        for t in TYPES:
            print("%-16s %6d %8d" % (t, per_type[t], items_with[t]))
        print("\nitems with >=1 distractor: %d (%.1f%%)   items with no span: %d (%.1f%%)" % (
            tags["has_distractor"], 100.0 * tags["has_distractor"] / n, tags["no_spans"], 100.0 * tags["no_spans"] / n))
        print("\ndistractor kinds: " + ", ".join("%s %d" % kv for kv in sorted(dis_kinds.items())))
        print("\nspan roles: " + ", ".join("%s %d" % kv for kv in sorted(roles.items())))
        print("\ntags (%d):" % len(tags))
        for t, c in sorted(tags.items()):
            print("  %-40s %d" % (t, c))
    if problems:
        print("\n%d PROBLEMS" % len(problems))
        for pr in problems[:80]:
            print("  " + pr)
        sys.exit(1)
    print("\nOK: every span decodes to its intended value; no distractor overlaps a span")


if __name__ == "__main__":
    main()
