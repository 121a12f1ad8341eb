//! The parts of the API written in JS besides the prelude, evaluated on first use.
//!
//! Parsing and compiling JS was nearly all of a logic thread's start (issue #6: 78 of
//! 81 M instructions, most of them for APIs an app calls late or never). So the prelude
//! holds what every app needs at once (modules, `console`, the `wx` object and the
//! helpers the parts share), and each part below is evaluated the first time one of its
//! names is used:
//!
//! - `route.js`, `ui.js`, `request.js`, `storage.js`, `interaction.js`, `host_api.js`
//!   (split off the prelude, with its native bridge), `system.js`, `download.js`,
//!   `privacy.js`, and `later.js` (the helpers they share, loaded before the first of
//!   them; the answers to their calls go through it): until then their `wx` names are accessors on the prelude's `base`
//!   (the object behind the `wx` proxy), so `in`, `wx.canIUse` and `Object.keys(wx)`
//!   see them from the start; the first get or set of any evaluates the part, which
//!   replaces them with its functions. A FinClipConf.js loads `host_api.js` at launch; the view's answer to a
//!   route call finds `route.js` loaded.
//! - `component.js` ([`super::component`]): `Component` and `Behavior` are accessors on
//!   the global object, and the view's component messages load it first.
//! - A page's `createSelectorQuery` (`system.js`), `selectComponent` and
//!   `selectAllComponents` (`component.js`) are small natives that load their part.
//!
//! Every accessor and stub checks the watchdog like any native function.

use std::cell::RefCell;
use std::rc::Rc;

use boa_engine::object::builtins::JsArray;
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{
    js_string, Context, JsArgs, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction,
};

use super::globals::{call_source, eval_part, PRELUDE_PATH};
use super::thread::host;

/// A part of the API evaluated on first use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// The helpers the others share (`later.js`); no `wx` names of its own.
    Later,
    Route,
    Ui,
    Request,
    Storage,
    Interaction,
    HostApi,
    System,
    Download,
    Privacy,
}

impl Part {
    pub(super) const ALL: [Part; 10] = [
        Part::Later,
        Part::Route,
        Part::Ui,
        Part::Request,
        Part::Storage,
        Part::Interaction,
        Part::HostApi,
        Part::System,
        Part::Download,
        Part::Privacy,
    ];

    /// The name `native.part(name)` takes.
    fn name(self) -> &'static str {
        match self {
            Part::Later => "later",
            Part::Route => "route",
            Part::Ui => "ui",
            Part::Request => "request",
            Part::Storage => "storage",
            Part::Interaction => "interaction",
            Part::HostApi => "host",
            Part::System => "system",
            Part::Download => "download",
            Part::Privacy => "privacy",
        }
    }

    /// The `wx` names the part defines: its own list, or the host's functions.
    fn apis(self, ctx: &Context) -> Vec<String> {
        if self == Part::HostApi {
            let h = host(ctx);
            let h = h.borrow();
            return h.host_calls.apis.iter().map(|a| a.name.clone()).collect();
        }
        self.static_apis()
            .iter()
            .map(|n| (*n).to_string())
            .collect()
    }

    /// The `wx` names of the parts with a fixed list (all but the host's).
    pub(super) fn static_apis(self) -> &'static [&'static str] {
        match self {
            Part::Later | Part::HostApi => &[],
            Part::Route => &[
                "navigateTo",
                "redirectTo",
                "reLaunch",
                "switchTab",
                "navigateBack",
            ],
            Part::Ui => &[
                "pageScrollTo",
                "setNavigationBarTitle",
                "setNavigationBarColor",
                "startPullDownRefresh",
                "stopPullDownRefresh",
            ],
            Part::Request => &["request"],
            Part::Storage => &[
                "setStorageSync",
                "getStorageSync",
                "removeStorageSync",
                "clearStorageSync",
                "getStorageInfoSync",
                "setStorage",
                "getStorage",
                "removeStorage",
                "clearStorage",
                "getStorageInfo",
            ],
            Part::Interaction => &[
                "showToast",
                "showLoading",
                "hideToast",
                "hideLoading",
                "showModal",
                "showActionSheet",
            ],
            Part::System => &[
                "createSelectorQuery",
                "getNetworkType",
                "onNetworkStatusChange",
                "offNetworkStatusChange",
                "getAccountInfoSync",
                "getUpdateManager",
                "reportEvent",
            ],
            Part::Download => &["downloadFile"],
            Part::Privacy => &["authorize", "getSetting", "openSetting"],
        }
    }

    /// Evaluates the part; returns what its function returned (an empty object for
    /// the parts whose Rust side keeps what it needs). All but `later.js` load it first
    /// (`eval_part`).
    fn eval(self, ctx: &mut Context, exports: &JsObject, bridge: &JsObject) -> JsResult<JsObject> {
        // Frames of the prelude's parts are filtered out of error reports as the
        // prelude's are (thread::describe).
        let prelude_part = |ctx: &mut Context, source: &str, file: &str| {
            let path = format!("{PRELUDE_PATH}/{file}");
            eval_part(ctx, source, &path, bridge.clone(), exports)
        };
        match self {
            Part::Later => {
                let path = format!("{PRELUDE_PATH}/later.js");
                let base = exports.get(js_string!("base"), ctx)?;
                let helpers = exports.get(js_string!("helpers"), ctx)?;
                let args = [bridge.clone().into(), base, helpers];
                call_source(ctx, include_str!("later.js"), &path, &args)
            }
            Part::Route => prelude_part(ctx, include_str!("route.js"), "route.js"),
            Part::Ui => prelude_part(ctx, include_str!("ui.js"), "ui.js"),
            Part::Request => prelude_part(ctx, include_str!("request.js"), "request.js"),
            Part::Storage => prelude_part(ctx, include_str!("storage.js"), "storage.js"),
            Part::Interaction => {
                prelude_part(ctx, include_str!("interaction.js"), "interaction.js")
            }
            Part::HostApi => prelude_part(ctx, include_str!("host_api.js"), "host_api.js"),
            Part::System => {
                super::system::install(ctx, exports)?;
                Ok(JsObject::with_null_proto())
            }
            Part::Download => {
                super::download::install(ctx, exports)?;
                Ok(JsObject::with_null_proto())
            }
            Part::Privacy => {
                super::privacy::install(ctx, exports)?;
                Ok(JsObject::with_null_proto())
            }
        }
    }
}

/// Whether `component.js` has been evaluated; until then the `Page` global it is given.
enum Components {
    Waiting(JsObject),
    Loaded,
}

/// What loading a part needs, and what has been loaded.
struct Parts {
    /// The prelude's exports (`base`, `helpers`, `lazy`).
    exports: JsObject,
    /// The prelude's native bridge, which its parts share.
    bridge: JsObject,
    /// The parts evaluated so far, with what they returned.
    loaded: Vec<(Part, JsObject)>,
    components: Components,
    /// The page methods that load their part: `createSelectorQuery`,
    /// `selectComponent`, `selectAllComponents`.
    page_stubs: [JsObject; 3],
}

type PartsRef = Rc<RefCell<Parts>>;

fn state(ctx: &Context) -> Option<PartsRef> {
    ctx.get_data::<PartsRef>().cloned()
}

/// Drops the JS objects kept here, before the context goes.
pub(super) fn teardown(ctx: &mut Context) {
    drop(ctx.remove_data::<PartsRef>());
}

/// Makes every part load on first use. `exports` and `bridge` are the prelude's; the
/// `Page` global must be registered (`component.js` is given it).
pub(super) fn install(ctx: &mut Context, exports: &JsObject, bridge: &JsObject) -> JsResult<()> {
    let page = ctx
        .global_object()
        .get(js_string!("Page"), ctx)?
        .as_object()
        .ok_or_else(|| JsNativeError::typ().with_message("Page is not registered"))?;
    let stub = |f: fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>,
                name: &str,
                ctx: &mut Context| {
        JsObject::from(
            FunctionObjectBuilder::new(ctx.realm(), super::watchdog::guarded(f))
                .name(JsString::from(name))
                .length(1)
                .build(),
        )
    };
    let page_stubs = [
        stub(create_selector_query, "createSelectorQuery", ctx),
        stub(select_component, "selectComponent", ctx),
        stub(select_all_components, "selectAllComponents", ctx),
    ];
    ctx.insert_data::<PartsRef>(Rc::new(RefCell::new(Parts {
        exports: exports.clone(),
        bridge: bridge.clone(),
        loaded: Vec::new(),
        components: Components::Waiting(page),
        page_stubs,
    })));
    let lazy = exports
        .get(js_string!("lazy"), ctx)?
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message("the prelude has no lazy()"))?;
    for part in Part::ALL {
        let names = part.apis(ctx);
        if names.is_empty() {
            continue;
        }
        let names = JsArray::from_iter(names.into_iter().map(|n| JsString::from(n).into()), ctx);
        let name = JsValue::from(js_string!(part.name()));
        lazy.call(&JsValue::undefined(), &[name, names.into()], ctx)?;
    }
    for name in ["Component", "Behavior"] {
        let get = NativeFunction::from_copy_closure(move |_, _, ctx| {
            super::watchdog::check(ctx)?;
            components(ctx)?;
            ctx.global_object().get(JsString::from(name), ctx)
        });
        let set = NativeFunction::from_copy_closure(move |_, args, ctx| {
            super::watchdog::check(ctx)?;
            components(ctx)?;
            let v = args.get_or_undefined(0).clone();
            ctx.global_object()
                .set(JsString::from(name), v, true, ctx)?;
            Ok(JsValue::undefined())
        });
        let get = FunctionObjectBuilder::new(ctx.realm(), get).build();
        let set = FunctionObjectBuilder::new(ctx.realm(), set)
            .length(1)
            .build();
        // As `register_global_property` with WRITABLE | CONFIGURABLE would make it.
        let desc = PropertyDescriptor::builder()
            .get(get)
            .set(set)
            .enumerable(false)
            .configurable(true);
        ctx.global_object()
            .define_property_or_throw(JsString::from(name), desc, ctx)?;
    }
    Ok(())
}

/// `native.part(name)`: evaluates the part if it is not yet, and returns what it
/// returned.
pub(super) fn native_part(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let name = args
        .get_or_undefined(0)
        .to_string(ctx)?
        .to_std_string_escaped();
    let part = Part::ALL
        .into_iter()
        .find(|p| p.name() == name)
        .ok_or_else(|| JsNativeError::typ().with_message(format!("no API part {name}")))?;
    Ok(load(ctx, part)?.into())
}

/// Evaluates `part` unless it was; what it returned.
pub(super) fn load(ctx: &mut Context, part: Part) -> JsResult<JsObject> {
    let s =
        state(ctx).ok_or_else(|| JsNativeError::typ().with_message("API parts not installed"))?;
    let (exports, bridge) = {
        let s = s.borrow();
        if let Some((_, out)) = s.loaded.iter().find(|(p, _)| *p == part) {
            return Ok(out.clone());
        }
        (s.exports.clone(), s.bridge.clone())
    };
    // The part assigns its functions to `base`, which must not hold the accessors then.
    let base = exports
        .get(js_string!("base"), ctx)?
        .as_object()
        .ok_or_else(|| JsNativeError::typ().with_message("the prelude has no base"))?;
    for name in part.apis(ctx) {
        base.delete_property_or_throw(JsString::from(name), ctx)?;
    }
    let out = part.eval(ctx, &exports, &bridge)?;
    s.borrow_mut().loaded.push((part, out.clone()));
    Ok(out)
}

/// Evaluates `component.js` unless it was. The view's component messages call this
/// first; `Component`, `Behavior` and the page stubs do themselves.
pub(super) fn components(ctx: &mut Context) -> JsResult<()> {
    let Some(s) = state(ctx) else {
        return Ok(());
    };
    let page = match &s.borrow().components {
        Components::Loaded => return Ok(()),
        Components::Waiting(page) => page.clone(),
    };
    s.borrow_mut().components = Components::Loaded;
    let global = ctx.global_object();
    for name in ["Component", "Behavior"] {
        global.delete_property_or_throw(JsString::from(name), ctx)?;
    }
    // component.js takes the `Page` global: the one registered at start, as when it was
    // evaluated then, even if the app has since wrapped it.
    let current = global.get(js_string!("Page"), ctx)?;
    let wrapped = !current
        .as_object()
        .is_some_and(|c| JsObject::equals(&c, &page));
    if wrapped {
        global.set(js_string!("Page"), page, false, ctx)?;
    }
    let result = super::component::install(ctx);
    if wrapped {
        global.set(js_string!("Page"), current, false, ctx)?;
    }
    result
}

/// Gives a new page instance `createSelectorQuery`, `selectComponent` and
/// `selectAllComponents`: the parts' own once they are loaded, else the stubs.
pub(super) fn page_methods(ctx: &mut Context, instance: &JsObject) -> JsResult<()> {
    let Some(s) = state(ctx) else {
        super::system::page_methods(ctx, instance)?;
        return super::component::page_methods(ctx, instance);
    };
    let (system, components, stubs) = {
        let s = s.borrow();
        (
            s.loaded.iter().any(|(p, _)| *p == Part::System),
            matches!(s.components, Components::Loaded),
            s.page_stubs.clone(),
        )
    };
    let [query, select, select_all] = stubs;
    if system {
        super::system::page_methods(ctx, instance)?;
    } else {
        instance.set(js_string!("createSelectorQuery"), query, true, ctx)?;
    }
    if components {
        super::component::page_methods(ctx, instance)?;
    } else {
        instance.set(js_string!("selectComponent"), select, true, ctx)?;
        instance.set(js_string!("selectAllComponents"), select_all, true, ctx)?;
    }
    Ok(())
}

/// Calls the page method `name` that `fill` puts on a page instance, with `this` and
/// `args`.
fn call_page_method(
    this: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
    name: &str,
    fill: fn(&mut Context, &JsObject) -> JsResult<()>,
) -> JsResult<JsValue> {
    let holder = JsObject::with_object_proto(ctx.intrinsics());
    fill(ctx, &holder)?;
    let f = holder.get(JsString::from(name), ctx)?;
    let f = f
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message(format!("{name} is not available")))?;
    f.call(this, args, ctx)
}

/// A page's `createSelectorQuery()` before `system.js` is loaded.
fn create_selector_query(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    load(ctx, Part::System)?;
    call_page_method(
        this,
        args,
        ctx,
        "createSelectorQuery",
        super::system::page_methods,
    )
}

/// A page's `selectComponent(selector)` before `component.js` is loaded.
fn select_component(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    components(ctx)?;
    call_page_method(
        this,
        args,
        ctx,
        "selectComponent",
        super::component::page_methods,
    )
}

/// A page's `selectAllComponents(selector)` before `component.js` is loaded.
fn select_all_components(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    components(ctx)?;
    call_page_method(
        this,
        args,
        ctx,
        "selectAllComponents",
        super::component::page_methods,
    )
}
