//! Word lexicon: spoken numbers, fillers, context cues, months, common words, names.
//!
//! Everything is keyed by the lower-cased word; lookups go through one static hash map so a
//! token costs a single probe.

mod phrases;
mod word_cues;
pub use phrases::PHRASES;
use word_cues::WORD_CUES;

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

/// What a word means as part of a spoken number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Num {
    #[default]
    None,
    /// zero/oh/one..nine
    Unit(u8),
    /// ten..nineteen
    Teen(u8),
    /// twenty..ninety (the tens digit)
    Tens(u8),
    Hundred,
    Thousand,
    Double,
    Triple,
    /// first..thirty-first (day of month); only used right after a month name.
    Ordinal(u8),
}

/// The entity a context cue points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    Card,
    Expiry,
    Cvv,
    Ssn,
    Phone,
    /// "area code": a phone number, or its first three digits alone.
    AreaCode,
    Routing,
    Account,
    Dob,
    Address,
    /// order/ticket/confirmation/price/time/...: a number here is not sensitive.
    Distractor,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Word {
    pub num: Num,
    /// "um", "uh", "okay", "and", "then", "so", "mm-hmm": may sit inside a spoken number.
    pub filler: bool,
    /// "and"/"then"/"so": only bridges spoken number words.
    pub weak_filler: bool,
    pub month: u8,
    pub cue: Option<Cue>,
    /// Word that is very unlikely to be a person's name.
    pub common: bool,
    pub first_name: bool,
    pub surname: bool,
    pub street_suffix: bool,
    pub tld: bool,
    /// A word that, right after a number, makes it a quantity/time/price.
    pub after_distractor: bool,
    /// Speaker labels in transcripts ("agent:", "customer:").
    pub speaker: bool,
    /// Rank in the US Census first-name list (1 = most common; 0 = not a first name).
    pub first_rank: u16,
    /// Rank in the US Census surname list (0 = not a surname).
    pub last_rank: u16,
    /// A name that is also an everyday word ("will", "grace", "bill", "may").
    pub wordlike: bool,
    /// A frequent English word that is not a name ("appreciate", "spelled").
    pub english: bool,
    /// Starts one of the phrases after which a name follows ("my", "hi", "thanks").
    pub name_lead: bool,
    /// Looks like a name but is not one here: days, city names, chat abbreviations.
    pub not_name: bool,
    /// A US city that is also a name ("charlotte", "raleigh").
    pub city: bool,
    /// Introduces an address unit ("apt", "suite", "unit").
    pub unit_word: bool,
    /// May stand between a house number and the street name ("north", "old", "mt").
    pub directional: bool,
    /// Recognizer slips for a digit ("won", "to", "for", "ate"): a digit only between
    /// number words.
    pub homophone: Option<u8>,
    /// Bit i set: PHRASES[i] starts with this word.
    pub phrases: u128,
}

const UNITS: &[(&str, u8)] = &[
    ("zero", 0),
    ("oh", 0),
    ("o", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
];
/// Words a speech recognizer writes for a spoken digit.
const HOMOPHONES: &[(&str, u8)] = &[
    ("won", 1),
    ("to", 2),
    ("too", 2),
    ("for", 4),
    ("fore", 4),
    ("ate", 8),
    ("tree", 3),
    ("sex", 6),
    ("nein", 9),
];
const TEENS: &[(&str, u8)] = &[
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];
const TENS: &[(&str, u8)] = &[
    ("twenty", 2),
    ("thirty", 3),
    ("forty", 4),
    ("fourty", 4),
    ("fifty", 5),
    ("sixty", 6),
    ("seventy", 7),
    ("eighty", 8),
    ("ninety", 9),
];
const ORDINALS: &[(&str, u8)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("thirtieth", 30),
];
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const FILLERS: &str = "um umm uh uhh er erm ah okay ok mm-hmm mhm mhmm um-hmm uh-huh hmm mm hm yeah yes yep \
    sorry like right huh cont contd cont'd continued";
const WEAK_FILLERS: &str = "and then so";

/// Backchannel turns between the parts of a number split across turns ("go ahead", "got it").
const BACKCHANNELS: &str = "ahead alright all-right gotcha continue continuing keep going next huh uh-uh \
    listening following copy noted yup rest remaining";

/// Words right after a number that make it a time/quantity/price.
const AFTER_DISTRACTORS: &str = "am pm a.m p.m o'clock oclock dollars dollar bucks cents percent items units \
    minutes minute hours hour days day weeks week months month years year pieces times people pounds lbs \
    miles feet inches gallons of each apiece payments installments cards orders tickets digit digits min mins secs hrs";

const SPEAKERS: &str = "agent customer caller visitor rep representative operator user client bot system \
    speaker support assistant advisor associate csr member patient clerk host guest a b \
    teller shopper concierge helpdesk cust buyer seller ivr bot dispatcher receptionist cashier banker \
    admin staff tech technician moderator nurse doctor driver passenger tenant landlord owner \
    spk ch channel left right interviewer respondent sales service billing desk homeowner \
    pharmacist";

const STREET_SUFFIXES: &str = "street st avenue ave road rd boulevard blvd lane ln drive dr court ct way \
    place pl terrace ter circle cir parkway pkwy highway hwy trail trl square sq loop row alley crescent \
    plaza pike run path crossing close grove gardens walk point ridge view heights hts expressway \
    expy freeway fwy turnpike tpke bend cove glen green meadow meadows commons landing mews hollow \
    knoll manor station pass vista broadway causeway esplanade promenade quay wynd rise";

const TLDS: &str = "com net org edu gov io co us uk ca info biz me mail de fr au in app dev ai tv ru it es \
    nl be ch at se no dk fi pl cz jp cn kr br mx ar nz za ie eu pt gr tr il sg hk tw my ph id vn th \
    ua ro hu sk bg hr rs lt lv ee is lu mobi name pro xyz online site tech store shop live email \
    cloud us.com ly gg to cc ws fm";

/// Words that are never (taken as) names.
const COMMON: &str = "a about above account actually after again agent all almost already also always am an and \
    another any anything anyway are around as ask at available away back bad be because been before being best \
    better between billing both bye but by call calling can card cause certainly check checking close correct could \
    customer day department did do does doing done down each else email end enough even ever every everything \
    excellent exactly fine first for from gets getting give glad go going gonna good got great had happy has have \
    having he hello help her here hey hi him his hold how i if im in indeed interested is it its itself just kind \
    know last let like little look looking lot made make many maybe me mine more morning most much must my name \
    need never new next nice no none nope not nothing now number of off oh ok okay on once one only or other our \
    out over own pay perfect phone please pleasure probably quick quite ready real really right said same say see \
    she should since so some someone something sorry speaking still such super sure than thank thanks that the \
    their them then there these they thing think this those though through till to today too trying two um uh \
    under until up us very visitor want wanted was way we welcome well were what whatever when where whether which \
    while who whom why will with would wrong yeah yep yes yet you your yours afternoon evening calling regarding \
    also here there again applied applying account update updating glad happy fine tired busy new just from \
    with the manager supervisor customer service team support sales tech technician how hows whats thats great \
    calling called reaching reached problem issue question wondering trying still having \
    it's that's i'm you're we're i'll don't can't what's there's here's let's you've i've we'll he's she's \
    they're isn't wasn't won't didn't doesn't couldn't wouldn't shouldn't aren't i'd you'd we've \
    ridiculous crazy fine awesome amazing urgent important weird strange wonderful terrible horrible \
    either neither both few several enough sometimes usually today tomorrow yesterday tonight morning \
    home office work house car bank money paid charged refund bill bills order ordering ordered \
    regards sincerely best dear team everyone anyone nobody somebody hello goodbye bye thankyou please \
    ma'am sir madam mister miss mom dad there's calling";

const FIRST_NAMES: &str = "james john robert michael william david richard joseph thomas charles christopher daniel \
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason \
    jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory \
    alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter \
    kyle ethan walter noah jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence \
    dylan jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent \
    ralph eugene russell bobby mason philip louis carlos luis miguel ahmed mohammed muhammad ali omar wei li \
    chen raj ravi arjun amit hiroshi kenji ivan dmitri sergei olga mary patricia jennifer linda elizabeth \
    barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley kimberly emily donna michelle \
    carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley \
    anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet catherine \
    maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith \
    megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean \
    abigail alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie \
    brittany charlotte marie kayla alexis lori sofia priya ana lucia fatima aisha mei yuki sakura ngozi chioma \
    svetlana natasha elena rosa carmen isabel gabriela camila valentina lily chloe zoe mia ava ella";

const SURNAMES: &str = "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez \
    gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark \
    ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson \
    baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards \
    collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed \
    kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes \
    price alvarez castillo sanders patel myers long ross foster jimenez okafor okonkwo chen wang li zhang liu \
    singh kumar shah khan ali ahmed hassan ivanov petrov cohen levy murray oconnor obrien sullivan kowalski \
    novak schmidt mueller fischer weber rossi russo silva santos oliveira tanaka suzuki sato yamamoto park choi";

/// US Census 1990 first names and surnames (public domain), with their frequency ranks;
/// regenerated by `scripts/gen_name_lexicon.py` (provenance in the file's header).
const NAMES: &str = include_str!("../data/names.txt");
/// Names outside the US lists (from Faker's locales; see `scripts/lexicon/gen_name_lexicon.py`).
const NAMES_INTL: &str = include_str!("../data/names_intl.txt");
/// The rank given to a name known only from [`NAMES_INTL`].
const INTL_RANK: u16 = 9_999;
/// Names that are also common English words: a name only in a name context.
const NAME_WORDS: &str = include_str!("../data/name_words.txt");
/// Frequent English words that are not names.
const ENGLISH_WORDS: &str = include_str!("../data/english_words.txt");

const DIGIT_WORDS_NOT_NAMES: &str = "zero oh one two three four five six seven eight nine ten";

const _: () = assert!(PHRASES.len() <= 128, "Word::phrases is a 128-bit set");

/// FNV-1a: the keys are short words, where SipHash's setup dominates a lookup.
#[derive(Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Map = HashMap<&'static str, Word, BuildHasherDefault<Fnv>>;

pub static LEXICON: LazyLock<Map> = LazyLock::new(build);

fn build() -> Map {
    let mut m: Map = HashMap::with_capacity_and_hasher(80_000, Default::default());
    fn e<'m>(m: &'m mut Map, k: &'static str) -> &'m mut Word {
        m.entry(k).or_default()
    }
    for &(w, v) in UNITS {
        e(&mut m, w).num = Num::Unit(v);
    }
    for &(w, v) in HOMOPHONES {
        e(&mut m, w).homophone = Some(v);
    }
    for &(w, v) in TEENS {
        e(&mut m, w).num = Num::Teen(v);
    }
    for &(w, v) in TENS {
        e(&mut m, w).num = Num::Tens(v);
    }
    for &(w, v) in ORDINALS {
        e(&mut m, w).num = Num::Ordinal(v);
    }
    e(&mut m, "hundred").num = Num::Hundred;
    e(&mut m, "thousand").num = Num::Thousand;
    e(&mut m, "double").num = Num::Double;
    e(&mut m, "triple").num = Num::Triple;
    for &(w, v) in MONTHS {
        e(&mut m, w).month = v;
    }
    for w in FILLERS.split_whitespace() {
        e(&mut m, w).filler = true;
    }
    for w in WEAK_FILLERS.split_whitespace() {
        let x = e(&mut m, w);
        x.filler = true;
        x.weak_filler = true;
    }
    for &(w, c) in WORD_CUES {
        e(&mut m, w).cue = Some(c);
    }
    for w in AFTER_DISTRACTORS.split_whitespace() {
        e(&mut m, w).after_distractor = true;
    }
    for w in SPEAKERS.split_whitespace() {
        e(&mut m, w).speaker = true;
    }
    for w in STREET_SUFFIXES.split_whitespace() {
        e(&mut m, w).street_suffix = true;
    }
    for w in TLDS.split_whitespace() {
        e(&mut m, w).tld = true;
    }
    for w in COMMON
        .split_whitespace()
        .chain(DIGIT_WORDS_NOT_NAMES.split_whitespace())
    {
        e(&mut m, w).common = true;
    }
    for &(w, _) in WORD_CUES {
        e(&mut m, w).common = true;
    }
    for w in FILLERS
        .split_whitespace()
        .chain(BACKCHANNELS.split_whitespace())
    {
        e(&mut m, w).common = true;
    }
    for &(w, _) in MONTHS {
        // "may", "june", "april" are names too; keep them nameable only via gazetteer below.
        e(&mut m, w).common = true;
    }
    for line in NAMES.lines().filter(|l| !l.starts_with('#')) {
        let mut f = line.split('\t');
        let (Some(name), _, Some(first), Some(last)) = (f.next(), f.next(), f.next(), f.next())
        else {
            continue;
        };
        let x = e(&mut m, name);
        x.first_rank = first.parse().unwrap_or(0);
        x.last_rank = last.parse().unwrap_or(0);
    }
    // Names of other countries (Faker's person lists): present, without a US frequency rank.
    for line in NAMES_INTL.lines().filter(|l| !l.starts_with('#')) {
        let mut f = line.split('\t');
        let (Some(name), Some(class)) = (f.next(), f.next()) else {
            continue;
        };
        let x = e(&mut m, name);
        if class != "last" && x.first_rank == 0 {
            x.first_rank = INTL_RANK;
        }
        if class != "first" && x.last_rank == 0 {
            x.last_rank = INTL_RANK;
        }
    }
    for line in NAME_WORDS.lines().filter(|l| !l.starts_with('#')) {
        if let Some(w) = line.split('\t').next() {
            e(&mut m, w).wordlike = true;
        }
    }
    for w in ENGLISH_WORDS.lines().filter(|l| !l.starts_with('#')) {
        e(&mut m, w).english = true;
    }
    for w in super::names::NOT_NAMES.iter().chain(super::names::WEEKDAYS) {
        e(&mut m, w).not_name = true;
    }
    for w in super::names::CITIES {
        e(&mut m, w).city = true;
    }
    for w in super::address::UNIT_WORDS {
        e(&mut m, w).unit_word = true;
    }
    for w in super::address::DIRECTIONALS {
        e(&mut m, w).directional = true;
    }
    for p in super::names::STRONG_BEFORE
        .iter()
        .chain(super::names::WEAK_BEFORE)
    {
        if p[0].chars().all(char::is_alphabetic) || p[0].contains('\'') {
            e(&mut m, p[0]).name_lead = true;
        }
    }
    for (i, (words, _)) in PHRASES.iter().enumerate() {
        e(&mut m, words[0]).phrases |= 1u128 << i;
    }
    // Names the Census lists miss ("priya", "ngozi", "okafor").
    for w in FIRST_NAMES.split_whitespace() {
        let x = e(&mut m, w);
        x.first_name = true;
        x.common = false;
        x.english = false;
        if x.first_rank == 0 {
            x.first_rank = u16::MAX;
        }
    }
    for w in SURNAMES.split_whitespace() {
        let x = e(&mut m, w);
        x.surname = true;
        x.common = false;
        x.english = false;
        if x.last_rank == 0 {
            x.last_rank = u16::MAX;
        }
    }
    m
}

/// Look a word up (ASCII case-insensitive). Words longer than 24 bytes never match.
#[inline]
pub fn lookup(word: &str) -> Option<&'static Word> {
    let b = word.as_bytes();
    if b.len() > 24 {
        return None;
    }
    let mut buf = [0u8; 24];
    let mut changed = false;
    for (i, &c) in b.iter().enumerate() {
        let l = c.to_ascii_lowercase();
        changed |= l != c;
        buf[i] = if c == 0xE2 { c } else { l };
    }
    let key: &str = if changed {
        // Lower-casing ASCII bytes keeps UTF-8 valid.
        std::str::from_utf8(&buf[..b.len()]).ok()?
    } else {
        word
    };
    // Normalise the typographic apostrophe.
    if key.contains('\u{2019}') {
        let k = key.replace('\u{2019}', "'");
        return LEXICON.get(k.as_str());
    }
    LEXICON.get(key)
}
