//! Evdev input from recorded streams: keys, IR scancodes, touch, hot-plug.

use std::time::Duration;

use mica_engine::config::{DeviceConfig, FbPixelFormat, TouchAxes};
use mica_engine::platform::{InputEvent, Key, Platform, PointerPhase};
use mica_platform_fb::{FbdevPlatform, InputRecord};

use crate::{append_records, geometry, key, tap, write_records, Rig, WAIT};

const KEY_ESC: u16 = 1;
const KEY_ENTER: u16 = 28;
const KEY_UP: u16 = 103;
const KEY_LEFT: u16 = 105;
const KEY_DOWN: u16 = 108;
const BTN_TOUCH: u16 = 0x14a;
const ABS_MT_SLOT: u16 = 0x2f;
const ABS_MT_POSITION_X: u16 = 0x35;
const ABS_MT_POSITION_Y: u16 = 0x36;
const ABS_MT_TRACKING_ID: u16 = 0x39;

#[test]
fn keys_autorepeat_and_unknown_codes() {
    let rig = Rig::temp();
    let mut recs = vec![
        InputRecord::key(KEY_DOWN, 1),
        InputRecord::syn(),
        InputRecord::key(KEY_DOWN, 2),
        InputRecord::syn(),
        InputRecord::key(KEY_DOWN, 2),
        InputRecord::syn(),
        InputRecord::key(KEY_DOWN, 0),
        InputRecord::syn(),
        // KEY_F24: not in the keymap.
        InputRecord::key(194, 1),
        InputRecord::syn(),
        InputRecord::new(0x02, 0x08, 1), // EV_REL REL_WHEEL: ignored
        InputRecord::syn(),
    ];
    recs.extend(tap(KEY_ESC));
    write_records(&rig.input_dir().join("event0"), &recs);
    let mut p = rig.open(&rig.config(geometry(16, 16, FbPixelFormat::Rgb565)));
    assert_eq!(p.input_devices(), vec![rig.input_dir().join("event0")]);
    let events = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        events,
        vec![
            key(Key::Down, true),
            key(Key::Down, true),
            key(Key::Down, true),
            key(Key::Down, false),
            key(Key::Back, true),
            key(Key::Back, false),
        ]
    );
    // Read once: nothing more.
    let again = p
        .wait_input(Duration::ZERO)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn records_split_across_reads_are_joined() {
    let rig = Rig::temp();
    let path = rig.input_dir().join("event0");
    let bytes = InputRecord::encode_all(&tap(KEY_ENTER));
    // The press and its report, and 5 bytes of the release.
    let cut = 2 * InputRecord::SIZE + 5;
    std::fs::write(&path, &bytes[..cut]).unwrap_or_else(|e| panic!("{e}"));
    let mut p = rig.open(&rig.config(geometry(16, 16, FbPixelFormat::Rgb565)));
    let first = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first, vec![key(Key::Enter, true)]);
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("{e}"));
        f.write_all(&bytes[cut..]).unwrap_or_else(|e| panic!("{e}"));
    }
    let rest = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rest, vec![key(Key::Enter, false)]);
}

#[test]
fn ir_scancodes_go_through_the_ir_table() {
    let rig = Rig::temp();
    let config = rig.path("device.json");
    std::fs::write(
        &config,
        r#"{
          "keymap": { "ir": { "0x40bf": "up", "0x40b8": "enter" } },
          "fbdev": {
            "device": "fb.raw", "tty": null, "input": ["input/ir*"], "signals": false,
            "geometry": { "width": 16, "height": 16, "bits_per_pixel": 16 }
          }
        }"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    write_records(
        &rig.input_dir().join("ir0"),
        &[
            // A scancode the rc-core keymap also maps (KEY_UP): one press, not two.
            InputRecord::scan(0x40bf),
            InputRecord::key(KEY_UP, 1),
            InputRecord::syn(),
            InputRecord::key(KEY_UP, 0),
            InputRecord::syn(),
            // A raw scancode alone.
            InputRecord::scan(0x40b8),
            InputRecord::syn(),
            // An unknown scancode leaves the kernel's key alone.
            InputRecord::scan(0x1234),
            InputRecord::key(KEY_LEFT, 1),
            InputRecord::syn(),
        ],
    );
    // Not matched by `ir*`: ignored.
    write_records(&rig.input_dir().join("event0"), &tap(KEY_DOWN));
    let cfg = DeviceConfig::load(&config).unwrap_or_else(|e| panic!("{e}"));
    let mut p = FbdevPlatform::from_config(&cfg).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.input_devices(), vec![rig.input_dir().join("ir0")]);
    let events = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        events,
        vec![
            key(Key::Up, true),
            key(Key::Up, false),
            key(Key::Up, false),
            key(Key::Enter, true),
            key(Key::Enter, false),
            key(Key::Left, true),
        ]
    );
}

fn pointer(phase: PointerPhase, x: f32, y: f32) -> InputEvent {
    InputEvent::Pointer { phase, x, y }
}

fn assert_pointers(got: &[InputEvent], want: &[InputEvent]) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(want) {
        match (g, w) {
            (
                InputEvent::Pointer { phase, x, y },
                InputEvent::Pointer {
                    phase: wp,
                    x: wx,
                    y: wy,
                },
            ) => {
                assert_eq!(phase, wp, "{got:?}");
                assert!((x - wx).abs() < 1e-3 && (y - wy).abs() < 1e-3, "{got:?}");
            }
            _ => panic!("{got:?}"),
        }
    }
}

#[test]
fn multitouch_slot_zero_becomes_scaled_pointer_events() {
    let rig = Rig::temp();
    write_records(
        &rig.input_dir().join("event3"),
        &[
            InputRecord::abs(ABS_MT_SLOT, 0),
            InputRecord::abs(ABS_MT_TRACKING_ID, 7),
            InputRecord::abs(ABS_MT_POSITION_X, 2048),
            InputRecord::abs(ABS_MT_POSITION_Y, 1024),
            InputRecord::key(BTN_TOUCH, 1),
            InputRecord::syn(),
            InputRecord::abs(ABS_MT_POSITION_X, 4095),
            InputRecord::syn(),
            // A report without movement moves nothing.
            InputRecord::abs(ABS_MT_POSITION_X, 4095),
            InputRecord::syn(),
            // A second finger in slot 1 is not the pointer.
            InputRecord::abs(ABS_MT_SLOT, 1),
            InputRecord::abs(ABS_MT_TRACKING_ID, 8),
            InputRecord::abs(ABS_MT_POSITION_X, 0),
            InputRecord::syn(),
            InputRecord::abs(ABS_MT_TRACKING_ID, -1),
            InputRecord::abs(ABS_MT_SLOT, 0),
            InputRecord::abs(ABS_MT_TRACKING_ID, -1),
            InputRecord::key(BTN_TOUCH, 0),
            InputRecord::syn(),
        ],
    );
    let mut cfg = rig.config(geometry(640, 360, FbPixelFormat::Rgb565));
    cfg.touch = Some(TouchAxes {
        x: [0, 4095],
        y: [0, 4095],
    });
    let mut p = rig.open(&cfg);
    let events = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
    let (x0, y0) = (2048.0 * 639.0 / 4095.0, 1024.0 * 359.0 / 4095.0);
    assert_pointers(
        &events,
        &[
            pointer(PointerPhase::Down, x0, y0),
            pointer(PointerPhase::Move, 639.0, y0),
            pointer(PointerPhase::Up, 639.0, y0),
        ],
    );
}

#[test]
fn recorded_touch_without_ranges_is_in_screen_pixels() {
    let rig = Rig::temp();
    write_records(
        &rig.input_dir().join("event0"),
        &[
            InputRecord::abs(0, 100), // ABS_X
            InputRecord::abs(1, 50),  // ABS_Y
            InputRecord::key(BTN_TOUCH, 1),
            InputRecord::syn(),
            InputRecord::abs(0, 900), // beyond the screen: clamped
            InputRecord::syn(),
            InputRecord::key(BTN_TOUCH, 0),
            InputRecord::syn(),
        ],
    );
    let mut p = rig.open(&rig.config(geometry(320, 240, FbPixelFormat::Rgb565)));
    let events = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
    assert_pointers(
        &events,
        &[
            pointer(PointerPhase::Down, 100.0, 50.0),
            pointer(PointerPhase::Move, 319.0, 50.0),
            pointer(PointerPhase::Up, 319.0, 50.0),
        ],
    );
}

#[test]
fn hotplugged_devices_are_read_and_removed_ones_dropped() {
    let rig = Rig::temp();
    let mut p = rig.open(&rig.config(geometry(16, 16, FbPixelFormat::Rgb565)));
    assert!(p.input_devices().is_empty());
    assert!(p
        .wait_input(Duration::ZERO)
        .unwrap_or_else(|e| panic!("{e}"))
        .is_empty());
    // A file that does not match `event*` is not a device.
    write_records(&rig.input_dir().join("mouse0"), &tap(KEY_UP));
    // A new device appears while the platform waits.
    let dev = rig.input_dir().join("event5");
    write_records(&dev, &tap(KEY_ENTER));
    let events = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(events, vec![key(Key::Enter, true), key(Key::Enter, false)]);
    assert_eq!(p.input_devices(), vec![dev.clone()]);
    // More records arrive on it.
    append_records(&dev, &tap(KEY_LEFT));
    let events = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(events, vec![key(Key::Left, true), key(Key::Left, false)]);
    // It goes away: dropped without an error.
    std::fs::remove_file(&dev).unwrap_or_else(|e| panic!("{e}"));
    let events = p
        .wait_input(Duration::ZERO)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(events.is_empty(), "{events:?}");
    assert!(p.input_devices().is_empty());
}

#[test]
fn a_failing_device_is_dropped_and_the_others_still_read() {
    let rig = Rig::temp();
    // A directory named like a device opens but cannot be read (EISDIR), as an unplugged
    // device fails with ENODEV.
    std::fs::create_dir(rig.input_dir().join("event1")).unwrap_or_else(|e| panic!("{e}"));
    write_records(&rig.input_dir().join("event2"), &tap(KEY_DOWN));
    let mut p = rig.open(&rig.config(geometry(16, 16, FbPixelFormat::Rgb565)));
    assert_eq!(p.input_devices().len(), 2);
    let events = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(events, vec![key(Key::Down, true), key(Key::Down, false)]);
    assert_eq!(p.input_devices(), vec![rig.input_dir().join("event2")]);
}

#[test]
fn pipes_are_read_like_devices_and_survive_their_writers() {
    let rig = Rig::temp();
    let fifo = rig.input_dir().join("event7");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(made.success());
    let mut p = rig.open(&rig.config(geometry(16, 16, FbPixelFormat::Rgb565)));
    assert_eq!(p.input_devices(), vec![fifo.clone()]);
    for round in 0..2 {
        // The platform holds the pipe open read-write, so this open does not block.
        let mut w = std::fs::OpenOptions::new()
            .write(true)
            .open(&fifo)
            .unwrap_or_else(|e| panic!("{e}"));
        std::io::Write::write_all(&mut w, &InputRecord::encode_all(&tap(KEY_UP)))
            .unwrap_or_else(|e| panic!("{e}"));
        drop(w);
        let events = p.wait_input(WAIT).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            events,
            vec![key(Key::Up, true), key(Key::Up, false)],
            "round {round}"
        );
        assert_eq!(p.input_devices(), vec![fifo.clone()], "round {round}");
    }
    std::fs::remove_file(&fifo).unwrap_or_else(|e| panic!("{e}"));
    assert!(p.poll_input().unwrap_or_else(|e| panic!("{e}")).is_empty());
    assert!(p.input_devices().is_empty());
}

#[test]
fn wait_input_times_out_empty() {
    let rig = Rig::temp();
    write_records(&rig.input_dir().join("event0"), &[]);
    let mut p = rig.open(&rig.config(geometry(16, 16, FbPixelFormat::Rgb565)));
    let start = std::time::Instant::now();
    let events = p
        .wait_input(Duration::from_millis(30))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(events.is_empty());
    assert!(start.elapsed() >= Duration::from_millis(30));
}
