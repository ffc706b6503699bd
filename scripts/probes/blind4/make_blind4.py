#!/usr/bin/env python3
"""Generate blind4: a fourth, independent, blind PII evaluation set.

Python 3 stdlib only, fixed seed, deterministic.  Writes
  jobs/tests/data/blind4.jsonl         gold spans
  jobs/tests/data/blind4.values.jsonl  sidecar (values, roles, distractors, neutral bits)

Templates, cues, names, companies and number formats were written from scratch for this
set; see README.md next to this file.
"""
import json
import os
import random
import re
import sys
from urllib.parse import quote, quote_plus

SEED = 0xB1F6
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT_GOLD = os.path.join(ROOT, "jobs", "tests", "data", "blind4.jsonl")
OUT_SIDE = os.path.join(ROOT, "jobs", "tests", "data", "blind4.values.jsonl")

R = random.Random(SEED)


def P(p):
    return R.random() < p


def C(seq):
    return R.choice(seq)


def W(pairs):
    items = [a for a, _ in pairs]
    ws = [b for _, b in pairs]
    return R.choices(items, ws)[0]


def digits(n, first_nonzero=True):
    s = str(R.randint(1, 9)) if first_nonzero else str(R.randint(0, 9))
    return s + "".join(str(R.randint(0, 9)) for _ in range(n - 1))


# ============================================================================
# Data
# ============================================================================
FIRST_F = """Adaeze Folake Ngozi Abena Wanjiru Njeri Makena Selam Thandiwe Lerato Nomvula Ananya
Meenakshi Kavya Nirmala Farhana Harpreet Yui Minseo Xiaoling Linh Malai Ayu Itzel Renata Lucía
Guadalupe Yaretzi Nasrin Zeynep Hatice Rania Samira Çağla Zdeňka Milena Snežana Ksenia Åsa
Ingrid Sigrún Liisa Siobhán Niamh Bridget Rhiannon Tammy Crystal Aroha Leilani Mele Stavroula
Giuseppina Benedetta Amélie Hélène Yael Noa Anne-Sophie Mary-Kate LaToya Keisha Kayleigh Misty
Dolores Marisol Paulette Imogen Oyinkansola Chiamaka Rukhsana Saoirse Maëlle Joëlle Inés Mónica
Ayşe Dagny Perpetua Wilhelmina Tuyết Shreya Priyamvada Esperanza Gwendolyn Henrietta Agnieszka
Bronwyn Fenella Ottilie Zainab Halima Jolene Raquel Yesenia Dorota Ilse Björg Kiri Ngaio""".split()
FIRST_M = """Chidi Oluwaseun Kwabena Yaw Emeka Temitope Baraka Tesfaye Sipho Tshepo Aarav Ishaan
Siddharth Rohan Gurpreet Haruto Jiho Zhiwei Hyun-woo Somchai Rizal Bayani Joaquín Tadeo Édgar
Ramón Maximiliano Yousef Dariush Emre Khalid Omid Şükrü Gökhan Wojciech Bohdan Radek Jarosław
Dragan Przemysław Bjørn Jóhann Ásgeir Väinö Ciarán Declan Gareth Harold Dwayne Tyrone Brandon
Hunter Cody Wiremu Kalani Sione Tamatea Evangelos Gianluca Thibault Loïc François Avraham
Jean-Baptiste D'Andre De'Shawn Rufus Cornelius Ezekiel Lachlan Mateus João Kenji Arjun Oskar
Ferdinand Alasdair Benedikt Caetano Ignacio Anselm Tobiah Kwame Babajide Desmond Lorcan Mihai
Stanislav Vusi Tupac Nikolaos Ulrich Hamish Rashid""".split()
LAST = """Okonkwo Adeyemi Mensah Boateng Nwosu Ogunleye Kamau Otieno Wanjala Haile Dlamini Nkosi
Mokoena Sithole Venkataraman Chaudhary Bhattacharya Subramanian Iyer Siddiqui Chowdhury Gill
Dhillon Takahashi Nakamura Watanabe Park Choi Hwang Zhao Huang Lin Trần Phạm Santos Villanueva
Bautista Ibarra Quiñones Echeverría Gutiérrez Ávila Muñiz Peña Cárdenas Núñez Haddad Nasser
Khoury Farouk Karimi Tehrani Hosseini Öztürk Çelik Aydın Şahin Wiśniewski Zieliński Nowakowska
Procházka Novotná Horváth Petrović Jovanović Kuznetsova Shevchenko Bondarenko Lindqvist Åkesson
Sigurðsson Halvorsen Virtanen Mäkinen Østergaard Fitzgerald McAllister O'Sullivan MacLeod
Llewellyn Pritchard Whitfield Thornbury Dunleavy Ngata Parata Kahananui Kealoha Fonoti Tuilagi
Papadopoulos Kontogiannis Esposito Lombardi Ferraro Dubois Lefèvre Rousseau Girard Beaumont
Abramowitz D'Amico D'Souza O'Connell N'Diaye Smith-Okafor García-López Müller-Brandt
McKenzie-Ross Ben-David DeShields Oyelaran Achterberg Szabó Kovačić Rahimi Bergström Yamaguchi
Castellanos Odhiambo Mwangi Rasmussen Quintero Delacroix Featherstone Pennington Kowalczyk
Abubakar Yeboah Tshabalala Nair Pillai Raghunathan Kaur Ishikawa Jeong Vu Hoang Fernández
Zapata Benavides Al-Harbi Demir Kaya Vasquez-Ortiz Hallström Rauhala Gallagher Brannigan""".split()
LAST_MULTI = ["Dela Cruz", "De Luca", "van der Berg", "Ní Bhriain", "St. Clair", "Te Rangi",
              "Mac an tSaoir", "da Silva", "Le Roux", "Abu Bakr"]
FIRST_SPACE = ["Thu Trang", "Mary Beth", "Ana Lucía", "Jean Luc"]
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"

TITLES = ["Mr.", "Mrs.", "Ms.", "Dr.", "Mx.", "Prof.", "Rev."]
TITLES_SPOKEN = ["mister", "missus", "miss", "doctor"]

FOLD = {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE", "đ": "d",
        "Đ": "D", "ı": "i", "ð": "d", "Ð": "D", "þ": "th"}


def ascii_fold(s):
    import unicodedata
    s = "".join(FOLD.get(ch, ch) for ch in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


COMPANIES = [
    # name, industry, short, domain
    ("Larkspur Home Services", "home", "Larkspur", "larkspurhome.com"),
    ("Northgate Mutual", "insurance", "Northgate", "northgatemutual.com"),
    ("Pelican Bay Dental", "clinic", "Pelican Bay", "pelicanbaydental.com"),
    ("Quillon Telecom", "telecom", "Quillon", "quillon.net"),
    ("Saffron & Stone Furniture", "retail", "Saffron & Stone", "saffronandstone.com"),
    ("Meridian Trust Bank", "bank", "Meridian", "meridiantrust.com"),
    ("Bluefin Travel", "travel", "Bluefin", "bluefintravel.com"),
    ("Harlow Gas & Electric", "utility", "Harlow", "harlowge.com"),
    ("Tidewell Pharmacy", "clinic", "Tidewell", "tidewellrx.com"),
    ("Copperline Internet", "telecom", "Copperline", "copperline.net"),
    ("Juniper Veterinary Hospital", "clinic", "Juniper Vet", "junipervet.com"),
    ("Ashby Plumbing & Heating", "home", "Ashby", "ashbyplumbing.com"),
    ("Redtail Roofing", "home", "Redtail", "redtailroofing.com"),
    ("Wexford Auto Glass", "home", "Wexford", "wexfordglass.com"),
    ("Sunmeadow Pediatrics", "clinic", "Sunmeadow", "sunmeadowpeds.org"),
    ("Orchard Lane Mortgage", "bank", "Orchard Lane", "orchardlane.com"),
    ("Marlowe Optical", "retail", "Marlowe", "marloweoptical.com"),
    ("Vireo Airlines", "travel", "Vireo", "flyvireo.com"),
    ("Halcyon Hotels", "travel", "Halcyon", "halcyonhotels.com"),
    ("Tamsin & Cole Law", "legal", "Tamsin & Cole", "tamsincole.law"),
    ("Halvorsen & Pike Insurance", "insurance", "Halvorsen & Pike", "halvorsenpike.com"),
    ("Fairbanks Dermatology", "clinic", "Fairbanks", "fairbanksderm.com"),
    ("Calloway Self Storage", "retail", "Calloway", "callowaystorage.com"),
    ("Brennan Brothers HVAC", "home", "Brennan Brothers", "brennanbros.com"),
    ("Greenhollow Water District", "utility", "Greenhollow", "greenhollowwater.org"),
    ("Abernathy Orthopedics", "clinic", "Abernathy", "abernathyortho.com"),
    ("Piedmont Pest Control", "home", "Piedmont", "piedmontpest.com"),
    ("Silverline Movers", "home", "Silverline", "silverlinemovers.com"),
    ("Crescent Wireless", "telecom", "Crescent", "crescentwireless.com"),
    ("Oakhurst Family Medicine", "clinic", "Oakhurst", "oakhurstfm.org"),
    ("Kittredge Appliance Repair", "home", "Kittredge", "kittredgerepair.com"),
    ("Bellwether Home Warranty", "insurance", "Bellwether", "bellwetherhw.com"),
    ("Summit Ridge Realty", "realty", "Summit Ridge", "summitridgerealty.com"),
    ("Lumen Solar", "utility", "Lumen", "lumensolar.com"),
    ("Dover & Marsh Opticians", "retail", "Dover & Marsh", "dovermarsh.co.uk"),
    ("Ridgeway Animal Clinic", "clinic", "Ridgeway", "ridgewayanimal.com"),
    ("Foxglove Florist", "retail", "Foxglove", "foxgloveflowers.com"),
    ("Starwick Savings", "bank", "Starwick", "starwick.com"),
    ("Paloma Car Rental", "travel", "Paloma", "palomarental.com"),
    ("Granger Memorial Hospital", "clinic", "Granger Memorial", "grangermemorial.org"),
]

PRODUCTS = ["Echo Dot", "Galaxy Tab S9", "ThermaPro 450", "Nest thermostat", "AquaPure filter",
            "QuietCool fan", "Roomba", "iPhone 15", "Pixel 8", "Apple Watch", "Sonos Era",
            "Kindle Paperwhite", "Dyson V15", "Vitamix", "Ring doorbell", "FlexCore router",
            "Premier Plus plan", "Gold Shield policy", "Unlimited Max plan", "SmartMeter",
            "Invisalign", "Progressive lenses", "Heartgard", "Ozempic", "Trane XR16"]

CITIES = [("Savannah", "GA", "Georgia", "314"), ("Florence", "SC", "South Carolina", "295"),
          ("Austin", "TX", "Texas", "787"), ("Charlotte", "NC", "North Carolina", "282"),
          ("Eugene", "OR", "Oregon", "974"), ("Jackson", "MS", "Mississippi", "392"),
          ("Tacoma", "WA", "Washington", "984"), ("Boise", "ID", "Idaho", "837"),
          ("Duluth", "MN", "Minnesota", "558"), ("Madison", "WI", "Wisconsin", "537"),
          ("Lafayette", "LA", "Louisiana", "705"), ("Bozeman", "MT", "Montana", "597"),
          ("Tucson", "AZ", "Arizona", "857"), ("Tyler", "TX", "Texas", "757"),
          ("Marion", "OH", "Ohio", "433"), ("Elizabeth", "NJ", "New Jersey", "072"),
          ("Shelby", "NC", "North Carolina", "281"), ("Troy", "NY", "New York", "121"),
          ("Quincy", "MA", "Massachusetts", "021"), ("Everett", "WA", "Washington", "982"),
          ("Lincoln", "NE", "Nebraska", "685"), ("Santa Fe", "NM", "New Mexico", "875"),
          ("Pueblo", "CO", "Colorado", "810"), ("Akron", "OH", "Ohio", "443"),
          ("Spokane", "WA", "Washington", "992"), ("Augusta", "ME", "Maine", "043"),
          ("Fargo", "ND", "North Dakota", "581"), ("Provo", "UT", "Utah", "846"),
          ("Reno", "NV", "Nevada", "895"), ("Macon", "GA", "Georgia", "312"),
          ("Burlington", "VT", "Vermont", "054"), ("Frederick", "MD", "Maryland", "217"),
          ("Dayton", "OH", "Ohio", "454"), ("Warren", "MI", "Michigan", "480"),
          ("Kent", "WA", "Washington", "980"), ("Chattanooga", "TN", "Tennessee", "374"),
          ("Bangor", "ME", "Maine", "044"), ("Laredo", "TX", "Texas", "780"),
          ("Olympia", "WA", "Washington", "985"), ("Asheville", "NC", "North Carolina", "288")]
NAMEY_CITIES = ["Savannah", "Florence", "Austin", "Charlotte", "Eugene", "Jackson", "Tyler",
                "Marion", "Elizabeth", "Shelby", "Troy", "Quincy", "Everett", "Lincoln",
                "Augusta", "Frederick", "Warren", "Kent", "Madison", "Olympia"]

STREETS = ["Larchmont", "Quarry Hill", "Beacon", "Old Mill", "Juniper Ridge", "Tamarack",
           "Wren", "Osage", "Pemberton", "Sycamore", "Bristlecone", "Marigold", "Harbor View",
           "Tillman", "Fenwick", "Cottonwood", "Rosalind", "Abigail", "Lincoln", "College",
           "Ocotillo", "Saguaro", "Magnolia", "Hollyhock", "Prairie Wind", "Stonebridge",
           "Winslow", "Aldergrove", "Cypress Point", "Bayou", "Ridgecrest", "Kingfisher",
           "Hawthorne", "Mesquite", "Brookstone", "Lakeshore", "Foxhollow", "Millbrook",
           "Whitmore", "Cedar Bluff", "Shady Grove", "Morningside", "Canyon Rim", "Wildflower"]
ORD_STREETS = [("21st", "twenty first"), ("3rd", "third"), ("Fifth", "fifth"),
               ("14th", "fourteenth"), ("2nd", "second"), ("Ninth", "ninth"),
               ("33rd", "thirty third")]
STREET_TYPES = [("Street", ["St", "St."]), ("Avenue", ["Ave", "Ave."]), ("Road", ["Rd", "Rd."]),
                ("Lane", ["Ln"]), ("Drive", ["Dr", "Dr."]), ("Court", ["Ct"]),
                ("Boulevard", ["Blvd"]), ("Way", []), ("Terrace", ["Ter", "Terr"]),
                ("Place", ["Pl"]), ("Circle", ["Cir"]), ("Parkway", ["Pkwy"]),
                ("Trail", ["Trl"]), ("Loop", []), ("Run", []), ("Crossing", ["Xing"]),
                ("Path", []), ("Square", ["Sq"]), ("Row", []), ("Hollow", ["Holw"])]
DIRS = [("N", "North"), ("S", "South"), ("E", "East"), ("W", "West"), ("NE", "Northeast"),
        ("SW", "Southwest")]
UNIT_KINDS = [("Apt", "apartment"), ("Unit", "unit"), ("Suite", "suite"), ("#", "number"),
              ("Lot", "lot"), ("Bldg", "building"), ("Apt.", "apartment"), ("Ste", "suite")]

UK_STREETS = ["Marlborough Road", "Cranleigh Gardens", "Ashdown Close", "Kingsley Crescent",
              "Bramble Mews", "Thornfield Grove", "Heathcote Street", "Wellesley Avenue"]
UK_TOWNS = [("Leeds", "LS6 2QT"), ("Bristol", "BS7 8HD"), ("Norwich", "NR2 4PL"),
            ("Cardiff", "CF14 3UZ"), ("York", "YO31 7EQ"), ("Reading", "RG1 5AQ")]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MON3 = [m[:3] for m in MONTHS]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

EMAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com",
                 "aol.com", "proton.me", "comcast.net", "att.net", "live.co.uk", "web.de",
                 "orange.fr", "gmx.de", "mail.com", "yahoo.co.in", "bigpond.com", "sbcglobal.net",
                 "fastmail.com", "zoho.com", "verizon.net"]

AREA = [201, 205, 206, 208, 210, 212, 214, 215, 216, 217, 225, 234, 239, 248, 251, 252, 256,
        262, 267, 270, 281, 302, 303, 304, 305, 307, 309, 312, 313, 314, 315, 316, 317, 318,
        319, 320, 321, 323, 330, 334, 336, 337, 347, 352, 360, 385, 401, 402, 404, 405, 406,
        407, 408, 409, 410, 412, 413, 414, 415, 417, 419, 423, 425, 432, 434, 435, 440, 443,
        458, 469, 470, 478, 479, 480, 484, 501, 502, 503, 504, 505, 507, 508, 509, 510, 512,
        513, 515, 516, 517, 518, 520, 530, 540, 541, 559, 561, 562, 563, 570, 571, 573, 574,
        580, 585, 586, 601, 602, 603, 605, 606, 607, 608, 609, 610, 612, 614, 615, 616, 617,
        618, 619, 620, 623, 626, 630, 631, 636, 641, 646, 650, 651, 657, 660, 661, 662, 678,
        682, 701, 702, 703, 704, 706, 707, 708, 712, 713, 714, 715, 716, 717, 718, 719, 720,
        724, 727, 731, 732, 734, 740, 754, 757, 760, 763, 765, 770, 772, 773, 774, 775, 781,
        785, 786, 801, 802, 803, 804, 805, 806, 808, 810, 812, 813, 814, 815, 816, 817, 818,
        828, 830, 831, 832, 843, 845, 847, 848, 850, 856, 857, 858, 859, 860, 862, 863, 864,
        865, 870, 901, 903, 904, 907, 908, 909, 910, 912, 913, 914, 915, 916, 917, 918, 919,
        920, 925, 928, 929, 931, 936, 937, 940, 941, 949, 951, 952, 954, 956, 970, 971, 972,
        973, 978, 979, 980, 984, 985, 989]
TOLLFREE = [800, 833, 844, 855, 866, 877, 888]
VANITY = ["PAYBILL", "GETWELL", "FLYAWAY", "NEWROOF", "PETCARE", "CALLNOW", "HOMEFIX",
          "MYTEETH", "FIXMYAC", "MOVEOUT", "GOSOLAR", "BUGFREE"]
KEYPAD = {}
for _d, _ls in (("2", "ABC"), ("3", "DEF"), ("4", "GHI"), ("5", "JKL"), ("6", "MNO"),
                ("7", "PQRS"), ("8", "TUV"), ("9", "WXYZ")):
    for _l in _ls:
        KEYPAD[_l] = _d

# ============================================================================
# Values
# ============================================================================


def luhn_ok(ds):
    s = 0
    for i, ch in enumerate(reversed(ds)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return s % 10 == 0


def luhn_complete(body):
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


def luhn_break(ds):
    """Return ds changed so that it fails Luhn (used for distractors)."""
    if not luhn_ok(ds):
        return ds
    last = str((int(ds[-1]) + 1 + R.randint(0, 7)) % 10)
    return ds[:-1] + last


def make_card(brand=None):
    brand = brand or W([("visa", 36), ("mc", 30), ("amex", 16), ("disc", 12), ("jcb", 3),
                        ("diners", 3)])
    if brand == "visa":
        pre, n = "4", (19 if P(0.03) else 16)
    elif brand == "mc":
        pre, n = (str(R.randint(2221, 2720)) if P(0.4) else str(R.randint(51, 55))), 16
    elif brand == "amex":
        pre, n = C(["34", "37"]), 15
    elif brand == "disc":
        pre, n = C(["6011", str(R.randint(644, 649)), "65"]), 16
    elif brand == "jcb":
        pre, n = str(R.randint(3528, 3589)), 16
    else:
        pre, n = "36", 14
    while True:
        body = pre + "".join(str(R.randint(0, 9)) for _ in range(n - 1 - len(pre)))
        ds = luhn_complete(body)
        # avoid degenerate long runs
        if not re.search(r"(\d)\1\1\1\1", ds):
            return brand, ds


def card_groups(ds, brand):
    n = len(ds)
    if brand == "amex":
        return [4, 6, 5]
    if brand == "diners":
        return [4, 6, 4]
    if n == 19:
        return [4, 4, 4, 4, 3]
    return [4, 4, 4, 4]


def split_groups(ds, groups):
    out, i = [], 0
    for g in groups:
        out.append(ds[i:i + g])
        i += g
    assert i == len(ds), (ds, groups)
    return out


def make_cvv(brand):
    return digits(4, False) if brand == "amex" else digits(3, False)


def make_expiry():
    y = R.randint(2025, 2032)
    m = R.randint(1, 12)
    return m, y


def make_ssn():
    while True:
        a = R.randint(1, 899)
        if a == 666:
            continue
        g = R.randint(1, 99)
        s = R.randint(1, 9999)
        v = "%03d%02d%04d" % (a, g, s)
        if v in ("078051120", "219099999", "123456789"):
            continue
        return v


def make_routing():
    while True:
        p = R.choice(list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73)) + [80])
        ds = "%02d" % p + "".join(str(R.randint(0, 9)) for _ in range(6))
        d = [int(c) for c in ds]
        s = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5])
        c = (10 - s % 10) % 10
        v = ds + str(c)
        return v


def make_account(n=None):
    n = n or W([(8, 3), (9, 2), (10, 4), (11, 2), (12, 3), (6, 1), (14, 1), (17, 1)])
    return digits(n)


IBAN_SPEC = {"GB": ("L4", 14), "DE": ("", 18), "NL": ("L4", 10), "ES": ("", 20),
             "IE": ("L4", 14), "FR": ("", 23), "PL": ("", 24), "BE": ("", 12), "IT": ("L1", 22),
             "PT": ("", 21), "AT": ("", 16), "CH": ("", 17), "NO": ("", 11), "DK": ("", 14),
             "FI": ("", 14), "SE": ("", 20)}
IBAN_BANKS = {"GB": ["NWBK", "BARC", "HBUK", "LOYD", "MIDL"], "NL": ["ABNA", "INGB", "RABO",
              "TRIO"], "IE": ["AIBK", "BOFI"], "IT": list("XBCDEFGHKL")}


def iban_check(cc, bban):
    s = bban + cc + "00"
    num = "".join(str(int(ch, 36)) for ch in s)
    return "%02d" % (98 - int(num) % 97)


def make_iban(cc=None):
    cc = cc or W([("GB", 4), ("DE", 4), ("NL", 2), ("ES", 2), ("IE", 2), ("FR", 2), ("PL", 1),
                  ("BE", 1), ("IT", 1), ("PT", 1), ("AT", 1), ("CH", 1), ("NO", 1), ("DK", 1),
                  ("FI", 1), ("SE", 1)])
    pre, n = IBAN_SPEC[cc]
    bank = C(IBAN_BANKS[cc]) if pre else ""
    bban = bank + "".join(str(R.randint(0, 9)) for _ in range(n))
    return cc, cc + iban_check(cc, bban) + bban


def make_dob():
    y = W([(R.randint(1938, 1959), 2), (R.randint(1960, 1989), 6), (R.randint(1990, 2006), 4)])
    m = R.randint(1, 12)
    dim = [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return y, m, R.randint(1, dim)


def make_us_phone(kind=None):
    kind = kind or W([("geo", 85), ("fict", 10), ("toll", 5)])
    if kind == "toll":
        a = C(TOLLFREE)
    else:
        a = C(AREA)
    if kind == "fict":
        ex, line = "555", "01%02d" % R.randint(0, 99)
    else:
        while True:
            ex = str(R.randint(200, 999))
            if ex[1:] != "11" and ex != "555":
                break
        line = "%04d" % R.randint(0, 9999)
    nsn = "%d%s%s" % (a, ex, line)
    return dict(cc="1", nsn=nsn, country="US", trunk="", value="+1" + nsn)


INTL = {
    # country: (cc, trunk, nsn generator, grouping for display)
    "UK": ("44", "0", lambda: "7" + digits(9, False), [4, 6]),
    "UK_LDN": ("44", "0", lambda: "20" + digits(8), [2, 4, 4]),
    "IN": ("91", "0", lambda: C("6789") + digits(9, False), [5, 5]),
    "AU": ("61", "0", lambda: "4" + digits(8, False), [3, 3, 3]),
    "DE": ("49", "0", lambda: "15" + C("129") + digits(8, False), [3, 8]),
    "FR": ("33", "0", lambda: C("67") + digits(8, False), [1, 2, 2, 2, 2]),
    "MX": ("52", "", lambda: "55" + digits(8), [2, 4, 4]),
    "PH": ("63", "0", lambda: "9" + digits(9, False), [3, 3, 4]),
    "NG": ("234", "0", lambda: "80" + C("36") + digits(7), [3, 3, 4]),
    "IE": ("353", "0", lambda: "8" + C("3567") + digits(7), [2, 3, 4]),
    "BR": ("55", "0", lambda: "119" + digits(8), [2, 5, 4]),
    "JP": ("81", "0", lambda: C(["90", "80"]) + digits(8), [2, 4, 4]),
    "ZA": ("27", "0", lambda: "8" + C("234") + digits(7), [2, 3, 4]),
    "KE": ("254", "0", lambda: "7" + digits(8, False), [3, 3, 3]),
    "PL": ("48", "", lambda: C("5678") + digits(8, False), [3, 3, 3]),
    "NZ": ("64", "0", lambda: "21" + digits(7), [2, 3, 4]),
    "ES": ("34", "", lambda: "6" + digits(8, False), [3, 3, 3]),
}


def make_intl_phone(country=None):
    country = country or W([("UK", 5), ("IN", 5), ("AU", 3), ("UK_LDN", 2), ("DE", 2), ("FR", 2),
                            ("MX", 2), ("PH", 2), ("NG", 2), ("IE", 1), ("BR", 1), ("JP", 1),
                            ("ZA", 1), ("KE", 1), ("PL", 1), ("NZ", 1), ("ES", 1)])
    cc, trunk, gen, grp = INTL[country]
    nsn = gen()
    return dict(cc=cc, nsn=nsn, country=country.split("_")[0], trunk=trunk, value="+" + cc + nsn,
                grp=grp)


def make_vanity():
    a = C(TOLLFREE)
    word = C(VANITY)
    nsn = str(a) + "".join(KEYPAD[c] for c in word)
    return dict(cc="1", nsn=nsn, country="US", trunk="", value="+1" + nsn, vanity=word,
                area=str(a))


def strip_name(s):
    s = ascii_fold(s).lower()
    return re.sub(r"[^a-z]", "", s)


BAD_LOCAL_TOKENS = {"at", "dot", "to", "for", "one", "won", "too", "ate", "oh", "o"}


def make_email(person, company=None):
    f, l = strip_name(person["first"]), strip_name(person["last"])
    num = str(R.randint(1, 99)) if P(0.3) else ""
    yr = str(R.randint(60, 99)) if P(0.15) else ""
    style = W([("f.l", 5), ("fl", 3), ("f_l", 2), ("fL", 3), ("fn", 2), ("lf", 1),
               ("f.l.n", 1), ("nick", 2)])
    if style == "f.l":
        local = f + "." + l
    elif style == "fl":
        local = f + l
    elif style == "f_l":
        local = f + "_" + l
    elif style == "fL":
        local = f[0] + l
    elif style == "fn":
        local = f + (num or yr or "7")
        num = yr = ""
    elif style == "lf":
        local = l + "." + f[0]
    elif style == "f.l.n":
        local = f + "." + l + (num or "3")
        num = ""
    else:
        local = C(["sunny", "bluejay", "kiwi", "hikingmom", "gardenguy", "mapleleaf", "retro",
                   "nightowl", "coffeefan", "birder"]) + (yr or num or "22")
        num = yr = ""
    local = local + num
    if company and P(0.5):
        domain = company[3]
    else:
        domain = C(EMAIL_DOMAINS)
    return local + "@" + domain


def make_person(used=None):
    used = used if used is not None else set()
    while True:
        g = C("fm")
        if P(0.03):
            first = C(FIRST_SPACE)
        else:
            first = C(FIRST_F if g == "f" else FIRST_M)
        last = C(LAST_MULTI) if P(0.07) else C(LAST)
        if first in used or last in used:
            continue
        used.add(first)
        used.add(last)
        return dict(first=first, last=last, g=g, mi=C(MIDDLE_INITIALS) if P(0.2) else "")


def make_address(kind=None):
    kind = kind or W([("us", 80), ("pobox", 10), ("uk", 6), ("rr", 0)])
    city = C(CITIES)
    zipc = city[3] + "%02d" % R.randint(1, 99)
    if kind == "pobox":
        num = str(W([(R.randint(1, 999), 5), (R.randint(1000, 99999), 3)]))
        return dict(kind="pobox", number=num, city=city, zip=zipc)
    if kind == "uk":
        town = C(UK_TOWNS)
        st = C(UK_STREETS)
        return dict(kind="uk", number=str(R.randint(1, 220)), street=st, unit=("Flat", str(R.randint(1, 12))) if P(0.5) else None,
                    town=town)
    num = str(W([(R.randint(1, 99), 2), (R.randint(100, 999), 4), (R.randint(1000, 9999), 5),
                 (R.randint(10000, 29999), 2)]))
    d = C(DIRS) if P(0.3) else None
    if P(0.1):
        o = C(ORD_STREETS)
        st = o[0]
        spoken_st = o[1]
        if d is None:
            d = C(DIRS)
    else:
        st = C(STREETS)
        spoken_st = st.lower()
    t = C(STREET_TYPES)
    unit = None
    if P(0.35):
        uk = C(UNIT_KINDS)
        uid = W([(str(R.randint(1, 30)), 3), (str(R.randint(1, 9)) + C("ABCDEF"), 2),
                 (str(R.randint(100, 499)), 2)])
        unit = (uk, uid)
    return dict(kind="us", number=num, dir=d, street=st, spoken_street=spoken_st, type=t,
                unit=unit, city=city, zip=zipc)


# ============================================================================
# Item and markup
# ============================================================================
MARK = re.compile(r"\x01(\d+)\x02")
PUNCT_STRIP = re.compile(r"[,.!?;:\"\u2026()]")


def fix_luhn(text):
    """Distractors never pass Luhn when they have 13-19 digits: nudge the last digit."""
    ds = re.sub(r"\D", "", text)
    if 13 <= len(ds) <= 19 and luhn_ok(ds):
        i = max(j for j, ch in enumerate(text) if ch.isdigit())
        text = text[:i] + str((int(text[i]) + 1) % 10) + text[i + 1:]
    return text


class Item:
    def __init__(self, kind, style="typed"):
        self.kind = kind
        self.style = style
        self.segs = []
        self.values = {}
        self.tags = []
        self.ninst = 0

    @property
    def spoken(self):
        return self.style in ("lower", "upper", "whisper", "lower_num")

    def tag(self, *ts):
        for t in ts:
            if t not in self.tags:
                self.tags.append(t)

    def val(self, typ, value, **meta):
        vid = "v%d" % (len(self.values) + 1)
        d = {"type": typ, "value": value}
        d.update(meta)
        self.values[vid] = d
        return vid

    def inst(self):
        self.ninst += 1
        return "i%d" % self.ninst

    def case(self, t):
        if self.style in ("lower", "lower_num"):
            return t.lower()
        if self.style == "upper":
            return t.upper()
        return t

    def _mk(self, seg):
        self.segs.append(seg)
        return "\x01%d\x02" % (len(self.segs) - 1)

    def S(self, vid, text, role="primary", inst=None, raw=False):
        if inst is None:
            inst = self.inst()
        if self.spoken and not raw:
            text = self.case(text)
        return self._mk(dict(k="span", vid=vid, text=text, role=role, inst=inst))

    def D(self, kind, text, raw=False):
        if self.spoken and not raw:
            text = self.case(text)
        return self._mk(dict(k="dis", kind=kind, text=fix_luhn(text)))

    def N(self, kind, text, raw=False):
        if self.spoken and not raw:
            text = self.case(text)
        return self._mk(dict(k="neu", kind=kind, text=text))

    def plain(self, raw):
        """Apply the recogniser style to plain text (markers untouched)."""
        if self.style in ("lower", "lower_num", "upper"):
            parts = MARK.split(raw)
            out = []
            for i, p in enumerate(parts):
                if i % 2 == 1:
                    out.append("\x01%s\x02" % p)
                else:
                    p = PUNCT_STRIP.sub("", p)
                    p = p.replace(" - ", " ").replace("--", " ")
                    p = p.upper() if self.style == "upper" else p.lower()
                    out.append(p)
            s = "".join(out)
            s = re.sub(r"  +", " ", s)
            return s.strip()
        if self.style == "whisper":
            # capitalise a marker that starts a sentence
            for m in MARK.finditer(raw):
                before = raw[:m.start()]
                if before.strip() == "" or re.search(r"[.?!]\s$", before):
                    seg = self.segs[int(m.group(1))]
                    t = seg["text"]
                    if t and t[0].islower():
                        seg["text"] = t[0].upper() + t[1:]
            return raw
        return raw

    def finish(self, raw, iid):
        out, spans, dis, neu = [], [], [], []
        pos = 0
        last = 0
        for m in MARK.finditer(raw):
            plain = raw[last:m.start()]
            out.append(plain)
            pos += len(plain)
            seg = self.segs[int(m.group(1))]
            t = seg["text"]
            if seg["k"] == "span":
                a, b = 0, len(t)
                while a < b and not t[a].isalnum():
                    a += 1
                while b > a and not t[b - 1].isalnum():
                    b -= 1
                assert b > a, (t, seg)
                v = self.values[seg["vid"]]
                spans.append(dict(start=pos + a, end=pos + b, type=v["type"], value_id=seg["vid"],
                                  instance=seg["inst"], role=seg["role"], text=t[a:b],
                                  value=v["value"]))
            elif seg["k"] == "dis":
                dis.append(dict(start=pos, end=pos + len(t), kind=seg["kind"], text=t))
            else:
                neu.append(dict(start=pos, end=pos + len(t), kind=seg["kind"], text=t))
            out.append(t)
            pos += len(t)
            last = m.end()
        out.append(raw[last:])
        text = "".join(out)
        assert "\x01" not in text and "\x02" not in text
        used = []
        for s in spans:
            if s["value_id"] not in used:
                used.append(s["value_id"])
        # renumber instances per item in order of appearance
        inst_map = {}
        for s in spans:
            if s["instance"] not in inst_map:
                inst_map[s["instance"]] = "i%d" % (len(inst_map) + 1)
            s["instance"] = inst_map[s["instance"]]
        values = {k: v for k, v in self.values.items() if k in used}
        for v in values.values():
            for key in ("card",):
                if key in v and v[key] not in values:
                    del v[key]
        gold = {"id": iid, "kind": self.kind, "text": text,
                "spans": [{"start": s["start"], "end": s["end"], "type": s["type"]} for s in spans],
                "tags": sorted(set(self.tags + [self.kind] + (["no_pii"] if not spans else [])))}
        side = {"id": iid, "spans": spans, "values": values, "distractors": dis, "neutral": neu}
        return gold, side


# ============================================================================
# Spoken numbers
# ============================================================================
UNIT_W = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEEN_W = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
TENS_W = [None, None, "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORD_W = [None, "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
         "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
         "seventeenth", "eighteenth", "nineteenth", "twentieth"]
SLIPS = {"1": [("won", 5)], "2": [("to", 4), ("too", 3)], "4": [("for", 5), ("fore", 1)],
         "8": [("ate", 4)], "3": [("tree", 1)], "6": [("sex", 1)], "9": [("nein", 1)]}
IN_FILLERS = ["um", "uh", "like", "let me see", "hold on", "uh hold on", "um let me see", "hang on"]


def ordinal_words(n):
    if n <= 20:
        return ORD_W[n]
    t, u = divmod(n, 10)
    if u == 0:
        return {3: "thirtieth"}[t]
    return TENS_W[t] + " " + ORD_W[u]


def ordinal_num(n):
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return "%d%s" % (n, suf)


class Voice:
    def __init__(self, style):
        self.style = style
        self.zero = W([("oh", 60), ("zero", 30), ("o", 10)])
        self.dbl = P(0.45)
        self.pairs = R.random()
        self.slip = P(0.14)
        self.stuck = style in ("lower", "lower_num", "upper") and P(0.12)
        self.hyphen = style == "whisper" and P(0.25)
        self.fill = P(0.35)
        self.numerals = {"whisper": 0.5, "lower_num": 0.35}.get(style, 0.0)


def zero_word(v):
    return v.zero if not P(0.12) else C(["oh", "zero"])


def unit_word(d, v):
    return zero_word(v) if d == "0" else UNIT_W[int(d)]


def ph(words, first, last):
    return [words, first, last]


def read_single(g, v, slips=True):
    out = []
    i = 0
    while i < len(g):
        d = g[i]
        run = 1
        while i + run < len(g) and g[i + run] == d:
            run += 1
        cls = "z" if d == "0" else "u"
        if v.dbl and run >= 2 and P(0.6):
            if run >= 3 and P(0.5):
                out.append(ph("triple " + unit_word(d, v), "dbl", cls))
                i += 3
                continue
            out.append(ph("double " + unit_word(d, v), "dbl", cls))
            i += 2
            continue
        w = unit_word(d, v)
        out.append(ph(w, cls, cls))
        i += 1
    return out


def pair_words(ab, v, hyph=None):
    """Words for a two-digit number 10..99 (no leading zero). Returns (words, first, last)."""
    a, b = ab
    if a == "1":
        return TEEN_W[int(b)], "teen", "teen"
    t = TENS_W[int(a)]
    if b == "0":
        return t, "tens", "tens"
    if v.stuck and P(0.5):
        return t + UNIT_W[int(b)], "tu", "tu"
    if hyph if hyph is not None else v.hyphen:
        return t + "-" + UNIT_W[int(b)], "tens", "u"
    return t + " " + UNIT_W[int(b)], "tens", "u"


def read_pair(ab, v):
    a, b = ab
    if a == "0":
        if b == "0":
            zw = zero_word(v)
            return [ph(C(["double " + zw, zw + " " + zw]), "z", "z")]
        return [ph(zero_word(v), "z", "z"), ph(UNIT_W[int(b)], "u", "u")]
    return [ph(*pair_words(ab, v))]


def read_pairs(g, v):
    n = len(g)
    if n == 1:
        return read_single(g, v)
    if n == 2:
        return read_pair(g, v)
    if n == 3:
        if g[0] != "0" and P(0.5):
            return read_single(g[0], v) + read_pair(g[1:], v)
        return read_pair(g[:2], v) + read_single(g[2], v)
    cut = 2 if n % 2 == 0 or P(0.5) else 1
    if cut == 1:
        return read_single(g[0], v) + read_pairs(g[1:], v)
    return read_pair(g[:2], v) + read_pairs(g[2:], v)


def read_hund(g, v):
    n = len(g)
    if n == 3 and g[0] != "0":
        a = UNIT_W[int(g[0])]
        bc = g[1:]
        if bc == "00":
            return [ph(a + " hundred", "u", "h")]
        if bc[0] == "0":
            return [ph(a + " hundred and " + UNIT_W[int(bc[1])], "u", "u")]
        w, f, l = pair_words(bc, v, hyph=False)
        return [ph(a + " hundred" + C([" and ", " "]) + w, "u", l)]
    if n == 4:
        if g[2:] == "00" and g[0] != "0" and (g[0] == "1" or g[1] != "0"):
            w, f, l = pair_words(g[:2], v, hyph=False)
            return [ph(w + " hundred", f, "h")]
        if g[0] != "0" and g[1] == "0" and g[2] == "0" and g[3] == "0":
            return [ph(UNIT_W[int(g[0])] + " thousand", "u", "th")]
        if g[0] != "0" and g[1] == "0" and g[2] == "0":
            return [ph(UNIT_W[int(g[0])] + " thousand" + C([" and ", " "]) + UNIT_W[int(g[3])], "u", "u")]
        if g[0] != "0" and g[1] == "0" and g[2] != "0":
            w, f, l = pair_words(g[2:], v, hyph=False)
            return [ph(UNIT_W[int(g[0])] + " thousand" + C([" and ", " "]) + w, "u", l)]
    return None


def read_mixed(g, v):
    if len(g) < 3:
        return [ph(g, "num", "num")]
    a = R.randint(0, len(g) - 2)
    b = R.randint(a + 2, len(g))
    if b - a == len(g):
        b -= 1
    out = []
    if a:
        out += read_single(g[:a], v)
    out.append(ph(g[a:b], "num", "num"))
    if b < len(g):
        out += read_single(g[b:], v)
    return out


def apply_slip(phrases):
    idx = [i for i, p in enumerate(phrases) if p[1] == "u" and p[2] == "u" and " " not in p[0]
           and p[0] in ("one", "two", "four", "eight", "three", "six", "nine")]
    if not idx:
        return False
    i = C(idx)
    d = str(UNIT_W.index(phrases[i][0]))
    phrases[i][0] = W(SLIPS[d])
    return True


def risk(p, q):
    if p[2] == "tens" and q[1] == "u":
        return True
    if p[2] == "h" and q[1] in ("teen", "tens", "tu", "and"):
        return True
    if p[2] == "th" and q[1] in ("u", "teen", "tens", "tu", "and"):
        return True
    return False


def read_group(g, v, mode):
    if mode == "num":
        return [ph(g, "num", "num")]
    if mode == "mixed":
        return read_mixed(g, v)
    if mode == "hund":
        r = read_hund(g, v)
        if r:
            return r
        mode = "pairs"
    if mode == "pairs":
        return read_pairs(g, v)
    if mode == "hyph":
        return [ph("-".join(unit_word(d, v) for d in g), "z" if g[0] == "0" else "u",
                   "z" if g[-1] == "0" else "u")]
    return read_single(g, v)


def speak(ds, groups, v, style, modes=None, seps=None, fill_p=None, slip=None, info=None):
    """Render a digit string as a recogniser would. groups: list of group lengths."""
    gs = split_groups(ds, groups)
    whisper = style == "whisper"
    if modes is None:
        modes = []
        base = "pairs" if v.pairs > 0.6 else "single"
        for g in gs:
            r = R.random()
            if v.numerals and r < v.numerals:
                m = "num" if P(0.75) else "mixed"
            elif whisper and v.hyphen and P(0.5):
                m = "hyph"
            elif read_hund(g, v) and P(0.35):
                m = "hund"
            elif P(0.25):
                m = "pairs" if base == "single" else "single"
            else:
                m = base
            modes.append(m)
    phr_groups = [read_group(g, v, m) for g, m in zip(gs, modes)]
    slipped = False
    if (slip if slip is not None else (v.slip and P(0.5))):
        flat = [p for grp in phr_groups for p in grp]
        slipped = apply_slip(flat)
    out = ""
    prev = None
    fill_p = (0.12 if v.fill else 0.03) if fill_p is None else fill_p
    used_fill = False
    for gi, grp in enumerate(phr_groups):
        for pi, p in enumerate(grp):
            if prev is not None:
                if pi == 0:
                    if seps is not None:
                        sep = seps[gi - 1]
                    elif whisper:
                        sep = W([(", ", 45), ("... ", 15), (". ", 8), (" ", 20), (", and then ", 4),
                                 (" - ", 3), (", um, ", 5)])
                    else:
                        sep = " "
                        if P(fill_p):
                            sep = " " + C(IN_FILLERS) + " "
                            used_fill = True
                        elif P(0.03) and prev[2] not in ("h", "th"):
                            sep = C([" and ", " and then "])
                    if sep.strip() in ("", "and", "and then", "-") and risk(prev, p):
                        sep = ", " if whisper else " " + C(["uh", "um"]) + " "
                        used_fill = used_fill or not whisper
                    if sep.startswith(" and") and prev[2] in ("h", "th"):
                        sep = " uh "
                        used_fill = True
                else:
                    sep = " "
                    if risk(prev, p):
                        sep = ", " if whisper else " uh "
                        used_fill = used_fill or not whisper
                out += sep
                if "um" in sep or "uh" in sep or "like" in sep or "hold" in sep or "hang" in sep:
                    used_fill = True
            out += p[0]
            prev = p
    if whisper:
        out = re.sub(r"([.?!] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), out)
    if info is not None:
        info["modes"] = modes
        info["slip"] = slipped
        info["fill"] = used_fill
    return out


def tag_modes(it, prefix, info):
    ms = info.get("modes", [])
    if "num" in ms and any(m != "num" for m in ms):
        it.tag(prefix + "_numerals_mixed")
    elif ms and all(m == "num" for m in ms):
        it.tag(prefix + "_numerals")
    if "mixed" in ms:
        it.tag(prefix + "_numeral_inside_group")
    if "hund" in ms:
        it.tag(prefix + "_hundreds")
    if "hyph" in ms:
        it.tag(prefix + "_hyphen_digits")
    if "pairs" in ms:
        it.tag(prefix + "_pairs")
    if info.get("slip"):
        it.tag(prefix + "_asr_slip")
    if info.get("fill"):
        it.tag(prefix + "_filler_inside")


def say_month(m):
    return MONTHS[m - 1].lower()


def say_year(y, v, style, full=None):
    """Spoken year; full=True forces four digits."""
    yy = y % 100
    if full is None:
        full = P(0.45)
    if not full:
        if yy < 10:
            return zero_word(v) + " " + UNIT_W[yy]
        return pair_words("%02d" % yy, v)[0]
    if y >= 2000:
        if P(0.5) and yy >= 10:
            return "twenty " + pair_words("%02d" % yy, v)[0]
        if yy == 0:
            return "two thousand"
        tail = UNIT_W[yy] if yy < 10 else pair_words("%02d" % yy, v)[0]
        return "two thousand " + C(["and ", ""]) + tail
    cen = pair_words(str(y)[:2], v, hyph=False)[0]
    if yy == 0:
        return cen + " hundred"
    if yy < 10:
        return cen + " " + zero_word(v) + " " + UNIT_W[yy]
    return cen + " " + pair_words("%02d" % yy, v)[0]


def say_expiry(m, y, v, style, fmt=None):
    whisper = style == "whisper"
    opts = [("mm_yy", 4), ("m_yy", 4), ("month_yy", 4), ("month_of_yy", 2), ("month_yyyy", 3),
            ("slash", 2), ("digits4", 2)]
    if whisper:
        opts += [("w_mm/yy", 6), ("w_m/yy", 3), ("w_month_yyyy", 3), ("w_mm/yyyy", 2),
                 ("w_mixed", 2)]
    fmt = fmt or W(opts)
    mm = "%02d" % m
    yy = "%02d" % (y % 100)
    if fmt == "mm_yy":
        s = zero_word(v) + " " + UNIT_W[m] if m < 10 else pair_words(mm, v)[0]
        return s + " " + say_year(y, v, style, full=False), "exp_spoken_mm_yy"
    if fmt == "m_yy":
        s = UNIT_W[m] if m < 10 else pair_words(mm, v)[0]
        return s + " " + say_year(y, v, style, full=False), "exp_spoken_m_yy"
    if fmt == "month_yy":
        return say_month(m) + " " + say_year(y, v, style, full=False), "exp_month_yy"
    if fmt == "month_of_yy":
        return say_month(m) + " of " + say_year(y, v, style), "exp_month_of_year"
    if fmt == "month_yyyy":
        return say_month(m) + " " + say_year(y, v, style, full=True), "exp_month_yyyy"
    if fmt == "slash":
        s = zero_word(v) + " " + UNIT_W[m] if m < 10 and P(0.7) else (UNIT_W[m] if m < 10 else pair_words(mm, v)[0])
        return s + " slash " + say_year(y, v, style, full=False), "exp_spoken_slash"
    if fmt == "digits4":
        return " ".join(unit_word(d, v) for d in mm + yy), "exp_spoken_digits"
    if fmt == "w_mm/yy":
        return mm + "/" + yy, "exp_numeral"
    if fmt == "w_m/yy":
        return "%d/%s" % (m, yy), "exp_numeral"
    if fmt == "w_month_yyyy":
        return MONTHS[m - 1] + " " + str(y), "exp_numeral_month"
    if fmt == "w_mm/yyyy":
        return "%s/%d" % (mm, y), "exp_numeral"
    # w_mixed: "oh nine, 27"
    s = zero_word(v) + " " + UNIT_W[m] if m < 10 else pair_words(mm, v)[0]
    return s + ", " + yy, "exp_words_numeral_mixed"


def say_cvv(c, v, style):
    n = len(c)
    r = R.random()
    if style == "whisper" and r < 0.4:
        return c, "cvv_numeral"
    if style == "lower_num" and r < 0.25:
        return c, "cvv_numeral"
    r = R.random()
    if n == 3:
        if r < 0.5 or c[0] == "0":
            return " ".join(read_single_plain(c, v)), "cvv_digits"
        if r < 0.8 and c[1] != "0":
            return UNIT_W[int(c[0])] + " " + pair_words(c[1:], v, hyph=False)[0], "cvv_unit_pair"
        h = read_hund(c, v)
        return h[0][0], "cvv_hundreds"
    if r < 0.4 or c[0] == "0" or c[2] == "0":
        return " ".join(read_single_plain(c, v)), "cvv_digits"
    if r < 0.8:
        return pair_words(c[:2], v, hyph=False)[0] + " " + pair_words(c[2:], v, hyph=False)[0], "cvv_pairs"
    h = read_hund(c, v)
    if h and h[0][2] != "tens":
        return h[0][0], "cvv_hundreds"
    return " ".join(read_single_plain(c, v)), "cvv_digits"


def read_single_plain(g, v):
    return [unit_word(d, v) for d in g]


def say_dob(y, m, d, v, style):
    whisper = style == "whisper"
    opts = [("month_ord_year", 4), ("ord_of_month_year", 3), ("month_day_year", 2),
            ("num_words", 3), ("digits", 2), ("day_month_year", 1)]
    if whisper:
        opts += [("w_month_d_yyyy", 4), ("w_mdy", 3), ("w_d_month_yyyy", 2), ("w_mdy2", 1)]
    fmt = W(opts)
    if fmt == "month_ord_year":
        return say_month(m) + " " + ordinal_words(d) + " " + say_year(y, v, style), "dob_month_ord_year"
    if fmt == "ord_of_month_year":
        return ordinal_words(d) + " of " + say_month(m) + " " + say_year(y, v, style), "dob_ord_of_month_year"
    if fmt == "month_day_year":
        dw = UNIT_W[d] if d < 10 else pair_words("%02d" % d, v, hyph=False)[0]
        return say_month(m) + " " + dw + " " + say_year(y, v, style, full=True), "dob_month_day_year"
    if fmt == "num_words":
        mw = UNIT_W[m] if m < 10 else pair_words("%02d" % m, v, hyph=False)[0]
        dw = UNIT_W[d] if d < 10 else pair_words("%02d" % d, v, hyph=False)[0]
        return mw + " " + dw + " " + say_year(y, v, style), "dob_spoken_numeric"
    if fmt == "digits":
        s = "%02d%02d%02d" % (m, d, y % 100) if P(0.6) else "%02d%02d%d" % (m, d, y)
        return " ".join(unit_word(c, v) for c in s), "dob_spoken_digits"
    if fmt == "day_month_year":
        return UNIT_W[d] if d < 10 else pair_words("%02d" % d, v, hyph=False)[0], None
    if fmt == "w_month_d_yyyy":
        return "%s %s, %d" % (MONTHS[m - 1], C([str(d), ordinal_num(d)]), y), "dob_numeral_month"
    if fmt == "w_mdy":
        return "%d/%d/%s" % (m, d, C([str(y), "%02d" % (y % 100)])), "dob_numeral_slash"
    if fmt == "w_d_month_yyyy":
        return "%d %s %d" % (d, MONTHS[m - 1], y), "dob_numeral_d_month"
    return "%02d/%02d/%d" % (m, d, y), "dob_numeral_slash"


def say_dob_fix(y, m, d, v, style):
    s, t = say_dob(y, m, d, v, style)
    if t is None:  # day month year, spoken
        dw = ordinal_words(d) if P(0.5) else (UNIT_W[d] if d < 10 else pair_words("%02d" % d, v, hyph=False)[0])
        return dw + " " + say_month(m) + " " + say_year(y, v, style), "dob_day_month_year"
    return s, t


def say_price(dollars, cents, v, style):
    if style == "whisper":
        return "$%s.%02d" % ("{:,}".format(dollars), cents) if cents else "$" + "{:,}".format(dollars)
    dw = num_words(dollars)
    if cents == 0:
        return dw + " dollars"
    if P(0.5):
        return dw + " " + (pair_words("%02d" % cents, v, hyph=False)[0] if cents >= 10 else zero_word(v) + " " + UNIT_W[cents])
    return dw + " dollars and " + (num_words(cents)) + " cents"


def num_words(n):
    if n < 10:
        return UNIT_W[n]
    if n < 100:
        return pair_words("%02d" % n, Voice("lower"), hyph=False)[0] if n >= 10 else UNIT_W[n]
    if n < 1000:
        h, r = divmod(n, 100)
        return UNIT_W[h] + " hundred" + ((" " + C(["and ", ""]) + num_words(r)) if r else "")
    th, r = divmod(n, 1000)
    return num_words(th) + " thousand" + ((" " + num_words(r)) if r else "")


def say_time(h, mi, v, style):
    if style == "whisper":
        return "%d:%02d%s" % (h, mi, C(["", " AM" if h < 12 else " PM", " a.m.", " p.m."])) if mi or P(0.5) else "%d o'clock" % h
    hh = h if h <= 12 else h - 12
    if mi == 0:
        return num_words(hh) + C([" o'clock", "", " am" if h < 12 else " pm"])
    mw = (zero_word(v) + " " + UNIT_W[mi]) if mi < 10 else pair_words("%02d" % mi, v, hyph=False)[0]
    return num_words(hh) + " " + mw + C(["", "", " in the morning" if h < 12 else " in the afternoon"])


def say_digits_plain(ds, v, style, groups=None):
    groups = groups or [len(ds)]
    return speak(ds, groups, v, style, fill_p=0.0, slip=False)


# ============================================================================
# Typed renderings
# ============================================================================
NBSP = "\u00a0"
THIN = "\u2009"


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s)


def type_card(ds, brand, fmt=None):
    gs = split_groups(ds, card_groups(ds, brand))
    fmt = fmt or W([("space", 30), ("dash", 12), ("none", 14), ("dot", 4), ("nbsp", 3),
                    ("double", 3), ("mixed", 4), ("irregular", 6), ("comma", 2), ("slash", 1),
                    ("fullwidth", 2), ("thin", 1), ("spaced_digits", 2), ("underscore", 1)])
    if fmt == "space":
        s = " ".join(gs)
    elif fmt == "dash":
        s = "-".join(gs)
    elif fmt == "none":
        s = ds
    elif fmt == "dot":
        s = ".".join(gs)
    elif fmt == "nbsp":
        s = NBSP.join(gs)
    elif fmt == "thin":
        s = THIN.join(gs)
    elif fmt == "double":
        s = "  ".join(gs)
    elif fmt == "mixed":
        s = gs[0]
        for g in gs[1:]:
            s += C([" ", "-", " - ", "-", " "]) + g
    elif fmt == "irregular":
        cuts = sorted(R.sample(range(2, len(ds) - 1), R.randint(1, 3)))
        parts, last = [], 0
        for c in cuts:
            parts.append(ds[last:c])
            last = c
        parts.append(ds[last:])
        s = " ".join(parts)
    elif fmt == "comma":
        s = ", ".join(gs)
    elif fmt == "slash":
        s = "/".join(gs)
    elif fmt == "fullwidth":
        s = fullwidth(" ".join(gs))
    elif fmt == "underscore":
        s = "_".join(gs)
    else:
        s = " ".join(ds)
    return s, "card_typed_" + fmt


def type_expiry(m, y, fmt=None):
    mm, yy = "%02d" % m, "%02d" % (y % 100)
    fmts = [("mm/yy", 30), ("m/yy", 8), ("mm-yy", 5), ("mmyy", 6), ("mm/yyyy", 6), ("m-yyyy", 2),
            ("mm.yy", 2), ("mon yy", 4), ("Mon yyyy", 4), ("MON/yy", 2), ("Month yyyy", 3),
            ("mm / yy", 2), ("mon 'yy", 2), ("mm yy", 3), ("m/yyyy", 2), ("yyyy-mm", 2), ("mm\\yy", 1)]
    fmt = fmt or W(fmts)
    s = {"mm/yy": mm + "/" + yy, "m/yy": "%d/%s" % (m, yy), "mm-yy": mm + "-" + yy,
         "mmyy": mm + yy, "mm/yyyy": "%s/%d" % (mm, y), "m-yyyy": "%d-%d" % (m, y),
         "mm.yy": mm + "." + yy, "mon yy": MON3[m - 1].lower() + " " + yy,
         "Mon yyyy": MON3[m - 1] + " " + str(y), "MON/yy": MON3[m - 1].upper() + "/" + yy,
         "Month yyyy": MONTHS[m - 1] + " " + str(y), "mm / yy": mm + " / " + yy,
         "mon 'yy": MON3[m - 1] + " '" + yy, "mm yy": mm + " " + yy, "m/yyyy": "%d/%d" % (m, y),
         "yyyy-mm": "%d-%s" % (y, mm), "mm\\yy": mm + "\\" + yy}[fmt]
    return s, "exp_typed_" + re.sub(r"[^a-zA-Z]+", "_", fmt).strip("_").lower()


def type_phone(p, fmt=None):
    nsn = p["nsn"]
    if p["cc"] == "1":
        a, e, l = nsn[:3], nsn[3:6], nsn[6:]
        fmts = [("paren", 20), ("dash", 20), ("dot", 8), ("plain", 8), ("plus1_space", 6),
                ("plus1_dash", 5), ("one_dash", 5), ("one_paren", 3), ("space", 6),
                ("paren_tight", 4), ("e164", 4), ("slash", 1), ("dash_space", 2)]
        fmt = fmt or W(fmts)
        s = {"paren": "(%s) %s-%s" % (a, e, l), "dash": "%s-%s-%s" % (a, e, l),
             "dot": "%s.%s.%s" % (a, e, l), "plain": nsn, "plus1_space": "+1 %s %s %s" % (a, e, l),
             "plus1_dash": "+1-%s-%s-%s" % (a, e, l), "one_dash": "1-%s-%s-%s" % (a, e, l),
             "one_paren": "1 (%s) %s-%s" % (a, e, l), "space": "%s %s %s" % (a, e, l),
             "paren_tight": "(%s)%s-%s" % (a, e, l), "e164": "+1" + nsn,
             "slash": "%s/%s-%s" % (a, e, l), "dash_space": "%s - %s - %s" % (a, e, l)}[fmt]
        return s, "phone_typed_" + fmt
    grp = p.get("grp") or [len(nsn)]
    parts = split_groups(nsn, grp)
    fmt = fmt or W([("plus_space", 10), ("plus_compact", 3), ("00", 2), ("national", 4),
                    ("plus_dash", 2), ("plus_trunk", 1 if p["trunk"] else 0)])
    if fmt == "plus_space":
        s = "+" + p["cc"] + " " + " ".join(parts)
    elif fmt == "plus_compact":
        s = "+" + p["cc"] + nsn
    elif fmt == "00":
        s = "00" + p["cc"] + " " + " ".join(parts)
    elif fmt == "national":
        s = (p["trunk"] + " ".join(parts)) if p["trunk"] else " ".join(parts)
    elif fmt == "plus_dash":
        s = "+" + p["cc"] + "-" + "-".join(parts)
    else:
        s = "+" + p["cc"] + " (0)" + " ".join(parts)
    return s, "phone_intl_" + fmt


def type_email(e, fmt=None):
    local, dom = e.split("@")
    fmt = fmt or W([("plain", 40), ("caps", 8), ("upper_first", 6), ("bracket", 4), ("paren", 3),
                    ("words", 3), ("AT_DOT", 2), ("spaced_at", 2), ("curly", 1), ("fw_at", 1)])
    if fmt == "plain":
        s = e
    elif fmt == "caps":
        s = ".".join(x[:1].upper() + x[1:] for x in local.split(".")) + "@" + dom[:1].upper() + dom[1:]
    elif fmt == "upper_first":
        s = local[:1].upper() + local[1:] + "@" + dom
    elif fmt == "bracket":
        s = local + " [at] " + dom.replace(".", " [dot] ")
    elif fmt == "paren":
        s = local + "(at)" + dom.replace(".", "(dot)")
    elif fmt == "words":
        s = local.replace(".", " dot ") + " at " + dom.replace(".", " dot ")
    elif fmt == "AT_DOT":
        s = local + " AT " + dom.replace(".", " DOT ")
    elif fmt == "spaced_at":
        s = local + " @ " + dom
    elif fmt == "curly":
        s = local + "{at}" + dom
    else:
        s = local + "\uff20" + dom
    return s, "email_typed_" + fmt.lower()


def type_ssn(v, fmt=None):
    a, g, s = v[:3], v[3:5], v[5:]
    fmt = fmt or W([("dash", 50), ("space", 12), ("plain", 15), ("dot", 3), ("slash", 1),
                    ("dash_space", 2)])
    return {"dash": "%s-%s-%s" % (a, g, s), "space": "%s %s %s" % (a, g, s), "plain": v,
            "dot": "%s.%s.%s" % (a, g, s), "slash": "%s/%s/%s" % (a, g, s),
            "dash_space": "%s - %s - %s" % (a, g, s)}[fmt], "ssn_typed_" + fmt


def type_iban(iban, fmt=None):
    fmt = fmt or W([("groups", 10), ("compact", 5), ("lower_groups", 2), ("dash", 1)])
    gs = [iban[i:i + 4] for i in range(0, len(iban), 4)]
    if fmt == "groups":
        s = " ".join(gs)
    elif fmt == "compact":
        s = iban
    elif fmt == "lower_groups":
        s = " ".join(gs).lower()
    else:
        s = "-".join(gs)
    return s, "iban_typed_" + fmt


def type_dob(y, m, d, fmt=None):
    fmts = [("mdy", 20), ("mdy_dash", 5), ("iso", 8), ("dmy_dot", 5), ("dmy", 4), ("month_d_y", 6),
            ("d_mon_y", 4), ("mdyy", 3), ("dmy_dash", 2), ("mon_d_y", 2), ("compact", 1)]
    fmt = fmt or W(fmts)
    s = {"mdy": "%02d/%02d/%d" % (m, d, y), "mdy_dash": "%02d-%02d-%d" % (m, d, y),
         "iso": "%d-%02d-%02d" % (y, m, d), "dmy_dot": "%02d.%02d.%d" % (d, m, y),
         "dmy": "%d/%d/%d" % (d, m, y), "month_d_y": "%s %d, %d" % (MONTHS[m - 1], d, y),
         "d_mon_y": "%d %s %d" % (d, MON3[m - 1], y), "mdyy": "%d/%d/%02d" % (m, d, y % 100),
         "dmy_dash": "%02d-%s-%d" % (d, MON3[m - 1], y), "mon_d_y": "%s %d %d" % (MON3[m - 1].lower(), d, y),
         "compact": "%02d%02d%d" % (m, d, y)}[fmt]
    if fmt == "dmy" and d <= 12:
        s = "%02d/%02d/%d" % (d, m, y)
    return s, "dob_typed_" + fmt


def addr_typed(a, abbrev=None, with_unit=True):
    """Street part only (no city). Returns text."""
    if a["kind"] == "pobox":
        return C(["PO Box ", "P.O. Box ", "P O Box ", "POB ", "Post Office Box "]) + a["number"]
    if a["kind"] == "uk":
        s = a["number"] + " " + a["street"]
        if a["unit"] and with_unit:
            s = "%s %s, %s" % (a["unit"][0], a["unit"][1], s)
        return s
    ab = P(0.5) if abbrev is None else abbrev
    parts = [a["number"]]
    if a["dir"]:
        parts.append(a["dir"][0] if ab else a["dir"][1])
    parts.append(a["street"])
    t = a["type"]
    parts.append(C(t[1]) if (ab and t[1]) else t[0])
    s = " ".join(parts)
    if a["unit"] and with_unit:
        uk, uid = a["unit"]
        s += C([", ", " ", " "]) + (uk[0] + " " + uid if uk[0] != "#" else C(["#", "# "]) + uid)
    return s


def addr_tail_typed(a):
    if a["kind"] == "uk":
        return "%s %s" % (a["town"][0], a["town"][1])
    c = a["city"]
    return "%s, %s %s" % (c[0], c[1], a["zip"])


def say_house_number(n, v, style):
    if style == "whisper" and P(0.7):
        return n
    r = R.random()
    if len(n) <= 2:
        return UNIT_W[int(n)] if len(n) == 1 else pair_words(n, v, hyph=False)[0]
    if len(n) == 3:
        if r < 0.5 and n[1] != "0":
            return UNIT_W[int(n[0])] + " " + pair_words(n[1:], v, hyph=False)[0]
        if r < 0.7 and n[1:] == "00":
            return UNIT_W[int(n[0])] + " hundred"
        return " ".join(unit_word(d, v) for d in n)
    if len(n) == 4:
        if r < 0.55 and n[0] != "0" and n[2] != "0" and (n[1] != "0" or n[0] == "1"):
            return pair_words(n[:2], v, hyph=False)[0] + " " + pair_words(n[2:], v, hyph=False)[0]
        if n[2:] == "00" and (n[1] != "0" or n[0] == "1"):
            return pair_words(n[:2], v, hyph=False)[0] + " hundred"
        return " ".join(unit_word(d, v) for d in n)
    return " ".join(unit_word(d, v) for d in n)


def addr_spoken(a, v, style):
    if a["kind"] == "pobox":
        lead = C(["p o box ", "po box ", "post office box ", "p.o. box "]) if style != "whisper" else C(["PO Box ", "P.O. Box "])
        num = a["number"] if style == "whisper" else say_house_number(a["number"], v, style) if len(a["number"]) <= 4 else " ".join(unit_word(d, v) for d in a["number"])
        return lead + num
    if a["kind"] == "uk":
        s = say_house_number(a["number"], v, style) + " " + (a["street"] if style == "whisper" else a["street"].lower())
        if a["unit"]:
            s = "flat " + say_house_number(a["unit"][1], v, style) + ", " + s
        return s
    parts = [say_house_number(a["number"], v, style)]
    if a["dir"]:
        parts.append(a["dir"][1].lower())
    parts.append(a["spoken_street"] if style != "whisper" else a["street"])
    parts.append(a["type"][0].lower() if style != "whisper" else a["type"][0])
    s = " ".join(parts)
    if a["unit"]:
        uk, uid = a["unit"]
        if style == "whisper":
            s += ", " + (uk[0].rstrip(".") if uk[0] != "#" else "Unit") + " " + uid
        else:
            m = re.match(r"(\d+)([A-F]?)$", uid)
            num = say_house_number(m.group(1), v, style)
            s += " " + (uk[1] if uk[0] != "#" else "number") + " " + num + (" " + m.group(2).lower() if m.group(2) else "")
    return s


def unit_spoken(a, v, style):
    uk, uid = a["unit"]
    if style == "whisper":
        return (uk[0].rstrip(".") if uk[0] != "#" else "Unit") + " " + uid
    m = re.match(r"(\d+)([A-F]?)$", uid)
    num = say_house_number(m.group(1), v, style)
    return (uk[1] if uk[0] != "#" else "number") + " " + num + (" " + m.group(2).lower() if m.group(2) else "")


def addr_tail_spoken(a, style):
    c = a["city"]
    if style == "whisper":
        return "%s, %s %s" % (c[0], c[2], a["zip"])
    return "%s %s %s" % (c[0].lower(), c[2].lower(), " ".join(UNIT_W[int(d)] for d in a["zip"]))


# ============================================================================
# Distractors
# ============================================================================
def alnum_code(n):
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    while True:
        s = "".join(C(letters) if P(0.55) else str(R.randint(2, 9)) for _ in range(n))
        if any(c.isdigit() for c in s) and any(c.isalpha() for c in s):
            return s


def spell_code(code, v):
    out = []
    for ch in code:
        if ch.isdigit():
            out.append(unit_word(ch, v))
        else:
            out.append(ch.lower())
    return " ".join(out)


def dis_text(kind, style, v=None):
    """Return (text, kind) for a distractor, rendered for the style."""
    v = v or Voice(style)
    sp = style in ("lower", "upper", "lower_num", "whisper")
    whisper = style == "whisper"
    words = sp and not (whisper and P(0.7))

    def num(ds, groups=None):
        if not words:
            return ds
        return say_digits_plain(ds, v, style, groups)

    if kind == "order":
        ds = digits(R.choice([6, 7, 8, 9]))
        if words:
            return num(ds), kind
        return C(["#" + ds, ds, "ORD-" + ds, "W" + ds, "SO-" + ds[:6]]), kind
    if kind in ("confirmation", "otp_code"):
        code = alnum_code(R.choice([6, 6, 8]))
        return (spell_code(code, v) if words else code), "confirmation"
    if kind == "case":
        ds = digits(R.choice([6, 7, 8]))
        return (num(ds) if words else C(["CS-" + ds, "case " + ds, "#" + ds, "INC" + ds, ds])), kind
    if kind == "ticket":
        ds = digits(R.choice([5, 6]))
        return (num(ds) if words else C(["TKT-" + ds, "#" + ds, "T" + ds])), kind
    if kind == "tracking":
        if words:
            return num(digits(12)), kind
        return C(["1Z" + alnum_code(6) + digits(10), "9400 1" + digits(3) + " " + digits(4) + " " + digits(4) + " " + digits(4) + " " + digits(2),
                  "TBA" + digits(12), digits(12)]), kind
    if kind == "policy":
        ds = digits(8)
        return (spell_code("HP", v) + " " + num(ds) if words else C(["POL-" + ds[:4] + "-" + ds[4:], "HP" + ds, ds, "NG-" + ds])), kind
    if kind == "member":
        ds = digits(9)
        return (num(ds) if words else C(["MBR " + ds[:3] + " " + ds[3:6] + " " + ds[6:], "XJH" + ds, ds])), kind
    if kind == "claim":
        ds = digits(10)
        return (num(ds) if words else C(["CLM-" + ds, ds, "C" + ds])), kind
    if kind == "invoice":
        ds = digits(6)
        return (num(ds) if words else C(["INV-" + ds, "#" + ds, "invoice " + ds])), kind
    if kind == "price":
        d = W([(R.randint(5, 99), 3), (R.randint(100, 999), 3), (R.randint(1000, 4999), 1)])
        c = C([0, 99, 95, 50, R.randint(1, 99)])
        if sp:
            return say_price(d, c, v, style), kind
        return ("$%s.%02d" % ("{:,}".format(d), c)), kind
    if kind == "balance":
        d, c = R.randint(20, 9999), R.randint(0, 99)
        if sp:
            return say_price(d, c, v, style), kind
        return "$%s.%02d" % ("{:,}".format(d), c), kind
    if kind == "time":
        h, mi = R.randint(7, 19), C([0, 15, 30, 45, R.randint(0, 59)])
        if sp:
            return say_time(h, mi, v, style), kind
        hh = h if h <= 12 else h - 12
        return C(["%d:%02d%s" % (hh, mi, C(["am", "pm", " AM", " PM", ""])), "%02d:%02d" % (h, mi),
                  "%d%s" % (hh, C(["pm", "am"]))]), kind
    if kind == "date":
        m, d = R.randint(1, 12), R.randint(1, 28)
        y = C([2024, 2025, 2026])
        if sp and not (whisper and P(0.5)):
            return C([say_month(m) + " " + ordinal_words(d), "the " + ordinal_words(d),
                      WEEKDAYS[R.randint(0, 6)].lower() + " the " + ordinal_words(d)]), kind
        return C(["%d/%d" % (m, d), "%02d/%02d/%d" % (m, d, y), "%s %d" % (MON3[m - 1], d),
                  "%d-%02d-%02d" % (y, m, d), "%s %s" % (MONTHS[m - 1], ordinal_num(d))]), kind
    if kind == "year":
        y = R.randint(1998, 2026)
        return (say_year(y, v, style, full=True) if words else str(y)), kind
    if kind == "zip":
        z = C(CITIES)[3] + "%02d" % R.randint(1, 99)
        return (" ".join(unit_word(c, v) for c in z) if words else z), kind
    if kind == "otp":
        ds = digits(6, False)
        return (num(ds, [3, 3]) if words else C([ds, ds[:3] + " " + ds[3:], ds[:3] + "-" + ds[3:]])), kind
    if kind == "flight":
        al = C(["UA", "DL", "AA", "VR", "WN", "B6", "AS"])
        n = str(R.randint(100, 2999))
        return ((spell_code(al, v) + " " + num(n)) if words else C([al + " " + n, al + n])), kind
    if kind == "model":
        s = C(["RX-" + digits(4), "TX" + digits(3) + C("ABC"), "M" + digits(4) + "-" + digits(2), "XR16-" + digits(3)])
        return (spell_code(s.replace("-", ""), v) if words else s), kind
    if kind == "serial":
        s = alnum_code(4) + "-" + digits(6)
        return (spell_code(s.replace("-", ""), v) if words else s), kind
    if kind == "percent":
        p = C([str(R.randint(2, 40)), "%d.%d" % (R.randint(1, 19), R.randint(1, 9))])
        if words:
            return (num_words(int(p)) if "." not in p else num_words(int(p.split(".")[0])) + " point " + UNIT_W[int(p.split(".")[1])]) + " percent", kind
        return p + "%", kind
    if kind == "qty":
        n = R.randint(2, 48)
        if words:
            return num_words(n), kind
        return str(n), kind
    if kind == "ref16":
        ds = luhn_break(digits(16))
        if words:
            return num(ds, [4, 4, 4, 4]), kind
        return C([ds, " ".join(ds[i:i + 4] for i in range(0, 16, 4)), "REF " + ds]), kind
    if kind == "card_last4":
        ds = digits(4, False)
        return (num(ds) if words else ds), kind
    if kind == "room":
        n = str(R.randint(101, 1240))
        return (num(n) if words else n), kind
    if kind == "gate":
        g = C("ABCDE") + str(R.randint(1, 40))
        return (spell_code(g, v) if words else g), kind
    if kind == "ip":
        return "%d.%d.%d.%d" % (C([10, 172, 192, 203, 98]), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)), kind
    if kind == "url":
        return C(["https://%s/track?id=%s" % (C(COMPANIES)[3], digits(8)),
                  "https://pay.%s/inv/%s" % (C(COMPANIES)[3], digits(6)),
                  "www.%s/promo%d" % (C(COMPANIES)[3], R.randint(10, 99)),
                  "https://%s/r/%s" % (C(COMPANIES)[3], alnum_code(7))]), kind
    if kind == "duration":
        n = R.randint(2, 90)
        return ((num_words(n) + " minutes") if words else "%d min" % n), kind
    if kind == "amount_kwh":
        n = R.randint(120, 1900)
        return ((num_words(n) + " kilowatt hours") if words else "%d kWh" % n), kind
    raise KeyError(kind)


def DZ(it, kind, v=None):
    t, k = dis_text(kind, it.style, v)
    it.tag("distractor_" + k)
    return it.D(k, t)


def DW(it, kind, text):
    """Capitalised non-name word distractor."""
    it.tag("distractor_" + kind)
    return it.D(kind, text)


# ============================================================================
# Names
# ============================================================================
class Names:
    def __init__(self, it):
        self.it = it
        self.cache = {}

    def vid(self, text):
        if text not in self.cache:
            self.cache[text] = self.it.val("PERSON_NAME", text)
        return self.cache[text]

    def form(self, p, form):
        if form == "first":
            return p["first"]
        if form == "last":
            return p["last"]
        if form == "full":
            return p["first"] + " " + p["last"]
        if form == "mi":
            return "%s %s. %s" % (p["first"], p["mi"] or "J", p["last"])
        if form == "initial_last":
            return p["first"][0] + ". " + p["last"]
        if form == "last_comma_first":
            return p["last"] + ", " + p["first"]
        if form == "first_initial":
            return p["first"] + " " + p["last"][0]
        if form == "upper_full":
            return (p["first"] + " " + p["last"]).upper()
        if form == "upper_last":
            return p["last"].upper()
        raise KeyError(form)

    def __call__(self, p, form="first", role="primary", tag=None):
        it = self.it
        text = self.form(p, form)
        if it.spoken and it.style != "whisper":
            text = text.replace(".", "")
            if form == "last_comma_first":
                text = text.replace(",", "")
        vid = self.vid(text)
        name_tags(it, text, form)
        if tag:
            it.tag(tag)
        return it.S(vid, text, role)


def name_tags(it, text, form):
    it.tag("name_" + form)
    if any(ord(c) > 127 for c in text):
        it.tag("name_diacritics")
    if "-" in text:
        it.tag("name_hyphen")
    if "'" in text:
        it.tag("name_apostrophe")


def spell_name(word, v, style, mode=None):
    """Spell a name: letters separated. Returns text."""
    letters = [c for c in ascii_fold(word).lower() if c.isalpha()]
    mode = mode or W([("spaced", 4), ("hyphen", 3), ("as_in", 2), ("caps", 1 if style == "whisper" else 0)])
    if mode == "spaced":
        out = []
        i = 0
        while i < len(letters):
            if i + 1 < len(letters) and letters[i] == letters[i + 1] and P(0.6):
                out.append("double " + letters[i])
                i += 2
                continue
            out.append(letters[i])
            i += 1
        return " ".join(out), "name_spelled_spaced"
    if mode == "hyphen":
        return "-".join(letters), "name_spelled_hyphen"
    if mode == "caps":
        return "-".join(c.upper() for c in letters), "name_spelled_caps"
    out = []
    for c in letters:
        if c in AS_IN and P(0.5):
            out.append(c + " as in " + C(AS_IN[c]))
        else:
            out.append(c)
    return ", ".join(out) if style == "whisper" else " ".join(out), "name_spelled_as_in"


AS_IN = {"b": ["boy", "bravo", "baker"], "d": ["delta", "dog", "david"], "m": ["mike", "mary", "mother"],
         "n": ["november", "nora", "nut"], "s": ["sugar", "sierra", "sam"], "p": ["peter", "papa", "paul"],
         "t": ["tango", "tom", "toy"], "f": ["frank", "foxtrot", "fred"], "v": ["victor", "victory"],
         "c": ["charlie", "cat"], "k": ["kilo", "king", "kite"], "g": ["golf", "george"],
         "j": ["juliet", "john"], "r": ["romeo", "robert"], "l": ["lima", "larry"],
         "h": ["hotel", "henry"], "w": ["whiskey", "william"], "z": ["zulu", "zebra"]}


# ============================================================================
# Conversations (calls)
# ============================================================================
BACKCH = ["mm-hmm", "okay", "yep", "go ahead", "uh huh", "got it", "right", "mhm", "keep going",
          "okay, and?", "sure", "yeah", "okay, next", "alright", "uh-huh, go on"]


class Conv:
    def __init__(self, it, comp, agent, caller):
        self.it = it
        self.comp = comp
        self.agent = agent
        self.caller = caller
        self.third = None
        self.turns = []
        self.v = {"A": Voice(it.style), "C": Voice(it.style), "X": Voice(it.style)}
        self.nm = Names(it)

    def say(self, who, text):
        self.turns.append([who, self.it.plain(text)])

    def a(self, text):
        self.say("A", text)

    def c(self, text):
        self.say("C", text)

    def x(self, text):
        self.say("X", text)

    def sp(self, who, ds, groups, **kw):
        return speak(ds, groups, self.v[who], self.it.style, **kw)


def chunks_for(ds, groups, k):
    """Cut a digit string into k contiguous pieces, preferring group boundaries."""
    bounds = []
    acc = 0
    for g in groups[:-1]:
        acc += g
        bounds.append(acc)
    if k - 1 <= len(bounds):
        cuts = sorted(R.sample(bounds, k - 1))
    else:
        extra = [b for b in range(2, len(ds) - 1) if b not in bounds]
        cuts = sorted(bounds + R.sample(extra, k - 1 - len(bounds)))
    out, last = [], 0
    for c_ in cuts + [len(ds)]:
        out.append((last, c_))
        last = c_
    return out


def sub_groups(groups, a, b):
    """Group lengths for digits [a,b) of a string grouped by `groups`."""
    out = []
    pos = 0
    for g in groups:
        s, e = max(pos, a), min(pos + g, b)
        if e > s:
            out.append(e - s)
        pos += g
    return out


def deliver_number(cv, who, vid, ds, groups, prefix, lead_ins, acks, k=None, tagp="card"):
    """Say a number, possibly split over k turns. Returns instance id."""
    it = cv.it
    inst = it.inst()
    k = k or 1
    if k == 1:
        info = {}
        txt = cv.sp(who, ds, groups, info=info)
        tag_modes(it, tagp, info)
        cv.say(who, C(lead_ins).format(n=it.S(vid, txt, inst=inst)))
        return inst
    it.tag(tagp + "_split_turns", tagp + "_split_%d" % min(k, 4))
    pieces = chunks_for(ds, groups, k)
    other = "A" if who != "A" else "C"
    for pi, (a, b) in enumerate(pieces):
        info = {}
        txt = cv.sp(who, ds[a:b], sub_groups(groups, a, b), info=info)
        tag_modes(it, tagp, info)
        mk = it.S(vid, txt, inst=inst)
        if pi == 0:
            cv.say(who, C(lead_ins).format(n=mk))
        else:
            cv.say(who, C(["{n}", "{n}", "{n}", "and {n}", "then {n}", "yeah, {n}", "{n}, that's it",
                           "um, {n}", "okay, {n}"]).format(n=mk))
        if pi < len(pieces) - 1:
            r = R.random()
            if r < 0.12 and a + b > 0 and b - a >= 3:
                # interruption with a partial read-back of this piece
                rb = cv.sp(other, ds[a:b], sub_groups(groups, a, b), slip=False, fill_p=0)
                cv.say(other, C(["Sorry, you cut out. After {p}?", "Wait, was that {p}?",
                                 "Hold on, {p}, and then?", "{p}... okay, sorry, go on."]).format(
                    p=it.S(vid, rb, role="readback_partial")))
                it.tag(tagp + "_interrupt_readback")
            elif r < 0.2:
                cv.say(other, C(["Sorry, one second, my screen froze. Okay, go ahead.",
                                 "Hang on, let me get a pen.", "Sorry, can you slow down a bit?"]))
                it.tag(tagp + "_interrupted")
            else:
                cv.say(other, C(acks))
    return inst


def brand_word(brand):
    return {"visa": "Visa", "mc": C(["Mastercard", "MasterCard"]), "amex": C(["Amex", "American Express"]),
            "disc": "Discover", "jcb": "JCB", "diners": "Diners Club"}[brand]


def ep_card(cv, payer="C", second=False, holder=None):
    it = cv.it
    brand, ds = make_card()
    m, y = make_expiry()
    cvv = make_cvv(brand)
    vc = it.val("CREDIT_CARD", ds, brand=brand)
    ve = it.val("CARD_EXPIRY", "%02d/%02d" % (m, y % 100), month=m, year=y, card=vc)
    vv = it.val("CARD_CVV", cvv, card=vc)
    groups = card_groups(ds, brand)
    it.tag("card_" + brand)
    if brand == "amex":
        it.tag("cvv_cid4")
    if brand == "mc" and ds[:2] == "22" or ds[:2] in ("23", "24", "25", "26", "27"):
        it.tag("card_mc_2series")
    mode = W([("asked", 26), ("volunteered", 9), ("indirect", 12), ("one_breath", 11), ("split", 26),
              ("false_start", 9), ("stutter", 7)])
    it.tag("card_" + mode)
    who = payer
    exp_done = cvv_done = False
    if second:
        cv.a(C(["Hmm, that one's coming back declined. Do you have another card we could try?",
                "It's not going through, unfortunately. Is there a different card?",
                "Okay, that was declined by the bank. Want to try another one?"]))
        cv.say(who, C(["Ugh, okay. Try this one.", "Seriously? Okay, hold on.", "Yeah, use my other one."]))
        it.tag("two_cards")
    if mode == "volunteered":
        cv.say(who, C(["I already have the card out, it's {n}.", "Okay so the card is {n}, the " + brand_word(brand) + ".",
                       "Before I forget, the number is {n}.", "It's, uh, {n}, if you're ready."]).format(
            n=it.S(vc, cv.sp(who, ds, groups, info=(inf := {})))))
        tag_modes(it, "card", inf)
        it.tag("volunteered")
        cv.a(C(["Oh, okay, you're quick. Got it.", "Alright, I got that.", "Hang on, let me catch up... okay."]))
    elif mode == "one_breath":
        cv.a(C(["Okay, go ahead with the card details.", "I'm ready for the card information.",
                "Alright, whenever you're ready with the card, date and code.", "Go ahead with the card info."]))
        inf = {}
        c_ = it.S(vc, cv.sp(who, ds, groups, info=inf))
        tag_modes(it, "card", inf)
        e_txt, etag = say_expiry(m, y, cv.v[who], it.style)
        v_txt, vtag = say_cvv(cvv, cv.v[who], it.style)
        e_ = it.S(ve, e_txt)
        v_ = it.S(vv, v_txt)
        it.tag(etag, vtag, "exp_no_cue", "cvv_no_cue", "card_exp_cvv_one_turn")
        cv.say(who, C(["{c}, {e}, {v}.", "{c}... {e}... and {v}.", "Okay. {c}. {e}. {v}.",
                       "It's {c} and then {e} and {v}.", "{c}, um, {e}, {v}"]).format(c=c_, e=e_, v=v_))
        exp_done = cvv_done = True
    else:
        if mode == "indirect":
            cv.a(C(["And what are we putting this on today?", "How would you like to take care of that?",
                    "And what would you like to pay with?", "Okay, which card are we using?",
                    "Do you have the card in front of you?", "What should I charge that to?"]))
            lead = ["It's a " + brand_word(brand) + ", {n}.", "The " + brand_word(brand) + ". {n}.",
                    "Yeah, okay, {n}.", "Um, debit card. {n}"]
            it.tag("card_cue_indirect")
        elif mode in ("asked", "split"):
            cv.a(C(["Okay, go ahead with the card number whenever you're ready.", "And the card number?",
                    "Can I get the long number across the front?", "Alright, I'm ready for the card.",
                    "What's the number on the card, please?", "Go ahead and read me the card.",
                    "Perfect. And the number on that card?", "Okay, and the digits on the card?"]))
            lead = ["{n}", "It's {n}.", "Okay, {n}", "Yeah, {n}", "Sure. {n}", "Alright, it's {n}",
                    "Ready? {n}"]
        else:
            cv.a(C(["Go ahead with the card number.", "What's the card number?", "And the card?"]))
            lead = ["{n}"]
        if mode in ("false_start", "stutter"):
            fs_len = C([g for g in (groups[0], groups[0] + groups[1]) if g < len(ds)])
            fs = ds[:fs_len]
            if mode == "stutter" or P(0.4):
                i = R.randint(1, len(fs) - 1)
                fs = fs[:i] + fs[i - 1] + fs[i + 1:] if fs[i] != fs[i - 1] else fs[:i] + str((int(fs[i]) + 1) % 10) + fs[i + 1:]
            fs_txt = it.S(vc, cv.sp(who, fs, sub_groups(groups, 0, fs_len), slip=False), role="false_start")
            inf = {}
            main = it.S(vc, cv.sp(who, ds, groups, info=inf))
            tag_modes(it, "card", inf)
            if mode == "stutter":
                cv.say(who, C(["{f}, sorry, {m}", "{f}... no. {m}", "{f}, wait, sorry, {m}",
                               "{f} sorry let me start again {m}"]).format(f=fs_txt, m=main))
            else:
                cv.say(who, fs_txt + C([", sorry, that's the old card. Okay, here: ", ". Sorry, let me start over. ",
                                        "... hold on, I'm reading the wrong line. "]) + main)
            it.tag("card_false_start")
        else:
            k = 1 if mode != "split" else W([(2, 4), (3, 3), (4, 3), (5, 1)])
            deliver_number(cv, who, vc, ds, groups, None, lead, BACKCH, k=k, tagp="card")
    # read-back
    r = R.random()
    if r < 0.2:
        rb = it.S(vc, cv.sp("A", ds, groups, slip=False, fill_p=0), role="readback")
        cv.a(C(["Let me read that back. {r}?", "So I have {r}, is that right?", "{r}. Correct?",
                "Okay, just to confirm, {r}."]).format(r=rb))
        cv.say(who, C(["Yep.", "That's it.", "Correct.", "Mm-hmm.", "Yes."]))
        it.tag("card_readback")
    elif r < 0.3:
        i = R.randint(4, len(ds) - 2)
        wrong = ds[:i] + str((int(ds[i]) + C([1, 2, 3, 5])) % 10) + ds[i + 1:]
        rb = it.S(vc, cv.sp("A", wrong, groups, slip=False, fill_p=0), role="readback_wrong")
        # the correct group containing position i
        pos = 0
        for g in groups:
            if pos <= i < pos + g:
                break
            pos += g
        corr = it.S(vc, cv.sp(who, ds[pos:pos + g], [g], slip=False, fill_p=0), role="correction")
        cv.a(C(["Okay, {r}?", "I have {r}.", "So that's {r}?"]).format(r=rb))
        cv.say(who, C(["No, that group is {c}.", "Not quite. It's {c} in there.", "No no, {c}.",
                       "Close, it's {c}, not what you said."]).format(c=corr))
        cv.a(C(["Ah, {c}. Got it, sorry.", "{c}, okay, fixed.", "Thank you. {c}."]).format(
            c=it.S(vc, cv.sp("A", ds[pos:pos + g], [g], slip=False, fill_p=0), role="readback_partial")))
        it.tag("card_readback_wrong", "card_correction")
    elif r < 0.36 and len(groups) >= 3:
        n8 = groups[0] + groups[1]
        rb = it.S(vc, cv.sp("A", ds[:n8], groups[:2], slip=False, fill_p=0), role="readback_partial")
        cv.a(C(["Sorry, it started with {r}?", "And the first part was {r}, right?"]).format(r=rb))
        cv.say(who, C(["Yes.", "Yeah.", "That's right."]))
        it.tag("card_readback_partial")
    else:
        cv.a(C(["Okay.", "Got it.", "Thank you.", "Perfect.", "Alright, one moment."]))
    # expiry
    if not exp_done:
        e_mode = W([("asked", 55), ("no_cue", 14), ("split", 10), ("false_start", 8), ("repeat", 5)])
        e_txt, etag = say_expiry(m, y, cv.v[who], it.style)
        it.tag(etag)
        if e_mode == "no_cue":
            cv.say(who, C(["{e}", "And {e}.", "Then {e}.", "{e}, on the front."]).format(e=it.S(ve, e_txt)))
            it.tag("exp_no_cue")
        else:
            ask = C(["And the expiration?", "Expiration date?", "When does that one expire?",
                     "What's the month and year on it?", "And the date on the front, under the number?",
                     "Good through date?", "And valid through?", "When does the card run out?",
                     "Okay, and the, uh, the date?", "And it's good until?"])
            cv.a(ask)
            it.tag("exp_cue_" + re.sub(r"[^a-z]+", "_", ask.lower()).strip("_")[:24])
            if e_mode == "split" and e_txt.count(" ") >= 1 and "/" not in e_txt:
                a_, b_ = e_txt.split(" ", 1)
                if a_ in ("oh", "zero", "o") and " " in b_:
                    x_, b_ = b_.split(" ", 1)
                    a_ = a_ + " " + x_
                inst = it.inst()
                cv.say(who, C(["{a}...", "Um, {a}", "{a}"]).format(a=it.S(ve, a_, inst=inst)))
                cv.a(C(["Mm-hmm.", "Okay.", "And the year?"]))
                cv.say(who, C(["{b}.", "{b}", "Of {b}."]).format(b=it.S(ve, b_, inst=inst)))
                it.tag("exp_month_year_split")
            elif e_mode == "false_start":
                fm = C([x for x in (m - 1, m + 1) if 1 <= x <= 12 and sum(a != b for a, b in zip("%02d" % x, "%02d" % m)) <= 1])
                fs = it.S(ve, (zero_word(cv.v[who]) + " " + UNIT_W[fm]) if fm < 10 else pair_words("%02d" % fm, cv.v[who])[0], role="false_start")
                cv.say(who, C(["{f}, no, {e}.", "{f}... sorry, {e}.", "It's {f}, wait, no, {e}."]).format(f=fs, e=it.S(ve, e_txt)))
                it.tag("exp_false_start")
            elif e_mode == "repeat":
                e2, _ = say_expiry(m, y, cv.v[who], it.style)
                cv.say(who, C(["{e}. I think. Yeah, {e2}.", "Says {e}... yep, {e2}."]).format(e=it.S(ve, e_txt), e2=it.S(ve, e2)))
                it.tag("exp_repeated")
            else:
                cv.say(who, C(["{e}", "It's {e}.", "Expires {e}.", "{e}, I believe.", "Says valid thru {e}.",
                               "Um, {e}."]).format(e=it.S(ve, e_txt)))
    # CVV
    if not cvv_done:
        c_txt, ctag = say_cvv(cvv, cv.v[who], it.style)
        it.tag(ctag)
        c_mode = W([("asked", 60), ("indirect", 15), ("no_cue", 15), ("readback", 10)])
        if c_mode == "no_cue":
            cv.say(who, C(["And {c}.", "{c}", "Then {c}."]).format(c=it.S(vv, c_txt)))
            it.tag("cvv_no_cue")
        else:
            if brand == "amex":
                ask = C(["And the four-digit code, that's on the front for Amex, above the number.",
                         "Now the four digit security code on the front?", "And the CID on the front?"])
            elif c_mode == "indirect":
                ask = C(["And the last thing I need is on the back, by the signature.",
                         "Flip it over for me, what's the little number on the back?",
                         "And then the one on the back.", "Last bit, the code by the signature strip."])
                it.tag("cvv_cue_indirect")
            else:
                ask = C(["And the security code?", "The three digits on the back?", "CVV?", "And the CVC?",
                         "And the code on the back, please.", "Security code on the back?",
                         "And the three-digit code?"])
            cv.a(ask)
            cv.say(who, C(["{c}", "It's {c}.", "{c}, I think.", "Um, {c}.", "Back says {c}."]).format(c=it.S(vv, c_txt)))
            if c_mode == "readback":
                rb, _ = say_cvv(cvv, cv.v["A"], it.style)
                cv.a(C(["{c}, thank you.", "Okay, {c}."]).format(c=it.S(vv, rb, role="readback")))
                it.tag("cvv_readback")
    return vc, ds


def ep_total(cv):
    it = cv.it
    price, _ = dis_text("price", it.style, cv.v["A"])
    cv.a(C(["Okay, so your total today comes to {p}.", "That'll be {p} today.", "The balance due is {p}.",
            "Alright, {p} is going on that card."]).format(p=it.D("price", price)))
    it.tag("distractor_price")
    if P(0.4):
        cv.c(C(["Sorry, how much was that?", "Wait, what was the total again?", "Can you repeat the amount?"]))
        cv.a(C(["{p}.", "It's {p}, including tax.", "{p}, yes."]).format(p=it.D("price", price)))
        it.tag("total_repeat")


def ep_last4(cv):
    it = cv.it
    cv.a(C(["Okay, that went through on the card ending in {d}.", "Payment approved, card ending {d}.",
            "All set, it's on the one ending {d}."]).format(d=DZ(it, "card_last4", cv.v["A"])))


def speak_phone(cv, who, p, role="primary", vid=None, inst=None):
    it = cv.it
    v = cv.v[who]
    st = it.style
    if p.get("vanity"):
        if st == "whisper":
            txt = "1-%s-%s" % (p["area"], p["vanity"][:3] + "-" + p["vanity"][3:] if P(0.5) else p["vanity"])
        else:
            w = p["vanity"].lower()
            txt = "one " + " ".join(UNIT_W[int(d)] for d in p["area"]) + " " + {"paybill": "pay bill", "getwell": "get well",
                  "flyaway": "fly away", "newroof": "new roof", "petcare": "pet care", "callnow": "call now",
                  "homefix": "home fix", "myteeth": "my teeth", "fixmyac": "fix my a c", "moveout": "move out",
                  "gosolar": "go solar", "bugfree": "bug free"}[w]
        it.tag("phone_vanity")
        return it.S(vid, txt, role, inst)
    if p["cc"] == "1":
        nsn = p["nsn"]
        if st == "whisper" and P(0.45):
            txt = C(["(%s) %s-%s", "%s-%s-%s", "%s %s %s"]) % (nsn[:3], nsn[3:6], nsn[6:])
            if P(0.15):
                txt = "1-" + "%s-%s-%s" % (nsn[:3], nsn[3:6], nsn[6:])
            it.tag("phone_numeral")
            return it.S(vid, txt, role, inst)
        lead1 = P(0.15) or nsn[0] == "8" and nsn[:3] in ("800", "888", "877", "866", "855", "844", "833") and P(0.7)
        ds = ("1" if lead1 else "") + nsn
        groups = ([1] if lead1 else []) + [3, 3, 4]
        info = {}
        txt = speak(ds, groups, v, st, info=info)
        tag_modes(it, "phone", info)
        return it.S(vid, txt, role, inst)
    # international
    it.tag("phone_intl", "phone_intl_" + p["country"].lower())
    grp = p["grp"]
    if st == "whisper" and P(0.5):
        txt = "+" + p["cc"] + " " + " ".join(split_groups(p["nsn"], grp))
        return it.S(vid, txt, role, inst)
    if P(0.6):
        lead = "plus "
        ds = p["cc"] + p["nsn"]
        groups = [len(p["cc"])] + grp
    elif P(0.5) and p["trunk"]:
        lead = ""
        ds = p["trunk"] + p["nsn"]
        groups = [len(p["trunk"]) + grp[0]] + grp[1:]
        it.tag("phone_intl_national")
    else:
        lead = ""
        ds = "00" + p["cc"] + p["nsn"]
        groups = [2 + len(p["cc"])] + grp
        it.tag("phone_intl_00")
    txt = lead + speak(ds, groups, v, st, slip=False)
    return it.S(vid, txt, role, inst)


def ep_phone(cv, who="C"):
    it = cv.it
    p = make_intl_phone() if P(0.13) else make_us_phone(W([("geo", 85), ("fict", 15)]))
    vid = it.val("PHONE_NUMBER", p["value"], country=p["country"])
    mode = W([("asked", 45), ("indirect", 20), ("volunteered", 10), ("split", 10), ("false_start", 6),
              ("area_code", 9)])
    it.tag("phone_" + mode)
    if mode == "volunteered":
        cv.say(who, C(["Oh and if we get cut off my cell is {p}.", "You can call me back at {p} by the way.",
                       "My number's {p} if you need it."]).format(p=speak_phone(cv, who, p, vid=vid)))
    else:
        cv.a(C(["What's the best number to reach you?", "And a callback number in case we get disconnected?",
                "Can I get a phone number for the account?", "What number should the technician call when they're on the way?",
                "Where can we reach you if the pharmacist has questions?", "And is there a good number for text updates?",
                "Is the number on file still good? Actually, just give it to me again."]))
        if mode == "split" and p["cc"] == "1":
            inst = it.inst()
            nsn = p["nsn"]
            cv.say(who, C(["{a}", "Area code {a}", "It's {a}"]).format(a=it.S(vid, cv.sp(who, nsn[:3], [3], slip=False), inst=inst)))
            cv.a(C(["Mm-hmm.", "Okay.", "Go ahead."]))
            cv.say(who, C(["{b}", "{b}, and then", "then {b}"]).format(b=it.S(vid, cv.sp(who, nsn[3:6], [3], slip=False), inst=inst)))
            if P(0.5):
                cv.a(C(["Yep.", "Uh huh."]))
            cv.say(who, C(["{c}.", "{c}, that's my cell."]).format(c=it.S(vid, cv.sp(who, nsn[6:], [4], slip=False), inst=inst)))
            it.tag("phone_split_turns")
        elif mode == "area_code" and p["cc"] == "1":
            nsn = p["nsn"]
            inst = it.inst()
            cv.say(who, C(["Area code {a}, {b}.", "It's area code {a}, then {b}."]).format(
                a=it.S(vid, cv.sp(who, nsn[:3], [3], slip=False), inst=inst), b=it.S(vid, cv.sp(who, nsn[3:], [3, 4], slip=False), inst=inst)))
            it.tag("phone_area_code_separate")
        elif mode == "false_start" and p["cc"] == "1":
            fs = p["nsn"][:3] + str((int(p["nsn"][3]) + 2) % 10)
            cv.say(who, C(["{f}... no, sorry, that's my old one. It's {p}.", "{f}, wait, {p}."]).format(
                f=it.S(vid, cv.sp(who, fs, [3, 1], slip=False), role="false_start"), p=speak_phone(cv, who, p, vid=vid)))
            it.tag("phone_false_start")
        else:
            ext = ""
            if P(0.1):
                e = str(R.randint(10, 4999))
                ext = C([", extension ", " extension ", ", ext "]) + it.N("extension", say_digits_plain(e, cv.v[who], it.style) if it.style != "whisper" else e)
                it.tag("phone_extension")
            cv.say(who, C(["{p}", "It's {p}.", "Sure, {p}", "Best is my cell, {p}", "Um, {p}",
                           "Yeah, use {p}", "That'd be {p}"]).format(p=speak_phone(cv, who, p, vid=vid)) + ext)
    if P(0.3):
        cv.a(C(["So that's {r}.", "{r}, got it.", "Let me repeat, {r}?"]).format(r=speak_phone(cv, "A", p, role="readback", vid=vid)))
        it.tag("phone_readback")


def ep_company_phone(cv):
    it = cv.it
    p = make_vanity() if it.style != "upper" and P(0.2) else make_us_phone(W([("toll", 60), ("geo", 40)]))
    vid = it.val("PHONE_NUMBER", p["value"], country="US", owner="company")
    it.tag("phone_company")
    hrs = it.D("time", say_time(R.randint(7, 9), 0, cv.v["A"], it.style))
    hrs2 = it.D("time", say_time(R.randint(17, 20), C([0, 30]), cv.v["A"], it.style))
    it.tag("distractor_time")
    cv.a(C(["If anything comes up, our direct line is {p}, we're open {h} to {h2}.",
            "You can also reach billing at {p}, that's {h} to {h2}, Monday through Friday.",
            "Write this down, the claims line is {p}.", "If you need to reschedule, just call {p}.",
            "For after-hours emergencies it's {p}."]).format(p=speak_phone(cv, "A", p, vid=vid), h=hrs, h2=hrs2))
    if P(0.35):
        cv.c(C(["Sorry, can you repeat that number?", "Wait, say that again?"]))
        cv.a(C(["Sure, {p}.", "{p}."]).format(p=speak_phone(cv, "A", p, role="readback", vid=vid)))
        it.tag("phone_company_repeat")


def say_email(e, v, style, mode=None):
    local, dom = e.split("@")
    whisper = style == "whisper"
    mode = mode or W([("words", 40), ("spelled", 20), ("hyphen", 8), ("as_in", 8), ("mixed", 10),
                      ("w_typed", 18 if whisper else 0), ("w_at", 12 if whisper else 0)])

    def say_local_words(s):
        toks = re.findall(r"[a-z]+|\d+|[._-]", s)
        out = []
        for t in toks:
            if t == ".":
                out.append("dot")
            elif t == "_":
                out.append("underscore")
            elif t == "-":
                out.append("dash")
            elif t.isdigit():
                out.append(" ".join(UNIT_W[int(d)] for d in t) if (len(t) != 2 or P(0.5) or t[0] == "0")
                           else pair_words(t, v, hyph=False)[0])
            else:
                out.append(t)
        return " ".join(out)

    def spell(s, sep=" ", as_in=False):
        out = []
        for t in re.findall(r"[a-z]|\d|[._-]", s):
            if t == ".":
                out.append("dot")
            elif t == "_":
                out.append("underscore")
            elif t == "-":
                out.append("dash")
            elif t.isdigit():
                out.append(UNIT_W[int(t)])
            elif as_in and t in AS_IN and P(0.35):
                out.append(t + " as in " + C(AS_IN[t]))
            else:
                out.append(t)
        if sep == "-":
            # hyphenate runs of single letters
            res, run = [], []
            for o in out:
                if len(o) == 1:
                    run.append(o)
                else:
                    if run:
                        res.append("-".join(run))
                        run = []
                    res.append(o)
            if run:
                res.append("-".join(run))
            return " ".join(res)
        return " ".join(out)

    def say_dom(d):
        parts = d.split(".")
        first = parts[0]
        if first in ("gmail",) and P(0.4):
            first = "g mail"
        elif first in ("att", "gmx") or (len(first) <= 3 and P(0.7)):
            first = " ".join(first)
        return " dot ".join([first] + parts[1:])

    if mode == "words":
        return say_local_words(local) + " at " + say_dom(dom), "email_spoken_words"
    if mode == "spelled":
        return spell(local) + " at " + say_dom(dom), "email_spelled_letters"
    if mode == "hyphen":
        return spell(local, "-") + " at " + say_dom(dom), "email_spelled_hyphen"
    if mode == "as_in":
        return spell(local, as_in=True) + " at " + say_dom(dom), "email_spelled_as_in"
    if mode == "mixed":
        # first token as word, rest spelled
        toks = re.split(r"([._])", local)
        out = []
        for i, t in enumerate(toks):
            if t in (".", "_"):
                out.append("dot" if t == "." else "underscore")
            elif i == 0:
                out.append(say_local_words(t))
            else:
                out.append(spell(t))
        return " ".join(out) + " at " + say_dom(dom), "email_spoken_mixed"
    if mode == "w_typed":
        return C([e, local[:1].upper() + local[1:] + "@" + dom]), "email_asr_typed"
    return local + " at " + dom, "email_asr_at_word"


def ep_email(cv, who="C", person=None):
    it = cv.it
    person = person or cv.caller
    e = make_email(person, cv.comp)
    vid = it.val("EMAIL_ADDRESS", e)
    mode = W([("asked", 55), ("split_at", 12), ("spell_after", 15), ("readback_wrong", 8), ("volunteered", 10)])
    cv.a(C(["What email should we send the receipt to?", "And an email address for the confirmation?",
            "Do you have an email on file with us? What is it?", "Where should I email the estimate?",
            "Can I get an email so the portal invite goes out?", "And your email, for the e-statements?"]))
    txt, tg = say_email(e, cv.v[who], it.style)
    it.tag(tg, "email_" + mode)
    if mode == "split_at" and " at " in txt:
        a_, b_ = txt.rsplit(" at ", 1)
        inst = it.inst()
        cv.say(who, C(["It's {a}", "Okay, {a}", "{a}"]).format(a=it.S(vid, a_, inst=inst)))
        cv.a(C(["At...?", "Mm-hmm, at?", "Okay, and the domain?", "Got it, at what?"]))
        cv.say(who, C(["{b}.", "At {b}.", "Oh, {b}."]).format(b=it.S(vid, ("at " if P(0.5) else "") + b_, inst=inst)))
        it.tag("email_split_turns")
    elif mode == "spell_after":
        local = e.split("@")[0]
        w_txt, _ = say_email(e, cv.v[who], it.style, mode="words")
        part = w_txt.rsplit(" at ", 1)[0]
        cv.say(who, C(["It's {p}.", "Um, {p}, at, well I'll spell it."]).format(p=it.S(vid, part, role="partial")))
        cv.a(C(["Can you spell that for me?", "Could you spell the first part?", "Sorry, spell that?"]))
        sp_txt, _ = say_email(e, cv.v[who], it.style, mode=C(["spelled", "hyphen", "as_in"]))
        cv.say(who, C(["Sure. {s}.", "{s}", "Yeah, {s}."]).format(s=it.S(vid, sp_txt, role="spelled")))
        it.tag("email_spoken_partial", "email_spelled_after")
    elif mode == "readback_wrong":
        cv.say(who, C(["{e}", "It's {e}."]).format(e=it.S(vid, txt)))
        local, dom = e.split("@")
        wrong_dom = C([d for d in EMAIL_DOMAINS if d != dom])
        wtxt, _ = say_email(local + "@" + wrong_dom, cv.v["A"], it.style, mode="words")
        cv.a(C(["So {w}?", "Okay, {w}, right?"]).format(w=it.S(vid, wtxt, role="readback_wrong")))
        corr = " dot ".join(dom.split(".")) if it.style != "whisper" else dom
        cv.say(who, C(["No, at {c}.", "No, {c}, not the other one.", "It's {c}."]).format(c=it.S(vid, corr, role="correction")))
        it.tag("email_readback_wrong")
    elif mode == "volunteered":
        cv.say(who, C(["Oh and my email changed, it's {e} now.", "Actually use my work email, {e}."]).format(e=it.S(vid, txt)))
        it.tag("volunteered")
    else:
        cv.say(who, C(["{e}", "It's {e}.", "Sure, {e}", "Yeah, it's {e}, all lowercase.", "Um, {e}."]).format(e=it.S(vid, txt)))
        if P(0.25):
            rb, _ = say_email(e, cv.v["A"], it.style, mode="words")
            cv.a(C(["Okay, {r}.", "So {r}. Got it."]).format(r=it.S(vid, rb, role="readback")))
            it.tag("email_readback")


def addr_value(a):
    if a["kind"] == "pobox":
        return "PO Box " + a["number"]
    return addr_typed(a, abbrev=False)


def addr_meta(a):
    if a["kind"] == "pobox":
        return dict(kind="pobox", number=a["number"])
    if a["kind"] == "uk":
        return dict(kind="uk", number=a["number"], street=a["street"].rsplit(" ", 1)[0],
                    street_type=a["street"].rsplit(" ", 1)[1], unit=list(a["unit"]) if a["unit"] else None)
    return dict(kind="us", number=a["number"], street=a["street"], street_type=a["type"][0],
                direction=a["dir"][1] if a["dir"] else None,
                unit=[a["unit"][0][0], a["unit"][1]] if a["unit"] else None)


def ep_address(cv, who="C"):
    it = cv.it
    a = make_address()
    vid = it.val("STREET_ADDRESS", addr_value(a), **addr_meta(a))
    it.tag("addr_" + a["kind"], "addr_spoken")
    if a.get("unit"):
        it.tag("addr_unit")
    if a.get("dir"):
        it.tag("addr_direction")
    cv.a(C(["What's the service address?", "And where should the technician go?", "What's the billing address on the card?",
            "Mailing address for the policy?", "And the address where the pet lives?", "Where are we shipping this?",
            "Can you confirm the address on the account?"]))
    txt = addr_spoken(a, cv.v[who], it.style)
    tail = ""
    if a["kind"] != "uk" and P(0.65):
        tail = C([", ", " in ", " "]) + it.N("address_tail", addr_tail_spoken(a, it.style))
        it.tag("addr_city_tail_neutral")
    elif a["kind"] == "uk":
        tail = ", " + it.N("address_tail", a["town"][0] + " " + (a["town"][1] if it.style == "whisper" else " ".join(a["town"][1].lower())))
    if P(0.12) and a["kind"] == "us" and a["unit"]:
        # unit given in a second turn
        inst = it.inst()
        main = addr_spoken(dict(a, unit=None), cv.v[who], it.style)
        cv.say(who, C(["{m}", "It's {m}"]).format(m=it.S(vid, main, inst=inst)))
        cv.a(C(["Is there an apartment or unit?", "Any unit number?"]))
        u = unit_spoken(a, cv.v[who], it.style)
        cv.say(who, C(["Yeah, {u}.", "Oh, {u}{t}."]).format(u=it.S(vid, u, inst=inst), t=tail))
        it.tag("addr_split_turns")
    else:
        cv.say(who, C(["{a}{t}", "It's {a}{t}.", "Sure, {a}{t}.", "Um, {a}{t}"]).format(a=it.S(vid, txt), t=tail))
    if P(0.3):
        cv.a(C(["And the zip there?", "Billing zip code?", "What's the zip again?"]))
        cv.say(who, C(["{z}", "It's {z}."]).format(z=DZ(it, "zip", cv.v[who])))


def ep_dob(cv, who="C", person=None, third=False):
    it = cv.it
    y, m, d = make_dob() if not third else (R.randint(2008, 2022), R.randint(1, 12), R.randint(1, 28))
    vid = it.val("DATE_OF_BIRTH", "%04d-%02d-%02d" % (y, m, d), year=y, month=m, day=d)
    txt, tg = say_dob_fix(y, m, d, cv.v[who], it.style)
    it.tag(tg)
    if third:
        cv.a(C(["And the patient's date of birth?", "What's your son's birthday?", "And her date of birth?",
                "Date of birth for the member you're calling about?"]))
        it.tag("dob_third_party")
    else:
        cv.a(C(["Can I get your date of birth?", "And your birthday, for verification?", "I'll need your DOB.",
                "What's the date of birth on the account?", "Just to verify, when were you born?",
                "And the birthdate of the primary insured?"]))
    mode = W([("plain", 70), ("false_start", 10), ("readback", 15), ("split", 5)])
    if mode == "false_start":
        fy = y + C([-1, 1, 10])
        fs, _ = (say_year(fy, cv.v[who], it.style, full=True), None)
        cv.say(who, C(["{t}.", "It's {t}."]).format(t=it.S(vid, txt)))
        cv.a(C(["Hmm, I have a different year here.", "That doesn't match what I have."]))
        cv.say(who, C(["Oh, sorry, is it the other one? No, it's {t}.", "Oh wait, {t}, yes."]).format(t=it.S(vid, say_dob_fix(y, m, d, cv.v[who], it.style)[0], role="correction")))
        it.tag("dob_repeat")
    elif mode == "split" and " " in txt and "/" not in txt:
        inst = it.inst()
        parts = txt.rsplit(" ", 2)
        head = parts[0]
        tail = " ".join(parts[1:])
        cv.say(who, "{h}...".format(h=it.S(vid, head, inst=inst)))
        cv.a(C(["Mm-hmm.", "And the year?"]))
        cv.say(who, "{t}.".format(t=it.S(vid, tail, inst=inst)))
        it.tag("dob_split_turns")
    else:
        cv.say(who, C(["{t}", "It's {t}.", "{t}.", "Um, {t}.", "Born {t}."]).format(t=it.S(vid, txt)))
        if mode == "readback":
            rb, _ = say_dob_fix(y, m, d, cv.v["A"], it.style)
            cv.a(C(["{r}, thank you.", "Okay, {r}. That matches."]).format(r=it.S(vid, rb, role="readback")))
            it.tag("dob_readback")


def ep_ssn(cv, who="C"):
    it = cv.it
    s = make_ssn()
    vid = it.val("SSN", s)
    mode = W([("full", 45), ("last4", 30), ("split", 12), ("readback", 8), ("false_start", 5)])
    it.tag("ssn_" + mode)
    if mode == "last4":
        cv.a(C(["Can you verify the last four of your social?", "And just the last four of your SSN.",
                "Last four of the social security number on the account?", "For security, the last four digits of your social?"]))
        info = {}
        t = cv.sp(who, s[5:], [4], info=info)
        tag_modes(it, "ssn4", info)
        cv.say(who, C(["{t}", "It's {t}.", "Sure, {t}.", "{t}, I think that's what you have."]).format(t=it.S(vid, t, role="last4")))
        return
    cv.a(C(["And your social security number for the credit check?", "I'll need your full social to run the application.",
            "What's your SSN, please?", "For the enrollment I need the social, all nine digits.",
            "And the policyholder's social?"]))
    if mode == "split":
        inst = it.inst()
        for i, (a_, b_) in enumerate([(0, 3), (3, 5), (5, 9)]):
            cv.say(who, C(["{t}", "{t}...", "Um, {t}"]).format(t=it.S(vid, cv.sp(who, s[a_:b_], [b_ - a_], slip=False), inst=inst)))
            if i < 2:
                cv.a(C(BACKCH))
        it.tag("ssn_split_turns")
    else:
        info = {}
        t = cv.sp(who, s, [3, 2, 4], info=info)
        tag_modes(it, "ssn", info)
        if mode == "false_start":
            fs = it.S(vid, cv.sp(who, s[:3], [3], slip=False), role="false_start")
            cv.say(who, C(["{f}, oh wait that's my husband's, hold on. Mine is {t}.", "{f}... no. Sorry. {t}."]).format(f=fs, t=it.S(vid, t)))
            it.tag("ssn_false_start")
        else:
            cv.say(who, C(["{t}", "It's {t}.", "Okay, {t}.", "{t}, that's it."]).format(t=it.S(vid, t)))
        if mode == "readback":
            rb = cv.sp("A", s, [3, 2, 4], slip=False, fill_p=0)
            cv.a(C(["{r}?", "Let me repeat that, {r}."]).format(r=it.S(vid, rb, role="readback")))
            cv.say(who, C(["Correct.", "Yes."]))
            it.tag("ssn_readback")


def ep_bank(cv, who="C"):
    it = cv.it
    mode = W([("us", 72), ("iban", 14), ("uk", 10), ("au", 4)])
    it.tag("bank_" + mode)
    if mode == "us":
        rt = make_routing()
        ac = make_account()
        vr = it.val("BANK_ACCOUNT", rt, subtype="routing")
        va = it.val("BANK_ACCOUNT", ac, subtype="account")
        cv.a(C(["For autopay I'll need the routing number and the account number.", "Okay, do you have a check in front of you?",
                "Which account should the refund go to? I'll need routing and account.", "Let's set up the bank draft. Routing number first."]))
        if P(0.3):
            cv.c(C(["Which one is the routing?", "Is that the one on the left?"]))
            cv.a(C(["The nine digits on the bottom left.", "Bottom left, nine digits, then the account after that."]))
            it.tag("routing_cue_indirect")
        info = {}
        rtxt = cv.sp(who, rt, C([[3, 3, 3], [4, 5], [9], [3, 3, 3]]), info=info)
        tag_modes(it, "routing", info)
        if P(0.15):
            inst = it.inst()
            cv.say(who, "{a}".format(a=it.S(vr, cv.sp(who, rt[:4], [4], slip=False), inst=inst)))
            cv.a(C(BACKCH))
            cv.say(who, "{b}".format(b=it.S(vr, cv.sp(who, rt[4:], [5], slip=False), inst=inst)))
            it.tag("routing_split_turns")
        else:
            cv.say(who, C(["Routing is {r}.", "{r}", "Okay, the first one is {r}.", "It's {r}."]).format(r=it.S(vr, rtxt)))
        if P(0.25):
            cv.a(C(["{r}, and that's Meridian... no, that comes up as a credit union. Okay.", "Okay, {r}."]).format(
                r=it.S(vr, cv.sp("A", rt, [3, 3, 3], slip=False, fill_p=0), role="readback")))
            it.tag("routing_readback")
        cv.a(C(["And the account number?", "Now the account number, the one after that.", "And then the account?"]))
        g = [len(ac)] if len(ac) <= 4 else ([4] * (len(ac) // 4) + ([len(ac) % 4] if len(ac) % 4 else []))
        info = {}
        atxt = cv.sp(who, ac, g, info=info)
        tag_modes(it, "acct", info)
        cv.say(who, C(["{a}", "It's {a}.", "Account is {a}.", "{a}, and there's a check number after it but you don't need that."]).format(a=it.S(va, atxt)))
        if P(0.3):
            cv.a(C(["Got it. And the check number you mentioned, {c}, I won't need.", "Okay, that's a checking account?"]).format(c=DZ(it, "qty", cv.v["A"])))
        if P(0.2):
            cv.a("And the account ending in {d}, correct?".format(d=it.S(va, cv.sp("A", ac[-4:], [4], slip=False, fill_p=0), role="readback_partial")))
            cv.say(who, "Yes.")
            it.tag("acct_readback_partial")
    elif mode == "iban":
        cc, ib = make_iban()
        vi = it.val("BANK_ACCOUNT", ib, subtype="iban", country=cc)
        cv.a(C(["Since it's a European account I'll need the IBAN.", "For the international refund, what's your IBAN?"]))
        gs = [ib[i:i + 4] for i in range(0, len(ib), 4)]
        if it.style == "whisper" and P(0.6):
            txt = " ".join(gs)
        else:
            parts = []
            for g in gs:
                for ch in g:
                    parts.append(ch.lower() if ch.isalpha() else (C(["zero", "oh"]) if ch == "0" else UNIT_W[int(ch)]))
            txt = " ".join(parts)
        cv.say(who, C(["It's {i}.", "{i}", "Okay, {i}."]).format(i=it.S(vi, txt)))
        it.tag("iban_spoken", "iban_" + cc.lower())
        if P(0.3):
            cv.a(C(["And the BIC?", "Is there a SWIFT code too?"]))
            cv.say(who, "{b}".format(b=it.N("bic", C(["deutdeff", "nwbkgb2l", "abnanl2a", "bofiie2d"]) if it.style != "whisper" else C(["DEUTDEFF", "NWBKGB2L"]))))
    elif mode == "uk":
        sc = "%02d%02d%02d" % (R.randint(1, 99), R.randint(0, 99), R.randint(0, 99))
        ac = digits(8)
        vs = it.val("BANK_ACCOUNT", sc, subtype="sort_code")
        va = it.val("BANK_ACCOUNT", ac, subtype="account")
        cv.a(C(["Can I take the sort code and account number?", "What's the sort code on the account?"]))
        cv.say(who, C(["Sort code {s}, account {a}.", "{s}, and the account's {a}."]).format(
            s=it.S(vs, cv.sp(who, sc, [2, 2, 2], modes=C([["pairs"] * 3, ["single"] * 3]), slip=False)),
            a=it.S(va, cv.sp(who, ac, [4, 4], slip=False))))
        it.tag("bank_sort_code")
    else:
        bsb = "%03d%03d" % (R.randint(10, 999), R.randint(0, 999))
        ac = digits(9)
        vs = it.val("BANK_ACCOUNT", bsb, subtype="bsb")
        va = it.val("BANK_ACCOUNT", ac, subtype="account")
        cv.a("And the BSB and account number?")
        cv.say(who, "BSB {b}, account {a}.".format(b=it.S(vs, cv.sp(who, bsb, [3, 3], slip=False)),
                                                   a=it.S(va, cv.sp(who, ac, [3, 3, 3], slip=False))))
        it.tag("bank_bsb")


def ep_spell_name(cv, who="C", person=None):
    it = cv.it
    person = person or cv.caller
    which = C(["last", "last", "first"])
    word = person[which]
    if not re.fullmatch(r"[A-Za-z'\- ]+", ascii_fold(word)):
        return
    cv.a(C(["Can you spell your last name for me?", "How do you spell that?", "And the spelling of the last name?",
            "Could you spell that so I get it right?"]) if which == "last" else C(["And how do you spell your first name?", "Spell the first name for me?"]))
    txt, tg = spell_name(word, cv.v[who], it.style)
    vid = cv.nm.vid(word if not (it.spoken and it.style != "whisper") else word.replace(".", ""))
    cv.say(who, C(["{s}.", "Sure, {s}.", "It's {s}.", "{s}, like it sounds."]).format(s=it.S(vid, txt, role="spelled")))
    it.tag(tg, "name_spelled")


# ---------------------------------------------------------------------------
# Call openings, closings, distractor chatter
# ---------------------------------------------------------------------------
def biz(it, comp, short=False):
    it.tag("distractor_business")
    return it.D("business", comp[2] if short else comp[0])


def ep_open(cv, nopii=False):
    it = cv.it
    comp = cv.comp
    nm = cv.nm
    b = biz(it, comp, short=P(0.3))
    if nopii:
        cv.a(C(["Thank you for calling {b}, how can I help you?", "{b}, this is the billing desk.",
                "Good afternoon, {b}. What can I do for you?", "You've reached {b} customer care."]).format(b=b))
        return
    outbound = P(0.12)
    if outbound:
        cv.a(C(["Hi, this is {a} calling from {b}, am I speaking with {c}?",
                "Hello, {a} with {b} returning your call. Is this {c}?"]).format(
            a=nm(cv.agent, "first", tag="name_agent"), b=b, c=nm(cv.caller, C(["first", "full"]))))
        cv.c(C(["Yes, speaking.", "Yeah, that's me.", "This is she." if cv.caller["g"] == "f" else "This is he."]))
        it.tag("call_outbound")
        return
    if P(0.2):
        cv.a(C(["Thank you for calling {b}, how can I help you today?", "{b} billing, go ahead.",
                "Thanks for holding, you're through to {b}."]).format(b=b))
        it.tag("agent_unnamed")
    else:
      cv.a(C(["Thank you for calling {b}, this is {a}, how can I help you today?",
            "{b}, {a} speaking.", "Good morning, you've reached {b}, my name is {a}.",
            "Thanks for holding, this is {a} at {b}. Who do I have the pleasure of speaking with?",
            "Hi there, {b}, you've got {a}.", "{b} scheduling, this is {a}, can I get your name?"]).format(
        a=nm(cv.agent, C(["first", "first", "first", "full"]), tag="name_agent"), b=b))
    r = R.random()
    if r < 0.45:
        cv.c(C(["Hi {a}, my name is {c}.", "Yeah hi, this is {c}.", "Hey {a}, it's {c}, I'm calling about my bill.",
                "Hi, yes, {c} here.", "Morning. {c}. I got a letter from you guys."]).format(
            a=nm(cv.agent, "first", tag="name_greeting"), c=nm(cv.caller, C(["full", "full", "first", "mi"]), tag="name_intro")))
    elif r < 0.6:
        cv.c(C(["Hi, I'm calling about an appointment.", "Yeah, I have a question about my account.",
                "Hi. I need to make a payment."]))
        cv.a(C(["Sure, can I get your name?", "Happy to help. Who am I speaking with?", "Okay, what's the name on the account?"]))
        cv.c(C(["It's {c}.", "{c}.", "Sure, {c}. {l}.", "The account's under {c}."]).format(
            c=nm(cv.caller, C(["full", "first", "last_comma_first"]), tag="name_intro"), l=nm(cv.caller, "last")))
        it.tag("name_after_question")
    elif r < 0.72:
        title = C(TITLES_SPOKEN if it.style != "whisper" else TITLES)
        cv.c(C(["This is {t} {l}.", "Yes, it's {t} {l} calling back.", "{t} {l}, I had an appointment yesterday."]).format(
            t=title, l=nm(cv.caller, "last")))
        it.tag("name_title")
    elif r < 0.85:
        cv.third = make_person()
        rel = C([("wife", "her"), ("husband", "his"), ("mother", "her"), ("dad", "his"), ("partner", "their"),
                 ("daughter", "her"), ("son", "his")])
        cv.rel = rel
        cv.c(C(["Hi, I'm calling on behalf of my {r}, {x}. I'm {c}.",
                "Yeah, hi, my name's {c}, I'm calling for my {r} {x}, {p} account.",
                "Hi, it's {c}. My {r} {xf} asked me to call."]).format(
            r=rel[0], p=rel[1], c=nm(cv.caller, C(["full", "first"]), tag="name_intro"),
            x=nm(cv.third, "full", tag="name_third_party"), xf=nm(cv.third, "first", tag="name_third_party")))
    else:
        cv.c(C(["Hi, yeah, I need to update my card.", "Hi, um, I have a question about a charge."]))
    if P(0.25):
        ep_spell_name(cv)


def ep_chatter(cv, n=None):
    """Industry-flavoured turns with distractors and capitalised non-names."""
    it = cv.it
    comp = cv.comp
    va = cv.v["A"]
    vc = cv.v["C"]
    ind = comp[1]
    n = n if n is not None else R.randint(1, 3)
    pool = {
        "retail": [lambda: cv.c("I'm calling about order {o}, it was supposed to come {d}.".format(o=DZ(it, "order", vc), d=DZ(it, "date", vc))),
                   lambda: cv.a("I see the {p} on that order, it was {pr}, and it shipped with tracking {t}.".format(p=DW(it, "product", C(PRODUCTS)), pr=DZ(it, "price", va), t=DZ(it, "tracking", va))),
                   lambda: cv.c("Is the store on {s} still open on {w}?".format(s=DW(it, "street", C(STREETS) + " " + C(STREET_TYPES)[0]), w=DW(it, "weekday", C(WEEKDAYS)))),
                   lambda: cv.a("We have {q} of those in stock at the {c} location.".format(q=DZ(it, "qty", va), c=DW(it, "city", C(NAMEY_CITIES))))],
        "insurance": [lambda: cv.c("My policy number is {p}.".format(p=DZ(it, "policy", vc))),
                      lambda: cv.a("Your deductible is {p} and you're at {pc} coinsurance after that.".format(p=DZ(it, "price", va), pc=DZ(it, "percent", va))),
                      lambda: cv.a("I've opened claim {c} for the hail damage from {m}.".format(c=DZ(it, "claim", va), m=DW(it, "month", C(MONTHS)))),
                      lambda: cv.a("The adjuster from our {c} office will call {w}.".format(c=DW(it, "city", C(NAMEY_CITIES)), w=DW(it, "weekday", C(WEEKDAYS))))],
        "clinic": [lambda: cv.a("I have an opening {w} at {t}.".format(w=DW(it, "weekday", C(WEEKDAYS)), t=DZ(it, "time", va))),
                   lambda: cv.c("My member ID is {m}.".format(m=DZ(it, "member", vc))),
                   lambda: cv.a("Your copay will be {p}, and please arrive by {t}.".format(p=DZ(it, "price", va), t=DZ(it, "time", va))),
                   lambda: cv.a("It's at our {c} office, suite {r}.".format(c=DW(it, "city", C(NAMEY_CITIES)), r=DZ(it, "room", va))),
                   lambda: cv.c("The prescription was {p}, the {q} count one.".format(p=DW(it, "product", C(["Ozempic", "Heartgard", "Invisalign", "Lipitor", "Zyrtec"])), q=DZ(it, "qty", vc)))],
        "travel": [lambda: cv.c("I'm on flight {f} on {d}.".format(f=DZ(it, "flight", vc), d=DZ(it, "date", vc))),
                   lambda: cv.a("Your confirmation code is {c}, and boarding is at {t}.".format(c=DZ(it, "confirmation", va), t=DZ(it, "time", va))),
                   lambda: cv.a("You'll be in room {r}, checkout is {t}.".format(r=DZ(it, "room", va), t=DZ(it, "time", va))),
                   lambda: cv.a("It departs from gate {g} in {c}.".format(g=DZ(it, "gate", va), c=DW(it, "city", C(NAMEY_CITIES))))],
        "utility": [lambda: cv.a("Your current balance is {b}, due on {d}.".format(b=DZ(it, "balance", va), d=DZ(it, "date", va))),
                    lambda: cv.a("You used {k} last month, about {p} more than {m}.".format(k=DZ(it, "amount_kwh", va), p=DZ(it, "percent", va), m=DW(it, "month", C(MONTHS)))),
                    lambda: cv.c("There's an outage on {s}, ticket {t}.".format(s=DW(it, "street", C(STREETS) + " " + C(STREET_TYPES)[0]), t=DZ(it, "ticket", vc))),
                    lambda: cv.a("The meter serial is {s}.".format(s=DZ(it, "serial", va)))],
        "telecom": [lambda: cv.a("Can you read me the model number on the bottom? It should say {m}.".format(m=DZ(it, "model", va))),
                    lambda: cv.a("Try going to {i} in your browser.".format(i=it.D("ip", dis_text("ip", "typed")[0]) if it.style == "whisper" else it.D("ip", "one ninety two dot one sixty eight dot one dot one"))),
                    lambda: cv.a("Your plan is the {p}, {pr} a month.".format(p=DW(it, "product", C(PRODUCTS[16:19])), pr=DZ(it, "price", va))),
                    lambda: cv.c("I've had this {p} since {y}.".format(p=DW(it, "product", C(["FlexCore router", "Pixel 8", "iPhone 15"])), y=DZ(it, "year", vc)))],
        "bank": [lambda: cv.a("The available balance is {b}.".format(b=DZ(it, "balance", va))),
                 lambda: cv.a("That card has a {p} APR.".format(p=DZ(it, "percent", va))),
                 lambda: cv.c("There's a charge for {p} from {m} I don't recognize.".format(p=DZ(it, "price", vc), m=DW(it, "month", C(MONTHS)))),
                 lambda: cv.a("The reference on that transfer is {r}.".format(r=DZ(it, "ref16", va)))],
        "home": [lambda: cv.a("We have a window {w} between {t} and {t2}.".format(w=DW(it, "weekday", C(WEEKDAYS)), t=DZ(it, "time", va), t2=DZ(it, "time", va))),
                 lambda: cv.c("It's the {p}, model {m}, serial {s}.".format(p=DW(it, "product", C(["Trane XR16", "QuietCool fan", "Dyson V15"])), m=DZ(it, "model", vc), s=DZ(it, "serial", vc))),
                 lambda: cv.a("The estimate was {p} for {q} windows.".format(p=DZ(it, "price", va), q=DZ(it, "qty", va))),
                 lambda: cv.a("Your work order is {o}.".format(o=DZ(it, "order", va)))],
    }
    pool["legal"] = pool["insurance"]
    pool["realty"] = pool["home"]
    opts = pool.get(ind, pool["retail"])
    for f in R.sample(opts, min(n, len(opts))):
        f()
        if cv.turns and P(0.6):
            if cv.turns[-1][0] == "C":
                cv.a(C(["Okay.", "Let me check.", "Sure, one moment.", "Mm-hmm.", "Got it."]))
            else:
                cv.c(C(["Okay.", "Alright.", "Mm-hmm.", "Great, thanks.", "Oh, okay."]))


def ep_close(cv, nopii=False):
    it = cv.it
    nm = cv.nm
    if P(0.6):
        cv.a(C(["Your confirmation number is {c}.", "I'll give you a reference number, it's {c}.",
                "Okay, that's case {k}.", "Your ticket number is {t}."]).format(
            c=DZ(it, "confirmation", cv.v["A"]), k=DZ(it, "case", cv.v["A"]), t=DZ(it, "ticket", cv.v["A"])))
    if nopii:
        cv.a(C(["Anything else I can help with?", "Is there anything else today?"]))
        cv.c(C(["No, that's all. Thanks.", "Nope, thank you.", "That's it, bye."]))
        return
    r = R.random()
    if r < 0.2:
        cv.a(C(["Is there anything else I can help you with, {c}?", "Anything else today, {c}?",
                "Alright {c}, you're all set."]).format(c=nm(cv.caller, C(["first", "first", "last"]) if True else "first", tag="name_greeting")))
        cv.c(C(["No, that's it. Thanks, {a}.", "That's all, thank you {a}.", "Nope. Appreciate it, {a}."]).format(
            a=nm(cv.agent, "first", tag="name_signoff")))
    elif r < 0.7:
        cv.a(C(["Thanks for calling {b}, have a good one.", "Have a great day."]).format(b=biz(it, cv.comp, True)))
        cv.c(C(["You too, bye.", "Bye."]))
    else:
        cv.c(C(["Sorry, what was your name again?", "Can I get your name in case I need to call back?"]))
        cv.a(C(["It's {a}. {a2} with {b}.", "Sure, {a}, and my employee ID is {e}."]).format(
            a=nm(cv.agent, "first", tag="name_agent"), a2=nm(cv.agent, "full", tag="name_agent"), b=biz(it, cv.comp, True),
            e=it.D("agent_id", say_digits_plain(digits(5), cv.v["A"], it.style) if it.style != "whisper" else digits(5))))
        it.tag("distractor_agent_id")


def ep_third_card(cv):
    """Caller reads the spouse's card; the spouse may chime in."""
    it = cv.it
    if cv.third is None:
        cv.third = make_person()
        rel = C([("wife", "her"), ("husband", "his"), ("partner", "their")])
        cv.rel = rel
        cv.c(C(["It's going on my {r}'s card, {x}.", "Actually use my {r}'s card, it's under {x}.",
                "The card's in my {r}'s name, {x}, is that okay?"]).format(r=rel[0], x=cv.nm(cv.third, C(["full", "full", "first"]), tag="name_third_party")))
        cv.a(C(["That's fine as long as they're okay with it.", "Okay, is {x} there with you?"]).format(x=cv.nm(cv.third, "first", tag="name_third_party")))
    it.tag("card_third_party")
    if P(0.5):
        # spouse speaks
        cv.x(C(["Hi, yes, this is {x}, go ahead and use my card.", "Hi, it's me, {x}. I'll read it."]).format(x=cv.nm(cv.third, "first", tag="name_intro")))
        it.tag("three_speakers")
        ep_card(cv, payer="X")
    else:
        ep_card(cv, payer="C")
        it.tag("card_read_by_other")


# ---------------------------------------------------------------------------
# Call rendering
# ---------------------------------------------------------------------------
ROLE_LABELS = [("Agent", "Caller", "Caller 2"), ("Rep", "Customer", "Customer 2"), ("CSR", "Member", "Other"),
               ("Advisor", "Client", "Client 2"), ("Operator", "Patient", "Family"), ("Dispatcher", "Homeowner", "Spouse"),
               ("AGENT", "CUSTOMER", "OTHER"), ("Staff", "Guest", "Guest 2"), ("Representative", "Policyholder", "Third party")]
DIAR_LABELS = [("spk_0", "spk_1", "spk_2"), ("SPEAKER_00", "SPEAKER_01", "SPEAKER_02"), ("Speaker A", "Speaker B", "Speaker C"),
               ("S1", "S2", "S3"), ("Speaker 1", "Speaker 2", "Speaker 3"), ("ch_0", "ch_1", "ch_2"), ("spk1", "spk2", "spk3")]


def fmt_ts(sec, f):
    h, rem = divmod(int(sec), 3600)
    m, s = divmod(rem, 60)
    ms = int((sec - int(sec)) * 1000)
    if f == "mmss":
        return "[%02d:%02d]" % (m + 60 * h, s)
    if f == "hhmmss":
        return "[%02d:%02d:%02d]" % (h, m, s)
    if f == "paren":
        return "(%d:%02d)" % (m + 60 * h, s)
    if f == "ms":
        return "%02d:%02d:%02d.%03d" % (h, m, s, ms)
    if f == "sec":
        return "[%.1fs]" % sec
    if f == "angle":
        return "<%02d:%02d:%02d>" % (h, m, s)
    if f == "at":
        return "@%d:%02d" % (m + 60 * h, s)
    if f == "clock":
        base = 9 * 3600 + R.randint(0, 8 * 3600) if not hasattr(fmt_ts, "base") else 0
        return None
    raise KeyError(f)


def clock_str(sec, f):
    h, rem = divmod(int(sec), 3600)
    m, s = divmod(rem, 60)
    if f == "12":
        return "%d:%02d:%02d %s" % ((h - 1) % 12 + 1, m, s, "AM" if h < 12 else "PM")
    return "%02d:%02d:%02d" % (h, m, s)


def render_call(cv, nopii=False, who_named=None):
    it = cv.it
    turns = cv.turns
    has_x = any(t[0] == "X" for t in turns)
    scheme = W([("role", 28), ("name", 0 if nopii else 5), ("diar", 26), ("none", 10), ("srt", 6), ("vtt", 4),
                ("jsonl", 5), ("callerid", 0 if nopii else 1)])
    it.tag("labels_" + scheme)
    role = C(ROLE_LABELS)
    diar = C(DIAR_LABELS)
    persons = {"A": cv.agent, "C": cv.caller, "X": cv.third}
    name_forms = {}
    for k in "ACX":
        name_forms[k] = C(["first", "full", "first", "upper_full", "first_initial"])
    caller_phone = None
    if scheme == "callerid":
        p = make_us_phone()
        caller_phone = (it.val("PHONE_NUMBER", p["value"], country="US", owner="caller_id"), type_phone(p, C(["paren", "dash", "plus1_dash", "e164"]))[0])
        it.tag("phone_speaker_label")
    named = who_named or W([("AC", 5), ("A", 3), ("C", 2)])

    def label(k):
        if scheme == "role":
            return {"A": role[0], "C": role[1], "X": role[2]}[k]
        if scheme in ("diar", "srt", "jsonl"):
            return {"A": diar[0], "C": diar[1], "X": diar[2]}[k]
        if scheme == "callerid":
            if k == "C":
                return it.S(caller_phone[0], caller_phone[1], role="speaker_label", raw=True)
            if k == "A":
                return cv.nm.__class__  # placeholder, replaced below
            return role[2]
        if scheme in ("name", "vtt"):
            if scheme == "vtt" and (k not in named or nopii):
                return {"A": role[0], "C": role[1], "X": role[2]}[k]
            if scheme == "name" and k not in named and k != "X":
                return {"A": role[0], "C": role[1]}[k]
            p = persons[k]
            if p is None:
                return role[2]
            f = name_forms[k]
            text = Names(it).form(p, f) if f != "first_initial" else p["first"] + " " + p["last"][0] + "."
            vtext = text.rstrip(".")
            name_tags(it, vtext, f)
            it.tag("name_speaker_label")
            return it.S(cv.nm.vid(vtext), vtext, role="speaker_label", raw=True) + ("." if text.endswith(".") else "")
        return ""

    def lab(k):
        if scheme == "callerid" and k == "A":
            return role[0]
        return label(k)

    use_ts = scheme in ("srt", "vtt", "jsonl") or P(0.45)
    tsf = C(["mmss", "hhmmss", "paren", "ms", "sec", "angle", "at", "clock12", "clock24"])
    t = R.uniform(0, 25)
    clock0 = R.randint(8 * 3600, 18 * 3600)
    layout = C(["{ts} {l}: {x}", "{l} {ts}: {x}", "{l} ({ts}): {x}", "{ts} | {l} | {x}", "{ts} {l} - {x}"])
    lines = []
    if scheme == "vtt":
        lines.append("WEBVTT")
        lines.append("")
    for i, (k, text) in enumerate(turns):
        dur = 1.2 + 0.07 * len(text) + R.uniform(0, 2)
        if tsf.startswith("clock"):
            ts = clock_str(clock0 + t, tsf[5:])
        else:
            ts = fmt_ts(t, tsf)
        if scheme == "srt":
            def srt(x):
                h, rem = divmod(int(x), 3600)
                m, s = divmod(rem, 60)
                return "%02d:%02d:%02d,%03d" % (h, m, s, int((x - int(x)) * 1000))
            lines.append(it.D("cue_index", str(i + 1), raw=True))
            lines.append(it.D("timestamp", srt(t), raw=True) + " --> " + it.D("timestamp", srt(t + dur), raw=True))
            lines.append("%s: %s" % (lab(k), text))
            lines.append("")
        elif scheme == "vtt":
            def vtt(x):
                h, rem = divmod(int(x), 3600)
                m, s = divmod(rem, 60)
                return "%02d:%02d:%02d.%03d" % (h, m, s, int((x - int(x)) * 1000))
            lines.append(it.D("timestamp", vtt(t), raw=True) + " --> " + it.D("timestamp", vtt(t + dur), raw=True))
            lines.append("<v %s>%s" % (lab(k), text))
            lines.append("")
        elif scheme == "jsonl":
            lines.append('{"start": %s, "end": %s, "speaker": "%s", "text": "%s"}' % (
                it.D("timestamp", "%.2f" % t, raw=True), it.D("timestamp", "%.2f" % (t + dur), raw=True), lab(k), text))
        elif scheme == "none":
            lines.append(text)
        else:
            l_ = lab(k)
            if use_ts:
                lines.append(layout.format(ts=it.D("timestamp", ts, raw=True), l=l_, x=text))
            else:
                lines.append("%s: %s" % (l_, text))
        t += dur + R.uniform(0.2, 1.5)
    if scheme == "none":
        j = C(["\n", "\n", "\n— ", " "])
        it.tag("labels_none_" + {"\n": "lines", "\n— ": "dashes", " ": "paragraph"}[j])
        body = j.join(lines)
        if j == "\n— ":
            body = "— " + body
        return body
    if use_ts and scheme not in ("srt", "vtt", "jsonl"):
        it.tag("timestamps_" + tsf)
        it.tag("distractor_timestamp")
    return "\n".join(lines).rstrip("\n")


def nopii_call_body(cv):
    it = cv.it
    va, vc = cv.v["A"], cv.v["C"]
    ind = cv.comp[1]
    cv.c(C(["Hi, I just have a quick question.", "Yeah, I'm trying to figure out a charge.",
            "Hi, what time do you close today?", "I'm checking on the status of something."]))
    opts = [
        lambda: (cv.c("What are your hours on {w}?".format(w=DW(it, "weekday", C(WEEKDAYS)))),
                 cv.a("We're open {t} to {t2}.".format(t=DZ(it, "time", va), t2=DZ(it, "time", va)))),
        lambda: (cv.c("I ordered something, the order number is {o}.".format(o=DZ(it, "order", vc))),
                 cv.a("I see it, it shipped {d}, tracking {t}.".format(d=DZ(it, "date", va), t=DZ(it, "tracking", va)))),
        lambda: (cv.c("How much is the {p}?".format(p=DW(it, "product", C(PRODUCTS)))),
                 cv.a("That's {p}, or {p2} with the discount.".format(p=DZ(it, "price", va), p2=DZ(it, "price", va)))),
        lambda: (cv.c("What's the zip for your {c} branch?".format(c=DW(it, "city", C(NAMEY_CITIES)))),
                 cv.a("That one's {z}.".format(z=DZ(it, "zip", va)))),
        lambda: (cv.c("Is the reference number {r} still valid?".format(r=DZ(it, "ref16", vc))),
                 cv.a("Yes, that reference is active until {d}.".format(d=DZ(it, "date", va)))),
        lambda: (cv.a("The code we texted is {o}, it expires in {m}.".format(o=DZ(it, "otp", va), m=DZ(it, "duration", va)))),
        lambda: (cv.c("My flight is {f}, is it on time?".format(f=DZ(it, "flight", vc))),
                 cv.a("It's scheduled for {t}, gate {g}.".format(t=DZ(it, "time", va), g=DZ(it, "gate", va)))),
        lambda: (cv.c("The unit is model {m}, from {y}.".format(m=DZ(it, "model", vc), y=DZ(it, "year", vc))),
                 cv.a("That one's covered for {q} years, so you're fine.".format(q=DZ(it, "qty", va)))),
        lambda: (cv.a("The rate went up {p} in {m}.".format(p=DZ(it, "percent", va), m=DW(it, "month", C(MONTHS)))),
                 cv.c("And the balance right now is {b}?".format(b=DZ(it, "balance", vc)))),
        lambda: (cv.c("Is there a location on {s}?".format(s=DW(it, "street", C(STREETS) + " " + C(STREET_TYPES)[0]))),
                 cv.a("Yes, and another one in {c}.".format(c=DW(it, "city", C(NAMEY_CITIES))))),
        lambda: (cv.c("I have case {c} open, any update?".format(c=DZ(it, "case", vc))),
                 cv.a("It's with the {c} team, should be {q} business days.".format(c=DW(it, "city", C(NAMEY_CITIES)), q=DZ(it, "qty", va)))),
    ]
    for f in R.sample(opts, R.randint(3, 5)):
        f()
    ep_chatter(cv, R.randint(1, 2))


def make_call(nopii=False):
    style = W([("lower", 34), ("whisper", 34), ("lower_num", 20), ("upper", 8)])
    it = Item("call", style)
    it.tag("asr_" + style)
    comp = C(COMPANIES)
    used = set()
    agent, caller = make_person(used), make_person(used)
    cv = Conv(it, comp, agent, caller)
    ep_open(cv, nopii)
    if nopii:
        nopii_call_body(cv)
        ep_close(cv, nopii=True)
        return it, render_call(cv, nopii=True)
    ind = comp[1]
    eps = []
    w_card = {"retail": 0.75, "home": 0.7, "clinic": 0.55, "travel": 0.75, "utility": 0.6, "telecom": 0.65,
              "insurance": 0.6, "bank": 0.4, "legal": 0.55, "realty": 0.4}.get(ind, 0.6)
    if P(w_card * 0.7):
        eps.append("card")
    for e, p in (("phone", 0.22), ("email", 0.19), ("address", 0.29), ("dob", 0.19), ("ssn", 0.38 if ind in ("bank", "insurance", "utility", "realty", "telecom") else 0.2),
                 ("bank", 0.33 if ind in ("bank", "utility", "insurance") else 0.1), ("company_phone", 0.08)):
        if P(p):
            eps.append(e)
    if not eps:
        eps.append(C(["phone", "dob", "card"]))
    R.shuffle(eps)
    if "card" in eps and P(0.12):
        eps.insert(eps.index("card") + 1, "card2")
    if P(0.08) and "card" in eps:
        eps[eps.index("card")] = "third_card"
    ep_chatter(cv, R.randint(0, 2))
    for e in eps:
        if e == "card":
            ep_card(cv)
            if P(0.5):
                ep_total(cv)
            if P(0.15):
                ep_last4(cv)
        elif e == "card2":
            ep_card(cv, second=True)
        elif e == "third_card":
            ep_third_card(cv)
        elif e == "phone":
            ep_phone(cv)
        elif e == "email":
            ep_email(cv)
        elif e == "address":
            ep_address(cv)
        elif e == "dob":
            if cv.third is not None and P(0.5):
                ep_dob(cv, third=True)
            else:
                ep_dob(cv)
        elif e == "ssn":
            ep_ssn(cv)
        elif e == "bank":
            ep_bank(cv)
        elif e == "company_phone":
            ep_company_phone(cv)
        if P(0.3):
            ep_chatter(cv, 1)
    ep_close(cv)
    return it, render_call(cv)


# ============================================================================
# Typed value helpers (chats, texts, forms)
# ============================================================================
EMOJI = ["🙂", "😅", "👍", "🙏", "😬", "📦", "💳", "✅", "😊", "🤞", "😩", "👌", "🏠", "📞"]


def emo():
    return (" " + C(EMOJI)) if P(0.25) else ""


def card_values(it, brand=None):
    brand, ds = make_card(brand)
    m, y = make_expiry()
    cvv = make_cvv(brand)
    vc = it.val("CREDIT_CARD", ds, brand=brand)
    ve = it.val("CARD_EXPIRY", "%02d/%02d" % (m, y % 100), month=m, year=y, card=vc)
    vv = it.val("CARD_CVV", cvv, card=vc)
    it.tag("card_" + brand)
    if brand == "amex":
        it.tag("cvv_cid4")
    return dict(brand=brand, ds=ds, m=m, y=y, cvv=cvv, vc=vc, ve=ve, vv=vv)


def card_words_typed(ds, brand):
    gs = split_groups(ds, card_groups(ds, brand))
    v = Voice("lower")
    v.dbl = False
    v.slip = False
    return C([" ", ", ", "  "]).join(" ".join(UNIT_W[int(d)] for d in g) for g in gs)


def typed_card_span(it, c, fmt=None):
    if fmt == "words" or (fmt is None and P(0.04)):
        it.tag("card_typed_words")
        return it.S(c["vc"], card_words_typed(c["ds"], c["brand"]))
    t, tg = type_card(c["ds"], c["brand"], fmt)
    it.tag(tg)
    return it.S(c["vc"], t)


def typed_exp_span(it, c, fmt=None):
    t, tg = type_expiry(c["m"], c["y"], fmt)
    it.tag(tg)
    return it.S(c["ve"], t)


def typed_phone_span(it, p=None, role="primary", fmt=None, vid=None):
    p = p or (make_intl_phone() if P(0.2) else make_us_phone())
    vid = vid or it.val("PHONE_NUMBER", p["value"], country=p["country"])
    t, tg = type_phone(p, fmt)
    it.tag(tg)
    if p["cc"] != "1":
        it.tag("phone_intl", "phone_intl_" + p["country"].lower())
    return it.S(vid, t, role), p, vid


def typed_email_span(it, person, comp=None, fmt=None):
    e = make_email(person, comp)
    vid = it.val("EMAIL_ADDRESS", e)
    t, tg = type_email(e, fmt)
    it.tag(tg)
    return it.S(vid, t)


def typed_dob_span(it, fmt=None):
    y, m, d = make_dob()
    vid = it.val("DATE_OF_BIRTH", "%04d-%02d-%02d" % (y, m, d), year=y, month=m, day=d)
    t, tg = type_dob(y, m, d, fmt)
    it.tag(tg)
    return it.S(vid, t)


def typed_ssn_span(it, fmt=None, last4=False):
    s = make_ssn()
    vid = it.val("SSN", s)
    if last4:
        it.tag("ssn_last4")
        return it.S(vid, s[5:], role="last4")
    t, tg = type_ssn(s, fmt)
    it.tag(tg)
    return it.S(vid, t)


def typed_addr(it, a=None, abbrev=None, tail=True, sep=", "):
    a = a or make_address(W([("us", 85), ("pobox", 10), ("uk", 5)]))
    vid = it.val("STREET_ADDRESS", addr_value(a), **addr_meta(a))
    it.tag("addr_typed", "addr_" + a["kind"])
    s = it.S(vid, addr_typed(a, abbrev))
    if tail:
        s += sep + it.N("address_tail", addr_tail_typed(a))
    return s, a, vid


def typed_bank(it, kind=None):
    kind = kind or W([("us", 60), ("iban", 25), ("uk", 10), ("au", 5)])
    out = []
    if kind == "us":
        rt, ac = make_routing(), make_account()
        vr = it.val("BANK_ACCOUNT", rt, subtype="routing")
        va = it.val("BANK_ACCOUNT", ac, subtype="account")
        rfmt = C([rt, rt, rt[:3] + " " + rt[3:6] + " " + rt[6:], rt[:4] + "-" + rt[4:]])
        afmt = C([ac, ac, "-".join(ac[i:i + 4] for i in range(0, len(ac), 4)), " ".join(ac[i:i + 3] for i in range(0, len(ac), 3))])
        it.tag("bank_us_typed")
        return [("routing", it.S(vr, rfmt)), ("account", it.S(va, afmt))]
    if kind == "iban":
        cc, ib = make_iban()
        vi = it.val("BANK_ACCOUNT", ib, subtype="iban", country=cc)
        t, tg = type_iban(ib)
        it.tag(tg, "iban_" + cc.lower())
        return [("iban", it.S(vi, t))]
    if kind == "uk":
        sc = "%02d%02d%02d" % (R.randint(1, 99), R.randint(0, 99), R.randint(0, 99))
        ac = digits(8)
        vs = it.val("BANK_ACCOUNT", sc, subtype="sort_code")
        va = it.val("BANK_ACCOUNT", ac, subtype="account")
        it.tag("bank_sort_code")
        return [("sort_code", it.S(vs, C(["%s-%s-%s", "%s %s %s", "%s%s%s"]) % (sc[:2], sc[2:4], sc[4:]))), ("account", it.S(va, ac))]
    bsb = "%03d%03d" % (R.randint(10, 999), R.randint(0, 999))
    ac = digits(9)
    vs = it.val("BANK_ACCOUNT", bsb, subtype="bsb")
    va = it.val("BANK_ACCOUNT", ac, subtype="account")
    it.tag("bank_bsb")
    return [("bsb", it.S(vs, bsb[:3] + "-" + bsb[3:])), ("account", it.S(va, ac))]


# ============================================================================
# Chats
# ============================================================================
def chat_card_flow(it, msgs, cust, A="A"):
    c = card_values(it)
    mode = W([("one_msg", 30), ("asked_each", 30), ("split_msgs", 14), ("words", 5), ("two_msgs_sep", 10), ("correction", 6), ("form_like", 5)])
    it.tag("chat_card_" + mode)
    if mode == "one_msg":
        msgs.append((A, C(["Please send the card number, expiry and security code and I'll process it.", "ok, what card would u like to use?",
                           "I can take the payment here. Card details please.", "Go ahead with the card info when ready."])))
        tpl = C(["{c} exp {e} cvc {v}", "{c}, {e}, {v}", "card: {c} exp: {e} sec code: {v}", "{c} {e} {v}",
                 "its {c} exp {e} cvv {v}", "{c}\nexp {e}\ncvc {v}", "{c} / {e} / {v}", "{c} good thru {e}, code on back {v}",
                 "number {c} expiry {e} the 3 digits {v}" if c["brand"] != "amex" else "number {c} expiry {e} the 4 digits {v}",
                 "cc# {c} exp{e} cvv:{v}"])
        efmt = C(["mmyy", "mm/yy", "m/yy"]) if "exp{e}" in tpl else None
        if efmt:
            it.tag("exp_glued_cue")
        msgs.append(("C", tpl.format(c=typed_card_span(it, c), e=typed_exp_span(it, c, efmt), v=it.S(c["vv"], c["cvv"])) + emo()))
        if "{c} {e} {v}" == tpl:
            it.tag("exp_no_cue", "cvv_no_cue")
    elif mode in ("asked_each", "correction"):
        msgs.append((A, C(["What's the card number?", "Card number please", "Can you type the long number on the card?", "ok. card #?"])))
        msgs.append(("C", C(["{c}", "sure {c}", "{c}" + emo(), "ok its {c}"]).format(c=typed_card_span(it, c))))
        if mode == "correction":
            i = R.randint(0, len(c["ds"]) - 1)
            msgs.append(("C", C(["wait no sorry last bit is {g}", "sorry typo, ends {g}", "oops the last group is {g}"]).format(
                g=it.S(c["vc"], c["ds"][-4:], role="correction"))))
            it.tag("card_correction")
        msgs.append((A, C(["And the expiration date?", "exp date?", "Expiry (MM/YY)?", "thanks! when does it expire?", "Valid thru date?"])))
        msgs.append(("C", C(["{e}", "exp {e}", "{e} i think", "it says {e}"]).format(e=typed_exp_span(it, c))))
        msgs.append((A, C(["And the CVV?", "security code on the back?", "CVC please", "3 digit code?" if c["brand"] != "amex" else "4 digit code on the front?",
                           "last thing, the code"])))
        msgs.append(("C", C(["{v}", "{v}", "cvc {v}", "its {v}"]).format(v=it.S(c["vv"], c["cvv"]))))
    elif mode == "split_msgs":
        ds = c["ds"]
        gs = card_groups(ds, c["brand"])
        cut = C([gs[0] + gs[1], gs[0], len(ds) - gs[-1]])
        inst = it.inst()
        sep = C([" ", "-", ""])
        def fmtp(x):
            out, i = [], 0
            # regroup the piece in fours where possible
            return sep.join(x[j:j + 4] for j in range(0, len(x), 4)) if sep else x
        msgs.append(("C", C(["{a}", "card is {a}", "{a}..."]).format(a=it.S(c["vc"], fmtp(ds[:cut]), inst=inst))))
        if P(0.5):
            msgs.append((A, C(["go on", "👍", "ok", "and the rest?"])))
        msgs.append(("C", C(["{b}", "{b} sorry hit enter", "{b} exp {e}"]).format(b=it.S(c["vc"], fmtp(ds[cut:]), inst=inst), e=typed_exp_span(it, c))))
        it.tag("card_split_messages")
        if not any(c["ve"] in str(x) for x in ()):
            msgs.append((A, C(["Exp and CVC?", "and exp / cvv pls", "Thanks. Expiration and security code?"])))
            msgs.append(("C", C(["{e} {v}", "{e} and {v}", "exp {e} sec {v}"]).format(e=typed_exp_span(it, c), v=it.S(c["vv"], c["cvv"]))))
    elif mode == "words":
        msgs.append(("C", "my keyboard is being weird so ill type it out: {c}".format(c=typed_card_span(it, c, "words"))))
        msgs.append(("C", "expires {e}, code {v}".format(e=typed_exp_span(it, c), v=it.S(c["vv"], C([c["cvv"], " ".join(UNIT_W[int(d)] for d in c["cvv"])])))))
    elif mode == "two_msgs_sep":
        msgs.append(("C", "{c}{e}".format(c=typed_card_span(it, c), e=emo())))
        msgs.append(("C", C(["{e}", "{e}!"]).format(e=typed_exp_span(it, c))))
        msgs.append(("C", C(["{v}", "and {v} on back"]).format(v=it.S(c["vv"], c["cvv"]))))
        it.tag("exp_no_cue", "cvv_no_cue")
    else:
        msgs.append((A, "Please reply in this format: number / MM/YY / CVV"))
        msgs.append(("C", "{c} / {e} / {v}".format(c=typed_card_span(it, c), e=typed_exp_span(it, c, "mm/yy"), v=it.S(c["vv"], c["cvv"]))))
    if P(0.3):
        msgs.append((A, C(["Thanks, that's processed on the card ending {l}.", "Payment of {p} approved ✅ (card ending {l})", "ok charged {p} to card ending in {l}"]).format(
            l=DZ(it, "card_last4"), p=DZ(it, "price"))))
    return c


def chat_flow_pii(it, msgs, comp, agent, cust, nm):
    A = "A"
    n_eps = W([(1, 2), (2, 4), (3, 4)])
    eps = R.sample(["card", "card", "card", "email", "email", "email", "phone", "phone", "address", "dob", "ssn", "bank", "third", "name_spell"], n_eps)
    if eps.count("card") > 1 and P(0.7):
        eps = [e for i, e in enumerate(eps) if e != "card" or i == eps.index("card")]
    for e in eps:
        if e == "card":
            chat_card_flow(it, msgs, cust)
        elif e == "email":
            msgs.append((A, C(["What's the best email to reach you?", "Can you confirm the email on the account?", "email for the receipt?"])))
            msgs.append(("C", C(["{e}", "its {e}", "{e} pls", "use {e}", "{e} (not the old one)"]).format(e=typed_email_span(it, cust, comp)) + emo()))
        elif e == "phone":
            msgs.append((A, C(["And a phone number?", "Best callback #?", "What number can the driver text?"])))
            sp, p, vid = typed_phone_span(it)
            ext = ""
            if P(0.12):
                ext = C([" x", " ext. ", " ext "]) + it.N("extension", str(R.randint(10, 999)))
                it.tag("phone_extension")
            msgs.append(("C", C(["{p}", "{p} (cell)", "cell is {p}", "{p} text is better"]).format(p=sp) + ext))
        elif e == "address":
            msgs.append((A, C(["What's the delivery address?", "Service address please", "where should we ship it?"])))
            if P(0.3):
                a = make_address("us")
                vid = it.val("STREET_ADDRESS", addr_value(a), **addr_meta(a))
                inst = it.inst()
                main = addr_typed(dict(a, unit=None))
                if a["unit"]:
                    u = a["unit"][0][0] + " " + a["unit"][1] if a["unit"][0][0] != "#" else "Apt " + a["unit"][1]
                    msgs.append(("C", "{m}\n{u}\n{t}".format(m=it.S(vid, main, inst=inst), u=it.S(vid, u, inst=inst), t=it.N("address_tail", addr_tail_typed(a)))))
                    it.tag("addr_multiline", "addr_unit_own_line")
                else:
                    msgs.append(("C", "{m}\n{t}".format(m=it.S(vid, main, inst=inst), t=it.N("address_tail", addr_tail_typed(a)))))
                    it.tag("addr_multiline")
            else:
                s, a, vid = typed_addr(it, tail=P(0.7))
                msgs.append(("C", C(["{a}", "{a} 🏠", "its {a}", "ship to {a} pls"]).format(a=s)))
        elif e == "dob":
            msgs.append((A, C(["For verification, your date of birth?", "dob?", "Can you confirm your birthday?"])))
            msgs.append(("C", C(["{d}", "dob {d}", "{d} 🙂", "born {d}"]).format(d=typed_dob_span(it))))
        elif e == "ssn":
            last4 = P(0.4)
            msgs.append((A, C(["last 4 of your SSN?", "Please verify the last four of your social."]) if last4 else C(["I'll need your SSN to continue the application.", "ssn please (it's encrypted)"])))
            msgs.append(("C", C(["{s}", "ssn# {s}", "its {s}", "{s} 😬"]).format(s=typed_ssn_span(it, last4=last4))))
        elif e == "bank":
            msgs.append((A, C(["For the direct debit I need your bank details.", "What account should the refund go to?"])))
            parts = typed_bank(it)
            lab = {"routing": C(["rtn", "routing", "ABA", "routing #"]), "account": C(["acct", "account", "acct #", "acc no"]),
                   "iban": C(["IBAN", "iban:", "my IBAN is"]), "sort_code": C(["sort code", "SC"]), "bsb": "BSB"}
            msgs.append(("C", C([" ", "\n", ", "]).join("%s %s" % (lab[k], t) for k, t in parts)))
        elif e == "third":
            x = make_person()
            msgs.append(("C", C(["can my {r} {x} also be on the account?", "my {r} {x} will be the one home for the delivery",
                                 "pls add {x} ({r}) as authorized user"]).format(r=C(["husband", "wife", "son", "mom", "roommate", "partner"]),
                                                                                x=nm(x, C(["first", "full"]), tag="name_third_party"))))
            msgs.append((A, C(["Sure, I've added {x}.", "No problem, noted {x} on the account."]).format(x=nm(x, "first", tag="name_third_party"))))
        elif e == "name_spell":
            msgs.append((A, "Can you confirm the name on the account?"))
            msgs.append(("C", C(["{n}", "{n} ({l} is spelled {s})"]).format(n=nm(cust, "full"), l=nm(cust, "last"), s=it.S(nm.vid(cust["last"]), "-".join(c for c in ascii_fold(cust["last"]).upper() if c.isalpha()), role="spelled"))))
            it.tag("name_spelled")
        if P(0.4):
            chat_chatter(it, msgs, comp)


def chat_chatter(it, msgs, comp):
    r = R.random()
    if r < 0.2:
        msgs.append(("C", "order {o} still says processing".format(o=DZ(it, "order"))))
        msgs.append(("A", "It ships {d}, tracking {t} 📦".format(d=DZ(it, "date"), t=DZ(it, "tracking"))))
    elif r < 0.35:
        msgs.append(("A", "Your total is {p} (incl. {pc} tax).".format(p=DZ(it, "price"), pc=DZ(it, "percent"))))
    elif r < 0.5:
        msgs.append(("A", "Appointment confirmed for {w} {d} at {t} at our {c} office.".format(w=DW(it, "weekday", C(WEEKDAYS)), d=DZ(it, "date"), t=DZ(it, "time"), c=DW(it, "city", C(NAMEY_CITIES)))))
    elif r < 0.62:
        msgs.append(("C", "is this the {p}? the one from {m}".format(p=DW(it, "product", C(PRODUCTS)), m=DW(it, "month", C(MONTHS)))))
    elif r < 0.72:
        msgs.append(("A", "I've opened ticket {t}. You can follow it at {u}".format(t=DZ(it, "ticket"), u=DZ(it, "url"))))
    elif r < 0.82:
        msgs.append(("C", "got a msg w/ ref {r} is that legit?".format(r=DZ(it, "ref16"))))
    elif r < 0.9:
        msgs.append(("A", "Your policy {p} renews {d}, premium {b}.".format(p=DZ(it, "policy"), d=DZ(it, "date"), b=DZ(it, "price"))))
    else:
        msgs.append(("C", "the store on {s} said call here".format(s=DW(it, "street", C(STREETS) + " " + C(STREET_TYPES)[0]))))


def chat_nopii(it, msgs, comp):
    msgs.append(("C", C(["hi", "hello?", "hey quick q", "Hi there"])))
    msgs.append(("A", C(["Hi! How can I help today?", "Hello, what can I do for you?"])))
    for _ in range(R.randint(3, 5)):
        chat_chatter(it, msgs, comp)
    if P(0.5):
        msgs.append(("C", "my code was {o} but it expired after {m}".format(o=DZ(it, "otp"), m=DZ(it, "duration"))))
    if P(0.4):
        msgs.append(("C", "my router is at {i} and the model is {m}".format(i=DZ(it, "ip"), m=DZ(it, "model"))))
    msgs.append(("C", C(["thx", "ok thanks!", "great ty 🙏"])))


def render_chat(it, msgs, comp, agent, cust, nm, nopii=False):
    fmt = W([("iso", 16), ("clock", 14), ("slack", 10), ("username", 10), ("visitor", 10), ("whatsapp", 10),
             ("plain", 12), ("json", 6), ("messenger", 8), ("transcript_email", 6)])
    it.tag("chat_fmt_" + fmt)
    cust_form = (C(["first_initial", "full", "first"]) if P(0.16) else None) if not nopii else None
    agent_lab_kind = W([("name", 10), ("role", 80), ("bot_then_name", 10)]) if not nopii else "role"
    role_a = C(["Agent", "Support", "Support Bot", comp[2] + " Support", "Assistant", "Care Team"])
    role_c = C(["Customer", "Visitor", "You", "Guest", "Client"])
    uname = C(["jdoe88", "mk_travels", "sunnyday_21", "pkw1980", "bluebird", "thewanderer", "gg_77", "hollyb", "rr2000x"])
    visitor = "Visitor " + digits(5)
    t0 = R.randint(8 * 3600, 20 * 3600)
    date = (2024 + R.randint(0, 1), R.randint(1, 12), R.randint(1, 28))
    bot_switch = R.randint(1, 3)

    def cl(k, i):
        if k == "S":
            return None
        if k == "A":
            if agent_lab_kind == "role" or (agent_lab_kind == "bot_then_name" and i < bot_switch):
                return DW(it, "role_label", role_a) if role_a.startswith(comp[2]) else role_a
            f = C(["first", "first", "first_initial"]) if not hasattr(cl, "af") else cl.af
            cl.af = f
            text = nm.form(agent, f)
            it.tag("name_speaker_label", "name_display")
            return it.S(nm.vid(text), text, role="speaker_label")
        if nopii or cust_form is None:
            if fmt == "username":
                return it.N("username", uname)
            if fmt == "visitor":
                return it.D("visitor_id", visitor)
            return role_c
        if fmt == "username":
            return it.N("username", uname)
        if fmt == "visitor" and P(0.0):
            return visitor
        text = nm.form(cust, cust_form)
        it.tag("name_speaker_label", "name_display")
        return it.S(nm.vid(text), text, role="speaker_label")

    lines = []
    if fmt == "json":
        lines.append('{"conversation_id": "%s", "messages": [' % it.D("case", "conv_" + digits(8)))
    t = t0
    for i, (k, text) in enumerate(msgs):
        t += R.randint(5, 140)
        h, rem = divmod(t, 3600)
        m, s = divmod(rem, 60)
        lab = cl(k, i)
        if fmt == "iso":
            ts = it.D("timestamp", "%04d-%02d-%02dT%02d:%02d:%02dZ" % (date[0], date[1], date[2], h % 24, m, s))
            lines.append("[%s] %s: %s" % (ts, lab, text))
        elif fmt == "clock":
            ts = it.D("timestamp", "%d:%02d %s" % ((h - 1) % 12 + 1, m, "AM" if h < 12 else "PM"))
            lines.append("%s %s: %s" % (ts, lab, text))
        elif fmt == "slack":
            ts = it.D("timestamp", "%d:%02d %s" % ((h - 1) % 12 + 1, m, "AM" if h < 12 else "PM"))
            lines.append("%s  %s\n%s\n" % (lab, ts, text))
        elif fmt == "username" or fmt == "visitor":
            ts = it.D("timestamp", "%02d:%02d:%02d" % (h % 24, m, s))
            lines.append("(%s) %s: %s" % (ts, lab, text))
        elif fmt == "whatsapp":
            ts = it.D("timestamp", "%02d/%02d/%04d, %02d:%02d" % (date[2], date[1], date[0], h % 24, m))
            lines.append("%s - %s: %s" % (ts, lab, text))
        elif fmt == "plain":
            lines.append("%s: %s" % (lab, text))
        elif fmt == "json":
            text = text.replace("\n", "\\n")
            ts = it.D("timestamp", "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (date[0], date[1], date[2], h % 24, m, s, R.randint(0, 999)))
            lines.append('  {"from": "%s", "sent_at": "%s", "body": "%s"}%s' % (lab, ts, text, "," if i < len(msgs) - 1 else ""))
        elif fmt == "messenger":
            lines.append("%s\n%s" % (lab, text))
        else:
            ts = it.D("timestamp", "%d:%02d%s" % ((h - 1) % 12 + 1, m, "am" if h < 12 else "pm"))
            lines.append("%s (%s)\n%s\n" % (lab, ts, text))
    if fmt == "json":
        lines.append("]}")
    if fmt == "transcript_email":
        head = "Chat transcript - %s\nStarted: %s\n\n" % (DW(it, "business", comp[0]), it.D("date", "%s %d, %d" % (MONTHS[date[1] - 1], date[2], date[0])))
        return head + "\n".join(lines).rstrip()
    return "\n".join(lines).rstrip()


def make_chat(nopii=False):
    it = Item("chat", "typed")
    comp = C(COMPANIES)
    used = set()
    agent, cust = make_person(used), make_person(used)
    nm = Names(it)
    msgs = []
    if nopii:
        chat_nopii(it, msgs, comp)
        return it, render_chat(it, msgs, comp, agent, cust, nm, nopii=True)
    r = R.random()
    if r < 0.35:
        msgs.append(("A", C(["Hi {c}! Thanks for contacting {b}. How can I help?", "Hello {c}, you're chatting with {a}. What can I do for you?",
                             "Hey {c} 👋 {a} here from {b}."]).format(c=nm(cust, "first", tag="name_greeting"), a=nm(agent, "first", tag="name_agent"), b=biz(it, comp))))
    elif r < 0.75:
        msgs.append(("S", ""))  # placeholder removed below
        msgs.pop()
        msgs.append(("C", C(["hi, this is {c}, i need to update my payment", "Hello my name is {c}. Acct question", "hi its {c} 🙂"]).format(c=nm(cust, C(["full", "first", "full"]), tag="name_intro"))))
        msgs.append(("A", C(["Hi {c}, happy to help.", "Thanks {c}! One sec while I pull up your account."]).format(c=nm(cust, "first", tag="name_greeting"))))
    else:
        msgs.append(("C", C(["hello i need help with a payment", "Hi - trying to pay my bill", "hey can someone help me"])))
        msgs.append(("A", C(["Sure! Can I get the name on the account?", "Of course. Your full name please?"])))
        msgs.append(("C", C(["{c}", "its {c}", "{c} ({l})"]).format(c=nm(cust, C(["full", "last_comma_first", "mi"]), tag="name_intro"), l=nm(cust, "upper_last"))))
    chat_flow_pii(it, msgs, comp, agent, cust, nm)
    if P(0.3):
        msgs.append(("A", C(["Anything else I can help with, {c}?", "You're all set, {c}! 😊", "Thanks {c}, have a great day."]).format(c=nm(cust, "first", tag="name_greeting"))))
        msgs.append(("C", C(["no thats it thx", "thanks {a}!", "ty {a} 🙏", "nope, bye"]).format(a=nm(agent, "first", tag="name_signoff"))))
    return it, render_chat(it, msgs, comp, agent, cust, nm)


# ============================================================================
# SMS texts
# ============================================================================
def make_text(nopii=False):
    it = Item("text", "typed")
    comp = C(COMPANIES)
    used = set()
    me, other = make_person(used), make_person(used)
    nm = Names(it)
    if nopii:
        r = R.random()
        b = biz(it, comp, short=P(0.5))
        if r < 0.3:
            body = C(["{b}: Your verification code is {o}. It expires in {m}. Msg&data rates may apply.",
                      "{o} is your {b} login code. Don't share it.", "{b} alert: code {o}. Reply STOP to opt out."]).format(b=b, o=DZ(it, "otp"), m=DZ(it, "duration"))
        elif r < 0.55:
            body = "{b}: Reminder - appt {w} {d} at {t}. Reply C to confirm or call the office. Ref {r}".format(
                b=b, w=DW(it, "weekday", C(WEEKDAYS)[:3]), d=DZ(it, "date"), t=DZ(it, "time"), r=DZ(it, "confirmation"))
        elif r < 0.75:
            body = "{b}: Order {o} shipped! Track: {u}. Est. delivery {d}.".format(b=b, o=DZ(it, "order"), u=DZ(it, "url"), d=DZ(it, "date"))
        else:
            body = C(["ok so its {q} for the {p} and {p2} for shipping, meet at {t}?",
                      "flight {f} lands {t}, gate {g}", "they said {pc} off until {d} lol"]).format(
                q=DZ(it, "price"), p=DW(it, "product", C(PRODUCTS)), p2=DZ(it, "price"), t=DZ(it, "time"), f=DZ(it, "flight"),
                g=DZ(it, "gate"), pc=DZ(it, "percent"), d=DZ(it, "date"))
        frm = C(["", "From: {s}\n".format(s=it.D("short_code", digits(5))), ""])
        return it, frm + body
    kind = W([("card_family", 25), ("card_biz", 14), ("address", 20), ("contact_share", 10), ("biz_to_person", 10),
              ("bank", 12), ("dob_ssn", 10), ("email", 9)])
    it.tag("sms_" + kind)
    lines = []  # (who, text)
    rel = C(["Mom", "Dad", "babe", "Sis", "Grandma", "hun"])
    if kind == "card_family":
        c = card_values(it)
        lines.append(("O", C(["can u send me ur card # for the {p} order", "need the card again for the {p} thing sorry", "what's the card info? paying the {p} bill"]).format(p=DW(it, "business", comp[2]))))
        if P(0.5):
            inst = it.inst()
            ds = c["ds"]
            k = len(ds) // 2
            lines.append(("M", it.S(c["vc"], ds[:k], inst=inst)))
            lines.append(("M", it.S(c["vc"], ds[k:], inst=inst) + C(["", " sorry", " (2nd half)"])))
            it.tag("card_split_messages")
        else:
            lines.append(("M", C(["{c}", "{c} {x}", "ok {c}"]).format(c=typed_card_span(it, c), x=C(EMOJI))))
        lines.append(("M", C(["{e} {v}", "exp {e} code {v}", "{e}\n{v}", "{e} and back is {v}"]).format(e=typed_exp_span(it, c), v=it.S(c["vv"], c["cvv"]))))
        if P(0.5):
            lines.append(("O", C(["got it thx {m}", "ty!!", "k"]).format(m=nm(me, "first", tag="name_greeting"))))
    elif kind == "card_biz":
        c = card_values(it)
        lines.append(("B", "{b}: To complete your booking reply with card number, exp and CVV, or call us.".format(b=biz(it, comp, True))))
        lines.append(("M", C(["{c} {e} {v}", "{c} exp {e} cvv {v}", "card {c}\nexp {e}\ncvv {v}"]).format(c=typed_card_span(it, c), e=typed_exp_span(it, c), v=it.S(c["vv"], c["cvv"]))))
        lines.append(("B", "Thanks {n}, payment of {p} received. Conf {x}.".format(n=nm(me, "first", tag="name_greeting"), p=DZ(it, "price"), x=DZ(it, "confirmation"))))
    elif kind == "address":
        lines.append(("O", C(["whats ur address again? sending the invite", "addy for the package?", "where do i send the check"])))
        s, a, vid = typed_addr(it, tail=P(0.7), sep=C([", ", "\n", " "]))
        lines.append(("M", s + emo()))
        if P(0.4):
            lines.append(("M", "gate code is {g} lol".format(g=DZ(it, "otp"))))
    elif kind == "contact_share":
        x = make_person()
        sp, p, vid = typed_phone_span(it)
        lines.append(("O", C(["do u have the plumber's number", "can u send me {x}'s number", "who was that lady from the clinic"]).format(x=nm(x, "first", tag="name_third_party"))))
        lines.append(("M", C(["{x} {p}", "its {x}, {p}", "{x} - {p} she's great", "{p} ask for {x}"]).format(x=nm(x, C(["first", "full"]), tag="name_third_party"), p=sp)))
        if P(0.4):
            e = typed_email_span(it, x)
            lines.append(("M", "or email {e}".format(e=e)))
    elif kind == "biz_to_person":
        sp, p, vid = typed_phone_span(it, make_us_phone("toll" if P(0.5) else "geo"))
        body = C(["Hi {n}, this is {a} from {b}. Your tech is on the way, ETA {t}. Questions? Call {p}.",
                  "{b}: Hi {n}! Your balance of {pr} is due {d}. Pay by phone at {p}. -{a}",
                  "Hello {n}, {a} at {b} here. We couldn't reach you, please call back at {p} re: claim {c}."]).format(
            n=nm(me, C(["first", "full"]), tag="name_greeting"), a=nm(other, "first", tag="name_signoff"), b=biz(it, comp, True), t=DZ(it, "time"),
            p=sp, pr=DZ(it, "price"), d=DZ(it, "date"), c=DZ(it, "claim"))
        it.tag("phone_company")
        lines.append(("B", body))
        if P(0.5):
            lines.append(("M", C(["ok thanks {a}", "can u call me at {p} instead", "👍"]).format(a=nm(other, "first", tag="name_greeting"), p=typed_phone_span(it)[0])))
    elif kind == "bank":
        lines.append(("O", C(["send me ur bank info for the rent split", "whats ur acct # so i can zelle... actually wire it"])))
        parts = typed_bank(it)
        lab = {"routing": C(["routing", "rtn", "ABA"]), "account": C(["acct", "account", "acc"]), "iban": "IBAN", "sort_code": "sort", "bsb": "bsb"}
        lines.append(("M", C([" ", "\n"]).join("%s %s" % (lab[k], t) for k, t in parts)))
    elif kind == "dob_ssn":
        lines.append(("O", C(["the insurance form needs ur dob and social", "need ur ssn and bday for the lease app"])))
        lines.append(("M", C(["dob {d} ssn {s}", "{d}\n{s}", "bday {d}, ss# {s}"]).format(d=typed_dob_span(it), s=typed_ssn_span(it))))
        it.tag("dob_typed", "ssn_typed")
    else:
        lines.append(("O", "what email should i put u under"))
        lines.append(("M", C(["{e}", "{e} not the old one", "use {e}"]).format(e=typed_email_span(it, me))))
    # render
    fmt = W([("me_rel", 20), ("names", 30), ("arrows", 12), ("bracket_ts", 15), ("phone_label", 5), ("single", 8), ("imessage", 10)])
    it.tag("sms_fmt_" + fmt)
    other_is_biz = any(w == "B" for w, _ in lines)
    ph_lab = None
    if fmt == "phone_label":
        p = make_us_phone() if not other_is_biz else make_us_phone("toll")
        ph_lab = (it.val("PHONE_NUMBER", p["value"], country="US", owner="sender"), type_phone(p, C(["paren", "plus1_space", "e164", "dash"]))[0])
        it.tag("phone_speaker_label")

    def lab(w):
        if w == "M":
            if fmt == "names":
                it.tag("name_speaker_label")
                return nm(me, "first", role="speaker_label")
            return "Me"
        if w == "B":
            if ph_lab:
                return it.S(ph_lab[0], ph_lab[1], role="speaker_label")
            return biz(it, comp, True)
        if fmt == "names":
            it.tag("name_speaker_label")
            return nm(other, "first", role="speaker_label")
        if ph_lab:
            return it.S(ph_lab[0], ph_lab[1], role="speaker_label")
        return rel
    out = []
    d0 = (R.randint(1, 12), R.randint(1, 28))
    mins = R.randint(8 * 60, 22 * 60)
    for w, t in lines:
        mins += R.randint(0, 9)
        if fmt == "single":
            out.append(t)
        elif fmt == "arrows":
            out.append(("> " if w == "M" else "< ") + t)
        elif fmt == "bracket_ts":
            ts = it.D("timestamp", "%d/%d %d:%02d %s" % (d0[0], d0[1], (mins // 60 - 1) % 12 + 1, mins % 60, "AM" if mins < 720 else "PM"))
            out.append("[%s] %s: %s" % (ts, lab(w), t))
        elif fmt == "imessage":
            out.append("%s\n%s" % (lab(w), t))
        else:
            out.append("%s: %s" % (lab(w), t))
    if fmt == "imessage":
        return it, "Today " + it.D("time", "%d:%02d %s" % ((mins // 60 - 1) % 12 + 1, mins % 60, "PM" if mins >= 720 else "AM")) + "\n" + "\n".join(out)
    return it, "\n".join(out)


# ============================================================================
# Forms
# ============================================================================
LBL = {
    "name": ["Full name", "Name", "Customer name", "Policyholder", "Patient name", "Account holder", "Guest name",
             "Applicant", "Contact person", "Name on card", "Cardholder", "Beneficiary", "Tenant", "Owner"],
    "first": ["First name", "First", "Given name", "fname", "first_name", "Forename"],
    "last": ["Last name", "Surname", "Family name", "lname", "last_name"],
    "card": ["Card number", "Credit card", "Card #", "CC", "PAN", "cc_number", "Payment card", "Debit/credit card no."],
    "exp": ["Expiration", "Exp", "Expiry date", "Valid thru", "exp_date", "Good thru", "MM/YY"],
    "cvv": ["CVV", "CVC", "Security code", "CVV2", "cvc", "Card code"],
    "phone": ["Phone", "Mobile", "Cell", "Best number", "Daytime phone", "Tel", "phone_number", "Contact no."],
    "email": ["Email", "E-mail", "Email address", "email", "Contact email"],
    "dob": ["Date of birth", "DOB", "Birthdate", "Birthday", "dob", "Patient DOB", "D.O.B."],
    "ssn": ["SSN", "Social security #", "Social", "ssn", "SS#", "Taxpayer ID (SSN)"],
    "addr": ["Address", "Street address", "Address line 1", "Service address", "Mailing address", "Billing address", "addr1"],
    "routing": ["Routing number", "ABA", "Routing #", "routing"],
    "account": ["Account number", "Acct #", "Account", "account_no"],
    "iban": ["IBAN", "Bank account (IBAN)", "iban"],
    "sort": ["Sort code"],
}


def form_fields(it, comp, nopii=False):
    """Return list of (field_key, label, value_markup). value_markup may contain newlines only for 'addr_block'."""
    nm = Names(it)
    fields = []
    if nopii:
        for k in R.sample(["order", "invoice", "price", "date", "qty", "zip", "ip", "url", "policy", "member", "model", "serial",
                           "tracking", "ref16", "percent", "time", "confirmation", "year"], R.randint(5, 8)):
            fields.append((k, k.replace("_", " ").title() if P(0.5) else k, DZ(it, k)))
        fields.append(("company", "Company", DW(it, "business", comp[0])))
        fields.append(("city", "Preferred location", DW(it, "city", C(NAMEY_CITIES))))
        if P(0.5):
            fields.append(("product", "Product", DW(it, "product", C(PRODUCTS))))
        R.shuffle(fields)
        return fields
    p = make_person()
    profile = W([("payment", 25), ("intake", 22), ("application", 20), ("contact", 12), ("bank", 21)])
    it.tag("form_" + profile)
    if P(0.5):
        fields.append(("first", C(LBL["first"]), nm(p, "first")))
        fields.append(("last", C(LBL["last"]), nm(p, C(["last", "last", "upper_last"]))))
    else:
        fields.append(("name", C(LBL["name"]), nm(p, C(["full", "full", "mi", "last_comma_first", "upper_full"]), tag="name_form_label")))
    if profile == "payment":
        c = card_values(it)
        fields.append(("card", C(LBL["card"]), typed_card_span(it, c, C([None, "space", "none", "dash"]))))
        if P(0.2):
            inst = it.inst()
            fields.append(("exp_month", C(["Exp month", "exp_month", "Month"]), it.S(c["ve"], "%02d" % c["m"] if P(0.7) else str(c["m"]), inst=inst)))
            fields.append(("exp_year", C(["Exp year", "exp_year", "Year"]), it.S(c["ve"], str(c["y"]) if P(0.6) else "%02d" % (c["y"] % 100), inst=inst)))
            it.tag("exp_separate_fields")
        else:
            fields.append(("exp", C(LBL["exp"]), typed_exp_span(it, c)))
        fields.append(("cvv", C(LBL["cvv"]), it.S(c["vv"], c["cvv"])))
        fields.append(("amount", "Amount", DZ(it, "price")))
        fields.append(("invoice", C(["Invoice #", "Ref", "Order"]), DZ(it, C(["invoice", "order"]))))
        if P(0.5):
            fields.append(("zip", C(["Billing ZIP", "ZIP", "Postal code"]), DZ(it, "zip")))
    if profile in ("intake", "application", "contact"):
        if profile != "contact" or P(0.3):
            fields.append(("dob", C(LBL["dob"]), typed_dob_span(it)))
        if P(0.75):
            fields.append(("phone", C(LBL["phone"]), typed_phone_span(it)[0]))
        if P(0.6):
            fields.append(("email", C(LBL["email"]), typed_email_span(it, p, comp)))
    if profile in ("intake", "application", "contact") and P(0.62):
        a = make_address(W([("us", 85), ("pobox", 10), ("uk", 5)]))
        vid = it.val("STREET_ADDRESS", addr_value(a), **addr_meta(a))
        it.tag("addr_typed", "addr_" + a["kind"])
        if a["kind"] == "us" and a["unit"] and P(0.5):
            inst = it.inst()
            fields.append(("addr", C(["Address line 1", "Street", "addr1"]), it.S(vid, addr_typed(dict(a, unit=None)), inst=inst)))
            u = a["unit"]
            fields.append(("addr2", C(["Address line 2", "Apt/Suite", "addr2"]), it.S(vid, (u[0][0] + " " + u[1]) if u[0][0] != "#" else "Unit " + u[1], inst=inst)))
            it.tag("addr_line2_field")
        else:
            fields.append(("addr", C(LBL["addr"]), it.S(vid, addr_typed(a))))
        if a["kind"] == "uk":
            fields.append(("city", "Town", it.N("address_tail", a["town"][0])))
            fields.append(("zip", "Postcode", it.N("address_tail", a["town"][1])))
        else:
            fields.append(("city", "City", it.N("address_tail", a["city"][0])))
            fields.append(("state", "State", it.N("address_tail", a["city"][1])))
            fields.append(("zip", C(["ZIP", "Zip code", "Postal"]), it.N("address_tail", a["zip"])))
    if profile == "intake":
        fields.append(("member", C(["Member ID", "Insurance ID", "Policy #"]), DZ(it, C(["member", "policy"]))))
        if P(0.4):
            fields.append(("ssn", C(LBL["ssn"]), typed_ssn_span(it, last4=P(0.2))))
        if P(0.4):
            x = make_person()
            fields.append(("emergency", C(["Emergency contact", "Next of kin", "Guardian", "Referred by"]), nm(x, "full", tag="name_third_party")))
            fields.append(("emergency_phone", "Emergency phone", typed_phone_span(it)[0]))
        fields.append(("appt", C(["Appointment", "Preferred date"]), DZ(it, "date")))
    if profile == "application":
        fields.append(("ssn", C(LBL["ssn"]), typed_ssn_span(it)))
        if P(0.4):
            for k, t in typed_bank(it, "us"):
                fields.append((k, C(LBL[k]), t))
        fields.append(("income", C(["Annual income", "Monthly rent"]), DZ(it, "balance")))
        if P(0.5):
            x = make_person()
            fields.append(("coapp", C(["Co-applicant", "Spouse", "Co-signer"]), nm(x, "full", tag="name_third_party")))
            if P(0.6):
                fields.append(("coapp_ssn", "Co-applicant SSN", typed_ssn_span(it)))
    if profile == "contact":
        fields.append(("msg", C(["Message", "Comments", "How can we help?"]), C([
            "Please call me back about order {o}, the {p} arrived damaged.",
            "Need a quote for {q} windows before {m}.", "My policy {o} renews on {d}, want to review."]).format(
            o=DZ(it, "order"), p=DW(it, "product", C(PRODUCTS)), q=DZ(it, "qty"), m=DW(it, "month", C(MONTHS)), d=DZ(it, "date"))))
    if profile == "bank":
        for k, t in typed_bank(it):
            fields.append((k, C(LBL.get(k if k != "sort_code" else "sort", ["Account"])), t))
        if P(0.5):
            fields.append(("ssn", C(LBL["ssn"]), typed_ssn_span(it, last4=P(0.3))))
        if P(0.4):
            fields.append(("phone", C(LBL["phone"]), typed_phone_span(it)[0]))
        fields.append(("start", "Start date", DZ(it, "date")))
    if profile == "roster":
        pass
    fields.append(("submitted", C(["Submitted", "submitted_at", "Timestamp"]), it.D("timestamp", "%d-%02d-%02d %02d:%02d:%02d" % (2025, R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)))))
    if P(0.5):
        fields.append(("ip", C(["IP", "ip_address", "Client IP"]), DZ(it, "ip")))
    return fields


def make_form(nopii=False):
    it = Item("form", "typed")
    comp = C(COMPANIES)
    shape = W([("kv", 16), ("json", 14), ("html", 10), ("query", 8), ("csv", 10), ("yaml", 8), ("xml", 8), ("email_body", 8),
               ("vcard", 6 if not nopii else 0), ("logfmt", 5), ("markdown", 5), ("dotted", 4)])
    it.tag("form_" + shape)
    if shape == "csv" and not nopii and P(0.45):
        return it, csv_roster(it, comp)
    if shape == "vcard":
        return it, vcard(it)
    fields = form_fields(it, comp, nopii)
    if shape == "kv":
        sep = C([": ", ": ", " = ", ":\t", " - ", ": "])
        head = C(["", "New submission from {b} website\n".format(b=DW(it, "business", comp[0])), "--- Intake form ---\n"])
        return it, head + "\n".join("%s%s%s" % (l, sep, v) for _, l, v in fields)
    if shape == "json":
        keyify = lambda l: re.sub(r"[^a-z0-9]+", "_", l.lower()).strip("_") or "field"
        body = ",".join('%s"%s": "%s"' % ("\n  " if P(0.7) else " ", keyify(l), v) for _, l, v in fields)
        if P(0.4):
            return it, '{"form_id": "%s", "data": {%s\n}}' % (it.D("order", "f_" + digits(6)), body)
        return it, "{" + body + "\n}"
    if shape == "html":
        if P(0.5):
            rows = "\n".join('<label>%s</label> <input name="%s" value="%s">' % (l, k, v) for k, l, v in fields)
            return it, '<form action="/submit" method="post">\n%s\n</form>' % rows
        rows = "\n".join("<tr><td>%s</td><td>%s</td></tr>" % (l, v) for k, l, v in fields)
        return it, "<table>\n%s\n</table>" % rows
    if shape == "query":
        parts = []
        for k, l, v in fields:
            seg = it.segs[int(MARK.match(v).group(1))] if MARK.fullmatch(v) else None
            if seg is not None:
                if seg["k"] == "span" and it.values[seg["vid"]]["type"] == "PHONE_NUMBER":
                    seg["text"] = re.sub(r"\D", "", seg["text"])
                enc = quote_plus(seg["text"], safe="")
                if seg["k"] == "span" and not (enc[0].isalnum() and enc[-1].isalnum()):
                    enc = quote_plus(ascii_fold(seg["text"]), safe="")
                seg["text"] = enc if seg["k"] != "dis" else fix_luhn(enc)
                it.tag("form_percent_encoded")
            parts.append("%s=%s" % (k, v))
        return it, "POST /api/leads?" + "&".join(parts) if P(0.3) else "https://%s/checkout?%s" % (comp[3], "&".join(parts))
    if shape == "csv":
        sep = C([",", ";", "\t", "|"])
        return it, sep.join(k for k, _, _ in fields) + "\n" + sep.join(('"%s"' % v) if P(0.3) else v for _, _, v in fields)
    if shape == "yaml":
        return it, "submission:\n" + "\n".join('  %s: %s' % (k, ('"%s"' % v) if P(0.4) else v) for k, _, v in fields)
    if shape == "xml":
        return it, "<Submission>\n" + "\n".join("  <%s>%s</%s>" % (k.title().replace("_", ""), v, k.title().replace("_", "")) for k, _, v in fields) + "\n</Submission>"
    if shape == "email_body":
        subj = C(["New web lead", "Online payment form", "Patient intake", "Rental application"])
        return it, "From: noreply@%s\nSubject: %s\n\nA new form was submitted:\n\n%s\n\n-- sent by FormRelay" % (comp[3], subj, "\n".join("%s: %s" % (l, v) for _, l, v in fields))
    if shape == "logfmt":
        return it, "level=info msg=\"form submitted\" " + " ".join('%s="%s"' % (k, v) if P(0.5) else "%s=%s" % (k, v) for k, _, v in fields if "\n" not in v)
    if shape == "markdown":
        return it, "| Field | Value |\n|---|---|\n" + "\n".join("| %s | %s |" % (l, v) for _, l, v in fields)
    # dotted leaders (PDF text)
    return it, "\n".join("%s%s %s" % (l.upper(), "." * R.randint(3, 14), v) for _, l, v in fields)


def csv_roster(it, comp):
    nm = Names(it)
    it.tag("form_roster")
    cols = C([["first_name", "last_name", "dob", "member"], ["name", "email", "phone"], ["Name", "DOB", "Member ID"],
              ["last", "first", "email", "ssn"], ["name", "ssn", "member"]])
    sep = C([",", "\t", ";"])
    rows = [sep.join(cols)]
    for _ in range(R.randint(2, 5)):
        p = make_person()
        cells = []
        for ccol in cols:
            if ccol in ("first_name", "first"):
                cells.append(nm(p, "first"))
            elif ccol in ("last_name", "last"):
                cells.append(nm(p, "last"))
            elif ccol in ("name", "Name"):
                cells.append(('"%s"' if sep == "," else "%s") % nm(p, C(["full", "last_comma_first"])) if True else "")
            elif ccol in ("dob", "DOB"):
                cells.append(typed_dob_span(it, C(["mdy", "iso"])))
            elif ccol == "phone":
                cells.append(typed_phone_span(it, make_us_phone(), fmt=C(["dash", "paren", "plain", "dot"]))[0])
            elif ccol == "email":
                cells.append(typed_email_span(it, p))
            elif ccol == "ssn":
                cells.append(typed_ssn_span(it, C(["dash", "plain"])))
            else:
                cells.append(DZ(it, "member"))
        rows.append(sep.join(cells))
    return "\n".join(rows)


def vcard(it):
    nm = Names(it)
    p = make_person()
    it.tag("form_vcard")
    a = make_address("us")
    vid = it.val("STREET_ADDRESS", addr_value(a), **addr_meta(a))
    c = a["city"]
    lines = ["BEGIN:VCARD", "VERSION:3.0",
             "N:%s;%s;;;" % (nm(p, "last"), nm(p, "first")),
             "FN:%s" % nm(p, "full"),
             "TEL;TYPE=CELL:%s" % typed_phone_span(it, make_us_phone(), fmt=C(["plus1_dash", "e164", "dash"]))[0],
             "EMAIL;TYPE=INTERNET:%s" % typed_email_span(it, p, fmt="plain"),
             "ADR;TYPE=HOME:;;%s;%s;%s;%s;USA" % (it.S(vid, addr_typed(a, True)), it.N("address_tail", c[0]), it.N("address_tail", c[1]), it.N("address_tail", a["zip"]))]
    if P(0.6):
        y, m, d = make_dob()
        bv = it.val("DATE_OF_BIRTH", "%04d-%02d-%02d" % (y, m, d), year=y, month=m, day=d)
        lines.append("BDAY:%s" % it.S(bv, C(["%04d-%02d-%02d", "%04d%02d%02d"]) % (y, m, d)))
        it.tag("dob_vcard")
    lines.append("ORG:%s" % DW(it, "business", C(COMPANIES)[0]))
    lines.append("REV:%s" % it.D("timestamp", "2025%02d%02dT%02d%02d%02dZ" % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))))
    lines.append("END:VCARD")
    return "\n".join(lines)


# ============================================================================
# Main
# ============================================================================
PLAN = [("call", 245, 36, make_call), ("chat", 175, 26, make_chat), ("text", 140, 22, make_text), ("form", 140, 21, make_form)]


def stray_luhn(it, raw):
    """True if typed digits outside spans form a Luhn-valid 13-19 digit run (item is then redrawn)."""
    g, s = it.finish(raw, "tmp")
    text = g["text"]
    cov = [False] * len(text)
    for sp in g["spans"]:
        for i in range(sp["start"], sp["end"]):
            cov[i] = True
    for m in re.finditer(r"\d(?:[ ,.\-/]?\d)+", text):
        ds = re.sub(r"\D", "", m.group(0))
        if 13 <= len(ds) <= 19 and luhn_ok(ds) and not all(cov[i] for i in range(m.start(), m.end()) if text[i].isdigit()):
            return True
    return False


def build():
    items = []
    for kind, n, n_nopii, fn in PLAN:
        flags = [True] * n_nopii + [False] * (n - n_nopii)
        R.shuffle(flags)
        for nopii in flags:
            while True:
                it, raw = fn(nopii=nopii)
                if not stray_luhn(it, raw):
                    break
            if nopii:
                it.tag("no_pii")
            items.append((kind, it, raw))
    R.shuffle(items)
    golds, sides = [], []
    for i, (kind, it, raw) in enumerate(items):
        iid = "blind4-%04d" % i
        g, s = it.finish(raw, iid)
        golds.append(g)
        sides.append(s)
    return golds, sides


def main():
    golds, sides = build()
    os.makedirs(os.path.dirname(OUT_GOLD), exist_ok=True)
    with open(OUT_GOLD, "w", encoding="utf-8") as f:
        for g in golds:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    with open(OUT_SIDE, "w", encoding="utf-8") as f:
        for s in sides:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    from collections import Counter
    cnt = Counter()
    for g in golds:
        for s in g["spans"]:
            cnt[s["type"]] += 1
    print("items", len(golds), "spans", sum(cnt.values()))
    for k, v in sorted(cnt.items(), key=lambda x: -x[1]):
        print("  %-16s %d" % (k, v))


if __name__ == "__main__":
    main()
