//! `input` and `textarea`: the text (or the placeholder) drawn inside the element, a
//! caret while it is being edited, and the editing rules (`type`, `maxlength`).
//!
//! Attributes (WeChat's defaults): `value`, `placeholder`, `placeholder-style`,
//! `placeholder-class`, `type` (`text`, `number`, `digit`, `idcard`; `input` only),
//! `password`, `maxlength` 140 (`-1`: no limit), `disabled`, `focus`, `auto-focus`,
//! `confirm-type` (`done` for `input`, `return` for `textarea`), `confirm-hold`, and for
//! `textarea` `auto-height` (the box grows with its lines; the page's `height` is
//! ignored, as WeChat documents).
//!
//! Parts: `input` holds a row (`mica-input-row`) with the text (`mica-input-text`, also
//! `mica-placeholder` and the `placeholder-class` classes when showing the placeholder),
//! the caret (`mica-input-caret`) and a spacer; while editing, the row is end-aligned so
//! the end of a long value (where the caret is) stays visible. `textarea` holds one row
//! per line (`mica-textarea-line`, text wraps), the caret after the last line's text.
//!
//! The runtime ([`crate::runtime`]) owns the editing session: it marks the element as
//! edited with [`set_editing`], writes each new value with [`set_value`] (a component
//! keeps its own state, like a switch's `checked`) and fires the events. The caret sits
//! at the end of the value: the D-pad drives the on-screen keyboard, not the caret.

use mica_layout::{Document, NodeId};

use super::{add_part, flag, is_part, number, part, set_host_style, set_part_text};

/// WeChat's default `maxlength`.
pub const DEFAULT_MAXLENGTH: usize = 140;

/// The private attribute marking the element being edited (the caret is shown).
const EDITING_ATTR: &str = "mica-editing";

/// What an `input` accepts (`type`), which also picks the on-screen keyboard's layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldType {
    /// `text` (and `textarea`): anything.
    Text,
    /// `number`: digits.
    Number,
    /// `digit`: digits and a decimal point.
    Digit,
    /// `idcard`: digits and `X` (the check character of Chinese ID numbers).
    IdCard,
}

impl FieldType {
    fn parse(v: Option<&str>) -> FieldType {
        match v.map(str::trim) {
            Some("number") => FieldType::Number,
            Some("digit") => FieldType::Digit,
            Some("idcard") => FieldType::IdCard,
            _ => FieldType::Text,
        }
    }

    /// The attribute value: `text`, `number`, `digit`, `idcard`.
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Digit => "digit",
            FieldType::IdCard => "idcard",
        }
    }

    /// True when a character may be typed into a field of this type (`idcard` takes
    /// `x` as `X`, see [`insert`]).
    pub fn accepts(self, c: char) -> bool {
        match self {
            FieldType::Text => !c.is_control() || c == '\n',
            FieldType::Number => c.is_ascii_digit(),
            FieldType::Digit => c.is_ascii_digit() || c == '.',
            FieldType::IdCard => c.is_ascii_digit() || c == 'X' || c == 'x',
        }
    }
}

/// A text field's attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldProps {
    /// A `textarea` (several lines).
    pub multiline: bool,
    /// `type` (always [`FieldType::Text`] for a `textarea`).
    pub field_type: FieldType,
    /// `password`: the text is drawn as dots.
    pub password: bool,
    /// `maxlength` in characters; `None` for no limit.
    pub max_length: Option<usize>,
    /// `disabled`.
    pub disabled: bool,
    /// `confirm-type`.
    pub confirm_type: String,
    /// `confirm-hold`: confirming keeps the keyboard up.
    pub confirm_hold: bool,
    /// `placeholder`.
    pub placeholder: String,
    /// `value`.
    pub value: String,
}

impl FieldProps {
    /// Reads the attributes of an `input` or `textarea`.
    pub fn read(doc: &Document, node: NodeId) -> FieldProps {
        let n = doc.node(node);
        let multiline = n.tag == "textarea";
        let max_length = match number(doc, node, "maxlength") {
            Some(m) if m < 0.0 => None,
            Some(m) => Some(m.floor() as usize),
            None => Some(DEFAULT_MAXLENGTH),
        };
        let confirm_type = n
            .attr("confirm-type")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(if multiline { "return" } else { "done" })
            .to_string();
        FieldProps {
            multiline,
            field_type: if multiline {
                FieldType::Text
            } else {
                FieldType::parse(n.attr("type"))
            },
            password: !multiline && flag(doc, node, "password"),
            max_length,
            disabled: flag(doc, node, "disabled"),
            confirm_type,
            confirm_hold: flag(doc, node, "confirm-hold"),
            placeholder: n.attr("placeholder").unwrap_or("").to_string(),
            value: n.attr("value").unwrap_or("").to_string(),
        }
    }
}

/// `value` with `text` typed at its end: characters the field's type refuses are
/// dropped, and so is whatever goes past `maxlength`.
pub fn insert(props: &FieldProps, value: &str, text: &str) -> String {
    let mut out = value.to_string();
    let mut len = value.chars().count();
    for c in text.chars() {
        let c = if props.field_type == FieldType::IdCard && c == 'x' {
            'X'
        } else {
            c
        };
        let newline_ok = c != '\n' || props.multiline;
        if !props.field_type.accepts(c) || !newline_ok {
            continue;
        }
        if props.max_length.is_some_and(|m| len >= m) {
            break;
        }
        out.push(c);
        len += 1;
    }
    out
}

/// `value` without its last character.
pub fn backspace(value: &str) -> String {
    let mut s = value.to_string();
    s.pop();
    s
}

/// Adds the parts of an `input` or `textarea`.
pub(super) fn expand(doc: &mut Document, node: NodeId) {
    if doc.node(node).tag == "textarea" {
        add_part(doc, node, "mica-textarea-lines");
    } else {
        let row = add_part(doc, node, "mica-input-row");
        add_part(doc, row, "mica-input-text");
        add_part(doc, row, "mica-input-caret");
        add_part(doc, row, "mica-input-spacer");
    }
}

/// True while the runtime edits `node`.
pub fn is_editing(doc: &Document, node: NodeId) -> bool {
    doc.get(node)
        .is_some_and(|n| n.attr(EDITING_ATTR).is_some())
}

/// Shows or hides the caret of `node`.
pub fn set_editing(doc: &mut Document, node: NodeId, editing: bool) {
    if doc.get(node).is_none() {
        return;
    }
    if editing {
        doc.set_attr(node, EDITING_ATTR, "true");
    } else {
        doc.remove_attr(node, EDITING_ATTR);
    }
    sync(doc, node);
}

/// Sets the value of `node` (the field keeps its own state) and redraws it.
pub fn set_value(doc: &mut Document, node: NodeId, value: &str) {
    if doc.get(node).is_none() {
        return;
    }
    doc.set_attr(node, "value", value);
    sync(doc, node);
}

/// What the field shows: the value (as dots for a password), else the placeholder.
fn shown_text(props: &FieldProps) -> (String, bool) {
    if props.value.is_empty() {
        return (props.placeholder.clone(), true);
    }
    if props.password {
        return ("\u{2022}".repeat(props.value.chars().count()), false);
    }
    (props.value.clone(), false)
}

/// The class and style of the text part: the placeholder's look when it shows the
/// placeholder (WeChat's grey unless the page gives a class or a colour).
fn text_look(doc: &Document, node: NodeId, placeholder: bool) -> (String, String) {
    if !placeholder {
        return ("mica-input-text".into(), String::new());
    }
    let n = doc.node(node);
    let class = n.attr("placeholder-class").map(str::trim).unwrap_or("");
    let style = n.attr("placeholder-style").map(str::trim).unwrap_or("");
    let mut decls = Vec::new();
    let styled_colour = style
        .split(';')
        .any(|d| d.split(':').next().is_some_and(|p| p.trim() == "color"));
    if class.is_empty() && !styled_colour {
        decls.push("color: #999999".to_string());
    }
    if !style.is_empty() {
        decls.push(style.trim_end_matches(';').to_string());
    }
    let class = format!("mica-input-text mica-placeholder {class}");
    (class.trim().to_string(), decls.join("; "))
}

/// Brings the parts in line with the attributes.
pub(super) fn sync(doc: &mut Document, node: NodeId) {
    let props = FieldProps::read(doc, node);
    let editing = is_editing(doc, node);
    let (text, placeholder) = shown_text(&props);
    let (class, style) = text_look(doc, node, placeholder);
    if props.multiline {
        sync_textarea(doc, node, &text, &class, &style, editing);
    } else {
        sync_input(doc, node, &text, &class, &style, editing);
    }
}

fn sync_input(
    doc: &mut Document,
    node: NodeId,
    text: &str,
    class: &str,
    style: &str,
    editing: bool,
) {
    if let Some(row) = part(doc, node, "mica-input-row") {
        // End-aligned while editing: a value wider than the box overflows on the left,
        // keeping its end and the caret in view; the spacer keeps short values left.
        let justify = if editing { "flex-end" } else { "flex-start" };
        let style = format!(
            "display: flex; flex-direction: row; align-items: center; height: 100%; \
             justify-content: {justify}"
        );
        doc.set_attr(row, "style", &style);
    }
    if let Some(t) = part(doc, node, "mica-input-text") {
        // White space is kept (the text shaper collapses ordinary spaces).
        style_text(
            doc,
            t,
            class,
            "flex-shrink: 0",
            style,
            &text.replace(' ', "\u{a0}"),
        );
    }
    if let Some(c) = part(doc, node, "mica-input-caret") {
        caret(doc, c, editing);
    }
    if let Some(s) = part(doc, node, "mica-input-spacer") {
        doc.set_attr(s, "style", "flex-grow: 1");
    }
}

fn caret(doc: &mut Document, c: NodeId, editing: bool) {
    doc.set_attr(
        c,
        "style",
        "flex-shrink: 0; width: 2px; height: 1.2em; margin-left: 1px; background-color: #1aad19",
    );
    if editing {
        doc.remove_attr(c, "hidden");
    } else {
        doc.set_attr(c, "hidden", "true");
    }
}

fn sync_textarea(
    doc: &mut Document,
    node: NodeId,
    text: &str,
    class: &str,
    style: &str,
    editing: bool,
) {
    // The box clips its text; with `auto-height` it grows with it.
    let host = if flag(doc, node, "auto-height") {
        "overflow: hidden; height: auto; min-height: 1.4em"
    } else {
        "overflow: hidden"
    };
    set_host_style(doc, node, host);
    let Some(lines) = part(doc, node, "mica-textarea-lines") else {
        return;
    };
    let wanted: Vec<&str> = text.split('\n').collect();
    let have: Vec<NodeId> = doc.node(lines).children.clone();
    if have.len() != wanted.len() {
        doc.clear_children(lines);
        for _ in &wanted {
            let row = add_part(doc, lines, "mica-textarea-line");
            add_part(doc, row, "mica-input-text");
        }
    }
    let rows: Vec<NodeId> = doc.node(lines).children.clone();
    let last = rows.len().saturating_sub(1);
    for (i, (row, line)) in rows.into_iter().zip(wanted).enumerate() {
        doc.set_attr(
            row,
            "style",
            "display: flex; flex-direction: row; align-items: flex-end; min-height: 1.4em",
        );
        let children: Vec<NodeId> = doc.node(row).children.clone();
        let Some(&t) = children.first() else { continue };
        style_text(doc, t, class, "flex-shrink: 1; min-width: 0", style, line);
        // The caret follows the last line's text.
        let existing = children.get(1).copied().filter(|c| is_part(doc, *c));
        match (i == last, existing) {
            (true, Some(c)) => caret(doc, c, editing),
            (true, None) => {
                let c = add_part(doc, row, "mica-input-caret");
                caret(doc, c, editing);
            }
            (false, Some(c)) => doc.remove(c),
            (false, None) => {}
        }
    }
}

/// Gives a text part the field's `class` and its own layout declarations followed by the
/// field's `style` (the page's placeholder or value style wins), then its text.
fn style_text(doc: &mut Document, t: NodeId, class: &str, own: &str, style: &str, text: &str) {
    let decls = if style.is_empty() {
        own.to_string()
    } else {
        format!("{own}; {style}")
    };
    doc.set_attr(t, "class", class);
    doc.set_attr(t, "style", &decls);
    set_part_text(doc, t, text);
}

#[cfg(test)]
mod tests {
    use mica_layout::Document;

    use super::*;
    use crate::test_support::element;

    fn field(tag: &str, attrs: &[(&str, &str)]) -> (Document, NodeId) {
        let mut doc = Document::new();
        let root = doc.root();
        let n = element(&mut doc, root, tag, attrs);
        (doc, n)
    }

    fn text(doc: &Document, node: NodeId) -> String {
        let t = part(doc, node, "mica-input-text").unwrap_or(node);
        doc.node(t)
            .children
            .first()
            .map(|c| doc.node(*c).text.clone())
            .unwrap_or_default()
    }

    #[test]
    fn types_filter_and_maxlength_stops_typing() {
        let (doc, n) = field("input", &[("type", "number"), ("maxlength", "4")]);
        let p = FieldProps::read(&doc, n);
        assert_eq!(insert(&p, "12", "3a.45"), "1234");
        let (doc, n) = field("input", &[("type", "digit")]);
        assert_eq!(insert(&FieldProps::read(&doc, n), "", "1.5x"), "1.5");
        let (doc, n) = field("input", &[("type", "idcard")]);
        assert_eq!(insert(&FieldProps::read(&doc, n), "1", "2x"), "12X");
        let (doc, n) = field("input", &[("maxlength", "-1")]);
        let p = FieldProps::read(&doc, n);
        assert_eq!(p.max_length, None);
        assert_eq!(insert(&p, "a", "b\nc"), "abc", "no newline in an input");
        let (doc, n) = field("textarea", &[]);
        let p = FieldProps::read(&doc, n);
        assert_eq!(
            (p.confirm_type.as_str(), p.max_length),
            ("return", Some(140))
        );
        assert_eq!(insert(&p, "a", "\nb"), "a\nb");
        assert_eq!(backspace("ab€"), "ab");
    }

    #[test]
    fn the_placeholder_shows_when_empty_and_password_hides_the_text() {
        let (mut doc, n) = field(
            "input",
            &[("placeholder", "Name"), ("placeholder-style", "color: red")],
        );
        assert_eq!(text(&doc, n), "Name");
        let t = part(&doc, n, "mica-input-text").unwrap_or(n);
        assert!(doc.node(t).classes.iter().any(|c| c == "mica-placeholder"));
        assert_eq!(
            doc.node(t).attr("style"),
            Some("flex-shrink: 0; color: red")
        );
        set_value(&mut doc, n, "a b");
        assert_eq!(text(&doc, n), "a\u{a0}b");
        assert_eq!(doc.node(t).classes, ["mica-input-text"]);
        doc.set_attr(n, "password", "");
        sync(&mut doc, n);
        assert_eq!(text(&doc, n), "\u{2022}\u{2022}\u{2022}");
        let caret = part(&doc, n, "mica-input-caret").unwrap_or(n);
        assert_eq!(doc.node(caret).attr("hidden"), Some("true"));
        set_editing(&mut doc, n, true);
        assert_eq!(doc.node(caret).attr("hidden"), None);
    }

    #[test]
    fn a_textarea_has_a_row_per_line_and_the_caret_on_the_last() {
        let (mut doc, n) = field("textarea", &[("value", "one\ntwo"), ("auto-height", "")]);
        let lines = part(&doc, n, "mica-textarea-lines").unwrap_or(n);
        assert_eq!(doc.node(lines).children.len(), 2);
        assert!(doc
            .node(n)
            .attr("style")
            .unwrap_or("")
            .contains("height: auto"));
        set_value(&mut doc, n, "one");
        let rows = doc.node(lines).children.clone();
        assert_eq!(rows.len(), 1);
        assert_eq!(doc.node(rows[0]).children.len(), 2, "text and caret");
    }
}
