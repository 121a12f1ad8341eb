//! The globals a mini-program sees: `App`, `getApp`, `Page`, `getCurrentPages`,
//! `require` (per module), `console`, and the API object `wx` (alias `ft`), whose route
//! APIs (`navigateTo`, ...) are in `route.js` over [`super::navigation`].
//!
//! Host-facing pieces are native functions here; plain-JS glue (module cache, console
//! formatting, the `wx` stub proxy) is `prelude.js`, evaluated once with a small native
//! bridge object that is never made global. The rest of the API in JS is in parts
//! evaluated on first use ([`super::parts`]).

use boa_engine::object::builtins::JsArray;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{js_string, Context, JsArgs, JsNativeError, JsObject, JsResult, JsValue, Source};

use super::modules;
use super::thread::{host, report_message};

const PRELUDE: &str = include_str!("prelude.js");

/// The source name of the prelude in backtraces (filtered out of error reports).
pub(super) const PRELUDE_PATH: &str = "<mica prelude>";

/// Installs every global into `ctx`. Called once, before any app code runs.
pub(super) fn install(ctx: &mut Context) -> JsResult<()> {
    // First: the built-ins it keeps must be the real ones.
    super::json::install(ctx)?;
    let bridge = ObjectInitializer::new(ctx)
        .function(
            super::watchdog::guarded(modules::native_resolve),
            js_string!("resolve"),
            2,
        )
        .function(
            super::watchdog::guarded(modules::native_compile),
            js_string!("compile"),
            1,
        )
        .function(super::watchdog::guarded(native_log), js_string!("log"), 2)
        .function(
            super::watchdog::guarded(system_info),
            js_string!("systemInfo"),
            0,
        )
        .function(
            super::watchdog::guarded(super::navigation::native_route),
            js_string!("route"),
            3,
        )
        .function(
            super::watchdog::guarded(super::navigation::native_page_scroll_to),
            js_string!("pageScrollTo"),
            3,
        )
        .function(
            super::watchdog::guarded(super::navigation::native_navigation_bar),
            js_string!("navigationBar"),
            3,
        )
        .function(
            super::watchdog::guarded(super::navigation::native_pull_down_refresh),
            js_string!("pullDownRefresh"),
            1,
        )
        .function(
            super::watchdog::guarded(super::request::native_request),
            js_string!("request"),
            6,
        )
        .function(
            super::watchdog::guarded(super::request::native_abort),
            js_string!("abortRequest"),
            1,
        )
        .function(
            super::watchdog::guarded(super::storage::native_storage),
            js_string!("storage"),
            3,
        )
        .function(
            super::watchdog::guarded(super::host_api::native_host_apis),
            js_string!("hostApis"),
            0,
        )
        .function(
            super::watchdog::guarded(super::host_api::native_host_call),
            js_string!("hostCall"),
            4,
        )
        .function(
            super::watchdog::guarded(native_exists),
            js_string!("exists"),
            1,
        )
        .function(
            super::watchdog::guarded(super::interaction::native_interaction),
            js_string!("interaction"),
            3,
        )
        .function(
            super::watchdog::guarded(super::parts::native_part),
            js_string!("part"),
            1,
        )
        .build();
    let prelude =
        ctx.eval(Source::from_bytes(PRELUDE).with_path(std::path::Path::new(PRELUDE_PATH)))?;
    let prelude = prelude
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message("prelude is not a function"))?;
    let exports = prelude.call(&JsValue::undefined(), &[bridge.clone().into()], ctx)?;
    let exports = exports
        .as_object()
        .ok_or_else(|| JsNativeError::typ().with_message("prelude returned no object"))?;
    let load = exports.get(js_string!("load"), ctx)?;
    let wx = exports.get(js_string!("wx"), ctx)?;
    let console = exports.get(js_string!("console"), ctx)?;
    let route_done = exports.get(js_string!("routeDone"), ctx)?;
    let api_done = exports.get(js_string!("apiDone"), ctx)?;
    let app_event = exports.get(js_string!("appEvent"), ctx)?;
    let host_done = exports.get(js_string!("hostDone"), ctx)?;
    let read_finclip_conf = exports.get(js_string!("readFinClipConf"), ctx)?;
    let interaction_done = exports.get(js_string!("interactionDone"), ctx)?;

    {
        let h = host(ctx);
        let mut h = h.borrow_mut();
        h.load = load.as_callable();
        h.route_done = route_done.as_callable();
        h.api_done = api_done.as_callable();
        h.app_event = app_event.as_callable();
        h.host_done = host_done.as_callable();
        h.read_finclip_conf = read_finclip_conf.as_callable();
        h.interaction_done = interaction_done.as_callable();
    }
    let attr = Attribute::WRITABLE | Attribute::CONFIGURABLE;
    ctx.register_global_property(js_string!("wx"), wx.clone(), attr)?;
    ctx.register_global_property(js_string!("ft"), wx, attr)?;
    ctx.register_global_property(js_string!("console"), console, attr)?;
    ctx.register_global_callable(js_string!("App"), 1, super::watchdog::guarded(app))?;
    ctx.register_global_callable(js_string!("getApp"), 0, super::watchdog::guarded(get_app))?;
    ctx.register_global_callable(js_string!("Page"), 1, super::watchdog::guarded(page))?;
    ctx.register_global_callable(
        js_string!("getCurrentPages"),
        0,
        super::watchdog::guarded(current_pages),
    )?;
    super::timers::install(ctx)?;
    // wx.request, storage, toasts, host functions, createSelectorQuery, downloadFile,
    // authorize, ...; and Component() and Behavior() (given `Page`, so after it): each
    // evaluated on first use.
    super::parts::install(ctx, &exports, &bridge)?;
    Ok(())
}

/// `native.exists(path)`: whether the app has the script file `path`.
fn native_exists(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = args
        .get_or_undefined(0)
        .to_string(ctx)?
        .to_std_string_escaped();
    let source = host(ctx).borrow().source.clone();
    Ok(source.read_script(&path).is_some().into())
}

/// `native.log(level, text)`: 1 error, 2 warn, 3 info, 4 debug, 5 trace.
fn native_log(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let level = match args.get_or_undefined(0).to_i32(ctx)? {
        1 => log::Level::Error,
        2 => log::Level::Warn,
        3 => log::Level::Info,
        4 => log::Level::Debug,
        _ => log::Level::Trace,
    };
    let text = args.get_or_undefined(1).to_string(ctx)?;
    log::log!(target: "mica::js", level, "{}", text.to_std_string_escaped());
    Ok(JsValue::undefined())
}

/// `native.systemInfo()`: a fresh object for `wx.getSystemInfoSync()`.
fn system_info(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let info = host(ctx).borrow().system_info.clone();
    let json = serde_json::to_value(&info)
        .map_err(|e| JsNativeError::typ().with_message(e.to_string()))?;
    JsValue::from_json(&json, ctx)
}

/// `App(options)`: registers the app object (`getApp()` returns it). A second call is
/// an error, as in WeChat.
fn app(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let Some(obj) = args.get_or_undefined(0).as_object() else {
        return Err(JsNativeError::typ()
            .with_message("App() expects an options object")
            .into());
    };
    if !obj.has_property(js_string!("globalData"), ctx)? {
        let data = ObjectInitializer::new(ctx).build();
        obj.set(js_string!("globalData"), data, false, ctx)?;
    }
    let h = host(ctx);
    let already = h.borrow().app.is_some();
    if already {
        report_message(
            ctx,
            "App() called more than once; the first call wins".into(),
        );
        return Ok(JsValue::undefined());
    }
    h.borrow_mut().app = Some(obj);
    Ok(JsValue::undefined())
}

/// `getApp()`: the object given to `App()`, or `undefined` before it.
fn get_app(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    Ok(host(ctx)
        .borrow()
        .app
        .clone()
        .map_or_else(JsValue::undefined, JsValue::from))
}

/// `Page(options)`: registers the options for the route whose file is being evaluated.
fn page(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let Some(obj) = args.get_or_undefined(0).as_object() else {
        return Err(JsNativeError::typ()
            .with_message("Page() expects an options object")
            .into());
    };
    let h = host(ctx);
    let route = h.borrow().loading_route.clone();
    match route {
        Some(route) => {
            h.borrow_mut().page_defs.insert(route, obj);
        }
        None => {
            report_message(ctx, "Page() called outside a page file; ignored".into());
        }
    }
    Ok(JsValue::undefined())
}

/// `getCurrentPages()`: the page stack, root first, the current page last.
fn current_pages(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let pages: Vec<JsValue> = {
        let h = host(ctx);
        let h = h.borrow();
        h.stack
            .iter()
            .filter_map(|id| h.pages.iter().find(|p| p.id == *id))
            .map(|p| JsValue::from(p.instance.clone()))
            .collect()
    };
    Ok(JsArray::from_iter(pages, ctx).into())
}

/// Evaluates a part of the API written in JS (`download.js`, `request.js`, ...):
/// `source` is a function expression called with a native `bridge` (its own, or the
/// prelude's), and the prelude's `base` (the `wx` object's methods, which it extends)
/// and `later` helpers (`later.js`: calls answered by a worker or the view). Returns what
/// the function returns.
pub(super) fn eval_part(
    ctx: &mut Context,
    source: &str,
    path: &str,
    bridge: JsObject,
    exports: &JsObject,
) -> JsResult<JsObject> {
    let base = exports.get(js_string!("base"), ctx)?;
    let later = super::parts::load(ctx, super::parts::Part::Later)?;
    call_source(ctx, source, path, &[bridge.into(), base, later.into()])
}

/// Evaluates `source`, a function expression, and calls it with `args`; returns what it
/// returns.
pub(super) fn call_source(
    ctx: &mut Context,
    source: &str,
    path: &str,
    args: &[JsValue],
) -> JsResult<JsObject> {
    let f = ctx.eval(Source::from_bytes(source).with_path(std::path::Path::new(path)))?;
    let f = f
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message(format!("{path} is not a function")))?;
    let out = f.call(&JsValue::undefined(), args, ctx)?;
    out.as_object().ok_or_else(|| {
        JsNativeError::typ()
            .with_message(format!("{path} returned no object"))
            .into()
    })
}
