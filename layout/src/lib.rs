//! # mica-layout
//!
//! The document tree, the FTSS/WXSS style system and layout of Mica.
//!
//! The view thread builds a [`Document`] from a template; [`style`] parses stylesheets with
//! `cssparser` and cascades them into a [`ComputedStyle`] per node; layout runs taffy
//! directly on the document (it implements taffy's traits, there is no second tree) and
//! shapes text with fontdue and unicode-linebreak.
#![forbid(unsafe_code)]

pub mod document;
pub mod style;
pub mod text;

pub use document::{Dirty, DocStats, Document, Node, NodeId, NodeKind, Rect};
pub use style::computed::{Color, ComputedStyle, LineHeight, Overflow, TextAlign};
pub use text::{FaceId, PositionedGlyph, TextLayout, TextLine};
