//! `mica run --platform`: the device main loop on a real platform. The framebuffer is a
//! file and the remote a recorded evdev stream, so the same code runs as on a device.

use mica_platform_fb::InputRecord;

use crate::{assert_ok, mica, root, scratch};

const KEY_ENTER: u16 = 28;
const KEY_BACK: u16 = 158;

fn press(code: u16) -> Vec<InputRecord> {
    vec![
        InputRecord::key(code, 1),
        InputRecord::syn(),
        InputRecord::key(code, 0),
        InputRecord::syn(),
    ]
}

#[test]
fn run_on_the_framebuffer_reads_the_remote_until_back_leaves_the_app() {
    let dir = scratch("run-fb");
    let (w, h) = (320u32, 240u32);
    std::fs::write(dir.join("fb.raw"), vec![0u8; (w * h * 4) as usize]).expect("fb file");
    std::fs::create_dir_all(dir.join("input")).expect("input dir");
    // OK on the counter, then Back on the root page: the app leaves, mica exits.
    let mut records = press(KEY_ENTER);
    records.extend(press(KEY_BACK));
    std::fs::write(dir.join("input/event0"), InputRecord::encode_all(&records)).expect("recording");
    let config = serde_json::json!({
        "fbdev": {
            "device": "fb.raw",
            "tty": null,
            "input": ["input"],
            "signals": false,
            "geometry": { "width": w, "height": h, "format": "xrgb8888" }
        }
    });
    std::fs::write(dir.join("device.json"), config.to_string()).expect("config");
    let hello = root().join("apps/hello");
    let last = dir.join("last.png");
    let o = mica(&[
        "run".as_ref(),
        hello.as_os_str(),
        "--platform".as_ref(),
        "fb".as_ref(),
        "--config".as_ref(),
        dir.join("device.json").as_os_str(),
        "--out".as_ref(),
        last.as_os_str(),
    ]);
    assert_ok(&o);
    // The last frame is the one after OK, as `mica render --keys enter` draws it.
    let expected = dir.join("expected.png");
    let o = mica(&[
        "render".as_ref(),
        hello.as_os_str(),
        "--size".as_ref(),
        "320x240".as_ref(),
        "--keys".as_ref(),
        "enter".as_ref(),
        "--out".as_ref(),
        expected.as_os_str(),
    ]);
    assert_ok(&o);
    assert_eq!(
        std::fs::read(&last).expect("last.png"),
        std::fs::read(&expected).expect("expected.png"),
        "the frame after OK"
    );
    // And it reached the framebuffer: XRGB8888 is B, G, R, X in memory; the navigation
    // bar's #1f6feb is in the first row.
    let fb = std::fs::read(dir.join("fb.raw")).expect("fb");
    assert_eq!(
        &fb[..3],
        &[0xeb, 0x6f, 0x1f],
        "first pixel on the framebuffer"
    );
}

#[test]
fn a_platform_that_cannot_open_is_a_clear_error() {
    let dir = scratch("run-fb-missing");
    let config = serde_json::json!({ "fbdev": { "device": "nope.raw", "tty": null, "input": [] } });
    std::fs::write(dir.join("device.json"), config.to_string()).expect("config");
    let o = mica(&[
        "run".as_ref(),
        root().join("apps/hello").as_os_str(),
        "--platform".as_ref(),
        "fb".as_ref(),
        "--config".as_ref(),
        dir.join("device.json").as_os_str(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("nope.raw"), "{err}");
}
