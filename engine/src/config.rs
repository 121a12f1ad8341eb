//! The device config: what a firmware image tells Mica about its hardware.
//!
//! A JSON file (see docs/device-config.md); every key is optional:
//!
//! ```json
//! { "display": { "width": 1920, "height": 1080 }, "fonts": ["/usr/share/fonts/my.ttf"],
//!   "keymap": { "ir": { "0x40bf": "up" } } }
//! ```
//!
//! The `keymap` section turns raw key codes into logical keys ([`keymap`]); the `packages`
//! section names the keys signed packages are checked with ([`DeviceConfig::trust`]); the
//! `fbdev` section ([`FbdevConfig`]) tells the Linux framebuffer platform which devices to
//! use.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::package::keys::{self, KeyError};
use crate::package::Trust;

pub mod keymap;

pub use keymap::{KeyBindings, KeyMap, KeySource, KeymapConfig};

/// The display section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisplayConfig {
    /// Width in px.
    pub width: Option<u32>,
    /// Height in px.
    pub height: Option<u32>,
}

/// The packages section: which `.mpk` packages the device runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackagesConfig {
    /// Trusted publishers: each entry is an Ed25519 public key in hex (64 digits) or the
    /// path of a `.pub` file (relative to the config file).
    #[serde(default)]
    pub trusted_signers: Vec<String>,
    /// The fleet key file (relative to the config file).
    #[serde(default)]
    pub fleet_key: Option<PathBuf>,
}

/// The `fbdev` section: the Linux framebuffer platform (`mica-platform-fb`) — which
/// framebuffer, console and input devices it opens. Relative paths are relative to the
/// config file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FbdevConfig {
    /// The framebuffer device (`/dev/fb0`), or with [`FbdevConfig::geometry`] a regular
    /// file that stands in for one (created and sized when needed).
    pub device: PathBuf,
    /// The virtual terminal switched to graphics mode while Mica runs (so the text console
    /// does not draw over it) and restored on exit; `null` leaves the console alone. A tty
    /// that cannot be opened or is not a virtual terminal is skipped with a warning.
    pub tty: Option<PathBuf>,
    /// Input devices: evdev device files, directories (meaning their `event*` files) or
    /// paths whose last component has `*`/`?` wildcards. The directories are watched, so
    /// devices plugged in later are opened too. Regular files and pipes holding raw
    /// `struct input_event` records are read like devices (recorded input).
    pub input: Vec<PathBuf>,
    /// Fixed geometry for a file-backed framebuffer (testing, screenshots); `None` asks the
    /// device with `FBIOGET_VSCREENINFO`/`FBIOGET_FSCREENINFO`.
    pub geometry: Option<FbGeometry>,
    /// Double-buffer with `FBIOPAN_DISPLAY` when the virtual height holds two screens.
    pub page_flip: bool,
    /// Wait for vertical blank (`FBIO_WAITFORVSYNC`) when the driver supports it.
    pub vsync: bool,
    /// The panel's alpha channel (ARGB/ABGR formats only) expects premultiplied colour; by
    /// default colour is un-premultiplied (straight alpha), as most display planes want.
    pub premultiplied_alpha: bool,
    /// Grab the input devices (`EVIOCGRAB`) so no other reader (the text console, another
    /// program) sees the keys.
    pub grab_input: bool,
    /// Turn SIGINT and SIGTERM into a clean quit (the console is restored); a second signal
    /// restores the console and terminates at once. `false` leaves signals to the embedder.
    pub signals: bool,
    /// Raw touch axis ranges, overriding what the device reports (`EVIOCGABS`); recorded
    /// input without them is taken as screen pixels.
    pub touch: Option<TouchAxes>,
}

impl Default for FbdevConfig {
    fn default() -> Self {
        FbdevConfig {
            device: PathBuf::from("/dev/fb0"),
            tty: Some(PathBuf::from("/dev/tty0")),
            input: vec![PathBuf::from("/dev/input/event*")],
            geometry: None,
            page_flip: true,
            vsync: true,
            premultiplied_alpha: false,
            grab_input: false,
            signals: true,
            touch: None,
        }
    }
}

/// The geometry of a file-backed framebuffer: what `FBIOGET_VSCREENINFO` and
/// `FBIOGET_FSCREENINFO` would report for a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FbGeometry {
    /// Visible width in px (`xres`).
    pub width: u32,
    /// Visible height in px (`yres`).
    pub height: u32,
    /// Pixel format; when absent, the usual one for `bits_per_pixel` (32: `xrgb8888`,
    /// 24: `rgb888`, 16: `rgb565`).
    #[serde(default)]
    pub format: Option<FbPixelFormat>,
    /// Bits per pixel; must agree with `format` when both are given.
    #[serde(default)]
    pub bits_per_pixel: Option<u32>,
    /// Bytes per row (`line_length`), padding included; default `virtual_width` pixels.
    #[serde(default)]
    pub line_length: Option<u32>,
    /// Width of the whole buffer in px (`xres_virtual`); default `width`.
    #[serde(default)]
    pub virtual_width: Option<u32>,
    /// Height of the whole buffer in px (`yres_virtual`); default `height`. Twice the
    /// height allows page flipping.
    #[serde(default)]
    pub virtual_height: Option<u32>,
    /// Column of the visible area in the buffer (`xoffset`).
    #[serde(default)]
    pub xoffset: u32,
    /// Row of the visible area in the buffer (`yoffset`).
    #[serde(default)]
    pub yoffset: u32,
}

/// A framebuffer pixel format, named like DRM fourccs: the components from the most
/// significant bits of the pixel value down, the value stored in CPU byte order (so
/// `xrgb8888` is the bytes B, G, R, X on a little-endian CPU).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum FbPixelFormat {
    /// 32 bpp, red at bit 16, green 8, blue 0, the top byte unused.
    Xrgb8888,
    /// 32 bpp, alpha at bit 24, red 16, green 8, blue 0.
    Argb8888,
    /// 32 bpp, blue at bit 16, green 8, red 0, the top byte unused.
    Xbgr8888,
    /// 32 bpp, alpha at bit 24, blue 16, green 8, red 0.
    Abgr8888,
    /// 24 bpp, red at bit 16, green 8, blue 0.
    Rgb888,
    /// 24 bpp, blue at bit 16, green 8, red 0.
    Bgr888,
    /// 16 bpp, red 5 bits at bit 11, green 6 at 5, blue 5 at 0.
    Rgb565,
    /// 16 bpp, blue 5 bits at bit 11, green 6 at 5, red 5 at 0.
    Bgr565,
}

/// Raw ranges of the touch axes, `[min, max]`, mapped to the screen's width and height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TouchAxes {
    /// X range.
    pub x: [i32; 2],
    /// Y range.
    pub y: [i32; 2],
}

/// A device config file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceConfig {
    /// Display geometry.
    #[serde(default)]
    pub display: DisplayConfig,
    /// Font files tried before the bundled font, in order. Relative paths are relative to
    /// the config file.
    #[serde(default)]
    pub fonts: Vec<PathBuf>,
    /// Key code bindings on top of (or instead of) the built-in keymaps.
    #[serde(default)]
    pub keymap: KeymapConfig,
    /// Keys for signed packages.
    #[serde(default)]
    pub packages: PackagesConfig,
    /// Where apps keep their `wx.setStorage` data (`<dir>/<appid>/storage.json`);
    /// relative to the config file. Without it storage lives in memory only.
    #[serde(default)]
    pub storage_dir: Option<PathBuf>,
    /// The Linux framebuffer platform's devices.
    #[serde(default)]
    pub fbdev: FbdevConfig,
    /// Limits on the app's scripts.
    #[serde(default)]
    pub watchdog: WatchdogConfig,
}

/// The `watchdog` section: limits on a mini-program's scripts
/// ([`crate::script::Watchdog`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WatchdogConfig {
    /// How long one event, lifecycle call or timer may run, in ms.
    pub time_budget_ms: u64,
    /// How long a plain counting loop may run before it is stopped, in ms.
    pub loop_budget_ms: u64,
    /// How much resident memory the app may add, in MiB; 0: no budget.
    pub memory_budget_mb: u64,
}

impl Default for WatchdogConfig {
    fn default() -> Self {
        WatchdogConfig {
            time_budget_ms: 2000,
            loop_budget_ms: 1000,
            memory_budget_mb: 256,
        }
    }
}

impl WatchdogConfig {
    /// The limits for the runtime.
    pub fn limits(&self) -> crate::script::Watchdog {
        crate::script::Watchdog {
            time_budget: std::time::Duration::from_millis(self.time_budget_ms.max(1)),
            loop_budget: std::time::Duration::from_millis(self.loop_budget_ms.max(1)),
            memory_budget: (self.memory_budget_mb > 0)
                .then(|| self.memory_budget_mb.saturating_mul(1024 * 1024)),
        }
    }
}

/// Why a device config could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// File.
        path: String,
        /// OS error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a valid config.
    #[error("{path}:{line}:{col}: {message}")]
    Invalid {
        /// File.
        path: String,
        /// Line.
        line: usize,
        /// Column.
        col: usize,
        /// What is wrong.
        message: String,
    },
    /// A key named in the `packages` section cannot be read.
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl DeviceConfig {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: shown.clone(),
            source,
        })?;
        let mut cfg: DeviceConfig =
            serde_json::from_str(&text).map_err(|e| ConfigError::Invalid {
                path: shown.clone(),
                line: e.line(),
                col: e.column(),
                message: e.to_string(),
            })?;
        let base = path.parent().unwrap_or(Path::new("."));
        for f in &mut cfg.fonts {
            if f.is_relative() {
                *f = base.join(&*f);
            }
        }
        if let Some(d) = &mut cfg.storage_dir {
            if d.is_relative() {
                *d = base.join(&*d);
            }
        }
        if let Some(f) = &mut cfg.packages.fleet_key {
            if f.is_relative() {
                *f = base.join(&*f);
            }
        }
        let fb = &mut cfg.fbdev;
        for p in std::iter::once(&mut fb.device)
            .chain(fb.tty.as_mut())
            .chain(fb.input.iter_mut())
        {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        for s in &mut cfg.packages.trusted_signers {
            if keys::from_hex::<32>(s).is_none() && Path::new(s.as_str()).is_relative() {
                *s = base.join(s.as_str()).display().to_string();
            }
        }
        Ok(cfg)
    }

    /// The keys the `packages` section names, read from their files: what
    /// [`crate::runtime::RuntimeConfig::trust`] should hold. Errors name the key file.
    pub fn trust(&self) -> Result<Trust, ConfigError> {
        let mut trust = Trust::default();
        for (i, s) in self.packages.trusted_signers.iter().enumerate() {
            let key = match keys::from_hex::<32>(s) {
                Some(k) => {
                    keys::check_public_key(&k, &format!("packages.trusted_signers[{i}] ({s})"))?
                }
                None => keys::load_public_key(s)?,
            };
            trust.signers.push(key);
        }
        if let Some(f) = &self.packages.fleet_key {
            trust.fleet_keys.push(keys::load_fleet_key(f)?);
        }
        Ok(trust)
    }

    /// The device's keymap: the built-in bindings with the config's `keymap` applied.
    pub fn keymap(&self) -> KeyMap {
        KeyMap::from_config(&self.keymap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_refused_with_position() {
        let dir = std::env::temp_dir().join(format!("mica-cfg-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let p = dir.join("bad.json");
        let _ = std::fs::write(&p, "{\n  \"display\": {\"width\": 10},\n  \"fontz\": []\n}");
        let err = DeviceConfig::load(&p)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("bad.json:3:"), "{err}");
        let ok = dir.join("ok.json");
        let _ = std::fs::write(
            &ok,
            r#"{"display": {"width": 1280, "height": 720}, "fonts": ["a.ttf"]}"#,
        );
        let cfg = DeviceConfig::load(&ok).unwrap_or_default();
        assert_eq!(cfg.display.width, Some(1280));
        assert_eq!(cfg.fonts, vec![dir.join("a.ttf")]);
        assert_eq!(cfg.keymap(), KeyMap::builtin());
    }

    #[test]
    fn documented_examples_parse() {
        let doc = include_str!("../../docs/device-config.md");
        let mut blocks = 0;
        for block in doc.split("```json").skip(1) {
            let json = block.split("```").next().unwrap_or_default();
            let parsed = serde_json::from_str::<DeviceConfig>(json);
            assert!(parsed.is_ok(), "{json}: {parsed:?}");
            blocks += 1;
        }
        assert!(blocks >= 2);
        let ex: DeviceConfig = doc
            .split("```json")
            .nth(2)
            .and_then(|b| b.split("```").next())
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default();
        let km = ex.keymap();
        assert_eq!(
            km.lookup(KeySource::Evdev, 174),
            Some(crate::platform::Key::Back)
        );
        assert_eq!(km.lookup(KeySource::Evdev, 102), None);
        assert_eq!(
            km.lookup(KeySource::Ir, 0x40a1),
            Some(crate::platform::Key::Digit(1))
        );
    }

    #[test]
    fn packages_section_gives_a_trust() {
        let dir = std::env::temp_dir().join(format!("mica-cfg-pkg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let made = keys::generate(dir.join("keys")).unwrap_or_else(|e| panic!("{e}"));
        let other = keys::SigningKey::from_seed([3; 32]).public_key();
        let p = dir.join("device.json");
        let _ = std::fs::write(
            &p,
            format!(
                r#"{{"packages": {{"trusted_signers": ["keys/signing.pub", "{}"], "fleet_key": "keys/fleet.key"}}}}"#,
                keys::to_hex(&other)
            ),
        );
        let cfg = DeviceConfig::load(&p).unwrap_or_else(|e| panic!("{e}"));
        let trust = cfg.trust().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(trust.signers, vec![made.public, other]);
        assert_eq!(
            trust.fleet_keys,
            vec![keys::load_fleet_key(&made.fleet_key).unwrap_or_default()]
        );
        // A missing key file is an error naming it.
        let _ = std::fs::write(&p, r#"{"packages": {"fleet_key": "keys/none.key"}}"#);
        let err = DeviceConfig::load(&p)
            .map_err(|e| e.to_string())
            .and_then(|c| c.trust().map_err(|e| e.to_string()))
            .err()
            .unwrap_or_default();
        assert!(err.contains("none.key"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn fbdev_section_defaults_and_paths() {
        let dir = std::env::temp_dir().join(format!("mica-cfg-fb-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let p = dir.join("fb.json");
        let _ = std::fs::write(&p, "{}");
        let cfg = DeviceConfig::load(&p).unwrap_or_default();
        assert_eq!(cfg.fbdev, FbdevConfig::default());
        assert_eq!(cfg.fbdev.device, PathBuf::from("/dev/fb0"));
        assert_eq!(cfg.fbdev.tty, Some(PathBuf::from("/dev/tty0")));
        assert_eq!(cfg.fbdev.input, vec![PathBuf::from("/dev/input/event*")]);
        let _ = std::fs::write(
            &p,
            r#"{"fbdev": {"device": "fb.raw", "tty": null, "input": ["rec", "/dev/input/event*"],
                "geometry": {"width": 640, "height": 360, "format": "rgb565", "line_length": 1344,
                             "virtual_height": 720},
                "page_flip": false, "touch": {"x": [0, 4095], "y": [0, 4095]}}}"#,
        );
        let fb = DeviceConfig::load(&p)
            .map(|c| c.fbdev)
            .map_err(|e| e.to_string());
        let fb = fb.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fb.device, dir.join("fb.raw"));
        assert_eq!(fb.tty, None);
        assert_eq!(
            fb.input,
            vec![dir.join("rec"), PathBuf::from("/dev/input/event*")]
        );
        let g = fb.geometry.unwrap_or_else(|| panic!("no geometry"));
        assert_eq!(g.format, Some(FbPixelFormat::Rgb565));
        assert_eq!(
            (g.width, g.line_length, g.virtual_height),
            (640, Some(1344), Some(720))
        );
        assert!(!fb.page_flip && fb.vsync && fb.signals);
        assert_eq!(fb.touch.map(|t| t.x), Some([0, 4095]));
        // A misspelt format is refused with its position.
        let _ = std::fs::write(
            &p,
            "{\"fbdev\": {\n \"geometry\": {\"width\": 1, \"height\": 1, \"format\": \"rgb556\"}}}",
        );
        let err = DeviceConfig::load(&p)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("fb.json:2:"), "{err}");
    }

    #[test]
    fn keymap_errors_carry_position() {
        let dir = std::env::temp_dir().join(format!("mica-cfg-km-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let p = dir.join("keys.json");
        let _ = std::fs::write(
            &p,
            "{\n  \"keymap\": {\n    \"ir\": { \"0x40bf\": \"upward\" }\n  }\n}",
        );
        let err = DeviceConfig::load(&p)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("keys.json:3:"), "{err}");
        assert!(err.contains("unknown key `upward`"), "{err}");
        let _ = std::fs::write(
            &p,
            r#"{"keymap": {"evdev": {"0x160": "back"}, "ir": {"0x40bf": "up"}}}"#,
        );
        let km = DeviceConfig::load(&p).unwrap_or_default().keymap();
        assert_eq!(
            km.lookup(KeySource::Evdev, 0x160),
            Some(crate::platform::Key::Back)
        );
        assert_eq!(
            km.lookup(KeySource::Ir, 0x40bf),
            Some(crate::platform::Key::Up)
        );
    }
}
