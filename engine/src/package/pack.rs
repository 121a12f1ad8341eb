//! Writing a `.mpk`: compile, encrypt in pages, sign.
//!
//! Page templates are stored as their compiled IR (`.mir`) without their `.wxml`/`.fxml`
//! source, stylesheets as compiled IR (`.mss`) without their `.wxss`/`.ftss`/`.fxss`
//! source; everything else (scripts, JSON, images, fonts, other templates) is stored as
//! is. Hidden files and `*.mpk` are left out. The file order is the sorted path order, so
//! the same directory and options give the same plaintext layout (the keys and nonces
//! are fresh each time).
//!
//! ```no_run
//! use mica_engine::package::{keys, pack};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let options = pack::PackOptions::new(
//!     keys::load_signing_key("keys/signing.key")?,
//!     keys::load_fleet_key("keys/fleet.key")?,
//! );
//! let (bytes, warnings) = pack::pack_dir("apps/hello", &options)?;
//! for w in &warnings {
//!     eprintln!("warning: {w}");
//! }
//! std::fs::write("hello.mpk", bytes)?;
//! # Ok(()) }
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::keys::{key_id, random_bytes, KeyError, SigningKey};
use super::mpk::{
    is_normalised_path, page_aad, page_nonce, parse_version, wrap_key, FileEntry, FileKind, Header,
    Manifest, MpkError, Permissions, DEFAULT_PAGE_SIZE, MAX_APPID_BYTES, MAX_DATA_BYTES, MAX_FILES,
    MAX_MANIFEST_BYTES, MAX_PAGE_SIZE, MAX_PATH_BYTES, MIN_PAGE_SIZE, RUNTIME_VERSION,
};
use super::{Package, PackageError, MAX_FILE_BYTES, STYLE_EXTS, TEMPLATE_EXTS};
use crate::compile;
use crate::EngineError;

/// How to pack. Unset options take the defaults documented on each field.
#[derive(Clone)]
pub struct PackOptions {
    /// The appid; default: `project.config.json`'s `appid`, else the directory name.
    pub appid: Option<String>,
    /// The app's version, `MAJOR.MINOR.PATCH`; default `1.0.0`.
    pub version: Option<String>,
    /// Oldest Mica that may run the package; default: this engine's version (the
    /// compiled IR is this engine's format).
    pub min_runtime: Option<String>,
    /// Plaintext bytes per encrypted page, 1 KiB..=1 MiB; default 16 KiB.
    pub page_size: Option<u32>,
    /// Permissions; default: no host APIs, no request domains, and as privacy scopes the
    /// keys of `app.json`'s `permission` and the entries of its `requiredPrivateInfos`.
    pub permissions: Option<Permissions>,
    /// The publisher's key that signs the package.
    pub signing_key: SigningKey,
    /// The fleet key the package's content key is wrapped with.
    pub fleet_key: [u8; 32],
}

impl std::fmt::Debug for PackOptions {
    /// Leaves the keys out (shows their ids).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackOptions")
            .field("appid", &self.appid)
            .field("version", &self.version)
            .field("min_runtime", &self.min_runtime)
            .field("page_size", &self.page_size)
            .field("permissions", &self.permissions)
            .field("signing_key", &self.signing_key)
            .field(
                "fleet_key_id",
                &super::keys::to_hex(&key_id(&self.fleet_key)),
            )
            .finish()
    }
}

impl PackOptions {
    /// Options with every default, signing with `signing_key` for `fleet_key`.
    pub fn new(signing_key: SigningKey, fleet_key: [u8; 32]) -> Self {
        PackOptions {
            appid: None,
            version: None,
            min_runtime: None,
            page_size: None,
            permissions: None,
            signing_key,
            fleet_key,
        }
    }
}

/// Why a directory could not be packed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PackError {
    /// A file could not be read, or `app.json` is unusable.
    #[error(transparent)]
    Package(#[from] PackageError),
    /// A template or stylesheet does not compile (with `file:line:col`).
    #[error(transparent)]
    Compile(Box<EngineError>),
    /// The app directory could not be listed.
    #[error("{path}: {source}")]
    Io {
        /// The directory or file.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// An option or the app is outside what the format allows.
    #[error("{0}")]
    Invalid(String),
    /// The package would break a format limit or could not be encoded.
    #[error(transparent)]
    Format(#[from] MpkError),
    /// No randomness for the content key.
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl From<EngineError> for PackError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Package(p) => PackError::Package(p),
            other => PackError::Compile(Box::new(other)),
        }
    }
}

/// Packs the app directory `app_dir`: returns the `.mpk` bytes and the warnings found
/// while compiling templates and stylesheets (`file:line:col: message`).
pub fn pack_dir(
    app_dir: impl AsRef<Path>,
    options: &PackOptions,
) -> Result<(Vec<u8>, Vec<String>), PackError> {
    let dir = app_dir.as_ref();
    let pkg = Package::open(dir)?;
    let app = pkg.app_config()?;
    let appid = match &options.appid {
        Some(a) => a.clone(),
        None => default_appid(&pkg, dir),
    };
    let id = checked_options(appid, options)?;
    let permissions = match &options.permissions {
        Some(p) => p.clone(),
        None => default_permissions(&app.raw),
    };

    let mut files: BTreeMap<String, (FileKind, Vec<u8>)> = BTreeMap::new();
    let mut warnings = Vec::new();
    // Page and component template sources are replaced by their IR.
    let components = super::components::component_paths(&pkg);
    let page_sources: BTreeSet<String> = app
        .pages
        .iter()
        .chain(&components)
        .flat_map(|route| TEMPLATE_EXTS.iter().map(move |e| format!("{route}.{e}")))
        .collect();
    let mut styles = Vec::new();
    for path in list_files(dir)? {
        if page_sources.contains(&path) {
            continue;
        }
        let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
        if STYLE_EXTS.contains(&ext) {
            styles.push(path);
            continue;
        }
        let bytes = pkg.read(&path)?;
        files.insert(path, (FileKind::Raw, bytes));
    }
    // Compiled files replace any stale `.mir`/`.mss` of the same name.
    let (pages, w) = compile::precompile_pages_with_warnings(&pkg)?;
    warnings.extend(w);
    for (path, bytes) in pages {
        files.insert(path, (FileKind::CompiledTemplate, bytes));
    }
    for path in styles {
        let ((mss, bytes), w) = compile::precompile_style(&pkg, &path)?;
        warnings.extend(w);
        files.insert(mss, (FileKind::CompiledStyle, bytes));
    }
    let bytes = seal(&id, permissions, files, options)?;
    Ok((bytes, warnings))
}

/// Seals files a build pipeline has already prepared (templates and styles compiled by
/// its own step, or not at all) into a package, compiling nothing. Paths must be
/// normalised (`pages/index/index.mir`); `options.appid` is required; `app.json` must be
/// among the files. The other options default as for [`pack_dir`], permissions to none.
pub fn pack_files(
    files: BTreeMap<String, (FileKind, Vec<u8>)>,
    options: &PackOptions,
) -> Result<Vec<u8>, PackError> {
    let appid = options
        .appid
        .clone()
        .ok_or_else(|| PackError::Invalid("pack_files needs an appid".into()))?;
    let id = checked_options(appid, options)?;
    if let Some(bad) = files.keys().find(|p| !is_normalised_path(p)) {
        return Err(MpkError::BadPath(bad.clone()).into());
    }
    if let Some((path, _)) = files
        .iter()
        .find(|(_, (_, b))| b.len() as u64 > MAX_FILE_BYTES)
    {
        return Err(PackError::Invalid(format!(
            "{path}: more than the {MAX_FILE_BYTES} byte limit"
        )));
    }
    if !files.contains_key("app.json") {
        return Err(PackError::Invalid("no app.json among the files".into()));
    }
    let permissions = options.permissions.clone().unwrap_or_default();
    seal(&id, permissions, files, options)
}

/// What a package says it is, checked: the manifest fields the options decide.
struct Identity {
    appid: String,
    version: String,
    min_runtime: String,
    page_size: u32,
}

/// `appid` with the version, minimum runtime and page size `options` ask for, checked.
fn checked_options(appid: String, options: &PackOptions) -> Result<Identity, PackError> {
    if appid.is_empty() || appid.len() > MAX_APPID_BYTES || appid.chars().any(char::is_control) {
        return Err(PackError::Invalid(format!(
            "appid {appid:?} must be 1 to {MAX_APPID_BYTES} bytes without control characters"
        )));
    }
    let version = options.version.clone().unwrap_or_else(|| "1.0.0".into());
    parse_version("version", &version)?;
    let min_runtime = options
        .min_runtime
        .clone()
        .unwrap_or_else(|| RUNTIME_VERSION.into());
    parse_version("min_runtime", &min_runtime)?;
    let page_size = options.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(MIN_PAGE_SIZE..=MAX_PAGE_SIZE).contains(&page_size) {
        return Err(PackError::Invalid(format!(
            "page size {page_size} is outside {MIN_PAGE_SIZE}..={MAX_PAGE_SIZE}"
        )));
    }
    Ok(Identity {
        appid,
        version,
        min_runtime,
        page_size,
    })
}

/// `project.config.json`'s `appid`, else the directory's name.
fn default_appid(pkg: &Package, dir: &Path) -> String {
    let configured = pkg
        .read_json("project.config.json")
        .ok()
        .and_then(|v| v.get("appid").and_then(Value::as_str).map(str::to_string))
        .filter(|a| !a.trim().is_empty());
    configured.unwrap_or_else(|| {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "app".into())
    })
}

/// The privacy scopes `app.json` declares: `permission` keys and `requiredPrivateInfos`.
fn default_permissions(app: &Value) -> Permissions {
    let mut scopes = BTreeSet::new();
    if let Some(p) = app.get("permission").and_then(Value::as_object) {
        scopes.extend(p.keys().cloned());
    }
    if let Some(list) = app.get("requiredPrivateInfos").and_then(Value::as_array) {
        scopes.extend(list.iter().filter_map(Value::as_str).map(str::to_string));
    }
    Permissions {
        privacy_scopes: scopes.into_iter().collect(),
        ..Permissions::default()
    }
}

/// Every file under `dir` as a normalised relative path, sorted; hidden files and
/// folders and `*.mpk` are left out, and symlinked folders are not followed.
fn list_files(dir: &Path) -> Result<Vec<String>, PackError> {
    let mut out = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, rel)) = pending.pop() {
        let io = |source| PackError::Io {
            path: path.display().to_string(),
            source,
        };
        for entry in std::fs::read_dir(&path).map_err(io)? {
            let entry = entry.map_err(io)?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                return Err(PackError::Invalid(format!(
                    "{}: file names must be UTF-8",
                    entry.path().display()
                )));
            };
            if name.starts_with('.') || name.ends_with(".mpk") {
                continue;
            }
            let child = if rel.is_empty() {
                name.to_string()
            } else {
                format!("{rel}/{name}")
            };
            if !is_normalised_path(&child) {
                return Err(PackError::Invalid(format!(
                    "{child:?}: not a path a package can hold (at most {MAX_PATH_BYTES} bytes, no `\\`)"
                )));
            }
            let kind = entry.file_type().map_err(io)?;
            if kind.is_dir() {
                pending.push((entry.path(), child));
            } else if kind.is_file() || entry.path().is_file() {
                out.push(child);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Encrypts `files` (in map order) and signs the package.
fn seal(
    id: &Identity,
    permissions: Permissions,
    files: BTreeMap<String, (FileKind, Vec<u8>)>,
    options: &PackOptions,
) -> Result<Vec<u8>, PackError> {
    if files.len() > MAX_FILES {
        return Err(MpkError::TooLarge {
            what: "file table".into(),
            size: files.len() as u64,
            max: MAX_FILES as u64,
        }
        .into());
    }
    let total: u64 = files.values().map(|(_, b)| b.len() as u64).sum();
    if total > MAX_DATA_BYTES {
        return Err(MpkError::TooLarge {
            what: "data section".into(),
            size: total,
            max: MAX_DATA_BYTES,
        }
        .into());
    }
    let content_key: [u8; 32] = random_bytes()?;
    let cipher = Aes256Gcm::new(&content_key.into());
    let mut data = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    let mut entries = Vec::with_capacity(files.len());
    for (i, (path, (kind, mut bytes))) in files.into_iter().enumerate() {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(MpkError::TooLarge {
                what: path,
                size: bytes.len() as u64,
                max: MAX_FILE_BYTES,
            }
            .into());
        }
        // MAX_FILES keeps the index within u32.
        let index = i as u32;
        let mut tags = Vec::new();
        for (page, chunk) in bytes.chunks_mut(id.page_size as usize).enumerate() {
            let page = page as u64;
            let tag = cipher
                .encrypt_in_place_detached(
                    Nonce::from_slice(&page_nonce(index, page)),
                    &page_aad(&id.appid, &id.version, index, page),
                    chunk,
                )
                .map_err(|_| PackError::Invalid(format!("{path}: page {page} does not encrypt")))?;
            tags.push(tag.into());
        }
        entries.push(FileEntry {
            path,
            size: bytes.len() as u64,
            kind,
            offset: data.len() as u64,
            tags,
        });
        data.extend_from_slice(&bytes);
    }
    let manifest = Manifest {
        appid: id.appid.clone(),
        version: id.version.clone(),
        min_runtime: id.min_runtime.clone(),
        page_size: id.page_size,
        content_key: wrap_key(&options.fleet_key, &content_key, random_bytes()?, &id.appid)?,
        data_sha256: Sha256::digest(&data).into(),
        permissions,
        files: entries,
    };
    assemble(
        &manifest,
        &data,
        &options.signing_key,
        key_id(&options.fleet_key),
    )
}

/// Lays out header ‖ manifest ‖ signature ‖ data and signs header ‖ manifest. The
/// manifest is taken as given (tests use this to sign crafted manifests).
pub(crate) fn assemble(
    manifest: &Manifest,
    data: &[u8],
    signer: &SigningKey,
    fleet_key_id: [u8; 8],
) -> Result<Vec<u8>, PackError> {
    let manifest_bytes = manifest.to_bytes()?;
    let manifest_len = u32::try_from(manifest_bytes.len())
        .ok()
        .filter(|&n| n <= MAX_MANIFEST_BYTES)
        .ok_or_else(|| MpkError::TooLarge {
            what: "manifest".into(),
            size: manifest_bytes.len() as u64,
            max: MAX_MANIFEST_BYTES.into(),
        })?;
    let header = Header::new(
        manifest_len,
        key_id(&signer.public_key()),
        fleet_key_id,
        data.len() as u64,
    );
    let mut out = Vec::with_capacity(
        super::mpk::HEADER_LEN + manifest_bytes.len() + super::mpk::SIGNATURE_LEN + data.len(),
    );
    out.extend_from_slice(&header.to_bytes());
    out.extend_from_slice(&manifest_bytes);
    let signature = signer.sign(&out);
    out.extend_from_slice(&signature);
    out.extend_from_slice(data);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let p = dir.join(path);
            if let Some(parent) = p.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(p, text);
        }
    }

    #[test]
    fn what_is_packed_and_what_is_left_out() {
        let dir = std::env::temp_dir().join(format!("mica-pack-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write(
            &dir,
            &[
                ("app.json", r#"{"pages": ["pages/a/a"]}"#),
                ("project.config.json", r#"{"appid": "wx42"}"#),
                ("pages/a/a.wxml", "<view class='x'>{{n}}</view>"),
                ("pages/a/a.js", "Page({data: {n: 1}})"),
                ("pages/a/a.wxss", ".x { zoom: 2; color: red }"),
                ("pages/a/a.mir", "stale"),
                (".git/config", "secret"),
                ("pages/.DS_Store", "junk"),
                ("old.mpk", "old"),
                ("a\\b.js", ""),
            ],
        );
        let options = PackOptions::new(SigningKey::from_seed([1; 32]), [2; 32]);
        let e = pack_dir(&dir, &options).err().map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|e| e.contains("a\\\\b.js")),
            "{e:?}"
        );
        let _ = std::fs::remove_file(dir.join("a\\b.js"));

        let (bytes, warnings) = pack_dir(&dir, &options).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("pages/a/a.wxss:1:"), "{warnings:?}");
        let m = super::super::mpk::inspect_bytes(&bytes)
            .map(|i| i.manifest)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.appid, "wx42");
        let files: Vec<(&str, FileKind)> =
            m.files.iter().map(|f| (f.path.as_str(), f.kind)).collect();
        assert_eq!(
            files,
            [
                ("app.json", FileKind::Raw),
                ("pages/a/a.js", FileKind::Raw),
                ("pages/a/a.mir", FileKind::CompiledTemplate),
                ("pages/a/a.mss", FileKind::CompiledStyle),
                ("project.config.json", FileKind::Raw),
            ]
        );
        // Same directory, same options: the same layout (keys and nonces differ).
        let (again, _) = pack_dir(&dir, &options).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.len(), bytes.len());
        assert_ne!(again, bytes);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn default_permissions_come_from_app_json() {
        let app = serde_json::json!({
            "pages": ["a"],
            "permission": { "scope.userLocation": { "desc": "x" } },
            "requiredPrivateInfos": ["getLocation", "chooseAddress", "getLocation"]
        });
        let p = default_permissions(&app);
        assert_eq!(
            p.privacy_scopes,
            vec!["chooseAddress", "getLocation", "scope.userLocation"]
        );
        assert!(p.host_apis.is_empty() && p.request_domains.is_empty());
    }
}
