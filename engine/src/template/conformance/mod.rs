//! Conformance cases: template + data (+ an optional `setData`) → the rendered tree,
//! written from WeChat's documented WXML semantics (data binding, list rendering,
//! conditional rendering, templates, references, events, dataset).
//!
//! The tree is written compactly: `tag#id.class1.class2{attr=v}$dataset@tap=h!tap=h`
//! then the children in `[...]` separated by spaces; an element whose only child is a
//! text node is written `tag"text"`, a bare text node `"text"`.

mod binding;
mod block;
mod conditions;
mod entities;
mod errors;
mod events;
mod loops;
mod templates;
mod wxs;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

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
            "lib/util.wxs",
            "var fmt = require('./fmt.wxs');\nmodule.exports = { price: function (n) { return fmt.money(n) } };",
        ),
        ("lib/fmt.wxs", "module.exports = { money: function (n) { return '¥' + n.toFixed(2) } };"),
        (
            "lib/w.wxml",
            r#"<wxs module="lw">module.exports = { twice: function (n) { return n * 2 } }</wxs><template name="W"><text>{{lw.twice(n)}}</text></template>"#,
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
    // A built-in component's parts (an `input`'s text and caret) are not the template's.
    let children: Vec<NodeId> = node
        .children
        .iter()
        .copied()
        .filter(|c| !crate::components::is_part(doc, *c))
        .collect();
    match children.as_slice() {
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

/// Every group, in order.
static CASES: LazyLock<Vec<Case>> = LazyLock::new(|| {
    [
        binding::CASES,
        entities::CASES,
        conditions::CASES,
        block::CASES,
        loops::CASES,
        events::CASES,
        templates::CASES,
        wxs::CASES,
    ]
    .concat()
});

#[test]
fn conformance_cases() {
    let mut failures = Vec::new();
    for (name, tpl, data, want, patch, after) in CASES.iter() {
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

#[test]
fn there_are_at_least_80_cases() {
    assert!(
        CASES.len() + errors::ERRORS.len() >= 80,
        "{}",
        CASES.len() + errors::ERRORS.len()
    );
}
