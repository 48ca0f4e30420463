//! Fuzz target: any bytes through `tidings_extract::extract`. Besides "no panic", it asserts the properties that
//! `tidings_extract::check_properties` checks (shared with the regression test that replays `fuzz/regressions/`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = tidings_extract::Options { max_bytes: 1 << 20, url: None };
    let out = tidings_extract::extract(data, &opts);
    if let Err(e) = tidings_extract::check_properties(data, &out) {
        panic!("property violated: {e}");
    }
});
