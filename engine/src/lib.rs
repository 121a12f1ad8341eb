//! # mica-engine
//!
//! The runtime core of Mica: reads a mini-program package ([`package`]), compiles its
//! templates ([`template`]), runs its JavaScript on a logic thread ([`script`]), and drives
//! the view thread's document, layout and rendering ([`view`], [`runtime`]) through a
//! [`platform::Platform`]. The headless platform ([`headless`]) is the one tests and
//! `mica render` use, so they run the same pipeline as a device.
//!
//! ```no_run
//! use mica_engine::runtime::{Runtime, RuntimeConfig};
//! # fn main() -> Result<(), mica_engine::EngineError> {
//! let mut rt = Runtime::open("apps/hello", RuntimeConfig::default())?;
//! rt.launch(None)?;            // first page of app.json, first frame drawn
//! rt.tap("#counter")?;         // hit-tested tap; the handler's setData is applied
//! let png = rt.png()?;
//! # let _ = png; Ok(()) }
//! ```
#![forbid(unsafe_code)]

pub mod compile;
pub mod components;
pub mod config;
pub mod data;
pub mod dump;
mod error;
pub mod focus;
pub mod headless;
pub mod host;
pub mod package;
pub mod platform;
pub mod runtime;
pub mod script;
pub mod template;
#[cfg(test)]
mod test_rng;
#[cfg(test)]
mod test_support;
pub mod view;

pub use error::EngineError;
