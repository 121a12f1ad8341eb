//! Event dispatch planning: which handlers a touch event on a target runs, in which
//! order, and the `mark` object it carries. Pure functions over the document and the
//! view; [`crate::runtime::Runtime`] turns the plan into calls on the logic thread.
//!
//! The rules follow WeChat's framework docs, WXML › 事件 and custom components › 事件绑定:
//!
//! - **Capture** (“事件的捕获阶段”) runs first, from the root down to the target, calling
//!   `capture-bind` and `capture-catch` handlers. A `capture-catch` ends the capture at
//!   its node and cancels the bubble phase.
//! - **Bubble** then runs from the target up to the root, calling `bind`, `catch` and
//!   `mut-bind` handlers. A `catch` stops bubbling after its node.
//! - **Mutual exclusion** (“互斥事件绑定”): once one `mut-bind` handler ran, the `mut-bind`
//!   handlers further up are skipped; `bind` and `catch` handlers are unaffected.
//! - A binding whose handler is the empty string is disabled, so it neither runs nor stops
//!   the event.
//! - Several bindings of one node run in declaration order; stopping takes effect after
//!   the node (as `stopPropagation` does in the DOM).
//! - **mark** (“mark”): the marks of the target and all its ancestors are merged; on a
//!   name clash the node closer to the target wins. Every handler of one event sees the
//!   same object.
//!
//! ```
//! use std::sync::Arc;
//! use mica_engine::{template::compile, view::{events, View}};
//! use mica_layout::Document;
//! let src = r#"<view id="a" bindtap="up" capture-bind:tap="down"><view id="b" catchtap="b"/></view>"#;
//! let t = compile("p.wxml", src).unwrap();
//! let mut doc = Document::new();
//! let root = doc.root();
//! let view = View::new(Arc::new(t.template), serde_json::json!({}), &mut doc, root);
//! let b = doc.node(doc.node(root).children[0]).children[0];
//! let names: Vec<String> = events::plan(&doc, &view, b, "tap")
//!     .into_iter()
//!     .map(|d| d.handler)
//!     .collect();
//! assert_eq!(names, ["down", "b"]); // the catch on #b keeps `up` from running
//! ```

use mica_layout::{Document, NodeId};
use serde_json::{Map, Value};

use super::View;
use crate::template::ir::EventKind;

/// The phase a planned handler runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Root → target: `capture-bind` and `capture-catch` handlers.
    Capture,
    /// Target → root: `bind`, `catch` and `mut-bind` handlers.
    Bubble,
}

/// One handler call of a dispatch plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dispatch {
    /// The page method to call.
    pub handler: String,
    /// The node whose binding this is: the event's `currentTarget`.
    pub current_target: NodeId,
    /// The phase it runs in.
    pub phase: Phase,
    /// Whose method it is: the custom component instance whose template bound it, or
    /// `None` for the page.
    pub instance: Option<u32>,
}

/// The target and its ancestors, target first, up to the document root.
fn path(doc: &Document, target: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut cur = doc.get(target).map(|_| target);
    while let Some(n) = cur {
        out.push(n);
        cur = doc.get(n).and_then(|node| node.parent);
    }
    out
}

/// The handlers an `event` on `target` runs, in call order (see the module docs for
/// the rules). Nodes the view did not create carry no handlers and are passed through.
pub fn plan(doc: &Document, view: &View, target: NodeId, event: &str) -> Vec<Dispatch> {
    plan_path(view, &path(doc, target), event, true)
}

/// The handlers a custom component's `triggerEvent(event, detail, options)` runs; the
/// event starts at the component's `host` (WeChat, custom components › 组件间通信与事件):
///
/// - without `bubbles`, only the host's own bindings run;
/// - with `bubbles`, it goes up through the nodes of the template that holds the host
///   (the enclosing component's or the page's), skipping the nodes of components it is
///   projected into;
/// - with `composed` as well, it crosses every boundary up to the page;
/// - `capture` adds the capture phase over the same nodes.
pub fn plan_custom(
    doc: &Document,
    view: &View,
    host: NodeId,
    event: &str,
    bubbles: bool,
    composed: bool,
    capture: bool,
) -> Vec<Dispatch> {
    let full = path(doc, host);
    let path: Vec<NodeId> = if !bubbles {
        full.into_iter().take(1).collect()
    } else if composed {
        full
    } else {
        let home = view.owner_of(host);
        full.into_iter()
            .filter(|n| match (view.owner_of(*n), home) {
                (Some(a), Some(b)) => std::ptr::eq(a, b),
                _ => false,
            })
            .collect()
    };
    plan_path(view, &path, event, capture)
}

/// [`plan`] over a given path (target first).
fn plan_path(view: &View, path: &[NodeId], event: &str, capture: bool) -> Vec<Dispatch> {
    let mut out = Vec::new();
    let call = |out: &mut Vec<Dispatch>, handler: &str, node: NodeId, phase: Phase| {
        out.push(Dispatch {
            handler: handler.to_string(),
            current_target: node,
            phase,
            instance: view.owner_of(node).and_then(View::instance),
        });
    };
    for &node in path.iter().rev().filter(|_| capture) {
        let mut stop = false;
        for (h, kind) in view.handlers(node, event).filter(|(_, k)| k.is_capture()) {
            call(&mut out, h, node, Phase::Capture);
            stop |= kind.stops();
        }
        if stop {
            return out;
        }
    }
    let mut mut_ran = false;
    for &node in path {
        let mut stop = false;
        for (h, kind) in view.handlers(node, event) {
            match kind {
                EventKind::CaptureBind | EventKind::CaptureCatch => continue,
                EventKind::MutBind if mut_ran => continue,
                EventKind::MutBind => mut_ran = true,
                EventKind::Bind | EventKind::Catch => {}
            }
            call(&mut out, h, node, Phase::Bubble);
            stop |= kind.stops();
        }
        if stop {
            break;
        }
    }
    out
}

/// The `mark` object of an event on `target`: the `mark:*` values of the target and all
/// its ancestors, the node closer to the target winning a name clash.
pub fn mark(doc: &Document, view: &View, target: NodeId) -> Map<String, Value> {
    let mut out = Map::new();
    for node in path(doc, target) {
        for (k, v) in view.marks(node) {
            if !out.contains_key(k) {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use mica_layout::Document;
    use serde_json::{json, Value};

    use super::{mark, plan, Phase};
    use crate::data::parse_path;
    use crate::view::View;

    use crate::test_support::{by_id, view};

    /// The plan for a tap on `#target`, written `handler@currentTargetId:phase`.
    fn tap(doc: &Document, v: &View, target: &str) -> Vec<String> {
        plan(doc, v, by_id(doc, target), "tap")
            .into_iter()
            .map(|d| {
                let id = doc
                    .node(d.current_target)
                    .id_attr()
                    .unwrap_or("")
                    .to_string();
                let p = match d.phase {
                    Phase::Capture => "c",
                    Phase::Bubble => "b",
                };
                format!("{}@{id}:{p}", d.handler)
            })
            .collect()
    }

    const NESTED: &str = r#"
        <view id="outer" bindtap="o" capture-bind:tap="oc">
          <view id="middle" bindtap="m" capture-bind:tap="mc">
            <view id="inner" bindtap="i" capture-bind:tap="ic"/>
          </view>
        </view>"#;

    #[test]
    fn capture_runs_root_down_then_bubble_runs_target_up() {
        let (v, doc) = view(NESTED, json!({}));
        assert_eq!(
            tap(&doc, &v, "inner"),
            [
                "oc@outer:c",
                "mc@middle:c",
                "ic@inner:c",
                "i@inner:b",
                "m@middle:b",
                "o@outer:b"
            ]
        );
        assert_eq!(
            tap(&doc, &v, "middle"),
            ["oc@outer:c", "mc@middle:c", "m@middle:b", "o@outer:b"]
        );
    }

    #[test]
    fn capture_catch_stops_capture_and_bubble() {
        let (v, doc) = view(
            &NESTED.replace("capture-bind:tap=\"mc\"", "capture-catch:tap=\"mc\""),
            json!({}),
        );
        assert_eq!(tap(&doc, &v, "inner"), ["oc@outer:c", "mc@middle:c"]);
    }

    #[test]
    fn capture_catch_on_the_target_still_cancels_its_bubble() {
        let (v, doc) = view(
            r#"<view id="p" bindtap="p"><view id="t" capture-catch:tap="c" bindtap="b"/></view>"#,
            json!({}),
        );
        assert_eq!(tap(&doc, &v, "t"), ["c@t:c"]);
    }

    #[test]
    fn catch_stops_bubbling_after_its_node() {
        let src = r#"
            <view id="outer" bindtap="o" capture-bind:tap="oc">
              <view id="middle" catchtap="m">
                <view id="inner" bindtap="i"/>
              </view>
            </view>"#;
        let (v, doc) = view(src, json!({}));
        // The capture phase is not affected by a bubble-phase catch below it.
        assert_eq!(
            tap(&doc, &v, "inner"),
            ["oc@outer:c", "i@inner:b", "m@middle:b"]
        );
    }

    #[test]
    fn mut_bind_runs_once_and_leaves_bind_and_catch_alone() {
        // WeChat's own example: inner → handleTap3, handleTap2; middle → 2, 1.
        let src = r#"
            <view id="outer" mut-bind:tap="h1">
              <view id="middle" bind:tap="h2">
                <view id="inner" mut-bind:tap="h3"/>
              </view>
            </view>"#;
        let (v, doc) = view(src, json!({}));
        assert_eq!(tap(&doc, &v, "inner"), ["h3@inner:b", "h2@middle:b"]);
        assert_eq!(tap(&doc, &v, "middle"), ["h2@middle:b", "h1@outer:b"]);
    }

    #[test]
    fn catch_above_a_mut_bind_still_stops() {
        let src = r#"
            <view id="top" bindtap="top">
              <view id="c" catchtap="c" mut-bind:tap="cm">
                <view id="t" mut-bind:tap="t"/>
              </view>
            </view>"#;
        let (v, doc) = view(src, json!({}));
        assert_eq!(tap(&doc, &v, "t"), ["t@t:b", "c@c:b"]);
    }

    #[test]
    fn every_spelling_of_every_kind_is_dispatched() {
        let src = r#"
            <view id="a" capture-bindtap="cb1" bindtap="b1">
              <view id="b" capture-bind:tap="cb2" bind:tap="b2" mut-bindtap="m">
                <view id="c" capture-catchtap="cc" catch:tap="never"/>
              </view>
            </view>"#;
        let (v, doc) = view(src, json!({}));
        assert_eq!(
            tap(&doc, &v, "b"),
            ["cb1@a:c", "cb2@b:c", "b2@b:b", "m@b:b", "b1@a:b"]
        );
        assert_eq!(tap(&doc, &v, "c"), ["cb1@a:c", "cb2@b:c", "cc@c:c"]);
    }

    #[test]
    fn empty_handlers_are_disabled_and_do_not_catch() {
        let src = r#"<view id="p" bindtap="p"><view id="t" catchtap="{{h}}"/></view>"#;
        let (mut v, mut doc) = view(src, json!({"h": ""}));
        assert_eq!(tap(&doc, &v, "t"), ["p@p:b"]);
        let change = (
            parse_path("h").unwrap_or_else(|e| panic!("{e}")),
            json!("t"),
        );
        v.apply_patch(&mut doc, &[change]);
        assert_eq!(tap(&doc, &v, "t"), ["t@t:b"]);
    }

    #[test]
    fn other_events_are_not_planned() {
        let (v, doc) = view(r#"<view id="t" bindlongpress="l"/>"#, json!({}));
        assert!(tap(&doc, &v, "t").is_empty());
    }

    #[test]
    fn marks_merge_with_the_target_winning() {
        let src = r#"
            <view id="outer" mark:shared="outer" mark:a="{{1}}">
              <view id="inner" mark:shared="inner" mark:myMark="{{m}}" mark:flag/>
            </view>"#;
        let (mut v, mut doc) = view(src, json!({"m": {"x": 1}}));
        let inner = by_id(&doc, "inner");
        let m = Value::Object(mark(&doc, &v, inner));
        assert_eq!(
            m,
            json!({"shared": "inner", "a": 1, "myMark": {"x": 1}, "flag": true})
        );
        // Marks are bound data: they follow setData, and stay out of the attributes
        // and the dataset.
        let change = (parse_path("m").unwrap_or_else(|e| panic!("{e}")), json!(2));
        v.apply_patch(&mut doc, &[change]);
        assert_eq!(mark(&doc, &v, inner).get("myMark"), Some(&json!(2)));
        assert!(doc
            .node(inner)
            .attrs
            .iter()
            .all(|(k, _)| !k.starts_with("mark")));
        assert!(v.dataset(&doc, inner).is_empty());
        let outer = by_id(&doc, "outer");
        assert_eq!(
            Value::Object(mark(&doc, &v, outer)),
            json!({"shared": "outer", "a": 1})
        );
    }

    #[test]
    fn marks_in_loops_read_the_item() {
        let src = r#"<view id="l" mark:list="l"><view wx:for="{{rows}}" id="r{{index}}" mark:row="{{item}}"/></view>"#;
        let (v, doc) = view(src, json!({"rows": ["a", "b"]}));
        let m = Value::Object(mark(&doc, &v, by_id(&doc, "r1")));
        assert_eq!(m, json!({"list": "l", "row": "b"}));
    }
}
