//! What the platform did, readable while the runtime owns it.

use std::sync::{Arc, Mutex, PoisonError};

use crate::buffer::PixelRect;

/// Counters of the protocol traffic: for logs, `--stats`-style output and tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaylandStats {
    /// `xdg_toplevel` configure sequences received.
    pub configures: u64,
    /// The latest configured size in surface coordinates (`None`: client's choice).
    pub configured_size: Option<(u32, u32)>,
    /// Whether the latest configure had the fullscreen state.
    pub fullscreen: bool,
    /// The buffer scale Mica renders at.
    pub scale: u32,
    /// Surface commits with a new buffer.
    pub commits: u64,
    /// The damage of the latest commit, in buffer pixels.
    pub last_damage: Vec<PixelRect>,
    /// Pixels converted into shm buffers, in all (damage plus what a buffer missed).
    pub pixels_copied: u64,
    /// `wl_shm` buffers created.
    pub buffers_created: u64,
    /// `wl_buffer.release` events received.
    pub releases: u64,
    /// Frame callbacks received (`wl_callback.done` for `wl_surface.frame`).
    pub frame_callbacks: u64,
    /// Presents that waited for the previous frame callback before committing.
    pub paced: u64,
    /// Presents that committed without it because it was late (the window is hidden, or
    /// the compositor is slow).
    pub pacing_timeouts: u64,
}

/// A shared view of the [`WaylandStats`], cloneable and cheap; it stays valid after the
/// platform moved into the runtime.
#[derive(Clone, Debug, Default)]
pub struct StatsHandle(Arc<Mutex<WaylandStats>>);

impl StatsHandle {
    /// A copy of the current counters.
    pub fn get(&self) -> WaylandStats {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn update(&self, f: impl FnOnce(&mut WaylandStats)) {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner));
    }
}
