//! `wx.createSelectorQuery()`, the view's half: answers a [`ToView::SelectorQuery`]
//! from the real layout of the page, in WeChat's shapes.
//!
//! - **Coordinates** are the page's display area (the viewport under the navigation
//!   bar): a node's `rect` in the document is already there, the page's and every
//!   `scroll-view`'s scroll offsets taken off, so `boundingClientRect` is that rect
//!   (`top` goes down by 100 when the page scrolls down by 100). A node that is not
//!   displayed (`display: none`, itself or an ancestor) reports zeros, as a browser's
//!   `getBoundingClientRect` does.
//! - **Selectors** are WeChat's: `#id`, `.a`, `.a.b`, `tag`, descendant `.a .b`, child
//!   `.a > .b`, lists `#a, .b` (the layout's selector matcher). `.a >>> .b` (into
//!   custom components) is read as `.a .b`. A query made in a custom component
//!   (`this.createSelectorQuery()`, or `.in(component)`) sees the nodes of that
//!   component's own template, under its own class names.
//!   An invalid selector matches nothing (and is logged). Mica's internal parts of
//!   built-in components never match.
//! - The query sees every change the app made before `exec()`: patches arrive first on
//!   the same channel, and the page on top is restyled and laid out before answering.
//!
//! [`ToView::SelectorQuery`]: crate::script::ToView::SelectorQuery

use mica_layout::{Document, Node, NodeId};
use serde_json::{json, Map, Value};

use super::pages::size_images;
use super::{Diagnostic, Runtime};
use crate::script::{NodeFields, NodeRequest, NodeTarget, ToLogic};
use crate::view::View;

impl Runtime {
    /// Answers query `request_id` about page `page_id` (the page on top when `None`).
    pub(super) fn selector_query(
        &mut self,
        request_id: u64,
        page_id: Option<u32>,
        requests: Vec<NodeRequest>,
    ) {
        // `this.createSelectorQuery()` in a component: its own nodes, its class names.
        let component = page_id.filter(|id| self.component_pages.contains_key(id));
        let page_id = match component {
            Some(id) => self.component_pages.get(&id).copied(),
            None => page_id,
        };
        let top = self.pages.top().map(|p| p.id);
        let page_id = page_id.or(top);
        if page_id.is_some() && page_id == top {
            self.lay_out_top();
        }
        let viewport = self.page_size();
        let page = page_id.and_then(|id| self.pages.get_mut(id));
        let results = requests
            .iter()
            .map(|r| match &page {
                Some(p) => match (component, p.view.as_ref()) {
                    (Some(id), Some(view)) => answer_in(&p.doc, view, id, viewport, r),
                    _ => answer(&p.doc, p.view.as_ref(), viewport, r),
                },
                None if r.target == NodeTarget::All => Value::Array(Vec::new()),
                None => Value::Null,
            })
            .collect();
        self.send_logic(ToLogic::SelectorQueryDone {
            request_id,
            results,
        });
    }

    /// Restyles and lays out the page on top (images sized first), as a frame would, so
    /// a query sees the patches applied so far.
    fn lay_out_top(&mut self) {
        let viewport = self.page_size();
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        if page.doc.take_images_changed() {
            for message in size_images(&self.files, page) {
                log::warn!("{message}");
                self.warnings.push(Diagnostic {
                    source: "image",
                    message,
                });
            }
        }
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        mica_layout::restyle(&mut page.doc, &page.styles, viewport);
        mica_layout::compute_layout(&mut page.doc, &self.fonts, viewport);
    }
}

/// The result of one request on `doc`, whose display area is `viewport`.
pub(super) fn answer(
    doc: &Document,
    view: Option<&View>,
    viewport: (f32, f32),
    request: &NodeRequest,
) -> Value {
    let f = &request.fields;
    match request.target {
        NodeTarget::Viewport => Value::Object(viewport_fields(doc, viewport, f)),
        NodeTarget::One => select(doc, &request.selector)
            .first()
            .map_or(Value::Null, |&n| {
                Value::Object(node_fields(doc, view, n, f))
            }),
        NodeTarget::All => Value::Array(
            select(doc, &request.selector)
                .into_iter()
                .map(|n| Value::Object(node_fields(doc, view, n, f)))
                .collect(),
        ),
    }
}

/// [`answer`] for a query scoped to component instance `id`: the selector's classes are
/// the component's own (scoped as its styles are), and only the nodes of its own
/// template match, not its slot content nor the insides of components it uses.
fn answer_in(
    doc: &Document,
    view: &View,
    id: u32,
    viewport: (f32, f32),
    request: &NodeRequest,
) -> Value {
    let (Some((host, _)), Some(comp)) = (view.component_host(id), view.component(id)) else {
        return answer(
            doc,
            None,
            viewport,
            &NodeRequest {
                selector: String::new(),
                ..request.clone()
            },
        );
    };
    let f = &request.fields;
    let found = match request.target {
        NodeTarget::Viewport => return Value::Object(viewport_fields(doc, viewport, f)),
        _ => select_in(doc, comp, host, &request.selector),
    };
    let fields = |n: NodeId| Value::Object(node_fields(doc, Some(view), n, f));
    match request.target {
        NodeTarget::One => found.first().map_or(Value::Null, |&n| fields(n)),
        _ => Value::Array(found.into_iter().map(fields).collect()),
    }
}

/// The nodes of component view `comp` (under `host`) that `selector` matches.
fn select_in(doc: &Document, comp: &View, host: NodeId, selector: &str) -> Vec<NodeId> {
    let selector = selector.replace(">>>", " ");
    let mut list = match mica_layout::style::Selector::parse_list(&selector) {
        Ok(l) => l,
        Err(e) => {
            log::warn!("selector query: {selector:?}: {e}");
            return Vec::new();
        }
    };
    if let Some(prefix) = comp.class_prefix() {
        for sel in &mut list {
            sel.visit_compounds_mut(&mut |c| {
                for k in &mut c.classes {
                    if k != mica_layout::FOCUS_STATE_CLASS {
                        *k = format!("{prefix}{k}");
                    }
                }
            });
        }
    }
    doc.descendants(host)
        .into_iter()
        .skip(1)
        .filter(|&n| doc.node(n).is_element())
        .filter(|&n| comp.owner_of(n).is_some_and(|o| std::ptr::eq(o, comp)))
        .filter(|&n| !crate::components::is_part(doc, n))
        .filter(|&n| list.iter().any(|s| s.matches(doc, n)))
        .collect()
}

/// The elements `selector` matches, in document order.
fn select(doc: &Document, selector: &str) -> Vec<NodeId> {
    // No custom components: crossing into one is plain descent.
    let selector = selector.replace(">>>", " ");
    if selector.trim().is_empty() {
        log::warn!("selector query: empty selector");
        return Vec::new();
    }
    mica_layout::select_all(doc, &selector)
        .into_iter()
        .filter(|&n| !crate::components::is_part(doc, n))
        .collect()
}

/// A number as JS sees it: f32 noise (`33.33333206`) rounded to 1/1000 px.
fn num(v: f32) -> Value {
    let v = (f64::from(v) * 1000.0).round() / 1000.0;
    json!(if v == 0.0 { 0.0 } else { v })
}

fn displayed(doc: &Document, node: NodeId) -> bool {
    !doc.node(node).style.hidden && doc.ancestors(node).all(|a| !doc.node(a).style.hidden)
}

fn node_fields(
    doc: &Document,
    view: Option<&View>,
    node: NodeId,
    f: &NodeFields,
) -> Map<String, Value> {
    let n = doc.node(node);
    let mut out = Map::new();
    if f.id {
        out.insert("id".into(), json!(n.id_attr().unwrap_or("")));
    }
    if f.dataset {
        let dataset = view.map(|v| v.dataset(doc, node)).unwrap_or_default();
        out.insert("dataset".into(), Value::Object(dataset));
    }
    if f.mark {
        let mark = view
            .map(|v| crate::view::events::mark(doc, v, node))
            .unwrap_or_default();
        out.insert("mark".into(), Value::Object(mark));
    }
    let r = if displayed(doc, node) {
        n.rect
    } else {
        mica_layout::Rect::default()
    };
    if f.rect {
        out.insert("left".into(), num(r.x));
        out.insert("right".into(), num(r.x + r.width));
        out.insert("top".into(), num(r.y));
        out.insert("bottom".into(), num(r.y + r.height));
    }
    if f.size {
        out.insert("width".into(), num(r.width));
        out.insert("height".into(), num(r.height));
    }
    if f.scroll_offset {
        let l = &n.final_layout;
        out.insert("scrollLeft".into(), num(n.scroll.0));
        out.insert("scrollTop".into(), num(n.scroll.1));
        out.insert(
            "scrollWidth".into(),
            num(l.content_size.width.max(l.size.width)),
        );
        out.insert(
            "scrollHeight".into(),
            num(l.content_size.height.max(l.size.height)),
        );
    }
    for name in &f.properties {
        if let Some(v) = property(n, name) {
            out.insert(name.clone(), v);
        }
    }
    for name in &f.computed_style {
        out.insert(name.clone(), json!(computed_style(n, name)));
    }
    if f.context {
        out.insert("context".into(), Value::Null);
    }
    if f.node {
        out.insert("node".into(), Value::Null);
    }
    out
}

/// The display area: its size, and the page's scroll offset and scrollable size.
fn viewport_fields(doc: &Document, viewport: (f32, f32), f: &NodeFields) -> Map<String, Value> {
    let root = doc.node(doc.root());
    let mut out = Map::new();
    if f.id {
        out.insert("id".into(), json!(""));
    }
    if f.dataset {
        out.insert("dataset".into(), json!({}));
    }
    if f.mark {
        out.insert("mark".into(), json!({}));
    }
    if f.rect {
        out.insert("left".into(), num(0.0));
        out.insert("right".into(), num(viewport.0));
        out.insert("top".into(), num(0.0));
        out.insert("bottom".into(), num(viewport.1));
    }
    if f.size {
        out.insert("width".into(), num(viewport.0));
        out.insert("height".into(), num(viewport.1));
    }
    if f.scroll_offset {
        out.insert("scrollLeft".into(), num(root.scroll.0));
        out.insert("scrollTop".into(), num(root.scroll.1));
        out.insert("scrollWidth".into(), num(root.rect.width.max(viewport.0)));
        out.insert("scrollHeight".into(), num(root.rect.height.max(viewport.1)));
    }
    for name in &f.computed_style {
        out.insert(name.clone(), json!(computed_style(root, name)));
    }
    if f.context {
        out.insert("context".into(), Value::Null);
    }
    if f.node {
        out.insert("node".into(), Value::Null);
    }
    out
}

/// `camelCase` → `kebab-case` (`backgroundColor` → `background-color`); kebab names
/// stay as they are.
fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.trim().chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A component property by name (`scrollY` reads the `scroll-y` attribute). WeChat
/// keeps `id`, `class`, `style`, event bindings (and here `data-*`) out. Attribute
/// values are text after data binding: `true` / `false` and a bare attribute are
/// booleans, anything else is the string.
fn property(n: &Node, name: &str) -> Option<Value> {
    let attr = kebab(name);
    let hidden = ["id", "class", "style"].contains(&attr.as_str())
        || [
            "bind",
            "catch",
            "capture-bind",
            "capture-catch",
            "mut-bind",
            "data-",
        ]
        .iter()
        .any(|p| attr.starts_with(p));
    if hidden {
        return None;
    }
    let v = n.attr(&attr).or_else(|| n.attr(name))?;
    Some(match v.trim() {
        "" | "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(v.to_string()),
    })
}

fn px(v: f32) -> String {
    let v = (v * 1000.0).round() / 1000.0;
    format!("{}px", if v == 0.0 { 0.0 } else { v })
}

fn color(c: mica_layout::Color) -> String {
    if c.a == 255 {
        format!("rgb({}, {}, {})", c.r, c.g, c.b)
    } else {
        let a = (f32::from(c.a) / 255.0 * 1000.0).round() / 1000.0;
        format!("rgba({}, {}, {}, {a})", c.r, c.g, c.b)
    }
}

/// Four sides (top, right, bottom, left) as CSS serialises a shorthand: `10px`,
/// `10px 20px`, `1px 2px 3px`, `1px 2px 3px 4px`.
fn sides(t: f32, r: f32, b: f32, l: f32) -> String {
    let [t, r, b, l] = [t, r, b, l].map(px);
    if l != r {
        format!("{t} {r} {b} {l}")
    } else if b != t {
        format!("{t} {r} {b}")
    } else if r != t {
        format!("{t} {r}")
    } else {
        t
    }
}

/// A keyword from taffy's enum name (`ColumnReverse` → `column-reverse`): the engine
/// reads taffy's styles through the layout crate and names none of its types.
fn keyword(debug: impl std::fmt::Debug) -> String {
    kebab(&format!("{debug:?}"))
        .trim_start_matches('-')
        .to_string()
}

/// The computed value of CSS property `name` as text, like `getComputedStyle`: used
/// lengths in px (the laid-out box), colours as `rgb()` / `rgba()`, keywords. A
/// property Mica does not compute gives `""`, as an unknown one does in a browser.
fn computed_style(n: &Node, name: &str) -> String {
    let s = &n.style;
    let l = &n.final_layout;
    let (pad, border, margin) = (l.padding, l.border, l.margin);
    let content_box = keyword(s.layout.box_sizing) == "content-box";
    match kebab(name).as_str() {
        "width" if content_box => {
            px(l.size.width - pad.left - pad.right - border.left - border.right)
        }
        "width" => px(l.size.width),
        "height" if content_box => {
            px(l.size.height - pad.top - pad.bottom - border.top - border.bottom)
        }
        "height" => px(l.size.height),
        "margin" => sides(margin.top, margin.right, margin.bottom, margin.left),
        "margin-top" => px(margin.top),
        "margin-right" => px(margin.right),
        "margin-bottom" => px(margin.bottom),
        "margin-left" => px(margin.left),
        "padding" => sides(pad.top, pad.right, pad.bottom, pad.left),
        "padding-top" => px(pad.top),
        "padding-right" => px(pad.right),
        "padding-bottom" => px(pad.bottom),
        "padding-left" => px(pad.left),
        "border-width" => sides(border.top, border.right, border.bottom, border.left),
        "border-top-width" => px(border.top),
        "border-right-width" => px(border.right),
        "border-bottom-width" => px(border.bottom),
        "border-left-width" => px(border.left),
        "color" => color(s.color),
        "background-color" => color(s.background_color),
        "border-color" | "border-top-color" => color(s.border_color[0]),
        "border-right-color" => color(s.border_color[1]),
        "border-bottom-color" => color(s.border_color[2]),
        "border-left-color" => color(s.border_color[3]),
        "border-radius" | "border-top-left-radius" => px(s.border_radius[0]),
        "border-top-right-radius" => px(s.border_radius[1]),
        "border-bottom-right-radius" => px(s.border_radius[2]),
        "border-bottom-left-radius" => px(s.border_radius[3]),
        "font-size" => px(s.font_size),
        "font-weight" => s.font_weight.to_string(),
        "line-height" => match s.line_height {
            mica_layout::LineHeight::Normal => "normal".into(),
            other => px(other.resolve(s.font_size)),
        },
        "text-align" => match s.text_align {
            mica_layout::TextAlign::Left => "left".into(),
            mica_layout::TextAlign::Center => "center".into(),
            mica_layout::TextAlign::Right => "right".into(),
        },
        "opacity" => s.opacity.to_string(),
        "overflow" => match s.overflow {
            mica_layout::Overflow::Visible => "visible".into(),
            mica_layout::Overflow::Hidden => "hidden".into(),
        },
        "display" if s.hidden => "none".into(),
        "display" => keyword(s.layout.display),
        "position" => keyword(s.layout.position),
        "box-sizing" => keyword(s.layout.box_sizing),
        "flex-direction" => keyword(s.layout.flex_direction),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_values_are_written_as_css_writes_them() {
        assert_eq!(kebab("backgroundColor"), "background-color");
        assert_eq!(kebab("margin-top"), "margin-top");
        #[derive(Debug)]
        enum Direction {
            ColumnReverse,
        }
        assert_eq!(keyword(Direction::ColumnReverse), "column-reverse");
        assert_eq!(sides(1.0, 1.0, 1.0, 1.0), "1px");
        assert_eq!(sides(1.0, 2.0, 1.0, 2.0), "1px 2px");
        assert_eq!(sides(1.0, 2.0, 3.0, 2.0), "1px 2px 3px");
        assert_eq!(sides(1.0, 2.0, 3.0, 4.0), "1px 2px 3px 4px");
        assert_eq!(px(12.5), "12.5px");
        assert_eq!(px(-0.0), "0px");
        assert_eq!(
            color(mica_layout::Color::rgba(1, 2, 3, 255)),
            "rgb(1, 2, 3)"
        );
        assert_eq!(
            color(mica_layout::Color::rgba(0, 0, 0, 128)),
            "rgba(0, 0, 0, 0.502)"
        );
    }
}
