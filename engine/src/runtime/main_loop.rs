//! The device main loop: input from the platform, the clock moved by the time that really
//! passed, a frame when something changed. Tests and `mica render` do not use it: they
//! call [`Runtime::press`], [`Runtime::advance`] and friends themselves, so their time is
//! exact.

use std::time::{Duration, Instant};

use super::Runtime;
use crate::EngineError;

/// The longest the loop waits for input when nothing is scheduled. Timers and replies on
/// the logic thread (a `setTimeout`, a finished `wx.request`) are picked up at least this
/// often.
const IDLE_WAIT: Duration = Duration::from_millis(50);

/// The frame interval while something animates (60 Hz). A platform that waits for vsync
/// in `present` paces itself; this keeps the headless and plain-fbdev cases from spinning.
const FRAME: Duration = Duration::from_micros(16_667);

impl Runtime {
    /// Runs the app on its platform until the platform sends [`InputEvent::Quit`]
    /// (window closed, SIGINT/SIGTERM) or the app leaves (Back on the root page).
    ///
    /// Each turn waits on [`crate::platform::Platform::wait_input`] until input arrives,
    /// the next scheduled step is due ([`Runtime::next_wakeup`]) or [`IDLE_WAIT`] passes,
    /// handles the input, then [`Runtime::advance`]s the clock by the real time elapsed,
    /// which draws and presents the frame.
    ///
    /// [`InputEvent::Quit`]: crate::platform::InputEvent::Quit
    pub fn run(&mut self) -> Result<(), EngineError> {
        let mut last = Instant::now();
        let mut last_frame = last;
        loop {
            let wait = match self.next_wakeup() {
                Some(d) if d.is_zero() => FRAME.saturating_sub(last_frame.elapsed()),
                Some(d) => d.min(IDLE_WAIT),
                None => IDLE_WAIT,
            };
            let events = self.platform.wait_input(wait)?;
            for event in events {
                if !self.handle_input(event)? {
                    return Ok(());
                }
            }
            if self.exit_requested() {
                return Ok(());
            }
            let now = Instant::now();
            self.advance(now.saturating_duration_since(last))?;
            last = now;
            last_frame = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::headless::HeadlessPlatform;
    use crate::platform::{InputEvent, Key};
    use crate::runtime::{Runtime, RuntimeConfig};

    #[test]
    fn run_handles_queued_input_and_stops_at_quit() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../apps/tv-launcher");
        let mut platform = HeadlessPlatform::new(320, 240);
        platform.push_input(InputEvent::Key {
            key: Key::Down,
            pressed: true,
        });
        platform.push_input(InputEvent::Quit);
        let package = crate::package::Package::open(dir).expect("package");
        let mut rt = Runtime::with_platform(package, RuntimeConfig::default(), Box::new(platform))
            .expect("runtime");
        rt.launch(None).expect("launch");
        let before = rt.focused();
        rt.run().expect("run");
        // Down moved the focus, then Quit ended the loop (it would wait forever otherwise).
        assert_ne!(rt.focused(), before);
        assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    }
}
