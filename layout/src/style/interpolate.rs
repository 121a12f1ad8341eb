//! Interpolating the values of the animated properties (see [`super::animate`])
//! (CSS Values 4 §3, CSS Color 4 §12.3, CSS Transforms 1 §9): numbers
//! linearly; colours in premultiplied sRGB; transform lists function by function when
//! both lists have the same kinds of function (the shorter one padded with identity
//! functions, `none` being the empty list), otherwise — or when a translation mixes px
//! and percentages — by decomposing both matrices into translation, rotation, scale
//! and shear and interpolating those (`Decomposed`; a list with a percentage there
//! has no matrix without the box and flips halfway instead).

use std::sync::Arc;

use super::computed::Color;
use super::transform::TransformFn;
use super::values::Len;

/// A computed value of an animated property.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `opacity`.
    Number(f32),
    /// A colour.
    Color(Color),
    /// A transform list; `None` = `none`.
    Transform(Option<Arc<[TransformFn]>>),
}

/// `a` to `b` at `t` (0 = `a`, 1 = `b`; `t` may leave 0..=1 for overshooting easings).
pub fn interpolate(a: &Value, b: &Value, t: f32) -> Value {
    if t == 0.0 {
        return a.clone();
    }
    if t == 1.0 {
        return b.clone();
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Value::Number(x + (y - x) * t),
        (Value::Color(x), Value::Color(y)) => Value::Color(lerp_color(*x, *y, t)),
        (Value::Transform(x), Value::Transform(y)) => {
            Value::Transform(lerp_transform(x.as_deref(), y.as_deref(), t))
        }
        // Different kinds never meet (both ends are the same property): flip halfway.
        _ if t < 0.5 => a.clone(),
        _ => b.clone(),
    }
}

/// Colours in premultiplied sRGB (CSS Color 4 §12.3), alpha interpolated on its own.
fn lerp_color(a: Color, b: Color, t: f32) -> Color {
    let (aa, ba) = (f32::from(a.a) / 255.0, f32::from(b.a) / 255.0);
    let alpha = (aa + (ba - aa) * t).clamp(0.0, 1.0);
    let ch = |x: u8, y: u8| {
        let pre = f32::from(x) * aa + (f32::from(y) * ba - f32::from(x) * aa) * t;
        let v = if alpha > 0.0 { pre / alpha } else { 0.0 };
        v.round().clamp(0.0, 255.0) as u8
    };
    Color {
        r: ch(a.r, b.r),
        g: ch(a.g, b.g),
        b: ch(a.b, b.b),
        a: (alpha * 255.0).round() as u8,
    }
}

/// The identity function of `f`'s kind (CSS Transforms 1 §9, "neutral element").
fn identity_like(f: &TransformFn) -> TransformFn {
    match f {
        TransformFn::Matrix(_) => TransformFn::Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]),
        TransformFn::Translate(..) => TransformFn::Translate(Len::Px(0.0), Len::Px(0.0)),
        TransformFn::Scale(..) => TransformFn::Scale(1.0, 1.0),
        TransformFn::Rotate(_) => TransformFn::Rotate(0.0),
        TransformFn::Skew(..) => TransformFn::Skew(0.0, 0.0),
    }
}

fn lerp_len(a: Len, b: Len, t: f32) -> Option<Len> {
    let l = |x: f32, y: f32| x + (y - x) * t;
    match (a, b) {
        (Len::Px(x), Len::Px(y)) => Some(Len::Px(l(x, y))),
        (Len::Percent(x), Len::Percent(y)) => Some(Len::Percent(l(x, y))),
        // A zero length is a zero percentage too.
        (Len::Px(0.0), Len::Percent(y)) => Some(Len::Percent(l(0.0, y))),
        (Len::Percent(x), Len::Px(0.0)) => Some(Len::Percent(l(x, 0.0))),
        _ => None,
    }
}

fn lerp_fn(a: &TransformFn, b: &TransformFn, t: f32) -> Option<TransformFn> {
    let l = |x: f32, y: f32| x + (y - x) * t;
    Some(match (a, b) {
        (TransformFn::Translate(ax, ay), TransformFn::Translate(bx, by)) => {
            TransformFn::Translate(lerp_len(*ax, *bx, t)?, lerp_len(*ay, *by, t)?)
        }
        (TransformFn::Scale(ax, ay), TransformFn::Scale(bx, by)) => {
            TransformFn::Scale(l(*ax, *bx), l(*ay, *by))
        }
        (TransformFn::Rotate(x), TransformFn::Rotate(y)) => TransformFn::Rotate(l(*x, *y)),
        (TransformFn::Skew(ax, ay), TransformFn::Skew(bx, by)) => {
            TransformFn::Skew(l(*ax, *bx), l(*ay, *by))
        }
        (TransformFn::Matrix(x), TransformFn::Matrix(y)) => {
            let mut m = [0.0; 6];
            for (i, v) in m.iter_mut().enumerate() {
                *v = l(x[i], y[i]);
            }
            TransformFn::Matrix(m)
        }
        _ => return None,
    })
}

/// Two transform lists at `t` (see the module docs).
fn lerp_transform(
    a: Option<&[TransformFn]>,
    b: Option<&[TransformFn]>,
    t: f32,
) -> Option<Arc<[TransformFn]>> {
    let (a, b) = (a.unwrap_or(&[]), b.unwrap_or(&[]));
    let n = a.len().max(b.len());
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (fa, fb) = match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) => (*x, *y),
            (Some(x), None) => (*x, identity_like(x)),
            (None, Some(y)) => (identity_like(y), *y),
            (None, None) => break,
        };
        match lerp_fn(&fa, &fb, t) {
            Some(f) => out.push(f),
            None => return lerp_matrices(a, b, t),
        }
    }
    Some(out.into())
}

/// The fallback (CSS Transforms 1 §9, "interpolation of matrices"): each list's matrix
/// decomposed, the parts interpolated, the result recomposed. A percentage has no
/// matrix without the box, so a list with one flips halfway instead.
fn lerp_matrices(a: &[TransformFn], b: &[TransformFn], t: f32) -> Option<Arc<[TransformFn]>> {
    let matrix = |list: &[TransformFn]| {
        let percent = list.iter().any(|f| {
            matches!(f, TransformFn::Translate(x, y)
                if matches!(x, Len::Percent(_)) || matches!(y, Len::Percent(_)))
        });
        if percent {
            return None;
        }
        let origin = [Len::Px(0.0), Len::Px(0.0)];
        Some(
            super::transform::box_matrix(Some(list), origin, crate::Rect::default())
                .unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]),
        )
    };
    match (matrix(a), matrix(b)) {
        (Some(x), Some(y)) => Some(Arc::from([TransformFn::Matrix(
            Decomposed::of(x).lerp(&Decomposed::of(y), t).matrix(),
        )])),
        _ => {
            let list = if t < 0.5 { a } else { b };
            (!list.is_empty()).then(|| Arc::from(list))
        }
    }
}

/// A 2D matrix as translation, rotation, then an upper-triangular scale and shear:
/// `[a c; b d] = R(angle) · [sx shear; 0 sy]` — for matrices without shear, the
/// decomposition of CSS Transforms 1 §9 (rotation interpolated by the shorter way).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Decomposed {
    translate: (f32, f32),
    /// Degrees.
    angle: f32,
    sx: f32,
    sy: f32,
    shear: f32,
}

impl Decomposed {
    fn of(m: [f32; 6]) -> Decomposed {
        let [a, b, c, d, e, f] = m;
        let sx = a.hypot(b);
        let angle = if sx > 0.0 { b.atan2(a) } else { 0.0 };
        let (sin, cos) = angle.sin_cos();
        Decomposed {
            translate: (e, f),
            angle: angle.to_degrees(),
            sx,
            sy: -sin * c + cos * d,
            shear: cos * c + sin * d,
        }
    }

    fn lerp(&self, to: &Decomposed, t: f32) -> Decomposed {
        let l = |x: f32, y: f32| x + (y - x) * t;
        let (mut from_angle, mut to_angle) = (self.angle, to.angle);
        if (from_angle - to_angle).abs() > 180.0 {
            if from_angle > to_angle {
                from_angle -= 360.0;
            } else {
                to_angle -= 360.0;
            }
        }
        Decomposed {
            translate: (
                l(self.translate.0, to.translate.0),
                l(self.translate.1, to.translate.1),
            ),
            angle: l(from_angle, to_angle),
            sx: l(self.sx, to.sx),
            sy: l(self.sy, to.sy),
            shear: l(self.shear, to.shear),
        }
    }

    fn matrix(&self) -> [f32; 6] {
        let (sin, cos) = self.angle.to_radians().sin_cos();
        [
            cos * self.sx,
            sin * self.sx,
            cos * self.shear - sin * self.sy,
            sin * self.shear + cos * self.sy,
            self.translate.0,
            self.translate.1,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_interpolate_premultiplied() {
        let red = Color::rgba(255, 0, 0, 255);
        let clear = Color::rgba(0, 0, 255, 0);
        // A transparent end contributes no colour: the red fades, it does not turn purple.
        assert_eq!(lerp_color(red, clear, 0.5), Color::rgba(255, 0, 0, 128));
        let (a, b) = (
            Color::rgba(0x1e, 0x88, 0xe5, 255),
            Color::rgba(0xe5, 0x39, 0x35, 255),
        );
        assert_eq!(lerp_color(a, b, 0.5), Color::rgba(0x82, 0x61, 0x8d, 255));
    }

    #[test]
    fn a_decomposed_matrix_recomposes_to_itself() {
        for m in [
            [1.0, 0.0, 0.0, 1.0, 5.0, -3.0],
            [0.0, 2.0, -2.0, 0.0, 0.0, 0.0],
            [1.0, 0.5, 0.3, 1.2, 1.0, 2.0],
            [-1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        ] {
            let back = Decomposed::of(m).matrix();
            assert!(
                back.iter().zip(m).all(|(a, e)| (a - e).abs() < 1e-5),
                "{m:?} -> {back:?}"
            );
        }
    }

    #[test]
    fn transforms_interpolate_per_function_and_pad_with_identity() {
        let a: Arc<[TransformFn]> = Arc::from([TransformFn::Translate(Len::Px(0.0), Len::Px(0.0))]);
        let b: Arc<[TransformFn]> = Arc::from([
            TransformFn::Translate(Len::Px(160.0), Len::Px(0.0)),
            TransformFn::Rotate(90.0),
        ]);
        let mid = lerp_transform(Some(&a), Some(&b), 0.5);
        assert_eq!(
            mid.as_deref(),
            Some(
                &[
                    TransformFn::Translate(Len::Px(80.0), Len::Px(0.0)),
                    TransformFn::Rotate(45.0)
                ][..]
            )
        );
        let none_to_scale = lerp_transform(None, Some(&[TransformFn::Scale(3.0, 3.0)]), 0.5);
        assert_eq!(
            none_to_scale.as_deref(),
            Some(&[TransformFn::Scale(2.0, 2.0)][..])
        );
        // Different kinds: decomposed matrices, so halfway from a quarter turn to a
        // double size is an eighth turn at 1.5 times the size.
        let m = lerp_transform(
            Some(&[TransformFn::Rotate(90.0)]),
            Some(&[TransformFn::Scale(2.0, 2.0)]),
            0.5,
        );
        let Some([TransformFn::Matrix(m)]) = m.as_deref() else {
            panic!("{m:?}")
        };
        let (sin, cos) = 45f32.to_radians().sin_cos();
        let expected = [1.5 * cos, 1.5 * sin, -1.5 * sin, 1.5 * cos, 0.0, 0.0];
        assert!(
            m.iter().zip(expected).all(|(a, e)| (a - e).abs() < 1e-4),
            "{m:?}"
        );
    }
}
