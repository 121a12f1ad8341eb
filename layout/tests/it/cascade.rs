//! Selector matching, specificity, inheritance, units and error recovery.

use mica_layout::{Color, LineHeight};

use crate::{Page, VIEWPORT};

const RED: Color = Color::rgba(255, 0, 0, 255);
const GREEN: Color = Color::rgba(0, 128, 0, 255);
const BLUE: Color = Color::rgba(0, 0, 255, 255);

#[test]
fn specificity_beats_order_and_order_breaks_ties() {
    let mut p = Page::new(
        ".a { color: red } view { color: blue }\n\
         .b { color: red } .b { color: green }\n\
         view.c.d { color: blue } #e { color: green } .c.d.f.g { color: red }",
    );
    let root = p.root();
    let a = p.el(root, "view", "a");
    let b = p.el(root, "view", "b");
    let e = p.el(root, "view", "c d f g");
    p.doc.set_attr(e, "id", "e");
    p.restyle(VIEWPORT);
    assert_eq!(
        p.doc.node(a).style.color,
        RED,
        "class (0,1,0) beats type (0,0,1)"
    );
    assert_eq!(p.doc.node(b).style.color, GREEN, "later rule wins a tie");
    assert_eq!(p.doc.node(e).style.color, GREEN, "id beats four classes");
}

#[test]
fn descendant_and_child_combinators() {
    let mut p = Page::new(
        ".list > .item { color: red }\n.list .item { font-size: 20px }\npage view .deep { color: blue }",
    );
    let root = p.root();
    let list = p.el(root, "view", "list");
    let direct = p.el(list, "view", "item");
    let wrap = p.el(list, "view", "wrap");
    let nested = p.el(wrap, "view", "item deep");
    p.restyle(VIEWPORT);
    assert_eq!(p.doc.node(direct).style.color, RED);
    assert_eq!(p.doc.node(direct).style.font_size, 20.0);
    assert_eq!(
        p.doc.node(nested).style.font_size,
        20.0,
        "descendant matches"
    );
    assert_eq!(
        p.doc.node(nested).style.color,
        BLUE,
        "child combinator must not match a grandchild"
    );
}

#[test]
fn colour_and_font_inherit_to_text_nodes() {
    let mut p = Page::new(".card { color: #00f; font-size: 40rpx; line-height: 1.5; font-weight: bold; text-align: center } .plain { padding: 3px }");
    let root = p.root();
    let card = p.el(root, "view", "card");
    let inner = p.el(card, "view", "plain");
    let t = p.text(inner, "hello");
    p.restyle(VIEWPORT);
    let s = &p.doc.node(t).style;
    assert_eq!(s.color, BLUE);
    assert_eq!(s.font_size, 20.0);
    assert_eq!(s.font_weight, 700);
    assert_eq!(s.line_height, LineHeight::Number(1.5));
    assert_eq!(s.text_align, mica_layout::TextAlign::Center);
    assert_eq!(
        s.layout.padding.top,
        taffy::LengthPercentage::length(0.0),
        "padding is not inherited"
    );
}

#[test]
fn rpx_scales_with_viewport_width() {
    let mut p = Page::new(".box { width: 750rpx; height: 100rpx; margin-left: 20rpx }");
    let root = p.root();
    let b = p.el(root, "view", "box");
    let fonts = crate::fonts();
    p.layout(fonts, (750.0, 1000.0));
    assert_eq!(p.rect(b), (20.0, 0.0, 750.0, 100.0));
    p.layout(fonts, (375.0, 667.0));
    assert_eq!(
        p.rect(b),
        (10.0, 0.0, 375.0, 50.0),
        "a new viewport restyles rpx"
    );
}

#[test]
fn syntax_error_skips_rule_with_location_and_later_rules_apply() {
    let css = ".ok { color: red }\n.bad:hover { color: blue }\n.half { color: ; font-size: 30px }\n.bad2 { width: 10px; ]] }\n.later { color: green }";
    let mut p = Page::new(css);
    assert!(
        p.warnings
            .iter()
            .any(|w| w.line == 2 && w.to_string().starts_with("page.wxss:2:")),
        "{:?}",
        p.warnings
    );
    assert!(
        p.warnings.iter().any(|w| w.line == 3 && w.column > 1),
        "{:?}",
        p.warnings
    );
    let root = p.root();
    let bad = p.el(root, "view", "bad");
    let half = p.el(root, "view", "half");
    let later = p.el(root, "view", "later");
    p.restyle(VIEWPORT);
    assert_eq!(
        p.doc.node(bad).style.color,
        Color::BLACK,
        "rule with a bad selector is skipped"
    );
    assert_eq!(
        p.doc.node(half).style.font_size,
        30.0,
        "valid declarations of the rule survive"
    );
    assert_eq!(p.doc.node(later).style.color, GREEN);
}

#[test]
fn unknown_property_warns_once_per_file() {
    let p = Page::new(
        ".a { frobnicate: 1px; color: red }\n.b { frobnicate: 2px }\n.c { -webkit-tap-highlight-color: red }",
    );
    let msgs: Vec<String> = p.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs[0].starts_with("page.wxss:1:6:") && msgs[0].contains("frobnicate"),
        "{msgs:?}"
    );
    assert!(msgs[1].contains("-webkit-tap-highlight-color"), "{msgs:?}");
}

#[test]
fn inline_style_wins_and_important_beats_it() {
    let mut p = Page::new("#x { color: red; width: 10px } .y { height: 5px !important }");
    let root = p.root();
    let x = p.el(root, "view", "y");
    p.doc.set_attr(x, "id", "x");
    p.doc
        .set_attr(x, "style", "color: #008000; width: 20px; height: 7px");
    p.restyle(VIEWPORT);
    let s = &p.doc.node(x).style;
    assert_eq!(s.color, GREEN);
    assert_eq!(s.layout.size.width, taffy::Dimension::length(20.0));
    assert_eq!(s.layout.size.height, taffy::Dimension::length(5.0));
}

#[test]
fn hidden_attribute_hides_unless_false() {
    let mut p = Page::new("");
    let root = p.root();
    let a = p.el(root, "view", "");
    let b = p.el(root, "view", "");
    p.doc.set_attr(a, "hidden", "");
    p.doc.set_attr(b, "hidden", "false");
    p.restyle(VIEWPORT);
    assert!(p.doc.node(a).style.hidden);
    assert!(!p.doc.node(b).style.hidden);
}

#[test]
fn shorthands_expand() {
    let mut p = Page::new(
        ".s { margin: 1px 2px 3px; padding: 4px 5px; border: 2px solid #f00; border-left: none;\
          border-radius: 1px 2px; flex: 1; background: #0f0 url(x.png) no-repeat; overflow: scroll }",
    );
    let root = p.root();
    let s = p.el(root, "view", "s");
    p.restyle(VIEWPORT);
    let st = &p.doc.node(s).style;
    let l = &st.layout;
    use taffy::{LengthPercentage as LP, LengthPercentageAuto as LPA};
    assert_eq!(
        (l.margin.top, l.margin.right, l.margin.bottom, l.margin.left),
        (
            LPA::length(1.0),
            LPA::length(2.0),
            LPA::length(3.0),
            LPA::length(2.0)
        )
    );
    assert_eq!(
        (l.padding.top, l.padding.left),
        (LP::length(4.0), LP::length(5.0))
    );
    assert_eq!(
        (l.border.top, l.border.left),
        (LP::length(2.0), LP::length(0.0))
    );
    assert_eq!(st.border_color[0], RED);
    assert_eq!(st.border_radius, [1.0, 2.0, 1.0, 2.0]);
    assert_eq!(
        (l.flex_grow, l.flex_shrink, l.flex_basis),
        (1.0, 1.0, taffy::Dimension::percent(0.0))
    );
    assert_eq!(st.background_color, Color::rgba(0, 255, 0, 255));
    assert_eq!(st.overflow, mica_layout::Overflow::Hidden);
}

#[test]
fn border_without_style_has_no_width() {
    let mut p = Page::new(".a { border-width: 3px } .b { border: 1px dashed }");
    let root = p.root();
    let a = p.el(root, "view", "a");
    let b = p.el(root, "view", "b");
    p.restyle(VIEWPORT);
    assert_eq!(
        p.doc.node(a).style.layout.border.top,
        taffy::LengthPercentage::length(0.0)
    );
    assert_eq!(
        p.doc.node(b).style.layout.border.top,
        taffy::LengthPercentage::length(1.0)
    );
}

#[test]
fn restyle_touches_only_dirty_nodes_and_inheriting_descendants() {
    let mut p = Page::new(".big { font-size: 30px } .red { color: red }");
    let root = p.root();
    let mut leaves = Vec::new();
    let mut cards = Vec::new();
    for _ in 0..100 {
        let card = p.el(root, "view", "card");
        let t = p.text(card, "x");
        cards.push(card);
        leaves.push(t);
    }
    p.restyle(VIEWPORT);
    assert_eq!(p.doc.take_stats().nodes_restyled, 201);
    p.restyle(VIEWPORT);
    assert_eq!(
        p.doc.take_stats().nodes_restyled,
        0,
        "nothing dirty, nothing restyled"
    );
    p.doc.set_attr(cards[5], "class", "card big");
    p.restyle(VIEWPORT);
    assert_eq!(
        p.doc.take_stats().nodes_restyled,
        2,
        "the card and its text"
    );
    assert_eq!(p.doc.node(leaves[5]).style.font_size, 30.0);
    p.doc.set_attr(root, "style", "color: #0000ff");
    p.restyle(VIEWPORT);
    assert_eq!(
        p.doc.node(leaves[7]).style.color,
        BLUE,
        "inherited change reaches text"
    );
}

#[test]
fn hostile_stylesheets_never_panic() {
    let inputs = [
        "}}}",
        "{",
        ".a{",
        ".a{color:rgb(",
        "@media{",
        "@import;",
        "@import url(x.wxss) screen;",
        ".a{margin:1px 2px 3px 4px 5px}",
        ".a{flex: 1 2 3 4}",
        ".a{border-radius: 10px / 5px}",
        ".a{width: 10furlongs}",
        ".a{color: #ggg}",
        "..a{}",
        ".a,{color:red}",
        ",{}",
        "#{}",
        ".a{font-size:-5px; line-height: -1; opacity: 7; flex-grow: -2}",
        "view > > text {}",
        "\u{0}\u{FFFD}{;;;}",
        ".中文 { color: red }",
        "*{}*{}",
        ".a{color:red!important!important}",
        ".a{background: url(\"x.png\")}",
        ".a{display: grid}",
        ".a{font-weight: 5000}",
    ];
    for css in inputs {
        let mut p = Page::new(css);
        let root = p.root();
        let v = p.el(root, "view", "a 中文");
        p.text(v, "x");
        p.layout(crate::fonts(), VIEWPORT);
    }
}

#[test]
fn imports_are_recorded_for_the_engine() {
    let (sheet, warnings) = mica_layout::Stylesheet::parse(
        "@import \"common.wxss\";\n@import url(theme.wxss);\n.a { color: red }",
        "app.wxss",
        mica_layout::ParseOptions::default(),
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        sheet.imports,
        vec!["common.wxss".to_string(), "theme.wxss".to_string()]
    );
    assert_eq!(sheet.rules.len(), 1);
}

#[test]
fn focus_pseudo_class_matches_the_focus_state_with_class_specificity() {
    let mut p = Page::new(
        ".tile { color: blue } .tile:focus { color: red } view.tile { color: green }\n\
         .row:focus .label { color: red }",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert!(p.styles.uses_focus());
    let root = p.root();
    let tile = p.el(root, "view", "tile");
    let other = p.el(root, "view", "tile");
    let row = p.el(root, "view", "row");
    let label = p.el(row, "text", "label");
    p.restyle(VIEWPORT);
    assert_eq!(
        p.doc.node(tile).style.color,
        GREEN,
        "unfocused: view.tile wins"
    );
    p.doc
        .set_state_classes(tile, vec![mica_layout::FOCUS_STATE_CLASS.to_string()]);
    p.doc
        .set_state_classes(row, vec![mica_layout::FOCUS_STATE_CLASS.to_string()]);
    p.restyle(VIEWPORT);
    assert_eq!(
        p.doc.node(tile).style.color,
        RED,
        ".tile:focus (0,2,0) beats view.tile (0,1,1)"
    );
    assert_eq!(p.doc.node(other).style.color, GREEN);
    assert_eq!(p.doc.node(label).style.color, RED, "descendants restyle");
    // A class literally named like the state cannot be written in CSS.
    let q = Page::new(".focus { color: red }");
    assert!(!q.styles.uses_focus());
}

/// Style sharing (alike elements take a styled sibling's or cousin's style) must never
/// share across what a selector can tell apart: an ancestor's class, an `id`, a `style`
/// or `hidden` attribute, or the element's own classes.
#[test]
fn style_sharing_keeps_apart_what_selectors_tell_apart() {
    let mut p = Page::new(
        ".a .x { color: red } .b .x { color: blue } #k { color: green } .row > .x.y { font-size: 30px }",
    );
    let root = p.root();
    let mut cells = Vec::new();
    for class in ["row a", "row a", "row b", "row a"] {
        let row = p.el(root, "view", class);
        cells.push((p.el(row, "view", "x"), p.el(row, "view", "x y")));
    }
    let keyed = p.el(root, "view", "row a");
    let k = p.el(keyed, "view", "x");
    p.doc.set_attr(k, "id", "k");
    let styled = p.el(keyed, "view", "x");
    p.doc.set_attr(styled, "style", "color: #00f");
    let hidden = p.el(keyed, "view", "x");
    p.doc.set_attr(hidden, "hidden", "");
    let plain = p.el(keyed, "view", "x");
    p.restyle(VIEWPORT);
    let colors: Vec<Color> = cells.iter().map(|c| p.doc.node(c.0).style.color).collect();
    assert_eq!(
        colors,
        [RED, RED, BLUE, RED],
        "cousins under .a and .b differ"
    );
    for (x, xy) in &cells {
        assert_eq!(p.doc.node(*x).style.font_size, 16.0);
        assert_eq!(p.doc.node(*xy).style.font_size, 30.0);
    }
    assert_eq!(p.doc.node(k).style.color, GREEN, "an id is its own");
    assert_eq!(
        p.doc.node(styled).style.color,
        BLUE,
        "a style attribute too"
    );
    assert!(p.doc.node(hidden).style.hidden, "and `hidden`");
    assert!(!p.doc.node(plain).style.hidden);
    assert_eq!(p.doc.node(plain).style.color, RED);
}

#[test]
fn host_rules_of_a_page_match_nothing() {
    let mut p =
        Page::new(":host { color: red } :host > .title { color: red } .title { color: blue }");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let root = p.root();
    let host = p.el(root, "view", "");
    let title = p.el(host, "text", "title");
    p.restyle(VIEWPORT);
    assert_eq!(p.doc.node(host).style.color, Color::BLACK);
    assert_eq!(p.doc.node(title).style.color, BLUE);
    // What the engine does for a component's host: `:host` is a class of that name.
    p.doc
        .set_component_classes(host, vec![mica_layout::HOST_CLASS.to_string()]);
    p.restyle(VIEWPORT);
    assert_eq!(p.doc.node(host).style.color, RED);
    assert_eq!(
        p.doc.node(title).style.color,
        RED,
        ":host > .title (0,2,0) beats .title"
    );
    // `:host` with anything else in its compound is refused, not misread.
    let q = Page::new("view:host { color: red } :host.a { color: red }");
    assert_eq!(q.warnings.len(), 2, "{:?}", q.warnings);
}
