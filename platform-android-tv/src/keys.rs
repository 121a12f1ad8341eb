//! Android key events → Mica input.
//!
//! A `KeyEvent` from the activity's input queue carries a `KEYCODE_*`, an action (down, up,
//! or the old `ACTION_MULTIPLE`) and a repeat count. The device keymap
//! ([`KeyMap::lookup`] with [`KeySource::Android`]) turns the code into a logical
//! [`Key`]; [`translate_key`] turns the whole event into Mica input and says whether the
//! app consumed it.
//!
//! Consuming matters on Android: an event the app does not handle falls back to the
//! system, and the system's fallback for `KEYCODE_BACK` is to finish the activity. Every
//! key the keymap binds is therefore reported handled (Back included: Mica's runtime
//! decides when Back on the root page leaves the app, and the activity finishes when
//! `android_main` returns). The exceptions are keys the system must keep seeing: the
//! volume keys (the TV's volume and its on-screen indicator) and Home. Those reach the app
//! *and* the system.
//!
//! ```
//! use mica_engine::config::KeyMap;
//! use mica_engine::platform::{InputEvent, Key};
//! use mica_platform_android_tv::keys::{translate_key, KeyAction, Status};
//! let out = translate_key(&KeyMap::builtin(), 23, KeyAction::Down, 0); // DPAD_CENTER
//! assert_eq!(out.events, [InputEvent::Key { key: Key::Enter, pressed: true }]);
//! assert_eq!(out.status, Status::Handled);
//! ```

use mica_engine::config::{KeyMap, KeySource};
use mica_engine::platform::{InputEvent, Key};

/// The action of an Android key event (`AKEY_EVENT_ACTION_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAction {
    /// `ACTION_DOWN`: the key went down, or (repeat count above 0) auto-repeats.
    Down,
    /// `ACTION_UP`: the key was released.
    Up,
    /// `ACTION_MULTIPLE` (deprecated since API 29): the key went down and up `repeat
    /// count` times in a row.
    Multiple,
    /// A value this crate does not know.
    Other(u32),
}

impl KeyAction {
    /// The action for the NDK's integer value.
    pub fn from_raw(action: u32) -> KeyAction {
        match action {
            0 => KeyAction::Down,
            1 => KeyAction::Up,
            2 => KeyAction::Multiple,
            other => KeyAction::Other(other),
        }
    }
}

/// Whether the app consumed an input event; the android glue passes it on as
/// android-activity's `InputStatus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Consumed: the system does nothing more with the event.
    Handled,
    /// Not consumed: the system applies its fallback (Back finishes the activity, volume
    /// keys change the volume, joystick hats become D-pad keys).
    Unhandled,
}

/// What one key event became.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyOutcome {
    /// Input for the runtime, in order (empty for an unbound key).
    pub events: Vec<InputEvent>,
    /// Whether the event is consumed.
    pub status: Status,
}

/// Presses an `ACTION_MULTIPLE` event may stand for at most: the count comes from the
/// system, and a huge one must not flood the runtime.
pub const MAX_MULTIPLE: u32 = 16;

/// True for keys whose auto-repeat is another press: moving (arrows), typing (digits),
/// seeking, volume and channel. Enter, Back, Menu, Home and Play/Pause act once however
/// long they are held, as in Android's own views (a held OK is not a stream of clicks,
/// and a held Back must not unwind the whole page stack and leave the app).
pub fn repeats(key: Key) -> bool {
    !matches!(
        key,
        Key::Enter | Key::Back | Key::Menu | Key::Home | Key::PlayPause
    )
}

/// True for keys the system must see even when the app uses them too.
pub fn system_keeps(key: Key) -> bool {
    matches!(key, Key::VolumeUp | Key::VolumeDown | Key::Home)
}

/// Translates one Android key event: `code` is the `KEYCODE_*` value, `repeat_count` the
/// event's repeat count.
///
/// An auto-repeat (`Down` with a repeat count above 0) is another press for keys that
/// [`repeats`] (holding a D-pad key keeps moving the focus, as on every Android TV app),
/// and nothing, still consumed, for the others. `Multiple` stands for `repeat_count`
/// presses and releases (at most [`MAX_MULTIPLE`]). A code the keymap does not bind gives
/// no input and is left to the system.
pub fn translate_key(map: &KeyMap, code: u32, action: KeyAction, repeat_count: i32) -> KeyOutcome {
    let Some(key) = map.lookup(KeySource::Android, code) else {
        return KeyOutcome {
            events: Vec::new(),
            status: Status::Unhandled,
        };
    };
    let press = |pressed| InputEvent::Key { key, pressed };
    let events = match action {
        KeyAction::Down if repeat_count > 0 && !repeats(key) => Vec::new(),
        KeyAction::Down => vec![press(true)],
        KeyAction::Up => vec![press(false)],
        KeyAction::Multiple => {
            let n = u32::try_from(repeat_count).unwrap_or(0).min(MAX_MULTIPLE);
            (0..n).flat_map(|_| [press(true), press(false)]).collect()
        }
        KeyAction::Other(_) => Vec::new(),
    };
    let status = if system_keeps(key) || matches!(action, KeyAction::Other(_)) {
        Status::Unhandled
    } else {
        Status::Handled
    };
    KeyOutcome { events, status }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn down(key: Key) -> InputEvent {
        InputEvent::Key { key, pressed: true }
    }
    fn up(key: Key) -> InputEvent {
        InputEvent::Key {
            key,
            pressed: false,
        }
    }

    #[test]
    fn tv_remote_keycodes_map_to_logical_keys() {
        let map = KeyMap::builtin();
        // KEYCODE_* values from android/keycodes.h.
        let cases = [
            (19, Key::Up),           // DPAD_UP
            (20, Key::Down),         // DPAD_DOWN
            (21, Key::Left),         // DPAD_LEFT
            (22, Key::Right),        // DPAD_RIGHT
            (23, Key::Enter),        // DPAD_CENTER
            (66, Key::Enter),        // ENTER
            (4, Key::Back),          // BACK
            (82, Key::Menu),         // MENU
            (85, Key::PlayPause),    // MEDIA_PLAY_PAUSE
            (90, Key::FastForward),  // MEDIA_FAST_FORWARD
            (89, Key::Rewind),       // MEDIA_REWIND
            (166, Key::ChannelUp),   // CHANNEL_UP
            (167, Key::ChannelDown), // CHANNEL_DOWN
            (7, Key::Digit(0)),      // 0
            (16, Key::Digit(9)),     // 9
        ];
        for (code, key) in cases {
            let out = translate_key(&map, code, KeyAction::Down, 0);
            assert_eq!(out.events, [down(key)], "KEYCODE {code}");
            assert_eq!(out.status, Status::Handled, "KEYCODE {code}");
            let out = translate_key(&map, code, KeyAction::Up, 0);
            assert_eq!(out.events, [up(key)], "KEYCODE {code}");
        }
    }

    #[test]
    fn back_is_consumed_so_the_activity_stays() {
        let map = KeyMap::builtin();
        for action in [KeyAction::Down, KeyAction::Up] {
            let out = translate_key(&map, 4, action, 0);
            assert_eq!(out.status, Status::Handled, "{action:?}");
        }
    }

    #[test]
    fn auto_repeat_moves_but_does_not_click_or_unwind() {
        let map = KeyMap::builtin();
        for repeat in [1, 2, 30] {
            let out = translate_key(&map, 20, KeyAction::Down, repeat);
            assert_eq!(out.events, [down(Key::Down)], "repeat {repeat}");
            assert_eq!(out.status, Status::Handled);
            let out = translate_key(&map, 90, KeyAction::Down, repeat);
            assert_eq!(out.events, [down(Key::FastForward)], "repeat {repeat}");
            // DPAD_CENTER, BACK, MENU, MEDIA_PLAY_PAUSE: once per hold, and the system
            // does not get the repeats either.
            for code in [23, 4, 82, 85] {
                let out = translate_key(&map, code, KeyAction::Down, repeat);
                assert!(out.events.is_empty(), "KEYCODE {code} repeat {repeat}");
                assert_eq!(out.status, Status::Handled, "KEYCODE {code}");
            }
        }
        // The first Down of a held Back is a press, its Up a release.
        assert_eq!(
            translate_key(&map, 4, KeyAction::Down, 0).events,
            [down(Key::Back)]
        );
        assert_eq!(
            translate_key(&map, 4, KeyAction::Up, 0).events,
            [up(Key::Back)]
        );
    }

    #[test]
    fn action_multiple_is_presses_and_releases_capped() {
        let map = KeyMap::builtin();
        let out = translate_key(&map, 22, KeyAction::Multiple, 2);
        let r = Key::Right;
        assert_eq!(out.events, [down(r), up(r), down(r), up(r)]);
        let out = translate_key(&map, 22, KeyAction::Multiple, 10_000);
        assert_eq!(out.events.len(), 2 * MAX_MULTIPLE as usize);
        let out = translate_key(&map, 22, KeyAction::Multiple, -3);
        assert!(out.events.is_empty());
    }

    #[test]
    fn unbound_and_unknown_are_left_to_the_system() {
        let map = KeyMap::builtin();
        // KEYCODE_SETTINGS (176) is not bound by default.
        let out = translate_key(&map, 176, KeyAction::Down, 0);
        assert!(out.events.is_empty());
        assert_eq!(out.status, Status::Unhandled);
        // KEYCODE_UNKNOWN with ACTION_MULTIPLE is how old IMEs sent text.
        let out = translate_key(&map, 0, KeyAction::Multiple, 1);
        assert_eq!(out.status, Status::Unhandled);
        let out = translate_key(&map, 19, KeyAction::Other(9), 0);
        assert!(out.events.is_empty());
        assert_eq!(out.status, Status::Unhandled);
    }

    #[test]
    fn volume_and_home_reach_app_and_system() {
        let map = KeyMap::builtin();
        for (code, key) in [(24, Key::VolumeUp), (25, Key::VolumeDown), (3, Key::Home)] {
            let out = translate_key(&map, code, KeyAction::Down, 0);
            assert_eq!(out.events, [down(key)]);
            assert_eq!(out.status, Status::Unhandled, "{key}");
        }
    }

    #[test]
    fn device_config_keymap_is_honoured() {
        let mut map = KeyMap::builtin();
        // A remote whose "exit" key (KEYCODE_TV_INPUT 178 here) should go back, and
        // whose MENU should do nothing.
        map.bind(KeySource::Android, 178, Some(Key::Back));
        map.bind(KeySource::Android, 82, None);
        let out = translate_key(&map, 178, KeyAction::Down, 0);
        assert_eq!(out.events, [down(Key::Back)]);
        let out = translate_key(&map, 82, KeyAction::Down, 0);
        assert_eq!(out.status, Status::Unhandled);
    }

    #[test]
    fn raw_actions() {
        assert_eq!(KeyAction::from_raw(0), KeyAction::Down);
        assert_eq!(KeyAction::from_raw(1), KeyAction::Up);
        assert_eq!(KeyAction::from_raw(2), KeyAction::Multiple);
        assert_eq!(KeyAction::from_raw(7), KeyAction::Other(7));
    }
}
