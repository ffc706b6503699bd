#!/usr/bin/env python3
"""Verify probes.jsonl against what make_probes.py intended (probes.intended.jsonl) and print counts.

Checks, per span: offsets in range, non-empty, no surrounding whitespace, starts and ends on a
letter/digit (addresses may end on '.'), text equals the intended value, no overlap with another
span; for digit-bearing types an independent decoder (spoken words, 'oh', double/triple, teens,
tens, hundreds, typed separators) must give back the intended digits; full card numbers must pass
Luhn with a real brand prefix and length; spoken/obfuscated e-mails must decode to the intended
address; DOB spans must contain the intended day, month and year.
Per distractor: it lies at its recorded offsets, overlaps no span, a 16-digit reference fails Luhn,
and no distractor contains a Luhn-valid 13-19 digit run.
Exit status 1 on any failure.
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# The lexicon the generator draws names from, and where the probe set is written.
LEXICON = os.path.join(REPO, "jobs", "src", "detect", "data")
OUT = os.path.join(REPO, "jobs", "tests", "data")
UNITS = {w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine".split())}
UNITS["oh"] = "0"
UNITS.update({"for": "4", "to": "2", "ate": "8", "won": "1"})  # recognizer homophone slips (cards only)
TEENS = {w: str(10 + i) for i, w in enumerate("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: str(i) for w, i in zip("twenty thirty forty fifty sixty seventy eighty ninety".split(), range(2, 10))}
FILL = {"um", "uh", "okay", "and", "then", "so", "mm-hmm", "of", "slash"}
MONTHS = "january february march april may june july august september october november december".split()
ORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
        "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
        "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30}


def decode_digits(s, months=False):
    toks = [t for t in re.findall(r"[a-z]+|\d+", s.lower()) if t not in FILL]
    out, i = [], 0

    def two(j):
        t = toks[j]
        if t in TEENS:
            return TEENS[t], j + 1
        if t in TENS:
            if j + 1 < len(toks) and toks[j + 1] in UNITS and toks[j + 1] not in ("zero", "oh"):
                return TENS[t] + UNITS[toks[j + 1]], j + 2
            return TENS[t] + "0", j + 1
        return None, j
    while i < len(toks):
        t = toks[i]
        if t.isdigit():
            out.append(t); i += 1
        elif months and t[:3] in [m[:3] for m in MONTHS] and (t in MONTHS or len(t) == 3):
            out.append(f"{[m[:3] for m in MONTHS].index(t[:3]) + 1:02d}"); i += 1
        elif t in UNITS:
            out.append(UNITS[t]); i += 1
        elif t in TEENS or t in TENS:
            c, i = two(i); out.append(c)
        elif t in ("double", "triple"):
            out.append(UNITS[toks[i + 1]] * (2 if t == "double" else 3)); i += 2
        elif t == "hundred":
            prev = out.pop() if out else "1"
            i += 1
            if i < len(toks) and (toks[i] in TEENS or toks[i] in TENS):
                c, i = two(i); out.append(prev + c)
            elif i < len(toks) and toks[i] in UNITS and not (i + 1 < len(toks) and (toks[i + 1] == "hundred" or toks[i + 1] in UNITS)):
                out.append(prev + "0" + UNITS[toks[i]]); i += 1
            else:
                out.append(prev + "00")
        elif t == "thousand":
            prev = out.pop() if out else "1"
            i += 1
            if i < len(toks) and (toks[i] in TEENS or toks[i] in TENS):
                c, i = two(i); out.append(prev + "0" + c)
            elif i < len(toks) and toks[i] in UNITS:
                out.append(prev + "00" + UNITS[toks[i]]); i += 1
            else:
                out.append(prev + "000")
        else:
            raise ValueError(f"undecodable token {t!r} in {s!r}")
    return "".join(out)


def luhn_ok(s):
    tot = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        tot += d
    return tot % 10 == 0


def brand_ok(s):
    if s[0] == "4":
        return len(s) == 16
    if 51 <= int(s[:2]) <= 55 or 2221 <= int(s[:4]) <= 2720:
        return len(s) == 16
    if s[:2] in ("34", "37"):
        return len(s) == 15
    if s.startswith("6011") or s.startswith("65"):
        return len(s) == 16
    return False


def decode_email(s):
    t = s.strip()
    if "@" in t or "[at]" in t or "(at)" in t:
        t = re.sub(r"\s*[\[(]at[\])]\s*", "@", t)
        t = re.sub(r"\s*[\[(]dot[\])]\s*", ".", t)
        return t.replace(" ", "").lower()
    toks = t.lower().split()
    out, i = [], 0
    num = []

    def flush():
        if num:
            out.append(decode_digits(" ".join(num)))
            num.clear()
    while i < len(toks):
        w = toks[i]
        if w in UNITS or w in TEENS or w in TENS or w in ("double", "triple", "hundred"):
            num.append(w); i += 1; continue
        flush()
        if w == "at":
            out.append("@")
            if i + 1 < len(toks) and toks[i + 1] in ("sign", "symbol"):
                i += 1
        elif w == "dot":
            out.append(".")
        elif w == "underscore":
            out.append("_")
        elif w in ("dash", "hyphen"):
            out.append("-")
        elif w == "plus":
            out.append("+")
        else:
            out.append(w)
        i += 1
    flush()
    return "".join(out)


def dob_parts(s):
    t = s.lower()
    for w, n in sorted(ORDS.items(), key=lambda x: -len(x[0])):
        t = re.sub(rf"\b{w}\b", f" {n} ", t)
    # compound ordinals like "twenty 1" -> 21
    t = re.sub(r"\b(twenty|thirty)\s+(\d)\b", lambda m: str({"twenty": 20, "thirty": 30}[m.group(1)] + int(m.group(2))), t)
    t = re.sub(r"(\d+)(st|nd|rd|th)\b", r"\1", t)
    return t


def check_dob(text, canon):
    y, m, d = canon.split("-")
    t = dob_parts(text)
    mon = MONTHS[int(m) - 1]
    has_month = mon in t or mon[:3] in t
    try:
        digits_words = decode_digits(re.sub(r"[a-z]{3,}", lambda mm: mm.group(0) if mm.group(0) in UNITS or mm.group(0) in TEENS or mm.group(0) in TENS or mm.group(0) in ("hundred", "thousand", "double", "triple", "oh") else " ", t))
    except ValueError:
        digits_words = ""
    nums = re.findall(r"\d+", t)
    allnums = " ".join(nums) + " " + digits_words
    ok_y = y in allnums or y[2:] in allnums
    ok_d = str(int(d)) in allnums
    ok_m = has_month or m in allnums or str(int(m)) in allnums
    return ok_y and ok_d and ok_m


def main():
    gold = [json.loads(l) for l in open(os.path.join(OUT, "probes.jsonl"))]
    inten = {r["id"]: r for r in map(json.loads, open(os.path.join(OUT, "probes.intended.jsonl")))}
    errors = []
    types = collections.Counter()
    tags = collections.Counter()
    kinds = collections.Counter()
    items_with = collections.Counter()
    ids = set()

    def err(pid, msg):
        errors.append(f"{pid}: {msg}")
    for g in gold:
        pid, text = g["id"], g["text"]
        if pid in ids:
            err(pid, "duplicate id")
        ids.add(pid)
        kinds[g["kind"]] += 1
        for t in g["tags"]:
            tags[t] += 1
        seen_types = set()
        it = inten[pid]
        if len(it["spans"]) != len(g["spans"]):
            err(pid, "span count mismatch")
        last_end = -1
        for s, si in zip(g["spans"], it["spans"]):
            a, b, typ = s["start"], s["end"], s["type"]
            types[typ] += 1
            seen_types.add(typ)
            seg = text[a:b]
            if not (0 <= a < b <= len(text)):
                err(pid, f"bad offsets {a}-{b}"); continue
            if a < last_end:
                err(pid, f"overlap at {a}")
            last_end = b
            if seg != si["value"]:
                err(pid, f"text {seg!r} != intended {si['value']!r}")
            if seg != seg.strip():
                err(pid, f"whitespace at edge {seg!r}")
            if not seg[0].isalnum() and not seg.startswith(("+", "(", "[")):
                err(pid, f"starts on non-alnum {seg!r}")
            if not seg[-1].isalnum() and not (typ == "STREET_ADDRESS" and seg.endswith(".")):
                err(pid, f"ends on non-alnum {seg!r}")
            canon = si.get("canon")
            try:
                if typ in ("CREDIT_CARD", "CARD_CVV", "SSN", "BANK_ACCOUNT") and canon and not canon.startswith("GB"):
                    dd = decode_digits(seg)
                    if dd != canon:
                        err(pid, f"{typ} decodes to {dd} not {canon}: {seg!r}")
                if typ == "PHONE_NUMBER" and canon and not re.search(r"[A-Z]{2}", seg):
                    dd = decode_digits(seg)
                    if len(dd) == 11 and dd[0] == "1" and len(canon) == 10:
                        dd = dd[1:]
                    if dd != canon:
                        err(pid, f"phone decodes to {dd} not {canon}: {seg!r}")
                if typ == "CARD_EXPIRY" and canon:
                    dd = decode_digits(seg, months=True)
                    if len(dd) == 6 and dd[2:4] == "20":
                        dd = dd[:2] + dd[4:]
                    if len(canon) == 2 and len(dd) == 4 and dd.startswith("20"):
                        dd = dd[2:]
                    if len(dd) < len(canon):
                        dd = dd.zfill(len(canon))
                    if dd != canon:
                        err(pid, f"expiry decodes to {dd} not {canon}: {seg!r}")
                if typ == "CREDIT_CARD" and si.get("full"):
                    if not luhn_ok(canon) or not brand_ok(canon):
                        err(pid, f"card {canon} fails Luhn/brand")
                if typ == "EMAIL_ADDRESS":
                    de = decode_email(seg)
                    if de != canon:
                        err(pid, f"email decodes to {de!r} not {canon!r}")
                if typ == "DATE_OF_BIRTH" and canon and not check_dob(seg, canon):
                    err(pid, f"dob {seg!r} does not carry {canon}")
                if typ == "PERSON_NAME" and not re.fullmatch(r"[A-Za-z][A-Za-z .,'-]*", seg):
                    err(pid, f"odd name {seg!r}")
            except (ValueError, KeyError, IndexError) as e:
                err(pid, f"decode error {e}")
        for t in seen_types:
            items_with[t] += 1
        covered = set()
        for s in g["spans"]:
            covered.update(range(s["start"], s["end"]))
        for mm in re.finditer(r"\d(?:[ .,/\u2026\u2013\u2014-]{0,3}\d){12,18}", text):
            dg = re.sub(r"\D", "", mm.group(0))
            a0, b0 = mm.start(), mm.end()
            while a0 > 0 and (text[a0 - 1].isdigit() or (a0 > 1 and text[a0 - 1] == " " and text[a0 - 2].isdigit())):
                a0 -= 1
            while b0 < len(text) and (text[b0].isdigit() or (b0 + 1 < len(text) and text[b0] == " " and text[b0 + 1].isdigit())):
                b0 += 1
            if len(re.sub(r"\D", "", text[a0:b0])) > 19:
                continue
            if luhn_ok(dg) and not any(i in covered for i in range(mm.start(), mm.end())) \
                    and not text[max(0, mm.start() - 2):mm.start()].endswith(("1Z", "Z")):
                err(pid, f"unlabelled Luhn-valid run {mm.group(0)!r}")
        for n in it["distractors"]:
            seg = text[n["start"]:n["end"]]
            if seg != n["value"]:
                err(pid, f"distractor text mismatch {seg!r}")
            for s in g["spans"]:
                if n["start"] < s["end"] and s["start"] < n["end"]:
                    err(pid, f"distractor {seg!r} overlaps span")
            if n["kind"] == "ref16_nonluhn" and luhn_ok(n["canon"]):
                err(pid, "ref16 passes Luhn")
            for run in re.findall(r"\d[\d -]{11,}\d", seg):
                dg = re.sub(r"\D", "", run)
                if 13 <= len(dg) <= 19 and luhn_ok(dg) and n["kind"] != "tracking":
                    err(pid, f"distractor has Luhn-valid run {run!r}")
    n = len(gold)
    print(f"items {n}; kinds " + ", ".join(f"{k} {v} ({100 * v / n:.0f}%)" for k, v in kinds.most_common()))
    print("spans per type (items containing the type):")
    for t, c in types.most_common():
        print(f"  {t:16} {c:5d}  ({items_with[t]} items)")
    print(f"items with a distractor: {tags['has_distractor']}; items with no span: {tags['no_spans']}")
    print("tags:")
    print("  " + "  ".join(f"{t}:{c}" for t, c in sorted(tags.items())))
    if errors:
        print(f"\n{len(errors)} ERRORS")
        for e in errors[:60]:
            print("  " + e)
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
