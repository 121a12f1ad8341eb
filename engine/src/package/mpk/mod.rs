//! Signed, encrypted packages (`.mpk`): the reader's checks, `verify` and `inspect`.
//!
//! A package is a fixed [`Header`], a postcard [`Manifest`], an Ed25519 signature over
//! both, and a data section of AES-256-GCM pages (docs/package-format.md has the byte
//! layout). [`crate::package::Package::open_with`] verifies everything it can before a
//! byte of the app is used — header, exact length, trusted signer, signature, manifest
//! structure and paths, the data section's digest, the content key — and then decrypts
//! files page by page as they are read, checking each page's tag.
//!
//! ```no_run
//! use mica_engine::package::{keys, mpk, Trust};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let trust = Trust {
//!     signers: vec![keys::load_public_key("keys/signing.pub")?],
//!     fleet_keys: vec![keys::load_fleet_key("keys/fleet.key")?],
//!     ..Trust::default()
//! };
//! let manifest = mpk::verify("hello.mpk", &trust)?; // every page decrypted and checked
//! println!("{} {}", manifest.appid, manifest.version);
//! let shown = mpk::inspect_bytes(&std::fs::read("hello.mpk")?)?; // no keys needed
//! println!("{} files", shown.manifest.files.len());
//! # Ok(()) }
//! ```

mod error;
mod format;
mod reader;
#[cfg(test)]
mod tests;

use std::path::Path;

pub use error::MpkError;
pub use format::{
    is_normalised_path, parse_version, FileEntry, FileKind, Header, Manifest, Permissions,
    WrappedKey, DEFAULT_PAGE_SIZE, FORMAT_VERSION, HEADER_LEN, MAGIC, MAX_APPID_BYTES,
    MAX_DATA_BYTES, MAX_FILES, MAX_MANIFEST_BYTES, MAX_PAGE_SIZE, MAX_PATH_BYTES, MIN_PAGE_SIZE,
    RUNTIME_VERSION, SIGNATURE_LEN, TAG_LEN,
};
pub(crate) use format::{page_aad, page_nonce, wrap_key};
pub(crate) use reader::MpkReader;

use super::Trust;

/// Fully verifies a package file with `trust`: everything opening checks, then every page
/// of every file is decrypted and its tag checked. Returns the manifest.
pub fn verify(path: impl AsRef<Path>, trust: &Trust) -> Result<Manifest, MpkError> {
    let reader = MpkReader::open(path.as_ref(), trust)?;
    reader.check_all_pages()?;
    Ok(reader.manifest().clone())
}

/// What [`inspect_bytes`] found: a package's header and manifest, read without keys.
/// Nothing here is authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// The header.
    pub header: Header,
    /// The manifest (structure and paths checked, signature not).
    pub manifest: Manifest,
    /// The signature bytes.
    pub signature: [u8; SIGNATURE_LEN],
}

/// Parses a package's header and manifest with no keys (for `mica inspect`): checks the
/// header, the exact length and the manifest's structure, but neither the signature nor
/// the data. Never panics, whatever the input.
pub fn inspect_bytes(bytes: &[u8]) -> Result<Inspection, MpkError> {
    let front = reader::parse_front(bytes, bytes.len() as u64)?;
    Ok(Inspection {
        header: front.header,
        manifest: front.manifest,
        signature: front.signature,
    })
}
