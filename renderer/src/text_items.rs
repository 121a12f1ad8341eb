//! A text node's display items, in the paint order of CSS 2.1 Appendix E step 7 and CSS
//! Text Decoration 3 §4: per line, its `text-shadow`s (the last declared lowest), then
//! its underline and overline, the glyphs, and the line-through above them.
//!
//! Decoration lines are placed from the font's metrics
//! ([`mica_layout::text::DecorationMetrics`]) and snapped to whole pixels as Chromium
//! draws them; every `text-decoration-style` but `double` is drawn solid.

use mica_layout::style::text_style::{line, DecorationStyle, FontStyle, TextStyle};
use mica_layout::{Color, Node, Rect, TextLayout, TextLine};

use crate::display_list::{DisplayItem, GlyphInstance, GlyphRun};
use crate::shapes::Radii;

/// The shear of a synthetic oblique: tan 14°, about what Chromium and Skia use when a
/// font has no italic face.
pub const SYNTHETIC_OBLIQUE: f32 = 0.25;

/// Appends the items of text node `node` whose content box is `content`, in `color`
/// (opacity applied) with `opacity` for its shadows and decorations' own colours.
pub(crate) fn push_text_items(
    node: &Node,
    content: Rect,
    color: Color,
    opacity: f32,
    items: &mut Vec<DisplayItem>,
) {
    let Some(layout) = &node.text_layout else {
        return;
    };
    let size = layout.font_size;
    if !(size.is_finite() && size > 0.0) {
        return;
    }
    let style = &node.style.text;
    let slant = match style.font_style {
        FontStyle::Italic => SYNTHETIC_OBLIQUE,
        FontStyle::Normal => 0.0,
    };
    let fade = |c: Color| Color {
        a: (f32::from(c.a) * opacity).round().clamp(0.0, 255.0) as u8,
        ..c
    };
    // `currentcolor` in a shadow or decoration is the text's colour.
    let current = |c: Option<Color>| c.map_or(color, fade);
    for line in &layout.lines {
        if line.glyphs.is_empty() {
            continue;
        }
        let run = glyph_run(line, content, size, color, slant);
        if let Some(shadows) = &style.shadows {
            for s in shadows.iter().rev() {
                let c = current(s.color);
                if c.is_transparent() {
                    continue;
                }
                // A blur reaches 1.5 × its radius (3σ) beyond the glyphs.
                let reach = s.blur * 1.5 + 1.0;
                let b = run.bounds;
                items.push(DisplayItem::Glyphs(GlyphRun {
                    x: run.x + s.x,
                    baseline: run.baseline + s.y,
                    color: c,
                    blur: s.blur,
                    bounds: Rect::new(
                        b.x + s.x - reach,
                        b.y + s.y - reach,
                        b.width + 2.0 * reach,
                        b.height + 2.0 * reach,
                    ),
                    ..run.clone()
                }));
            }
        }
        let deco = decoration_rects(style, layout, line, content, run.baseline);
        let deco_color = current(style.decoration.color);
        let paint_deco = !deco_color.is_transparent();
        if paint_deco {
            items.extend(
                deco.iter()
                    .filter(|(through, _)| !through)
                    .map(|&(_, rect)| rect_item(rect, deco_color)),
            );
        }
        if !color.is_transparent() {
            items.push(DisplayItem::Glyphs(run));
        }
        if paint_deco {
            items.extend(
                deco.iter()
                    .filter(|(through, _)| *through)
                    .map(|&(_, rect)| rect_item(rect, deco_color)),
            );
        }
    }
}

fn rect_item(rect: Rect, color: Color) -> DisplayItem {
    DisplayItem::Rect {
        rect,
        radii: Radii::ZERO,
        color,
    }
}

/// The glyph run of one line.
fn glyph_run(line: &TextLine, content: Rect, size: f32, color: Color, slant: f32) -> GlyphRun {
    let (min_x, max_x) = line
        .glyphs
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), g| {
            (lo.min(g.x), hi.max(g.x))
        });
    let baseline = content.y + line.baseline;
    // Generous overhang: an em either side covers wide CJK glyphs, and a slant moves
    // the top of a glyph right by up to a quarter em more.
    let bounds = Rect::new(
        content.x + min_x - size,
        baseline - size * 1.5,
        max_x - min_x + size * (2.5 + slant),
        size * 2.25,
    );
    GlyphRun {
        x: content.x,
        baseline,
        glyphs: line
            .glyphs
            .iter()
            .map(|g| GlyphInstance {
                face: g.face,
                glyph: g.glyph,
                x: g.x,
            })
            .collect(),
        size,
        color,
        bounds,
        slant,
        blur: 0.0,
    }
}

/// The decoration lines of `line` as `(is_line_through, rect)`, in window px snapped to
/// whole pixels, placed as Chromium places `text-decoration-thickness: auto` lines (CSS
/// Text Decoration 4 §3 leaves `auto` to the UA): a tenth of an em thick (whole pixels),
/// the underline from the font's underline position down, the overline just above the
/// ascent, the line-through centred a third of the ascent above the baseline. `double`
/// draws each line twice, a thickness apart.
fn decoration_rects(
    style: &TextStyle,
    layout: &TextLayout,
    line: &TextLine,
    content: Rect,
    baseline: f32,
) -> Vec<(bool, Rect)> {
    let d = &style.decoration;
    if d.lines == 0 || line.width <= 0.0 {
        return Vec::new();
    }
    let m = &layout.decoration;
    let t = (layout.font_size / 10.0).floor().max(1.0);
    let ascent = m.ascent.round();
    let x = content.x + line.offset_x;
    let baseline = baseline.round();
    let mut out = Vec::with_capacity(3);
    let mut add = |through: bool, top: f32| {
        out.push((through, Rect::new(x, top, line.width, t)));
        if d.style == DecorationStyle::Double {
            out.push((through, Rect::new(x, top + 2.0 * t, line.width, t)));
        }
    };
    if d.lines & line::UNDERLINE != 0 {
        add(false, (baseline + m.underline_offset).floor());
    }
    if d.lines & line::OVERLINE != 0 {
        add(false, baseline - ascent - t);
    }
    if d.lines & line::LINE_THROUGH != 0 {
        add(true, (baseline - ascent / 3.0 - t / 2.0).round());
    }
    out
}
