//! Paint order and compositing groups for the display list.
//!
//! * Children paint in the order of CSS 2.1 Appendix E, per parent: negative `z-index`
//!   first (lowest first), then in-flow boxes, then positioned boxes with `z-index: auto`
//!   or 0 and other stacking contexts (`opacity` < 1, `transform`) in document order,
//!   then positive `z-index` (lowest first). A stacking context paints its descendants
//!   inside it (they are its own display-list range), so a child's `z-index` never
//!   escapes its parent's context. Simplification: a `z-index` child of a box that is not
//!   itself a stacking context is ordered among its siblings, not hoisted to the
//!   enclosing context.
//! * A [`LayerItem`] groups a subtree that must be composited as one image: a
//!   translucent node with children (CSS Color 4 §3.2: opacity applies to the element
//!   as a whole, after its descendants are rendered together) or a transformed node
//!   (CSS Transforms 1 §6). A translucent leaf drawing a single item instead has its
//!   opacity folded into that item, which gives the same pixels without a layer.

use mica_layout::style::transform::{self, concat};
use mica_layout::{Document, Node, NodeId, Overflow, Rect};

use crate::display_list::DisplayItem;

/// A compositing group: the items up to `end` are painted into their own layer, which
/// is then drawn with `opacity` and `transform`.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerItem {
    /// The union of the content's bounds, in the content's own coordinates (before
    /// `transform`).
    pub bounds: Rect,
    /// Group opacity, 0..=1.
    pub opacity: f32,
    /// Maps the content's coordinates to the enclosing ones: `[a, b, c, d, e, f]`,
    /// x' = a x + c y + e, y' = b x + d y + f. `None` for an opacity-only group.
    pub transform: Option<[f32; 6]>,
    /// Index of the matching `PopLayer`.
    pub end: usize,
}

impl LayerItem {
    /// The area the layer may touch in the enclosing coordinates.
    pub fn device_bounds(&self) -> Rect {
        match &self.transform {
            Some(m) => transform::transform_rect(m, self.bounds),
            None => self.bounds,
        }
    }
}

/// The transformation matrix of `node`'s box, if it has a transform (CSS Transforms 1
/// §6).
pub(crate) fn matrix(node: &Node) -> Option<[f32; 6]> {
    let s = &node.style;
    transform::box_matrix(s.transform.as_deref(), s.transform_origin, node.rect)
}

/// Closes the layer opened at `push`: records its content bounds and end.
pub(crate) fn end_layer(items: &mut Vec<DisplayItem>, push: usize) {
    let end = items.len();
    let bounds = content_bounds(items, push + 1, end);
    items.push(DisplayItem::PopLayer);
    if let Some(DisplayItem::PushLayer(l)) = items.get_mut(push) {
        l.bounds = bounds;
        l.end = end;
    }
}

/// The union of the bounds of `items[from..to]`, a nested layer counting as its
/// transformed bounds (its own items are in its coordinates, not these).
fn content_bounds(items: &[DisplayItem], from: usize, to: usize) -> Rect {
    let mut bounds: Option<Rect> = None;
    let mut i = from;
    while i < to {
        if let Some(b) = items[i].bounds().filter(|b| !b.is_empty()) {
            bounds = Some(bounds.map_or(b, |u| u.union(&b)));
        }
        i = match &items[i] {
            DisplayItem::PushLayer(l) => l.end.max(i) + 1,
            _ => i + 1,
        };
    }
    bounds.unwrap_or_default()
}

/// Applies a leaf's `opacity` to the items it drew from `start` on: folded into a single
/// item, or, when several overlap (a background under a border), grouped in a layer.
pub(crate) fn fade_leaf(items: &mut Vec<DisplayItem>, start: usize, opacity: f32) {
    match items.len() - start {
        0 => {}
        1 => items[start].fade(opacity),
        _ => {
            // Only this leaf's own items follow `start`, none of which holds an index,
            // so inserting before them is safe.
            items.insert(
                start,
                DisplayItem::PushLayer(Box::new(LayerItem {
                    bounds: Rect::default(),
                    opacity,
                    transform: None,
                    end: usize::MAX,
                })),
            );
            end_layer(items, start);
        }
    }
}

/// The paint-order key of a child: (tier, z-index), see the module docs.
fn order_key(n: &Node) -> (u8, i32) {
    let s = &n.style;
    match s.z_index {
        Some(z) if z < 0 => (0, z),
        Some(z) if z > 0 => (3, z),
        Some(_) => (2, 0),
        None => {
            let positioned = s.layout.position == taffy::Position::Absolute;
            let context = s.opacity < 1.0 || s.transform.is_some();
            if positioned || context {
                (2, 0)
            } else {
                (1, 0)
            }
        }
    }
}

/// Work lists [`paint_order`] reuses from node to node.
#[derive(Default)]
pub(crate) struct Scratch {
    stack: Vec<(NodeId, bool)>,
    level: Vec<NodeId>,
}

/// True when `n` is painted as a layer of its stacking context rather than in the normal
/// flow: it has a `z-index`, is absolutely positioned, or creates a stacking context
/// (`opacity` < 1, `transform`).
pub(crate) fn hoisted(n: &Node) -> bool {
    order_key(n).0 != 1
}

/// The children of `node` to paint, in paint order with their keys, dropping those whose
/// ink misses `area`; a `display: contents` node is replaced by its own children (it has
/// no box to paint). Culled nodes are dropped from the compact ink array before their
/// (large) nodes are touched: a long list costs a pass over ids, not over nodes.
///
/// When `node` `collects` (it is a stacking context, or it clips) its list also holds the
/// hoisted descendants of its in-flow descendants, found through in-flow boxes that do
/// not clip (CSS 2.1 Appendix E: positioned descendants paint in their stacking
/// context's layers, after all of its in-flow content); the in-flow boxes in between
/// then leave them out of their own lists.
pub(crate) fn paint_order(
    doc: &Document,
    node: &Node,
    collects: bool,
    area: Option<Rect>,
    scratch: &mut Scratch,
    out: &mut Vec<(NodeId, (u8, i32))>,
) {
    if !collects {
        // The plain path: in-flow children only, no walk below them.
        each_box(doc, node.layout_children(), area, &mut |c, n| {
            if !hoisted(n) {
                out.push((c, (1, 0)));
            }
        });
        return;
    }
    // A pre-order walk with an explicit stack (no recursion on deep trees): direct
    // children are `top`; deeper nodes are visited only to find hoisted ones.
    let Scratch { stack, level } = scratch;
    stack.clear();
    let mut push_children = |stack: &mut Vec<(NodeId, bool)>, of: &Node, top: bool| {
        level.clear();
        each_box(doc, of.layout_children(), area, &mut |c, _| level.push(c));
        stack.extend(level.iter().rev().map(|&c| (c, top)));
    };
    push_children(stack, node, true);
    while let Some((c, top)) = stack.pop() {
        let Some(n) = doc.get(c) else { continue };
        if hoisted(n) {
            out.push((c, order_key(n)));
            continue;
        }
        if top {
            out.push((c, (1, 0)));
        }
        if n.style.overflow != Overflow::Hidden {
            push_children(stack, n, false);
        }
    }
    // Stable: document order within a tier and z-index.
    if out.windows(2).any(|w| w[0].1 > w[1].1) {
        out.sort_by_key(|c| c.1);
    }
}

/// Calls `f` with every box among `children` whose ink may touch `area`, looking
/// through `display: contents` nodes. Hidden nodes are left to the caller.
fn each_box(
    doc: &Document,
    children: &[NodeId],
    area: Option<Rect>,
    f: &mut dyn FnMut(NodeId, &Node),
) {
    for &c in children {
        if area.is_some_and(|a| a.intersect(&doc.ink(c)).is_empty()) {
            continue;
        }
        let Some(n) = doc.get(c) else { continue };
        if n.is_contents() {
            if !n.style.hidden {
                each_box(doc, n.layout_children(), area, f);
            }
        } else {
            f(c, n);
        }
    }
}

impl DisplayItem {
    /// Moves the item by `(dx, dy)` (a translation transform of an ancestor).
    pub fn translate(&mut self, dx: f32, dy: f32) {
        let mv = |r: &mut Rect| {
            r.x += dx;
            r.y += dy;
        };
        match self {
            DisplayItem::Rect { rect, .. }
            | DisplayItem::Border { rect, .. }
            | DisplayItem::PushClip { rect, .. } => mv(rect),
            DisplayItem::PopClip | DisplayItem::PopLayer => {}
            DisplayItem::Glyphs(run) => {
                run.x += dx;
                run.baseline += dy;
                mv(&mut run.bounds);
            }
            DisplayItem::Image(image) => mv(&mut image.rect),
            DisplayItem::Shadow(s) => {
                mv(&mut s.shape);
                mv(&mut s.clip);
            }
            DisplayItem::Gradient(g) => g.translate(dx, dy),
            DisplayItem::StyledBorder(b) => b.translate(dx, dy),
            DisplayItem::BackgroundImage(b) => b.translate(dx, dy),
            DisplayItem::PushLayer(l) => {
                mv(&mut l.bounds);
                // The content moved too: conjugate the transform by the translation.
                if let Some(m) = &mut l.transform {
                    let t = [1.0, 0.0, 0.0, 1.0, dx, dy];
                    let back = [1.0, 0.0, 0.0, 1.0, -dx, -dy];
                    *m = concat(concat(t, *m), back);
                }
            }
        }
    }

    /// Multiplies the item's alpha by `opacity` (a translucent leaf's single item).
    pub fn fade(&mut self, opacity: f32) {
        let f = |c: &mut mica_layout::Color| {
            c.a = (f32::from(c.a) * opacity).round().clamp(0.0, 255.0) as u8;
        };
        match self {
            DisplayItem::Rect { color, .. } => f(color),
            DisplayItem::Border { colors, .. } => colors.iter_mut().for_each(f),
            DisplayItem::Glyphs(run) => f(&mut run.color),
            DisplayItem::Image(image) => image.opacity *= opacity,
            DisplayItem::Shadow(s) => f(&mut s.color),
            DisplayItem::Gradient(g) => g.stops.iter_mut().for_each(|(_, c)| f(c)),
            DisplayItem::PushLayer(l) => l.opacity *= opacity,
            DisplayItem::StyledBorder(b) => b.colors.iter_mut().for_each(f),
            DisplayItem::BackgroundImage(b) => b.opacity *= opacity,
            DisplayItem::PushClip { .. } | DisplayItem::PopClip | DisplayItem::PopLayer => {}
        }
    }
}
