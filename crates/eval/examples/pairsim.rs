//! Distributions of the grouping's article-to-article similarities by kind of pair, for tuning:
//! same event; look-alike (another event of the same topic); other. Prints quantiles of the body,
//! "what" (body without name words) and names cosines, and the publication gap.
//!
//! cargo run --release -p tidings-eval --example pairsim -- DATA [MAX_ARTICLES]

use std::path::Path;
use tidings_eval::data;
use tidings_eval::pipeline::raw_doc;
use tidings_story::features::{count, dot, dot_on, weigh, Vocab, ARTICLE_NAMES, ARTICLE_TERMS};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = Path::new(&args[1]);
    let max: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3000);
    let (mut docs, _) = if path.is_dir() { data::read_labelled_dir(path).unwrap() } else { data::read_synth_jsonl(path).unwrap() };
    docs.truncate(max);
    let labels: Vec<String> = docs.iter().map(|d| d.label.clone()).collect();
    let topics: Vec<Option<String>> = docs.iter().map(|d| d.topic.clone()).collect();
    let (corpus, _) = tidings_digest::prepare(docs.into_iter().map(raw_doc).collect());
    let mut vocab = Vocab::default();
    let counts: Vec<_> = corpus.iter().map(|a| count(a, &mut vocab)).collect();
    for c in &counts {
        vocab.add_doc(c.terms.iter().chain(&c.names).map(|p| p.0));
    }
    let body: Vec<_> = counts.iter().map(|c| weigh(&c.terms, &vocab, ARTICLE_TERMS)).collect();
    let names: Vec<_> = counts.iter().map(|c| weigh(&c.names, &vocab, ARTICLE_NAMES)).collect();
    let nt: Vec<Vec<u32>> = counts.iter().map(|c| c.name_terms.clone()).collect();
    let mut rows: [Vec<[f32; 4]>; 3] = [vec![], vec![], vec![]];
    for i in 0..corpus.len() {
        for j in i + 1..corpus.len() {
            let class = if labels[i] == labels[j] {
                0
            } else if topics[i].is_some() && topics[i] == topics[j] {
                1
            } else {
                2
            };
            if class == 2 && (i * 7919 + j) % 50 != 0 {
                continue;
            }
            let b = dot(&body[i], &body[j]);
            let mut only = nt[i].clone();
            only.extend_from_slice(&nt[j]);
            only.sort_unstable();
            only.dedup();
            let what = b - dot_on(&body[i], &body[j], &only);
            let n = if names[i].is_empty() || names[j].is_empty() { -1.0 } else { dot(&names[i], &names[j]) };
            let gap = match (corpus[i].published, corpus[j].published) {
                (Some(x), Some(y)) => (x - y).num_hours().abs() as f32 / 24.0,
                _ => -1.0,
            };
            rows[class].push([b, what, n, gap]);
        }
    }
    for (k, name) in ["same event", "look-alike", "other"].iter().enumerate() {
        let r = &rows[k];
        if r.is_empty() {
            continue;
        }
        println!("{name}: {} pairs", r.len());
        for (f, fname) in ["body", "what", "names", "gap days"].iter().enumerate() {
            let mut v: Vec<f32> = r.iter().map(|x| x[f]).filter(|x| *x >= 0.0).collect();
            v.sort_by(f32::total_cmp);
            if v.is_empty() {
                continue;
            }
            let q = |p: f32| v[((v.len() - 1) as f32 * p) as usize];
            println!(
                "  {fname:<9} q05 {:.3}  q10 {:.3}  q25 {:.3}  q50 {:.3}  q75 {:.3}  q90 {:.3}  q95 {:.3}  q99 {:.3}",
                q(0.05),
                q(0.1),
                q(0.25),
                q(0.5),
                q(0.75),
                q(0.9),
                q(0.95),
                q(0.99)
            );
        }
    }
}
