//! Quitting: SIGINT/SIGTERM, or [`QuitHandle::request`] from another thread, set a flag
//! and write a byte to a self-pipe whose read end `wait_input` polls, so a blocked wait
//! returns [`mica_engine::platform::InputEvent::Quit`] at once.

use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::sys;

/// The quit flag and its wake-up pipe, shared with the signal action.
#[derive(Debug)]
pub(crate) struct QuitShared {
    flag: AtomicBool,
    read: File,
    wake: File,
}

impl QuitShared {
    pub(crate) fn new() -> io::Result<QuitShared> {
        let (read, wake) = sys::pipe()?;
        Ok(QuitShared {
            flag: AtomicBool::new(false),
            read,
            wake,
        })
    }

    /// The flag (also swapped by the signal action).
    pub(crate) fn flag(&self) -> &AtomicBool {
        &self.flag
    }

    /// The pipe's write end (written by the signal action).
    pub(crate) fn wake_fd(&self) -> RawFd {
        self.wake.as_raw_fd()
    }

    /// The pipe's read end, for `poll`.
    pub(crate) fn read_fd(&self) -> RawFd {
        self.read.as_raw_fd()
    }

    /// Empties the pipe (it is non-blocking).
    pub(crate) fn drain(&self) {
        let mut buf = [0u8; 64];
        while matches!((&self.read).read(&mut buf), Ok(n) if n > 0) {}
    }
}

/// Asks a running [`crate::FbdevPlatform`] to quit, as SIGTERM does: its `wait_input`
/// returns [`mica_engine::platform::InputEvent::Quit`] (after any input already read).
/// Cheap to clone and usable from any thread.
#[derive(Debug, Clone)]
pub struct QuitHandle(pub(crate) Arc<QuitShared>);

impl QuitHandle {
    /// Requests the quit.
    pub fn request(&self) {
        self.0.flag.store(true, Ordering::SeqCst);
        sys::write_wake_byte(self.0.wake_fd());
    }

    /// Whether a quit was requested (by this handle or a signal).
    pub fn requested(&self) -> bool {
        self.0.flag.load(Ordering::SeqCst)
    }
}
