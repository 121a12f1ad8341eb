//! The boundary between the runtime and a device: a surface to present frames on and a
//! source of input. The headless platform ([`crate::headless`]) implements it for tests and
//! `mica render`; `platform-linux-fb`, `platform-wayland` and `platform-android-tv` for
//! devices. Platforms know nothing of JS or templates.

use mica_layout::Rect;

/// A logical key, after the device keymap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Key {
    /// D-pad up.
    Up,
    /// D-pad down.
    Down,
    /// D-pad left.
    Left,
    /// D-pad right.
    Right,
    /// OK / Enter.
    Enter,
    /// Back.
    Back,
    /// Home.
    Home,
    /// Menu.
    Menu,
    /// A digit key 0-9.
    Digit(u8),
}

/// What a pointer did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointerPhase {
    /// Finger down / button pressed.
    Down,
    /// Moved while down.
    Move,
    /// Finger up / button released.
    Up,
}

/// Input delivered by a platform.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum InputEvent {
    /// A key went down (`pressed`) or up.
    Key {
        /// Which key.
        key: Key,
        /// Down or up.
        pressed: bool,
    },
    /// Touch or mouse, in surface pixels.
    Pointer {
        /// What happened.
        phase: PointerPhase,
        /// X.
        x: f32,
        /// Y.
        y: f32,
    },
    /// The platform asks the runtime to stop (window closed, SIGTERM).
    Quit,
}

/// A rendered frame: tightly packed premultiplied RGBA8, `width * 4` bytes a row.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// Width in px.
    pub width: u32,
    /// Height in px.
    pub height: u32,
    /// Pixel bytes.
    pub pixels: &'a [u8],
}

/// Why a platform failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlatformError {
    /// The platform exists but this part is not implemented yet.
    #[error("{platform}: {what} is not implemented yet")]
    NotYet {
        /// Platform name.
        platform: &'static str,
        /// What is missing.
        what: &'static str,
    },
    /// An OS call failed.
    #[error("{platform}: {source}")]
    Io {
        /// Platform name.
        platform: &'static str,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}

/// A display and input device.
pub trait Platform {
    /// Short name for logs (`headless`, `fbdev`, `wayland`, `android-tv`).
    fn name(&self) -> &'static str;
    /// Surface size in px.
    fn size(&self) -> (u32, u32);
    /// Shows `frame`; only the `damage` rectangles changed since the last present.
    fn present(&mut self, frame: Frame<'_>, damage: &[Rect]) -> Result<(), PlatformError>;
    /// Input that arrived since the last call; never blocks.
    fn poll_input(&mut self) -> Result<Vec<InputEvent>, PlatformError> {
        Ok(Vec::new())
    }
}
