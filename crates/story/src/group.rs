//! Grouping articles into stories: one story per real event.
//!
//! The result depends on the *set* of articles, not on the order they come in: articles are
//! visited in a canonical order (publication time, then a hash of their text), so a shuffled
//! input, or the same articles written to the store in batches, give the same stories.
//!
//! 1. **Features.** Each original article (copies follow their original) has a TF-IDF vector of
//!    its body terms (title terms boosted) and one of its name tokens. Term weights blend the
//!    batch's document frequencies with a background for the article's language
//!    ([`crate::background`]), so that a pile of five reports of one event weighs the words they
//!    share as a stream of a million would.
//! 2. **Online assignment.** In canonical order, each article is compared with the stories that
//!    share one of its strongest terms (an inverted index keeps this cheap at a million articles) or
//!    were updated recently. The similarity is average-link: the mean cosine of the article with the
//!    story's articles, on body terms and on names, which a story's summed vectors give in one dot
//!    product. It joins the best story above [`DEFAULT_JOIN`] or opens a new one.
//! 3. **Merge.** Online assignment splits events whose first reports differ; stories are then
//!    merged best pair first, while the mean similarity between their articles stays above
//!    [`DEFAULT_MERGE`] (average-link agglomerative clustering over candidate pairs).
//! 4. **Second looks.** The article that opened each story, which never chose it, moves to a clearly
//!    better story ([`recheck_seeds`]); articles and small stories left alone join their clearly best
//!    story ([`attach_leftovers`]).
//!
//! Time keeps events apart: articles further apart than the window never share a story, a story
//! never spans more than [`DEFAULT_MAX_SPAN_HOURS`], and similarity decays with the gap beyond
//! [`FULL_WEIGHT_HOURS`], so a follow-up (an arrest, a funeral) needs more in common than a
//! same-day report. Undated articles are compared on content alone.

use chrono::Datelike;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use tidings_model::{Article, ArticleIdx};

use crate::copies::{canonical_order, contained, find_copies_in, is_rewrite_sets, sentence_sets, shingle_set};
use crate::features::{
    add_into, cosine, count, dot, dot_dense, dot_on2, prune, weigh, Counts, DocFreqs, SparseVec, Vocab, ARTICLE_NAMES, ARTICLE_TERMS,
};

/// [`own_names`]: a story's own name is given by at least this many of its articles...
const OWN_NAME_MIN_ARTICLES: usize = 4;
/// ...and at least this share of those with names. On ECB+, every setting from 3 to 4 articles and
/// 0.6 to 0.75 keeps the same look-alike pair apart and changes nothing else (bench/README.md).
const OWN_NAME_SHARE: f32 = 0.7;
/// Average-link similarity from which an article joins a story.
pub const DEFAULT_JOIN: f32 = 0.2;
/// Average-link similarity from which two stories merge.
pub const DEFAULT_MERGE: f32 = 0.14;
/// Within this gap in publication time, articles are compared on content with a time decay.
/// Follow-ups of one incident (an arrest, a funeral, a trial date) come up to two weeks after it.
pub const DEFAULT_WINDOW_HOURS: i64 = 15 * 24;
/// A story never spans more than this from its first to its last article, and stories whose union
/// would span more never merge.
pub const DEFAULT_MAX_SPAN_HOURS: i64 = 3 * 365 * 24;
/// Beyond the window an article joins a story, or two stories merge, only when they share the
/// event's specifics: a mean body similarity of at least this…
pub const FAR_BODY: f32 = 0.35;
/// …and a mean name similarity of at least this (the people, places and organisations of the
/// event, not only of its kind). A trial a year after a shooting names the victim and the accused;
/// the next shooting in the same town names others.
pub const FAR_NAMES: f32 = 0.4;
/// Name terms a story keeps for telling what happened from who it happened to.
pub const STORY_NAME_TERMS: usize = 64;
/// Weight of the names sub-vector in the combined similarity (the body has the rest), when both
/// sides name anyone.
pub const DEFAULT_NAME_WEIGHT: f32 = 0.3;
/// Gaps up to this count in full; beyond it similarity decays linearly to [`FAR_DECAY`] at the
/// window's edge.
pub const FULL_WEIGHT_HOURS: i64 = 48;
/// Multiplier of similarity at the window's edge and beyond.
pub const FAR_DECAY: f32 = 0.7;
/// See [`GroupOptions::attach`].
pub const DEFAULT_ATTACH: f32 = 0.1;
/// A lone article joins its best story only when the runner-up's similarity is at most this share
/// of the best's. Swept on 2026-12-07 (`tidings eval clustering`), margins 0.5 / 0.6 / 0.67 / 0.75 / 0.8 / 0.85 / 0.9:
/// ECB+ B3 0.9428 / 0.9448 / 0.9486 / 0.9486 / 0.9506 / 0.9506 / 0.9506 (one-event piles 37, 37, 38, 38, 38, 39, 39
/// of 40); synthetic (10k) pairwise F1 0.9845 / 0.9839 / 0.9837 / 0.9830 / 0.9823 / 0.9822 / 0.9816 with 65, 72, 75,
/// 81, 84, 88 and 91 of 437 look-alike pairs sharing a story; GVC and WikiRef220 the same throughout. The gain at 0.8
/// is one article (a blog post on two ECB+ events, its runner-up at 0.799 of its best) and at 0.85 one pile (0.83):
/// values set on the edge of one article each, paid for in look-alike merges, so the margin stays.
pub const ATTACH_MARGIN: f32 = 0.67;
/// See [`GroupOptions::relative`].
pub const DEFAULT_RELATIVE: f32 = 0.65;
/// See [`GroupOptions::body_gate`].
pub const DEFAULT_BODY_GATE: f32 = 0.015;
/// See [`GroupOptions::name_gate`].
pub const DEFAULT_NAME_GATE: f32 = 0.05;
/// Mean body similarity above which the name gate does not apply.
pub const NAME_GATE_BODY: f32 = 0.6;
/// Terms kept in a story's summed body vector.
pub const CENTROID_TERMS: usize = 128;
/// Name tokens kept in a story's summed name vector.
pub const CENTROID_NAMES: usize = 64;
/// An article is looked up by this many of its strongest terms.
pub const QUERY_TERMS: usize = 12;
/// An article is indexed under this many of its strongest terms.
pub const INDEX_TERMS: usize = 8;
/// At most this many most recent stories are read from each posting list.
pub const POSTING_SCAN: usize = 128;
/// At most this many of the stories found through the posting lists are compared with an article
/// (those found under the most of its weight); the recent ones come on top.
pub const CANDIDATE_LIMIT: usize = 256;
/// The most recently updated stories are always candidates, whatever terms they share.
pub const RECENT_SCAN: usize = 32;
/// Two articles of a story whose bodies are at least this similar are checked for a rewrite or a
/// partial copy.
pub const REWRITE_CHECK_COSINE: f32 = 0.4;

/// Knobs of the grouping.
#[derive(Debug, Clone)]
pub struct GroupOptions {
    pub join: f32,
    pub merge: f32,
    pub window_hours: i64,
    pub max_span_hours: i64,
    pub name_weight: f32,
    /// Below this mean similarity of the words of what happened (the body without the words
    /// written as names) nothing joins, whatever names are shared: many unrelated events happen in
    /// one city on one day.
    pub body_gate: f32,
    /// Below this mean name similarity (when both sides name anyone) nothing joins unless the
    /// bodies are nearly the same ([`NAME_GATE_BODY`]): two central banks raising rates in one
    /// week share every word of the template but not the country or the governor.
    pub name_gate: f32,
    /// An article left alone after merging joins its best story when their similarity is at least
    /// this, with no bar relative to the story's cohesion, and the runner-up is clearly worse
    /// ([`ATTACH_MARGIN`]): an opinion piece or a two-line brief about an event says little in
    /// common with its reports, but more than with anything else.
    pub attach: f32,
    /// An article joins a story of two or more, or two such stories merge, only when the
    /// similarity is at least this share of the story's cohesion (the mean similarity between its
    /// own articles): a tight story of near-identical wire reports does not take in the next
    /// event of its kind, which would be a fair match for a loose story of disparate reports.
    pub relative: f32,
}

impl Default for GroupOptions {
    fn default() -> Self {
        GroupOptions {
            join: DEFAULT_JOIN,
            merge: DEFAULT_MERGE,
            window_hours: DEFAULT_WINDOW_HOURS,
            max_span_hours: DEFAULT_MAX_SPAN_HOURS,
            name_weight: DEFAULT_NAME_WEIGHT,
            body_gate: DEFAULT_BODY_GATE,
            name_gate: DEFAULT_NAME_GATE,
            relative: DEFAULT_RELATIVE,
            attach: DEFAULT_ATTACH,
        }
    }
}

/// Why a story's articles were grouped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Why {
    /// Words of what happened shared by at least two of its articles, strongest first, as written
    /// (lowercase); words its articles write as names are under `names`.
    pub terms: Vec<String>,
    /// Name words shared by at least two of its articles, capitalised ("Kim", "Vladivostok").
    pub names: Vec<String>,
    /// Mean cosine of its original articles to the story centroid (1 for a single article).
    pub similarity: f32,
}

/// One story: its articles (originals and copies) in publication order.
#[derive(Debug, Clone, Default)]
pub struct StoryGroup {
    pub articles: Vec<ArticleIdx>,
    pub why: Why,
}

/// The result of grouping a batch.
#[derive(Debug, Clone, Default)]
pub struct Grouping {
    pub stories: Vec<StoryGroup>,
    /// `copy_of` for every article of the batch (always pointing at an original).
    pub copy_of: Vec<Option<ArticleIdx>>,
}

#[derive(Default)]
struct Cluster {
    /// Sums of the members' unit vectors (pruned), so a dot product with them divided by `n` is the
    /// mean cosine with the members.
    body: SparseVec,
    names: SparseVec,
    /// Members with names: the names mean is over those.
    named: u32,
    /// Sums of the body and name similarities over pairs of members (names: over named members),
    /// for the story's cohesion.
    pair_body: f32,
    pair_names: f32,
    /// Body terms its members write as names (sorted, at most [`STORY_NAME_TERMS`]).
    name_terms: Vec<u32>,
    members: Vec<ArticleIdx>,
    newest: Option<i64>,
    oldest: Option<i64>,
    /// What its articles' leads say of the day of its event.
    days: Days,
    alive: bool,
    /// Bumped on every change, so queued merge candidates computed before it are recomputed.
    version: u32,
}

impl Cluster {
    fn n(&self) -> f32 {
        self.members.len().max(1) as f32
    }

    /// The mean similarity between the story's own articles, or `None` for a single article.
    fn cohesion(&self, name_weight: f32) -> Option<f32> {
        let n = self.members.len() as f32;
        if n < 2.0 {
            return None;
        }
        let body = self.pair_body / (n * (n - 1.0) / 2.0);
        let k = self.named as f32;
        Some(if k >= 2.0 { (1.0 - name_weight) * body + name_weight * self.pair_names / (k * (k - 1.0) / 2.0) } else { body })
    }

    fn time_gap(&self, o_old: Option<i64>, o_new: Option<i64>) -> Option<i64> {
        let (a0, a1, b0, b1) = (self.oldest?, self.newest?, o_old?, o_new?);
        Some(if a1 < b0 {
            b0 - a1
        } else if b1 < a0 {
            a0 - b1
        } else {
            0
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        cross: (f32, f32, f32, f32),
        body: &[(u32, f32)],
        names: &[(u32, f32)],
        named: u32,
        name_terms: &[u32],
        members: &[ArticleIdx],
        t: (Option<i64>, Option<i64>),
        days: &Days,
    ) {
        // cross: the pairs between the two sides (body, names), and the pairs inside the other side.
        self.pair_body += cross.0 + cross.2;
        self.pair_names += cross.1 + cross.3;
        self.name_terms.extend_from_slice(name_terms);
        self.name_terms.sort_unstable();
        self.name_terms.dedup();
        self.name_terms.truncate(STORY_NAME_TERMS);
        add_into(&mut self.body, body, 1.0);
        prune(&mut self.body, CENTROID_TERMS);
        add_into(&mut self.names, names, 1.0);
        prune(&mut self.names, CENTROID_NAMES);
        self.named += named;
        self.members.extend_from_slice(members);
        self.oldest = min_opt(self.oldest, t.0);
        self.newest = max_opt(self.newest, t.1);
        self.days.add(days);
        self.version += 1;
    }
}

/// What the leads of a story's articles say of the day its event happened ([`crate::when::lead_weekday`]).
#[derive(Debug, Clone, Copy, Default)]
struct Days {
    /// Dated articles whose lead names a day, and the first and the last of those days (days since 1970-01-01): the
    /// day of the week named, on or before the publication date.
    dated: u16,
    first: i64,
    last: i64,
    /// Per day of the week (Monday = 0), the undated articles whose lead names it.
    undated: [u16; 7],
}

impl Days {
    fn of(a: &Article) -> Days {
        let mut d = Days::default();
        let published = a.published.map(|p| p.date_naive());
        let Some(k) = crate::when::lead_weekday(&a.text, &a.sentences, published) else { return d };
        match published {
            Some(p) => {
                let back = (p.weekday().num_days_from_monday() as i64 + 7 - i64::from(k)) % 7;
                let day = crate::when::epoch_day(p) - back;
                (d.dated, d.first, d.last) = (1, day, day);
            }
            None => d.undated[usize::from(k)] = 1,
        }
        d
    }

    fn add(&mut self, o: &Days) {
        if o.dated > 0 {
            (self.first, self.last) = if self.dated == 0 { (o.first, o.last) } else { (self.first.min(o.first), self.last.max(o.last)) };
            self.dated += o.dated;
        }
        for (m, t) in self.undated.iter_mut().zip(&o.undated) {
            *m += t;
        }
    }
}

/// The dated articles of a story name a day for what happened at least this often before an undated story's other
/// day keeps it out ([`other_day`]).
pub const DAY_EVIDENCE: u16 = 2;
/// An undated report may name a day up to this many days before the first day a story's dated reports name (the
/// shooting on Monday night, the charge on Tuesday) and up to [`DAY_AFTER`] days after the last (the next day's
/// report). Only ECB+ mixes dated and undated reports of look-alike events, and its figures move with these two:
/// B3 0.9491 without the rule; before 0 or 1 (after 0) 0.9529 with 6 look-alike pairs sharing a story instead of 5,
/// 2 0.9553, 3 0.9515, 4 0.9434 (an article kept out of one wrong story finds another); before 2 with after 1
/// 0.9566 (kept), after 2 as without the rule. WikiRef220, GVC (with and without its dates) and GVC with a third, half
/// or two thirds of its dates taken away (ten masks) read the same at every setting; so does the synthetic stream,
/// whose articles are all dated.
pub const DAY_BEFORE: i64 = 2;
/// See [`DAY_BEFORE`].
pub const DAY_AFTER: i64 = 1;

/// Whether the undated articles of one story tell of another day than the dated articles of the other: their leads
/// name days of the week, the dated articles' leads at least [`DAY_EVIDENCE`] times, and none of the undated
/// articles' days falls from [`DAY_BEFORE`] days before the first of the dated articles' days to [`DAY_AFTER`] days
/// after the last. Reports of one event name its day (the day of the vote, of the shooting, of the ruling); undated
/// reports of a rule announced on a Thursday are not reports of its reversal announced on a Tuesday three months
/// later, though they share every name and most words. Dated articles are kept apart by their dates, undated ones not
/// by their days.
fn other_day(a: &Cluster, b: &Cluster) -> bool {
    days_differ(&a.days, &b.days)
}

/// [`other_day`] of two stories' [`Days`].
fn days_differ(a: &Days, b: &Days) -> bool {
    other_day_of(a, b) || other_day_of(b, a)
}

/// [`other_day`] one way: the undated articles of `undated` against the dated articles of `dated`.
fn other_day_of(undated: &Days, dated: &Days) -> bool {
    if dated.dated < DAY_EVIDENCE || undated.undated.iter().all(|&x| x == 0) {
        return false;
    }
    // 1970-01-01 was a Thursday (Monday = 0).
    !(dated.first - DAY_BEFORE..=dated.last + DAY_AFTER).take(7).any(|day| undated.undated[(day + 3).rem_euclid(7) as usize] > 0)
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn max_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

fn top_terms(v: &SparseVec, k: usize) -> SparseVec {
    let mut s = v.clone();
    s.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    s.truncate(k);
    s
}

fn top_ids(v: &SparseVec, k: usize) -> Vec<u32> {
    top_terms(v, k).into_iter().map(|p| p.0).collect()
}

/// `TIDINGS_DEBUG_GROUP` set: print every comparison to stderr (for tuning).
fn debug_enabled() -> bool {
    std::env::var_os("TIDINGS_DEBUG_GROUP").is_some()
}

/// Time and content compatibility, shared by joins and merges.
#[derive(Clone, Copy)]
struct Scorer<'a> {
    opts: &'a GroupOptions,
    /// Beyond the window: the mean body and name similarities that still join ([`FAR_BODY`], [`FAR_NAMES`]).
    far: (f32, f32),
    /// Whether names and body similarity together can stand in for the words of what happened ([`NAMES_VOUCH`]).
    names_vouch: bool,
}

/// How publication times bear on a comparison.
#[derive(Clone, Copy)]
enum Gap {
    /// Within the window: similarity times this factor.
    Near(f32),
    /// Beyond the window: only shared specifics join ([`FAR_BODY`], [`FAR_NAMES`]).
    Far,
}

impl Scorer<'_> {
    /// The scorer of what is left after merging: beyond the window from [`LEFTOVER_FAR_BODY`] and
    /// [`LEFTOVER_FAR_NAMES`], and for a single article with names standing in for the words of what happened
    /// (`lone`, [`NAMES_VOUCH`]).
    fn leftover(&self, lone: bool) -> Self {
        Scorer { far: (LEFTOVER_FAR_BODY, LEFTOVER_FAR_NAMES), names_vouch: lone, ..*self }
    }

    /// How two time ranges compare, or `None` when they may not share a story.
    fn gap(&self, a: &Cluster, old: Option<i64>, new: Option<i64>) -> Option<Gap> {
        if let (Some(a0), Some(a1), Some(b0), Some(b1)) = (a.oldest, a.newest, old, new) {
            if a1.max(b1) - a0.min(b0) > self.opts.max_span_hours * 3600 {
                return None;
            }
        }
        let Some(gap) = a.time_gap(old, new) else { return Some(Gap::Near(1.0)) };
        let window = self.opts.window_hours * 3600;
        if gap > window {
            return Some(Gap::Far);
        }
        let full = FULL_WEIGHT_HOURS * 3600;
        if gap <= full || window <= full {
            return Some(Gap::Near(1.0));
        }
        Some(Gap::Near(1.0 - (1.0 - FAR_DECAY) * ((gap - full) as f32 / (window - full) as f32)))
    }

    /// The combined similarity of mean body and name similarities under a time gap, or `None`
    /// when they may not share a story. `what` is the body's similarity without the names' terms.
    fn score(&self, gap: Gap, body: f32, what: f32, names: Option<f32>) -> Option<f32> {
        let vouched = self.names_vouch && what > 0.0 && body >= NAMES_VOUCH.0 && names.is_some_and(|n| n >= NAMES_VOUCH.1);
        if (what < self.opts.body_gate && !vouched) || names.is_some_and(|n| n < self.opts.name_gate && body < NAME_GATE_BODY) {
            return None;
        }
        let combined = match names {
            Some(n) => (1.0 - self.opts.name_weight) * body + self.opts.name_weight * n,
            None => body,
        };
        match gap {
            Gap::Near(f) => Some(f * combined),
            Gap::Far => (body >= self.far.0 && names.unwrap_or(0.0) >= self.far.1).then_some(FAR_DECAY * combined),
        }
    }
}

/// Whether a similarity passes the relative bar of a story ([`GroupOptions::relative`]).
fn passes_relative(opts: &GroupOptions, s: f32, cl: &Cluster) -> bool {
    cl.cohesion(opts.name_weight).is_none_or(|c| s >= opts.relative * c)
}

/// Groups a batch of articles into stories.
pub fn group(corpus: &[Article], opts: &GroupOptions) -> Grouping {
    group_with(corpus, opts, None)
}

/// [`group`] with document frequencies counted outside the batch (a store's running counts over
/// everything it holds, when it regroups only a window of it).
pub fn group_with(corpus: &[Article], opts: &GroupOptions, prior: Option<&DocFreqs>) -> Grouping {
    // `TIDINGS_TIMING` prints the time of each step on stderr, as the digest does for its stages.
    let timing = std::env::var_os("TIDINGS_TIMING").is_some().then(std::time::Instant::now);
    let lap = |step: &str| {
        if let Some(t0) = timing {
            eprintln!("timing: group: {step} done at {:.2}s", t0.elapsed().as_secs_f32());
        }
    };
    let order = canonical_order(corpus);
    let mut copy_of = find_copies_in(corpus, &order);
    lap("copies");
    // Terms are interned in canonical order too, so ties between equal weights break the same way
    // whatever order the articles came in.
    let mut vocab = Vocab::default();
    let mut counts: Vec<Option<Counts>> = vec![None; corpus.len()];
    for &i in &order {
        if copy_of[i].is_none() {
            counts[i] = Some(count(&corpus[i], &mut vocab));
        }
    }
    for &i in &order {
        if let Some(c) = &counts[i] {
            vocab.add_doc(c.terms.iter().chain(&c.names).map(|p| p.0));
        }
    }
    if let Some(prior) = prior {
        vocab.use_prior(prior);
    }
    let body: Vec<SparseVec> =
        counts.iter().map(|c| c.as_ref().map(|c| weigh(&c.terms, &vocab, ARTICLE_TERMS)).unwrap_or_default()).collect();
    let names: Vec<SparseVec> =
        counts.iter().map(|c| c.as_ref().map(|c| weigh(&c.names, &vocab, ARTICLE_NAMES)).unwrap_or_default()).collect();
    // Only the name terms that made it into the body vector matter.
    let name_terms: Vec<Vec<u32>> = counts
        .iter()
        .zip(&body)
        .map(|(c, b)| {
            c.as_ref()
                .map(|c| c.name_terms.iter().copied().filter(|id| b.binary_search_by_key(id, |p| p.0).is_ok()).collect())
                .unwrap_or_default()
        })
        .collect();
    drop(counts);
    // What each lead says of the day of its event, read once.
    let days: Vec<Days> = corpus.iter().zip(&copy_of).map(|(a, c)| if c.is_none() { Days::of(a) } else { Days::default() }).collect();
    lap("vectors");

    let time = |i: ArticleIdx| corpus[i].published.map(|d| d.timestamp());
    let scorer = Scorer { opts, far: (FAR_BODY, FAR_NAMES), names_vouch: false };
    // Read once: the comparisons below are the hot path of a million-article run.
    let debug = debug_enabled();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut postings: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    let mut recent: std::collections::VecDeque<u32> = std::collections::VecDeque::new();
    let mut scratch: Vec<f32> = vec![0.0; vocab.len()];
    let (mut hit, mut touched): (Vec<f32>, Vec<u32>) = (Vec::new(), Vec::new());

    for &i in &order {
        if copy_of[i].is_some() {
            continue;
        }
        let t = time(i);
        let mut best: Option<(f32, usize, f32, f32)> = None;
        // Stories found under the article's strongest terms, scored by the weight of the terms
        // that found them; only the best [`CANDIDATE_LIMIT`] are compared.
        hit.resize(clusters.len(), 0.0);
        for (term, w) in top_terms(&body[i], QUERY_TERMS) {
            if let Some(list) = postings.get(&term) {
                for &c in list.iter().rev().take(POSTING_SCAN) {
                    if hit[c as usize] == 0.0 {
                        touched.push(c);
                    }
                    hit[c as usize] += w;
                }
            }
        }
        if touched.len() > CANDIDATE_LIMIT {
            touched.select_nth_unstable_by(CANDIDATE_LIMIT - 1, |a, b| hit[*b as usize].total_cmp(&hit[*a as usize]).then(a.cmp(b)));
        }
        let mut candidates: Vec<u32> = recent.iter().copied().collect();
        candidates.extend(touched.iter().take(CANDIDATE_LIMIT));
        for c in touched.drain(..) {
            hit[c as usize] = 0.0;
        }
        candidates.sort_unstable();
        candidates.dedup();
        // The article's weights in a dense scratch row, so a dot product with a story costs one
        // pass over the story's terms.
        for &(id, w) in body[i].iter().chain(&names[i]) {
            scratch[id as usize] = w;
        }
        for &c in &candidates {
            let cl = &clusters[c as usize];
            let Some(gap) = scorer.gap(cl, t, t) else { continue };
            if days_differ(&days[i], &cl.days) {
                if debug {
                    eprintln!("article {i} {} vs story {c}: its lead names another day", corpus[i].id);
                }
                continue;
            }
            let ndot = if names[i].is_empty() { 0.0 } else { dot_dense(&scratch, &cl.names) };
            let n = (!names[i].is_empty() && cl.named > 0).then(|| ndot / cl.named as f32);
            // Beyond the window only shared names can join, and they cost less to compare.
            if matches!(gap, Gap::Far) && n.unwrap_or(0.0) < scorer.far.1 {
                continue;
            }
            let full = dot_dense(&scratch, &cl.body);
            let b = full / cl.n();
            // Gates only take away: a candidate that cannot beat the best or reach the join
            // threshold without them is not looked at further.
            let Some(upper) = scorer.score(gap, b, f32::INFINITY, n) else { continue };
            if upper < opts.join || best.is_some_and(|(bs, ..)| upper <= bs) {
                continue;
            }
            let what = (full - dot_on2(&body[i], &cl.body, &name_terms[i], &cl.name_terms)) / cl.n();
            let Some(s) = scorer.score(gap, b, what, n) else {
                if debug {
                    eprintln!("article {i} {} vs story {c}: body {b:.3} what {what:.3} names {n:?} -> gated", corpus[i].id);
                }
                continue;
            };
            if !passes_relative(opts, s, cl) {
                if debug {
                    eprintln!(
                        "article {i} {} vs story {c}: {s:.3} below the story's bar {:?}",
                        corpus[i].id,
                        cl.cohesion(opts.name_weight)
                    );
                }
                continue;
            }
            if debug {
                eprintln!("article {i} {} vs story {c}: body {b:.3} names {n:?} -> {s:.3}", corpus[i].id);
            }
            best = Some((s, c as usize, full, ndot));
        }
        for &(id, _) in body[i].iter().chain(&names[i]) {
            scratch[id as usize] = 0.0;
        }
        let (c, cross) = match best {
            Some((s, c, full, ndot)) if s >= opts.join => (c, (full, ndot, 0.0, 0.0)),
            _ => {
                clusters.push(Cluster { alive: true, ..Cluster::default() });
                (clusters.len() - 1, (0.0, 0.0, 0.0, 0.0))
            }
        };
        clusters[c].add(cross, &body[i], &names[i], u32::from(!names[i].is_empty()), &name_terms[i], &[i], (t, t), &days[i]);
        if let Some(p) = recent.iter().position(|&r| r == c as u32) {
            recent.remove(p);
        }
        recent.push_back(c as u32);
        if recent.len() > RECENT_SCAN {
            recent.pop_front();
        }
        for term in top_ids(&body[i], INDEX_TERMS) {
            let list = postings.entry(term).or_default();
            if list.last() != Some(&(c as u32)) {
                list.push(c as u32);
            }
        }
    }

    lap("online");
    let mut forward = merge(&mut clusters, &postings, &scorer, vocab.len(), (corpus, &names), debug);
    lap("merge");
    recheck_seeds(&mut clusters, &postings, &mut forward, &scorer, vocab.len(), (corpus, &body, &names, &name_terms, &days), debug);
    lap("first articles re-checked");
    attach_leftovers(&mut clusters, &postings, &mut forward, &scorer, (corpus, &body, &names), debug);
    lap("leftovers");

    // Copies join their original's story; then close rewrites and partial copies are found inside
    // each story.
    let mut stories: Vec<StoryGroup> = Vec::new();
    let mut story_of: Vec<Option<usize>> = vec![None; corpus.len()];
    for cl in clusters.iter().filter(|c| c.alive) {
        for &m in &cl.members {
            story_of[m] = Some(stories.len());
        }
        stories.push(StoryGroup { articles: cl.members.clone(), why: Why::default() });
    }
    for i in 0..corpus.len() {
        if copy_of[i].is_none() && story_of[i].is_none() {
            story_of[i] = Some(stories.len());
            stories.push(StoryGroup { articles: vec![i], why: Why::default() });
        }
    }
    for i in 0..corpus.len() {
        if let Some(o) = copy_of[i] {
            match story_of[o] {
                Some(s) => stories[s].articles.push(i),
                None => stories.push(StoryGroup { articles: vec![i], why: Why::default() }),
            }
        }
    }
    let rank: Vec<usize> = {
        let mut r = vec![0; corpus.len()];
        for (k, &i) in order.iter().enumerate() {
            r[i] = k;
        }
        r
    };
    for st in &mut stories {
        st.articles.sort_by_key(|&i| (time(i).unwrap_or(i64::MAX), rank[i]));
        find_rewrites(corpus, &st.articles, &body, &mut copy_of);
        st.why = explain(corpus, &st.articles, &copy_of, (&body, &names, &name_terms), &vocab);
    }
    lap("rewrites and explanations");
    // Largest stories first, then the most recent, then canonical order.
    stories.sort_by_key(|s| {
        (Reverse(s.articles.len()), Reverse(s.articles.iter().filter_map(|&i| time(i)).max()), s.articles.iter().map(|&i| rank[i]).min())
    });
    Grouping { stories, copy_of }
}

/// The cluster a merged-away cluster now lives in.
fn resolve(forward: &mut [u32], c: u32) -> u32 {
    let mut root = c;
    while forward[root as usize] != root {
        root = forward[root as usize];
    }
    let mut x = c;
    while forward[x as usize] != root {
        let next = forward[x as usize];
        forward[x as usize] = root;
        x = next;
    }
    root
}

/// Candidate clusters to merge with `a`: neighbours in creation order (stories opened around the
/// same time) and stories sharing one of its strongest terms.
fn merge_candidates(clusters: &[Cluster], postings: &FxHashMap<u32, Vec<u32>>, forward: &mut [u32], a: usize) -> Vec<u32> {
    let mut out: Vec<u32> = (a.saturating_sub(RECENT_SCAN)..(a + RECENT_SCAN).min(clusters.len())).map(|x| x as u32).collect();
    for term in top_ids(&clusters[a].body, QUERY_TERMS) {
        if let Some(list) = postings.get(&term) {
            out.extend(list.iter().rev().take(POSTING_SCAN));
        }
    }
    for c in &mut out {
        *c = resolve(forward, *c);
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|&b| b as usize != a && clusters[b as usize].alive);
    out
}

/// Mean similarity between the articles of two clusters, or `None` when time keeps them apart.
///
/// `floor`: a similarity below it is of no use to the caller, which then gets `None` early, before
/// the costlier parts are computed.
fn cluster_similarity(scorer: &Scorer, a: &Cluster, b: &Cluster, relative: bool, floor: f32) -> Option<(f32, f32, f32)> {
    similarity_with(scorer, a, b, relative, floor, None)
}

/// [`cluster_similarity`], with the dense rows of `a`'s body and names when the caller has them
/// (one pass over `b`'s terms instead of a merge of two sorted lists).
fn similarity_with(
    scorer: &Scorer,
    a: &Cluster,
    b: &Cluster,
    relative: bool,
    floor: f32,
    dense: Option<(&[f32], &[f32])>,
) -> Option<(f32, f32, f32)> {
    let gap = scorer.gap(a, b.oldest, b.newest)?;
    if other_day(a, b) {
        return None;
    }
    let ndot = match dense {
        Some((_, names)) => dot_dense(names, &b.names),
        None => dot(&a.names, &b.names),
    };
    let names = (a.named > 0 && b.named > 0).then(|| ndot / (a.named as f32 * b.named as f32));
    // Beyond the window only shared names can join, and they cost less to compare.
    if matches!(gap, Gap::Far) && names.unwrap_or(0.0) < scorer.far.1 {
        return None;
    }
    let full = match dense {
        Some((body, _)) => dot_dense(body, &b.body),
        None => dot(&a.body, &b.body),
    };
    let body = full / (a.n() * b.n());
    // The gates only take away, so the score without the body gate bounds the score with it.
    if scorer.score(gap, body, f32::INFINITY, names)? < floor {
        return None;
    }
    let what = (full - dot_on2(&a.body, &b.body, &a.name_terms, &b.name_terms)) / (a.n() * b.n());
    let s = scorer.score(gap, body, what, names)?;
    // The looser of the two stories sets the bar: two halves of one event are as close to each
    // other as the looser half is to itself.
    let bar = match (a.cohesion(scorer.opts.name_weight), b.cohesion(scorer.opts.name_weight)) {
        (Some(x), Some(y)) => x.min(y),
        (x, y) => x.or(y).unwrap_or(0.0),
    };
    (!relative || s >= scorer.opts.relative * bar).then_some((s, full, ndot))
}

/// Writes a story's body and name vectors into dense rows (`on`), or clears them again.
fn dense_rows(body_row: &mut [f32], names_row: &mut [f32], cl: &Cluster, on: bool) {
    for &(id, w) in &cl.body {
        body_row[id as usize] = if on { w } else { 0.0 };
    }
    for &(id, w) in &cl.names {
        names_row[id as usize] = if on { w } else { 0.0 };
    }
}

/// Average-link agglomeration over candidate pairs, best pair first.
fn merge(
    clusters: &mut [Cluster],
    postings: &FxHashMap<u32, Vec<u32>>,
    scorer: &Scorer,
    terms: usize,
    (corpus, names): (&[Article], &[SparseVec]),
    debug: bool,
) -> Vec<u32> {
    let threshold = scorer.opts.merge;
    let mut forward: Vec<u32> = (0..clusters.len() as u32).collect();
    // (similarity, then the lower pair first for determinism), with the versions it was computed at.
    type Entry = (u32, Reverse<(u32, u32)>, u32, u32);
    let mut heap: BinaryHeap<Entry> = BinaryHeap::new();
    let push = |heap: &mut BinaryHeap<Entry>, clusters: &[Cluster], a: usize, b: usize| {
        let (x, y) = (a.min(b), a.max(b));
        if let Some((s, _, _)) = cluster_similarity(scorer, &clusters[x], &clusters[y], true, threshold) {
            if s >= threshold {
                heap.push((s.to_bits(), Reverse((x as u32, y as u32)), clusters[x].version, clusters[y].version));
            }
        }
    };
    // The first pass compares every story with its candidates: `a`'s vectors go into dense rows.
    let (mut body_row, mut names_row) = (vec![0.0f32; terms], vec![0.0f32; terms]);
    for a in 0..clusters.len() {
        let cands = merge_candidates(clusters, postings, &mut forward, a);
        if !cands.iter().any(|&b| b as usize > a) {
            continue;
        }
        dense_rows(&mut body_row, &mut names_row, &clusters[a], true);
        for b in cands {
            let b = b as usize;
            if b > a {
                let (x, y) = (&clusters[a], &clusters[b]);
                if let Some((s, _, _)) = similarity_with(scorer, x, y, true, threshold, Some((&body_row, &names_row))) {
                    if s >= threshold {
                        heap.push((s.to_bits(), Reverse((a as u32, b as u32)), x.version, y.version));
                    }
                }
            }
        }
        dense_rows(&mut body_row, &mut names_row, &clusters[a], false);
    }
    while let Some((s, Reverse((x, y)), vx, vy)) = heap.pop() {
        let (x, y) = (x as usize, y as usize);
        if !clusters[x].alive || !clusters[y].alive {
            continue;
        }
        if clusters[x].version != vx || clusters[y].version != vy {
            push(&mut heap, clusters, x, y);
            continue;
        }
        if look_alikes(&clusters[x], &clusters[y], names, OWN_NAME_MIN_ARTICLES) {
            if debug {
                eprintln!("merge story {x} + {y}: {:.3}, but each has names of its own", f32::from_bits(s));
            }
            continue;
        }
        if debug {
            let ids = |c: usize| clusters[c].members.iter().take(3).map(|&m| corpus[m].id.as_str()).collect::<Vec<_>>();
            eprintln!("merge story {x} {:?} + {y} {:?}: {:.3}", ids(x), ids(y), f32::from_bits(s));
        }
        // The larger keeps its index (its postings are longer); ties keep the older.
        let (keep, gone) = if clusters[y].members.len() > clusters[x].members.len() { (y, x) } else { (x, y) };
        absorb(clusters, &mut forward, scorer, keep, gone);
        for b in merge_candidates(clusters, postings, &mut forward, keep) {
            push(&mut heap, clusters, keep, b as usize);
        }
    }
    forward
}

/// Whether two stories are look-alike events: each has a name of its own ([`own_names`]), `a` in at least `min` of
/// its articles and `b` in at least [`OWN_NAME_MIN_ARTICLES`].
fn look_alikes(a: &Cluster, b: &Cluster, names: &[SparseVec], min: usize) -> bool {
    own_names(a, b, names, min) && own_names(b, a, names, OWN_NAME_MIN_ARTICLES)
}

/// Whether most of `a`'s articles with names, and at least `min` of them, share a name that none of
/// `b`'s articles gives: with the same test the other way, two look-alike events (two piracy raids
/// of one navy, one by INS Mysore and one by INS Sukanya) rather than two halves of one.
fn own_names(a: &Cluster, b: &Cluster, names: &[SparseVec], min: usize) -> bool {
    let named = a.named as usize;
    if named < min || b.members.is_empty() {
        return false;
    }
    let in_b: FxHashSet<u32> = b.members.iter().flat_map(|&m| names[m].iter().map(|p| p.0)).collect();
    let mut df: FxHashMap<u32, usize> = FxHashMap::default();
    for &m in &a.members {
        for &(t, _) in &names[m] {
            if !in_b.contains(&t) {
                *df.entry(t).or_default() += 1;
            }
        }
    }
    df.values().any(|&c| c >= min && c as f32 >= OWN_NAME_SHARE * named as f32)
}

/// Moves cluster `gone` into cluster `keep`.
fn absorb(clusters: &mut [Cluster], forward: &mut [u32], scorer: &Scorer, keep: usize, gone: usize) {
    let taken = std::mem::take(&mut clusters[gone]);
    add_cluster(&mut clusters[keep], &taken, scorer);
    forward[gone] = keep as u32;
}

/// Adds the articles of `taken` to `keep`, with the similarities between the two for `keep`'s cohesion.
fn add_cluster(keep: &mut Cluster, taken: &Cluster, scorer: &Scorer) {
    let (_, full, ndot) = cluster_similarity(scorer, keep, taken, false, f32::NEG_INFINITY).unwrap_or_default();
    let cross = (full, ndot, taken.pair_body, taken.pair_names);
    keep.add(cross, &taken.body, &taken.names, taken.named, &taken.name_terms, &taken.members, (taken.oldest, taken.newest), &taken.days);
}

/// Beyond the window an article left alone after merging joins its clearly best story when they share at least this
/// mean body similarity and [`LEFTOVER_FAR_NAMES`] of names: a report of a later stage (a verdict, a rebuilding)
/// tells new things about the same people and places, and nothing else claims it. On the one-event piles of ECB+
/// any value from 0 to 0.1 (with names 0 to 0.2) gives the same stories; 0.2 / 0.3 keeps one more pile split.
pub const LEFTOVER_FAR_BODY: f32 = 0.1;
/// See [`LEFTOVER_FAR_BODY`].
pub const LEFTOVER_FAR_NAMES: f32 = 0.2;

/// An article left alone after merging may join a story with fewer words of what happened in common than
/// [`GroupOptions::body_gate`] asks (some, though) when their mean body similarity reaches the first figure and their
/// names the second: a three-line item is nearly all names ("Mat Maid mop up: remains of the Mat Maid warehouse
/// smolder in Palmer ... Palmer Police"). Its words beyond the names must be some (more than none) of the story's. On
/// ECB+ a body figure from 0 to 0.2 with names from 0 to 0.25 joins the same two lone articles to their one-event
/// piles (38 of 40 piles one story, from 36 with the one-report rule below); names 0.3 join one of them. On the
/// synthetic stream (10k) (0.15, 0.2) and (0.1, 0.2) merge 74 of 437 look-alike pairs, (0.2, 0.25) 75 and (0.3, 0.5)
/// 77, as without; WikiRef220 reads B3 0.7028 as without, 0.7138 at (0.1, 0.2) and 0.7022 at (0, 0).
pub const NAMES_VOUCH: (f32, f32) = (0.15, 0.2);

/// A story of at most this many articles left after merging joins its clearly best larger story
/// when their similarity reaches [`GroupOptions::join`], and the two do not both have names of their own
/// ([`own_names`]; the small story's from two of its articles): the first reports of an event (a
/// police spokesman, no names yet) and its later reports (the accused and the victim named), or
/// reports of one stage weeks later, are too unlike for the merge's bar relative to each story's
/// cohesion. On ECB+ 3 to 6 give the same stories in one batch, and 5 or 6 one more one-event pile
/// in one story than 3 or 4; at 8 B3 precision falls from 0.926 to 0.916. On the synthetic stream
/// (10k) 1, 2, 4, 5, 6 and 8 give pairwise F1 0.9842, 0.9840, 0.9838, 0.9838, 0.9836 and 0.9834.
pub const SMALL_STORY: usize = 5;

/// A small story ([`SMALL_STORY`]) joins a story at most this long before or after it. Later stages of an event follow
/// within weeks (a check-out of rehab six weeks on, a rule restored seven weeks after its reversal was announced); the
/// same protagonists' next event of the kind comes months later (the next rate cut, the next summit) and must not
/// join. On ECB+ 30 days loses both piles the small-story join gains, 60 and 90 days keep them; on the synthetic
/// stream (10k) 30, 60, 90 days and no limit merge 73, 77, 80 and 82 of its 437 look-alike pairs.
pub const SMALL_STORY_MAX_GAP_HOURS: i64 = 60 * 24;

/// A small story ([`SMALL_STORY`]) joins only from this share of the larger story's cohesion (the merge asks
/// [`GroupOptions::relative`] of the looser of the two): a story of tight reports does not take in the next event of
/// its kind. On ECB+ 0.4 to 0.55 give the same stories and 0.6 loses both piles the small-story join gains; on the
/// synthetic stream (10k) 0, 0.4, 0.5, 0.55 and 0.6 merge 77, 73, 67, 66 and 65 of its 437 look-alike pairs (64
/// without the small-story join).
pub const SMALL_STORY_RELATIVE: f32 = 0.5;

/// Articles left alone join their clearly best story ([`GroupOptions::attach`]), and small stories their clearly best
/// larger one ([`SMALL_STORY`]), beyond the window too ([`LEFTOVER_FAR_BODY`]; a small story only up to
/// [`SMALL_STORY_MAX_GAP_HOURS`]).
fn attach_leftovers(
    clusters: &mut [Cluster],
    postings: &FxHashMap<u32, Vec<u32>>,
    forward: &mut [u32],
    scorer: &Scorer,
    (corpus, body, names): (&[Article], &[SparseVec], &[SparseVec]),
    debug: bool,
) {
    // Made on first use: most groupings have no small story close enough to a larger one to need it.
    let mut scratch: Vec<Option<ArticleIdx>> = Vec::new();
    let far_scorer = scorer.leftover(false);
    let lone_scorer = scorer.leftover(true);
    let scorer = &far_scorer;
    for a in 0..clusters.len() {
        let size = clusters[a].members.len();
        if !clusters[a].alive || size > SMALL_STORY {
            continue;
        }
        let mut ranked: Vec<(f32, usize)> = merge_candidates(clusters, postings, forward, a)
            .into_iter()
            .filter(|&b| clusters[b as usize].members.len() > size.max(1))
            .filter(|&b| {
                size == 1
                    || clusters[b as usize]
                        .time_gap(clusters[a].oldest, clusters[a].newest)
                        .is_none_or(|g| g <= SMALL_STORY_MAX_GAP_HOURS * 3600)
            })
            .filter_map(|b| {
                let scorer = if size == 1 { &lone_scorer } else { scorer };
                cluster_similarity(scorer, &clusters[b as usize], &clusters[a], false, f32::NEG_INFINITY).map(|(s, ..)| (s, b as usize))
            })
            .collect();
        ranked.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        if debug {
            let ids: Vec<&str> = clusters[a].members.iter().map(|&m| corpus[m].id.as_str()).collect();
            eprintln!("leftover story {a} {ids:?}: candidates {ranked:?}");
        }
        let Some(&(best, b)) = ranked.first() else { continue };
        // One report and its rewrites (a wire story in three papers) is one report: its names are not those of an
        // event of its own, and its own cohesion says nothing. It joins from the join threshold (below it nothing
        // joins, so the rewrites are only looked for above it). On ECB+ the first report of an office-party shooting
        // and two papers' rewrites of it, which name a film producer down the street, join the 13 later reports that
        // name the accused and the victim. On the synthetic stream, whose look-alike events differ by their place,
        // such a report's place was evidence: 10k merges 77 of 437 look-alike pairs instead of 67.
        let one_report = size > 1 && best >= scorer.opts.join && independent_reports(corpus, &clusters[a].members, body, &mut scratch) == 1;
        if size > 1 && !one_report && look_alikes(&clusters[a], &clusters[b], names, 2) {
            if debug {
                eprintln!("story {a} and story {b} each have names of their own");
            }
            continue;
        }
        let bar = if one_report {
            scorer.opts.join
        } else if size > 1 {
            scorer.opts.join.max(SMALL_STORY_RELATIVE * clusters[b].cohesion(scorer.opts.name_weight).unwrap_or(0.0))
        } else {
            scorer.opts.attach
        };
        let runner_up = ranked.get(1).map_or(0.0, |r| r.0);
        if best >= bar && runner_up <= ATTACH_MARGIN * best {
            if debug {
                eprintln!("attach story {a} to {b}: {best:.3} (runner-up {runner_up:.3})");
            }
            absorb(clusters, forward, scorer, b, a);
        }
    }
}

/// A cluster of the given articles, built from their vectors as the online pass builds one.
fn cluster_of(members: &[ArticleIdx], (corpus, body, names, name_terms, days): Features) -> Cluster {
    let mut cl = Cluster { alive: true, ..Cluster::default() };
    for &m in members {
        let t = corpus[m].published.map(|d| d.timestamp());
        let cross = (dot(&body[m], &cl.body), dot(&names[m], &cl.names), 0.0, 0.0);
        cl.add(cross, &body[m], &names[m], u32::from(!names[m].is_empty()), &name_terms[m], &[m], (t, t), &days[m]);
    }
    cl
}

/// The articles and their body vectors, name vectors, body terms written as names and lead days.
type Features<'a> = (&'a [Article], &'a [SparseVec], &'a [SparseVec], &'a [Vec<u32>], &'a [Days]);

/// Stories of at least this many articles have their first article re-checked ([`recheck_seeds`]).
pub const SEED_RECHECK_MIN: usize = 3;

/// Re-checks the first article of each story of [`SEED_RECHECK_MIN`] or more, after merging. That article opened the
/// story and was never compared with the articles that came after it: the others chose it, it chose nothing. It moves
/// to another story of two or more when that story is clearly its best ([`ATTACH_MARGIN`] over the runner-up, and
/// at least [`GroupOptions::attach`]) and better than the rest of its own, scored as an article left alone is
/// ([`attach_leftovers`]). On ECB+ two dated articles had opened the stories of the undated reports of the other event
/// of their topic: a July 2005 item on a player's contract, which names the coach fired in May, had drawn in the
/// reports of the next coach's firing in 2008. Both move to their own event's story (B3 0.9426 to 0.9486, look-alike
/// pairs in one story 6 to 4); the synthetic stream (10k) reads pairwise F1 0.9837 against 0.9828 without, WikiRef220
/// and GVC the same. Without the margin three WikiRef220 articles move between stories as close as each other
/// (B3 0.7028 to 0.6911); re-checking every article, not only the first, reads 0.9463 on ECB+.
fn recheck_seeds(
    clusters: &mut [Cluster],
    postings: &FxHashMap<u32, Vec<u32>>,
    forward: &mut [u32],
    scorer: &Scorer,
    terms: usize,
    f: Features,
    debug: bool,
) {
    let lone_scorer = scorer.leftover(true);
    // Below this a story can neither take the article nor stand in the way as the runner-up.
    let floor = ATTACH_MARGIN * scorer.opts.attach;
    let (mut body_row, mut names_row) = (vec![0.0f32; terms], vec![0.0f32; terms]);
    for a in 0..clusters.len() {
        if !clusters[a].alive || clusters[a].members.len() < SEED_RECHECK_MIN {
            continue;
        }
        let seed = clusters[a].members[0];
        let single = cluster_of(&[seed], f);
        dense_rows(&mut body_row, &mut names_row, &single, true);
        let mut ranked: Vec<(f32, usize)> = merge_candidates(clusters, postings, forward, a)
            .into_iter()
            .filter(|&b| clusters[b as usize].members.len() > 1)
            // The day its story names is its own: it does not move to a story of another day.
            .filter(|&b| !other_day(&clusters[a], &clusters[b as usize]))
            .filter_map(|b| {
                let dense = Some((&body_row[..], &names_row[..]));
                similarity_with(&lone_scorer, &single, &clusters[b as usize], false, floor, dense).map(|(s, ..)| (s, b as usize))
            })
            .filter(|&(s, _)| s >= floor)
            .collect();
        dense_rows(&mut body_row, &mut names_row, &single, false);
        ranked.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let Some(&(best, b)) = ranked.first() else { continue };
        let runner_up = ranked.get(1).map_or(0.0, |r| r.0);
        if best < scorer.opts.attach || runner_up > ATTACH_MARGIN * best {
            continue;
        }
        // Only now is the rest of its story built, for the few articles another story clearly wants.
        let rest = cluster_of(&clusters[a].members[1..], f);
        let own = cluster_similarity(&lone_scorer, &rest, &single, false, f32::NEG_INFINITY).map(|x| x.0);
        if debug {
            eprintln!("seed {} of story {a}: own {own:?}, best {best:.3} in story {b}, runner-up {runner_up:.3}", f.0[seed].id);
        }
        if own.is_some_and(|o| best <= o) {
            continue;
        }
        if debug {
            let ids = |c: &Cluster| c.members.iter().take(3).map(|&m| f.0[m].id.as_str()).collect::<Vec<_>>();
            eprintln!("seed {} moves from story {a} {:?} to story {b} {:?}", f.0[seed].id, ids(&rest), ids(&clusters[b]));
        }
        clusters[a] = rest;
        add_cluster(&mut clusters[b], &single, scorer);
    }
}

/// How many of `members` are not rewrites or partial copies of another ([`find_rewrites`]); `scratch` is empty or all
/// `None` before, all `None` after.
fn independent_reports(corpus: &[Article], members: &[ArticleIdx], body: &[SparseVec], scratch: &mut Vec<Option<ArticleIdx>>) -> usize {
    scratch.resize(corpus.len(), None);
    find_rewrites(corpus, members, body, scratch);
    let copies = members.iter().filter(|&&m| scratch[m].is_some()).count();
    for &m in members {
        scratch[m] = None;
    }
    members.len() - copies
}

/// Each original is checked against at most this many earlier originals of its story (the most
/// similar ones): rewrites follow their source closely, and big stories must not go quadratic.
pub const REWRITE_MAX_PAIRS: usize = 16;

fn find_rewrites(corpus: &[Article], members: &[ArticleIdx], body: &[SparseVec], copy_of: &mut [Option<ArticleIdx>]) {
    let originals: Vec<ArticleIdx> = members.iter().copied().filter(|&i| copy_of[i].is_none()).collect();
    // Sentence and shingle sets are computed at most once per article, and only for articles in a
    // close pair.
    let mut sets: FxHashMap<ArticleIdx, Vec<Vec<u64>>> = FxHashMap::default();
    let mut shingles: FxHashMap<ArticleIdx, Vec<u64>> = FxHashMap::default();
    for (y, &b) in originals.iter().enumerate() {
        let mut earlier: Vec<(f32, ArticleIdx)> = originals[..y]
            .iter()
            .filter(|&&a| copy_of[a].is_none())
            .map(|&a| (dot(&body[a], &body[b]), a))
            .filter(|&(d, _)| d >= REWRITE_CHECK_COSINE)
            .collect();
        earlier.sort_by(|x, z| z.0.total_cmp(&x.0).then(x.1.cmp(&z.1)));
        earlier.truncate(REWRITE_MAX_PAIRS);
        for (_, a) in earlier {
            shingles.entry(a).or_insert_with(|| shingle_set(&corpus[a].text));
            shingles.entry(b).or_insert_with(|| shingle_set(&corpus[b].text));
            // A syndicated excerpt or a truncated page is a copy of the longer text; the earlier
            // one stays the original unless it is the excerpt.
            if contained(&shingles[&a], &shingles[&b]) {
                if shingles[&a].len() < shingles[&b].len() {
                    copy_of[a] = Some(b);
                } else {
                    copy_of[b] = Some(a);
                }
                break;
            }
            sets.entry(a).or_insert_with(|| sentence_sets(&corpus[a]));
            sets.entry(b).or_insert_with(|| sentence_sets(&corpus[b]));
            if is_rewrite_sets(&sets[&a], &sets[&b]) {
                copy_of[b] = Some(a);
                break;
            }
        }
    }
    // `copy_of` always names an original: copies of an article found to be a copy follow it.
    for &m in members {
        let mut root = copy_of[m];
        let mut hops = 0;
        while let Some(r) = root {
            match copy_of[r] {
                Some(next) if hops < members.len() => {
                    root = Some(next);
                    hops += 1;
                }
                _ => break,
            }
        }
        copy_of[m] = root.filter(|&r| r != m);
    }
}

/// Words kept in a story's explanation.
pub const WHY_WORDS: usize = 8;

fn explain(
    corpus: &[Article],
    members: &[ArticleIdx],
    copy_of: &[Option<ArticleIdx>],
    f: (&[SparseVec], &[SparseVec], &[Vec<u32>]),
    vocab: &Vocab,
) -> Why {
    let (body, names, name_terms) = f;
    let originals: Vec<ArticleIdx> = members.iter().copied().filter(|&i| copy_of[i].is_none() && !corpus[i].text.is_empty()).collect();
    if originals.len() < 2 {
        return Why { terms: vec![], names: vec![], similarity: 1.0 };
    }
    // The words of what happened are shown apart from the names, which are shown capitalised.
    let mut written_as_names: Vec<u32> = originals.iter().flat_map(|&i| name_terms[i].iter().copied()).collect();
    written_as_names.sort_unstable();
    let shared = |vecs: &[SparseVec], skip: &[u32], show: &dyn Fn(&str) -> String| -> (Vec<String>, SparseVec) {
        let mut sum: SparseVec = Vec::new();
        let mut df: FxHashMap<u32, usize> = FxHashMap::default();
        for &i in &originals {
            add_into(&mut sum, &vecs[i], 1.0);
            for p in &vecs[i] {
                *df.entry(p.0).or_default() += 1;
            }
        }
        let mut ranked: Vec<(u32, f32)> = sum.iter().copied().filter(|p| df[&p.0] >= 2 && skip.binary_search(&p.0).is_err()).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut out: Vec<String> = Vec::new();
        for p in &ranked {
            let w = show(vocab.word(p.0));
            if !w.is_empty() && !out.contains(&w) {
                out.push(w);
            }
            if out.len() == WHY_WORDS {
                break;
            }
        }
        (out, sum)
    };
    // Fragments of contractions ("wasn", "didn") are no words a reader can use.
    let readable = |w: &str| if tidings_text::lexicon::CONTRACTION_FRAGMENTS.contains(&w) { String::new() } else { w.to_string() };
    let (terms, centroid) = shared(body, &written_as_names, &readable);
    let (name_list, _) = shared(names, &[], &|w| w.to_string());
    let name_list = written_forms(corpus, &originals, name_list);
    let similarity = originals.iter().map(|&i| cosine(&body[i], &centroid)).sum::<f32>() / originals.len() as f32;
    Why { terms, names: name_list, similarity }
}

/// Articles of a story read for the way its names are written.
pub const WRITTEN_FORM_ARTICLES: usize = 3;

/// The names of an explanation as the story's articles write them: their most frequent spelling in the first
/// [`WRITTEN_FORM_ARTICLES`] originals ("NBA", "LAPD" rather than "Nba", "Lapd"), with an "O’" before it kept
/// ("O'Brien", which the tokens split). Only capitalised spellings count; one in capitals throughout ("FIRED IN
/// PHILLY") loses a tie; a name not found is shown capitalised. Names written one after the other in most of their uses
/// are shown as one, up to four words ([`WRITTEN_TOGETHER_PERCENT`]: "Red Sox", "Wasilla Bible Church"). `shown`
/// holds the grouping's name words, lowercase.
fn written_forms(corpus: &[Article], originals: &[ArticleIdx], shown: Vec<String>) -> Vec<String> {
    let wanted: FxHashMap<String, usize> = shown.iter().enumerate().map(|(k, n)| (n.clone(), k)).collect();
    let mut seen: Vec<FxHashMap<String, usize>> = vec![FxHashMap::default(); shown.len()];
    // Two shown names written one after the other ("Red Sox", "Bandar Abbas"), and how often.
    let mut pairs: FxHashMap<(usize, usize), usize> = FxHashMap::default();
    let mut lower = String::new();
    for &i in originals.iter().take(WRITTEN_FORM_ARTICLES) {
        for text in [corpus[i].title.as_str(), corpus[i].text.as_str()] {
            let mut previous: Option<(usize, usize)> = None;
            // The word's use as a common noun ("the church") says nothing of how the name is written.
            for (at, w) in tidings_text::words(text).filter(|(_, w)| w.starts_with(char::is_uppercase)) {
                tidings_text::tokens::lowercase_into(w, &mut lower);
                let Some(&k) = wanted.get(lower.as_str()) else { continue };
                let before = &text[..at];
                let apostrophe = ["O'", "O’"]
                    .into_iter()
                    .find(|p| {
                        before.ends_with(p) && before[..before.len() - p.len()].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
                    })
                    .unwrap_or("");
                let start = at - apostrophe.len();
                if let Some((p, end)) = previous {
                    if p != k && text.get(end..start) == Some(" ") {
                        *pairs.entry((p, k)).or_default() += 1;
                    }
                }
                previous = Some((k, at + w.len()));
                *seen[k].entry(format!("{apostrophe}{w}")).or_default() += 1;
            }
        }
    }
    let totals: Vec<usize> = seen.iter().map(|f| f.values().sum()).collect();
    let mut forms: Vec<Option<String>> = shown
        .into_iter()
        .zip(seen)
        .map(|(name, forms)| {
            let shouting = |f: &str| f.chars().count() > 4 && f.chars().all(|c| !c.is_lowercase());
            Some(
                forms
                    .into_iter()
                    .max_by(|(fa, ca), (fb, cb)| ca.cmp(cb).then(shouting(fb).cmp(&shouting(fa))).then(fb.cmp(fa)))
                    .map_or_else(|| capitalised(&name), |(f, _)| f),
            )
        })
        .collect();
    // Words written together in most uses of either are one name: "Red Sox", "Wasilla Bible Church", not "Sox" and
    // "Red". Runs are joined pair by pair, the pair written together most often first.
    let mut pairs: Vec<((usize, usize), usize)> = pairs.into_iter().collect();
    pairs.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    let mut runs: Vec<Vec<usize>> = (0..forms.len()).map(|k| vec![k]).collect();
    let mut run_of: Vec<usize> = (0..forms.len()).collect();
    for ((a, b), n) in pairs {
        let (ra, rb) = (run_of[a], run_of[b]);
        let together = n >= 2 && n * 100 >= WRITTEN_TOGETHER_PERCENT * totals[a].max(totals[b]);
        if !together || ra == rb || runs[ra].last() != Some(&a) || runs[rb].first() != Some(&b) || runs[ra].len() + runs[rb].len() > 4 {
            continue;
        }
        let moved = std::mem::take(&mut runs[rb]);
        for &k in &moved {
            run_of[k] = ra;
        }
        runs[ra].extend(moved);
    }
    // Each run is shown where its best-ranked word was.
    let mut out: Vec<(usize, String)> = runs
        .iter()
        .filter(|r| !r.is_empty())
        .map(|r| (*r.iter().min().unwrap_or(&0), r.iter().filter_map(|&k| forms[k].take()).collect::<Vec<_>>().join(" ")))
        .collect();
    out.sort_by_key(|p| p.0);
    out.into_iter().map(|p| p.1).collect()
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|first| first.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Two names of an explanation are shown as one when they are written one after the other in at least this share
/// (per cent) of the uses of the more frequent of the two.
pub const WRITTEN_TOGETHER_PERCENT: usize = 60;

#[cfg(test)]
mod tests {
    use super::*;

    fn story(members: &[ArticleIdx], names: &[SparseVec]) -> Cluster {
        let named = members.iter().filter(|&&m| !names[m].is_empty()).count() as u32;
        Cluster { members: members.to_vec(), named, alive: true, ..Cluster::default() }
    }

    #[test]
    fn look_alike_stories_each_with_a_name_of_their_own_are_told_apart() {
        // Name term ids: 1 "indian", 2 "navy", 3 "aden", 10 "mysore", 20 "sukanya", 30 "somali".
        let v = |ids: &[u32]| -> SparseVec { ids.iter().map(|&i| (i, 0.5)).collect() };
        let names = vec![
            v(&[1, 2, 3, 10]),
            v(&[1, 2, 10, 30]),
            v(&[1, 3, 10]),
            v(&[1, 2, 3, 10, 30]),
            v(&[1, 2, 3]),
            v(&[1, 2, 3, 20]),
            v(&[1, 2, 20, 30]),
            v(&[1, 3, 20]),
            v(&[1, 2, 3, 20]),
            v(&[1, 2, 20]),
        ];
        let (mysore, sukanya) = (story(&[0, 1, 2, 3, 4], &names), story(&[5, 6, 7, 8, 9], &names));
        assert!(own_names(&mysore, &sukanya, &names, OWN_NAME_MIN_ARTICLES) && own_names(&sukanya, &mysore, &names, OWN_NAME_MIN_ARTICLES));
        // Halves of one event: the later reports add a name (20), but they still give the earlier
        // reports' own name (10), so the earlier half has no name of its own and they may merge.
        let mut one_event = names.clone();
        for n in one_event.iter_mut().skip(4) {
            n.push((10, 0.5));
            n.sort_by_key(|p| p.0);
        }
        let (early, later) = (story(&[0, 1, 2, 3], &one_event), story(&[4, 5, 6, 7, 8, 9], &one_event));
        assert!(own_names(&later, &early, &one_event, OWN_NAME_MIN_ARTICLES));
        assert!(!own_names(&early, &later, &one_event, OWN_NAME_MIN_ARTICLES));
        // Too few articles to tell.
        let small = story(&[0, 1, 2], &names);
        assert!(!own_names(&small, &sukanya, &names, OWN_NAME_MIN_ARTICLES));
        // A small story left after merging is asked for a name of its own in two of its articles.
        assert!(own_names(&small, &sukanya, &names, 2));
        assert!(!own_names(&story(&[2, 4], &names), &sukanya, &names, 2));
    }

    #[test]
    fn the_article_that_opened_a_story_moves_to_its_clearly_better_story() {
        // Term ids: 1 and 2 words of the kind of event ("coach", "fired"), 10 and 11 of one event, 20 and 21 of another.
        let v = |ids: &[u32]| -> SparseVec { ids.iter().map(|&i| (i, 0.5)).collect() };
        let (one, other) = (v(&[1, 2, 10, 11]), v(&[1, 2, 20, 21]));
        let check = |body: Vec<SparseVec>, stories: &[&[ArticleIdx]]| -> Vec<Vec<ArticleIdx>> {
            let corpus = vec![Article::default(); body.len()];
            let (names, name_terms) = (vec![SparseVec::new(); body.len()], vec![Vec::new(); body.len()]);
            let days = vec![Days::default(); body.len()];
            let f = (&corpus[..], &body[..], &names[..], &name_terms[..], &days[..]);
            let mut clusters: Vec<Cluster> = stories.iter().map(|m| cluster_of(m, f)).collect();
            let mut forward: Vec<u32> = (0..clusters.len() as u32).collect();
            let opts = GroupOptions::default();
            let scorer = Scorer { opts: &opts, far: (FAR_BODY, FAR_NAMES), names_vouch: false };
            recheck_seeds(&mut clusters, &FxHashMap::default(), &mut forward, &scorer, 32, f, false);
            clusters.iter().map(|c| c.members.clone()).collect()
        };
        // Article 0 opened the story that three reports of the other event then joined; its own event's reports
        // are story 1.
        let body = vec![one.clone(), other.clone(), other.clone(), other.clone(), one.clone(), one.clone()];
        assert_eq!(check(body.clone(), &[&[0, 1, 2, 3], &[4, 5]]), vec![vec![1, 2, 3], vec![4, 5, 0]]);
        // Where it fits its own story best, it stays.
        assert_eq!(check(body.clone(), &[&[4, 5, 0], &[1, 2, 3]]), vec![vec![4, 5, 0], vec![1, 2, 3]]);
        // Two stories that fit it as well as each other: no clear best, it stays.
        let mut body = body;
        body.extend([one.clone(), one]);
        assert_eq!(check(body, &[&[0, 1, 2, 3], &[4, 5], &[6, 7]]), vec![vec![0, 1, 2, 3], vec![4, 5], vec![6, 7]]);
    }
}
