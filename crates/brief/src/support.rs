//! Who supports a summary sentence, and who contradicts it.
//!
//! A sentence of another article supports a summary sentence when it states the same thing (content
//! overlap, or the same aligned claim value) with the same key values: every number and day of the
//! summary sentence, and every name that is specific to it (not one the whole story shares). An
//! article that states another value of a conflicting claim the summary sentence touches counts
//! against it and never as support.

use rustc_hash::{FxHashMap, FxHashSet};
use tidings_analyze::{Analysis, ClaimRef, ClaimStatus};
use tidings_model::{independent_sources, Article, ArticleIdx, Citation};
use tidings_text::{names, words};

use crate::sents::{self, Sent};
use crate::{similarity, OtherValue, SentenceClaim, SummarySentence, MIN_LINK_TERMS, SAME_STATEMENT, STORY_NAME_SHARE};

/// The claims of a story by the sentences that state their values, through the analysis's own
/// index ([`Analysis::claims_at`] over [`Analysis::all_claims`], uncapped).
pub struct ClaimIndex<'a> {
    analysis: Option<&'a Analysis>,
}

impl<'a> ClaimIndex<'a> {
    pub fn new(analysis: Option<&'a Analysis>) -> ClaimIndex<'a> {
        ClaimIndex { analysis }
    }

    fn touching(&self, article: ArticleIdx, sentence: usize) -> &'a [ClaimRef] {
        self.analysis.map(|an| an.claims_at(article, sentence)).unwrap_or(&[])
    }

    /// Whether the sentence states a value of a conflicting claim.
    pub fn disputed(&self, article: ArticleIdx, sentence: usize) -> bool {
        let Some(an) = self.analysis else { return false };
        self.touching(article, sentence).iter().any(|r| {
            let c = &an.all_claims()[r.claim];
            c.status == ClaimStatus::Conflict && c.values.len() > 1
        })
    }
}

/// Sentences of each article whose names count towards the story's own names.
pub const STORY_NAME_LEAD: usize = 5;

/// Name tokens that most of the story's original articles mention in their title or first sentences: the story's own names, which a
/// supporting sentence need not repeat.
pub fn story_names(corpus: &[Article], sents: &[Sent], originals: &FxHashSet<ArticleIdx>) -> FxHashSet<String> {
    let mut seen: FxHashSet<(ArticleIdx, &str)> = FxHashSet::default();
    let mut df: FxHashMap<&str, usize> = FxHashMap::default();
    let mut articles: FxHashSet<ArticleIdx> = FxHashSet::default();
    let mut title_names: Vec<(ArticleIdx, Vec<String>)> = Vec::new();
    for s in sents {
        if articles.insert(s.article) {
            title_names.push((s.article, names(&corpus[s.article].title)));
        }
    }
    // Titles and leads name what the story is about.
    let leads = sents.iter().filter(|s| s.index < STORY_NAME_LEAD).map(|s| (s.article, s.names()));
    for (a, ns) in title_names.iter().map(|(a, n)| (*a, n.as_slice())).chain(leads) {
        for n in ns {
            for tok in n.split(' ') {
                if seen.insert((a, tok)) {
                    *df.entry(tok).or_default() += 1;
                }
            }
        }
    }
    let n = articles.iter().filter(|a| originals.contains(a)).count().max(1) as f32;
    df.into_iter().filter(|(_, d)| *d as f32 >= (n * STORY_NAME_SHARE).max(2.0)).map(|(t, _)| t.to_string()).collect()
}

/// Whether `text` states the key values of the summary sentence `s`.
fn same_values(s: &Sent, text: &str, story_names: &FxHashSet<String>) -> bool {
    let k = sents::keys(text);
    if !s.keys().numbers.iter().all(|n| k.numbers.contains(n)) || !s.keys().days.iter().all(|d| k.days.contains(d)) {
        return false;
    }
    // The text's words, lowercased only when a name needs them.
    let lower: std::cell::OnceCell<FxHashSet<String>> = std::cell::OnceCell::new();
    s.names().iter().all(|name| {
        let specific: Vec<&str> = name.split(' ').filter(|t| t.chars().count() >= 3 && !story_names.contains(*t)).collect();
        specific.is_empty() || {
            let lower = lower.get_or_init(|| words(text).map(|(_, w)| w.to_lowercase()).collect());
            specific.iter().any(|t| lower.contains(*t))
        }
    })
}

/// The summary sentence for sentence `i`, with its value-consistent support and its claims.
pub fn summary_sentence(
    corpus: &[Article],
    sents: &[Sent],
    i: usize,
    weights: &[f32],
    claims: &ClaimIndex,
    analysis: Option<&Analysis>,
    story_names: &FxHashSet<String>,
) -> SummarySentence {
    let s = &sents[i];
    let own = Citation { article: s.article, span: s.span };
    // Candidates: the most similar sentence of each other article that states the same thing...
    let mut best: FxHashMap<ArticleIdx, (f32, usize)> = FxHashMap::default();
    if s.linkable && s.terms.len() >= MIN_LINK_TERMS {
        for t in sents {
            if t.article == s.article || !t.linkable || t.terms.len() < MIN_LINK_TERMS {
                continue;
            }
            let sim = similarity(s, t, weights);
            if sim >= SAME_STATEMENT && best.get(&t.article).is_none_or(|b| sim > b.0) {
                best.insert(t.article, (sim, t.index));
            }
        }
    }
    let mut cands: Vec<(f32, ArticleIdx, usize)> = best.into_iter().map(|(a, (sim, idx))| (sim, a, idx)).collect();
    // ...and the sentences that state the same aligned claim value in other words.
    if let Some(an) = analysis {
        for (a, idx) in an.corroborating_sentences(s.article, s.index) {
            if a != s.article && a < corpus.len() && idx < corpus[a].sentences.len() && !cands.iter().any(|c| c.1 == a) {
                cands.push((0.0, a, idx));
            }
        }
    }
    cands.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    // The claims it touches, and the articles that state another value of a conflicting one.
    let mut sentence_claims: Vec<SentenceClaim> = Vec::new();
    let mut against: FxHashSet<ArticleIdx> = FxHashSet::default();
    let mut own_value: FxHashSet<ArticleIdx> = FxHashSet::default();
    if let Some(an) = analysis {
        for &r in claims.touching(s.article, s.index) {
            let (claim, v) = (&an.all_claims()[r.claim], r.value);
            let others: Vec<OtherValue> = claim
                .values
                .iter()
                .enumerate()
                .filter(|&(x, _)| x != v)
                .map(|(x, o)| OtherValue { index: x, value: o.value.clone(), outlets: o.outlets, citations: o.citations.clone() })
                .collect();
            if claim.status == ClaimStatus::Conflict {
                own_value.extend(claim.values[v].citations.iter().map(|c| c.article));
                for o in &others {
                    against.extend(o.citations.iter().map(|c| c.article).filter(|&a| a != s.article));
                }
            }
            sentence_claims.push(SentenceClaim {
                claim: r,
                about: claim.about.clone(),
                status: claim.status,
                value: claim.values[v].value.clone(),
                others,
            });
        }
    }
    against.retain(|a| !own_value.contains(a));
    sentence_claims.sort_by_key(|c| (c.status, c.about.clone()));
    let mut citations = vec![own];
    for (_, a, idx) in cands {
        if against.contains(&a) || citations.iter().any(|c| c.article == a) {
            continue;
        }
        let span = sents::shown_span(&corpus[a], idx);
        if same_values(s, corpus[a].span_text(span), story_names) {
            citations.push(Citation { article: a, span });
        }
    }
    let sources = independent_sources(corpus, citations.iter().map(|c| c.article));
    SummarySentence {
        text: corpus[s.article].span_text(s.span).to_string(),
        sources,
        citations,
        against: independent_sources(corpus, against.iter().copied()),
        claims: sentence_claims,
    }
}
