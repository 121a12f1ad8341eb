//! Smooth scrolling on the runtime's clock ([`Runtime::advance`]): the page and each
//! `scroll-view` may have one running [`ScrollAnim`] that moves its offset from where it
//! was to a destination, with the scroll events firing as the offset moves.
//!
//! Three things start one:
//!
//! - `wx.pageScrollTo({scrollTop | selector, duration})`: `duration` ms (WeChat's
//!   default 300; 0 jumps).
//! - A `scroll-view` with `scroll-with-animation`: a change of `scroll-top`,
//!   `scroll-left` or `scroll-into-view` animates over [`SCROLL_VIEW_DURATION`] (WeChat
//!   documents no duration).
//! - A remote key that moves the focus out of view: the page and the focus's
//!   `scroll-view` glide over [`FOCUS_DURATION`] with an ease-out to exactly the offsets
//!   an instant scroll would have set (see `keys`).
//!
//! A new destination for a node that is already animating **retargets** it: the new
//! animation starts from the offset on screen, so nothing jumps back. A key pressed
//! mid-animation decides where the focus goes and how far to scroll as if every
//! running animation had already ended, so a fast sequence of keys ends where the same
//! keys pressed slowly would. A pointer drag or wheel on a node stops its animation
//! (the finger takes over).
//!
//! Scroll events fire at each step: a `scroll-view`'s `scroll` (and `scrolltoupper` /
//! `scrolltolower`), the page's `onPageScroll` (and `onReachBottom`).

use std::collections::HashMap;
use std::time::Duration;

use mica_layout::NodeId;

use super::Runtime;
use crate::components::swiper::Easing;

/// `wx.pageScrollTo`'s default `duration` (ms), as WeChat documents.
pub const PAGE_SCROLL_DURATION_MS: f64 = 300.0;
/// How long a `scroll-with-animation` scroll-view takes to reach a new offset.
pub const SCROLL_VIEW_DURATION: Duration = Duration::from_millis(300);
/// How long the scroll that keeps the remote's focus visible takes: short, so holding a
/// key does not lag behind the focus.
pub const FOCUS_DURATION: Duration = Duration::from_millis(180);

/// One running scroll of a node (the page root or a `scroll-view`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct ScrollAnim {
    from: (f32, f32),
    to: (f32, f32),
    start: Duration,
    length: Duration,
    easing: Easing,
}

impl ScrollAnim {
    /// The offset at time `now`, and whether the animation has ended.
    fn at(&self, now: Duration) -> ((f32, f32), bool) {
        let elapsed = now.saturating_sub(self.start);
        if elapsed >= self.length || self.length.is_zero() {
            return (self.to, true);
        }
        let t = self
            .easing
            .apply(elapsed.as_secs_f32() / self.length.as_secs_f32());
        let lerp = |a: f32, b: f32| a + (b - a) * t;
        (
            (lerp(self.from.0, self.to.0), lerp(self.from.1, self.to.1)),
            false,
        )
    }
}

/// The running scroll animations, by page and node.
#[derive(Debug, Default)]
pub(super) struct Scrolls {
    anims: HashMap<(u32, NodeId), ScrollAnim>,
}

impl Scrolls {
    /// The earliest end of an animation on page `page_id`.
    pub(super) fn next_due(&self, page_id: u32) -> Option<Duration> {
        self.anims
            .iter()
            .filter(|((p, _), _)| *p == page_id)
            .map(|(_, a)| a.start + a.length)
            .min()
    }

    /// Whether something on page `page_id` is animating.
    pub(super) fn is_animating(&self, page_id: u32) -> bool {
        self.anims.keys().any(|(p, _)| *p == page_id)
    }

    /// Stops the animation of `node` where it is (a finger took over).
    pub(super) fn stop(&mut self, page_id: u32, node: NodeId) {
        self.anims.remove(&(page_id, node));
    }

    /// Forgets the animations of pages that are gone.
    pub(super) fn retain_pages(&mut self, live: &[u32]) {
        self.anims.retain(|(p, _), _| live.contains(p));
    }
}

impl Runtime {
    /// Scrolls `node` of the page on top to `to` (clamped to its range) over `length`:
    /// from the offset on screen, replacing any running animation of `node`. A zero
    /// `length`, or a destination equal to the offset, ends at once; the events of an
    /// instant move are sent here.
    pub(super) fn animate_scroll(
        &mut self,
        node: NodeId,
        to: (f32, f32),
        length: Duration,
        easing: Easing,
    ) {
        let size = self.page_size();
        let now = self.controls.now;
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        let page_id = page.id;
        let doc = &mut page.doc;
        let Some(n) = doc.get(node) else { return };
        let from = n.scroll;
        let (max_x, max_y) = mica_layout::scroll_range(doc, node, size);
        let to = (to.0.clamp(0.0, max_x), to.1.clamp(0.0, max_y));
        self.controls.scrolls.anims.remove(&(page_id, node));
        if length.is_zero() || to == from {
            self.move_scroll(node, to);
            return;
        }
        self.controls.scrolls.anims.insert(
            (page_id, node),
            ScrollAnim {
                from,
                to,
                start: now,
                length,
                easing,
            },
        );
    }

    /// Moves `node`'s offset to `to` and sends the scroll events of that move.
    fn move_scroll(&mut self, node: NodeId, to: (f32, f32)) {
        let size = self.page_size();
        let old_top = self.page_scroll_top();
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        let root = page.doc.root();
        let old = mica_layout::scroll_to(&mut page.doc, node, to, size);
        if node == root {
            self.fire_scroll_hooks(old_top);
        } else {
            self.scroll_view_scrolled(node, old);
        }
    }

    /// Moves every scroll animation of the page on top to the clock's time, ending
    /// those that are due; sends the scroll events. Lays the page out if anything moved.
    pub(super) fn tick_scrolls(&mut self) {
        let now = self.controls.now;
        let Some(page) = self.pages.top() else { return };
        let page_id = page.id;
        let doc = &page.doc;
        let mut steps: Vec<(NodeId, (f32, f32))> = Vec::new();
        let mut ended = Vec::new();
        for (&(p, node), a) in &self.controls.scrolls.anims {
            if p != page_id {
                continue;
            }
            if doc.get(node).is_none() {
                ended.push(node);
                continue;
            }
            let (pos, done) = a.at(now);
            steps.push((node, pos));
            if done {
                ended.push(node);
            }
        }
        for node in ended {
            self.controls.scrolls.anims.remove(&(page_id, node));
        }
        if steps.is_empty() {
            return;
        }
        // The page last, so a scroll-view's events carry the rects of this step.
        let root = doc.root();
        steps.sort_by_key(|(n, _)| (*n == root, n.index()));
        for (node, pos) in steps {
            self.move_scroll(node, pos);
        }
        let size = self.page_size();
        if let Some(page) = self.pages.top_mut() {
            mica_layout::compute_layout(&mut page.doc, &self.fonts, size);
        }
    }

    /// Jumps every animating node of the page on top to its destination (so the focus
    /// and the scroll a key asks for are computed where the page is heading) and returns
    /// the offsets they were shown at, to animate on from there. No events: nothing
    /// moved on screen yet.
    pub(super) fn jump_scrolls_to_destinations(&mut self) -> Vec<(NodeId, (f32, f32))> {
        let size = self.page_size();
        let Some(page) = self.pages.top_mut() else {
            return Vec::new();
        };
        let page_id = page.id;
        let mut shown = Vec::new();
        let anims: Vec<(NodeId, ScrollAnim)> = self
            .controls
            .scrolls
            .anims
            .iter()
            .filter(|((p, _), _)| *p == page_id)
            .map(|((_, n), a)| (*n, *a))
            .collect();
        for (node, a) in anims {
            self.controls.scrolls.anims.remove(&(page_id, node));
            let Some(n) = page.doc.get(node) else {
                continue;
            };
            shown.push((node, n.scroll));
            mica_layout::scroll_to(&mut page.doc, node, a.to, size);
        }
        if !shown.is_empty() {
            mica_layout::compute_layout(&mut page.doc, &self.fonts, size);
        }
        shown
    }
}
