//! The `mica` binary as a user runs it: arguments, files written, exit codes.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn out(name: &str) -> PathBuf {
    let d = root().join("target/cli-test-out");
    let _ = std::fs::create_dir_all(&d);
    d.join(name)
}

mod packages;
mod platforms;
mod updates;

fn mica<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mica"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running mica: {e}"))
}

/// `mica` with extra environment variables, in directory `cwd`.
fn mica_env<S: AsRef<std::ffi::OsStr>>(
    env: &[(&str, &str)],
    cwd: &std::path::Path,
    args: &[S],
) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mica"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .output()
        .unwrap_or_else(|e| panic!("running mica: {e}"))
}

/// Fails the test with mica's stderr unless it exited 0.
fn assert_ok(o: &std::process::Output) {
    assert!(
        o.status.success(),
        "exit {:?}, stderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// An empty directory of its own for one test.
fn scratch(name: &str) -> PathBuf {
    let d = root().join("target/cli-test-out").join(name);
    let _ = std::fs::remove_dir_all(&d);
    let _ = std::fs::create_dir_all(&d);
    d
}

#[test]
fn render_writes_png_and_dump() {
    let png = out("hello.png");
    let dump = out("hello.json");
    let hello = root().join("apps/hello");
    let o = mica(&[
        "render",
        hello.to_str().unwrap_or_default(),
        "--size",
        "800x600",
        "--tap",
        ".counter",
        "--out",
        png.to_str().unwrap_or_default(),
        "--dump",
        dump.to_str().unwrap_or_default(),
    ]);
    assert_ok(&o);
    let bytes = std::fs::read(&png).unwrap_or_default();
    assert_eq!(&bytes[..8.min(bytes.len())], b"\x89PNG\r\n\x1a\n");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&dump).unwrap_or_default()).unwrap_or_default();
    assert_eq!(json["size"]["width"], 800);
    assert_eq!(json["page"], "pages/index/index");
    assert!(
        json["errors"].as_array().is_some_and(|e| e.is_empty()),
        "{}",
        json["errors"]
    );
    let text = json["tree"].to_string();
    assert!(
        text.contains("Count: 1"),
        "the tap must have incremented the counter"
    );
}

#[test]
fn malformed_template_exits_2_with_position() {
    let app = root().join("engine/tests/apps/broken_xml");
    let o = mica(&[
        "render",
        app.to_str().unwrap_or_default(),
        "--out",
        out("broken.png").to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("pages/index/index.wxml:5:"), "{stderr}");
}

#[test]
fn missing_selector_exits_2() {
    let hello = root().join("apps/hello");
    let o = mica(&[
        "render",
        hello.to_str().unwrap_or_default(),
        "--size",
        "320x240",
        "--tap",
        "#no-such-node",
        "--out",
        out("missing.png").to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("#no-such-node"));
}

#[test]
fn bad_size_is_a_usage_error() {
    let o = mica(&["render", "apps/hello", "--size", "0x10"]);
    assert_eq!(o.status.code(), Some(2));
}

/// `render --keys` lets each key's animation end on the runtime's clock: the picture
/// and the dump show the swiper settled on its new page (`animationfinish` ran), not a
/// frame of the slide.
#[test]
fn render_keys_waits_for_animations_to_finish() {
    let app = root().join("engine/tests/apps/swiper");
    let dump = out("swiper-keys.json");
    let o = mica(&[
        "render",
        app.to_str().unwrap_or_default(),
        "--size",
        "960x600",
        "--keys",
        "down,right,right",
        "--out",
        out("swiper-keys.png").to_str().unwrap_or_default(),
        "--dump",
        dump.to_str().unwrap_or_default(),
    ]);
    assert_ok(&o);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&dump).unwrap_or_default()).unwrap_or_default();
    let text = json["tree"].to_string();
    // Each slide ended before the next key: two changes, two finishes, in turn.
    assert!(
        text.contains("change:1:touch;finish:1:touch;change:2:touch;finish:2:touch;"),
        "{text}"
    );
    assert_eq!(json["focused"]["id"], "tile-2");
}
