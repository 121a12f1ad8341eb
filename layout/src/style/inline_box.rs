//! The properties of inline-level boxes: the outer display type that `display: inline`,
//! `inline-block`, `inline-flex` and `inline-grid` give a box (CSS Display 3 §2.1; the
//! inner type stays in `taffy::Style::display`), and `vertical-align` (CSS 2.1 §10.8.1),
//! which places an inline-level box in its line. The `inline` module lays them out.

use cssparser::{Parser, Token};

use super::computed::ComputedStyle;
use super::properties::Declaration;
use super::values::{invalid, parse_len, Len, LenContext, ValueError};

/// How a box takes part in its parent's layout.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OuterDisplay {
    /// Block-level (`block`, `flex`, `grid`, ...). Mica's initial value: an element without
    /// a `display` is a block, as WeChat's `view` (its user-agent sheet makes `text`
    /// inline).
    #[default]
    Block,
    /// `inline`: its content flows in the lines of the paragraph it is in, and its box is
    /// cut into one fragment per line.
    Inline,
    /// `inline-block`, `inline-flex`, `inline-grid`: an atomic box placed in a line.
    Atomic,
}

/// `vertical-align` with its length resolved (CSS 2.1 §10.8.1).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum VerticalAlign {
    /// The box's baseline on its parent's.
    #[default]
    Baseline,
    /// Lowered to the parent's subscript position.
    Sub,
    /// Raised to the parent's superscript position.
    Super,
    /// The box's top on the parent's content area top.
    TextTop,
    /// The box's bottom on the parent's content area bottom.
    TextBottom,
    /// The box's middle half the parent's x-height above its baseline.
    Middle,
    /// The box's top on the line box's top.
    Top,
    /// The box's bottom on the line box's bottom.
    Bottom,
    /// Raised by this many px (a length).
    Raise(f32),
    /// Raised by this fraction of the box's own `line-height` (a percentage).
    RaiseLineHeight(f32),
}

/// The computed inline-level properties of a box (neither is inherited).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct InlineBox {
    /// The outer display type.
    pub outer: OuterDisplay,
    /// `vertical-align`.
    pub vertical_align: VerticalAlign,
}

/// `vertical-align` as declared (its length unresolved).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum VerticalAlignDecl {
    /// A keyword (never `Raise`/`RaiseLineHeight`).
    Keyword(VerticalAlign),
    /// A length or percentage.
    Length(Len),
}

/// One declared inline-level property (the payload of [`Declaration::Inline`]).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum InlineDecl {
    /// The outer display type, declared with every `display`.
    Outer(OuterDisplay),
    /// `vertical-align`.
    VerticalAlign(VerticalAlignDecl),
}

/// The outer display type of a `display` keyword (lower-case).
pub fn outer_of(keyword: &str) -> OuterDisplay {
    match keyword {
        "inline" => OuterDisplay::Inline,
        "inline-block" | "inline-flex" | "inline-grid" | "-webkit-inline-box" => {
            OuterDisplay::Atomic
        }
        _ => OuterDisplay::Block,
    }
}

/// The declaration of `display: keyword`'s outer type.
pub fn outer_declaration(keyword: &str) -> Declaration {
    Declaration::Inline(InlineDecl::Outer(outer_of(keyword)))
}

/// Parses `vertical-align`.
pub fn parse_vertical_align<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<Vec<Declaration>, ValueError<'i>> {
    let state = input.state();
    if let Ok(Token::Ident(id)) = input.next().cloned() {
        let k = match id.to_ascii_lowercase().as_str() {
            "baseline" => VerticalAlign::Baseline,
            "sub" => VerticalAlign::Sub,
            "super" => VerticalAlign::Super,
            "text-top" => VerticalAlign::TextTop,
            "text-bottom" => VerticalAlign::TextBottom,
            "middle" => VerticalAlign::Middle,
            "top" => VerticalAlign::Top,
            "bottom" => VerticalAlign::Bottom,
            _ => return Err(invalid(input, "vertical-align")),
        };
        return Ok(vec![Declaration::Inline(InlineDecl::VerticalAlign(
            VerticalAlignDecl::Keyword(k),
        ))]);
    }
    input.reset(&state);
    let len = parse_len(input, false)?;
    Ok(vec![Declaration::Inline(InlineDecl::VerticalAlign(
        VerticalAlignDecl::Length(len),
    ))])
}

/// Applies one declared inline-level property to `s`.
pub fn apply(d: &InlineDecl, s: &mut ComputedStyle, cx: &LenContext) {
    match *d {
        InlineDecl::Outer(o) => s.inline_box.outer = o,
        InlineDecl::VerticalAlign(VerticalAlignDecl::Keyword(k)) => s.inline_box.vertical_align = k,
        InlineDecl::VerticalAlign(VerticalAlignDecl::Length(Len::Percent(p))) => {
            s.inline_box.vertical_align = VerticalAlign::RaiseLineHeight(p)
        }
        InlineDecl::VerticalAlign(VerticalAlignDecl::Length(l)) => {
            if let Some(px) = l.to_px(cx).filter(|v| v.is_finite()) {
                s.inline_box.vertical_align = VerticalAlign::Raise(px);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::properties::parse_value;

    fn inline(name: &str, value: &str) -> Vec<InlineDecl> {
        parse_value(name, value)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| match d {
                Declaration::Inline(i) => Some(i),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn display_declares_its_outer_type() {
        assert_eq!(
            inline("display", "inline"),
            [InlineDecl::Outer(OuterDisplay::Inline)]
        );
        for k in ["inline-block", "inline-flex", "inline-grid"] {
            assert_eq!(
                inline("display", k),
                [InlineDecl::Outer(OuterDisplay::Atomic)]
            );
        }
        for k in ["block", "flex", "grid", "none"] {
            assert_eq!(
                inline("display", k),
                [InlineDecl::Outer(OuterDisplay::Block)]
            );
        }
    }

    #[test]
    fn vertical_align_keywords_and_lengths() {
        assert_eq!(
            inline("vertical-align", "middle"),
            [InlineDecl::VerticalAlign(VerticalAlignDecl::Keyword(
                VerticalAlign::Middle
            ))]
        );
        assert_eq!(
            inline("vertical-align", "-4px"),
            [InlineDecl::VerticalAlign(VerticalAlignDecl::Length(
                Len::Px(-4.0)
            ))]
        );
        assert!(parse_value("vertical-align", "sideways").is_none());
        assert!(parse_value("vertical-align", "top 2px").is_none());
    }
}
