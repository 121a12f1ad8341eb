//! The device config: what a firmware image tells Mica about its hardware.
//!
//! A JSON file (see docs/device-config.md); every key is optional:
//!
//! ```json
//! { "display": { "width": 1920, "height": 1080 }, "fonts": ["/usr/share/fonts/my.ttf"],
//!   "keymap": { "ir": { "0x40bf": "up" } } }
//! ```
//!
//! The `keymap` section turns raw key codes into logical keys ([`keymap`]).

use std::path::{Path, PathBuf};

use serde::Deserialize;

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
        Ok(cfg)
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
