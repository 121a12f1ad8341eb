//! `wx.createSelectorQuery`, `getNetworkType`, `getAccountInfoSync`, `getUpdateManager`
//! and `reportEvent` (engine/tests/apps/system_apis): WeChat's shapes and calling
//! conventions, checked against the page's real layout and files on disk.

use std::path::PathBuf;

use mica_engine::package::keys::SigningKey;
use mica_engine::package::pack::{pack_dir, PackOptions};
use mica_engine::package::Trust;
use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::script::{drain_events, MAX_QUEUED_BYTES, MAX_QUEUED_EVENTS};
use serde_json::{json, Value};

use crate::support::{fixture, launch, launch_with, text_by_id, workspace};

const W: u32 = 400;
const H: u32 = 300;

fn app() -> Runtime {
    launch(fixture("system_apis"), W, H)
}

/// Runs page method `method` (with `event`) and returns what it stored in `out`.
fn run(rt: &mut Runtime, method: &str, event: Value) -> Value {
    rt.call_page_method(method, event)
        .unwrap_or_else(|e| panic!("{method}: {e}"));
    let text = text_by_id(rt, "out");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method}: {e}: {text}"))
}

/// Every node of the dump tree, in document order.
fn nodes(tree: &Value) -> Vec<&Value> {
    let mut out = vec![tree];
    if let Some(children) = tree.get("children").and_then(Value::as_array) {
        for c in children {
            out.extend(nodes(c));
        }
    }
    out
}

fn has_class(node: &Value, class: &str) -> bool {
    node.get("class")
        .and_then(Value::as_array)
        .is_some_and(|c| c.iter().any(|k| k == class))
}

/// The dump boxes of the nodes with `class`, in document order.
fn boxes(rt: &Runtime, class: &str) -> Vec<Value> {
    let dump = rt.dump();
    nodes(&dump["tree"])
        .into_iter()
        .filter(|n| has_class(n, class))
        .map(|n| n["box"].clone())
        .collect()
}

/// WeChat's `boundingClientRect` of a dump box.
fn client_rect(b: &Value) -> (f64, f64, f64, f64, f64, f64) {
    let f = |k: &str| b[k].as_f64().unwrap_or(f64::NAN);
    let (x, y, w, h) = (f("x"), f("y"), f("width"), f("height"));
    (x, x + w, y, y + h, w, h)
}

fn rect_of(r: &Value) -> (f64, f64, f64, f64, f64, f64) {
    let f = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
    (
        f("left"),
        f("right"),
        f("top"),
        f("bottom"),
        f("width"),
        f("height"),
    )
}

#[test]
fn selector_query_answers_from_the_layout_relative_to_the_viewport() {
    let mut rt = app();
    let out = run(&mut rt, "rects", json!({}));
    // Each request's callback, in request order, then exec's.
    assert_eq!(
        out["order"],
        json!(["first", "boxes", "nope", "viewport", "sv", "exec"])
    );
    let res = &out["res"];
    assert_eq!(res.as_array().map(Vec::len), Some(7));
    // The per-node callbacks got the same results as exec, in order.
    assert_eq!(out["per"]["first"], res[0]);
    assert_eq!(out["per"]["boxes"], res[1]);
    assert_eq!(out["per"]["nope"], Value::Null);
    assert_eq!(res[2], Value::Null);

    let first = &res[0];
    assert_eq!(first["id"], "first");
    // Static data-* values are strings; data-item-id becomes itemId.
    assert_eq!(first["dataset"], json!({"itemId": "7", "name": "first"}));
    let keys: Vec<&String> = first
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        ["id", "dataset", "left", "right", "top", "bottom", "width", "height"]
    );
    let box_boxes = boxes(&rt, "box");
    assert_eq!(box_boxes.len(), 3);
    assert_eq!(rect_of(first), client_rect(&box_boxes[0]));
    // The CSS gave it: margin 10px 20px, height 100px, full width minus margins.
    assert_eq!(rect_of(first), (20.0, 380.0, 10.0, 110.0, 360.0, 100.0));
    let all = res[1].as_array().cloned().unwrap_or_default();
    assert_eq!(all.len(), 3);
    for (r, b) in all.iter().zip(&box_boxes) {
        assert_eq!(rect_of(r), client_rect(b));
    }
    assert_eq!(all[2]["id"], "third");
    // The query made in onLoad saw the same layout.
    assert_eq!(
        text_by_id(&rt, "onload").parse::<f64>().ok(),
        all[2]["top"].as_f64()
    );

    // The viewport and the scroll-view before any scrolling.
    assert_eq!(res[3]["scrollTop"], 0.0);
    assert_eq!(res[3]["scrollLeft"], 0.0);
    assert!(res[3]["scrollHeight"].as_f64().unwrap_or(0.0) > 2000.0);
    assert_eq!(res[4]["id"], "sv");
    assert_eq!(res[4]["scrollTop"], 0.0);
    assert_eq!(res[4]["scrollHeight"], 400.0);
    let items_before = res[5].as_array().cloned().unwrap_or_default();
    assert_eq!(items_before.len(), 8);
    assert_eq!(items_before[3]["dataset"], json!({"index": 3}));
    assert_eq!(
        rect_of(&res[6]),
        (
            0.0,
            f64::from(W),
            0.0,
            f64::from(H),
            f64::from(W),
            f64::from(H)
        )
    );

    // Scroll the page by 150 and the scroll-view by 75: rects follow the viewport.
    rt.call_page_method("scrollBoth", json!({}))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = run(&mut rt, "rects", json!({}));
    let res = &out["res"];
    let (l, r, t, b, w, h) = rect_of(first);
    assert_eq!(rect_of(&res[0]), (l, r, t - 150.0, b - 150.0, w, h));
    assert_eq!(rect_of(&res[0]), client_rect(&boxes(&rt, "box")[0]));
    assert_eq!(res[3]["scrollTop"], 150.0);
    assert_eq!(res[4]["scrollTop"], 75.0);
    let items = res[5].as_array().cloned().unwrap_or_default();
    let item_boxes = boxes(&rt, "item");
    for (i, (now, before)) in items.iter().zip(&items_before).enumerate() {
        let top = before["top"].as_f64().unwrap_or(f64::NAN);
        assert_eq!(now["top"].as_f64(), Some(top - 150.0 - 75.0), "item {i}");
        assert_eq!(rect_of(now), client_rect(&item_boxes[i]), "item {i}");
    }
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn selector_query_fields_and_selectors() {
    let mut rt = app();
    let res = run(&mut rt, "fields", json!({}));
    let first = &res[0];
    assert_eq!(first["id"], "first");
    assert_eq!(first["mark"], json!({"kind": "card"}));
    assert_eq!(first["scrollTop"], 0.0);
    // computedStyle's width wins over size's, as WeChat documents.
    assert_eq!(first["width"], "360px");
    assert_eq!(first["height"], 100.0);
    assert_eq!(first["left"], 20.0);
    assert_eq!(first["backgroundColor"], "rgb(255, 0, 0)");
    assert_eq!(first["margin"], "10px 20px");
    assert_eq!(first["display"], "block");
    assert!(first["font-size"]
        .as_str()
        .is_some_and(|s| s.ends_with("px")));
    // class and event bindings are not properties.
    assert!(first.get("class").is_none() && first.get("bindtap").is_none());
    assert_eq!(res[1], json!({"scrollY": true, "scrollTop": "0"}));
    assert_eq!(
        res[2],
        json!({"backgroundColor": "rgba(0, 0, 255, 0.502)", "height": "60px"})
    );
    assert_eq!(res[3], json!({"width": "360px", "height": 100}));
    assert_eq!(res[4], json!({"id": "third"}), ".wrap .c");
    assert_eq!(res[5], json!({"id": "third"}), ".wrap > .c");
    assert_eq!(res[6], Value::Null, ".outer > .c is a grandchild");
    assert_eq!(res[7], json!({"id": "third"}), ".wrap >>> .c");
    assert_eq!(res[8], json!([{"id": "first"}, {"id": "third"}]));
    // display: none (an ancestor's) gives zeros.
    assert_eq!(rect_of(&res[9]), (0.0, 0.0, 0.0, 0.0, 0.0, 0.0));
    assert_eq!(res[9]["id"], "inside");
    assert_eq!(res[10], Value::Null, "invalid selector");
    assert_eq!(res[11], Value::Null, "not a string");
    assert_eq!(res[12], json!({"context": null, "node": null}));

    assert_eq!(
        run(&mut rt, "scoped", json!({})),
        json!(["third", "third", 1])
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());

    // A throwing callback is reported; the others still run.
    assert_eq!(run(&mut rt, "throwing", json!({})), json!("third"));
    assert!(
        rt.errors()
            .iter()
            .any(|e| e.message.contains("selector query callback") && e.message.contains("boom")),
        "{:?}",
        rt.errors()
    );
}

#[test]
fn get_network_type_calls_back_and_resolves() {
    let mut rt = app();
    let out = run(&mut rt, "network", json!({}));
    let kind = out[0][1].as_str().unwrap_or("");
    assert!(
        ["wifi", "2g", "3g", "4g", "5g", "unknown", "none"].contains(&kind),
        "{out}"
    );
    assert_eq!(out[0], json!(["success", kind, "getNetworkType:ok"]));
    assert_eq!(out[1], json!(["complete", "getNetworkType:ok"]));
    assert_eq!(out[2], json!(["promise", kind, "getNetworkType:ok"]));
    assert_eq!(
        run(&mut rt, "canIUse", json!({})),
        json!([true, true, true, true, true, true, true])
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn update_manager_reports_no_update_once() {
    let mut rt = app();
    assert_eq!(
        run(&mut rt, "updates", json!({})),
        json!({"launch": [r#"{"hasUpdate":false}"#], "same": true})
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn account_info_of_a_source_directory_and_of_a_package() {
    let mut rt = app();
    assert_eq!(
        run(&mut rt, "account", json!({})),
        json!({
            "info": {
                "miniProgram": {"appId": "wx_system_fixture", "envVersion": "develop", "version": ""},
                "plugin": {},
            },
            "same": false,
        })
    );

    let signer = SigningKey::from_seed([0x51; 32]);
    let fleet = [0x52; 32];
    let mut options = PackOptions::new(signer.clone(), fleet);
    options.appid = Some("wx5150".into());
    options.version = Some("2.3.4".into());
    let (bytes, _) =
        pack_dir(fixture("system_apis"), &options).unwrap_or_else(|e| panic!("pack: {e}"));
    let dir = workspace().join("target/test-tmp");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("system-apis-{}.mpk", std::process::id()));
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let config = RuntimeConfig {
        width: W,
        height: H,
        trust: Trust {
            signers: vec![signer.public_key()],
            fleet_keys: vec![fleet],
            fleet_key_provider: None,
        },
        ..Default::default()
    };
    let mut rt = launch_with(path.clone(), config);
    let out = run(&mut rt, "account", json!({}));
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        out["info"]["miniProgram"],
        json!({"appId": "wx5150", "envVersion": "release", "version": "2.3.4"})
    );
}

fn storage_dir(name: &str) -> PathBuf {
    let d = workspace()
        .join("target/test-tmp")
        .join(format!("system-apis-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn report_event_queues_bounded_json_lines_and_refuses_bad_input() {
    let dir = storage_dir("events");
    let config = RuntimeConfig {
        width: W,
        height: H,
        storage_dir: Some(dir.clone()),
        ..Default::default()
    };
    let mut rt = launch_with(fixture("system_apis"), config);
    // More events than the bound: the oldest go.
    run(&mut rt, "report", json!({"n": MAX_QUEUED_EVENTS + 150}));
    let path = dir.join("system_apis/events.jsonl");
    let events = lines(&path);
    let n = events.len();
    assert!(
        (MAX_QUEUED_EVENTS * 8 / 10..=MAX_QUEUED_EVENTS).contains(&n),
        "{n}"
    );
    // Only valid events were kept: the numbered ones, then `last_one` with {}.
    let last = &events[n - 1];
    assert_eq!(last["eventId"], "last_one");
    assert_eq!(last["data"], json!({}));
    assert!(last["time"].as_u64().is_some_and(|t| t > 1_600_000_000_000));
    let numbered = &events[..n - 1];
    let newest = MAX_QUEUED_EVENTS + 149;
    for (k, e) in numbered.iter().rev().enumerate() {
        let i = newest - k;
        assert_eq!(e["data"]["i"], json!(i), "{e}");
        assert_eq!(e["eventId"], json!(format!("tick_{}", i % 3)));
    }

    // The firmware takes them; the queue starts again.
    let drained = rt.drain_events();
    assert_eq!(drained.len(), n);
    assert!(!path.exists());
    run(&mut rt, "report", json!({"n": 2}));
    let again = drain_events(&dir, "system_apis").unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = again.iter().map(|e| e.event_id.as_str()).collect();
    assert_eq!(ids, ["tick_0", "tick_1", "last_one"]);

    // Big events: bounded by bytes too.
    let pad = "x".repeat(20_000);
    run(&mut rt, "report", json!({"n": 80, "pad": pad}));
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    assert!(size <= MAX_QUEUED_BYTES as u64, "{size}");
    assert_eq!(
        lines(&path).last().map(|e| e["eventId"].clone()),
        Some(json!("last_one"))
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_event_without_a_storage_directory_stays_in_memory() {
    let mut rt = app();
    run(&mut rt, "report", json!({"n": MAX_QUEUED_EVENTS + 5}));
    let events = rt.drain_events();
    assert_eq!(events.len(), MAX_QUEUED_EVENTS);
    assert_eq!(events[0].data["i"], json!(6));
    assert_eq!(events.last().map(|e| e.event_id.as_str()), Some("last_one"));
    assert!(rt.drain_events().is_empty());
}
