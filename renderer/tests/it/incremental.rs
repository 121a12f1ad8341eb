//! Incremental frames equal fresh ones: random edits of a keyed list (texts, classes, row
//! inserts, removals and moves, style changes that alter heights) are restyled, laid out
//! and painted incrementally (relayout boundaries, culled display lists, damage-only
//! repaints), and after each one the frame and every box must equal a from-scratch
//! render of the same tree, pixel for pixel.

use mica_layout::{
    compute_layout, restyle, Document, FontStore, NodeId, ParseOptions, Rect, StyleSet, Stylesheet,
};
use mica_renderer::{NoImages, Renderer};
use tiny_skia::Pixmap;

const W: u32 = 360;
const H: u32 = 400;

const CSS: &str = ".list { display: flex; flex-direction: column; }
.row { display: flex; flex-direction: row; align-items: center; height: 48px;
  padding: 0 12px; border-bottom: 1px solid #e5e6eb; background-color: #ffffff; }
.index { width: 60px; font-size: 16px; color: #86909c; }
.title { flex: 1; font-size: 20px; color: #1d2129; }
.alt { background-color: #eef3ff; }
.tall { height: 72px; }
.big .title { font-size: 28px; }
.loose { height: auto; padding: 6px 12px; }
.boxed { display: block; height: 40px; border-top: 2px solid #333333; }
";

/// One row of the model: what the document should show.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    key: u32,
    title: String,
    class: &'static str,
    style: Option<&'static str>,
}

const CLASSES: [&str; 6] = [
    "row",
    "row alt",
    "row tall",
    "row big",
    "row loose",
    "row boxed",
];
const STYLES: [&str; 3] = [
    "height: 30px",
    "height: 64px; background-color: #ffeecc",
    "color: #ff0000",
];
const TITLES: [&str; 6] = [
    "x",
    "yy",
    "A somewhat longer title",
    "标题 Title",
    "A title long enough to wrap onto a second line in this narrow window",
    "",
];

/// Deterministic pseudo-random numbers (no extra crates; every run the same).
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

/// The document of a list plus the node ids of each row: (row, index text, title text).
struct Page {
    doc: Document,
    list: NodeId,
    rows: Vec<(NodeId, NodeId, NodeId)>,
}

fn styles() -> StyleSet {
    let (sheet, warnings) = Stylesheet::parse(CSS, "list.wxss", ParseOptions::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut styles = StyleSet::new();
    styles.push(sheet);
    styles
}

fn fonts() -> &'static FontStore {
    static FONTS: std::sync::OnceLock<FontStore> = std::sync::OnceLock::new();
    FONTS.get_or_init(FontStore::bundled)
}

fn make_row(doc: &mut Document, i: usize, row: &Row) -> (NodeId, NodeId, NodeId) {
    let r = doc.create_element("view");
    doc.set_attr(r, "class", row.class);
    if let Some(s) = row.style {
        doc.set_attr(r, "style", s);
    }
    let index = doc.create_element("text");
    doc.set_attr(index, "class", "index");
    let index_text = doc.create_text(&i.to_string());
    doc.append_child(index, index_text);
    let title = doc.create_element("text");
    doc.set_attr(title, "class", "title");
    let title_text = doc.create_text(&row.title);
    doc.append_child(title, title_text);
    doc.append_child(r, index);
    doc.append_child(r, title);
    (r, index_text, title_text)
}

fn build(model: &[Row]) -> Page {
    let mut doc = Document::new();
    let list = doc.create_element("view");
    doc.set_attr(list, "class", "list");
    let root = doc.root();
    doc.append_child(root, list);
    let rows = model
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let ids = make_row(&mut doc, i, r);
            doc.append_child(list, ids.0);
            ids
        })
        .collect();
    Page { doc, list, rows }
}

/// Restyle, layout and paint (only the damage once painted); returns nodes laid out.
fn frame(
    page: &mut Page,
    styles: &StyleSet,
    renderer: &mut Renderer,
    pixmap: &mut Pixmap,
    first: bool,
) -> u32 {
    let viewport = (W as f32, H as f32);
    restyle(&mut page.doc, styles, viewport);
    compute_layout(&mut page.doc, fonts(), viewport);
    let damage = page.doc.take_damage();
    let stats = page.doc.take_stats();
    let full = Rect::new(0.0, 0.0, viewport.0, viewport.1);
    let clip = if first {
        None
    } else {
        match damage.map(|d| d.intersect(&full)) {
            Some(d) if !d.is_empty() => Some(d),
            _ => return stats.nodes_laid_out,
        }
    };
    renderer.paint(&page.doc, fonts(), &NoImages, pixmap, clip);
    stats.nodes_laid_out
}

fn boxes(page: &Page) -> Vec<[f32; 4]> {
    let doc = &page.doc;
    doc.descendants(doc.root())
        .into_iter()
        .map(|n| {
            let r = doc.node(n).rect;
            [r.x, r.y, r.width, r.height]
        })
        .collect()
}

/// Applies one random edit to both the model and the incremental page; returns what it
/// did, for failure messages.
fn edit(rng: &mut Lcg, model: &mut Vec<Row>, page: &mut Page, next_key: &mut u32) -> String {
    let doc = &mut page.doc;
    let i = rng.below(model.len());
    match rng.below(8) {
        0 | 1 => {
            let t = TITLES[rng.below(TITLES.len())];
            model[i].title = t.to_string();
            doc.set_text(page.rows[i].2, t);
            format!("title of row {i} = {t:?}")
        }
        2 => {
            let c = CLASSES[rng.below(CLASSES.len())];
            model[i].class = c;
            doc.set_attr(page.rows[i].0, "class", c);
            format!("class of row {i} = {c:?}")
        }
        3 => {
            let s = if rng.below(3) == 0 {
                None
            } else {
                Some(STYLES[rng.below(STYLES.len())])
            };
            model[i].style = s;
            match s {
                Some(s) => doc.set_attr(page.rows[i].0, "style", s),
                None => doc.remove_attr(page.rows[i].0, "style"),
            }
            format!("style of row {i} = {s:?}")
        }
        4 => {
            *next_key += 1;
            let row = Row {
                key: *next_key,
                title: format!("New {next_key}"),
                class: CLASSES[rng.below(CLASSES.len())],
                style: None,
            };
            let ids = make_row(doc, i, &row);
            doc.insert_before(page.list, ids.0, Some(page.rows[i].0));
            // The index texts of later rows are not renumbered: the model keeps them.
            model.insert(i, row);
            page.rows.insert(i, ids);
            format!("insert before row {i}")
        }
        5 if model.len() > 2 => {
            doc.remove(page.rows[i].0);
            model.remove(i);
            page.rows.remove(i);
            format!("remove row {i}")
        }
        _ => {
            let j = rng.below(model.len());
            let row = model.remove(i);
            let ids = page.rows.remove(i);
            let before = page.rows.get(j).map(|r| r.0);
            doc.insert_before(page.list, ids.0, before);
            model.insert(j.min(model.len()), row);
            page.rows.insert(j.min(page.rows.len()), ids);
            format!("move row {i} to {j}")
        }
    }
}

/// The model as the index texts show it: rows keep the index they were created with.
fn indexes(page: &Page) -> Vec<String> {
    page.rows
        .iter()
        .map(|r| page.doc.node(r.1).text.clone())
        .collect()
}

fn fresh(model: &[Row], indexes: &[String], styles: &StyleSet) -> (Page, Pixmap) {
    let mut page = build(model);
    for (r, i) in page.rows.clone().iter().zip(indexes) {
        page.doc.set_text(r.1, i);
    }
    let mut pixmap = Pixmap::new(W, H).expect("pixmap");
    frame(&mut page, styles, &mut Renderer::new(), &mut pixmap, true);
    (page, pixmap)
}

#[test]
fn random_edits_paint_what_a_fresh_render_paints() {
    for seed in [0x5eed, 7, 2024] {
        random_edits(seed, 120);
    }
}

fn random_edits(seed: u64, steps: usize) {
    let styles = styles();
    let mut model: Vec<Row> = (0..40)
        .map(|k| Row {
            key: k,
            title: format!("Row {k}"),
            class: if k % 7 == 3 { "row alt" } else { "row" },
            style: None,
        })
        .collect();
    let mut next_key = 100;
    let mut page = build(&model);
    let mut renderer = Renderer::new();
    let mut pixmap = Pixmap::new(W, H).expect("pixmap");
    frame(&mut page, &styles, &mut renderer, &mut pixmap, true);
    let mut rng = Lcg(seed);
    let mut history = Vec::new();
    for step in 0..steps {
        history.push(edit(&mut rng, &mut model, &mut page, &mut next_key));
        // Sometimes two edits land in one frame.
        if rng.below(4) == 0 {
            history.push(edit(&mut rng, &mut model, &mut page, &mut next_key));
        }
        frame(&mut page, &styles, &mut renderer, &mut pixmap, false);
        let (expected, expected_pixels) = fresh(&model, &indexes(&page), &styles);
        let keys: Vec<u32> = model.iter().map(|r| r.key).collect();
        assert_eq!(
            boxes(&page),
            boxes(&expected),
            "seed {seed}: boxes differ after step {step} ({:?}); rows {keys:?}",
            &history[history.len().saturating_sub(3)..]
        );
        if pixmap.data() != expected_pixels.data() {
            let diff = pixmap
                .pixels()
                .iter()
                .zip(expected_pixels.pixels())
                .position(|(a, b)| a != b)
                .map(|i| (i % W as usize, i / W as usize));
            panic!(
                "seed {seed}: pixels differ after step {step} ({:?}), first at {diff:?}",
                &history[history.len().saturating_sub(3)..]
            );
        }
    }
}

#[test]
fn one_title_in_a_long_list_lays_out_only_its_row() {
    let styles = styles();
    let model: Vec<Row> = (0..1000)
        .map(|k| Row {
            key: k,
            title: format!("Row {k}"),
            class: "row",
            style: None,
        })
        .collect();
    let mut page = build(&model);
    let mut renderer = Renderer::new();
    let mut pixmap = Pixmap::new(W, H).expect("pixmap");
    let first = frame(&mut page, &styles, &mut renderer, &mut pixmap, true);
    assert!(first > 4000, "{first}");
    page.doc.set_text(page.rows[3].2, "changed");
    let laid_out = frame(&mut page, &styles, &mut renderer, &mut pixmap, false);
    // The row, its title element (measured, then laid out) and the changed text: not
    // the list, not the page, not the other rows.
    assert!(laid_out <= 8, "{laid_out}");
    let mut model = model;
    model[3].title = "changed".into();
    let (expected, expected_pixels) = fresh(&model, &indexes(&page), &styles);
    assert_eq!(boxes(&page), boxes(&expected));
    assert!(pixmap.data() == expected_pixels.data());
}
