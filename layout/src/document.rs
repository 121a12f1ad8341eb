//! The document: an arena of element and text nodes that the view thread builds from a
//! template, the cascade styles, taffy lays out (the document implements taffy's traits, so
//! there is no second tree) and the renderer paints.

use std::collections::{BTreeMap, BTreeSet};

use crate::boxes::BoxList;
use crate::style::computed::ComputedStyle;
use crate::style::selector::SelectorDeps;
use crate::text::TextLayout;

/// Index of a node in its [`Document`]. Stable for the node's lifetime; reused after removal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

impl NodeId {
    /// The arena slot of this node.
    pub fn index(self) -> usize {
        self.0 as usize
    }
    /// The node at arena slot `index` (no check that it is live).
    pub fn from_index(index: usize) -> Self {
        NodeId(u32::try_from(index).unwrap_or(u32::MAX))
    }
}

impl From<NodeId> for taffy::NodeId {
    fn from(id: NodeId) -> Self {
        taffy::NodeId::from(id.0 as usize)
    }
}

impl From<taffy::NodeId> for NodeId {
    fn from(id: taffy::NodeId) -> Self {
        NodeId::from_index(usize::from(id))
    }
}

/// What a node is.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// An element such as `view`, `text`, `image`.
    Element,
    /// A run of text; its style is inherited from the parent element.
    Text,
}

/// Which pipeline stages a node needs again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dirty {
    /// Selector matching and the cascade must run for this node.
    pub style: bool,
    /// The node's box (or text shaping) must be computed again.
    pub layout: bool,
    /// The node's pixels must be painted again.
    pub paint: bool,
}

/// An absolute rectangle in window pixels.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl Rect {
    /// A rectangle from its origin and size.
    pub fn new(x: f32, y: f32, width: f32, height: f32) -> Self {
        Rect {
            x,
            y,
            width,
            height,
        }
    }
    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        if self.is_empty() {
            return *other;
        }
        if other.is_empty() {
            return *self;
        }
        let x0 = self.x.min(other.x);
        let y0 = self.y.min(other.y);
        let x1 = (self.x + self.width).max(other.x + other.width);
        let y1 = (self.y + self.height).max(other.y + other.height);
        Rect::new(x0, y0, x1 - x0, y1 - y0)
    }
    /// The overlap of both, or an empty rectangle.
    pub fn intersect(&self, other: &Rect) -> Rect {
        let x0 = self.x.max(other.x);
        let y0 = self.y.max(other.y);
        let x1 = (self.x + self.width).min(other.x + other.width);
        let y1 = (self.y + self.height).min(other.y + other.height);
        if x1 <= x0 || y1 <= y0 {
            Rect::default()
        } else {
            Rect::new(x0, y0, x1 - x0, y1 - y0)
        }
    }
    /// True when the rectangle covers no area.
    pub fn is_empty(&self) -> bool {
        self.width <= 0.0 || self.height <= 0.0
    }
    /// True when the point lies inside.
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x && y >= self.y && x < self.x + self.width && y < self.y + self.height
    }
}

/// One node of the document.
#[derive(Debug)]
pub struct Node {
    /// Element or text.
    pub kind: NodeKind,
    /// Tag name for elements (`view`, `text`, ...); `#text` for text nodes.
    pub tag: String,
    /// Attributes as set by the view (`id`, `class`, `style`, `src`, `mode`, ...).
    pub attrs: BTreeMap<String, String>,
    /// Class names parsed from the `class` attribute.
    pub classes: Vec<String>,
    /// Classes the runtime adds for a state (the focused node's `focus-class` and the
    /// `:focus` marker [`FOCUS_STATE_CLASS`]); matched like `classes`, never in `class`.
    pub state_classes: Vec<String>,
    /// Classes a built-in component derives from its own attributes to show its state
    /// (`<button type="primary" disabled>` → `mica-button-primary mica-button-disabled`,
    /// see the engine's `components`); matched like `classes`, never in `class`.
    pub component_classes: Vec<String>,
    /// Scroll offset of this node's content (a `scroll-view`, or the page root), in px.
    pub scroll: (f32, f32),
    /// Text content of a text node.
    pub text: String,
    /// Parent node, `None` for the root and detached nodes.
    pub parent: Option<NodeId>,
    /// Children in document order.
    pub children: Vec<NodeId>,
    /// Result of the cascade.
    pub style: ComputedStyle,
    /// Intrinsic pixel size of replaced content (an image), set by the engine once decoded.
    pub intrinsic_size: Option<(f32, f32)>,
    /// Shaped lines of a text node, produced by layout.
    pub text_layout: Option<TextLayout>,
    /// Layout relative to the parent, before rounding (taffy's working copy).
    pub unrounded_layout: taffy::Layout,
    /// Layout relative to the parent, rounded to whole pixels.
    pub final_layout: taffy::Layout,
    /// Absolute border box in window pixels, filled after layout. A `display: contents`
    /// node has no box: this is the union of its children's, see
    /// [`ComputedStyle::display_contents`].
    pub rect: Rect,
    /// taffy's per-node measurement cache.
    pub cache: taffy::Cache,
    /// What must be recomputed.
    pub dirty: Dirty,
    /// The inputs and result of the last time the parent laid this node out for real
    /// (taffy's `PerformLayout`), so an incremental layout can redo exactly that call for
    /// a relayout boundary and check that the parent sees the same answer.
    pub(crate) last_layout: Option<(taffy::LayoutInput, taffy::LayoutOutput)>,
    /// Which kinds of size queries this node has answered (see `layout::Queried`); never
    /// cleared, because the answers may live on in ancestors' caches.
    pub(crate) queried: u8,
    /// The boxes layout and paint see in place of [`Node::children`] when they differ
    /// (see [`Node::layout_children`]); `None` when they are the children.
    pub(crate) boxes: Option<Box<BoxList>>,
    /// Cached answer of `layout`'s "every flex item of this container is rigid" scan;
    /// `None` when a child or the child list changed since.
    pub(crate) rigid_items: Option<bool>,
    /// The cached final layout was computed for real, not inside a size measurement, so
    /// the children's positions it implies were written (see `layout`).
    pub(crate) final_written: bool,
    /// The line fragments of a `display: inline` box laid out in a paragraph (see the
    /// `inline` module), one per line it spans, relative to its border box; empty for
    /// every other box.
    pub fragments: Vec<Fragment>,
    /// A text node laid out in a paragraph: its lines were placed there, relative to the
    /// paragraph's content box, which is this node's box (see the `inline` module).
    pub(crate) in_paragraph: bool,
    live: bool,
}

/// One line's piece of a `display: inline` box (CSS 2.1 §9.4.2: the box is split among
/// the lines it spans).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Fragment {
    /// The piece's border box, relative to the inline box's [`Node::rect`] origin: the
    /// content area of its font (CSS 2.1 §10.6.1), grown by vertical padding and borders.
    pub rect: Rect,
    /// The box starts on this line: its start edges (margin, border, padding) are here.
    pub first: bool,
    /// The box ends on this line: its end edges are here.
    pub last: bool,
}

impl Node {
    fn new(kind: NodeKind, tag: &str) -> Self {
        Node {
            kind,
            tag: tag.to_string(),
            attrs: BTreeMap::new(),
            classes: Vec::new(),
            state_classes: Vec::new(),
            component_classes: Vec::new(),
            scroll: (0.0, 0.0),
            text: String::new(),
            parent: None,
            children: Vec::new(),
            style: ComputedStyle::default(),
            intrinsic_size: None,
            text_layout: None,
            unrounded_layout: taffy::Layout::new(),
            final_layout: taffy::Layout::new(),
            rect: Rect::default(),
            cache: taffy::Cache::new(),
            dirty: Dirty {
                style: true,
                layout: true,
                paint: true,
            },
            last_layout: None,
            boxes: None,
            queried: 0,
            rigid_items: None,
            final_written: false,
            fragments: Vec::new(),
            in_paragraph: false,
            live: true,
        }
    }

    /// Every class selectors match: the `class` attribute's, then the state and the
    /// component classes.
    pub fn all_classes(&self) -> impl Iterator<Item = &String> {
        self.classes
            .iter()
            .chain(&self.state_classes)
            .chain(&self.component_classes)
    }

    /// The `id` attribute, if any.
    pub fn id_attr(&self) -> Option<&str> {
        self.attrs.get("id").map(String::as_str)
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    /// True for element nodes.
    pub fn is_element(&self) -> bool {
        self.kind == NodeKind::Element
    }

    /// True when the node is `display: contents`: it generates no box of its own, its
    /// children take its place (see [`Document::box_children`]).
    pub fn is_contents(&self) -> bool {
        self.style.display_contents
    }

    /// The children as layout and paint see them: the `::before` box, the children and
    /// the `::after` box (CSS Pseudo 4 §2.1), in `order`-modified document order for a
    /// flex container (CSS Flexbox 1 §5.4). Selectors, queries and patches see
    /// [`Node::children`] only.
    pub fn layout_children(&self) -> &[NodeId] {
        match &self.boxes {
            Some(b) => &b.list,
            None => &self.children,
        }
    }

    /// The `::before` (`after == false`) or `::after` box generated for this element.
    pub fn generated(&self, after: bool) -> Option<NodeId> {
        let b = self.boxes.as_ref()?;
        if after {
            b.after
        } else {
            b.before
        }
    }

    /// The box style layout uses: [`ComputedStyle::layout`].
    pub fn layout_style(&self) -> &taffy::Style {
        &self.style.layout
    }

    /// True for a `::before`/`::after` box (see [`Document::originating`]).
    pub fn is_generated(&self) -> bool {
        self.tag == BEFORE_TAG || self.tag == AFTER_TAG
    }
}

/// The tag of a `::before` box.
pub const BEFORE_TAG: &str = "::before";
/// The tag of an `::after` box.
pub const AFTER_TAG: &str = "::after";

/// Counters of work done since [`Document::take_stats`] was last called.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DocStats {
    /// Nodes created.
    pub nodes_created: u32,
    /// Nodes removed.
    pub nodes_removed: u32,
    /// Nodes whose style was recomputed.
    pub nodes_restyled: u32,
    /// Nodes whose layout was recomputed (cache misses).
    pub nodes_laid_out: u32,
}

/// The element arena. The root is a `page` element created with the document.
#[derive(Debug)]
pub struct Document {
    nodes: Vec<Node>,
    free: Vec<usize>,
    root: NodeId,
    /// Work counters, see [`DocStats`].
    pub stats: DocStats,
    /// Union of the old and new boxes of nodes changed since the last paint.
    pub damage: Option<Rect>,
    /// Viewport of the last restyle; a different one restyles everything (`rpx`).
    pub(crate) styled_viewport: Option<(f32, f32)>,
    /// The node the renderer draws the default focus ring around (set by the runtime
    /// when the focused node has no focus style of its own).
    pub focus_ring: Option<NodeId>,
    /// `scroll-into-view` requests: `(scroll container, id of the descendant to bring
    /// to the start of its view)`, resolved by the runtime after layout.
    pub scroll_requests: Vec<(NodeId, String)>,
    /// Nodes marked style-dirty since the last restyle (the cascade starts from these
    /// instead of walking the whole tree).
    pub(crate) style_roots: Vec<NodeId>,
    /// Nodes whose layout inputs changed since the last layout: their text, intrinsic
    /// size or children, or (for a node whose own box style changed) its parent.
    pub(crate) layout_roots: Vec<NodeId>,
    /// Nodes whose scroll offset changed: their descendants move without a relayout.
    pub(crate) scrolled: Vec<NodeId>,
    /// Live `image` elements (image modes and sizing visit only these).
    images: BTreeSet<NodeId>,
    /// Live `position: fixed` elements: layout and paint see them as the root's last
    /// children (see [`ComputedStyle::fixed`]).
    pub(crate) fixed: BTreeSet<NodeId>,
    /// An image was created or an `src` changed since [`Document::take_images_changed`].
    images_changed: bool,
    /// Per node: the area its subtree may paint (its box, text overhang, descendants not
    /// clipped away), in window px; filled by layout, read by the renderer to cull.
    ink: Vec<Rect>,
    /// `ink` is up to date for every node (layout ran and nothing moved a box by hand).
    pub(crate) ink_valid: bool,
    /// Lay out every block container with taffy's general block algorithm, even one
    /// with a single in-flow child (see `block_text`). For tests comparing the two.
    #[doc(hidden)]
    pub force_block_layout: bool,
    /// Some node was styled `display: contents` (never reset): until then layout hands
    /// taffy the child lists as they are, without looking for children to flatten.
    pub(crate) uses_contents: bool,
    /// What the stylesheet's selectors look at beyond tags, ids, classes and ancestors
    /// (set by each restyle): which changes restyle more than the changed node's subtree
    /// (see `style::selector::invalidation`).
    pub(crate) selector_deps: SelectorDeps,
    /// The running transitions and animations (see `style::animate`); empty, and never
    /// looked at, on a page without any.
    pub(crate) motion: crate::style::animate::Motion,
}

/// The class a `:focus` selector matches: the runtime puts it in the focused node's
/// [`Node::state_classes`]. It cannot be written as a class in a stylesheet.
pub const FOCUS_STATE_CLASS: &str = "\u{1}focus";

/// The class a `:host` selector matches. No node of a page has it, so a page's `:host`
/// rules match nothing; the engine rewrites them for a custom component's host element.
pub const HOST_CLASS: &str = ":host";

/// Width of the default focus ring, drawn outside the node's border box.
pub const FOCUS_RING_WIDTH: f32 = 4.0;

/// The area the default focus ring around a box of `r` covers.
pub fn focus_ring_bounds(r: Rect) -> Rect {
    let w = FOCUS_RING_WIDTH + 2.0;
    Rect::new(r.x - w, r.y - w, r.width + 2.0 * w, r.height + 2.0 * w)
}

impl Default for Document {
    fn default() -> Self {
        Self::new()
    }
}

impl Document {
    /// An empty document holding only its `page` root.
    pub fn new() -> Self {
        let mut doc = Document {
            nodes: Vec::new(),
            free: Vec::new(),
            root: NodeId(0),
            stats: DocStats::default(),
            damage: None,
            styled_viewport: None,
            focus_ring: None,
            scroll_requests: Vec::new(),
            style_roots: Vec::new(),
            layout_roots: Vec::new(),
            scrolled: Vec::new(),
            images: BTreeSet::new(),
            fixed: BTreeSet::new(),
            images_changed: false,
            ink: Vec::new(),
            ink_valid: false,
            force_block_layout: false,
            uses_contents: false,
            selector_deps: SelectorDeps::default(),
            motion: Default::default(),
        };
        doc.root = doc.alloc(Node::new(NodeKind::Element, "page"));
        doc.style_roots.push(doc.root);
        doc.layout_roots.push(doc.root);
        doc
    }

    fn alloc(&mut self, node: Node) -> NodeId {
        self.stats.nodes_created += 1;
        let image = node.kind == NodeKind::Element && node.tag == "image";
        let id = if let Some(i) = self.free.pop() {
            self.nodes[i] = node;
            self.ink[i] = Rect::default();
            NodeId::from_index(i)
        } else {
            self.nodes.push(node);
            self.ink.push(Rect::default());
            NodeId::from_index(self.nodes.len() - 1)
        };
        if image {
            self.images.insert(id);
            self.images_changed = true;
        }
        id
    }

    /// The live `image` elements, attached or not.
    pub fn images(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.images.iter().copied()
    }

    /// True (once) when an image element was created or an `src` attribute changed since
    /// the last call: the runtime reads intrinsic sizes only then.
    pub fn take_images_changed(&mut self) -> bool {
        std::mem::take(&mut self.images_changed)
    }

    /// The area `node`'s subtree may paint, from the last layout (see [`Document::ink_valid`]).
    pub fn ink(&self, node: NodeId) -> Rect {
        self.ink.get(node.index()).copied().unwrap_or_default()
    }

    /// True when [`Document::ink`] is up to date for every node: layout ran since the
    /// document was created. A renderer may then skip subtrees outside the damage.
    pub fn ink_valid(&self) -> bool {
        self.ink_valid
    }

    pub(crate) fn set_ink(&mut self, node: NodeId, r: Rect) {
        self.ink[node.index()] = r;
    }

    /// Sets the state classes of `node` (see [`Node::state_classes`]); restyles its
    /// subtree when they change (descendant selectors such as `.tile-focused .title`).
    pub fn set_state_classes(&mut self, node: NodeId, classes: Vec<String>) {
        self.set_extra_classes(node, classes, |n| &mut n.state_classes);
    }

    /// Sets the component classes of `node` (see [`Node::component_classes`]); restyles
    /// its subtree when they change.
    pub fn set_component_classes(&mut self, node: NodeId, classes: Vec<String>) {
        self.set_extra_classes(node, classes, |n| &mut n.component_classes);
    }

    /// Replaces one of a node's class lists besides `class`; restyles its subtree (and
    /// damages it) only when the list changed.
    fn set_extra_classes(
        &mut self,
        node: NodeId,
        classes: Vec<String>,
        list: fn(&mut Node) -> &mut Vec<String>,
    ) {
        let Some(n) = self.nodes.get_mut(node.index()).filter(|n| n.live) else {
            return;
        };
        let slot = list(n);
        if *slot == classes {
            return;
        }
        *slot = classes;
        self.mark_subtree_style_dirty(node);
        self.sibling_inputs_changed(node);
        self.add_damage_of(node);
    }

    /// Scrolls `node`'s content to `(x, y)` (the caller clamps, see
    /// [`crate::scroll_range`]); the next layout moves the descendants and damages the
    /// node's box.
    pub fn set_scroll(&mut self, node: NodeId, x: f32, y: f32) {
        let Some(n) = self.get(node) else { return };
        if n.scroll == (x, y) {
            return;
        }
        self.node_mut(node).scroll = (x, y);
        self.scrolled.push(node);
        self.add_damage_of(node);
    }

    /// Draws the default focus ring around `node` (or none); damages both rings.
    pub fn set_focus_ring(&mut self, node: Option<NodeId>) {
        if self.focus_ring == node {
            return;
        }
        for n in [self.focus_ring, node].into_iter().flatten() {
            if let Some(r) = self.get(n).map(|n| n.rect) {
                self.add_damage(focus_ring_bounds(r));
            }
        }
        self.focus_ring = node;
    }

    /// The root (`page`) node.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// The node with this id. Panics on an id that never existed (a programming error).
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// Mutable access to a node. Callers changing style inputs must mark it dirty.
    pub fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id.index()]
    }

    /// The node, if `id` names a live node.
    pub fn get(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index()).filter(|n| n.live)
    }

    /// Number of arena slots (live and free); node ids are below this.
    pub fn capacity(&self) -> usize {
        self.nodes.len()
    }

    /// Number of live nodes.
    pub fn len(&self) -> usize {
        self.nodes.len() - self.free.len()
    }

    /// True when only the root exists.
    pub fn is_empty(&self) -> bool {
        self.len() <= 1
    }

    /// A new detached element.
    pub fn create_element(&mut self, tag: &str) -> NodeId {
        self.alloc(Node::new(NodeKind::Element, tag))
    }

    /// A new detached text node.
    pub fn create_text(&mut self, text: &str) -> NodeId {
        let mut n = Node::new(NodeKind::Text, "#text");
        n.text = text.to_string();
        self.alloc(n)
    }

    /// Appends `child` as the last child of `parent`.
    pub fn append_child(&mut self, parent: NodeId, child: NodeId) {
        self.insert_before(parent, child, None);
    }

    /// Inserts `child` into `parent` before `before` (or last when `None` or not a child).
    pub fn insert_before(&mut self, parent: NodeId, child: NodeId, before: Option<NodeId>) {
        self.detach(child);
        let pos = before
            .and_then(|b| {
                self.nodes[parent.index()]
                    .children
                    .iter()
                    .position(|c| *c == b)
            })
            .unwrap_or(self.nodes[parent.index()].children.len());
        self.nodes[parent.index()].children.insert(pos, child);
        self.nodes[child.index()].parent = Some(parent);
        let c = &self.nodes[child.index()].style;
        if self.nodes[parent.index()].boxes.is_some() || c.order != 0 || c.fixed {
            self.update_box_list(parent);
        }
        self.mark_subtree_style_dirty(child);
        self.mark_layout_dirty(parent);
        self.child_list_changed(parent, pos, child, true);
    }

    /// Takes `node` out of its parent without freeing it.
    pub fn detach(&mut self, node: NodeId) {
        if let Some(p) = self.nodes[node.index()].parent.take() {
            self.add_damage_of(node);
            let siblings = &mut self.nodes[p.index()].children;
            let at = siblings.iter().position(|c| *c == node);
            siblings.retain(|c| *c != node);
            if self.nodes[p.index()].boxes.is_some() {
                self.update_box_list(p);
            }
            self.mark_layout_dirty(p);
            if let Some(at) = at {
                self.child_list_changed(p, at, node, false);
            }
        }
    }

    /// Detaches `node` and frees it with its whole subtree.
    pub fn remove(&mut self, node: NodeId) {
        if node == self.root {
            return;
        }
        self.detach(node);
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            let slot = &mut self.nodes[n.index()];
            if !slot.live {
                continue;
            }
            stack.append(&mut slot.children);
            if let Some(b) = slot.boxes.take() {
                stack.extend(b.before);
                stack.extend(b.after);
            }
            slot.last_layout = None;
            slot.live = false;
            slot.parent = None;
            slot.text_layout = None;
            slot.attrs.clear();
            slot.classes.clear();
            self.images.remove(&n);
            self.fixed.remove(&n);
            self.motion.forget(n);
            self.free.push(n.index());
            self.stats.nodes_removed += 1;
        }
    }

    /// Removes every child of `node`.
    pub fn clear_children(&mut self, node: NodeId) {
        let children = self.nodes[node.index()].children.clone();
        for c in children {
            self.remove(c);
        }
    }

    /// Sets an attribute; `class`, `id` and `style` changes mark the node style-dirty.
    pub fn set_attr(&mut self, node: NodeId, name: &str, value: &str) {
        let n = &mut self.nodes[node.index()];
        if n.attrs.get(name).map(String::as_str) == Some(value) {
            return;
        }
        n.attrs.insert(name.to_string(), value.to_string());
        if name == "class" {
            n.classes = value.split_ascii_whitespace().map(str::to_string).collect();
        }
        self.attr_changed(node, name);
    }

    /// Removes an attribute.
    pub fn remove_attr(&mut self, node: NodeId, name: &str) {
        let n = &mut self.nodes[node.index()];
        if n.attrs.remove(name).is_none() {
            return;
        }
        if name == "class" {
            n.classes.clear();
        }
        self.attr_changed(node, name);
    }

    fn attr_changed(&mut self, node: NodeId, name: &str) {
        let selected = matches!(name, "class" | "id") || self.selects_attr(name);
        // Generated content may show any attribute (`content: attr(x)`).
        let generates = self.nodes[node.index()]
            .boxes
            .as_ref()
            .is_some_and(|b| b.before.is_some() || b.after.is_some());
        if generates && !selected {
            self.nodes[node.index()].dirty.style = true;
            self.style_roots.push(node);
        }
        match name {
            "style" | "hidden" => {
                self.nodes[node.index()].dirty.style = true;
                self.mark_subtree_style_dirty(node);
            }
            "src" | "mode" => {
                if name == "src" {
                    self.images_changed = true;
                }
                self.mark_layout_dirty(node);
                self.mark_paint_dirty(node);
            }
            _ if !selected => self.mark_paint_dirty(node),
            _ => {}
        }
        if selected {
            // Selectors may match descendants (and, with `+`/`~`, following siblings)
            // through these: `class`, `id`, and attributes attribute selectors test.
            self.mark_subtree_style_dirty(node);
            self.sibling_inputs_changed(node);
        }
    }

    /// Replaces a text node's content.
    pub fn set_text(&mut self, node: NodeId, text: &str) {
        if self.nodes[node.index()].text == text {
            return;
        }
        let old = std::mem::replace(&mut self.nodes[node.index()].text, text.to_string());
        self.nodes[node.index()].text_layout = None;
        self.mark_layout_dirty(node);
        self.mark_paint_dirty(node);
        self.text_changed(node, &old);
    }

    /// Sets the decoded size of an image node.
    pub fn set_intrinsic_size(&mut self, node: NodeId, size: Option<(f32, f32)>) {
        if self.nodes[node.index()].intrinsic_size != size {
            self.nodes[node.index()].intrinsic_size = size;
            self.mark_layout_dirty(node);
            self.mark_paint_dirty(node);
        }
    }

    /// Marks `node` and all its descendants for the cascade (and so layout and paint).
    pub fn mark_subtree_style_dirty(&mut self, node: NodeId) {
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            self.nodes[n.index()].dirty.style = true;
            stack.extend(self.nodes[n.index()].children.iter().copied());
        }
        self.style_roots.push(node);
        self.mark_layout_dirty(node);
        self.mark_paint_dirty(node);
    }

    /// Records that what `node` contains changed (its text, intrinsic size, children, or
    /// anything that may change how it lays out): the next layout recomputes it and
    /// whatever depends on it, up to the nearest relayout boundary (see
    /// [`compute_layout`](crate::compute_layout)). Its style did not change, or the
    /// restyle reports that separately.
    pub fn mark_layout_dirty(&mut self, node: NodeId) {
        let slot = &mut self.nodes[node.index()];
        slot.cache.clear();
        slot.dirty.layout = true;
        // A child may have changed its box: the parent's flex items are checked again.
        slot.rigid_items = None;
        // Through `display: contents` ancestors: their children are the box parent's items.
        let mut cur = slot.parent;
        while let Some(p) = cur {
            let parent = &mut self.nodes[p.index()];
            parent.rigid_items = None;
            cur = parent.parent.filter(|_| parent.is_contents());
        }
        self.layout_roots.push(node);
    }

    /// Records that `node`'s own box style changed: its parent reads that style, so the
    /// parent's layout is what changed (the node's own cache is cleared too).
    pub(crate) fn mark_box_changed(&mut self, node: NodeId) {
        match self.nodes[node.index()].parent {
            Some(p) => {
                let slot = &mut self.nodes[node.index()];
                slot.cache.clear();
                slot.dirty.layout = true;
                slot.rigid_items = None;
                self.mark_layout_dirty(p);
            }
            None => self.mark_layout_dirty(node),
        }
    }

    /// Records the node's current box as damaged and flags it for repaint.
    pub fn mark_paint_dirty(&mut self, node: NodeId) {
        self.nodes[node.index()].dirty.paint = true;
        self.add_damage_of(node);
    }

    /// Adds a node's current absolute box (including its visual overflow) to the damage.
    pub fn add_damage_of(&mut self, node: NodeId) {
        // Before the first layout nothing was painted from this document's boxes (and
        // the first frame is painted whole): walking subtrees would be wasted.
        if !self.ink_valid {
            return;
        }
        let mut r = self.subtree_bounds(node);
        // Shadows and transforms paint outside the boxes; the ink says where. (Only for
        // them: a node just created or moved may not have its ink yet.)
        let s = &self.nodes[node.index()].style;
        if s.box_shadow.is_some() || s.transform.is_some() {
            r = r.union(&self.ink(node));
        }
        self.add_damage(r);
    }

    /// Adds a rectangle to the damage.
    pub fn add_damage(&mut self, r: Rect) {
        if r.is_empty() {
            return;
        }
        self.damage = Some(match self.damage {
            Some(d) => d.union(&r),
            None => r,
        });
    }

    /// The union of the boxes of `node` and its descendants (their last laid-out positions).
    pub fn subtree_bounds(&self, node: NodeId) -> Rect {
        let mut r = Rect::default();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            let slot = &self.nodes[n.index()];
            r = r.union(&slot.rect);
            // The DOM children (with any `position: fixed` one, laid out by the root)
            // and the generated boxes.
            stack.extend(slot.children.iter().copied());
            stack.extend(slot.generated(false));
            stack.extend(slot.generated(true));
        }
        r
    }

    /// Takes the damage accumulated since the last call.
    pub fn take_damage(&mut self) -> Option<Rect> {
        self.damage.take()
    }

    /// Returns and resets the work counters.
    pub fn take_stats(&mut self) -> DocStats {
        std::mem::take(&mut self.stats)
    }

    /// Ids of all live nodes in document (pre-)order from `from`.
    pub fn descendants(&self, from: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            out.push(n);
            for c in self.nodes[n.index()].children.iter().rev() {
                stack.push(*c);
            }
        }
        out
    }

    /// The children that take part in `node`'s layout (CSS Display 3 §2.5): its
    /// [layout children](Node::layout_children), each `display: contents` child replaced
    /// by its own box children, recursively. This is the child list taffy sees.
    pub fn box_children(&self, node: NodeId) -> BoxChildren<'_> {
        BoxChildren {
            doc: self,
            top: self.nodes[node.index()].layout_children().iter(),
            nested: Vec::new(),
        }
    }

    /// The nearest ancestor of `node` that generates a box (is not `display: contents`):
    /// the node that lays `node` out.
    pub fn box_parent(&self, node: NodeId) -> Option<NodeId> {
        self.ancestors(node)
            .find(|&a| !self.nodes[a.index()].is_contents())
    }

    /// Ancestors of `node`, nearest first.
    pub fn ancestors(&self, node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.nodes[node.index()].parent, move |p| {
            self.nodes[p.index()].parent
        })
    }
}

/// The box children of a node, see [`Document::box_children`].
#[derive(Debug)]
pub struct BoxChildren<'a> {
    doc: &'a Document,
    top: std::slice::Iter<'a, NodeId>,
    /// The children of the `display: contents` nodes being walked, innermost last.
    nested: Vec<std::slice::Iter<'a, NodeId>>,
}

impl Iterator for BoxChildren<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        loop {
            let next = match self.nested.last_mut() {
                Some(inner) => match inner.next() {
                    Some(&c) => c,
                    None => {
                        self.nested.pop();
                        continue;
                    }
                },
                None => *self.top.next()?,
            };
            let n = &self.doc.nodes[next.index()];
            if n.is_contents() {
                self.nested.push(n.layout_children().iter());
            } else {
                return Some(next);
            }
        }
    }
}
