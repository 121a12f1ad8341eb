//! Compiler tests: parsing, directives, errors with positions, and garbage input.

use super::ir::EventKind;
use super::*;

fn ok(src: &str) -> Template {
    match compile("t.wxml", src) {
        Ok(c) => c.template,
        Err(e) => Template {
            file: format!("ERROR: {e}"),
            nodes: Vec::new(),
            ..Template::default()
        },
    }
}

fn fail(src: &str) -> TemplateError {
    match compile("t.wxml", src) {
        Ok(_) => TemplateError {
            file: String::new(),
            line: 0,
            col: 0,
            message: "compiled without error".into(),
        },
        Err(e) => e,
    }
}

fn el(n: &TNode) -> Option<&Element> {
    match n {
        TNode::Element(e) => Some(e),
        _ => None,
    }
}

#[test]
fn element_with_static_and_bound_attrs() {
    let t = ok(r#"<view id="a" class="x {{cls}}" hidden="{{!show}}">hi</view>"#);
    let e = el(&t.nodes[0]);
    assert_eq!(e.map(|e| e.tag.as_str()), Some("view"));
    assert_eq!(
        e.map(|e| e.attrs.clone()),
        Some(vec![("id".into(), "a".into())])
    );
    assert_eq!(e.map(|e| e.bound.len()), Some(2));
    assert_eq!(e.map(|e| (e.line, e.col)), Some((1, 1)));
    assert_eq!(
        e.map(|e| e.children.clone()),
        Some(vec![TNode::Text(Interp::literal("hi"))])
    );
}

#[test]
fn mixed_interpolation_parts() {
    let t = ok(r#"<view id="item-{{id}}-x"/>"#);
    let b = el(&t.nodes[0]).map(|e| e.bound[0].1.parts.clone());
    assert_eq!(
        b,
        Some(vec![
            Part::Lit("item-".into()),
            Part::Expr(Expr::Ident("id".into())),
            Part::Lit("-x".into())
        ])
    );
}

#[test]
fn text_may_contain_less_than_inside_mustache() {
    let t = ok("<view>{{a < b}} and {{c && d}}</view>");
    let e = el(&t.nodes[0]);
    assert!(matches!(e.map(|e| &e.children[0]), Some(TNode::Text(i)) if i.parts.len() == 3));
}

#[test]
fn attribute_values_may_contain_angle_brackets_and_ands() {
    let t = ok(r#"<view class="{{a > 1 && b < 2 ? 'x' : "y"}}"></view>"#);
    assert_eq!(el(&t.nodes[0]).map(|e| e.bound.len()), Some(1));
}

#[test]
fn boolean_attribute_without_value_is_true() {
    let t = ok("<input disabled focus />");
    let e = el(&t.nodes[0]);
    assert_eq!(e.map(|e| e.bound.len()), Some(2));
    assert_eq!(
        e.and_then(|e| e.bound[0].1.single_expr().cloned()),
        Some(Expr::Bool(true))
    );
}

#[test]
fn comments_are_dropped_and_entities_decoded() {
    let t = ok(r#"<!-- top --><text title="a&amp;b">x &lt; y &#65;&#x42;&nbsp;&bogus;</text>"#);
    assert_eq!(t.nodes.len(), 1);
    let e = el(&t.nodes[0]);
    assert_eq!(e.map(|e| e.attrs[0].1.as_str()), Some("a&b"));
    assert_eq!(
        e.map(|e| e.children[0].clone()),
        Some(TNode::Text(Interp::literal("x < y AB\u{a0}&bogus;")))
    );
}

#[test]
fn whitespace_only_text_is_dropped() {
    let t = ok("<view>\n  <text>a</text>\n  </view>");
    assert_eq!(el(&t.nodes[0]).map(|e| e.children.len()), Some(1));
}

#[test]
fn self_closing_and_unquoted_values() {
    let t = ok("<image src=a.png mode=aspectFit/><view/>");
    assert_eq!(t.nodes.len(), 2);
    assert_eq!(
        el(&t.nodes[0]).map(|e| e.attrs.clone()),
        Some(vec![
            ("src".into(), "a.png".into()),
            ("mode".into(), "aspectFit".into())
        ])
    );
}

#[test]
fn wx_for_with_defaults_and_renames() {
    let t = ok(r#"<view wx:for="{{list}}" wx:key="id">{{item}}</view>"#);
    match &t.nodes[0] {
        TNode::For(f) => {
            assert_eq!(f.items, Expr::Ident("list".into()));
            assert_eq!((f.item.as_str(), f.index.as_str()), ("item", "index"));
            assert_eq!(f.key.as_deref(), Some("id"));
            assert!(matches!(f.body, TNode::Element(_)));
        }
        other => panic!("not a for: {other:?}"),
    }
    let t = ok(r#"<view wx:for="{{list}}" wx:for-item="row" wx:for-index="i"/>"#);
    assert!(matches!(&t.nodes[0], TNode::For(f) if f.item == "row" && f.index == "i"));
}

#[test]
fn if_elif_else_chain() {
    let t = ok(r#"<view wx:if="{{a}}">1</view>
        <view wx:elif="{{b}}">2</view>
        <view wx:else>3</view><text/>"#);
    assert_eq!(t.nodes.len(), 2);
    match &t.nodes[0] {
        TNode::If(i) => {
            assert_eq!(i.branches.len(), 3);
            assert_eq!(i.branches[0].0, Some(Expr::Ident("a".into())));
            assert_eq!(i.branches[2].0, None);
        }
        other => panic!("not an if: {other:?}"),
    }
}

#[test]
fn separate_ifs_do_not_merge() {
    let t = ok(r#"<view wx:if="{{a}}"/><view wx:if="{{b}}"/>"#);
    assert_eq!(t.nodes.len(), 2);
}

#[test]
fn else_without_if_is_an_error_with_position() {
    let e = fail("<view>\n  <text wx:else>x</text>\n</view>");
    assert_eq!((e.line, e.col), (2, 9));
    assert!(e.message.contains("wx:else"), "{e}");
    let e = fail(r#"<view wx:if="{{a}}"/>text<view wx:elif="{{b}}"/>"#);
    assert!(e.message.contains("wx:elif"), "{e}");
}

#[test]
fn for_is_outer_when_combined_with_if() {
    let t = ok(r#"<view wx:for="{{list}}" wx:if="{{item.show}}"/>"#);
    assert!(matches!(&t.nodes[0], TNode::For(f) if matches!(f.body, TNode::If(_))));
}

#[test]
fn block_is_a_transparent_group() {
    let t = ok(r#"<block wx:for="{{l}}"><text/><text/></block><block><view/></block>"#);
    assert!(
        matches!(&t.nodes[0], TNode::For(f) if matches!(&f.body, TNode::Group(g) if g.len() == 2))
    );
    assert!(matches!(&t.nodes[1], TNode::Element(e) if e.tag == "view"));
}

#[test]
fn events_all_spellings() {
    let t = ok(concat!(
        r#"<view bindtap="onTap" bind:longpress="lp" catchtap="c" catch:touchstart="ts" "#,
        r#"capture-bind:tap="cb" capture-bindtouchend="cb2" capture-catch:tap="cc" "#,
        r#"capture-catchlongpress="cc2" mut-bind:tap="m" mut-bindtouchmove="m2" "#,
        r#"data-item-id="{{3}}"/>"#
    ));
    let e = el(&t.nodes[0]);
    let evs: Vec<(String, EventKind)> = e
        .map(|e| e.events.iter().map(|b| (b.event.clone(), b.kind)).collect())
        .unwrap_or_default();
    use EventKind::*;
    let want = [
        ("tap", Bind),
        ("longpress", Bind),
        ("tap", Catch),
        ("touchstart", Catch),
        ("tap", CaptureBind),
        ("touchend", CaptureBind),
        ("tap", CaptureCatch),
        ("longpress", CaptureCatch),
        ("tap", MutBind),
        ("touchmove", MutBind),
    ];
    let want: Vec<(String, EventKind)> = want.iter().map(|(e, k)| (e.to_string(), *k)).collect();
    assert_eq!(evs, want);
    assert_eq!(
        e.map(|e| e.events[0].handler.as_static()),
        Some(Some("onTap".into()))
    );
    assert_eq!(e.map(|e| e.bound[0].0.as_str()), Some("data-item-id"));
}

#[test]
fn marks_are_neither_attributes_nor_events() {
    let c = compile(
        "t.wxml",
        r#"<view mark:a="x" mark:myMark="{{n}}" mark:flag mark:e="&lt;"/>"#,
    );
    let c = c.unwrap_or_else(|e| panic!("{e}"));
    assert!(c.warnings.is_empty());
    let e = el(&c.template.nodes[0]);
    let names: Vec<&str> = e
        .map(|e| e.marks.iter().map(|(k, _)| k.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["a", "myMark", "flag", "e"]);
    assert!(e.is_some_and(|e| e.attrs.is_empty() && e.bound.is_empty() && e.events.is_empty()));
    assert_eq!(e.map(|e| e.marks[3].1.as_static()), Some(Some("<".into())));
    assert!(e.is_some_and(|e| e.marks[1].1.single_expr().is_some()));
}

#[test]
fn unknown_event_prefixes_stay_attributes_with_a_warning() {
    let c = compile(
        "t.wxml",
        r#"<view capture-tap="a" mut-catch:tap="b" bind:="c" mark:="d" bindtap="ok"/>"#,
    );
    let c = c.unwrap_or_else(|e| panic!("{e}"));
    let e = el(&c.template.nodes[0]);
    let attrs: Vec<&str> = e
        .map(|e| e.attrs.iter().map(|(k, _)| k.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(attrs, ["capture-tap", "mut-catch:tap", "bind:", "mark:"]);
    assert_eq!(e.map(|e| e.events.len()), Some(1));
    assert_eq!(c.warnings.len(), 4);
    assert!(c.warnings[0].message.contains("`capture-tap`"));
}

#[test]
fn event_kind_parses_attribute_names() {
    assert_eq!(
        EventKind::parse_attr("bindtap"),
        Some((EventKind::Bind, "tap"))
    );
    assert_eq!(
        EventKind::parse_attr("capture-catch:touchstart"),
        Some((EventKind::CaptureCatch, "touchstart"))
    );
    assert_eq!(EventKind::parse_attr("mut-bind:"), None);
    assert_eq!(EventKind::parse_attr("bind:a.b"), None);
    assert_eq!(EventKind::parse_attr("data-bind"), None);
    for k in EventKind::ALL {
        assert_eq!(k.is_capture(), k.prefix().starts_with("capture-"));
        assert_eq!(k.stops(), k.prefix().ends_with("catch"));
    }
}

#[test]
fn dynamic_event_handler_is_an_interp() {
    let t = ok(r#"<view bindtap="{{handlerName}}"/>"#);
    assert!(el(&t.nodes[0]).is_some_and(|e| e.events[0].handler.single_expr().is_some()));
}

#[test]
fn unknown_directive_warns_with_position() {
    let c = compile("t.wxml", "<view\n wx:foo=\"1\"/>");
    let w = c.map(|c| c.warnings).unwrap_or_default();
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].line, w[0].col), (2, 2));
    assert!(w[0].to_string().starts_with("t.wxml:2:2: warning:"));
}

#[test]
fn wxs_content_is_kept_raw() {
    let t = ok("<wxs module=\"m\">var a = 1 < 2 && 3 > 1; module.exports = {};</wxs><view/>");
    assert!(
        matches!(&t.nodes[0], TNode::Wxs(w) if w.module == "m" && w.content.contains("1 < 2 &&"))
    );
    assert_eq!(t.nodes.len(), 2);
}

#[test]
fn mismatched_close_tag_position() {
    let e = fail("<view>\n  <text>a</view>");
    assert_eq!((e.line, e.col), (2, 10));
    assert!(
        e.message.contains("</view>") && e.message.contains("</text>"),
        "{e}"
    );
    assert!(e.message.contains("2:3"), "{e}");
    assert!(e.to_string().starts_with("t.wxml:2:10: "));
}

#[test]
fn unclosed_tag_position() {
    let e = fail("<view>\n  <text>a</text>\n");
    assert_eq!((e.line, e.col), (1, 1));
    assert!(e.message.contains("unclosed"), "{e}");
    let e = fail("<view class=\"a\"");
    assert_eq!((e.line, e.col), (1, 1));
}

#[test]
fn stray_close_tag() {
    let e = fail("<view/>\n</view>");
    assert_eq!((e.line, e.col), (2, 1));
}

#[test]
fn unterminated_mustache_in_text_and_attr() {
    let e = fail("<view>\n ab {{ x </view>");
    assert_eq!((e.line, e.col), (2, 5));
    assert!(e.message.contains("{{"), "{e}");
    let e = fail(r#"<view a="{{x"></view>"#);
    assert!(e.message.contains("{{"), "{e}");
}

#[test]
fn bad_expression_position_points_inside_the_file() {
    let e = fail("<view>\n  <text>{{ a + * b }}</text></view>");
    assert_eq!((e.line, e.col), (2, 16));
    assert!(e.message.contains("bad expression"), "{e}");
    let e = fail("<view class=\"x {{ a = 1 }}\"/>");
    assert_eq!((e.line, e.col), (1, 21));
}

#[test]
fn bad_attribute_syntax() {
    let e = fail(r#"<view ="x"/>"#);
    assert_eq!((e.line, e.col), (1, 7));
    let e = fail(r#"<view a="x/>"#);
    assert!(e.message.contains("unterminated attribute"), "{e}");
    let e = fail(r#"<view a=/>"#);
    assert!(e.message.contains("attribute"), "{e}");
}

#[test]
fn unterminated_comment_is_an_error() {
    let e = fail("<view/>\n<!-- open");
    assert_eq!((e.line, e.col), (2, 1));
}

#[test]
fn object_literal_in_mustache_closes_correctly() {
    let t = ok(r#"<template is="x" data="{{ {a: 1} }}"/><template is="y" data="{{a, ...b}}"/>"#);
    assert_eq!(t.nodes.len(), 2);
    assert!(matches!(&t.nodes[1], TNode::Use(u) if matches!(
        u.data.as_ref().and_then(Interp::single_expr),
        Some(Expr::Object(p)) if p.len() == 2
    )));
}

#[test]
fn columns_count_characters_not_bytes() {
    let e = fail("<view>中文</text>");
    assert_eq!((e.line, e.col), (1, 9));
}

#[test]
fn ir_round_trips_through_serde() {
    let t = ok(
        r#"<view wx:for="{{list}}" class="a {{b}}" bindtap="x"><text wx:if="{{c}}">{{d + 1.5}}</text></view>"#,
    );
    let s = serde_json::to_string(&t).unwrap_or_default();
    let back: Option<Template> = serde_json::from_str(&s).ok();
    assert_eq!(back, Some(t));
}

use crate::test_rng::Lcg;

#[test]
fn garbage_never_panics() {
    const PIECES: [&str; 40] = [
        "<",
        ">",
        "/",
        "</",
        "/>",
        "<view",
        "</view>",
        "<text>",
        "</text>",
        "{{",
        "}}",
        "\"",
        "'",
        "=",
        " ",
        "\n",
        "wx:if=",
        "wx:else",
        "wx:for=\"{{",
        "<!--",
        "-->",
        "&",
        "&#x;",
        "&#99999999;",
        "a",
        "中",
        "<wxs>",
        "</wxs",
        "<block",
        "[",
        "]",
        "(",
        ")",
        ".",
        "...",
        "?",
        ":",
        "!",
        "bind:",
        "data-",
    ];
    let mut rng = Lcg(42);
    for _ in 0..600 {
        let n = (rng.next() % 30) as usize;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
        }
        let _ = compile("fuzz.wxml", &s);
        let _ = parse_expr(&s);
        // Also through the evaluator when it happens to parse.
        if let Ok(e) = parse_expr(&s) {
            let data = serde_json::json!({"a": [1, {"b": "x"}], "s": "str"});
            let _ = Scope::new(&data).eval(&e, &mut Vec::new());
        }
    }
    for len in 0..64 {
        let mut s = String::new();
        for _ in 0..len {
            s.push(char::from_u32((rng.next() % 0x250) as u32).unwrap_or('x'));
        }
        let _ = compile("fuzz.wxml", &s);
        let _ = parse_expr(&s);
    }
}

#[test]
fn deep_nesting_is_an_error() {
    let s = "<view>".repeat(1000) + &"</view>".repeat(1000);
    assert!(fail(&s).message.contains("nested"));
}

#[test]
fn compiled_ir_round_trips_through_bytes() {
    let t = ok(r#"<wxs module="m">module.exports = {};</wxs>
<template name="row"><text class="t {{cls}}">{{a + 1}} of {{ b ? 'x' : "y" }}</text></template>
<view wx:for="{{list}}" wx:key="id" wx:for-item="it" data-id="{{it.id}}" bind:tap="onTap" catchlongpress="x">
  <block wx:if="{{it.on}}"><template is="row" data="{{...it, n: 2.5e-7}}"/></block>
  <text wx:elif="{{[1, 2][0]}}" hidden="{{!x}}">&lt;{{ {a: 1}.a }}&gt;</text>
  <view wx:else style="color: {{c}}"/>
</view>"#);
    let bytes = t.to_bytes();
    assert_eq!(Template::from_bytes(&bytes).ok().as_ref(), Some(&t));
    // Every truncation is an error, never a panic.
    for cut in 0..bytes.len() {
        assert!(Template::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
}

#[test]
fn a_repeated_unknown_directive_warns_once_per_file() {
    let src =
        "<view wx:foo=\"1\"/>\n<view wx:foo=\"2\"/>\n<view wx:bar=\"3\"/>\n<view wx:foo=\"4\"/>";
    let w = compile("t.wxml", src)
        .map(|c| c.warnings)
        .unwrap_or_default();
    let lines: Vec<(u32, bool)> = w
        .iter()
        .map(|w| (w.line, w.message.contains("wx:foo")))
        .collect();
    assert_eq!(lines, [(1, true), (3, false)], "{w:?}");
}

/// A compiled template is input too (it comes from a package): IR nested far deeper than
/// the compiler ever writes must be refused while it is read, not overflow the stack of
/// the thread that loads it (a test thread has 2 MiB).
#[test]
fn hostile_deep_ir_is_an_error_not_a_stack_overflow() {
    let t = Template {
        file: "deep.wxml".into(),
        nodes: vec![TNode::Group(vec![TNode::Group(Vec::new())])],
        ..Template::default()
    };
    let bytes = t.to_bytes();
    // `TNode::Group` is variant 4; one holding one node starts with the bytes [4, 1].
    // Repeat that prefix a million times around the same inner node.
    let at = bytes
        .windows(4)
        .position(|w| w == [4, 1, 4, 0])
        .unwrap_or_else(|| panic!("no Group in {bytes:?}"));
    let mut deep = bytes[..at].to_vec();
    for _ in 0..1_000_000 {
        deep.extend_from_slice(&[4, 1]);
    }
    deep.extend_from_slice(&bytes[at + 2..]);
    let err = Template::from_bytes(&deep)
        .map(|_| ())
        .map_err(|e| e.to_string());
    assert!(err.as_ref().is_err_and(|e| e.contains("deeper")), "{err:?}");

    // Expressions too: `!!!!…x` is `Not(Not(…))`.
    let e = ok("<view>{{!x}}</view>").to_bytes();
    let (not, var) = match parse_expr("!x") {
        Ok(e @ crate::template::expr::Expr::Unary(_, _)) => {
            let crate::template::expr::Expr::Unary(_, inner) = &e else {
                unreachable!()
            };
            (
                postcard::to_allocvec(&e).unwrap_or_default(),
                postcard::to_allocvec(&**inner).unwrap_or_default(),
            )
        }
        other => panic!("{other:?}"),
    };
    let tag = not[..not.len() - var.len()].to_vec();
    let at = e
        .windows(not.len())
        .position(|w| w == not.as_slice())
        .unwrap_or_else(|| panic!("no Not in {e:?}"));
    let mut deep = e[..at].to_vec();
    for _ in 0..1_000_000 {
        deep.extend_from_slice(&tag);
    }
    deep.extend_from_slice(&e[at + tag.len()..]);
    let err = Template::from_bytes(&deep)
        .map(|_| ())
        .map_err(|e| e.to_string());
    assert!(err.as_ref().is_err_and(|e| e.contains("deeper")), "{err:?}");

    // What the compiler itself writes at its own nesting limit still loads.
    let depth = crate::template::parser::MAX_NESTING - 1;
    let src = "<view wx:for=\"{{l}}\"><block wx:if=\"{{a}}\">".repeat(depth / 2)
        + &"</block></view>".repeat(depth / 2);
    let t = ok(&src);
    assert_eq!(Template::from_bytes(&t.to_bytes()).ok().as_ref(), Some(&t));
}
