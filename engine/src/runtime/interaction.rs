//! The interaction APIs on the view side — `wx.showToast`/`showLoading`, `wx.showModal`,
//! `wx.showActionSheet` — and the watchdog's error banner: what Mica draws over the
//! page for them, and how keys and taps reach them.
//!
//! Each is a part tree appended to the document of the page on top (see
//! [`parts`]), like the picker's list ([`super::overlay`]), so layout, painting and
//! damage need nothing special. What each does with input:
//!
//! - **Toast / loading** (one slot: a new one replaces the one on screen, and
//!   `hideToast`/`hideLoading` close either unless `noConflict`). A toast hides after
//!   its `duration` on the view's clock ([`Runtime::advance`]); a loading stays until
//!   hidden. Without `mask` it takes no input: keys go on to the page and taps go to
//!   what lies under it. With `mask: true`, taps on the page and keys are swallowed
//!   while it shows. It is not tied to a page: after a navigation it is drawn on the
//!   new page on top (WeChat's toast outlives `navigateBack`, a common "saved, going
//!   back" pattern).
//! - **Modal**: a box over a dimmed page. Left/Right (and Up/Down) move the highlight
//!   between the buttons, which starts on the confirm button; Enter presses the
//!   highlighted one; Back cancels (also without a cancel button: a remote has no other
//!   way out). A tap on a button presses it; a tap elsewhere does nothing, as in WeChat.
//!   `success` gets `{confirm, cancel}`.
//! - **Action sheet**: items over a Cancel row at the bottom. Up/Down move, Enter picks
//!   (`success {tapIndex}`), Back, the Cancel row or a tap on the mask cancel
//!   (`fail`, `showActionSheet:fail cancel`).
//! - **Error banner** ([`Runtime::show_error_overlay`]): after the watchdog stopped a
//!   script, a red-bordered banner over the top of the page area says "Script stopped"
//!   with the first line of the message. It takes no input, and goes after
//!   [`ERROR_BANNER_DURATION`] on the view's clock or at the next navigation.
//!
//! One modal or action sheet shows at a time; one asked for while another is open
//! waits and opens when it closes (WeChat does not document the case; queuing keeps
//! every call answered). A dialog belongs to the page that was on top when it was
//! asked for: when that page stops being on top (any navigation), the dialog closes
//! and the call fails with `showModal:fail cancel` / `showActionSheet:fail cancel`
//! (not a `success` with `cancel: true`: the user chose nothing), and so do the calls
//! still waiting for that page.
//!
//! While a modal or sheet is open the page's focus stays where it was and the default
//! focus ring is hidden; page scrolling is held ([`Runtime::overlay_open`]).

mod parts;

use std::collections::VecDeque;
use std::time::Duration;

use mica_layout::NodeId;
use serde_json::{json, Value};

use super::Runtime;
use crate::platform::Key;
use crate::script::{ActionSheet, HideToast, Interaction, Modal, ToLogic, Toast, ToastIcon};
use crate::EngineError;

/// How long the watchdog's banner stays on the view's clock.
pub const ERROR_BANNER_DURATION: Duration = Duration::from_secs(5);

/// The text of the action sheet's Cancel row (WeChat's).
const SHEET_CANCEL_TEXT: &str = "取消";

/// What the interaction APIs show (one per runtime).
#[derive(Debug, Default)]
pub(super) struct Interactions {
    toast: Option<ToastShown>,
    dialog: Option<DialogShown>,
    /// Modals and sheets asked for while another was open, oldest first.
    waiting: VecDeque<Asked>,
    banner: Option<Banner>,
}

/// A toast or loading, and where it is drawn.
#[derive(Debug)]
struct ToastShown {
    toast: Toast,
    /// The page it is drawn on and its layer; `None` until a page is on top.
    drawn: Option<(u32, NodeId)>,
    /// When it hides on the view's clock (`None`: a loading, until hidden).
    until: Option<Duration>,
    /// The page scroll offset it was placed for.
    top: f32,
}

/// A modal or action sheet.
#[derive(Debug)]
enum Dialog {
    Modal(Modal),
    Sheet(ActionSheet),
}

impl Dialog {
    /// The number of choices: buttons, or items plus the Cancel row.
    fn choices(&self) -> usize {
        match self {
            Dialog::Modal(m) => 1 + usize::from(m.show_cancel),
            Dialog::Sheet(s) => s.item_list.len() + 1,
        }
    }

    /// The choice highlighted when it opens: an editable modal's field, confirm, or
    /// the first item.
    fn first_highlight(&self) -> usize {
        match self {
            Dialog::Modal(m) if m.editable => parts::FIELD,
            Dialog::Modal(_) => self.choices() - 1,
            Dialog::Sheet(_) => 0,
        }
    }

    fn api(&self) -> &'static str {
        match self {
            Dialog::Modal(_) => "showModal",
            Dialog::Sheet(_) => "showActionSheet",
        }
    }

    /// The answer for choice `index` (`None`: cancelled by Back, or by the system);
    /// `content` is an editable modal's text.
    fn answer(&self, index: Option<usize>, content: Option<String>) -> Result<Value, String> {
        match self {
            Dialog::Modal(m) => {
                let confirm = index == Some(self.choices() - 1);
                let mut res = json!({ "confirm": confirm, "cancel": !confirm });
                if let (true, Value::Object(o)) = (m.editable, &mut res) {
                    o.insert("content".into(), Value::String(content.unwrap_or_default()));
                }
                Ok(res)
            }
            Dialog::Sheet(s) => match index {
                Some(i) if i < s.item_list.len() => Ok(json!({ "tapIndex": i })),
                _ => Err(self.cancelled()),
            },
        }
    }

    /// The errMsg of a call whose dialog went away with its page.
    fn cancelled(&self) -> String {
        format!("{}:fail cancel", self.api())
    }
}

/// A dialog asked for.
#[derive(Debug)]
struct Asked {
    request_id: u64,
    /// The page on top when it was asked for (`None`: none yet; the first one adopts it).
    page_id: Option<u32>,
    dialog: Dialog,
}

/// The open dialog.
#[derive(Debug)]
struct DialogShown {
    asked: Asked,
    page_id: u32,
    mask: NodeId,
    highlight: usize,
    /// An editable modal's text field.
    field: Option<NodeId>,
    /// The default focus ring, hidden while open.
    ring: Option<NodeId>,
    /// The page scroll offset it was placed for.
    top: f32,
}

/// The watchdog's banner.
#[derive(Debug)]
struct Banner {
    message: String,
    page_id: u32,
    layer: NodeId,
    until: Duration,
    top: f32,
}

impl Runtime {
    /// Carries out a [`crate::script::ToView::Interaction`] request.
    pub(super) fn interaction(&mut self, request: Interaction) {
        match request {
            Interaction::ShowToast(toast) => self.show_toast(toast),
            Interaction::HideToast(which) => {
                let hides = self
                    .interactions
                    .toast
                    .as_ref()
                    .is_some_and(|t| match which {
                        HideToast::Any => true,
                        HideToast::Toast => !t.toast.loading,
                        HideToast::Loading => t.toast.loading,
                    });
                if hides {
                    self.remove_toast();
                }
            }
            Interaction::ShowModal { request_id, modal } => {
                self.ask(request_id, Dialog::Modal(modal));
            }
            Interaction::ShowActionSheet { request_id, sheet } => {
                self.ask(request_id, Dialog::Sheet(sheet));
            }
        }
    }

    /// Shows the watchdog's banner with the first line of `message` over the page on
    /// top, replacing one already shown (see the module documentation).
    pub(super) fn show_error_banner(&mut self, message: &str) {
        self.remove_banner();
        let window = self.overlay_window();
        let until = self.controls.now + ERROR_BANNER_DURATION;
        let fonts = &self.fonts;
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        let root = page.doc.root();
        let layer = parts::error_banner(&mut page.doc, root, window, fonts, message);
        self.interactions.banner = Some(Banner {
            message: message.to_string(),
            page_id: page.id,
            layer,
            until,
            top: window.top,
        });
    }

    fn show_toast(&mut self, toast: Toast) {
        self.remove_toast();
        let until = toast
            .duration_ms
            .map(|ms| self.controls.now + Duration::from_millis(ms));
        self.interactions.toast = Some(ToastShown {
            toast,
            drawn: None,
            until,
            top: 0.0,
        });
        self.draw_toast();
    }

    /// Draws the toast on the page on top (if it is not drawn yet).
    fn draw_toast(&mut self) {
        let window = self.overlay_window();
        let fonts = &self.fonts;
        let (Some(shown), Some(page)) = (self.interactions.toast.as_mut(), self.pages.top_mut())
        else {
            return;
        };
        if shown.drawn.is_some() {
            return;
        }
        let root = page.doc.root();
        let layer = parts::toast(&mut page.doc, root, window, fonts, &shown.toast);
        shown.drawn = Some((page.id, layer));
        shown.top = window.top;
    }

    fn remove_toast(&mut self) {
        if let Some(ToastShown {
            drawn: Some((page_id, layer)),
            ..
        }) = self.interactions.toast.take()
        {
            if let Some(page) = self.pages.get_mut(page_id) {
                page.doc.remove(layer);
            }
        }
    }

    fn remove_banner(&mut self) {
        if let Some(b) = self.interactions.banner.take() {
            if let Some(page) = self.pages.get_mut(b.page_id) {
                page.doc.remove(b.layer);
            }
        }
    }

    /// Queues a dialog for the page on top and opens it if none is open.
    fn ask(&mut self, request_id: u64, dialog: Dialog) {
        let page_id = self.pages.top().map(|p| p.id);
        self.interactions.waiting.push_back(Asked {
            request_id,
            page_id,
            dialog,
        });
        self.open_next_dialog();
    }

    /// Opens the oldest waiting dialog when none is open and a page is on top.
    fn open_next_dialog(&mut self) {
        if self.interactions.dialog.is_some() {
            return;
        }
        let Some(top) = self.pages.top().map(|p| p.id) else {
            return;
        };
        let Some(asked) = self.interactions.waiting.pop_front() else {
            return;
        };
        let ring = self.hide_ring();
        let window = self.overlay_window();
        let fonts = &self.fonts;
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        let root = page.doc.root();
        let highlight = asked.dialog.first_highlight();
        let (mask, field) = match &asked.dialog {
            Dialog::Modal(m) => parts::modal(&mut page.doc, root, window, fonts, m, highlight),
            Dialog::Sheet(s) => (
                parts::action_sheet(
                    &mut page.doc,
                    root,
                    window,
                    fonts,
                    s,
                    SHEET_CANCEL_TEXT,
                    highlight,
                ),
                None,
            ),
        };
        self.interactions.dialog = Some(DialogShown {
            asked,
            page_id: top,
            mask,
            highlight,
            field,
            ring,
            top: window.top,
        });
    }

    /// What this module draws on page `page_id`, bottom first: the dialog's mask, the
    /// toast's layer, the banner's.
    fn layers(&self, page_id: u32) -> Vec<NodeId> {
        let dialog = self
            .interactions
            .dialog
            .as_ref()
            .filter(|d| d.page_id == page_id)
            .map(|d| d.mask);
        // The keyboard of an editable modal's field goes over the modal.
        let keyboard = self.modal_field_session().and_then(|_| {
            let t = self.controls.text.as_ref()?;
            t.keyboard.as_ref().map(|(_, panel)| *panel)
        });
        dialog
            .into_iter()
            .chain(keyboard)
            .chain(self.floating_layers(page_id))
            .collect()
    }

    /// Keeps this module's layers the last children of the page root, in order, so they
    /// paint over (and are hit before) the page, also over nodes the page added after
    /// them (a `wx:if` that became true, the content of a page instantiated after an
    /// `App.onLaunch` toast) and over a picker opened meanwhile.
    fn keep_on_top(&mut self) {
        let Some(page_id) = self.pages.top().map(|p| p.id) else {
            return;
        };
        let layers = self.layers(page_id);
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        let root = page.doc.root();
        if page.doc.node(root).children.ends_with(&layers) {
            return;
        }
        for layer in layers {
            page.doc.append_child(root, layer);
        }
    }

    /// The toast's and the banner's layers drawn on page `page_id`, bottom first.
    fn floating_layers(&self, page_id: u32) -> Vec<NodeId> {
        let toast = self
            .interactions
            .toast
            .as_ref()
            .and_then(|t| t.drawn)
            .filter(|(p, _)| *p == page_id)
            .map(|(_, l)| l);
        let banner = self
            .interactions
            .banner
            .as_ref()
            .filter(|b| b.page_id == page_id)
            .map(|b| b.layer);
        toast.into_iter().chain(banner).collect()
    }

    /// Closes the open dialog with choice `index` (`None`: cancelled), answers the
    /// call, opens the next waiting one and settles.
    fn close_dialog(&mut self, index: Option<usize>) -> Result<(), EngineError> {
        if self.modal_field_session().is_some() {
            self.end_text_session();
        }
        let Some(shown) = self.interactions.dialog.take() else {
            return Ok(());
        };
        let mut content = None;
        if let Some(page) = self.pages.get_mut(shown.page_id) {
            content = shown
                .field
                .and_then(|f| page.doc.get(f))
                .and_then(|n| n.attr("value"))
                .map(str::to_string);
            page.doc.remove(shown.mask);
        }
        self.restore_ring(shown.page_id, shown.ring);
        let result = shown.asked.dialog.answer(index, content);
        self.send_logic(ToLogic::InteractionDone {
            request_id: shown.asked.request_id,
            result,
        });
        self.open_next_dialog();
        self.settle()
    }

    /// When the toast or the banner hides next, on the view's clock.
    pub(super) fn interaction_due(&self) -> Option<Duration> {
        let toast = self.interactions.toast.as_ref().and_then(|t| t.until);
        let banner = self.interactions.banner.as_ref().map(|b| b.until);
        toast.into_iter().chain(banner).min()
    }

    /// True while what the interaction APIs show takes the input: an open modal or
    /// action sheet, or a toast with `mask`.
    pub(super) fn interaction_blocks_input(&self) -> bool {
        self.interactions.dialog.is_some()
            || self
                .interactions
                .toast
                .as_ref()
                .is_some_and(|t| t.toast.mask && t.drawn.is_some())
    }

    /// Gives `key` to an open dialog (or swallows it under a masked toast); true when
    /// it took it.
    pub(super) fn interaction_key(&mut self, key: Key) -> Result<bool, EngineError> {
        self.interactions_follow_top();
        // Typing into an editable modal's field: the keyboard has the keys.
        if self.modal_field_session().is_some() {
            self.text_key(key)?;
            self.keep_on_top();
            self.render_frame()?;
            return Ok(true);
        }
        let Some(shown) = self.interactions.dialog.as_mut() else {
            return Ok(self.interaction_blocks_input());
        };
        let last = shown.asked.dialog.choices() - 1;
        let sheet = matches!(shown.asked.dialog, Dialog::Sheet(_));
        if let Some(field) = shown.field {
            // The field sits above the buttons.
            let on_field = shown.highlight == parts::FIELD;
            let index = match key {
                Key::Enter if on_field => {
                    self.open_text(field);
                    self.keep_on_top();
                    self.render_frame()?;
                    return Ok(true);
                }
                Key::Back if on_field => {
                    self.close_dialog(None)?;
                    return Ok(true);
                }
                Key::Down | Key::Left | Key::Right if on_field => last,
                _ if on_field => return Ok(true),
                Key::Up => parts::FIELD,
                _ => shown.highlight,
            };
            if index != shown.highlight {
                shown.highlight = index;
                let (page_id, mask) = (shown.page_id, shown.mask);
                if let Some(page) = self.pages.get_mut(page_id) {
                    parts::highlight_choice(&mut page.doc, mask, index);
                    parts::highlight_field(&mut page.doc, field, index == parts::FIELD);
                }
                self.render_frame()?;
                return Ok(true);
            }
        }
        let Some(shown) = self.interactions.dialog.as_mut() else {
            return Ok(true);
        };
        let index = match key {
            Key::Up if sheet => shown.highlight.saturating_sub(1),
            Key::Down if sheet => (shown.highlight + 1).min(last),
            Key::Left | Key::Up if !sheet => shown.highlight.saturating_sub(1),
            Key::Right | Key::Down if !sheet => (shown.highlight + 1).min(last),
            Key::Enter => {
                let chosen = shown.highlight;
                self.close_dialog(Some(chosen))?;
                return Ok(true);
            }
            Key::Back => {
                self.close_dialog(None)?;
                return Ok(true);
            }
            _ => return Ok(true),
        };
        if index != shown.highlight {
            shown.highlight = index;
            let (page_id, mask) = (shown.page_id, shown.mask);
            if let Some(page) = self.pages.get_mut(page_id) {
                parts::highlight_choice(&mut page.doc, mask, index);
            }
            self.render_frame()?;
        }
        Ok(true)
    }

    /// The text session of the open modal's field, if one is open.
    fn modal_field_session(&self) -> Option<NodeId> {
        let field = self.interactions.dialog.as_ref()?.field?;
        self.controls
            .text
            .as_ref()
            .filter(|t| t.node == field)
            .map(|t| t.node)
    }

    /// A tap at `(x, y)` (page coordinates) while a dialog is open or a masked toast
    /// shows; true when it took the tap (the page sees nothing).
    pub(super) fn interaction_tap(&mut self, x: f32, y: f32) -> Result<bool, EngineError> {
        self.interactions_follow_top();
        if self.modal_field_session().is_some() {
            // The keyboard over the modal; a tap elsewhere ends the typing.
            self.text_tap(x, y)?;
            self.keep_on_top();
            self.render_frame()?;
            return Ok(true);
        }
        let Some(shown) = self.interactions.dialog.as_ref() else {
            return Ok(self.interaction_blocks_input());
        };
        let sheet = matches!(shown.asked.dialog, Dialog::Sheet(_));
        if let Some(field) = shown.field {
            let doc = self.pages.top().map(|p| &p.doc);
            let on_field = doc
                .and_then(|d| Some((d, mica_layout::hit_test(d, x, y)?)))
                .is_some_and(|(d, h)| h == field || d.ancestors(h).any(|a| a == field));
            if on_field {
                self.open_text(field);
                self.keep_on_top();
                self.render_frame()?;
                return Ok(true);
            }
        }
        let Some(page) = self.pages.top().filter(|p| p.id == shown.page_id) else {
            return Ok(true);
        };
        let doc = &page.doc;
        let hit = mica_layout::hit_test(doc, x, y);
        let choice = hit.and_then(|h| parts::choice_at(doc, h));
        let on_mask = !hit.is_some_and(|h| parts::in_panel(doc, h));
        match choice {
            Some(i) => self.close_dialog(Some(i))?,
            // WeChat's modal ignores the mask; an action sheet is cancelled by it.
            None if sheet && on_mask => self.close_dialog(None)?,
            None => {}
        }
        Ok(true)
    }

    /// The node a tap at `(x, y)` hits on the page on top, looking through the toast
    /// and the banner, which take no taps (see the module documentation).
    pub(super) fn page_hit(&mut self, x: f32, y: f32) -> Option<NodeId> {
        let page_id = self.pages.top()?.id;
        let through = self.floating_layers(page_id);
        let page = self.pages.get_mut(page_id)?;
        // Hidden for the hit test only: nothing is restyled or drawn meanwhile.
        let mut was = Vec::with_capacity(through.len());
        for layer in &through {
            let style = &mut page.doc.node_mut(*layer).style;
            was.push(style.hidden);
            style.hidden = true;
        }
        let hit = mica_layout::hit_test(&page.doc, x, y);
        for (layer, hidden) in through.iter().zip(was) {
            page.doc.node_mut(*layer).style.hidden = hidden;
        }
        hit
    }

    /// Keeps what the interaction APIs show in line with the page stack, the clock and
    /// the page's scroll offset; called before each frame. A toast past its time and
    /// the banner past its time or off its page go; a dialog whose page is no longer
    /// on top closes (its call fails, as do the waiting ones of pages gone from the
    /// top); the toast moves to the page on top; what floats follows the scroll.
    pub(super) fn interactions_follow_top(&mut self) {
        let now = self.controls.now;
        let top = self.pages.top().map(|p| p.id);
        if self
            .interactions
            .toast
            .as_ref()
            .is_some_and(|t| t.until.is_some_and(|u| u <= now))
        {
            self.remove_toast();
        }
        if self
            .interactions
            .banner
            .as_ref()
            .is_some_and(|b| b.until <= now || Some(b.page_id) != top)
        {
            self.remove_banner();
        }
        if let Some(shown) = self.interactions.dialog.take_if(|d| Some(d.page_id) != top) {
            if let Some(page) = self.pages.get_mut(shown.page_id) {
                page.doc.remove(shown.mask);
            }
            self.restore_ring(shown.page_id, shown.ring);
            self.send_logic(ToLogic::InteractionDone {
                request_id: shown.asked.request_id,
                result: Err(shown.asked.dialog.cancelled()),
            });
        }
        let (gone, kept): (Vec<Asked>, Vec<Asked>) = std::mem::take(&mut self.interactions.waiting)
            .into_iter()
            .partition(|a| a.page_id.is_some() && a.page_id != top);
        self.interactions.waiting = kept.into();
        for a in gone {
            self.send_logic(ToLogic::InteractionDone {
                request_id: a.request_id,
                result: Err(a.dialog.cancelled()),
            });
        }
        self.open_next_dialog();
        // The toast follows the page on top.
        let moved = self
            .interactions
            .toast
            .as_ref()
            .and_then(|t| t.drawn)
            .filter(|(p, _)| Some(*p) != top);
        if let Some((page_id, layer)) = moved {
            if let Some(page) = self.pages.get_mut(page_id) {
                page.doc.remove(layer);
            }
            if let Some(t) = self.interactions.toast.as_mut() {
                t.drawn = None;
            }
        }
        self.draw_toast();
        self.place_layers();
        self.keep_on_top();
    }

    /// Moves what this module draws with the page's scroll offset (it stays over the
    /// page area, not over the content): the toast and the banner while the page
    /// scrolls under them, a dialog when the app scrolls (`wx.pageScrollTo`).
    fn place_layers(&mut self) {
        let window = self.overlay_window();
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        if let Some(d) = self.interactions.dialog.as_mut() {
            if d.page_id == page.id && d.top != window.top {
                parts::place(&mut page.doc, d.mask, window);
                d.top = window.top;
            }
        }
        if let Some(t) = self.interactions.toast.as_mut() {
            if let Some((_, layer)) = t.drawn.filter(|(p, _)| *p == page.id) {
                if t.top != window.top {
                    parts::place(&mut page.doc, layer, window);
                    t.top = window.top;
                }
            }
        }
        if let Some(b) = self.interactions.banner.as_mut() {
            if b.page_id == page.id && b.top != window.top {
                parts::place(&mut page.doc, b.layer, window);
                b.top = window.top;
            }
        }
    }

    /// The open dialog for `--dump`: `{kind, title, content, buttons, highlight}` for a
    /// modal, `{kind, alertText, items, cancelText, highlight}` for an action sheet
    /// (`highlight` is the Cancel row when it equals the item count), with `waiting`,
    /// the dialogs queued behind it.
    pub(super) fn dialog_dump(&self) -> Value {
        let Some(shown) = &self.interactions.dialog else {
            return Value::Null;
        };
        let waiting = self.interactions.waiting.len();
        match &shown.asked.dialog {
            Dialog::Modal(m) => {
                let mut buttons = Vec::new();
                if m.show_cancel {
                    buttons.push(m.cancel_text.clone());
                }
                buttons.push(m.confirm_text.clone());
                // An editable modal's field: its text now, and "field" as the highlight.
                let value = shown.field.and_then(|f| {
                    let page = self.pages.top().filter(|p| p.id == shown.page_id)?;
                    Some(page.doc.get(f)?.attr("value").unwrap_or("").to_string())
                });
                let highlight = if shown.highlight == parts::FIELD {
                    json!("field")
                } else {
                    json!(shown.highlight)
                };
                json!({
                    "kind": "modal",
                    "title": m.title,
                    "content": m.content,
                    "editable": m.editable,
                    "value": value,
                    "buttons": buttons,
                    "highlight": highlight,
                    "waiting": waiting,
                })
            }
            Dialog::Sheet(s) => json!({
                "kind": "actionSheet",
                "alertText": s.alert_text,
                "items": s.item_list,
                "cancelText": SHEET_CANCEL_TEXT,
                "highlight": shown.highlight,
                "waiting": waiting,
            }),
        }
    }

    /// The toast for `--dump`: `{kind: "toast" | "loading", title, icon, mask,
    /// remainingMs}` (`remainingMs` null for a loading).
    pub(super) fn toast_dump(&self) -> Value {
        let Some(t) = &self.interactions.toast else {
            return Value::Null;
        };
        let icon = match (&t.toast.image, t.toast.icon) {
            (Some(_), _) => "image",
            (None, ToastIcon::Success) => "success",
            (None, ToastIcon::Error) => "error",
            (None, ToastIcon::Loading) => "loading",
            (None, ToastIcon::None) => "none",
        };
        json!({
            "kind": if t.toast.loading { "loading" } else { "toast" },
            "title": t.toast.title,
            "icon": icon,
            "image": t.toast.image,
            "mask": t.toast.mask,
            "remainingMs": t.until.map(|u| u.saturating_sub(self.controls.now).as_millis() as u64),
        })
    }

    /// The watchdog's banner for `--dump`: `{message, remainingMs}`.
    pub(super) fn error_overlay_dump(&self) -> Value {
        let Some(b) = &self.interactions.banner else {
            return Value::Null;
        };
        json!({
            "message": b.message,
            "remainingMs": b.until.saturating_sub(self.controls.now).as_millis() as u64,
        })
    }
}
