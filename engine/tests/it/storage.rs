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

const KILL_DIR_VAR: &str = "MICA_STORAGE_KILL_DIR";

/// A value whose every byte depends on `n`, so a torn or mixed write cannot pass
/// [`check_digest`]: 900 KB (near the 1 MB a key may hold), so a write takes a while.
fn value_for(n: u64) -> Value {
    let digit = char::from(b'0' + (n % 10) as u8);
    json!({ "n": n, "data": digit.to_string().repeat(900_000), "tail": n })
}

/// The round of a value the page's `digest` method summarised, if the value was whole:
/// 900,000 copies of its round's digit and the round again at its end.
fn check_digest(d: &Value) -> Option<u64> {
    let n = d["n"].as_u64()?;
    let whole = d["len"] == 900_000 && d["whole"] == true && d["tail"] == n;
    whole.then_some(n)
}

/// Runs only in the child process of [`a_kill_9_during_writes_leaves_the_old_or_the_new_value`]
/// (a no-op in a normal test run): writes `value_for(n)` for n = 1, 2, ... forever,
/// printing each n before its write starts.
#[test]
fn storage_kill_child() {
    let Ok(dir) = std::env::var(KILL_DIR_VAR) else {
        return;
    };
    let mut rt = open(Path::new(&dir));
    for n in 1.. {
        println!("writing {n}");
        call(
            &mut rt,
            "store",
            json!({ "key": "k", "value": value_for(n) }),
        );
    }
}

/// Names and sizes of the files under `dir`.
fn files(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            match e.metadata() {
                Ok(m) if m.is_dir() => stack.push(path),
                Ok(m) => out.push((path, m.len())),
                Err(_) => {}
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_kill_9_during_writes_leaves_the_old_or_the_new_value() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("current exe: {e}"));
    for (round, target) in [2u64, 3, 5, 8].into_iter().enumerate() {
        let dir = storage_dir(&format!("kill-{round}"));
        let mut child = Command::new(&exe)
            .args([
                "storage::storage_kill_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(KILL_DIR_VAR, &dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let mut lines = std::io::BufReader::new(stdout).lines();
        loop {
            match lines.next() {
                Some(Ok(line)) if line == format!("writing {target}") => break,
                Some(Ok(_)) => {}
                other => panic!("round {round}: the child stopped early: {other:?}"),
            }
        }
        // Write `target` has started: kill the child (SIGKILL) as soon as the files on
        // disk change, which is in the middle of that write.
        let before = files(&dir);
        let deadline = Instant::now() + Duration::from_secs(10);
        while files(&dir) == before && Instant::now() < deadline {
            std::hint::spin_loop();
        }
        child.kill().unwrap_or_else(|e| panic!("kill: {e}"));
        let _ = child.wait();

        let mut rt = open(&dir);
        call(&mut rt, "digest", json!({ "key": "k" }));
        let loaded = text_by_id(&rt, "loaded");
        let v: Value = serde_json::from_str(&loaded)
            .unwrap_or_else(|e| panic!("round {round}: unreadable value ({e}): {loaded:.80}"));
        let n = check_digest(&v)
            .unwrap_or_else(|| panic!("round {round}: a torn or lost value: {loaded:.120}"));
        // A whole value, and not older than the write before the one the kill was aimed
        // at (on a loaded machine the child may have finished it, and started more).
        assert!(
            n + 1 >= target,
            "round {round}: read {n}, killed during {target} or later"
        );
        assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    }
}
