//! Per-article features for grouping: weighted term vectors for the body, the title and the names.

use rustc_hash::FxHashMap;
use tidings_model::Article;
use tidings_text::{names, Analyzer};

use crate::background::{self, Background};

/// Terms kept in an article's body vector (the highest weighted).
pub const ARTICLE_TERMS: usize = 48;
/// Name tokens kept in an article's name vector.
pub const ARTICLE_NAMES: usize = 24;
/// A title term counts this many times in the body vector.
pub const TITLE_BOOST: f32 = 2.0;

/// Pseudo-documents the background counts for when it is blended with the batch's own document
/// frequencies: a batch much smaller than this is weighed mostly by the background, a stream much
/// larger mostly by itself.
pub const BACKGROUND_DOCS: f32 = 2000.0;

/// Interns strings into dense ids, so vectors are `(u32, f32)` pairs, and keeps each term's
/// document frequency in the batch and in the background.
#[derive(Debug, Default)]
pub struct Vocab {
    ids: FxHashMap<String, u32>,
    df: Vec<u32>,
    /// Background document probability, or a negative number for a language without a table.
    bg: Vec<f32>,
    /// The word as first written (lowercase), for showing a term to a reader.
    surface: Vec<String>,
    docs: u32,
}

impl Vocab {
    /// The id of a term, interned on first sight with the background of the article's language.
    pub fn id(&mut self, term: &str, word: &str, bg: Option<&Background>) -> u32 {
        self.id_scaled(term, word, bg, 1.0)
    }

    /// [`Vocab::id`] with the background document frequency scaled by `scale`.
    pub fn id_scaled(&mut self, term: &str, word: &str, bg: Option<&Background>, scale: f32) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.df.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.df.push(0);
        self.bg.push(bg.map_or(-1.0, |b| b.doc_prob(term.trim_start_matches('~')) * scale));
        self.surface.push(word.to_string());
        id
    }

    /// Takes document frequencies counted outside the batch (a store's running counts, which
    /// include this batch's articles): each term's frequency, and the number of documents, become
    /// the larger of the two counts.
    pub fn use_prior(&mut self, prior: &DocFreqs) {
        for (term, &id) in &self.ids {
            if let Some(&n) = prior.df.get(term) {
                let df = &mut self.df[id as usize];
                *df = (*df).max(n.min(u32::MAX as u64) as u32);
            }
        }
        self.docs = self.docs.max(prior.docs.min(u32::MAX as u64) as u32);
    }

    /// Counts one document containing each of `ids` (each id once).
    pub fn add_doc(&mut self, ids: impl IntoIterator<Item = u32>) {
        self.docs += 1;
        for id in ids {
            self.df[id as usize] += 1;
        }
    }

    /// Inverse document frequency: the batch's document frequency blended with the background's,
    /// which counts as [`BACKGROUND_DOCS`] documents. A term every article of a small pile shares is
    /// still weighed by how rare it is in general; in a long stream the stream's own counts win.
    /// Terms of a language without a background table get the batch's smoothed idf alone.
    pub fn idf(&self, id: u32) -> f32 {
        let df = self.df.get(id as usize).copied().unwrap_or(0) as f32;
        let docs = self.docs as f32;
        match self.bg.get(id as usize) {
            Some(&p) if p >= 0.0 => ((BACKGROUND_DOCS + docs + 1.0) / (BACKGROUND_DOCS * p + df + 1.0)).ln().max(0.0),
            _ => ((1.0 + docs) / (1.0 + df)).ln() + 1.0,
        }
    }

    /// Terms interned.
    pub fn len(&self) -> usize {
        self.df.len()
    }

    pub fn is_empty(&self) -> bool {
        self.df.is_empty()
    }

    /// The word a term was first seen as.
    pub fn word(&self, id: u32) -> &str {
        self.surface.get(id as usize).map_or("", String::as_str)
    }
}

/// Document frequencies counted outside the batch: a store's running counts over every article it
/// has taken in. `df` is looked up by term key as [`doc_terms`] gives them.
#[derive(Debug, Clone, Default)]
pub struct DocFreqs {
    pub docs: u64,
    pub df: FxHashMap<String, u64>,
}

/// The distinct term keys of an article as the grouping counts them (stems, numbers, and `~`
/// name keys), sorted: what a store adds to its running document frequencies.
pub fn doc_terms(article: &Article) -> Vec<String> {
    let mut vocab = Vocab::default();
    count(article, &mut vocab);
    let mut keys: Vec<String> = vocab.ids.into_keys().collect();
    keys.sort_unstable();
    keys
}

/// A sparse vector sorted by id, L2-normalised.
pub type SparseVec = Vec<(u32, f32)>;

/// Raw counts of one article, before weighting (weights need the batch's document frequencies).
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub terms: Vec<(u32, f32)>,
    pub names: Vec<(u32, f32)>,
    /// Ids of the terms the article writes as names (sorted).
    pub name_terms: Vec<u32>,
}

/// Name words are rarer as names than as words ("Page", "Bush", "Rice"): their background
/// document frequency is the word's times this.
pub const NAME_BACKGROUND_SCALE: f32 = 0.2;

/// A term is written as a name when at least this share of its uses in the text are inside names. Swept on
/// 2026-12-08 (`tidings eval clustering`): from 0.25 to 0.8 ECB+ reads B3 0.9491 throughout, WikiRef220 0.7045
/// (0.25), 0.7129 (0.34 and 0.5), 0.7136 (0.67), 0.7090 (0.8), the synthetic stream at 10k 0.9836–0.9837 pairwise
/// and GVC 1.000; counting any use in a name as the old rule did reads 0.9486, 0.7020 and 0.9837.
pub const NAME_TERM_SHARE: f32 = 0.5;

/// Counts the name tokens and the terms (title boosted) of an article, interning them in `vocab`.
///
/// The two say different things: names who and where, terms (names included) what happened to
/// whom. The terms the article writes as names (mostly: [`NAME_TERM_SHARE`]) are listed apart ([`Counts::name_terms`]), so that
/// the words of what happened can be compared alone: two unrelated events in one city share the
/// city's name, but a summit shares no words of what happened with an earthquake.
pub fn count(article: &Article, vocab: &mut Vocab) -> Counts {
    let lang = article.language.as_deref();
    let analyzer = Analyzer::new(lang);
    let bg = background::for_language(lang.unwrap_or("en"));
    let mut name_counts: FxHashMap<u32, f32> = FxHashMap::default();
    // How often each stem is written inside a name.
    let mut name_stems: FxHashMap<String, f32> = FxHashMap::default();
    // Titles are often in Title Case, where capitals say nothing; their names recur in the body.
    let (mut stem, mut key) = (String::new(), String::new());
    for s in &article.sentences {
        for n in names(article.span_text(*s)) {
            for tok in n.split(' ') {
                if tok.chars().count() >= 2 {
                    analyzer.stem_into(tok, &mut stem);
                    key.clear();
                    key.push('~');
                    key.push_str(&stem);
                    *name_counts.entry(vocab.id_scaled(&key, tok, bg, NAME_BACKGROUND_SCALE)).or_default() += 1.0;
                    match name_stems.get_mut(stem.as_str()) {
                        Some(n) => *n += 1.0,
                        None => {
                            name_stems.insert(stem.clone(), 1.0);
                        }
                    }
                }
            }
        }
    }
    let mut terms: FxHashMap<u32, f32> = FxHashMap::default();
    // Terms written in names: (uses in names, uses in the text).
    let mut in_names: FxHashMap<u32, (f32, f32)> = FxHashMap::default();
    let mut add = |text: &str, weight: f32, body: bool| {
        analyzer.for_each_term_str(text, |t, w| {
            let id = vocab.id(t, w, bg);
            let n = terms.entry(id).or_default();
            // The names' stems are looked up once a term, its uses counted by id.
            if *n == 0.0 {
                if let Some(&k) = name_stems.get(t) {
                    in_names.insert(id, (k, 0.0));
                }
            }
            *n += weight;
            if body && !in_names.is_empty() {
                if let Some(c) = in_names.get_mut(&id) {
                    c.1 += 1.0;
                }
            }
        })
    };
    add(&article.title, TITLE_BOOST, false);
    add(&article.text, 1.0, true);
    // A term is a name's when at least half of its uses are in names: "Palmer Fire Department" once among five
    // fires leaves "fire" a word of what happened.
    let mut name_terms: Vec<u32> = in_names.into_iter().filter(|&(_, (n, uses))| n >= uses * NAME_TERM_SHARE).map(|(id, _)| id).collect();
    let mut terms: Vec<(u32, f32)> = terms.into_iter().collect();
    terms.sort_unstable_by_key(|p| p.0);
    let mut names_v: Vec<(u32, f32)> = name_counts.into_iter().collect();
    names_v.sort_unstable_by_key(|p| p.0);
    name_terms.sort_unstable();
    Counts { terms, names: names_v, name_terms }
}

/// Weighs counts by `(1 + ln tf) * idf`, keeps the `keep` strongest, and normalises.
pub fn weigh(counts: &[(u32, f32)], vocab: &Vocab, keep: usize) -> SparseVec {
    let mut v: Vec<(u32, f32)> = counts.iter().map(|&(id, tf)| (id, (1.0 + tf.ln()) * vocab.idf(id))).filter(|p| p.1 > 0.0).collect();
    if v.len() > keep {
        v.select_nth_unstable_by(keep - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
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

/// The part of `dot(a, b)` that comes from the ids in `only` (sorted): the names' share of a body
/// similarity.
pub fn dot_on(a: &[(u32, f32)], b: &[(u32, f32)], only: &[u32]) -> f32 {
    let get = |v: &[(u32, f32)], id: u32| v.binary_search_by_key(&id, |p| p.0).map_or(0.0, |k| v[k].1);
    only.iter().map(|&id| get(a, id) * get(b, id)).sum()
}

/// [`dot_on`] over the union of two sorted id lists, without building it.
pub fn dot_on2(a: &[(u32, f32)], b: &[(u32, f32)], only1: &[u32], only2: &[u32]) -> f32 {
    let get = |v: &[(u32, f32)], id: u32| v.binary_search_by_key(&id, |p| p.0).map_or(0.0, |k| v[k].1);
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < only1.len() || j < only2.len() {
        let id = match (only1.get(i), only2.get(j)) {
            (Some(&x), Some(&y)) if x == y => {
                i += 1;
                j += 1;
                x
            }
            (Some(&x), Some(&y)) if x < y => {
                i += 1;
                x
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (None, None) => break,
        };
        s += get(a, id) * get(b, id);
    }
    s
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

/// Dot product of a sparse vector with a dense row indexed by term id (ids past its end weigh 0).
/// Four partial sums, so the additions do not wait on each other: this is the hottest loop of a
/// large grouping run.
pub fn dot_dense(dense: &[f32], v: &[(u32, f32)]) -> f32 {
    let at = |id: u32| dense.get(id as usize).copied().unwrap_or(0.0);
    let mut acc = [0.0f32; 4];
    let mut chunks = v.chunks_exact(4);
    for c in &mut chunks {
        acc[0] += at(c[0].0) * c[0].1;
        acc[1] += at(c[1].0) * c[1].1;
        acc[2] += at(c[2].0) * c[2].1;
        acc[3] += at(c[3].0) * c[3].1;
    }
    for p in chunks.remainder() {
        acc[0] += at(p.0) * p.1;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
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
        v.select_nth_unstable_by(keep - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
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
