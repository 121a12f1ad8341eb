//! Glyph rasterisation and the bounded glyph cache.
//!
//! Coverage bitmaps come from a [`GlyphSource`] (the layout crate's `FontStore`, or a
//! stand-in in tests) and are cached by face, glyph and size in quarter pixels, so a
//! repaint of unchanged text rasterises nothing.

use mica_layout::text::hash::FastMap;
use std::sync::Arc;

use mica_layout::FaceId;

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

type GlyphKey = (FaceId, u16, u32);

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
        let quarter = (size * 4.0).round().clamp(1.0, 4096.0) as u32;
        let key = (face, glyph, quarter);
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
                Some(Arc::new(GlyphBitmap {
                    left: m.xmin,
                    top: -(height.checked_add(m.ymin)?),
                    width: m.width,
                    height: m.height,
                    coverage,
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
