//! Input devices: opening the evdev devices the config names, reading their records
//! without blocking, and hot-plug.
//!
//! Each `input` entry is a directory and a file-name pattern (`/dev/input/event*`; a
//! directory alone means `event*` in it). The directories are watched with inotify:
//! a matching file that appears (`IN_CREATE`, or `IN_ATTRIB` once udev has set its
//! permissions) is opened, one that goes (`IN_DELETE`) is dropped, and so is a device
//! whose read fails (`ENODEV` when it is unplugged).
//!
//! Character devices, pipes and regular files go through the same reader. A regular file
//! (a recording) is read to its end and then waits for `IN_MODIFY` (appended records)
//! instead of being polled, which for a regular file would always be "ready". A pipe is
//! opened read-write so that it never reports end-of-file when a writer closes: like a
//! device, it just waits for more.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use mica_engine::config::{FbdevConfig, KeyMap};
use mica_engine::platform::{InputEvent, PlatformError};

use crate::evdev::{self, Axes, AxisRange, Decoder, InputRecord};
use crate::{error, sys};

/// At most this many reads per device and call, so a flooding device cannot starve
/// the others (what is left is read on the next call).
const MAX_READS: usize = 64;

/// What kind of file a device is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A character device (evdev).
    Device,
    /// A FIFO (recorded or injected input).
    Pipe,
    /// A regular file (recorded input).
    Recording,
}

/// One open input device.
#[derive(Debug)]
struct Device {
    path: PathBuf,
    file: File,
    kind: Kind,
    /// Bytes of an incomplete record.
    partial: Vec<u8>,
    /// A recording read to its end.
    at_end: bool,
    decoder: Decoder,
}

/// Where devices are looked for: a directory and a file-name pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    dir: PathBuf,
    name: OsString,
}

impl Pattern {
    /// The pattern of one `input` entry.
    pub(crate) fn parse(entry: &Path) -> Pattern {
        if entry.is_dir() {
            return Pattern {
                dir: entry.to_path_buf(),
                name: OsString::from("event*"),
            };
        }
        let dir = match entry.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = entry
            .file_name()
            .map(OsString::from)
            .unwrap_or_else(|| OsString::from("event*"));
        Pattern { dir, name }
    }

    fn matches(&self, name: &[u8]) -> bool {
        wildcard(self.name.as_bytes(), name)
    }
}

/// `*` and `?` matching of a whole file name.
fn wildcard(pattern: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == b'?' || c == name[n] => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    p = sp + 1;
                    n = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p.min(pattern.len())..].iter().all(|&c| c == b'*')
}

/// The watched directories and the devices open in them.
#[derive(Debug)]
pub(crate) struct Inputs {
    patterns: Vec<Pattern>,
    inotify: sys::Inotify,
    /// Watch descriptor → directory.
    watches: HashMap<i32, PathBuf>,
    devices: Vec<Device>,
    screen: (u32, u32),
    touch: Option<Axes>,
    grab: bool,
}

/// What inotify reports on a watched directory.
const WATCH_MASK: u32 = libc::IN_CREATE
    | libc::IN_ATTRIB
    | libc::IN_MOVED_TO
    | libc::IN_DELETE
    | libc::IN_MOVED_FROM
    | libc::IN_MODIFY;

impl Inputs {
    /// Watches the config's input directories and opens the devices in them.
    pub(crate) fn open(config: &FbdevConfig, screen: (u32, u32)) -> Result<Inputs, PlatformError> {
        let inotify =
            sys::Inotify::new().map_err(|e| error::io(Path::new("inotify"), "inotify_init1", e))?;
        let touch = config.touch.map(|t| {
            let x = Some(AxisRange {
                min: t.x[0],
                max: t.x[1],
            });
            let y = Some(AxisRange {
                min: t.y[0],
                max: t.y[1],
            });
            Axes {
                x,
                y,
                mt_x: x,
                mt_y: y,
            }
        });
        let mut inputs = Inputs {
            patterns: config.input.iter().map(|e| Pattern::parse(e)).collect(),
            inotify,
            watches: HashMap::new(),
            devices: Vec::new(),
            screen,
            touch,
            grab: config.grab_input,
        };
        // Watch first, then list: a device created in between is seen either way.
        let dirs: Vec<PathBuf> = inputs.patterns.iter().map(|p| p.dir.clone()).collect();
        for dir in dirs {
            if inputs.watches.values().any(|d| *d == dir) {
                continue;
            }
            match inputs.inotify.add_watch(&dir, WATCH_MASK) {
                Ok(wd) => {
                    inputs.watches.insert(wd, dir);
                }
                Err(e) => log::warn!("fbdev: input {}: {e}; not watched", dir.display()),
            }
        }
        inputs.scan();
        if inputs.devices.is_empty() {
            log::warn!("fbdev: no input devices yet");
        }
        Ok(inputs)
    }

    /// Opens every matching file not open yet.
    fn scan(&mut self) {
        let mut found = Vec::new();
        for p in &self.patterns {
            let Ok(entries) = std::fs::read_dir(&p.dir) else {
                continue;
            };
            for e in entries.flatten() {
                if p.matches(e.file_name().as_bytes()) {
                    found.push(e.path());
                }
            }
        }
        found.sort();
        found.dedup();
        for path in found {
            self.try_open(&path, true);
        }
    }

    /// Opens `path` unless it is open already; `loud` reports a failure as a warning
    /// (at hot-plug a node may not be readable until udev has set its permissions).
    fn try_open(&mut self, path: &Path, loud: bool) {
        if self.devices.iter().any(|d| d.path == path) {
            return;
        }
        match self.open_device(path) {
            Ok(d) => {
                log::info!("fbdev: input {} ({:?})", path.display(), d.kind);
                self.devices.push(d);
            }
            Err(e) if loud => log::warn!("fbdev: input {}: {e}", path.display()),
            Err(e) => log::debug!("fbdev: input {}: {e}", path.display()),
        }
    }

    fn open_device(&self, path: &Path) -> io::Result<Device> {
        let ft = std::fs::metadata(path)?.file_type();
        let kind = if ft.is_char_device() {
            Kind::Device
        } else if ft.is_fifo() {
            Kind::Pipe
        } else {
            Kind::Recording
        };
        let file = OpenOptions::new()
            .read(true)
            .write(kind == Kind::Pipe)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)?;
        // A device reports its axis ranges; anything else says ENOTTY and is taken as
        // screen pixels (unless the config gives ranges).
        let range = |axis| {
            sys::evdev_abs_info(&file, axis)
                .ok()
                .filter(|i| i.maximum > i.minimum)
        };
        let axes = self.touch.unwrap_or_else(|| {
            let r = |axis| {
                range(axis).map(|i| AxisRange {
                    min: i.minimum,
                    max: i.maximum,
                })
            };
            Axes {
                x: r(evdev::ABS_X),
                y: r(evdev::ABS_Y),
                mt_x: r(evdev::ABS_MT_POSITION_X),
                mt_y: r(evdev::ABS_MT_POSITION_Y),
            }
        });
        let slot = sys::evdev_abs_info(&file, evdev::ABS_MT_SLOT)
            .ok()
            .filter(|i| i.maximum > 0)
            .map(|i| i.value);
        if self.grab {
            if let Err(e) = sys::evdev_grab(&file) {
                log::debug!("fbdev: input {}: EVIOCGRAB: {e}", path.display());
            }
        }
        Ok(Device {
            path: path.to_path_buf(),
            file,
            kind,
            partial: Vec::new(),
            at_end: false,
            decoder: Decoder::new(self.screen, axes, slot),
        })
    }

    fn drop_device(&mut self, path: &Path, why: &str) {
        let before = self.devices.len();
        self.devices.retain(|d| d.path != path);
        if self.devices.len() != before {
            log::info!("fbdev: input {} {why}", path.display());
        }
    }

    /// Handles what inotify has queued.
    fn hotplug(&mut self) {
        let mut buf = [0u8; 4096];
        loop {
            let n = match self.inotify.file().read(&mut buf) {
                Ok(n) if n > 0 => n,
                Ok(_) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            let data = &buf[..n];
            let mut at = 0;
            // struct inotify_event { int wd; u32 mask, cookie, len; char name[len]; }
            while let Some(head) = data.get(at..at + 16) {
                let word = |i: usize| [head[i], head[i + 1], head[i + 2], head[i + 3]];
                let wd = i32::from_ne_bytes(word(0));
                let mask = u32::from_ne_bytes(word(4));
                let len = u32::from_ne_bytes(word(12)) as usize;
                let raw = data.get(at + 16..at + 16 + len).unwrap_or_default();
                let name = &raw[..raw.iter().position(|&b| b == 0).unwrap_or(raw.len())];
                at += 16 + len;
                self.on_watch_event(wd, mask, name);
            }
        }
    }

    fn on_watch_event(&mut self, wd: i32, mask: u32, name: &[u8]) {
        if mask & libc::IN_Q_OVERFLOW != 0 {
            // Events were lost: look again.
            self.devices.retain(|d| d.path.exists());
            self.scan();
            return;
        }
        if mask & libc::IN_IGNORED != 0 {
            self.watches.remove(&wd);
            return;
        }
        let Some(dir) = self.watches.get(&wd) else {
            return;
        };
        let path = dir.join(std::ffi::OsStr::from_bytes(name));
        let wanted = self
            .patterns
            .iter()
            .any(|p| p.dir == *dir && p.matches(name));
        if !wanted {
            return;
        }
        if mask & (libc::IN_DELETE | libc::IN_MOVED_FROM) != 0 {
            self.drop_device(&path, "removed");
        } else if mask & libc::IN_MODIFY != 0 {
            match self.devices.iter_mut().find(|d| d.path == path) {
                Some(d) => d.at_end = false,
                None => self.try_open(&path, false),
            }
        } else {
            // IN_CREATE, IN_ATTRIB, IN_MOVED_TO.
            self.try_open(&path, mask & libc::IN_ATTRIB != 0);
        }
    }

    /// Reads what every device has and decodes it; a device that fails is dropped.
    pub(crate) fn read(&mut self, keymap: &KeyMap, out: &mut Vec<InputEvent>) {
        self.hotplug();
        let mut failed = Vec::new();
        for d in &mut self.devices {
            if let Err(e) = d.read(keymap, out) {
                failed.push((d.path.clone(), e));
            }
        }
        for (path, e) in failed {
            let why = if e.raw_os_error() == Some(libc::ENODEV) {
                "unplugged".to_string()
            } else {
                log::warn!("fbdev: input {}: {e}", path.display());
                format!("dropped ({e})")
            };
            self.drop_device(&path, &why);
        }
    }

    /// The fds to poll for input: inotify and every device that can become readable.
    pub(crate) fn poll_fds(&self, out: &mut Vec<RawFd>) {
        out.push(self.inotify.file().as_raw_fd());
        out.extend(
            self.devices
                .iter()
                .filter(|d| d.kind != Kind::Recording || !d.at_end)
                .map(|d| d.file.as_raw_fd()),
        );
    }

    /// The open devices' paths.
    pub(crate) fn paths(&self) -> Vec<PathBuf> {
        self.devices.iter().map(|d| d.path.clone()).collect()
    }
}

impl Device {
    /// Reads and decodes what is there; `Err` when the device is gone or broken.
    fn read(&mut self, keymap: &KeyMap, out: &mut Vec<InputEvent>) -> io::Result<()> {
        if self.kind == Kind::Recording && self.at_end {
            return Ok(());
        }
        let mut buf = [0u8; 64 * InputRecord::SIZE];
        for _ in 0..MAX_READS {
            let n = match self.file.read(&mut buf) {
                Ok(0) => {
                    // A recording's end (a device or our read-write pipe never ends).
                    self.at_end = true;
                    return Ok(());
                }
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let mut bytes = &buf[..n];
            if !self.partial.is_empty() {
                let need = InputRecord::SIZE - self.partial.len();
                let take = need.min(bytes.len());
                self.partial.extend_from_slice(&bytes[..take]);
                bytes = &bytes[take..];
                if let Some(r) = InputRecord::parse(&self.partial) {
                    self.decoder.feed(r, keymap, out);
                    self.partial.clear();
                }
            }
            let mut records = bytes.chunks_exact(InputRecord::SIZE);
            for chunk in &mut records {
                if let Some(r) = InputRecord::parse(chunk) {
                    self.decoder.feed(r, keymap, out);
                }
            }
            self.partial.extend_from_slice(records.remainder());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard(b"event*", b"event0"));
        assert!(wildcard(b"event*", b"event"));
        assert!(wildcard(b"event?", b"event7"));
        assert!(!wildcard(b"event?", b"event17"));
        assert!(!wildcard(b"event*", b"mouse0"));
        assert!(wildcard(b"*", b"anything"));
        assert!(wildcard(b"*-kbd", b"usb-acme-event-kbd"));
        assert!(!wildcard(b"*-kbd", b"usb-acme-event-mouse"));
        assert!(wildcard(b"a*b*c", b"aXXbYYc"));
        assert!(!wildcard(b"a*b*c", b"aXXbYY"));
        assert!(wildcard(b"rec.bin", b"rec.bin"));
    }

    #[test]
    fn patterns_from_entries() {
        let p = Pattern::parse(Path::new("/dev/input/event*"));
        assert_eq!(p.dir, PathBuf::from("/dev/input"));
        assert!(p.matches(b"event3") && !p.matches(b"mice"));
        let dir = std::env::temp_dir();
        let p = Pattern::parse(&dir);
        assert_eq!((p.dir, p.name), (dir, OsString::from("event*")));
        let p = Pattern::parse(Path::new("rec.bin"));
        assert_eq!(p.dir, PathBuf::from("."));
    }
}
