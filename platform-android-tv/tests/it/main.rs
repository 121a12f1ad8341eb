//! The Android pieces that run on every target, put together with a real runtime on the
//! headless platform: remote-control key events from the input queue drive a TV app, and
//! its frame lands intact in a window buffer with a padded stride.

use mica_engine::config::KeyMap;
use mica_engine::platform::{Frame, InputEvent, Key};
use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_platform_android_tv::blit::{copy_to_buffer, BufferFormat, BufferLayout, PixelRect};
use mica_platform_android_tv::keys::{translate_key, KeyAction, Status};
use mica_platform_android_tv::lifecycle::{ActivityEvent, ActivityState, Lifecycle};

fn app(name: &str) -> Runtime {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../apps/").to_string() + name;
    let config = RuntimeConfig {
        width: 320,
        height: 240,
        ..RuntimeConfig::default()
    };
    let mut rt = Runtime::open(&dir, config).unwrap_or_else(|e| panic!("{dir}: {e}"));
    rt.launch(None)
        .unwrap_or_else(|e| panic!("launch {dir}: {e}"));
    rt
}

/// Feeds one Android key event (KEYCODE, action, repeat count) to the runtime, as the
/// input queue callback does; returns whether it was consumed.
fn key(rt: &mut Runtime, code: u32, action: KeyAction, repeat: i32) -> Status {
    let out = translate_key(&KeyMap::builtin(), code, action, repeat);
    for event in out.events {
        let go_on = rt
            .handle_input(event)
            .unwrap_or_else(|e| panic!("{event:?}: {e}"));
        assert!(go_on, "{event:?} asked to quit");
    }
    out.status
}

/// A click of a remote button: down, then up.
fn click(rt: &mut Runtime, code: u32) {
    assert_eq!(key(rt, code, KeyAction::Down, 0), Status::Handled);
    assert_eq!(key(rt, code, KeyAction::Up, 0), Status::Handled);
}

#[test]
fn the_remote_moves_focus_and_back_on_the_root_leaves() {
    let mut rt = app("tv-launcher");
    let first = rt.focused();
    assert!(first.is_some(), "the launcher has a first focus");
    click(&mut rt, 20); // DPAD_DOWN
    let moved = rt.focused();
    assert_ne!(moved, first, "DPAD_DOWN moves the focus");
    // A held DPAD_UP: the first Down and an auto-repeat are two presses.
    key(&mut rt, 19, KeyAction::Down, 0);
    key(&mut rt, 19, KeyAction::Down, 1);
    key(&mut rt, 19, KeyAction::Up, 0);
    assert!(!rt.exit_requested());
    // BACK on the root page: Mica asks to leave (android_main then returns and the
    // activity finishes), and the key is consumed so the system does not finish it
    // on its own first. A held BACK's repeats add nothing.
    assert_eq!(key(&mut rt, 4, KeyAction::Down, 0), Status::Handled);
    assert_eq!(key(&mut rt, 4, KeyAction::Down, 1), Status::Handled);
    assert_eq!(key(&mut rt, 4, KeyAction::Up, 0), Status::Handled);
    assert!(rt.exit_requested());
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn unbound_keys_reach_neither_the_app_nor_stop_the_system() {
    let mut rt = app("tv-launcher");
    let first = rt.focused();
    // KEYCODE_SETTINGS (176), KEYCODE_GUIDE (172): the system's.
    for code in [176, 172] {
        assert_eq!(key(&mut rt, code, KeyAction::Down, 0), Status::Unhandled);
    }
    assert_eq!(rt.focused(), first);
    // Volume reaches the app and stays the system's.
    assert_eq!(key(&mut rt, 24, KeyAction::Down, 0), Status::Unhandled);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_frame_lands_in_a_strided_window_buffer() {
    let mut rt = app("tv-launcher");
    click(&mut rt, 22); // DPAD_RIGHT: something focused, something drawn
    let pixmap = rt.pixmap();
    let frame = Frame {
        width: pixmap.width(),
        height: pixmap.height(),
        pixels: pixmap.data(),
    };
    let (w, h) = (frame.width as usize, frame.height as usize);
    // GPU allocators pad rows (1920 px rows to 1984 on some boxes): 13 px here.
    let stride = w + 13;
    let layout = BufferLayout {
        width: w,
        height: h,
        stride,
        format: BufferFormat::Rgbx8888,
    };
    let mut buffer = vec![0xA5u8; stride * h * 4];
    copy_to_buffer(
        frame,
        PixelRect::full(frame.width, frame.height),
        &mut buffer,
        layout,
    )
    .expect("copy");
    for y in 0..h {
        let row = &buffer[y * stride * 4..(y + 1) * stride * 4];
        assert_eq!(
            &row[..w * 4],
            &frame.pixels[y * w * 4..(y + 1) * w * 4],
            "row {y}"
        );
        assert!(
            row[w * 4..].iter().all(|&b| b == 0xA5),
            "padding of row {y}"
        );
    }
    // The launcher paints something other than one flat colour.
    let first = &frame.pixels[..4];
    assert!(frame.pixels.chunks_exact(4).any(|px| px != first));
}

#[test]
fn going_home_and_back_is_one_hide_and_one_show() {
    // The order Android sends when Home is pressed and the app is picked again.
    let mut state = ActivityState::launched();
    state.apply(ActivityEvent::InitWindow);
    let mut seen = Vec::new();
    for event in [
        ActivityEvent::Pause,
        ActivityEvent::TerminateWindow,
        ActivityEvent::Stop,
        ActivityEvent::Start,
        ActivityEvent::Resume,
        ActivityEvent::InitWindow,
        ActivityEvent::RedrawNeeded,
    ] {
        seen.extend(state.apply(event));
    }
    assert_eq!(
        seen,
        [
            Lifecycle::Hide,
            Lifecycle::WindowDestroyed,
            Lifecycle::Show,
            Lifecycle::WindowCreated,
            Lifecycle::Redraw
        ]
    );
    // A key event is still an InputEvent the runtime knows.
    let out = translate_key(&KeyMap::builtin(), 23, KeyAction::Down, 0);
    assert_eq!(
        out.events,
        [InputEvent::Key {
            key: Key::Enter,
            pressed: true
        }]
    );
}
