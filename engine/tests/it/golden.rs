//! Reference-image tests of apps/hello.
//!
//! Each frame is compared pixel by pixel with a committed PNG under engine/tests/golden/:
//! a pixel differs when any channel is off by more than `TOLERANCE`, and at most
//! `MAX_DIFFERING` pixels may differ. Rendering is deterministic (bundled font, tiny-skia
//! on the CPU), so the budget only absorbs float rounding. On failure the actual image and
//! a diff image are written to target/golden-out/. `MAKE_REF=1 cargo test` regenerates the
//! references.

use std::path::PathBuf;

use mica_engine::runtime::Runtime;

use crate::support::{launch, text_by_id, workspace};

/// Per-channel difference allowed before a pixel counts as different.
const TOLERANCE: u8 = 2;
/// Pixels allowed to differ beyond the tolerance.
const MAX_DIFFERING: u64 = 0;

fn out_dir() -> PathBuf {
    let d = workspace().join("target/golden-out");
    let _ = std::fs::create_dir_all(&d);
    d
}

pub(crate) fn check_golden(rt: &Runtime, name: &str) {
    let actual = rt.png().unwrap_or_else(|e| panic!("encoding {name}: {e}"));
    let reference = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.png"));
    if std::env::var_os("MAKE_REF").is_some() {
        std::fs::write(&reference, &actual)
            .unwrap_or_else(|e| panic!("writing {}: {e}", reference.display()));
        return;
    }
    let expected = std::fs::read(&reference).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with MAKE_REF=1 to create it)",
            reference.display()
        )
    });
    let result = mica_renderer::compare_images(rt.pixmap(), &expected, TOLERANCE)
        .unwrap_or_else(|e| panic!("comparing {name}: {e}"));
    if result.differing_pixels > MAX_DIFFERING {
        let dir = out_dir();
        let _ = std::fs::write(dir.join(format!("{name}.actual.png")), &actual);
        if let Some(diff) = &result.diff_image {
            let _ = std::fs::write(dir.join(format!("{name}.diff.png")), diff);
        }
        panic!(
            "{name}: {} of {} pixels differ by more than {TOLERANCE} (max channel diff {}); see {}",
            result.differing_pixels,
            result.total,
            result.max_channel_diff,
            dir.display()
        );
    }
}

fn hello() -> Runtime {
    launch(workspace().join("apps/hello"), 1280, 720)
}

#[test]
fn hello_first_frame_matches_reference() {
    let rt = hello();
    assert!(rt.errors().is_empty(), "errors: {:?}", rt.errors());
    assert_eq!(text_by_id(&rt, "counter"), "Count: 0");
    check_golden(&rt, "hello-first-frame");
}

#[test]
fn hello_after_tapping_counter_matches_reference() {
    let mut rt = hello();
    rt.tap(".counter").unwrap_or_else(|e| panic!("tap: {e}"));
    rt.tap("#counter").unwrap_or_else(|e| panic!("tap: {e}"));
    assert_eq!(text_by_id(&rt, "counter"), "Count: 2");
    assert!(
        text_by_id(&rt, "item-2").contains("Tapped 2"),
        "{}",
        text_by_id(&rt, "item-2")
    );
    check_golden(&rt, "hello-after-two-taps");
}

#[test]
fn hello_about_page_matches_reference() {
    let config = mica_engine::runtime::RuntimeConfig {
        width: 1280,
        height: 720,
        ..Default::default()
    };
    let mut rt =
        Runtime::open(workspace().join("apps/hello"), config).unwrap_or_else(|e| panic!("{e}"));
    rt.launch(Some("pages/about/about"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(rt.errors().is_empty(), "errors: {:?}", rt.errors());
    check_golden(&rt, "hello-about");
}

#[test]
fn a_tap_repaints_only_the_changed_area() {
    let mut rt = hello();
    rt.reset_stats();
    rt.tap("#counter").unwrap_or_else(|e| panic!("tap: {e}"));
    let stats = rt.stats();
    let full = 1280u64 * 720;
    assert!(
        stats.pixels_repainted > 0,
        "the tap changed the page, something must repaint"
    );
    assert!(
        stats.pixels_repainted < full / 2,
        "repainted {} of {full} pixels",
        stats.pixels_repainted
    );
    assert!(
        stats.bindings_reevaluated <= 8,
        "re-evaluated {} bindings",
        stats.bindings_reevaluated
    );
}
