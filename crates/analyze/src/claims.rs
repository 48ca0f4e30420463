//! Claims: checkable statements extracted as (subject, attribute, value) facts, aligned across
//! the story's articles, and labelled agree, conflict, evolving or single-source.
//!
//! Three kinds of facts are read:
//! - quantities with what they count or measure ("at least 20 heavy bulletproof carriages",
//!   "37mph (59 km/h)", "three out of nine trips", "killed 12 people");
//! - events with a verb class, a subject entity and a date, a place or a participant
//!   ("Mr. Kim departed from Pyongyang on Sunday");
//! - who met whom.
//!
//! Two facts are about the same thing when their keys match (counted noun up to synonyms,
//! measure, or event class and subject) and, for quantities, their holders or contexts match.
//! Values are compared after units, conversions and hedges; a conflict needs incompatible values
//! from different outlets, and anything uncertain stays single-source.

use crate::dates::{content_words, overlap, stem, DateExpr, Dated, Precision};
use crate::entities::{Entities, Ment};
use crate::lexicon::{number_word, scale_word, GAZETTEER, STOPWORDS};
use crate::token::Kind;
use crate::{AlignedValue, Claim, ClaimStatus, ClaimValue, Doc, EntityKind, Options};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use tidings_model::{independent_sources, Article, ArticleIdx, Citation};

/// Relative slack for exact values: rounding and unit conversions ("37mph (59 km/h)").
pub const EXACT_TOLERANCE: f64 = 0.03;
/// At most this many facts of one key are aligned per story.
pub const MAX_FACTS_PER_KEY: usize = 120;
/// At most this many distinct values are listed for one claim.
pub const MAX_VALUES_PER_CLAIM: usize = 6;

#[derive(Debug, Clone)]
enum Val {
    Num { lo: f64, hi: f64 },
    When { date: Option<NaiveDate>, weekdays: u8, month_day: Option<(u32, u32)> },
    Place { ent: usize },
    Person { ent: usize },
}

#[derive(Debug, Clone)]
struct Fact {
    key: String,
    about: String,
    exclusive: bool,
    /// Counts may evolve over time (a death toll); measures and events do not.
    count: bool,
    val: Val,
    display: String,
    doc: usize,
    sent: usize,
    holder: Option<String>,
    words: Vec<u64>,
    /// Places named in the sentence: counts in different places are different counts.
    places: Vec<usize>,
    /// The day the sentence names, if any: counts on different days are different counts.
    day: Option<Val>,
    /// Where a departure left from, when the sentence says.
    origin: Option<usize>,
}

fn compatible(a: &Val, b: &Val, ents: &Entities) -> bool {
    match (a, b) {
        (Val::Num { lo: l1, hi: h1 }, Val::Num { lo: l2, hi: h2 }) => {
            let l1 = l1 * (1.0 - EXACT_TOLERANCE);
            let h1 = h1 * (1.0 + EXACT_TOLERANCE);
            let l2 = l2 * (1.0 - EXACT_TOLERANCE);
            let h2 = h2 * (1.0 + EXACT_TOLERANCE);
            l1 <= h2 && l2 <= h1
        }
        (Val::When { date: d1, weekdays: w1, month_day: m1 }, Val::When { date: d2, weekdays: w2, month_day: m2 }) => {
            if let (Some(x), Some(y)) = (d1, d2) {
                return x == y;
            }
            if let (Some(x), Some(y)) = (m1, m2) {
                return x == y;
            }
            if *w1 != 0 && *w2 != 0 {
                return w1 & w2 != 0;
            }
            // One side has no comparable day: not enough to call a conflict.
            true
        }
        (Val::Place { ent: x }, Val::Place { ent: y }) => x == y || ents.coarse[*x] || ents.coarse[*y],
        (Val::Person { ent: x }, Val::Person { ent: y }) => x == y,
        _ => true,
    }
}

fn same_value(a: &Val, b: &Val, ents: &Entities) -> bool {
    match (a, b) {
        (Val::Place { ent: x }, Val::Place { ent: y }) | (Val::Person { ent: x }, Val::Person { ent: y }) => x == y,
        (Val::When { .. }, Val::When { .. }) => {
            compatible(a, b, ents)
                && !matches!(
                    (a, b),
                    (Val::When { weekdays: 0, month_day: None, .. }, _) | (_, Val::When { weekdays: 0, month_day: None, .. })
                )
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Quantities

/// Counted nouns that mean the same thing, mapped to one name.
fn canonical_noun(w: &str) -> String {
    let s = singular(w);
    let c = match s.as_str() {
        "wagon" | "car" | "coach" | "railcar" | "carriage" => "carriage",
        "person" | "people" | "individual" => "people",
        "household" | "home" | "house" => "home",
        "troop" | "soldier" | "serviceman" | "servicemen" => "soldier",
        "fatality" | "death" | "dead" => "death",
        "injury" | "injured" | "wounded" => "injured",
        "child" | "children" => "child",
        other => return other.to_string(),
    };
    c.to_string()
}

fn singular(w: &str) -> String {
    if w == "people" || w == "children" || w == "police" || w.ends_with("ss") {
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

/// Units: (measure, factor to the measure's base unit, base unit name).
fn unit(w: &str) -> Option<(&'static str, f64, &'static str)> {
    Some(match w {
        "mph" => ("speed", 1.609_344, "km/h"),
        "km/h" | "kph" | "kmh" | "kmph" => ("speed", 1.0, "km/h"),
        "knots" | "knot" => ("speed", 1.852, "km/h"),
        "km" | "kilometres" | "kilometers" | "kilometre" | "kilometer" => ("distance", 1.0, "km"),
        "miles" | "mile" | "mi" => ("distance", 1.609_344, "km"),
        "metres" | "meters" | "metre" | "meter" => ("distance", 0.001, "km"),
        "feet" | "ft" | "foot" => ("distance", 0.000_304_8, "km"),
        "seconds" | "second" => ("duration", 1.0 / 3600.0, "hours"),
        "minutes" | "minute" | "mins" => ("duration", 1.0 / 60.0, "hours"),
        "hours" | "hour" | "hrs" => ("duration", 1.0, "hours"),
        "days" | "day" => ("duration", 24.0, "hours"),
        "weeks" | "week" => ("duration", 168.0, "hours"),
        "months" | "month" => ("duration", 730.5, "hours"),
        "years" | "year" => ("duration", 8766.0, "hours"),
        "decades" | "decade" => ("duration", 87660.0, "hours"),
        "percent" | "%" => ("percentage", 1.0, "%"),
        "tonnes" | "tons" | "tonne" | "ton" => ("weight", 1.0, "t"),
        "kg" | "kilograms" | "kilogrammes" => ("weight", 0.001, "t"),
        _ => return None,
    })
}

fn currency(sym: &str) -> Option<&'static str> {
    Some(match sym {
        "$" | "dollars" | "dollar" | "usd" => "USD",
        "€" | "euros" | "euro" | "eur" => "EUR",
        "£" | "pounds" | "gbp" => "GBP",
        "¥" | "yen" => "JPY",
        "won" => "KRW",
        "rubles" | "roubles" | "ruble" | "rouble" => "RUB",
        "yuan" => "CNY",
        _ => return None,
    })
}

const CASUALTY: &[(&str, &str)] = &[
    ("killed", "people killed"),
    ("killing", "people killed"),
    ("kills", "people killed"),
    ("die", "people killed"),
    ("toll", "people killed"),
    ("dead", "people killed"),
    ("died", "people killed"),
    ("deaths", "people killed"),
    ("death", "people killed"),
    ("fatalities", "people killed"),
    ("injured", "people injured"),
    ("wounded", "people injured"),
    ("hurt", "people injured"),
    ("injuries", "people injured"),
    ("missing", "people missing"),
    ("arrested", "people arrested"),
    ("detained", "people arrested"),
    ("evacuated", "people evacuated"),
    ("displaced", "people displaced"),
    ("rescued", "people rescued"),
];

const PEOPLE_NOUNS: &[&str] = &[
    "people",
    "soldier",
    "civilian",
    "child",
    "resident",
    "passenger",
    "worker",
    "migrant",
    "student",
    "protester",
    "victim",
    "fighter",
    "officer",
    "patient",
    "prisoner",
    "hostage",
    "refugee",
    "person",
    "tourist",
    "miner",
    "journalist",
    "adult",
    "woman",
    "man",
    "men",
    "women",
];

/// Nouns whose small counts say nothing checkable ("two countries", "both sides").
const GENERIC_NOUNS: &[&str] = &[
    "time",
    "way",
    "thing",
    "side",
    "part",
    "country",
    "nation",
    "leader",
    "president",
    "other",
    "one",
    "reason",
    "issue",
    "option",
    "point",
    "step",
    "world",
    "term",
    "round",
    "occasion",
    "party",
    "state",
    "source",
];

const HAVE_VERBS: &[&str] = &[
    "include",
    "includes",
    "included",
    "including",
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
    "with",
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

/// Words between a measured noun and its measure: "winds **of up to** 207 km/h".
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
    "speeds",
    "speed",
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
];

fn hedge(d: &Doc, s0: usize, i: usize) -> (usize, f64, f64) {
    let w = |k: usize| d.low(k);
    let two = if i >= s0 + 2 { format!("{} {}", w(i - 2), w(i - 1)) } else { String::new() };
    let one = if i > s0 { w(i - 1) } else { "" };
    match two.as_str() {
        "at least" | "more than" | "upwards of" | "in excess of" => return (i - 2, 1.0, 1.5),
        "up to" | "as many" | "fewer than" | "less than" | "no more" => return (i - 2, 0.67, 1.0),
        "close to" => return (i - 2, 0.85, 1.0),
        "an estimated" => return (i - 2, 0.85, 1.15),
        _ => {}
    }
    match one {
        "about" | "around" | "approximately" | "roughly" | "some" | "estimated" | "approx" | "circa" => (i - 1, 0.85, 1.15),
        "nearly" | "almost" => (i - 1, 0.85, 1.0),
        "over" | "above" | "exceeding" => (i - 1, 1.0, 1.5),
        "under" | "below" => (i - 1, 0.67, 1.0),
        _ => (i, 1.0, 1.0),
    }
}

fn parse_num(s: &str) -> Option<f64> {
    s.replace(',', "").parse::<f64>().ok()
}

fn in_dates(x: &[DateExpr], i: usize) -> bool {
    x.iter().any(|e| e.t0 <= i && i < e.t1)
}

#[allow(clippy::too_many_arguments)]
fn quantities(d: &Doc, di: usize, si: usize, dates: &[DateExpr], out: &mut Vec<Fact>) {
    let s = &d.sents[si];
    let (s0, s1) = (s.t0, s.t1);
    let w = |k: usize| d.low(k);
    let words_cell = std::cell::OnceCell::new();
    let words = || words_cell.get_or_init(|| content_words(d, s0, s1)).clone();
    let mut i = s0;
    while i < s1 {
        let t = d.toks[i];
        let lw = w(i);
        let mut value = match t.kind {
            Kind::Num => parse_num(d.tok(i).trim_end_matches(|c: char| c.is_alphabetic())),
            // Number words in lowercase, or capitalised at the start of a sentence ("Three people died").
            Kind::Word if i == s0 || d.tok(i).chars().next().is_some_and(|c| c.is_lowercase()) => {
                number_word(lw).or_else(|| {
                    // "twenty-five"
                    let (tens, units) = lw.split_once('-')?;
                    let (t, u) = (number_word(tens)?, number_word(units)?);
                    (t >= 20.0 && t % 10.0 == 0.0 && u < 10.0).then_some(t + u)
                })
            }
            _ => None,
        };
        // Ordinals ("6th"), years and parts of dates are not quantities.
        if t.kind == Kind::Num && d.tok(i).ends_with(|c: char| c.is_alphabetic()) || in_dates(dates, i) {
            value = None;
        }
        // A number right after a name is part of it: "S&P 500", "Boeing 737", "Windows 11".
        let after_name = i > s0 + 1
            && d.toks[i - 1].kind == Kind::Word
            && d.tok(i - 1).starts_with(char::is_uppercase)
            && !STOPWORDS.contains(d.low(i - 1))
            && crate::lexicon::month(d.tok(i - 1)).is_none();
        if i > s0 && (d.tok(i - 1) == "&" || after_name) {
            value = None;
        }
        let Some(mut v) = value else {
            i += 1;
            continue;
        };
        let (hstart, mut lo_f, mut hi_f) = hedge(d, s0, i);
        // "dozens", "hundreds", "thousands" are ranges, not numbers.
        match lw {
            "dozens" => (lo_f, hi_f) = (1.0, 99.0 / 24.0),
            "hundreds" => (lo_f, hi_f) = (1.0, 999.0 / 200.0),
            "thousands" => (lo_f, hi_f) = (1.0, 9999.0 / 2000.0),
            _ => {}
        }
        let mut money = None;
        if i > s0 {
            money = currency(d.tok(i - 1));
        }
        let mut j = i + 1;
        // "20-year-old", "five-year": compound modifiers are not counts.
        if j < s1 && d.tok(j) == "-" {
            i = j;
            continue;
        }
        if j < s1 {
            if let Some(sc) = scale_word(w(j)) {
                v *= sc;
                j += 1;
            }
        }
        if j < s1 && money.is_none() {
            money = currency(w(j));
            if money.is_some() {
                j += 1;
            }
        }
        let mut key = String::new();
        let mut about = String::new();
        let mut count = false;
        let mut base = v;
        // "three out of nine trips"
        let mut frac_den = None;
        if j + 2 < s1 && w(j) == "out" && w(j + 1) == "of" {
            let den = if d.toks[j + 2].kind == Kind::Num { parse_num(d.tok(j + 2)) } else { number_word(w(j + 2)) };
            if let Some(den) = den {
                frac_den = Some(den);
                j += 3;
            }
        }
        if let Some(cur) = money {
            key = format!("money:{cur}");
            about = format!("amount ({cur})");
        } else if j < s1 {
            // Unit: "37mph", "59 km/h", "20 hours", "per cent".
            let mut uw = w(j);
            let mut ulen = 1;
            if uw == "km" && j + 2 < s1 && d.tok(j + 1) == "/" && w(j + 2) == "h" {
                uw = "km/h";
                ulen = 3;
            } else if (uw == "miles" || uw == "kilometres" || uw == "kilometers") && j + 2 < s1 && w(j + 1) == "per" && w(j + 2) == "hour" {
                uw = if uw == "miles" { "mph" } else { "km/h" };
                ulen = 3;
            } else if uw == "per" && j + 1 < s1 && w(j + 1) == "cent" {
                uw = "percent";
                ulen = 2;
            }
            if let Some((measure, factor, base_unit)) = unit(uw) {
                base = v * factor;
                key = format!("measure:{measure}");
                // Durations are compared in hours but read in any unit: no unit in the name.
                about = if measure == "duration" { measure.to_string() } else { format!("{measure} ({base_unit})") };
                j += ulen;
            }
        }
        if key.is_empty() {
            // "dozens of people", "thousands of homes"
            if matches!(lw, "dozens" | "hundreds" | "thousands" | "millions") && j < s1 && w(j) == "of" {
                j += 1;
            }
            // Counted noun: up to three modifiers, then the noun before a function word or punctuation.
            let mut k = j;
            let mut cand: Vec<usize> = Vec::new();
            while k < s1 && cand.len() < 4 && d.toks[k].kind == Kind::Word {
                let x = w(k);
                if STOPWORDS.contains(x) || d.tok(k).chars().next().is_some_and(|c| c.is_uppercase()) {
                    break;
                }
                // "people killed": a participle after the noun ends the noun phrase.
                if !cand.is_empty() && (x.ends_with("ed") || x.ends_with("ing")) {
                    break;
                }
                // "two nations plan to": the plural noun ends the phrase before a verb.
                if cand.last().is_some_and(|&c| {
                    let p = w(c);
                    p.ends_with('s') && !p.ends_with("ss") && !p.ends_with("is") && !p.ends_with("us")
                }) {
                    break;
                }
                cand.push(k);
                k += 1;
            }
            let Some(&nk) = cand.last() else {
                // "killed 12", "death toll rose to 40"
                // Only right after the casualty word: "killed 12", "toll rose to 40", "toll of 40".
                let mut b = hstart;
                while b > s0
                    && matches!(
                        w(b - 1),
                        "to" | "of" | "at" | "rose" | "climbed" | "reached" | "stood" | "stands" | "is" | "was" | "now" | "has"
                    )
                {
                    b -= 1;
                }
                let before: Vec<&str> = (b.saturating_sub(1).max(s0)..b).map(w).collect();
                if let Some((_, k)) = CASUALTY.iter().find(|(c, _)| before.iter().any(|b| b == c)) {
                    if v >= 1.0 && frac_den.is_none() {
                        out.push(Fact {
                            key: format!("count:{k}"),
                            about: k.to_string(),
                            exclusive: true,
                            count: true,
                            val: Val::Num { lo: v * lo_f, hi: v * hi_f },
                            display: d.art.text[d.toks[hstart].start..d.toks[i].end].to_string(),
                            doc: di,
                            sent: si,
                            holder: None,
                            words: words(),
                            places: Vec::new(),
                            day: None,
                            origin: None,
                        });
                    }
                }
                i = j.max(i + 1);
                continue;
            };
            let noun = w(nk);
            let canon = canonical_noun(noun);
            // "500 rose", "12 gained": a verb, not a counted noun.
            if canon.len() < 3
                || noun.ends_with("ed")
                || GENERIC_NOUNS.contains(&canon.as_str()) && v <= 3.0
                || v == 1.0 && frac_den.is_none()
            {
                i = k.max(i + 1);
                continue;
            }
            j = nk + 1;
            count = true;
            if PEOPLE_NOUNS.contains(&canon.as_str()) {
                // A casualty word nearby says what happened to them.
                let near: Vec<&str> = (i.saturating_sub(4).max(s0)..(j + 3).min(s1)).map(w).collect();
                if let Some((_, k)) = CASUALTY.iter().find(|(c, _)| near.iter().any(|b| b == c)) {
                    key = format!("count:{k}");
                    about = k.to_string();
                }
            }
            if key.is_empty() {
                let plural = if noun.ends_with('s') || canon == "people" { noun.to_string() } else { format!("{noun}s") };
                key = format!("count:{canon}");
                about = format!("number of {plural}");
                if let Some(den) = frac_den {
                    key = format!("share:{canon}:{den}");
                    about = format!("{plural} out of {den}");
                }
            }
        }
        // A count placed right after ("Three people died in France", "12 killed in Kyiv") counts
        // only there: it is a different claim from the story's total.
        if key.starts_with("count:people ") {
            let mut k = j;
            while k < s1 && k < j + 4 && !matches!(w(k), "in" | "across") && d.toks[k].kind == Kind::Word {
                k += 1;
            }
            // Or a sentence that opens with it: "In Lyon, 30 people were injured."
            if !(k + 1 < s1 && matches!(w(k), "in" | "across")) && matches!(w(s0), "in" | "across") && s0 + 1 < hstart {
                k = s0;
            }
            if k + 1 < s1 && matches!(w(k), "in" | "across") && d.tok(k + 1).chars().next().is_some_and(|c| c.is_uppercase()) {
                let mut e = k + 1;
                while e < s1 && d.tok(e).chars().next().is_some_and(|c| c.is_uppercase()) && d.toks[e].kind == Kind::Word {
                    e += 1;
                }
                let place = &d.art.text[d.toks[k + 1].start..d.toks[e - 1].end];
                if GAZETTEER.places.contains_key(&place.to_lowercase()) || e - k - 1 <= 2 {
                    key = format!("{key}:in:{}", place.to_lowercase());
                    about = format!("{about} in {place}");
                }
            }
        }
        // Holder: "Mr. Kim's train is rumored to include ...", "This train consists of ...".
        let mut holder = None;
        let mut h = hstart;
        let mut steps = 0;
        while h > s0 && steps < 8 {
            h -= 1;
            steps += 1;
            let x = w(h);
            if matches!(x, "," | ";" | "." | ":") {
                break;
            }
            if HAVE_VERBS.contains(&x) {
                let mut b = h;
                while b > s0 && (SKIP_BEFORE_HAVE.contains(&w(b - 1)) || w(b - 1).ends_with("ly")) {
                    b -= 1;
                }
                if b > s0 && d.toks[b - 1].kind == Kind::Word {
                    let n = w(b - 1);
                    if !STOPWORDS.contains(n) && d.tok(b - 1).chars().next().is_some_and(|c| c.is_lowercase()) {
                        holder = Some(singular(n));
                    }
                }
                break;
            }
        }
        // What a measure measures: "winds of up to 207 km/h", "Gusts reached 129 mph", "travel at 37mph".
        if holder.is_none() && key.starts_with("measure:") {
            let mut b = hstart;
            let mut steps = 0;
            while b > s0 && steps < 4 {
                b -= 1;
                steps += 1;
                let x = w(b);
                if d.toks[b].kind != Kind::Word {
                    break;
                }
                if MEASURE_SKIP.contains(&x) || x.ends_with("ly") {
                    continue;
                }
                if !STOPWORDS.contains(x) {
                    holder = Some(singular(x));
                }
                break;
            }
        }
        if let (Some(hd), true) = (&holder, key.starts_with("measure:")) {
            // "speed of wind (km/h)", "duration of journey"
            about = match about.split_once(" (") {
                Some((m, unit)) => format!("{m} of {hd} ({unit}"),
                None => format!("{about} of {hd}"),
            };
        }
        if let (Some(hd), true) = (&holder, key.starts_with("count:") && !about.starts_with("people")) {
            let noun_part = about.trim_start_matches("number of ").to_string();
            about = format!("{hd} size ({noun_part})");
        }
        // A conversion in parentheses restates the same value: "37mph (59 km/h)".
        let mut end = j;
        if j + 2 < s1 && d.tok(j) == "(" && d.toks[j + 1].kind == Kind::Num {
            if let Some(close) = (j + 2..s1.min(j + 6)).find(|&k| d.tok(k) == ")") {
                end = close + 1;
            }
        }
        let display = d.art.text[d.toks[hstart].start..d.toks[end - 1].end].to_string();
        // Context words leave out the value itself and the holder, so "Samsung shares rose 5 percent"
        // and "Hyundai shares rose 3 percent" share only "shares".
        let mut ctx = words();
        let own = content_words(d, hstart, end);
        let holder_stem = holder.as_deref().map(stem);
        ctx.retain(|x| !own.contains(x) && Some(*x) != holder_stem);
        out.push(Fact {
            key,
            about,
            exclusive: true,
            count,
            val: Val::Num { lo: base * lo_f, hi: base * hi_f },
            display,
            doc: di,
            sent: si,
            holder,
            words: ctx,
            places: Vec::new(),
            day: None,
            origin: None,
        });
        i = end.max(i + 1);
    }
}

// ---------------------------------------------------------------------------------------------
// Events

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ev {
    Depart,
    Arrive,
    Meet,
    Announce,
    Head,
    Sign,
    Visit,
    Attack,
    Die,
    Resign,
    Launch,
}

impl Ev {
    fn past(self) -> &'static str {
        match self {
            Ev::Depart => "departed",
            Ev::Arrive => "arrived",
            Ev::Meet => "met",
            Ev::Announce => "announced",
            Ev::Head => "headed",
            Ev::Sign => "signed",
            Ev::Visit => "visited",
            Ev::Attack => "attacked",
            Ev::Die => "died",
            Ev::Resign => "resigned",
            Ev::Launch => "launched",
        }
    }
    fn base(self) -> &'static str {
        match self {
            Ev::Depart => "depart",
            Ev::Arrive => "arrive",
            Ev::Meet => "meet",
            Ev::Announce => "announce",
            Ev::Head => "head",
            Ev::Sign => "sign",
            Ev::Visit => "visit",
            Ev::Attack => "attack",
            Ev::Die => "die",
            Ev::Resign => "resign",
            Ev::Launch => "launch",
        }
    }
}

fn event_at(d: &Doc, k: usize, s1: usize) -> Option<Ev> {
    let w = d.low(k);
    let next_is = |words: &[&str], within: usize| (k + 1..(k + 1 + within).min(s1)).any(|j| words.contains(&d.low(j)));
    Some(match w {
        "departed" | "depart" | "departs" | "departing" | "departure" | "set" if w != "set" || next_is(&["off", "out"], 1) => Ev::Depart,
        "left" | "leaves" | "leave" | "leaving" => {
            let next = if k + 1 < s1 { d.tok(k + 1) } else { "" };
            if next.chars().next().is_some_and(|c| c.is_uppercase()) || matches!(next, "for" | "from" | "aboard" | "on" | "the" | "home") {
                Ev::Depart
            } else {
                return None;
            }
        }
        "commenced" | "began" | "started" | "embarked" | "begun" | "starts" | "began,"
            if next_is(&["journey", "trip", "travel", "voyage", "tour"], 4) =>
        {
            Ev::Depart
        }
        "arrived" | "arrive" | "arrives" | "arriving" | "arrival" | "disembarked" | "landed" | "crossed" => Ev::Arrive,
        // "reached Vladivostok", not "reached 129 mph"
        "reached" if k + 1 < s1 && d.tok(k + 1).chars().next().is_some_and(|c| c.is_uppercase()) => Ev::Arrive,
        "met" | "meet" | "meets" | "meeting" | "summit" | "greeted" | "hosted" => Ev::Meet,
        "held" | "hold" | "holds" | "holding" if next_is(&["talks", "discussions", "meeting", "summit", "meetings"], 3) => Ev::Meet,
        "announced" | "announces" | "announce" | "announcement" | "unveiled" | "declared" => Ev::Announce,
        "headed" | "heading" | "heads" | "bound" | "destination" | "route" => Ev::Head,
        "moving" | "travelling" | "traveling" | "travel" | "travels" | "travelled" | "traveled"
            if next_is(&["toward", "towards", "to"], 2) =>
        {
            Ev::Head
        }
        "signed" | "sign" | "signs" | "signing" => Ev::Sign,
        "visited" | "visits" | "visiting" => Ev::Visit,
        "attacked" | "struck" | "bombed" | "shelled" => Ev::Attack,
        "died" | "dies" => Ev::Die,
        "resigned" | "resigns" | "quit" => Ev::Resign,
        "launched" | "fired" => Ev::Launch,
        _ => return None,
    })
}

fn boundary(w: &str) -> bool {
    matches!(w, "," | ";" | "that" | ":" | "—" | "–" | "(" | ")" | "while" | "but" | "which" | "whereas")
}

/// True when no clause boundary lies between token `a` and token `b`.
fn same_clause(d: &Doc, a: usize, b: usize) -> bool {
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    !(x + 1..y).any(|k| boundary(d.tok(k)))
}

const FUTURE: &[&str] = &[
    "will",
    "'ll",
    "expected",
    "expects",
    "scheduled",
    "due",
    "plans",
    "planned",
    "planning",
    "could",
    "may",
    "might",
    "anticipate",
    "anticipated",
    "upcoming",
    "forthcoming",
    "likely",
    "possible",
    "potential",
    "would",
    "suggested",
    "estimates",
    "estimated",
    "seems",
    "rumored",
    "rumoured",
];

fn speculative(d: &Doc, s0: usize, s1: usize, k: usize) -> bool {
    let mut a = k;
    while a > s0 && !boundary(d.tok(a - 1)) {
        a -= 1;
    }
    let mut b = k;
    while b < s1 && !boundary(d.tok(b)) {
        b += 1;
    }
    (a..b).any(|i| FUTURE.contains(&d.low(i)))
}

#[allow(clippy::too_many_arguments)]
fn events(
    d: &Doc,
    di: usize,
    si: usize,
    ments: &[Ment],
    ents: &Entities,
    dates: &[DateExpr],
    last_person: Option<usize>,
    protagonist: Option<usize>,
    prev_place: Option<usize>,
    out: &mut Vec<Fact>,
) {
    let s = &d.sents[si];
    let (s0, s1) = (s.t0, s.t1);
    let words_cell = std::cell::OnceCell::new();
    let words = || words_cell.get_or_init(|| content_words(d, s0, s1)).clone();
    let mut seen: Vec<Ev> = Vec::new();
    for k in s0..s1 {
        if d.toks[k].kind != Kind::Word {
            continue;
        }
        if ments.iter().any(|m| m.t0 <= k && k < m.t1) {
            continue;
        }
        let Some(ev) = event_at(d, k, s1) else {
            continue;
        };
        if seen.contains(&ev) {
            continue;
        }
        seen.push(ev);
        // Subject: the nearest person or organisation before the verb (a person for meetings), or
        // "he"/"she" for the last person. The scan stops at "that": in "Peskov indicated that the
        // meeting would take place", Peskov reports the meeting but is not its subject.
        let mut subject = None;
        let mut b = k;
        while b > s0 {
            b -= 1;
            if matches!(d.low(b), "that" | "whether") {
                break;
            }
            if let Some(m) = ments.iter().find(|m| m.t0 <= b && b < m.t1) {
                let kind = ents.kind(m.ent);
                if kind == EntityKind::Person || kind == EntityKind::Organization && ev != Ev::Meet {
                    subject = Some(m.ent);
                    break;
                }
                b = m.t0;
                continue;
            }
            if matches!(d.low(b), "he" | "she" | "his" | "her") {
                subject = last_person;
                break;
            }
        }
        // "the destination is Vladivostok", "the meeting could occur on Tuesday": a trip without a
        // named traveller is the story's protagonist's (its most reported person).
        if subject.is_none() && matches!(ev, Ev::Head | Ev::Meet) {
            subject = protagonist.or(last_person);
        }
        let Some(subj) = subject else { continue };
        let spec = speculative(d, s0, s1, k);
        let sname = ents.name(subj).to_string();
        let tag = if spec { " (expected)" } else { "" };
        // Date: the nearest date expression in the same clause, with a day in it.
        let date = dates
            .iter()
            .filter(|x| same_clause(d, k, if x.t0 > k { x.t0 } else { x.t1 - 1 }))
            .filter(|x| x.weekdays != 0 || x.month_day.is_some() || x.date.is_some() && x.precision == Precision::Day)
            .min_by_key(|x| (x.t0 as i64 - k as i64).abs());
        let mut when_idx = None;
        if let Some(x) = date {
            // An arrival or a visit happens once per place, a meeting once per partner, but
            // announcements come every day: their dates can agree but never conflict.
            let qualifier = match ev {
                Ev::Arrive | Ev::Visit | Ev::Attack => ments
                    .iter()
                    .find(|m| m.t0 > k && ents.kind(m.ent) == EntityKind::Place && !ents.coarse[m.ent] && same_clause(d, k, m.t0))
                    .map(|m| format!(" in {}", ents.name(m.ent))),
                Ev::Meet => ments
                    .iter()
                    .find(|m| m.ent != subj && ents.kind(m.ent) == EntityKind::Person && same_clause(d, k, m.t0))
                    .map(|m| format!(" with {}", ents.name(m.ent)))
                    .or_else(|| {
                        ments
                            .iter()
                            .find(|m| m.t0 > k && ents.kind(m.ent) == EntityKind::Place && !ents.coarse[m.ent] && same_clause(d, k, m.t0))
                            .map(|m| format!(" in {}", ents.name(m.ent)))
                    }),
                _ => None,
            }
            .unwrap_or_default();
            if !matches!(ev, Ev::Head) {
                when_idx = Some(out.len());
                let phrase = x.phrase.trim_start_matches("on ").trim_start_matches("On ");
                // A resolved weekday says which day it is: "Sunday (2023-09-10)".
                let display = match x.date {
                    Some(dt) if x.precision == Precision::Day && x.month_day.is_none() => {
                        format!("{phrase} ({dt})")
                    }
                    _ => phrase.to_string(),
                };
                let about = if spec {
                    format!("expected date {} {}s{qualifier}", sname, ev.base())
                } else {
                    format!("date {} {}{qualifier}", sname, ev.past())
                };
                out.push(Fact {
                    key: format!("when:{}:{subj}{tag}{qualifier}", ev.base()),
                    about,
                    exclusive: ev != Ev::Announce,
                    count: false,
                    val: Val::When { date: x.date.filter(|_| x.precision == Precision::Day), weekdays: x.weekdays, month_day: x.month_day },
                    display,
                    doc: di,
                    sent: si,
                    holder: None,
                    words: words(),
                    places: Vec::new(),
                    day: None,
                    origin: None,
                });
            }
        }
        // Place: a place after the verb in the same clause, introduced by a preposition that fits the event.
        let mut places: Vec<(usize, bool)> = Vec::new(); // (entity, is_origin)
        for m in ments.iter().filter(|m| m.t0 > k && ents.kind(m.ent) == EntityKind::Place) {
            // Same clause, or right after one comma ("headed, reportedly, to X" is rare; "bound, for X" is not).
            let after_comma = m.t0 == k + 2 && d.tok(m.t0 - 1) == ",";
            if m.t0 > k + 14 || !(same_clause(d, k, m.t0) || after_comma) {
                break;
            }
            let prev: Vec<&str> = (m.t0.saturating_sub(4).max(k + 1)..m.t0).map(|j| d.low(j)).collect();
            let negated = prev.iter().any(|x| matches!(*x, "away" | "rather" | "instead" | "not" | "than"));
            if negated {
                continue;
            }
            // "the border station of Khasan", "the Khasan train station"
            let prep = prev
                .iter()
                .rev()
                .find(|x| matches!(**x, "in" | "at" | "to" | "toward" | "towards" | "into" | "from" | "for" | "is" | "of" | "near"));
            let direct = m.t0 == k + 1 && matches!(ev, Ev::Depart | Ev::Visit | Ev::Attack);
            let Some(prep) = prep.copied().or(direct.then_some("")) else {
                continue;
            };
            let is_origin = prep == "from" || prep.is_empty() && ev == Ev::Depart;
            places.push((m.ent, is_origin));
        }
        // "The Vostochny Cosmodrome ... has been suggested as the possible meeting place": a place that
        // opens the sentence is the place of a meeting (or destination, venue) named later in it.
        // "There, he was greeted by Alexander Kozlov": the place of the sentence before.
        if places.is_empty() && ev == Ev::Meet && d.low(s0) == "there" && s0 + 1 < s1 && d.tok(s0 + 1) == "," {
            if let Some(p) = prev_place {
                places.push((p, false));
            }
        }
        if places.is_empty() && matches!(ev, Ev::Meet | Ev::Head) {
            let noun_place = k + 1 < s1 && matches!(d.low(k + 1), "place" | "venue" | "location") || d.low(k) == "destination";
            if let Some(m) = ments.iter().find(|m| m.t0 <= s0 + 1 && m.t0 < k && ents.kind(m.ent) == EntityKind::Place) {
                if noun_place {
                    places.push((m.ent, false));
                }
            }
        }
        // Prefer a fine place: "at the Khasan station in Russia's far east" is about Khasan.
        let pick = |origin: bool| -> Option<usize> {
            let c: Vec<usize> = places.iter().filter(|p| p.1 == origin).map(|p| p.0).collect();
            c.iter().copied().find(|&e| !ents.coarse[e]).or(c.first().copied())
        };
        if let (Some(i), Ev::Depart) = (when_idx, ev) {
            out[i].origin = pick(true);
        }
        let mut place_facts: Vec<(Ev, bool, usize)> = Vec::new();
        match ev {
            Ev::Depart => {
                if let Some(p) = pick(true) {
                    place_facts.push((Ev::Depart, true, p));
                }
                if let Some(p) = pick(false) {
                    place_facts.push((Ev::Head, false, p));
                }
            }
            Ev::Arrive | Ev::Meet | Ev::Head | Ev::Visit | Ev::Attack | Ev::Sign | Ev::Die => {
                if let Some(p) = pick(false) {
                    place_facts.push((ev, false, p));
                }
            }
            _ => {}
        }
        for (pev, origin, p) in place_facts {
            if p == subj {
                continue;
            }
            let (key, about, exclusive) = match (pev, origin) {
                (Ev::Depart, true) => (format!("from:{subj}"), format!("where {sname} departed from"), true),
                (Ev::Head, _) => (format!("to:{subj}"), format!("expected destination or meeting place of {sname}"), true),
                // Where a trip is expected to lead and where its meeting is expected are one question.
                (Ev::Meet, _) if spec => (format!("to:{subj}"), format!("expected destination or meeting place of {sname}"), true),
                // "met Scholz in Berlin" and "met Macron in Paris" are two meetings.
                (Ev::Meet, _) => {
                    let partner = ments
                        .iter()
                        .find(|m| m.t0 > k && m.ent != subj && ents.kind(m.ent) == EntityKind::Person && same_clause(d, k, m.t0))
                        .map(|m| m.ent);
                    match partner {
                        Some(pe) => (format!("where:meet:{subj}:{pe}"), format!("where {sname} met {}", ents.name(pe)), true),
                        None => (format!("where:meet:{subj}"), format!("where {sname} met"), true),
                    }
                }
                // Arrivals, visits and attacks can have several true places.
                (e, _) => (
                    format!("where:{}:{subj}{tag}", e.base()),
                    if spec { format!("where {sname} is expected to {}", e.base()) } else { format!("where {sname} {}", e.past()) },
                    false,
                ),
            };
            out.push(Fact {
                key,
                about,
                exclusive,
                count: false,
                val: Val::Place { ent: p },
                display: ents.name(p).to_string(),
                doc: di,
                sent: si,
                holder: None,
                words: words(),
                places: Vec::new(),
                day: None,
                origin: None,
            });
        }
        // Participant: "held discussions with Alexander Kozlov", "greeted by Alexander Kozlov", "met Putin".
        if ev == Ev::Meet {
            let partner = ments.iter().find(|m| {
                m.t0 > k
                    && m.t0 <= k + 6
                    && m.ent != subj
                    && ents.kind(m.ent) == EntityKind::Person
                    && same_clause(d, k, m.t0)
                    && (m.t0 == k + 1 || (k + 1..m.t0).any(|j| matches!(d.low(j), "with" | "by")))
            });
            if let Some(m) = partner {
                let (a, b) = if subj < m.ent { (subj, m.ent) } else { (m.ent, subj) };
                let about = if spec { format!("{} expected to meet", ents.name(a)) } else { format!("{} met", ents.name(a)) };
                out.push(Fact {
                    key: format!("met:{a}:{b}{tag}"),
                    about,
                    exclusive: false,
                    count: false,
                    val: Val::Person { ent: b },
                    display: ents.name(b).to_string(),
                    doc: di,
                    sent: si,
                    holder: None,
                    words: words(),
                    places: Vec::new(),
                    day: None,
                    origin: None,
                });
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Alignment

struct Uf(Vec<usize>);
impl Uf {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let n = self.0[y];
            self.0[y] = r;
            y = n;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// Whether two facts with the same key are about the same thing.
fn same_subject(a: &Fact, b: &Fact, ents: &Entities) -> bool {
    let quantity = ["count:", "measure:", "money:", "share:"].iter().any(|p| a.key.starts_with(p));
    if !quantity {
        // Departures from different places are different departures (the trip out, the trip back).
        if let (Some(x), Some(y)) = (a.origin, b.origin) {
            return x == y;
        }
        // Where-claims on different days are different trips; for when-claims the day is the value.
        if !a.key.starts_with("when:") {
            if let (Some(x), Some(y)) = (&a.day, &b.day) {
                return compatible(x, y, ents);
            }
        }
        return true;
    }
    // Counts in different places are different counts ("12 killed in Kyiv", "3 killed in Kharkiv").
    if !a.places.is_empty() && !b.places.is_empty() && !a.places.iter().any(|p| b.places.contains(p)) {
        return false;
    }
    // So are counts on different days ("1.2 million homes without power on Thursday", "800,000 on Friday").
    if let (Some(x), Some(y)) = (&a.day, &b.day) {
        if !compatible(x, y, ents) {
            return false;
        }
    }
    let (shared, ratio) = overlap(&a.words, &b.words);
    let weak = WEAK_COUNT_NOUNS.iter().any(|n| a.key.strip_prefix("count:") == Some(n));
    match (&a.holder, &b.holder) {
        (Some(x), Some(y)) if x != y => return false,
        // Same holder: "Mr. Kim's train has 20 carriages" / "This train consists of 90 wagons".
        // A measure needs more: "shares rose 5%" and "shares rose 3%" may be two companies.
        (Some(_), Some(_)) => return !a.key.starts_with("measure:") && !weak || shared >= 3,
        (Some(h), None) | (None, Some(h)) => {
            let other = if a.holder.is_some() { b } else { a };
            return other.words.contains(&stem(h)) && shared >= 1 && (!weak || shared >= 2);
        }
        (None, None) => {}
    }
    // A specific counted noun ("firefighters", "carriages") is one set in one story; when one article
    // counts two sets, the group is dropped as ambiguous. Generic ones ("people") need context.
    if (a.key.starts_with("count:") || a.key.starts_with("share:")) && !weak {
        return true;
    }
    shared >= 3 && ratio >= 0.3
}

/// Counted nouns too generic to align on their own: "100 people attended", "5,000 people marched".
const WEAK_COUNT_NOUNS: &[&str] = &[
    "people", "official", "member", "resident", "citizen", "user", "customer", "employee", "worker", "student", "child", "case", "vote",
    "seat", "point", "unit", "item", "time", "day", "hour", "other", "company", "country", "vehicle", "building",
];

/// Every claim of the story, ranked (conflicts first), and the aligned values for corroboration.
pub fn extract(corpus: &[Article], docs: &[Doc], ents: &Entities, dated: &Dated, opts: &Options) -> (Vec<Claim>, Vec<AlignedValue>) {
    let mut facts: Vec<Fact> = Vec::new();
    // Entities are sorted by reach, so the first person is the story's protagonist.
    let protagonist = (0..ents.public.len()).find(|&e| ents.kind(e) == EntityKind::Person);
    for (di, d) in docs.iter().enumerate() {
        let mut prev_place: Option<usize> = None;
        let mut last_person: Option<usize> = None;
        let mut qty: Vec<Fact> = Vec::new();
        for (si, s) in d.sents.iter().enumerate() {
            let ments = &ents.mentions[di][si];
            if !s.heading {
                let (f0, q0) = (facts.len(), qty.len());
                events(d, di, si, ments, ents, &dated[di][si], last_person, protagonist, prev_place, &mut facts);
                quantities(d, di, si, &dated[di][si], &mut qty);
                let mut places: Vec<usize> = ments.iter().filter(|m| ents.kind(m.ent) == EntityKind::Place).map(|m| m.ent).collect();
                places.sort_unstable();
                places.dedup();
                let day = dated[di][si].iter().find(|x| x.weekdays != 0 || x.month_day.is_some()).map(|x| Val::When {
                    date: x.date.filter(|_| x.precision == Precision::Day),
                    weekdays: x.weekdays,
                    month_day: x.month_day,
                });
                for f in facts[f0..].iter_mut().chain(qty[q0..].iter_mut()) {
                    f.places = places.clone();
                    f.day = day.clone();
                }
            }
            if let Some(m) = ments.iter().find(|m| ents.kind(m.ent) == EntityKind::Person) {
                last_person = Some(m.ent);
            }
            // The finest place of this sentence, for a "There, ..." in the next one.
            prev_place = ments.iter().find(|m| ents.kind(m.ent) == EntityKind::Place && !ents.coarse[m.ent]).map(|m| m.ent);
        }
        // An article full of numbers (a table, a results page) gives its first facts only.
        qty.truncate(opts.max_facts_per_article);
        facts.extend(qty);
    }
    // Within one sentence, one fact per key: "37mph (59 km/h)" is one speed.
    let mut seen: FxHashMap<(usize, usize, String), ()> = FxHashMap::default();
    facts.retain(|f| seen.insert((f.doc, f.sent, f.key.clone()), ()).is_none());

    // A key stated hundreds of times (a long story, a key too generic) keeps its first facts only,
    // which bounds the pairwise alignment below.
    let mut per_key: FxHashMap<String, usize> = FxHashMap::default();
    facts.retain(|f| {
        let n = per_key.entry(f.key.clone()).or_insert(0);
        *n += 1;
        *n <= MAX_FACTS_PER_KEY
    });
    // Group by key, then link facts about the same thing.
    let mut by_key: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, f) in facts.iter().enumerate() {
        by_key.entry(f.key.as_str()).or_default().push(i);
    }
    let mut uf = Uf((0..facts.len()).collect());
    for idxs in by_key.values() {
        for (x, &a) in idxs.iter().enumerate() {
            for &b in &idxs[x + 1..] {
                let fa = &facts[a];
                let fb = &facts[b];
                let link = if fa.exclusive { same_subject(fa, fb, ents) } else { same_value(&fa.val, &fb.val, ents) };
                if link {
                    uf.union(a, b);
                }
            }
        }
    }
    let mut comps: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for i in 0..facts.len() {
        let r = uf.find(i);
        comps.entry(r).or_default().push(i);
    }
    let mut comp_list: Vec<Vec<usize>> = comps.into_values().collect();
    comp_list.sort_by_key(|c| c[0]);

    struct Ranked {
        claim: Claim,
        sources: usize,
        first: usize,
        clusters: Vec<(String, Vec<(ArticleIdx, usize)>)>,
    }
    let mut ranked: Vec<Ranked> = Vec::new();
    let art_of = |f: &Fact| docs[f.doc].idx;
    for comp in comp_list {
        // Exclusive places: a coarse place ("Russia") adds nothing next to fine ones.
        let mut members = comp.clone();
        if members.iter().any(|&i| matches!(facts[i].val, Val::Place { ent } if !ents.coarse[ent])) {
            members.retain(|&i| !matches!(facts[i].val, Val::Place { ent } if ents.coarse[ent]));
        }
        // Cluster compatible values.
        // Places and people are one value only when they are the same entity; numbers and dates
        // when they are compatible with every member of the cluster.
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        for &i in &members {
            let fits = |c: &Vec<usize>| {
                c.iter().all(|&j| match (&facts[i].val, &facts[j].val) {
                    (Val::Place { .. }, _) | (Val::Person { .. }, _) => same_value(&facts[i].val, &facts[j].val, ents),
                    (a, b) => compatible(a, b, ents),
                })
            };
            match clusters.iter_mut().find(|c| fits(c)) {
                Some(c) => c.push(i),
                None => clusters.push(vec![i]),
            }
        }
        // One article giving two incompatible values for the key means the key covers several
        // things (a table, two trains): the alignment is unsure, so it is not reported at all.
        let ambiguous = clusters.iter().enumerate().any(|(a, ca)| {
            clusters[a + 1..].iter().any(|cb| {
                !compatible(&facts[ca[0]].val, &facts[cb[0]].val, ents)
                    && ca.iter().any(|&i| cb.iter().any(|&j| facts[i].doc == facts[j].doc))
            })
        });
        if ambiguous && facts[members[0]].exclusive {
            continue;
        }
        clusters.truncate(MAX_VALUES_PER_CLAIM);
        let srcs = |c: &[usize]| independent_sources(corpus, c.iter().map(|&i| art_of(&facts[i])));
        let all_sources = srcs(&members);
        let status = if clusters.len() >= 2 {
            // Sides must come from different outlets: one outlet's two numbers are more likely our misreading.
            let keys: Vec<Vec<String>> = clusters
                .iter()
                .map(|c| {
                    let mut k: Vec<String> =
                        c.iter().map(|&i| corpus[corpus[art_of(&facts[i])].copy_of.unwrap_or(art_of(&facts[i]))].source_key()).collect();
                    k.sort();
                    k.dedup();
                    k
                })
                .collect();
            // A conflict needs two clusters with incompatible values and different outlets behind them.
            // The two sides must be directly about the same thing, not only through a third fact.
            let mut disputed = false;
            for a in 0..clusters.len() {
                for b in a + 1..clusters.len() {
                    let incompatible = !compatible(&facts[clusters[a][0]].val, &facts[clusters[b][0]].val, ents);
                    let differ = keys[a].iter().any(|x| !keys[b].contains(x)) || keys[b].iter().any(|x| !keys[a].contains(x));
                    let direct = clusters[a]
                        .iter()
                        .any(|&i| clusters[b].iter().any(|&j| facts[i].doc != facts[j].doc && same_subject(&facts[i], &facts[j], ents)));
                    disputed |= incompatible && differ && direct;
                }
            }
            if all_sources >= 2 && disputed {
                // Values given for different days ("1.2 million homes on Thursday", "800,000 on Friday")
                // are a count that changed, as are values that change with publication time.
                let dated_apart = clusters.iter().enumerate().any(|(a, ca)| {
                    clusters[a + 1..].iter().any(|cb| {
                        ca.iter().any(|&i| {
                            cb.iter().any(|&j| match (&facts[i].day, &facts[j].day) {
                                (Some(x), Some(y)) => !compatible(x, y, ents),
                                _ => false,
                            })
                        })
                    })
                });
                if facts[members[0]].count && (dated_apart || evolves(corpus, &facts, &clusters, docs)) {
                    ClaimStatus::Evolving
                } else {
                    ClaimStatus::Conflict
                }
            } else if clusters.iter().any(|c| srcs(c) >= 2) {
                ClaimStatus::Agree
            } else {
                ClaimStatus::SingleSource
            }
        } else if all_sources >= 2 {
            ClaimStatus::Agree
        } else {
            ClaimStatus::SingleSource
        };
        if status == ClaimStatus::Evolving {
            clusters.sort_by_key(|c| c.iter().filter_map(|&i| corpus[art_of(&facts[i])].published).min());
        } else {
            clusters.sort_by(|a, b| srcs(b).cmp(&srcs(a)).then(a[0].cmp(&b[0])));
        }
        let about = members
            .iter()
            .map(|&i| &facts[i].about)
            .max_by_key(|a| (a.contains(" size ("), std::cmp::Reverse(members.iter().position(|&i| &facts[i].about == *a))))
            .cloned()
            .unwrap_or_default();
        let values: Vec<ClaimValue> = clusters
            .iter()
            .map(|c| {
                let mut citations: Vec<Citation> = Vec::new();
                let mut sentences = Vec::new();
                for &i in c {
                    let d = &docs[facts[i].doc];
                    let cite = d.cite(d.sents[facts[i].sent].span);
                    if !citations.contains(&cite) {
                        citations.push(cite);
                        sentences.push((d.idx, d.sents[facts[i].sent].index));
                    }
                }
                let first_published = c.iter().filter_map(|&i| corpus[art_of(&facts[i])].published).min();
                ClaimValue { value: facts[c[0]].display.clone(), outlets: srcs(c), citations, sentences, first_published }
            })
            .collect();
        let cl: Vec<(String, Vec<(ArticleIdx, usize)>)> = clusters
            .iter()
            .zip(&values)
            .map(|(c, v)| {
                let mut s: Vec<(ArticleIdx, usize)> =
                    c.iter().map(|&i| (docs[facts[i].doc].idx, docs[facts[i].doc].sents[facts[i].sent].index)).collect();
                s.sort_unstable();
                s.dedup();
                (v.value.clone(), s)
            })
            .collect();
        ranked.push(Ranked { claim: Claim { about, status, values }, sources: all_sources, first: members[0], clusters: cl });
    }
    // Rank: conflicts, then evolving, agreed and single-source claims; more outlets first;
    // events and counted nouns before bare measures.
    let weight = |r: &Ranked| -> u8 {
        let k = &facts[r.first].key;
        if k.starts_with("measure:") || k.starts_with("money:") {
            1
        } else {
            0
        }
    };
    ranked.sort_by(|a, b| {
        a.claim.status.cmp(&b.claim.status).then(b.sources.cmp(&a.sources)).then(weight(a).cmp(&weight(b))).then(a.first.cmp(&b.first))
    });
    let mut aligned = Vec::new();
    for r in &ranked {
        for (value, sentences) in &r.clusters {
            aligned.push(AlignedValue { about: r.claim.about.clone(), value: value.clone(), sentences: sentences.clone() });
        }
    }
    (ranked.into_iter().map(|r| r.claim).collect(), aligned)
}

/// True when each value cluster comes from articles published strictly after the previous one's
/// and the values rise (or fall) with time: a count being updated, not a dispute.
fn evolves(corpus: &[Article], facts: &[Fact], clusters: &[Vec<usize>], docs: &[Doc]) -> bool {
    let mut spans: Vec<(i64, i64, f64)> = Vec::new();
    for c in clusters {
        let mut times = Vec::new();
        for &i in c {
            let Some(p) = corpus[docs[facts[i].doc].idx].published else {
                return false;
            };
            times.push(p.timestamp());
        }
        let mid = match facts[c[0]].val {
            Val::Num { lo, hi } => (lo + hi) / 2.0,
            _ => return false,
        };
        spans.push((*times.iter().min().unwrap(), *times.iter().max().unwrap(), mid));
    }
    spans.sort_by_key(|s| s.0);
    let rising = spans.windows(2).all(|w| w[0].1 < w[1].0 && w[0].2 < w[1].2);
    let falling = spans.windows(2).all(|w| w[0].1 < w[1].0 && w[0].2 > w[1].2);
    rising || falling
}
