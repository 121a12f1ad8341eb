//! How a background image is sized, placed and repeated (CSS Backgrounds 3 §3.9
//! `background-size`, §3.6 `background-position`, §3.4 `background-repeat`). Mica keeps
//! one value of each and applies it to every layer (the first of a comma-separated list).

use cssparser::Parser;

use super::background::parse_position;
use super::values::{invalid, parse_len, Len, LenContext, ValueError};

/// `background-repeat`: whether the image tiles along x and along y. `space` and
/// `round` tile as `repeat` does.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Repeat {
    /// Tiles horizontally.
    pub x: bool,
    /// Tiles vertically.
    pub y: bool,
}

impl Repeat {
    /// `repeat` (the initial value).
    pub const BOTH: Repeat = Repeat { x: true, y: true };
    /// `no-repeat`.
    pub const NONE: Repeat = Repeat { x: false, y: false };
}

/// `background-size`.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Size {
    /// The image's own size (the initial value).
    Auto,
    /// Scaled, keeping its ratio, to cover the positioning area.
    Cover,
    /// Scaled, keeping its ratio, to fit inside the positioning area.
    Contain,
    /// Width and height (`None` = `auto`), percentages of the positioning area.
    Explicit(Option<Len>, Option<Len>),
}

/// The computed tile properties.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tile {
    /// `background-position`: x and y, px or a fraction of the free space.
    pub position: [Len; 2],
    /// `background-size`.
    pub size: Size,
    /// `background-repeat`.
    pub repeat: Repeat,
}

impl Default for Tile {
    fn default() -> Self {
        Tile {
            position: [Len::Percent(0.0); 2],
            size: Size::Auto,
            repeat: Repeat::BOTH,
        }
    }
}

/// `l` in px unless it is a percentage.
pub fn resolve_len(l: Len, cx: &LenContext) -> Len {
    match l {
        Len::Percent(_) => l,
        _ => Len::Px(l.to_px(cx).filter(|v| v.is_finite()).unwrap_or(0.0)),
    }
}

/// One `<repeat-style>`.
pub fn parse_repeat<'i>(input: &mut Parser<'i, '_>) -> Result<Repeat, ValueError<'i>> {
    let one = |i: &mut Parser<'i, '_>| -> Result<Option<bool>, ValueError<'i>> {
        let kw = i.expect_ident()?.to_ascii_lowercase();
        Ok(match kw.as_str() {
            "repeat" | "space" | "round" => Some(true),
            "no-repeat" => Some(false),
            "repeat-x" | "repeat-y" => None,
            _ => return Err(invalid(i, "background-repeat")),
        })
    };
    let state = input.state();
    let kw = input.expect_ident()?.to_ascii_lowercase();
    match kw.as_str() {
        "repeat-x" => return Ok(Repeat { x: true, y: false }),
        "repeat-y" => return Ok(Repeat { x: false, y: true }),
        _ => input.reset(&state),
    }
    let Some(x) = one(input)? else {
        return Err(invalid(input, "background-repeat"));
    };
    let y = match input.try_parse(one) {
        Ok(Some(y)) => y,
        Ok(None) => return Err(invalid(input, "background-repeat")),
        Err(_) => x,
    };
    Ok(Repeat { x, y })
}

/// One `<bg-size>`.
pub fn parse_size<'i>(input: &mut Parser<'i, '_>) -> Result<Size, ValueError<'i>> {
    if let Ok(kw) = input.try_parse(|i| i.expect_ident().map(|s| s.to_ascii_lowercase())) {
        match kw.as_str() {
            "cover" => return Ok(Size::Cover),
            "contain" => return Ok(Size::Contain),
            "auto" => {}
            _ => return Err(invalid(input, "background-size")),
        }
        let h = input.try_parse(|i| parse_len(i, true)).ok();
        return Ok(match h {
            None | Some(Len::Auto) => Size::Auto,
            Some(h) => Size::Explicit(None, Some(h)),
        });
    }
    let w = parse_len(input, false)?;
    let h = input
        .try_parse(|i| parse_len(i, true))
        .ok()
        .filter(|h| *h != Len::Auto);
    Ok(Size::Explicit(Some(w), h))
}

/// The first of a comma-separated list of `one`s (the other layers are placed alike).
pub fn first_of<'i, T>(
    input: &mut Parser<'i, '_>,
    one: fn(&mut Parser<'i, '_>) -> Result<T, ValueError<'i>>,
) -> Result<T, ValueError<'i>> {
    let mut list = input.parse_comma_separated(one)?;
    Ok(list.swap_remove(0))
}

/// `background-position`.
pub fn parse_background_position<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<[Len; 2], ValueError<'i>> {
    first_of(input, parse_position)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::properties::{parse_value, Declaration};

    #[test]
    fn tile_properties() {
        assert_eq!(
            parse_value("background-repeat", "repeat-x"),
            Some(vec![Declaration::BackgroundRepeat(Repeat {
                x: true,
                y: false
            })])
        );
        assert_eq!(
            parse_value("background-repeat", "repeat no-repeat"),
            Some(vec![Declaration::BackgroundRepeat(Repeat {
                x: true,
                y: false
            })])
        );
        assert_eq!(parse_value("background-repeat", "repeat-x repeat"), None);
        assert_eq!(
            parse_value("background-size", "100% 50%"),
            Some(vec![Declaration::BackgroundSize(Size::Explicit(
                Some(Len::Percent(1.0)),
                Some(Len::Percent(0.5))
            ))])
        );
        assert_eq!(
            parse_value("background-size", "cover"),
            Some(vec![Declaration::BackgroundSize(Size::Cover)])
        );
        assert_eq!(
            parse_value("background-position", "center, 0 0"),
            Some(vec![Declaration::BackgroundPosition(
                [Len::Percent(0.5); 2]
            )])
        );
        assert_eq!(parse_value("background-size", "big"), None);
    }
}
