//! The logic thread's hot paths (issue #6 targets in brackets):
//! - `tap_round_trip`: a tap on a button whose handler calls `setData`: view → JS →
//!   patch → restyle, layout, paint of the damage (≤ 5 ms);
//! - `set_data_100kb`: a page method that sets 100 KB of data (1,000 objects), from the
//!   call to the frame (≤ 10 ms); the JS that builds the objects is included;
//! - `boa_context_start`: a logic thread with its boa context and Mica's globals, ready
//!   for the app's scripts (≤ 5 ms);
//! - `watchdog_stops_while_true`: how long `while (true) {}` runs before the watchdog
//!   stops it (the default budget calibrates it to about 1 s; sampled 10 times).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::script::{spawn_logic, ScriptSource};
use serde_json::json;

/// Opens and launches the app in `dir`.
fn open(dir: PathBuf, width: u32, height: u32) -> Runtime {
    let config = RuntimeConfig {
        width,
        height,
        ..Default::default()
    };
    let mut rt = match Runtime::open(&dir, config) {
        Ok(rt) => rt,
        Err(e) => panic!("open: {e}"),
    };
    if let Err(e) = rt.launch(None) {
        panic!("launch: {e}");
    }
    rt
}

fn app() -> Runtime {
    open(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("apps/logic"),
        1280,
        720,
    )
}

fn tap_round_trip(c: &mut Criterion) {
    let mut rt = app();
    c.bench_function("tap_round_trip", |b| {
        b.iter(|| {
            if let Err(e) = rt.tap("#tap") {
                panic!("tap: {e}");
            }
        })
    });
}

fn set_data_100kb(c: &mut Criterion) {
    let mut rt = app();
    let mut round = 0u64;
    c.bench_function("set_data_100kb", |b| {
        b.iter(|| {
            round += 1;
            if let Err(e) = rt.call_page_method("big", json!({ "round": round })) {
                panic!("big: {e}");
            }
        })
    });
    // The payload really was about 100 KB of JSON.
    let size: u64 = text_of(&rt.dump()["tree"], "size")
        .trim()
        .parse()
        .unwrap_or(0);
    assert!(size > 100_000, "payload of {size} bytes");
}

/// The text under the node with `id` in a dump tree.
fn text_of(tree: &serde_json::Value, id: &str) -> String {
    fn all_text(n: &serde_json::Value, out: &mut String) {
        if let Some(t) = n["text"].as_str() {
            out.push_str(t);
        }
        for c in n["children"].as_array().into_iter().flatten() {
            all_text(c, out);
        }
    }
    if tree["id"] == id {
        let mut out = String::new();
        all_text(tree, &mut out);
        return out;
    }
    tree["children"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| text_of(c, id))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

struct Scripts(HashMap<String, String>);

impl ScriptSource for Scripts {
    fn read_script(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

fn boa_start(c: &mut Criterion) {
    let scripts = Arc::new(Scripts(HashMap::new()));
    c.bench_function("boa_context_start", |b| {
        b.iter(|| {
            let (tx, _rx) = mpsc::channel();
            match spawn_logic(scripts.clone(), tx) {
                Ok(handle) => handle.join(),
                Err(e) => panic!("spawn: {e}"),
            }
        })
    });
}

fn watchdog(c: &mut Criterion) {
    let mut rt = open(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../engine/tests/apps/watchdog"),
        320,
        240,
    );
    // Let the logic thread calibrate (it does once it is idle after the first page).
    if let Err(e) = rt.tap("#ok") {
        panic!("tap: {e}");
    }
    let mut group = c.benchmark_group("watchdog");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("watchdog_stops_while_true", |b| {
        b.iter(|| {
            if let Err(e) = rt.tap("#spin") {
                panic!("spin: {e}");
            }
        })
    });
    group.finish();
}

criterion_group!(benches, tap_round_trip, set_data_100kb, boa_start, watchdog);
criterion_main!(benches);
