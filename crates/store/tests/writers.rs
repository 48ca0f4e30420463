//! Many writers on one SQLite file (issue 17, failure 2): a second writer waits for the lock
//! instead of failing at once, and opening a new store from several processes at the same
//! moment works. Also: a document with no text left after cleaning is neither stored nor
//! counted (failure 7).

use std::sync::{Arc, Barrier};

use tidings_ingest::{Body, RawDoc};
use tidings_store::{SearchQuery, SqliteStore, Store};

fn doc(n: usize) -> RawDoc {
    RawDoc {
        url: Some(format!("https://writers.example/{n}")),
        outlet: Some(format!("Outlet {}", n % 3)),
        title: Some(format!("Harbour report {n}")),
        body: Body::Text(format!(
            "The harbour authority published report number {n} with marker wr{n}x on Monday. Dock workers said the report was fair."
        )),
        ..RawDoc::default()
    }
}

/// Environment variable that turns this test binary into a child that opens the store.
const OPEN_CHILD_ENV: &str = "TIDINGS_OPEN_CHILD_FILE";

/// The child: opens the store named by [`OPEN_CHILD_ENV`] at the given moment and says how it went.
#[test]
fn open_child() {
    let Ok(file) = std::env::var(OPEN_CHILD_ENV) else { return };
    let at: u128 = std::env::var("TIDINGS_OPEN_AT").unwrap().parse().unwrap();
    while std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() < at {
        std::hint::spin_loop();
    }
    match SqliteStore::open(file.as_ref()) {
        Ok(_) => println!("opened"),
        Err(e) => println!("failed: {e}"),
    }
}

/// Pins failure 2 of issue 17: on a new store one of two processes failed in `PRAGMA
/// journal_mode`, run before the busy timeout was set, and two migrations could race.
#[test]
fn many_processes_open_a_new_store_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    for round in 0..5 {
        let file = dir.path().join(format!("new-{round}.sqlite3"));
        let at = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() + 400;
        let children: Vec<_> = (0..6)
            .map(|_| {
                std::process::Command::new(&exe)
                    .args(["--exact", "open_child", "--nocapture", "--test-threads=1"])
                    .env(OPEN_CHILD_ENV, &file)
                    .env("TIDINGS_OPEN_AT", at.to_string())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let out = String::from_utf8(c.wait_with_output().unwrap().stdout).unwrap();
            assert!(out.contains("opened"), "round {round}: {out}");
        }
        let store = SqliteStore::open(&file).unwrap();
        assert_eq!(store.stats().unwrap().schema_version, tidings_store::SCHEMA_VERSION);
    }
}

/// Pins failure 2 of issue 17: a second writer failed within milliseconds ("database is
/// locked") despite the 10 s busy timeout, because a deferred transaction that upgrades to a
/// write is refused without waiting.
#[test]
fn two_writers_on_one_file_wait_for_each_other() {
    let dir = tempfile::tempdir().unwrap();
    SqliteStore::open_dir(dir.path()).unwrap();
    let writers = 3;
    let batches = 6;
    let per_batch = 4;
    let barrier = Arc::new(Barrier::new(writers));
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let dir = dir.path().to_path_buf();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                // Each thread its own handle, as each process has.
                let store = SqliteStore::open_dir(&dir).unwrap();
                barrier.wait();
                for b in 0..batches {
                    let first = (w * batches + b) * per_batch;
                    store.ingest((first..first + per_batch).map(doc).collect()).map_err(|e| e.to_string())?;
                }
                Ok::<_, String>(())
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap().unwrap();
    }
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    let total = writers * batches * per_batch;
    assert_eq!(store.stats().unwrap().articles, total as u64);
    for n in 0..total {
        let hits = store.search(&SearchQuery { q: format!("wr{n}x"), ..Default::default() }).unwrap();
        assert_eq!(hits.articles.len(), 1, "article {n}");
    }
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

/// Pins failure 7 of issue 17: documents with no text after cleaning were stored as empty rows
/// and counted as new articles.
#[test]
fn a_document_with_no_text_is_not_stored_nor_counted() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    let empty = RawDoc {
        path: Some("empty.html".into()),
        body: Body::Html(b"<html><body><nav>Home</nav></body></html>".to_vec()),
        ..RawDoc::default()
    };
    let report = store.ingest(vec![doc(1), empty]).unwrap();
    assert_eq!(report.added, 1, "{report:?}");
    assert!(report.warnings.iter().any(|w| w.starts_with("empty.html: no article text")), "{:?}", report.warnings);
    assert_eq!(store.stats().unwrap().articles, 1);
}
