//! Queries on a laid-out document: hit-testing pointer positions and selecting nodes by
//! selector (used by the focus manager, pointer input and `mica render --tap`).

use crate::document::{Document, NodeId, NodeKind, Rect};
use crate::style::computed::Overflow;
use crate::style::selector::Selector;

/// The deepest, topmost element under `(x, y)`: children are tested last-painted first,
/// `display: none` subtrees are skipped, `overflow: hidden` ancestors clip, and a text node
/// resolves to its parent element. A `display: contents` element has no box to hit: its
/// children are tested in its place. A `::before`/`::after` box is hit as the element
/// that generated it.
pub fn hit_test(doc: &Document, x: f32, y: f32) -> Option<NodeId> {
    let everything = Rect::new(
        f32::MIN / 4.0,
        f32::MIN / 4.0,
        f32::MAX / 2.0,
        f32::MAX / 2.0,
    );
    hit(doc, doc.root(), x, y, everything).map(|h| doc.originating(h))
}

/// Everywhere: the clip of a subtree nothing clips.
const EVERYTHING: Rect = Rect {
    x: f32::MIN / 4.0,
    y: f32::MIN / 4.0,
    width: f32::MAX / 2.0,
    height: f32::MAX / 2.0,
};

fn hit(doc: &Document, id: NodeId, x: f32, y: f32, clip: Rect) -> Option<NodeId> {
    let n = doc.get(id)?;
    if n.style.hidden {
        return None;
    }
    if n.is_contents() {
        return n
            .layout_children()
            .iter()
            .rev()
            .find_map(|&c| hit(doc, c, x, y, clip));
    }
    // A transformed box (CSS Transforms 1 §6) is hit where it is painted: the point is
    // taken into its untransformed coordinates, once the clips above have been applied.
    let (x, y, clip) = match crate::style::transform::box_matrix(
        n.style.transform.as_deref(),
        n.style.transform_origin,
        n.rect,
    ) {
        Some(m) => {
            if !clip.contains(x, y) {
                return None;
            }
            let inv = crate::style::transform::invert(&m)?;
            let (lx, ly) = crate::style::transform::apply(&inv, x, y);
            (lx, ly, EVERYTHING)
        }
        None => (x, y, clip),
    };
    // `visibility: hidden` boxes are not hit (CSS 2.1 §11.2); visible descendants are.
    let inside = n.rect.contains(x, y) && clip.contains(x, y) && n.style.visible;
    if n.kind == NodeKind::Text {
        return if inside { n.parent } else { None };
    }
    let child_clip = if n.style.overflow == Overflow::Hidden {
        clip.intersect(&n.rect)
    } else {
        clip
    };
    if !child_clip.is_empty() {
        for &c in n.layout_children().iter().rev() {
            if let Some(h) = hit(doc, c, x, y, child_clip) {
                return Some(h);
            }
        }
    }
    inside.then_some(id)
}

/// The first element (document order) matching `selector`; `None` if none matches or the
/// selector is invalid.
pub fn select(doc: &Document, selector: &str) -> Option<NodeId> {
    let list = parse(selector)?;
    doc.descendants(doc.root())
        .into_iter()
        .find(|&id| list.iter().any(|s| s.matches(doc, id)))
}

/// Every element matching `selector`, in document order.
pub fn select_all(doc: &Document, selector: &str) -> Vec<NodeId> {
    let Some(list) = parse(selector) else {
        return Vec::new();
    };
    doc.descendants(doc.root())
        .into_iter()
        .filter(|&id| list.iter().any(|s| s.matches(doc, id)))
        .collect()
}

/// The selector list; a selector ending in a pseudo-element selects no element, so it is
/// dropped (`.a::before` finds nothing).
fn parse(selector: &str) -> Option<Vec<Selector>> {
    match Selector::parse_list(selector) {
        Ok(mut l) => {
            l.retain(|s| s.pseudo_element.is_none());
            Some(l)
        }
        Err(e) => {
            log::warn!("invalid selector `{selector}`: {e}");
            None
        }
    }
}
