//! What only the SQLite store has: its migrations. The contract every backend meets is tested
//! on both backends in `crates/pg/tests/contract.rs`.

use std::path::PathBuf;

use tidings_ingest::RawDoc;
use tidings_store::{SearchQuery, SqliteStore, Store, StoreError};

fn seeds() -> Vec<RawDoc> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let (docs, warnings) = tidings_ingest::read_paths(&[dir]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(docs.len(), 5);
    docs
}

const T0: i64 = 1_700_000_000_000;

#[test]
fn an_older_store_opens_with_a_newer_binary() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old.sqlite3");
    {
        // A version 1 store, as the first release wrote it, with one article in it.
        let mut c = rusqlite::Connection::open(&file).unwrap();
        tidings_store::schema_for_tests::migrate_to(&mut c, "old", 1).unwrap();
        c.execute(
            "INSERT INTO articles (id, key, content_hash, revision, title, time_ms, text, paragraphs, sentences, summary, words, ingested_ms)
             VALUES ('a1', 'k', 'h', 1, 'Old title', 0, 'Old text about harbours.', '[[0,24]]', '[[0,24]]', '[0]', 4, 0)",
            [],
        )
        .unwrap();
    }
    let store = SqliteStore::open(&file).unwrap();
    assert_eq!(store.stats().unwrap().schema_version, tidings_store::SCHEMA_VERSION);
    assert_eq!(store.article("a1").unwrap().unwrap().title, "Old title");
    assert_eq!(store.search(&SearchQuery { q: "harbours".into(), ..Default::default() }).unwrap().articles.len(), 1);
    store.ingest_at(seeds(), T0).unwrap();
    assert!(store.stats().unwrap().stories >= 1);
}

#[test]
fn a_newer_store_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.sqlite3");
    {
        let c = rusqlite::Connection::open(&file).unwrap();
        c.execute_batch("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_ms INTEGER NOT NULL); INSERT INTO schema_version VALUES (99, 0);").unwrap();
    }
    let err = SqliteStore::open(&file).err().expect("a newer schema is refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }));
    assert!(err.to_string().contains("upgrade tidings"), "{err}");
}

#[test]
fn the_story_text_is_the_whole_brief_as_the_digest_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    store.ingest_at(seeds(), T0).unwrap();
    let id = store.stories(&Default::default()).unwrap().stories[0].id.clone();
    let stored = tidings_store::text::story(&store.story(&id).unwrap().unwrap().json, None);
    let d = tidings_digest::run(seeds(), &tidings_digest::Options::default());
    let printed = tidings_digest::render::text(&d);
    // The digest's story block: after the header (rule, "1. headline", counts, rule).
    let body = |s: &str| -> String {
        let lines: Vec<&str> = s.lines().collect();
        let second_rule = lines.iter().enumerate().filter(|(_, l)| l.starts_with("=====")).nth(1).unwrap().0;
        lines[second_rule + 1..].join("\n").trim().to_string()
    };
    let want = body(&printed);
    for section in
        ["Where the outlets disagree", "Summary", "Timeline", "People, places and organisations", "Quotes", "Sources", "Why grouped"]
    {
        assert!(want.contains(section), "the digest prints {section}");
    }
    assert_eq!(body(&stored), want);
    assert!(stored.contains(&format!("id {id}")));
}

#[test]
fn a_store_of_version_4_gets_the_desk_fields_from_its_briefs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("v4.sqlite3");
    let wire = {
        // A store written by the previous release: migrations 1 to 4, then a batch as it wrote them.
        let d = tidings_digest::run(seeds(), &tidings_digest::Options::default());
        serde_json::to_string(&tidings_digest::wire::story(&d, &d.stories[0])).unwrap()
    };
    {
        let mut c = rusqlite::Connection::open(&file).unwrap();
        tidings_store::schema_for_tests::migrate_to(&mut c, "v4", 4).unwrap();
        c.execute(
            "INSERT INTO stories (id, headline, summary_text, sources, n_articles, outlets, conflict, created_ms, updated_ms, last_time_ms, wire)
             VALUES ('s1', 'Old headline', '', 5, 5, '[\"www.Example.com\"]', 0, 0, 0, 0, ?1)",
            [&wire],
        )
        .unwrap();
    }
    let store = SqliteStore::open(&file).unwrap();
    assert_eq!(store.stats().unwrap().schema_version, tidings_store::SCHEMA_VERSION);
    let row = store.story("s1").unwrap().unwrap().row;
    let v: serde_json::Value = serde_json::from_str(&wire).unwrap();
    assert_eq!(row.gist, v["summary"][0]["text"].as_str().unwrap());
    assert_eq!(row.language.as_deref(), Some("en"));
    let f = store.facets(&Default::default()).unwrap();
    assert_eq!(f.outlets[0].value, "example.com");
    assert!(!f.people.is_empty() && !f.languages.is_empty());
    assert_eq!(store.stories(&tidings_store::StoryQuery { outlet: Some("example.com".into()), ..Default::default() }).unwrap().total, 1);
}

#[test]
fn the_store_keeps_running_document_frequencies() {
    // A regroup of a window weighs terms by every article the store has taken in, so the counts
    // must grow with each batch and count an article once, however often it is sent again.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("df.sqlite3");
    let store = SqliteStore::open(&file).unwrap();
    let mut docs = seeds();
    let rest = docs.split_off(2);
    store.ingest_at(docs.clone(), T0).unwrap();
    store.ingest_at(rest, T0 + 1).unwrap();
    store.ingest_at(docs, T0 + 2).unwrap(); // the same two again: nothing new
    let c = rusqlite::Connection::open(&file).unwrap();
    let df = |t: &str| -> i64 { c.query_row("SELECT df FROM term_df WHERE term = ?1", [t], |r| r.get(0)).unwrap_or(0) };
    assert_eq!(df(""), 5, "five documents in all");
    // Every seed names Kim (as a name) and speaks of a train.
    assert_eq!(df("~kim"), 5);
    assert_eq!(df("train"), 5);
}
