//! Replays every saved fuzz input in `fuzz-fetch/regressions/<target>/` through the property
//! its target asserts, so an input that once failed stays fixed.

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    // The crate's folder as cargo gives it when the test runs: a test binary cached from another
    // checkout of the repository keeps that checkout's path in `env!`.
    let crate_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
    let dir = Path::new(&crate_dir).join("../../fuzz-fetch/regressions").join(target);
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let data = std::fs::read(e.path()).unwrap();
        check(&data);
        n += 1;
    }
    assert!(n > 0, "no regression inputs in {}", dir.display());
}

#[test]
fn feed_regressions() {
    replay("feed", tidings_fetch::props::feed_parsing);
}

#[test]
fn warc_regressions() {
    replay("warc", tidings_fetch::props::warc_reading);
}

#[test]
fn url_regressions() {
    replay("url", tidings_fetch::props::url_normalisation);
}
