//! `button` looks and the press feedback of `hover-class`.
//!
//! A button's `type` (`primary`, `warn`), `size="mini"`, `plain`, `disabled` and
//! `loading` become component classes on the button (`mica-button-primary`, ...) that
//! the user-agent sheet styles after WeChat's; `loading` also puts a spinner part before
//! the label. A disabled button takes no taps at all (its `bindtap` and its ancestors'
//! do not run) and no focus.
//!
//! `hover-class` names the classes an element wears while it is pressed: on a pointer
//! tap and on Enter, the runtime adds them before the handlers run and removes them once
//! the app settled, so one frame shows the pressed look. A `button` defaults to WeChat's
//! `button-hover`; `hover-class="none"` turns it off. As in WeChat, ancestors with a
//! `hover-class` are pressed too, up to one with `hover-stop-propagation`; disabled
//! elements are not.

use mica_layout::{Document, NodeId};

use super::{flag, is_part, kind, prepend_part, Kind};

/// WeChat's default `hover-class` of a button.
pub const BUTTON_HOVER: &str = "button-hover";

/// Sets the component classes and the loading spinner.
pub(super) fn sync(doc: &mut Document, node: NodeId) {
    let n = doc.node(node);
    let mut classes = Vec::new();
    match n.attr("type").map(str::trim) {
        Some("primary") => classes.push("mica-button-primary".to_string()),
        Some("warn") => classes.push("mica-button-warn".to_string()),
        _ => {}
    }
    if n.attr("size").map(str::trim) == Some("mini") {
        classes.push("mica-button-mini".to_string());
    }
    let loading = flag(doc, node, "loading");
    for (name, class) in [
        ("plain", "mica-button-plain"),
        ("disabled", "mica-button-disabled"),
        ("loading", "mica-button-loading"),
    ] {
        if flag(doc, node, name) {
            classes.push(class.to_string());
        }
    }
    doc.set_component_classes(node, classes);
    let spinner = doc
        .node(node)
        .children
        .iter()
        .copied()
        .find(|c| is_part(doc, *c));
    match (loading, spinner) {
        (true, None) => {
            prepend_part(doc, node, "mica-button-spinner");
        }
        (false, Some(s)) => doc.remove(s),
        _ => {}
    }
}

/// True when a tap on `target` must run nothing: it lies in a disabled button.
pub fn tap_blocked(doc: &Document, target: NodeId) -> bool {
    let start = super::host(doc, target);
    std::iter::once(start)
        .chain(doc.ancestors(start))
        .any(|n| kind(doc, n) == Some(Kind::Button) && flag(doc, n, "disabled"))
}

/// The elements a press on `target` styles and their hover classes (see the module
/// documentation), nearest first.
pub fn hover_classes(doc: &Document, target: NodeId) -> Vec<(NodeId, Vec<String>)> {
    let start = super::host(doc, target);
    let mut out = Vec::new();
    for n in std::iter::once(start).chain(doc.ancestors(start)) {
        let Some(node) = doc.get(n) else { break };
        let declared = node.attr("hover-class").map(str::trim);
        let classes: Vec<String> = match declared {
            Some("none") | Some("") => Vec::new(),
            Some(c) => c.split_whitespace().map(str::to_string).collect(),
            None if node.tag == "button" => vec![BUTTON_HOVER.to_string()],
            None => Vec::new(),
        };
        if !classes.is_empty() && !flag(doc, n, "disabled") {
            out.push((n, classes));
        }
        if flag(doc, n, "hover-stop-propagation") {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use mica_layout::{Document, NodeId};

    use crate::components::{attr_changed, hover_classes, part, tap_blocked};

    use crate::test_support::element;

    #[test]
    fn attributes_become_component_classes() {
        let mut doc = Document::new();
        let root = doc.root();
        let b = element(
            &mut doc,
            root,
            "button",
            &[("type", "primary"), ("size", "mini"), ("plain", "true")],
        );
        assert_eq!(
            doc.node(b).component_classes,
            [
                "mica-button-primary",
                "mica-button-mini",
                "mica-button-plain"
            ]
        );
        doc.set_attr(b, "plain", "false");
        doc.set_attr(b, "disabled", "true");
        attr_changed(&mut doc, b, "disabled");
        assert_eq!(
            doc.node(b).component_classes,
            [
                "mica-button-primary",
                "mica-button-mini",
                "mica-button-disabled"
            ]
        );
        // The page's own classes are left alone.
        assert!(doc.node(b).classes.is_empty());
    }

    #[test]
    fn loading_adds_a_spinner_before_the_label() {
        let mut doc = Document::new();
        let root = doc.root();
        let b = element(&mut doc, root, "button", &[]);
        let label = doc.create_text("Save");
        doc.append_child(b, label);
        doc.set_attr(b, "loading", "true");
        attr_changed(&mut doc, b, "loading");
        let spinner = part(&doc, b, "mica-button-spinner");
        assert!(spinner.is_some());
        assert_eq!(doc.node(b).children.first().copied(), spinner);
        assert!(doc
            .node(b)
            .component_classes
            .contains(&"mica-button-loading".into()));
        doc.remove_attr(b, "loading");
        attr_changed(&mut doc, b, "loading");
        assert_eq!(doc.node(b).children, [label]);
    }

    #[test]
    fn a_disabled_button_blocks_taps_inside_it() {
        let mut doc = Document::new();
        let root = doc.root();
        let b = element(&mut doc, root, "button", &[("disabled", "true")]);
        let inner = element(&mut doc, b, "view", &[]);
        assert!(tap_blocked(&doc, inner));
        doc.set_attr(b, "disabled", "false");
        assert!(!tap_blocked(&doc, inner));
    }

    #[test]
    fn hover_classes_default_propagate_and_stop() {
        let mut doc = Document::new();
        let root = doc.root();
        let outer = element(&mut doc, root, "view", &[("hover-class", "row-on")]);
        let mid = element(
            &mut doc,
            outer,
            "view",
            &[("hover-class", "a b"), ("hover-stop-propagation", "true")],
        );
        let b = element(&mut doc, mid, "button", &[]);
        let plain = element(&mut doc, outer, "button", &[("hover-class", "none")]);
        let to_strings = |v: Vec<(NodeId, Vec<String>)>| {
            v.into_iter()
                .map(|(n, c)| (n, c.join(" ")))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            to_strings(hover_classes(&doc, b)),
            [(b, "button-hover".to_string()), (mid, "a b".to_string())]
        );
        assert_eq!(
            to_strings(hover_classes(&doc, plain)),
            [(outer, "row-on".to_string())]
        );
        doc.set_attr(b, "disabled", "true");
        assert_eq!(
            to_strings(hover_classes(&doc, b)),
            [(mid, "a b".to_string())]
        );
    }
}
