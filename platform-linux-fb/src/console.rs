//! The text console: switched to graphics mode (`KDSETMODE KD_GRAPHICS`) while Mica draws,
//! so the kernel neither draws text nor blinks a cursor over the framebuffer, and given its
//! previous mode back on drop, on a quit signal (see `sys::QuitSignals`) and on panic.

use std::fs::{File, OpenOptions};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Once, Weak};

use crate::sys;

/// A virtual terminal in graphics mode until restored.
#[derive(Debug)]
pub(crate) struct Console {
    path: PathBuf,
    tty: File,
    saved: libc::c_int,
    restored: AtomicBool,
}

impl Console {
    /// Switches `path` to graphics mode. A tty that cannot be opened or is not a virtual
    /// terminal (no `KDGETMODE`: a serial line, a pty, a file) is skipped with a warning:
    /// the platform works without, only the console may show through.
    pub(crate) fn enter_graphics(path: &Path) -> Option<Arc<Console>> {
        let tty = match OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NOCTTY)
            .open(path)
        {
            Ok(f) => f,
            Err(e) => {
                log::warn!("fbdev: console {}: {e}; leaving it alone", path.display());
                return None;
            }
        };
        let saved = match sys::kd_get_mode(&tty) {
            Ok(mode) => mode,
            Err(e) => {
                log::warn!(
                    "fbdev: console {} is not a virtual terminal ({e}); leaving it alone",
                    path.display()
                );
                return None;
            }
        };
        if let Err(e) = sys::kd_set_mode(tty.as_raw_fd(), sys::KD_GRAPHICS) {
            log::warn!("fbdev: console {}: KDSETMODE: {e}", path.display());
            return None;
        }
        let console = Arc::new(Console {
            path: path.to_path_buf(),
            tty,
            saved,
            restored: AtomicBool::new(false),
        });
        watch_for_panics(&console);
        Some(console)
    }

    /// Gives the console its previous mode back (once).
    pub(crate) fn restore(&self) {
        if self.restored.swap(true, Ordering::SeqCst) {
            return;
        }
        if let Err(e) = sys::kd_set_mode(self.tty.as_raw_fd(), self.saved) {
            log::warn!(
                "fbdev: console {}: restoring mode: {e}",
                self.path.display()
            );
        }
    }

    /// Set once the mode was given back (also by the signal action).
    pub(crate) fn restored(&self) -> &AtomicBool {
        &self.restored
    }

    /// The tty's fd, for the signal action.
    pub(crate) fn tty_fd(&self) -> RawFd {
        self.tty.as_raw_fd()
    }

    /// The mode to restore.
    pub(crate) fn saved_mode(&self) -> libc::c_int {
        self.saved
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        self.restore();
    }
}

/// Consoles in graphics mode, restored by the panic hook: with `panic = "abort"` (the
/// firmware profile) no destructor runs, and a console left in graphics mode shows
/// nothing but the last frame.
static IN_GRAPHICS: Mutex<Vec<Weak<Console>>> = Mutex::new(Vec::new());

fn watch_for_panics(console: &Arc<Console>) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Ok(list) = IN_GRAPHICS.lock() {
                for c in list.iter().filter_map(Weak::upgrade) {
                    c.restore();
                }
            }
            previous(info);
        }));
    });
    if let Ok(mut list) = IN_GRAPHICS.lock() {
        list.retain(|w| w.strong_count() > 0);
        list.push(Arc::downgrade(console));
    }
}
