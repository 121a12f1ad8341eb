//! The device config: what a firmware image tells Mica about its hardware.
//!
//! A JSON file (see docs/device-config.md); every key is optional:
//!
//! ```json
//! { "display": { "width": 1920, "height": 1080 }, "fonts": ["/usr/share/fonts/my.ttf"] }
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

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
    }
}
