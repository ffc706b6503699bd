#!/usr/bin/env python3
"""Regenerate the detector's name lexicon in jobs/src/detect/data/: names.txt (US Census names),
name_words.txt (names that are also everyday words) and english_words.txt (frequent English
words that are not names).

Provenance
  names.txt     US Census Bureau, 1990 census name frequency files (dist.male.first,
                dist.female.first, dist.all.last), public domain, as shipped in the PyPI
                package `names` 0.3.0 (sdist names-0.3.0.tar.gz, directory names/).
  common_words  names from names.txt whose lowercase form is also a *lowercase* entry
                (i.e. a common word, not only a proper noun) of /usr/share/dict/words
                (Debian package `wamerican`, SCOWL-derived, public domain-ish/permissive),
                ranked by English word frequency from the PyPI package `wordfreq` 3.1.1
                (data file wordfreq/data/large_en.msgpack.gz, read directly, needs `msgpack`).
                If wordfreq is unavailable the dictionary alone decides and order is alphabetical.

Regenerate
  pip download --no-deps -d pkg names==0.3.0
  pip download --no-deps -d pkg wordfreq==3.1.1   # plus: pip install msgpack
  pip download --no-deps -d pkg faker==40.54.0
  apt-get install -y wamerican                      # provides /usr/share/dict/words
  python3 scripts/lexicon/gen_name_lexicon.py [--pkg PKG_DIR] [--out jobs/src/detect/data]

  names_intl.txt  first names and surnames of the other locales of the PyPI package Faker 40.54.0
                (MIT licence; providers/person/*/__init__.py), folded to ASCII, one word, not in
                names.txt, not a dictionary word: names the 1990 US lists miss ("zeynep",
                "aoife", "kwame", "lindqvist").
  english_words.txt  frequent English words (wordfreq 3.1.1 large_en, most frequent first) that
                are lowercase entries of the dictionary and not names: a word the detector
                knows is not a name.

Output format of names.txt (tab separated, lowercase, sorted by name):
  name  class(first|last|both)  first_rank  last_rank      ('-' where absent)
first_rank is the best rank over the male and female first-name lists (1 = most common),
last_rank the rank in the surname list.
"""
import argparse
import gzip
import io
import os
import re
import tarfile
import zipfile

LAST_CUTOFF = 30000          # keep the top 30,000 surnames (1990 list has 88,799)
FIRST_MIN_FREQ = 0.001       # percent; keeps every entry of the first-name lists
WORD_ZIPF_MIN = 2.0          # common_words: keep names whose word frequency Zipf >= 2.0 (1 per 100M words)
COMMON_MAX = 5000


def read_census(pkg):
    tgz = os.path.join(pkg, "names-0.3.0.tar.gz")
    files = {}
    if os.path.exists(tgz):
        with tarfile.open(tgz) as t:
            for m in t.getmembers():
                base = os.path.basename(m.name)
                if base.startswith("dist."):
                    files[base] = t.extractfile(m).read().decode("ascii")
    else:  # installed package
        import names as _n  # type: ignore
        d = os.path.dirname(_n.__file__)
        for base in ("dist.male.first", "dist.female.first", "dist.all.last"):
            with open(os.path.join(d, base)) as f:
                files[base] = f.read()
    out = {}
    for base, txt in files.items():
        rows = []
        for line in txt.splitlines():
            p = line.split()
            if len(p) == 4:
                rows.append((p[0].lower(), float(p[1]), int(p[3])))
        out[base] = rows
    return out


def load_wordfreq(pkg):
    """Return {word: zipf} from wordfreq's large_en cBpack, or None."""
    whl = [f for f in os.listdir(pkg) if f.startswith("wordfreq") and f.endswith(".whl")] if os.path.isdir(pkg) else []
    if not whl:
        return None
    try:
        import msgpack  # type: ignore
    except ImportError:
        return None
    with zipfile.ZipFile(os.path.join(pkg, whl[0])) as z:
        data = gzip.decompress(z.read("wordfreq/data/large_en.msgpack.gz"))
    packed = msgpack.unpackb(data, raw=False)
    freq = {}
    for i, bucket in enumerate(packed[1:]):
        z = (900 - i) / 100.0  # cB bucket i = frequency 10^(-i/100); zipf = log10(freq*1e9)
        for w in bucket:
            freq.setdefault(w, z)
    return freq


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap.add_argument("--pkg", default=os.path.join(repo, "target", "lexicon-pkg"))
    ap.add_argument("--out", default=os.path.join(repo, "jobs", "src", "detect", "data"))
    ap.add_argument("--dict", default="/usr/share/dict/words")
    a = ap.parse_args()

    c = read_census(a.pkg)
    first = {}
    for base in ("dist.male.first", "dist.female.first"):
        for name, freq, rank in c[base]:
            if freq >= FIRST_MIN_FREQ:
                first[name] = min(first.get(name, 10**9), rank)
    last = {}
    for name, freq, rank in c["dist.all.last"]:
        if rank <= LAST_CUTOFF:
            last.setdefault(name, rank)
    allnames = sorted(set(first) | set(last))
    with open(os.path.join(a.out, "names.txt"), "w") as f:
        f.write("# Muffle name lexicon. Source: US Census Bureau 1990 name frequency files "
                "(dist.male.first, dist.female.first, dist.all.last), public domain, via PyPI names 0.3.0.\n")
        f.write(f"# Cutoffs: first names with frequency >= {FIRST_MIN_FREQ}% (all {len(first)} distinct "
                f"male+female entries); surnames ranked 1..{LAST_CUTOFF} of 88,799.\n")
        f.write("# Columns: name<TAB>class(first|last|both)<TAB>first_rank<TAB>last_rank ('-' = absent; 1 = most common)\n")
        f.write("# Regenerate: scripts/lexicon/gen_name_lexicon.py (see its docstring)\n")
        for n in allnames:
            cls = "both" if n in first and n in last else ("first" if n in first else "last")
            f.write(f"{n}\t{cls}\t{first.get(n, '-')}\t{last.get(n, '-')}\n")

    # common words that are also names
    lower_words = set()
    if os.path.exists(a.dict):
        with open(a.dict, encoding="utf-8", errors="ignore") as f:
            for w in f:
                w = w.strip()
                if w and w.islower() and re.fullmatch(r"[a-z]+", w):
                    lower_words.add(w)
    wf = load_wordfreq(a.pkg)
    # calendar words are capitalised in the dictionary but are ordinary words in lowercase ASR text
    calendar = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
                "friday", "saturday", "sunday", "christmas", "easter"}
    cand = [n for n in allnames if n in lower_words or n in calendar]
    if wf is not None:
        cand = [n for n in cand if wf.get(n, 0) >= WORD_ZIPF_MIN]
        cand.sort(key=lambda n: (-wf.get(n, 0), n))
    cand = cand[:COMMON_MAX]
    with open(os.path.join(a.out, "name_words.txt"), "w") as f:
        f.write("# Names from names.txt that are also common lowercase English words; a detector should "
                "require context (cue, capitalisation, form label) before masking them.\n")
        f.write(f"# Derived: lowercase entries of {a.dict} (Debian wamerican) (+ month/weekday names) intersected with names.txt"
                + (f", kept when wordfreq 3.1.1 large_en Zipf >= {WORD_ZIPF_MIN}, ordered by word frequency" if wf else
                   ", alphabetical (wordfreq not available)") + f"; at most {COMMON_MAX}.\n")
        f.write("# Columns: word" + ("<TAB>zipf\n" if wf else "\n"))
        for n in cand:
            f.write(f"{n}\t{wf[n]:.2f}\n" if wf else f"{n}\n")
    intl_first, intl_last = faker_names(a.pkg)
    intl = sorted((set(intl_first) | set(intl_last)) - set(allnames) - lower_words)
    intl = [n for n in intl if len(n) >= 3]
    with open(os.path.join(a.out, "names_intl.txt"), "w") as f:
        f.write("# Names outside the 1990 US Census lists, from the person providers of the PyPI package Faker 40.54.0 "
                "(MIT licence), all locales, folded to ASCII; single words of 3+ letters that are not in names.txt "
                "and not lowercase dictionary words.\n")
        f.write("# Columns: name<TAB>class(first|last|both). Regenerate: scripts/lexicon/gen_name_lexicon.py\n")
        for n in intl:
            cls = "both" if n in intl_first and n in intl_last else ("first" if n in intl_first else "last")
            f.write(f"{n}\t{cls}\n")
    english = english_words(a.pkg, set(allnames) | set(intl), lower_words)
    with open(os.path.join(a.out, "english_words.txt"), "w") as f:
        f.write("# Frequent English words that are not in names.txt (wordfreq 3.1.1 large_en, by frequency; "
                "alphabetic ASCII, 2+ letters). Regenerate: scripts/lexicon/gen_name_lexicon.py\n")
        f.write("\n".join(english) + "\n")
    print(f"names.txt: {len(allnames)} names ({len(first)} first, {len(last)} last); "
          f"name_words.txt: {len(cand)}; english_words.txt: {len(english)}")


ENGLISH_MAX = 40000


def faker_names(pkg):
    """First names and surnames of every locale of Faker's person providers, folded to ASCII."""
    import ast
    import unicodedata

    whl = [f for f in os.listdir(pkg) if f.startswith("faker-") and f.endswith(".whl")]
    first, last = set(), set()

    def fold(s):
        s = unicodedata.normalize("NFKD", s)
        return "".join(c for c in s if not unicodedata.combining(c)).lower()

    def strings(node):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        if isinstance(node, ast.Dict):
            return [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        if isinstance(node, ast.Call) and node.args:
            a = node.args[0]
            if isinstance(a, (ast.List, ast.Tuple)) and a.elts and isinstance(a.elts[0], ast.Tuple):
                return [e.elts[0].value for e in a.elts if isinstance(e, ast.Tuple) and isinstance(e.elts[0], ast.Constant)]
            return strings(a)
        return []

    with zipfile.ZipFile(os.path.join(pkg, whl[0])) as z:
        for n in z.namelist():
            if not (n.startswith("faker/providers/person/") and n.endswith("__init__.py") and n.count("/") == 4):
                continue
            for node in ast.walk(ast.parse(z.read(n).decode())):
                if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
                    continue
                target = node.targets[0].id
                kind = "first" if "first_name" in target else ("last" if "last_name" in target else None)
                if kind is None:
                    continue
                for name in strings(node.value):
                    f = fold(name)
                    if f.isascii() and f.isalpha() and len(f) >= 2:
                        (first if kind == "first" else last).add(f)
    return first, last


def english_words(pkg, names, dictionary):
    """The most frequent English words (wordfreq's frequency buckets, most frequent first) that
    are lowercase dictionary entries and not names."""
    import msgpack  # type: ignore

    whl = os.path.join(pkg, "wordfreq-3.1.1-py3-none-any.whl")
    with zipfile.ZipFile(whl) as z:
        data = msgpack.unpackb(gzip.decompress(z.read("wordfreq/data/large_en.msgpack.gz")), raw=False)
    out = []
    for bucket in data[1:]:
        for w in bucket:
            if w.isalpha() and w.isascii() and len(w) >= 2 and w not in names and w in dictionary:
                out.append(w)
        if len(out) >= ENGLISH_MAX:
            break
    return out[:ENGLISH_MAX]


if __name__ == "__main__":
    main()
