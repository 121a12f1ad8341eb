//! Remote-control focus: which node has the focus, and where the D-pad moves it.
//!
//! A TV has no pointer: the user moves a focus between *focusable* nodes with the arrow
//! keys and activates it with Enter. The [`FocusManager`] keeps the focused node of a
//! laid-out [`Document`] (it reads each node's absolute [`Node::rect`]) and moves it
//! spatially ([`geometry`] has the scoring rules and their sources). The runtime owns the
//! rest: it styles the focused node, scrolls it into view with [`scroll_into_view`],
//! turns Enter into `tap` and sends key events to JS.
//!
//! ```
//! use mica_engine::focus::{Direction, FocusManager};
//! use mica_layout::{Document, Rect};
//! let mut doc = Document::new();
//! let mut buttons = Vec::new();
//! for i in 0..3 {
//!     let b = doc.create_element("button");
//!     doc.append_child(doc.root(), b);
//!     doc.node_mut(b).rect = Rect::new(i as f32 * 200.0, 0.0, 180.0, 80.0);
//!     buttons.push(b);
//! }
//! let no_taps = |_| false;
//! let mut focus = FocusManager::new();
//! assert_eq!(focus.initial_focus(&doc, &no_taps), Some(buttons[0]));
//! assert_eq!(focus.move_focus(&doc, Direction::Right, &no_taps), Some(buttons[1]));
//! assert_eq!(focus.move_focus(&doc, Direction::Up, &no_taps), None); // nothing above
//! assert_eq!(focus.focused(), Some(buttons[1]));
//! ```
//!
//! **Focusable** ([`is_focusable`]): `button`, `navigator`, the form controls (`input`,
//! `textarea`, `switch`, `checkbox`, `radio`, `slider`, `picker`), any element with a
//! `focusable` attribute other than `"false"`, and any element the caller's `has_tap`
//! predicate accepts (the view knows which nodes have a tap handler). `focusable="false"`
//! opts a node out. A node is skipped when it is `disabled` (any value but `"false"`),
//! has no area, is `display: none` or inside such a subtree, is not attached to the page,
//! or lies wholly outside a clipping (`overflow: hidden`) ancestor that is not a scroll
//! container — an off-screen swiper slide, say; content outside a `scroll-view` stays
//! reachable because the runtime scrolls it in.
//!
//! **Moving** ([`FocusManager::move_focus`]), in order:
//! 1. an explicit `focus-up` / `focus-down` / `focus-left` / `focus-right` attribute on
//!    the focused node, a selector such as `#search`, wins when it names a focusable
//!    node; the value `none` blocks the move;
//! 2. otherwise the best candidate by [`geometry`], searched first inside the nearest
//!    *focus container* holding the focused node, then the next one out, up to the page
//!    (as the CSS spatial navigation draft searches its spatial navigation containers);
//! 3. when that candidate lies in a focus container the focus is entering from outside,
//!    the container's last focused node is restored instead, if it is still focusable
//!    and in the pressed direction.
//!
//! **Focus containers** are `scroll-view` elements and elements with a `focus-group`
//! attribute (either opts out with `focus-group="false"`). They are where memory helps:
//! a horizontally scrolling row returns to the item the user left, as TV launchers do.
//! Plain rows of a grid or an on-screen keyboard are not containers, so moving between
//! them keeps the column.

use std::collections::HashMap;

use mica_layout::{select, Document, Node, NodeId, Overflow, Rect};

use crate::platform::Key;

pub mod geometry;

#[cfg(test)]
mod tests;

/// Tags that take the focus without a tap handler.
pub const FOCUSABLE_TAGS: &[&str] = &[
    "button",
    "navigator",
    "input",
    "textarea",
    "switch",
    "checkbox",
    "radio",
    "slider",
    "picker",
];

/// A direction of spatial navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Towards the top of the screen.
    Up,
    /// Towards the bottom.
    Down,
    /// Towards the left.
    Left,
    /// Towards the right.
    Right,
}

impl Direction {
    /// The direction an arrow key moves the focus; `None` for other keys.
    pub fn from_key(key: Key) -> Option<Direction> {
        match key {
            Key::Up => Some(Direction::Up),
            Key::Down => Some(Direction::Down),
            Key::Left => Some(Direction::Left),
            Key::Right => Some(Direction::Right),
            _ => None,
        }
    }

    /// The attribute that overrides geometry for this direction (`focus-up`, ...).
    pub fn override_attr(self) -> &'static str {
        match self {
            Direction::Up => "focus-up",
            Direction::Down => "focus-down",
            Direction::Left => "focus-left",
            Direction::Right => "focus-right",
        }
    }
}

/// True for a present attribute whose value is not `"false"` (`disabled`, `focusable`,
/// `default-focus`, `focus-group` are boolean attributes; `attr="{{false}}"` removes them).
fn flag(node: &Node, name: &str) -> Option<bool> {
    node.attr(name).map(|v| v.trim() != "false")
}

/// True when the node itself asks for the focus: a focusable tag, a `focusable`
/// attribute or a tap handler, and not disabled. Says nothing about visibility.
pub fn wants_focus(doc: &Document, id: NodeId, has_tap: &dyn Fn(NodeId) -> bool) -> bool {
    let Some(n) = doc.get(id) else {
        return false;
    };
    if !n.is_element() || flag(n, "disabled") == Some(true) {
        return false;
    }
    match flag(n, "focusable") {
        Some(f) => f,
        None => FOCUSABLE_TAGS.contains(&n.tag.as_str()) || has_tap(id),
    }
}

/// True when `id` is a `scroll-view`: its content moves under its box, so content outside
/// the box is still reachable. (Layout maps `overflow: scroll/auto` to `hidden` and keeps
/// no scroll offset yet, so `scroll-view` is the only scroll container.)
pub fn is_scroll_container(doc: &Document, id: NodeId) -> bool {
    doc.get(id).is_some_and(|n| n.tag == "scroll-view")
}

/// True when `id` is a focus container: a `scroll-view` or an element with a
/// `focus-group` attribute, unless `focus-group="false"`.
pub fn is_focus_container(doc: &Document, id: NodeId) -> bool {
    doc.get(id)
        .is_some_and(|n| flag(n, "focus-group").unwrap_or(n.tag == "scroll-view"))
}

/// The nearest scroll container (`scroll-view`) holding `id`; `None` means the page.
pub fn scroll_container(doc: &Document, id: NodeId) -> Option<NodeId> {
    doc.get(id)?;
    doc.ancestors(id).find(|&a| is_scroll_container(doc, a))
}

/// True when `id` is a live element on the page that the user can see (or scroll to) and
/// that takes the focus (see the module documentation for the rules).
pub fn is_focusable(doc: &Document, id: NodeId, has_tap: &dyn Fn(NodeId) -> bool) -> bool {
    if !wants_focus(doc, id, has_tap) {
        return false;
    }
    let n = doc.node(id);
    if n.style.hidden || n.rect.is_empty() {
        return false;
    }
    // Walk up: what must stay visible is the node, or from a scroll container on, the
    // scroll container itself.
    let mut subject = n.rect;
    let mut attached = id == doc.root();
    for a in doc.ancestors(id) {
        let Some(an) = doc.get(a) else {
            return false;
        };
        if an.style.hidden {
            return false;
        }
        if is_scroll_container(doc, a) {
            subject = an.rect;
        } else if an.style.overflow == Overflow::Hidden {
            subject = subject.intersect(&an.rect);
            if subject.is_empty() {
                return false;
            }
        }
        attached = a == doc.root();
    }
    attached
}

/// Every focusable node of the page, in document order.
pub fn focusable_nodes(doc: &Document, has_tap: &dyn Fn(NodeId) -> bool) -> Vec<NodeId> {
    doc.descendants(doc.root())
        .into_iter()
        .filter(|&id| is_focusable(doc, id, has_tap))
        .collect()
}

/// True when `node` is `ancestor` or lies inside it.
fn is_inside(doc: &Document, node: NodeId, ancestor: NodeId) -> bool {
    node == ancestor || doc.ancestors(node).any(|a| a == ancestor)
}

/// What the caller should scroll so a node is fully visible.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScrollIntoView {
    /// The scroll container to scroll; `None` means the page.
    pub container: Option<NodeId>,
    /// The rectangle to bring into view: the node's box grown by the margin.
    pub target: Rect,
    /// How far to scroll right (negative: left) so `target` fits, the least movement
    /// that shows it (`scrollIntoView({block: "nearest"})`); when `target` is larger than
    /// the view, its start edge is aligned.
    pub dx: f32,
    /// How far to scroll down (negative: up), likewise.
    pub dy: f32,
}

impl ScrollIntoView {
    /// True when the target is already visible.
    pub fn is_noop(&self) -> bool {
        self.dx == 0.0 && self.dy == 0.0
    }
}

/// What to scroll to reveal `node` with `margin` pixels around it: its nearest scroll
/// container (whose box is the view) or the page (whose view is `viewport`). Rectangles
/// are in the document's current coordinates, so the answer is right for whatever scroll
/// offsets layout has already applied. `None` when `node` is not live.
pub fn scroll_into_view(
    doc: &Document,
    node: NodeId,
    viewport: Rect,
    margin: f32,
) -> Option<ScrollIntoView> {
    let n = doc.get(node)?;
    let container = scroll_container(doc, node);
    let view = container.map_or(viewport, |c| doc.node(c).rect);
    let r = n.rect;
    let target = Rect::new(
        r.x - margin,
        r.y - margin,
        r.width + 2.0 * margin,
        r.height + 2.0 * margin,
    );
    Some(ScrollIntoView {
        container,
        target,
        dx: nearest_delta(view.x, view.width, target.x, target.width),
        dy: nearest_delta(view.y, view.height, target.y, target.height),
    })
}

/// The least scroll along one axis that shows `[t0, t0 + tlen)` in `[v0, v0 + vlen)`.
fn nearest_delta(v0: f32, vlen: f32, t0: f32, tlen: f32) -> f32 {
    if t0 < v0 || tlen > vlen {
        t0 - v0
    } else if t0 + tlen > v0 + vlen {
        t0 + tlen - (v0 + vlen)
    } else {
        0.0
    }
}

/// The focused node, with what identifies it if its id is reused and where it was.
#[derive(Clone, Debug)]
struct Focused {
    id: NodeId,
    tag: String,
    id_attr: Option<String>,
    rect: Rect,
}

/// The focus of one page: the focused node and, per focus container, the node focused
/// last inside it.
///
/// Call [`ensure_valid`](Self::ensure_valid) after every change to the document (patch,
/// layout): node ids are reused after removal, and the manager notices a removed or
/// hidden focus only then.
#[derive(Clone, Debug, Default)]
pub struct FocusManager {
    focused: Option<Focused>,
    memory: HashMap<NodeId, NodeId>,
    /// A node to focus as soon as it is focusable (see
    /// [`focus_when_visible`](Self::focus_when_visible)).
    pending: Option<NodeId>,
}

impl FocusManager {
    /// A manager with nothing focused.
    pub fn new() -> Self {
        Self::default()
    }

    /// The focused node, as last set or validated.
    pub fn focused(&self) -> Option<NodeId> {
        self.focused.as_ref().map(|f| f.id)
    }

    /// The node focused last inside focus container `container`, if remembered.
    pub fn remembered(&self, container: NodeId) -> Option<NodeId> {
        self.memory.get(&container).copied()
    }

    /// Drops the focus and all memory (a new page).
    pub fn clear(&mut self) {
        self.focused = None;
        self.memory.clear();
        self.pending = None;
    }

    /// Asks for `node` to take the focus as soon as it is focusable: a swiper page
    /// sliding in holds the node the focus follows into, off screen until the slide
    /// starts. Until then the focus stays where it is; the next
    /// [`ensure_valid`](Self::ensure_valid) (every frame) that finds `node` focusable
    /// moves it there. A removed node cancels the request, and so does any other focus
    /// change.
    pub fn focus_when_visible(&mut self, node: NodeId) {
        self.pending = Some(node);
    }

    /// Focuses `node` (a pointer tap, a JS request) if it is focusable; returns whether
    /// it now has the focus.
    pub fn focus(
        &mut self,
        doc: &Document,
        node: NodeId,
        has_tap: &dyn Fn(NodeId) -> bool,
    ) -> bool {
        if !is_focusable(doc, node, has_tap) {
            return false;
        }
        self.set(doc, node);
        true
    }

    /// Focuses the page's first node: the first focusable one (document order) with a
    /// `default-focus` attribute, else the first focusable one, which in normal flow is
    /// the top-left one. Absolutely positioned layouts should mark theirs with
    /// `default-focus`. `None` (and nothing focused) when the page has no focusable node.
    pub fn initial_focus(
        &mut self,
        doc: &Document,
        has_tap: &dyn Fn(NodeId) -> bool,
    ) -> Option<NodeId> {
        let all = focusable_nodes(doc, has_tap);
        let pick = all
            .iter()
            .copied()
            .find(|&id| flag(doc.node(id), "default-focus") == Some(true))
            .or_else(|| all.first().copied());
        match pick {
            Some(id) => self.set(doc, id),
            None => self.focused = None,
        }
        pick
    }

    /// Checks that the focused node still exists, is the same node and is focusable;
    /// if it is not, focuses the focusable node nearest to where it was (its last box);
    /// with nothing focused yet, the [initial focus](Self::initial_focus). Returns the
    /// focused node afterwards, `None` when the page has nothing focusable.
    pub fn ensure_valid(
        &mut self,
        doc: &Document,
        has_tap: &dyn Fn(NodeId) -> bool,
    ) -> Option<NodeId> {
        self.memory
            .retain(|&c, &mut m| doc.get(c).is_some() && doc.get(m).is_some());
        if let Some(p) = self.pending {
            if is_focusable(doc, p, has_tap) {
                self.set(doc, p);
                return Some(p);
            }
            if doc.get(p).is_none() {
                self.pending = None;
            }
        }
        let Some(f) = &mut self.focused else {
            return self.initial_focus(doc, has_tap);
        };
        let same = doc
            .get(f.id)
            .is_some_and(|n| n.tag == f.tag && n.id_attr() == f.id_attr.as_deref());
        if same && is_focusable(doc, f.id, has_tap) {
            f.rect = doc.node(f.id).rect;
            return Some(f.id);
        }
        // Nearest by the gap between the boxes (a neighbour that moved into the removed
        // node's place has none), then by centre distance, then document order.
        let last = f.rect;
        let nearest = focusable_nodes(doc, has_tap)
            .into_iter()
            .map(|id| {
                let r = doc.node(id).rect;
                (id, rect_gap(&last, &r), center_gap(&last, &r))
            })
            .fold(None::<(NodeId, f32, f32)>, |best, c| match best {
                Some(b) if (b.1, b.2) <= (c.1, c.2) => Some(b),
                _ => Some(c),
            });
        match nearest {
            Some((id, _, _)) => {
                self.set(doc, id);
                Some(id)
            }
            None => {
                self.focused = None;
                None
            }
        }
    }

    /// Moves the focus in `dir` (see the module documentation for the rules) and returns
    /// the newly focused node; `None` when the focus stays put (no candidate, or a `none`
    /// override). When nothing valid was focused, the key only brings the focus back
    /// ([`ensure_valid`](Self::ensure_valid)) and that node is returned.
    pub fn move_focus(
        &mut self,
        doc: &Document,
        dir: Direction,
        has_tap: &dyn Fn(NodeId) -> bool,
    ) -> Option<NodeId> {
        let before = self.focused();
        let cur = self.ensure_valid(doc, has_tap)?;
        if before != Some(cur) {
            return Some(cur);
        }
        let src = doc.node(cur).rect;

        if let Some(sel) = doc.node(cur).attr(dir.override_attr()) {
            if sel.trim() == "none" {
                return None;
            }
            match select(doc, sel) {
                Some(t) if t != cur && is_focusable(doc, t, has_tap) => {
                    self.set(doc, t);
                    return Some(t);
                }
                _ => log::debug!(
                    "{}=\"{sel}\" names no focusable node; moving by geometry",
                    dir.override_attr()
                ),
            }
        }

        let candidates: Vec<(NodeId, Rect)> = focusable_nodes(doc, has_tap)
            .into_iter()
            .filter(|&id| id != cur)
            .map(|id| (id, doc.node(id).rect))
            .collect();
        let scopes = doc
            .ancestors(cur)
            .filter(|&a| is_focus_container(doc, a) && a != doc.root())
            .chain(std::iter::once(doc.root()));
        let mut best = None;
        for scope in scopes {
            let inside = candidates
                .iter()
                .copied()
                .filter(|&(id, _)| is_inside(doc, id, scope));
            best = geometry::best(dir, &src, inside);
            if best.is_some() {
                break;
            }
        }
        let best = best?;
        let target = self
            .restore_on_entry(doc, cur, best, dir, has_tap)
            .unwrap_or(best);
        self.set(doc, target);
        Some(target)
    }

    /// When `best` lies in focus containers that do not hold `cur`, the remembered node of
    /// the outermost such container that still qualifies.
    fn restore_on_entry(
        &self,
        doc: &Document,
        cur: NodeId,
        best: NodeId,
        dir: Direction,
        has_tap: &dyn Fn(NodeId) -> bool,
    ) -> Option<NodeId> {
        let src = doc.node(cur).rect;
        let entered: Vec<NodeId> = doc
            .ancestors(best)
            .take_while(|&a| !is_inside(doc, cur, a))
            .filter(|&a| is_focus_container(doc, a))
            .collect();
        entered.into_iter().rev().find_map(|c| {
            let m = self.remembered(c)?;
            let ok = m != cur
                && is_inside(doc, m, c)
                && is_focusable(doc, m, has_tap)
                && geometry::is_candidate(dir, &src, &doc.node(m).rect);
            ok.then_some(m)
        })
    }

    /// Focuses `id` and remembers it in every focus container holding it.
    fn set(&mut self, doc: &Document, id: NodeId) {
        self.pending = None;
        let n = doc.node(id);
        self.focused = Some(Focused {
            id,
            tag: n.tag.clone(),
            id_attr: n.id_attr().map(str::to_string),
            rect: n.rect,
        });
        for a in doc.ancestors(id) {
            if is_focus_container(doc, a) {
                self.memory.insert(a, id);
            }
        }
    }
}

/// Distance between the closest points of two boxes (0 when they overlap).
fn rect_gap(a: &Rect, b: &Rect) -> f32 {
    let dx = (b.x - (a.x + a.width)).max(a.x - (b.x + b.width)).max(0.0);
    let dy = (b.y - (a.y + a.height))
        .max(a.y - (b.y + b.height))
        .max(0.0);
    dx.hypot(dy)
}

/// Distance between the centres of two boxes.
fn center_gap(a: &Rect, b: &Rect) -> f32 {
    let dx = (a.x + a.width / 2.0) - (b.x + b.width / 2.0);
    let dy = (a.y + a.height / 2.0) - (b.y + b.height / 2.0);
    dx.hypot(dy)
}
