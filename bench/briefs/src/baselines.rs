//! The two baselines tidings' summary is measured against, on the same cleaned articles:
//! LEAD (the first N sentences of the longest original) and a centroid summariser in the manner of
//! MEAD (Radev et al. 2004): sentences scored by the story's TF-IDF centroid, redundant ones skipped.

use rustc_hash::{FxHashMap, FxHashSet};
use tidings_model::{Article, ArticleIdx};
use tidings_text::Analyzer;

/// MEAD's default cut-off: sentences shorter than this many words are not chosen.
pub const CENTROID_MIN_WORDS: usize = 9;
/// MEAD's redundancy cut-off: a sentence this similar (cosine of term sets) to a chosen one is skipped.
pub const CENTROID_REDUNDANT: f64 = 0.7;

fn originals(corpus: &[Article], members: &[ArticleIdx]) -> Vec<ArticleIdx> {
    let o: Vec<ArticleIdx> = members.iter().copied().filter(|&m| corpus[m].copy_of.is_none()).collect();
    if o.is_empty() {
        members.to_vec()
    } else {
        o
    }
}

/// The first `n` sentences of the longest original article.
pub fn lead(corpus: &[Article], members: &[ArticleIdx], n: usize) -> Vec<String> {
    let pool = originals(corpus, members);
    let Some(&longest) = pool.iter().max_by(|&&a, &&b| corpus[a].text.len().cmp(&corpus[b].text.len()).then(b.cmp(&a))) else {
        return Vec::new();
    };
    let a = &corpus[longest];
    (0..a.sentences.len().min(n)).map(|i| a.sentence_text(i).to_string()).collect()
}

/// The centroid summary: `n` sentences with the highest sum of centroid weights, most central first.
pub fn centroid(corpus: &[Article], members: &[ArticleIdx], n: usize) -> Vec<String> {
    let pool = originals(corpus, members);
    let an = Analyzer::new(Some("en"));
    // Term frequencies per article and document frequencies over the story.
    let mut tfs: Vec<FxHashMap<String, f64>> = Vec::new();
    let mut df: FxHashMap<String, f64> = FxHashMap::default();
    for &a in &pool {
        let mut tf: FxHashMap<String, f64> = FxHashMap::default();
        an.for_each_term(&corpus[a].text, |t| *tf.entry(t).or_default() += 1.0);
        for t in tf.keys() {
            *df.entry(t.clone()).or_default() += 1.0;
        }
        tfs.push(tf);
    }
    let docs = pool.len().max(1) as f64;
    let mut centroid: FxHashMap<String, f64> = FxHashMap::default();
    for tf in &tfs {
        for (t, f) in tf {
            let idf = ((docs + 1.0) / df[t]).ln();
            *centroid.entry(t.clone()).or_default() += f * idf / docs;
        }
    }
    struct Cand {
        text: String,
        terms: FxHashSet<String>,
        score: f64,
        order: usize,
    }
    let mut cands = Vec::new();
    for &a in &pool {
        let art = &corpus[a];
        for i in 0..art.sentences.len() {
            let text = art.sentence_text(i);
            if text.split_whitespace().count() < CENTROID_MIN_WORDS {
                continue;
            }
            let terms: FxHashSet<String> = an.terms(text).into_iter().collect();
            let score = terms.iter().map(|t| centroid.get(t).copied().unwrap_or(0.0)).sum();
            cands.push(Cand { text: text.to_string(), terms, score, order: cands.len() });
        }
    }
    cands.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.order.cmp(&b.order)));
    let mut chosen: Vec<&Cand> = Vec::new();
    for c in &cands {
        if chosen.len() >= n {
            break;
        }
        let redundant = chosen.iter().any(|x| {
            let inter = x.terms.intersection(&c.terms).count() as f64;
            let denom = ((x.terms.len() * c.terms.len()) as f64).sqrt();
            denom > 0.0 && inter / denom >= CENTROID_REDUNDANT
        });
        if !redundant {
            chosen.push(c);
        }
    }
    chosen.into_iter().map(|c| c.text.clone()).collect()
}
