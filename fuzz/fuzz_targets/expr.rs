//! Fuzz target `expr`: see `mica_fuzz::expr` (fuzz/src/lib.rs) for what it covers.
#![no_main]

libfuzzer_sys::fuzz_target!(|src: &str| mica_fuzz::expr(src));
