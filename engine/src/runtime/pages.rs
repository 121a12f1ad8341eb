//! The view side's open pages: one [`PageInstance`] (document, view, styles) per page on
//! the stack, plus tab pages that `switchTab` keeps alive off the stack.
//!
//! Only the top page is laid out and painted. A covered page keeps its document, view
//! and data (patches still apply to it); when it comes back on top it is repainted in
//! full, exactly as it was left.

use std::collections::HashMap;
use std::sync::Arc;

use mica_layout::{Document, NodeId, NodeKind, StyleSet};

use super::PackageFiles;
use crate::focus::FocusManager;
use crate::package::PackageError;
use crate::template::Template;
use crate::view::View;

/// One open page on the view thread.
#[derive(Debug)]
pub(super) struct PageInstance {
    /// The id the logic thread knows this page by.
    pub id: u32,
    /// The route, e.g. `pages/index/index`.
    pub route: String,
    /// The page's template file; images resolve relative to it.
    pub template_path: String,
    /// The element tree.
    pub doc: Document,
    /// The instantiated template; `None` until the logic thread sent the initial data.
    pub view: Option<View>,
    /// App and page stylesheets.
    pub styles: StyleSet,
    /// The compiled template.
    pub template: Arc<Template>,
    /// Image nodes and the `src` their intrinsic size was read from.
    pub image_srcs: HashMap<NodeId, String>,
    /// False until painted in full on screen: a page that was covered is repainted
    /// whole when it comes back.
    pub painted_once: bool,
    /// Remote-control focus on this page (kept while the page is covered).
    pub focus: FocusManager,
    /// The node whose state classes (`:focus`, `focus-class`) are currently set.
    pub focus_applied: Option<NodeId>,
    /// The window config: `app.json`'s with the page's `.json` over it, and what
    /// `setNavigationBarTitle` / `setNavigationBarColor` changed since.
    pub window: crate::package::WindowConfig,
    /// The custom components the page uses.
    pub components: super::components::PageComponents,
}

impl PageInstance {
    /// A page with an empty document, before the logic thread sent its data.
    pub fn new(
        id: u32,
        route: &str,
        template_path: String,
        template: Template,
        styles: StyleSet,
    ) -> Self {
        PageInstance {
            id,
            route: route.to_string(),
            template_path,
            doc: Document::new(),
            view: None,
            styles,
            template: Arc::new(template),
            image_srcs: HashMap::new(),
            painted_once: false,
            focus: FocusManager::new(),
            focus_applied: None,
            window: crate::package::WindowConfig::default(),
            components: Default::default(),
        }
    }
}

/// The pages the view keeps.
#[derive(Debug, Default)]
pub(super) struct PageStack {
    /// Root first; the last page is the one on screen.
    stack: Vec<PageInstance>,
    /// Tab pages switched away from: alive and hidden, not on the stack.
    parked: Vec<PageInstance>,
}

impl PageStack {
    /// The page on screen.
    pub fn top(&self) -> Option<&PageInstance> {
        self.stack.last()
    }

    /// The page on screen.
    pub fn top_mut(&mut self) -> Option<&mut PageInstance> {
        self.stack.last_mut()
    }

    /// The root (first) page of the stack.
    pub fn root(&self) -> Option<&PageInstance> {
        self.stack.first()
    }

    /// Any live page, stacked or parked.
    pub fn get_mut(&mut self, id: u32) -> Option<&mut PageInstance> {
        self.stack
            .iter_mut()
            .chain(self.parked.iter_mut())
            .find(|p| p.id == id)
    }

    /// Pages on the stack.
    pub fn len(&self) -> usize {
        self.stack.len()
    }

    /// Routes on the stack, root first.
    pub fn routes(&self) -> Vec<&str> {
        self.stack.iter().map(|p| p.route.as_str()).collect()
    }

    /// Page ids on the stack, root first.
    pub fn ids(&self) -> Vec<u32> {
        self.stack.iter().map(|p| p.id).collect()
    }

    /// Puts `page` on top.
    pub fn push(&mut self, page: PageInstance) {
        self.stack.push(page);
    }

    /// Takes the top page off.
    pub fn pop(&mut self) -> Option<PageInstance> {
        self.stack.pop()
    }

    /// Keeps a tab page alive off the stack.
    pub fn park(&mut self, page: PageInstance) {
        self.parked.push(page);
    }

    /// Takes the parked tab page for `route`, if it is alive.
    pub fn unpark(&mut self, route: &str) -> Option<PageInstance> {
        let i = self.parked.iter().position(|p| p.route == route)?;
        Some(self.parked.remove(i))
    }

    /// Whether a parked tab page for `route` is alive.
    pub fn is_parked(&self, route: &str) -> bool {
        self.parked.iter().any(|p| p.route == route)
    }

    /// Takes every parked page (`reLaunch` closes them too).
    pub fn drain_parked(&mut self) -> Vec<PageInstance> {
        std::mem::take(&mut self.parked)
    }
}

/// Reads the intrinsic size of image nodes whose `src` changed. Returns warnings.
pub(super) fn size_images(files: &PackageFiles, page: &mut PageInstance) -> Vec<String> {
    let mut warnings = Vec::new();
    let base = files.base.lock().map(|b| b.clone()).unwrap_or_default();
    let images: Vec<(NodeId, String)> = page
        .doc
        .descendants(page.doc.root())
        .into_iter()
        .filter_map(|id| {
            let n = page.doc.node(id);
            (n.kind == NodeKind::Element && n.tag == "image")
                .then(|| (id, n.attr("src").unwrap_or("").to_string()))
        })
        .filter(|(id, src)| page.image_srcs.get(id) != Some(src))
        .collect();
    for (id, src) in images {
        page.image_srcs.insert(id, src.clone());
        if src.is_empty() {
            page.doc.set_intrinsic_size(id, None);
            continue;
        }
        let size = match files.read_image(&base, &src) {
            Ok(bytes) => match mica_renderer::decode_size(&bytes) {
                Ok((w, h)) => Some((w as f32, h as f32)),
                Err(e) => {
                    warnings.push(format!("{base}: image {src}: {e}"));
                    None
                }
            },
            Err(PackageError::PathEscapes(p)) => {
                warnings.push(format!("{base}: image {p}: path escapes the package"));
                None
            }
            Err(e) => {
                warnings.push(format!("{base}: image {src}: {e}"));
                None
            }
        };
        page.doc.set_intrinsic_size(id, size);
    }
    warnings
}
