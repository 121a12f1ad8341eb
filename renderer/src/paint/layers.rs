//! Compositing groups: a [`LayerItem`]'s items painted into a pixmap of their own by a
//! nested [`Painter`], then drawn with the layer's opacity and transform (CSS Color 4
//! §3.2, CSS Transforms 1 §6).

use mica_layout::style::transform;
use mica_layout::Rect;
use tiny_skia::{FilterQuality, Paint, Pattern, Pixmap, SpreadMode, Transform};

use super::{Clip, PaintStats, Painter};
use crate::display_list::{DisplayItem, LayerItem};
use crate::shapes::round_out;
use crate::shapes::sk_rect;

impl Painter<'_> {
    /// Paints the layer opened at `items[at]` (visible over `visible` of this painter's
    /// coordinates): its items into a pixmap of their own by a nested painter, which is
    /// then drawn through the current clip with the layer's opacity and transform.
    ///
    /// An opacity-only layer covers just the visible whole pixels, on this painter's
    /// pixel grid, and is copied back pixel for pixel. A transformed layer covers its
    /// whole content (plus a transparent pixel all round, so that bilinear sampling fades
    /// its edges out) and is resampled; its pixels never depend on the damage region.
    pub(super) fn paint_layer(
        &mut self,
        items: &[DisplayItem],
        at: usize,
        layer: &LayerItem,
        visible: Rect,
        stats: &mut PaintStats,
    ) {
        let local = match &layer.transform {
            None => round_out(&visible),
            Some(m) => {
                let b = round_out(&layer.bounds);
                let mut l = Rect::new(b.x - 1.0, b.y - 1.0, b.width + 2.0, b.height + 2.0);
                if l.width * l.height > crate::MAX_LAYER_PIXELS {
                    if let Some(inv) = transform::invert(m) {
                        let v = round_out(&transform::transform_rect(&inv, visible));
                        l = l.intersect(&Rect::new(
                            v.x - 2.0,
                            v.y - 2.0,
                            v.width + 4.0,
                            v.height + 4.0,
                        ));
                    }
                }
                l
            }
        };
        if local.is_empty() || local.width * local.height > 4.0 * crate::MAX_LAYER_PIXELS {
            return;
        }
        let Some(mut pixmap) = Pixmap::new(local.width as u32, local.height as u32) else {
            return;
        };
        {
            let mut nested = Painter {
                target: &mut pixmap,
                origin: (local.x as i32, local.y as i32),
                ts: Transform::from_translate(-local.x, -local.y),
                region: local,
                clips: vec![Clip {
                    rect: local,
                    mask: None,
                }],
                glyphs: &mut *self.glyphs,
                fonts: self.fonts,
                images: &mut *self.images,
                source: self.source,
            };
            nested.run(items, at + 1, layer.end, stats);
        }
        let opacity = layer.opacity.clamp(0.0, 1.0);
        let Some(m) = &layer.transform else {
            // Same pixel grid: a straight copy with the opacity.
            let Some(rect) = sk_rect(round_out(&visible).intersect(&self.clip().rect)) else {
                return;
            };
            let paint = Paint {
                shader: Pattern::new(
                    pixmap.as_ref(),
                    SpreadMode::Pad,
                    FilterQuality::Nearest,
                    opacity,
                    Transform::from_translate(local.x, local.y),
                ),
                anti_alias: false,
                ..Paint::default()
            };
            let mask = self.clips.last().and_then(|c| c.mask.as_ref());
            self.target.fill_rect(rect, &paint, self.ts, mask);
            return;
        };
        // Resampled once into a layer on the page's whole pixels that covers the whole
        // transformed content (its edges fade out over the transparent margin), then
        // copied: the result cannot depend on where the damage region starts.
        let whole = round_out(&transform::transform_rect(m, local));
        let Some(cell) = crate::cap_layer(whole, self.clip().rect, 2.0) else {
            return;
        };
        let Some(mut resampled) = Pixmap::new(cell.width as u32, cell.height as u32) else {
            return;
        };
        let to_cell = Transform::from_row(m[0], m[1], m[2], m[3], m[4] - cell.x, m[5] - cell.y)
            .pre_translate(local.x, local.y);
        let paint = Paint {
            shader: Pattern::new(
                pixmap.as_ref(),
                SpreadMode::Pad,
                FilterQuality::Bilinear,
                opacity,
                to_cell,
            ),
            anti_alias: false,
            ..Paint::default()
        };
        if let Some(full) = sk_rect(Rect::new(0.0, 0.0, cell.width, cell.height)) {
            resampled.fill_rect(full, &paint, Transform::identity(), None);
        }
        self.composite(&resampled, &cell);
    }
}
