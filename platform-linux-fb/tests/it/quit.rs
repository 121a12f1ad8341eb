//! Quitting: the quit handle, and real SIGTERMs raised in a child process (this test
//! binary run again for one test), so the test process itself is never signalled.

use std::process::Command;

use mica_engine::config::FbPixelFormat;
use mica_engine::platform::{InputEvent, Key, Platform};

use crate::{geometry, key, tap, write_records, Rig, WAIT};

#[test]
fn a_quit_request_ends_the_wait_after_pending_input() {
    let rig = Rig::temp();
    let mut p = rig.open(&rig.config(geometry(8, 8, FbPixelFormat::Rgb565)));
    let quit = p.quit_handle();
    assert!(!quit.requested());
    // From another thread, as a signal would: a blocked wait returns at once.
    std::thread::scope(|s| {
        s.spawn(|| quit.request());
    });
    let events = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(events, vec![InputEvent::Quit]);
    assert!(quit.requested());
    // Input already read comes first; Quit stays.
    write_records(&rig.input_dir().join("event0"), &tap(28));
    let events = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        events,
        vec![
            key(Key::Enter, true),
            key(Key::Enter, false),
            InputEvent::Quit
        ]
    );
}

/// Set in the child: which signal scenario to play.
const CHILD: &str = "MICA_FB_SIGNAL_CHILD";

/// Runs `test` of this binary in a child with `CHILD=scenario`; its exit status and
/// output.
fn child(test: &str, scenario: &str) -> (std::process::ExitStatus, String) {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, scenario)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status, text)
}

/// Raises `signal` in this thread: handled before this returns.
fn raise(signal: i32) {
    signal_hook::low_level::raise(signal).unwrap_or_else(|e| panic!("raise: {e}"));
}

const SIGTERM: i32 = signal_hook::consts::SIGTERM;

/// The child's side; does nothing in a normal test run.
#[test]
fn signal_child() {
    let Ok(scenario) = std::env::var(CHILD) else {
        return;
    };
    let rig = Rig::temp();
    let mut cfg = rig.config(geometry(8, 8, FbPixelFormat::Rgb565));
    cfg.signals = true;
    let mut p = rig.open(&cfg);
    raise(SIGTERM);
    let events = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(events, vec![InputEvent::Quit]);
    println!("child: first SIGTERM quit");
    match scenario.as_str() {
        // A second signal, not acted on: terminate.
        "twice" => raise(SIGTERM),
        // Dropped: signals get their default action back.
        "dropped" => {
            drop(p);
            println!("child: dropped");
            raise(SIGTERM);
        }
        other => panic!("unknown scenario {other}"),
    }
    // Not reached: the signal terminated the process.
    println!("child: still alive");
}

#[cfg(unix)]
fn terminated_by(status: std::process::ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.signal()
}

#[test]
fn sigterm_quits_and_a_second_one_terminates() {
    let (status, out) = child("quit::signal_child", "twice");
    assert!(out.contains("child: first SIGTERM quit"), "{out}");
    assert!(!out.contains("still alive"), "{out}");
    assert_eq!(terminated_by(status), Some(SIGTERM), "{status:?}\n{out}");
}

#[test]
fn after_drop_sigterm_terminates_again() {
    let (status, out) = child("quit::signal_child", "dropped");
    assert!(out.contains("child: first SIGTERM quit"), "{out}");
    assert!(out.contains("child: dropped"), "{out}");
    assert!(!out.contains("still alive"), "{out}");
    assert_eq!(terminated_by(status), Some(SIGTERM), "{status:?}\n{out}");
}
