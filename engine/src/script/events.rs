//! `wx.reportEvent(eventId, data)`: analytics events an app reports, queued on the
//! device until the firmware collects them ([`drain_events`], or
//! `Runtime::drain_events` for a running app).
//!
//! WeChat sends these to its "We分析" service; a device has no such service, so Mica
//! keeps them for the firmware to upload wherever it wants. The queue is bounded: at
//! most [`MAX_QUEUED_EVENTS`] events and [`MAX_QUEUED_BYTES`] bytes of JSON lines. When a new event
//! would pass a bound, the **oldest** events are dropped (recent behaviour is what an
//! upload that was late wants to see):
//!
//! - In a file (`<storage_dir>/<appid>/events.jsonl`, beside `storage.json`), one JSON
//!   object per line: `{"eventId": ..., "data": {...}, "time": <ms since 1970>}`. A new
//!   event is appended; when the file is full it is rewritten (temporary file, `fsync`,
//!   `rename`) down to 90% of both bounds plus the new event, so a full queue costs one
//!   rewrite per hundred events, not one per event.
//! - Without a storage directory, in memory for the run, dropping exactly as many of
//!   the oldest as needed.
//!
//! Appends and [`drain_events`] take one process-wide lock, so the firmware may drain
//! from any thread while the app runs. Another *process* must drain only while the app
//! is not running.

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Most events kept per app.
pub const MAX_QUEUED_EVENTS: usize = 1000;
/// Most bytes of JSON lines (newlines included) kept per app.
pub const MAX_QUEUED_BYTES: usize = 1024 * 1024;
/// Most bytes one event's JSON line may take; a bigger event is refused.
pub const MAX_EVENT_BYTES: usize = 64 * 1024;
/// Longest `eventId`.
pub const MAX_EVENT_ID_LEN: usize = 128;
/// The queue file's name in the app's storage directory.
pub const EVENTS_FILE: &str = "events.jsonl";

/// One event reported with `wx.reportEvent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedEvent {
    /// The event's name (`[A-Za-z0-9_]`, 1 to 128 characters).
    #[serde(rename = "eventId")]
    pub event_id: String,
    /// The object the app gave (JSON).
    pub data: Value,
    /// When it was reported, in ms since the Unix epoch (device clock).
    #[serde(rename = "time")]
    pub time_ms: u64,
}

/// Serialises file appends, compaction and [`drain_events`] within the process.
static FILE_LOCK: Mutex<()> = Mutex::new(());

fn file_lock() -> MutexGuard<'static, ()> {
    // A panic while holding it left at worst a half-written line, which readers skip.
    FILE_LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// The directory name an app's data lives under (`<storage_dir>/<name>/`): the appid
/// (or a source app's directory name) reduced to one safe path component.
pub fn app_dir_name(appid: &str) -> String {
    let name: String = appid
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.trim_matches('.').is_empty() {
        "app".to_string()
    } else {
        name
    }
}

/// The queue file of app `appid` under `storage_dir`.
pub fn events_path(storage_dir: &Path, appid: &str) -> PathBuf {
    storage_dir.join(app_dir_name(appid)).join(EVENTS_FILE)
}

/// Takes every queued event of app `appid` (the appid of a package, the directory name
/// of a source app) out of `storage_dir`, oldest first, and empties the queue. Lines
/// that do not parse (a line torn by a power cut) are skipped with a warning.
pub fn drain_events(storage_dir: &Path, appid: &str) -> std::io::Result<Vec<ReportedEvent>> {
    drain_file(&events_path(storage_dir, appid))
}

fn drain_file(path: &Path) -> std::io::Result<Vec<ReportedEvent>> {
    let _lock = file_lock();
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    fs::remove_file(path)?;
    Ok(parse_lines(&text, path))
}

fn parse_lines(text: &str, path: &Path) -> Vec<ReportedEvent> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| match serde_json::from_str(l) {
            Ok(e) => Some(e),
            Err(e) => {
                log::warn!(target: "mica::js", "{}: skipping a damaged event line: {e}", path.display());
                None
            }
        })
        .collect()
}

/// Why `eventId` is refused, if it is (WeChat's event names: letters, digits, `_`).
pub(super) fn check_event_id(event_id: &str) -> Result<(), String> {
    if event_id.is_empty() {
        return Err("eventId should not be empty".into());
    }
    if event_id.len() > MAX_EVENT_ID_LEN {
        return Err(format!(
            "eventId is longer than {MAX_EVENT_ID_LEN} characters"
        ));
    }
    if !event_id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(format!(
            "invalid eventId \"{event_id}\": only letters, digits and _ are allowed"
        ));
    }
    Ok(())
}

/// One app's event queue: a file, or memory. Clones share the queue.
#[derive(Debug, Clone, Default)]
pub struct EventQueue {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    /// The queue file, or `None` for memory.
    path: Option<PathBuf>,
    /// Events kept in memory (no file): JSON line (without newline) per event.
    memory: VecDeque<String>,
    /// Bytes of `memory`'s lines, a newline each.
    memory_bytes: usize,
    /// The file's events and length as last seen; rescanned when the length differs.
    file: Option<(usize, u64)>,
}

impl EventQueue {
    /// A queue in memory, for the run.
    pub fn memory() -> Self {
        Self::default()
    }

    /// A queue kept in the file `path` (created on the first event).
    pub fn file(path: PathBuf) -> Self {
        EventQueue {
            inner: Arc::new(Mutex::new(Inner {
                path: Some(path),
                ..Inner::default()
            })),
        }
    }

    /// The queue file, if the queue is kept in one.
    pub fn path(&self) -> Option<PathBuf> {
        self.lock().path.clone()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues an event, dropping the oldest past the bounds. Errors say why it was not
    /// kept (too big, the file cannot be written).
    pub fn push(&self, event: &ReportedEvent) -> Result<(), String> {
        check_event_id(&event.event_id)?;
        let line = serde_json::to_string(event).map_err(|e| e.to_string())?;
        if line.len() + 1 > MAX_EVENT_BYTES {
            return Err(format!(
                "the event takes {} bytes; at most {MAX_EVENT_BYTES} are allowed",
                line.len() + 1
            ));
        }
        let mut inner = self.lock();
        match inner.path.clone() {
            Some(path) => inner.push_file(&path, &line),
            None => {
                inner.push_memory(line);
                Ok(())
            }
        }
    }

    /// Takes every queued event out, oldest first.
    pub fn drain(&self) -> Vec<ReportedEvent> {
        let mut inner = self.lock();
        match inner.path.clone() {
            Some(path) => {
                inner.file = None;
                drop(inner);
                drain_file(&path).unwrap_or_else(|e| {
                    log::error!(target: "mica::js", "{}: {e}", path.display());
                    Vec::new()
                })
            }
            None => {
                inner.memory_bytes = 0;
                std::mem::take(&mut inner.memory)
                    .iter()
                    .filter_map(|l| serde_json::from_str(l).ok())
                    .collect()
            }
        }
    }

    /// How many events are queued.
    pub fn len(&self) -> usize {
        let inner = self.lock();
        match &inner.path {
            Some(path) => {
                let _lock = file_lock();
                fs::read_to_string(path).map_or(0, |t| parse_lines(&t, path).len())
            }
            None => inner.memory.len(),
        }
    }

    /// True when no event is queued.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Inner {
    fn push_memory(&mut self, line: String) {
        let size = line.len() + 1;
        while !self.memory.is_empty()
            && (self.memory.len() + 1 > MAX_QUEUED_EVENTS
                || self.memory_bytes + size > MAX_QUEUED_BYTES)
        {
            if let Some(old) = self.memory.pop_front() {
                self.memory_bytes -= old.len() + 1;
            }
        }
        self.memory_bytes += size;
        self.memory.push_back(line);
    }

    fn push_file(&mut self, path: &Path, line: &str) -> Result<(), String> {
        let _lock = file_lock();
        let shown = path.display();
        let len = match fs::metadata(path) {
            Ok(m) => m.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
            Err(e) => return Err(format!("cannot read {shown}: {e}")),
        };
        // Drained (or changed) behind our back: count again.
        let (count, bytes, rescanned) = match self.file {
            Some((count, bytes)) if bytes == len => (count, bytes, false),
            _ => {
                let text = match fs::read_to_string(path) {
                    Ok(t) => t,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
                    Err(e) => return Err(format!("cannot read {shown}: {e}")),
                };
                (text.lines().count(), text.len() as u64, true)
            }
        };
        let size = line.len() as u64 + 1;
        if count < MAX_QUEUED_EVENTS && bytes + size <= MAX_QUEUED_BYTES as u64 {
            let dir = path.parent().unwrap_or(Path::new("."));
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            let mut f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| format!("cannot open {shown}: {e}"))?;
            // A torn file (a line without its newline) gets one before ours.
            let mut out = String::with_capacity(line.len() + 2);
            if rescanned && bytes > 0 && !ends_with_newline(path) {
                out.push('\n');
            }
            out.push_str(line);
            out.push('\n');
            if let Err(e) = f.write_all(out.as_bytes()) {
                self.file = None;
                return Err(format!("cannot write {shown}: {e}"));
            }
            self.file = Some((count + 1, bytes + out.len() as u64));
            return Ok(());
        }
        self.compact(path, line)
    }

    /// Rewrites the full file with its newest events (down to 90% of both bounds) and
    /// `line` after them.
    fn compact(&mut self, path: &Path, line: &str) -> Result<(), String> {
        let shown = path.display();
        let text = fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
        let keep_events = MAX_QUEUED_EVENTS * 9 / 10;
        let keep_bytes = MAX_QUEUED_BYTES * 9 / 10;
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let mut kept: VecDeque<&str> = VecDeque::new();
        let mut kept_bytes = line.len() + 1;
        for l in lines.iter().rev() {
            if kept.len() + 1 >= keep_events || kept_bytes + l.len() + 1 > keep_bytes {
                break;
            }
            kept_bytes += l.len() + 1;
            kept.push_front(l);
        }
        let dropped = lines.len() - kept.len();
        let mut out = String::with_capacity(kept_bytes);
        for l in &kept {
            out.push_str(l);
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        super::storage::write_atomically(path, out.as_bytes())
            .map_err(|e| format!("cannot write {shown}: {e}"))?;
        log::info!(target: "mica::js", "{shown}: event queue full; dropped the {dropped} oldest events");
        self.file = Some((kept.len() + 1, out.len() as u64));
        Ok(())
    }
}

fn ends_with_newline(path: &Path) -> bool {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let Ok(mut f) = File::open(path) else {
        return true;
    };
    let mut last = [0u8; 1];
    f.seek(SeekFrom::End(-1)).is_err() || (f.read_exact(&mut last).is_ok() && last[0] == b'\n')
}

/// Milliseconds since the Unix epoch on the device clock (0 before 1970).
pub(super) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("mica-events-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        d
    }

    fn event(i: usize, pad: usize) -> ReportedEvent {
        ReportedEvent {
            event_id: "tap".into(),
            data: json!({ "i": i, "pad": "x".repeat(pad) }),
            time_ms: 1,
        }
    }

    #[test]
    fn event_ids_are_letters_digits_and_underscores() {
        assert!(check_event_id("play_video_2").is_ok());
        assert!(check_event_id("").is_err());
        assert!(check_event_id("play-video").is_err());
        assert!(check_event_id("播放").is_err());
        assert!(check_event_id(&"a".repeat(MAX_EVENT_ID_LEN + 1)).is_err());
    }

    #[test]
    fn memory_queue_drops_exactly_the_oldest() {
        let q = EventQueue::memory();
        for i in 0..MAX_QUEUED_EVENTS + 5 {
            assert_eq!(q.push(&event(i, 0)), Ok(()));
        }
        let events = q.drain();
        assert_eq!(events.len(), MAX_QUEUED_EVENTS);
        assert_eq!(events[0].data["i"], 5);
        assert!(q.is_empty());
    }

    #[test]
    fn file_queue_is_bounded_by_bytes_and_survives_a_drain() {
        let d = dir("bytes");
        let q = EventQueue::file(events_path(&d, "wx123"));
        // 40 events of ~30 KB: more than 1 MB in all.
        for i in 0..40 {
            assert_eq!(q.push(&event(i, 30_000)), Ok(()));
        }
        let path = events_path(&d, "wx123");
        let size = fs::metadata(&path).map_or(0, |m| m.len());
        assert!(size <= MAX_QUEUED_BYTES as u64, "{size}");
        let events = drain_events(&d, "wx123").unwrap_or_default();
        assert_eq!(events.last().map(|e| e.data["i"].clone()), Some(json!(39)));
        assert!(events.len() < 40);
        // Consecutive: only the oldest were dropped.
        let first = events[0].data["i"].as_u64().unwrap_or(0) as usize;
        for (k, e) in events.iter().enumerate() {
            assert_eq!(e.data["i"], json!(first + k));
        }
        assert!(!path.exists());
        // The queue goes on after a drain from outside.
        assert_eq!(q.push(&event(99, 0)), Ok(()));
        assert_eq!(q.len(), 1);
        assert!(q.push(&event(100, MAX_EVENT_BYTES)).is_err());
    }

    #[test]
    fn a_torn_last_line_is_skipped_and_not_glued_to_the_next() {
        let d = dir("torn");
        let path = events_path(&d, "app");
        let _ = fs::create_dir_all(path.parent().unwrap_or(&d));
        let _ = fs::write(
            &path,
            "{\"eventId\":\"a\",\"data\":{},\"time\":1}\n{\"eventId\":\"b\",\"da",
        );
        let q = EventQueue::file(path);
        assert_eq!(q.push(&event(1, 0)), Ok(()));
        let events = q.drain();
        let ids: Vec<&str> = events.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids, ["a", "tap"]);
    }

    #[test]
    fn app_dir_names_are_one_safe_component() {
        assert_eq!(app_dir_name("wx0123"), "wx0123");
        assert_eq!(app_dir_name("../x"), ".._x");
        assert_eq!(app_dir_name(".."), "app");
        assert_eq!(app_dir_name("a/b c"), "a_b_c");
    }
}
