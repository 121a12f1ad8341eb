//! Queries on a laid-out document: hit-testing pointer positions and selecting nodes by
//! selector (used by the focus manager, pointer input and `mica render --tap`).

use crate::document::{Document, NodeId, NodeKind, Rect};
use crate::style::computed::Overflow;
use crate::style::selector::Selector;

/// The deepest, topmost element under `(x, y)`: children are tested last-painted first,
/// `display: none` subtrees are skipped, `overflow: hidden` ancestors clip, and a text node
/// resolves to its parent element. A `display: contents` element has no box to hit: its
/// children are tested in its place.
pub fn hit_test(doc: &Document, x: f32, y: f32) -> Option<NodeId> {
    let everything = Rect::new(
        f32::MIN / 4.0,
        f32::MIN / 4.0,
        f32::MAX / 2.0,
        f32::MAX / 2.0,
    );
    hit(doc, doc.root(), x, y, everything)
}

fn hit(doc: &Document, id: NodeId, x: f32, y: f32, clip: Rect) -> Option<NodeId> {
    let n = doc.get(id)?;
    if n.style.hidden {
        return None;
    }
    if n.is_contents() {
        return n
            .children
            .iter()
            .rev()
            .find_map(|&c| hit(doc, c, x, y, clip));
    }
    let inside = n.rect.contains(x, y) && clip.contains(x, y);
    if n.kind == NodeKind::Text {
        return if inside { n.parent } else { None };
    }
    let child_clip = if n.style.overflow == Overflow::Hidden {
        clip.intersect(&n.rect)
    } else {
        clip
    };
    if !child_clip.is_empty() {
        for &c in n.children.iter().rev() {
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

fn parse(selector: &str) -> Option<Vec<Selector>> {
    match Selector::parse_list(selector) {
        Ok(l) => Some(l),
        Err(e) => {
            log::warn!("invalid selector `{selector}`: {e}");
            None
        }
    }
}
