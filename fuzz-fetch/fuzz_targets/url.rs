//! Fuzz target: asserts `tidings_fetch::props::url_normalisation` (see that function for the property).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tidings_fetch::props::url_normalisation(data);
});
