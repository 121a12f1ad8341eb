//! # mica-renderer
//!
//! Turns a laid-out, read-only [`mica_layout::Document`] into pixels with tiny-skia.
//!
//! Painting is two stages, as in resvg: [`display_list::build`] resolves the tree into a
//! flat list of drawing commands in paint order (colours with opacity applied, border
//! widths and radii in px, glyph origins, image boxes), and [`Renderer`] draws that list
//! into a [`tiny_skia::Pixmap`] and nothing else. A damage rectangle limits both the
//! pixels that change and the work done: items outside it are skipped.
//!
//! ```
//! use mica_layout::{Color, Document, Rect};
//! use mica_renderer::{NoImages, NoGlyphs, Renderer};
//!
//! let mut doc = Document::new();
//! let root = doc.root();
//! let view = doc.create_element("view");
//! doc.append_child(root, view);
//! doc.node_mut(root).rect = Rect::new(0.0, 0.0, 32.0, 32.0);
//! doc.node_mut(view).rect = Rect::new(8.0, 8.0, 16.0, 16.0);
//! doc.node_mut(view).style.background_color = Color::rgba(255, 0, 0, 255);
//!
//! let mut pixmap = tiny_skia::Pixmap::new(32, 32).unwrap();
//! let mut renderer = Renderer::new();
//! renderer.paint(&doc, &NoGlyphs, &NoImages, &mut pixmap, None);
//! let p = pixmap.pixel(10, 10).unwrap();
//! assert_eq!((p.red(), p.green(), p.blue()), (255, 0, 0));
//! let png = mica_renderer::encode_png(&pixmap).unwrap();
//! assert!(png.starts_with(b"\x89PNG"));
//! ```
#![forbid(unsafe_code)]

pub mod background;
mod blur;
pub mod compare;
pub mod dashes;
pub mod display_list;
pub mod glyphs;
pub mod gradient;
pub mod image;
mod output;
pub mod paint;
pub mod shadow;
mod shapes;
pub mod stacking;
pub mod text_items;

pub use background::BackgroundImageItem;
pub use compare::{compare_images, compare_rgba, CompareResult};
pub use dashes::StyledBorderItem;
pub use display_list::{
    build, build_culled, DisplayItem, DisplayList, GlyphInstance, GlyphRun, ImageItem,
};
pub use glyphs::{GlyphCache, GlyphSource, NoGlyphs};
pub use gradient::{GradientItem, GradientShape};
pub use image::{decode_size, ImageCache, ImageError, ImageMode, ImageSource, NoImages};
pub use output::encode_png;
pub use paint::{Placement, Renderer};
pub use shadow::ShadowItem;
pub use shapes::{inset_rect, push_rrect, Radii};
pub use stacking::LayerItem;
/// The tiny-skia version the renderer paints with, so callers name the same types.
pub use tiny_skia;

use mica_layout::Rect;

/// Above this many pixels an offscreen layer (a shadow, a dashed border, a transformed
/// group) covers only the visible part of itself: untrusted sizes must not size
/// allocations. Below it a layer never depends on the painted region, so damage
/// repaints match full ones exactly.
pub(crate) const MAX_LAYER_PIXELS: f32 = 2048.0 * 2048.0;

/// `cell` (whole pixels), or when it is larger than [`MAX_LAYER_PIXELS`] its part within
/// `margin` px of `visible`; `None` when nothing is left or even that is too large.
pub(crate) fn cap_layer(cell: Rect, visible: Rect, margin: f32) -> Option<Rect> {
    if cell.is_empty() || !(cell.x.is_finite() && cell.y.is_finite()) {
        return None;
    }
    if cell.width * cell.height <= MAX_LAYER_PIXELS {
        return Some(cell);
    }
    let m = margin.ceil();
    let v = Rect::new(
        visible.x.floor() - m,
        visible.y.floor() - m,
        visible.width.ceil() + 2.0 * m + 1.0,
        visible.height.ceil() + 2.0 * m + 1.0,
    );
    let cut = cell.intersect(&v);
    (!cut.is_empty() && cut.width * cut.height <= 4.0 * MAX_LAYER_PIXELS).then_some(cut)
}

/// Errors of the renderer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// Writing a PNG failed.
    #[error("PNG encoding failed: {0}")]
    Encode(String),
    /// An image (for example a reference PNG) could not be decoded.
    #[error(transparent)]
    Image(#[from] ImageError),
}
