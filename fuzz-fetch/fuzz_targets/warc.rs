//! Fuzz target: asserts `tidings_fetch::props::warc_reading` (see that function for the property).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tidings_fetch::props::warc_reading(data);
});
