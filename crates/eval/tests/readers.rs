//! The readers on small files written in the exact public formats, and the metrics on what they read.

use std::path::{Path, PathBuf};
use tidings_eval::data::{self, LabelledDoc};
use tidings_eval::metrics::{score, LabelIds};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn ids(docs: &[LabelledDoc]) -> Vec<&str> {
    docs.iter().map(|d| d.id.as_str()).collect()
}

#[test]
fn miranda_json_filters_language_and_replays_in_date_order() {
    let (docs, warnings) = data::read_miranda(&fixture("miranda.json"), Some("en")).unwrap();
    // d5 has no cluster; s1 is Spanish; d6 has no readable date and goes last.
    assert_eq!(ids(&docs), ["d1", "2", "d3", "d4", "d6"]);
    assert_eq!(docs[1].label, "17", "numeric ids and clusters are read as strings");
    assert_eq!(docs[1].label, docs[3].label, "cluster 17 and \"17\" are the same cluster");
    assert_eq!(docs[0].title.as_deref(), Some("Earthquake kills 40 in Valdora"));
    assert_eq!(docs[0].published.unwrap().to_rfc3339(), "2014-12-07T09:00:00+00:00");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings.iter().any(|w| w.subject.ends_with("d5") && w.message.contains("no cluster")));

    let (all, _) = data::read_miranda(&fixture("miranda.json"), None).unwrap();
    assert_eq!(all.len(), 6);
    assert!(data::read_miranda(&fixture("miranda.json"), Some("fr")).is_err());
}

#[test]
fn labelled_dir_decodes_cp1252_and_crlf() {
    let (docs, warnings) = data::read_labelled_dir(&fixture("labelled")).unwrap();
    assert_eq!(ids(&docs), ["quake.1.txt", "quake.2.txt", "Paris (1).txt", "rates.1.txt"]);
    assert_eq!(
        docs[0].text,
        "Earthquake kills 40 in Valdora\n\nThe quake\u{2019}s epicentre was near the town, officials said \u{201c}on Sunday\u{201d}.\n"
    );
    assert!(docs[1].text.starts_with("Aftershock rattles Valdora\nRescuers"), "utf-8 files stay utf-8");
    assert!(docs[2].text.contains("Caf\u{e9}s"));
    assert!(docs[3].text.starts_with("Nordmark"), "a byte-order mark is dropped; files next to labels.tsv are found");
    assert_eq!(docs[2].label, "ParisAttacks");
    assert!(docs.iter().all(|d| d.title.is_none() && d.published.is_none()));
    assert_eq!(warnings.len(), 2, "{warnings:?}"); // missing.txt and the line without a tab
                                                   // The labels file itself is accepted too.
    let (again, _) = data::read_labelled_dir(&fixture("labelled/labels.tsv")).unwrap();
    assert_eq!(again.len(), 4);
    let err = data::read_labelled_dir(&fixture("labelled/docs")).unwrap_err();
    assert!(err.to_string().contains("labels.tsv"), "{err}");
}

#[test]
fn labelled_dir_reads_columns_by_header() {
    // The ECB+ and GVC layout: file, event, topic, published. Regression: the rest of the line was
    // taken as the label, so each (event, date) pair became a gold cluster of its own.
    let (docs, warnings) = data::read_labelled_dir(&fixture("labelled-topics")).unwrap();
    assert_eq!(ids(&docs), ["a.txt", "b.txt", "c.txt"]);
    let labels: Vec<&str> = docs.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(labels, ["q1", "q2", "q1"]);
    assert!(docs.iter().all(|d| d.topic.as_deref() == Some("quake")));
    assert_eq!(docs[0].published.unwrap().to_rfc3339(), "2014-06-15T00:00:00+00:00");
    assert!(docs[1].published.is_none() && docs[2].published.is_none());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("not a date"), "{warnings:?}");
}

#[test]
fn wcep_jsonl_reads_clusters_and_skips_broken_lines() {
    let (clusters, warnings) = data::read_wcep(&fixture("wcep.jsonl")).unwrap();
    assert_eq!(clusters.len(), 2);
    assert_eq!(clusters[0].id_string(1), "c1");
    assert_eq!(clusters[0].articles.len(), 2);
    assert_eq!(clusters[0].articles[1].time.as_deref(), Some("2014-12-07 11:00:00"));
    assert!(clusters[1].summary.contains("1.5%"));
    assert_eq!(warnings.len(), 2, "{warnings:?}"); // the broken line and the cluster without articles
}

#[test]
fn gzipped_files_are_read_transparently() {
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("tidings-eval-gz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("wcep.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(&path).unwrap(), flate2::Compression::fast());
    gz.write_all(&std::fs::read(fixture("wcep.jsonl")).unwrap()).unwrap();
    gz.finish().unwrap();
    let (clusters, _) = data::read_wcep(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(clusters.len(), 2);
}

#[test]
fn dates_in_benchmark_forms() {
    let check = |s: &str, expected: Option<&str>| {
        assert_eq!(data::parse_date(s).map(|d| d.to_rfc3339()).as_deref(), expected, "{s}");
    };
    check("2014-12-07 09:00:00", Some("2014-12-07T09:00:00+00:00"));
    check("2014-12-07T09:00:00+02:00", Some("2014-12-07T09:00:00+02:00"));
    check("2019-01-04 16:01:32.5", Some("2019-01-04T16:01:32.500+00:00"));
    check("2019-01-04", Some("2019-01-04T00:00:00+00:00"));
    check("yesterday", None);
}

#[test]
fn metrics_on_the_miranda_fixture() {
    let (docs, _) = data::read_miranda(&fixture("miranda.json"), Some("eng")).unwrap();
    let mut labels = LabelIds::default();
    let gold: Vec<u64> = docs.iter().map(|d| labels.id(&d.label)).collect();
    // Gold (date order): d1 quake, 2 rates, d3 quake, d4 rates, d6 solo.
    // Predicted: the two quake articles together, the rate articles apart, d6 joins the second rate article.
    let predicted = [0, 1, 0, 2, 2];
    let s = score(&gold, &predicted);
    // Gold pairs: (d1,d3), (2,d4) = 2. Predicted pairs: (d1,d3), (d4,d6) = 2. TP = 1.
    assert_eq!((s.pairs.tp, s.pairs.fp, s.pairs.fn_, s.pairs.tn), (1, 1, 1, 7));
    assert_eq!((s.pairwise.precision, s.pairwise.recall), (0.5, 0.5));
    // BCubed P: d1 1, 2 1, d3 1, d4 1/2, d6 1/2 → 4/5. R: d1 1, 2 1/2, d3 1, d4 1/2, d6 1 → 4/5.
    assert!((s.bcubed.precision - 0.8).abs() < 1e-12 && (s.bcubed.recall - 0.8).abs() < 1e-12);
    assert_eq!((s.gold_clusters, s.predicted_clusters), (3, 3));
}
