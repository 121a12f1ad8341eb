//! `slider`: a rail, the filled part up to the value, a thumb, and the value on the
//! right when `show-value` is set.
//!
//! Attributes (WeChat's defaults): `min` 0, `max` 100, `step` 1, `value` 0, `disabled`,
//! `activeColor` `#1aad19` (legacy `selected-color`), `backgroundColor` `#e9e9e9`
//! (legacy `color`), `block-size` 28 (clamped to 12–28), `block-color` `#ffffff`,
//! `show-value`. Values lie on the grid `min + k·step`, clamped to `[min, max]`.
//!
//! On a remote, Left and Right on the focused slider move it one step and fire
//! `changing` then `change` (`detail.value`); as Android's `SeekBar` does, a key that
//! cannot move it further (at the end of the range) is not consumed, so the focus may
//! move on. A pointer tap moves the thumb to the tapped point and fires `change`.
//! Dragging the thumb is not supported yet.

use mica_layout::{Document, NodeId};
use serde_json::json;

use super::{
    add_part, css_color, flag, fmt_number, json_number, number, part, prop, set_or_remove,
    set_part_text, ComponentEvent, KeyOutcome,
};
use crate::platform::Key;

/// Height of the rail in px (WeChat's `wx-slider-handle-wrapper`).
const RAIL: f32 = 2.0;

/// The range and value of a slider, read from its attributes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Range {
    min: f64,
    max: f64,
    step: f64,
    value: f64,
}

impl Range {
    fn read(doc: &Document, node: NodeId) -> Range {
        let min = number(doc, node, "min").unwrap_or(0.0);
        let max = number(doc, node, "max").unwrap_or(100.0).max(min);
        let step = number(doc, node, "step")
            .filter(|s| *s > 0.0)
            .unwrap_or(1.0);
        let value = number(doc, node, "value").unwrap_or(0.0);
        let mut r = Range {
            min,
            max,
            step,
            value,
        };
        r.value = r.snap(value);
        r
    }

    /// `v` moved to the nearest grid value inside the range.
    fn snap(&self, v: f64) -> f64 {
        let k = ((v - self.min) / self.step).round();
        (self.min + k * self.step).clamp(self.min, self.max)
    }

    /// The value `steps` grid steps from the current one, inside the range.
    fn stepped(&self, steps: f64) -> f64 {
        let k = ((self.value - self.min) / self.step).round() + steps;
        (self.min + k * self.step).clamp(self.min, self.max)
    }

    /// Where the value lies, 0..=100.
    fn percent(&self) -> f64 {
        if self.max > self.min {
            (self.value - self.min) / (self.max - self.min) * 100.0
        } else {
            0.0
        }
    }
}

/// Adds the parts: row › (area › rail › (fill, thumb)), value.
pub(super) fn expand(doc: &mut Document, node: NodeId) {
    let row = add_part(doc, node, "mica-slider");
    let area = add_part(doc, row, "mica-slider-area");
    let rail = add_part(doc, area, "mica-slider-rail");
    add_part(doc, rail, "mica-slider-fill");
    add_part(doc, rail, "mica-slider-thumb");
    add_part(doc, row, "mica-slider-value");
}

/// Brings the parts in line with the attributes.
pub(super) fn sync(doc: &mut Document, node: NodeId) {
    let r = Range::read(doc, node);
    let pct = fmt_number(r.percent());
    let size = number(doc, node, "block-size")
        .map_or(28.0, |s| s.clamp(12.0, 28.0) as f32)
        .round();
    let active = css_color(prop(doc, node, "active-color"))
        .or_else(|| css_color(prop(doc, node, "selected-color")))
        .map(str::to_string);
    let background = css_color(prop(doc, node, "background-color"))
        .or_else(|| css_color(doc.node(node).attr("color")))
        .map(str::to_string);
    let block = css_color(prop(doc, node, "block-color")).map(str::to_string);
    let show = flag(doc, node, "show-value");
    let disabled = flag(doc, node, "disabled");
    if let Some(row) = part(doc, node, "mica-slider") {
        let class = if disabled {
            "mica-slider mica-disabled"
        } else {
            "mica-slider"
        };
        doc.set_attr(row, "class", class);
    }
    if let Some(area) = part(doc, node, "mica-slider-area") {
        let pad = ((size - RAIL) / 2.0).max(0.0);
        let style = format!("padding-top: {pad}px; padding-bottom: {pad}px");
        doc.set_attr(area, "style", &style);
    }
    if let Some(rail) = part(doc, node, "mica-slider-rail") {
        let style = background.map_or(String::new(), |c| format!("background-color: {c}"));
        set_or_remove(doc, rail, "style", &style);
    }
    if let Some(fill) = part(doc, node, "mica-slider-fill") {
        let mut style = format!("width: {pct}%");
        if let Some(c) = &active {
            style.push_str(&format!("; background-color: {c}"));
        }
        doc.set_attr(fill, "style", &style);
    }
    if let Some(thumb) = part(doc, node, "mica-slider-thumb") {
        let top = (RAIL - size) / 2.0;
        let mut style = format!(
            "left: {pct}%; top: {top}px; width: {size}px; height: {size}px; margin-left: {}px",
            -size / 2.0
        );
        if let Some(c) = &block {
            style.push_str(&format!("; background-color: {c}"));
        }
        doc.set_attr(thumb, "style", &style);
    }
    if let Some(value) = part(doc, node, "mica-slider-value") {
        if show {
            doc.remove_attr(value, "hidden");
            set_part_text(doc, value, &fmt_number(r.value));
        } else {
            doc.set_attr(value, "hidden", "true");
        }
    }
}

/// Sets the value attribute and syncs the parts.
fn set_value(doc: &mut Document, node: NodeId, v: f64) {
    doc.set_attr(node, "value", &fmt_number(v));
    sync(doc, node);
}

/// Left/Right on the focused slider (see the module documentation).
pub(super) fn key(doc: &mut Document, node: NodeId, key: Key) -> KeyOutcome {
    let steps = match key {
        Key::Left => -1.0,
        Key::Right => 1.0,
        _ => return KeyOutcome::default(),
    };
    if flag(doc, node, "disabled") {
        return KeyOutcome::default();
    }
    let r = Range::read(doc, node);
    let v = r.stepped(steps);
    if v == r.value {
        return KeyOutcome::default();
    }
    set_value(doc, node, v);
    let detail = json!({ "value": json_number(v) });
    KeyOutcome {
        consumed: true,
        events: vec![
            ComponentEvent {
                target: node,
                event: "changing",
                detail: detail.clone(),
            },
            ComponentEvent {
                target: node,
                event: "change",
                detail,
            },
        ],
    }
}

/// A pointer tap at `at` moves the value there; Enter (`at` = `None`) does nothing.
pub(super) fn tap(
    doc: &mut Document,
    node: NodeId,
    at: Option<(f32, f32)>,
) -> Option<ComponentEvent> {
    let (x, _) = at?;
    let v = value_at(doc, node, x)?;
    set_value(doc, node, v);
    Some(ComponentEvent {
        target: node,
        event: "change",
        detail: json!({ "value": json_number(v) }),
    })
}

/// The value under window x-coordinate `x` (snapped to `step`, within `min..=max`);
/// `None` for a disabled or unlaid slider.
fn value_at(doc: &Document, node: NodeId, x: f32) -> Option<f64> {
    if flag(doc, node, "disabled") {
        return None;
    }
    let rail = part(doc, node, "mica-slider-rail")?;
    let rect = doc.node(rail).rect;
    if rect.width <= 0.0 {
        return None;
    }
    let r = Range::read(doc, node);
    let frac = f64::from(((x - rect.x) / rect.width).clamp(0.0, 1.0));
    Some(r.snap(r.min + frac * (r.max - r.min)))
}

/// The slider `node` is (or is inside), if it can be dragged: not disabled.
pub fn draggable(doc: &Document, node: NodeId) -> Option<NodeId> {
    let s = std::iter::once(node)
        .chain(doc.ancestors(node))
        .find(|n| doc.node(*n).tag == "slider")?;
    (!flag(doc, s, "disabled")).then_some(s)
}

/// A drag of slider `node` is at window x-coordinate `x`: the value follows, with a
/// `changing` event (`detail.value`) when it moved to another step.
pub fn drag_to(doc: &mut Document, node: NodeId, x: f32) -> Option<ComponentEvent> {
    let v = value_at(doc, node, x)?;
    if v == Range::read(doc, node).value {
        return None;
    }
    set_value(doc, node, v);
    Some(ComponentEvent {
        target: node,
        event: "changing",
        detail: json!({ "value": json_number(v) }),
    })
}

/// The drag of slider `node` ended: `change` with the value it stopped at.
pub fn drag_end(doc: &Document, node: NodeId) -> ComponentEvent {
    let v = Range::read(doc, node).value;
    ComponentEvent {
        target: node,
        event: "change",
        detail: json!({ "value": json_number(v) }),
    }
}

#[cfg(test)]
mod tests {
    use mica_layout::{Document, NodeId, Rect};
    use serde_json::json;

    use super::Range;
    use crate::components::{expand, on_key, on_tap, part};
    use crate::platform::Key;

    fn slider(attrs: &[(&str, &str)]) -> (Document, NodeId) {
        let mut doc = Document::new();
        let s = doc.create_element("slider");
        for (k, v) in attrs {
            doc.set_attr(s, k, v);
        }
        doc.append_child(doc.root(), s);
        expand(&mut doc, s);
        (doc, s)
    }

    fn style(doc: &Document, s: NodeId, class: &str) -> String {
        let p = part(doc, s, class).unwrap_or_else(|| panic!("no {class}"));
        doc.node(p).attr("style").unwrap_or("").to_string()
    }

    #[test]
    fn the_range_snaps_to_the_step_grid() {
        let (doc, s) = slider(&[("min", "10"), ("max", "20"), ("step", "3"), ("value", "14")]);
        let r = Range::read(&doc, s);
        assert_eq!(r.value, 13.0);
        assert_eq!(r.stepped(1.0), 16.0);
        assert_eq!(r.stepped(5.0), 20.0, "the end of the range is reachable");
        assert_eq!(r.stepped(-9.0), 10.0);
        let (doc, s) = slider(&[("step", "0"), ("value", "-5"), ("max", "banana")]);
        let r = Range::read(&doc, s);
        assert_eq!((r.min, r.max, r.step, r.value), (0.0, 100.0, 1.0, 0.0));
    }

    #[test]
    fn left_and_right_step_and_report_changing_then_change() {
        let (mut doc, s) = slider(&[("value", "50"), ("step", "5"), ("show-value", "true")]);
        assert!(style(&doc, s, "mica-slider-fill").starts_with("width: 50%"));
        let out = on_key(&mut doc, s, Key::Right);
        assert!(out.consumed);
        let kinds: Vec<&str> = out.events.iter().map(|e| e.event).collect();
        assert_eq!(kinds, ["changing", "change"]);
        assert_eq!(out.events[1].detail, json!({"value": 55}));
        assert_eq!(doc.node(s).attr("value"), Some("55"));
        assert!(style(&doc, s, "mica-slider-thumb").starts_with("left: 55%"));
        let value = part(&doc, s, "mica-slider-value").unwrap_or_else(|| panic!("no value"));
        let text = doc.node(value).children[0];
        assert_eq!(doc.node(text).text, "55");
        assert!(on_key(&mut doc, s, Key::Left).consumed);
        assert_eq!(doc.node(s).attr("value"), Some("50"));
        // Up and Down are the focus's.
        assert!(!on_key(&mut doc, s, Key::Up).consumed);
    }

    #[test]
    fn the_end_of_the_range_lets_the_key_go() {
        let (mut doc, s) = slider(&[("value", "100")]);
        let out = on_key(&mut doc, s, Key::Right);
        assert!(!out.consumed && out.events.is_empty());
        let (mut doc, s) = slider(&[("value", "40"), ("disabled", "true")]);
        assert!(!on_key(&mut doc, s, Key::Left).consumed);
    }

    #[test]
    fn fractional_steps_print_like_js() {
        let (mut doc, s) = slider(&[
            ("min", "0"),
            ("max", "1"),
            ("step", "0.1"),
            ("value", "0.2"),
        ]);
        let out = on_key(&mut doc, s, Key::Right);
        assert_eq!(out.events[1].detail, json!({"value": 0.3}));
        assert_eq!(doc.node(s).attr("value"), Some("0.3"));
    }

    #[test]
    fn a_tap_moves_the_value_to_the_point() {
        let (mut doc, s) = slider(&[("min", "0"), ("max", "200"), ("step", "10")]);
        let rail = part(&doc, s, "mica-slider-rail").unwrap_or_else(|| panic!("no rail"));
        doc.node_mut(rail).rect = Rect::new(100.0, 50.0, 400.0, 2.0);
        let ev = on_tap(&mut doc, rail, Some((203.0, 51.0)));
        assert_eq!(ev.as_ref().map(|e| e.target), Some(s));
        assert_eq!(ev.map(|e| e.detail), Some(json!({"value": 50})));
        // Enter on a slider is not a tap on its middle.
        assert_eq!(on_tap(&mut doc, s, None), None);
        assert_eq!(doc.node(s).attr("value"), Some("50"));
    }

    #[test]
    fn colours_and_block_size_style_the_parts() {
        let (doc, s) = slider(&[
            ("activeColor", "#ff0000"),
            ("background-color", "#00ff00"),
            ("block-size", "40"),
            ("block-color", "blue"),
        ]);
        assert_eq!(
            style(&doc, s, "mica-slider-fill"),
            "width: 0%; background-color: #ff0000"
        );
        assert_eq!(
            style(&doc, s, "mica-slider-rail"),
            "background-color: #00ff00"
        );
        assert_eq!(
            style(&doc, s, "mica-slider-thumb"),
            "left: 0%; top: -13px; width: 28px; height: 28px; margin-left: -14px; background-color: blue"
        );
        let value = part(&doc, s, "mica-slider-value").unwrap_or_else(|| panic!("no value"));
        assert_eq!(doc.node(value).attr("hidden"), Some("true"));
    }
}
