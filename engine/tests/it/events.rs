//! Tap dispatch: hit-testing, capture and bubble phases, catch, capture-catch, mut-bind,
//! marks, dataset and target/currentTarget.

use serde_json::{json, Value};

use crate::support::{find_id, fixture, launch, text_by_id};

#[test]
fn tap_bubbles_until_a_catch() {
    let mut rt = launch(fixture("catch_bubble"), 400, 400);
    rt.tap("#inner").unwrap_or_else(|e| panic!("{e}"));
    // inner (bind) runs, then middle (catch) runs and stops the bubble: outer never runs.
    assert_eq!(
        text_by_id(&rt, "log"),
        "inner:ann7:tap;middle<inner,middle>;"
    );
    rt.tap("#free").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        text_by_id(&rt, "log"),
        "inner:ann7:tap;middle<inner,middle>;free;outer<free>;"
    );
}

#[test]
fn tapping_padding_targets_the_padded_node() {
    let mut rt = launch(fixture("catch_bubble"), 400, 400);
    // (5, 5) is inside #outer's padding, outside #middle.
    rt.tap_at(5.0, 5.0).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "log"), "outer<outer>;");
}

/// Taps `#id` on a fresh `event_phases` app and returns the handler log.
fn phases_after_tap(id: &str) -> (mica_engine::runtime::Runtime, String) {
    let mut rt = launch(fixture("event_phases"), 400, 400);
    rt.tap(&format!("#{id}")).unwrap_or_else(|e| panic!("{e}"));
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    let log = text_by_id(&rt, "log");
    (rt, log)
}

/// The JSON shown in `#id`.
fn shown_json(rt: &mica_engine::runtime::Runtime, id: &str) -> Value {
    let text = text_by_id(rt, id);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("#{id} is not JSON ({e}): {text}"))
}

#[test]
fn capture_runs_root_down_before_bubble_and_mut_bind_runs_once() {
    let (_, log) = phases_after_tap("leaf");
    // Capture root → mid, then bubble leaf → root. mutLeaf takes the mut-bind slot, so
    // mutMid is skipped while bubMid (bind) still runs.
    assert_eq!(
        log,
        "capRoot(leaf>root);capMid(leaf>mid);bubLeaf(leaf>leaf);mutLeaf(leaf>leaf);\
         bubMid(leaf>mid);bubRoot(leaf>root);"
    );
}

#[test]
fn mut_bind_runs_when_no_lower_mut_bind_did() {
    let (_, log) = phases_after_tap("plain");
    assert_eq!(
        log,
        "capRoot(plain>root);capMid(plain>mid);bubMid(plain>mid);mutMid(plain>mid);\
         bubRoot(plain>root);"
    );
}

#[test]
fn catch_stops_bubbling_but_not_capture() {
    let (_, log) = phases_after_tap("inStopper");
    assert_eq!(
        log,
        "capRoot(inStopper>root);capMid(inStopper>mid);bubInStopper(inStopper>inStopper);\
         catchStopper(inStopper>stopper);"
    );
}

#[test]
fn capture_catch_stops_the_whole_event() {
    let (_, log) = phases_after_tap("behindGate");
    // No capture below the gate, no bubble at all.
    assert_eq!(log, "capRoot(behindGate>root);capGate(behindGate>gate);");
}

#[test]
fn marks_merge_with_the_node_nearest_the_target_winning() {
    let (mut rt, _) = phases_after_tap("leaf");
    assert_eq!(
        shown_json(&rt, "mark"),
        json!({"who": "leaf", "leafMark": "first", "midOnly": 3, "level": "page"})
    );
    // Marks are bound data: `bump` changes leafMark through setData.
    rt.tap("#bump").unwrap_or_else(|e| panic!("{e}"));
    rt.tap("#leaf").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(shown_json(&rt, "mark")["leafMark"], json!("second"));
    // A tap outside #leaf does not see its marks.
    rt.tap("#plain").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        shown_json(&rt, "mark"),
        json!({"who": "mid", "midOnly": 3, "level": "page"})
    );
    // Marks are neither attributes nor dataset entries.
    let dump = rt.dump();
    let leaf = find_id(&dump["tree"], "leaf").unwrap_or_else(|| panic!("no #leaf"));
    assert!(!leaf.to_string().contains("mark"), "{leaf}");
}

#[test]
fn dataset_is_camel_cased_and_lower_cased_like_wechat() {
    let (rt, _) = phases_after_tap("leaf");
    // The last handler is bubRoot: `target` is still #leaf, `currentTarget` is #root.
    assert_eq!(
        shown_json(&rt, "dataset"),
        json!({
            "target": {"userName": "ann", "userid": "u7", "n": 7},
            "current": {},
        })
    );
}
