//! Fonts, text measurement and line breaking (fontdue + unicode-linebreak).
//!
//! CONTRACT (filled in by the text implementation): `FontStore` loads faces lazily; layout
//! shapes each text node into a `TextLayout` that the renderer paints glyph by glyph.
//!
//! ```
//! use mica_layout::{text::FontStore, TextAlign};
//! let fonts = FontStore::bundled();
//! let t = fonts.shape("你好，世界", 16.0, 22.0, Some(40.0), TextAlign::Left);
//! assert!(t.lines.len() > 1);
//! assert!(t.lines.iter().all(|l| l.width <= 40.0));
//! // `font-weight: bold` draws Latin from the bundled Open Sans Bold.
//! let b = fonts.shape_with_weight("Mica", 16.0, 700, 22.0, None, TextAlign::Left);
//! assert!(b.width > fonts.shape("Mica", 16.0, 22.0, None, TextAlign::Left).width);
//! ```

mod fonts;
pub mod hash;
mod shape;
mod white_space;

pub use fonts::{FontError, FontStore, BOLD_WEIGHT};
pub use shape::ShapeOptions;
pub(crate) use shape::{fits_unbounded, Shaped};
pub use white_space::collapse_whitespace;

/// Index of a face in the [`FontStore`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FaceId(pub u16);

/// One positioned glyph.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PositionedGlyph {
    /// The face holding the glyph.
    pub face: FaceId,
    /// The glyph index in that face.
    pub glyph: u16,
    /// Pen x of the glyph origin, relative to the text node's content box.
    pub x: f32,
    /// The character it came from (for dumps and hit-testing).
    pub ch: char,
}

/// One line of shaped text.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TextLine {
    /// Glyphs in visual order.
    pub glyphs: Vec<PositionedGlyph>,
    /// Baseline y relative to the text node's content box top.
    pub baseline: f32,
    /// Advance width of the line.
    pub width: f32,
    /// Offset applied for `text-align` (already included in glyph x).
    pub offset_x: f32,
}

/// A text node after shaping and wrapping.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TextLayout {
    /// Lines top to bottom.
    pub lines: Vec<TextLine>,
    /// Font size in px the glyphs were shaped at.
    pub font_size: f32,
    /// Widest line.
    pub width: f32,
    /// Sum of line heights.
    pub height: f32,
    /// Where this font size's decoration lines go.
    pub decoration: DecorationMetrics,
}

/// What placing decoration lines needs from the font, in px at one font size (CSS Text
/// Decoration 3 §2.2: the font decides).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct DecorationMetrics {
    /// How far below the baseline the underline starts (the font's `post` table).
    pub underline_offset: f32,
    /// The font's ascent: the overline sits on it, the line-through a third of it up.
    pub ascent: f32,
}
