//! # mica-platform-fb
//!
//! The Linux framebuffer platform: frames go to `/dev/fbN`, input comes from evdev
//! (`/dev/input/event*`: keyboards, IR receivers through rc-core, touchscreens). It is the
//! last stage of the pipeline on a set-top box or kiosk without a compositor: the runtime
//! renders a frame and its damage, [`FbdevPlatform`] converts the damaged rectangles into
//! the panel's pixel format, and hands raw key codes back through the device keymap.
//!
//! ```no_run
//! use mica_engine::config::DeviceConfig;
//! use mica_engine::package::Package;
//! use mica_engine::runtime::{Runtime, RuntimeConfig};
//! use mica_platform_fb::FbdevPlatform;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let config = DeviceConfig::load("/etc/mica/device.json".as_ref())?;
//! let platform = FbdevPlatform::from_config(&config)?; // or FbdevPlatform::open(&config.fbdev, keymap)
//! let package = Package::open("/opt/apps/launcher")?;
//! let mut rt = Runtime::with_platform(package, RuntimeConfig::default(), Box::new(platform))?;
//! rt.launch(None)?;
//! rt.run()?; // until SIGINT/SIGTERM or Back on the root page
//! # Ok(()) }
//! ```
//!
//! What it does, from the `fbdev` section of the device config
//! ([`mica_engine::config::FbdevConfig`], documented in docs/device-config.md and
//! docs/fbdev.md):
//!
//! - **Output.** The framebuffer's geometry comes from `FBIOGET_VSCREENINFO` and
//!   `FBIOGET_FSCREENINFO` (or, for a regular file standing in for the device, from the
//!   config's `geometry`: the only difference between the two). The pixel format is derived
//!   from the bitfields ([`PixelFormat`]: XRGB8888, ARGB8888, RGB888, RGB565 and their BGR
//!   twins); rows honour `line_length` and the `xoffset`/`yoffset` of the visible area.
//!   Only the damaged rectangles are converted. When the virtual height holds two screens,
//!   frames are drawn into the back buffer and shown with `FBIOPAN_DISPLAY`; the back
//!   buffer also receives the damage of the frame it missed. `FBIO_WAITFORVSYNC` is used
//!   when the driver has it.
//! - **Console.** The tty (`/dev/tty0`) is put in `KD_GRAPHICS` mode and given its mode
//!   back on drop, on an error while opening, on panic and on a second SIGINT/SIGTERM.
//! - **Quit.** SIGINT and SIGTERM make [`Platform::wait_input`] return
//!   [`InputEvent::Quit`], so `Runtime::run` returns and the platform is dropped cleanly;
//!   [`FbdevPlatform::quit_handle`] does the same from another thread.
//! - **Input.** Devices are opened non-blocking and read without blocking in
//!   [`Platform::poll_input`]; [`Platform::wait_input`] blocks in `poll(2)` on them, the
//!   quit pipe and an inotify watch on the input directories (hot-plug). Keys go through
//!   the keymap's `evdev` table (autorepeat is a press), IR scancodes (`MSC_SCAN`) through
//!   its `ir` table, touchscreens become pointer events scaled to the screen (see
//!   [`InputRecord`] for the record format, which recorded streams use too).
//!
//! Everything that needs `unsafe` (ioctls, `mmap`, `poll`, inotify, signal actions) lives
//! in one private module, `sys`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mica_engine::config::{DeviceConfig, FbdevConfig, KeyMap};
use mica_engine::platform::{Frame, InputEvent, Platform, PlatformError};
use mica_layout::Rect;

mod console;
mod evdev;
mod format;
mod framebuffer;
mod input;
mod quit;
#[allow(unsafe_code)]
mod sys;

pub use evdev::InputRecord;
pub use format::{Alpha, Bitfield, PixelFormat};
pub use framebuffer::Geometry;
pub use quit::QuitHandle;

use console::Console;
use framebuffer::Framebuffer;
use input::Inputs;
use quit::QuitShared;

/// The platform's name in logs and errors.
const NAME: &str = "fbdev";

/// Errors carrying the path they concern.
mod error {
    use std::io;
    use std::path::Path;

    use mica_engine::platform::PlatformError;

    /// An OS error of `what` on `path`.
    pub(crate) fn io(path: &Path, what: &str, e: io::Error) -> PlatformError {
        PlatformError::Io {
            platform: super::NAME,
            source: io::Error::new(e.kind(), format!("{}: {what}: {e}", path.display())),
        }
    }

    /// Something about `path` Mica cannot use.
    pub(crate) fn invalid(path: &Path, message: impl std::fmt::Display) -> PlatformError {
        PlatformError::Io {
            platform: super::NAME,
            source: io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: {message}", path.display()),
            ),
        }
    }
}

/// The Linux framebuffer platform: a mapped `/dev/fbN` (or a file standing in for one)
/// and evdev input devices.
///
/// Dropping it restores the console and stops catching signals.
pub struct FbdevPlatform {
    // Dropped first: no signal action runs once the rest goes away.
    signals: Option<sys::QuitSignals>,
    console: Option<Arc<Console>>,
    fb: Framebuffer,
    inputs: Inputs,
    quit: Arc<QuitShared>,
    keymap: KeyMap,
}

impl std::fmt::Debug for FbdevPlatform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FbdevPlatform")
            .field("device", &self.fb.path())
            .field("geometry", self.fb.geometry())
            .field("page_flipping", &self.fb.flipping())
            .field("console", &self.console.is_some())
            .field("inputs", &self.inputs.paths())
            .finish_non_exhaustive()
    }
}

impl FbdevPlatform {
    /// Opens the framebuffer, console and input devices `config` names; raw key codes
    /// become keys through `keymap` (usually [`DeviceConfig::keymap`]).
    ///
    /// Fails when the framebuffer cannot be opened, queried or mapped, or has a pixel
    /// format Mica cannot draw; the error names the device. Input devices that cannot be
    /// opened and a console that is not a virtual terminal are skipped with a warning.
    pub fn open(config: &FbdevConfig, keymap: KeyMap) -> Result<FbdevPlatform, PlatformError> {
        let quit =
            Arc::new(QuitShared::new().map_err(|e| error::io(Path::new("pipe"), "pipe2", e))?);
        let fb = Framebuffer::open(config)?;
        // From here on, an error drops the console guard, which restores the mode.
        let console = config.tty.as_deref().and_then(Console::enter_graphics);
        let g = *fb.geometry();
        let inputs = Inputs::open(config, (g.width, g.height))?;
        let signals = if config.signals {
            let caught = sys::QuitSignals::catch(quit.clone(), console.clone())
                .map_err(|e| error::io(Path::new("signals"), "SIGINT/SIGTERM", e))?;
            Some(caught)
        } else {
            None
        };
        Ok(FbdevPlatform {
            signals,
            console,
            fb,
            inputs,
            quit,
            keymap,
        })
    }

    /// [`FbdevPlatform::open`] with the config's `fbdev` section and keymap.
    pub fn from_config(config: &DeviceConfig) -> Result<FbdevPlatform, PlatformError> {
        FbdevPlatform::open(&config.fbdev, config.keymap())
    }

    /// A handle that makes [`Platform::wait_input`] return [`InputEvent::Quit`], as
    /// SIGTERM does; it can be sent to another thread.
    pub fn quit_handle(&self) -> QuitHandle {
        QuitHandle(self.quit.clone())
    }

    /// The framebuffer's geometry and pixel format.
    pub fn geometry(&self) -> Geometry {
        *self.fb.geometry()
    }

    /// Whether frames are double-buffered with `FBIOPAN_DISPLAY`.
    pub fn page_flipping(&self) -> bool {
        self.fb.flipping()
    }

    /// The offset (x, y) of the buffer on screen: with page flipping the y alternates
    /// between 0 and the screen height.
    pub fn pan_offset(&self) -> (u32, u32) {
        self.fb.pan_offset()
    }

    /// Whether the console was switched to graphics mode (and will be restored).
    pub fn console_in_graphics_mode(&self) -> bool {
        self.console.is_some()
    }

    /// The input devices open now.
    pub fn input_devices(&self) -> Vec<PathBuf> {
        self.inputs.paths()
    }
}

impl Drop for FbdevPlatform {
    fn drop(&mut self) {
        self.signals.take();
        if let Some(c) = &self.console {
            c.restore();
        }
    }
}

impl Platform for FbdevPlatform {
    fn name(&self) -> &'static str {
        NAME
    }

    fn size(&self) -> (u32, u32) {
        let g = self.fb.geometry();
        (g.width, g.height)
    }

    fn present(&mut self, frame: Frame<'_>, damage: &[Rect]) -> Result<(), PlatformError> {
        self.fb.present(frame, damage)
    }

    /// Input already there, after any quit request: device events first, then
    /// [`InputEvent::Quit`] (also on every later call).
    fn poll_input(&mut self) -> Result<Vec<InputEvent>, PlatformError> {
        let mut events = Vec::new();
        self.inputs.read(&self.keymap, &mut events);
        if self.quit.flag().load(std::sync::atomic::Ordering::SeqCst) {
            self.quit.drain();
            events.push(InputEvent::Quit);
        }
        Ok(events)
    }

    fn wait_input(&mut self, timeout: Duration) -> Result<Vec<InputEvent>, PlatformError> {
        let deadline = Instant::now().checked_add(timeout);
        let mut raw = Vec::new();
        let mut fds = Vec::new();
        loop {
            let events = self.poll_input()?;
            let left = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()),
                None => Duration::from_millis(i32::MAX as u64),
            };
            if !events.is_empty() || left.is_zero() {
                return Ok(events);
            }
            raw.clear();
            raw.push(self.quit.read_fd());
            self.inputs.poll_fds(&mut raw);
            fds.clear();
            fds.extend(raw.iter().map(|&fd| libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            }));
            // Rounded up: a wait of less than a millisecond must not spin.
            let ms = left.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32;
            sys::poll(&mut fds, ms).map_err(|e| error::io(Path::new("poll"), "poll", e))?;
        }
    }
}
