//! `swiper` behaviour on the view thread: page changes by key, by drag and by autoplay,
//! their animation on the runtime's clock ([`Runtime::advance`]), and the `change` and
//! `animationfinish` events.
//!
//! The document side ([`crate::components::swiper`]) places the items for a position;
//! this module decides the position over time. Per swiper on the page on top it keeps a
//! [`SwiperRun`]: the page last reported (`current`), the position shown, a running
//! animation and the next autoplay step. A run is created the first time the runtime
//! meets the swiper (a tick, a key, a drag) and marked with a private attribute, so a
//! new swiper that reuses a removed one's node id starts afresh.
//!
//! - **Keys** (Left/Right, or Up/Down for `vertical`), when the swiper or a node inside
//!   it has the focus: if the focus would leave the current item, the swiper changes
//!   page instead (at the ends it lets the focus leave, unless `circular`), and the
//!   focus goes to the node at the same place in the new item once that is on screen.
//!   Such a change is a user's, so `detail.source` is `touch`.
//! - **Drags** along the swiper's axis move the pages with the pointer; on release the
//!   swiper settles on the nearest page in the drag's direction once it moved more than
//!   [`SWIPE_THRESHOLD`] of a page (`touch`).
//! - **Autoplay** steps every `interval` (`autoplay`); at the last page it wraps
//!   (circular) or goes back to the first. A user's change restarts the interval.
//! - **`current` set by the page** (`setData`): the document shows the new page at once;
//!   the next tick (or key, or drag) reports it with `source: ""`.
//!
//! `change` fires when a change starts (`{current, currentItemId, source}`),
//! `animationfinish` when the movement ends (same detail).

use std::collections::HashMap;
use std::time::Duration;

use mica_layout::{Document, NodeId};
use serde_json::json;

use super::Runtime;
use crate::components::swiper::{self, Easing, SwiperProps};
use crate::components::ComponentEvent;
use crate::focus::{self, Direction};
use crate::platform::Key;
use crate::EngineError;

/// Fraction of a page a drag must cover to change page.
pub const SWIPE_THRESHOLD: f32 = 0.15;

/// The private attribute naming a swiper's run.
const RUN_ATTR: &str = "mica-swiper";

/// A page animation.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Anim {
    from: f32,
    to: f32,
    start: Duration,
    length: Duration,
    easing: Easing,
    source: &'static str,
}

/// What the runtime keeps about one swiper.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct SwiperRun {
    serial: String,
    /// The page last reported (or shown at start).
    current: usize,
    /// The position shown, unwrapped (a circular swiper passing its end goes past `n`).
    pos: f32,
    anim: Option<Anim>,
    next_autoplay: Option<Duration>,
    /// The position when the drag started.
    drag_from: Option<f32>,
}

impl SwiperRun {
    /// Where the swiper is heading: the animation's end, else the position.
    fn destination(&self) -> f32 {
        self.anim.map_or(self.pos, |a| a.to)
    }
}

/// The runs of the swipers of every page, by page and node.
#[derive(Debug, Default)]
pub(super) struct Swipers {
    runs: HashMap<(u32, NodeId), SwiperRun>,
    serials: u64,
}

/// The swipers of the page (live, attached elements), found by a walk of the node
/// arena: no tree walk, no allocation but the result.
fn page_swipers(doc: &Document) -> Vec<NodeId> {
    (0..doc.capacity())
        .map(NodeId::from_index)
        .filter(|&id| {
            doc.get(id)
                .is_some_and(|n| n.is_element() && n.tag == "swiper")
                && doc.ancestors(id).last() == Some(doc.root())
        })
        .collect()
}

/// The events of a change or a finished movement.
fn event(
    doc: &Document,
    swiper: NodeId,
    props: &SwiperProps,
    kind: &'static str,
    current: usize,
    source: &str,
) -> ComponentEvent {
    let item_id = props
        .items
        .get(current)
        .and_then(|i| doc.node(*i).attr("item-id"))
        .unwrap_or("");
    ComponentEvent {
        target: swiper,
        event: kind,
        detail: json!({ "current": current, "currentItemId": item_id, "source": source }),
    }
}

impl Swipers {
    /// The run of `swiper` on page `page_id`, created (and the node marked) if needed.
    fn run(
        &mut self,
        page_id: u32,
        doc: &mut Document,
        swiper: NodeId,
        props: &SwiperProps,
    ) -> &mut SwiperRun {
        let mark = doc.node(swiper).attr(RUN_ATTR).map(str::to_string);
        let key = (page_id, swiper);
        let known = self
            .runs
            .get(&key)
            .is_some_and(|r| Some(&r.serial) == mark.as_ref());
        let mut serial = String::new();
        if !known {
            self.serials += 1;
            serial = self.serials.to_string();
            doc.set_attr(swiper, RUN_ATTR, &serial);
            self.runs.remove(&key);
        }
        self.runs.entry(key).or_insert_with(|| SwiperRun {
            serial,
            current: props.current,
            pos: props.current as f32,
            anim: None,
            next_autoplay: None,
            drag_from: None,
        })
    }

    /// The earliest time something is due on page `page_id` (an animation's end or an
    /// autoplay step), and whether an animation runs.
    pub(super) fn next_due(&self, page_id: u32) -> (Option<Duration>, bool) {
        let mut due: Option<Duration> = None;
        let mut animating = false;
        for ((p, _), r) in &self.runs {
            if *p != page_id {
                continue;
            }
            let times = [r.anim.map(|a| a.start + a.length), r.next_autoplay];
            for t in times.into_iter().flatten() {
                due = Some(due.map_or(t, |d| d.min(t)));
            }
            animating |= r.anim.is_some();
        }
        (due, animating)
    }

    /// Forgets the runs of pages that are gone.
    pub(super) fn retain_pages(&mut self, live: &[u32]) {
        self.runs.retain(|(p, _), _| live.contains(p));
    }
}

/// Starts a page change of `swiper` to the unwrapped position `to` (see the module
/// documentation); returns the events.
fn go_to(
    doc: &mut Document,
    swiper: NodeId,
    props: &SwiperProps,
    run: &mut SwiperRun,
    to: f32,
    source: &'static str,
    now: Duration,
) -> Vec<ComponentEvent> {
    let n = props.len();
    if n == 0 {
        return Vec::new();
    }
    let current = props.index_at(to);
    let mut events = Vec::new();
    if current == run.current && (run.pos - to).abs() < f32::EPSILON {
        // Already there (a drag held at the edge): nothing moves, nothing fires.
        run.anim = None;
        return events;
    }
    if current != run.current {
        doc.set_attr(swiper, "current", &current.to_string());
        if doc.node(swiper).attr("current-item-id").is_some() {
            let id = props
                .items
                .get(current)
                .and_then(|i| doc.node(*i).attr("item-id"))
                .unwrap_or("")
                .to_string();
            doc.set_attr(swiper, "current-item-id", &id);
        }
        run.current = current;
        let shown = SwiperProps {
            current,
            ..props.clone()
        };
        swiper::sync_dots(doc, swiper, &shown);
        events.push(event(doc, swiper, props, "change", current, source));
    }
    if props.duration_ms <= 0.0 || (run.pos - to).abs() < f32::EPSILON {
        run.anim = None;
        run.pos = current as f32;
        swiper::place(doc, swiper, props, run.pos);
        events.push(event(
            doc,
            swiper,
            props,
            "animationfinish",
            current,
            source,
        ));
    } else {
        run.anim = Some(Anim {
            from: run.pos,
            to,
            start: now,
            length: Duration::from_secs_f64(props.duration_ms / 1000.0),
            easing: props.easing,
            source,
        });
    }
    events
}

/// Takes in a `current` the page set (or that items going away clamped): the document
/// already shows it; the change is reported with `source: ""`.
fn reconcile(
    doc: &mut Document,
    swiper: NodeId,
    props: &SwiperProps,
    run: &mut SwiperRun,
) -> Vec<ComponentEvent> {
    if props.is_empty() || props.current == run.current || run.drag_from.is_some() {
        return Vec::new();
    }
    run.anim = None;
    run.current = props.current;
    run.pos = props.current as f32;
    run.next_autoplay = None;
    swiper::place(doc, swiper, props, run.pos);
    vec![event(doc, swiper, props, "change", run.current, "")]
}

/// One tick of a swiper at time `now`: reports a `current` the page changed, moves a
/// running animation (finishing it when due), and takes a due autoplay step.
fn tick(
    doc: &mut Document,
    swiper: NodeId,
    run: &mut SwiperRun,
    now: Duration,
) -> Vec<ComponentEvent> {
    let props = SwiperProps::read(doc, swiper);
    let n = props.len();
    let mut events = Vec::new();
    if n == 0 {
        run.anim = None;
        run.next_autoplay = None;
        return events;
    }
    events.extend(reconcile(doc, swiper, &props, run));
    if let Some(a) = run.anim {
        let elapsed = now.saturating_sub(a.start);
        if elapsed >= a.length {
            run.anim = None;
            run.pos = props.index_at(a.to) as f32;
            swiper::place(doc, swiper, &props, run.pos);
            events.push(event(
                doc,
                swiper,
                &props,
                "animationfinish",
                run.current,
                a.source,
            ));
        } else {
            let t = elapsed.as_secs_f32() / a.length.as_secs_f32();
            run.pos = a.from + (a.to - a.from) * a.easing.apply(t);
            swiper::place(doc, swiper, &props, run.pos);
        }
    }
    if !props.autoplay || n < 2 || run.drag_from.is_some() {
        run.next_autoplay = None;
        return events;
    }
    let interval = Duration::from_secs_f64(props.interval_ms / 1000.0);
    match run.next_autoplay {
        Some(due) if now >= due => {
            let base = run.destination().round();
            let next = if props.circular || (base as usize) + 1 < n {
                base + 1.0
            } else {
                0.0
            };
            events.extend(go_to(doc, swiper, &props, run, next, "autoplay", now));
            run.next_autoplay = Some(now + interval);
        }
        Some(_) => {}
        None => run.next_autoplay = Some(now + interval),
    }
    events
}

impl Runtime {
    /// Ticks every swiper of the page on top at the clock's time; queues their events.
    pub(super) fn tick_swipers(&mut self) {
        let now = self.controls.now;
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        let page_id = page.id;
        let doc = &mut page.doc;
        let found = page_swipers(doc);
        let runs = &mut self.controls.swipers;
        runs.runs
            .retain(|(p, n), _| *p != page_id || found.contains(n));
        let mut events = Vec::new();
        for s in found {
            let props = SwiperProps::read(doc, s);
            let run = runs.run(page_id, doc, s, &props);
            events.extend(tick(doc, s, run, now));
        }
        self.send_component_events(events);
    }

    /// The swiper whose page a key on the focused node may change, with the item on the
    /// path (`None` when the swiper itself is focused).
    fn key_swiper(&self) -> Option<(NodeId, Option<NodeId>)> {
        let page = self.pages.top()?;
        let doc = &page.doc;
        let focused = page.focus.focused()?;
        let mut below = None;
        for n in std::iter::once(focused).chain(doc.ancestors(focused)) {
            if doc.node(n).tag == "swiper" {
                return Some((n, below));
            }
            below = Some(n);
        }
        None
    }

    /// An arrow key for a focused swiper (see the module documentation); true when it
    /// changed the page (its events were sent and the app settled).
    pub(super) fn swiper_key(&mut self, key: Key) -> Result<bool, EngineError> {
        let Some((s, item)) = self.key_swiper() else {
            return Ok(false);
        };
        let Some(dir) = Direction::from_key(key) else {
            return Ok(false);
        };
        let now = self.controls.now;
        let Some(page) = self.pages.top_mut() else {
            return Ok(false);
        };
        let page_id = page.id;
        let props = SwiperProps::read(&page.doc, s);
        let step = match (props.vertical, dir) {
            (false, Direction::Left) | (true, Direction::Up) => -1.0,
            (false, Direction::Right) | (true, Direction::Down) => 1.0,
            _ => return Ok(false),
        };
        if props.len() < 2 {
            return Ok(false);
        }
        // A move that stays inside the item is the focus's.
        let focused = page.focus.focused();
        if let (Some(item), Some(view)) = (item, page.view.as_ref()) {
            let has_tap = |n: NodeId| view.handlers(n, "tap").next().is_some();
            let mut probe = page.focus.clone();
            let lands = probe.move_focus(&page.doc, dir, &has_tap);
            if lands.is_some_and(|t| t == item || page.doc.ancestors(t).any(|a| a == item)) {
                return Ok(false);
            }
        }
        let doc = &mut page.doc;
        let run = self.controls.swipers.run(page_id, doc, s, &props);
        let mut events = reconcile(doc, s, &props, run);
        let base = run.destination().round();
        let to = base + step;
        let n = props.len() as f32;
        if !props.circular && (to < 0.0 || to > n - 1.0) {
            self.send_component_events(events);
            return Ok(false);
        }
        events.extend(go_to(doc, s, &props, run, to, "touch", now));
        run.next_autoplay = None;
        // The focus follows into the new item, to the node where it was in the old one.
        if let (Some(old_item), Some(f), Some(view)) = (item, focused, page.view.as_ref()) {
            let new_item = props.items.get(props.index_at(to)).copied();
            let has_tap = |n: NodeId| view.handlers(n, "tap").next().is_some();
            if let Some(t) = new_item.and_then(|ni| counterpart(doc, old_item, ni, f, &has_tap)) {
                page.focus.focus_when_visible(t);
            }
        }
        self.send_component_events(events);
        self.render_frame()?;
        self.settle()?;
        Ok(true)
    }

    /// The swiper a drag starting at `(x, y)` moving by `(dx, dy)` drives: the innermost
    /// one under the point whose axis is the drag's main direction.
    pub(super) fn drag_swiper(&self, x: f32, y: f32, dx: f32, dy: f32) -> Option<NodeId> {
        let page = self.pages.top()?;
        let doc = &page.doc;
        let hit = mica_layout::hit_test(doc, x, y)?;
        let vertical_drag = dy.abs() > dx.abs();
        std::iter::once(hit)
            .chain(doc.ancestors(hit))
            .filter(|n| doc.node(*n).tag == "swiper")
            .find(|s| {
                let p = SwiperProps::read(doc, *s);
                p.vertical == vertical_drag && p.len() > 1
            })
    }

    /// The pointer dragged swiper `s` by `(dx, dy)` px since the press: the pages follow.
    pub(super) fn swiper_drag(&mut self, s: NodeId, dx: f32, dy: f32) -> Result<(), EngineError> {
        let Some(page) = self.pages.top_mut() else {
            return Ok(());
        };
        let page_id = page.id;
        let doc = &mut page.doc;
        if doc.get(s).is_none() {
            return Ok(());
        }
        let props = SwiperProps::read(doc, s);
        let rect = doc.node(s).rect;
        let (delta, size) = if props.vertical {
            (dy, rect.height)
        } else {
            (dx, rect.width)
        };
        if size <= 0.0 {
            return Ok(());
        }
        let run = self.controls.swipers.run(page_id, doc, s, &props);
        let events = reconcile(doc, s, &props, run);
        let from = *run.drag_from.get_or_insert(run.pos);
        run.anim = None;
        run.next_autoplay = None;
        let mut pos = from - delta / size;
        if !props.circular {
            pos = pos.clamp(0.0, props.len().saturating_sub(1) as f32);
        }
        run.pos = pos;
        swiper::place(doc, s, &props, pos);
        self.send_component_events(events);
        self.render_frame()
    }

    /// The pointer let go of a dragged swiper: it settles on a page (see the module
    /// documentation).
    pub(super) fn swiper_release(&mut self, s: NodeId) -> Result<(), EngineError> {
        let now = self.controls.now;
        let Some(page) = self.pages.top_mut() else {
            return Ok(());
        };
        let page_id = page.id;
        let doc = &mut page.doc;
        if doc.get(s).is_none() {
            return Ok(());
        }
        let props = SwiperProps::read(doc, s);
        let run = self.controls.swipers.run(page_id, doc, s, &props);
        let Some(from) = run.drag_from.take() else {
            return Ok(());
        };
        let base = from.round();
        let moved = run.pos - from;
        let mut to = if moved.abs() < SWIPE_THRESHOLD {
            base
        } else {
            base + moved.signum() * moved.abs().round().max(1.0)
        };
        if !props.circular {
            to = to.clamp(0.0, props.len().saturating_sub(1) as f32);
        }
        let events = go_to(doc, s, &props, run, to, "touch", now);
        self.send_component_events(events);
        self.render_frame()?;
        self.settle()
    }
}

/// The focusable node of `new_item` at the place `focused` has in `old_item` (nearest
/// by the offset of its box from its item's).
fn counterpart(
    doc: &Document,
    old_item: NodeId,
    new_item: NodeId,
    focused: NodeId,
    has_tap: &dyn Fn(NodeId) -> bool,
) -> Option<NodeId> {
    let (o, f, n) = (
        doc.node(old_item).rect,
        doc.node(focused).rect,
        doc.node(new_item).rect,
    );
    if focused == old_item {
        return focus::wants_focus(doc, new_item, has_tap).then_some(new_item);
    }
    let (rx, ry) = (f.x - o.x, f.y - o.y);
    doc.descendants(new_item)
        .into_iter()
        .filter(|c| focus::wants_focus(doc, *c, has_tap))
        .min_by(|a, b| {
            let d = |id: NodeId| {
                let r = doc.node(id).rect;
                (r.x - n.x - rx).hypot(r.y - n.y - ry)
            };
            d(*a).total_cmp(&d(*b))
        })
}
