//! The built-in components ([`crate::components`]) in the runtime: their default actions
//! on taps, Enter and arrow keys, their events to JS, and the pressed look of
//! `hover-class`.
//!
//! A tap (pointer or Enter) first runs the component's default action on the view side:
//! a disabled `button` swallows the tap, a switch, checkbox or radio toggles, a slider
//! moves to the tapped point. Then the JS handlers run: the component's `change` event
//! (on the control or its group), then the `tap` handlers, each with the usual capture
//! and bubble rules. The `hover-class` of the pressed element (and of its ancestors) is
//! applied before and removed after the app settled, so exactly one frame shows it.
//!
//! An arrow key that JS did not `catch` goes to the focused component before it moves
//! the focus: a slider consumes Left/Right while it can still move, a swiper changes
//! page when the focus would leave its current item ([`super::swiper`]), and a digit
//! on a focused `input` starts typing ([`super::keyboard`]). Enter or a tap on a
//! `picker` opens its option list ([`super::overlay`]); on an `input` or `textarea`,
//! the on-screen keyboard.
//!
//! [`ControlState`] is what these components keep on the view side between inputs:
//! the clock, the swipers' runs, the open picker and the text being edited.

use std::collections::HashSet;
use std::time::Duration;

use mica_layout::NodeId;
use serde_json::{Map, Value};

use super::{event_calls, Runtime};
use crate::components::{self, ComponentEvent, Kind};
use crate::platform::Key;
use crate::EngineError;

/// The view side's state of the interactive components (one per runtime).
#[derive(Debug, Default)]
pub(super) struct ControlState {
    /// The runtime's clock: moved only by [`Runtime::advance`].
    pub now: Duration,
    /// The swipers' positions, animations and autoplay.
    pub swipers: super::swiper::Swipers,
    /// The running smooth scrolls of the page and its scroll-views.
    pub scrolls: super::scroll::Scrolls,
    /// Pages refreshing (`onPullDownRefresh` called, not stopped yet) and their
    /// indicator.
    pub refreshing: std::collections::HashMap<u32, NodeId>,
    /// The open picker, if any.
    pub picker: Option<super::overlay::PickerSession>,
    /// The text field being edited, if any.
    pub text: Option<super::keyboard::TextSession>,
    /// Fields whose `focus` (or `auto-focus`) attribute was acted on, by page: the
    /// attribute asks once, until it goes away.
    pub focus_asked: HashSet<(u32, NodeId)>,
    /// Handler calls whose return value is awaited: reply id → (page, field).
    pub replies: std::collections::HashMap<u64, (u32, NodeId)>,
    /// The next reply id.
    pub next_reply: u64,
    /// Picker modes already reported as unsupported.
    pub warned_modes: HashSet<String>,
}

/// The elements a press styled, to restore once the app settled.
#[derive(Debug, Default)]
pub(super) struct Pressed {
    page_id: u32,
    /// Each node with the hover classes the press added to it.
    added: Vec<(NodeId, Vec<String>)>,
}

impl Runtime {
    /// The default action of a tap on `target` (`at`: the pointer position, `None` for
    /// Enter): applies the hover classes, runs the component and queues its event.
    /// `None` when the tap must run nothing (a disabled button).
    pub(super) fn component_tap(
        &mut self,
        target: NodeId,
        at: Option<(f32, f32)>,
    ) -> Option<Pressed> {
        let Some(page) = self.pages.top_mut() else {
            return Some(Pressed::default());
        };
        let doc = &mut page.doc;
        if components::tap_blocked(doc, target) {
            return None;
        }
        let mut pressed = Pressed {
            page_id: page.id,
            added: Vec::new(),
        };
        for (node, classes) in components::hover_classes(doc, target) {
            let mut all = doc.node(node).state_classes.clone();
            let new: Vec<String> = classes.into_iter().filter(|c| !all.contains(c)).collect();
            if new.is_empty() {
                continue;
            }
            all.extend(new.iter().cloned());
            doc.set_state_classes(node, all);
            pressed.added.push((node, new));
        }
        let event = components::on_tap(doc, target, at);
        // A picker opens its list; a text field starts editing.
        let host = components::host(doc, target);
        let opens = std::iter::once(host)
            .chain(doc.ancestors(host))
            .find_map(|n| match components::kind(doc, n) {
                Some(k @ (Kind::Picker | Kind::Input | Kind::Textarea)) => Some((n, k)),
                _ => None,
            });
        if let Some(event) = event {
            self.send_component_events(vec![event]);
        }
        match opens {
            Some((c, Kind::Picker)) => self.open_picker(c),
            Some((c, _)) => self.open_text(c),
            None => {}
        }
        Some(pressed)
    }

    /// Removes what [`Runtime::component_tap`] added, then draws.
    pub(super) fn release(&mut self, pressed: Pressed) -> Result<(), EngineError> {
        if pressed.added.is_empty() {
            return Ok(());
        }
        if let Some(page) = self.pages.get_mut(pressed.page_id) {
            for (node, added) in pressed.added {
                let Some(n) = page.doc.get(node) else {
                    continue;
                };
                let kept: Vec<String> = n
                    .state_classes
                    .iter()
                    .filter(|c| !added.contains(c))
                    .cloned()
                    .collect();
                page.doc.set_state_classes(node, kept);
            }
        }
        self.render_frame()
    }

    /// Gives an arrow key to the focused component; true when it consumed the key (its
    /// events were sent and the app settled).
    pub(super) fn component_key(&mut self, key: Key) -> Result<bool, EngineError> {
        if self.swiper_key(key)? || self.field_digit(key)? {
            return Ok(true);
        }
        let Some(page) = self.pages.top_mut() else {
            return Ok(false);
        };
        let Some(node) = page.focus.focused() else {
            return Ok(false);
        };
        let outcome = components::on_key(&mut page.doc, node, key);
        if !outcome.consumed {
            return Ok(false);
        }
        self.send_component_events(outcome.events);
        self.settle()?;
        Ok(true)
    }

    /// Queues the handlers of component events on the page on top, each dispatched
    /// like a tap (capture, then bubble) with WeChat's event object.
    pub(super) fn send_component_events(&mut self, fired: Vec<ComponentEvent>) {
        let Some(page) = self.pages.top() else {
            return;
        };
        let Some(view) = page.view.as_ref() else {
            return;
        };
        let doc = &page.doc;
        let page_id = page.id;
        let mut calls: Vec<(Option<u32>, String, Value)> = Vec::new();
        for e in fired.into_iter().filter(|e| doc.get(e.target).is_some()) {
            calls.extend(event_calls(
                doc,
                view,
                e.target,
                e.event,
                &e.detail,
                &Map::new(),
            ));
        }
        self.send_events(page_id, calls);
    }
}
