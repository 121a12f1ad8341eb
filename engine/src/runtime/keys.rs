//! Remote-control input on the view thread: the focus of the page on top, keys to JS,
//! and the default actions of keys.
//!
//! A key press first goes to JS: `keydown` handlers bubble from the focused node
//! (`bindkeydown`, `catchkeydown`, capture forms too) and the page's `onKeyDown(e)` is
//! called, with `e.detail.key` the key's name (`"up"`, `"enter"`, `"back"`, `"5"`…) and
//! `e.detail.keyCode` a DOM-style code. A `catch` handler on the path prevents the
//! default action; otherwise the focused built-in component may use the key (a slider
//! steps on Left/Right, a swiper changes page, a digit types into an `input`, see
//! [`crate::components`]), arrows move the focus
//! ([`crate::focus`]) and scroll it into view, Enter is a `tap` on the focused node, and
//! Back is `navigateBack` (on the root page the host is asked to leave the app).
//!
//! The focused node carries the `:focus` state and the classes of its `focus-class`
//! attribute; when the page styles neither, Mica draws a default ring around it.

use mica_layout::{NodeId, Rect, FOCUS_STATE_CLASS};
use serde_json::{json, Map, Value};

use super::scroll::FOCUS_DURATION;
use super::{event_calls, Runtime};
use crate::components::swiper::Easing;
use crate::focus::{self, Direction};
use crate::platform::Key;
use crate::script::ToLogic;
use crate::EngineError;

/// Space kept between a focused node and the edge of what scrolls it into view.
const SCROLL_MARGIN: f32 = 24.0;

/// DOM `keyCode` of a key (what web code and WeChat's TV builds check).
fn key_code(key: Key) -> u32 {
    match key {
        Key::Left => 37,
        Key::Up => 38,
        Key::Right => 39,
        Key::Down => 40,
        Key::Enter => 13,
        Key::Back => 27,
        Key::Digit(d) => 48 + u32::from(d.min(9)),
        Key::Home => 36,
        Key::Menu => 93,
        Key::PlayPause => 179,
        Key::FastForward => 228,
        Key::Rewind => 227,
        Key::VolumeUp => 175,
        Key::VolumeDown => 174,
        Key::ChannelUp => 33,
        Key::ChannelDown => 34,
    }
}

impl Runtime {
    /// A remote-control key press: JS first, then the default action (see the module
    /// documentation); waits for the app to settle and draws the result.
    pub fn press(&mut self, key: Key) -> Result<(), EngineError> {
        self.settle()?;
        // An open picker or keyboard (or a field edited by an input method) takes keys
        // before the page does (see `overlay`).
        if self.overlay_key(key)? {
            return Ok(());
        }
        // With the focus on the navigation bar or the tab bar, the bar uses the arrows
        // and Enter (see `chrome`).
        if self.chrome_key(key)? {
            return Ok(());
        }
        let Some(page) = self.pages.top() else {
            return Err(EngineError::NoPage);
        };
        let page_id = page.id;
        let focused = page.focus.focused();
        let detail = json!({ "key": key.name(), "keyCode": key_code(key) });
        let mut caught = false;
        let mut calls: Vec<(Option<u32>, String, Value)> = Vec::new();
        if let (Some(target), Some(view)) = (focused, page.view.as_ref()) {
            let doc = &page.doc;
            caught = std::iter::once(target)
                .chain(doc.ancestors(target))
                .any(|n| view.handlers(n, "keydown").any(|(_, k)| k.stops()));
            calls = event_calls(doc, view, target, "keydown", &detail, &Map::new());
        }
        self.send_events(page_id, calls);
        self.send_logic(ToLogic::PageHook {
            page_id,
            name: "onKeyDown".into(),
            arg: json!({ "type": "keydown", "detail": detail }),
        });
        self.settle()?;
        if caught {
            return Ok(());
        }
        // The focused component first: a slider takes Left/Right while it can move.
        if self.component_key(key)? {
            return Ok(());
        }
        match key {
            Key::Up | Key::Down | Key::Left | Key::Right => {
                if let Some(dir) = Direction::from_key(key) {
                    if !self.move_focus(dir)? {
                        // Nothing further on the page that way: the bars, if any.
                        self.focus_into_chrome(dir)?;
                    }
                }
                Ok(())
            }
            Key::Enter => match self.focused() {
                Some(node) => self.tap_node(node),
                None => Ok(()),
            },
            Key::Back => self.navigate_back().map(|_| ()),
            _ => Ok(()),
        }
    }

    /// The focused node of the page on top; `None` while the focus is on a bar
    /// ([`Runtime::chrome_focus`]).
    pub fn focused(&self) -> Option<NodeId> {
        if self.chrome.focus != super::ChromeFocus::Page {
            return None;
        }
        self.pages.top().and_then(|p| p.focus.focused())
    }

    /// Moves the focus and scrolls it into view, then draws. The scroll is computed as
    /// an instant one from where running scroll animations are heading, then shown as a
    /// short ease-out from the offsets on screen (see `scroll`). False when no node
    /// lies in that direction.
    fn move_focus(&mut self, dir: Direction) -> Result<bool, EngineError> {
        let viewport = self.viewport();
        let shown = self.jump_scrolls_to_destinations();
        let Some(page) = self.pages.top_mut() else {
            return Ok(false);
        };
        let Some(view) = page.view.as_ref() else {
            return Ok(false);
        };
        let root = page.doc.root();
        // Where each node that may scroll is seen from: the offset on screen.
        let mut starts: Vec<(NodeId, (f32, f32))> = shown;
        let mut seen_from = |node: NodeId, at: (f32, f32)| {
            if !starts.iter().any(|(n, _)| *n == node) {
                starts.push((node, at));
            }
        };
        seen_from(root, page.doc.node(root).scroll);
        let has_tap = |n: NodeId| view.handlers(n, "tap").next().is_some();
        let moved = page.focus.move_focus(&page.doc, dir, &has_tap);
        if let Some(node) = moved {
            if let Some(c) = focus::scroll_container(&page.doc, node) {
                seen_from(c, page.doc.node(c).scroll);
            }
            scroll_into_view(page, node, viewport, &self.fonts);
        }
        // Back to the offsets on screen, then glide to where the instant scroll went.
        let mut glides = Vec::new();
        for (node, start) in starts {
            let Some(n) = page.doc.get(node) else {
                continue;
            };
            let end = n.scroll;
            page.doc.set_scroll(node, start.0, start.1);
            glides.push((node, end));
        }
        let size = (viewport.width, viewport.height);
        mica_layout::compute_layout(&mut page.doc, &self.fonts, size);
        for (node, end) in glides {
            self.animate_scroll(node, end, FOCUS_DURATION, Easing::OutCubic);
        }
        self.render_frame()?;
        self.settle()?;
        Ok(moved.is_some())
    }

    /// The page's viewport (the window minus the bars) as a rectangle.
    fn viewport(&self) -> Rect {
        let (w, h) = self.page_size();
        Rect::new(0.0, 0.0, w, h)
    }

    /// Keeps the focus of the page on top valid after a layout (the focused node may
    /// have been removed), gives a new page its initial focus, and sets the focus
    /// state classes. Returns true when styles changed, so the frame must be laid out
    /// again before painting.
    pub(super) fn sync_focus(&mut self, structure_changed: bool) -> bool {
        let on_page = self.chrome.focus == super::ChromeFocus::Page;
        let Some(page) = self.pages.top_mut() else {
            return false;
        };
        let Some(view) = page.view.as_ref() else {
            return false;
        };
        let has_tap = |n: NodeId| view.handlers(n, "tap").next().is_some();
        // Looking for a first focusable node walks the page: only when nodes changed.
        if page.focus.focused().is_some() || structure_changed {
            page.focus.ensure_valid(&page.doc, &has_tap);
        }
        // While a bar has the focus, the page's node keeps it but does not show it.
        let focused = page.focus.focused().filter(|_| on_page);
        if focused == page.focus_applied {
            return false;
        }
        if let Some(old) = page.focus_applied.filter(|n| page.doc.get(*n).is_some()) {
            page.doc.set_state_classes(old, Vec::new());
        }
        let mut ring = None;
        if let Some(n) = focused {
            let focus_class = page.doc.node(n).attr("focus-class").map(str::to_string);
            let mut classes = vec![FOCUS_STATE_CLASS.to_string()];
            classes.extend(
                focus_class
                    .iter()
                    .flat_map(|c| c.split_whitespace().map(str::to_string)),
            );
            page.doc.set_state_classes(n, classes);
            if focus_class.is_none() && !page.styles.uses_focus() {
                ring = Some(n);
            }
        }
        page.doc.set_focus_ring(ring);
        page.focus_applied = focused;
        true
    }

    /// Enter on the focused node: a `tap` whose target is that node.
    fn tap_node(&mut self, node: NodeId) -> Result<(), EngineError> {
        let Some(page) = self.pages.top() else {
            return Ok(());
        };
        let r = page.doc.node(node).rect;
        let (x, y) = (r.x + r.width / 2.0, r.y + r.height / 2.0);
        self.dispatch_tap(node, x, y, false)
    }
}

/// Scrolls the focused node's scroll container, then the page, so `node` is visible
/// with a margin; lays out again so rects are current.
fn scroll_into_view(
    page: &mut super::pages::PageInstance,
    node: NodeId,
    viewport: Rect,
    fonts: &mica_layout::FontStore,
) {
    let size = (viewport.width, viewport.height);
    let Some(s) = focus::scroll_into_view(&page.doc, node, viewport, SCROLL_MARGIN) else {
        return;
    };
    let root = page.doc.root();
    let container = s.container.unwrap_or(root);
    if !s.is_noop() {
        mica_layout::scroll_by(&mut page.doc, container, (s.dx, s.dy), size);
        mica_layout::compute_layout(&mut page.doc, fonts, size);
    }
    if s.container.is_none() {
        return;
    }
    // Then the page, so the part of the container holding the node is on screen.
    let r = page.doc.node(node).rect;
    let dy = if r.y < SCROLL_MARGIN {
        r.y - SCROLL_MARGIN
    } else if r.y + r.height > viewport.height - SCROLL_MARGIN {
        r.y + r.height - (viewport.height - SCROLL_MARGIN)
    } else {
        0.0
    };
    if dy != 0.0 {
        mica_layout::scroll_by(&mut page.doc, root, (0.0, dy), size);
        mica_layout::compute_layout(&mut page.doc, fonts, size);
    }
}
