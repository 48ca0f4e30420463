//! Quantities: a number with what it counts or measures, read as a reader would.
//!
//! A quantity is (what is measured, of what, by which measure): a count of a named noun
//! ("seven villages", "people killed"), or a measure with a dimension (magnitude, distance,
//! height, duration, money, percentage, temperature, weight, speed, area, age, population) and
//! the thing it is of ("magnitude of the earthquake", "distance from Tehran", "age of Anthony
//! LaCalamita"). Two quantities can only align when their keys (dimension and subject) agree,
//! so a magnitude is never a count and a height is never a distance.
//!
//! Values become the range a reader understands: "about 100" is 85–115, "at least 20" is 20–23,
//! "nearly 12 hours" is 10.2–12, and a round number is as precise as its last non-zero digit
//! ("60 km" is 55–65, "58 km" is 57.5–58.5). Units convert before comparison.

use super::{Fact, Nature, Val};
use crate::dates::{content_words, stem, DateExpr, Precision};
use crate::entities::{Entities, Ment};
use crate::lexicon::{number_word, scale_word, GAZETTEER, STOPWORDS};
use crate::token::Kind;
use crate::{Doc, EntityKind};

/// Relative slack added to a value converted from another unit ("37mph (59 km/h)").
pub const CONVERSION_TOLERANCE: f64 = 0.03;
/// A round number is read as precise to half its last significant digit, but never to more than
/// this share of its value ("10 boats" is 9–11, not 5–15).
pub const MAX_ROUNDING_SHARE: f64 = 0.1;
/// "about", "around", "some", "an estimated": this share either side.
pub const ABOUT_SHARE: f64 = 0.15;
/// "at least", "more than", "over": the value up to this share above it. A reader told "at least
/// 20 carriages" pictures about 20, not 90.
pub const AT_LEAST_SHARE: f64 = 0.15;
/// "nearly", "almost", "close to": this share below the value up to the value.
pub const NEARLY_SHARE: f64 = 0.15;
/// "up to", "as many as", "fewer than": down to this share below the value.
pub const UP_TO_SHARE: f64 = 0.33;

/// A hedged magnitude ("about 6.0", "at least 5.9") reaches this far on the magnitude scale.
pub const MAGNITUDE_HEDGE: f64 = 0.25;

/// How a hedge shapes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hedge {
    Exact,
    About,
    AtLeast,
    Nearly,
    UpTo,
}

/// A number as written: its value, its rounding and where it ends.
#[derive(Debug, Clone, Copy)]
struct Number {
    value: f64,
    /// Half a unit of the last significant digit ("1,500" → 50, "5.9" → 0.05).
    grain: f64,
    /// The upper end of a written range ("40 to 70", "two or three").
    upper: Option<f64>,
    /// A word range ("dozens", "hundreds"): the value is a lower end, `upper` the upper end.
    vague: bool,
    /// Digits after a decimal point (a decimal is never a count).
    decimal: bool,
    /// First token after the number (and its scale word).
    end: usize,
}

fn grain_of(digits: &str) -> f64 {
    let s = digits.replace(',', "");
    if let Some((_, frac)) = s.split_once('.') {
        return 0.5 * 10f64.powi(-(frac.len() as i32));
    }
    let zeros = s.len() - s.trim_end_matches('0').len();
    if zeros == s.len() {
        return 0.5;
    }
    0.5 * 10f64.powi(zeros as i32)
}

/// Reads the number at token `i`: digits, number words ("twenty-five", "a dozen"), a scale word
/// ("1.2 million", "110bn") and a range ("40 to 70", "two or three").
fn number_at(d: &Doc, s0: usize, s1: usize, i: usize) -> Option<Number> {
    let w = |k: usize| d.low(k);
    let t = d.toks[i];
    let mut n = match t.kind {
        // "magnitude-5.9": the tokeniser keeps "magnitude-5" as one word.
        Kind::Word if d.low(i).starts_with("magnitude-") => {
            let start = d.toks[i].start + "magnitude-".len();
            let rest = &d.art.text[start..];
            let len = rest.find(|ch: char| !(ch.is_ascii_digit() || ch == '.')).unwrap_or(rest.len());
            let digits = rest[..len].trim_end_matches('.');
            let value = digits.parse::<f64>().ok()?;
            let stop = start + digits.len();
            let mut end = i + 1;
            while end < s1 && d.toks[end].end <= stop {
                end += 1;
            }
            Number { value, grain: grain_of(digits), upper: None, vague: false, decimal: digits.contains('.'), end }
        }
        Kind::Num => {
            let raw = d.tok(i);
            // Ordinals ("6th") are not quantities.
            if raw.ends_with(|c: char| c.is_alphabetic()) {
                return None;
            }
            let value = raw.replace(',', "").parse::<f64>().ok()?;
            Number { value, grain: grain_of(raw), upper: None, vague: false, decimal: raw.contains('.'), end: i + 1 }
        }
        // Number words in lowercase, or capitalised at the start of a sentence ("Three people died").
        Kind::Word if i == s0 || d.tok(i).starts_with(|c: char| c.is_lowercase()) || d.low(i).ends_with("-year-old") => {
            let lw = w(i);
            // "Sixty-year-old", "twenty-three-year-old": an age written in words.
            if let Some(num) = lw.strip_suffix("-year-old") {
                let v = number_word(num).or_else(|| {
                    let (tens, units) = num.split_once('-')?;
                    Some(number_word(tens)? + number_word(units)?)
                })?;
                return Some(Number { value: v, grain: 0.5, upper: None, vague: false, decimal: false, end: i + 1 });
            }
            let (value, upper, vague) = match lw {
                "dozens" => (24.0, Some(99.0), true),
                "hundreds" => (200.0, Some(999.0), true),
                "thousands" => (2000.0, Some(9999.0), true),
                "millions" => (2e6, Some(9.99e6), true),
                "dozen" if i > s0 && matches!(w(i - 1), "a" | "one") => (12.0, None, false),
                // "a few hundred", "several thousand"
                "hundred" | "thousand" if i > s0 && matches!(w(i - 1), "few" | "several") => {
                    let v = if lw == "hundred" { 200.0 } else { 2000.0 };
                    (v, Some(v * 4.5), true)
                }
                "dozen" => return None,
                _ => {
                    let v = number_word(lw).or_else(|| {
                        // "twenty-five"
                        let (tens, units) = lw.split_once('-')?;
                        let (t, u) = (number_word(tens)?, number_word(units)?);
                        (t >= 20.0 && t % 10.0 == 0.0 && u < 10.0).then_some(t + u)
                    })?;
                    if matches!(lw, "dozens" | "hundreds" | "thousands") {
                        return None;
                    }
                    (v, None, false)
                }
            };
            // "a dozen" is about twelve; a spelled-out number is as precise as digits.
            let grain = if lw == "dozen" { 1.5 } else { 0.5 };
            Number { value, grain, upper, vague, decimal: false, end: i + 1 }
        }
        _ => return None,
    };
    // "tens of thousands", "hundreds of thousands"
    if n.vague && n.end + 1 < s1 && w(n.end) == "of" && matches!(w(n.end + 1), "thousands" | "millions") {
        let f = if w(n.end + 1) == "thousands" { 1e3 } else { 1e6 };
        n.value *= f / 10.0;
        n.upper = n.upper.map(|u| u * f / 10.0);
        n.end += 2;
    }
    if n.end < s1 {
        let sw = w(n.end);
        // "m" and "b" are scales only glued to a number ("£1.7m"), never "5 m" (metres).
        let glued = n.end > 0 && d.toks[n.end].start == d.toks[n.end - 1].end;
        if let Some(sc) = scale_word(sw).filter(|_| glued || !matches!(sw, "m" | "b")) {
            n.value *= sc;
            n.grain *= sc;
            n.upper = n.upper.map(|u| u * sc);
            n.end += 1;
        }
    }
    // "40 to 70", "two or three", "3.6 to 4.3"; not "9-3" (a score) nor "1 to 2 million" here.
    if n.upper.is_none() && n.end + 1 < s1 && matches!(w(n.end), "to" | "or" | "and") && !n.vague {
        let between = n.end > 0 && i > s0 && w(i - 1) == "between";
        if w(n.end) != "and" || between {
            if let Some(m) = number_at(d, s0, s1, n.end + 1).filter(|m| m.upper.is_none() && m.value > n.value) {
                n.upper = Some(m.value);
                n.end = m.end;
            }
        }
    }
    Some(n)
}

/// The hedge before token `i` and where it starts.
fn hedge_before(d: &Doc, s0: usize, i: usize) -> (usize, Hedge) {
    let w = |k: usize| d.low(k);
    if i >= s0 + 3 {
        let three = (w(i - 3), w(i - 2), w(i - 1));
        if matches!(three, ("no", "fewer", "than") | ("no", "less", "than") | ("a", "total", "of")) {
            return (i - 3, if three.0 == "a" { Hedge::Exact } else { Hedge::AtLeast });
        }
        if matches!(three, ("as", "many", "as") | ("as", "much", "as") | ("no", "more", "than")) {
            return (i - 3, Hedge::UpTo);
        }
    }
    if i >= s0 + 2 {
        match (w(i - 2), w(i - 1)) {
            ("at", "least") | ("more", "than") | ("upwards", "of") | ("just", "over") | ("well", "over") | ("in", "excess") => {
                return (i - 2, Hedge::AtLeast)
            }
            ("up", "to") | ("fewer", "than") | ("less", "than") | ("just", "under") => return (i - 2, Hedge::UpTo),
            ("close", "to") | ("just", "shy") => return (i - 2, Hedge::Nearly),
            ("an", "estimated") | ("some", "estimated") => return (i - 2, Hedge::About),
            _ => {}
        }
    }
    if i > s0 {
        return match w(i - 1) {
            "about" | "around" | "approximately" | "roughly" | "some" | "estimated" | "approx" | "circa" | "approximate" | "nearby" => {
                (i - 1, Hedge::About)
            }
            "nearly" | "almost" => (i - 1, Hedge::Nearly),
            "over" | "above" | "exceeding" | "beyond" => (i - 1, Hedge::AtLeast),
            "under" | "below" => (i - 1, Hedge::UpTo),
            _ => (i, Hedge::Exact),
        };
    }
    (i, Hedge::Exact)
}

/// The range a reader understands from a number and its hedge, in the number's own unit.
fn reader_range(n: &Number, h: Hedge) -> (f64, f64) {
    let v = n.value;
    if let Some(u) = n.upper {
        return (v - n.grain.min(v * MAX_ROUNDING_SHARE), u + n.grain.min(u * MAX_ROUNDING_SHARE));
    }
    let round = if n.decimal { n.grain } else { n.grain.min(v.abs() * MAX_ROUNDING_SHARE).max(0.5) };
    match h {
        Hedge::Exact => (v - round, v + round),
        Hedge::About => ((v * (1.0 - ABOUT_SHARE)).min(v - round), (v * (1.0 + ABOUT_SHARE)).max(v + round)),
        // "more than 100,000" may well be 120,000: a round figure leaves room up to its next step.
        // "at least two" leaves room for three: one more unit at the least.
        Hedge::AtLeast => {
            let one_more = if n.decimal { v } else { v + 1.0 };
            (v, (v * (1.0 + AT_LEAST_SHARE)).max(v + n.grain.max(round)).max(one_more))
        }
        Hedge::Nearly => ((v * (1.0 - NEARLY_SHARE)).min(v - round), v),
        Hedge::UpTo => (v * (1.0 - UP_TO_SHARE), v),
    }
}

/// Units: (dimension, factor to the dimension's base unit, base unit).
fn unit(w: &str) -> Option<(&'static str, f64, &'static str)> {
    Some(match w {
        "mph" => ("speed", 1.609_344, "km/h"),
        "km/h" | "kph" | "kmh" | "kmph" => ("speed", 1.0, "km/h"),
        "knots" | "knot" => ("speed", 1.852, "km/h"),
        "km" | "kilometres" | "kilometers" | "kilometre" | "kilometer" | "kms" => ("length", 1.0, "km"),
        "miles" | "mile" | "mi" => ("length", 1.609_344, "km"),
        "metres" | "meters" | "metre" | "meter" | "m" => ("length", 0.001, "km"),
        "feet" | "ft" | "foot" => ("length", 0.000_304_8, "km"),
        "yards" | "yard" => ("length", 0.000_914_4, "km"),
        "inches" | "inch" | "in." => ("length", 0.000_025_4, "km"),
        "cm" | "centimetres" | "centimeters" => ("length", 0.000_01, "km"),
        "seconds" | "second" | "secs" => ("duration", 1.0 / 3600.0, "hours"),
        "minutes" | "minute" | "mins" => ("duration", 1.0 / 60.0, "hours"),
        "hours" | "hour" | "hrs" => ("duration", 1.0, "hours"),
        "days" | "day" => ("duration", 24.0, "hours"),
        "weeks" | "week" | "fortnight" => ("duration", 168.0, "hours"),
        "months" | "month" => ("duration", 730.5, "hours"),
        "years" | "year" => ("duration", 8766.0, "hours"),
        "decades" | "decade" => ("duration", 87_660.0, "hours"),
        "percent" | "%" | "pc" => ("percentage", 1.0, "%"),
        "tonnes" | "tons" | "tonne" | "ton" => ("weight", 1.0, "t"),
        "kg" | "kilograms" | "kilogrammes" | "kilos" => ("weight", 0.001, "t"),
        "pounds" | "lbs" | "lb" => ("weight", 0.000_453_6, "t"),
        "gallons" | "gallon" => ("volume", 3.785, "litres"),
        "litres" | "liters" | "litre" | "liter" => ("volume", 1.0, "litres"),
        "barrels" | "barrel" => ("volume", 159.0, "litres"),
        "hectares" | "hectare" | "ha" => ("area", 0.01, "km²"),
        "acres" | "acre" => ("area", 0.004_047, "km²"),
        _ => return None,
    })
}

fn currency(sym: &str) -> Option<&'static str> {
    Some(match sym {
        "$" | "dollars" | "dollar" | "usd" | "us$" => "USD",
        "€" | "euros" | "euro" | "eur" => "EUR",
        "£" | "gbp" | "sterling" => "GBP",
        "¥" | "yen" => "JPY",
        "won" => "KRW",
        "rubles" | "roubles" | "ruble" | "rouble" => "RUB",
        "yuan" | "renminbi" => "CNY",
        "rupees" | "rs" | "rs." => "INR",
        "dh" | "dirhams" => "AED",
        _ => return None,
    })
}

/// Casualty words and the claim they make about the people counted.
const CASUALTY: &[(&str, &str)] = &[
    ("killed", "killed"),
    ("killing", "killed"),
    ("kills", "killed"),
    ("kill", "killed"),
    ("die", "killed"),
    ("died", "killed"),
    ("dies", "killed"),
    ("dead", "killed"),
    ("deaths", "killed"),
    ("death", "killed"),
    ("toll", "killed"),
    ("fatalities", "killed"),
    ("lives", "killed"),
    ("drowned", "killed"),
    ("perished", "killed"),
    ("injured", "injured"),
    ("injuring", "injured"),
    ("injuries", "injured"),
    ("wounded", "injured"),
    ("wounding", "injured"),
    ("hurt", "injured"),
    ("hospitalised", "injured"),
    ("hospitalized", "injured"),
    ("missing", "missing"),
    ("arrested", "arrested"),
    ("arrests", "arrested"),
    ("arrest", "arrested"),
    ("detained", "arrested"),
    ("evacuated", "evacuated"),
    ("displaced", "displaced"),
    ("homeless", "homeless"),
    ("rescued", "rescued"),
    ("marched", "marching"),
    ("march", "marching"),
    ("marching", "marching"),
    ("rallied", "marching"),
    ("demonstrated", "marching"),
    ("protested", "marching"),
];

/// Nouns for people: with a casualty word nearby they become "people killed".
const PEOPLE_NOUNS: &[&str] = &[
    "people",
    "person",
    "persons",
    "civilian",
    "child",
    "resident",
    "passenger",
    "worker",
    "migrant",
    "student",
    "protester",
    "protestor",
    "demonstrator",
    "victim",
    "officer",
    "patient",
    "prisoner",
    "hostage",
    "refugee",
    "tourist",
    "miner",
    "journalist",
    "adult",
    "woman",
    "man",
    "villager",
    "employee",
    "staff",
    "crew",
    "crewmember",
    "crewman",
    "sailor",
    "soldier",
    "policeman",
    "firefighter",
    "teenager",
    "youth",
    "pilgrim",
    "fan",
    "spectator",
    "inmate",
];

/// Nouns whose small counts say nothing checkable ("two countries", "both sides").
const GENERIC_NOUNS: &[&str] = &[
    "country",
    "nation",
    "leader",
    "president",
    "party",
    "state",
    "side",
    "part",
    "way",
    "thing",
    "time",
    "reason",
    "issue",
    "option",
    "point",
    "step",
    "term",
    "round",
    "occasion",
    "source",
    "world",
    "government",
    "power",
    "man",
    "woman",
    "people",
    "person",
];

/// The people whose count is a tally: it only grows as news comes in (a toll, arrests).
fn is_tally_role(role: &str) -> bool {
    matches!(role, "killed" | "injured" | "missing" | "arrested" | "evacuated" | "displaced" | "homeless" | "rescued")
}

/// Counted nouns that are tallies too: they are counted up as the event goes on.
const TALLY_NOUNS: &[&str] = &["case", "aftershock", "arrest", "casualty", "fatality", "death", "infection", "victim"];

/// Words that are never the counted noun: directions, adjectives, verbs, generic words.
const NOT_NOUNS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "northern",
    "southern",
    "eastern",
    "western",
    "times",
    "percent",
    "per",
    "cent",
    "more",
    "less",
    "others",
    "other",
    "each",
    "apiece",
    "hit",
    "struck",
    "shook",
    "jolted",
    "rocked",
    "killed",
    "rose",
    "fell",
    "led",
    "won",
    "lost",
    "ran",
    "went",
    "came",
    "left",
    "took",
    "gave",
    "made",
    "put",
    "set",
    "held",
    "told",
    "said",
    "says",
    "felt",
    "saw",
    "early",
    "late",
    "local",
    "top",
    "straight",
    "consecutive",
    "successive",
    "straight",
    "previous",
    "former",
    "new",
    "total",
    "overall",
    "altogether",
    "combined",
    "already",
    "ago",
    "earlier",
    "later",
    "away",
    "long",
    "high",
    "deep",
    "wide",
    "tall",
    "old",
    "aged",
    "strong",
    "a.m.",
    "p.m.",
    "am",
    "pm",
    "gmt",
    "bst",
    "utc",
    "est",
    "edt",
    "ist",
    "local",
    "hrs",
    "hours",
    "mg",
    "mm",
    "degree",
    "degrees",
    "magnitude",
    "quake",
    "earthquake",
    "temblor",
    "tremor",
    "richter",
    "th",
    "nd",
    "st",
    "rd",
    "million",
    "billion",
    "thousand",
    "hundred",
    "percentage",
    "point",
    "points",
    "round",
    "rounds",
    "time",
    "way",
    "thing",
    "things",
    "one",
    "ones",
    "side",
    "sides",
    "part",
    "parts",
    "reason",
    "reasons",
    "option",
    "options",
    "step",
    "steps",
    "term",
    "terms",
    "occasion",
    "occasions",
    "past",
    "last",
    "next",
    "previous",
    "first",
    "recent",
    "coming",
    "following",
];

/// Counted nouns that mean the same thing, mapped to one name.
fn canonical_noun(w: &str) -> String {
    let s = singular(w);
    let c = match s.as_str() {
        "wagon" | "car" | "coach" | "railcar" | "carriage" => "carriage",
        "person" | "people" | "individual" => "people",
        "household" | "home" | "house" | "dwelling" => "home",
        "troop" | "soldier" | "serviceman" | "servicemen" => "soldier",
        "fatality" | "death" | "dead" => "death",
        "injury" | "injured" | "wounded" => "injured",
        "child" | "children" => "child",
        "protestor" | "protester" | "demonstrator" => "protester",
        "crewman" | "crewmen" | "crewmember" => "crew",
        "firefighter" | "fireman" | "firemen" => "firefighter",
        "policeman" | "policemen" | "police" => "police officer",
        "temblor" | "tremor" => "aftershock",
        "store" | "shop" => "shop",
        other => return other.to_string(),
    };
    c.to_string()
}

pub(super) fn singular(w: &str) -> String {
    match w {
        "people" | "police" | "staff" | "crew" | "personnel" | "series" | "species" | "news" | "aircraft" => return w.to_string(),
        "children" => return "child".into(),
        "men" => return "man".into(),
        "women" => return "woman".into(),
        "feet" => return "foot".into(),
        "policemen" => return "policeman".into(),
        "firemen" => return "fireman".into(),
        "crewmen" => return "crewman".into(),
        _ => {}
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w.to_string();
    }
    if let Some(s) = w.strip_suffix("ies") {
        return format!("{s}y");
    }
    for suf in ["ches", "shes", "xes", "sses"] {
        if w.ends_with(suf) {
            return w[..w.len() - 2].to_string();
        }
    }
    w.strip_suffix('s').unwrap_or(w).to_string()
}

/// A plural noun form (a count above one needs one): "boats", "people", "men", "crew".
fn is_plural(w: &str) -> bool {
    matches!(w, "people" | "police" | "staff" | "crew" | "personnel" | "children" | "men" | "women" | "aircraft" | "cattle" | "feet")
        || w.ends_with("men")
        || w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") && !w.ends_with("'s")
}

/// Words after a measured noun and before its value: "winds **of up to** 207 km/h".
const MEASURE_SKIP: &[&str] = &[
    "of",
    "at",
    "to",
    "up",
    "reached",
    "reaching",
    "hit",
    "hitting",
    "topped",
    "exceeded",
    "was",
    "were",
    "is",
    "are",
    "by",
    "about",
    "around",
    "nearly",
    "almost",
    "over",
    "some",
    "can",
    "could",
    "only",
    "just",
    "for",
    "than",
    "more",
    "less",
    "least",
    "rose",
    "rise",
    "rising",
    "rises",
    "fell",
    "fall",
    "falling",
    "falls",
    "climbed",
    "climbing",
    "gained",
    "gaining",
    "dropped",
    "dropping",
    "jumped",
    "slid",
    "declined",
    "increased",
    "decreased",
    "grew",
    "growing",
    "surged",
    "plunged",
    "soared",
    "added",
    "lost",
    "stood",
    "stands",
    "remained",
    "unchanged",
    "steady",
    "held",
    "took",
    "takes",
    "take",
    "lasted",
    "lasting",
    "spent",
    "measured",
    "measuring",
    "put",
    "estimated",
    "closed",
    "down",
    "been",
    "has",
    "had",
    "have",
    "a",
    "an",
    "the",
    "located",
    "situated",
    "lies",
    "lying",
];

/// Verbs of a market move.
const MOVE_WORDS: &[&str] = &[
    "rose", "fell", "plunged", "dropped", "gained", "lost", "closed", "climbed", "slid", "jumped", "tumbled", "surged", "down", "up",
    "declined", "soared", "sank", "slumped", "rallied", "eased", "edged",
];

/// Words that say a figure was updated: the later, higher figure is a step of an evolving count.
const RISE_WORDS: &[&str] =
    &["rose", "risen", "rises", "climbed", "climbs", "increased", "jumped", "mounted", "grew", "reached", "new", "rise"];

/// The era a sentence is set in, when it names a past month or year ("in February", "in December
/// 2003", "in 2003", "last year"): figures of a past event are not figures of this one.
pub(super) fn era_of(d: &Doc, dates: &[DateExpr], t0: usize, t1: usize) -> Option<String> {
    let dist = |x: &DateExpr| if x.t1 <= t0 { t0 - x.t1 } else { x.t0.saturating_sub(t1) };
    let mut past: Vec<&DateExpr> =
        dates.iter().filter(|x| !x.future && (x.precision == Precision::Month || x.precision == Precision::Year)).collect();
    past.sort_by_key(|x| dist(x));
    for x in past {
        // Only a date in the same clause as the figure sets its era.
        let (a, b) = if x.t1 <= t0 { (x.t1, t0) } else { (t1, x.t0) };
        if (a..b.max(a)).any(|k| matches!(d.tok(k), ";" | "—")) {
            continue;
        }
        if let Some(date) = x.date.filter(|_| x.month_day.is_none()) {
            use chrono::Datelike;
            return Some(date.year().to_string());
        }
        let p = x.phrase.to_lowercase();
        if let Some(y) = p.split(|c: char| !c.is_ascii_digit()).find(|s| s.len() == 4) {
            return Some(y.to_string());
        }
        let words: Vec<&str> =
            p.split_whitespace().filter(|w| !matches!(*w, "in" | "on" | "since" | "during" | "early" | "late")).collect();
        return Some(words.join(" "));
    }
    None
}

/// Keys that name their subject (ages, populations, distances from a place, magnitudes): facts
/// with such a key are about the same thing without further context.
pub(super) fn subject_in_key(key: &str) -> bool {
    ["age:", "population:", "length:distance:from:", "magnitude:", "weight:person:", "calibre:"].iter().any(|p| key.starts_with(p))
}

/// Sentence-level context given to every quantity read from it.
pub(super) struct SentCtx<'a> {
    pub d: &'a Doc<'a>,
    pub di: usize,
    pub si: usize,
    pub ments: &'a [Ment],
    pub ents: &'a Entities,
    pub dates: &'a [DateExpr],
    /// The era of the sentence before, for a sentence that goes on about it ("It killed 612 people").
    pub prev_era: Option<String>,
    /// The last person named before this sentence, for "he" and "she".
    pub last_person: Option<usize>,
    /// Places most of the story's articles name: where the story happens.
    pub home: &'a [bool],
}

impl SentCtx<'_> {
    fn w(&self, k: usize) -> &str {
        self.d.low(k)
    }
    fn tok(&self, k: usize) -> &str {
        self.d.tok(k)
    }
    fn is_cap(&self, k: usize) -> bool {
        self.d.toks[k].kind == Kind::Word && self.tok(k).starts_with(char::is_uppercase)
    }
    fn ment_at(&self, k: usize) -> Option<&Ment> {
        self.ments.iter().find(|m| m.t0 <= k && k < m.t1)
    }
}

/// What a quantity turned out to be.
struct Reading {
    key: String,
    about: String,
    nature: Nature,
    /// Range in the dimension's base unit.
    lo: f64,
    hi: f64,
    /// Last token of the phrase shown to the reader.
    end: usize,
    holder: Option<String>,
    /// Words that narrow a counted noun ("other", "female", "worst-hit").
    mods: Vec<String>,
}

/// Reads every quantity of one sentence.
pub(super) fn quantities(c: &SentCtx, out: &mut Vec<Fact>) {
    let d = c.d;
    let s = &d.sents[c.si];
    let (s0, s1) = (s.t0, s.t1);
    let mut i = s0;
    // The sentence's content words, read only when it states a quantity (most sentences do not).
    let words_cell: std::cell::OnceCell<Vec<u64>> = std::cell::OnceCell::new();
    // A number in a parenthesis right after another restates it ("37mph (59 km/h)").
    let mut skip_until = s0;
    while i < s1 {
        if i < skip_until || c.dates.iter().any(|x| x.t0 <= i && i < x.t1) {
            i += 1;
            continue;
        }
        let Some(n) = number_at(d, s0, s1, i) else {
            i += 1;
            continue;
        };
        if skip_number(c, s0, s1, i, &n) {
            i = n.end.max(i + 1);
            continue;
        }
        // "more than a dozen": the hedge stands before the article.
        // "about $3 billion": the hedge stands before the currency symbol, which is part of the value.
        let symbol = i > s0 && d.toks[i - 1].kind == Kind::Punct && currency(d.tok(i - 1)).is_some();
        let at = if d.low(i) == "dozen" && i > s0 && matches!(d.low(i - 1), "a" | "one") || symbol { i - 1 } else { i };
        let (hstart, hedge) = hedge_before(d, s0, at);
        let Some(r) = read(c, s0, s1, i, hstart, hedge, &n) else {
            i = n.end.max(i + 1);
            continue;
        };
        let pronoun_led = matches!(d.low(s0), "it" | "that" | "they" | "this");
        let era = era_of(d, c.dates, hstart, r.end).or_else(|| c.prev_era.clone().filter(|_| pronoun_led));
        // An update, or a running total: "rose to 10", "now stands at", "so far", "since the shooting",
        // "over four nights", "in all".
        let rise = (hstart.saturating_sub(4).max(s0)..hstart).any(|k| RISE_WORDS.contains(&c.w(k)))
            || (hstart.saturating_sub(3).max(s0)..hstart).any(|k| c.w(k) == "now")
            || (s0..s1).any(|k| {
                let next = if k + 1 < s1 { c.w(k + 1) } else { "" };
                matches!((c.w(k), next), ("so", "far") | ("in", "all") | ("in", "total") | ("since", "the") | ("to", "date"))
                    || c.w(k) == "over"
                        && k + 2 < s1
                        && number_at(d, s0, s1, k + 1).is_some()
                        && matches!(c.w(k + 2), "nights" | "days" | "weeks")
                        && !r.key.starts_with("duration:")
            });
        // A conversion in parentheses restates the same value: "37mph (59 km/h)", "$143 billion".
        let mut end = r.end;
        if end + 1 < s1 && d.tok(end) == "(" {
            if let Some(close) = (end + 1..s1.min(end + 8)).find(|&k| d.tok(k) == ")") {
                if (end + 1..close).any(|k| d.toks[k].kind == Kind::Num) {
                    skip_until = close + 1;
                    end = close + 1;
                }
            }
        }
        let display = d.art.text[d.toks[hstart].start..d.toks[end - 1].end].to_string();
        let mut key = r.key;
        let mut about = r.about;
        // Marchers are counted per city: "20,000 marched in Thessaloniki" is not Athens's march.
        // Casualties in a sentence that names only places the story is not about ("killed by a
        // quake in eastern China") are another event's.
        let places: Vec<&Ment> = c.ments.iter().filter(|m| c.ents.kind(m.ent) == EntityKind::Place).collect();
        let fine = places.iter().find(|m| !c.ents.coarse[m.ent]).or(places.first()).copied();
        if key == "count:people marching" {
            // Only a city or region of the gazetteer: "the 67th Precinct station" is no place to count marchers in.
            let city = |m: &&&Ment| !c.ents.coarse[m.ent] && GAZETTEER.places.contains_key(&crate::entities::key_of(c.ents.name(m.ent)));
            if let Some(m) = places.iter().find(city) {
                let p = place_root(c.ents, m.ent);
                key = format!("{key}:in:{p}");
                about = format!("{about} in {}", c.ents.name(p));
            }
        } else if r.nature == Nature::Tally
            && key.starts_with("count:people")
            && !places.is_empty()
            && places.iter().all(|m| !c.home[m.ent])
        {
            if let Some(m) = fine {
                let p = place_root(c.ents, m.ent);
                key = format!("{key}:in:{p}");
                about = format!("{about} in {}", c.ents.name(p));
            }
        }
        let own = content_words(d, hstart, end);
        let holder_stem = r.holder.as_deref().map(stem);
        let words = words_cell.get_or_init(|| content_words(d, s0, s1));
        let ctx: Vec<u64> = words.iter().copied().filter(|x| !own.contains(x) && Some(*x) != holder_stem).collect();
        let mut f = Fact::new(key, about, Val::Num { lo: r.lo, hi: r.hi }, display, c.di, c.si, ctx);
        f.span = tidings_model::Span::new(d.toks[hstart].start, d.toks[end - 1].end);
        // A market move changes by the minute: "plunged 5.4 per cent", "closed down 3.9 percent".
        f.moving = f.key.starts_with("percentage:") && (hstart.saturating_sub(4).max(s0)..hstart).any(|k| MOVE_WORDS.contains(&c.w(k)));
        f.nature = r.nature;
        f.holder = r.holder;
        f.mods = r.mods;
        f.lower_bound = hedge == Hedge::AtLeast || n.vague;
        f.vague = n.vague;
        f.rise = rise;
        f.era = era;
        out.push(f);
        i = end.max(i + 1);
    }
}

/// Numbers that are no quantity: parts of names ("Boeing 737", "S&P 500"), years, times of day,
/// scores ("9-3"), phone numbers, "No. 12".
fn skip_number(c: &SentCtx, s0: usize, s1: usize, i: usize, n: &Number) -> bool {
    let d = c.d;
    if i > s0 {
        let p = d.tok(i - 1);
        let name_before = d.toks[i - 1].kind == Kind::Word
            && p.starts_with(char::is_uppercase)
            && !STOPWORDS.contains(c.w(i - 1))
            && crate::lexicon::month(p).is_none()
            && currency(c.w(i - 1)).is_none()
            && !p.eq_ignore_ascii_case("magnitude")
            && i > s0 + 1;
        if p == "&" || name_before || matches!(c.w(i - 1), "no." | "no" | "number" | "#" | "page" | "channel" | "route" | "flight") {
            return true;
        }
        // "9-3", "52-3": a score or a record.
        if p == "-" && i >= s0 + 2 && d.toks[i - 2].kind == Kind::Num {
            return true;
        }
    }
    if d.toks[i].kind == Kind::Num {
        let raw = d.tok(i);
        let next = if n.end < s1 { d.tok(n.end) } else { "" };
        // Times: "10:37", "1353 (1023 GMT)", "1100 hours", "2045 GMT", "10 a.m.".
        if matches!(next, ":" | "." if n.end + 1 < s1 && d.toks[n.end + 1].kind == Kind::Num) {
            return true;
        }
        let is = |x: &str| next.eq_ignore_ascii_case(x);
        if ["a.m.", "p.m.", "am", "pm", "gmt", "bst", "utc", "ist", "est", "edt", "et", "pt", "pdt"].into_iter().any(is) {
            return true;
        }
        if raw.len() == 4 && !raw.contains(',') && (is("hours") || is("hrs") || next == "(") {
            return true;
        }
        // A year alone ("in 2003", "the 2005 rampage") is not a quantity.
        if raw.len() == 4 && !raw.contains([',', '.']) && (1900.0..=2100.0).contains(&n.value) {
            let next_plural = n.end < s1 && d.toks[n.end].kind == Kind::Word && is_plural(c.w(n.end)) && c.w(n.end) != "years";
            if !next_plural {
                return true;
            }
        }
        // Phone numbers and codes: two numbers in a row.
        if n.end < s1 && d.toks[n.end].kind == Kind::Num {
            return true;
        }
    }
    false
}

/// Reads what the number at `i` counts or measures.
fn read(c: &SentCtx, s0: usize, s1: usize, i: usize, hstart: usize, hedge: Hedge, n: &Number) -> Option<Reading> {
    let d = c.d;
    let w = |k: usize| c.w(k);
    let (lo, hi) = reader_range(n, hedge);
    let mut j = n.end;

    // "Sixty-year-old Sharron Smith": an age in one word.
    if w(i).ends_with("-year-old") {
        let m = c.ments.iter().find(|m| m.t0 <= i + 1 && m.t1 > i + 1 && c.ents.kind(m.ent) == EntityKind::Person)?;
        return Some(Reading {
            key: format!("age:{}", m.ent),
            about: format!("age of {}", c.ents.name(m.ent)),
            nature: Nature::Measure,
            lo,
            hi,
            end: i + 1,
            holder: None,
            mods: Vec::new(),
        });
    }
    // Compounds: "38-year-old", "10-metre dhow", "5.9-magnitude quake", "1,500-square-kilometer island".
    if j + 1 < s1 && d.tok(j) == "-" && d.toks[j + 1].kind == Kind::Word && d.toks[j].start == d.toks[j - 1].end {
        return compound(c, s0, s1, hstart, j + 1, n, lo, hi).flatten();
    }
    // Magnitude: "magnitude 5.9", "a magnitude of 6.1", "measuring 5.6 on the Richter scale", "5.6 quake".
    if let Some(r) = magnitude(c, s0, s1, i, hstart, n, lo, hi) {
        return r;
    }
    // Money: "$35,000", "110 billion euros", "euro110 billion", "£1.7m".
    let mut cur = if i > s0 { currency(w(i - 1)) } else { None };
    if cur.is_none() && j < s1 {
        cur = currency(w(j));
        if cur.is_some() {
            j += 1;
        }
    }
    if let Some(cur) = cur {
        let holder = money_holder(c, s0, s1, hstart, j)?;

        return Some(Reading {
            key: format!("money:{cur}:{holder}"),
            about: format!("{holder} ({cur})"),
            nature: Nature::Measure,
            lo,
            hi,
            end: j,
            holder: Some(holder),
            mods: Vec::new(),
        });
    }
    // Units: "37mph", "59 km/h", "20 hours", "per cent", "28 degrees Celsius", "150 nautical miles".
    if j < s1 {
        let mut uw = w(j).to_string();
        let mut ulen = 1;
        let next = |k: usize| if j + k < s1 { w(j + k) } else { "" };
        if uw == "km" && next(1) == "/" && next(2) == "h" {
            (uw, ulen) = ("km/h".into(), 3);
        } else if matches!(uw.as_str(), "miles" | "kilometres" | "kilometers") && matches!(next(1), "per" | "an" | "a") && next(2) == "hour"
        {
            (uw, ulen) = (if uw == "miles" { "mph".into() } else { "km/h".into() }, 3);
        } else if uw == "per" && next(1) == "cent" {
            (uw, ulen) = ("percent".into(), 2);
        } else if uw == "nautical" && matches!(next(1), "miles" | "mile") {
            ulen = 2;
            // A nautical mile is 1.852 km, as a knot is 1.852 km/h.
            let (lo, hi) = (lo * 1.852, hi * 1.852);
            return measure(c, s0, s1, hstart, j + ulen, "length", "km", lo, hi, true).flatten();
        } else if matches!(uw.as_str(), "square" | "sq") {
            let u = next(1);
            let f = match u {
                "kilometres" | "kilometers" | "km" | "kilometre" | "kilometer" => Some(1.0),
                "miles" | "mile" => Some(2.59),
                "metres" | "meters" | "m" => Some(1e-6),
                "feet" | "foot" | "ft" => Some(9.29e-8),
                _ => None,
            };
            if let Some(f) = f {
                return measure(c, s0, s1, hstart, j + 2, "area", "km²", lo * f, hi * f, f != 1.0).flatten();
            }
        } else if matches!(uw.as_str(), "degrees" | "degree" | "°") {
            let u = next(1);
            if matches!(u, "celsius" | "c" | "centigrade") {
                return measure(c, s0, s1, hstart, j + 2, "temperature", "°C", lo, hi, false).flatten();
            }
            if matches!(u, "fahrenheit" | "f") {
                let cv = |f: f64| (f - 32.0) * 5.0 / 9.0;
                return measure(c, s0, s1, hstart, j + 2, "temperature", "°C", cv(lo), cv(hi), true).flatten();
            }
            return None;
        }
        if let Some((dim, factor, base)) = unit(&uw) {
            // "5 m" only as metres when written with a number glued or spaced; "m" after a
            // currency was a scale above.
            let (lo, hi) = (lo * factor, hi * factor);
            return measure(c, s0, s1, hstart, j + ulen, dim, base, lo, hi, factor != 1.0).flatten();
        }
    }
    if j < s1 && matches!(w(j), "caliber" | "calibre") {
        return calibre(c, j, n);
    }
    // Population: "home to 120,000 people", "a population of 120,000", "a city of 500,000 people".
    if let Some(r) = population(c, s0, s1, hstart, j, lo, hi) {
        return r;
    }
    // Age by apposition: "Anthony LaCalamita, 38,", "Riva, 47, of Sterling Heights", "aged 24".
    if let Some(r) = apposition_age(c, s0, s1, i, hstart, j, lo, hi) {
        return r;
    }
    // Counted noun.
    count(c, s0, s1, hstart, n, lo, hi)
}

#[allow(clippy::too_many_arguments)]
fn compound(c: &SentCtx, s0: usize, s1: usize, hstart: usize, k: usize, n: &Number, lo: f64, hi: f64) -> Option<Option<Reading>> {
    let _ = s0;
    let word = c.w(k).to_string();
    let mut parts = word.split('-');
    let u = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    // "38-year-old Anthony LaCalamita", "a 63-year-old woman"
    if u == "year" && rest.first() == Some(&"old") {
        let after = k + 1;
        if after < s1 {
            if let Some(m) = c.ments.iter().find(|m| m.t0 == after && c.ents.kind(m.ent) == EntityKind::Person) {
                let name = c.ents.name(m.ent).to_string();
                return Some(Some(Reading {
                    key: format!("age:{}", m.ent),
                    about: format!("age of {name}"),
                    nature: Nature::Measure,
                    lo,
                    hi,
                    end: k + 1,
                    holder: None,
                    mods: Vec::new(),
                }));
            }
        }
        return Some(None);
    }
    if matches!(u, "caliber" | "calibre") {
        return Some(calibre(c, k, n));
    }
    if matches!(u, "magnitude" | "strength" | "degree" | "richter") {
        let what = quake_noun(c, k + 1, s1).unwrap_or("earthquake");
        return Some(magnitude_reading(c, what, lo, hi, k + 1, n));
    }
    // "1,500-square-kilometer island"
    if u == "square" {
        let f = match rest.first().copied().unwrap_or("") {
            "kilometre" | "kilometer" | "km" => 1.0,
            "mile" => 2.59,
            "metre" | "meter" => 1e-6,
            "foot" | "feet" => 9.29e-8,
            _ => return Some(None),
        };
        return Some(noun_measure(c, k + 1, s1, "area", "km²", lo * f, hi * f, f != 1.0));
    }
    // "10-metre dhow", "24-hour strike", "15-minute call"; but "a 28-year veteran" is a person's
    // career, which only a name could tie to another figure.
    if unit(u).is_some_and(|(dim, _, _)| dim == "duration") && !(k + 1 < s1 && ACTIVITIES.contains(&singular(c.w(k + 1)).as_str())) {
        return Some(None);
    }
    if let Some((dim, factor, base)) = unit(u) {
        let (lo, hi) = (lo * factor, hi * factor);
        let lo = if factor != 1.0 { lo * (1.0 - CONVERSION_TOLERANCE) } else { lo };
        let hi = if factor != 1.0 { hi * (1.0 + CONVERSION_TOLERANCE) } else { hi };
        return Some(noun_measure(c, k + 1, s1, dim, base, lo, hi, false));
    }
    let _ = hstart;
    Some(None)
}

/// A calibre: ".38-caliber revolver", ".357 caliber revolver" (the point may stand apart, as in
/// re-joined text: "a loaded. 38-caliber revolver").
fn calibre(c: &SentCtx, k: usize, n: &Number) -> Option<Reading> {
    let i = (0..k).rev().find(|&x| c.d.toks[x].kind == Kind::Num)?;
    if i == 0 || c.tok(i - 1) != "." || n.decimal {
        return None;
    }
    let digits = c.tok(i).len() as i32;
    let v = n.value / 10f64.powi(digits);
    let g = 0.5 / 10f64.powi(digits);
    // One gun in a story, whatever it is called: "revolver", "gun", "pistol".
    Some(Reading {
        key: "calibre:gun".into(),
        about: "calibre of the gun".into(),
        nature: Nature::Measure,
        lo: v - g,
        hi: v + g,
        end: k + 1,
        holder: None,
        mods: Vec::new(),
    })
}

/// Things whose length in time a "24-hour strike" or a "three-week trial" gives.
const ACTIVITIES: &[&str] = &[
    "strike",
    "trial",
    "war",
    "sentence",
    "ban",
    "contract",
    "deal",
    "lease",
    "run",
    "streak",
    "career",
    "journey",
    "trip",
    "flight",
    "siege",
    "standoff",
    "search",
    "investigation",
    "operation",
    "mission",
    "curfew",
    "ceasefire",
    "truce",
    "shutdown",
    "blackout",
    "delay",
    "wait",
    "drive",
    "march",
    "hunt",
    "chase",
    "pursuit",
    "stay",
    "visit",
    "tour",
    "term",
    "suspension",
    "closure",
];

/// A measure given as a modifier of the noun that follows: "10-metre dhow" is the length of the dhow.
#[allow(clippy::too_many_arguments)]
fn noun_measure(c: &SentCtx, k: usize, s1: usize, dim: &str, base: &str, lo: f64, hi: f64, converted: bool) -> Option<Reading> {
    let mut e = k;
    while e < s1 && e < k + 3 && c.d.toks[e].kind == Kind::Word && !STOPWORDS.contains(c.w(e)) && !c.is_cap(e) {
        e += 1;
    }
    if e == k {
        return None;
    }
    let noun = singular(c.w(e - 1));
    if NOT_NOUNS.contains(&noun.as_str()) {
        return None;
    }
    let (lo, hi) = widen(lo, hi, converted);
    let attr = dim;
    Some(Reading {
        key: format!("{dim}:{attr}:of:{noun}"),
        about: format!("{attr} of the {noun} ({base})"),
        nature: Nature::Measure,
        lo,
        hi,
        end: k,
        holder: Some(noun),
        mods: Vec::new(),
    })
}

fn widen(lo: f64, hi: f64, converted: bool) -> (f64, f64) {
    if converted {
        (lo * (1.0 - CONVERSION_TOLERANCE), hi * (1.0 + CONVERSION_TOLERANCE))
    } else {
        (lo, hi)
    }
}

/// The noun a magnitude is of, when one follows: "quake", "earthquake", "aftershock", "tremor".
fn quake_noun(c: &SentCtx, k: usize, s1: usize) -> Option<&'static str> {
    let mut j = k;
    while j < s1 && j < k + 3 {
        match c.w(j) {
            "quake" | "earthquake" | "temblor" | "tremor" | "shock" | "quakes" | "earthquakes" => return Some("earthquake"),
            "aftershock" | "aftershocks" => return Some("aftershock"),
            "strong" | "powerful" | "major" | "minor" | "moderate" | "deadly" | "undersea" | "underwater" | "new" => j += 1,
            _ => return None,
        }
    }
    None
}

fn magnitude_reading(c: &SentCtx, what: &str, lo: f64, hi: f64, end: usize, n: &Number) -> Option<Reading> {
    let _ = c;
    // A magnitude is read on its own scale, in tenths: 5.9 and 6.1 are two values, "about 6.0"
    // covers both.
    let v = n.value;
    let (lo, hi) = match n.upper {
        Some(_) => (lo, hi),
        None if hi - v > v - lo + 1e-9 => (v, v + MAGNITUDE_HEDGE),
        None if v - lo > hi - v + 1e-9 => (v - MAGNITUDE_HEDGE, v),
        None if hi - lo > 2.0 * n.grain + 1e-9 => (v - MAGNITUDE_HEDGE, v + MAGNITUDE_HEDGE),
        None => (v - 0.05, v + 0.05),
    };
    Some(Reading {
        key: format!("magnitude:{what}"),
        about: format!("magnitude of the {what}"),
        nature: Nature::Measure,
        lo,
        hi,
        end,
        holder: Some(what.to_string()),
        mods: Vec::new(),
    })
}

/// "magnitude 5.9", "magnitude-5.9", "a magnitude of 6.1", "measuring 5.6 on the Richter scale",
/// "registering 6.1 on the Richter scale", "5.6 quake", "put the magnitude at 6.1".
#[allow(clippy::too_many_arguments)]
fn magnitude(c: &SentCtx, s0: usize, s1: usize, i: usize, hstart: usize, n: &Number, lo: f64, hi: f64) -> Option<Option<Reading>> {
    let w = |k: usize| c.w(k);
    let before: Vec<&str> = (hstart.saturating_sub(4).max(s0)..hstart).map(w).collect();
    let richter = n.end + 2 < s1 && w(n.end) == "on" && w(n.end + 1) == "the" && w(n.end + 2) == "richter";
    let after_quake = quake_noun(c, n.end, s1);
    let after_mag = n.end < s1 && matches!(w(n.end), "magnitude" | "richter");
    // "magnitude 5.9", "a magnitude of 6.1", "put the magnitude at 6.1"; not "the magnitude 7.8
    // earthquake killed 7 people".
    let last = |k: usize| if hstart >= s0 + k { w(hstart - k) } else { "" };
    let before_mag = last(1) == "magnitude"
        || matches!(last(1), "of" | "at") && last(2) == "magnitude"
        || w(i).starts_with("magnitude-")
        || matches!(last(1), "measuring" | "measured" | "registering" | "registered") && n.decimal;
    let magnitude_sized = n.value < 10.0 && n.value > 0.0;
    if !magnitude_sized || !(richter || before_mag || after_mag || after_quake.is_some() && n.decimal) {
        return None;
    }
    // A general statement is not a claim about this quake: "A magnitude-6.0 quake can cause severe damage".
    let generic = (n.end..s1).any(|k| matches!(w(k), "can" | "could")) && before.first().is_some_and(|x| matches!(*x, "a" | "an"));
    if generic {
        return Some(None);
    }
    let mut end = n.end;
    if richter {
        end = (n.end + 3..s1.min(n.end + 5)).find(|&k| w(k) == "scale").map(|k| k + 1).unwrap_or(n.end + 3);
    } else if after_mag {
        end += 1;
    }
    let what = after_quake.or_else(|| quake_noun(c, end, s1)).or_else(|| {
        // "aftershocks of around 4.0", "aftershocks varying from 2.8 to 3.8"
        (s0..hstart).rev().take(6).find_map(|k| match w(k) {
            "aftershock" | "aftershocks" => Some("aftershock"),
            _ => None,
        })
    });
    let what = what.unwrap_or("earthquake");
    if let Some(q) = after_quake {
        end = (end..s1.min(end + 4)).find(|&k| quake_noun(c, k, k + 1) == Some(q)).map(|k| k + 1).unwrap_or(end);
    }
    let _ = i;
    Some(magnitude_reading(c, what, lo, hi, end, n))
}

/// What a sum of money is: "a $35,000 reward", "a reward of $35,000", "raise $3 billion",
/// "$2.5 billion in new capital", "damage estimated at $54 million".
fn money_holder(c: &SentCtx, s0: usize, s1: usize, hstart: usize, j: usize) -> Option<String> {
    let w = |k: usize| c.w(k);
    // Noun right after: "$35,000 reward", "110 billion euro bailout", "$2.5 billion in new capital".
    let mut k = j;
    if k < s1 && matches!(w(k), "in" | "of" | "worth") {
        k += 1;
        while k < s1 && matches!(w(k), "new" | "fresh" | "additional" | "extra" | "the") {
            k += 1;
        }
    }
    let mut e = k;
    while e < s1 && e < k + 3 && c.d.toks[e].kind == Kind::Word && !STOPWORDS.contains(w(e)) && !c.is_cap(e) {
        e += 1;
    }
    if e > k {
        let n = singular(w(e - 1));
        if money_noun(&n) {
            return Some(n);
        }
    }
    // Noun before: "a reward of $35,000", "damage estimated at around 54 million dollars", "raise $3 billion".
    let mut b = hstart;
    let mut steps = 0;
    while b > s0 && steps < 5 {
        b -= 1;
        steps += 1;
        let x = w(b);
        if c.d.toks[b].kind != Kind::Word {
            break;
        }
        if MEASURE_SKIP.contains(&x) || matches!(x, "worth" | "valued" | "estimated" | "costing" | "cost") {
            continue;
        }
        let n = singular(x);
        if money_noun(&n) {
            return Some(n);
        }
        if matches!(x, "raise" | "raised" | "raising" | "raises") {
            return Some("capital".into());
        }
        break;
    }
    None
}

/// Nouns a sum of money can be the amount of.
fn money_noun(n: &str) -> bool {
    matches!(
        n,
        "reward"
            | "bailout"
            | "loan"
            | "package"
            | "fine"
            | "bail"
            | "bond"
            | "ransom"
            | "damage"
            | "deal"
            | "contract"
            | "salary"
            | "budget"
            | "capital"
            | "settlement"
            | "price"
            | "cost"
            | "fee"
            | "aid"
            | "debt"
            | "deficit"
            | "saving"
            | "cut"
            | "investment"
            | "offer"
            | "bid"
            | "purse"
            | "prize"
            | "compensation"
            | "fund"
            | "grant"
            | "revenue"
            | "profit"
            | "loss"
            | "sale"
            | "valuation"
    )
}

/// A measure with its subject: what it is of ("speed of the train"), or for a distance the place
/// it is from ("35 miles southwest of Bandar Abbas" is a distance from Bandar Abbas).
#[allow(clippy::too_many_arguments)]
fn measure(
    c: &SentCtx,
    s0: usize,
    s1: usize,
    hstart: usize,
    j: usize,
    dim: &str,
    base: &str,
    lo: f64,
    hi: f64,
    converted: bool,
) -> Option<Option<Reading>> {
    let w = |k: usize| c.w(k);
    let (lo, hi) = widen(lo, hi, converted);
    if dim == "length" {
        // "35 miles southwest of Bandar Abbas", "about 30 miles south of Portland", "1,500 kilometers from Tehran".
        let mut k = j;
        // "1,150 kilometers (700 miles) southeast of Tehran"
        if k < s1 && c.tok(k) == "(" {
            if let Some(close) = (k + 1..s1.min(k + 6)).find(|&x| c.tok(x) == ")") {
                k = close + 1;
            }
        }
        let j = k;
        while k < s1
            && k < j + 3
            && matches!(
                w(k),
                "north"
                    | "south"
                    | "east"
                    | "west"
                    | "northeast"
                    | "northwest"
                    | "southeast"
                    | "southwest"
                    | "north-east"
                    | "north-west"
                    | "south-east"
                    | "south-west"
                    | "north-northeast"
                    | "due"
                    | "to"
                    | "the"
                    | "away"
            )
        {
            k += 1;
        }
        if k < s1 && matches!(w(k), "of" | "from") && k > j || k < s1 && w(k) == "from" {
            if let Some(m) = c.ments.iter().find(|m| m.t0 == k + 1 && c.ents.kind(m.ent) == EntityKind::Place) {
                let place = c.ents.name(m.ent).to_string();
                return Some(Some(Reading {
                    key: format!("length:distance:from:{}", m.ent),
                    about: format!("distance from {place} ({base})"),
                    nature: Nature::Measure,
                    lo,
                    hi,
                    end: m.t1,
                    holder: located_thing(c, s0, hstart),
                    mods: Vec::new(),
                }));
            }
        }
        // "a 6,900-tonne destroyer" is handled as a compound; "10 feet tall", "300 metres high".
        let attr = (j..(j + 2).min(s1)).find_map(|k| match w(k) {
            "tall" | "high" => Some("height"),
            "deep" => Some("depth"),
            "long" => Some("length"),
            "wide" => Some("width"),
            _ => None,
        });
        let holder = measured_noun(c, s0, hstart);
        return Some(match (attr, holder) {
            (Some(a), Some(h)) => Some(Reading {
                key: format!("length:{a}:of:{h}"),
                about: format!("{a} of the {h} ({base})"),
                nature: Nature::Measure,
                lo,
                hi,
                end: j + 1,
                holder: Some(h),
                mods: Vec::new(),
            }),
            // A length without a subject or an attribute cannot be compared with anything.
            _ => None,
        });
    }
    // "He is 5-feet-8 inches tall, weighing 130 pounds", "Orozco is 5-foot-8, 135 pounds": a
    // person's weight.
    if dim == "weight" {
        let person = c
            .ments
            .iter()
            .rev()
            .find(|m| m.t1 <= hstart && c.ents.kind(m.ent) == EntityKind::Person)
            .map(|m| m.ent)
            .or_else(|| (s0..hstart).any(|k| matches!(w(k), "he" | "she")).then_some(c.last_person).flatten());
        if let Some(p) = person {
            return Some(Some(Reading {
                key: format!("weight:person:{p}"),
                about: format!("weight of {} ({base})", c.ents.name(p)),
                nature: Nature::Measure,
                lo,
                hi,
                end: j,
                holder: None,
                mods: Vec::new(),
            }));
        }
    }
    let holder = measured_noun(c, s0, hstart).or_else(|| {
        // "four days deliberating"
        if dim == "duration" && j < s1 {
            if let Some(v) = nominalize(w(j)) {
                return Some(v);
            }
        }
        // "20 hours of deliberation", "40 percent of the buildings"
        let mut k = j;
        if k < s1 && w(k) == "of" {
            k += 1;
            while k < s1 && matches!(w(k), "the" | "a" | "its" | "their" | "his" | "her") {
                k += 1;
            }
            let mut e = k;
            while e < s1 && e < k + 3 && c.d.toks[e].kind == Kind::Word && !STOPWORDS.contains(w(e)) && !c.is_cap(e) {
                e += 1;
            }
            if e > k {
                let n = w(e - 1);
                return Some(nominalize(n).unwrap_or_else(|| singular(n.strip_suffix("s").filter(|_| n.ends_with("ions")).unwrap_or(n))));
            }
        }
        None
    });
    let holder = holder?;
    if NOT_NOUNS.contains(&holder.as_str()) {
        return Some(None);
    }
    let about = if dim == "duration" { format!("duration of the {holder}") } else { format!("{dim} of the {holder} ({base})") };
    // A duration grows while the thing lasts ("four days of riots", later "eight days"): a tally.
    let nature = if dim == "duration" { Nature::Tally } else { Nature::Measure };
    // Hours of work and days on the calendar measure two things: "40 hours over four days".
    let clock = j > 0 && matches!(w(j - 1), "seconds" | "second" | "secs" | "minutes" | "minute" | "mins" | "hours" | "hour" | "hrs");
    let key = match dim {
        "duration" if clock => format!("duration:of:{holder}:hours"),
        "duration" => format!("duration:of:{holder}:days"),
        _ => format!("{dim}:of:{holder}"),
    };
    Some(Some(Reading { key, about, nature, lo, hi, end: j, holder: Some(holder), mods: Vec::new() }))
}

/// What stands at a distance: "the building, about 15 miles north of Detroit", "a motorist 50
/// miles north of Detroit", "Qeshm, located 1,150 kilometers southeast of Tehran".
fn located_thing(c: &SentCtx, s0: usize, hstart: usize) -> Option<String> {
    let mut b = hstart;
    while b > s0 {
        b -= 1;
        let x = c.w(b);
        if matches!(x, "," | "is" | "was" | "lies" | "located" | "situated" | "about" | "some" | "roughly" | "around" | "just" | "only") {
            continue;
        }
        if let Some(m) = c.ment_at(b).filter(|m| c.ents.kind(m.ent) == EntityKind::Place) {
            return Some(c.ents.name(place_root(c.ents, m.ent)).to_lowercase());
        }
        if c.d.toks[b].kind == Kind::Word && !STOPWORDS.contains(x) && !c.is_cap(b) {
            return Some(singular(x));
        }
        return None;
    }
    None
}

/// The noun before a measure that it measures: "winds of up to 207 km/h", "Greek stocks plunged 5.4
/// per cent", "the panel deliberated for 40 hours" (a verb names the activity).
fn measured_noun(c: &SentCtx, s0: usize, hstart: usize) -> Option<String> {
    // "the panel deliberated Nichols' fate for 40 hours": the activity, not its object.
    if hstart > s0 && c.w(hstart - 1) == "for" {
        if let Some(v) = (hstart.saturating_sub(6).max(s0)..hstart - 1).rev().find_map(|k| nominalize(c.w(k))) {
            return Some(v);
        }
    }
    let mut b = hstart;
    let mut steps = 0;
    while b > s0 && steps < 5 {
        b -= 1;
        steps += 1;
        let x = c.w(b);
        if c.d.toks[b].kind != Kind::Word {
            return None;
        }
        if MEASURE_SKIP.contains(&x) || x.ends_with("ly") {
            continue;
        }
        if STOPWORDS.contains(x) || c.is_cap(b) && c.ment_at(b).is_some() {
            return None;
        }
        // "deliberated for 40 hours" → deliberation; "travel at 37mph" → travel; but "spilled 3,100
        // tonnes" names no thing.
        if nominalize(x).is_none() && (x.ends_with("ed") || x.ends_with("ing")) {
            return None;
        }
        let n = nominalize(x).unwrap_or_else(|| singular(x));
        if unit(&n).is_some() || unit(x).is_some() {
            return None;
        }
        return Some(n);
    }
    None
}

/// The noun of an activity verb: "deliberated", "deliberating" → "deliberation".
fn nominalize(w: &str) -> Option<String> {
    let stem = w.strip_suffix("ated").or_else(|| w.strip_suffix("ating"))?;
    (stem.len() >= 3).then(|| format!("{stem}ation"))
}

/// "home to 120,000 people", "has a population of more than 100,000", "a city of 500,000 people",
/// "which has about 200,000 residents".
fn population(c: &SentCtx, s0: usize, s1: usize, hstart: usize, j: usize, lo: f64, hi: f64) -> Option<Option<Reading>> {
    let w = |k: usize| c.w(k);
    let before: Vec<&str> = (hstart.saturating_sub(3).max(s0)..hstart).map(w).collect();
    let home_to = before.ends_with(&["home", "to"]);
    let pop_of = before.ends_with(&["population", "of"]);
    let city_of =
        before.len() >= 2 && matches!(before[before.len() - 2], "city" | "town" | "village" | "island") && before.last() == Some(&"of");
    let residents = j < s1 && matches!(w(j), "residents" | "inhabitants");
    if !(home_to || pop_of || city_of || residents) {
        return None;
    }
    let mut end = j;
    if j < s1 && matches!(w(j), "people" | "residents" | "inhabitants") {
        end += 1;
    }
    // The place: right before ", home to" / ", a city of", else the first place of the clause.
    let places: Vec<&Ment> = c.ments.iter().filter(|m| m.t1 <= hstart && c.ents.kind(m.ent) == EntityKind::Place).collect();
    let apposition = places.last().filter(|m| {
        let gap: Vec<&str> = (m.t1..hstart.saturating_sub(before.len().min(3))).map(w).collect();
        gap.first() == Some(&",") && gap.len() <= 4 || m.t1 + 1 >= hstart.saturating_sub(2)
    });
    let relative = (s0..hstart).any(|k| matches!(w(k), "which" | "that" | "where"));
    let place = if home_to || city_of { apposition.or(places.first().filter(|_| !relative)) } else { places.first().filter(|_| !relative) };
    let Some(m) = place else { return Some(None) };
    let ent = place_root(c.ents, m.ent);
    Some(Some(Reading {
        key: format!("population:{ent}"),
        about: format!("population of {}", c.ents.name(ent)),
        nature: Nature::Measure,
        lo,
        hi,
        end,
        holder: None,
        mods: Vec::new(),
    }))
}

/// "Qeshm Island" and "Qeshm" are one place for a population or a distance.
fn place_root(ents: &Entities, e: usize) -> usize {
    let name = ents.name(e);
    for suffix in [" Island", " island", " City", " city", " Province", " province", " County", " county"] {
        if let Some(root) = name.strip_suffix(suffix) {
            if let Some(r) = (0..ents.public.len()).find(|&k| ents.name(k) == root && ents.kind(k) == EntityKind::Place) {
                return r;
            }
        }
    }
    e
}

/// "Anthony LaCalamita, 38,", "Riva, 47, of Sterling Heights", "Robert Pitman, aged 24".
#[allow(clippy::too_many_arguments)]
fn apposition_age(c: &SentCtx, s0: usize, s1: usize, i: usize, hstart: usize, j: usize, lo: f64, hi: f64) -> Option<Option<Reading>> {
    let w = |k: usize| c.w(k);
    let mut b = hstart;
    if b > s0 && matches!(w(b - 1), "aged" | "age") {
        b -= 1;
    }
    if b < s0 + 2 || w(b - 1) != "," {
        return None;
    }
    let closes = j >= s1
        || matches!(c.tok(j), "," | "." | ")" | ";")
        || matches!(w(j), "and" | "of" | "from" | "who" | "was" | "is" | "had" | "has");
    let m = c.ments.iter().find(|m| m.t1 == b - 1 && c.ents.kind(m.ent) == EntityKind::Person)?;
    if !closes || c.d.toks[i].kind != Kind::Num || !(1.0..=120.0).contains(&lo) {
        return Some(None);
    }
    Some(Some(Reading {
        key: format!("age:{}", m.ent),
        about: format!("age of {}", c.ents.name(m.ent)),
        nature: Nature::Measure,
        lo,
        hi,
        end: j,
        holder: None,
        mods: Vec::new(),
    }))
}

/// Words between a count and the thing counted that are part of the count phrase.
fn count_modifier(c: &SentCtx, k: usize) -> bool {
    let x = c.w(k);
    let t = c.d.toks[k];
    if t.kind != Kind::Word {
        return false;
    }
    // "three other rifles", "two more boats": a set apart from the one counted before.
    if matches!(x, "other" | "more" | "additional" | "further" | "extra") {
        return true;
    }
    if c.is_cap(k) {
        // "12 Somali and 11 Yemeni pirates": demonyms modify the noun; so does a model name
        // ("seven AK-47 assault rifles", "12 AK 47 guns").
        return GAZETTEER.demonyms.contains_key(x) || model_name(c, k).is_some();
    }
    !STOPWORDS.contains(x)
}

/// "… as director", "… as a player": the count is in one role.
fn end_as(c: &SentCtx, k: usize, s1: usize) -> bool {
    k + 1 < s1 && c.w(k) == "as" && c.d.toks[k + 1].kind == Kind::Word && !matches!(c.w(k + 1), "well" | "many" | "much" | "long" | "of")
}

/// A model name in a noun phrase, folded: "AK-47", "AK-47s", "AK 47" → "ak47".
fn model_name(c: &SentCtx, k: usize) -> Option<String> {
    let t = c.tok(k);
    let upper = t.chars().filter(|ch| ch.is_uppercase()).count() >= 2 && t.chars().next().is_some_and(char::is_uppercase);
    if !upper {
        return None;
    }
    let fold = |x: &str| x.to_lowercase().replace(['-', ' '], "");
    if t.chars().any(|ch| ch.is_ascii_digit()) {
        return Some(fold(t.strip_suffix('s').unwrap_or(t)));
    }
    let s1 = c.d.sents[c.si].t1;
    if k + 1 < s1 && c.d.toks[k + 1].kind == Kind::Num && !c.tok(k + 1).contains([',', '.']) {
        return Some(fold(&format!("{t}{}", c.tok(k + 1))));
    }
    None
}

/// A count: "seven villages", "at least 20 heavy bulletproof carriages", "killing 10 people",
/// "death toll rose to 10", "Ten dead", "80 hurt", "212 on board", "211 passengers and crew".
#[allow(clippy::too_many_arguments)]
fn count(c: &SentCtx, s0: usize, s1: usize, hstart: usize, n: &Number, lo: f64, hi: f64) -> Option<Reading> {
    let w = |k: usize| c.w(k);
    // "178 of 369 punches", "two of the three victims": the total of a share is not a count of
    // the story's things.
    let number_before = |k: usize| c.d.toks[k].kind == Kind::Num || number_word(w(k)).is_some();
    if hstart >= s0 + 2 && w(hstart - 1) == "of" && number_before(hstart - 2) {
        return None;
    }
    // In "two of the three victims died" the verb is the two's: "the three victims" count
    // victims, whatever happened to the part.
    let whole_of_part = hstart >= s0 + 3 && w(hstart - 1) == "the" && w(hstart - 2) == "of" && number_before(hstart - 3);
    // A decimal ("5.6") counts nothing unless it is a scaled amount ("1.2 million homes").
    if n.decimal && n.value.fract() != 0.0 {
        return None;
    }
    let mut j = n.end;
    // "dozens of people", "thousands of homes", "23 of the raiders"
    if j + 1 < s1 && w(j) == "of" {
        if n.vague {
            j += 1;
        } else if matches!(w(j + 1), "the" | "them" | "those" | "its" | "their" | "whom" | "which" | "these") {
            return None;
        }
    }
    // The noun phrase: modifiers, then the noun (the last word before a function word, punctuation
    // or a verb). "people killed": a participle after the noun ends it.
    let mut cand: Vec<usize> = Vec::new();
    let mut k = j;
    while k < s1 && cand.len() < 4 && count_modifier(c, k) {
        // "AK 47 guns": the number is part of the model name.
        if c.is_cap(k)
            && k + 1 < s1
            && c.d.toks[k + 1].kind == Kind::Num
            && model_name(c, k).is_some()
            && !c.tok(k).contains(|ch: char| ch.is_ascii_digit())
        {
            cand.push(k);
            k += 2;
            continue;
        }
        let x = w(k);
        if !cand.is_empty() && (x.ends_with("ed") || x.ends_with("ing")) {
            break;
        }
        // "boats closing in": a plural ends the phrase, but "police officers" goes on.
        if cand.last().is_some_and(|&p| is_plural(w(p)) && !c.is_cap(p) && !matches!(w(p), "police" | "fire" | "rescue" | "security")) {
            break;
        }
        // "12 Somali and 11 Yemeni pirates": "and" between demonyms joins them.
        cand.push(k);
        k += 1;
        if k + 1 < s1 && w(k) == "and" && c.is_cap(k + 1) && GAZETTEER.demonyms.contains_key(w(k + 1)) {
            k += 1;
        }
    }
    // Casualty words: the nearest one before ("killing 10", "injuring 80", "toll rose to 10") or after
    // ("10 people were killed", "Ten dead", "two people from Zinbi village were hurt").
    let casualty =
        casualty_near(c, s0, s1, hstart, if cand.is_empty() { n.end } else { cand[cand.len() - 1] + 1 }).filter(|_| !whole_of_part);
    let Some(&nk) = cand.last() else {
        // "212 on board", "26 aboard"
        if n.end < s1 && (matches!(w(n.end), "aboard" | "onboard") || n.end + 1 < s1 && w(n.end) == "on" && w(n.end + 1) == "board") {
            let end = if w(n.end) == "on" { n.end + 2 } else { n.end + 1 };
            return Some(on_board(c, s0, s1, lo, hi, end));
        }
        // A bare number: "killed 12", "death toll rose to 40", "80 hurt".
        let role = casualty.filter(|_| n.value >= 1.0)?;
        return Some(tally(role, lo, hi, n.end, c, s1));
    };
    let noun = w(nk);
    // "46 arrests", "86 arrests": people arrested.
    if matches!(noun, "arrests") && cand.len() == 1 {
        return Some(tally("arrested", lo, hi, nk + 1, c, s1));
    }
    // "Ten dead", "80 wounded", "50 injured": the casualty word is the noun.
    if let Some((_, role)) = CASUALTY.iter().find(|(x, _)| *x == noun).filter(|_| cand.len() == 1) {
        if matches!(*role, "killed" | "injured" | "missing") || noun == "dead" {
            return Some(tally(role, lo, hi, nk + 1, c, s1));
        }
    }
    let model = cand.iter().find_map(|&k| model_name(c, k));
    let canon = model.clone().unwrap_or_else(|| canonical_noun(noun));
    let plural_ok =
        if n.value == 1.0 && n.upper.is_none() { !is_plural(noun) || noun == "people" } else { is_plural(noun) || model.is_some() };
    if !plural_ok
        || canon.len() < 3
        || NOT_NOUNS.contains(&noun)
        || NOT_NOUNS.contains(&canon.as_str())
        || noun.ends_with("ed") && !matches!(noun, "dead" | "injured" | "wounded")
        || unit(noun).is_some() && model.is_none()
        || n.value == 1.0
    {
        return None;
    }
    // "the two leaders", "both nations", "two countries": small counts of generic nouns, or
    // after "the", point back at things already named; they state nothing checkable.
    let anaphoric =
        n.value <= 3.0 && hstart > s0 && matches!(w(hstart - 1), "the" | "both" | "these" | "those" | "their" | "his" | "her" | "its");
    if casualty.is_none() && n.value <= 3.0 && (GENERIC_NOUNS.contains(&canon.as_str()) || anaphoric) {
        return None;
    }
    let end = nk + 1;
    let person_noun = PEOPLE_NOUNS.contains(&canon.as_str()) || PEOPLE_NOUNS.contains(&singular(noun).as_str());
    if person_noun {
        if let Some(role) = casualty {
            return Some(tally(role, lo, hi, end, c, s1));
        }
        // "212 passengers and crew", "26 crew on board"
        let aboard = (end..(end + 4).min(s1))
            .any(|k| matches!(w(k), "aboard" | "onboard") || w(k) == "on" && k + 1 < s1 && w(k + 1) == "board")
            || canon == "passenger" && end + 1 < s1 && w(end) == "and" && matches!(w(end + 1), "crew" | "crewmembers");
        if aboard {
            let end = if end + 1 < s1 && w(end) == "and" { end + 2 } else { end };
            return Some(on_board(c, s0, s1, lo, hi, end));
        }
    }
    let plural = match &model {
        Some(_) => c.tok(cand[0]).trim_end_matches('s').to_string() + "s",
        None if noun.ends_with('s') || canon == "people" || is_plural(noun) => noun.to_string(),
        None => format!("{noun}s"),
    };
    // Words that narrow the noun: "three other rifles" are not the rifles counted before.
    let mut mods: Vec<String> = cand[..cand.len() - 1].iter().filter(|&&k| model_name(c, k).is_none()).map(|&k| w(k).to_string()).collect();
    // "a combined 157 games", "a total of 31 pieces": a sum over more than one thing.
    if (hstart.saturating_sub(2).max(s0)..hstart).any(|k| matches!(w(k), "combined" | "total" | "overall" | "cumulative")) {
        mods.push("total".into());
    }
    // "his first 11 seasons", "the last three games": a part of a longer run.
    if hstart > s0 && matches!(w(hstart - 1), "first" | "last" | "past" | "next" | "final" | "previous") {
        mods.push(w(hstart - 1).to_string());
    }
    // "four seasons as director of personnel": a count in one role, not the whole.
    if end_as(c, nk + 1, s1) {
        mods.push("as".into());
    }
    let tally_noun = TALLY_NOUNS.contains(&canon.as_str());
    // Holder: "Mr. Kim's train is rumored to include ...", "This train consists of ...".
    let holder = count_holder(c, s0, hstart);
    let about = match holder.as_deref() {
        Some("train") if canon == "carriage" => "train length (carriages)".to_string(),
        Some(h) => format!("{h} size ({plural})"),
        None => format!("number of {plural}"),
    };
    Some(Reading {
        key: format!("count:{canon}"),
        about,
        nature: if tally_noun { Nature::Tally } else { Nature::Count },
        lo,
        hi,
        end,
        holder,
        mods,
    })
}

/// People on board a vehicle, which the sentence names: "the plane had 212 on board", "the ship
/// carried 211 passengers and crew".
fn on_board(c: &SentCtx, s0: usize, s1: usize, lo: f64, hi: f64, end: usize) -> Reading {
    const VEHICLES: &[&str] = &[
        "plane",
        "aircraft",
        "airliner",
        "jet",
        "flight",
        "helicopter",
        "ship",
        "ferry",
        "boat",
        "vessel",
        "liner",
        "tanker",
        "trawler",
        "train",
        "bus",
        "coach",
        "submarine",
        "yacht",
    ];
    let vehicle = (s0..s1).find(|&k| VEHICLES.contains(&singular(c.w(k)).as_str())).map(|k| singular(c.w(k)));
    let about = match &vehicle {
        Some(v) => format!("people on board the {v}"),
        None => "people on board".to_string(),
    };
    Reading { key: "count:people on board".into(), about, nature: Nature::Count, lo, hi, end, holder: vehicle, mods: Vec::new() }
}

fn tally(role: &str, lo: f64, hi: f64, end: usize, c: &SentCtx, s1: usize) -> Reading {
    let _ = (c, s1);
    let about = match role {
        "marching" => "people who marched".to_string(),
        r => format!("people {r}"),
    };
    Reading {
        key: format!("count:people {role}"),
        about,
        nature: if is_tally_role(role) { Nature::Tally } else { Nature::Count },
        lo,
        hi,
        end,
        holder: None,
        mods: Vec::new(),
    }
}

/// The casualty word that tells what happened to the people counted at `[hstart, end)`.
fn casualty_near(c: &SentCtx, s0: usize, s1: usize, hstart: usize, end: usize) -> Option<&'static str> {
    let w = |k: usize| c.w(k);
    let role_of = |k: usize| CASUALTY.iter().find(|(x, _)| *x == w(k)).map(|(_, r)| *r);
    // Before: "killing 10", "injuring at least 80", "death toll rose to 10", "toll of 40", "left 3 dead".
    // "the death toll from a strong earthquake a day before rose to 10"
    if hstart >= s0 + 2
        && w(hstart - 1) == "to"
        && RISE_WORDS.contains(&w(hstart - 2))
        && (hstart.saturating_sub(12).max(s0)..hstart - 2).any(|k| matches!(w(k), "toll" | "deaths"))
    {
        return Some("killed");
    }
    let mut b = hstart;
    let mut steps = 0;
    while b > s0 && steps < 4 {
        b -= 1;
        steps += 1;
        if let Some(r) = role_of(b) {
            // "killed 12 people in ..." but not "the quake that killed 612 people in February" — the
            // era decides that; here the word only names the role.
            return Some(r);
        }
        if !matches!(
            w(b),
            "to" | "of"
                | "at"
                | "rose"
                | "risen"
                | "climbed"
                | "reached"
                | "stood"
                | "stands"
                | "is"
                | "was"
                | "now"
                | "has"
                | "had"
                | "the"
                | "a"
                | "official"
                | "new"
                | "final"
                | "leaving"
                | "left"
                | "with"
                | "other"
                | "another"
        ) {
            break;
        }
    }
    // After, within the clause: "10 people were killed", "people from Zinbi village were hurt",
    // "three bank workers dead", "people had to be evacuated".
    let mut k = end;
    while k < s1 && k < end + 8 {
        if let Some(r) = role_of(k) {
            // A noun ("death" in "the death penalty", "toll", "lives") names the role only right after
            // the count ("10 deaths"); further on, only a participle does ("were killed", "dead").
            let noun = matches!(w(k), "death" | "deaths" | "toll" | "lives" | "fatalities" | "injuries" | "arrests" | "kill" | "die");
            if !noun || k == end {
                return Some(r);
            }
        }
        if matches!(c.tok(k), "," | ";" | ":" | "(" | ")")
            || matches!(w(k), "and" | "but" | "while" | "after" | "when" | "as" | "who" | "which" | "that") && k > end
        {
            break;
        }
        // "took to the streets", "marched", "attended"
        if matches!(w(k), "took") && k + 2 < s1 && w(k + 1) == "to" && w(k + 2) == "the" {
            return Some("marching");
        }
        k += 1;
    }
    None
}

/// The thing whose parts are counted: "Mr. Kim's train is rumored to include 20 carriages",
/// "This train consists of 90 wagons".
fn count_holder(c: &SentCtx, s0: usize, hstart: usize) -> Option<String> {
    const HAVE_VERBS: &[&str] = &[
        "include",
        "includes",
        "included",
        "consist",
        "consists",
        "consisted",
        "comprise",
        "comprises",
        "comprised",
        "has",
        "have",
        "had",
        "carries",
        "carry",
        "carried",
        "contain",
        "contains",
        "contained",
        "numbers",
        "numbered",
        "pulls",
        "pulled",
        "features",
        "boasts",
    ];
    const SKIP_BEFORE_HAVE: &[&str] = &[
        "is",
        "was",
        "are",
        "were",
        "to",
        "rumored",
        "rumoured",
        "said",
        "reported",
        "believed",
        "thought",
        "also",
        "likely",
        "being",
        "been",
        "of",
        "up",
        "made",
        "now",
        "still",
        "only",
        "already",
        "allegedly",
        "supposedly",
    ];
    let w = |k: usize| c.w(k);
    let mut h = hstart;
    let mut steps = 0;
    while h > s0 && steps < 8 {
        h -= 1;
        steps += 1;
        let x = w(h);
        if matches!(x, "," | ";" | "." | ":") {
            return None;
        }
        if HAVE_VERBS.contains(&x) {
            // The count must follow the verb directly ("includes at least 20", "consists of 90"):
            // "Pirates have already attacked 100 vessels" is no holder.
            if (h + 1..hstart).any(|k| !matches!(w(k), "of" | "some" | "roughly" | "about" | "around" | "up" | "to" | "as" | "many")) {
                return None;
            }
            let mut b = h;
            while b > s0 && (SKIP_BEFORE_HAVE.contains(&w(b - 1)) || w(b - 1).ends_with("ly")) {
                b -= 1;
            }
            if b > s0 && c.d.toks[b - 1].kind == Kind::Word {
                let n = w(b - 1);
                let auxiliary = n.contains('\'') || matches!(n, "would" | "could" | "should" | "will" | "must" | "might" | "may" | "not");
                if !STOPWORDS.contains(n) && c.tok(b - 1).starts_with(char::is_lowercase) && !NOT_NOUNS.contains(&n) && !auxiliary {
                    return Some(singular(n));
                }
            }
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_follows_the_last_significant_digit() {
        assert_eq!(grain_of("1,500"), 50.0);
        assert_eq!(grain_of("58"), 0.5);
        assert_eq!(grain_of("5.9"), 0.05);
        assert_eq!(grain_of("120,000"), 5000.0);
        let n = |value: f64, grain: f64| Number { value, grain, upper: None, vague: false, decimal: false, end: 0 };
        // "10 boats" is 9-11, not 5-15; "60 km" is 55-65.
        assert_eq!(reader_range(&n(10.0, 5.0), Hedge::Exact), (9.0, 11.0));
        assert_eq!(reader_range(&n(60.0, 5.0), Hedge::Exact), (55.0, 65.0));
        let (lo, hi) = reader_range(&n(20.0, 5.0), Hedge::AtLeast);
        assert!(lo == 20.0 && hi <= 25.0, "{lo} {hi}");
    }
}
