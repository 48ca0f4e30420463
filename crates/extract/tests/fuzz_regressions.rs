//! Replays every input kept in `fuzz/regressions/` (inputs that once broke a property of the fuzz target) and the
//! golden-case pages through `extract`, and checks the fuzz target's properties on each.

use std::path::Path;

fn check_dir(dir: &Path) -> usize {
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            n += check_dir(&p);
            continue;
        }
        if p.extension().is_some_and(|e| e == "md" || e == "txt" || e == "url") || p.file_name().is_some_and(|f| f == "url") {
            continue;
        }
        let input = std::fs::read(&p).unwrap();
        for max_bytes in [tidings_extract::DEFAULT_MAX_BYTES, 1 << 20] {
            let out = tidings_extract::extract(&input, &tidings_extract::Options { max_bytes, url: None });
            if let Err(e) = tidings_extract::check_properties(&input, &out) {
                panic!("{}: {e}", p.display());
            }
        }
        n += 1;
    }
    n
}

#[test]
fn fuzz_regressions_keep_the_properties() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let n = check_dir(&root.join("../../fuzz/regressions"));
    assert!(n >= 1, "fuzz/regressions/ is empty or missing");
}

#[test]
fn golden_inputs_keep_the_properties() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(check_dir(&root.join("tests/cases")) >= 10);
}

/// A small, deterministic mutation fuzzer that runs with the normal tests (cargo-fuzz needs nightly): flip, insert
/// and delete bytes and markup in the golden inputs and check the properties on every mutant.
#[test]
fn mutated_golden_inputs_keep_the_properties() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let snippets: &[&[u8]] = &[b"<", b">", b"</div>", b"<p>", b"<script>", b"&amp;", b"<!--", b"\"", b"\xff\xfe", b"\0", b"<table><td>"];
    let mut runs = 0;
    for case in std::fs::read_dir(&root).unwrap().flatten() {
        let Ok(input) = std::fs::read(case.path().join("input.html")) else { continue };
        for _ in 0..60 {
            let mut m = input.clone();
            for _ in 0..(1 + next() % 8) {
                let pos = (next() as usize) % (m.len() + 1);
                match next() % 3 {
                    0 if pos < m.len() => m[pos] = next() as u8,
                    1 => {
                        let s = snippets[(next() as usize) % snippets.len()];
                        m.splice(pos..pos, s.iter().copied());
                    }
                    _ if pos < m.len() => {
                        let end = (pos + (next() as usize) % 40).min(m.len());
                        m.drain(pos..end);
                    }
                    _ => {}
                }
            }
            let out = tidings_extract::extract(&m, &tidings_extract::Options::default());
            if let Err(e) = tidings_extract::check_properties(&m, &out) {
                panic!("mutant of {} broke a property: {e}\n{}", case.path().display(), String::from_utf8_lossy(&m));
            }
            runs += 1;
        }
    }
    assert!(runs >= 600);
}
