//! `MicaConfig`: what a runtime is opened with (window size, fonts, storage, host
//! functions and the permissions the app holds), built up before `mica_runtime_new`
//! consumes it.

use std::ffi::{c_char, c_int};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use mica_engine::runtime::RuntimeConfig;

use crate::error::{ffi, opt_str_arg, str_arg, MICA_ERROR, MICA_OK};
use crate::host::Gate;

/// A runtime configuration (opaque). Made by `mica_config_new`; consumed by
/// `mica_runtime_new` or freed by `mica_config_free`.
#[derive(Debug)]
pub struct MicaConfig {
    pub(crate) config: RuntimeConfig,
    /// `mica_config_grant`s so far; `None`: none made.
    pub(crate) grants: Option<Vec<String>>,
    /// Closed when the runtime made from this configuration is freed.
    pub(crate) gate: Arc<Gate>,
}

/// The configuration `ptr` points to.
///
/// # Safety
///
/// `ptr` is NULL or a configuration from `mica_config_new` that was not consumed or
/// freed, and no other thread uses it during `'a`.
pub(crate) unsafe fn config_mut<'a>(ptr: *mut MicaConfig) -> Result<&'a mut MicaConfig, String> {
    if ptr.is_null() {
        return Err("config is NULL".to_string());
    }
    // SAFETY: not NULL; the caller promises a live, unshared configuration.
    Ok(unsafe { &mut *ptr })
}

/// A new configuration for a window of `width` x `height` pixels (both at least 1),
/// with the bundled font, app storage in memory, no host functions and no grants.
/// Returns NULL when a size is 0 (reason in `mica_last_error`).
#[no_mangle]
pub extern "C" fn mica_config_new(width: u32, height: u32) -> *mut MicaConfig {
    ffi(std::ptr::null_mut(), || {
        if width == 0 || height == 0 {
            return Err(format!("bad window size {width}x{height}"));
        }
        let config = RuntimeConfig {
            width,
            height,
            ..RuntimeConfig::default()
        };
        Ok(Box::into_raw(Box::new(MicaConfig {
            config,
            grants: None,
            gate: Gate::new(),
        })))
    })
}

/// Adds a font file (TrueType/OpenType), tried before the bundled font. The file is
/// read by `mica_runtime_new`; a missing file fails here.
///
/// # Safety
///
/// `config` is NULL or a live configuration; `path` is NULL or a NUL-terminated
/// string.
#[no_mangle]
pub unsafe extern "C" fn mica_config_add_font(
    config: *mut MicaConfig,
    path: *const c_char,
) -> c_int {
    ffi(MICA_ERROR, || {
        // SAFETY: the caller's promises, checked for NULL inside.
        let config = unsafe { config_mut(config) }?;
        // SAFETY: as above.
        let path = PathBuf::from(unsafe { str_arg(path, "font path") }?);
        if !path.is_file() {
            return Err(format!("font {}: no such file", path.display()));
        }
        config.config.fonts.push(path);
        Ok(MICA_OK)
    })
}

/// Where apps keep their `wx.setStorage` data (`<dir>/<appid>/storage.json`; the
/// directory is made when first written). NULL: in memory only (the default).
///
/// # Safety
///
/// `config` is NULL or a live configuration; `dir` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn mica_config_set_storage_dir(
    config: *mut MicaConfig,
    dir: *const c_char,
) -> c_int {
    ffi(MICA_ERROR, || {
        // SAFETY: the caller's promises, checked for NULL inside.
        let config = unsafe { config_mut(config) }?;
        // SAFETY: as above.
        let dir = unsafe { opt_str_arg(dir, "storage dir") }?;
        config.config.storage_dir = dir.map(PathBuf::from);
        Ok(MICA_OK)
    })
}

/// How long `mica_runtime_settle` and the input calls wait for the app's JavaScript
/// (and `mica_runtime_settle` for unanswered async work) before giving up, in
/// milliseconds (at least 1; default 10000).
///
/// # Safety
///
/// `config` is NULL or a live configuration.
#[no_mangle]
pub unsafe extern "C" fn mica_config_set_timeout(config: *mut MicaConfig, ms: u32) -> c_int {
    ffi(MICA_ERROR, || {
        // SAFETY: the caller's promise, checked for NULL inside.
        let config = unsafe { config_mut(config) }?;
        if ms == 0 {
            return Err("the timeout must be at least 1 ms".to_string());
        }
        config.config.idle_timeout = Duration::from_millis(u64::from(ms));
        Ok(MICA_OK)
    })
}

/// Grants the app `permission`, which host functions registered with that permission
/// require. Once any grant is made, the app holds exactly the granted permissions.
/// Without any grant call, a package (`.mpk`) holds the `permissions.host_apis` of its
/// signed manifest and a source directory (development) holds every permission.
///
/// # Safety
///
/// `config` is NULL or a live configuration; `permission` is NULL or a NUL-terminated
/// string.
#[no_mangle]
pub unsafe extern "C" fn mica_config_grant(
    config: *mut MicaConfig,
    permission: *const c_char,
) -> c_int {
    ffi(MICA_ERROR, || {
        // SAFETY: the caller's promises, checked for NULL inside.
        let config = unsafe { config_mut(config) }?;
        // SAFETY: as above.
        let permission = unsafe { str_arg(permission, "permission") }?;
        if permission.is_empty() {
            return Err("the permission is empty".to_string());
        }
        let grants = config.grants.get_or_insert_with(Vec::new);
        if !grants.iter().any(|g| g == permission) {
            grants.push(permission.to_string());
        }
        Ok(MICA_OK)
    })
}

/// Frees a configuration that was not given to `mica_runtime_new`. NULL is ignored.
///
/// # Safety
///
/// `config` is NULL or a live configuration, not used again.
#[no_mangle]
pub unsafe extern "C" fn mica_config_free(config: *mut MicaConfig) {
    ffi((), || {
        if !config.is_null() {
            // SAFETY: made by `Box::into_raw` in `mica_config_new`; the caller hands it
            // back once.
            drop(unsafe { Box::from_raw(config) });
        }
        Ok(())
    })
}
