//! The store contract, run against both backends: the embedded SQLite store and PostgreSQL.
//! Every test here runs twice (`sqlite::name` and `pg::name`); the PostgreSQL runs need a server
//! (see `tidings_pg::testing`): without one they skip loudly, under CI they fail.

use std::path::PathBuf;

use tidings_ingest::{Body, RawDoc};
use tidings_store::{SearchQuery, Sort, Store, StoreError, StoryQuery};

fn seeds() -> Vec<RawDoc> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let (docs, warnings) = tidings_ingest::read_paths(&[dir]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(docs.len(), 5);
    docs
}

fn doc(url: &str, outlet: &str, title: &str, text: &str) -> RawDoc {
    RawDoc {
        url: Some(url.into()),
        outlet: Some(outlet.into()),
        title: Some(title.into()),
        published: tidings_ingest::parse_date("2024-03-01T10:00:00Z"),
        body: Body::Text(text.into()),
        path: None,
    }
}

const T0: i64 = 1_700_000_000_000;

/// Runs each contract test on a fresh SQLite store and on a fresh PostgreSQL database.
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                let dir = tempfile::tempdir().unwrap();
                let store = tidings_store::SqliteStore::open_dir(dir.path()).unwrap();
                super::$name(&store);
            })*
        }
        mod pg {
            $(#[test]
            fn $name() {
                let Some(db) = tidings_pg::testing::test_db(stringify!($name)) else { return };
                let store = tidings_pg::PgStore::open(&db.url).unwrap();
                super::$name(&store);
            })*
        }
    };
}

contract!(
    seeds_make_the_same_story_as_the_digest,
    same_article_twice_is_a_no_op_and_an_edit_is_a_revision,
    story_ids_stay_stable_and_history_tells_what_changed,
    search_with_filters,
    a_script_title_is_plain_text_in_the_text_views,
);

fn seeds_make_the_same_story_as_the_digest(store: &dyn Store) {
    let r = store.ingest_at(seeds(), T0).unwrap();
    assert_eq!((r.added, r.unchanged, r.stories_created), (5, 0, 1));
    let digest = tidings_digest::run(seeds(), &tidings_digest::Options::default());
    let want = serde_json::to_value(tidings_digest::wire::story(&digest, &digest.stories[0])).unwrap();
    let page = store.stories(&StoryQuery::default()).unwrap();
    assert_eq!(page.total, 1);
    let got = store.story(&page.stories[0].id).unwrap().unwrap();
    let got: serde_json::Value = serde_json::from_str(&got.json).unwrap();
    // Exactly the digest's story JSON: same fields, same values.
    assert_eq!(got, want);
}

fn same_article_twice_is_a_no_op_and_an_edit_is_a_revision(store: &dyn Store) {
    let a = doc(
        "https://news.example/a?utm_source=x",
        "Example",
        "Bridge closed after flood",
        "The old bridge closed on Friday after the river flooded the town. Engineers will inspect it.",
    );
    assert_eq!(store.ingest_at(vec![a.clone()], T0).unwrap().added, 1);
    let again = store.ingest_at(vec![a.clone()], T0 + 1).unwrap();
    assert_eq!((again.added, again.unchanged), (0, 1));
    // The same URL (tracking parameters aside) with new text is a new revision.
    let mut edited = a.clone();
    edited.url = Some("https://NEWS.example/a".into());
    edited.body = Body::Text("The old bridge closed on Friday after the river flooded the town. Engineers found cracks.".into());
    let r = store.ingest_at(vec![edited], T0 + 2).unwrap();
    assert_eq!((r.added, r.revised), (1, 1));
    let stats = store.stats().unwrap();
    assert_eq!((stats.articles, stats.stories), (1, 1));
    let page = store.stories(&StoryQuery::default()).unwrap();
    let story: serde_json::Value = serde_json::from_str(&store.story(&page.stories[0].id).unwrap().unwrap().json).unwrap();
    let id = story["articles"][0]["id"].as_str().unwrap().to_string();
    let view = store.article(&id).unwrap().unwrap();
    assert_eq!(view.revision, 2);
    assert!(view.text.contains("cracks"));
    // The old revision is still readable and points at the new one.
    let hits = store.search(&SearchQuery { q: "inspect".into(), ..Default::default() }).unwrap();
    assert!(hits.articles.is_empty(), "superseded revisions are not searched");
}

fn story_ids_stay_stable_and_history_tells_what_changed(store: &dyn Store) {
    let mut docs = seeds();
    let last = docs.pop().unwrap();
    store.ingest_at(docs, T0).unwrap();
    let before = store.stories(&StoryQuery::default()).unwrap();
    assert_eq!(before.total, 1);
    let id = before.stories[0].id.clone();
    let r = store.ingest_at(vec![last], T0 + 60_000).unwrap();
    assert_eq!((r.added, r.stories_created, r.stories_updated), (1, 0, 1));
    let after = store.stories(&StoryQuery::default()).unwrap();
    assert_eq!(after.stories[0].id, id, "the story keeps its id as articles arrive");
    assert_eq!(after.stories[0].articles, 5);
    let all = store.changes(&id, 0).unwrap().unwrap();
    assert_eq!(all.len(), 2);
    assert!(all[0].created && all[0].articles.len() == 4);
    let recent = store.changes(&id, T0 + 1).unwrap().unwrap();
    assert_eq!(recent.len(), 1);
    assert!(!recent[0].created);
    assert_eq!(recent[0].articles.len(), 1);
    assert!(store.changes("s-unknown", 0).unwrap().is_none());
}

fn search_with_filters(store: &dyn Store) {
    let docs = vec![
        doc(
            "https://a.example/1",
            "Alpha News",
            "Volcano erupts near village",
            "The volcano near Santa Maria erupted on Monday, forcing hundreds to leave. Ash covered the roads.",
        ),
        doc(
            "https://b.example/1",
            "Beta Times",
            "Parliament passes budget",
            "Parliament passed the budget on Tuesday after a long debate. The finance minister welcomed the vote.",
        ),
    ];
    store.ingest_at(docs, T0).unwrap();
    let q = |q: &str, outlet: Option<&str>, entity: Option<&str>| {
        store
            .search(&SearchQuery { q: q.into(), outlet: outlet.map(String::from), entity: entity.map(String::from), ..Default::default() })
            .unwrap()
    };
    let r = q("volcano", None, None);
    assert_eq!(r.articles.len(), 1);
    assert_eq!(r.articles[0].title, "Volcano erupts near village");
    assert!(r.articles[0].snippet.highlights.iter().any(|&[a, b]| r.articles[0].snippet.text[a..b].eq_ignore_ascii_case("volcano")));
    assert_eq!(r.stories.len(), 1);
    assert_eq!(q("volcano", Some("beta times"), None).articles.len(), 0);
    assert_eq!(q("volcano", Some("alpha news"), None).articles.len(), 1);
    assert_eq!(q("volcano", None, Some("Santa Maria")).articles.len(), 1);
    assert_eq!(q("volcano", None, Some("Santa Cruz")).articles.len(), 0);
    // FTS5 syntax in a query is read as words, never as operators.
    assert_eq!(q("budget OR \"volcano", None, None).articles.len(), 0);
    assert_eq!(q("budget) (", None, None).articles.len(), 1);
    let dated = store.search(&SearchQuery { q: "budget".into(), from_ms: Some(T0 * 2), ..Default::default() }).unwrap();
    assert!(dated.articles.is_empty());
    assert!(matches!(store.search(&SearchQuery { q: " -- ".into(), ..Default::default() }), Err(StoreError::BadQuery(_))));
    // Sorted by size and filtered by outlet.
    let page = store.stories(&StoryQuery { sort: Sort::Size, outlet: Some("BETA TIMES".into()), ..Default::default() }).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.stories[0].headline, "Parliament passes budget");
}

fn a_script_title_is_plain_text_in_the_text_views(store: &dyn Store) {
    store
        .ingest_at(
            vec![doc(
                "https://x.example/s",
                "X",
                "<script>alert(1)</script> Storm",
                "A storm hit the coast on Friday, closing ports. Ferries stopped.",
            )],
            T0,
        )
        .unwrap();
    let page = store.stories(&StoryQuery::default()).unwrap();
    let text = tidings_store::text::story_list(&page);
    assert!(text.contains("<script>alert(1)</script> Storm"));
    let json = store.story(&page.stories[0].id).unwrap().unwrap().json;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["headline"], "<script>alert(1)</script> Storm");
}
