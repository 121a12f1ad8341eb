//! What the view side decides for the logic thread's system APIs at start-up: the
//! account `wx.getAccountInfoSync()` reports, and where `wx.reportEvent` queues events
//! (which the firmware takes with [`Runtime::drain_events`]).

use crate::package::Package;
use crate::script::{AccountInfo, EnvVersion, EventQueue, ReportedEvent};

use super::{Runtime, RuntimeConfig};

/// The account of `package`: a signed package is a `release` with the manifest's appid
/// and version; a source directory is `develop`, with `project.config.json`'s `appid`
/// (else the directory name) and no version.
pub(super) fn account_info(package: &Package) -> AccountInfo {
    if let Some(m) = package.manifest() {
        return AccountInfo {
            app_id: m.appid.clone(),
            env_version: EnvVersion::Release,
            version: m.version.clone(),
        };
    }
    let from_project = package
        .read_json("project.config.json")
        .ok()
        .and_then(|v| v.get("appid")?.as_str().map(str::to_string))
        .filter(|id| !id.trim().is_empty());
    AccountInfo {
        app_id: from_project.unwrap_or_else(|| package.name().to_string()),
        env_version: EnvVersion::Develop,
        version: String::new(),
    }
}

/// The event queue of `package`: `events.jsonl` beside its `storage.json` when there is
/// a storage directory, else memory.
pub(super) fn event_queue(package: &Package, config: &RuntimeConfig) -> EventQueue {
    match super::storage_path(package, config) {
        Some(storage) => EventQueue::file(storage.with_file_name(crate::script::EVENTS_FILE)),
        None => EventQueue::memory(),
    }
}

impl Runtime {
    /// Takes the events the app reported with `wx.reportEvent`, oldest first, out of
    /// its queue (the file `<storage_dir>/<appid>/events.jsonl`, or memory without a
    /// storage directory). Safe while the app runs; see
    /// [`crate::script::drain_events`] to drain an app that is not running.
    pub fn drain_events(&self) -> Vec<ReportedEvent> {
        self.events.drain()
    }
}
