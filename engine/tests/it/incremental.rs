//! Incremental frames equal fresh renders (issue #3's performance work: relayout
//! boundaries, culled display lists, restyle from dirty nodes). Random `setData` patches
//! on a keyed list — title texts, row classes, inline styles that change a row's height,
//! rows inserted, removed and moved — go through the view, restyle, layout and a
//! damage-only repaint; after each one the frame must equal a from-scratch render of the
//! same data pixel for pixel, and every layout box must be the same.

use std::sync::Arc;

use mica_engine::template::{self, Template};
use mica_engine::view::View;
use mica_layout::{Document, FontStore, ParseOptions, Rect, StyleSet, Stylesheet};
use mica_renderer::tiny_skia::Pixmap;
use mica_renderer::{NoImages, Renderer};
use serde_json::{json, Map, Value};

const W: u32 = 360;
const H: u32 = 420;

const WXML: &str = r#"<view class="list">
  <view wx:for="{{list}}" wx:key="id" class="row {{item.cls}}" style="{{item.style}}">
    <text class="index">{{item.id}}</text>
    <text class="title">{{item.title}}</text>
  </view>
</view>
"#;

const WXSS: &str = ".list { display: flex; flex-direction: column; }
.row { display: flex; flex-direction: row; align-items: center; height: 48px;
  padding: 0 12px; border-bottom: 1px solid #e5e6eb; background-color: #ffffff; }
.index { width: 60px; font-size: 16px; color: #86909c; }
.title { flex: 1; font-size: 20px; color: #1d2129; }
.alt { background-color: #eef3ff; }
.tall { height: 72px; }
.big .title { font-size: 28px; }
.loose { height: auto; padding: 6px 12px; }
";

const CLASSES: [&str; 5] = ["", "alt", "tall", "big", "loose"];
const STYLES: [&str; 4] = [
    "",
    "height: 30px",
    "height: 64px; background-color: #ffeecc",
    "color: #ff0000",
];
const TITLES: [&str; 5] = [
    "x",
    "yy",
    "标题 Title",
    "A title long enough to wrap onto a second line in this window",
    "",
];

/// Deterministic pseudo-random numbers, the same every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
}

fn fonts() -> &'static FontStore {
    static FONTS: std::sync::OnceLock<FontStore> = std::sync::OnceLock::new();
    FONTS.get_or_init(FontStore::bundled)
}

fn compiled() -> Arc<Template> {
    match template::compile("page.wxml", WXML) {
        Ok(c) => Arc::new(c.template),
        Err(e) => panic!("{e}"),
    }
}

fn styles() -> StyleSet {
    let (sheet, _) = Stylesheet::parse(WXSS, "page.wxss", ParseOptions::default());
    let mut styles = StyleSet::new();
    styles.push(sheet);
    styles
}

/// A page: document, view, and the frame painted so far.
struct Page {
    doc: Document,
    view: View,
    pixmap: Pixmap,
    renderer: Renderer,
    painted: bool,
}

impl Page {
    fn open(template: &Arc<Template>, styles: &StyleSet, data: Value) -> Page {
        let mut doc = Document::new();
        let root = doc.root();
        let view = View::new(template.clone(), data, &mut doc, root);
        let mut page = Page {
            doc,
            view,
            pixmap: Pixmap::new(W, H).unwrap_or_else(|| panic!("pixmap")),
            renderer: Renderer::new(),
            painted: false,
        };
        page.frame(styles);
        page
    }

    /// Restyle, layout, paint the damage (everything the first time); returns the
    /// nodes laid out.
    fn frame(&mut self, styles: &StyleSet) -> u32 {
        let viewport = (W as f32, H as f32);
        mica_layout::restyle(&mut self.doc, styles, viewport);
        mica_layout::compute_layout(&mut self.doc, fonts(), viewport);
        let damage = self.doc.take_damage();
        let laid_out = self.doc.take_stats().nodes_laid_out;
        let clip = if self.painted {
            let full = Rect::new(0.0, 0.0, viewport.0, viewport.1);
            match damage.map(|d| d.intersect(&full)) {
                Some(d) if !d.is_empty() => Some(d),
                _ => return laid_out,
            }
        } else {
            None
        };
        self.painted = true;
        self.renderer
            .paint(&self.doc, fonts(), &NoImages, &mut self.pixmap, clip);
        laid_out
    }

    fn boxes(&self) -> Vec<(String, [f32; 4])> {
        let doc = &self.doc;
        doc.descendants(doc.root())
            .into_iter()
            .map(|n| {
                let node = doc.node(n);
                let r = node.rect;
                (node.tag.clone(), [r.x, r.y, r.width, r.height])
            })
            .collect()
    }
}

fn row(id: usize, title: &str) -> Value {
    json!({ "id": id, "title": title, "cls": "", "style": "" })
}

/// One random patch: applied to `list` (the data as the logic thread holds it) and
/// returned as a `setData` object.
fn patch(
    rng: &mut Lcg,
    list: &mut Vec<Value>,
    next_id: &mut usize,
) -> (String, Map<String, Value>) {
    let mut m = Map::new();
    let i = rng.below(list.len());
    let what = match rng.below(7) {
        0 | 1 => {
            let t = TITLES[rng.below(TITLES.len())];
            list[i]["title"] = json!(t);
            m.insert(format!("list[{i}].title"), json!(t));
            format!("title {i} = {t:?}")
        }
        2 => {
            let c = CLASSES[rng.below(CLASSES.len())];
            list[i]["cls"] = json!(c);
            m.insert(format!("list[{i}].cls"), json!(c));
            format!("class {i} = {c:?}")
        }
        3 => {
            let s = STYLES[rng.below(STYLES.len())];
            list[i]["style"] = json!(s);
            m.insert(format!("list[{i}].style"), json!(s));
            format!("style {i} = {s:?}")
        }
        4 => {
            *next_id += 1;
            list.insert(i, row(*next_id, "new"));
            m.insert("list".into(), Value::Array(list.clone()));
            format!("insert at {i}")
        }
        5 if list.len() > 2 => {
            list.remove(i);
            m.insert("list".into(), Value::Array(list.clone()));
            format!("remove {i}")
        }
        _ => {
            let r = list.remove(i);
            let j = rng.below(list.len() + 1);
            list.insert(j, r);
            m.insert("list".into(), Value::Array(list.clone()));
            format!("move {i} to {j}")
        }
    };
    (what, m)
}

#[test]
fn random_patches_paint_what_a_fresh_render_paints() {
    let template = compiled();
    let styles = styles();
    let mut rng = Lcg(0xfeed);
    let mut list: Vec<Value> = (0..30).map(|i| row(i, &format!("Row {i}"))).collect();
    let mut next_id = 1000;
    let mut page = Page::open(&template, &styles, json!({ "list": list.clone() }));
    for step in 0..100 {
        let (what, m) = patch(&mut rng, &mut list, &mut next_id);
        page.view
            .set_data(&mut page.doc, &m)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        page.frame(&styles);
        let fresh = Page::open(&template, &styles, json!({ "list": list.clone() }));
        assert_eq!(
            page.boxes(),
            fresh.boxes(),
            "boxes after step {step}: {what}"
        );
        assert!(
            page.pixmap.data() == fresh.pixmap.data(),
            "pixels after step {step}: {what}"
        );
    }
}

#[test]
fn one_title_in_a_thousand_rows_lays_out_a_handful_and_repaints_like_a_full_render() {
    let template = compiled();
    let styles = styles();
    let mut list: Vec<Value> = (0..1000).map(|i| row(i, &format!("Row {i}"))).collect();
    let mut page = Page::open(&template, &styles, json!({ "list": list.clone() }));
    // Row 5 is on screen, row 500 below the window.
    for i in [5, 500] {
        let mut m = Map::new();
        m.insert(format!("list[{i}].title"), json!("edited"));
        list[i]["title"] = json!("edited");
        page.view
            .set_data(&mut page.doc, &m)
            .unwrap_or_else(|e| panic!("{e}"));
        let laid_out = page.frame(&styles);
        // The row, its title element and text: not the list, not the other rows.
        assert!(laid_out <= 8, "row {i}: {laid_out} nodes laid out");
        let fresh = Page::open(&template, &styles, json!({ "list": list.clone() }));
        assert_eq!(page.boxes(), fresh.boxes(), "row {i}");
        assert!(page.pixmap.data() == fresh.pixmap.data(), "row {i}");
    }
}
