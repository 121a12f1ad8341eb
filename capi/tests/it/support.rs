//! Helpers shared by the tests: C strings, the last error, and reading a dump.

use std::ffi::{c_char, CStr, CString};
use std::path::PathBuf;

use serde_json::Value;

/// A C string for a test literal.
pub fn c(s: &str) -> CString {
    match CString::new(s) {
        Ok(c) => c,
        Err(e) => panic!("{s:?}: {e}"),
    }
}

/// The text of a C string Mica returned.
///
/// # Safety
///
/// `p` is NULL or a NUL-terminated string.
pub unsafe fn text(p: *const c_char) -> String {
    if p.is_null() {
        return "<NULL>".to_string();
    }
    // SAFETY: not NULL; the caller promises a NUL-terminated string.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// This thread's `mica_last_error()`.
pub fn last_error() -> String {
    // SAFETY: `mica_last_error` never returns NULL.
    unsafe { text(mica::mica_last_error()) }
}

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The node with `id` in a dump's `tree`.
pub fn node<'a>(tree: &'a Value, id: &str) -> Option<&'a Value> {
    if tree["id"] == id {
        return Some(tree);
    }
    tree["children"]
        .as_array()?
        .iter()
        .find_map(|c| node(c, id))
}

/// The text under the node with `id` in a dump.
pub fn text_of(dump: &Value, id: &str) -> String {
    fn collect(n: &Value, out: &mut String) {
        if let Some(t) = n["text"].as_str() {
            out.push_str(t);
        }
        for c in n["children"].as_array().into_iter().flatten() {
            collect(c, out);
        }
    }
    let mut out = String::new();
    match node(&dump["tree"], id) {
        Some(n) => collect(n, &mut out),
        None => panic!("no node #{id} in the dump: {dump}"),
    }
    out
}
