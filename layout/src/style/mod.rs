//! The style system: stylesheet parsing, selector matching and the cascade.
//!
//! ```
//! use mica_layout::{Document, StyleSet, Stylesheet};
//! use mica_layout::style::{restyle, ParseOptions};
//!
//! let (sheet, warnings) = Stylesheet::parse(".title { color: red; font-size: 36rpx }", "page.wxss", ParseOptions::default());
//! assert!(warnings.is_empty());
//! let mut styles = StyleSet::new(); // starts with the user-agent stylesheet
//! styles.push(sheet);
//! let mut doc = Document::new();
//! let title = doc.create_element("view");
//! doc.set_attr(title, "class", "title");
//! doc.append_child(doc.root(), title);
//! restyle(&mut doc, &styles, (375.0, 667.0));
//! assert_eq!(doc.node(title).style.font_size, 18.0);
//! ```
pub mod animate;
pub mod background;
pub mod background_tile;
pub mod border_style;
pub mod calc;
pub mod cascade;
#[cfg(feature = "serde")]
pub mod compiled;
pub mod compute;
pub mod computed;
pub mod decor;
pub mod easing;
pub mod generated;
pub mod grid;
pub mod inline_box;
pub mod interpolate;
pub mod media;
pub mod motion;
pub mod parse;
pub mod properties;
pub mod radius;
pub mod selector;
pub mod shadow;
pub mod stacking;
pub mod text_style;
pub mod transform;
pub mod ua;
pub mod values;
pub mod variables;

pub use cascade::{restyle, StyleSet};
#[cfg(feature = "serde")]
pub use compiled::{CompiledStyleError, STYLE_MAGIC, STYLE_VERSION};
pub use parse::{parse_inline, ParseOptions, StyleRule, StyleWarning, Stylesheet};
pub use properties::Declaration;
pub use selector::{Selector, Specificity};
pub use variables::{CustomDeclaration, CustomProperties, VariableDeclaration};
