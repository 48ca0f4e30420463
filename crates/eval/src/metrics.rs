//! Clustering metrics: pairwise precision/recall/F1 (as Priberam's news-clustering evaluation computes them) and BCubed.
//!
//! Both are computed from the gold × predicted contingency table, so they cost O(n) time and
//! O(number of non-empty cells) memory, which matters for the 1M-article benchmark.

use rustc_hash::FxHashMap;
use serde::Serialize;

/// Precision, recall and their harmonic mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    /// Builds the triple; F1 is 0 when precision and recall are both 0 (as in Priberam's `eval_lib.py`).
    pub fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { precision, recall, f1 }
    }
}

/// Pair counts over the C(n, 2) unordered pairs of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PairCounts {
    /// Pairs together in gold and in prediction.
    pub tp: u64,
    /// Pairs together in prediction only.
    pub fp: u64,
    /// Pairs together in gold only.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Pairs apart in both.
    pub tn: u64,
}

/// Everything `tidings eval clustering` reports about one labelling against another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusteringScores {
    pub articles: usize,
    pub gold_clusters: usize,
    pub predicted_clusters: usize,
    pub pairwise: Prf,
    pub pairs: PairCounts,
    pub bcubed: Prf,
}

fn pairs(n: u64) -> u64 {
    if n < 2 {
        0
    } else {
        n * (n - 1) / 2
    }
}

/// Scores a predicted labelling against a gold one; `gold[i]` and `predicted[i]` label item `i`.
///
/// Label values are arbitrary ids (they need not be dense). Pairwise scores follow Priberam's
/// `eval_lib.ScoreSet`: TP = Σ C(n_ij, 2) over contingency cells, TP+FP = Σ C(|pred_j|, 2),
/// TP+FN = Σ C(|gold_i|, 2), and a precision or recall whose denominator is 0 is reported as 0.
/// BCubed (Bagga & Baldwin 1998; Amigó et al. 2009) averages per-item precision
/// |pred(i) ∩ gold(i)| / |pred(i)| and recall |pred(i) ∩ gold(i)| / |gold(i)| over items.
///
/// # Panics
/// When the two slices differ in length (a programming error in the caller).
pub fn score(gold: &[u64], predicted: &[u64]) -> ClusteringScores {
    assert_eq!(gold.len(), predicted.len(), "gold and predicted labellings must cover the same items");
    let n = gold.len();
    let mut cells: FxHashMap<(u64, u64), u64> = FxHashMap::default();
    let mut gold_sizes: FxHashMap<u64, u64> = FxHashMap::default();
    let mut pred_sizes: FxHashMap<u64, u64> = FxHashMap::default();
    for (&g, &p) in gold.iter().zip(predicted) {
        *cells.entry((g, p)).or_default() += 1;
        *gold_sizes.entry(g).or_default() += 1;
        *pred_sizes.entry(p).or_default() += 1;
    }

    let tp: u64 = cells.values().map(|&c| pairs(c)).sum();
    let tp_fp: u64 = pred_sizes.values().map(|&c| pairs(c)).sum();
    let tp_fn: u64 = gold_sizes.values().map(|&c| pairs(c)).sum();
    let fp = tp_fp - tp;
    let fn_ = tp_fn - tp;
    let tn = pairs(n as u64) - tp - fp - fn_;
    let ratio = |a: u64, b: u64| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let pairwise = Prf::new(ratio(tp, tp_fp), ratio(tp, tp_fn));

    // Σ_i n_ij² / |pred_j| summed over cells is Σ over items of their BCubed precision.
    let (mut bp, mut br) = (0.0f64, 0.0f64);
    for (&(g, p), &c) in &cells {
        let c = c as f64;
        bp += c * c / pred_sizes[&p] as f64;
        br += c * c / gold_sizes[&g] as f64;
    }
    let bcubed = if n > 0 { Prf::new(bp / n as f64, br / n as f64) } else { Prf::new(0.0, 0.0) };

    ClusteringScores {
        articles: n,
        gold_clusters: gold_sizes.len(),
        predicted_clusters: pred_sizes.len(),
        pairwise,
        pairs: PairCounts { tp, fp, fn_, tn },
        bcubed,
    }
}

/// Turns string labels into dense numeric ids, in order of first appearance.
#[derive(Debug, Default)]
pub struct LabelIds {
    ids: FxHashMap<String, u64>,
}

impl LabelIds {
    pub fn id(&mut self, label: &str) -> u64 {
        let next = self.ids.len() as u64;
        *self.ids.entry(label.to_string()).or_insert(next)
    }
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Converts predicted clusters (lists of item indices) to one label per item.
///
/// Items that no cluster lists get a singleton label of their own, so an engine that drops an
/// article is scored as if it had left it alone rather than crashing the evaluation.
pub fn labels_from_clusters(n: usize, clusters: &[Vec<usize>]) -> Vec<u64> {
    const UNSET: u64 = u64::MAX;
    let mut labels = vec![UNSET; n];
    for (c, members) in clusters.iter().enumerate() {
        for &i in members {
            if i < n {
                labels[i] = c as u64;
            }
        }
    }
    for (next, l) in (clusters.len() as u64..).zip(labels.iter_mut().filter(|l| **l == UNSET)) {
        *l = next;
    }
    labels
}

/// How many items no cluster lists, and how many more than one cluster lists: an engine must place
/// every article it read in exactly one story.
pub fn placement(n: usize, clusters: &[Vec<usize>]) -> (usize, usize) {
    let mut seen = vec![0u32; n];
    for &i in clusters.iter().flatten() {
        if i < n {
            seen[i] += 1;
        }
    }
    (seen.iter().filter(|&&c| c == 0).count(), seen.iter().filter(|&&c| c > 1).count())
}

/// Look-alike events: two gold events of one topic (ECB+'s two seminal events of a kind, GVC's
/// shootings, the synthetic stream's confusable families).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Lookalikes {
    /// Pairs of events of one topic.
    pub pairs: usize,
    /// Of those, pairs with articles in one predicted story.
    pub shared: usize,
    /// The shared pairs (event, event), at most [`LOOKALIKES_LISTED`].
    pub examples: Vec<(String, String)>,
}

/// Shared look-alike pairs listed by name in a report.
pub const LOOKALIKES_LISTED: usize = 20;

/// Counts the pairs of gold events of one topic that share a predicted story. `topic[i]` is item
/// `i`'s topic (`None`: no topic, never a look-alike).
pub fn lookalikes(gold: &[String], topic: &[Option<String>], predicted: &[u64]) -> Lookalikes {
    use std::collections::{BTreeMap, BTreeSet};
    let mut events_of_topic: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut stories_of_event: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
    for ((g, t), &p) in gold.iter().zip(topic).zip(predicted) {
        let Some(t) = t else { continue };
        events_of_topic.entry(t).or_default().insert(g);
        stories_of_event.entry(g).or_default().insert(p);
    }
    let mut out = Lookalikes::default();
    for events in events_of_topic.values() {
        let events: Vec<&str> = events.iter().copied().collect();
        for (x, a) in events.iter().enumerate() {
            for b in &events[x + 1..] {
                out.pairs += 1;
                if !stories_of_event[a].is_disjoint(&stories_of_event[b]) {
                    out.shared += 1;
                    if out.examples.len() < LOOKALIKES_LISTED {
                        out.examples.push((a.to_string(), b.to_string()));
                    }
                }
            }
        }
    }
    out
}

/// A predicted cluster that mixes gold stories (costs precision), or a gold story spread over
/// several predicted clusters (costs recall): what `--errors` prints to explain a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    /// The predicted cluster (for a merge) or the gold story (for a split).
    pub cluster: String,
    pub size: usize,
    /// Pairs this confusion costs: false positives for a merge, false negatives for a split.
    pub pairs: u64,
    /// The parts, largest first: (gold story, count) for a merge, (predicted cluster, count) for a split.
    pub parts: Vec<(String, usize)>,
}

/// The `top` worst merges and the `top` worst splits, by pairs lost.
pub fn confusions(gold: &[String], predicted: &[u64], top: usize) -> (Vec<Confusion>, Vec<Confusion>) {
    let mut by_pred: FxHashMap<u64, FxHashMap<&str, usize>> = FxHashMap::default();
    let mut by_gold: FxHashMap<&str, FxHashMap<u64, usize>> = FxHashMap::default();
    for (g, &p) in gold.iter().zip(predicted) {
        *by_pred.entry(p).or_default().entry(g).or_default() += 1;
        *by_gold.entry(g).or_default().entry(p).or_default() += 1;
    }
    fn build<K: ToString>(name: String, parts: &FxHashMap<K, usize>) -> Option<Confusion> {
        if parts.len() < 2 {
            return None;
        }
        let size: usize = parts.values().sum();
        let within: u64 = parts.values().map(|&c| pairs(c as u64)).sum();
        let mut parts: Vec<(String, usize)> = parts.iter().map(|(k, &c)| (k.to_string(), c)).collect();
        parts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Some(Confusion { cluster: name, size, pairs: pairs(size as u64) - within, parts })
    }
    let rank = |mut v: Vec<Confusion>| {
        v.sort_by(|a, b| b.pairs.cmp(&a.pairs).then_with(|| a.cluster.cmp(&b.cluster)));
        v.truncate(top);
        v
    };
    let merges = by_pred.iter().filter_map(|(p, parts)| build(format!("predicted #{p}"), parts)).collect();
    let splits = by_gold.iter().filter_map(|(g, parts)| {
        let named: FxHashMap<String, usize> = parts.iter().map(|(p, &c)| (format!("#{p}"), c)).collect();
        build(g.to_string(), &named)
    });
    (rank(merges), rank(splits.collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookalike_pairs_and_placement() {
        let gold: Vec<String> = ["a1", "a1", "a2", "b1", "b2", "c"].iter().map(|s| s.to_string()).collect();
        let topic: Vec<Option<String>> =
            ["a", "a", "a", "b", "b"].iter().map(|s| Some(s.to_string())).chain(std::iter::once(None)).collect();
        // a1 and a2 share story 0; b1 and b2 are apart; c has no topic.
        let l = lookalikes(&gold, &topic, &[0, 1, 0, 2, 3, 0]);
        assert_eq!((l.pairs, l.shared), (2, 1));
        assert_eq!(l.examples, vec![("a1".to_string(), "a2".to_string())]);
        assert_eq!(placement(4, &[vec![0, 1], vec![1]]), (2, 1));
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// One case: gold labels, predicted labels, expected (pairwise P, R), (BCubed P, R), cluster counts.
    fn check(gold: &[u64], pred: &[u64], pw: (f64, f64), b3: (f64, f64), clusters: (usize, usize)) {
        let s = score(gold, pred);
        assert!(close(s.pairwise.precision, pw.0) && close(s.pairwise.recall, pw.1), "pairwise {:?} != {:?}", s.pairwise, pw);
        assert!(close(s.bcubed.precision, b3.0) && close(s.bcubed.recall, b3.1), "bcubed {:?} != {:?}", s.bcubed, b3);
        assert_eq!((s.gold_clusters, s.predicted_clusters), clusters);
        let total = s.pairs.tp + s.pairs.fp + s.pairs.fn_ + s.pairs.tn;
        assert_eq!(total, pairs(gold.len() as u64));
    }

    #[test]
    fn hand_computed_cases() {
        // Perfect: gold {0,1,2}{3,4}.
        check(&[1, 1, 1, 2, 2], &[7, 7, 7, 9, 9], (1.0, 1.0), (1.0, 1.0), (2, 2));
        // Everything in one predicted cluster: 4 of 10 pairs right; BCubed P = (3·3/5 + 2·2/5)/5 = 13/25.
        check(&[1, 1, 1, 2, 2], &[0, 0, 0, 0, 0], (0.4, 1.0), (13.0 / 25.0, 1.0), (2, 1));
        // All singletons predicted: no predicted pairs, so pairwise P is 0 by convention; BCubed P = 1,
        // BCubed R = (3·1/3 + 2·1/2)/5 = 2/5.
        check(&[1, 1, 1, 2, 2], &[0, 1, 2, 3, 4], (0.0, 0.0), (1.0, 0.4), (2, 5));
        // Gold all singletons, prediction merges two: 1 FP pair, no gold pairs.
        check(&[0, 1, 2], &[5, 5, 6], (0.0, 0.0), (2.0 / 3.0, 1.0), (3, 2));
        // A split and a merge: gold {0,1,2,3}{4,5}; predicted {0,1}{2,3,4,5}.
        // Cells: (g0,p0)=2, (g0,p1)=2, (g1,p1)=2 → TP = 3; TP+FP = 1 + 6 = 7; TP+FN = 6 + 1 = 7.
        // BCubed P = (2·2/2 + 2·2/4 + 2·2/4)/6 = 4/6; R = (2·2/4 + 2·2/4 + 2·2/2)/6 = 4/6.
        check(&[0, 0, 0, 0, 1, 1], &[0, 0, 1, 1, 1, 1], (3.0 / 7.0, 3.0 / 7.0), (4.0 / 6.0, 4.0 / 6.0), (2, 2));
        // One item.
        check(&[3], &[4], (0.0, 0.0), (1.0, 1.0), (1, 1));
    }

    #[test]
    fn empty_input_scores_zero() {
        let s = score(&[], &[]);
        assert_eq!(s.articles, 0);
        assert_eq!(s.pairwise.f1, 0.0);
        assert_eq!(s.bcubed.f1, 0.0);
    }

    #[test]
    fn f1_is_harmonic_mean() {
        let p = Prf::new(0.5, 1.0);
        assert!(close(p.f1, 2.0 / 3.0));
        assert_eq!(Prf::new(0.0, 0.0).f1, 0.0);
    }

    #[test]
    fn confusions_name_the_worst_merges_and_splits() {
        let gold: Vec<String> = ["a", "a", "a", "b", "b", "c"].iter().map(|s| s.to_string()).collect();
        // Predicted: {0,1,3,4} merges a and b; a is split over clusters 0 and 1; c alone.
        let (merges, splits) = confusions(&gold, &[0, 0, 1, 0, 0, 2], 5);
        assert_eq!(merges.len(), 1);
        assert_eq!(merges[0].size, 4);
        assert_eq!(merges[0].pairs, 4); // 6 pairs, 2 of them right
        assert_eq!(merges[0].parts, vec![("a".to_string(), 2), ("b".to_string(), 2)]);
        assert_eq!(splits.len(), 1);
        assert_eq!((splits[0].cluster.as_str(), splits[0].pairs), ("a", 2));
    }

    #[test]
    fn unlisted_items_become_singletons() {
        let labels = labels_from_clusters(5, &[vec![0, 2], vec![4]]);
        assert_eq!(labels, vec![0, 2, 0, 3, 1]);
    }

    #[test]
    fn label_ids_are_dense_in_first_seen_order() {
        let mut ids = LabelIds::default();
        assert_eq!(ids.id("b"), 0);
        assert_eq!(ids.id("a"), 1);
        assert_eq!(ids.id("b"), 0);
        assert_eq!(ids.len(), 2);
    }
}
