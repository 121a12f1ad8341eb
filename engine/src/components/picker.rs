//! `picker` in selector mode: the page shows the picker's own children; activating it
//! (Enter or a tap) opens a list of the `range` options drawn by Mica over the page,
//! and choosing one fires `change` with `detail.value` the chosen index.
//!
//! Attributes: `mode` (`selector`, the default; the other modes are not supported and
//! open nothing), `range` (an array of strings or numbers, or of objects shown by their
//! `range-key` field), `range-key`, `value` (the index, default 0), `disabled`,
//! `header-text` (a title over the list). Events: `change` (`{value}`), `cancel` (`{}`).
//!
//! This module reads the attributes and builds the overlay's nodes; the runtime opens
//! and closes it and routes keys and taps to it ([`crate::runtime`]). The overlay is a
//! part tree appended to the page root, absolutely positioned over the window: a dimmed
//! mask holding a bottom sheet with one row per option (at most [`VISIBLE_ROWS`] shown;
//! the list scrolls to keep the highlighted row in view).

use mica_layout::{Document, NodeId};
use serde_json::Value;

use super::{add_part, flag, fmt_number, number, set_part_text, Window};

/// Rows of the option list visible at once.
pub const VISIBLE_ROWS: usize = 5;

/// The class of an option row (its index is in the `mica-index` attribute).
pub const ROW_CLASS: &str = "mica-picker-item";
/// The class of the sheet holding the rows (a tap outside it cancels).
pub const PANEL_CLASS: &str = "mica-picker-panel";

/// A picker's attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct PickerProps {
    /// `mode`: only `selector` opens a list.
    pub mode: String,
    /// `disabled`.
    pub disabled: bool,
    /// `value`: the chosen index.
    pub value: usize,
    /// `range-key`.
    pub range_key: Option<String>,
    /// `header-text`.
    pub header: Option<String>,
}

impl PickerProps {
    /// Reads the attributes of `picker`.
    pub fn read(doc: &Document, picker: NodeId) -> PickerProps {
        let n = doc.node(picker);
        let text = |name: &str| {
            n.attr(name)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        PickerProps {
            mode: text("mode").unwrap_or_else(|| "selector".into()),
            disabled: flag(doc, picker, "disabled"),
            value: number(doc, picker, "value")
                .filter(|v| *v >= 0.0)
                .map_or(0, |v| v.floor() as usize),
            range_key: text("range-key"),
            header: text("header-text"),
        }
    }
}

/// The options as text: strings as they are, numbers and booleans as JS prints them,
/// objects by their `range_key` field.
pub fn labels(range: &Value, range_key: Option<&str>) -> Vec<String> {
    let Value::Array(items) = range else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| {
            let v = match (item, range_key) {
                (Value::Object(o), Some(k)) => o.get(k).unwrap_or(&Value::Null),
                _ => item,
            };
            match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), fmt_number),
                Value::Bool(b) => b.to_string(),
                Value::Null => String::new(),
                other => other.to_string(),
            }
        })
        .collect()
}

/// The `range` of a picker when only its attribute text is known (an array rendered as
/// JS does, `"a,b,c"`): a JSON array written literally is read as one, anything else is
/// split at commas.
pub fn range_from_text(text: &str) -> Value {
    let t = text.trim();
    if t.starts_with('[') {
        if let Ok(v @ Value::Array(_)) = serde_json::from_str::<Value>(t) {
            return v;
        }
    }
    if t.is_empty() {
        return Value::Array(Vec::new());
    }
    Value::Array(t.split(',').map(|s| Value::String(s.to_string())).collect())
}

/// The height of one option row, scaled to the window.
fn row_height(window: &Window) -> f32 {
    (window.height * 0.06).round().clamp(40.0, 72.0)
}

/// Appends the overlay for options `labels` (with `selected` highlighted) to `root`;
/// returns the overlay's root part.
pub fn build_overlay(
    doc: &mut Document,
    root: NodeId,
    window: Window,
    header: Option<&str>,
    labels: &[String],
    selected: usize,
) -> NodeId {
    let mask = add_part(doc, root, "mica-picker-mask");
    let style = format!(
        "position: absolute; left: 0; top: {}px; width: {}px; height: {}px; \
         background-color: rgba(0, 0, 0, 0.6); display: flex; flex-direction: column; \
         justify-content: flex-end",
        fmt_number(f64::from(window.top)),
        fmt_number(f64::from(window.width)),
        fmt_number(f64::from(window.height)),
    );
    doc.set_attr(mask, "style", &style);
    let panel = add_part(doc, mask, PANEL_CLASS);
    doc.set_attr(
        panel,
        "style",
        "background-color: #ffffff; padding-top: 8px; padding-bottom: 16px",
    );
    let row = row_height(&window);
    let font = (row * 0.45).round();
    if let Some(h) = header {
        let head = add_part(doc, panel, "mica-picker-header");
        let style = format!(
            "height: {row}px; line-height: {row}px; text-align: center; font-size: {font}px; \
             color: #888888; border-bottom: 1px solid #e5e5e5"
        );
        doc.set_attr(head, "style", &style);
        set_part_text(doc, head, h);
    }
    let list = add_part(doc, panel, "mica-picker-list");
    let rows = labels.len().clamp(1, VISIBLE_ROWS);
    let style = format!("height: {}px; overflow: hidden", row * rows as f32);
    doc.set_attr(list, "style", &style);
    // The row height, for `highlight` to scroll by.
    doc.set_attr(list, "mica-row", &fmt_number(f64::from(row)));
    for (i, label) in labels.iter().enumerate() {
        let item = add_part(doc, list, ROW_CLASS);
        doc.set_attr(item, "mica-index", &i.to_string());
        set_part_text(doc, item, label);
    }
    highlight(doc, mask, selected);
    mask
}

/// Highlights option `index` of the overlay `mask` and scrolls the list to show it in
/// the middle when it can.
pub fn highlight(doc: &mut Document, mask: NodeId, index: usize) {
    let Some(list) = super::part(doc, mask, "mica-picker-list") else {
        return;
    };
    let rows: Vec<NodeId> = doc.node(list).children.clone();
    let Some(row) = number(doc, list, "mica-row").map(|r| r as f32) else {
        return;
    };
    if rows.is_empty() {
        return;
    }
    let visible = rows.len().min(VISIBLE_ROWS);
    let font = (row * 0.45).round();
    for (i, r) in rows.iter().enumerate() {
        let style = if i == index {
            format!(
                "height: {row}px; line-height: {row}px; text-align: center; font-size: {font}px; \
                 color: #ffffff; background-color: #1aad19; font-weight: 700"
            )
        } else {
            format!(
                "height: {row}px; line-height: {row}px; text-align: center; font-size: {font}px; \
                 color: #000000"
            )
        };
        doc.set_attr(*r, "style", &style);
    }
    let first = index.saturating_sub(visible / 2).min(rows.len() - visible);
    let (x, _) = doc.node(list).scroll;
    doc.set_scroll(list, x, first as f32 * row);
}

/// The option index of a row part under (or at) `node` inside an overlay, if any.
pub fn row_at(doc: &Document, node: NodeId) -> Option<usize> {
    std::iter::once(node)
        .chain(doc.ancestors(node))
        .take_while(|n| super::is_part(doc, *n))
        .find_map(|n| {
            let n = doc.node(n);
            n.classes
                .iter()
                .any(|c| c == ROW_CLASS)
                .then(|| n.attr("mica-index")?.parse().ok())
                .flatten()
        })
}

/// True when `node` lies in the overlay's sheet (not on the mask around it).
pub fn in_panel(doc: &Document, node: NodeId) -> bool {
    std::iter::once(node)
        .chain(doc.ancestors(node))
        .take_while(|n| super::is_part(doc, *n))
        .any(|n| doc.node(n).classes.iter().any(|c| c == PANEL_CLASS))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::test_support::element;

    #[test]
    fn labels_follow_range_key_and_js_printing() {
        let range = json!([{"name": "Beijing"}, {"name": 2}, {"other": 1}]);
        assert_eq!(labels(&range, Some("name")), ["Beijing", "2", ""]);
        assert_eq!(labels(&json!(["a", 1.5, true]), None), ["a", "1.5", "true"]);
        assert_eq!(labels(&json!("nope"), None), Vec::<String>::new());
        assert_eq!(range_from_text("a,b"), json!(["a", "b"]));
        assert_eq!(range_from_text(r#"["x,y","z"]"#), json!(["x,y", "z"]));
        assert_eq!(range_from_text(""), json!([]));
    }

    #[test]
    fn props_default_to_selector_and_index_zero() {
        let mut doc = Document::new();
        let root = doc.root();
        let p = element(
            &mut doc,
            root,
            "picker",
            &[("value", "2"), ("range-key", "n")],
        );
        let props = PickerProps::read(&doc, p);
        assert_eq!(props.mode, "selector");
        assert_eq!(props.value, 2);
        assert_eq!(props.range_key.as_deref(), Some("n"));
        assert!(!props.disabled);
    }

    #[test]
    fn the_overlay_highlights_and_scrolls_to_the_selection() {
        let mut doc = Document::new();
        let root = doc.root();
        let labels: Vec<String> = (0..9).map(|i| format!("option {i}")).collect();
        let window = super::super::Window {
            top: 0.0,
            width: 800.0,
            height: 1000.0,
        };
        let mask = build_overlay(&mut doc, root, window, Some("Pick"), &labels, 7);
        let list = super::super::part(&doc, mask, "mica-picker-list").unwrap_or(mask);
        // Rows of 60px, 5 visible: option 7 is the middle one of 4..=8.
        assert_eq!(doc.node(list).scroll, (0.0, 240.0));
        let row7 = doc.node(list).children[7];
        assert!(doc
            .node(row7)
            .attr("style")
            .unwrap_or("")
            .contains("#1aad19"));
        assert_eq!(row_at(&doc, row7), Some(7));
        assert!(in_panel(&doc, row7));
        assert!(!in_panel(&doc, mask));
        highlight(&mut doc, mask, 0);
        assert_eq!(doc.node(list).scroll, (0.0, 0.0));
    }
}
