//! Glyph rasterisation, the bounded glyph cache, and drawing a [`GlyphRun`].
//!
//! Coverage bitmaps come from a [`GlyphSource`] (the layout crate's `FontStore`, or a
//! stand-in in tests) and are cached by face, glyph, size in quarter pixels, slant and
//! horizontal offset, so a repaint of unchanged text rasterises nothing. Glyphs are placed
//! at quarter-pixel pen positions, as Skia (and so Chromium) places them: a bitmap is
//! moved by the fraction with linear resampling. A slanted bitmap is the synthetic
//! oblique of `font-style: italic` when the font has no italic face (CSS Fonts 4 §2.4
//! lets the UA synthesise one): the upright coverage sheared about the baseline. A run
//! with a blur is a `text-shadow` (CSS Text Decoration 3 §4): its glyphs are gathered into
//! one alpha mask that is blurred before blending.

use mica_layout::text::hash::FastMap;
use std::sync::Arc;

use mica_layout::FaceId;

use crate::blur::{blur_alpha, blur_extent};
use crate::display_list::GlyphRun;

/// Something that turns a glyph into an 8-bit coverage bitmap (row-major, `width *
/// height` bytes, fontdue's layout and metrics convention).
pub trait GlyphSource {
    /// Rasterises `glyph` of `face` at `px` pixels per em; `None` when the face or
    /// glyph is unknown.
    fn rasterize(&self, face: FaceId, glyph: u16, px: f32) -> Option<(fontdue::Metrics, Vec<u8>)>;
}

impl GlyphSource for mica_layout::FontStore {
    fn rasterize(&self, face: FaceId, glyph: u16, px: f32) -> Option<(fontdue::Metrics, Vec<u8>)> {
        mica_layout::FontStore::rasterize(self, face, glyph, px)
    }
}

/// A [`GlyphSource`] without fonts: text paints nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoGlyphs;

impl GlyphSource for NoGlyphs {
    fn rasterize(&self, _: FaceId, _: u16, _: f32) -> Option<(fontdue::Metrics, Vec<u8>)> {
        None
    }
}

/// A rasterised glyph ready for blending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlyphBitmap {
    /// Offset of the bitmap's left edge from the pen x (fontdue `xmin`).
    pub left: i32,
    /// Offset of the bitmap's top edge from the baseline (`-(height + ymin)`).
    pub top: i32,
    /// Bitmap width in px.
    pub width: usize,
    /// Bitmap height in px.
    pub height: usize,
    /// Coverage, `width * height` bytes, row-major.
    pub coverage: Vec<u8>,
}

/// Face, glyph, size in quarter pixels, slant (`f32` bits; 0 upright), horizontal
/// offset in quarter pixels (0..4).
type GlyphKey = (FaceId, u16, u32, u32, u8);

/// Cache of rasterised glyphs, bounded by the bytes of coverage it holds. When full it
/// is emptied and refilled: a page's working set is small, so this rarely happens and
/// needs no per-entry bookkeeping.
#[derive(Debug)]
pub struct GlyphCache {
    map: FastMap<GlyphKey, Option<Arc<GlyphBitmap>>>,
    bytes: usize,
    budget: usize,
}

impl Default for GlyphCache {
    fn default() -> Self {
        Self::with_budget(8 << 20)
    }
}

impl GlyphCache {
    /// A cache holding at most about `budget` bytes of coverage.
    pub fn with_budget(budget: usize) -> Self {
        GlyphCache {
            map: FastMap::default(),
            bytes: 0,
            budget,
        }
    }

    /// Number of cached entries (including glyphs that have no bitmap).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The bitmap of a glyph at `size` px, rasterising it on a miss. `None` for an
    /// unknown glyph or an empty one (a space).
    pub fn get(
        &mut self,
        source: &dyn GlyphSource,
        face: FaceId,
        glyph: u16,
        size: f32,
    ) -> Option<Arc<GlyphBitmap>> {
        self.get_placed(source, face, glyph, size, 0.0, 0)
    }

    /// [`GlyphCache::get`] sheared by `slant` px to the right per px above the baseline
    /// (a synthetic oblique; 0 is upright) and moved right by `quarters` quarter pixels
    /// (0..4): glyphs are placed at quarter-pixel pen positions, as Skia places them.
    pub fn get_placed(
        &mut self,
        source: &dyn GlyphSource,
        face: FaceId,
        glyph: u16,
        size: f32,
        slant: f32,
        quarters: u8,
    ) -> Option<Arc<GlyphBitmap>> {
        let quarter = (size * 4.0).round().clamp(1.0, 4096.0) as u32;
        let slant = if slant.is_finite() {
            slant.clamp(-1.0, 1.0)
        } else {
            0.0
        };
        let quarters = quarters % 4;
        let key = (face, glyph, quarter, slant.to_bits(), quarters);
        if let Some(hit) = self.map.get(&key) {
            return hit.clone();
        }
        let bitmap = source
            .rasterize(face, glyph, quarter as f32 / 4.0)
            .and_then(|(m, coverage)| {
                let len = m.width.checked_mul(m.height)?;
                if len == 0 || coverage.len() < len {
                    return None;
                }
                let height = i32::try_from(m.height).ok()?;
                let upright = GlyphBitmap {
                    left: m.xmin,
                    top: -(height.checked_add(m.ymin)?),
                    width: m.width,
                    height: m.height,
                    coverage,
                };
                Some(Arc::new(if slant == 0.0 && quarters == 0 {
                    upright
                } else {
                    shear(&upright, slant, f32::from(quarters) / 4.0)
                }))
            });
        let cost = bitmap.as_ref().map_or(0, |b| b.coverage.len()) + 64;
        if self.bytes + cost > self.budget {
            self.map.clear();
            self.bytes = 0;
        }
        self.bytes += cost;
        self.map.insert(key, bitmap.clone());
        bitmap
    }
}

/// `b` moved right by `dx` px and sheared by `slant`: each row moves right by `slant`
/// times its height above the baseline, resampled linearly between neighbouring pixels.
fn shear(b: &GlyphBitmap, slant: f32, dx: f32) -> GlyphBitmap {
    // Shift of row `y` (its centre, baseline-relative y grows downwards).
    let shift = |y: usize| dx - (b.top as f32 + y as f32 + 0.5) * slant;
    let (s0, s1) = (shift(0), shift(b.height.saturating_sub(1)));
    let lo = s0.min(s1).floor() as i32;
    let hi = s0.max(s1).ceil() as i32;
    let width = b.width + (hi - lo) as usize + 1;
    let mut coverage = vec![0u8; width * b.height];
    for y in 0..b.height {
        let src = &b.coverage[y * b.width..(y + 1) * b.width];
        let dst = &mut coverage[y * width..(y + 1) * width];
        // Output pixel x samples source position x + lo - shift.
        let offset = lo as f32 - shift(y);
        for (x, out) in dst.iter_mut().enumerate() {
            let pos = x as f32 + offset;
            let i = pos.floor();
            let t = pos - i;
            let at = |k: f32| {
                if k < 0.0 || k >= b.width as f32 {
                    0.0
                } else {
                    f32::from(src[k as usize])
                }
            };
            let v = at(i) * (1.0 - t) + at(i + 1.0) * t;
            *out = v.round().clamp(0.0, 255.0) as u8;
        }
    }
    GlyphBitmap {
        left: b.left + lo,
        top: b.top,
        width,
        height: b.height,
        coverage,
    }
}

/// The pixels a run is drawn into: premultiplied RGBA8 rows of the target, the clip in
/// target pixels and its coverage mask when it is not a plain rectangle.
pub(crate) struct GlyphCanvas<'a> {
    /// The target's bytes.
    pub data: &'a mut [u8],
    /// Target width in px.
    pub width: usize,
    /// Clip rectangle in target pixels: x0, y0, x1, y1.
    pub clip: (i32, i32, i32, i32),
    /// Target-sized clip coverage, when the clip is not a rectangle.
    pub mask: Option<&'a [u8]>,
    /// Window px of the target's top-left pixel.
    pub origin: (i32, i32),
}

impl GlyphCanvas<'_> {
    /// Blends `color` at `coverage` into pixel (x, y) of the target (inside the clip).
    #[inline]
    fn blend(&mut self, x: i32, y: i32, color: [u8; 4], coverage: u32) {
        let idx = y as usize * self.width + x as usize;
        let cov = match self.mask {
            Some(m) => mul255(coverage, u32::from(m[idx])),
            None => coverage,
        };
        if cov > 0 {
            blend_pixel(&mut self.data[idx * 4..idx * 4 + 4], color, cov);
        }
    }
}

/// Draws `run` into `canvas`: each glyph's coverage (slanted when the run is) blended
/// in the run's colour, or for a blurred run (a `text-shadow`) all of them gathered into
/// one mask, blurred with σ = blur / 2, then blended.
pub(crate) fn draw_run(
    cache: &mut GlyphCache,
    fonts: &dyn GlyphSource,
    run: &GlyphRun,
    mut canvas: GlyphCanvas<'_>,
) {
    let color = [run.color.r, run.color.g, run.color.b, run.color.a];
    let (cx0, cy0, cx1, cy1) = canvas.clip;
    let (ox, oy) = canvas.origin;
    let baseline = run.baseline.round() as i32 - oy;
    let placed: Vec<(i32, i32, Arc<GlyphBitmap>)> = run
        .glyphs
        .iter()
        .filter_map(|g| {
            // The pen x to the nearest quarter pixel: whole pixels, then a bitmap moved by
            // the quarters.
            let q = ((run.x + g.x) * 4.0).round();
            let whole = (q / 4.0).floor();
            let quarters = (q - whole * 4.0) as u8;
            let bitmap = cache.get_placed(fonts, g.face, g.glyph, run.size, run.slant, quarters)?;
            let gx = whole as i32 - ox + bitmap.left;
            Some((gx, baseline + bitmap.top, bitmap))
        })
        .collect();
    let sigma = run.blur / 2.0;
    if sigma > 0.0 && sigma.is_finite() {
        draw_blurred(&placed, sigma, color, &mut canvas);
        return;
    }
    for (gx, gy, bitmap) in &placed {
        let (gx, gy) = (*gx, *gy);
        let (bw, bh) = (bitmap.width as i32, bitmap.height as i32);
        let (sx0, sy0) = (gx.max(cx0), gy.max(cy0));
        let (sx1, sy1) = ((gx + bw).min(cx1), (gy + bh).min(cy1));
        for y in sy0..sy1 {
            let row = ((y - gy) * bw) as usize;
            for x in sx0..sx1 {
                let cov = u32::from(bitmap.coverage[row + (x - gx) as usize]);
                if cov > 0 {
                    canvas.blend(x, y, color, cov);
                }
            }
        }
    }
}

/// The blurred half of [`draw_run`]: glyph coverage summed into a mask padded by the
/// blur's reach, blurred, and blended through the clip.
fn draw_blurred(
    placed: &[(i32, i32, Arc<GlyphBitmap>)],
    sigma: f32,
    color: [u8; 4],
    canvas: &mut GlyphCanvas<'_>,
) {
    let Some((x0, y0, x1, y1)) = placed.iter().fold(None, |acc, (gx, gy, b)| {
        let r = (*gx, *gy, gx + b.width as i32, gy + b.height as i32);
        Some(match acc {
            None => r,
            Some((a, b, c, d)) => (r.0.min(a), r.1.min(b), r.2.max(c), r.3.max(d)),
        })
    }) else {
        return;
    };
    let pad = blur_extent(sigma) as i32;
    let (mx, my) = (x0 - pad, y0 - pad);
    let (mw, mh) = ((x1 - x0 + 2 * pad) as usize, (y1 - y0 + 2 * pad) as usize);
    // Nothing of it can reach the clip: skip the blur.
    let (cx0, cy0, cx1, cy1) = canvas.clip;
    if mx >= cx1 || my >= cy1 || mx + mw as i32 <= cx0 || my + mh as i32 <= cy0 {
        return;
    }
    let Some(len) = mw.checked_mul(mh).filter(|&l| l <= 64 << 20) else {
        return;
    };
    let mut mask = vec![0u8; len];
    for (gx, gy, b) in placed {
        for y in 0..b.height {
            let row = (gy - my) as usize + y;
            for x in 0..b.width {
                let col = (gx - mx) as usize + x;
                let m = &mut mask[row * mw + col];
                *m = m.saturating_add(b.coverage[y * b.width + x]);
            }
        }
    }
    blur_alpha(&mut mask, mw, mh, sigma);
    for y in my.max(cy0)..(my + mh as i32).min(cy1) {
        for x in mx.max(cx0)..(mx + mw as i32).min(cx1) {
            let cov = u32::from(mask[(y - my) as usize * mw + (x - mx) as usize]);
            if cov > 0 {
                canvas.blend(x, y, color, cov);
            }
        }
    }
}

/// `a * b / 255`, rounded.
#[inline]
pub(crate) fn mul255(a: u32, b: u32) -> u32 {
    let t = a * b + 128;
    (t + (t >> 8)) >> 8
}

/// Source-over blends a straight-alpha colour at `coverage` (0..=255) into one
/// premultiplied RGBA8 pixel.
#[inline]
pub(crate) fn blend_pixel(px: &mut [u8], color: [u8; 4], coverage: u32) {
    let a = mul255(u32::from(color[3]), coverage);
    if a == 0 {
        return;
    }
    let inv = 255 - a;
    for c in 0..3 {
        let src = mul255(u32::from(color[c]), a);
        px[c] = (src + mul255(u32::from(px[c]), inv)).min(255) as u8;
    }
    px[3] = (a + mul255(u32::from(px[3]), inv)).min(255) as u8;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul255_is_exact_at_the_ends() {
        assert_eq!(mul255(255, 255), 255);
        assert_eq!(mul255(0, 255), 0);
        assert_eq!(mul255(255, 128), 128);
    }

    #[test]
    fn blend_full_coverage_replaces() {
        let mut px = [255, 255, 255, 255];
        blend_pixel(&mut px, [10, 20, 30, 255], 255);
        assert_eq!(px, [10, 20, 30, 255]);
    }

    struct Square;
    impl GlyphSource for Square {
        fn rasterize(&self, _: FaceId, _: u16, px: f32) -> Option<(fontdue::Metrics, Vec<u8>)> {
            let n = px as usize;
            let m = fontdue::Metrics {
                width: n,
                height: n,
                ..Default::default()
            };
            Some((m, vec![255; n * n]))
        }
    }

    #[test]
    fn cache_is_bounded() {
        let mut cache = GlyphCache::with_budget(1000);
        for g in 0..100 {
            assert!(cache.get(&Square, FaceId(0), g, 10.0).is_some());
        }
        assert!(cache.len() < 10);
        let b = cache.get(&Square, FaceId(0), 1, 10.0);
        assert_eq!(b.map(|b| b.top), Some(-10));
    }
}
