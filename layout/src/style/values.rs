//! CSS values as declared: lengths with their unit (resolved to px at cascade time, when the
//! viewport and font size are known) and colours.
//!
//! Follows CSS Values and Units 3 (§5 lengths, §5.1.1 font-relative, §5.1.2 viewport
//! percentage lengths) plus WeChat's `rpx` (750rpx = window width), and CSS Color 4 for
//! `#hex`, `rgb()`/`rgba()`, `hsl()`/`hsla()` and the named colours.

use cssparser::{BasicParseErrorKind, ParseError, Parser, Token};
use taffy::style::{Dimension, LengthPercentage, LengthPercentageAuto};

use super::calc::{is_math_function, layout_pointer, parse_function, CalcId, Resolved};
use super::computed::Color;

/// The parser's custom error: a human-readable message.
pub type ValueError<'i> = ParseError<'i, String>;

/// A declared length, still in its unit.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Len {
    /// Absolute pixels.
    Px(f32),
    /// Responsive pixels: 750rpx is the window width.
    Rpx(f32),
    /// A fraction (0..=1) of the containing block, resolved by taffy.
    Percent(f32),
    /// Multiples of the element's font size (for `font-size`: of the parent's).
    Em(f32),
    /// Multiples of the root font size (16px in the foundation).
    Rem(f32),
    /// Percent of the viewport width.
    Vw(f32),
    /// Percent of the viewport height.
    Vh(f32),
    /// `auto`.
    Auto,
    /// A `calc()`, `min()`, `max()` or `clamp()` mixing units (see [`super::calc`]).
    Calc(CalcId),
}

/// What a [`Len`] needs to become pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LenContext {
    /// Viewport width and height in px.
    pub viewport: (f32, f32),
    /// Font size in px that `em` refers to.
    pub font_size: f32,
}

/// Root font size for `rem` (WeChat's `page` default).
pub const ROOT_FONT_SIZE: f32 = 16.0;

impl Len {
    /// The length in px, or `None` for percentages and `auto`.
    pub fn to_px(&self, cx: &LenContext) -> Option<f32> {
        Some(match *self {
            Len::Px(v) => v,
            Len::Rpx(v) => v * cx.viewport.0 / 750.0,
            Len::Em(v) => v * cx.font_size,
            Len::Rem(v) => v * ROOT_FONT_SIZE,
            Len::Vw(v) => v * cx.viewport.0 / 100.0,
            Len::Vh(v) => v * cx.viewport.1 / 100.0,
            Len::Calc(c) => match c.resolve(cx) {
                Resolved::Px(v) => v,
                Resolved::Percent(_) | Resolved::Mixed(_) => return None,
            },
            Len::Percent(_) | Len::Auto => return None,
        })
    }

    /// The length in px with percentages taken of `basis` (for the values Mica resolves
    /// itself rather than taffy: radii, font sizes); `None` for `auto`.
    pub fn resolve(&self, cx: &LenContext, basis: f32) -> Option<f32> {
        match *self {
            Len::Percent(p) => Some(p * basis),
            Len::Calc(c) => Some(match c.resolve(cx) {
                Resolved::Px(v) => v,
                Resolved::Percent(p) => p * basis,
                Resolved::Mixed(k) => super::calc::resolve_layout_key(layout_pointer(k), basis),
            }),
            _ => self.to_px(cx),
        }
    }

    /// As a taffy size (`width`, `flex-basis`, ...).
    pub fn dimension(&self, cx: &LenContext) -> Dimension {
        match *self {
            Len::Auto => Dimension::auto(),
            Len::Percent(p) => Dimension::percent(p),
            Len::Calc(c) => match c.resolve(cx) {
                Resolved::Px(v) => Dimension::length(v),
                Resolved::Percent(p) => Dimension::percent(p),
                Resolved::Mixed(k) => Dimension::calc(layout_pointer(k)),
            },
            _ => Dimension::length(self.to_px(cx).unwrap_or(0.0)),
        }
    }

    /// As a taffy length-or-percentage (`padding`, `border-width`, `gap`); `auto` is 0.
    pub fn length_percentage(&self, cx: &LenContext) -> LengthPercentage {
        match *self {
            Len::Percent(p) => LengthPercentage::percent(p),
            Len::Calc(c) => match c.resolve(cx) {
                Resolved::Px(v) => LengthPercentage::length(v),
                Resolved::Percent(p) => LengthPercentage::percent(p),
                Resolved::Mixed(k) => LengthPercentage::calc(layout_pointer(k)),
            },
            _ => LengthPercentage::length(self.to_px(cx).unwrap_or(0.0)),
        }
    }

    /// As a taffy length-percentage-or-auto (`margin`, `top`, ...).
    pub fn length_percentage_auto(&self, cx: &LenContext) -> LengthPercentageAuto {
        match *self {
            Len::Auto => LengthPercentageAuto::auto(),
            Len::Percent(p) => LengthPercentageAuto::percent(p),
            Len::Calc(c) => match c.resolve(cx) {
                Resolved::Px(v) => LengthPercentageAuto::length(v),
                Resolved::Percent(p) => LengthPercentageAuto::percent(p),
                Resolved::Mixed(k) => LengthPercentageAuto::calc(layout_pointer(k)),
            },
            _ => LengthPercentageAuto::length(self.to_px(cx).unwrap_or(0.0)),
        }
    }
}

fn err<'i>(input: &Parser<'i, '_>, msg: impl Into<String>) -> ValueError<'i> {
    input.new_custom_error(msg.into())
}

/// Parses a length, percentage, unitless `0`, math function (`calc()`, `min()`,
/// `max()`, `clamp()`, CSS Values 3 §8.1) or (when `allow_auto`) `auto`.
pub fn parse_len<'i>(input: &mut Parser<'i, '_>, allow_auto: bool) -> Result<Len, ValueError<'i>> {
    let location = input.current_source_location();
    let token = input.next()?.clone();
    match token {
        Token::Dimension {
            value, ref unit, ..
        } => match_unit(value, unit)
            .ok_or_else(|| location.new_custom_error(format!("unsupported unit `{unit}`"))),
        Token::Percentage { unit_value, .. } => Ok(Len::Percent(unit_value)),
        Token::Number { value: 0.0, .. } => Ok(Len::Px(0.0)),
        Token::Ident(ref id) if allow_auto && id.eq_ignore_ascii_case("auto") => Ok(Len::Auto),
        Token::Function(ref name) if is_math_function(name) => {
            let name = name.to_string();
            input.parse_nested_block(|i| parse_function(&name, i))
        }
        t => Err(location.new_unexpected_token_error(t)),
    }
}

/// A dimension's value in its unit, `None` for a unit that is not a length.
pub(crate) fn match_unit(value: f32, unit: &str) -> Option<Len> {
    let u = unit.to_ascii_lowercase();
    Some(match u.as_str() {
        "px" => Len::Px(value),
        "rpx" => Len::Rpx(value),
        "em" => Len::Em(value),
        "rem" => Len::Rem(value),
        "vw" => Len::Vw(value),
        "vh" => Len::Vh(value),
        // CSS Values 3 §6.2 absolute lengths.
        "pt" => Len::Px(value * 96.0 / 72.0),
        "pc" => Len::Px(value * 16.0),
        "in" => Len::Px(value * 96.0),
        "cm" => Len::Px(value * 96.0 / 2.54),
        "mm" => Len::Px(value * 96.0 / 25.4),
        _ => return None,
    })
}

/// Parses a non-negative-or-any number (`flex-grow`, `opacity`, `line-height`).
pub fn parse_number<'i>(input: &mut Parser<'i, '_>) -> Result<f32, ValueError<'i>> {
    Ok(input.expect_number()?)
}

/// Parses a colour (CSS Color 4 §4-§7 subset): `#rgb[a]`, `#rrggbb[aa]`, `rgb[a]()`,
/// `hsl[a]()`, named colours, `transparent`, `currentcolor` (→ `None`).
pub fn parse_color<'i>(input: &mut Parser<'i, '_>) -> Result<Option<Color>, ValueError<'i>> {
    let location = input.current_source_location();
    let token = input.next()?.clone();
    match token {
        Token::Hash(ref h) | Token::IDHash(ref h) => {
            match cssparser::color::parse_hash_color(h.as_bytes()) {
                Ok((r, g, b, a)) => Ok(Some(Color::rgba(r, g, b, alpha_u8(a)))),
                Err(()) => Err(location.new_custom_error(format!("invalid colour `#{h}`"))),
            }
        }
        Token::Ident(ref id) => {
            let lower = id.to_ascii_lowercase();
            if lower == "transparent" {
                return Ok(Some(Color::TRANSPARENT));
            }
            if lower == "currentcolor" {
                return Ok(None);
            }
            match cssparser::color::parse_named_color(&lower) {
                Ok((r, g, b)) => Ok(Some(Color::rgba(r, g, b, 255))),
                Err(()) => Err(location.new_custom_error(format!("unknown colour `{id}`"))),
            }
        }
        Token::Function(ref name) => {
            let name = name.to_ascii_lowercase();
            input.parse_nested_block(|input| match name.as_str() {
                "rgb" | "rgba" => parse_rgb_args(input).map(Some),
                "hsl" | "hsla" => parse_hsl_args(input).map(Some),
                _ => Err(err(
                    input,
                    format!("unsupported colour function `{name}()`"),
                )),
            })
        }
        t => Err(location.new_unexpected_token_error(t)),
    }
}

fn alpha_u8(a: f32) -> u8 {
    (a.clamp(0.0, 1.0) * 255.0).round() as u8
}

/// Separator between colour function arguments: a comma (legacy) or whitespace (modern).
fn skip_sep(input: &mut Parser<'_, '_>) {
    let _ = input.try_parse(|i| i.expect_comma());
}

fn parse_alpha<'i>(input: &mut Parser<'i, '_>) -> Result<u8, ValueError<'i>> {
    if input.is_exhausted() {
        return Ok(255);
    }
    let _ = input.try_parse(|i| i.expect_comma());
    let _ = input.try_parse(|i| i.expect_delim('/'));
    let location = input.current_source_location();
    let a = match input.next()?.clone() {
        Token::Number { value, .. } => value,
        Token::Percentage { unit_value, .. } => unit_value,
        t => return Err(location.new_unexpected_token_error(t)),
    };
    Ok(alpha_u8(a))
}

fn parse_rgb_args<'i>(input: &mut Parser<'i, '_>) -> Result<Color, ValueError<'i>> {
    let mut ch = [0u8; 3];
    for (i, slot) in ch.iter_mut().enumerate() {
        if i > 0 {
            skip_sep(input);
        }
        let location = input.current_source_location();
        let v = match input.next()?.clone() {
            Token::Number { value, .. } => value,
            Token::Percentage { unit_value, .. } => unit_value * 255.0,
            t => return Err(location.new_unexpected_token_error(t)),
        };
        *slot = v.clamp(0.0, 255.0).round() as u8;
    }
    let a = parse_alpha(input)?;
    input.expect_exhausted()?;
    Ok(Color::rgba(ch[0], ch[1], ch[2], a))
}

fn parse_hsl_args<'i>(input: &mut Parser<'i, '_>) -> Result<Color, ValueError<'i>> {
    let location = input.current_source_location();
    let h = match input.next()?.clone() {
        Token::Number { value, .. } => value,
        Token::Dimension {
            value, ref unit, ..
        } if unit.eq_ignore_ascii_case("deg") => value,
        t => return Err(location.new_unexpected_token_error(t)),
    };
    skip_sep(input);
    let s = input.expect_percentage()?.clamp(0.0, 1.0);
    skip_sep(input);
    let l = input.expect_percentage()?.clamp(0.0, 1.0);
    let a = parse_alpha(input)?;
    input.expect_exhausted()?;
    // CSS Color 4 §7.1 hsl-to-rgb.
    let f = |n: f32| {
        let k = (n + h / 30.0).rem_euclid(12.0);
        let a = s * l.min(1.0 - l);
        let v = l - a * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0);
        (v * 255.0).round().clamp(0.0, 255.0) as u8
    };
    Ok(Color::rgba(f(0.0), f(8.0), f(4.0), a))
}

/// What [`any_order`] found: each component, or `None` where it was left out.
pub type AnyOrder<A, B, C> = (Option<A>, Option<B>, Option<C>);

/// Three components of a shorthand in any order, each at most once (`border`,
/// `text-decoration`: CSS Values 3 §2.2 `||`); `None` for the ones left out. Fails with
/// [`invalid`] for `name` on anything else.
pub fn any_order<'i, 't, A, B, C>(
    input: &mut Parser<'i, 't>,
    name: &str,
    a: impl Fn(&mut Parser<'i, 't>) -> Result<A, ValueError<'i>>,
    b: impl Fn(&mut Parser<'i, 't>) -> Result<B, ValueError<'i>>,
    c: impl Fn(&mut Parser<'i, 't>) -> Result<C, ValueError<'i>>,
) -> Result<AnyOrder<A, B, C>, ValueError<'i>> {
    let (mut va, mut vb, mut vc) = (None, None, None);
    while !input.is_exhausted() {
        if va.is_none() {
            if let Ok(v) = input.try_parse(&a) {
                va = Some(v);
                continue;
            }
        }
        if vb.is_none() {
            if let Ok(v) = input.try_parse(&b) {
                vb = Some(v);
                continue;
            }
        }
        if vc.is_none() {
            if let Ok(v) = input.try_parse(&c) {
                vc = Some(v);
                continue;
            }
        }
        return Err(invalid(input, name));
    }
    Ok((va, vb, vc))
}

/// An error for a value the property does not accept.
pub fn invalid<'i>(input: &Parser<'i, '_>, what: &str) -> ValueError<'i> {
    err(input, format!("invalid value for `{what}`"))
}

/// True when `e` is only "unexpected end of input" (a missing value).
pub fn is_end_of_input(e: &ValueError<'_>) -> bool {
    matches!(
        e.kind,
        cssparser::ParseErrorKind::Basic(BasicParseErrorKind::EndOfInput)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use cssparser::ParserInput;

    fn color(s: &str) -> Option<Color> {
        let mut pi = ParserInput::new(s);
        let mut p = Parser::new(&mut pi);
        parse_color(&mut p).ok().flatten()
    }

    #[test]
    fn colours() {
        assert_eq!(color("#fff"), Some(Color::WHITE));
        assert_eq!(color("#ff000080"), Some(Color::rgba(255, 0, 0, 128)));
        assert_eq!(color("#1234"), Some(Color::rgba(0x11, 0x22, 0x33, 0x44)));
        assert_eq!(color("rgba(0, 0, 0, 0.2)"), Some(Color::rgba(0, 0, 0, 51)));
        assert_eq!(
            color("rgb(10 20 30 / 50%)"),
            Some(Color::rgba(10, 20, 30, 128))
        );
        assert_eq!(color("grey"), Some(Color::rgba(128, 128, 128, 255)));
        assert_eq!(color("Orange"), Some(Color::rgba(255, 165, 0, 255)));
        assert_eq!(color("transparent"), Some(Color::TRANSPARENT));
        assert_eq!(
            color("hsl(120, 100%, 50%)"),
            Some(Color::rgba(0, 255, 0, 255))
        );
        assert_eq!(color("nocolour"), None);
        assert_eq!(color("#12"), None);
    }

    #[test]
    fn rpx_resolves_with_viewport() {
        let cx = |w| LenContext {
            viewport: (w, 600.0),
            font_size: 16.0,
        };
        assert_eq!(Len::Rpx(750.0).to_px(&cx(750.0)), Some(750.0));
        assert_eq!(Len::Rpx(100.0).to_px(&cx(375.0)), Some(50.0));
        assert_eq!(Len::Em(2.0).to_px(&cx(375.0)), Some(32.0));
        assert_eq!(Len::Percent(0.5).to_px(&cx(375.0)), None);
    }
}
