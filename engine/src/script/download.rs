//! `wx.downloadFile` (alias `ft.downloadFile`): a GET whose body is streamed into a temp
//! file, answered with its `wxfile://tmp_...` path.
//!
//! It is a [`super::request`] with a file [`Sink`]: the same domain policy (a package
//! has one list, `request_domains`, for both APIs where WeChat keeps a separate
//! downloadFile list), the same refusal of hostile URLs, the same queue of workers and
//! timeout. The body goes to disk a chunk at a time ([`super::request::copy_capped`])
//! and is cut off past [`NetworkPolicy::max_download_bytes`](super::NetworkPolicy), so
//! a large or endless body never sits in memory. While it runs the worker posts the
//! response headers and the progress as [`ToLogic::ApiEvent`](super::ToLogic), which
//! the prelude hands to the `DownloadTask`'s `onHeadersReceived` / `onProgressUpdate`
//! listeners.
//!
//! Temp files live in a private folder per runtime ([`TempFiles`]), made on the first
//! download and removed with its files when the runtime stops. `wxfile://tmp_...`
//! names a file in it; the view reads it for `<image src>` (see
//! `Runtime`'s image loader), so a downloaded picture can be shown at once.

use std::fs::{self, OpenOptions};
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use boa_engine::object::ObjectInitializer;
use boa_engine::{js_string, Context, JsArgs, JsObject, JsResult, JsValue};
use serde_json::{json, Value};

use crate::package::{PackageError, MAX_FILE_BYTES};

use super::request::{copy_capped, enqueue, headers_arg, id_and_url, timeout_arg};
use super::request::{Response, Sink, Spec};
use super::thread::host;

const DOWNLOAD_JS: &str = include_str!("download.js");

/// How often progress is reported when the size is unknown.
const PROGRESS_STEP: u64 = 256 * 1024;

/// The temp files of one runtime: a private folder (`mica-<pid>-<random>`, mode 0700
/// on Unix) made inside a base folder on first use, and removed with everything in it
/// when the last owner drops this (the runtime and its logic thread: when the runtime
/// stops).
#[derive(Debug)]
pub struct TempFiles {
    base: PathBuf,
    dir: Mutex<Option<PathBuf>>,
}

impl Default for TempFiles {
    fn default() -> Self {
        TempFiles::new(None)
    }
}

impl TempFiles {
    /// Temp files inside `base` (`None`: the OS temp folder). Nothing is made yet.
    pub fn new(base: Option<PathBuf>) -> TempFiles {
        TempFiles {
            base: base.unwrap_or_else(std::env::temp_dir),
            dir: Mutex::new(None),
        }
    }

    /// The private folder, made now if it is not there yet.
    pub(super) fn dir(&self) -> std::io::Result<PathBuf> {
        let mut dir = self
            .dir
            .lock()
            .map_err(|_| std::io::Error::other("temp folder lock poisoned"))?;
        if let Some(d) = dir.as_ref() {
            return Ok(d.clone());
        }
        fs::create_dir_all(&self.base)?;
        // A fresh name that nobody made before us (`create_dir` refuses an existing
        // one, a planted symlink included).
        let mut tries = 0;
        let made = loop {
            let candidate = self
                .base
                .join(format!("mica-{}-{}", std::process::id(), random_hex()));
            match make_private_dir(&candidate) {
                Ok(()) => break candidate,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 8 => {
                    tries += 1;
                }
                Err(e) => return Err(e),
            }
        };
        *dir = Some(made.clone());
        Ok(made)
    }

    /// The file a `wxfile://tmp_...` path names, if it is one this runtime can have
    /// made (one plain name in the folder; nothing else is reachable).
    pub fn path_of(&self, url: &str) -> Option<PathBuf> {
        let name = url.strip_prefix("wxfile://")?;
        let plain = name.starts_with("tmp_")
            && !name.contains("..")
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        if !plain {
            return None;
        }
        let dir = self.dir.lock().ok()?.clone()?;
        Some(dir.join(name))
    }
}

impl TempFiles {
    /// The bytes of the temp file `url` names (at most a package file's limit, as
    /// everything the view reads).
    pub fn read(&self, url: &str) -> Result<Vec<u8>, PackageError> {
        use std::io::Read as _;
        let path = self
            .path_of(url)
            .ok_or_else(|| PackageError::NotFound(url.to_string()))?;
        let io = |source: std::io::Error| match source.kind() {
            std::io::ErrorKind::NotFound => PackageError::NotFound(url.to_string()),
            _ => PackageError::Io {
                path: url.to_string(),
                source,
            },
        };
        let file = fs::File::open(&path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        if size > MAX_FILE_BYTES {
            return Err(PackageError::TooLarge {
                path: url.to_string(),
                size,
                max: MAX_FILE_BYTES,
            });
        }
        let mut bytes = Vec::with_capacity(size as usize);
        file.take(MAX_FILE_BYTES)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        Ok(bytes)
    }
}

impl Drop for TempFiles {
    fn drop(&mut self) {
        let dir = match self.dir.get_mut() {
            Ok(d) => d.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(dir) = dir {
            if let Err(e) = fs::remove_dir_all(&dir) {
                log::warn!(target: "mica::js", "cannot remove temp folder {}: {e}", dir.display());
            }
        }
    }
}

#[cfg(unix)]
fn make_private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    fs::DirBuilder::new().mode(0o700).create(path)
}

#[cfg(not(unix))]
fn make_private_dir(path: &Path) -> std::io::Result<()> {
    fs::create_dir(path)
}

/// 16 random hex digits (a clock-derived fallback should the OS have no randomness).
fn random_hex() -> String {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        bytes = (nanos as u64).to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Evaluates `download.js` (it adds `wx.downloadFile`) and keeps its `apiEvent`.
pub(super) fn install(ctx: &mut Context, exports: &JsObject) -> JsResult<()> {
    let bridge = ObjectInitializer::new(ctx)
        .function(
            super::watchdog::guarded(native_download),
            js_string!("download"),
            4,
        )
        .function(
            super::watchdog::guarded(super::request::native_abort),
            js_string!("abort"),
            1,
        )
        .build();
    let out = super::globals::eval_part(ctx, DOWNLOAD_JS, "<mica download>", bridge, exports)?;
    let api_event = out.get(js_string!("apiEvent"), ctx)?.as_callable();
    host(ctx).borrow_mut().requests.api_event = api_event;
    Ok(())
}

/// `native.download(id, url, header, timeoutMs)`: starts (or queues) the download;
/// returns `null`, or the `errMsg` detail when it is refused at once.
pub(super) fn native_download(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let (id, url) = id_and_url(args, ctx)?;
    // WeChat: "Referer cannot be set" (it names the mini-program itself).
    let headers = headers_arg(args.get_or_undefined(2), ctx)?
        .into_iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("referer"))
        .collect();
    let timeout = timeout_arg(args.get_or_undefined(3), ctx)?;
    let temp = host(ctx).borrow().requests.temp.clone();
    let dir = match temp.map(|t| t.dir()) {
        Some(Ok(dir)) => dir,
        Some(Err(e)) => return Ok(js_string!(format!("cannot create the temp folder: {e}")).into()),
        None => return Ok(js_string!("no temp folder for downloads").into()),
    };
    let spec = Spec {
        id,
        url,
        method: "GET".into(),
        headers,
        body: None,
        timeout,
        sink: Sink::File {
            dir,
            name: format!("tmp_{}", random_hex()),
        },
        cancel: Arc::default(),
    };
    Ok(enqueue(ctx, spec, "wx.downloadFile"))
}

/// Runs on the worker: streams `resp` into `dir/name.<ext>` and answers `{statusCode,
/// tempFilePath}` (any HTTP status: the file holds whatever the server sent, as in
/// WeChat). `emit` posts `headers` (`{header}`) once, then `progress`
/// (`{progress, totalBytesWritten, totalBytesExpectedToWrite}`) at the start, as the
/// percentage grows (every 256 KiB when the size is unknown) and at the end. A failed
/// download leaves no file.
pub(super) fn save(
    spec: &Spec,
    mut resp: Response,
    dir: &Path,
    name: &str,
    cap: u64,
    emit: &mut dyn FnMut(&str, Value),
) -> Result<Value, String> {
    let content_type = resp.header.get("content-type").and_then(Value::as_str);
    let file_name = format!("{name}{}", extension(content_type, &spec.url));
    let path = dir.join(&file_name);
    emit("headers", json!({ "header": resp.header }));
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("cannot create the temp file: {e}"))?;
    let mut out = BufWriter::new(file);
    let expected = resp.declared.unwrap_or(0);
    let mut reported: Option<(u64, u64)> = None; // (percent, bytes) last sent
    let mut progress = |written: u64, last: bool| {
        let percent = match (expected, last) {
            (_, true) => 100,
            (0, false) => 0,
            (n, false) => (written.saturating_mul(100) / n).min(100),
        };
        let due = match reported {
            None => true,
            Some((p, _)) if last => p < 100,
            Some((_, bytes)) if expected == 0 => written.saturating_sub(bytes) >= PROGRESS_STEP,
            Some((p, _)) => percent > p,
        };
        if due {
            reported = Some((percent, written));
            let total = if last {
                written.max(expected)
            } else {
                expected
            };
            emit(
                "progress",
                json!({
                    "progress": percent,
                    "totalBytesWritten": written,
                    "totalBytesExpectedToWrite": total,
                }),
            );
        }
    };
    progress(0, false);
    let copied = copy_capped(&mut resp.body, &mut out, cap, &spec.cancel, &mut |n| {
        progress(n, false)
    })
    .and_then(|n| {
        out.flush()
            .map_err(|e| format!("cannot write the temp file: {e}"))?;
        Ok(n)
    });
    drop(out);
    match copied {
        Ok(n) => {
            progress(n, true);
            Ok(json!({
                "statusCode": resp.status,
                "tempFilePath": format!("wxfile://{file_name}"),
            }))
        }
        Err(e) => {
            let _ = fs::remove_file(&path);
            Err(e)
        }
    }
}

/// The temp file's extension (with its dot, or empty): from the `Content-Type`, else
/// from the URL's last path segment, so players and decoders that go by the name see
/// the right kind of file.
fn extension(content_type: Option<&str>, url: &str) -> String {
    let mime = content_type
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let by_type = match mime.as_str() {
        "image/png" => "png",
        "image/jpeg" | "image/jpg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/bmp" => "bmp",
        "image/svg+xml" => "svg",
        "audio/mpeg" | "audio/mp3" => "mp3",
        "audio/mp4" | "audio/aac" | "audio/x-m4a" => "m4a",
        "audio/wav" | "audio/x-wav" => "wav",
        "video/mp4" => "mp4",
        "application/pdf" => "pdf",
        "application/json" => "json",
        "text/plain" => "txt",
        _ => "",
    };
    if !by_type.is_empty() {
        return format!(".{by_type}");
    }
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .split_once("://")
        .map_or("", |(_, rest)| rest);
    let last = match path.split_once('/') {
        Some((_, p)) => p.rsplit('/').next().unwrap_or(""),
        None => "",
    };
    match last.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            format!(".{}", ext.to_ascii_lowercase())
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_come_from_the_type_then_the_url() {
        assert_eq!(extension(Some("image/png"), "http://h/x"), ".png");
        assert_eq!(extension(Some("Image/JPEG; q=1"), "http://h/a.png"), ".jpg");
        assert_eq!(
            extension(Some("application/octet-stream"), "http://h/d/a.MP3?x=1"),
            ".mp3"
        );
        assert_eq!(extension(None, "http://h/a.tar.gz#f"), ".gz");
        for plain in [
            "http://h/",
            "http://h",
            "http://h/a",
            "http://h/.hidden",
            "http://h/a.toolongext",
            "http://h/a.p%2f",
            "http://h.example/x",
        ] {
            assert_eq!(extension(None, plain), "", "{plain}");
        }
    }

    #[test]
    fn temp_paths_name_only_files_in_the_folder() {
        let base = std::env::temp_dir().join(format!("mica-temp-test-{}", random_hex()));
        let temp = TempFiles::new(Some(base.clone()));
        assert_eq!(temp.path_of("wxfile://tmp_1.png"), None, "no folder yet");
        let dir = temp.dir().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(temp.dir().ok(), Some(dir.clone()), "made once");
        assert!(dir.starts_with(&base));
        assert_eq!(
            temp.path_of("wxfile://tmp_ab_1.png"),
            Some(dir.join("tmp_ab_1.png"))
        );
        for bad in [
            "wxfile://tmp_../x",
            "wxfile://tmp_a/../../etc/passwd",
            "wxfile://usr/a.png",
            "wxfile://store_a.png",
            "file:///tmp/tmp_a.png",
            "wxfile://tmp_a b.png",
            "tmp_a.png",
        ] {
            assert_eq!(temp.path_of(bad), None, "{bad}");
        }
        let _ = fs::write(dir.join("tmp_x.txt"), b"x");
        drop(temp);
        assert!(!dir.exists(), "removed with its files");
        let _ = fs::remove_dir_all(&base);
    }
}
