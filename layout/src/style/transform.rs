//! 2D `transform` and `transform-origin` (CSS Transforms 1 §5–§7, §13): parsing the
//! function list and composing it into one affine matrix for a box. Transforms do not
//! affect layout; painting, ink bounds and hit testing use [`box_matrix`].

use std::sync::Arc;

use cssparser::{Parser, Token};

use super::background::{parse_angle, parse_position};
use super::values::{invalid, parse_len, Len, LenContext, ValueError};
use crate::Rect;

/// One transform function. Angles are in degrees; lengths keep their unit until
/// [`TransformFn::resolve`] (percentages refer to the border box, §6).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TransformFn {
    /// `matrix(a, b, c, d, e, f)`.
    Matrix([f32; 6]),
    /// `translate()`, `translateX()`, `translateY()`.
    Translate(Len, Len),
    /// `scale()`, `scaleX()`, `scaleY()`.
    Scale(f32, f32),
    /// `rotate()`.
    Rotate(f32),
    /// `skew()`, `skewX()`, `skewY()`.
    Skew(f32, f32),
}

impl TransformFn {
    /// The function with its lengths in px (percentages kept).
    pub fn resolve(&self, cx: &LenContext) -> TransformFn {
        let len = |l: Len| match l {
            Len::Percent(_) => l,
            _ => Len::Px(l.to_px(cx).filter(|v| v.is_finite()).unwrap_or(0.0)),
        };
        match *self {
            TransformFn::Translate(x, y) => TransformFn::Translate(len(x), len(y)),
            f => f,
        }
    }

    /// The affine matrix `[a, b, c, d, e, f]` (x' = a x + c y + e, y' = b x + d y + f)
    /// for a border box of `size`.
    fn matrix(&self, size: (f32, f32)) -> [f32; 6] {
        let px = |l: Len, full: f32| match l {
            Len::Percent(p) => p * full,
            Len::Px(v) => v,
            _ => 0.0,
        };
        match *self {
            TransformFn::Matrix(m) => m,
            TransformFn::Translate(x, y) => [1.0, 0.0, 0.0, 1.0, px(x, size.0), px(y, size.1)],
            TransformFn::Scale(x, y) => [x, 0.0, 0.0, y, 0.0, 0.0],
            TransformFn::Rotate(deg) => {
                let (s, c) = deg.to_radians().sin_cos();
                [c, s, -s, c, 0.0, 0.0]
            }
            TransformFn::Skew(ax, ay) => [
                1.0,
                ay.to_radians().tan(),
                ax.to_radians().tan(),
                1.0,
                0.0,
                0.0,
            ],
        }
    }
}

/// `m · n` (n applied first).
pub fn concat(m: [f32; 6], n: [f32; 6]) -> [f32; 6] {
    [
        m[0] * n[0] + m[2] * n[1],
        m[1] * n[0] + m[3] * n[1],
        m[0] * n[2] + m[2] * n[3],
        m[1] * n[2] + m[3] * n[3],
        m[0] * n[4] + m[2] * n[5] + m[4],
        m[1] * n[4] + m[3] * n[5] + m[5],
    ]
}

/// The identity matrix.
pub const IDENTITY: [f32; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// The transformation matrix of a box (CSS Transforms 1 §6): translate to the origin,
/// apply the functions left to right, translate back, in absolute px. `None` when
/// there is no transform, it is the identity, or it is not finite (nothing to do then:
/// a non-invertible matrix still paints nothing, which the caller checks).
pub fn box_matrix(
    functions: Option<&[TransformFn]>,
    origin: [Len; 2],
    border_box: Rect,
) -> Option<[f32; 6]> {
    let functions = functions?;
    let size = (border_box.width, border_box.height);
    let px = |l: Len, full: f32| match l {
        Len::Percent(p) => p * full,
        Len::Px(v) => v,
        _ => 0.0,
    };
    let (ox, oy) = (
        border_box.x + px(origin[0], size.0),
        border_box.y + px(origin[1], size.1),
    );
    let mut m = [1.0, 0.0, 0.0, 1.0, ox, oy];
    for f in functions {
        m = concat(m, f.matrix(size));
    }
    m = concat(m, [1.0, 0.0, 0.0, 1.0, -ox, -oy]);
    if m.iter().any(|v| !v.is_finite()) || m == IDENTITY {
        return None;
    }
    Some(m)
}

/// `m` applied to the point `(x, y)`.
pub fn apply(m: &[f32; 6], x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// The inverse of `m`, or `None` when it is singular (the box collapses to a line).
pub fn invert(m: &[f32; 6]) -> Option<[f32; 6]> {
    let det = m[0] * m[3] - m[1] * m[2];
    if det.abs() < 1e-12 || !det.is_finite() {
        return None;
    }
    let (a, b, c, d) = (m[3] / det, -m[1] / det, -m[2] / det, m[0] / det);
    Some([a, b, c, d, -(a * m[4] + c * m[5]), -(b * m[4] + d * m[5])])
}

/// The axis-aligned bounds of `r` transformed by `m`.
pub fn transform_rect(m: &[f32; 6], r: Rect) -> Rect {
    if r.is_empty() {
        return r;
    }
    let corners = [
        apply(m, r.x, r.y),
        apply(m, r.x + r.width, r.y),
        apply(m, r.x, r.y + r.height),
        apply(m, r.x + r.width, r.y + r.height),
    ];
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (x, y) in corners {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// `transform`: `none` (→ `None`) or a list of 2D transform functions.
pub fn parse_transform<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<Option<Arc<[TransformFn]>>, ValueError<'i>> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(None);
    }
    let mut list = Vec::new();
    while !input.is_exhausted() {
        let location = input.current_source_location();
        let name = match input.next()? {
            Token::Function(name) => name.to_ascii_lowercase(),
            t => return Err(location.new_unexpected_token_error(t.clone())),
        };
        list.push(input.parse_nested_block(|i| function(i, &name))?);
    }
    if list.is_empty() {
        return Err(invalid(input, "transform"));
    }
    Ok(Some(list.into()))
}

fn function<'i>(input: &mut Parser<'i, '_>, name: &str) -> Result<TransformFn, ValueError<'i>> {
    let args = |i: &mut Parser<'i, '_>,
                n: usize,
                one: &dyn Fn(&mut Parser<'i, '_>) -> Result<f32, ValueError<'i>>| {
        let mut v = vec![one(i)?];
        while v.len() < n && i.try_parse(|i| i.expect_comma()).is_ok() {
            v.push(one(i)?);
        }
        Ok::<_, ValueError<'i>>(v)
    };
    let number = |i: &mut Parser<'i, '_>| -> Result<f32, ValueError<'i>> {
        let location = i.current_source_location();
        match i.next()?.clone() {
            Token::Number { value, .. } => Ok(value),
            Token::Percentage { unit_value, .. } => Ok(unit_value),
            t => Err(location.new_unexpected_token_error(t)),
        }
    };
    let len = |i: &mut Parser<'i, '_>| parse_len(i, false);
    Ok(match name {
        "matrix" => {
            let v = args(input, 6, &|i| Ok(i.expect_number()?))?;
            let m: [f32; 6] = v.try_into().map_err(|_| invalid(input, "matrix()"))?;
            TransformFn::Matrix(m)
        }
        "translate" => {
            let x = len(input)?;
            let y = if input.try_parse(|i| i.expect_comma()).is_ok() {
                len(input)?
            } else {
                Len::Px(0.0)
            };
            TransformFn::Translate(x, y)
        }
        "translatex" => TransformFn::Translate(len(input)?, Len::Px(0.0)),
        "translatey" => TransformFn::Translate(Len::Px(0.0), len(input)?),
        "scale" => {
            let v = args(input, 2, &number)?;
            TransformFn::Scale(v[0], *v.get(1).unwrap_or(&v[0]))
        }
        "scalex" => TransformFn::Scale(number(input)?, 1.0),
        "scaley" => TransformFn::Scale(1.0, number(input)?),
        "rotate" | "rotatez" => TransformFn::Rotate(parse_angle(input)?),
        "skew" => {
            let v = args(input, 2, &|i| parse_angle(i))?;
            TransformFn::Skew(v[0], *v.get(1).unwrap_or(&0.0))
        }
        "skewx" => TransformFn::Skew(parse_angle(input)?, 0.0),
        "skewy" => TransformFn::Skew(0.0, parse_angle(input)?),
        _ => {
            return Err(input.new_custom_error(format!("unsupported transform function `{name}()`")))
        }
    })
}

/// `transform-origin`: a position (a third, z value is accepted and ignored).
pub fn parse_transform_origin<'i>(input: &mut Parser<'i, '_>) -> Result<[Len; 2], ValueError<'i>> {
    let p = parse_position(input)?;
    if !input.is_exhausted() {
        if let Len::Percent(_) = parse_len(input, false)? {
            return Err(invalid(input, "transform-origin"));
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cssparser::ParserInput;

    fn parse(s: &str) -> Option<Vec<TransformFn>> {
        let mut pi = ParserInput::new(s);
        let mut p = Parser::new(&mut pi);
        p.parse_entirely(parse_transform)
            .ok()
            .map(|l| l.map(|l| l.to_vec()).unwrap_or_default())
    }

    fn close(a: [f32; 6], b: [f32; 6]) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-4)
    }

    #[test]
    fn functions_parse() {
        assert_eq!(
            parse("translate(-50%, -50%) rotate(0.5turn) scale(2) skewX(10deg)"),
            Some(vec![
                TransformFn::Translate(Len::Percent(-0.5), Len::Percent(-0.5)),
                TransformFn::Rotate(180.0),
                TransformFn::Scale(2.0, 2.0),
                TransformFn::Skew(10.0, 0.0),
            ])
        );
        assert_eq!(parse("none"), Some(vec![]));
        for bad in [
            "rotate(45)",
            "translate(1px 2px)",
            "perspective(10px)",
            "scale()",
            "matrix(1,2,3)",
            "red",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn composes_about_the_origin() {
        let b = Rect::new(100.0, 100.0, 100.0, 50.0);
        let centre = [Len::Percent(0.5); 2];
        // rotate(90deg) about the centre (150, 125): the top-left corner goes to
        // (175, 75).
        let m = box_matrix(Some(&[TransformFn::Rotate(90.0)]), centre, b);
        let m = m.unwrap_or(IDENTITY);
        let (x, y) = apply(&m, 100.0, 100.0);
        assert!(
            (x - 175.0).abs() < 1e-3 && (y - 75.0).abs() < 1e-3,
            "{x} {y}"
        );
        // translate(-50%) then scale(0.5): order matters.
        let fns = [
            TransformFn::Translate(Len::Percent(-0.5), Len::Px(0.0)),
            TransformFn::Scale(0.5, 0.5),
        ];
        let m = box_matrix(Some(&fns), [Len::Px(0.0); 2], b).unwrap_or(IDENTITY);
        assert!(close(m, [0.5, 0.0, 0.0, 0.5, 0.0, 50.0]), "{m:?}");
        let inv = invert(&m).unwrap_or(IDENTITY);
        assert!(close(concat(m, inv), IDENTITY));
        assert_eq!(
            box_matrix(Some(&[TransformFn::Scale(1.0, 1.0)]), centre, b),
            None
        );
        assert_eq!(invert(&[0.0, 0.0, 0.0, 1.0, 0.0, 0.0]), None);
    }
}
