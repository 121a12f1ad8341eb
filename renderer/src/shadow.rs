//! Box shadows (CSS Backgrounds 3 §7): one computed shadow resolved against its box into
//! a shape, a clip and a blur, and rasterised into a small whole-pixel layer.
//!
//! An outer shadow is the border box moved by the offset and grown by the spread, blurred,
//! and cut out where the border box itself is ("the shadow is drawn outside the border
//! edge only", §7.1). An inset shadow is drawn inside the padding box as if everything
//! outside the padding box, moved and shrunk by the spread, cast it. The layer depends only
//! on the item, never on the region being painted, so damage repaints match full ones.

use mica_layout::{Color, Rect};
use tiny_skia::{FillRule, Mask, Paint, Pixmap, Transform};

use crate::blur::{blur_alpha, blur_extent};
use crate::glyphs::mul255;
use crate::shapes::{round_out, rrect_path, sk_rect, Radii};

/// The largest blur radius drawn, in px.
const MAX_BLUR: f32 = 300.0;

/// One shadow, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct ShadowItem {
    /// The shadow's shape before the blur: the box moved and spread.
    pub shape: Rect,
    /// Its corner radii.
    pub shape_radii: Radii,
    /// The outer shadow is cut out of this box (the border box); the inset one is
    /// confined to it (the padding box).
    pub clip: Rect,
    /// The clip's radii.
    pub clip_radii: Radii,
    /// Standard deviation of the Gaussian blur in px (blur radius / 2).
    pub sigma: f32,
    /// Colour, opacity applied.
    pub color: Color,
    /// An inset shadow.
    pub inset: bool,
}

impl ShadowItem {
    /// The shadow `(dx, dy, blur, spread)` of a box: `border` box with `radii`, whose
    /// padding box is `padding` with `inner` radii.
    pub fn new(
        geometry: [f32; 4],
        color: Color,
        inset: bool,
        border: (Rect, Radii),
        padding: (Rect, Radii),
    ) -> Option<ShadowItem> {
        let [dx, dy, blur, spread] = geometry.map(|v| if v.is_finite() { v } else { 0.0 });
        if color.is_transparent() {
            return None;
        }
        let (clip, clip_radii) = if inset { padding } else { border };
        if clip.is_empty() {
            return None;
        }
        // Outer shadows grow by the spread, inset ones shrink.
        let grow = if inset { -spread } else { spread };
        let moved = Rect::new(clip.x + dx, clip.y + dy, clip.width, clip.height);
        let shape = Rect::new(
            moved.x - grow,
            moved.y - grow,
            (moved.width + 2.0 * grow).max(0.0),
            (moved.height + 2.0 * grow).max(0.0),
        );
        let shape_radii = spread_radii(clip_radii, grow).clamped(shape.width, shape.height);
        let item = ShadowItem {
            shape,
            shape_radii,
            clip,
            clip_radii,
            // Capped: a larger blur is a haze no one can tell from this one, and an
            // untrusted value must not size the masks.
            sigma: blur.clamp(0.0, MAX_BLUR) / 2.0,
            color,
            inset,
        };
        // An outer shadow with nothing outside the box shows nothing.
        if !inset && item.shape.is_empty() {
            return None;
        }
        Some(item)
    }

    /// The area the shadow may touch.
    pub fn bounds(&self) -> Rect {
        if self.inset {
            return self.clip;
        }
        let e = blur_extent(self.sigma) as f32;
        Rect::new(
            self.shape.x - e,
            self.shape.y - e,
            self.shape.width + 2.0 * e,
            self.shape.height + 2.0 * e,
        )
    }

    /// The shadow painted into a layer covering the whole-pixel `cell` it returns. A
    /// shadow larger than [`crate::MAX_LAYER_PIXELS`] is cut to `visible` (and the blur's
    /// reach around it, so the pixels inside do not change).
    pub(crate) fn rasterize(&self, visible: Rect) -> Option<(Pixmap, Rect)> {
        let e = blur_extent(self.sigma) as f32;
        let cell = crate::cap_layer(round_out(&self.bounds()), visible, 2.0 * e + 2.0)?;
        // The inset shadow's mask reaches past the clip so the blur sees the "outside"
        // as opaque.
        let big = if self.inset {
            Rect::new(
                cell.x - e,
                cell.y - e,
                cell.width + 2.0 * e,
                cell.height + 2.0 * e,
            )
        } else {
            cell
        };
        let mut mask = Mask::new(big.width as u32, big.height as u32)?;
        let to_big = Transform::from_translate(-big.x, -big.y);
        if let Some(path) = rrect_path(self.shape, &self.shape_radii) {
            mask.fill_path(&path, FillRule::Winding, true, to_big);
        }
        if self.inset {
            for v in mask.data_mut() {
                *v = 255 - *v;
            }
        }
        blur_alpha(
            mask.data_mut(),
            big.width as usize,
            big.height as usize,
            self.sigma,
        );
        let mut cov = Mask::new(cell.width as u32, cell.height as u32)?;
        if let Some(path) = rrect_path(self.clip, &self.clip_radii) {
            cov.fill_path(
                &path,
                FillRule::Winding,
                true,
                Transform::from_translate(-cell.x, -cell.y),
            );
        }
        // Outer: the blurred shape where the box is not. Inset: where it is.
        let (bw, cw) = (big.width as usize, cell.width as usize);
        let (ox, oy) = ((cell.x - big.x) as usize, (cell.y - big.y) as usize);
        let src = mask.data();
        for (y, row) in cov.data_mut().chunks_exact_mut(cw).enumerate() {
            let from = (y + oy) * bw + ox;
            for (c, s) in row.iter_mut().zip(&src[from..from + cw]) {
                let keep = if self.inset {
                    u32::from(*c)
                } else {
                    255 - u32::from(*c)
                };
                *c = mul255(u32::from(*s), keep) as u8;
            }
        }
        let mut layer = Pixmap::new(cell.width as u32, cell.height as u32)?;
        let mut paint = Paint::default();
        let c = self.color;
        paint.set_color_rgba8(c.r, c.g, c.b, c.a);
        let full = sk_rect(Rect::new(0.0, 0.0, cell.width, cell.height))?;
        layer.fill_rect(full, &paint, Transform::identity(), Some(&cov));
        Some((layer, cell))
    }
}

/// Corner radii of a shape grown by `by` px (shrunk when negative), CSS Backgrounds 3
/// §7.1.1: a radius grows by the spread, except that a radius smaller than the spread
/// grows less (`r + s·(1 + (r/s − 1)³)`) so nearly square corners stay nearly square;
/// square corners stay square.
fn spread_radii(radii: Radii, by: f32) -> Radii {
    let one = |r: f32| {
        if r <= 0.0 {
            0.0
        } else if by <= 0.0 {
            (r + by).max(0.0)
        } else if r < by {
            r + by * (1.0 + (r / by - 1.0).powi(3))
        } else {
            r + by
        }
    };
    Radii(radii.0.map(|(x, y)| (one(x), one(y))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(inset: bool, geometry: [f32; 4]) -> ShadowItem {
        let b = Rect::new(20.0, 20.0, 40.0, 30.0);
        ShadowItem::new(
            geometry,
            Color::rgba(0, 0, 0, 255),
            inset,
            (b, Radii::ZERO),
            (b, Radii::ZERO),
        )
        .unwrap_or_else(|| panic!("a shadow"))
    }

    fn alpha(layer: &(Pixmap, Rect), x: f32, y: f32) -> u8 {
        let (p, cell) = layer;
        p.pixel((x - cell.x) as u32, (y - cell.y) as u32)
            .map_or(0, |c| c.alpha())
    }

    #[test]
    fn outer_shadow_is_cut_out_under_the_box() {
        let l = item(false, [5.0, 5.0, 0.0, 0.0])
            .rasterize(Rect::new(0.0, 0.0, 1000.0, 1000.0))
            .unwrap_or_else(|| panic!());
        assert_eq!(alpha(&l, 62.0, 52.0), 255); // offset part, outside the box
        assert_eq!(alpha(&l, 40.0, 35.0), 0); // under the box
    }

    #[test]
    fn spread_and_blur_grow_the_bounds() {
        let s = item(false, [0.0, 0.0, 10.0, 4.0]);
        assert_eq!(s.shape, Rect::new(16.0, 16.0, 48.0, 38.0));
        assert!(s.bounds().x <= 16.0 - 7.5);
        let l = s
            .rasterize(Rect::new(0.0, 0.0, 1000.0, 1000.0))
            .unwrap_or_else(|| panic!());
        // Soft: about half at the spread edge, fading out beyond.
        let edge = alpha(&l, 16.0, 35.0);
        assert!((100..=160).contains(&edge), "{edge}");
        assert!(alpha(&l, 10.0, 35.0) < edge);
    }

    #[test]
    fn inset_shadow_stays_inside_the_padding_box() {
        let s = item(true, [0.0, 0.0, 0.0, 6.0]);
        assert_eq!(s.bounds(), Rect::new(20.0, 20.0, 40.0, 30.0));
        let l = s
            .rasterize(Rect::new(0.0, 0.0, 1000.0, 1000.0))
            .unwrap_or_else(|| panic!());
        assert_eq!(alpha(&l, 22.0, 35.0), 255); // inside the 6px ring
        assert_eq!(alpha(&l, 40.0, 35.0), 0); // the middle
    }

    #[test]
    fn small_radii_grow_less_than_the_spread() {
        let r = spread_radii(
            Radii([(2.0, 2.0), (0.0, 0.0), (20.0, 20.0), (10.0, 10.0)]),
            10.0,
        );
        assert!(r.0[0].0 > 2.0 && r.0[0].0 < 12.0);
        assert_eq!(r.0[1], (0.0, 0.0));
        assert_eq!(r.0[2], (30.0, 30.0));
        assert_eq!(r.0[3], (20.0, 20.0));
    }
}
