//! # mica-engine
//!
//! The runtime core of Mica: reads a mini-program package, compiles its templates, runs
//! its JavaScript on a logic thread, and drives the view thread's document, layout and
//! rendering through a [`platform::Platform`].
#![forbid(unsafe_code)]

pub mod data;
pub mod dump;
pub mod headless;
pub mod package;
pub mod platform;
pub mod script;
