//! Dashed and dotted borders (CSS Backgrounds 3 §4.2), drawn the way Chromium draws them
//! so pages match: dashes twice the border width long (three times below 3 px) with gaps
//! of about one width (two below 3 px), dots as round as the border is wide and a width
//! apart; the gap is then stretched or shrunk so that a whole number of dashes fits,
//! starting and ending with a dash at the corners. A square-cornered side is dashed on
//! its own; a rounded border is dashed along its whole centre line as one closed path.
//! Each side is finally cut to its wedge, so corners divide as for solid borders.
//!
//! The border is rasterised into one layer the size of its box, from the item alone, so
//! a damage repaint matches a full one.

use mica_layout::style::border_style::LineStyle;
use mica_layout::{Color, Rect};
use tiny_skia::{
    FillRule, LineCap, Mask, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform,
};

use crate::glyphs::mul255;
use crate::shapes::{border_wedges, inset_rect, polygon, push_rrect, ring_path, sk_rect, Radii};

/// A border with at least one dashed or dotted side.
#[derive(Clone, Debug, PartialEq)]
pub struct StyledBorderItem {
    /// The border box.
    pub rect: Rect,
    /// Widths in px: top, right, bottom, left.
    pub widths: [f32; 4],
    /// Colours, opacity applied.
    pub colors: [Color; 4],
    /// Clamped outer radii.
    pub radii: Radii,
    /// Line styles.
    pub styles: [LineStyle; 4],
}

impl StyledBorderItem {
    /// Moves the border by `(dx, dy)`.
    pub(crate) fn translate(&mut self, dx: f32, dy: f32) {
        self.rect.x += dx;
        self.rect.y += dy;
    }

    /// The border painted into a layer covering the whole-pixel cell it returns (cut to
    /// `visible` when larger than [`crate::MAX_LAYER_PIXELS`]).
    pub(crate) fn rasterize(&self, visible: Rect) -> Option<(Pixmap, Rect)> {
        let r = self.rect;
        let (x0, y0) = (r.x.floor(), r.y.floor());
        let whole = Rect::new(
            x0,
            y0,
            (r.x + r.width).ceil() - x0,
            (r.y + r.height).ceil() - y0,
        );
        let cell = crate::cap_layer(whole, visible, 2.0)?;
        let (w, h) = (cell.width as u32, cell.height as u32);
        let to_cell = Transform::from_translate(-cell.x, -cell.y);
        let inner = inset_rect(r, self.widths);
        let ring = ring_path(r, &self.radii, inner, &self.radii.inset(self.widths))?;
        let mut ring_mask = Mask::new(w, h)?;
        ring_mask.fill_path(&ring, FillRule::EvenOdd, true, to_cell);
        let wedges = border_wedges(r, self.widths);
        let mut layer = Pixmap::new(w, h)?;
        let full = sk_rect(Rect::new(0.0, 0.0, cell.width, cell.height))?;
        for (side, wedge_points) in wedges.iter().enumerate() {
            let (width, color) = (self.widths[side], self.colors[side]);
            if width <= 0.0 || color.is_transparent() || !self.styles[side].visible() {
                continue;
            }
            let mut mask = match self.styles[side] {
                LineStyle::Dashed | LineStyle::Dotted => {
                    let pattern = if self.radii.is_zero() {
                        self.straight_pattern(side, to_cell, (w, h))
                    } else {
                        self.rounded_pattern(side, to_cell, (w, h))
                    };
                    match pattern {
                        Some(mut p) => {
                            multiply(&mut p, &ring_mask);
                            p
                        }
                        None => ring_mask.clone(),
                    }
                }
                LineStyle::Solid | LineStyle::None => ring_mask.clone(),
            };
            let mut wedge = Mask::new(w, h)?;
            if let Some(path) = polygon(wedge_points) {
                wedge.fill_path(&path, FillRule::Winding, false, to_cell);
            }
            multiply(&mut mask, &wedge);
            let mut paint = Paint::default();
            paint.set_color_rgba8(color.r, color.g, color.b, color.a);
            layer.fill_rect(full, &paint, Transform::identity(), Some(&mask));
        }
        Some((layer, cell))
    }

    /// Dashes or dots of one square-cornered side, over the side's whole length.
    fn straight_pattern(&self, side: usize, to_cell: Transform, size: (u32, u32)) -> Option<Mask> {
        let r = self.rect;
        let width = self.widths[side];
        let horizontal = side % 2 == 0;
        let length = if horizontal { r.width } else { r.height };
        let (dash, gap) = dash_and_gap(self.styles[side], width);
        let (count, gap) = fit(length, dash, gap, false)?;
        let mut pb = PathBuilder::new();
        for i in 0..count {
            let along = i as f32 * (dash + gap);
            // The band across the side: its outer edge inwards.
            let across = match side {
                0 => r.y,
                1 => r.x + r.width - width,
                2 => r.y + r.height - width,
                _ => r.x,
            };
            let start = if horizontal { r.x + along } else { r.y + along };
            if self.styles[side] == LineStyle::Dotted {
                let c = start + dash / 2.0;
                let m = across + width / 2.0;
                let (cx, cy) = if horizontal { (c, m) } else { (m, c) };
                pb.push_circle(cx, cy, width / 2.0);
            } else {
                let rect = if horizontal {
                    Rect::new(start, across, dash, width)
                } else {
                    Rect::new(across, start, width, dash)
                };
                if let Some(sr) = sk_rect(rect) {
                    pb.push_rect(sr);
                }
            }
        }
        let path = pb.finish()?;
        let mut mask = Mask::new(size.0, size.1)?;
        mask.fill_path(&path, FillRule::Winding, true, to_cell);
        Some(mask)
    }

    /// Dashes or dots along a rounded border's whole centre line, with `side`'s width.
    fn rounded_pattern(&self, side: usize, to_cell: Transform, size: (u32, u32)) -> Option<Mask> {
        let width = self.widths[side];
        let half = [width / 2.0; 4];
        let centre = inset_rect(self.rect, half);
        let radii = self.radii.inset(half);
        let mut pb = PathBuilder::new();
        push_rrect(&mut pb, centre, &radii);
        let path = pb.finish()?;
        let (dash, gap) = dash_and_gap(self.styles[side], width);
        let (_, gap) = fit(perimeter(centre, &radii), dash, gap, true)?;
        let dotted = self.styles[side] == LineStyle::Dotted;
        // A dot is a round-capped dash of (nearly) no length.
        let pattern = if dotted {
            vec![0.01, dash + gap - 0.01]
        } else {
            vec![dash, gap]
        };
        let dashed = path.dash(&StrokeDash::new(pattern, 0.0)?, 1.0)?;
        let stroke = Stroke {
            width,
            line_cap: if dotted {
                LineCap::Round
            } else {
                LineCap::Butt
            },
            ..Stroke::default()
        };
        let outline = dashed.stroke(&stroke, 1.0)?;
        let mut mask = Mask::new(size.0, size.1)?;
        mask.fill_path(&outline, FillRule::Winding, true, to_cell);
        Some(mask)
    }
}

/// Chromium's dash and gap lengths for a border `width` wide.
fn dash_and_gap(style: LineStyle, width: f32) -> (f32, f32) {
    if style == LineStyle::Dotted {
        return (width, width);
    }
    if width >= 3.0 {
        (2.0 * width, width)
    } else {
        (3.0 * width, 2.0 * width)
    }
}

/// How many dashes of `dash` fit along `length` and the gap between them that is
/// closest to `gap` (an open line starts and ends with a dash; a closed one has as many
/// gaps as dashes). `None` when fewer than two fit: the side is drawn solid.
fn fit(length: f32, dash: f32, gap: f32, closed: bool) -> Option<(u32, f32)> {
    if !(length.is_finite() && dash > 0.0 && gap > 0.0) {
        return None;
    }
    let available = if closed { length } else { length + gap };
    let fewer = (available / (dash + gap)).floor();
    if !(2.0..=100_000.0).contains(&fewer) {
        return None;
    }
    let more = fewer + 1.0;
    let gaps = |n: f32| if closed { n } else { n - 1.0 };
    let gap_fewer = (length - fewer * dash) / gaps(fewer);
    let gap_more = (length - more * dash) / gaps(more);
    if gap_more <= 0.0 || (gap_fewer - gap).abs() < (gap_more - gap).abs() {
        Some((fewer as u32, gap_fewer))
    } else {
        Some((more as u32, gap_more))
    }
}

/// The length of a rounded rectangle's outline: straight runs plus quarter ellipses
/// (Ramanujan's approximation).
fn perimeter(r: Rect, radii: &Radii) -> f32 {
    let [tl, tr, br, bl] = radii.0;
    let straight = (r.width - tl.0 - tr.0)
        + (r.width - bl.0 - br.0)
        + (r.height - tl.1 - bl.1)
        + (r.height - tr.1 - br.1);
    let quarter = |(a, b): (f32, f32)| {
        let (a, b) = (a.max(0.0), b.max(0.0));
        std::f32::consts::PI / 4.0 * (3.0 * (a + b) - ((3.0 * a + b) * (a + 3.0 * b)).sqrt())
    };
    straight.max(0.0) + quarter(tl) + quarter(tr) + quarter(br) + quarter(bl)
}

/// `a *= b` per pixel.
fn multiply(a: &mut Mask, b: &Mask) {
    for (x, y) in a.data_mut().iter_mut().zip(b.data()) {
        *x = mul255(u32::from(*x), u32::from(*y)) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_stretch_so_dashes_fit() {
        // Chromium's 8 px dashed border on a 352 px side: 15 dashes, gaps of exactly 8.
        assert_eq!(fit(352.0, 16.0, 8.0, false), Some((15, 8.0)));
        // A 116 px side: 5 dashes with gaps of 9.
        assert_eq!(fit(116.0, 16.0, 8.0, false), Some((5, 9.0)));
        // 10 px dots on a 120 px side: 7 dots, gaps of 50 / 6.
        let (n, g) = fit(120.0, 10.0, 10.0, false).unwrap_or((0, 0.0));
        assert_eq!(n, 7);
        assert!((g - 50.0 / 6.0).abs() < 1e-4);
        assert_eq!(fit(20.0, 16.0, 8.0, false), None);
    }

    #[test]
    fn square_dashed_border_has_gaps() {
        let item = StyledBorderItem {
            rect: Rect::new(0.0, 0.0, 100.0, 40.0),
            widths: [4.0; 4],
            colors: [Color::rgba(255, 0, 0, 255); 4],
            radii: Radii::ZERO,
            styles: [LineStyle::Dashed; 4],
        };
        let (layer, _) = item
            .rasterize(Rect::new(0.0, 0.0, 1000.0, 1000.0))
            .unwrap_or_else(|| panic!("a layer"));
        let alpha = |x, y| layer.pixel(x, y).map_or(0, |p| p.alpha());
        // Top: dash 0..8, gap 8..12 or so, the corner filled, the inside empty.
        assert_eq!(alpha(0, 0), 255);
        assert_eq!(alpha(4, 1), 255);
        assert_eq!(alpha(9, 1), 0);
        assert_eq!(alpha(50, 20), 0);
        assert_eq!(alpha(0, 3), 255); // the left side's first dash
    }
}
