//! The watchdog ([`mica_engine::script::Watchdog`]): runaway loops, a loop calling
//! native functions, runaway recursion and an app over its memory budget are stopped,
//! reported to `App.onError` and as `watchdog` errors, and the app keeps working
//! (engine/tests/apps/watchdog).

use std::time::Duration;

use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::script::Watchdog;

use crate::support::{fixture, tap, text_by_id};

fn app(watchdog: Watchdog) -> Runtime {
    let config = RuntimeConfig {
        width: 320,
        height: 240,
        watchdog,
        ..Default::default()
    };
    let mut rt = Runtime::open(fixture("watchdog"), config).unwrap_or_else(|e| panic!("{e}"));
    rt.launch(None).unwrap_or_else(|e| panic!("{e}"));
    rt
}

/// Short budgets so the test takes a fraction of a second.
fn quick() -> Watchdog {
    Watchdog {
        time_budget: Duration::from_millis(300),
        loop_budget: Duration::from_millis(100),
        memory_budget: None,
    }
}

fn watchdog_errors(rt: &Runtime) -> Vec<String> {
    rt.errors()
        .iter()
        .filter(|d| d.source == "watchdog")
        .map(|d| d.message.clone())
        .collect()
}

/// After a stop: the next tap works, and `App.onError` saw the stop.
fn still_works(rt: &mut Runtime, expect_in_on_error: &str) {
    let before: u32 = text_by_id(rt, "ok").parse().unwrap_or(0);
    tap(rt, "#ok");
    assert_eq!(text_by_id(rt, "ok"), (before + 1).to_string());
    let seen = text_by_id(rt, "errors");
    assert!(seen.contains(expect_in_on_error), "App.onError saw: {seen}");
}

#[test]
fn a_runaway_loop_is_stopped_and_cannot_be_caught() {
    let mut rt = app(quick());
    tap(&mut rt, "#spin");
    let errors = watchdog_errors(&rt);
    assert_eq!(errors.len(), 1, "{:?}", rt.errors());
    assert!(
        errors[0].contains("spin")
            && errors[0].contains("stopped by the watchdog: a loop ran too long"),
        "{errors:?}"
    );
    // setData before the loop went through.
    assert_eq!(text_by_id(&rt, "state"), "spinning");
    still_works(&mut rt, "a loop ran too long");

    tap(&mut rt, "#caught");
    assert_eq!(
        text_by_id(&rt, "state"),
        "spinning",
        "try/catch must not swallow the stop"
    );
    assert_eq!(watchdog_errors(&rt).len(), 2);
}

#[test]
fn a_loop_calling_native_functions_is_stopped_by_the_time_budget() {
    // The loop count is calibrated on a timed plain loop; on a loaded machine that timing
    // can come out slow enough for the count to stop this loop before the clock does. A
    // loop budget far beyond the time budget leaves only the clock to stop it.
    let mut rt = app(Watchdog {
        loop_budget: Duration::from_secs(30),
        ..quick()
    });
    tap(&mut rt, "#flood");
    let errors = watchdog_errors(&rt);
    assert_eq!(errors.len(), 1, "{:?}", rt.errors());
    assert!(errors[0].contains("flood"), "{errors:?}");
    assert!(errors[0].contains("longer than allowed"), "{errors:?}");
    still_works(&mut rt, "longer than allowed");
}

#[test]
fn runaway_recursion_is_stopped() {
    let mut rt = app(quick());
    tap(&mut rt, "#deep");
    let errors = watchdog_errors(&rt);
    assert_eq!(errors.len(), 1, "{:?}", rt.errors());
    assert!(errors[0].contains("too much recursion"), "{errors:?}");
    assert_eq!(text_by_id(&rt, "state"), "idle");
    still_works(&mut rt, "too much recursion");
}

const MEMORY_CHILD_VAR: &str = "MICA_WATCHDOG_MEMORY_CHILD";

/// Runs only in the child process of [`an_app_over_its_memory_budget_is_stopped`] (a
/// no-op in a normal test run): the budget is on the process's resident memory, so the
/// test needs a process of its own, where no other test allocates or frees.
#[test]
fn memory_child() {
    if std::env::var_os(MEMORY_CHILD_VAR).is_none() {
        return;
    }
    let mut rt = app(Watchdog {
        memory_budget: Some(48 * 1024 * 1024),
        // Long enough that memory, not time, stops it.
        time_budget: Duration::from_secs(30),
        ..quick()
    });
    tap(&mut rt, "#grow");
    let errors = watchdog_errors(&rt);
    assert!(!errors.is_empty(), "{:?}", rt.errors());
    assert!(
        errors[0].contains("over its memory budget of 48 MB"),
        "{errors:?}"
    );
    still_works(&mut rt, "memory budget");
    println!("memory child: ok");
}

#[test]
fn an_app_over_its_memory_budget_is_stopped() {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("current exe: {e}"));
    let out = std::process::Command::new(exe)
        .args([
            "watchdog::memory_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(MEMORY_CHILD_VAR, "1")
        .output()
        .unwrap_or_else(|e| panic!("run child: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("memory child: ok"),
        "child failed: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}
