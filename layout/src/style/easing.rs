//! Easing functions (CSS Easing 1): `linear`, the cubic Bézier curves and their
//! keywords, and `steps()` — what `transition-timing-function` and
//! `animation-timing-function` name.

use cssparser::{Parser, Token};

use super::values::{invalid, ValueError};

/// A timing function (CSS Easing 1): how far along an interval's output is for a share
/// of its time.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Timing {
    /// `linear` (§2).
    Linear,
    /// `cubic-bezier(x1, y1, x2, y2)` and its keywords `ease`, `ease-in`, ... (§3).
    CubicBezier(f32, f32, f32, f32),
    /// `steps(n, position)` (§4): `n` steps, and how many jumps happen at the start
    /// and at the end (`jump-start`: 1 and 0, `jump-both`: 1 and 1, ...).
    Steps(u32, bool, bool),
}

/// `ease`, the initial value of both timing-function longhands.
pub const EASE: Timing = Timing::CubicBezier(0.25, 0.1, 0.25, 1.0);

impl Timing {
    /// The output progress for input progress `t` in 0..=1 (CSS Easing 1 §3.1 and
    /// §4.1; the curve is solved for x by Newton steps then bisection, as browsers do).
    pub fn ease(&self, t: f32) -> f32 {
        match *self {
            Timing::Linear => t,
            Timing::CubicBezier(x1, y1, x2, y2) => cubic_bezier(x1, y1, x2, y2, t),
            Timing::Steps(n, start, end) => {
                let n = n.max(1) as f32;
                let mut step = (t * n).floor();
                if start {
                    step += 1.0;
                }
                if t >= 0.0 && step < 0.0 {
                    step = 0.0;
                }
                let jumps = n + f32::from(u8::from(start)) + f32::from(u8::from(end)) - 1.0;
                if t <= 1.0 && step > jumps {
                    step = jumps;
                }
                step / jumps.max(1.0)
            }
        }
    }
}

/// The y of the unit cubic Bézier with control points (x1, y1), (x2, y2) at x = `x`.
fn cubic_bezier(x1: f32, y1: f32, x2: f32, y2: f32, x: f32) -> f32 {
    if x <= 0.0 || x >= 1.0 {
        return x.clamp(0.0, 1.0);
    }
    let coord = |a: f32, b: f32, t: f32| {
        let u = 1.0 - t;
        3.0 * u * u * t * a + 3.0 * u * t * t * b + t * t * t
    };
    let slope = |a: f32, b: f32, t: f32| {
        let u = 1.0 - t;
        3.0 * u * u * a + 6.0 * u * t * (b - a) + 3.0 * t * t * (1.0 - b)
    };
    let mut t = x;
    for _ in 0..8 {
        let err = coord(x1, x2, t) - x;
        if err.abs() < 1e-6 {
            return coord(y1, y2, t);
        }
        let d = slope(x1, x2, t);
        if d.abs() < 1e-6 {
            break;
        }
        t -= err / d;
    }
    let (mut lo, mut hi) = (0.0f32, 1.0f32);
    t = x;
    for _ in 0..40 {
        let v = coord(x1, x2, t);
        if (v - x).abs() < 1e-6 {
            break;
        }
        if v < x {
            lo = t;
        } else {
            hi = t;
        }
        t = (lo + hi) / 2.0;
    }
    coord(y1, y2, t)
}

/// A `<easing-function>` (CSS Easing 1 §2–§4).
pub fn timing<'i>(input: &mut Parser<'i, '_>) -> Result<Timing, ValueError<'i>> {
    let token = input.next()?.clone();
    match token {
        Token::Ident(ref k) => Ok(match k.to_ascii_lowercase().as_str() {
            "linear" => Timing::Linear,
            "ease" => EASE,
            "ease-in" => Timing::CubicBezier(0.42, 0.0, 1.0, 1.0),
            "ease-out" => Timing::CubicBezier(0.0, 0.0, 0.58, 1.0),
            "ease-in-out" => Timing::CubicBezier(0.42, 0.0, 0.58, 1.0),
            "step-start" => Timing::Steps(1, true, false),
            "step-end" => Timing::Steps(1, false, true),
            _ => return Err(invalid(input, "easing function")),
        }),
        Token::Function(ref f) if f.eq_ignore_ascii_case("cubic-bezier") => {
            input.parse_nested_block(|i| {
                let mut v = [0.0f32; 4];
                for (k, slot) in v.iter_mut().enumerate() {
                    if k > 0 {
                        i.expect_comma()?;
                    }
                    *slot = i.expect_number()?;
                }
                // The x coordinates must be in [0, 1] (§3.2).
                if !(0.0..=1.0).contains(&v[0]) || !(0.0..=1.0).contains(&v[2]) {
                    return Err(invalid(i, "cubic-bezier()"));
                }
                Ok(Timing::CubicBezier(v[0], v[1], v[2], v[3]))
            })
        }
        Token::Function(ref f) if f.eq_ignore_ascii_case("steps") => {
            input.parse_nested_block(|i| {
                let n = i.expect_integer()?;
                let (start, end) = if i.try_parse(|i| i.expect_comma()).is_ok() {
                    let k = i.expect_ident()?.to_ascii_lowercase();
                    match k.as_str() {
                        "start" | "jump-start" => (true, false),
                        "end" | "jump-end" => (false, true),
                        "jump-none" => (false, false),
                        "jump-both" => (true, true),
                        _ => return Err(invalid(i, "steps()")),
                    }
                } else {
                    (false, true)
                };
                // `jump-none` needs two steps to move at all (§4.1).
                let min = if !start && !end { 2 } else { 1 };
                if n < min {
                    return Err(invalid(i, "steps()"));
                }
                Ok(Timing::Steps(n as u32, start, end))
            })
        }
        _ => Err(invalid(input, "easing function")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timing_functions_follow_css_easing() {
        assert_eq!(Timing::Linear.ease(0.3), 0.3);
        // ease at x = 0.5 is about 0.8024 (the curve's y there).
        assert!((EASE.ease(0.5) - 0.8024).abs() < 1e-3, "{}", EASE.ease(0.5));
        let out = Timing::CubicBezier(0.0, 0.0, 0.58, 1.0);
        assert!(out.ease(0.5) > 0.5 && out.ease(1.0) == 1.0);
        assert_eq!(Timing::Steps(4, false, true).ease(0.3), 0.25);
        assert_eq!(Timing::Steps(4, true, false).ease(0.3), 0.5);
        assert_eq!(Timing::Steps(1, false, true).ease(1.0), 1.0);
    }
}
