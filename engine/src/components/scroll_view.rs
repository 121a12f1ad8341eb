//! `scroll-view`'s properties: `scroll-top` / `scroll-left` (px) set its scroll offset
//! when they change, and `scroll-into-view="id"` asks for the descendant with that id to
//! be scrolled to the start of the view; the runtime resolves that after layout, when
//! the positions are known. Offsets past the content are clamped by layout.
//!
//! With `scroll-with-animation`, a new offset is not set here: an [`OFFSET_REQUEST`] is
//! queued beside the `scroll-into-view` ones and the runtime animates to
//! [`requested_offset`] on its clock (see `runtime::scroll`).

use mica_layout::{Document, NodeId};

/// Parses a length property in px (`120`, `120px`); `None` for anything else.
fn px(v: Option<&str>) -> Option<f32> {
    let v = v?.trim();
    let n: f32 = v.strip_suffix("px").unwrap_or(v).trim().parse().ok()?;
    n.is_finite().then_some(n.max(0.0))
}

/// The id a queued scroll request names when it asks for the offset of `scroll-left` /
/// `scroll-top` rather than an element: no `id` attribute can hold a NUL.
pub const OFFSET_REQUEST: &str = "\0offset";

/// True when `node` animates its scroll changes (`scroll-with-animation`).
pub fn animated(doc: &Document, node: NodeId) -> bool {
    doc.get(node)
        .and_then(|n| n.attr("scroll-with-animation"))
        .is_some_and(|v| v.trim() != "false")
}

/// The offset `scroll-left` / `scroll-top` ask for, each `None` when unset or invalid.
pub fn requested_offset(doc: &Document, node: NodeId) -> (Option<f32>, Option<f32>) {
    doc.get(node).map_or((None, None), |n| {
        (px(n.attr("scroll-left")), px(n.attr("scroll-top")))
    })
}

/// Applies the scroll properties of `node`.
pub(super) fn sync(doc: &mut Document, node: NodeId) {
    let (left, top) = requested_offset(doc, node);
    let animated = animated(doc, node);
    let n = doc.node(node);
    let into = n
        .attr("scroll-into-view")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    if (left.is_some() || top.is_some()) && animated {
        doc.scroll_requests.push((node, OFFSET_REQUEST.to_string()));
    } else if left.is_some() || top.is_some() {
        let (x, y) = n.scroll;
        doc.set_scroll(node, left.unwrap_or(x), top.unwrap_or(y));
    }
    if let Some(id) = into {
        doc.scroll_requests.push((node, id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scroll_properties_set_the_offset_and_queue_into_view() {
        let mut doc = Document::new();
        let sv = doc.create_element("scroll-view");
        doc.append_child(doc.root(), sv);
        doc.set_attr(sv, "scroll-top", "120");
        doc.set_attr(sv, "scroll-left", "30px");
        doc.set_attr(sv, "scroll-into-view", "item-3");
        sync(&mut doc, sv);
        assert_eq!(doc.node(sv).scroll, (30.0, 120.0));
        assert_eq!(doc.scroll_requests, vec![(sv, "item-3".to_string())]);
        // Garbage is ignored, negatives clamp to 0.
        doc.set_attr(sv, "scroll-top", "abc");
        doc.set_attr(sv, "scroll-left", "-5");
        doc.remove_attr(sv, "scroll-into-view");
        doc.scroll_requests.clear();
        sync(&mut doc, sv);
        assert_eq!(doc.node(sv).scroll, (0.0, 120.0));
        assert!(doc.scroll_requests.is_empty());
        // Animated: the offset is queued for the runtime, not set.
        doc.set_attr(sv, "scroll-with-animation", "");
        doc.set_attr(sv, "scroll-top", "40");
        sync(&mut doc, sv);
        assert_eq!(doc.node(sv).scroll, (0.0, 120.0));
        assert_eq!(doc.scroll_requests, vec![(sv, OFFSET_REQUEST.to_string())]);
        assert_eq!(requested_offset(&doc, sv), (Some(0.0), Some(40.0)));
    }
}
