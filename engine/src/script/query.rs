//! `wx.createSelectorQuery()` (and `this.createSelectorQuery()` on a page): the logic
//! thread's half.
//!
//! `system.js` builds the `SelectorQuery` / `NodesRef` objects; `exec()` calls
//! [`native_query`] with every request in order, which sends
//! [`ToView::SelectorQuery`]. The view answers from the real layout of the page (see
//! `runtime::query`) with [`ToLogic::SelectorQueryDone`](super::ToLogic), handled by
//! [`done`]: each request's own callback gets its result, then `exec`'s callback gets
//! the array of all results, as in WeChat.

use boa_engine::object::builtins::JsArray;
use boa_engine::{Context, JsArgs, JsNativeError, JsResult, JsValue};
use serde::Deserialize;
use serde_json::Value;

use super::thread::{json_to_js, report, send};
use super::ToView;

/// Which nodes a request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeTarget {
    /// `select(selector)`: the first match (the result is `null` without one).
    One,
    /// `selectAll(selector)`: every match in document order (an array, maybe empty).
    All,
    /// `selectViewport()`: the page's display area.
    Viewport,
}

/// What to report about each node (`NodesRef.fields`; `boundingClientRect` is
/// `{id, dataset, rect, size}`, `scrollOffset` is `{id, dataset, scrollOffset}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeFields {
    /// `id`.
    pub id: bool,
    /// `dataset` (the `data-*` attributes).
    pub dataset: bool,
    /// `mark` (the `mark:*` attributes of the node and its ancestors).
    pub mark: bool,
    /// `left`, `right`, `top`, `bottom` relative to the page's display area.
    pub rect: bool,
    /// `width`, `height`.
    pub size: bool,
    /// `scrollLeft`, `scrollTop`, `scrollWidth`, `scrollHeight`.
    pub scroll_offset: bool,
    /// Component properties to report (by name, `scrollY` or `scroll-y`).
    pub properties: Vec<String>,
    /// Computed style properties to report (by name, `backgroundColor` or
    /// `background-color`), as CSS text.
    pub computed_style: Vec<String>,
    /// `context`: Mica has no component contexts yet (`null`).
    pub context: bool,
    /// `node`: Mica has no canvas nodes yet (`null`).
    pub node: bool,
}

/// One request of a query, in `exec` order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NodeRequest {
    /// The selector (empty for the viewport).
    pub selector: String,
    /// One node, all of them, or the viewport.
    pub target: NodeTarget,
    /// What to report.
    pub fields: NodeFields,
}

/// `native.query(requestId, pageId, requests)`: `pageId` 0 means the page on top.
pub(super) fn native_query(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let request_id = args.get_or_undefined(0).to_length(ctx)?;
    let page = args.get_or_undefined(1).to_length(ctx)?;
    let page_id = u32::try_from(page).ok().filter(|p| *p > 0);
    let requests = super::page::to_json(ctx, args.get_or_undefined(2))?.unwrap_or(Value::Null);
    let requests: Vec<NodeRequest> = serde_json::from_value(requests)
        .map_err(|e| JsNativeError::typ().with_message(format!("selector query: {e}")))?;
    send(
        ctx,
        ToView::SelectorQuery {
            request_id,
            page_id,
            requests,
        },
    );
    Ok(JsValue::undefined())
}

/// `SelectorQueryDone`: runs the callbacks of query `request_id` with `results`.
pub(super) fn done(ctx: &mut Context, request_id: u64, results: Vec<Value>) {
    let Some(f) = super::system::query_done(ctx) else {
        log::error!(target: "mica::js", "system.js has no queryDone");
        return;
    };
    let items: Vec<JsValue> = results.iter().map(|v| json_to_js(ctx, v)).collect();
    let array = JsArray::from_iter(items, ctx);
    // Request ids come from system.js's counter, far below 2^53.
    let id = JsValue::from(request_id as f64);
    if let Err(e) = f.call(&JsValue::undefined(), &[id, array.into()], ctx) {
        report(ctx, "selector query callback", &e);
    }
}
