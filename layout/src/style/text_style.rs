//! The text properties: `white-space` (CSS Text 3 §3), `word-break` and `overflow-wrap`
//! (§5.2, §5.5), `letter-spacing` (§8.2), `text-decoration` (CSS Text Decoration 3 §2),
//! `text-shadow` (§4), `font-style` (CSS Fonts 4 §2.4), `text-overflow` (CSS Overflow 3
//! §4) and the legacy line clamp (`display: -webkit-box`, `-webkit-box-orient`,
//! `-webkit-line-clamp`, CSS Overflow 4 §4.2): their declared values, parsing, computed
//! values and how a text node gets them from its element.
//!
//! The inherited ones live in [`TextStyle`]; `text-decoration` is not inherited but
//! propagates to the text of every in-flow descendant (CSS Text Decoration 3 §2), which
//! Mica approximates by inheriting it, so it is kept there too. The ones that
//! belong to the block container whose lines they shape (`text-overflow`, line clamp) are
//! in [`TextBlockStyle`]: an element's own, copied onto its text nodes only.

use std::sync::Arc;

use cssparser::{Parser, Token};

use super::computed::{Color, ComputedStyle, Overflow};
use super::properties::Declaration;
use super::values::{any_order, invalid, parse_color, parse_len, Len, LenContext, ValueError};

/// `white-space` (CSS Text 3 §3, the CSS 2.1 keywords and `break-spaces`).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WhiteSpace {
    /// Collapse white space and newlines, wrap.
    #[default]
    Normal,
    /// Collapse, do not wrap.
    NoWrap,
    /// Keep spaces and newlines, do not wrap.
    Pre,
    /// Keep spaces and newlines, wrap; trailing spaces hang.
    PreWrap,
    /// Collapse spaces, keep newlines, wrap.
    PreLine,
    /// Keep spaces and newlines, wrap; spaces take room and can wrap.
    BreakSpaces,
}

impl WhiteSpace {
    /// Runs of spaces and tabs collapse to one (CSS Text 3 §4.1.1).
    pub fn collapses_spaces(self) -> bool {
        matches!(
            self,
            WhiteSpace::Normal | WhiteSpace::NoWrap | WhiteSpace::PreLine
        )
    }
    /// Newlines are forced line breaks rather than spaces (§4.1.2).
    pub fn keeps_newlines(self) -> bool {
        !matches!(self, WhiteSpace::Normal | WhiteSpace::NoWrap)
    }
    /// Lines may wrap at soft wrap opportunities (§3).
    pub fn wraps(self) -> bool {
        !matches!(self, WhiteSpace::NoWrap | WhiteSpace::Pre)
    }
}

/// `word-break` (CSS Text 3 §5.2); `break-word` is parsed as `normal` plus
/// `overflow-wrap: anywhere`, as the spec says.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WordBreak {
    /// UAX #14 opportunities.
    #[default]
    Normal,
    /// Also between any two letters.
    BreakAll,
    /// Not between letters, CJK included: only at spaces and punctuation.
    KeepAll,
}

/// `overflow-wrap` / `word-wrap` (CSS Text 3 §5.5).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OverflowWrap {
    /// A word wider than the line overflows it.
    #[default]
    Normal,
    /// Such a word breaks between letters; min-content sizes ignore those breaks.
    BreakWord,
    /// As `break-word`, and min-content sizes count them.
    Anywhere,
}

/// `font-style` (CSS Fonts 4 §2.4): `oblique` is drawn as `italic` (one slant).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FontStyle {
    /// Upright.
    #[default]
    Normal,
    /// Slanted: an italic face, or the upright one skewed.
    Italic,
}

/// `text-decoration-style` (CSS Text Decoration 3 §2.3); every style but `double` is
/// painted solid for now.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DecorationStyle {
    /// One line.
    #[default]
    Solid,
    /// Two lines.
    Double,
    /// Dots (painted solid).
    Dotted,
    /// Dashes (painted solid).
    Dashed,
    /// A wave (painted solid).
    Wavy,
}

/// The lines of `text-decoration-line` (CSS Text Decoration 3 §2.1), as bits.
pub mod line {
    /// Below the baseline.
    pub const UNDERLINE: u8 = 1;
    /// Above the text.
    pub const OVERLINE: u8 = 2;
    /// Through the middle.
    pub const LINE_THROUGH: u8 = 4;
}

/// A text's decorations (CSS Text Decoration 3 §2).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct TextDecoration {
    /// [`line`](mod@line) bits; 0 is `none`.
    pub lines: u8,
    /// `text-decoration-color`; `None` is `currentcolor` (the text's colour).
    pub color: Option<Color>,
    /// `text-decoration-style`.
    pub style: DecorationStyle,
}

/// One `text-shadow` (CSS Text Decoration 3 §4), lengths in px.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextShadow {
    /// Horizontal offset.
    pub x: f32,
    /// Vertical offset.
    pub y: f32,
    /// Blur radius (a Gaussian with σ = blur / 2), never negative.
    pub blur: f32,
    /// `None` is `currentcolor` (the text's colour).
    pub color: Option<Color>,
}

/// A `text-shadow` as declared (lengths in their unit).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextShadowDecl {
    /// Horizontal offset.
    pub x: Len,
    /// Vertical offset.
    pub y: Len,
    /// Blur radius.
    pub blur: Len,
    /// `None` is `currentcolor`.
    pub color: Option<Color>,
}

/// The computed inherited text properties of a node.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TextStyle {
    /// `white-space`.
    pub white_space: WhiteSpace,
    /// `word-break`.
    pub word_break: WordBreak,
    /// `overflow-wrap`.
    pub overflow_wrap: OverflowWrap,
    /// `letter-spacing` in px (`normal` is 0).
    pub letter_spacing: f32,
    /// `font-style`.
    pub font_style: FontStyle,
    /// `text-decoration` (propagated to descendants' text, see the module docs).
    pub decoration: TextDecoration,
    /// `text-shadow`, first shadow on top; `None` is `none`.
    pub shadows: Option<Arc<[TextShadow]>>,
    /// `text-align: justify` (its alignment is otherwise `left`).
    pub justify: bool,
}

/// The block container properties that shape its own lines (not inherited; an element's
/// text nodes get its values, see [`for_text_node`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct TextBlockStyle {
    /// `text-overflow: ellipsis` (on a text node: and the element clips its overflow).
    pub ellipsis: bool,
    /// The used `-webkit-line-clamp`: only with `display: -webkit-box` and
    /// `-webkit-box-orient: vertical`, as in browsers.
    pub line_clamp: Option<u32>,
    /// `display: -webkit-box` (laid out as a block).
    pub webkit_box: bool,
    /// `-webkit-box-orient: vertical`.
    pub box_orient_vertical: bool,
    /// `-webkit-line-clamp` as declared.
    pub declared_clamp: Option<u32>,
    /// This box's lines end with an ellipsis when cut: its own `text-overflow` on a box
    /// that clips, or an ancestor's (see [`finish`]).
    pub cut_ellipsis: bool,
    /// The line clamp of this box's lines: its own, or an ancestor's.
    pub cut_clamp: Option<u32>,
    /// On a text node in a WeChat `<text>`: its newlines are line breaks whatever
    /// `white-space` says of the other white space (as the `<text>` component renders
    /// them), as with `white-space-collapse: preserve-breaks` (CSS Text 4 §3.1).
    pub keep_newlines: bool,
}

/// One declared text property (the payload of [`Declaration::Text`]).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum TextDecl {
    /// `white-space`.
    WhiteSpace(WhiteSpace),
    /// `word-break`.
    WordBreak(WordBreak),
    /// `overflow-wrap` / `word-wrap`.
    OverflowWrap(OverflowWrap),
    /// `letter-spacing` (`None` is `normal`).
    LetterSpacing(Option<Len>),
    /// `font-style`.
    FontStyle(FontStyle),
    /// `text-decoration-line` bits.
    DecorationLine(u8),
    /// `text-decoration-color` (`None` is `currentcolor`).
    DecorationColor(Option<Color>),
    /// `text-decoration-style`.
    DecorationStyle(DecorationStyle),
    /// `text-shadow` (empty is `none`).
    Shadows(Vec<TextShadowDecl>),
    /// `text-overflow`: `true` for `ellipsis`.
    TextOverflow(bool),
    /// `display: -webkit-box` / `-webkit-inline-box`.
    WebkitBox,
    /// `-webkit-box-orient`: `true` for `vertical`.
    BoxOrientVertical(bool),
    /// `-webkit-line-clamp` (`None` is `none`).
    LineClamp(Option<u32>),
    /// Whether `text-align` is `justify` (declared with every `text-align`).
    Justify(bool),
}

fn ident<'i>(input: &mut Parser<'i, '_>) -> Result<String, ValueError<'i>> {
    Ok(input.expect_ident()?.to_ascii_lowercase())
}

/// Parses the text property `name` (lower-case): `None` when it is not one of them.
pub fn parse<'i>(
    name: &str,
    input: &mut Parser<'i, '_>,
) -> Option<Result<Vec<Declaration>, ValueError<'i>>> {
    let one = |d: Result<TextDecl, ValueError<'i>>| d.map(|d| vec![Declaration::Text(d)]);
    Some(match name {
        "white-space" => one(white_space(input)),
        "word-break" => word_break(input).map(|(wb, ow)| {
            let mut v = vec![Declaration::Text(TextDecl::WordBreak(wb))];
            v.extend(ow.map(|o| Declaration::Text(TextDecl::OverflowWrap(o))));
            v
        }),
        "overflow-wrap" | "word-wrap" => one(overflow_wrap(input)),
        "letter-spacing" => one(letter_spacing(input)),
        "font-style" => one(font_style(input)),
        "text-decoration-line" => one(decoration_line(input).map(TextDecl::DecorationLine)),
        "text-decoration-color" => one(parse_color(input).map(TextDecl::DecorationColor)),
        "text-decoration-style" => one(decoration_style(input).map(TextDecl::DecorationStyle)),
        "text-decoration" => decoration_shorthand(input),
        "text-shadow" => one(shadows(input)),
        "text-overflow" => one(text_overflow(input)),
        "-webkit-box-orient" => one(box_orient(input)),
        "-webkit-line-clamp" => one(line_clamp(input)),
        _ => return None,
    })
}

/// The initial value of text property `name` as CSS text (see
/// [`super::properties::initial_value`]).
pub fn initial_value(name: &str) -> Option<&'static str> {
    Some(match name {
        "white-space" | "word-break" | "overflow-wrap" | "word-wrap" | "letter-spacing"
        | "font-style" => "normal",
        "text-decoration-line" | "text-shadow" | "text-decoration" => "none",
        "text-decoration-color" => "currentcolor",
        "text-decoration-style" => "solid",
        "text-overflow" => "clip",
        // Not standard; WebKit's initial value.
        "-webkit-box-orient" => "horizontal",
        "-webkit-line-clamp" => "none",
        _ => return None,
    })
}

fn white_space<'i>(input: &mut Parser<'i, '_>) -> Result<TextDecl, ValueError<'i>> {
    Ok(TextDecl::WhiteSpace(match ident(input)?.as_str() {
        "normal" => WhiteSpace::Normal,
        "nowrap" => WhiteSpace::NoWrap,
        "pre" => WhiteSpace::Pre,
        "pre-wrap" => WhiteSpace::PreWrap,
        "pre-line" => WhiteSpace::PreLine,
        "break-spaces" => WhiteSpace::BreakSpaces,
        _ => return Err(invalid(input, "white-space")),
    }))
}

/// `word-break`, and the `overflow-wrap` that `break-word` implies.
fn word_break<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<(WordBreak, Option<OverflowWrap>), ValueError<'i>> {
    Ok(match ident(input)?.as_str() {
        "normal" => (WordBreak::Normal, None),
        "break-all" => (WordBreak::BreakAll, None),
        "keep-all" => (WordBreak::KeepAll, None),
        "break-word" => (WordBreak::Normal, Some(OverflowWrap::Anywhere)),
        _ => return Err(invalid(input, "word-break")),
    })
}

fn overflow_wrap<'i>(input: &mut Parser<'i, '_>) -> Result<TextDecl, ValueError<'i>> {
    Ok(TextDecl::OverflowWrap(match ident(input)?.as_str() {
        "normal" => OverflowWrap::Normal,
        "break-word" => OverflowWrap::BreakWord,
        "anywhere" => OverflowWrap::Anywhere,
        _ => return Err(invalid(input, "overflow-wrap")),
    }))
}

fn letter_spacing<'i>(input: &mut Parser<'i, '_>) -> Result<TextDecl, ValueError<'i>> {
    if input
        .try_parse(|i| i.expect_ident_matching("normal"))
        .is_ok()
    {
        return Ok(TextDecl::LetterSpacing(None));
    }
    match parse_len(input, false)? {
        Len::Percent(_) => Err(invalid(input, "letter-spacing")),
        l => Ok(TextDecl::LetterSpacing(Some(l))),
    }
}

fn font_style<'i>(input: &mut Parser<'i, '_>) -> Result<TextDecl, ValueError<'i>> {
    let style = match ident(input)?.as_str() {
        "normal" => FontStyle::Normal,
        "italic" => FontStyle::Italic,
        "oblique" => {
            // `oblique <angle>`: the angle is accepted and drawn as the one slant.
            let _ = input.try_parse(|i| match i.next()? {
                Token::Dimension { .. } => Ok(()),
                t => {
                    let t = t.clone();
                    Err(i.new_unexpected_token_error::<()>(t))
                }
            });
            FontStyle::Italic
        }
        _ => return Err(invalid(input, "font-style")),
    };
    Ok(TextDecl::FontStyle(style))
}

fn decoration_line<'i>(input: &mut Parser<'i, '_>) -> Result<u8, ValueError<'i>> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(0);
    }
    let (mut bits, mut any, mut seen_blink) = (0u8, false, false);
    loop {
        let state = input.state();
        let Ok(kw) = input.try_parse(ident) else {
            break;
        };
        let bit = match kw.as_str() {
            "underline" => line::UNDERLINE,
            "overline" => line::OVERLINE,
            "line-through" => line::LINE_THROUGH,
            // `blink` is valid and not drawn (CSS Text Decoration 3 §2.1).
            "blink" => 0,
            _ => {
                input.reset(&state);
                break;
            }
        };
        if bits & bit != 0 || (bit == 0 && seen_blink) {
            return Err(invalid(input, "text-decoration-line"));
        }
        seen_blink |= bit == 0;
        bits |= bit;
        any = true;
    }
    if !any {
        return Err(invalid(input, "text-decoration-line"));
    }
    Ok(bits)
}

fn decoration_style<'i>(input: &mut Parser<'i, '_>) -> Result<DecorationStyle, ValueError<'i>> {
    Ok(match ident(input)?.as_str() {
        "solid" => DecorationStyle::Solid,
        "double" => DecorationStyle::Double,
        "dotted" => DecorationStyle::Dotted,
        "dashed" => DecorationStyle::Dashed,
        "wavy" => DecorationStyle::Wavy,
        _ => return Err(invalid(input, "text-decoration-style")),
    })
}

/// `text-decoration` (CSS Text Decoration 3 §2.4): line, style and colour in any order;
/// omitted ones reset to their initial values. A thickness is accepted and ignored.
fn decoration_shorthand<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<Vec<Declaration>, ValueError<'i>> {
    let (lines, style, color) = any_order(
        input,
        "text-decoration",
        decoration_line,
        decoration_style,
        parse_color,
    )?;
    let d = |t| Declaration::Text(t);
    Ok(vec![
        d(TextDecl::DecorationLine(lines.unwrap_or(0))),
        d(TextDecl::DecorationStyle(style.unwrap_or_default())),
        d(TextDecl::DecorationColor(color.unwrap_or(None))),
    ])
}

/// `text-shadow`: `none` or a comma-separated list of `<color>? <x> <y> <blur>?`
/// (colour first or last).
fn shadows<'i>(input: &mut Parser<'i, '_>) -> Result<TextDecl, ValueError<'i>> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(TextDecl::Shadows(Vec::new()));
    }
    let list = input.parse_comma_separated(|i| {
        let mut color = i.try_parse(parse_color).ok();
        let x = parse_len(i, false)?;
        let y = parse_len(i, false)?;
        let blur = i.try_parse(|i| parse_len(i, false)).unwrap_or(Len::Px(0.0));
        if color.is_none() {
            color = i.try_parse(parse_color).ok();
        }
        let bad = |l: Len| matches!(l, Len::Percent(_) | Len::Auto);
        if bad(x) || bad(y) || bad(blur) || matches!(blur, Len::Px(v) if v < 0.0) {
            return Err(invalid(i, "text-shadow"));
        }
        Ok(TextShadowDecl {
            x,
            y,
            blur,
            color: color.flatten(),
        })
    })?;
    Ok(TextDecl::Shadows(list))
}

fn text_overflow<'i>(input: &mut Parser<'i, '_>) -> Result<TextDecl, ValueError<'i>> {
    let location = input.current_source_location();
    Ok(TextDecl::TextOverflow(match input.next()?.clone() {
        Token::Ident(id) if id.eq_ignore_ascii_case("ellipsis") => true,
        Token::Ident(id) if id.eq_ignore_ascii_case("clip") => false,
        // A string is a custom marker (Overflow 4); drawn as the ellipsis.
        Token::QuotedString(_) => true,
        t => return Err(location.new_unexpected_token_error(t)),
    }))
}

fn box_orient<'i>(input: &mut Parser<'i, '_>) -> Result<TextDecl, ValueError<'i>> {
    Ok(TextDecl::BoxOrientVertical(match ident(input)?.as_str() {
        "vertical" | "block-axis" => true,
        "horizontal" | "inline-axis" => false,
        _ => return Err(invalid(input, "-webkit-box-orient")),
    }))
}

fn line_clamp<'i>(input: &mut Parser<'i, '_>) -> Result<TextDecl, ValueError<'i>> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(TextDecl::LineClamp(None));
    }
    let location = input.current_source_location();
    match input.next()?.clone() {
        Token::Number {
            int_value: Some(n), ..
        } if n >= 1 => Ok(TextDecl::LineClamp(u32::try_from(n).ok())),
        t => Err(location.new_unexpected_token_error(t)),
    }
}

/// Applies one declared text property to `s` (in cascade order); `cx` resolves lengths.
pub fn apply(d: &TextDecl, s: &mut ComputedStyle, cx: &LenContext) {
    let t = &mut s.text;
    match d {
        TextDecl::WhiteSpace(v) => t.white_space = *v,
        TextDecl::WordBreak(v) => t.word_break = *v,
        TextDecl::OverflowWrap(v) => t.overflow_wrap = *v,
        TextDecl::LetterSpacing(v) => {
            t.letter_spacing = v
                .and_then(|l| l.to_px(cx))
                .filter(|v| v.is_finite())
                .unwrap_or(0.0)
        }
        TextDecl::FontStyle(v) => t.font_style = *v,
        TextDecl::DecorationLine(v) => t.decoration.lines = *v,
        TextDecl::DecorationColor(c) => t.decoration.color = *c,
        TextDecl::DecorationStyle(v) => t.decoration.style = *v,
        TextDecl::Shadows(list) => {
            let px = |l: Len| l.to_px(cx).filter(|v| v.is_finite()).unwrap_or(0.0);
            t.shadows = (!list.is_empty()).then(|| {
                list.iter()
                    .map(|d| TextShadow {
                        x: px(d.x),
                        y: px(d.y),
                        blur: px(d.blur).max(0.0),
                        color: d.color,
                    })
                    .collect()
            });
        }
        TextDecl::TextOverflow(v) => s.text_block.ellipsis = *v,
        TextDecl::WebkitBox => {
            s.layout.display = taffy::Display::Block;
            s.display_contents = false;
            s.text_block.webkit_box = true;
        }
        TextDecl::BoxOrientVertical(v) => s.text_block.box_orient_vertical = *v,
        TextDecl::LineClamp(v) => s.text_block.declared_clamp = *v,
        TextDecl::Justify(v) => t.justify = *v,
    }
}

/// After all declarations: the used line clamp, and what cuts this box's lines.
///
/// In a browser `text-overflow` and the line clamp act on the lines of the box's inline
/// content, which includes inline children such as WeChat's `<text>`. A box whose one
/// child is a plain `<text>` lays it out as a block (see the `inline` module), so the box
/// passes both down to its descendants: for the usual
/// `<view class="ellipsis"><text>{{title}}</text></view>` that is what the browser shows.
/// (A clamp then counts each descendant block's lines on its own.) A paragraph of several
/// runs applies its own clamp.
pub fn finish(s: &mut ComputedStyle, parent: Option<&ComputedStyle>) {
    let b = &mut s.text_block;
    b.line_clamp = b
        .declared_clamp
        .filter(|_| b.webkit_box && b.box_orient_vertical && !s.hidden);
    // `text-overflow` only acts when the box clips its overflow (CSS Overflow 3 §4).
    let own = b.ellipsis && s.overflow == Overflow::Hidden;
    let (up_ellipsis, up_clamp) = parent.map_or((false, None), |p| {
        (p.text_block.cut_ellipsis, p.text_block.cut_clamp)
    });
    b.cut_ellipsis = own || up_ellipsis;
    b.cut_clamp = b.line_clamp.or(up_clamp);
}

/// A text node's block properties: its element's (`parent`), since the element's box
/// holds the text's lines.
pub fn for_text_node(s: &mut ComputedStyle, parent: &ComputedStyle) {
    s.text_block = TextBlockStyle {
        ellipsis: parent.text_block.cut_ellipsis,
        line_clamp: parent.text_block.cut_clamp,
        ..TextBlockStyle::default()
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::properties::parse_value;

    const NAMES: &[&str] = &[
        "white-space",
        "word-break",
        "overflow-wrap",
        "word-wrap",
        "letter-spacing",
        "font-style",
        "text-decoration-line",
        "text-decoration-color",
        "text-decoration-style",
        "text-decoration",
        "text-shadow",
        "text-overflow",
        "-webkit-box-orient",
        "-webkit-line-clamp",
    ];

    #[test]
    fn every_initial_value_parses() {
        for name in NAMES {
            let initial = initial_value(name).unwrap_or_else(|| panic!("{name}"));
            assert!(parse_value(name, initial).is_some(), "{name}: {initial}");
        }
    }

    fn text(name: &str, value: &str) -> Option<Vec<TextDecl>> {
        parse_value(name, value).map(|v| {
            v.into_iter()
                .filter_map(|d| match d {
                    Declaration::Text(t) => Some(t),
                    _ => None,
                })
                .collect()
        })
    }

    #[test]
    fn keywords() {
        assert_eq!(
            text("white-space", "pre-wrap"),
            Some(vec![TextDecl::WhiteSpace(WhiteSpace::PreWrap)])
        );
        assert_eq!(
            text("word-break", "break-word"),
            Some(vec![
                TextDecl::WordBreak(WordBreak::Normal),
                TextDecl::OverflowWrap(OverflowWrap::Anywhere)
            ])
        );
        assert_eq!(
            text("word-wrap", "break-word"),
            Some(vec![TextDecl::OverflowWrap(OverflowWrap::BreakWord)])
        );
        assert_eq!(
            text("font-style", "oblique 10deg"),
            Some(vec![TextDecl::FontStyle(FontStyle::Italic)])
        );
        assert_eq!(
            text("-webkit-line-clamp", "2"),
            Some(vec![TextDecl::LineClamp(Some(2))])
        );
        for (name, bad) in [
            ("white-space", "wrap"),
            ("letter-spacing", "10%"),
            ("-webkit-line-clamp", "0"),
            ("-webkit-line-clamp", "1.5"),
            ("text-overflow", "fade"),
            ("text-decoration", "underline underline"),
            ("text-shadow", "1px"),
            ("text-shadow", "1px 1px -2px red"),
        ] {
            assert_eq!(text(name, bad), None, "{name}: {bad}");
        }
    }

    #[test]
    fn decoration_shorthand_resets_omitted_parts() {
        assert_eq!(
            text("text-decoration", "#f00 underline line-through"),
            Some(vec![
                TextDecl::DecorationLine(line::UNDERLINE | line::LINE_THROUGH),
                TextDecl::DecorationStyle(DecorationStyle::Solid),
                TextDecl::DecorationColor(Some(Color::rgba(255, 0, 0, 255))),
            ])
        );
        assert_eq!(
            text("text-decoration", "none"),
            Some(vec![
                TextDecl::DecorationLine(0),
                TextDecl::DecorationStyle(DecorationStyle::Solid),
                TextDecl::DecorationColor(None),
            ])
        );
    }

    #[test]
    fn shadows_parse_with_colour_first_or_last() {
        assert_eq!(
            text("text-shadow", "4px 4px 0 #e53935, red 0 0 8px"),
            Some(vec![TextDecl::Shadows(vec![
                TextShadowDecl {
                    x: Len::Px(4.0),
                    y: Len::Px(4.0),
                    blur: Len::Px(0.0),
                    color: Some(Color::rgba(0xe5, 0x39, 0x35, 255)),
                },
                TextShadowDecl {
                    x: Len::Px(0.0),
                    y: Len::Px(0.0),
                    blur: Len::Px(8.0),
                    color: Some(Color::rgba(255, 0, 0, 255)),
                },
            ])])
        );
    }

    fn style(css: &[(&str, &str)], parent: Option<&ComputedStyle>) -> ComputedStyle {
        let decls: Vec<Declaration> = css
            .iter()
            .flat_map(|(n, v)| parse_value(n, v).unwrap_or_else(|| panic!("{n}: {v}")))
            .collect();
        crate::style::compute::compute(decls.iter(), parent, (375.0, 667.0))
    }

    #[test]
    fn letter_spacing_resolves_em_where_declared_and_inherits_px() {
        let p = style(&[("font-size", "20px"), ("letter-spacing", "0.5em")], None);
        assert_eq!(p.text.letter_spacing, 10.0);
        let c = style(&[("font-size", "40px")], Some(&p));
        assert_eq!(c.text.letter_spacing, 10.0);
    }

    #[test]
    fn line_clamp_needs_the_vertical_webkit_box() {
        let clamp = [
            ("display", "-webkit-box"),
            ("-webkit-box-orient", "vertical"),
            ("-webkit-line-clamp", "2"),
        ];
        let s = style(&clamp, None);
        assert_eq!(s.layout.display, taffy::Display::Block);
        assert_eq!(s.text_block.line_clamp, Some(2));
        let mut flex = clamp.to_vec();
        flex.push(("display", "flex"));
        assert_eq!(style(&flex, None).text_block.line_clamp, None);
        assert_eq!(style(&clamp[1..], None).text_block.line_clamp, None);
        // The element's text gets it, and so does the text of a child element (a
        // `<text>` inside the clamped `<view>`).
        let text = crate::style::compute::text_node_style(Some(&s));
        assert_eq!(text.text_block.line_clamp, Some(2));
        let child = style(&[], Some(&s));
        assert_eq!(child.text_block.line_clamp, None);
        let text = crate::style::compute::text_node_style(Some(&child));
        assert_eq!(text.text_block.line_clamp, Some(2));
    }

    #[test]
    fn ellipsis_reaches_the_text_only_when_the_box_clips() {
        let e = [("text-overflow", "ellipsis"), ("white-space", "nowrap")];
        let visible = style(&e, None);
        let text = crate::style::compute::text_node_style(Some(&visible));
        assert!(!text.text_block.ellipsis);
        assert_eq!(text.text.white_space, WhiteSpace::NoWrap);
        let mut hidden = e.to_vec();
        hidden.push(("overflow", "hidden"));
        let clip = style(&hidden, None);
        let text = crate::style::compute::text_node_style(Some(&clip));
        assert!(text.text_block.ellipsis);
        let inner = style(&[], Some(&clip));
        let text = crate::style::compute::text_node_style(Some(&inner));
        assert!(text.text_block.ellipsis && text.text.white_space == WhiteSpace::NoWrap);
    }

    #[test]
    fn shadows_and_decorations_compute() {
        let s = style(
            &[
                ("font-size", "10px"),
                ("text-shadow", "1em 2px 4px red"),
                ("text-decoration", "underline"),
            ],
            None,
        );
        let sh = s.text.shadows.as_deref().unwrap_or(&[]);
        assert_eq!(sh.len(), 1);
        assert_eq!((sh[0].x, sh[0].y, sh[0].blur), (10.0, 2.0, 4.0));
        assert_eq!(s.text.decoration.lines, line::UNDERLINE);
        let none = style(&[("text-shadow", "none")], Some(&s));
        assert!(none.text.shadows.is_none());
    }
}
