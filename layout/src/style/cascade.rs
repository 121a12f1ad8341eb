//! The cascade (CSS Cascade 4 §6): for each style-dirty node, the matching rules of the
//! [`StyleSet`] sorted by specificity then source order, then the `style` attribute, then
//! `!important` declarations in the same order, give the node's [`ComputedStyle`].
//!
//! Rules are indexed by the rightmost compound's id, else a class, else the type, so a node
//! only tests the rules that could match it.
//!
//! Custom properties and `var()` declarations cascade like the others; an element with
//! any among its matched declarations is computed by [`compute_with_variables`], the
//! others (most, on most pages) by [`compute`] directly.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use super::compute::{compute, inherited_differ, set_hidden, text_node_style};
use super::computed::ComputedStyle;
use super::generated::{update_generated, PseudoElement};
use super::parse::{parse_inline, StyleRule, Stylesheet};
use super::properties::Declaration;
use super::selector::{Selector, SelectorDeps, Specificity};
use super::ua::ua_stylesheet;
use super::variables::{compute_with_variables, InvalidAtComputedValueTime, SubstitutionCache};
use crate::document::{Document, Node, NodeId, NodeKind};
use crate::text::hash::{FastHash, FastMap, FxHasher};

/// One selector of one rule, in global source order.
#[derive(Clone, Copy, Debug)]
struct Entry {
    sheet: u32,
    rule: u32,
    selector: u32,
    specificity: Specificity,
    /// The selector looks beyond tags, ids, classes and ancestors (see `Sharing`).
    revalidate: bool,
    /// The pseudo-element the selector styles (none: it styles elements).
    pseudo: Option<PseudoElement>,
    /// The rule is inside `@media` (checked per window only then).
    media: bool,
}

/// An ordered list of stylesheets (user agent, `app.wxss`, page `.wxss`) with a rule
/// index for fast matching. Later sheets win at equal specificity.
#[derive(Debug, Default)]
pub struct StyleSet {
    sheets: Vec<Stylesheet>,
    entries: Vec<Entry>,
    by_id: HashMap<String, Vec<u32>>,
    by_class: HashMap<String, Vec<u32>>,
    by_tag: HashMap<String, Vec<u32>>,
    universal: Vec<u32>,
    /// Some selector uses `:focus` (found while indexing, asked on every focus move).
    uses_focus: bool,
    /// What the selectors look at beyond tags, ids, classes and ancestors (found while
    /// indexing; the document's restyle invalidation follows it).
    deps: SelectorDeps,
    /// Declarations found invalid at computed-value time and warned about (hashes of
    /// file, position and text): once each, not once per element.
    warned: Mutex<HashSet<u64, FastHash>>,
    /// `var()` substitutions of this set's declarations, reused across elements.
    substitutions: SubstitutionCache,
    /// Some selector styles a pseudo-element (`::before`): elements look for their
    /// generated boxes only then.
    has_pseudo: bool,
}

impl StyleSet {
    /// A set holding only the user-agent stylesheet.
    pub fn new() -> Self {
        let mut s = StyleSet::empty();
        s.push(ua_stylesheet().clone());
        s
    }

    /// A set with no stylesheet at all (not even the UA one).
    pub fn empty() -> Self {
        StyleSet::default()
    }

    /// Appends a stylesheet (it wins over the earlier ones at equal specificity).
    pub fn push(&mut self, sheet: Stylesheet) {
        let sheet_index = self.sheets.len() as u32;
        for (ri, rule) in sheet.rules.iter().enumerate() {
            for (si, sel) in rule.selectors.iter().enumerate() {
                let idx = self.entries.len() as u32;
                let deps = sel.deps();
                self.entries.push(Entry {
                    sheet: sheet_index,
                    rule: ri as u32,
                    selector: si as u32,
                    specificity: sel.specificity,
                    revalidate: !deps.is_empty(),
                    pseudo: sel.pseudo_element,
                    media: !rule.media.is_empty(),
                });
                self.has_pseudo |= sel.pseudo_element.is_some();
                self.deps.merge(&deps);
                sel.visit_compounds(&mut |c| {
                    self.uses_focus |= c.classes.iter().any(|k| k == crate::FOCUS_STATE_CLASS);
                });
                let subject = sel.subject();
                let bucket = if let Some(id) = &subject.id {
                    self.by_id.entry(id.clone()).or_default()
                } else if let Some(c) = subject.classes.first() {
                    self.by_class.entry(c.clone()).or_default()
                } else if let Some(t) = &subject.tag {
                    self.by_tag.entry(t.clone()).or_default()
                } else {
                    &mut self.universal
                };
                bucket.push(idx);
            }
        }
        self.sheets.push(sheet);
    }

    /// True when some rule uses `:focus` (then the runtime draws no default ring).
    pub fn uses_focus(&self) -> bool {
        self.uses_focus
    }

    /// The stylesheets in cascade order.
    pub fn sheets(&self) -> &[Stylesheet] {
        &self.sheets
    }

    fn rule(&self, e: &Entry) -> &StyleRule {
        &self.sheets[e.sheet as usize].rules[e.rule as usize]
    }

    fn selector(&self, e: &Entry) -> &Selector {
        &self.rule(e).selectors[e.selector as usize]
    }

    /// What the selectors look at beyond tags, ids, classes and ancestors.
    pub fn selector_deps(&self) -> &SelectorDeps {
        &self.deps
    }

    /// Indices of the entries matching element `node` in a window of `viewport` px, in
    /// ascending cascade order.
    fn matching(&self, doc: &Document, node: NodeId, viewport: (f32, f32)) -> Vec<u32> {
        let mut candidates = self.candidates(doc, node);
        candidates.retain(|&i| {
            let e = &self.entries[i as usize];
            e.pseudo.is_none()
                && self.selector(e).matches(doc, node)
                && (!e.media || self.rule(e).media_matches(viewport))
        });
        // Entries are numbered in source order, so (specificity, index) is cascade order.
        candidates.sort_by_key(|&i| (self.entries[i as usize].specificity, i));
        candidates.dedup();
        candidates
    }

    /// True when some selector styles a pseudo-element.
    pub fn has_pseudo(&self) -> bool {
        self.has_pseudo
    }

    /// The style of element `node`'s pseudo-element `which` (its own style is up to
    /// date), and whether it is inline (declares no `display`: CSS's initial value);
    /// `None` when no rule styles it. Inherits from the element (CSS Pseudo 4 §2.1);
    /// `var()` and `@media` work as for elements.
    pub fn compute_pseudo(
        &self,
        doc: &Document,
        node: NodeId,
        which: PseudoElement,
        viewport: (f32, f32),
    ) -> Option<(ComputedStyle, bool)> {
        if !self.has_pseudo {
            return None;
        }
        let mut matched = self.candidates(doc, node);
        matched.retain(|&i| {
            let e = &self.entries[i as usize];
            e.pseudo == Some(which)
                && self.selector(e).matches(doc, node)
                && (!e.media || self.rule(e).media_matches(viewport))
        });
        if matched.is_empty() {
            return None;
        }
        matched.sort_by_key(|&i| (self.entries[i as usize].specificity, i));
        matched.dedup();
        let n = doc.node(node);
        let parent = Some(&n.style);
        let rules: Vec<&StyleRule> = matched
            .iter()
            .map(|&i| self.rule(&self.entries[i as usize]))
            .collect();
        let all: Vec<&Declaration> = rules
            .iter()
            .flat_map(|r| r.declarations.iter())
            .chain(rules.iter().flat_map(|r| r.important.iter()))
            .collect();
        let inline = !all
            .iter()
            .any(|d| matches!(d, Declaration::Display(_) | Declaration::DisplayContents));
        let style = if all.iter().any(|d| d.uses_variables()) {
            self.compute_element_with_variables(&matched, &[], n, parent, viewport)
        } else {
            compute(all.iter().copied(), parent, viewport)
        };
        Some((style, inline))
    }

    /// The entries whose selectors look beyond tags, classes and ancestors and match
    /// element `node`, in index order (see `Sharing`); empty on pages without them.
    fn revalidation(&self, doc: &Document, node: NodeId) -> Vec<u32> {
        if self.deps.is_empty() {
            return Vec::new();
        }
        let mut found = self.candidates(doc, node);
        found.retain(|&i| {
            let e = &self.entries[i as usize];
            e.revalidate && self.selector(e).matches(doc, node)
        });
        found
    }

    /// The entries the rule index offers for element `node`: those whose subject's id,
    /// first class or type `node` has, and the universal ones.
    fn candidates(&self, doc: &Document, node: NodeId) -> Vec<u32> {
        let n = doc.node(node);
        let mut candidates: Vec<u32> = Vec::new();
        if let Some(id) = n.id_attr() {
            if let Some(v) = self.by_id.get(id) {
                candidates.extend(v);
            }
        }
        let all: Vec<&String> = n.all_classes().collect();
        for (i, c) in all.iter().enumerate() {
            // `class="a a"` must not apply `.a` twice.
            if all[..i].contains(c) {
                continue;
            }
            if let Some(v) = self.by_class.get(c.as_str()) {
                candidates.extend(v);
            }
        }
        if let Some(v) = self.by_tag.get(n.tag.to_ascii_lowercase().as_str()) {
            candidates.extend(v);
        }
        candidates.extend(&self.universal);
        candidates
    }

    /// The computed style of element `node` given its parent's style.
    pub fn compute_element(
        &self,
        doc: &Document,
        node: NodeId,
        parent: Option<&ComputedStyle>,
        viewport: (f32, f32),
    ) -> ComputedStyle {
        let matched = self.matching(doc, node, viewport);
        let n = doc.node(node);
        let inline = n.attr("style").map(parse_inline).unwrap_or_default();
        let rules: Vec<&StyleRule> = matched
            .iter()
            .map(|&i| self.rule(&self.entries[i as usize]))
            .collect();
        let normal = rules.iter().flat_map(|r| r.declarations.iter());
        let important = rules.iter().flat_map(|r| r.important.iter());
        let all = normal
            .chain(inline.iter())
            .chain(important)
            .collect::<Vec<&Declaration>>();
        let mut style = if all.iter().any(|d| d.uses_variables()) {
            self.compute_element_with_variables(&matched, &inline, n, parent, viewport)
        } else {
            compute(all.iter().copied(), parent, viewport)
        };
        if is_hidden_attr(n.attr("hidden")) {
            set_hidden(&mut style);
        }
        style
    }
}

impl StyleSet {
    /// [`StyleSet::compute_element`] for an element with custom properties or `var()`
    /// among its declarations: the same cascade order, each declaration with its file
    /// for warnings.
    fn compute_element_with_variables(
        &self,
        matched: &[u32],
        inline: &[Declaration],
        n: &Node,
        parent: Option<&ComputedStyle>,
        viewport: (f32, f32),
    ) -> ComputedStyle {
        let rules: Vec<(&StyleRule, Option<&str>)> = matched
            .iter()
            .map(|&i| {
                let e = &self.entries[i as usize];
                (
                    self.rule(e),
                    Some(self.sheets[e.sheet as usize].file.as_str()),
                )
            })
            .collect();
        let normal = rules
            .iter()
            .flat_map(|&(r, file)| r.declarations.iter().map(move |d| (d, file)));
        let important = rules
            .iter()
            .flat_map(|&(r, file)| r.important.iter().map(move |d| (d, file)));
        let all = normal
            .chain(inline.iter().map(|d| (d, None)))
            .chain(important)
            .collect::<Vec<(&Declaration, Option<&str>)>>();
        let mut style =
            compute_with_variables(&all, parent, viewport, &self.substitutions, &mut |w| {
                self.warn_once(w)
            });
        // Equal custom properties keep their old `Arc`: the descendants that share it then
        // compare theirs by pointer, not entry by entry.
        if let (Some(old), Some(new)) = (&n.style.custom, &style.custom) {
            if !Arc::ptr_eq(old, new) && old == new {
                style.custom = Some(old.clone());
            }
        }
        style
    }

    /// Logs `w` unless already logged: a declaration of a rule that matches many
    /// elements is invalid for all of them alike.
    fn warn_once(&self, w: InvalidAtComputedValueTime<'_>) {
        let mut h = FxHasher::default();
        (w.file, w.declaration).hash(&mut h);
        let first = self
            .warned
            .lock()
            .map_or(true, |mut seen| seen.insert(h.finish()));
        if first {
            log::warn!("{w}");
        }
    }
}

/// The `hidden` attribute hides unless absent or `"false"`.
fn is_hidden_attr(v: Option<&str>) -> bool {
    matches!(v, Some(v) if v.trim() != "false")
}

/// Recomputes the style of every node whose `dirty.style` is set, and of descendants whose
/// inherited values changed. Nodes whose box changed are marked layout-dirty, nodes whose
/// look changed paint-dirty. A change of viewport restyles everything (`rpx`, `vw`).
///
/// Only the subtrees of nodes marked since the last restyle are visited (shallowest
/// first, so a parent's new style is ready before its children inherit from it); a node
/// not attached to the page is left for when it is.
pub fn restyle(doc: &mut Document, styles: &StyleSet, viewport: (f32, f32)) {
    let all = doc.styled_viewport != Some(viewport);
    doc.styled_viewport = Some(viewport);
    doc.set_selector_deps(&styles.deps);
    let root = doc.root();
    let marked = std::mem::take(&mut doc.style_roots);
    if all {
        restyle_subtree(doc, styles, viewport, root, true);
        return;
    }
    let mut starts: Vec<(usize, NodeId)> = marked
        .into_iter()
        .filter(|&n| doc.get(n).is_some_and(|n| n.dirty.style))
        .filter_map(|n| attached_depth(doc, n).map(|d| (d, n)))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    for (_, n) in starts {
        // Already done as part of an ancestor's subtree.
        if doc.node(n).dirty.style {
            restyle_subtree(doc, styles, viewport, n, false);
        }
    }
}

/// Depth of `node` below the root, or `None` when it is not attached to the page.
fn attached_depth(doc: &Document, node: NodeId) -> Option<usize> {
    let mut depth = 0;
    let mut cur = node;
    while let Some(p) = doc.node(cur).parent {
        depth += 1;
        cur = p;
    }
    (cur == doc.root()).then_some(depth)
}

/// The cascade over `from`'s subtree: dirty nodes (or all with `all`) are recomputed,
/// and children of a node whose inherited values changed.
fn restyle_subtree(
    doc: &mut Document,
    styles: &StyleSet,
    viewport: (f32, f32),
    from: NodeId,
    all: bool,
) {
    let mut stack: Vec<(NodeId, bool)> = vec![(from, false)];
    let mut sharing = Sharing::default();
    while let Some((id, forced)) = stack.pop() {
        let (dirty, kind) = {
            let n = doc.node(id);
            (n.dirty.style, n.kind.clone())
        };
        let mut children_forced = false;
        if dirty || forced || all {
            let parent = doc.node(id).parent;
            let parent_style = parent.map(|p| &doc.node(p).style);
            let mut new = match kind {
                NodeKind::Text => {
                    let mut s = text_node_style(parent_style);
                    // WeChat's `<text>` shows the newlines of its text as line breaks.
                    s.text_block.keep_newlines = parent.is_some_and(|p| doc.node(p).tag == "text");
                    s
                }
                NodeKind::Element => {
                    let key = parent.and_then(|p| sharing.key(doc, id, p));
                    let matches = match key {
                        Some(_) => styles.revalidation(doc, id),
                        None => Vec::new(),
                    };
                    let shared = key.and_then(|k| sharing.find(doc, id, k, &matches));
                    let new = match shared {
                        // An animated element shares its style before motion.
                        Some(like) => super::animate::base_style(doc, like),
                        None => styles.compute_element(doc, id, parent_style, viewport),
                    };
                    sharing.styled(id, key, shared, matches);
                    new
                }
            };
            if new.display_contents {
                if id == doc.root() {
                    // The root is the initial containing block: it always has a box.
                    new.display_contents = false;
                } else {
                    doc.uses_contents = true;
                }
            }
            // Transitions and animations: a pointer test unless the node has some.
            if kind == NodeKind::Element && (new.motion.is_some() || doc.motion.has(id)) {
                super::animate::on_restyle(doc, styles, id, &mut new, viewport);
            }
            let old = &doc.node(id).style;
            let inherited = inherited_differ(old, &new);
            // Becoming (or ceasing to be) `display: contents` changes which boxes the
            // parent lays out, though `layout` may be equal.
            let box_changed = super::compute::box_differs(old, &new);
            let changed = *old != new;
            let reorder = old.order != new.order;
            let fixed_changed = old.fixed != new.fixed;
            let display_changed = old.layout.display != new.layout.display;
            children_forced = inherited;
            doc.node_mut(id).style = new;
            doc.node_mut(id).dirty.style = false;
            doc.stats.nodes_restyled += 1;
            if box_changed {
                if kind == NodeKind::Text {
                    doc.node_mut(id).text_layout = None;
                }
                doc.mark_box_changed(id);
            }
            if changed {
                doc.mark_paint_dirty(id);
            }
            // `order` and the container's display decide the boxes' order (CSS Flexbox
            // 1 §5.4).
            if fixed_changed {
                doc.fixed_changed(id);
            }
            if reorder {
                if let Some(p) = doc.node(id).parent {
                    doc.update_box_list(p);
                }
            }
            if display_changed {
                doc.update_box_list(id);
            }
            if kind == NodeKind::Element && (styles.has_pseudo || doc.node(id).boxes.is_some()) {
                update_generated(doc, styles, id, viewport);
            }
        }
        let n = doc.node(id);
        for &c in n.children.iter().rev() {
            stack.push((c, children_forced));
        }
    }
}

/// An element styled in this pass and the revalidated entries it matches.
type StyledAlike = (NodeId, Vec<u32>);

/// Style sharing, as browsers do it, within one restyle pass: two elements get the same
/// computed style when they are alike — same tag and classes, no `id`, `style` or
/// `hidden` attribute (the only other inputs of [`StyleSet::compute_element`]) — and
/// their parents are the same node or alike themselves. Most selectors look only at an
/// element and its ancestors (descendant and child combinators), through tag, id and
/// classes, so alike elements match the same rules and inherit from equal parent styles:
/// the cascade runs once per kind of element (once for 1,000 rows of a list, once for
/// each kind of cell in them). The others — structural pseudo-classes, `+`/`~`,
/// attribute selectors — are tested on both elements, as browsers revalidate: alike
/// elements share only when they match the same of those too (the odd rows of a zebra
/// list share with each other, the even ones with each other).
#[derive(Default)]
struct Sharing {
    /// Which elements are alike: equal numbers, for the nodes styled in this pass (and
    /// the parents of those, each its own kind unless styled alike).
    kind: FastMap<NodeId, u32>,
    /// The elements styled in this pass that others may share with, by their key, with
    /// the revalidated entries they match (see [`StyleSet::revalidation`]).
    styled: FastMap<(u32, u64), Vec<StyledAlike>>,
    next: u32,
}

impl Sharing {
    fn kind_of(&mut self, node: NodeId) -> u32 {
        if let Some(&k) = self.kind.get(&node) {
            return k;
        }
        self.next += 1;
        self.kind.insert(node, self.next);
        self.next
    }

    /// The sharing key of element `node` under `parent`: the parent's kind and a hash of
    /// the tag and classes; `None` when an attribute makes the node's style its own.
    fn key(&mut self, doc: &Document, node: NodeId, parent: NodeId) -> Option<(u32, u64)> {
        let n = doc.node(node);
        if ["id", "style", "hidden"]
            .iter()
            .any(|a| n.attrs.contains_key(*a))
        {
            return None;
        }
        let mut h = FxHasher::default();
        n.tag.hash(&mut h);
        for c in n.all_classes() {
            c.hash(&mut h);
        }
        Some((self.kind_of(parent), h.finish()))
    }

    /// An element styled in this pass that `node` (with sharing key `key`, matching the
    /// revalidated entries `matches`) is alike.
    fn find(
        &self,
        doc: &Document,
        node: NodeId,
        key: (u32, u64),
        matches: &[u32],
    ) -> Option<NodeId> {
        let n = doc.node(node);
        self.styled.get(&key)?.iter().find_map(|(o, m)| {
            let other = doc.node(*o);
            let alike = other.tag == n.tag && other.all_classes().eq(n.all_classes());
            (alike && m.as_slice() == matches).then_some(*o)
        })
    }

    /// Records that `node` was styled, with its key and revalidated `matches`, sharing
    /// the style of `like` if any.
    fn styled(
        &mut self,
        node: NodeId,
        key: Option<(u32, u64)>,
        like: Option<NodeId>,
        matches: Vec<u32>,
    ) {
        match (key, like) {
            (_, Some(like)) => {
                let k = self.kind_of(like);
                self.kind.insert(node, k);
            }
            (Some(key), None) => {
                self.kind_of(node);
                self.styled.entry(key).or_default().push((node, matches));
            }
            (None, None) => {}
        }
    }
}
