//! The pipeline runs end to end on fixture data and synthetic streams, and every article is scored.

use std::path::Path;
use tidings_eval::data;
use tidings_eval::pipeline::{evaluate_grouping, evaluate_summaries, Mode};
use tidings_eval::synth::{generate, Config};

fn synthetic(n: usize) -> Vec<data::LabelledDoc> {
    let mut docs = Vec::new();
    generate(&Config { articles: n, ..Config::default() }, |a| {
        docs.push(data::LabelledDoc {
            id: a.id,
            label: a.story,
            title: Some(a.title),
            text: a.text,
            published: data::parse_date(&a.published),
            url: Some(a.url),
            outlet: Some(a.outlet),
            ..data::LabelledDoc::default()
        })
    });
    docs
}

#[test]
fn grouping_scores_every_article() {
    for mode in [Mode::Group, Mode::Full, Mode::Stages] {
        let run = evaluate_grouping(synthetic(400), &tidings_digest::Options::default(), mode);
        assert_eq!(run.scores.articles, 400);
        assert_eq!(run.predicted.len(), 400);
        let s = &run.scores;
        for x in [s.pairwise.precision, s.pairwise.recall, s.bcubed.precision, s.bcubed.recall] {
            assert!((0.0..=1.0).contains(&x), "{s:?}");
        }
        // BCubed never rewards an engine for nothing: all-singletons would give recall = Σ 1/|gold|.
        assert!(s.predicted_clusters < 400, "{mode:?}: nothing was grouped: {s:?}");
        assert_eq!(run.stages.is_some(), mode == Mode::Stages);
    }
}

#[test]
fn summaries_are_scored_against_wcep_references() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wcep.jsonl");
    let (clusters, _) = data::read_wcep(&path).unwrap();
    let r = evaluate_summaries(&clusters, 40, 5, true);
    assert_eq!(r.clusters, 2);
    // The fixture's references restate the first sentence of the first article, so both systems overlap them.
    assert!(r.lead_baseline.rouge1.recall > 0.5, "{r:?}");
    assert!(r.tidings.rouge1.recall > 0.3, "{r:?}");
    assert!(r.tidings.rouge1.f1 <= 1.0 && r.tidings.rouge_l.f1 <= r.tidings.rouge1.f1 + 1e-12);
}

/// Every article of a batch is in exactly one story: copies of an original that is a story on its
/// own were once left out (found by the PostgreSQL worker tests' bookkeeping).
#[test]
fn every_article_is_in_exactly_one_story() {
    let mut docs = Vec::new();
    generate(&Config { seed: 7, articles: 300, ..Config::default() }, |a| {
        docs.push(tidings_ingest::RawDoc {
            url: Some(a.url),
            outlet: Some(a.outlet),
            title: Some(a.title),
            published: tidings_ingest::parse_date(&a.published),
            body: tidings_ingest::Body::Text(a.text),
            path: None,
        })
    });
    let grouping = tidings_story::group(&tidings_digest::prepare(docs).0, &tidings_story::GroupOptions::default());
    let mut seen = vec![0; 300];
    for s in &grouping.stories {
        for &i in &s.articles {
            seen[i] += 1;
        }
    }
    let wrong: Vec<(usize, i32)> = seen.iter().copied().enumerate().filter(|&(_, n)| n != 1).collect();
    assert!(wrong.is_empty(), "articles not in exactly one story: {wrong:?}");
}
