//! The logic thread: runs a mini-program's JavaScript (`app.js`, page scripts and the
//! files they `require`) in boa, and talks to the view thread only through channels.
//!
//! All boa calls in Mica live in this module; nothing outside it names a boa type.
//!
//! ```no_run
//! use std::{collections::HashMap, sync::{mpsc, Arc}};
//! use mica_engine::script::{spawn_logic, ScriptSource, ToLogic, ToView};
//!
//! struct Files(HashMap<String, String>);
//! impl ScriptSource for Files {
//!     fn read_script(&self, path: &str) -> Option<String> {
//!         self.0.get(path).cloned()
//!     }
//! }
//!
//! let mut files = HashMap::new();
//! files.insert("app.js".to_string(), "App({ globalData: {} })".to_string());
//! files.insert(
//!     "pages/index/index.js".to_string(),
//!     "Page({ data: { n: 1 }, tap() { this.setData({ n: this.data.n + 1 }) } })".to_string(),
//! );
//! let (tx, rx) = mpsc::channel();
//! let logic = spawn_logic(Arc::new(Files(files)), tx).expect("spawn");
//! logic.send(ToLogic::LaunchApp { path: "pages/index/index".into(), query: Default::default() });
//! logic.send(ToLogic::LoadPage {
//!     page_id: 1,
//!     route: "pages/index/index".into(),
//!     query: Default::default(),
//! });
//! while let Ok(msg) = rx.recv() {
//!     if let ToView::InitialData { data, .. } = msg {
//!         assert_eq!(data["n"], 1);
//!         break;
//!     }
//! }
//! ```
//!
//! The flow per page follows WeChat: `LoadPage` evaluates the page file once per route
//! (its `Page({...})` registers the options), creates an instance, sends
//! [`ToView::InitialData`], then calls `onLoad(query)` and `onShow()`. `this.setData`
//! updates `this.data` synchronously and sends a [`ToView::Patch`]. Every [`ToLogic`]
//! message is acknowledged with [`ToView::Done`] once it and its promise jobs have run.
//!
//! The page stack belongs to the view: `wx.navigateTo` and the other route APIs only send
//! a [`ToView::Navigate`] request. The view checks it, drives the lifecycle with
//! [`ToLogic::HidePage`], [`ToLogic::LoadPage`], [`ToLogic::UnloadPage`],
//! [`ToLogic::ShowPage`] and [`ToLogic::PageReady`] in WeChat's order, and answers with
//! [`ToLogic::RouteDone`], which runs the call's `success`/`fail`/`complete` or settles its
//! promise.

mod component;
mod globals;
mod host_api;
mod interaction;
// setData's values and JSON.stringify without JSON text.
mod json;
mod modules;
mod navigation;
mod page;
// The API's JS parts evaluated on first use (component.js, request.js, ...).
mod parts;
mod request;
mod storage;
// wx.downloadFile; wx.authorize, getSetting, openSetting.
mod download;
mod privacy;
// wx.createSelectorQuery, getNetworkType, getAccountInfoSync, getUpdateManager,
// reportEvent.
mod events;
mod query;
mod system;
#[cfg(test)]
mod tests;
mod thread;
mod timers;
mod watchdog;

pub use download::TempFiles;
pub use events::{
    app_dir_name, drain_events, events_path, EventQueue, ReportedEvent, EVENTS_FILE,
    MAX_EVENT_BYTES, MAX_QUEUED_BYTES, MAX_QUEUED_EVENTS,
};
pub use interaction::{ActionSheet, HideToast, Interaction, Modal, Toast, ToastIcon};
pub use privacy::PrivacyOptions;
pub use query::{NodeFields, NodeRequest, NodeTarget};
pub use request::NetworkPolicy;
pub use system::{network_type, AccountInfo, EnvVersion};
pub use watchdog::{resident_bytes, Watchdog};
pub mod wxs;

use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;

use serde_json::{Map, Value};

/// One script file of the app package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptFile {
    /// Path relative to the app root, e.g. `app.js`, `pages/index/index.js`.
    pub path: String,
    /// The file's JavaScript source.
    pub source: String,
}

/// Where the logic thread reads the app's script files from (the app package).
pub trait ScriptSource: Send + Sync + 'static {
    /// The source of `path` (relative to the app root, e.g. `utils/util.js`), if present.
    fn read_script(&self, path: &str) -> Option<String>;
}

/// A message from the runtime to the logic thread.
#[derive(Debug, Clone, PartialEq)]
pub enum ToLogic {
    /// Run `app.js` (its `App({...})` registers), then call `onLaunch(options)` and
    /// `onShow(options)`.
    LaunchApp {
        /// The entry page's route.
        path: String,
        /// The launch query.
        query: Map<String, Value>,
    },
    /// The app went to the background (`show: false`: a device's home screen, another
    /// app, the screen off) or came back: `App.onHide` / `App.onShow(options)` and the
    /// `wx.onAppHide` / `wx.onAppShow` listeners.
    AppVisibility {
        /// Came back (true) or left (false).
        show: bool,
    },
    /// Evaluate `route + ".js"` (once per route), create a page instance, push it on the
    /// page stack (`getCurrentPages()`), send [`ToView::InitialData`], then call
    /// `onLoad(query)` and `onShow()`.
    LoadPage {
        /// The view's id for this page instance.
        page_id: u32,
        /// The page route, e.g. `pages/index/index`.
        route: String,
        /// The page query (`this.options`, the argument of `onLoad`).
        query: Map<String, Value>,
    },
    /// The page's first frame was presented: call `onReady`.
    PageReady {
        /// The page instance.
        page_id: u32,
    },
    /// The page was covered (another page opened over it, or its tab switched away):
    /// call `onHide`.
    HidePage {
        /// The page instance.
        page_id: u32,
    },
    /// A kept page is on screen again (revealed by `navigateBack`, or its tab switched
    /// back to): call `onShow`.
    ShowPage {
        /// The page instance.
        page_id: u32,
    },
    /// The page is closed: call `onUnload`, then drop the instance and take it off the
    /// page stack.
    UnloadPage {
        /// The page instance.
        page_id: u32,
    },
    /// The page stack, root first, as `getCurrentPages()` reports it. Only needed when
    /// pages leave or join the stack without being loaded or unloaded (`switchTab` keeps
    /// tab pages alive outside the stack).
    SetStack {
        /// Page instances, root first.
        pages: Vec<u32>,
    },
    /// The view finished (or refused) the [`ToView::Navigate`] request `request_id`: run
    /// its callbacks or settle its promise.
    RouteDone {
        /// The id sent in [`ToView::Navigate`].
        request_id: u64,
        /// `Err` carries the whole errMsg, e.g. `navigateTo:fail webview count limit
        /// exceed`.
        result: Result<(), String>,
    },
    /// Load the scripts of these custom components (`<path>.js`, whose `Component()`
    /// registers), then send their declarations in [`ToView::ComponentDefs`].
    LoadComponents {
        /// Component paths without extension.
        paths: Vec<String>,
    },
    /// The view created these custom component instances on page `page_id`: create
    /// their JS instances and run `created`, `attached`, then `ready`.
    ComponentsAttached {
        /// The page they are on.
        page_id: u32,
        /// The instances, enclosing ones first.
        list: Vec<crate::view::component::Created>,
    },
    /// These component instances left the page: run `detached` and drop them.
    ComponentsDetached {
        /// The instances.
        ids: Vec<u32>,
    },
    /// The enclosing data gave component `id` new property values (already shown):
    /// update its `data` and run its property observers.
    ComponentProps {
        /// The instance.
        id: u32,
        /// Property → new value.
        props: Map<String, Value>,
    },
    /// Call method `handler` of the page (or of the custom component instance with
    /// this id) with `event`.
    Event {
        /// The page instance, or a component instance.
        page_id: u32,
        /// The method name, from `bindtap="handler"`.
        handler: String,
        /// The event object (`type`, `target`, `currentTarget.dataset`, `detail`, ...).
        event: Value,
    },
    /// Like [`ToLogic::Event`], and what the handler returns comes back in
    /// [`ToView::EventReturned`]: an `input` handler that returns a string replaces the
    /// field's value, as WeChat documents for `bindinput`.
    EventReturning {
        /// The page instance.
        page_id: u32,
        /// The method name.
        handler: String,
        /// The event object.
        event: Value,
        /// Echoed in [`ToView::EventReturned`].
        reply_id: u64,
    },
    /// The view applied a `setData` patch: run its callback.
    PatchApplied {
        /// The id sent in [`ToView::Patch`].
        callback_id: u64,
    },
    /// Calls page method `name(arg)` if the page defines it (`onKeyDown`): an optional
    /// hook, so a page without it is not an error.
    PageHook {
        /// The page instance.
        page_id: u32,
        /// The method name.
        name: String,
        /// Its one argument.
        arg: Value,
    },
    /// A worker finished `wx.request` or `wx.downloadFile` `id` (sent by the worker, not
    /// the view): the response (`statusCode`, `header`, `body`; for a download
    /// `statusCode`, `tempFilePath`) or the `errMsg` detail.
    ApiDone {
        /// The prelude's id for the call.
        id: u64,
        /// The outcome.
        result: Result<Value, String>,
    },
    /// A worker's news of running request `id` before it is done: a download's
    /// `headers` (`{header}`) and `progress` (`{progress, totalBytesWritten,
    /// totalBytesExpectedToWrite}`), for the `DownloadTask`'s listeners.
    ApiEvent {
        /// The prelude's id for the call.
        id: u64,
        /// `headers` or `progress`.
        event: String,
        /// The listeners' argument.
        payload: Value,
    },
    /// Stop the logic thread.
    Shutdown,
    /// An async host function answered call `id` ([`crate::host::Reply`]).
    HostDone {
        /// The call.
        id: u64,
        /// The result, or the failure message.
        result: Result<Value, String>,
    },
    /// The user closed the modal or action sheet of [`ToView::Interaction`] request
    /// `request_id`: run its callbacks or settle its promise.
    InteractionDone {
        /// The id in the [`Interaction`].
        request_id: u64,
        /// The success result without `errMsg` (`{confirm, cancel}`, `{tapIndex}`), or
        /// the whole errMsg (`showActionSheet:fail cancel`).
        result: Result<Value, String>,
    },
    /// The view answered [`ToView::SelectorQuery`] `request_id`: run the query's
    /// callbacks with `results`.
    SelectorQueryDone {
        /// The id sent in [`ToView::SelectorQuery`].
        request_id: u64,
        /// One result per request, in order: an object or `null` for `select` and the
        /// viewport, an array for `selectAll`.
        results: Vec<Value>,
    },
}

/// A message from the logic thread to the view.
#[derive(Debug, Clone, PartialEq)]
pub enum ToView {
    /// The declarations of the components of [`ToLogic::LoadComponents`]: path and
    /// `{properties, data, externalClasses, styleIsolation, multipleSlots}` (see
    /// [`crate::view::component::ComponentMeta::from_json`]); a component whose script
    /// failed is left out.
    ComponentDefs {
        /// (path, declaration).
        defs: Vec<(String, Value)>,
    },
    /// A component called `this.triggerEvent(name, detail, options)`: run the handlers
    /// bound to `name` on its host.
    TriggerEvent {
        /// The component instance.
        id: u32,
        /// The event name.
        name: String,
        /// `detail`.
        detail: Value,
        /// `options.bubbles`.
        bubbles: bool,
        /// `options.composed`.
        composed: bool,
        /// `options.capturePhase`.
        capture: bool,
    },
    /// A page's data before `onLoad` runs, so the page renders even if `onLoad` throws.
    InitialData {
        /// The page instance.
        page_id: u32,
        /// The instance's `data` as JSON.
        data: Value,
    },
    /// A `setData` call: `(key as given, new value)` pairs, in call order.
    Patch {
        /// The page instance, or a custom component instance.
        page_id: u32,
        /// The keys as given to `setData` (`list[1].name`) and their JSON values.
        changes: Vec<(String, Value)>,
        /// Send [`ToLogic::PatchApplied`] with this id once applied.
        callback_id: Option<u64>,
    },
    /// A route API was called (`wx.navigateTo`, ...): carry it out, then answer with
    /// [`ToLogic::RouteDone`].
    Navigate {
        /// What was asked for.
        navigation: Navigation,
        /// Echoed in [`ToLogic::RouteDone`].
        request_id: u64,
    },
    /// `wx.pageScrollTo`: scroll the page on top to `scroll_top`, or so the first node
    /// matching `selector` is at the top.
    PageScrollTo {
        /// Target offset in px (used when there is no selector).
        scroll_top: f32,
        /// A selector (`#id`, `.class`) whose node should come to the top.
        selector: Option<String>,
        /// How long the scroll animates, in ms (`duration`, WeChat's default 300; 0
        /// jumps).
        duration_ms: f64,
    },
    /// `wx.setNavigationBarTitle` / `wx.setNavigationBarColor`: change the navigation
    /// bar of the page on top; `None` leaves a field as it is.
    NavigationBar {
        /// The new title.
        title: Option<String>,
        /// `white` or `black` text.
        text_style: Option<String>,
        /// The new background colour (`#rrggbb`).
        background: Option<String>,
    },
    /// `wx.startPullDownRefresh()` (`start: true`) or `wx.stopPullDownRefresh()`: start
    /// or end the pull-down refresh of the page on top.
    PullDownRefresh {
        /// Start (true) or stop (false).
        start: bool,
    },
    /// A script error (uncaught exception with `file:line:col` when known, missing
    /// handler, bad `setData` key, ...).
    Error {
        /// What went wrong, for the error screen and the log.
        message: String,
    },
    /// The watchdog stopped a script: a loop that ran too long, runaway recursion, or
    /// the app's memory budget. `App.onError` has been called; the view shows an error
    /// overlay. Also reported as an error.
    Stopped {
        /// What was stopped and why, with the handler and file when known.
        message: String,
    },
    /// `wx.showToast`, `wx.showModal`, ...: show or hide what Mica draws over the page;
    /// a modal or action sheet is answered with [`ToLogic::InteractionDone`].
    Interaction {
        /// What to show or hide.
        request: Interaction,
    },
    /// The handler of [`ToLogic::EventReturning`] `reply_id` ran: the string it
    /// returned, if it returned one (sent before that message's `Done`).
    EventReturned {
        /// The id sent in [`ToLogic::EventReturning`].
        reply_id: u64,
        /// The returned string; `None` for any other result or an exception.
        value: Option<String>,
    },
    /// `wx.createSelectorQuery().exec()`: answer `requests` from the layout of the page,
    /// with [`ToLogic::SelectorQueryDone`].
    SelectorQuery {
        /// Echoed in [`ToLogic::SelectorQueryDone`].
        request_id: u64,
        /// The page asked about (`this.createSelectorQuery()`); `None`: the page on top.
        page_id: Option<u32>,
        /// The requests, in `exec` order.
        requests: Vec<NodeRequest>,
    },
    /// How many `wx.request` calls are running or queued, sent whenever that changes
    /// (after the callbacks of a finished one ran).
    Network {
        /// Requests not finished yet.
        in_flight: usize,
    },
    /// The [`ToLogic`] message with this sequence number, and all promise jobs it caused,
    /// have been handled.
    Done {
        /// The number returned by [`LogicHandle::send`].
        seq: u64,
    },
}

/// A route API call, as the view receives it. URLs are as the app wrote them: absolute
/// (`/pages/a/a?id=1`) or relative to the current page (`../b/b`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Navigation {
    /// `wx.navigateTo`: keep the current page, open `url` over it.
    NavigateTo {
        /// Route with an optional query string.
        url: String,
    },
    /// `wx.redirectTo`: close the current page, open `url` in its place.
    RedirectTo {
        /// Route with an optional query string.
        url: String,
    },
    /// `wx.reLaunch`: close every page, open `url`.
    ReLaunch {
        /// Route with an optional query string.
        url: String,
    },
    /// `wx.switchTab`: close every non-tab page, show the tab page `url`.
    SwitchTab {
        /// A tabBar page route (a query string is ignored, as in WeChat).
        url: String,
    },
    /// `wx.navigateBack`: close `delta` pages (at least one).
    NavigateBack {
        /// How many pages to close; clamped to the stack by the view.
        delta: u32,
    },
}

impl Navigation {
    /// The API's name, which starts its errMsg (`navigateTo:ok`).
    pub fn api_name(&self) -> &'static str {
        match self {
            Navigation::NavigateTo { .. } => "navigateTo",
            Navigation::RedirectTo { .. } => "redirectTo",
            Navigation::ReLaunch { .. } => "reLaunch",
            Navigation::SwitchTab { .. } => "switchTab",
            Navigation::NavigateBack { .. } => "navigateBack",
        }
    }
}

/// Why the logic thread could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// The OS refused to create the thread.
    #[error("cannot spawn the logic thread: {0}")]
    Spawn(#[from] std::io::Error),
    /// The JavaScript context could not be set up.
    #[error("cannot initialise the JavaScript context: {0}")]
    Init(String),
}

/// What `wx.getSystemInfoSync()` reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemInfo {
    /// Window width in logical pixels.
    pub window_width: u32,
    /// Window height in logical pixels.
    pub window_height: u32,
    /// Screen width in logical pixels.
    pub screen_width: u32,
    /// Screen height in logical pixels.
    pub screen_height: u32,
    /// Physical pixels per logical pixel.
    pub pixel_ratio: f64,
    /// Device brand.
    pub brand: String,
    /// Device model.
    pub model: String,
    /// Operating system, e.g. `Linux`.
    pub system: String,
    /// Always `mica`.
    pub platform: String,
    /// UI language, e.g. `zh_CN`.
    pub language: String,
    /// Runtime version.
    pub version: String,
    /// Base library version mini-programs compare against.
    #[serde(rename = "SDKVersion")]
    pub sdk_version: String,
}

impl Default for SystemInfo {
    fn default() -> Self {
        Self {
            window_width: 1280,
            window_height: 720,
            screen_width: 1280,
            screen_height: 720,
            pixel_ratio: 1.0,
            brand: "mica".into(),
            model: "mica".into(),
            system: std::env::consts::OS.into(),
            platform: "mica".into(),
            language: "zh_CN".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            sdk_version: "2.30.0".into(),
        }
    }
}

/// Settings for [`spawn_logic_with`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LogicOptions {
    /// What `wx.getSystemInfoSync()` returns.
    pub system_info: SystemInfo,
    /// Iterations one function's loops may run per call before it is stopped with an
    /// error JS cannot catch (so `while (true) {}` cannot hang the logic thread). 0 (the
    /// default): calibrated at start-up from [`Watchdog::loop_budget`].
    pub loop_iteration_limit: u64,
    /// Time and memory limits on the app's scripts.
    pub watchdog: Watchdog,
    /// Maximum JS call depth.
    pub recursion_limit: usize,
    /// Maximum VM stack size (values).
    pub stack_size_limit: usize,
    /// Which hosts `wx.request` may reach, and its limits.
    pub network: NetworkPolicy,
    /// The file `wx.setStorage` keeps the app's data in (`None`: memory only).
    pub storage_path: Option<std::path::PathBuf>,
    /// Where `wx.downloadFile` writes its temp files.
    pub temp_files: Arc<TempFiles>,
    /// The privacy scopes the app may ask for and where the answers are kept.
    pub privacy: PrivacyOptions,
    /// Native functions the app may call as `ft.<name>()`.
    pub host_apis: crate::host::HostApis,
    /// The host permissions the app holds.
    pub host_grants: crate::host::HostGrants,
    /// What `wx.getAccountInfoSync()` reports.
    pub account: AccountInfo,
    /// Where `wx.reportEvent` queues events.
    pub events: EventQueue,
}

impl Default for LogicOptions {
    fn default() -> Self {
        Self {
            system_info: SystemInfo::default(),
            loop_iteration_limit: 0,
            watchdog: Watchdog::default(),
            recursion_limit: 512,
            stack_size_limit: 1024 * 64,
            network: NetworkPolicy::default(),
            storage_path: None,
            temp_files: Arc::default(),
            privacy: PrivacyOptions::default(),
            host_apis: crate::host::HostApis::new(),
            host_grants: crate::host::HostGrants::default(),
            account: AccountInfo::default(),
            events: EventQueue::memory(),
        }
    }
}

impl LogicOptions {
    /// Sets what `wx.getSystemInfoSync()` returns.
    #[must_use]
    pub fn system_info(mut self, info: SystemInfo) -> Self {
        self.system_info = info;
        self
    }

    /// Sets the network policy of `wx.request`.
    #[must_use]
    pub fn network(mut self, policy: NetworkPolicy) -> Self {
        self.network = policy;
        self
    }

    /// Sets where `wx.downloadFile` writes its temp files (shared with the view, which
    /// shows them in `<image>`).
    #[must_use]
    pub fn temp_files(mut self, temp: Arc<TempFiles>) -> Self {
        self.temp_files = temp;
        self
    }

    /// Sets the privacy scopes the app may ask for and where the answers are kept.
    #[must_use]
    pub fn privacy(mut self, privacy: PrivacyOptions) -> Self {
        self.privacy = privacy;
        self
    }

    /// Sets the file `wx.setStorage` data is kept in.
    #[must_use]
    pub fn storage_path(mut self, path: Option<std::path::PathBuf>) -> Self {
        self.storage_path = path;
        self
    }

    /// Sets the host functions and the permissions the app holds.
    #[must_use]
    pub fn host(mut self, apis: crate::host::HostApis, grants: crate::host::HostGrants) -> Self {
        self.host_apis = apis;
        self.host_grants = grants;
        self
    }

    /// Sets the watchdog's limits.
    #[must_use]
    pub fn watchdog(mut self, watchdog: Watchdog) -> Self {
        self.watchdog = watchdog;
        self
    }

    /// Sets the per-call loop iteration limit.
    #[must_use]
    pub fn loop_iteration_limit(mut self, limit: u64) -> Self {
        self.loop_iteration_limit = limit;
        self
    }

    /// Sets what `wx.getAccountInfoSync()` reports.
    #[must_use]
    pub fn account(mut self, account: AccountInfo) -> Self {
        self.account = account;
        self
    }

    /// Sets where `wx.reportEvent` queues events.
    #[must_use]
    pub fn events(mut self, events: EventQueue) -> Self {
        self.events = events;
        self
    }
}

/// The runtime's handle on the logic thread. Dropping it stops the thread.
#[derive(Debug)]
pub struct LogicHandle {
    tx: mpsc::Sender<(u64, ToLogic)>,
    next_seq: std::sync::atomic::AtomicU64,
    thread: Option<JoinHandle<()>>,
}

impl LogicHandle {
    /// Queues `msg` for the logic thread and returns its sequence number, which comes
    /// back in [`ToView::Done`] once the message has been handled.
    pub fn send(&self, msg: ToLogic) -> u64 {
        let seq = self
            .next_seq
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.tx.send((seq, msg)).is_err() {
            log::warn!(target: "mica::js", "logic thread is gone; message {seq} dropped");
        }
        seq
    }

    /// Stops the logic thread and waits for it to finish.
    pub fn join(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(thread) = self.thread.take() {
            // Ignored: the thread may already have stopped.
            let _ = self.tx.send((u64::MAX, ToLogic::Shutdown));
            if thread.join().is_err() {
                log::error!(target: "mica::js", "the logic thread panicked");
            }
        }
    }
}

impl Drop for LogicHandle {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            // Don't block in drop: ask the thread to stop and let it finish on its own.
            let _ = self.tx.send((u64::MAX, ToLogic::Shutdown));
            drop(thread);
        }
    }
}

/// Starts the logic thread ("mica-logic") with default [`LogicOptions`].
pub fn spawn_logic(
    source: Arc<dyn ScriptSource>,
    to_view: mpsc::Sender<ToView>,
) -> Result<LogicHandle, ScriptError> {
    spawn_logic_with(source, to_view, LogicOptions::default())
}

/// Starts the logic thread ("mica-logic"). The boa context is created on that thread;
/// a failure to set it up is returned here.
pub fn spawn_logic_with(
    source: Arc<dyn ScriptSource>,
    to_view: mpsc::Sender<ToView>,
    options: LogicOptions,
) -> Result<LogicHandle, ScriptError> {
    let (tx, rx) = mpsc::channel();
    let (ready_tx, ready_rx) = mpsc::channel();
    let thread = std::thread::Builder::new()
        .name("mica-logic".into())
        // Native calls back into JS recurse on the Rust stack; give them room.
        .stack_size(16 * 1024 * 1024)
        .spawn({
            let to_self = tx.clone();
            move || thread::run(source, to_view, options, rx, to_self, ready_tx)
        })?;
    match ready_rx.recv() {
        Ok(Ok(())) => Ok(LogicHandle {
            tx,
            next_seq: std::sync::atomic::AtomicU64::new(1),
            thread: Some(thread),
        }),
        Ok(Err(message)) => {
            let _ = thread.join();
            Err(ScriptError::Init(message))
        }
        Err(_) => {
            let _ = thread.join();
            Err(ScriptError::Init(
                "the logic thread stopped during start-up".into(),
            ))
        }
    }
}
