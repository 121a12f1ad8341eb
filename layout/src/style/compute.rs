//! Computed values (CSS Cascade 4 §4.4): declarations in cascade order applied on top of
//! the initial values and the parent's inherited ones, with units resolved to px.

use taffy::style::{BoxSizing, Display, LengthPercentage};

use super::computed::{Color, ComputedStyle, LineHeight, Overflow};
use super::properties::{Declaration, FontSizeDecl, LineHeightDecl, SizeProp};
use super::values::{Len, LenContext, ROOT_FONT_SIZE};

/// The initial values of an element, before any declaration: CSS initial values where
/// they differ from taffy's defaults (`display` flows as a block, `box-sizing` is
/// `content-box`).
pub fn initial_style() -> ComputedStyle {
    let mut s = ComputedStyle::default();
    s.layout.display = Display::Block;
    s.layout.box_sizing = BoxSizing::ContentBox;
    s
}

/// Copies the inherited properties (CSS 2.1 property table: `color`, `font-size`,
/// `font-weight`, `line-height`, `text-align`) from `parent`.
pub fn inherit_from(style: &mut ComputedStyle, parent: &ComputedStyle) {
    style.color = parent.color;
    style.font_size = parent.font_size;
    style.font_weight = parent.font_weight;
    style.line_height = parent.line_height;
    style.text_align = parent.text_align;
    style.visible = parent.visible;
    style.text = parent.text.clone();
}

/// True when the inherited properties differ (so children must be restyled). Custom
/// properties inherit too; an unchanged parent's shared `Arc` compares by pointer.
/// True when a box changed in a way its layout sees: its box properties, its inline-level
/// ones, whether it has a box at all, or what its text inherits.
pub fn box_differs(a: &ComputedStyle, b: &ComputedStyle) -> bool {
    a.layout != b.layout
        || a.inline_box != b.inline_box
        || a.display_contents != b.display_contents
        || inherited_differ(a, b)
}

pub fn inherited_differ(a: &ComputedStyle, b: &ComputedStyle) -> bool {
    a.custom != b.custom
        || a.color != b.color
        || a.font_size != b.font_size
        || a.font_weight != b.font_weight
        || a.line_height != b.line_height
        || a.text_align != b.text_align
        || a.visible != b.visible
        || a.text != b.text
        || a.text_block != b.text_block
}

/// The style of a text node: its parent's inherited values on an anonymous block.
pub fn text_node_style(parent: Option<&ComputedStyle>) -> ComputedStyle {
    let mut s = initial_style();
    if let Some(p) = parent {
        inherit_from(&mut s, p);
        super::text_style::for_text_node(&mut s, p);
    }
    s
}

/// Computes an element's style from its declarations in ascending cascade order.
/// Custom properties and `var()` declarations are ignored: the cascade hands elements
/// that have them to [`super::variables::compute_with_variables`], which substitutes and
/// then calls this. The parent's custom properties are inherited as they are.
pub fn compute<'a>(
    decls: impl Iterator<Item = &'a Declaration> + Clone,
    parent: Option<&ComputedStyle>,
    viewport: (f32, f32),
) -> ComputedStyle {
    let mut s = initial_style();
    if let Some(p) = parent {
        inherit_from(&mut s, p);
        // Not in `inherit_from`: text nodes have no use for them.
        s.custom = p.custom.clone();
    }
    let parent_font = parent.map_or(ROOT_FONT_SIZE, |p| p.font_size);

    // `font-size` first: `em` in every other property refers to it (CSS Values 3 §5.1.1).
    for d in decls.clone() {
        if let Declaration::FontSize(fs) = d {
            let pcx = LenContext {
                viewport,
                font_size: parent_font,
            };
            s.font_size = match *fs {
                FontSizeDecl::Scale(k) => parent_font * k,
                FontSizeDecl::Length(Len::Percent(p)) => parent_font * p,
                FontSizeDecl::Length(l) => l.to_px(&pcx).unwrap_or(parent_font),
            }
            .max(0.0);
        }
    }
    let cx = LenContext {
        viewport,
        font_size: s.font_size,
    };

    let mut border_visible = [false; 4];
    let mut border_color: [Option<Color>; 4] = [None; 4];
    let mut bg_current = false;
    for d in decls {
        match *d {
            Declaration::Display(v) => {
                s.layout.display = v;
                s.display_contents = false;
                s.text_block.webkit_box = false;
            }
            Declaration::DisplayContents => {
                s.layout.display = Display::Block;
                s.display_contents = true;
            }
            Declaration::Position(v) => {
                s.layout.position = v;
                s.fixed = false;
            }
            Declaration::PositionFixed => {
                s.layout.position = taffy::Position::Absolute;
                s.fixed = true;
            }
            Declaration::FlexDirection(v) => s.layout.flex_direction = v,
            Declaration::FlexWrap(v) => s.layout.flex_wrap = v,
            Declaration::FlexGrow(v) => s.layout.flex_grow = v,
            Declaration::FlexShrink(v) => s.layout.flex_shrink = v,
            Declaration::FlexBasis(v) => s.layout.flex_basis = v.dimension(&cx),
            Declaration::JustifyContent(v) => s.layout.justify_content = v,
            Declaration::AlignItems(v) => s.layout.align_items = v,
            Declaration::AlignSelf(v) => s.layout.align_self = v,
            Declaration::AlignContent(v) => s.layout.align_content = v,
            Declaration::RowGap(v) => s.layout.gap.height = v.length_percentage(&cx),
            Declaration::ColumnGap(v) => s.layout.gap.width = v.length_percentage(&cx),
            Declaration::Size(p, v) => {
                let dim = v.dimension(&cx);
                match p {
                    SizeProp::Width => s.layout.size.width = dim,
                    SizeProp::Height => s.layout.size.height = dim,
                    SizeProp::MinWidth => s.layout.min_size.width = dim,
                    SizeProp::MinHeight => s.layout.min_size.height = dim,
                    SizeProp::MaxWidth => s.layout.max_size.width = dim,
                    SizeProp::MaxHeight => s.layout.max_size.height = dim,
                }
            }
            Declaration::Margin(side, v) => {
                *side_mut(&mut s.layout.margin, side as usize) = v.length_percentage_auto(&cx)
            }
            Declaration::Padding(side, v) => {
                *side_mut(&mut s.layout.padding, side as usize) = v.length_percentage(&cx)
            }
            Declaration::Inset(side, v) => {
                *side_mut(&mut s.layout.inset, side as usize) = v.length_percentage_auto(&cx)
            }
            Declaration::BorderWidth(side, v) => {
                *side_mut(&mut s.layout.border, side as usize) =
                    LengthPercentage::length(v.to_px(&cx).unwrap_or(0.0).max(0.0))
            }
            Declaration::BorderStyle(side, v) => border_visible[side as usize] = v,
            Declaration::BorderColor(side, c) => border_color[side as usize] = c,
            Declaration::BorderRadius(corner, v) => {
                if let Some(slot) = s.border_radius.get_mut(corner) {
                    match v {
                        Len::Percent(p) => {
                            *slot = 0.0;
                            s.border_radius_percent[corner] = Some(p);
                        }
                        _ => {
                            *slot = v.to_px(&cx).unwrap_or(0.0).max(0.0);
                            s.border_radius_percent[corner] = None;
                        }
                    }
                }
            }
            Declaration::BackgroundColor(c) => {
                // `currentcolor` resolves after the loop.
                s.background_color = c.unwrap_or(Color::TRANSPARENT);
                bg_current = c.is_none();
            }
            Declaration::Color(c) => {
                if let Some(c) = c {
                    s.color = c;
                }
            }
            Declaration::FontSize(_) => {}
            Declaration::FontWeight(v) => s.font_weight = v,
            Declaration::LineHeight(v) => {
                s.line_height = match v {
                    LineHeightDecl::Normal => LineHeight::Normal,
                    LineHeightDecl::Number(n) => LineHeight::Number(n),
                    LineHeightDecl::Length(len) => {
                        LineHeight::Px(len.to_px(&cx).unwrap_or(s.font_size * 1.4))
                    }
                }
            }
            Declaration::TextAlign(v) => s.text_align = v,
            Declaration::Overflow(v) => {
                s.overflow = v;
                let t = match v {
                    Overflow::Visible => taffy::Overflow::Visible,
                    Overflow::Hidden => taffy::Overflow::Hidden,
                };
                s.layout.overflow = taffy::Point { x: t, y: t };
            }
            Declaration::Opacity(v) => s.opacity = v,
            Declaration::BoxSizing(v) => s.layout.box_sizing = v,
            // Resolved before this function by `variables::compute_with_variables`.
            Declaration::Custom(_) | Declaration::WithVariables(_) => {}
            Declaration::BoxShadow(ref v) => s.box_shadow = v.clone(),
            Declaration::BackgroundImage(ref v) => s.background_image = v.clone(),
            Declaration::Transform(ref v) => s.transform = v.clone(),
            Declaration::TransformOrigin(v) => s.transform_origin = v,
            Declaration::ZIndex(v) => s.z_index = v,
            Declaration::Visibility(v) => s.visible = v,
            Declaration::BorderLineStyle(side, v) => s.border_line_style[side as usize] = v,
            Declaration::BackgroundPosition(v) => {
                s.background_tile.position = v.map(|l| super::background_tile::resolve_len(l, &cx))
            }
            Declaration::BackgroundSize(v) => {
                use super::background_tile::{resolve_len, Size};
                s.background_tile.size = match v {
                    Size::Explicit(w, h) => Size::Explicit(
                        w.map(|l| resolve_len(l, &cx)),
                        h.map(|l| resolve_len(l, &cx)),
                    ),
                    k => k,
                }
            }
            Declaration::BackgroundRepeat(v) => s.background_tile.repeat = v,
            Declaration::BorderRadiusY(corner, v) => {
                if let Some(slot) = s.border_radius_y.get_mut(corner) {
                    *slot = v.map(|l| match l {
                        Len::Percent(_) => l,
                        _ => Len::Px(l.to_px(&cx).unwrap_or(0.0).max(0.0)),
                    });
                }
            }
            Declaration::Text(ref t) => super::text_style::apply(t, &mut s, &cx),
            Declaration::Order(v) => s.order = v,
            Declaration::Grid(ref g) => super::grid::apply(g, &mut s, &cx),
            Declaration::Motion(ref m) => super::motion::apply(m, &mut s),
            Declaration::Inline(ref d) => super::inline_box::apply(d, &mut s, &cx),
            Declaration::Content(ref c) => s.content = c.clone(),
        }
    }
    super::decor::resolve(&mut s, &cx);

    // CSS Backgrounds 3 §4.3: a `none` border has a used width of 0; colours default to
    // `currentcolor`.
    for i in 0..4 {
        if !border_visible[i] {
            *side_mut(&mut s.layout.border, i) = LengthPercentage::length(0.0);
        }
        s.border_color[i] = border_color[i].unwrap_or(s.color);
    }
    if bg_current {
        s.background_color = s.color;
    }
    s.hidden = s.layout.display == Display::None;
    super::text_style::finish(&mut s, parent);
    s
}

fn side_mut<T>(r: &mut taffy::Rect<T>, i: usize) -> &mut T {
    match i {
        0 => &mut r.top,
        1 => &mut r.right,
        2 => &mut r.bottom,
        _ => &mut r.left,
    }
}

/// Hides a node (`display: none`), as the `hidden` attribute does.
pub fn set_hidden(s: &mut ComputedStyle) {
    s.layout.display = Display::None;
    s.hidden = true;
    s.display_contents = false;
}
