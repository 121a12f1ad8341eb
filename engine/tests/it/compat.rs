//! Compatibility with Chromium (issue #4): every fixture of the corpus under
//! `compat/fixtures/` (one app; each fixture is the page `NN-name/index`) rendered by Mica
//! at 400x300 and scored against Chromium's screenshot of the equivalent HTML page,
//! `compat/refs/NN-name.png`, made by `scripts/compat-refs.sh`.
//!
//! **Score**: the share of pixels whose largest per-channel difference (straight-alpha
//! RGBA8) is at most [`TOLERANCE`] — [`mica_renderer::compare_images`] counts the others.
//! The tolerance absorbs anti-aliasing and gradient dithering; a box in the wrong place
//! or of the wrong colour does not pass it. Each fixture must score at least its
//! threshold in `compat/thresholds.json`, set just under the score last measured, so a
//! regression fails here while features Mica lacks are recorded, not hidden.
//!
//! Every run writes `target/compat-out/scores.json` (each fixture's score and Mica's
//! warnings and errors for it, what `docs/compatibility.md` is generated from), and Mica's frame and a diff image (differing pixels in red) of each
//! fixture that differs from its reference at all. `COMPAT_THRESHOLDS=1` rewrites
//! `compat/thresholds.json` from the measured scores instead of checking them: do that
//! when a fixture is added or Mica improves, and say why in the commit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mica_engine::runtime::{Runtime, RuntimeConfig};
use serde_json::Value;

use crate::support::{finish_animations, workspace};

/// The window every fixture is rendered at (also in compat/gen.py and
/// scripts/compat-refs.sh).
const WIDTH: u32 = 400;
const HEIGHT: u32 = 300;
/// Largest per-channel difference of a pixel that still counts as the same.
const TOLERANCE: u8 = 24;
/// How far under the measured score `COMPAT_THRESHOLDS=1` records a threshold: room for
/// float rounding, not for a visible change (0.002 of 400x300 is 240 pixels).
const MARGIN: f64 = 0.002;

fn compat() -> PathBuf {
    workspace().join("compat")
}

/// `target/compat-out` (or `$COMPAT_OUT`, so runs side by side keep apart), emptied of
/// the images of an earlier run.
fn out_dir() -> PathBuf {
    let d = std::env::var_os("COMPAT_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/compat-out"));
    let _ = std::fs::remove_dir_all(&d);
    let _ = std::fs::create_dir_all(&d);
    d
}

/// The fixtures, in the order app.json lists them (`NN-name/index` → `NN-name`).
fn fixtures() -> Vec<String> {
    let path = compat().join("fixtures/app.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run compat/gen.py pages)", path.display()));
    let app: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("app.json: {e}"));
    app["pages"]
        .as_array()
        .unwrap_or_else(|| panic!("app.json has no pages"))
        .iter()
        .map(|p| {
            let route = p.as_str().unwrap_or_default();
            route.strip_suffix("/index").unwrap_or(route).to_string()
        })
        .collect()
}

fn thresholds_path() -> PathBuf {
    compat().join("thresholds.json")
}

fn read_thresholds() -> BTreeMap<String, f64> {
    let text = std::fs::read_to_string(thresholds_path()).unwrap_or_default();
    if text.is_empty() {
        return BTreeMap::new();
    }
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("compat/thresholds.json: {e}"))
}

/// What one fixture measured.
#[derive(Debug, Default)]
struct Measured {
    score: f64,
    /// Mica's warnings and errors for the page (`file:line:col: message`): unsupported
    /// properties and selectors say why a fixture differs.
    diagnostics: Vec<String>,
}

/// Renders fixture `name` with Mica and scores it against its reference; writes Mica's
/// frame and the diff image to `out` when they differ at all.
fn measure(name: &str, out: &Path) -> Result<Measured, String> {
    let reference_path = compat().join("refs").join(format!("{name}.png"));
    let reference = std::fs::read(&reference_path).map_err(|e| {
        format!(
            "{}: {e} (run scripts/compat-refs.sh)",
            reference_path.display()
        )
    })?;
    let config = RuntimeConfig {
        width: WIDTH,
        height: HEIGHT,
        ..Default::default()
    };
    let mut rt = Runtime::open(compat().join("fixtures"), config).map_err(|e| e.to_string())?;
    rt.launch(Some(&format!("{name}/index")))
        .map_err(|e| e.to_string())?;
    // Transitions started in onReady and `@keyframes` run on the runtime's clock: the
    // Motion fixtures compare their end state (or a paused frame).
    finish_animations(&mut rt);
    let diagnostics = rt
        .warnings()
        .iter()
        .chain(rt.errors())
        .map(|d| d.message.clone())
        .collect();
    let result = mica_renderer::compare_images(rt.pixmap(), &reference, TOLERANCE)
        .map_err(|e| e.to_string())?;
    if let Some(((aw, ah), (ew, eh))) = result.size_mismatch {
        return Err(format!("Mica drew {aw}x{ah}, the reference is {ew}x{eh}"));
    }
    if let Some(diff) = &result.diff_image {
        let png = rt.png().map_err(|e| e.to_string())?;
        let _ = std::fs::write(out.join(format!("{name}.mica.png")), png);
        let _ = std::fs::write(out.join(format!("{name}.diff.png")), diff);
    }
    Ok(Measured {
        score: 1.0 - result.differing_pixels as f64 / result.total as f64,
        diagnostics,
    })
}

#[test]
fn fixtures_score_at_least_their_thresholds() {
    let out = out_dir();
    let names = fixtures();
    assert!(names.len() >= 60, "only {} fixtures", names.len());
    let thresholds = read_thresholds();
    let mut scores = BTreeMap::new();
    let mut report = serde_json::Map::new();
    let mut failures = Vec::new();
    for name in &names {
        let m = measure(name, &out).unwrap_or_else(|e| {
            failures.push(format!("{name}: {e}"));
            Measured::default()
        });
        let score = (m.score * 1e4).round() / 1e4;
        scores.insert(name.clone(), score);
        report.insert(
            name.clone(),
            serde_json::json!({ "score": score, "diagnostics": m.diagnostics }),
        );
    }
    let json = serde_json::to_string_pretty(&report).unwrap_or_default();
    let _ = std::fs::write(out.join("scores.json"), json + "\n");

    if std::env::var_os("COMPAT_THRESHOLDS").is_some() {
        // A fixture that could not be measured must not be recorded as scoring 0.
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        let recorded: BTreeMap<&String, f64> = scores
            .iter()
            .map(|(n, s)| (n, (((s - MARGIN) * 1e3).floor() / 1e3).max(0.0)))
            .collect();
        let json = serde_json::to_string_pretty(&recorded).unwrap_or_default();
        std::fs::write(thresholds_path(), json + "\n")
            .unwrap_or_else(|e| panic!("writing compat/thresholds.json: {e}"));
        return;
    }
    for (name, s) in &scores {
        match thresholds.get(name) {
            Some(t) if s < t => failures.push(format!(
                "{name}: score {s:.4} is below its threshold {t:.3}; \
                 see {}/{name}.diff.png",
                out.display()
            )),
            Some(_) => {}
            None => failures.push(format!(
                "{name}: no threshold in compat/thresholds.json (measured {s:.4}; \
                 COMPAT_THRESHOLDS=1 records them)"
            )),
        }
    }
    for name in thresholds.keys().filter(|n| !scores.contains_key(*n)) {
        failures.push(format!(
            "compat/thresholds.json names {name}, which is not a fixture"
        ));
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}
