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

pub mod compare;
pub mod display_list;
pub mod glyphs;
pub mod image;
mod output;
pub mod paint;
mod shapes;

pub use compare::{compare_images, compare_rgba, CompareResult};
pub use display_list::{
    build, build_culled, DisplayItem, DisplayList, GlyphInstance, GlyphRun, ImageItem,
};
pub use glyphs::{GlyphCache, GlyphSource, NoGlyphs};
pub use image::{decode_size, ImageCache, ImageError, ImageMode, ImageSource, NoImages};
pub use output::encode_png;
pub use paint::{Placement, Renderer};
pub use shapes::{inset_rect, push_rrect, Radii};
/// The tiny-skia version the renderer paints with, so callers name the same types.
pub use tiny_skia;

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
