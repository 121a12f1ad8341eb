//! Fuzz target `data_path`: see `mica_fuzz::data_path` (fuzz/src/lib.rs) for what it covers.
#![no_main]

libfuzzer_sys::fuzz_target!(|src: &str| mica_fuzz::data_path(src));
