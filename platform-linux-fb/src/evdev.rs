//! Evdev events (`struct input_event`, `linux/input.h`) and how a device's stream of them
//! becomes [`InputEvent`]s.
//!
//! Events come in reports closed by `SYN_REPORT`; the decoder collects a report and emits
//! at its end:
//!
//! - `EV_KEY`: through the keymap's `evdev` table; press (1), autorepeat (2, a press
//!   again) and release (0). Codes the keymap does not know are ignored.
//! - `EV_MSC`/`MSC_SCAN`: the raw scancode of an IR remote (rc-core), through the `ir`
//!   table. A mapped scancode is a press and a release (remotes report no release for
//!   raw scancodes; a held button repeats the scancode) and takes the place of any
//!   `EV_KEY` in the same report, so a remote with a kernel keymap as well does not
//!   press twice.
//! - Touch: multi-touch slot 0 (`ABS_MT_SLOT`, `ABS_MT_TRACKING_ID`,
//!   `ABS_MT_POSITION_X/Y`), or for single-touch devices `BTN_TOUCH` with `ABS_X/Y`,
//!   scaled from the axis ranges to the screen: Pointer Down, Move and Up.
//! - `SYN_DROPPED`: the kernel's buffer overflowed; the events up to the next
//!   `SYN_REPORT` are dropped, as `linux/Documentation/input/event-codes.rst` asks.

use mica_engine::config::{KeyMap, KeySource};
use mica_engine::platform::{InputEvent, Key, PointerPhase};

pub(crate) const EV_SYN: u16 = 0x00;
pub(crate) const EV_KEY: u16 = 0x01;
pub(crate) const EV_ABS: u16 = 0x03;
pub(crate) const EV_MSC: u16 = 0x04;
pub(crate) const SYN_REPORT: u16 = 0;
pub(crate) const SYN_DROPPED: u16 = 3;
pub(crate) const MSC_SCAN: u16 = 0x04;
pub(crate) const BTN_TOUCH: u16 = 0x14a;
pub(crate) const ABS_X: u16 = 0x00;
pub(crate) const ABS_Y: u16 = 0x01;
pub(crate) const ABS_MT_SLOT: u16 = 0x2f;
pub(crate) const ABS_MT_POSITION_X: u16 = 0x35;
pub(crate) const ABS_MT_POSITION_Y: u16 = 0x36;
pub(crate) const ABS_MT_TRACKING_ID: u16 = 0x39;

/// One `struct input_event` without its timestamp: what a device reports and what a
/// recorded stream holds.
///
/// On disk and on the wire it is the kernel's layout: two `unsigned long`s of time
/// (16 bytes on 64-bit targets, 8 on 32-bit ones), then type, code and value in CPU byte
/// order. Recordings are therefore specific to the word size and byte order they were made
/// with (`evemu`/`cat /dev/input/eventN` produce the same layout).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InputRecord {
    /// `EV_KEY`, `EV_ABS`, ... (the `type` field).
    pub kind: u16,
    /// `KEY_*`, `ABS_*`, ...
    pub code: u16,
    /// Value: 1 press, 0 release, 2 autorepeat for keys; the position for axes.
    pub value: i32,
}

/// Bytes of the timestamp before the fields.
const TIME: usize = 2 * std::mem::size_of::<libc::c_ulong>();

impl InputRecord {
    /// Bytes of one record on this target.
    pub const SIZE: usize = TIME + 8;

    /// A record.
    pub const fn new(kind: u16, code: u16, value: i32) -> InputRecord {
        InputRecord { kind, code, value }
    }

    /// `EV_KEY` `code` with `value` (1 press, 0 release, 2 repeat).
    pub const fn key(code: u16, value: i32) -> InputRecord {
        InputRecord::new(EV_KEY, code, value)
    }

    /// `EV_SYN` `SYN_REPORT`: ends a report.
    pub const fn syn() -> InputRecord {
        InputRecord::new(EV_SYN, SYN_REPORT, 0)
    }

    /// `EV_MSC` `MSC_SCAN`: a raw scancode (IR remotes).
    pub const fn scan(scancode: i32) -> InputRecord {
        InputRecord::new(EV_MSC, MSC_SCAN, scancode)
    }

    /// `EV_ABS` `axis` at `value`.
    pub const fn abs(axis: u16, value: i32) -> InputRecord {
        InputRecord::new(EV_ABS, axis, value)
    }

    /// The record's bytes, with a zero timestamp.
    pub fn to_bytes(&self) -> [u8; InputRecord::SIZE] {
        let mut b = [0u8; InputRecord::SIZE];
        b[TIME..TIME + 2].copy_from_slice(&self.kind.to_ne_bytes());
        b[TIME + 2..TIME + 4].copy_from_slice(&self.code.to_ne_bytes());
        b[TIME + 4..TIME + 8].copy_from_slice(&self.value.to_ne_bytes());
        b
    }

    /// The bytes of several records, back to back.
    pub fn encode_all(records: &[InputRecord]) -> Vec<u8> {
        records.iter().flat_map(|r| r.to_bytes()).collect()
    }

    /// The record at the start of `bytes`, if they hold a whole one.
    pub fn parse(bytes: &[u8]) -> Option<InputRecord> {
        let f = bytes.get(TIME..InputRecord::SIZE)?;
        Some(InputRecord {
            kind: u16::from_ne_bytes([f[0], f[1]]),
            code: u16::from_ne_bytes([f[2], f[3]]),
            value: i32::from_ne_bytes([f[4], f[5], f[6], f[7]]),
        })
    }
}

/// A raw axis range, mapped onto `0..=screen - 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AxisRange {
    pub(crate) min: i32,
    pub(crate) max: i32,
}

impl AxisRange {
    fn scale(range: Option<AxisRange>, raw: i32, screen: u32) -> f32 {
        let top = screen.saturating_sub(1) as f32;
        let v = match range {
            Some(r) if r.max > r.min => {
                (raw as f64 - f64::from(r.min)) * f64::from(top)
                    / (f64::from(r.max) - f64::from(r.min))
            }
            // Unknown range (a recording): the values are screen pixels.
            _ => f64::from(raw),
        };
        (v as f32).clamp(0.0, top)
    }
}

/// The axis ranges of a device: `[ABS_X, ABS_Y, ABS_MT_POSITION_X, ABS_MT_POSITION_Y]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Axes {
    pub(crate) x: Option<AxisRange>,
    pub(crate) y: Option<AxisRange>,
    pub(crate) mt_x: Option<AxisRange>,
    pub(crate) mt_y: Option<AxisRange>,
}

/// The touch state of one device.
#[derive(Clone, Copy, Debug, Default)]
struct Touch {
    /// The slot `ABS_MT_*` events apply to.
    slot: i32,
    /// The device reports tracking ids (multi-touch protocol B).
    mt_tracking: bool,
    /// The device reports multi-touch positions.
    mt_position: bool,
    /// Slot 0 has a contact.
    mt_active: bool,
    mt_x: i32,
    mt_y: i32,
    st_x: i32,
    st_y: i32,
    btn_touch: bool,
    /// What was reported at the last `SYN_REPORT`.
    was_down: bool,
    last: (f32, f32),
}

/// Turns one device's records into input events.
#[derive(Debug)]
pub(crate) struct Decoder {
    screen: (u32, u32),
    axes: Axes,
    touch: Touch,
    /// Keys of the report being read.
    keys: Vec<(Key, bool)>,
    /// A mapped IR scancode in the report being read.
    ir: Option<Key>,
    /// Dropping events until the next `SYN_REPORT`.
    dropping: bool,
}

impl Decoder {
    /// A decoder for a device with `axes` on a `screen` of (width, height) px;
    /// `mt_slot` is the device's current slot, when it tells.
    pub(crate) fn new(screen: (u32, u32), axes: Axes, mt_slot: Option<i32>) -> Decoder {
        Decoder {
            screen,
            axes,
            touch: Touch {
                slot: mt_slot.unwrap_or(0),
                ..Touch::default()
            },
            keys: Vec::new(),
            ir: None,
            dropping: false,
        }
    }

    /// Feeds one record; events of a completed report go to `out`.
    pub(crate) fn feed(&mut self, rec: InputRecord, keymap: &KeyMap, out: &mut Vec<InputEvent>) {
        if rec.kind == EV_SYN {
            match rec.code {
                SYN_REPORT if self.dropping => self.dropping = false,
                SYN_REPORT => self.report(out),
                SYN_DROPPED => {
                    self.dropping = true;
                    self.keys.clear();
                    self.ir = None;
                }
                _ => {}
            }
            return;
        }
        if self.dropping {
            return;
        }
        match (rec.kind, rec.code) {
            (EV_KEY, BTN_TOUCH) => self.touch.btn_touch = rec.value != 0,
            (EV_KEY, code) => {
                if let Some(key) = keymap.lookup(KeySource::Evdev, u32::from(code)) {
                    // 2 is autorepeat: the key is pressed again.
                    self.keys.push((key, rec.value != 0));
                }
            }
            (EV_MSC, MSC_SCAN) => {
                // rc-core scancodes are unsigned 32-bit values carried in the i32.
                if let Some(key) = keymap.lookup(KeySource::Ir, rec.value as u32) {
                    self.ir = Some(key);
                }
            }
            (EV_ABS, axis) => self.abs(axis, rec.value),
            _ => {}
        }
    }

    fn abs(&mut self, axis: u16, value: i32) {
        let t = &mut self.touch;
        match axis {
            ABS_X => t.st_x = value,
            ABS_Y => t.st_y = value,
            ABS_MT_SLOT => t.slot = value,
            ABS_MT_TRACKING_ID if t.slot == 0 => {
                t.mt_tracking = true;
                t.mt_active = value >= 0;
            }
            ABS_MT_POSITION_X if t.slot == 0 => {
                t.mt_position = true;
                t.mt_x = value;
            }
            ABS_MT_POSITION_Y if t.slot == 0 => {
                t.mt_position = true;
                t.mt_y = value;
            }
            _ => {}
        }
    }

    /// The end of a report.
    fn report(&mut self, out: &mut Vec<InputEvent>) {
        if let Some(key) = self.ir.take() {
            out.push(InputEvent::Key { key, pressed: true });
            out.push(InputEvent::Key {
                key,
                pressed: false,
            });
            self.keys.clear();
        }
        out.extend(
            self.keys
                .drain(..)
                .map(|(key, pressed)| InputEvent::Key { key, pressed }),
        );
        let t = &mut self.touch;
        let down = if t.mt_tracking {
            t.mt_active
        } else {
            t.btn_touch
        };
        let (raw, rx, ry) = if t.mt_position {
            ((t.mt_x, t.mt_y), self.axes.mt_x, self.axes.mt_y)
        } else {
            ((t.st_x, t.st_y), self.axes.x, self.axes.y)
        };
        let pos = (
            AxisRange::scale(rx, raw.0, self.screen.0),
            AxisRange::scale(ry, raw.1, self.screen.1),
        );
        let pointer = |phase, (x, y): (f32, f32)| InputEvent::Pointer { phase, x, y };
        match (t.was_down, down) {
            (false, true) => out.push(pointer(PointerPhase::Down, pos)),
            (true, true) if pos != t.last => out.push(pointer(PointerPhase::Move, pos)),
            (true, false) => out.push(pointer(PointerPhase::Up, t.last)),
            _ => {}
        }
        t.was_down = down;
        if down {
            t.last = pos;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dec: &mut Decoder, recs: &[InputRecord]) -> Vec<InputEvent> {
        let map = KeyMap::builtin();
        let mut out = Vec::new();
        for r in recs {
            dec.feed(*r, &map, &mut out);
        }
        out
    }

    #[test]
    fn records_round_trip() {
        let r = InputRecord::new(EV_ABS, ABS_MT_POSITION_X, -12345);
        let b = r.to_bytes();
        assert_eq!(b.len(), InputRecord::SIZE);
        assert_eq!(InputRecord::parse(&b), Some(r));
        assert_eq!(InputRecord::parse(&b[..InputRecord::SIZE - 1]), None);
        assert_eq!(
            InputRecord::SIZE,
            std::mem::size_of::<libc::input_event>(),
            "the kernel's layout"
        );
    }

    #[test]
    fn keys_wait_for_the_report_and_dropped_reports_vanish() {
        let mut d = Decoder::new((100, 100), Axes::default(), None);
        assert!(run(&mut d, &[InputRecord::key(103, 1)]).is_empty());
        let ev = run(&mut d, &[InputRecord::syn()]);
        assert_eq!(
            ev,
            vec![InputEvent::Key {
                key: Key::Up,
                pressed: true
            }]
        );
        let ev = run(
            &mut d,
            &[
                InputRecord::key(108, 1),
                InputRecord::new(EV_SYN, SYN_DROPPED, 0),
                InputRecord::key(105, 1),
                InputRecord::syn(),
                InputRecord::key(106, 1),
                InputRecord::syn(),
            ],
        );
        assert_eq!(
            ev,
            vec![InputEvent::Key {
                key: Key::Right,
                pressed: true
            }]
        );
    }

    #[test]
    fn single_touch_uses_btn_touch_and_abs_axes() {
        let axes = Axes {
            x: Some(AxisRange { min: 0, max: 1000 }),
            y: Some(AxisRange { min: 0, max: 1000 }),
            ..Axes::default()
        };
        let mut d = Decoder::new((101, 201), axes, None);
        let ev = run(
            &mut d,
            &[
                InputRecord::abs(ABS_X, 500),
                InputRecord::abs(ABS_Y, 1000),
                InputRecord::key(BTN_TOUCH, 1),
                InputRecord::syn(),
                InputRecord::key(BTN_TOUCH, 0),
                InputRecord::syn(),
            ],
        );
        let p = |phase, x, y| InputEvent::Pointer { phase, x, y };
        assert_eq!(
            ev,
            vec![
                p(PointerPhase::Down, 50.0, 200.0),
                p(PointerPhase::Up, 50.0, 200.0)
            ]
        );
    }

    #[test]
    fn other_slots_do_not_move_the_pointer() {
        let mut d = Decoder::new((100, 100), Axes::default(), None);
        let ev = run(
            &mut d,
            &[
                InputRecord::abs(ABS_MT_TRACKING_ID, 1),
                InputRecord::abs(ABS_MT_POSITION_X, 10),
                InputRecord::abs(ABS_MT_POSITION_Y, 20),
                InputRecord::syn(),
                InputRecord::abs(ABS_MT_SLOT, 1),
                InputRecord::abs(ABS_MT_TRACKING_ID, 2),
                InputRecord::abs(ABS_MT_POSITION_X, 90),
                InputRecord::syn(),
                InputRecord::abs(ABS_MT_TRACKING_ID, -1),
                InputRecord::abs(ABS_MT_SLOT, 0),
                InputRecord::abs(ABS_MT_TRACKING_ID, -1),
                InputRecord::syn(),
            ],
        );
        let p = |phase| InputEvent::Pointer {
            phase,
            x: 10.0,
            y: 20.0,
        };
        assert_eq!(ev, vec![p(PointerPhase::Down), p(PointerPhase::Up)]);
    }
}
