//! Host functions written in C: `mica_config_register` wraps a C function pointer and
//! its `user_data` as an engine [`HostApi`], and `MicaReply` carries the answer back.
//!
//! The engine calls a handler on the logic thread (see `mica_engine::host`). A sync
//! handler answers into a slot on the wrapper's stack before the C function returns; an
//! async one hands C a heap [`MicaReply`] that owns the engine's [`Reply`] until
//! `mica_reply_ok`/`mica_reply_fail` consume it, on whatever thread the host likes.
//!
//! A [`Gate`] shared by a configuration's functions lets `mica_runtime_free` promise
//! that no C function is running or will run once it returns, although the engine's
//! logic thread may still be winding down.

use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void, CString};
use std::sync::{Arc, RwLock};

use mica_engine::host::{HostApi, HostHandler, Reply};
use serde_json::Value;

use crate::config::config_mut;
use crate::error::{ffi, opt_str_arg, set_last_error, str_arg, MICA_ERROR, MICA_OK};

/// A host function written in C.
///
/// `user_data` is the pointer given to `mica_config_register`, passed back untouched;
/// `args_json` is the call's argument as JSON (`{}` for `ft.name({})`, `null` when JS
/// passed nothing), valid only during the call. Answer exactly once with
/// `mica_reply_ok` or `mica_reply_fail`.
///
/// It runs on Mica's logic thread, never on the thread that called `mica_runtime_*`,
/// and must not call any `mica_runtime_*` function (they fail with an error if it
/// does). While it runs, the app's JavaScript waits: return quickly, and do slow work on
/// a thread of your own with an async function.
pub type MicaHostFn = Option<
    unsafe extern "C" fn(user_data: *mut c_void, args_json: *const c_char, reply: *mut MicaReply),
>;

/// The pending answer of one host function call (opaque). Consumed by
/// `mica_reply_ok` or `mica_reply_fail`.
#[derive(Debug)]
pub struct MicaReply {
    state: ReplyState,
}

#[derive(Debug)]
enum ReplyState {
    /// Lives on the wrapper's stack for the duration of the C call.
    Sync(Option<Result<Value, String>>),
    /// Lives on the heap until answered.
    Async(Reply),
}

/// Open while the runtime the functions belong to exists.
#[derive(Debug)]
pub(crate) struct Gate {
    open: RwLock<bool>,
}

impl Gate {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Gate {
            open: RwLock::new(true),
        })
    }

    /// Runs `call` unless the gate is closed; [`Gate::close`] waits for it to finish.
    fn pass<T>(&self, call: impl FnOnce() -> T) -> Option<T> {
        // A poisoned lock only means a panic elsewhere while it was held: the flag is
        // still meaningful.
        let open = self.open.read().unwrap_or_else(|e| e.into_inner());
        if !*open {
            return None;
        }
        Some(call())
    }

    /// Waits until no C function runs, and lets none run again.
    pub(crate) fn close(&self) {
        *self.open.write().unwrap_or_else(|e| e.into_inner()) = false;
    }
}

thread_local! {
    /// How many C host functions are running on this thread (nested calls: 0 or 1).
    static IN_HOST_FN: Cell<u32> = const { Cell::new(0) };
}

/// Whether this thread is inside a C host function.
pub(crate) fn in_host_fn() -> bool {
    IN_HOST_FN.try_with(Cell::get).unwrap_or(0) > 0
}

/// Marks this thread as inside a C host function while it lives.
struct InHostFn;

impl InHostFn {
    fn enter() -> Self {
        let _ = IN_HOST_FN.try_with(|n| n.set(n.get() + 1));
        InHostFn
    }
}

impl Drop for InHostFn {
    fn drop(&mut self) {
        let _ = IN_HOST_FN.try_with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// The host's `user_data`, which Mica only passes back.
#[derive(Debug, Clone, Copy)]
struct UserData(*mut c_void);

// SAFETY: Mica never dereferences the pointer; it only hands it back to the host's own
// function, on the logic thread. `mica_config_register` documents that the host must
// make `user_data` usable from that thread (and from any thread its async answers come
// from), which is the promise `Send` and `Sync` stand for here.
unsafe impl Send for UserData {}
// SAFETY: as for `Send`: shared access is only ever a copy of the pointer value.
unsafe impl Sync for UserData {}

impl UserData {
    /// The pointer (a method, so closures capture the whole `Send` wrapper, not the
    /// raw field).
    fn get(self) -> *mut c_void {
        self.0
    }
}

/// The call's arguments as the C string the host function gets.
fn args_json(args: &Value) -> Result<CString, String> {
    // serde_json escapes U+0000 inside strings, so JSON text never holds a NUL byte.
    CString::new(args.to_string()).map_err(|_| "the arguments hold a NUL byte".to_string())
}

/// The engine handler for a sync C function.
fn sync_handler(
    f: unsafe extern "C" fn(*mut c_void, *const c_char, *mut MicaReply),
    user_data: UserData,
    gate: Arc<Gate>,
) -> HostHandler {
    HostHandler::Sync(Arc::new(move |args: &Value| {
        let json = args_json(args)?;
        let answer = gate.pass(|| {
            let mut reply = MicaReply {
                state: ReplyState::Sync(None),
            };
            let _inside = InHostFn::enter();
            // SAFETY: `f` is the host's function with the `MicaHostFn` signature; the
            // JSON string and the reply outlive the call, and the reply is only
            // answered (never freed) by `mica_reply_*` while it is a sync one.
            unsafe { f(user_data.get(), json.as_ptr(), &mut reply) };
            match reply.state {
                ReplyState::Sync(answer) => answer,
                ReplyState::Async(_) => None,
            }
        });
        match answer {
            None => Err("the runtime was freed".to_string()),
            Some(None) => Err("no reply from the host".to_string()),
            Some(Some(result)) => result,
        }
    }))
}

/// The engine handler for an async C function.
fn async_handler(
    f: unsafe extern "C" fn(*mut c_void, *const c_char, *mut MicaReply),
    user_data: UserData,
    gate: Arc<Gate>,
) -> HostHandler {
    HostHandler::Async(Arc::new(move |args: Value, reply: Reply| {
        let json = match args_json(&args) {
            Ok(j) => j,
            Err(e) => return reply.fail(e),
        };
        let reply = Box::into_raw(Box::new(MicaReply {
            state: ReplyState::Async(reply),
        }));
        let called = gate.pass(|| {
            let _inside = InHostFn::enter();
            // SAFETY: `f` is the host's function with the `MicaHostFn` signature; the
            // JSON string outlives the call, and `reply` is a live heap reply the host
            // now owns until `mica_reply_*` consumes it.
            unsafe { f(user_data.get(), json.as_ptr(), reply) };
        });
        if called.is_none() {
            // SAFETY: the host function was not called, so `reply` is still ours.
            let reply = unsafe { Box::from_raw(reply) };
            answer(*reply, Err("the runtime was freed".to_string()));
        }
    }))
}

/// Registers a host function that mini-programs call as `ft.<name>(args)` (and
/// `wx.<name>`).
///
/// - `name`: a JS identifier; registering a name again replaces the function.
/// - `permission`: what the app must be granted to call it (`mica_config_grant`, or a
///   package's manifest); NULL: any app may call it. A call without the permission
///   fails in JS with `"<name>:fail permission denied: ..."` and never reaches `host_fn`.
/// - `is_async`: 0 for a sync function: `host_fn` must answer before it returns (if it does
///   not, the call fails with `"no reply from the host"`), and `ft.name(args)` returns
///   the result object or throws `Error("<name>:fail <message>")`. Non-zero for an async
///   function: `host_fn` may keep `reply` and answer later, from any thread; JS gets
///   `success`/`fail`/`complete` callbacks or a Promise.
/// - `user_data`: passed to `host_fn` as is. `host_fn` and `user_data` must be usable from Mica's
///   logic thread (and from the threads async answers come from); both must stay valid
///   until `mica_runtime_free` returns (or `mica_config_free`, for a configuration that
///   never made a runtime). After `mica_runtime_free` returns, `host_fn` is never called.
///
/// Returns `MICA_OK`, or `MICA_ERROR` for a NULL or bad argument.
///
/// # Safety
///
/// `config` is NULL or a live configuration; `name` and `permission` are NULL or
/// NUL-terminated strings; `host_fn`, if not NULL, has the `MicaHostFn` signature.
#[no_mangle]
pub unsafe extern "C" fn mica_config_register(
    config: *mut crate::MicaConfig,
    name: *const c_char,
    permission: *const c_char,
    is_async: c_int,
    host_fn: MicaHostFn,
    user_data: *mut c_void,
) -> c_int {
    ffi(MICA_ERROR, || {
        // SAFETY: the caller's promises, checked for NULL inside.
        let config = unsafe { config_mut(config) }?;
        // SAFETY: as above.
        let name = unsafe { str_arg(name, "name") }?;
        // SAFETY: as above.
        let permission = unsafe { opt_str_arg(permission, "permission") }?;
        let f = host_fn.ok_or_else(|| format!("host function {name}: host_fn is NULL"))?;
        if permission.is_some_and(str::is_empty) {
            return Err(format!(
                "host function {name}: the permission is empty (pass NULL for none)"
            ));
        }
        let user_data = UserData(user_data);
        let gate = config.gate.clone();
        let handler = if is_async != 0 {
            async_handler(f, user_data, gate)
        } else {
            sync_handler(f, user_data, gate)
        };
        config
            .config
            .host_apis
            .register(HostApi {
                name: name.to_string(),
                permission: permission.map(str::to_string),
                handler,
            })
            .map_err(|e| e.to_string())?;
        Ok(MICA_OK)
    })
}

/// Sends `result` through `reply`: a sync reply keeps it for the wrapper (the first
/// answer counts), an async one goes to the engine.
fn answer(reply: MicaReply, result: Result<Value, String>) {
    match reply.state {
        ReplyState::Async(r) => match result {
            Ok(v) => r.ok(v),
            Err(m) => r.fail(m),
        },
        // Sync replies never reach here: they are answered in place.
        ReplyState::Sync(_) => {}
    }
}

/// Answers `reply` with `result`, consuming an async reply.
///
/// # Safety
///
/// `reply` is not NULL and is a reply handed to a host function and not answered yet.
unsafe fn settle_reply(reply: *mut MicaReply, result: Result<Value, String>) {
    // SAFETY: the caller promises a live reply; we look at its kind before deciding
    // who owns it.
    let is_sync = matches!(unsafe { &(*reply).state }, ReplyState::Sync(_));
    if is_sync {
        // SAFETY: a sync reply lives on the wrapper's stack, which is waiting for the
        // host function that is calling us; we only write its slot.
        let state = unsafe { &mut (*reply).state };
        if let ReplyState::Sync(slot) = state {
            if slot.is_some() {
                log::warn!(target: "mica::capi", "a host function answered twice; the first answer counts");
            } else {
                *slot = Some(result);
            }
        }
    } else {
        // SAFETY: an async reply was made by `Box::into_raw` and the host hands its
        // ownership back here, once.
        let reply = unsafe { Box::from_raw(reply) };
        answer(*reply, result);
    }
}

/// Answers a host function call with success. `result_json` is the result as JSON
/// (an object's fields join `errMsg` in the object JS gets; any other value arrives as
/// `res.data`); NULL means `null`. JSON that does not parse fails the call instead, with
/// a message saying so (also in `mica_last_error`). Consumes `reply`: do not use it
/// again. A NULL `reply` is ignored (error in `mica_last_error`).
///
/// # Safety
///
/// `reply` is NULL or a reply given to a host function and not answered yet (for a
/// sync function: answered before the function returns); `result_json` is NULL or a
/// NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn mica_reply_ok(reply: *mut MicaReply, result_json: *const c_char) {
    ffi((), || {
        if reply.is_null() {
            return Err("mica_reply_ok: reply is NULL".to_string());
        }
        // SAFETY: the caller's promise, checked for NULL inside.
        let result = match unsafe { opt_str_arg(result_json, "result_json") } {
            Ok(None) => Ok(Value::Null),
            Ok(Some(text)) => serde_json::from_str::<Value>(text)
                .map_err(|e| format!("the host's result is not valid JSON: {e}")),
            Err(e) => Err(format!("the host's result: {e}")),
        };
        if let Err(e) = &result {
            set_last_error(format!("mica_reply_ok: {e}"));
        }
        // SAFETY: `reply` is not NULL, and the caller promises it is live and
        // unanswered.
        unsafe { settle_reply(reply, result) };
        Ok(())
    })
}

/// Answers a host function call with a failure: JS sees
/// `errMsg: "<name>:fail <message>"` (a sync call throws an Error with that message).
/// NULL `message` means `"failed"`; bad UTF-8 is replaced. Consumes `reply`: do not use
/// it again. A NULL `reply` is ignored (error in `mica_last_error`).
///
/// # Safety
///
/// As for `mica_reply_ok`.
#[no_mangle]
pub unsafe extern "C" fn mica_reply_fail(reply: *mut MicaReply, message: *const c_char) {
    ffi((), || {
        if reply.is_null() {
            return Err("mica_reply_fail: reply is NULL".to_string());
        }
        let message = if message.is_null() {
            "failed".to_string()
        } else {
            // SAFETY: not NULL, and the caller promises a NUL-terminated string.
            unsafe { std::ffi::CStr::from_ptr(message) }
                .to_string_lossy()
                .into_owned()
        };
        // SAFETY: `reply` is not NULL, and the caller promises it is live and
        // unanswered.
        unsafe { settle_reply(reply, Err(message)) };
        Ok(())
    })
}
