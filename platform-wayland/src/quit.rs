//! SIGINT and SIGTERM as [`InputEvent::Quit`](mica_engine::platform::InputEvent::Quit):
//! the app stops through the runtime (pages unload, storage is written) instead of dying.
//! A second signal while the first is pending terminates as usual, so a hung app still
//! stops on a second Ctrl-C.
//!
//! signal-hook's actions are registry-based (they chain with an embedder's handlers) and
//! async-signal-safe: one sets a flag, one writes a byte to a pipe that the platform's
//! wait polls next to the Wayland socket.

use std::io::{self, Read};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::SigId;

/// The registered actions; dropping it unregisters them.
#[derive(Debug)]
pub(crate) struct QuitSignals {
    flag: Arc<AtomicBool>,
    read: UnixStream,
    /// Kept for tests, which play the signal's part.
    #[cfg(test)]
    write: UnixStream,
    ids: Vec<SigId>,
    delivered: bool,
}

impl QuitSignals {
    pub(crate) fn register() -> io::Result<QuitSignals> {
        let (read, write) = UnixStream::pair()?;
        read.set_nonblocking(true)?;
        write.set_nonblocking(true)?;
        let mut quit = QuitSignals {
            flag: Arc::new(AtomicBool::new(false)),
            read,
            #[cfg(test)]
            write: write.try_clone()?,
            ids: Vec::new(),
            delivered: false,
        };
        for signal in [SIGINT, SIGTERM] {
            // In this order: a signal arriving with the flag already set terminates.
            quit.ids
                .push(signal_hook::flag::register_conditional_default(
                    signal,
                    quit.flag.clone(),
                )?);
            quit.ids
                .push(signal_hook::flag::register(signal, quit.flag.clone())?);
            quit.ids.push(signal_hook::low_level::pipe::register(
                signal,
                write.try_clone()?,
            )?);
        }
        Ok(quit)
    }

    /// The pipe to poll for readability.
    pub(crate) fn fd(&self) -> BorrowedFd<'_> {
        self.read.as_fd()
    }

    /// True once, after the first signal: drains the pipe and reports the quit.
    pub(crate) fn take(&mut self) -> bool {
        let mut buf = [0u8; 16];
        while matches!((&self.read).read(&mut buf), Ok(n) if n > 0) {}
        if self.delivered || !self.flag.load(Ordering::SeqCst) {
            return false;
        }
        self.delivered = true;
        true
    }

    /// What the registered actions do when a signal arrives.
    #[cfg(test)]
    pub(crate) fn simulate_signal(&self) {
        use std::io::Write;
        self.flag.store(true, Ordering::SeqCst);
        let _ = (&self.write).write(&[1]);
    }
}

impl Drop for QuitSignals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readable(quit: &QuitSignals) -> bool {
        let fd = quit.fd();
        let mut fds = [rustix::event::PollFd::new(
            &fd,
            rustix::event::PollFlags::IN,
        )];
        let zero = rustix::event::Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        rustix::event::poll(&mut fds, Some(&zero)).is_ok_and(|n| n > 0)
    }

    #[test]
    fn a_signal_is_one_quit_and_wakes_the_poll() {
        let mut quit = QuitSignals::register().expect("register");
        assert!(!quit.take(), "nothing yet");
        assert!(!readable(&quit));
        quit.simulate_signal();
        assert!(readable(&quit), "the wait wakes up");
        assert!(quit.take());
        assert!(!quit.take(), "delivered once");
        assert!(!readable(&quit), "the pipe was drained");
    }
}
