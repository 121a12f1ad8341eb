//! The result of the cascade for one node: taffy's box style plus the visual properties the
//! renderer reads. Lengths are already resolved to pixels (rpx, em) or kept as percentages
//! for taffy to resolve.

use std::sync::Arc;

use super::variables::CustomProperties;

/// An sRGB colour with straight alpha.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha, 255 opaque.
    pub a: u8,
}

impl Color {
    /// Fully transparent.
    pub const TRANSPARENT: Color = Color {
        r: 0,
        g: 0,
        b: 0,
        a: 0,
    };
    /// Opaque black.
    pub const BLACK: Color = Color {
        r: 0,
        g: 0,
        b: 0,
        a: 255,
    };
    /// Opaque white.
    pub const WHITE: Color = Color {
        r: 255,
        g: 255,
        b: 255,
        a: 255,
    };
    /// A colour from its channels.
    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Self {
        Color { r, g, b, a }
    }
    /// True when nothing would be drawn.
    pub fn is_transparent(&self) -> bool {
        self.a == 0
    }
}

/// `text-align`.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TextAlign {
    /// Start of the line (left in LTR).
    #[default]
    Left,
    /// Centred.
    Center,
    /// End of the line.
    Right,
}

/// `line-height`.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum LineHeight {
    /// The font's own ascent + descent + line gap (about 1.2 em in Chromium; we use 1.4 em
    /// as WeChat's default stylesheet does for `page`).
    #[default]
    Normal,
    /// A multiple of the font size.
    Number(f32),
    /// An absolute height in px.
    Px(f32),
}

impl LineHeight {
    /// The line box height in px for a font size.
    pub fn resolve(&self, font_size: f32) -> f32 {
        match *self {
            LineHeight::Normal => font_size * 1.4,
            LineHeight::Number(n) => font_size * n,
            LineHeight::Px(px) => px,
        }
    }
}

/// `overflow` (one value for both axes in the foundation).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Overflow {
    /// Children may paint outside the box.
    #[default]
    Visible,
    /// Children are clipped to the padding box (with rounded corners).
    Hidden,
}

/// Everything the cascade decides for a node.
#[derive(Clone, Debug, PartialEq)]
pub struct ComputedStyle {
    /// Box properties, in taffy's terms (display, position, sizes, margins, flex, ...).
    pub layout: taffy::Style,
    /// `display: none` (also set by the `hidden` attribute); such nodes are neither laid out
    /// nor painted. Mirrors `layout.display == Display::None`.
    pub hidden: bool,
    /// `display: contents` (CSS Display 3 §2.5): the element generates no box. Layout
    /// sees its children in its place (see [`Document::box_children`]), it paints nothing
    /// itself, and its [`Node::rect`] is the union of those children's boxes. taffy has no
    /// such display: `layout.display` stays `Block` and is never used. Never set on the
    /// root.
    ///
    /// [`Document::box_children`]: crate::Document::box_children
    /// [`Node::rect`]: crate::Node::rect
    pub display_contents: bool,
    /// `background-color`.
    pub background_color: Color,
    /// Border colours: top, right, bottom, left. Widths are in `layout.border`.
    pub border_color: [Color; 4],
    /// Corner radii in px: top-left, top-right, bottom-right, bottom-left.
    pub border_radius: [f32; 4],
    /// `overflow`.
    pub overflow: Overflow,
    /// `color` (inherited).
    pub color: Color,
    /// `font-size` in px (inherited).
    pub font_size: f32,
    /// `font-weight`, 100..=900 (inherited).
    pub font_weight: u16,
    /// `line-height` (inherited).
    pub line_height: LineHeight,
    /// `text-align` (inherited).
    pub text_align: TextAlign,
    /// `opacity`, 0..=1 (not inherited; applied per node in the foundation).
    pub opacity: f32,
    /// Corner radii declared as percentages (fractions of the border box), same corner
    /// order as `border_radius`; layout resolves them into `border_radius`.
    pub border_radius_percent: [Option<f32>; 4],
    /// Custom properties (inherited; CSS Variables 1 §2), `var()`s substituted. The
    /// parent's own `Arc` when the element declares none; `None` when there are none.
    pub custom: Option<Arc<CustomProperties>>,
    /// `box-shadow`, lengths in px and colours resolved; `None` = `none`.
    pub box_shadow: Option<Arc<[super::shadow::BoxShadow]>>,
    /// `background-image`: gradients, top layer first, lengths in px or percentages;
    /// `None` = `none`.
    pub background_image: Option<Arc<[super::background::Image]>>,
    /// `transform`, lengths in px or percentages of the border box; `None` = `none`.
    pub transform: Option<Arc<[super::transform::TransformFn]>>,
    /// `transform-origin`, x and y, px or percentages of the border box.
    pub transform_origin: [super::values::Len; 2],
    /// `z-index`; `None` = `auto`.
    pub z_index: Option<i32>,
    /// `visibility: visible` (inherited): when false the box itself paints nothing and
    /// is not hit, but a visible descendant still paints.
    pub visible: bool,
    /// The inherited text properties (`white-space`, `letter-spacing`, ...).
    pub text: super::text_style::TextStyle,
    /// The properties of this box that shape its own lines (`text-overflow`, line clamp).
    pub text_block: super::text_style::TextBlockStyle,
    /// `order` (CSS Flexbox 1 §5.4): a flex or grid item's place among its siblings.
    pub order: i32,
    /// `content` of a `::before`/`::after` style (not inherited); `None` = no box.
    pub content: Option<super::generated::Content>,
    /// Border line styles: top, right, bottom, left (whether a side shows at all is its
    /// width, zeroed for `none`).
    pub border_line_style: [super::border_style::LineStyle; 4],
    /// Vertical corner radii (CSS Backgrounds 3 §5.1) in px or as a fraction of the
    /// border box's height, corner order as `border_radius`; `None` = circular (the
    /// horizontal radius, or its percentage taken of the height).
    pub border_radius_y: [Option<super::values::Len>; 4],
    /// `position: fixed` (CSS Position 3 §2.1): `layout.position` is `Absolute`, and
    /// the box is laid out and painted as a child of the page root, placed against the
    /// window and not moved by the page's scrolling.
    pub fixed: bool,
    /// How background images are sized, placed and repeated.
    pub background_tile: super::background_tile::Tile,
    /// The `transition-*` and `animation-*` properties (not inherited); `None` while
    /// the element declares none, the common case.
    pub motion: Option<Arc<super::motion::MotionStyle>>,
    /// The outer display type and `vertical-align` (see [`super::inline_box`]).
    pub inline_box: super::inline_box::InlineBox,
}

impl ComputedStyle {
    /// The computed value of custom property `name` (with its `--`).
    pub fn custom_property(&self, name: &str) -> Option<&str> {
        self.custom.as_ref()?.get(name)
    }
}

impl Default for ComputedStyle {
    fn default() -> Self {
        ComputedStyle {
            layout: taffy::Style::default(),
            hidden: false,
            display_contents: false,
            background_color: Color::TRANSPARENT,
            border_color: [Color::BLACK; 4],
            border_radius: [0.0; 4],
            overflow: Overflow::Visible,
            color: Color::BLACK,
            font_size: 16.0,
            font_weight: 400,
            line_height: LineHeight::Normal,
            text_align: TextAlign::Left,
            opacity: 1.0,
            border_radius_percent: [None; 4],
            custom: None,
            box_shadow: None,
            background_image: None,
            transform: None,
            transform_origin: [super::values::Len::Percent(0.5); 2],
            z_index: None,
            visible: true,
            text: Default::default(),
            text_block: Default::default(),
            order: 0,
            content: None,
            border_line_style: [super::border_style::LineStyle::Solid; 4],
            border_radius_y: [None; 4],
            background_tile: Default::default(),
            fixed: false,
            motion: None,
            inline_box: Default::default(),
        }
    }
}
