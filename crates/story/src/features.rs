//! Per-article features for grouping: weighted term vectors for the body, the title and the names.

use rustc_hash::FxHashMap;
use tidings_model::Article;
use tidings_text::{names, Analyzer};

/// Terms kept in an article's body vector (the highest weighted).
pub const ARTICLE_TERMS: usize = 48;
/// Name tokens kept in an article's name vector.
pub const ARTICLE_NAMES: usize = 24;
/// A title term counts this many times in the body vector.
pub const TITLE_BOOST: f32 = 2.0;

/// Interns strings into dense ids, so vectors are `(u32, f32)` pairs.
#[derive(Debug, Default)]
pub struct Vocab {
    ids: FxHashMap<String, u32>,
    df: Vec<u32>,
    docs: u32,
}

impl Vocab {
    /// The id of a term, interned on first sight.
    pub fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.df.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.df.push(0);
        id
    }

    /// Counts one document containing each of `ids` (each id once).
    pub fn add_doc(&mut self, ids: impl IntoIterator<Item = u32>) {
        self.docs += 1;
        for id in ids {
            self.df[id as usize] += 1;
        }
    }

    /// Smoothed inverse document frequency over the batch, as scikit-learn computes it.
    ///
    /// A sharper idf (no `+ 1`) or a background from general word frequencies would separate two
    /// meetings of the same leaders better in small undated batches, but both cost the grouping
    /// of long rewrites of one event (the demo corpus) more than they gain; see ARCHITECTURE.md.
    pub fn idf(&self, id: u32) -> f32 {
        let df = self.df.get(id as usize).copied().unwrap_or(0) as f32;
        ((1.0 + self.docs as f32) / (1.0 + df)).ln() + 1.0
    }

    pub fn term(&self, id: u32) -> Option<&str> {
        // Only used to explain groupings, so a linear scan over a small set is fine; callers
        // go through `Vocab::reverse` for bulk lookups.
        self.ids.iter().find(|(_, &v)| v == id).map(|(k, _)| k.as_str())
    }

    /// A reverse table from id to term.
    pub fn reverse(&self) -> Vec<&str> {
        let mut out = vec![""; self.df.len()];
        for (k, &v) in &self.ids {
            out[v as usize] = k.as_str();
        }
        out
    }
}

/// A sparse vector sorted by id, L2-normalised.
pub type SparseVec = Vec<(u32, f32)>;

/// Raw counts of one article, before weighting (weights need the batch's document frequencies).
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub terms: Vec<(u32, f32)>,
    pub names: Vec<(u32, f32)>,
}

/// Counts the terms (title boosted) and the name tokens of an article, interning them in `vocab`.
pub fn count(article: &Article, vocab: &mut Vocab) -> Counts {
    let analyzer = Analyzer::new(article.language.as_deref());
    let mut terms: FxHashMap<u32, f32> = FxHashMap::default();
    analyzer.for_each_term(&article.title, |t| *terms.entry(vocab.id(&t)).or_default() += TITLE_BOOST);
    analyzer.for_each_term(&article.text, |t| *terms.entry(vocab.id(&t)).or_default() += 1.0);
    let mut name_counts: FxHashMap<u32, f32> = FxHashMap::default();
    let mut add_names = |s: &str| {
        for n in names(s) {
            for tok in n.split(' ') {
                if tok.chars().count() >= 2 {
                    let key = format!("~{}", analyzer.stem(tok));
                    *name_counts.entry(vocab.id(&key)).or_default() += 1.0;
                }
            }
        }
    };
    // Titles are often in Title Case, where capitals say nothing; their names recur in the body.
    for s in &article.sentences {
        add_names(article.span_text(*s));
    }
    let mut terms: Vec<(u32, f32)> = terms.into_iter().collect();
    terms.sort_unstable_by_key(|p| p.0);
    let mut names_v: Vec<(u32, f32)> = name_counts.into_iter().collect();
    names_v.sort_unstable_by_key(|p| p.0);
    Counts { terms, names: names_v }
}

/// Weighs counts by `(1 + ln tf) * idf`, keeps the `keep` strongest, and normalises.
pub fn weigh(counts: &[(u32, f32)], vocab: &Vocab, keep: usize) -> SparseVec {
    let mut v: Vec<(u32, f32)> = counts.iter().map(|&(id, tf)| (id, (1.0 + tf.ln()) * vocab.idf(id))).collect();
    if v.len() > keep {
        v.select_nth_unstable_by(keep - 1, |a, b| b.1.total_cmp(&a.1));
        v.truncate(keep);
    }
    v.sort_unstable_by_key(|p| p.0);
    normalize(&mut v);
    v
}

pub fn normalize(v: &mut [(u32, f32)]) {
    let norm = v.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        for p in v.iter_mut() {
            p.1 /= norm;
        }
    }
}

/// Dot product of two id-sorted sparse vectors.
pub fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// Adds `b * scale` into the id-sorted vector `a`.
pub fn add_into(a: &mut Vec<(u32, f32)>, b: &[(u32, f32)], scale: f32) {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i >= a.len() || b[j].0 < a[i].0 {
            out.push((b[j].0, b[j].1 * scale));
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1 * scale));
            i += 1;
            j += 1;
        }
    }
    *a = out;
}

/// Keeps the `keep` largest entries of an id-sorted vector (still id-sorted).
pub fn prune(v: &mut Vec<(u32, f32)>, keep: usize) {
    if v.len() > keep {
        v.select_nth_unstable_by(keep - 1, |a, b| b.1.total_cmp(&a.1));
        v.truncate(keep);
        v.sort_unstable_by_key(|p| p.0);
    }
}

/// Cosine of two id-sorted vectors that need not be normalised.
pub fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let na = a.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
    let nb = b.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot(a, b) / (na * nb)
    }
}
