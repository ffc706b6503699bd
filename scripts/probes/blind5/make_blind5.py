#!/usr/bin/env python3
"""blind5: blind evaluation set focused on unseen CONVERSATIONAL phrasing.

Python 3 stdlib only, fixed seed, deterministic.  Writes
  jobs/tests/data/blind5.jsonl         (gold)
  jobs/tests/data/blind5.values.jsonl  (sidecar)
Offsets are Unicode code points.  Run check_blind5.py afterwards.
"""
import json
import os
import random
import sys

SEED = 0xB15E5
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..'))
GOLD = os.path.join(ROOT, 'jobs', 'tests', 'data', 'blind5.jsonl')
SIDE = os.path.join(ROOT, 'jobs', 'tests', 'data', 'blind5.values.jsonl')

R = random.Random(SEED)


def ch(seq):
    return R.choice(seq)


def pr(p):
    return R.random() < p


def wch(pairs):
    tot = sum(w for _, w in pairs)
    x = R.random() * tot
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def drand(n):
    return ''.join(str(R.randrange(10)) for _ in range(n))


# ---------------------------------------------------------------- data lists (all new)
FIRST = [
    ('Oluwaseun', 'w_african'), ('Chiamaka', 'w_african'), ('Kwabena', 'w_african'), ('Adaeze', 'w_african'),
    ('Kofi', 'w_african'), ('Nomvula', 's_african'), ('Thandiwe', 's_african'), ('Tendai', 's_african'),
    ('Wanjiru', 'e_african'), ('Abebe', 'e_african'), ('Siddharth', 's_asian'), ('Anjali', 's_asian'),
    ('Priyanka', 's_asian'), ('Rahul', 's_asian'), ('Meera', 's_asian'), ('Harpreet', 's_asian'),
    ('Tanvir', 's_asian'), ('Nikhil', 's_asian'), ('Xiaoling', 'e_asian'), ('Haruto', 'e_asian'),
    ('Yuki', 'e_asian'), ('Min-jun', 'e_asian'), ('Seo-yeon', 'e_asian'), ('Wei', 'e_asian'),
    ('Thảo', 'se_asian'), ('Mai', 'se_asian'), ('Rizal', 'se_asian'), ('Ayu', 'se_asian'),
    ('Araceli', 'latin'), ('Joaquín', 'latin'), ('Ximena', 'latin'), ('Guillermo', 'latin'),
    ('Renata', 'latin'), ('Citlali', 'latin'), ('Iván', 'latin'), ('Marisol', 'latin'),
    ('Yusuf', 'mena'), ('Leyla', 'mena'), ('Farhad', 'mena'), ('Shirin', 'mena'), ('Mehmet', 'mena'),
    ('Özlem', 'mena'), ('Çağla', 'mena'), ('Rania', 'mena'), ('Karim', 'mena'),
    ('Bogdan', 'slavic'), ('Małgorzata', 'slavic'), ('Radek', 'slavic'), ('Ludmila', 'slavic'),
    ('Ivana', 'slavic'), ('Miloš', 'slavic'), ('Ingrid', 'nordic'), ('Søren', 'nordic'), ('Åsa', 'nordic'),
    ('Eero', 'nordic'), ('Sigrún', 'nordic'), ('Aoife', 'irish'), ('Siobhán', 'irish'), ('Ciarán', 'irish'),
    ('Niamh', 'irish'), ('Bradley', 'anglo'), ('Courtney', 'anglo'), ('Darnell', 'anglo'), ('Kelsey', 'anglo'),
    ('Travis', 'anglo'), ('Jolene', 'anglo'), ('Wyatt', 'anglo'), ('Deja', 'anglo'), ('Marquis', 'anglo'),
    ('Tāne', 'pacific'), ('Aroha', 'pacific'), ('Sione', 'pacific'), ('Losana', 'pacific'), ('Mere', 'pacific'),
    ('Dimitra', 'greek'), ('Spyros', 'greek'), ('Giulia', 'italian'), ('Matteo', 'italian'),
    ('Aurélie', 'french'), ('Benoît', 'french'), ('Noémie', 'french'), ('Shira', 'hebrew'),
    ('Avraham', 'hebrew'), ('Yonatan', 'hebrew'), ('Tamar', 'hebrew'), ('Jean-Luc', 'french'),
    ('Mary-Kate', 'anglo'), ("Ja'Marcus", 'anglo'), ("D'Andre", 'anglo'), ('Anne-Sophie', 'french'),
]
WORDNAMES = ['Will', 'Grace', 'Bill', 'Hope', 'Faith', 'Rose', 'Drew', 'Mark', 'Amber', 'Summer']
LAST = [
    'Adeyemi-Cole', 'Okonkwo', 'Mensah', 'Dlamini', 'Mwangi', 'Tesfaye', 'Chaudhary', 'Venkataraman',
    'Iyer', 'Banerjee', 'Zhao', 'Takahashi', 'Nakamura', 'Park', 'Jeong', 'Nguyễn', 'Phạm', 'Villanueva',
    'Ocampo', 'Quispe', 'Cárdenas', 'Echeverría', 'Haddad', 'Al-Masri', 'Rostami', 'Karimi', 'Yıldız',
    'Öztürk', 'Kowalczyk', 'Wiśniewska', 'Dvořák', 'Novotná', 'Lindqvist', 'Björklund', 'Håkansson',
    'Mäkinen', "O'Sullivan", 'Ní Bhriain', 'MacAulay', 'Fitzgerald', 'Tuhiwai', "Fa'asalele",
    'Papadopoulos', 'Konstantinou', 'Ferraro', 'De Luca', 'Lefèvre', 'Dubois-Martin', 'Ben-David',
    'Abramovich', 'Whitfield', 'Rutherford', 'LaForge', "D'Amato", 'van der Berg', 'Okafor', 'Sandoval',
    'Ashworth', 'Pettigrew', 'Rivers', 'Mills', 'Baker', 'Holloway', 'Esposito', 'Kaur', 'Sithole',
    'Achterberg', 'Moana', 'Halloran', 'Quintero', 'Brennan-Yates', 'Oyelaran', 'Castellanos',
]
SPELL_LAST = [n for n in LAST if n.isalpha() and n.isascii()]

COMPANIES = [
    'Brackenridge Mutual', 'Quillfeather Telecom', 'Oxbow & Finch Outfitters', 'Harrow Vale Energy',
    'Tidewater Pet Supply', 'Cobaltline Internet', 'Juniper Hollow Credit Union', 'Pemberton Ridge Dental',
    'Wren & Alder Furnishings', 'Sable Point Airlines', 'Foxglove Bakery', 'Kestrel Auto Glass',
    'Northgate Veterinary', 'Brightwater Utilities', 'Lindenmere Savings', 'Calloway Fitness',
    'Marigold Lane Florists', 'Ashby & Crane Opticians', 'Stonefield Storage', 'Bluefin Travel',
    'Copperleaf Insurance', 'Redwillow Pharmacy', 'Halcyon Streaming', 'Graniteview Property Management',
    'Amber Ridge Solar', 'Summer Hill Veterinary', 'Hope Valley Hospice', 'Grace Harbor Clinic',
]
PRODUCTS = [
    'Unlimited Plus plan', 'Harbor recliner', 'Kestrel Guard plan', 'Aurora thermostat', 'Gold membership',
    'Family bundle', 'Premier tier', 'Meridian mattress', 'Sterling kettle', 'Voyager carry-on',
    'Cascade water filter', 'Nimbus router', 'Evergreen plan', 'Pathfinder tent', 'Solstice lamp',
]
CITIES = [('Madison', 'WI', '537'), ('Jackson', 'MS', '392'), ('Marion', 'OH', '433'), ('Raleigh', 'NC', '276'),
          ('Shelby', 'NC', '281'), ('Beverly', 'MA', '019'), ('Warren', 'MI', '480'), ('Aurora', 'CO', '800'),
          ('Jasper', 'IN', '475'), ('Camden', 'NJ', '081'), ('Logan', 'UT', '843'), ('Lincoln', 'NE', '685'),
          ('Helena', 'MT', '596'), ('Chandler', 'AZ', '852'), ('Tacoma', 'WA', '984'), ('Duluth', 'MN', '558'),
          ('Boise', 'ID', '837'), ('Macon', 'GA', '312'), ('Eureka', 'CA', '955'), ('Tulsa', 'OK', '741')]
NAMELIKE_CITIES = ['Madison', 'Jackson', 'Marion', 'Shelby', 'Beverly', 'Warren', 'Aurora', 'Jasper', 'Camden',
                   'Logan', 'Lincoln', 'Helena', 'Chandler']
STREETS = ['Whitaker', 'Delancey', 'Abernathy', 'Hollis', 'Maple Crest', 'Juniper Ridge', 'Old Mill',
           'Cottonwood', 'Bellamy', 'Prescott', 'Ridgeline', 'Sorrel Creek', 'Fenwick', 'Quarry Hill',
           'Larchmont', 'Tamarack', 'Kingfisher', 'Osgood', 'Briarwood', 'Wexford', 'Harlan', 'Pinecastle',
           'Marchbanks', 'Goldenrod', 'Saddleback', 'Ellery', 'Vesper', 'Calder', 'Thornbury', 'Wisteria']
STYPES = [('Street', 'St'), ('Avenue', 'Ave'), ('Road', 'Rd'), ('Lane', 'Ln'), ('Drive', 'Dr'), ('Court', 'Ct'),
          ('Boulevard', 'Blvd'), ('Way', 'Way'), ('Place', 'Pl'), ('Terrace', 'Ter'), ('Circle', 'Cir'),
          ('Parkway', 'Pkwy'), ('Trail', 'Trl')]
DIRS = [('North', 'N'), ('South', 'S'), ('East', 'E'), ('West', 'W'), ('Northeast', 'NE'), ('Southwest', 'SW')]
MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
          'November', 'December']
MON3 = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec']
WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'proton.me', 'hotmail.co.uk', 'aol.com',
           'quillfeather.net', 'mailbox.org', 'fastmail.com']
PHONETIC = {'a': 'apple', 'b': 'boy', 'c': 'cat', 'd': 'dog', 'e': 'echo', 'f': 'frank', 'g': 'george',
            'h': 'hotel', 'i': 'india', 'j': 'juliet', 'k': 'kilo', 'l': 'lima', 'm': 'mary', 'n': 'nancy',
            'o': 'oscar', 'p': 'peter', 'q': 'queen', 'r': 'robert', 's': 'sam', 't': 'tom', 'u': 'uniform',
            'v': 'victor', 'w': 'william', 'x': 'xray', 'y': 'yellow', 'z': 'zebra'}

UNIT = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']
TEEN = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen',
        'nineteen']
TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']
ORD = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth',
       'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth',
       'nineteenth', 'twentieth']
SLIP = {'1': ['won'], '2': ['to', 'too'], '4': ['for'], '8': ['ate']}
IN_FILLERS = ['um', 'uh', 'er', 'let me see', 'hang on', 'hold on', 'uh hang on']

SPOKEN = ('lower', 'punct', 'upper', 'lower_num')


# ---------------------------------------------------------------- values
def luhn_ok(s):
    t = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        t += d
    return t % 10 == 0


def luhn_fix(body):
    for c in '0123456789':
        if luhn_ok(body + c):
            return body + c


def new_card(brand=None):
    brand = brand or wch([('visa', 38), ('mc', 30), ('amex', 17), ('disc', 15)])
    if brand == 'visa':
        pre, L = '4', 16
    elif brand == 'mc':
        pre, L = (ch(['51', '52', '53', '54', '55']), 16) if pr(.7) else (str(R.randint(2221, 2720)), 16)
    elif brand == 'amex':
        pre, L = ch(['34', '37']), 15
    else:
        pre, L = (('6011', 16) if pr(.5) else ('65' + drand(2), 16))
    body = list(pre + drand(L - 1 - len(pre)))
    if pr(.6):
        st = ch([4, 8]) if L == 16 else ch([4, 6])
        a, b = str(R.randint(1, 9)), str(R.randrange(10))
        pat = ch([a + b + '00', a + '000', a * 4, a + a + b + b, a + b + a + b, '0' + a + '00', a + b + '0' + '0'])
        body[st:st + 4] = list(pat)
    return brand, luhn_fix(''.join(body))


def card_groups(num, brand):
    if brand == 'amex':
        return [num[:4], num[4:10], num[10:]]
    return [num[i:i + 4] for i in range(0, 16, 4)]


def new_ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return '%03d%02d%04d' % (a, R.randint(1, 99), R.randint(1, 9999))


def new_routing():
    pre = ch(['0' + str(R.randint(1, 9)), '1' + str(R.randint(0, 2)), str(R.randint(21, 32)),
              str(R.randint(61, 72)), '80'])
    b = pre + drand(6)
    d = [int(c) for c in b]
    s = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5])
    return b + str((10 - s % 10) % 10)


IBAN_FMT = {'GB': 'LLLLdddddddddddddd', 'DE': 'dddddddddddddddddd', 'NL': 'LLLLdddddddddd',
            'ES': 'dddddddddddddddddddd', 'IE': 'LLLLdddddddddddddd', 'FR': 'ddddddddddddddddddddddd',
            'BE': 'dddddddddddd', 'IT': 'L' + 'd' * 22, 'CH': 'ddddddddddddddddd',
            'PL': 'dddddddddddddddddddddddd'}
IBAN_LET = 'ABCDEFGHJKLMNPRSTUVWXYZ'  # no I/O


def new_iban(cc=None):
    cc = cc or ch(sorted(IBAN_FMT))
    bban = ''.join(ch(IBAN_LET) if c == 'L' else str(R.randrange(10)) for c in IBAN_FMT[cc])
    num = ''.join(str(int(c, 36)) for c in bban + cc + '00')
    return cc + '%02d' % (98 - int(num) % 97) + bban


def new_account():
    return str(R.randint(1, 9)) + drand(R.choice([7, 8, 9, 9, 10, 11]))


PHONE_CC = {'UK': ('44', lambda: ch(['20', '7700']) + ''), 'IN': ('91', None), 'AU': ('61', None),
            'DE': ('49', None), 'MX': ('52', None), 'PH': ('63', None), 'FR': ('33', None), 'NG': ('234', None)}


def new_us_phone(tollfree=False):
    if tollfree:
        area = ch(['800', '888', '877', '866', '855'])
    else:
        while True:
            area = str(R.randint(2, 9)) + str(R.randint(0, 8)) + str(R.randrange(10))
            if area[1:] != '11':
                break
    while True:
        ex = str(R.randint(2, 9)) + drand(2)
        if ex[1:] != '11':
            break
    line = drand(4)
    if pr(.3):
        line = ch(['00', '10', '20', '50']) + drand(2) if pr(.5) else line[:2] + '00'
    return area + ex + line


def new_intl_phone():
    c = ch(['UK', 'UK', 'IN', 'AU', 'DE', 'MX', 'PH', 'FR', 'NG'])
    if c == 'UK':
        nsn = ch(['20' + str(R.randint(3, 8)) + drand(7), '7700' + '900' + drand(3)])
        groups = [nsn[:2], nsn[2:6], nsn[6:]] if nsn.startswith('20') else [nsn[:4], nsn[4:]]
        return 'UK', '44', nsn, groups, True
    if c == 'IN':
        nsn = ch(['98', '97', '90']) + drand(8)
        return c, '91', nsn, [nsn[:5], nsn[5:]], True
    if c == 'AU':
        nsn = '4' + drand(8)
        return c, '61', nsn, [nsn[:3], nsn[3:6], nsn[6:]], True
    if c == 'DE':
        nsn = '30' + drand(8)
        return c, '49', nsn, [nsn[:2], nsn[2:6], nsn[6:]], True
    if c == 'MX':
        nsn = '55' + drand(8)
        return c, '52', nsn, [nsn[:2], nsn[2:6], nsn[6:]], False
    if c == 'PH':
        nsn = '9' + drand(9)
        return c, '63', nsn, [nsn[:3], nsn[3:6], nsn[6:]], True
    if c == 'FR':
        nsn = ch(['6', '7']) + drand(8)
        return c, '33', nsn, [nsn[:1], nsn[1:3], nsn[3:5], nsn[5:7], nsn[7:]], True
    nsn = '803' + drand(7)
    return 'NG', '234', nsn, [nsn[:3], nsn[3:6], nsn[6:]], True


def new_dob():
    y = R.randint(1938, 2006)
    m = R.randint(1, 12)
    d = R.randint(1, [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1])
    return y, m, d


def ascii_fold(s):
    import unicodedata
    s = s.replace('ø', 'o').replace('Ø', 'O').replace('ł', 'l').replace('Ł', 'L').replace('ı', 'i')
    return ''.join(c for c in unicodedata.normalize('NFKD', s) if not unicodedata.combining(c))


# ---------------------------------------------------------------- spoken number rendering
class Sayer:
    def __init__(self, style, slips=0, zero=None):
        self.style = style
        self.slips = slips
        self.zero = zero or ch(['oh', 'oh', 'oh', 'zero', 'o'])
        self.tags = set()

    def unit(self, d, allow_slip=True):
        if d == '0':
            return self.zero
        if allow_slip and self.slips > 0 and d in SLIP and pr(.4):
            self.slips -= 1
            w = ch(SLIP[d])
            self.tags.add('asr_slip_' + w)
            return w
        return UNIT[int(d)]

    def singles(self, g, runs=True):
        out = []
        i = 0
        while i < len(g):
            n = 1
            while i + n < len(g) and g[i + n] == g[i]:
                n += 1
            if runs and n >= 3 and pr(.6):
                out.append(('triple ' + self.unit(g[i], False), 'dbl'))
                self.tags.add('num_triple')
                i += 3
                continue
            if runs and n >= 2 and pr(.55):
                out.append(('double ' + self.unit(g[i], False), 'dbl'))
                self.tags.add('num_double')
                i += 2
                continue
            out.append((self.unit(g[i]), 'z' if g[i] == '0' else 'u'))
            i += 1
        return out

    def pair(self, p):
        a, b = p
        if a == '0':
            if b == '0' and pr(.5):
                self.tags.add('num_double')
                return [('double ' + self.zero, 'dbl')]
            return [(self.zero, 'z'), (self.unit(b, False), 'z' if b == '0' else 'u')]
        if a == '1':
            self.tags.add('num_teen')
            return [(TEEN[int(b)], 'teen')]
        self.tags.add('num_tens')
        if b == '0':
            return [(TENS[int(a)], 'tens')]
        j = ' '
        if self.style == 'punct' and pr(.35):
            j = '-'
            self.tags.add('num_tens_hyphen')
        elif pr(.04):
            j = ''
            self.tags.add('num_tens_stuck')
        return [(TENS[int(a)] + j + UNIT[int(b)], 'tensu')]

    def pairs(self, g):
        out = []
        if len(g) % 2:
            out.append((self.unit(g[0]), 'z' if g[0] == '0' else 'u'))
            g = g[1:]
        for i in range(0, len(g), 2):
            out += self.pair(g[i:i + 2])
        return out

    def hundreds(self, g):
        if len(g) == 4 and g[2:] == '00' and g[0] != '0' and (g[0] == '1' or g[1] != '0'):
            self.tags.add('num_hundred')
            return self.pair(g[:2]) + [('hundred', 'hund')]
        if len(g) == 3 and g[0] != '0':
            self.tags.add('num_hundred')
            head = [(UNIT[int(g[0])], 'u'), ('hundred', 'hund')]
            rest = g[1:]
            if rest == '00':
                return head
            if rest[0] != '0':
                return head + ([('and', 'and')] if pr(.3) else []) + self.pair(rest)
            return head + [('and', 'and'), (UNIT[int(rest[1])], 'u')]
        return None

    def chunk(self, g, mode):
        if mode == 'num' and self.style in ('punct', 'lower_num'):
            self.tags.add('num_numerals')
            return [(g, 'num')]
        if mode == 'hundreds':
            h = self.hundreds(g)
            if h:
                return h
            mode = 'pairs'
        if mode == 'pairs' and len(g) >= 2:
            return self.pairs(g)
        if mode == 'hyph' and self.style == 'punct' and '0' not in g:
            self.tags.add('num_hyphen_digits')
            return [('-'.join(UNIT[int(c)] for c in g), 'u')]
        return self.singles(g)


def ambiguous(prev, nxt):
    pc = prev[-1][1]
    nc = nxt[0][1]
    if pc == 'tens' and nc == 'u':
        return True
    if pc == 'hund' and nc in ('teen', 'tens', 'tensu', 'and'):
        return True
    return False


def say(groups, style, habit='single', fillers=0, slips=0, sep=None, zero=None, tags=None):
    """Render digit groups as one spoken span text."""
    s = Sayer(style, slips, zero)
    chunks = []
    for g in groups:
        mode = habit
        if habit == 'mixed':
            mode = ch(['single', 'single', 'pairs', 'hundreds', 'num'])
        if (len(g) == 4 and g[2:] == '00' and g[0] != '0' and (g[0] == '1' or g[1] != '0') and mode != 'num'
                and pr({'pairs': .7, 'mixed': .6}.get(habit, .3))):
            mode = 'hundreds'
        chunks.append(s.chunk(g, mode))
    slots = set(R.sample(range(1, len(chunks)), min(fillers, len(chunks) - 1))) if len(chunks) > 1 else set()
    out = ''
    for i, c in enumerate(chunks):
        if i:
            if i in slots:
                f = ch(IN_FILLERS)
                out += (', %s, ' % f) if style == 'punct' else (' %s ' % f)
                s.tags.add('filler_in_number')
            elif ambiguous(chunks[i - 1], c):
                out += ', ' if style == 'punct' else ' uh '
            elif sep is not None:
                out += sep
            elif style == 'punct':
                out += wch([(', ', 7), (' ', 2), ('... ', 1)])
            else:
                out += ' '
        out += ' '.join(w for w, _ in c)
    if tags is not None:
        tags |= s.tags
    return out


def spoken_year(y, style):
    if style in ('punct', 'lower_num') and pr(.4):
        return str(y)
    if y >= 2000 and y < 2010:
        return ch(['two thousand ', 'two thousand and ']) + UNIT[y - 2000]
    if y >= 2010 and pr(.25):
        return 'two thousand ' + say([str(y)[2:]], 'lower', 'pairs')
    return say([str(y)[:2], str(y)[2:]], 'lower', 'pairs', sep=' ')


def typed_groups(num, groups=None, sep=' '):
    if groups is None:
        return num
    out, i = [], 0
    for n in groups:
        out.append(num[i:i + n])
        i += n
    return sep.join(out)


# ---------------------------------------------------------------- item builder
def S(text, vid, role='primary', inst=None, part=None):
    return ('s', text, vid, role, inst, part)


def D(text, kind):
    return ('d', text, kind)


def N(text, kind):
    return ('n', text, kind)


PUNCT_STRIP = str.maketrans('', '', ',.?!;:—')


class Item:
    def __init__(self, kind):
        self.kind = kind
        self.style = 'typed'
        self.lines = []  # list of (label_parts, body_parts)
        self.values = {}
        self.tags = set([kind])
        self.nv = 0
        self.ni = 0

    def val(self, typ, value, **kw):
        self.nv += 1
        vid = 'v%d' % self.nv
        d = {'type': typ, 'value': value}
        d.update(kw)
        self.values[vid] = d
        return vid

    def inst(self):
        self.ni += 1
        return 'i%d' % self.ni

    def line(self, label, *parts):
        self.lines.append((label, list(parts)))

    def tag(self, *ts):
        for t in ts:
            self.tags.add(t)

    def render(self):
        text = ''
        spans, dis, neu = [], [], []
        inst_auto = {}
        style = self.style

        def plain(s, transform=True):
            nonlocal text
            if transform and style in ('lower', 'lower_num'):
                s = s.lower().translate(PUNCT_STRIP)
            elif transform and style == 'upper':
                s = s.upper().translate(PUNCT_STRIP)
            if transform and style in ('lower', 'lower_num', 'upper'):
                while '  ' in s:
                    s = s.replace('  ', ' ')
            if not s:
                return
            if (text.endswith(' ') or text.endswith('\n') or text == '') and s.startswith(' '):
                s = s.lstrip(' ')
            text += s

        def case(s, transform):
            if not transform:
                return s
            if style in ('lower', 'lower_num'):
                return s.lower()
            if style == 'upper':
                return s.upper()
            return s

        for label, body in self.lines:
            for seq, transform in ((label or [], False), (body, True)):
                for p in seq:
                    if isinstance(p, str):
                        plain(p, transform)
                        continue
                    if p[0] == 's':
                        _, t, vid, role, inst, part = p
                        t = case(t, transform)
                        if transform and style in ('lower', 'lower_num', 'upper'):
                            t = t.replace(',', '').replace('...', ' ')
                            while '  ' in t:
                                t = t.replace('  ', ' ')
                        if inst is None:
                            inst = self.inst()
                        st = len(text)
                        text += t
                        spans.append({'start': st, 'end': len(text), 'type': self.values[vid]['type'],
                                      'value_id': vid, 'instance': inst, 'role': role, 'text': t,
                                      'value': part if part is not None else self.values[vid]['value']})
                    else:
                        t = case(p[1], transform)
                        st = len(text)
                        text += t
                        (dis if p[0] == 'd' else neu).append({'start': st, 'end': len(text), 'kind': p[2],
                                                               'text': t})
            if text.endswith(' '):
                text = text.rstrip(' ')
            text += '\n'
        text = text.rstrip('\n')
        if self.kind != 'form' and '\n' not in text.strip():
            pass
        return text, spans, dis, neu


# ---------------------------------------------------------------- persons & values helpers
def person(wordname=None):
    if wordname is None:
        wordname = pr(.16)
    if wordname:
        f, o = ch(WORDNAMES), 'wordname'
    else:
        f, o = ch(FIRST)
    l = ch(LAST)
    return {'first': f, 'last': l, 'origin': o}


def pname(it, p, form='full', role='primary', inst=None):
    """Return a span part for a person mention."""
    if form == 'first':
        t = p['first']
    elif form == 'last':
        t = p['last']
    else:
        t = p['first'] + ' ' + p['last']
    if 'vid' not in p:
        p['vid'] = it.val('PERSON_NAME', p['first'] + ' ' + p['last'], first=p['first'], last=p['last'],
                          origin=p['origin'])
    it.tag('name_origin_' + p['origin'])
    if any(c in t for c in "-'") or ' ' in p['last']:
        it.tag('name_punct')
    if not ascii_fold(t) == t:
        it.tag('name_diacritics')
    if p['first'] in WORDNAMES and form != 'last':
        it.tag('name_is_word')
    return S(t, p['vid'], role, inst, part=t)


def card_val(it, brand=None):
    brand, num = new_card(brand)
    vid = it.val('CREDIT_CARD', num, brand=brand)
    return vid, num, brand


def exp_val(it, card_vid):
    m = R.randint(1, 12)
    y = R.randint(2025, 2032)
    return it.val('CARD_EXPIRY', '%02d/%02d' % (m, y % 100), month=m, year=y, card=card_vid), m, y


def cvv_val(it, card_vid, brand):
    code = drand(4 if brand == 'amex' else 3)
    return it.val('CARD_CVV', code, card=card_vid), code


def ref16():
    while True:
        s = str(R.randint(1, 9)) + drand(15)
        if not luhn_ok(s):
            return s


def ordinal_words(n):
    if n <= 20:
        return ORD[n]
    if n == 30:
        return 'thirtieth'
    t, u = divmod(n, 10)
    return TENS[t] + ch([' ', '-']) + ORD[u]


def ordinal_num(n):
    suf = 'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')
    return '%d%s' % (n, suf)


# ---------------------------------------------------------------- distractor renderers
def num_words(n):
    if n < 10:
        return UNIT[n]
    if n < 20:
        return TEEN[n - 10]
    if n < 100:
        t, u = divmod(n, 10)
        return TENS[t] + ('' if u == 0 else ' ' + UNIT[u])
    h, r = divmod(n, 100)
    return UNIT[h] + ' hundred' + ('' if r == 0 else ' ' + num_words(r))


def dz_amount(st):
    d = R.randint(6, 480)
    c = ch([0, 99, 49, 95, 50, 19, 75, 0])
    if st in ('punct', 'typed'):
        return '$%d.%02d' % (d, c) if c else ch(['$%d' % d, '$%d.00' % d])
    if c == 0:
        return num_words(d) + ' dollars'
    return ch([num_words(d) + ' ' + num_words(c), num_words(d) + ' dollars and ' + num_words(c) + ' cents'])


def spell_digits(s, st):
    return ' '.join(UNIT[int(c)] if c != '0' else 'oh' for c in s) if st not in ('punct', 'typed') else s


def dz_order(st):
    s = drand(R.randint(6, 9))
    if st in ('punct', 'typed'):
        return ch(['#' + s, s, 'W' + s, s[:3] + '-' + s[3:]])
    return spell_digits(s, st)


def dz_conf(st):
    l1, l2 = ch('BCDFGHJKMNPQRTVWXZ'), ch('BCDFGHJKMNPQRTVWXZ')
    s = drand(R.randint(4, 6))
    if st in ('punct', 'typed'):
        return ch([l1 + l2 + s, l1 + s + l2, l1 + l2 + '-' + s])
    return l1.lower() + ' ' + l2.lower() + ' ' + spell_digits(s, st)


def dz_time(st):
    h, m = R.randint(1, 12), ch([0, 15, 30, 45, 10, 20, 50])
    if st in ('punct', 'typed'):
        return ch(['%d:%02d' % (h, m), '%d:%02d pm' % (h, m), '%d:%02d a.m.' % (h, m)]) if m else '%d pm' % h
    if m == 0:
        return num_words(h) + " o'clock"
    if m == 15:
        return 'quarter past ' + num_words(h)
    if m == 30:
        return ch([num_words(h) + ' thirty', 'half past ' + num_words(h)])
    return num_words(h) + ' ' + num_words(m)


def dz_year(st):
    y = R.randint(2009, 2024)
    return str(y) if st in ('punct', 'typed', 'lower_num') else 'twenty ' + num_words(y - 2000)


def dz_ext(st):
    s = str(R.randint(2, 9)) + drand(R.choice([2, 3]))
    return s if st in ('punct', 'typed') else spell_digits(s, st)


def dz_ref16(st):
    s = ref16()
    if st in ('punct', 'typed'):
        return ch([s, ' '.join(s[i:i + 4] for i in range(0, 16, 4))])
    return say([s[i:i + 4] for i in range(0, 16, 4)], st, 'single')


def dz_date(st):
    m, d = R.randint(1, 12), R.randint(1, 28)
    if st in ('punct', 'typed'):
        return ch(['%d/%d' % (m, d), '%02d/%02d/2025' % (m, d), MONTHS[m - 1] + ' ' + ordinal_num(d),
                   MON3[m - 1] + ' %d' % d, ch(WEEKDAYS) + ' the ' + ordinal_num(d)])
    return ch([MONTHS[m - 1] + ' ' + ordinal_words(d), 'the ' + ordinal_words(d), ch(WEEKDAYS) + ' the ' + ordinal_words(d)])


def dz_qty(st):
    n = R.randint(2, 12)
    return str(n) if st in ('punct', 'typed', 'lower_num') and pr(.5) else num_words(n)


def dz_zip(st):
    s = ch(CITIES)[2] + drand(2)
    return s if st in ('punct', 'typed') else spell_digits(s, st)


# ---------------------------------------------------------------- value renderers
def card_habit(st):
    if st in ('punct', 'lower_num'):
        return wch([('single', 40), ('pairs', 18), ('mixed', 24), ('num', 18)])
    return wch([('single', 50), ('pairs', 22), ('mixed', 28)])


def partition(groups, k):
    k = max(1, min(k, len(groups)))
    cuts = sorted(R.sample(range(1, len(groups)), k - 1))
    out, prev = [], 0
    for c in cuts + [len(groups)]:
        out.append(groups[prev:c])
        prev = c
    return out


def say_exp(m, y, st, form, tags):
    mm = '%02d' % m
    yy = '%02d' % (y % 100)
    mword = MONTHS[m - 1] if pr(.8) else MON3[m - 1]
    if form == 'mmyy':
        tags.add('exp_spoken_digits')
        if st in ('punct', 'lower_num') and pr(.3):
            tags.add('exp_numerals')
            return ch([mm + '/' + yy, mm + ' ' + yy, str(m) + '/' + yy])
        mpart = say([mm], st, 'single') if (m < 10 and pr(.7)) else (UNIT[m] if m < 10 else TEEN[m - 10])
        return mpart + ch([' ', ' ', ', ' if st == 'punct' else ' ']) + say([yy], st, 'pairs')
    if form == 'mon_of':
        tags.add('exp_month_of_year')
        return mword + ' of ' + (say([yy], st, 'pairs') if pr(.7) else spoken_year(y, st))
    if form == 'mon_year':
        tags.add('exp_month_year')
        return mword + ch([' ', ', ' if st == 'punct' else ' ']) + spoken_year(y, st)
    if form == 'slash':
        tags.add('exp_slash_word')
        if st in ('punct', 'lower_num') and pr(.5):
            return mm + ' slash ' + yy
        return say([mm], st, 'single') + ' slash ' + say([yy], st, 'pairs')
    raise ValueError(form)


def say_cvv(code, st, tags):
    if st in ('punct', 'lower_num') and pr(.25):
        tags.add('cvv_numerals')
        return code
    r = R.random()
    if len(code) == 3:
        if r < .5:
            return say([code], st, 'single')
        if r < .75 and code[0] != '0':
            tags.add('cvv_hundreds')
            return say([code], st, 'hundreds')
        return say([code], st, 'pairs')
    if r < .5:
        return say([code], st, 'single')
    return say([code], st, 'pairs')


def say_house(num, st):
    if st in ('punct', 'lower_num') and pr(.5):
        return num
    if len(num) >= 3 and pr(.6):
        return say([num], st, 'pairs')
    if len(num) == 3 and num[1:] != '00' and pr(.3):
        return say([num], st, 'hundreds')
    return say([num], st, 'single')


def new_address(pobox=None):
    city = ch(CITIES)
    z = city[2] + drand(2)
    if pobox is None:
        pobox = pr(.12)
    if pobox:
        n = str(R.randint(10, 9999))
        return {'kind': 'pobox', 'number': n, 'city': city, 'zip': z}
    n = str(R.randint(1, 9)) + drand(R.choice([1, 2, 3, 3, 3]))
    st = ch(STREETS)
    ty = ch(STYPES)
    d = ch(DIRS) if pr(.25) else None
    unit = None
    if pr(.45):
        unit = (ch(['Apt', 'Apartment', 'Unit', 'Suite', '#']), ch([str(R.randint(1, 40)), str(R.randint(1, 9)) + ch('ABCDEF'), ch('ABCDE'), str(R.randint(1, 4)) + '0' + str(R.randint(1, 9))]))
    return {'kind': 'us', 'number': n, 'street': st, 'stype': ty, 'dir': d, 'unit': unit, 'city': city, 'zip': z}


def addr_value(it, a):
    if a['kind'] == 'pobox':
        v = 'PO Box ' + a['number']
        return it.val('STREET_ADDRESS', v, kind='pobox', number=a['number'])
    parts = [a['number']] + ([a['dir'][0]] if a['dir'] else []) + [a['street'], a['stype'][0]]
    unit = None
    if a['unit']:
        parts += [a['unit'][0] if a['unit'][0] != '#' else 'Unit', a['unit'][1]]
        unit = [a['unit'][0], a['unit'][1]]
    return it.val('STREET_ADDRESS', ' '.join(parts), kind='us', number=a['number'], street=a['street'],
                  street_type=a['stype'][0], direction=a['dir'][0] if a['dir'] else None, unit=unit)


def addr_typed(a, abbrev=None):
    """Returns (line1, unit_text or None)."""
    if a['kind'] == 'pobox':
        return ch(['PO Box ', 'P.O. Box ', 'P O Box ', 'Post Office Box ']) + a['number'], None
    if abbrev is None:
        abbrev = pr(.5)
    s = a['number'] + ' '
    if a['dir']:
        s += (a['dir'][1] + ch(['', '.']) if abbrev else a['dir'][0]) + ' '
    s += a['street'] + ' ' + (a['stype'][1] if abbrev else a['stype'][0])
    u = None
    if a['unit']:
        d, x = a['unit']
        if d == '#':
            u = '#' + x
        elif d == 'Apartment' and abbrev:
            u = 'Apt ' + x
        else:
            u = d + ' ' + x
    return s, u


def addr_spoken(a, st, tags):
    """Returns (line1, unit_text or None)."""
    if a['kind'] == 'pobox':
        tags.add('addr_pobox_spoken')
        return ch(['p o box ', 'po box ', 'post office box ']) + say_house(a['number'], st), None
    s = say_house(a['number'], st) + ' '
    if a['dir']:
        s += a['dir'][0].lower() + ' '
    s += a['street'].lower() + ' ' + a['stype'][0].lower()
    u = None
    if a['unit']:
        d, x = a['unit']
        dw = {'Apt': ch(['apartment', 'apt']), 'Apartment': 'apartment', 'Unit': 'unit', 'Suite': 'suite',
              '#': ch(['number', 'unit'])}[d]
        digits = ''.join(c for c in x if c.isdigit())
        letters = ''.join(c.lower() for c in x if c.isalpha())
        sp = ''
        if digits:
            sp = say([digits], st, ch(['pairs', 'single', 'hundreds']))
        if letters:
            sp = (sp + ' ' if sp else '') + letters
        u = dw + ' ' + sp
        tags.add('addr_unit')
    if st == 'punct':
        caps = set(['north', 'south', 'east', 'west', 'northeast', 'southwest', a['stype'][0].lower()] +
                   [x.lower() for x in a['street'].split()])
        s = ' '.join(w.capitalize() if w in caps else w for w in s.split(' '))
        s = s[0].upper() + s[1:]
        if u:
            u = u[0].upper() + u[1:]
    return s, u


def addr_tail(a, st):
    c = a['city']
    if st in ('punct', 'typed'):
        return [ch([', ', ' ']), N(c[0] + ', ' + c[1] + ' ' + a['zip'], 'address_tail')]
    return [' ', N(c[0].lower() + ' ' + spell_digits(a['zip'], st), 'address_tail')]


def dob_typed(y, m, d):
    f = wch([('mdy', 30), ('mdy_short', 8), ('iso', 10), ('dmy_dot', 6), ('long', 20), ('dlong', 12), ('mon3', 8),
             ('mdy_dash', 6)])
    if f == 'mdy':
        return '%02d/%02d/%d' % (m, d, y), f
    if f == 'mdy_short':
        return '%d/%d/%02d' % (m, d, y % 100), f
    if f == 'iso':
        return '%d-%02d-%02d' % (y, m, d), f
    if f == 'dmy_dot':
        return '%02d.%02d.%d' % (d, m, y), f
    if f == 'long':
        return MONTHS[m - 1] + ' ' + ch([str(d), ordinal_num(d)]) + ch([', ', ' ']) + str(y), f
    if f == 'dlong':
        return str(d) + ' ' + MONTHS[m - 1] + ' ' + str(y), f
    if f == 'mon3':
        return MON3[m - 1] + ch(['. ', ' ']) + str(d) + ', ' + str(y), f
    return '%02d-%02d-%d' % (m, d, y), f


def dob_spoken(y, m, d, st):
    f = wch([('mon_ord', 30), ('the_ord_of', 20), ('digits', 20), ('mon_num', 15), ('num_year', 15)])
    if d >= 20 and d % 10 == 0 and f in ('digits', 'mon_num'):
        f = 'mon_ord'
    yr = spoken_year(y, st)
    if f == 'mon_ord':
        return MONTHS[m - 1] + ' ' + ordinal_words(d) + ch([', ', ' ']) + yr, f
    if f == 'the_ord_of':
        return ordinal_words(d) + ' of ' + MONTHS[m - 1] + ch([', ', ' ']) + yr, f
    if f == 'mon_num':
        return MONTHS[m - 1] + ' ' + num_words(d) + ch([', ', ' ']) + yr, f
    if f == 'digits':
        mm = say(['%02d' % m], st, 'single') if pr(.5) else num_words(m)
        dd = say(['%02d' % d], st, 'single') if d < 10 and pr(.5) else num_words(d)
        return mm + ' ' + dd + ', ' + ch([say(['%02d' % (y % 100)], st, 'pairs'), yr]), f
    return num_words(m) + ' slash ' + num_words(d) + ' slash ' + yr, f


# ---------------------------------------------------------------- conversations
CALL_SCHEMES = [('agent_caller', 13), ('rep_member', 8), ('spk', 13), ('ab', 8), ('speaker_n', 7),
                ('csr_cust', 6), ('names', 3), ('ts_role', 11), ('ts_spk', 8), ('none', 6), ('dash', 5)]
SCHEME_LABELS = {'agent_caller': ('Agent', 'Caller', 'Caller 2'), 'rep_member': ('Rep', 'Member', 'Member (2)'),
                 'spk': ('spk_0', 'spk_1', 'spk_2'), 'ab': ('A', 'B', 'C'),
                 'speaker_n': ('Speaker 1', 'Speaker 2', 'Speaker 3'), 'csr_cust': ('CSR', 'Customer', 'Other'),
                 'ts_role': ('Agent', 'Customer', 'Customer 2'), 'ts_spk': ('SPK_A', 'SPK_B', 'SPK_C')}
BACKCH = ['Mm-hm.', 'Okay.', 'Go on.', 'Yep.', 'Uh-huh.', 'Okay, got that.', 'Right.', 'Mm-hm, go ahead.',
          'Okay, next?', 'Yep, keep going.', 'Got it.']


class Conv:
    def __init__(self, it, scheme, agent, caller, third=None):
        self.it = it
        self.scheme = scheme
        self.ppl = {'A': agent, 'C': caller, 'X': third}
        self.t = R.randint(0, 50)
        self.tsf = ch(['[%02d:%02d:%02d]', '%02d:%02d:%02d', '(%02d:%02d:%02d)'])
        self.nameform = {'A': ch(['first', 'first', 'full']), 'C': ch(['first', 'full', 'full']), 'X': 'first'}

    def lab(self, who):
        sc = self.scheme
        parts = []
        if sc.startswith('ts'):
            self.t += R.randint(2, 19)
            parts += [D(self.tsf % (self.t // 3600, self.t // 60 % 60, self.t % 60), 'timestamp'), ' ']
        if sc == 'names':
            parts += [pname(self.it, self.ppl[who], self.nameform[who], 'speaker_label'), ': ']
        elif sc == 'none':
            pass
        elif sc == 'dash':
            parts.append('— ')
        else:
            parts.append(SCHEME_LABELS[sc]['ACX'.index(who)] + ': ')
        return parts

    def say(self, who, *parts):
        self.it.line(self.lab(who), *parts)

    def A(self, *parts):
        self.say('A', *parts)

    def C(self, *parts):
        self.say('C', *parts)

    def X(self, *parts):
        self.say('X', *parts)


def spelled_name(name, st):
    letters = [c.lower() for c in name if c.isalpha()]
    out, i = [], 0
    while i < len(letters):
        if i + 1 < len(letters) and letters[i] == letters[i + 1] and pr(.6):
            out.append('double ' + letters[i])
            i += 2
            continue
        if pr(.12):
            out.append(letters[i] + ' as in ' + PHONETIC[letters[i]])
        else:
            out.append(letters[i])
        i += 1
    sep = ', ' if st == 'punct' and pr(.5) else ' '
    return sep.join(out)


def caller_intro(cv, nopii=False):
    it, st, c, a = cv.it, cv.it.style, cv.ppl['C'], cv.ppl['A']
    if nopii:
        cv.C(ch(["Hi, yeah, I'm calling about an order.", "Hey, um, I had a question about my bill.",
                 "Hi there. I think I got double charged?", "Yeah hi, I'm just checking on a delivery."]))
        return
    r = R.random()
    if r < .18:
        cv.C(ch(['Hi, yeah, this is ', 'Hey, this is ', 'Yeah hi, it\'s ']), pname(it, c, 'full'), ch(['.', ', I got a letter from you guys.', ' calling back.']))
        it.tag('name_this_is')
    elif r < .32:
        cv.C('Hi ', pname(it, a, 'first'), ch([', my name is ', ', um, my name\'s ']), pname(it, c, 'full'), ch([" and I'm calling about my account.", '.']))
        it.tag('name_my_name_is', 'name_greet_agent')
    elif r < .46:
        cv.C(ch(["Hi, I'm calling about my bill.", "Hey, I need to make a payment."]))
        cv.A(ch(['Sure, who am I speaking with?', 'Happy to help. Who do I have the pleasure of speaking with?',
                 'And who am I speaking with today?']))
        cv.C(ch(['Uh, ', '', 'Yeah, it\'s ']), pname(it, c, 'first'), '. ', pname(it, c, 'full'), '.')
        it.tag('name_speaking_with', 'name_restated')
    elif r < .58:
        cv.C(ch(["Hi, yes, I'd like to update some information.", 'Hi, I was told to call this number.']))
        cv.A(ch(['Can I get your first and last name?', 'Okay, first and last name please?']))
        inst = it.inst()
        cv.C('Sure, first name ', pname(it, c, 'first', inst=inst), ', last name ', pname(it, c, 'last', inst=inst), '.')
        it.tag('name_first_last_fields')
    elif r < .68:
        cv.C(ch(['Hi, I need to check on my account.', 'Hello? Yes, I got a text saying to call.']))
        cv.A('Am I speaking with ', pname(it, c, ch(['full', 'first'])), '?')
        cv.C(ch(["Yes, that's me.", 'Yep, speaking.', 'Mm-hm.']))
        it.tag('name_agent_confirms')
    elif r < .8 and ascii_fold(c['last']).isalpha() and c['last'] in SPELL_LAST:
        cv.C(ch(['Hi, this is ', 'Yeah, it\'s ']), pname(it, c, 'full'), '.')
        cv.A(ch(['Could you spell the last name for me?', 'How do you spell your last name?', 'And the spelling of the surname?']))
        cv.C(ch(['Sure, ', "It's ", '', 'Yeah, ']), pname_spelled(it, c, st), '.')
        it.tag('name_spelled')
    else:
        cv.C(ch(['Hey. ', 'Hi. ']), pname(it, c, 'first'), ' here, ', ch(["I'm calling for my mom.", 'I had a quick question.']))
        it.tag('name_here')


def pname_spelled(it, p, st):
    if 'vid' not in p:
        pname(it, p, 'first')
    return S(spelled_name(p['last'], st), p['vid'], 'spelled', part=p['last'])


def opener(cv, co, nopii=False):
    it, a = cv.it, cv.ppl['A']
    if nopii:
        cv.A(ch(['Thank you for calling ', 'You\'ve reached ', 'Hi, thanks for calling ']), D(co, 'business'),
             ch([', how can I help?', ' billing, what can I do for you today?', '. How can I help you?']))
        return
    r = R.random()
    if r < .25:
        cv.A('Thank you for calling ', D(co, 'business'), ', this is ', pname(it, a, 'first'), ', how can I help you today?')
        it.tag('name_agent_intro')
    elif r < .45:
        cv.A(D(co, 'business'), ", you're speaking with ", pname(it, a, 'first'), '.')
        it.tag('name_agent_intro')
    elif r < .6:
        cv.A('Good morning, ', D(co, 'business'), ' billing, ', pname(it, a, 'first'), ' speaking.')
        it.tag('name_agent_intro')
    elif r < .75:
        cv.A("Hey, you've reached ", pname(it, a, 'first'), ' with ', D(co, 'business'), '. What can I do for you?')
        it.tag('name_agent_intro')
    elif r < .88:
        cv.A(D(co, 'business'), ' member services, my name\'s ', pname(it, a, 'full' if pr(.3) else 'first'), '.')
        it.tag('name_agent_intro')
    else:
        cv.A('Hi, thanks for holding. ', pname(it, a, 'first'), ' here at ', D(co, 'business'), '.')
        it.tag('name_agent_intro')


def nameword_aside(cv, who='C'):
    st = cv.it.style
    w = ch(['hope', 'will', 'bill', 'grace', 'mark', 'rose', 'summer', 'faith', 'drew', 'amber'])
    parts = {
        'hope': ['I ', D('hope', 'nameword'), ' this goes through.'],
        'will': [D('Will', 'nameword'), ' that show up on my statement today?'],
        'bill': ['The ', D('bill', 'nameword'), ' this month was way higher.'],
        'grace': ['Is there a ', D('grace', 'nameword'), ' period on that?'],
        'mark': ['Can you ', D('mark', 'nameword'), ' it as paid?'],
        'rose': ['I ordered the ', D('rose', 'nameword'), ' gold one.'],
        'summer': ['We were away all ', D('summer', 'nameword'), '.'],
        'faith': ['I had ', D('faith', 'nameword'), ' it would sort itself out.'],
        'drew': ['My kid ', D('drew', 'nameword'), ' on the statement, sorry.'],
        'amber': ['The little ', D('amber', 'nameword'), ' light is blinking.'],
    }[w]
    cv.say(who, *parts)
    cv.it.tag('dis_nameword')


def closing(cv, nopii=False):
    it, c, a = cv.it, cv.ppl['C'], cv.ppl['A']
    r = R.random()
    if nopii or r < .3:
        cv.A(ch(['Anything else I can help with today?', 'Is there anything else?']))
        cv.C(ch(["No, that's it. Thanks.", 'Nope, all good.', "That's everything, thank you."]))
        return
    if r < .6:
        cv.A(ch(['Alright ', 'Thanks so much, ', 'Okay ']), pname(it, c, 'first'), ch([', you have a good one.', ", you're all set.", ', take care.']))
        it.tag('name_signoff')
    elif r < .85:
        cv.C(ch(['Thanks ', 'Thank you so much, ', 'Appreciate it, ']), pname(it, a, 'first'), '.')
        cv.A(ch(['No problem, bye now.', 'My pleasure.']))
        it.tag('name_thanks')
    else:
        cv.A('Again, my name was ', pname(it, a, 'first'), ' if you need to call back.')
        it.tag('name_signoff')


EXP_ASK = ['And the expiration date?', 'When does it expire?', 'Expiry on that?', "What's the exp date?",
           "And it's good through when?", 'Month and year on the front?', 'Okay, and the date on the card?',
           'And the valid-thru date?', 'When does that one run out?']
CVV_ASK = ['And the three digits on the back?', 'Security code?', 'And the little number on the back?',
           'CVV?', 'And the code on the back of the card?', 'Last thing, the three digit code by the signature strip.',
           'And the verification code?', 'Okay, and the three numbers on the back?']
CID_ASK = ['And the four digit code on the front, just above the number?', "There's a little four digit number on the front, what's that one?",
           'Since it\'s an Amex, I need the four digits printed on the front.']


def say_card(groups, st, it, habit=None, fill=None, slips=None):
    return say(groups, st, habit or card_habit(st), R.choice([0, 0, 1, 1, 2]) if fill is None else fill,
               R.choice([0, 0, 0, 1, 1, 2]) if slips is None else slips, tags=it.tags)


def call_card_expiry_cvv(cv, cvid, brand, inline=False):
    it, st = cv.it, cv.it.style
    evid, m, y = exp_val(it, cvid)
    kvid, code = cvv_val(it, cvid, brand)
    form = wch([('mmyy', 30), ('mon_of', 15), ('mon_year', 15), ('slash', 12), ('end_of', 10), ('split', 18)])
    if pr(.15):
        cv.C(ch(["I've had this card since ", "It's the card I opened back in "]), D(dz_year(st), 'year'), ch([', never had a problem.', '.']))
        it.tag('dis_year')
    asked = pr(.85)
    if asked:
        cv.A(ch(EXP_ASK))
        it.tag('exp_cue_asked')
    else:
        it.tag('exp_volunteered')
    if form == 'split':
        inst = it.inst()
        mt = ch([say(['%02d' % m], st, 'single') if m < 10 else num_words(m), num_words(m), MONTHS[m - 1]])
        if st in ('punct', 'lower_num') and pr(.3):
            mt = '%02d' % m
        cv.C(ch(['Month is ', "The month's ", 'Uh, ', 'Um, it says ']), S(mt, evid, inst=inst, part='m=%d' % m), ch(['.', '...', ', and then']))
        cv.A(ch(['And the year?', 'Okay. Year?', 'Mm-hm, and the year?', 'Go on.']))
        yt = ch([say(['%02d' % (y % 100)], st, 'pairs'), spoken_year(y, st)])
        cv.C(S(yt, evid, inst=inst, part='y=%d' % y), '.')
        it.tag('exp_split_turns')
    elif form == 'end_of':
        mt = MONTHS[m - 1] + ' ' + spoken_year(y, st)
        cv.C(ch(['It expires end of ', 'Good through the end of ', 'Says valid until end of ']), S(mt, evid), '.')
        it.tag('exp_end_of')
    else:
        et = say_exp(m, y, st, form, it.tags)
        if pr(.35) and not (brand == 'amex'):
            # expiry then bare cvv in the same turn
            cv.C(ch(['', 'Um, ', "It's "]), S(et, evid), ', ', ch(['and then ', '', 'and the back is ']), S(say_cvv(code, st, it.tags), kvid), '.')
            it.tag('cvv_no_cue', 'cvv_after_exp')
            if pr(.2):
                cv.A(S(say_cvv(code, st, it.tags), kvid, 'readback'), '?')
                cv.C('Yes.')
                it.tag('cvv_readback')
            return
        cv.C(ch(['', 'Um, ', "It's ", 'Uh, it says ', 'Let me see, ']), S(et, evid), '.')
    if pr(.2):
        cv.A(S(say_exp(m, y, st, 'mmyy' if pr(.6) else 'mon_year', set()), evid, 'readback'), ch(['?', ', got it.']))
        it.tag('exp_readback')
    # cvv
    if brand == 'amex':
        cv.A(ch(CID_ASK))
        cv.C(ch(['', 'Okay, ', "It's "]), S(say_cvv(code, st, it.tags), kvid), '.')
        it.tag('cvv_amex_cid_front')
        return
    r = R.random()
    if r < .55:
        cv.A(ch(CVV_ASK))
        cv.C(ch(['', 'Um, ', "It's ", 'Uh, ', 'Sure, ']), S(say_cvv(code, st, it.tags), kvid), '.')
        it.tag('cvv_cue_asked')
    elif r < .75:
        cv.C(ch(['And the last bit is ', 'And the little number on the back is ', 'Three digits on the back, ']), S(say_cvv(code, st, it.tags), kvid), '.')
        it.tag('cvv_cue_generic')
    else:
        cv.A(ch(['And then the code?', 'Last one, the code.', 'Okay, and on the back?']))
        cv.C(ch(['Oh, ', 'Um, ', '']), S(say_cvv(code, st, it.tags), kvid), '.')
        it.tag('cvv_cue_indirect')
    if pr(.15):
        cv.A(S(say_cvv(code, st, it.tags), kvid, 'readback'), '?')
        cv.C(ch(['Yep.', 'Correct.']))
        it.tag('cvv_readback')


def call_payment(cv, second=False):
    it, st = cv.it, cv.it.style
    cvid, num, brand = card_val(it)
    it.tag('pay', 'card_' + brand)
    groups = card_groups(num, brand)
    if brand == 'amex':
        it.tag('card_amex_4_6_5')
    if not second:
        r = R.random()
        if r < .35:
            cv.A(ch(['So the total for today is ', 'Your balance due is ', 'Okay, that comes to ']), D(dz_amount(st), 'price'),
                 '. ', ch(['How would you like to pay?', 'Will that be on a card?', 'What card are we putting that on?']))
            it.tag('dis_amount')
        elif r < .55:
            cv.A('I can take the payment for order ', D(dz_order(st), 'order'), ' now. Which card would you like to use?')
            it.tag('dis_order')
        elif r < .75:
            cv.A(ch(["Alright, go ahead with the long number on the front whenever you're ready.",
                     'And what card will you be using?', 'Go ahead with the card number.']))
        else:
            cv.A(ch(['What would you like to put that on?', 'How are we paying today?', "Okay, I'll just need a card."]))
            it.tag('card_cue_indirect')
        if pr(.3):
            cv.C(ch(['Okay, hang on, let me grab my wallet.', 'Um, one second, it\'s in my bag.', 'Let me find it...']))
            cv.A(ch(['Take your time.', 'No rush.', 'Sure.']))
            it.tag('pause_wallet')
        if pr(.12) and cv.ppl.get('X') is None:
            sp = person()
            cv.C("It's my ", ch(["husband's", "wife's", "partner's", "dad's"]), ' card, ', pname(it, sp, 'full'), ', is that okay?')
            cv.A(ch(['That should be fine.', "As long as they've authorised it, sure."]))
            it.tag('name_third_party')
    mode = wch([('one', 36), ('split', 26), ('interrupt', 11), ('false', 11), ('breath', 14)])
    if mode == 'breath' and brand == 'amex':
        mode = 'one'
    habit = card_habit(st)
    if mode == 'one':
        cv.C(ch(['', 'Okay, it\'s ', 'Yeah, um, ', 'Sure. ', 'Let me see, ', 'Alright, ']), S(say_card(groups, st, it, habit), cvid),
             ch(['.', '. Got that?', '.', '']))
        it.tag('card_one_turn')
    elif mode in ('split', 'interrupt'):
        pieces = partition(groups, R.randint(2, min(3, len(groups))))
        inst = it.inst()
        ip = R.randrange(len(pieces) - 1)
        for i, pc in enumerate(pieces):
            lead = ch(["It's ", '', 'Okay, ']) if i == 0 else ch(['', '', 'Then ', 'And ', 'Next is ', 'Uh, '])
            cv.C(lead, S(say_card(pc, st, it, habit), cvid, inst=inst, part=''.join(pc)), ch(['.', '...', '']))
            if i < len(pieces) - 1:
                if mode == 'interrupt' and i == ip:
                    g = pc[-1]
                    cv.A(ch(['Sorry, you cut out. Was that ', 'Wait, did you say ', 'Hang on, was that ']),
                         S(say([g], st, card_habit(st)), cvid, 'readback_partial', part=g), '?')
                    cv.C(ch(['Yeah.', "Yes, that's right.", 'Mm-hm, yep.']))
                    it.tag('interruption', 'card_readback_partial')
                else:
                    cv.A(ch(BACKCH))
                    it.tag('backchannel')
        it.tag('card_split_turns')
    elif mode == 'false':
        k = R.randint(1, 2)
        pre = ''.join(groups[:k])
        if pr(.5):
            i = R.randrange(len(pre))
            pre = pre[:i] + str((int(pre[i]) + R.randint(1, 9)) % 10) + pre[i + 1:]
            it.tag('false_start_wrong_digit')
        gl = []
        j = 0
        for g in groups[:k]:
            gl.append(pre[j:j + len(g)])
            j += len(g)
        cv.C(S(say(gl, st, habit), cvid, 'false_start', part=pre), ', ',
             ch(['no wait', 'sorry, no', 'oh wait, wrong card', 'scratch that', 'no no, hold on', 'actually no']),
             ', ', ch(["it's ", "that's my old one. It's ", 'let me start again. ', '']), S(say_card(groups, st, it, habit), cvid), '.')
        it.tag('card_false_start', 'correction_no_wait')
    else:
        call_breath(cv, cvid, num, brand, groups, habit)
        return cvid, num, brand
    if pr(.33):
        if pr(.32):
            k = R.randrange(len(groups))
            g = groups[k]
            i = R.randrange(len(g))
            wg = g[:i] + str((int(g[i]) + R.randint(1, 9)) % 10) + g[i + 1:]
            wrong = groups[:k] + [wg] + groups[k + 1:]
            cv.A(ch(['Let me read that back. ', 'Okay so I have ', 'Just to confirm, ']),
                 S(say(wrong, st, card_habit(st)), cvid, 'readback_wrong', part=''.join(wrong)), '?')
            cv.C(ch(['No, ', 'Not quite, ', 'Nope, ']), ch(['the ' + ['first', 'second', 'third', 'fourth'][k] + ' group is ', "it's ", 'that should be ']),
                 S(say([g], st, card_habit(st)), cvid, 'correction', part=g), '.')
            cv.A(ch(['Sorry, ', 'Ah, ', 'Okay, ']), S(say([g], st, card_habit(st)), cvid, 'readback_partial', part=g), ch(['. Got it.', ', fixed.']))
            it.tag('card_readback_wrong', 'card_correction')
        else:
            cv.A(ch(['Let me read that back: ', 'So that was ', 'Okay, I have ']), S(say(groups, st, card_habit(st)), cvid, 'readback'),
                 ch(['. Is that right?', '?', ', correct?']))
            cv.C(ch(["Yep, that's it.", 'Yes.', 'Correct.', 'Mm-hm.']))
            it.tag('card_readback')
    call_card_expiry_cvv(cv, cvid, brand)
    return cvid, num, brand


def call_breath(cv, cvid, num, brand, groups, habit):
    it, st = cv.it, cv.it.style
    evid, m, y = exp_val(it, cvid)
    kvid, code = cvv_val(it, cvid, brand)
    cv.C(ch(["Okay it's ", 'Ready? ', '']), S(say_card(groups, st, it, habit), cvid), ', ',
         S(say_exp(m, y, st, ch(['mmyy', 'mmyy', 'slash']), it.tags), evid), ', ', ch(['', 'and ']),
         S(say_cvv(code, st, it.tags), kvid), '.')
    cv.A(ch(['Wow, okay, got all of that.', 'Okay, one sec, typing.', 'Perfect.']))
    it.tag('card_exp_cvv_one_breath', 'cvv_no_cue', 'exp_no_cue')


def call_after_payment(cv, num):
    it, st = cv.it, cv.it.style
    r = R.random()
    if r < .3:
        cv.A('Okay, that went through. Your confirmation number is ', D(dz_conf(st), 'confirmation'), '.')
        it.tag('dis_confirmation')
    elif r < .5:
        cv.A("You're all set. The reference for this payment is ", D(dz_ref16(st), 'ref16'), '.')
        it.tag('dis_ref16')
    elif r < .65:
        cv.A('Okay, the card ending in ', D(num[-4:] if st in ('punct',) else say([num[-4:]], st, 'single'), 'card_last4'), ' was charged ', D(dz_amount(st), 'price'), '.')
        it.tag('dis_card_last4', 'dis_amount')
    elif r < .8:
        cv.A("It'll post by ", D(dz_time(st), 'time'), ' tonight, and you\'ll get ', D(dz_qty(st), 'qty'), ' emails about it, sorry in advance.')
        it.tag('dis_time', 'dis_qty')
    if pr(.25):
        cv.A('If anything comes up you can reach me directly at extension ', D(dz_ext(st), 'agent_ext'), '.')
        it.tag('dis_agent_ext')


def call_ssn(cv):
    it, st = cv.it, cv.it.style
    ssn = new_ssn()
    vid = it.val('SSN', '%s-%s-%s' % (ssn[:3], ssn[3:5], ssn[5:]))
    habit = ch(['single', 'single', 'pairs', 'mixed'] + (['num'] if st in ('punct', 'lower_num') else []))
    if pr(.4):
        cv.A(ch(['Can you verify the last four of your social?', 'I just need the last four digits of your Social Security number.',
                 'Last four of the SSN on the account?', 'And for security, last four of your social?']))
        cv.C(ch(['Sure, ', "Yeah it's ", '', 'Um, ']), S(say([ssn[5:]], st, habit), vid, 'last4', part=ssn[5:]), '.')
        it.tag('ssn_last4')
        return
    cv.A(ch(['And your social?', "I'll need your Social Security number to open the claim.", 'Can I have the SSN for the insured?',
             "What's your social security number, please?", 'Okay, and your social security?']))
    gs = [ssn[:3], ssn[3:5], ssn[5:]]
    if pr(.3):
        inst = it.inst()
        pcs = partition(gs, R.randint(2, 3))
        for i, pc in enumerate(pcs):
            cv.C(S(say(pc, st, habit), vid, inst=inst, part=''.join(pc)), ch(['.', '...', '']))
            if i < len(pcs) - 1:
                cv.A(ch(BACKCH))
        it.tag('ssn_split_turns')
    else:
        cv.C(ch(['', 'Sure, ', "It's ", 'Uh, ', 'Okay, ']), S(say(gs, st, habit, fillers=R.choice([0, 0, 1])), vid, part=ssn), '.')
        it.tag('ssn_spoken')
    if pr(.2):
        cv.A(ch(['So ', 'I have ']), S(say(gs, st, 'single'), vid, 'readback', part=ssn), '?')
        cv.C('Yes.')
        it.tag('ssn_readback')


def call_dob(cv, who='C', third=None):
    it, st = cv.it, cv.it.style
    y, m, d = new_dob()
    if st == 'punct' and pr(.4):
        t, f = dob_typed(y, m, d)
        f = 'typed_' + f
    else:
        t, f = dob_spoken(y, m, d, st)
    vid = it.val('DATE_OF_BIRTH', '%d-%02d-%02d' % (y, m, d), year=y, month=m, day=d, fmt=f)
    if third:
        cv.A("And the patient's date of birth?")
    else:
        cv.A(ch(['And your date of birth?', 'Can you confirm your DOB?', "What's the birthdate on the account?",
                 'And when were you born?', 'Date of birth for verification?']))
    cv.C(ch(['', "It's ", 'Um, ', 'Sure, ']), S(t, vid), '.')
    it.tag('dob_' + f)
    if pr(.35):
        k = ch(['appt', 'delivery', 'event'])
        if k == 'appt':
            cv.A("Thanks. I have you down for an appointment on ", D(dz_date(st), 'date'), ' at ', D(dz_time(st), 'time'), ', does that still work?')
        elif k == 'delivery':
            cv.A("Great. The replacement should arrive ", D(dz_date(st), 'date'), '.')
        else:
            cv.A("Okay. And the event is on ", D(dz_date(st), 'date'), ', right?')
        it.tag('dis_date_' + k)


def call_address(cv):
    it, st = cv.it, cv.it.style
    a = new_address()
    vid = addr_value(it, a)
    cv.A(ch(["What's the service address?", 'And the mailing address?', 'Where should we ship it?',
             'Can you confirm the billing address?', 'And your current address?']))
    tail = addr_tail(a, st)
    if st == 'punct' and pr(.5):
        l1, u = addr_typed(a)
    else:
        l1, u = addr_spoken(a, st, it.tags)
    txt = l1 + (' ' + u if u else '')
    if u and pr(.3):
        inst = it.inst()
        cv.C(ch(['', "It's ", 'Um, ']), S(l1, vid, inst=inst, part='line1'), '.')
        cv.A(ch(['Is there an apartment or unit?', 'Any unit number?', 'Apartment?']))
        cv.C(ch(['Yeah, ', 'Yes, ', '']), *upiece(u, vid, inst), ', ', tail[1], '.')
        it.tag('addr_split_turns', 'addr_unit')
    else:
        cv.C(ch(['', "It's ", 'Um, ', 'Sure, ']), S(txt, vid), *tail, '.')
    it.tag('addr_' + a['kind'])
    if a['kind'] == 'us' and a['unit']:
        it.tag('addr_unit')
    r = R.random()
    if r < .25:
        cv.A('Oh, is that off ', D(ch(STREETS) + ' ' + ch(STYPES)[0], 'street'), '?')
        cv.C(ch(['Yeah, near there.', 'Kind of, yeah.']))
        it.tag('dis_street')
    elif r < .45:
        cv.A('We actually have a store in ', D(ch(NAMELIKE_CITIES), 'city'), ' if that\'s easier.')
        it.tag('dis_city_namelike')


def spoken_phone_groups(digits):
    if len(digits) == 10:
        return [digits[:3], digits[3:6], digits[6:]]
    return [digits]


def call_phone(cv, company=False):
    it, st = cv.it, cv.it.style
    if company:
        ph = new_us_phone(tollfree=True)
        vid = it.val('PHONE_NUMBER', '+1' + ph, country='US', cc='1', nsn=ph, owner='company')
        if st == 'punct' and pr(.5):
            t = ch(['1-%s-%s-%s' % (ph[:3], ph[3:6], ph[6:]), '%s-%s-%s' % (ph[:3], ph[3:6], ph[6:])])
        else:
            head = ch(['one ', '']) + UNIT[int(ph[0])] + ' ' + ('hundred' if ph[1:3] == '00' else say([ph[1:3]], st, 'single'))
            t = head + ' ' + say([ph[3:6], ph[6:]], st, ch(['single', 'mixed']))
            it.tag('phone_tollfree_hundred' if ph[1:3] == '00' else 'phone_tollfree')
        cv.A(ch(['If we get disconnected, our number is ', 'You can also call us back at ', 'The direct line for claims is ']), S(t, vid), '.')
        it.tag('phone_company')
        return
    cv.A(ch(["What's the best callback number?", 'And a good number to reach you?', 'Phone number on the account?',
             'Can I get a phone number in case we get cut off?']))
    if pr(.18):
        c, cc, nsn, groups, trunk = new_intl_phone()
        vid = it.val('PHONE_NUMBER', '+' + cc + nsn, country=c, cc=cc, nsn=nsn)
        if st == 'punct' and pr(.5):
            t = '+' + cc + ' ' + ' '.join(groups)
            cv.C(ch(["It's international, plus ", 'Sure, +', "It's +"]), S(t[1:], vid, part=cc + nsn), '.')
        else:
            t = 'plus ' + say([cc] + groups, st, ch(['single', 'mixed']))
            cv.C(ch(["It's ", 'Sure, ', 'Um, ']), S(t, vid, part=cc + nsn), '.')
        it.tag('phone_intl', 'phone_intl_' + c)
        return
    ph = new_us_phone()
    vid = it.val('PHONE_NUMBER', '+1' + ph, country='US', cc='1', nsn=ph)
    habit = ch(['single', 'single', 'mixed', 'pairs'] + (['num'] if st in ('punct', 'lower_num') else []))
    parts = []
    if pr(.25):
        parts += ['Area code ', S(say([ph[:3]], st, 'single'), vid, inst='PH', part=ph[:3]), ', then ',
                  S(say([ph[3:6], ph[6:]], st, habit), vid, inst='PH', part=ph[3:])]
        it.tag('phone_area_code_cue')
    else:
        parts += [ch(['', "It's ", 'Sure, ', 'Uh, ']), S(say(spoken_phone_groups(ph), st, habit, fillers=R.choice([0, 0, 1])), vid, part=ph)]
    if pr(.15):
        parts += [', extension ', N(say([drand(3)], st, 'single') if st != 'punct' else drand(3), 'extension')]
        it.tag('phone_extension')
    parts.append('.')
    inst = it.inst()
    parts = [S(p[1], p[2], p[3], inst, p[5]) if isinstance(p, tuple) and p[0] == 's' and p[4] == 'PH' else p for p in parts]
    if any(isinstance(p, tuple) and p[0] == 's' and p[4] == inst for p in parts):
        it.tag('phone_split_cue')
    cv.C(*parts)
    it.tag('phone_spoken')
    if pr(.25):
        cv.A(ch(['So ', 'Okay, ']), S(say(spoken_phone_groups(ph), st, 'single'), vid, 'readback', part=ph), '?')
        cv.C(ch(['Yep.', "That's it."]))
        it.tag('phone_readback')


# ---------------------------------------------------------------- e-mail, bank
EMAIL_FORBID = set(UNIT + TEEN + TENS + ['oh', 'o', 'at', 'dot', 'underscore', 'dash', 'hyphen', 'period', 'double',
                                          'triple', 'as', 'in', 'won', 'to', 'too', 'for', 'ate', 'and', 'hundred',
                                          'thousand', 'uh', 'um', 'er', 'plus', 'point', 'all', 'one', 'word'])


def make_email(p):
    f = ''.join(c for c in ascii_fold(p['first']).lower() if c.isalpha())
    l = ''.join(c for c in ascii_fold(p['last']).lower() if c.isalpha())
    dom = ch(DOMAINS)
    num = ch(['', '', str(R.randint(2, 99)), str(R.randint(1970, 2005)), drand(3)])
    pat = ch(['f.l', 'fl', 'f_l', 'fl_', 'f.l.n', 'xl', 'f-l', 'fx'])
    if pat == 'f.l':
        chunks = [('w', f), ('s', '.'), ('w', l)]
    elif pat == 'fl':
        chunks = [('w', f + l)]
    elif pat == 'f_l':
        chunks = [('w', f), ('s', '_'), ('w', l)]
    elif pat == 'fl_':
        chunks = [('w', f[0] + l)]
    elif pat == 'f.l.n':
        chunks = [('w', f), ('s', '.'), ('w', l[0])]
    elif pat == 'xl':
        chunks = [('w', ch(['the', 'mrs', 'its', 'hello', 'real', 'just'])), ('w', l)]
        chunks = [('w', chunks[0][1] + l)]
    elif pat == 'f-l':
        chunks = [('w', f), ('s', '-'), ('w', l)]
    else:
        chunks = [('w', f + ch(['bee', 'cat', 'fox', 'runs', 'jams', 'art']))]
    if num:
        chunks.append(('d', num))
    chunks.append(('s', '@'))
    for i, part in enumerate(dom.split('.')):
        if i:
            chunks.append(('s', '.'))
        chunks.append(('w', part))
    email = ''.join(t for _, t in chunks)
    return email, chunks


def spell_word(w, st, phon=.15):
    out, i = [], 0
    while i < len(w):
        if i + 1 < len(w) and w[i] == w[i + 1] and pr(.5):
            out.append('double ' + w[i])
            i += 2
            continue
        out.append(w[i] + ' as in ' + PHONETIC[w[i]] if pr(phon) else w[i])
        i += 1
    return (', ' if st == 'punct' and pr(.3) else ' ').join(out)


def say_email(chunks, st, tags, spell=None):
    words = []
    local = True
    for k, t in chunks:
        if k == 's':
            if t == '@':
                local = False
                words.append('at')
            elif t == '.':
                words.append('dot' if not local or pr(.8) else 'period')
            elif t == '_':
                words.append('underscore')
                tags.add('email_underscore')
            else:
                words.append(ch(['dash', 'hyphen']))
                tags.add('email_dash')
        elif k == 'd':
            if pr(.5) and len(t) in (2, 4):
                words.append(say([t], 'lower', 'pairs', zero='zero'))
            else:
                words.append(say([t], 'lower', 'single', zero='zero'))
        else:
            sp = spell if spell is not None else pr(.45)
            if local and (sp or t in EMAIL_FORBID or len(t) < 3):
                words.append(spell_word(t, st))
                tags.add('email_spelled_letters')
            else:
                words.append(t)
    if any(' as in ' in w for w in words):
        tags.add('email_phonetic')
    return ' '.join(words)


def typed_email(email, tags):
    r = R.random()
    if r < .55:
        return email
    loc, dom = email.split('@')
    if r < .65:
        tags.add('email_obf_brackets')
        return loc + ' [at] ' + dom.replace('.', ' [dot] ')
    if r < .73:
        tags.add('email_obf_parens')
        return loc + '(at)' + dom.replace('.', '(dot)')
    if r < .82:
        tags.add('email_obf_words')
        return loc + ' at ' + dom.replace('.', ' dot ')
    if r < .9:
        tags.add('email_mixed_case')
        return loc.capitalize() + '@' + dom[0].upper() + dom[1:]
    tags.add('email_obf_spaces')
    return loc + ' @ ' + dom


def call_email(cv):
    it, st = cv.it, cv.it.style
    p = cv.ppl['C']
    email, chunks = make_email(p)
    vid = it.val('EMAIL_ADDRESS', email)
    cv.A(ch(['What email should we send the receipt to?', 'And an email address for the confirmation?',
             'Can I get an email on file?', "What's a good email for you?"]))
    if pr(.25):
        at = [i for i, c in enumerate(chunks) if c == ('s', '@')][0]
        inst = it.inst()
        cv.C(ch(["It's ", 'Okay so ', '']), S(say_email(chunks[:at], st, it.tags), vid, inst=inst, part=''.join(t for _, t in chunks[:at])), '...')
        cv.A(ch(['Mm-hm.', 'Okay.', 'Go on.']))
        cv.C(S(say_email(chunks[at:], st, it.tags), vid, inst=inst, part=''.join(t for _, t in chunks[at:])), '.')
        it.tag('email_split_turns')
    else:
        cv.C(ch(["It's ", 'Sure, ', 'Um, ', 'Yeah, ']), S(say_email(chunks, st, it.tags), vid), '.')
        it.tag('email_spoken')
    if pr(.3):
        cv.A(ch(['So that\'s ', 'Let me read it back, ']), S(say_email(chunks, st, set(), spell=False), vid, 'readback'), '?')
        cv.C(ch(['Yes.', "That's right."]))
        it.tag('email_readback')


def call_bank(cv):
    it, st = cv.it, cv.it.style
    rt, ac = new_routing(), new_account()
    rv = it.val('BANK_ACCOUNT', rt, subtype='routing')
    av = it.val('BANK_ACCOUNT', ac, subtype='account')
    habit = ch(['single', 'single', 'mixed', 'pairs'] + (['num'] if st in ('punct', 'lower_num') else []))
    cv.A(ch(["For autopay I'll need your routing number and account number.", 'To set up the direct deposit, what are the routing and account numbers?',
             "Okay, let's do the bank draft. Routing number first?"]))
    cv.C(ch(['Routing is ', 'Okay, the routing number is ', "Um, routing, it's "]), S(say([rt[:3], rt[3:6], rt[6:]], st, habit), rv), '.')
    cv.A(ch(BACKCH))
    if pr(.2):
        cv.C(ch(['And the check number on this one is ']), D(spell_digits(drand(4), st) if st != 'punct' else drand(4), 'check_no'), ', does that matter?')
        cv.A("No, just the account number.")
        it.tag('dis_check_no')
    gs = [ac[i:i + 4] for i in range(0, len(ac), 4)]
    if pr(.25):
        inst = it.inst()
        pcs = partition(gs, 2)
        cv.C('Account is ', S(say(pcs[0], st, habit), av, inst=inst, part=''.join(pcs[0])), '...')
        cv.A(ch(BACKCH))
        cv.C(S(say(pcs[1], st, habit), av, inst=inst, part=''.join(pcs[1])), '.')
        it.tag('acct_split_turns')
    else:
        cv.C(ch(['And the account is ', 'Account number ', 'Then the account, ']), S(say(gs, st, habit, fillers=R.choice([0, 1])), av), '.')
    if pr(.25):
        cv.A('Reading back, routing ', S(say([rt], st, 'single'), rv, 'readback'), ', account ', S(say(gs, st, 'single'), av, 'readback'), '?')
        cv.C('Yes.')
        it.tag('bank_readback')
    it.tag('bank_routing_spoken', 'bank_account_spoken')


def say_iban(iban, st, tags):
    groups = [iban[i:i + 4] for i in range(0, len(iban), 4)]
    out = []
    for g in groups:
        ws = []
        for c in g:
            if c.isalpha():
                ws.append(c.lower() + ' as in ' + PHONETIC[c.lower()] if pr(.2) else c.lower())
            else:
                ws.append(UNIT[int(c)] if c != '0' else ch(['zero', 'oh']))
        out.append(' '.join(ws))
    if any(' as in ' in w for w in out):
        tags.add('iban_phonetic')
    return (', ' if st == 'punct' else ' ').join(out)


def call_iban(cv):
    it, st = cv.it, cv.it.style
    ib = new_iban()
    vid = it.val('BANK_ACCOUNT', ib, subtype='iban', country=ib[:2])
    cv.A(ch(["For the international transfer I'll need the IBAN.", 'And the IBAN of the receiving account?',
             "What's the IBAN on your end?"]))
    t = say_iban(ib, st, it.tags)
    if st == 'upper':
        pass
    cv.C(ch(['Okay, ', "It's ", 'Sure, it starts ']), S(t, vid), '.')
    it.tag('iban_spoken', 'iban_' + ib[:2])
    if pr(.3):
        cv.A('And the SWIFT code?')
        cv.C(N(ch(['NWBKGB2L', 'DEUTDEFF', 'BNPAFRPP', 'INGBNL2A', 'BOFIIE2D']), 'bic'), '.')
        it.tag('neutral_bic')


# ---------------------------------------------------------------- call items
def make_call(it, payment, nopii=False):
    st = wch([('lower', 30), ('punct', 35), ('upper', 12), ('lower_num', 23)])
    it.style = st
    it.tag('style_' + st)
    scheme = wch(CALL_SCHEMES)
    if nopii and scheme == 'names':
        scheme = 'spk'
    it.tag('label_' + scheme)
    agent, caller = person(), person()
    cv = Conv(it, scheme, agent, caller)
    co = ch(COMPANIES)
    opener(cv, co, nopii)
    caller_intro(cv, nopii)
    if nopii:
        call_nopii_body(cv)
        closing(cv, True)
        it.tag('no_pii')
        return
    mods = []
    if payment:
        mods.append('pay')
        if pr(.4):
            mods.append(ch(['addr', 'phone', 'email', 'phone', 'email', 'dob', 'ssn']))
    else:
        mods += R.sample(['ssn', 'dob', 'addr', 'phone', 'email', 'bank', 'iban', 'phone', 'email', 'dob', 'ssn', 'bank', 'phone', 'dob', 'ssn'], R.randint(1, 3))
    if pr(.25):
        mods.insert(0, ch(['dob', 'ssn', 'addr', 'phone']))
    seen = []
    for m in mods:
        if m in seen and m != 'phone':
            continue
        seen.append(m)
        if pr(.18):
            nameword_aside(cv)
        if m == 'pay':
            cvid, num, brand = call_payment(cv)
            if pr(.07):
                cv.A(ch(["Hmm, that one was declined. Do you have another card?", "It's not going through, is there another card we can try?"]))
                cv.C(ch(['Ugh. Okay, try this one.', 'Seriously? Fine, use my other one.']))
                it.tag('second_card_after_decline')
                cvid, num, brand = call_payment(cv, second=True)
            call_after_payment(cv, num)
        elif m == 'ssn':
            call_ssn(cv)
        elif m == 'dob':
            call_dob(cv)
        elif m == 'addr':
            call_address(cv)
        elif m == 'phone':
            call_phone(cv, company=pr(.25))
        elif m == 'email':
            call_email(cv)
        elif m == 'bank':
            call_bank(cv)
        elif m == 'iban':
            call_iban(cv)
    closing(cv)


def call_nopii_body(cv):
    it, st = cv.it, cv.it.style
    cv.A(ch(['Sure, do you have the order number?', 'Okay, can I get the order number?']))
    cv.C(ch(['Yeah, ', "It's ", 'Uh, ']), D(dz_order(st), 'order'), '.')
    cv.A('Okay, I see ', D(dz_qty(st), 'qty'), ' items shipped on ', D(dz_date(st), 'date'), ', total ', D(dz_amount(st), 'price'), '.')
    it.tag('dis_order', 'dis_qty', 'dis_date_delivery', 'dis_amount')
    if pr(.5):
        cv.C('Is that the ', D(ch(PRODUCTS), 'product'), '?')
        cv.A("Yes. It's coming from our ", D(ch(NAMELIKE_CITIES), 'city'), ' warehouse, it should be there by ', D(dz_time(st), 'time'), '.')
        it.tag('dis_product', 'dis_city_namelike', 'dis_time')
    if pr(.5):
        cv.A('Your case number is ', D(dz_conf(st), 'case'), ' and the tracking number is ', D(dz_ref16(st), 'ref16'), '.')
        it.tag('dis_case', 'dis_ref16')
    if pr(.4):
        nameword_aside(cv)
    if pr(.4):
        cv.A('You can also reach me at extension ', D(dz_ext(st), 'agent_ext'), ', we\'re open till ', D(dz_time(st), 'time'), ' on ', D(ch(WEEKDAYS), 'weekday'), '.')
        it.tag('dis_agent_ext', 'dis_weekday')


# ---------------------------------------------------------------- typed renderers (chat / sms / form)
FW = str.maketrans('0123456789', '０１２３４５６７８９')


def typed_card(num, brand, tags):
    g = [4, 6, 5] if brand == 'amex' else [4, 4, 4, 4]
    r = wch([('space', 40), ('dash', 15), ('compact', 18), ('nbsp', 5), ('fullwidth', 3), ('irregular', 7),
             ('dots', 4), ('dblspace', 4), ('slash', 4)])
    tags.add('card_typed_' + r)
    if r == 'space':
        return typed_groups(num, g, ' ')
    if r == 'dash':
        return typed_groups(num, g, '-')
    if r == 'compact':
        return num
    if r == 'nbsp':
        return typed_groups(num, g, '\u00a0')
    if r == 'fullwidth':
        return typed_groups(num, g, ' ').translate(FW)
    if r == 'irregular':
        k = R.randint(5, len(num) - 5)
        return num[:k] + ' ' + num[k:]
    if r == 'dots':
        return typed_groups(num, g, '.')
    if r == 'dblspace':
        return typed_groups(num, g, '  ')
    return typed_groups(num, g, ' / ')


def typed_exp(m, y, tags):
    f = wch([('mm/yy', 35), ('m/yy', 10), ('mm/yyyy', 12), ('mmyy', 10), ('mm-yy', 8), ('mon yyyy', 10),
             ('mon/yy', 5), ('mm / yy', 5), ('month yy', 5)])
    tags.add('exp_typed_' + f.replace(' ', '_').replace('/', 'sl'))
    yy = y % 100
    return {'mm/yy': '%02d/%02d' % (m, yy), 'm/yy': '%d/%02d' % (m, yy), 'mm/yyyy': '%02d/%d' % (m, y),
            'mmyy': '%02d%02d' % (m, yy), 'mm-yy': '%02d-%02d' % (m, yy), 'mon yyyy': MON3[m - 1] + ' %d' % y,
            'mon/yy': MON3[m - 1] + '/%02d' % yy, 'mm / yy': '%02d / %02d' % (m, yy),
            'month yy': MONTHS[m - 1] + " '%02d" % yy}[f]


def typed_phone(ph, tags):
    f = wch([('paren', 25), ('dash', 25), ('dots', 12), ('plain', 10), ('plus1', 15), ('spaces', 8), ('one_dash', 5)])
    tags.add('phone_typed_' + f)
    a, b, c = ph[:3], ph[3:6], ph[6:]
    return {'paren': '(%s) %s-%s' % (a, b, c), 'dash': '%s-%s-%s' % (a, b, c), 'dots': '%s.%s.%s' % (a, b, c),
            'plain': ph, 'plus1': '+1 %s %s %s' % (a, b, c), 'spaces': '%s %s %s' % (a, b, c),
            'one_dash': '1-%s-%s-%s' % (a, b, c)}[f]


KEYPAD = {c: str(d) for d, ls in ((2, 'ABC'), (3, 'DEF'), (4, 'GHI'), (5, 'JKL'), (6, 'MNO'), (7, 'PQRS'), (8, 'TUV'), (9, 'WXYZ')) for c in ls}
VANITY = ['FLOWERS', 'PETCARE', 'GETWREN', 'BAKERYS', 'CALLNOW', 'MYTRIPS', 'SOLARGO']


def upiece(u, vid, inst):
    lead, body = lead_split(u)
    return [lead, S(body, vid, inst=inst, part='unit')]


def lead_split(t):
    i = 0
    while i < len(t) and not t[i].isalnum():
        i += 1
    return t[:i], t[i:]


def typed_ssn(ssn, tags):
    f = wch([('dash', 55), ('space', 15), ('plain', 20), ('dots', 5), ('spaced_dash', 5)])
    tags.add('ssn_typed_' + f)
    a, b, c = ssn[:3], ssn[3:5], ssn[5:]
    return {'dash': '%s-%s-%s' % (a, b, c), 'space': '%s %s %s' % (a, b, c), 'plain': ssn,
            'dots': '%s.%s.%s' % (a, b, c), 'spaced_dash': '%s - %s - %s' % (a, b, c)}[f]


def typed_iban(ib, tags):
    f = ch(['compact', 'grouped', 'grouped', 'lower', 'dashed'])
    tags.add('iban_typed_' + f)
    g = ' '.join(ib[i:i + 4] for i in range(0, len(ib), 4))
    return {'compact': ib, 'grouped': g, 'lower': g.lower(), 'dashed': g.replace(' ', '-')}[f]


class Chat:
    SCHEMES = [('time_name', 4), ('role', 18), ('company', 14), ('iso', 12), ('username', 12), ('names_full', 3),
               ('plain_dash', 6), ('json', 6)]

    def __init__(self, it, agent, cust, co, nopii=False):
        self.it, self.ppl, self.co = it, {'A': agent, 'C': cust}, co
        sc = wch(self.SCHEMES)
        if nopii and sc in ('time_name', 'names_full'):
            sc = 'role'
        self.sc = sc
        it.tag('chat_' + sc)
        self.h, self.m = R.randint(8, 21), R.randint(0, 59)
        self.user = ascii_fold(cust['first']).lower().replace("'", '').replace('-', '') + ch(['_', '.', '']) + str(R.randint(1, 99))
        self.vis = str(R.randint(10000, 99999))

    def tick(self):
        self.m += R.randint(0, 2)
        if self.m > 59:
            self.m -= 60
            self.h += 1
        return '%02d:%02d' % (self.h % 24, self.m)

    def say(self, who, *parts):
        it, sc = self.it, self.sc
        lab = []
        if sc == 'time_name':
            lab = ['[', D(self.tick(), 'timestamp'), '] ', pname(it, self.ppl[who], 'first', 'speaker_label'), ': ']
        elif sc == 'role':
            lab = [{'A': 'Agent', 'C': 'You'}[who] + ': ']
        elif sc == 'company':
            lab = [D(self.co, 'business'), ' Support: '] if who == 'A' else ['Visitor ', D(self.vis, 'visitor_id'), ': ']
        elif sc == 'iso':
            lab = [D('2025-%02d-%02dT%s:%02dZ' % (R.randint(1, 12), R.randint(1, 28), self.tick(), R.randint(0, 59)), 'timestamp'),
                   ' ' + {'A': 'agent', 'C': 'customer'}[who] + ': ']
        elif sc == 'username':
            lab = [N(self.user, 'username'), ': '] if who == 'C' else ['support_bot: ' if pr(.1) else 'Support: ']
        elif sc == 'names_full':
            lab = [pname(it, self.ppl[who], 'full', 'speaker_label'), ' (', self.tick(), '): ']
        elif sc == 'plain_dash':
            lab = ['> ' if who == 'C' else '< ']
        else:
            lab = ['{"from": "' + {'A': 'agent', 'C': 'user'}[who] + '", "msg": "']
            it.line(lab, *parts, '"}')
            return
        it.line(lab, *parts)

    def A(self, *p):
        self.say('A', *p)

    def C(self, *p):
        self.say('C', *p)


EMOJI = ['🙂', '👍', '🙏', '😅', '💳', '✅', '😬', '🤞']


def chat_payment(ct):
    it = ct.it
    cvid, num, brand = card_val(it)
    it.tag('pay', 'card_' + brand)
    evid, m, y = exp_val(it, cvid)
    kvid, code = cvv_val(it, cvid, brand)
    r = R.random()
    if r < .4:
        ct.A(ch(['Could you please provide the card number?', "To finish the order I'll need the card number.",
                 'Please type the long number on the front of your card.', 'Which card should I charge? Full number please.']))
    elif r < .7:
        ct.A('Your total is ', D(dz_amount('typed'), 'price'), ' for order ', D(dz_order('typed'), 'order'), '. How would you like to pay?')
        ct.C(ch(['card', 'credit card pls', 'Visa', 'my debit card']))
        ct.A(ch(['Sure, go ahead with the number.', 'Okay, card number?']))
        it.tag('dis_amount', 'dis_order')
    else:
        it.tag('card_volunteered')
    mode = wch([('one', 45), ('split', 20), ('typo', 15), ('allin', 20)])
    if mode == 'one':
        ct.C(ch(['', 'sure: ', 'ok ', 'its ', 'here u go ', 'Card: ']), S(typed_card(num, brand, it.tags), cvid), ch(['', ' ' + ch(EMOJI), '']))
    elif mode == 'split':
        k = 8 if brand != 'amex' else 10
        inst = it.inst()
        ct.C(S(num[:4] + ' ' + num[4:k] if k == 8 else num[:4] + ' ' + num[4:10], cvid, inst=inst, part=num[:k]))
        ct.C(S(typed_groups(num[k:], [4, 4] if k == 8 else [5], ' '), cvid, inst=inst, part=num[k:]))
        it.tag('card_split_messages')
    elif mode == 'typo':
        i = R.randrange(12, len(num))
        wrong = num[:i] + str((int(num[i]) + R.randint(1, 9)) % 10) + num[i + 1:]
        ct.C(S(typed_card(wrong, brand, it.tags), cvid, 'false_start', part=wrong))
        last = num[-4:]
        ct.C(ch(['sorry typo, last four are ', 'oops ends in ', 'wait last group is ']), S(last, cvid, 'correction', part=last))
        it.tag('card_typo_correction')
    else:
        ct.C(S(typed_card(num, brand, it.tags), cvid), ch([' ', ', ', ' exp ']), S(typed_exp(m, y, it.tags), evid),
             ch([' ', ' cvv ', ', ', ' code ']), S(code, kvid))
        it.tag('card_exp_cvv_one_message')
        chat_after(ct, num)
        return
    if pr(.6):
        ct.A(ch(['And the expiry?', 'Expiration date (MM/YY)?', 'exp date?', 'Thanks! And when does it expire?']))
    ct.C(ch(['', 'exp ', 'its ', 'expires ', 'good thru ']), S(typed_exp(m, y, it.tags), evid))
    if brand == 'amex':
        ct.A('And the 4-digit CID on the front?')
        it.tag('cvv_amex_cid_front')
    else:
        ct.A(ch(['And the CVV?', 'cvc please', 'Last thing: the 3 digits on the back.', 'Security code?', 'And the code on the back?']))
    ct.C(ch(['', '', 'cvc ', 'sec code ', "it's "]), S(code, kvid))
    chat_after(ct, num)


def chat_after(ct, num):
    it = ct.it
    r = R.random()
    if r < .4:
        ct.A('Thanks! Card ending ', D(num[-4:], 'card_last4'), ' has been charged ', D(dz_amount('typed'), 'price'), '. Confirmation ', D(dz_conf('typed'), 'confirmation'), '.')
        it.tag('dis_card_last4', 'dis_confirmation', 'dis_amount')
    elif r < .65:
        ct.A('Done ✅ Your reference number is ', D(dz_ref16('typed'), 'ref16'), '.')
        it.tag('dis_ref16')
    elif r < .8:
        ct.A('All set. It will ship ', D(dz_date('typed'), 'date'), ', usually before ', D(dz_time('typed'), 'time'), '.')
        it.tag('dis_date_delivery', 'dis_time')


def chat_module(ct, m):
    it = ct.it
    p = ct.ppl['C']
    if m == 'email':
        email, _ = make_email(p)
        vid = it.val('EMAIL_ADDRESS', email)
        ct.A(ch(["What's the best email for the receipt?", 'Can you confirm your email?', 'Email address on the account?']))
        ct.C(ch(['', 'its ', 'sure, ', 'use ']), S(typed_email(email, it.tags), vid))
        it.tag('email_typed')
    elif m == 'phone':
        ph = new_us_phone()
        vid = it.val('PHONE_NUMBER', '+1' + ph, country='US', cc='1', nsn=ph)
        ct.A(ch(['What number can we text updates to?', 'Best phone number?', 'Could you share a callback number?']))
        lead, body = lead_split(typed_phone(ph, it.tags))
        ct.C(ch(['', 'cell is ', "it's ", 'call me at ']), lead, S(body, vid))
        if pr(.15):
            c, cc, nsn, groups, trunk = new_intl_phone()
            v2 = it.val('PHONE_NUMBER', '+' + cc + nsn, country=c, cc=cc, nsn=nsn)
            t = ch(['+' + cc + ' ' + ' '.join(groups), '00' + cc + ' ' + ' '.join(groups)] + (['0' + ' '.join(groups)] if trunk else []))
            lead = '+' if t.startswith('+') else ''
            ct.C('or when I\'m abroad ', lead, S(t[len(lead):], v2))
            it.tag('phone_intl', 'phone_intl_' + c, 'phone_second')
    elif m == 'addr':
        a = new_address()
        vid = addr_value(it, a)
        l1, u = addr_typed(a)
        ct.A(ch(['What address should we ship to?', 'Can you confirm the service address?', 'And the billing address?']))
        if u and pr(.4):
            inst = it.inst()
            ct.C(S(l1, vid, inst=inst, part='line1'))
            ct.C(*upiece(u, vid, inst), *addr_tail(a, 'typed'))
            it.tag('addr_split_messages')
        else:
            ct.C(ch(['', 'ship to ', "it's "]), S(l1 + ((ch([' ', ', ']) + u) if u else ''), vid), *addr_tail(a, 'typed'))
        it.tag('addr_typed', 'addr_' + a['kind'])
        if pr(.3):
            ct.A('Thanks! Is that near ', D(ch(STREETS) + ' ' + ch(STYPES)[0], 'street'), '? Our courier asked.')
            it.tag('dis_street')
    elif m == 'ssn':
        ssn = new_ssn()
        vid = it.val('SSN', '%s-%s-%s' % (ssn[:3], ssn[3:5], ssn[5:]))
        if pr(.4):
            ct.A(ch(['For verification, last 4 of your SSN?', 'Please confirm the last four digits of your social.']))
            ct.C(ch(['', 'its ', 'last 4: ']), S(ssn[5:], vid, 'last4', part=ssn[5:]))
            it.tag('ssn_last4')
        else:
            ct.A(ch(['I need the SSN of the applicant to run the check.', 'Can you provide your Social Security number?', "What's the ssn?"]))
            ct.C(ch(['', 'ssn# ', 'ok ', 'social is ']), S(typed_ssn(ssn, it.tags), vid))
            it.tag('ssn_typed')
    elif m == 'dob':
        y, mo, d = new_dob()
        t, f = dob_typed(y, mo, d)
        vid = it.val('DATE_OF_BIRTH', '%d-%02d-%02d' % (y, mo, d), year=y, month=mo, day=d, fmt=f)
        ct.A(ch(['And your date of birth?', 'DOB please?', 'Can you confirm your birthday?']))
        ct.C(ch(['', 'dob ', 'born ', "it's "]), S(t, vid))
        it.tag('dob_typed_' + f)
        if pr(.4):
            ct.A('Great, your appointment is confirmed for ', D(dz_date('typed'), 'date'), ' at ', D(dz_time('typed'), 'time'), '.')
            it.tag('dis_date_appt')
    elif m == 'bank':
        if pr(.35):
            ib = new_iban()
            vid = it.val('BANK_ACCOUNT', ib, subtype='iban', country=ib[:2])
            ct.A('Please share the IBAN for the refund.')
            ct.C(ch(['', 'IBAN: ', 'sure ']), S(typed_iban(ib, it.tags), vid))
            it.tag('iban_typed', 'iban_' + ib[:2])
        else:
            rt, ac = new_routing(), new_account()
            rv = it.val('BANK_ACCOUNT', rt, subtype='routing')
            av = it.val('BANK_ACCOUNT', ac, subtype='account')
            ct.A(ch(['For direct deposit please send routing + account number.', "What's the routing and account number for the refund?"]))
            if pr(.5):
                ct.C(ch(['routing ', 'rtn ', 'ABA ']), S(rt, rv), ch([' acct ', ', account ', ' / acct# ']), S(ac, av))
            else:
                ct.C(ch(['routing: ', 'routing # ']), S(rt, rv))
                ct.C(ch(['account: ', 'checking acct ']), S(ac, av))
            it.tag('bank_typed')
            if pr(.3):
                ct.A('Got it, account ending ', D(ac[-4:], 'acct_last4'), ' will be credited.')
                it.tag('dis_acct_last4')


def make_chat(it, payment, nopii=False):
    agent, cust = person(), person()
    co = ch(COMPANIES)
    ct = Chat(it, agent, cust, co, nopii)
    if nopii:
        ct.A(ch(['Hi there! How can I help?', 'Hello!', 'Hi, thanks for reaching out.']))
        ct.C(ch(['where is my order ', 'hi, my package says delivered but its not here. order ', 'need to change delivery for order ']), D(dz_order('typed'), 'order'))
        ct.A('Let me check... it shipped from ', D(ch(NAMELIKE_CITIES), 'city'), ' on ', D(dz_date('typed'), 'date'), ', ', D(dz_qty('typed'), 'qty'), ' items, tracking ', D(dz_ref16('typed'), 'ref16'), '.')
        ct.C('ok is that the ', D(ch(PRODUCTS), 'product'), '? it was ', D(dz_amount('typed'), 'price'))
        ct.A('Yes! Expected by ', D(dz_time('typed'), 'time'), ' ', D(ch(WEEKDAYS), 'weekday'), '. Ticket ', D(dz_conf('typed'), 'ticket'), '.')
        it.tag('no_pii', 'dis_order', 'dis_city_namelike', 'dis_date_delivery', 'dis_ref16', 'dis_product', 'dis_amount', 'dis_time', 'dis_weekday')
        if pr(.5):
            ct.C('I ', D('hope', 'nameword'), ' so, the ', D('summer', 'nameword'), ' sale ends soon')
            it.tag('dis_nameword')
        return
    r = R.random()
    if r < .35:
        ct.A('Hi, this is ', pname(it, agent, 'first'), ' with ', D(co, 'business'), '. How can I help?')
        it.tag('name_agent_intro')
    elif r < .6:
        ct.A("Thanks for contacting ", D(co, 'business'), "! You're chatting with ", pname(it, agent, ch(['first', 'full'])), '.')
        it.tag('name_agent_intro')
    else:
        ct.A(ch(['Hello! How can I help today?', 'Hi there 👋 what can I do for you?']))
    r = R.random()
    if r < .35:
        ct.C(ch(['hi ', 'Hey ', 'Hi ']), pname(it, agent, 'first') if 'vid' in agent else '', ch([', ', ' ']) if 'vid' in agent else '', "it's ", pname(it, cust, ch(['full', 'first'])), ch([' ', ', ']), ch(['i need to update my card', 'question about my bill', 'want to pay my balance']))
        it.tag('name_self_intro')
    elif r < .6:
        ct.C(ch(['hello, I need to make a payment', 'hi can i update my info', 'hey my payment failed']))
        ct.A(ch(['Sure! May I have your full name?', 'Happy to help. Name on the account?']))
        ct.C(pname(it, cust, 'full'))
        it.tag('name_asked')
    elif r < .8:
        ct.C(ch(['hi there', 'hello', 'hey, quick question']))
        ct.A('Hi! Who am I chatting with?')
        ct.C(ch(["it's ", '', 'this is ']), pname(it, cust, 'first'), ' ', pname(it, cust, 'last'))
        it.tag('name_first_last_separate')
    else:
        ct.C(ch(['Good morning, ', 'Hi, ']), ch(['I need to pay', 'payment question']), ' - ', pname(it, cust, 'full'), ' (account holder)')
        it.tag('name_parenthetical')
    mods = ['pay'] if payment else []
    mods += R.sample(['email', 'phone', 'addr', 'ssn', 'dob', 'bank', 'phone', 'email', 'dob'], R.randint(0, 1) if payment else R.randint(1, 2))
    for m in mods:
        if m == 'pay':
            chat_payment(ct)
        else:
            chat_module(ct, m)
    r = R.random()
    if r < .4:
        ct.C(ch(['thanks ', 'thank you ', 'ty ']), pname(it, agent, 'first'), ch(['!', '', ' 🙏']))
        it.tag('name_thanks')
    elif r < .7:
        ct.A(ch(['Have a great day, ', 'Thanks for chatting, ', 'Take care, ']), pname(it, cust, 'first'), '!')
        it.tag('name_signoff')


# ---------------------------------------------------------------- SMS
REL = ['Mom', 'Dad', 'Sis', 'Babe', 'Grandma', 'Uncle J', 'Landlord', 'Roomie']


def make_sms(it, nopii=False):
    sc = wch([('single', 30), ('me_rel', 25), ('names', 20), ('bracket', 15), ('sender_phone', 10)])
    if nopii and sc in ('names', 'sender_phone'):
        sc = 'single'
    it.tag('sms_' + sc)
    a, b = person(), person()
    rel = ch(REL)
    ph_sender = None
    if sc == 'sender_phone':
        ph = new_us_phone()
        ph_sender = (it.val('PHONE_NUMBER', '+1' + ph, country='US', cc='1', nsn=ph, owner='sender'), ph)
        it.tag('phone_sender_label')
    tm = [R.randint(1, 12), R.randint(0, 59)]

    def lab(who):
        if sc == 'single':
            return []
        if sc == 'me_rel':
            return [('Me' if who == 'a' else rel) + ': ']
        if sc == 'names':
            return [pname(it, a if who == 'a' else b, 'first', 'speaker_label'), ': ']
        if sc == 'bracket':
            tm[1] += R.randint(1, 9)
            if tm[1] > 59:
                tm[0], tm[1] = tm[0] % 12 + 1, tm[1] - 60
            return ['[', D('%d/%d %d:%02d PM' % (R.randint(1, 12), R.randint(1, 28), tm[0], tm[1]), 'timestamp'), '] ',
                    'Me' if who == 'a' else rel, ': ']
        if who == 'a':
            return ['Me: ']
        return [S(typed_phone_label(ph_sender[1]), ph_sender[0], 'speaker_label', part=ph_sender[1]), ': ']

    def msg(who, *parts):
        it.line(lab(who), *parts)

    if nopii:
        r = R.random()
        if r < .35:
            msg('b', D(ch(COMPANIES), 'business'), ': your code is ', D(drand(6), 'otp'), '. Do not share it. Expires in ', D(str(R.randint(5, 15)), 'qty'), ' min.')
            it.tag('dis_otp')
        elif r < .7:
            msg('b', 'Reminder: appt at ', D(ch(COMPANIES), 'business'), ' on ', D(dz_date('typed'), 'date'), ' at ', D(dz_time('typed'), 'time'), '. Reply C to confirm.')
            it.tag('dis_date_appt', 'dis_time')
        else:
            msg('b', 'Your order ', D(dz_order('typed'), 'order'), ' (', D(dz_qty('typed'), 'qty'), ' items, ', D(dz_amount('typed'), 'price'), ') arrives ', D(ch(WEEKDAYS), 'weekday'), '. Track: ', D(dz_ref16('typed'), 'ref16'))
            it.tag('dis_order', 'dis_qty', 'dis_amount', 'dis_weekday', 'dis_ref16')
        if sc != 'single':
            msg('a', ch(['ok thx', 'k', 'will do 👍', 'got it']))
        it.tag('no_pii')
        return
    topic = wch([('card', 30), ('addr', 16), ('dob', 10), ('ssn', 10), ('email', 10), ('bank', 12), ('phone', 12)])
    it.tag('sms_topic_' + topic)
    if sc == 'single':
        # one message, signed
        parts = []
        if topic == 'card':
            cvid, num, brand = card_val(it)
            evid, m, y = exp_val(it, cvid)
            kvid, code = cvv_val(it, cvid, brand)
            parts = [ch(['use my card for the tickets: ', 'card for the deposit ', 'here: ']), S(typed_card(num, brand, it.tags), cvid), ' ',
                     ch(['exp ', '', 'exp. ']), S(typed_exp(m, y, it.tags), evid), ch([' cvv ', ' code ', ' back ']), S(code, kvid)]
            it.tag('pay', 'card_' + brand)
        elif topic == 'addr':
            ad = new_address()
            vid = addr_value(it, ad)
            l1, u = addr_typed(ad)
            parts = [ch(['new address: ', 'send it to ', 'moved! now at ']), S(l1 + (' ' + u if u else ''), vid)] + addr_tail(ad, 'typed')
            it.tag('addr_typed', 'addr_' + ad['kind'])
        elif topic == 'phone':
            ph = new_us_phone()
            vid = it.val('PHONE_NUMBER', '+1' + ph, country='US', cc='1', nsn=ph)
            lead, body = lead_split(typed_phone(ph, it.tags))
            parts = [ch(['new number, save it: ', 'this is my work cell ', 'text me here instead ']), lead, S(body, vid)]
        elif topic == 'email':
            email, _ = make_email(a)
            vid = it.val('EMAIL_ADDRESS', email)
            parts = [ch(['send the pics to ', 'my new email is ', 'use ']), S(typed_email(email, it.tags), vid), ch([' not the old one', '', ' thx'])]
            it.tag('email_typed')
        elif topic == 'dob':
            y, m, d = new_dob()
            t, f = dob_typed(y, m, d)
            vid = it.val('DATE_OF_BIRTH', '%d-%02d-%02d' % (y, m, d), year=y, month=m, day=d, fmt=f)
            parts = ['for the insurance form my dob is ', S(t, vid), ', appt is ', D(dz_date('typed'), 'date')]
            it.tag('dob_typed_' + f, 'dis_date_appt')
        elif topic == 'ssn':
            ssn = new_ssn()
            vid = it.val('SSN', '%s-%s-%s' % (ssn[:3], ssn[3:5], ssn[5:]))
            parts = [ch(['for the lease app, my ssn is ', 'social: ', 'ss# ']), S(typed_ssn(ssn, it.tags), vid), ' delete this after pls']
            it.tag('ssn_typed')
        else:
            rt, ac = new_routing(), new_account()
            rv = it.val('BANK_ACCOUNT', rt, subtype='routing')
            av = it.val('BANK_ACCOUNT', ac, subtype='account')
            parts = ['rent goes to routing ', S(rt, rv), ' acct ', S(ac, av), ', ', D(dz_amount('typed'), 'price'), ' by the 1st']
            it.tag('bank_typed', 'dis_amount')
        sign = pr(.7)
        if sign:
            parts += [ch([' - ', ' -', '. ', ' ~']), pname(it, a, ch(['first', 'first', 'full']))]
            it.tag('name_sms_signoff')
        msg('a', *parts)
        return
    # threads
    r = R.random()
    if r < .4:
        msg('b', ch(['hey ', 'Hi ', 'yo ']), pname(it, a, 'first'), ch([', ', '! ', ' ']), ch(['quick q', 'need something', 'can u help']))
        it.tag('name_sms_greeting')
    else:
        msg('b', ch(['hey quick q', 'u there?', 'need a favor']))
    if topic == 'card':
        msg('b', ch(['can u send me the card # for the flights', 'whats the card number again for the hotel', 'need ur card for the deposit']))
        cvid, num, brand = card_val(it)
        evid, m, y = exp_val(it, cvid)
        kvid, code = cvv_val(it, cvid, brand)
        if pr(.4):
            inst = it.inst()
            msg('a', S(num[:8], cvid, inst=inst, part=num[:8]))
            msg('a', S(num[8:], cvid, inst=inst, part=num[8:]))
            it.tag('card_split_messages')
        else:
            msg('a', S(typed_card(num, brand, it.tags), cvid))
        msg('b', ch(['exp?', 'and exp + code', 'expiration and the back code?']))
        msg('a', S(typed_exp(m, y, it.tags), evid), ch([' ', ' / ', ', ']), S(code, kvid))
        msg('b', ch(['got it thx ', 'booked! total was ']), D(dz_amount('typed'), 'price') if pr(.5) else '')
        it.tag('pay', 'card_' + brand)
    elif topic == 'addr':
        msg('b', ch(["what's the address for saturday?", 'where r u staying', 'addy for the party?']))
        ad = new_address()
        vid = addr_value(it, ad)
        l1, u = addr_typed(ad)
        if u and pr(.5):
            inst = it.inst()
            msg('a', S(l1, vid, inst=inst, part='line1'), *addr_tail(ad, 'typed'))
            msg('a', *upiece(u, vid, inst), ' buzz twice')
            it.tag('addr_split_messages')
        else:
            msg('a', S(l1 + (' ' + u if u else ''), vid), *addr_tail(ad, 'typed'))
        msg('b', 'see u at ', D(dz_time('typed'), 'time'), ' on ', D(ch(WEEKDAYS), 'weekday'))
        it.tag('addr_typed', 'addr_' + ad['kind'], 'dis_time', 'dis_weekday')
    elif topic == 'dob':
        msg('b', ch(["what's ur birthday exactly? filling out the form", 'need ur dob for the booking']))
        y, m, d = new_dob()
        t, f = dob_typed(y, m, d)
        vid = it.val('DATE_OF_BIRTH', '%d-%02d-%02d' % (y, m, d), year=y, month=m, day=d, fmt=f)
        msg('a', S(t, vid))
        msg('b', 'ok, party is ', D(dz_date('typed'), 'date'), ' dont forget')
        it.tag('dob_typed_' + f, 'dis_date_event')
    elif topic == 'ssn':
        msg('b', ch(['the tax lady needs ur social', 'need ur ssn for the lease']))
        ssn = new_ssn()
        vid = it.val('SSN', '%s-%s-%s' % (ssn[:3], ssn[3:5], ssn[5:]))
        msg('a', S(typed_ssn(ssn, it.tags), vid), ch([' pls delete after', '', ' 🤫']))
        it.tag('ssn_typed')
    elif topic == 'email':
        msg('b', 'whats ur email for the invite')
        email, _ = make_email(a)
        vid = it.val('EMAIL_ADDRESS', email)
        msg('a', S(typed_email(email, it.tags), vid))
        it.tag('email_typed')
    elif topic == 'bank':
        msg('b', ch(['send me ur bank info for the refund', 'where do i send the money']))
        rt, ac = new_routing(), new_account()
        rv = it.val('BANK_ACCOUNT', rt, subtype='routing')
        av = it.val('BANK_ACCOUNT', ac, subtype='account')
        msg('a', 'routing ', S(rt, rv))
        msg('a', 'acct ', S(ac, av))
        it.tag('bank_typed')
    else:
        msg('b', ch(["what's the number for the plumber", 'send me ur new work number']))
        ph = new_us_phone()
        vid = it.val('PHONE_NUMBER', '+1' + ph, country='US', cc='1', nsn=ph)
        lead, body = lead_split(typed_phone(ph, it.tags))
        msg('a', lead, S(body, vid), ch([' ask for ', ' - ']), pname(it, b if sc != 'names' else person(), 'first'))
        it.tag('name_in_message')
    if pr(.5):
        msg('a', ch(['love u ', 'thx ', 'ok ']), pname(it, b, 'first') if sc != 'me_rel' else ch(['bye', 'ttyl']))


def typed_phone_label(ph):
    return ch(['%s-%s-%s' % (ph[:3], ph[3:6], ph[6:]), '%s.%s.%s' % (ph[:3], ph[3:6], ph[6:])])


# ---------------------------------------------------------------- forms / e-mails
LBL = {
    'name': ['Cardholder', 'Name on account', 'Guarantor', 'Insured party', 'Applicant', 'Policyholder',
             'Primary contact', 'Account holder', 'Beneficiary', 'Patient name', 'Emergency contact', 'Co-applicant'],
    'card': ['Card no.', 'Card number', 'PAN', 'CC#', 'Credit card', 'Debit card (16 digits)', 'Payment card'],
    'exp': ['Exp.', 'Expiry (MM/YY)', 'Valid thru', 'Expiration', 'Good through', 'Exp date'],
    'cvv': ['CVV2', 'CVC', 'Security code', 'Card verification', '3-digit code'],
    'ssn': ['SSN', 'Social Security #', 'SS No.', 'Taxpayer ID (SSN)', 'Soc. Sec. No.'],
    'dob': ['DOB', 'Date of birth (MM/DD/YYYY)', 'Birthdate', 'Born', 'D.O.B.'],
    'phone': ['Phone', 'Cell', 'Mobile #', 'Daytime phone', 'Best number', 'Tel.'],
    'email': ['E-mail', 'Email address', 'Contact email', 'Reply-to'],
    'addr': ['Street address', 'Mailing address', 'Address line 1', 'Residence'],
    'routing': ['Routing no.', 'ABA', 'RTN', 'Bank routing #', 'Transit/ABA'],
    'acct': ['Acct #', 'Account no.', 'Checking acct', 'Account number'],
    'iban': ['IBAN', 'Intl account (IBAN)'],
}


def form_fields(it, kind):
    """Returns list of (label, parts)."""
    p = person()
    F = []
    nameform = ch(['full', 'full', 'upper', 'lastfirst'])
    if nameform == 'full':
        F.append((ch(LBL['name']), [pname(it, p, 'full')]))
    elif nameform == 'upper':
        x = pname(it, p, 'full')
        F.append((ch(LBL['name']), [S(x[1].upper(), x[2], part=x[1].upper())]))
        it.tag('name_form_upper')
    else:
        inst = it.inst()
        F.append((ch(LBL['name']), [pname(it, p, 'last', inst=inst), ', ', pname(it, p, 'first', inst=inst)]))
        it.tag('name_form_last_first')
    if kind == 'pay':
        cvid, num, brand = card_val(it)
        evid, m, y = exp_val(it, cvid)
        kvid, code = cvv_val(it, cvid, brand)
        it.tag('pay', 'card_' + brand)
        F.append((ch(LBL['card']), [S(typed_card(num, brand, it.tags), cvid)]))
        if pr(.25):
            inst = it.inst()
            F.append(('Exp. month', [S('%02d' % m, evid, inst=inst, part='m=%d' % m)]))
            F.append(('Exp. year', [S(str(y), evid, inst=inst, part='y=%d' % y)]))
            it.tag('exp_two_fields')
        else:
            F.append((ch(LBL['exp']), [S(typed_exp(m, y, it.tags), evid)]))
        F.append((ch(LBL['cvv']) if brand != 'amex' else 'CID (4 digits, front)', [S(code, kvid)]))
        F.append(('Amount', [D(dz_amount('typed'), 'price')]))
        F.append(('Order ID', [D(dz_order('typed'), 'order')]))
        it.tag('dis_amount', 'dis_order')
    if kind in ('enroll', 'claim'):
        y, m, d = new_dob()
        t, f = dob_typed(y, m, d)
        vid = it.val('DATE_OF_BIRTH', '%d-%02d-%02d' % (y, m, d), year=y, month=m, day=d, fmt=f)
        F.append((ch(LBL['dob']), [S(t, vid)]))
        it.tag('dob_typed_' + f)
        ssn = new_ssn()
        sv = it.val('SSN', '%s-%s-%s' % (ssn[:3], ssn[3:5], ssn[5:]))
        if pr(.2):
            F.append(('SSN (last 4)', [S(ssn[5:], sv, 'last4', part=ssn[5:])]))
            it.tag('ssn_last4')
        else:
            F.append((ch(LBL['ssn']), [S(typed_ssn(ssn, it.tags), sv)]))
        F.append(('Appointment date', [D(dz_date('typed'), 'date')]))
        F.append(('Policy no.', [D(dz_conf('typed'), 'policy')]))
        it.tag('dis_date_appt', 'dis_policy')
    if kind in ('enroll', 'pay', 'claim') or pr(.5):
        a = new_address()
        vid = addr_value(it, a)
        l1, u = addr_typed(a)
        if u and pr(.5):
            inst = it.inst()
            F.append((ch(LBL['addr']), [S(l1, vid, inst=inst, part='line1')]))
            F.append(('Address line 2', [*upiece(u, vid, inst)]))
            it.tag('addr_two_fields')
        else:
            F.append((ch(LBL['addr']), [S(l1 + (', ' + u if u else ''), vid)]))
        F.append(('City/State/ZIP', [N(a['city'][0] + ', ' + a['city'][1] + ' ' + a['zip'], 'address_tail')]))
        it.tag('addr_typed', 'addr_' + a['kind'])
    if pr(.6):
        ph = new_us_phone()
        vid = it.val('PHONE_NUMBER', '+1' + ph, country='US', cc='1', nsn=ph)
        lead, body = lead_split(typed_phone(ph, it.tags))
        F.append((ch(LBL['phone']), [lead, S(body, vid)] + ([' ext. ', N(drand(3), 'extension')] if pr(.15) else [])))
    if pr(.5):
        email, _ = make_email(p)
        vid = it.val('EMAIL_ADDRESS', email)
        F.append((ch(LBL['email']), [S(typed_email(email, it.tags), vid)]))
        it.tag('email_typed')
    if kind == 'deposit':
        if pr(.3):
            ib = new_iban()
            vid = it.val('BANK_ACCOUNT', ib, subtype='iban', country=ib[:2])
            F.append((ch(LBL['iban']), [S(typed_iban(ib, it.tags), vid)]))
            it.tag('iban_typed', 'iban_' + ib[:2])
        else:
            rt, ac = new_routing(), new_account()
            rv = it.val('BANK_ACCOUNT', rt, subtype='routing')
            av = it.val('BANK_ACCOUNT', ac, subtype='account')
            F.append((ch(LBL['routing']), [S(rt if pr(.8) else rt[:3] + ' ' + rt[3:6] + ' ' + rt[6:], rv, part=rt)]))
            F.append((ch(LBL['acct']), [S(ac, av)]))
            it.tag('bank_typed')
        F.append(('Member since', [D(dz_year('typed'), 'year')]))
        it.tag('dis_year')
    if pr(.25):
        v = ch(VANITY)
        ph = ch(['800', '888', '877']) + ''.join(KEYPAD[c] for c in v)
        vid = it.val('PHONE_NUMBER', '+1' + ph, country='US', cc='1', nsn=ph, owner='company', vanity=v)
        F.append(('Vendor phone', [S('1-%s-%s' % (ph[:3], v), vid, part=ph)]))
        it.tag('phone_vanity')
    if pr(.35):
        sp = person()
        F.append((ch(['Comments', 'Notes', 'Additional info', 'Special instructions']),
                  [ch(['Please also add my ', 'Pls list my ', 'Co-signer is my ']), ch(['husband ', 'daughter ', 'brother ', 'roommate ']),
                   pname(it, sp, 'full'), ch([' as an authorised user', ' on the account', '']), ', call after ', D(dz_time('typed'), 'time'), '.']))
        it.tag('form_comment_name', 'dis_time')
    return F, p


def make_form(it, nopii=False):
    fmt = wch([('kv', 38), ('html', 14), ('md', 12), ('email', 24), ('comment', 12)])
    it.tag('form_' + fmt)
    if nopii:
        F = [('Product', [D(ch(PRODUCTS), 'product')]), ('Qty', [D(dz_qty('typed'), 'qty')]), ('Unit price', [D(dz_amount('typed'), 'price')]),
             ('Order ID', [D(dz_order('typed'), 'order')]), ('Delivery date', [D(dz_date('typed'), 'date')]),
             ('Store', [D(ch(COMPANIES), 'business')]), ('Pickup city', [D(ch(NAMELIKE_CITIES), 'city')]),
             ('Tracking', [D(dz_ref16('typed'), 'ref16')])]
        it.tag('no_pii', 'dis_product', 'dis_qty', 'dis_amount', 'dis_order', 'dis_date_delivery', 'dis_city_namelike', 'dis_ref16')
        p = None
    else:
        kind = wch([('pay', 40), ('enroll', 25), ('deposit', 20), ('claim', 15)])
        it.tag('form_kind_' + kind)
        F, p = form_fields(it, kind)
    if fmt in ('kv', 'comment'):
        sep = ch([': ', ': ', ' - ', ':\t', ' = '])
        it.line([], ch(['Submission #', 'Form ', 'Request ']), D(drand(6), 'order'), ch([' (', ' — received ']), D(dz_date('typed'), 'date'), ch([')', '']))
        for lab, parts in F:
            it.line([], lab + sep, *parts)
        if fmt == 'comment' and p is not None:
            email, _ = make_email(p)
            vid = it.val('EMAIL_ADDRESS', email)
            ph = new_us_phone()
            pv = it.val('PHONE_NUMBER', '+1' + ph, country='US', cc='1', nsn=ph)
            lead, body = lead_split(typed_phone(ph, it.tags))
            it.line([], 'Comments' + sep, ch(["Hi, I couldn't find a field for this, my backup email is ", 'Alt email ']),
                    S(typed_email(email, it.tags), vid), ' and you can text ', lead, S(body, pv), ch([' after 5.', '. Thanks!']))
            it.tag('form_free_text', 'email_typed')
    elif fmt == 'html':
        it.line([], '<table class="submission">')
        for lab, parts in F:
            it.line([], '<tr><td>' + lab.replace('&', '&amp;') + '</td><td>', *parts, '</td></tr>')
        it.line([], '</table>')
    elif fmt == 'md':
        it.line([], '| Field | Value |')
        it.line([], '|---|---|')
        for lab, parts in F:
            it.line([], '| ' + lab.replace('|', '/') + ' | ', *parts, ' |')
    else:
        co = ch(COMPANIES)
        it.line([], 'Subject: ', ch(['Update to my account', 'Re: payment', 'Direct deposit form', 'Claim paperwork']))
        it.line([], 'To: support@', co.lower().replace(' & ', '').replace(' ', '') + '.com')
        it.line([])
        it.line([], ch(['Hi team,', 'Hello,', 'Good afternoon,']))
        it.line([])
        it.line([], ch(['Please find my details below.', 'As requested on the phone, here is the info.', "Here's everything for the form."]))
        for lab, parts in F:
            it.line([], ch(['- ', '* ', '']) + lab + ': ', *parts)
        it.line([])
        if p is not None:
            it.line([], ch(['Thanks,', 'Best,', 'Regards,', 'Cheers,']))
            it.line([], pname(it, p, ch(['full', 'first'])))
            it.tag('name_email_signoff')
        else:
            it.line([], 'Thanks')
    it.style = 'typed'


# ---------------------------------------------------------------- main
def typed_luhn_runs(text):
    import re
    out = []
    for m in re.finditer(r'\d(?:[ \-\u00a0.]?\d){12,18}', text):
        d = ''.join(c for c in m.group() if c.isdigit())
        if 13 <= len(d) <= 19:
            out.append((m.start(), m.end(), d))
    return out


def valid_item(text, spans):
    for s in spans:
        t = text[s['start']:s['end']]
        if not t or not t[0].isalnum() or not t[-1].isalnum() or '\n' in t:
            raise AssertionError('bad span edge %r in %r' % (t, text[:80]))
    covered = [0] * (len(text) + 1)
    for s in spans:
        for i in range(s['start'], s['end']):
            covered[i] = 1
    for a, b, d in typed_luhn_runs(text):
        if luhn_ok(d) and not all(covered[i] for i in range(a, b) if text[i].isdigit()):
            return False
    return True


def main():
    plan = ([('call', True)] * 200 + [('call', False)] * 85 + [('call', 'nopii')] * 30 +
            [('chat', True)] * 85 + [('chat', False)] * 41 + [('chat', 'nopii')] * 14 +
            [('text', False)] * 93 + [('text', 'nopii')] * 12 +
            [('form', False)] * 126 + [('form', 'nopii')] * 14)
    R.shuffle(plan)
    gold, side = [], []
    seen = set()
    for n, (kind, flag) in enumerate(plan):
        while True:
            it = Item(kind)
            nopii = flag == 'nopii'
            if kind == 'call':
                make_call(it, flag is True, nopii)
            elif kind == 'chat':
                make_chat(it, flag is True, nopii)
            elif kind == 'text':
                make_sms(it, nopii)
            else:
                make_form(it, nopii)
            text, spans, dis, neu = it.render()
            if text in seen or not valid_item(text, spans):
                continue
            if nopii and spans:
                continue
            seen.add(text)
            break
        iid = 'blind5-%04d' % n
        used = set(s['value_id'] for s in spans)
        vals = {k: v for k, v in it.values.items() if k in used}
        tags = sorted(it.tags | (set(['no_pii']) if not spans else set()))
        gold.append({'id': iid, 'kind': kind, 'text': text,
                     'spans': [{'start': s['start'], 'end': s['end'], 'type': s['type']} for s in spans], 'tags': tags})
        side.append({'id': iid, 'spans': spans, 'values': vals, 'distractors': dis, 'neutral': neu})
    os.makedirs(os.path.dirname(GOLD), exist_ok=True)
    with open(GOLD, 'w', encoding='utf-8') as f:
        for g in gold:
            f.write(json.dumps(g, ensure_ascii=False) + '\n')
    with open(SIDE, 'w', encoding='utf-8') as f:
        for s in side:
            f.write(json.dumps(s, ensure_ascii=False) + '\n')
    print('wrote %d items, %d spans' % (len(gold), sum(len(g['spans']) for g in gold)))


if __name__ == '__main__':
    main()
