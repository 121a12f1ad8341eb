//! The update check: fetch the index, pick a release, download, check, install.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::http::{self, Download};
use crate::store::remove_if_exists;
use crate::{DeviceInfo, ReleaseIndex, Step, Store, UpdateError, Verifier, Version};

/// What one [`Updater::check_once`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// No release applies that is newer than the installed version.
    UpToDate,
    /// This version was downloaded, verified and switched to; it runs from the next
    /// launch (on trial until [`Store::mark_started`]).
    Installed(Version),
    /// The index server could not be reached (no network, DNS, refused, timed out). The
    /// installed version keeps running.
    Offline(String),
    /// The package download broke off; the bytes so far are kept and the next check
    /// resumes with a `Range` request.
    Interrupted {
        /// The release being downloaded.
        version: Version,
        /// Bytes downloaded so far.
        downloaded: u64,
        /// The package's size.
        size: u64,
        /// What happened.
        reason: String,
    },
    /// The active version was installed but has not shown its first frame yet; nothing
    /// is installed over it until it has (or was rolled back), so the version to roll
    /// back to stays.
    AwaitingStart(Version),
}

/// Checks a release index and installs updates into a [`Store`].
///
/// Built with [`Updater::new`] and the builder methods; run with
/// [`Updater::check_once`] or on its own thread with [`Updater::spawn_periodic`].
pub struct Updater {
    index_url: String,
    store: Store,
    device: DeviceInfo,
    verifier: Arc<dyn Verifier>,
    runtime: Version,
    timeout: Duration,
    max_package_size: u64,
    max_index_size: u64,
}

impl std::fmt::Debug for Updater {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Updater")
            .field("index_url", &self.index_url)
            .field("store", &self.store)
            .field("device", &self.device.id)
            .field("runtime", &self.runtime)
            .field("timeout", &self.timeout)
            .field("max_package_size", &self.max_package_size)
            .field("max_index_size", &self.max_index_size)
            .finish_non_exhaustive()
    }
}

/// Refuses `https://` when the crate was built without TLS, with a message that says so.
fn check_tls(url: &str) -> Result<(), UpdateError> {
    if !cfg!(feature = "https") && url.starts_with("https://") {
        return Err(UpdateError::Url {
            url: url.to_string(),
            reason: "this build has no TLS (enable mica-update's `https` feature)",
        });
    }
    Ok(())
}

impl Updater {
    /// Default for [`Updater::timeout`].
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
    /// Default for [`Updater::max_package_size`]: 256 MiB.
    pub const DEFAULT_MAX_PACKAGE_SIZE: u64 = 256 << 20;
    /// Default for [`Updater::max_index_size`]: 1 MiB.
    pub const DEFAULT_MAX_INDEX_SIZE: u64 = 1 << 20;

    /// An updater for `store` that reads the release index at `index_url` (which must be
    /// `http://` or, with the `https` feature, `https://`).
    pub fn new(
        index_url: impl Into<String>,
        store: Store,
        device: DeviceInfo,
        verifier: Arc<dyn Verifier>,
        runtime_version: Version,
    ) -> Result<Updater, UpdateError> {
        let index_url = crate::url::check_http_url(&index_url.into())?;
        check_tls(&index_url)?;
        Ok(Updater {
            index_url,
            store,
            device,
            verifier,
            runtime: runtime_version,
            timeout: Self::DEFAULT_TIMEOUT,
            max_package_size: Self::DEFAULT_MAX_PACKAGE_SIZE,
            max_index_size: Self::DEFAULT_MAX_INDEX_SIZE,
        })
    }

    /// The deadline of one request (the index, or one download attempt). A download cut
    /// off by it is resumed by the next check, so slow links still finish.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest package accepted, whatever the index declares.
    pub fn max_package_size(mut self, bytes: u64) -> Self {
        self.max_package_size = bytes;
        self
    }

    /// The largest release index accepted.
    pub fn max_index_size(mut self, bytes: u64) -> Self {
        self.max_index_size = bytes;
        self
    }

    /// The store this updater installs into.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Checks for an update once and installs it. Network trouble is an [`Outcome`]
    /// (`Offline`, `Interrupted`); a bad index, package or server answer is an error, and
    /// in every case the installed version stays unless the outcome is `Installed`.
    pub fn check_once(&self) -> Result<Outcome, UpdateError> {
        let _install = self.store.install_lock();
        let verifier = self.verifier.as_ref();
        let snapshot = self.store.snapshot(verifier)?;
        if let (Some(active), true) = (snapshot.active, snapshot.on_trial) {
            log::info!("{active} has not started cleanly yet; not updating over it");
            return Ok(Outcome::AwaitingStart(active));
        }

        let bytes = match http::fetch_bounded(
            &self.index_url,
            self.timeout,
            self.max_index_size,
            "release index",
        )? {
            Ok(bytes) => bytes,
            Err(reason) => {
                log::info!("update check: offline ({reason})");
                return Ok(Outcome::Offline(reason));
            }
        };
        let index = ReleaseIndex::from_json(&bytes)?;
        if index.appid != self.store.appid() {
            return Err(UpdateError::IndexAppid {
                expected: self.store.appid().to_string(),
                found: index.appid,
            });
        }
        // A firmware update may bring a bundled version newer than the installed one;
        // that is what runs (see `Store::begin_launch`), so that is what to beat.
        let baseline = snapshot.active.max(self.store.bundled_version(verifier));
        let Some(release) = index.select(
            &self.device,
            baseline.as_ref(),
            &self.runtime,
            &snapshot.bad,
        ) else {
            log::info!(
                "{} is up to date ({})",
                self.store.appid(),
                baseline.map_or("nothing installed".to_string(), |v| v.to_string())
            );
            self.store.clean_staging(None);
            return Ok(Outcome::UpToDate);
        };
        let version = release.version;
        let url = crate::url::resolve(&self.index_url, &release.url)?;
        check_tls(&url)?;
        if release.size > self.max_package_size {
            return Err(UpdateError::TooLarge {
                what: "package",
                url,
                limit: self.max_package_size,
            });
        }

        self.store.ensure_dirs()?;
        let part = self.store.staging_dir().join(format!("{version}.part"));
        self.store.clean_staging(Some(&part));
        log::info!("downloading {} {version} from {url}", self.store.appid());
        self.store.step(Step::DownloadStarted);
        match http::download(&url, &part, release.size, self.timeout)? {
            Download::Complete => {}
            Download::Interrupted { have, reason } => {
                log::info!(
                    "download of {version} interrupted at {have}/{}: {reason}",
                    release.size
                );
                return Ok(Outcome::Interrupted {
                    version,
                    downloaded: have,
                    size: release.size,
                    reason,
                });
            }
        }
        let result = self.check_and_install(&part, &url, release);
        if result.is_err() {
            remove_if_exists(&part);
        }
        result?;
        self.store.clean_staging(None);
        self.store.step(Step::Done);
        log::info!("installed {} {version}", self.store.appid());
        Ok(Outcome::Installed(version))
    }

    fn check_and_install(
        &self,
        part: &Path,
        url: &str,
        release: &crate::Release,
    ) -> Result<(), UpdateError> {
        let actual = sha256_file(part)?;
        if actual != release.sha256 {
            return Err(UpdateError::Checksum {
                url: url.to_string(),
                expected: release.sha256.clone(),
                actual,
            });
        }
        self.store.step(Step::Downloaded);
        let info = self
            .verifier
            .verify(part)
            .map_err(|reason| UpdateError::Verification {
                path: part.to_path_buf(),
                reason,
            })?;
        self.store.check_package(part, &info)?;
        if info.version != release.version {
            return Err(UpdateError::VersionMismatch {
                path: part.to_path_buf(),
                expected: release.version,
                found: info.version,
            });
        }
        self.store.step(Step::Verified);
        self.store
            .install_staged(part, info.version, self.verifier.as_ref())?;
        Ok(())
    }

    /// Runs [`Updater::check_once`] now and then every `interval` on its own thread,
    /// sending each result to [`PeriodicHandle::outcomes`]. Dropping the handle (or
    /// [`PeriodicHandle::stop`]) ends the thread: at once while it waits, after the
    /// check in progress otherwise (bounded by the timeout).
    pub fn spawn_periodic(self, interval: Duration) -> Result<PeriodicHandle, UpdateError> {
        let (command_tx, command_rx) = mpsc::channel::<Command>();
        let (outcome_tx, outcome_rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name(format!("mica-update {}", self.store.appid()))
            .spawn(move || loop {
                let result = self.check_once();
                if let Err(e) = &result {
                    log::warn!("update check failed: {e}");
                }
                // Nobody listening is fine: the handle may ignore outcomes.
                let _ = outcome_tx.send(result);
                match command_rx.recv_timeout(interval) {
                    Ok(Command::CheckNow) | Err(RecvTimeoutError::Timeout) => {}
                    Ok(Command::Stop) | Err(RecvTimeoutError::Disconnected) => break,
                }
            })
            .map_err(UpdateError::Spawn)?;
        Ok(PeriodicHandle {
            commands: command_tx,
            outcomes: outcome_rx,
            thread: Some(thread),
        })
    }
}

enum Command {
    CheckNow,
    Stop,
}

/// The periodic update thread. Dropping it stops the thread and waits for it.
pub struct PeriodicHandle {
    commands: Sender<Command>,
    outcomes: Receiver<Result<Outcome, UpdateError>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for PeriodicHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PeriodicHandle").finish_non_exhaustive()
    }
}

impl PeriodicHandle {
    /// The result of every check, in order.
    pub fn outcomes(&self) -> &Receiver<Result<Outcome, UpdateError>> {
        &self.outcomes
    }

    /// Checks again now instead of at the end of the interval (for example when the
    /// network comes back).
    pub fn check_now(&self) {
        let _ = self.commands.send(Command::CheckNow);
    }

    /// Stops the thread and waits for it (the check in progress, if any, finishes).
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for PeriodicHandle {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Stop);
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                log::error!("the update thread panicked");
            }
        }
    }
}

fn sha256_file(path: &Path) -> Result<String, UpdateError> {
    let mut file = File::open(path).map_err(UpdateError::io(path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf).map_err(UpdateError::io(path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
