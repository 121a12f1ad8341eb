//! Platform input: keys go to [`Runtime::press`], a pointer press-and-release without
//! movement is a tap, a drag or a wheel scrolls what is under the pointer (the innermost
//! `scroll-view` that can still move that way, else the page). A drag that starts on a
//! `swiper` along its axis moves its pages instead (see `swiper`); a press on a `slider`
//! that moves drags its value (`changing` on each step, `change` on release; a press
//! without movement is a tap, which jumps there with `change`); while a picker or the
//! on-screen keyboard is open, drags and wheels scroll nothing. Page scrolling, whatever
//! caused it, calls the page's `onPageScroll({scrollTop})`, and `onReachBottom()` once
//! the bottom comes within 50 px (WeChat's default `onReachBottomDistance`).

use mica_layout::NodeId;
use serde_json::json;

use super::scroll::SCROLL_VIEW_DURATION;
use super::Runtime;
use crate::components::swiper::Easing;
use crate::components::{scroll_view, slider};
use crate::focus;
use crate::platform::{InputEvent, PointerPhase};
use crate::script::ToLogic;
use crate::EngineError;

/// Movement in px after which a pointer press is a drag rather than a tap.
const DRAG_SLOP: f32 = 8.0;
/// Distance from the page bottom at which `onReachBottom` fires.
pub(super) const REACH_BOTTOM_DISTANCE: f32 = 50.0;

/// A pointer that is down.
#[derive(Clone, Copy, Debug)]
pub(super) struct Press {
    start: (f32, f32),
    last: (f32, f32),
    dragging: bool,
    /// The swiper this drag moves, decided when the drag starts.
    swiper: Option<NodeId>,
    /// The slider pressed, whose value a drag moves.
    slider: Option<NodeId>,
    /// This drag pulls the top of the page down (see `refresh`).
    pull: bool,
}

impl Runtime {
    /// Handles one input event from the platform and draws the result. Returns false
    /// when the platform asked to quit.
    pub fn handle_input(&mut self, event: InputEvent) -> Result<bool, EngineError> {
        match event {
            InputEvent::Key { key, pressed: true } => self.press(key)?,
            InputEvent::Key { .. } => {}
            InputEvent::Pointer { phase, x, y } => {
                // A press that starts on a bar stays with the bars (see `chrome`); the
                // page gets the rest in its own coordinates.
                let on_page = self.press_state.is_some() || self.overlay_open();
                if on_page || !self.chrome_pointer(phase, x, y)? {
                    let top = self.areas().page.y;
                    self.pointer(phase, x, y - top)?;
                }
            }
            InputEvent::Wheel { x, y, dx, dy } => self.scroll_at(x, y, dx, dy)?,
            InputEvent::Quit => return Ok(false),
            InputEvent::Visibility { visible } => self.set_app_visible(visible)?,
            InputEvent::Expose => self.invalidate(),
        }
        Ok(true)
    }

    fn pointer(&mut self, phase: PointerPhase, x: f32, y: f32) -> Result<(), EngineError> {
        match phase {
            PointerPhase::Down => {
                let slider = self.slider_at(x, y);
                self.press_state = Some(Press {
                    start: (x, y),
                    last: (x, y),
                    dragging: false,
                    swiper: None,
                    slider,
                    pull: false,
                });
                Ok(())
            }
            PointerPhase::Move => {
                let Some(mut p) = self.press_state else {
                    return Ok(());
                };
                let moved = (x - p.start.0).hypot(y - p.start.1);
                let (tx, ty) = (x - p.start.0, y - p.start.1);
                if !p.dragging && moved > DRAG_SLOP && p.slider.is_none() {
                    p.swiper = self.drag_swiper(p.start.0, p.start.1, tx, ty);
                    // Down, at the top of the page, on a page that refreshes.
                    p.pull = p.swiper.is_none()
                        && ty > tx.abs()
                        && self.page_scroll_top() <= 0.0
                        && self.pull_down_enabled();
                }
                p.dragging |= moved > DRAG_SLOP;
                let (dx, dy) = (p.last.0 - x, p.last.1 - y);
                if p.dragging {
                    p.last = (x, y);
                }
                self.press_state = Some(p);
                if p.dragging && p.pull {
                    // The page is at its top: the pull moves nothing until release.
                    return Ok(());
                }
                if let (true, Some(s)) = (p.dragging, p.slider) {
                    return self.slider_drag(s, x);
                }
                if let (true, Some(s)) = (p.dragging, p.swiper) {
                    return self.swiper_drag(s, tx, ty);
                }
                if p.dragging {
                    // Content follows the finger: dragging up scrolls down.
                    self.scroll_page_at(p.start.0, p.start.1, dx, dy)?;
                }
                Ok(())
            }
            PointerPhase::Up => match self.press_state.take() {
                Some(p) if !p.dragging => self.tap_page_at(p.start.0, p.start.1),
                Some(Press {
                    slider: Some(s), ..
                }) => self.slider_release(s, x),
                Some(Press {
                    pull: true, start, ..
                }) => {
                    if y - start.1 >= super::refresh::PULL_THRESHOLD && !self.overlay_open() {
                        self.start_refresh();
                        self.render_frame()?;
                        self.settle()?;
                    }
                    Ok(())
                }
                Some(Press {
                    swiper: Some(s), ..
                }) => self.swiper_release(s),
                _ => Ok(()),
            },
        }
    }

    /// The draggable slider under `(x, y)` on the page on top (none under an overlay).
    fn slider_at(&self, x: f32, y: f32) -> Option<NodeId> {
        if self.overlay_open() {
            return None;
        }
        let doc = &self.pages.top()?.doc;
        let hit = mica_layout::hit_test(doc, x, y)?;
        slider::draggable(doc, hit)
    }

    /// A drag of slider `s` at window x `x`: moves the value, sends `changing`.
    fn slider_drag(&mut self, s: NodeId, x: f32) -> Result<(), EngineError> {
        let Some(page) = self.pages.top_mut() else {
            return Ok(());
        };
        if page.doc.get(s).is_none() {
            return Ok(());
        }
        if let Some(event) = slider::drag_to(&mut page.doc, s, x) {
            self.send_component_events(vec![event]);
        }
        self.render_frame()?;
        self.settle()
    }

    /// The end of a drag of slider `s` (released at x `x`): `change` with its value.
    fn slider_release(&mut self, s: NodeId, x: f32) -> Result<(), EngineError> {
        self.slider_drag(s, x)?;
        let Some(page) = self.pages.top() else {
            return Ok(());
        };
        if page.doc.get(s).is_none() {
            return Ok(());
        }
        let event = slider::drag_end(&page.doc, s);
        self.send_component_events(vec![event]);
        self.render_frame()?;
        self.settle()
    }

    /// Scrolls by `(dx, dy)` what is under window point `(x, y)`: the innermost scroll
    /// container that can move in that direction, else the page (nothing on the bars).
    /// Draws the result.
    pub fn scroll_at(&mut self, x: f32, y: f32, dx: f32, dy: f32) -> Result<(), EngineError> {
        let page = self.areas().page;
        if y < page.y || y >= page.y + page.height {
            return Ok(());
        }
        self.scroll_page_at(x, y - page.y, dx, dy)
    }

    /// [`Runtime::scroll_at`] with `(x, y)` in the page's viewport coordinates.
    fn scroll_page_at(&mut self, x: f32, y: f32, dx: f32, dy: f32) -> Result<(), EngineError> {
        if self.overlay_open() {
            return Ok(());
        }
        let size = self.page_size();
        let old_top = self.page_scroll_top();
        let Some(page) = self.pages.top_mut() else {
            return Ok(());
        };
        let doc = &mut page.doc;
        let root = doc.root();
        let hit = mica_layout::hit_test(doc, x, y);
        let can_move = |doc: &mica_layout::Document, n: NodeId| {
            let (max_x, max_y) = mica_layout::scroll_range(doc, n, size);
            let (sx, sy) = doc.node(n).scroll;
            (dx > 0.0 && sx < max_x)
                || (dx < 0.0 && sx > 0.0)
                || (dy > 0.0 && sy < max_y)
                || (dy < 0.0 && sy > 0.0)
        };
        let target = hit
            .into_iter()
            .flat_map(|h| std::iter::once(h).chain(doc.ancestors(h)))
            .find(|n| *n != root && focus::is_scroll_container(doc, *n) && can_move(doc, *n))
            .unwrap_or(root);
        // The finger takes over from a running smooth scroll.
        self.controls.scrolls.stop(page.id, target);
        let old = mica_layout::scroll_by(doc, target, (dx, dy), size);
        if target != root {
            self.scroll_view_scrolled(target, old);
        }
        self.render_frame()?;
        self.page_scrolled(old_top)?;
        // The scroll-view's events (if any) are answered before returning.
        self.settle()
    }

    /// Sends a scroll-view's `scroll` event (and `scrolltoupper` / `scrolltolower` on
    /// arriving within its thresholds, 50 px by default) when its offset moved from
    /// `old`.
    pub(super) fn scroll_view_scrolled(&mut self, node: NodeId, old: (f32, f32)) {
        let size = self.page_size();
        let Some(page) = self.pages.top() else { return };
        let Some(view) = page.view.as_ref() else {
            return;
        };
        let doc = &page.doc;
        let Some(n) = doc.get(node) else { return };
        let new = n.scroll;
        if new == old {
            return;
        }
        let (max_x, max_y) = mica_layout::scroll_range(doc, node, size);
        let threshold = |name: &str| {
            n.attr(name)
                .and_then(|v| v.trim().trim_end_matches("px").parse::<f32>().ok())
                .unwrap_or(50.0)
        };
        let (upper, lower) = (threshold("upper-threshold"), threshold("lower-threshold"));
        let l = &n.final_layout;
        let detail = json!({
            "scrollLeft": new.0,
            "scrollTop": new.1,
            "scrollWidth": l.content_size.width.max(l.size.width),
            "scrollHeight": l.content_size.height.max(l.size.height),
            "deltaX": new.0 - old.0,
            "deltaY": new.1 - old.1,
        });
        let vertical = new.1 != old.1;
        let (pos, old_pos, max) = if vertical {
            (new.1, old.1, max_y)
        } else {
            (new.0, old.0, max_x)
        };
        let direction = if vertical { "top" } else { "left" };
        let none = serde_json::Map::new();
        let mut calls = super::event_calls(doc, view, node, "scroll", &detail, &none);
        if max - pos <= lower && max - old_pos > lower {
            let d = json!({ "direction": if vertical { "bottom" } else { "right" } });
            calls.extend(super::event_calls(
                doc,
                view,
                node,
                "scrolltolower",
                &d,
                &none,
            ));
        }
        if pos <= upper && old_pos > upper {
            let d = json!({ "direction": direction });
            calls.extend(super::event_calls(
                doc,
                view,
                node,
                "scrolltoupper",
                &d,
                &none,
            ));
        }
        let page_id = page.id;
        self.send_events(page_id, calls);
    }

    /// Resolves the scroll requests of the page on top (after a layout): a
    /// `scroll-into-view` brings the named descendant to the start of its scroll-view
    /// along the axes it scrolls (`scroll-x`, `scroll-y`); an animated `scroll-top` /
    /// `scroll-left` names its offset. A `scroll-with-animation` view glides there
    /// (except on the page's first frame); others jump. True when something moved now.
    pub(super) fn resolve_scroll_requests(&mut self) -> bool {
        let size = self.page_size();
        let Some(page) = self.pages.top_mut() else {
            return false;
        };
        let first_frame = !page.painted_once;
        let requests = std::mem::take(&mut page.doc.scroll_requests);
        let mut moved = false;
        for (container, id) in requests {
            let Some(page) = self.pages.top_mut() else {
                return moved;
            };
            let doc = &mut page.doc;
            let Some(c) = doc.get(container) else {
                continue;
            };
            let (scroll_x, scroll_y) = (c.attr("scroll-x").is_some(), c.attr("scroll-y").is_some());
            let (crect, (sx, sy)) = (c.rect, c.scroll);
            let (nx, ny) = if id == scroll_view::OFFSET_REQUEST {
                let (left, top) = scroll_view::requested_offset(doc, container);
                (left.unwrap_or(sx), top.unwrap_or(sy))
            } else {
                let found = doc
                    .descendants(container)
                    .into_iter()
                    .find(|d| doc.node(*d).attr("id") == Some(id.as_str()));
                let Some(target) = found else {
                    log::warn!("scroll-into-view: no `#{id}` inside the scroll-view");
                    continue;
                };
                let t = doc.node(target).rect;
                let nx = if scroll_x { sx + (t.x - crect.x) } else { sx };
                let ny = if scroll_y { sy + (t.y - crect.y) } else { sy };
                (nx, ny)
            };
            if scroll_view::animated(doc, container) && !first_frame {
                self.animate_scroll(container, (nx, ny), SCROLL_VIEW_DURATION, Easing::OutCubic);
            } else if (nx, ny) != (sx, sy) {
                self.controls.scrolls.stop(page.id, container);
                mica_layout::scroll_to(doc, container, (nx, ny), size);
                moved = true;
            }
        }
        moved
    }

    /// The page's vertical scroll offset in px.
    pub fn page_scroll_top(&self) -> f32 {
        self.pages
            .top()
            .map_or(0.0, |p| p.doc.node(p.doc.root()).scroll.1)
    }

    /// `wx.pageScrollTo`: scrolls the page on top to `top` (or brings the first node
    /// matching `selector` to the top), clamped to the page, over `duration_ms` (see
    /// `scroll`; the hooks fire as the offset moves). Runs inside the message loop, so
    /// it does not wait for the app itself.
    pub(super) fn page_scroll_to(&mut self, top: f32, selector: Option<&str>, duration_ms: f64) {
        let Some(page) = self.pages.top() else {
            return;
        };
        let root = page.doc.root();
        let (x, shown_top) = page.doc.node(root).scroll;
        let target = match selector {
            // Rects are where the node is on screen now (the offset shown).
            Some(sel) => match mica_layout::select(&page.doc, sel) {
                Some(n) => page.doc.node(n).rect.y + shown_top,
                None => {
                    log::warn!("pageScrollTo: no node matches `{sel}`");
                    return;
                }
            },
            None => top,
        };
        let length = std::time::Duration::from_secs_f64(duration_ms.max(0.0) / 1000.0);
        self.animate_scroll(root, (x, target), length, Easing::InOutCubic);
        let size = self.page_size();
        if let Some(page) = self.pages.top_mut() {
            mica_layout::compute_layout(&mut page.doc, &self.fonts, size);
        }
    }

    /// Calls `onPageScroll` (and `onReachBottom` on reaching the bottom) when the page's
    /// scroll offset moved from `old_top`, then waits for the app to settle.
    pub(super) fn page_scrolled(&mut self, old_top: f32) -> Result<(), EngineError> {
        if self.fire_scroll_hooks(old_top) {
            self.settle()?;
        }
        Ok(())
    }

    /// Sends the page scroll hooks if the offset moved from `old_top`; true if it did.
    pub(super) fn fire_scroll_hooks(&mut self, old_top: f32) -> bool {
        let size = self.page_size();
        let Some(page) = self.pages.top() else {
            return false;
        };
        let root = page.doc.root();
        let top = page.doc.node(root).scroll.1;
        if top == old_top {
            return false;
        }
        let (_, max_y) = mica_layout::scroll_range(&page.doc, root, size);
        let page_id = page.id;
        self.send_logic(ToLogic::PageHook {
            page_id,
            name: "onPageScroll".into(),
            arg: json!({ "scrollTop": top }),
        });
        let near = |t: f32| max_y - t <= REACH_BOTTOM_DISTANCE;
        if near(top) && !near(old_top) {
            self.send_logic(ToLogic::PageHook {
                page_id,
                name: "onReachBottom".into(),
                arg: json!({}),
            });
        }
        true
    }
}
