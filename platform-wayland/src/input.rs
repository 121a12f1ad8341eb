//! Wayland input to Mica's [`InputEvent`]s: keysyms through the [`KeyMap`], the pointer's
//! left button and the first touch point as [`InputEvent::Pointer`], scroll axes as
//! [`InputEvent::Wheel`], and client-side key repeat.
//!
//! Everything here is plain state over plain values, so it is tested without a compositor.
//! Positions arrive in surface coordinates and leave in frame pixels (times the buffer
//! scale).

use std::time::{Duration, Instant};

use mica_engine::config::{KeyMap, KeySource};
use mica_engine::platform::{InputEvent, Key, PointerPhase};
use smithay_client_toolkit::seat::pointer::{AxisScroll, PointerEventKind, BTN_LEFT};

use crate::sys::NO_SYMBOL;

/// Frame pixels one wheel notch scrolls. Compositors report a notch as 10 surface units
/// (weston, mutter), far less than a page wants; browsers scroll 40-100 px a notch.
pub(crate) const WHEEL_STEP: f32 = 48.0;

/// The logical key for a key event: the keysym through the keymap's `keysym` table; only a
/// key with no keysym at all (`NoSymbol`: not in the compositor's keymap) falls back to the
/// `evdev` table with the raw code, so a binding removed from the keysym table stays removed.
pub(crate) fn key_for(keymap: &KeyMap, keysym: u32, evdev: u32) -> Option<Key> {
    if keysym == NO_SYMBOL {
        keymap.lookup(KeySource::Evdev, evdev)
    } else {
        keymap.lookup(KeySource::Keysym, keysym)
    }
}

/// The logical key each held key code was pressed as, so its release is the same key even
/// if the modifiers changed in between (Shift+1 pressed as `exclam`, Shift let go, 1
/// released: the release is still `exclam`'s key).
#[derive(Debug, Clone, Default)]
pub(crate) struct HeldKeys(Vec<(u32, Key)>);

impl HeldKeys {
    pub(crate) fn press(&mut self, code: u32, key: Key) {
        self.0.retain(|&(c, _)| c != code);
        self.0.push((code, key));
    }

    /// The key `code` was pressed as, if it was pressed while we had the focus.
    pub(crate) fn release(&mut self, code: u32) -> Option<Key> {
        let i = self.0.iter().position(|&(c, _)| c == code)?;
        Some(self.0.swap_remove(i).1)
    }

    /// Focus left: the compositor will not send these releases.
    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}

/// The pointer: the left button is the finger; other buttons are ignored.
#[derive(Debug, Clone)]
pub(crate) struct PointerTracker {
    scale: f32,
    position: (f32, f32),
    pressed: bool,
}

impl PointerTracker {
    pub(crate) fn new(scale: u32) -> Self {
        PointerTracker {
            scale: scale.max(1) as f32,
            position: (0.0, 0.0),
            pressed: false,
        }
    }

    /// One `wl_pointer` event at `position` (surface coordinates) on our surface.
    pub(crate) fn event(
        &mut self,
        kind: &PointerEventKind,
        position: (f64, f64),
    ) -> Option<InputEvent> {
        let (x, y) = (
            position.0 as f32 * self.scale,
            position.1 as f32 * self.scale,
        );
        match kind {
            PointerEventKind::Enter { .. } => {
                self.position = (x, y);
                None
            }
            PointerEventKind::Leave { .. } => {
                // The compositor grabs the pointer while a button is down, so this is rare;
                // end the press where it was rather than leave it hanging.
                self.take_press()
            }
            PointerEventKind::Motion { .. } => {
                self.position = (x, y);
                self.pressed.then_some(InputEvent::Pointer {
                    phase: PointerPhase::Move,
                    x,
                    y,
                })
            }
            PointerEventKind::Press { button, .. } if *button == BTN_LEFT => {
                self.position = (x, y);
                self.pressed = true;
                Some(InputEvent::Pointer {
                    phase: PointerPhase::Down,
                    x,
                    y,
                })
            }
            PointerEventKind::Release { button, .. } if *button == BTN_LEFT => {
                self.position = (x, y);
                self.take_press()
            }
            PointerEventKind::Axis {
                horizontal,
                vertical,
                ..
            } => {
                let dx = axis_pixels(horizontal, self.scale);
                let dy = axis_pixels(vertical, self.scale);
                (dx != 0.0 || dy != 0.0).then_some(InputEvent::Wheel {
                    x: self.position.0,
                    y: self.position.1,
                    dx,
                    dy,
                })
            }
            _ => None,
        }
    }

    fn take_press(&mut self) -> Option<InputEvent> {
        std::mem::take(&mut self.pressed).then_some(InputEvent::Pointer {
            phase: PointerPhase::Up,
            x: self.position.0,
            y: self.position.1,
        })
    }
}

/// Scroll distance in frame pixels: wheel notches (`value120`, or the older `discrete`) are
/// [`WHEEL_STEP`] each; continuous sources (touchpads) move by what the compositor says.
/// Positive scrolls down/right, as in Wayland and [`InputEvent::Wheel`].
pub(crate) fn axis_pixels(axis: &AxisScroll, scale: f32) -> f32 {
    if axis.value120 != 0 {
        axis.value120 as f32 / 120.0 * WHEEL_STEP
    } else if axis.discrete != 0 {
        axis.discrete as f32 * WHEEL_STEP
    } else {
        axis.absolute as f32 * scale
    }
}

/// Touch: the first finger down is the pointer until it lifts; other fingers are ignored
/// (Mica has no multi-touch gestures).
#[derive(Debug, Clone)]
pub(crate) struct TouchTracker {
    scale: f32,
    active: Option<(i32, (f32, f32))>,
}

impl TouchTracker {
    pub(crate) fn new(scale: u32) -> Self {
        TouchTracker {
            scale: scale.max(1) as f32,
            active: None,
        }
    }

    pub(crate) fn down(&mut self, id: i32, position: (f64, f64)) -> Option<InputEvent> {
        if self.active.is_some() {
            return None;
        }
        let (x, y) = self.scaled(position);
        self.active = Some((id, (x, y)));
        Some(InputEvent::Pointer {
            phase: PointerPhase::Down,
            x,
            y,
        })
    }

    pub(crate) fn motion(&mut self, id: i32, position: (f64, f64)) -> Option<InputEvent> {
        let (x, y) = self.scaled(position);
        match &mut self.active {
            Some((active, pos)) if *active == id => {
                *pos = (x, y);
                Some(InputEvent::Pointer {
                    phase: PointerPhase::Move,
                    x,
                    y,
                })
            }
            _ => None,
        }
    }

    pub(crate) fn up(&mut self, id: i32) -> Option<InputEvent> {
        match self.active {
            Some((active, (x, y))) if active == id => {
                self.active = None;
                Some(InputEvent::Pointer {
                    phase: PointerPhase::Up,
                    x,
                    y,
                })
            }
            _ => None,
        }
    }

    /// The compositor took the touch sequence (a gesture of its own): it ends as a release
    /// where the finger was. A finger that moved past the drag slop does not tap.
    pub(crate) fn cancel(&mut self) -> Option<InputEvent> {
        let (id, _) = self.active?;
        self.up(id)
    }

    fn scaled(&self, position: (f64, f64)) -> (f32, f32) {
        (
            position.0 as f32 * self.scale,
            position.1 as f32 * self.scale,
        )
    }
}

/// Key repeat is the client's job in Wayland: `wl_keyboard.repeat_info` gives the rate
/// and delay, and the client sends the repeats. A held D-pad key moves focus on and on,
/// as on a TV remote.
#[derive(Debug, Clone)]
pub(crate) struct KeyRepeat {
    /// Repeats per second; 0 turns repeat off.
    rate: u32,
    delay: Duration,
    held: Option<(Key, Instant)>,
}

impl Default for KeyRepeat {
    /// What weston and most compositors send: 40/s after 400 ms.
    fn default() -> Self {
        KeyRepeat {
            rate: 40,
            delay: Duration::from_millis(400),
            held: None,
        }
    }
}

impl KeyRepeat {
    /// Applies `wl_keyboard.repeat_info` (`rate` per second, `delay` in ms; negative values
    /// are protocol errors and count as 0).
    pub(crate) fn set_info(&mut self, rate: i32, delay: i32) {
        self.rate = u32::try_from(rate).unwrap_or(0);
        self.delay = Duration::from_millis(u64::try_from(delay).unwrap_or(0));
        if self.rate == 0 {
            self.held = None;
        }
    }

    /// `key` went down at `now`; it repeats if `repeats` (the keymap's say) and repeat is on.
    pub(crate) fn press(&mut self, key: Key, repeats: bool, now: Instant) {
        self.held = (repeats && self.rate > 0).then(|| (key, now + self.delay));
    }

    /// `key` went up: its repeat stops (another held key's does not).
    pub(crate) fn release(&mut self, key: Key) {
        if matches!(self.held, Some((k, _)) if k == key) {
            self.held = None;
        }
    }

    /// Focus left the surface: nothing repeats.
    pub(crate) fn stop(&mut self) {
        self.held = None;
    }

    /// When the next repeat is due.
    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.held.map(|(_, at)| at)
    }

    /// The repeats due at `now`, as key presses (at most a few: a stalled loop does not
    /// flood the app with a burst of presses).
    pub(crate) fn due(&mut self, now: Instant) -> Vec<InputEvent> {
        const MAX_BURST: usize = 3;
        let mut out = Vec::new();
        let Some((key, mut at)) = self.held else {
            return out;
        };
        let interval = Duration::from_secs(1) / self.rate.max(1);
        while at <= now {
            if out.len() < MAX_BURST {
                out.push(InputEvent::Key { key, pressed: true });
            }
            at += interval;
        }
        self.held = Some((key, at));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ptr(phase: PointerPhase, x: f32, y: f32) -> Option<InputEvent> {
        Some(InputEvent::Pointer { phase, x, y })
    }

    #[test]
    fn keysyms_map_through_the_keysym_table_and_unknown_ones_to_nothing() {
        let map = KeyMap::builtin();
        assert_eq!(key_for(&map, 0xff52, 103), Some(Key::Up)); // XK_Up
        assert_eq!(key_for(&map, 0xff54, 108), Some(Key::Down));
        assert_eq!(key_for(&map, 0xff0d, 28), Some(Key::Enter)); // XK_Return
        assert_eq!(key_for(&map, 0xff1b, 1), Some(Key::Back)); // XK_Escape
        assert_eq!(key_for(&map, 0x35, 6), Some(Key::Digit(5))); // XK_5
        assert_eq!(key_for(&map, 0x1008_ff14, 164), Some(Key::PlayPause));
        assert_eq!(key_for(&map, 0x61, 30), None, "XK_a is no key");
    }

    #[test]
    fn evdev_is_the_fallback_only_for_keys_without_a_keysym() {
        let mut map = KeyMap::builtin();
        // A key the compositor's keymap does not know: the evdev code decides.
        assert_eq!(key_for(&map, NO_SYMBOL, 0x192), Some(Key::ChannelUp));
        // A keysym binding removed in the config stays removed, evdev or not.
        map.bind(KeySource::Keysym, 0xff1b, None);
        assert_eq!(key_for(&map, 0xff1b, 1), None);
        // The config's keysym bindings win.
        map.bind(KeySource::Keysym, 0x61, Some(Key::Menu));
        assert_eq!(key_for(&map, 0x61, 30), Some(Key::Menu));
    }

    #[test]
    fn a_release_is_the_key_that_was_pressed() {
        let mut held = HeldKeys::default();
        held.press(2, Key::Menu); // Shift+1 as `exclam`, bound to Menu
        held.press(103, Key::Up);
        assert_eq!(held.release(2), Some(Key::Menu), "not Digit(1)");
        assert_eq!(held.release(2), None, "released once");
        held.press(103, Key::Down); // pressed again: the newer key
        assert_eq!(held.release(103), Some(Key::Down));
        held.press(1, Key::Back);
        held.clear();
        assert_eq!(held.release(1), None);
    }

    #[test]
    fn left_button_is_down_move_up_and_motion_without_it_is_nothing() {
        let mut p = PointerTracker::new(1);
        let enter = PointerEventKind::Enter { serial: 1 };
        assert_eq!(p.event(&enter, (5.0, 6.0)), None);
        let motion = PointerEventKind::Motion { time: 0 };
        assert_eq!(p.event(&motion, (10.0, 20.0)), None, "hover is not a drag");
        let press = PointerEventKind::Press {
            time: 0,
            button: BTN_LEFT,
            serial: 2,
        };
        assert_eq!(
            p.event(&press, (10.0, 20.0)),
            ptr(PointerPhase::Down, 10.0, 20.0)
        );
        assert_eq!(
            p.event(&motion, (30.5, 40.0)),
            ptr(PointerPhase::Move, 30.5, 40.0)
        );
        let release = PointerEventKind::Release {
            time: 0,
            button: BTN_LEFT,
            serial: 3,
        };
        assert_eq!(
            p.event(&release, (31.0, 41.0)),
            ptr(PointerPhase::Up, 31.0, 41.0)
        );
        assert_eq!(p.event(&motion, (50.0, 50.0)), None);
        assert_eq!(p.event(&release, (50.0, 50.0)), None, "no second Up");
    }

    #[test]
    fn other_buttons_are_ignored_and_leave_ends_a_press() {
        let mut p = PointerTracker::new(1);
        let right = PointerEventKind::Press {
            time: 0,
            button: BTN_LEFT + 1,
            serial: 1,
        };
        assert_eq!(p.event(&right, (1.0, 1.0)), None);
        let press = PointerEventKind::Press {
            time: 0,
            button: BTN_LEFT,
            serial: 2,
        };
        assert!(p.event(&press, (7.0, 8.0)).is_some());
        let leave = PointerEventKind::Leave { serial: 3 };
        assert_eq!(p.event(&leave, (0.0, 0.0)), ptr(PointerPhase::Up, 7.0, 8.0));
        assert_eq!(p.event(&leave, (0.0, 0.0)), None);
    }

    #[test]
    fn positions_are_scaled_to_buffer_pixels() {
        let mut p = PointerTracker::new(2);
        let press = PointerEventKind::Press {
            time: 0,
            button: BTN_LEFT,
            serial: 1,
        };
        assert_eq!(
            p.event(&press, (10.0, 20.25)),
            ptr(PointerPhase::Down, 20.0, 40.5)
        );
        let mut t = TouchTracker::new(3);
        assert_eq!(t.down(0, (1.0, 2.0)), ptr(PointerPhase::Down, 3.0, 6.0));
    }

    #[test]
    fn wheel_notches_and_touchpad_scrolls_become_wheel_events() {
        let mut p = PointerTracker::new(2);
        let _ = p.event(&PointerEventKind::Motion { time: 0 }, (100.0, 50.0));
        let notch = PointerEventKind::Axis {
            time: 0,
            horizontal: AxisScroll::default(),
            vertical: AxisScroll {
                absolute: 10.0,
                discrete: 1,
                ..AxisScroll::default()
            },
            source: None,
        };
        assert_eq!(
            p.event(&notch, (100.0, 50.0)),
            Some(InputEvent::Wheel {
                x: 200.0,
                y: 100.0,
                dx: 0.0,
                dy: WHEEL_STEP
            })
        );
        let hires_up = AxisScroll {
            absolute: -5.0,
            value120: -60,
            ..AxisScroll::default()
        };
        assert_eq!(axis_pixels(&hires_up, 1.0), -WHEEL_STEP / 2.0);
        let touchpad = PointerEventKind::Axis {
            time: 0,
            horizontal: AxisScroll {
                absolute: 3.5,
                ..AxisScroll::default()
            },
            vertical: AxisScroll::default(),
            source: None,
        };
        assert_eq!(
            p.event(&touchpad, (100.0, 50.0)),
            Some(InputEvent::Wheel {
                x: 200.0,
                y: 100.0,
                dx: 7.0,
                dy: 0.0
            })
        );
        let stop = PointerEventKind::Axis {
            time: 0,
            horizontal: AxisScroll::default(),
            vertical: AxisScroll {
                stop: true,
                ..AxisScroll::default()
            },
            source: None,
        };
        assert_eq!(
            p.event(&stop, (100.0, 50.0)),
            None,
            "axis stop is no scroll"
        );
    }

    #[test]
    fn first_finger_is_the_pointer_and_others_are_ignored() {
        let mut t = TouchTracker::new(1);
        assert_eq!(t.down(4, (10.0, 10.0)), ptr(PointerPhase::Down, 10.0, 10.0));
        assert_eq!(t.down(5, (90.0, 90.0)), None, "second finger");
        assert_eq!(t.motion(5, (91.0, 91.0)), None);
        assert_eq!(
            t.motion(4, (12.0, 15.0)),
            ptr(PointerPhase::Move, 12.0, 15.0)
        );
        assert_eq!(t.up(5), None);
        assert_eq!(t.up(4), ptr(PointerPhase::Up, 12.0, 15.0));
        assert_eq!(t.up(4), None);
        // The next first finger may be any id.
        assert_eq!(t.down(5, (1.0, 1.0)), ptr(PointerPhase::Down, 1.0, 1.0));
        assert_eq!(t.cancel(), ptr(PointerPhase::Up, 1.0, 1.0));
        assert_eq!(t.cancel(), None);
    }

    #[test]
    fn held_keys_repeat_after_the_delay_at_the_rate() {
        let t0 = Instant::now();
        let mut r = KeyRepeat::default();
        r.set_info(10, 300); // every 100 ms after 300 ms
        r.press(Key::Down, true, t0);
        assert_eq!(r.deadline(), Some(t0 + Duration::from_millis(300)));
        assert!(r.due(t0 + Duration::from_millis(299)).is_empty());
        let down = InputEvent::Key {
            key: Key::Down,
            pressed: true,
        };
        assert_eq!(r.due(t0 + Duration::from_millis(300)), vec![down]);
        assert_eq!(r.deadline(), Some(t0 + Duration::from_millis(400)));
        assert_eq!(r.due(t0 + Duration::from_millis(450)), vec![down]);
        // A stalled loop gets a short burst, not one press per missed interval.
        assert_eq!(r.due(t0 + Duration::from_secs(5)).len(), 3);
        assert!(r
            .deadline()
            .is_some_and(|d| d > t0 + Duration::from_secs(5)));
        // Releasing another key does not stop it; releasing it does.
        r.release(Key::Up);
        assert!(r.deadline().is_some());
        r.release(Key::Down);
        assert_eq!(r.deadline(), None);
        assert!(r.due(t0 + Duration::from_secs(9)).is_empty());
    }

    #[test]
    fn repeat_off_and_non_repeating_keys_do_not_repeat() {
        let t0 = Instant::now();
        let mut r = KeyRepeat::default();
        r.press(Key::Enter, false, t0);
        assert_eq!(r.deadline(), None, "the keymap says it does not repeat");
        r.press(Key::Up, true, t0);
        assert!(r.deadline().is_some());
        r.set_info(0, 500);
        assert_eq!(r.deadline(), None, "rate 0 turns repeat off");
        r.press(Key::Up, true, t0);
        assert_eq!(r.deadline(), None);
        r.set_info(-3, -1);
        r.press(Key::Up, true, t0);
        assert_eq!(r.deadline(), None, "bad values are off, not a panic");
        r.set_info(25, 0);
        r.press(Key::Left, true, t0);
        r.stop();
        assert_eq!(r.deadline(), None, "focus left");
    }
}
