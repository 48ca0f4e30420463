//! Copies: exact copies, near-copies (syndicated wire text) and close rewrites.
//!
//! - Exact and near-copies: MinHash over 5-word shingles with LSH banding, and an estimated
//!   Jaccard of at least [`NEAR_COPY_JACCARD`]. This runs over the whole batch before grouping,
//!   so a copy simply joins its original's story.
//! - Close rewrites (a content farm's reworded wire story): within a story, two articles whose
//!   sentences align one to one (same content words and numbers) for at least
//!   [`REWRITE_ALIGNED_SHARE`] of the shorter one.
//!
//! - Partial copies: within a story, a text whose 5-word shingles are at least
//!   [`CONTAINMENT_COPY`] contained in a longer one (a feed excerpt, a truncated page).
//!
//! The original is the earliest published article, then the first in [`canonical_order`].

use rustc_hash::{FxHashMap, FxHashSet};

use tidings_model::{Article, ArticleIdx};
use tidings_text::{words, Analyzer};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// MinHash signature length.
pub const MINHASH_SIZE: usize = 64;
/// LSH bands (each of `MINHASH_SIZE / LSH_BANDS` rows).
pub const LSH_BANDS: usize = 16;
/// Estimated shingle Jaccard from which two articles are copies.
pub const NEAR_COPY_JACCARD: f32 = 0.7;
/// Share of the shorter article's sentences that must align for a close rewrite.
pub const REWRITE_ALIGNED_SHARE: f32 = 0.6;
/// Content-word Jaccard from which two sentences say the same thing in a rewrite.
pub const REWRITE_SENTENCE_JACCARD: f32 = 0.5;
/// A rewrite needs at least this many sentences in the shorter article.
pub const REWRITE_MIN_SENTENCES: usize = 3;

#[inline]
fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser: a fast, well-spread 64-bit hash.
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn hash_str(s: &str) -> u64 {
    // FNV-1a over lowercase chars, then mixed. ASCII text (most words) takes the byte path, which
    // gives the same hash: an ASCII char lowercases to one ASCII char.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    if s.is_ascii() {
        for b in s.bytes() {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    } else {
        for c in s.chars().flat_map(char::to_lowercase) {
            h ^= c as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    mix(h)
}

/// The MinHash signature of a text's word 5-shingles, or `None` when it has too few words.
///
/// One-permutation hashing (Li, Owen and Zhang 2012): each shingle's hash picks one of the
/// [`MINHASH_SIZE`] bins and competes for its minimum, so a signature costs one hash per shingle
/// instead of one per shingle and bin. Empty bins borrow from the next filled bin (rotation
/// densification, Shrivastava and Li 2014), so short texts still compare well.
pub fn signature(text: &str) -> Option<[u32; MINHASH_SIZE]> {
    signature_of(&word_hashes(text))
}

fn word_hashes(text: &str) -> Vec<u64> {
    words(text).map(|(_, w)| hash_str(w)).collect()
}

/// [`signature`] from the text's word hashes.
fn signature_of(hashes: &[u64]) -> Option<[u32; MINHASH_SIZE]> {
    if hashes.len() < SHINGLE_WORDS {
        return None;
    }
    let mut sig = [u32::MAX; MINHASH_SIZE];
    let mut filled = [false; MINHASH_SIZE];
    for win in hashes.windows(SHINGLE_WORDS) {
        let mut h = 0u64;
        for &w in win {
            h = mix(h ^ w);
        }
        let bin = (h % MINHASH_SIZE as u64) as usize;
        let v = (h >> 32) as u32;
        if v < sig[bin] {
            sig[bin] = v;
        }
        filled[bin] = true;
    }
    let original = sig;
    for i in 0..MINHASH_SIZE {
        if !filled[i] {
            // The next filled bin, with the distance mixed in so borrowed values stay distinct.
            if let Some(k) = (1..MINHASH_SIZE).find(|k| filled[(i + k) % MINHASH_SIZE]) {
                sig[i] = (mix(original[(i + k) % MINHASH_SIZE] as u64 ^ (k as u64) << 40) >> 32) as u32;
            }
        }
    }
    Some(sig)
}

fn estimated_jaccard(a: &[u32; MINHASH_SIZE], b: &[u32; MINHASH_SIZE]) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / MINHASH_SIZE as f32
}

/// Articles in canonical order: earliest published first (undated last), then by a hash of the
/// title and text, then by position. The order in which originals are preferred and in which
/// grouping visits articles, so the result depends on the set of articles, not on the order they
/// came in.
pub fn canonical_order(corpus: &[Article]) -> Vec<ArticleIdx> {
    let keys: Vec<(i64, u64)> = corpus
        .iter()
        // The title's hash is mixed before the text's joins it: a one-sentence text is its own
        // title, and `title ^ text` would then be 0 for every such article.
        .map(|a| (a.published.map(|d| d.timestamp()).unwrap_or(i64::MAX), mix(mix(hash_str(&a.title)) ^ hash_str(&a.text))))
        .collect();
    let mut order: Vec<ArticleIdx> = (0..corpus.len()).collect();
    order.sort_by_key(|&i| (keys[i], i));
    order
}

/// Finds exact and near copies over the batch. Returns `copy_of` for every article.
pub fn find_copies(corpus: &[Article]) -> Vec<Option<ArticleIdx>> {
    find_copies_in(corpus, &canonical_order(corpus))
}

/// [`find_copies`] with the [`canonical_order`] already known.
pub fn find_copies_in(corpus: &[Article], order: &[ArticleIdx]) -> Vec<Option<ArticleIdx>> {
    let mut copy_of = vec![None; corpus.len()];
    let mut buckets: FxHashMap<(usize, u64), Vec<ArticleIdx>> = FxHashMap::default();
    let mut sigs: Vec<Option<[u32; MINHASH_SIZE]>> = vec![None; corpus.len()];
    let mut exact: FxHashMap<u64, ArticleIdx> = FxHashMap::default();
    let rows = MINHASH_SIZE / LSH_BANDS;
    for &i in order {
        let text = &corpus[i].text;
        if text.trim().is_empty() {
            continue;
        }
        let hashes = word_hashes(text);
        let norm_hash = hashes.iter().fold(0u64, |h, &w| mix(h ^ w));
        if let Some(&orig) = exact.get(&norm_hash) {
            copy_of[i] = Some(orig);
            continue;
        }
        exact.insert(norm_hash, i);
        let Some(sig) = signature_of(&hashes) else { continue };
        let mut best: Option<(f32, ArticleIdx)> = None;
        let mut seen = FxHashSet::default();
        for band in 0..LSH_BANDS {
            let key = sig[band * rows..(band + 1) * rows].iter().fold(band as u64, |h, &v| mix(h ^ v as u64));
            if let Some(members) = buckets.get(&(band, key)) {
                for &m in members {
                    if seen.insert(m) {
                        if let Some(ms) = &sigs[m] {
                            let j = estimated_jaccard(&sig, ms);
                            if j >= NEAR_COPY_JACCARD && best.is_none_or(|(bj, _)| j > bj) {
                                best = Some((j, m));
                            }
                        }
                    }
                }
            }
        }
        if let Some((_, m)) = best {
            copy_of[i] = Some(copy_of[m].unwrap_or(m));
            continue;
        }
        for band in 0..LSH_BANDS {
            let key = sig[band * rows..(band + 1) * rows].iter().fold(band as u64, |h, &v| mix(h ^ v as u64));
            let members = buckets.entry((band, key)).or_default();
            // Bounded buckets keep hostile inputs (thousands of identical boilerplate pages)
            // from making this quadratic.
            if members.len() < 8 {
                members.push(i);
            }
        }
        sigs[i] = Some(sig);
    }
    copy_of
}

/// Share of the shorter text's 5-word shingles found in the longer from which it is a copy: a feed
/// excerpt, a truncated page or the same wire text in other chrome.
pub const CONTAINMENT_COPY: f32 = 0.5;
/// A text needs this many shingles for containment to say anything.
pub const CONTAINMENT_MIN_SHINGLES: usize = 8;

/// The sorted, deduplicated hashes of a text's word 5-shingles.
pub fn shingle_set(text: &str) -> Vec<u64> {
    let hashes = word_hashes(text);
    let mut out: Vec<u64> = hashes
        .windows(SHINGLE_WORDS)
        .map(|win| {
            let mut h = 0u64;
            for &w in win {
                h = mix(h ^ w);
            }
            h
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether the shorter of two [`shingle_set`]s is contained in the longer for at least
/// [`CONTAINMENT_COPY`] of its shingles.
pub fn contained(a: &[u64], b: &[u64]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < CONTAINMENT_MIN_SHINGLES {
        return false;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0);
    while i < short.len() && j < long.len() {
        match short[i].cmp(&long[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f32 >= CONTAINMENT_COPY * short.len() as f32
}

/// Content terms of each sentence of an article, as sorted hash lists (sentences with fewer
/// than three content terms are left out: they align with anything).
pub fn sentence_sets(article: &Article) -> Vec<Vec<u64>> {
    let analyzer = Analyzer::new(article.language.as_deref());
    article
        .sentences
        .iter()
        .map(|s| {
            let mut v: Vec<u64> = Vec::new();
            analyzer.for_each_term_str(article.span_text(*s), |t, _| v.push(hash_str(t)));
            v.sort_unstable();
            v.dedup();
            v
        })
        .filter(|s| s.len() >= 3)
        .collect()
}

/// Whether the Jaccard similarity of two sorted sets reaches `t`. The merge stops as soon as the
/// elements left cannot bring the intersection up to what `t` needs.
fn jaccard_reaches(a: &[u64], b: &[u64], t: f32) -> bool {
    let n = a.len() + b.len();
    if n == 0 {
        return 0.0 >= t;
    }
    let reaches = |inter: usize| inter as f32 / (n - inter) as f32 >= t;
    // The least intersection that reaches `t` (the similarity grows with the intersection).
    let most = a.len().min(b.len());
    let mut needed = ((t * n as f32) / (1.0 + t)).max(0.0) as usize;
    while needed > 0 && reaches(needed - 1) {
        needed -= 1;
    }
    while needed <= most && !reaches(needed) {
        needed += 1;
    }
    if needed > most {
        return false;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if inter + (a.len() - i).min(b.len() - j) < needed {
            return false;
        }
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter >= needed
}

/// Whether `b` is a close rewrite of `a` (or `a` of `b`): most sentences of the shorter align.
pub fn is_rewrite(a: &Article, b: &Article) -> bool {
    is_rewrite_sets(&sentence_sets(a), &sentence_sets(b))
}

/// [`is_rewrite`] on precomputed [`sentence_sets`]. Stops as soon as the answer is known.
pub fn is_rewrite_sets(sa: &[Vec<u64>], sb: &[Vec<u64>]) -> bool {
    let (short, long) = if sa.len() <= sb.len() { (sa, sb) } else { (sb, sa) };
    if short.len() < REWRITE_MIN_SENTENCES {
        return false;
    }
    let needed = (REWRITE_ALIGNED_SHARE * short.len() as f32).ceil() as usize;
    let (mut aligned, mut missed) = (0, 0);
    for s in short {
        // Jaccard is at most the ratio of the two sizes: most pairs are ruled out by their sizes.
        let fits = |l: &Vec<u64>| s.len().min(l.len()) as f32 >= REWRITE_SENTENCE_JACCARD * s.len().max(l.len()) as f32;
        if long.iter().any(|l| fits(l) && jaccard_reaches(s, l, REWRITE_SENTENCE_JACCARD)) {
            aligned += 1;
            if aligned >= needed {
                return true;
            }
        } else {
            missed += 1;
            if missed > short.len() - needed {
                return false;
            }
        }
    }
    aligned >= needed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_reaches_agrees_with_the_ratio() {
        // Every pair of subsets of a small universe, at the thresholds the code and its neighbours use.
        let subsets: Vec<Vec<u64>> =
            (0u32..1 << 7).map(|m| (0..7u32).filter(|b| m & (1 << b) != 0).map(|b| u64::from(b) * 7919).collect()).collect();
        for t in [0.0, 0.2, 1.0 / 3.0, 0.5, 0.7, 1.0] {
            for a in &subsets {
                for b in &subsets {
                    let inter = a.iter().filter(|x| b.contains(x)).count();
                    let union = a.len() + b.len() - inter;
                    let ratio = if union == 0 { 0.0 } else { inter as f32 / union as f32 };
                    assert_eq!(jaccard_reaches(a, b, t), ratio >= t, "{a:?} {b:?} at {t}");
                }
            }
        }
    }

    fn art(id: &str, text: &str) -> Article {
        let mut a = Article::new(id, id, text);
        a.sentences = tidings_text::split_sentences(text);
        a
    }

    const WIRE: &str = "The central bank raised its main interest rate by a quarter of a percentage point on Thursday, \
        the fifth increase in a row, as inflation stayed above its target for a second year. Policymakers voted seven to two \
        for the move, with two members preferring to hold rates steady. The bank said further increases might be needed if \
        price pressures persisted into the spring. Markets had expected the decision, and the currency barely moved.";

    #[test]
    fn exact_near_and_distinct() {
        let near = format!("{WIRE} Reporting by Jane Doe; editing by John Roe.");
        let other = "A storm brought heavy snow to the north of the country on Friday, closing roads and schools \
            across three provinces while forecasters warned of more to come over the weekend.";
        let corpus = vec![art("a", WIRE), art("b", WIRE), art("c", &near), art("d", other)];
        // a and b are the same text: whichever comes first in canonical order is the original,
        // and the near copy c points at it.
        let got = find_copies(&corpus);
        let orig = if got[0].is_none() { 0 } else { 1 };
        assert_eq!(got[1 - orig], Some(orig), "{got:?}");
        assert_eq!((got[orig], got[2], got[3]), (None, Some(orig), None), "{got:?}");
    }

    #[test]
    fn an_excerpt_is_contained_in_its_original() {
        let excerpt = "The central bank raised its main interest rate by a quarter of a percentage point on Thursday, \
            the fifth increase in a row. Read more on our site.";
        assert!(contained(&shingle_set(excerpt), &shingle_set(WIRE)));
        assert!(!contained(&shingle_set("A storm hit the coast on Friday and closed the ports for two days."), &shingle_set(WIRE)));
    }

    #[test]
    fn close_rewrite_is_detected_but_a_different_report_is_not() {
        let rewrite = "On Thursday the central bank lifted its main interest rate by a quarter of a percentage point, \
            its fifth increase in a row, as inflation stayed above target for a second year. Seven policymakers voted for the \
            move, with two members preferring to hold rates steady. Further increases might be needed if price pressures \
            persisted into the spring, the bank said. Markets had expected the decision; the currency barely moved.";
        let different = "The rate decision on Thursday split the committee. Two members wanted to hold, citing weak \
            retail sales. Unions criticised the increase, saying mortgage holders would suffer. The finance minister \
            welcomed the move and promised restraint in the next budget.";
        assert!(is_rewrite(&art("a", WIRE), &art("b", rewrite)));
        assert!(!is_rewrite(&art("a", WIRE), &art("c", different)));
    }
}
