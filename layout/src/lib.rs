//! # mica-layout
//!
//! The document tree, the FTSS/WXSS style system and layout of Mica.
//!
//! The view thread builds a [`Document`] from a template; [`style`] parses stylesheets with
//! `cssparser` and cascades them into a [`ComputedStyle`] per node; layout runs taffy
//! directly on the document (it implements taffy's traits, there is no second tree) and
//! shapes text with fontdue and unicode-linebreak.
//!
//! The pipeline, each phase separately callable (and timeable):
//!
//! ```
//! use mica_layout::{compute_layout, hit_test, restyle, select, Document, FontStore};
//! use mica_layout::{ParseOptions, StyleSet, Stylesheet};
//!
//! let css = ".row { display: flex; padding: 20rpx } .cell { flex: 1; height: 40px }";
//! let (sheet, warnings) = Stylesheet::parse(css, "index.wxss", ParseOptions::default());
//! assert!(warnings.is_empty());
//! let mut styles = StyleSet::new(); // user-agent sheet first
//! styles.push(sheet);
//!
//! let mut doc = Document::new();
//! let row = doc.create_element("view");
//! doc.set_attr(row, "class", "row");
//! doc.append_child(doc.root(), row);
//! for _ in 0..2 {
//!     let cell = doc.create_element("view");
//!     doc.set_attr(cell, "class", "cell");
//!     doc.append_child(row, cell);
//!     let label = doc.create_text("确定 OK");
//!     doc.append_child(cell, label);
//! }
//!
//! let fonts = FontStore::bundled(); // faces are parsed on first use
//! let viewport = (375.0, 667.0);
//! restyle(&mut doc, &styles, viewport); // 20rpx = 10px at 375px
//! compute_layout(&mut doc, &fonts, viewport);
//!
//! let second = doc.node(row).children[1];
//! assert_eq!(doc.node(second).rect.x, 10.0 + 177.5_f32.round());
//! assert_eq!(select(&doc, ".row > .cell"), Some(doc.node(row).children[0]));
//! assert_eq!(hit_test(&doc, 300.0, 20.0), Some(second));
//! ```
#![forbid(unsafe_code)]

mod block_text;
mod boxes;
pub mod document;
mod inline;
pub mod layout;
pub mod query;
pub mod relayout;
pub mod style;
pub mod text;

pub use document::{
    focus_ring_bounds, BoxChildren, Dirty, DocStats, Document, Fragment, Node, NodeId, NodeKind,
    Rect, FOCUS_RING_WIDTH, FOCUS_STATE_CLASS, HOST_CLASS,
};
pub use layout::{compute_layout, scroll_by, scroll_range, scroll_to};
pub use query::{hit_test, select, select_all};
pub use style::computed::{Color, ComputedStyle, LineHeight, Overflow, TextAlign};
pub use style::{restyle, ParseOptions, StyleSet, StyleWarning, Stylesheet};
pub use text::{FaceId, FontError, FontStore, PositionedGlyph, TextLayout, TextLine};
