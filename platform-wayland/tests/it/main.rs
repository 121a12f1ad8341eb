//! mica-platform-wayland against a real compositor: Debian's weston, on a private runtime
//! dir. Each test starts its own weston (skipped when weston is not installed, unless
//! MICA_REQUIRE_WESTON=1), runs frames or the TV launcher on the platform, and compares
//! the buffer Mica committed and weston's screenshots with the runtime's frames pixel for
//! pixel.
//!
//! Headless weston has no seat, so the frame tests press keys through the runtime
//! (`Runtime::press`); one test runs weston's X11 backend on Xvfb for a real seat and
//! drives its keyboard and pointer with xdotool.

mod shot;
mod weston;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use mica_engine::config::{KeyMap, KeySource};
use mica_engine::package::Package;
use mica_engine::platform::{Frame, InputEvent, Key, Platform, PlatformError};
use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_layout::Rect;
use mica_platform_wayland::wayland_client::Connection;
use mica_platform_wayland::{PixelRect, WaylandOptions, WaylandPlatform, WaylandStats};

use mica_engine::platform::PointerPhase;
use weston::{weston_available, x11_available, Weston};

const TV_LAUNCHER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../apps/tv-launcher");

/// Generous timeouts: a loaded 2-core CI machine must not turn a slow repaint into a
/// pacing timeout, which the tests count as a failure.
fn connect(weston: &Weston, options: WaylandOptions) -> WaylandPlatform {
    connect_with(weston, options, KeyMap::builtin())
}

fn connect_with(weston: &Weston, options: WaylandOptions, keymap: KeyMap) -> WaylandPlatform {
    let options = options
        .display(weston.socket())
        .configure_timeout(Duration::from_secs(30))
        .frame_wait(Duration::from_secs(5));
    WaylandPlatform::connect(&options, keymap)
        .unwrap_or_else(|e| panic!("connect: {e}\nweston log:\n{}", weston.log()))
}

fn runtime(platform: WaylandPlatform) -> (Runtime, Shared) {
    let shared = Shared(Rc::new(RefCell::new(platform)));
    let package = Package::open(TV_LAUNCHER).expect("package");
    let mut rt =
        Runtime::with_platform(package, RuntimeConfig::default(), Box::new(shared.clone()))
            .expect("runtime");
    rt.launch(None).expect("launch");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    (rt, shared)
}

/// The platform shared by the runtime and the test, so the test can read the buffer
/// Mica committed while the runtime owns the platform.
#[derive(Clone)]
struct Shared(Rc<RefCell<WaylandPlatform>>);

impl Platform for Shared {
    fn name(&self) -> &'static str {
        self.0.borrow().name()
    }
    fn size(&self) -> (u32, u32) {
        self.0.borrow().size()
    }
    fn present(&mut self, frame: Frame<'_>, damage: &[Rect]) -> Result<(), PlatformError> {
        self.0.borrow_mut().present(frame, damage)
    }
    fn poll_input(&mut self) -> Result<Vec<InputEvent>, PlatformError> {
        self.0.borrow_mut().poll_input()
    }
    fn wait_input(&mut self, timeout: Duration) -> Result<Vec<InputEvent>, PlatformError> {
        self.0.borrow_mut().wait_input(timeout)
    }
}

/// Asserts that the runtime's current frame is both in the buffer Mica committed and on
/// weston's output.
fn assert_on_screen(conn: &Connection, platform: &Shared, rt: &Runtime, what: &str) {
    let frame = rt.pixmap();
    let front = platform.0.borrow_mut().front_buffer();
    assert_shows(
        conn,
        front,
        frame.width(),
        frame.height(),
        frame.data(),
        what,
    );
}

/// Asserts that `frame` (premultiplied RGBA, the output's size) is what the committed
/// `front` buffer holds, all of it, and what weston shows. A compositor repaints only what
/// was damaged, so the screenshot checks the damage and the buffer checks the rest (what a
/// buffer missed while the other one was on screen).
fn assert_shows(
    conn: &Connection,
    front: Option<(u32, u32, Vec<u8>)>,
    width: u32,
    height: u32,
    frame: &[u8],
    what: &str,
) {
    let (fw, fh, pixels) = front.unwrap_or_else(|| panic!("{what}: nothing committed"));
    assert_eq!((fw, fh), (width, height), "{what}: committed buffer size");
    let committed = shot::Shot {
        width,
        height,
        pixels,
    };
    assert_same(&committed, frame, what, "committed buffer");
    assert_same(
        &shot::take(conn, width, height),
        frame,
        what,
        "weston screenshot",
    );
}

/// Panics if `image` (B, G, R, X bytes) differs from `frame`, writing both as PNGs.
fn assert_same(image: &shot::Shot, frame: &[u8], what: &str, source: &str) {
    let (count, first) = image.differences(frame);
    if count == 0 {
        return;
    }
    let dir = std::env::temp_dir().join("mica-wayland-shots");
    let name: String = format!("{what}-{source}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let (w, h) = (image.width, image.height);
    let written = shot::write_png(
        &dir.join(format!("{name}-expected.png")),
        w,
        h,
        frame,
        false,
    )
    .and_then(|_| shot::write_png(&dir.join(format!("{name}.png")), w, h, &image.pixels, true));
    panic!(
        "{what}: {count} of {} px of the {source} differ from the frame, first at {first:?}; \
         images in {} ({written:?})",
        w * h,
        dir.display()
    );
}

/// Fills `rect` of a premultiplied RGBA `frame` (`width` px a row) with `rgba`.
fn fill(frame: &mut [u8], width: u32, rect: PixelRect, rgba: [u8; 4]) {
    for y in rect.y..rect.y + rect.height {
        for x in rect.x..rect.x + rect.width {
            let i = (y * width + x) as usize * 4;
            frame[i..i + 4].copy_from_slice(&rgba);
        }
    }
}

fn rect(r: PixelRect) -> Rect {
    Rect::new(r.x as f32, r.y as f32, r.width as f32, r.height as f32)
}

#[test]
fn frames_reach_weston_with_their_damage_in_two_buffers_paced_by_frame_callbacks() {
    if !weston_available() {
        return;
    }
    const W: u32 = 320;
    const H: u32 = 240;
    let weston = Weston::start("frames", W, H, &[]);
    let mut platform = connect(&weston, WaylandOptions::default());
    assert_eq!(platform.size(), (W, H));
    let stats = platform.stats();
    let conn = platform.connection();
    let full = PixelRect::full(W, H);
    let (a, b) = (
        PixelRect {
            x: 10,
            y: 10,
            width: 50,
            height: 20,
        },
        PixelRect {
            x: 100,
            y: 50,
            width: 30,
            height: 30,
        },
    );
    // Half-transparent premultiplied pixels show as their colour over black.
    let mut frame = vec![0u8; (W * H * 4) as usize];
    fill(&mut frame, W, full, [100, 50, 25, 128]);
    let present = |p: &mut WaylandPlatform, frame: &[u8], damage: PixelRect| {
        p.present(
            Frame {
                width: W,
                height: H,
                pixels: frame,
            },
            &[rect(damage)],
        )
        .expect("present");
    };
    present(&mut platform, &frame, full);
    // Back to back: the second present waits for the first one's frame callback.
    fill(&mut frame, W, a, [0, 0, 255, 255]);
    present(&mut platform, &frame, a);
    let s = stats.get();
    assert!(
        s.frame_callbacks >= 1,
        "the second commit came before the first frame callback: {s:?}"
    );
    // The third lands in the first buffer, which missed `a`: it catches up.
    fill(&mut frame, W, b, [0, 200, 0, 255]);
    present(&mut platform, &frame, b);
    assert_shows(
        &conn,
        platform.front_buffer(),
        W,
        H,
        &frame,
        "three raw frames",
    );
    let s = stats.get();
    assert_eq!(s.commits, 3, "{s:?}");
    assert_eq!(s.buffers_created, 2, "{s:?}");
    assert_eq!(s.last_damage, vec![b], "damage_buffer gets the real damage");
    assert_eq!(
        s.pixels_copied,
        2 * full.area() + a.area() + b.area(),
        "full, full (new buffer), then the damage plus what the buffer missed: {s:?}"
    );
    assert_eq!(s.pacing_timeouts, 0, "{s:?}");
    assert!(s.releases >= 1, "{s:?}");

    // Damage outside the frame is clipped; a frame of the wrong size is an error.
    fill(&mut frame, W, full, [255, 255, 255, 255]);
    let outside = Rect::new(-50.0, -50.0, W as f32 + 100.0, H as f32 + 100.0);
    platform
        .present(
            Frame {
                width: W,
                height: H,
                pixels: &frame,
            },
            &[outside],
        )
        .expect("present");
    assert_eq!(stats.get().last_damage, vec![full]);
    assert_shows(&conn, platform.front_buffer(), W, H, &frame, "white");
    let err = platform
        .present(
            Frame {
                width: W,
                height: H,
                pixels: &frame[..100],
            },
            &[rect(full)],
        )
        .expect_err("short frame");
    assert!(err.to_string().contains("expected"), "{err}");
}

#[test]
fn tv_launcher_frames_reach_weston_and_keys_update_the_surface() {
    if !weston_available() {
        return;
    }
    const W: u32 = 640;
    const H: u32 = 360;
    let started = Instant::now();
    let weston = Weston::start("keys", W, H, &[]);
    let mut platform = connect(&weston, WaylandOptions::default());
    assert_eq!(platform.size(), (W, H), "the output's size");
    let stats = platform.stats();
    let s = stats.get();
    assert!(s.configures >= 1, "{s:?}");
    assert_eq!(s.configured_size, Some((W, H)));
    assert!(s.fullscreen, "{s:?}");
    assert_eq!(s.scale, 1);

    // No seat on headless weston: waiting for input times out with nothing.
    let t = Instant::now();
    let events = platform
        .wait_input(Duration::from_millis(30))
        .expect("wait_input");
    assert!(events.is_empty(), "{events:?}");
    assert!(
        t.elapsed() >= Duration::from_millis(30),
        "{:?}",
        t.elapsed()
    );
    assert!(platform.poll_input().expect("poll").is_empty());

    let conn = platform.connection();
    let (mut rt, shared) = runtime(platform);
    let s = stats.get();
    assert_eq!(s.commits, 1, "the first frame: {s:?}");
    assert_eq!(s.last_damage, vec![PixelRect::full(W, H)]);
    assert_on_screen(&conn, &shared, &rt, "first frame");
    let first = rt.pixmap().data().to_vec();

    // Keys move the focus: new frames with partial damage, in alternating buffers (each
    // catching up on what the other drew), every one on screen.
    let keys = [
        Key::Down,
        Key::Down,
        Key::Down,
        Key::Up,
        Key::Up,
        Key::Up,
        Key::Right,
    ];
    let (mut changed, mut partial) = (0, 0);
    for (i, key) in keys.into_iter().enumerate() {
        let before = stats.get().commits;
        let frame_before = rt.pixmap().data().to_vec();
        rt.press(key).expect("press");
        let s = stats.get();
        eprintln!("{key:?}: commits {} damage {:?}", s.commits, s.last_damage);
        if rt.pixmap().data() != &frame_before[..] {
            changed += 1;
            assert!(
                s.commits > before,
                "{key:?} changed the frame but committed nothing: {s:?}"
            );
            let area: u64 = s.last_damage.iter().map(|r| r.area()).sum();
            if area < u64::from(W * H) {
                partial += 1;
            }
        }
        assert_on_screen(&conn, &shared, &rt, &format!("after key {i} ({key:?})"));
    }
    assert_ne!(rt.pixmap().data(), &first[..]);
    let s: WaylandStats = stats.get();
    assert!(changed >= 4, "only {changed} keys changed the frame: {s:?}");
    assert!(partial > 0, "every key damaged the whole frame: {s:?}");
    assert_eq!(s.buffers_created, 2, "double buffering: {s:?}");
    assert!(s.releases >= 1, "weston released no buffer: {s:?}");
    // Every commit after the first waited for the previous frame callback.
    assert_eq!(s.pacing_timeouts, 0, "{s:?}");
    assert!(s.frame_callbacks + 1 >= s.commits, "{s:?}");
    assert!(
        s.pixels_copied < s.commits * u64::from(W * H),
        "presents converted whole frames: {s:?}"
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    eprintln!("weston test took {:?}: {s:?}", started.elapsed());
}

#[test]
fn output_scale_two_renders_in_buffer_pixels() {
    if !weston_available() {
        return;
    }
    // The headless backend's size is in surface coordinates: a 320x240 px output.
    let weston = Weston::start("scale", 160, 120, &["--scale=2"]);
    let platform = connect(&weston, WaylandOptions::default());
    let stats = platform.stats();
    let s = stats.get();
    assert_eq!(s.scale, 2, "{s:?}");
    assert_eq!(s.configured_size, Some((160, 120)), "surface coordinates");
    assert_eq!(platform.size(), (320, 240), "buffer pixels");
    let conn = platform.connection();
    let (mut rt, shared) = runtime(platform);
    assert_on_screen(&conn, &shared, &rt, "first frame at scale 2");
    rt.press(Key::Down).expect("press");
    assert_on_screen(&conn, &shared, &rt, "after Down at scale 2");
}

#[test]
fn a_window_keeps_the_size_asked_for() {
    if !weston_available() {
        return;
    }
    let weston = Weston::start("windowed", 320, 240, &[]);
    let platform = connect(&weston, WaylandOptions::default().windowed(200, 100));
    // The desktop shell lets a window choose its size (kiosk shells force fullscreen,
    // and the configured size would win: see `frame_size`).
    assert_eq!(platform.size(), (200, 100));
    let stats = platform.stats();
    assert!(!stats.get().fullscreen);
    let (rt, _shared) = runtime(platform);
    let s = stats.get();
    assert_eq!(s.commits, 1, "{s:?}");
    assert_eq!(rt.pixmap().width(), 200);
}

/// Input from a real seat: weston's X11 backend on a private Xvfb, with key presses,
/// clicks and wheel turns sent into the X server by xdotool (XTEST), through weston, to
/// Mica's `wl_keyboard` (xkbcommon, keymap) and `wl_pointer`.
#[test]
fn keys_clicks_and_wheel_from_a_real_seat() {
    if !x11_available() {
        return;
    }
    const W: u32 = 320;
    const H: u32 = 240;
    let weston = Weston::start_x11("seat", W, H);
    // Shift+1 is `exclam` only if the modifiers reach xkbcommon; evdev has no such key.
    let mut keymap = KeyMap::builtin();
    keymap.bind(KeySource::Keysym, 0x21, Some(Key::Menu)); // XK_exclam
    let mut platform = connect_with(&weston, WaylandOptions::default(), keymap);
    assert_eq!(platform.size(), (W, H));
    // The first buffer maps the window; the desktop shell gives it the keyboard focus.
    let frame = vec![255u8; (W * H * 4) as usize];
    platform
        .present(
            Frame {
                width: W,
                height: H,
                pixels: &frame,
            },
            &[rect(PixelRect::full(W, H))],
        )
        .expect("present");
    // weston has handled the commit (and the focus) before the X events arrive.
    platform.connection().roundtrip().expect("roundtrip");
    let start = Instant::now();
    let window = loop {
        let found = weston.xdotool(&["search", "--class", "weston"]);
        if let Some(id) = found.split_whitespace().next() {
            break id.to_string();
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no weston X window"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    weston.xdotool(&["mousemove", "--window", &window, "50", "60"]);
    weston.xdotool(&["click", "1"]);
    weston.xdotool(&["key", "Down"]);
    weston.xdotool(&["key", "Escape"]);
    weston.xdotool(&["key", "shift+1"]);
    weston.xdotool(&["click", "5"]);

    let expected = vec![
        InputEvent::Pointer {
            phase: PointerPhase::Down,
            x: 50.0,
            y: 60.0,
        },
        InputEvent::Pointer {
            phase: PointerPhase::Up,
            x: 50.0,
            y: 60.0,
        },
        InputEvent::Key {
            key: Key::Down,
            pressed: true,
        },
        InputEvent::Key {
            key: Key::Down,
            pressed: false,
        },
        InputEvent::Key {
            key: Key::Back,
            pressed: true,
        },
        InputEvent::Key {
            key: Key::Back,
            pressed: false,
        },
        InputEvent::Key {
            key: Key::Menu,
            pressed: true,
        },
        InputEvent::Key {
            key: Key::Menu,
            pressed: false,
        },
        InputEvent::Wheel {
            x: 50.0,
            y: 60.0,
            dx: 0.0,
            dy: 48.0,
        },
    ];
    let mut events = Vec::new();
    let start = Instant::now();
    while events.len() < expected.len() && start.elapsed() < Duration::from_secs(10) {
        events.extend(
            platform
                .wait_input(Duration::from_millis(100))
                .expect("wait_input"),
        );
    }
    assert_eq!(events, expected, "weston log:\n{}", weston.log());

    // A held key repeats (weston: 40/s after 400 ms) until it is released.
    let down = InputEvent::Key {
        key: Key::Down,
        pressed: true,
    };
    weston.xdotool(&["keydown", "Down"]);
    let held = Instant::now();
    let mut presses = 0;
    while presses < 4 && held.elapsed() < Duration::from_secs(10) {
        let events = platform
            .wait_input(Duration::from_millis(100))
            .expect("wait_input");
        assert!(events.iter().all(|e| *e == down), "{events:?}");
        presses += events.len();
    }
    assert!(presses >= 4, "{presses} presses while held");
    assert!(
        held.elapsed() >= Duration::from_millis(400),
        "repeats came before the delay: {:?}",
        held.elapsed()
    );
    weston.xdotool(&["keyup", "Down"]);
    let released = Instant::now();
    let mut after = Vec::new();
    while !after.contains(&InputEvent::Key {
        key: Key::Down,
        pressed: false,
    }) && released.elapsed() < Duration::from_secs(10)
    {
        after.extend(
            platform
                .wait_input(Duration::from_millis(100))
                .expect("wait"),
        );
    }
    assert_eq!(
        after.last(),
        Some(&InputEvent::Key {
            key: Key::Down,
            pressed: false
        }),
        "{after:?}"
    );
    // Repeats stop: nothing more within well over a repeat interval.
    let quiet = platform
        .wait_input(Duration::from_millis(200))
        .expect("wait");
    assert!(quiet.is_empty(), "{quiet:?}");
}

/// The child side of `sigterm_is_a_quit`: runs only in the child process that test
/// starts (raising a real signal in the shared test process would reach every test).
#[test]
fn sigterm_child() {
    let Some(socket) = std::env::var_os("MICA_WAYLAND_SIGNAL_CHILD") else {
        return;
    };
    let mut platform = WaylandPlatform::connect(
        &WaylandOptions::default().display(socket),
        KeyMap::builtin(),
    )
    .expect("connect");
    signal_hook::low_level::raise(signal_hook::consts::SIGTERM).expect("raise");
    let start = Instant::now();
    let events = platform.wait_input(Duration::from_secs(5)).expect("wait");
    assert_eq!(events, vec![InputEvent::Quit]);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "the signal did not wake the wait"
    );
    assert!(
        platform.poll_input().expect("poll").is_empty(),
        "one Quit per signal"
    );
    println!("mica-sigterm-child-ok");
}

#[test]
fn sigterm_is_a_quit() {
    if !weston_available() || std::env::var_os("MICA_WAYLAND_SIGNAL_CHILD").is_some() {
        return;
    }
    let weston = Weston::start("signal", 64, 64, &[]);
    let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "sigterm_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("MICA_WAYLAND_SIGNAL_CHILD", weston.socket())
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("mica-sigterm-child-ok"),
        "child: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}
