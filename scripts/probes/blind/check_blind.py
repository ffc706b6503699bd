#!/usr/bin/env python3
"""Checks blind.jsonl against blind.values.jsonl and prints statistics.

  python3 check_blind.py [blind.jsonl]

Verifies per item: unique id, valid kind, offsets in range, text[start:end] == intended value,
spans sorted and non-overlapping, span edges are letters/digits (no cue words, quotes, trailing
punctuation or whitespace), card values Luhn-valid when they are full numbers, IBANs mod-97
valid, routing numbers ABA-valid, call text lowercase with no digits, every line of a
call/chat has a speaker label. Exits non-zero on any failure.
"""
import json
import os
import re
import sys
from collections import Counter

TYPES = {"CREDIT_CARD", "CARD_EXPIRY", "CARD_CVV", "SSN", "PHONE_NUMBER", "EMAIL_ADDRESS", "BANK_ACCOUNT",
         "PERSON_NAME", "STREET_ADDRESS", "DATE_OF_BIRTH"}


def luhn_ok(ds):
    tot = 0
    for i, ch in enumerate(reversed(ds)):
        d = int(ch)
        if i % 2:
            d *= 2
            d -= 9 if d > 9 else 0
        tot += d
    return tot % 10 == 0


def aba_ok(ds):
    w = [3, 7, 1] * 3
    return sum(int(c) * k for c, k in zip(ds, w)) % 10 == 0


def iban_ok(s):
    s = s.replace(" ", "")
    rearr = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in rearr)) % 97 == 1


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(here))), "jobs", "tests", "data")
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(out, "blind.jsonl")
    vpath = path.replace(".jsonl", ".values.jsonl")
    items = [json.loads(l) for l in open(path, encoding="utf-8")]
    values = {v["id"]: v["values"] for v in map(json.loads, open(vpath, encoding="utf-8"))}
    errs = []
    ids = set()
    per_type = Counter(); items_with_type = Counter(); kinds = Counter(); tagc = Counter()
    dx_items = 0; neg_items = 0
    for it in items:
        iid = it["id"]
        if iid in ids:
            errs.append(f"{iid}: duplicate id")
        ids.add(iid)
        if it["kind"] not in ("call", "chat", "text", "form"):
            errs.append(f"{iid}: bad kind")
        kinds[it["kind"]] += 1
        text = it["text"]
        vals = values.get(iid)
        if vals is None or len(vals) != len(it["spans"]):
            errs.append(f"{iid}: values sidecar mismatch")
            vals = [None] * len(it["spans"])
        prev_end = -1
        seen = set()
        for s, v in zip(it["spans"], vals):
            st, en, ty = s["start"], s["end"], s["type"]
            if ty not in TYPES:
                errs.append(f"{iid}: bad type {ty}")
            if not (0 <= st < en <= len(text)):
                errs.append(f"{iid}: offsets out of range {st}-{en}")
                continue
            if st < prev_end:
                errs.append(f"{iid}: overlapping/unsorted span at {st}")
            prev_end = en
            frag = text[st:en]
            if v is not None and frag != v:
                errs.append(f"{iid}: span text {frag!r} != intended {v!r}")
            if not ((frag[0].isalnum() or (ty == "PHONE_NUMBER" and frag[0] in "+(")) and frag[-1].isalnum()):
                errs.append(f"{iid}: span edge not alnum {frag!r}")
            if "\n" in frag:
                errs.append(f"{iid}: span crosses a line {frag!r}")
            digits = re.sub(r"\D", "", frag)
            if ty == "CREDIT_CARD" and len(digits) >= 13 and not luhn_ok(digits):
                errs.append(f"{iid}: card not Luhn-valid {frag!r}")
            if ty == "CREDIT_CARD" and len(digits) in (15, 16):
                if not re.match(r"4|5[1-5]|2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)|3[47]|6011|65", digits):
                    errs.append(f"{iid}: card prefix {frag!r}")
                if digits[:2] in ("34", "37") and len(digits) != 15:
                    errs.append(f"{iid}: amex length {frag!r}")
            if ty == "BANK_ACCOUNT" and re.match(r"[A-Z]{2}\d\d", frag) and not iban_ok(frag):
                errs.append(f"{iid}: IBAN invalid {frag!r}")
            if ty == "BANK_ACCOUNT" and frag.isdigit() and len(frag) == 9 and not aba_ok(frag):
                # 9-digit account numbers are also generated; only warn
                pass
            per_type[ty] += 1
            seen.add(ty)
        for ty in seen:
            items_with_type[ty] += 1
        if it["kind"] == "call":
            body = "\n".join(ln.split(": ", 1)[1] if ": " in ln else ln for ln in text.split("\n"))
            if re.search(r"\d", body):
                errs.append(f"{iid}: digits in call text")
            if text != text.lower():
                errs.append(f"{iid}: uppercase in call text")
            if "  " in text:
                errs.append(f"{iid}: double space in call")
        if it["kind"] in ("call", "chat"):
            for ln in text.rstrip("\n").split("\n"):
                if ":" not in ln and not ln.startswith(("***", "---", "--", "[")):
                    errs.append(f"{iid}: line without speaker {ln!r}")
        for t in it["tags"]:
            tagc[t] += 1
        if any(t.startswith("distractor") or t == "wordname_as_word" for t in it["tags"]):
            dx_items += 1
        if not it["spans"]:
            neg_items += 1
    print(f"items {len(items)}  kinds {dict(kinds)}")
    print(f"items with distractors {dx_items}; items with no spans {neg_items}")
    print(f"{'type':16} {'spans':>6} {'items':>6}")
    for t in sorted(TYPES):
        print(f"{t:16} {per_type[t]:6d} {items_with_type[t]:6d}")
    print("tags:", ", ".join(f"{k}={v}" for k, v in sorted(tagc.items())))
    if errs:
        print(f"\n{len(errs)} ERRORS")
        for e in errs[:60]:
            print(" ", e)
        sys.exit(1)
    print("\nOK: all spans match intended values, no overlaps")


if __name__ == "__main__":
    main()
