//! Custom properties and `var()` (CSS Variables 1), with the declarations Vant Weapp's
//! stylesheets are made of.

use mica_layout::{Color, ComputedStyle, LineHeight, NodeId};
use taffy::{Dimension, LengthPercentage as LP, LengthPercentageAuto as LPA};

use crate::{Page, VIEWPORT};

const RED: Color = Color::rgba(255, 0, 0, 255);
const GREEN: Color = Color::rgba(0, 128, 0, 255);
const BLUE: Color = Color::rgba(0, 0, 255, 255);
const WHITE: Color = Color::WHITE;
const BLACK: Color = Color::BLACK;

/// A page whose stylesheet parses without warnings, with a `page` element under the root.
fn new_page(css: &str) -> (Page, NodeId) {
    let mut p = Page::new(css);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let root = p.root();
    let page = p.el(root, "page", "");
    (p, page)
}

fn style(p: &Page, id: NodeId) -> &ComputedStyle {
    &p.doc.node(id).style
}

fn borders(s: &ComputedStyle) -> [LP; 4] {
    let b = &s.layout.border;
    [b.top, b.right, b.bottom, b.left]
}

#[test]
fn fallback_is_used_when_the_property_is_undefined() {
    let (mut p, page) = new_page(
        ".button { height: var(--button-default-height, 44px); color: var(--button-primary-color,#fff);\
         font-size: var(--button-font-size, 2em) }",
    );
    let b = p.el(page, "view", "button");
    p.restyle(VIEWPORT);
    let s = style(&p, b);
    assert_eq!(s.layout.size.height, Dimension::length(44.0));
    assert_eq!(s.color, WHITE);
    assert_eq!(
        s.font_size, 32.0,
        "em of the fallback against the parent's 16px"
    );
    assert_eq!(s.custom, None, "no custom property anywhere");
}

#[test]
fn value_comes_from_an_ancestor() {
    let (mut p, page) =
        new_page("page { --c: #f00; --h: 30px } .a { color: var(--c); height: var(--h, 44px) }");
    let wrap = p.el(page, "view", "");
    let a = p.el(wrap, "view", "a");
    let t = p.text(a, "x");
    p.restyle(VIEWPORT);
    let s = style(&p, a);
    assert_eq!(s.color, RED);
    assert_eq!(s.layout.size.height, Dimension::length(30.0));
    assert_eq!(
        style(&p, t).color,
        RED,
        "the substituted colour inherits to text"
    );
    assert_eq!(s.custom_property("--c"), Some("#f00"));
    // An element declaring none shares its parent's computed custom properties.
    let (ps, ws) = (
        style(&p, page).custom.as_ref(),
        style(&p, wrap).custom.as_ref(),
    );
    assert!(ps
        .zip(ws)
        .is_some_and(|(a, b)| std::sync::Arc::ptr_eq(a, b)));
}

#[test]
fn inherited_through_levels_and_overridden_in_between() {
    let (mut p, page) = new_page(
        "page { --c: red; --w: 10px } .mid { --c: blue; --w: calc-less } .leaf { color: var(--c); width: var(--w, 5px) }\
         .inner { --w: 7px }",
    );
    let l1 = p.el(page, "view", "");
    let leaf_top = p.el(l1, "view", "leaf");
    let mid = p.el(l1, "view", "mid");
    let l3 = p.el(mid, "view", "");
    let leaf_mid = p.el(l3, "view", "leaf");
    let inner = p.el(l3, "view", "inner");
    let l5 = p.el(inner, "view", "");
    let leaf_inner = p.el(l5, "view", "leaf");
    p.restyle(VIEWPORT);
    assert_eq!(style(&p, leaf_top).color, RED);
    assert_eq!(
        style(&p, leaf_top).layout.size.width,
        Dimension::length(10.0)
    );
    assert_eq!(style(&p, leaf_mid).color, BLUE);
    // `--w: calc-less` is a valid custom property; as a width it is invalid at
    // computed-value time, so `width` is unset (its initial `auto`), not the fallback.
    assert_eq!(style(&p, leaf_mid).layout.size.width, Dimension::auto());
    assert_eq!(style(&p, leaf_inner).color, BLUE, "--c from two levels up");
    assert_eq!(
        style(&p, leaf_inner).layout.size.width,
        Dimension::length(7.0)
    );

    // Changing the ancestor's declaration restyles the descendants that use it.
    p.doc.set_attr(mid, "class", "");
    p.restyle(VIEWPORT);
    assert_eq!(style(&p, leaf_mid).color, RED);
    assert_eq!(
        style(&p, leaf_mid).layout.size.width,
        Dimension::length(10.0)
    );
    assert_eq!(style(&p, leaf_inner).color, RED);
}

#[test]
fn inline_style_sets_custom_properties() {
    let (mut p, page) =
        new_page(".cell { --x: 2px; padding: var(--x) } .cell .label { margin-left: var(--x) }");
    let a = p.el(page, "view", "cell");
    let label = p.el(a, "view", "label");
    let b = p.el(page, "view", "cell");
    p.doc
        .set_attr(a, "style", "--x: 9px; --y: red; color: var(--y)");
    p.restyle(VIEWPORT);
    assert_eq!(style(&p, a).layout.padding.left, LP::length(9.0));
    assert_eq!(style(&p, a).color, RED);
    assert_eq!(style(&p, label).layout.margin.left, LPA::length(9.0));
    assert_eq!(style(&p, b).layout.padding.left, LP::length(2.0));

    // The attribute changes (as `setData` would): the element and its subtree follow.
    p.doc.set_attr(a, "style", "--x: 4rpx");
    p.restyle(VIEWPORT);
    assert_eq!(style(&p, a).layout.padding.left, LP::length(2.0));
    assert_eq!(style(&p, label).layout.margin.left, LPA::length(2.0));
    assert_eq!(style(&p, a).color, BLACK);
}

#[test]
fn border_shorthand_with_variables() {
    let (mut p, page) = new_page(
        ".a { border: var(--w,1px) solid var(--c,#000) }\
         .b { --w: 3px; --c: #00f; border: var(--w,1px) solid var(--c,#000) }\
         .c { --style: dashed; border: 2px var(--style) }\
         .d { border: var(--w,1px) solid var(--c,#000); border-left: var(--none) }",
    );
    let a = p.el(page, "view", "a");
    let b = p.el(page, "view", "b");
    let c = p.el(page, "view", "c");
    let d = p.el(page, "view", "d");
    p.restyle(VIEWPORT);
    assert_eq!(borders(style(&p, a)), [LP::length(1.0); 4]);
    assert_eq!(style(&p, a).border_color, [BLACK; 4]);
    assert_eq!(borders(style(&p, b)), [LP::length(3.0); 4]);
    assert_eq!(style(&p, b).border_color, [BLUE; 4]);
    assert_eq!(borders(style(&p, c)), [LP::length(2.0); 4]);
    // `border-left: var(--none)` is invalid at computed-value time: unset, so no left
    // border (initial style `none`), the other sides untouched.
    let bd = borders(style(&p, d));
    assert_eq!((bd[0], bd[3]), (LP::length(1.0), LP::length(0.0)));

    // Geometry: a 10px content box inside 3px borders.
    let (mut p, page) = new_page(
        ".b { --w: 3px; border: var(--w,1px) solid var(--c,#000); width: 10px; height: 10px }",
    );
    let b = p.el(page, "view", "b");
    p.layout(crate::fonts(), VIEWPORT);
    assert_eq!(p.rect(b), (0.0, 0.0, 16.0, 16.0));
}

#[test]
fn padding_with_two_variables() {
    let (mut p, page) = new_page(
        ".cell { padding: var(--cell-vertical-padding,10px) var(--cell-horizontal-padding,16px);\
         display: flex } .themed { --cell-horizontal-padding: 20rpx } .inner { height: 20px; flex: 1 }",
    );
    let a = p.el(page, "view", "cell");
    let ai = p.el(a, "view", "inner");
    let b = p.el(page, "view", "cell themed");
    let bi = p.el(b, "view", "inner");
    p.layout(crate::fonts(), VIEWPORT);
    let l = &style(&p, a).layout;
    assert_eq!(
        [
            l.padding.top,
            l.padding.right,
            l.padding.bottom,
            l.padding.left
        ],
        [
            LP::length(10.0),
            LP::length(16.0),
            LP::length(10.0),
            LP::length(16.0)
        ]
    );
    assert_eq!(p.rect(a), (0.0, 0.0, 375.0, 40.0));
    assert_eq!(p.rect(ai), (16.0, 10.0, 343.0, 20.0));
    // 20rpx is 10px at 375px wide.
    assert_eq!(p.rect(bi), (10.0, 50.0, 355.0, 20.0));
}

#[test]
fn one_rule_under_two_themes_follows_each() {
    // The substitution of `.row`'s declarations is shared by the rows of one theme, not
    // across themes, and a theme change reaches every row.
    let (mut p, page) = new_page(
        ".red { --c: red; --h: 10px } .blue { --c: blue; --h: 20px }\
         .row { color: var(--c); height: var(--h) }",
    );
    let a = p.el(page, "view", "red");
    let b = p.el(page, "view", "blue");
    let rows_a: Vec<NodeId> = (0..20).map(|_| p.el(a, "view", "row")).collect();
    let rows_b: Vec<NodeId> = (0..20).map(|_| p.el(b, "view", "row")).collect();
    p.layout(crate::fonts(), VIEWPORT);
    for &r in &rows_a {
        assert_eq!(style(&p, r).color, RED);
    }
    for &r in &rows_b {
        assert_eq!(style(&p, r).color, BLUE);
    }
    assert_eq!(p.rect(rows_b[19]), (0.0, 200.0 + 19.0 * 20.0, 375.0, 20.0));
    p.doc.set_attr(a, "class", "blue");
    p.doc.set_attr(b, "class", "red");
    p.layout(crate::fonts(), VIEWPORT);
    for &r in &rows_a {
        assert_eq!(style(&p, r).color, BLUE);
    }
    for &r in &rows_b {
        assert_eq!(style(&p, r).color, RED);
    }
    assert_eq!(p.rect(rows_b[19]), (0.0, 400.0 + 19.0 * 10.0, 375.0, 10.0));
}

#[test]
fn nested_fallbacks() {
    let (mut p, page) = new_page(
        ".x { width: var(--a, var(--b, 3px)); height: var(--a, var(--b, 3px)); margin-top: var(--a, var(--b)) }\
         .y { --b: 5px }\
         .z { --a: 7px }",
    );
    let x = p.el(page, "view", "x");
    let y = p.el(page, "view", "x y");
    let z = p.el(page, "view", "x y z");
    p.restyle(VIEWPORT);
    assert_eq!(style(&p, x).layout.size.width, Dimension::length(3.0));
    assert_eq!(style(&p, x).layout.margin.top, LPA::length(0.0), "unset");
    assert_eq!(style(&p, y).layout.size.width, Dimension::length(5.0));
    assert_eq!(style(&p, y).layout.margin.top, LPA::length(5.0));
    assert_eq!(style(&p, z).layout.size.height, Dimension::length(7.0));
}

#[test]
fn a_cycle_makes_the_property_unset_without_panicking() {
    let (mut p, page) = new_page(
        ".parent { color: #008000; width: 50px }\
         .c { --a: var(--b); --b: var(--a); color: red; color: var(--a); width: 10px; width: var(--b);\
          height: var(--a, 12px); --self: var(--self) 1px; line-height: var(--self) }",
    );
    let parent = p.el(page, "view", "parent");
    let c = p.el(parent, "view", "c");
    let t = p.text(c, "cycle");
    p.layout(crate::fonts(), VIEWPORT);
    let s = style(&p, c);
    assert_eq!(
        s.color, GREEN,
        "color inherits: the earlier `color: red` is overridden"
    );
    assert_eq!(
        s.layout.size.width,
        Dimension::auto(),
        "width takes its initial value"
    );
    assert_eq!(
        s.layout.size.height,
        Dimension::length(12.0),
        "a cycle member is guaranteed-invalid: the fallback applies"
    );
    assert_eq!(s.line_height, LineHeight::Normal);
    assert_eq!(s.custom_property("--a"), None);
    assert_eq!(s.custom_property("--self"), None);
    assert_eq!(style(&p, t).color, GREEN);
}

#[test]
fn important_custom_property_wins() {
    let (mut p, page) = new_page(
        "#x { --c: red } .a { --c: blue !important } .a.b { --c: #008000 } .w { width: var(--w) }\
         .c { color: var(--c) }",
    );
    let a = p.el(page, "view", "a b c");
    p.doc.set_attr(a, "id", "x");
    let child = p.el(a, "view", "c");
    let inline = p.el(page, "view", "a c");
    p.doc.set_attr(inline, "style", "--c: red");
    let inline_important = p.el(page, "view", "c");
    p.doc
        .set_attr(inline_important, "style", "--c: red !important");
    p.restyle(VIEWPORT);
    assert_eq!(style(&p, a).color, BLUE, "!important beats the id rule");
    assert_eq!(style(&p, child).color, BLUE, "and is inherited");
    assert_eq!(
        style(&p, inline).color,
        BLUE,
        "!important beats the style attribute"
    );
    assert_eq!(style(&p, inline_important).color, RED);
}

#[test]
fn vant_button_renders_styled() {
    // Declarations as in Vant Weapp's button/index.wxss, themed by the page.
    let css = "page { --button-primary-background-color: #f00; --button-default-height: 40px }\
        .van-button{position:relative;display:inline-flex;align-items:center;justify-content:center;\
         box-sizing:border-box;padding:0;text-align:center;vertical-align:middle;\
         height:var(--button-default-height,44px);line-height:var(--button-line-height,20px);\
         font-size:var(--button-default-font-size,16px);transition:opacity .2s;\
         border-radius:var(--button-border-radius,2px)}\
        .van-button--primary{color:var(--button-primary-color,#fff);\
         background:var(--button-primary-background-color,#07c160);\
         border:var(--button-border-width,1px) solid var(--button-primary-border-color,#07c160)}";
    let mut p = Page::new(css);
    let messages: Vec<String> = p.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        messages
            .iter()
            .all(|m| m.contains("vertical-align") || m.contains("transition")),
        "only the unsupported properties warn: {messages:?}"
    );
    let root = p.root();
    let page = p.el(root, "page", "");
    let b = p.el(page, "view", "van-button van-button--primary");
    p.layout(crate::fonts(), VIEWPORT);
    let s = style(&p, b);
    assert_eq!(s.background_color, RED);
    assert_eq!(s.color, WHITE);
    assert_eq!(s.border_color, [Color::rgba(0x07, 0xc1, 0x60, 255); 4]);
    assert_eq!(s.border_radius, [2.0; 4]);
    assert_eq!(s.line_height, LineHeight::Px(20.0));
    assert_eq!(p.rect(b).3, 40.0, "border-box height");
}

#[test]
fn hostile_variables_never_panic() {
    let css = ".a { width: var(--w); color: var(--c, notacolour) } .b { --deep: ((((((((((((((((((((((((((((((((((((var(--x)))))))))))))))))))))))))))))))))))) ; height: var(--deep, 1px) }";
    let hostile = [
        css,
        ".a { width: var(); }",
        ".a { width: var(x) }",
        ".a { --: 1px; width: var(--) }",
        ".a { --a: }; .a { width: var(--a) 1px }",
        ".a { --a:; color: var(--a, ) }",
        ".a { width: var(--a,,) }",
        ".a { width: var(--a 1px) }",
        ".a { --a: {}; --b: [var(--a)]; width: calc(var(--b)) }",
        ".a { --a: !important }",
        ".a { --a: 1px !important !important }",
        ".a { font: var(--f, bold 12px/2 sans-serif) }",
    ];
    for css in hostile {
        let mut p = Page::new(css);
        let root = p.root();
        let top = p.el(root, "page", "a b");
        for _ in 0..3 {
            let v = p.el(top, "view", "a b");
            p.text(v, "x");
        }
        p.layout(crate::fonts(), VIEWPORT);
    }
    // `var()` must name a custom property: a parse error, with its position.
    let p = Page::new(".a {\n width: var(x) }");
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    assert!(
        p.warnings[0].to_string().starts_with("page.wxss:2:"),
        "{}",
        p.warnings[0]
    );
    // `font` shorthand through a variable.
    let (mut p, page) = new_page(".f { --f: 500 12px/2 sans-serif; font: var(--f) }");
    let f = p.el(page, "view", "f");
    p.restyle(VIEWPORT);
    let s = style(&p, f);
    assert_eq!(
        (s.font_size, s.font_weight, s.line_height),
        (12.0, 500, LineHeight::Number(2.0))
    );
}

/// Warnings logged by the cascade, kept by a logger for this test binary.
fn logged_warnings() -> &'static std::sync::Mutex<Vec<String>> {
    static LOGGED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    struct Keep;
    impl log::Log for Keep {
        fn enabled(&self, m: &log::Metadata<'_>) -> bool {
            m.level() <= log::Level::Warn
        }
        fn log(&self, r: &log::Record<'_>) {
            if self.enabled(r.metadata()) {
                if let Ok(mut v) = LOGGED.lock() {
                    v.push(r.args().to_string());
                }
            }
        }
        fn flush(&self) {}
    }
    static KEEP: Keep = Keep;
    if log::set_logger(&KEEP).is_ok() {
        log::set_max_level(log::LevelFilter::Warn);
    }
    &LOGGED
}

#[test]
fn invalid_declarations_warn_once_not_once_per_element() {
    use mica_layout::{ParseOptions, StyleSet, Stylesheet};

    let logged = logged_warnings();
    let css = ".a { width: var(--w); color: var(--c, notacolour) }";
    let (sheet, warnings) = Stylesheet::parse(css, "warn-once.wxss", ParseOptions::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut styles = StyleSet::new();
    styles.push(sheet);
    let mut p = Page {
        doc: mica_layout::Document::new(),
        styles,
        warnings: Vec::new(),
    };
    let root = p.root();
    for i in 0..5 {
        let v = p.el(root, "view", "a");
        // Ids keep style sharing from hiding the repetition.
        p.doc.set_attr(v, "id", &format!("v{i}"));
    }
    p.restyle(VIEWPORT);
    p.restyle((750.0, 1334.0));
    let mine: Vec<String> = logged
        .lock()
        .map(|v| {
            v.iter()
                .filter(|m| m.starts_with("warn-once.wxss"))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        mine,
        [
            "warn-once.wxss:1:6: `width: var(--w)` uses a var() with no value and no fallback; the property is unset",
            "warn-once.wxss:1:23: `color: var(--c, notacolour)` is invalid after var() substitution (`notacolour`); the property is unset",
        ]
    );
}

#[cfg(feature = "serde")]
#[test]
fn compiled_stylesheets_keep_variables() {
    use mica_layout::{ParseOptions, StyleSet, Stylesheet};

    let css = "page { --c: #f00; --pad: 10px !important; --empty:; --any: {a: b} [1] }\
               .a { border: var(--w, 1px) solid var(--c); padding: var(--pad) var(--h, 16px) !important }";
    let (sheet, warnings) = Stylesheet::parse(css, "page.wxss", ParseOptions::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    let bytes = sheet.to_bytes();
    let loaded = Stylesheet::from_bytes(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded, sheet);

    let mut styles = StyleSet::new();
    styles.push(loaded);
    let mut p = Page {
        doc: mica_layout::Document::new(),
        styles,
        warnings: Vec::new(),
    };
    let root = p.root();
    let page = p.el(root, "page", "");
    let a = p.el(page, "view", "a");
    p.restyle(VIEWPORT);
    let s = style(&p, a);
    assert_eq!(s.border_color, [RED; 4]);
    assert_eq!(s.layout.padding.top, LP::length(10.0));
    assert_eq!(s.layout.padding.left, LP::length(16.0));
    assert_eq!(s.custom_property("--empty"), Some(""));
    assert_eq!(s.custom_property("--any"), Some("{a: b} [1]"));
}
