//! Integration tests of the fbdev platform, run on file-backed framebuffers and recorded
//! evdev streams in a temporary directory: the same code paths as on a device, with the
//! geometry from the config instead of ioctls.

mod e2e;
mod input;
mod output;
mod quit;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use mica_engine::config::{FbGeometry, FbPixelFormat, FbdevConfig, KeyMap};
use mica_engine::platform::{Frame, InputEvent, Key, Platform};
use mica_layout::Rect;
use mica_platform_fb::{FbdevPlatform, InputRecord};

/// How long a test waits for input it expects: generous, it returns as soon as input
/// arrives.
pub const WAIT: Duration = Duration::from_secs(30);

/// A temporary directory holding a framebuffer file and an input directory.
#[derive(Debug)]
pub struct Rig {
    pub dir: tempfile::TempDir,
}

impl Rig {
    pub fn temp() -> Rig {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let rig = Rig { dir };
        std::fs::create_dir_all(rig.input_dir()).unwrap_or_else(|e| panic!("{e}"));
        rig
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn fb_path(&self) -> PathBuf {
        self.path("fb.raw")
    }

    pub fn input_dir(&self) -> PathBuf {
        self.path("input")
    }

    /// A file-backed framebuffer, recorded input from `input/event*`, no console, no
    /// signal handlers.
    pub fn config(&self, geometry: FbGeometry) -> FbdevConfig {
        FbdevConfig {
            device: self.fb_path(),
            tty: None,
            input: vec![self.input_dir()],
            geometry: Some(geometry),
            signals: false,
            ..FbdevConfig::default()
        }
    }

    pub fn open(&self, config: &FbdevConfig) -> FbdevPlatform {
        FbdevPlatform::open(config, KeyMap::builtin()).unwrap_or_else(|e| panic!("open: {e}"))
    }

    /// The framebuffer file's bytes.
    pub fn fb(&self) -> Vec<u8> {
        std::fs::read(self.fb_path()).unwrap_or_else(|e| panic!("read fb: {e}"))
    }

    /// Fills the framebuffer file with `len` bytes of `byte` before the platform opens it.
    pub fn prefill(&self, len: usize, byte: u8) {
        std::fs::write(self.fb_path(), vec![byte; len]).unwrap_or_else(|e| panic!("{e}"));
    }
}

pub fn geometry(width: u32, height: u32, format: FbPixelFormat) -> FbGeometry {
    FbGeometry {
        width,
        height,
        format: Some(format),
        bits_per_pixel: None,
        line_length: None,
        virtual_width: None,
        virtual_height: None,
        xoffset: 0,
        yoffset: 0,
    }
}

/// Writes `records` to a new file at `path`.
pub fn write_records(path: &Path, records: &[InputRecord]) {
    std::fs::write(path, InputRecord::encode_all(records)).unwrap_or_else(|e| panic!("{e}"));
}

/// Appends `records` to the file at `path`.
pub fn append_records(path: &Path, records: &[InputRecord]) {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .unwrap_or_else(|e| panic!("{e}"));
    f.write_all(&InputRecord::encode_all(records))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// A key press and release, each in its own report.
pub fn tap(code: u16) -> Vec<InputRecord> {
    vec![
        InputRecord::key(code, 1),
        InputRecord::syn(),
        InputRecord::key(code, 0),
        InputRecord::syn(),
    ]
}

pub fn key(key: Key, pressed: bool) -> InputEvent {
    InputEvent::Key { key, pressed }
}

/// `w` x `h` premultiplied RGBA pixels from `f(x, y)`.
pub fn pixels(w: u32, h: u32, f: impl Fn(u32, u32) -> [u8; 4]) -> Vec<u8> {
    (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .flat_map(|(x, y)| f(x, y))
        .collect()
}

pub fn present(p: &mut FbdevPlatform, w: u32, h: u32, px: &[u8], damage: &[Rect]) {
    let frame = Frame {
        width: w,
        height: h,
        pixels: px,
    };
    p.present(frame, damage)
        .unwrap_or_else(|e| panic!("present: {e}"));
}

pub fn full(w: u32, h: u32) -> Rect {
    Rect::new(0.0, 0.0, w as f32, h as f32)
}

pub fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}
