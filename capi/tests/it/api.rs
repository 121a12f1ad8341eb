//! The C API called from Rust exactly as a C host calls it: bad arguments, host
//! functions that misbehave, permissions, input and frames.

use std::ffi::{c_char, c_int, c_void};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

use mica::*;
use serde_json::Value;

use crate::support::{c, last_error, repo, text, text_of};

/// The dump of `rt`, parsed.
///
/// # Safety
///
/// `rt` is a live runtime.
unsafe fn dump(rt: *mut MicaRuntime) -> Value {
    // SAFETY: the caller's promise.
    let raw = unsafe { mica_runtime_dump(rt) };
    assert!(!raw.is_null(), "dump: {}", last_error());
    // SAFETY: a string from `mica_runtime_dump`, freed once.
    let json = unsafe {
        let json = text(raw);
        mica_string_free(raw);
        json
    };
    match serde_json::from_str(&json) {
        Ok(v) => v,
        Err(e) => panic!("the dump is not JSON ({e}): {json}"),
    }
}

fn assert_error(code: c_int, expected: &str) {
    assert_eq!(code, MICA_ERROR, "expected an error about {expected:?}");
    let e = last_error();
    assert!(
        e.contains(expected),
        "last error {e:?} should mention {expected:?}"
    );
}

#[test]
fn null_and_invalid_arguments_are_errors() {
    // SAFETY: every pointer passed is NULL, a live object or a NUL-terminated string.
    unsafe {
        assert!(mica_config_new(0, 10).is_null());
        assert!(last_error().contains("bad window size"), "{}", last_error());

        let font = c("font.ttf");
        assert_error(
            mica_config_add_font(null_mut(), font.as_ptr()),
            "config is NULL",
        );
        assert_error(
            mica_config_grant(null_mut(), font.as_ptr()),
            "config is NULL",
        );
        assert_error(mica_config_set_timeout(null_mut(), 5), "config is NULL");

        let cfg = mica_config_new(320, 240);
        assert!(!cfg.is_null());
        assert_error(mica_config_add_font(cfg, null()), "font path is NULL");
        let bad_utf8 = b"\xff\xfe.ttf\0";
        assert_error(mica_config_add_font(cfg, bad_utf8.as_ptr().cast()), "UTF-8");
        let missing = c("/nonexistent/font.ttf");
        assert_error(mica_config_add_font(cfg, missing.as_ptr()), "no such file");
        assert_error(mica_config_grant(cfg, null()), "permission is NULL");
        let empty = c("");
        assert_error(mica_config_grant(cfg, empty.as_ptr()), "empty");
        assert_error(mica_config_set_timeout(cfg, 0), "at least 1 ms");
        let name = c("getSpeed");
        assert_error(
            mica_config_register(cfg, name.as_ptr(), null(), 0, None, null_mut()),
            "host_fn is NULL",
        );
        let bad_name = c("get.speed");
        assert_error(
            mica_config_register(cfg, bad_name.as_ptr(), null(), 0, Some(silent), null_mut()),
            "JS identifier",
        );
        assert_error(
            mica_config_register(cfg, null(), null(), 0, Some(silent), null_mut()),
            "name is NULL",
        );
        assert_eq!(mica_config_set_storage_dir(cfg, null()), MICA_OK);
        mica_config_free(cfg);
        mica_config_free(null_mut());

        let app = c(&repo().join("capi/tests/apps/host").to_string_lossy());
        assert!(mica_runtime_new(null_mut(), app.as_ptr()).is_null());
        assert!(last_error().contains("config is NULL"));
        // The configuration is consumed even when the path is bad.
        assert!(mica_runtime_new(mica_config_new(320, 240), null()).is_null());
        assert!(
            last_error().contains("app_path is NULL"),
            "{}",
            last_error()
        );
        let nowhere = c("/nonexistent/app");
        assert!(mica_runtime_new(mica_config_new(320, 240), nowhere.as_ptr()).is_null());
        assert!(
            last_error().contains("/nonexistent/app"),
            "{}",
            last_error()
        );

        let rt: *mut MicaRuntime = null_mut();
        assert_error(mica_runtime_launch(rt, null()), "runtime is NULL");
        assert_error(mica_runtime_settle(rt), "runtime is NULL");
        assert_error(mica_runtime_advance(rt, 16), "runtime is NULL");
        assert_error(mica_runtime_next_wakeup(rt, null_mut()), "runtime is NULL");
        assert_error(
            mica_runtime_key(rt, MicaKey::Ok as c_int),
            "runtime is NULL",
        );
        assert_error(mica_runtime_pointer(rt, 0, 1.0, 1.0), "runtime is NULL");
        assert_error(mica_runtime_tap(rt, 1.0, 1.0), "runtime is NULL");
        assert_error(mica_runtime_write_png(rt, app.as_ptr()), "runtime is NULL");
        assert_error(mica_runtime_exit_requested(rt), "runtime is NULL");
        let (mut w, mut h, mut s) = (7u32, 7u32, 7u32);
        assert!(mica_runtime_frame(rt, &mut w, &mut h, &mut s).is_null());
        assert_eq!((w, h, s), (7, 7, 7));
        assert!(mica_runtime_dump(rt).is_null());
        mica_runtime_free(null_mut());
        mica_string_free(null_mut());

        mica_reply_ok(null_mut(), null());
        assert!(last_error().contains("reply is NULL"));
        mica_reply_fail(null_mut(), null());
        assert!(last_error().contains("reply is NULL"));
    }
}

// ---- host functions for the `host` test app ----

/// Never answers.
unsafe extern "C" fn silent(_: *mut c_void, _: *const c_char, _: *mut MicaReply) {}

/// Counts its calls in the `AtomicUsize` `user_data` points to, then answers.
unsafe extern "C" fn counted(user_data: *mut c_void, _: *const c_char, reply: *mut MicaReply) {
    // SAFETY: registered with a pointer to a static `AtomicUsize`.
    let calls = unsafe { &*(user_data as *const AtomicUsize) };
    calls.fetch_add(1, Ordering::SeqCst);
    // SAFETY: a live reply, answered once.
    unsafe { mica_reply_ok(reply, c("{}").as_ptr()) };
}

/// Answers with text that is not JSON.
unsafe extern "C" fn bad_json(_: *mut c_void, _: *const c_char, reply: *mut MicaReply) {
    // SAFETY: a live reply, answered once.
    unsafe { mica_reply_ok(reply, c("{not json").as_ptr()) };
}

/// Answers with its arguments.
unsafe extern "C" fn echo(_: *mut c_void, args: *const c_char, reply: *mut MicaReply) {
    // SAFETY: a live reply, answered once, with the live argument string.
    unsafe { mica_reply_ok(reply, args) };
}

/// Calls back into the runtime `user_data` holds (which must fail), and answers with the
/// error as a JSON string.
unsafe extern "C" fn reenter(user_data: *mut c_void, _: *const c_char, reply: *mut MicaReply) {
    // SAFETY: registered with a pointer to a static `AtomicPtr<MicaRuntime>`.
    let rt = unsafe { &*(user_data as *const AtomicPtr<MicaRuntime>) }.load(Ordering::SeqCst);
    // SAFETY: the runtime is live (its host function is running); the call must refuse
    // to touch it from here.
    let code = unsafe { mica_runtime_settle(rt) };
    let answer = Value::String(format!("{code}: {}", last_error())).to_string();
    // SAFETY: a live reply, answered once.
    unsafe { mica_reply_ok(reply, c(&answer).as_ptr()) };
}

/// A reply pointer that may cross to another thread (the C API allows it).
struct SendReply(*mut MicaReply);
// SAFETY: async replies may be answered from any thread; this one is answered once.
unsafe impl Send for SendReply {}

/// Async: answers `args.n` from another thread a little later.
unsafe extern "C" fn later(_: *mut c_void, args: *const c_char, reply: *mut MicaReply) {
    // SAFETY: the argument string is live during the call.
    let args: Value = serde_json::from_str(&unsafe { text(args) }).unwrap_or(Value::Null);
    let n = args["n"].to_string();
    let reply = SendReply(reply);
    std::thread::spawn(move || {
        let reply = reply;
        std::thread::sleep(std::time::Duration::from_millis(30));
        // SAFETY: a live async reply, answered once.
        unsafe { mica_reply_ok(reply.0, c(&n).as_ptr()) };
    });
}

static SECRET_CALLS: AtomicUsize = AtomicUsize::new(0);
static REENTER_RT: AtomicPtr<MicaRuntime> = AtomicPtr::new(null_mut());

#[test]
fn host_functions_answer_fail_and_are_refused_as_js_sees_it() {
    // SAFETY: every pointer passed is NULL, a live object or a NUL-terminated string;
    // the host functions keep the C API's rules.
    unsafe {
        let cfg = mica_config_new(400, 300);
        let secret_calls = &SECRET_CALLS as *const AtomicUsize as *mut c_void;
        let reenter_rt = &REENTER_RT as *const AtomicPtr<MicaRuntime> as *mut c_void;
        let register = |name: &str, perm: Option<&str>, is_async: c_int, f: MicaHostFn, data| {
            let name = c(name);
            let perm = perm.map(c);
            let perm = perm.as_ref().map_or(null(), |p| p.as_ptr());
            let code = mica_config_register(cfg, name.as_ptr(), perm, is_async, f, data);
            assert_eq!(code, MICA_OK, "{}", last_error());
        };
        register("silent", None, 0, Some(silent), null_mut());
        register("secret", Some("x.secret"), 0, Some(counted), secret_calls);
        register(
            "secretAsync",
            Some("x.secret"),
            1,
            Some(counted),
            secret_calls,
        );
        register("badJson", None, 0, Some(bad_json), null_mut());
        register("echo", Some("x.other"), 0, Some(echo), null_mut());
        register("reenter", None, 0, Some(reenter), reenter_rt);
        register("later", None, 1, Some(later), null_mut());
        assert_eq!(mica_config_grant(cfg, c("x.other").as_ptr()), MICA_OK);

        let app = c(&repo().join("capi/tests/apps/host").to_string_lossy());
        let rt = mica_runtime_new(cfg, app.as_ptr());
        assert!(!rt.is_null(), "{}", last_error());
        REENTER_RT.store(rt, Ordering::SeqCst);
        assert_eq!(mica_runtime_launch(rt, null()), MICA_OK, "{}", last_error());
        assert_eq!(mica_runtime_settle(rt), MICA_OK, "{}", last_error());

        let d = dump(rt);
        assert_eq!(text_of(&d, "noreply"), "silent:fail no reply from the host");
        let denied = text_of(&d, "denied");
        assert!(
            denied.starts_with("secret:fail permission denied") && denied.contains("x.secret"),
            "{denied}"
        );
        let denied_async = text_of(&d, "deniedAsync");
        assert!(
            denied_async.starts_with("secretAsync:fail permission denied"),
            "{denied_async}"
        );
        assert_eq!(
            SECRET_CALLS.load(Ordering::SeqCst),
            0,
            "a refused call reached the host"
        );
        let bad = text_of(&d, "badjson");
        assert!(
            bad.starts_with("badJson:fail ") && bad.contains("not valid JSON"),
            "{bad}"
        );
        assert_eq!(text_of(&d, "echo"), r#"{"a":1,"s":"x"}"#);
        let re = text_of(&d, "reenter");
        assert!(
            re.starts_with("\"-1: ") && re.contains("inside a host function"),
            "{re}"
        );
        assert_eq!(text_of(&d, "later"), "later:ok 6");
        assert_eq!(d["errors"], serde_json::json!([]), "{}", d["errors"]);

        // A pointer press and release on the button is a tap.
        let button = crate::support::node(&d["tree"], "tap")
            .cloned()
            .unwrap_or_default();
        let x = button["box"]["x"].as_f64().unwrap_or(-1.0)
            + button["box"]["width"].as_f64().unwrap_or(0.0) / 2.0;
        let y = button["box"]["y"].as_f64().unwrap_or(-1.0)
            + button["box"]["height"].as_f64().unwrap_or(0.0) / 2.0;
        assert!(x > 0.0 && y > 0.0, "button box: {button}");
        let (x, y) = (x as f32, y as f32);
        assert_eq!(
            mica_runtime_pointer(rt, MicaPointerPhase::Down as c_int, x, y),
            MICA_OK
        );
        assert_eq!(
            mica_runtime_pointer(rt, MicaPointerPhase::Up as c_int, x, y),
            MICA_OK
        );
        assert_eq!(mica_runtime_settle(rt), MICA_OK, "{}", last_error());
        assert_eq!(text_of(&dump(rt), "tapped"), "yes");

        // Bad input values are errors, and the runtime goes on.
        assert_error(mica_runtime_key(rt, 9), "unknown key 9");
        assert_error(mica_runtime_pointer(rt, 3, x, y), "unknown pointer phase");
        assert_error(mica_runtime_tap(rt, f32::NAN, 1.0), "bad pointer position");
        assert_eq!(
            mica_runtime_key(rt, MicaKey::Down as c_int),
            MICA_OK,
            "{}",
            last_error()
        );
        assert_eq!(mica_runtime_advance(rt, 16), MICA_OK, "{}", last_error());
        let mut wake = 0u32;
        assert!(
            mica_runtime_next_wakeup(rt, &mut wake) >= 0,
            "{}",
            last_error()
        );
        assert_eq!(mica_runtime_exit_requested(rt), 0);

        let (mut w, mut h, mut stride) = (0u32, 0u32, 0u32);
        let pixels = mica_runtime_frame(rt, &mut w, &mut h, &mut stride);
        assert!(!pixels.is_null(), "{}", last_error());
        assert_eq!((w, h, stride), (400, 300, 1600));
        assert!(!mica_runtime_frame(rt, null_mut(), null_mut(), null_mut()).is_null());

        let png = std::env::temp_dir().join(format!("mica-capi-{}.png", std::process::id()));
        let png_c = c(&png.to_string_lossy());
        assert_eq!(
            mica_runtime_write_png(rt, png_c.as_ptr()),
            MICA_OK,
            "{}",
            last_error()
        );
        let bytes = std::fs::read(&png).unwrap_or_default();
        let _ = std::fs::remove_file(&png);
        assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
        assert_error(
            mica_runtime_write_png(rt, c("/nonexistent/dir/x.png").as_ptr()),
            "writing",
        );

        // A runtime stays on the thread that made it.
        let addr = rt as usize;
        let elsewhere = std::thread::spawn(move || {
            let rt = addr as *mut MicaRuntime;
            let settle = mica_runtime_settle(rt);
            let error = last_error();
            mica_runtime_free(rt);
            (settle, error, last_error())
        })
        .join();
        let (settle, error, free_error) = elsewhere.unwrap_or_default();
        assert_eq!(settle, MICA_ERROR);
        assert!(error.contains("another thread"), "{error}");
        assert!(free_error.contains("another thread"), "{free_error}");
        assert_eq!(mica_runtime_settle(rt), MICA_OK, "{}", last_error());

        REENTER_RT.store(null_mut(), Ordering::SeqCst);
        mica_runtime_free(rt);
    }
}
