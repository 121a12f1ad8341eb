//! The template and incremental-update path on a keyed `wx:for` list at 1920x1080 (48px
//! rows, so about 22 are visible), for 1,000 and 10,000 rows.
//!
//! View side only (`ViewPipeline`: compile, `View`, restyle, layout, paint; no JS):
//! - `first_render/<rows>`: template source and stylesheet to the first painted frame;
//! - `first_render_from_ir/1000`: the same from the compiled IR (`Template::from_bytes`);
//! - `update_row_offscreen/<rows>`: `setData({'list[500].title': ..})` to a frame; row 500
//!   is below the window, so nothing is painted;
//! - `update_row_visible/<rows>`: the same for `list[10]`, which is on screen and repainted;
//! - `replace_list/<rows>`: `setData({list: ..})` with the same ids and new titles;
//! - `template_load/<step>/<page>`: compiling a page's template from source versus loading
//!   its compiled IR, in memory (`compile`, `from_bytes`) and through a `Package`
//!   (`load_page_template` on a source app and on a precompiled one).
//!
//! Through `Runtime` (logic thread round trip, image sizing, present included):
//! - `runtime_update_row_{offscreen,visible}/<rows>`: a page method doing the one-row
//!   `setData`, called with `Runtime::call_page_method`, until the frame is presented;
//! - `runtime_replace_list/<rows>`: a page method replacing the list (same ids, new titles).
//!
//! Each benchmark builds its page or app on first use, so a filter
//! (`cargo bench --bench template -- update_row_visible/10000`) only pays for what it runs.
//! Values alternate between two settings so every iteration really changes something.

use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use mica_benches::{
    list_data, replace_patch, title_patch, write_list_app, write_precompiled_app, ViewPage,
    ViewPipeline, LIST_ROUTE, LIST_WXML, LIST_WXSS,
};
use mica_engine::compile::load_page_template;
use mica_engine::package::Package;
use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::template::{self, Template};
use serde_json::{json, Map, Value};

const WIDTH: u32 = 1920;
const HEIGHT: u32 = 1080;
const SIZES: [usize; 2] = [1_000, 10_000];

fn first_render(c: &mut Criterion) {
    let mut g = c.benchmark_group("first_render");
    g.sample_size(10);
    let mut pipe = ViewPipeline::new(WIDTH, HEIGHT);
    for rows in SIZES {
        let mut data = None;
        g.bench_function(BenchmarkId::from_parameter(rows), |b| {
            let data = data.get_or_insert_with(|| {
                let data = list_data(rows, "Row");
                // Sanity: every row was built (a row is 5 nodes; plus page and list).
                let page = pipe.open(LIST_WXML, LIST_WXSS, data.clone());
                assert_eq!(page.doc.len(), 2 + 5 * rows);
                data
            });
            // The data clone is setup (it arrives from the logic thread); the page is
            // dropped outside the measurement.
            b.iter_batched(
                || data.clone(),
                |d| pipe.open(LIST_WXML, LIST_WXSS, d),
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();

    let mut g = c.benchmark_group("first_render_from_ir");
    g.sample_size(10);
    let mut input = None;
    g.bench_function(BenchmarkId::from_parameter(1_000), |b| {
        let (ir, data) =
            input.get_or_insert_with(|| match template::compile("page.wxml", LIST_WXML) {
                Ok(c) => (c.template.to_bytes(), list_data(1_000, "Row")),
                Err(e) => panic!("{e}"),
            });
        b.iter_batched(
            || data.clone(),
            |d| match Template::from_bytes(ir) {
                Ok(t) => pipe.open_compiled(Arc::new(t), LIST_WXSS, d),
                Err(e) => panic!("{e}"),
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

/// A list page with `rows` rows, and two patches to alternate; each patch is checked to
/// change the page and to paint (or not) as `visible` says.
fn updatable_page(
    pipe: &mut ViewPipeline,
    rows: usize,
    patches: [Map<String, Value>; 2],
    visible: bool,
) -> (ViewPage, [Map<String, Value>; 2]) {
    let mut page = pipe.open(LIST_WXML, LIST_WXSS, list_data(rows, "Row"));
    for p in &patches {
        let st = page.set_data(p);
        assert!(st.bindings_reevaluated > 0);
        let painted = pipe.frame(&mut page);
        assert_eq!(painted.pixels > 0, visible, "{painted:?}");
    }
    (page, patches)
}

/// `setData` of one row's title, alternating two values, then a frame.
fn update_row(c: &mut Criterion, name: &str, row: usize, visible: bool) {
    let mut g = c.benchmark_group(name);
    let mut pipe = ViewPipeline::new(WIDTH, HEIGHT);
    for rows in SIZES {
        let mut state = None;
        let mut i = 0;
        g.bench_function(BenchmarkId::from_parameter(rows), |b| {
            let (page, patches) = state.get_or_insert_with(|| {
                let patches = [title_patch(row, "x"), title_patch(row, "yy")];
                updatable_page(&mut pipe, rows, patches, visible)
            });
            b.iter(|| {
                i += 1;
                page.set_data(&patches[i % 2]);
                pipe.frame(page)
            })
        });
    }
    g.finish();
}

fn update_row_offscreen(c: &mut Criterion) {
    update_row(c, "update_row_offscreen", 500, false);
}

fn update_row_visible(c: &mut Criterion) {
    update_row(c, "update_row_visible", 10, true);
}

fn replace_list(c: &mut Criterion) {
    let mut g = c.benchmark_group("replace_list");
    g.sample_size(10);
    let mut pipe = ViewPipeline::new(WIDTH, HEIGHT);
    for rows in SIZES {
        let mut state = None;
        let mut i = 0;
        g.bench_function(BenchmarkId::from_parameter(rows), |b| {
            let (page, patches) = state.get_or_insert_with(|| {
                let patches = [replace_patch(rows, "Item"), replace_patch(rows, "Row")];
                updatable_page(&mut pipe, rows, patches, true)
            });
            let nodes = page.doc.len();
            b.iter(|| {
                i += 1;
                page.set_data(&patches[i % 2]);
                pipe.frame(page)
            });
            // Same keys: rows were updated in place, none rebuilt.
            assert_eq!(page.doc.len(), nodes);
        });
    }
    g.finish();
}

/// One page's template as source, as IR bytes, and in a source and a precompiled package.
struct LoadCase {
    path: String,
    source: String,
    ir: Vec<u8>,
    src_pkg: Package,
    mir_pkg: Package,
}

fn load_case(name: &str, dir: &std::path::Path, route: &str) -> LoadCase {
    let mir_dir = write_precompiled_app(dir, &format!("{name}-mir"));
    let (src_pkg, mir_pkg) = match (Package::open(dir), Package::open(&mir_dir)) {
        (Ok(s), Ok(m)) => (s, m),
        (Err(e), _) | (_, Err(e)) => panic!("{name}: {e}"),
    };
    let path = match src_pkg.page_template_path(route) {
        Ok(p) => p,
        Err(e) => panic!("{name}: {e}"),
    };
    let source = match src_pkg.read_to_string(&path) {
        Ok(s) => s,
        Err(e) => panic!("{name}: {e}"),
    };
    let compiled = match template::compile_with(&path, &source, &src_pkg) {
        Ok(c) => c.template,
        Err(e) => panic!("{name}: {e}"),
    };
    let ir = compiled.to_bytes();
    match Template::from_bytes(&ir) {
        Ok(t) => assert_eq!(t, compiled),
        Err(e) => panic!("{name}: {e}"),
    }
    // The precompiled package really loads from `.mir` (it has no source).
    assert!(mir_pkg.page_template_path(route).is_err());
    LoadCase {
        path,
        source,
        ir,
        src_pkg,
        mir_pkg,
    }
}

fn template_load(c: &mut Criterion) {
    let mut g = c.benchmark_group("template_load");
    let hello = mica_benches::apps_dir().join("hello");
    for (name, route) in [("list", LIST_ROUTE), ("hello", "pages/index/index")] {
        let setup = || {
            let dir = if name == "list" {
                write_list_app(1_000)
            } else {
                hello.clone()
            };
            load_case(name, &dir, route)
        };
        let mut case = None;
        g.bench_function(BenchmarkId::new("compile", name), |b| {
            let c = case.get_or_insert_with(setup);
            b.iter(|| template::compile_with(&c.path, &c.source, &c.src_pkg).map(|c| c.template))
        });
        g.bench_function(BenchmarkId::new("from_bytes", name), |b| {
            let c = case.get_or_insert_with(setup);
            b.iter(|| Template::from_bytes(&c.ir))
        });
        g.bench_function(BenchmarkId::new("package_source", name), |b| {
            let c = case.get_or_insert_with(setup);
            b.iter(|| load_page_template(&c.src_pkg, route).map(|(_, c)| c.template))
        });
        g.bench_function(BenchmarkId::new("package_mir", name), |b| {
            let c = case.get_or_insert_with(setup);
            b.iter(|| load_page_template(&c.mir_pkg, route).map(|(_, c)| c.template))
        });
    }
    g.finish();
}

/// The generated list app with `rows` rows, launched and settled.
fn launched_list(rows: usize) -> Runtime {
    let config = RuntimeConfig {
        width: WIDTH,
        height: HEIGHT,
        // Building and sending 10,000 rows at launch takes a while on the logic thread.
        idle_timeout: Duration::from_secs(120),
        ..Default::default()
    };
    let mut rt = match Runtime::open(write_list_app(rows), config) {
        Ok(rt) => rt,
        Err(e) => panic!("open: {e}"),
    };
    if let Err(e) = rt.launch(None) {
        panic!("launch: {e}");
    }
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    rt
}

fn call(rt: &mut Runtime, method: &str, event: &Value) {
    if let Err(e) = rt.call_page_method(method, event.clone()) {
        panic!("{method}: {e}");
    }
}

fn runtime_update_row(c: &mut Criterion, name: &str, row: usize, visible: bool) {
    let mut g = c.benchmark_group(name);
    for rows in SIZES {
        let mut state = None;
        let mut i = 0;
        g.bench_function(BenchmarkId::from_parameter(rows), |b| {
            let (rt, events) = state.get_or_insert_with(|| {
                let mut rt = launched_list(rows);
                let events = ["x", "yy"]
                    .map(|t| json!({ "type": "tap", "detail": { "i": row, "title": t } }));
                for e in &events {
                    rt.reset_stats();
                    call(&mut rt, "setTitle", e);
                    let st = rt.stats();
                    assert!(st.bindings_reevaluated > 0, "{name}: {st:?}");
                    assert_eq!(st.pixels_repainted > 0, visible, "{name}: {st:?}");
                }
                (rt, events)
            });
            b.iter(|| {
                i += 1;
                call(rt, "setTitle", &events[i % 2]);
            });
            assert!(rt.errors().is_empty(), "{:?}", rt.errors());
        });
    }
    g.finish();
}

fn runtime_update_row_offscreen(c: &mut Criterion) {
    runtime_update_row(c, "runtime_update_row_offscreen", 500, false);
}

fn runtime_update_row_visible(c: &mut Criterion) {
    runtime_update_row(c, "runtime_update_row_visible", 10, true);
}

fn runtime_replace_list(c: &mut Criterion) {
    let mut g = c.benchmark_group("runtime_replace_list");
    g.sample_size(10);
    for rows in SIZES {
        let mut rt = None;
        let events = ["Item", "Row"].map(|p| json!({ "type": "tap", "detail": { "prefix": p } }));
        let mut i = 0;
        g.bench_function(BenchmarkId::from_parameter(rows), |b| {
            let rt = rt.get_or_insert_with(|| launched_list(rows));
            b.iter(|| {
                i += 1;
                call(rt, "replace", &events[i % 2]);
            });
            assert!(rt.errors().is_empty(), "{:?}", rt.errors());
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = first_render, update_row_offscreen, update_row_visible, replace_list,
        template_load, runtime_update_row_offscreen, runtime_update_row_visible,
        runtime_replace_list
}
criterion_main!(benches);
