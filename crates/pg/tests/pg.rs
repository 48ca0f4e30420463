//! What only the PostgreSQL store has: its migrations, the queue's leases, and batches that are
//! all or nothing when a step fails. Needs a server (see `tidings_pg::testing`).

use tidings_ingest::{Body, RawDoc};
use tidings_pg::{queue, schema, PgStore};
use tidings_store::failpoint::{Action, POINTS};
use tidings_store::{SearchQuery, Store, StoreError};

fn synth(n: usize) -> RawDoc {
    let topic = ["harbour strike", "river flood", "chess final"][n % 3];
    RawDoc {
        url: Some(format!("https://synth.example/{n}")),
        outlet: Some(format!("Outlet {}", n % 4)),
        title: Some(format!("Update {n} on the {topic}")),
        body: Body::Text(format!(
            "Officials said the {topic} went on for day {n}, marker mk{n}x. Residents called the {topic} the largest in years."
        )),
        ..RawDoc::default()
    }
}

fn client(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap()
}

#[test]
fn migrates_an_empty_database_and_one_of_the_previous_version() {
    let Some(db) = tidings_pg::testing::test_db("migrations") else { return };
    {
        // The previous version (1: the store without the queue), with one article in it.
        let mut c = client(&db.url);
        assert_eq!(schema::migrate_to(&mut c, "old", 1).unwrap(), 1);
        c.batch_execute(
            "INSERT INTO articles (id, key, content_hash, revision, title, time_ms, text, paragraphs, sentences, summary, words, ingested_ms)
             VALUES ('a1', 'k', 'h', 1, 'Old title', 0, 'Old text about harbours.', '[[0,24]]', '[[0,24]]', '[0]', 4, 0)",
        )
        .unwrap();
    }
    let store = PgStore::open(&db.url).unwrap();
    assert_eq!(store.stats().unwrap().schema_version, schema::SCHEMA_VERSION);
    assert_eq!(store.article("a1").unwrap().unwrap().title, "Old title");
    assert_eq!(store.search(&SearchQuery { q: "harbours".into(), ..Default::default() }).unwrap().articles.len(), 1);
    assert_eq!(queue::enqueue_docs(&store, vec![synth(1)]).unwrap(), 1);
    // Opening again changes nothing; an empty database gets every migration.
    drop(store);
    assert_eq!(PgStore::open(&db.url).unwrap().stats().unwrap().schema_version, schema::SCHEMA_VERSION);
    let Some(empty) = tidings_pg::testing::test_db("migrations_empty") else { return };
    let store = PgStore::open(&empty.url).unwrap();
    assert_eq!(store.stats().unwrap().schema_version, schema::SCHEMA_VERSION);
    assert_eq!(store.ingest((0..3).map(synth).collect()).unwrap().added, 3);
}

#[test]
fn a_newer_database_is_refused_with_a_clear_message() {
    let Some(db) = tidings_pg::testing::test_db("newer") else { return };
    client(&db.url)
        .batch_execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_ms BIGINT NOT NULL); INSERT INTO schema_version VALUES (99, 0);")
        .unwrap();
    let err = PgStore::open(&db.url).err().expect("a newer schema is refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }));
    assert!(err.to_string().contains("upgrade tidings"), "{err}");
}

#[test]
fn a_job_is_leased_once_and_taken_again_only_after_its_lease() {
    let Some(db) = tidings_pg::testing::test_db("leases") else { return };
    let store = PgStore::open(&db.url).unwrap();
    for i in 0..3 {
        assert_eq!(queue::enqueue_docs(&store, vec![synth(i)]).unwrap(), 1);
    }
    assert_eq!(queue::enqueue_docs(&store, (3..3 + queue::DOCS_PER_JOB + 1).map(synth).collect()).unwrap(), 2, "16 documents to a job");
    let mut c = client(&db.url);
    c.execute("DELETE FROM jobs WHERE id > 3", &[]).unwrap();
    let a = queue::claim(&store, &mut c, "a", 2, 60_000).unwrap();
    let b = queue::claim(&store, &mut c, "b", 5, 60_000).unwrap();
    assert_eq!((a.len(), b.len()), (2, 1), "a live lease is never claimed twice");
    assert!(queue::claim(&store, &mut c, "c", 5, 60_000).unwrap().is_empty());
    // Worker a "dies": its leases run out and c takes the jobs again.
    c.execute("UPDATE jobs SET lease_until_ms = 0 WHERE lease_owner = 'a'", &[]).unwrap();
    let again = queue::claim(&store, &mut c, "c", 5, 60_000).unwrap();
    assert_eq!(again.iter().map(|j| j.id).collect::<Vec<_>>(), a.iter().map(|j| j.id).collect::<Vec<_>>());
    assert!(again.iter().all(|j| j.attempt == 2));
    // a comes back to life: its completion is refused (fencing), c's is taken.
    let mut tx = c.transaction().unwrap();
    assert!(!queue::finish(&store, &mut tx, a[0].id, "a", a[0].attempt, "done", None).unwrap());
    assert!(queue::finish(&store, &mut tx, again[0].id, "c", again[0].attempt, "done", None).unwrap());
    tx.commit().unwrap();
    // A job whose workers keep dying is given up after MAX_ATTEMPTS claims, with a reason.
    for _ in 0..queue::MAX_ATTEMPTS {
        c.execute("UPDATE jobs SET lease_until_ms = 0 WHERE state = 'leased'", &[]).unwrap();
        queue::claim(&store, &mut c, "d", 5, 60_000).unwrap();
    }
    let failed: i64 = c.query_one("SELECT count(*) FROM jobs WHERE state = 'failed' AND error LIKE 'given up%'", &[]).unwrap().get(0);
    assert_eq!(failed, 2);
    let s = tidings_pg::status::status(&store).unwrap();
    assert_eq!((s.done, s.failed, s.queued + s.leased), (1, 2, 0));
}

#[test]
fn a_failed_batch_leaves_nothing_half_written() {
    let Some(db) = tidings_pg::testing::test_db("failpoints") else { return };
    let store = PgStore::open(&db.url).unwrap();
    store.ingest((0..4).map(synth).collect()).unwrap();
    for point in POINTS {
        let before = (store.stats().unwrap(), store.stories(&Default::default()).unwrap().stories);
        store.set_failpoint(point, Some(Action::Error));
        let err = store.ingest((4..9).map(synth).collect()).unwrap_err();
        assert!(matches!(err, StoreError::Failpoint(ref p) if p == point), "{point}: {err}");
        assert_eq!(before, (store.stats().unwrap(), store.stories(&Default::default()).unwrap().stories), "{point} left a partial batch");
        assert!(store.search(&SearchQuery { q: "mk5x".into(), ..Default::default() }).unwrap().articles.is_empty(), "{point}");
        store.set_failpoint(point, None);
    }
    assert_eq!(store.ingest((4..9).map(synth).collect()).unwrap().added, 5);
    assert_eq!(store.stats().unwrap().articles, 9);
}
