//! Packed apps load templates from compiled IR (`.mir`) instead of parsing WXML; the
//! result must be the same page, pixel for pixel.

use std::path::{Path, PathBuf};

use mica_engine::compile::precompile_pages;
use mica_engine::package::Package;
use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::EngineError;

use crate::golden::check_golden;
use crate::support::{launch, text_by_id, workspace};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

/// A copy of apps/hello whose templates are replaced by compiled IR.
fn precompiled_hello(name: &str) -> PathBuf {
    let dir = workspace()
        .join("target/test-tmp")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&workspace().join("apps/hello"), &dir);
    let pkg = Package::open(&dir).unwrap_or_else(|e| panic!("{e}"));
    let compiled = precompile_pages(&pkg).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(compiled.len(), 2, "hello has two pages");
    for (path, bytes) in compiled {
        std::fs::write(dir.join(&path), bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        let source = dir.join(path.replace(".mir", ".wxml"));
        std::fs::remove_file(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
    }
    dir
}

#[test]
fn an_app_without_template_sources_runs_from_compiled_ir() {
    let dir = precompiled_hello("ir-hello");
    let mut rt = launch(dir.clone(), 1280, 720);
    assert!(rt.errors().is_empty(), "errors: {:?}", rt.errors());
    check_golden(&rt, "hello-first-frame");
    rt.tap("#counter").unwrap_or_else(|e| panic!("tap: {e}"));
    rt.tap("#counter").unwrap_or_else(|e| panic!("tap: {e}"));
    assert_eq!(text_by_id(&rt, "counter"), "Count: 2");
    check_golden(&rt, "hello-after-two-taps");
    let _ = std::fs::remove_dir_all(&dir);
}

fn launch_err(dir: &Path) -> EngineError {
    let config = RuntimeConfig {
        width: 320,
        height: 240,
        ..Default::default()
    };
    let mut rt = Runtime::open(dir, config).unwrap_or_else(|e| panic!("{e}"));
    match rt.launch(None) {
        Ok(()) => panic!("a damaged .mir must not launch"),
        Err(e) => e,
    }
}

#[test]
fn a_truncated_or_foreign_mir_is_a_clear_error() {
    let dir = precompiled_hello("ir-bad");
    let mir = dir.join("pages/index/index.mir");
    let good = std::fs::read(&mir).unwrap_or_else(|e| panic!("{e}"));

    std::fs::write(&mir, &good[..good.len() / 2]).unwrap_or_else(|e| panic!("{e}"));
    let e = launch_err(&dir).to_string();
    assert!(e.contains("index.mir") && e.contains("corrupt"), "{e}");

    let mut other = good.clone();
    other[4] = 0xee;
    std::fs::write(&mir, &other).unwrap_or_else(|e| panic!("{e}"));
    let e = launch_err(&dir).to_string();
    assert!(e.contains("recompile"), "{e}");

    std::fs::write(&mir, b"<view/>").unwrap_or_else(|e| panic!("{e}"));
    let e = launch_err(&dir).to_string();
    assert!(e.contains("not a compiled Mica template"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}
