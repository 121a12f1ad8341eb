//! Text: glyph placement from a text layout, colour, clipping.

use mica_layout::{
    Color, Document, FaceId, NodeId, Overflow, PositionedGlyph, Rect, TextLayout, TextLine,
};
use mica_renderer::{NoImages, Renderer};
use tiny_skia::Pixmap;

use crate::support::*;

/// A `text` element at (10,10) 40x20 with padding 2 and one text child whose single
/// line has its baseline 12 px below the content top and glyphs at pen x 0, 8 and 16.
fn text_page(color: Color) -> (Document, NodeId, NodeId) {
    let mut doc = page(60.0, 40.0);
    let root = doc.root();
    let el = add(
        &mut doc,
        root,
        "text",
        Rect::new(10.0, 10.0, 40.0, 20.0),
        |s| {
            s.color = color;
            let p = taffy::LengthPercentage::length(2.0);
            s.layout.padding = taffy::Rect {
                left: p,
                right: p,
                top: p,
                bottom: p,
            };
        },
    );
    let t = doc.create_text("ab c");
    doc.append_child(el, t);
    let glyph = |g: u16, x: f32, ch: char| PositionedGlyph {
        face: FaceId(0),
        glyph: g,
        x,
        ch,
    };
    let node = doc.node_mut(t);
    node.rect = Rect::new(12.0, 12.0, 36.0, 16.0);
    node.text_layout = Some(TextLayout {
        lines: vec![TextLine {
            glyphs: vec![glyph(1, 0.0, 'a'), glyph(0, 8.0, ' '), glyph(2, 16.0, 'c')],
            baseline: 12.0,
            width: 24.0,
            offset_x: 0.0,
        }],
        font_size: 16.0,
        width: 24.0,
        height: 16.0,
        ..Default::default()
    });
    (doc, el, t)
}

fn paint_text(doc: &Document) -> Pixmap {
    let mut p = Pixmap::new(60, 40).expect("pixmap");
    Renderer::new().paint(doc, &Blocks, &NoImages, &mut p, None);
    p
}

#[test]
fn glyphs_land_at_pen_plus_bearing_on_the_baseline() {
    let (doc, _, _) = text_page(RED);
    let p = paint_text(&doc);
    // Content box origin (12,12); baseline y = 24; glyph 'a' covers x 13..19, y 16..26.
    let inside = |x: u32, y: u32| {
        (13..19).contains(&x) && (16..26).contains(&y)
            || (29..35).contains(&x) && (16..26).contains(&y)
    };
    for y in 0..40 {
        for x in 0..60 {
            let expected = if inside(x, y) { rgba(RED) } else { WHITE };
            assert_eq!(px(&p, x, y), expected, "pixel {x},{y}");
        }
    }
}

#[test]
fn text_takes_its_parents_colour_and_opacity() {
    let (mut doc, el, _) = text_page(Color::rgba(0, 0, 255, 255));
    doc.node_mut(el).style.opacity = 0.5;
    let p = paint_text(&doc);
    let (r, g, b, _) = px(&p, 15, 20);
    assert_eq!(b, 255);
    assert!((126..=129).contains(&r) && r == g, "{r} {g}");
}

#[test]
fn text_is_clipped_by_overflow_hidden() {
    let (mut doc, el, _) = text_page(RED);
    let root = doc.root();
    let clip = add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 16.0, 40.0),
        |s| s.overflow = Overflow::Hidden,
    );
    doc.append_child(clip, el);
    let p = paint_text(&doc);
    assert_eq!(px(&p, 15, 20), rgba(RED));
    assert_eq!(px(&p, 16, 20), WHITE, "clipped at the clip's right edge");
    assert_eq!(px(&p, 30, 20), WHITE);
}

#[test]
fn glyphs_are_cached_between_frames() {
    let (doc, _, _) = text_page(RED);
    let mut r = Renderer::new();
    let mut p = Pixmap::new(60, 40).expect("pixmap");
    r.paint(&doc, &Blocks, &NoImages, &mut p, None);
    let n = r.glyph_cache().len();
    r.paint(&doc, &Blocks, &NoImages, &mut p, None);
    assert_eq!(r.glyph_cache().len(), n);
    assert_eq!(n, 3);
}

#[test]
fn bundled_font_text_paints_inside_its_line_box_only() {
    let fonts = mica_layout::FontStore::bundled();
    let layout = fonts.shape("Hi", 24.0, 32.0, None, mica_layout::TextAlign::Left);
    assert!(!layout.lines.is_empty() && layout.lines[0].glyphs.len() == 2);
    let mut doc = page(80.0, 50.0);
    let root = doc.root();
    let el = add(
        &mut doc,
        root,
        "text",
        Rect::new(10.0, 10.0, 60.0, 32.0),
        |s| s.color = BLUE,
    );
    let t = doc.create_text("Hi");
    doc.append_child(el, t);
    let width = layout.width;
    doc.node_mut(t).rect = Rect::new(10.0, 10.0, width, 32.0);
    doc.node_mut(t).text_layout = Some(layout);

    let mut p = Pixmap::new(80, 50).expect("pixmap");
    Renderer::new().paint(&doc, &fonts, &NoImages, &mut p, None);
    let mut inked = 0;
    for y in 0..50 {
        for x in 0..80 {
            let c = px(&p, x, y);
            if c != WHITE {
                inked += 1;
                assert!(
                    c.2 == 255 && c.0 == c.1,
                    "text colour is blue over white: {c:?}"
                );
                let (fx, fy) = (x as f32, y as f32);
                assert!(
                    (10.0..10.0 + width + 1.0).contains(&fx) && (10.0..42.0).contains(&fy),
                    "ink outside the line box at {x},{y}"
                );
            }
        }
    }
    assert!(inked > 40, "the glyphs left ink ({inked} pixels)");
}

/// The text node of [`text_page`] with its text style changed by `f`.
fn styled_text_page(f: impl FnOnce(&mut mica_layout::style::text_style::TextStyle)) -> Document {
    let (mut doc, _, t) = text_page(BLUE);
    f(&mut doc.node_mut(t).style.text);
    doc
}

const BLUE: Color = Color::rgba(0, 0, 255, 255);

/// CSS Text Decoration 3 §4: a shadow is the glyphs again, offset, in its colour,
/// under the text.
#[test]
fn text_shadow_paints_the_glyphs_offset_beneath_the_text() {
    use mica_layout::style::text_style::TextShadow;
    let doc = styled_text_page(|t| {
        t.shadows = Some(
            vec![TextShadow {
                x: 3.0,
                y: 4.0,
                blur: 0.0,
                color: Some(RED),
            }]
            .into(),
        )
    });
    let p = paint_text(&doc);
    // Glyph 'a' covers x 13..19, y 16..26; its shadow x 16..22, y 20..30.
    assert_eq!(px(&p, 14, 17), rgba(BLUE), "the text is on top");
    assert_eq!(px(&p, 20, 28), rgba(RED), "the shadow shows beside it");
    assert_eq!(px(&p, 14, 28), WHITE);
}

#[test]
fn a_blurred_shadow_spreads_softly_beyond_the_glyphs() {
    use mica_layout::style::text_style::TextShadow;
    let doc = styled_text_page(|t| {
        t.shadows = Some(
            vec![TextShadow {
                x: 0.0,
                y: 0.0,
                blur: 4.0,
                color: Some(RED),
            }]
            .into(),
        )
    });
    let p = paint_text(&doc);
    // Two px left of glyph 'a' (x 13): partly red.
    let (r, g, b, _) = px(&p, 11, 21);
    assert!(r == 255 && g < 250 && g > 20 && g == b, "{r} {g} {b}");
    // Far away: untouched.
    assert_eq!(px(&p, 13, 4), WHITE);
}

/// CSS Fonts 4 §2.4: without an italic face the upright glyphs are slanted; rows above
/// the baseline move right, the baseline row stays.
#[test]
fn synthetic_italic_slants_glyphs_about_the_baseline() {
    use mica_layout::style::text_style::FontStyle;
    let doc = styled_text_page(|t| t.font_style = FontStyle::Italic);
    let p = paint_text(&doc);
    // Upright, 'a' covers x 13..19. Its top row (y 16, 8 px above the baseline) moves
    // right by 2 px; the row at the baseline (y 23..24) by a fraction.
    assert_eq!(px(&p, 13, 16), WHITE, "the top left corner moved away");
    let (r, _, b, _) = px(&p, 20, 16);
    assert!(
        b == 255 && r < 64,
        "the top right moved past the upright edge: {r}"
    );
    assert_eq!(px(&p, 15, 24), rgba(BLUE));
}

/// CSS Text Decoration 3 §2: the underline spans the line below the baseline, the
/// line-through crosses the glyphs above them, in `text-decoration-color`.
#[test]
fn decorations_span_the_line_in_their_colour() {
    use mica_layout::style::text_style::line;
    let mut doc = styled_text_page(|t| {
        t.decoration.lines = line::UNDERLINE | line::LINE_THROUGH;
        t.decoration.color = Some(RED);
    });
    let t = doc.node(doc.root()).children[0];
    let t = doc.node(t).children[0];
    if let Some(l) = doc.node_mut(t).text_layout.as_mut() {
        l.decoration.underline_offset = 3.0;
        l.decoration.ascent = 12.0;
    }
    let p = paint_text(&doc);
    // Baseline y 24, 16px font: 1 px lines. Underline at y 27, across the 24 px line.
    for x in [12, 24, 35] {
        assert_eq!(px(&p, x, 27), rgba(RED), "underline at {x}");
    }
    assert_eq!(px(&p, 37, 27), WHITE, "it ends with the line");
    // Line-through centred a third of the ascent up (y 19.5 → row 20), over the glyph.
    assert_eq!(px(&p, 15, 20), rgba(RED), "line-through over the glyph");
    assert_eq!(px(&p, 15, 19), rgba(BLUE));
    assert_eq!(px(&p, 15, 21), rgba(BLUE));
}

/// Glyphs sit at quarter-pixel pen positions (as Skia places them): a glyph half a pixel
/// right of a pixel edge covers its first and last columns by half.
#[test]
fn glyphs_are_placed_to_the_quarter_pixel() {
    let (mut doc, _, t) = text_page(RED);
    if let Some(l) = doc.node_mut(t).text_layout.as_mut() {
        l.lines[0].glyphs.truncate(1);
        l.lines[0].glyphs[0].x = 0.5;
    }
    let p = paint_text(&doc);
    // Upright at pen 0 the block covers x 13..19; at 0.5 it covers 13.5..19.5.
    let half = |x| {
        let (r, g, _, _) = px(&p, x, 20);
        r == 255 && (120..=136).contains(&g)
    };
    assert!(
        half(13) && half(19),
        "{:?} {:?}",
        px(&p, 13, 20),
        px(&p, 19, 20)
    );
    assert_eq!(px(&p, 16, 20), rgba(RED));
    assert_eq!(px(&p, 20, 20), WHITE);
}
