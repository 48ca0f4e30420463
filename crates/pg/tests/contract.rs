//! The store contract, run against both backends: the embedded SQLite store and PostgreSQL.
//! Every test here runs twice (`sqlite::name` and `pg::name`); the PostgreSQL runs need a server
//! (see `tidings_pg::testing`): without one they skip loudly, under CI they fail.

use std::path::PathBuf;

use tidings_ingest::{Body, RawDoc};
use tidings_store::{Correction, SearchQuery, Sort, Store, StoreError, StoryQuery};

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
    the_front_page_rows_say_who_when_and_what,
    filters_with_counts_and_undated_stories_apart,
    search_finds_stories_through_articles_and_lists_undated_articles_apart,
    a_split_and_a_merge_by_hand_survive_later_ingests_and_are_undone,
    a_moved_article_and_a_headline_stay_and_bad_corrections_are_refused,
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

fn dated(url: &str, outlet: &str, title: &str, text: &str, published: Option<&str>) -> RawDoc {
    RawDoc { published: published.and_then(tidings_ingest::parse_date), ..doc(url, outlet, title, text) }
}

/// Three events from five outlets, one of them spelled two ways, and one undated article.
fn desk_docs() -> Vec<RawDoc> {
    vec![
        dated(
            "https://www.alpha.example/quake",
            "www.Alpha.example",
            "Earthquake shakes the northern coast",
            "A strong earthquake shook the northern coast of Atlantis on Monday, damaging the harbour of Port Vela. \
             Rescuers from Port Vela searched collapsed buildings through the night. The quake had a magnitude of 6.8.",
            Some("2024-03-04T09:00:00Z"),
        ),
        dated(
            "https://alpha.example/quake-update",
            "alpha.example",
            "Rescuers search Port Vela after the earthquake",
            "Rescuers searched the harbour of Port Vela on Tuesday after the earthquake on the northern coast of Atlantis. \
             The quake had a magnitude of 6.8 and damaged hundreds of buildings in Port Vela.",
            Some("2024-03-05T12:00:00Z"),
        ),
        dated(
            "https://beta.example/quake",
            "Beta Times",
            "Port Vela counts the damage of the earthquake",
            "Officials in Port Vela said on Tuesday that three cranes and a ferry terminal were lost to the earthquake. \
             Fishermen described waves breaking over the sea wall at dawn, and schools across Atlantis stayed closed. \
             The mayor asked volunteers to bring blankets and water to the town hall.",
            Some("2024-03-05T15:00:00Z"),
        ),
        dated(
            "https://gamma.example/budget",
            "Gamma Post",
            "Parliament of Borduria passes the budget",
            "The parliament of Borduria passed the budget on Wednesday after a long debate in Szohod. \
             Finance minister Anna Kovac welcomed the vote in Szohod.",
            Some("2024-03-06T10:00:00Z"),
        ),
        dated(
            "https://delta.example/zoo",
            "Delta Daily",
            "A panda cub is born at the city zoo",
            "A panda cub was born at the city zoo of Marlow, keepers said. The cub and its mother are doing well in Marlow.",
            None,
        ),
    ]
}

fn the_front_page_rows_say_who_when_and_what(store: &dyn Store) {
    store.ingest_at(desk_docs(), T0).unwrap();
    let page = store.stories(&StoryQuery::default()).unwrap();
    assert_eq!(page.total, 3, "{:#?}", page.stories);
    // Latest: by the last article's publication time; the undated story by its ingest time (T0 is
    // in 2023, before every dated article).
    let heads: Vec<&str> = page.stories.iter().map(|s| s.headline.as_str()).collect();
    assert!(heads[0].contains("budget"), "{heads:?}");
    assert!(heads[2].contains("panda"), "{heads:?}");
    let quake = &page.stories[1];
    // One name per outlet: www.Alpha.example and alpha.example are one outlet.
    assert_eq!(quake.outlets, ["alpha.example", "Beta Times"]);
    assert_eq!((quake.articles, quake.sources), (3, 2));
    assert!(quake.gist.contains("earthquake") || quake.gist.contains("quake"), "{}", quake.gist);
    assert_eq!(quake.language.as_deref(), Some("en"));
    assert_eq!(quake.event.as_deref(), Some("2024-03-04"));
    assert_eq!(quake.first_published.as_deref(), Some("2024-03-04T09:00:00Z"));
    assert_eq!(quake.last_published.as_deref(), Some("2024-03-05T15:00:00Z"));
    assert_eq!(quake.latest, "2024-03-05T15:00:00Z");
    assert!(!quake.conflict && !quake.edited);
    let panda = &page.stories[2];
    assert_eq!((panda.event.as_deref(), panda.last_published.as_deref()), (None, None));
    // Size: the quake first.
    let by_size = store.stories(&StoryQuery { sort: Sort::Size, ..Default::default() }).unwrap();
    assert_eq!(by_size.stories[0].id, quake.id);
    // The text view uses the same words.
    let text = tidings_store::text::story_list(&page);
    assert!(text.contains("3 articles · 2 outlets: alpha.example, Beta Times · 2 independent sources"), "{text}");
}

fn filters_with_counts_and_undated_stories_apart(store: &dyn Store) {
    store.ingest_at(desk_docs(), T0).unwrap();
    let q = |f: fn(&mut StoryQuery)| {
        let mut q = StoryQuery::default();
        f(&mut q);
        store.stories(&q).unwrap()
    };
    // Any spelling of an outlet finds it.
    for spelling in ["alpha.example", "www.alpha.example", "ALPHA.example", "https://www.alpha.example/"] {
        let p = store.stories(&StoryQuery { outlet: Some(spelling.into()), ..Default::default() }).unwrap();
        assert_eq!(p.total, 1, "{spelling}");
    }
    assert_eq!(q(|q| q.language = Some("EN".into())).total, 3);
    assert_eq!(q(|q| q.language = Some("de".into())).total, 0);
    let port_vela = q(|q| q.entity = Some("port  vela".into()));
    assert_eq!(port_vela.total, 1, "{:?}", store.facets(&StoryQuery::default()).unwrap());
    // A date range keeps the stories with an article in it, and counts the undated ones apart.
    let day = |d: &str| tidings_store::parse_time_ms(d);
    let march5 = store.stories(&StoryQuery { from_ms: day("2024-03-05"), to_ms: day("2024-03-06"), ..Default::default() }).unwrap();
    assert_eq!(march5.total, 1);
    assert_eq!(march5.undated, Some(1));
    let undated = store.stories(&StoryQuery { undated: true, ..Default::default() }).unwrap();
    assert_eq!(undated.total, 1);
    assert!(undated.stories[0].headline.contains("panda"));
    assert_eq!(store.stories(&StoryQuery::default()).unwrap().undated, None);
    // Counts of each filter value.
    let f = store.facets(&StoryQuery::default()).unwrap();
    let count = |list: &[tidings_store::Facet], v: &str| list.iter().find(|x| x.value == v).map(|x| x.stories);
    assert_eq!(count(&f.outlets, "alpha.example"), Some(1));
    assert_eq!(f.outlets.iter().filter(|x| x.value.contains("alpha")).count(), 1, "{:?}", f.outlets);
    assert_eq!(count(&f.languages, "en"), Some(3));
    assert!(f.places.iter().chain(&f.people).chain(&f.organizations).any(|x| x.value == "port vela"), "{f:?}");
    let narrowed = store.facets(&StoryQuery { outlet: Some("beta times".into()), ..Default::default() }).unwrap();
    assert_eq!(count(&narrowed.languages, "en"), Some(1));
}

fn search_finds_stories_through_articles_and_lists_undated_articles_apart(store: &dyn Store) {
    store.ingest_at(desk_docs(), T0).unwrap();
    // "night" is in the articles' text, not in the quake story's headline or summary alone.
    let r = store.search(&SearchQuery { q: "rescuers night".into(), ..Default::default() }).unwrap();
    assert!(!r.articles.is_empty());
    assert_eq!(r.stories.len(), 1, "the story of the matching articles is found");
    assert!(r.stories[0].headline.to_lowercase().contains("earthquake") || r.stories[0].headline.contains("Port Vela"));
    // Undated articles are listed apart under a date range, never dropped silently.
    let q = SearchQuery { q: "marlow".into(), from_ms: tidings_store::parse_time_ms("2024-01-01"), ..Default::default() };
    let r = store.search(&q).unwrap();
    assert!(r.articles.is_empty());
    assert_eq!(r.undated.len(), 1);
    let r = store.search(&SearchQuery { q: "marlow".into(), ..Default::default() }).unwrap();
    assert_eq!((r.articles.len(), r.undated.len()), (1, 0));
    // The outlet filter takes any spelling.
    let r = store.search(&SearchQuery { q: "quake".into(), outlet: Some("alpha.example".into()), ..Default::default() }).unwrap();
    assert_eq!(r.articles.len(), 2);
    let text = tidings_store::text::search(&store.search(&q).unwrap());
    assert!(text.contains("Undated articles (1)"), "{text}");
}

/// The stories as sets of article ids, sorted, for comparisons that do not depend on ids.
fn partition(store: &dyn Store) -> Vec<Vec<String>> {
    let page = store.stories(&StoryQuery { limit: 500, ..Default::default() }).unwrap();
    let mut out: Vec<Vec<String>> = page
        .stories
        .iter()
        .map(|s| {
            let v: serde_json::Value = serde_json::from_str(&store.story(&s.id).unwrap().unwrap().json).unwrap();
            let mut ids: Vec<String> = v["articles"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect();
            ids.sort();
            ids
        })
        .collect();
    out.sort();
    out
}

fn members(store: &dyn Store, story: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&store.story(story).unwrap().unwrap().json).unwrap();
    v["articles"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect()
}

/// A rewrite of one seed article under a new path: the grouping puts it with its original.
fn follow_up(n: usize) -> RawDoc {
    let mut d = seeds().remove(n);
    d.path = Some(format!("follow-up-{n}.txt"));
    if let Body::Text(t) = &mut d.body {
        t.push_str("\n\nThe visit was followed closely by observers in Seoul and Tokyo.");
    }
    d
}

fn a_split_and_a_merge_by_hand_survive_later_ingests_and_are_undone(store: &dyn Store) {
    store.ingest_at(seeds(), T0).unwrap();
    let id = store.stories(&StoryQuery::default()).unwrap().stories[0].id.clone();
    let all = members(store, &id);
    assert_eq!(all.len(), 5);
    let machine = partition(store);

    // Split two articles off.
    let leave = vec![all[3].clone(), all[4].clone()];
    let done = store.correct_at(&Correction::Split { story: id.clone(), articles: leave.clone() }, T0 + 1_000).unwrap();
    assert_eq!(done.story.as_deref(), Some(id.as_str()));
    let new_id = done.other.clone().expect("the split opens a story");
    assert_eq!((done.stories_created, done.stories_updated), (1, 1));
    let mut got = members(store, &new_id);
    got.sort();
    let mut want = leave.clone();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(members(store, &id).len(), 3);
    let rows = store.stories(&StoryQuery::default()).unwrap();
    assert!(rows.stories.iter().all(|s| s.edited), "both stories are marked edited");
    // The history of both says it was done by hand.
    for s in [&id, &new_id] {
        let h = store.changes(s, T0 + 1_000).unwrap().unwrap();
        assert!(h.iter().any(|c| c.edit.as_deref().is_some_and(|e| e.contains("split"))), "{s}: {h:?}");
    }
    let split = partition(store);

    // A later ingest regroups everything: the split stays, the follow-ups join a side.
    store.ingest_at(vec![follow_up(0), follow_up(4)], T0 + 2_000).unwrap();
    let after = partition(store);
    assert_eq!(after.len(), 2, "{after:?}");
    for part in &split {
        assert!(after.iter().any(|a| part.iter().all(|x| a.contains(x))), "the split pieces stay together and apart: {after:?}");
    }
    assert_eq!(after.iter().map(Vec::len).sum::<usize>(), 7);

    // Merge them back by hand; the merged id finds the kept story.
    let merged = store.correct_at(&Correction::Merge { story: new_id.clone(), into: id.clone() }, T0 + 3_000).unwrap();
    assert_eq!(merged.other.as_deref(), Some(id.as_str()));
    assert_eq!(merged.stories_merged, 1);
    assert_eq!(partition(store).len(), 1);
    assert_eq!(store.story(&new_id).unwrap().unwrap().row.id, id);
    let h = store.changes(&id, T0 + 3_000).unwrap().unwrap();
    assert!(h.iter().any(|c| c.edit.as_deref().is_some_and(|e| e.contains("merged"))), "{h:?}");
    store.ingest_at(vec![follow_up(2)], T0 + 4_000).unwrap();
    assert_eq!(partition(store).len(), 1, "the merge survives an ingest");

    // The log, and undo: the merge first (the split comes back), then the split.
    let log = store.corrections(&id).unwrap().unwrap();
    assert_eq!(log.iter().map(|c| c.kind.as_str()).collect::<Vec<_>>(), ["split", "merge"]);
    let undone = store.undo_at(log[1].id, T0 + 5_000).unwrap();
    assert!(undone.note.contains("undid"));
    assert_eq!(partition(store).len(), 2);
    assert_eq!(store.story(&new_id).unwrap().unwrap().row.id, new_id, "the merged story gets its id back");
    assert!(matches!(store.undo_at(log[1].id, T0 + 5_500), Err(StoreError::BadEdit(_))));
    store.undo_at(log[0].id, T0 + 6_000).unwrap();
    let back = partition(store);
    assert_eq!(back.len(), 1, "without corrections the machine's grouping decides again");
    assert!(back[0].iter().all(|a| machine[0].contains(a) || !all.contains(a)));
    assert!(store.corrections(&id).unwrap().unwrap().iter().all(|c| c.undone.is_some()));
    assert!(!store.stories(&StoryQuery::default()).unwrap().stories[0].edited);
}

fn a_moved_article_and_a_headline_stay_and_bad_corrections_are_refused(store: &dyn Store) {
    let mut docs = seeds();
    docs.extend(desk_docs());
    store.ingest_at(docs, T0).unwrap();
    let page = store.stories(&StoryQuery { sort: Sort::Size, ..Default::default() }).unwrap();
    let kim = page.stories[0].id.clone();
    let quake = page.stories.iter().find(|s| s.outlets.contains(&"Beta Times".to_string())).unwrap().id.clone();
    let moved = members(store, &kim)[2].clone();
    let r = store.correct_at(&Correction::Move { article: moved.clone(), to: quake.clone() }, T0 + 1_000).unwrap();
    assert_eq!((r.story.as_deref(), r.other.as_deref()), (Some(kim.as_str()), Some(quake.as_str())));
    assert!(members(store, &quake).contains(&moved));
    assert_eq!(members(store, &kim).len(), 4);
    let head =
        store.correct_at(&Correction::Headline { story: kim.clone(), headline: "  Kim  goes to Russia by train ".into() }, T0 + 2_000);
    assert!(head.unwrap().note.contains("Kim goes to Russia by train"));
    store.ingest_at(vec![follow_up(1)], T0 + 3_000).unwrap();
    assert!(members(store, &quake).contains(&moved), "the move survives an ingest");
    let row = store.story(&kim).unwrap().unwrap();
    assert_eq!(row.row.headline, "Kim goes to Russia by train");
    let v: serde_json::Value = serde_json::from_str(&row.json).unwrap();
    assert_eq!(v["headline"], "Kim goes to Russia by train", "the brief carries the headline too");
    assert_eq!(v["articles"].as_array().unwrap().len(), 5, "the follow-up joined");
    // Undoing the headline gives the machine's back.
    let log = store.corrections(&kim).unwrap().unwrap();
    let h = log.iter().find(|c| c.kind == "headline").unwrap();
    store.undo_at(h.id, T0 + 4_000).unwrap();
    assert_ne!(store.story(&kim).unwrap().unwrap().row.headline, "Kim goes to Russia by train");

    // Refused, and nothing changes.
    let before = partition(store);
    let bad = |c: Correction| store.correct_at(&c, T0 + 5_000).unwrap_err();
    assert!(matches!(bad(Correction::Split { story: kim.clone(), articles: members(store, &kim) }), StoreError::BadEdit(_)));
    assert!(matches!(bad(Correction::Split { story: kim.clone(), articles: vec![moved.clone()] }), StoreError::BadEdit(_)));
    assert!(matches!(bad(Correction::Split { story: "s-nope".into(), articles: vec![] }), StoreError::NotFound { .. }));
    assert!(matches!(bad(Correction::Move { article: "nope".into(), to: kim.clone() }), StoreError::NotFound { .. }));
    assert!(matches!(bad(Correction::Move { article: moved.clone(), to: quake.clone() }), StoreError::BadEdit(_)));
    assert!(matches!(bad(Correction::Merge { story: kim.clone(), into: kim.clone() }), StoreError::BadEdit(_)));
    assert!(matches!(bad(Correction::Headline { story: kim.clone(), headline: " \n ".into() }), StoreError::BadEdit(_)));
    assert!(matches!(bad(Correction::Headline { story: kim.clone(), headline: "x".repeat(301) }), StoreError::BadEdit(_)));
    assert!(matches!(store.undo_at(9_999, T0), Err(StoreError::NotFound { .. })));
    assert_eq!(partition(store), before);
}
