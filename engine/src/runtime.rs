//! The view thread's side of a running mini-program: it owns the package, the page's
//! document, styles, layout, rendering and the platform, and talks to the logic thread only
//! through [`crate::script`]'s channels.
//!
//! The pipeline of one frame is explicit (see [`Runtime::render_frame`]): images sized,
//! restyle, layout, paint of the damaged area, present.
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

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mica_layout::{
    Document, FontStore, NodeId, NodeKind, ParseOptions, Rect, StyleSet, Stylesheet,
};
use mica_renderer::{ImageSource, Renderer};
use serde_json::{json, Map, Value};

use crate::compile;
use crate::data::{parse_path, DataPath};
use crate::headless::HeadlessPlatform;
use crate::package::{Package, PackageError};
use crate::platform::{Frame, Platform};
use crate::script::{
    spawn_logic_with, LogicHandle, LogicOptions, ScriptSource, SystemInfo, ToLogic, ToView,
};
use crate::template::Template;
use crate::view::View;
use crate::EngineError;

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
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        RuntimeConfig {
            width: 1920,
            height: 1080,
            fonts: Vec::new(),
            idle_timeout: Duration::from_secs(10),
        }
    }
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
}

impl ScriptSource for PackageFiles {
    fn read_script(&self, path: &str) -> Option<String> {
        self.package.read_to_string(path).ok()
    }
}

impl ImageSource for PackageFiles {
    fn load(&self, src: &str) -> Option<Arc<Vec<u8>>> {
        let base = self.base.lock().map(|b| b.clone()).unwrap_or_default();
        let path = Package::resolve(&base, src).ok()?;
        self.package.read(&path).ok().map(Arc::new)
    }
}

/// One open page.
#[derive(Debug)]
struct PageInstance {
    id: u32,
    route: String,
    doc: Document,
    view: Option<View>,
    styles: StyleSet,
    template: Arc<Template>,
    /// Image nodes and the `src` their intrinsic size was read from.
    image_srcs: HashMap<NodeId, String>,
    painted_once: bool,
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
    page: Option<PageInstance>,
    next_page_id: u32,
    app_style: Option<Stylesheet>,
    diagnostics: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    stats: FrameStats,
    /// Bindings re-evaluated by patches since the last frame.
    pending_bindings: u32,
}

// tiny-skia is reached through the renderer so the engine names one version.
use mica_renderer::tiny_skia as tiny_skia_pixmap;

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("package", &self.package.name())
            .field("platform", &self.platform.name())
            .field("page", &self.page.as_ref().map(|p| &p.route))
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// Opens the app at `path` on the headless platform.
    pub fn open(path: impl AsRef<Path>, config: RuntimeConfig) -> Result<Self, EngineError> {
        let platform = Box::new(HeadlessPlatform::new(config.width, config.height));
        Self::with_platform(Package::open(path)?, config, platform)
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
        let files = Arc::new(PackageFiles {
            package: package.clone(),
            base: std::sync::Mutex::new(String::new()),
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
        let system = SystemInfo {
            window_width: config.width,
            window_height: config.height,
            ..SystemInfo::default()
        };
        let logic = spawn_logic_with(
            files.clone(),
            tx,
            LogicOptions::default().system_info(system),
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
            page: None,
            next_page_id: 1,
            app_style: None,
            diagnostics: Vec::new(),
            warnings: Vec::new(),
            stats: FrameStats::default(),
            pending_bindings: 0,
        };
        if let Some(path) = rt.package.app_style_path() {
            let sheet = rt.load_stylesheet(&path)?;
            rt.app_style = Some(sheet);
        }
        Ok(rt)
    }

    fn load_stylesheet(&mut self, path: &str) -> Result<Stylesheet, EngineError> {
        let text = self.package.read_to_string(path)?;
        let (sheet, warnings) = Stylesheet::parse(&text, path, ParseOptions::default());
        for w in warnings {
            self.warn("style", w.to_string());
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

    /// Starts the app and opens `route` (default: the first page of `app.json`), then waits
    /// until the first frame is drawn and the logic thread is idle.
    pub fn launch(&mut self, route: Option<&str>) -> Result<(), EngineError> {
        let app = self.package.app_config()?;
        let route = match route {
            Some(r) => {
                let r = r.trim_start_matches('/').to_string();
                if !app.pages.contains(&r) {
                    return Err(EngineError::NoSuchPage(r));
                }
                r
            }
            None => app.pages[0].clone(),
        };
        let seq = self.logic.send(ToLogic::LaunchApp { query: Map::new() });
        self.outstanding.insert(seq);
        self.open_page(&route, Map::new())
    }

    fn open_page(&mut self, route: &str, query: Map<String, Value>) -> Result<(), EngineError> {
        // Compile first: a broken template is fatal for the page and nothing runs.
        let (tpl_path, compiled) = compile::load_page_template(&self.package, route)?;
        let tpl = compiled.template;
        for w in compiled.warnings {
            self.warn("template", w.to_string());
        }
        let mut styles = StyleSet::new();
        if let Some(sheet) = &self.app_style {
            styles.push(sheet.clone());
        }
        if let Some(path) = self.package.page_style_path(route) {
            let sheet = self.load_stylesheet(&path)?;
            styles.push(sheet);
        }
        if let Ok(mut base) = self.files.base.lock() {
            *base = tpl_path.clone();
        }
        let id = self.next_page_id;
        self.next_page_id += 1;
        self.page = Some(PageInstance {
            id,
            route: route.to_string(),
            doc: Document::new(),
            view: None,
            styles,
            template: Arc::new(tpl),
            image_srcs: HashMap::new(),
            painted_once: false,
        });
        let seq = self.logic.send(ToLogic::LoadPage {
            page_id: id,
            route: route.to_string(),
            query,
        });
        self.outstanding.insert(seq);
        self.wait_idle()?;
        if self.page.as_ref().is_some_and(|p| p.view.is_none()) {
            // The logic thread never sent data (e.g. the page script failed to load):
            // render the template with empty data rather than a blank screen.
            self.instantiate(id, Value::Object(Map::new()));
        }
        self.render_frame()?;
        let seq = self.logic.send(ToLogic::PageReady { page_id: id });
        self.outstanding.insert(seq);
        self.settle()
    }

    /// Waits for the logic thread, then draws whatever changed.
    pub fn settle(&mut self) -> Result<(), EngineError> {
        self.wait_idle()?;
        self.render_frame()
    }

    fn instantiate(&mut self, page_id: u32, data: Value) {
        let Some(page) = self.page.as_mut().filter(|p| p.id == page_id) else {
            return;
        };
        if page.view.is_some() {
            return;
        }
        let root = page.doc.root();
        let view = View::new(page.template.clone(), data, &mut page.doc, root);
        let warnings: Vec<String> = view.warnings().iter().map(|w| w.to_string()).collect();
        let wxs_errors = view.take_wxs_errors();
        page.view = Some(view);
        for w in warnings {
            self.warn("template", w);
        }
        for e in wxs_errors {
            self.error("wxs", e);
        }
    }

    /// Handles messages from the logic thread until every message sent to it was
    /// acknowledged and no patch is pending.
    pub fn wait_idle(&mut self) -> Result<(), EngineError> {
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

    fn handle(&mut self, msg: ToView) {
        match msg {
            ToView::InitialData { page_id, data } => self.instantiate(page_id, data),
            ToView::Patch {
                page_id,
                changes,
                callback_id,
            } => {
                self.apply_patch(page_id, changes);
                if let Some(cb) = callback_id {
                    let seq = self.logic.send(ToLogic::PatchApplied { callback_id: cb });
                    self.outstanding.insert(seq);
                }
            }
            ToView::Error { message } => self.error("script", message),
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
        let Some(page) = self.page.as_mut().filter(|p| p.id == page_id) else {
            return;
        };
        let Some(view) = page.view.as_mut() else {
            return;
        };
        let st = view.apply_patch(&mut page.doc, &parsed);
        let wxs_errors = view.take_wxs_errors();
        self.pending_bindings += st.bindings_reevaluated;
        for e in wxs_errors {
            self.error("wxs", e);
        }
    }

    /// Runs the pipeline for one frame: image sizes, restyle, layout, paint of the damaged
    /// area, present. Does nothing when nothing changed.
    pub fn render_frame(&mut self) -> Result<(), EngineError> {
        let Some(page) = self.page.as_mut() else {
            return Ok(());
        };
        let viewport = (self.config.width as f32, self.config.height as f32);
        for message in size_images(&self.package, &self.files, page) {
            log::warn!("{message}");
            self.warnings.push(Diagnostic {
                source: "image",
                message,
            });
        }
        mica_layout::restyle(&mut page.doc, &page.styles, viewport);
        mica_layout::compute_layout(&mut page.doc, &self.fonts, viewport);
        let damage = page.doc.take_damage();
        let full = Rect::new(0.0, 0.0, viewport.0, viewport.1);
        let damage = if page.painted_once {
            damage.map(|d| d.intersect(&full))
        } else {
            Some(full)
        };
        let doc_stats = page.doc.take_stats();
        let damage = damage.filter(|d| !d.is_empty());
        if damage.is_none() && doc_stats == Default::default() && self.pending_bindings == 0 {
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
        let Some(damage) = damage else { return Ok(()) };
        let clip = if page.painted_once {
            Some(damage)
        } else {
            None
        };
        let painted = self.renderer.paint(
            &page.doc,
            &self.fonts,
            self.files.as_ref(),
            &mut self.pixmap,
            clip,
        );
        page.painted_once = true;
        self.stats.pixels_repainted = painted.pixels;
        let frame = Frame {
            width: self.pixmap.width(),
            height: self.pixmap.height(),
            pixels: self.pixmap.data(),
        };
        self.platform.present(frame, &[damage])?;
        Ok(())
    }

    /// Damages the whole window so the next [`Runtime::render_frame`] repaints everything.
    pub fn invalidate(&mut self) {
        let full = Rect::new(
            0.0,
            0.0,
            self.config.width as f32,
            self.config.height as f32,
        );
        if let Some(page) = self.page.as_mut() {
            page.doc.add_damage(full);
        }
    }

    /// Taps the centre of the first node matching `selector`, hit-tested as a finger would
    /// be, then waits for the app to settle and draws the result.
    pub fn tap(&mut self, selector: &str) -> Result<(), EngineError> {
        let page = self.page.as_ref().ok_or(EngineError::NoPage)?;
        let node = mica_layout::select(&page.doc, selector)
            .ok_or_else(|| EngineError::NoMatch(selector.to_string()))?;
        let r = page.doc.node(node).rect;
        self.tap_at(r.x + r.width / 2.0, r.y + r.height / 2.0)
    }

    /// A pointer tap at window coordinates: runs the `tap` handlers of the hit node and
    /// its ancestors in capture-then-bubble order (see [`crate::view::events`]).
    pub fn tap_at(&mut self, x: f32, y: f32) -> Result<(), EngineError> {
        let page = self.page.as_ref().ok_or(EngineError::NoPage)?;
        let Some(target) = mica_layout::hit_test(&page.doc, x, y) else {
            return Ok(());
        };
        let view = page.view.as_ref().ok_or(EngineError::NoPage)?;
        let target_info = event_node(&page.doc, view, target);
        let mark = Value::Object(crate::view::events::mark(&page.doc, view, target));
        let page_id = page.id;
        let touch = json!({ "identifier": 0, "pageX": x, "pageY": y, "clientX": x, "clientY": y });
        let calls: Vec<(String, Value)> = crate::view::events::plan(&page.doc, view, target, "tap")
            .into_iter()
            .map(|d| {
                // WeChat's event object has no phase field; `currentTarget` tells them apart.
                let event = json!({
                    "type": "tap",
                    "timeStamp": 0,
                    "target": target_info,
                    "currentTarget": event_node(&page.doc, view, d.current_target),
                    "detail": { "x": x, "y": y },
                    "touches": [touch],
                    "changedTouches": [touch],
                    "mark": mark,
                });
                (d.handler, event)
            })
            .collect();
        for (handler, event) in calls {
            let seq = self.logic.send(ToLogic::Event {
                page_id,
                handler,
                event,
            });
            self.outstanding.insert(seq);
        }
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

    /// The open page's document.
    pub fn document(&self) -> Option<&Document> {
        self.page.as_ref().map(|p| &p.doc)
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

    /// Calls a page method as an event handler would, then settles (for tests and benches).
    pub fn call_page_method(&mut self, handler: &str, event: Value) -> Result<(), EngineError> {
        let page_id = self.page.as_ref().ok_or(EngineError::NoPage)?.id;
        let seq = self.logic.send(ToLogic::Event {
            page_id,
            handler: handler.to_string(),
            event,
        });
        self.outstanding.insert(seq);
        self.settle()
    }

    /// The document, errors, warnings and stats as JSON (`mica render --dump`).
    pub fn dump(&self) -> Value {
        let tree = self
            .page
            .as_ref()
            .map(|p| crate::dump::tree(&p.doc, p.doc.root()));
        json!({
            "page": self.page.as_ref().map(|p| p.route.clone()),
            "size": { "width": self.config.width, "height": self.config.height },
            "tree": tree,
            "errors": self.diagnostics,
            "warnings": self.warnings,
            "stats": self.stats,
        })
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

/// Reads the intrinsic size of image nodes whose `src` changed. Returns warnings.
fn size_images(package: &Package, files: &PackageFiles, page: &mut PageInstance) -> Vec<String> {
    let mut warnings = Vec::new();
    let base = files.base.lock().map(|b| b.clone()).unwrap_or_default();
    let images: Vec<(NodeId, String)> = page
        .doc
        .descendants(page.doc.root())
        .into_iter()
        .filter_map(|id| {
            let n = page.doc.node(id);
            (n.kind == NodeKind::Element && n.tag == "image")
                .then(|| (id, n.attr("src").unwrap_or("").to_string()))
        })
        .filter(|(id, src)| page.image_srcs.get(id) != Some(src))
        .collect();
    for (id, src) in images {
        page.image_srcs.insert(id, src.clone());
        if src.is_empty() {
            page.doc.set_intrinsic_size(id, None);
            continue;
        }
        let size = match Package::resolve(&base, &src).and_then(|p| package.read(&p)) {
            Ok(bytes) => match mica_renderer::decode_size(&bytes) {
                Ok((w, h)) => Some((w as f32, h as f32)),
                Err(e) => {
                    warnings.push(format!("{base}: image {src}: {e}"));
                    None
                }
            },
            Err(PackageError::PathEscapes(p)) => {
                warnings.push(format!("{base}: image {p}: path escapes the package"));
                None
            }
            Err(e) => {
                warnings.push(format!("{base}: image {src}: {e}"));
                None
            }
        };
        page.doc.set_intrinsic_size(id, size);
    }
    warnings
}
