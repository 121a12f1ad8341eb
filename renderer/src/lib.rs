//! # mica-renderer
//!
//! Turns a laid-out, read-only [`mica_layout::Document`] into pixels with tiny-skia.
#![forbid(unsafe_code)]
