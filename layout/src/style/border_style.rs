//! `border-style` line styles (CSS Backgrounds 3 §4.2). Whether a side is drawn at all is
//! [`Declaration::BorderStyle`] (a `none`/`hidden` side has a used width of 0); which line
//! it is drawn with is [`Declaration::BorderLineStyle`], read by the renderer.

use cssparser::Parser;

use super::properties::{Declaration, Side};
use super::values::{invalid, ValueError};

/// How a border side is drawn.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LineStyle {
    /// `none` or `hidden`: not drawn.
    None,
    /// `solid`; also `double`, `groove`, `ridge`, `inset` and `outset`, which Mica paints
    /// solid.
    #[default]
    Solid,
    /// `dashed`: dashes twice as long as the width with gaps of about the width, spread
    /// evenly (as Chromium draws them).
    Dashed,
    /// `dotted`: round dots as wide as the border, about a width apart.
    Dotted,
}

impl LineStyle {
    /// True unless the side is not drawn.
    pub fn visible(self) -> bool {
        self != LineStyle::None
    }
}

/// One `<line-style>` keyword.
pub fn line_style<'i>(input: &mut Parser<'i, '_>) -> Result<LineStyle, ValueError<'i>> {
    let kw = input.expect_ident()?.to_ascii_lowercase();
    Ok(match kw.as_str() {
        "none" | "hidden" => LineStyle::None,
        "solid" | "double" | "groove" | "ridge" | "inset" | "outset" => LineStyle::Solid,
        "dashed" => LineStyle::Dashed,
        "dotted" => LineStyle::Dotted,
        _ => return Err(invalid(input, "border-style")),
    })
}

/// The longhands a side's line style sets.
pub fn style_decls(side: Side, style: LineStyle) -> [Declaration; 2] {
    [
        Declaration::BorderStyle(side, style.visible()),
        Declaration::BorderLineStyle(side, style),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::properties::parse_value;

    #[test]
    fn border_styles_keep_their_line() {
        let d = parse_value("border", "2px dotted red").unwrap_or_default();
        assert!(d.contains(&Declaration::BorderLineStyle(Side::Left, LineStyle::Dotted)));
        assert!(d.contains(&Declaration::BorderStyle(Side::Left, true)));
        let d = parse_value("border-style", "dashed none").unwrap_or_default();
        assert!(d.contains(&Declaration::BorderLineStyle(Side::Top, LineStyle::Dashed)));
        assert!(d.contains(&Declaration::BorderStyle(Side::Right, false)));
        let d = parse_value("border-top-style", "groove").unwrap_or_default();
        assert_eq!(
            d[1],
            Declaration::BorderLineStyle(Side::Top, LineStyle::Solid)
        );
        assert_eq!(parse_value("border-style", "wavy"), None);
    }
}
