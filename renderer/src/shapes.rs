//! Rounded-rectangle geometry: corner radii, their clamping (CSS Backgrounds 3 §5.5) and
//! insetting (§5.2), and the tiny-skia paths for them.

use mica_layout::Rect;
use tiny_skia::{Path, PathBuilder};

/// Corner radii of a rounded rectangle as (horizontal, vertical) pairs in px, in the
/// order top-left, top-right, bottom-right, bottom-left.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Radii(pub [(f32, f32); 4]);

impl Radii {
    /// Square corners.
    pub const ZERO: Radii = Radii([(0.0, 0.0); 4]);

    /// Circular radii from the cascade's `border-radius` (top-left, top-right,
    /// bottom-right, bottom-left), clamped to the box.
    pub fn from_css(radius: [f32; 4], width: f32, height: f32) -> Radii {
        let r = radius.map(|v| {
            let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
            (v, v)
        });
        Radii(r).clamped(width, height)
    }

    /// True when every corner is square.
    pub fn is_zero(&self) -> bool {
        self.0.iter().all(|(x, y)| *x <= 0.0 || *y <= 0.0)
    }

    /// Scales all radii down by one factor so that adjacent curves do not overlap
    /// (CSS Backgrounds 3 §5.5 "Overlapping Curves": `f = min(L_i / S_i)`).
    pub fn clamped(self, width: f32, height: f32) -> Radii {
        let [tl, tr, br, bl] = self.0;
        let sums = [
            (width, tl.0 + tr.0),
            (height, tr.1 + br.1),
            (width, br.0 + bl.0),
            (height, tl.1 + bl.1),
        ];
        let mut f = 1.0f32;
        for (len, sum) in sums {
            if sum > 0.0 {
                f = f.min(len.max(0.0) / sum);
            }
        }
        if f < 1.0 {
            Radii(self.0.map(|(x, y)| (x * f, y * f)))
        } else {
            self
        }
    }

    /// The radii of an edge inset by `widths` (top, right, bottom, left): each radius
    /// shrinks by the adjacent side's width, stopping at zero (CSS Backgrounds 3 §5.2).
    pub fn inset(self, widths: [f32; 4]) -> Radii {
        let [t, r, b, l] = widths;
        let [tl, tr, br, bl] = self.0;
        let s = |v: f32, w: f32| (v - w).max(0.0);
        Radii([
            (s(tl.0, l), s(tl.1, t)),
            (s(tr.0, r), s(tr.1, t)),
            (s(br.0, r), s(br.1, b)),
            (s(bl.0, l), s(bl.1, b)),
        ])
    }

    /// The largest horizontal and vertical radius.
    pub(crate) fn max_extent(&self) -> (f32, f32) {
        self.0.iter().fold((0.0f32, 0.0f32), |(mx, my), (x, y)| {
            (mx.max(*x), my.max(*y))
        })
    }
}

/// `rect` shrunk by `widths` (top, right, bottom, left); never negative in size.
pub fn inset_rect(rect: Rect, widths: [f32; 4]) -> Rect {
    let [t, r, b, l] = widths;
    Rect::new(
        rect.x + l,
        rect.y + t,
        (rect.width - l - r).max(0.0),
        (rect.height - t - b).max(0.0),
    )
}

/// True when `inner` lies inside `outer`.
pub(crate) fn contains_rect(outer: &Rect, inner: &Rect) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.x + inner.width <= outer.x + outer.width
        && inner.y + inner.height <= outer.y + outer.height
}

/// True when the rectangles overlap.
pub(crate) fn intersects(a: &Rect, b: &Rect) -> bool {
    !a.intersect(b).is_empty()
}

/// The tiny-skia rectangle, or `None` when empty or not finite.
pub(crate) fn sk_rect(r: Rect) -> Option<tiny_skia::Rect> {
    if r.is_empty() {
        return None;
    }
    tiny_skia::Rect::from_xywh(r.x, r.y, r.width, r.height)
}

/// Kappa for approximating a quarter ellipse with one cubic Bézier.
const KAPPA: f32 = 0.552_284_8;

/// Appends a rounded rectangle (clockwise) to `pb`. Radii must already be clamped.
pub fn push_rrect(pb: &mut PathBuilder, r: Rect, radii: &Radii) {
    let (x0, y0, x1, y1) = (r.x, r.y, r.x + r.width, r.y + r.height);
    let [tl, tr, br, bl] = radii.0;
    pb.move_to(x0 + tl.0, y0);
    pb.line_to(x1 - tr.0, y0);
    if tr.0 > 0.0 && tr.1 > 0.0 {
        pb.cubic_to(
            x1 - tr.0 * (1.0 - KAPPA),
            y0,
            x1,
            y0 + tr.1 * (1.0 - KAPPA),
            x1,
            y0 + tr.1,
        );
    }
    pb.line_to(x1, y1 - br.1);
    if br.0 > 0.0 && br.1 > 0.0 {
        pb.cubic_to(
            x1,
            y1 - br.1 * (1.0 - KAPPA),
            x1 - br.0 * (1.0 - KAPPA),
            y1,
            x1 - br.0,
            y1,
        );
    }
    pb.line_to(x0 + bl.0, y1);
    if bl.0 > 0.0 && bl.1 > 0.0 {
        pb.cubic_to(
            x0 + bl.0 * (1.0 - KAPPA),
            y1,
            x0,
            y1 - bl.1 * (1.0 - KAPPA),
            x0,
            y1 - bl.1,
        );
    }
    pb.line_to(x0, y0 + tl.1);
    if tl.0 > 0.0 && tl.1 > 0.0 {
        pb.cubic_to(
            x0,
            y0 + tl.1 * (1.0 - KAPPA),
            x0 + tl.0 * (1.0 - KAPPA),
            y0,
            x0 + tl.0,
            y0,
        );
    }
    pb.close();
}

/// A rounded rectangle path (a plain rectangle when the radii are zero).
pub(crate) fn rrect_path(r: Rect, radii: &Radii) -> Option<Path> {
    if r.is_empty() {
        return None;
    }
    if radii.is_zero() {
        return sk_rect(r).map(PathBuilder::from_rect);
    }
    let mut pb = PathBuilder::new();
    push_rrect(&mut pb, r, radii);
    pb.finish()
}

/// The ring between a rounded rectangle and its inset, for an even-odd fill.
pub(crate) fn ring_path(
    outer: Rect,
    outer_radii: &Radii,
    inner: Rect,
    inner_radii: &Radii,
) -> Option<Path> {
    if outer.is_empty() {
        return None;
    }
    let mut pb = PathBuilder::new();
    push_rrect(&mut pb, outer, outer_radii);
    if !inner.is_empty() {
        push_rrect(&mut pb, inner, inner_radii);
    }
    pb.finish()
}

/// A closed polygon.
pub(crate) fn polygon(points: &[(f32, f32)]) -> Option<Path> {
    let (first, rest) = points.split_first()?;
    let mut pb = PathBuilder::new();
    pb.move_to(first.0, first.1);
    for p in rest {
        pb.line_to(p.0, p.1);
    }
    pb.close();
    pb.finish()
}

/// Each border side's wedge (top, right, bottom, left): the side's outer corners, its
/// inner corners, and the middle of the inner box. Adjacent sides meet along the line
/// from an outer to the inner corner (CSS Backgrounds 3 §5.4), and the inner box is
/// shared out as four triangles so that rounded inner corners, which reach into it, are
/// covered too. The wedges tile the border box exactly; clipping a side's drawing to its
/// wedge divides the corners. Borders wider than the box (a CSS triangle) have their
/// inner corners meet where the widths divide the box, so the wedges never cross.
pub(crate) fn border_wedges(rect: Rect, widths: [f32; 4]) -> [[(f32, f32); 5]; 4] {
    let [t, r, b, l] = widths.map(|w| if w.is_finite() { w.max(0.0) } else { 0.0 });
    let (x0, y0, x1, y1) = (rect.x, rect.y, rect.x + rect.width, rect.y + rect.height);
    // The inner edges, pinched to one line where the widths overlap.
    let split = |lo: f32, hi: f32, a: f32, z: f32| {
        if a + z > hi - lo && a + z > 0.0 {
            let m = lo + (hi - lo) * a / (a + z);
            (m, m)
        } else {
            (lo + a, hi - z)
        }
    };
    let (il, ir) = split(x0, x1, l, r);
    let (it, ib) = split(y0, y1, t, b);
    let c = ((il + ir) / 2.0, (it + ib) / 2.0);
    [
        [(x0, y0), (x1, y0), (ir, it), c, (il, it)],
        [(x1, y0), (x1, y1), (ir, ib), c, (ir, it)],
        [(x1, y1), (x0, y1), (il, ib), c, (ir, ib)],
        [(x0, y1), (x0, y0), (il, it), c, (il, ib)],
    ]
}

/// A shape's box cut into a 3x3 grid on whole pixels: the four corner cells hold every
/// curve (and every place two border sides meet), the other five cells are straight.
///
/// Painting corner cells in their own small layers, rasterised from the cell alone, and
/// the straight cells as plain rectangles makes the pixels of a shape independent of
/// the damage region they are painted through: a damage repaint equals a full one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct NinePatch {
    /// Column edges: floor(left), end of the left corners, start of the right corners,
    /// ceil(right).
    pub cols: [f32; 4],
    /// Row edges, likewise.
    pub rows: [f32; 4],
}

impl NinePatch {
    /// The grid for `r` with (clamped) `radii` and, for a ring, border `widths` (top,
    /// right, bottom, left; zeros for a fill).
    pub fn new(r: Rect, radii: &Radii, widths: [f32; 4]) -> NinePatch {
        let [tl, tr, br, bl] = radii.0;
        let [t, rw, b, l] = widths;
        let (x0, y0, x1, y1) = (r.x, r.y, r.x + r.width, r.y + r.height);
        let split = |lo: f32, hi: f32, a: f32, z: f32| {
            let (lo_i, hi_i) = (lo.floor(), hi.ceil());
            let mut a = (lo + a).ceil().clamp(lo_i, hi_i);
            let mut z = (hi - z).floor().clamp(lo_i, hi_i);
            if a > z {
                let m = ((lo + hi) / 2.0).round().clamp(lo_i, hi_i);
                a = m;
                z = m;
            }
            [lo_i, a, z, hi_i]
        };
        NinePatch {
            cols: split(x0, x1, tl.0.max(bl.0).max(l), tr.0.max(br.0).max(rw)),
            rows: split(y0, y1, tl.1.max(tr.1).max(t), bl.1.max(br.1).max(b)),
        }
    }

    /// Cell at column `i`, row `j` (0..3).
    pub fn cell(&self, i: usize, j: usize) -> Rect {
        Rect::new(
            self.cols[i],
            self.rows[j],
            self.cols[i + 1] - self.cols[i],
            self.rows[j + 1] - self.rows[j],
        )
    }

    /// The corner cells: top-left, top-right, bottom-right, bottom-left.
    pub fn corners(&self) -> [Rect; 4] {
        [
            self.cell(0, 0),
            self.cell(2, 0),
            self.cell(2, 2),
            self.cell(0, 2),
        ]
    }

    /// The straight cells: top, right, bottom, left edges and the centre.
    pub fn straights(&self) -> [Rect; 5] {
        [
            self.cell(1, 0),
            self.cell(2, 1),
            self.cell(1, 2),
            self.cell(0, 1),
            self.cell(1, 1),
        ]
    }
}

/// The smallest whole-pixel rectangle holding `r`.
pub(crate) fn round_out(r: &Rect) -> Rect {
    let (x0, y0) = (r.x.floor(), r.y.floor());
    Rect::new(
        x0,
        y0,
        (r.x + r.width).ceil() - x0,
        (r.y + r.height).ceil() - y0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_radii_scale_down_together() {
        // 100 wide, radii 80 + 80 on top: f = 100 / 160.
        let r = Radii::from_css([80.0, 80.0, 0.0, 0.0], 100.0, 200.0);
        assert!((r.0[0].0 - 50.0).abs() < 1e-4);
        assert!((r.0[1].1 - 50.0).abs() < 1e-4);
    }

    #[test]
    fn nine_patch_corners_hold_the_curves() {
        let r = Rect::new(0.5, 0.0, 100.0, 50.0);
        let g = NinePatch::new(r, &Radii([(10.0, 10.0); 4]), [0.0; 4]);
        assert_eq!(g.cols, [0.0, 11.0, 90.0, 101.0]);
        assert_eq!(g.rows, [0.0, 10.0, 40.0, 50.0]);
        let tiny = NinePatch::new(
            Rect::new(0.0, 0.0, 10.0, 10.0),
            &Radii([(8.0, 8.0); 4]),
            [0.0; 4],
        );
        assert_eq!(tiny.cols, [0.0, 5.0, 5.0, 10.0]);
    }

    #[test]
    fn inset_stops_at_zero() {
        let r = Radii([(10.0, 10.0); 4]).inset([4.0, 12.0, 4.0, 2.0]);
        assert_eq!(r.0[0], (8.0, 6.0));
        assert_eq!(r.0[1], (0.0, 6.0));
    }
}
