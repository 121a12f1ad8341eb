//! Key files: the publisher's Ed25519 signing key and public key, and the fleet key that
//! encrypts every package's content key.
//!
//! Each file is text: optional `#` comment lines, then one line `LABEL HEX`:
//!
//! | file | label | hex |
//! | --- | --- | --- |
//! | `signing.key` | `mica-signing-key` | the 32-byte Ed25519 secret seed (secret, mode 0600) |
//! | `signing.pub` | `mica-signing-pub` | the 32-byte Ed25519 public key (the label may be left out) |
//! | `fleet.key` | `mica-fleet-key` | the 32-byte AES-256 fleet key (secret, mode 0600) |
//!
//! The labels keep one kind of key from being used as another by mistake.
//!
//! ```no_run
//! use mica_engine::package::keys;
//! # fn main() -> Result<(), keys::KeyError> {
//! let made = keys::generate("keys")?; // keys/signing.key, keys/signing.pub, keys/fleet.key
//! let signer = keys::load_signing_key(&made.signing_key)?;
//! assert_eq!(signer.public_key(), keys::load_public_key(&made.public_key)?);
//! # Ok(()) }
//! ```

use std::path::{Path, PathBuf};

use ed25519_dalek::Signer;
use sha2::{Digest, Sha256};

/// File name of the secret signing key written by [`generate`].
pub const SIGNING_KEY_FILE: &str = "signing.key";
/// File name of the public key written by [`generate`].
pub const PUBLIC_KEY_FILE: &str = "signing.pub";
/// File name of the fleet key written by [`generate`].
pub const FLEET_KEY_FILE: &str = "fleet.key";
/// Label of a signing key file's key line.
pub const SIGNING_KEY_LABEL: &str = "mica-signing-key";
/// Label of a public key file's key line.
pub const PUBLIC_KEY_LABEL: &str = "mica-signing-pub";
/// Label of a fleet key file's key line.
pub const FLEET_KEY_LABEL: &str = "mica-fleet-key";

/// A key file that cannot be read, written or understood.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The OS failed.
    #[error("{path}: {source}")]
    Io {
        /// The key file.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a key of the expected kind.
    #[error("{path}: {reason}")]
    Invalid {
        /// The key file (or config entry).
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// [`generate`] refuses to overwrite a key.
    #[error("{0}: already exists; not overwriting a key")]
    Exists(String),
    /// The OS random number generator failed.
    #[error("no randomness from the OS: {0}")]
    Random(String),
}

/// A publisher's Ed25519 signing key (its bytes are wiped on drop; `Debug` shows only the
/// key id).
#[derive(Clone)]
pub struct SigningKey(ed25519_dalek::SigningKey);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("id", &to_hex(&key_id(&self.public_key())))
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// The key with this 32-byte secret seed.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        SigningKey(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    /// A new random key.
    pub fn generate() -> Result<Self, KeyError> {
        Ok(Self::from_seed(random_bytes()?))
    }

    /// The public key that verifies this key's signatures.
    pub fn public_key(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }

    /// The Ed25519 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }

    fn seed(&self) -> [u8; 32] {
        self.0.to_bytes()
    }
}

/// `n` random bytes from the OS.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], KeyError> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| KeyError::Random(e.to_string()))?;
    Ok(b)
}

/// A key's id: the first 8 bytes of its SHA-256 (for public keys and fleet keys alike).
pub fn key_id(key: &[u8; 32]) -> [u8; 8] {
    let d = Sha256::digest(key);
    let mut id = [0u8; 8];
    id.copy_from_slice(&d[..8]);
    id
}

/// Lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Parses hex (either case) into exactly `N` bytes.
pub fn from_hex<const N: usize>(hex: &str) -> Option<[u8; N]> {
    let digits = hex.as_bytes();
    if digits.len() != N * 2 {
        return None;
    }
    let nibble = |c: u8| {
        char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let mut out = [0u8; N];
    for (o, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *o = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

/// The paths [`generate`] wrote and the new public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFiles {
    /// `signing.key`.
    pub signing_key: PathBuf,
    /// `signing.pub`.
    pub public_key: PathBuf,
    /// `fleet.key`.
    pub fleet_key: PathBuf,
    /// The new signing key's public key.
    pub public: [u8; 32],
}

/// Writes a new `signing.key`, `signing.pub` and `fleet.key` into `dir` (created if
/// needed). Secret files get mode 0600 on unix. Refuses to overwrite any existing key.
pub fn generate(dir: impl AsRef<Path>) -> Result<KeyFiles, KeyError> {
    let dir = dir.as_ref();
    std::fs::create_dir_all(dir).map_err(|source| KeyError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let files = KeyFiles {
        signing_key: dir.join(SIGNING_KEY_FILE),
        public_key: dir.join(PUBLIC_KEY_FILE),
        fleet_key: dir.join(FLEET_KEY_FILE),
        public: [0; 32],
    };
    for p in [&files.signing_key, &files.public_key, &files.fleet_key] {
        if p.exists() {
            return Err(KeyError::Exists(p.display().to_string()));
        }
    }
    let signer = SigningKey::generate()?;
    let fleet: [u8; 32] = random_bytes()?;
    write_key(
        &files.signing_key,
        "Mica package signing key (Ed25519 secret seed). Keep it secret: it signs packages.",
        SIGNING_KEY_LABEL,
        &signer.seed(),
        true,
    )?;
    write_key(
        &files.public_key,
        "Mica package signing public key (Ed25519). Devices trust packages it verifies.",
        PUBLIC_KEY_LABEL,
        &signer.public_key(),
        false,
    )?;
    write_key(
        &files.fleet_key,
        "Mica fleet key (AES-256). Keep it secret: it decrypts every package of the fleet.",
        FLEET_KEY_LABEL,
        &fleet,
        true,
    )?;
    Ok(KeyFiles {
        public: signer.public_key(),
        ..files
    })
}

fn write_key(
    path: &Path,
    comment: &str,
    label: &str,
    key: &[u8; 32],
    secret: bool,
) -> Result<(), KeyError> {
    use std::io::Write;
    let io = |source| KeyError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut f = opts.open(path).map_err(io)?;
    let text = format!("# {comment}\n{label} {}\n", to_hex(key));
    f.write_all(text.as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)
}

/// Reads a key file's key line: `LABEL HEX`, or just `HEX` when `label_optional`.
fn read_key(path: &Path, label: &str, label_optional: bool) -> Result<[u8; 32], KeyError> {
    let shown = path.display().to_string();
    let invalid = |reason: String| KeyError::Invalid {
        path: shown.clone(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|source| KeyError::Io {
        path: shown.clone(),
        source,
    })?;
    if meta.len() > 64 * 1024 {
        return Err(invalid("too large for a key file".into()));
    }
    let text = std::fs::read_to_string(path).map_err(|source| KeyError::Io {
        path: shown.clone(),
        source,
    })?;
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let line = lines
        .next()
        .ok_or_else(|| invalid(format!("no key line (expected `{label} <64 hex digits>`)")))?;
    if lines.next().is_some() {
        return Err(invalid("more than one key line".into()));
    }
    let hex = match line.split_once(char::is_whitespace) {
        Some((l, hex)) if l == label => hex.trim(),
        Some((l, _)) => {
            return Err(invalid(format!(
                "holds a `{l}`, expected a `{label}` (is it the right key file?)"
            )))
        }
        None if label_optional => line,
        None => return Err(invalid(format!("expected `{label} <64 hex digits>`"))),
    };
    from_hex(hex).ok_or_else(|| invalid("the key is not 64 hex digits".into()))
}

/// Reads a `signing.key`.
pub fn load_signing_key(path: impl AsRef<Path>) -> Result<SigningKey, KeyError> {
    read_key(path.as_ref(), SIGNING_KEY_LABEL, false).map(SigningKey::from_seed)
}

/// Reads a `signing.pub` (the label may be left out) and checks it is an Ed25519 key.
pub fn load_public_key(path: impl AsRef<Path>) -> Result<[u8; 32], KeyError> {
    let path = path.as_ref();
    let key = read_key(path, PUBLIC_KEY_LABEL, true)?;
    check_public_key(&key, &path.display().to_string())
}

/// `key` when it is a valid Ed25519 public key; `shown` names it in the error.
pub fn check_public_key(key: &[u8; 32], shown: &str) -> Result<[u8; 32], KeyError> {
    ed25519_dalek::VerifyingKey::from_bytes(key)
        .map(|_| *key)
        .map_err(|_| KeyError::Invalid {
            path: shown.to_string(),
            reason: "not an Ed25519 public key".into(),
        })
}

/// Reads a `fleet.key`.
pub fn load_fleet_key(path: impl AsRef<Path>) -> Result<[u8; 32], KeyError> {
    read_key(path.as_ref(), FLEET_KEY_LABEL, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("mica-keys-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn hex_round_trips() {
        let b = [0u8, 1, 0xab, 0xff];
        assert_eq!(to_hex(&b), "0001abff");
        assert_eq!(from_hex::<4>("0001ABff"), Some(b));
        assert_eq!(from_hex::<4>("0001abf"), None);
        assert_eq!(from_hex::<4>("0001abfg"), None);
        assert_eq!(from_hex::<2>("+1ab"), None);
        assert_eq!(from_hex::<1>("é"), None);
    }

    #[test]
    fn generated_keys_load_and_are_not_overwritten() {
        let dir = tmp("gen");
        let made = generate(&dir).unwrap_or_else(|e| panic!("{e}"));
        let signer = load_signing_key(&made.signing_key).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(signer.public_key(), made.public);
        assert_eq!(load_public_key(&made.public_key).ok(), Some(made.public));
        assert!(load_fleet_key(&made.fleet_key).is_ok());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for p in [&made.signing_key, &made.fleet_key] {
                let mode = std::fs::metadata(p).map(|m| m.permissions().mode() & 0o777);
                assert_eq!(mode.ok(), Some(0o600), "{}", p.display());
            }
        }
        assert!(matches!(generate(&dir), Err(KeyError::Exists(_))));
        // One kind of key is not accepted as another, and errors name the file.
        let e = load_fleet_key(&made.signing_key)
            .err()
            .map(|e| e.to_string());
        let e = e.unwrap_or_default();
        assert!(
            e.contains("signing.key") && e.contains("mica-signing-key"),
            "{e}"
        );
        assert!(load_signing_key(&made.public_key).is_err());
        // A bare hex public key is fine.
        let bare = dir.join("bare.pub");
        let _ = std::fs::write(&bare, format!("{}\n", to_hex(&made.public)));
        assert_eq!(load_public_key(&bare).ok(), Some(made.public));
        let missing = load_fleet_key(dir.join("nope.key"))
            .err()
            .map(|e| e.to_string());
        assert!(missing.unwrap_or_default().contains("nope.key"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn signatures_verify_with_the_public_key() {
        let k = SigningKey::from_seed([5; 32]);
        let sig = k.sign(b"hello");
        let vk = ed25519_dalek::VerifyingKey::from_bytes(&k.public_key());
        let ok = vk.is_ok_and(|vk| {
            vk.verify_strict(b"hello", &ed25519_dalek::Signature::from_bytes(&sig))
                .is_ok()
        });
        assert!(ok);
        assert!(!format!("{k:?}").contains("0505"));
    }
}
