//! Image decoding, `mode` semantics and robustness against broken files.

use mica_layout::{Document, NodeId, Rect};
use mica_renderer::image::{decode, decode_rgba};
use mica_renderer::{decode_size, ImageError, NoGlyphs, Renderer};
use tiny_skia::Pixmap;

use crate::support::*;

const JPEG: &[u8] = include_bytes!("../fixtures/red_blue_16x8.jpg");

/// A 60x60 page with an image whose content box is (10,10) 40x40.
fn image_page(src: &str, mode: &str) -> (Document, NodeId) {
    let mut doc = page(60.0, 60.0);
    let root = doc.root();
    let img = add(
        &mut doc,
        root,
        "image",
        Rect::new(10.0, 10.0, 40.0, 40.0),
        |_| {},
    );
    doc.set_attr(img, "src", src);
    if !mode.is_empty() {
        doc.set_attr(img, "mode", mode);
    }
    (doc, img)
}

fn render(src: &str, mode: &str, files: &MemImages) -> Pixmap {
    let (doc, _) = image_page(src, mode);
    paint_with(&doc, 60, 60, files)
}

const R: (u8, u8, u8, u8) = (255, 0, 0, 255);
const B: (u8, u8, u8, u8) = (0, 0, 255, 255);

#[test]
fn scale_to_fill_stretches_over_the_whole_box() {
    let files = MemImages::with(&[("a.png", red_blue_png(20, 10))]);
    let p = render("a.png", "", &files);
    assert_eq!(px(&p, 12, 12), R);
    assert_eq!(px(&p, 12, 47), R);
    assert_eq!(px(&p, 47, 30), B);
    assert_eq!(px(&p, 5, 30), WHITE, "nothing outside the box");
    assert_eq!(px(&p, 55, 30), WHITE);
}

#[test]
fn aspect_fit_letterboxes_and_keeps_the_background() {
    // 20x10 into 40x40: drawn 40x20 at y 20..40, bands above and below stay white.
    let files = MemImages::with(&[("a.png", red_blue_png(20, 10))]);
    let p = render("a.png", "aspectFit", &files);
    assert_eq!(px(&p, 30, 14), WHITE);
    assert_eq!(px(&p, 30, 45), WHITE);
    assert_eq!(px(&p, 12, 25), R);
    assert_eq!(px(&p, 47, 35), B);
}

#[test]
fn aspect_fill_covers_the_box_and_crops_to_it() {
    // 20x10 into 40x40: scaled to 80x40 at x -10..70, cropped to the box.
    let files = MemImages::with(&[("a.png", red_blue_png(20, 10))]);
    let p = render("a.png", "aspectFill", &files);
    assert_eq!(px(&p, 12, 11), R);
    assert_eq!(px(&p, 12, 48), R);
    assert_eq!(px(&p, 47, 48), B);
    assert_eq!(px(&p, 5, 30), WHITE, "cropped left of the box");
    assert_eq!(px(&p, 55, 30), WHITE, "cropped right of the box");
}

#[test]
fn width_fix_draws_stretched_into_the_laid_out_box() {
    let files = MemImages::with(&[("a.png", red_blue_png(20, 10))]);
    let p = render("a.png", "widthFix", &files);
    assert_eq!(px(&p, 12, 12), R);
    assert_eq!(px(&p, 47, 47), B);
}

#[test]
fn crop_mode_top_left_does_not_scale() {
    let files = MemImages::with(&[("a.png", red_blue_png(20, 10))]);
    let p = render("a.png", "top left", &files);
    assert_eq!(px(&p, 12, 12), R);
    assert_eq!(px(&p, 25, 15), B);
    assert_eq!(px(&p, 35, 15), WHITE);
    assert_eq!(px(&p, 12, 25), WHITE);
}

#[test]
fn jpeg_fixture_decodes_and_paints() {
    assert_eq!(decode_size(JPEG), Ok((16, 8)));
    let files = MemImages::with(&[("p.jpg", JPEG.to_vec())]);
    let p = render("p.jpg", "", &files);
    assert!(near(px(&p, 14, 30), R, 8), "{:?}", px(&p, 14, 30));
    assert!(near(px(&p, 46, 30), B, 8), "{:?}", px(&p, 46, 30));
}

#[test]
fn rounded_image_is_clipped_to_its_corners() {
    let files = MemImages::with(&[("a.png", red_blue_png(20, 10))]);
    let (mut doc, img) = image_page("a.png", "");
    doc.node_mut(img).style.border_radius = [20.0; 4];
    let p = paint_with(&doc, 60, 60, &files);
    assert_eq!(px(&p, 11, 11), WHITE);
    assert_eq!(px(&p, 48, 48), WHITE);
    assert_eq!(px(&p, 14, 30), R);
}

#[test]
fn png_colour_types_decode_to_the_same_pixels() {
    let gray = png_bytes(
        2,
        1,
        png::ColorType::Grayscale,
        png::BitDepth::Eight,
        &[0, 255],
        None,
    );
    let (_, _, rgba) = decode_rgba(&gray).expect("gray");
    assert_eq!(rgba, vec![0, 0, 0, 255, 255, 255, 255, 255]);

    let ga = png_bytes(
        1,
        1,
        png::ColorType::GrayscaleAlpha,
        png::BitDepth::Eight,
        &[200, 100],
        None,
    );
    assert_eq!(
        decode_rgba(&ga).expect("gray-alpha").2,
        vec![200, 200, 200, 100]
    );

    let rgb16 = png_bytes(
        1,
        1,
        png::ColorType::Rgb,
        png::BitDepth::Sixteen,
        &[0xFF, 0xFF, 0, 0, 0x80, 0],
        None,
    );
    assert_eq!(
        decode_rgba(&rgb16).expect("16-bit").2,
        vec![255, 0, 128, 255]
    );

    let pal = png_bytes(
        2,
        1,
        png::ColorType::Indexed,
        png::BitDepth::Eight,
        &[1, 0],
        Some(vec![0, 255, 0, 9, 8, 7]),
    );
    assert_eq!(
        decode_rgba(&pal).expect("palette").2,
        vec![9, 8, 7, 255, 0, 255, 0, 255]
    );

    // Premultiplied in the pixmap.
    let p = decode(&ga).expect("pixmap");
    let c = p.pixel(0, 0).expect("pixel");
    assert_eq!((c.red(), c.alpha()), (78, 100));
}

#[test]
fn decode_size_reads_png_headers() {
    assert_eq!(decode_size(&red_blue_png(20, 10)), Ok((20, 10)));
    assert_eq!(decode_size(b"GIF89a"), Err(ImageError::UnknownFormat));
}

#[test]
fn oversized_images_are_refused() {
    let mut png = red_blue_png(2, 2);
    // Patch IHDR width to 100,000 (the CRC is now wrong too; either error is fine).
    png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    assert!(decode(&png).is_err());
}

#[test]
fn corrupt_images_paint_nothing_and_load_once() {
    let mut truncated = red_blue_png(20, 10);
    truncated.truncate(truncated.len() / 2);
    let mut bad_jpeg = JPEG.to_vec();
    bad_jpeg.truncate(100);
    let files = MemImages::with(&[
        ("junk.png", b"\x89PNG\r\n\x1a\ngarbage garbage".to_vec()),
        ("half.png", truncated),
        ("bad.jpg", bad_jpeg),
        (
            "noise.jpg",
            (0..400u32)
                .map(|i| (i * 7919 % 251) as u8)
                .chain([0xFF, 0xD9])
                .collect(),
        ),
    ]);
    let mut renderer = Renderer::new();
    for src in [
        "junk.png",
        "half.png",
        "bad.jpg",
        "noise.jpg",
        "missing.png",
    ] {
        let (doc, _) = image_page(src, "aspectFill");
        let mut p = Pixmap::new(60, 60).expect("pixmap");
        renderer.paint(&doc, &NoGlyphs, &files, &mut p, None);
        renderer.paint(&doc, &NoGlyphs, &files, &mut p, None);
        assert!(
            p.pixels()
                .iter()
                .all(|c| c.red() == 255 && c.green() == 255 && c.blue() == 255),
            "{src} painted something"
        );
    }
    assert_eq!(
        files.loads.get(),
        5,
        "failures are cached, not reloaded every frame"
    );
}

#[test]
fn noise_after_a_jpeg_marker_does_not_panic() {
    for seed in 0..64u32 {
        let mut bytes = vec![0xFF, 0xD8];
        bytes.extend(
            (0..300u32).map(|i| (i.wrapping_mul(2654435761).wrapping_add(seed * 97) >> 13) as u8),
        );
        let _ = decode(&bytes);
        let _ = decode_size(&bytes);
    }
}
