//! Mica's on-screen keyboard: the key layouts, D-pad movement between keys, and the
//! overlay nodes that draw it at the bottom of the window while a text field is edited.
//!
//! Three layouts, switched by keys on their bottom row: letters (with a one-shot
//! `Shift`), digits and symbols. A `number` field gets a digit pad without a layout
//! switch; a `digit` field adds a decimal point, an `idcard` field an `X`. Every layout
//! has `Del` (backspace) and the confirm key, labelled after `confirm-type` (`Done`,
//! `Send`, `Search`, `Next`, `Go`); text layouts have `Space`, and a `textarea` an
//! `Enter` key for a new line. A preview line above the keys shows the value being
//! typed, so the field may stay covered.
//!
//! Moving ([`Keyboard::move_focus`]): Left and Right wrap around within a row; Up and
//! Down go to the key of the next row whose centre is nearest, as a TV keyboard does,
//! and stop at the first and last rows. Positions come from the key widths, so moving
//! needs no layout.
//!
//! The runtime owns the session ([`crate::runtime`]); this module is pure: it turns a
//! pressed key into a [`KeyAction`] and builds and restyles the nodes.

use mica_layout::{Document, NodeId};

use super::text_input::FieldType;
use super::{add_part, fmt_number, is_part, set_part_text, Window};
use crate::focus::Direction;

/// The class of a key part (its `row,column` is in the `mica-key` attribute).
pub const KEY_CLASS: &str = "mica-keyboard-key";

/// A key layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Letters a–z.
    Letters,
    /// Digits (a pad).
    Digits,
    /// Punctuation and symbols.
    Symbols,
}

/// What a key does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyAction {
    /// Types this text.
    Text(String),
    /// Shifts the next letter.
    Shift,
    /// Switches to a layout.
    Layout(Layout),
    /// Deletes the last character.
    Backspace,
    /// Confirms (`bindconfirm`) and, unless `confirm-hold`, closes.
    Done,
}

/// One key of a layout.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyCap {
    /// The text on the key.
    pub label: String,
    /// What it does.
    pub action: KeyAction,
    /// Relative width within its row.
    pub width: f32,
}

impl KeyCap {
    fn text(c: &str) -> KeyCap {
        KeyCap {
            label: c.to_string(),
            action: KeyAction::Text(c.to_string()),
            width: 1.0,
        }
    }

    fn special(label: &str, action: KeyAction, width: f32) -> KeyCap {
        KeyCap {
            label: label.to_string(),
            action,
            width,
        }
    }
}

/// The state of the on-screen keyboard of one editing session.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyboard {
    field_type: FieldType,
    multiline: bool,
    confirm: &'static str,
    layout: Layout,
    shift: bool,
    row: usize,
    col: usize,
}

impl Keyboard {
    /// A keyboard for a field: digits for the number types, else letters; the confirm
    /// key labelled after `confirm_type`. The first key is highlighted.
    pub fn new(field_type: FieldType, multiline: bool, confirm_type: &str) -> Keyboard {
        let confirm = match confirm_type {
            "send" => "Send",
            "search" => "Search",
            "next" => "Next",
            "go" => "Go",
            _ => "Done",
        };
        Keyboard {
            field_type,
            multiline,
            confirm,
            layout: if field_type == FieldType::Text {
                Layout::Letters
            } else {
                Layout::Digits
            },
            shift: false,
            row: 0,
            col: 0,
        }
    }

    /// The current layout.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// Whether the next letter is upper case.
    pub fn shifted(&self) -> bool {
        self.shift
    }

    /// The highlighted key as `(row, column)`.
    pub fn selected(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    /// The keys of the current layout, row by row.
    pub fn rows(&self) -> Vec<Vec<KeyCap>> {
        let text_mode = self.field_type == FieldType::Text;
        let chars = |s: &str| -> Vec<KeyCap> {
            s.split(' ')
                .map(|c| {
                    if self.shift {
                        KeyCap::text(&c.to_uppercase())
                    } else {
                        KeyCap::text(c)
                    }
                })
                .collect()
        };
        let done = KeyCap::special(self.confirm, KeyAction::Done, 2.0);
        let del = KeyCap::special("Del", KeyAction::Backspace, 1.5);
        let space = KeyCap::special("Space", KeyAction::Text(" ".into()), 4.0);
        let enter = KeyCap::special("Enter", KeyAction::Text("\n".into()), 1.5);
        let to = |label: &str, l: Layout| KeyCap::special(label, KeyAction::Layout(l), 1.5);
        match self.layout {
            Layout::Letters => {
                let mut third = vec![KeyCap::special("Shift", KeyAction::Shift, 1.5)];
                third.extend(chars("z x c v b n m"));
                third.push(del);
                let mut last = vec![to("123", Layout::Digits), to("#+=", Layout::Symbols), space];
                if self.multiline {
                    last.push(enter);
                }
                last.push(done);
                vec![
                    chars("q w e r t y u i o p"),
                    chars("a s d f g h j k l"),
                    third,
                    last,
                ]
            }
            Layout::Symbols => {
                let mut third: Vec<KeyCap> =
                    "' \" , . / ? \\ | ~".split(' ').map(KeyCap::text).collect();
                third.push(del);
                let mut last = vec![to("ABC", Layout::Letters), to("123", Layout::Digits), space];
                if self.multiline {
                    last.push(enter);
                }
                last.push(done);
                vec![
                    "! @ # $ % ^ & * ( )".split(' ').map(KeyCap::text).collect(),
                    "- _ = + [ ] { } ; :".split(' ').map(KeyCap::text).collect(),
                    third,
                    last,
                ]
            }
            Layout::Digits => {
                let digits = |s: &str| s.split(' ').map(KeyCap::text).collect::<Vec<_>>();
                let mut fourth = Vec::new();
                match self.field_type {
                    FieldType::Digit => fourth.push(KeyCap::text(".")),
                    FieldType::IdCard => fourth.push(KeyCap::text("X")),
                    FieldType::Text => fourth.push(KeyCap::text(".")),
                    _ => {}
                }
                fourth.push(KeyCap::text("0"));
                fourth.push(KeyCap::special("Del", KeyAction::Backspace, 1.0));
                let mut last = Vec::new();
                if text_mode {
                    last.push(to("ABC", Layout::Letters));
                    last.push(to("#+=", Layout::Symbols));
                }
                last.push(done);
                vec![
                    digits("1 2 3"),
                    digits("4 5 6"),
                    digits("7 8 9"),
                    fourth,
                    last,
                ]
            }
        }
    }

    /// The highlighted key.
    pub fn selected_key(&self) -> Option<KeyCap> {
        self.rows().get(self.row)?.get(self.col).cloned()
    }

    /// Highlights key `(row, col)` if it exists.
    pub fn select(&mut self, row: usize, col: usize) -> bool {
        let ok = self.rows().get(row).is_some_and(|r| col < r.len());
        if ok {
            (self.row, self.col) = (row, col);
        }
        ok
    }

    /// Moves the highlight (see the module documentation); false when it stays.
    pub fn move_focus(&mut self, dir: Direction) -> bool {
        let rows = self.rows();
        let Some(cur) = rows.get(self.row) else {
            return false;
        };
        match dir {
            Direction::Left | Direction::Right => {
                let n = cur.len();
                if n < 2 {
                    return false;
                }
                self.col = if dir == Direction::Right {
                    (self.col + 1) % n
                } else {
                    (self.col + n - 1) % n
                };
                true
            }
            Direction::Up | Direction::Down => {
                let target = if dir == Direction::Down {
                    self.row + 1
                } else if self.row == 0 {
                    return false;
                } else {
                    self.row - 1
                };
                let Some(next) = rows.get(target) else {
                    return false;
                };
                let x = centre(cur, self.col);
                let col = (0..next.len())
                    .min_by(|a, b| {
                        let da = (centre(next, *a) - x).abs();
                        let db = (centre(next, *b) - x).abs();
                        da.total_cmp(&db)
                    })
                    .unwrap_or(0);
                (self.row, self.col) = (target, col);
                true
            }
        }
    }

    /// Applies a key's own effect (shift, layout switch) and returns what it asks of
    /// the field: `None` when the keyboard handled it alone.
    pub fn apply(&mut self, action: &KeyAction) -> Option<KeyAction> {
        match action {
            KeyAction::Shift => {
                self.shift = !self.shift;
                None
            }
            KeyAction::Layout(l) => {
                self.layout = *l;
                self.shift = false;
                // The key that switches back sits on the last row.
                self.row = self.rows().len().saturating_sub(1);
                self.col = 0;
                None
            }
            KeyAction::Text(t) => {
                // Shift is one-shot: it applies to one letter.
                if self.shift && t.chars().any(char::is_alphabetic) {
                    self.shift = false;
                }
                Some(action.clone())
            }
            other => Some(other.clone()),
        }
    }
}

/// The centre of key `col` of `row`, as a fraction of the row's width.
fn centre(row: &[KeyCap], col: usize) -> f32 {
    let total: f32 = row.iter().map(|k| k.width).sum();
    let before: f32 = row.iter().take(col).map(|k| k.width).sum();
    let w = row.get(col).map_or(0.0, |k| k.width);
    if total <= 0.0 {
        return 0.0;
    }
    (before + w / 2.0) / total
}

/// What the preview line shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// The text (dots for a password), or the placeholder.
    pub text: String,
    /// True when `text` is the placeholder.
    pub placeholder: bool,
}

/// Sizes derived from the window.
struct Metrics {
    key: f32,
    gap: f32,
    font: f32,
    body: f32,
}

fn metrics(kb: &Keyboard, window: Window) -> Metrics {
    let key = (window.height * 0.065).round().clamp(36.0, 72.0);
    let widest = if kb.layout == Layout::Digits {
        640.0
    } else {
        1280.0
    };
    Metrics {
        key,
        gap: (key / 8.0).round(),
        font: (key * 0.42).round(),
        body: (window.width - 32.0).clamp(100.0, widest),
    }
}

/// Appends the keyboard's overlay to `root` (at the bottom of the window); returns its
/// root part.
pub fn build_overlay(
    doc: &mut Document,
    root: NodeId,
    kb: &Keyboard,
    window: Window,
    preview: &Preview,
) -> NodeId {
    let panel = add_part(doc, root, "mica-keyboard");
    fill(doc, panel, kb, window, preview);
    panel
}

/// Redraws the keys (after a layout or shift change) and the preview.
pub fn rebuild(
    doc: &mut Document,
    panel: NodeId,
    kb: &Keyboard,
    window: Window,
    preview: &Preview,
) {
    doc.clear_children(panel);
    fill(doc, panel, kb, window, preview);
}

/// The height of the keyboard panel in `window`.
pub fn height(kb: &Keyboard, window: Window) -> f32 {
    let m = metrics(kb, window);
    m.gap * 2.0 + (m.key + m.gap) * (kb.rows().len() as f32 + 1.0)
}

fn fill(doc: &mut Document, panel: NodeId, kb: &Keyboard, window: Window, preview: &Preview) {
    let m = metrics(kb, window);
    let rows = kb.rows();
    let height = height(kb, window);
    let top = window.top + window.height - height;
    let style = format!(
        "position: absolute; left: 0; top: {}px; width: {}px; height: {}px; \
         padding-top: {}px; box-sizing: border-box; background-color: #d1d5db; \
         display: flex; flex-direction: column; align-items: center; font-size: {}px",
        fmt_number(f64::from(top)),
        fmt_number(f64::from(window.width)),
        fmt_number(f64::from(height)),
        fmt_number(f64::from(m.gap)),
        fmt_number(f64::from(m.font)),
    );
    doc.set_attr(panel, "style", &style);
    let line = add_part(doc, panel, "mica-keyboard-preview");
    let style = format!(
        "width: {}px; height: {}px; margin-bottom: {}px; padding-left: 12px; \
         padding-right: 12px; box-sizing: border-box; border-radius: 6px; \
         background-color: #ffffff; display: flex; flex-direction: row; \
         align-items: center; justify-content: flex-end; overflow: hidden",
        fmt_number(f64::from(m.body)),
        fmt_number(f64::from(m.key)),
        fmt_number(f64::from(m.gap)),
    );
    doc.set_attr(line, "style", &style);
    let text = add_part(doc, line, "mica-keyboard-text");
    let caret = add_part(doc, line, "mica-keyboard-caret");
    doc.set_attr(
        caret,
        "style",
        "flex-shrink: 0; width: 2px; height: 1.2em; margin-left: 1px; background-color: #1aad19",
    );
    let spacer = add_part(doc, line, "mica-keyboard-spacer");
    doc.set_attr(spacer, "style", "flex-grow: 1");
    set_preview_text(doc, text, preview);
    let body = add_part(doc, panel, "mica-keyboard-body");
    doc.set_attr(
        body,
        "style",
        &format!("width: {}px", fmt_number(f64::from(m.body))),
    );
    for (r, keys) in rows.iter().enumerate() {
        let row = add_part(doc, body, "mica-keyboard-row");
        let style = format!(
            "display: flex; flex-direction: row; margin-bottom: {}px",
            fmt_number(f64::from(m.gap))
        );
        doc.set_attr(row, "style", &style);
        for (c, cap) in keys.iter().enumerate() {
            let key = add_part(doc, row, KEY_CLASS);
            doc.set_attr(key, "mica-key", &format!("{r},{c}"));
            doc.set_attr(key, "mica-width", &fmt_number(f64::from(cap.width)));
            set_part_text(doc, key, &cap.label);
            style_key(doc, key, &m, kb.selected() == (r, c));
        }
    }
}

fn style_key(doc: &mut Document, key: NodeId, m: &Metrics, selected: bool) {
    let width = doc.node(key).attr("mica-width").unwrap_or("1").to_string();
    let (bg, fg) = if selected {
        ("#1aad19", "#ffffff")
    } else {
        ("#ffffff", "#000000")
    };
    let style = format!(
        "flex-grow: {width}; flex-basis: 0; height: {k}px; line-height: {k}px; \
         margin-left: {g}px; margin-right: {g}px; border-radius: 6px; text-align: center; \
         background-color: {bg}; color: {fg}",
        k = fmt_number(f64::from(m.key)),
        g = fmt_number(f64::from(m.gap / 2.0)),
    );
    doc.set_attr(key, "style", &style);
}

fn set_preview_text(doc: &mut Document, text: NodeId, preview: &Preview) {
    let style = if preview.placeholder {
        "flex-shrink: 0; color: #999999"
    } else {
        "flex-shrink: 0; color: #000000"
    };
    doc.set_attr(text, "style", style);
    set_part_text(
        doc,
        text,
        &preview.text.replace(' ', "\u{a0}").replace('\n', " "),
    );
}

/// Moves the highlight in the drawn keyboard to `kb`'s selected key.
pub fn restyle_keys(doc: &mut Document, panel: NodeId, kb: &Keyboard, window: Window) {
    let m = metrics(kb, window);
    let keys: Vec<NodeId> = doc
        .descendants(panel)
        .into_iter()
        .filter(|n| doc.node(*n).classes.iter().any(|c| c == KEY_CLASS))
        .collect();
    for key in keys {
        let at = key_at(doc, key);
        style_key(doc, key, &m, at == Some(kb.selected()));
    }
}

/// Shows `preview` in the drawn keyboard.
pub fn update_preview(doc: &mut Document, panel: NodeId, preview: &Preview) {
    if let Some(t) = super::part(doc, panel, "mica-keyboard-text") {
        set_preview_text(doc, t, preview);
    }
}

/// The `(row, column)` of the key part under (or at) `node`, if any.
pub fn key_at(doc: &Document, node: NodeId) -> Option<(usize, usize)> {
    std::iter::once(node)
        .chain(doc.ancestors(node))
        .take_while(|n| is_part(doc, *n))
        .find_map(|n| {
            let (r, c) = doc.node(n).attr("mica-key")?.split_once(',')?;
            Some((r.parse().ok()?, c.parse().ok()?))
        })
}

/// True when `node` lies in the keyboard panel `panel`.
pub fn contains(doc: &Document, panel: NodeId, node: NodeId) -> bool {
    node == panel || doc.ancestors(node).any(|a| a == panel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(kb: &Keyboard) -> Vec<String> {
        kb.rows()
            .iter()
            .map(|r| {
                r.iter()
                    .map(|k| k.label.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn layouts_follow_the_field_type() {
        let kb = Keyboard::new(FieldType::Text, false, "search");
        assert_eq!(kb.layout(), Layout::Letters);
        assert_eq!(labels(&kb)[3], "123 #+= Space Search");
        let kb = Keyboard::new(FieldType::Number, false, "done");
        assert_eq!(labels(&kb), ["1 2 3", "4 5 6", "7 8 9", "0 Del", "Done"]);
        let kb = Keyboard::new(FieldType::IdCard, false, "done");
        assert_eq!(labels(&kb)[3], "X 0 Del");
        let kb = Keyboard::new(FieldType::Text, true, "return");
        assert_eq!(labels(&kb)[3], "123 #+= Space Enter Done");
    }

    #[test]
    fn moving_wraps_in_a_row_and_keeps_the_column_between_rows() {
        let mut kb = Keyboard::new(FieldType::Text, false, "done");
        assert!(kb.move_focus(Direction::Left));
        assert_eq!(kb.selected_key().map(|k| k.label), Some("p".into()));
        assert!(kb.move_focus(Direction::Down));
        assert_eq!(kb.selected_key().map(|k| k.label), Some("l".into()));
        assert!(kb.move_focus(Direction::Down));
        assert_eq!(kb.selected_key().map(|k| k.label), Some("Del".into()));
        assert!(kb.move_focus(Direction::Down));
        assert_eq!(kb.selected_key().map(|k| k.label), Some("Done".into()));
        assert!(!kb.move_focus(Direction::Down), "the last row stops");
        kb.select(0, 0);
        assert!(!kb.move_focus(Direction::Up));
    }

    #[test]
    fn shift_is_one_shot_and_layout_keys_switch() {
        let mut kb = Keyboard::new(FieldType::Text, false, "done");
        assert_eq!(kb.apply(&KeyAction::Shift), None);
        assert_eq!(kb.rows()[0][0].label, "Q");
        let typed = kb.apply(&KeyAction::Text("Q".into()));
        assert_eq!(typed, Some(KeyAction::Text("Q".into())));
        assert!(!kb.shifted());
        assert_eq!(kb.apply(&KeyAction::Layout(Layout::Symbols)), None);
        assert_eq!(kb.layout(), Layout::Symbols);
        assert_eq!(kb.selected_key().map(|k| k.label), Some("ABC".into()));
        assert_eq!(kb.apply(&KeyAction::Done), Some(KeyAction::Done));
    }
}
