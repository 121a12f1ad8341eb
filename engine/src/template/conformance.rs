//! Conformance cases: template + data (+ an optional `setData`) → the rendered tree,
//! written from WeChat's documented WXML semantics (data binding, list rendering,
//! conditional rendering, templates, references, events, dataset).
//!
//! The tree is written compactly: `tag#id.class1.class2{attr=v}$dataset@tap=h!tap=h`
//! then the children in `[...]` separated by spaces; an element whose only child is a
//! text node is written `tag"text"`, a bare text node `"text"`.

use std::collections::HashMap;
use std::sync::Arc;

use mica_layout::{Document, NodeId};
use serde_json::{Map, Value};

use super::{compile_with, TemplateLoader};
use crate::view::View;

/// Library files every case may import or include.
struct Lib(HashMap<&'static str, &'static str>);

fn lib() -> Lib {
    Lib(HashMap::from([
        (
            "lib/item.wxml",
            r#"<template name="item"><text>{{text}}</text></template><template name="pair"><view>{{a}}-{{b}}</view></template>"#,
        ),
        (
            "lib/b.wxml",
            r#"<import src="item"/><template name="B"><view class="b"><template is="item" data="{{text: t}}"/></view></template>"#,
        ),
        (
            "common/header.wxml",
            r#"<view id="header">{{title}}</view>"#,
        ),
        (
            "common/defs.wxml",
            r#"<template name="hidden"><text>x</text></template><wxs module="m">module.exports={}</wxs><text>shown</text>"#,
        ),
        (
            "common/footer.wxml",
            r#"<include src="./header"/><view id="footer"/>"#,
        ),
    ]))
}

impl TemplateLoader for Lib {
    fn load(&self, path: &str) -> Option<String> {
        self.0.get(path).map(|s| s.to_string())
    }
}

const EVENTS: &[&str] = &["tap", "longpress", "input", "change", "touchstart"];

fn dump(view: &View, doc: &Document, n: NodeId) -> String {
    let node = doc.node(n);
    if !node.is_element() {
        return format!("{:?}", node.text);
    }
    let mut s = node.tag.clone();
    if let Some(id) = node.attr("id") {
        s += &format!("#{id}");
    }
    for c in node.attr("class").unwrap_or("").split_whitespace() {
        s += &format!(".{c}");
    }
    let other: Vec<String> = node
        .attrs
        .iter()
        .filter(|(k, _)| k.as_str() != "id" && k.as_str() != "class" && !k.starts_with("data-"))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if !other.is_empty() {
        s += &format!("{{{}}}", other.join(","));
    }
    let ds = view.dataset(doc, n);
    if !ds.is_empty() {
        s += &format!("${}", Value::Object(ds));
    }
    for ev in EVENTS {
        if let Some((h, catch)) = view.handler(n, ev) {
            s += &format!("{}{ev}={h}", if catch { "!" } else { "@" });
        }
    }
    match node.children.as_slice() {
        [] => {}
        [one] if !doc.node(*one).is_element() => s += &format!("{:?}", doc.node(*one).text),
        kids => {
            let k: Vec<String> = kids.iter().map(|c| dump(view, doc, *c)).collect();
            s += &format!("[{}]", k.join(" "));
        }
    }
    s
}

fn page(view: &View, doc: &Document) -> String {
    let kids: Vec<String> = doc
        .node(doc.root())
        .children
        .iter()
        .map(|c| dump(view, doc, *c))
        .collect();
    kids.join(" ")
}

/// Renders `tpl` with `data`, then applies `patch` (a `setData` object, or "").
fn run(tpl: &str, data: &str, patch: &str) -> Result<(String, String), String> {
    let c = compile_with("pages/p.wxml", tpl, &lib()).map_err(|e| e.to_string())?;
    let data: Value = serde_json::from_str(data).map_err(|e| format!("data: {e}"))?;
    let mut doc = Document::new();
    let root = doc.root();
    let mut view = View::new(Arc::new(c.template), data, &mut doc, root);
    let first = page(&view, &doc);
    if patch.is_empty() {
        return Ok((first, String::new()));
    }
    let p: Map<String, Value> = serde_json::from_str(patch).map_err(|e| format!("patch: {e}"))?;
    view.set_data(&mut doc, &p).map_err(|e| e.to_string())?;
    Ok((first, page(&view, &doc)))
}

/// `(name, template, data, expected, setData, expected after it)`.
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const CASES: &[Case] = &[
    // --- data binding and interpolation
    (
        "text",
        r#"<view>{{a}}</view>"#,
        r#"{"a":"x"}"#,
        r#"view"x""#,
        "",
        "",
    ),
    (
        "mixed",
        r#"<view>a{{b}}c{{d}}</view>"#,
        r#"{"b":1,"d":true}"#,
        r#"view"a1ctrue""#,
        "",
        "",
    ),
    (
        "missing renders empty",
        r#"<view>[{{nope}}]</view>"#,
        "{}",
        r#"view"[]""#,
        "",
        "",
    ),
    (
        "null renders empty",
        r#"<view>[{{n}}]</view>"#,
        r#"{"n":null}"#,
        r#"view"[]""#,
        "",
        "",
    ),
    (
        "arithmetic",
        r#"<view>{{a + b}} {{a * 2}} {{b - a}}</view>"#,
        r#"{"a":2,"b":5}"#,
        r#"view"7 4 3""#,
        "",
        "",
    ),
    (
        "string concat",
        r#"<view>{{a + b}}</view>"#,
        r#"{"a":"1","b":2}"#,
        r#"view"12""#,
        "",
        "",
    ),
    (
        "ternary",
        r#"<view>{{ok ? 'y' : 'n'}}</view>"#,
        r#"{"ok":0}"#,
        r#"view"n""#,
        "",
        "",
    ),
    (
        "logic",
        r#"<view>{{a && b}}|{{a || b}}|{{!a}}</view>"#,
        r#"{"a":"","b":"B"}"#,
        r#"view"|B|true""#,
        "",
        "",
    ),
    (
        "comparison in text",
        r#"<view>{{a < b}}</view>"#,
        r#"{"a":1,"b":2}"#,
        r#"view"true""#,
        "",
        "",
    ),
    (
        "member and index",
        r#"<view>{{o.k}}{{arr[1]}}{{o['k']}}</view>"#,
        r#"{"o":{"k":"K"},"arr":[1,2]}"#,
        r#"view"K2K""#,
        "",
        "",
    ),
    (
        "array literal join",
        r#"<view>{{[1, 2, a]}}</view>"#,
        r#"{"a":3}"#,
        r#"view"1,2,3""#,
        "",
        "",
    ),
    (
        "object stringifies",
        r#"<view>{{o}}</view>"#,
        r#"{"o":{}}"#,
        r#"view"[object Object]""#,
        "",
        "",
    ),
    (
        "float formatting",
        r#"<view>{{0.1 + 0.2}}</view>"#,
        "{}",
        r#"view"0.30000000000000004""#,
        "",
        "",
    ),
    (
        "string literal",
        r#"<view>{{"a" + 'b'}}</view>"#,
        "{}",
        r#"view"ab""#,
        "",
        "",
    ),
    (
        "attr interpolation",
        r#"<view id="i{{n}}" class="c {{k}}"/>"#,
        r#"{"n":3,"k":"on"}"#,
        "view#i3.c.on",
        "",
        "",
    ),
    (
        "attr true/false",
        r#"<view hidden="{{h}}"/><view hidden="{{!h}}"/>"#,
        r#"{"h":false}"#,
        "view view{hidden=true}",
        "",
        "",
    ),
    (
        "valueless boolean attr",
        r#"<input disabled/>"#,
        "{}",
        "input{disabled=true}",
        "",
        "",
    ),
    (
        "static attr",
        r#"<image src="a.png" mode="aspectFit"/>"#,
        "{}",
        "image{mode=aspectFit,src=a.png}",
        "",
        "",
    ),
    (
        "patch text",
        r#"<view>{{a}}</view>"#,
        r#"{"a":1}"#,
        r#"view"1""#,
        r#"{"a":2}"#,
        r#"view"2""#,
    ),
    (
        "patch nested path",
        r#"<view>{{o.x.y}}</view>"#,
        r#"{"o":{"x":{"y":1}}}"#,
        r#"view"1""#,
        r#"{"o.x.y":5}"#,
        r#"view"5""#,
    ),
    (
        "patch creates path",
        r#"<view>{{o.n}}</view>"#,
        "{}",
        r#"view"""#,
        r#"{"o.n":"new"}"#,
        r#"view"new""#,
    ),
    (
        "patch attr",
        r#"<view class="{{c}}"/>"#,
        r#"{"c":"a"}"#,
        "view.a",
        r#"{"c":"b c"}"#,
        "view.b.c",
    ),
    // --- entities
    (
        "entities in text",
        r#"<view>&lt;a&gt; &amp; &quot;q&quot;</view>"#,
        "{}",
        r#"view"<a> & \"q\"""#,
        "",
        "",
    ),
    (
        "numeric entities",
        r#"<view>&#65;&#x42;</view>"#,
        "{}",
        r#"view"AB""#,
        "",
        "",
    ),
    (
        "entity in attr",
        r#"<view id="a&amp;b"/>"#,
        "{}",
        "view#a&b",
        "",
        "",
    ),
    (
        "unknown entity kept",
        r#"<view>&foo;</view>"#,
        "{}",
        r#"view"&foo;""#,
        "",
        "",
    ),
    (
        "nbsp",
        r#"<view>a&nbsp;b</view>"#,
        "{}",
        r#"view"a\u{a0}b""#,
        "",
        "",
    ),
    (
        "comment ignored",
        r#"<view><!-- c --><text>t</text></view>"#,
        "{}",
        r#"view[text"t"]"#,
        "",
        "",
    ),
    // --- wx:if / wx:elif / wx:else
    (
        "if true",
        r#"<view wx:if="{{a}}">A</view>"#,
        r#"{"a":1}"#,
        r#"view"A""#,
        "",
        "",
    ),
    (
        "if false",
        r#"<view wx:if="{{a}}">A</view>"#,
        r#"{"a":0}"#,
        "",
        "",
        "",
    ),
    (
        "elif",
        r#"<view wx:if="{{n > 1}}">big</view><view wx:elif="{{n == 1}}">one</view><view wx:else>zero</view>"#,
        r#"{"n":1}"#,
        r#"view"one""#,
        "",
        "",
    ),
    (
        "else",
        r#"<view wx:if="{{n > 1}}">big</view><view wx:elif="{{n == 1}}">one</view><view wx:else>zero</view>"#,
        r#"{"n":0}"#,
        r#"view"zero""#,
        "",
        "",
    ),
    (
        "if switches on patch",
        r#"<text wx:if="{{a}}">A</text><text wx:else>B</text><text>end</text>"#,
        r#"{"a":true}"#,
        r#"text"A" text"end""#,
        r#"{"a":false}"#,
        r#"text"B" text"end""#,
    ),
    (
        "if on missing data",
        r#"<view wx:if="{{x.y}}">A</view><view wx:else>B</view>"#,
        "{}",
        r#"view"B""#,
        "",
        "",
    ),
    (
        "if empty string falsy",
        r#"<view wx:if="{{s}}">A</view>"#,
        r#"{"s":""}"#,
        "",
        "",
        "",
    ),
    (
        "if empty array truthy",
        r#"<view wx:if="{{a}}">A</view>"#,
        r#"{"a":[]}"#,
        r#"view"A""#,
        "",
        "",
    ),
    (
        "if string literal truthy",
        r#"<view wx:if="false">A</view>"#,
        "{}",
        r#"view"A""#,
        "",
        "",
    ),
    (
        "nested if",
        r#"<view wx:if="{{a}}"><text wx:if="{{b}}">B</text></view>"#,
        r#"{"a":1,"b":0}"#,
        "view",
        r#"{"b":1}"#,
        r#"view[text"B"]"#,
    ),
    (
        "hidden keeps node",
        r#"<view hidden="{{h}}">x</view>"#,
        r#"{"h":true}"#,
        r#"view{hidden=true}"x""#,
        r#"{"h":false}"#,
        r#"view"x""#,
    ),
    // --- block
    (
        "block groups",
        r#"<block><view>a</view><view>b</view></block>"#,
        "{}",
        r#"view"a" view"b""#,
        "",
        "",
    ),
    (
        "block if",
        r#"<block wx:if="{{ok}}"><text>1</text><text>2</text></block>"#,
        r#"{"ok":1}"#,
        r#"text"1" text"2""#,
        "",
        "",
    ),
    (
        "block for",
        r#"<block wx:for="{{l}}"><text>{{item}}</text><text>-</text></block>"#,
        r#"{"l":["a","b"]}"#,
        r#"text"a" text"-" text"b" text"-""#,
        "",
        "",
    ),
    (
        "block renders no element",
        r#"<view><block>x</block></view>"#,
        "{}",
        r#"view"x""#,
        "",
        "",
    ),
    // --- wx:for
    (
        "for array",
        r#"<view wx:for="{{l}}">{{index}}:{{item}}</view>"#,
        r#"{"l":["a","b"]}"#,
        r#"view"0:a" view"1:b""#,
        "",
        "",
    ),
    (
        "for renamed",
        r#"<view wx:for="{{l}}" wx:for-item="x" wx:for-index="i">{{i}}{{x.n}}</view>"#,
        r#"{"l":[{"n":"a"}]}"#,
        r#"view"0a""#,
        "",
        "",
    ),
    (
        "for object",
        r#"<view wx:for="{{o}}">{{index}}={{item}}</view>"#,
        r#"{"o":{"a":1,"b":2}}"#,
        r#"view"a=1" view"b=2""#,
        "",
        "",
    ),
    (
        "for number",
        r#"<text wx:for="{{3}}">{{item}}</text>"#,
        "{}",
        r#"text"0" text"1" text"2""#,
        "",
        "",
    ),
    (
        "for string",
        r#"<text wx:for="ab">{{item}}</text>"#,
        "{}",
        r#"text"a" text"b""#,
        "",
        "",
    ),
    (
        "for literal array",
        r#"<text wx:for="{{[1, 2]}}">{{item}}</text>"#,
        "{}",
        r#"text"1" text"2""#,
        "",
        "",
    ),
    (
        "for missing list",
        r#"<text wx:for="{{nope}}">x</text><text>end</text>"#,
        "{}",
        r#"text"end""#,
        "",
        "",
    ),
    (
        "for nested",
        r#"<view wx:for="{{rows}}" wx:for-item="r"><text wx:for="{{r}}">{{item}}</text></view>"#,
        r#"{"rows":[[1,2],[3]]}"#,
        r#"view[text"1" text"2"] view[text"3"]"#,
        "",
        "",
    ),
    (
        "for shadows data",
        r#"<text wx:for="{{l}}">{{item}}</text><text>{{item}}</text>"#,
        r#"{"l":[1],"item":"top"}"#,
        r#"text"1" text"top""#,
        "",
        "",
    ),
    (
        "for with if per item",
        r#"<text wx:for="{{l}}" wx:if="{{item > 1}}">{{item}}</text>"#,
        r#"{"l":[1,2,3]}"#,
        r#"text"2" text"3""#,
        "",
        "",
    ),
    (
        "for grows",
        r#"<text wx:for="{{l}}">{{item}}</text>"#,
        r#"{"l":[1]}"#,
        r#"text"1""#,
        r#"{"l":[1,2,3]}"#,
        r#"text"1" text"2" text"3""#,
    ),
    (
        "for shrinks",
        r#"<text wx:for="{{l}}">{{item}}</text><text>end</text>"#,
        r#"{"l":[1,2]}"#,
        r#"text"1" text"2" text"end""#,
        r#"{"l":[]}"#,
        r#"text"end""#,
    ),
    (
        "for item patch",
        r#"<text wx:for="{{l}}">{{item.t}}</text>"#,
        r#"{"l":[{"t":"a"},{"t":"b"}]}"#,
        r#"text"a" text"b""#,
        r#"{"l[1].t":"B"}"#,
        r#"text"a" text"B""#,
    ),
    (
        "for items keep order before sibling",
        r#"<view><text wx:for="{{l}}">{{item}}</text><text>end</text></view>"#,
        r#"{"l":[1]}"#,
        r#"view[text"1" text"end"]"#,
        r#"{"l":[1,2]}"#,
        r#"view[text"1" text"2" text"end"]"#,
    ),
    // --- wx:key
    (
        "key prop reorder",
        r#"<text wx:for="{{l}}" wx:key="id">{{item.id}}</text>"#,
        r#"{"l":[{"id":1},{"id":2},{"id":3}]}"#,
        r#"text"1" text"2" text"3""#,
        r#"{"l":[{"id":3},{"id":1},{"id":2}]}"#,
        r#"text"3" text"1" text"2""#,
    ),
    (
        "key this",
        r#"<text wx:for="{{l}}" wx:key="*this">{{index}}{{item}}</text>"#,
        r#"{"l":["a","b"]}"#,
        r#"text"0a" text"1b""#,
        r#"{"l":["b","c","a"]}"#,
        r#"text"0b" text"1c" text"2a""#,
    ),
    (
        "key remove middle",
        r#"<text wx:for="{{l}}" wx:key="*this">{{item}}</text><text>end</text>"#,
        r#"{"l":[1,2,3]}"#,
        r#"text"1" text"2" text"3" text"end""#,
        r#"{"l":[1,3]}"#,
        r#"text"1" text"3" text"end""#,
    ),
    (
        "key content changes",
        r#"<text wx:for="{{l}}" wx:key="id">{{item.t}}</text>"#,
        r#"{"l":[{"id":1,"t":"a"},{"id":2,"t":"b"}]}"#,
        r#"text"a" text"b""#,
        r#"{"l":[{"id":2,"t":"B"},{"id":1,"t":"A"}]}"#,
        r#"text"B" text"A""#,
    ),
    (
        "key in block",
        r#"<block wx:for="{{l}}" wx:key="*this"><text>{{item}}</text><text>.</text></block>"#,
        r#"{"l":["a","b"]}"#,
        r#"text"a" text"." text"b" text".""#,
        r#"{"l":["b","a"]}"#,
        r#"text"b" text"." text"a" text".""#,
    ),
    (
        "key duplicate falls back",
        r#"<text wx:for="{{l}}" wx:key="*this">{{item}}</text>"#,
        r#"{"l":[1,1]}"#,
        r#"text"1" text"1""#,
        r#"{"l":[1,1,2]}"#,
        r#"text"1" text"1" text"2""#,
    ),
    (
        "key inside if",
        r#"<view wx:if="{{on}}"><text wx:for="{{l}}" wx:key="*this">{{item}}</text></view>"#,
        r#"{"on":true,"l":[1,2]}"#,
        r#"view[text"1" text"2"]"#,
        r#"{"l":[2,1]}"#,
        r#"view[text"2" text"1"]"#,
    ),
    // --- events and dataset
    (
        "bindtap",
        r#"<view bindtap="onTap"/>"#,
        "{}",
        "view@tap=onTap",
        "",
        "",
    ),
    (
        "bind colon",
        r#"<view bind:tap="onTap"/>"#,
        "{}",
        "view@tap=onTap",
        "",
        "",
    ),
    (
        "catchtap",
        r#"<view catchtap="stop"/>"#,
        "{}",
        "view!tap=stop",
        "",
        "",
    ),
    (
        "catch colon",
        r#"<view catch:longpress="h"/>"#,
        "{}",
        "view!longpress=h",
        "",
        "",
    ),
    (
        "dynamic handler",
        r#"<view bindtap="{{h}}"/>"#,
        r#"{"h":"a"}"#,
        "view@tap=a",
        r#"{"h":"b"}"#,
        "view@tap=b",
    ),
    (
        "handler trimmed",
        r#"<view bindtap=" go "/>"#,
        "{}",
        "view@tap=go",
        "",
        "",
    ),
    (
        "capture-bind",
        r#"<view capture-bind:touchstart="c"/>"#,
        "{}",
        "view@touchstart=c",
        "",
        "",
    ),
    (
        "dataset camel",
        r#"<view data-item-id="7"/>"#,
        "{}",
        r#"view${"itemId":"7"}"#,
        "",
        "",
    ),
    (
        "dataset lowercases",
        r#"<view data-itemId="7"/>"#,
        "{}",
        r#"view${"itemid":"7"}"#,
        "",
        "",
    ),
    (
        "dataset typed",
        r#"<view data-n="{{3}}" data-o="{{o}}"/>"#,
        r#"{"o":{"a":1}}"#,
        r#"view${"n":3,"o":{"a":1}}"#,
        "",
        "",
    ),
    (
        "dataset patched",
        r#"<view data-v="{{v}}"/>"#,
        r#"{"v":1}"#,
        r#"view${"v":1}"#,
        r#"{"v":2}"#,
        r#"view${"v":2}"#,
    ),
    (
        "dataset in loop",
        r#"<view wx:for="{{l}}" data-i="{{index}}" bindtap="t"/>"#,
        r#"{"l":[0,0]}"#,
        r#"view${"i":0}@tap=t view${"i":1}@tap=t"#,
        "",
        "",
    ),
    // --- templates
    (
        "template local",
        r#"<template name="t"><text>{{x}}</text></template><template is="t" data="{{x: 1}}"/>"#,
        "{}",
        r#"text"1""#,
        "",
        "",
    ),
    (
        "template definition renders nothing",
        r#"<template name="t"><text>x</text></template><view/>"#,
        "{}",
        "view",
        "",
        "",
    ),
    (
        "template spread",
        r#"<template name="t"><text>{{a}}{{b}}</text></template><template is="t" data="{{...o}}"/>"#,
        r#"{"o":{"a":1,"b":2}}"#,
        r#"text"12""#,
        "",
        "",
    ),
    (
        "template shorthand",
        r#"<template name="t"><text>{{x}}</text></template><template is="t" data="{{x}}"/>"#,
        r#"{"x":"X"}"#,
        r#"text"X""#,
        "",
        "",
    ),
    (
        "template no page data",
        r#"<template name="t"><text>[{{x}}]</text></template><template is="t"/>"#,
        r#"{"x":"X"}"#,
        r#"text"[]""#,
        "",
        "",
    ),
    (
        "template no loop vars",
        r#"<template name="t"><text>[{{item}}]</text></template><block wx:for="{{[1]}}"><template is="t"/></block>"#,
        "{}",
        r#"text"[]""#,
        "",
        "",
    ),
    (
        "template dynamic is",
        r#"<template name="a"><text>A</text></template><template name="b"><text>B</text></template><template is="{{w}}"/>"#,
        r#"{"w":"a"}"#,
        r#"text"A""#,
        r#"{"w":"b"}"#,
        r#"text"B""#,
    ),
    (
        "template is expression",
        r#"<template name="odd"><text>o</text></template><template name="even"><text>e</text></template><template wx:for="{{3}}" is="{{item % 2 == 0 ? 'even' : 'odd'}}"/>"#,
        "{}",
        r#"text"e" text"o" text"e""#,
        "",
        "",
    ),
    (
        "template data patch",
        r#"<template name="t"><text>{{v}}</text></template><template is="t" data="{{v: n}}"/>"#,
        r#"{"n":1}"#,
        r#"text"1""#,
        r#"{"n":2}"#,
        r#"text"2""#,
    ),
    (
        "template unknown",
        r#"<template is="nope"/><text>end</text>"#,
        "{}",
        r#"text"end""#,
        "",
        "",
    ),
    (
        "template with loop inside",
        r#"<template name="t"><text wx:for="{{l}}">{{item}}</text></template><template is="t" data="{{l}}"/>"#,
        r#"{"l":[1,2]}"#,
        r#"text"1" text"2""#,
        r#"{"l":[3]}"#,
        r#"text"3""#,
    ),
    (
        "template with if",
        r#"<template name="t"><text wx:if="{{on}}">on</text><text wx:else>off</text></template><template is="t" data="{{on}}"/>"#,
        r#"{"on":false}"#,
        r#"text"off""#,
        r#"{"on":true}"#,
        r#"text"on""#,
    ),
    (
        "template uses template",
        r#"<template name="inner"><text>{{v}}</text></template><template name="outer"><view><template is="inner" data="{{v}}"/></view></template><template is="outer" data="{{v: 5}}"/>"#,
        "{}",
        r#"view[text"5"]"#,
        "",
        "",
    ),
    (
        "template events",
        r#"<template name="t"><view bindtap="{{h}}"/></template><template is="t" data="{{h: 'go'}}"/>"#,
        "{}",
        "view@tap=go",
        "",
        "",
    ),
    // --- import / include
    (
        "import",
        r#"<import src="/lib/item"/><template is="item" data="{{text: 'hi'}}"/>"#,
        "{}",
        r#"text"hi""#,
        "",
        "",
    ),
    (
        "import relative",
        r#"<import src="../lib/item.wxml"/><template is="pair" data="{{a: 1, b: 2}}"/>"#,
        "{}",
        r#"view"1-2""#,
        "",
        "",
    ),
    (
        "import position free",
        r#"<template is="item" data="{{text: 1}}"/><import src="/lib/item"/>"#,
        "{}",
        r#"text"1""#,
        "",
        "",
    ),
    (
        "import not transitive",
        r#"<import src="/lib/b"/><template is="item" data="{{text: 1}}"/><text>end</text>"#,
        "{}",
        r#"text"end""#,
        "",
        "",
    ),
    (
        "imported template uses its import",
        r#"<import src="/lib/b"/><template is="B" data="{{t: 'x'}}"/>"#,
        "{}",
        r#"view.b[text"x"]"#,
        "",
        "",
    ),
    (
        "include",
        r#"<include src="/common/header"/><view>body</view>"#,
        r#"{"title":"T"}"#,
        r#"view#header"T" view"body""#,
        "",
        "",
    ),
    (
        "include sees page data",
        r#"<include src="/common/header"/>"#,
        r#"{"title":"a"}"#,
        r#"view#header"a""#,
        r#"{"title":"b"}"#,
        r#"view#header"b""#,
    ),
    (
        "include drops template and wxs",
        r#"<include src="/common/defs"/><template is="hidden"/>"#,
        "{}",
        r#"text"shown""#,
        "",
        "",
    ),
    (
        "nested include",
        r#"<include src="/common/footer"/>"#,
        r#"{"title":"t"}"#,
        r#"view#header"t" view#footer"#,
        "",
        "",
    ),
    (
        "include in loop",
        r#"<block wx:for="{{l}}"><include src="/common/header"/></block>"#,
        r#"{"l":[1,2],"title":"x"}"#,
        r#"view#header"x" view#header"x""#,
        "",
        "",
    ),
];

#[test]
fn conformance_cases() {
    let mut failures = Vec::new();
    for (name, tpl, data, want, patch, after) in CASES {
        match run(tpl, data, patch) {
            Ok((got, got_after)) => {
                if got != *want {
                    failures.push(format!("{name}: render\n  want {want}\n  got  {got}"));
                }
                if !patch.is_empty() && got_after != *after {
                    failures.push(format!(
                        "{name}: after {patch}\n  want {after}\n  got  {got_after}"
                    ));
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// `(name, template, expected "line:col" and message fragment)`.
const ERRORS: &[(&str, &str, &str, &str)] = &[
    ("unclosed", "<view>\n  <text>", "2:3", "unclosed"),
    ("mismatched", "<view></text>", "1:7", "mismatched"),
    (
        "else without if",
        "<view/><view wx:else/>",
        "1:14",
        "wx:else",
    ),
    (
        "bad expression",
        "<view>{{a +}}</view>",
        "1:",
        "bad expression",
    ),
    (
        "unterminated mustache",
        "<view>{{a</view>",
        "1:",
        "unterminated",
    ),
    (
        "missing import",
        "<view/>\n<import src=\"/nope\"/>",
        "2:1",
        "cannot load `nope.wxml`",
    ),
    (
        "missing include",
        "<include src=\"x\"/>",
        "1:1",
        "cannot load `pages/x.wxml`",
    ),
    (
        "include escapes package",
        "<include src=\"../../../x\"/>",
        "1:1",
        "leaves the package",
    ),
    ("self include", "<include src=\"./p\"/>", "1:1", "cycle"),
];

#[test]
fn conformance_errors() {
    let mut failures = Vec::new();
    for (name, tpl, at, msg) in ERRORS {
        match compile_with("pages/p.wxml", tpl, &lib()) {
            Ok(_) => failures.push(format!("{name}: compiled")),
            Err(e) => {
                let pos = format!("{}:{}", e.line, e.col);
                if !pos.starts_with(at) || !e.message.contains(msg) {
                    failures.push(format!("{name}: want {at} `{msg}`, got {e}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn there_are_at_least_80_cases() {
    assert!(
        CASES.len() + ERRORS.len() >= 80,
        "{}",
        CASES.len() + ERRORS.len()
    );
}
