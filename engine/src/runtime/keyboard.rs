//! Text entry on the view thread: the editing session of an `input` or `textarea`, the
//! on-screen keyboard Mica draws for it, and the hook for a host-provided input method.
//!
//! A session starts with Enter or a tap on a field, a digit key on a focused `input`
//! (which is also typed), or a `focus`/`auto-focus` attribute (acted on by
//! [`Runtime::advance`]). It fires `focus` (`{value, height}`, the keyboard's height),
//! shows the caret (with Mica's keyboard, `keyboardheightchange` `{height, duration}`
//! fires first, and again with height 0 after `blur`), and then either:
//!
//! - asks the [`InputMethod`] of [`RuntimeConfig::input_method`](super::RuntimeConfig),
//!   if there is one, to take over ([`InputMethod::begin`]); the host feeds the text
//!   back with [`Runtime::edit_text`] and Mica draws no keyboard; or
//! - draws Mica's keyboard ([`crate::components::keyboard`]) at the bottom of the
//!   window: arrows move between keys, Enter presses the highlighted one, digit keys
//!   type digits, Back closes it. Taps on its keys press them; a tap elsewhere closes
//!   it and goes on to the page.
//!
//! Each change of the value fires `input` (`{value, cursor, keyCode}`); when the
//! field's own `bindinput` handler returns a string, that string becomes the value, as
//! WeChat documents. The confirm key fires `confirm` (`{value}`) and, unless
//! `confirm-hold`, ends the session; ending it (Back, a tap outside, the page setting
//! `focus` to false) fires `blur` (`{value, cursor}`). A `textarea` whose
//! `confirm-type` is `return` (the default) has an Enter key for new lines and its
//! confirm key only ends the session.

use std::sync::Arc;

use mica_layout::NodeId;
use serde_json::{json, Map};

use super::{event_calls, Runtime};
use crate::components::keyboard::{self, KeyAction, Keyboard, Preview};
use crate::components::text_input::{self, FieldProps, FieldType};
use crate::components::{self, ComponentEvent, Kind};
use crate::focus::Direction;
use crate::platform::Key;
use crate::script::ToLogic;
use crate::EngineError;

/// A text field being edited, as an input method sees it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct TextField {
    /// The current value.
    pub value: String,
    /// What the field accepts (`type`); a `textarea` is [`FieldType::Text`].
    pub field_type: FieldType,
    /// A `textarea`: new lines are allowed.
    pub multiline: bool,
    /// `password`: do not echo the text.
    pub password: bool,
    /// `maxlength` in characters (`None`: no limit).
    pub max_length: Option<usize>,
    /// `confirm-type` (`done`, `send`, `search`, `next`, `go`, `return`).
    pub confirm_type: String,
    /// `placeholder`.
    pub placeholder: String,
}

impl TextField {
    fn from_props(p: &FieldProps) -> TextField {
        TextField {
            value: p.value.clone(),
            field_type: p.field_type,
            multiline: p.multiline,
            password: p.password,
            max_length: p.max_length,
            confirm_type: p.confirm_type.clone(),
            placeholder: p.placeholder.clone(),
        }
    }
}

/// A host-provided input method: a platform's soft keyboard, a phone-remote app, voice
/// input. Set it in [`RuntimeConfig::input_method`](super::RuntimeConfig); Mica then
/// asks it first whenever a text field starts being edited.
///
/// Calls come on the view thread, from inside [`Runtime`] methods; an implementation
/// that needs to call back into the runtime queues the work for the platform's main
/// loop, which calls [`Runtime::edit_text`].
pub trait InputMethod: Send + Sync + std::fmt::Debug {
    /// A field starts being edited. Return true to take over text entry (Mica draws no
    /// keyboard and expects the text through [`Runtime::edit_text`]), false to let Mica
    /// draw its own keyboard.
    fn begin(&self, field: &TextField) -> bool;
    /// The session of the field ended (confirmed, cancelled, or the page went away).
    fn end(&self) {}
}

/// A change to the edited field, from Mica's keyboard, the remote's digit keys or a
/// host [`InputMethod`] (through [`Runtime::edit_text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TextEdit {
    /// Type text at the end (characters the field's type refuses, and any beyond
    /// `maxlength`, are dropped).
    Insert(String),
    /// Delete the last character.
    Backspace,
    /// Replace the whole value (an IME's composition result), cut to `maxlength`.
    Replace(String),
    /// The confirm key: `confirm`, then the end of the session unless `confirm-hold`.
    Confirm,
    /// End the session (`blur`).
    Cancel,
}

/// The field being edited.
#[derive(Debug)]
pub(super) struct TextSession {
    pub page_id: u32,
    pub node: NodeId,
    /// Mica's keyboard and its overlay's root part; `None` when an input method took
    /// over.
    pub keyboard: Option<(Keyboard, NodeId)>,
    /// The default focus ring, hidden while the keyboard is up.
    ring: Option<NodeId>,
}

/// `keyCode` of a typed text (its first character), as a DOM `keyCode` would be for
/// the common keys; 8 for backspace.
fn key_code(edit: &TextEdit) -> u32 {
    match edit {
        TextEdit::Backspace => 8,
        TextEdit::Insert(t) | TextEdit::Replace(t) => match t.chars().next() {
            Some('\n') => 13,
            Some(c) => u32::from(c),
            None => 0,
        },
        _ => 0,
    }
}

impl Runtime {
    /// The field being edited, as an input method sees it.
    pub fn text_field(&self) -> Option<TextField> {
        let s = self.controls.text.as_ref()?;
        let page = self.pages.top().filter(|p| p.id == s.page_id)?;
        page.doc.get(s.node)?;
        Some(TextField::from_props(&FieldProps::read(&page.doc, s.node)))
    }

    /// True while Mica's on-screen keyboard is shown.
    pub fn keyboard_open(&self) -> bool {
        self.controls
            .text
            .as_ref()
            .is_some_and(|t| t.keyboard.is_some())
    }

    /// Applies an edit to the field being edited (see [`TextEdit`]), fires its events
    /// and waits for the app to settle. Does nothing when no field is edited.
    pub fn edit_text(&mut self, edit: TextEdit) -> Result<(), EngineError> {
        let Some((page_id, node)) = self.controls.text.as_ref().map(|t| (t.page_id, t.node)) else {
            return Ok(());
        };
        let Some(page) = self.pages.get_mut(page_id) else {
            return Ok(());
        };
        if page.doc.get(node).is_none() {
            self.end_text_session();
            return Ok(());
        }
        let props = FieldProps::read(&page.doc, node);
        let value = match &edit {
            TextEdit::Insert(t) => text_input::insert(&props, &props.value, t),
            TextEdit::Backspace => text_input::backspace(&props.value),
            TextEdit::Replace(t) => {
                let cut = FieldProps {
                    field_type: FieldType::Text,
                    ..props.clone()
                };
                text_input::insert(&cut, "", t)
            }
            TextEdit::Confirm => return self.confirm_text(&props),
            TextEdit::Cancel => {
                self.blur_text();
                return self.settle();
            }
        };
        if value == props.value {
            return Ok(());
        }
        text_input::set_value(&mut page.doc, node, &value);
        let cursor = value.chars().count();
        let detail = json!({ "value": value, "cursor": cursor, "keyCode": key_code(&edit) });
        self.send_input_event(node, &detail);
        self.settle()?;
        self.refresh_preview();
        self.render_frame()
    }

    /// Sends the `input` event of `node`; its own handlers' return values are awaited
    /// ([`Runtime::event_returned`]).
    fn send_input_event(&mut self, node: NodeId, detail: &serde_json::Value) {
        let Some(page) = self.pages.top() else { return };
        let Some(view) = page.view.as_ref() else {
            return;
        };
        let page_id = page.id;
        let doc = &page.doc;
        let plan = crate::view::events::plan(doc, view, node, "input");
        let calls = event_calls(doc, view, node, "input", detail, &Map::new());
        for (d, (instance, handler, event)) in plan.into_iter().zip(calls) {
            let target = instance.unwrap_or(page_id);
            if d.current_target == node {
                let reply_id = self.controls.next_reply;
                self.controls.next_reply += 1;
                self.controls.replies.insert(reply_id, (page_id, node));
                self.send_logic(ToLogic::EventReturning {
                    page_id: target,
                    handler,
                    event,
                    reply_id,
                });
            } else {
                self.send_logic(ToLogic::Event {
                    page_id: target,
                    handler,
                    event,
                });
            }
        }
    }

    /// A `bindinput` handler returned: a string replaces the field's value.
    pub(super) fn event_returned(&mut self, reply_id: u64, value: Option<String>) {
        let Some((page_id, node)) = self.controls.replies.remove(&reply_id) else {
            return;
        };
        let (Some(value), Some(page)) = (value, self.pages.get_mut(page_id)) else {
            return;
        };
        if page.doc.get(node).is_some() {
            text_input::set_value(&mut page.doc, node, &value);
        }
    }

    /// Starts editing `node` (see the module documentation); nothing for a disabled
    /// field or the one already edited.
    pub(super) fn open_text(&mut self, node: NodeId) {
        let edited = self.controls.text.as_ref().map(|t| t.node);
        if edited == Some(node) {
            return;
        }
        if edited.is_some() {
            self.blur_text();
        }
        let window = self.overlay_window();
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        let page_id = page.id;
        if !matches!(
            components::kind(&page.doc, node),
            Some(Kind::Input | Kind::Textarea)
        ) {
            return;
        }
        let props = FieldProps::read(&page.doc, node);
        if props.disabled {
            return;
        }
        text_input::set_editing(&mut page.doc, node, true);
        let field = TextField::from_props(&props);
        let ime: Option<Arc<dyn InputMethod>> = self.config.input_method.clone();
        let taken = ime.as_ref().is_some_and(|m| m.begin(&field));
        let mut session = TextSession {
            page_id,
            node,
            keyboard: None,
            ring: None,
        };
        let mut height = 0.0;
        if !taken {
            session.ring = self.hide_ring();
            let kb = Keyboard::new(props.field_type, props.multiline, &props.confirm_type);
            let preview = preview_of(&props);
            let Some(page) = self.pages.top_mut() else {
                return;
            };
            let root = page.doc.root();
            let panel = keyboard::build_overlay(&mut page.doc, root, &kb, window, &preview);
            height = keyboard::height(&kb, window);
            session.keyboard = Some((kb, panel));
        }
        self.controls.text = Some(session);
        // As on a phone: the keyboard comes up, then the field has the focus.
        let mut events = Vec::new();
        if height > 0.0 {
            events.push(ComponentEvent {
                target: node,
                event: "keyboardheightchange",
                detail: json!({ "height": height, "duration": 0 }),
            });
        }
        events.push(ComponentEvent {
            target: node,
            event: "focus",
            detail: json!({ "value": props.value, "height": height }),
        });
        self.send_component_events(events);
    }

    /// Ends the session with `blur` (the value stays).
    pub(super) fn blur_text(&mut self) {
        let Some((page_id, node)) = self.controls.text.as_ref().map(|t| (t.page_id, t.node)) else {
            return;
        };
        let value = self.pages.get_mut(page_id).and_then(|p| {
            p.doc
                .get(node)
                .map(|n| n.attr("value").unwrap_or("").to_string())
        });
        let had_keyboard = self.keyboard_open();
        self.end_text_session();
        if let Some(value) = value {
            let cursor = value.chars().count();
            let mut events = vec![ComponentEvent {
                target: node,
                event: "blur",
                detail: json!({ "value": value, "cursor": cursor }),
            }];
            if had_keyboard {
                events.push(ComponentEvent {
                    target: node,
                    event: "keyboardheightchange",
                    detail: json!({ "height": 0, "duration": 0 }),
                });
            }
            self.send_component_events(events);
        }
    }

    /// Ends the session without events: hides the caret and the keyboard, tells the
    /// input method.
    pub(super) fn end_text_session(&mut self) {
        let Some(s) = self.controls.text.take() else {
            return;
        };
        if let Some(page) = self.pages.get_mut(s.page_id) {
            text_input::set_editing(&mut page.doc, s.node, false);
            if let Some((_, panel)) = s.keyboard {
                page.doc.remove(panel);
            }
        }
        if s.keyboard.is_some() {
            self.restore_ring(s.page_id, s.ring);
        } else if let Some(ime) = &self.config.input_method {
            ime.end();
        }
    }

    fn confirm_text(&mut self, props: &FieldProps) -> Result<(), EngineError> {
        let Some(node) = self.controls.text.as_ref().map(|t| t.node) else {
            return Ok(());
        };
        let fires = !(props.multiline && props.confirm_type == "return");
        if fires {
            self.send_component_events(vec![ComponentEvent {
                target: node,
                event: "confirm",
                detail: json!({ "value": props.value }),
            }]);
        }
        if !props.confirm_hold || !fires {
            self.blur_text();
        }
        self.settle()
    }

    /// A key while a field is edited; true when it was used.
    pub(super) fn text_key(&mut self, key: Key) -> Result<bool, EngineError> {
        if let Key::Digit(d) = key {
            self.edit_text(TextEdit::Insert(d.min(9).to_string()))?;
            return Ok(true);
        }
        let with_keyboard = self.keyboard_open();
        match key {
            Key::Back => self.edit_text(TextEdit::Cancel)?,
            Key::Enter if !with_keyboard => self.edit_text(TextEdit::Confirm)?,
            Key::Enter => {
                let action = self
                    .controls
                    .text
                    .as_ref()
                    .and_then(|t| t.keyboard.as_ref())
                    .and_then(|(kb, _)| kb.selected_key())
                    .map(|k| k.action);
                if let Some(a) = action {
                    self.keyboard_action(&a)?;
                }
            }
            Key::Up | Key::Down | Key::Left | Key::Right if with_keyboard => {
                if let Some(dir) = Direction::from_key(key) {
                    self.keyboard_move(dir)?;
                }
            }
            // With an input method, arrows stay with the field (the host handles them).
            Key::Up | Key::Down | Key::Left | Key::Right => {}
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn keyboard_move(&mut self, dir: Direction) -> Result<(), EngineError> {
        let window = self.overlay_window();
        let Some(s) = self.controls.text.as_mut() else {
            return Ok(());
        };
        let Some((kb, panel)) = s.keyboard.as_mut() else {
            return Ok(());
        };
        if !kb.move_focus(dir) {
            return Ok(());
        }
        if let Some(page) = self.pages.get_mut(s.page_id) {
            keyboard::restyle_keys(&mut page.doc, *panel, kb, window);
        }
        self.render_frame()
    }

    /// Presses a key of Mica's keyboard.
    fn keyboard_action(&mut self, action: &KeyAction) -> Result<(), EngineError> {
        let window = self.overlay_window();
        let Some(s) = self.controls.text.as_mut() else {
            return Ok(());
        };
        let Some((kb, panel)) = s.keyboard.as_mut() else {
            return Ok(());
        };
        let before = (kb.layout(), kb.shifted());
        let edit = kb.apply(action);
        if (kb.layout(), kb.shifted()) != before {
            // New key labels: draw the keys again.
            let kb = kb.clone();
            let panel = *panel;
            let page_id = s.page_id;
            let node = s.node;
            if let Some(page) = self.pages.get_mut(page_id) {
                let preview = preview_of(&FieldProps::read(&page.doc, node));
                keyboard::rebuild(&mut page.doc, panel, &kb, window, &preview);
            }
        }
        match edit {
            Some(KeyAction::Text(t)) => self.edit_text(TextEdit::Insert(t))?,
            Some(KeyAction::Backspace) => self.edit_text(TextEdit::Backspace)?,
            Some(KeyAction::Done) => self.edit_text(TextEdit::Confirm)?,
            _ => {}
        }
        self.render_frame()
    }

    /// A tap while a field is edited: on the keyboard it presses the key under it (and
    /// the page sees nothing); elsewhere it ends the session and goes on to the page.
    pub(super) fn text_tap(&mut self, x: f32, y: f32) -> Result<bool, EngineError> {
        let panel = self
            .controls
            .text
            .as_ref()
            .and_then(|t| t.keyboard.as_ref().map(|(_, p)| *p));
        let Some(page) = self.pages.top() else {
            return Ok(false);
        };
        let hit = mica_layout::hit_test(&page.doc, x, y);
        if let (Some(panel), Some(h)) = (panel, hit) {
            if keyboard::contains(&page.doc, panel, h) {
                let at = keyboard::key_at(&page.doc, h);
                if let Some((r, c)) = at {
                    let action = self.controls.text.as_mut().and_then(|t| {
                        let (kb, _) = t.keyboard.as_mut()?;
                        kb.select(r, c);
                        kb.selected_key().map(|k| k.action)
                    });
                    self.keyboard_move_highlight()?;
                    if let Some(a) = action {
                        self.keyboard_action(&a)?;
                    }
                }
                return Ok(true);
            }
        }
        // A tap on the edited field itself keeps editing (and is the page's tap).
        let edited = self.controls.text.as_ref().map(|t| t.node);
        let on_field = hit.is_some_and(|h| {
            let host = components::host(&page.doc, h);
            Some(host) == edited || edited.is_some_and(|e| page.doc.ancestors(host).any(|a| a == e))
        });
        if on_field {
            return Ok(false);
        }
        self.blur_text();
        self.settle()?;
        Ok(false)
    }

    /// Redraws the key highlight after a selection by pointer.
    fn keyboard_move_highlight(&mut self) -> Result<(), EngineError> {
        let window = self.overlay_window();
        let Some(s) = self.controls.text.as_ref() else {
            return Ok(());
        };
        let Some((kb, panel)) = s.keyboard.as_ref() else {
            return Ok(());
        };
        if let Some(page) = self.pages.get_mut(s.page_id) {
            keyboard::restyle_keys(&mut page.doc, *panel, kb, window);
        }
        Ok(())
    }

    /// Shows the field's current value in the keyboard's preview line (after the app
    /// answered: a handler may have replaced the value).
    fn refresh_preview(&mut self) {
        let Some(s) = self.controls.text.as_ref() else {
            return;
        };
        let Some((_, panel)) = s.keyboard.as_ref() else {
            return;
        };
        let (panel, node) = (*panel, s.node);
        if let Some(page) = self.pages.get_mut(s.page_id) {
            if page.doc.get(node).is_some() {
                let preview = preview_of(&FieldProps::read(&page.doc, node));
                keyboard::update_preview(&mut page.doc, panel, &preview);
            }
        }
    }

    /// A digit key on a focused `input` or `textarea` that is not being edited starts
    /// editing it and types the digit; true when it did.
    pub(super) fn field_digit(&mut self, key: Key) -> Result<bool, EngineError> {
        let Key::Digit(d) = key else {
            return Ok(false);
        };
        let Some(focused) = self.focused() else {
            return Ok(false);
        };
        let Some(page) = self.pages.top() else {
            return Ok(false);
        };
        if !matches!(
            components::kind(&page.doc, focused),
            Some(Kind::Input | Kind::Textarea)
        ) || FieldProps::read(&page.doc, focused).disabled
        {
            return Ok(false);
        }
        self.open_text(focused);
        self.settle()?;
        self.edit_text(TextEdit::Insert(d.min(9).to_string()))?;
        Ok(true)
    }
}

/// The preview line for a field.
fn preview_of(p: &FieldProps) -> Preview {
    if p.value.is_empty() {
        return Preview {
            text: p.placeholder.clone(),
            placeholder: true,
        };
    }
    let text = if p.password {
        "\u{2022}".repeat(p.value.chars().count())
    } else {
        p.value.clone()
    };
    Preview {
        text,
        placeholder: false,
    }
}
