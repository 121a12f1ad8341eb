//! `box-shadow` (CSS Backgrounds 3 §7.1): parsing the shadow list and resolving its
//! lengths to px. The renderer draws the shadows (blur, spread, `inset`).

use std::sync::Arc;

use cssparser::Parser;

use super::computed::Color;
use super::values::{invalid, parse_color, parse_len, Len, LenContext, ValueError};

/// One shadow of a `box-shadow` list. Declared lengths keep their unit; after
/// [`BoxShadow::resolve`] they are all [`Len::Px`] and `color` is never `None`.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoxShadow {
    /// `inset`: drawn inside the padding box instead of outside the border box.
    pub inset: bool,
    /// Horizontal offset.
    pub x: Len,
    /// Vertical offset.
    pub y: Len,
    /// Blur radius (never negative); the blur is a Gaussian with σ = blur / 2.
    pub blur: Len,
    /// Spread distance (may be negative).
    pub spread: Len,
    /// The colour (`None` = `currentcolor`).
    pub color: Option<Color>,
}

impl BoxShadow {
    /// The offsets, blur and spread in px (percentages are not valid here and become
    /// 0); `currentcolor` becomes `current`.
    pub fn resolve(&self, cx: &LenContext, current: Color) -> BoxShadow {
        let px = |l: Len| Len::Px(l.to_px(cx).filter(|v| v.is_finite()).unwrap_or(0.0));
        BoxShadow {
            inset: self.inset,
            x: px(self.x),
            y: px(self.y),
            blur: match px(self.blur) {
                Len::Px(v) => Len::Px(v.max(0.0)),
                l => l,
            },
            spread: px(self.spread),
            color: Some(self.color.unwrap_or(current)),
        }
    }

    /// A resolved length in px (0 for anything unresolved).
    pub fn px(l: Len) -> f32 {
        match l {
            Len::Px(v) if v.is_finite() => v,
            _ => 0.0,
        }
    }
}

/// Parses `none` (→ `None`) or a comma-separated list of
/// `inset? && <length>{2,4} && <color>?` (CSS Backgrounds 3 §7.1).
pub fn parse_box_shadow<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<Option<Arc<[BoxShadow]>>, ValueError<'i>> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(None);
    }
    let list = input.parse_comma_separated(one_shadow)?;
    Ok(Some(list.into()))
}

fn one_shadow<'i>(input: &mut Parser<'i, '_>) -> Result<BoxShadow, ValueError<'i>> {
    let (mut inset, mut color, mut lengths) = (false, None, Vec::with_capacity(4));
    while !input.is_exhausted() {
        if !inset
            && input
                .try_parse(|i| i.expect_ident_matching("inset"))
                .is_ok()
        {
            inset = true;
            continue;
        }
        if color.is_none() {
            if let Ok(c) = input.try_parse(parse_color) {
                color = Some(c);
                continue;
            }
        }
        // The lengths come as one run: no keyword or colour between them.
        if lengths.is_empty() {
            while lengths.len() < 4 {
                match input.try_parse(|i| parse_len(i, false)) {
                    Ok(Len::Percent(_)) => return Err(invalid(input, "box-shadow")),
                    Ok(l) => lengths.push(l),
                    Err(_) => break,
                }
            }
            if !lengths.is_empty() {
                continue;
            }
        }
        return Err(invalid(input, "box-shadow"));
    }
    if lengths.len() < 2 {
        return Err(invalid(input, "box-shadow"));
    }
    let blur = lengths.get(2).copied().unwrap_or(Len::Px(0.0));
    if matches!(blur, Len::Px(v) | Len::Rpx(v) | Len::Em(v) | Len::Rem(v) if v < 0.0) {
        return Err(invalid(input, "box-shadow"));
    }
    Ok(BoxShadow {
        inset,
        x: lengths[0],
        y: lengths[1],
        blur,
        spread: lengths.get(3).copied().unwrap_or(Len::Px(0.0)),
        color: color.flatten(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cssparser::ParserInput;

    fn parse(s: &str) -> Option<Option<Arc<[BoxShadow]>>> {
        let mut pi = ParserInput::new(s);
        let mut p = Parser::new(&mut pi);
        p.parse_entirely(parse_box_shadow).ok()
    }

    #[test]
    fn shadow_lists() {
        let list = parse("0 8px 20px rgba(0, 0, 0, 0.5), inset 0 0 0 14px #43a047")
            .flatten()
            .unwrap_or_else(|| panic!("parses"));
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].y, Len::Px(8.0));
        assert_eq!(list[0].blur, Len::Px(20.0));
        assert_eq!(list[0].color, Some(Color::rgba(0, 0, 0, 128)));
        assert!(!list[0].inset);
        assert!(list[1].inset);
        assert_eq!(list[1].spread, Len::Px(14.0));
        // Colour first, `inset` last.
        let l = parse("red 1px 2px inset")
            .flatten()
            .unwrap_or_else(|| panic!());
        assert_eq!((l[0].inset, l[0].x), (true, Len::Px(1.0)));
        assert_eq!(l[0].color, Some(Color::rgba(255, 0, 0, 255)));
        assert_eq!(parse("none"), Some(None));
    }

    #[test]
    fn invalid_shadows_are_rejected() {
        for bad in [
            "1px",
            "1px 2px -3px",
            "inset inset 1px 1px",
            "1px red 2px",
            "10%  1px",
            "",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn resolves_units_and_currentcolor() {
        let s = parse("1em 0 2rpx").flatten().unwrap_or_else(|| panic!())[0].resolve(
            &LenContext {
                viewport: (750.0, 100.0),
                font_size: 10.0,
            },
            Color::WHITE,
        );
        assert_eq!((s.x, s.blur), (Len::Px(10.0), Len::Px(2.0)));
        assert_eq!(s.color, Some(Color::WHITE));
    }
}
