#!/usr/bin/env python3
"""Independent verifier for the blind5 evaluation set.

Does NOT import the generator.  Re-decodes every span from its text (spoken number words, typed
separators, spelled e-mails, phonetic letters, keypad letters, month names, ordinals) and compares
with the sidecar; validates Luhn / ABA / IBAN mod-97 / SSN rules / dates; checks span edges,
overlaps, distractors and unlabelled Luhn-valid runs.  Exits 1 on any problem.

    python3 scripts/probes/blind5/check_blind5.py              # check + print tables
    python3 scripts/probes/blind5/check_blind5.py --selftest   # inject errors, confirm each is caught
    python3 scripts/probes/blind5/check_blind5.py --markdown   # tables as Markdown
"""
import collections
import copy
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..'))
GOLD = os.path.join(ROOT, 'jobs', 'tests', 'data', 'blind5.jsonl')
SIDE = os.path.join(ROOT, 'jobs', 'tests', 'data', 'blind5.values.jsonl')

TYPES = {'PERSON_NAME', 'CREDIT_CARD', 'CARD_EXPIRY', 'CARD_CVV', 'PHONE_NUMBER', 'EMAIL_ADDRESS',
         'BANK_ACCOUNT', 'STREET_ADDRESS', 'SSN', 'DATE_OF_BIRTH'}
ROLES = {'primary', 'speaker_label', 'readback', 'readback_partial', 'readback_wrong', 'correction',
         'false_start', 'spelled', 'partial', 'last4'}
KINDS = {'call', 'chat', 'text', 'form'}

# ------------------------------------------------------------------ word tables (written for the checker)
W_UNIT = {'zero': 0, 'oh': 0, 'o': 0, 'one': 1, 'two': 2, 'three': 3, 'four': 4, 'five': 5, 'six': 6,
          'seven': 7, 'eight': 8, 'nine': 9}
W_SLIP = {'won': 1, 'to': 2, 'too': 2, 'for': 4, 'fore': 4, 'ate': 8}
W_TEEN = {'ten': 10, 'eleven': 11, 'twelve': 12, 'thirteen': 13, 'fourteen': 14, 'fifteen': 15,
          'sixteen': 16, 'seventeen': 17, 'eighteen': 18, 'nineteen': 19}
W_TENS = {'twenty': 20, 'thirty': 30, 'forty': 40, 'fifty': 50, 'sixty': 60, 'seventy': 70, 'eighty': 80,
          'ninety': 90}
W_ORD = {'first': 1, 'second': 2, 'third': 3, 'fourth': 4, 'fifth': 5, 'sixth': 6, 'seventh': 7, 'eighth': 8,
         'ninth': 9, 'tenth': 10, 'eleventh': 11, 'twelfth': 12, 'thirteenth': 13, 'fourteenth': 14,
         'fifteenth': 15, 'sixteenth': 16, 'seventeenth': 17, 'eighteenth': 18, 'nineteenth': 19,
         'twentieth': 20, 'thirtieth': 30}
W_MONTH = {}
for _i, _m in enumerate(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
                         'october', 'november', 'december']):
    W_MONTH[_m] = _i + 1
    W_MONTH[_m[:3]] = _i + 1
W_MONTH['sept'] = 9
FILL1 = {'um', 'uh', 'er', 'erm', 'hmm', 'like'}
FILL2 = {('let', 'me', 'see'), ('hang', 'on'), ('hold', 'on')}
EDGE_BAD = {'um', 'uh', 'er', 'erm', 'hmm', 'like', 'so', 'okay', 'ok', 'its', 'is', 'was', 'the', 'my', 'and',
            'then', 'exp', 'cvv', 'cvc', 'code', 'ssn', 'social', 'card', 'dob', 'mr', 'mrs', 'ms', 'dr', 'sorry',
            'wait', 'no', 'yes', 'yeah', 'hang', 'hold', 'let', 'see', 'routing', 'account', 'acct', 'iban',
            'expires', 'phone', 'email', 'at', 'dot', 'slash', 'of', 'plus'}
EDGE_OK_START = {'PHONE_NUMBER': {'plus'}, 'EMAIL_ADDRESS': {'at'}}
EDGE_OK_END = {'STREET_ADDRESS': {'dr'}}
KEYPAD = {}
for _d, _ls in (('2', 'abc'), ('3', 'def'), ('4', 'ghi'), ('5', 'jkl'), ('6', 'mno'), ('7', 'pqrs'), ('8', 'tuv'),
                ('9', 'wxyz')):
    for _c in _ls:
        KEYPAD[_c] = _d
IBAN_LEN = {'GB': 22, 'DE': 22, 'NL': 18, 'ES': 24, 'IE': 22, 'FR': 27, 'BE': 16, 'IT': 27, 'CH': 21, 'PL': 28,
            'AT': 20, 'PT': 25, 'NO': 15}
PHONE_CC = {'1', '44', '91', '61', '49', '52', '63', '33', '234'}
TRUNK0 = {'44', '91', '61', '49', '63', '33', '234'}


def tokens(text):
    """Lower-cased tokens: words (letters, apostrophes inside), digit runs, single symbols."""
    out = []
    for m in re.finditer(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+|\S", text):
        t = m.group()
        if t[0].isdigit():
            t = ''.join(str(unicodedata.digit(c)) for c in t)
        out.append(t.lower())
    return out


def split_stuck(toks):
    out = []
    for t in toks:
        done = False
        for tw in W_TENS:
            if t.startswith(tw) and t[len(tw):] in W_UNIT and t[len(tw):] not in ('o', 'oh', 'zero'):
                out += [tw, t[len(tw):]]
                done = True
                break
        if not done:
            out.append(t)
    return out


def strip_fillers(toks):
    """Replace fillers by a separator token '|'."""
    out, i = [], 0
    while i < len(toks):
        if i + 2 < len(toks) and tuple(toks[i:i + 3]) in FILL2:
            out.append('|')
            i += 3
            continue
        if i + 1 < len(toks) and tuple(toks[i:i + 2]) in FILL2:
            out.append('|')
            i += 2
            continue
        if toks[i] in FILL1:
            out.append('|')
            i += 1
            continue
        out.append(toks[i])
        i += 1
    return out


def is_unit(t, slips=True):
    return t in W_UNIT or (slips and t in W_SLIP)


def unit_val(t):
    return W_UNIT[t] if t in W_UNIT else W_SLIP[t]


def small_number(toks, i):
    """unit / teen / tens[+unit] at i -> (value, next index) or None."""
    t = toks[i] if i < len(toks) else None
    if t is None:
        return None
    if t in W_TEEN:
        return W_TEEN[t], i + 1
    if t in W_TENS:
        v = W_TENS[t]
        if i + 1 < len(toks) and is_unit(toks[i + 1]) and unit_val(toks[i + 1]) != 0:
            return v + unit_val(toks[i + 1]), i + 2
        return v, i + 1
    if is_unit(t):
        return unit_val(t), i + 1
    return None


def decode_numbers(text, slips=True):
    """Decode a spoken/typed number text.  Returns (list of number strings, list of other words)."""
    toks = strip_fillers(split_stuck([t for t in tokens(text) if t != '-']))
    nums, other = [], []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.isdigit():
            nums.append(t)
            i += 1
            continue
        if t in ('double', 'triple') and i + 1 < len(toks) and is_unit(toks[i + 1], slips):
            nums.append(str(unit_val(toks[i + 1])) * (2 if t == 'double' else 3))
            i += 2
            continue
        if t in W_TEEN or t in W_TENS or is_unit(t, slips):
            v, j = small_number(toks, i)
            width = 1 if (is_unit(t, slips)) else 2
            if j < len(toks) and toks[j] == 'hundred':
                v *= 100
                j += 1
                if j + 1 < len(toks) and toks[j] == 'and' and small_number(toks, j + 1):
                    m, j = small_number(toks, j + 1)
                    v += m
                elif j < len(toks) and (toks[j] in W_TEEN or toks[j] in W_TENS):
                    m, j = small_number(toks, j)
                    v += m
                nums.append(str(v))
            elif j < len(toks) and toks[j] == 'thousand':
                v *= 1000
                j += 1
                if j + 1 < len(toks) and toks[j] == 'and' and small_number(toks, j + 1):
                    m, j = small_number(toks, j + 1)
                    v += m
                elif j < len(toks) and small_number(toks, j):
                    m, j = small_number(toks, j)
                    v += m
                nums.append(str(v))
            else:
                nums.append(str(v).zfill(width))
            i = j
            continue
        if re.match(r'^[\w]', t) and t != '|':
            other.append(t)
        i += 1
    return nums, other


def digits_of(text, allowed=()):
    nums, other = decode_numbers(text)
    bad = [w for w in other if w not in allowed]
    return ''.join(nums), bad


def luhn(s):
    t = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        t += d
    return t % 10 == 0


def aba_ok(s):
    if not re.fullmatch(r'\d{9}', s):
        return False
    d = [int(c) for c in s]
    if not (0 <= int(s[:2]) <= 12 or 21 <= int(s[:2]) <= 32 or 61 <= int(s[:2]) <= 72 or s[:2] == '80'):
        return False
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def iban_ok(s):
    if not re.fullmatch(r'[A-Z]{2}\d{2}[A-Z0-9]+', s):
        return False
    if IBAN_LEN.get(s[:2]) != len(s):
        return False
    r = s[4:] + s[:4]
    return int(''.join(str(int(c, 36)) for c in r)) % 97 == 1


def card_brand_ok(num, brand):
    L = len(num)
    if brand == 'visa':
        return num[0] == '4' and L in (13, 16, 19)
    if brand == 'mc':
        return L == 16 and (51 <= int(num[:2]) <= 55 or 2221 <= int(num[:4]) <= 2720)
    if brand == 'amex':
        return L == 15 and num[:2] in ('34', '37')
    if brand == 'disc':
        return L == 16 and (num.startswith('6011') or num.startswith('65') or 644 <= int(num[:3]) <= 649)
    return False


def ssn_ok(s):
    m = re.fullmatch(r'(\d{3})-(\d{2})-(\d{4})', s)
    if not m:
        return False
    a, g, n = m.groups()
    return a != '000' and a != '666' and a[0] != '9' and g != '00' and n != '0000'


def date_ok(y, m, d):
    if not (1 <= m <= 12):
        return False
    ml = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= d <= ml[m - 1]


# ------------------------------------------------------------------ per-type decoders
def dec_email(text):
    toks = split_stuck(tokens(text))
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t in ('[', ']', '(', ')', '{', '}', ',', '|'):
            i += 1
            continue
        if t in ('at', '@', '＠'):
            out.append('@')
        elif t in ('dot', 'period', 'point', '.'):
            out.append('.')
        elif t in ('underscore', '_'):
            out.append('_')
        elif t in ('dash', 'hyphen', '-'):
            out.append('-')
        elif t in FILL1:
            pass
        elif len(t) == 1 and t.isalpha() and i + 2 < len(toks) and toks[i + 1] == 'as' and toks[i + 2] == 'in':
            if i + 3 >= len(toks) or not toks[i + 3].startswith(t):
                return None
            out.append(t)
            i += 4
            continue
        elif t == 'double' and i + 1 < len(toks) and len(toks[i + 1]) == 1 and toks[i + 1].isalpha():
            out.append(toks[i + 1] * 2)
            i += 2
            continue
        elif t in ('double', 'triple') and i + 1 < len(toks) and toks[i + 1] in W_UNIT and toks[i + 1] != 'o':
            out.append(str(W_UNIT[toks[i + 1]]) * (2 if t == 'double' else 3))
            i += 2
            continue
        elif t.isdigit():
            out.append(t)
        elif t in W_TEEN or t in W_TENS or (t in W_UNIT and t != 'o'):
            v, j = small_number(toks, i)
            out.append(str(v).zfill(1 if t in W_UNIT else 2))
            i = j
            continue
        else:
            out.append(t)
        i += 1
    return ''.join(out)


def dec_alnum(text):
    """IBANs: letters (single spoken or typed runs), phonetic 'x as in word', number words."""
    toks = [t for t in tokens(text) if t not in (',', '-', '.', '|')]
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if len(t) == 1 and t.isalpha() and i + 2 < len(toks) and toks[i + 1] == 'as' and toks[i + 2] == 'in':
            if i + 3 >= len(toks) or not toks[i + 3].startswith(t):
                return None
            out.append(t.upper())
            i += 4
            continue
        if t.isdigit():
            out.append(t)
        elif t in ('oh', 'zero'):
            out.append('0')
        elif t in W_UNIT and t != 'o':
            out.append(str(W_UNIT[t]))
        elif t.isalpha():
            out.append(t.upper())
        else:
            return None
        i += 1
    return ''.join(out)


def dec_phone(text):
    raw = text
    toks = tokens(raw)
    alpha = [t for t in toks if t.isalpha()]
    numw = set(W_UNIT) | set(W_SLIP) | set(W_TEEN) | set(W_TENS) | {'double', 'triple', 'hundred', 'thousand', 'plus'} | FILL1
    if re.search(r'\d', raw) and re.fullmatch(r'[0-9A-Z()+\-. ]+', raw) and alpha and any(t not in numw for t in alpha):
        return ''.join(KEYPAD.get(c.lower(), c) for c in raw if c.isalnum())
    d, bad = digits_of(raw, allowed=('plus',))
    if bad:
        return None
    return d


def dec_expiry(text):
    """-> (month or None, year string or None, bad words)."""
    toks = tokens(text)
    month = None
    rest = []
    for t in toks:
        if t in W_MONTH and month is None:
            month = W_MONTH[t]
            rest.append('|')
        else:
            rest.append(t)
    nums, other = decode_numbers(' '.join(rest))
    bad = [w for w in other if w not in ('of', 'slash', 'the', 'end')]
    s = ''.join(nums)
    return month, s, bad


def exp_match(month, s, m, y):
    yy = '%02d' % (y % 100)
    if month is not None:
        return month == m and s in (yy, str(y))
    cands = set()
    for k in (1, 2):
        if len(s) > k:
            cands.add((int(s[:k]), s[k:]))
    return any(mm == m and (ys == yy or ys == str(y)) for mm, ys in cands)


def dec_date_cands(text):
    """All (y, m, d) readings of a date text."""
    toks = [t for t in tokens(text) if t != '-']
    month = None
    day = None
    rest = []
    i = 0
    toks2 = []
    for t in toks:
        m = re.fullmatch(r'(\d+)(st|nd|rd|th)', t)
        toks2.append(t)
    # typed ordinals like 14th are tokenised as '14' + 'th'
    while i < len(toks):
        t = toks[i]
        if t in W_MONTH and month is None:
            month = W_MONTH[t]
            rest.append('|')
        elif t in W_TENS and i + 1 < len(toks) and toks[i + 1] in W_ORD and W_ORD[toks[i + 1]] < 10 and day is None:
            day = W_TENS[t] + W_ORD[toks[i + 1]]
            rest.append('|')
            i += 1
        elif t in W_ORD and day is None:
            day = W_ORD[t]
            rest.append('|')
        elif t.isdigit() and i + 1 < len(toks) and toks[i + 1] in ('st', 'nd', 'rd', 'th') and day is None:
            day = int(t)
            rest.append('|')
            i += 1
        else:
            rest.append(t)
        i += 1
    txt = ' '.join(rest)
    nums, other = decode_numbers(txt)
    bad = [w for w in other if w not in ('of', 'slash', 'the')]
    cands = set()
    groups = re.split(r'[/.\-|,]', txt)
    if month is not None:
        s = ''.join(nums)
        if day is not None:
            cands.add((s, month, day))
        else:
            for k in (1, 2):
                if len(s) > k:
                    cands.add((s[k:], month, int(s[:k])))
                    cands.add((s[:-k], month, int(s[-k:])))
        return cands, bad
    s = ''.join(nums)
    n = len(s)
    for a in (1, 2, 4):
        for b in (1, 2):
            c = n - a - b
            if c not in (1, 2, 4):
                continue
            x, y_, z = s[:a], s[a:a + b], s[a + b:]
            if a in (1, 2) and c in (2, 4):
                cands.add((z, int(x), int(y_)))   # m d y
                cands.add((z, int(y_), int(x)))   # d m y
            if a == 4 and c in (1, 2):
                cands.add((x, int(y_), int(z)))   # y m d
    return cands, bad


def dob_match(cands, y, m, d):
    for ys, mm, dd in cands:
        if mm == m and dd == d and (ys == str(y) or ys == '%02d' % (y % 100)):
            return True
    return False


def name_norm(s):
    return [w for w in re.split(r'[\s,]+', unicodedata.normalize('NFC', s).casefold()) if w]


def spelled_letters(text):
    toks = [t for t in tokens(text) if t not in (',', '-', '.')]
    out, i = [], 0
    while i < len(toks):
        t = toks[i]
        if t == 'double' and i + 1 < len(toks) and len(toks[i + 1]) == 1:
            out.append(toks[i + 1] * 2)
            i += 2
            continue
        if len(t) == 1 and t.isalpha():
            if i + 2 < len(toks) and toks[i + 1] == 'as' and toks[i + 2] == 'in':
                if i + 3 >= len(toks) or not toks[i + 3].startswith(t):
                    return None
                i += 3
            out.append(t)
            i += 1
            continue
        return None
    return ''.join(out)


def fold(s):
    s = s.replace('ø', 'o').replace('Ø', 'O').replace('ł', 'l').replace('ı', 'i')
    return ''.join(c for c in unicodedata.normalize('NFKD', s) if not unicodedata.combining(c)).lower()


def dec_address(text, val, pieces_n=1):
    """Check an address text (whole instance) against the sidecar components. Returns error or None."""
    toks = split_stuck([t for t in tokens(text) if t not in (',', '.')])
    if val.get('kind') == 'pobox':
        i = 0
        while i < len(toks) and toks[i] in ('p', 'o', '.', 'po', 'post', 'office', 'box'):
            if toks[i] == 'box':
                i += 1
                break
            i += 1
        d, bad = digits_of(' '.join(toks[i:]))
        if bad or d != val['number']:
            return 'po box number %r != %r' % (d, val['number'])
        return None
    # house number: leading number words / digits
    i = 0
    numtoks = []
    while i < len(toks) and (toks[i].isdigit() or toks[i] in W_UNIT or toks[i] in W_TEEN or toks[i] in W_TENS or
                             toks[i] in ('hundred', 'and', 'double', 'triple', '-', 'uh', 'um')):
        numtoks.append(toks[i])
        i += 1
    d, bad = digits_of(' '.join(numtoks))
    if d != val['number']:
        return 'house number %r != %r' % (d, val['number'])
    rest = ' '.join(toks[i:])
    if val['street'].casefold() not in rest:
        return 'street %r missing' % val['street']
    st = val['street_type'].casefold()
    abbr = {'street': 'st', 'avenue': 'ave', 'road': 'rd', 'lane': 'ln', 'drive': 'dr', 'court': 'ct',
            'boulevard': 'blvd', 'way': 'way', 'place': 'pl', 'terrace': 'ter', 'circle': 'cir',
            'parkway': 'pkwy', 'trail': 'trl'}[st]
    after = rest.split(val['street'].casefold(), 1)[1].split()
    if not after or after[0] not in (st, abbr):
        return 'street type %r missing' % st
    if val.get('direction'):
        dabbr = {'north': 'n', 'south': 's', 'east': 'e', 'west': 'w', 'northeast': 'ne', 'southwest': 'sw'}
        dd = val['direction'].casefold()
        if not re.search(r'\b(%s|%s)\b' % (dd, dabbr[dd]), rest.split(val['street'].casefold())[0]):
            return 'direction missing'
    tail = after[1:]
    if val.get('unit'):
        if tail and tail[0] in ('apt', 'apartment', 'unit', 'suite', '#', 'number', 'ste'):
            ut = tail[1:]
        elif tail and val['unit'][0] == '#' and pieces_n > 1:
            ut = tail
        else:
            return 'unit designator missing in %r' % text
        if ut and ut[0] == '.':
            ut = ut[1:]
        letters = ''.join(t for t in ut if t.isalpha() and len(t) == 1 and t not in ('o',))
        nums, other = decode_numbers(' '.join(t for t in ut if not (t.isalpha() and len(t) == 1 and t != 'o')))
        got = ''.join(nums) + letters
        want = val['unit'][1].casefold()
        want_d = ''.join(c for c in want if c.isdigit()) + ''.join(c for c in want if c.isalpha())
        if got != want_d or other:
            return 'unit %r != %r' % (got, want)
    elif tail:
        return 'extra words after street type: %r' % tail
    return None


# ------------------------------------------------------------------ main check
def load(gold_path, side_path):
    g = [json.loads(l) for l in open(gold_path, encoding='utf-8')]
    s = [json.loads(l) for l in open(side_path, encoding='utf-8')]
    return g, s


def piece_value_check(typ, sp, val, errs, where):
    """Per-span: decode the piece text and compare with the span's own 'value'."""
    t = sp['text']
    pv = sp['value']
    role = sp['role']
    if typ == 'PERSON_NAME':
        if role == 'spelled':
            got = spelled_letters(t)
            want = ''.join(c for c in fold(pv) if c.isalpha())
            if got != want:
                errs.append('%s spelled name %r decodes %r != %r' % (where, t, got, want))
        elif name_norm(t) != name_norm(pv) and [fold(x) for x in name_norm(t)] != [fold(x) for x in name_norm(pv)]:
            errs.append('%s name text %r != value %r' % (where, t, pv))
        return
    if typ in ('CREDIT_CARD', 'CARD_CVV', 'SSN'):
        d, bad = digits_of(t)
        want = re.sub(r'\D', '', pv)
        if bad or d != want:
            errs.append('%s %s %r decodes %r (bad %r) != %r' % (where, typ, t, d, bad, want))
        return
    if typ == 'PHONE_NUMBER':
        d = dec_phone(t)
        want = re.sub(r'\D', '', pv)
        vv = val
        ok = d is not None and (d == want or d == '00' + want or d == vv.get('nsn') or
                                (vv.get('cc') in TRUNK0 and d == '0' + vv.get('nsn', '')))
        if d is not None and vv.get('cc') == '1' and d == '1' + vv['nsn']:
            ok = True
        if role == 'speaker_label' and d == vv.get('nsn'):
            ok = True
        if not ok:
            errs.append('%s phone %r decodes %r != %r' % (where, t, d, pv))
        return
    if typ == 'EMAIL_ADDRESS':
        got = dec_email(t)
        if got is None or got.casefold() != pv.casefold():
            errs.append('%s email %r decodes %r != %r' % (where, t, got, pv))
        return
    if typ == 'BANK_ACCOUNT':
        if val.get('subtype') == 'iban':
            got = dec_alnum(t)
            if got != pv.upper():
                errs.append('%s iban %r decodes %r != %r' % (where, t, got, pv))
        else:
            d, bad = digits_of(t)
            if bad or d != re.sub(r'\D', '', pv):
                errs.append('%s bank %r decodes %r != %r' % (where, t, d, pv))
        return
    if typ == 'CARD_EXPIRY':
        month, s, bad = dec_expiry(t)
        if bad:
            errs.append('%s expiry %r has stray words %r' % (where, t, bad))
            return
        if pv.startswith('m='):
            if not ((month == int(pv[2:]) and s == '') or (month is None and s and int(s) == int(pv[2:]))):
                errs.append('%s expiry month piece %r != %r' % (where, t, pv))
        elif pv.startswith('y='):
            y = int(pv[2:])
            if month is not None or s not in ('%02d' % (y % 100), str(y)):
                errs.append('%s expiry year piece %r != %r' % (where, t, pv))
        else:
            mm, yy = pv.split('/')
            if not exp_match(month, s, int(mm), 2000 + int(yy)):
                errs.append('%s expiry %r (month %r digits %r) != %r' % (where, t, month, s, pv))
        return
    if typ == 'DATE_OF_BIRTH':
        cands, bad = dec_date_cands(t)
        if bad or not dob_match(cands, val['year'], val['month'], val['day']):
            errs.append('%s DOB %r readings %r != %r' % (where, t, sorted(cands)[:6], pv))
        return
    if typ == 'STREET_ADDRESS':
        return  # checked per instance


def hamming(a, b):
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))


def instance_check(typ, role, pieces, val, errs, where):
    """pieces: list of span dicts of one instance, in text order."""
    joined = ' , '.join(p['text'] for p in pieces)
    v = val['value']
    if typ == 'STREET_ADDRESS':
        e = dec_address(' '.join(p['text'] for p in pieces), val, len(pieces))
        if e:
            errs.append('%s address %r: %s' % (where, joined, e))
        return
    if typ == 'PERSON_NAME':
        got = [fold(x) for x in name_norm(' '.join(p['value'] for p in pieces))]
        full = [fold(x) for x in name_norm(v)]
        if role == 'spelled':
            return
        if not got or not all(w in full for w in got):
            errs.append('%s name pieces %r not part of %r' % (where, got, v))
        return
    if typ == 'CARD_EXPIRY':
        month, s, bad = dec_expiry(joined)
        if len(pieces) > 1:
            # split month / year pieces
            parts = {}
            for p in pieces:
                k, x = p['value'].split('=') if '=' in p['value'] else ('full', p['value'])
                parts[k] = x
            if int(parts.get('m', -1)) != val['month'] or int(parts.get('y', -1)) != val['year']:
                errs.append('%s expiry pieces %r != %r' % (where, parts, v))
            return
        if not exp_match(month, s, val['month'], val['year']):
            errs.append('%s expiry %r != %r' % (where, joined, v))
        return
    if typ == 'DATE_OF_BIRTH':
        return
    if typ == 'EMAIL_ADDRESS':
        got = dec_email(' '.join(p['text'] for p in pieces))
        if role in ('primary', 'readback'):
            if got is None or got.casefold() != v.casefold():
                errs.append('%s email instance %r -> %r != %r' % (where, joined, got, v))
        elif got is None or got.casefold() not in v.casefold():
            errs.append('%s partial email %r not in %r' % (where, got, v))
        return
    if typ == 'BANK_ACCOUNT' and val.get('subtype') == 'iban':
        got = ''.join(dec_alnum(p['text']) or '?' for p in pieces)
        if got != v:
            errs.append('%s iban instance %r != %r' % (where, got, v))
        return
    if typ == 'PHONE_NUMBER':
        got = ''.join(dec_phone(p['text']) or '?' for p in pieces)
        cands = {val['cc'] + val['nsn'], '00' + val['cc'] + val['nsn'], val['nsn'], '1' + val['nsn'] if val['cc'] == '1' else '#'}
        if val['cc'] in TRUNK0:
            cands.add('0' + val['nsn'])
        if got not in cands:
            errs.append('%s phone instance %r -> %r not in %r' % (where, joined, got, sorted(cands)))
        if val['cc'] not in PHONE_CC:
            errs.append('%s unknown country code %r' % (where, val['cc']))
        return
    # digit types
    got = ''.join(digits_of(p['text'])[0] for p in pieces)
    want = re.sub(r'\D', '', v)
    if role in ('primary', 'readback', 'speaker_label'):
        if got != want:
            errs.append('%s %s instance %r -> %r != %r' % (where, typ, joined, got, want))
    elif role == 'last4':
        if typ != 'SSN' or got != want[-4:]:
            errs.append('%s last4 %r != %r' % (where, got, want[-4:]))
    elif role in ('readback_partial', 'correction'):
        if not got or got not in want or len(got) >= len(want) + 1:
            errs.append('%s partial/correction %r not part of %r' % (where, got, want))
    elif role == 'readback_wrong':
        if len(got) != len(want) or not (1 <= hamming(got, want) <= 2):
            errs.append('%s wrong readback %r not close to %r' % (where, got, want))
    elif role == 'false_start':
        if len(got) < 2 or len(got) > len(want) or hamming(got, want[:len(got)]) > 1 or (got == want):
            errs.append('%s false start %r not close to a prefix of %r' % (where, got, want))
    else:
        errs.append('%s role %r not allowed for %s' % (where, role, typ))


def value_check(vid, val, errs, where):
    typ = val.get('type')
    v = val.get('value')
    if typ not in TYPES:
        errs.append('%s value %s bad type %r' % (where, vid, typ))
        return
    if typ == 'CREDIT_CARD':
        if not re.fullmatch(r'\d{13,19}', v) or not luhn(v):
            errs.append('%s card %s fails Luhn' % (where, v))
        if not card_brand_ok(v, val.get('brand')):
            errs.append('%s card %s bad prefix/length for %r' % (where, v, val.get('brand')))
    elif typ == 'CARD_CVV':
        card = val.get('card')
        if not re.fullmatch(r'\d{3,4}', v):
            errs.append('%s cvv %r' % (where, v))
        val['_card'] = card
    elif typ == 'CARD_EXPIRY':
        m = re.fullmatch(r'(\d\d)/(\d\d)', v)
        if not m or not (1 <= int(m.group(1)) <= 12) or int(m.group(1)) != val.get('month') or \
                int(m.group(2)) != val.get('year', 0) % 100 or not (2024 <= val.get('year', 0) <= 2035):
            errs.append('%s expiry value %r bad' % (where, v))
    elif typ == 'SSN':
        if not ssn_ok(v):
            errs.append('%s SSN %r invalid' % (where, v))
    elif typ == 'BANK_ACCOUNT':
        st = val.get('subtype')
        if st == 'routing':
            if not aba_ok(v):
                errs.append('%s routing %r fails ABA' % (where, v))
        elif st == 'iban':
            if not iban_ok(v):
                errs.append('%s IBAN %r fails mod-97/length' % (where, v))
        elif st == 'account':
            if not re.fullmatch(r'\d{6,17}', v):
                errs.append('%s account %r' % (where, v))
        else:
            errs.append('%s bank subtype %r' % (where, st))
    elif typ == 'PHONE_NUMBER':
        if val.get('cc') not in PHONE_CC or v != '+' + val.get('cc', '') + val.get('nsn', ''):
            errs.append('%s phone value %r inconsistent' % (where, v))
        elif val['cc'] == '1':
            n = val['nsn']
            if not re.fullmatch(r'[2-9]\d\d[2-9]\d{6}', n) or n[1:3] == '11' or n[4:6] == '11':
                errs.append('%s NANP shape %r' % (where, n))
        elif not (7 <= len(val['nsn']) <= 11):
            errs.append('%s intl nsn length %r' % (where, v))
    elif typ == 'EMAIL_ADDRESS':
        if not re.fullmatch(r'[a-z0-9][a-z0-9._\-]*[a-z0-9]@[a-z0-9\-]+(\.[a-z0-9\-]+)+', v) or '..' in v:
            errs.append('%s email %r malformed' % (where, v))
    elif typ == 'DATE_OF_BIRTH':
        y, m, d = val.get('year'), val.get('month'), val.get('day')
        if not (1920 <= y <= 2010) or not date_ok(y, m, d) or v != '%d-%02d-%02d' % (y, m, d):
            errs.append('%s DOB %r implausible' % (where, v))
    elif typ == 'STREET_ADDRESS':
        if val.get('kind') not in ('us', 'pobox') or not re.fullmatch(r'\d+', val.get('number', '')):
            errs.append('%s address value %r' % (where, v))
    elif typ == 'PERSON_NAME':
        if not v or v != v.strip() or any(c.isdigit() for c in v):
            errs.append('%s name value %r' % (where, v))


def spoken_runs(text):
    """Digit strings of maximal runs of number words / digits (fillers and commas allowed inside)."""
    out = []
    for line in text.split('\n'):
        toks = strip_fillers(split_stuck([t for t in tokens(line) if t != '-']))
        run = []
        for t in toks + ['#END#']:
            if t.isdigit() or t in W_UNIT or t in W_TEEN or t in W_TENS or t in ('double', 'triple', 'hundred', 'thousand', '|', ','):
                run.append(t)
            else:
                if run:
                    nums, _ = decode_numbers(' '.join(x for x in run if x != '|'))
                    out.append(''.join(nums))
                run = []
    return out


def check(gold, side):
    errs = []
    if len(gold) != len(side):
        errs.append('gold/sidecar length differ')
    ids = set()
    for n, (g, s) in enumerate(zip(gold, side)):
        where = g.get('id', '#%d' % n)
        if set(g) != {'id', 'kind', 'text', 'spans', 'tags'}:
            errs.append('%s gold keys %r' % (where, sorted(g)))
            continue
        if g['id'] != s.get('id') or g['id'] in ids or g['id'] != 'blind5-%04d' % n:
            errs.append('%s id mismatch/duplicate' % where)
        ids.add(g['id'])
        if g['kind'] not in KINDS:
            errs.append('%s kind %r' % (where, g['kind']))
        if not g['tags'] or not all(isinstance(t, str) and t for t in g['tags']) or g['tags'] != sorted(set(g['tags'])):
            errs.append('%s tags' % where)
        text = g['text']
        ss = s['spans']
        if [(x['start'], x['end'], x['type']) for x in g['spans']] != [(x['start'], x['end'], x['type']) for x in ss]:
            errs.append('%s gold spans != sidecar spans' % where)
            continue
        if 'no_pii' in g['tags'] and ss:
            errs.append('%s no_pii item has spans' % where)
        vals = s['values']
        for vid, val in vals.items():
            value_check(vid, val, errs, where)
        prev_end = -1
        for sp in sorted(ss, key=lambda x: (x['start'], x['end'])):
            w = '%s [%d:%d]' % (where, sp['start'], sp['end'])
            a, b = sp['start'], sp['end']
            if not (0 <= a < b <= len(text)):
                errs.append('%s offsets out of range' % w)
                continue
            t = text[a:b]
            if t != sp['text']:
                errs.append('%s sidecar text %r != text %r' % (w, sp['text'], t))
            if a < prev_end:
                errs.append('%s overlaps previous span' % w)
            prev_end = max(prev_end, b)
            if sp['type'] not in TYPES or sp['role'] not in ROLES:
                errs.append('%s bad type/role' % w)
                continue
            if sp['value_id'] not in vals or vals[sp['value_id']]['type'] != sp['type']:
                errs.append('%s value_id/type mismatch' % w)
                continue
            if '\n' in t or '\r' in t:
                errs.append('%s line break inside span' % w)
            if not t[0].isalnum() or not t[-1].isalnum():
                errs.append('%s edge not letter/digit: %r' % (w, t))
            if (a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
                errs.append('%s cuts through a word: %r' % (w, text[max(0, a - 5):b + 5]))
            wt = tokens(t)
            words = [x for x in wt if x[0].isalpha()]
            if words:
                first_ok = EDGE_OK_START.get(sp['type'], set())
                if wt[0] in EDGE_BAD and wt[0] not in first_ok and not (sp['type'] == 'PERSON_NAME'):
                    errs.append('%s starts with cue/filler %r' % (w, wt[0]))
                if wt[-1] in EDGE_BAD and wt[-1] not in EDGE_OK_END.get(sp['type'], set()) and not (sp['type'] == 'PERSON_NAME'):
                    errs.append('%s ends with cue/filler %r' % (w, wt[-1]))
            piece_value_check(sp['type'], sp, vals[sp['value_id']], errs, w)
        # instances
        inst = collections.OrderedDict()
        for sp in ss:
            inst.setdefault(sp['instance'], []).append(sp)
        for k, pcs in inst.items():
            if any(p['value_id'] not in vals for p in pcs):
                errs.append('%s instance %s refers to a missing value' % (where, k))
                continue
            if len(set((p['value_id'], p['role']) for p in pcs)) != 1:
                errs.append('%s instance %s mixes values/roles' % (where, k))
                continue
            pcs = sorted(pcs, key=lambda x: x['start'])
            val = vals[pcs[0]['value_id']]
            instance_check(pcs[0]['type'], pcs[0]['role'], pcs, val, errs, '%s inst %s' % (where, k))
            if pcs[0]['type'] == 'CARD_CVV':
                card = vals.get(val.get('card'))
                if card is None:
                    errs.append('%s cvv without card' % where)
                elif (len(val['value']) == 4) != (card.get('brand') == 'amex'):
                    errs.append('%s CVV length %d with brand %s' % (where, len(val['value']), card.get('brand')))
            if pcs[0]['type'] == 'CARD_EXPIRY' and val.get('card') not in vals:
                errs.append('%s expiry without card' % where)
        # distractors / neutral
        for lst, nm in ((s['distractors'], 'distractor'), (s['neutral'], 'neutral')):
            for d in lst:
                if text[d['start']:d['end']] != d['text'] or not d['text'].strip():
                    errs.append('%s %s text mismatch %r' % (where, nm, d['text']))
                for sp in ss:
                    if d['start'] < sp['end'] and sp['start'] < d['end']:
                        errs.append('%s %s %r overlaps span %r' % (where, nm, d['text'], sp['text']))
                if nm == 'distractor':
                    typed = [re.sub(r'\D', '', x.group()) for x in re.finditer(r'\d(?:[ \-.\u00a0\u2009]?\d){12,18}', d['text'])]
                    for cand in typed + spoken_runs(d['text']):
                        if 13 <= len(cand) <= 19 and luhn(cand):
                            errs.append('%s Luhn-valid distractor %r' % (where, d['text']))
        # unlabelled Luhn-valid runs, typed and spoken
        masked = list(text)
        for sp in ss:
            for i in range(sp['start'], sp['end']):
                masked[i] = '\n' if masked[i] != '\n' else '\n'
        masked = ''.join(masked)
        for m in re.finditer(r'\d(?:[ \-.\u00a0\u2009]?\d){12,18}', masked):
            dd = re.sub(r'\D', '', m.group())
            if luhn(dd):
                errs.append('%s unlabelled Luhn-valid typed run %r' % (where, m.group()))
        for run in spoken_runs(masked):
            if 13 <= len(run) <= 19 and luhn(run):
                errs.append('%s unlabelled Luhn-valid spoken run %r' % (where, run))
    return errs


# ------------------------------------------------------------------ tables
def tables(gold, side, md=False):
    out = []
    kinds = ['call', 'chat', 'text', 'form']
    ik = collections.Counter(g['kind'] for g in gold)
    nop = collections.Counter(g['kind'] for g in gold if not g['spans'])
    tk = collections.defaultdict(collections.Counter)
    roles = collections.Counter()
    rtype = collections.Counter()
    dis = collections.Counter()
    neu = collections.Counter()
    tags = collections.Counter()
    for g, s in zip(gold, side):
        for sp in s['spans']:
            tk[sp['type']][g['kind']] += 1
            roles[sp['role']] += 1
            if sp['role'] != 'primary':
                rtype[sp['type'] + '/' + sp['role']] += 1
        for d in s['distractors']:
            dis[d['kind']] += 1
        for d in s['neutral']:
            neu[d['kind']] += 1
        for t in g['tags']:
            tags[t] += 1
    out.append('| kind | items | no-PII |')
    out.append('|---|---:|---:|')
    for k in kinds:
        out.append('| %s | %d | %d |' % (k, ik[k], nop[k]))
    out.append('| **total** | **%d** | **%d** |' % (len(gold), sum(nop.values())))
    out.append('')
    out.append('| type | total | call | chat | text | form |')
    out.append('|---|---:|---:|---:|---:|---:|')
    for t, c in sorted(tk.items(), key=lambda x: -sum(x[1].values())):
        out.append('| %s | %d | %s |' % (t, sum(c.values()), ' | '.join(str(c[k]) for k in kinds)))
    tot = collections.Counter()
    for c in tk.values():
        tot.update(c)
    out.append('| **total** | **%d** | %s |' % (sum(tot.values()), ' | '.join(str(tot[k]) for k in kinds)))
    out.append('')
    out.append('Roles: ' + ', '.join('%s %d' % kv for kv in roles.most_common()))
    out.append('')
    out.append('Non-primary by type: ' + ', '.join('%s %d' % kv for kv in rtype.most_common()))
    out.append('')
    out.append('Distractors (%d): ' % sum(dis.values()) + ', '.join('%s %d' % kv for kv in dis.most_common()))
    out.append('')
    out.append('Neutral (%d): ' % sum(neu.values()) + ', '.join('%s %d' % kv for kv in neu.most_common()))
    out.append('')
    out.append('Tags (%d):' % len(tags))
    out.append('')
    out.append('| tag | items |')
    out.append('|---|---:|')
    for t, c in sorted(tags.items(), key=lambda x: (-x[1], x[0])):
        out.append('| %s | %d |' % (t, c))
    return '\n'.join(out)


# ------------------------------------------------------------------ self-test
def _find(gold, side, pred):
    for i, (g, s) in enumerate(zip(gold, side)):
        for j, sp in enumerate(s['spans']):
            if pred(g, sp, s['values'][sp['value_id']]):
                return i, j
    raise RuntimeError('no candidate for mutation')


def _retext(g, s, j, new):
    """Replace span j's text with new (same start), shifting later offsets."""
    sp = s['spans'][j]
    a, b = sp['start'], sp['end']
    delta = len(new) - (b - a)
    g['text'] = g['text'][:a] + new + g['text'][b:]
    for lst in (s['spans'], g['spans'], s['distractors'], s['neutral']):
        for x in lst:
            if x['start'] >= b:
                x['start'] += delta
                x['end'] += delta
    sp['end'] = b + delta
    sp['text'] = new
    g['spans'][j]['end'] = b + delta


def mutations():
    M = []

    def m(name):
        def deco(f):
            M.append((name, f))
            return f
        return deco

    @m('flipped digit in a typed card')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: sp['type'] == 'CREDIT_CARD' and sp['role'] == 'primary' and re.fullmatch(r'[\d ]+', sp['text']) and len(sp['text']) > 15)
        t = S[i]['spans'][j]['text']
        k = max(x for x in range(len(t)) if t[x].isdigit())
        _retext(G[i], S[i], j, t[:k] + str((int(t[k]) + 1) % 10) + t[k + 1:])

    @m('swapped number word in spoken card')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: sp['type'] == 'CREDIT_CARD' and sp['role'] == 'primary' and ' seven ' in sp['text'])
        _retext(G[i], S[i], j, S[i]['spans'][j]['text'].replace(' seven ', ' six ', 1))

    @m('hundred turned into thousand')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: sp['type'] in ('CREDIT_CARD', 'CARD_CVV') and ' hundred' in sp['text'])
        _retext(G[i], S[i], j, S[i]['spans'][j]['text'].replace(' hundred', ' thousand', 1))

    @m('span extended over a full stop')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: g['text'][sp['end']:sp['end'] + 1] == '.')
        S[i]['spans'][j]['end'] += 1
        G[i]['spans'][j]['end'] += 1
        S[i]['spans'][j]['text'] += '.'

    @m("span extended over \"it's\"")
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: g['text'][max(0, sp['start'] - 5):sp['start']] == "it's ")
        S[i]['spans'][j]['start'] -= 5
        G[i]['spans'][j]['start'] -= 5
        S[i]['spans'][j]['text'] = "it's " + S[i]['spans'][j]['text']

    @m('broken card value (Luhn)')
    def _(G, S):
        for s in S:
            for v in s['values'].values():
                if v['type'] == 'CREDIT_CARD':
                    v['value'] = v['value'][:-1] + str((int(v['value'][-1]) + 3) % 10)
                    return

    @m('broken ABA routing value')
    def _(G, S):
        for s in S:
            for v in s['values'].values():
                if v.get('subtype') == 'routing':
                    v['value'] = v['value'][:-1] + str((int(v['value'][-1]) + 1) % 10)
                    return

    @m('broken IBAN check digits')
    def _(G, S):
        for s in S:
            for v in s['values'].values():
                if v.get('subtype') == 'iban':
                    v['value'] = v['value'][:2] + '%02d' % ((int(v['value'][2:4]) + 1) % 100) + v['value'][4:]
                    return

    @m('SSN area 666')
    def _(G, S):
        for s in S:
            for v in s['values'].values():
                if v['type'] == 'SSN':
                    v['value'] = '666' + v['value'][3:]
                    return

    @m('SSN group 00')
    def _(G, S):
        for s in S:
            for v in s['values'].values():
                if v['type'] == 'SSN':
                    v['value'] = v['value'][:4] + '00' + v['value'][6:]
                    return

    @m('4-digit CVV on a non-Amex card')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: sp['type'] == 'CARD_CVV' and re.fullmatch(r'\d{3}', sp['text']) and True)
        _retext(G[i], S[i], j, S[i]['spans'][j]['text'] + '1')
        S[i]['spans'][j]['value'] += '1'
        S[i]['values'][S[i]['spans'][j]['value_id']]['value'] += '1'

    @m('overlapping spans')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: True)
        sp = dict(S[i]['spans'][j])
        S[i]['spans'].append(sp)
        G[i]['spans'].append({'start': sp['start'], 'end': sp['end'], 'type': sp['type']})

    @m('distractor overlapping a phone span')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: sp['type'] == 'PHONE_NUMBER')
        sp = S[i]['spans'][j]
        S[i]['distractors'].append({'start': sp['start'], 'end': sp['start'] + 3, 'kind': 'order', 'text': sp['text'][:3]})

    @m('stray typed Luhn-valid card outside spans')
    def _(G, S):
        G[0]['text'] += '\nref 4111 1111 1111 1111'

    @m('stray spoken Luhn-valid card outside spans')
    def _(G, S):
        G[0]['text'] += '\nuh four one one one one one one one one one one one one one one one'

    @m('Luhn-valid distractor')
    def _(G, S):
        G[0]['text'] += '\n5555555555554444'
        S[0]['distractors'].append({'start': len(G[0]['text']) - 16, 'end': len(G[0]['text']), 'kind': 'ref16', 'text': '5555555555554444'})

    @m('line break inside a span')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: sp['type'] == 'STREET_ADDRESS' and ' ' in sp['text'])
        t = S[i]['spans'][j]['text']
        _retext(G[i], S[i], j, t.replace(' ', '\n', 1))

    @m('"dot com" -> "dot org" in spoken e-mail')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: sp['type'] == 'EMAIL_ADDRESS' and sp['text'].lower().endswith('dot com'))
        t = S[i]['spans'][j]['text']
        _retext(G[i], S[i], j, t[:-3] + ('org' if t[-3:].islower() else 'ORG'))

    @m('wrong expiry month in value')
    def _(G, S):
        for s in S:
            for v in s['values'].values():
                if v['type'] == 'CARD_EXPIRY':
                    v['month'] = v['month'] % 12 + 1
                    v['value'] = '%02d/%s' % (v['month'], v['value'][3:])
                    return

    @m('month 13 in an expiry value')
    def _(G, S):
        for s in S:
            for v in s['values'].values():
                if v['type'] == 'CARD_EXPIRY':
                    v['month'] = 13
                    v['value'] = '13/' + v['value'][3:]
                    return

    @m('changed DOB year')
    def _(G, S):
        for s in S:
            for v in s['values'].values():
                if v['type'] == 'DATE_OF_BIRTH':
                    v['year'] += 1
                    v['value'] = '%d%s' % (v['year'], v['value'][4:])
                    return

    @m('invalid DOB date (Feb 30)')
    def _(G, S):
        for s in S:
            for v in s['values'].values():
                if v['type'] == 'DATE_OF_BIRTH':
                    v['month'], v['day'] = 2, 30
                    v['value'] = '%d-02-30' % v['year']
                    return

    @m('misspelt speaker-label name')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: sp['role'] == 'speaker_label' and sp['type'] == 'PERSON_NAME' and len(sp['text']) > 3)
        t = S[i]['spans'][j]['text']
        _retext(G[i], S[i], j, t[:-1] + ('x' if t[-1] != 'x' else 'y'))

    @m('address span extended over the city tail')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: sp['type'] == 'STREET_ADDRESS' and any(n['start'] == sp['end'] + 2 for n in _side_of(S, g)['neutral']))
        sp = S[i]['spans'][j]
        n = [x for x in S[i]['neutral'] if x['start'] == sp['end'] + 2][0]
        S[i]['neutral'].remove(n)
        new_end = n['end']
        sp['text'] = G[i]['text'][sp['start']:new_end]
        sp['end'] = new_end
        G[i]['spans'][j]['end'] = new_end

    @m('wrong house number in spoken address')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: sp['type'] == 'STREET_ADDRESS' and v.get('kind') == 'us' and sp['text'][0].isdigit())
        t = S[i]['spans'][j]['text']
        _retext(G[i], S[i], j, str((int(t[0]) % 9) + 1) + t[1:])

    @m('gold span type changed (gold != sidecar)')
    def _(G, S):
        G[0]['spans'][0]['type'] = 'SSN' if G[0]['spans'][0]['type'] != 'SSN' else 'CARD_CVV'

    @m('wrong read-back relabelled as a correct read-back')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: sp['role'] == 'readback_wrong')
        S[i]['spans'][j]['role'] = 'readback'

    @m('slip word "to" changed to "ten" in a card')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: sp['type'] == 'CREDIT_CARD' and re.search(r'\b(to|too)\b', sp['text']))
        _retext(G[i], S[i], j, re.sub(r'\b(to|too)\b', 'ten', S[i]['spans'][j]['text'], count=1))

    @m('no-PII item given a span')
    def _(G, S):
        for g, s in zip(G, S):
            if 'no_pii' in g['tags']:
                g['tags'] = sorted(set(g['tags']))
                other = next(x for x in S if x['spans'])
                sp = dict(other['spans'][0])
                sp['start'], sp['end'] = 0, 1
                s['spans'].append(sp)
                g['spans'].append({'start': 0, 'end': 1, 'type': sp['type']})
                return

    @m('span starting with a filler')
    def _(G, S):
        i, j = _find(G, S, lambda g, sp, v: g['text'][max(0, sp['start'] - 4):sp['start']].lower() == 'um, ')
        S[i]['spans'][j]['start'] -= 4
        G[i]['spans'][j]['start'] -= 4
        S[i]['spans'][j]['text'] = G[i]['text'][S[i]['spans'][j]['start']:S[i]['spans'][j]['end']]
    return M


_SIDE_CACHE = {}


def _side_of(S, g):
    for s in S:
        if s['id'] == g['id']:
            return s


def selftest(gold, side):
    ok = True
    for name, f in mutations():
        G, S = copy.deepcopy(gold), copy.deepcopy(side)
        try:
            f(G, S)
        except Exception as e:  # noqa
            print('  SELFTEST could not apply %-45s (%s)' % (name, e))
            ok = False
            continue
        errs = check(G, S)
        print('  %-50s -> %s' % (name, ('caught (%d): %s' % (len(errs), errs[0][:90])) if errs else 'NOT CAUGHT'))
        if not errs:
            ok = False
    return ok


def main():
    gold, side = load(GOLD, SIDE)
    errs = check(gold, side)
    if '--selftest' in sys.argv:
        if errs:
            print('base files have %d problems; fix them first' % len(errs))
            for e in errs[:20]:
                print('  ' + e)
            sys.exit(1)
        print('selftest: injecting errors into copies')
        ok = selftest(gold, side)
        print('selftest %s' % ('PASSED (every injected error caught)' if ok else 'FAILED'))
        sys.exit(0 if ok else 1)
    print(tables(gold, side, '--markdown' in sys.argv))
    print()
    if errs:
        print('%d problems:' % len(errs))
        for e in errs[:200]:
            print('  ' + e)
        sys.exit(1)
    print('OK: %d items, %d spans, no problems' % (len(gold), sum(len(g['spans']) for g in gold)))


if __name__ == '__main__':
    main()
