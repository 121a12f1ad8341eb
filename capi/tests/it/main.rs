//! mica-capi's integration tests: the committed header, the C API called from Rust as a
//! C host would, and the example C host compiled with gcc and run.
//!
//! These tests play the C host, so they pass raw pointers and call `unsafe extern "C"`
//! functions as C does: hence the same `unsafe_code` allowance as the library.
#![allow(unsafe_code)]

mod api;
mod c_host;
mod header;
mod support;
