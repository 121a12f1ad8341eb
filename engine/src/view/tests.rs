//! View tests: instantiation into a real document and patch costs.
use super::*;
use crate::data::parse_path;
use crate::template::ir::EventKind;
use serde_json::json;

use crate::test_support::view;

/// A compact rendering of the tree: `tag[attr=v,...](children)` and `"text"`. The
/// parts of built-in components (a switch's track) are left out: they are not the view's.
fn dump(doc: &Document, n: NodeId) -> String {
    let node = doc.node(n);
    if !node.is_element() {
        return format!("{:?}", node.text);
    }
    let attrs: Vec<String> = node.attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let kids: Vec<String> = node
        .children
        .iter()
        .filter(|c| !crate::components::is_part(doc, **c))
        .map(|c| dump(doc, *c))
        .collect();
    let mut s = node.tag.clone();
    if !attrs.is_empty() {
        s += &format!("[{}]", attrs.join(","));
    }
    if !kids.is_empty() {
        s += &format!("({})", kids.join(" "));
    }
    s
}

fn page(doc: &Document) -> String {
    dump(doc, doc.root())
}

fn patch(v: &mut View, doc: &mut Document, key: &str, val: Value) -> PatchStats {
    let p = parse_path(key).unwrap_or_default();
    v.apply_patch(doc, &[(p, val)])
}

#[test]
fn instantiates_tags_attrs_and_text() {
    let (_, doc) = view(
        r#"<view id="a" class="c {{k}}"><text>Hi {{name}}!</text><image src="{{src}}"/></view>"#,
        json!({"k": "on", "name": "Mica", "src": "a.png"}),
    );
    assert_eq!(
        page(&doc),
        r#"page(view[class=c on,id=a](text("Hi Mica!") image[src=a.png]))"#
    );
}

#[test]
fn boolean_attributes() {
    let (_, doc) = view(
        r#"<view hidden="{{false}}"/><view hidden="{{true}}"/><switch checked="{{x}}"/><input disabled/>"#,
        json!({"x": null}),
    );
    assert_eq!(
        page(&doc),
        "page(view view[hidden=true] switch input[disabled=true])"
    );
}

#[test]
fn numbers_stringify_like_js() {
    let (_, doc) = view(
        "<text>{{a + b}} {{1.0}} {{x}}</text>",
        json!({"a": 0.1, "b": 0.2}),
    );
    assert_eq!(page(&doc), r#"page(text("0.30000000000000004 1 "))"#);
}

#[test]
fn whitespace_text_dropped_and_block_is_transparent() {
    let (_, doc) = view(
        "<view>\n  <block><text>a</text><text>b</text></block>\n</view>",
        json!({}),
    );
    assert_eq!(page(&doc), r#"page(view(text("a") text("b")))"#);
}

#[test]
fn for_renders_items_with_index() {
    let (_, doc) = view(
        r#"<view wx:for="{{list}}" wx:for-item="it" id="r{{index}}">{{it.t}}</view>"#,
        json!({"list": [{"t": "a"}, {"t": "b"}]}),
    );
    assert_eq!(page(&doc), r#"page(view[id=r0]("a") view[id=r1]("b"))"#);
}

#[test]
fn for_over_objects_numbers_and_literals() {
    let (_, doc) = view(
        r#"<text wx:for="{{o}}">{{index}}={{item}};</text><text wx:for="{{2}}">{{item}}</text><text wx:for="{{[a, 'z']}}">{{item}}</text>"#,
        json!({"o": {"x": 1, "y": 2}, "a": "q"}),
    );
    assert_eq!(
        page(&doc),
        r#"page(text("x=1;") text("y=2;") text("0") text("1") text("q") text("z"))"#
    );
}

#[test]
fn nested_loops_see_outer_variables() {
    let (_, doc) = view(
        r#"<view wx:for="{{rows}}" wx:for-item="row"><text wx:for="{{row.cells}}">{{row.name}}{{item}}</text></view>"#,
        json!({"rows": [{"name": "a", "cells": [1, 2]}, {"name": "b", "cells": [3]}]}),
    );
    assert_eq!(
        page(&doc),
        r#"page(view(text("a1") text("a2")) view(text("b3")))"#
    );
}

#[test]
fn if_chain_and_toggle_reinstantiates_in_place() {
    let (mut v, mut doc) = view(
        r#"<text>start</text><view wx:if="{{n > 1}}">big</view><view wx:elif="{{n == 1}}">one</view><view wx:else>none</view><text>end</text>"#,
        json!({"n": 0}),
    );
    assert_eq!(
        page(&doc),
        r#"page(text("start") view("none") text("end"))"#
    );
    let s = patch(&mut v, &mut doc, "n", json!(1));
    assert_eq!(page(&doc), r#"page(text("start") view("one") text("end"))"#);
    assert_eq!((s.bindings_reevaluated, s.fragments_rebuilt), (1, 1));
    patch(&mut v, &mut doc, "n", json!(5));
    assert_eq!(page(&doc), r#"page(text("start") view("big") text("end"))"#);
    let s = patch(&mut v, &mut doc, "n", json!(7));
    assert_eq!(s.fragments_rebuilt, 0, "same branch: nothing rebuilt");
}

#[test]
fn if_without_else_toggles_from_empty_keeping_position() {
    let (mut v, mut doc) = view(
        r#"<view><text>a</text><text wx:if="{{show}}">b</text><text wx:if="{{show2}}">c</text><text>d</text></view>"#,
        json!({"show": false, "show2": false}),
    );
    assert_eq!(page(&doc), r#"page(view(text("a") text("d")))"#);
    patch(&mut v, &mut doc, "show2", json!(true));
    patch(&mut v, &mut doc, "show", json!(true));
    assert_eq!(
        page(&doc),
        r#"page(view(text("a") text("b") text("c") text("d")))"#
    );
    patch(&mut v, &mut doc, "show", json!(false));
    assert_eq!(page(&doc), r#"page(view(text("a") text("c") text("d")))"#);
}

#[test]
fn attribute_and_text_patches_update_in_place() {
    let (mut v, mut doc) = view(
        r#"<view class="a {{c}}" hidden="{{h}}"><text>{{t}}</text><text>{{other}}</text></view>"#,
        json!({"c": "x", "h": false, "t": "one", "other": "o"}),
    );
    let s = patch(&mut v, &mut doc, "t", json!("two"));
    assert_eq!(s.bindings_reevaluated, 1);
    let s = patch(&mut v, &mut doc, "h", json!(true));
    assert_eq!(s.bindings_reevaluated, 1);
    patch(&mut v, &mut doc, "c", json!("y"));
    assert_eq!(
        page(&doc),
        r#"page(view[class=a y,hidden=true](text("two") text("o")))"#
    );
    let s = patch(&mut v, &mut doc, "unrelated", json!(1));
    assert_eq!(s.bindings_reevaluated, 0);
}

#[test]
fn one_field_in_a_thousand_rows_touches_few_bindings() {
    let list: Vec<Value> = (0..1000)
        .map(|i| json!({"title": format!("t{i}"), "done": false}))
        .collect();
    let (mut v, mut doc) = view(
        r#"<view wx:for="{{list}}" wx:key="title" class="row {{item.done ? 'done' : ''}}"><text>{{item.title}}</text></view>"#,
        json!({ "list": list }),
    );
    assert_eq!(v.binding_count(), 2001);
    let before = doc.len();
    let s = patch(&mut v, &mut doc, "list[500].title", json!("changed"));
    assert!(s.bindings_reevaluated <= 3, "{s:?}");
    // `title` is the key: a new key is a new row (WeChat recreates it), in place.
    assert!(s.fragments_rebuilt <= 1, "{s:?}");
    assert_eq!(doc.len(), before);
    let row = doc.node(doc.root()).children[500];
    let text = doc.node(row).children[0];
    assert_eq!(doc.node(doc.node(text).children[0]).text, "changed");
    let s = patch(&mut v, &mut doc, "list[7].done", json!(true));
    assert!(s.bindings_reevaluated <= 3, "{s:?}");
    let row = doc.node(doc.root()).children[7];
    assert_eq!(doc.node(row).attr("class"), Some("row done"));
}

#[test]
fn for_length_change_adds_and_removes_items_in_place() {
    let (mut v, mut doc) = view(
        r#"<text>h</text><text wx:for="{{list}}">{{item}}</text><text>f</text>"#,
        json!({"list": ["a", "b"]}),
    );
    let s = patch(&mut v, &mut doc, "list[2]", json!("c"));
    assert_eq!(s.fragments_rebuilt, 1);
    assert_eq!(
        page(&doc),
        r#"page(text("h") text("a") text("b") text("c") text("f"))"#
    );
    patch(&mut v, &mut doc, "list", json!(["x"]));
    assert_eq!(page(&doc), r#"page(text("h") text("x") text("f"))"#);
    patch(&mut v, &mut doc, "list", json!([]));
    assert_eq!(page(&doc), r#"page(text("h") text("f"))"#);
    patch(&mut v, &mut doc, "list", json!(["p", "q"]));
    assert_eq!(
        page(&doc),
        r#"page(text("h") text("p") text("q") text("f"))"#
    );
    assert_eq!(v.binding_count(), 3);
}

#[test]
fn replacing_items_with_a_computed_list_rebuilds_without_leaks() {
    let (mut v, mut doc) = view(
        r#"<text wx:for="{{flag ? a : b}}">{{item}}</text>"#,
        json!({"flag": true, "a": [1, 2, 3], "b": [9]}),
    );
    let n0 = v.binding_count();
    patch(&mut v, &mut doc, "flag", json!(false));
    assert_eq!(page(&doc), r#"page(text("9"))"#);
    patch(&mut v, &mut doc, "flag", json!(true));
    assert_eq!(page(&doc), r#"page(text("1") text("2") text("3"))"#);
    assert_eq!(v.binding_count(), n0);
    // `b` is not read while `flag` is true.
    let s = patch(&mut v, &mut doc, "b", json!([5]));
    assert_eq!(s.bindings_reevaluated, 0);
}

#[test]
fn nested_fragment_inside_loop_updates_and_rebuilds() {
    let (mut v, mut doc) = view(
        r#"<view wx:for="{{list}}"><text wx:if="{{item.on}}">{{item.n}}</text></view><text>end</text>"#,
        json!({"list": [{"on": true, "n": 1}, {"on": false, "n": 2}]}),
    );
    assert_eq!(page(&doc), r#"page(view(text("1")) view text("end"))"#);
    patch(&mut v, &mut doc, "list[1].on", json!(true));
    patch(&mut v, &mut doc, "list[0].n", json!(10));
    assert_eq!(
        page(&doc),
        r#"page(view(text("10")) view(text("2")) text("end"))"#
    );
}

#[test]
fn if_inside_loop_body_group_keeps_order() {
    let (mut v, mut doc) = view(
        r#"<block wx:for="{{list}}"><text wx:if="{{item}}">y</text><text>|</text></block>"#,
        json!({"list": [false, false]}),
    );
    patch(&mut v, &mut doc, "list[1]", json!(true));
    assert_eq!(page(&doc), r#"page(text("|") text("y") text("|"))"#);
    patch(&mut v, &mut doc, "list[0]", json!(true));
    assert_eq!(
        page(&doc),
        r#"page(text("y") text("|") text("y") text("|"))"#
    );
}

#[test]
fn dataset_is_camel_cased_and_typed() {
    let (v, doc) = view(
        r#"<view data-item-id="{{id}}" data-Name="x" data-flag="{{true}}" data-mixed="a{{id}}"/>"#,
        json!({"id": 7}),
    );
    let n = doc.node(doc.root()).children[0];
    let ds = v.dataset(&doc, n);
    assert_eq!(ds.get("itemId"), Some(&json!(7)));
    assert_eq!(ds.get("name"), Some(&json!("x")));
    assert_eq!(ds.get("flag"), Some(&json!(true)));
    assert_eq!(ds.get("mixed"), Some(&json!("a7")));
}

#[test]
fn dataset_follows_patches() {
    let (mut v, mut doc) = view(r#"<view data-n="{{n}}"/>"#, json!({"n": 1}));
    patch(&mut v, &mut doc, "n", json!(2));
    let n = doc.node(doc.root()).children[0];
    assert_eq!(v.dataset(&doc, n).get("n"), Some(&json!(2)));
}

#[test]
fn handlers_static_and_dynamic() {
    let (mut v, mut doc) = view(
        r#"<view bindtap="onTap" catch:longpress="{{h}}"/>"#,
        json!({"h": "first"}),
    );
    let n = doc.node(doc.root()).children[0];
    assert_eq!(v.handler(n, "tap"), Some(("onTap".into(), false)));
    assert_eq!(v.handler(n, "longpress"), Some(("first".into(), true)));
    assert_eq!(v.handler(n, "touchstart"), None);
    patch(&mut v, &mut doc, "h", json!("second"));
    assert_eq!(v.handler(n, "longpress"), Some(("second".into(), true)));
}

#[test]
fn handlers_lists_every_kind_in_order() {
    let (v, doc) = view(
        r#"<view bindtap="a" capture-catch:tap="b" mut-bind:tap="c" bindtap2="x" catchtap="{{''}}"/>"#,
        json!({}),
    );
    let n = doc.node(doc.root()).children[0];
    let got: Vec<(&str, EventKind)> = v.handlers(n, "tap").collect();
    assert_eq!(
        got,
        [
            ("a", EventKind::Bind),
            ("b", EventKind::CaptureCatch),
            ("c", EventKind::MutBind)
        ]
    );
}

#[test]
fn marks_follow_patches() {
    let (mut v, mut doc) = view(r#"<view mark:n="{{n}}" mark:s="lit"/>"#, json!({"n": 1}));
    let n = doc.node(doc.root()).children[0];
    assert_eq!(
        v.marks(n),
        [("n".into(), json!(1)), ("s".into(), json!("lit"))]
    );
    patch(&mut v, &mut doc, "n", json!({"deep": true}));
    assert_eq!(v.marks(n)[0].1, json!({"deep": true}));
    assert!(doc.node(n).attrs.is_empty());
}

#[test]
fn unknown_tags_are_kept_and_warned_once() {
    let (v, doc) = view("<my-card/><my-card/><view/>", json!({}));
    assert_eq!(page(&doc), "page(my-card my-card view)");
    assert_eq!(v.warnings().len(), 1);
    assert!(v.warnings()[0].message.contains("my-card"));
}

#[test]
fn set_data_parses_keys() {
    let (mut v, mut doc) = view("<text>{{a.b}}</text>", json!({}));
    let m = json!({"a.b": "x"});
    let r = m.as_object().map(|m| v.set_data(&mut doc, m));
    assert!(matches!(r, Some(Ok(s)) if s.bindings_reevaluated == 1));
    assert_eq!(page(&doc), r#"page(text("x"))"#);
    let bad = json!({"a[": 1});
    assert!(bad
        .as_object()
        .is_some_and(|m| v.set_data(&mut doc, m).is_err()));
}

#[test]
fn computed_index_rebinds_when_the_index_changes() {
    let (mut v, mut doc) = view(
        "<text>{{list[i]}}</text>",
        json!({"list": ["a", "b"], "i": 0}),
    );
    patch(&mut v, &mut doc, "i", json!(1));
    assert_eq!(page(&doc), r#"page(text("b"))"#);
    let s = patch(&mut v, &mut doc, "list[0]", json!("z"));
    assert_eq!(s.bindings_reevaluated, 0, "now reads list[1], not list[0]");
    patch(&mut v, &mut doc, "list[1]", json!("y"));
    assert_eq!(page(&doc), r#"page(text("y"))"#);
}

#[test]
fn clear_removes_everything() {
    let (mut v, mut doc) = view(
        r#"<view wx:for="{{l}}">{{item}}</view>"#,
        json!({"l": [1, 2]}),
    );
    v.clear(&mut doc);
    assert_eq!(page(&doc), "page");
    assert_eq!(v.binding_count(), 0);
}

use crate::test_rng::Lcg;

fn random_item(rng: &mut Lcg) -> Value {
    let sub: Vec<Value> = (0..rng.below(3)).map(|i| json!(i + rng.below(9))).collect();
    json!({"t": format!("t{}", rng.below(100)), "on": rng.below(2) == 1, "sub": sub})
}

/// After any sequence of patches the page must equal a fresh instantiation of the
/// final data: patching is an optimisation, never a different result.
#[test]
fn random_patches_match_a_fresh_render() {
    let src = r#"<text>head {{n}}</text>
        <view wx:for="{{list}}" class="r {{item.on ? 'on' : ''}}" data-i="{{index}}">
          <text wx:if="{{item.on}}">{{item.t}}</text>
          <text wx:else>off {{index}}</text>
          <block wx:for="{{item.sub}}" wx:for-item="s"><text>{{s}}/{{n}}</text></block>
        </view>
        <view wx:if="{{flag}}"><text wx:for="{{flag ? list : []}}">{{item.t}}</text></view>
        <text>tail {{list.length}}</text>"#;
    let mut rng = Lcg(7);
    for round in 0..40 {
        let list: Vec<Value> = (0..rng.below(4)).map(|_| random_item(&mut rng)).collect();
        let (mut v, mut doc) = view(src, json!({"list": list, "n": 0, "flag": false}));
        for _ in 0..12 {
            let len = v
                .data()
                .get("list")
                .and_then(Value::as_array)
                .map_or(0, Vec::len) as u64;
            let i = rng.below(len + 1);
            let (key, val) = match rng.below(7) {
                0 => {
                    let l: Vec<Value> = (0..rng.below(5)).map(|_| random_item(&mut rng)).collect();
                    ("list".to_string(), json!(l))
                }
                1 => (format!("list[{i}]"), random_item(&mut rng)),
                2 => (format!("list[{i}].t"), json!(format!("x{}", rng.below(9)))),
                3 => (format!("list[{i}].on"), json!(rng.below(2) == 1)),
                4 => (format!("list[{i}].sub"), json!([rng.below(5), 1])),
                5 => ("flag".to_string(), json!(rng.below(2) == 1)),
                _ => ("n".to_string(), json!(rng.below(50))),
            };
            // Only index the list where setData would: within or just past the end.
            if key.starts_with("list[") && i > len {
                continue;
            }
            patch(&mut v, &mut doc, &key, val);
        }
        let (fresh, fresh_doc) = view(src, v.data().clone());
        assert_eq!(
            page(&doc),
            page(&fresh_doc),
            "round {round}, data {}",
            v.data()
        );
        assert_eq!(
            v.binding_count(),
            fresh.binding_count(),
            "round {round}: stale bindings"
        );
    }
}

/// Regression (fuzzing): nested loops over long strings built ~84,000 nodes from a 1 KB
/// template and took seconds; the view now stops at its node budget with one warning.
#[test]
fn nested_string_loops_stop_at_the_node_budget() {
    let s = "x".repeat(400);
    let src = format!(
        "<view wx:for=\"{{{{'{s}'}}}}\"><view wx:for=\"{{{{'{s}'}}}}\" wx:for-item=\"c\">{{{{c}}}}</view></view>"
    );
    let tpl = match crate::template::compile("budget.wxml", &src) {
        Ok(c) => std::sync::Arc::new(c.template),
        Err(e) => panic!("{e}"),
    };
    let mut doc = mica_layout::Document::new();
    let root = doc.root();
    let view = View::new(tpl, serde_json::json!({}), &mut doc, root);
    assert!(
        doc.len() <= crate::view::MAX_VIEW_NODES + 1,
        "{} nodes",
        doc.len()
    );
    let budget_warnings = view
        .warnings()
        .iter()
        .filter(|w| w.message.contains("exceeds"))
        .count();
    assert_eq!(budget_warnings, 1);
}

fn rows(n: usize) -> Value {
    let list: Vec<Value> = (0..n)
        .map(|i| json!({"id": format!("k{i}"), "title": format!("t{i}")}))
        .collect();
    json!({ "list": list })
}

/// The `view` rows of the page (in order) and their text.
fn row_ids(doc: &Document) -> Vec<NodeId> {
    doc.node(doc.root()).children.clone()
}

fn row_text(doc: &Document, n: NodeId) -> String {
    let t = doc.node(n).children[0];
    doc.node(t).text.clone()
}

const KEYED: &str = r#"<view wx:for="{{list}}" wx:key="id">{{item.title}}</view>"#;

#[test]
fn keyed_reverse_creates_no_nodes_and_keeps_ids() {
    let (mut v, mut doc) = view(KEYED, rows(1000));
    let before = row_ids(&doc);
    let mut list = rows(1000)["list"].as_array().cloned().unwrap_or_default();
    list.reverse();
    doc.take_stats();
    patch(&mut v, &mut doc, "list", Value::Array(list));
    assert_eq!(doc.take_stats().nodes_created, 0);
    let after = row_ids(&doc);
    let mut rev = before.clone();
    rev.reverse();
    assert_eq!(after, rev);
    assert_eq!(row_text(&doc, after[0]), "t999");
    assert_eq!(row_text(&doc, after[999]), "t0");
    // The moved row answers to its new path.
    patch(&mut v, &mut doc, "list[0].title", json!("X"));
    assert_eq!(row_text(&doc, before[999]), "X");
    assert_eq!(row_text(&doc, before[0]), "t0");
}

#[test]
fn keyed_move_one_row_moves_one_node() {
    let (mut v, mut doc) = view(KEYED, rows(1000));
    let before = row_ids(&doc);
    let mut list = rows(1000)["list"].as_array().cloned().unwrap_or_default();
    let moved = list.remove(10);
    list.insert(500, moved);
    doc.take_stats();
    patch(&mut v, &mut doc, "list", Value::Array(list));
    assert_eq!(doc.take_stats().nodes_created, 0);
    let after = row_ids(&doc);
    assert_eq!(after[500], before[10]);
    assert_eq!(after[10], before[11]);
    patch(&mut v, &mut doc, "list[500].title", json!("moved"));
    assert_eq!(row_text(&doc, before[10]), "moved");
    patch(&mut v, &mut doc, "list[10].title", json!("eleven"));
    assert_eq!(row_text(&doc, before[11]), "eleven");
}

#[test]
fn keyed_insert_at_front_creates_one_row() {
    let (mut v, mut doc) = view(KEYED, rows(100));
    let before = row_ids(&doc);
    let mut list = rows(100)["list"].as_array().cloned().unwrap_or_default();
    list.insert(0, json!({"id": "new", "title": "N"}));
    doc.take_stats();
    patch(&mut v, &mut doc, "list", Value::Array(list));
    // One `view` and its text.
    assert_eq!(doc.take_stats().nodes_created, 2);
    let after = row_ids(&doc);
    assert_eq!(after.len(), 101);
    assert_eq!(&after[1..], &before[..]);
    assert_eq!(row_text(&doc, after[0]), "N");
    patch(&mut v, &mut doc, "list[1].title", json!("first old"));
    assert_eq!(row_text(&doc, before[0]), "first old");
}

#[test]
fn keyed_removal_and_index_variable() {
    let (mut v, mut doc) = view(
        r#"<view wx:for="{{list}}" wx:key="*this">{{index}}:{{item}}</view><text>end</text>"#,
        json!({"list": ["a", "b", "c"]}),
    );
    let before = row_ids(&doc);
    patch(&mut v, &mut doc, "list", json!(["c", "a"]));
    let after = row_ids(&doc);
    assert_eq!(after[0], before[2]);
    assert_eq!(after[1], before[0]);
    assert_eq!(page(&doc), r#"page(view("0:c") view("1:a") text("end"))"#);
}

#[test]
fn keyed_nested_loop_moves_with_its_row() {
    let (mut v, mut doc) = view(
        r#"<view wx:for="{{list}}" wx:key="id"><text wx:for="{{item.tags}}" wx:for-item="t">{{t}}</text></view>"#,
        json!({"list": [{"id": 1, "tags": ["a", "b"]}, {"id": 2, "tags": ["c"]}]}),
    );
    doc.take_stats();
    patch(
        &mut v,
        &mut doc,
        "list",
        json!([{"id": 2, "tags": ["c"]}, {"id": 1, "tags": ["a", "b"]}]),
    );
    assert_eq!(doc.take_stats().nodes_created, 0);
    patch(&mut v, &mut doc, "list[1].tags[1]", json!("B"));
    assert_eq!(
        page(&doc),
        r#"page(view(text("c")) view(text("a") text("B")))"#
    );
}

#[test]
fn duplicate_keys_fall_back_to_index_with_one_warning() {
    let (mut v, mut doc) = view(
        KEYED,
        json!({"list": [{"id": 1, "title": "a"}, {"id": 1, "title": "b"}]}),
    );
    assert_eq!(v.warnings().len(), 1);
    patch(
        &mut v,
        &mut doc,
        "list",
        json!([{"id": 1, "title": "x"}, {"id": 1, "title": "y"}, {"title": "z"}]),
    );
    assert_eq!(v.warnings().len(), 1);
    assert_eq!(page(&doc), r#"page(view("x") view("y") view("z"))"#);
}

#[test]
fn unkeyed_list_stays_positional() {
    let (mut v, mut doc) = view(r#"<view wx:for="{{list}}">{{item.title}}</view>"#, rows(3));
    let before = row_ids(&doc);
    let mut list = rows(3)["list"].as_array().cloned().unwrap_or_default();
    list.reverse();
    doc.take_stats();
    patch(&mut v, &mut doc, "list", Value::Array(list));
    assert_eq!(doc.take_stats().nodes_created, 0);
    assert_eq!(row_ids(&doc), before);
    assert_eq!(row_text(&doc, before[0]), "t2");
}

const TEMPLATES: &str = r#"<template name="row"><view class="row">{{title}}:{{idx}}{{secret}}</view></template>
<template name="other"><text>other {{title}}</text></template>"#;

#[test]
fn template_use_sees_only_its_data() {
    let src = format!(r#"{TEMPLATES}<template is="row" data="{{{{...item, idx: 7}}}}"/>"#);
    let (_, doc) = view(
        &src,
        json!({"item": {"title": "T"}, "secret": "S", "idx": 1}),
    );
    assert_eq!(page(&doc), r#"page(view[class=row]("T:7"))"#);
}

#[test]
fn template_in_loop_follows_item_patches() {
    let src = format!(
        r#"{TEMPLATES}<block wx:for="{{{{list}}}}"><template is="row" data="{{{{...item, idx: index}}}}"/></block>"#
    );
    let (mut v, mut doc) = view(&src, rows(3));
    assert_eq!(
        page(&doc),
        r#"page(view[class=row]("t0:0") view[class=row]("t1:1") view[class=row]("t2:2"))"#
    );
    let s = patch(&mut v, &mut doc, "list[1].title", json!("X"));
    assert_eq!(s.fragments_rebuilt, 1);
    assert_eq!(
        page(&doc),
        r#"page(view[class=row]("t0:0") view[class=row]("X:1") view[class=row]("t2:2"))"#
    );
    // Unrelated data does not touch the instances.
    let s = patch(&mut v, &mut doc, "other", json!(1));
    assert_eq!(s.bindings_reevaluated, 0);
}

#[test]
fn dynamic_template_name_reinstantiates() {
    let src = format!(
        r#"{TEMPLATES}<template is="{{{{which}}}}" data="{{{{title}}}}"/><text>end</text>"#
    );
    let (mut v, mut doc) = view(&src, json!({"which": "row", "title": "a"}));
    assert_eq!(page(&doc), r#"page(view[class=row]("a:") text("end"))"#);
    patch(&mut v, &mut doc, "which", json!("other"));
    assert_eq!(page(&doc), r#"page(text("other a") text("end"))"#);
    patch(&mut v, &mut doc, "which", json!("missing"));
    assert_eq!(page(&doc), r#"page(text("end"))"#);
    assert_eq!(v.warnings().len(), 1);
}

#[test]
fn recursive_template_stops() {
    let (v, _doc) = view(
        r#"<template name="r"><view><template is="r"/></view></template><template is="r"/>"#,
        json!({}),
    );
    assert!(v.warnings().iter().any(|w| w.message.contains("deeper")));
}

#[test]
fn imported_template_instantiates_through_loader() {
    use crate::template::{compile_with, TemplateLoader};
    struct One;
    impl TemplateLoader for One {
        fn load(&self, path: &str) -> Option<String> {
            (path == "common/item.wxml")
                .then(|| r#"<template name="item"><text>{{n}}</text></template>"#.to_string())
        }
    }
    let c = compile_with(
        "pages/p.wxml",
        r#"<import src="../common/item"/><template is="item" data="{{n: count}}"/>"#,
        &One,
    );
    let t = c.map(|c| c.template).unwrap_or_else(|e| panic!("{e}"));
    let mut doc = Document::new();
    let root = doc.root();
    let mut v = View::new(Arc::new(t), json!({"count": 2}), &mut doc, root);
    assert_eq!(page(&doc), r#"page(text("2"))"#);
    patch(&mut v, &mut doc, "count", json!(3));
    assert_eq!(page(&doc), r#"page(text("3"))"#);
}

#[test]
fn keyed_template_rows_move_without_rebuilding() {
    let src = r#"<template name="row"><text>{{title}}</text></template><view wx:for="{{list}}" wx:key="id"><template is="row" data="{{...item}}"/></view>"#;
    let (mut v, mut doc) = view(src, rows(50));
    let bindings = v.binding_count();
    let before = row_ids(&doc);
    let mut list = rows(50)["list"].as_array().cloned().unwrap_or_default();
    list.swap(0, 49);
    doc.take_stats();
    let s = patch(&mut v, &mut doc, "list", Value::Array(list));
    assert_eq!(doc.take_stats().nodes_created, 0, "{s:?}");
    assert_eq!(v.binding_count(), bindings);
    let after = row_ids(&doc);
    assert_eq!((after[0], after[49]), (before[49], before[0]));
    // The moved row's template follows its new path.
    patch(&mut v, &mut doc, "list[0].title", json!("first"));
    let t = doc.node(before[49]).children[0];
    assert_eq!(row_text(&doc, t), "first");
}

#[test]
fn a_field_edit_inside_a_row_does_not_revisit_the_loop() {
    let rows: Vec<Value> = (0..1000)
        .map(|i| json!({"id": format!("k{i}"), "title": format!("t{i}")}))
        .collect();
    let src = r#"<view wx:for="{{list}}" wx:key="id" id="r{{index}}">{{item.title}}</view>"#;
    let (mut v, mut doc) = view(src, json!({ "list": rows }));
    // One text binding; the loop's shape (path, length, keys) cannot have changed.
    let st = patch(&mut v, &mut doc, "list[500].title", json!("x"));
    assert_eq!(st.bindings_reevaluated, 1);
    assert_eq!(st.fragments_rebuilt, 0);
    // Editing the key field must reach the loop: the row is rebuilt under its new key.
    let st = patch(&mut v, &mut doc, "list[500].id", json!("new"));
    assert!(
        st.bindings_reevaluated >= 1 && st.fragments_rebuilt == 1,
        "{st:?}"
    );
    // Writing one past the end grows the list: the loop must see it.
    let st = patch(
        &mut v,
        &mut doc,
        "list[1000]",
        json!({"id": "k1000", "title": "last"}),
    );
    assert_eq!(st.fragments_rebuilt, 1, "{st:?}");
    let end = page(&doc);
    assert!(
        end.ends_with(r#"view[id=r1000]("last"))"#),
        "{}",
        end.get(end.len().saturating_sub(80)..).unwrap_or("")
    );
    // A nested field of a row (past the key) is also only the row's business.
    let st = patch(&mut v, &mut doc, "list[3].title", json!("y"));
    assert_eq!((st.bindings_reevaluated, st.fragments_rebuilt), (1, 0));
}
