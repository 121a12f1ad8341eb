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
    /// Media play/pause toggle.
    PlayPause,
    /// Media fast forward.
    FastForward,
    /// Media rewind.
    Rewind,
    /// Volume up.
    VolumeUp,
    /// Volume down.
    VolumeDown,
    /// Channel (program) up.
    ChannelUp,
    /// Channel (program) down.
    ChannelDown,
}

impl Key {
    /// Every key that has a name, in a stable order (the digits 0-9 in the middle).
    pub const NAMED: [Key; 25] = [
        Key::Up,
        Key::Down,
        Key::Left,
        Key::Right,
        Key::Enter,
        Key::Back,
        Key::Home,
        Key::Menu,
        Key::Digit(0),
        Key::Digit(1),
        Key::Digit(2),
        Key::Digit(3),
        Key::Digit(4),
        Key::Digit(5),
        Key::Digit(6),
        Key::Digit(7),
        Key::Digit(8),
        Key::Digit(9),
        Key::PlayPause,
        Key::FastForward,
        Key::Rewind,
        Key::VolumeUp,
        Key::VolumeDown,
        Key::ChannelUp,
        Key::ChannelDown,
    ];

    /// The key's stable lower-case name: `up`, `down`, `left`, `right`, `enter`, `back`,
    /// `home`, `menu`, `0`..`9`, `playpause`, `fastforward`, `rewind`, `volumeup`,
    /// `volumedown`, `channelup`, `channeldown`.
    ///
    /// These names are an interface: the CLI's `--keys up,up,enter`, the device config's
    /// keymaps and the `key` of key events seen by JS (`e.detail.key`) all use them, so a
    /// name never changes once released. `Digit(n)` with `n > 9` is not a key any keymap
    /// produces; it is named `"?"`, which [`Key::from_name`] does not accept.
    pub fn name(self) -> &'static str {
        const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        match self {
            Key::Up => "up",
            Key::Down => "down",
            Key::Left => "left",
            Key::Right => "right",
            Key::Enter => "enter",
            Key::Back => "back",
            Key::Home => "home",
            Key::Menu => "menu",
            Key::Digit(d) => DIGITS.get(usize::from(d)).copied().unwrap_or("?"),
            Key::PlayPause => "playpause",
            Key::FastForward => "fastforward",
            Key::Rewind => "rewind",
            Key::VolumeUp => "volumeup",
            Key::VolumeDown => "volumedown",
            Key::ChannelUp => "channelup",
            Key::ChannelDown => "channeldown",
        }
    }

    /// The key named `name` (see [`Key::name`]), ignoring ASCII case and surrounding
    /// whitespace; `None` for an unknown name.
    pub fn from_name(name: &str) -> Option<Key> {
        let name = name.trim();
        Key::NAMED
            .iter()
            .copied()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
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
    /// A mouse wheel or touchpad scroll at `(x, y)`: content moves by `(dx, dy)` px
    /// (positive `dy` scrolls down, showing content further below).
    Wheel {
        /// X of the pointer.
        x: f32,
        /// Y of the pointer.
        y: f32,
        /// Horizontal amount.
        dx: f32,
        /// Vertical amount.
        dy: f32,
    },
    /// The platform asks the runtime to stop (window closed, SIGTERM).
    Quit,
    /// The app went to the background (`visible: false`: another app or the device's
    /// home screen in front, an Android activity paused) or came back
    /// ([`crate::runtime::Runtime::set_app_visible`]).
    Visibility {
        /// In the foreground.
        visible: bool,
    },
    /// The surface lost what was presented (a new window): the next frame repaints and
    /// presents everything ([`crate::runtime::Runtime::invalidate`]).
    Expose,
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
    /// Input that arrives within `timeout`: returns as soon as there is some, or empty
    /// when the time is up. The main loop ([`crate::runtime::Runtime::run`]) blocks here
    /// between frames, so a platform with input file descriptors should `poll(2)` them
    /// with this timeout. The default polls, and sleeps for the timeout when nothing
    /// was there.
    fn wait_input(
        &mut self,
        timeout: std::time::Duration,
    ) -> Result<Vec<InputEvent>, PlatformError> {
        let events = self.poll_input()?;
        if events.is_empty() && !timeout.is_zero() {
            std::thread::sleep(timeout);
            return self.poll_input();
        }
        Ok(events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for k in Key::NAMED {
            assert_eq!(Key::from_name(k.name()), Some(k), "{k:?}");
            assert!(seen.insert(k.name()), "duplicate name {}", k.name());
            assert_eq!(k.name(), k.name().to_ascii_lowercase());
        }
        assert_eq!(Key::from_name(" Enter "), Some(Key::Enter));
        assert_eq!(Key::from_name("7"), Some(Key::Digit(7)));
        assert_eq!(Key::from_name("playpause"), Some(Key::PlayPause));
        assert_eq!(Key::from_name("ok"), None);
        assert_eq!(Key::from_name("10"), None);
        assert_eq!(Key::Digit(12).name(), "?");
        assert_eq!(Key::from_name("?"), None);
        assert_eq!(Key::ChannelDown.to_string(), "channeldown");
    }
}
