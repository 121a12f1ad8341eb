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
//! the focus: a slider consumes Left/Right while it can still move.

use mica_layout::NodeId;
use serde_json::{Map, Value};

use super::{event_calls, Runtime};
use crate::components::{self, ComponentEvent};
use crate::platform::Key;
use crate::EngineError;

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
        if let Some(event) = components::on_tap(doc, target, at) {
            self.send_component_events(vec![event]);
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
    fn send_component_events(&mut self, fired: Vec<ComponentEvent>) {
        let Some(page) = self.pages.top() else {
            return;
        };
        let Some(view) = page.view.as_ref() else {
            return;
        };
        let doc = &page.doc;
        let page_id = page.id;
        let mut calls: Vec<(String, Value)> = Vec::new();
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
