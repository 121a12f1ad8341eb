//! The work of two `logic` benches, a fixed number of times, for instruction counts:
//! `valgrind --tool=callgrind target/release/examples/logic_profile set_data 10` (or
//! `start 10`). Callgrind follows every thread (the logic thread does most of the work),
//! so compare totals: the same command with `0` gives the fixed cost (an app's launch,
//! or nothing) to subtract, and the difference divided by the count is one iteration.
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{mpsc, Arc};

use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::script::{spawn_logic, ScriptSource};
use serde_json::json;

struct Scripts(HashMap<String, String>);

impl ScriptSource for Scripts {
    fn read_script(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

/// `set_data_100kb`: the page method that sets 100 KB of data, `n` times.
fn set_data(n: u64) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("apps/logic");
    let config = RuntimeConfig {
        width: 1280,
        height: 720,
        ..Default::default()
    };
    let mut rt = match Runtime::open(&dir, config) {
        Ok(rt) => rt,
        Err(e) => panic!("open: {e}"),
    };
    if let Err(e) = rt.launch(None) {
        panic!("launch: {e}");
    }
    for round in 1..=n {
        if let Err(e) = rt.call_page_method("big", json!({ "round": round })) {
            panic!("big: {e}");
        }
    }
}

/// `boa_context_start`: a logic thread started and stopped, `n` times.
fn start(n: u64) {
    let scripts = Arc::new(Scripts(HashMap::new()));
    for _ in 0..n {
        let (tx, _rx) = mpsc::channel();
        match spawn_logic(scripts.clone(), tx) {
            Ok(handle) => handle.join(),
            Err(e) => panic!("spawn: {e}"),
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_default();
    let n = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    match what.as_str() {
        "set_data" => set_data(n),
        "start" => start(n),
        _ => eprintln!("usage: logic_profile set_data|start [count]"),
    }
}
