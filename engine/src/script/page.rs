//! Page instances: created from `Page({...})` options, their lifecycle, event handlers
//! and `this.setData`.
//!
//! `this.data` is plain JS and is updated synchronously by `setData` (WeChat semantics:
//! code after `setData` reads the new value); the view gets the same change as a
//! [`ToView::Patch`] of `(key as given, JSON value)` pairs, applied with
//! [`crate::data::set`] on its side.

use boa_engine::object::builtins::JsArray;
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyKey;
use boa_engine::{
    js_string, Context, JsArgs, JsNativeError, JsObject, JsResult, JsString, JsValue,
};
use serde_json::{Map, Value};

use super::modules;
use super::thread::{call_lifecycle, host, json_to_js, report, report_message, send, PageSlot};
use super::ToView;
use crate::data::{parse_path, Seg};

/// `LoadPage`: evaluate the route's file once, create the instance, push it on the page
/// stack, send its initial data, then run `onLoad(query)` and `onShow()`.
pub(super) fn load_page(ctx: &mut Context, page_id: u32, route: &str, query: &Map<String, Value>) {
    let route = route.trim_start_matches('/');
    let route = route.strip_suffix(".js").unwrap_or(route);
    let h = host(ctx);
    if !h.borrow().page_defs.contains_key(route) {
        let path = format!("{route}.js");
        h.borrow_mut().loading_route = Some(route.to_string());
        let result = modules::load(ctx, &path);
        h.borrow_mut().loading_route = None;
        match result {
            Err(e) => report(ctx, &format!("page {route}"), &e),
            Ok(_) if !h.borrow().page_defs.contains_key(route) => {
                report_message(ctx, format!("{path} did not call Page()"));
            }
            Ok(_) => {}
        }
    }
    let options = h.borrow().page_defs.get(route).cloned();
    let query_js = json_to_js(ctx, &Value::Object(query.clone()));
    let instance = match create_instance(ctx, page_id, route, options.as_ref(), &query_js) {
        Ok(instance) => instance,
        Err(e) => {
            report(ctx, &format!("page {route}"), &e);
            send(
                ctx,
                ToView::InitialData {
                    page_id,
                    data: Value::Object(Map::new()),
                },
            );
            return;
        }
    };
    {
        let mut h = h.borrow_mut();
        h.pages.push(PageSlot {
            id: page_id,
            route: route.to_string(),
            instance: instance.clone(),
        });
        if !h.stack.contains(&page_id) {
            h.stack.push(page_id);
        }
    }
    let data = match instance
        .get(js_string!("data"), ctx)
        .and_then(|d| to_json(ctx, &d))
    {
        Ok(Some(data @ Value::Object(_))) => data,
        Ok(_) => Value::Object(Map::new()),
        Err(e) => {
            report(ctx, &format!("page {route} data"), &e);
            Value::Object(Map::new())
        }
    };
    send(ctx, ToView::InitialData { page_id, data });
    let what = format!("page {route}");
    call_lifecycle(ctx, &what, &instance, "onLoad", &[query_js]);
    call_lifecycle(ctx, &what, &instance, "onShow", &[]);
}

/// Builds a page instance: methods and other options copied, `data` deep-cloned.
fn create_instance(
    ctx: &mut Context,
    page_id: u32,
    route: &str,
    options: Option<&JsObject>,
    query: &JsValue,
) -> JsResult<JsObject> {
    let instance = JsObject::with_object_proto(ctx.intrinsics());
    let mut data = None;
    if let Some(options) = options {
        for key in options.own_property_keys(ctx)? {
            if matches!(&key, PropertyKey::Symbol(_)) {
                continue;
            }
            let value = options.get(key.clone(), ctx)?;
            if key == PropertyKey::from(js_string!("data")) {
                data = super::json::to_value_and_copy(ctx, &value)?;
                continue;
            }
            instance.set(key, value, true, ctx)?;
        }
    }
    let data = match data {
        Some((Value::Object(_), copy)) => copy,
        _ => JsObject::with_object_proto(ctx.intrinsics()).into(),
    };
    instance.set(js_string!("data"), data, true, ctx)?;
    let route_js = JsValue::from(JsString::from(route));
    instance.set(js_string!("route"), route_js.clone(), true, ctx)?;
    instance.set(js_string!("__route__"), route_js, true, ctx)?;
    instance.set(js_string!("__wxWebviewId__"), page_id, true, ctx)?;
    instance.set(js_string!("options"), query.clone(), true, ctx)?;
    let set_data = FunctionObjectBuilder::new(ctx.realm(), super::watchdog::guarded(set_data))
        .name(js_string!("setData"))
        .length(2)
        .build();
    instance.set(js_string!("setData"), set_data, true, ctx)?;
    super::parts::page_methods(ctx, &instance)?;
    Ok(instance)
}

/// The route and instance of page `page_id`, or the path and instance of the custom
/// component instance with that id.
pub(super) fn find(ctx: &Context, page_id: u32) -> Option<(String, JsObject)> {
    let h = host(ctx);
    let h = h.borrow();
    h.pages
        .iter()
        .chain(h.components.iter())
        .find(|p| p.id == page_id)
        .map(|p| (p.route.clone(), p.instance.clone()))
}

/// `Event`: call the page's `handler` method with the event object.
/// Returns the string the handler returned, if it returned one.
pub(super) fn dispatch_event(
    ctx: &mut Context,
    page_id: u32,
    handler: &str,
    event: &Value,
) -> Option<String> {
    let Some((route, instance)) = find(ctx, page_id) else {
        report_message(ctx, format!("event `{handler}` for unknown page {page_id}"));
        return None;
    };
    let method = match instance.get(JsString::from(handler), ctx) {
        Ok(m) => m,
        Err(e) => {
            report(ctx, &format!("page {route} {handler}"), &e);
            return None;
        }
    };
    let Some(method) = method.as_callable() else {
        report_message(ctx, format!("page {route} has no method {handler}"));
        return None;
    };
    let event = json_to_js(ctx, event);
    match method.call(&instance.into(), &[event], ctx) {
        Ok(v) => v.as_string().map(|s| s.to_std_string_escaped()),
        Err(e) => {
            report(ctx, &format!("page {route} {handler}"), &e);
            None
        }
    }
}

/// `PageHook`: calls `name(arg)` on the page if it defines such a method.
pub(super) fn page_hook(ctx: &mut Context, page_id: u32, name: &str, arg: &Value) {
    let Some((route, instance)) = find(ctx, page_id) else {
        return;
    };
    let arg = json_to_js(ctx, arg);
    call_lifecycle(ctx, &format!("page {route}"), &instance, name, &[arg]);
}

/// `PatchApplied`: run the `setData` callback registered under `callback_id`.
pub(super) fn patch_applied(ctx: &mut Context, callback_id: u64) {
    let entry = host(ctx).borrow_mut().callbacks.remove(&callback_id);
    let Some((callback, this)) = entry else {
        log::debug!(target: "mica::js", "PatchApplied for unknown callback {callback_id}");
        return;
    };
    if let Err(e) = callback.call(&this.into(), &[], ctx) {
        report(ctx, "setData callback", &e);
    }
}

/// `this.setData(changes, callback)`, on a page or a custom component instance.
pub(super) fn set_data(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let Some(page) = this.as_object() else {
        return Err(JsNativeError::typ()
            .with_message("setData must be called on a page instance")
            .into());
    };
    let slot = {
        let h = host(ctx);
        let h = h.borrow();
        h.pages
            .iter()
            .chain(h.components.iter())
            .find(|p| JsObject::equals(&p.instance, &page))
            .map(|p| (p.id, p.route.clone()))
    };
    let Some((page_id, route)) = slot else {
        if page.has_own_property(js_string!("__wxWebviewId__"), ctx)? {
            // An unloaded page (a timer it forgot to clear): WeChat ignores the call.
            log::debug!(target: "mica::js", "setData on an unloaded page ignored");
            return Ok(JsValue::undefined());
        }
        return Err(JsNativeError::typ()
            .with_message("setData must be called on a page instance")
            .into());
    };
    let Some(changes_obj) = args.get_or_undefined(0).as_object() else {
        return Err(JsNativeError::typ()
            .with_message("setData expects an object")
            .into());
    };
    let data = match page.get(js_string!("data"), ctx)?.as_object() {
        Some(data) => data,
        None => {
            let data = JsObject::with_object_proto(ctx.intrinsics());
            page.set(js_string!("data"), data.clone(), true, ctx)?;
            data
        }
    };
    let mut changes = Vec::new();
    for key in changes_obj.own_property_keys(ctx)? {
        let key_str = match &key {
            PropertyKey::String(s) => s.to_std_string_escaped(),
            PropertyKey::Index(i) => i.get().to_string(),
            PropertyKey::Symbol(_) => continue,
        };
        let path = match parse_path(&key_str) {
            Ok(path) => path,
            Err(e) => {
                report_message(ctx, format!("page {route} setData: {e}"));
                continue;
            }
        };
        let value = changes_obj.get(key, ctx)?;
        // Store a copy, as WeChat does: later mutation of the argument does not leak in.
        let Some((json, copy)) = super::json::to_value_and_copy(ctx, &value)? else {
            log::warn!(
                target: "mica::js",
                "page {route} setData: `{key_str}` is undefined; ignored"
            );
            continue;
        };
        apply(ctx, &data, &path, copy)?;
        changes.push((key_str, json));
    }
    let callback_id = match args.get_or_undefined(1).as_callable() {
        Some(callback) => {
            let h = host(ctx);
            let mut h = h.borrow_mut();
            let id = h.next_callback;
            h.next_callback += 1;
            h.callbacks.insert(id, (callback, page.clone()));
            Some(id)
        }
        None => None,
    };
    if !changes.is_empty() || callback_id.is_some() {
        send(
            ctx,
            ToView::Patch {
                page_id,
                changes,
                callback_id,
            },
        );
    }
    Ok(JsValue::undefined())
}

fn seg_key(seg: &Seg) -> PropertyKey {
    match seg {
        Seg::Key(k) => PropertyKey::from(JsString::from(k.as_str())),
        Seg::Index(i) => PropertyKey::from(*i),
    }
}

/// Sets `value` at `path` under `root`, creating objects/arrays on the way like
/// [`crate::data::set`] (arrays padded with `null`).
fn apply(ctx: &mut Context, root: &JsObject, path: &[Seg], value: JsValue) -> JsResult<()> {
    let Some((last, init)) = path.split_last() else {
        return Ok(());
    };
    let mut cur = root.clone();
    for (i, seg) in init.iter().enumerate() {
        let next = cur.get(seg_key(seg), ctx)?;
        cur = match next.as_object() {
            Some(obj) if !obj.is_callable() => obj,
            _ => {
                let fresh: JsObject = if matches!(path.get(i + 1), Some(Seg::Index(_))) {
                    JsArray::new(ctx)?.into()
                } else {
                    JsObject::with_object_proto(ctx.intrinsics())
                };
                pad(ctx, &cur, seg)?;
                cur.set(seg_key(seg), fresh.clone(), true, ctx)?;
                fresh
            }
        };
    }
    pad(ctx, &cur, last)?;
    cur.set(seg_key(last), value, true, ctx)?;
    Ok(())
}

/// Fills an array with `null` up to `seg` so no holes appear (matching the view's data).
fn pad(ctx: &mut Context, obj: &JsObject, seg: &Seg) -> JsResult<()> {
    if let (Seg::Index(i), true) = (seg, obj.is_array()) {
        let len = obj.get(js_string!("length"), ctx)?.to_length(ctx)?;
        for j in len..(*i as u64) {
            obj.set(PropertyKey::from(j), JsValue::null(), true, ctx)?;
        }
    }
    Ok(())
}

/// `value` as JSON, as `JSON.stringify` would make it (functions and `undefined`
/// dropped, `toJSON` honoured). `None` when the value itself has no JSON form.
pub(super) fn to_json(ctx: &mut Context, value: &JsValue) -> JsResult<Option<Value>> {
    super::json::to_value(ctx, value)
}
