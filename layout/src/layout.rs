//! Layout: taffy runs directly on the [`Document`] (through a thin view that adds the
//! [`FontStore`] text measurement needs; there is no second tree).
//!
//! Dispatch per node: `display: none` → hidden, text nodes and images → leaf layout with
//! a measure function, `display: flex` → CSS Flexbox 1, `display: block` → CSS 2.1 §10
//! block layout. A `display: contents` node (CSS Display 3 §2.5) is never laid out: taffy
//! sees a node's [box children](Document::box_children), with such nodes replaced by their
//! children. After taffy, [`compute_layout`] rounds, fills every node's absolute
//! [`Node::rect`](crate::Node::rect) (for a `display: contents` node, the union of its
//! children's), re-shapes text at its final width and records damage.
//!
//! Layout is incremental: only what changed since the last layout is laid out again, and
//! where a change sits inside a relayout boundary (see [`crate::relayout`]) only that
//! boundary's subtree is laid out, rounded and placed.

use taffy::{
    compute_block_layout, compute_cached_layout, compute_flexbox_layout, compute_hidden_layout,
    compute_leaf_layout, compute_root_layout, AvailableSpace, Cache, CacheTree, Dimension, Display,
    Layout, LayoutInput, LayoutOutput, LayoutPartialTree, RunMode, Size, Style,
};

use crate::text::hash::FastMap;
use std::cell::RefCell;
use std::rc::Rc;

use crate::block_text::{compute_single_child_block_layout, is_simple_child, TextChildSizer};
use crate::document::{Document, Node, NodeId, NodeKind, Rect};
use crate::relayout::{is_boundary, Queried};
use crate::text::{fits_unbounded, FontStore, ShapeOptions, TextLayout};

/// The document seen as a taffy tree, with the fonts text measurement needs.
pub(crate) struct LayoutTree<'a> {
    pub(crate) doc: &'a mut Document,
    pub(crate) fonts: &'a FontStore,
    misses: u32,
    /// How many size measurements (`ComputeSize` runs) are under way. Inside one, taffy's
    /// algorithms still place children (block layout does, to find its height), but
    /// those are trial positions: they must not overwrite the final layout, which a later
    /// cache hit of the real layout would not restore.
    pub(crate) measuring: u32,
    /// Text measured during this layout: taffy measures a text several times (content
    /// sizes, flex basis, final size) and `place` needs it once more at its final width.
    shaped: RefCell<Shaped>,
    /// The box children of the nodes taffy asked about during this layout, when they are
    /// not simply the node's children (a child is `display: contents`); `None` when they
    /// are. Filled on first use, only once the document uses `display: contents`.
    flat: RefCell<FastMap<NodeId, Option<Rc<[NodeId]>>>>,
    /// The paragraphs of the inline formatting contexts laid out during this layout
    /// (see the `inline` module), built on first use.
    pub(crate) paragraphs: RefCell<FastMap<NodeId, Rc<crate::inline::Para>>>,
}

/// The text shaped and measured during one layout.
#[derive(Default)]
struct Shaped {
    /// Each measured text node shaped without a wrap width (its max-content layout): at
    /// any width it fits in, that is also its layout there (see `fits_unbounded`), which
    /// for short texts is every width but the min-content one.
    unbounded: FastMap<NodeId, TextLayout>,
    /// Sizes at the other wrap widths, by node and width: each is measured once.
    sizes: FastMap<(NodeId, Option<u32>), (f32, f32)>,
}

/// The cache key of a wrap width (`None`: unbounded).
fn width_key(w: Option<f32>) -> Option<u32> {
    w.map(f32::to_bits)
}

/// Iterates a node's box children (see [`Document::box_children`]) as taffy ids.
#[derive(Debug)]
pub struct ChildIter<'a>(Children<'a>);

/// A node's box children: its children, or a flattened list.
#[derive(Debug)]
enum Children<'a> {
    Direct(std::slice::Iter<'a, NodeId>),
    Flat(Rc<[NodeId]>, usize),
}

impl Iterator for ChildIter<'_> {
    type Item = taffy::NodeId;
    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Children::Direct(it) => it.next().map(|&id| id.into()),
            Children::Flat(list, i) => {
                let id = list.get(*i)?;
                *i += 1;
                Some((*id).into())
            }
        }
    }
}

impl LayoutTree<'_> {
    fn style(&self, id: taffy::NodeId) -> &Style {
        self.doc.node(id.into()).layout_style()
    }

    /// `id`'s box children when they are not its children (some child is
    /// `display: contents`), computed once per layout: taffy asks for a container's
    /// children by index, child after child.
    fn flat_children(&self, id: NodeId) -> Option<Rc<[NodeId]>> {
        let doc = &*self.doc;
        let n = doc.node(id);
        if !doc.uses_contents || n.layout_children().is_empty() {
            return None;
        }
        self.flat
            .borrow_mut()
            .entry(id)
            .or_insert_with(|| {
                n.layout_children()
                    .iter()
                    .any(|&c| doc.node(c).is_contents())
                    .then(|| doc.box_children(id).collect())
            })
            .clone()
    }
}

impl taffy::TraversePartialTree for LayoutTree<'_> {
    type ChildIter<'b>
        = ChildIter<'b>
    where
        Self: 'b;

    fn child_ids(&self, node: taffy::NodeId) -> Self::ChildIter<'_> {
        ChildIter(match self.flat_children(node.into()) {
            Some(list) => Children::Flat(list, 0),
            None => Children::Direct(self.doc.node(node.into()).layout_children().iter()),
        })
    }
    fn child_count(&self, node: taffy::NodeId) -> usize {
        match self.flat_children(node.into()) {
            Some(list) => list.len(),
            None => self.doc.node(node.into()).layout_children().len(),
        }
    }
    fn get_child_id(&self, node: taffy::NodeId, index: usize) -> taffy::NodeId {
        match self.flat_children(node.into()) {
            Some(list) => list[index].into(),
            None => self.doc.node(node.into()).layout_children()[index].into(),
        }
    }
}

impl taffy::TraverseTree for LayoutTree<'_> {}

impl taffy::LayoutPartialTree for LayoutTree<'_> {
    type CoreContainerStyle<'b>
        = &'b Style
    where
        Self: 'b;
    type CustomIdent = String;

    fn get_core_container_style(&self, node: taffy::NodeId) -> Self::CoreContainerStyle<'_> {
        self.style(node)
    }

    /// Lengths mixing px and % (CSS Values 3 §8.1), see [`crate::style::calc`].
    fn resolve_calc_value(&self, val: *const (), basis: f32) -> f32 {
        crate::style::calc::resolve_layout_key(val, basis)
    }

    fn set_unrounded_layout(&mut self, node: taffy::NodeId, layout: &Layout) {
        if self.measuring > 0 {
            return;
        }
        self.doc.node_mut(node.into()).unrounded_layout = *layout;
    }

    fn compute_child_layout(&mut self, node: taffy::NodeId, inputs: LayoutInput) -> LayoutOutput {
        let measure = inputs.run_mode == RunMode::ComputeSize;
        self.measuring += u32::from(measure);
        let output = self.compute_child_layout_cached(node, inputs);
        self.measuring -= u32::from(measure);
        if inputs.run_mode != RunMode::PerformHiddenLayout {
            let n = self.doc.node_mut(node.into());
            n.queried |= Queried::of(inputs.known_dimensions);
            if inputs.run_mode == RunMode::PerformLayout {
                n.last_layout = Some((inputs, output));
            }
        }
        output
    }
}

impl LayoutTree<'_> {
    fn compute_child_layout_cached(
        &mut self,
        node: taffy::NodeId,
        inputs: LayoutInput,
    ) -> LayoutOutput {
        compute_cached_layout(self, node, inputs, |tree, node, inputs| {
            tree.misses += 1;
            let id = NodeId::from(node);
            let n = tree.doc.node(id);
            let display = n.layout_style().display;
            // Children of a `display: none` node are laid out in hidden mode whatever
            // their own display; taffy's leaf algorithm must never see that mode (it is
            // unreachable there: a text inside a hidden view used to panic).
            if display == Display::None || inputs.run_mode == RunMode::PerformHiddenLayout {
                return compute_hidden_layout(tree, node);
            }
            if inputs.run_mode == RunMode::PerformLayout && tree.measuring == 0 {
                // Laid out by block, flex or grid layout, not by a paragraph: `place`
                // shapes its text, it has no line fragments.
                let n = tree.doc.node_mut(id);
                n.in_paragraph = false;
                if !n.fragments.is_empty() {
                    n.fragments = Vec::new();
                }
            }
            let n = tree.doc.node(id);
            if n.kind == NodeKind::Text {
                let n = tree.doc.node(id);
                let (fonts, shaped) = (tree.fonts, &tree.shaped);
                return compute_leaf_layout(
                    inputs,
                    &n.style.layout,
                    |_, _| 0.0,
                    |known, avail| measure_text(fonts, shaped, id, n, known, avail),
                );
            }
            if taffy::TraversePartialTree::child_count(&*tree, node) == 0 {
                let intrinsic = n.intrinsic_size;
                return compute_leaf_layout(
                    inputs,
                    &n.style.layout,
                    |_, _| 0.0,
                    |known, _| measure_replaced(known, intrinsic),
                );
            }
            match display {
                Display::Flex => compute_flexbox_layout(tree, node, inputs),
                // CSS Grid 1 (see `style::grid`).
                Display::Grid => taffy::compute_grid_layout(tree, node, inputs),
                _ if crate::inline::is_inline_container(tree.doc, id) => {
                    crate::inline::compute(tree, node, inputs)
                }
                _ => match single_simple_child(tree, id) {
                    Some(child) => {
                        compute_single_child_block_layout(tree, node, child.into(), inputs)
                    }
                    None => compute_block_layout(tree, node, inputs),
                },
            }
        })
    }
}

/// The measure function of text node `id` (`n`): its size at `avail`, from the text
/// shaped without a wrap width when it fits there, else measured once per wrap width.
fn measure_text(
    fonts: &FontStore,
    shaped: &RefCell<Shaped>,
    id: NodeId,
    n: &Node,
    known: Size<Option<f32>>,
    avail: Size<AvailableSpace>,
) -> Size<f32> {
    if let Size {
        width: Some(width),
        height: Some(height),
    } = known
    {
        return Size { width, height };
    }
    let s = &n.style;
    let max_width = known.width.or(match avail.width {
        AvailableSpace::Definite(w) => Some(w),
        AvailableSpace::MinContent => Some(0.0),
        AvailableSpace::MaxContent => None,
    });
    let mut o = ShapeOptions::of_style(s);
    // A min-content measurement may break differently from a definite zero width
    // (`overflow-wrap: break-word`): its own key, a NaN no width has.
    let mut key = width_key(max_width);
    if known.width.is_none() && avail.width == AvailableSpace::MinContent {
        o = o.for_min_content();
        key = Some(u32::MAX);
    }
    let mut shaped = shaped.borrow_mut();
    let shaped = &mut *shaped;
    let unbounded = shaped
        .unbounded
        .entry(id)
        .or_insert_with(|| fonts.shape_styled(&n.text, &o, None));
    let (w, h) = if fits_unbounded(unbounded, &n.text, &o, max_width) {
        (unbounded.width, unbounded.height)
    } else {
        *shaped
            .sizes
            .entry((id, key))
            .or_insert_with(|| fonts.measure_styled(&n.text, &o, max_width))
    };
    Size {
        width: known.width.unwrap_or(w.ceil()),
        height: known.height.unwrap_or(h),
    }
}

/// True when a text node's box has no edges or constraints of its own (the style every
/// text node gets): taffy's leaf layout of it is then its text measurement.
fn is_plain_text_box(s: &Style) -> bool {
    let zero = taffy::LengthPercentage::length(0.0);
    let zero_auto = taffy::LengthPercentageAuto::length(0.0);
    let r = |e: &taffy::Rect<taffy::LengthPercentage>| {
        e.left == zero && e.right == zero && e.top == zero && e.bottom == zero
    };
    let sz = |d: &Size<Dimension>| d.width.is_auto() && d.height.is_auto();
    s.display == Display::Block
        && s.position == taffy::Position::Relative
        && r(&s.padding)
        && r(&s.border)
        && s.margin.left == zero_auto
        && s.margin.right == zero_auto
        && s.margin.top == zero_auto
        && s.margin.bottom == zero_auto
        && sz(&s.size)
        && sz(&s.min_size)
        && sz(&s.max_size)
        && s.aspect_ratio.is_none()
        && s.overflow.x == taffy::Overflow::Visible
        && s.overflow.y == taffy::Overflow::Visible
}

impl TextChildSizer for LayoutTree<'_> {
    fn plain_text_layout(
        &mut self,
        child: taffy::NodeId,
        known: Size<Option<f32>>,
        avail: Size<AvailableSpace>,
    ) -> Option<LayoutOutput> {
        let id = NodeId::from(child);
        let n = self.doc.node(id);
        if n.kind != NodeKind::Text || !is_plain_text_box(&n.style.layout) {
            return None;
        }
        // Through the text node's cache as `compute_cached_layout` goes: its loose
        // matching can answer with a size measured for other inputs, and the answer must
        // be the one the child would give.
        if let Some(out) = self.cache_get(child, known, avail, RunMode::PerformLayout) {
            return Some(out);
        }
        // taffy's `compute_leaf_layout` in `PerformLayout` mode with every edge, margin
        // and constraint zero or auto, in the same floating-point order.
        let avail_in = avail;
        let avail = Size {
            width: known.width.map_or(avail.width, AvailableSpace::Definite),
            height: known.height.map_or(avail.height, AvailableSpace::Definite),
        };
        let measured = measure_text(self.fonts, &self.shaped, id, n, Size::NONE, avail);
        let inset = Size::ZERO;
        let clamped = known.unwrap_or(measured + inset);
        let size = Size {
            width: clamped.width,
            height: f32::max(clamped.height, 0.0),
        };
        let size = Size {
            width: f32::max(size.width, 0.0),
            height: f32::max(size.height, 0.0),
        };
        let out = LayoutOutput {
            size,
            content_size: measured + inset,
            first_baselines: taffy::Point::NONE,
            top_margin: taffy::CollapsibleMarginSet::ZERO,
            bottom_margin: taffy::CollapsibleMarginSet::ZERO,
            margins_can_collapse_through: size.height == 0.0 && measured.height == 0.0,
        };
        // A miss as `compute_cached_layout` counts it (`nodes_laid_out` is unchanged).
        self.misses += 1;
        self.cache_store(child, known, avail_in, RunMode::PerformLayout, out);
        Some(out)
    }
}

/// The only child of block container `id`, if it is one taffy's block layout would lay
/// out in flow (then `block_text` gives the same boxes without collecting the children).
fn single_simple_child(tree: &LayoutTree<'_>, id: NodeId) -> Option<NodeId> {
    if tree.doc.force_block_layout {
        return None;
    }
    let child = match tree.flat_children(id) {
        Some(list) => match list[..] {
            [child] => child,
            _ => return None,
        },
        None => match tree.doc.node(id).layout_children()[..] {
            [child] => child,
            _ => return None,
        },
    };
    is_simple_child(&tree.doc.node(child).style.layout).then_some(child)
}

/// Size of replaced content (an image) from its intrinsic size, keeping the aspect ratio
/// when only one dimension is known (CSS 2.1 §10.3.2 / §10.6.2).
fn measure_replaced(known: Size<Option<f32>>, intrinsic: Option<(f32, f32)>) -> Size<f32> {
    match (known.width, known.height, intrinsic) {
        (Some(width), Some(height), _) => Size { width, height },
        (Some(w), None, Some((iw, ih))) if iw > 0.0 => Size {
            width: w,
            height: w * ih / iw,
        },
        (None, Some(h), Some((iw, ih))) if ih > 0.0 => Size {
            width: h * iw / ih,
            height: h,
        },
        (w, h, Some((iw, ih))) => Size {
            width: w.unwrap_or(iw),
            height: h.unwrap_or(ih),
        },
        (w, h, None) => Size {
            width: w.unwrap_or(0.0),
            height: h.unwrap_or(0.0),
        },
    }
}

impl CacheTree for LayoutTree<'_> {
    fn cache_get(
        &self,
        node: taffy::NodeId,
        known_dimensions: Size<Option<f32>>,
        available_space: Size<AvailableSpace>,
        run_mode: RunMode,
    ) -> Option<LayoutOutput> {
        let n = self.doc.node(node.into());
        // A final layout computed inside a measurement did not write the children's
        // positions (see `measuring`): the real one must run again to write them.
        if run_mode == RunMode::PerformLayout && self.measuring == 0 && !n.final_written {
            return None;
        }
        n.cache.get(known_dimensions, available_space, run_mode)
    }

    fn cache_store(
        &mut self,
        node: taffy::NodeId,
        known_dimensions: Size<Option<f32>>,
        available_space: Size<AvailableSpace>,
        run_mode: RunMode,
        layout_output: LayoutOutput,
    ) {
        if run_mode == RunMode::PerformLayout {
            self.doc.node_mut(node.into()).final_written = self.measuring == 0;
        }
        self.doc.node_mut(node.into()).cache.store(
            known_dimensions,
            available_space,
            run_mode,
            layout_output,
        )
    }

    fn cache_clear(&mut self, node: taffy::NodeId) {
        self.doc.node_mut(node.into()).cache = Cache::new();
    }
}

impl taffy::LayoutFlexboxContainer for LayoutTree<'_> {
    type FlexboxContainerStyle<'b>
        = &'b Style
    where
        Self: 'b;
    type FlexboxItemStyle<'b>
        = &'b Style
    where
        Self: 'b;

    fn get_flexbox_container_style(&self, node: taffy::NodeId) -> Self::FlexboxContainerStyle<'_> {
        self.style(node)
    }
    fn get_flexbox_child_style(&self, child: taffy::NodeId) -> Self::FlexboxItemStyle<'_> {
        self.style(child)
    }
}

impl taffy::LayoutGridContainer for LayoutTree<'_> {
    type GridContainerStyle<'b>
        = &'b Style
    where
        Self: 'b;
    type GridItemStyle<'b>
        = &'b Style
    where
        Self: 'b;

    fn get_grid_container_style(&self, node: taffy::NodeId) -> Self::GridContainerStyle<'_> {
        self.style(node)
    }
    fn get_grid_child_style(&self, child: taffy::NodeId) -> Self::GridItemStyle<'_> {
        self.style(child)
    }
}

impl taffy::LayoutBlockContainer for LayoutTree<'_> {
    type BlockContainerStyle<'b>
        = &'b Style
    where
        Self: 'b;
    type BlockItemStyle<'b>
        = &'b Style
    where
        Self: 'b;

    fn get_block_container_style(&self, node: taffy::NodeId) -> Self::BlockContainerStyle<'_> {
        self.style(node)
    }
    fn get_block_child_style(&self, child: taffy::NodeId) -> Self::BlockItemStyle<'_> {
        self.style(child)
    }
}

impl taffy::RoundTree for LayoutTree<'_> {
    fn get_unrounded_layout(&self, node: taffy::NodeId) -> Layout {
        self.doc.node(node.into()).unrounded_layout
    }
    fn set_final_layout(&mut self, node: taffy::NodeId, layout: &Layout) {
        self.doc.node_mut(node.into()).final_layout = *layout;
    }
}

/// Applies the image `mode` attribute: `widthFix` keeps the width and derives the height
/// from the intrinsic aspect ratio, `heightFix` the other way round.
fn apply_image_modes(doc: &mut Document) {
    let images: Vec<NodeId> = doc.images().collect();
    for id in images {
        let n = doc.node(id);
        let Some((iw, ih)) = n.intrinsic_size.filter(|(w, h)| *w > 0.0 && *h > 0.0) else {
            continue;
        };
        let mut layout = n.style.layout.clone();
        match n.attr("mode") {
            Some("widthFix") => layout.size.height = Dimension::auto(),
            Some("heightFix") => layout.size.width = Dimension::auto(),
            _ => continue,
        }
        layout.aspect_ratio = Some(iw / ih);
        if layout != n.style.layout {
            doc.node_mut(id).style.layout = layout;
            doc.mark_box_changed(id);
        }
    }
}

/// Lays out the document for a viewport of `(width, height)` px: the root `page` is the
/// viewport's width and at least its height. Fills [`Node::rect`](crate::Node::rect) and
/// [`Node::text_layout`](crate::Node::text_layout), adds the old and new boxes of moved
/// nodes to the damage, counts cache misses in `doc.stats.nodes_laid_out` and clears
/// `dirty.layout`. Run [`restyle`](crate::style::restyle) first.
///
/// Only what changed since the last call is laid out again. When every change lies inside
/// a relayout boundary ([`crate::relayout`]), each boundary's last layout is redone with
/// the inputs its parent gave it, and only its subtree is rounded and placed; otherwise
/// the caches of the changed nodes' ancestors are cleared and the page is laid out from
/// the root (unchanged subtrees come from the cache). Both give the same boxes.
pub fn compute_layout(doc: &mut Document, fonts: &FontStore, viewport: (f32, f32)) {
    let (vw, vh) = viewport;
    apply_image_modes(doc);
    let root = doc.root();
    {
        let mut layout = doc.node(root).style.layout.clone();
        layout.size.width = Dimension::length(vw);
        layout.min_size.height = Dimension::length(vh);
        if layout != doc.node(root).style.layout {
            doc.node_mut(root).style.layout = layout;
            doc.mark_layout_dirty(root);
        }
    }
    // The root lays out the `position: fixed` boxes on the page (which may have moved in
    // or out of it since).
    if !doc.fixed.is_empty() || doc.node(root).boxes.is_some() {
        doc.update_box_list(root);
    }
    let changed = std::mem::take(&mut doc.layout_roots);
    let scrolled = std::mem::take(&mut doc.scrolled);
    let mut tree = LayoutTree {
        doc,
        fonts,
        misses: 0,
        measuring: 0,
        shaped: RefCell::new(Shaped::default()),
        flat: RefCell::new(FastMap::default()),
        paragraphs: RefCell::new(FastMap::default()),
    };
    let mut placed: Vec<NodeId> = Vec::new();
    let full = match plan_relayout(tree.doc, &changed) {
        Some(boundaries) => !relayout_boundaries(&mut tree, &boundaries, &mut placed),
        None => true,
    };
    if full {
        for &n in &changed {
            clear_up_to(tree.doc, n, None);
        }
        compute_root_layout(
            &mut tree,
            root.into(),
            Size {
                width: AvailableSpace::Definite(vw),
                height: AvailableSpace::Definite(vh),
            },
        );
        placed = vec![root];
    } else {
        // Scrolled containers move their content without a relayout.
        placed.extend(scrolled.into_iter().filter(|&n| tree.doc.get(n).is_some()));
    }
    let misses = tree.misses;
    let mut shaped = tree.shaped.into_inner();
    doc.stats.nodes_laid_out += misses;
    for start in outermost(doc, placed) {
        let (cx, cy) = cumulative_unrounded(doc, start);
        round_subtree(doc, start, cx, cy);
        place(doc, fonts, &mut shaped, start, viewport);
    }
    doc.ink_valid = true;
}

/// For every changed node, the relayout boundary containing it (`(changed, boundary)`),
/// or `None` when some change needs the full pass (no boundary below the root, or a
/// hidden ancestor). Changed nodes that are not on the page are handled here (their
/// ancestors' caches are cleared for when they are attached) and left out.
///
/// A `display: contents` node has no box: a change of its children is a change of the
/// box parent's, so the boundary is looked for from there, among boxes only.
fn plan_relayout(doc: &mut Document, changed: &[NodeId]) -> Option<Vec<(NodeId, NodeId)>> {
    let mut out = Vec::new();
    for &x in changed {
        if doc.get(x).is_none() {
            continue; // Removed: its parent was marked when it was detached.
        }
        let mut path = vec![x];
        while let Some(p) = doc.node(path[path.len() - 1]).parent {
            path.push(p);
        }
        if path[path.len() - 1] != doc.root() {
            clear_up_to(doc, x, None);
            continue;
        }
        // Layout inside a `display: none` subtree is taffy's hidden layout: the full pass.
        // So is a change in a `position: fixed` subtree, laid out by the root, not by
        // its parent.
        if path[1..].iter().any(|&n| doc.node(n).style.hidden)
            || path.iter().any(|&n| doc.node(n).style.fixed)
        {
            return None;
        }
        path.retain(|&n| !doc.node(n).is_contents());
        let boundary = path
            .windows(2)
            .find(|w| is_boundary(doc, w[0], w[1]))
            .map(|w| w[0])?;
        out.push((x, boundary));
    }
    Some(out)
}

/// Clears the layout caches from `node` up to `stop` (inclusive), or to the top.
fn clear_up_to(doc: &mut Document, node: NodeId, stop: Option<NodeId>) {
    let mut cur = Some(node);
    while let Some(n) = cur {
        let slot = doc.node_mut(n);
        slot.cache.clear();
        slot.dirty.layout = true;
        if Some(n) == stop {
            break;
        }
        cur = slot.parent;
    }
}

/// Redoes the last layout of each boundary, deepest first, with the inputs its parent gave
/// it. Returns false (the full pass must run) if a boundary's parent would now see a
/// different result; else the boundaries to round and place are added to `placed`.
fn relayout_boundaries(
    tree: &mut LayoutTree<'_>,
    plan: &[(NodeId, NodeId)],
    placed: &mut Vec<NodeId>,
) -> bool {
    for &(x, b) in plan {
        clear_up_to(tree.doc, x, Some(b));
    }
    let mut boundaries: Vec<(usize, NodeId)> = plan
        .iter()
        .map(|&(_, b)| (tree.doc.ancestors(b).count(), b))
        .collect();
    boundaries.sort_unstable_by(|a, b| b.cmp(a));
    boundaries.dedup();
    for &(_, b) in &boundaries {
        let Some((inputs, old)) = tree.doc.node(b).last_layout else {
            return false;
        };
        let new = tree.compute_child_layout(b.into(), inputs);
        // The parent reads no baseline of a boundary (`relayout` excludes baseline
        // alignment; block layout ignores children's baselines).
        let seen = LayoutOutput {
            first_baselines: old.first_baselines,
            ..new
        };
        if seen != old {
            return false;
        }
    }
    placed.extend(boundaries.into_iter().map(|(_, b)| b));
    true
}

/// The nodes of `nodes` that have no ancestor in `nodes` (each subtree handled once).
fn outermost(doc: &Document, mut nodes: Vec<NodeId>) -> Vec<NodeId> {
    nodes.sort_unstable();
    nodes.dedup();
    let set: std::collections::BTreeSet<NodeId> = nodes.iter().copied().collect();
    nodes.retain(|&n| !doc.ancestors(n).any(|a| set.contains(&a)));
    nodes
}

/// The sum of the unrounded offsets of `node`'s ancestors, root first: the position
/// taffy's rounding starts `node`'s subtree from.
fn cumulative_unrounded(doc: &Document, node: NodeId) -> (f32, f32) {
    // `display: contents` ancestors have no box: their children are placed in the box
    // parent's.
    let chain: Vec<NodeId> = doc
        .ancestors(node)
        .filter(|&a| !doc.node(a).is_contents())
        .collect();
    let (mut x, mut y) = (0.0f32, 0.0f32);
    for &a in chain.iter().rev() {
        let l = &doc.node(a).unrounded_layout;
        x += l.location.x;
        y += l.location.y;
    }
    (x, y)
}

/// Rounds the unrounded layouts of `node`'s subtree to whole pixels, exactly as taffy's
/// `round_layout` does from the root (edges are rounded in window coordinates, so no gaps
/// appear), starting from the ancestors' cumulative unrounded offset `(cx, cy)`.
fn round_subtree(doc: &mut Document, node: NodeId, cx: f32, cy: f32) {
    let round = f32::round;
    let mut stack = vec![(node, cx, cy)];
    while let Some((id, cx, cy)) = stack.pop() {
        let n = doc.node_mut(id);
        if n.is_contents() {
            // No box, so taffy never wrote one (or wrote it before the node became
            // `display: contents`): its children sit in its box parent's coordinates.
            n.unrounded_layout = Layout::with_order(0);
        }
        let u = n.unrounded_layout;
        let mut l = u;
        let cx = cx + u.location.x;
        let cy = cy + u.location.y;
        l.location.x = round(u.location.x);
        l.location.y = round(u.location.y);
        l.size.width = round(cx + u.size.width) - round(cx);
        l.size.height = round(cy + u.size.height) - round(cy);
        l.scrollbar_size.width = round(u.scrollbar_size.width);
        l.scrollbar_size.height = round(u.scrollbar_size.height);
        l.border.left = round(cx + u.border.left) - round(cx);
        l.border.right = round(cx + u.size.width) - round(cx + u.size.width - u.border.right);
        l.border.top = round(cy + u.border.top) - round(cy);
        l.border.bottom = round(cy + u.size.height) - round(cy + u.size.height - u.border.bottom);
        l.padding.left = round(cx + u.padding.left) - round(cx);
        l.padding.right = round(cx + u.size.width) - round(cx + u.size.width - u.padding.right);
        l.padding.top = round(cy + u.padding.top) - round(cy);
        l.padding.bottom = round(cy + u.size.height) - round(cy + u.size.height - u.padding.bottom);
        l.content_size.width = round(cx + u.content_size.width) - round(cx);
        l.content_size.height = round(cy + u.content_size.height) - round(cy);
        n.final_layout = l;
        for &c in n.layout_children().iter().rev() {
            stack.push((c, cx, cy));
        }
    }
}

/// What must be repainted when a node's box goes from `old` to `new`: nothing if the node
/// paints nothing itself (its children report their own changes), only the grown or shrunk
/// strips for a plain rectangle resized in place, else both boxes.
fn box_damage(n: &Node, old: Rect, new: Rect) -> Vec<Rect> {
    if let (Some(a), Some(b)) = (decorated_box(n, old), decorated_box(n, new)) {
        return vec![a, b];
    }
    let s = &n.style;
    let has_border = [
        s.layout.border.top,
        s.layout.border.right,
        s.layout.border.bottom,
        s.layout.border.left,
    ]
    .iter()
    .any(|b| *b != taffy::LengthPercentage::length(0.0));
    let paints = (n.kind == NodeKind::Text
        || n.tag == "image"
        || !s.background_color.is_transparent()
        || has_border)
        && !n.is_contents();
    if !paints || s.hidden {
        return if s.hidden { vec![old] } else { Vec::new() };
    }
    let plain = !has_border
        && s.border_radius.iter().all(|r| *r == 0.0)
        && n.kind != NodeKind::Text
        && n.tag != "image";
    if plain && old.x == new.x && old.y == new.y {
        let mut out = Vec::new();
        if old.height != new.height {
            let y0 = old.height.min(new.height);
            out.push(Rect::new(
                new.x,
                new.y + y0,
                old.width.max(new.width),
                (old.height - new.height).abs(),
            ));
        }
        if old.width != new.width {
            let x0 = old.width.min(new.width);
            out.push(Rect::new(
                new.x + x0,
                new.y,
                (old.width - new.width).abs(),
                old.height.max(new.height),
            ));
        }
        return out;
    }
    vec![old, new]
}

/// Absolute rects, final text layouts, resolved percentage radii, damage and ink bounds
/// of `start`'s subtree (its parent is already placed).
fn place(
    doc: &mut Document,
    fonts: &FontStore,
    shaped: &mut Shaped,
    start: NodeId,
    viewport: (f32, f32),
) {
    let root = doc.root();
    let origin = match doc.box_parent(start) {
        Some(p) if start != root => {
            let p = doc.node(p);
            (p.rect.x - p.scroll.0, p.rect.y - p.scroll.1)
        }
        _ => (0.0, 0.0),
    };
    let mut stack = vec![(start, origin.0, origin.1)];
    // Pre-order; walked backwards below to sum up ink bounds children first.
    let mut order = Vec::new();
    // Glyphs of re-shaped text, loaded into the font store in one batch below.
    let mut glyphs = Vec::new();
    while let Some((id, px, py)) = stack.pop() {
        order.push(id);
        if doc.node(id).is_contents() {
            // No box: the children are placed in the box parent's coordinates, and the
            // node's rect is theirs (below, once they are placed).
            let n = doc.node_mut(id);
            n.dirty.layout = false;
            for &c in n.layout_children().iter().rev() {
                stack.push((c, px, py));
            }
            continue;
        }
        let (rect, kind) = {
            let n = doc.node(id);
            let l = &n.final_layout;
            let hidden = n.style.hidden;
            let rect = if hidden {
                Rect::new(px, py, 0.0, 0.0)
            } else if n.style.fixed {
                fixed_rect(n, viewport)
            } else {
                Rect::new(
                    px + l.location.x,
                    py + l.location.y,
                    l.size.width,
                    l.size.height,
                )
            };
            (rect, n.kind.clone())
        };
        let old = doc.node(id).rect;
        move_box(doc, id, rect);
        let n = doc.node(id);
        if n.in_paragraph && !n.style.hidden {
            // Shaped and placed by its paragraph (the `inline` module).
        } else if kind == NodeKind::Text && !n.style.hidden {
            let width = n.final_layout.content_box_width();
            let stale = n.dirty.layout
                || old.width != rect.width
                || n.text_layout
                    .as_ref()
                    .is_none_or(|t| t.font_size != n.style.font_size);
            if stale {
                let o = ShapeOptions::of_style(&n.style);
                let t = shaped
                    .unbounded
                    .remove(&id)
                    .filter(|t| fits_unbounded(t, &n.text, &o, Some(width)))
                    .unwrap_or_else(|| fonts.shape_styled(&n.text, &o, Some(width)));
                glyphs.extend(
                    t.lines
                        .iter()
                        .flat_map(|l| l.glyphs.iter().map(|g| (g.face, g.glyph))),
                );
                doc.node_mut(id).text_layout = Some(t);
            }
        }
        let n = doc.node_mut(id);
        if n.style.border_radius_percent.iter().any(Option::is_some) {
            let base = rect.width.min(rect.height);
            for i in 0..4 {
                if let Some(p) = n.style.border_radius_percent[i] {
                    n.style.border_radius[i] = p * base;
                }
            }
        }
        n.dirty.layout = false;
        // A scrolled container shifts its content; rects stay absolute window pixels,
        // so hit-testing, focus and painting need no scroll logic of their own.
        // Clamped to the content (a `scroll-top` past the end, content that shrank);
        // the page root is clamped by its callers, which know the window.
        if id != root {
            let max = content_scroll_max(&n.final_layout);
            let clamped = (n.scroll.0.clamp(0.0, max.0), n.scroll.1.clamp(0.0, max.1));
            if clamped != n.scroll {
                n.scroll = clamped;
            }
        }
        let (sx, sy) = n.scroll;
        for &c in n.layout_children().iter().rev() {
            stack.push((c, rect.x - sx, rect.y - sy));
        }
    }
    fonts.prepare(glyphs);
    for &id in order.iter().rev() {
        if doc.node(id).is_contents() {
            move_box(doc, id, contents_rect(doc, id));
        }
        let n = doc.node(id);
        let mut ink = own_ink(n);
        // Overflow hidden clips the children to the padding box, inside the node's box
        // (a `display: contents` node has no box to clip to).
        let clips = n.style.overflow == crate::Overflow::Hidden && !n.is_contents();
        if !clips && !n.style.hidden {
            for &c in n.layout_children() {
                ink = ink.union(&doc.ink(c));
            }
        }
        doc.set_ink(id, transformed_ink(n, ink));
    }
    // The rects of `display: contents` ancestors are their children's: keep them so
    // (their children's ink, grown below, covers them).
    let mut cur = doc.node(start).parent.filter(|_| start != root);
    while let Some(a) = cur.filter(|&a| doc.node(a).is_contents()) {
        move_box(doc, a, contents_rect(doc, a));
        cur = doc.node(a).parent;
    }
    // The ancestors' ink only grows here (a full pass recomputes it exactly): enough to
    // cull with.
    grow_ancestors_ink(doc, start, doc.ink(start));
}

/// Grows the ink of `node`'s ancestors to cover `ink`, stopping at the first that
/// already does.
fn grow_ancestors_ink(doc: &mut Document, node: NodeId, ink: Rect) {
    let mut cur = doc.node(node).parent;
    while let Some(a) = cur {
        let grown = doc.ink(a).union(&ink);
        if grown == doc.ink(a) {
            break;
        }
        doc.set_ink(a, grown);
        cur = doc.node(a).parent;
    }
}

/// The box of a `position: fixed` node (a layout child of the root): against the window,
/// whatever the page's scroll (CSS Position 3 §2.1, CSS 2.1 §10.3.7 and §10.6.4 with the
/// window as containing block). taffy placed it against the root, which may be taller
/// than the window: a `bottom` inset is applied here again, against the window's height.
fn fixed_rect(n: &Node, viewport: (f32, f32)) -> Rect {
    let l = &n.final_layout;
    let inset = &n.style.layout.inset;
    let (vw, vh) = viewport;
    let along = |start: taffy::LengthPercentageAuto,
                 end: taffy::LengthPercentageAuto,
                 basis: f32,
                 size: f32,
                 margin: (f32, f32),
                 laid: f32| {
        match (resolve_inset(start, basis), resolve_inset(end, basis)) {
            (Some(s), _) => s + margin.0,
            (None, Some(e)) => basis - e - margin.1 - size,
            // The static position, where taffy put it in the root.
            (None, None) => laid,
        }
    };
    let x = along(
        inset.left,
        inset.right,
        vw,
        l.size.width,
        (l.margin.left, l.margin.right),
        l.location.x,
    );
    let y = along(
        inset.top,
        inset.bottom,
        vh,
        l.size.height,
        (l.margin.top, l.margin.bottom),
        l.location.y,
    );
    Rect::new(x.round(), y.round(), l.size.width, l.size.height)
}

/// An inset in px against `basis`; `None` for `auto`.
fn resolve_inset(v: taffy::LengthPercentageAuto, basis: f32) -> Option<f32> {
    let raw = v.into_raw();
    if raw.is_calc() {
        return Some(crate::style::calc::resolve_layout_key(
            raw.calc_value(),
            basis,
        ));
    }
    match raw.tag() {
        taffy::CompactLength::LENGTH_TAG => Some(raw.value()),
        taffy::CompactLength::PERCENT_TAG => Some(raw.value() * basis),
        _ => None,
    }
}

/// Sets `id`'s absolute box to `rect`, damaging what changes on screen.
fn move_box(doc: &mut Document, id: NodeId, rect: Rect) {
    let old = doc.node(id).rect;
    if old == rect {
        return;
    }
    for r in box_damage(doc.node(id), old, rect) {
        doc.add_damage(r);
    }
    // The default focus ring is drawn outside the node's box: where it was and where it
    // goes need repainting too.
    if doc.focus_ring == Some(id) {
        doc.add_damage(crate::document::focus_ring_bounds(old));
        doc.add_damage(crate::document::focus_ring_bounds(rect));
    }
    let n = doc.node_mut(id);
    n.rect = rect;
    n.dirty.paint = true;
}

/// The rect of `display: contents` node `id`, which has no box of its own: the union of
/// its children's border boxes (for a `display: contents` child, this union in turn: so
/// the union of its box children's), so that queries and damage have something to go on.
/// When they cover no area, an empty rect at the first child's position, or with no
/// children at the content origin of its box parent.
fn contents_rect(doc: &Document, id: NodeId) -> Rect {
    let n = doc.node(id);
    let union = n
        .layout_children()
        .iter()
        .fold(Rect::default(), |r, &c| r.union(&doc.node(c).rect));
    if !union.is_empty() {
        return union;
    }
    let (x, y) = match n.layout_children().first() {
        Some(&c) => {
            let c = doc.node(c).rect;
            (c.x, c.y)
        }
        None => match doc.box_parent(id) {
            Some(p) => {
                let p = doc.node(p);
                let l = &p.final_layout;
                (
                    p.rect.x - p.scroll.0 + l.border.left + l.padding.left,
                    p.rect.y - p.scroll.1 + l.border.top + l.padding.top,
                )
            }
            None => (0.0, 0.0),
        },
    };
    Rect::new(x, y, 0.0, 0.0)
}

/// The area a node may paint by itself: its border box, and for text the glyph runs'
/// conservative bounds as the renderer computes them (an em of overhang either side,
/// 1.5 em above the baseline).
fn own_ink(n: &Node) -> Rect {
    if n.style.hidden {
        return Rect::default();
    }
    let mut ink = shadow_ink(n, n.rect);
    if let Some(t) = &n.text_layout {
        let size = t.font_size;
        let l = &n.final_layout;
        let (x, y) = (
            n.rect.x + l.border.left + l.padding.left,
            n.rect.y + l.border.top + l.padding.top,
        );
        for line in &t.lines {
            let (min_x, max_x) = line
                .glyphs
                .iter()
                .fold((f32::MAX, f32::MIN), |(lo, hi), g| {
                    (lo.min(g.x), hi.max(g.x))
                });
            if min_x > max_x {
                continue;
            }
            // One extra em all round: the bounds must contain the renderer's, never less.
            let r = Rect::new(
                x + min_x - 2.0 * size,
                y + line.baseline - 2.5 * size,
                max_x - min_x + 4.5 * size,
                4.25 * size,
            );
            ink = ink.union(&r);
            // `text-shadow`s: the glyphs again, offset and blurred (1.5 × blur, as above).
            for s in n.style.text.shadows.iter().flat_map(|l| l.iter()) {
                let grow = 1.5 * s.blur + 1.0;
                let (w, h) = (r.width + 2.0 * grow, r.height + 2.0 * grow);
                ink = ink.union(&Rect::new(r.x + s.x - grow, r.y + s.y - grow, w, h));
            }
        }
    }
    ink
}

/// `rect` grown by `n`'s outer box shadows when its box is `rect`: they reach past the
/// box by offset, spread and blur (CSS Backgrounds 3 §7.1); 1.5 × blur covers the
/// renderer's three box blurs of σ = blur / 2.
fn shadow_ink(n: &Node, rect: Rect) -> Rect {
    use crate::style::shadow::BoxShadow;
    let mut ink = rect;
    for s in n
        .style
        .box_shadow
        .iter()
        .flat_map(|l| l.iter())
        .filter(|s| !s.inset)
    {
        let grow = BoxShadow::px(s.spread) + 1.5 * BoxShadow::px(s.blur) + 2.0;
        let r = Rect::new(
            rect.x + BoxShadow::px(s.x) - grow,
            rect.y + BoxShadow::px(s.y) - grow,
            rect.width + 2.0 * grow,
            rect.height + 2.0 * grow,
        );
        if r.width > 0.0 && r.height > 0.0 && r.x.is_finite() && r.y.is_finite() {
            ink = ink.union(&r);
        }
    }
    ink
}

/// What `n`'s own decorations cover with its box at `rect` (shadows, transformed), or
/// `None` when it has no shadow, background image or transform: then its box is all it
/// paints, and [`box_damage`]'s finer strips apply.
fn decorated_box(n: &Node, rect: Rect) -> Option<Rect> {
    let s = &n.style;
    if s.box_shadow.is_none() && s.background_image.is_none() && s.transform.is_none() {
        return None;
    }
    let ink = shadow_ink(n, rect);
    Some(
        match crate::style::transform::box_matrix(s.transform.as_deref(), s.transform_origin, rect)
        {
            Some(m) => grown_transformed(&m, ink),
            None => ink,
        },
    )
}

/// `r` transformed by `m`, with the margin the renderer's resampled edges may reach:
/// a pixel of the layer (however scaled) and a pixel of the page.
fn grown_transformed(m: &[f32; 6], r: Rect) -> Rect {
    let local = Rect::new(r.x - 1.0, r.y - 1.0, r.width + 2.0, r.height + 2.0);
    let t = crate::style::transform::transform_rect(m, local);
    Rect::new(t.x - 1.0, t.y - 1.0, t.width + 2.0, t.height + 2.0)
}

/// A subtree's ink `ink` (its own and its descendants', in untransformed coordinates)
/// as it lands on the page under `n`'s transform (CSS Transforms 1 §6): the bounds of
/// the transformed rectangle, a pixel larger for the resampled edges.
/// Recomputes `node`'s ink after a change that moves no box (an animated `transform`
/// or `opacity`): its own ink and its children's, transformed, then grown up the
/// ancestors as [`place`] does. Does nothing before the first layout.
pub(crate) fn refresh_ink(doc: &mut Document, node: NodeId) {
    if !doc.ink_valid || doc.get(node).is_none() {
        return;
    }
    let n = doc.node(node);
    let mut ink = own_ink(n);
    let clips = n.style.overflow == crate::Overflow::Hidden && !n.is_contents();
    if !clips && !n.style.hidden {
        for &c in n.layout_children() {
            ink = ink.union(&doc.ink(c));
        }
    }
    let ink = transformed_ink(n, ink);
    doc.set_ink(node, ink);
    grow_ancestors_ink(doc, node, ink);
}

fn transformed_ink(n: &Node, ink: Rect) -> Rect {
    let s = &n.style;
    match crate::style::transform::box_matrix(s.transform.as_deref(), s.transform_origin, n.rect) {
        Some(m) if !ink.is_empty() => grown_transformed(&m, ink),
        _ => ink,
    }
}

/// How far `node`'s content can scroll: `(max_x, max_y)`, never negative. The page root
/// scrolls against the window (`viewport`), other nodes against their own box.
pub fn scroll_range(doc: &Document, node: NodeId, viewport: (f32, f32)) -> (f32, f32) {
    let Some(n) = doc.get(node) else {
        return (0.0, 0.0);
    };
    if node == doc.root() {
        return (
            (n.rect.width - viewport.0).max(0.0),
            (n.rect.height - viewport.1).max(0.0),
        );
    }
    content_scroll_max(&n.final_layout)
}

/// How far content overflowing a box of layout `l` can scroll.
fn content_scroll_max(l: &taffy::Layout) -> (f32, f32) {
    (
        (l.content_size.width - l.size.width).max(0.0),
        (l.content_size.height - l.size.height).max(0.0),
    )
}

/// Scrolls `node`'s content to `(x, y)` clamped to its [`scroll_range`]; returns the
/// offset it had before. The next layout moves the descendants.
pub fn scroll_to(
    doc: &mut Document,
    node: NodeId,
    to: (f32, f32),
    viewport: (f32, f32),
) -> (f32, f32) {
    let (max_x, max_y) = scroll_range(doc, node, viewport);
    let old = doc.get(node).map_or((0.0, 0.0), |n| n.scroll);
    doc.set_scroll(node, to.0.clamp(0.0, max_x), to.1.clamp(0.0, max_y));
    old
}

/// Scrolls `node`'s content by `(dx, dy)`, clamped like [`scroll_to`]; returns the
/// offset it had before.
pub fn scroll_by(
    doc: &mut Document,
    node: NodeId,
    by: (f32, f32),
    viewport: (f32, f32),
) -> (f32, f32) {
    let (x, y) = doc.get(node).map_or((0.0, 0.0), |n| n.scroll);
    scroll_to(doc, node, (x + by.0, y + by.1), viewport)
}
