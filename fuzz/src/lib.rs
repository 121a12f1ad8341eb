//! The bodies of Mica's fuzz targets, one function per target, so the fuzzers
//! (`fuzz_targets/*.rs`) and the regression test that replays their inputs
//! (`engine/tests/it/fuzz_regressions.rs`, which includes this file by path) run exactly
//! the same code. Each function takes any string and must return without panicking.
#![forbid(unsafe_code)]

use std::sync::Arc;

use mica_engine::data::{self, Seg};
use mica_engine::template::{compile, parse_expr, LoopVar, Scope, VarValue};
use mica_engine::view::View;
use mica_layout::{restyle, Document, ParseOptions, StyleSet, Stylesheet};
use serde_json::{json, Value};

/// One fuzz target: its folder name under `seeds/` and `regressions/`, and its body.
pub type Target = (&'static str, fn(&str));

/// The fuzz targets.
pub const TARGETS: [Target; 4] = [
    ("template", template),
    ("expr", expr),
    ("stylesheet", stylesheet),
    ("data_path", data_path),
];

/// WXML → `Template` IR (`template::compile`), then instantiation of the IR into a
/// document (`View::new`) and one `setData` patch over it (`View::apply_patch`). The
/// compiler promises never to panic on any input; the view must not either.
pub fn template(src: &str) {
    let Ok(compiled) = compile("fuzz.wxml", src) else {
        return;
    };
    let mut doc = Document::new();
    let root = doc.root();
    let mut view = View::new(Arc::new(compiled.template), page_data(), &mut doc, root);
    let changes: Vec<_> = [
        ("items[1].name", json!("Patched")),
        ("items[3]", json!({ "id": 4, "name": "New", "tags": [] })),
        ("count", json!(7)),
        ("flag", json!(false)),
        ("obj.a.b", json!("deep")),
    ]
    .into_iter()
    .filter_map(|(k, v)| data::parse_path(k).ok().map(|p| (p, v)))
    .collect();
    view.apply_patch(&mut doc, &changes);
}

/// Page data shaped like a real page's: scalars, a list of objects, nested objects and
/// arrays, so `wx:for`, `wx:if` and member access all have something to walk.
fn page_data() -> Value {
    json!({
        "title": "Hello, Mica",
        "count": 3,
        "flag": true,
        "empty": "",
        "nothing": null,
        "n": [1, 2, 3],
        "items": [
            { "id": 1, "name": "Apple", "desc": "Fruit", "tags": ["a", "b"] },
            { "id": 2, "name": "Banana", "desc": "", "tags": [] },
            { "id": 3, "name": "Cherry", "desc": "Red", "tags": [{ "t": 1 }] }
        ],
        "obj": { "a": { "b": "c", "list": [[1, 2], [3]] }, "k": "v" },
        "matrix": [[1, 2], [3, 4]],
        "style": "color: red; width: 10px"
    })
}

/// One `{{ }}` expression body (`template::parse_expr`), evaluated with JavaScript
/// semantics over page data, with and without loop variables (`Scope::eval`), then
/// converted every way the view converts results.
pub fn expr(src: &str) {
    let Ok(expr) = parse_expr(src) else {
        return;
    };
    let data = json!({
        "a": 1, "b": 2.5, "s": "str", "z": 0, "neg": -3, "big": 1e300,
        "t": true, "f": false, "nul": null, "e": "",
        "arr": [1, "two", [3], { "four": 4 }],
        "obj": { "x": { "y": [10, 20] }, "k": "v", "0": "zero" },
        "items": [{ "id": 1, "name": "n1" }, { "id": 2, "name": "n2" }]
    });
    let vars = [
        LoopVar {
            name: "item".into(),
            value: VarValue::Path(vec![Seg::Key("items".into()), Seg::Index(1)]),
        },
        LoopVar {
            name: "index".into(),
            value: VarValue::Value(json!(1)),
        },
    ];
    for scope in [Scope::new(&data), Scope::new(&data).with_vars(&vars)] {
        let mut reads = Vec::new();
        let v = scope.eval(&expr, &mut reads);
        let _ = v.to_display();
        let _ = v.to_js_string();
        let _ = v.to_number();
        let _ = v.truthy();
        let _ = v.into_json();
    }
}

/// WXSS (`Stylesheet::parse`) and the cascade (`restyle`) over a small document. The
/// input's first line is also the inline `style` of one element, so the declaration-list
/// parser sees the same bytes.
pub fn stylesheet(src: &str) {
    let (sheet, _warnings) = Stylesheet::parse(src, "fuzz.wxss", ParseOptions::default());
    let mut styles = StyleSet::new();
    styles.push(sheet);

    let inline = src.lines().next().unwrap_or("");
    let mut doc = Document::new();
    let root = doc.root();
    let page = doc.create_element("page");
    doc.append_child(root, page);
    let card = doc.create_element("view");
    doc.set_attr(card, "class", "card header");
    doc.set_attr(card, "id", "main");
    doc.append_child(page, card);
    let item = doc.create_element("view");
    doc.set_attr(item, "class", "item even active");
    doc.set_attr(item, "style", inline);
    doc.append_child(card, item);
    let text = doc.create_element("text");
    doc.set_attr(text, "class", "title muted");
    doc.set_attr(text, "hidden", "false");
    doc.append_child(item, text);
    let words = doc.create_text("Hello 你好");
    doc.append_child(text, words);
    let button = doc.create_element("button");
    doc.set_attr(button, "id", "counter");
    doc.set_attr(button, "class", "counter");
    doc.append_child(card, button);

    restyle(&mut doc, &styles, (375.0, 667.0));
    // Again at another viewport after a class change: rpx/vw and the incremental path.
    doc.set_attr(item, "class", "item odd");
    restyle(&mut doc, &styles, (1920.0, 1080.0));
}

/// `setData` keys (`data::parse_path`), writing through them (`data::set`), reading back
/// (`data::get`) and printing (`data::path_to_string`). The input is `key` or
/// `key\0json`: valid JSON after the first NUL is the starting data, so `set` also meets
/// scalars and arrays in the way.
pub fn data_path(input: &str) {
    let (key, start) = input.split_once('\0').unwrap_or((input, ""));
    let Ok(path) = data::parse_path(key) else {
        return;
    };
    let mut root = serde_json::from_str(start).unwrap_or_else(
        |_| json!({ "a": { "b": [1, 2, { "c": 3 }] }, "list": [null, "x"], "s": "scalar" }),
    );
    data::set(&mut root, &path, json!({ "v": 1 }));
    let _ = data::get(&root, &path);
    let printed = data::path_to_string(&path);
    if let Ok(again) = data::parse_path(&printed) {
        let _ = data::affects(&path, &again);
    }
}
