//! The sentences of a story as the summariser sees them: their span (a dateline cut off), content
//! terms and concepts, key values (numbers, days, specific names), and whether they can stand alone.

use std::cell::OnceCell;

use rustc_hash::FxHashMap;
use tidings_model::{Article, ArticleIdx, Span};
use tidings_text::lexicon::{is_stop, DANGLING_SET};
use tidings_text::{names, words, Analyzer};

use crate::hygiene;
use crate::{MAX_ARTICLE_SENTENCES, MAX_WORDS, MIN_WORDS};

/// Small number words, so that "three bank workers" and "3 bank workers" state the same number.
const NUMBER_WORDS: &[(&str, &str)] = &[
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("twenty", "20"),
    ("dozen", "12"),
    ("first", "1st"),
    ("second", "2nd"),
    ("third", "3rd"),
    ("fourth", "4th"),
    ("fifth", "5th"),
    ("sixth", "6th"),
    ("seventh", "7th"),
];
const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTHS: &[&str] = &[
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
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
];
/// Words that date a statement to the news day.
const NEWS_DAY: &[&str] = &["today", "yesterday", "tonight", "overnight"];
/// Prepositions after which a capitalised word is a place.
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "near", "outside", "off", "into", "from"];

/// The values a sentence states that a supporting sentence must state too.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    /// Normalised numbers ("160", "3", "9").
    pub numbers: Vec<String>,
    /// Weekdays and month names, lowercased.
    pub days: Vec<String>,
}

/// How a concept counts in the coverage objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConceptKind {
    /// A content word.
    Term,
    /// A number.
    Number,
    /// A weekday or a month.
    Day,
    /// Two adjacent content words ("heart attack", "gulf aden").
    Pair,
}

/// One sentence of the story. Names, key values and the prose check are computed when first asked
/// for: most sentences of a large story are never compared closely with anything.
pub struct Sent<'a> {
    pub text: &'a str,
    pub article: ArticleIdx,
    /// Index in `Article::sentences`.
    pub index: usize,
    /// The part of the sentence a brief may show: the whole sentence, or what follows its dateline.
    pub span: Span,
    /// Content term ids, sorted, unique.
    pub terms: Vec<u32>,
    /// Concept ids (terms and adjacent pairs), sorted, unique.
    pub concepts: Vec<u32>,
    keys: OnceCell<Keys>,
    names: OnceCell<Vec<String>>,
    prose: OnceCell<bool>,
    pub words: usize,
    /// Passes the cheap checks of [`eligible`]; see [`Sent::eligible`] for all of them.
    pub shape_ok: bool,
    /// Ends like a sentence (headings such as "Summit Details:" do not): may be linked to others.
    pub linkable: bool,
    /// Says when: a weekday, a month, "yesterday".
    pub when: bool,
    /// Says where: a capitalised word after "in", "at", "near"...
    pub place: bool,
    /// Opens with a quotation or is mostly one.
    pub quote: bool,
}

impl Sent<'_> {
    /// The numbers and days it states.
    pub fn keys(&self) -> &Keys {
        self.keys.get_or_init(|| keys(self.text))
    }

    /// Capitalised name runs, lowercased.
    pub fn names(&self) -> &[String] {
        self.names.get_or_init(|| names(self.text))
    }

    /// Can stand alone in a brief: the shape checks and no caption, credit or time stamp.
    pub fn eligible(&self) -> bool {
        self.shape_ok && *self.prose.get_or_init(|| hygiene::not_prose(self.text).is_none())
    }
}

/// A lowercase word as a map key: up to 22 bytes inline, longer ones on the heap. Every word of a
/// story is looked up, and an inline key costs no allocation and no pointer to follow.
#[derive(Clone, PartialEq, Eq)]
enum WordKey {
    Inline(u8, [u8; 22]),
    Heap(Box<str>),
}

impl std::hash::Hash for WordKey {
    /// The word's bytes only: an inline and a heap key never hold the same word.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            WordKey::Inline(n, b) => state.write(&b[..*n as usize]),
            WordKey::Heap(w) => state.write(w.as_bytes()),
        }
    }
}

impl WordKey {
    fn new(w: &str) -> WordKey {
        if w.len() <= 22 {
            let mut b = [0u8; 22];
            b[..w.len()].copy_from_slice(w.as_bytes());
            WordKey::Inline(w.len() as u8, b)
        } else {
            WordKey::Heap(w.into())
        }
    }
}

/// Concept ids and what kind each is.
#[derive(Default)]
pub struct Vocab {
    /// Per language: lowercased word → its term id and kind, or `None` for a stop word, and what it
    /// says of when and where ([`WordFlags`]). Stemming is the costly step of tokenising and a story
    /// repeats its words, so each word is stemmed once.
    words: Vec<(Option<String>, FxHashMap<WordKey, (Option<(u32, ConceptKind)>, WordFlags)>)>,
    terms: FxHashMap<String, u32>,
    concepts: FxHashMap<u64, u32>,
    /// The concept id of each term id, once it has one (`u32::MAX` before): a term's concept is
    /// looked up for every word, so it skips the hash map.
    term_concepts: Vec<u32>,
    /// A buffer for stems, reused.
    stem_buf: String,
    pub kinds: Vec<ConceptKind>,
    pub term_count: usize,
}

impl Vocab {
    fn term(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.terms.get(t) {
            return id;
        }
        let n = self.terms.len() as u32;
        self.terms.insert(t.to_string(), n);
        n
    }

    fn concept(&mut self, key: u64, kind: ConceptKind) -> u32 {
        let n = self.kinds.len() as u32;
        let id = *self.concepts.entry(key).or_insert(n);
        if id == n {
            self.kinds.push(kind);
        }
        id
    }

    /// The term of one lowercased word, as `Analyzer::for_each_term` makes it: stop words and
    /// one-letter words have none, numbers lose their thousands separators, other words are stemmed.
    fn word(&mut self, lang: usize, analyzer: &Analyzer, lower: &str) -> (Option<(u32, ConceptKind)>, WordFlags) {
        let key = WordKey::new(lower);
        if let Some(&known) = self.words[lang].1.get(&key) {
            return known;
        }
        let flags = WordFlags {
            day: WEEKDAYS.contains(&lower) || MONTHS.contains(&lower),
            news_day: NEWS_DAY.contains(&lower),
            preposition: PLACE_PREPOSITIONS.contains(&lower),
        };
        let entry = if lower.chars().count() < 2 || is_stop(lower) {
            None
        } else if lower.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
            Some((self.term(&lower.replace(',', "")), ConceptKind::Number))
        } else {
            let mut stem = std::mem::take(&mut self.stem_buf);
            analyzer.stem_into(lower, &mut stem);
            let kind =
                if WEEKDAYS.contains(&stem.as_str()) || MONTHS.contains(&stem.as_str()) { ConceptKind::Day } else { ConceptKind::Term };
            let term = self.term(&stem);
            self.stem_buf = stem;
            Some((term, kind))
        };
        self.words[lang].1.insert(key, (entry, flags));
        (entry, flags)
    }

    /// Term ids and concept ids of a text in language `lang`.
    pub fn analyse(&mut self, lang: Option<&str>, analyzer: &Analyzer, text: &str) -> Analysed {
        let l = match self.words.iter().position(|(x, _)| x.as_deref() == lang) {
            Some(l) => l,
            None => {
                self.words.push((lang.map(String::from), FxHashMap::default()));
                self.words.len() - 1
            }
        };
        let mut seq: Vec<(u32, ConceptKind)> = Vec::new();
        let mut buf = String::new();
        let (mut when, mut place, mut after_preposition) = (false, false, false);
        for (_, w) in words(text) {
            tidings_text::tokens::lowercase_into(w, &mut buf);
            // When: a day, a month, "yesterday"; where: a capitalised word after "in", "at"...
            let (term, flags) = self.word(l, analyzer, &buf);
            when |= flags.day || flags.news_day;
            place |= after_preposition && !flags.day && w.chars().next().is_some_and(char::is_uppercase);
            after_preposition = flags.preposition;
            if let Some(t) = term {
                seq.push(t);
            }
        }
        let mut concepts = Vec::with_capacity(seq.len() * 2);
        for (k, &(t, kind)) in seq.iter().enumerate() {
            let ti = t as usize;
            if ti >= self.term_concepts.len() {
                self.term_concepts.resize(ti + 1, u32::MAX);
            }
            if self.term_concepts[ti] == u32::MAX {
                self.term_concepts[ti] = self.concept(t as u64, kind);
            }
            concepts.push(self.term_concepts[ti]);
            if let Some(&(next, _)) = seq.get(k + 1) {
                if next != t {
                    concepts.push(self.concept((1 << 63) | ((t as u64) << 31) | next as u64, ConceptKind::Pair));
                }
            }
        }
        let mut terms: Vec<u32> = seq.into_iter().map(|(t, _)| t).collect();
        terms.sort_unstable();
        terms.dedup();
        concepts.sort_unstable();
        concepts.dedup();
        self.term_count = self.terms.len();
        Analysed { terms, concepts, when, place }
    }
}

/// What a word says of when and where, read once per word.
#[derive(Debug, Clone, Copy, Default)]
struct WordFlags {
    /// A weekday or a month.
    day: bool,
    /// "today", "yesterday"...
    news_day: bool,
    /// A preposition after which a capitalised word is a place.
    preposition: bool,
}

/// What [`Vocab::analyse`] reads from a text.
pub struct Analysed {
    /// Content term ids, sorted, unique.
    pub terms: Vec<u32>,
    /// Concept ids, sorted, unique.
    pub concepts: Vec<u32>,
    /// Says when (a weekday, a month, "yesterday").
    pub when: bool,
    /// Says where (a capitalised word after "in", "at", "near"...).
    pub place: bool,
}

/// The numbers and days a text states, normalised.
pub fn keys(text: &str) -> Keys {
    let mut k = Keys::default();
    for (_, w) in words(text) {
        let low = w.to_lowercase();
        if low.starts_with(|c: char| c.is_ascii_digit()) {
            let n: String = low.chars().filter(|c| *c != ',').collect();
            // "1999's", "30s": keep the digits; "9-14" is two words already.
            let digits: String = n.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            let suffix = &n[digits.len()..];
            let v = if matches!(suffix, "st" | "nd" | "rd" | "th") { n.clone() } else { digits };
            if !v.is_empty() {
                k.numbers.push(v);
            }
        } else if let Some(&(_, d)) = NUMBER_WORDS.iter().find(|(word, _)| *word == low) {
            k.numbers.push(d.to_string());
        } else if WEEKDAYS.contains(&low.as_str()) || (MONTHS.contains(&low.as_str()) && low != "may") {
            k.days.push(low);
        }
    }
    k.numbers.sort();
    k.numbers.dedup();
    k.days.sort();
    k.days.dedup();
    k
}

/// Whether a sentence can stand alone in a brief.
pub fn eligible(text: &str, word_count: usize) -> bool {
    shape_ok(text, word_count) && hygiene::not_prose(text.trim()).is_none()
}

/// The checks of [`eligible`] that need no word lists.
fn shape_ok(text: &str, word_count: usize) -> bool {
    if !(MIN_WORDS..=MAX_WORDS).contains(&word_count) {
        return false;
    }
    let t = text.trim();
    let end = t.trim_end_matches(['"', '”', '’', '\'', ')']);
    // Questions need their answer; an ellipsis marks a teaser or a cut sentence.
    if !tidings_text::clean::ends_like_sentence(t) || end.ends_with('?') || end.ends_with("...") || end.ends_with('…') {
        return false;
    }
    let first = t.chars().next().unwrap_or(' ');
    if first.is_lowercase() || matches!(first, '(' | '[' | '-' | '–' | '—' | '•' | '*' | '@' | '#') {
        return false;
    }
    let first_word = words(t).next().map(|(_, w)| w.to_lowercase()).unwrap_or_default();
    if DANGLING_SET.contains(first_word.as_str()) {
        return false;
    }
    if starts_mid_quote(t) {
        return false;
    }
    // A sentence that is all quote with no attribution needs its context.
    let quoteish = matches!(first, '"' | '“' | '‘' | '\'') && !t.contains(" said") && !t.contains(" says") && !t.contains(" told");
    !quoteish
}

/// The span of sentence `index` a brief may show: without its dateline or label.
pub fn shown_span(article: &Article, index: usize) -> Span {
    let span = article.sentences[index];
    let text = article.span_text(span);
    match hygiene::dateline(text) {
        Some(d) if d.len < text.len() => Span::new(span.start + d.len, span.end),
        _ => span,
    }
}

/// A sentence cut out of the middle of a quotation: its first quotation mark closes a quote
/// ("We appreciate your privacy at this time," the rep said.) opened in an earlier sentence.
fn starts_mid_quote(t: &str) -> bool {
    for (i, c) in t.char_indices() {
        // No quotation ever opens right before a comma or a full stop: "… orchestra “, the host said".
        if matches!(c, '"' | '“' | '”') && t[i + c.len_utf8()..].starts_with([',', '.', ';']) {
            return true;
        }
        match c {
            '“' | '‘' => return false,
            '”' => return true,
            '"' => {
                // A straight quote closes when it follows a word or punctuation and is not followed by a word.
                let before = t[..i].chars().next_back();
                let after = t[i + 1..].chars().next();
                return before.is_some_and(|b| !b.is_whitespace()) && after.is_none_or(|a| !a.is_alphanumeric());
            }
            _ => {}
        }
    }
    false
}

fn is_quote(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with(['"', '“', '‘']) {
        return true;
    }
    // Bytes between quotation marks, read as bytes: '"', and “ and ” (E2 80 9C, E2 80 9D).
    let b = text.as_bytes();
    let mut inside = false;
    let mut quoted = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => inside = !inside,
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(&0x9C) | Some(&0x9D)) => {
                inside = b[i + 2] == 0x9C;
                i += 3;
                continue;
            }
            _ if inside => quoted += 1,
            _ => {}
        }
        i += 1;
    }
    quoted * 2 >= text.len()
}

/// Reads the sentences of the story's original articles (copies say nothing new).
pub fn read<'a>(corpus: &'a [Article], members: &[ArticleIdx], vocab: &mut Vocab) -> Vec<Sent<'a>> {
    let mut out = Vec::new();
    for &a in members {
        let art = &corpus[a];
        if art.copy_of.is_some_and(|o| members.contains(&o)) {
            continue;
        }
        let analyzer = Analyzer::new(art.language.as_deref());
        for index in 0..art.sentences.len().min(MAX_ARTICLE_SENTENCES) {
            let span = shown_span(art, index);
            let text = art.span_text(span);
            let Analysed { terms, concepts, when, place } = vocab.analyse(art.language.as_deref(), &analyzer, text);
            let word_count = tidings_text::count_spaced_words(text);
            out.push(Sent {
                text,
                article: a,
                index,
                span,
                terms,
                concepts,
                keys: OnceCell::new(),
                names: OnceCell::new(),
                prose: OnceCell::new(),
                words: word_count,
                shape_ok: shape_ok(text, word_count),
                linkable: tidings_text::clean::ends_like_sentence(text),
                when,
                place,
                quote: is_quote(text),
            });
        }
    }
    out
}
