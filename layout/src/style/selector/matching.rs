//! Selector matching, right to left: the subject compound first, then each combinator
//! walks to the ancestors or previous siblings that the compound on its left must match,
//! backtracking for the descendant and subsequent-sibling combinators.
//!
//! Siblings are element siblings (CSS Selectors 4 §14): text nodes do not count, and
//! neither do a built-in component's internal parts (`mica-part` elements, see the
//! engine's `components`), which WeChat keeps in a shadow tree the page's selectors do
//! not see. A part itself never matches a structural pseudo-class or a sibling
//! combinator. Nor does the `page` root, which has no parent (as Selectors 3 words it,
//! and as the `body` WeChat's WebView renders it into would not).

use std::borrow::Cow;

use super::{AttrOp, AttrSelector, Combinator, Compound, Nth, PseudoClass, Selector};
use crate::document::{Document, NodeId, NodeKind};

/// Tag of a built-in component's internal nodes (the engine's `components::PART_TAG`).
const PART_TAG: &str = "mica-part";

impl Selector {
    /// True when the selector matches `node`.
    pub fn matches(&self, doc: &Document, node: NodeId) -> bool {
        self.match_from(doc, 0, node)
    }

    fn match_from(&self, doc: &Document, i: usize, node: NodeId) -> bool {
        if !self.compounds[i].matches(doc, node) {
            return false;
        }
        if i + 1 == self.compounds.len() {
            return true;
        }
        let next = |n: NodeId| self.match_from(doc, i + 1, n);
        match self.combinators[i] {
            Combinator::Child => doc.node(node).parent.is_some_and(next),
            Combinator::Descendant => doc.ancestors(node).any(next),
            Combinator::NextSibling => previous_siblings(doc, node).next().is_some_and(next),
            Combinator::SubsequentSibling => previous_siblings(doc, node).any(next),
        }
    }
}

impl Compound {
    /// True when this compound matches the element `node`.
    pub fn matches(&self, doc: &Document, node: NodeId) -> bool {
        let n = doc.node(node);
        if !n.is_element() {
            return false;
        }
        if let Some(tag) = &self.tag {
            if !n.tag.eq_ignore_ascii_case(tag) {
                return false;
            }
        }
        if let Some(id) = &self.id {
            if n.id_attr() != Some(id.as_str()) {
                return false;
            }
        }
        self.classes.iter().all(|c| n.all_classes().any(|k| k == c))
            && self.attrs.iter().all(|a| a.matches(doc, node))
            && self.pseudos.iter().all(|p| p.matches(doc, node))
    }
}

impl AttrSelector {
    /// True when element `node`'s attribute matches (CSS Selectors 4 §6.1, §6.3).
    fn matches(&self, doc: &Document, node: NodeId) -> bool {
        let n = doc.node(node);
        // Attribute names are ASCII case-insensitive, as in HTML.
        let value = n.attr(&self.name).or_else(|| {
            n.attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&self.name))
                .map(|(_, v)| v.as_str())
        });
        let Some(value) = value else { return false };
        let Some((op, want)) = &self.test else {
            return true;
        };
        let (value, want): (Cow<'_, str>, Cow<'_, str>) = if self.ignore_case {
            (
                value.to_ascii_lowercase().into(),
                want.to_ascii_lowercase().into(),
            )
        } else {
            (value.into(), want.as_str().into())
        };
        let (value, want) = (value.as_ref(), want.as_ref());
        match op {
            AttrOp::Equals => value == want,
            // A value with white space (or none) is no word: it matches nothing.
            AttrOp::Includes => {
                !want.is_empty()
                    && !want.contains(is_css_space)
                    && value.split(is_css_space).any(|w| w == want)
            }
            AttrOp::DashMatch => {
                value == want
                    || value
                        .strip_prefix(want)
                        .is_some_and(|rest| rest.starts_with('-'))
            }
            // An empty value matches nothing for the substring operators.
            AttrOp::Prefix => !want.is_empty() && value.starts_with(want),
            AttrOp::Suffix => !want.is_empty() && value.ends_with(want),
            AttrOp::Substring => !want.is_empty() && value.contains(want),
        }
    }
}

/// White space as CSS Syntax 3 §4.2 defines it.
fn is_css_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

impl PseudoClass {
    fn matches(&self, doc: &Document, node: NodeId) -> bool {
        match self {
            PseudoClass::Nth(nth) => {
                position(doc, node, nth.of_type, nth.from_end).is_some_and(|i| nth.matches_index(i))
            }
            PseudoClass::Only { of_type } => {
                position(doc, node, *of_type, false) == Some(1)
                    && position(doc, node, *of_type, true) == Some(1)
            }
            PseudoClass::Empty => is_empty(doc, node),
            PseudoClass::Not(list) => !list.iter().any(|c| c.matches(doc, node)),
        }
    }
}

impl Nth {
    /// True when `index` (from 1) is `a·n + b` for some integer `n ≥ 0`.
    pub fn matches_index(&self, index: usize) -> bool {
        let (a, b) = (i64::from(self.a), i64::from(self.b));
        let offset = i64::try_from(index).unwrap_or(i64::MAX) - b;
        if a == 0 {
            offset == 0
        } else {
            offset % a == 0 && offset / a >= 0
        }
    }
}

/// True for the nodes sibling counting sees: elements other than parts.
pub(super) fn counted(doc: &Document, node: NodeId) -> bool {
    let n = doc.node(node);
    n.kind == NodeKind::Element && n.tag != PART_TAG
}

/// The children of `node`'s parent and `node`'s index among them; `None` for the root,
/// a detached node, a text node or a part.
fn siblings(doc: &Document, node: NodeId) -> Option<(&[NodeId], usize)> {
    if !counted(doc, node) {
        return None;
    }
    let children = &doc.node(doc.node(node).parent?).children;
    let at = children.iter().position(|&c| c == node)?;
    Some((children, at))
}

/// The element siblings before `node`, nearest first.
fn previous_siblings(doc: &Document, node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    let before = siblings(doc, node).map_or(&[][..], |(c, at)| &c[..at]);
    before
        .iter()
        .rev()
        .copied()
        .filter(move |&c| counted(doc, c))
}

/// `node`'s position (from 1) among its element siblings — of its own type with
/// `of_type`, counted from the last with `from_end`.
fn position(doc: &Document, node: NodeId, of_type: bool, from_end: bool) -> Option<usize> {
    let (children, at) = siblings(doc, node)?;
    let tag = &doc.node(node).tag;
    let others = if from_end {
        &children[at + 1..]
    } else {
        &children[..at]
    };
    let count = others
        .iter()
        .filter(|&&c| counted(doc, c) && (!of_type || doc.node(c).tag.eq_ignore_ascii_case(tag)))
        .count();
    Some(count + 1)
}

/// `:empty` (CSS Selectors 4 §14.2): no children but parts and text of white space only.
fn is_empty(doc: &Document, node: NodeId) -> bool {
    doc.node(node)
        .children
        .iter()
        .all(|&c| ignored_by_empty(doc, c))
}

/// True for a child `:empty` ignores: text of white space only, or a part.
pub(super) fn ignored_by_empty(doc: &Document, child: NodeId) -> bool {
    let n = doc.node(child);
    match n.kind {
        NodeKind::Text => is_blank(&n.text),
        NodeKind::Element => n.tag == PART_TAG,
    }
}

/// True for text of white space only.
pub(super) fn is_blank(text: &str) -> bool {
    text.chars().all(is_css_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nth_index_formulas() {
        let nth = |a, b| Nth {
            a,
            b,
            of_type: false,
            from_end: false,
        };
        let hits = |n: Nth| (1..=10).filter(|&i| n.matches_index(i)).collect::<Vec<_>>();
        assert_eq!(hits(nth(2, 1)), vec![1, 3, 5, 7, 9]);
        assert_eq!(hits(nth(2, 0)), vec![2, 4, 6, 8, 10]);
        assert_eq!(hits(nth(3, 0)), vec![3, 6, 9]);
        assert_eq!(hits(nth(-1, 3)), vec![1, 2, 3]);
        assert_eq!(hits(nth(1, 8)), vec![8, 9, 10]);
        assert_eq!(hits(nth(0, 4)), vec![4]);
        assert_eq!(hits(nth(-2, 5)), vec![1, 3, 5]);
        assert_eq!(hits(nth(3, -2)), vec![1, 4, 7, 10]);
        assert!(hits(nth(0, 0)).is_empty());
        assert!(hits(nth(-3, 0)).is_empty());
        let extreme = nth(i32::MIN, i32::MAX);
        assert!(!extreme.matches_index(1));
    }
}
