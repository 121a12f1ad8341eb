//! `switch`, `checkbox` and `radio`, their groups and `label`.
//!
//! - `switch`: a pill track with a knob (`type="checkbox"`: a check box); a tap toggles
//!   `checked` and fires `change` on the switch with `detail.value` the new state.
//!   `color` (default `#04BE02`) fills the checked track, or colours the check mark.
//! - `checkbox`: a box with a check mark in `color` (default `#09BB07`); a tap toggles
//!   `checked`. The nearest `checkbox-group` fires `change` with `detail.value` the
//!   `value`s of its checked checkboxes in document order; a lone checkbox fires
//!   nothing (WeChat's checkbox has no event of its own).
//! - `radio`: a circle filled with `color` when checked; a tap on an unchecked radio
//!   checks it and unchecks the other radios of its `radio-group`, which fires `change`
//!   with `detail.value` the radio's `value`. A tap on a checked radio does nothing.
//! - `label`: a tap inside it operates the control its `for` attribute names by id,
//!   else its first switch, checkbox or radio.
//!
//! A `disabled` control ignores taps and draws greyed.

use mica_layout::{Document, NodeId};
use serde_json::{json, Value};

use super::{
    add_part, clear_parts, css_color, flag, kind, part, set_or_remove, set_part_text,
    ComponentEvent, Kind,
};

/// WeChat's default switch colour.
const SWITCH_COLOR: &str = "#04BE02";
/// WeChat's default checkbox and radio colour.
const CHECK_COLOR: &str = "#09BB07";
/// The check mark. The bundled font has no U+2713, and the radical sign reads as one.
const CHECK_MARK: &str = "\u{221A}";

/// The part class of the outer box a toggle draws.
fn box_class(doc: &Document, node: NodeId, k: Kind) -> &'static str {
    match k {
        Kind::Switch if doc.node(node).attr("type") == Some("checkbox") => "mica-checkbox",
        Kind::Switch => "mica-switch",
        Kind::Radio => "mica-radio",
        _ => "mica-checkbox",
    }
}

/// Adds the parts: a switch track and knob, or a box with a check mark.
pub(super) fn expand(doc: &mut Document, node: NodeId, k: Kind) {
    let class = box_class(doc, node, k);
    let first = doc.node(node).children.first().copied();
    let b = doc.create_element(super::PART_TAG);
    doc.set_attr(b, "class", class);
    doc.insert_before(node, b, first);
    if class == "mica-switch" {
        add_part(doc, b, "mica-switch-knob");
    } else {
        let mark = add_part(doc, b, "mica-mark");
        set_part_text(doc, mark, CHECK_MARK);
    }
}

/// Brings the parts in line with `checked`, `disabled`, `color` and (for a switch)
/// `type`.
pub(super) fn sync(doc: &mut Document, node: NodeId, k: Kind) {
    let class = box_class(doc, node, k);
    let b = match part(doc, node, class) {
        Some(b) => b,
        None => {
            // `type` changed (or the parts were never made): build them again.
            clear_parts(doc, node);
            expand(doc, node, k);
            match part(doc, node, class) {
                Some(b) => b,
                None => return,
            }
        }
    };
    let checked = flag(doc, node, "checked");
    let disabled = flag(doc, node, "disabled");
    let mut classes = class.to_string();
    if checked {
        classes.push_str(" mica-checked");
    }
    if disabled {
        classes.push_str(" mica-disabled");
    }
    doc.set_attr(b, "class", &classes);
    let default = if k == Kind::Switch {
        SWITCH_COLOR
    } else {
        CHECK_COLOR
    };
    let color = css_color(doc.node(node).attr("color")).unwrap_or(default);
    let style = match class {
        "mica-switch" if checked => format!("background-color: {color}; border-color: {color}"),
        "mica-radio" if checked && !disabled => {
            format!("background-color: {color}; border-color: {color}")
        }
        "mica-checkbox" if !disabled => format!("color: {color}"),
        _ => String::new(),
    };
    set_or_remove(doc, b, "style", &style);
}

/// A tap on a switch, checkbox or radio (see the module documentation).
pub(super) fn tap(doc: &mut Document, node: NodeId, k: Kind) -> Option<ComponentEvent> {
    if flag(doc, node, "disabled") {
        return None;
    }
    let checked = flag(doc, node, "checked");
    match k {
        Kind::Switch => {
            set_checked(doc, node, !checked);
            Some(ComponentEvent {
                target: node,
                event: "change",
                detail: json!({ "value": !checked }),
            })
        }
        Kind::Checkbox => {
            set_checked(doc, node, !checked);
            let group = group_of(doc, node, "checkbox-group")?;
            let values: Vec<Value> = members(doc, group, "checkbox", "checkbox-group")
                .into_iter()
                .filter(|c| flag(doc, *c, "checked"))
                .map(|c| Value::String(value_of(doc, c)))
                .collect();
            Some(ComponentEvent {
                target: group,
                event: "change",
                detail: json!({ "value": values }),
            })
        }
        Kind::Radio => {
            if checked {
                return None;
            }
            set_checked(doc, node, true);
            let group = group_of(doc, node, "radio-group")?;
            for other in members(doc, group, "radio", "radio-group") {
                if other != node && flag(doc, other, "checked") {
                    set_checked(doc, other, false);
                }
            }
            Some(ComponentEvent {
                target: group,
                event: "change",
                detail: json!({ "value": value_of(doc, node) }),
            })
        }
        _ => None,
    }
}

/// The control a `label` operates (see the module documentation).
pub(super) fn label_control(doc: &Document, label: NodeId) -> Option<NodeId> {
    let is_toggle = |n: NodeId| {
        matches!(
            kind(doc, n),
            Some(Kind::Switch | Kind::Checkbox | Kind::Radio)
        )
    };
    if let Some(id) = doc.node(label).attr("for").filter(|v| !v.is_empty()) {
        return doc
            .descendants(doc.root())
            .into_iter()
            .find(|n| doc.node(*n).id_attr() == Some(id))
            .filter(|n| is_toggle(*n));
    }
    doc.descendants(label)
        .into_iter()
        .find(|n| !super::is_part(doc, *n) && is_toggle(*n))
}

fn set_checked(doc: &mut Document, node: NodeId, on: bool) {
    if on {
        doc.set_attr(node, "checked", "true");
    } else {
        doc.remove_attr(node, "checked");
    }
    if let Some(k) = kind(doc, node) {
        sync(doc, node, k);
    }
}

/// The nearest ancestor with tag `group`.
fn group_of(doc: &Document, node: NodeId, group: &str) -> Option<NodeId> {
    doc.ancestors(node).find(|a| doc.node(*a).tag == group)
}

/// The `tag` elements whose nearest `group_tag` ancestor is `group`, in document order.
fn members(doc: &Document, group: NodeId, tag: &str, group_tag: &str) -> Vec<NodeId> {
    doc.descendants(group)
        .into_iter()
        .filter(|n| doc.node(*n).tag == tag && group_of(doc, *n, group_tag) == Some(group))
        .collect()
}

/// A control's `value` attribute (`""` when absent).
fn value_of(doc: &Document, node: NodeId) -> String {
    doc.node(node).attr("value").unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use mica_layout::{Document, NodeId};
    use serde_json::json;

    use crate::components::{on_tap, part, ComponentEvent};

    use crate::test_support::element;

    fn classes(doc: &Document, n: NodeId) -> String {
        doc.node(n).attr("class").unwrap_or("").to_string()
    }

    #[test]
    fn a_switch_toggles_and_reports_its_state() {
        let mut doc = Document::new();
        let root = doc.root();
        let s = element(&mut doc, root, "switch", &[("color", "#ff0000")]);
        let track = part(&doc, s, "mica-switch").unwrap_or_else(|| panic!("no track"));
        assert!(part(&doc, s, "mica-switch-knob").is_some());
        assert_eq!(classes(&doc, track), "mica-switch");
        let ev = on_tap(&mut doc, track, None);
        assert_eq!(
            ev,
            Some(ComponentEvent {
                target: s,
                event: "change",
                detail: json!({"value": true})
            })
        );
        assert_eq!(classes(&doc, track), "mica-switch mica-checked");
        assert_eq!(
            doc.node(track).attr("style"),
            Some("background-color: #ff0000; border-color: #ff0000")
        );
        let ev = on_tap(&mut doc, s, None).map(|e| e.detail);
        assert_eq!(ev, Some(json!({"value": false})));
        assert_eq!(doc.node(s).attr("checked"), None);
        assert_eq!(doc.node(track).attr("style"), None);
    }

    #[test]
    fn a_disabled_switch_ignores_taps() {
        let mut doc = Document::new();
        let root = doc.root();
        let s = element(&mut doc, root, "switch", &[("disabled", "true")]);
        assert_eq!(on_tap(&mut doc, s, None), None);
        assert_eq!(doc.node(s).attr("checked"), None);
    }

    #[test]
    fn a_checkbox_switch_draws_a_box_and_switches_back() {
        let mut doc = Document::new();
        let root = doc.root();
        let s = element(&mut doc, root, "switch", &[("type", "checkbox")]);
        assert!(part(&doc, s, "mica-checkbox").is_some());
        assert!(part(&doc, s, "mica-mark").is_some());
        doc.set_attr(s, "type", "switch");
        crate::components::attr_changed(&mut doc, s, "type");
        assert!(part(&doc, s, "mica-checkbox").is_none());
        assert!(part(&doc, s, "mica-switch-knob").is_some());
    }

    #[test]
    fn checkbox_group_reports_checked_values_in_order() {
        let mut doc = Document::new();
        let root = doc.root();
        let g = element(&mut doc, root, "checkbox-group", &[]);
        let a = element(
            &mut doc,
            g,
            "checkbox",
            &[("value", "a"), ("checked", "true")],
        );
        let label = element(&mut doc, g, "label", &[]);
        let b = element(&mut doc, label, "checkbox", &[("value", "b")]);
        let text = doc.create_text("B");
        doc.append_child(label, text);
        let ev = on_tap(&mut doc, b, None);
        assert_eq!(ev.as_ref().map(|e| e.target), Some(g));
        assert_eq!(ev.map(|e| e.detail), Some(json!({"value": ["a", "b"]})));
        // Through the label's text: the label's checkbox toggles.
        let ev = on_tap(&mut doc, text, None).map(|e| e.detail);
        assert_eq!(ev, Some(json!({"value": ["a"]})));
        let ev = on_tap(&mut doc, a, None).map(|e| e.detail);
        assert_eq!(ev, Some(json!({"value": []})));
        let mark_box = part(&doc, a, "mica-checkbox").unwrap_or_else(|| panic!("no box"));
        assert_eq!(classes(&doc, mark_box), "mica-checkbox");
    }

    #[test]
    fn a_lone_checkbox_toggles_silently() {
        let mut doc = Document::new();
        let root = doc.root();
        let c = element(&mut doc, root, "checkbox", &[]);
        assert_eq!(on_tap(&mut doc, c, None), None);
        assert_eq!(doc.node(c).attr("checked"), Some("true"));
    }

    #[test]
    fn radio_group_keeps_one_checked() {
        let mut doc = Document::new();
        let root = doc.root();
        let g = element(&mut doc, root, "radio-group", &[]);
        let a = element(&mut doc, g, "radio", &[("value", "a"), ("checked", "true")]);
        let b = element(&mut doc, g, "radio", &[("value", "b"), ("color", "blue")]);
        let ev = on_tap(&mut doc, b, None);
        assert_eq!(ev.as_ref().map(|e| e.target), Some(g));
        assert_eq!(ev.map(|e| e.detail), Some(json!({"value": "b"})));
        assert_eq!(doc.node(a).attr("checked"), None);
        assert_eq!(doc.node(b).attr("checked"), Some("true"));
        let circle = part(&doc, b, "mica-radio").unwrap_or_else(|| panic!("no circle"));
        assert_eq!(
            doc.node(circle).attr("style"),
            Some("background-color: blue; border-color: blue")
        );
        // Tapping the checked radio changes nothing.
        assert_eq!(on_tap(&mut doc, b, None), None);
    }

    #[test]
    fn label_for_names_its_control() {
        let mut doc = Document::new();
        let root = doc.root();
        let label = element(&mut doc, root, "label", &[("for", "wifi")]);
        let text = doc.create_text("Wi-Fi");
        doc.append_child(label, text);
        let s = element(&mut doc, root, "switch", &[("id", "wifi")]);
        let ev = on_tap(&mut doc, text, None);
        assert_eq!(ev.map(|e| e.target), Some(s));
        assert_eq!(doc.node(s).attr("checked"), Some("true"));
    }

    #[test]
    fn a_colour_cannot_inject_declarations() {
        let mut doc = Document::new();
        let root = doc.root();
        let c = element(
            &mut doc,
            root,
            "checkbox",
            &[("color", "red; width: 900px"), ("checked", "true")],
        );
        let b = part(&doc, c, "mica-checkbox").unwrap_or_else(|| panic!("no box"));
        assert_eq!(doc.node(b).attr("style"), Some("color: #09BB07"));
    }
}
