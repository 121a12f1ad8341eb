//! Why a `.mpk` package is refused.

use super::format::FORMAT_VERSION;
use crate::package::keys::to_hex;

/// Why a signed package cannot be opened, verified or read. Every check a package fails
/// has its own variant, so a device log (and a test) says exactly what was wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MpkError {
    /// The file does not start with `MICAPKG\0`.
    #[error("not a Mica package (bad magic)")]
    BadMagic,
    /// A format version or flag this Mica does not know.
    #[error("package format {version} with flags {flags:#06x}: this Mica reads format {FORMAT_VERSION} without flags")]
    UnsupportedFormat {
        /// Format version in the header.
        version: u16,
        /// Flags in the header.
        flags: u16,
    },
    /// The file is shorter than its header says.
    #[error("package is truncated: {len} bytes, its header needs {expected}")]
    Truncated {
        /// Bytes present.
        len: u64,
        /// Bytes the header (or a complete header) needs.
        expected: u64,
    },
    /// Bytes follow the data section.
    #[error("package has {extra} unexpected bytes after its data section")]
    TrailingBytes {
        /// How many.
        extra: u64,
    },
    /// A size beyond what this reader accepts.
    #[error("{what}: {size} is more than the limit of {max}")]
    TooLarge {
        /// What is too large (`manifest`, `data section`, a file path, ...).
        what: String,
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// The package is signed by a key that is not among the trusted signers.
    #[error("package is signed by key {}, which is not a trusted signer", to_hex(.id))]
    UnknownSigner {
        /// Key id in the header (first 8 bytes of SHA-256 of the public key).
        id: [u8; 8],
    },
    /// The Ed25519 signature over header and manifest does not verify.
    #[error(
        "package signature does not verify (header or manifest altered, or a forged signature)"
    )]
    BadSignature,
    /// The package needs a fleet key and none is configured.
    #[error("package is encrypted for fleet key {} and no fleet key is configured", to_hex(.id))]
    NoFleetKey {
        /// Fleet key id in the header.
        id: [u8; 8],
    },
    /// None of the configured fleet keys unwraps the content key.
    #[error("package is encrypted for fleet key {}, which is not this device's fleet key", to_hex(.id))]
    WrongFleetKey {
        /// Fleet key id in the header.
        id: [u8; 8],
    },
    /// The data section's SHA-256 differs from the digest in the signed manifest.
    #[error("data section does not match the digest in the signed manifest (altered or corrupt)")]
    DataDigestMismatch,
    /// A page fails its AES-GCM tag: the ciphertext changed since the package was signed.
    #[error("{file}: page {page} fails its integrity check (altered or corrupt)")]
    PageTampered {
        /// The file.
        file: String,
        /// 0-based page index within the file.
        page: u64,
    },
    /// A path in the file table is not a normalised relative path.
    #[error("{0:?}: not a valid package path (must be relative and normalised, without `..`)")]
    BadPath(String),
    /// A path appears twice in the file table.
    #[error("{0}: listed twice in the package")]
    DuplicatePath(String),
    /// The package needs a newer Mica.
    #[error("package needs Mica {need} or newer, this is {have}")]
    RuntimeTooOld {
        /// The manifest's `min_runtime`.
        need: String,
        /// This engine's version.
        have: String,
    },
    /// A version string is not `MAJOR.MINOR.PATCH` digits.
    #[error("{what} {value:?} is not MAJOR.MINOR.PATCH")]
    BadVersion {
        /// Which field (`version`, `min_runtime`).
        what: &'static str,
        /// The value.
        value: String,
    },
    /// The structure is inconsistent (manifest does not decode, page counts, offsets, ...).
    #[error("malformed package: {0}")]
    Malformed(String),
    /// The OS failed to read the package.
    #[error("{path}: {source}")]
    Io {
        /// The package file.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}
