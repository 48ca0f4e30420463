//! Chrome removal: from a page's text lines to the article a reader came for.
//!
//! The rule is generic, so it removes chrome it has never seen. Each line gets features:
//! - its length in words, and whether it ends like a sentence;
//! - whether it is made of widget phrases only ("Share this Article", "3 Min Read"), from a
//!   small multilingual lexicon, or of symbols ("A | a-+=");
//! - whether it repeats the headline, repeats inside the article, or repeats across other
//!   articles of the same outlet (a [`Boilerplate`] index built over the batch);
//! - where it stands: before the first or after the last real paragraph ("edge zones").
//!
//! Short lines in the edge zones that do not read as sentences are chrome (bylines, dates,
//! "Previous Article" and the other article's title); in the middle, short lines survive unless
//! they are widget lines or stick to one (the title after "Next Article"). Sentences, quotes,
//! datelines and short paragraphs are kept wherever they stand.

use std::collections::HashMap;

use tidings_model::Span;

use crate::lexicon::{is_stop, WIDGET_SET};

/// A line with at least this many words is a real paragraph even without end punctuation.
pub const LONG_LINE_WORDS: usize = 25;
/// A sentence-like line with at least this many words is a real paragraph.
pub const PARAGRAPH_MIN_WORDS: usize = 8;
/// Lines of at most this many words are candidates for chrome.
pub const SHORT_LINE_WORDS: usize = 12;
/// A line that starts with a widget label ("Read more:", "Source:") is chrome up to this length.
pub const LABELLED_LINE_WORDS: usize = 30;
/// A line seen in at least this many articles of one outlet is that outlet's boilerplate.
pub const OUTLET_REPEAT_MIN: usize = 2;
/// A short non-sentence line seen in at least this many articles of the batch is boilerplate.
pub const BATCH_REPEAT_MIN: usize = 3;

/// The result of cleaning one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub title: String,
    /// Paragraphs joined by a blank line.
    pub text: String,
    pub paragraphs: Vec<Span>,
    /// A lone byline found at the edges ("By Jane Doe", "Soukaina Sghir"), when there was one.
    pub byline: Option<String>,
    /// The removed lines, for debugging and tests.
    pub removed: Vec<String>,
}

/// Normalised form of a line: lowercase words of letters, digits replaced by `#`.
pub fn normalize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut last_space = true;
    for c in line.chars() {
        if c.is_alphabetic() {
            for l in c.to_lowercase() {
                out.push(l);
            }
            last_space = false;
        } else if c.is_numeric() {
            if !out.ends_with('#') {
                out.push('#');
            }
            last_space = false;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Lines repeated across the articles of a batch, per outlet and overall.
#[derive(Debug, Default, Clone)]
pub struct Boilerplate {
    per_outlet: HashMap<(String, String), usize>,
    overall: HashMap<String, usize>,
}

impl Boilerplate {
    pub fn new() -> Boilerplate {
        Boilerplate::default()
    }

    /// Records the short lines of one article (each line counted once per article).
    pub fn add(&mut self, outlet: Option<&str>, raw: &str) {
        let mut seen: Vec<String> = raw
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && word_count(l) <= SHORT_LINE_WORDS)
            .map(normalize_line)
            .filter(|n| !n.is_empty())
            .collect();
        seen.sort();
        seen.dedup();
        for n in seen {
            if let Some(o) = outlet {
                *self.per_outlet.entry((o.to_lowercase(), n.clone())).or_default() += 1;
            }
            *self.overall.entry(n).or_default() += 1;
        }
    }

    fn is_boilerplate(&self, outlet: Option<&str>, norm: &str, sentence_like: bool) -> bool {
        if let Some(o) = outlet {
            if self.per_outlet.get(&(o.to_lowercase(), norm.to_string())).copied().unwrap_or(0) >= OUTLET_REPEAT_MIN {
                return true;
            }
        }
        !sentence_like && self.overall.get(norm).copied().unwrap_or(0) >= BATCH_REPEAT_MIN
    }
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Whether a line ends the way a sentence does: `.`, `!`, `?`, `…`, possibly inside quotes or brackets.
pub fn ends_like_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(|c: char| matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*') || c.is_whitespace());
    t.ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// Whether a normalised line is made only of widget phrases, numbers and filler words.
fn is_widget_line(norm: &str) -> bool {
    if norm.is_empty() {
        return false;
    }
    if WIDGET_SET.contains(norm) {
        return true;
    }
    let words: Vec<&str> = norm.split(' ').collect();
    if words.len() > 8 {
        return false;
    }
    let mut i = 0;
    let mut phrases = 0;
    while i < words.len() {
        let mut matched = 0;
        for len in (1..=6.min(words.len() - i)).rev() {
            let cand = words[i..i + len].join(" ");
            if WIDGET_SET.contains(cand.as_str()) {
                matched = len;
                break;
            }
        }
        if matched > 0 {
            phrases += 1;
            i += matched;
        } else if words[i] == "#" || words[i].chars().count() <= 1 || is_stop(words[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    phrases > 0
}

/// A line such as "Read more: other headline" or "Photo: Jane Doe/Reuters": a widget label and a colon.
fn is_labelled_widget(line: &str) -> bool {
    let line = line.trim_start_matches(['(', '[', '*', '-', '–', '—', ' ']);
    match line.split_once([':', '|']) {
        Some((label, _)) if word_count(label) <= 4 => {
            let n = normalize_line(label);
            !n.is_empty() && WIDGET_SET.contains(n.as_str())
        }
        _ => false,
    }
}

/// Wire-service credits: "Reporting by Jane Doe; Editing by John Roe".
fn is_credit_line(norm: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "reporting by ",
        "editing by ",
        "writing by ",
        "additional reporting by ",
        "with reporting by ",
        "compiled by ",
        "reported by ",
        "edited by ",
    ];
    PREFIXES.iter().any(|p| norm.starts_with(p))
}

/// Three or more `|` separators and no final stop: a navigation bar or a list of credits
/// ("Home | World | Business", "Source: A | B | C").
fn is_pipe_list(line: &str) -> bool {
    line.matches('|').count() >= 3 && !ends_like_sentence(line)
}

/// Mostly symbols: "A | a-+=", "* * *", "---".
fn is_symbolic(line: &str) -> bool {
    let non_space = line.chars().filter(|c| !c.is_whitespace()).count();
    if non_space == 0 {
        return true;
    }
    let letters = line.chars().filter(|c| c.is_alphanumeric()).count();
    let longest_word = line.split(|c: char| !c.is_alphanumeric()).map(|w| w.chars().count()).max().unwrap_or(0);
    letters * 2 < non_space || (longest_word <= 1 && non_space < 16)
}

/// A lone byline: "By Jane Doe", or two to four capitalised words and nothing else.
fn looks_like_byline(line: &str) -> bool {
    let t = line.trim();
    let rest = t.strip_prefix("By ").or_else(|| t.strip_prefix("by ")).or_else(|| t.strip_prefix("BY ")).unwrap_or(t);
    let words: Vec<&str> = rest.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let w = w.trim_end_matches(',');
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\''))
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Keep,
    Chrome,
}

struct Line<'a> {
    text: &'a str,
    norm: String,
    words: usize,
    sentence_like: bool,
    widget: bool,
}

impl Line<'_> {
    fn is_real_paragraph(&self) -> bool {
        (self.sentence_like && self.words >= PARAGRAPH_MIN_WORDS) || self.words >= LONG_LINE_WORDS
    }
    fn is_short(&self) -> bool {
        self.words <= SHORT_LINE_WORDS
    }
}

/// Cleans one document's text.
///
/// `title` is the title known from metadata, if any; otherwise the first line that is not chrome
/// becomes the title. `outlet` and `boiler` let lines repeated across one outlet's pages go.
pub fn clean(raw: &str, title: Option<&str>, outlet: Option<&str>, boiler: &Boilerplate) -> Cleaned {
    let mut lines: Vec<Line> = raw
        .lines()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(|l| {
            let norm = normalize_line(l);
            Line {
                text: l,
                words: word_count(l),
                sentence_like: ends_like_sentence(l),
                widget: is_symbolic(l)
                    || is_pipe_list(l)
                    || (word_count(l) <= SHORT_LINE_WORDS && is_widget_line(&norm))
                    || (word_count(l) <= LABELLED_LINE_WORDS && (is_labelled_widget(l) || is_credit_line(&norm))),
                norm,
            }
        })
        .collect();

    let mut verdict: Vec<Verdict> = lines.iter().map(|l| if l.widget { Verdict::Chrome } else { Verdict::Keep }).collect();

    // Boilerplate repeated across the batch, and short lines repeated inside the article.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in &lines {
        *counts.entry(l.norm.as_str()).or_default() += 1;
    }
    for (i, l) in lines.iter().enumerate() {
        if l.is_short() && boiler.is_boilerplate(outlet, &l.norm, l.sentence_like) {
            verdict[i] = Verdict::Chrome;
        }
    }

    // The title: given, or the first kept line that is not a full paragraph.
    let mut title_text = title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let mut first_body = 0;
    if title_text.is_none() {
        // The first kept line, unless the head (before the first real paragraph) shows a better
        // one: a line printed twice is the headline; a one- or two-word line is a kicker
        // ("Live Updates") when a longer line follows it.
        let kept: Vec<usize> = (0..lines.len()).filter(|&i| verdict[i] == Verdict::Keep).collect();
        let head: Vec<usize> = kept.iter().copied().take_while(|&i| !lines[i].is_real_paragraph()).collect();
        let repeated = head.iter().copied().find(|&i| counts[lines[i].norm.as_str()] > 1);
        let first = kept.first().copied();
        let pick = repeated.or_else(|| match first {
            Some(f) if lines[f].words <= 2 => {
                head.iter().copied().find(|&i| (3..=25).contains(&lines[i].words) && !lines[i].sentence_like).or(Some(f))
            }
            other => other,
        });
        if let Some(i) = pick.filter(|&i| lines[i].words <= 40) {
            title_text = Some(lines[i].text.to_string());
            for j in 0..=i {
                if verdict[j] == Verdict::Keep && j < i {
                    verdict[j] = Verdict::Chrome;
                }
            }
            verdict[i] = Verdict::Chrome;
            first_body = i + 1;
        }
    }
    for (i, l) in lines.iter().enumerate() {
        if l.is_short() && counts[l.norm.as_str()] > 1 && !l.sentence_like {
            verdict[i] = Verdict::Chrome;
        }
    }
    let title_text = title_text.unwrap_or_default();
    let title_norm = normalize_line(&title_text);
    for (i, l) in lines.iter().enumerate().skip(first_body) {
        if !title_norm.is_empty() && l.norm == title_norm {
            verdict[i] = Verdict::Chrome;
        }
    }

    // Edge zones: before the first and after the last real paragraph.
    let real: Vec<usize> = (0..lines.len()).filter(|&i| verdict[i] == Verdict::Keep && lines[i].is_real_paragraph()).collect();
    let mut byline = None;
    if let (Some(&first), Some(&last)) = (real.first(), real.last()) {
        for i in (0..first).chain(last + 1..lines.len()) {
            // Only short lines: a long line without a final stop is a lead ("LOS ANGELES - The
            // survey has upgraded the quake to 9.0") or a standfirst, not chrome.
            if verdict[i] == Verdict::Keep && lines[i].is_short() && !(lines[i].sentence_like && lines[i].words >= 4) {
                if byline.is_none() && looks_like_byline(lines[i].text) {
                    byline = Some(lines[i].text.trim_start_matches("By ").trim_start_matches("by ").to_string());
                }
                verdict[i] = Verdict::Chrome;
            }
        }
    }

    // In the middle, a short non-sentence line right next to a widget line is its label or link
    // ("Previous Article" / other title / "Next Article"). Headings ending in ':' stay.
    let widget_at: Vec<bool> = lines.iter().map(|l| l.widget).collect();
    for i in 0..lines.len() {
        if verdict[i] == Verdict::Chrome || lines[i].sentence_like || !lines[i].is_short() || lines[i].text.ends_with(':') {
            continue;
        }
        let near = (i > 0 && widget_at[i - 1] && !lines[i - 1].text.ends_with(':')) || (i + 1 < lines.len() && widget_at[i + 1]);
        if near {
            verdict[i] = Verdict::Chrome;
        }
    }

    let mut text = String::with_capacity(raw.len());
    let mut paragraphs = Vec::new();
    let mut removed = Vec::new();
    for (l, v) in lines.drain(..).zip(verdict) {
        if v == Verdict::Chrome {
            removed.push(l.text.to_string());
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(l.text);
        paragraphs.push(Span::new(start, text.len()));
    }
    Cleaned { title: title_text, text, paragraphs, byline, removed }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cleans `input` (with no known title) and compares the kept paragraphs and title.
    fn check(input: &str, want_title: &str, want_kept: &[&str]) {
        let c = clean(input, None, None, &Boilerplate::new());
        let kept: Vec<&str> = c.paragraphs.iter().map(|s| &c.text[s.start..s.end]).collect();
        assert_eq!(c.title, want_title, "title of:\n{input}");
        assert_eq!(kept, want_kept, "removed: {:?}", c.removed);
    }

    const P1: &str = "The city council voted on Thursday to close the old bridge for repairs that will take two years.";
    const P2: &str = "Engineers said cracks had been found in three of the bridge's supporting columns last month.";

    #[test]
    fn head_widgets_and_repeated_headline_go() {
        check(
            &format!("Live Updates\nBridge to close for two years\n\n5 minute read\n\nBridge to close for two years\n{P1}\n{P2}"),
            "Bridge to close for two years",
            &[P1, P2],
        );
    }

    #[test]
    fn tail_navigation_and_byline_go() {
        check(
            &format!(
                "Bridge to close\n{P1}\n{P2}\nMaria Gonzalez\nShare on Facebook\nRead next\nHow the river shaped our town\nPosted in Local"
            ),
            "Bridge to close",
            &[P1, P2],
        );
    }

    #[test]
    fn middle_navigation_goes_but_headings_stay() {
        check(
            &format!("Bridge to close\n{P1}\nRelated stories\nMayor opens new library wing\nWhat happens next:\n{P2}"),
            "Bridge to close",
            &[P1, "What happens next:", P2],
        );
    }

    #[test]
    fn short_paragraphs_quotes_and_datelines_stay() {
        let quote = "\u{201c}We had no choice,\u{201d} she said.";
        let dateline = "LONDON (Reuters) - The bank raised its main rate by a quarter point on Thursday, its fifth rise in a row.";
        check(
            &format!("Rates up again\n{dateline}\n{quote}\nPrices rose.\n{P2}"),
            "Rates up again",
            &[dateline, quote, "Prices rose.", P2],
        );
    }

    #[test]
    fn symbol_widgets_and_other_languages_go() {
        check(
            &format!("Brücke wird gesperrt\nLesezeit: 3 Min.\n+ | - | A\n{P1}\nArtikel teilen\nMehr zum Thema\n{P2}\nKommentare"),
            "Brücke wird gesperrt",
            &[P1, P2],
        );
    }

    #[test]
    fn a_lead_without_a_final_stop_stays() {
        let lead = "WELLINGTON - The weather service has raised its warning for the storm that hit the capital on Friday to red";
        check(&format!("Storm warning raised\n{lead}\n{P1}\n{P2}"), "Storm warning raised", &[lead, P1, P2]);
    }

    #[test]
    fn credit_lists_go() {
        check(
            &format!("Bridge to close\n{P1}\n{P2}\n(Source: Ann Lee | The Daily Courier | Bo Chan | Ravi Das | Wire Services)\nReporting by Ann Lee; editing by Bo Chan and the whole of the night desk"),
            "Bridge to close",
            &[P1, P2],
        );
    }

    #[test]
    fn outlet_boilerplate_goes() {
        let mut b = Boilerplate::new();
        let footer = "Daily Courier Editorial Team";
        b.add(Some("courier"), &format!("A\n{P1}\n{footer}"));
        b.add(Some("courier"), &format!("B\n{P2}\n{footer}"));
        let c = clean(&format!("Headline here\n{P1}\n{footer}\n{P2}"), None, Some("courier"), &b);
        assert!(!c.text.contains(footer));
        assert!(c.text.contains(P2));
    }
}
