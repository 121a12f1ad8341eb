//! Fuzz target `template`: see `mica_fuzz::template` (fuzz/src/lib.rs) for what it covers.
#![no_main]

libfuzzer_sys::fuzz_target!(|src: &str| mica_fuzz::template(src));
