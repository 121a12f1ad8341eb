//! Gradient backgrounds (CSS Images 3 §3): a computed [`Gradient`] resolved against its
//! box into a gradient line or ending shape with fixed-up colour stops, and the
//! tiny-skia shader that paints it.
//!
//! The image is sized to the background positioning area (the padding box, CSS
//! Backgrounds 3 §3.7) and painted over the border box (`background-clip: border-box`);
//! beyond the padding box the edge colours continue rather than the image repeating.

use mica_layout::style::background::{ColorStop, Gradient, LinearDirection, RadialSize};
use mica_layout::style::values::Len;
use mica_layout::{Color, Rect};
use tiny_skia::{
    GradientStop, LinearGradient, Point, RadialGradient, Shader, SpreadMode, Transform,
};

use crate::shapes::Radii;

/// Most stops a repeating gradient is unrolled into; beyond it the pattern is too fine
/// to see anyway and the last colours continue.
const MAX_STOPS: usize = 1024;

/// Intermediate stops inserted between two stops of different alpha so that tiny-skia,
/// which interpolates unpremultiplied colours, follows the premultiplied interpolation
/// CSS Images 3 §3.5.2 asks for (no dark fringe towards `transparent`).
const PREMUL_STEPS: usize = 8;

/// Where the colours run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GradientShape {
    /// Along the line from `start` (offset 0) to `end` (offset 1).
    Linear {
        /// Absolute px.
        start: (f32, f32),
        /// Absolute px.
        end: (f32, f32),
    },
    /// Outwards from `center` to the ellipse of radii `radii` (offset 1).
    Radial {
        /// Absolute px.
        center: (f32, f32),
        /// Horizontal and vertical radius in px, both positive.
        radii: (f32, f32),
    },
}

/// A gradient background, resolved: paint `rect` (with `radii`) with it.
#[derive(Clone, Debug, PartialEq)]
pub struct GradientItem {
    /// The painting area (the border box).
    pub rect: Rect,
    /// Its corner radii.
    pub radii: Radii,
    /// The geometry.
    pub shape: GradientShape,
    /// Offsets in 0..=1, ascending, with straight-alpha colours (opacity applied); at
    /// least two.
    pub stops: Vec<(f32, Color)>,
}

impl GradientItem {
    /// Resolves `g` for a box whose image area is `area`, painted over `rect`; colours
    /// faded by `opacity`. `None` when nothing would show.
    pub fn new(g: &Gradient, area: Rect, rect: Rect, radii: Radii, opacity: f32) -> Option<Self> {
        if area.is_empty() || rect.is_empty() {
            return None;
        }
        let (shape, length, repeating) = geometry(g, area)?;
        let mut stops = fix_up(g.stops(), length)?;
        if stops
            .iter()
            .all(|(_, c)| fade(*c, opacity).is_transparent())
        {
            return None;
        }
        let shape = if repeating {
            let span = shape_span(&shape, area);
            stops = unroll(&stops, span)?;
            stretch(shape, span)
        } else {
            fit(shape, &mut stops)
        };
        let stops = premultiplied(&stops)
            .into_iter()
            .map(|(t, c)| (t, fade(c, opacity)))
            .collect();
        Some(GradientItem {
            rect,
            radii,
            shape,
            stops,
        })
    }

    /// Moves the gradient by `(dx, dy)`.
    pub(crate) fn translate(&mut self, dx: f32, dy: f32) {
        self.rect.x += dx;
        self.rect.y += dy;
        let mv = |p: &mut (f32, f32)| {
            p.0 += dx;
            p.1 += dy;
        };
        match &mut self.shape {
            GradientShape::Linear { start, end } => {
                mv(start);
                mv(end);
            }
            GradientShape::Radial { center, .. } => mv(center),
        }
    }

    /// The shader, with every colour's alpha scaled by `coverage` (the painter's
    /// partial-pixel coverage).
    pub(crate) fn shader(&self, coverage: f32) -> Option<Shader<'static>> {
        let stops: Vec<GradientStop> = self
            .stops
            .iter()
            .map(|(t, c)| {
                let c = fade(*c, coverage);
                GradientStop::new(*t, tiny_skia::Color::from_rgba8(c.r, c.g, c.b, c.a))
            })
            .collect();
        let last = *stops.last()?;
        let shader = match self.shape {
            GradientShape::Linear { start, end } => LinearGradient::new(
                Point::from_xy(start.0, start.1),
                Point::from_xy(end.0, end.1),
                stops,
                SpreadMode::Pad,
                Transform::identity(),
            ),
            GradientShape::Radial { center, radii } => {
                let c = Point::from_xy(center.0, center.1);
                // A circle of the horizontal radius, squashed vertically about the centre.
                let ts = Transform::from_translate(center.0, center.1)
                    .pre_scale(1.0, radii.1 / radii.0)
                    .pre_translate(-center.0, -center.1);
                RadialGradient::new(c, c, radii.0, stops, SpreadMode::Pad, ts)
            }
        };
        // Degenerate geometry paints the last colour (CSS Images 3 §3.1.2, §3.2.3).
        shader.or_else(|| {
            let c = last_color(&last);
            (c.alpha() > 0.0).then_some(Shader::SolidColor(c))
        })
    }
}

fn last_color(s: &GradientStop) -> tiny_skia::Color {
    // GradientStop keeps its colour private; rebuild through a one-stop gradient.
    match LinearGradient::new(
        Point::zero(),
        Point::from_xy(1.0, 0.0),
        vec![*s],
        SpreadMode::Pad,
        Transform::identity(),
    ) {
        Some(Shader::SolidColor(c)) => c,
        _ => tiny_skia::Color::TRANSPARENT,
    }
}

fn fade(c: Color, f: f32) -> Color {
    if f >= 1.0 {
        return c;
    }
    Color {
        a: (f32::from(c.a) * f.max(0.0)).round().clamp(0.0, 255.0) as u8,
        ..c
    }
}

/// The shape, the length of its gradient ray (what percentages of stop positions
/// refer to) and whether it repeats.
fn geometry(g: &Gradient, area: Rect) -> Option<(GradientShape, f32, bool)> {
    let (w, h) = (area.width, area.height);
    let (cx, cy) = (area.x + w / 2.0, area.y + h / 2.0);
    match g {
        Gradient::Linear {
            direction,
            repeating,
            ..
        } => {
            // CSS Images 3 §3.1.1: the line passes through the centre; its length makes
            // the corners in its direction fall on 0% and 100%.
            let (dx, dy) = match *direction {
                LinearDirection::Angle(deg) => {
                    let (s, c) = deg.to_radians().sin_cos();
                    (s, -c)
                }
                // A corner: perpendicular to the diagonal between the two other corners.
                LinearDirection::To(x, y) => {
                    let (vx, vy) = (f32::from(x) * h, f32::from(y) * w);
                    let n = (vx * vx + vy * vy).sqrt();
                    if x != 0 && y != 0 && n > 0.0 {
                        (vx / n, vy / n)
                    } else {
                        (f32::from(x), f32::from(y))
                    }
                }
            };
            let len = (w * dx).abs() + (h * dy).abs();
            if !(len.is_finite() && len > 0.0) {
                return None;
            }
            let half = (dx * len / 2.0, dy * len / 2.0);
            Some((
                GradientShape::Linear {
                    start: (cx - half.0, cy - half.1),
                    end: (cx + half.0, cy + half.1),
                },
                len,
                *repeating,
            ))
        }
        Gradient::Radial {
            circle,
            size,
            center,
            repeating,
            ..
        } => {
            let px = |l: Len, full: f32| match l {
                Len::Percent(p) => p * full,
                Len::Px(v) => v,
                _ => 0.0,
            };
            let c = (area.x + px(center[0], w), area.y + px(center[1], h));
            // Distances to the sides (left/right, top/bottom).
            let sx = ((c.0 - area.x).abs(), (area.x + w - c.0).abs());
            let sy = ((c.1 - area.y).abs(), (area.y + h - c.1).abs());
            let (near, far) = (
                (sx.0.min(sx.1), sy.0.min(sy.1)),
                (sx.0.max(sx.1), sy.0.max(sy.1)),
            );
            // CSS Images 3 §3.2.1 size keywords.
            let radii = match *size {
                RadialSize::Explicit(a, b) => {
                    if *circle {
                        let r = px(a, w);
                        (r, r)
                    } else {
                        (px(a, w), px(b, h))
                    }
                }
                RadialSize::ClosestSide | RadialSize::FarthestSide => {
                    let (x, y) = if *size == RadialSize::ClosestSide {
                        near
                    } else {
                        far
                    };
                    if *circle {
                        let r = if *size == RadialSize::ClosestSide {
                            x.min(y)
                        } else {
                            x.max(y)
                        };
                        (r, r)
                    } else {
                        (x, y)
                    }
                }
                RadialSize::ClosestCorner | RadialSize::FarthestCorner => {
                    // The nearest (farthest) corner lies on the nearest (farthest) sides.
                    let (x, y) = if *size == RadialSize::ClosestCorner {
                        near
                    } else {
                        far
                    };
                    if *circle {
                        let r = (x * x + y * y).sqrt();
                        (r, r)
                    } else {
                        // Same aspect ratio as for the sides, through the corner: √2 each.
                        (x * std::f32::consts::SQRT_2, y * std::f32::consts::SQRT_2)
                    }
                }
            };
            if !(radii.0 > 0.0 && radii.1 > 0.0 && radii.0.is_finite() && radii.1.is_finite()) {
                return None;
            }
            Some((
                GradientShape::Radial { center: c, radii },
                radii.0,
                *repeating,
            ))
        }
    }
}

/// Colour stop fix-up (CSS Images 3 §3.5.3) into offsets relative to `length`: a
/// missing first/last position is 0%/100%; a position before an earlier one moves up
/// to it; runs without a position are spaced evenly between their neighbours.
fn fix_up(stops: &[ColorStop], length: f32) -> Option<Vec<(f32, Color)>> {
    if stops.len() < 2 || length.is_nan() || length <= 0.0 {
        return None;
    }
    let n = stops.len();
    let mut pos: Vec<Option<f32>> = stops
        .iter()
        .map(|s| {
            s.position.and_then(|p| match p {
                Len::Percent(v) => Some(v),
                Len::Px(v) => Some(v / length),
                _ => None,
            })
        })
        .map(|p| p.filter(|v| v.is_finite()))
        .collect();
    pos[0] = pos[0].or(Some(0.0));
    pos[n - 1] = pos[n - 1].or(Some(1.0));
    let mut max = f32::MIN;
    for p in pos.iter_mut().flatten() {
        max = max.max(*p);
        *p = max;
    }
    let mut i = 0;
    while i < n {
        if pos[i].is_some() {
            i += 1;
            continue;
        }
        let start = i - 1;
        let mut end = i;
        while pos[end].is_none() {
            end += 1;
        }
        let (a, b) = (pos[start].unwrap_or(0.0), pos[end].unwrap_or(1.0));
        let steps = (end - start) as f32;
        for (k, slot) in pos.iter_mut().enumerate().take(end).skip(i) {
            *slot = Some(a + (b - a) * (k - start) as f32 / steps);
        }
        i = end;
    }
    Some(
        stops
            .iter()
            .zip(pos)
            .map(|(s, p)| (p.unwrap_or(0.0), s.color.unwrap_or(Color::BLACK)))
            .collect(),
    )
}

/// Moves a non-repeating gradient's ends so that every stop offset lies in 0..=1 (CSS
/// allows stops before the start and past the end of the line). A radial gradient
/// cannot start before its centre: stops there are cut at offset 0.
fn fit(shape: GradientShape, stops: &mut Vec<(f32, Color)>) -> GradientShape {
    let lo = stops.first().map_or(0.0, |s| s.0).min(0.0);
    let hi = stops.last().map_or(1.0, |s| s.0).max(1.0);
    match shape {
        GradientShape::Linear { start, end } => {
            if lo == 0.0 && hi == 1.0 {
                return shape;
            }
            let at = |t: f32| {
                (
                    start.0 + (end.0 - start.0) * t,
                    start.1 + (end.1 - start.1) * t,
                )
            };
            for s in stops.iter_mut() {
                s.0 = (s.0 - lo) / (hi - lo);
            }
            GradientShape::Linear {
                start: at(lo),
                end: at(hi),
            }
        }
        GradientShape::Radial { center, radii } => {
            if lo < 0.0 {
                let c0 = color_at(stops, 0.0);
                stops.retain(|s| s.0 > 0.0);
                stops.insert(0, (0.0, c0));
            }
            if hi > 1.0 {
                for s in stops.iter_mut() {
                    s.0 /= hi;
                }
            }
            GradientShape::Radial {
                center,
                radii: (radii.0 * hi, radii.1 * hi),
            }
        }
    }
}

/// How far, in gradient-ray offsets, the area reaches: the range a repeating gradient
/// must cover.
fn shape_span(shape: &GradientShape, area: Rect) -> (f32, f32) {
    match *shape {
        GradientShape::Linear { .. } => (0.0, 1.0),
        GradientShape::Radial { center, radii } => {
            let corners = [
                (area.x, area.y),
                (area.x + area.width, area.y),
                (area.x, area.y + area.height),
                (area.x + area.width, area.y + area.height),
            ];
            let far = corners
                .iter()
                .map(|(x, y)| {
                    (((x - center.0) / radii.0).powi(2) + ((y - center.1) / radii.1).powi(2)).sqrt()
                })
                .fold(1.0f32, f32::max);
            (0.0, far)
        }
    }
}

/// A repeating gradient's stops repeated over `span` (CSS Images 3 §3.4), renormalised
/// to 0..=1 over it. The caller's shape must then be stretched to `span.1`; for the
/// line gradient the span is the line itself.
fn unroll(stops: &[(f32, Color)], span: (f32, f32)) -> Option<Vec<(f32, Color)>> {
    let first = stops.first()?.0;
    let period = stops.last()?.0 - first;
    if period.is_nan() || period <= 1e-4 {
        // A zero-length repeat paints the average colour; the last one is close enough.
        let c = stops.last()?.1;
        return Some(vec![(0.0, c), (1.0, c)]);
    }
    let (lo, hi) = span;
    let mut k = ((lo - first) / period).floor();
    let mut out = Vec::new();
    'outer: while first + k * period <= hi {
        for s in stops {
            if out.len() >= MAX_STOPS {
                break 'outer;
            }
            out.push((s.0 + k * period, s.1));
        }
        k += 1.0;
    }
    // Renormalise to the span, clipping with interpolated end colours.
    let c_lo = color_at(&out, lo);
    let c_hi = color_at(&out, hi);
    let mut v: Vec<(f32, Color)> = vec![(0.0, c_lo)];
    v.extend(
        out.iter()
            .filter(|s| s.0 > lo && s.0 < hi)
            .map(|s| ((s.0 - lo) / (hi - lo), s.1)),
    );
    v.push((1.0, c_hi));
    Some(v)
}

/// A radial shape stretched to the end of `span`, which [`unroll`] renormalised to 1.
fn stretch(shape: GradientShape, span: (f32, f32)) -> GradientShape {
    match shape {
        GradientShape::Radial { center, radii } if span.1 > 1.0 => GradientShape::Radial {
            center,
            radii: (radii.0 * span.1, radii.1 * span.1),
        },
        s => s,
    }
}

/// The colour at offset `t`, interpolated in premultiplied space.
fn color_at(stops: &[(f32, Color)], t: f32) -> Color {
    let Some(first) = stops.first() else {
        return Color::TRANSPARENT;
    };
    if t <= first.0 {
        return first.1;
    }
    for w in stops.windows(2) {
        let (a, b) = (w[0], w[1]);
        if t <= b.0 {
            let f = if b.0 > a.0 {
                (t - a.0) / (b.0 - a.0)
            } else {
                1.0
            };
            return mix(a.1, b.1, f);
        }
    }
    stops.last().map_or(Color::TRANSPARENT, |s| s.1)
}

/// `a` to `b` at `f`, interpolated premultiplied (CSS Images 3 §3.5.2).
fn mix(a: Color, b: Color, f: f32) -> Color {
    let (aa, ba) = (f32::from(a.a) / 255.0, f32::from(b.a) / 255.0);
    let alpha = aa + (ba - aa) * f;
    if alpha <= 0.0 {
        return Color::TRANSPARENT;
    }
    let ch = |x: u8, y: u8| {
        let v = (f32::from(x) * aa + (f32::from(y) * ba - f32::from(x) * aa) * f) / alpha;
        v.round().clamp(0.0, 255.0) as u8
    };
    Color::rgba(
        ch(a.r, b.r),
        ch(a.g, b.g),
        ch(a.b, b.b),
        (alpha * 255.0).round().clamp(0.0, 255.0) as u8,
    )
}

/// Stops with intermediates between neighbours of different alpha, see
/// [`PREMUL_STEPS`].
fn premultiplied(stops: &[(f32, Color)]) -> Vec<(f32, Color)> {
    let mut out = Vec::with_capacity(stops.len());
    for (i, s) in stops.iter().enumerate() {
        if let Some(prev) = i.checked_sub(1).map(|p| stops[p]) {
            let differs = prev.1.a != s.1.a
                && (prev.1.r, prev.1.g, prev.1.b) != (s.1.r, s.1.g, s.1.b)
                && s.0 > prev.0;
            if differs && out.len() < MAX_STOPS {
                for k in 1..PREMUL_STEPS {
                    let f = k as f32 / PREMUL_STEPS as f32;
                    out.push((prev.0 + (s.0 - prev.0) * f, mix(prev.1, s.1, f)));
                }
            }
        }
        out.push(*s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop(c: Color, p: Option<Len>) -> ColorStop {
        ColorStop {
            color: Some(c),
            position: p,
        }
    }

    const RED: Color = Color::rgba(255, 0, 0, 255);
    const BLUE: Color = Color::rgba(0, 0, 255, 255);

    #[test]
    fn stop_fix_up() {
        let s = [
            stop(RED, Some(Len::Percent(0.2))),
            stop(BLUE, None),
            stop(RED, Some(Len::Px(10.0))), // before 20%: moves up to it
            stop(BLUE, None),
            stop(RED, None),
        ];
        let f = fix_up(&s, 100.0).unwrap_or_default();
        let pos: Vec<f32> = f.iter().map(|s| s.0).collect();
        assert_eq!(pos, [0.2, 0.2, 0.2, 0.6, 1.0]);
    }

    #[test]
    fn corner_direction_depends_on_aspect_ratio() {
        let g = Gradient::Linear {
            direction: LinearDirection::To(1, 1),
            stops: vec![stop(RED, None), stop(BLUE, None)],
            repeating: false,
        };
        let area = Rect::new(0.0, 0.0, 200.0, 100.0);
        let Some((GradientShape::Linear { start, end }, len, _)) = geometry(&g, area) else {
            panic!()
        };
        // Perpendicular to the other diagonal: direction (h, w) normalised.
        let (dx, dy) = (end.0 - start.0, end.1 - start.1);
        assert!((dx / dy - 0.5).abs() < 1e-4, "{dx} {dy}");
        // The top-left corner is at offset 0: its projection equals the start.
        let t = (-start.0 * dx + -start.1 * dy) / (len * len);
        assert!(t.abs() < 1e-4, "{t}");
    }

    #[test]
    fn transparent_interpolates_premultiplied() {
        let mid = mix(Color::rgba(255, 0, 0, 255), Color::TRANSPARENT, 0.5);
        assert_eq!(mid, Color::rgba(255, 0, 0, 128));
        let p = premultiplied(&[
            (0.0, Color::rgba(255, 0, 0, 255)),
            (1.0, Color::TRANSPARENT),
        ]);
        assert_eq!(p.len(), PREMUL_STEPS + 1);
        assert!(p.iter().all(|(_, c)| c.r == 255 || c.a == 0));
    }

    #[test]
    fn repeating_unrolls_over_the_span() {
        let s = [(0.0, RED), (0.25, BLUE)];
        let u = unroll(&s, (0.0, 1.0)).unwrap_or_default();
        // Four periods: red, blue ... back at red at each quarter.
        assert_eq!(u.first().map(|s| s.1), Some(RED));
        assert!(u.iter().filter(|s| s.1 == BLUE).count() >= 3);
        assert!(u.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn radial_extent_keywords() {
        let g = |circle, size| Gradient::Radial {
            circle,
            size,
            center: [Len::Percent(0.25), Len::Percent(0.5)],
            stops: vec![stop(RED, None), stop(BLUE, None)],
            repeating: false,
        };
        let area = Rect::new(0.0, 0.0, 100.0, 40.0);
        let r = |circle, size| match geometry(&g(circle, size), area) {
            Some((GradientShape::Radial { radii, .. }, _, _)) => radii,
            _ => (0.0, 0.0),
        };
        assert_eq!(r(true, RadialSize::ClosestSide), (20.0, 20.0));
        assert_eq!(r(false, RadialSize::FarthestSide), (75.0, 20.0));
        let (fx, fy) = r(false, RadialSize::FarthestCorner);
        assert!((fx - 75.0 * 2f32.sqrt()).abs() < 1e-3 && (fy - 20.0 * 2f32.sqrt()).abs() < 1e-3);
        let (cx, _) = r(true, RadialSize::FarthestCorner);
        assert!((cx - (75.0f32 * 75.0 + 400.0).sqrt()).abs() < 1e-3);
    }
}
