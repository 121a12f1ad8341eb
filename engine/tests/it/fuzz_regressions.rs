//! Replays the fuzzers' inputs: every file under `fuzz/seeds/<target>/` and
//! `fuzz/regressions/<target>/` goes through the same code as the fuzz target of that
//! name and must come back without a panic (or, for crash and timeout regressions, a
//! hang: the test harness's time limit is the check).
//!
//! The target bodies live in `fuzz/src/lib.rs`, which is included here by path rather
//! than copied, so the replay cannot drift from what was fuzzed; that crate has its own
//! workspace (it needs nightly flags) and cannot be a dev-dependency.

use std::fs;
use std::path::{Path, PathBuf};

#[path = "../../../fuzz/src/lib.rs"]
mod harness;

fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// Feeds each file of `dir/<target>/` to its target; returns how many were run.
fn replay(dir: &Path) -> usize {
    let mut ran = 0;
    for (name, run) in harness::TARGETS {
        let Ok(entries) = fs::read_dir(dir.join(name)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        files.sort();
        for file in files {
            let bytes = fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            // The targets take `&str`; libFuzzer drops inputs that are not UTF-8, so do we.
            let Ok(src) = std::str::from_utf8(&bytes) else {
                continue;
            };
            eprintln!("{name}: {}", file.display());
            run(src);
            ran += 1;
        }
    }
    ran
}

#[test]
fn fuzz_seed_corpora_do_not_panic() {
    let ran = replay(&fuzz_dir().join("seeds"));
    assert!(
        ran > 20,
        "expected the committed seed corpora, ran {ran} files"
    );
}

#[test]
fn fuzz_regressions_do_not_panic() {
    replay(&fuzz_dir().join("regressions"));
}
