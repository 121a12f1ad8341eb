//! `swiper` and `swiper-item`: pages side by side (or stacked, `vertical`), one on show.
//!
//! Attributes (WeChat's defaults): `current` 0, `current-item-id` (wins over `current`
//! when an item has that `item-id`), `vertical`, `circular`, `autoplay`, `interval`
//! 5000 ms, `duration` 500 ms, `easing-function` `default` (also `linear`,
//! `easeInCubic`, `easeOutCubic`, `easeInOutCubic`), `indicator-dots`,
//! `indicator-color` `rgba(0, 0, 0, .3)`, `indicator-active-color` `#000000`.
//! `display-multiple-items`, `previous-margin` and `next-margin` are not supported.
//!
//! As in WeChat's base library, items are absolutely positioned over the swiper's box
//! (the user-agent sheet makes them 100% of it) and moved along the axis: item `i` of a
//! swiper showing position `pos` sits `i - pos` boxes away (wrapped around for
//! `circular`). The swiper clips them (`overflow: hidden`), so off-screen items neither
//! paint nor take the focus. `pos` is fractional while the runtime animates or the user
//! drags ([`crate::runtime`] owns that, on its clock); the document alone always shows
//! the `current` page. Items further than one box away are parked at one box, so an
//! animation restyles only the two items it moves.
//!
//! The position is written into the item's `style` after the page's own declarations
//! (after a marker comment), so a page that styles its items keeps its styles.
//!
//! The indicator dots are a part appended after the items (absolutely positioned parts
//! paint in document order, so it must stay last: a later item is moved before it).

use mica_layout::{Document, NodeId};

use super::{add_part, css_color, flag, fmt_number, number, part, set_host_style};

/// WeChat's default time between autoplay steps, in ms.
pub const DEFAULT_INTERVAL_MS: f64 = 5000.0;
/// WeChat's default page animation, in ms.
pub const DEFAULT_DURATION_MS: f64 = 500.0;

/// The easing of page animations (`easing-function`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Easing {
    /// `default`: decelerating, like `easeOutCubic`.
    Default,
    /// `linear`.
    Linear,
    /// `easeInCubic`.
    InCubic,
    /// `easeOutCubic`.
    OutCubic,
    /// `easeInOutCubic`.
    InOutCubic,
}

impl Easing {
    fn parse(v: Option<&str>) -> Easing {
        match v.map(str::trim) {
            Some("linear") => Easing::Linear,
            Some("easeInCubic") => Easing::InCubic,
            Some("easeOutCubic") => Easing::OutCubic,
            Some("easeInOutCubic") => Easing::InOutCubic,
            _ => Easing::Default,
        }
    }

    /// The eased progress for linear progress `t` in `0..=1`.
    pub fn apply(self, t: f32) -> f32 {
        let t = t.clamp(0.0, 1.0);
        match self {
            Easing::Linear => t,
            Easing::InCubic => t * t * t,
            Easing::Default | Easing::OutCubic => 1.0 - (1.0 - t).powi(3),
            Easing::InOutCubic => {
                if t < 0.5 {
                    4.0 * t * t * t
                } else {
                    1.0 - (-2.0 * t + 2.0).powi(3) / 2.0
                }
            }
        }
    }
}

/// A swiper's attributes and items, read from the document.
#[derive(Clone, Debug, PartialEq)]
pub struct SwiperProps {
    /// The `swiper-item` children, in order.
    pub items: Vec<NodeId>,
    /// The page on show: `current-item-id`'s item, else `current`, within the items.
    pub current: usize,
    /// Pages stack vertically.
    pub vertical: bool,
    /// The last page is followed by the first.
    pub circular: bool,
    /// Pages change by themselves every `interval_ms`.
    pub autoplay: bool,
    /// Time between autoplay steps, ms (at least 1).
    pub interval_ms: f64,
    /// Length of a page change animation, ms (0: none).
    pub duration_ms: f64,
    /// Easing of the animation.
    pub easing: Easing,
}

impl SwiperProps {
    /// Reads the attributes of `swiper`.
    pub fn read(doc: &Document, swiper: NodeId) -> SwiperProps {
        let items = items(doc, swiper);
        let current = resolve_current(doc, swiper, &items);
        SwiperProps {
            current,
            vertical: flag(doc, swiper, "vertical"),
            circular: flag(doc, swiper, "circular"),
            autoplay: flag(doc, swiper, "autoplay"),
            interval_ms: number(doc, swiper, "interval")
                .unwrap_or(DEFAULT_INTERVAL_MS)
                .max(1.0),
            duration_ms: number(doc, swiper, "duration")
                .unwrap_or(DEFAULT_DURATION_MS)
                .max(0.0),
            easing: Easing::parse(doc.node(swiper).attr("easing-function")),
            items,
        }
    }

    /// Number of pages.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when the swiper has no page.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The page `pos` (an unwrapped, possibly fractional position) shows most of.
    pub fn index_at(&self, pos: f32) -> usize {
        let n = self.len();
        if n == 0 {
            return 0;
        }
        (pos.round() as i64).rem_euclid(n as i64) as usize
    }
}

/// The `swiper-item` children of `swiper`.
pub fn items(doc: &Document, swiper: NodeId) -> Vec<NodeId> {
    doc.get(swiper)
        .map(|s| {
            s.children
                .iter()
                .copied()
                .filter(|c| doc.node(*c).is_element() && doc.node(*c).tag == "swiper-item")
                .collect()
        })
        .unwrap_or_default()
}

/// The page on show: the item named by `current-item-id` if there is one, else
/// `current` clamped to the items.
fn resolve_current(doc: &Document, swiper: NodeId, items: &[NodeId]) -> usize {
    let by_id = doc
        .node(swiper)
        .attr("current-item-id")
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .and_then(|id| {
            items
                .iter()
                .position(|i| doc.node(*i).attr("item-id") == Some(id))
        });
    if let Some(i) = by_id {
        return i;
    }
    let n = items.len();
    let cur = number(doc, swiper, "current").unwrap_or(0.0);
    if n == 0 || cur < 0.0 {
        return 0;
    }
    (cur.floor() as usize).min(n - 1)
}

/// Adds the indicator part and places the items.
pub(super) fn expand(doc: &mut Document, swiper: NodeId) {
    add_part(doc, swiper, "mica-swiper-dots");
}

/// A freshly created `swiper-item`: its swiper places it (and keeps the dots last).
pub(super) fn item_added(doc: &mut Document, item: NodeId) {
    if let Some(s) = swiper_of_item(doc, item) {
        sync(doc, s);
    }
}

/// The swiper an item belongs to.
fn swiper_of_item(doc: &Document, item: NodeId) -> Option<NodeId> {
    let p = doc.get(item)?.parent?;
    (doc.node(p).tag == "swiper").then_some(p)
}

/// Brings the dots and the item positions in line with the attributes: the `current`
/// page is on show.
pub(super) fn sync(doc: &mut Document, swiper: NodeId) {
    let props = SwiperProps::read(doc, swiper);
    place(doc, swiper, &props, props.current as f32);
    sync_dots(doc, swiper, &props);
}

/// A page's `style` changed on an item: its position is written again after it.
pub(super) fn item_style_changed(doc: &mut Document, item: NodeId) {
    if let Some(s) = swiper_of_item(doc, item) {
        sync(doc, s);
    }
}

/// Where item `i` of `n` sits, in boxes from the one on show, when the swiper shows
/// position `pos`: in `-1..=1` (further ones are parked at one box).
pub fn offset(i: usize, n: usize, pos: f32, circular: bool) -> f32 {
    let mut d = i as f32 - pos;
    if circular && n > 1 {
        let nf = n as f32;
        d = (d + nf / 2.0).rem_euclid(nf) - nf / 2.0;
    }
    d.clamp(-1.0, 1.0)
}

/// Moves the items so the swiper shows position `pos` (see the module documentation).
pub fn place(doc: &mut Document, _swiper: NodeId, props: &SwiperProps, pos: f32) {
    let n = props.len();
    for (i, item) in props.items.iter().enumerate() {
        let d = offset(i, n, pos, props.circular);
        // Whole hundredths of a percent: a 4K swiper moves by less than a pixel.
        let pct = fmt_number((f64::from(d) * 10_000.0).round() / 100.0);
        let decls = if props.vertical {
            format!("position: absolute; left: 0; top: {pct}%")
        } else {
            format!("position: absolute; left: {pct}%; top: 0")
        };
        set_host_style(doc, *item, &decls);
    }
}

/// The indicator dots: one per item, the current one in the active colour, hidden
/// unless `indicator-dots`; kept after the items.
pub fn sync_dots(doc: &mut Document, swiper: NodeId, props: &SwiperProps) {
    let Some(dots) = part(doc, swiper, "mica-swiper-dots") else {
        return;
    };
    if doc.node(swiper).children.last() != Some(&dots) {
        doc.append_child(swiper, dots);
    }
    if !flag(doc, swiper, "indicator-dots") || props.is_empty() {
        doc.set_attr(dots, "hidden", "true");
        return;
    }
    doc.remove_attr(dots, "hidden");
    let style = if props.vertical {
        "position: absolute; right: 10px; top: 0; bottom: 0; display: flex; \
         flex-direction: column; justify-content: center"
    } else {
        "position: absolute; left: 0; right: 0; bottom: 10px; display: flex; \
         flex-direction: row; justify-content: center"
    };
    doc.set_attr(dots, "style", style);
    let color = css_color(doc.node(swiper).attr("indicator-color"))
        .unwrap_or("rgba(0, 0, 0, 0.3)")
        .to_string();
    let active = css_color(doc.node(swiper).attr("indicator-active-color"))
        .unwrap_or("#000000")
        .to_string();
    let have = doc.node(dots).children.len();
    if have != props.len() {
        doc.clear_children(dots);
        for _ in 0..props.len() {
            add_part(doc, dots, "mica-swiper-dot");
        }
    }
    let margin = if props.vertical { "4px 0" } else { "0 4px" };
    let children = doc.node(dots).children.clone();
    for (i, dot) in children.into_iter().enumerate() {
        let (c, class) = if i == props.current {
            (&active, "mica-swiper-dot mica-swiper-dot-active")
        } else {
            (&color, "mica-swiper-dot")
        };
        doc.set_attr(dot, "class", class);
        let style = format!(
            "width: 8px; height: 8px; border-radius: 4px; margin: {margin}; background-color: {c}"
        );
        doc.set_attr(dot, "style", &style);
    }
}

#[cfg(test)]
mod tests {
    use mica_layout::Document;

    use super::*;
    use crate::test_support::{by_id, element, view};

    fn swiper(attrs: &[(&str, &str)], n: usize) -> (Document, NodeId, Vec<NodeId>) {
        let mut doc = Document::new();
        let root = doc.root();
        let s = element(&mut doc, root, "swiper", attrs);
        let items = (0..n)
            .map(|i| {
                let id = format!("item-{i}");
                element(&mut doc, s, "swiper-item", &[("item-id", &id)])
            })
            .collect();
        (doc, s, items)
    }

    fn style(doc: &Document, n: NodeId) -> &str {
        doc.node(n).attr("style").unwrap_or("")
    }

    #[test]
    fn items_are_placed_around_the_current_page() {
        let (doc, s, items) = swiper(&[("current", "1"), ("indicator-dots", "")], 3);
        assert!(style(&doc, items[0]).ends_with("left: -100%; top: 0"));
        assert!(style(&doc, items[1]).ends_with("left: 0%; top: 0"));
        assert!(style(&doc, items[2]).ends_with("left: 100%; top: 0"));
        // The dots come after the items, the second one active.
        let dots = doc.node(s).children.last().copied().unwrap_or(s);
        assert!(doc
            .node(dots)
            .classes
            .iter()
            .any(|c| c == "mica-swiper-dots"));
        let active: Vec<bool> = doc
            .node(dots)
            .children
            .iter()
            .map(|d| {
                doc.node(*d)
                    .classes
                    .iter()
                    .any(|c| c == "mica-swiper-dot-active")
            })
            .collect();
        assert_eq!(active, [false, true, false]);
    }

    #[test]
    fn circular_offsets_wrap_and_far_items_are_parked() {
        assert_eq!(offset(0, 5, 4.0, true), 1.0);
        assert_eq!(offset(0, 5, 4.5, true), 0.5);
        assert_eq!(offset(4, 5, 4.5, true), -0.5);
        assert_eq!(offset(2, 5, 0.0, true), 1.0, "parked at one box");
        assert_eq!(offset(4, 5, 0.0, false), 1.0);
        assert_eq!(
            offset(1, 2, -0.5, true),
            -0.5,
            "two pages: comes from the left"
        );
    }

    #[test]
    fn current_item_id_wins_and_current_is_clamped() {
        let (doc, s, _) = swiper(&[("current", "0"), ("current-item-id", "item-2")], 3);
        assert_eq!(SwiperProps::read(&doc, s).current, 2);
        let (doc, s, _) = swiper(&[("current", "9")], 3);
        assert_eq!(SwiperProps::read(&doc, s).current, 2);
        let (doc, s, _) = swiper(&[("current", "-4")], 3);
        assert_eq!(SwiperProps::read(&doc, s).current, 0);
        let p = SwiperProps::read(&doc, s);
        assert_eq!((p.interval_ms, p.duration_ms), (5000.0, 500.0));
        assert_eq!(p.index_at(-1.0), 2);
    }

    #[test]
    fn a_page_style_on_an_item_is_kept() {
        let (v, doc) = view(
            r#"<swiper id="s" vertical current="{{c}}">
                 <swiper-item wx:for="{{list}}" id="i{{index}}" style="background-color: {{item}}"/>
               </swiper>"#,
            serde_json::json!({ "c": 1, "list": ["red", "blue"] }),
        );
        let _ = v;
        let i0 = by_id(&doc, "i0");
        assert_eq!(
            style(&doc, i0),
            "background-color: red; /*mica*/ position: absolute; left: 0; top: -100%"
        );
        let s = by_id(&doc, "s");
        let last = doc.node(s).children.last().copied().unwrap_or(s);
        assert_eq!(doc.node(last).tag, super::super::PART_TAG);
    }

    #[test]
    fn easings_start_at_zero_and_end_at_one() {
        for e in [
            Easing::Default,
            Easing::Linear,
            Easing::InCubic,
            Easing::OutCubic,
            Easing::InOutCubic,
        ] {
            assert_eq!(e.apply(0.0), 0.0);
            assert_eq!(e.apply(1.0), 1.0);
            assert!(e.apply(0.5) > 0.0 && e.apply(0.5) < 1.0);
        }
    }
}
