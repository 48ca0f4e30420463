//! An independent check for photo captions, credits, file names, datelines and time stamps in
//! summary sentences and "no time to read" bullets. It is written apart from the brief's own filter
//! (crates/brief/src/hygiene.rs) so that the benchmark does not only check the filter against itself.

const CAPTION_STARTS: &[&str] = &[
    "file -",
    "file–",
    "file —",
    "file photo",
    "file:",
    "in this photo",
    "in this file photo",
    "in this image",
    "this photo",
    "this image",
    "pictured",
    "photo:",
    "image:",
    "caption:",
    "(photo",
    "photograph:",
    "above:",
    "top:",
    "left:",
    "right:",
];
const CAPTION_PARTS: &[&str] = &[
    "(ap photo",
    "ap photo/",
    "photo by ",
    "photo credit",
    "getty images",
    "reuters/",
    "afp photo",
    "afp/",
    "epa/",
    "image copyright",
    "image caption",
    "(photo:",
    "shutterstock",
    "via getty",
    "/ap)",
    "(file photo",
];
const CREDIT_STARTS: &[&str] = &[
    "reporting by",
    "editing by",
    "writing by",
    "additional reporting",
    "compiled by",
    "(source:",
    "source:",
    "copyright",
    "\u{a9}",
    "(c)",
    "by ",
];
const CREDIT_PARTS: &[&str] = &["contributed to this report", "all rights reserved", "contributed reporting"];
const STAMP_STARTS: &[&str] =
    &["published", "updated", "posted", "first published", "last updated", "originally published", "article posted", "posted on"];
const FILE_EXTENSIONS: &[&str] = &[".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp4", ".pdf"];
const DATE_WORDS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "am",
    "pm",
    "a.m",
    "p.m",
    "et",
    "est",
    "edt",
    "pt",
    "pst",
    "pdt",
    "gmt",
    "bst",
    "utc",
    "ist",
    "cst",
    "cdt",
    "at",
];

/// Why a sentence is not summary material, or `None` when it looks like prose.
pub fn flag(sentence: &str) -> Option<&'static str> {
    let t = sentence.trim();
    let low = t.to_lowercase();
    if CAPTION_STARTS.iter().any(|p| low.starts_with(p)) || CAPTION_PARTS.iter().any(|p| low.contains(p)) {
        return Some("caption");
    }
    if CREDIT_STARTS.iter().any(|p| low.starts_with(p)) && (low.starts_with("by ") == is_byline(t))
        || CREDIT_PARTS.iter().any(|p| low.contains(p))
    {
        return Some("credit");
    }
    if low.split_whitespace().any(|w| FILE_EXTENSIONS.iter().any(|e| w.trim_end_matches(['.', ',', ')', '"']).ends_with(e))) {
        return Some("file name");
    }
    if STAMP_STARTS.iter().any(|p| low.starts_with(p)) && date_share(&low) >= 0.4 {
        return Some("time stamp");
    }
    if date_share(&low) >= 0.6 {
        return Some("time stamp");
    }
    if has_dateline(t) {
        return Some("dateline");
    }
    None
}

/// "By Jane Doe" (a byline), not "By Tuesday, the river had risen."
fn is_byline(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    words.len() <= 8 && words.iter().skip(1).all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic()))
}

fn date_share(low: &str) -> f64 {
    let words: Vec<&str> = low.split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '-').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return 0.0;
    }
    let datey = words
        .iter()
        .filter(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != ':' && c != '/');
            w.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '/' || c == '.')
                || DATE_WORDS.contains(&w.trim_end_matches('.'))
                || w.ends_with("am") && w.len() <= 7 && w[..w.len() - 2].chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.')
                || w.ends_with("pm") && w.len() <= 7 && w[..w.len() - 2].chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.')
                || (w.ends_with("th") || w.ends_with("st") || w.ends_with("nd") || w.ends_with("rd"))
                    && w.len() <= 4
                    && w[..w.len() - 2].chars().all(|c| c.is_ascii_digit())
        })
        .count();
    datey as f64 / words.len() as f64
}

/// A dateline opening the sentence: "WASHINGTON (Reuters) -", "AZMARIN, Syria —", "Mannheim, Germany (Sports Network) -",
/// "MUMBAI:", "Mumbai, Nov 11 -".
fn has_dateline(t: &str) -> bool {
    // The part before the first dash or colon, within the first 60 bytes.
    let head_end = t
        .char_indices()
        .take_while(|(i, _)| *i < 60)
        .find(|&(i, c)| {
            (c == '—' || c == '–' || c == ':')
                || (c == '-' && t[..i].ends_with(' ') && t[i + 1..].starts_with(' '))
                || (c == '-' && t[i + 1..].starts_with("- "))
        })
        .map(|(i, _)| i);
    let Some(end) = head_end else { return false };
    let head = t[..end].trim();
    if head.is_empty() || head.split_whitespace().count() > 7 {
        return false;
    }
    let agency = head.contains('(') && head.ends_with(')');
    let words: Vec<&str> = head.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let first = words[0].trim_matches(|c: char| !c.is_alphanumeric());
    let caps = first.len() >= 3 && first.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
    let titled = words.iter().all(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.is_empty() || w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    });
    let has_comma = head.contains(',');
    (caps && (agency || has_comma || words.len() <= 3)) || (titled && (agency || has_comma) && words.len() >= 2)
}

#[cfg(test)]
mod tests {
    use super::flag;

    #[test]
    fn flags_captions_credits_datelines_and_stamps() {
        for (s, why) in [
            ("FILE - People search for survivors at a collapsed building in Azmarin, Syria, Feb. 7, 2023.", "caption"),
            ("Rescuers work at the site (AP Photo/Ghaith Alsayed).", "caption"),
            ("AZMARIN, Syria \u{2014} Rescuers pulled a boy from the rubble on Tuesday.", "dateline"),
            ("WASHINGTON (dpa-AFX) - The Fed held rates.", "dateline"),
            ("Mannheim, Germany (Sports Network) - Wladimir Klitschko retained three belts.", "dateline"),
            ("First Published: June 13, 2013 4:59 PM EDT", "time stamp"),
            ("Reporting by Jane Doe; Editing by John Roe", "credit"),
            ("The photo img_2031.jpg went viral.", "file name"),
        ] {
            assert_eq!(flag(s), Some(why), "{s}");
        }
        for s in [
            "Tara Reid has checked into Promises Treatment Center in Malibu, her publicist said.",
            "By Tuesday, the river had risen two metres.",
            "Kim Jong Un - the leader of North Korea - arrived on Tuesday.",
            "The 76ers fired Maurice Cheeks on Saturday: the team was 9-14.",
        ] {
            assert_eq!(flag(s), None, "{s}");
        }
    }
}
