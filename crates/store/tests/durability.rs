//! Durability by breaking it: failpoints at each commit step, and a child process killed with
//! SIGKILL in the middle of an ingest (SQLite's crash tests, in small).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tidings_ingest::{Body, RawDoc};
use tidings_store::failpoint::{Action, POINTS};
use tidings_store::{SearchQuery, SqliteStore, Store, StoreError};

/// Documents per batch in the crash test.
const BATCH: usize = 8;
/// Environment variable that turns the test binary into the ingesting child.
const CHILD_ENV: &str = "TIDINGS_CRASH_CHILD_DIR";

const TOPICS: &[&str] = &["harbour strike", "river flood", "chess final", "wheat harvest", "metro tunnel", "solar farm"];

/// A synthetic article with a unique marker word (`mk<n>x`) that search must find.
fn synth(n: usize) -> RawDoc {
    let topic = TOPICS[n % TOPICS.len()];
    let text = format!(
        "Officials said the {topic} continued on day {n}, with marker mk{n}x in the report. Residents described the {topic} as the largest in years. Updates on the {topic} will follow."
    );
    RawDoc {
        url: Some(format!("https://synth.example/{n}")),
        outlet: Some(format!("Outlet {}", n % 5)),
        title: Some(format!("Update {n} on the {topic}")),
        body: Body::Text(text),
        ..RawDoc::default()
    }
}

fn count_articles(store: &SqliteStore) -> u64 {
    store.stats().unwrap().articles
}

#[test]
fn a_failed_batch_leaves_nothing_half_written() {
    for point in POINTS {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_dir(dir.path()).unwrap();
        store.ingest((0..4).map(synth).collect()).unwrap();
        let before = (store.stats().unwrap(), store.stories(&Default::default()).unwrap().stories);
        store.set_failpoint(point, Some(Action::Error));
        let err = store.ingest((4..9).map(synth).collect()).unwrap_err();
        assert!(matches!(err, StoreError::Failpoint(ref p) if p == point), "{point}: {err}");
        let after = (store.stats().unwrap(), store.stories(&Default::default()).unwrap().stories);
        assert_eq!(before, after, "failpoint {point} left a partial batch");
        assert!(store.search(&SearchQuery { q: "mk5x".into(), ..Default::default() }).unwrap().articles.is_empty(), "{point}");
        // Disarmed, the same batch goes through whole.
        store.set_failpoint(point, None);
        assert_eq!(store.ingest((4..9).map(synth).collect()).unwrap().added, 5);
        assert_eq!(count_articles(&store), 9);
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }
}

#[test]
fn disk_full_is_reported_clearly_and_reads_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    store.ingest((0..3).map(synth).collect()).unwrap();
    store.set_failpoint("stories_written", Some(Action::DiskFull));
    let err = store.ingest((3..6).map(synth).collect()).unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }));
    let msg = err.to_string();
    assert!(msg.contains("disk full") && msg.contains("free some space"), "{msg}");
    assert_eq!(count_articles(&store), 3);
    assert_eq!(store.search(&SearchQuery { q: "mk1x".into(), ..Default::default() }).unwrap().articles.len(), 1);
}

/// The child: ingests batches forever (until killed), printing each committed batch.
#[test]
fn crash_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else { return };
    let store = SqliteStore::open_dir(dir.as_ref()).unwrap();
    let start = count_articles(&store) as usize;
    assert_eq!(start % BATCH, 0, "the store holds a partial batch");
    let mut n = start;
    loop {
        store.ingest((n..n + BATCH).map(synth).collect()).unwrap();
        n += BATCH;
        println!("committed {n}");
    }
}

#[test]
fn kill_9_in_the_middle_of_an_ingest_loses_no_committed_article() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    // Deterministic "random" kill points (splitmix64), milliseconds after the first commit.
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut committed = 0usize;
    for round in 0..4 {
        let mut child = Command::new(&exe)
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Wait for one commit of this round, then kill at a random moment.
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let line = lines.next().expect("child ended before committing").unwrap();
            if let Some(n) = line.strip_prefix("committed ") {
                committed = committed.max(n.trim().parse().unwrap());
                break;
            }
            assert!(Instant::now() < deadline, "child made no progress");
        }
        std::thread::sleep(Duration::from_millis(next() % 400));
        child.kill().unwrap(); // SIGKILL on Unix
        for line in lines.map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("committed ") {
                committed = committed.max(n.trim().parse().unwrap());
            }
        }
        child.wait().unwrap();

        let store = SqliteStore::open_dir(dir.path()).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok", "round {round}");
        let n = count_articles(&store) as usize;
        assert!(n >= committed, "round {round}: {n} articles stored, {committed} were committed");
        assert_eq!(n % BATCH, 0, "round {round}: a partial batch survived");
        for k in 0..n {
            let hits = store.search(&SearchQuery { q: format!("mk{k}x"), ..Default::default() }).unwrap();
            assert_eq!(hits.articles.len(), 1, "round {round}: article {k} not found");
        }
        // Every stored article belongs to a story.
        let page = store.stories(&tidings_store::StoryQuery { limit: 500, ..Default::default() }).unwrap();
        let in_stories: u32 = page.stories.iter().map(|s| s.articles).sum();
        assert_eq!(in_stories as usize, n, "round {round}");
    }
    assert!(committed >= 4 * BATCH);
}
