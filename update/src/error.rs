//! The crate's one error type.

use std::io;
use std::path::PathBuf;

use crate::{Version, VersionError};

/// What went wrong while reading the release index, downloading, verifying, installing
/// or choosing what to launch.
///
/// Network trouble that only means "try again later" is not an error: it is
/// [`Outcome::Offline`](crate::Outcome::Offline) or
/// [`Outcome::Interrupted`](crate::Outcome::Interrupted).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UpdateError {
    /// A version string is malformed.
    #[error(transparent)]
    Version(#[from] VersionError),
    /// The appid cannot name a store directory.
    #[error("invalid appid `{appid}`: {reason}")]
    Appid {
        /// The rejected appid.
        appid: String,
        /// Why.
        reason: &'static str,
    },
    /// `releases.json` is not a valid release index (the message carries line and column).
    #[error("release index: {message}")]
    Index {
        /// What is wrong, where.
        message: String,
    },
    /// The release index is for another app.
    #[error("release index is for app `{found}`, this store holds `{expected}`")]
    IndexAppid {
        /// The store's appid.
        expected: String,
        /// The index's appid.
        found: String,
    },
    /// A URL is not an `http://` or `https://` URL (or cannot be resolved to one).
    #[error("refused URL `{url}`: {reason}")]
    Url {
        /// The URL (or reference) as written.
        url: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The server answered with an unexpected status.
    #[error("HTTP {status} {reason} from {url}")]
    Http {
        /// The requested URL.
        url: String,
        /// The status code.
        status: i32,
        /// The reason phrase.
        reason: String,
    },
    /// The server's answer is malformed (bad chunking, a Content-Range that does not
    /// match the request, ...).
    #[error("bad HTTP response from {url}: {message}")]
    Protocol {
        /// The requested URL.
        url: String,
        /// What was wrong.
        message: String,
    },
    /// A response or a declared size is over a limit; the body was cut off, not buffered.
    #[error("{what} from {url} is larger than {limit} bytes")]
    TooLarge {
        /// "release index" or "package".
        what: &'static str,
        /// The requested URL.
        url: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The downloaded package does not have the size the index declares.
    #[error("{url}: the index declares {expected} bytes, the server sent {actual}")]
    SizeMismatch {
        /// The requested URL.
        url: String,
        /// The size in the index.
        expected: u64,
        /// The size of the response.
        actual: u64,
    },
    /// The downloaded package does not have the SHA-256 the index declares.
    #[error("{url}: SHA-256 is {actual}, the index declares {expected}")]
    Checksum {
        /// The requested URL.
        url: String,
        /// The hash in the index.
        expected: String,
        /// The hash of the downloaded file.
        actual: String,
    },
    /// The [`Verifier`](crate::Verifier) refused a package.
    #[error("package {path} failed verification: {reason}")]
    Verification {
        /// The package file.
        path: PathBuf,
        /// The verifier's reason.
        reason: String,
    },
    /// A package is for another app.
    #[error("package {path} is for app `{found}`, this store holds `{expected}`")]
    AppidMismatch {
        /// The package file.
        path: PathBuf,
        /// The store's appid.
        expected: String,
        /// The package's appid.
        found: String,
    },
    /// A downloaded package is not the version the index promised.
    #[error("package {path} is version {found}, the release index says {expected}")]
    VersionMismatch {
        /// The package file.
        path: PathBuf,
        /// The version in the index.
        expected: Version,
        /// The version in the package.
        found: Version,
    },
    /// `install_file` without `force` was given a version that is not newer.
    #[error("version {candidate} is not newer than the installed {installed} (force installs it anyway)")]
    NotNewer {
        /// The active version.
        installed: Version,
        /// The refused version.
        candidate: Version,
    },
    /// `state.json` cannot be read and no verifier was at hand to rebuild it (the next
    /// [`Store::begin_launch`](crate::Store::begin_launch) or install rebuilds it).
    #[error("{path} is corrupt: {message}")]
    CorruptState {
        /// The state file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// Neither slot holds a usable package and there is no usable bundled package.
    #[error("nothing to launch for `{appid}`: {reasons}")]
    NothingToLaunch {
        /// The store's appid.
        appid: String,
        /// Why each candidate was refused.
        reasons: String,
    },
    /// The periodic update thread could not be started.
    #[error("could not start the update thread: {0}")]
    Spawn(#[source] io::Error),
    /// A file operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: io::Error,
    },
}

impl UpdateError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> UpdateError {
        let path = path.into();
        move |source| UpdateError::Io { path, source }
    }
}
