//! The plumbing every entry point shares: return codes, the thread's last error, panics
//! kept on the Rust side, and C strings read without trusting them.

use std::cell::RefCell;
use std::ffi::{c_char, c_int, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Returned by a call that succeeded.
pub const MICA_OK: c_int = 0;
/// Returned by a call that failed; `mica_last_error()` says why.
pub const MICA_ERROR: c_int = -1;
/// Returned by `mica_runtime_settle` when async work (a `wx.request`, an async host
/// function) was still unanswered when its timeout passed; the frame is drawn anyway.
pub const MICA_PENDING: c_int = 1;

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

/// What `mica_last_error` returns on a thread that is being torn down.
const NO_MESSAGE: &CStr = c"";

/// Records `message` as this thread's last error.
pub(crate) fn set_last_error(message: impl Into<String>) {
    let message = message.into();
    log::debug!(target: "mica::capi", "{message}");
    // A C string ends at the first NUL: keep the whole message readable.
    let bytes: Vec<u8> = message
        .into_bytes()
        .into_iter()
        .map(|b| if b == 0 { b' ' } else { b })
        .collect();
    let text = CString::new(bytes).unwrap_or_default();
    // Fails only while the thread exits; there is nobody left to read it then.
    let _ = LAST_ERROR.try_with(|e| *e.borrow_mut() = text);
}

/// The text of a panic's payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Runs the body of an entry point: `Err(message)` and a panic both become
/// `on_error` with the message in the thread's last error. A panic never unwinds into
/// C (undefined behaviour); with `panic = "abort"` (the firmware profile) it aborts.
pub(crate) fn ffi<T>(on_error: T, body: impl FnOnce() -> Result<T, String>) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(v)) => v,
        Ok(Err(message)) => {
            set_last_error(message);
            on_error
        }
        Err(panic) => {
            let message = format!("internal error in Mica: {}", panic_message(&*panic));
            log::error!(target: "mica::capi", "{message}");
            set_last_error(message);
            on_error
        }
    }
}

/// The UTF-8 string `ptr` points to; `what` names the argument in the error.
///
/// # Safety
///
/// `ptr` is NULL or points to a NUL-terminated string that stays valid and unchanged
/// for `'a`.
pub(crate) unsafe fn str_arg<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, String> {
    if ptr.is_null() {
        return Err(format!("{what} is NULL"));
    }
    // SAFETY: `ptr` is not NULL, and the caller promises a NUL-terminated string that
    // lives for 'a.
    let s = unsafe { CStr::from_ptr(ptr) };
    s.to_str()
        .map_err(|e| format!("{what} is not valid UTF-8 ({e})"))
}

/// Like [`str_arg`], with NULL meaning `None`.
///
/// # Safety
///
/// As for [`str_arg`].
pub(crate) unsafe fn opt_str_arg<'a>(
    ptr: *const c_char,
    what: &str,
) -> Result<Option<&'a str>, String> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: the caller's promise is the one `str_arg` needs.
    unsafe { str_arg(ptr, what) }.map(Some)
}

/// The message of the last call on this thread that failed (each thread has its own).
/// Successful calls leave it as it was. Never NULL: an empty string when no call has
/// failed yet. The pointer stays valid until the next failing call on this thread;
/// copy the text to keep it.
#[no_mangle]
pub extern "C" fn mica_last_error() -> *const c_char {
    // Nothing here can panic; `try_with` fails only while the thread exits.
    LAST_ERROR
        .try_with(|e| e.borrow().as_ptr())
        .unwrap_or(NO_MESSAGE.as_ptr())
}

/// Frees a string Mica returned (`mica_runtime_dump`). NULL is ignored.
///
/// # Safety
///
/// `s` is NULL or a string returned by Mica that was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn mica_string_free(s: *mut c_char) {
    ffi((), || {
        if !s.is_null() {
            // SAFETY: the caller promises `s` came from `CString::into_raw` in this
            // library and is freed once.
            drop(unsafe { CString::from_raw(s) });
        }
        Ok(())
    })
}

/// The library's version, e.g. `"0.1.0"`. A static string: do not free it.
#[no_mangle]
pub extern "C" fn mica_version() -> *const c_char {
    const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    VERSION.as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last_error() -> String {
        // SAFETY: `mica_last_error` never returns NULL and the string is NUL-terminated.
        unsafe { CStr::from_ptr(mica_last_error()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn a_panic_becomes_the_error_value_and_the_last_error() {
        let r: c_int = ffi(MICA_ERROR, || panic!("boom"));
        assert_eq!(r, MICA_ERROR);
        assert!(last_error().contains("boom"), "{}", last_error());
    }

    #[test]
    fn nul_bytes_do_not_cut_the_message() {
        set_last_error("a\0b");
        assert_eq!(last_error(), "a b");
    }

    #[test]
    fn strings_are_checked() {
        // SAFETY: NULL and a static NUL-terminated string.
        unsafe {
            assert!(str_arg(std::ptr::null(), "path").is_err());
            assert_eq!(opt_str_arg(std::ptr::null(), "x"), Ok(None));
            let bad = b"\xff\xfe\0";
            let e = str_arg(bad.as_ptr().cast(), "path").expect_err("bad UTF-8");
            assert!(e.contains("UTF-8"), "{e}");
        }
    }

    #[test]
    fn the_version_is_the_crate_version() {
        // SAFETY: a static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(mica_version()) };
        assert_eq!(v.to_str(), Ok(env!("CARGO_PKG_VERSION")));
    }
}
