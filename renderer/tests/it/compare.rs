//! PNG output and the golden-image comparison helper.

use mica_renderer::{compare_images, encode_png};
use tiny_skia::{ColorU8, Pixmap};

fn checker() -> Pixmap {
    let mut p = Pixmap::new(8, 8).expect("pixmap");
    for (i, px) in p.pixels_mut().iter_mut().enumerate() {
        let c = if i % 3 == 0 {
            ColorU8::from_rgba(200, 10, 10, 255)
        } else {
            ColorU8::from_rgba(0, 0, 200, 128)
        };
        *px = c.premultiply();
    }
    p
}

#[test]
fn encode_png_writes_straight_alpha() {
    let p = checker();
    let png = encode_png(&p).expect("encode");
    let (w, h, rgba) = mica_renderer::image::decode_rgba(&png).expect("decode");
    assert_eq!((w, h), (8, 8));
    assert_eq!(&rgba[0..4], &[200, 10, 10, 255]);
    // Premultiplied storage loses a little precision at half alpha.
    assert!(
        rgba[6].abs_diff(200) <= 1 && rgba[7] == 128,
        "{:?}",
        &rgba[4..8]
    );
}

#[test]
fn identical_images_match() {
    let p = checker();
    let png = encode_png(&p).expect("encode");
    let r = compare_images(&p, &png, 0).expect("compare");
    assert!(r.is_match(), "{r:?}");
    assert_eq!(r.total, 64);
    assert!(r.diff_image.is_none());
}

#[test]
fn one_pixel_beyond_tolerance_is_reported_with_a_diff_image() {
    let expected = checker();
    let png = encode_png(&expected).expect("encode");
    let mut actual = expected.clone();
    actual.pixels_mut()[9] = ColorU8::from_rgba(200, 30, 10, 255).premultiply();

    let strict = compare_images(&actual, &png, 5).expect("compare");
    assert_eq!(strict.differing_pixels, 1);
    assert_eq!(strict.max_channel_diff, 20);
    let diff = strict.diff_image.expect("diff image");
    let (_, _, rgba) = mica_renderer::image::decode_rgba(&diff).expect("diff decodes");
    assert_eq!(&rgba[9 * 4..9 * 4 + 4], &[255, 0, 0, 255]);
    assert_ne!(&rgba[0..4], &[255, 0, 0, 255]);
    if let Ok(dir) = std::env::var("CARGO_TARGET_TMPDIR") {
        let _ = std::fs::write(std::path::Path::new(&dir).join("compare-diff.png"), &diff);
    }

    let lenient = compare_images(&actual, &png, 20).expect("compare");
    assert!(lenient.is_match());
}

#[test]
fn size_mismatch_is_a_difference() {
    let png = encode_png(&checker()).expect("encode");
    let other = Pixmap::new(4, 4).expect("pixmap");
    let r = compare_images(&other, &png, 255).expect("compare");
    assert!(!r.is_match());
    assert_eq!(r.size_mismatch, Some(((4, 4), (8, 8))));
}

#[test]
fn a_broken_reference_is_an_error() {
    assert!(compare_images(&checker(), b"not a png", 0).is_err());
}
