//! Property parsing: one CSS declaration (`name: value`) becomes one or more longhand
//! [`Declaration`]s. Shorthands (`margin`, `padding`, `border*`, `flex`, `flex-flow`, `gap`,
//! `background`, `overflow`, `font`) are expanded here so the cascade only sees longhands.
//! Custom properties and declarations using `var()` are kept as text
//! ([`Declaration::Custom`], [`Declaration::WithVariables`]) until computed-value time
//! (see [`super::variables`]).

use std::sync::Arc;

use cssparser::{Parser, ParserInput, Token};
use taffy::style::{
    AlignContent, AlignItems, BoxSizing, Display, FlexDirection, FlexWrap, JustifyContent, Position,
};

use super::background::{parse_background_image, Image};
use super::background_tile::{first_of, parse_background_position, parse_repeat, parse_size};
use super::border_style::{line_style, style_decls, LineStyle};
use super::computed::{Color, Overflow, TextAlign};
use super::shadow::{parse_box_shadow, BoxShadow};
use super::stacking::{parse_visibility, parse_z_index};
use super::transform::{parse_transform, parse_transform_origin, TransformFn};
use super::values::{any_order, invalid, parse_color, parse_len, parse_number, Len, ValueError};
use super::variables::{CustomDeclaration, VariableDeclaration};

/// A box side, in CSS order.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Top.
    Top = 0,
    /// Right.
    Right = 1,
    /// Bottom.
    Bottom = 2,
    /// Left.
    Left = 3,
}

const SIDES: [Side; 4] = [Side::Top, Side::Right, Side::Bottom, Side::Left];

/// Size properties (CSS Box Sizing 3 §3).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeProp {
    /// `width`.
    Width,
    /// `height`.
    Height,
    /// `min-width`.
    MinWidth,
    /// `min-height`.
    MinHeight,
    /// `max-width`.
    MaxWidth,
    /// `max-height`.
    MaxHeight,
}

/// `line-height` as declared.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LineHeightDecl {
    /// `normal`.
    Normal,
    /// A multiple of the font size (`1.5`, `150%`).
    Number(f32),
    /// A length (`20px`, `40rpx`, `1.2em`).
    Length(Len),
}

/// `font-size` as declared.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FontSizeDecl {
    /// A length; `em` and `%` are relative to the parent's font size.
    Length(Len),
    /// A multiple of the parent's font size (`larger`, `smaller`).
    Scale(f32),
}

/// One longhand declaration with its value as declared (units unresolved).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Declaration {
    /// `display`'s inner type (`inline` and `inline-block` are `Block`, their outer type
    /// is a [`Declaration::Inline`]; `contents` is [`Declaration::DisplayContents`]).
    Display(Display),
    /// `position`.
    Position(Position),
    /// `flex-direction`.
    FlexDirection(FlexDirection),
    /// `flex-wrap`.
    FlexWrap(FlexWrap),
    /// `flex-grow`.
    FlexGrow(f32),
    /// `flex-shrink`.
    FlexShrink(f32),
    /// `flex-basis`.
    FlexBasis(Len),
    /// `justify-content` (`None` = `normal`).
    JustifyContent(Option<JustifyContent>),
    /// `align-items`.
    AlignItems(Option<AlignItems>),
    /// `align-self` (`None` = `auto`).
    AlignSelf(Option<AlignItems>),
    /// `align-content`.
    AlignContent(Option<AlignContent>),
    /// `row-gap`.
    RowGap(Len),
    /// `column-gap`.
    ColumnGap(Len),
    /// `width`, `height`, `min-*`, `max-*`.
    Size(SizeProp, Len),
    /// `margin-*`.
    Margin(Side, Len),
    /// `padding-*`.
    Padding(Side, Len),
    /// `top`, `right`, `bottom`, `left`.
    Inset(Side, Len),
    /// `border-*-width`.
    BorderWidth(Side, Len),
    /// `border-*-style`: `true` unless `none`/`hidden` (CSS Backgrounds 3 §4.3: a border
    /// whose style is `none` has a used width of 0).
    BorderStyle(Side, bool),
    /// `border-*-color` (`None` = `currentcolor`).
    BorderColor(Side, Option<Color>),
    /// `border-*-radius`, corners in the order top-left, top-right, bottom-right,
    /// bottom-left.
    BorderRadius(usize, Len),
    /// `background-color`.
    BackgroundColor(Option<Color>),
    /// `color` (`None` = inherit, for `currentcolor`).
    Color(Option<Color>),
    /// `font-size`.
    FontSize(FontSizeDecl),
    /// `font-weight`.
    FontWeight(u16),
    /// `line-height`.
    LineHeight(LineHeightDecl),
    /// `text-align`.
    TextAlign(TextAlign),
    /// `overflow`.
    Overflow(Overflow),
    /// `opacity`.
    Opacity(f32),
    /// `box-sizing`.
    BoxSizing(BoxSizing),
    /// `display: contents` (CSS Display 3 §2.5): the element generates no box, its
    /// children take its place in its parent's layout. taffy has no such display, so it is
    /// a declaration of its own (last, so compiled sheets without it decode unchanged).
    DisplayContents,
    /// A custom property, `--name: value` (CSS Variables 1 §2), cascaded like any other
    /// declaration and inherited; boxed to keep [`Declaration`] small.
    Custom(Box<CustomDeclaration>),
    /// A declaration whose value contains `var()` (CSS Variables 1 §3): its property and
    /// text, parsed only after substitution, per element.
    WithVariables(Box<VariableDeclaration>),
    /// `box-shadow` (CSS Backgrounds 3 §7.1); `None` = `none`. Shared: most boxes have
    /// none, and a computed style clones it.
    BoxShadow(Option<Arc<[BoxShadow]>>),
    /// `background-image` (CSS Backgrounds 3 §3.3): the gradients, top layer first;
    /// `None` = `none`.
    BackgroundImage(Option<Arc<[Image]>>),
    /// `transform` (CSS Transforms 1 §7); `None` = `none`.
    Transform(Option<Arc<[TransformFn]>>),
    /// `transform-origin` (CSS Transforms 1 §5): x and y.
    TransformOrigin([Len; 2]),
    /// `z-index` (CSS 2.1 §9.9.1); `None` = `auto`.
    ZIndex(Option<i32>),
    /// `visibility` (CSS 2.1 §11.2): `true` = `visible`.
    Visibility(bool),
    /// A text property (`white-space`, `letter-spacing`, `text-decoration`, ...; see
    /// [`super::text_style`]).
    Text(super::text_style::TextDecl),
    /// `order` (CSS Flexbox 1 §5.4).
    Order(i32),
    /// `content` (CSS Generated Content 3 §1) of a `::before`/`::after`; `None` =
    /// `normal`/`none` (no box).
    Content(Option<super::generated::Content>),
    /// `border-*-style`'s line (CSS Backgrounds 3 §4.2), beside [`Declaration::BorderStyle`]
    /// which says whether the side is drawn at all.
    BorderLineStyle(Side, LineStyle),
    /// A corner's vertical radius (CSS Backgrounds 3 §5.1), same corner order as
    /// [`Declaration::BorderRadius`]; `None` = as the horizontal one (a circular corner).
    BorderRadiusY(usize, Option<Len>),
    /// `position: fixed`: absolutely positioned against the window (CSS Position 3
    /// §2.1), see `ComputedStyle::fixed`.
    PositionFixed,
    /// `background-position` (CSS Backgrounds 3 §3.6), the first layer's.
    BackgroundPosition([Len; 2]),
    /// `background-size` (CSS Backgrounds 3 §3.9), the first layer's.
    BackgroundSize(super::background_tile::Size),
    /// `background-repeat` (CSS Backgrounds 3 §3.4), the first layer's.
    BackgroundRepeat(super::background_tile::Repeat),
    /// A CSS Grid property (see [`super::grid`]).
    Grid(Box<super::grid::GridDecl>),
    /// A `transition-*` or `animation-*` property (see [`super::motion`]).
    Motion(Box<super::motion::MotionDecl>),
    /// The outer display type or `vertical-align` (see [`super::inline_box`]).
    Inline(super::inline_box::InlineDecl),
}

impl Declaration {
    /// True for the declarations that need [`super::variables`] before computing.
    pub fn uses_variables(&self) -> bool {
        matches!(self, Declaration::Custom(_) | Declaration::WithVariables(_))
    }
}

/// What parsing a declaration produced.
#[derive(Debug)]
pub enum Parsed {
    /// The longhands.
    Declarations(Vec<Declaration>),
    /// A property we do not know or support (the caller warns once per file).
    Unknown,
}

fn ident<'i>(input: &mut Parser<'i, '_>) -> Result<String, ValueError<'i>> {
    Ok(input.expect_ident()?.to_ascii_lowercase())
}

/// Parses the value of property `name` (lower-case). The input must be fully consumed.
pub fn parse_declaration<'i>(
    name: &str,
    input: &mut Parser<'i, '_>,
) -> Result<Parsed, ValueError<'i>> {
    use Declaration as D;
    if let Ok(kw) = input.try_parse(|i| {
        let id = ident(i)?;
        i.expect_exhausted()?;
        match id.as_str() {
            "inherit" | "initial" | "unset" | "revert" => Ok(id),
            _ => Err(i.new_custom_error::<_, String>(String::new())),
        }
    }) {
        return Err(input.new_custom_error(format!("`{kw}` is not supported for `{name}`")));
    }
    let decls = match name {
        "display" => {
            let kw = ident(input)?;
            let inner = match kw.as_str() {
                "flex" | "inline-flex" => D::Display(Display::Flex),
                "grid" | "inline-grid" => D::Display(Display::Grid),
                "block" | "inline" | "inline-block" | "list-item" => D::Display(Display::Block),
                "none" => D::Display(Display::None),
                "contents" => D::DisplayContents,
                // The legacy box of `-webkit-line-clamp`, laid out as a block.
                "-webkit-box" | "-webkit-inline-box" => {
                    D::Text(super::text_style::TextDecl::WebkitBox)
                }
                _ => return Err(invalid(input, name)),
            };
            // The outer type (CSS Display 3 §2.1) with every keyword, so a later `display`
            // resets it.
            vec![inner, super::inline_box::outer_declaration(&kw)]
        }
        "vertical-align" => super::inline_box::parse_vertical_align(input)?,
        "position" => vec![match ident(input)?.as_str() {
            "relative" | "static" | "sticky" => D::Position(Position::Relative),
            "absolute" => D::Position(Position::Absolute),
            // Against the window (CSS Position 3 §2.1), see `ComputedStyle::fixed`.
            "fixed" => D::PositionFixed,
            _ => return Err(invalid(input, name)),
        }],
        "flex-direction" => vec![D::FlexDirection(flex_direction(input)?)],
        "flex-wrap" => vec![D::FlexWrap(flex_wrap(input)?)],
        "flex-flow" => {
            let mut out = Vec::new();
            while !input.is_exhausted() {
                if let Ok(d) = input.try_parse(flex_direction) {
                    out.push(D::FlexDirection(d));
                } else {
                    out.push(D::FlexWrap(flex_wrap(input)?));
                }
            }
            out
        }
        "flex" => parse_flex(input)?,
        "flex-grow" => vec![D::FlexGrow(parse_number(input)?.max(0.0))],
        "flex-shrink" => vec![D::FlexShrink(parse_number(input)?.max(0.0))],
        "flex-basis" => vec![D::FlexBasis(parse_len(input, true)?)],
        "justify-content" => vec![D::JustifyContent(content_alignment(input)?)],
        "align-content" => vec![D::AlignContent(content_alignment(input)?)],
        "align-items" => vec![D::AlignItems(item_alignment(input, false)?)],
        "align-self" => vec![D::AlignSelf(item_alignment(input, true)?)],
        "row-gap" => vec![D::RowGap(parse_len(input, false)?)],
        "column-gap" => vec![D::ColumnGap(parse_len(input, false)?)],
        "gap" => {
            let row = parse_len(input, false)?;
            let col = if input.is_exhausted() {
                row
            } else {
                parse_len(input, false)?
            };
            vec![D::RowGap(row), D::ColumnGap(col)]
        }
        "width" => vec![D::Size(SizeProp::Width, parse_len(input, true)?)],
        "height" => vec![D::Size(SizeProp::Height, parse_len(input, true)?)],
        "min-width" => vec![D::Size(SizeProp::MinWidth, parse_len(input, true)?)],
        "min-height" => vec![D::Size(SizeProp::MinHeight, parse_len(input, true)?)],
        "max-width" => vec![D::Size(SizeProp::MaxWidth, none_as_auto(input)?)],
        "max-height" => vec![D::Size(SizeProp::MaxHeight, none_as_auto(input)?)],
        "margin" => four(input, |i| parse_len(i, true))?
            .into_iter()
            .zip(SIDES)
            .map(|(l, s)| D::Margin(s, l))
            .collect(),
        "padding" => four(input, |i| parse_len(i, false))?
            .into_iter()
            .zip(SIDES)
            .map(|(l, s)| D::Padding(s, l))
            .collect(),
        "border-width" => four(input, border_width)?
            .into_iter()
            .zip(SIDES)
            .map(|(l, s)| D::BorderWidth(s, l))
            .collect(),
        "border-style" => four(input, line_style)?
            .into_iter()
            .zip(SIDES)
            .flat_map(|(v, s)| style_decls(s, v))
            .collect(),
        "border-color" => four(input, parse_color)?
            .into_iter()
            .zip(SIDES)
            .map(|(c, s)| D::BorderColor(s, c))
            .collect(),
        "border" => parse_border(input, &SIDES)?,
        // Corner order follows the side order: TL, TR, BR, BL.
        "border-radius" => super::radius::parse_border_radius(input)?,
        "border-top-left-radius" => super::radius::parse_corner(input, 0)?,
        "border-top-right-radius" => super::radius::parse_corner(input, 1)?,
        "border-bottom-right-radius" => super::radius::parse_corner(input, 2)?,
        "border-bottom-left-radius" => super::radius::parse_corner(input, 3)?,
        "background-color" => vec![D::BackgroundColor(parse_color(input)?)],
        "background" => super::background::parse_background(input)?,
        "background-image" => vec![D::BackgroundImage(parse_background_image(input)?)],
        "background-position" => vec![D::BackgroundPosition(parse_background_position(input)?)],
        "background-size" => vec![D::BackgroundSize(first_of(input, parse_size)?)],
        "background-repeat" => vec![D::BackgroundRepeat(first_of(input, parse_repeat)?)],
        "box-shadow" => vec![D::BoxShadow(parse_box_shadow(input)?)],
        "transform" => vec![D::Transform(parse_transform(input)?)],
        "transform-origin" => vec![D::TransformOrigin(parse_transform_origin(input)?)],
        "z-index" => vec![D::ZIndex(parse_z_index(input)?)],
        "visibility" => vec![D::Visibility(parse_visibility(input)?)],
        "color" => vec![D::Color(parse_color(input)?)],
        "font" => parse_font(input)?,
        "font-size" => vec![D::FontSize(parse_font_size(input)?)],
        "font-weight" => vec![D::FontWeight(parse_font_weight(input)?)],
        "line-height" => vec![D::LineHeight(parse_line_height(input)?)],
        "text-align" => {
            let kw = ident(input)?;
            let align = match kw.as_str() {
                "left" | "start" | "justify" => TextAlign::Left,
                "center" => TextAlign::Center,
                "right" | "end" => TextAlign::Right,
                _ => return Err(invalid(input, name)),
            };
            // `justify` lays lines out from the left, then widens them (see text_style).
            let justify = super::text_style::TextDecl::Justify(kw == "justify");
            vec![D::TextAlign(align), D::Text(justify)]
        }
        "overflow" | "overflow-x" | "overflow-y" => {
            let v = overflow(input)?;
            // Two-value `overflow: x y`: the foundation keeps one value; clip if either clips.
            let v2 = if input.is_exhausted() {
                v
            } else {
                overflow(input)?
            };
            let both = if v == Overflow::Hidden || v2 == Overflow::Hidden {
                Overflow::Hidden
            } else {
                Overflow::Visible
            };
            vec![D::Overflow(both)]
        }
        "opacity" => {
            let location = input.current_source_location();
            let v = match input.next()?.clone() {
                Token::Number { value, .. } => value,
                Token::Percentage { unit_value, .. } => unit_value,
                t => return Err(location.new_unexpected_token_error(t)),
            };
            vec![D::Opacity(v.clamp(0.0, 1.0))]
        }
        "order" => vec![D::Order(input.expect_integer()?)],
        "content" => vec![D::Content(super::generated::parse_content(input)?)],
        "box-sizing" => vec![D::BoxSizing(match ident(input)?.as_str() {
            "border-box" => BoxSizing::BorderBox,
            "content-box" => BoxSizing::ContentBox,
            _ => return Err(invalid(input, name)),
        })],
        _ => {
            if let Some(d) = super::text_style::parse(name, input) {
                return finish(input, d?);
            }
            if let Some(side) = name
                .strip_prefix("margin-")
                .and_then(side_from)
                .map(|s| (s, 0))
                .or_else(|| {
                    name.strip_prefix("padding-")
                        .and_then(side_from)
                        .map(|s| (s, 1))
                })
                .or_else(|| side_from(name).map(|s| (s, 2)))
            {
                let (s, kind) = side;
                let d = match kind {
                    0 => D::Margin(s, parse_len(input, true)?),
                    1 => D::Padding(s, parse_len(input, false)?),
                    _ => D::Inset(s, parse_len(input, true)?),
                };
                return finish(input, vec![d]);
            }
            if let Some(rest) = name.strip_prefix("border-") {
                let (side, prop) = rest.split_once('-').unwrap_or((rest, ""));
                if let Some(s) = side_from(side) {
                    let d = match prop {
                        "" => parse_border(input, &[s])?,
                        "width" => vec![D::BorderWidth(s, border_width(input)?)],
                        "style" => style_decls(s, line_style(input)?).to_vec(),
                        "color" => vec![D::BorderColor(s, parse_color(input)?)],
                        _ => return Ok(Parsed::Unknown),
                    };
                    return finish(input, d);
                }
            }
            if let Some(r) = super::grid::parse(name, input) {
                return finish(input, r?);
            }
            if let Some(r) = super::motion::parse(name, input) {
                return finish(input, r?);
            }
            return Ok(Parsed::Unknown);
        }
    };
    finish(input, decls)
}

/// Parses `value` as the value of property `name` (lower-case) the way a stylesheet
/// declaration is parsed: the longhands, or `None` when the value is invalid (or holds
/// `!important`) or the property is not supported.
pub fn parse_value(name: &str, value: &str) -> Option<Vec<Declaration>> {
    let mut pi = ParserInput::new(value);
    let mut p = Parser::new(&mut pi);
    match p.parse_entirely(|i| parse_declaration(name, i)) {
        Ok(Parsed::Declarations(d)) => Some(d),
        _ => None,
    }
}

/// The initial value of property `name` (lower-case) as CSS text, or `None` for a
/// property [`parse_declaration`] does not support. It also serves as the list of
/// supported properties for declarations kept unparsed until `var()` substitution, and
/// gives what a declaration invalid at computed-value time resets to (CSS Variables 1
/// §3.1). Values are CSS's (CSS 2.1 property table, Box Alignment 3, Flexbox 1) except
/// `display`, whose initial value in Mica is `block` ([`super::compute::initial_style`]).
pub fn initial_value(name: &str) -> Option<&'static str> {
    const BORDER: &str = "medium none currentcolor";
    Some(match name {
        "display" => "block",
        "position" => "static",
        "flex-direction" => "row",
        "flex-wrap" => "nowrap",
        "flex-flow" => "row nowrap",
        "flex" => "0 1 auto",
        "flex-grow" => "0",
        "flex-shrink" => "1",
        "flex-basis" => "auto",
        "justify-content" | "align-content" | "align-items" => "normal",
        "align-self" => "auto",
        // `normal` is 0 outside multi-column layout.
        "row-gap" | "column-gap" | "gap" => "0",
        "width" | "height" | "min-width" | "min-height" => "auto",
        "max-width" | "max-height" => "none",
        "margin" | "padding" | "border-radius" => "0",
        "border-width" => "medium",
        "border-style" => "none",
        "border-color" => "currentcolor",
        "border" => BORDER,
        "background-color" | "background" => "transparent",
        "color" => "black",
        "font" => "normal medium/normal sans-serif",
        "font-size" => "medium",
        "font-weight" => "normal",
        "line-height" => "normal",
        // `start`, which is left in the foundation's left-to-right text.
        "text-align" => "left",
        "overflow" | "overflow-x" | "overflow-y" => "visible",
        "opacity" => "1",
        "box-sizing" => "content-box",
        "order" => "0",
        "content" => "normal",
        "top" | "right" | "bottom" | "left" => "auto",
        "background-image" | "box-shadow" | "transform" => "none",
        "background-position" => "0% 0%",
        "background-size" => "auto",
        "background-repeat" => "repeat",
        "transform-origin" => "50% 50%",
        "z-index" => "auto",
        "visibility" => "visible",
        "vertical-align" => "baseline",
        _ => {
            if let Some(v) = super::text_style::initial_value(name) {
                return Some(v);
            }
            if name
                .strip_prefix("margin-")
                .or_else(|| name.strip_prefix("padding-"))
                .and_then(side_from)
                .is_some()
            {
                return Some("0");
            }
            if let Some(v) = super::grid::initial_value(name) {
                return Some(v);
            }
            if let Some(v) = super::motion::initial_value(name) {
                return Some(v);
            }
            let rest = name.strip_prefix("border-")?;
            let (side, prop) = rest.split_once('-').unwrap_or((rest, ""));
            match (side_from(side), prop) {
                (Some(_), "") => BORDER,
                (Some(_), "width") => "medium",
                (Some(_), "style") => "none",
                (Some(_), "color") => "currentcolor",
                _ => match rest {
                    "top-left-radius"
                    | "top-right-radius"
                    | "bottom-right-radius"
                    | "bottom-left-radius" => "0",
                    _ => return None,
                },
            }
        }
    })
}

fn finish<'i>(input: &mut Parser<'i, '_>, d: Vec<Declaration>) -> Result<Parsed, ValueError<'i>> {
    input.expect_exhausted()?;
    Ok(Parsed::Declarations(d))
}

fn side_from(s: &str) -> Option<Side> {
    Some(match s {
        "top" => Side::Top,
        "right" => Side::Right,
        "bottom" => Side::Bottom,
        "left" => Side::Left,
        _ => return None,
    })
}

/// 1 to 4 values expanded to top, right, bottom, left (CSS Box Model 3 §5 `margin`).
fn four<'i, T: Copy>(
    input: &mut Parser<'i, '_>,
    mut one: impl FnMut(&mut Parser<'i, '_>) -> Result<T, ValueError<'i>>,
) -> Result<[T; 4], ValueError<'i>> {
    let mut v = vec![one(input)?];
    while v.len() < 4 && !input.is_exhausted() {
        v.push(one(input)?);
    }
    Ok(match v.as_slice() {
        [a] => [*a, *a, *a, *a],
        [a, b] => [*a, *b, *a, *b],
        [a, b, c] => [*a, *b, *c, *b],
        [a, b, c, d] => [*a, *b, *c, *d],
        _ => return Err(input.new_custom_error("expected 1 to 4 values")),
    })
}

fn none_as_auto<'i>(input: &mut Parser<'i, '_>) -> Result<Len, ValueError<'i>> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(Len::Auto);
    }
    parse_len(input, false)
}

fn flex_direction<'i>(input: &mut Parser<'i, '_>) -> Result<FlexDirection, ValueError<'i>> {
    Ok(match ident(input)?.as_str() {
        "row" => FlexDirection::Row,
        "row-reverse" => FlexDirection::RowReverse,
        "column" => FlexDirection::Column,
        "column-reverse" => FlexDirection::ColumnReverse,
        _ => return Err(invalid(input, "flex-direction")),
    })
}

fn flex_wrap<'i>(input: &mut Parser<'i, '_>) -> Result<FlexWrap, ValueError<'i>> {
    Ok(match ident(input)?.as_str() {
        "nowrap" => FlexWrap::NoWrap,
        "wrap" => FlexWrap::Wrap,
        "wrap-reverse" => FlexWrap::WrapReverse,
        _ => return Err(invalid(input, "flex-wrap")),
    })
}

/// `flex` (CSS Flexbox 1 §7.1.1): `none`, `auto`, `<grow> [<shrink>] [<basis>]`, `<basis>`.
fn parse_flex<'i>(input: &mut Parser<'i, '_>) -> Result<Vec<Declaration>, ValueError<'i>> {
    use Declaration as D;
    let full = |g, s, b| vec![D::FlexGrow(g), D::FlexShrink(s), D::FlexBasis(b)];
    if let Ok(kw) = input.try_parse(ident) {
        return match kw.as_str() {
            "none" => Ok(full(0.0, 0.0, Len::Auto)),
            "auto" => Ok(full(1.0, 1.0, Len::Auto)),
            _ => Err(invalid(input, "flex")),
        };
    }
    let mut grow = None;
    let mut shrink = None;
    let mut basis = None;
    while !input.is_exhausted() {
        if let Ok(n) = input.try_parse(|i| i.expect_number()) {
            if grow.is_none() {
                grow = Some(n);
            } else if shrink.is_none() && basis.is_none() {
                shrink = Some(n);
            } else if basis.is_none() && n == 0.0 {
                basis = Some(Len::Px(0.0));
            } else {
                return Err(invalid(input, "flex"));
            }
        } else if basis.is_none() {
            basis = Some(parse_len(input, true)?);
        } else {
            return Err(invalid(input, "flex"));
        }
    }
    // Omitted grow/shrink are 1; an omitted basis is 0% when a number was given.
    Ok(full(
        grow.unwrap_or(1.0).max(0.0),
        shrink.unwrap_or(1.0).max(0.0),
        basis.unwrap_or(Len::Percent(0.0)),
    ))
}

/// `justify-content` / `align-content` (CSS Box Alignment 3 §5).
fn content_alignment<'i>(
    input: &mut Parser<'i, '_>,
) -> Result<Option<JustifyContent>, ValueError<'i>> {
    Ok(Some(match ident(input)?.as_str() {
        "normal" => return Ok(None),
        "flex-start" => JustifyContent::FlexStart,
        "flex-end" => JustifyContent::FlexEnd,
        "start" | "left" => JustifyContent::Start,
        "end" | "right" => JustifyContent::End,
        "center" => JustifyContent::Center,
        "stretch" => JustifyContent::Stretch,
        "space-between" => JustifyContent::SpaceBetween,
        "space-around" => JustifyContent::SpaceAround,
        "space-evenly" => JustifyContent::SpaceEvenly,
        _ => return Err(invalid(input, "justify-content")),
    }))
}

/// `align-items` / `align-self` (CSS Box Alignment 3 §6).
fn item_alignment<'i>(
    input: &mut Parser<'i, '_>,
    is_self: bool,
) -> Result<Option<AlignItems>, ValueError<'i>> {
    Ok(Some(match ident(input)?.as_str() {
        "auto" if is_self => return Ok(None),
        "normal" => return Ok(None),
        "flex-start" => AlignItems::FlexStart,
        "flex-end" => AlignItems::FlexEnd,
        "start" | "self-start" => AlignItems::Start,
        "end" | "self-end" => AlignItems::End,
        "center" => AlignItems::Center,
        "baseline" => AlignItems::Baseline,
        "stretch" => AlignItems::Stretch,
        _ => return Err(invalid(input, "align-items")),
    }))
}

/// `border-width` values, with the keywords of CSS Backgrounds 3 §4.3.
fn border_width<'i>(input: &mut Parser<'i, '_>) -> Result<Len, ValueError<'i>> {
    if let Ok(kw) = input.try_parse(ident) {
        return Ok(Len::Px(match kw.as_str() {
            "thin" => 1.0,
            "medium" => 3.0,
            "thick" => 5.0,
            _ => return Err(invalid(input, "border-width")),
        }));
    }
    parse_len(input, false)
}

/// `border` / `border-<side>`: width, style and colour in any order; omitted parts reset
/// to their initial values (medium, none, currentcolor).
fn parse_border<'i>(
    input: &mut Parser<'i, '_>,
    sides: &[Side],
) -> Result<Vec<Declaration>, ValueError<'i>> {
    let (width, style, color) = any_order(input, "border", border_width, line_style, parse_color)?;
    let mut out = Vec::with_capacity(sides.len() * 3);
    for &s in sides {
        out.push(Declaration::BorderWidth(s, width.unwrap_or(Len::Px(3.0))));
        out.extend(style_decls(s, style.unwrap_or(LineStyle::None)));
        out.push(Declaration::BorderColor(s, color.unwrap_or(None)));
    }
    Ok(out)
}

fn parse_font_size<'i>(input: &mut Parser<'i, '_>) -> Result<FontSizeDecl, ValueError<'i>> {
    if let Ok(kw) = input.try_parse(ident) {
        // CSS Fonts 3 §3.5 absolute-size keywords with a 16px medium.
        let px = match kw.as_str() {
            "xx-small" => 9.0,
            "x-small" => 10.0,
            "small" => 13.0,
            "medium" => 16.0,
            "large" => 18.0,
            "x-large" => 24.0,
            "xx-large" => 32.0,
            "larger" => return Ok(FontSizeDecl::Scale(1.2)),
            "smaller" => return Ok(FontSizeDecl::Scale(1.0 / 1.2)),
            _ => return Err(invalid(input, "font-size")),
        };
        return Ok(FontSizeDecl::Length(Len::Px(px)));
    }
    Ok(FontSizeDecl::Length(parse_len(input, false)?))
}

/// `font` (CSS Fonts 3 §3.7): `[<style> || <variant> || <weight> || <stretch>]? <size>
/// [/ <line-height>]? <family>`. Size, weight, style and line height are kept (omitted
/// ones reset to `normal`); variant, stretch and the family are checked and dropped (one
/// bundled face). System-font keywords (`caption`, ...) are not supported.
fn parse_font<'i>(input: &mut Parser<'i, '_>) -> Result<Vec<Declaration>, ValueError<'i>> {
    let mut weight = None;
    let mut style = super::text_style::FontStyle::Normal;
    for _ in 0..4 {
        if let Ok(n) = input.try_parse(|i| i.expect_number()) {
            // A number before the size is the weight.
            if weight.is_some() || !(1.0..=1000.0).contains(&n) {
                return Err(invalid(input, "font"));
            }
            weight = Some(n.round() as u16);
            continue;
        }
        let state = input.state();
        let Ok(kw) = input.try_parse(ident) else {
            break;
        };
        match kw.as_str() {
            "italic" | "oblique" => style = super::text_style::FontStyle::Italic,
            "normal" | "small-caps" | "ultra-condensed" | "extra-condensed" | "condensed"
            | "semi-condensed" | "semi-expanded" | "expanded" | "extra-expanded"
            | "ultra-expanded" => {}
            "bold" | "bolder" | "lighter" if weight.is_none() => {
                weight = Some(if kw == "lighter" { 400 } else { 700 });
            }
            _ => {
                // A size keyword (`medium`, ...): the size starts here.
                input.reset(&state);
                break;
            }
        }
    }
    let size = parse_font_size(input)?;
    let line_height = if input.try_parse(|i| i.expect_delim('/')).is_ok() {
        parse_line_height(input)?
    } else {
        LineHeightDecl::Normal
    };
    // The family: names (strings or runs of identifiers) separated by commas.
    let mut need_name = true;
    while !input.is_exhausted() {
        let location = input.current_source_location();
        match input.next()? {
            Token::Ident(_) | Token::QuotedString(_) => need_name = false,
            Token::Comma if !need_name => need_name = true,
            t => return Err(location.new_unexpected_token_error(t.clone())),
        }
    }
    if need_name {
        return Err(invalid(input, "font"));
    }
    Ok(vec![
        Declaration::FontSize(size),
        Declaration::FontWeight(weight.unwrap_or(400)),
        Declaration::LineHeight(line_height),
        Declaration::Text(super::text_style::TextDecl::FontStyle(style)),
    ])
}

fn parse_font_weight<'i>(input: &mut Parser<'i, '_>) -> Result<u16, ValueError<'i>> {
    if let Ok(n) = input.try_parse(|i| i.expect_number()) {
        if (1.0..=1000.0).contains(&n) {
            return Ok(n.round() as u16);
        }
        return Err(invalid(input, "font-weight"));
    }
    Ok(match ident(input)?.as_str() {
        "normal" | "lighter" => 400,
        "bold" | "bolder" => 700,
        _ => return Err(invalid(input, "font-weight")),
    })
}

fn parse_line_height<'i>(input: &mut Parser<'i, '_>) -> Result<LineHeightDecl, ValueError<'i>> {
    if input
        .try_parse(|i| i.expect_ident_matching("normal"))
        .is_ok()
    {
        return Ok(LineHeightDecl::Normal);
    }
    if let Ok(n) = input.try_parse(|i| i.expect_number()) {
        return Ok(LineHeightDecl::Number(n.max(0.0)));
    }
    match parse_len(input, false)? {
        Len::Percent(p) => Ok(LineHeightDecl::Number(p)),
        l => Ok(LineHeightDecl::Length(l)),
    }
}

fn overflow<'i>(input: &mut Parser<'i, '_>) -> Result<Overflow, ValueError<'i>> {
    Ok(match ident(input)?.as_str() {
        "visible" => Overflow::Visible,
        // Scrolling containers clip; scrolling itself is the engine's job (scroll-view).
        "hidden" | "clip" | "scroll" | "auto" => Overflow::Hidden,
        _ => return Err(invalid(input, "overflow")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every property `parse_declaration` supports (keep in step with it).
    const SUPPORTED: &[&str] = &[
        "display",
        "position",
        "flex-direction",
        "flex-wrap",
        "flex-flow",
        "flex",
        "flex-grow",
        "flex-shrink",
        "flex-basis",
        "justify-content",
        "align-content",
        "align-items",
        "align-self",
        "row-gap",
        "column-gap",
        "gap",
        "width",
        "height",
        "min-width",
        "min-height",
        "max-width",
        "max-height",
        "margin",
        "padding",
        "border-width",
        "border-style",
        "border-color",
        "border",
        "border-radius",
        "border-top-left-radius",
        "border-top-right-radius",
        "border-bottom-right-radius",
        "border-bottom-left-radius",
        "background-color",
        "background",
        "color",
        "font",
        "font-size",
        "font-weight",
        "line-height",
        "text-align",
        "overflow",
        "overflow-x",
        "overflow-y",
        "opacity",
        "box-sizing",
        "margin-top",
        "margin-left",
        "padding-right",
        "padding-bottom",
        "top",
        "right",
        "bottom",
        "left",
        "border-top",
        "border-left",
        "border-right-width",
        "border-bottom-style",
        "border-top-color",
        "background-image",
        "background-position",
        "background-size",
        "background-repeat",
        "box-shadow",
        "transform",
        "transform-origin",
        "z-index",
        "visibility",
        "vertical-align",
    ];

    #[test]
    fn every_supported_property_has_an_initial_value_that_parses() {
        for name in SUPPORTED {
            let initial = initial_value(name).unwrap_or_else(|| panic!("{name}"));
            assert!(parse_value(name, initial).is_some(), "{name}: {initial}");
        }
        for name in [
            "zoom",
            "border-top-foo",
            "margin-middle",
            "--x",
            "border-spacing",
        ] {
            assert_eq!(initial_value(name), None, "{name}");
            assert_eq!(parse_value(name, "0"), None, "{name}");
        }
    }

    #[test]
    fn font_shorthand() {
        use Declaration as D;
        assert_eq!(
            parse_value("font", "italic bold 14px/1.5 \"PingFang SC\", sans-serif"),
            Some(vec![
                D::FontSize(FontSizeDecl::Length(Len::Px(14.0))),
                D::FontWeight(700),
                D::LineHeight(LineHeightDecl::Number(1.5)),
                D::Text(super::super::text_style::TextDecl::FontStyle(
                    super::super::text_style::FontStyle::Italic
                )),
            ])
        );
        assert_eq!(
            parse_value("font", "500 medium serif"),
            Some(vec![
                D::FontSize(FontSizeDecl::Length(Len::Px(16.0))),
                D::FontWeight(500),
                D::LineHeight(LineHeightDecl::Normal),
                D::Text(super::super::text_style::TextDecl::FontStyle(
                    super::super::text_style::FontStyle::Normal
                )),
            ])
        );
        for bad in [
            "14px",
            "bold",
            "14px/ sans-serif",
            "caption",
            "bold bold 1px a",
            "1px a,,",
        ] {
            assert_eq!(parse_value("font", bad), None, "{bad}");
        }
    }
}
