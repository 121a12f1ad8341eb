//! [`WaylandPlatform`]: connecting, showing the window, presenting frames and waiting for
//! input on the connection.

use std::ffi::OsString;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mica_engine::config::KeyMap;
use mica_engine::platform::{Frame, InputEvent, Platform, PlatformError};
use mica_layout::Rect;
use rustix::event::{PollFd, PollFlags, Timespec};
use smithay_client_toolkit::compositor::CompositorState;
use smithay_client_toolkit::output::OutputState;
use smithay_client_toolkit::registry::RegistryState;
use smithay_client_toolkit::seat::SeatState;
use smithay_client_toolkit::shell::xdg::window::WindowDecorations;
use smithay_client_toolkit::shell::xdg::XdgShell;
use smithay_client_toolkit::shell::WaylandSurface;
use smithay_client_toolkit::shm::Shm;
use wayland_client::globals::registry_queue_init;
use wayland_client::{Connection, EventQueue, Proxy};

use crate::buffer::{buffer_size, convert_rect, frame_size, PixelRect, WindowMode, MAX_SCALE};
use crate::error::WaylandError;
use crate::input::{HeldKeys, KeyRepeat, PointerTracker, TouchTracker};
use crate::quit::QuitSignals;
use crate::state::{ShmBuffer, State};
use crate::stats::StatsHandle;
use crate::sys::Xkb;
use crate::NAME;

/// The longest a present waits for the previous frame's callback before committing
/// anyway (the window is hidden, or the compositor is slow).
pub const FRAME_WAIT: Duration = Duration::from_millis(100);

/// How long a present waits for the compositor to release one of the two buffers before
/// it makes a third.
const RELEASE_WAIT: Duration = Duration::from_millis(100);

/// Buffers at most; with all of them held for [`HELD_WAIT`], presenting fails.
const MAX_BUFFERS: usize = 3;
const HELD_WAIT: Duration = Duration::from_secs(2);

/// The longest single `poll(2)`; callers loop for longer waits.
const MAX_POLL: Duration = Duration::from_secs(3600);

/// How to connect and what window to ask for. Built from [`WaylandOptions::default`]
/// (fullscreen on `$WAYLAND_DISPLAY`) with the setters below.
#[derive(Clone, Debug)]
pub struct WaylandOptions {
    display: Option<PathBuf>,
    mode: WindowMode,
    title: String,
    app_id: String,
    scale: Option<u32>,
    configure_timeout: Duration,
    frame_wait: Duration,
    signals: bool,
}

impl Default for WaylandOptions {
    fn default() -> Self {
        WaylandOptions {
            display: None,
            mode: WindowMode::Fullscreen,
            title: "Mica".to_string(),
            app_id: "mica".to_string(),
            scale: None,
            configure_timeout: Duration::from_secs(5),
            frame_wait: FRAME_WAIT,
            signals: true,
        }
    }
}

impl WaylandOptions {
    /// The compositor's socket: a name in `$XDG_RUNTIME_DIR` (`wayland-1`) or an absolute
    /// path. Default: `$WAYLAND_SOCKET`, else `$WAYLAND_DISPLAY`, else `wayland-0`, as
    /// libwayland does.
    pub fn display(mut self, display: impl Into<PathBuf>) -> Self {
        self.display = Some(display.into());
        self
    }

    /// A fullscreen window at the compositor's size (the default).
    pub fn fullscreen(mut self) -> Self {
        self.mode = WindowMode::Fullscreen;
        self
    }

    /// A `width` x `height` window (surface coordinates), for development on a desktop.
    pub fn windowed(mut self, width: u32, height: u32) -> Self {
        self.mode = WindowMode::Windowed { width, height };
        self
    }

    /// The window title (default `Mica`).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The `xdg_toplevel` app id compositors match rules on (default `mica`).
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = app_id.into();
        self
    }

    /// The buffer scale (1 to 8), instead of the highest output scale.
    pub fn scale(mut self, scale: u32) -> Self {
        self.scale = Some(scale.clamp(1, MAX_SCALE));
        self
    }

    /// How long [`WaylandPlatform::connect`] waits for the compositor to configure the
    /// window (default 5 s).
    pub fn configure_timeout(mut self, timeout: Duration) -> Self {
        self.configure_timeout = timeout;
        self
    }

    /// How long a present waits for the previous frame's callback before committing
    /// anyway (default [`FRAME_WAIT`]).
    pub fn frame_wait(mut self, wait: Duration) -> Self {
        self.frame_wait = wait;
        self
    }

    /// Whether SIGINT and SIGTERM become [`InputEvent::Quit`] (default true; a second
    /// signal terminates). Off for an embedder that handles signals itself.
    pub fn signals(mut self, on: bool) -> Self {
        self.signals = on;
        self
    }

    /// The window mode asked for.
    pub fn mode(&self) -> WindowMode {
        self.mode
    }
}

/// The Wayland platform: one `xdg_toplevel` and the seat's input.
pub struct WaylandPlatform {
    conn: Connection,
    queue: EventQueue<State>,
    state: State,
    /// Keeps `xdg_wm_base` bound for the window's life.
    _xdg: XdgShell,
    size: (u32, u32),
    last_commit: Option<Instant>,
    /// The buffer size of the last commit (a new size damages the whole buffer).
    committed_size: Option<(u32, u32)>,
    /// The id of the buffer last committed.
    front: Option<u64>,
    /// SIGINT/SIGTERM, when caught.
    quit: Option<QuitSignals>,
    frame_wait: Duration,
}

impl std::fmt::Debug for WaylandPlatform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaylandPlatform")
            .field("size", &self.size)
            .field("scale", &self.state.scale)
            .field("buffers", &self.state.buffers.len())
            .finish_non_exhaustive()
    }
}

impl WaylandPlatform {
    /// Connects with the default options (fullscreen on `$WAYLAND_DISPLAY`) and the
    /// built-in keymap.
    pub fn open() -> Result<Self, PlatformError> {
        Ok(Self::connect(
            &WaylandOptions::default(),
            KeyMap::builtin(),
        )?)
    }

    /// Connects to the compositor, maps the window and waits for its first configure,
    /// which sets [`Platform::size`]. Keys go through `keymap` (its `keysym` table; the
    /// `evdev` table for keys the compositor's keymap has no keysym for).
    pub fn connect(options: &WaylandOptions, keymap: KeyMap) -> Result<Self, WaylandError> {
        let xkb = Xkb::load().ok_or(WaylandError::NoXkbcommon)?;
        let path = socket_path(
            options.display.as_deref(),
            std::env::var_os("WAYLAND_SOCKET"),
            std::env::var_os("WAYLAND_DISPLAY"),
            std::env::var_os("XDG_RUNTIME_DIR"),
        )?;
        let conn = match path {
            Some(path) => {
                let stream = UnixStream::connect(&path)
                    .map_err(|source| WaylandError::Connect { path, source })?;
                Connection::from_socket(stream)
            }
            None => Connection::connect_to_env(),
        }
        .map_err(|e| WaylandError::Connection(e.to_string()))?;
        let (globals, mut queue) = registry_queue_init::<State>(&conn)
            .map_err(|e| WaylandError::Connection(e.to_string()))?;
        let qh = queue.handle();
        let compositor = CompositorState::bind(&globals, &qh)
            .map_err(|_| WaylandError::MissingGlobal("wl_compositor"))?;
        let xdg = XdgShell::bind(&globals, &qh)
            .map_err(|_| WaylandError::MissingGlobal("xdg_wm_base"))?;
        let shm = Shm::bind(&globals, &qh).map_err(|_| WaylandError::MissingGlobal("wl_shm"))?;
        let stats = StatsHandle::default();
        let mut state = State {
            registry: RegistryState::new(&globals),
            outputs: OutputState::new(&globals, &qh),
            seats: SeatState::new(&globals, &qh),
            shm,
            compositor,
            window: None,
            configured: None,
            close_requested: false,
            scale: 1,
            frame_pending: false,
            buffers: Vec::new(),
            retired: Vec::new(),
            next_buffer_id: 0,
            keymap,
            xkb,
            keyboards: Vec::new(),
            pointers: Vec::new(),
            touches: Vec::new(),
            pointer: PointerTracker::new(1),
            touch: TouchTracker::new(1),
            repeat: KeyRepeat::default(),
            held: HeldKeys::default(),
            events: Vec::new(),
            stats: stats.clone(),
        };
        // The outputs' modes and scales arrive after they are bound: two round trips.
        queue.roundtrip(&mut state)?;
        queue.roundtrip(&mut state)?;
        let (output_scale, output_size) = outputs_summary(&state.outputs);
        let scale = options.scale.unwrap_or(output_scale).clamp(1, MAX_SCALE);
        state.scale = scale;
        state.pointer = PointerTracker::new(scale);
        state.touch = TouchTracker::new(scale);
        stats.update(|s| s.scale = scale);

        let surface = state.compositor.create_surface(&qh);
        let window = xdg.create_window(surface, WindowDecorations::RequestServer, &qh);
        window.set_title(options.title.clone());
        window.set_app_id(options.app_id.clone());
        if options.mode == WindowMode::Fullscreen {
            window.set_fullscreen(None);
        }
        if scale > 1 && window.wl_surface().version() >= 3 {
            // Applied with the first buffer; our buffer sizes are multiples of the scale.
            window.wl_surface().set_buffer_scale(scale as i32); // at most MAX_SCALE
        }
        // The initial commit without a buffer asks for the first configure.
        window.wl_surface().commit();
        state.window = Some(window);

        let mut platform = WaylandPlatform {
            conn,
            queue,
            state,
            _xdg: xdg,
            size: (1, 1),
            last_commit: None,
            committed_size: None,
            front: None,
            quit: None,
            frame_wait: options.frame_wait,
        };
        let deadline = Instant::now() + options.configure_timeout;
        while platform.state.configured.is_none() && !platform.state.close_requested {
            let now = Instant::now();
            if now >= deadline {
                return Err(WaylandError::NoConfigure(options.configure_timeout));
            }
            platform.dispatch_timeout(deadline - now)?;
        }
        if platform.state.close_requested {
            return Err(WaylandError::ClosedEarly);
        }
        if options.signals {
            platform.quit = Some(QuitSignals::register().map_err(WaylandError::Signals)?);
        }
        let configured = platform.state.configured.unwrap_or_default();
        platform.size = frame_size(options.mode, &configured, output_size, scale);
        log::info!(
            "wayland: {}x{} px at scale {scale} ({configured:?})",
            platform.size.0,
            platform.size.1
        );
        Ok(platform)
    }

    /// The shared counters of what the platform did; valid after the platform moved into
    /// a runtime.
    pub fn stats(&self) -> StatsHandle {
        self.state.stats.clone()
    }

    /// The connection to the compositor, for protocols this crate does not speak (a test
    /// takes weston's screenshots over it, so they are ordered after Mica's commits).
    pub fn connection(&self) -> Connection {
        self.conn.clone()
    }

    /// A copy of the buffer last committed: its size and its pixels as the compositor
    /// reads them (XRGB8888 little-endian: bytes B, G, R, X). For tests and diagnostics:
    /// the compositor repaints only what was damaged, so a screenshot cannot tell whether a
    /// buffer also holds everything that was not.
    pub fn front_buffer(&mut self) -> Option<(u32, u32, Vec<u8>)> {
        let id = self.front?;
        let b = self.state.buffers.iter_mut().find(|b| b.id == id)?;
        let len = b.width as usize * b.height as usize * 4;
        let pixels = b.pool.mmap().get(..len)?.to_vec();
        Some((b.width, b.height, pixels))
    }

    /// Dispatches what is queued; if nothing was, waits up to `timeout` for the socket
    /// (or a quit signal), reads and dispatches what came.
    fn dispatch_timeout(&mut self, timeout: Duration) -> Result<(), WaylandError> {
        if self.queue.dispatch_pending(&mut self.state)? > 0 {
            return Ok(());
        }
        flush(&self.conn)?;
        let Some(guard) = self.queue.prepare_read() else {
            self.queue.dispatch_pending(&mut self.state)?;
            return Ok(());
        };
        let (ready, quit) = {
            let wl_fd = guard.connection_fd();
            let quit_fd = self.quit.as_ref().map(QuitSignals::fd);
            let mut fds = vec![PollFd::new(&wl_fd, PollFlags::IN)];
            if let Some(fd) = &quit_fd {
                fds.push(PollFd::new(fd, PollFlags::IN));
            }
            let ts = Timespec::try_from(timeout.min(MAX_POLL)).unwrap_or(Timespec {
                tv_sec: 3600,
                tv_nsec: 0,
            });
            match rustix::event::poll(&mut fds, Some(&ts)) {
                Ok(_) => (
                    !fds[0].revents().is_empty(),
                    fds.get(1).is_some_and(|f| !f.revents().is_empty()),
                ),
                // A signal: the caller's loop waits again with the time left.
                Err(rustix::io::Errno::INTR) => (false, true),
                Err(e) => return Err(WaylandError::Io(e.into())),
            }
        };
        // Drained here, so a pending quit never keeps the poll spinning.
        if quit && self.quit.as_mut().is_some_and(QuitSignals::take) {
            self.state.events.push(InputEvent::Quit);
        }
        if ready {
            match guard.read() {
                Ok(_) => {}
                Err(wayland_client::backend::WaylandError::Io(e))
                    if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e.into()),
            }
        }
        self.queue.dispatch_pending(&mut self.state)?;
        Ok(())
    }

    /// Input within `timeout`, key repeats included.
    fn wait_events(&mut self, timeout: Duration) -> Result<Vec<InputEvent>, WaylandError> {
        let deadline = Instant::now() + timeout;
        self.dispatch_timeout(Duration::ZERO)?;
        loop {
            let now = Instant::now();
            let repeats = self.state.repeat.due(now);
            self.state.events.extend(repeats);
            if !self.state.events.is_empty() {
                return Ok(std::mem::take(&mut self.state.events));
            }
            if now >= deadline {
                return Ok(Vec::new());
            }
            let until = self
                .state
                .repeat
                .deadline()
                .map_or(deadline, |r| r.min(deadline));
            self.dispatch_timeout(until.saturating_duration_since(now))?;
        }
    }

    fn present_frame(&mut self, frame: Frame<'_>, damage: &[Rect]) -> Result<(), WaylandError> {
        let expected = frame.width as usize * frame.height as usize * 4;
        if frame.pixels.len() < expected || frame.width == 0 || frame.height == 0 {
            return Err(WaylandError::BadFrame {
                width: frame.width,
                height: frame.height,
                len: frame.pixels.len(),
                expected,
            });
        }
        // Releases, frame callbacks and configures that already arrived.
        self.dispatch_timeout(Duration::ZERO)?;
        let scale = self.state.scale;
        let limit = self.state.configured.and_then(|c| c.limit(scale));
        let (bw, bh) = buffer_size((frame.width, frame.height), limit);
        self.retire_buffers_unless(bw, bh);
        let mut rects: Vec<PixelRect> = damage
            .iter()
            .filter_map(|r| PixelRect::covering(r, bw, bh))
            .collect();
        if self.committed_size != Some((bw, bh)) {
            rects = vec![PixelRect::full(bw, bh)];
        }
        if rects.is_empty() {
            // Nothing that shows changed (the damage is outside a cropped buffer).
            return Ok(());
        }
        self.wait_for_frame_callback()?;
        let index = self.free_buffer(bw, bh)?;

        let mut copied = 0;
        for (i, b) in self.state.buffers.iter_mut().enumerate() {
            for r in &rects {
                b.stale.add(*r);
            }
            if i == index {
                let canvas: &mut [u8] = b.pool.mmap();
                for r in b.stale.rects() {
                    convert_rect(frame.pixels, frame.width, canvas, bw, *r);
                    copied += r.area();
                }
                b.stale.clear();
            }
        }

        let Some(window) = &self.state.window else {
            return Ok(());
        };
        let surface = window.wl_surface();
        let buffer = &mut self.state.buffers[index];
        surface.attach(Some(&buffer.buffer), 0, 0);
        for r in &rects {
            let [x, y, w, h] = [r.x, r.y, r.width, r.height].map(|v| v as i32);
            if surface.version() >= 4 {
                surface.damage_buffer(x, y, w, h);
            } else {
                // wl_surface before v4 takes surface coordinates: round outwards.
                let s = scale as i32;
                let (x0, y0) = (x / s, y / s);
                surface.damage(x0, y0, (x + w + s - 1) / s - x0, (y + h + s - 1) / s - y0);
            }
        }
        surface.frame(&self.queue.handle(), surface.clone());
        surface.commit();
        buffer.busy = true;
        self.front = Some(buffer.id);
        self.state.frame_pending = true;
        self.last_commit = Some(Instant::now());
        self.committed_size = Some((bw, bh));
        flush(&self.conn)?;
        self.state.stats.update(|s| {
            s.commits += 1;
            s.pixels_copied += copied;
            s.last_damage = rects;
        });
        Ok(())
    }

    /// Frame pacing: waits (at most `frame_wait`, [`FRAME_WAIT`] by default, after the
    /// last commit) for the last commit's frame callback.
    fn wait_for_frame_callback(&mut self) -> Result<(), WaylandError> {
        if !self.state.frame_pending {
            return Ok(());
        }
        self.state.stats.update(|s| s.paced += 1);
        let deadline = self.last_commit.unwrap_or_else(Instant::now) + self.frame_wait;
        while self.state.frame_pending {
            let now = Instant::now();
            if now >= deadline {
                self.state.frame_pending = false;
                self.state.stats.update(|s| s.pacing_timeouts += 1);
                break;
            }
            self.dispatch_timeout(deadline - now)?;
        }
        Ok(())
    }

    /// Buffers of another size are dropped, or kept until released if the compositor
    /// still reads them.
    fn retire_buffers_unless(&mut self, width: u32, height: u32) {
        let state = &mut self.state;
        if state
            .buffers
            .iter()
            .all(|b| (b.width, b.height) == (width, height))
        {
            return;
        }
        for b in state.buffers.drain(..) {
            if b.busy {
                state.retired.push(b);
            }
        }
    }

    /// A buffer the compositor is not reading: a released one, a new one while there
    /// are fewer than two, else after waiting for a release.
    fn free_buffer(&mut self, width: u32, height: u32) -> Result<usize, WaylandError> {
        let start = Instant::now();
        loop {
            if let Some(i) = self.state.buffers.iter().position(|b| !b.busy) {
                return Ok(i);
            }
            let n = self.state.buffers.len();
            let waited = start.elapsed();
            if n < 2 || (n < MAX_BUFFERS && waited >= RELEASE_WAIT) {
                if n >= 2 {
                    log::warn!("wayland: the compositor holds both buffers; adding a third");
                }
                return self.add_buffer(width, height);
            }
            if waited >= HELD_WAIT {
                return Err(WaylandError::BuffersHeld {
                    count: n,
                    waited: HELD_WAIT,
                });
            }
            let limit = if n < MAX_BUFFERS {
                RELEASE_WAIT
            } else {
                HELD_WAIT
            };
            self.dispatch_timeout(limit.saturating_sub(waited))?;
        }
    }

    fn add_buffer(&mut self, width: u32, height: u32) -> Result<usize, WaylandError> {
        let state = &mut self.state;
        let id = state.next_buffer_id;
        state.next_buffer_id += 1;
        let mut buffer = ShmBuffer::new(&state.shm, &self.queue.handle(), id, width, height)
            .map_err(|source| WaylandError::Shm {
                width,
                height,
                source,
            })?;
        buffer.stale.add(PixelRect::full(width, height));
        state.buffers.push(buffer);
        state.stats.update(|s| s.buffers_created += 1);
        Ok(state.buffers.len() - 1)
    }
}

impl Drop for WaylandPlatform {
    /// Destroys the window and the buffers and sends that, so the window goes away even
    /// if the process lives on.
    fn drop(&mut self) {
        self.state.window = None;
        self.state.buffers.clear();
        self.state.retired.clear();
        let _ = self.conn.flush();
    }
}

impl Platform for WaylandPlatform {
    fn name(&self) -> &'static str {
        NAME
    }

    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn present(&mut self, frame: Frame<'_>, damage: &[Rect]) -> Result<(), PlatformError> {
        Ok(self.present_frame(frame, damage)?)
    }

    fn poll_input(&mut self) -> Result<Vec<InputEvent>, PlatformError> {
        Ok(self.wait_events(Duration::ZERO)?)
    }

    fn wait_input(&mut self, timeout: Duration) -> Result<Vec<InputEvent>, PlatformError> {
        Ok(self.wait_events(timeout)?)
    }
}

/// Sends what is buffered; a full socket keeps the rest for the next flush.
fn flush(conn: &Connection) -> Result<(), WaylandError> {
    match conn.flush() {
        Err(wayland_client::backend::WaylandError::Io(e))
            if e.kind() == std::io::ErrorKind::WouldBlock =>
        {
            Ok(())
        }
        other => Ok(other?),
    }
}

/// The highest output scale, and the first output's size in surface coordinates.
fn outputs_summary(outputs: &OutputState) -> (u32, Option<(u32, u32)>) {
    let mut scale = 1;
    let mut size = None;
    for output in outputs.outputs() {
        let Some(info) = outputs.info(&output) else {
            continue;
        };
        let s = u32::try_from(info.scale_factor).unwrap_or(1).max(1);
        scale = scale.max(s);
        if size.is_none() {
            let logical = info
                .logical_size
                .and_then(|(w, h)| Some((u32::try_from(w).ok()?, u32::try_from(h).ok()?)));
            let mode = info.modes.iter().find(|m| m.current).and_then(|m| {
                let (w, h) = m.dimensions;
                Some((u32::try_from(w).ok()? / s, u32::try_from(h).ok()? / s))
            });
            size = logical.or(mode).filter(|&(w, h)| w > 0 && h > 0);
        }
    }
    (scale, size)
}

/// The socket to connect to, or `None` to use the inherited `WAYLAND_SOCKET` fd.
fn socket_path(
    display: Option<&Path>,
    wayland_socket: Option<OsString>,
    wayland_display: Option<OsString>,
    runtime_dir: Option<OsString>,
) -> Result<Option<PathBuf>, WaylandError> {
    let name = match display {
        Some(d) => d.to_path_buf(),
        None if wayland_socket.is_some() => return Ok(None),
        None => wayland_display
            .filter(|d| !d.is_empty())
            .map_or_else(|| PathBuf::from("wayland-0"), PathBuf::from),
    };
    if name.is_absolute() {
        return Ok(Some(name));
    }
    match runtime_dir.map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => Ok(Some(dir.join(name))),
        _ => Err(WaylandError::NoDisplay(format!(
            "XDG_RUNTIME_DIR is not set to an absolute path, so the display `{}` cannot be found",
            name.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_socket_comes_from_the_options_then_the_environment() {
        let run = Some(OsString::from("/run/user/0"));
        let p = |d: Option<&str>, sock: Option<&str>, disp: Option<&str>, run: Option<OsString>| {
            socket_path(
                d.map(Path::new),
                sock.map(OsString::from),
                disp.map(OsString::from),
                run,
            )
            .map_err(|e| e.to_string())
        };
        assert_eq!(
            p(None, None, Some("wayland-1"), run.clone()),
            Ok(Some(PathBuf::from("/run/user/0/wayland-1")))
        );
        assert_eq!(
            p(None, None, None, run.clone()),
            Ok(Some(PathBuf::from("/run/user/0/wayland-0"))),
            "libwayland's default name"
        );
        assert_eq!(
            p(Some("/tmp/w/mica-1"), Some("5"), Some("wayland-1"), None),
            Ok(Some(PathBuf::from("/tmp/w/mica-1"))),
            "the options win over the environment"
        );
        assert_eq!(p(None, Some("5"), Some("wayland-1"), run), Ok(None));
        let err = p(None, None, Some("wayland-1"), None).expect_err("no runtime dir");
        assert!(err.contains("XDG_RUNTIME_DIR"), "{err}");
        let err = p(None, None, None, Some(OsString::from("relative"))).expect_err("relative");
        assert!(err.contains("wayland-0"), "{err}");
    }

    #[test]
    fn connecting_to_a_missing_socket_names_the_path() {
        if Xkb::load().is_none() {
            return; // connect checks xkbcommon first; sys.rs tests that part
        }
        let dir = std::env::temp_dir().join(format!("mica-wl-missing-{}", std::process::id()));
        let opts = WaylandOptions::default().display(dir.join("nothing-here"));
        let err = WaylandPlatform::connect(&opts, KeyMap::builtin())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("nothing-here"), "{err}");
        assert!(err.contains("cannot connect"), "{err}");
        let platform_err: PlatformError = WaylandError::NoXkbcommon.into();
        assert!(
            platform_err
                .to_string()
                .starts_with("wayland: libxkbcommon"),
            "{platform_err}"
        );
    }

    #[test]
    fn options_build_up() {
        let o = WaylandOptions::default();
        assert_eq!(o.mode(), WindowMode::Fullscreen);
        let o = o
            .windowed(640, 360)
            .title("t")
            .app_id("a")
            .scale(0)
            .display("wayland-9");
        assert_eq!(
            o.mode(),
            WindowMode::Windowed {
                width: 640,
                height: 360
            }
        );
        assert_eq!(o.scale, Some(1), "scale 0 is 1");
        assert_eq!(o.fullscreen().mode(), WindowMode::Fullscreen);
    }
}
