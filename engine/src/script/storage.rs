//! `wx.setStorage`, `getStorage`, `removeStorage`, `clearStorage`, `getStorageInfo` and
//! their `Sync` forms: the app's key-value data, kept durably.
//!
//! The data lives in memory as JSON and is written to one file per app after every
//! change: a temporary file beside it, `fsync`, `rename` over the old file, `fsync` of
//! the directory, so a power cut leaves either the old data or the new, never a torn
//! file. As in WeChat, one key holds at most 1 MB and the app at most 10 MB; a write
//! beyond is refused and changes nothing. A file that cannot be read is set aside as
//! `<file>.corrupt` and the app starts with empty storage.

use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use boa_engine::{js_string, Context, JsArgs, JsResult, JsValue};
use serde_json::{Map, Value};

use super::thread::host;

/// Most bytes one key (its name and JSON value) may hold.
pub const MAX_ITEM_BYTES: usize = 1024 * 1024;
/// Most bytes an app's storage (names and JSON values) may hold.
pub const MAX_TOTAL_BYTES: usize = 10 * 1024 * 1024;

/// One app's storage.
#[derive(Debug, Default)]
pub(super) struct Storage {
    /// The file, or `None` for memory only.
    path: Option<PathBuf>,
    /// Key → JSON text of the value, in insertion order.
    items: Map<String, Value>,
    /// Bytes of names and JSON texts.
    bytes: usize,
}

fn item_bytes(key: &str, json: &str) -> usize {
    key.len() + json.len()
}

impl Storage {
    /// Loads the storage kept at `path` (or starts empty in memory).
    pub(super) fn open(path: Option<PathBuf>) -> Storage {
        let mut storage = Storage {
            path,
            ..Storage::default()
        };
        let Some(path) = storage.path.clone() else {
            return storage;
        };
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return storage,
            Err(e) => {
                log::error!(target: "mica::js", "storage {}: {e}; starting empty", path.display());
                return storage;
            }
        };
        match serde_json::from_str::<Map<String, Value>>(&text) {
            Ok(items) if items.values().all(Value::is_string) => {
                storage.bytes = items
                    .iter()
                    .map(|(k, v)| item_bytes(k, v.as_str().unwrap_or("")))
                    .sum();
                storage.items = items;
            }
            _ => {
                let aside = path.with_extension("json.corrupt");
                log::error!(
                    target: "mica::js",
                    "storage {} is damaged; set aside as {} and starting empty",
                    path.display(),
                    aside.display()
                );
                let _ = fs::rename(&path, aside);
            }
        }
        storage
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.items.get(key).and_then(Value::as_str)
    }

    fn set(&mut self, key: &str, json: String) -> Result<(), String> {
        let new = item_bytes(key, &json);
        if new > MAX_ITEM_BYTES {
            return Err(format!(
                "exceed storage item max length: {new} bytes, the limit is {MAX_ITEM_BYTES}"
            ));
        }
        let old = self.get(key).map_or(0, |v| item_bytes(key, v));
        let total = self.bytes - old + new;
        if total > MAX_TOTAL_BYTES {
            return Err(format!(
                "exceed storage max size 10MB: {total} bytes would be stored"
            ));
        }
        let previous = self.items.insert(key.to_string(), Value::String(json));
        let before = self.bytes;
        self.bytes = total;
        if let Err(e) = self.persist() {
            // Not kept on disk: not kept at all, so memory and disk agree.
            match previous {
                Some(p) => self.items.insert(key.to_string(), p),
                None => self.items.remove(key),
            };
            self.bytes = before;
            return Err(e);
        }
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), String> {
        let Some(old) = self.items.remove(key) else {
            return Ok(());
        };
        self.bytes -= item_bytes(key, old.as_str().unwrap_or(""));
        self.persist()
    }

    fn clear(&mut self) -> Result<(), String> {
        self.items.clear();
        self.bytes = 0;
        self.persist()
    }

    /// Writes the file atomically (temp, fsync, rename, fsync the directory).
    fn persist(&self) -> Result<(), String> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let text = serde_json::to_string(&self.items).map_err(|e| e.to_string())?;
        write_atomically(path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

/// Replaces `path` with `bytes` so that a crash leaves the old file or the new one: a
/// temporary `<name>.tmp` beside it, `fsync`, `rename`, `fsync` of the directory.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = dir.join(tmp_name);
    let mut f = File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    fs::rename(&tmp, path)?;
    // The rename is durable once the directory is.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// `native.storage(op, key, json)`:
/// - `get`: the value's JSON text, or `undefined`;
/// - `set`, `remove`, `clear`: `null`, or the `errMsg` detail;
/// - `info`: `{keys, currentSize, limitSize}` (sizes in KB, as WeChat reports them).
pub(super) fn native_storage(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let op = args
        .get_or_undefined(0)
        .to_string(ctx)?
        .to_std_string_escaped();
    let key = args
        .get_or_undefined(1)
        .to_string(ctx)?
        .to_std_string_escaped();
    // The value is read before the host is borrowed: `toString` may run JS.
    let json = match args.get_or_undefined(2) {
        v if v.is_undefined() => None,
        v => Some(v.to_string(ctx)?.to_std_string_escaped()),
    };
    let h = host(ctx);
    let result = {
        let mut h = h.borrow_mut();
        let s = &mut h.storage;
        match op.as_str() {
            "get" => {
                return Ok(match s.get(&key) {
                    Some(v) => js_string!(v).into(),
                    None => JsValue::undefined(),
                })
            }
            "info" => {
                let info = serde_json::json!({
                    "keys": s.items.keys().collect::<Vec<_>>(),
                    "currentSize": s.bytes.div_ceil(1024),
                    "limitSize": MAX_TOTAL_BYTES / 1024,
                });
                drop(h);
                return Ok(super::thread::json_to_js(ctx, &info));
            }
            "set" => match json {
                Some(json) => s.set(&key, json),
                None => Err("data can not be undefined".to_string()),
            },
            "remove" => s.remove(&key),
            "clear" => s.clear(),
            other => Err(format!("unknown storage operation {other}")),
        }
    };
    Ok(match result {
        Ok(()) => JsValue::null(),
        Err(e) => js_string!(e).into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("mica-storage-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn data_survives_a_restart_and_no_temp_file_is_left() {
        let d = dir("restart");
        let path = d.join("wxapp/storage.json");
        let mut s = Storage::open(Some(path.clone()));
        assert_eq!(s.set("a", "1".into()), Ok(()));
        assert_eq!(s.set("b", "{\"x\":[1,2]}".into()), Ok(()));
        assert_eq!(s.remove("a"), Ok(()));
        let again = Storage::open(Some(path.clone()));
        assert_eq!(again.get("a"), None);
        assert_eq!(again.get("b"), Some("{\"x\":[1,2]}"));
        assert_eq!(again.bytes, s.bytes);
        assert!(!path.with_extension("json.tmp").exists());
    }

    #[test]
    fn limits_refuse_and_change_nothing() {
        let d = dir("limits");
        let path = d.join("s.json");
        let mut s = Storage::open(Some(path.clone()));
        let big = "x".repeat(MAX_ITEM_BYTES);
        assert!(s
            .set("k", big)
            .is_err_and(|e| e.contains("item max length")));
        let mb = "y".repeat(MAX_ITEM_BYTES - 10);
        for i in 0..10 {
            assert_eq!(s.set(&format!("k{i}"), mb.clone()), Ok(()), "{i}");
        }
        assert!(s.set("k10", mb.clone()).is_err_and(|e| e.contains("10MB")));
        assert_eq!(s.get("k10"), None);
        // Replacing a value counts its new size only.
        assert_eq!(s.set("k0", "1".into()), Ok(()));
        assert_eq!(s.set("k10", mb), Ok(()));
        assert_eq!(Storage::open(Some(path)).items.len(), 11);
    }

    #[test]
    fn a_damaged_file_is_set_aside() {
        let d = dir("damaged");
        let path = d.join("s.json");
        let _ = fs::create_dir_all(&d);
        let _ = fs::write(&path, "{\"a\": ");
        let s = Storage::open(Some(path.clone()));
        assert!(s.items.is_empty());
        assert!(path.with_extension("json.corrupt").exists());
    }
}
