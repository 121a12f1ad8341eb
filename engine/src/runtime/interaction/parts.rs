//! The part trees of the toast, the modal, the action sheet and the watchdog banner:
//! `mica-part` nodes with inline styles appended to the page root, absolutely
//! positioned over the page area, like the picker's list
//! ([`crate::components::picker`]).
//!
//! Sizes follow the window height (one row is 6 % of it, 40 to 72 px, as the picker's
//! rows), so the same dialog reads from across the room on a 1080p TV and fits a
//! 480-line head unit. Texts that must fit a box are cut with an ellipsis here, with the
//! bundled font's measurements: the style system has no `text-overflow`.

use mica_layout::{Document, FontStore, NodeId, TextAlign};

use crate::components::{Window, PART_TAG};
use crate::script::{ActionSheet, Modal, Toast, ToastIcon};

/// The class of a choice: a modal's button, an action sheet's item or its Cancel row
/// (the index is in the `mica-index` attribute).
pub const CHOICE_CLASS: &str = "mica-dialog-choice";
/// The class of the modal's box and the action sheet's sheet (a tap outside it is a tap
/// on the mask).
pub const PANEL_CLASS: &str = "mica-dialog-panel";
/// Where the highlighted choice's colours go, keeping its own (`mica-base` attribute).
const BASE_ATTR: &str = "mica-base";
/// The colour behind a highlighted choice whose own colour is too light to fill it.
const HIGHLIGHT_FALLBACK: &str = "#1aad19";

/// Sizes derived from the window.
#[derive(Clone, Copy, Debug)]
struct Metrics {
    row: f32,
    font: f32,
    pad: f32,
}

fn metrics(window: &Window) -> Metrics {
    let row = (window.height * 0.06).round().clamp(40.0, 72.0);
    Metrics {
        row,
        font: (row * 0.45).round(),
        pad: (row * 0.4).round(),
    }
}

fn part(doc: &mut Document, parent: NodeId, class: &str, style: &str) -> NodeId {
    let p = doc.create_element(PART_TAG);
    doc.set_attr(p, "class", class);
    doc.set_attr(p, "style", style);
    doc.append_child(parent, p);
    p
}

fn text_part(doc: &mut Document, parent: NodeId, class: &str, style: &str, text: &str) -> NodeId {
    let p = part(doc, parent, class, style);
    let t = doc.create_text(text);
    doc.append_child(p, t);
    p
}

/// Where a layer sits in the page area: `dy` px below its top, `height` tall (the
/// whole area when `None`), with `extra` declarations.
#[derive(Clone, Copy)]
struct Placement<'a> {
    extra: &'a str,
    dy: f32,
    height: Option<f32>,
}

/// A flex column over the page area (`window`), as `at` says. The placement is kept in
/// attributes so [`place`] can move the layer when the page scrolls.
fn layer(
    doc: &mut Document,
    root: NodeId,
    class: &str,
    window: Window,
    at: Placement<'_>,
) -> NodeId {
    let l = part(doc, root, class, &layer_style(window, at));
    doc.set_attr(l, "mica-extra", at.extra);
    doc.set_attr(l, "mica-dy", &at.dy.to_string());
    if let Some(h) = at.height {
        doc.set_attr(l, "mica-height", &h.to_string());
    }
    l
}

fn layer_style(window: Window, at: Placement<'_>) -> String {
    format!(
        "position: absolute; left: 0; top: {}px; width: {}px; height: {}px; display: flex; \
         flex-direction: column; align-items: center; {}",
        window.top + at.dy,
        window.width,
        at.height.unwrap_or(window.height),
        at.extra
    )
}

/// Moves a layer built by this module to `window` (the page scrolled, or it is drawn on
/// another page now).
pub fn place(doc: &mut Document, layer: NodeId, window: Window) {
    let Some(n) = doc.get(layer) else { return };
    let number = |name: &str| n.attr(name).and_then(|v| v.parse::<f32>().ok());
    let (dy, height) = (number("mica-dy").unwrap_or(0.0), number("mica-height"));
    let extra = n.attr("mica-extra").unwrap_or("").to_string();
    let at = Placement {
        extra: &extra,
        dy,
        height,
    };
    let style = layer_style(window, at);
    doc.set_attr(layer, "style", &style);
}

/// A layer over the whole page area.
fn cover(extra: &str) -> Placement<'_> {
    Placement {
        extra,
        dy: 0.0,
        height: None,
    }
}

/// `text` cut to `lines` lines of `width` px (with an ellipsis when it was cut).
pub fn ellipsize(
    fonts: &FontStore,
    text: &str,
    size: f32,
    weight: u16,
    width: f32,
    lines: usize,
) -> String {
    let fits = |t: &str| {
        let l = fonts.shape_with_weight(t, size, weight, size * 1.4, Some(width), TextAlign::Left);
        l.lines.len() <= lines && l.lines.iter().all(|line| line.width <= width + 0.5)
    };
    // No box holds more than a few hundred characters: measure no more than this.
    const MEASURED: usize = 1024;
    if text.chars().nth(MEASURED).is_none() && fits(text) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().take(MEASURED).collect();
    let cut = |n: usize| {
        let mut s: String = chars[..n].iter().collect::<String>().trim_end().to_string();
        s.push('\u{2026}');
        s
    };
    // The longest prefix that fits with the ellipsis.
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(&cut(mid)) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    cut(lo)
}

/// The toast (or loading) layer: a dark box in the middle of the page area. Returns the
/// layer, which covers the page (the runtime decides whether it takes input).
pub fn toast(
    doc: &mut Document,
    root: NodeId,
    window: Window,
    fonts: &FontStore,
    toast: &Toast,
) -> NodeId {
    let m = metrics(&window);
    let layer = layer(
        doc,
        root,
        "mica-toast",
        window,
        cover("justify-content: center"),
    );
    let radius = (m.row * 0.15).round();
    let with_icon = toast.image.is_some() || toast.icon != ToastIcon::None;
    if with_icon {
        // WeChat's square box: an icon over at most one line of about 7 characters.
        let side = (m.row * 3.0).round();
        let style = format!(
            "width: {side}px; height: {side}px; background-color: rgba(17, 17, 17, 0.7); \
             border-radius: {radius}px; display: flex; flex-direction: column; \
             align-items: center; justify-content: center"
        );
        let bx = part(doc, layer, "mica-toast-box", &style);
        icon(doc, bx, toast, m);
        let title = ellipsize(fonts, &toast.title, m.font, 400, side - 2.0 * m.pad, 1);
        let style = format!(
            "margin-top: {}px; font-size: {}px; line-height: {}px; color: #ffffff; \
             text-align: center",
            (m.pad * 0.5).round(),
            m.font,
            (m.font * 1.4).round()
        );
        text_part(doc, bx, "mica-toast-title", &style, &title);
    } else {
        // `icon: 'none'`: the text alone, up to two lines.
        let max = (window.width * 0.6).round().max(m.row * 3.0);
        let inner = max - 2.0 * m.pad;
        let title = ellipsize(fonts, &toast.title, m.font, 400, inner, 2);
        let style = format!(
            "max-width: {max}px; padding-left: {p}px; padding-right: {p}px; \
             padding-top: {v}px; padding-bottom: {v}px; \
             background-color: rgba(17, 17, 17, 0.7); border-radius: {radius}px; \
             font-size: {f}px; line-height: {lh}px; color: #ffffff; text-align: center",
            p = m.pad,
            v = (m.pad * 0.6).round(),
            f = m.font,
            lh = (m.font * 1.4).round(),
        );
        text_part(
            doc,
            layer,
            "mica-toast-box mica-toast-title",
            &style,
            &title,
        );
    }
    layer
}

/// The toast's icon: its image, a glyph of the bundled font, or the loading ring.
fn icon(doc: &mut Document, bx: NodeId, toast: &Toast, m: Metrics) {
    let size = (m.row * 1.2).round();
    if let Some(src) = &toast.image {
        let img = doc.create_element("image");
        doc.set_attr(img, "src", src);
        doc.set_attr(img, "mode", "aspectFit");
        doc.set_attr(img, "class", "mica-toast-icon");
        doc.set_attr(img, "style", &format!("width: {size}px; height: {size}px"));
        doc.append_child(bx, img);
        return;
    }
    let glyph = match toast.icon {
        ToastIcon::Success => "\u{221A}",
        ToastIcon::Error => "\u{D7}",
        ToastIcon::Loading | ToastIcon::None => {
            // A ring with one bright quarter (drawn still: the view has no spin).
            let ring = (size * 0.8).round();
            let border = (ring * 0.12).round().max(2.0);
            let style = format!(
                "width: {ring}px; height: {ring}px; margin-top: {t}px; margin-bottom: {t}px; \
                 border: {border}px solid rgba(255, 255, 255, 0.3); \
                 border-top-color: #ffffff; border-radius: {r}px; box-sizing: border-box",
                t = ((size - ring) / 2.0).round(),
                r = (ring / 2.0).round(),
            );
            part(doc, bx, "mica-toast-icon", &style);
            return;
        }
    };
    let style = format!(
        "height: {size}px; font-size: {size}px; line-height: {size}px; color: #ffffff; \
         text-align: center"
    );
    text_part(doc, bx, "mica-toast-icon", &style, glyph);
}

/// A choice's look (`lit`: highlighted).
fn choice_style(base: &str, color: &str, lit: bool) -> String {
    if lit {
        let fill = if is_light(color) {
            HIGHLIGHT_FALLBACK
        } else {
            color
        };
        format!("{base}; background-color: {fill}; color: #ffffff; font-weight: 700")
    } else {
        format!("{base}; background-color: #ffffff; color: {color}")
    }
}

/// True for a `#rgb`/`#rrggbb` colour too light for white text on it.
fn is_light(color: &str) -> bool {
    let hex = color.trim_start_matches('#');
    let channel = |i: usize, len: usize| {
        let s = hex.get(i * len..(i + 1) * len)?;
        let v = u8::from_str_radix(s, 16).ok()?;
        Some(if len == 1 { v * 17 } else { v })
    };
    let len = if hex.len() == 3 { 1 } else { 2 };
    match (channel(0, len), channel(1, len), channel(2, len)) {
        (Some(r), Some(g), Some(b)) => {
            0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b) > 200.0
        }
        _ => false,
    }
}

/// A colour from the app, if it is a hex colour (so it cannot add declarations to a
/// part's `style`).
pub fn hex_color<'a>(v: &'a str, fallback: &'a str) -> &'a str {
    let ok = v
        .strip_prefix('#')
        .is_some_and(|h| matches!(h.len(), 3 | 6 | 8) && h.chars().all(|c| c.is_ascii_hexdigit()));
    if ok {
        v
    } else {
        fallback
    }
}

fn choice(
    doc: &mut Document,
    parent: NodeId,
    index: usize,
    base: &str,
    color: &str,
    label: &str,
) -> NodeId {
    let c = text_part(doc, parent, CHOICE_CLASS, "", label);
    doc.set_attr(c, "mica-index", &index.to_string());
    doc.set_attr(c, BASE_ATTR, base);
    doc.set_attr(c, "mica-color", color);
    doc.set_attr(c, "style", &choice_style(base, color, false));
    c
}

/// The modal: a box in the middle of a dimmed page with the title, the content and
/// one or two buttons (`取消` then `确定` by default). Returns the mask.
pub fn modal(
    doc: &mut Document,
    root: NodeId,
    window: Window,
    fonts: &FontStore,
    modal: &Modal,
    highlight: usize,
) -> (NodeId, Option<NodeId>) {
    let m = metrics(&window);
    let dim = cover("justify-content: center; background-color: rgba(0, 0, 0, 0.6)");
    let mask = layer(doc, root, "mica-modal-mask", window, dim);
    let width = (window.width * 0.85).min(m.row * 10.0).round();
    let radius = (m.row * 0.2).round();
    let style = format!(
        "width: {width}px; background-color: #ffffff; border-radius: {radius}px; \
         overflow: hidden; display: flex; flex-direction: column"
    );
    let panel = part(doc, mask, &format!("{PANEL_CLASS} mica-modal"), &style);
    let inner = width - 2.0 * m.pad;
    let side = format!(
        "padding-left: {p}px; padding-right: {p}px; text-align: center",
        p = m.pad
    );
    if !modal.title.is_empty() {
        let size = (m.font * 1.15).round();
        let title = ellipsize(fonts, &modal.title, size, 700, inner, 2);
        let style = format!(
            "{side}; padding-top: {t}px; font-size: {size}px; line-height: {lh}px; \
             font-weight: 700; color: #000000",
            t = (m.pad * 1.2).round(),
            lh = (size * 1.4).round(),
        );
        text_part(doc, panel, "mica-modal-title", &style, &title);
    }
    let field = modal.editable.then(|| {
        // An `input` as the page would have one: Mica's keyboard edits it.
        let style = format!(
            "margin-left: {p}px; margin-right: {p}px; margin-top: {t}px; height: {h}px; \
             font-size: {f}px; padding-left: 8px; padding-right: 8px; \
             background-color: #f7f7f7; {border}",
            p = m.pad,
            t = (m.pad * 0.8).round(),
            h = (m.font * 2.2).round(),
            f = m.font,
            border = field_border(highlight == FIELD),
        );
        let field = doc.create_element("input");
        doc.set_attr(field, "class", "mica-modal-field");
        doc.set_attr(field, "style", &style);
        doc.set_attr(field, "value", &modal.content);
        doc.set_attr(field, "placeholder", &modal.placeholder_text);
        doc.append_child(panel, field);
        crate::components::expand(doc, field);
        field
    });
    if !modal.content.is_empty() && !modal.editable {
        // The content is grey under a title, the main text without one (as WeChat).
        let color = if modal.title.is_empty() {
            "#353535"
        } else {
            "#808080"
        };
        let content = ellipsize(fonts, &modal.content, m.font, 400, inner, 6);
        let style = format!(
            "{side}; padding-top: {t}px; font-size: {f}px; line-height: {lh}px; color: {color}",
            t = (m.pad * if modal.title.is_empty() { 1.2 } else { 0.5 }).round(),
            f = m.font,
            lh = (m.font * 1.5).round(),
        );
        text_part(doc, panel, "mica-modal-content", &style, &content);
    }
    let style = format!(
        "display: flex; flex-direction: row; margin-top: {t}px; \
         border-top: 1px solid #e5e5e5",
        t = (m.pad * 1.2).round()
    );
    let buttons = part(doc, panel, "mica-modal-buttons", &style);
    let size = (m.font * 1.1).round();
    let base = format!(
        "flex-grow: 1; flex-basis: 0; height: {row}px; line-height: {row}px; \
         text-align: center; font-size: {size}px",
        row = m.row
    );
    let mut index = 0;
    if modal.show_cancel {
        let color = hex_color(&modal.cancel_color, "#000000");
        let label = ellipsize(fonts, &modal.cancel_text, size, 700, width / 2.0 - 8.0, 1);
        choice(doc, buttons, index, &base, color, &label);
        index += 1;
    }
    let color = hex_color(&modal.confirm_color, "#576B95");
    let base = if modal.show_cancel {
        format!("{base}; border-left: 1px solid #e5e5e5")
    } else {
        base
    };
    let label = ellipsize(fonts, &modal.confirm_text, size, 700, width / 2.0 - 8.0, 1);
    choice(doc, buttons, index, &base, color, &label);
    highlight_choice(doc, mask, highlight);
    (mask, field)
}

/// The highlight index of an editable modal's text field (above the buttons).
pub const FIELD: usize = usize::MAX;

/// The border of an editable modal's field, highlighted or not.
fn field_border(on: bool) -> &'static str {
    if on {
        "border: 2px solid #576B95"
    } else {
        "border: 2px solid #e5e5e5"
    }
}

/// Shows whether the field of an editable modal is highlighted.
pub fn highlight_field(doc: &mut Document, field: NodeId, on: bool) {
    let Some(style) = doc
        .get(field)
        .and_then(|n| n.attr("style"))
        .map(str::to_string)
    else {
        return;
    };
    let style = style.replace(field_border(!on), field_border(on));
    doc.set_attr(field, "style", &style);
}

/// The action sheet: items over a Cancel row at the bottom of a dimmed page (the Cancel
/// row's index is the item count). Returns the mask.
pub fn action_sheet(
    doc: &mut Document,
    root: NodeId,
    window: Window,
    fonts: &FontStore,
    sheet: &ActionSheet,
    cancel_text: &str,
    highlight: usize,
) -> NodeId {
    let m = metrics(&window);
    let dim = cover("justify-content: flex-end; background-color: rgba(0, 0, 0, 0.6)");
    let mask = layer(doc, root, "mica-action-sheet-mask", window, dim);
    let radius = (m.row * 0.2).round();
    let style = format!(
        "width: {w}px; background-color: #f2f2f2; border-top-left-radius: {radius}px; \
         border-top-right-radius: {radius}px; overflow: hidden; display: flex; \
         flex-direction: column",
        w = window.width
    );
    let panel = part(
        doc,
        mask,
        &format!("{PANEL_CLASS} mica-action-sheet"),
        &style,
    );
    let inner = window.width - 2.0 * m.pad;
    if let Some(alert) = sheet.alert_text.as_deref().filter(|a| !a.is_empty()) {
        let size = (m.font * 0.9).round();
        let text = ellipsize(fonts, alert, size, 400, inner, 2);
        let style = format!(
            "padding-left: {p}px; padding-right: {p}px; padding-top: {v}px; \
             padding-bottom: {v}px; background-color: #ffffff; color: #888888; \
             font-size: {size}px; line-height: {lh}px; text-align: center; \
             border-bottom: 1px solid #e5e5e5",
            p = m.pad,
            v = (m.pad * 0.8).round(),
            lh = (size * 1.4).round(),
        );
        text_part(doc, panel, "mica-action-sheet-alert", &style, &text);
    }
    let size = (m.font * 1.1).round();
    let base = format!(
        "height: {row}px; line-height: {row}px; text-align: center; font-size: {size}px",
        row = m.row
    );
    let color = hex_color(&sheet.item_color, "#000000");
    let count = sheet.item_list.len();
    for (i, item) in sheet.item_list.iter().enumerate() {
        let label = ellipsize(fonts, item, size, 700, inner, 1);
        let base = if i + 1 < count {
            format!("{base}; border-bottom: 1px solid #e5e5e5")
        } else {
            base.clone()
        };
        choice(doc, panel, i, &base, color, &label);
    }
    let gap = (m.pad * 0.4).round().max(6.0);
    let cancel = format!("{base}; margin-top: {gap}px");
    choice(doc, panel, count, &cancel, "#000000", cancel_text);
    highlight_choice(doc, mask, highlight);
    mask
}

/// Highlights choice `index` of the dialog under `mask` (the others drawn plain).
pub fn highlight_choice(doc: &mut Document, mask: NodeId, index: usize) {
    let choices: Vec<NodeId> = doc
        .descendants(mask)
        .into_iter()
        .filter(|n| doc.node(*n).classes.iter().any(|c| c == CHOICE_CLASS))
        .collect();
    for c in choices {
        let n = doc.node(c);
        let i: Option<usize> = n.attr("mica-index").and_then(|v| v.parse().ok());
        let base = n.attr(BASE_ATTR).unwrap_or("").to_string();
        let color = n.attr("mica-color").unwrap_or("#000000").to_string();
        let style = choice_style(&base, &color, i == Some(index));
        doc.set_attr(c, "style", &style);
    }
}

/// The choice index of the part at (or holding) `node`, if any.
pub fn choice_at(doc: &Document, node: NodeId) -> Option<usize> {
    std::iter::once(node)
        .chain(doc.ancestors(node))
        .take_while(|n| doc.node(*n).tag == PART_TAG)
        .find_map(|n| {
            let n = doc.node(n);
            n.classes
                .iter()
                .any(|c| c == CHOICE_CLASS)
                .then(|| n.attr("mica-index")?.parse().ok())
                .flatten()
        })
}

/// True when `node` lies in the modal's box or the action sheet (not on the mask).
pub fn in_panel(doc: &Document, node: NodeId) -> bool {
    std::iter::once(node)
        .chain(doc.ancestors(node))
        .take_while(|n| doc.node(*n).tag == PART_TAG)
        .any(|n| doc.node(n).classes.iter().any(|c| c == PANEL_CLASS))
}

/// The watchdog's banner over the top of the page area: "Script stopped" and the first
/// line of `message`. Returns its layer.
pub fn error_banner(
    doc: &mut Document,
    root: NodeId,
    window: Window,
    fonts: &FontStore,
    message: &str,
) -> NodeId {
    let m = metrics(&window);
    let margin = (m.pad * 0.6).round();
    // The layer has no height: it covers nothing of the page around the banner.
    let at = Placement {
        extra: "justify-content: flex-start",
        dy: margin,
        height: Some(0.0),
    };
    let layer = layer(doc, root, "mica-error-banner", window, at);
    let width = window.width - 2.0 * margin;
    let border = 3.0;
    let style = format!(
        "width: {width}px; background-color: #fff3f2; border: {border}px solid #e64340; \
         border-radius: {r}px; padding-left: {p}px; padding-right: {p}px; \
         padding-top: {v}px; padding-bottom: {v}px; box-sizing: border-box; \
         display: flex; flex-direction: column",
        r = (m.pad * 0.4).round(),
        p = m.pad,
        v = (m.pad * 0.5).round(),
    );
    let bx = part(doc, layer, "mica-error-banner-box", &style);
    let style = format!(
        "font-size: {f}px; line-height: {lh}px; font-weight: 700; color: #e64340",
        f = m.font,
        lh = (m.font * 1.4).round()
    );
    text_part(doc, bx, "mica-error-banner-title", &style, "Script stopped");
    let line = message.lines().next().unwrap_or("").trim();
    let size = (m.font * 0.85).round();
    let inner = width - 2.0 * (m.pad + border);
    let text = ellipsize(fonts, line, size, 400, inner, 1);
    let style = format!(
        "font-size: {size}px; line-height: {lh}px; color: #333333",
        lh = (size * 1.4).round()
    );
    text_part(doc, bx, "mica-error-banner-message", &style, &text);
    layer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_with_an_ellipsis_to_fit() {
        let fonts = FontStore::bundled();
        assert_eq!(ellipsize(&fonts, "OK", 20.0, 400, 200.0, 1), "OK");
        let long = "a very long message that cannot possibly fit in a narrow box";
        let cut = ellipsize(&fonts, long, 20.0, 400, 120.0, 1);
        assert!(cut.ends_with('\u{2026}'), "{cut}");
        assert!(cut.len() < long.len());
        let shaped = fonts.shape(&cut, 20.0, 28.0, None, TextAlign::Left);
        assert!(shaped.width <= 120.5, "{} px", shaped.width);
        // Two lines hold more than one.
        let two = ellipsize(&fonts, long, 20.0, 400, 120.0, 2);
        assert!(two.chars().count() > cut.chars().count());
        // A huge text is measured only in part.
        let huge = "x ".repeat(100_000);
        let cut = ellipsize(&fonts, &huge, 20.0, 400, 120.0, 2);
        assert!(cut.ends_with('\u{2026}') && cut.len() < 100, "{cut}");
    }

    #[test]
    fn only_hex_colours_reach_a_style() {
        assert_eq!(hex_color("#576B95", "#000"), "#576B95");
        assert_eq!(hex_color("red; width: 0", "#000"), "#000");
        assert_eq!(hex_color("#12", "#000"), "#000");
        assert!(is_light("#ffffff") && is_light("#eee"));
        assert!(!is_light("#576B95") && !is_light("#000000"));
    }

    #[test]
    fn choices_are_found_and_highlighted() {
        let mut doc = Document::new();
        let root = doc.root();
        let window = Window {
            top: 0.0,
            width: 800.0,
            height: 600.0,
        };
        let fonts = FontStore::bundled();
        let sheet = ActionSheet {
            item_list: vec!["A".into(), "B".into()],
            item_color: "#000000".into(),
            alert_text: Some("Pick one".into()),
        };
        let mask = action_sheet(&mut doc, root, window, &fonts, &sheet, "Cancel", 1);
        let choices: Vec<NodeId> = doc
            .descendants(mask)
            .into_iter()
            .filter(|n| doc.node(*n).classes.iter().any(|c| c == CHOICE_CLASS))
            .collect();
        assert_eq!(choices.len(), 3, "two items and Cancel");
        let lit = |doc: &Document, n: NodeId| {
            doc.node(n)
                .attr("style")
                .is_some_and(|s| s.contains("font-weight: 700"))
        };
        assert!(!lit(&doc, choices[0]) && lit(&doc, choices[1]));
        assert_eq!(choice_at(&doc, choices[2]), Some(2));
        assert!(in_panel(&doc, choices[0]));
        assert!(!in_panel(&doc, mask));
        highlight_choice(&mut doc, mask, 2);
        assert!(!lit(&doc, choices[1]) && lit(&doc, choices[2]));
    }
}
