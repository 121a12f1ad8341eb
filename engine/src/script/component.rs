//! Custom components on the logic thread: the `Component()` and `Behavior()` globals and
//! the instances the view asks for. The JS half is `component.js` (definitions,
//! behaviors, lifetimes, observers, `selectComponent`); this file loads component
//! scripts, carries the view's messages to it, and gives it the native pieces:
//! `setData` (the page one, which knows component instances too), `triggerEvent`, and
//! the instance registry events and patches are routed by.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{
    js_string, Context, JsArgs, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue,
    Source,
};
use serde_json::{json, Map, Value};

use super::thread::{host, json_to_js, report, send, PageSlot};
use super::{modules, ToView};
use crate::view::component::Created;

const COMPONENT_JS: &str = include_str!("component.js");
/// The source name of `component.js` in backtraces.
const COMPONENT_PATH: &str = "<mica component>";

/// `component.js`'s exports and the component whose script is being evaluated.
#[derive(Default)]
struct State {
    exports: Option<JsObject>,
    /// The component path whose `.js` is being evaluated, for `Component()`.
    loading: Option<String>,
}

type StateRef = Rc<RefCell<State>>;

fn state(ctx: &Context) -> Option<StateRef> {
    ctx.get_data::<StateRef>().cloned()
}

/// Drops the JS objects kept here, before the context goes.
pub(super) fn teardown(ctx: &mut Context) {
    drop(ctx.remove_data::<StateRef>());
}

/// Evaluates `component.js` and registers `Component` and `Behavior`. Needs the `Page`
/// global (a page may be built with `Component()`).
pub(super) fn install(ctx: &mut Context) -> JsResult<()> {
    ctx.insert_data::<StateRef>(Rc::new(RefCell::new(State::default())));
    let guarded = super::watchdog::guarded;
    let set_data = FunctionObjectBuilder::new(ctx.realm(), guarded(super::page::set_data))
        .name(js_string!("setData"))
        .length(2)
        .build();
    let bridge = ObjectInitializer::new(ctx)
        .property(js_string!("setData"), set_data, Attribute::all())
        .function(guarded(native_loading), js_string!("loading"), 0)
        .function(guarded(native_trigger), js_string!("triggerEvent"), 6)
        .function(guarded(native_register), js_string!("register"), 3)
        .function(guarded(native_unregister), js_string!("unregister"), 1)
        .function(guarded(native_page), js_string!("page"), 1)
        .function(guarded(native_error), js_string!("error"), 2)
        .function(guarded(native_warn), js_string!("warn"), 1)
        .build();
    let page = ctx.global_object().get(js_string!("Page"), ctx)?;
    let f = ctx.eval(Source::from_bytes(COMPONENT_JS).with_path(Path::new(COMPONENT_PATH)))?;
    let f = f
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message("component.js is not a function"))?;
    let out = f.call(&JsValue::undefined(), &[bridge.into(), page], ctx)?;
    let out = out
        .as_object()
        .ok_or_else(|| JsNativeError::typ().with_message("component.js returned no object"))?;
    let attr = Attribute::WRITABLE | Attribute::CONFIGURABLE;
    for name in ["Component", "Behavior"] {
        let v = out.get(JsString::from(name), ctx)?;
        ctx.register_global_property(JsString::from(name), v, attr)?;
    }
    if let Some(s) = state(ctx) {
        s.borrow_mut().exports = Some(out);
    }
    Ok(())
}

/// Calls export `name` of `component.js` with `args`; errors are reported as `what`.
fn call(ctx: &mut Context, name: &str, args: &[JsValue], what: &str) -> Option<JsValue> {
    let exports = state(ctx)?.borrow().exports.clone()?;
    let f = exports.get(JsString::from(name), ctx).ok()?;
    let f = f.as_callable()?;
    match f.call(&JsValue::undefined(), args, ctx) {
        Ok(v) => Some(v),
        Err(e) => {
            report(ctx, what, &e);
            None
        }
    }
}

/// `LoadComponents`: evaluates each component's `.js` (its `Component()` registers),
/// then sends the declarations to the view.
pub(super) fn load(ctx: &mut Context, paths: &[String]) {
    let mut defs = Vec::new();
    for path in paths {
        if let Some(s) = state(ctx) {
            s.borrow_mut().loading = Some(path.clone());
        }
        let file = format!("{path}.js");
        let result = modules::load(ctx, &file);
        if let Some(s) = state(ctx) {
            s.borrow_mut().loading = None;
        }
        if let Err(e) = result {
            report(ctx, &format!("component {path}"), &e);
            continue;
        }
        let arg = JsValue::from(JsString::from(path.as_str()));
        let Some(meta) = call(ctx, "meta", &[arg], &format!("component {path}")) else {
            continue;
        };
        if meta.is_null() {
            super::thread::report_message(ctx, format!("{file} did not call Component()"));
            continue;
        }
        match super::page::to_json(ctx, &meta) {
            Ok(Some(v)) => defs.push((path.clone(), v)),
            Ok(None) => {}
            Err(e) => report(ctx, &format!("component {path}"), &e),
        }
    }
    send(ctx, ToView::ComponentDefs { defs });
}

/// `ComponentsAttached`: creates the instances and runs their lifetimes.
pub(super) fn attached(ctx: &mut Context, page_id: u32, list: &[Created]) {
    let items: Vec<Value> = list
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "path": c.path,
                "tag": c.tag,
                "owner": c.owner,
                "props": Value::Object(c.props.clone()),
                "hostId": c.host_id,
                "classes": c.classes,
                "dataset": Value::Object(c.dataset.clone()),
            })
        })
        .collect();
    let items = json_to_js(ctx, &Value::Array(items));
    call(
        ctx,
        "attached",
        &[items, JsValue::from(page_id)],
        "components",
    );
}

/// `ComponentsDetached`: runs `detached` and drops the instances.
pub(super) fn detached(ctx: &mut Context, ids: &[u32]) {
    let ids = json_to_js(ctx, &json!(ids));
    call(ctx, "detached", &[ids], "components");
}

/// `ComponentProps`: new property values from the enclosing data.
pub(super) fn props(ctx: &mut Context, id: u32, props: &Map<String, Value>) {
    let values = json_to_js(ctx, &Value::Object(props.clone()));
    call(
        ctx,
        "props",
        &[JsValue::from(id), values],
        "component properties",
    );
}

/// Page `page_id` was shown (`show`), hidden (`hide`) or unloaded (`unload`): the
/// components' `pageLifetimes`, or `detached` for all of them.
pub(super) fn page_event(ctx: &mut Context, page_id: u32, kind: &str) {
    let has_components = !host(ctx).borrow().components.is_empty();
    if !has_components {
        return;
    }
    let kind = JsValue::from(JsString::from(kind));
    call(
        ctx,
        "pageEvent",
        &[JsValue::from(page_id), kind],
        "components",
    );
}

/// Gives a new page instance `selectComponent` and `selectAllComponents`.
pub(super) fn page_methods(ctx: &mut Context, instance: &JsObject) -> JsResult<()> {
    let Some(exports) = state(ctx).and_then(|s| s.borrow().exports.clone()) else {
        return Ok(());
    };
    for name in ["selectComponent", "selectAllComponents"] {
        let f = exports.get(JsString::from(name), ctx)?;
        instance.set(JsString::from(name), f, true, ctx)?;
    }
    Ok(())
}

/// The route whose file is being evaluated, or the component path: `{kind, path}`.
fn native_loading(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let component = state(ctx).and_then(|s| s.borrow().loading.clone());
    let route = host(ctx).borrow().loading_route.clone();
    let v = match (component, route) {
        (Some(path), _) => json!({"kind": "component", "path": path}),
        (None, Some(route)) => json!({"kind": "page", "path": route}),
        (None, None) => Value::Null,
    };
    Ok(json_to_js(ctx, &v))
}

fn arg_u32(args: &[JsValue], i: usize, ctx: &mut Context) -> JsResult<u32> {
    args.get_or_undefined(i).to_u32(ctx)
}

/// `native.triggerEvent(id, name, detail, bubbles, composed, capturePhase)`.
fn native_trigger(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = arg_u32(args, 0, ctx)?;
    let name = args
        .get_or_undefined(1)
        .to_string(ctx)?
        .to_std_string_escaped();
    let detail = super::page::to_json(ctx, args.get_or_undefined(2))?.unwrap_or(Value::Null);
    let flag = |i: usize| args.get_or_undefined(i).to_boolean();
    send(
        ctx,
        ToView::TriggerEvent {
            id,
            name,
            detail,
            bubbles: flag(3),
            composed: flag(4),
            capture: flag(5),
        },
    );
    Ok(JsValue::undefined())
}

/// `native.register(id, instance, path)`: events and `setData` find the instance.
fn native_register(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = arg_u32(args, 0, ctx)?;
    let Some(instance) = args.get_or_undefined(1).as_object() else {
        return Err(JsNativeError::typ()
            .with_message("register: not an object")
            .into());
    };
    let path = args
        .get_or_undefined(2)
        .to_string(ctx)?
        .to_std_string_escaped();
    host(ctx).borrow_mut().components.push(PageSlot {
        id,
        route: path,
        instance,
    });
    Ok(JsValue::undefined())
}

/// `native.unregister(id)`.
fn native_unregister(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = arg_u32(args, 0, ctx)?;
    host(ctx).borrow_mut().components.retain(|c| c.id != id);
    Ok(JsValue::undefined())
}

/// `native.page(pageId)`: the page instance, or `null`.
fn native_page(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = arg_u32(args, 0, ctx)?;
    let page = host(ctx)
        .borrow()
        .pages
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.instance.clone());
    Ok(page.map_or_else(JsValue::null, JsValue::from))
}

/// `native.error(what, error)`: reports a throw from a lifetime or observer.
fn native_error(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let what = args
        .get_or_undefined(0)
        .to_string(ctx)?
        .to_std_string_escaped();
    let err = JsError::from_opaque(args.get_or_undefined(1).clone());
    // The watchdog's stop must not be swallowed by the instance loop.
    if super::watchdog::is_limit(&err) {
        return Err(err);
    }
    report(ctx, &what, &err);
    Ok(JsValue::undefined())
}

/// `native.warn(text)`.
fn native_warn(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let text = args.get_or_undefined(0).to_string(ctx)?;
    log::warn!(target: "mica::js", "{}", text.to_std_string_escaped());
    Ok(JsValue::undefined())
}
