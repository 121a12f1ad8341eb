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
            eprintln!("{name}: {}", file.display());
            run(&bytes);
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

/// The `package` target's seeds are real packages signed with the fuzz keys; as the
/// format evolves they must stay valid, or the fuzzer would only ever see rejections.
/// `MAKE_REF=1` regenerates them from their apps.
#[test]
fn fuzz_package_seeds_are_valid_packages() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let seeds = fuzz_dir().join("seeds/package");
    for (seed, app) in [
        ("catch_bubble.mpk", "engine/tests/apps/catch_bubble"),
        ("wxs_page.mpk", "engine/tests/apps/wxs_page"),
        ("hello.mpk", "apps/hello"),
    ] {
        let path = seeds.join(seed);
        if std::env::var_os("MAKE_REF").is_some() {
            let bytes = harness::package_seed(&root.join(app)).unwrap_or_else(|e| panic!("{e}"));
            let _ = fs::create_dir_all(&seeds);
            fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let trust = mica_engine::package::Trust {
            signers: vec![mica_engine::package::keys::SigningKey::from_seed(
                harness::FUZZ_SIGNING_SEED,
            )
            .public_key()],
            fleet_keys: vec![harness::FUZZ_FLEET_KEY],
            ..Default::default()
        };
        let pkg = mica_engine::package::Package::from_mpk_bytes(bytes, &trust)
            .unwrap_or_else(|e| panic!("{seed}: {e} (regenerate with MAKE_REF=1)"));
        assert!(pkg.app_config().is_ok(), "{seed}");
    }
}

/// The `template_ir` target's seeds: the compiled IR of each `template` seed that
/// compiles. They must keep loading (an IR format change makes them stale);
/// `MAKE_REF=1` regenerates them.
#[test]
fn fuzz_template_ir_seeds_load() {
    let from = fuzz_dir().join("seeds/template");
    let to = fuzz_dir().join("seeds/template_ir");
    let mut sources: Vec<PathBuf> = fs::read_dir(&from)
        .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    sources.sort();
    let mut loaded = 0;
    for src in sources {
        let text = fs::read_to_string(&src).unwrap_or_default();
        let Ok(c) = mica_engine::template::compile("seed.wxml", &text) else {
            continue;
        };
        let name = src.with_extension("mir");
        let path = to.join(name.file_name().unwrap_or_default());
        if std::env::var_os("MAKE_REF").is_some() {
            let _ = fs::create_dir_all(&to);
            fs::write(&path, c.template.to_bytes())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let t = mica_engine::template::Template::from_bytes(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e} (regenerate with MAKE_REF=1)", path.display()));
        assert_eq!(t, c.template, "{}", path.display());
        loaded += 1;
    }
    assert!(loaded >= 5, "only {loaded} IR seeds");
}
