//! Tests of the shared component interface and of the view's calls into it (the
//! per-component rules are tested beside each component).

use mica_layout::Document;
use serde_json::json;

use super::*;
use crate::data::parse_path;
use crate::view::View;

use crate::test_support::{by_id, view};

#[test]
fn lengths_colours_and_numbers() {
    assert_eq!(css_len(Some("12")).as_deref(), Some("12px"));
    assert_eq!(css_len(Some(" 40rpx ")).as_deref(), Some("40rpx"));
    assert_eq!(css_len(Some("1.5em")).as_deref(), Some("1.5em"));
    assert_eq!(css_len(Some("3pt")), None);
    assert_eq!(css_len(Some("px")), None);
    assert_eq!(css_len(Some("1;2")), None);
    assert_eq!(css_len(Some("-3")), None);
    assert_eq!(
        css_color(Some("rgba(0, 0, 0, 0.5)")),
        Some("rgba(0, 0, 0, 0.5)")
    );
    assert_eq!(css_color(Some("red;width:9px")), None);
    assert_eq!(css_color(Some("  ")), None);
    assert_eq!(fmt_number(0.1 + 0.2), "0.3");
    assert_eq!(fmt_number(-4.0), "-4");
    assert_eq!(json_number(55.0), json!(55));
    assert_eq!(json_number(0.25), json!(0.25));
}

#[test]
fn parts_retarget_to_their_component() {
    let mut doc = Document::new();
    let root = doc.root();
    let s = doc.create_element("switch");
    doc.append_child(root, s);
    expand(&mut doc, s);
    let knob = part(&doc, s, "mica-switch-knob").unwrap_or_else(|| panic!("no knob"));
    assert!(is_part(&doc, knob));
    assert_eq!(host(&doc, knob), s);
    assert_eq!(host(&doc, s), s);
    assert_eq!(kind(&doc, s), Some(Kind::Switch));
    assert_eq!(kind(&doc, knob), None);
}

#[test]
fn other_elements_get_no_parts_and_no_default_action() {
    let mut doc = Document::new();
    let root = doc.root();
    let v = doc.create_element("view");
    doc.append_child(root, v);
    expand(&mut doc, v);
    assert!(doc.node(v).children.is_empty());
    assert_eq!(on_tap(&mut doc, v, Some((1.0, 1.0))), None);
    assert_eq!(on_key(&mut doc, v, Key::Left), KeyOutcome::default());
}

#[test]
fn the_view_expands_components_before_their_children() {
    let (_, doc) = view(
        r#"<checkbox id="c" value="x">Label {{n}}</checkbox><progress id="p" percent="30"/>"#,
        json!({"n": 1}),
    );
    let c = by_id(&doc, "c");
    let kids = &doc.node(c).children;
    assert_eq!(kids.len(), 2);
    assert!(is_part(&doc, kids[0]));
    assert_eq!(doc.node(kids[1]).text, "Label 1");
    assert!(part(&doc, by_id(&doc, "p"), "mica-progress-inner").is_some());
}

#[test]
fn a_patch_syncs_the_component_it_changed() {
    let (mut v, mut doc) = view(
        r#"<switch id="s" checked="{{on}}"/><slider id="sl" value="{{n}}" show-value/><view wx:if="{{more}}"><radio id="r" checked/></view>"#,
        json!({"on": false, "n": 10, "more": false}),
    );
    let s = by_id(&doc, "s");
    let track = part(&doc, s, "mica-switch").unwrap_or_else(|| panic!("no track"));
    let set = |v: &mut View, doc: &mut Document, key: &str, value: Value| {
        let p = parse_path(key).unwrap_or_else(|e| panic!("{e}"));
        v.apply_patch(doc, &[(p, value)]);
    };
    set(&mut v, &mut doc, "on", json!(true));
    assert_eq!(
        doc.node(track).attr("class"),
        Some("mica-switch mica-checked")
    );
    set(&mut v, &mut doc, "n", json!(70));
    let sl = by_id(&doc, "sl");
    let fill = part(&doc, sl, "mica-slider-fill").unwrap_or_else(|| panic!("no fill"));
    assert_eq!(doc.node(fill).attr("style"), Some("width: 70%"));
    // A component built by a later patch is expanded too.
    set(&mut v, &mut doc, "more", json!(true));
    let r = by_id(&doc, "r");
    let circle = part(&doc, r, "mica-radio").unwrap_or_else(|| panic!("no circle"));
    assert_eq!(
        doc.node(circle).attr("class"),
        Some("mica-radio mica-checked")
    );
}

#[test]
fn a_tap_on_an_icon_in_a_label_operates_the_label() {
    let (_, mut doc) = view(
        r#"<label id="l"><icon id="i" type="info"/><checkbox id="c"/></label>"#,
        json!({}),
    );
    let glyph =
        part(&doc, by_id(&doc, "i"), "mica-icon-glyph").unwrap_or_else(|| panic!("no glyph"));
    assert_eq!(on_tap(&mut doc, glyph, None), None);
    assert_eq!(doc.node(by_id(&doc, "c")).attr("checked"), Some("true"));
}
