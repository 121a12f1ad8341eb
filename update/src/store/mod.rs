//! The A/B install store: two package slots, a staging folder and an atomically
//! replaced `state.json` that says which slot runs, whether it is on trial, and which
//! versions were rolled back.
//!
//! Rules that keep a device from ending up with nothing to run:
//!
//! - The slot that runs is never written. An install moves a verified file from
//!   `staging/` into the *other* slot with `rename`, so a slot file is always a whole
//!   package (the old one or the new one).
//! - The switch is one `rename` of `state.json.tmp` over `state.json`, after the temp file
//!   was fsynced; the directory is fsynced after it. Before that rename the old version
//!   is active, after it the new one.
//! - A launch verifies the slot it returns. If the active slot is missing or fails, the
//!   previous slot is promoted; if that fails too, the bundled package runs. A corrupt
//!   `state.json` is copied to `state.json.corrupt` and rebuilt from what the slots
//!   hold.
//! - A bundled package newer than the installed version (a firmware update brought it)
//!   runs instead of the slot, and is the version updates must beat.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use crate::{PackageInfo, Step, UpdateError, Verifier, Version};

mod state;

use state::{copy_synced, Installed, Loaded, Slot, State, Trial};
pub(crate) use state::{remove_if_exists, sync_dir};
use state::{STATE, STATE_CORRUPT, STATE_TMP};

/// How many launches a new version gets to show its first frame before it is rolled back.
pub const TRIAL_LAUNCHES: u32 = 2;

/// Where a [`Launch`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LaunchSource {
    /// The active slot (the newest installed version).
    Active,
    /// The previous slot: the active one failed (rollback, or a missing or broken file).
    Previous,
    /// The firmware's built-in package: nothing usable is installed.
    Bundled,
}

/// What to run: a package file that passed the verifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    /// The package file.
    pub path: PathBuf,
    /// Its version, as the verifier reported it.
    pub version: Version,
    /// Which candidate it is.
    pub source: LaunchSource,
}

/// A summary of the store for status displays and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Status {
    /// The version that launches next.
    pub active: Option<Version>,
    /// The version kept for a rollback.
    pub previous: Option<Version>,
    /// `Some(n)` while the active version has not yet shown a first frame: it was
    /// launched `n` times so far.
    pub trial_launches: Option<u32>,
    /// Versions rolled back on this device; the updater never installs them again.
    pub bad: Vec<Version>,
}

/// The parts of the state an update check looks at.
pub(crate) struct Snapshot {
    pub(crate) active: Option<Version>,
    pub(crate) on_trial: bool,
    pub(crate) bad: BTreeSet<Version>,
}

type StepHook = Arc<dyn Fn(Step) + Send + Sync>;

struct Inner {
    dir: PathBuf,
    appid: String,
    bundled: Option<PathBuf>,
    /// Held around every read-modify-write of `state.json`.
    state_lock: Mutex<()>,
    /// Held by a whole install or update check, so two never share `staging/`.
    install_lock: Mutex<()>,
    hook: RwLock<Option<StepHook>>,
    /// The slot and version the last `begin_launch` of this process returned.
    launched: Mutex<Option<Installed>>,
}

/// The install store of one app. Cheap to clone; clones share one lock, so the runtime
/// and its updater thread can hold one each. One process per store directory.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.inner.dir)
            .field("appid", &self.inner.appid)
            .field("bundled", &self.inner.bundled)
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves nothing half-done in memory: the state lives
    // on disk and is re-read under the lock.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn check_appid(appid: &str) -> Result<(), UpdateError> {
    let fail = |reason| UpdateError::Appid {
        appid: appid.chars().take(80).collect(),
        reason,
    };
    if appid.is_empty() || appid.len() > 128 {
        return Err(fail("it must have 1 to 128 characters"));
    }
    if appid.starts_with('.') {
        return Err(fail("it must not start with a dot"));
    }
    if !appid
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
    {
        return Err(fail(
            "only ASCII letters, digits, '_', '-' and '.' are allowed",
        ));
    }
    Ok(())
}

impl Store {
    /// Opens (creating if needed) the store of `appid` under `root`: its files live in
    /// `root/<appid>/`.
    pub fn open(root: impl AsRef<Path>, appid: &str) -> Result<Store, UpdateError> {
        Store::open_inner(root.as_ref(), appid, None)
    }

    /// Like [`Store::open`], with the firmware's built-in package as the last fallback of
    /// [`Store::begin_launch`] (and the baseline version while nothing is installed).
    pub fn open_with_bundled(
        root: impl AsRef<Path>,
        appid: &str,
        bundled: impl Into<PathBuf>,
    ) -> Result<Store, UpdateError> {
        Store::open_inner(root.as_ref(), appid, Some(bundled.into()))
    }

    fn open_inner(
        root: &Path,
        appid: &str,
        bundled: Option<PathBuf>,
    ) -> Result<Store, UpdateError> {
        check_appid(appid)?;
        let store = Store {
            inner: Arc::new(Inner {
                dir: root.join(appid),
                appid: appid.to_string(),
                bundled,
                state_lock: Mutex::new(()),
                install_lock: Mutex::new(()),
                hook: RwLock::new(None),
                launched: Mutex::new(None),
            }),
        };
        // Not fatal here: with its storage broken, a device still launches the bundled
        // package; installs report the error.
        if let Err(e) = store.ensure_dirs() {
            log::error!("{e}");
        }
        Ok(store)
    }

    pub(crate) fn ensure_dirs(&self) -> Result<(), UpdateError> {
        for sub in ["slots", "staging"] {
            let path = self.inner.dir.join(sub);
            fs::create_dir_all(&path).map_err(UpdateError::io(&path))?;
        }
        Ok(())
    }

    /// The app this store holds.
    pub fn appid(&self) -> &str {
        &self.inner.appid
    }

    /// The store's directory, `root/<appid>`.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// Calls `hook` at each [`Step`] of an install (for crash tests and progress
    /// displays). It runs on the installing thread with the store locked, so it must not
    /// call the store.
    pub fn set_step_hook(&self, hook: impl Fn(Step) + Send + Sync + 'static) {
        let mut slot = self
            .inner
            .hook
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        *slot = Some(Arc::new(hook));
    }

    pub(crate) fn step(&self, step: Step) {
        log::trace!("update step {step:?}");
        let hook = self
            .inner
            .hook
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(hook) = hook {
            hook(step);
        }
    }

    fn slot_path(&self, slot: Slot) -> PathBuf {
        self.inner.dir.join("slots").join(slot.file_name())
    }

    pub(crate) fn staging_dir(&self) -> PathBuf {
        self.inner.dir.join("staging")
    }

    pub(crate) fn install_lock(&self) -> MutexGuard<'_, ()> {
        lock(&self.inner.install_lock)
    }

    /// The active version, as `state.json` records it. Errors only when `state.json` is
    /// corrupt (the next launch or install rebuilds it) or unreadable.
    pub fn installed(&self) -> Result<Option<Version>, UpdateError> {
        let _guard = lock(&self.inner.state_lock);
        Ok(self.load(None)?.active.map(|a| a.version))
    }

    /// What the store holds, for status displays.
    pub fn status(&self) -> Result<Status, UpdateError> {
        let _guard = lock(&self.inner.state_lock);
        let state = self.load(None)?;
        Ok(Status {
            active: state.active.map(|a| a.version),
            previous: state.previous.map(|p| p.version),
            trial_launches: state.trial.map(|t| t.launches),
            bad: state.bad.into_iter().collect(),
        })
    }

    /// What the updater needs to know, rebuilding a corrupt state first.
    pub(crate) fn snapshot(&self, verifier: &dyn Verifier) -> Result<Snapshot, UpdateError> {
        let _guard = lock(&self.inner.state_lock);
        let state = self.load(Some(verifier))?;
        Ok(Snapshot {
            active: state.active.map(|a| a.version),
            on_trial: state.trial.is_some(),
            bad: state.bad,
        })
    }

    /// The bundled package's version, if there is one and it verifies.
    pub(crate) fn bundled_version(&self, verifier: &dyn Verifier) -> Option<Version> {
        let path = self.inner.bundled.as_ref()?;
        match self.verify_file(path, verifier) {
            Ok(version) => Some(version),
            Err(reason) => {
                log::warn!("bundled package {}: {reason}", path.display());
                None
            }
        }
    }

    fn verify_file(&self, path: &Path, verifier: &dyn Verifier) -> Result<Version, String> {
        if !path.exists() {
            return Err("missing".into());
        }
        let info = verifier.verify(path)?;
        if info.appid != self.inner.appid {
            return Err(format!("it is a package of `{}`", info.appid));
        }
        Ok(info.version)
    }

    fn read_state(&self) -> Result<Loaded, UpdateError> {
        let path = self.inner.dir.join(STATE);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Loaded::Missing),
            // An unreadable state file is treated like a corrupt one: the slots are still
            // there to rebuild it from.
            Err(e) => return Ok(Loaded::Corrupt(e.to_string())),
        };
        let state: State = match serde_json::from_slice(&bytes) {
            Ok(state) => state,
            Err(e) => return Ok(Loaded::Corrupt(e.to_string())),
        };
        Ok(match state.check(&self.inner.appid) {
            Ok(()) => Loaded::Found(state),
            Err(message) => Loaded::Corrupt(message),
        })
    }

    /// Reads `state.json`; a corrupt one is rebuilt when a verifier is at hand.
    fn load(&self, verifier: Option<&dyn Verifier>) -> Result<State, UpdateError> {
        match self.read_state()? {
            Loaded::Missing => Ok(State::empty(&self.inner.appid)),
            Loaded::Found(state) => Ok(state),
            Loaded::Corrupt(message) => match verifier {
                Some(verifier) => self.recover(&message, verifier),
                None => Err(UpdateError::CorruptState {
                    path: self.inner.dir.join(STATE),
                    message,
                }),
            },
        }
    }

    /// Rebuilds the state from the slots: the highest verified version becomes active
    /// (on trial, so it is rolled back if it does not start), the other one previous.
    fn recover(&self, message: &str, verifier: &dyn Verifier) -> Result<State, UpdateError> {
        let path = self.inner.dir.join(STATE);
        log::error!(
            "{} is corrupt ({message}); rebuilding it from the slots",
            path.display()
        );
        // A copy, not a rename: if the rebuilt state cannot be written (full storage), the
        // corrupt file stays and the next launch rebuilds again, instead of finding no
        // state and forgetting the slots.
        if let Err(e) = fs::copy(&path, self.inner.dir.join(STATE_CORRUPT)) {
            log::warn!("could not keep a copy of {}: {e}", path.display());
        }
        let mut found: Vec<Installed> = Vec::new();
        for slot in [Slot::A, Slot::B] {
            let file = self.slot_path(slot);
            match self.verify_file(&file, verifier) {
                Ok(version) => found.push(Installed { slot, version }),
                Err(reason) => log::warn!("slot {}: {reason}", file.display()),
            }
        }
        found.sort_by_key(|f| std::cmp::Reverse(f.version));
        let mut state = State::empty(&self.inner.appid);
        state.active = found.first().copied();
        state.previous = found.get(1).copied();
        if state.previous.is_some() {
            state.trial = Some(Trial { launches: 0 });
        }
        self.write_state_or_log(&state);
        Ok(state)
    }

    /// For launches: a state that cannot be written (full or read-only storage) must not
    /// stop the device from running what it has, so the failure is logged, not returned.
    fn write_state_or_log(&self, state: &State) {
        if let Err(e) = self.write_state(state, false) {
            log::error!("could not record the launch state: {e}");
        }
    }

    /// Writes `state.json` atomically: temp file, fsync, rename, fsync the directory.
    fn write_state(&self, state: &State, install_steps: bool) -> Result<(), UpdateError> {
        let dir = &self.inner.dir;
        let tmp = dir.join(STATE_TMP);
        let json = serde_json::to_vec_pretty(state).map_err(|e| UpdateError::Io {
            path: tmp.clone(),
            source: io::Error::other(e),
        })?;
        let mut file = File::create(&tmp).map_err(UpdateError::io(&tmp))?;
        file.write_all(&json).map_err(UpdateError::io(&tmp))?;
        file.sync_all().map_err(UpdateError::io(&tmp))?;
        drop(file);
        if install_steps {
            self.step(Step::StateStaged);
        }
        let path = dir.join(STATE);
        fs::rename(&tmp, &path).map_err(UpdateError::io(&path))?;
        sync_dir(dir)?;
        if install_steps {
            self.step(Step::StateWritten);
        }
        Ok(())
    }

    /// Verifies `path` and installs a copy of it into the inactive slot, then switches
    /// to it (on trial, see [`Store::begin_launch`]).
    ///
    /// Refuses a package of another app, and one whose version is not newer than the
    /// installed one unless `force` (a forced install also clears the version's "bad"
    /// mark). The copy is staged first and the staged bytes are what is verified.
    pub fn install_file(
        &self,
        path: impl AsRef<Path>,
        verifier: &dyn Verifier,
        force: bool,
    ) -> Result<Version, UpdateError> {
        let path = path.as_ref();
        let _install = self.install_lock();
        let staged = self.staging_dir().join("install-file.part");
        let result = (|| {
            self.ensure_dirs()?;
            copy_synced(path, &staged)?;
            let info = verifier
                .verify(&staged)
                .map_err(|reason| UpdateError::Verification {
                    path: path.to_path_buf(),
                    reason,
                })?;
            self.check_package(path, &info)?;
            if !force {
                if let Some(installed) = self.installed_for_install(verifier)? {
                    if info.version <= installed {
                        return Err(UpdateError::NotNewer {
                            installed,
                            candidate: info.version,
                        });
                    }
                }
            }
            self.step(Step::Verified);
            self.install_staged(&staged, info.version, verifier)
        })();
        if result.is_err() {
            remove_if_exists(&staged);
        }
        let version = result?;
        self.step(Step::Done);
        log::info!(
            "installed {} {version} from {}",
            self.inner.appid,
            path.display()
        );
        Ok(version)
    }

    fn installed_for_install(
        &self,
        verifier: &dyn Verifier,
    ) -> Result<Option<Version>, UpdateError> {
        let _guard = lock(&self.inner.state_lock);
        Ok(self.load(Some(verifier))?.active.map(|a| a.version))
    }

    pub(crate) fn check_package(&self, path: &Path, info: &PackageInfo) -> Result<(), UpdateError> {
        if info.appid != self.inner.appid {
            return Err(UpdateError::AppidMismatch {
                path: path.to_path_buf(),
                expected: self.inner.appid.clone(),
                found: info.appid.clone(),
            });
        }
        Ok(())
    }

    /// Moves an already verified staged file into the inactive slot and switches to it.
    /// The caller holds the install lock.
    pub(crate) fn install_staged(
        &self,
        staged: &Path,
        version: Version,
        verifier: &dyn Verifier,
    ) -> Result<Version, UpdateError> {
        let _guard = lock(&self.inner.state_lock);
        let mut state = self.load(Some(verifier))?;
        let target = state.active.map_or(Slot::A, |a| a.slot.other());
        let slot_file = self.slot_path(target);
        fs::rename(staged, &slot_file).map_err(UpdateError::io(&slot_file))?;
        sync_dir(&self.inner.dir.join("slots"))?;
        self.step(Step::SlotWritten);
        state.previous = state.active;
        state.active = Some(Installed {
            slot: target,
            version,
        });
        state.trial = Some(Trial { launches: 0 });
        state.bad.remove(&version);
        self.write_state(&state, true)?;
        Ok(version)
    }

    /// Chooses the package to run now, and records the attempt.
    ///
    /// - A version on trial (installed, no first frame yet) that was already launched
    ///   [`TRIAL_LAUNCHES`] times without [`Store::mark_started`] is rolled back: the
    ///   previous slot (or the bundled package) runs, and the version is marked bad so
    ///   the updater does not fetch it again. With nothing to roll back to, it is
    ///   launched again.
    /// - Otherwise the active slot runs; on trial, the launch is counted in `state.json`
    ///   before this returns, so a crash before the first frame counts.
    /// - A missing or unverifiable active slot promotes the previous one; with neither,
    ///   the bundled package runs; with no usable bundled package, this is an error.
    ///
    /// Every returned path passed `verifier`.
    pub fn begin_launch(&self, verifier: &dyn Verifier) -> Result<Launch, UpdateError> {
        let _guard = lock(&self.inner.state_lock);
        let mut state = self.load(Some(verifier))?;
        let launch = self.choose_launch(&mut state, verifier)?;
        *lock(&self.inner.launched) = match launch.source {
            LaunchSource::Bundled => None,
            _ => state.active,
        };
        Ok(launch)
    }

    fn choose_launch(
        &self,
        state: &mut State,
        verifier: &dyn Verifier,
    ) -> Result<Launch, UpdateError> {
        let mut reasons: Vec<String> = Vec::new();
        let appid = &self.inner.appid;

        if let (Some(active), Some(trial)) = (state.active, state.trial) {
            if trial.launches >= TRIAL_LAUNCHES {
                let previous = state
                    .previous
                    .and_then(|p| self.usable_slot(p, state, verifier, &mut reasons));
                let fallback = match previous {
                    Some(p) => Some(Launch {
                        path: self.slot_path(p.slot),
                        version: p.version,
                        source: LaunchSource::Previous,
                    }),
                    None => self.usable_bundled(verifier, &mut reasons),
                };
                if let Some(launch) = fallback {
                    log::warn!(
                        "{appid} {} did not show its first frame in {} launches: rolled back to \
                         {} ({:?}); {} is marked bad and will not be installed again",
                        active.version,
                        trial.launches,
                        launch.version,
                        launch.source,
                        active.version
                    );
                    state.bad.insert(active.version);
                    state.active = previous;
                    state.previous = None;
                    state.trial = None;
                    self.write_state_or_log(state);
                    return Ok(launch);
                }
                log::error!(
                    "{appid} {} did not show its first frame in {} launches, and there is nothing \
                     to roll back to ({}); launching it again",
                    active.version,
                    trial.launches,
                    reasons.join("; ")
                );
                reasons.clear();
            }
        }

        if let Some(active) = state.active {
            if let Some(usable) = self.usable_slot(active, state, verifier, &mut reasons) {
                // A firmware update brought a newer built-in version than the one
                // installed over the air: it runs (the slots stay for a later update).
                if let Some(newer) = self
                    .bundled_version(verifier)
                    .filter(|b| *b > usable.version && !state.bad.contains(b))
                {
                    if let Some(launch) = self.usable_bundled(verifier, &mut reasons) {
                        log::info!(
                            "{appid}: the bundled {newer} is newer than the installed {}",
                            usable.version
                        );
                        return Ok(launch);
                    }
                }
                let mut changed = usable != active;
                state.active = Some(usable);
                if let Some(trial) = &mut state.trial {
                    trial.launches = trial.launches.saturating_add(1);
                    changed = true;
                }
                if changed {
                    self.write_state_or_log(state);
                }
                return Ok(Launch {
                    path: self.slot_path(usable.slot),
                    version: usable.version,
                    source: LaunchSource::Active,
                });
            }
            log::error!(
                "{appid}: the active slot cannot run ({}); falling back",
                reasons.join("; ")
            );
            let previous = state
                .previous
                .and_then(|p| self.usable_slot(p, state, verifier, &mut reasons));
            // The active slot's file is gone or damaged: forget it (the updater fetches
            // the version again; it is not marked bad, the version did nothing wrong).
            state.active = previous;
            state.previous = None;
            state.trial = None;
            self.write_state_or_log(state);
            if let Some(p) = previous {
                return Ok(Launch {
                    path: self.slot_path(p.slot),
                    version: p.version,
                    source: LaunchSource::Previous,
                });
            }
        } else {
            reasons.push("nothing installed".into());
        }

        match self.usable_bundled(verifier, &mut reasons) {
            Some(launch) => Ok(launch),
            None => Err(UpdateError::NothingToLaunch {
                appid: appid.clone(),
                reasons: reasons.join("; "),
            }),
        }
    }

    /// The slot if its file verifies as this app and not as a bad version; its version
    /// is the verified one (which differs from the recorded one only after a crash in
    /// the middle of an install, and is then logged).
    fn usable_slot(
        &self,
        recorded: Installed,
        state: &State,
        verifier: &dyn Verifier,
        reasons: &mut Vec<String>,
    ) -> Option<Installed> {
        let path = self.slot_path(recorded.slot);
        match self.verify_file(&path, verifier) {
            Ok(version) if state.bad.contains(&version) => {
                reasons.push(format!(
                    "{} holds {version}, which was rolled back",
                    path.display()
                ));
                None
            }
            Ok(version) => {
                if version != recorded.version {
                    log::warn!(
                        "{} holds {version}, state.json says {}",
                        path.display(),
                        recorded.version
                    );
                }
                Some(Installed {
                    slot: recorded.slot,
                    version,
                })
            }
            Err(reason) => {
                reasons.push(format!(
                    "{} ({}): {reason}",
                    path.display(),
                    recorded.version
                ));
                None
            }
        }
    }

    fn usable_bundled(&self, verifier: &dyn Verifier, reasons: &mut Vec<String>) -> Option<Launch> {
        let Some(path) = &self.inner.bundled else {
            reasons.push("no bundled package".into());
            return None;
        };
        match self.verify_file(path, verifier) {
            Ok(version) => Some(Launch {
                path: path.clone(),
                version,
                source: LaunchSource::Bundled,
            }),
            Err(reason) => {
                reasons.push(format!("bundled {}: {reason}", path.display()));
                None
            }
        }
    }

    /// The launched version showed its first frame: its trial is over and it is kept.
    /// The previous slot stays until the next install.
    ///
    /// Only ends the trial of the version this process launched, so a version that the
    /// updater installed while an older one was starting is still on trial.
    pub fn mark_started(&self) -> Result<(), UpdateError> {
        let _guard = lock(&self.inner.state_lock);
        let mut state = self.load(None)?;
        let launched = *lock(&self.inner.launched);
        match (state.trial, state.active) {
            (Some(_), Some(active)) if launched == Some(active) => {
                state.trial = None;
                self.write_state(&state, false)?;
                log::info!("{} {} started cleanly", self.inner.appid, active.version);
            }
            (Some(_), Some(active)) => {
                log::debug!(
                    "{} is on trial but this process did not launch it",
                    active.version
                );
            }
            _ => {}
        }
        Ok(())
    }

    /// Removes everything in `staging/` except `keep`.
    pub(crate) fn clean_staging(&self, keep: Option<&Path>) {
        let dir = self.staging_dir();
        let Ok(entries) = fs::read_dir(&dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if Some(path.as_path()) != keep {
                log::debug!("removing stale {}", path.display());
                remove_if_exists(&path);
            }
        }
    }
}
