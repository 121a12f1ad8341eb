//! Damage repaint: only pixels inside the damage change, and work tracks its size.

use mica_layout::{Color, Document, Overflow, Rect};
use mica_layout::{FaceId, PositionedGlyph, TextLayout, TextLine};
use mica_renderer::{NoGlyphs, NoImages, Renderer};
use tiny_skia::Pixmap;

use crate::support::*;

fn scene() -> (Document, mica_layout::NodeId) {
    let mut doc = page(80.0, 80.0);
    let root = doc.root();
    let clip = add(
        &mut doc,
        root,
        "view",
        Rect::new(4.0, 4.0, 72.0, 72.0),
        |s| {
            s.overflow = Overflow::Hidden;
            s.border_radius = [16.0; 4];
            border(s, [2.0; 4]);
            s.border_color = [Color::BLACK, RED, GREEN, BLUE];
            s.background_color = Color::rgba(200, 200, 255, 255);
        },
    );
    let target = add(
        &mut doc,
        clip,
        "view",
        Rect::new(0.0, 20.0, 80.0, 20.0),
        |s| {
            s.background_color = RED;
            s.border_radius = [6.0; 4];
        },
    );
    (doc, target)
}

#[test]
fn damage_repaint_changes_only_pixels_inside_the_damage() {
    let (mut doc, target) = scene();
    let mut pixmap = Pixmap::new(80, 80).expect("pixmap");
    let mut r = Renderer::new();
    r.paint(&doc, &NoGlyphs, &NoImages, &mut pixmap, None);
    let before = pixmap.clone();

    doc.node_mut(target).style.background_color = GREEN;
    // Deliberately only half the changed node.
    let damage = Rect::new(0.0, 20.0, 40.0, 20.0);
    r.paint(&doc, &NoGlyphs, &NoImages, &mut pixmap, Some(damage));

    assert_eq!(
        px(&pixmap, 20, 30),
        rgba(GREEN),
        "inside the damage: new colour"
    );
    assert_eq!(
        px(&pixmap, 60, 30),
        rgba(RED),
        "outside the damage: old colour"
    );
    for y in 0..80 {
        for x in 0..80 {
            if !damage.contains(x as f32 + 0.5, y as f32 + 0.5) {
                assert_eq!(
                    pixmap.pixel(x, y),
                    before.pixel(x, y),
                    "pixel {x},{y} changed"
                );
            }
        }
    }
}

#[test]
fn damage_repaint_matches_a_full_repaint_inside_the_damage() {
    let (mut doc, target) = scene();
    let mut pixmap = Pixmap::new(80, 80).expect("pixmap");
    let mut r = Renderer::new();
    r.paint(&doc, &NoGlyphs, &NoImages, &mut pixmap, None);

    doc.node_mut(target).style.background_color = GREEN;
    doc.node_mut(target).rect = Rect::new(0.0, 10.0, 80.0, 20.0);
    // Old and new boxes, fractional on purpose (rounded out by the painter).
    let damage = Rect::new(0.5, 9.5, 79.0, 31.0);
    r.paint(&doc, &NoGlyphs, &NoImages, &mut pixmap, Some(damage));

    let full = paint(&doc, 80, 80);
    assert_same(&pixmap, &full, 0);
}

/// Asserts two pixmaps agree within `tol` per channel, naming the first difference.
fn assert_same(a: &Pixmap, b: &Pixmap, tol: u8) {
    let mut diffs = Vec::new();
    for y in 0..a.height() {
        for x in 0..a.width() {
            if !near(px(a, x, y), px(b, x, y), tol) {
                diffs.push((x, y, px(a, x, y), px(b, x, y)));
            }
        }
    }
    assert!(
        diffs.is_empty(),
        "{} pixels differ, first: {:?}",
        diffs.len(),
        &diffs[..diffs.len().min(8)]
    );
}

#[test]
fn empty_or_offscreen_damage_changes_nothing() {
    let (doc, _) = scene();
    let mut pixmap = Pixmap::new(80, 80).expect("pixmap");
    let mut r = Renderer::new();
    let stats = r.paint(
        &doc,
        &NoGlyphs,
        &NoImages,
        &mut pixmap,
        Some(Rect::new(200.0, 0.0, 5.0, 5.0)),
    );
    assert_eq!(stats.pixels, 0);
    assert!(pixmap.data().iter().all(|b| *b == 0), "untouched");
}

#[test]
fn one_row_damage_on_a_thousand_row_page_draws_a_handful_of_items() {
    let rows = 1000;
    let mut doc = page(100.0, rows as f32 * 20.0);
    let root = doc.root();
    let list = add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 100.0, rows as f32 * 20.0),
        |s| s.overflow = Overflow::Hidden,
    );
    let mut ids = Vec::new();
    for i in 0..rows {
        let row = add(
            &mut doc,
            list,
            "view",
            Rect::new(0.0, i as f32 * 20.0, 100.0, 20.0),
            |s| {
                border(s, [0.0, 0.0, 1.0, 0.0]);
                s.border_color = [Color::BLACK; 4];
                s.overflow = Overflow::Hidden;
            },
        );
        add(
            &mut doc,
            row,
            "view",
            Rect::new(2.0, i as f32 * 20.0 + 2.0, 16.0, 16.0),
            |s| s.background_color = BLUE,
        );
        ids.push(row);
    }
    let mut pixmap = Pixmap::new(100, 1000).expect("pixmap");
    let mut r = Renderer::new();
    r.paint(&doc, &NoGlyphs, &NoImages, &mut pixmap, None);

    doc.node_mut(ids[10]).style.background_color = RED;
    let damage = doc.node(ids[10]).rect;
    let stats = r.paint(&doc, &NoGlyphs, &NoImages, &mut pixmap, Some(damage));
    // The work, not the time (that is for the benches): one row drawn, the rest culled.
    assert!(stats.drawn <= 4, "{stats:?}");
    assert!(stats.culled >= 990, "{stats:?}");
    assert_eq!(stats.pixels, 100 * 20);
    assert_eq!(px(&pixmap, 50, 205), rgba(RED));
    assert_eq!(px(&pixmap, 50, 225), WHITE);
}

/// Everything at once, on fractional coordinates: rounded multi-colour borders, nested
/// rounded clips, a translucent rounded box, a rounded letterboxed image and text.
fn rich_scene() -> Document {
    let mut doc = page(100.0, 80.0);
    let root = doc.root();
    doc.node_mut(root).style.background_color = Color::rgba(240, 240, 240, 255);
    let card = add(
        &mut doc,
        root,
        "view",
        Rect::new(5.5, 3.25, 70.0, 60.0),
        |s| {
            s.overflow = Overflow::Hidden;
            s.border_radius = [14.0, 4.0, 22.0, 0.0];
            border(s, [2.0, 3.0, 1.5, 4.0]);
            s.border_color = [RED, GREEN, BLUE, Color::rgba(0, 0, 0, 128)];
            s.background_color = Color::rgba(180, 200, 255, 255);
        },
    );
    let inner = add(
        &mut doc,
        card,
        "view",
        Rect::new(-10.0, 30.0, 120.0, 30.0),
        |s| {
            s.background_color = Color::rgba(0, 160, 0, 200);
            s.border_radius = [9.0; 4];
            s.overflow = Overflow::Hidden;
        },
    );
    add(
        &mut doc,
        inner,
        "view",
        Rect::new(20.3, 25.0, 30.0, 30.0),
        |s| {
            s.background_color = Color::rgba(255, 255, 0, 255);
            s.border_radius = [15.0; 4];
        },
    );
    let img = add(
        &mut doc,
        card,
        "image",
        Rect::new(12.5, 8.5, 30.0, 18.0),
        |s| {
            s.border_radius = [6.0; 4];
        },
    );
    doc.set_attr(img, "src", "a.png");
    doc.set_attr(img, "mode", "aspectFit");
    add(
        &mut doc,
        root,
        "view",
        Rect::new(50.0, 40.0, 45.0, 35.0),
        |s| {
            s.background_color = Color::rgba(255, 0, 255, 255);
            s.opacity = 0.5;
            s.border_radius = [10.0, 10.0, 0.0, 17.5];
            border(s, [3.0; 4]);
            s.border_color = [Color::BLACK; 4];
        },
    );
    let t = doc.create_text("ab");
    doc.append_child(card, t);
    let node = doc.node_mut(t);
    node.rect = Rect::new(30.0, 20.0, 40.0, 14.0);
    node.text_layout = Some(TextLayout {
        lines: vec![TextLine {
            glyphs: (0..6)
                .map(|i| PositionedGlyph {
                    face: FaceId(0),
                    glyph: 1 + i,
                    x: i as f32 * 7.5,
                    ch: 'x',
                })
                .collect(),
            baseline: 11.0,
            width: 45.0,
            offset_x: 0.0,
        }],
        font_size: 12.0,
        width: 45.0,
        height: 14.0,
        ..Default::default()
    });
    doc
}

#[test]
fn any_damage_rect_repaints_exactly_what_a_full_paint_would() {
    let doc = rich_scene();
    let files = MemImages::with(&[("a.png", red_blue_png(20, 10))]);
    let mut r = Renderer::new();
    let mut full = Pixmap::new(100, 80).expect("pixmap");
    r.paint(&doc, &Blocks, &files, &mut full, None);
    let magenta = tiny_skia::Color::from_rgba8(255, 0, 255, 255);

    let mut seed = 12345u32;
    let mut next = |max: f32| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (seed >> 8) as f32 / (1u32 << 24) as f32 * max
    };
    for _ in 0..60 {
        let damage = Rect::new(
            next(100.0) - 5.0,
            next(80.0) - 5.0,
            next(40.0) + 0.5,
            next(40.0) + 0.5,
        );
        let mut p = Pixmap::new(100, 80).expect("pixmap");
        p.fill(magenta);
        r.paint(&doc, &Blocks, &files, &mut p, Some(damage));
        let (x0, y0) = (damage.x.floor(), damage.y.floor());
        let (x1, y1) = (
            (damage.x + damage.width).ceil(),
            (damage.y + damage.height).ceil(),
        );
        for y in 0..80u32 {
            for x in 0..100u32 {
                let (fx, fy) = (x as f32, y as f32);
                let inside = fx >= x0 && fx < x1 && fy >= y0 && fy < y1;
                let expected = if inside {
                    px(&full, x, y)
                } else {
                    (255, 0, 255, 255)
                };
                assert_eq!(
                    px(&p, x, y),
                    expected,
                    "pixel {x},{y} with damage {damage:?}"
                );
            }
        }
    }
}

#[test]
fn paint_at_places_the_viewport_and_leaves_the_rest_alone() {
    let (mut doc, target) = scene();
    // Reference: the document painted on its own 80x80 pixmap.
    let mut alone = Pixmap::new(80, 80).expect("pixmap");
    let mut r = Renderer::new();
    r.paint(&doc, &NoGlyphs, &NoImages, &mut alone, None);
    // The same document as a 80x60 viewport placed 20 px down a 80x100 window (what a
    // page under a navigation bar is): rows above and below keep their pixels.
    let mut window = Pixmap::new(80, 100).expect("pixmap");
    window.fill(tiny_skia::Color::from_rgba8(1, 2, 3, 255));
    let place = mica_renderer::Placement {
        offset: (0, 20),
        size: (80, 60),
    };
    let stats = r.paint_at(&doc, &NoGlyphs, &NoImages, &mut window, None, place);
    assert_eq!(stats.pixels, 80 * 60);
    for y in 0..100u32 {
        for x in 0..80u32 {
            let got = px(&window, x, y);
            if (20..80).contains(&y) {
                assert_eq!(got, px(&alone, x, y - 20), "({x},{y}) inside the viewport");
            } else {
                assert_eq!(got, (1, 2, 3, 255), "({x},{y}) outside the viewport");
            }
        }
    }
    // A damage repaint lands at the same offset, and only there.
    doc.node_mut(target).style.background_color = GREEN;
    r.paint(&doc, &NoGlyphs, &NoImages, &mut alone, None);
    let before = window.clone();
    let damage = Rect::new(0.0, 20.0, 40.0, 20.0);
    r.paint_at(&doc, &NoGlyphs, &NoImages, &mut window, Some(damage), place);
    assert_eq!(
        px(&window, 20, 50),
        px(&alone, 20, 30),
        "repainted, moved 20 down"
    );
    assert_eq!(
        px(&window, 60, 50),
        px(&before, 60, 50),
        "outside the damage"
    );
    assert_eq!(px(&window, 20, 30), px(&before, 20, 30), "above the damage");
}
