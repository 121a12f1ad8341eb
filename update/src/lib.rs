//! # mica-update
//!
//! Over-the-air updates of a mini-program package (`.mpk`), for devices that must never
//! end up with nothing to run: a TV, a car head unit, a kiosk.
//!
//! The pieces, in the order an update goes through them:
//!
//! 1. [`ReleaseIndex`]: `releases.json`, a static file on any HTTP server or CDN, lists
//!    versions with their URL, SHA-256, size, `min_runtime` and gray-release rules
//!    (a rollout percentage on a stable per-device hash, conditions on device
//!    attributes, an explicit device list). [`ReleaseIndex::select`] picks the highest
//!    version that applies to this [`DeviceInfo`].
//! 2. [`Updater::check_once`] downloads it into `staging/`, resuming a partial file with
//!    an HTTP `Range` request, streaming to disk and cutting off anything past the
//!    declared size; checks size and SHA-256; runs the [`Verifier`] (the real `.mpk`
//!    signature check is plugged in by the `mica` binary; this crate does not depend on
//!    the engine); then moves the file into the inactive slot and switches atomically.
//! 3. [`Store::begin_launch`] says which package to run. A freshly installed version is
//!    *on trial* until [`Store::mark_started`] reports its first frame; if it fails to
//!    get there in [`TRIAL_LAUNCHES`] launches it is rolled back to the previous slot and
//!    marked bad, so it is not downloaded again. Missing or damaged files fall back from
//!    the active slot to the previous one to the firmware's bundled package.
//!
//! ## On disk
//!
//! ```text
//! <root>/<appid>/
//!   state.json            which slot is active, the previous slot, the trial counter,
//!                         the versions rolled back ("bad"); replaced atomically
//!   state.json.tmp        the next state.json while it is being written
//!   state.json.corrupt    a copy of the last state.json that could not be read (diagnosis)
//!   slots/a.mpk           package slot A
//!   slots/b.mpk           package slot B
//!   staging/<version>.part   a download in progress (kept across restarts, resumed)
//!   staging/install-file.part  the copy made by Store::install_file
//! ```
//!
//! The slot that runs is never written: an install renames a complete, verified file
//! from `staging/` over the *inactive* slot, then replaces `state.json` (temp file,
//! fsync, rename, fsync the directory). Whatever moment the power is cut, `state.json`
//! names either the old version or the new one, and both files are whole.
//!
//! ## Install steps
//!
//! An install calls the store's step hook ([`Store::set_step_hook`]) at each [`Step`],
//! in this order, so crash tests can kill the process at every point:
//! [`Step::DownloadStarted`], [`Step::Downloaded`] (these two only for downloads),
//! [`Step::Verified`], [`Step::SlotWritten`], [`Step::StateStaged`],
//! [`Step::StateWritten`], [`Step::Done`]. Up to `StateStaged` the old version launches;
//! from `StateWritten` on, the new one (on trial).
//!
//! ## Example
//!
//! ```
//! use std::path::Path;
//! use mica_update::{LaunchSource, PackageInfo, Store, Version};
//!
//! // A stand-in verifier: the real one checks the .mpk signature.
//! let verifier = |path: &Path| -> Result<PackageInfo, String> {
//!     let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
//!     let version = text.trim().parse::<Version>().map_err(|e| e.to_string())?;
//!     Ok(PackageInfo { appid: "wxdemo".into(), version })
//! };
//!
//! let root = std::env::temp_dir().join(format!("mica-update-doc-{}", std::process::id()));
//! let store = Store::open(&root, "wxdemo")?;
//! let package = root.join("download.mpk");
//! std::fs::write(&package, "1.2.0")?;
//! store.install_file(&package, &verifier, false)?;
//!
//! let launch = store.begin_launch(&verifier)?;   // counted: 1.2.0 is on trial
//! assert_eq!((launch.version, launch.source), (Version::new(1, 2, 0), LaunchSource::Active));
//! store.mark_started()?;                         // first frame shown: 1.2.0 is kept
//! # std::fs::remove_dir_all(&root)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! And the update thread of a device (`no_run`: it needs a server):
//!
//! ```no_run
//! # use std::{sync::Arc, time::Duration};
//! # use mica_update::*;
//! # fn run(store: Store, verifier: Arc<dyn Verifier>) -> Result<(), UpdateError> {
//! let device = DeviceInfo::new("SN-0042").attr("model", "T950").attr("fw", 5);
//! let updater = Updater::new("http://cdn.example/hello/releases.json", store, device,
//!                            verifier, "0.1.0".parse()?)?
//!     .timeout(Duration::from_secs(30));
//! let updates = updater.spawn_periodic(Duration::from_secs(6 * 3600))?;
//! if let Ok(Ok(Outcome::Installed(v))) = updates.outcomes().recv() {
//!     log::info!("{v} runs from the next start");
//! }
//! # Ok(()) }
//! ```
//!
//! ## Trust
//!
//! Without the `https` feature the index and the packages travel over plain HTTP. The
//! SHA-256 in the index guards against truncation and mix-ups, not against an attacker
//! who can rewrite the index; that is the [`Verifier`]'s job (the `.mpk` signature).
#![forbid(unsafe_code)]

use std::path::Path;

mod error;
mod http;
pub mod index;
mod store;
mod updater;
mod url;
mod version;

pub use error::UpdateError;
pub use index::{
    rollout_bucket, Condition, DeviceInfo, Eligibility, Release, ReleaseIndex, Rollout, Test,
};
pub use store::{Launch, LaunchSource, Status, Store, TRIAL_LAUNCHES};
pub use updater::{Outcome, PeriodicHandle, Updater};
pub use version::{Version, VersionError};

/// What a [`Verifier`] found in a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageInfo {
    /// The app the package belongs to.
    pub appid: String,
    /// The package's version.
    pub version: Version,
}

/// Checks a package file before it is installed or launched and says what it is.
///
/// The `mica` binary plugs in the real `.mpk` verifier (signature, manifest); tests use
/// a simple stand-in. Any `Fn(&Path) -> Result<PackageInfo, String>` is a verifier.
pub trait Verifier: Send + Sync {
    /// The package's app and version, or why it must not be installed or run.
    fn verify(&self, path: &Path) -> Result<PackageInfo, String>;
}

impl<F> Verifier for F
where
    F: Fn(&Path) -> Result<PackageInfo, String> + Send + Sync,
{
    fn verify(&self, path: &Path) -> Result<PackageInfo, String> {
        self(path)
    }
}

/// A point in the install sequence, reported to the hook of [`Store::set_step_hook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Step {
    /// About to request the package (the `.part` file may already hold a prefix).
    DownloadStarted,
    /// The `.part` file is complete, fsynced, and its size and SHA-256 match the index.
    Downloaded,
    /// The verifier accepted the staged file and it is the expected app and version.
    Verified,
    /// The staged file was renamed over the inactive slot; `state.json` still names the
    /// old version.
    SlotWritten,
    /// `state.json.tmp` is written and fsynced, not yet renamed.
    StateStaged,
    /// `state.json` names the new version (on trial); the switch is done.
    StateWritten,
    /// Staging is cleaned up; the install call is about to return.
    Done,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 7] = [
        Step::DownloadStarted,
        Step::Downloaded,
        Step::Verified,
        Step::SlotWritten,
        Step::StateStaged,
        Step::StateWritten,
        Step::Done,
    ];
}
