//! Where the app and the device config come from on an Android TV.
//!
//! An APK ships the mini-program as a signed package in its assets (`assets/app.mpk`).
//! It is read whole through the AssetManager and opened in memory with
//! [`Package::from_mpk_bytes`]: verified before anything runs, decrypted page by page as
//! files are read, and never written out in plaintext. (Extracting a source directory from
//! the assets instead would need a file list, since the AssetManager cannot list
//! sub-directories, and would put plaintext on the disk.)
//!
//! Two places in the app's private files dir (`/data/data/<package>/files`) come first:
//!
//! 1. `files/app/`, a source directory, only when [`Launch::allow_source_dir`] is set
//!    (debug builds): push a directory with `adb push` + `run-as` and restart to try an
//!    app without repacking the APK. It is not signed, so release builds ignore it.
//! 2. `files/app.mpk`, a signed package installed later (an OTA update), verified like the
//!    asset.
//!
//! The device config (docs/device-config.md: keymap, trusted signers, fleet key, fonts,
//! display size) is `files/device.json` if present, else the asset `device.json`; in the
//! asset, relative paths are relative to the files dir.

use std::path::{Path, PathBuf};

use mica_engine::config::{ConfigError, DeviceConfig};
use mica_engine::package::{keys, Package, Trust};

use crate::Error;

/// How the Android entry finds and starts the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    /// The APK asset holding the signed package.
    pub package_asset: String,
    /// The APK asset holding the device config, if the files dir has none.
    pub config_asset: String,
    /// Run an unsigned source directory found at `files/app/` (development only).
    pub allow_source_dir: bool,
    /// The first page and its query (`pages/item/item?id=3`); `None` for the first page
    /// of `app.json`.
    pub route: Option<String>,
}

impl Default for Launch {
    /// `app.mpk` and `device.json` assets; source directories only in debug builds.
    fn default() -> Self {
        Launch {
            package_asset: "app.mpk".into(),
            config_asset: "device.json".into(),
            allow_source_dir: cfg!(debug_assertions),
            route: None,
        }
    }
}

/// The source directory's name in the files dir.
pub const SOURCE_DIR: &str = "app";
/// An installed package's name in the files dir.
pub const PACKAGE_FILE: &str = "app.mpk";
/// The device config's name in the files dir.
pub const CONFIG_FILE: &str = "device.json";

/// Where the app will be read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppSource {
    /// A source directory (development).
    SourceDir(PathBuf),
    /// A signed package file.
    PackageFile(PathBuf),
    /// A signed package in the APK's assets.
    Asset(String),
}

impl Launch {
    /// Where the app is, given the app's files dir (see the module docs for the order).
    pub fn locate(&self, files_dir: Option<&Path>) -> AppSource {
        if let Some(files) = files_dir {
            let dir = files.join(SOURCE_DIR);
            if self.allow_source_dir && dir.join("app.json").is_file() {
                return AppSource::SourceDir(dir);
            }
            let file = files.join(PACKAGE_FILE);
            if file.is_file() {
                return AppSource::PackageFile(file);
            }
        }
        AppSource::Asset(self.package_asset.clone())
    }

    /// The device config: `files/device.json`, else the config asset (read by
    /// `read_asset`), else the defaults.
    pub fn device_config(
        &self,
        files_dir: Option<&Path>,
        read_asset: impl FnOnce(&str) -> Option<Vec<u8>>,
    ) -> Result<DeviceConfig, ConfigError> {
        if let Some(files) = files_dir {
            let file = files.join(CONFIG_FILE);
            if file.is_file() {
                return DeviceConfig::load(&file);
            }
        }
        match read_asset(&self.config_asset) {
            Some(bytes) => {
                let shown = format!("assets/{}", self.config_asset);
                parse_config(&bytes, &shown, files_dir.unwrap_or(Path::new(".")))
            }
            None => Ok(DeviceConfig::default()),
        }
    }
}

impl AppSource {
    /// Opens the package, verifying a signed one with `trust`; `read_asset` reads an APK
    /// asset whole.
    pub fn open(
        &self,
        trust: &Trust,
        read_asset: impl FnOnce(&str) -> Option<Vec<u8>>,
    ) -> Result<Package, Error> {
        match self {
            AppSource::SourceDir(dir) => Ok(Package::open(dir)?),
            AppSource::PackageFile(file) => Ok(Package::open_with(file, trust)?),
            AppSource::Asset(name) => {
                let bytes = read_asset(name).ok_or_else(|| Error::NoApp {
                    asset: name.clone(),
                })?;
                Ok(Package::from_mpk_bytes(bytes, trust)?)
            }
        }
    }
}

/// A device config held in memory (an APK asset): the checks of [`DeviceConfig::load`],
/// with relative paths resolved against `base`.
pub fn parse_config(bytes: &[u8], shown: &str, base: &Path) -> Result<DeviceConfig, ConfigError> {
    let invalid = |line, col, message| ConfigError::Invalid {
        path: shown.to_string(),
        line,
        col,
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| invalid(1, 1, format!("not UTF-8 ({e})")))?;
    let mut cfg: DeviceConfig =
        serde_json::from_str(text).map_err(|e| invalid(e.line(), e.column(), e.to_string()))?;
    let rebase = |p: &mut PathBuf| {
        if p.is_relative() {
            *p = base.join(&*p);
        }
    };
    cfg.fonts.iter_mut().for_each(rebase);
    cfg.storage_dir.iter_mut().for_each(rebase);
    cfg.packages.fleet_key.iter_mut().for_each(rebase);
    for s in &mut cfg.packages.trusted_signers {
        if keys::from_hex::<32>(s).is_none() && Path::new(s.as_str()).is_relative() {
            *s = base.join(s.as_str()).display().to_string();
        }
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mica-android-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::create_dir_all(&dir);
        dir
    }

    fn hello() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../apps/hello")
    }

    #[test]
    fn the_asset_is_the_default() {
        let launch = Launch::default();
        assert_eq!(launch.locate(None), AppSource::Asset("app.mpk".into()));
        let files = tmp("empty");
        assert_eq!(
            launch.locate(Some(&files)),
            AppSource::Asset("app.mpk".into())
        );
    }

    #[test]
    fn an_installed_package_comes_before_the_asset() {
        let files = tmp("installed");
        let _ = std::fs::write(files.join(PACKAGE_FILE), b"MPK?");
        let launch = Launch::default();
        assert_eq!(
            launch.locate(Some(&files)),
            AppSource::PackageFile(files.join(PACKAGE_FILE))
        );
    }

    #[test]
    fn source_dirs_only_when_allowed() {
        let files = tmp("source");
        let _ = std::fs::create_dir_all(files.join(SOURCE_DIR));
        let _ = std::fs::write(files.join(SOURCE_DIR).join("app.json"), b"{}");
        let _ = std::fs::write(files.join(PACKAGE_FILE), b"MPK?");
        let dev = Launch {
            allow_source_dir: true,
            ..Launch::default()
        };
        assert_eq!(
            dev.locate(Some(&files)),
            AppSource::SourceDir(files.join(SOURCE_DIR))
        );
        let release = Launch {
            allow_source_dir: false,
            ..Launch::default()
        };
        assert_eq!(
            release.locate(Some(&files)),
            AppSource::PackageFile(files.join(PACKAGE_FILE))
        );
    }

    #[test]
    fn opening_sources() {
        let pkg = AppSource::SourceDir(hello())
            .open(&Trust::default(), |_| None)
            .expect("source dir");
        assert!(!pkg.is_packed());
        // A missing asset names it.
        let err = AppSource::Asset("app.mpk".into())
            .open(&Trust::default(), |_| None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("assets/app.mpk"), "{err}");
        // Bytes that are not a package are refused, not run.
        let err = AppSource::Asset("app.mpk".into()).open(&Trust::default(), |name| {
            assert_eq!(name, "app.mpk");
            Some(b"not a package".to_vec())
        });
        assert!(matches!(err, Err(Error::Package(_))), "{err:?}");
    }

    #[test]
    fn a_signed_asset_opens_in_memory() {
        use mica_engine::package::keys::SigningKey;
        use mica_engine::package::pack::{pack_dir, PackOptions};
        const FLEET: [u8; 32] = [0x5a; 32];
        let signer = SigningKey::from_seed([7; 32]);
        let (bytes, _) = pack_dir(hello(), &PackOptions::new(signer.clone(), FLEET))
            .unwrap_or_else(|e| panic!("packing apps/hello: {e}"));
        let trust = Trust {
            signers: vec![signer.public_key()],
            fleet_keys: vec![FLEET],
            fleet_key_provider: None,
        };
        let pkg = AppSource::Asset("app.mpk".into())
            .open(&trust, |_| Some(bytes.clone()))
            .expect("verified package");
        assert!(pkg.is_packed());
        assert!(pkg.exists("app.json"));
        // Without the signer's key it does not open.
        let untrusted = Trust {
            fleet_keys: vec![FLEET],
            ..Trust::default()
        };
        let err = AppSource::Asset("app.mpk".into()).open(&untrusted, |_| Some(bytes));
        assert!(matches!(err, Err(Error::Package(_))), "{err:?}");
    }

    #[test]
    fn device_config_from_files_then_assets() {
        let files = tmp("config");
        let launch = Launch::default();
        // Nothing anywhere: the defaults.
        let cfg = launch
            .device_config(Some(&files), |_| None)
            .expect("defaults");
        assert_eq!(cfg, DeviceConfig::default());
        // The asset, with paths relative to the files dir.
        let asset = br#"{"display": {"width": 1280, "height": 720},
            "fonts": ["fonts/brand.ttf"], "keymap": {"android": {"178": "back"}}}"#;
        let cfg = launch
            .device_config(Some(&files), |name| {
                assert_eq!(name, "device.json");
                Some(asset.to_vec())
            })
            .expect("asset config");
        assert_eq!(cfg.display.width, Some(1280));
        assert_eq!(cfg.fonts, vec![files.join("fonts/brand.ttf")]);
        // The files dir wins over the asset.
        let _ = std::fs::write(files.join(CONFIG_FILE), br#"{"display": {"width": 640}}"#);
        let cfg = launch
            .device_config(Some(&files), |_| Some(asset.to_vec()))
            .expect("file config");
        assert_eq!(cfg.display.width, Some(640));
    }

    #[test]
    fn a_bad_asset_config_says_where() {
        let err = parse_config(
            b"{\n  \"displya\": {}\n}",
            "assets/device.json",
            Path::new("/x"),
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.starts_with("assets/device.json:2:"), "{err}");
        let err = parse_config(&[0xff, 0xfe], "assets/device.json", Path::new("/x"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("not UTF-8"), "{err}");
        let cfg = parse_config(
            br#"{"packages": {"trusted_signers": ["keys/a.pub",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"],
            "fleet_key": "fleet.key"}, "storage_dir": "/abs/storage"}"#,
            "assets/device.json",
            Path::new("/files"),
        )
        .expect("config");
        assert_eq!(cfg.packages.trusted_signers[0], "/files/keys/a.pub");
        assert!(cfg.packages.trusted_signers[1].starts_with("3d40"));
        assert_eq!(
            cfg.packages.fleet_key,
            Some(PathBuf::from("/files/fleet.key"))
        );
        assert_eq!(cfg.storage_dir, Some(PathBuf::from("/abs/storage")));
    }
}
