//! Date expressions (absolute and relative), their resolution against the publication date,
//! and the story's timeline.
//!
//! Resolution follows the news rules of HeidelTime: a bare weekday is the most recent one, or the
//! next one when its clause speaks of the future ("will", "expected", "is scheduled"); "the
//! preceding Tuesday" and "earlier in the day" count from the last date the article resolved.

use crate::lexicon::{month, number_word, weekday, STOPWORDS};
use crate::token::{norm, Kind};
use crate::{Doc, TimelineEntry};
use chrono::{Datelike, Duration, NaiveDate};
use tidings_model::Citation;

/// How much of a resolved date is meaningful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// One date expression in one sentence.
#[derive(Debug, Clone)]
pub struct DateExpr {
    pub t0: usize,
    pub t1: usize,
    pub phrase: String,
    pub date: Option<NaiveDate>,
    pub precision: Precision,
    /// Weekdays named (bit 0 = Monday), so "Sunday" and "Monday" compare without a year.
    pub weekdays: u8,
    /// Month and day when written, with or without a year.
    pub month_day: Option<(u32, u32)>,
    /// Approximate days from the article's (unknown) publication date, for ordering undated phrases.
    pub offset: Option<f64>,
    /// The clause speaks of the future.
    pub future: bool,
}

/// `dates[doc][sentence position]`.
pub type Dated = Vec<Vec<Vec<DateExpr>>>;

const FUTURE_WORDS: &[&str] = &[
    "will",
    "'ll",
    "expected",
    "expects",
    "expect",
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
    "anticipates",
    "upcoming",
    "forthcoming",
    "set",
    "likely",
    "intends",
    "aims",
    "going",
];

fn is_future_clause(d: &Doc, s0: usize, s1: usize, t0: usize, t1: usize) -> bool {
    let bound = |w: &str| matches!(w, "," | ";" | "that" | ":" | "—" | "–" | "(" | ")");
    let mut a = t0;
    while a > s0 && !bound(d.tok(a - 1)) {
        a -= 1;
    }
    let mut b = t1;
    while b < s1 && !bound(d.tok(b)) {
        b += 1;
    }
    // "On Tuesday, Putin will meet Kim": a clause that is only the date reaches into the next one.
    if b < s1 && b - a <= (t1 - t0) + 1 && d.tok(b) == "," {
        b += 1;
        while b < s1 && !bound(d.tok(b)) {
            b += 1;
        }
    }
    (a..b).any(|i| FUTURE_WORDS.contains(&d.low(i)))
}

fn year_of(w: &str) -> Option<i32> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        if (1900..=2100).contains(&y) {
            return Some(y);
        }
    }
    None
}

fn day_of(w: &str) -> Option<u32> {
    let digits: String = w.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let rest = &w[digits.len()..];
    if !rest.is_empty() && !matches!(rest.to_ascii_lowercase().as_str(), "st" | "nd" | "rd" | "th") {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    (1..=31).contains(&n).then_some(n)
}

fn days_back_to(from: NaiveDate, wd: u32, strictly: bool) -> NaiveDate {
    let cur = from.weekday().num_days_from_monday();
    let mut back = (7 + cur - wd) % 7;
    if strictly && back == 0 {
        back = 7;
    }
    from - Duration::days(back as i64)
}

fn days_forward_to(from: NaiveDate, wd: u32, strictly: bool) -> NaiveDate {
    let cur = from.weekday().num_days_from_monday();
    let mut fwd = (7 + wd - cur) % 7;
    if strictly && fwd == 0 {
        fwd = 7;
    }
    from + Duration::days(fwd as i64)
}

fn closest_year(reference: NaiveDate, m: u32, d: u32) -> Option<NaiveDate> {
    let y = reference.year();
    [y - 1, y, y + 1].into_iter().filter_map(|yy| NaiveDate::from_ymd_opt(yy, m, d)).min_by_key(|c| (*c - reference).num_days().abs())
}

fn shift_months(d: NaiveDate, months: i32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + months;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

/// Finds and resolves the date expressions of every sentence of the story.
pub fn extract(docs: &[Doc]) -> Dated {
    docs.iter()
        .map(|d| {
            let reference = d.art.published.map(|p| p.date_naive());
            let mut anchor = reference;
            d.sents
                .iter()
                .map(|s| {
                    let v = if s.heading { Vec::new() } else { sentence(d, s.t0, s.t1, reference, anchor) };
                    if let Some(x) = v.iter().find(|x| x.precision == Precision::Day && x.date.is_some()) {
                        anchor = x.date;
                    }
                    v
                })
                .collect()
        })
        .collect()
}

fn sentence(d: &Doc, s0: usize, s1: usize, reference: Option<NaiveDate>, anchor: Option<NaiveDate>) -> Vec<DateExpr> {
    let mut out = Vec::new();
    let w = |i: usize| d.low(i);
    let mut i = s0;
    while i < s1 {
        let t = d.toks[i];
        let lw = w(i);
        let mut found: Option<DateExpr> = None;
        // Month [day][, year] or day Month [year].
        if t.kind == Kind::Word && d.tok(i).chars().next().is_some_and(|c| c.is_uppercase()) {
            if let Some(m) = month(d.tok(i)) {
                // "May" is also a verb: only as a date with a day or year next to it.
                let mut j = i + 1;
                let mut day = None;
                let mut year = None;
                if j < s1 && d.toks[j].kind == Kind::Num {
                    if let Some(dd) = day_of(d.tok(j)) {
                        day = Some(dd);
                        j += 1;
                        if j + 1 < s1 && d.tok(j) == "," && year_of(d.tok(j + 1)).is_some() {
                            year = year_of(d.tok(j + 1));
                            j += 2;
                        } else if j < s1 && year_of(d.tok(j)).is_some() {
                            year = year_of(d.tok(j));
                            j += 1;
                        }
                    } else if let Some(y) = year_of(d.tok(j)) {
                        year = Some(y);
                        j += 1;
                    }
                }
                let mut start = i;
                if day.is_none() && i > s0 && d.toks[i - 1].kind == Kind::Num {
                    if let Some(dd) = day_of(d.tok(i - 1)) {
                        day = Some(dd);
                        start = i - 1;
                    }
                }
                let prev = if start > s0 { w(start - 1) } else { "" };
                let month_alone_ok = lw != "may"
                    && matches!(prev, "in" | "since" | "by" | "early" | "late" | "mid" | "until" | "last" | "next" | "this" | "during");
                if day.is_some() || year.is_some() || month_alone_ok {
                    let (date, precision) = match (day, year) {
                        (Some(dd), Some(y)) => (NaiveDate::from_ymd_opt(y, m, dd), Precision::Day),
                        (Some(dd), None) => (reference.and_then(|r| closest_year(r, m, dd)), Precision::Day),
                        (None, Some(y)) => (NaiveDate::from_ymd_opt(y, m, 1), Precision::Month),
                        (None, None) => (reference.and_then(|r| closest_year(r, m, 1)), Precision::Month),
                    };
                    found = Some(DateExpr {
                        t0: start,
                        t1: j,
                        phrase: String::new(),
                        date,
                        precision,
                        weekdays: date
                            .filter(|_| precision == Precision::Day)
                            .map(|x| 1u8 << x.weekday().num_days_from_monday())
                            .unwrap_or(0),
                        month_day: day.map(|dd| (m, dd)),
                        offset: None,
                        future: false,
                    });
                }
            }
        }
        if found.is_none() {
            if let Some(wd) = weekday(d.tok(i)) {
                let mut mask = 1u8 << wd;
                let mut j = i + 1;
                if j + 1 < s1 && matches!(w(j), "or" | "and" | "to" | "-" | "–") {
                    if let Some(wd2) = weekday(d.tok(j + 1)) {
                        mask |= 1 << wd2;
                        j += 2;
                    }
                }
                if j < s1 && matches!(w(j), "morning" | "afternoon" | "evening" | "night") {
                    j += 1;
                }
                let mut start = i;
                let mut modifier = "";
                if start > s0 {
                    let p = w(start - 1);
                    if matches!(p, "preceding" | "previous" | "following") && start >= s0 + 2 && w(start - 2) == "the" {
                        modifier = if p == "following" { "next" } else { "last" };
                        start -= 2;
                        if start > s0 && w(start - 1) == "on" {
                            start -= 1;
                        }
                    } else if matches!(p, "last" | "next" | "this" | "on" | "since" | "by" | "until" | "late" | "early") {
                        modifier = match p {
                            "last" => "last",
                            "next" => "next",
                            _ => "",
                        };
                        start -= 1;
                    }
                }
                let future = modifier == "next" || modifier.is_empty() && is_future_clause(d, s0, s1, start, j);
                let base = if modifier.is_empty() { reference } else { anchor.or(reference) };
                let date = base.map(|r| match (modifier, future) {
                    ("last", _) => days_back_to(r, wd, true),
                    ("next", _) => days_forward_to(r, wd, true),
                    (_, true) => days_forward_to(r, wd, false),
                    _ => days_back_to(r, wd, false),
                });
                found = Some(DateExpr {
                    t0: start,
                    t1: j,
                    phrase: String::new(),
                    date,
                    precision: Precision::Day,
                    weekdays: mask,
                    month_day: None,
                    offset: Some(if future { 3.0 } else { -3.0 }),
                    future,
                });
            }
        }
        if found.is_none() {
            found = relative(d, s1, i, reference, anchor);
        }
        // ISO 8601: 2023-09-12
        if found.is_none() && t.kind == Kind::Num && i + 4 < s1 && d.tok(i + 1) == "-" && d.tok(i + 3) == "-" {
            if let (Some(y), Ok(m), Ok(dd)) = (year_of(d.tok(i)), d.tok(i + 2).parse::<u32>(), d.tok(i + 4).parse::<u32>()) {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, dd) {
                    found = Some(DateExpr {
                        t0: i,
                        t1: i + 5,
                        phrase: String::new(),
                        date: Some(date),
                        precision: Precision::Day,
                        weekdays: 1 << date.weekday().num_days_from_monday(),
                        month_day: Some((m, dd)),
                        offset: None,
                        future: false,
                    });
                }
            }
        }
        if found.is_none() && t.kind == Kind::Num {
            if let Some(y) = year_of(d.tok(i)) {
                let prev = if i > s0 { w(i - 1) } else { "" };
                if matches!(
                    prev,
                    "in" | "since" | "by" | "from" | "to" | "until" | "during" | "early" | "late" | "mid" | "before" | "after" | "of"
                ) {
                    found = Some(DateExpr {
                        t0: i - 1,
                        t1: i + 1,
                        phrase: String::new(),
                        date: NaiveDate::from_ymd_opt(y, 1, 1),
                        precision: Precision::Year,
                        weekdays: 0,
                        month_day: None,
                        offset: None,
                        future: false,
                    });
                }
            }
        }
        if let Some(mut x) = found {
            x.phrase = d.art.text[d.toks[x.t0].start..d.toks[x.t1 - 1].end].to_string();
            if !x.future {
                x.future = is_future_clause(d, s0, s1, x.t0, x.t1);
            }
            i = x.t1.max(i + 1);
            out.push(x);
        } else {
            i += 1;
        }
    }
    out
}

/// Relative expressions: "yesterday", "last week", "four years ago", "earlier in the day".
fn relative(d: &Doc, s1: usize, i: usize, reference: Option<NaiveDate>, anchor: Option<NaiveDate>) -> Option<DateExpr> {
    let w = |k: usize| if k < s1 { d.low(k) } else { "" };
    let mk = |t1: usize, days: i64, precision: Precision, base: Option<NaiveDate>| {
        let date = base.map(|r| match precision {
            Precision::Year => NaiveDate::from_ymd_opt((r + Duration::days(days)).year(), 1, 1).unwrap_or(r),
            Precision::Month => shift_months(r, (days as f64 / 30.4).round() as i32),
            _ => r + Duration::days(days),
        });
        Some(DateExpr {
            t0: i,
            t1,
            phrase: String::new(),
            date,
            precision,
            weekdays: 0,
            month_day: None,
            offset: Some(days as f64),
            future: days > 0,
        })
    };
    let a = w(i);
    let b = w(i + 1);
    let c = w(i + 2);
    let e = w(i + 3);
    match a {
        "yesterday" => return mk(i + 1, -1, Precision::Day, reference),
        "today" | "tonight" => return mk(i + 1, 0, Precision::Day, reference),
        "tomorrow" => return mk(i + 1, 1, Precision::Day, reference),
        "last" | "next" | "this" | "past" => {
            let sign = match a {
                "last" | "past" => -1,
                "next" => 1,
                _ => 0,
            };
            match b {
                "week" => return mk(i + 2, 7 * sign, Precision::Week, reference),
                "month" => return mk(i + 2, 30 * sign, Precision::Month, reference),
                "year" => return mk(i + 2, 365 * sign, Precision::Year, reference),
                "morning" | "afternoon" | "evening" | "night" if a == "this" || a == "last" => {
                    return mk(i + 2, if a == "last" && b == "night" { -1 } else { 0 }, Precision::Day, reference)
                }
                "weekend" => return mk(i + 2, 2 * sign, Precision::Week, reference),
                _ => {}
            }
        }
        "earlier" | "later" => {
            if b == "in" && c == "the" && e == "day" {
                return mk(i + 4, 0, Precision::Day, anchor.or(reference));
            }
            if b == "today" {
                return mk(i + 2, 0, Precision::Day, reference);
            }
            if b == "this" {
                match c {
                    "week" => return mk(i + 3, 0, Precision::Week, reference),
                    "month" => return mk(i + 3, 0, Precision::Month, reference),
                    "year" => return mk(i + 3, 0, Precision::Year, reference),
                    _ => {}
                }
            }
        }
        "the" if b == "day" && matches!(c, "before" | "after") => {
            return mk(i + 3, if c == "before" { -1 } else { 1 }, Precision::Day, anchor.or(reference));
        }
        _ => {}
    }
    // "four years ago", "3 days ago", "a week ago"
    if !(c == "ago" || c == "earlier") {
        return None;
    }
    let n = if d.toks[i].kind == Kind::Num {
        d.tok(i).replace(',', "").parse::<f64>().ok()
    } else if a == "a" || a == "an" {
        Some(1.0)
    } else {
        number_word(a)
    };
    if let Some(n) = n {
        let unit = b.trim_end_matches('s');
        let days = match unit {
            "day" => 1.0,
            "week" => 7.0,
            "month" => 30.4,
            "year" => 365.25,
            "decade" => 3652.5,
            _ => return None,
        };
        if c == "ago" || c == "earlier" && !STOPWORDS.contains(e) {
            let precision = match unit {
                "day" => Precision::Day,
                "week" => Precision::Week,
                "month" => Precision::Month,
                _ => Precision::Year,
            };
            return mk(i + 3, -(n * days).round() as i64, precision, reference);
        }
    }
    None
}

/// Content words of a sentence for merging timeline entries and comparing claim contexts:
/// lowercase, no stopwords, no date words, cut to a crude stem, hashed (see [`stem`]), sorted.
pub fn content_words(d: &Doc, t0: usize, t1: usize) -> Vec<u64> {
    let mut v: Vec<u64> = (t0..t1)
        .filter(|&k| d.toks[k].kind == Kind::Word)
        .map(|k| d.low(k))
        .filter(|w| w.chars().count() >= 3 && !STOPWORDS.contains(w) && weekday(w).is_none() && month(w).is_none())
        .map(stem)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// A crude stem, hashed: no plural "s", six characters ("rates" = "rate", "officials" = "offici").
/// Hashes compare faster than strings in the pairwise alignment of large stories.
pub fn stem(w: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let w = if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") { &w[..w.len() - 1] } else { w };
    let end = w.char_indices().nth(6).map(|(i, _)| i).unwrap_or(w.len());
    let mut h = rustc_hash::FxHasher::default();
    w[..end].hash(&mut h);
    h.finish()
}

/// Shared items of two sorted lists, and their share of the shorter one.
pub fn overlap<T: Ord>(a: &[T], b: &[T]) -> (usize, f64) {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let min = a.len().min(b.len()).max(1);
    (shared, shared as f64 / min as f64)
}

/// Two sentences on the same date report the same event when they share this many content words…
pub const MERGE_MIN_SHARED: usize = 3;
/// …and this share of the shorter sentence's content words (or one more word and half the share).
pub const MERGE_MIN_RATIO: f64 = 0.4;

struct Entry {
    date: Option<NaiveDate>,
    precision: Precision,
    phrase: String,
    text: String,
    citations: Vec<Citation>,
    words: Vec<u64>,
    key: f64,
    /// Same-day identity for undated phrases: weekday mask or the phrase itself.
    undated_id: String,
    first: (usize, usize),
}

/// Without any publication date, the weekday the story was most likely written on: the one that
/// puts the past weekdays it names closest behind it and the future ones closest ahead. It orders
/// "on Sunday", "on Monday" and "on Tuesday morning" as a reader would.
fn reference_weekday(dated: &Dated) -> Option<u32> {
    let mut past = [0u32; 7];
    let mut future = [0u32; 7];
    let mut any = false;
    for x in dated.iter().flatten().flatten() {
        if x.date.is_none() && x.weekdays != 0 {
            for wd in 0..7 {
                if x.weekdays & (1 << wd) != 0 {
                    if x.future {
                        future[wd] += 1
                    } else {
                        past[wd] += 1
                    }
                    any = true;
                }
            }
        }
    }
    if !any {
        return None;
    }
    (0..7u32)
        .min_by_key(|&r| (0..7u32).map(|wd| past[wd as usize] * ((7 + r - wd) % 7) + future[wd as usize] * ((7 + wd - r) % 7)).sum::<u32>())
}

/// Builds the timeline: one entry per sentence that carries a date, merged across sources when
/// two sentences report the same event on the same date, oldest first.
pub fn timeline(docs: &[Doc], dated: &Dated, max: usize) -> Vec<TimelineEntry> {
    // The story's reference date orders undated phrases among dated ones when some articles have dates.
    let mut pubs: Vec<NaiveDate> = docs.iter().filter_map(|d| d.art.published.map(|p| p.date_naive())).collect();
    pubs.sort();
    let story_ref = pubs.get(pubs.len() / 2).copied();
    let week_ref = if story_ref.is_none() { reference_weekday(dated) } else { None };
    let mut entries: Vec<Entry> = Vec::new();
    for (di, d) in docs.iter().enumerate() {
        let mut last_key: Option<f64> = None;
        for (si, s) in d.sents.iter().enumerate() {
            let exprs = &dated[di][si];
            // The most specific expression stands for the sentence.
            let Some(x) = exprs.iter().min_by_key(|x| (x.date.is_none(), x.precision, x.t0)) else {
                continue;
            };
            let mut offset = x.offset;
            if let (None, Some(r), true) = (x.date, week_ref, x.weekdays != 0) {
                let wd = x.weekdays.trailing_zeros();
                let p = x.phrase.to_lowercase();
                let strictly = p.contains("preceding") || p.contains("previous") || p.contains("last");
                let back = match (7 + r - wd) % 7 {
                    0 if strictly => 7,
                    n => n,
                };
                offset = Some(if x.future { ((7 + wd - r) % 7) as f64 } else { -(back as f64) });
            }
            let key = match (x.date, offset) {
                (Some(dt), _) => dt.num_days_from_ce() as f64,
                (None, Some(off)) => match story_ref {
                    Some(r) => r.num_days_from_ce() as f64 + off,
                    None => 1e7 + off,
                },
                (None, None) => last_key.map(|k| k + 0.01).unwrap_or(1e7),
            };
            last_key = Some(key);
            let undated_id = if x.date.is_some() {
                String::new()
            } else if x.weekdays != 0 {
                format!("wd{}{}", x.weekdays, x.future)
            } else if let Some((m, dd)) = x.month_day {
                format!("md{m}-{dd}")
            } else {
                norm(&x.phrase)
            };
            let text = d.art.span_text(s.span).trim().to_string();
            let words = content_words(d, s.t0, s.t1);
            let cite = d.cite(s.span);
            // Merge with an entry of another article on the same date about the same event.
            let same = entries
                .iter_mut()
                .filter(|e| {
                    let same_date = match (e.date, x.date) {
                        (Some(a), Some(b)) => a == b && e.precision == x.precision,
                        (None, None) => e.undated_id == undated_id,
                        _ => false,
                    };
                    same_date && e.first.0 != di && !e.citations.iter().any(|c| c.article == d.idx)
                })
                .map(|e| {
                    let o = overlap(&e.words, &words);
                    (e, o)
                })
                .filter(|(_, (shared, ratio))| {
                    *shared >= MERGE_MIN_SHARED && *ratio >= MERGE_MIN_RATIO
                        || *shared > MERGE_MIN_SHARED && *ratio >= MERGE_MIN_RATIO / 2.0
                })
                .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
                .map(|(e, _)| e);
            match same {
                Some(e) => e.citations.push(cite),
                None => entries.push(Entry {
                    date: x.date,
                    precision: x.precision,
                    phrase: x.phrase.clone(),
                    text,
                    citations: vec![cite],
                    words,
                    key,
                    undated_id,
                    first: (di, si),
                }),
            }
        }
    }
    if entries.len() > max {
        // Keep the best attested and most precise entries.
        entries.sort_by(|a, b| {
            b.citations
                .len()
                .cmp(&a.citations.len())
                .then(a.date.is_none().cmp(&b.date.is_none()))
                .then(a.precision.cmp(&b.precision))
                .then(a.first.cmp(&b.first))
        });
        entries.truncate(max);
    }
    entries.sort_by(|a, b| a.key.total_cmp(&b.key).then(a.first.cmp(&b.first)));
    entries
        .into_iter()
        .map(|e| TimelineEntry { date: e.date, precision: e.precision, phrase: e.phrase, text: e.text, citations: e.citations })
        .collect()
}
