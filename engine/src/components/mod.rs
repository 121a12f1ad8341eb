//! The interactive built-in components: `switch`, `checkbox`/`checkbox-group`,
//! `radio`/`radio-group`, `label`, `slider`, `progress`, `icon`, `button`, `swiper`/
//! `swiper-item`, `picker`, `input` and `textarea`, after WeChat's component reference.
//!
//! A built-in component is an ordinary document element plus, where it draws something
//! of its own, *parts*: internal `mica-part` children (a switch's track and knob, a
//! slider's rail, fill and thumb) styled by the user-agent sheet's `mica-*` classes
//! (`mica_layout::style::ua::COMPONENTS_CSS`) and, for per-instance colours and sizes,
//! by their own `style` attribute. Layout and the renderer draw them like any box; there
//! is no special painting code. Parts are never targets: [`host`] maps a hit part back
//! to its component, as WeChat's shadow trees retarget events.
//!
//! The runtime and the view call five functions:
//!
//! - [`expand`] when the view creates an element: adds the parts and syncs them;
//! - [`attr_changed`] when a bound attribute of an element changed (`setData`): brings
//!   the parts (and a button's [component classes](mica_layout::Node::component_classes))
//!   in line with the attributes, at the cost of one component;
//! - [`on_tap`] for a tap or Enter: toggles a switch, checkbox or radio (also through a
//!   `label`), moves a slider to the tapped point, and returns the `change` event to
//!   send to JS (fired on the `checkbox-group`/`radio-group` for grouped controls);
//! - [`on_key`] for an arrow key on the focused node: a slider steps on Left/Right and
//!   consumes the key (so the focus stays) and emits `changing` then `change`;
//! - [`hover_classes`] and [`tap_blocked`] for the press feedback of `hover-class` and
//!   the dead taps of a disabled `button`.
//!
//! The components with state over time or an overlay — a swiper's animation and
//! autoplay, a picker's option list, a text field's editing session and the on-screen
//! [`keyboard`] — keep their document side here ([`swiper`], [`picker`], [`text_input`]:
//! attributes, parts, overlay nodes) and their behaviour in the runtime, which has the
//! clock and the input.
//!
//! Like WeChat's components, they keep their own state: a toggle updates the element's
//! `checked`/`value` attribute and its parts at once, whether or not the page mirrors it
//! in its data. Attributes follow the focus module's boolean rule: present and not
//! `"false"`.
//!
//! ```
//! use mica_engine::components::{self, ComponentEvent};
//! use mica_layout::Document;
//! let mut doc = Document::new();
//! let switch = doc.create_element("switch");
//! doc.append_child(doc.root(), switch);
//! components::expand(&mut doc, switch); // track and knob
//! let event = components::on_tap(&mut doc, switch, None);
//! assert_eq!(doc.node(switch).attr("checked"), Some("true"));
//! let Some(ComponentEvent { event, detail, .. }) = event else { panic!() };
//! assert_eq!((event, detail), ("change", serde_json::json!({ "value": true })));
//! ```

use mica_layout::{Document, NodeId};
use serde_json::Value;

use crate::platform::Key;

mod button;
mod icon;
pub mod keyboard;
pub mod picker;
mod progress;
pub(crate) mod scroll_view;
pub(crate) mod slider;
pub mod swiper;
pub mod text_input;
mod toggle;

pub use button::{hover_classes, tap_blocked};

/// Tag of the internal nodes components add.
pub const PART_TAG: &str = "mica-part";

/// The built-in components with parts or behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `button`: type/size/plain/disabled/loading looks, `hover-class`.
    Button,
    /// `switch` (`type="switch"` or `"checkbox"`).
    Switch,
    /// `checkbox`, reported by its `checkbox-group`.
    Checkbox,
    /// `radio`, reported by its `radio-group`.
    Radio,
    /// `slider`.
    Slider,
    /// `progress`.
    Progress,
    /// `icon`.
    Icon,
    /// `scroll-view`: `scroll-top`, `scroll-left`, `scroll-into-view`.
    ScrollView,
    /// `swiper`: pages, indicator dots.
    Swiper,
    /// `swiper-item`: one page of a swiper.
    SwiperItem,
    /// `picker` (selector mode).
    Picker,
    /// `input`.
    Input,
    /// `textarea`.
    Textarea,
}

impl Kind {
    /// The component a tag names, if it is one of these.
    pub fn of(tag: &str) -> Option<Kind> {
        Some(match tag {
            "button" => Kind::Button,
            "switch" => Kind::Switch,
            "checkbox" => Kind::Checkbox,
            "radio" => Kind::Radio,
            "slider" => Kind::Slider,
            "progress" => Kind::Progress,
            "icon" => Kind::Icon,
            "scroll-view" => Kind::ScrollView,
            "swiper" => Kind::Swiper,
            "swiper-item" => Kind::SwiperItem,
            "picker" => Kind::Picker,
            "input" => Kind::Input,
            "textarea" => Kind::Textarea,
            _ => return None,
        })
    }
}

/// An event a component fires for JS, dispatched on `target` with the same capture and
/// bubble rules as a tap.
#[derive(Clone, Debug, PartialEq)]
pub struct ComponentEvent {
    /// The node the event fires on (its `target`): the control, or its group.
    pub target: NodeId,
    /// The event type (`change`, `changing`).
    pub event: &'static str,
    /// `e.detail`.
    pub detail: Value,
}

/// What a component did with a key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyOutcome {
    /// The component used the key: the runtime skips the key's default action (the
    /// focus move).
    pub consumed: bool,
    /// Events to send, in order.
    pub events: Vec<ComponentEvent>,
}

/// The component element `node` is, if any.
pub fn kind(doc: &Document, node: NodeId) -> Option<Kind> {
    doc.get(node)
        .filter(|n| n.is_element())
        .and_then(|n| Kind::of(&n.tag))
}

/// Adds the parts of a freshly created component element and syncs them with its
/// attributes. Does nothing for other elements.
pub fn expand(doc: &mut Document, node: NodeId) {
    let Some(k) = kind(doc, node) else { return };
    match k {
        Kind::Switch | Kind::Checkbox | Kind::Radio => toggle::expand(doc, node, k),
        Kind::Slider => slider::expand(doc, node),
        Kind::Progress => progress::expand(doc, node),
        Kind::Swiper => swiper::expand(doc, node),
        Kind::SwiperItem => return swiper::item_added(doc, node),
        Kind::Input | Kind::Textarea => text_input::expand(doc, node),
        Kind::Icon | Kind::Button | Kind::ScrollView | Kind::Picker => {}
    }
    sync(doc, node);
}

/// Brings a component's parts and classes in line with its attributes.
pub fn sync(doc: &mut Document, node: NodeId) {
    let Some(k) = kind(doc, node) else { return };
    match k {
        Kind::Button => button::sync(doc, node),
        Kind::Switch | Kind::Checkbox | Kind::Radio => toggle::sync(doc, node, k),
        Kind::Slider => slider::sync(doc, node),
        Kind::Progress => progress::sync(doc, node),
        Kind::Icon => icon::sync(doc, node),
        Kind::ScrollView => scroll_view::sync(doc, node),
        Kind::Swiper => swiper::sync(doc, node),
        Kind::Input | Kind::Textarea => text_input::sync(doc, node),
        Kind::SwiperItem | Kind::Picker => {}
    }
}

/// Called after attribute `name` of `node` changed: syncs a component. `class`, `id`
/// and `style` belong to the host alone and change nothing inside.
pub fn attr_changed(doc: &mut Document, node: NodeId, name: &str) {
    match (kind(doc, node), name) {
        // The page wrote its own `style` over the one a component had extended.
        (Some(Kind::SwiperItem), "style") => return swiper::item_style_changed(doc, node),
        (Some(Kind::Textarea), "style") => return sync(doc, node),
        // An item's id decides a `current-item-id` swiper's page.
        (Some(Kind::SwiperItem), "item-id") => return swiper::item_style_changed(doc, node),
        _ => {}
    }
    if matches!(name, "class" | "id" | "style" | "hidden") || name.starts_with("data-") {
        return;
    }
    sync(doc, node);
}

/// The default action of a tap (or Enter) whose target is `target`: the control it
/// lands in (or the one its `label` names) changes state, and the event for JS is
/// returned. `at` is the pointer position (`None` for Enter): a slider moves to it.
pub fn on_tap(
    doc: &mut Document,
    target: NodeId,
    at: Option<(f32, f32)>,
) -> Option<ComponentEvent> {
    let control = control_for(doc, target)?;
    match kind(doc, control)? {
        k @ (Kind::Switch | Kind::Checkbox | Kind::Radio) => toggle::tap(doc, control, k),
        Kind::Slider => slider::tap(doc, control, at),
        Kind::Button
        | Kind::Progress
        | Kind::Icon
        | Kind::ScrollView
        | Kind::Swiper
        | Kind::SwiperItem
        | Kind::Picker
        | Kind::Input
        | Kind::Textarea => None,
    }
}

/// The default action of `key` on the focused `node` (see [`KeyOutcome`]).
pub fn on_key(doc: &mut Document, node: NodeId, key: Key) -> KeyOutcome {
    match kind(doc, node) {
        Some(Kind::Slider) => slider::key(doc, node, key),
        _ => KeyOutcome::default(),
    }
}

/// True for a component's internal node.
pub fn is_part(doc: &Document, node: NodeId) -> bool {
    doc.get(node).is_some_and(|n| n.tag == PART_TAG)
}

/// The element an event on `node` is about: `node` itself, or for a part, the
/// component it belongs to.
pub fn host(doc: &Document, node: NodeId) -> NodeId {
    let mut cur = node;
    while is_part(doc, cur) {
        match doc.node(cur).parent {
            Some(p) => cur = p,
            None => break,
        }
    }
    cur
}

/// The control a tap on `target` operates: the nearest switch, checkbox, radio, slider
/// or button holding it, or the control of the nearest `label` (its `for` target, else
/// its first switch, checkbox or radio).
fn control_for(doc: &Document, target: NodeId) -> Option<NodeId> {
    let start = host(doc, target);
    for n in std::iter::once(start).chain(doc.ancestors(start)) {
        if matches!(
            kind(doc, n),
            Some(Kind::Switch | Kind::Checkbox | Kind::Radio | Kind::Slider | Kind::Button)
        ) {
            return Some(n);
        }
        if doc.get(n).is_some_and(|node| node.tag == "label") {
            return toggle::label_control(doc, n);
        }
    }
    None
}

/// True when boolean attribute `name` is present and not `"false"`.
fn flag(doc: &Document, node: NodeId, name: &str) -> bool {
    doc.get(node)
        .and_then(|n| n.attr(name))
        .is_some_and(|v| v.trim() != "false")
}

/// A property written either way WeChat accepts it: `block-size` or `blockSize`.
fn prop<'a>(doc: &'a Document, node: NodeId, kebab: &str) -> Option<&'a str> {
    let n = doc.get(node)?;
    if let Some(v) = n.attr(kebab) {
        return Some(v);
    }
    let mut camel = String::with_capacity(kebab.len());
    let mut upper = false;
    for c in kebab.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            camel.extend(c.to_uppercase());
            upper = false;
        } else {
            camel.push(c);
        }
    }
    n.attr(&camel)
}

/// A number attribute, if it parses to a finite number.
fn number(doc: &Document, node: NodeId, name: &str) -> Option<f64> {
    prop(doc, node, name)
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite())
}

/// A colour attribute as CSS text, when it looks like one colour value (so it cannot
/// add declarations to the part's `style`).
fn css_color(v: Option<&str>) -> Option<&str> {
    let v = v?.trim();
    let ok = !v.is_empty()
        && v.len() <= 64
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || " #(),.%-".contains(c));
    ok.then_some(v)
}

/// A length attribute as CSS text: a bare number is px (WeChat's default unit), and a
/// number with `px`, `rpx`, `em`, `rem`, `vw`, `vh` or `%` is kept. Negative lengths
/// are refused.
fn css_len(v: Option<&str>) -> Option<String> {
    let v = v?.trim();
    let split = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(v.len());
    let (num, unit) = v.split_at(split);
    let n: f64 = num
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
    match unit.trim() {
        "" => Some(format!("{}px", fmt_number(n))),
        u @ ("px" | "rpx" | "em" | "rem" | "vw" | "vh" | "%") => {
            Some(format!("{}{u}", fmt_number(n)))
        }
        _ => None,
    }
}

/// A number as JS prints it for the common cases: `50`, `0.5` (rounded to 9 decimals, so
/// `0.1 + 0.2` is `0.3`).
fn fmt_number(n: f64) -> String {
    let r = (n * 1e9).round() / 1e9;
    if r == r.trunc() && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// A number as a JSON value: an integer when it is one.
fn json_number(n: f64) -> Value {
    let r = (n * 1e9).round() / 1e9;
    if r == r.trunc() && r.abs() < 1e15 {
        Value::from(r as i64)
    } else {
        serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number)
    }
}

/// The window an overlay covers, in the coordinates of the page it is drawn in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// The page's vertical scroll offset: the window's top edge on the page.
    pub top: f32,
    /// Window width in px.
    pub width: f32,
    /// Window height in px.
    pub height: f32,
}

/// Marks where a component's declarations start in a page element's `style`.
const STYLE_MARK: &str = "/*mica*/";

/// The page's own declarations in the `style` of `node` (without what a component
/// appended, see [`set_host_style`]).
fn own_style(doc: &Document, node: NodeId) -> &str {
    let style = doc.get(node).and_then(|n| n.attr("style")).unwrap_or("");
    style
        .split(STYLE_MARK)
        .next()
        .unwrap_or("")
        .trim_end()
        .trim_end_matches(';')
        .trim_end()
}

/// Sets the `style` of a page element a component must position or size (a swiper's
/// items, an `auto-height` textarea): the page's own declarations, then `decls` after a
/// marker comment, so the component wins and the page's part can be told apart when the
/// component writes again. When the page writes `style` (a patch), the component is
/// synced and appends its part again.
fn set_host_style(doc: &mut Document, node: NodeId, decls: &str) {
    let own = own_style(doc, node);
    let style = if own.is_empty() {
        format!("{STYLE_MARK} {decls}")
    } else {
        format!("{own}; {STYLE_MARK} {decls}")
    };
    doc.set_attr(node, "style", &style);
}

/// Appends a part with `class` to `parent`.
fn add_part(doc: &mut Document, parent: NodeId, class: &str) -> NodeId {
    let p = doc.create_element(PART_TAG);
    doc.set_attr(p, "class", class);
    doc.append_child(parent, p);
    p
}

/// Adds a part with `class` as the first child of `host` (before the page's children).
fn prepend_part(doc: &mut Document, host: NodeId, class: &str) -> NodeId {
    let p = doc.create_element(PART_TAG);
    doc.set_attr(p, "class", class);
    let first = doc.node(host).children.first().copied();
    doc.insert_before(host, p, first);
    p
}

/// The first part under `host` (parts only, depth first) whose classes include `class`.
fn part(doc: &Document, host: NodeId, class: &str) -> Option<NodeId> {
    let mut stack: Vec<NodeId> = doc
        .get(host)?
        .children
        .iter()
        .rev()
        .copied()
        .filter(|c| is_part(doc, *c))
        .collect();
    while let Some(n) = stack.pop() {
        let node = doc.node(n);
        if node.classes.iter().any(|c| c == class) {
            return Some(n);
        }
        stack.extend(
            node.children
                .iter()
                .rev()
                .copied()
                .filter(|c| is_part(doc, *c)),
        );
    }
    None
}

/// Removes every part directly under `host`.
fn clear_parts(doc: &mut Document, host: NodeId) {
    let parts: Vec<NodeId> = doc
        .node(host)
        .children
        .iter()
        .copied()
        .filter(|c| is_part(doc, *c))
        .collect();
    for p in parts {
        doc.remove(p);
    }
}

/// Sets (or, when empty, removes) an attribute of a part.
fn set_or_remove(doc: &mut Document, node: NodeId, name: &str, value: &str) {
    if value.is_empty() {
        doc.remove_attr(node, name);
    } else {
        doc.set_attr(node, name, value);
    }
}

/// Sets the text of a part: its only child, a text node, created on first use.
fn set_part_text(doc: &mut Document, part: NodeId, text: &str) {
    let existing = doc
        .node(part)
        .children
        .iter()
        .copied()
        .find(|c| !doc.node(*c).is_element());
    match existing {
        Some(t) => doc.set_text(t, text),
        None => {
            let t = doc.create_text(text);
            doc.append_child(part, t);
        }
    }
}

#[cfg(test)]
mod tests;
