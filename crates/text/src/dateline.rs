//! Datelines: "WASHINGTON (AP) —", "VLADIVOSTOK, April 25 (Reuters) -", "VLADIVOSTOK (Sputnik - 25th April, 2019) -".
//!
//! A dateline opens the first paragraph of a wire story. It says where the story was filed, often which agency
//! filed it, and sometimes when. It is metadata, not part of the first sentence: the reader's summary should start
//! at "The World Health Organization …", not at "WASHINGTON (dpa-AFX) - The World Health Organization …".
//!
//! The rule: a place (one to five words in capitals, or in title case when an agency in brackets follows),
//! optionally ", State" ("PORTLAND, Ore."), optionally a date after a comma, optionally a bracket of at most
//! [`MAX_BRACKET_WORDS`] words (agency, and maybe a date), then a dash (or a colon after a place in capitals) and
//! the sentence. Anything else is not a dateline.

use chrono::NaiveDate;

use crate::lexicon::month_number;

/// At most this many words in the place part ("RIO DE JANEIRO", "SAN JOSE, Calif.").
pub const MAX_PLACE_WORDS: usize = 5;
/// At most this many words inside the bracket ("(Sputnik - 25th April, 2019)").
pub const MAX_BRACKET_WORDS: usize = 8;
/// A dateline is looked for in this many bytes at the start of a paragraph.
pub const MAX_DATELINE_BYTES: usize = 120;

/// A dateline found at the start of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub place: String,
    pub source: Option<String>,
    pub date: Option<NaiveDate>,
    /// Bytes from the start of the text to the first byte of the sentence (separator and spaces included).
    pub len: usize,
}

/// Reads a dateline at the start of `text` (a paragraph).
pub fn parse(text: &str) -> Option<Found> {
    let head_end = floor_char_boundary(text, MAX_DATELINE_BYTES.min(text.len()));
    let head = &text[..head_end];
    // The place ends at the first bracket, dash or comma.
    let place_end = head.find(['(', '—', '–', ',', ':']).or_else(|| head.find(" - ")).or_else(|| head.find(" -- "))?;
    let mut place = head[..place_end].trim().to_string();
    let words = place.split_whitespace().count();
    if words == 0 || words > MAX_PLACE_WORDS {
        return None;
    }
    let caps = is_capitals(&place);
    // A place in title case must not be the start of a sentence ("In Berlin (Germany) - a city").
    if !caps && (!is_title_case(&place) || place.split_whitespace().any(|w| crate::lexicon::is_stop(&w.to_lowercase()))) {
        return None;
    }
    let mut i = place_end;
    let mut date = None;
    // ", Ore." / ", Russia" / ", April 25" / ", April 25, 2019".
    if head[i..].starts_with(',') {
        let rest = &head[i + 1..];
        let seg_end = rest.find(['(', '—', '–', ':']).or_else(|| rest.find(" - ")).unwrap_or(rest.len());
        let seg = rest[..seg_end].trim();
        let seg_words = seg.split_whitespace().count();
        if let Some(d) = parse_date(seg) {
            date = d;
        } else if caps && (1..=2).contains(&seg_words) && is_title_case(seg) {
            // "PORTLAND, Ore." The state may itself be followed by a date: "SEOUL, South Korea, Sept. 12".
            place = format!("{place}, {}", seg.split(',').next().unwrap_or(seg).trim());
        } else if caps && seg.contains(',') {
            let (state, when) = seg.split_once(',')?;
            if !is_title_case(state.trim()) || state.split_whitespace().count() > 2 {
                return None;
            }
            date = parse_date(when.trim())?;
            place = format!("{place}, {}", state.trim());
        } else {
            return None;
        }
        i += 1 + seg_end;
        // Skip the spaces before the bracket or dash.
        i += head[i..].len() - head[i..].trim_start().len();
    }
    let mut source = None;
    if head[i..].trim_start().starts_with('(') {
        i += head[i..].len() - head[i..].trim_start().len();
        let close = head[i..].find(')')?;
        let inner = head[i + 1..i + close].trim();
        if inner.is_empty() || inner.split_whitespace().count() > MAX_BRACKET_WORDS {
            return None;
        }
        // "(Sputnik - 25th April, 2019)": an agency and a date.
        let (agency, when) = match inner.split_once([' ', '/']).and_then(|_| inner.split_once(" - ").or_else(|| inner.split_once(" – ")))
        {
            Some((a, w)) => (a.trim(), Some(w.trim())),
            None => (inner, None),
        };
        if let Some(w) = when {
            match parse_date(w) {
                Some(d) => date = date.or(d),
                None => return None,
            }
        }
        // "AP", "Reuters", "dpa-AFX": a name, not a clause.
        if !agency.chars().next().is_some_and(char::is_alphanumeric) || agency.split_whitespace().count() > 3 {
            return None;
        }
        source = Some(agency.to_string());
        i += close + 1;
    } else if !caps {
        // A place in title case is a dateline only with its agency: "Washington (AP) -".
        return None;
    }
    // The separator.
    let rest = &head[i..];
    let trimmed = rest.trim_start();
    let sep_len = ["—", "–", "--", "-", ":"].iter().find(|s| trimmed.starts_with(**s)).map(|s| s.len())?;
    if trimmed.starts_with(':') && (source.is_some() || !caps) {
        return None;
    }
    let after = &trimmed[sep_len..];
    // A dash glued to the next word is a hyphen ("WASHINGTON-based"), not a separator.
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let sentence = after.trim_start();
    if !sentence.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'')) {
        return None;
    }
    let len = i + (rest.len() - sentence.len());
    Some(Found { place: place.trim_end_matches(',').to_string(), source, date, len })
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Letters all in capitals, at least two of them: "WASHINGTON", "ST. LOUIS", "SÃO PAULO".
fn is_capitals(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) && s.chars().all(|c| c.is_alphabetic() || " .'-’".contains(c))
}

/// Every word starts with a capital: "Washington", "New York", "Ore.".
fn is_title_case(s: &str) -> bool {
    !s.is_empty()
        && s.split_whitespace()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) && w.chars().all(|c| c.is_alphabetic() || ".'-’".contains(c)))
}

/// A written date: "April 25", "Sept. 12, 2023", "25th April, 2019", "25 April 2019". `Some(None)` is a date
/// without a year (kept out of the metadata: its year is a guess); `None` is not a date at all.
pub fn parse_date(s: &str) -> Option<Option<NaiveDate>> {
    let toks: Vec<&str> = s.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).collect();
    if toks.is_empty() || toks.len() > 3 {
        return None;
    }
    let day_of = |t: &str| -> Option<u32> {
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        let rest = t[digits.len()..].trim_end_matches('.').to_lowercase();
        let d: u32 = digits.parse().ok()?;
        ((1..=31).contains(&d) && matches!(rest.as_str(), "" | "st" | "nd" | "rd" | "th")).then_some(d)
    };
    let year_of = |t: &str| -> Option<i32> { t.parse::<i32>().ok().filter(|y| (1800..=2200).contains(y) && t.len() == 4) };
    let (month, day) = match (month_number(toks[0]), toks.get(1).and_then(|t| day_of(t))) {
        (Some(m), Some(d)) => (m, d),
        _ => match (day_of(toks[0]), toks.get(1).and_then(|t| month_number(t))) {
            (Some(d), Some(m)) => (m, d),
            _ => return None,
        },
    };
    match toks.get(2) {
        None => Some(None),
        Some(t) => {
            let y = year_of(t)?;
            NaiveDate::from_ymd_opt(y, month, day).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, want: Option<(&str, Option<&str>, Option<(i32, u32, u32)>, &str)>) {
        let got = parse(text);
        match (got, want) {
            (None, None) => {}
            (Some(f), Some((place, source, date, rest))) => {
                assert_eq!(f.place, place, "{text}");
                assert_eq!(f.source.as_deref(), source, "{text}");
                assert_eq!(f.date, date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)), "{text}");
                assert_eq!(&text[f.len..], rest, "{text}");
            }
            (got, want) => panic!("{text}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn wire_datelines() {
        check("WASHINGTON (AP) — The Senate voted.", Some(("WASHINGTON", Some("AP"), None, "The Senate voted.")));
        check(
            "WASHINGTON (dpa-AFX) - The World Health Organization",
            Some(("WASHINGTON", Some("dpa-AFX"), None, "The World Health Organization")),
        );
        check("LOS ANGELES - The survey has upgraded the quake", Some(("LOS ANGELES", None, None, "The survey has upgraded the quake")));
        check("PORTLAND, Ore. (AP) — Firefighters", Some(("PORTLAND, Ore.", Some("AP"), None, "Firefighters")));
        check("Washington (Reuters) - Shares fell", Some(("Washington", Some("Reuters"), None, "Shares fell")));
    }

    #[test]
    fn datelines_with_dates() {
        check(
            "VLADIVOSTOK (Sputnik - 25th April, 2019) - Kim Jong Un arrived",
            Some(("VLADIVOSTOK", Some("Sputnik"), Some((2019, 4, 25)), "Kim Jong Un arrived")),
        );
        check("VLADIVOSTOK, April 25 (Reuters) - Kim arrived", Some(("VLADIVOSTOK", Some("Reuters"), None, "Kim arrived")));
        check("SEOUL, Sept. 12, 2023 (Yonhap) -- North Korea", Some(("SEOUL", Some("Yonhap"), Some((2023, 9, 12)), "North Korea")));
    }

    #[test]
    fn sentences_are_not_datelines() {
        check("The president (a Democrat) - who spoke first - left.", None);
        check("Kim Jong Un, the leader of North Korea, has arrived.", None);
        check("NATO-led troops left on Sunday.", None);
        check("WASHINGTON-based lobbyists met.", None);
        check("However, the bank - unlike others - held rates.", None);
        check("In Berlin (Germany) - a city of millions - prices rose", None);
    }
}
