//! When an article's event happened: its publication date, or a date stamp in its text.
//!
//! Many real articles reach us without a trustworthy publication date, yet their pages print one:
//! "Updated: November 11, 2011 20:09 IST", "Posted: May 24, 2005", "21 July 2013 Last updated at
//! 11:11 GMT", "11/28/05", or a dateline with a year. [`stamp_date`] finds such a stamp in the head
//! of a text (a short line, or the opening words of the first paragraph), and the digest uses it as
//! the article's date when nothing else gives one. Dates further into the text are not used: an
//! article mentions earlier events ("the February 2007 election") far more often than it dates
//! its own.

use chrono::{Datelike, NaiveDate};
use tidings_text::words;

/// Lines of a text's head searched for a date stamp.
pub const STAMP_HEAD_LINES: usize = 6;
/// A line with more words than this is prose, not a stamp, unless the date opens it (a dateline).
pub const STAMP_LINE_WORDS: usize = 14;
/// A date within this many words of the start of a line opens it ("WASHINGTON, June 3, 2013 –").
pub const DATELINE_WORDS: usize = 4;
/// Years outside this range are not taken for a stamp's year.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2099;

fn month(word: &str) -> Option<u32> {
    tidings_text::lexicon::month_number(word)
}

fn day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !(suffix.is_empty() || matches!(suffix.to_lowercase().as_str(), "st" | "nd" | "rd" | "th")) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<i32> {
    (word.len() == 4).then(|| word.parse().ok()).flatten().filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
}

/// A two- or four-digit year as written in `11/28/05`.
fn short_year(word: &str) -> Option<i32> {
    match word.len() {
        4 => year(word),
        2 => word.parse::<i32>().ok().map(|y| if y < 70 { 2000 + y } else { 1900 + y }),
        _ => None,
    }
}

/// The first full date (day, month and year) written in `text`, with the index of its first word.
/// Forms: "June 13, 2013", "Jun. 13th 2013", "13 June 2013", "2013-06-13", and US "6/13/2013" or
/// "6/13/13" (day first when the first number cannot be a month).
pub fn first_date(text: &str) -> Option<(NaiveDate, usize)> {
    let toks: Vec<(usize, &str)> = words(text).collect();
    let gap = |i: usize| -> &str {
        let end = toks[i].0 + toks[i].1.len();
        &text[end..toks.get(i + 1).map_or(end, |t| t.0)]
    };
    for i in 0..toks.len() {
        let w = |k: usize| toks.get(i + k).map(|t| t.1).unwrap_or("");
        let found = if let (Some(m), Some(d), Some(y)) = (month(w(0)), day(w(1)), year(w(2))) {
            NaiveDate::from_ymd_opt(y, m, d)
        } else if let (Some(d), Some(m), Some(y)) = (day(w(0)), month(w(1)), year(w(2))) {
            NaiveDate::from_ymd_opt(y, m, d)
        } else if let (Some(y), true) = (year(w(0)), gap(i).trim() == "-" && i + 2 < toks.len() && gap(i + 1).trim() == "-") {
            match (w(1).parse::<u32>(), w(2).parse::<u32>()) {
                (Ok(m), Ok(d)) if w(1).len() == 2 && w(2).len() == 2 => NaiveDate::from_ymd_opt(y, m, d),
                _ => None,
            }
        } else if i + 2 < toks.len() && gap(i).trim() == "/" && gap(i + 1).trim() == "/" {
            match (w(0).parse::<u32>(), w(1).parse::<u32>(), short_year(w(2))) {
                (Ok(a), Ok(b), Some(y)) if a <= 12 => NaiveDate::from_ymd_opt(y, a, b),
                (Ok(a), Ok(b), Some(y)) => NaiveDate::from_ymd_opt(y, b, a),
                _ => None,
            }
        } else {
            None
        };
        if let Some(date) = found {
            return Some((date, i));
        }
    }
    None
}

/// A date stamp in the head of a plain text: the first full date on one of its first
/// [`STAMP_HEAD_LINES`] non-empty lines, where that line is short (a stamp, "Posted: May 24, 2005")
/// or the date opens it (a dateline, "VLADIVOSTOK, April 25, 2019 (Reuters) -").
pub fn stamp_date(text: &str) -> Option<NaiveDate> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).take(STAMP_HEAD_LINES).find_map(|line| {
        let (date, at) = first_date(line)?;
        // A short line that is not a sentence ("Page was born on April 22, 1923." is one).
        let stamp = words(line).count() <= STAMP_LINE_WORDS && !line.ends_with(['.', '!', '?', '"', '\u{201d}']);
        (stamp || at < DATELINE_WORDS).then_some(date)
    })
}

/// Sentences at the head of an article whose day of the week is taken as its event's ([`lead_weekday`]).
pub const LEAD_SENTENCES: usize = 2;

/// The day of the week (Monday = 0) that an article's first [`LEAD_SENTENCES`] sentences name for what happened
/// ("On Thursday, the Interior Department announced a change …"), when they name exactly one; with a publication
/// date, "today", "tonight" and "this morning" name its day and "yesterday" and "last night" the day before. English
/// words.
pub fn lead_weekday(text: &str, sentences: &[tidings_model::Span], published: Option<NaiveDate>) -> Option<u8> {
    let lead = match (sentences.first(), sentences.get(LEAD_SENTENCES - 1).or(sentences.last())) {
        (Some(a), Some(b)) => text.get(a.start..b.end)?,
        _ => text.split("\n\n").next().unwrap_or(""),
    };
    let mut found: Option<u8> = None;
    let mut prev = "";
    for (_, w) in words(lead) {
        let day = if (6..=9).contains(&w.len()) && w.as_bytes()[w.len() - 3..].eq_ignore_ascii_case(b"day") {
            // The first seven of the lexicon's words are the days, Monday first.
            tidings_text::lexicon::WEEKDAYS_MONTHS[..7].iter().position(|d| d.eq_ignore_ascii_case(w)).map(|d| d as u8)
        } else {
            None
        };
        let relative = |back: u64| {
            published.and_then(|p| p.checked_sub_days(chrono::Days::new(back))).map(|d| d.weekday().num_days_from_monday() as u8)
        };
        let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        let day = day.or_else(|| {
            if is(w, "today") || is(w, "tonight") || (is(prev, "this") && ["morning", "afternoon", "evening"].iter().any(|x| is(w, x))) {
                relative(0)
            } else if is(w, "yesterday") || (is(prev, "last") && is(w, "night")) {
                relative(1)
            } else {
                None
            }
        });
        prev = w;
        if let Some(d) = day {
            if found.is_some_and(|f| f != d) {
                return None;
            }
            found = Some(d);
        }
    }
    found
}

/// Days since 1970-01-01 of a date (negative before).
pub fn epoch_day(d: NaiveDate) -> i64 {
    d.num_days_from_ce() as i64 - 719_163
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, want: Option<&str>) {
        assert_eq!(stamp_date(text).map(|d| d.to_string()), want.map(String::from), "{text:?}");
    }

    #[test]
    fn stamps_in_the_head() {
        check("Updated: November 11, 2011 20:09 IST\n\nNavy foils pirate attack\n\nThe navy said.", Some("2011-11-11"));
        check("Cheeks returns as coach\n\nPosted: May 24, 2005\n\nBilly King spun the door.", Some("2005-05-24"));
        check("21 July 2013 Last updated at 11:11 GMT\n\nFire tackled", Some("2013-07-21"));
        check("11/28/05\n\nAftershocks jolt island", Some("2005-11-28"));
        check("Published 2019-04-25\nTitle", Some("2019-04-25"));
        check("Friday, June 7, 2013\n\nBettie Page dies", Some("2013-06-07"));
        check("Thu, 28/11/2005\nx", Some("2005-11-28"));
        check(
            "VLADIVOSTOK, April 25th, 2019 (Reuters) - Kim Jong Un met Vladimir Putin on Thursday for talks that lasted hours.",
            Some("2019-04-25"),
        );
    }

    #[test]
    fn the_weekday_of_the_lead() {
        let spans = |t: &str| tidings_text::split_sentences(t);
        let lead = "On Thursday, the Interior Department announced a change to the rules. Critics said the change would harm species. On Friday the lawyers met.";
        assert_eq!(lead_weekday(lead, &spans(lead), None), Some(3));
        // Two days in the lead: no one day for the event.
        let two = "The quake struck on Sunday and aftershocks followed on Monday. Five people were hurt.";
        assert_eq!(lead_weekday(two, &spans(two), None), None);
        let none = "Turkmenistan voted in a parliamentary election. Turnout was high. It was Sunday.";
        assert_eq!(lead_weekday(none, &spans(none), None), None);
        // A one-paragraph text without sentence spans: its first paragraph.
        assert_eq!(lead_weekday("Police said Saturday two men were arrested", &[], None), Some(5));
        // "Today" is the day of the publication date (2009-04-28, a Tuesday), "yesterday" the day before; without a
        // date they name no day.
        let today = "Today, Interior Secretary Ken Salazar restored the rules. Groups welcomed it.";
        let tuesday = NaiveDate::from_ymd_opt(2009, 4, 28);
        assert_eq!(lead_weekday(today, &spans(today), tuesday), Some(1));
        assert_eq!(lead_weekday(today, &spans(today), None), None);
        let yesterday = "The rules were restored yesterday. On Monday the groups met.";
        assert_eq!(lead_weekday(yesterday, &spans(yesterday), tuesday), Some(0));
    }

    #[test]
    fn dates_in_prose_are_not_stamps() {
        // A date deep in a long sentence dates an earlier event, not the article.
        check(
            "Lohan leaves rehab\n\nThe actress checked into the Betty Ford Center in May as part of a plea deal stemming from her June 3, 2012 car accident case.",
            None,
        );
        check("Sales rose 2,013 units\nMay 2013 was good", None);
        check("Page was born on April 22, 1923, in Nashville, Tenn.\n\nShe began modeling in 1950.", None);
        check("", None);
        check("February 30, 2013\n", None);
    }
}
