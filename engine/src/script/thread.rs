//! The logic thread's loop: owns the boa [`Context`], handles one [`ToLogic`] message at
//! a time, runs the promise jobs it caused and acknowledges it with [`ToView::Done`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{mpsc, Arc};

use boa_engine::builtins::promise::Promise;
use boa_engine::builtins::promise::{OperationType, PromiseState};
use boa_engine::context::HostHooks;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{js_string, Context, JsError, JsObject, JsResult, JsString, JsValue};
use serde_json::{Map, Value};

use super::watchdog::StopReason;
use super::{
    globals, modules, navigation, page, timers, LogicOptions, ScriptSource, SystemInfo, ToLogic,
    ToView,
};

/// Host state shared by the native functions, stored on the context
/// (`Context::insert_data`) as a [`HostRef`]. Never keep it borrowed across a JS call.
pub(super) struct Host {
    /// The app package.
    pub source: Arc<dyn ScriptSource>,
    /// The channel to the view.
    pub to_view: mpsc::Sender<ToView>,
    /// What `wx.getSystemInfoSync()` returns.
    pub system_info: SystemInfo,
    /// The object given to `App()`.
    pub app: Option<JsObject>,
    /// `Page()` options by route, registered while the route's file was evaluated.
    pub page_defs: HashMap<String, JsObject>,
    /// The route whose file is being evaluated, for `Page()`.
    pub loading_route: Option<String>,
    /// Live page instances in creation order (stacked pages and kept tab pages).
    pub pages: Vec<PageSlot>,
    /// Live custom component instances (`route` holds the component path).
    pub components: Vec<PageSlot>,
    /// The page stack as `getCurrentPages()` reports it: page ids, root first.
    pub stack: Vec<u32>,
    /// `setData` callbacks waiting for [`ToLogic::PatchApplied`]: (function, this).
    pub callbacks: HashMap<u64, (JsObject, JsObject)>,
    /// The next `setData` callback id.
    pub next_callback: u64,
    /// The prelude's module loader: `load(path) -> exports`.
    pub load: Option<JsObject>,
    /// The app's launch options (`getLaunchOptionsSync`, `App.onShow`).
    pub launch_options: Value,
    /// The prelude's `routeDone(id, failMsg)`, which settles a route API call.
    pub route_done: Option<JsObject>,
    /// Set while `App.onError` runs, so an error in it is not reported to itself.
    pub in_on_error: bool,
    /// Promises rejected with no handler yet; reported after the jobs of a message ran.
    pub rejected: Vec<JsObject>,
    /// Pending `setTimeout`/`setInterval` timers by id.
    pub timers: HashMap<u32, timers::Timer>,
    /// The next timer id (never 0, so `if (timer)` works in JS).
    pub next_timer: u32,
    /// `wx.request` calls running on workers and queued.
    pub requests: super::request::Requests,
    /// The prelude's `apiDone(id, ok, payload)`, which settles an async API call.
    pub api_done: Option<JsObject>,
    /// The prelude's `appEvent(kind, options)`: launch options and the `wx.onAppShow` /
    /// `wx.onAppHide` listeners.
    pub app_event: Option<JsObject>,
    /// `wx.*Storage*`.
    pub storage: super::storage::Storage,
    /// Host functions (`ft.<name>`) and their unanswered async calls.
    pub host_calls: super::host_api::HostCalls,
    /// The prelude's `hostDone(id, ok, payload)`, which settles an async host call.
    pub host_done: Option<JsObject>,
    /// The prelude's `readFinClipConf()`, run before `app.js`.
    pub read_finclip_conf: Option<JsObject>,
    /// The prelude's `interactionDone(id, ok, payload)`, which settles a modal or
    /// action sheet call.
    pub interaction_done: Option<JsObject>,
    /// Time and memory limits, and what the current message has used.
    pub watchdog: super::watchdog::WatchdogState,
}

/// A live page instance.
pub(super) struct PageSlot {
    /// The view's page id.
    pub id: u32,
    /// The page route, e.g. `pages/index/index`.
    pub route: String,
    /// The JS page instance (`this` in page methods).
    pub instance: JsObject,
}

/// How native functions reach the [`Host`].
pub(super) type HostRef = Rc<RefCell<Host>>;

/// The host state of `ctx`.
pub(super) fn host(ctx: &Context) -> HostRef {
    match ctx.get_data::<HostRef>() {
        Some(h) => h.clone(),
        // `run` inserts the host before any JS runs; this is unreachable in practice,
        // but a panic on the logic thread would lose every page, so degrade instead.
        None => unreachable_host(),
    }
}

#[cold]
fn unreachable_host() -> HostRef {
    log::error!(target: "mica::js", "host state missing from the JS context");
    let (tx, _) = mpsc::channel();
    Rc::new(RefCell::new(Host::new(
        Arc::new(NoScripts),
        tx,
        SystemInfo::default(),
    )))
}

struct NoScripts;
impl ScriptSource for NoScripts {
    fn read_script(&self, _: &str) -> Option<String> {
        None
    }
}

impl Host {
    fn new(source: Arc<dyn ScriptSource>, to_view: mpsc::Sender<ToView>, info: SystemInfo) -> Self {
        Self {
            source,
            to_view,
            system_info: info,
            app: None,
            page_defs: HashMap::new(),
            loading_route: None,
            pages: Vec::new(),
            components: Vec::new(),
            stack: Vec::new(),
            callbacks: HashMap::new(),
            next_callback: 1,
            load: None,
            route_done: None,
            in_on_error: false,
            rejected: Vec::new(),
            timers: HashMap::new(),
            next_timer: 1,
            requests: super::request::Requests::default(),
            api_done: None,
            app_event: None,
            launch_options: Value::Null,
            storage: super::storage::Storage::default(),
            host_calls: super::host_api::HostCalls::default(),
            host_done: None,
            read_finclip_conf: None,
            interaction_done: None,
            watchdog: super::watchdog::WatchdogState::default(),
        }
    }

    /// Async work the view may wait for: requests and host calls not answered yet.
    pub fn in_flight(&self) -> usize {
        self.requests.in_flight() + self.host_calls.pending.len()
    }
}

/// Sends `msg` to the view; a closed channel only means the view is shutting down.
pub(super) fn send(ctx: &Context, msg: ToView) {
    if host(ctx).borrow().to_view.send(msg).is_err() {
        log::debug!(target: "mica::js", "view channel closed");
    }
}

/// Reports a script error: log, [`ToView::Error`], and `App.onError(message)`.
pub(super) fn report_message(ctx: &mut Context, message: String) {
    log::error!(target: "mica::js", "{message}");
    send(
        ctx,
        ToView::Error {
            message: message.clone(),
        },
    );
    call_on_error(ctx, &message);
}

/// Reports a script the watchdog stopped: log, [`ToView::Stopped`] (the view shows an
/// error overlay), and `App.onError(message)`, which runs with a fresh time budget.
pub(super) fn report_stopped(ctx: &mut Context, message: String) {
    log::error!(target: "mica::js", "{message}");
    send(
        ctx,
        ToView::Stopped {
            message: message.clone(),
        },
    );
    let saved = {
        let h = host(ctx);
        let mut h = h.borrow_mut();
        let saved = (h.watchdog.busy_since, h.watchdog.stopped);
        h.watchdog.begin();
        saved
    };
    call_on_error(ctx, &message);
    let h = host(ctx);
    let mut h = h.borrow_mut();
    h.watchdog.busy_since = saved.0;
    h.watchdog.stopped = saved.1;
}

/// Calls `App.onError(message)`, unless it is the one failing.
fn call_on_error(ctx: &mut Context, message: &str) {
    let h = host(ctx);
    let app = {
        let mut h = h.borrow_mut();
        if h.in_on_error {
            return;
        }
        h.in_on_error = true;
        h.app.clone()
    };
    if let Some(app) = app {
        if let Ok(f) = app.get(js_string!("onError"), ctx) {
            if let Some(f) = f.as_callable() {
                let arg = JsValue::from(JsString::from(message));
                if let Err(e) = f.call(&app.clone().into(), &[arg], ctx) {
                    let text = describe(&e, ctx);
                    log::error!(target: "mica::js", "App.onError threw: {text}");
                    send(
                        ctx,
                        ToView::Error {
                            message: format!("App.onError threw: {text}"),
                        },
                    );
                }
            }
        }
    }
    h.borrow_mut().in_on_error = false;
}

/// Reports `err`, raised while doing `what`.
pub(super) fn report(ctx: &mut Context, what: &str, err: &JsError) {
    if super::watchdog::is_limit(err) {
        let reason = host(ctx).borrow().watchdog.stopped;
        let text = super::watchdog::describe(reason, Some(err));
        report_stopped(ctx, format!("{what}: {text}"));
        return;
    }
    let text = describe(err, ctx);
    report_message(ctx, format!("{what}: {text}"));
}

/// A readable description of `err`: `Error: message` plus position or stack when boa has
/// them.
pub(super) fn describe(err: &JsError, ctx: &mut Context) -> String {
    let text = modules::fix_first_line_columns(&describe_raw(err, ctx));
    // Frames of the module loader are noise to a mini-program developer.
    text.lines()
        .filter(|l| !l.contains(globals::PRELUDE_PATH))
        .collect::<Vec<_>>()
        .join("\n")
}

fn describe_raw(err: &JsError, ctx: &mut Context) -> String {
    if let Some(value) = err.as_opaque() {
        let value = value.clone();
        if let Some(obj) = value.as_object() {
            let stack = obj
                .get(js_string!("stack"), ctx)
                .ok()
                .and_then(|s| s.as_string())
                .map(|s| s.to_std_string_escaped());
            let mut head = value
                .to_string(ctx)
                .map(|s| s.to_std_string_escaped())
                .unwrap_or_else(|_| "uncaught exception".into());
            if head == "[object Object]" {
                // `throw { code: 1 }`: show the object rather than its class.
                if let Ok(Some(json)) = page::to_json(ctx, &value) {
                    head = format!("uncaught exception: {json}");
                }
            }
            return match stack {
                Some(stack) if !stack.trim().is_empty() => {
                    format!("{head}\n{}", stack.trim_end())
                }
                _ => head,
            };
        }
        return match value.to_string(ctx) {
            Ok(s) => format!("uncaught exception: {}", s.to_std_string_escaped()),
            Err(_) => "uncaught exception".into(),
        };
    }
    err.to_string()
}

/// Calls `this[name](...args)` if it is a function. `None` if there is no such method.
pub(super) fn call_method(
    ctx: &mut Context,
    this: &JsObject,
    name: &str,
    args: &[JsValue],
) -> Option<JsResult<JsValue>> {
    let f = match this.get(JsString::from(name), ctx) {
        Ok(f) => f,
        Err(e) => return Some(Err(e)),
    };
    let f = f.as_callable()?;
    Some(f.call(&this.clone().into(), args, ctx))
}

/// Calls lifecycle method `name` if defined, reporting an exception.
pub(super) fn call_lifecycle(
    ctx: &mut Context,
    what: &str,
    this: &JsObject,
    name: &str,
    args: &[JsValue],
) {
    if let Some(Err(e)) = call_method(ctx, this, name, args) {
        report(ctx, &format!("{what} {name}"), &e);
    }
}

/// Converts a JSON value into JS, reporting (and replacing with `undefined`) a failure.
pub(super) fn json_to_js(ctx: &mut Context, value: &Value) -> JsValue {
    match JsValue::from_json(value, ctx) {
        Ok(v) => v,
        Err(e) => {
            report(ctx, "converting JSON to JS", &e);
            JsValue::undefined()
        }
    }
}

/// The thread body: set up the context, report readiness, then serve messages.
pub(super) fn run(
    source: Arc<dyn ScriptSource>,
    to_view: mpsc::Sender<ToView>,
    options: LogicOptions,
    rx: mpsc::Receiver<(u64, ToLogic)>,
    to_self: mpsc::Sender<(u64, ToLogic)>,
    ready: mpsc::Sender<Result<(), String>>,
) {
    let mut ctx = match Context::builder().host_hooks(Rc::new(Hooks)).build() {
        Ok(ctx) => ctx,
        Err(e) => {
            let _ = ready.send(Err(e.to_string()));
            return;
        }
    };
    // 0: calibrate this device's limit, once the thread first has nothing to do (so it
    // costs the app's start nothing); until then a fixed one.
    let mut calibrate = options.loop_iteration_limit == 0;
    let loop_budget = options.watchdog.loop_budget;
    let loop_limit = match options.loop_iteration_limit {
        0 => super::watchdog::DEFAULT_LOOP_LIMIT,
        n => n,
    };
    {
        let limits = ctx.runtime_limits_mut();
        limits.set_loop_iteration_limit(loop_limit);
        limits.set_recursion_limit(options.recursion_limit);
        limits.set_stack_size_limit(options.stack_size_limit);
        limits.set_backtrace_limit(10);
    }
    let host: HostRef = Rc::new(RefCell::new(Host::new(
        source,
        to_view,
        options.system_info,
    )));
    {
        let mut h = host.borrow_mut();
        h.host_calls = super::host_api::HostCalls::new(
            options.host_apis,
            options.host_grants,
            to_self.clone(),
        );
        h.requests.to_logic = Some(to_self);
        h.requests.policy = options.network;
        h.requests.temp = Some(options.temp_files);
        h.storage = super::storage::Storage::open(options.storage_path);
        h.watchdog = super::watchdog::WatchdogState::new(options.watchdog);
    }
    ctx.insert_data(host);
    super::system::setup(&mut ctx, options.account, options.events);
    super::privacy::setup(&mut ctx, options.privacy);
    if let Err(e) = globals::install(&mut ctx) {
        let text = describe(&e, &mut ctx);
        let _ = ready.send(Err(text));
        return;
    }
    if ready.send(Ok(())).is_err() {
        return;
    }
    // Messages handled so far: calibration waits for the app's launch and first page.
    let mut handled = 0u32;
    loop {
        timers::run_due(&mut ctx);
        if calibrate && handled >= 2 {
            match rx.try_recv() {
                Err(mpsc::TryRecvError::Empty) => {
                    calibrate = false;
                    let limit = super::watchdog::calibrate(&mut ctx, loop_budget);
                    log::debug!(target: "mica::js", "loop iteration limit {limit}");
                    ctx.runtime_limits_mut().set_loop_iteration_limit(limit);
                    continue;
                }
                Err(mpsc::TryRecvError::Disconnected) => break,
                Ok(m) => {
                    if !handle_message(&mut ctx, m) {
                        break;
                    }
                    handled = handled.saturating_add(1);
                    continue;
                }
            }
        }
        let received = match timers::next_due(&ctx) {
            None => rx.recv().ok(),
            Some(due) => {
                let wait = due.saturating_duration_since(std::time::Instant::now());
                match rx.recv_timeout(wait) {
                    Ok(m) => Some(m),
                    Err(mpsc::RecvTimeoutError::Timeout) => continue,
                    Err(mpsc::RecvTimeoutError::Disconnected) => None,
                }
            }
        };
        let Some(m) = received else {
            break;
        };
        if !handle_message(&mut ctx, m) {
            break;
        }
        handled = handled.saturating_add(1);
    }
    // Drop the JS objects the host keeps before the context goes.
    super::system::teardown(&mut ctx);
    super::component::teardown(&mut ctx);
    super::json::teardown(&mut ctx);
    super::parts::teardown(&mut ctx);
    drop(ctx.remove_data::<HostRef>());
}

/// A message (or timer callback) and its promise jobs are done: the watchdog's clock
/// stops, and memory past the budget is reported (once, until it recovers).
pub(super) fn end_of_message(ctx: &mut Context) {
    let h = host(ctx);
    let stopped = {
        let mut h = h.borrow_mut();
        let stopped = h.watchdog.stopped;
        h.watchdog.end();
        stopped
    };
    let stopped_for_memory = matches!(stopped, Some(StopReason::Memory(..)));
    if !stopped_for_memory && h.borrow().watchdog.memory_over().is_none() {
        return;
    }
    // Garbage from a stopped script may be all there is; collect before judging.
    boa_gc::force_collect();
    let over = h.borrow().watchdog.memory_over();
    // What the allocator keeps after a collection is not the app's to give back, and
    // charging it again would stop every later event: the budget counts from here on.
    h.borrow_mut().watchdog.rebaseline();
    if let (Some(reason), false) = (over, stopped_for_memory) {
        let text = super::watchdog::describe(Some(reason), None);
        report_stopped(ctx, format!("app: {text}"));
    }
}

/// Handles one message with its promise jobs and acknowledges it; false on `Shutdown`.
fn handle_message(ctx: &mut Context, (seq, msg): (u64, ToLogic)) -> bool {
    if matches!(msg, ToLogic::Shutdown) {
        return false;
    }
    host(ctx).borrow_mut().watchdog.begin();
    handle_contained(ctx, msg);
    if let Err(e) = ctx.run_jobs() {
        report(ctx, "promise job", &e);
    }
    report_unhandled_rejections(ctx);
    end_of_message(ctx);
    ctx.clear_kept_objects();
    // Workers' results were not sent by the view: nothing to acknowledge, but the
    // view may be waiting for the requests to finish.
    if seq == super::request::WORKER_SEQ {
        super::request::report_in_flight(ctx);
    } else {
        send(ctx, ToView::Done { seq });
    }
    true
}

/// Tracks promises rejected without a handler (HostPromiseRejectionTracker, ECMA-262
/// §9.5.2), so `async` handlers that throw are reported like synchronous ones.
#[derive(Debug)]
struct Hooks;

impl HostHooks for Hooks {
    /// `ArrayBuffer`s larger than the memory budget are refused (a `RangeError`).
    fn max_buffer_size(&self, ctx: &mut Context) -> u64 {
        let budget = host(ctx).borrow().watchdog.limits.memory_budget;
        budget.unwrap_or(u64::MAX).min(1 << 32)
    }

    fn promise_rejection_tracker(
        &self,
        promise: &JsObject<Promise>,
        operation: OperationType,
        ctx: &mut Context,
    ) {
        let promise = promise.clone().upcast();
        let h = host(ctx);
        let mut h = h.borrow_mut();
        match operation {
            OperationType::Reject => h.rejected.push(promise),
            OperationType::Handle => h.rejected.retain(|p| !JsObject::equals(p, &promise)),
        }
    }
}

/// Reports promises that were rejected and still have no handler.
pub(super) fn report_unhandled_rejections(ctx: &mut Context) {
    let rejected = std::mem::take(&mut host(ctx).borrow_mut().rejected);
    for promise in rejected {
        let Ok(promise) = JsPromise::from_object(promise) else {
            continue;
        };
        if let PromiseState::Rejected(reason) = promise.state() {
            let err = JsError::from_opaque(reason);
            report(ctx, "unhandled promise rejection", &err);
        }
    }
}

/// [`handle`], with a panic in Mica's own code (a bug) contained: it is reported like a
/// script error and the app goes on with its next message, instead of the logic thread
/// and every page with it dying.
fn handle_contained(ctx: &mut Context, msg: ToLogic) {
    let what = format!("{msg:?}");
    let what: String = what.chars().take(120).collect();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(ctx, msg)));
    if let Err(panic) = caught {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        // A panic may have left a host borrow or JS state half-done; the next message
        // starts from the host's state as it is, which is all the app can have.
        report_message(
            ctx,
            format!("internal error in Mica while handling {what}: {reason}"),
        );
    }
}

fn handle(ctx: &mut Context, msg: ToLogic) {
    if matches!(
        msg,
        ToLogic::LoadComponents { .. }
            | ToLogic::ComponentsAttached { .. }
            | ToLogic::ComponentsDetached { .. }
            | ToLogic::ComponentProps { .. }
    ) {
        // component.js is evaluated on first use (parts.rs).
        if let Err(e) = super::parts::components(ctx) {
            report(ctx, "components", &e);
            return;
        }
    }
    match msg {
        ToLogic::LaunchApp { query, path } => launch_app(ctx, &path, &query),
        ToLogic::AppVisibility { show } => app_visibility(ctx, show),
        ToLogic::LoadPage {
            page_id,
            route,
            query,
        } => page::load_page(ctx, page_id, &route, &query),
        ToLogic::LoadComponents { paths } => super::component::load(ctx, &paths),
        ToLogic::ComponentsAttached { page_id, list } => {
            super::component::attached(ctx, page_id, &list);
        }
        ToLogic::ComponentsDetached { ids } => super::component::detached(ctx, &ids),
        ToLogic::ComponentProps { id, props } => super::component::props(ctx, id, &props),
        ToLogic::PageReady { page_id } => {
            if let Some((route, instance)) = page::find(ctx, page_id) {
                call_lifecycle(ctx, &format!("page {route}"), &instance, "onReady", &[]);
            } else {
                report_message(ctx, format!("PageReady for unknown page {page_id}"));
            }
        }
        ToLogic::Event {
            page_id,
            handler,
            event,
        } => {
            page::dispatch_event(ctx, page_id, &handler, &event);
        }
        ToLogic::EventReturning {
            page_id,
            handler,
            event,
            reply_id,
        } => {
            let value = page::dispatch_event(ctx, page_id, &handler, &event);
            send(ctx, ToView::EventReturned { reply_id, value });
        }
        ToLogic::PatchApplied { callback_id } => page::patch_applied(ctx, callback_id),
        ToLogic::HidePage { page_id } => navigation::lifecycle(ctx, page_id, "onHide"),
        ToLogic::ShowPage { page_id } => navigation::lifecycle(ctx, page_id, "onShow"),
        ToLogic::UnloadPage { page_id } => navigation::unload(ctx, page_id),
        ToLogic::SetStack { pages } => navigation::set_stack(ctx, pages),
        ToLogic::RouteDone { request_id, result } => {
            navigation::route_done(ctx, request_id, result);
        }
        ToLogic::PageHook { page_id, name, arg } => page::page_hook(ctx, page_id, &name, &arg),
        ToLogic::ApiDone { id, result } => super::request::done(ctx, id, result),
        ToLogic::ApiEvent { id, event, payload } => {
            super::request::event(ctx, id, &event, &payload);
        }
        ToLogic::HostDone { id, result } => super::host_api::done(ctx, id, result),
        ToLogic::InteractionDone { request_id, result } => {
            super::interaction::done(ctx, request_id, result);
        }
        ToLogic::SelectorQueryDone {
            request_id,
            results,
        } => super::query::done(ctx, request_id, results),
        ToLogic::Shutdown => {}
    }
}

/// Runs the prelude's `appEvent(kind, options)`.
fn app_event(ctx: &mut Context, kind: &str, options: &JsValue) {
    let Some(f) = host(ctx).borrow().app_event.clone() else {
        return;
    };
    let kind = JsValue::from(JsString::from(kind));
    if let Err(e) = f.call(&JsValue::undefined(), &[kind, options.clone()], ctx) {
        report(ctx, "app event", &e);
    }
}

/// `AppVisibility`: the app went to the background (`App.onHide`, then the
/// `wx.onAppHide` listeners) or came back (`App.onShow(options)`, `wx.onAppShow`).
fn app_visibility(ctx: &mut Context, show: bool) {
    let app = host(ctx).borrow().app.clone();
    let options = host(ctx).borrow().launch_options.clone();
    let options = json_to_js(ctx, &options);
    if let Some(app) = app {
        let (name, args) = if show {
            ("onShow", std::slice::from_ref(&options))
        } else {
            ("onHide", &[][..])
        };
        call_lifecycle(ctx, "App", &app, name, args);
    }
    app_event(ctx, if show { "show" } else { "hide" }, &options);
}

fn launch_app(ctx: &mut Context, path: &str, query: &Map<String, Value>) {
    // A FinClip app's `FinClipConf.js` declares the host APIs it calls (`extApi`).
    let conf = host(ctx).borrow().read_finclip_conf.clone();
    if let Some(f) = conf {
        if let Err(e) = f.call(&JsValue::undefined(), &[], ctx) {
            report(ctx, "FinClipConf.js", &e);
        }
    }
    if let Err(e) = modules::load(ctx, "app.js") {
        report(ctx, "app.js", &e);
    }
    let Some(app) = host(ctx).borrow().app.clone() else {
        log::warn!(target: "mica::js", "app.js did not call App()");
        return;
    };
    // WeChat's launch options: the entry page and its query; scene 1001 is "opened
    // from the app list", the nearest to a device starting its app.
    let options = serde_json::json!({
        "path": path,
        "query": query,
        "scene": 1001,
        "referrerInfo": {},
    });
    host(ctx).borrow_mut().launch_options = options.clone();
    let options = json_to_js(ctx, &options);
    app_event(ctx, "launch", &options);
    call_lifecycle(ctx, "App", &app, "onLaunch", std::slice::from_ref(&options));
    call_lifecycle(ctx, "App", &app, "onShow", &[options]);
}
