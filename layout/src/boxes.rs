//! The boxes layout and paint see under a node, when they are not its DOM children
//! ([`Node::children`]): the `::before` and `::after` boxes (CSS Pseudo 4 §2.1), the
//! flex and grid items in `order`-modified document order (CSS Flexbox 1 §5.4), the
//! `position: fixed` boxes, which are the root's (CSS Position 3 §2.1). Selectors,
//! queries, patches and events keep working on the DOM children.
//!
//! A node keeps a [`BoxList`] only while its boxes differ from its children; every
//! change that may make them differ (a child list, a generated box, an `order`, a
//! `position: fixed`) calls [`Document::update_box_list`].

use crate::document::{Document, NodeId};

/// A node's boxes in layout and paint order, when they are not its children.
#[derive(Debug, Default)]
pub(crate) struct BoxList {
    /// The `::before` box.
    pub before: Option<NodeId>,
    /// The `::after` box.
    pub after: Option<NodeId>,
    /// `before`, the children and `after`, sorted by `order` in a flex container.
    pub list: Vec<NodeId>,
    /// Whether `before` and `after` are inline (no `display` declared: CSS's initial
    /// `inline`).
    pub inline: [bool; 2],
}

impl Document {
    /// The element a tap on `node` is for: a `::before`/`::after` box (or text in one)
    /// stands for the element that generated it (CSS Pseudo 4 §2: not in the DOM).
    pub fn originating(&self, node: NodeId) -> NodeId {
        let mut cur = node;
        for a in std::iter::once(node).chain(self.ancestors(node)) {
            if self.node(a).is_generated() {
                cur = self.node(a).parent.unwrap_or(cur);
            }
        }
        cur
    }

    /// Sets `element`'s `::before` (`after == false`) or `::after` box: `None` removes
    /// it. The box is a node whose parent is `element` but which is not among its
    /// children (see [`Node::layout_children`]).
    pub(crate) fn set_generated(&mut self, element: NodeId, after: bool, gen: Option<NodeId>) {
        let old = self.node(element).generated(after);
        if old == gen {
            return;
        }
        if let Some(old) = old {
            self.add_damage_of(old);
            self.node_mut(old).parent = None;
            self.remove(old);
        }
        let b = self
            .node_mut(element)
            .boxes
            .get_or_insert_with(Box::default);
        if after {
            b.after = gen;
        } else {
            b.before = gen;
        }
        if let Some(g) = gen {
            self.node_mut(g).parent = Some(element);
        }
        self.update_box_list(element);
        self.mark_layout_dirty(element);
    }

    /// Rebuilds `node`'s [`BoxList`] from its children, generated boxes and the children's
    /// `order`; drops it when it would be the children.
    pub(crate) fn update_box_list(&mut self, node: NodeId) {
        let n = &self.node(node);
        let (before, after) = (n.generated(false), n.generated(true));
        let display = n.style.layout.display;
        let ordered = matches!(display, taffy::Display::Flex | taffy::Display::Grid)
            && n.children
                .iter()
                .chain(before.iter())
                .chain(after.iter())
                .any(|c| self.node(*c).style.order != 0);
        let fixed_child = n.children.iter().any(|c| self.node(*c).style.fixed);
        let fixed_here = if node == self.root() {
            self.fixed_on_page()
        } else {
            Vec::new()
        };
        if before.is_none() && after.is_none() && !ordered && !fixed_child && fixed_here.is_empty()
        {
            let changed = n.boxes.is_some();
            self.node_mut(node).boxes = None;
            if changed {
                self.mark_layout_dirty(node);
            }
            return;
        }
        // `position: fixed` children are the root's (below).
        let mut list: Vec<NodeId> = before
            .into_iter()
            .chain(
                n.children
                    .iter()
                    .copied()
                    .filter(|c| !self.node(*c).style.fixed),
            )
            .chain(after)
            .chain(fixed_here)
            .collect();
        if ordered {
            // A stable sort: equal `order`s keep document order (CSS Flexbox 1 §5.4).
            list.sort_by_key(|c| self.node(*c).style.order);
        }
        let b = self.node_mut(node).boxes.get_or_insert_with(Box::default);
        if b.list != list {
            b.list = list;
            self.mark_layout_dirty(node);
        }
    }

    /// The `position: fixed` elements on the page, not inside a `display: none` one:
    /// the root's last layout children, in document order among themselves.
    fn fixed_on_page(&self) -> Vec<NodeId> {
        let mut out: Vec<(Vec<usize>, NodeId)> = Vec::new();
        for &f in &self.fixed {
            let mut path = Vec::new();
            let mut cur = f;
            let mut shown = true;
            while let Some(p) = self.node(cur).parent {
                let siblings = &self.node(p).children;
                path.push(
                    siblings
                        .iter()
                        .position(|&c| c == cur)
                        .unwrap_or(usize::MAX),
                );
                shown &= !self.node(p).style.hidden;
                cur = p;
            }
            if cur == self.root() && shown && self.node(f).style.fixed {
                path.reverse();
                out.push((path, f));
            }
        }
        out.sort();
        out.into_iter().map(|(_, f)| f).collect()
    }

    /// Records that `node`'s `position: fixed` changed: it leaves (or joins) its
    /// parent's layout children for the root's.
    pub(crate) fn fixed_changed(&mut self, node: NodeId) {
        if self.node(node).style.fixed {
            self.fixed.insert(node);
        } else {
            self.fixed.remove(&node);
        }
        if let Some(p) = self.node(node).parent {
            self.update_box_list(p);
        }
        self.update_box_list(self.root());
    }

    /// Records whether `element`'s generated boxes are inline (see [`BoxList::inline`]).
    pub(crate) fn set_generated_inline(&mut self, element: NodeId, inline: [bool; 2]) {
        if let Some(b) = self.node_mut(element).boxes.as_mut() {
            b.inline = inline;
        }
        self.update_box_list(element);
    }
}
