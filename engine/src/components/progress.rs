//! `progress`: a bar filled to `percent` (0–100) and, with `show-info`, the percentage
//! on its right.
//!
//! Attributes (WeChat's defaults): `percent`, `show-info`, `stroke-width` 6 (px unless a
//! unit is given), `border-radius` 0, `font-size` 16, `activeColor` `#09BB07` (legacy
//! `color`), `backgroundColor` `#EBEBEB`. The `active` animation is not drawn: the bar
//! shows its final state at once.

use mica_layout::{Document, NodeId};

use super::{
    add_part, css_color, css_len, flag, fmt_number, number, part, prop, set_or_remove,
    set_part_text,
};

/// Adds the parts: bar › inner, info.
pub(super) fn expand(doc: &mut Document, node: NodeId) {
    let bar = add_part(doc, node, "mica-progress-bar");
    add_part(doc, bar, "mica-progress-inner");
    add_part(doc, node, "mica-progress-info");
}

/// Brings the parts in line with the attributes.
pub(super) fn sync(doc: &mut Document, node: NodeId) {
    let percent = number(doc, node, "percent")
        .unwrap_or(0.0)
        .clamp(0.0, 100.0);
    let radius = css_len(prop(doc, node, "border-radius"));
    let active = css_color(prop(doc, node, "active-color"))
        .or_else(|| css_color(doc.node(node).attr("color")))
        .map(str::to_string);
    let background = css_color(prop(doc, node, "background-color")).map(str::to_string);
    let stroke = css_len(prop(doc, node, "stroke-width"));
    let font = css_len(prop(doc, node, "font-size"));
    let show = flag(doc, node, "show-info");
    if let Some(bar) = part(doc, node, "mica-progress-bar") {
        let mut decls = Vec::new();
        if let Some(h) = &stroke {
            decls.push(format!("height: {h}"));
        }
        if let Some(c) = &background {
            decls.push(format!("background-color: {c}"));
        }
        if let Some(r) = &radius {
            decls.push(format!("border-radius: {r}"));
        }
        set_or_remove(doc, bar, "style", &decls.join("; "));
    }
    if let Some(inner) = part(doc, node, "mica-progress-inner") {
        let mut decls = vec![format!("width: {}%", fmt_number(percent))];
        if let Some(c) = &active {
            decls.push(format!("background-color: {c}"));
        }
        if let Some(r) = &radius {
            decls.push(format!("border-radius: {r}"));
        }
        doc.set_attr(inner, "style", &decls.join("; "));
    }
    if let Some(info) = part(doc, node, "mica-progress-info") {
        if show {
            doc.remove_attr(info, "hidden");
            set_part_text(doc, info, &format!("{}%", fmt_number(percent)));
            let style = font.map_or(String::new(), |f| format!("font-size: {f}"));
            set_or_remove(doc, info, "style", &style);
        } else {
            doc.set_attr(info, "hidden", "true");
        }
    }
}

#[cfg(test)]
mod tests {
    use mica_layout::{Document, NodeId};

    use crate::components::{attr_changed, expand, part};

    fn progress(attrs: &[(&str, &str)]) -> (Document, NodeId) {
        let mut doc = Document::new();
        let p = doc.create_element("progress");
        for (k, v) in attrs {
            doc.set_attr(p, k, v);
        }
        doc.append_child(doc.root(), p);
        expand(&mut doc, p);
        (doc, p)
    }

    fn attr(doc: &Document, p: NodeId, class: &str, name: &str) -> Option<String> {
        let n = part(doc, p, class).unwrap_or_else(|| panic!("no {class}"));
        doc.node(n).attr(name).map(str::to_string)
    }

    fn info_text(doc: &Document, p: NodeId) -> String {
        let n = part(doc, p, "mica-progress-info").unwrap_or_else(|| panic!("no info"));
        doc.node(n)
            .children
            .first()
            .map(|t| doc.node(*t).text.clone())
            .unwrap_or_default()
    }

    #[test]
    fn percent_fills_the_bar_and_follows_changes() {
        let (mut doc, p) = progress(&[("percent", "40"), ("show-info", "true")]);
        assert_eq!(
            attr(&doc, p, "mica-progress-inner", "style").as_deref(),
            Some("width: 40%")
        );
        assert_eq!(info_text(&doc, p), "40%");
        doc.set_attr(p, "percent", "250");
        attr_changed(&mut doc, p, "percent");
        assert_eq!(
            attr(&doc, p, "mica-progress-inner", "style").as_deref(),
            Some("width: 100%")
        );
        assert_eq!(info_text(&doc, p), "100%");
        doc.remove_attr(p, "show-info");
        attr_changed(&mut doc, p, "show-info");
        assert_eq!(
            attr(&doc, p, "mica-progress-info", "hidden").as_deref(),
            Some("true")
        );
    }

    #[test]
    fn colours_stroke_and_radius() {
        let (doc, p) = progress(&[
            ("percent", "12.5"),
            ("stroke-width", "12"),
            ("border-radius", "6rpx"),
            ("color", "pink"),
            ("backgroundColor", "#333"),
            ("font-size", "oops"),
        ]);
        assert_eq!(
            attr(&doc, p, "mica-progress-bar", "style").as_deref(),
            Some("height: 12px; background-color: #333; border-radius: 6rpx")
        );
        assert_eq!(
            attr(&doc, p, "mica-progress-inner", "style").as_deref(),
            Some("width: 12.5%; background-color: pink; border-radius: 6rpx")
        );
        // activeColor wins over the legacy `color`.
        let (doc, p) = progress(&[("color", "pink"), ("active-color", "red")]);
        assert_eq!(
            attr(&doc, p, "mica-progress-inner", "style").as_deref(),
            Some("width: 0%; background-color: red")
        );
    }
}
