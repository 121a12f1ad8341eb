//! Restyle invalidation for selectors that look beyond an element and its ancestors.
//!
//! By default a change restyles the changed node's subtree: enough while selectors see
//! only tags, ids, classes and ancestors. Structural pseudo-classes, `+`/`~` and
//! `:empty` also see siblings and children, so a child list change or a class change can
//! change what *other* nodes match. The document learns what the stylesheet uses
//! ([`SelectorDeps`], copied from the `StyleSet` at each restyle) and restyles those
//! nodes as well; pages that use none of these pay nothing.

use super::matching::{counted, ignored_by_empty, is_blank};
use super::SelectorDeps;
use crate::document::{Document, NodeId, NodeKind};

impl Document {
    /// Records what the current stylesheet's selectors depend on (see [`SelectorDeps`]).
    pub(crate) fn set_selector_deps(&mut self, deps: &SelectorDeps) {
        if self.selector_deps != *deps {
            self.selector_deps = deps.clone();
        }
    }

    /// True when an attribute selector tests attribute `name`: a change restyles.
    pub(crate) fn selects_attr(&self, name: &str) -> bool {
        self.selector_deps.uses_attr(name)
    }

    /// `parent`'s child list changed: `child` was inserted at `at` (`inserted`), or
    /// removed from `at`. When it is an element, siblings after it (their index from the
    /// first, their previous siblings) and before it (their index from the last) may
    /// match differently; whatever it is, so may `parent` itself (`:empty`).
    pub(crate) fn child_list_changed(
        &mut self,
        parent: NodeId,
        at: usize,
        child: NodeId,
        inserted: bool,
    ) {
        let deps = &self.selector_deps;
        let (mut forward, mut backward, empty) = (deps.forward, deps.backward, deps.empty);
        if !(forward || backward || empty) {
            return;
        }
        // Text nodes and parts take no position among the element siblings.
        if !counted(self, child) {
            (forward, backward) = (false, false);
        }
        let inserted = inserted.then_some(child);
        let len = self.node(parent).children.len();
        let at = at.min(len);
        let range = match (backward, forward) {
            (true, true) => 0..len,
            (true, false) => 0..at,
            (false, true) => at..len,
            (false, false) => 0..0,
        };
        // By index: marking does not change the child list, and a clone per insertion
        // would cost as much as the marking of a long list.
        for i in range {
            let c = self.node(parent).children[i];
            if Some(c) != inserted {
                self.restyle_element_subtree(c);
            }
        }
        if empty && self.emptiness_may_have_changed(parent, inserted) {
            self.restyle_element(parent);
        }
    }

    /// The selector inputs of element `node` changed (its classes, id or a selected
    /// attribute; its subtree is restyled already): with `+`/`~` in use, the following
    /// siblings may match differently.
    pub(crate) fn sibling_inputs_changed(&mut self, node: NodeId) {
        if !self.selector_deps.sibling_combinators {
            return;
        }
        let Some(parent) = self.node(node).parent else {
            return;
        };
        let children = &self.node(parent).children;
        let Some(at) = children.iter().position(|&c| c == node) else {
            return;
        };
        for i in at + 1..children.len() {
            let c = self.node(parent).children[i];
            self.restyle_element_subtree(c);
        }
    }

    /// Text node `node`'s text changed from `old`. With `:empty` in use its parent may
    /// match differently (when the text became, or stopped being, white space only).
    pub(crate) fn text_changed(&mut self, node: NodeId, old: &str) {
        if !self.selector_deps.empty || is_blank(&self.node(node).text) == is_blank(old) {
            return;
        }
        let Some(parent) = self.node(node).parent else {
            return;
        };
        if self.emptiness_may_have_changed(parent, Some(node)) {
            self.restyle_element(parent);
        }
    }

    /// True when `parent` is `:empty` now, or would be without `new`: a change of `new`
    /// (or of a child already gone) may have toggled it. Cheap: stops at two children
    /// that count.
    fn emptiness_may_have_changed(&self, parent: NodeId, new: Option<NodeId>) -> bool {
        let mut counting = self
            .node(parent)
            .children
            .iter()
            .filter(|&&c| !ignored_by_empty(self, c));
        match (counting.next(), counting.next()) {
            (None, _) => true,
            (Some(only), None) => Some(*only) == new,
            _ => false,
        }
    }

    /// Restyles element `node`'s subtree, and its following siblings when `+`/`~` are in
    /// use (`:empty + .a`).
    fn restyle_element(&mut self, node: NodeId) {
        self.restyle_element_subtree(node);
        self.sibling_inputs_changed(node);
    }

    /// Restyles element `node` and its subtree unless already marked (a style-dirty
    /// node's descendants are all style-dirty: every marking covers a whole subtree).
    fn restyle_element_subtree(&mut self, node: NodeId) {
        let n = self.node(node);
        if n.kind == NodeKind::Element && !n.dirty.style {
            self.mark_subtree_style_dirty(node);
        }
    }
}
