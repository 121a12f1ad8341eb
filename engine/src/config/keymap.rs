//! Keymaps: how a device's raw key codes become logical [`Key`]s.
//!
//! A platform reads a code from its input source — a Linux evdev `KEY_*` code, an Android
//! `KEYCODE_*`, an X11/Wayland keysym, or a raw IR remote scancode — and asks the
//! [`KeyMap`] which logical key it is. The built-in defaults cover the first three; IR
//! scancodes differ between every remote and protocol, so they come only from the device
//! config. The config's `keymap` section ([`KeymapConfig`], documented in
//! docs/device-config.md) adds bindings, replaces default ones, removes them (`null`) or
//! drops the defaults altogether (`"defaults": false`).
//!
//! ```
//! use mica_engine::config::{KeyMap, KeySource};
//! use mica_engine::platform::Key;
//! let map = KeyMap::builtin();
//! assert_eq!(map.lookup(KeySource::Evdev, 103), Some(Key::Up)); // KEY_UP
//! assert_eq!(map.lookup(KeySource::Android, 23), Some(Key::Enter)); // KEYCODE_DPAD_CENTER
//! assert_eq!(map.lookup(KeySource::Keysym, 0xff1b), Some(Key::Back)); // XK_Escape
//! assert_eq!(map.lookup(KeySource::Ir, 0x40bf), None); // IR: config only
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::platform::Key;

/// Where a raw key code comes from; each source has its own code space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum KeySource {
    /// Linux input events: the `KEY_*` codes of `linux/input-event-codes.h` (fbdev/DRM
    /// platforms reading `/dev/input/event*`, including IR receivers whose rc-core keymap
    /// already produces `KEY_*` codes).
    Evdev,
    /// Android `KeyEvent.KEYCODE_*` values (the Android TV platform).
    Android,
    /// X11/Wayland keysyms (`XK_*`, `XF86XK_*`), as xkbcommon reports them.
    Keysym,
    /// Raw IR remote scancodes (rc-core `MSC_SCAN` values, protocol-specific). No
    /// defaults: every remote needs its own table in the device config.
    Ir,
}

impl KeySource {
    /// All sources, in config order.
    pub const ALL: [KeySource; 4] = [
        KeySource::Evdev,
        KeySource::Android,
        KeySource::Keysym,
        KeySource::Ir,
    ];

    /// The source's name in the device config (`evdev`, `android`, `keysym`, `ir`).
    pub fn name(self) -> &'static str {
        match self {
            KeySource::Evdev => "evdev",
            KeySource::Android => "android",
            KeySource::Keysym => "keysym",
            KeySource::Ir => "ir",
        }
    }
}

/// Linux evdev defaults, checked against `linux/input-event-codes.h`. Note the digit row:
/// `KEY_1`..`KEY_9` are 2..10 and `KEY_0` is 11; remotes use `KEY_NUMERIC_0..9`
/// (0x200..0x209). Backspace is Back for desktop keyboards, as Escape is.
const EVDEV: &[(u32, Key)] = &[
    (103, Key::Up),      // KEY_UP
    (108, Key::Down),    // KEY_DOWN
    (105, Key::Left),    // KEY_LEFT
    (106, Key::Right),   // KEY_RIGHT
    (28, Key::Enter),    // KEY_ENTER
    (96, Key::Enter),    // KEY_KPENTER
    (0x160, Key::Enter), // KEY_OK
    (0x161, Key::Enter), // KEY_SELECT
    (158, Key::Back),    // KEY_BACK
    (1, Key::Back),      // KEY_ESC
    (14, Key::Back),     // KEY_BACKSPACE
    (172, Key::Home),    // KEY_HOMEPAGE
    (102, Key::Home),    // KEY_HOME
    (139, Key::Menu),    // KEY_MENU
    (11, Key::Digit(0)), // KEY_0
    (2, Key::Digit(1)),
    (3, Key::Digit(2)),
    (4, Key::Digit(3)),
    (5, Key::Digit(4)),
    (6, Key::Digit(5)),
    (7, Key::Digit(6)),
    (8, Key::Digit(7)),
    (9, Key::Digit(8)),
    (10, Key::Digit(9)),    // KEY_9
    (0x200, Key::Digit(0)), // KEY_NUMERIC_0
    (0x201, Key::Digit(1)),
    (0x202, Key::Digit(2)),
    (0x203, Key::Digit(3)),
    (0x204, Key::Digit(4)),
    (0x205, Key::Digit(5)),
    (0x206, Key::Digit(6)),
    (0x207, Key::Digit(7)),
    (0x208, Key::Digit(8)),
    (0x209, Key::Digit(9)),    // KEY_NUMERIC_9
    (164, Key::PlayPause),     // KEY_PLAYPAUSE
    (208, Key::FastForward),   // KEY_FASTFORWARD
    (168, Key::Rewind),        // KEY_REWIND
    (115, Key::VolumeUp),      // KEY_VOLUMEUP
    (114, Key::VolumeDown),    // KEY_VOLUMEDOWN
    (0x192, Key::ChannelUp),   // KEY_CHANNELUP
    (0x193, Key::ChannelDown), // KEY_CHANNELDOWN
];

/// Android `KEYCODE_*` defaults. Gamepad A/B confirm and go back, as on Android TV.
const ANDROID: &[(u32, Key)] = &[
    (19, Key::Up),      // DPAD_UP
    (20, Key::Down),    // DPAD_DOWN
    (21, Key::Left),    // DPAD_LEFT
    (22, Key::Right),   // DPAD_RIGHT
    (23, Key::Enter),   // DPAD_CENTER
    (66, Key::Enter),   // ENTER
    (160, Key::Enter),  // NUMPAD_ENTER
    (96, Key::Enter),   // BUTTON_A
    (4, Key::Back),     // BACK
    (111, Key::Back),   // ESCAPE
    (97, Key::Back),    // BUTTON_B
    (3, Key::Home),     // HOME
    (82, Key::Menu),    // MENU
    (7, Key::Digit(0)), // 0
    (8, Key::Digit(1)),
    (9, Key::Digit(2)),
    (10, Key::Digit(3)),
    (11, Key::Digit(4)),
    (12, Key::Digit(5)),
    (13, Key::Digit(6)),
    (14, Key::Digit(7)),
    (15, Key::Digit(8)),
    (16, Key::Digit(9)),  // 9
    (144, Key::Digit(0)), // NUMPAD_0
    (145, Key::Digit(1)),
    (146, Key::Digit(2)),
    (147, Key::Digit(3)),
    (148, Key::Digit(4)),
    (149, Key::Digit(5)),
    (150, Key::Digit(6)),
    (151, Key::Digit(7)),
    (152, Key::Digit(8)),
    (153, Key::Digit(9)),    // NUMPAD_9
    (85, Key::PlayPause),    // MEDIA_PLAY_PAUSE
    (90, Key::FastForward),  // MEDIA_FAST_FORWARD
    (89, Key::Rewind),       // MEDIA_REWIND
    (24, Key::VolumeUp),     // VOLUME_UP
    (25, Key::VolumeDown),   // VOLUME_DOWN
    (166, Key::ChannelUp),   // CHANNEL_UP
    (167, Key::ChannelDown), // CHANNEL_DOWN
];

/// X11/Wayland keysym defaults (`X11/keysymdef.h`, `X11/XF86keysym.h`; xkeyboard-config
/// maps `KEY_PLAYPAUSE` to `XF86AudioPlay`). Escape and BackSpace are Back.
const KEYSYM: &[(u32, Key)] = &[
    (0xff52, Key::Up),        // XK_Up
    (0xff54, Key::Down),      // XK_Down
    (0xff51, Key::Left),      // XK_Left
    (0xff53, Key::Right),     // XK_Right
    (0xff97, Key::Up),        // XK_KP_Up
    (0xff99, Key::Down),      // XK_KP_Down
    (0xff96, Key::Left),      // XK_KP_Left
    (0xff98, Key::Right),     // XK_KP_Right
    (0xff0d, Key::Enter),     // XK_Return
    (0xff8d, Key::Enter),     // XK_KP_Enter
    (0xff60, Key::Enter),     // XK_Select
    (0xff1b, Key::Back),      // XK_Escape
    (0xff08, Key::Back),      // XK_BackSpace
    (0x1008_ff26, Key::Back), // XF86XK_Back
    (0xff50, Key::Home),      // XK_Home
    (0x1008_ff18, Key::Home), // XF86XK_HomePage
    (0xff67, Key::Menu),      // XK_Menu
    (0x30, Key::Digit(0)),    // XK_0
    (0x31, Key::Digit(1)),
    (0x32, Key::Digit(2)),
    (0x33, Key::Digit(3)),
    (0x34, Key::Digit(4)),
    (0x35, Key::Digit(5)),
    (0x36, Key::Digit(6)),
    (0x37, Key::Digit(7)),
    (0x38, Key::Digit(8)),
    (0x39, Key::Digit(9)),   // XK_9
    (0xffb0, Key::Digit(0)), // XK_KP_0
    (0xffb1, Key::Digit(1)),
    (0xffb2, Key::Digit(2)),
    (0xffb3, Key::Digit(3)),
    (0xffb4, Key::Digit(4)),
    (0xffb5, Key::Digit(5)),
    (0xffb6, Key::Digit(6)),
    (0xffb7, Key::Digit(7)),
    (0xffb8, Key::Digit(8)),
    (0xffb9, Key::Digit(9)),         // XK_KP_9
    (0x1008_ff14, Key::PlayPause),   // XF86XK_AudioPlay
    (0x1008_ff97, Key::FastForward), // XF86XK_AudioForward
    (0x1008_ff3e, Key::Rewind),      // XF86XK_AudioRewind
    (0x1008_ff13, Key::VolumeUp),    // XF86XK_AudioRaiseVolume
    (0x1008_ff11, Key::VolumeDown),  // XF86XK_AudioLowerVolume
    (0x1008_1192, Key::ChannelUp),   // XF86XK_ChannelUp (_EVDEVK(0x192))
    (0x1008_1193, Key::ChannelDown), // XF86XK_ChannelDown (_EVDEVK(0x193))
];

/// The built-in bindings of a source (empty for [`KeySource::Ir`]).
pub fn builtin_bindings(source: KeySource) -> &'static [(u32, Key)] {
    match source {
        KeySource::Evdev => EVDEV,
        KeySource::Android => ANDROID,
        KeySource::Keysym => KEYSYM,
        KeySource::Ir => &[],
    }
}

/// One source's bindings from the config file: code → key, where `None` (JSON `null`)
/// removes a built-in binding.
///
/// In JSON an object whose names are codes, decimal or `0x` hexadecimal, and whose values
/// are key names ([`Key::name`]) or `null`: `{ "0x160": "enter", "139": null }`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyBindings(pub BTreeMap<u32, Option<Key>>);

/// Parses a key code: decimal, or hexadecimal with a `0x` prefix.
pub fn parse_code(text: &str) -> Option<u32> {
    let t = text.trim();
    match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => t.parse().ok(),
    }
}

impl<'de> Deserialize<'de> for KeyBindings {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyBindings;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object mapping key codes to key names")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyBindings, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(code_text) = map.next_key::<String>()? {
                    let code = parse_code(&code_text).ok_or_else(|| {
                        de::Error::custom(format!(
                            "`{code_text}` is not a key code (decimal, or hexadecimal with 0x)"
                        ))
                    })?;
                    let name: Option<String> = map.next_value()?;
                    let key = match name {
                        None => None,
                        Some(n) => Some(Key::from_name(&n).ok_or_else(|| {
                            de::Error::custom(format!(
                                "unknown key `{n}` (expected one of: {})",
                                key_names()
                            ))
                        })?),
                    };
                    if out.insert(code, key).is_some() {
                        return Err(de::Error::custom(format!("key code {code} is bound twice")));
                    }
                }
                Ok(KeyBindings(out))
            }
        }
        de.deserialize_map(V)
    }
}

fn key_names() -> String {
    Key::NAMED
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `keymap` section of the device config.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeymapConfig {
    /// Start from the built-in bindings (`true`, the default) or from nothing.
    #[serde(default = "default_true")]
    pub defaults: bool,
    /// Linux evdev `KEY_*` codes.
    #[serde(default)]
    pub evdev: KeyBindings,
    /// Android `KEYCODE_*` values.
    #[serde(default)]
    pub android: KeyBindings,
    /// X11/Wayland keysyms.
    #[serde(default)]
    pub keysym: KeyBindings,
    /// Raw IR remote scancodes.
    #[serde(default)]
    pub ir: KeyBindings,
}

fn default_true() -> bool {
    true
}

impl Default for KeymapConfig {
    fn default() -> Self {
        KeymapConfig {
            defaults: true,
            evdev: KeyBindings::default(),
            android: KeyBindings::default(),
            keysym: KeyBindings::default(),
            ir: KeyBindings::default(),
        }
    }
}

impl KeymapConfig {
    /// The configured bindings of one source.
    pub fn bindings(&self, source: KeySource) -> &KeyBindings {
        match source {
            KeySource::Evdev => &self.evdev,
            KeySource::Android => &self.android,
            KeySource::Keysym => &self.keysym,
            KeySource::Ir => &self.ir,
        }
    }
}

/// Raw key code → logical key, for every [`KeySource`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyMap {
    map: HashMap<(KeySource, u32), Key>,
}

impl KeyMap {
    /// A keymap with no bindings.
    pub fn empty() -> Self {
        KeyMap::default()
    }

    /// The built-in bindings for evdev, Android and keysyms (none for IR).
    pub fn builtin() -> Self {
        let mut m = KeyMap::empty();
        for source in KeySource::ALL {
            for &(code, key) in builtin_bindings(source) {
                m.map.insert((source, code), key);
            }
        }
        m
    }

    /// The keymap a device config describes: the built-ins unless `defaults` is false,
    /// then the config's bindings on top (a `null` removes a binding).
    pub fn from_config(cfg: &KeymapConfig) -> Self {
        let mut m = if cfg.defaults {
            KeyMap::builtin()
        } else {
            KeyMap::empty()
        };
        for source in KeySource::ALL {
            for (&code, &key) in &cfg.bindings(source).0 {
                m.bind(source, code, key);
            }
        }
        m
    }

    /// The logical key for `code` from `source`, if it is bound.
    pub fn lookup(&self, source: KeySource, code: u32) -> Option<Key> {
        self.map.get(&(source, code)).copied()
    }

    /// Binds `code` to `key`, or removes its binding when `key` is `None`.
    pub fn bind(&mut self, source: KeySource, code: u32, key: Option<Key>) {
        match key {
            Some(k) => {
                self.map.insert((source, code), k);
            }
            None => {
                self.map.remove(&(source, code));
            }
        }
    }

    /// Number of bindings.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when nothing is bound.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evdev_defaults_follow_input_event_codes() {
        let m = KeyMap::builtin();
        let e = |c| m.lookup(KeySource::Evdev, c);
        assert_eq!(e(103), Some(Key::Up));
        assert_eq!(e(108), Some(Key::Down));
        assert_eq!(e(105), Some(Key::Left));
        assert_eq!(e(106), Some(Key::Right));
        for c in [28, 0x160, 0x161] {
            assert_eq!(e(c), Some(Key::Enter), "{c:#x}");
        }
        assert_eq!(e(158), Some(Key::Back));
        assert_eq!(e(1), Some(Key::Back));
        assert_eq!(e(172), Some(Key::Home));
        assert_eq!(e(102), Some(Key::Home));
        assert_eq!(e(139), Some(Key::Menu));
        // The digit row: KEY_1 = 2 .. KEY_9 = 10, KEY_0 = 11.
        assert_eq!(e(11), Some(Key::Digit(0)));
        for d in 1..=9u8 {
            assert_eq!(e(u32::from(d) + 1), Some(Key::Digit(d)));
            assert_eq!(e(0x200 + u32::from(d)), Some(Key::Digit(d)));
        }
        assert_eq!(e(164), Some(Key::PlayPause));
        assert_eq!(e(208), Some(Key::FastForward));
        assert_eq!(e(168), Some(Key::Rewind));
        assert_eq!(e(115), Some(Key::VolumeUp));
        assert_eq!(e(114), Some(Key::VolumeDown));
        assert_eq!(e(0x192), Some(Key::ChannelUp));
        assert_eq!(e(0x193), Some(Key::ChannelDown));
        assert_eq!(e(30), None); // KEY_A
    }

    #[test]
    fn android_and_keysym_defaults() {
        let m = KeyMap::builtin();
        let a = |c| m.lookup(KeySource::Android, c);
        assert_eq!(
            [a(19), a(20), a(21), a(22), a(23), a(66), a(4), a(3), a(82)],
            [
                Some(Key::Up),
                Some(Key::Down),
                Some(Key::Left),
                Some(Key::Right),
                Some(Key::Enter),
                Some(Key::Enter),
                Some(Key::Back),
                Some(Key::Home),
                Some(Key::Menu)
            ]
        );
        for d in 0..=9u8 {
            assert_eq!(a(7 + u32::from(d)), Some(Key::Digit(d)));
        }
        assert_eq!(a(85), Some(Key::PlayPause));
        assert_eq!(a(166), Some(Key::ChannelUp));
        let k = |c| m.lookup(KeySource::Keysym, c);
        assert_eq!(k(0xff52), Some(Key::Up));
        assert_eq!(k(0xff0d), Some(Key::Enter));
        assert_eq!(k(0xff1b), Some(Key::Back));
        assert_eq!(k(0xff08), Some(Key::Back));
        assert_eq!(k(0xff50), Some(Key::Home));
        assert_eq!(k(0xff67), Some(Key::Menu));
        assert_eq!(k(0x35), Some(Key::Digit(5)));
        assert_eq!(k(0x61), None); // XK_a
                                   // Sources do not share code spaces: evdev 103 is KEY_UP, Android 103 is BUTTON_R1.
        assert_eq!(a(103), None);
        assert!(builtin_bindings(KeySource::Ir).is_empty());
    }

    #[test]
    fn config_overrides_extends_and_removes() {
        let cfg: KeymapConfig = serde_json::from_str(
            r#"{
                "evdev": { "0x160": "back", "139": null, "0x16a": "menu" },
                "ir": { "0x40bf": "up", "0x40be": "7" }
            }"#,
        )
        .unwrap_or_default();
        let m = KeyMap::from_config(&cfg);
        assert_eq!(m.lookup(KeySource::Evdev, 0x160), Some(Key::Back)); // replaced
        assert_eq!(m.lookup(KeySource::Evdev, 139), None); // removed
        assert_eq!(m.lookup(KeySource::Evdev, 0x16a), Some(Key::Menu)); // added
        assert_eq!(m.lookup(KeySource::Evdev, 103), Some(Key::Up)); // default kept
        assert_eq!(m.lookup(KeySource::Ir, 0x40bf), Some(Key::Up));
        assert_eq!(m.lookup(KeySource::Ir, 0x40be), Some(Key::Digit(7)));

        let bare: KeymapConfig =
            serde_json::from_str(r#"{ "defaults": false, "ir": { "12": "enter" } }"#)
                .unwrap_or_default();
        let m = KeyMap::from_config(&bare);
        assert_eq!(m.len(), 1);
        assert_eq!(m.lookup(KeySource::Evdev, 103), None);
        assert_eq!(m.lookup(KeySource::Ir, 12), Some(Key::Enter));
        assert_eq!(
            KeyMap::from_config(&KeymapConfig::default()),
            KeyMap::builtin()
        );
    }

    #[test]
    fn bad_bindings_are_refused() {
        let err = |json: &str| {
            serde_json::from_str::<KeymapConfig>(json)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err(r#"{"evdev": {"KEY_UP": "up"}}"#).contains("not a key code"));
        assert!(err(r#"{"evdev": {"103": "upp"}}"#).contains("unknown key `upp`"));
        assert!(err(r#"{"evdev": {"103": "up", "0x67": "down"}}"#).contains("bound twice"));
        assert!(err(r#"{"bluetooth": {}}"#).contains("unknown field"));
        assert_eq!(parse_code("0X1A"), Some(26));
        assert_eq!(parse_code("-1"), None);
    }
}
