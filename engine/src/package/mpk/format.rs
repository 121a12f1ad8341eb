//! The `.mpk` wire format: header, manifest and the cryptographic constructions shared by
//! the reader and the packer. docs/package-format.md is the prose version of this file.

use std::collections::HashMap;

use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce, Tag};
use serde::{Deserialize, Serialize};

use super::MpkError;
use crate::package::{Package, MAX_FILE_BYTES};

/// First 8 bytes of every package.
pub const MAGIC: &[u8; 8] = b"MICAPKG\0";
/// The format version this Mica reads and writes.
pub const FORMAT_VERSION: u16 = 1;
/// Size of the fixed header.
pub const HEADER_LEN: usize = 64;
/// Size of the Ed25519 signature that follows the manifest.
pub const SIGNATURE_LEN: usize = 64;
/// Largest manifest accepted.
pub const MAX_MANIFEST_BYTES: u32 = 4 * 1024 * 1024;
/// Largest data section accepted (the sum of all file sizes).
pub const MAX_DATA_BYTES: u64 = 512 * 1024 * 1024;
/// Most files in one package.
pub const MAX_FILES: usize = 65_536;
/// Longest path in the file table, in bytes.
pub const MAX_PATH_BYTES: usize = 1024;
/// Longest appid, in bytes.
pub const MAX_APPID_BYTES: usize = 128;
/// Smallest page size.
pub const MIN_PAGE_SIZE: u32 = 1024;
/// Largest page size.
pub const MAX_PAGE_SIZE: u32 = 1024 * 1024;
/// Page size used when the packer is not told one.
pub const DEFAULT_PAGE_SIZE: u32 = 16 * 1024;
/// Size of an AES-GCM tag.
pub const TAG_LEN: usize = 16;

/// Domain separation for the content key's AAD.
const KEY_AAD_PREFIX: &[u8] = b"mica-mpk-v1 content-key\0";
/// Domain separation for a page's AAD.
const PAGE_AAD_PREFIX: &[u8] = b"mica-mpk-v1 page\0";

/// The fixed-size header (all integers little endian). Offsets:
///
/// | bytes | field |
/// | --- | --- |
/// | 0..8 | magic `MICAPKG\0` |
/// | 8..10 | format version (1) |
/// | 10..12 | flags (0) |
/// | 12..16 | manifest length |
/// | 16..24 | signer key id |
/// | 24..32 | fleet key id |
/// | 32..40 | data section length |
/// | 40..64 | reserved, zero |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Format version.
    pub format_version: u16,
    /// Flags (none defined in version 1).
    pub flags: u16,
    /// Length of the manifest in bytes.
    pub manifest_len: u32,
    /// First 8 bytes of SHA-256 of the signer's Ed25519 public key.
    pub signer_id: [u8; 8],
    /// First 8 bytes of SHA-256 of the fleet key the content key is wrapped with.
    pub fleet_key_id: [u8; 8],
    /// Length of the data section in bytes.
    pub data_len: u64,
}

impl Header {
    /// The header of a version 1 package.
    pub fn new(
        manifest_len: u32,
        signer_id: [u8; 8],
        fleet_key_id: [u8; 8],
        data_len: u64,
    ) -> Self {
        Header {
            format_version: FORMAT_VERSION,
            flags: 0,
            manifest_len,
            signer_id,
            fleet_key_id,
            data_len,
        }
    }

    /// The header's bytes.
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut b = [0u8; HEADER_LEN];
        b[0..8].copy_from_slice(MAGIC);
        b[8..10].copy_from_slice(&self.format_version.to_le_bytes());
        b[10..12].copy_from_slice(&self.flags.to_le_bytes());
        b[12..16].copy_from_slice(&self.manifest_len.to_le_bytes());
        b[16..24].copy_from_slice(&self.signer_id);
        b[24..32].copy_from_slice(&self.fleet_key_id);
        b[32..40].copy_from_slice(&self.data_len.to_le_bytes());
        b
    }

    /// Parses and sanity-checks the first bytes of a package (at most [`HEADER_LEN`] are
    /// read): magic, version, flags, reserved bytes, and the size caps.
    pub fn parse(bytes: &[u8]) -> Result<Header, MpkError> {
        let short = |len: usize| MpkError::Truncated {
            len: len as u64,
            expected: HEADER_LEN as u64,
        };
        let n = bytes.len().min(MAGIC.len());
        if bytes[..n] != MAGIC[..n] {
            return Err(MpkError::BadMagic);
        }
        let b: &[u8; HEADER_LEN] = bytes
            .get(..HEADER_LEN)
            .and_then(|h| h.try_into().ok())
            .ok_or_else(|| short(bytes.len()))?;
        let u16_at = |i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
        let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let id_at = |i: usize| {
            let mut id = [0u8; 8];
            id.copy_from_slice(&b[i..i + 8]);
            id
        };
        let header = Header {
            format_version: u16_at(8),
            flags: u16_at(10),
            manifest_len: u32_at(12),
            signer_id: id_at(16),
            fleet_key_id: id_at(24),
            data_len: u64::from_le_bytes(id_at(32)),
        };
        if header.format_version != FORMAT_VERSION || header.flags != 0 {
            return Err(MpkError::UnsupportedFormat {
                version: header.format_version,
                flags: header.flags,
            });
        }
        if b[40..].iter().any(|&x| x != 0) {
            return Err(MpkError::Malformed(
                "reserved header bytes are not zero".into(),
            ));
        }
        if header.manifest_len == 0 {
            return Err(MpkError::Malformed("empty manifest".into()));
        }
        if header.manifest_len > MAX_MANIFEST_BYTES {
            return Err(MpkError::TooLarge {
                what: "manifest".into(),
                size: header.manifest_len.into(),
                max: MAX_MANIFEST_BYTES.into(),
            });
        }
        if header.data_len > MAX_DATA_BYTES {
            return Err(MpkError::TooLarge {
                what: "data section".into(),
                size: header.data_len,
                max: MAX_DATA_BYTES,
            });
        }
        Ok(header)
    }

    /// Where the manifest starts.
    pub fn manifest_start(&self) -> u64 {
        HEADER_LEN as u64
    }

    /// Where the signature starts.
    pub fn signature_start(&self) -> u64 {
        self.manifest_start() + u64::from(self.manifest_len)
    }

    /// Where the data section starts.
    pub fn data_start(&self) -> u64 {
        self.signature_start() + SIGNATURE_LEN as u64
    }

    /// The exact length of the whole package (the caps keep this far from overflowing).
    pub fn total_len(&self) -> u64 {
        self.data_start() + self.data_len
    }

    /// `Truncated` or `TrailingBytes` unless the package is exactly `len` bytes long.
    pub fn check_len(&self, len: u64) -> Result<(), MpkError> {
        let expected = self.total_len();
        match len.cmp(&expected) {
            std::cmp::Ordering::Less => Err(MpkError::Truncated { len, expected }),
            std::cmp::Ordering::Greater => Err(MpkError::TrailingBytes {
                extra: len - expected,
            }),
            std::cmp::Ordering::Equal => Ok(()),
        }
    }
}

/// What a package may do outside its sandbox; signed with the rest of the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions {
    /// Host APIs (registered by the firmware) the app may call.
    pub host_apis: Vec<String>,
    /// Hosts `wx.request` and friends may reach (exact host match).
    pub request_domains: Vec<String>,
    /// Privacy scopes that need the user's consent (`scope.userLocation`, `getLocation`).
    pub privacy_scopes: Vec<String>,
}

/// How a file's bytes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    /// Stored as in the app directory (scripts, JSON, images, fonts, ...).
    Raw,
    /// A page template compiled to IR (`.mir`, [`crate::template::Template::to_bytes`]).
    CompiledTemplate,
    /// A stylesheet compiled to IR (`.mss`, [`mica_layout::Stylesheet::to_bytes`]).
    CompiledStyle,
}

/// One file of the package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Normalised relative path (`pages/index/index.js`).
    pub path: String,
    /// Plaintext size in bytes (ciphertext has the same size; tags are kept here).
    pub size: u64,
    /// What the bytes are.
    pub kind: FileKind,
    /// Offset of the file's first page in the data section.
    pub offset: u64,
    /// The AES-GCM tag of each page, in order (`ceil(size / page_size)` of them).
    pub tags: Vec<[u8; TAG_LEN]>,
}

/// The content key encrypted under the fleet key (AES-256-GCM).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrappedKey {
    /// Random nonce.
    pub nonce: [u8; 12],
    /// The encrypted 32-byte content key.
    pub ciphertext: [u8; 32],
    /// GCM tag.
    pub tag: [u8; TAG_LEN],
}

/// The signed description of a package (postcard-encoded between header and signature).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The mini-program's appid.
    pub appid: String,
    /// The app's version, `MAJOR.MINOR.PATCH`.
    pub version: String,
    /// Oldest Mica that can run the package, `MAJOR.MINOR.PATCH`.
    pub min_runtime: String,
    /// Plaintext bytes per page (the last page of a file may be shorter).
    pub page_size: u32,
    /// The per-package content key, wrapped with the fleet key.
    pub content_key: WrappedKey,
    /// SHA-256 of the whole data section.
    pub data_sha256: [u8; 32],
    /// What the app may do outside its sandbox.
    pub permissions: Permissions,
    /// Every file, in data-section order.
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// The file entry for a normalised path.
    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.path == path)
    }

    /// Encodes the manifest (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>, MpkError> {
        postcard::to_allocvec(self).map_err(|e| MpkError::Malformed(format!("manifest: {e}")))
    }

    /// Decodes a manifest; the whole input must be consumed.
    pub fn from_bytes(bytes: &[u8]) -> Result<Manifest, MpkError> {
        let (m, rest): (Manifest, _) = postcard::take_from_bytes(bytes)
            .map_err(|e| MpkError::Malformed(format!("manifest does not decode: {e}")))?;
        if !rest.is_empty() {
            return Err(MpkError::Malformed(format!(
                "{} stray bytes after the manifest",
                rest.len()
            )));
        }
        Ok(m)
    }

    /// Checks everything that does not need a key, against the header's data length:
    /// appid, versions, page size, paths, sizes, page counts and offsets (files are stored
    /// in table order, back to back, exactly filling the data section). Returns the path
    /// index.
    pub fn validate(&self, data_len: u64) -> Result<HashMap<String, usize>, MpkError> {
        if self.appid.is_empty()
            || self.appid.len() > MAX_APPID_BYTES
            || self.appid.chars().any(char::is_control)
        {
            return Err(MpkError::Malformed(format!(
                "appid {:?} is empty, longer than {MAX_APPID_BYTES} bytes or has control characters",
                self.appid
            )));
        }
        parse_version("version", &self.version)?;
        parse_version("min_runtime", &self.min_runtime)?;
        if !(MIN_PAGE_SIZE..=MAX_PAGE_SIZE).contains(&self.page_size) {
            return Err(MpkError::Malformed(format!(
                "page size {} is outside {MIN_PAGE_SIZE}..={MAX_PAGE_SIZE}",
                self.page_size
            )));
        }
        if self.files.len() > MAX_FILES {
            return Err(MpkError::TooLarge {
                what: "file table".into(),
                size: self.files.len() as u64,
                max: MAX_FILES as u64,
            });
        }
        let page = u64::from(self.page_size);
        let mut index = HashMap::with_capacity(self.files.len());
        let mut next = 0u64;
        for (i, f) in self.files.iter().enumerate() {
            if !is_normalised_path(&f.path) {
                return Err(MpkError::BadPath(f.path.clone()));
            }
            if index.insert(f.path.clone(), i).is_some() {
                return Err(MpkError::DuplicatePath(f.path.clone()));
            }
            if f.size > MAX_FILE_BYTES {
                return Err(MpkError::TooLarge {
                    what: f.path.clone(),
                    size: f.size,
                    max: MAX_FILE_BYTES,
                });
            }
            let pages = f.size.div_ceil(page);
            if f.tags.len() as u64 != pages {
                return Err(MpkError::Malformed(format!(
                    "{}: {} page tags for {} bytes in {}-byte pages ({pages} pages)",
                    f.path,
                    f.tags.len(),
                    f.size,
                    self.page_size
                )));
            }
            if f.offset != next {
                return Err(MpkError::Malformed(format!(
                    "{}: offset {} but the previous file ends at {next} (files are stored back to back in table order)",
                    f.path, f.offset
                )));
            }
            next = next
                .checked_add(f.size)
                .filter(|&n| n <= data_len)
                .ok_or_else(|| {
                    MpkError::Malformed(format!(
                        "{}: ends past the {data_len}-byte data section",
                        f.path
                    ))
                })?;
        }
        if next != data_len {
            return Err(MpkError::Malformed(format!(
                "files fill {next} bytes of the {data_len}-byte data section"
            )));
        }
        if !index.contains_key("app.json") {
            return Err(MpkError::Malformed("no app.json in the package".into()));
        }
        Ok(index)
    }
}

/// True when `path` is exactly its normalised form: relative, `/`-separated, no empty,
/// `.` or `..` components, no backslash or NUL, at most [`MAX_PATH_BYTES`].
pub fn is_normalised_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= MAX_PATH_BYTES
        && !path.contains(['\\', '\0'])
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
        && Package::normalize(path).is_ok_and(|n| n == path)
}

/// Parses `MAJOR.MINOR.PATCH` (ASCII digits only, each at most 9 of them).
pub fn parse_version(what: &'static str, value: &str) -> Result<[u32; 3], MpkError> {
    let bad = || MpkError::BadVersion {
        what,
        value: value.chars().take(64).collect(),
    };
    let mut out = [0u32; 3];
    let mut parts = value.split('.');
    for slot in &mut out {
        let p = parts.next().ok_or_else(bad)?;
        if p.is_empty() || p.len() > 9 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        *slot = p.parse().map_err(|_| bad())?;
    }
    if parts.next().is_some() {
        return Err(bad());
    }
    Ok(out)
}

/// This engine's version, against which `min_runtime` is checked.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// `RuntimeTooOld` when the manifest needs a newer engine than this one.
pub fn check_runtime(min_runtime: &str) -> Result<(), MpkError> {
    let need = parse_version("min_runtime", min_runtime)?;
    let have = parse_version("runtime", RUNTIME_VERSION)?;
    if need > have {
        return Err(MpkError::RuntimeTooOld {
            need: min_runtime.to_string(),
            have: RUNTIME_VERSION.to_string(),
        });
    }
    Ok(())
}

/// The nonce of page `page` of file `file`: `file` (u32 BE) ‖ `page` (u64 BE). Unique
/// within a package, and every package has a fresh content key.
pub fn page_nonce(file: u32, page: u64) -> [u8; 12] {
    let mut n = [0u8; 12];
    n[..4].copy_from_slice(&file.to_be_bytes());
    n[4..].copy_from_slice(&page.to_be_bytes());
    n
}

/// The AAD of a page: prefix ‖ len(appid) u32 BE ‖ appid ‖ len(version) u32 BE ‖ version
/// ‖ file u32 BE ‖ page u64 BE.
pub fn page_aad(appid: &str, version: &str, file: u32, page: u64) -> Vec<u8> {
    let mut a = Vec::with_capacity(PAGE_AAD_PREFIX.len() + appid.len() + version.len() + 20);
    a.extend_from_slice(PAGE_AAD_PREFIX);
    push_str(&mut a, appid);
    push_str(&mut a, version);
    a.extend_from_slice(&file.to_be_bytes());
    a.extend_from_slice(&page.to_be_bytes());
    a
}

/// The AAD of the wrapped content key: prefix ‖ len(appid) u32 BE ‖ appid.
fn key_aad(appid: &str) -> Vec<u8> {
    let mut a = Vec::with_capacity(KEY_AAD_PREFIX.len() + appid.len() + 4);
    a.extend_from_slice(KEY_AAD_PREFIX);
    push_str(&mut a, appid);
    a
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    // Lengths are bounded by the manifest cap, far below u32::MAX.
    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Encrypts the content key under the fleet key.
pub fn wrap_key(
    fleet_key: &[u8; 32],
    content_key: &[u8; 32],
    nonce: [u8; 12],
    appid: &str,
) -> Result<WrappedKey, MpkError> {
    let cipher = Aes256Gcm::new(fleet_key.into());
    let mut ciphertext = *content_key;
    let tag = cipher
        .encrypt_in_place_detached(Nonce::from_slice(&nonce), &key_aad(appid), &mut ciphertext)
        .map_err(|_| MpkError::Malformed("content key does not encrypt".into()))?;
    Ok(WrappedKey {
        nonce,
        ciphertext,
        tag: tag.into(),
    })
}

/// Decrypts the content key with `fleet_key`; `None` when it is not the right key.
pub fn unwrap_key(fleet_key: &[u8; 32], wrapped: &WrappedKey, appid: &str) -> Option<[u8; 32]> {
    let cipher = Aes256Gcm::new(fleet_key.into());
    let mut key = wrapped.ciphertext;
    cipher
        .decrypt_in_place_detached(
            Nonce::from_slice(&wrapped.nonce),
            &key_aad(appid),
            &mut key,
            Tag::from_slice(&wrapped.tag),
        )
        .ok()?;
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_three_digit_groups() {
        assert_eq!(parse_version("v", "1.20.3").ok(), Some([1, 20, 3]));
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "1.2.x",
            "1..3",
            "+1.2.3",
            "1.2.3-beta",
            " 1.2.3",
            "1234567890.0.0",
        ] {
            assert!(
                matches!(parse_version("v", bad), Err(MpkError::BadVersion { .. })),
                "{bad}"
            );
        }
        assert!(check_runtime(RUNTIME_VERSION).is_ok());
        assert!(check_runtime("0.0.0").is_ok());
        assert!(matches!(
            check_runtime("999.0.0"),
            Err(MpkError::RuntimeTooOld { .. })
        ));
    }

    #[test]
    fn only_normalised_relative_paths_pass() {
        for good in [
            "app.json",
            "pages/index/index.js",
            "a b/c.png",
            "图片/猫.png",
        ] {
            assert!(is_normalised_path(good), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x.js",
            "a/../b",
            "./a",
            "a//b",
            "a/",
            "a\\b",
            "a/./b",
            "..",
            "a\0b",
        ] {
            assert!(!is_normalised_path(bad), "{bad:?}");
        }
        assert!(!is_normalised_path(&"a".repeat(MAX_PATH_BYTES + 1)));
    }

    #[test]
    fn header_round_trips_and_short_input_is_truncated() {
        let h = Header::new(100, [1; 8], [2; 8], 12345);
        let b = h.to_bytes();
        assert_eq!(Header::parse(&b).ok(), Some(h));
        assert_eq!(h.total_len(), 64 + 100 + 64 + 12345);
        for n in 0..HEADER_LEN {
            assert!(matches!(
                Header::parse(&b[..n]),
                Err(MpkError::Truncated { .. })
            ));
        }
        assert!(matches!(Header::parse(b"MICAPKX"), Err(MpkError::BadMagic)));
    }

    #[test]
    fn the_content_key_unwraps_only_with_its_fleet_key_and_appid() {
        let w = wrap_key(&[7; 32], &[9; 32], [3; 12], "wx1").ok();
        let w = w.as_ref();
        assert_eq!(
            w.and_then(|w| unwrap_key(&[7; 32], w, "wx1")),
            Some([9; 32])
        );
        assert_eq!(w.and_then(|w| unwrap_key(&[8; 32], w, "wx1")), None);
        assert_eq!(w.and_then(|w| unwrap_key(&[7; 32], w, "wx2")), None);
    }
}
