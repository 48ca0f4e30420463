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
//! - what it is on its own: a caption or credit ("FILE - …", "(AP Photo/…)"), a photo's file name, a line
//!   that only gives a date or a time, a cookie notice.
//!
//! The article is the main block of prose: the run of lines with the most prose, where each line that is not
//! prose between two paragraphs costs a little, so menus (runs of short lines), footers and related links fall
//! outside it. It ends early at a heading that opens comments or further reading. Inside it, short lines survive
//! unless they are widget lines or stick to one (the title after "Next Article"). Sentences, quotes,
//! datelines and short paragraphs are kept wherever they stand in it. The headline is the line above the block
//! that the lead elaborates (see `headline`); a dateline opening the body becomes metadata (see `dateline`).

use std::collections::HashMap;

use tidings_model::{Dateline, Span};

use crate::dateline;
use crate::lexicon::{
    is_stop, is_weekday_or_month, month_number, ARTICLE_ENDS, COMMENTS_ON, CREDIT_MARKERS, FOLLOW_REQUESTS, FURTHER_READING,
    NEWSLETTER_WORDS, PAGE_END_HEADINGS, PICTURE_AGENCIES, PICTURE_WORD_PARTS, READ_MORE_LINKS, REPLY_FORMS, SECTION_ENDS, WIDGET_SET,
};

/// A line of at least this many words that reads as prose and ends in a colon is a real paragraph: it introduces a
/// list or a code sample ("Tuples can also replace dictionaries, … in case one needs that transformation:"). On
/// trafilatura-eval's text renderings 14 and 18 give the same (title +0.003 / +0.004, kept +0.002 / +0.003, left
/// +0.001, lxml / w3m) with AEB F1 unchanged; 8 and 10 keep a little more and cost AEB F1 0.001 to 0.003.
pub const INTRO_MIN_WORDS: usize = 14;
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
    /// A lone byline found outside the article's block ("By Jane Doe", "Soukaina Sghir"), when there was one.
    pub byline: Option<String>,
    /// The dateline opening the first paragraph, with its span in `text`.
    pub dateline: Option<Dateline>,
    /// The removed lines, for debugging and tests.
    pub removed: Vec<String>,
}

/// Characters that take no room on the page: the soft hyphen (U+00AD), zero-width space (U+200B), word joiner
/// (U+2060) and a byte-order mark inside the text (U+FEFF). A page's "Mes\u{ad}sen\u{ad}ger" copies as
/// "Messenger" to the eye but not to a word match, so they go before anything reads the text.
pub fn strip_invisible(text: String) -> String {
    const INVISIBLE: [char; 4] = ['\u{ad}', '\u{200b}', '\u{2060}', '\u{feff}'];
    if text.contains(INVISIBLE) {
        text.replace(INVISIBLE, "")
    } else {
        text
    }
}

/// Normalised form of a line: lowercase words of letters, digits replaced by `#`.
pub fn normalize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut last_space = true;
    for c in line.chars() {
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_lowercase());
            last_space = false;
        } else if c.is_alphabetic() {
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

/// Words of a line. Scripts written without spaces (Chinese, Japanese) count one word per two characters.
fn word_count(s: &str) -> usize {
    let spaced = crate::tokens::count_spaced_words(s);
    // The unspaced scripts are all beyond ASCII.
    let unspaced = if s.is_ascii() { 0 } else { s.chars().filter(|&c| is_unspaced_script(c)).count() };
    spaced + unspaced / 2
}

/// Han, Hiragana and Katakana: scripts whose words are not separated by spaces.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff)
}

/// A long line without a final stop is prose only when it reads as language: some of its words are function
/// words ("the", "und", "de") or it has commas. A tag cloud or a list of names has neither.
fn reads_as_prose(text: &str) -> bool {
    if text.chars().any(is_unspaced_script) || text.matches(", ").count() >= 2 {
        return true;
    }
    let words: Vec<String> = text.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).collect();
    let stops = words.iter().filter(|w| is_stop(w)).count();
    stops * 100 >= words.len() * PROSE_MIN_STOP_PERCENT
}

/// A long line without a final stop needs at least this share of function words (per cent) to count as prose.
pub const PROSE_MIN_STOP_PERCENT: usize = 15;

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
    // "【纠错】 责任编辑： 焦鹏": a correction link and the editor in charge, closing a Chinese article.
    PREFIXES.iter().any(|p| norm.starts_with(p)) || norm.contains("责任编辑")
}

/// Three or more `|` separators and no final stop: a navigation bar or a list of credits
/// ("Home | World | Business", "Source: A | B | C").
fn is_pipe_list(line: &str) -> bool {
    line.matches('|').count() >= 3 && !ends_like_sentence(line)
}

/// A link to the previous or the next post, or a call to follow one: "← Das F-Wort – Teil 2", "« Logbuch",
/// "SW083 – Schwitzebaerchen →", "Jetzt sichern »". A line with French quotes ("« Oui », dit-il.", "Webinaire : « Le
/// climat ? »") is not.
fn is_arrow_link(line: &str) -> bool {
    let t = line.trim();
    let opens = t.starts_with('←') || ["< ", "<< ", "« ", "‹ "].iter().any(|p| t.starts_with(p));
    let closes = t.ends_with('→') || [" »", " ›"].iter().any(|p| t.ends_with(p));
    let quote = t.contains('«') && (t.contains('»') || t.ends_with(['.', '!', '?']));
    (opens || closes) && !quote
}

/// Mostly symbols: "A | a-+=", "* * *", "---".
fn is_symbolic(line: &str) -> bool {
    // One pass: characters that are not space, letters and digits, and the longest run of letters and digits.
    let (mut non_space, mut letters, mut run, mut longest_word) = (0usize, 0usize, 0usize, 0usize);
    for c in line.chars() {
        if c.is_alphanumeric() {
            letters += 1;
            run += 1;
            longest_word = longest_word.max(run);
        } else {
            run = 0;
        }
        if !c.is_whitespace() {
            non_space += 1;
        }
    }
    if non_space == 0 {
        return true;
    }
    letters * 2 < non_space || (longest_word <= 1 && non_space < 16)
}

/// A lone byline: "By Jane Doe", or two to four capitalised words and nothing else.
fn looks_like_byline(line: &str) -> bool {
    let t = line.trim();
    let rest = ["By ", "by ", "BY ", "By: ", "by: ", "Von ", "von ", "Par ", "Por "].iter().find_map(|p| t.strip_prefix(p)).unwrap_or(t);
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
    /// The line without surrounding space and list marker.
    text: &'a str,
    norm: String,
    words: usize,
    sentence_like: bool,
    /// Chrome whatever its place: any [`Kind`] but `Plain`.
    widget: bool,
    /// It had a list marker ("• ").
    bullet: bool,
    /// What the line is on its own.
    kind: Kind,
}

impl Line<'_> {
    /// A date or a meta line with an author and a date ([`Kind::Date`]).
    fn dated(&self) -> bool {
        self.kind == Kind::Date
    }
    fn is_real_paragraph(&self) -> bool {
        (self.sentence_like && self.words >= PARAGRAPH_MIN_WORDS)
            || (self.words >= LONG_LINE_WORDS && reads_as_prose(self.text))
            || (self.words >= INTRO_MIN_WORDS && self.text.ends_with(':') && reads_as_prose(self.text))
    }
    fn is_short(&self) -> bool {
        self.words <= SHORT_LINE_WORDS
    }
    /// What the line is, once its place on the page says more than the line alone (`widget` follows).
    fn set_kind(&mut self, kind: Kind) {
        self.kind = kind;
        self.widget = kind != Kind::Plain;
    }
}

/// What [`clean_with`] knows about a document besides its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct CleanOptions<'a> {
    /// The title known from metadata; otherwise the headline is found in the text.
    pub title: Option<&'a str>,
    /// The outlet, so that lines repeated across its pages go (with a [`Boilerplate`] index).
    pub outlet: Option<&'a str>,
    /// The page's URL: its slug confirms the headline.
    pub url: Option<&'a str>,
    /// The text comes from the HTML extractor and is already free of page chrome: no line is removed
    /// and no headline is looked for in it (an article without a title gets its first sentence).
    pub extracted: bool,
}

/// Cleans one document's text (see [`clean_with`]).
///
/// `title` is the title known from metadata, if any; otherwise the headline is found in the text.
/// `outlet` and `boiler` let lines repeated across one outlet's pages go.
pub fn clean(raw: &str, title: Option<&str>, outlet: Option<&str>, boiler: &Boilerplate) -> Cleaned {
    clean_with(raw, &CleanOptions { title, outlet, ..CleanOptions::default() }, boiler)
}

/// A prose line weighs its length in bytes when the article's main block is chosen; every other line weighs
/// minus this much, so a run of menu lines splits two blocks of prose.
pub const NON_PROSE_PENALTY: i64 = 40;
/// Above the heaviest run of prose a line that is not prose costs only this much when the block grows upwards (an
/// introduction split off by a list or a code sample).
pub const NON_PROSE_PENALTY_ABOVE: i64 = 20;
/// A line recognised as a widget, caption, date or image costs only this much: such lines stand inside articles
/// too (a share bar, a photo and its credit), and they are removed whatever their place.
pub const WIDGET_PENALTY: i64 = 10;
/// The headline is looked for among this many lines above the article's first paragraph; the standfirst lines between
/// it and the block join the article. Swept on trafilatura-eval as text (title exact, must-include kept,
/// must-exclude left; lxml / w3m): 40 gives 0.651, 0.897, 0.145 / 0.639, 0.890, 0.135; 50 gives 0.647, 0.897, 0.145 /
/// 0.643, 0.892, 0.136; 60 gives 0.652, 0.899, 0.146 / 0.647, 0.894, 0.136; 70 and 80 keep up to 0.900 / 0.895 with
/// fewer titles on lxml (0.649, 0.647); 90 gives 0.645 / 0.645. AEB F1 from text 0.918 / 0.906 at 40, 0.918 / 0.905
/// from 50. Grouping figures are the same at 40, 60 and 70. A page puts long menus, galleries and tables of contents
/// between its headline and its text.
pub const HEADLINE_WINDOW: usize = 60;
/// The first line of the article's block may be its headline when it has at most this many words.
pub const HEADLINE_SENTENCE_WORDS: usize = 14;
/// A headline has at most this many words.
pub const HEADLINE_MAX_WORDS: usize = 30;
/// The lead words a headline is compared with: this many content words from the start of the article.
pub const LEAD_WORDS: usize = 300;
/// A headline followed within this many lines by a byline or a date scores higher.
pub const META_AFTER_LINES: usize = 4;
/// The best line of at least this many words may be a standfirst under the headline (see `headline`).
pub const STANDFIRST_MIN_WORDS: usize = 6;
/// A shorter line directly above the best one is the headline when it has at least this many words (a shorter one is
/// a kicker) and scores at most [`STANDFIRST_MARGIN`] less.
pub const STANDFIRST_HEADLINE_MIN_WORDS: usize = 5;
/// A shorter line directly above the best one is the headline when it scores at most this much less.
pub const STANDFIRST_MARGIN: f64 = 0.2;
/// A best line of at most this many words is a kicker when the longer line right under it scores at most
/// [`KICKER_MARGIN`] less.
pub const KICKER_MAX_WORDS: usize = 4;
/// See [`KICKER_MAX_WORDS`].
pub const KICKER_MARGIN: f64 = 0.2;
/// A line in the part of the block that grew upwards (see `blocks`) may be the headline when at most this many
/// bytes of prose stand above it there (a notice or two); the article then starts under it.
pub const GROWN_HEADLINE_MAX_PROSE: usize = 300;
/// At most this many words: a menu item (see [`headline`]).
pub const MENU_ITEM_WORDS: usize = 3;
/// What a headline candidate followed by a menu item loses.
pub const MENU_PENALTY: f64 = 0.2;
/// At most this many words: an item of a menu run (see [`headline`]).
pub const MENU_RUN_WORDS: usize = 5;
/// What a headline candidate inside a run of menu items loses besides.
pub const MENU_RUN_PENALTY: f64 = 0.5;
/// What a line ending in an ellipsis loses when no line of the page holds it whole (a cut copy of a headline printed
/// whole loses 1). On trafilatura-eval as text, 0.2, 0.4 and 0.6 read the same (one page more than 1 on each
/// rendering, none fewer); 4 of its 851 labelled titles end in an ellipsis.
pub const ELLIPSIS_PENALTY: f64 = 0.4;
/// A line scoring below this is not taken as the headline; the first sentence is the title instead.
pub const HEADLINE_MIN_SCORE: f64 = 0.2;
/// A title made from the first sentence is cut (at a word, with "…") past this many bytes.
pub const MAX_TITLE_BYTES: usize = 300;

/// Cleans one document's text: removes page chrome, finds the headline and the dateline.
///
/// The article is the main block of prose (the run of lines with the most prose once each line of
/// chrome between two paragraphs costs [`NON_PROSE_PENALTY`]), ended early by a heading that opens
/// comments or further reading. Inside it, widget lines and what sticks to them go. The headline is the
/// line above the block that the lead elaborates (word overlap), close to it, confirmed by the URL's
/// slug, never a caption, credit, file name, date or menu item. Without one, the first sentence is the
/// title and stays in the body: a one-sentence text is an article whose title is that sentence.
pub fn clean_with(raw: &str, opts: &CleanOptions, boiler: &Boilerplate) -> Cleaned {
    // Hard-wrapped paragraphs (an e-mail, a terminal browser's dump) are read one paragraph a line.
    let unwrapped = if opts.extracted { std::borrow::Cow::Borrowed(raw) } else { crate::unwrap::unwrap(raw) };
    let raw: &str = &unwrapped;
    let mut lines: Vec<Line> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|raw_line| {
            let l = raw_line.trim();
            // An indented numbered line is a list item ("  1. Home", "  4. <this article's title>" in a breadcrumb).
            let numbered = raw_line.starts_with(char::is_whitespace).then(|| strip_number(l)).flatten();
            let (text, bullet) = match numbered {
                Some(t) => (t, true),
                None => strip_bullet(l),
            };
            let norm = normalize_line(text);
            let words = word_count(text);
            let kind = line_kind(text, &norm, words);
            Line { text, words, sentence_like: ends_like_sentence(text), widget: kind != Kind::Plain, bullet, norm, kind }
        })
        .filter(|l| !l.text.is_empty())
        .collect();
    // The Wayback Machine's toolbar over an archived page, from "Wayback Machine" to its "TIMESTAMPS" list: the
    // archive's notes on the crawl read as prose ("These crawls are part of an effort to archive pages …").
    if let Some(end) = archive_toolbar_end(&lines) {
        for l in &mut lines[..=end] {
            l.set_kind(Kind::Widget);
        }
    }
    // A text that is nothing but a teaser is a feed's excerpt of the article: its text.
    if !lines.iter().any(|l| !l.widget && l.is_real_paragraph()) {
        for l in lines.iter_mut().filter(|l| l.kind == Kind::Teaser) {
            l.set_kind(Kind::Plain);
        }
    }
    let mut verdict: Vec<Verdict> = if opts.extracted {
        vec![Verdict::Keep; lines.len()]
    } else {
        lines.iter().map(|l| if l.widget { Verdict::Chrome } else { Verdict::Keep }).collect()
    };
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in &lines {
        *counts.entry(l.norm.as_str()).or_default() += 1;
    }
    // A breadcrumb ends with the page's own name: the headline it repeats counts as printed twice.
    let crumbs: Vec<String> = lines.iter().filter_map(|l| breadcrumb_tail(l.text)).map(normalize_line).filter(|n| !n.is_empty()).collect();
    for n in &crumbs {
        *counts.entry(n.as_str()).or_default() += 1;
    }
    let mut title_text = opts.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let mut byline = None;
    if !opts.extracted {
        // Boilerplate repeated across the batch.
        for (i, l) in lines.iter().enumerate() {
            if l.is_short() && boiler.is_boilerplate(opts.outlet, &l.norm, l.sentence_like) {
                verdict[i] = Verdict::Chrome;
            }
        }
        // The article is the block whose headline is clearest, weighed by its prose.
        let line_words: Vec<LineCache> = vec![LineCache::default(); lines.len()];
        let chosen = blocks(&lines, &verdict)
            .into_iter()
            .map(|k| (k, headline(&lines, &line_words, &verdict, &counts, k, opts.url)))
            .max_by(|x, y| {
                let value = |(k, h): &(Block, Option<Headline>)| {
                    let teasers = if under_further_reading(&lines, k.first) { TEASER_BLOCK_SHARE } else { 1.0 };
                    teasers * k.weight as f64 * (1.0 + h.map_or(0.0, |(s, _, _)| s.max(0.0)))
                };
                value(x).total_cmp(&value(y))
            });
        match chosen {
            Some((Block { first: mut a, last: mut b, core, .. }, h)) => {
                let h = h.filter(|&(_, s, _)| title_text.is_none() && s >= HEADLINE_MIN_SCORE).map(|(_, _, i)| i);
                if let Some(h) = h {
                    title_text = Some(tidy_headline(lines[h].text).to_string());
                    // A headline inside the part of the block that grew upwards: the article starts under it.
                    if h >= a && h < core {
                        a = h + 1;
                    }
                }
                // A standfirst or a short lead sentence above the first paragraph belongs to the article: between
                // the headline and the block any of them, without a headline those right above the block. Short
                // closing sentences right below it belong too, and so does a closing line of prose without a final
                // stop ("Offenbar ist das in der Politik ähnlich").
                let joins = |l: &Line| {
                    !l.widget
                        && !looks_like_byline(l.text)
                        && (l.sentence_like && l.words >= 3 || l.words >= SHORT_LINE_WORDS && reads_as_prose(l.text))
                };
                let mut standfirst = Vec::new();
                match h {
                    Some(h) => standfirst.extend((h + 1..a).filter(|&i| verdict[i] == Verdict::Keep && joins(&lines[i]))),
                    None => {
                        while a > 0 && verdict[a - 1] == Verdict::Keep && joins(&lines[a - 1]) {
                            a -= 1;
                        }
                    }
                }
                // A poll or a comment's head ("Was this article helpful?") reads as a sentence but ends the article.
                let ends = |l: &Line| is_article_end(l.text) || is_comment_header(l.text) || is_section_end(&l.norm);
                // What may stand in a list the article announces: neither its end nor other articles.
                let listed =
                    |i: usize| verdict[i] == Verdict::Keep && !ends(&lines[i]) && !is_further_reading(lines[i].text, &lines[i].norm);
                // A line without a final stop printed twice on the page is a caption or a teaser, not the close.
                while b + 1 < lines.len()
                    && verdict[b + 1] == Verdict::Keep
                    && joins(&lines[b + 1])
                    && (lines[b + 1].sentence_like || counts[lines[b + 1].norm.as_str()] == 1)
                    && !ends(&lines[b + 1])
                {
                    b += 1;
                }
                // A list the article announces with a colon under its last paragraph ("Aus dem Inhalt:", "So sieht der
                // Timetable aus:") belongs to it: its items are short lines, as a menu's are.
                if b + 1 < lines.len() && is_list_intro(&lines[b + 1]) && listed(b + 1) {
                    let mut end = b + 1;
                    while end + 1 < lines.len()
                        && end - b <= LIST_MAX_ITEMS
                        && !lines[end + 1].widget
                        && lines[end + 1].words <= LIST_ITEM_WORDS
                        && listed(end + 1)
                    {
                        end += 1;
                    }
                    if end >= b + 2 {
                        b = end;
                    }
                }
                byline = (0..a)
                    .chain(b + 1..lines.len())
                    .find(|&i| verdict[i] == Verdict::Keep && looks_like_byline(lines[i].text))
                    .map(|i| lines[i].text.trim_start_matches("By ").trim_start_matches("by ").trim_start_matches("BY ").to_string());
                for (i, v) in verdict.iter_mut().enumerate() {
                    if (i < a || i > b) && !standfirst.contains(&i) {
                        *v = Verdict::Chrome;
                    }
                }
            }
            None => {
                // No paragraph of prose: short texts (a headline and a line or two). The first line that is
                // not chrome is the title unless it reads as a sentence, which stays in the body.
                if title_text.is_none() {
                    if let Some(f) = (0..lines.len()).find(|&i| verdict[i] == Verdict::Keep) {
                        if !lines[f].sentence_like && lines[f].words <= HEADLINE_MAX_WORDS {
                            title_text = Some(lines[f].text.to_string());
                            for v in verdict.iter_mut().take(f + 1) {
                                *v = Verdict::Chrome;
                            }
                        }
                    }
                }
            }
        }
        // Short lines repeated inside the article (share bars at the top and the bottom).
        for (i, l) in lines.iter().enumerate() {
            if l.is_short() && counts[l.norm.as_str()] > 1 && !l.sentence_like {
                verdict[i] = Verdict::Chrome;
            }
        }
        // In the middle, a short non-sentence line right next to a widget line is its label or link
        // ("Previous Article" / other title / "Next Article"). Headings ending in ':' stay.
        for i in 0..lines.len() {
            if verdict[i] == Verdict::Chrome || lines[i].sentence_like || !lines[i].is_short() || lines[i].text.ends_with(':') {
                continue;
            }
            // A picture is no link, nor is a teaser box inside the article: a heading next to one, over a paragraph,
            // stays.
            let heading = i + 1 < lines.len() && lines[i + 1].is_real_paragraph();
            let link = |l: &Line| l.widget && !(heading && matches!(l.kind, Kind::FileName | Kind::Teaser));
            let near = (i > 0 && link(&lines[i - 1]) && !lines[i - 1].text.ends_with(':')) || (i + 1 < lines.len() && link(&lines[i + 1]));
            if near {
                verdict[i] = Verdict::Chrome;
            }
        }
    }
    // The headline printed again in the body goes.
    let title_norm = title_text.as_deref().map(normalize_line).unwrap_or_default();
    // A headline written as a sentence stays in the body too: it may be the lead.
    let title_is_sentence = title_text.as_deref().is_some_and(ends_like_sentence);
    if !title_norm.is_empty() && !opts.extracted && !title_is_sentence {
        for (i, l) in lines.iter().enumerate() {
            if l.norm == title_norm {
                verdict[i] = Verdict::Chrome;
            }
        }
    }

    let mut text = String::with_capacity(raw.len());
    let mut paragraphs = Vec::new();
    let mut removed = Vec::new();
    for (l, v) in lines.iter().zip(&verdict) {
        if *v == Verdict::Chrome {
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
    // A text whose only line became the title is an article of one sentence: that line is its body too.
    if text.is_empty() && !opts.extracted {
        if let Some(t) = title_text.as_deref().filter(|t| lines.iter().any(|l| l.text == *t)) {
            text.push_str(t);
            paragraphs.push(Span::new(0, text.len()));
        }
    }
    let dateline = paragraphs.first().and_then(|p| {
        let f = dateline::parse(&text[p.start..p.end])?;
        // A dateline alone on its line is its own paragraph; otherwise the sentence follows on the line.
        Some(Dateline { place: f.place, source: f.source, date: f.date, span: Span::new(p.start, p.start + f.len) })
    });
    let title = match title_text {
        Some(t) => t,
        None => first_sentence(&text, &paragraphs, dateline.as_ref()),
    };
    Cleaned { title, text, paragraphs, byline, dateline, removed }
}

/// A block of prose under a further-reading heading ("Weitere Artikel", "Related stories") is other articles'
/// teasers: it counts for this share of its weight against the page's other blocks. A short article behind a paywall
/// weighs less than the teasers below it. On trafilatura-eval's text renderings 0.3 and 0.5 choose the same blocks, 0.15
/// one teaser block more.
pub const TEASER_BLOCK_SHARE: f64 = 0.3;
/// How far above a block's first paragraph its further-reading heading may stand (teasers' headings and labels
/// between).
pub const FURTHER_READING_REACH: usize = 12;

/// Whether the lines right above line `first` (up to the paragraph before) hold a further-reading heading.
fn under_further_reading(lines: &[Line], first: usize) -> bool {
    (first.saturating_sub(FURTHER_READING_REACH)..first)
        .rev()
        .take_while(|&i| !lines[i].is_real_paragraph())
        .any(|i| opens_teasers(&lines[i].norm, lines[i].words))
}

/// A heading over other articles' teasers: a line of at most 8 words opening with a [`FURTHER_READING`] phrase.
fn opens_teasers(norm: &str, words: usize) -> bool {
    words <= 8 && FURTHER_READING.iter().any(|p| opens_with_phrase(norm, p))
}

/// A list announced under an article's last paragraph has at most this many items.
pub const LIST_MAX_ITEMS: usize = 30;
/// An item of such a list has at most this many words: longer lines under a colon are the headlines of other
/// articles ("Diese Artikel könnten dich ebenfalls interessieren:").
pub const LIST_ITEM_WORDS: usize = 7;

/// A short line ending in a colon, not a label of the page ("Teilen:"): it announces what follows.
fn is_list_intro(l: &Line) -> bool {
    l.text.ends_with(':') && (3..=SHORT_LINE_WORDS).contains(&l.words) && !l.widget
}

/// The first sentence of the body (after its dateline), as a title: cut at a word past [`MAX_TITLE_BYTES`].
fn first_sentence(text: &str, paragraphs: &[Span], dateline: Option<&Dateline>) -> String {
    for p in paragraphs {
        let from = dateline.filter(|d| d.span.end > p.start && d.span.end <= p.end).map_or(p.start, |d| d.span.end);
        let para = &text[from..p.end];
        let sents = crate::split_sentences(para);
        let Some(s) = sents.first() else { continue };
        // A list number ("1.") is no sentence of its own: it runs on into the next.
        let end = match sents.get(1) {
            Some(next) if !para[s.start..s.end].chars().any(char::is_alphabetic) => next.end,
            _ => s.end,
        };
        let sentence = &para[s.start..end];
        if sentence.len() <= MAX_TITLE_BYTES {
            return sentence.to_string();
        }
        let mut cut = MAX_TITLE_BYTES;
        while !sentence.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = sentence[..cut].rfind(' ').unwrap_or(cut);
        return format!("{}…", sentence[..cut].trim_end_matches([',', ';', ':', ' ']));
    }
    String::new()
}

/// The blocks of prose the article may be, as inclusive ranges of line indices with their weight: the run with
/// the greatest weight, where a prose line weighs its length and any other line [`NON_PROSE_PENALTY`] (a widget
/// [`WIDGET_PENALTY`]), and the best runs before and after it that weigh at least [`RIVAL_BLOCK_SHARE`] of it (a
/// short article above a long legal footer). Each ends early at a line that opens comments, once a third of its
/// prose is behind.
fn blocks(lines: &[Line], verdict: &[Verdict]) -> Vec<Block> {
    let weights: Vec<i64> = (0..lines.len())
        .map(|i| {
            if verdict[i] == Verdict::Keep && lines[i].is_real_paragraph() {
                lines[i].text.len() as i64
            } else if lines[i].widget {
                -WIDGET_PENALTY
            } else {
                -NON_PROSE_PENALTY
            }
        })
        .collect();
    let Some(main) = best_run(&weights, 0, lines.len()) else { return Vec::new() };
    let mut out = vec![main];
    for rival in [best_run(&weights, 0, main.0), best_run(&weights, main.1 + 1, lines.len())].into_iter().flatten() {
        if rival.2 as f64 >= RIVAL_BLOCK_SHARE * main.2 as f64 {
            out.push(rival);
        }
    }
    // Upwards a block grows more easily: what stands above an article's first paragraph and its heavier part is
    // mostly its own introduction, split off by a list, a code sample or a picture; what stands below is footers.
    // A block after the heaviest one does not grow into it.
    let main_end = main.1;
    let mut out: Vec<Block> = out.into_iter().map(|(first, last, weight)| Block { first, last, weight, core: first }).collect();
    for Block { first: a, weight: w, .. } in &mut out {
        let floor = if *a > main_end { main_end + 1 } else { 0 };
        let (mut sum, mut best, mut best_i) = (0i64, 0i64, *a);
        for i in (floor..*a).rev() {
            sum += if weights[i] > 0 {
                weights[i]
            } else if lines[i].widget {
                -WIDGET_PENALTY
            } else {
                -NON_PROSE_PENALTY_ABOVE
            };
            if sum > best {
                best = sum;
                best_i = i;
            }
        }
        *a = best_i;
        *w += best;
    }
    for Block { first: a, last: b, .. } in &mut out {
        let total: i64 = (*a..=*b).map(|i| weights[i]).filter(|&w| w > 0).sum();
        let mut before = 0i64;
        for i in *a..=*b {
            if weights[i] > 0 {
                before += weights[i];
            } else if (before * 3 >= total && is_section_end(&lines[i].norm))
                || (before > 0 && is_comment_header(lines[i].text))
                || (before >= ARTICLE_END_MIN_BYTES && is_article_end(lines[i].text))
                || (before * 3 >= total * 2 && is_further_reading(lines[i].text, &lines[i].norm))
            {
                *b = i - 1;
                break;
            }
        }
        // The block ends at its last prose line.
        while *b > *a && weights[*b] <= 0 {
            *b -= 1;
        }
    }
    out
}

/// A block of prose the article may be (see `blocks`): lines `first..=last`, its weight, and the first line of its
/// heaviest run (`core`): above it the block grew upwards.
#[derive(Clone, Copy)]
struct Block {
    first: usize,
    last: usize,
    weight: i64,
    core: usize,
}

/// A block weighing at least this share of the heaviest one competes with it: the one a headline announces wins.
pub const RIVAL_BLOCK_SHARE: f64 = 0.25;

/// The run of `weights[from..to]` with the greatest positive sum (Kadane), as `(first, last, sum)`.
fn best_run(weights: &[i64], from: usize, to: usize) -> Option<(usize, usize, i64)> {
    let (mut best, mut found) = (0i64, None);
    let (mut sum, mut start) = (0i64, from);
    for (i, &w) in weights.iter().enumerate().take(to).skip(from) {
        if sum <= 0 {
            sum = 0;
            start = i;
        }
        sum += w;
        if sum > best {
            best = sum;
            found = Some((start, i, sum));
        }
    }
    found
}

/// An article's text is at least this long (bytes of prose) before a tag line or a further-reading heading may end it.
pub const ARTICLE_END_MIN_BYTES: i64 = 300;

/// A further-reading heading or a newsletter request: what follows an article's last paragraphs on a page. Such a
/// heading may stand inside an article too (an inline "Related" box), so it ends the block only once two thirds
/// of the block's prose is behind it.
fn is_further_reading(text: &str, norm: &str) -> bool {
    let words = word_count(text);
    if opens_teasers(norm, words) || (words <= 8 && PAGE_END_HEADINGS.iter().any(|p| opens_with_phrase(norm, p))) {
        return true;
    }
    words <= 20 && NEWSLETTER_WORDS.iter().any(|k| norm.contains(k))
}

/// What follows an article's last paragraph on a page: its tags ("Tags: Apple, MacBook"), a share request ("Like this story? Share it with a
/// friend!", "Teilen Sie dies mit:"). Comments or other articles come after it, never the rest of the article.
fn is_article_end(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    if word_count(&lower) > 12 {
        return false;
    }
    let label = lower.split_once(':').map(|(l, _)| l.trim()).unwrap_or("");
    matches!(label, "tag" | "tags" | "schlagwörter" | "schlagworte" | "kategorie" | "kategorien" | "category" | "categories")
        || ARTICLE_ENDS.iter().any(|p| lower.starts_with(p))
}

/// The head of a reader's comment: "Milan Griffes on September 12, 2018 at 4:47 pm said:", "Anna sagt:".
fn is_comment_header(text: &str) -> bool {
    let t = text.trim_end().to_lowercase();
    word_count(&t) <= 16
        && (t.starts_with("comment by ")
            || [" said:", " says:", " sagt:", " schreibt:", " meint:", " a dit :", " a dit:", " dice:", " dijo:", " scrive:", " schreef:"]
                .iter()
                .any(|e| t.ends_with(e)))
}

/// Whether a normalised line opens comments or a list of other articles (see [`SECTION_ENDS`]).
fn is_section_end(norm: &str) -> bool {
    // "3 Comments on <the headline>", "One thought on “<the headline>”": the head of the comments, however long.
    if COMMENTS_ON.iter().any(|p| norm.starts_with(p)) {
        return true;
    }
    if norm.split(' ').count() > 6 {
        return false;
    }
    SECTION_ENDS.iter().chain(REPLY_FORMS).any(|e| norm == *e || (e.contains(' ') && opens_with_phrase(norm, e)))
}

/// Content words for overlap: lowercase, without diacritics, stop words and short words, cut to their first
/// six letters so that inflections match ("elections" ~ "election").
fn content_words(s: &str) -> Vec<String> {
    crate::tokens::words(s)
        .map(|(_, w)| if w.is_ascii() { w.to_ascii_lowercase() } else { crate::tokens::fold_diacritics(&w.to_lowercase()) })
        .filter(|w| w.chars().count() >= 3 && !is_stop(w) && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|mut w| {
            if let Some((cut, _)) = w.char_indices().nth(6) {
                w.truncate(cut);
            }
            w
        })
        .collect()
}

/// The words of the URL's slug (the longest path segment of three or more words).
fn slug_words(url: &str) -> Vec<String> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.split('/')
        .skip(1)
        .map(|seg| seg.rsplit_once('.').filter(|(_, ext)| ext.len() <= 5 && !ext.contains('-')).map_or(seg, |(b, _)| b))
        .map(|seg| seg.split(['-', '_', '+']).collect::<Vec<_>>().join(" "))
        .max_by_key(|seg| seg.split(' ').count())
        .filter(|seg| seg.split(' ').count() >= 3)
        .map(|seg| content_words(&seg))
        .unwrap_or_default()
}

/// What [`headline`] reads off a line, computed once per line for all the blocks it looks at.
#[derive(Clone, Default)]
struct LineCache {
    words: std::cell::OnceCell<Vec<String>>,
    byline: std::cell::OnceCell<bool>,
    no_dateline: std::cell::OnceCell<bool>,
}

/// The share of `words` found in `pool`, smoothed by one so that a one-word line matching the lead ("Texas")
/// does not outscore a headline of ten words of which seven match.
fn overlap(words: &[String], pool: &[String]) -> f64 {
    words.iter().filter(|w| pool.contains(w)).count() as f64 / (words.len() + 1) as f64
}

/// What [`headline`] finds: the line's score without and with the byline bonus, and the line's index.
type Headline = (f64, f64, usize);

/// The headline: the line above the block (or above its heaviest run when the block grew upwards over chrome) that its lead elaborates, close to it, confirmed by the URL's slug when there is one; with its score
/// (see [`HEADLINE_MIN_SCORE`]).
fn headline(
    lines: &[Line],
    line_words: &[LineCache],
    verdict: &[Verdict],
    counts: &HashMap<&str, usize>,
    block: Block,
    url: Option<&str>,
) -> Option<Headline> {
    let Block { first: a, last: b, core, .. } = block;
    let slug = url.map(slug_words).unwrap_or_default();
    // Content words of a line, computed once per line for all the blocks.
    let words_of = |i: usize| line_words[i].words.get_or_init(|| content_words(lines[i].text));
    let byline = |i: usize| *line_words[i].byline.get_or_init(|| looks_like_byline(lines[i].text));
    let no_dateline =
        |i: usize| *line_words[i].no_dateline.get_or_init(|| dateline::parse(lines[i].text).is_none_or(|d| d.len >= lines[i].text.len()));
    let mut best: Option<(f64, usize)> = None;
    let mut scores: Vec<Option<f64>> = vec![None; lines.len()];
    let mut bases: Vec<f64> = vec![0.0; lines.len()];
    // The lead a candidate is compared with: the article's first words, with any standfirst between the two.
    // A short first line of a longer block may be its headline written as a sentence ("Laufen im Winter: Von
    // „bäh!“ zu „yeah!“ in 12 Monaten.").
    let first_is_candidate = core < b && lines[core].words <= HEADLINE_SENTENCE_WORDS;
    let body_from = if first_is_candidate { core + 1 } else { core };
    let mut lead: Vec<String> = Vec::new();
    for i in body_from..=b {
        if lead.len() >= LEAD_WORDS {
            break;
        }
        lead.extend(words_of(i).iter().cloned());
    }
    // Lines between a candidate and the block that push it away: anything but standfirsts, dates, bylines and widgets.
    let mut gap = 0usize;
    // The part of the block that grew upwards (`a..core`, see `blocks`) may hold the headline under chrome that
    // reads as prose ("Thank you for visiting nature.com. You are using a browser version with limited support for
    // CSS."). A line there under more than [`GROWN_HEADLINE_MAX_PROSE`] bytes of prose is a subheading; the
    // paragraph that passes the bound may itself be the headline (one ending with a stop).
    let mut prose = 0usize;
    let grown_prose = (a..body_from)
        .find(|&i| {
            if lines[i].is_real_paragraph() {
                prose += lines[i].text.len();
            }
            prose > GROWN_HEADLINE_MAX_PROSE
        })
        .unwrap_or(body_from);
    for i in (a.saturating_sub(HEADLINE_WINDOW)..body_from).rev() {
        let l = &lines[i];
        let candidate = verdict[i] == Verdict::Keep
            && (i < a || i <= grown_prose)
            && !is_doubled(l.text)
            && (1..=HEADLINE_MAX_WORDS).contains(&l.words)
            && !is_by_label(l.text)
            && !opens_with_numeric_date(l.text)
            && !has_form_field(l.text)
            && !is_further_reading(l.text, &l.norm)
            && !is_section_end(&l.norm)
            && no_dateline(i);
        if candidate {
            let words = words_of(i);
            let pool = &lead[..lead.len().min(LEAD_WORDS)];
            // Closeness decays slowly: a page puts bylines, share bars, a photo and its caption between a headline and its lead.
            let mut score = overlap(words, pool) + 0.3 / (1.0 + gap as f64).sqrt();
            if !slug.is_empty() {
                score += 0.8 * overlap(words, &slug) - 0.2;
            }
            if counts.get(l.norm.as_str()).copied().unwrap_or(0) > 1 {
                score += 0.2;
            }
            if l.bullet {
                score -= 0.4;
            }
            // "Autofinanzierung | comparis.ch", "Durch die Gegend | Voodoo Jürgens": a page or series name.
            if l.text.contains(" | ") {
                score -= 0.3;
            }
            // One or two words: a kicker or a section name ("Interior", "Histalp") more often than a headline.
            if l.words <= 2 {
                score -= 0.4;
            }
            // A line followed by another short line that is no byline, date or label, or by two short lines of which
            // the first looks like a name ("Studio Wien", "Team"): a menu item, whatever the renderer did with the
            // list's bullets.
            let short = |j: usize, most: usize| {
                lines.get(j).is_some_and(|n| n.words <= most && n.kind == Kind::Plain && !n.sentence_like && !is_by_label(n.text))
            };
            if short(i + 1, MENU_ITEM_WORDS) && (!byline(i + 1) || short(i + 2, MENU_ITEM_WORDS)) {
                score -= MENU_PENALTY;
            }
            // Inside a run of short lines, above and below: a menu for sure.
            if i > 0 && [i - 1, i + 1, i + 2].into_iter().all(|j| short(j, MENU_RUN_WORDS)) {
                score -= MENU_RUN_PENALTY;
            }
            let end = l.text.trim_end();
            if end.ends_with("...") || end.ends_with('…') {
                // A cut copy of a headline printed whole elsewhere on the page ("… knocks down Roe v...."); a line
                // that ends in an ellipsis by style ("Alles hat seine Zeit…") loses less.
                let whole = !l.norm.is_empty() && lines.iter().any(|o| o.norm.len() > l.norm.len() && o.norm.starts_with(l.norm.as_str()));
                score -= if whole { 1.0 } else { ELLIPSIS_PENALTY };
            } else if end.ends_with(':') {
                score -= 0.3;
            } else if end.ends_with('.') && l.words >= 4 {
                // A sentence: a caption or the standfirst, rarely the headline.
                score -= 0.5;
            }
            if words.is_empty() {
                score -= 0.3;
            }
            // Two to four capitalised words: a name under the headline, or a headline of names ("Kleine Schafskunde").
            if byline(i) {
                score -= 0.2;
            }
            // "Home » Recipes » Olive Focaccia": the path to the page; its last part counts as a copy of the headline.
            if breadcrumb_tail(l.text).is_some() {
                score -= 1.0;
            }
            // A headline stands over its byline and date ("By Jane Doe", "Updated 21:22, 6 OCT 2020"). This only picks
            // the line: it does not make a block more of an article than another, so the block's value leaves it out.
            bases[i] = score;
            if (i + 1..body_from.min(i + 1 + META_AFTER_LINES)).any(|j| lines[j].dated() || byline(j) || is_by_label(lines[j].text)) {
                score += 0.25;
            }
            scores[i] = Some(score);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, i));
            }
        }
        if verdict[i] == Verdict::Keep && !byline(i) {
            let repeated = counts.get(l.norm.as_str()).copied().unwrap_or(0) > 1;
            if !repeated && (l.sentence_like && l.words >= 3 || l.words >= SHORT_LINE_WORDS) {
                // A standfirst or dateline lead: part of what the headline announces.
                let mut w = words_of(i).clone();
                w.extend(lead);
                lead = w;
            } else {
                gap += 1;
            }
        }
    }
    // A standfirst right under its headline elaborates the lead as much as the headline does, often more: when the
    // best line has a shorter line directly above it that scores almost as well, that line is the headline.
    if let Some((s, i)) = best {
        if i > 0 && lines[i].words >= STANDFIRST_MIN_WORDS {
            let u = &lines[i - 1];
            if let Some(su) = scores[i - 1] {
                if su >= s - STANDFIRST_MARGIN
                    && su > 0.3
                    && u.words >= STANDFIRST_HEADLINE_MIN_WORDS
                    && u.words < lines[i].words
                    && !u.text.ends_with(':')
                {
                    best = Some((su, i - 1));
                }
            }
        }
    }
    // A kicker over its headline ("Thema – Corona", "Martin Rütter Trainingssnack"): when the best line is that short
    // and the longer line right under it scores almost as well, the line under it is the headline.
    if let Some((s, i)) = best {
        if lines[i].words <= KICKER_MAX_WORDS {
            if let Some(sb) = scores.get(i + 1).copied().flatten() {
                let b = &lines[i + 1];
                if sb >= s - KICKER_MARGIN && b.words > lines[i].words && !b.text.trim_end().ends_with('.') {
                    best = Some((sb, i + 1));
                }
            }
        }
    }
    // A headline printed twice (a kicker line and the headline, a breadcrumb) is taken where it is first printed.
    best.map(|(s, i)| {
        let first = (a.saturating_sub(HEADLINE_WINDOW)..i)
            .find(|&j| verdict[j] == Verdict::Keep && !lines[j].bullet && lines[j].norm == lines[i].norm);
        (bases[i], s, first.unwrap_or(i))
    })
}

/// A line made of one text printed twice with nothing or a space between ("Five women in sportFive women in sport"): a link
/// whose image and text a text browser prints side by side, a teaser rather than the page's headline.
fn is_doubled(text: &str) -> bool {
    let t = text.trim();
    if t.len() < 16 || !t.is_char_boundary(t.len() / 2) {
        return false;
    }
    let (x, y) = t.split_at(t.len() / 2);
    // "Miami com Logo Miami com Logo": the two printings may stand a space apart.
    let y = if t.len().is_multiple_of(2) { Some(y) } else { y.strip_prefix(' ') };
    y == Some(x)
}

/// A form field as a text browser prints it: "[                    ] [Suche]", "[ ] Remember me", "Wechseln zu [Blog
/// auswählen...    ]". A search box or a form is never a headline.
fn has_form_field(text: &str) -> bool {
    text.contains("[ ]") || text.contains("  ]") || text.contains("[  ")
}

/// A line that opens with a date written in figures and goes on ("07.12.2022 Wissenschaft Atmosphäre Klima",
/// "2020-04-26 Deutsche Sprache", "17/11/2019 ~ Cem Basman"): a page's meta line of date and sections or author, never
/// its headline. A headline may end with such a date ("Blogposting 01/23/2020"), or follow it after a dash
/// ("23.01.2022 - Dorothea Wierer darf beim Antholz-Abschluss noch jubeln").
fn opens_with_numeric_date(text: &str) -> bool {
    let text = text.trim_start();
    let first = text.split_whitespace().next().unwrap_or("");
    let date = is_figures_date(first) && first.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | '-' | ','))
        || first.starts_with(|c: char| c.is_ascii_digit()) && first.chars().filter(char::is_ascii_digit).count() >= 12;
    let rest = text[first.len()..].trim_start();
    let headline_after_dash = ["- ", "– ", "— "].iter().any(|d| rest.strip_prefix(d).is_some_and(|r| r.split_whitespace().count() >= 4));
    date && !headline_after_dash
}

/// A word that reads as a date written in figures: six digits or more with a dot, slash or dash ("23.01.2020",
/// "2020-01-23", "11/28/2005").
fn is_figures_date(w: &str) -> bool {
    w.chars().filter(char::is_ascii_digit).count() >= 6 && w.contains(['.', '/', '-'])
}

/// "By" alone on its line, or "By Jane Doe and John Roe": the byline under a headline; also after a publishing word
/// ("Veröffentlicht von HansG", "Posted by Jane Doe").
fn is_by_label(text: &str) -> bool {
    let t = text.trim();
    let t = ["Veröffentlicht ", "Geschrieben ", "Erstellt ", "Published ", "Posted ", "Written ", "Publié ", "Publicado "]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t);
    ["By", "by", "BY", "Von", "von", "Par", "par", "Por", "por", "Door", "door", "Di"].iter().any(|p| {
        t == *p
            || t.strip_prefix(p)
                .is_some_and(|r| r.starts_with(' ') && r.split_whitespace().count() <= 8 && r.trim_start().starts_with(char::is_uppercase))
    })
}

/// The last part of a breadcrumb line ("Home » Recipes » Olive Focaccia", "You are here: Home / Baby / Nursery
/// Ideas"): the page's own name. Two separators of one kind, or a home link and one.
fn breadcrumb_tail(text: &str) -> Option<&str> {
    const SEPS: &[&str] = &[" / ", " » ", " > ", " >> ", " → ", " › ", " ›", "›", " · "];
    // Every separator holds one of these characters: most lines have none.
    if !text.contains(['/', '»', '>', '→', '›', '·']) {
        return None;
    }
    // Asked only of a separator printed once, which few lines have.
    let home = || {
        let lower = text.trim_start().to_lowercase();
        ["home", "startseite", "start", "you are here", "sie sind hier", "front page", "inicio", "accueil"]
            .iter()
            .any(|h| lower.starts_with(h))
    };
    for sep in SEPS {
        let n = text.matches(sep).count();
        if n >= 2 || (n == 1 && home()) {
            let tail = text.rsplit(sep).next()?.trim();
            return (!tail.is_empty()).then_some(tail);
        }
    }
    None
}

/// The headline without the separator a renderer left before it ("|Nachhaltigkeit im Onlineshop", "›EU-Taxonomie: …",
/// "[> Jens Weber").
fn tidy_headline(text: &str) -> &str {
    // Not a quotation mark: "»Abzocke wird als Klimaschutz verkauft«".
    let quoted = text.contains(['«', '‹']);
    // A bracket only before an arrow: "[Rezi] Love is War" keeps its bracket.
    let unbracketed = text.trim_start().strip_prefix("[>").unwrap_or(text);
    let rest = unbracketed.trim_start_matches(|c: char| {
        // Box-drawing characters: a rule a text browser printed in the table's cell beside it ("━━━━ Les Français …").
        matches!(c, '|' | '>' | '•' | '·' | '\u{2500}'..='\u{257f}') || (!quoted && matches!(c, '›' | '»')) || c.is_whitespace()
    });
    let t = if rest.len() < text.len() && rest.chars().next().is_some_and(|c| c.is_alphanumeric() || matches!(c, '"' | '„' | '“' | '«'))
    {
        rest
    } else {
        text
    };
    // A text browser lays a table out in columns: the headline's cell ends where a run of spaces starts the next
    // ("话剧《约定无期限》河北各市巡演结束          [xinhua]").
    match t.find(COLUMN_GAP) {
        Some(i) if i > 0 => t[..i].trim_end(),
        _ => t,
    }
}

/// Spaces that separate two columns of a table as a text browser prints it.
const COLUMN_GAP: &str = "    ";

/// "4. Text" → "Text".
fn strip_number(line: &str) -> Option<&str> {
    let digits = line.find(|c: char| !c.is_ascii_digit())?;
    let rest = line[digits..].strip_prefix(". ")?;
    (digits > 0 && digits <= 3).then_some(rest.trim_start())
}

/// A list marker at the start of a line ("• ", "* ", "□ ", "1. " is kept: it may be a heading's number), and the
/// names of images a text browser prints glued before a paragraph ("[sad3][sad]A equipe …").
fn strip_bullet(line: &str) -> (&str, bool) {
    let mut line = line;
    while line.starts_with('[') {
        match line.find(']') {
            // Not a footnote's number ("[1] Wer im …").
            Some(close)
                if !line[1..close].contains(char::is_whitespace)
                    && !line[1..close].chars().all(|c| c.is_ascii_digit())
                    && close + 1 < line.len() =>
            {
                line = line[close + 1..].trim_start()
            }
            _ => break,
        }
    }
    let t = line.trim_start_matches(['•', '◦', '▪', '▫', '■', '□', '●', '○', '·', '‣', '⁃', '*', '►', '▶', '»', '›', '☆', '★']);
    if t.len() < line.len() && (t.starts_with(char::is_whitespace) || t.is_empty()) {
        (t.trim(), true)
    } else {
        (line, false)
    }
}

/// What a line is, before its place on the page is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    /// Share bars, "Read more", symbols, pipe-separated menus, labelled widgets, wire credits.
    Widget,
    /// "FILE - …", "(AP Photo/Evan Vucci)", "Getty Images", "Foto: dpa".
    Caption,
    /// "2020-10-30T160543Z_847145052_RC2XRJ9XTH0I_RTRMADP_3_TURKEY-QUAKE", "IMG_2034.jpg".
    FileName,
    /// "Friday, October 30, 2020", "9:46 a.m. ET, November 18, 2023", "Updated 14.03.2021, 10:15 Uhr".
    Date,
    /// "This website uses cookies …".
    Cookie,
    /// Another article's first lines and a link to the rest: "… Seht selbst! Weiterlesen".
    Teaser,
}

/// A message the page's server printed into it ("Warning: mysql_connect(): Access denied … in /www/… on line 40",
/// "Deprecated: Assigning the return value of new by reference is deprecated in … on line 36").
fn is_server_error(text: &str) -> bool {
    ["Warning: ", "Deprecated: ", "Notice: ", "Strict Standards: ", "Fatal error: ", "Parse error: "].iter().any(|p| text.starts_with(p))
        && (text.contains("(): ") || text.split(" on line ").nth(1).is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())))
}

/// Marks of a script's code: a line with braces and three of these is a script a text browser printed (a page's
/// `<script>` or one meant for a browser without JavaScript), not prose.
const SCRIPT_MARKS: &[&str] = &[
    "function(",
    "function (",
    "){",
    "};",
    "})",
    "=>",
    "===",
    "!==",
    "&&",
    "||",
    "return ",
    "var ",
    "this.",
    "typeof ",
    "void 0",
    "prototype",
    "null",
    "!0",
    "!1",
    ".length",
];

/// Program text the page meant for its browser, printed as text: a script ("function(e,t,n){"use strict";var
/// r=n(257);…"), a style sheet (".sp_message { width: 75%; height: 75%; }") or an unfilled template ("Publicado por
/// {{ post.author.display_name }}", "{* traditionalSignIn_emailAddress *}"). A formula's braces
/// ("{\displaystyle p_{ij}}") are none of these.
fn is_code(text: &str) -> bool {
    if text.len() < 24 || text.matches(['{', '}']).count() < 2 {
        return false;
    }
    has_placeholder(text)
        || SCRIPT_MARKS.iter().filter(|m| text.contains(*m)).take(3).count() == 3
        || text
            .split(';')
            .rev()
            .skip(1)
            .filter(|piece| {
                // "{ width: 75%" of ".sp_message { width: 75%; height: 75%; }": what follows the last brace.
                let decl = piece.rsplit(['{', '}']).next().unwrap_or(piece).trim();
                decl.split_once(':').is_some_and(|(prop, value)| {
                    !prop.is_empty()
                        && prop.trim_end().bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                        && !value.trim().is_empty()
                        && !value.contains(':')
                })
            })
            .take(3)
            .count()
            == 3
}

/// A template's placeholder left unfilled: "{{ count }}", "{{#message}}", "{{{message}}}",
/// "{{ post.publishers[0].display_name }}", "{* #forgotPasswordForm *}".
fn has_placeholder(text: &str) -> bool {
    let ident = |s: &str| {
        let s = s.trim();
        s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && s.chars().all(|c| c.is_alphanumeric() || "_.$[]'".contains(c))
    };
    // Mustache's "{{ … }}" after its section marks; the "{* … *}" of another engine after its space and "#".
    let forms: [(&str, &str, fn(&str) -> &str); 2] =
        [("{{", "}}", |s| s.trim_start_matches(['#', '^', '/', '{'])), ("{*", "*}", |s| s.trim_start().trim_start_matches('#'))];
    forms.iter().any(|&(open, close, marks)| {
        text.match_indices(open).any(|(at, _)| {
            let inner = marks(&text[at + open.len()..]);
            inner.find(close).is_some_and(|end| ident(&inner[..end]))
        })
    })
}

/// The Wayback Machine's toolbar opens an archived page within this many lines and closes within this many.
pub const ARCHIVE_TOOLBAR_START: usize = 5;
pub const ARCHIVE_TOOLBAR_LINES: usize = 40;

/// The last line of the Wayback Machine's toolbar at the top of an archived page, if the text opens with one:
/// "Wayback Machine" among its first lines, then (after the captures, "About this capture", "COLLECTED BY" and the
/// crawl's notes) "TIMESTAMPS" and its "loading".
fn archive_toolbar_end(lines: &[Line]) -> Option<usize> {
    lines.iter().take(ARCHIVE_TOOLBAR_START).position(|l| l.text == "Wayback Machine")?;
    let t = lines.iter().take(ARCHIVE_TOOLBAR_LINES).position(|l| l.text == "TIMESTAMPS")?;
    Some(if lines.get(t + 1).is_some_and(|l| l.text == "loading") { t + 1 } else { t })
}

/// A request to follow the outlet elsewhere: "Follow us on Twitter and Facebook", "Síguenos en Telegram, Instagram, Facebook
/// y Twitter". The networks' names are no widget words on their own (a headline may name them).
fn is_follow_request(norm: &str) -> bool {
    FOLLOW_REQUESTS.iter().any(|p| opens_with_phrase(norm, p))
}

/// A teaser of another article: its first lines and the link to the rest ("… Seht selbst! Weiterlesen", "… Read
/// more"). An article's own paragraph does not end in a link to itself.
fn is_teaser(norm: &str, words: usize) -> bool {
    words > 3 && READ_MORE_LINKS.iter().any(|p| norm.strip_suffix(p).is_some_and(|rest| rest.ends_with(' ')))
}

/// Whether a normalised line is the phrase `p` or starts with it as whole words.
fn opens_with_phrase(norm: &str, p: &str) -> bool {
    norm.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

fn line_kind(text: &str, norm: &str, words: usize) -> Kind {
    if is_symbolic(text)
        || is_pipe_list(text)
        || (words <= LABELLED_LINE_WORDS && is_arrow_link(text))
        || (words <= SHORT_LINE_WORDS && is_widget_line(norm))
        || (words <= LABELLED_LINE_WORDS && (is_labelled_widget(text) || is_credit_line(norm)))
        || is_server_error(text)
        || is_code(text)
        || (words <= LABELLED_LINE_WORDS && is_follow_request(norm))
    {
        Kind::Widget
    } else if is_teaser(norm, words) {
        Kind::Teaser
    } else if is_caption(text, norm, words) {
        Kind::Caption
    } else if is_file_name(text) {
        Kind::FileName
    } else if is_date_line(text, words) || is_dated_byline(text, words) {
        Kind::Date
    } else if is_cookie_text(norm, words) {
        Kind::Cookie
    } else {
        Kind::Plain
    }
}

/// Photo captions and credits.
fn is_caption(text: &str, norm: &str, words: usize) -> bool {
    if text.starts_with("FILE -") || text.starts_with("FILE –") || text.starts_with("FILE PHOTO") || text.starts_with("FILE:") {
        return true;
    }
    let lower = text.to_lowercase();
    // A site's logo as its image's text: "Logo Wiener Digitale Revue", "Anwalt Niemeyer (Logo)", "DEKRA Automobil
    // GmbH-Firmenlogo", "WordPress.com-Logo".
    if words <= SHORT_LINE_WORDS
        && (text.starts_with("Logo ")
            || lower.contains("(logo)")
            || lower.contains("[logo]")
            || lower.ends_with("-logo")
            || lower.ends_with("firmenlogo"))
    {
        return true;
    }
    // Who stands where in a photo: "Marcell Jansen (l.) and Piotr Trochowski", "(from left) Ann, Bo and Cy".
    if words <= 2 * SHORT_LINE_WORDS && lower.contains('(') && PHOTO_POSITIONS.iter().any(|p| lower.contains(p)) {
        return true;
    }
    // A credit in brackets closing the line: "(AP Photo/Evan Vucci)", "(Foto: dpa)", "(Getty Images)".
    if let Some(open) = lower.rfind('(') {
        let inner = lower[open..].trim_end_matches(['.', ' ']);
        // Or an agency and its photographer: "(REUTERS/Denis Balibouse)".
        let agency = || inner[1..].split_once('/').is_some_and(|(a, _)| PICTURE_AGENCIES.contains(&a.trim()));
        // A long paragraph ending in its wire source ("… hieß es. (FR mit dpa)") is the article's: only a picture's
        // credit ("(Foto: dpa)", "(AP Photo/Evan Vucci)") makes it a caption.
        let picture = || inner.contains('/') || PICTURE_WORD_PARTS.iter().any(|w| inner.contains(w));
        if inner.ends_with(')') && inner.len() <= 80 && (credit_words(inner) || agency()) && (words < LONG_LINE_WORDS || picture()) {
            return true;
        }
    }
    if text.contains('©') {
        return words <= SHORT_LINE_WORDS * 2;
    }
    // A caption ending in its credit: "Doctors examine a child in Gaza City. Photo: Ali Jadallah/Anadolu via Getty Images".
    // Every label ends with a colon: most lines have none and skip the search.
    let labels: &[&str] = if lower.contains(':') {
        &["photo:", "foto:", "image:", "bild:", "photograph:", "picture:", "credit:", "imagen:", "fotografía:"]
    } else {
        &[]
    };
    for label in labels {
        if let Some(at) = lower.rfind(label) {
            let tail = &lower[at + label.len()..];
            if tail.split_whitespace().count() <= 8 && (tail.contains('/') || credit_words(tail) || !tail.contains('.')) {
                return true;
            }
        }
    }
    // A short line naming an agency or picture desk with a slash or a label: "Evan Vucci/AP", "Photo: Jane Doe".
    words <= SHORT_LINE_WORDS
        && !ends_like_sentence(text)
        && (credit_words(&lower) && (text.contains('/') || text.contains(':') || words <= 4)
            || ["/ap", "/afp", "/reuters", "/getty", "/dpa", "/epa"].iter().any(|m| lower.replace(' ', "").contains(m)))
        && !norm.is_empty()
}

/// Bracketed places in a photo, which only captions give.
const PHOTO_POSITIONS: &[&str] = &[
    "(l.)",
    "(r.)",
    "(li.)",
    "(re.)",
    "(m.)",
    "(links)",
    "(rechts)",
    "(mitte)",
    "(left)",
    "(right)",
    "(centre)",
    "(center)",
    "(from left)",
    "(from right)",
    "(v.l.)",
    "(v. l.)",
    "(v.l.n.r.)",
    "(v. l. n. r.)",
    "(à gauche)",
    "(à droite)",
];

fn credit_words(lower: &str) -> bool {
    CREDIT_MARKERS.iter().any(|m| {
        lower.match_indices(m).any(|(i, _)| {
            let before = lower[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after = lower[i + m.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            before && after
        })
    })
}

/// One token with underscores or an image extension, or only bracketed names: an image shown by its name.
fn is_file_name(text: &str) -> bool {
    // Images a text browser shows by their alternative text or name: "[cropped] [cropped]", "[GettyImage]".
    if text.starts_with('[') && text.ends_with(']') && text.split(']').all(|p| p.trim().is_empty() || p.trim_start().starts_with('[')) {
        return true;
    }
    if text.contains(char::is_whitespace) {
        return false;
    }
    let lower = text.to_lowercase();
    let image = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"].iter().any(|e| lower.ends_with(e));
    image || (text.len() >= 16 && text.matches('_').count() >= 2 && text.chars().any(|c| c.is_ascii_digit()))
}

/// Words that may stand around a date or time on a line of its own (English weekdays: `is_weekday_or_month`).
const DATE_LINE_WORDS: &[&str] = &[
    "am",
    "pm",
    "a",
    "m",
    "p",
    "et",
    "est",
    "edt",
    "ct",
    "cst",
    "cdt",
    "pt",
    "pst",
    "pdt",
    "gmt",
    "utc",
    "bst",
    "cet",
    "cest",
    "mez",
    "mesz",
    "uhr",
    "h",
    "updated",
    "update",
    "published",
    "posted",
    "last",
    "modified",
    "aktualisiert",
    "veröffentlicht",
    "publié",
    "le",
    "mis",
    "à",
    "jour",
    "publicado",
    "actualizado",
    "el",
    "de",
    "del",
    "um",
    "am",
    "on",
    "at",
    "den",
    "der",
    "stand",
    "vom",
    "und",
    "and",
    "ago",
    "hours",
    "hour",
    "minutes",
    "minute",
    "days",
    "day",
    "stunden",
    "minuten",
    "tagen",
    "vor",
    "today",
    "yesterday",
    "heute",
    "gestern",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "st",
    "nd",
    "rd",
    "th",
    "er",
];

/// A line that only gives a date or a time: "Friday, October 30, 2020", "9:46 a.m. ET, November 18, 2023".
fn is_date_line(text: &str, words: usize) -> bool {
    if words > SHORT_LINE_WORDS || text.len() > 80 {
        return false;
    }
    let mut dated = false;
    for (_, w) in crate::tokens::words(text) {
        let lower = w.to_lowercase();
        if w.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') || month_number(w).is_some() {
            dated = true;
        } else if !DATE_LINE_WORDS.contains(&lower.as_str()) && !is_weekday_or_month(&lower) && !is_date_token(&lower) {
            return false;
        }
    }
    dated
}

/// Words that introduce an author or a publication date on a page's meta line.
const META_WORDS: &[&str] = &[
    "by",
    "von",
    "par",
    "por",
    "di",
    "door",
    "published",
    "posted",
    "updated",
    "veröffentlicht",
    "publiziert",
    "erstellt",
    "aktualisiert",
    "geschrieben",
    "publié",
    "publicado",
    "pubblicato",
    "autor",
    "author",
    "autorin",
];

/// A meta line with an author or a label and a date: "Ein Artikel von Miriam Ruhenstroth, veröffentlicht am
/// 23.01.2020", "Veröffentlicht am Fr, 24. Januar 2020, 18:18 von Creeny", "By Ann Lee | March 3, 2021".
fn is_dated_byline(text: &str, words: usize) -> bool {
    if words > 16 || (ends_like_sentence(text) && words >= 8) {
        return false;
    }
    let mut meta = false;
    let mut dated = false;
    let mut prev_month = false;
    for (_, w) in crate::tokens::words(text) {
        let lower = w.to_lowercase();
        meta |= META_WORDS.contains(&lower.as_str());
        let digits = w.chars().filter(char::is_ascii_digit).count();
        // "23.01.2020", "2020-01-23", "24. Januar 2020", "January 24, 2020".
        dated |= is_figures_date(w) || (prev_month && digits > 0) || (digits == 4 && prev_month);
        prev_month = month_number(w).is_some() || (prev_month && digits > 0);
        if month_number(w).is_some() && dated {
            break;
        }
    }
    let day_month = text.split_whitespace().collect::<Vec<_>>().windows(2).any(|p| {
        p[0].trim_end_matches('.').parse::<u32>().is_ok_and(|d| (1..=31).contains(&d)) && month_number(p[1].trim_end_matches(',')).is_some()
    });
    meta && (dated || day_month)
}

/// "30th", "9h46", "2020-10-30".
fn is_date_token(lower: &str) -> bool {
    let digits = lower.chars().filter(char::is_ascii_digit).count();
    // "1st", "22nd", "2007-7:07am", "11:34pm".
    digits > 0 && lower.chars().all(|c| c.is_ascii_digit() || matches!(c, 's' | 't' | 'n' | 'd' | 'r' | 'h' | '-' | ':' | 'a' | 'p' | 'm'))
}

/// A cookie or consent notice.
fn is_cookie_text(norm: &str, words: usize) -> bool {
    words <= 120
        && norm.contains("cookie")
        && norm.split(' ').any(|w| w.starts_with("cookie"))
        && [
            "website",
            "site",
            "browser",
            "consent",
            "accept",
            "akzept",
            "zustimm",
            "datenschutz",
            "privacy",
            "einverstanden",
            "utilis",
            "nutz",
            "verwend",
            "use ",
            "using",
        ]
        .iter()
        .any(|k| norm.contains(k))
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
    fn the_wayback_machine_toolbar_is_chrome() {
        let toolbar = "Wayback Machine\nsuccess\nfail\n5 captures Previous capture 09 Next capture\nAbout this capture\nCOLLECTED BY\n\
                       Organization: Internet Archive\nThese crawls are part of an effort to archive pages as they are created and archive the pages that they refer to, so that references to them keep working for as long as the web lasts.\n\
                       Then the Internet Archive hopes that references to these archived pages will be put in place of a link that would be otherwise be broken, or a companion link to allow people to see what was originally intended by a page's author.\n\
                       TIMESTAMPS\nloading";
        check(&format!("{toolbar}\nHome\nBridge to close for two years\n{P1}"), "Bridge to close for two years", &[P1]);
    }

    #[test]
    fn a_closing_line_without_a_final_stop_stays() {
        let close =
            "Germany is a country where television series run for decades without being taken off the air and so it seems is its politics";
        check(&format!("Bridge to close\n{P1}\n{P2}\n{close}\nShare this:"), "Bridge to close", &[P1, P2, close]);
    }

    #[test]
    fn follow_requests_and_teasers_of_other_articles_go() {
        let teaser = "Summer is holiday time, and the model is spending hers on a Greek island this year. See for yourself! Read more";
        check(
            &format!("Bridge to close\n{P1}\n{P2}\nSíguenos en Telegram, Instagram, Facebook y Twitter para recibir todas nuestras actualizaciones\n{teaser}"),
            "Bridge to close",
            &[P1, P2],
        );
        // A heading next to a teaser box inside the article stays.
        check(&format!("Bridge to close\n{P1}\n{teaser}\nWhat happens next\n{P2}"), "Bridge to close", &[P1, "What happens next", P2]);
    }

    #[test]
    fn sentences_that_introduce_code_samples_with_a_colon_are_paragraphs() {
        // A technical post: its paragraphs end in colons over code samples and the pictures' alt texts. Read as
        // short lines, they split the post, and an alt text over its second half was taken as the headline.
        let input = "Home\nArticles\nContact\nPerformant Python\n\
            There are many ways to improve the performance of Python programs, such as writing C modules and calling them from Python.\n\
            Python uses a lot of memory, but there are alternatives to the default data structures that use much less of it.\n\
            Tuples\n\
            Tuples take a bit less memory than lists, and with more elements the relative memory savings become smaller, as the graph shows:\n\
            ('hello', 'world')\n\
            Graph of memory occupied by Python tuples and lists\n\
            Tuples can also replace dictionaries, and in fact the dict function can build a dictionary from a tuple of pairs when one needs that:\n\
            t = (('company', 'Strangemachines'), ('city', 'Amsterdam'))\n\
            Graph of memory occupied by Python tuples and dictionaries\n\
            Generators\n\
            Generators are lazy lists: instead of computing the entire list and putting it in memory, they compute one item at a time.\n\
            g = (x for x in data)\n\
            Generators are smaller than large tuples but bigger than small ones, as the second graph of this post shows for lists of every length:\n\
            Graph of memory occupied by Python generators and tuples\n\
            Slots are a mechanism that reduces the memory used by class instances, because they disable setting dynamic properties on them.\n\
            The savings are largest for classes with many instances and few attributes, which is common in data processing code.";
        let c = clean(input, None, None, &Boilerplate::new());
        assert_eq!(c.title, "Performant Python", "{c:?}");
        assert!(c.text.starts_with("There are many ways to improve"), "{c:?}");
    }

    #[test]
    fn a_short_article_behind_a_paywall_outweighs_the_teasers_below_it() {
        // Three teasers under "Weitere Artikel" weigh more than the two paragraphs a paywall shows; they are other
        // articles'.
        let teasers = [
            "Warum verbringen junge Menschen ihre Freizeit mit Blasmusik? Zwei junge Frauen aus Glottertal und eine Band aus dem Hochschwarzwald erklären, was sie mit der Musik verbindet.",
            "Im kommenden Jahr hat in Breisach ein neues Festival Premiere, das Livemusik mit Wein und Gastronomie verbinden soll. Mit dabei sind namhafte Bands aus dem ganzen Land.",
            "Nach einer langen Pause rollt der Autoreisezug wieder durch das Land, und die Reisenden freuen sich auf die Fahrt in den Süden. Die Bahn hat dafür neue Wagen gekauft.",
        ];
        let input = format!(
            "Bridge to close\n{P1}\n{P2}\nBereits Abonnent/in? Anmelden\nJetzt diesen Artikel lesen!\nExklusive Vorteile:\nDigital Basis 3 € / Monat\n\
             in den ersten 3 Monaten\nJetzt weiterlesen\nnach 3 Monaten jederzeit kündbar\nRegistrieren kostenlos\nWeitere Artikel\nJung, cool, Blasmusik\n{}\nNeues Festival in Breisach\n{}\nDer Autoreisezug rollt wieder\n{}",
            teasers[0], teasers[1], teasers[2]
        );
        check(&input, "Bridge to close", &[P1, P2]);
    }

    #[test]
    fn a_feed_excerpt_ending_in_its_link_is_the_article() {
        let excerpt = "Javon Wilson, 14, was shot to death in his home on Friday evening over what police called an argument over sneakers, police said. He was inside when two people broke… Read more →";
        let first = "Javon Wilson, 14, was shot to death in his home on Friday evening over what police called an argument over sneakers, police said.";
        let c = clean(&format!("Homicide Watch Chicago\n{excerpt}"), None, None, &Boilerplate::new());
        assert!(c.text.ends_with(excerpt), "{c:?}");
        assert_eq!(c.title, first);
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

    #[test]
    fn captions_credits_file_names_and_dates_are_never_the_headline() {
        let lead = "ISTANBUL (AP) — A powerful earthquake struck Turkey's Aegean coast on Friday, toppling buildings in the city of Izmir.";
        let input = format!(
            "Menu\nWorld\nBusiness\nFILE - An unidentified man walks past a damaged building in Izmir, Turkey.\n(AP Photo/Emrah Gurel)\n\
             2020-10-30T160543Z_847145052_RC2XRJ9XTH0I_RTRMADP_3_TURKEY-QUAKE.JPG\nEarthquake hits Turkey's Aegean coast, toppling buildings in Izmir\n\
             Friday, October 30, 2020\n9:46 a.m. ET, October 30, 2020\nGetty Images\n{lead}\n{P2}"
        );
        let c = clean(&input, None, None, &Boilerplate::new());
        assert_eq!(c.title, "Earthquake hits Turkey's Aegean coast, toppling buildings in Izmir");
        let kept: Vec<&str> = c.paragraphs.iter().map(|s| &c.text[s.start..s.end]).collect();
        assert_eq!(kept, [lead, P2], "removed: {:?}", c.removed);
        // The dateline is metadata: the text keeps it, its span says where the first sentence starts.
        let d = c.dateline.expect("dateline");
        assert_eq!((d.place.as_str(), d.source.as_deref()), ("ISTANBUL", Some("AP")));
        assert!(c.text[d.span.end..].starts_with("A powerful earthquake"));
    }

    #[test]
    fn a_long_paragraph_ending_in_its_wire_source_is_no_caption() {
        let last = "When Kim disappeared from view for weeks in October 2014, there had been speculation about his health as well. \
                    South Korea's intelligence service assumed at the time that he had had surgery on his right ankle. (FR with dpa)";
        let caption = "Kim Jong Un on a picture published by state media on Saturday. (Foto: dpa)";
        check(
            &format!("Menu\nBridge to close for two years\n{P1}\n{P2}\n{caption}\n{last}\nShare"),
            "Bridge to close for two years",
            &[P1, P2, last],
        );
    }

    #[test]
    fn meta_lines_of_date_sections_or_publisher_are_not_the_headline() {
        let lead = "Gemeint ist natürlich das, was im Allgemeinen unter dem Euphemismus Beschneidung bekannt ist, und heute vor drei Jahren hat der Bundestag darüber abgestimmt.";
        // "Published by" and its author under the headline.
        check(
            &format!("Beitragsnavigation\n← Das F-Wort – Teil 2\n3 Jahre legalisierte Genitalverstümmelung\nVeröffentlicht von HansG\n6\n{lead}\n{P2}"),
            "3 Jahre legalisierte Genitalverstümmelung",
            &[lead, P2],
        );
        assert!(is_by_label("Posted by Jane Doe") && is_by_label("Veröffentlicht von HansG") && !is_by_label("Published 2020"));
        // A date in figures opening a meta line of sections, under the headline. A headline after such a date and a
        // dash, or ending with one, is still a headline.
        let lead = "Die Redaktion des Digitalen Wörterbuchs hat ein Glossar zur Pandemie erstellt, das die neuen Wörter der deutschen Sprache sammelt.";
        check(
            &format!(
                "Datenschutz\nSuche nach:\nDigitales Wörterbuch: Redaktion erstellt Glossar\n2020-04-26 Deutsche Sprache\n{lead}\n{P2}"
            ),
            "Digitales Wörterbuch: Redaktion erstellt Glossar",
            &[lead, P2],
        );
        assert!(opens_with_numeric_date("07.12.2022 Wissenschaft Atmosphäre Klima"));
        assert!(opens_with_numeric_date("17/11/201917/11/2019 ~ Cem Basman"));
        assert!(!opens_with_numeric_date("23.01.2022 - Dorothea Wierer darf beim Antholz-Abschluss noch jubeln"));
        assert!(!opens_with_numeric_date("Blogposting 01/23/2020"));
        assert!(!opens_with_numeric_date("2,500,000 people marched"));
    }

    #[test]
    fn a_kicker_over_the_headline_is_not_it() {
        // The kicker repeats the lead's words as much as the headline does, and stands a line further from it.
        let lead = "Wer in diesem Sommer reist, sollte die aktuellen Reise- und Sicherheitshinweise des Auswärtigen Amtes lesen, bevor er die Koffer packt.";
        check(
            &format!("Startseite\nReise- und Sicherheitshinweise\nItalien: Reise- und Sicherheitshinweise\n{lead}\n{P2}"),
            "Italien: Reise- und Sicherheitshinweise",
            &[lead, P2],
        );
    }

    #[test]
    fn a_caption_dateline_line_before_the_headline_is_not_it() {
        // A dateline with a date, alone on its line above the headline, and a cut copy of the headline in a menu.
        let lead = "VLADIVOSTOK (Sputnik - 25th April, 2019) - North Korean leader Kim Jong Un and Russian President Vladimir Putin met on Thursday.";
        let input = format!(
            "Kim and Putin hold first summit in Vlad...\nLatest\nWASHINGTON (dpa-AFX) -\nKim and Putin hold first summit in Vladivostok\n{lead}\n{P2}"
        );
        let c = clean(&input, None, None, &Boilerplate::new());
        assert_eq!(c.title, "Kim and Putin hold first summit in Vladivostok");
        let d = c.dateline.expect("dateline");
        assert_eq!(d.place, "VLADIVOSTOK");
        assert_eq!(d.date, chrono::NaiveDate::from_ymd_opt(2019, 4, 25));
    }

    #[test]
    fn a_headline_ending_in_an_ellipsis_by_style_is_the_headline() {
        // No line holds it whole: the ellipsis is the writer's, not a cut. The tagline above is no headline either.
        let lead = "The old bridge closes for the new year: repairs come first, and everything else can wait until the spring.";
        let head = "Bridge closes for the new year, everything else can wait…";
        // Read as a sentence, it stays in the body as well (see `clean_with`).
        check(&format!("Walks around town\nNotes on walking in the town\n{head}\n{lead}\n{P1}"), head, &[head, lead, P1]);
    }

    #[test]
    fn a_headline_over_a_long_gallery_is_found() {
        // Fifty lines of a picture gallery's captions stand between the headline and the text.
        let gallery: Vec<String> = (1..=50).map(|n| format!("Picture {n} of 50")).collect();
        check(
            &format!("Menu\nBridge to close for two years\n{}\n{P1}\n{P2}", gallery.join("\n")),
            "Bridge to close for two years",
            &[P1, P2],
        );
    }

    #[test]
    fn a_menu_of_short_lines_and_a_footer_go() {
        let menu = "Home\nNews\nSport\nBusiness\nCulture\nTravel\nWeather\nPodcasts\nNewsletters\nAbout us";
        let footer = "The Daily Courier is published by Courier Media Group, 12 Harbour Street, Portsmouth, and printed under licence by its parent company in all of its regional editions";
        check(
            &format!("{menu}\nBridge to close for two years\n{P1}\n{P2}\nMore from the Courier\nMayor opens library\nSchool wins prize\nPark reopens\nBus fares rise\n{footer}"),
            "Bridge to close for two years",
            &[P1, P2],
        );
    }

    #[test]
    fn a_lead_sentence_on_the_first_line_stays_in_the_body() {
        // ECB+ style: no headline, the first line is the lead sentence.
        let lead = "A man was arrested on Tuesday after a shooting at a shopping centre in the east of the city left two people injured.";
        check(&format!("{lead}\n\n{P2}"), lead, &[lead, P2]);
        // A headline above it is still the headline.
        check(
            &format!("Two injured in shopping centre shooting\n\n{lead}\n\n{P2}"),
            "Two injured in shopping centre shooting",
            &[lead, P2],
        );
    }

    #[test]
    fn a_one_sentence_text_is_its_own_title() {
        let one = "Lindsay Lohan has left the Betty Ford clinic for a rehab centre in Malibu.";
        check(one, one, &[one]);
        check("Lohan leaves Betty Ford", "Lohan leaves Betty Ford", &["Lohan leaves Betty Ford"]);
    }

    #[test]
    fn the_url_slug_confirms_the_headline() {
        let input = format!("Bridge closure\nCouncil votes to close the old bridge for two years\n{P1}\n{P2}");
        let c = clean_with(
            &input,
            &CleanOptions {
                url: Some("https://news.example/local/council-votes-to-close-the-old-bridge-for-two-years"),
                ..CleanOptions::default()
            },
            &Boilerplate::new(),
        );
        assert_eq!(c.title, "Council votes to close the old bridge for two years");
    }

    #[test]
    fn a_breadcrumb_is_not_the_headline_but_confirms_it() {
        check(
            &format!("Home » Local » Transport » Bridge to close for two years\nMenu\nBridge to close for two years\n{P1}\n{P2}"),
            "Bridge to close for two years",
            &[P1, P2],
        );
    }

    #[test]
    fn the_headline_is_above_its_standfirst() {
        // The standfirst repeats the lead's words more than the headline does; the headline is the line above it.
        let standfirst = "Drivers face a long detour through the old town after engineers found cracks in the bridge";
        check(
            &format!("News\nLocal\nCouncil shuts bridge for repairs\n{standfirst}\nBy Maria Gonzalez\n12 March 2024\n{P1}\n{P2}"),
            "Council shuts bridge for repairs",
            &[standfirst, P1, P2],
        );
    }

    #[test]
    fn a_headline_under_a_browser_notice_is_found_and_the_notice_goes() {
        // The notice reads as prose and stands near the article; the headline under it and the menus is still the headline.
        let notice = "Thank you for visiting our site. You are using a browser version with limited support for CSS, so please update it.";
        check(
            &format!(
                "Skip to main content\n{notice}\nSkip to main content\nAdvertisement\n{notice}\n  1. home\n  2. news\n\
                 Menu\nSubscribe Search My Account Login\nNEWS\n24 September 2019\nCouncil shuts bridge for repairs\n{P1}\n{P2}"
            ),
            "Council shuts bridge for repairs",
            &[P1, P2],
        );
    }

    #[test]
    fn photo_positions_doubled_teasers_and_clock_times_are_not_headlines() {
        // "(l.)" places people in a photo: a caption. A link printed twice is a teaser. "7:07AM" is a time stamp.
        let caption = "Maria Gonzalez (l.) and John Roe at the bridge";
        let teaser = "Bridge to close for two yearsBridge to close for two years";
        let input = format!("Bridge closes after cracks\nApril 10, 2007-7:07AM\n{teaser}\n{caption}\n{P1}\n{P2}");
        let c = clean(&input, None, None, &Boilerplate::new());
        assert_eq!(c.title, "Bridge closes after cracks");
        assert!(c.removed.iter().any(|r| r == caption), "{:?}", c.removed);
        assert!(c.removed.iter().any(|r| r == "April 10, 2007-7:07AM"), "{:?}", c.removed);
    }

    #[test]
    fn a_heading_by_a_picture_stays() {
        let heading = "What the engineers found";
        check(
            &format!("Bridge closes after cracks\nBy Maria Gonzalez\n{P1}\n[missing-im]\n{heading}\n{P2}"),
            "Bridge closes after cracks",
            &[P1, heading, P2],
        );
    }

    #[test]
    fn a_list_announced_under_the_last_paragraph_stays() {
        // The article ends on a list its last line announces; the category line and the links after it are the page's.
        let intro = "You will need these for the repair:";
        check(
            &format!("Fixing a leaking tap\n{P1}\n{P2}\n{intro}\nA spanner\nNew washers\nCategory: Home, garden\nPrevious post\nNext post"),
            "Fixing a leaking tap",
            &[P1, P2, intro, "A spanner", "New washers"],
        );
        // Other articles announced with a colon are further reading, not a list of the article's.
        check(
            &format!("Fixing a leaking tap\n{P1}\n{P2}\nLesen Sie auch die folgenden Beiträge:\nNew kitchen taps\nGarden hoses"),
            "Fixing a leaking tap",
            &[P1, P2],
        );
    }

    #[test]
    fn agency_credits_and_editor_lines_in_other_languages_go() {
        for credit in ["Premio Nobel de la Paz (REUTERS/Denis Balibouse)", "Imagen: Télam", "【纠错】 责任编辑： 焦鹏"] {
            check(&format!("Bridge closes after cracks\n{P1}\n{credit}\n{P2}"), "Bridge closes after cracks", &[P1, P2]);
        }
    }

    #[test]
    fn the_headline_over_its_byline_beats_a_caption_by_the_lead() {
        // A picture's title right above the lead repeats its words; the headline stands over the byline.
        let input = format!(
            "World\nEurope\nBridge closes after cracks are found in its columns\nBy Maria Gonzalez\nShare\nTweet\nThe old bridge in the city\n{P1}\n{P2}"
        );
        let c = clean(&input, None, None, &Boilerplate::new());
        assert_eq!(c.title, "Bridge closes after cracks are found in its columns");
    }

    #[test]
    fn a_headline_of_capitalised_words_is_not_taken_for_a_byline() {
        let lead = "Die Deichschafe in Ostfriesland werden im Frühjahr geschoren, bevor die Lämmer im April kommen.";
        let more = "Ohne die Schafe, die das Gras kurz halten und den Boden festtreten, wären die Deiche nicht sicher.";
        check(&format!("Startseite\nTiere\nDie Deichschafe Ostfrieslands\n{lead}\n{more}"), "Die Deichschafe Ostfrieslands", &[lead, more]);
    }

    #[test]
    fn further_reading_and_a_newsletter_after_the_article_go() {
        // Teasers under "Read next" are sentences and would join the block; after most of the article they end it.
        let p3 = "The council said the work would start in May and that a ferry would run every half hour until then.";
        let teaser = "A new library wing opened on Saturday with a reading room for children and a café on the roof.";
        check(&format!("Bridge to close\n{P1}\n{P2}\n{p3}\nRead next\n{teaser}"), "Bridge to close", &[P1, P2, p3]);
        check(
            &format!("Bridge to close\n{P1}\n{P2}\n{p3}\nSign up for our morning newsletter\nGet the day's local news in your inbox every morning, free of charge."),
            "Bridge to close",
            &[P1, P2, p3],
        );
        // Comments longer than the article: a comment's head ends it at once, a helpfulness poll once 300 bytes are behind.
        let comment = "I drive over that bridge every day and have seen the cracks myself, so this is long overdue in my view.";
        let reply = "The ferry will not carry enough people at rush hour, and the council knows it, as it did in the nineties.";
        check(
            &format!("Bridge to close\n{P1}\n{P2}\nComments (2)\nComment by Ann Lee — 17.07, 2021 @ 13:04\n{comment}\nComment by Tom — 17.07, 2021 @ 13:10\n{reply}"),
            "Bridge to close",
            &[P1, P2],
        );
        check(
            &format!("Bridge to close\n{P1}\n{P2}\n{p3}\n{reply}\nWas this article helpful?\n{teaser}"),
            "Bridge to close",
            &[P1, P2, p3, reply],
        );
        // The head of the comments names the article: it is neither its headline nor part of it.
        check(
            &format!(
                "Local news\nBridge to close for two years\n{P1}\n{P2}\n2 Comments on Bridge to close for two years\n{comment}\n{reply}"
            ),
            "Bridge to close for two years",
            &[P1, P2],
        );
    }

    #[test]
    fn an_introduction_split_off_by_a_code_sample_stays() {
        // Three lines of code cost more than the introduction weighs, but a block grows upwards more easily.
        let intro = "First install the three libraries this scraper needs with pip.";
        let p3 = "The council said the work would start in May and that a ferry would run every half hour until then.";
        check(
            &format!("Menu\nHow to scrape a page with Python\n{intro}\nrequests\nbs4\nlxml\n{P1}\n{P2}\n{p3}"),
            "How to scrape a page with Python",
            &[intro, "requests", "bs4", "lxml", P1, P2, p3],
        );
    }

    #[test]
    fn nested_list_items_and_form_fields_are_not_the_headline() {
        // A text browser prints a nested menu's items with "☆" and a search box as "[    ] [Search]".
        let input = format!(
            "Search the bridge archive [                    ] [Search]\n  • Local\n      ☆ Old bridge closes for repairs\n\
             Bridge closes for two years of repairs\n{P1}\n{P2}"
        );
        let c = clean(&input, None, None, &Boilerplate::new());
        assert_eq!(c.title, "Bridge closes for two years of repairs");
    }

    #[test]
    fn previous_and_next_post_links_are_chrome() {
        // A blog prints the neighbouring posts as arrow links around the post's own headline.
        let input =
            format!("\u{2190} Old ferry timetable ends\nBridge to close for two years\n{P1}\n{P2}\nNew ferry service starts \u{2192}");
        let c = clean(&input, None, None, &Boilerplate::new());
        assert_eq!(c.title, "Bridge to close for two years");
        assert!(
            c.removed.iter().any(|r| r.starts_with('\u{2190}')) && c.removed.iter().any(|r| r.ends_with('\u{2192}')),
            "{:?}",
            c.removed
        );
        assert!(is_arrow_link("« Logbuch 2010") && is_arrow_link("Jetzt sichern »") && is_arrow_link("< Back to blog"));
        // French quotes are speech, not links.
        assert!(!is_arrow_link("« Les privatisations profitent aux intérêts privés »"));
        assert!(!is_arrow_link("Webinaire : « Changements climatiques : quelles mobilisations ? »"));
    }

    #[test]
    fn logos_skip_links_and_reply_forms_are_not_the_headline() {
        let input =
            format!("Logo Riverside Gazette\nMenü Springe zum Inhalt\nBridge to close for two years\nSchreibe eine Antwort\n{P1}\n{P2}");
        let c = clean(&input, None, None, &Boilerplate::new());
        assert_eq!(c.title, "Bridge to close for two years");
        assert!(is_caption("Anwalt Niemeyer (Logo)", "anwalt niemeyer logo", 3));
        assert!(is_caption("EUROVIA Verkehrsbau Union GmbH-Firmenlogo", "eurovia verkehrsbau union gmbh firmenlogo", 4));
        assert!(is_caption("WordPress.com-Logo", "wordpress com logo", 1));
        assert!(!is_caption("Il nuovo catalogo", "il nuovo catalogo", 3));
        // A link printed twice with a space between is no headline either.
        assert!(is_doubled("Riverside Gazette Riverside Gazette") && is_doubled("Riverside GazetteRiverside Gazette"));
        assert!(!is_doubled("Bridge to close for two years"));
        assert!(is_by_label("por Sarah Moreno"));
        // What a broken server prints into the page.
        let input = format!(
            "Deprecated: Assigning the return value of new by reference is deprecated in /www/htdocs/wp-includes/cache.php on line 36\n\
             Warning: mysql_get_server_info(): Access denied for user ''@'localhost' (using password: NO)\n{P1}\n{P2}"
        );
        let c = clean(&input, None, None, &Boilerplate::new());
        assert_eq!((c.title.as_str(), c.text.as_str()), (P1, format!("{P1}\n\n{P2}").as_str()));
        assert!(!is_server_error("Warning: storms ahead for the coast on Monday"));
    }

    #[test]
    fn code_printed_as_text_is_chrome() {
        for code in [
            r#"n},function(e,t,n){function r(e,t,n){return t=i(void 0===t?e.length-1:t,0),function(){for(var r=arguments"#,
            "(function() { document.addEventListener('DOMContentLoaded', function() { var m = JSON.parse(x); });",
            "inherit; } .sp_message .sp_message_dismiss:outline { outline: none; } .sp_iframe_container { position: fixed; top: 0; }",
            "Publicado por por {{ post.author.display_name }}",
            "{{#message}}{{{message}}}{{/message}}{{^message}}Your submission failed. The server responded badly.",
            "{* #forgotPasswordForm *} {* traditionalSignIn_emailAddress *}",
        ] {
            assert!(is_code(code), "{code}");
            assert!(matches!(line_kind(code, &normalize_line(code), code.split_whitespace().count()), Kind::Widget), "{code}");
        }
        for prose in [
            "They came (in 2001); they saw (in 2002); they left (in 2003), and nobody && nothing || none was there.",
            "The similarity of datapoint x j {\\displaystyle x_{j}} x_{j} to datapoint x i {\\displaystyle x_{i}} is the probability",
            "K L ( P | | Q ) = ∑ i ≠ j p i j log ⁡ p i j q i j {\\displaystyle KL(P||Q)=\\sum _{i\\neq j}p_{ij}\\log {\\frac {p_{ij}}{q_{ij}}}}",
            "Note: the set {a, b} has two members; the set {c} has one; the empty set {} has none; that is all.",
        ] {
            assert!(!is_code(prose), "{prose}");
        }
        assert!(is_caption("vergrößern (Bildquelle: auto-motor.at/Stefan Gruber)", "vergrößern bildquelle auto motor at stefan gruber", 6));
        // WordPress's comment form without its check boxes, as a browser copies it.
        let input = format!(
            "Bridge to close for two years\n{P1}\n{P2}\nNotify me of follow-up comments by email.\nNotify me of new posts by email."
        );
        assert_eq!(clean(&input, None, None, &Boilerplate::new()).text, format!("{P1}\n\n{P2}"));
    }

    #[test]
    fn dates_in_more_languages_are_date_lines() {
        for line in ["15 августа 2016, 13:43", "3 maggio 2021", "12 de setembro de 2019", "4 mei 2020"] {
            assert!(is_date_line(line, word_count(line)), "{line}");
        }
    }

    #[test]
    fn a_list_number_is_not_a_title() {
        let c = clean("1. Pommes esse ich am liebsten mit den Fingern.\n2. Kaffee geht immer.", None, None, &Boilerplate::new());
        assert_eq!(c.title, "1. Pommes esse ich am liebsten mit den Fingern.");
    }

    #[test]
    fn a_menu_without_bullets_is_not_the_headline() {
        // A browser's copy has no bullets: a menu is short lines, printed twice (the header and a side menu), its last
        // item a section whose words the lead uses as much as the headline's.
        let stand =
            "Risks and side effects come not only with drugs but with the measures against the pandemic that stop travel and leisure.";
        let p = "We need humility in this pandemic more than the certainty of last spring, the author argues in a long essay.";
        check(
            &format!("Politics\nFamily\nTravel and Leisure\nAuthors\nPolitics\nFamily\nTravel and Leisure\nWürzburg\nWhy we need humility in a pandemic winter\n{stand}\n{p}\n{P1}"),
            "Why we need humility in a pandemic winter",
            &[stand, p, P1],
        );
        // The menu item under it looks like a name ("Studio Vienna"), but a byline is not followed by another menu item.
        let lead = "The city's oldest bridge will close today for two years of repairs, the Vienna council said on Monday.";
        check(
            &format!("News\nVienna today\nStudio Vienna\nTeam\nContact\nVienna today\nStudio Vienna\nTeam\nContact\nLocal\nOld crossing shuts for repairs\n{lead}\n{P1}\n{P2}"),
            "Old crossing shuts for repairs",
            &[lead, P1, P2],
        );
        // Inside a run of longer menu items, printed twice, one of them matching the lead well.
        let menu = "Tips for the garden\nClosing the old bridge\nRepairs and roadworks\nOur town";
        let lead = "Repairs to the old bridge start today; the council will close it for two years of roadworks.";
        check(&format!("{menu}\nNews\n{menu}\nCouncil says when\n{lead}\n{P1}\n{P2}"), "Council says when", &[lead, P1, P2]);
    }

    #[test]
    fn a_separator_glued_before_the_headline_is_not_part_of_the_title() {
        // A renderer's separator glued before the headline.
        check(&format!("Menu\n|Bridge to close for two years\n{P1}\n{P2}"), "Bridge to close for two years", &[P1, P2]);
        check(&format!("Menu\n[> Bridge to close for two years\n{P1}\n{P2}"), "Bridge to close for two years", &[P1, P2]);
        // Guillemets are quotation marks, not separators.
        check(&format!("Menu\n»Bridge to close for two years«\n{P1}\n{P2}"), "»Bridge to close for two years«", &[P1, P2]);
        // A table's next column, a run of spaces away, is not part of it either.
        assert_eq!(tidy_headline("Bridge to close for two years          [photo]  Weather"), "Bridge to close for two years");
        assert_eq!(tidy_headline("Bridge to close  for two years"), "Bridge to close  for two years");
        assert_eq!(tidy_headline("━━━━━━━━ Bridge to close for two years"), "Bridge to close for two years");
    }

    #[test]
    fn a_headline_of_two_short_sentences_on_the_first_line_is_the_headline() {
        // Some outlets end their headlines with a stop; one of 14 words opens the block, right above the lead.
        let head = "Goats ruled the old bridge for over a century. Now, it is being reborn.";
        let lead = "For over a century goats ruled the old bridge, and the town has now begun to rebuild it, reborn as a park.";
        check(&format!("Environment\n{head}\n{lead}\n{P1}\n{P2}"), head, &[head, lead, P1, P2]);
    }

    #[test]
    fn invisible_characters_go() {
        assert_eq!(strip_invisible("Mes\u{ad}sen\u{ad}ger\u{200b}dienst".into()), "Messengerdienst");
        assert_eq!(strip_invisible("plain text".into()), "plain text");
    }

    #[test]
    fn extracted_text_is_left_whole() {
        let c = clean_with(&format!("{P1}\n{P2}"), &CleanOptions { extracted: true, ..CleanOptions::default() }, &Boilerplate::new());
        assert_eq!(c.title, P1);
        assert_eq!(c.paragraphs.len(), 2);
    }
}
