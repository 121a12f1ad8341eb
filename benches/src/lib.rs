//! Shared helpers for Mica's criterion benches (`benches/frame.rs`, `benches/template.rs`).
//!
//! Two levels are measured. [`ViewPipeline`] runs the view side of a frame only — compile,
//! [`View`], restyle, layout, paint into a [`Pixmap`] — with no logic thread, so template
//! and patch costs are not hidden behind the JS round trip. [`write_list_app`] writes a
//! generated app for the full [`mica_engine::runtime::Runtime`] path.
//!
//! ```no_run
//! use mica_benches::{list_data, ViewPipeline, LIST_WXML, LIST_WXSS};
//! let mut pipe = ViewPipeline::new(1920, 1080);
//! let mut page = pipe.open(LIST_WXML, LIST_WXSS, list_data(1_000, "Row"));
//! let patch = mica_benches::title_patch(500, "x");
//! page.set_data(&patch);
//! let painted = pipe.frame(&mut page); // nothing: row 500 is below the window
//! assert_eq!(painted.pixels, 0);
//! ```
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use mica_engine::package::Package;
use mica_engine::template::{self, Template};
use mica_engine::view::{PatchStats, View};
use mica_layout::{Document, FontStore, ParseOptions, Rect, StyleSet, Stylesheet};
use mica_renderer::paint::PaintStats;
use mica_renderer::tiny_skia::Pixmap;
use mica_renderer::{NoImages, Renderer};
use serde_json::{json, Map, Value};

/// The workspace's `apps/` directory.
pub fn apps_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../apps")
}

/// Where generated bench apps are written: `<target>/bench-apps`.
pub fn generated_apps_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("bench-apps")
}

/// The list page: a keyed `wx:for` whose rows carry two text bindings.
pub const LIST_WXML: &str = r#"<view class="list">
  <view wx:for="{{list}}" wx:key="id" class="row">
    <text class="index">{{index}}</text>
    <text class="title">{{item.title}}</text>
  </view>
</view>
"#;

/// The list page's style: 48px rows, so about 22 of them fill a 1080px window.
pub const LIST_WXSS: &str = ".list { display: flex; flex-direction: column; }
.row {
  display: flex;
  flex-direction: row;
  align-items: center;
  height: 48px;
  padding: 0 24px;
  border-bottom: 1px solid #e5e6eb;
  background-color: #ffffff;
}
.index { width: 120px; font-size: 24px; color: #86909c; }
.title { flex: 1; font-size: 28px; color: #1d2129; }
";

/// The page route of generated apps.
pub const LIST_ROUTE: &str = "pages/list/list";

/// `rows` items `{id, title: "<prefix> <id>"}`.
pub fn list_rows(rows: usize, prefix: &str) -> Value {
    Value::Array(
        (0..rows)
            .map(|i| json!({ "id": i, "title": format!("{prefix} {i}") }))
            .collect(),
    )
}

/// The list page's data: `{"list": list_rows(rows, prefix)}`.
pub fn list_data(rows: usize, prefix: &str) -> Value {
    json!({ "list": list_rows(rows, prefix) })
}

/// `setData({'list[<row>].title': title})`.
pub fn title_patch(row: usize, title: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        format!("list[{row}].title"),
        Value::String(title.to_string()),
    );
    m
}

/// `setData({list: list_rows(rows, prefix)})`: the whole list replaced.
pub fn replace_patch(rows: usize, prefix: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("list".to_string(), list_rows(rows, prefix));
    m
}

/// The view side of a window: fonts, renderer and pixmap, kept warm across pages as in
/// a running app.
#[derive(Debug)]
pub struct ViewPipeline {
    fonts: FontStore,
    renderer: Renderer,
    pixmap: Pixmap,
    viewport: (f32, f32),
}

/// One page on a [`ViewPipeline`]: what `Runtime`'s page holds, minus the logic thread.
#[derive(Debug)]
pub struct ViewPage {
    /// The page's document.
    pub doc: Document,
    /// The instantiated template.
    pub view: View,
    styles: StyleSet,
    painted_once: bool,
}

impl ViewPage {
    /// Applies a `setData` object, panicking on a bad key (bench input is fixed).
    pub fn set_data(&mut self, patch: &Map<String, Value>) -> PatchStats {
        match self.view.set_data(&mut self.doc, patch) {
            Ok(st) => st,
            Err(e) => panic!("setData: {e}"),
        }
    }
}

impl ViewPipeline {
    /// A `width`x`height` window with the bundled fonts.
    pub fn new(width: u32, height: u32) -> Self {
        let Some(pixmap) = Pixmap::new(width, height) else {
            panic!("bad window size {width}x{height}");
        };
        ViewPipeline {
            fonts: FontStore::bundled(),
            renderer: Renderer::new(),
            pixmap,
            viewport: (width as f32, height as f32),
        }
    }

    /// The frame buffer.
    pub fn pixmap(&self) -> &Pixmap {
        &self.pixmap
    }

    /// The fonts the pipeline lays out and paints with.
    pub fn fonts(&self) -> &FontStore {
        &self.fonts
    }

    /// Repaints the whole window from the page's current layout (display list and
    /// painting, no restyle or layout).
    pub fn paint_full(&mut self, page: &ViewPage) -> PaintStats {
        self.renderer
            .paint(&page.doc, &self.fonts, &NoImages, &mut self.pixmap, None)
    }

    /// A page from source to its first painted frame: compile `wxml`, parse `wxss`,
    /// instantiate with `data`, restyle, lay out, paint the whole window.
    pub fn open(&mut self, wxml: &str, wxss: &str, data: Value) -> ViewPage {
        let template = match template::compile("page.wxml", wxml) {
            Ok(c) => c.template,
            Err(e) => panic!("{e}"),
        };
        self.open_compiled(Arc::new(template), wxss, data)
    }

    /// [`ViewPipeline::open`] with an already compiled template.
    pub fn open_compiled(&mut self, template: Arc<Template>, wxss: &str, data: Value) -> ViewPage {
        let (sheet, _) = Stylesheet::parse(wxss, "page.wxss", ParseOptions::default());
        let mut styles = StyleSet::new();
        styles.push(sheet);
        let mut doc = Document::new();
        let root = doc.root();
        let view = View::new(template, data, &mut doc, root);
        let mut page = ViewPage {
            doc,
            view,
            styles,
            painted_once: false,
        };
        self.frame(&mut page);
        page
    }

    /// One frame as `Runtime::render_frame` runs it (minus image sizing and present):
    /// restyle, layout, then paint of the damage clipped to the window (the whole window
    /// for a page's first frame). Paints nothing when nothing visible changed.
    pub fn frame(&mut self, page: &mut ViewPage) -> PaintStats {
        mica_layout::restyle(&mut page.doc, &page.styles, self.viewport);
        mica_layout::compute_layout(&mut page.doc, &self.fonts, self.viewport);
        let full = Rect::new(0.0, 0.0, self.viewport.0, self.viewport.1);
        let damage = page.doc.take_damage();
        page.doc.take_stats();
        let clip = if page.painted_once {
            match damage.map(|d| d.intersect(&full)) {
                Some(d) if !d.is_empty() => Some(d),
                _ => return PaintStats::default(),
            }
        } else {
            None
        };
        page.painted_once = true;
        self.renderer
            .paint(&page.doc, &self.fonts, &NoImages, &mut self.pixmap, clip)
    }
}

/// Writes the list app with `rows` rows to `generated_apps_dir()/list-<rows>` and returns
/// its directory. The page has `setTitle(e)` (`list[e.detail.i].title = e.detail.title`)
/// and `replace(e)` (every title becomes `"<e.detail.prefix> <id>"`).
pub fn write_list_app(rows: usize) -> PathBuf {
    let dir = generated_apps_dir().join(format!("list-{rows}"));
    let js = format!(
        "const list = [];
for (let i = 0; i < {rows}; i++) list.push({{ id: i, title: 'Row ' + i }});

Page({{
  data: {{ list }},
  setTitle(e) {{
    this.setData({{ ['list[' + e.detail.i + '].title']: e.detail.title }});
  }},
  replace(e) {{
    const p = e.detail.prefix;
    this.setData({{ list: this.data.list.map((r) => ({{ id: r.id, title: p + ' ' + r.id }})) }});
  }},
}});
"
    );
    let files = [
        ("app.json", format!("{{\"pages\":[\"{LIST_ROUTE}\"]}}")),
        ("app.js", "App({});\n".to_string()),
        ("pages/list/list.wxml", LIST_WXML.to_string()),
        ("pages/list/list.wxss", LIST_WXSS.to_string()),
        ("pages/list/list.js", js),
    ];
    for (path, text) in files {
        write(&dir.join(path), text.as_bytes());
    }
    dir
}

/// Writes a copy of the app at `src` that carries only compiled templates (`<route>.mir`
/// from [`mica_engine::compile::precompile_pages`]) to `generated_apps_dir()/<name>` and
/// returns its directory.
pub fn write_precompiled_app(src: &Path, name: &str) -> PathBuf {
    let pkg = match Package::open(src) {
        Ok(p) => p,
        Err(e) => panic!("{}: {e}", src.display()),
    };
    let pages = match mica_engine::compile::precompile_pages(&pkg) {
        Ok(p) => p,
        Err(e) => panic!("{}: {e}", src.display()),
    };
    let dir = generated_apps_dir().join(name);
    match std::fs::read(src.join("app.json")) {
        Ok(bytes) => write(&dir.join("app.json"), &bytes),
        Err(e) => panic!("{}: {e}", src.display()),
    }
    for (path, bytes) in pages {
        write(&dir.join(path), &bytes);
    }
    dir
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        if let Err(e) = std::fs::create_dir_all(parent) {
            panic!("{}: {e}", parent.display());
        }
    }
    if let Err(e) = std::fs::write(path, bytes) {
        panic!("{}: {e}", path.display());
    }
}
