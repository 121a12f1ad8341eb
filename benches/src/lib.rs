//! Shared helpers for Mica's criterion benches (see `benches/frame.rs`).

use std::path::PathBuf;

/// The workspace's `apps/` directory.
pub fn apps_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../apps")
}
