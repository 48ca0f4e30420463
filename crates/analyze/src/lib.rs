//! Per-story analysis: who and where (entities), when (timeline), what the outlets agree or
//! disagree on (claims), and who said what (quotes).
//!
//! Everything is rule-based and runs per story in well under a millisecond per article: a
//! hand-written tokeniser, word lists and an embedded GeoNames gazetteer, no model.
//!
//! ```
//! use tidings_analyze::{analyze, ClaimStatus, Options};
//! use tidings_model::{Article, Span};
//!
//! fn article(id: &str, text: &str) -> Article {
//!     let mut a = Article::new(id, "", text);
//!     a.sentences = vec![Span::new(0, text.len())];
//!     a.paragraphs = a.sentences.clone();
//!     a
//! }
//! let corpus = vec![
//!     article("a", "Mr. Kim's train has at least 20 carriages."),
//!     article("b", "The train of Kim Jong Un consists of 90 wagons."),
//! ];
//! let analysis = analyze(&corpus, &[0, 1], &Options::default());
//! assert_eq!(analysis.claims[0].status, ClaimStatus::Conflict);
//! assert_eq!(analysis.entities[0].name, "Kim Jong Un");
//! ```
//!
//! `tidings-digest` converts [`Analysis`] to the wire JSON; this crate knows no serialisation.
//! Conflicts come first in [`Analysis::claims`]. The rules, limits and known failure cases are in
//! `docs/analysis.md`; `cargo run -p tidings-analyze --example seeds` prints what the demo corpus
//! yields.
//!
//! Module map: `token` (tokeniser), `lexicon` (word lists, gazetteer), `entities`, `dates`
//! (expressions, resolution, timeline), `claims` (facts, alignment, status), `quotes`.

mod claims;
mod dates;
mod entities;
#[doc(hidden)]
pub mod fixture;
mod lexicon;
mod quotes;
mod token;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rustc_hash::FxHashMap;
use tidings_model::{Article, ArticleIdx, Citation, Span};

pub use claims::{
    ABOUT_SHARE, AT_LEAST_SHARE, CONVERSION_TOLERANCE, MAX_FACTS_PER_KEY, MAX_ROUNDING_SHARE, MAX_VALUES_PER_CLAIM, NEARLY_SHARE,
    UP_TO_SHARE,
};
pub use dates::Precision;

/// How many claims [`analyze`] keeps by default (the rest are counted in `claims_omitted`).
pub const DEFAULT_MAX_CLAIMS: usize = 12;
/// How many entities [`analyze`] keeps by default, most widely reported first. Every person, place and
/// organisation named belongs in the analysis, however rarely: this only bounds pathological stories (a
/// directory of names). Renderings show fewer (`tidings_digest::render::SHOWN_ENTITIES`).
pub const DEFAULT_MAX_ENTITIES: usize = 500;
/// How many timeline entries [`analyze`] keeps by default.
pub const DEFAULT_MAX_TIMELINE: usize = 20;
/// How many quotes [`analyze`] keeps by default.
pub const DEFAULT_MAX_QUOTES: usize = 12;
/// At most this many quantity facts are read from one article, so tables of numbers
/// (sports results, markets) cannot flood a story.
pub const DEFAULT_MAX_FACTS_PER_ARTICLE: usize = 40;

/// Limits of one analysis. Every limit has a named default above.
#[derive(Debug, Clone)]
pub struct Options {
    pub max_claims: usize,
    pub max_entities: usize,
    pub max_timeline: usize,
    pub max_quotes: usize,
    pub max_facts_per_article: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_claims: DEFAULT_MAX_CLAIMS,
            max_entities: DEFAULT_MAX_ENTITIES,
            max_timeline: DEFAULT_MAX_TIMELINE,
            max_quotes: DEFAULT_MAX_QUOTES,
            max_facts_per_article: DEFAULT_MAX_FACTS_PER_ARTICLE,
        }
    }
}

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Person,
    Place,
    Organization,
}

impl EntityKind {
    /// The JSON contract's name: "person", "place" or "organization".
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organization => "organization",
        }
    }
}

/// A person, place or organisation named in the story, with its aliases merged.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Canonical name: the most frequent full form ("Kim Jong Un").
    pub name: String,
    pub kind: EntityKind,
    /// Other surface forms seen in the story ("Kim Jong-un", "Mr. Kim", "Kim").
    pub aliases: Vec<String>,
    /// Roles given in the text ("Natural Resources Minister", "Kremlin spokesman"), never part of `name`.
    pub roles: Vec<String>,
    /// Number of mentions across the story's articles.
    pub mentions: usize,
    /// Articles that mention it, in corpus order.
    pub articles: Vec<ArticleIdx>,
    /// The first mention in each of those articles.
    pub citations: Vec<Citation>,
}

/// One dated (or datable) event of the story.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    /// The resolved date; `None` when the phrase is relative and the article has no publication date,
    /// or the year is unknown. Such entries are ordered by their offset from the dated ones.
    pub date: Option<NaiveDate>,
    /// How much of `date` is meaningful ("in 2019" is `Precision::Year` with `date` 2019-01-01).
    pub precision: Precision,
    /// The date expression as written ("on Sunday", "Sept. 12, 2023", "four years ago").
    pub phrase: String,
    /// The sentence that reports the event, from the first source.
    pub text: String,
    /// Every sentence, across sources, that reports this event on this date.
    pub citations: Vec<Citation>,
}

/// How the outlets relate on one aligned claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClaimStatus {
    /// Incompatible values, each side cited.
    Conflict,
    /// A count that changes with the publication time of later articles (a death toll that rises):
    /// not a conflict. Values are in publication order. Not in the JSON contract's three statuses;
    /// see [`ClaimStatus::as_str`].
    Evolving,
    /// The same value (after units, synonyms and hedges) from at least 2 independent outlets.
    Agree,
    /// Only one independent outlet says it.
    SingleSource,
}

impl ClaimStatus {
    /// The JSON contract's name. `Evolving` is written "evolving": the brief shows it as an update, not a dispute.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Conflict => "conflict",
            ClaimStatus::Evolving => "evolving",
            ClaimStatus::Agree => "agree",
            ClaimStatus::SingleSource => "single_source",
        }
    }

    /// The status in words, for readers: "disagree", "changed over time", "agree", "one outlet only".
    pub fn words(self) -> &'static str {
        match self {
            ClaimStatus::Conflict => "disagree",
            ClaimStatus::Evolving => "changed over time",
            ClaimStatus::Agree => "agree",
            ClaimStatus::SingleSource => "one outlet only",
        }
    }

    /// True for the statuses a brief must not hide: a conflict, or a figure that changed.
    pub fn is_disputed(self) -> bool {
        matches!(self, ClaimStatus::Conflict | ClaimStatus::Evolving)
    }
}

/// One value of a claim, with the outlets that state it.
#[derive(Debug, Clone)]
pub struct ClaimValue {
    /// The value as a reader would say it ("at least 20 carriages", "Sunday", "Khasan").
    pub value: String,
    /// Independent outlets stating it (copies count as their original, one outlet counts once).
    pub outlets: usize,
    /// The sentences that state it, each once, in story order.
    pub citations: Vec<Citation>,
    /// `(article, sentence index in Article::sentences)` of each citation, in the same order.
    pub sentences: Vec<(ArticleIdx, usize)>,
    /// The value as written inside each cited sentence ("at least 20 heavy bulletproof carriages",
    /// "on Sunday"), in the same order: for highlighting; the whole sentence when unknown.
    pub phrases: Vec<Citation>,
    /// The earliest publication time among the articles that state it (the date of a step of an
    /// evolving figure), when known.
    pub first_published: Option<DateTime<FixedOffset>>,
}

/// One checkable statement aligned across the story's articles.
#[derive(Debug, Clone)]
pub struct Claim {
    /// What the claim is about, as a reader says it ("people killed", "magnitude of the earthquake",
    /// "train length (carriages)", "date Kim Jong Un departed").
    pub about: String,
    pub status: ClaimStatus,
    /// The distinct values; for a conflict, each side; for an evolving figure, oldest first.
    pub values: Vec<ClaimValue>,
}

/// One value of one claim that a sentence states: see [`Analysis::claims_at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimRef {
    /// Index into [`Analysis::all_claims`].
    pub claim: usize,
    /// Index into that claim's `values`.
    pub value: usize,
}

/// A quotation with its speaker.
#[derive(Debug, Clone)]
pub struct Quote {
    /// The speaker's canonical entity name when known, else the words that name them.
    pub speaker: String,
    /// The words between the quotation marks.
    pub text: String,
    /// Exact bytes of the quoted words in every article that gives this wording.
    pub citations: Vec<Citation>,
    /// True when another outlet gives the same quote from the same speaker in different words:
    /// the brief must not show it as verbatim.
    pub altered: bool,
}

/// One value of one claim, aligned across sentences: the unit of corroboration.
#[derive(Debug, Clone)]
pub struct AlignedValue {
    /// The claim's `about`.
    pub about: String,
    /// The value these sentences share.
    pub value: String,
    /// `(article, sentence index in Article::sentences)` of every sentence that states it.
    pub sentences: Vec<(ArticleIdx, usize)>,
}

/// Everything the analysis of one story yields.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Most widely reported first, capped at `Options::max_entities`.
    pub entities: Vec<Entity>,
    /// Oldest first; undated relative entries after the dated ones they follow.
    pub timeline: Vec<TimelineEntry>,
    /// Conflicts first, then evolving, agreed and single-source claims; capped at `Options::max_claims`.
    /// The first `claims.len()` entries of [`Analysis::all_claims`].
    pub claims: Vec<Claim>,
    /// How many ranked claims were left out by the cap.
    pub claims_omitted: usize,
    pub quotes: Vec<Quote>,
    /// Every aligned value, including those of omitted claims (see [`Analysis::sentence_claim_keys`]).
    pub aligned: Vec<AlignedValue>,
    /// `(article, sentence)` → indices into `aligned`.
    sentence_index: FxHashMap<(ArticleIdx, usize), Vec<usize>>,
    /// Every ranked claim, uncapped.
    all_claims: Vec<Claim>,
    /// `(article, sentence)` → the claim values it states.
    claim_index: FxHashMap<(ArticleIdx, usize), Vec<ClaimRef>>,
}

impl Analysis {
    /// Every claim found, ranked as [`Analysis::claims`] (conflicts first) but not capped.
    pub fn all_claims(&self) -> &[Claim] {
        &self.all_claims
    }

    /// The claim values a sentence states, `(article, sentence index in Article::sentences)`, in
    /// rank order (conflicts first). A summary sentence whose claim is disputed
    /// ([`ClaimStatus::is_disputed`]) must not be shown without the other side.
    pub fn claims_at(&self, article: ArticleIdx, sentence: usize) -> &[ClaimRef] {
        self.claim_index.get(&(article, sentence)).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// The claim and value a [`ClaimRef`] points at.
    pub fn claim_value(&self, r: ClaimRef) -> (&Claim, &ClaimValue) {
        let c = &self.all_claims[r.claim];
        (c, &c.values[r.value])
    }

    /// The aligned claim values a sentence states, as indices into [`Analysis::aligned`].
    ///
    /// Item 5 of issue 4 (corroboration in the summary): a summary sentence is corroborated by
    /// every other sentence that states the same aligned value, even in other words. The lead
    /// counts the independent sources of a summary sentence as those of its similar sentences
    /// plus those of [`Analysis::corroborating_sentences`].
    pub fn sentence_claim_keys(&self, article: ArticleIdx, sentence: usize) -> &[usize] {
        self.sentence_index.get(&(article, sentence)).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// Every `(article, sentence)` that states one of the aligned values the given sentence states
    /// (the sentence itself included when it states any).
    pub fn corroborating_sentences(&self, article: ArticleIdx, sentence: usize) -> Vec<(ArticleIdx, usize)> {
        let mut out: Vec<(ArticleIdx, usize)> =
            self.sentence_claim_keys(article, sentence).iter().flat_map(|&k| self.aligned[k].sentences.iter().copied()).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A tokenised sentence of one article.
pub(crate) struct Sent {
    /// Index in `Article::sentences` (or 0 when the article had none).
    pub index: usize,
    pub span: Span,
    /// Token range in `Doc::toks`.
    pub t0: usize,
    pub t1: usize,
    /// A heading line ("Summit Details:"): names in it count, but it states no claim or date.
    pub heading: bool,
}

/// One article of the story, tokenised once for all the passes.
pub(crate) struct Doc<'a> {
    pub idx: ArticleIdx,
    pub art: &'a Article,
    pub toks: Vec<token::Token>,
    pub sents: Vec<Sent>,
    /// Every token lowercased (curly apostrophes folded), back to back; `low_spans[i]` locates token `i`.
    /// Built once so that the word-list look-ups of every pass allocate nothing.
    low: String,
    low_spans: Vec<(u32, u32)>,
}

impl<'a> Doc<'a> {
    fn new(idx: ArticleIdx, art: &'a Article) -> Doc<'a> {
        let spans: Vec<Span> = if !art.sentences.is_empty() {
            art.sentences.clone()
        } else if !art.paragraphs.is_empty() {
            art.paragraphs.clone()
        } else {
            vec![Span::new(0, art.text.len())]
        };
        let mut toks = Vec::with_capacity(art.text.len() / 5);
        let mut sents = Vec::with_capacity(spans.len());
        for (index, span) in spans.into_iter().enumerate() {
            // Spans come from another stage: skip any that would not slice the text cleanly.
            if span.end > art.text.len()
                || span.start > span.end
                || !art.text.is_char_boundary(span.start)
                || !art.text.is_char_boundary(span.end)
            {
                continue;
            }
            let t0 = toks.len();
            token::tokenize(&art.text, span.start, span.end, &mut toks);
            let t1 = toks.len();
            let heading = is_heading(art.span_text(span));
            sents.push(Sent { index, span, t0, t1, heading });
        }
        let mut low = String::with_capacity(art.text.len());
        let mut low_spans = Vec::with_capacity(toks.len());
        for t in &toks {
            let start = low.len() as u32;
            let w = &art.text[t.start..t.end];
            if w.is_ascii() {
                low.push_str(w);
                low[start as usize..].make_ascii_lowercase();
            } else {
                low.push_str(&token::norm(w));
            }
            low_spans.push((start, low.len() as u32));
        }
        Doc { idx, art, toks, sents, low, low_spans }
    }

    /// Token `i` lowercased, with `’` as `'`.
    pub fn low(&self, i: usize) -> &str {
        let (a, b) = self.low_spans[i];
        &self.low[a as usize..b as usize]
    }

    pub fn tok(&self, i: usize) -> &str {
        let t = self.toks[i];
        &self.art.text[t.start..t.end]
    }

    pub fn cite(&self, span: Span) -> Citation {
        Citation { article: self.idx, span }
    }
}

fn is_heading(s: &str) -> bool {
    let s = s.trim();
    let last = s.chars().last().unwrap_or('.');
    // Words are counted only when the end does not decide, and only as far as the limits.
    let words = || s.split_whitespace().take(16).count();
    if last == ':' {
        return words() <= 10;
    }
    !matches!(last, '.' | '!' | '?' | '"' | '”' | '\'' | '’' | ')' | '…') && words() <= 15
}

/// The facts the claim rules read from a story, one line each: for tuning the rules, not a contract.
#[doc(hidden)]
pub fn debug_claim_facts(corpus: &[Article], story: &[ArticleIdx], opts: &Options) -> Vec<String> {
    let docs: Vec<Doc> = story.iter().filter(|&&i| i < corpus.len()).map(|&i| Doc::new(i, &corpus[i])).collect();
    let ents = entities::extract(&docs);
    let dated = dates::extract(&docs);
    claims::debug_facts(&docs, &ents, &dated, opts)
}

/// Analyses one story: the articles of `corpus` listed in `story`.
///
/// Copies (`Article::copy_of`) count as their original when outlets are counted. The result is
/// deterministic and depends only on the articles, never on the clock.
pub fn analyze(corpus: &[Article], story: &[ArticleIdx], opts: &Options) -> Analysis {
    let docs: Vec<Doc> = story.iter().filter(|&&i| i < corpus.len()).map(|&i| Doc::new(i, &corpus[i])).collect();
    let ents = entities::extract(&docs);
    let dated = dates::extract(&docs);
    let (all_claims, aligned) = claims::extract(corpus, &docs, &ents, &dated, opts);
    let quotes = quotes::extract(corpus, &docs, &ents, opts.max_quotes);
    let timeline = dates::timeline(&docs, &dated, opts.max_timeline);
    let mut sentence_index: FxHashMap<(ArticleIdx, usize), Vec<usize>> = FxHashMap::default();
    for (k, a) in aligned.iter().enumerate() {
        for &s in &a.sentences {
            let v = sentence_index.entry(s).or_default();
            if !v.contains(&k) {
                v.push(k);
            }
        }
    }
    let mut claim_index: FxHashMap<(ArticleIdx, usize), Vec<ClaimRef>> = FxHashMap::default();
    for (ci, c) in all_claims.iter().enumerate() {
        for (vi, v) in c.values.iter().enumerate() {
            for &s in &v.sentences {
                let r = ClaimRef { claim: ci, value: vi };
                let refs = claim_index.entry(s).or_default();
                if !refs.contains(&r) {
                    refs.push(r);
                }
            }
        }
    }
    let claims: Vec<Claim> = all_claims.iter().take(opts.max_claims).cloned().collect();
    let claims_omitted = all_claims.len() - claims.len();
    let mut entities = ents.public;
    entities.truncate(opts.max_entities);
    Analysis { entities, timeline, claims, claims_omitted, quotes, aligned, sentence_index, all_claims, claim_index }
}
