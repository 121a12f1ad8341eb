//! Framebuffer output: pixel formats, stride and offsets, damage-only writes, page flips.

use mica_engine::config::{FbPixelFormat, KeyMap};
use mica_layout::Rect;
use mica_platform_fb::{FbdevPlatform, PixelFormat};

use crate::{full, geometry, pixels, present, u32_at, Rig};

const RED: [u8; 4] = [255, 0, 0, 255];
const GREEN: [u8; 4] = [0, 255, 0, 255];
const BLUE: [u8; 4] = [0, 0, 255, 255];
/// 50 % transparent orange (255, 128, 0), premultiplied.
const HALF_ORANGE: [u8; 4] = [128, 64, 0, 128];

/// The pixel values each format gets for red, green, blue and half-transparent orange
/// (straight alpha for the formats that have it; opaque ones show it over black).
fn expected(f: FbPixelFormat) -> [u32; 4] {
    match f {
        FbPixelFormat::Xrgb8888 => [0xffff_0000, 0xff00_ff00, 0xff00_00ff, 0xff80_4000],
        FbPixelFormat::Argb8888 => [0xffff_0000, 0xff00_ff00, 0xff00_00ff, 0x80ff_8000],
        FbPixelFormat::Xbgr8888 => [0xff00_00ff, 0xff00_ff00, 0xffff_0000, 0xff00_4080],
        FbPixelFormat::Abgr8888 => [0xff00_00ff, 0xff00_ff00, 0xffff_0000, 0x8000_80ff],
        FbPixelFormat::Rgb888 => [0xff_0000, 0x00_ff00, 0x00_00ff, 0x80_4000],
        FbPixelFormat::Bgr888 => [0x00_00ff, 0x00_ff00, 0xff_0000, 0x00_4080],
        FbPixelFormat::Rgb565 => [0xf800, 0x07e0, 0x001f, 0x8200],
        FbPixelFormat::Bgr565 => [0x001f, 0x07e0, 0xf800, 0x0210],
        other => panic!("no expectation for {other:?}"),
    }
}

/// A pixel value of `bpp` bytes in CPU order.
fn value(b: &[u8], bpp: usize) -> u32 {
    let mut v = [0u8; 4];
    if cfg!(target_endian = "little") {
        v[..bpp].copy_from_slice(&b[..bpp]);
    } else {
        v[4 - bpp..].copy_from_slice(&b[..bpp]);
    }
    u32::from_ne_bytes(v)
}

#[test]
fn every_pixel_format_gets_the_right_bytes() {
    let formats = [
        FbPixelFormat::Xrgb8888,
        FbPixelFormat::Argb8888,
        FbPixelFormat::Xbgr8888,
        FbPixelFormat::Abgr8888,
        FbPixelFormat::Rgb888,
        FbPixelFormat::Bgr888,
        FbPixelFormat::Rgb565,
        FbPixelFormat::Bgr565,
    ];
    for f in formats {
        let rig = Rig::temp();
        let mut p = rig.open(&rig.config(geometry(4, 1, f)));
        assert_eq!(p.geometry().format, PixelFormat::from(f));
        let px = [RED, GREEN, BLUE, HALF_ORANGE].concat();
        present(&mut p, 4, 1, &px, &[full(4, 1)]);
        let fb = rig.fb();
        let bpp = PixelFormat::from(f).bytes_per_pixel();
        assert_eq!(fb.len(), 4 * bpp, "{f:?}");
        let got: Vec<u32> = fb.chunks(bpp).map(|c| value(c, bpp)).collect();
        assert_eq!(got, expected(f), "{f:?}");
    }
}

#[test]
fn premultiplied_alpha_is_kept_when_configured() {
    let rig = Rig::temp();
    let mut cfg = rig.config(geometry(1, 1, FbPixelFormat::Argb8888));
    cfg.premultiplied_alpha = true;
    let mut p = rig.open(&cfg);
    present(&mut p, 1, 1, &HALF_ORANGE, &[full(1, 1)]);
    assert_eq!(u32_at(&rig.fb(), 0), 0x8080_4000);
}

#[test]
fn rows_honour_line_length_padding_and_offsets() {
    let rig = Rig::temp();
    let mut g = geometry(4, 3, FbPixelFormat::Xrgb8888);
    g.virtual_width = Some(6);
    g.virtual_height = Some(5);
    g.xoffset = 1;
    g.yoffset = 2;
    g.line_length = Some(6 * 4 + 8);
    rig.prefill(32 * 5, 0xAB);
    let mut p = rig.open(&rig.config(g));
    let px = pixels(4, 3, |x, y| [x as u8 * 10, y as u8 * 10, 7, 255]);
    present(&mut p, 4, 3, &px, &[full(4, 3)]);
    let fb = rig.fb();
    assert_eq!(fb.len(), 32 * 5);
    let mut written = vec![false; fb.len()];
    for y in 0..3usize {
        for x in 0..4usize {
            let at = (y + 2) * 32 + (x + 1) * 4;
            let want = 0xff00_0007 | (x as u32 * 10) << 16 | (y as u32 * 10) << 8;
            assert_eq!(u32_at(&fb, at), want, "pixel {x},{y}");
            written[at..at + 4].iter_mut().for_each(|w| *w = true);
        }
    }
    for (i, b) in fb.iter().enumerate() {
        if !written[i] {
            assert_eq!(*b, 0xAB, "byte {i} outside the visible area was touched");
        }
    }
}

#[test]
fn only_damaged_rectangles_are_written() {
    let rig = Rig::temp();
    let (w, h) = (8u32, 8u32);
    rig.prefill(8 * 8 * 2, 0xAB);
    let mut p = rig.open(&rig.config(geometry(w, h, FbPixelFormat::Rgb565)));
    let red = pixels(w, h, |_, _| RED);
    // Fractional damage is rounded outwards: columns 2..6, rows 1..3.
    let damage = [Rect::new(2.5, 1.0, 3.0, 2.0), Rect::new(0.0, 7.0, 1.0, 1.0)];
    present(&mut p, w, h, &red, &damage);
    let fb = rig.fb();
    for y in 0..8usize {
        for x in 0..8usize {
            let at = (y * 8 + x) * 2;
            let v = u16::from_ne_bytes([fb[at], fb[at + 1]]);
            let inside = ((2..6).contains(&x) && (1..3).contains(&y)) || (x == 0 && y == 7);
            if inside {
                assert_eq!(v, 0xf800, "pixel {x},{y}");
            } else {
                assert_eq!(v, 0xABAB, "pixel {x},{y} outside the damage was written");
            }
        }
    }
    // Damage outside the screen, or none, writes nothing.
    let before = rig.fb();
    let blue = pixels(w, h, |_, _| BLUE);
    present(&mut p, w, h, &blue, &[Rect::new(8.0, 0.0, 4.0, 4.0)]);
    present(&mut p, w, h, &blue, &[]);
    assert_eq!(rig.fb(), before);
}

/// Overwrites bytes of the framebuffer file in place (as another writer would).
fn poke(rig: &Rig, at: u64, bytes: &[u8]) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(rig.fb_path())
        .unwrap_or_else(|e| panic!("{e}"));
    f.seek(SeekFrom::Start(at))
        .and_then(|_| f.write_all(bytes))
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn page_flips_alternate_and_the_back_buffer_catches_up() {
    let rig = Rig::temp();
    let (w, h) = (4u32, 4u32);
    let mut g = geometry(w, h, FbPixelFormat::Xrgb8888);
    g.virtual_height = Some(8);
    let mut p = rig.open(&rig.config(g));
    assert!(p.page_flipping());
    assert_eq!(p.pan_offset(), (0, 0));
    let buffer = |fb: &[u8], b: usize, x: usize, y: usize| u32_at(fb, ((b * 4 + y) * 4 + x) * 4);

    // Frame 1, all red: drawn into buffer 1, which is then shown.
    let f1 = pixels(w, h, |_, _| RED);
    present(&mut p, w, h, &f1, &[full(w, h)]);
    assert_eq!(p.pan_offset(), (0, 4));
    let fb = rig.fb();
    assert!((0..16).all(|i| buffer(&fb, 1, i % 4, i / 4) == 0xffff_0000));
    assert!(
        (0..16).all(|i| buffer(&fb, 0, i % 4, i / 4) == 0),
        "buffer 0 untouched"
    );

    // Frame 2, a green square at the top left: buffer 0 gets frame 1's damage (the whole
    // screen) and its own.
    let f2 = pixels(w, h, |x, y| if x < 2 && y < 2 { GREEN } else { RED });
    present(&mut p, w, h, &f2, &[Rect::new(0.0, 0.0, 2.0, 2.0)]);
    assert_eq!(p.pan_offset(), (0, 0));
    let fb = rig.fb();
    for i in 0..16 {
        let (x, y) = (i % 4, i / 4);
        let want = if x < 2 && y < 2 {
            0xff00_ff00
        } else {
            0xffff_0000
        };
        assert_eq!(buffer(&fb, 0, x, y), want, "buffer 0 at {x},{y}");
    }
    // Buffer 1 did not see frame 2 yet. Mark a pixel of it that no later damage covers.
    assert_eq!(buffer(&fb, 1, 0, 0), 0xffff_0000);
    poke(&rig, (4 * 4 + 3) * 4, &0x1234_5678u32.to_ne_bytes());

    // Frame 3 adds a blue square at the bottom right: buffer 1 gets frame 2's square and
    // frame 3's, and nothing else.
    let f3 = pixels(w, h, |x, y| match (x < 2, y < 2) {
        (true, true) => GREEN,
        (false, false) => BLUE,
        _ => RED,
    });
    present(&mut p, w, h, &f3, &[Rect::new(2.0, 2.0, 2.0, 2.0)]);
    assert_eq!(p.pan_offset(), (0, 4));
    let fb = rig.fb();
    for i in 0..16 {
        let (x, y) = (i % 4, i / 4);
        let want = match (x < 2, y < 2) {
            (true, true) => 0xff00_ff00,
            (false, false) => 0xff00_00ff,
            _ if (x, y) == (3, 0) => 0x1234_5678,
            _ => 0xffff_0000,
        };
        assert_eq!(buffer(&fb, 1, x, y), want, "buffer 1 at {x},{y}");
    }
    // And back to buffer 0, which now owes frame 3's square only.
    present(&mut p, w, h, &f3, &[Rect::new(0.0, 0.0, 1.0, 1.0)]);
    assert_eq!(p.pan_offset(), (0, 0));
    assert_eq!(buffer(&rig.fb(), 0, 3, 3), 0xff00_00ff);
}

#[test]
fn no_page_flipping_when_disabled_or_too_small() {
    let rig = Rig::temp();
    let mut g = geometry(4, 4, FbPixelFormat::Xrgb8888);
    g.virtual_height = Some(8);
    let mut cfg = rig.config(g);
    cfg.page_flip = false;
    let mut p = rig.open(&cfg);
    assert!(!p.page_flipping());
    present(&mut p, 4, 4, &pixels(4, 4, |_, _| RED), &[full(4, 4)]);
    assert_eq!(p.pan_offset(), (0, 0));
    drop(p);
    let rig = Rig::temp();
    let mut g = geometry(4, 4, FbPixelFormat::Xrgb8888);
    g.virtual_height = Some(7);
    let p = rig.open(&rig.config(g));
    assert!(!p.page_flipping());
}

#[test]
fn a_short_frame_is_an_error_not_a_panic() {
    let rig = Rig::temp();
    let mut p = rig.open(&rig.config(geometry(4, 4, FbPixelFormat::Rgb565)));
    let frame = mica_engine::platform::Frame {
        width: 4,
        height: 4,
        pixels: &[0; 10],
    };
    let err = mica_engine::platform::Platform::present(&mut p, frame, &[full(4, 4)]);
    assert!(err.is_err());
}

#[test]
fn open_errors_name_the_device() {
    let rig = Rig::temp();
    // No geometry: the device is asked, and a plain file does not answer.
    std::fs::write(rig.fb_path(), [0u8; 64]).unwrap_or_else(|e| panic!("{e}"));
    let mut cfg = rig.config(geometry(1, 1, FbPixelFormat::Rgb565));
    cfg.geometry = None;
    let err = FbdevPlatform::open(&cfg, KeyMap::builtin())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("fb.raw") && err.contains("FBIOGET_VSCREENINFO"),
        "{err}"
    );
    cfg.device = rig.path("missing/fb0");
    let err = FbdevPlatform::open(&cfg, KeyMap::builtin())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("missing/fb0"), "{err}");
    // A geometry that does not fit is refused.
    let mut g = geometry(4, 4, FbPixelFormat::Xrgb8888);
    g.line_length = Some(8);
    let err = FbdevPlatform::open(&rig.config(g), KeyMap::builtin())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("line_length 8"), "{err}");
}

#[test]
fn a_tty_that_is_not_a_console_is_skipped() {
    let rig = Rig::temp();
    let tty = rig.path("not-a-tty");
    std::fs::write(&tty, b"").unwrap_or_else(|e| panic!("{e}"));
    let mut cfg = rig.config(geometry(2, 2, FbPixelFormat::Rgb565));
    cfg.tty = Some(tty);
    let p = rig.open(&cfg);
    assert!(!p.console_in_graphics_mode());
    cfg.tty = Some(rig.path("no-such-tty"));
    let p = rig.open(&cfg);
    assert!(!p.console_in_graphics_mode());
}
