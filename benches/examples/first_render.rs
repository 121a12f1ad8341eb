//! One first render of the list page, for profilers: `valgrind --tool=callgrind
//! --collect-atstart=no --toggle-collect='*render_once*' target/release/examples/first_render [rows]`.
//! A warm-up render runs first so the font and glyph caches are as in a running app.
use mica_benches::{list_data, ViewPage, ViewPipeline, LIST_WXML, LIST_WXSS};

#[inline(never)]
fn render_once(pipe: &mut ViewPipeline, data: serde_json::Value) -> ViewPage {
    pipe.open(LIST_WXML, LIST_WXSS, data)
}

fn main() {
    let rows = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000);
    let mut pipe = ViewPipeline::new(1920, 1080);
    let data = list_data(rows, "Row");
    // Not through `render_once`, so the profile holds one render only.
    drop(pipe.open(LIST_WXML, LIST_WXSS, data.clone()));
    let page = render_once(&mut pipe, data);
    assert_eq!(page.doc.len(), 2 + 5 * rows);
}
