//! Image comparison for reference-image (golden) tests, here and in the engine.
//!
//! A test paints a page, compares it with the reference PNG within a per-channel
//! tolerance, and on failure writes [`CompareResult::diff_image`]: a faded copy of the
//! expected image with every differing pixel in red.

use tiny_skia::Pixmap;

use crate::output::{demultiply, encode_rgba};
use crate::RenderError;

/// The outcome of a comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompareResult {
    /// Pixels where some channel differs by more than the tolerance (all pixels when
    /// the sizes differ).
    pub differing_pixels: u64,
    /// Pixels compared (of the larger image when the sizes differ).
    pub total: u64,
    /// The largest per-channel difference seen (255 when the sizes differ).
    pub max_channel_diff: u8,
    /// Width and height of the actual and expected images when they differ.
    pub size_mismatch: Option<((u32, u32), (u32, u32))>,
    /// A PNG showing the differences, present only when something differs.
    pub diff_image: Option<Vec<u8>>,
}

impl CompareResult {
    /// True when nothing differs beyond the tolerance.
    pub fn is_match(&self) -> bool {
        self.differing_pixels == 0 && self.size_mismatch.is_none()
    }
}

/// Compares a painted pixmap with a reference PNG.
pub fn compare_images(
    actual: &Pixmap,
    expected_png: &[u8],
    channel_tolerance: u8,
) -> Result<CompareResult, RenderError> {
    compare_rgba(
        &demultiply(actual),
        actual.width(),
        actual.height(),
        expected_png,
        channel_tolerance,
    )
}

/// Compares straight-alpha RGBA8 pixels (`width * height * 4` bytes) with a reference
/// PNG.
pub fn compare_rgba(
    actual: &[u8],
    width: u32,
    height: u32,
    expected_png: &[u8],
    channel_tolerance: u8,
) -> Result<CompareResult, RenderError> {
    let (ew, eh, expected) = crate::image::decode_rgba(expected_png)?;
    let pixels = u64::from(width) * u64::from(height);
    if (ew, eh) != (width, height) || actual.len() as u64 != pixels * 4 {
        let total = pixels.max(u64::from(ew) * u64::from(eh));
        return Ok(CompareResult {
            differing_pixels: total,
            total,
            max_channel_diff: 255,
            size_mismatch: Some(((width, height), (ew, eh))),
            diff_image: None,
        });
    }
    let mut differing = 0u64;
    let mut max_diff = 0u8;
    let mut diff = Vec::with_capacity(expected.len());
    for (a, e) in actual.chunks_exact(4).zip(expected.chunks_exact(4)) {
        let d = a
            .iter()
            .zip(e)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0);
        max_diff = max_diff.max(d);
        if d > channel_tolerance {
            differing += 1;
            diff.extend_from_slice(&[255, 0, 0, 255]);
        } else {
            // A quarter of the expected colour over white, so the red stands out.
            let fade = |v: u8| 191 + v / 4;
            diff.extend_from_slice(&[fade(e[0]), fade(e[1]), fade(e[2]), 255]);
        }
    }
    let diff_image = if differing > 0 {
        Some(encode_rgba(width, height, &diff)?)
    } else {
        None
    };
    Ok(CompareResult {
        differing_pixels: differing,
        total: pixels,
        max_channel_diff: max_diff,
        size_mismatch: None,
        diff_image,
    })
}
