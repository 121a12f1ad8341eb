//! Helpers shared by the integration tests.

use std::path::PathBuf;

use mica_engine::package::pack::{pack_dir, PackOptions};
use mica_engine::package::Trust;
use mica_engine::platform::Key;
use mica_engine::runtime::{Runtime, RuntimeConfig};
use serde_json::Value;

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fixture app under engine/tests/apps.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/apps")
        .join(name)
}

/// Packs fixture `app` with `options` into `target/test-tmp/<name>-<pid>.mpk`; returns
/// the file and the trust that opens it (the options' signer and fleet key).
pub fn pack_fixture(app: &str, name: &str, options: &PackOptions) -> (PathBuf, Trust) {
    let (bytes, _) = pack_dir(fixture(app), options).unwrap_or_else(|e| panic!("pack: {e}"));
    let dir = workspace().join("target/test-tmp");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{name}-{}.mpk", std::process::id()));
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let trust = Trust {
        signers: vec![options.signing_key.public_key()],
        fleet_keys: vec![options.fleet_key],
        fleet_key_provider: None,
    };
    (path, trust)
}

/// Opens and launches an app at a small size.
pub fn launch(app: PathBuf, width: u32, height: u32) -> Runtime {
    let config = RuntimeConfig {
        width,
        height,
        ..Default::default()
    };
    launch_with(app, config)
}

/// Opens and launches an app with `config`.
pub fn launch_with(app: PathBuf, config: RuntimeConfig) -> Runtime {
    let mut rt = match Runtime::open(&app, config) {
        Ok(rt) => rt,
        Err(e) => panic!("opening {}: {e}", app.display()),
    };
    if let Err(e) = rt.launch(None) {
        panic!("launching {}: {e}", app.display());
    }
    rt
}

/// Finds the first node in a dump tree with this id.
pub fn find_id<'a>(tree: &'a Value, id: &str) -> Option<&'a Value> {
    if tree.get("id").and_then(Value::as_str) == Some(id) {
        return Some(tree);
    }
    tree.get("children")?
        .as_array()?
        .iter()
        .find_map(|c| find_id(c, id))
}

/// All text under a dump node, concatenated.
pub fn text_of(node: &Value) -> String {
    let mut s = node
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if let Some(children) = node.get("children").and_then(Value::as_array) {
        for c in children {
            s.push_str(&text_of(c));
        }
    }
    s
}

/// The text under the node with `id` in the runtime's current dump.
pub fn text_by_id(rt: &Runtime, id: &str) -> String {
    let dump = rt.dump();
    let node = find_id(&dump["tree"], id).unwrap_or_else(|| panic!("no node #{id} in dump"));
    text_of(node)
}

/// Runs the animations in progress (smooth scrolls, swiper slides) to their end on the
/// runtime's clock, a 60 Hz frame at a time, for at most 2 s of simulated time.
pub fn finish_animations(rt: &mut Runtime) {
    let frame = std::time::Duration::from_micros(16_667);
    for _ in 0..120 {
        if rt.next_wakeup() != Some(std::time::Duration::ZERO) {
            return;
        }
        rt.advance(frame).unwrap_or_else(|e| panic!("advance: {e}"));
    }
}

/// Presses `keys` in order, each waiting for the page to settle.
pub fn press(rt: &mut Runtime, keys: &[Key]) {
    for k in keys {
        rt.press(*k).unwrap_or_else(|e| panic!("{k:?}: {e}"));
    }
}

/// Taps the first node matching `selector`.
pub fn tap(rt: &mut Runtime, selector: &str) {
    rt.tap(selector)
        .unwrap_or_else(|e| panic!("tap {selector}: {e}"));
}

/// Moves the runtime's clock forward by `ms` milliseconds.
pub fn advance(rt: &mut Runtime, ms: u64) {
    rt.advance(std::time::Duration::from_millis(ms))
        .unwrap_or_else(|e| panic!("advance: {e}"));
}

/// Calls the page method `method` with an empty object.
pub fn call(rt: &mut Runtime, method: &str) {
    rt.call_page_method(method, serde_json::json!({}))
        .unwrap_or_else(|e| panic!("{method}: {e}"));
}
