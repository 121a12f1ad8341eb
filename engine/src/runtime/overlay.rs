//! What Mica draws over the page — a picker's option list, the on-screen keyboard — and
//! how keys and taps reach it before the page.
//!
//! An overlay is a part tree appended to the page root and absolutely positioned over
//! the window (absolute children paint after everything else, and hit-testing tries
//! the last child first), so layout, painting and damage need nothing special. While
//! one is open, keys go to it and not to JS or the focus (the page's focused node keeps
//! the focus, and the default focus ring, drawn over everything, is hidden), and page
//! scrolling is held. A modal, an action sheet or a masked toast (`interaction`) takes
//! keys and taps before these.
//!
//! The **picker** (selector mode, see [`crate::components::picker`]) opens on Enter or
//! a tap on a `picker`: Up and Down move the highlight, Enter confirms (`change` with
//! `detail.value` the index, also written to the picker's `value`), Back cancels
//! (`cancel`; the page stays). A tap on an option confirms it, a tap outside the sheet
//! cancels.

use mica_layout::NodeId;
use serde_json::json;

use super::Runtime;
use crate::components::picker::{self, PickerProps};
use crate::components::ComponentEvent;
use crate::components::Window;
use crate::platform::Key;
use crate::EngineError;

/// An open picker.
#[derive(Debug)]
pub(super) struct PickerSession {
    pub page_id: u32,
    picker: NodeId,
    mask: NodeId,
    count: usize,
    index: usize,
    /// The default focus ring, hidden while open.
    ring: Option<NodeId>,
}

impl Runtime {
    /// The window in the coordinates of the page on top (its scroll offset).
    pub(super) fn overlay_window(&self) -> Window {
        let (width, height) = self.page_size();
        Window {
            top: self.page_scroll_top(),
            width,
            height,
        }
    }

    /// True while an overlay (picker, keyboard, modal, action sheet, masked toast)
    /// covers the page.
    pub(super) fn overlay_open(&self) -> bool {
        self.interaction_blocks_input()
            || self.controls.picker.is_some()
            || self
                .controls
                .text
                .as_ref()
                .is_some_and(|t| t.keyboard.is_some())
    }

    /// Drops sessions that belong to a page no longer on top (the app navigated).
    fn drop_stale_sessions(&mut self) {
        let top = self.pages.top().map(|p| p.id);
        if self
            .controls
            .picker
            .as_ref()
            .is_some_and(|p| Some(p.page_id) != top)
        {
            if let Some(p) = self.controls.picker.take() {
                if let Some(page) = self.pages.get_mut(p.page_id) {
                    page.doc.remove(p.mask);
                }
            }
        }
        if self
            .controls
            .text
            .as_ref()
            .is_some_and(|t| Some(t.page_id) != top)
        {
            self.end_text_session();
        }
    }

    /// Gives `key` to an open overlay or an edited field; true when it took it.
    pub(super) fn overlay_key(&mut self, key: Key) -> Result<bool, EngineError> {
        // A modal or action sheet (or a masked toast) is above everything else.
        if self.interaction_key(key)? {
            return Ok(true);
        }
        self.drop_stale_sessions();
        if self.controls.picker.is_some() {
            self.picker_key(key)?;
            return Ok(true);
        }
        if self.controls.text.is_some() {
            return self.text_key(key);
        }
        Ok(false)
    }

    /// A pointer tap at `(x, y)` while an overlay is open; true when the overlay took it
    /// (the page sees nothing).
    pub(super) fn overlay_tap(&mut self, x: f32, y: f32) -> Result<bool, EngineError> {
        if self.interaction_tap(x, y)? {
            return Ok(true);
        }
        self.drop_stale_sessions();
        if self.controls.picker.is_some() {
            self.picker_tap(x, y)?;
            return Ok(true);
        }
        if self.controls.text.is_some() {
            return self.text_tap(x, y);
        }
        Ok(false)
    }

    /// Hides the default focus ring while an overlay is open; returns it for
    /// [`Runtime::restore_ring`].
    pub(super) fn hide_ring(&mut self) -> Option<NodeId> {
        let page = self.pages.top_mut()?;
        let ring = page.doc.focus_ring;
        page.doc.set_focus_ring(None);
        ring
    }

    /// Shows the default focus ring again (if its node is still the focused one).
    pub(super) fn restore_ring(&mut self, page_id: u32, ring: Option<NodeId>) {
        let Some(page) = self.pages.get_mut(page_id) else {
            return;
        };
        if ring.is_some() && ring == page.focus_applied && page.doc.focus_ring.is_none() {
            page.doc.set_focus_ring(ring);
        }
    }

    /// Opens the option list of `picker` (see the module documentation). A disabled
    /// picker, another mode or an empty range opens nothing.
    pub(super) fn open_picker(&mut self, picker: NodeId) {
        if self.controls.picker.is_some() {
            return;
        }
        let window = self.overlay_window();
        let Some(page) = self.pages.top() else { return };
        let page_id = page.id;
        let doc = &page.doc;
        let props = PickerProps::read(doc, picker);
        if props.disabled {
            return;
        }
        if props.mode != "selector" {
            if self.controls.warned_modes.insert(props.mode.clone()) {
                let message = format!("<picker mode=\"{}\"> is not supported", props.mode);
                self.warn("component", message);
            }
            return;
        }
        let range = page
            .view
            .as_ref()
            .and_then(|v| v.attr_value(picker, "range"))
            .unwrap_or_else(|| {
                picker::range_from_text(doc.node(picker).attr("range").unwrap_or(""))
            });
        let labels = picker::labels(&range, props.range_key.as_deref());
        if labels.is_empty() {
            return;
        }
        let index = props.value.min(labels.len() - 1);
        let ring = self.hide_ring();
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        let root = page.doc.root();
        let mask = picker::build_overlay(
            &mut page.doc,
            root,
            window,
            props.header.as_deref(),
            &labels,
            index,
        );
        self.controls.picker = Some(PickerSession {
            page_id,
            picker,
            mask,
            count: labels.len(),
            index,
            ring,
        });
    }

    fn picker_key(&mut self, key: Key) -> Result<(), EngineError> {
        let Some(s) = self.controls.picker.as_mut() else {
            return Ok(());
        };
        let index = match key {
            Key::Up => s.index.saturating_sub(1),
            Key::Down => (s.index + 1).min(s.count - 1),
            Key::Enter => return self.close_picker(true),
            Key::Back => return self.close_picker(false),
            _ => return Ok(()),
        };
        if index != s.index {
            s.index = index;
            let (page_id, mask) = (s.page_id, s.mask);
            if let Some(page) = self.pages.get_mut(page_id) {
                picker::highlight(&mut page.doc, mask, index);
            }
            self.render_frame()?;
        }
        Ok(())
    }

    fn picker_tap(&mut self, x: f32, y: f32) -> Result<(), EngineError> {
        let Some(s) = self.controls.picker.as_mut() else {
            return Ok(());
        };
        let Some(page) = self.pages.get_mut(s.page_id) else {
            return Ok(());
        };
        let doc = &page.doc;
        let hit = mica_layout::hit_test(doc, x, y);
        match hit {
            Some(h) if picker::in_panel(doc, h) => match picker::row_at(doc, h) {
                Some(i) => {
                    s.index = i;
                    self.close_picker(true)
                }
                None => Ok(()),
            },
            _ => self.close_picker(false),
        }
    }

    /// Closes the picker: `confirm` writes the highlighted index to its `value` and
    /// fires `change`, else `cancel` fires.
    fn close_picker(&mut self, confirm: bool) -> Result<(), EngineError> {
        let Some(s) = self.controls.picker.take() else {
            return Ok(());
        };
        let Some(page) = self.pages.get_mut(s.page_id) else {
            return Ok(());
        };
        page.doc.remove(s.mask);
        let live = page.doc.get(s.picker).is_some();
        if confirm && live {
            page.doc.set_attr(s.picker, "value", &s.index.to_string());
        }
        self.restore_ring(s.page_id, s.ring);
        if live {
            let event = if confirm {
                ComponentEvent {
                    target: s.picker,
                    event: "change",
                    detail: json!({ "value": s.index }),
                }
            } else {
                ComponentEvent {
                    target: s.picker,
                    event: "cancel",
                    detail: json!({}),
                }
            };
            self.send_component_events(vec![event]);
        }
        self.settle()
    }
}
