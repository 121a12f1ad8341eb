//! Relayout boundaries: which subtrees can be laid out again on their own.
//!
//! When something inside a node `B` changes (a text, an image's size, a child added), taffy
//! would clear the layout cache of `B` and of every ancestor and lay the page out from the
//! root: in a 10,000-row list that visits every row. But the world outside `B` sees `B`
//! only through the answers `B` gives its parent `P` — the sizes `P` asks for while it
//! runs its algorithm, and the final layout (size, content size, margins) — and, in taffy,
//! nothing but `P` ever asks `B` anything. If none of those answers can depend on what is
//! inside `B`, then `B` is a *relayout boundary*: the incremental layout (see
//! [`compute_layout`](crate::compute_layout)) redoes only `B`'s last layout, with the
//! same inputs `P` gave it, rounds and places only `B`'s subtree, and leaves every ancestor
//! (and its cache) alone. As a safety net the new final layout is compared with the old one
//! and any difference falls back to the full pass.
//!
//! The rule ([`is_boundary`]) is deliberately narrow; anything it is not sure of is not a
//! boundary. `B` must be an element with children laid out by flexbox or block layout, in
//! flow (`position: relative`), without `aspect-ratio`, and neither `B` nor `P` hidden. Then
//! both of `B`'s dimensions must be fixed without looking inside `B`. `B`, `P` and "children"
//! are boxes: a `display: contents` node (CSS Display 3 §2.5) is skipped, its children are
//! its box parent's ([`Document::box_children`]).
//!
//! **`P` is a block container** (CSS 2.1 §10.3.3, §10.6.3; taffy's `compute_block_layout`):
//! - height: a `px` length (> 0), min/max height lengths or `auto`/`none`. A block child's
//!   `auto` height is its content's (§10.6.3), so it must be given.
//! - width: a `px` length, or `auto`, which fills the containing block (§10.3.3) — but only
//!   if `P` has never been asked to size itself without a known width: then it would measure
//!   its children's content widths ("shrink-to-fit", §10.3.5), `B`'s included.
//! - margins: `B`'s vertical margins must not collapse with its children's (§8.3.1), or
//!   `B`'s position would depend on its first child's margin: `B` is a flex container,
//!   whose margins never collapse with its contents (CSS Flexbox 1 §3), or a block with a
//!   top border or padding (and its height is not `auto`, so its bottom margin does not
//!   collapse either).
//!
//! **`P` is a single-line flex container** (CSS Flexbox 1 §9; taffy's `compute_flexbox_layout`):
//! - cross size: a `px` length (§9.4 step 7: the hypothetical cross size of an item with a
//!   definite cross size is that size), or `auto` with `align-self: stretch` and no `auto`
//!   cross margins while `P`'s cross size is always known when it runs: then §9.4 step 8
//!   makes the line as large as the container and step 11 stretches `B` to it; `B`'s own
//!   content-based cross size is measured but never used. `baseline` alignment is
//!   excluded (it reads `B`'s first baseline).
//! - main size: the flex base size must be definite (§9.2 step 3.A): `flex-basis: auto`
//!   with a `px` main size. The automatic minimum size of a flex item (§4.5) is
//!   content-based: the smaller of its specified size and its min-content size — it never
//!   exceeds the base size here, so the hypothetical main size (base size clamped by
//!   min/max) stays content-free, but it is the floor `B` shrinks to (§9.7). So either `B`
//!   cannot shrink below its base size in a way that depends on content — a `px`
//!   `min-height`/`min-width`, or `flex-shrink: 0` (§9.7 step 2 freezes it) — while `P`'s
//!   main size is always known when it runs; or `P` never shrinks anything: its main size is
//!   never known from outside (`auto`, no `max` size, no aspect ratio) and every one of its
//!   flex items is *rigid* (flex-grow 0, `flex-basis: auto`, a `px` main size at least its
//!   padding and border). Then `P`'s main size is the sum of its items' contributions
//!   (§9.9.1), which for rigid items are their hypothetical sizes, so the free space is
//!   never negative and no item flexes (§9.7); nor is any content measured for that sum.
//!
//! "Never asked without a known width" and the like are read from [`Queried`] flags that
//! layout records on every node for every query (they are never reset: an answer may live
//! on in an ancestor's cache).

use taffy::{
    AlignItems, BoxSizing, CompactLength, Dimension, Display, FlexDirection, FlexWrap,
    LengthPercentage, LengthPercentageAuto, Position, Style,
};

use crate::document::{Document, NodeId};

/// Kinds of layout queries a node has answered, as bit flags on the node.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Queried;

impl Queried {
    /// Asked with its width known.
    pub const WIDTH_KNOWN: u8 = 1;
    /// Asked with its width left to it.
    pub const WIDTH_UNKNOWN: u8 = 2;
    /// Asked with its height known.
    pub const HEIGHT_KNOWN: u8 = 4;
    /// Asked with its height left to it.
    pub const HEIGHT_UNKNOWN: u8 = 8;

    /// The flags of one query.
    pub fn of(known: taffy::Size<Option<f32>>) -> u8 {
        let w = if known.width.is_some() {
            Self::WIDTH_KNOWN
        } else {
            Self::WIDTH_UNKNOWN
        };
        let h = if known.height.is_some() {
            Self::HEIGHT_KNOWN
        } else {
            Self::HEIGHT_UNKNOWN
        };
        w | h
    }
}

/// A `px` length, or `None` for `auto`, percentages and `calc()`.
fn px(d: Dimension) -> Option<f32> {
    let raw = d.into_raw();
    (raw.tag() == CompactLength::LENGTH_TAG).then(|| raw.value())
}

/// `auto` (or `none` for a max size) or a `px` length: nothing relative to anything.
fn px_or_auto(d: Dimension) -> bool {
    d.is_auto() || px(d).is_some()
}

fn lp_px(l: LengthPercentage) -> Option<f32> {
    let raw = l.into_raw();
    (raw.tag() == CompactLength::LENGTH_TAG).then(|| raw.value())
}

fn is_auto_margin(m: LengthPercentageAuto) -> bool {
    m.is_auto()
}

/// True when `b`, a child of `p`, is a relayout boundary (see the module docs): nothing
/// `p` learns from `b` depends on `b`'s descendants. May fill `p`'s rigid-items cache.
pub(crate) fn is_boundary(doc: &mut Document, b: NodeId, p: NodeId) -> bool {
    let (bn, pn) = (doc.node(b), doc.node(p));
    if !bn.is_element() || bn.last_layout.is_none() || doc.box_children(b).next().is_none() {
        return false;
    }
    // Boxes only: the caller skips `display: contents` nodes.
    if bn.is_contents() || pn.is_contents() {
        return false;
    }
    // A box in a paragraph (see the `inline` module) is placed by its line, which
    // follows neither rule below.
    if crate::inline::in_paragraph(doc, b) {
        return false;
    }
    if bn.style.hidden || pn.style.hidden || !pn.is_element() {
        return false;
    }
    let s = &bn.style.layout;
    if !matches!(s.display, Display::Flex | Display::Block)
        || s.position != Position::Relative
        || s.aspect_ratio.is_some()
    {
        return false;
    }
    match pn.style.layout.display {
        Display::Block => block_child_fixed(s, &pn.style.layout, pn.queried),
        Display::Flex => flex_item_fixed(doc, b, p),
        _ => false,
    }
}

/// A child of a block container whose box does not depend on its content.
fn block_child_fixed(s: &Style, parent: &Style, parent_queried: u8) -> bool {
    let clamps = [s.min_size.width, s.max_size.width, s.min_size.height]
        .into_iter()
        .chain([s.max_size.height])
        .all(px_or_auto);
    let height = px(s.size.height).is_some_and(|h| h > 0.0);
    let width = px(s.size.width).is_some()
        || (s.size.width.is_auto() && parent_queried & Queried::WIDTH_UNKNOWN == 0);
    let margins_stay = match s.display {
        Display::Flex => true,
        _ => [s.padding.top, s.border.top]
            .into_iter()
            .any(|l| lp_px(l).is_some_and(|v| v > 0.0)),
    };
    // Tables are sized from their content whatever their width says.
    parent.display == Display::Block && clamps && height && width && margins_stay
}

/// `(main, cross)` of a size for a flex container of direction `dir`.
fn axes<T: Copy>(size: taffy::Size<T>, row: bool) -> (T, T) {
    if row {
        (size.width, size.height)
    } else {
        (size.height, size.width)
    }
}

fn is_row(dir: FlexDirection) -> bool {
    matches!(dir, FlexDirection::Row | FlexDirection::RowReverse)
}

/// A flex item whose box does not depend on its content.
fn flex_item_fixed(doc: &mut Document, b: NodeId, p: NodeId) -> bool {
    let (bn, pn) = (doc.node(b), doc.node(p));
    let (s, ps) = (&bn.style.layout, &pn.style.layout);
    if ps.flex_wrap != FlexWrap::NoWrap {
        return false;
    }
    let row = is_row(ps.flex_direction);
    let (main_known, main_unknown, cross_unknown) = if row {
        (
            Queried::WIDTH_KNOWN,
            Queried::WIDTH_UNKNOWN,
            Queried::HEIGHT_UNKNOWN,
        )
    } else {
        (
            Queried::HEIGHT_KNOWN,
            Queried::HEIGHT_UNKNOWN,
            Queried::WIDTH_UNKNOWN,
        )
    };

    // Cross axis.
    let align = s
        .align_self
        .or(ps.align_items)
        .unwrap_or(AlignItems::Stretch);
    if align == AlignItems::Baseline {
        return false;
    }
    let (_, cross) = axes(s.size, row);
    let (_, min_cross) = axes(s.min_size, row);
    let (_, max_cross) = axes(s.max_size, row);
    let cross_margins_auto = if row {
        is_auto_margin(s.margin.top) || is_auto_margin(s.margin.bottom)
    } else {
        is_auto_margin(s.margin.left) || is_auto_margin(s.margin.right)
    };
    let stretched = cross.is_auto()
        && align == AlignItems::Stretch
        && !cross_margins_auto
        && pn.queried & cross_unknown == 0;
    if !(px_or_auto(min_cross) && px_or_auto(max_cross) && (px(cross).is_some() || stretched)) {
        return false;
    }

    // Main axis: a definite flex base size from the main size.
    let (main, _) = axes(s.size, row);
    let (min_main, _) = axes(s.min_size, row);
    let (max_main, _) = axes(s.max_size, row);
    if !s.flex_basis.is_auto() || px(main).is_none() || !px_or_auto(max_main) {
        return false;
    }
    if pn.queried & main_unknown == 0 {
        // `P`'s main size always comes from outside: `B` keeps its size unless it
        // shrinks, and must not shrink to a content-based minimum.
        return px(min_main).is_some() || (min_main.is_auto() && s.flex_shrink == 0.0);
    }
    let (p_main, _) = axes(ps.size, row);
    let (p_min_main, _) = axes(ps.min_size, row);
    let (p_max_main, _) = axes(ps.max_size, row);
    let sized_by_items = pn.queried & main_known == 0
        && p_main.is_auto()
        && p_max_main.is_auto()
        && px_or_auto(p_min_main)
        && ps.aspect_ratio.is_none();
    sized_by_items && px_or_auto(min_main) && all_items_rigid(doc, p, row)
}

/// Every flex item of `p` (its box children) is rigid (see the module docs); cached on `p`
/// until a child or the child list changes (also through `display: contents` children).
fn all_items_rigid(doc: &mut Document, p: NodeId, row: bool) -> bool {
    if let Some(known) = doc.node(p).rigid_items {
        return known;
    }
    let rigid = doc.box_children(p).all(|c| {
        let n = doc.node(c);
        let s = &n.style.layout;
        if s.display == Display::None || s.position == Position::Absolute {
            return true; // Not a flex item.
        }
        n.is_element() && is_rigid(s, row)
    });
    doc.node_mut(p).rigid_items = Some(rigid);
    rigid
}

/// A flex item whose main size is its `px` main size whatever its content and siblings,
/// as long as the container does not shrink it.
fn is_rigid(s: &Style, row: bool) -> bool {
    let (main, _) = axes(s.size, row);
    let (min_main, _) = axes(s.min_size, row);
    let (max_main, _) = axes(s.max_size, row);
    let Some(pref) = px(main) else {
        return false;
    };
    let (start, end) = if row {
        (
            (s.padding.left, s.border.left),
            (s.padding.right, s.border.right),
        )
    } else {
        (
            (s.padding.top, s.border.top),
            (s.padding.bottom, s.border.bottom),
        )
    };
    let pb = [start.0, start.1, end.0, end.1]
        .into_iter()
        .map(lp_px)
        .try_fold(0.0, |sum, v| v.map(|v| sum + v));
    let Some(pb) = pb else {
        return false;
    };
    let outer = if s.box_sizing == BoxSizing::ContentBox {
        pref + pb
    } else {
        pref
    };
    s.flex_grow == 0.0
        && s.flex_basis.is_auto()
        && s.aspect_ratio.is_none()
        && px_or_auto(min_main)
        && px_or_auto(max_main)
        && outer >= pb
}
