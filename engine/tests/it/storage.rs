//! `wx.setStorage` and friends as a page uses them: sync and async forms, values that
//! survive a restart of the runtime, the limits, and the file written atomically.

use std::path::{Path, PathBuf};

use mica_engine::runtime::{Runtime, RuntimeConfig};
use serde_json::{json, Value};

use crate::support::{fixture, launch, launch_with, text_by_id, workspace};

fn storage_dir(name: &str) -> PathBuf {
    let d = workspace().join("target/storage-tests").join(name);
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn open(dir: &Path) -> Runtime {
    let config = RuntimeConfig {
        width: 320,
        height: 240,
        storage_dir: Some(dir.to_path_buf()),
        ..Default::default()
    };
    launch_with(fixture("net_page"), config)
}

fn call(rt: &mut Runtime, name: &str, detail: Value) {
    rt.call_page_method(name, json!({ "type": "call", "detail": detail }))
        .unwrap_or_else(|e| panic!("{e}"));
    rt.settle().unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn values_round_trip_and_survive_a_restart() {
    let dir = storage_dir("restart");
    let mut rt = open(&dir);
    let value = json!({ "name": "Mica", "list": [1, 2.5, null, "三"], "ok": true });
    call(
        &mut rt,
        "store",
        json!({ "key": "profile", "value": value }),
    );
    call(&mut rt, "store", json!({ "key": "n", "value": 7 }));
    call(&mut rt, "load", json!({ "key": "profile" }));
    assert_eq!(
        serde_json::from_str::<Value>(&text_by_id(&rt, "loaded")).ok(),
        Some(value.clone())
    );
    // A missing key reads as an empty string, as in WeChat.
    call(&mut rt, "load", json!({ "key": "nothing" }));
    assert_eq!(text_by_id(&rt, "loaded"), "\"\"");
    drop(rt);

    let file = dir.join("net_page/storage.json");
    assert!(file.is_file());
    assert!(!dir.join("net_page/storage.json.tmp").exists());
    let mut rt = open(&dir);
    call(&mut rt, "loadAsync", json!({ "key": "profile" }));
    assert_eq!(
        serde_json::from_str::<Value>(&text_by_id(&rt, "loaded")).ok(),
        Some(value)
    );
    call(&mut rt, "info", json!({}));
    assert_eq!(text_by_id(&rt, "loaded"), "profile,n|1|10240");
    call(&mut rt, "remove", json!({ "key": "profile" }));
    call(&mut rt, "loadAsync", json!({ "key": "profile" }));
    assert_eq!(text_by_id(&rt, "err"), "getStorage:fail data not found");
    call(&mut rt, "storeAsync", json!({ "key": "k", "value": "v" }));
    assert_eq!(text_by_id(&rt, "status"), "setStorage:ok");
    call(&mut rt, "clear", json!({}));
    assert_eq!(text_by_id(&rt, "status"), "cleared");
    drop(rt);
    let rt = open(&dir);
    drop(rt);
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    assert_eq!(text, "{}");
}

#[test]
fn limits_are_enforced_with_errmsgs() {
    let dir = storage_dir("limits");
    let mut rt = open(&dir);
    let big = "x".repeat(1024 * 1024);
    call(&mut rt, "store", json!({ "key": "big", "value": big }));
    assert!(
        text_by_id(&rt, "err").starts_with("setStorageSync:fail exceed storage item max length"),
        "{}",
        text_by_id(&rt, "err")
    );
    let mb = "y".repeat(1000 * 1024);
    for i in 0..10 {
        call(
            &mut rt,
            "store",
            json!({ "key": format!("k{i}"), "value": mb }),
        );
        assert_eq!(text_by_id(&rt, "err"), "", "k{i}");
    }
    call(&mut rt, "storeAsync", json!({ "key": "k10", "value": mb }));
    assert!(
        text_by_id(&rt, "err").starts_with("setStorage:fail exceed storage max size 10MB"),
        "{}",
        text_by_id(&rt, "err")
    );
    call(&mut rt, "store", json!({ "key": 5, "value": 1 }));
    assert!(text_by_id(&rt, "err").contains("parameter.key should be String"));
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn without_a_storage_dir_nothing_is_written() {
    let mut rt = launch(fixture("net_page"), 320, 240);
    call(&mut rt, "store", json!({ "key": "a", "value": [1] }));
    call(&mut rt, "load", json!({ "key": "a" }));
    assert_eq!(text_by_id(&rt, "loaded"), "[1]");
}
