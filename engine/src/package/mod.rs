//! One reader for all of an app's files.
//!
//! Templates, styles, scripts and images are all read through [`Package`], so a signed and
//! encrypted `.mpk` ([`mpk`]) is transparent to the rest of the engine and plaintext never
//! touches the disk. The backend is either a source directory (development mode) or a
//! `.mpk`, verified when opened and decrypted page by page as files are read. [`pack`]
//! writes packages and [`keys`] reads and makes the key files.
//!
//! ```no_run
//! # fn main() -> Result<(), mica_engine::package::PackageError> {
//! use mica_engine::package::{Package, Trust};
//! let pkg = Package::open("apps/hello")?;
//! let app = pkg.app_config()?;
//! let first = &app.pages[0];
//! let wxml = pkg.read_to_string(&pkg.page_template_path(first)?)?;
//! # let _ = wxml;
//! let trust = Trust::default(); // a device fills in its signers and fleet key
//! let packed = Package::open_with("hello.mpk", &trust)?;
//! assert!(packed.is_packed());
//! # Ok(()) }
//! ```

pub mod components;
pub mod keys;
pub mod mpk;
pub mod pack;
mod trust;

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

pub use mpk::{Manifest, MpkError, Permissions};
pub use trust::{FleetKeyProvider, Trust};

/// Largest single file the reader hands out (a hostile package must not exhaust memory).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Extensions tried for a page template, in order.
pub const TEMPLATE_EXTS: &[&str] = &["fxml", "wxml"];
/// Extension of a precompiled template ([`crate::template::Template::to_bytes`]).
pub const COMPILED_TEMPLATE_EXT: &str = "mir";
/// Extensions tried for a stylesheet, in order.
pub const STYLE_EXTS: &[&str] = &["ftss", "fxss", "wxss"];
/// Extension of a precompiled stylesheet ([`mica_layout::Stylesheet::to_bytes`]), loaded
/// when no source stylesheet exists.
pub const COMPILED_STYLE_EXT: &str = "mss";

/// Why a package file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PackageError {
    /// The package path is neither a directory nor a supported package file.
    #[error("{path}: not a mini-program directory ({reason})")]
    NotAPackage {
        /// What was given.
        path: String,
        /// Why it was refused.
        reason: String,
    },
    /// A requested file does not exist.
    #[error("{0}: no such file in the package")]
    NotFound(String),
    /// A path tries to leave the package (`..`, absolute, or a drive prefix).
    #[error("{0}: path escapes the package")]
    PathEscapes(String),
    /// A file is larger than [`MAX_FILE_BYTES`].
    #[error("{path}: {size} bytes is more than the {max} byte limit")]
    TooLarge {
        /// File.
        path: String,
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// The OS failed to read.
    #[error("{path}: {source}")]
    Io {
        /// File.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A file is not valid UTF-8 text.
    #[error("{0}: not valid UTF-8")]
    NotUtf8(String),
    /// A signed package failed verification, or a page of it failed its check.
    #[error(transparent)]
    Mpk(#[from] MpkError),
    /// A JSON config file is malformed.
    #[error("{file}:{line}:{col}: {message}")]
    BadJson {
        /// File.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What is wrong.
        message: String,
    },
    /// `app.json` is valid JSON but not a usable app config.
    #[error("{file}: {message}")]
    BadConfig {
        /// File.
        file: String,
        /// What is wrong.
        message: String,
    },
}

/// The `window` section of `app.json` (or a page's `.json`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WindowConfig {
    /// `navigationBarTitleText`.
    pub navigation_bar_title: Option<String>,
    /// `navigationBarBackgroundColor`.
    pub navigation_bar_background: Option<String>,
    /// `navigationBarTextStyle` (`black` or `white`).
    pub navigation_bar_text_style: Option<String>,
    /// `backgroundColor` of the window.
    pub background_color: Option<String>,
    /// `enablePullDownRefresh`: a drag down at the top of the page calls the page's
    /// `onPullDownRefresh`.
    pub enable_pull_down_refresh: Option<bool>,
    /// `navigationStyle`: `custom` hides the navigation bar (the page draws its own).
    pub navigation_style: Option<String>,
}

impl WindowConfig {
    fn from_json(v: Option<&Value>) -> Self {
        let s = |k: &str| {
            v.and_then(|w| w.get(k))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        WindowConfig {
            navigation_bar_title: s("navigationBarTitleText"),
            navigation_bar_background: s("navigationBarBackgroundColor"),
            navigation_bar_text_style: s("navigationBarTextStyle"),
            background_color: s("backgroundColor"),
            enable_pull_down_refresh: v
                .and_then(|w| w.get("enablePullDownRefresh"))
                .and_then(Value::as_bool),
            navigation_style: s("navigationStyle"),
        }
    }

    /// This config with `other`'s set fields taking precedence (page over app).
    pub fn overlay(&self, other: &WindowConfig) -> WindowConfig {
        WindowConfig {
            navigation_bar_title: other
                .navigation_bar_title
                .clone()
                .or_else(|| self.navigation_bar_title.clone()),
            navigation_bar_background: other
                .navigation_bar_background
                .clone()
                .or_else(|| self.navigation_bar_background.clone()),
            navigation_bar_text_style: other
                .navigation_bar_text_style
                .clone()
                .or_else(|| self.navigation_bar_text_style.clone()),
            background_color: other
                .background_color
                .clone()
                .or_else(|| self.background_color.clone()),
            enable_pull_down_refresh: other
                .enable_pull_down_refresh
                .or(self.enable_pull_down_refresh),
            navigation_style: other
                .navigation_style
                .clone()
                .or_else(|| self.navigation_style.clone()),
        }
    }
}

/// `app.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct AppConfig {
    /// Page routes, the first is the home page (`pages/index/index`).
    pub pages: Vec<String>,
    /// Window defaults.
    pub window: WindowConfig,
    /// The whole file, for keys later parts read (`tabBar`, `usingComponents`, ...).
    pub raw: Value,
}

#[derive(Debug)]
enum Backend {
    Dir(PathBuf),
    Mpk(Box<mpk::MpkReader>),
}

/// A mini-program package: every app file is read through it.
#[derive(Debug)]
pub struct Package {
    backend: Backend,
    name: String,
}

impl Package {
    /// Opens a source directory holding `app.json`. A `.mpk` opened this way trusts no
    /// signer and is refused; use [`Package::open_with`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self, PackageError> {
        Self::open_with(path, &Trust::default())
    }

    /// Opens a source directory, or a `.mpk` verified with `trust` (see [`mpk`] for what
    /// is checked before this returns).
    pub fn open_with(path: impl AsRef<Path>, trust: &Trust) -> Result<Self, PackageError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown.clone());
        if path.is_dir() {
            if !path.join("app.json").is_file() {
                return Err(PackageError::NotAPackage {
                    path: shown,
                    reason: "no app.json".into(),
                });
            }
            return Ok(Package {
                backend: Backend::Dir(path.to_path_buf()),
                name,
            });
        }
        if path.is_file() {
            let reader = mpk::MpkReader::open(path, trust)?;
            return Ok(Package {
                backend: Backend::Mpk(Box::new(reader)),
                name,
            });
        }
        let reason = if path.exists() {
            "neither a directory nor a package file"
        } else {
            "does not exist"
        };
        Err(PackageError::NotAPackage {
            path: shown,
            reason: reason.into(),
        })
    }

    /// Opens a `.mpk` held in memory (an APK asset, a download not yet written), verified
    /// with `trust`.
    pub fn from_mpk_bytes(bytes: Vec<u8>, trust: &Trust) -> Result<Self, PackageError> {
        let reader = mpk::MpkReader::from_bytes(bytes, trust)?;
        let name = reader.manifest().appid.clone();
        Ok(Package {
            backend: Backend::Mpk(Box::new(reader)),
            name,
        })
    }

    /// The signed manifest of a `.mpk`; `None` for a source directory.
    pub fn manifest(&self) -> Option<&Manifest> {
        match &self.backend {
            Backend::Dir(_) => None,
            Backend::Mpk(r) => Some(r.manifest()),
        }
    }

    /// True for a `.mpk`, false for a source directory.
    pub fn is_packed(&self) -> bool {
        matches!(self.backend, Backend::Mpk(_))
    }

    /// A short name for logs (the directory name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Normalises an app-relative path (`./a/../b.js` → `b.js`), refusing escapes.
    pub fn normalize(path: &str) -> Result<String, PackageError> {
        let trimmed = path.trim_start_matches('/');
        let mut parts: Vec<&str> = Vec::new();
        for comp in Path::new(trimmed).components() {
            match comp {
                Component::Normal(p) => parts.push(
                    p.to_str()
                        .ok_or_else(|| PackageError::NotUtf8(path.into()))?,
                ),
                Component::CurDir => {}
                Component::ParentDir => {
                    if parts.pop().is_none() {
                        return Err(PackageError::PathEscapes(path.to_string()));
                    }
                }
                Component::RootDir | Component::Prefix(_) => {
                    return Err(PackageError::PathEscapes(path.to_string()))
                }
            }
        }
        if parts.is_empty() {
            return Err(PackageError::NotFound(path.to_string()));
        }
        Ok(parts.join("/"))
    }

    /// Resolves `target` as written in a file at `from` (`../img/a.png` from
    /// `pages/index/index.wxml`); a leading `/` is relative to the app root.
    pub fn resolve(from: &str, target: &str) -> Result<String, PackageError> {
        if target.starts_with('/') {
            return Self::normalize(target);
        }
        let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        Self::normalize(&format!("{dir}/{target}"))
    }

    /// True when the file exists.
    pub fn exists(&self, path: &str) -> bool {
        let Ok(p) = Self::normalize(path) else {
            return false;
        };
        match &self.backend {
            Backend::Dir(root) => root.join(p).is_file(),
            Backend::Mpk(r) => r.file_index(&p).is_some(),
        }
    }

    /// Reads a whole file.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, PackageError> {
        let p = Self::normalize(path)?;
        match &self.backend {
            Backend::Dir(root) => {
                let full = root.join(&p);
                let io = |source| PackageError::Io {
                    path: p.clone(),
                    source,
                };
                let meta = std::fs::metadata(&full).map_err(|e| {
                    if e.kind() == std::io::ErrorKind::NotFound {
                        PackageError::NotFound(p.clone())
                    } else {
                        io(e)
                    }
                })?;
                if !meta.is_file() {
                    return Err(PackageError::NotFound(p));
                }
                if meta.len() > MAX_FILE_BYTES {
                    return Err(PackageError::TooLarge {
                        path: p,
                        size: meta.len(),
                        max: MAX_FILE_BYTES,
                    });
                }
                std::fs::read(&full).map_err(io)
            }
            Backend::Mpk(r) => {
                let i = r.file_index(&p).ok_or(PackageError::NotFound(p))?;
                Ok(r.read_file(i)?)
            }
        }
    }

    /// Reads a UTF-8 text file (a BOM is dropped).
    pub fn read_to_string(&self, path: &str) -> Result<String, PackageError> {
        let bytes = self.read(path)?;
        let mut s =
            String::from_utf8(bytes).map_err(|_| PackageError::NotUtf8(path.to_string()))?;
        if s.starts_with('\u{feff}') {
            s.drain(..3);
        }
        Ok(s)
    }

    /// Reads and parses a JSON file, with `file:line:col` on syntax errors.
    pub fn read_json(&self, path: &str) -> Result<Value, PackageError> {
        let text = self.read_to_string(path)?;
        serde_json::from_str(&text).map_err(|e| PackageError::BadJson {
            file: path.to_string(),
            line: e.line(),
            col: e.column(),
            message: e.to_string(),
        })
    }

    /// Parses `app.json`.
    pub fn app_config(&self) -> Result<AppConfig, PackageError> {
        let raw = self.read_json("app.json")?;
        let bad = |m: &str| PackageError::BadConfig {
            file: "app.json".into(),
            message: m.into(),
        };
        let pages = raw
            .get("pages")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("`pages` must be an array of page routes"))?
            .iter()
            .map(|p| p.as_str().map(|s| s.trim_start_matches('/').to_string()))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad("every entry of `pages` must be a string"))?;
        if pages.is_empty() {
            return Err(bad("`pages` is empty"));
        }
        let window = WindowConfig::from_json(raw.get("window"));
        Ok(AppConfig { pages, window, raw })
    }

    /// The page's own `.json` window settings (empty when the file is absent).
    pub fn page_window(&self, route: &str) -> Result<WindowConfig, PackageError> {
        let path = format!("{route}.json");
        if !self.exists(&path) {
            return Ok(WindowConfig::default());
        }
        let v = self.read_json(&path)?;
        // A page json holds window keys at its top level.
        Ok(WindowConfig::from_json(Some(&v)))
    }

    /// The first existing file among `base.{exts}`.
    pub fn find_with_ext(&self, base: &str, exts: &[&str]) -> Option<String> {
        exts.iter()
            .map(|e| format!("{base}.{e}"))
            .find(|p| self.exists(p))
    }

    /// The page's template file (`.fxml` or `.wxml`).
    pub fn page_template_path(&self, route: &str) -> Result<String, PackageError> {
        self.find_with_ext(route, TEMPLATE_EXTS)
            .ok_or_else(|| PackageError::NotFound(format!("{route}.wxml")))
    }

    /// The page's precompiled template (`<route>.mir`), if the package carries one.
    pub fn page_compiled_path(&self, route: &str) -> Option<String> {
        self.find_with_ext(route, &[COMPILED_TEMPLATE_EXT])
    }

    /// The stylesheet `base.{ftss,fxss,wxss}`, else its compiled form `base.mss`.
    pub fn style_path(&self, base: &str) -> Option<String> {
        self.find_with_ext(base, STYLE_EXTS)
            .or_else(|| self.find_with_ext(base, &[COMPILED_STYLE_EXT]))
    }

    /// The page's stylesheet (source or compiled), if any.
    pub fn page_style_path(&self, route: &str) -> Option<String> {
        self.style_path(route)
    }

    /// The app-wide stylesheet (source or compiled), if any.
    pub fn app_style_path(&self) -> Option<String> {
        self.style_path("app")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_refuses_escapes() {
        assert_eq!(
            Package::normalize("./a/../b.js").ok().as_deref(),
            Some("b.js")
        );
        assert_eq!(
            Package::normalize("/pages/x.js").ok().as_deref(),
            Some("pages/x.js")
        );
        assert!(matches!(
            Package::normalize("../etc/passwd"),
            Err(PackageError::PathEscapes(_))
        ));
        assert!(matches!(
            Package::normalize("a/../../b"),
            Err(PackageError::PathEscapes(_))
        ));
    }

    #[test]
    fn resolve_is_relative_to_the_file() {
        assert_eq!(
            Package::resolve("pages/index/index.wxml", "../../images/a.png")
                .ok()
                .as_deref(),
            Some("images/a.png")
        );
        assert_eq!(
            Package::resolve("pages/index/index.wxml", "/img/b.png")
                .ok()
                .as_deref(),
            Some("img/b.png")
        );
        assert_eq!(
            Package::resolve("pages/index/index.wxml", "c.png")
                .ok()
                .as_deref(),
            Some("pages/index/c.png")
        );
    }
}
