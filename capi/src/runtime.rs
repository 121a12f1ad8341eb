//! `MicaRuntime`: a mini-program opened on Mica's headless platform, driven by the host
//! (input in, frames pulled out), and the C enums for its keys and pointer phases.

use std::ffi::{c_char, c_int, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::thread::ThreadId;
use std::time::Duration;

use mica_engine::host::HostGrants;
use mica_engine::platform::{InputEvent, Key, PointerPhase};
use mica_engine::runtime::Runtime;
use mica_engine::EngineError;

use crate::error::{ffi, opt_str_arg, panic_message, str_arg, MICA_ERROR, MICA_OK, MICA_PENDING};
use crate::host::{in_host_fn, Gate};
use crate::MicaConfig;

/// A running mini-program (opaque). Made by `mica_runtime_new`, freed by
/// `mica_runtime_free`.
///
/// A runtime belongs to the thread that made it: call `mica_runtime_*` on it from that
/// thread only (calls from another thread fail with an error; `mica_runtime_free` from
/// another thread leaves it alive), and never from inside a host function. Different
/// runtimes may live on different threads. (The view side keeps state that must not
/// move between threads, such as the JS context of WXS modules.)
#[derive(Debug)]
pub struct MicaRuntime {
    rt: Runtime,
    /// The thread that made it, the only one allowed to use it.
    owner: ThreadId,
    /// Closed by `mica_runtime_free` so the host's functions are not called afterwards.
    gate: Arc<Gate>,
    /// How long `mica_runtime_settle` waits for async work.
    timeout: Duration,
    /// A call panicked: the runtime's state is unknown, so only freeing it is allowed.
    broken: bool,
}

/// A remote-control key (`mica_runtime_key`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MicaKey {
    /// D-pad up.
    Up = 0,
    /// D-pad down.
    Down = 1,
    /// D-pad left.
    Left = 2,
    /// D-pad right.
    Right = 3,
    /// OK / Enter: taps the focused node.
    Ok = 4,
    /// Back: closes the page; on the root page the app asks to be left.
    Back = 5,
    /// Home.
    Home = 6,
    /// Menu.
    Menu = 7,
    /// Digit 0.
    Digit0 = 10,
    /// Digit 1.
    Digit1 = 11,
    /// Digit 2.
    Digit2 = 12,
    /// Digit 3.
    Digit3 = 13,
    /// Digit 4.
    Digit4 = 14,
    /// Digit 5.
    Digit5 = 15,
    /// Digit 6.
    Digit6 = 16,
    /// Digit 7.
    Digit7 = 17,
    /// Digit 8.
    Digit8 = 18,
    /// Digit 9.
    Digit9 = 19,
    /// Media play/pause.
    PlayPause = 20,
    /// Media fast forward.
    FastForward = 21,
    /// Media rewind.
    Rewind = 22,
    /// Volume up.
    VolumeUp = 23,
    /// Volume down.
    VolumeDown = 24,
    /// Channel up.
    ChannelUp = 25,
    /// Channel down.
    ChannelDown = 26,
}

/// The engine key for each C key.
const KEYS: [(MicaKey, Key); 25] = [
    (MicaKey::Up, Key::Up),
    (MicaKey::Down, Key::Down),
    (MicaKey::Left, Key::Left),
    (MicaKey::Right, Key::Right),
    (MicaKey::Ok, Key::Enter),
    (MicaKey::Back, Key::Back),
    (MicaKey::Home, Key::Home),
    (MicaKey::Menu, Key::Menu),
    (MicaKey::Digit0, Key::Digit(0)),
    (MicaKey::Digit1, Key::Digit(1)),
    (MicaKey::Digit2, Key::Digit(2)),
    (MicaKey::Digit3, Key::Digit(3)),
    (MicaKey::Digit4, Key::Digit(4)),
    (MicaKey::Digit5, Key::Digit(5)),
    (MicaKey::Digit6, Key::Digit(6)),
    (MicaKey::Digit7, Key::Digit(7)),
    (MicaKey::Digit8, Key::Digit(8)),
    (MicaKey::Digit9, Key::Digit(9)),
    (MicaKey::PlayPause, Key::PlayPause),
    (MicaKey::FastForward, Key::FastForward),
    (MicaKey::Rewind, Key::Rewind),
    (MicaKey::VolumeUp, Key::VolumeUp),
    (MicaKey::VolumeDown, Key::VolumeDown),
    (MicaKey::ChannelUp, Key::ChannelUp),
    (MicaKey::ChannelDown, Key::ChannelDown),
];

/// The engine key for the C value `key`.
fn key_from_c(key: c_int) -> Option<Key> {
    KEYS.iter()
        .find(|(m, _)| *m as c_int == key)
        .map(|(_, k)| *k)
}

/// What a pointer did (`mica_runtime_pointer`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MicaPointerPhase {
    /// Finger down / button pressed.
    Down = 0,
    /// Moved while down.
    Move = 1,
    /// Finger up / button released.
    Up = 2,
}

fn phase_from_c(phase: c_int) -> Option<PointerPhase> {
    [
        (MicaPointerPhase::Down, PointerPhase::Down),
        (MicaPointerPhase::Move, PointerPhase::Move),
        (MicaPointerPhase::Up, PointerPhase::Up),
    ]
    .into_iter()
    .find(|(m, _)| *m as c_int == phase)
    .map(|(_, p)| p)
}

/// Runs `body` on the runtime `rt` points to: NULL, a call from another thread than
/// the runtime's or from inside a host function, a runtime broken by an earlier panic
/// and a panic now all give `on_error`.
///
/// # Safety
///
/// `rt` is NULL or a live runtime from `mica_runtime_new`.
unsafe fn with_runtime<T>(
    rt: *mut MicaRuntime,
    on_error: T,
    body: impl FnOnce(&mut MicaRuntime) -> Result<T, String>,
) -> T {
    ffi(on_error, || {
        if in_host_fn() {
            return Err(
                "mica_runtime_* called from inside a host function (it runs on the logic thread the runtime waits for)"
                    .to_string(),
            );
        }
        if rt.is_null() {
            return Err("runtime is NULL".to_string());
        }
        // SAFETY: not NULL; the caller promises a live runtime no other thread is using.
        let rt = unsafe { &mut *rt };
        check_owner(rt)?;
        if rt.broken {
            return Err("the runtime stopped after an internal error; free it".to_string());
        }
        match catch_unwind(AssertUnwindSafe(|| body(&mut *rt))) {
            Ok(result) => result,
            Err(panic) => {
                rt.broken = true;
                let message = format!("internal error in Mica: {}", panic_message(&*panic));
                log::error!(target: "mica::capi", "{message}");
                Err(message)
            }
        }
    })
}

/// Refuses a call from a thread other than the runtime's own.
fn check_owner(rt: &MicaRuntime) -> Result<(), String> {
    if rt.owner == std::thread::current().id() {
        Ok(())
    } else {
        Err("the runtime was made on another thread; use it only there".to_string())
    }
}

fn engine(e: EngineError) -> String {
    e.to_string()
}

/// Opens the mini-program at `app_path` (a source directory holding `app.json`, or a
/// `.mpk` package) with `config`. `config` is consumed, even on failure: do not use or
/// free it afterwards. Returns NULL on failure (reason in `mica_last_error`).
///
/// The runtime draws into its own frame buffer (Mica's headless platform); pull frames
/// with `mica_runtime_frame`. The app's JavaScript runs on a logic thread of its own.
/// Nothing runs until `mica_runtime_launch`.
///
/// # Safety
///
/// `config` is NULL or a live configuration; `app_path` is NULL or a NUL-terminated
/// string.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_new(
    config: *mut MicaConfig,
    app_path: *const c_char,
) -> *mut MicaRuntime {
    ffi(std::ptr::null_mut(), || {
        if config.is_null() {
            return Err("config is NULL".to_string());
        }
        // SAFETY: made by `Box::into_raw` in `mica_config_new`; the caller hands it over
        // once.
        let config = unsafe { Box::from_raw(config) };
        if in_host_fn() {
            return Err("mica_runtime_new called from inside a host function".to_string());
        }
        // SAFETY: the caller's promise, checked for NULL inside.
        let path = unsafe { str_arg(app_path, "app_path") }?;
        let MicaConfig {
            mut config,
            grants,
            gate,
        } = *config;
        if let Some(grants) = grants {
            config.host_grants = Some(HostGrants::Only(grants));
        }
        let timeout = config.idle_timeout;
        let rt = Runtime::open(path, config).map_err(|e| format!("{path}: {e}"))?;
        Ok(Box::into_raw(Box::new(MicaRuntime {
            rt,
            owner: std::thread::current().id(),
            gate,
            timeout,
            broken: false,
        })))
    })
}

/// Starts the app and opens `route` (NULL: the first page of `app.json`; a query such
/// as `"pages/item/item?id=3"` reaches `onLoad`), then waits until the logic thread is
/// idle and draws the first frame. Async work the page started may still be running:
/// call `mica_runtime_settle` to wait for it.
///
/// # Safety
///
/// `rt` is NULL or a live runtime; `route` is NULL or a
/// NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_launch(rt: *mut MicaRuntime, route: *const c_char) -> c_int {
    let body = |r: &mut MicaRuntime| {
        // SAFETY: the caller promises NULL or a NUL-terminated string.
        let route = unsafe { opt_str_arg(route, "route") }?;
        r.rt.launch(route).map_err(engine)?;
        Ok(MICA_OK)
    };
    // SAFETY: the caller's promises.
    unsafe { with_runtime(rt, MICA_ERROR, body) }
}

/// Waits until the app's JavaScript has handled everything it was sent and no
/// `wx.request` or async host function call is unanswered (up to the configured
/// timeout, `mica_config_set_timeout`), then draws what changed. Returns `MICA_OK`,
/// `MICA_PENDING` when async work was still unanswered at the timeout (the frame is
/// drawn anyway), or `MICA_ERROR` (for instance JavaScript stuck in a loop).
///
/// Animations (swipers, smooth scrolling) move only with `mica_runtime_advance`.
///
/// # Safety
///
/// `rt` is NULL or a live runtime.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_settle(rt: *mut MicaRuntime) -> c_int {
    let body = |r: &mut MicaRuntime| {
        r.rt.settle().map_err(engine)?;
        if r.rt.requests_in_flight() == 0 {
            return Ok(MICA_OK);
        }
        match r.rt.wait_requests(r.timeout) {
            Ok(()) => Ok(MICA_OK),
            Err(EngineError::LogicTimeout(_)) if r.rt.requests_in_flight() > 0 => {
                r.rt.settle().map_err(engine)?;
                Ok(MICA_PENDING)
            }
            Err(e) => Err(engine(e)),
        }
    };
    // SAFETY: the caller's promise.
    unsafe { with_runtime(rt, MICA_ERROR, body) }
}

/// Moves the runtime's clock forward by `ms` milliseconds: runs the animation steps
/// due meanwhile, draws the frame and waits for the JavaScript of the events they fired.
/// A device's main loop calls it with the time that really passed.
///
/// # Safety
///
/// `rt` is NULL or a live runtime.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_advance(rt: *mut MicaRuntime, ms: u32) -> c_int {
    let body = |r: &mut MicaRuntime| {
        r.rt.advance(Duration::from_millis(u64::from(ms)))
            .map_err(engine)?;
        Ok(MICA_OK)
    };
    // SAFETY: the caller's promise.
    unsafe { with_runtime(rt, MICA_ERROR, body) }
}

/// When the main loop should call `mica_runtime_advance` next: returns 1 with `*ms`
/// set (0 while an animation runs: at the next vsync), 0 when nothing is scheduled
/// (wait for input), `MICA_ERROR` on error. `ms` may be NULL.
///
/// # Safety
///
/// `rt` is NULL or a live runtime; `ms` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_next_wakeup(rt: *mut MicaRuntime, ms: *mut u32) -> c_int {
    let body = |r: &mut MicaRuntime| {
        let Some(wait) = r.rt.next_wakeup() else {
            return Ok(0);
        };
        if !ms.is_null() {
            let millis = u32::try_from(wait.as_millis()).unwrap_or(u32::MAX);
            // SAFETY: not NULL; the caller promises it is writable.
            unsafe { ms.write(millis) };
        }
        Ok(1)
    };
    // SAFETY: the caller's promises.
    unsafe { with_runtime(rt, MICA_ERROR, body) }
}

/// Presses a remote-control key (a `MicaKey` value): the page's key handlers first, then
/// focus movement, OK as a tap on the focused node, Back as navigation back. Waits for
/// the app to settle and draws. An unknown value is an error.
///
/// # Safety
///
/// `rt` is NULL or a live runtime.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_key(rt: *mut MicaRuntime, key: c_int) -> c_int {
    let body = |r: &mut MicaRuntime| {
        let key = key_from_c(key).ok_or_else(|| format!("unknown key {key}"))?;
        r.rt.press(key).map_err(engine)?;
        Ok(MICA_OK)
    };
    // SAFETY: the caller's promise.
    unsafe { with_runtime(rt, MICA_ERROR, body) }
}

/// A touch or mouse event (`phase` is a `MicaPointerPhase` value) at window pixel
/// `(x, y)`. Down then Up without moving is a tap; moving while down drags (scrolls,
/// swipes, slides). Draws the result.
///
/// # Safety
///
/// `rt` is NULL or a live runtime.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_pointer(
    rt: *mut MicaRuntime,
    phase: c_int,
    x: f32,
    y: f32,
) -> c_int {
    let body = |r: &mut MicaRuntime| {
        let phase = phase_from_c(phase).ok_or_else(|| format!("unknown pointer phase {phase}"))?;
        check_point(x, y)?;
        r.rt.handle_input(InputEvent::Pointer { phase, x, y })
            .map_err(engine)?;
        Ok(MICA_OK)
    };
    // SAFETY: the caller's promise.
    unsafe { with_runtime(rt, MICA_ERROR, body) }
}

/// A tap at window pixel `(x, y)` (pointer down and up), hit-tested as a finger would
/// be; waits for the app to settle and draws.
///
/// # Safety
///
/// `rt` is NULL or a live runtime.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_tap(rt: *mut MicaRuntime, x: f32, y: f32) -> c_int {
    let body = |r: &mut MicaRuntime| {
        check_point(x, y)?;
        r.rt.tap_at(x, y).map_err(engine)?;
        Ok(MICA_OK)
    };
    // SAFETY: the caller's promise.
    unsafe { with_runtime(rt, MICA_ERROR, body) }
}

fn check_point(x: f32, y: f32) -> Result<(), String> {
    if x.is_finite() && y.is_finite() {
        Ok(())
    } else {
        Err(format!("bad pointer position ({x}, {y})"))
    }
}

/// The last frame drawn: `*width` x `*height` pixels, RGBA8888 with premultiplied
/// alpha, rows `*stride` bytes apart (`width * 4`), top row first. Any of the out
/// pointers may be NULL. The pixels belong to the runtime and stay valid until the next
/// call on it; copy them to keep them. Returns NULL on error.
///
/// # Safety
///
/// `rt` is NULL or a live runtime; each out pointer is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_frame(
    rt: *mut MicaRuntime,
    width: *mut u32,
    height: *mut u32,
    stride: *mut u32,
) -> *const u8 {
    let body = |r: &mut MicaRuntime| {
        let pixmap = r.rt.pixmap();
        let w = pixmap.width();
        let h = pixmap.height();
        for (out, value) in [(width, w), (height, h), (stride, w.saturating_mul(4))] {
            if !out.is_null() {
                // SAFETY: not NULL; the caller promises it is writable.
                unsafe { out.write(value) };
            }
        }
        Ok(pixmap.data().as_ptr())
    };
    // SAFETY: the caller's promises.
    unsafe { with_runtime(rt, std::ptr::null(), body) }
}

/// Writes the last frame as a PNG file at `path`.
///
/// # Safety
///
/// `rt` is NULL or a live runtime; `path` is NULL or a
/// NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_write_png(
    rt: *mut MicaRuntime,
    path: *const c_char,
) -> c_int {
    let body = |r: &mut MicaRuntime| {
        // SAFETY: the caller promises NULL or a NUL-terminated string.
        let path = unsafe { str_arg(path, "path") }?;
        let png = r.rt.png().map_err(engine)?;
        std::fs::write(path, png).map_err(|e| format!("writing {path}: {e}"))?;
        Ok(MICA_OK)
    };
    // SAFETY: the caller's promises.
    unsafe { with_runtime(rt, MICA_ERROR, body) }
}

/// The state of the page on screen as JSON, as `mica render --dump` writes it: `page`,
/// `stack`, `size`, `tree` (tag, id, class, text and box of every node), `focused`,
/// `errors`, `warnings` and `stats`. Free it with `mica_string_free`. NULL on error.
///
/// # Safety
///
/// `rt` is NULL or a live runtime.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_dump(rt: *mut MicaRuntime) -> *mut c_char {
    let body = |r: &mut MicaRuntime| {
        let text = serde_json::to_string(&r.rt.dump()).map_err(|e| e.to_string())?;
        let text = CString::new(text).map_err(|_| "the dump holds a NUL byte".to_string())?;
        Ok(text.into_raw())
    };
    // SAFETY: the caller's promise.
    unsafe { with_runtime(rt, std::ptr::null_mut(), body) }
}

/// 1 once the app asked to be left (Back on its root page, or `wx.navigateBack` there),
/// else 0; `MICA_ERROR` on error. What leaving means is up to the host.
///
/// # Safety
///
/// `rt` is NULL or a live runtime.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_exit_requested(rt: *mut MicaRuntime) -> c_int {
    // SAFETY: the caller's promise.
    unsafe { with_runtime(rt, MICA_ERROR, |r| Ok(c_int::from(r.rt.exit_requested()))) }
}

/// Stops the app and frees the runtime. When it returns, none of the host functions
/// registered on its configuration is running or will be called again, so their
/// `user_data` may be freed; replies still held by the host may still be answered
/// (the answers are dropped) and must be, to free them. NULL is ignored.
///
/// # Safety
///
/// `rt` is NULL or a live runtime, not used again once freed.
#[no_mangle]
pub unsafe extern "C" fn mica_runtime_free(rt: *mut MicaRuntime) {
    ffi((), || {
        if rt.is_null() {
            return Ok(());
        }
        if in_host_fn() {
            return Err("mica_runtime_free called from inside a host function".to_string());
        }
        // SAFETY: not NULL; the caller promises a live runtime no other thread is using.
        check_owner(unsafe { &*rt })?;
        // SAFETY: made by `Box::into_raw` in `mica_runtime_new`; the caller hands it
        // back once.
        let MicaRuntime { rt, gate, .. } = *unsafe { Box::from_raw(rt) };
        // Asks the logic thread to stop; the engine does not wait for it.
        drop(rt);
        // Waits for a host function the logic thread may be running, and keeps any
        // later call from reaching the host.
        gate.close();
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_engine_key_has_a_c_key() {
        for k in Key::NAMED {
            assert!(KEYS.iter().any(|(_, e)| *e == k), "{k:?}");
        }
        assert_eq!(key_from_c(MicaKey::Ok as c_int), Some(Key::Enter));
        assert_eq!(key_from_c(9), None);
        assert_eq!(key_from_c(-1), None);
        assert_eq!(phase_from_c(2), Some(PointerPhase::Up));
        assert_eq!(phase_from_c(3), None);
    }
}
