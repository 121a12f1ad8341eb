//! The view thread's side of a running mini-program: it owns the package, the page stack
//! (each page's document, view and styles), layout, rendering and the platform, and talks
//! to the logic thread only through [`crate::script`]'s channels.
//!
//! The pipeline of one frame is explicit (see [`Runtime::render_frame`]): images sized,
//! restyle, layout, paint of the damaged area, present. Only the page on top of the stack
//! is drawn and receives input. The route APIs (`wx.navigateTo`, ...) and the Back key
//! ([`Runtime::navigate_back`]) follow WeChat's page stack rules and lifecycle order.
//!
//! ```no_run
//! use mica_engine::runtime::{Runtime, RuntimeConfig};
//! # fn main() -> Result<(), mica_engine::EngineError> {
//! let mut rt = Runtime::open("apps/hello", RuntimeConfig::default())?;
//! rt.launch(None)?;
//! rt.tap(".counter")?;
//! std::fs::write("hello.png", rt.png()?).ok();
//! # Ok(()) }
//! ```

mod chrome;
mod clock;
mod components;
mod controls;
mod input;
mod interaction;
mod keyboard;
mod keys;
mod main_loop;
mod navigation;
mod overlay;
mod pages;
mod privacy;
mod query;
mod refresh;
mod scroll;
mod swiper;
mod system;

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mica_layout::style::animate::MotionEventKind;
use mica_layout::{Document, FontStore, NodeId, Rect, Stylesheet};
use mica_renderer::{ImageSource, Renderer};
use serde_json::{json, Map, Value};

use crate::data::{parse_path, DataPath};
use crate::headless::HeadlessPlatform;
use crate::package::{Package, Trust};
use crate::platform::{Frame, Platform};
use crate::script::{
    spawn_logic_with, LogicHandle, LogicOptions, Navigation, ScriptSource, SystemInfo, ToLogic,
    ToView,
};
use crate::view::View;
use crate::EngineError;
pub use chrome::{ChromeFocus, TabBarConfig, TabItem, NAV_HEIGHT, TAB_HEIGHT, TOP_TAB_HEIGHT};
pub use keyboard::{InputMethod, TextEdit, TextField};
use navigation::Routes;
pub use navigation::{BackOutcome, MAX_PAGES};
use pages::{size_images, PageStack};
pub use scroll::PAGE_SCROLL_DURATION_MS;

/// How many rounds of transition and animation event handlers one settle runs.
const MOTION_EVENT_ROUNDS: usize = 4;

/// How a runtime is set up.
#[derive(Debug, Clone)]
pub struct RuntimeConfig {
    /// Window width in px.
    pub width: u32,
    /// Window height in px.
    pub height: u32,
    /// Extra font files, tried before the bundled font.
    pub fonts: Vec<PathBuf>,
    /// How long [`Runtime::wait_idle`] waits for the logic thread before giving up.
    pub idle_timeout: Duration,
    /// Signers and fleet keys a `.mpk` is verified with ([`Runtime::open`]); source
    /// directories need none.
    pub trust: Trust,
    /// Where `wx.request` may go. `None`: a package may reach the `request_domains` of
    /// its manifest, a source directory (development) any host.
    pub network: Option<crate::script::NetworkPolicy>,
    /// Where apps keep `wx.setStorage` data (`<dir>/<appid>/storage.json`) and their
    /// privacy answers (`privacy.json` beside it); `None` keeps them in memory only.
    pub storage_dir: Option<PathBuf>,
    /// Where `wx.downloadFile` puts temp files: a private folder is made inside on the
    /// first download and removed when the runtime stops. `None`: the OS temp folder.
    pub temp_dir: Option<PathBuf>,
    /// A host-provided input method, asked first when a text field is edited (else
    /// Mica draws its on-screen keyboard; see [`InputMethod`]).
    pub input_method: Option<Arc<dyn InputMethod>>,
    /// Native functions mini-programs may call as `ft.<name>()` ([`crate::host`]).
    pub host_apis: crate::host::HostApis,
    /// Time and memory limits on the app's scripts ([`crate::script::Watchdog`]).
    pub watchdog: crate::script::Watchdog,
    /// Which host permissions the app holds. `None`: a package holds the
    /// `permissions.host_apis` of its manifest, a source directory (development) all.
    pub host_grants: Option<crate::host::HostGrants>,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        RuntimeConfig {
            width: 1920,
            height: 1080,
            fonts: Vec::new(),
            idle_timeout: Duration::from_secs(10),
            trust: Trust::default(),
            network: None,
            storage_dir: None,
            temp_dir: None,
            input_method: None,
            host_apis: crate::host::HostApis::new(),
            host_grants: None,
            watchdog: crate::script::Watchdog::default(),
        }
    }
}

/// The `wx.request` policy for `package`: the configured one, else the manifest's
/// request domains for a package, else (a source directory) any host.
fn network_policy(package: &Package, config: &RuntimeConfig) -> crate::script::NetworkPolicy {
    if let Some(p) = &config.network {
        return p.clone();
    }
    let policy = crate::script::NetworkPolicy::default();
    match package.manifest() {
        Some(m) => policy.only(m.permissions.request_domains.clone()),
        None => policy,
    }
}

/// The host permissions of `package`: the configured ones, else the manifest's for a
/// package, else (a source directory) all.
fn host_grants(package: &Package, config: &RuntimeConfig) -> crate::host::HostGrants {
    if let Some(g) = &config.host_grants {
        return g.clone();
    }
    match package.manifest() {
        Some(m) => crate::host::HostGrants::Only(m.permissions.host_apis.clone()),
        None => crate::host::HostGrants::All,
    }
}

/// `<storage_dir>/<appid>/storage.json`: the appid of a package, the directory name of
/// a source app.
fn storage_path(package: &Package, config: &RuntimeConfig) -> Option<PathBuf> {
    let dir = config.storage_dir.as_ref()?;
    let app = match package.manifest() {
        Some(m) => m.appid.clone(),
        None => package.name().to_string(),
    };
    // The appid names a directory: keep it to one safe path component.
    let app = crate::script::app_dir_name(&app);
    Some(dir.join(app).join("storage.json"))
}

/// A problem reported while running an app: never fatal on its own.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Where it came from: `template`, `style`, `script`, `image`, `package`.
    pub source: &'static str,
    /// `file:line:col: message` where a position is known.
    pub message: String,
}

/// Work done for the last frame (see issue #3's `stats`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct FrameStats {
    /// Template bindings evaluated again by patches.
    pub bindings_reevaluated: u32,
    /// Document nodes created.
    pub nodes_created: u32,
    /// Document nodes removed.
    pub nodes_removed: u32,
    /// Nodes whose style was recomputed.
    pub nodes_restyled: u32,
    /// Nodes whose layout was recomputed.
    pub nodes_laid_out: u32,
    /// Pixels painted.
    pub pixels_repainted: u64,
}

/// The app package as the logic thread and the renderer see it.
#[derive(Debug)]
struct PackageFiles {
    package: Arc<Package>,
    /// Images are resolved relative to this file (the page template).
    base: std::sync::Mutex<String>,
    /// `wx.downloadFile`'s temp files, which `<image src="wxfile://tmp_...">` shows.
    temp: Arc<crate::script::TempFiles>,
}

impl ScriptSource for PackageFiles {
    fn read_script(&self, path: &str) -> Option<String> {
        self.package.read_to_string(path).ok()
    }
}

impl PackageFiles {
    /// The package path `src` names from the page on screen.
    fn resolve_image(&self, src: &str) -> Option<String> {
        let base = self.base.lock().map(|b| b.clone()).unwrap_or_default();
        Package::resolve(&base, src).ok()
    }

    /// The bytes of image `src` on a page whose template is `base`: a package file, or
    /// a `wx.downloadFile` temp file (`wxfile://tmp_...`).
    fn read_image(&self, base: &str, src: &str) -> Result<Vec<u8>, crate::package::PackageError> {
        if src.starts_with("wxfile://") {
            return self.temp.read(src);
        }
        self.package.read(&Package::resolve(base, src)?)
    }
}

impl ImageSource for PackageFiles {
    fn load(&self, src: &str) -> Option<Arc<Vec<u8>>> {
        let base = self.base.lock().map(|b| b.clone()).unwrap_or_default();
        self.read_image(&base, src).ok().map(Arc::new)
    }

    /// The resolved package path: `../img/a.png` is another file on a page elsewhere.
    fn cache_key<'a>(&self, src: &'a str) -> std::borrow::Cow<'a, str> {
        match self.resolve_image(src) {
            Some(path) => std::borrow::Cow::Owned(path),
            None => std::borrow::Cow::Borrowed(src),
        }
    }
}

/// A running mini-program on one platform.
pub struct Runtime {
    package: Arc<Package>,
    files: Arc<PackageFiles>,
    config: RuntimeConfig,
    fonts: FontStore,
    renderer: Renderer,
    pixmap: tiny_skia_pixmap::Pixmap,
    platform: Box<dyn Platform>,
    logic: LogicHandle,
    from_logic: Receiver<ToView>,
    outstanding: BTreeSet<u64>,
    /// Open pages; the top one is on screen.
    pages: PageStack,
    /// `app.json`'s pages and tab pages, read at launch.
    routes: Routes,
    /// Route API calls waiting for the logic thread to be idle: (request, request id).
    navigations: VecDeque<(Navigation, u64)>,
    /// Back on the root page asked the host to leave the app.
    exit_requested: bool,
    next_page_id: u32,
    app_style: Option<Stylesheet>,
    diagnostics: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    stats: FrameStats,
    /// Bindings re-evaluated by patches since the last frame.
    pending_bindings: u32,
    /// `wx.request` calls running or queued ([`ToView::Network`]).
    requests_in_flight: usize,
    /// The pointer that is down, if any (tap or drag).
    press_state: Option<input::Press>,
    /// The clock, swipers, open picker and edited text field (see `controls`).
    controls: controls::ControlState,
    /// The navigation bar and tab bar (see `chrome`).
    chrome: chrome::Chrome,
    /// In the background ([`Runtime::set_app_visible`]).
    app_hidden: bool,
    /// Toasts, modals, action sheets and the watchdog's banner (see `interaction`).
    interactions: interaction::Interactions,
    /// Where `wx.reportEvent` queues events ([`Runtime::drain_events`]).
    events: crate::script::EventQueue,
    /// Custom component files and declarations (see `components`).
    components: components::ComponentCache,
    /// The page each live custom component instance is on.
    component_pages: HashMap<u32, u32>,
    /// Stylesheet warnings already given.
    style_warnings_seen: std::collections::HashSet<String>,
}

// tiny-skia is reached through the renderer so the engine names one version.
use mica_renderer::tiny_skia as tiny_skia_pixmap;

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("package", &self.package.name())
            .field("platform", &self.platform.name())
            .field("pages", &self.pages.routes())
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// Shows `message` over the page after the watchdog stopped a script (a banner
    /// that takes no input, for 5 s or until the next navigation; see `interaction`).
    fn show_error_overlay(&mut self, message: &str) {
        log::error!("script stopped: {message}");
        self.show_error_banner(message);
    }

    /// Opens the app at `path` (a source directory, or a `.mpk` verified with
    /// `config.trust`) on the headless platform.
    pub fn open(path: impl AsRef<Path>, config: RuntimeConfig) -> Result<Self, EngineError> {
        let platform = Box::new(HeadlessPlatform::new(config.width, config.height));
        let package = Package::open_with(path, &config.trust)?;
        Self::with_platform(package, config, platform)
    }

    /// Opens `package` on `platform`.
    pub fn with_platform(
        package: Package,
        mut config: RuntimeConfig,
        platform: Box<dyn Platform>,
    ) -> Result<Self, EngineError> {
        let (w, h) = platform.size();
        config.width = w.max(1);
        config.height = h.max(1);
        let package = Arc::new(package);
        let temp = Arc::new(crate::script::TempFiles::new(config.temp_dir.clone()));
        let files = Arc::new(PackageFiles {
            package: package.clone(),
            base: std::sync::Mutex::new(String::new()),
            temp: temp.clone(),
        });
        let mut fonts = FontStore::bundled();
        for f in &config.fonts {
            fonts
                .add_file(f)
                .map_err(|e| EngineError::Config(format!("font {}: {e}", f.display())))?;
        }
        let pixmap =
            tiny_skia_pixmap::Pixmap::new(config.width, config.height).ok_or_else(|| {
                EngineError::Config(format!(
                    "bad window size {}x{}",
                    config.width, config.height
                ))
            })?;
        let (tx, rx) = std::sync::mpsc::channel();
        // `windowHeight` excludes the bars the first page shows (WeChat's value there).
        let first_page = package.app_config().ok().map(|app| {
            let mut chrome = chrome::Chrome::default();
            chrome.configure(&app);
            let route = app.pages.first().cloned().unwrap_or_default();
            let own = package.page_window(&route).unwrap_or_default();
            let window = app.window.overlay(&own);
            let size = (config.width as f32, config.height as f32);
            chrome::areas(&window, chrome.tab_for(&route), size).page
        });
        let system = SystemInfo {
            window_width: config.width,
            window_height: first_page.map_or(config.height, |r| r.height.max(0.0) as u32),
            screen_width: config.width,
            screen_height: config.height,
            ..SystemInfo::default()
        };
        let events = system::event_queue(&package, &config);
        let logic = spawn_logic_with(
            files.clone(),
            tx,
            LogicOptions::default()
                .system_info(system)
                .network(network_policy(&package, &config))
                .storage_path(storage_path(&package, &config))
                .temp_files(temp)
                .privacy(privacy::privacy_options(&package, &config))
                .host(config.host_apis.clone(), host_grants(&package, &config))
                .watchdog(config.watchdog)
                .account(system::account_info(&package))
                .events(events.clone()),
        )?;
        let mut rt = Runtime {
            package,
            files,
            config,
            fonts,
            renderer: Renderer::new(),
            pixmap,
            platform,
            logic,
            from_logic: rx,
            outstanding: BTreeSet::new(),
            pages: PageStack::default(),
            routes: Routes::default(),
            navigations: VecDeque::new(),
            exit_requested: false,
            next_page_id: 1,
            app_style: None,
            diagnostics: Vec::new(),
            warnings: Vec::new(),
            stats: FrameStats::default(),
            pending_bindings: 0,
            requests_in_flight: 0,
            press_state: None,
            controls: controls::ControlState::default(),
            chrome: chrome::Chrome::default(),
            app_hidden: false,
            interactions: interaction::Interactions::default(),
            events,
            components: components::ComponentCache::default(),
            component_pages: HashMap::new(),
            style_warnings_seen: Default::default(),
        };
        if let Some(path) = rt.package.app_style_path() {
            let sheet = rt.load_stylesheet(&path)?;
            rt.app_style = Some(sheet);
        }
        Ok(rt)
    }

    /// A stylesheet (source or compiled `.mss`) with its `@import`s.
    fn load_stylesheet(&mut self, path: &str) -> Result<Stylesheet, EngineError> {
        let (sheet, warnings) = crate::compile::load_stylesheet(&self.package, path)?;
        for w in warnings {
            // A sheet imported by many (a UI library's common.wxss, once per component)
            // is reported once.
            if self.style_warnings_seen.insert(w.clone()) {
                self.warn("style", w);
            }
        }
        Ok(sheet)
    }

    fn warn(&mut self, source: &'static str, message: String) {
        log::warn!("{message}");
        self.warnings.push(Diagnostic { source, message });
    }

    fn error(&mut self, source: &'static str, message: String) {
        log::error!("{message}");
        self.diagnostics.push(Diagnostic { source, message });
    }

    /// Starts the app and opens `route` (default: the first page of `app.json`; a query
    /// string such as `pages/item/item?id=3` reaches `onLoad`), then waits until the first
    /// frame is drawn and the logic thread is idle.
    pub fn launch(&mut self, route: Option<&str>) -> Result<(), EngineError> {
        let app = self.package.app_config()?;
        self.routes = Routes::new(&app);
        for w in self.chrome.configure(&app) {
            self.warn("config", w);
        }
        let (route, query) = match route {
            Some(url) => {
                let (path, query) = url.split_once('?').unwrap_or((url, ""));
                let r = path.trim_start_matches('/').to_string();
                if !app.pages.contains(&r) {
                    return Err(EngineError::NoSuchPage(r));
                }
                (r, navigation::parse_query(query))
            }
            None => (app.pages[0].clone(), Map::new()),
        };
        self.send_logic(ToLogic::LaunchApp {
            path: route.clone(),
            query: query.clone(),
        });
        // Compile first: a broken template is fatal for the page and nothing runs.
        let page = self.prepare_page(&route)?;
        self.load_page(page, query, None)?;
        self.settle()
    }

    /// Queues `msg` for the logic thread; [`Runtime::wait_logic`] waits for its `Done`.
    fn send_logic(&mut self, msg: ToLogic) {
        let seq = self.logic.send(msg);
        self.outstanding.insert(seq);
    }

    /// Waits for the logic thread, then draws whatever changed.
    pub fn settle(&mut self) -> Result<(), EngineError> {
        self.wait_idle()?;
        self.render_frame()?;
        // The frame's transition and animation events run their handlers, and what those
        // change is drawn. A handler that starts another zero-length animation each
        // time would go on for ever: after a few rounds the rest waits for the next
        // settle.
        for _ in 0..MOTION_EVENT_ROUNDS {
            if !self.send_motion_events() {
                break;
            }
            self.wait_idle()?;
            self.render_frame()?;
        }
        Ok(())
    }

    /// Sends the handler calls of the top page's transition and animation events
    /// (`transitionend`, `animationstart`, `animationiteration`, `animationend`; they
    /// bubble, as in WeChat). The detail is the DOM event's fields: `propertyName` or
    /// `animationName`, and `elapsedTime` in seconds. True when a handler was called.
    fn send_motion_events(&mut self) -> bool {
        let Some(page) = self.pages.top_mut() else {
            return false;
        };
        let events = mica_layout::style::animate::take_events(&mut page.doc);
        let Some(view) = page.view.as_ref().filter(|_| !events.is_empty()) else {
            return false;
        };
        let none = Map::new();
        let mut calls = Vec::new();
        for e in events {
            if page.doc.get(e.node).is_none() {
                continue;
            }
            // Microseconds: an f32 duration would show as 0.4000000059604645.
            let elapsed = (f64::from(e.elapsed) * 1e6).round() / 1e6;
            let name_field = match e.kind {
                MotionEventKind::TransitionEnd => "propertyName",
                _ => "animationName",
            };
            let detail = json!({ name_field: e.name, "elapsedTime": elapsed });
            calls.extend(event_calls(
                &page.doc,
                view,
                e.node,
                e.kind.event_type(),
                &detail,
                &none,
            ));
        }
        let page_id = page.id;
        let called = !calls.is_empty();
        self.send_events(page_id, calls);
        called
    }

    fn instantiate(&mut self, page_id: u32, data: Value) {
        let Some(page) = self.pages.get_mut(page_id) else {
            return;
        };
        if page.view.is_some() {
            return;
        }
        let root = page.doc.root();
        let view = if page.components.using.is_empty() {
            View::new(page.template.clone(), data, &mut page.doc, root)
        } else {
            let uses = page.components.clone();
            let (env, sheets) = self.build_components(&uses);
            let Some(page) = self.pages.get_mut(page_id) else {
                return;
            };
            for sheet in sheets {
                page.styles.push(sheet);
            }
            View::with_components(page.template.clone(), data, &mut page.doc, root, env)
        };
        let Some(page) = self.pages.get_mut(page_id) else {
            return;
        };
        let warnings: Vec<String> = view.warnings().iter().map(|w| w.to_string()).collect();
        let wxs_errors = view.take_wxs_errors();
        page.view = Some(view);
        for w in warnings {
            self.warn("template", w);
        }
        for e in wxs_errors {
            self.error("wxs", e);
        }
        self.flush_components(page_id);
    }

    /// Tells the logic thread which component instances page `page_id`'s view created,
    /// dropped or gave new properties since the last call.
    fn flush_components(&mut self, page_id: u32) {
        let Some(events) = self
            .pages
            .get_mut(page_id)
            .and_then(|p| p.view.as_mut())
            .map(View::take_component_events)
        else {
            return;
        };
        if events.is_empty() {
            return;
        }
        if !events.detached.is_empty() {
            for id in &events.detached {
                self.component_pages.remove(id);
            }
            self.send_logic(ToLogic::ComponentsDetached {
                ids: events.detached,
            });
        }
        if !events.created.is_empty() {
            for c in &events.created {
                self.component_pages.insert(c.id, page_id);
            }
            self.send_logic(ToLogic::ComponentsAttached {
                page_id,
                list: events.created,
            });
        }
        for (id, props) in events.props {
            self.send_logic(ToLogic::ComponentProps { id, props });
        }
    }

    /// Handles messages from the logic thread until every message sent to it was
    /// acknowledged, no patch is pending and every route call the app made was carried
    /// out (navigation runs here, between messages, never inside one).
    pub fn wait_idle(&mut self) -> Result<(), EngineError> {
        // Bounds an app that navigates forever (a page redirecting to itself in onLoad).
        let deadline = Instant::now() + self.config.idle_timeout;
        loop {
            self.wait_logic()?;
            let Some((navigation, request_id)) = self.navigations.pop_front() else {
                return Ok(());
            };
            if Instant::now() > deadline {
                self.navigations.push_front((navigation, request_id));
                return Err(EngineError::LogicTimeout(self.config.idle_timeout));
            }
            self.navigate(navigation, Some(request_id))?;
        }
    }

    /// Handles messages from the logic thread until every message sent to it was
    /// acknowledged; route calls are only queued.
    fn wait_logic(&mut self) -> Result<(), EngineError> {
        let deadline = Instant::now() + self.config.idle_timeout;
        loop {
            // Drain whatever already arrived.
            while let Ok(msg) = self.from_logic.try_recv() {
                self.handle(msg);
            }
            if self.outstanding.is_empty() {
                return Ok(());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_logic.recv_timeout(left) {
                Ok(msg) => self.handle(msg),
                Err(RecvTimeoutError::Timeout) => {
                    return Err(EngineError::LogicTimeout(self.config.idle_timeout));
                }
                Err(RecvTimeoutError::Disconnected) => return Err(EngineError::LogicGone),
            }
        }
    }

    /// Waits until no `wx.request` is running or queued and every async host function
    /// call is answered (each request ends by its own timeout; this waits at most
    /// `timeout`), handling what the logic thread sends meanwhile, then draws.
    pub fn wait_requests(&mut self, timeout: Duration) -> Result<(), EngineError> {
        let deadline = Instant::now() + timeout;
        loop {
            self.wait_logic()?;
            if self.requests_in_flight == 0 {
                break;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_logic.recv_timeout(left) {
                Ok(msg) => self.handle(msg),
                Err(RecvTimeoutError::Timeout) => return Err(EngineError::LogicTimeout(timeout)),
                Err(RecvTimeoutError::Disconnected) => return Err(EngineError::LogicGone),
            }
        }
        self.settle()
    }

    /// Stops the app and waits for its logic thread to finish the message it is handling
    /// and exit (dropping a runtime only asks it to). After this no host function of the
    /// app runs.
    pub fn shutdown(self) {
        self.logic.join();
    }

    /// Async work not answered yet (`wx.request` calls running or queued, async host
    /// function calls), as the logic thread last reported; [`Runtime::wait_requests`]
    /// waits for it.
    pub fn requests_in_flight(&self) -> usize {
        self.requests_in_flight
    }

    fn handle(&mut self, msg: ToView) {
        match msg {
            ToView::Network { in_flight } => self.requests_in_flight = in_flight,
            ToView::InitialData { page_id, data } => self.instantiate(page_id, data),
            ToView::ComponentDefs { defs } => {
                for (path, meta) in defs {
                    let meta = crate::view::component::ComponentMeta::from_json(&meta);
                    self.components.meta.insert(path, meta);
                }
            }
            ToView::TriggerEvent {
                id,
                name,
                detail,
                bubbles,
                composed,
                capture,
            } => self.trigger_event(id, &name, &detail, [bubbles, composed, capture]),
            ToView::Patch {
                page_id,
                changes,
                callback_id,
            } => {
                self.apply_patch(page_id, changes);
                if let Some(cb) = callback_id {
                    self.send_logic(ToLogic::PatchApplied { callback_id: cb });
                }
            }
            ToView::Navigate {
                navigation,
                request_id,
            } => self.navigations.push_back((navigation, request_id)),
            ToView::PageScrollTo {
                scroll_top,
                selector,
                duration_ms,
            } => self.page_scroll_to(scroll_top, selector.as_deref(), duration_ms),
            ToView::PullDownRefresh { start } => self.pull_down_refresh_call(start),
            ToView::NavigationBar {
                title,
                text_style,
                background,
            } => {
                // The page on top, as WeChat does; the bar is rebuilt at the next frame.
                if let Some(page) = self.pages.top_mut() {
                    let w = &mut page.window;
                    w.navigation_bar_title = title.or(w.navigation_bar_title.take());
                    w.navigation_bar_text_style = text_style.or(w.navigation_bar_text_style.take());
                    w.navigation_bar_background = background.or(w.navigation_bar_background.take());
                }
            }
            ToView::Error { message } => self.error("script", message),
            ToView::Stopped { message } => {
                self.error("watchdog", message.clone());
                self.show_error_overlay(&message);
            }
            ToView::Interaction { request } => self.interaction(request),
            ToView::SelectorQuery {
                request_id,
                page_id,
                requests,
            } => self.selector_query(request_id, page_id, requests),
            ToView::EventReturned { reply_id, value } => self.event_returned(reply_id, value),
            ToView::Done { seq } => {
                self.outstanding.remove(&seq);
            }
        }
    }

    fn apply_patch(&mut self, page_id: u32, changes: Vec<(String, Value)>) {
        let mut parsed: Vec<(DataPath, Value)> = Vec::with_capacity(changes.len());
        let mut bad = Vec::new();
        for (key, value) in changes {
            match parse_path(&key) {
                Ok(p) => parsed.push((p, value)),
                Err(e) => bad.push(e.to_string()),
            }
        }
        for b in bad {
            self.error("script", format!("setData: {b}"));
        }
        // A custom component's patch goes to its page's view, which finds it.
        let (page_id, component) = match self.component_pages.get(&page_id) {
            Some(p) => (*p, Some(page_id)),
            None => (page_id, None),
        };
        // A covered page still takes patches; it shows them when it is on top again.
        let Some(page) = self.pages.get_mut(page_id) else {
            return;
        };
        let Some(view) = page.view.as_mut() else {
            return;
        };
        let st = match component {
            Some(id) => view
                .patch_component(&mut page.doc, id, &parsed)
                .unwrap_or_default(),
            None => view.apply_patch_owned(&mut page.doc, parsed),
        };
        let wxs_errors = view.take_wxs_errors();
        self.pending_bindings += st.bindings_reevaluated;
        for e in wxs_errors {
            self.error("wxs", e);
        }
        self.flush_components(page_id);
    }

    /// Runs the pipeline for one frame of the page on top: image sizes, restyle, layout,
    /// paint of the damaged area, present. Does nothing when nothing changed.
    pub fn render_frame(&mut self) -> Result<(), EngineError> {
        // Toasts and dialogs follow the page stack, the clock and the scroll offset.
        self.interactions_follow_top();
        let area = self.areas().page;
        let viewport = (area.width, area.height);
        let Some(page) = self.pages.top_mut() else {
            return Ok(());
        };
        // Intrinsic sizes are read only when an image appeared or an `src` changed (the
        // document tracks both), not by walking the page every frame.
        let images_changed = page.doc.take_images_changed();
        let warnings = if images_changed {
            size_images(&self.files, page)
        } else {
            Vec::new()
        };
        for message in warnings {
            log::warn!("{message}");
            self.warnings.push(Diagnostic {
                source: "image",
                message,
            });
        }
        // Transitions a restyle starts begin now on the runtime's clock.
        mica_layout::style::animate::set_clock(&mut page.doc, self.controls.now);
        mica_layout::restyle(&mut page.doc, &page.styles, viewport);
        mica_layout::compute_layout(&mut page.doc, &self.fonts, viewport);
        // `scroll-into-view` needs the positions just computed.
        if !page.doc.scroll_requests.is_empty() && self.resolve_scroll_requests() {
            let Some(page) = self.pages.top_mut() else {
                return Ok(());
            };
            mica_layout::compute_layout(&mut page.doc, &self.fonts, viewport);
        }
        let Some(page) = self.pages.top_mut() else {
            return Ok(());
        };
        let structure_changed = page.doc.stats.nodes_created > 0
            || page.doc.stats.nodes_removed > 0
            || !page.painted_once;
        // Focus follows the document: a removed node loses it, a new page gets its
        // first focus; the focus styles need another (incremental) style and layout.
        if self.sync_focus(structure_changed) {
            let Some(page) = self.pages.top_mut() else {
                return Ok(());
            };
            mica_layout::restyle(&mut page.doc, &page.styles, viewport);
            mica_layout::compute_layout(&mut page.doc, &self.fonts, viewport);
        }
        let Some(page) = self.pages.top_mut() else {
            return Ok(());
        };
        let damage = page.doc.take_damage();
        let full = Rect::new(0.0, 0.0, viewport.0, viewport.1);
        let damage = if page.painted_once {
            damage.map(|d| d.intersect(&full))
        } else {
            Some(full)
        };
        let doc_stats = page.doc.take_stats();
        let damage = damage.filter(|d| !d.is_empty());
        // The bars (drawn now, before the page, so a new page's bars are there with it).
        let mut presented = self.paint_chrome();
        let Some(page) = self.pages.top_mut() else {
            return Ok(());
        };
        if damage.is_none() && doc_stats == Default::default() && self.pending_bindings == 0 {
            if !presented.is_empty() {
                self.present(&presented)?;
            }
            // Nothing changed: no frame, and the last frame's stats stay.
            return Ok(());
        }
        self.stats = FrameStats {
            bindings_reevaluated: std::mem::take(&mut self.pending_bindings),
            nodes_created: doc_stats.nodes_created,
            nodes_removed: doc_stats.nodes_removed,
            nodes_restyled: doc_stats.nodes_restyled,
            nodes_laid_out: doc_stats.nodes_laid_out,
            pixels_repainted: 0,
        };
        let Some(damage) = damage else {
            return self.present(&presented);
        };
        let clip = if page.painted_once {
            Some(damage)
        } else {
            None
        };
        let place = mica_renderer::Placement {
            offset: (area.x as i32, area.y as i32),
            size: (area.width as u32, area.height as u32),
        };
        let painted = self.renderer.paint_at(
            &page.doc,
            &self.fonts,
            self.files.as_ref(),
            &mut self.pixmap,
            clip,
            place,
        );
        page.painted_once = true;
        let bars: f32 = presented.iter().map(|r| r.width * r.height).sum();
        self.stats.pixels_repainted = painted.pixels + bars as u64;
        presented.push(Rect::new(
            damage.x + area.x,
            damage.y + area.y,
            damage.width,
            damage.height,
        ));
        self.present(&presented)
    }

    /// Hands the window to the platform; `damage` is what changed, in window pixels.
    fn present(&mut self, damage: &[Rect]) -> Result<(), EngineError> {
        if damage.is_empty() {
            return Ok(());
        }
        let frame = Frame {
            width: self.pixmap.width(),
            height: self.pixmap.height(),
            pixels: self.pixmap.data(),
        };
        self.platform.present(frame, damage)?;
        Ok(())
    }

    /// The app goes to the background (`visible: false`: the device showed its own home
    /// screen, the Android activity paused) or comes back. Leaving: the page on top's
    /// `onHide`, then `App.onHide` and `wx.onAppHide` listeners; coming back:
    /// `App.onShow(options)`, `wx.onAppShow` listeners, then the page's `onShow`, as in
    /// WeChat. Nothing happens when the app already is in that state.
    pub fn set_app_visible(&mut self, visible: bool) -> Result<(), EngineError> {
        if self.app_hidden != visible {
            return Ok(());
        }
        self.app_hidden = !visible;
        let top = self.pages.top().map(|p| p.id);
        if visible {
            self.send_logic(ToLogic::AppVisibility { show: true });
            if let Some(page_id) = top {
                self.send_logic(ToLogic::ShowPage { page_id });
            }
            self.invalidate();
        } else {
            if let Some(page_id) = top {
                self.send_logic(ToLogic::HidePage { page_id });
            }
            self.send_logic(ToLogic::AppVisibility { show: false });
        }
        self.settle()
    }

    /// Whether the app is in the background ([`Runtime::set_app_visible`]).
    pub fn app_hidden(&self) -> bool {
        self.app_hidden
    }

    /// Damages the whole window so the next [`Runtime::render_frame`] repaints everything.
    pub fn invalidate(&mut self) {
        let full = Rect::new(
            0.0,
            0.0,
            self.config.width as f32,
            self.config.height as f32,
        );
        self.chrome.repaint();
        if let Some(page) = self.pages.top_mut() {
            page.doc.add_damage(full);
        }
    }

    /// Taps the centre of the first node matching `selector`, hit-tested as a finger would
    /// be, then waits for the app to settle and draws the result.
    pub fn tap(&mut self, selector: &str) -> Result<(), EngineError> {
        let page = self.pages.top().ok_or(EngineError::NoPage)?;
        let node = mica_layout::select(&page.doc, selector)
            .ok_or_else(|| EngineError::NoMatch(selector.to_string()))?;
        let r = page.doc.node(node).rect;
        self.tap_page_at(r.x + r.width / 2.0, r.y + r.height / 2.0)
    }

    /// A pointer tap at window coordinates: on a bar, its tab or back button (see
    /// `chrome`); on the page, runs the `tap` handlers of the hit node and its ancestors
    /// in capture-then-bubble order (see [`crate::view::events`]).
    pub fn tap_at(&mut self, x: f32, y: f32) -> Result<(), EngineError> {
        if !self.overlay_open() && self.chrome_tap(x, y)? {
            return Ok(());
        }
        let top = self.areas().page.y;
        self.tap_page_at(x, y - top)
    }

    /// A tap at `(x, y)` in the page's viewport coordinates.
    fn tap_page_at(&mut self, x: f32, y: f32) -> Result<(), EngineError> {
        // An open picker or keyboard takes the tap first (see `overlay`).
        if self.overlay_tap(x, y)? {
            return Ok(());
        }
        self.pages.top().ok_or(EngineError::NoPage)?;
        // The toast and the watchdog's banner take no taps (see `interaction`).
        let Some(hit) = self.page_hit(x, y) else {
            return Ok(());
        };
        let page = self.pages.top().ok_or(EngineError::NoPage)?;
        // A component's internal part is never the target: its component is.
        let target = crate::components::host(&page.doc, hit);
        // A pointer does not move the remote-control focus: like `:focus-visible` in a
        // browser, the ring is for key users, and a touch kiosk should not show one.
        self.dispatch_tap(target, x, y, true)
    }

    /// Runs the `tap` handlers for `target` (capture, then bubble) with the touch point
    /// `(x, y)`, then settles. Built-in components act first (see `controls`); `pointer`
    /// is false for Enter, whose point is only the target's centre.
    fn dispatch_tap(
        &mut self,
        target: NodeId,
        x: f32,
        y: f32,
        pointer: bool,
    ) -> Result<(), EngineError> {
        let Some(pressed) = self.component_tap(target, pointer.then_some((x, y))) else {
            return Ok(());
        };
        let page = self.pages.top().ok_or(EngineError::NoPage)?;
        let view = page.view.as_ref().ok_or(EngineError::NoPage)?;
        let page_id = page.id;
        let touch = json!({ "identifier": 0, "pageX": x, "pageY": y, "clientX": x, "clientY": y });
        let mut extra = Map::new();
        extra.insert("touches".into(), json!([touch]));
        extra.insert("changedTouches".into(), json!([touch]));
        let calls = event_calls(
            &page.doc,
            view,
            target,
            "tap",
            &json!({ "x": x, "y": y }),
            &extra,
        );
        self.send_events(page_id, calls);
        self.settle()?;
        self.release(pressed)?;
        self.follow_navigator(page_id, target)
    }

    /// A tap inside a `<navigator>` (after the page's own handlers) routes as its
    /// `open-type` says: `navigate` (default), `redirect`, `switchTab`, `reLaunch` or
    /// `navigateBack` (with `delta`). A refused route is a warning, as for `wx.*` calls.
    fn follow_navigator(&mut self, page_id: u32, target: NodeId) -> Result<(), EngineError> {
        // The handlers may have navigated already: `target` belongs to the tapped page.
        let Some(page) = self
            .pages
            .top()
            .filter(|p| p.id == page_id && p.doc.get(target).is_some())
        else {
            return Ok(());
        };
        let doc = &page.doc;
        let Some(nav) = std::iter::once(target)
            .chain(doc.ancestors(target))
            .find(|n| doc.node(*n).tag == "navigator")
        else {
            return Ok(());
        };
        let n = doc.node(nav);
        if n.attr("target") == Some("miniProgram") {
            self.warn(
                "navigation",
                "<navigator target=\"miniProgram\"> is not supported".into(),
            );
            return Ok(());
        }
        let url = n.attr("url").unwrap_or("").trim().to_string();
        let navigation = match n.attr("open-type").unwrap_or("navigate") {
            "redirect" => Navigation::RedirectTo { url },
            "switchTab" => Navigation::SwitchTab { url },
            "reLaunch" => Navigation::ReLaunch { url },
            "navigateBack" => Navigation::NavigateBack {
                delta: n
                    .attr("delta")
                    .and_then(|d| d.trim().parse::<u32>().ok())
                    .unwrap_or(1)
                    .max(1),
            },
            "navigate" => Navigation::NavigateTo { url },
            other => {
                let message = format!("<navigator open-type=\"{other}\"> is not supported");
                self.warn("navigation", message);
                return Ok(());
            }
        };
        self.navigate(navigation, None)?;
        self.settle()
    }

    /// The current frame as PNG bytes.
    pub fn png(&self) -> Result<Vec<u8>, EngineError> {
        Ok(mica_renderer::encode_png(&self.pixmap)?)
    }

    /// The current frame's pixmap.
    pub fn pixmap(&self) -> &tiny_skia_pixmap::Pixmap {
        &self.pixmap
    }

    /// The document of the page on screen.
    pub fn document(&self) -> Option<&Document> {
        self.pages.top().map(|p| &p.doc)
    }

    /// Errors reported so far (script exceptions, bad setData keys, ...).
    pub fn errors(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Warnings reported so far (unknown tags, CSS problems, ...).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Work counters of the last frame.
    pub fn stats(&self) -> FrameStats {
        self.stats
    }

    /// Resets the work counters (call before the change you want to measure).
    pub fn reset_stats(&mut self) {
        self.stats = FrameStats::default();
    }

    /// Calls a method of the page on screen as an event handler would, then settles (for
    /// tests and benches).
    pub fn call_page_method(&mut self, handler: &str, event: Value) -> Result<(), EngineError> {
        let page_id = self.pages.top().ok_or(EngineError::NoPage)?.id;
        self.send_logic(ToLogic::Event {
            page_id,
            handler: handler.to_string(),
            event,
        });
        self.settle()
    }

    /// The page on screen's document, the page stack, errors, warnings and stats as JSON
    /// (`mica render --dump`).
    pub fn dump(&self) -> Value {
        let top = self.pages.top();
        let tree = top.map(|p| crate::dump::tree(&p.doc, p.doc.root()));
        json!({
            "page": top.map(|p| p.route.clone()),
            "stack": self.pages.routes(),
            "size": { "width": self.config.width, "height": self.config.height },
            "tree": tree,
            "chrome": self.chrome_dump(),
            "dialog": self.dialog_dump(),
            "toast": self.toast_dump(),
            "errorOverlay": self.error_overlay_dump(),
            "focused": top.filter(|_| self.chrome_focus() == ChromeFocus::Page).and_then(|p| {
                let n = p.focus.focused()?;
                let node = p.doc.node(n);
                Some(json!({
                    "tag": node.tag,
                    "id": node.attr("id"),
                    "class": node.attr("class"),
                    "rect": [node.rect.x, node.rect.y, node.rect.width, node.rect.height],
                }))
            }),
            "errors": self.diagnostics,
            "warnings": self.warnings,
            "stats": self.stats,
        })
    }
}

/// The handler calls an event of type `kind` on `target` makes (capture, then bubble;
/// see [`crate::view::events`]), each with its WeChat event object: `type`, `timeStamp`,
/// `target`, `currentTarget`, `detail`, `mark`, plus the `extra` fields (a tap's
/// `touches`). WeChat's event object has no phase field; `currentTarget` tells them apart.
fn event_calls(
    doc: &Document,
    view: &View,
    target: NodeId,
    kind: &str,
    detail: &Value,
    extra: &Map<String, Value>,
) -> Vec<(Option<u32>, String, Value)> {
    let target_info = event_node(doc, view, target);
    let mark = Value::Object(crate::view::events::mark(doc, view, target));
    crate::view::events::plan(doc, view, target, kind)
        .into_iter()
        .map(|d| {
            let mut event = json!({
                "type": kind,
                "timeStamp": 0,
                "target": target_info,
                "currentTarget": event_node(doc, view, d.current_target),
                "detail": detail,
                "mark": mark,
            });
            if let Value::Object(o) = &mut event {
                o.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            (d.instance, d.handler, event)
        })
        .collect()
}

impl Runtime {
    /// Sends handler calls made by [`event_calls`] to the logic thread: to the page, or
    /// to the component instance whose template bound the handler.
    fn send_events(&mut self, page_id: u32, calls: Vec<(Option<u32>, String, Value)>) {
        for (instance, handler, event) in calls {
            self.send_logic(ToLogic::Event {
                page_id: instance.unwrap_or(page_id),
                handler,
                event,
            });
        }
    }

    /// A component's `triggerEvent`: the handlers bound to `name` on its host (and, as
    /// `options` say, above it) run with `{type, detail, target, currentTarget, mark}`.
    fn trigger_event(&mut self, id: u32, name: &str, detail: &Value, options: [bool; 3]) {
        let [bubbles, composed, capture] = options;
        let Some(&page_id) = self.component_pages.get(&id) else {
            log::debug!("triggerEvent `{name}` from a detached component {id}: ignored");
            return;
        };
        let Some(page) = self.pages.get_mut(page_id) else {
            return;
        };
        let Some(view) = page.view.as_ref() else {
            return;
        };
        let Some((host, _)) = view.component_host(id) else {
            return;
        };
        let doc = &page.doc;
        let plan =
            crate::view::events::plan_custom(doc, view, host, name, bubbles, composed, capture);
        let target_info = event_node(doc, view, host);
        let mark = Value::Object(crate::view::events::mark(doc, view, host));
        let calls: Vec<(Option<u32>, String, Value)> = plan
            .into_iter()
            .map(|d| {
                let event = json!({
                    "type": name,
                    "timeStamp": 0,
                    "target": target_info,
                    "currentTarget": event_node(doc, view, d.current_target),
                    "detail": detail,
                    "mark": mark,
                });
                (d.instance, d.handler, event)
            })
            .collect();
        self.send_events(page_id, calls);
    }
}

/// `target`/`currentTarget` of an event.
fn event_node(doc: &Document, view: &View, node: NodeId) -> Value {
    let n = doc.node(node);
    json!({
        "id": n.id_attr().unwrap_or(""),
        "offsetLeft": n.rect.x,
        "offsetTop": n.rect.y,
        "dataset": Value::Object(view.dataset(doc, node)),
    })
}
