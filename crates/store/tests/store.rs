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
