//! Integration tests of mica-layout: real stylesheets, the bundled font, taffy layout.

mod calc;
mod cascade;
mod contents;
mod decor;
mod generated;
mod grid;
mod inline;
mod layout;
mod media;
mod modes;
mod perf;
mod query;
mod selectors;
mod text;
mod variables;

use mica_layout::style::restyle;
use mica_layout::{
    compute_layout, Document, FontStore, NodeId, ParseOptions, StyleSet, StyleWarning, Stylesheet,
};

/// A document under construction with a page stylesheet.
#[derive(Debug)]
pub struct Page {
    pub doc: Document,
    pub styles: StyleSet,
    pub warnings: Vec<StyleWarning>,
}

impl Page {
    pub fn new(css: &str) -> Self {
        let (sheet, warnings) = Stylesheet::parse(css, "page.wxss", ParseOptions::default());
        let mut styles = StyleSet::new();
        styles.push(sheet);
        Page {
            doc: Document::new(),
            styles,
            warnings,
        }
    }

    /// Appends an element `tag` with `class` (may be empty) under `parent`.
    pub fn el(&mut self, parent: NodeId, tag: &str, class: &str) -> NodeId {
        let id = self.doc.create_element(tag);
        if !class.is_empty() {
            self.doc.set_attr(id, "class", class);
        }
        self.doc.append_child(parent, id);
        id
    }

    /// Appends a text node.
    pub fn text(&mut self, parent: NodeId, text: &str) -> NodeId {
        let id = self.doc.create_text(text);
        self.doc.append_child(parent, id);
        id
    }

    pub fn root(&self) -> NodeId {
        self.doc.root()
    }

    pub fn restyle(&mut self, viewport: (f32, f32)) {
        restyle(&mut self.doc, &self.styles, viewport);
    }

    pub fn layout(&mut self, fonts: &FontStore, viewport: (f32, f32)) {
        self.restyle(viewport);
        compute_layout(&mut self.doc, fonts, viewport);
    }

    /// `(x, y, width, height)` of a node's absolute border box.
    pub fn rect(&self, id: NodeId) -> (f32, f32, f32, f32) {
        let r = self.doc.node(id).rect;
        (r.x, r.y, r.width, r.height)
    }
}

/// One font store for all tests (parsing chunks is the slow part).
pub fn fonts() -> &'static FontStore {
    static FONTS: std::sync::OnceLock<FontStore> = std::sync::OnceLock::new();
    FONTS.get_or_init(FontStore::bundled)
}

pub const VIEWPORT: (f32, f32) = (375.0, 667.0);
