//! Fuzz target `template_ir`: see `mica_fuzz::template_ir` (fuzz/src/lib.rs) for what it
//! covers.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| mica_fuzz::template_ir(bytes));
