//! ROUGE-1, ROUGE-2 and ROUGE-L as Google's Python `rouge-score` package (0.1.2) computes them.
//!
//! Tokenisation is rouge-score's `tokenize.tokenize`: lowercase, every run of characters outside
//! `[a-z0-9]` becomes a space, split on whitespace, stem tokens longer than 3 characters with NLTK's
//! Porter stemmer when stemming is on, drop empty tokens. ROUGE-N counts clipped n-gram overlaps;
//! ROUGE-L is the sentence-level LCS (`rougeL`, not `rougeLsum`). A precision or recall whose
//! denominator is 0 is 0, and F is 0 when both are 0, as in rouge-score.

use crate::metrics::Prf;
use crate::porter;
use rustc_hash::FxHashMap;

/// Words kept from a predicted summary before scoring, as in the WCEP paper's 40-word setting.
pub const DEFAULT_SUMMARY_WORDS: usize = 40;

/// Whether tokens are Porter-stemmed. WCEP's `experiments/evaluate.py` builds
/// `RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)`, so that is our default.
pub const DEFAULT_USE_STEMMER: bool = true;

/// rouge-score's `DefaultTokenizer(use_stemmer).tokenize(text)`.
pub fn tokenize(text: &str, use_stemmer: bool) -> Vec<String> {
    // Python's str.lower() and Rust's to_lowercase() apply the same Unicode case mappings; every
    // character that is not an ASCII letter or digit afterwards becomes a separator.
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|t| !t.is_empty())
        .map(|t| if use_stemmer && t.len() > 3 { porter::stem(t) } else { t.to_string() })
        .filter(|t| !t.is_empty())
        .collect()
}

/// Keeps the first `words` whitespace-separated words of a summary (the WCEP length limit).
pub fn truncate_words(text: &str, words: usize) -> String {
    text.split_whitespace().take(words).collect::<Vec<_>>().join(" ")
}

fn ngrams(tokens: &[String], n: usize) -> FxHashMap<&[String], usize> {
    let mut counts: FxHashMap<&[String], usize> = FxHashMap::default();
    if n > 0 && tokens.len() >= n {
        for w in tokens.windows(n) {
            *counts.entry(w).or_default() += 1;
        }
    }
    counts
}

fn ratio(a: usize, b: usize) -> f64 {
    a as f64 / b.max(1) as f64
}

/// ROUGE-N of `prediction` tokens against `target` tokens.
pub fn rouge_n(target: &[String], prediction: &[String], n: usize) -> Prf {
    let t = ngrams(target, n);
    let p = ngrams(prediction, n);
    let overlap: usize = t.iter().map(|(g, &c)| c.min(p.get(g).copied().unwrap_or(0))).sum();
    let t_total: usize = t.values().sum();
    let p_total: usize = p.values().sum();
    Prf::new(ratio(overlap, p_total), ratio(overlap, t_total))
}

/// Length of the longest common subsequence, in O(|a|·|b|) time and O(|b|) memory.
pub fn lcs_len(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// ROUGE-L (sentence-level LCS) of `prediction` tokens against `target` tokens.
pub fn rouge_l(target: &[String], prediction: &[String]) -> Prf {
    if target.is_empty() || prediction.is_empty() {
        return Prf::new(0.0, 0.0);
    }
    let l = lcs_len(target, prediction);
    Prf::new(l as f64 / prediction.len() as f64, l as f64 / target.len() as f64)
}

/// ROUGE-1, ROUGE-2 and ROUGE-L for one reference/prediction pair.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct RougeScores {
    pub rouge1: Prf,
    pub rouge2: Prf,
    pub rouge_l: Prf,
}

/// rouge-score's `RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer).score(target, prediction)`.
pub fn score(target: &str, prediction: &str, use_stemmer: bool) -> RougeScores {
    let t = tokenize(target, use_stemmer);
    let p = tokenize(prediction, use_stemmer);
    RougeScores { rouge1: rouge_n(&t, &p, 1), rouge2: rouge_n(&t, &p, 2), rouge_l: rouge_l(&t, &p) }
}

/// Mean of per-pair scores (how WCEP's `evaluate.py` aggregates: `np.mean` of each figure).
pub fn mean(scores: &[RougeScores]) -> RougeScores {
    let n = scores.len().max(1) as f64;
    let avg = |f: &dyn Fn(&RougeScores) -> Prf| {
        let (mut p, mut r, mut f1) = (0.0, 0.0, 0.0);
        for s in scores {
            let x = f(s);
            p += x.precision;
            r += x.recall;
            f1 += x.f1;
        }
        Prf { precision: p / n, recall: r / n, f1: f1 / n }
    };
    RougeScores { rouge1: avg(&|s| s.rouge1), rouge2: avg(&|s| s.rouge2), rouge_l: avg(&|s| s.rouge_l) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        tokenize(s, false)
    }

    #[test]
    fn tokenizes_like_rouge_score() {
        assert_eq!(toks("The U.S. economy grew 2.5% in Q3!"), ["the", "u", "s", "economy", "grew", "2", "5", "in", "q3"]);
        assert_eq!(toks("  Café — naïve  "), ["caf", "na", "ve"]);
        assert_eq!(tokenize("Officials announced running", true), ["offici", "announc", "run"]);
        // Tokens of 3 characters or fewer are not stemmed.
        assert_eq!(tokenize("was its dies", true), ["was", "its", "die"]);
        assert!(toks("¿¡ --- !").is_empty());
    }

    #[test]
    fn truncates_to_words() {
        assert_eq!(truncate_words("a b  c\nd e", 3), "a b c");
        assert_eq!(truncate_words("a b", 40), "a b");
    }

    #[test]
    fn hand_computed_rouge() {
        // target: the cat sat on the mat (6), prediction: the cat on the mat (5).
        let t = toks("the cat sat on the mat");
        let p = toks("the cat on the mat");
        let r1 = rouge_n(&t, &p, 1);
        assert_eq!((r1.precision, r1.recall), (1.0, 5.0 / 6.0));
        // Bigrams: target {the cat, cat sat, sat on, on the, the mat}, prediction {the cat, cat on, on the, the mat}.
        let r2 = rouge_n(&t, &p, 2);
        assert_eq!((r2.precision, r2.recall), (3.0 / 4.0, 3.0 / 5.0));
        let rl = rouge_l(&t, &p);
        assert_eq!((rl.precision, rl.recall), (1.0, 5.0 / 6.0));
        // Clipping: a repeated prediction word counts at most as often as in the target.
        let r1 = rouge_n(&toks("the cat"), &toks("the the the"), 1);
        assert_eq!((r1.precision, r1.recall), (1.0 / 3.0, 0.5));
        // Empty sides score zero.
        assert_eq!(rouge_l(&t, &[]).f1, 0.0);
        assert_eq!(rouge_n(&[], &p, 2).f1, 0.0);
    }

    /// One pair spelled out. Expected numbers printed by Python rouge-score 0.1.2 (nltk 3.10.4):
    /// `RougeScorer(["rouge1","rouge2","rougeL"], use_stemmer=True).score(target, prediction)`.
    #[test]
    fn matches_python_rouge_score_on_one_pair() {
        let s = score(
            "Authorities announced that at least 20 people were killed when a 6.1-magnitude earthquake struck the region on Tuesday.",
            "A magnitude 6.1 earthquake killed at least 20 people on Tuesday, authorities said, as rescuers searched the rubble.",
            true,
        );
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(s.rouge1.precision, 0.7368421052631579) && close(s.rouge1.recall, 0.7) && close(s.rouge1.f1, 0.717948717948718));
        assert!(close(s.rouge2.precision, 0.2777777777777778) && close(s.rouge2.recall, 0.2631578947368421));
        assert!(close(s.rouge2.f1, 0.27027027027027023));
        assert!(close(s.rouge_l.precision, 0.3157894736842105) && close(s.rouge_l.recall, 0.3) && close(s.rouge_l.f1, 0.3076923076923077));
    }

    /// Expected numbers come from the Python package: rouge-score 0.1.2 with nltk 3.10.4,
    /// `RougeScorer(["rouge1","rouge2","rougeL"], use_stemmer=True).score(target, prediction)`,
    /// printed by `bench/rouge_crosscheck.sh` (the same pairs are in that script).
    #[test]
    fn matches_python_rouge_score() {
        let cases: Vec<serde_json::Value> = serde_json::from_str(include_str!("../tests/fixtures/rouge_crosscheck.json")).unwrap();
        assert!(cases.len() >= 5);
        for case in &cases {
            let target = case["target"].as_str().unwrap();
            let prediction = case["prediction"].as_str().unwrap();
            let expected: Vec<f64> = case["expected"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
            assert_eq!(expected.len(), 9);
            let s = score(target, prediction, true);
            let got = [
                s.rouge1.precision,
                s.rouge1.recall,
                s.rouge1.f1,
                s.rouge2.precision,
                s.rouge2.recall,
                s.rouge2.f1,
                s.rouge_l.precision,
                s.rouge_l.recall,
                s.rouge_l.f1,
            ];
            for (g, e) in got.iter().zip(expected.iter()) {
                assert!((g - e).abs() < 1e-6, "{target:?} / {prediction:?}: got {got:?}, expected {expected:?}");
            }
        }
    }
}
