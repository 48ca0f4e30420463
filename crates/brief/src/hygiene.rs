//! What is not a sentence a reader should get in a brief, whatever the cleaner left in: photo
//! captions, photo and reporting credits, file names, time stamps and shouted headings; and the
//! datelines and labels ("WASHINGTON (Reuters) -", "UPDATE:") that open a lead, which are cut off
//! the sentence (the rest is still a verbatim span) and become the article's metadata.

use tidings_text::words;

/// Why a sentence is not brief material.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotProse {
    /// A photo caption or a photo credit ("FILE - …", "(AP Photo/…)").
    Caption,
    /// A reporting credit, byline, source line or copyright notice.
    Credit,
    /// Contains a file name ("IMG_2031.jpg").
    FileName,
    /// A publication or update time stamp ("Updated 4:08 p.m. ET").
    TimeStamp,
    /// A line in capitals ("BREAKING NEWS-3 DEAD …"): a heading, not a sentence.
    Shouting,
}

/// A dateline (or a label such as "UPDATE:") opening a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// Bytes of the sentence the dateline takes, including the dash and the space after it.
    pub len: usize,
    /// The place as written ("AZMARIN, Syria"); empty for a label.
    pub place: String,
    /// A date written in the dateline ("Nov 11"), if any.
    pub date: Option<String>,
    /// The agency in parentheses ("Reuters", "dpa-AFX"), if any.
    pub agency: Option<String>,
}

/// Longest dateline looked for, in bytes: a place, a region, a date and an agency.
pub const MAX_DATELINE_BYTES: usize = 72;

/// Opening words that mark a caption.
const CAPTION_OPENERS: &[&str] = &[
    "file",
    "file photo",
    "in this photo",
    "in this file photo",
    "in this image",
    "in this handout",
    "in this undated",
    "this photo",
    "this image",
    "this handout",
    "pictured",
    "photo",
    "photos",
    "image",
    "caption",
    "above",
    "watch",
    "video",
    "gallery",
    "slideshow",
];
/// Words inside a parenthesised credit ("(AP Photo/Jae C. Hong)", "(Photo: Getty)").
const CREDIT_WORDS: &[&str] = &["photo", "photos", "image", "images", "getty", "reuters", "afp", "epa", "ap", "file", "credit", "pool"];
/// Openers of credit lines.
const CREDIT_OPENERS: &[&str] = &[
    "reporting by",
    "editing by",
    "writing by",
    "written by",
    "posted by",
    "additional reporting",
    "compiled by",
    "source:",
    "(source:",
    "sources:",
    "copyright",
    "\u{a9}",
    "(c)",
    "follow us",
    "sign up",
    "click here",
    "read more",
    "related:",
    "email:",
    "contact:",
];
/// Phrases that make a line a credit wherever they stand.
const CREDIT_PHRASES: &[&str] =
    &["contributed to this report", "contributed reporting", "all rights reserved", "image copyright", "photo credit"];
const FILE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "gif", "webp", "tif", "tiff", "mp4", "mov", "pdf"];
/// Openers of time stamps ("Updated 4:08 p.m. ET", "First Published: June 13, 2013").
const STAMP_OPENERS: &[&str] =
    &["published", "updated", "posted", "first published", "last updated", "originally published", "article posted", "last modified"];
/// Longest time stamp line, in words.
pub const MAX_STAMP_WORDS: usize = 16;
/// Labels cut off the front of a sentence like a dateline ("UPDATE: Police have …").
const LABELS: &[&str] =
    &["update", "updated", "breaking", "breaking news", "editor's note", "correction", "exclusive", "watch", "developing"];
/// Verbs in the present tense that captions describe a picture with ("People search for survivors …").
const CAPTION_VERBS: &[&str] = &[
    "search",
    "searches",
    "work",
    "works",
    "stand",
    "stands",
    "walk",
    "walks",
    "look",
    "looks",
    "hold",
    "holds",
    "gather",
    "gathers",
    "wait",
    "waits",
    "sit",
    "sits",
    "pose",
    "poses",
    "react",
    "reacts",
    "carry",
    "carries",
    "attend",
    "attends",
    "speak",
    "speaks",
    "arrive",
    "arrives",
    "listen",
    "listens",
    "watch",
    "watches",
    "mourn",
    "mourns",
    "pray",
    "prays",
    "march",
    "marches",
    "rally",
    "rallies",
    "play",
    "plays",
    "celebrate",
    "celebrates",
    "inspect",
    "inspects",
    "remove",
    "removes",
    "clear",
    "clears",
    "help",
    "helps",
    "pull",
    "pulls",
    "rescue",
    "rescues",
    "sort",
    "sorts",
    "is",
    "are",
    "lies",
    "lie",
    "hug",
    "hugs",
    "cry",
    "cries",
    "wave",
    "waves",
    "leave",
    "leaves",
    "enter",
    "enters",
    "visit",
    "visits",
    "view",
    "views",
    "gestures",
    "gesture",
    "smiles",
    "smile",
    "jumps",
    "runs",
    "shows",
    "show",
];
/// Words that say someone reported something: a sentence with one is reported prose, not a caption.
const REPORTING: &[&str] = &["said", "says", "told", "according", "reported", "announced", "confirmed"];
const MONTHS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];
const TIME_WORDS: &[&str] = &[
    "am",
    "pm",
    "a",
    "m",
    "p",
    "et",
    "est",
    "edt",
    "pt",
    "pst",
    "pdt",
    "ct",
    "cst",
    "cdt",
    "gmt",
    "bst",
    "utc",
    "ist",
    "at",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "th",
    "st",
    "nd",
    "rd",
    "on",
    "the",
    "of",
];

fn starts_with_words(lower: &[&str], phrase: &str) -> bool {
    let mut n = 0;
    for (k, p) in phrase.split(' ').enumerate() {
        if lower.get(k) != Some(&p) {
            return false;
        }
        n += 1;
    }
    n > 0
}

/// Whether a sentence is a caption, credit, file name, time stamp or shouted heading.
pub fn not_prose(sentence: &str) -> Option<NotProse> {
    let t = sentence.trim();
    let low = t.to_lowercase();
    let lw: Vec<&str> = words(&low).map(|(_, w)| w).collect();
    if lw.is_empty() {
        return None;
    }
    // Captions: an opener followed by a separator ("FILE - …", "Photo: …"), or a credit in parentheses.
    for o in CAPTION_OPENERS {
        if starts_with_words(&lw, o) {
            // "In this photo …" is a caption however it goes on; "Photo" and "File" need a separator
            // ("Photos from the scene showed …" is prose).
            let after = low.get(o.len()..).unwrap_or("").trim_start();
            if o.contains(' ') || after.starts_with(['-', '—', '–', ':', '|', '(']) {
                return Some(NotProse::Caption);
            }
        }
    }
    if has_credit_parenthesis(&low) {
        return Some(NotProse::Caption);
    }
    if is_caption_grammar(t, &lw) {
        return Some(NotProse::Caption);
    }
    if CREDIT_OPENERS.iter().any(|o| low.starts_with(o)) || CREDIT_PHRASES.iter().any(|p| low.contains(p)) || is_byline(t, &lw) {
        return Some(NotProse::Credit);
    }
    if has_file_name(&low) {
        return Some(NotProse::FileName);
    }
    if is_time_stamp(&lw) {
        return Some(NotProse::TimeStamp);
    }
    if is_shouting(t) {
        return Some(NotProse::Shouting);
    }
    None
}

/// "(AP Photo/Jae C. Hong)", "(Photo: Getty Images)", "(Reuters/Ammar Awad)".
fn has_credit_parenthesis(low: &str) -> bool {
    let mut rest = low;
    while let Some(open) = rest.find('(') {
        let inner_start = open + 1;
        let Some(close) = rest[inner_start..].find(')') else { break };
        let inner = &rest[inner_start..inner_start + close];
        if inner.contains('/') || inner.contains(':') {
            let first = inner.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or("");
            if CREDIT_WORDS.contains(&first) {
                return true;
            }
        }
        rest = &rest[inner_start + close..];
    }
    false
}

/// A present-tense description of a picture with a full date: "People search for survivors at a
/// collapsed building in Azmarin, Syria, Feb. 7, 2023." News prose says "searched" and who said so.
fn is_caption_grammar(t: &str, lw: &[&str]) -> bool {
    if lw.iter().any(|w| REPORTING.contains(w)) {
        return false;
    }
    let year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
    let day = |w: &str| !w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit());
    let has_full_date =
        lw.windows(3).any(|w| year(w[2]) && ((MONTHS.contains(&w[0]) && day(w[1])) || (day(w[0]) && MONTHS.contains(&w[1]))));
    if !has_full_date {
        return false;
    }
    // The verb comes within the first words, after a short subject.
    let head: Vec<&str> = t.split_whitespace().take(6).collect();
    head.iter().skip(1).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        CAPTION_VERBS.contains(&w.as_str())
    })
}

/// "By Jane Doe", "By JANE DOE, Associated Press": a short line of capitalised words after "By".
fn is_byline(t: &str, lw: &[&str]) -> bool {
    if lw.first() != Some(&"by") || lw.len() > 9 {
        return false;
    }
    t.split_whitespace()
        .skip(1)
        .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic()) || matches!(w, "and" | "of" | "the"))
}

fn has_file_name(low: &str) -> bool {
    if !FILE_EXTENSIONS.iter().any(|e| low.contains(e)) && !low.contains("img_") && !low.contains("dsc_") {
        return false;
    }
    low.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '\'' | ',' | ';')).any(|tok| {
        let tok = tok.trim_end_matches(['.', ':']);
        match tok.rsplit_once('.') {
            Some((stem, ext)) => {
                !stem.is_empty() && FILE_EXTENSIONS.contains(&ext) && stem.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
            }
            None => false,
        }
    }) || low
        .split_whitespace()
        .any(|w| (w.starts_with("img_") || w.starts_with("dsc_")) && w[4..].starts_with(|c: char| c.is_ascii_digit()))
}

/// A line made of a date, a time and a few labels ("Fri., May. 3, 2013 11:45 AM PDT").
fn is_time_stamp(lw: &[&str]) -> bool {
    // A time stamp is short and has a number, or is a bare day and month ("Fri., May.").
    let has_digit = lw.iter().any(|w| w.bytes().any(|b| b.is_ascii_digit()));
    if lw.len() > MAX_STAMP_WORDS || (!has_digit && lw.len() > 3) {
        return false;
    }
    let datey = lw
        .iter()
        .filter(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || MONTHS.contains(*w)
                || TIME_WORDS.contains(*w)
                || (w.len() <= 6 && w.chars().next().is_some_and(|c| c.is_ascii_digit()) && (w.ends_with("am") || w.ends_with("pm")))
        })
        .count();
    if !has_digit {
        return datey == lw.len() && lw.iter().any(|w| MONTHS.contains(w));
    }
    let opener = STAMP_OPENERS.iter().any(|o| starts_with_words(lw, o));
    datey * 10 >= lw.len() * 7 || (opener && datey * 10 >= lw.len() * 4)
}

/// Most of the first words in capitals: a shouted heading.
fn is_shouting(t: &str) -> bool {
    let (mut words, mut caps) = (0, 0);
    for w in t.split_whitespace().take(8) {
        words += 1;
        let mut letters = 0;
        if w.chars().filter(|c| c.is_alphabetic()).all(|c| {
            letters += 1;
            c.is_uppercase()
        }) && letters >= 2
        {
            caps += 1;
        }
    }
    caps >= 4 && caps * 10 >= words * 6
}

/// The dateline or label that opens `sentence`, if any. The rest of the sentence starts at `len`.
pub fn dateline(sentence: &str) -> Option<Dateline> {
    let limit = sentence.len().min(MAX_DATELINE_BYTES);
    // Find the separator: a spaced dash, a double dash, an em or en dash, or a colon.
    let mut sep: Option<(usize, usize)> = None;
    for (i, c) in sentence.char_indices() {
        if i >= limit {
            break;
        }
        let next = sentence[i + c.len_utf8()..].chars().next();
        if c == '—' || c == '–' {
            sep = Some((i, i + c.len_utf8()));
        } else if c == '-' && sentence[i + 1..].starts_with('-') {
            sep = Some((i, i + 2));
        } else if c == '-' && i > 0 && sentence[..i].ends_with([' ', ')']) && next.is_some_and(char::is_whitespace) {
            sep = Some((i, i + 1));
        } else if c == ':' && next.is_some_and(char::is_whitespace) {
            sep = Some((i, i + 1));
        }
        if sep.is_some() {
            break;
        }
    }
    let (head_end, after_sep) = sep?;
    let head = sentence[..head_end].trim();
    let rest_start = after_sep + sentence[after_sep..].len() - sentence[after_sep..].trim_start().len();
    let rest = &sentence[rest_start..];
    // What follows must be a sentence of its own.
    if rest.split_whitespace().count() < 4 || !rest.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '"' || c == '“')
    {
        return None;
    }
    if head.is_empty() {
        return None;
    }
    let colon = sentence[head_end..].starts_with(':');
    // A time label: "2:16pm:", "8:24 a.m.:".
    if colon && head.len() <= 12 && head.starts_with(|c: char| c.is_ascii_digit()) && {
        let l = head.to_lowercase();
        l.ends_with("am") || l.ends_with("pm") || l.ends_with("a.m.") || l.ends_with("p.m.")
    } {
        return Some(Dateline { len: rest_start, place: String::new(), date: None, agency: None });
    }
    // A label: "UPDATE:", "Update, 9:45 a.m. Sunday:", "BREAKING NEWS -".
    let head_low = head.to_lowercase();
    let first_low = head_low.split([',', ' ']).next().unwrap_or("");
    if (LABELS.contains(&first_low) || LABELS.contains(&head_low.as_str())) && head.split_whitespace().count() <= 5 {
        return Some(Dateline { len: rest_start, place: String::new(), date: None, agency: None });
    }
    // Split off an agency in parentheses at the end: "WASHINGTON (dpa-AFX)".
    let (place_part, agency) = match head.strip_suffix(')').and_then(|h| h.rsplit_once('(')) {
        Some((p, a)) if !a.trim().is_empty() && a.len() <= 30 => (p.trim(), Some(a.trim().to_string())),
        _ => (head, None),
    };
    if place_part.is_empty() || place_part.split_whitespace().count() > 7 {
        return None;
    }
    let parts: Vec<&str> = place_part.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    let first = parts.first()?;
    let first_words: Vec<&str> = first.split_whitespace().collect();
    let all_caps = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    };
    let capitalised = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let caps_place = first_words.iter().all(|w| all_caps(w) || w.chars().all(|c| !c.is_alphabetic()));
    let title_place = first_words.iter().all(|w| capitalised(w)) && first_words.len() <= 4;
    let later_ok = parts.iter().skip(1).all(|p| p.split_whitespace().all(|w| capitalised(w) || w.chars().all(|c| c.is_ascii_digit())));
    if !later_ok || first_words.is_empty() {
        return None;
    }
    // The place: capitals ("SALT LAKE CITY —", "MUMBAI:"), or capitalised with a region, a date or
    // an agency ("Mannheim, Germany (Sports Network) -", "Mumbai, Nov 11 -"). A colon needs capitals:
    // "Mr Kim said: …" is prose.
    let ok = if colon {
        caps_place && (first_words.len() <= 4)
    } else {
        (caps_place && first_words.len() <= 5) || (title_place && (parts.len() >= 2 || agency.is_some()))
    };
    if !ok {
        return None;
    }
    // A date among the later parts: "Nov 11", "April 27".
    let mut place_parts: Vec<&str> = Vec::new();
    let mut date = None;
    for p in &parts {
        let w0 = p.split_whitespace().next().unwrap_or("").trim_end_matches('.').to_lowercase();
        if MONTHS.contains(&w0.as_str()) && p.chars().any(|c| c.is_ascii_digit()) {
            date = Some(p.to_string());
        } else {
            place_parts.push(p);
        }
    }
    Some(Dateline { len: rest_start, place: place_parts.join(", "), date, agency })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_credits_stamps_are_not_prose() {
        for (s, why) in [
            ("FILE - People search for survivors at a collapsed building in Azmarin, Syria, Feb. 7, 2023.", NotProse::Caption),
            ("People search for survivors at a collapsed building in Azmarin, Syria, Feb. 7, 2023.", NotProse::Caption),
            ("Rescue workers carry a body from the rubble (AP Photo/Ghaith Alsayed).", NotProse::Caption),
            ("Photo: Kim Jong Un waves from his train.", NotProse::Caption),
            ("Reporting by Jane Doe; Editing by John Roe.", NotProse::Credit),
            ("Reuters staff contributed to this report.", NotProse::Credit),
            ("By JANE DOE, Associated Press", NotProse::Credit),
            ("The clip kim_train_2023.mp4 circulated widely.", NotProse::FileName),
            ("First Published: June 13, 2013 4:59 PM EDT", NotProse::TimeStamp),
            ("Fri., May. 3, 2013 11:45 AM PDT", NotProse::TimeStamp),
            ("Fri., May.", NotProse::TimeStamp),
            ("THREE PEOPLE HAVE DIED IN A BLAZE that broke out at the bank.", NotProse::Shouting),
        ] {
            assert_eq!(not_prose(s), Some(why), "{s}");
        }
        for s in [
            "Rescuers searched for survivors in Azmarin, Syria, on Feb. 7, 2023, officials said.",
            "Kim Jong Un, the leader of North Korea, has arrived in Russia via rail.",
            "By Tuesday, the river had risen two metres above its banks.",
            "Wladimir Klitschko retained his IBF, WBO and IBO titles in Mannheim.",
            "The file was sent to prosecutors on Monday.",
            "Photographers waited outside the hotel for hours.",
        ] {
            assert_eq!(not_prose(s), None, "{s}");
        }
    }

    #[test]
    fn datelines_are_found_and_measured() {
        let check = |s: &str, rest: &str, place: &str, agency: Option<&str>| {
            let d = dateline(s).unwrap_or_else(|| panic!("no dateline in {s}"));
            assert_eq!(&s[d.len..], rest, "{s}");
            assert_eq!(d.place, place, "{s}");
            assert_eq!(d.agency.as_deref(), agency, "{s}");
        };
        check("AZMARIN, Syria — Rescuers pulled a boy from the rubble.", "Rescuers pulled a boy from the rubble.", "AZMARIN, Syria", None);
        check(
            "WASHINGTON (dpa-AFX) - The Fed held its rate at 5 percent.",
            "The Fed held its rate at 5 percent.",
            "WASHINGTON",
            Some("dpa-AFX"),
        );
        check(
            "Mannheim, Germany (Sports Network) - Wladimir Klitschko retained three heavyweight title belts.",
            "Wladimir Klitschko retained three heavyweight title belts.",
            "Mannheim, Germany",
            Some("Sports Network"),
        );
        check(
            "SALT LAKE CITY — Police say a man shot an 8-year-old boy.",
            "Police say a man shot an 8-year-old boy.",
            "SALT LAKE CITY",
            None,
        );
        check("MILWAUKEE -- A two-month-old girl was shot on Sunday.", "A two-month-old girl was shot on Sunday.", "MILWAUKEE", None);
        check("MUMBAI: An Indian warship foiled a pirate attack.", "An Indian warship foiled a pirate attack.", "MUMBAI", None);
        check(
            "UPDATE: Stockton Police have identified the man shot on Tuesday.",
            "Stockton Police have identified the man shot on Tuesday.",
            "",
            None,
        );
        check(
            "2:16pm: Take it with a grain of salt, but we have a report.",
            "Take it with a grain of salt, but we have a report.",
            "",
            None,
        );
        let d = dateline("Mumbai, Nov 11 - Indian Navy patrolling the Gulf of Aden thwarted an attack.").unwrap();
        assert_eq!((d.place.as_str(), d.date.as_deref()), ("Mumbai", Some("Nov 11")));
        for s in [
            "Kim Jong Un - the leader of North Korea - arrived on Tuesday.",
            "The Kremlin said: the talks will be held in the coming days.",
            "Mr Kim said: \"We will meet soon and talk.\"",
            "Tara Reid has checked into rehab, her publicist said.",
            "Officials said Tuesday — two days after the blast — that 12 people died.",
        ] {
            assert_eq!(dateline(s), None, "{s}");
        }
    }
}
