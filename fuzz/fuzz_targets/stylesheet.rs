//! Fuzz target `stylesheet`: see `mica_fuzz::stylesheet` (fuzz/src/lib.rs) for what it covers.
#![no_main]

libfuzzer_sys::fuzz_target!(|src: &str| mica_fuzz::stylesheet(src));
