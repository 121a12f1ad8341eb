//! `icon`: WeChat's nine icon types drawn from boxes and glyphs of the bundled font.
//!
//! `type` is one of `success`, `success_no_circle`, `info`, `warn`, `waiting`, `cancel`,
//! `download`, `search`, `clear`; `size` is 23 px by default (a bare number is px,
//! `rpx` and the other units are kept); `color` replaces the type's colour (the circle,
//! or the mark of the types without one). Everything inside scales with `size` (the
//! parts are sized in `em` of the icon's font size). An unknown type draws an empty box
//! of the icon's size.

use mica_layout::{Document, NodeId};

use super::{add_part, clear_parts, css_color, css_len, set_part_text};

/// The cross of `cancel` and `clear`.
const CROSS: &str = "\u{D7}";

/// How one icon type is drawn.
struct Look {
    /// The type's colour.
    color: &'static str,
    /// True when the colour fills a circle (the mark is white); false when it colours
    /// the mark itself.
    circle: bool,
    /// What is drawn on (or as) the mark.
    mark: Mark,
}

enum Mark {
    /// A glyph of the bundled font.
    Glyph(&'static str),
    /// Clock hands.
    Clock,
    /// A downward arrow.
    Arrow,
    /// A magnifying glass.
    Lens,
    /// Nothing (unknown type).
    None,
}

fn look(kind: &str) -> Look {
    let (color, circle, mark) = match kind {
        "success" => ("#09BB07", true, Mark::Glyph("\u{221A}")),
        "success_no_circle" => ("#09BB07", false, Mark::Glyph("\u{221A}")),
        "info" => ("#10AEFF", true, Mark::Glyph("i")),
        "warn" => ("#F76260", true, Mark::Glyph("!")),
        "waiting" => ("#10AEFF", true, Mark::Clock),
        "cancel" => ("#F43530", true, Mark::Glyph(CROSS)),
        "download" => ("#09BB07", true, Mark::Arrow),
        "search" => ("#B2B2B2", false, Mark::Lens),
        "clear" => ("#B2B2B2", true, Mark::Glyph(CROSS)),
        _ => ("#000", false, Mark::None),
    };
    Look {
        color,
        circle,
        mark,
    }
}

/// A bar of the icon, positioned in `em` of the icon's size.
fn bar(doc: &mut Document, icon: NodeId, class: &str, geometry: [f32; 4], color: &str) {
    let [left, top, width, height] = geometry;
    let b = add_part(doc, icon, class);
    let style = format!(
        "left: {left}em; top: {top}em; width: {width}em; height: {height}em; background-color: {color}"
    );
    doc.set_attr(b, "style", &style);
}

/// Rebuilds the parts from `type`, `size` and `color` (an icon is a handful of nodes, so
/// building them again is simpler than updating them).
pub(super) fn sync(doc: &mut Document, node: NodeId) {
    let n = doc.node(node);
    let kind = n.attr("type").unwrap_or("").trim().to_string();
    let size = css_len(n.attr("size")).unwrap_or_else(|| "23px".to_string());
    let l = look(&kind);
    let color = css_color(n.attr("color")).unwrap_or(l.color).to_string();
    // The inputs the parts were built from, kept on the icon part: a patch that
    // re-evaluates an attribute to the same value builds nothing.
    let signature = format!("{kind} {size} {color}");
    let current = super::part(doc, node, "mica-icon");
    if current.is_some_and(|p| doc.node(p).attr("signature") == Some(signature.as_str())) {
        return;
    }
    clear_parts(doc, node);
    let icon = add_part(doc, node, &format!("mica-icon mica-icon-{kind}"));
    doc.set_attr(icon, "signature", &signature);
    let mut style = format!("font-size: {size}");
    if l.circle {
        style.push_str(&format!("; background-color: {color}"));
    } else {
        style.push_str(&format!("; color: {color}"));
    }
    doc.set_attr(icon, "style", &style);
    let ink = if l.circle { "#fff" } else { color.as_str() };
    match l.mark {
        Mark::Glyph(g) => {
            let glyph = add_part(doc, icon, "mica-icon-glyph");
            set_part_text(doc, glyph, g);
            if g == CROSS {
                // The font's multiplication sign is small for its em box.
                doc.set_attr(glyph, "style", "font-size: 1.1em");
            }
        }
        Mark::Clock => {
            bar(doc, icon, "mica-icon-bar", [0.46, 0.2, 0.08, 0.34], ink);
            bar(doc, icon, "mica-icon-bar", [0.46, 0.46, 0.28, 0.08], ink);
        }
        Mark::Arrow => {
            bar(doc, icon, "mica-icon-bar", [0.455, 0.2, 0.09, 0.34], ink);
            let arrow = add_part(doc, icon, "mica-icon-arrow");
            doc.set_attr(arrow, "style", "left: 0.32em; top: 0.52em");
        }
        Mark::Lens => {
            let ring = add_part(doc, icon, "mica-icon-ring");
            doc.set_attr(ring, "style", &format!("border-color: {ink}"));
            bar(doc, icon, "mica-icon-bar", [0.6, 0.6, 0.14, 0.14], ink);
            bar(doc, icon, "mica-icon-bar", [0.7, 0.7, 0.14, 0.14], ink);
        }
        Mark::None => {}
    }
}

#[cfg(test)]
mod tests {
    use mica_layout::{Document, NodeId};

    use crate::components::{attr_changed, expand, part, PART_TAG};

    fn icon(attrs: &[(&str, &str)]) -> (Document, NodeId) {
        let mut doc = Document::new();
        let i = doc.create_element("icon");
        for (k, v) in attrs {
            doc.set_attr(i, k, v);
        }
        doc.append_child(doc.root(), i);
        expand(&mut doc, i);
        (doc, i)
    }

    fn icon_part(doc: &Document, i: NodeId) -> NodeId {
        part(doc, i, "mica-icon").unwrap_or_else(|| panic!("no icon part"))
    }

    #[test]
    fn every_type_draws_something_in_its_colour() {
        for (kind, color, parts) in [
            ("success", "background-color: #09BB07", 1),
            ("success_no_circle", "color: #09BB07", 1),
            ("info", "background-color: #10AEFF", 1),
            ("warn", "background-color: #F76260", 1),
            ("waiting", "background-color: #10AEFF", 2),
            ("cancel", "background-color: #F43530", 1),
            ("download", "background-color: #09BB07", 2),
            ("search", "color: #B2B2B2", 3),
            ("clear", "background-color: #B2B2B2", 1),
        ] {
            let (doc, i) = icon(&[("type", kind)]);
            let p = icon_part(&doc, i);
            assert_eq!(
                doc.node(p).attr("style"),
                Some(format!("font-size: 23px; {color}").as_str()),
                "{kind}"
            );
            let inner = doc.node(p).children.len();
            assert_eq!(inner, parts, "{kind}");
        }
    }

    #[test]
    fn size_and_colour_follow_the_attributes() {
        let (mut doc, i) = icon(&[("type", "success"), ("size", "40"), ("color", "red")]);
        let p = icon_part(&doc, i);
        assert_eq!(
            doc.node(p).attr("style"),
            Some("font-size: 40px; background-color: red")
        );
        doc.set_attr(i, "size", "60rpx");
        doc.set_attr(i, "type", "search");
        attr_changed(&mut doc, i, "type");
        let p = icon_part(&doc, i);
        assert_eq!(
            doc.node(p).attr("style"),
            Some("font-size: 60rpx; color: red")
        );
        // The old parts are gone: one icon part under the host.
        let parts = doc
            .node(i)
            .children
            .iter()
            .filter(|c| doc.node(**c).tag == PART_TAG)
            .count();
        assert_eq!(parts, 1);
    }

    #[test]
    fn an_unknown_type_is_an_empty_box() {
        let (doc, i) = icon(&[("type", "rocket"), ("size", "huge")]);
        let p = icon_part(&doc, i);
        assert_eq!(
            doc.node(p).attr("style"),
            Some("font-size: 23px; color: #000")
        );
        assert!(doc.node(p).children.is_empty());
    }
}
