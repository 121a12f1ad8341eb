//! Fuzz target `package`: see `mica_fuzz::package` (fuzz/src/lib.rs) for what it covers.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| mica_fuzz::package(bytes));
