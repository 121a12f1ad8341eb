//! `state.json` and the file operations that keep it and the slots whole.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{UpdateError, Version};

pub(super) const STATE: &str = "state.json";
pub(super) const STATE_TMP: &str = "state.json.tmp";
pub(super) const STATE_CORRUPT: &str = "state.json.corrupt";
pub(super) const STATE_FORMAT: u32 = 1;

/// One of the two package slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Slot {
    A,
    B,
}

impl Slot {
    pub(super) fn other(self) -> Slot {
        match self {
            Slot::A => Slot::B,
            Slot::B => Slot::A,
        }
    }

    pub(super) fn file_name(self) -> &'static str {
        match self {
            Slot::A => "a.mpk",
            Slot::B => "b.mpk",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Installed {
    pub(super) slot: Slot,
    pub(super) version: Version,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Trial {
    pub(super) launches: u32,
}

/// `state.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct State {
    pub(super) format: u32,
    pub(super) appid: String,
    pub(super) active: Option<Installed>,
    pub(super) previous: Option<Installed>,
    pub(super) trial: Option<Trial>,
    pub(super) bad: BTreeSet<Version>,
}

impl State {
    pub(super) fn empty(appid: &str) -> State {
        State {
            format: STATE_FORMAT,
            appid: appid.to_string(),
            active: None,
            previous: None,
            trial: None,
            bad: BTreeSet::new(),
        }
    }

    pub(super) fn check(&self, appid: &str) -> Result<(), String> {
        if self.format != STATE_FORMAT {
            return Err(format!("unknown format {}", self.format));
        }
        if self.appid != appid {
            return Err(format!("it is for app `{}`", self.appid));
        }
        match (self.active, self.previous) {
            (None, Some(_)) => Err("a previous slot without an active one".into()),
            (Some(a), Some(p)) if a.slot == p.slot => {
                Err("active and previous share a slot".into())
            }
            (None, None) if self.trial.is_some() => Err("a trial without a version".into()),
            _ => Ok(()),
        }
    }
}

/// What reading `state.json` found.
pub(super) enum Loaded {
    Missing,
    Found(State),
    Corrupt(String),
}

pub(crate) fn remove_if_exists(path: &Path) {
    if let Err(e) = fs::remove_file(path) {
        if e.kind() != io::ErrorKind::NotFound {
            log::warn!("could not remove {}: {e}", path.display());
        }
    }
}

pub(super) fn copy_synced(from: &Path, to: &Path) -> Result<(), UpdateError> {
    let mut src = File::open(from).map_err(UpdateError::io(from))?;
    let mut dst = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(to)
        .map_err(UpdateError::io(to))?;
    io::copy(&mut src, &mut dst).map_err(UpdateError::io(to))?;
    dst.sync_all().map_err(UpdateError::io(to))
}

/// Makes a rename in `dir` durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), UpdateError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(UpdateError::io(dir))
    }
    #[cfg(not(unix))]
    {
        // Windows cannot open a directory as a file; its renames are journaled.
        let _ = dir;
        Ok(())
    }
}
