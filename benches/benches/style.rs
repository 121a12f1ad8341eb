//! Issue #4's style and paint benches:
//! - `restyle_one_class_1000_nodes`: a 1,000-node page (100 rows of 10 cells) where one
//!   cell's class changes through `setData`: the patch, restyle, relayout and the
//!   repaint of the damage, as a frame runs them (target ≤ 2 ms);
//! - `paint_busiest_fixture_1920x1080` against `tiny_skia_same_shapes_1920x1080`: the
//!   compatibility fixture with the most display items (compat/fixtures), painted whole
//!   at 1920x1080 by Mica (display list + painter), and the same rectangles, borders,
//!   clips and glyphs drawn with tiny-skia calls alone, glyph bitmaps made beforehand
//!   (target: Mica ≤ 2× tiny-skia);
//! - `paragraph_one_run_changes_100_paragraphs`: 100 paragraphs of mixed `<text>` runs
//!   and an inline block each; one run's text changes through `setData`, and the frame
//!   lays that paragraph out again (the inline formatting context) and repaints it.
//! - `mixed_paragraph_one_run_changes_100_paragraphs`: the same with a block child
//!   between the runs (a paragraph with a block line, CSS 2.1 §9.2.1.1).

use std::collections::HashMap;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use mica_benches::{ViewPage, ViewPipeline};
use mica_layout::{Color, FaceId, FontStore};
use mica_renderer::display_list::{self, DisplayItem, DisplayList};
use mica_renderer::tiny_skia::{
    FillRule, Mask, Paint, Path, PathBuilder, Pixmap, PixmapPaint, Transform,
};
use mica_renderer::{inset_rect, push_rrect, Radii};
use serde_json::json;

const ROWS: usize = 100;
const CELLS: usize = 10;

fn grid_page(pipe: &mut ViewPipeline) -> ViewPage {
    let wxml = r#"<view class="row" wx:for="{{rows}}" wx:for-item="row">
      <view wx:for="{{row.cells}}" class="cell {{item.on ? 'on' : ''}}">{{item.n}}</view>
    </view>"#;
    let wxss = ".row { display: flex; height: 10px; } \
                .cell { width: 19px; height: 9px; margin-right: 1px; background-color: #dddddd; font-size: 8px } \
                .on { background-color: #ff6600; border: 1px solid #000000 }";
    let rows: Vec<_> = (0..ROWS)
        .map(|r| {
            let cells: Vec<_> = (0..CELLS)
                .map(|c| json!({"n": r * CELLS + c, "on": false}))
                .collect();
            json!({ "cells": cells })
        })
        .collect();
    pipe.open(wxml, wxss, json!({ "rows": rows }))
}

fn restyle_one_class(c: &mut Criterion) {
    let mut pipe = ViewPipeline::new(1920, 1080);
    let mut page = grid_page(&mut pipe);
    let mut on = false;
    c.bench_function("restyle_one_class_1000_nodes", |b| {
        b.iter(|| {
            on = !on;
            let mut patch = serde_json::Map::new();
            patch.insert("rows[42].cells[7].on".into(), json!(on));
            page.set_data(&patch);
            pipe.frame(&mut page)
        })
    });
}

/// The runs of each paragraph of the paragraph benches; `{block}` is what sits between
/// the last two runs.
const PARAGRAPH: &str = r#"<view class="p" wx:for="{{paras}}">
      <text>Paragraph {{index}} mixes </text><text class="big">{{item.word}}</text>
      <text class="red"> runs of text that wrap as one paragraph, </text>
      {block}<text> and 中文的文字也在同一段里。</text>
    </view>"#;

/// Changes one run of one of 100 paragraphs whose template is [`PARAGRAPH`] with `block`
/// in it, and runs the frame.
fn paragraph_bench(c: &mut Criterion, name: &str, block: &str) {
    let mut pipe = ViewPipeline::new(1920, 1080);
    let wxml = PARAGRAPH.replace("{block}", block);
    let wxss = ".p { width: 600px; font-size: 20px; line-height: 30px; } \
                .big { font-size: 28px; } .red { color: #e53935; } \
                .chip { display: inline-block; padding: 0 6px; background-color: #1e88e5; } \
                .bar { height: 8px; margin: 4px 0; background-color: #43a047; }";
    let paras: Vec<_> = (0..100).map(|_| json!({ "word": "inline" })).collect();
    let mut page = pipe.open(&wxml, wxss, json!({ "paras": paras }));
    let mut long = false;
    c.bench_function(name, |b| {
        b.iter(|| {
            long = !long;
            let mut patch = serde_json::Map::new();
            let word = if long {
                "considerably longer"
            } else {
                "inline"
            };
            patch.insert("paras[3].word".into(), json!(word));
            page.set_data(&patch);
            pipe.frame(&mut page)
        })
    });
}

fn paragraph_run_changes(c: &mut Criterion) {
    paragraph_bench(
        c,
        "paragraph_one_run_changes_100_paragraphs",
        r#"<view class="chip">tag</view>"#,
    );
    paragraph_bench(
        c,
        "mixed_paragraph_one_run_changes_100_paragraphs",
        r#"<view class="chip">tag</view><view class="bar"></view>"#,
    );
}

/// Every compatibility fixture: (name, template, stylesheet).
fn fixtures() -> Vec<(String, String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../compat/fixtures");
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        panic!("no {}", dir.display());
    };
    for e in entries.flatten() {
        let p = e.path();
        let (Ok(wxml), Ok(wxss)) = (
            std::fs::read_to_string(p.join("index.wxml")),
            std::fs::read_to_string(p.join("index.wxss")),
        ) else {
            continue;
        };
        out.push((e.file_name().to_string_lossy().into_owned(), wxml, wxss));
    }
    out.sort();
    out
}

fn sk_color(c: Color) -> mica_renderer::tiny_skia::Color {
    mica_renderer::tiny_skia::Color::from_rgba8(c.r, c.g, c.b, c.a)
}

/// A rectangle with elliptical corners: the path Mica's painter builds for it, so the
/// baseline draws the same shape.
fn rounded(r: &mica_layout::Rect, radii: &Radii) -> Option<Path> {
    let mut pb = PathBuilder::new();
    push_rrect(&mut pb, *r, radii);
    pb.finish()
}

type GlyphKey = (FaceId, u16, u32, [u8; 4]);

/// Glyph bitmaps coloured and premultiplied, made before timing.
fn glyph_pixmaps(list: &DisplayList, fonts: &FontStore) -> HashMap<GlyphKey, (Pixmap, f32, f32)> {
    let mut out = HashMap::new();
    for item in &list.items {
        let DisplayItem::Glyphs(run) = item else {
            continue;
        };
        let c = run.color;
        for g in &run.glyphs {
            let key = (g.face, g.glyph, run.size.to_bits(), [c.r, c.g, c.b, c.a]);
            if out.contains_key(&key) {
                continue;
            }
            let Some((m, cov)) = fonts.rasterize(g.face, g.glyph, run.size) else {
                continue;
            };
            let Some(mut pm) = Pixmap::new(m.width.max(1) as u32, m.height.max(1) as u32) else {
                continue;
            };
            for (px, a) in pm.pixels_mut().iter_mut().zip(cov.iter()) {
                let a = u32::from(*a) * u32::from(c.a) / 255;
                let f = |v: u8| (u32::from(v) * a / 255) as u8;
                if let Some(p) = mica_renderer::tiny_skia::PremultipliedColorU8::from_rgba(
                    f(c.r),
                    f(c.g),
                    f(c.b),
                    a as u8,
                ) {
                    *px = p;
                }
            }
            out.insert(key, (pm, m.xmin as f32, (m.height as i32 + m.ymin) as f32));
        }
    }
    out
}

/// The display list drawn with tiny-skia alone.
fn replay(list: &DisplayList, glyphs: &HashMap<GlyphKey, (Pixmap, f32, f32)>, pixmap: &mut Pixmap) {
    pixmap.fill(sk_color(list.background));
    let (w, h) = (pixmap.width(), pixmap.height());
    let mut clips: Vec<Option<Mask>> = Vec::new();
    let id = Transform::identity();
    for item in &list.items {
        let mask = clips.last().and_then(Option::as_ref);
        match item {
            DisplayItem::Rect { rect, radii, color } => {
                if let Some(path) = rounded(rect, radii) {
                    let mut paint = Paint::default();
                    paint.set_color(sk_color(*color));
                    pixmap.fill_path(&path, &paint, FillRule::Winding, id, mask);
                }
            }
            DisplayItem::Border {
                rect,
                widths,
                colors,
                radii,
            } => {
                let inner = inset_rect(*rect, *widths);
                let (Some(o), Some(i)) = (rounded(rect, radii), rounded(&inner, &Radii::ZERO))
                else {
                    continue;
                };
                let mut pb = PathBuilder::new();
                pb.push_path(&o);
                pb.push_path(&i);
                if let Some(ring) = pb.finish() {
                    let mut paint = Paint::default();
                    paint.set_color(sk_color(colors[0]));
                    pixmap.fill_path(&ring, &paint, FillRule::EvenOdd, id, mask);
                }
            }
            DisplayItem::PushClip { rect, radii, .. } => {
                let m = Mask::new(w, h).and_then(|mut m| {
                    m.fill_path(&rounded(rect, radii)?, FillRule::Winding, true, id);
                    Some(m)
                });
                clips.push(m);
            }
            DisplayItem::PopClip => {
                clips.pop();
            }
            DisplayItem::Glyphs(run) => {
                let c = run.color;
                for g in &run.glyphs {
                    let key = (g.face, g.glyph, run.size.to_bits(), [c.r, c.g, c.b, c.a]);
                    if let Some((pm, dx, dy)) = glyphs.get(&key) {
                        let x = (run.x + g.x + dx).round() as i32;
                        let y = (run.baseline - dy).round() as i32;
                        pixmap.draw_pixmap(x, y, pm.as_ref(), &PixmapPaint::default(), id, mask);
                    }
                }
            }
            // Decorations and layers are not on the benchmarked page.
            DisplayItem::Image(_)
            | DisplayItem::Shadow(_)
            | DisplayItem::Gradient(_)
            | DisplayItem::PushLayer(_)
            | DisplayItem::PopLayer
            | DisplayItem::StyledBorder(_)
            | DisplayItem::BackgroundImage(_) => {}
        }
    }
}

fn paint_busiest(c: &mut Criterion) {
    let mut pipe = ViewPipeline::new(1920, 1080);
    let mut best: Option<(usize, String, ViewPage)> = None;
    for (name, wxml, wxss) in fixtures() {
        let page = pipe.open(&wxml, &wxss, json!({}));
        let n = display_list::build(&page.doc).items.len();
        if best.as_ref().is_none_or(|(m, _, _)| n > *m) {
            best = Some((n, name, page));
        }
    }
    let Some((items, name, page)) = best else {
        panic!("no fixtures");
    };
    eprintln!("busiest fixture: {name} ({items} display items)");
    c.bench_function("paint_busiest_fixture_1920x1080", |b| {
        b.iter(|| pipe.paint_full(&page))
    });
    let list = display_list::build(&page.doc);
    let glyphs = glyph_pixmaps(&list, pipe.fonts());
    let Some(mut pixmap) = Pixmap::new(1920, 1080) else {
        panic!("pixmap");
    };
    // The baseline must draw the same picture, or the comparison means nothing.
    pipe.paint_full(&page);
    replay(&list, &glyphs, &mut pixmap);
    if let Ok(png) = mica_renderer::encode_png(&pixmap) {
        if let Ok(r) = mica_renderer::compare_images(pipe.pixmap(), &png, 24) {
            let same = 1.0 - r.differing_pixels as f64 / r.total.max(1) as f64;
            eprintln!(
                "tiny-skia replay equals Mica's frame on {:.2} % of pixels",
                same * 100.0
            );
        }
    }
    c.bench_function("tiny_skia_same_shapes_1920x1080", |b| {
        b.iter(|| replay(&list, &glyphs, &mut pixmap))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = restyle_one_class, paint_busiest, paragraph_run_changes
}
criterion_main!(benches);
