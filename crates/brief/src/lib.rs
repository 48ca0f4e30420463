//! Briefs: the headline, the cited multi-source summary and the per-article summaries of a story.
//!
//! Every summary sentence is a verbatim span of a source article's cleaned text, cited to its bytes.
//!
//! **Selection is budgeted coverage** (Gillick & Favre 2009's concepts, chosen greedily as Lin &
//! Bilmes 2011 do for monotone submodular objectives). The story's *concepts* are its content words,
//! numbers, days and adjacent word pairs; a concept weighs as much as the independent sources that
//! state it, more when they state it early. The summary is the `n` sentences that together cover the
//! most concept weight: a sentence that restates what is already covered gains nothing, so each
//! sentence adds new facts. The first sentence is the one that best says what happened, where and
//! when (avoiding a disputed value when an undisputed wording exists); the rest follow in the order
//! they were chosen. Sentences that cannot stand alone (pronoun openers, fragments, questions,
//! teasers, sentences cut from inside a quotation, unattributed quotes) and captions, credits, file
//! names and time stamps ([`hygiene`]) are never chosen; a dateline opening a sentence is cut off.
//!
//! **Support means the same values.** Another article supports a summary sentence only when it
//! states the same thing (content overlap, or the same aligned claim value) *and* the same key values:
//! the sentence's numbers and days, and the names specific to it. An outlet that states another value of a claim the sentence
//! touches (a conflict found by claim alignment) counts against it, and the sentence carries that
//! dispute: its [`SentenceClaim`]s name each claim it touches, its status and the other values.
//!
//! ```
//! use tidings_model::Article;
//! let mut a = Article::new("a", "Storm", "A storm hit the coast on Friday. Ports were closed for two days.");
//! a.sentences = tidings_text::split_sentences(&a.text);
//! let s = tidings_brief::summarize(&[a], &[0], 1, None);
//! assert_eq!(s[0].text, "A storm hit the coast on Friday.");
//! ```

pub mod hygiene;
mod sents;
mod support;

use rustc_hash::{FxHashMap, FxHashSet};
use tidings_analyze::{Analysis, ClaimRef, ClaimStatus};
use tidings_model::{Article, ArticleIdx, Citation, Span};
use tidings_text::Analyzer;

pub use hygiene::{dateline, not_prose, Dateline, NotProse};
use sents::{ConceptKind, Sent};

/// Sentences in a story summary by default.
pub const DEFAULT_SUMMARY_SENTENCES: usize = 5;
/// Sentences in an article's "no time to read" summary.
pub const DEFAULT_ARTICLE_SENTENCES: usize = 3;
/// Weighted content-term Jaccard (with number and name bonus) from which two sentences state
/// the same thing. Calibrated on the demo corpus: true restatements score 0.22 to 0.45, sentences
/// that merely share the story's topic 0.12 to 0.2.
pub const SAME_STATEMENT: f32 = 0.22;
/// A candidate sentence this similar to an already chosen one is redundant.
pub const REDUNDANT: f32 = 0.22;
/// Plain (unweighted) Dice overlap of terms from which a candidate repeats a chosen sentence:
/// two rewordings of "Kim arrived in Russia by train" share mostly common story words, which the
/// weighted similarity discounts.
pub const REDUNDANT_DICE: f32 = 0.4;
/// Sentences with fewer content terms (headings, fragments) are never linked to others.
pub const MIN_LINK_TERMS: usize = 4;
/// At most this many sentences of each article are read for the story summary (news puts what
/// matters first; the tail of a long article rarely makes a brief).
pub const MAX_ARTICLE_SENTENCES: usize = 40;
/// Candidate sentences have between these many words.
pub const MIN_WORDS: usize = 6;
pub const MAX_WORDS: usize = 60;
/// A concept stated in sentence `i` of an article counts `1 / (1 + i / POSITION_DECAY)` for its
/// source: what an outlet puts first is what it thinks matters.
pub const POSITION_DECAY: f32 = 4.0;
/// A concept stated by a single source (in a story with several) keeps this share of its weight:
/// what several outlets report is what matters (FIELD-NOTES).
pub const SINGLE_SOURCE_SHARE: f32 = 0.3;
/// Concept weight multipliers by kind: numbers and days are the anchors readers miss most
/// (issue 14); pairs of words carry more meaning than either word.
pub const WEIGHT_TERM: f32 = 0.6;
pub const WEIGHT_NUMBER: f32 = 1.2;
pub const WEIGHT_DAY: f32 = 1.2;
pub const WEIGHT_PAIR: f32 = 1.0;
/// The gain of a sentence is divided by `max(words, LENGTH_FLOOR) ^ LENGTH_EXPONENT` (Lin & Bilmes'
/// cost scaling): a long sentence must cover more to be worth its reading time.
pub const LENGTH_FLOOR: f32 = 12.0;
pub const LENGTH_EXPONENT: f32 = 0.7;
/// Sentence `i` of its article gets `1 + LEAD_BONUS / (1 + i)`: leads state the event.
pub const LEAD_BONUS: f32 = 0.3;
/// A sentence that is mostly a quotation keeps this share of its score: reactions come after facts.
pub const QUOTE_SHARE: f32 = 0.6;
/// A sentence stating a disputed value keeps this share of its score (twice over for the first
/// sentence): an undisputed wording of the same fact is preferred, but a central disputed fact
/// still makes the brief, with its dispute.
pub const DISPUTED_SHARE: f32 = 0.85;
/// The first sentence's score is raised by these shares when it says when and where.
pub const FIRST_WHEN_BONUS: f32 = 0.5;
pub const FIRST_WHERE_BONUS: f32 = 0.3;
/// Name words found in at least this share of the story's original articles are the story's own
/// ("Kim", "Russia"), which a supporting sentence need not repeat; other names are specifics it must.
pub const STORY_NAME_SHARE: f32 = 0.5;

/// Another value of a claim a summary sentence touches.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherValue {
    /// Its index in the claim's `values`.
    pub index: usize,
    pub value: String,
    /// Independent outlets stating it.
    pub outlets: usize,
    /// The sentences stating it.
    pub citations: Vec<Citation>,
}

/// A claim (from claim alignment) that a summary sentence states a value of.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceClaim {
    /// The claim and the value the sentence states, in [`Analysis::all_claims`].
    pub claim: ClaimRef,
    /// What the claim is about ("date Kim Jong Un departed").
    pub about: String,
    pub status: ClaimStatus,
    /// The value the summary sentence states.
    pub value: String,
    /// The claim's other values: for a conflict, what the other side says.
    pub others: Vec<OtherValue>,
}

impl SentenceClaim {
    /// A conflict the reader must see next to the sentence.
    pub fn disputed(&self) -> bool {
        self.status == ClaimStatus::Conflict && !self.others.is_empty()
    }
}

/// One sentence of a story summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummarySentence {
    pub text: String,
    /// Independent outlets (copies count once) that state it with the same key values, its own included.
    pub sources: usize,
    /// The sentence itself first, then one sentence per other article that states the same thing
    /// with the same values.
    pub citations: Vec<Citation>,
    /// Independent outlets that state another value of a conflicting claim the sentence touches.
    pub against: usize,
    /// The claims the sentence states a value of; conflicts first.
    pub claims: Vec<SentenceClaim>,
}

impl SummarySentence {
    /// Whether the sentence states a disputed value.
    pub fn disputed(&self) -> bool {
        self.claims.iter().any(SentenceClaim::disputed)
    }
}

/// Weighted Jaccard of two sentences' terms, with a bonus for a shared number and a shared name.
/// Term weights come from the story (see [`term_weights`]): what every article says anyway
/// ("Kim", "Russia") barely links two sentences; specifics ("Sunday", "Khasan") do.
fn similarity(a: &Sent, b: &Sent, w: &[f32]) -> f32 {
    let (mut i, mut j) = (0, 0);
    let (mut shared, mut union) = (0.0f32, 0.0f32);
    while i < a.terms.len() || j < b.terms.len() {
        if j >= b.terms.len() || (i < a.terms.len() && a.terms[i] < b.terms[j]) {
            union += w[a.terms[i] as usize];
            i += 1;
        } else if i >= a.terms.len() || b.terms[j] < a.terms[i] {
            union += w[b.terms[j] as usize];
            j += 1;
        } else {
            shared += w[a.terms[i] as usize];
            union += w[a.terms[i] as usize];
            i += 1;
            j += 1;
        }
    }
    if union == 0.0 {
        return 0.0;
    }
    let mut s = shared / union;
    // The bonuses can only lift a pair by 0.15: skip looking for them when that cannot matter.
    if s + 0.15 < SAME_STATEMENT.min(REDUNDANT) {
        return s;
    }
    if a.keys().numbers.iter().any(|n| b.keys().numbers.contains(n)) {
        s += 0.1;
    }
    if a.names().iter().any(|n| b.names().contains(n)) {
        s += 0.05;
    }
    s
}

/// Term weights within a story: `ln((N + 1) / (df + 0.5))` over its original articles, at least 0.05.
fn term_weights(sents: &[Sent], originals: &FxHashSet<ArticleIdx>, vocab_len: usize) -> Vec<f32> {
    let mut df = vec![0u32; vocab_len];
    // The last article each term was counted for: an article's sentences come together.
    let mut last = vec![usize::MAX; vocab_len];
    for s in sents {
        if originals.contains(&s.article) {
            for &t in &s.terms {
                if last[t as usize] != s.article {
                    last[t as usize] = s.article;
                    df[t as usize] += 1;
                }
            }
        }
    }
    let n = originals.len().max(1) as f32;
    df.into_iter().map(|d| ((n + 1.0) / (d as f32 + 0.5)).ln().max(0.05)).collect()
}

fn overlap(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Concept weights: per independent source, the concept's best position weight in that source's
/// articles (titles count as first sentences), summed over sources; concepts of a single source
/// are discounted when several sources cover the story.
fn concept_weights(
    corpus: &[Article],
    sents: &[Sent],
    titles: &FxHashMap<ArticleIdx, (Vec<u32>, Vec<u32>)>,
    kinds: &[ConceptKind],
) -> Vec<f32> {
    // Source ids, and each source's sentences together.
    let mut source_of: FxHashMap<String, u32> = FxHashMap::default();
    let mut by_source: Vec<(u32, usize)> = sents
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n = source_of.len() as u32;
            (*source_of.entry(corpus[s.article].source_key()).or_insert(n), i)
        })
        .collect();
    by_source.sort_unstable();
    let n_sources = source_of.len();
    let mut sum = vec![0.0f32; kinds.len()];
    let mut df = vec![0u32; kinds.len()];
    // Per source: the best position weight of each concept it states (a dense array and the list
    // of concepts touched, reset between sources).
    let mut best = vec![0.0f32; kinds.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut titled: FxHashSet<ArticleIdx> = FxHashSet::default();
    let mut k = 0;
    while k < by_source.len() {
        let source = by_source[k].0;
        while k < by_source.len() && by_source[k].0 == source {
            let s = &sents[by_source[k].1];
            let pw = 1.0 / (1.0 + s.index as f32 / POSITION_DECAY);
            let title = if titled.insert(s.article) { titles.get(&s.article).map(|t| t.1.as_slice()).unwrap_or(&[]) } else { &[] };
            // Titles count as first sentences: they say what the outlet thinks matters.
            for (&c, w) in s.concepts.iter().map(|c| (c, pw)).chain(title.iter().map(|c| (c, 1.0))) {
                let b = &mut best[c as usize];
                if *b == 0.0 {
                    touched.push(c);
                }
                *b = b.max(w);
            }
            k += 1;
        }
        for c in touched.drain(..) {
            sum[c as usize] += best[c as usize];
            df[c as usize] += 1;
            best[c as usize] = 0.0;
        }
    }
    sum.iter()
        .zip(&df)
        .zip(kinds)
        .map(|((&w, &d), kind)| {
            let mult = match kind {
                ConceptKind::Term => WEIGHT_TERM,
                ConceptKind::Number => WEIGHT_NUMBER,
                ConceptKind::Day => WEIGHT_DAY,
                ConceptKind::Pair => WEIGHT_PAIR,
            };
            let share = if n_sources >= 2 && d < 2 { SINGLE_SOURCE_SHARE } else { 1.0 };
            w * mult * share
        })
        .collect()
}

/// A story's summary and the article whose title makes its headline.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub summary: Vec<SummarySentence>,
    /// The original closest to the others (see [`representative`]).
    pub representative: Option<ArticleIdx>,
}

/// Summarises a story in `n` verbatim sentences: the one that best says what happened, where and
/// when first, then the sentences that add the most uncovered content.
///
/// `analysis` (the story's claims) makes support value-aware and attaches disputes; without it,
/// support is judged on numbers, days and names alone.
pub fn summarize(corpus: &[Article], members: &[ArticleIdx], n: usize, analysis: Option<&Analysis>) -> Vec<SummarySentence> {
    brief(corpus, members, n, analysis).summary
}

/// The summary of [`summarize`] and the representative article of [`representative`], computed
/// from one reading of the story's sentences.
pub fn brief(corpus: &[Article], members: &[ArticleIdx], n: usize, analysis: Option<&Analysis>) -> Brief {
    let mut vocab = sents::Vocab::default();
    let sents = sents::read(corpus, members, &mut vocab);
    if sents.is_empty() {
        return Brief { summary: Vec::new(), representative: representative(corpus, members) };
    }
    // Terms and concepts of each article's title.
    let mut titles: FxHashMap<ArticleIdx, (Vec<u32>, Vec<u32>)> = FxHashMap::default();
    for s in &sents {
        if !titles.contains_key(&s.article) {
            let art = &corpus[s.article];
            let lang = art.language.as_deref();
            let t = vocab.analyse(lang, &Analyzer::new(lang), &art.title);
            titles.insert(s.article, (t.terms, t.concepts));
        }
    }
    let head = representative_of(corpus, members, &sents, &titles);
    if n == 0 {
        return Brief { summary: Vec::new(), representative: head };
    }
    let originals: FxHashSet<ArticleIdx> = members.iter().copied().filter(|&m| corpus[m].copy_of.is_none()).collect();
    let weights = term_weights(&sents, &originals, vocab.term_count);
    let cw = concept_weights(corpus, &sents, &titles, &vocab.kinds);
    let claims = support::ClaimIndex::new(analysis);

    let mut pool: Vec<usize> = (0..sents.len()).filter(|&i| sents[i].shape_ok).collect();
    let fallback = !pool.iter().any(|&i| sents[i].eligible());
    if fallback {
        // Nothing stands alone (all headings or fragments): fall back to anything with words that is prose.
        pool = (0..sents.len()).filter(|&i| sents[i].words >= 3 && hygiene::not_prose(sents[i].text).is_none()).collect();
    }
    // What does not change as sentences are chosen: length cost and prior.
    let base: Vec<f32> = sents
        .iter()
        .map(|s| {
            let mut prior = 1.0 + LEAD_BONUS / (1.0 + s.index as f32);
            if s.quote {
                prior *= QUOTE_SHARE;
            }
            if claims.disputed(s.article, s.index) {
                prior *= DISPUTED_SHARE;
            }
            prior / (s.words as f32).max(LENGTH_FLOOR).powf(LENGTH_EXPONENT)
        })
        .collect();
    let mut covered = vec![false; cw.len()];
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < n {
        let first = chosen.is_empty();
        let mut best: Option<(f32, usize)> = None;
        for &i in &pool {
            if chosen.contains(&i) {
                continue;
            }
            let s = &sents[i];
            let gain: f32 = s.concepts.iter().filter(|&&c| !covered[c as usize]).map(|&c| cw[c as usize]).sum();
            if gain <= 0.0 {
                continue;
            }
            let mut score = gain * base[i];
            if first {
                score *= 1.0 + if s.when { FIRST_WHEN_BONUS } else { 0.0 } + if s.place { FIRST_WHERE_BONUS } else { 0.0 };
                // What happened should not open on a disputed value when an undisputed wording exists.
                if claims.disputed(s.article, s.index) {
                    score *= DISPUTED_SHARE;
                }
            }
            if best.is_some_and(|(b, _)| score <= b) {
                continue;
            }
            if !fallback && !s.eligible() {
                continue;
            }
            let redundant = chosen.iter().any(|&c| {
                let o = overlap(&s.terms, &sents[c].terms) as f32;
                let dice = o * 2.0 / (s.terms.len() + sents[c].terms.len()).max(1) as f32;
                dice >= REDUNDANT_DICE || similarity(s, &sents[c], &weights) >= REDUNDANT
            });
            if !redundant {
                best = Some((score, i));
            }
        }
        let Some((_, i)) = best else { break };
        for &c in &sents[i].concepts {
            covered[c as usize] = true;
        }
        chosen.push(i);
    }
    let story_names = support::story_names(corpus, &sents, &originals);
    let summary =
        chosen.into_iter().map(|i| support::summary_sentence(corpus, &sents, i, &weights, &claims, analysis, &story_names)).collect();
    Brief { summary, representative: head }
}

/// [`representative`] on the sentences already read: each article's terms are those of its first
/// sentences and its title.
fn representative_of(
    corpus: &[Article],
    members: &[ArticleIdx],
    sents: &[Sent],
    titles: &FxHashMap<ArticleIdx, (Vec<u32>, Vec<u32>)>,
) -> Option<ArticleIdx> {
    let pool = representative_pool(corpus, members);
    if pool.len() <= 2 {
        return best_title(corpus, &pool);
    }
    let mut sets: FxHashMap<ArticleIdx, Vec<u32>> = FxHashMap::default();
    for s in sents {
        sets.entry(s.article).or_default().extend_from_slice(&s.terms);
    }
    let term_sets: Vec<Vec<u32>> = pool
        .iter()
        .map(|a| {
            let mut t = sets.remove(a).unwrap_or_default();
            t.extend_from_slice(titles.get(a).map(|x| x.0.as_slice()).unwrap_or(&[]));
            t.sort_unstable();
            t.dedup();
            t
        })
        .collect();
    most_central(corpus, &pool, &term_sets)
}

/// How well a title serves as the story's headline: a time stamp or caption left as a title
/// ("0930 GMT, 12 March 2011") is a poor one, and so is a very short or very long one.
fn title_fitness(title: &str) -> f32 {
    if hygiene::not_prose(title).is_some() {
        return 0.3;
    }
    if (4..=20).contains(&title.split_whitespace().count()) {
        1.0
    } else {
        0.7
    }
}

/// The article whose body best represents the story: the original closest to the others.
pub fn representative(corpus: &[Article], members: &[ArticleIdx]) -> Option<ArticleIdx> {
    let pool = representative_pool(corpus, members);
    if pool.len() <= 2 {
        return best_title(corpus, &pool);
    }
    // Term ids per article (sorted, unique) and their document frequencies.
    let mut vocab: FxHashMap<String, u32> = FxHashMap::default();
    let term_sets: Vec<Vec<u32>> = pool
        .iter()
        .map(|&a| {
            let an = Analyzer::new(corpus[a].language.as_deref());
            let mut ids = Vec::new();
            for text in [corpus[a].text.as_str(), corpus[a].title.as_str()] {
                an.for_each_term(text, |t| {
                    let n = vocab.len() as u32;
                    ids.push(*vocab.entry(t).or_insert(n));
                });
            }
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    most_central(corpus, &pool, &term_sets)
}

/// The originals with a title, or all the members when there are none.
fn representative_pool(corpus: &[Article], members: &[ArticleIdx]) -> Vec<ArticleIdx> {
    let originals: Vec<ArticleIdx> =
        members.iter().copied().filter(|&m| corpus[m].copy_of.is_none() && !corpus[m].title.trim().is_empty()).collect();
    if originals.is_empty() {
        members.to_vec()
    } else {
        originals
    }
}

/// Nothing to compare bodies on: the better title, the first on a tie.
fn best_title(corpus: &[Article], pool: &[ArticleIdx]) -> Option<ArticleIdx> {
    pool.iter().copied().rev().max_by(|&a, &b| title_fitness(&corpus[a].title).total_cmp(&title_fitness(&corpus[b].title)))
}

/// The article of `pool` whose terms (`term_sets`, sorted and unique, by position in `pool`) the
/// others share most, weighed by how well its title serves as a headline; the first on a tie.
fn most_central(corpus: &[Article], pool: &[ArticleIdx], term_sets: &[Vec<u32>]) -> Option<ArticleIdx> {
    let len = term_sets.iter().flatten().max().map_or(0, |&m| m as usize + 1);
    let mut df = vec![0.0f32; len];
    for s in term_sets {
        for &t in s {
            df[t as usize] += 1.0;
        }
    }
    let score = |k: usize| -> f32 {
        let s = &term_sets[k];
        if s.is_empty() {
            return 0.0;
        }
        let shared: f32 = s.iter().map(|&t| df[t as usize] - 1.0).sum();
        shared / (s.len() as f32).sqrt() * title_fitness(&corpus[pool[k]].title)
    };
    (0..pool.len()).max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a))).map(|k| pool[k])
}

/// The part of an article's sentence a brief shows: the sentence without a dateline or label that
/// opens it ("WASHINGTON (Reuters) - "), still a verbatim span of the text.
pub fn shown_span(article: &Article, sentence: usize) -> Span {
    sents::shown_span(article, sentence)
}

/// The dateline of an article (its place, date and agency), read from its first sentences.
pub fn article_dateline(article: &Article) -> Option<Dateline> {
    (0..article.sentences.len().min(2)).find_map(|i| hygiene::dateline(article.sentence_text(i)).filter(|d| !d.place.is_empty()))
}

/// An article's "no time to read" summary: up to `n` sentence indices, in article order. Show them
/// with [`shown_span`]. Captions, credits, time stamps and fragments are never picked.
pub fn article_summary(article: &Article, n: usize) -> Vec<usize> {
    let analyzer = Analyzer::new(article.language.as_deref());
    let text = |i: usize| article.span_text(shown_span(article, i));
    // Terms as hashes: only equality matters here, and a million articles make this a hot path.
    let hash = |t: &str| {
        use std::hash::{BuildHasher, BuildHasherDefault};
        BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(t)
    };
    let term_set = |t: &str| {
        let mut set: FxHashSet<u64> = FxHashSet::default();
        analyzer.for_each_term_str(t, |term, _| {
            set.insert(hash(term));
        });
        set
    };
    let sets: Vec<FxHashSet<u64>> = (0..article.sentences.len()).map(|i| term_set(text(i))).collect();
    let mut df: FxHashMap<u64, f32> = FxHashMap::default();
    for s in &sets {
        for &t in s {
            *df.entry(t).or_default() += 1.0;
        }
    }
    let title_terms = term_set(&article.title);
    let scores: Vec<f32> = (0..sets.len())
        .map(|i| {
            let s = &sets[i];
            if s.is_empty() {
                return 0.0;
            }
            let centrality = s.iter().map(|t| df[t] - 1.0).sum::<f32>() / (s.len() as f32).sqrt();
            let title = s.iter().filter(|t| title_terms.contains(*t)).count() as f32;
            let lead = 2.0 / (1.0 + i as f32 / 2.0);
            centrality * 0.3 + title * 0.4 + lead
        })
        .collect();
    let mut order: Vec<usize> = (0..sets.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let pick = |eligible: &dyn Fn(usize) -> bool| {
        let mut chosen: Vec<usize> = Vec::new();
        for &i in &order {
            if chosen.len() >= n {
                break;
            }
            // Eligibility is checked only for the sentences that get this far (it is the costly part).
            if !eligible(i) {
                continue;
            }
            let redundant = chosen.iter().any(|&c| {
                let inter = sets[i].intersection(&sets[c]).count();
                let union = sets[i].len() + sets[c].len() - inter;
                union > 0 && inter as f32 / union as f32 >= 0.5
            });
            if !redundant {
                chosen.push(i);
            }
        }
        chosen
    };
    let mut chosen = pick(&|i| sents::eligible(text(i), tidings_text::count_spaced_words(text(i))));
    // Nothing eligible at all (an eligible sentence is never redundant with an empty choice).
    if chosen.is_empty() {
        chosen = pick(&|i| tidings_text::count_spaced_words(text(i)) >= 3 && hygiene::not_prose(text(i)).is_none());
    }
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests;
