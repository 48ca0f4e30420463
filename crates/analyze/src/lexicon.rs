//! Word lists: the embedded GeoNames gazetteer, demonyms, honorifics, role words,
//! organisation and place suffixes, and the small closed classes the other modules share.
//!
//! Everything here is built once (`LazyLock`) and only read afterwards.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// How coarse a gazetteer place is. Coarse places (countries, regions) never conflict with
/// a finer place, because "in the Far East" and "in Vladivostok" can both be true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceGrain {
    Continent,
    Region,
    Country,
    State,
    City,
}

impl PlaceGrain {
    pub fn is_coarse(self) -> bool {
        !matches!(self, PlaceGrain::City)
    }
}

pub struct Gazetteer {
    /// Lowercased name → (grain, canonical name).
    pub places: FxHashMap<String, (PlaceGrain, String)>,
    /// Lowercased demonym ("north korean") → country.
    pub demonyms: FxHashMap<String, String>,
}

/// The gazetteer file: GeoNames countries, continents, US states and cities above 100,000
/// people, with hand-written demonyms, aliases and regions. Built by `data/make_gazetteer.py`.
const PLACES_TSV: &str = include_str!("../data/places.tsv");

pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut places = FxHashMap::default();
    let mut demonyms = FxHashMap::default();
    // Aliases take the grain of the place they name, which may come later in the file.
    let mut aliases: Vec<(String, &str)> = Vec::new();
    for line in PLACES_TSV.lines() {
        let mut f = line.split('\t');
        let (Some(kind), Some(name), canon) = (f.next(), f.next(), f.next().unwrap_or("")) else {
            continue;
        };
        let key = name.to_lowercase().replace('’', "'");
        let grain = match kind {
            "continent" => PlaceGrain::Continent,
            "region" => PlaceGrain::Region,
            "country" => PlaceGrain::Country,
            "state" => PlaceGrain::State,
            "city" => PlaceGrain::City,
            "demonym" => {
                demonyms.insert(key, canon.to_string());
                continue;
            }
            "alias" => {
                aliases.push((key, canon));
                continue;
            }
            _ => continue,
        };
        // The first entry wins: countries come before cities of the same name.
        let folded = fold_accents(&key);
        places.entry(key).or_insert((grain, name.to_string()));
        // Text often drops the accents: "Thessaloniki" is "Thessaloníki".
        if let Some(f) = folded {
            places.entry(f).or_insert((grain, name.to_string()));
        }
    }
    for (key, canon) in aliases {
        let g = places.get(&canon.to_lowercase()).map(|&(g, _)| g).unwrap_or(PlaceGrain::Country);
        places.insert(key, (g, canon.to_string()));
    }
    Gazetteer { places, demonyms }
});

/// The name without the accents of Latin letters, when it has any.
fn fold_accents(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let out: String = s
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
            'ç' | 'ć' | 'č' => 'c',
            'ñ' | 'ń' => 'n',
            'ś' | 'š' | 'ş' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ý' | 'ÿ' => 'y',
            'ğ' => 'g',
            'ł' => 'l',
            'ř' => 'r',
            c => c,
        })
        .collect();
    (out.is_ascii() && out != s).then_some(out)
}

fn set(words: &[&'static str]) -> FxHashSet<&'static str> {
    words.iter().copied().collect()
}

macro_rules! word_set {
    ($name:ident, $($w:expr),* $(,)?) => {
        pub static $name: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(&[$($w),*]));
    };
}

// Honorifics: evidence of a person, never part of the name.
word_set!(
    HONORIFICS, "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sir", "dame", "lord", "lady", "madam", "mme", "m.",
    "herr", "frau"
);

// Words that head a role: "Natural Resources Minister", "Kremlin spokesman", "leader".
word_set!(
    ROLE_HEADS,
    "president",
    "minister",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "governor",
    "mayor",
    "senator",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "general",
    "gen.",
    "admiral",
    "colonel",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "ambassador",
    "adviser",
    "advisor",
    "commissioner",
    "judge",
    "justice",
    "leader",
    "chief",
    "ceo",
    "representative",
    "rep.",
    "sen.",
    "gov.",
    "speaker",
    "envoy",
    "commander",
    "officer",
    "head",
    "founder",
    "coach",
    "captain",
    "manager",
    "analyst",
    "correspondent",
    "official",
    "lawmaker",
    "attorney",
    "prosecutor",
    "sheikh",
    "emir",
    "ayatollah",
    "dictator",
    "deputy",
    "vice-president",
    "executive",
    "economist",
    "professor",
    "researcher",
    "editor",
    "reporter",
    "candidate",
    "nominee",
    "tsar",
    "czar",
    "figure",
    "member",
    "mp",
    "legislator",
    "diplomat",
    "negotiator",
    "strongman"
);

// Lowercase words that may sit inside a role before its head ("national security adviser").
word_set!(
    ROLE_MODIFIERS,
    "deputy",
    "vice",
    "foreign",
    "defense",
    "defence",
    "national",
    "security",
    "natural",
    "resources",
    "prime",
    "chief",
    "senior",
    "former",
    "acting",
    "interim",
    "supreme",
    "regional",
    "state",
    "finance",
    "interior",
    "justice",
    "economy",
    "economic",
    "trade",
    "health",
    "energy",
    "military",
    "top",
    "press",
    "presidential",
    "executive",
    "general",
    "assistant",
    "associate",
    "principal",
    "first",
    "then",
    "opposition",
    "party",
    "white",
    "house",
    "kremlin",
    "government",
    "ministry",
    "communications",
    "affairs",
    "international",
    "political",
    "senior",
    "lead",
    "managing",
    "de",
    "facto",
    "union",
    "culture",
    "education",
    "transport",
    "agriculture",
    "environment",
    "labour",
    "labor",
    "home",
    "treasury",
    "unification",
    "army",
    "navy",
    "air",
    "force",
    "police",
    "intelligence",
    "u.s.",
    "us",
    "un",
    "eu",
    "nato",
    "prominent"
);

// Last words that make a chunk an organisation.
word_set!(
    ORG_SUFFIXES,
    "inc",
    "inc.",
    "corp",
    "corp.",
    "corporation",
    "ltd",
    "ltd.",
    "llc",
    "plc",
    "group",
    "council",
    "ministry",
    "department",
    "agency",
    "committee",
    "commission",
    "bank",
    "university",
    "party",
    "army",
    "forces",
    "union",
    "association",
    "organization",
    "organisation",
    "institute",
    "office",
    "court",
    "parliament",
    "assembly",
    "congress",
    "senate",
    "news",
    "times",
    "post",
    "herald",
    "journal",
    "service",
    "services",
    "company",
    "foundation",
    "fund",
    "federation",
    "authority",
    "board",
    "bureau",
    "police",
    "navy",
    "command",
    "network",
    "press",
    "media",
    "agency",
    "forum",
    "club",
    "team",
    "airlines",
    "airways",
    "railways",
    "guard",
    "coalition",
    "alliance",
    "front",
    "movement",
    "cabinet",
    "administration",
    "government",
    "tribunal",
    "society",
    "center",
    "centre",
    "industry",
    "industries",
    "ministry",
    "house",
    "broadcasting",
    "television",
    "radio",
    "daily",
    "telegraph",
    "guardian",
    "tribune",
    "gazette",
    "mission",
    "index",
    "average",
    "composite",
    "exchange",
    "reserve",
    "nasdaq"
);

/// Words that open a sentence before an organisation's name but are no part of it ("Former Kutztown University
/// president …", "Missing Malaysia Airlines flight …").
pub const NAME_OPENERS_NOT_NAMES: &[&str] = &["former", "missing", "late", "acting", "outgoing"];

/// Short names of organisations, merged into their full name.
pub const ORG_ALIASES: &[(&str, &str)] = &[
    ("fed", "federal reserve"),
    ("the fed", "federal reserve"),
    ("un", "united nations"),
    ("eu", "european union"),
    ("ecb", "european central bank"),
    ("imf", "international monetary fund"),
    ("dow", "dow jones industrial average"),
    ("dow jones", "dow jones industrial average"),
];

// Organisations commonly named without a suffix.
word_set!(
    KNOWN_ORGS,
    "kremlin",
    "white house",
    "pentagon",
    "united nations",
    "un",
    "nato",
    "eu",
    "european union",
    "reuters",
    "ap",
    "afp",
    "tass",
    "ria novosti",
    "interfax",
    "yonhap",
    "kcna",
    "cnn",
    "bbc",
    "nhk",
    "xinhua",
    "al jazeera",
    "bloomberg",
    "downing street",
    "elysee",
    "congress",
    "fbi",
    "cia",
    "nsa",
    "imf",
    "who",
    "world bank",
    "opec",
    "iaea",
    "hamas",
    "hezbollah",
    "taliban",
    "isis",
    "google",
    "apple",
    "microsoft",
    "amazon",
    "meta",
    "facebook",
    "twitter",
    "tesla",
    "openai",
    "politburo",
    "unicef",
    "wto",
    "g7",
    "g20",
    "asean",
    "african union",
    "red cross",
    "interpol",
    "mossad",
    "fsb",
    "kgb",
    "gru",
    "idf",
    "sec",
    "fed",
    "federal reserve",
    "supreme court",
    "nasa",
    "fed",
    "roscosmos",
    "gazprom",
    "rosneft",
    "nis",
    "jcs"
);

// Words after a capitalised chunk that make it a place: "Khasan station", "Rajin port".
word_set!(
    PLACE_NOUNS,
    "station",
    "port",
    "airport",
    "city",
    "province",
    "region",
    "oblast",
    "krai",
    "county",
    "district",
    "island",
    "islands",
    "river",
    "sea",
    "mountain",
    "mountains",
    "cosmodrome",
    "street",
    "square",
    "bay",
    "strait",
    "peninsula",
    "valley",
    "village",
    "town",
    "harbour",
    "harbor",
    "border",
    "airbase",
    "base",
    "prefecture",
    "state",
    "territory",
    "lake",
    "coast",
    "desert",
    "canal",
    "gulf",
    "plateau",
    "crossing",
    "checkpoint",
    "avenue",
    "road",
    "bridge",
    "stadium",
    "palace",
    "park",
    "capital"
);

// Prepositions that introduce a place.
word_set!(
    PLACE_PREPS,
    "in",
    "at",
    "to",
    "toward",
    "towards",
    "near",
    "from",
    "into",
    "via",
    "outside",
    "inside",
    "across",
    "around",
    "through",
    "en"
);

// Function and very common words: never names on their own, never claim context.
word_set!(
    STOPWORDS,
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "shall",
    "that",
    "this",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "them",
    "his",
    "her",
    "their",
    "we",
    "our",
    "you",
    "your",
    "i",
    "me",
    "my",
    "him",
    "us",
    "who",
    "whom",
    "which",
    "what",
    "when",
    "where",
    "why",
    "how",
    "there",
    "here",
    "than",
    "then",
    "so",
    "not",
    "no",
    "nor",
    "also",
    "only",
    "just",
    "very",
    "about",
    "after",
    "before",
    "during",
    "since",
    "until",
    "into",
    "over",
    "under",
    "between",
    "both",
    "each",
    "all",
    "any",
    "some",
    "such",
    "more",
    "most",
    "other",
    "another",
    "same",
    "own",
    "up",
    "down",
    "out",
    "off",
    "again",
    "further",
    "once",
    "while",
    "although",
    "though",
    "because",
    "however",
    "meanwhile",
    "nevertheless",
    "moreover",
    "yet",
    "still",
    "even",
    "already",
    "said",
    "says",
    "say",
    "according",
    "told",
    "per",
    "via",
    "amid",
    "among",
    "amidst",
    "upon",
    "within",
    "without",
    "against",
    "across",
    "toward",
    "towards",
    "around",
    "near",
    "one",
    "two",
    "new",
    "many",
    "much",
    "several",
    "few",
    "last",
    "next",
    "first",
    "second",
    "third",
    "being",
    "like",
    "reportedly",
    "potentially",
    "possibly",
    "whether",
    "either",
    "neither",
    "now",
    "later",
    "earlier",
    "ago",
    "day",
    "week",
    "month",
    "year",
    "today",
    "yesterday",
    "tomorrow",
    "morning",
    "afternoon",
    "evening",
    "night"
);

pub const MONTHS: &[&str] =
    &["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/// Month number (1-based) of a month name or abbreviation, in any case.
pub fn month(word: &str) -> Option<u32> {
    let w = word.strip_suffix('.').unwrap_or(word);
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    if let Some(i) = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(w)) {
        return Some(i as u32 + 1);
    }
    if w.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    // Abbreviations only with a period, so "Mar" or "Jun" in names are left alone.
    let abbr = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if word.ends_with('.') {
        return abbr.iter().position(|m| m.eq_ignore_ascii_case(w)).map(|i| i as u32 + 1);
    }
    None
}

pub const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Weekday index (Monday = 0), in any case.
pub fn weekday(word: &str) -> Option<u32> {
    if word.len() < 6 || word.len() > 9 || !word.as_bytes()[word.len() - 3..].eq_ignore_ascii_case(b"day") {
        return None;
    }
    WEEKDAYS.iter().position(|d| d.eq_ignore_ascii_case(word)).map(|i| i as u32)
}

/// Cardinal number words.
pub fn number_word(w: &str) -> Option<f64> {
    let n = match w {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "hundred" => 100.0,
        "dozen" => 12.0,
        "dozens" => 24.0,
        "hundreds" => 200.0,
        "thousands" => 2000.0,
        _ => return None,
    };
    Some(n)
}

/// Scale words after a number.
pub fn scale_word(w: &str) -> Option<f64> {
    match w {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" | "mln" | "m" => Some(1e6),
        "billion" | "bn" | "b" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => None,
    }
}
