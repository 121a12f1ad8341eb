//! Background images: `background-image` and the `background` shorthand, with `url()`
//! files and the gradients of CSS Images 3 §3 (`linear-gradient()`, `radial-gradient()`
//! and their `repeating-` forms). Lengths keep their unit until [`Gradient::resolve`];
//! the renderer turns the result into shaders. How an image is sized, placed and
//! repeated is [`super::background_tile`].

use std::sync::Arc;

use cssparser::{Parser, Token};

use super::background_tile::{parse_repeat, parse_size, Repeat, Size};

use super::computed::Color;
use super::properties::Declaration;
use super::values::{invalid, parse_color, parse_len, Len, LenContext, ValueError};

/// One colour stop (CSS Images 3 §3.5). A stop with two positions is parsed as two stops.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColorStop {
    /// The colour (`None` = `currentcolor` until resolved).
    pub color: Option<Color>,
    /// Position along the gradient line: a length or a percentage; `None` = placed by
    /// the fix-up of §3.5.3.
    pub position: Option<Len>,
}

/// The direction of a linear gradient (CSS Images 3 §3.1.1).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LinearDirection {
    /// An angle in degrees, clockwise from "to top".
    Angle(f32),
    /// `to <side-or-corner>`: x and y in -1 (left/top), 0, 1 (right/bottom); a corner
    /// depends on the box's aspect ratio.
    To(i8, i8),
}

/// The ending shape's size of a radial gradient (CSS Images 3 §3.2.1).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RadialSize {
    /// `closest-side`.
    ClosestSide,
    /// `farthest-side`.
    FarthestSide,
    /// `closest-corner`.
    ClosestCorner,
    /// `farthest-corner` (the default).
    FarthestCorner,
    /// Explicit radii: one length for a circle, two (length or percentage) for an
    /// ellipse.
    Explicit(Len, Len),
}

/// A gradient image.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub enum Gradient {
    /// `linear-gradient()` / `repeating-linear-gradient()`.
    Linear {
        /// The gradient line's direction.
        direction: LinearDirection,
        /// The colour stops, at least two.
        stops: Vec<ColorStop>,
        /// The `repeating-` form.
        repeating: bool,
    },
    /// `radial-gradient()` / `repeating-radial-gradient()`.
    Radial {
        /// `circle` (else an ellipse).
        circle: bool,
        /// The ending shape's size.
        size: RadialSize,
        /// The centre (`at <position>`), x and y from the box's top-left corner.
        center: [Len; 2],
        /// The colour stops, at least two.
        stops: Vec<ColorStop>,
        /// The `repeating-` form.
        repeating: bool,
    },
}

/// One background image layer (CSS Images 3 §2).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
pub enum Image {
    /// A gradient.
    Gradient(Gradient),
    /// `url()`: a file of the app package, relative to the page (the renderer's image
    /// source resolves it).
    Url(Arc<str>),
}

impl Image {
    /// The image with its lengths and colours resolved (see [`Gradient::resolve`]).
    pub fn resolve(&self, cx: &LenContext, current: Color) -> Image {
        match self {
            Image::Gradient(g) => Image::Gradient(g.resolve(cx, current)),
            Image::Url(u) => Image::Url(u.clone()),
        }
    }
}

impl Gradient {
    /// The colour stops.
    pub fn stops(&self) -> &[ColorStop] {
        match self {
            Gradient::Linear { stops, .. } | Gradient::Radial { stops, .. } => stops,
        }
    }

    /// The gradient with every length in px or a percentage and every colour
    /// resolved (`currentcolor` → `current`).
    pub fn resolve(&self, cx: &LenContext, current: Color) -> Gradient {
        let len = |l: Len| match l {
            Len::Percent(_) => l,
            _ => Len::Px(l.to_px(cx).filter(|v| v.is_finite()).unwrap_or(0.0)),
        };
        let stops = |s: &[ColorStop]| {
            s.iter()
                .map(|s| ColorStop {
                    color: Some(s.color.unwrap_or(current)),
                    position: s.position.map(len),
                })
                .collect()
        };
        match self {
            Gradient::Linear {
                direction,
                stops: s,
                repeating,
            } => Gradient::Linear {
                direction: *direction,
                stops: stops(s),
                repeating: *repeating,
            },
            Gradient::Radial {
                circle,
                size,
                center,
                stops: s,
                repeating,
            } => Gradient::Radial {
                circle: *circle,
                size: match *size {
                    RadialSize::Explicit(a, b) => RadialSize::Explicit(len(a), len(b)),
                    k => k,
                },
                center: center.map(len),
                stops: stops(s),
                repeating: *repeating,
            },
        }
    }
}

/// `background-image`: `none` (→ `None`) or a comma-separated list of images, the
/// first painted on top.
pub fn parse_background_image<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<Option<Arc<[Image]>>, ValueError<'i>> {
    let list = input.parse_comma_separated(|i| {
        if i.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
            return Ok(None);
        }
        parse_image(i).map(Some)
    })?;
    let images: Vec<Image> = list.into_iter().flatten().collect();
    Ok((!images.is_empty()).then(|| images.into()))
}

/// One `<image>`: `url()` or a gradient.
pub fn parse_image<'i>(input: &mut Parser<'i, '_>) -> Result<Image, ValueError<'i>> {
    if let Ok(url) = input.try_parse(|i| i.expect_url_or_string().map(|u| u.to_string())) {
        if url.is_empty() {
            return Err(invalid(input, "url()"));
        }
        return Ok(Image::Url(url.into()));
    }
    parse_gradient(input).map(Image::Gradient)
}

/// The `background` shorthand (CSS Backgrounds 3 §3.10): the colour (final layer
/// only), each layer's image, and the first layer's position, size and repeat (Mica
/// places every layer alike). Other components (`attachment`, boxes) are skipped; every
/// omitted longhand resets to its initial value.
pub fn parse_background<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<Vec<Declaration>, ValueError<'i>> {
    let mut color = Some(Color::TRANSPARENT);
    let mut images = Vec::new();
    let (mut position, mut size, mut repeat) = (None, None, None);
    while !input.is_exhausted() {
        if let Ok(c) = input.try_parse(parse_color) {
            color = c;
        } else if let Ok(g) = input.try_parse(parse_image) {
            images.push(g);
        } else if let Ok(r) = input.try_parse(parse_repeat) {
            repeat = repeat.or(Some(r));
        } else if let Ok(p) = input.try_parse(parse_position) {
            position = position.or(Some(p));
            if input.try_parse(|i| i.expect_delim('/')).is_ok() {
                let s = parse_size(input)?;
                size = size.or(Some(s));
            }
        } else {
            input.next()?;
        }
    }
    let images = (!images.is_empty()).then(|| images.into());
    Ok(vec![
        Declaration::BackgroundColor(color),
        Declaration::BackgroundImage(images),
        Declaration::BackgroundPosition(position.unwrap_or([Len::Percent(0.0); 2])),
        Declaration::BackgroundSize(size.unwrap_or(Size::Auto)),
        Declaration::BackgroundRepeat(repeat.unwrap_or(Repeat::BOTH)),
    ])
}

/// One gradient function.
pub fn parse_gradient<'i>(input: &mut Parser<'i, '_>) -> Result<Gradient, ValueError<'i>> {
    let location = input.current_source_location();
    let name = match input.next()? {
        Token::Function(name) => name.to_ascii_lowercase(),
        t => return Err(location.new_unexpected_token_error(t.clone())),
    };
    let (repeating, kind) = match name.strip_prefix("repeating-") {
        Some(rest) => (true, rest.to_string()),
        None => (false, name.clone()),
    };
    input.parse_nested_block(|i| match kind.as_str() {
        "linear-gradient" => linear(i, repeating),
        "radial-gradient" => radial(i, repeating),
        _ => Err(i.new_custom_error(format!("unsupported image function `{name}()`"))),
    })
}

fn linear<'i>(input: &mut Parser<'i, '_>, repeating: bool) -> Result<Gradient, ValueError<'i>> {
    let direction = if let Ok(a) = input.try_parse(parse_angle) {
        input.expect_comma()?;
        LinearDirection::Angle(a)
    } else if input.try_parse(|i| i.expect_ident_matching("to")).is_ok() {
        let (mut x, mut y) = (0i8, 0i8);
        for _ in 0..2 {
            let Ok(kw) = input.try_parse(|i| i.expect_ident().map(|s| s.to_ascii_lowercase()))
            else {
                break;
            };
            match kw.as_str() {
                "left" if x == 0 => x = -1,
                "right" if x == 0 => x = 1,
                "top" if y == 0 => y = -1,
                "bottom" if y == 0 => y = 1,
                _ => return Err(invalid(input, "linear-gradient")),
            }
        }
        if (x, y) == (0, 0) {
            return Err(invalid(input, "linear-gradient"));
        }
        input.expect_comma()?;
        LinearDirection::To(x, y)
    } else {
        LinearDirection::To(0, 1)
    };
    Ok(Gradient::Linear {
        direction,
        stops: stops(input)?,
        repeating,
    })
}

fn radial<'i>(input: &mut Parser<'i, '_>, repeating: bool) -> Result<Gradient, ValueError<'i>> {
    let (mut shape, mut size, mut center) = (None, None, None);
    let mut lengths = Vec::new();
    let mut any = false;
    loop {
        if let Ok(kw) = input.try_parse(|i| i.expect_ident().map(|s| s.to_ascii_lowercase())) {
            any = true;
            match kw.as_str() {
                "circle" | "ellipse" if shape.is_none() => shape = Some(kw == "circle"),
                "closest-side" if size.is_none() => size = Some(RadialSize::ClosestSide),
                "farthest-side" if size.is_none() => size = Some(RadialSize::FarthestSide),
                "closest-corner" if size.is_none() => size = Some(RadialSize::ClosestCorner),
                "farthest-corner" if size.is_none() => size = Some(RadialSize::FarthestCorner),
                "at" => {
                    center = Some(parse_position(input)?);
                    break;
                }
                _ => return Err(invalid(input, "radial-gradient")),
            }
        } else if lengths.len() < 2 && size.is_none() {
            match input.try_parse(|i| parse_len(i, false)) {
                Ok(l) => {
                    any = true;
                    lengths.push(l);
                }
                Err(_) => break,
            }
        } else {
            break;
        }
    }
    if !lengths.is_empty() {
        let negative = lengths
            .iter()
            .any(|l| matches!(l, Len::Px(v) | Len::Percent(v) if *v < 0.0));
        let circle = shape.unwrap_or(lengths.len() == 1);
        // A circle takes one length (no percentage); an ellipse two.
        let ok = if circle {
            lengths.len() == 1 && !matches!(lengths[0], Len::Percent(_))
        } else {
            lengths.len() == 2
        };
        if negative || !ok {
            return Err(invalid(input, "radial-gradient"));
        }
        shape = Some(circle);
        size = Some(RadialSize::Explicit(
            lengths[0],
            *lengths.get(1).unwrap_or(&lengths[0]),
        ));
    }
    if any {
        input.expect_comma()?;
    }
    Ok(Gradient::Radial {
        circle: shape.unwrap_or(false),
        size: size.unwrap_or(RadialSize::FarthestCorner),
        center: center.unwrap_or([Len::Percent(0.5); 2]),
        stops: stops(input)?,
        repeating,
    })
}

/// A colour-stop list: at least two stops, each `<color> <length-percentage>{0,2}`.
/// Transition hints (a position alone) are not supported.
fn stops<'i>(input: &mut Parser<'i, '_>) -> Result<Vec<ColorStop>, ValueError<'i>> {
    let mut out = Vec::new();
    let lists = input.parse_comma_separated(|i| {
        let color = parse_color(i)?;
        let mut here = Vec::with_capacity(1);
        while let Ok(p) = i.try_parse(|i| parse_len(i, false)) {
            if here.len() == 2 {
                return Err(invalid(i, "gradient"));
            }
            here.push(ColorStop {
                color,
                position: Some(p),
            });
        }
        if here.is_empty() {
            here.push(ColorStop {
                color,
                position: None,
            });
        }
        Ok(here)
    })?;
    for l in lists {
        out.extend(l);
    }
    if out.len() < 2 {
        return Err(invalid(input, "gradient"));
    }
    Ok(out)
}

/// An `<angle>` in degrees (CSS Values 3 §7.1); a unitless 0 is allowed.
pub fn parse_angle<'i>(input: &mut Parser<'i, '_>) -> Result<f32, ValueError<'i>> {
    let location = input.current_source_location();
    match input.next()?.clone() {
        Token::Dimension {
            value, ref unit, ..
        } => Ok(match unit.to_ascii_lowercase().as_str() {
            "deg" => value,
            "rad" => value.to_degrees(),
            "grad" => value * 0.9,
            "turn" => value * 360.0,
            _ => return Err(location.new_custom_error(format!("unsupported angle unit `{unit}`"))),
        }),
        Token::Number { value: 0.0, .. } => Ok(0.0),
        t => Err(location.new_unexpected_token_error(t)),
    }
}

/// A `<position>` (CSS Values 4 §8.3) of one or two values: keywords become
/// percentages; x first. The four-value form is not supported.
pub fn parse_position<'i>(input: &mut Parser<'i, '_>) -> Result<[Len; 2], ValueError<'i>> {
    let mut vals: Vec<(Len, Option<bool>)> = Vec::with_capacity(2);
    while vals.len() < 2 {
        if let Ok(kw) = input.try_parse(|i| i.expect_ident().map(|s| s.to_ascii_lowercase())) {
            // Some(true): horizontal keyword, Some(false): vertical, None: either.
            let v = match kw.as_str() {
                "left" => (Len::Percent(0.0), Some(true)),
                "right" => (Len::Percent(1.0), Some(true)),
                "top" => (Len::Percent(0.0), Some(false)),
                "bottom" => (Len::Percent(1.0), Some(false)),
                "center" => (Len::Percent(0.5), None),
                _ => return Err(invalid(input, "position")),
            };
            vals.push(v);
        } else if let Ok(l) = input.try_parse(|i| parse_len(i, false)) {
            vals.push((l, None));
        } else {
            break;
        }
    }
    let center = Len::Percent(0.5);
    Ok(match vals.as_slice() {
        [] => return Err(invalid(input, "position")),
        [(l, Some(false))] => [center, *l],
        [(l, _)] => [*l, center],
        [(a, ax), (b, bx)] => {
            // `top left` names y first; a length after a horizontal-only slot is y.
            if *ax == Some(false) || *bx == Some(true) {
                if *ax == Some(true) || *bx == Some(false) {
                    return Err(invalid(input, "position"));
                }
                [*b, *a]
            } else {
                [*a, *b]
            }
        }
        _ => return Err(invalid(input, "position")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cssparser::ParserInput;

    #[test]
    fn url_images() {
        let mut pi = ParserInput::new("url(\"tile.png\"), url(a/b.jpg), none");
        let mut p = Parser::new(&mut pi);
        let list = p
            .parse_entirely(parse_background_image)
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("parses"));
        assert_eq!(list[0], Image::Url("tile.png".into()));
        assert_eq!(list[1], Image::Url("a/b.jpg".into()));
        assert_eq!(list.len(), 2);
    }

    fn gradient(s: &str) -> Option<Gradient> {
        let mut pi = ParserInput::new(s);
        let mut p = Parser::new(&mut pi);
        p.parse_entirely(parse_gradient).ok()
    }

    #[test]
    fn linear_directions() {
        let dir = |s: &str| match gradient(s) {
            Some(Gradient::Linear { direction, .. }) => Some(direction),
            _ => None,
        };
        assert_eq!(
            dir("linear-gradient(red, blue)"),
            Some(LinearDirection::To(0, 1))
        );
        assert_eq!(
            dir("linear-gradient(0.25turn, red, blue)"),
            Some(LinearDirection::Angle(90.0))
        );
        assert_eq!(
            dir("linear-gradient(to bottom right, red, blue)"),
            Some(LinearDirection::To(1, 1))
        );
        assert_eq!(
            dir("linear-gradient(to left top, red, blue)"),
            Some(LinearDirection::To(-1, -1))
        );
        for bad in [
            "linear-gradient(red)",
            "linear-gradient(to, red, blue)",
            "linear-gradient(to left right, red, blue)",
            "linear-gradient(45, red, blue)",
            "conic-gradient(red, blue)",
        ] {
            assert_eq!(gradient(bad), None, "{bad}");
        }
    }

    #[test]
    fn stops_with_positions() {
        let Some(g) = gradient("linear-gradient(90deg, red 0, red 25%, blue 25% 50%, #fff)") else {
            panic!("parses");
        };
        let pos: Vec<_> = g.stops().iter().map(|s| s.position).collect();
        assert_eq!(
            pos,
            [
                Some(Len::Px(0.0)),
                Some(Len::Percent(0.25)),
                Some(Len::Percent(0.25)),
                Some(Len::Percent(0.5)),
                None
            ]
        );
    }

    #[test]
    fn radial_forms() {
        match gradient("radial-gradient(circle at 30% 40%, #fff 0, #43a047 40px, #000 80px)") {
            Some(Gradient::Radial {
                circle: true,
                size: RadialSize::FarthestCorner,
                center,
                stops,
                ..
            }) => {
                assert_eq!(center, [Len::Percent(0.3), Len::Percent(0.4)]);
                assert_eq!(stops.len(), 3);
            }
            g => panic!("{g:?}"),
        }
        match gradient("radial-gradient(ellipse at top left, red, blue)") {
            Some(Gradient::Radial {
                circle: false,
                center,
                ..
            }) => assert_eq!(center, [Len::Percent(0.0); 2]),
            g => panic!("{g:?}"),
        }
        match gradient("repeating-radial-gradient(20px, red, blue)") {
            Some(Gradient::Radial {
                circle: true,
                size: RadialSize::Explicit(Len::Px(20.0), _),
                repeating: true,
                ..
            }) => {}
            g => panic!("{g:?}"),
        }
        assert_eq!(gradient("radial-gradient(circle 10%, red, blue)"), None);
        assert_eq!(gradient("radial-gradient(at, red, blue)"), None);
    }

    #[test]
    fn background_shorthand_keeps_colour_and_gradient() {
        let mut pi = ParserInput::new("#fdd835 linear-gradient(red, blue) no-repeat");
        let mut p = Parser::new(&mut pi);
        let d = p.parse_entirely(parse_background).unwrap_or_default();
        assert_eq!(d.len(), 5);
        assert_eq!(
            d[0],
            Declaration::BackgroundColor(Some(Color::rgba(0xfd, 0xd8, 0x35, 255)))
        );
        assert!(matches!(&d[1], Declaration::BackgroundImage(Some(l)) if l.len() == 1));
        assert_eq!(d[4], Declaration::BackgroundRepeat(Repeat::NONE));
    }
}
