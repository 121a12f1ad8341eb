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
//! section names the keys signed packages are checked with ([`DeviceConfig::trust`]).

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
