//! The whole runtime on a file-backed framebuffer: a real app, a recorded key press, and
//! the framebuffer file compared with the runtime's own frame.

use mica_engine::config::FbPixelFormat;
use mica_engine::package::Package;
use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_platform_fb::{Alpha, PixelFormat};

use crate::{geometry, tap, write_records, Rig};

const W: usize = 640;
const H: usize = 360;
/// 640 px of RGB565 and 64 bytes of padding a row.
const LINE: usize = W * 2 + 64;

/// The visible rows of the framebuffer file, and whether the padding is untouched.
fn visible(fb: &[u8]) -> (Vec<u8>, bool) {
    assert_eq!(fb.len(), LINE * H);
    let mut rows = Vec::with_capacity(W * 2 * H);
    let mut padding_ok = true;
    for row in fb.chunks(LINE) {
        rows.extend_from_slice(&row[..W * 2]);
        padding_ok &= row[W * 2..].iter().all(|&b| b == 0xAB);
    }
    (rows, padding_ok)
}

/// The runtime's frame (premultiplied RGBA) as RGB565.
fn converted(rgba: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; W * 2 * H];
    for (src, dst) in rgba.chunks(W * 4).zip(out.chunks_mut(W * 2)) {
        PixelFormat::Rgb565.convert_row(src, dst, Alpha::Straight);
    }
    out
}

#[test]
fn tv_launcher_runs_on_a_file_backed_framebuffer() {
    let rig = Rig::temp();
    let mut g = geometry(W as u32, H as u32, FbPixelFormat::Rgb565);
    g.line_length = Some(LINE as u32);
    rig.prefill(LINE * H, 0xAB);
    // KEY_DOWN, pressed and released.
    write_records(&rig.input_dir().join("event0"), &tap(108));
    let platform = rig.open(&rig.config(g));
    let quit = platform.quit_handle();

    let app = concat!(env!("CARGO_MANIFEST_DIR"), "/../apps/tv-launcher");
    let package = Package::open(app).unwrap_or_else(|e| panic!("{e}"));
    let mut rt = Runtime::with_platform(package, RuntimeConfig::default(), Box::new(platform))
        .unwrap_or_else(|e| panic!("{e}"));
    rt.launch(None).unwrap_or_else(|e| panic!("{e}"));

    // The first frame is on the framebuffer, converted, and nothing outside it.
    let (first, padding_ok) = visible(&rig.fb());
    assert!(padding_ok, "row padding written");
    assert_eq!(first, converted(rt.pixmap().data()), "first frame");
    let before_focus = rt.focused();
    let before_frame = rt.pixmap().data().to_vec();

    // The main loop reads KEY_DOWN from the recording, moves the focus and presents the
    // damage; the quit request (after the recorded input) ends it.
    quit.request();
    rt.run().unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(rt.focused(), before_focus, "Down moved the focus");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());

    let (after, padding_ok) = visible(&rig.fb());
    assert!(padding_ok, "row padding written");
    assert_ne!(after, first, "the framebuffer changed");
    assert_eq!(after, converted(rt.pixmap().data()), "framebuffer = frame");
    // What changed on the framebuffer is exactly what changed in the frame.
    let frame_changed: Vec<bool> = before_frame
        .chunks(4)
        .zip(rt.pixmap().data().chunks(4))
        .map(|(a, b)| a != b)
        .collect();
    let fb_changed: Vec<bool> = first
        .chunks(2)
        .zip(after.chunks(2))
        .map(|(a, b)| a != b)
        .collect();
    for (i, (fb, frame)) in fb_changed.iter().zip(&frame_changed).enumerate() {
        assert!(
            !fb || *frame,
            "pixel {},{} changed outside the frame's change",
            i % W,
            i / W
        );
    }
}
