//! The Android glue: android-activity's events and the ANativeWindow, around the plain
//! logic of the other modules. Built only for `target_os = "android"`; `cargo check
//! --target aarch64-linux-android` (scripts/check-android.sh) keeps it compiling.
//!
//! Threads: everything here runs on the `android_main` thread android-activity starts,
//! which is also Mica's view thread; the logic thread (boa) is the runtime's own.

use std::ffi::CString;
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use android_activity::input::{Axis, InputEvent as AndroidInput, KeyEvent, MotionEvent};
use android_activity::ndk::hardware_buffer_format::HardwareBufferFormat;
use android_activity::ndk::native_window::{NativeWindow, Rect as NativeRect};
use android_activity::{AndroidApp, InputStatus, MainEvent, PollEvent};
use mica_engine::config::KeyMap;
use mica_engine::platform::{Frame, InputEvent, Platform, PlatformError};
use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_layout::Rect;

use crate::blit::{copy_to_buffer, damage_bounds, BufferFormat, BufferLayout, PixelRect, Shadow};
use crate::keys::{translate_key, KeyAction, Status};
use crate::lifecycle::{ActivityEvent, ActivityState, Lifecycle};
use crate::motion::{Motion, MotionAction, Pointer, PointerTracker, SurfaceScale};
use crate::source::Launch;
use crate::{Error, NAME};

/// The buffer format Mica asks for: RGBA bytes with the alpha ignored (the window is
/// opaque), so frames are copied as they are.
const FORMAT: HardwareBufferFormat = HardwareBufferFormat::R8G8B8X8_UNORM;

/// The logcat tag.
const LOG_TAG: &str = "mica";

/// What `android_main` does: logs to logcat, runs the app with the default [`Launch`],
/// and logs why it stopped if that was an error. The activity finishes when this
/// returns.
pub fn main(app: AndroidApp) {
    android_logger::init_once(
        android_logger::Config::default()
            .with_max_level(log::LevelFilter::Info)
            .with_tag(LOG_TAG),
    );
    match run(app, &Launch::default()) {
        Ok(()) => log::info!("{NAME}: the app left"),
        Err(e) => log::error!("{NAME}: {e}"),
    }
}

/// Runs the app the way `launch` says until it leaves (Back on its root page) or the
/// activity is destroyed. For embedders with their own `android_main` (their own trust
/// store, a launch route from an intent, ...).
pub fn run(app: AndroidApp, launch: &Launch) -> Result<(), Error> {
    let files = app.internal_data_path();
    let config = launch.device_config(files.as_deref(), |name| read_asset(&app, name))?;
    let trust = config.trust()?;
    let size = match (config.display.width, config.display.height) {
        (Some(w), Some(h)) if w > 0 && h > 0 => Some((w, h)),
        _ => None,
    };
    let platform = AndroidTvPlatform::open(app.clone(), config.keymap(), size)?;
    let source = launch.locate(files.as_deref());
    log::info!("{NAME}: opening {source:?}");
    let package = source.open(&trust, |name| read_asset(&app, name))?;
    let runtime_config = RuntimeConfig {
        fonts: config.fonts.clone(),
        trust,
        storage_dir: storage_dir(config.storage_dir.clone(), files),
        ..RuntimeConfig::default()
    };
    let mut runtime = Runtime::with_platform(package, runtime_config, Box::new(platform))?;
    runtime.launch(launch.route.as_deref())?;
    runtime.run()?;
    Ok(())
}

/// The config's storage dir, else `files/storage`: app storage survives restarts.
fn storage_dir(configured: Option<PathBuf>, files: Option<PathBuf>) -> Option<PathBuf> {
    configured.or_else(|| files.map(|f| f.join("storage")))
}

/// Reads an APK asset whole; `None` when it does not exist or cannot be read.
fn read_asset(app: &AndroidApp, name: &str) -> Option<Vec<u8>> {
    let cname = CString::new(name).ok()?;
    let mut asset = app.asset_manager().open(&cname)?;
    let mut bytes = Vec::with_capacity(asset.length());
    match asset.read_to_end(&mut bytes) {
        Ok(_) => Some(bytes),
        Err(e) => {
            log::error!("{NAME}: assets/{name}: {e}");
            None
        }
    }
}

/// The Android TV platform: the activity's window and input queue.
#[derive(Debug)]
pub struct AndroidTvPlatform {
    app: AndroidApp,
    keymap: KeyMap,
    state: ActivityState,
    window: Option<NativeWindow>,
    /// Frame size, which is also the window buffers' size (the compositor scales them
    /// to the window).
    size: (u32, u32),
    tracker: PointerTracker,
    shadow: Shadow,
    /// Input read but not yet handed to the runtime.
    pending: Vec<InputEvent>,
    /// A buffer format we cannot write was reported once.
    warned_format: bool,
}

impl AndroidTvPlatform {
    /// Waits for the activity's first window and returns a platform showing frames of
    /// `size` (default: the window's size) on it. Fails when the activity is destroyed
    /// first.
    pub fn open(app: AndroidApp, keymap: KeyMap, size: Option<(u32, u32)>) -> Result<Self, Error> {
        let mut platform = AndroidTvPlatform {
            app,
            keymap,
            state: ActivityState::new(),
            window: None,
            size: size.unwrap_or((0, 0)),
            tracker: PointerTracker::default(),
            shadow: Shadow::default(),
            pending: Vec::new(),
            warned_format: false,
        };
        while platform.window.is_none() {
            if platform.state.destroyed() {
                return Err(Error::NoWindow);
            }
            platform.pump(None);
        }
        // Input read while waiting is not for the app, which does not exist yet.
        platform.pending.clear();
        // The runtime is created on this platform and launched at once: its launch is
        // the app's first `onShow`.
        platform.state.mark_launched();
        Ok(platform)
    }

    /// Waits up to `timeout` (`None`: forever) for activity events and input, handles
    /// the events and queues the input.
    fn pump(&mut self, timeout: Option<Duration>) {
        let mut events = Vec::new();
        self.app.poll_events(timeout, |event| {
            if let PollEvent::Main(main) = event {
                events.push(activity_event(&main));
            }
        });
        for event in events {
            self.on_activity(event);
        }
        self.read_input();
    }

    /// Drains the input queue, answering each event handled or not as it is read.
    fn read_input(&mut self) {
        let Ok(mut queue) = self.app.input_events_iter() else {
            return;
        };
        let (keymap, tracker, pending) = (&self.keymap, &mut self.tracker, &mut self.pending);
        while queue.next(|event| {
            let (events, status) = translate_input(keymap, tracker, event);
            pending.extend(events);
            match status {
                Status::Handled => InputStatus::Handled,
                Status::Unhandled => InputStatus::Unhandled,
            }
        }) {}
    }

    fn on_activity(&mut self, event: ActivityEvent) {
        let Some(change) = self.state.apply(event) else {
            return;
        };
        log::debug!("{NAME}: {event:?} → {change:?}");
        match change {
            Lifecycle::WindowCreated => self.attach_window(),
            Lifecycle::WindowDestroyed => self.window = None,
            Lifecycle::WindowResized => {
                if let Some(window) = self.window.take() {
                    self.configure(&window);
                    self.window = Some(window);
                }
                self.redraw();
            }
            Lifecycle::Redraw => self.redraw(),
            // The main loop turns these into `Runtime::set_app_visible`: the page's and
            // the app's onHide / onShow, in WeChat's order.
            Lifecycle::Hide => self.pending.push(InputEvent::Visibility { visible: false }),
            Lifecycle::Show => self.pending.push(InputEvent::Visibility { visible: true }),
            Lifecycle::LowMemory => log::warn!("{NAME}: the system is low on memory"),
            Lifecycle::Quit => {
                self.window = None;
                self.pending.push(InputEvent::Quit);
            }
        }
    }

    /// Takes the activity's new window: buffer geometry and format, pointer scale, and a
    /// full redraw from the shadow (the app may have nothing new to present).
    fn attach_window(&mut self) {
        let Some(window) = self.app.native_window() else {
            return;
        };
        self.configure(&window);
        self.window = Some(window);
        self.redraw();
    }

    /// Sets the window's buffers to the frame size and format (the compositor scales
    /// them to the window), after reading the window's own size for pointer scaling.
    fn configure(&mut self, window: &NativeWindow) {
        // Geometry 0x0 brings the window's own size back, so width/height report it.
        if let Err(e) = window.set_buffers_geometry(0, 0, Some(FORMAT)) {
            log::warn!("{NAME}: resetting the buffer geometry: {e}");
        }
        let own = (
            u32::try_from(window.width()).unwrap_or(0),
            u32::try_from(window.height()).unwrap_or(0),
        );
        if self.size.0 == 0 || self.size.1 == 0 {
            self.size = own;
        }
        if (self.shadow.frame().width, self.shadow.frame().height) != self.size {
            self.shadow = Shadow::new(self.size.0, self.size.1);
        }
        let (w, h) = (
            i32::try_from(self.size.0).unwrap_or(i32::MAX),
            i32::try_from(self.size.1).unwrap_or(i32::MAX),
        );
        if let Err(e) = window.set_buffers_geometry(w, h, Some(FORMAT)) {
            log::warn!("{NAME}: setting the buffers to {w}x{h} RGBX_8888: {e}");
        }
        self.tracker.scale = SurfaceScale::new(own, self.size);
        log::info!(
            "{NAME}: window {}x{}, frames {}x{}",
            own.0,
            own.1,
            self.size.0,
            self.size.1
        );
    }

    fn redraw(&mut self) {
        self.blit(PixelRect::full(self.size.0, self.size.1));
    }

    /// Copies `rect` of the shadow (and whatever more the lock asks for) to the window.
    /// A window that cannot be drawn is logged, not fatal: the next window or frame
    /// tries again.
    fn blit(&mut self, rect: PixelRect) {
        let Some(window) = &self.window else {
            return;
        };
        let to_i32 = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
        let mut dirty = NativeRect {
            left: to_i32(rect.left),
            top: to_i32(rect.top),
            right: to_i32(rect.right),
            bottom: to_i32(rect.bottom),
        };
        let mut buffer = match window.lock(Some(&mut dirty)) {
            Ok(b) => b,
            Err(e) => {
                log::warn!("{NAME}: locking the window: {e}");
                return;
            }
        };
        // The lock widens the rectangle to what it could not copy back itself.
        let to_u32 = |v: i32| u32::try_from(v).unwrap_or(0);
        let widened = PixelRect::new(
            to_u32(dirty.left),
            to_u32(dirty.top),
            to_u32(dirty.right),
            to_u32(dirty.bottom),
        );
        let format = match buffer.format() {
            HardwareBufferFormat::R8G8B8A8_UNORM => Some(BufferFormat::Rgba8888),
            HardwareBufferFormat::R8G8B8X8_UNORM => Some(BufferFormat::Rgbx8888),
            HardwareBufferFormat::R5G6B5_UNORM => Some(BufferFormat::Rgb565),
            _ => None,
        };
        let Some(format) = format else {
            if !self.warned_format {
                log::error!(
                    "{NAME}: the window buffer is {:?}, which Mica cannot write",
                    buffer.format()
                );
                self.warned_format = true;
            }
            return;
        };
        let layout = BufferLayout {
            width: buffer.width(),
            height: buffer.height(),
            stride: buffer.stride(),
            format,
        };
        let Some(bytes) = buffer.bytes() else {
            return;
        };
        if let Err(e) = copy_to_buffer(self.shadow.frame(), rect.union(widened), bytes, layout) {
            log::error!("{NAME}: {e}");
        }
        // Dropping the buffer unlocks and posts it.
    }
}

impl Platform for AndroidTvPlatform {
    fn name(&self) -> &'static str {
        NAME
    }

    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn present(&mut self, frame: Frame<'_>, damage: &[Rect]) -> Result<(), PlatformError> {
        let resized = (frame.width, frame.height) != self.size;
        let rect = if resized {
            PixelRect::full(frame.width, frame.height)
        } else {
            match damage_bounds(damage, frame.width, frame.height) {
                Some(r) => r,
                None => return Ok(()),
            }
        };
        self.shadow
            .update(frame, rect)
            .map_err(|e| PlatformError::Io {
                platform: NAME,
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            })?;
        if resized {
            self.size = (frame.width, frame.height);
            if let Some(window) = self.window.take() {
                self.configure(&window);
                self.window = Some(window);
            }
        }
        if self.state.has_window() {
            self.blit(rect);
        }
        Ok(())
    }

    fn poll_input(&mut self) -> Result<Vec<InputEvent>, PlatformError> {
        if self.pending.is_empty() {
            self.pump(Some(Duration::ZERO));
        }
        Ok(std::mem::take(&mut self.pending))
    }

    /// Blocks in the activity's looper, so the thread sleeps until input, an activity
    /// event or the timeout.
    fn wait_input(&mut self, timeout: Duration) -> Result<Vec<InputEvent>, PlatformError> {
        if self.pending.is_empty() {
            self.pump(Some(timeout));
        }
        Ok(std::mem::take(&mut self.pending))
    }
}

/// Names a `MainEvent` (see [`ActivityEvent`]).
fn activity_event(event: &MainEvent<'_>) -> ActivityEvent {
    match event {
        MainEvent::Start => ActivityEvent::Start,
        MainEvent::Resume { .. } => ActivityEvent::Resume,
        MainEvent::Pause => ActivityEvent::Pause,
        MainEvent::Stop => ActivityEvent::Stop,
        MainEvent::Destroy => ActivityEvent::Destroy,
        MainEvent::InitWindow { .. } => ActivityEvent::InitWindow,
        MainEvent::TerminateWindow { .. } => ActivityEvent::TerminateWindow,
        MainEvent::WindowResized { .. } => ActivityEvent::WindowResized,
        MainEvent::RedrawNeeded { .. } => ActivityEvent::RedrawNeeded,
        MainEvent::GainedFocus => ActivityEvent::GainedFocus,
        MainEvent::LostFocus => ActivityEvent::LostFocus,
        MainEvent::ConfigChanged { .. } => ActivityEvent::ConfigChanged,
        MainEvent::LowMemory => ActivityEvent::LowMemory,
        MainEvent::SaveState { .. } => ActivityEvent::SaveState,
        MainEvent::InputAvailable => ActivityEvent::InputAvailable,
        MainEvent::ContentRectChanged { .. } | MainEvent::InsetsChanged { .. } => {
            ActivityEvent::ContentChanged
        }
        _ => ActivityEvent::Other,
    }
}

/// One input event → Mica input and whether it was consumed.
fn translate_input(
    keymap: &KeyMap,
    tracker: &mut PointerTracker,
    event: &AndroidInput<'_>,
) -> (Vec<InputEvent>, Status) {
    match event {
        AndroidInput::KeyEvent(key) => translate_key_event(keymap, key),
        AndroidInput::MotionEvent(motion) => translate_motion_event(tracker, motion),
        _ => (Vec::new(), Status::Unhandled),
    }
}

fn translate_key_event(keymap: &KeyMap, key: &KeyEvent<'_>) -> (Vec<InputEvent>, Status) {
    let out = translate_key(
        keymap,
        key.key_code().into(),
        KeyAction::from_raw(key.action().into()),
        key.repeat_count(),
    );
    (out.events, out.status)
}

fn translate_motion_event(
    tracker: &mut PointerTracker,
    motion: &MotionEvent<'_>,
) -> (Vec<InputEvent>, Status) {
    let pointers: Vec<Pointer> = motion
        .pointers()
        .map(|p| Pointer {
            id: p.pointer_id(),
            x: p.x(),
            y: p.y(),
        })
        .collect();
    let scroll = motion.pointers().next().map_or((0.0, 0.0), |p| {
        (p.axis_value(Axis::Hscroll), p.axis_value(Axis::Vscroll))
    });
    let m = Motion {
        action: MotionAction::from_raw(motion.action().into()),
        action_index: motion.pointer_index(),
        pointers: &pointers,
        scroll,
        pointer_source: motion.source().is_pointer_class(),
    };
    let (event, status) = tracker.translate(&m);
    (event.into_iter().collect(), status)
}
