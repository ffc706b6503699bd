#!/usr/bin/env python3
"""Other PII tools' public test cases, converted to Muffle's labelled format.

  python3 scripts/probes/public/build_public.py            # cases.json -> jobs/tests/data/public_cases.jsonl
  python3 scripts/probes/public/build_public.py --check    # verify the JSONL is what cases.json gives
  python3 scripts/probes/public/build_public.py extract [--mirrors DIR]
                                                           # re-extract cases.json from git snapshots

`build` (the default) needs nothing but `cases.json` and is deterministic: it maps each tool's
entity types to ours, applies the per-case decisions recorded in `cases.json` (relabels, DOB vs
distractor dates, drops), trims every span to the value (no cue, no trailing punctuation, no phone
extension), verifies every offset and writes the JSONL plus a count table.

`extract` rebuilds `cases.json` from snapshots of the source repositories (git directories named
`owner+name/repo` under --mirrors, read at the pinned commits below, never their work trees) plus
the hand-transcribed cases and the per-case decisions kept in this file. See README.md.
"""
import ast
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CASES = os.path.join(HERE, "cases.json")
OUT = os.path.join(ROOT, "jobs", "tests", "data", "public_cases.jsonl")

TYPES = ["CREDIT_CARD", "CARD_EXPIRY", "CARD_CVV", "SSN", "PHONE_NUMBER", "EMAIL_ADDRESS",
         "BANK_ACCOUNT", "PERSON_NAME", "STREET_ADDRESS", "DATE_OF_BIRTH"]

# ---------------------------------------------------------------------------------------------
# Type mapping (source vocabulary -> ours).  A source type is either mapped to one of our types,
# turned into a recorded distractor (no span), ignored (not a type we label: no span, no
# distractor), or needs a per-case decision (dates, addresses) -- build fails if none is recorded.
# ---------------------------------------------------------------------------------------------
TYPE_MAP = {
    "CREDIT_CARD": "CREDIT_CARD",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS", "EMAIL": "EMAIL_ADDRESS",
    "US_SSN": "SSN", "SSN": "SSN", "SOCIAL_SECURITY_NUMBER": "SSN",
    "US_SOCIAL_SECURITY_NUMBER": "SSN",
    "PHONE_NUMBER": "PHONE_NUMBER", "PHONE": "PHONE_NUMBER",
    "IBAN_CODE": "BANK_ACCOUNT", "DE_IBAN": "BANK_ACCOUNT", "US_BANK_NUMBER": "BANK_ACCOUNT",
    "ABA_ROUTING_NUMBER": "BANK_ACCOUNT",
    "PERSON": "PERSON_NAME", "NAME": "PERSON_NAME",
    "DATE_OF_BIRTH": "DATE_OF_BIRTH", "DOB": "DATE_OF_BIRTH",
}
DISTRACTOR_MAP = {"IP_ADDRESS": "ip", "ZIP": "zip", "ZIP_CODE": "zip", "URL": "url",
                  "DOMAIN_NAME": "url"}
OTHER_ENTITY = {"US_DRIVER_LICENSE", "DE_VAT_ID", "TWITTER", "SKYPE", "US_ITIN", "US_PASSPORT",
                "CRYPTO"}          # identifiers we have no type for: tagged other_entity
IGNORED = {"LOCATION", "ORGANIZATION", "TITLE", "NRP"} | OTHER_ENTITY
NEEDS_DECISION = {"DATE_TIME", "DATE", "ADDRESS"}

PUNCT_EDGE = set(".,;:!?\"'`)]}>([{<*|/\\-_~")


# ---------------------------------------------------------------------------------------------
# value checks used for tags
# ---------------------------------------------------------------------------------------------
def digits(s):
    return "".join(c for c in s if c.isdigit())


def luhn_ok(s):
    d = [int(c) for c in digits(s)]
    if not d:
        return False
    tot = 0
    for i, x in enumerate(reversed(d)):
        if i % 2:
            x *= 2
            if x > 9:
                x -= 9
        tot += x
    return tot % 10 == 0


def card_brand(s):
    d = digits(s)
    if d.startswith("4"):
        return "visa"
    if d[:2] in {"51", "52", "53", "54", "55"} or (len(d) >= 4 and 2221 <= int(d[:4]) <= 2720):
        return "mastercard"
    if d[:2] in {"34", "37"}:
        return "amex"
    if d.startswith("6011") or d.startswith("65") or (len(d) >= 3 and 644 <= int(d[:3]) <= 649):
        return "discover"
    return "other"


def aba_ok(s):
    d = [int(c) for c in digits(s)]
    return len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7])
                            + (d[2] + d[5] + d[8])) % 10 == 0


def iban_ok(s):
    s = re.sub(r"[\s-]", "", s).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", s):
        return False
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def ssn_ssa_invalid(s):
    d = digits(s)
    if len(d) != 9:
        return False
    area = int(d[:3])
    return area == 0 or area == 666 or area >= 900 or d[3:5] == "00" or d[5:] == "0000"


def ssn_presidio_invalid(s):
    """Presidio's UsSsnRecognizer.invalidate_result (same rules, reimplemented for tagging)."""
    delims = {c for c in s if c in ".- "}
    d = digits(s)
    if len(delims) > 1 or not d or len(set(d)) == 1:
        return True
    if d[3:5] == "00" or d[5:] == "0000":
        return True
    return any(d.startswith(p) for p in ("000", "666", "123456789", "98765432", "078051120"))


# ---------------------------------------------------------------------------------------------
# build: cases.json -> JSONL
# ---------------------------------------------------------------------------------------------
class BuildError(Exception):
    pass


def locate(text, value, nth=0, after=0):
    pos = after - 1
    for _ in range(nth + 1):
        pos = text.find(value, pos + 1)
        if pos < 0:
            raise BuildError(f"value {value!r} (occurrence {nth}) not in text {text[:80]!r}")
    return pos, pos + len(value)


def resolve(text, lab):
    """A label is {start,end[,value]} or {value[,nth]}; returns (start, end)."""
    if "start" in lab:
        if "value" in lab and text[lab["start"]:lab["end"]] != lab["value"]:
            raise BuildError(f"offsets {lab['start']},{lab['end']} do not give {lab['value']!r}")
        return lab["start"], lab["end"]
    return locate(text, lab["value"], lab.get("nth", 0))


def trim(text, s, e, typ):
    """Value only: no surrounding whitespace / punctuation; keep a phone's leading '(' or '+'
    when its bracket closes inside the span; keep a closing bracket that closes inside."""
    while s < e:
        ch = text[s]
        if ch.isspace():
            s += 1
        elif typ == "PHONE_NUMBER" and ch == "+":
            break
        elif ch in "([{<" and text[s:e].count({"(": ")", "[": "]", "{": "}", "<": ">"}[ch]) > 0:
            break
        elif ch in PUNCT_EDGE:
            s += 1
        else:
            break
    while e > s:
        ch = text[e - 1]
        if ch.isspace():
            e -= 1
        elif ch in ")]}>" and text[s:e].count({")": "(", "]": "[", "}": "{", ">": "<"}[ch]) >= \
                text[s:e].count(ch):
            break
        elif ch in PUNCT_EDGE:
            e -= 1
        else:
            break
    return s, e


EXT_RE = re.compile(r"(\s*(?:x|ext\.?|extension)\s*\d+)$", re.I)
EXT_AFTER_RE = re.compile(r"\s*((?:x|ext\.?|extension)\s*\d+)\b", re.I)


def edge_ok(text, s, e, typ):
    a, b = text[s], text[e - 1]
    if a.isspace() or b.isspace():
        return False
    if not (a.isalnum() or (typ == "PHONE_NUMBER" and a in "+(")):
        return False
    if not b.isalnum():
        return False
    return True


def convert(case):
    """Returns (item, distractors, drop_reason)."""
    if case.get("drop"):
        return None, None, case["drop"]
    text = case["text"]
    dec = case.get("decision", {})
    tmap = dict(dec.get("map", {}))
    labels, distractors, other = [], [], []

    if "labels" in dec:                       # per-case relabel replaces the source's entities
        for lab in dec["labels"]:
            s, e = resolve(text, lab)
            labels.append([s, e, lab["type"]])
    else:
        for ent in case.get("source_entities", []):
            st = ent["type"]
            target = tmap.get(st)
            if target is None:
                if st in NEEDS_DECISION:
                    raise BuildError(f"{case['id']}: {st} needs a decision")
                if st in TYPE_MAP:
                    target = TYPE_MAP[st]
                elif st in DISTRACTOR_MAP:
                    target = "distractor:" + DISTRACTOR_MAP[st]
                elif st in IGNORED:
                    target = "ignore"
                else:
                    raise BuildError(f"{case['id']}: unknown source type {st}")
            s, e = resolve(text, ent)
            if target == "ignore":
                if st in OTHER_ENTITY:
                    other.append(st)
                continue
            if target.startswith("distractor:"):
                distractors.append([s, e, target.split(":", 1)[1]])
            else:
                labels.append([s, e, target])
    for lab in dec.get("add", []):
        s, e = resolve(text, lab)
        labels.append([s, e, lab["type"]])
    for d in dec.get("distractors", []):
        s, e = resolve(text, d)
        distractors.append([s, e, d["kind"]])

    spans = []
    for s, e, t in labels:
        if t not in TYPES:
            raise BuildError(f"{case['id']}: bad type {t}")
        s, e = trim(text, s, e, t)
        if t == "PHONE_NUMBER":
            m = EXT_RE.search(text[s:e])
            if m and len(digits(text[s:e][:m.start()])) >= 7:
                ext = (s + m.start(), e)
                e = s + m.start()
                distractors.append([ext[0], ext[1], "extension"])
        if t == "PHONE_NUMBER":
            m = EXT_AFTER_RE.match(text, e)
            if m and not any(d[0] == m.start(1) for d in distractors):
                distractors.append([m.start(1), m.end(1), "extension"])
        if not (0 <= s < e <= len(text)):
            raise BuildError(f"{case['id']}: empty/out-of-range span {s},{e}")
        if not edge_ok(text, s, e, t):
            raise BuildError(f"{case['id']}: span edge {text[s:e]!r}")
        spans.append({"start": s, "end": e, "type": t})
    spans.sort(key=lambda x: (x["start"], x["end"]))
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            raise BuildError(f"{case['id']}: overlapping spans {a} {b}")
    dist = []
    for s, e, k in sorted(distractors):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if any(s < sp["end"] and sp["start"] < e for sp in spans):
            raise BuildError(f"{case['id']}: distractor {text[s:e]!r} overlaps a span")
        dist.append({"start": s, "end": e, "kind": k, "value": text[s:e]})

    tags = [case["source"], case["recognizer"]]
    tags += case.get("tags", []) + dec.get("tags", [])
    if not case["source_detects"]:
        tags.append(f"{case['source']}_negative")
        tags.append("negative" if not spans else "source_negative_relabelled")
    if "labels" in dec or dec.get("add"):
        tags.append("relabelled" if case.get("source_entities") or not case["source_detects"]
                    else "hand_labelled")
    if not spans:
        tags.append("no_spans")
    if other or dec.get("other_entity"):
        tags.append("other_entity")
    for d in dist:
        tags += ["has_distractor", "distractor_" + d["kind"]]
    for sp in spans:
        v = text[sp["start"]:sp["end"]]
        if sp["type"] == "CREDIT_CARD":
            tags.append("card_" + card_brand(v))
            if not luhn_ok(v):
                tags.append("luhn_invalid")
        elif sp["type"] == "SSN" and len(digits(v)) == 9:
            if ssn_ssa_invalid(v):
                tags.append("ssn_ssa_invalid")
            if ssn_presidio_invalid(v):
                tags.append("ssn_presidio_invalid")
        elif sp["type"] == "BANK_ACCOUNT":
            if re.match(r"[A-Za-z]{2}\d{2}", v):
                tags.append("iban_valid" if iban_ok(v) else "iban_checksum_invalid")
            elif len(digits(v)) == 9 and aba_ok(v):
                tags.append("aba_valid")
    if not spans and case["recognizer"] == "iban" and re.fullmatch(r"[A-Za-z]{2}\d{2}[\sA-Za-z0-9-]+",
                                                                 text.strip()):
        alnum = re.sub(r"[^A-Za-z0-9]", "", text)
        shape = re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", alnum)
        tags.append("iban_checksum_invalid" if shape and not iban_ok(alnum) else "iban_format_invalid")
    if not spans and case["recognizer"] in {"credit_card"}:
        d = digits(text)
        if 13 <= len(d) <= 19 and luhn_ok(d):
            tags.append("luhn_valid")
    if any(ord(c) > 0x24F and unicodedata.category(c).startswith("L") for c in text):
        tags.append("non_latin")
    tags = sorted(set(tags), key=tags.index)
    item = {"id": case["id"], "kind": case.get("kind", "text"), "text": text, "spans": spans,
            "tags": tags}
    return item, dist, None


def build(check=False):
    with open(CASES, encoding="utf-8") as f:
        data = json.load(f)
    items, dropped, dists = [], [], {}
    ids = set()
    for case in data["cases"]:
        if case["id"] in ids:
            raise BuildError(f"duplicate id {case['id']}")
        ids.add(case["id"])
        item, dist, why = convert(case)
        if item is None:
            dropped.append((case["id"], why))
            continue
        items.append(item)
        dists[item["id"]] = dist
    lines = "".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items)
    if check:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != lines:
                print(f"{OUT} is out of date; run build_public.py", file=sys.stderr)
                sys.exit(1)
    else:
        os.makedirs(os.path.dirname(OUT), exist_ok=True)
        with open(OUT, "w", encoding="utf-8") as f:
            f.write(lines)
    report(data, items, dists, dropped)


def report(data, items, dists, dropped):
    per_src = Counter(); per_type = defaultdict(Counter); neg = Counter(); nsp = Counter()
    tagc = Counter()
    for it in items:
        src = it["tags"][0]
        per_src[src] += 1
        for sp in it["spans"]:
            per_type[src][sp["type"]] += 1
        if "negative" in it["tags"]:
            neg[src] += 1
        if not it["spans"]:
            nsp[src] += 1
        tagc.update(it["tags"])
    srcs = sorted(per_src)
    print(f"{len(items)} items ({len(dropped)} extracted cases dropped), "
          f"{sum(len(i['spans']) for i in items)} spans, "
          f"{sum(len(d) for d in dists.values())} recorded distractors")
    print(f"{'type':16}" + "".join(f"{s[:14]:>15}" for s in srcs) + f"{'total':>8}")
    for t in TYPES:
        row = [per_type[s][t] for s in srcs]
        if sum(row):
            print(f"{t:16}" + "".join(f"{n:15d}" for n in row) + f"{sum(row):8d}")
    for name, cnt in (("items", per_src), ("no-span items", nsp), ("negatives", neg)):
        row = [cnt[s] for s in srcs]
        print(f"{name:16}" + "".join(f"{n:15d}" for n in row) + f"{sum(row):8d}")
    interesting = [t for t in tagc if t not in per_src and not t.startswith("card_")]
    print("tags: " + ", ".join(f"{t}={tagc[t]}" for t in sorted(interesting)))
    print("cards: " + ", ".join(f"{t}={tagc[t]}" for t in sorted(tagc) if t.startswith("card_")))


# ---------------------------------------------------------------------------------------------
# extract: snapshots + hand-transcribed cases + decisions -> cases.json
# ---------------------------------------------------------------------------------------------
SOURCES = {
    "presidio": {"repo": "microsoft/presidio", "commit": "0aa9f8e44275cb52c00fbbebe19168e934e1f076",
                 "license": "MIT"},
    "presidio_research": {"repo": "microsoft/presidio-research",
                          "commit": "7622dec1e5f7d25dc60b57c28c39f4c4af197018", "license": "MIT"},
    "scrubadub": {"repo": "LeapBeyond/scrubadub",
                  "commit": "53772cbef417da290d25c95373031f786ab3b5c6", "license": "Apache-2.0"},
    "datafog": {"repo": "DataFog/datafog-python",
                "commit": "b34c04c0f93700799366dee0dbd014e3965c921e", "license": "MIT"},
    "pii_codex": {"repo": "EdyVision/pii-codex",
                  "commit": "e823e2c17f073966fdaf23b7dc169402f0572c69", "license": "BSD-3-Clause"},
    "google_dlp": {"repo": "GoogleCloudPlatform/python-docs-samples", "commit": None,
                   "license": "Apache-2.0"},
}

PA = "presidio-analyzer/tests/"
# (path, test function, text param, positions param, entity types)
PRESIDIO_PARAM = [
    (PA + "test_credit_card_recognizer.py", "test_when_all_credit_cards_then_succeed", "text",
     "expected_res", "CREDIT_CARD", "credit_card"),
    (PA + "test_email_recognizer.py", "test_when_all_email_addresses_then_succeed", "text",
     "expected_positions", "EMAIL_ADDRESS", "email"),
    (PA + "test_us_ssn_recognizer.py", "test_when_snn_in_text_than_all_us_ssns_are_found", "text",
     "expected_positions", "US_SSN", "us_ssn"),
    (PA + "test_phone_recognizer.py", "test_when_all_phones_then_succeed", "text",
     "expected_positions", "@entities", "phone"),
    (PA + "test_phone_recognizer.py", "test_when_phone_with_leniency_then_succeed", "text",
     "expected_positions", "@entities", "phone"),
    (PA + "test_phone_recognizer.py", "test_when_phone_with_textual_explanation_then_succeed",
     "text", "expected_positions", "@entities", "phone"),
    (PA + "test_iban_recognizer.py", "test_when_all_ibans_then_succeed", "iban", "expected_res",
     "IBAN_CODE", "iban"),
    (PA + "test_us_bank_recognizer.py", "test_when_bank_in_text_then_all_us_banks_found", "text",
     "expected_positions", "US_BANK_NUMBER", "us_bank"),
    (PA + "test_aba_routing_recognizer.py", "test_when_aba_routing_numbers_then_succeed", "text",
     "expected_positions", "ABA_ROUTING_NUMBER", "aba_routing"),
    (PA + "test_date_recognizer.py", "test_when_all_dates_then_succeed", "text",
     "expected_positions", "DATE_TIME", "date"),
    (PA + "test_ip_recognizer.py", "test_when_all_ips_then_succeed", "text",
     "expected_positions", "IP_ADDRESS", "ip"),
    (PA + "test_spacy_recognizer.py", "test_when_using_spacy_then_all_spacy_result_found", "text",
     "expected_positions", "#PERSON,DATE_TIME", "ner"),
    (PA + "test_stanza_recognizer.py", "test_when_using_stanza_then_all_stanza_result_correct",
     "text", "expected_positions", "#PERSON,DATE_TIME", "ner"),
    (PA + "test_transformers_recognizer.py",
     "test_when_using_transformers_then_all_transformers_result_correct", "text",
     "expected_positions", "#PERSON,DATE_TIME", "ner"),
]

D = "distractor:date"
Y = "distractor:year"
# Per-case decisions, keyed by (source, text).  "labels" replaces the source's entities (values
# located in the text), "add" adds labels, "map" decides a DATE/ADDRESS source type for the case,
# "distractors" records unlabelled values, "drop" removes the case with a reason.
DECISIONS = {
    # --- presidio: credit cards with a cue whose number fails Luhn (Presidio: no card)
    ("presidio", "my credit card number is 4012-8888-8888-1882"): {"tags": ["disputed", "cue_present"]},
    ("presidio", "my credit card number is 36168002586008"): {"tags": ["disputed", "cue_present"]},
    # --- presidio SSN: bare numbers Presidio reports only with a very low score
    ("presidio", "078-051121 07805-1121"): {"tags": ["weak_no_context"]},
    ("presidio", "078051121"): {"tags": ["weak_no_context"]},
    ("presidio", "945456787654"): {"tags": ["weak_no_context"]},
    # --- presidio IBAN negatives that contain other PII
    ("presidio", "Dalla's Pizza | 3843 Peartree Road, Bamblee, SD 20241 440-600-5124"): {
        "labels": [{"value": "3843 Peartree Road", "type": "STREET_ADDRESS"},
                   {"value": "440-600-5124", "type": "PHONE_NUMBER"}],
        "distractors": [{"value": "20241", "kind": "zip"}],
        "note": "IBAN test negative; the text holds a street address and a phone number"},
    ("presidio", "Slash as iban separator: AL47/2121/1009/0000/0002/3569/8741"): {
        "tags": ["disputed"],
        "note": "valid IBAN written with '/' separators; Presidio does not report it"},
    # --- presidio dates: never a date of birth in these tests
    ("presidio", "5-20-2021"): {"drop": "bare date with no context: DOB or not is undecidable"},
    ("presidio", "1972"): {"drop": "bare year with no context"},
    ("presidio", "May 1st"): {"drop": "bare date with no context"},
    ("presidio", "May 1st, 1977"): {"drop": "bare date with no context: could be a DOB"},
    ("presidio", "year 1972"): {"drop": "bare year with no context"},
    ("presidio", "I bought my car in 1972"): {"map": {"DATE_TIME": Y}},
    ("presidio", "I bought my car in 1972."): {"map": {"DATE_TIME": Y}},
    ("presidio", "I bought my car in May"): {"map": {"DATE_TIME": D}, "tags": ["name_wordlike"]},
    ("presidio", "I bought my car in May."): {"map": {"DATE_TIME": D}, "tags": ["name_wordlike"]},
    ("presidio", "I bought my car on May 1st, 1977"): {"map": {"DATE_TIME": D}},
    # --- presidio NER: titles are outside the name
    ("presidio", "his name is Mr. May"): {"labels": [{"value": "May", "type": "PERSON_NAME"}],
                                          "tags": ["name_wordlike"],
                                          "note": "source span includes the title 'Mr.'"},
    ("presidio", "They call me Mr. May"): {"labels": [{"value": "May", "type": "PERSON_NAME"}],
                                           "tags": ["name_wordlike"],
                                           "note": "one source (transformers) includes 'Mr.'"},
    ("presidio", "Mr. May"): {"tags": ["name_wordlike"]},
    ("presidio", "Dan May has a bank account."): {"tags": ["name_wordlike"]},
    # --- presidio: IPv6 cases Presidio detects without giving offsets
    ("presidio", "2345:0425:2CA1:0000:0000:0567:5673:23b5"): {
        "distractors": [{"value": "2345:0425:2CA1:0000:0000:0567:5673:23b5", "kind": "ip"}]},
    ("presidio", "2345:0425:2CA1::0567:5673:23b5"): {
        "distractors": [{"value": "2345:0425:2CA1::0567:5673:23b5", "kind": "ip"}]},
    ("presidio", "2400:c401::5054:ff:fe1b:b031"): {
        "distractors": [{"value": "2400:c401::5054:ff:fe1b:b031", "kind": "ip"}]},
    ("presidio", "Use local ipv6 ::"): {"drop": "bare '::' has no letter or digit to mask"},
    ("presidio", "src=:: dst=::1"): {"drop": "IPv6 '::' tokens: nothing a PII masker could leak"},

    # --- datafog corpus: dates, addresses, corrupted text
    ("datafog", "Patient Emily Johnson, DOB 03/15/1989, MRN 00987654. Email: emily.j@hospital.org. Primary physician: Dr. Robert Chen at (415) 555-0198."): {
        "map": {"DATE": "DATE_OF_BIRTH"}},
    ("datafog", "Wire beneficiary Apple Bank account 5500000000000004 due 2024-11-01."): {
        "map": {"DATE": D},
        "note": "DataFog labels the Luhn-valid Mastercard test number after 'account' as CREDIT_CARD"},
    ("datafog", "Alert: login by maria@corp.io from 203.0.113.10 at 2025-08-09."): {"map": {"DATE": D}},
    ("datafog", "Attending: Dr. Ana Silva, visit date 2023-07-12, call 555.111.2222."): {"map": {"DATE": D}},
    ("datafog", "Record for Maria Lopez born March 15, 1989 in Madrid."): {"map": {"DATE": "DATE_OF_BIRTH"}},
    ("datafog", "Ship to 1600 Amphitheatre Parkway, Mountain View, CA 94043 for Google."): {
        "map": {"ADDRESS": "STREET_ADDRESS"}},
    ("datafog", "Please visit 221B Baker Street for pickup."): {"map": {"ADDRESS": "STREET_ADDRESS"}},
    ("datafog", "Ship replacement parts to 1600 Pennsylvania Avenue NW."): {
        "map": {"ADDRESS": "STREET_ADDRESS"}},
    ("datafog", "Value 2020-01-01.1 is malformed"): {"drop": "malformed date; neither DOB nor clearly not"},
    ("datafog", "DOB 03/15/1989 recorded."): {"map": {"DATE": "DATE_OF_BIRTH"}},
    ("datafog", "Date 1989-03-15 recorded."): {"drop": "date with no context: DOB or not is undecidable"},
    ("datafog", "Meeting on March 15, 1989 was archived."): {"map": {"DATE": D}},
    ("datafog", "Try 3/5/2020 for one entry."): {"drop": "date with no context"},
    ("datafog", "Try 3-5-2020 for another entry."): {"drop": "date with no context"},
    ("datafog", "Fiscal year 2024 planning."): {"map": {"DATE": Y}},
    ("datafog", "Range 2020-01-01 to 2021-12-31"): {"map": {"DATE": D}},
    ("datafog", "1980-01-01 starts the string"): {"drop": "date with no context"},
    ("datafog", "SSN:123-45-6789;DOB:1990-01-01"): {
        "add": [{"value": "1990-01-01", "type": "DATE_OF_BIRTH"}],
        "note": "DataFog's regex corpus does not label the DOB field"},
    ("datafog", "Jordan completed the shipment to Jordan."): {
        "labels": [{"value": "Jordan", "type": "PERSON_NAME"}], "tags": ["disputed"],
        "note": "DataFog labels the first 'Jordan' (the subject who completed a shipment) LOCATION; "
                "it is a person; the second (destination) is a place"},
    ("datafog", "ZIP 94105 is not a phone"): {"distractors": [{"value": "94105", "kind": "zip"}]},
    ("datafog", "Traveler Omar Aziz, passport X1234567, phone 5551234567."): {"other_entity": True},
    ("datafog", "Chase approved the ticket."): {"tags": ["disputed", "name_wordlike"]},
    ("datafog", "Crystal will join the call at noon."): {"tags": ["name_wordlike"]},
    ("datafog", "Legacy value 123456789 appears here."): {
        "tags": ["disputed", "weak_no_context"],
        "note": "DataFog expects a bare 9-digit run to be an SSN"},
    ("datafog", "Suspicious token 123 45 6789 appears."): {
        "tags": ["disputed"], "note": "DataFog: space-separated SSN is not an SSN; Presidio: it is"},
    # --- datafog regex tests (template 'DOB: x'): DataFog's MM/DD-only regex rejects valid dates
    ("datafog", "DOB: 13/01/2000"): {"labels": [{"value": "13/01/2000", "type": "DATE_OF_BIRTH"}],
                                     "tags": ["disputed"],
                                     "note": "valid DD/MM/YYYY date under a DOB label"},
    ("datafog", "DOB: 01.01.2000"): {"labels": [{"value": "01.01.2000", "type": "DATE_OF_BIRTH"}],
                                     "tags": ["disputed"],
                                     "note": "valid dotted date under a DOB label"},
    ("datafog", "DOB: 2000/01/01"): {"labels": [{"value": "2000/01/01", "type": "DATE_OF_BIRTH"}],
                                     "tags": ["disputed"],
                                     "note": "valid YYYY/MM/DD date under a DOB label"},
    ("datafog", "DOB: 01-01"): {"drop": "month-day without year; DataFog says no, a labeller might say yes"},
    ("datafog", "Email: user@domain@domain.com"): {
        "drop": "DataFog only asserts the whole string is not reported; 'domain@domain.com' "
                "inside it is a well-formed address"},
    ("datafog", "Email: !#$%&'*+-/=?^_`{}|~@example.org"): {
        "drop": "RFC special-character local part: the value starts with punctuation, "
                "which our span convention cannot express"},
    ("datafog", "Email: very.unusual.@.unusual.com"): {"tags": ["edge_rfc"]},
    ("datafog", "SSN: 123 45 6789"): {"tags": ["disputed"],
                                      "note": "DataFog: spaces are an invalid separator; Presidio accepts them"},
    ("datafog", "Phone: 55-555-5555"): {"tags": ["disputed"]},
    ("datafog", "Phone: 555-55-5555"): {"tags": ["disputed"]},
    ("datafog", "Phone: 555-555-555"): {"tags": ["disputed"]},
    ("datafog", "Phone: 5555555555555"): {"tags": ["disputed"]},

    # --- presidio-research generated_small.json: street line only, per our convention
    ("presidio_research", "john had given shamhan his address: 46 velký průhon 426, opocnice"): {
        "map": {"ADDRESS": "merge"}, "street": ["46 velký průhon 426"]},
    ("presidio_research", "Filip lives on Nassaustraat 123 street."): {"street": ["Nassaustraat 123"]},
    ("presidio_research", "ZIP: 11164"): {"street": [], "distractors": [{"value": "11164", "kind": "zip"}]},
    ("presidio_research", "ZIP: 43672"): {"street": [], "distractors": [{"value": "43672", "kind": "zip"}]},
    ("presidio_research", "Shelby Araujo lives at 87 Jakobi 69, Laane"): {"street": ["87 Jakobi 69"]},
    ("presidio_research", "Please update the billing address with 52 Ibirapita 8057\nErwetegem\n, VOV\n Serbia 23823 for this card: 4556156821609393"): {
        "street": ["52 Ibirapita 8057"], "distractors": [{"value": "23823", "kind": "zip"}]},
    ("presidio_research", "kristin crnić\n\n98 árpád fejedelem útja 45.\n apt. 614\n pomáz\n\n tunisia 13222"): {
        "street": ["98 árpád fejedelem útja 45", "apt. 614"],
        "distractors": [{"value": "13222", "kind": "zip"}]},
    ("presidio_research", "Frank had given Tyler his address: 03 Πλατεία Μαβίλη 170, ΑΓΛΑΝΤΖΙΑ (ΑΓΛΑΓΓΙΑ)"): {
        "street": ["03 Πλατεία Μαβίλη 170"]},
    ("presidio_research", "As promised, here's Arne's address:\n\n06 Reyes Católicos 17\nSaarjärve, JN 91851"): {
        "street": ["06 Reyes Católicos 17"], "distractors": [{"value": "91851", "kind": "zip"}]},
    ("presidio_research", "Please return to 39 79 Argyll Road\nNoorderwijk\n, VAN\n Portugal 76970 in case of an issue."): {
        "street": ["39 79 Argyll Road"], "distractors": [{"value": "76970", "kind": "zip"}]},
    ("presidio_research", "What is your address? it is 05 Weblinger Gürtel 92 Apt. 584 HEILIGENBRUNN France"): {
        "street": ["05 Weblinger Gürtel 92 Apt. 584"]},
    ("presidio_research", "The restaurant is at 19 1755 Nelson Mandela Drive"): {
        "street": ["19 1755 Nelson Mandela Drive"]},
    ("presidio_research", "The bus station is on Ziegelgasse 26"): {"street": ["Ziegelgasse 26"]},
    ("presidio_research", "The restaurant is located at 01 Korte Noordsstraat 307\nÖVERTURINGEN, nan 80815. It serves great indian food."): {
        "street": ["01 Korte Noordsstraat 307"], "distractors": [{"value": "80815", "kind": "zip"}],
        "tags": ["generator_artifact"]},
    ("presidio_research", "95 230 Wit Rd\n Suite 246\n Bryanston\n Rwanda 02438"): {
        "street": ["95 230 Wit Rd", "Suite 246"], "distractors": [{"value": "02438", "kind": "zip"}]},
    ("presidio_research", "How do I change my address to 16 48 rue Descartes, Monte Gil, Canada for post mail?"): {
        "street": ["16 48 rue Descartes"]},
    ("presidio_research", "please return to 45 aðalgata 37\nkędzierzyn-koźle\n, nan\n 25033 in case of an issue."): {
        "street": ["45 aðalgata 37"], "distractors": [{"value": "25033", "kind": "zip"}],
        "tags": ["generator_artifact"]},
    ("presidio_research", "Michael Urner\n\n11 Školní 939\n Apt. 827\n Kaplice 1\n\n Iceland 80392"): {
        "street": ["11 Školní 939", "Apt. 827"], "distractors": [{"value": "80392", "kind": "zip"}]},
    ("presidio_research", "Tiffany Kilfoyle\nNera Economic Consulting\n74 106 Kate Edger Place, BINSTED, Vatican City\n69 987 88 37 office\n001-825-741-0957x5184 fax\n+1-944-435-4352x04732 mobile"): {
        "street": ["74 106 Kate Edger Place"]},
    ("presidio_research", "Taylor Barabás\nAreavibes Inc\n27 2279 President St\nGleniti\n, nan\n Canada 32586\nMobile: 041-412-293\nDesk: 986.291.2294x751\nFax: 001-420-335-7509x38548"): {
        "street": ["27 2279 President St"], "distractors": [{"value": "32586", "kind": "zip"}],
        "tags": ["generator_artifact"]},
    ("presidio_research", "I once lived in 95 Bem rkp. 97. Suite 446, Poznań, Bolivia 28327. I now live in the corner of Kapelaniestraat 88 and Whittaker Street"): {
        "drop": "intersection ('the corner of X and Y Street') has no labelling rule in our convention"},
    ("presidio_research", "billing address: tracy sukhorukova\n    23 8 wressle road suite 771\n   polapit tamar\n    nan\n    77058"): {
        "street": ["23 8 wressle road suite 771"], "distractors": [{"value": "77058", "kind": "zip"}],
        "tags": ["generator_artifact"]},
    ("presidio_research", "When: 1998-06-28 14:48:14\nWhere: Kouklia Country Club."): {"map": {"DATE_TIME": D}},
    ("presidio_research", "She was born on 12/27/1986. Her maiden name is Vestergaard"): {
        "map": {"DATE_TIME": "DATE_OF_BIRTH"}},
    ("presidio_research", "It's like that since 12/1/1977"): {"map": {"DATE_TIME": D}},
    ("presidio_research", "A great song made even greater by a mandolin coda (not by Janice Brkić MD)."): {
        "labels": [{"value": "Janice Brkić", "type": "PERSON_NAME"}],
        "note": "post-nominal 'MD' is outside the name, like a title"},
    ("presidio_research", "I would like to remove my kid Mali from the will. How do I do that?"): {
        "distractors": [{"value": "will", "kind": "wordname"}]},
}
DECISIONS.update({
    # --- scrubadub date-of-birth docstrings: scrubadub's own TODOs say its spans are wrong here
    ("scrubadub", "DOB: 02.12.1979"): {
        "labels": [{"value": "02.12.1979", "type": "DATE_OF_BIRTH"}],
        "note": "scrubadub expects only '1979' (a known dateparser limitation per its TODO)"},
    ("scrubadub", "My name is Mike and I was born in a land far away on 22/11/1972"): {
        "labels": [{"value": "Mike", "type": "PERSON_NAME"},
                   {"value": "22/11/1972", "type": "DATE_OF_BIRTH"}],
        "note": "scrubadub's span swallows 'on ' (its TODO); the DOB test ignores the name"},
    ("scrubadub", "my name is Jane and I was born on 11/22/1972"): {
        "labels": [{"value": "Jane", "type": "PERSON_NAME"},
                   {"value": "11/22/1972", "type": "DATE_OF_BIRTH"}],
        "note": "scrubadub's span swallows 'on ' (its TODO); the DOB test ignores the name"},
    ("scrubadub", "John is a cat"): {
        "tags": ["disputed"], "note": "scrubadub labels NAME; a pet's name is a distractor in our "
                                     "convention, but nothing in the text says so before 'cat'"},
})

FILE = object()   # text = the whole file at `path`
# hand-transcribed cases: (source, recognizer, path, locator, text, labels, extra)
# labels: list of (value, TYPE[, nth]); extra: dict(source_detects=..., tags=..., commit=...,
# distractors=[(value, kind)], note=...)
H = []


def hand(source, recognizer, path, locator, text, labels, **extra):
    H.append((source, recognizer, path, locator, text, labels, extra))


P_AE = PA + "test_analyzer_engine.py"
P_E2E = "e2e-tests/resources/demo.txt"
hand("presidio", "freeform", P_AE, "test_when_analyze_then_apptracer_has_value",
     " Credit card: 4095-2609-9393-4932,  my phone is 425 8829090",
     [("4095-2609-9393-4932", "CREDIT_CARD"), ("425 8829090", "PHONE_NUMBER")])
hand("presidio", "freeform", P_AE, "test_demo_text / test_when_entities_is_none_all_recognizers_loaded",
     "My name is Bart Simpson, and Credit card: 4095-2609-9393-4932,  my phone is 425 8829090",
     [("Bart Simpson", "PERSON_NAME"), ("4095-2609-9393-4932", "CREDIT_CARD"),
      ("425 8829090", "PHONE_NUMBER")])
hand("presidio", "freeform", P_AE, "test_when_threshold_is_more_than_half_only_credit_card_passes",
     "My credit card number is 4916994465041084", [("4916994465041084", "CREDIT_CARD")])
hand("presidio", "freeform", P_AE, "test_when_default_threshold_is_zero_all_results_pass",
     "My name is Sharon and I live in Seattle.Domain: microsoft.com ", [("Sharon", "PERSON_NAME")])
hand("presidio", "freeform", P_AE, "test_ad_hoc_*", "John Smith drivers license is AC432223",
     [("John Smith", "PERSON_NAME")], tags=["other_entity"])
hand("presidio", "freeform", P_AE, "test_ad_hoc_*",
     "John Smith drivers license is AC432223 and his zip code is 10023",
     [("John Smith", "PERSON_NAME")], distractors=[("10023", "zip")],
     tags=["other_entity"])
hand("presidio", "freeform", P_AE, "test_ad_hoc_*", "Mr. John Smith's drivers license is AC432223",
     [("John Smith", "PERSON_NAME")], tags=["other_entity"])
hand("presidio", "freeform", P_AE, "test_ad_hoc_*", "Mr. John Smith's zip code is 10023 or 999",
     [("John Smith", "PERSON_NAME")], distractors=[("10023", "zip")])
hand("presidio", "freeform", P_AE, "test_when_recognizer_overrides_enhance_score",
     "Michael Jones has a rocket", [("Michael Jones", "PERSON_NAME")])
hand("presidio", "freeform", P_AE, "test_analyze_with_*", "My name is David and his number is 4095-2609-9393-4932",
     [("David", "PERSON_NAME"), ("4095-2609-9393-4932", "CREDIT_CARD")])
hand("presidio", "freeform", PA + "test_context_support.py", "test_when_text_with_aditional_context_*",
     "John Smith license is AC432223", [("John Smith", "PERSON_NAME")], tags=["other_entity"])
hand("presidio", "freeform", PA + "test_context_support.py", "test_when_text_with_only_additional_context_*",
     "John Smith D.R is AC432223", [("John Smith", "PERSON_NAME")], tags=["other_entity"])
hand("presidio", "freeform", "e2e-tests/tests/test_api_analyzer.py", "test_*_additional_context_*",
     "John Smith D.L. is AC432223", [("John Smith", "PERSON_NAME")], tags=["other_entity"])
hand("presidio", "freeform", PA + "test_spacy_recognizer.py",
     "test_when_person_in_text_then_person_full_name_complex_found", "William Bill Alexander",
     [("William Bill Alexander", "PERSON_NAME")], tags=["name_wordlike"])
hand("presidio", "freeform", PA + "test_transformers_recognizer.py",
     "test_when_person_in_text_then_person_full_name_complex_found", "Richard (Rick) C. Henderson",
     [("Richard (Rick) C. Henderson", "PERSON_NAME")])
hand("presidio", "freeform", PA + "test_huggingface_ner_recognizer.py", "test_*",
     "My name is Taewoong Kim and my phone is 555-1234",
     [("Taewoong Kim", "PERSON_NAME"), ("555-1234", "PHONE_NUMBER")])
hand("presidio", "freeform", PA + "test_huggingface_ner_recognizer.py", "test_*",
     "내 이름은 김태웅이고 전화번호는 010-1234-5678이야",
     [("김태웅", "PERSON_NAME"), ("010-1234-5678", "PHONE_NUMBER")])
hand("presidio", "freeform", PA + "test_huggingface_ner_recognizer.py", "test_*",
     "Taewoong Kim lives in New York and works at Microsoft", [("Taewoong Kim", "PERSON_NAME")])
hand("presidio", "freeform", PA + "test_huggingface_ner_recognizer.py", "test_*",
     "Taewoong Kim and Jane Doe", [("Taewoong Kim", "PERSON_NAME"), ("Jane Doe", "PERSON_NAME")])
hand("presidio", "freeform", PA + "test_gliner_recognizer.py", "test_*",
     "My name is John Doe from Seattle.", [("John Doe", "PERSON_NAME")])
hand("presidio", "freeform", PA + "test_gliner_recognizer.py", "test_*_chunk*",
     "John Smith lives here. " + ("x " * 120) + "Jane Doe works there.",
     [("John Smith", "PERSON_NAME"), ("Jane Doe", "PERSON_NAME")], tags=["long_input"])
hand("presidio", "freeform", PA + "test_gliner_recognizer.py", "test_*_chunk*",
     ("x " * 100) + "Amanda Williams" + (" x" * 100), [("Amanda Williams", "PERSON_NAME")],
     tags=["long_input"])
hand("presidio", "freeform", PA + "test_gliner_recognizer.py", "test_*_chunk*",
     ("x " * 95) + "Dr. Smith" + (" x" * 100), [("Smith", "PERSON_NAME")], tags=["long_input"])
P_AN = "presidio-anonymizer/tests/"
hand("presidio", "freeform", P_AN + "test_anonymizer_engine.py", "test_*",
     "hello world, my name is Jane Doe. My number is: 034453334",
     [("Jane Doe", "PERSON_NAME"), ("034453334", "PHONE_NUMBER")])
hand("presidio", "freeform", P_AN + "integration/test_anonymize_engine.py", "test_*",
     "hello world, my name is Jane Doe. My number is: 03-4453334",
     [("Jane Doe", "PERSON_NAME"), ("03-4453334", "PHONE_NUMBER")])
hand("presidio", "freeform", P_AN + "integration/test_anonymize_engine.py", "test_*",
     "My name is Jane Doe and Jane Doe number is: 034453334",
     [("Jane Doe", "PERSON_NAME"), ("Jane Doe", "PERSON_NAME", 1), ("034453334", "PHONE_NUMBER")])
hand("presidio", "freeform", P_AN + "integration/test_anonymize_engine.py", "test_*",
     "My name is Bond, James Bond", [("Bond", "PERSON_NAME"), ("James Bond", "PERSON_NAME")])
hand("presidio", "freeform", P_AN + "integration/test_anonymize_engine.py", "test_*",
     "My name is Jones, David", [("Jones, David", "PERSON_NAME")])
hand("presidio", "freeform", P_AN + "integration/test_anonymize_engine.py", "test_*",
     "My name is David   Jones", [("David   Jones", "PERSON_NAME")])
hand("presidio", "freeform", P_AN + "integration/test_anonymize_engine.py", "test_*",
     "My name is Chloë", [("Chloë", "PERSON_NAME")])
hand("presidio", "freeform", P_AN + "integration/test_anonymize_engine.py", "test_*",
     "The user has the following two emails: email1@conto.com and email2@conto.com",
     [("email1@conto.com", "EMAIL_ADDRESS"), ("email2@conto.com", "EMAIL_ADDRESS")])
hand("presidio", "freeform", P_AN + "test_anonymizer_engine.py", "test_*issue_1925*",
     "a@x.com b@y.com c@z.com",
     [("a@x.com", "EMAIL_ADDRESS"), ("b@y.com", "EMAIL_ADDRESS"), ("c@z.com", "EMAIL_ADDRESS")])
hand("presidio", "freeform", P_AN + "test_anonymizer_engine.py", "test_*issue_1925*",
     "a@x.com\tb@y.com\nc@z.com",
     [("a@x.com", "EMAIL_ADDRESS"), ("b@y.com", "EMAIL_ADDRESS"), ("c@z.com", "EMAIL_ADDRESS")])
hand("presidio", "freeform", P_AN + "operators/test_*", "test_*", "email: admin@GitHub.com",
     [("admin@GitHub.com", "EMAIL_ADDRESS")])
hand("presidio", "freeform", PA + "test_pattern_recognizer.py", "test_*",
     "Fake text with SSN 145-45-6789 and phone number 953-555-5555.",
     [("145-45-6789", "SSN"), ("953-555-5555", "PHONE_NUMBER")])
hand("presidio", "freeform", PA + "test_*", "test_*", "I was born at 1/5/1922",
     [("1/5/1922", "DATE_OF_BIRTH")])
hand("presidio", "freeform", PA + "test_*", "test_*", "Fax number is 5125125125",
     [("5125125125", "PHONE_NUMBER")])
hand("presidio", "freeform", PA + "test_*", "test_*", "Phone: 5124421234",
     [("5124421234", "PHONE_NUMBER")])
hand("presidio", "freeform", PA + "test_*", "test_*", "Call me at 212-124-1244",
     [("212-124-1244", "PHONE_NUMBER")])
hand("presidio", "freeform", PA + "test_*", "test_*", "Call me at 2121551234",
     [("2121551234", "PHONE_NUMBER")])
hand("presidio", "freeform", PA + "test_*", "test_*", "My phone is 054-3332111",
     [("054-3332111", "PHONE_NUMBER")])
hand("presidio", "freeform", PA + "test_*", "test_*", "My phone number is 212-121-1424",
     [("212-121-1424", "PHONE_NUMBER")])
hand("presidio", "freeform", PA + "test_*", "test_*", "The phone book said: Jones 212-555-5555",
     [("Jones", "PERSON_NAME"), ("212-555-5555", "PHONE_NUMBER")])
hand("presidio", "freeform", PA + "test_*", "test_*",
     "No deny list words, though includes PII entities: 555-1234, John",
     [("555-1234", "PHONE_NUMBER"), ("John", "PERSON_NAME")])
hand("presidio", "freeform", PA + "test_*", "test_*", "5551234567 user@example.com",
     [("5551234567", "PHONE_NUMBER"), ("user@example.com", "EMAIL_ADDRESS")])
hand("presidio", "freeform", PA + "test_*", "test_*", "My name is John and my email is john@example.com",
     [("John", "PERSON_NAME"), ("john@example.com", "EMAIL_ADDRESS")])
hand("presidio", "freeform", PA + "test_*", "test_*",
     "Patient John Doe was seen by Dr. Smith on 2024-01-15. Contact: john.doe@email.com or 555-123-4567.",
     [("John Doe", "PERSON_NAME"), ("Smith", "PERSON_NAME"), ("john.doe@email.com", "EMAIL_ADDRESS"),
      ("555-123-4567", "PHONE_NUMBER")], distractors=[("2024-01-15", "date")])
hand("presidio", "freeform", PA + "test_*", "test_*", "Patient Marie Dupont was seen on 15/01/2024.",
     [("Marie Dupont", "PERSON_NAME")], distractors=[("15/01/2024", "date")])
hand("presidio", "freeform", "e2e-tests/tests/test_package_e2e_integration_flows.py",
     "test_given_text_with_pii_using_ollama_recognizer_then_detects_entities",
     "Patient John Smith, SSN 123-45-6789, email john@example.com, phone 555-123-4567, lives at 123 Main St, works at Acme Corp",
     [("John Smith", "PERSON_NAME"), ("123-45-6789", "SSN"), ("john@example.com", "EMAIL_ADDRESS"),
      ("555-123-4567", "PHONE_NUMBER"), ("123 Main St", "STREET_ADDRESS")])
hand("presidio", "demo", P_E2E, "whole file", FILE,
     [("David Johnson", "PERSON_NAME"), ("4095-2609-9393-4932", "CREDIT_CARD"),
      ("test@presidio.site", "EMAIL_ADDRESS"), ("(212) 555-1234", "PHONE_NUMBER"),
      ("IL150120690000003111111", "BANK_ACCOUNT"), ("954567876544", "BANK_ACCOUNT"),
      ("Kate", "PERSON_NAME"), ("078-05-1126", "SSN"), ("opencode@microsoft.com", "EMAIL_ADDRESS")],
     distractors=[("September 18", "date"), ("192.168.0.1", "ip")], tags=["other_entity"],
     note="the e2e demo document, whole; passport, driver licence, crypto wallet, URL, IP are "
          "not types we label")
# presidio context sentences (tests/data/context_sentences_tests.txt): entity named, no offsets
P_CTX = PA + "data/context_sentences_tests.txt"
for text, labels in [
        ("my ssn is 078-051121", [("078-051121", "SSN")]),
        ("my social security number is 078051120", [("078051120", "SSN")]),
        ("my social security number is 078-05-1121", [("078-05-1121", "SSN")]),
        ("my social security number is 078051121", [("078051121", "SSN")]),
        ("my ssns is 078-05-1121", [("078-05-1121", "SSN")]),
        ("my ssid is 078-05-1121", [("078-05-1121", "SSN")]),
        ("my phone number is (425) 882-9090", [("(425) 882-9090", "PHONE_NUMBER")]),
        ("my phone number is:(425) 882-9090", [("(425) 882-9090", "PHONE_NUMBER")]),
        ("my phone number is 425 8829090", [("425 8829090", "PHONE_NUMBER")]),
        ("try one of these phones 052 5552606 074-7111234",
         [("052 5552606", "PHONE_NUMBER"), ("074-7111234", "PHONE_NUMBER")]),
        ("my phone number is 4258829090", [("4258829090", "PHONE_NUMBER")]),
        ("routing number is: 101205681", [("101205681", "BANK_ACCOUNT")]),
        ("my bank account number is 912803456", [("912803456", "BANK_ACCOUNT")]),
        ("my banking account number is 912803456", [("912803456", "BANK_ACCOUNT")]),
        ("my ip: 192.168.0.1", []),
]:
    extra = {"tags": ["context_sentence"]}
    if text == "my ip: 192.168.0.1":
        extra["distractors"] = [("192.168.0.1", "ip")]
    if text.endswith("078051120"):
        extra["tags"] += ["disputed"]
        extra["note"] = ("listed as US_SSN in the context file, but Presidio's SSN recognizer "
                         "invalidates 078-05-1120 (the voided 'Woolworth' sample number), so the "
                         "test passes with no detection")
    hand("presidio", "context", P_CTX, "entity block", text, labels, **extra)

# scrubadub, hand-transcribed (non-docstring tests and the labelled example document)
S_T = "tests/"
hand("scrubadub", "freeform", S_T + "test_api.py", "test_clean",
     "This is a test message for example@exampe.com", [("example@exampe.com", "EMAIL_ADDRESS")])
hand("scrubadub", "freeform", S_T + "test_api.py", "test_list_filth",
     "This is a test message for example@example.com", [("example@example.com", "EMAIL_ADDRESS")])
hand("scrubadub", "freeform", S_T + "test_api.py", "test_clean_documents",
     "Hello @Jane call me on +33 4 41 26 62 36.",
     [("Jane", "PERSON_NAME"), ("+33 4 41 26 62 36", "PHONE_NUMBER")], tags=["disputed", "other_entity"],
     note="scrubadub reports '@Jane' as a Twitter handle; we label the name in the greeting")
hand("scrubadub", "freeform", S_T + "test_api.py", "test_quickstart",
     "My cat can be contacted on example@example.com, or 1800 555-5555",
     [("example@example.com", "EMAIL_ADDRESS"), ("1800 555-5555", "PHONE_NUMBER")])
hand("scrubadub", "freeform", S_T + "test_scrubbers.py", "test_filth_ordering",
     "Alan can be reached by email alan@example.com or phone +1.312.456.6421",
     [("Alan", "PERSON_NAME"), ("alan@example.com", "EMAIL_ADDRESS"),
      ("+1.312.456.6421", "PHONE_NUMBER")])
hand("scrubadub", "freeform", S_T + "test_scrubbers.py", "test_clean_text",
     "the apple was eaten by a shark", [], source_detects=False)
hand("scrubadub", "freeform", S_T + "test_scrubbers.py", "test_*", "hello jane@example.com",
     [("jane@example.com", "EMAIL_ADDRESS")])
hand("scrubadub", "freeform", S_T + "test_scrubbers.py", "test_*",
     "shark sent example@example.com a complaint", [("example@example.com", "EMAIL_ADDRESS")])
hand("scrubadub", "freeform", S_T + "test_api_older.py", "test_scrubber_clean",
     "contact Joe Duffy at joe@example.com",
     [("Joe Duffy", "PERSON_NAME"), ("joe@example.com", "EMAIL_ADDRESS")])
hand("scrubadub", "freeform", S_T + "test_detector_phone_numbers.py", "test_multiple_phone_numbers",
     "Call me on my cell 312.714.8142 or in my office 773.415.7432",
     [("312.714.8142", "PHONE_NUMBER"), ("773.415.7432", "PHONE_NUMBER")])
hand("scrubadub", "freeform", S_T + "test_api_advanced.py", "test_identifier",
     "i'm on twitter (@john_smith) or can be reached at +1.800.346.1819",
     [("+1.800.346.1819", "PHONE_NUMBER")], tags=["other_entity"])
hand("scrubadub", "real_data", S_T + "example_real_data/document.txt", "whole file; labels from "
     "tests/example_real_data/known_pii.csv", FILE,
     [("Mike Johnson", "PERSON_NAME"), ("123 The Street", "STREET_ADDRESS"),
      ("0775 2212 211", "PHONE_NUMBER"), ("mike@example.com", "EMAIL_ADDRESS"),
      ("MiKe@ExAmPlE.Com", "EMAIL_ADDRESS")], distractors=[("E2 2AA", "zip")],
     note="known_pii.csv labels the address from '123 The Street' to 'England'; our street-line "
          "rule keeps '123 The Street' only; the capitalised e-mail repeat is labelled too")

# datafog, hand-transcribed (fixtures / single tests in tests/test_regex_annotator.py)
F_RA = "tests/test_regex_annotator.py"
hand("datafog", "freeform", F_RA, "fixture sample_text",
     "Contact John Doe at john.doe@example.com or call (555) 123-4567. His SSN is 123-45-6789 and credit card 4111111111111111. He lives at 123 Main St, New York, NY 10001. His IP address is 192.168.1.1 and his birthday is 01/01/1980.",
     [("John Doe", "PERSON_NAME"), ("john.doe@example.com", "EMAIL_ADDRESS"),
      ("(555) 123-4567", "PHONE_NUMBER"), ("123-45-6789", "SSN"), ("4111111111111111", "CREDIT_CARD"),
      ("123 Main St", "STREET_ADDRESS"), ("01/01/1980", "DATE_OF_BIRTH")],
     distractors=[("10001", "zip"), ("192.168.1.1", "ip")])
hand("datafog", "freeform", F_RA, "test_annotation_result_format",
     "Contact John at john@example.com or 555-123-4567. SSN: 123-45-6789.",
     [("John", "PERSON_NAME"), ("john@example.com", "EMAIL_ADDRESS"), ("555-123-4567", "PHONE_NUMBER"),
      ("123-45-6789", "SSN")])

# pii-codex (tests/pii_codex/services/*.py): Presidio-backed; expectations without offsets
C_D = "tests/pii_codex/services/test_detection_service.py"
C_A = "tests/pii_codex/services/test_analysis_service.py"
for path, text, labels, extra in [
        (C_D, "Not", [], {"source_detects": False}),
        (C_D, "PII", [], {"source_detects": False}),
        (C_D, "example@example.com", [("example@example.com", "EMAIL_ADDRESS")], {}),
        (C_D, "My email is example@example.eu.edu", [("example@example.eu.edu", "EMAIL_ADDRESS")], {}),
        (C_D, "My phone number is 305-555-5555", [("305-555-5555", "PHONE_NUMBER")], {}),
        (C_D, "My phone number is 305-555-5555 and email is example@example.com",
         [("305-555-5555", "PHONE_NUMBER"), ("example@example.com", "EMAIL_ADDRESS")], {}),
        (C_D, "My SSN is 489-36-8350", [("489-36-8350", "SSN")], {}),
        (C_D, "SSN: 514-14-8905", [("514-14-8905", "SSN")], {}),
        (C_D, "Social Security Number: 690-05-5315", [("690-05-5315", "SSN")], {}),
        (C_D, "My number is 421-37-1396", [("421-37-1396", "SSN")], {}),
        (C_D, "SSN 458-02-6124", [("458-02-6124", "SSN")], {}),
        (C_D, "No SSN here", [], {"source_detects": False}),
        (C_D, "Random text 123-45-6789", [], {"source_detects": False, "tags": ["disputed"],
                                              "note": "'generic SSN format without context'"}),
        (C_D, "Bank account: 1234567890", [("1234567890", "BANK_ACCOUNT")], {}),
        (C_D, "Robert Aragon, SSN: 489-36-8350, DOB: 6/7/1981",
         [("Robert Aragon", "PERSON_NAME"), ("489-36-8350", "SSN"), ("6/7/1981", "DATE_OF_BIRTH")], {}),
        (C_A, "Here is my contact information: Phone number 555-555-5555 and my email is example123@email.com",
         [("555-555-5555", "PHONE_NUMBER"), ("example123@email.com", "EMAIL_ADDRESS")], {}),
        (C_A, "My phone number is 555-555-5555", [("555-555-5555", "PHONE_NUMBER")], {}),
        (C_A, "Oh his work phone number is 777-777-7777", [("777-777-7777", "PHONE_NUMBER")], {}),
]:
    hand("pii_codex", "presidio_adapter", path, "parametrize / test body", text, labels, **extra)

# Google Cloud DLP samples (dlp/snippets/**/*_test.py), each file at the commit read
G = [
    ("dlp/snippets/Inspect/inspect_string_test.py", "d0332670fb845ae128f9197e8d5293100f4dc9fc",
     "My name is Gary Smith and my email is gary@example.com",
     [("Gary Smith", "PERSON_NAME"), ("gary@example.com", "EMAIL_ADDRESS")], {}),
    ("dlp/snippets/Inspect/inspect_phone_number_test.py", "d0332670fb845ae128f9197e8d5293100f4dc9fc",
     "String with a phone number: 234-555-6789", [("234-555-6789", "PHONE_NUMBER")], {}),
    ("dlp/snippets/Deidentify/deidentify_masking_test.py", "47b06a1f805022855bda7e1b60239269bdb4f6be",
     "My SSN is 372819127", [("372819127", "SSN")], {}),
    ("dlp/snippets/Deidentify/deidentify_masking_test.py", "47b06a1f805022855bda7e1b60239269bdb4f6be",
     "My favorite color is blue", [], {"source_detects": False}),
    ("dlp/snippets/Deidentify/deidentify_redact_test.py", "07bb469ff16d6429506a34911efa4766d9231a53",
     "My SSN is 372819127!", [("372819127", "SSN")], {}),
    ("dlp/snippets/Deidentify/deidentify_free_text_with_fpe_using_surrogate_test.py",
     "08cad504c4e7caf270a0c594203c8e34cac7a555",
     "My phone number is 4359916732", [("4359916732", "PHONE_NUMBER")], {}),
    ("dlp/snippets/Deidentify/deidentify_replace_infotype_test.py",
     "241bd5c6afcf51bb314c22fcaf957f754d846798",
     "My favorite site is https://cloud.google.com", [], {"distractors": [("https://cloud.google.com", "url")]}),
    ("dlp/snippets/Deidentify/deidentify_exception_list_test.py", "29beda5710822980033d75e33a902a1f9ecd54b1",
     "jack@example.org accessed record of user: gary@example.org",
     [("jack@example.org", "EMAIL_ADDRESS"), ("gary@example.org", "EMAIL_ADDRESS")],
     {"note": "the sample excludes jack@example.org by configuration (exception list); both are addresses"}),
    ("dlp/snippets/Deidentify/deidentify_dictionary_replacement_test.py",
     "29beda5710822980033d75e33a902a1f9ecd54b1",
     "My name is Alicia Abernathy, and my email address is aabernathy@example.com.",
     [("Alicia Abernathy", "PERSON_NAME"), ("aabernathy@example.com", "EMAIL_ADDRESS")], {}),
    ("dlp/snippets/Custom_Infotype/inspect_string_with_exclusion_dict_test.py",
     "de64d3b0daa58b785a0e6baa8dc7026228bf917f", "gary@example.com, example@example.com",
     [("gary@example.com", "EMAIL_ADDRESS"), ("example@example.com", "EMAIL_ADDRESS")],
     {"note": "the sample excludes example@example.com by configuration"}),
    ("dlp/snippets/Custom_Infotype/inspect_string_with_exclusion_regex_test.py",
     "de64d3b0daa58b785a0e6baa8dc7026228bf917f", "alice@example.com, ironman@avengers.net",
     [("alice@example.com", "EMAIL_ADDRESS"), ("ironman@avengers.net", "EMAIL_ADDRESS")],
     {"note": "the sample excludes .+@example.com by configuration"}),
    ("dlp/snippets/Custom_Infotype/inspect_string_with_exclusion_dict_substring_test.py",
     "a4233c24aa2f4cf434f4484d8a8acd1924393797", "bob@example.com TEST@example.com TEST.com",
     [("bob@example.com", "EMAIL_ADDRESS"), ("TEST@example.com", "EMAIL_ADDRESS")],
     {"note": "the sample excludes 'TEST' by configuration; TEST.com is a domain, not labelled"}),
    ("dlp/snippets/Custom_Infotype/inspect_string_omit_overlap_test.py",
     "241bd5c6afcf51bb314c22fcaf957f754d846798", "alice@example.com",
     [("alice@example.com", "EMAIL_ADDRESS")], {}),
    ("dlp/snippets/Custom_Infotype/inspect_string_without_overlap_test.py",
     "0d6ca27f20e7f6305eb5cdc972139fb03e2c7a79",
     "example.com is a domain, james@example.org is an email.",
     [("james@example.org", "EMAIL_ADDRESS")], {"distractors": [("example.com", "url")]}),
    ("dlp/snippets/Custom_Infotype/inspect_string_custom_omit_overlap_test.py",
     "dc432cf469fa6af0ceeb09b70cd4c9ca9cb222be", "Larry Page and John Doe",
     [("Larry Page", "PERSON_NAME"), ("John Doe", "PERSON_NAME")],
     {"note": "the sample drops 'Larry Page' by a custom VIP rule; both are names"}),
    ("dlp/snippets/Custom_Infotype/inspect_string_custom_excluding_substring_test.py",
     "de64d3b0daa58b785a0e6baa8dc7026228bf917f", "Danger, Jimmy | Wayne, Bruce",
     [("Danger, Jimmy", "PERSON_NAME"), ("Wayne, Bruce", "PERSON_NAME")],
     {"note": "'Last, First' names; the sample excludes 'Jimmy' by configuration"}),
    ("dlp/snippets/Custom_Infotype/inspect_string_multiple_rules_test.py",
     "c92a506113d712d9e456772722bad2e2be4b1045", "patient name: Jane Doe",
     [("Jane Doe", "PERSON_NAME")], {}),
    ("dlp/snippets/Custom_Infotype/inspect_string_multiple_rules_test.py",
     "c92a506113d712d9e456772722bad2e2be4b1045", "doctor: Jane Doe",
     [("Jane Doe", "PERSON_NAME")],
     {"note": "DLP reports no finding only because of the sample's custom exclusion rule"}),
    ("dlp/snippets/Custom_Infotype/inspect_string_multiple_rules_test.py",
     "c92a506113d712d9e456772722bad2e2be4b1045", "patient name: quasimodo",
     [("quasimodo", "PERSON_NAME")],
     {"tags": ["disputed"], "note": "value under a person label; DLP finds nothing (not a known name)"}),
    ("dlp/snippets/Custom_Infotype/inspect_string_multiple_rules_test.py",
     "c92a506113d712d9e456772722bad2e2be4b1045", "name of patient: REDACTED", [],
     {"source_detects": False}),
    ("dlp/snippets/Custom_Infotype/inspect_string_custom_hotword_test.py",
     "a4233c24aa2f4cf434f4484d8a8acd1924393797", "patient's name is John Doe.",
     [("John Doe", "PERSON_NAME")], {}),
    ("dlp/snippets/Inspect/inspect_augment_infotypes_test.py",
     "a4233c24aa2f4cf434f4484d8a8acd1924393797", "The patient's name is Quasimodo",
     [("Quasimodo", "PERSON_NAME")], {}),
    ("dlp/snippets/Deidentify/deidentify_simple_word_list_test.py",
     "47b06a1f805022855bda7e1b60239269bdb4f6be",
     "Patient was seen in RM-YELLOW then transferred to rm green.", [],
     {"distractors": [("RM-YELLOW", "room_id"), ("rm green", "room_id")]}),
]
for path, commit, text, labels, extra in G:
    hand("google_dlp", "dlp_sample", path, "test body", text, labels, commit=commit, **extra)


def git_show(mirrors, repo, commit, path):
    gd = os.path.join(mirrors, repo.replace("/", "+"), "repo")
    return subprocess.run(["git", "--git-dir", gd, "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout.decode("utf-8")


def ast_params(src, func):
    tree = ast.parse(src)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == func:
            for dec in node.decorator_list:
                if isinstance(dec, ast.Call) and getattr(dec.func, "attr", "") == "parametrize":
                    names = [n.strip() for n in ast.literal_eval(dec.args[0]).split(",")]
                    for elt in dec.args[1].elts:
                        yield elt.lineno, dict(zip(names, ast.literal_eval(elt)))
            return
    raise KeyError(func)


class Collector:
    def __init__(self):
        self.cases, self.by_key = [], {}

    def add(self, source, recognizer, path, locator, text, source_entities, source_detects,
            commit=None, tags=(), note=None, distractors=()):
        key = (source, text)
        if key in self.by_key:                      # same text in several tests: merge
            c = self.by_key[key]
            have = {(e.get("start"), e.get("end"), e.get("value"), e["type"])
                    for e in c["source_entities"]}
            for e in source_entities:
                if (e.get("start"), e.get("end"), e.get("value"), e["type"]) not in have:
                    c["source_entities"].append(e)
            c["source_detects"] = c["source_detects"] or source_detects
            loc = f"{path}:{locator}"
            if loc not in c["also_in"] and loc != f"{c['path']}:{c['locator']}":
                c["also_in"].append(loc)
            return
        meta = SOURCES[source]
        c = {"id": None, "source": source, "repo": meta["repo"], "path": path,
             "commit": commit or meta["commit"], "license": meta["license"], "locator": locator,
             "also_in": [], "recognizer": recognizer, "kind": "text", "text": text,
             "source_detects": source_detects, "source_entities": list(source_entities)}
        if tags:
            c["tags"] = list(tags)
        dec = dict(DECISIONS.get(key, {}))
        if distractors:
            dec.setdefault("distractors", []).extend({"value": v, "kind": k} for v, k in distractors)
        if note:
            dec["note"] = note
        if dec:
            if "drop" in dec:
                c["drop"] = dec.pop("drop")
            if dec:
                c["decision"] = dec
        self.by_key[key] = c
        self.cases.append(c)


def align_before_after(before, after):
    """scrubadub BEFORE/AFTER docstrings -> [(start, end, TYPE)] in BEFORE."""
    parts = re.split(r"\{\{([A-Z_]+)(?:-\d+)?\}\}", after)
    lits, types = parts[0::2], parts[1::2]
    rx = "".join(re.escape(l) + ("(.+?)" if i < len(types) else "") for i, l in enumerate(lits))
    m = re.fullmatch(rx, before, re.S)
    if not m:
        raise ValueError(f"cannot align {before!r} / {after!r}")
    return [(m.start(i + 1), m.end(i + 1), t) for i, t in enumerate(types)]


def extract(mirrors):
    col = Collector()
    P = SOURCES["presidio"]
    # -- presidio parametrised recognizer tests
    for path, func, tkey, pkey, etype, rec in PRESIDIO_PARAM:
        src = git_show(mirrors, P["repo"], P["commit"], path)
        for line, p in ast_params(src, func):
            text = p[tkey]
            pos = p.get(pkey, ())
            n = p.get("expected_len", len(pos))
            if etype == "@entities":
                types = p["entities"]
            elif etype.startswith("#"):
                types = [etype[1:].split(",")[p["entity_num"]]] * len(pos)
            else:
                types = [etype] * len(pos)
            ents = [{"start": s, "end": e, "type": t} for (s, e), t in zip(pos, types)]
            col.add("presidio", rec, path, f"{func} line {line}", text, ents, n > 0)
            c = col.by_key[("presidio", text)]
            if rec == "date" and ents and not c.get("drop") and "labels" not in c.get("decision", {}):
                # "Today is ...", timestamps: never a date of birth
                c.setdefault("decision", {}).setdefault("map", {}).setdefault("DATE_TIME", D)
    # -- presidio hand-transcribed
    # -- other sources' hand-transcribed cases come after their extracted ones (see below)
    for source, rec, path, loc, text, labels, extra in [h for h in H if h[0] == "presidio"]:
        add_hand(col, source, rec, path, loc, text, labels, extra)

    # -- presidio-research generated_small.json
    R = SOURCES["presidio_research"]
    path = "tests/data/generated_small.json"
    for i, rec in enumerate(json.loads(git_show(mirrors, R["repo"], R["commit"], path))):
        text = rec["full_text"]
        ents, fixes = [], []
        for s in rec["spans"]:
            st, en, val = s["start_position"], s["end_position"], s["entity_value"]
            if text[st:en] != val:                  # generator offset slip: relocate the value
                cands = [m.start() for m in re.finditer(re.escape(val), text)]
                st = min(cands, key=lambda x: abs(x - st))
                en = st + len(val)
                fixes.append(f"source offsets of {val!r} were off by "
                             f"{s['start_position'] - st}; relocated")
            ents.append({"start": st, "end": en, "type": s["entity_type"], "value": val})
        key = ("presidio_research", text)
        dec = DECISIONS.get(key, {})
        if any(ch in text for ch in ("Ã", "¿½", "???")):
            drop = "mojibake / '???' placeholder characters from the generator"
        elif any(e["type"] == "ADDRESS" for e in ents) and "street" not in dec and "drop" not in dec:
            drop = "ADDRESS spans need a street-line decision that was not made"
        else:
            drop = None
        if "street" in dec:
            ents = [e for e in ents if e["type"] != "ADDRESS"]
            ents += [{"value": v, "type": "STREET"} for v in dec["street"]]
        col.add("presidio_research", "generated", path, f"record {i}", text, ents, bool(ents))
        c = col.by_key[key]
        if fixes:
            c["source_note"] = "; ".join(fixes)
        if drop and "drop" not in c:
            c["drop"] = drop
        if "decision" in c:
            c["decision"].pop("street", None)
            c["decision"].setdefault("map", {})
            if "street" in dec:
                c["decision"]["map"]["STREET"] = "STREET_ADDRESS"
            c["decision"]["map"].pop("ADDRESS", None)
            if not c["decision"]["map"]:
                del c["decision"]["map"]
        if "generated" not in c.setdefault("tags", []):
            c["tags"].append("generated")

    # -- scrubadub BEFORE/AFTER docstrings
    S = SOURCES["scrubadub"]
    for fname, rec in [("test_detector_credit_card.py", "credit_card"),
                       ("test_detector_emails.py", "email"),
                       ("test_detector_en_US_social_security_number.py", "ssn"),
                       ("test_detector_date_of_birth.py", "date_of_birth"),
                       ("test_detector_text_blob.py", "name"),
                       ("test_detector_twitter.py", "twitter")]:
        path = "tests/" + fname
        tree = ast.parse(git_show(mirrors, S["repo"], S["commit"], path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            doc = ast.get_docstring(node, clean=False) or ""
            if "BEFORE:" not in doc:
                continue
            before, after = doc.split("BEFORE:")[1].split("AFTER:")
            before, after = before.strip(), after.strip()
            spans = align_before_after(before, after)
            skipped = any(isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "skip"
                          for d in node.decorator_list)
            if rec == "twitter" and not any(t == "EMAIL" for _, _, t in spans):
                continue                              # handles only: not a type we label
            ents = [{"start": s, "end": e, "type": t} for s, e, t in spans]
            col.add("scrubadub", rec, path, node.name, before, ents, bool(ents),
                    tags=["source_test_skipped"] if skipped else ())
    path = "tests/test_detector_phone_numbers.py"
    tree = ast.parse(git_show(mirrors, S["repo"], S["commit"], path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "check_phone_numbers":
            for a in node.args:
                num = ast.literal_eval(a)
                text = "My phone number is %s" % num
                col.add("scrubadub", "phone", path, f"check_phone_numbers line {a.lineno}", text,
                        [{"start": 19, "end": len(text), "type": "PHONE"}], True)
    for source, rec, path, loc, text, labels, extra in [h for h in H if h[0] == "scrubadub"]:
        add_hand(col, source, rec, path, loc, text, labels, extra)

    # -- datafog accuracy corpus
    F = SOURCES["datafog"]
    for fname in ["structured_pii", "unstructured_pii", "mixed_pii", "edge_cases", "negative_cases"]:
        path = f"tests/corpus/{fname}.json"
        for rec in json.loads(git_show(mirrors, F["repo"], F["commit"], path)):
            text = rec["input"]
            ents = [{"start": e["start"], "end": e["end"], "type": e["type"], "value": e["text"]}
                    for e in rec["expected_entities"]]
            tags = ["long_input"] if len(text) > 10000 else []
            col.add("datafog", fname, path, rec["id"], text, ents, bool(ents), tags=tags)
            c = col.by_key[("datafog", text)]
            if re.search(r"\?\?|\w\?\w|\s\?\w", text) and "drop" not in c:
                c["drop"] = "non-Latin characters were replaced by '?' in the source file"
    # -- datafog regex annotator parametrised tests (f"<Label>: {value}")
    path = "tests/test_regex_annotator.py"
    src = git_show(mirrors, F["repo"], F["commit"], path)
    for func, key, label, typ in [("test_email_regex", "email", "Email", "EMAIL"),
                                  ("test_phone_regex", "phone", "Phone", "PHONE"),
                                  ("test_ssn_regex", "ssn", "SSN", "SSN"),
                                  ("test_credit_card_regex", "card", "Credit card", "CREDIT_CARD"),
                                  ("test_ip_address_regex", "ip", "IP", "IP_ADDRESS"),
                                  ("test_dob_regex", "date", "DOB", "DOB"),
                                  ("test_zip_regex", "zip_code", "ZIP", "ZIP")]:
        for line, p in ast_params(src, func):
            value = p[key]
            text = f"{label}: {value}"
            ents = [{"start": len(label) + 2, "end": len(text), "type": typ}] if p["should_match"] else []
            tags = ["cue_present"] if not p["should_match"] and typ not in ("IP_ADDRESS", "ZIP") else []
            col.add("datafog", "regex_" + key, path, f"{func} line {line}", text, ents,
                    bool(p["should_match"]), tags=tags)
    for source, rec, path, loc, text, labels, extra in [h for h in H if h[0] == "datafog"]:
        add_hand(col, source, rec, path, loc, text, labels, extra)

    for source in ("pii_codex", "google_dlp"):
        for s, rec, path, loc, text, labels, extra in [h for h in H if h[0] == source]:
            add_hand(col, s, rec, path, loc, text, labels, extra)

    # ids
    seq = Counter()
    short = {"presidio": "presidio", "presidio_research": "presres", "scrubadub": "scrub",
             "datafog": "datafog", "pii_codex": "piicodex", "google_dlp": "gdlp"}
    for c in col.cases:
        seq[c["source"]] += 1
        c["id"] = f"pub-{short[c['source']]}-{seq[c['source']]:04d}"
    unused = [k for k in DECISIONS if k not in col.by_key]
    if unused:
        raise SystemExit(f"decisions for texts not extracted: {unused}")
    out = {"about": "Other PII tools' public test cases; see README.md. Each case keeps the "
                    "source's own expectation (source_detects, source_entities in the source's "
                    "type names) and our per-case decision; build_public.py converts.",
           "sources": SOURCES, "cases": col.cases}
    with open(CASES, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {CASES}: {len(col.cases)} cases "
          f"({sum(1 for c in col.cases if c.get('drop'))} marked drop)")


MIRRORS = "/work/.mirror"


def find_source(source, text, hint):
    """(path, 'line N') of the file in the snapshot that contains the text (or its escaped
    form, or the start of its first line): the hinted file if it is among the hits, else the
    first test file, else the first hit; None when not found."""
    meta = SOURCES[source]
    gd = os.path.join(MIRRORS, meta["repo"].replace("/", "+"), "repo")
    if meta["commit"] is None or not os.path.isdir(gd):
        return None
    first = text.strip().split("\n")[0]
    hint_rx = re.compile(re.escape(hint).replace(r"\*", ".*") + "$")
    for pat in (text, text.encode("unicode_escape").decode("ascii"), first[:40].strip()):
        if len(pat) < 12 or "\n" in pat:
            continue
        r = subprocess.run(["git", "--git-dir", gd, "grep", "-n", "-F", "-e", pat, meta["commit"],
                            "--", ":!*.ipynb", ":!docs/*"], capture_output=True)
        hits = [h.split(":", 3)[1:3] for h in r.stdout.decode("utf-8", "replace").splitlines()]
        if hits:
            best = ([h for h in hits if hint_rx.match(h[0])] + [h for h in hits if "test" in h[0]]
                    + hits)[0]
            return best[0], f"line {best[1]}"
    return None


def add_hand(col, source, rec, path, loc, text, labels, extra):
    extra = dict(extra)
    if text is FILE:
        meta = SOURCES[source]
        text = git_show(MIRRORS, meta["repo"], meta["commit"], path)
        found = None
    else:
        found = find_source(source, text, path)
    if found:
        same = re.fullmatch(re.escape(path).replace(r"\*", ".*"), found[0])
        path, loc = found[0], found[1] + (f" ({loc})" if same and "*" not in loc else "")
    elif "*" in path:
        raise SystemExit(f"cannot find the source of {text[:60]!r}")
    ents = [{"value": l[0], "type": l[1], **({"nth": l[2]} if len(l) > 2 else {})} for l in labels]
    detects = extra.pop("source_detects", True)
    col.add(source, rec, path, loc, text, ents, detects, commit=extra.pop("commit", None),
            tags=extra.pop("tags", ()), note=extra.pop("note", None),
            distractors=extra.pop("distractors", ()))
    c = col.by_key[(source, text)]
    # hand labels are in our vocabulary already: map identity
    for e in c["source_entities"]:
        if e["type"] in TYPES and e["type"] not in TYPE_MAP:
            c.setdefault("decision", {}).setdefault("map", {})[e["type"]] = e["type"]
    c.setdefault("tags", [])
    if "hand_labelled" not in c["tags"]:
        c["tags"].append("hand_labelled")
    assert not extra, extra


if __name__ == "__main__":
    args = sys.argv[1:]
    try:
        if args[:1] == ["extract"]:
            if "--mirrors" in args:
                MIRRORS = args[args.index("--mirrors") + 1]
            extract(MIRRORS)
            build()
        else:
            build(check="--check" in args)
    except BuildError as e:
        sys.exit(f"build_public.py: {e}")
