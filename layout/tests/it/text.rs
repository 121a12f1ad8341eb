//! Shaping and line breaking with the bundled font.

use mica_layout::{FontStore, TextAlign};

use crate::{fonts, Page, VIEWPORT};

#[test]
fn chinese_wraps_between_ideographs() {
    let text = "小程序在电视上原生运行不需要网页视图而且启动很快";
    let n = text.chars().count();
    let t = fonts().shape(text, 20.0, 28.0, Some(150.0), TextAlign::Left);
    // Ideographs are 1em wide: 7 per 150px line.
    assert_eq!(t.lines.len(), n.div_ceil(7));
    assert!(
        t.lines.iter().all(|l| l.width <= 150.0),
        "{:?}",
        t.lines.iter().map(|l| l.width).collect::<Vec<_>>()
    );
    let joined: String = t
        .lines
        .iter()
        .flat_map(|l| l.glyphs.iter().map(|g| g.ch))
        .collect();
    assert_eq!(joined, text);
    assert!(
        t.lines[0].glyphs.iter().all(|g| g.glyph != 0),
        "every ideograph has a glyph"
    );
}

#[test]
fn english_wraps_at_spaces() {
    let text = "The quick brown fox jumps over the lazy dog";
    let one_line = fonts().shape(text, 16.0, 20.0, None, TextAlign::Left);
    assert_eq!(one_line.lines.len(), 1);
    let t = fonts().shape(
        text,
        16.0,
        20.0,
        Some(one_line.width / 2.5),
        TextAlign::Left,
    );
    assert!(t.lines.len() >= 3, "{}", t.lines.len());
    let mut words = Vec::new();
    for l in &t.lines {
        assert!(l.width <= one_line.width / 2.5 + 0.01);
        let s: String = l.glyphs.iter().map(|g| g.ch).collect();
        assert!(!s.is_empty());
        // Glyphs skip spaces; every line must hold whole words.
        let xs: Vec<f32> = l.glyphs.iter().map(|g| g.x).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]));
        words.push(s);
    }
    assert_eq!(words.concat(), text.replace(' ', ""));
    assert!(words[0].starts_with("The") && t.lines[0].glyphs[0].x == 0.0);
}

#[test]
fn collapses_white_space() {
    let a = fonts().shape("  a \n\n  b  ", 16.0, 20.0, None, TextAlign::Left);
    let b = fonts().shape("a b", 16.0, 20.0, None, TextAlign::Left);
    assert_eq!(a, b);
    let empty = fonts().shape(" \n ", 16.0, 20.0, None, TextAlign::Left);
    assert_eq!((empty.lines.len(), empty.height), (0, 0.0));
}

/// CSS Text 3 §5.5: with `overflow-wrap: normal` (the initial value, as in Chromium) a
/// word wider than the line overflows it; `break-word` breaks it between letters.
#[test]
fn long_words_overflow_unless_overflow_wrap_breaks_them() {
    let word = "abcdefghijklmnopqrstuvwxyz";
    let t = fonts().shape(word, 16.0, 20.0, Some(50.0), TextAlign::Left);
    assert_eq!(t.lines.len(), 1);
    assert!(t.width > 50.0);
    let o = mica_layout::style::text_style::OverflowWrap::BreakWord;
    let mut opts = mica_layout::text::ShapeOptions::new(16.0, 20.0);
    opts.overflow_wrap = o;
    let t = fonts().shape_styled(word, &opts, Some(50.0));
    assert!(t.lines.len() > 3);
    assert!(t
        .lines
        .iter()
        .all(|l| l.width <= 50.0 && !l.glyphs.is_empty()));
}

#[test]
fn line_boxes_and_baselines_follow_line_height() {
    let t = fonts().shape("一二三四五六", 16.0, 30.0, Some(40.0), TextAlign::Left);
    assert_eq!(t.lines.len(), 3);
    assert_eq!(t.height, 90.0);
    // Chromium's integer font metrics: ascent and descent rounded, the half-leading
    // above rounded down.
    let (ascent, descent, _) = fonts().line_metrics(16.0);
    let (ascent, descent) = (ascent.round(), -descent.round());
    let half_leading = ((30.0 - (ascent + descent)) / 2.0).floor();
    assert_eq!(t.lines[0].baseline, half_leading + ascent);
    assert!((t.lines[1].baseline - t.lines[0].baseline - 30.0).abs() < 0.01);
}

#[test]
fn text_align_offsets_lines() {
    let l = fonts().shape("ab", 16.0, 20.0, Some(100.0), TextAlign::Left);
    let c = fonts().shape("ab", 16.0, 20.0, Some(100.0), TextAlign::Center);
    let r = fonts().shape("ab", 16.0, 20.0, Some(100.0), TextAlign::Right);
    let w = l.lines[0].width;
    assert!(w > 10.0 && w < 30.0, "{w}");
    assert!((c.lines[0].offset_x - (100.0 - w) / 2.0).abs() < 0.01);
    assert!((r.lines[0].glyphs[0].x - (100.0 - w)).abs() < 0.01);
}

/// A typical simplified-Chinese sentence: Latin, CJK punctuation and common hanzi only.
const SENTENCE: &str =
    "你好，世界！Mica 在电视和车机上原生运行小程序。小程序的界面由模板、样式和脚本组成。";

#[test]
fn fonts_are_parsed_lazily() {
    let store = FontStore::bundled();
    assert!(store.face_count() > 10);
    assert_eq!(store.parsed_faces(), 0, "creating the store parses nothing");
    let _ = store.shape("Hello", 16.0, 20.0, None, TextAlign::Left);
    assert_eq!(store.parsed_faces(), 1, "Latin needs only the Latin chunk");
    let t = store.shape(SENTENCE, 16.0, 20.0, None, TextAlign::Left);
    assert!(t.lines[0].glyphs.iter().all(|g| g.glyph != 0));
    assert!(
        store.parsed_faces() <= 3,
        "Latin, symbols and GB2312 level 1 only, parsed {}",
        store.parsed_faces()
    );
    let common = store.parsed_faces();
    // Common hanzi share the GB2312 level-1 chunk however far apart their code points are.
    let _ = store.shape("丁中文龙", 16.0, 20.0, None, TextAlign::Left);
    assert_eq!(store.parsed_faces(), common);
    // 體 (traditional) is in the Big5 level-1 chunk.
    let _ = store.shape("體", 16.0, 20.0, None, TextAlign::Left);
    assert_eq!(store.parsed_faces(), common + 1);
    let g = store.shape("中", 16.0, 20.0, None, TextAlign::Left).lines[0].glyphs[0];
    assert_eq!(store.loaded_glyphs(), 0, "shaping flattens no outline");
    let (m, bitmap) = store.rasterize(g.face, g.glyph, 32.0).unwrap_or_default();
    assert!(m.width > 10 && bitmap.iter().any(|&a| a > 128));
    assert_eq!(
        store.parsed_faces(),
        common + 1,
        "rasterising opens no face"
    );
    assert_eq!(
        store.loaded_glyphs(),
        2,
        "中 and .notdef, not the whole chunk"
    );
}

/// The glyphs of a shaped text, as layout hands them to `prepare`.
fn glyphs_of(t: &mica_layout::TextLayout) -> Vec<(mica_layout::FaceId, u16)> {
    t.lines
        .iter()
        .flat_map(|l| l.glyphs.iter().map(|g| (g.face, g.glyph)))
        .collect()
}

#[test]
fn prepared_glyphs_are_loaded_in_one_set_per_chunk() {
    let store = FontStore::bundled();
    let t = store.shape(SENTENCE, 32.0, 40.0, None, TextAlign::Left);
    let glyphs = glyphs_of(&t);
    store.prepare(glyphs.iter().copied());
    let loaded = store.loaded_glyphs();
    let mut distinct = glyphs.clone();
    distinct.sort_by_key(|&(f, g)| (f.0, g));
    distinct.dedup();
    // Each chunk's set holds the glyphs asked for, the components of Droid's composite
    // ideographs, and a `.notdef`: a few dozen outlines, not the chunk's 7,183.
    assert!(
        loaded >= distinct.len() && loaded <= 3 * distinct.len(),
        "{loaded} glyphs loaded for {} distinct",
        distinct.len()
    );
    for &(face, glyph) in &glyphs {
        assert!(store.rasterize(face, glyph, 32.0).is_some());
    }
    assert_eq!(
        store.loaded_glyphs(),
        loaded,
        "rasterising prepared glyphs loads nothing"
    );
}

#[test]
fn subset_glyphs_rasterise_like_the_whole_chunk() {
    let lazy = FontStore::bundled();
    let whole = FontStore::bundled();
    let text = format!("{SENTENCE}Bold 體\u{10FFFD}");
    for weight in [400, 700] {
        let t = lazy.shape_with_weight(&text, 16.0, weight, 20.0, None, TextAlign::Left);
        lazy.prepare(glyphs_of(&t));
        for (face, glyph) in glyphs_of(&t) {
            let font = whole.font(face).expect("bundled chunks parse");
            // Advances come from ttf-parser, outlines from a subset: both must match fontdue
            // reading the whole chunk.
            let ch = t.lines[0]
                .glyphs
                .iter()
                .find(|g| g.glyph == glyph)
                .map(|g| g.ch);
            let advance = font.metrics_indexed(glyph, 16.0).advance_width;
            assert!((lazy.advance(ch.unwrap_or(' '), 16.0) - advance).abs() < 1e-4 || weight > 400);
            for px in [13.0, 32.0, 47.25] {
                let (m, bitmap) = lazy.rasterize(face, glyph, px).expect("glyph in range");
                let (wm, wbitmap) = font.rasterize_indexed(glyph, px);
                assert_eq!((m, bitmap), (wm, wbitmap), "{ch:?} glyph {glyph} at {px}px");
            }
        }
    }
    assert_eq!(lazy.line_metrics(17.0), whole.line_metrics(17.0));
    assert!(lazy
        .rasterize(mica_layout::FaceId(0), u16::MAX, 16.0)
        .is_none());
}

#[test]
fn glyph_sets_are_merged_past_a_bound() {
    let store = FontStore::bundled();
    // One rasterisation per new glyph would add a set each; they are merged instead.
    let text = "一二三四五六七八九十百千万亿兆京垓秭穰沟涧正载极";
    let t = store.shape(text, 16.0, 20.0, None, TextAlign::Left);
    let glyphs = glyphs_of(&t);
    for &(face, glyph) in &glyphs {
        assert!(store.rasterize(face, glyph, 16.0).is_some());
    }
    let batch = FontStore::bundled();
    batch.prepare(glyphs_of(&batch.shape(
        text,
        16.0,
        20.0,
        None,
        TextAlign::Left,
    )));
    // 24 glyphs one by one: at most 8 sets at a time, each with its own `.notdef` and
    // components, instead of 24.
    assert!(
        store.loaded_glyphs() <= batch.loaded_glyphs() + 8,
        "{} one by one, {} in a batch",
        store.loaded_glyphs(),
        batch.loaded_glyphs()
    );
    for &(face, glyph) in &glyphs {
        assert!(store.rasterize(face, glyph, 16.0).is_some());
    }
}

/// Prints (does not assert: machines differ) the cold-start cost of the first text.
#[test]
fn time_to_first_shape_of_a_chinese_sentence() {
    let start = std::time::Instant::now();
    let store = FontStore::bundled();
    let t = store.shape(SENTENCE, 16.0, 20.0, Some(300.0), TextAlign::Left);
    let elapsed = start.elapsed();
    assert!(!t.lines.is_empty());
    println!(
        "first shape of {} chars: {:.1} ms, {} faces parsed ({} profile)",
        SENTENCE.chars().count(),
        elapsed.as_secs_f64() * 1000.0,
        store.parsed_faces(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
}

#[test]
fn bold_latin_uses_the_bold_face() {
    let store = FontStore::bundled();
    let regular = store.shape_with_weight("Bold", 16.0, 400, 20.0, None, TextAlign::Left);
    assert_eq!(
        store.parsed_faces(),
        1,
        "regular text does not parse the bold face"
    );
    let bold = store.shape_with_weight("Bold", 16.0, 700, 20.0, None, TextAlign::Left);
    let (r, b) = (&regular.lines[0].glyphs, &bold.lines[0].glyphs);
    assert_ne!(r[0].face, b[0].face);
    assert!(b.iter().all(|g| g.face == b[0].face && g.glyph != 0));
    assert!(
        bold.width > regular.width,
        "{} <= {}",
        bold.width,
        regular.width
    );
    // 600 is the first bold weight; 500 is still regular.
    let semi = store.shape_with_weight("Bold", 16.0, 600, 20.0, None, TextAlign::Left);
    let medium = store.shape_with_weight("Bold", 16.0, 500, 20.0, None, TextAlign::Left);
    assert_eq!((semi.width, medium.width), (bold.width, regular.width));
    assert_eq!(
        store.shape("Bold", 16.0, 20.0, None, TextAlign::Left),
        regular
    );
}

#[test]
fn bold_cjk_falls_back_to_the_regular_face() {
    // Droid Sans Fallback has no bold; synthetic emboldening is not implemented.
    let regular = fonts().shape_with_weight("中，", 16.0, 400, 20.0, None, TextAlign::Left);
    let bold = fonts().shape_with_weight("中，", 16.0, 700, 20.0, None, TextAlign::Left);
    assert_eq!(regular, bold);
    assert!(bold.lines[0].glyphs.iter().all(|g| g.glyph != 0));
}

#[test]
fn font_weight_bold_widens_laid_out_text() {
    let mut p = Page::new(".b { font-weight: bold } .n { font-weight: 500 }");
    let root = p.root();
    let b = p.el(root, "view", "b");
    let n = p.el(root, "view", "n");
    let tb = p.text(b, "Hello");
    let tn = p.text(n, "Hello");
    p.layout(fonts(), VIEWPORT);
    let face = |id| {
        let l = p.doc.node(id).text_layout.clone().unwrap_or_default();
        (l.width, l.lines.first().map(|l| l.glyphs[0].face))
    };
    let (bold, normal) = (face(tb), face(tn));
    assert!(bold.0 > normal.0, "{bold:?} {normal:?}");
    assert_ne!(bold.1, normal.1);
}

#[test]
fn font_store_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<FontStore>();
}

#[test]
fn missing_device_font_is_an_error() {
    let mut store = FontStore::bundled();
    assert!(store.add_file("/nonexistent/font.ttf").is_err());
}

#[test]
fn device_fonts_come_first_and_bad_fonts_fall_back() {
    let mut store = FontStore::bundled();
    let bundled_a = store.shape("A", 16.0, 20.0, None, TextAlign::Left).lines[0].glyphs[0];
    let junk = store.add_bytes("junk.ttf", vec![0, 1, 0, 0, 9, 9]);
    assert!(junk.is_ok(), "bytes are parsed lazily");
    let a = store.shape("A", 16.0, 20.0, None, TextAlign::Left).lines[0].glyphs[0];
    assert_eq!(
        a.face, bundled_a.face,
        "an unparsable device font is skipped"
    );
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fonts/droid/OpenSans-latin.ttf"
    );
    let device = store
        .add_file(path)
        .unwrap_or(mica_layout::FaceId(u16::MAX));
    let a = store.shape("A中", 16.0, 20.0, None, TextAlign::Left).lines[0]
        .glyphs
        .clone();
    assert_eq!(
        a[0].face, device,
        "device font is consulted before the bundled ones"
    );
    assert_ne!(
        a[1].face, device,
        "characters it lacks come from the bundled chunks"
    );
    assert_ne!(a[1].glyph, 0);
}

#[test]
fn unknown_characters_get_notdef_not_a_panic() {
    let t = fonts().shape("a\u{10FFFD}b", 16.0, 20.0, None, TextAlign::Left);
    assert_eq!(t.lines[0].glyphs.len(), 3);
    assert_eq!(t.lines[0].glyphs[1].glyph, 0);
}

/// Layout measures texts with `measure_with_weight` and reuses a text's unbounded layout
/// at widths it fits in: both must agree exactly with shaping at that width.
#[test]
fn measuring_and_unbounded_reuse_agree_with_shaping() {
    let f = fonts();
    let texts = [
        "Row 12",
        "Hello, world",
        "trailing ",
        "  lead  and  double  ",
        "a\u{2028}b",
        "小程序在电视上",
        "",
        "supercalifragilistic word",
    ];
    for text in texts {
        let unbounded = f.shape_with_weight(text, 16.0, 400, 20.0, None, TextAlign::Left);
        let mut widths = vec![None, Some(0.0), Some(unbounded.width), Some(1000.0)];
        widths.extend((0..40).map(|i| Some(i as f32 * 7.5)));
        for w in widths {
            for weight in [400, 700] {
                let t = f.shape_with_weight(text, 16.0, weight, 20.0, w, TextAlign::Left);
                let m = f.measure_with_weight(text, 16.0, weight, 20.0, w);
                assert_eq!(m, (t.width, t.height), "{text:?} at {w:?}");
            }
            let t = f.shape_with_weight(text, 16.0, 400, 20.0, w, TextAlign::Left);
            if t.lines.len() <= 1 && !text.ends_with(' ') && w.is_none_or(|w| unbounded.width <= w)
            {
                assert_eq!(t, unbounded, "{text:?} at {w:?}");
            }
        }
    }
}

/// The fixtures' line clamp: `display: -webkit-box` lays out as a block whose text keeps
/// two lines, the second ending with an ellipsis, and the box is two lines tall.
#[test]
fn webkit_line_clamp_keeps_two_lines_in_a_block() {
    let mut p = Page::new(
        ".c { width: 150px; display: -webkit-box; -webkit-box-orient: vertical; \
         -webkit-line-clamp: 2; overflow: hidden; font-size: 16px; line-height: 20px }",
    );
    let root = p.root();
    let c = p.el(root, "view", "c");
    let t = p.text(
        c,
        "Mini-program lists clamp long descriptions to two lines like this.",
    );
    p.layout(fonts(), VIEWPORT);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.rect(c).3, 40.0);
    let l = p.doc.node(t).text_layout.as_ref().expect("shaped");
    assert_eq!(l.lines.len(), 2);
    assert_eq!(l.lines[1].glyphs.last().map(|g| g.ch), Some('…'));
    assert!(l.lines[1].width <= 150.0);
}

/// `white-space: nowrap` + `text-overflow: ellipsis` + `overflow: hidden`: one line cut
/// to the box with an ellipsis; `pre-wrap` keeps runs of spaces and newlines.
#[test]
fn nowrap_ellipsis_and_pre_wrap_through_the_cascade() {
    let mut p = Page::new(
        ".e { width: 120px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; \
         font-size: 16px; line-height: 20px } .p { width: 300px; white-space: pre-wrap; \
         font-size: 16px; line-height: 20px }",
    );
    let root = p.root();
    let e = p.el(root, "view", "e");
    let et = p.text(e, "This title is far too long for its box");
    let pre = p.el(root, "view", "p");
    let pt = p.text(pre, "a    b\nc");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(e).3, 20.0);
    let l = p.doc.node(et).text_layout.as_ref().expect("shaped");
    assert_eq!(l.lines.len(), 1);
    assert_eq!(l.lines[0].glyphs.last().map(|g| g.ch), Some('…'));
    assert!(l.width <= 120.0);
    assert_eq!(p.rect(pre).3, 40.0);
    let l = p.doc.node(pt).text_layout.as_ref().expect("shaped");
    let b = l.lines[0].glyphs[1].x;
    let f = fonts();
    assert!((b - f.advance('a', 16.0) - 4.0 * f.advance(' ', 16.0)).abs() < 0.01);
}

/// The usual mini-program markup: the clamp and the ellipsis are on a `<view>`, the text
/// sits in a `<text>` inside it (an inline box in WeChat, a block in Mica).
#[test]
fn clamp_and_ellipsis_reach_text_inside_a_text_element() {
    let mut p = Page::new(
        ".c { width: 150px; display: -webkit-box; -webkit-box-orient: vertical; \
         -webkit-line-clamp: 2; overflow: hidden; font-size: 16px; line-height: 20px } \
         .e { width: 120px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; \
         font-size: 16px; line-height: 20px }",
    );
    let root = p.root();
    let c = p.el(root, "view", "c");
    let ct = p.el(c, "text", "");
    let t = p.text(
        ct,
        "Mini-program lists clamp long descriptions to two lines like this.",
    );
    let e = p.el(root, "view", "e");
    let et = p.el(e, "text", "");
    let u = p.text(et, "This title is far too long for its box");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(c).3, 40.0);
    let l = p.doc.node(t).text_layout.as_ref().expect("shaped");
    assert_eq!(l.lines.len(), 2);
    assert_eq!(l.lines[1].glyphs.last().map(|g| g.ch), Some('…'));
    let l = p.doc.node(u).text_layout.as_ref().expect("shaped");
    assert_eq!(l.lines[0].glyphs.last().map(|g| g.ch), Some('…'));
}

/// WeChat's `<text>` shows its newlines as line breaks (a `<view>` does not); its other
/// white space still follows `white-space` (here the inherited `nowrap`).
#[test]
fn newlines_break_lines_in_a_text_element_only() {
    let mut p = Page::new(".n { white-space: nowrap; font-size: 16px; line-height: 20px }");
    let root = p.root();
    let v = p.el(root, "view", "n");
    let vt = p.text(v, "one\ntwo");
    let t = p.el(root, "text", "n");
    let tt = p.text(
        t,
        "one   two\nthree four five six seven eight nine ten eleven twelve",
    );
    p.layout(fonts(), (100.0, 600.0));
    let lines = |id| {
        p.doc.node(id).text_layout.as_ref().map_or(Vec::new(), |l| {
            l.lines
                .iter()
                .map(|l| l.glyphs.iter().map(|g| g.ch).collect::<String>())
                .collect()
        })
    };
    assert_eq!(lines(vt), ["onetwo"]);
    assert_eq!(
        lines(tt),
        ["onetwo", "threefourfivesixseveneightnineteneleventwelve"]
    );
}
