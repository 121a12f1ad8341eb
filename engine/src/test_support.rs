//! Shared set-up for the engine's unit tests: a compiled template instantiated into a
//! real document, lookups by id, and component elements built by hand.

use std::sync::Arc;

use mica_layout::{Document, NodeId};
use serde_json::Value;

use crate::template::compile;
use crate::view::View;

/// Compiles `src` (panicking with the error if it does not compile) and instantiates it
/// with `data` under the root of a new document.
pub(crate) fn view(src: &str, data: Value) -> (View, Document) {
    let c = compile("t.wxml", src).unwrap_or_else(|e| panic!("{e}"));
    let mut doc = Document::new();
    let root = doc.root();
    let v = View::new(Arc::new(c.template), data, &mut doc, root);
    (v, doc)
}

/// The element with `id` (the tests' templates give every element they check one).
pub(crate) fn by_id(doc: &Document, id: &str) -> NodeId {
    mica_layout::select(doc, &format!("#{id}")).unwrap_or_else(|| panic!("no #{id}"))
}

/// Appends element `tag` with `attrs` under `parent` and expands it as the view would
/// (component parts included).
pub(crate) fn element(
    doc: &mut Document,
    parent: NodeId,
    tag: &str,
    attrs: &[(&str, &str)],
) -> NodeId {
    let n = doc.create_element(tag);
    for (k, v) in attrs {
        doc.set_attr(n, k, v);
    }
    doc.append_child(parent, n);
    crate::components::expand(doc, n);
    n
}
