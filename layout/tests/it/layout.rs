//! Box layout through taffy: flex, block, box model, positioning, images, text boxes.

use crate::{fonts, Page, VIEWPORT};

#[test]
fn flex_row_with_flex_one_children_gets_exact_widths() {
    let mut p = Page::new(
        ".row { display: flex; width: 300px; height: 50px } .c { flex: 1 } .w2 { flex: 2 } .fixed { width: 60px }",
    );
    let root = p.root();
    let row = p.el(root, "view", "row");
    let a = p.el(row, "view", "c");
    let b = p.el(row, "view", "w2");
    let f = p.el(row, "view", "fixed");
    let c = p.el(row, "view", "c");
    p.layout(fonts(), VIEWPORT);
    // 300 - 60 = 240 shared 1:2:1.
    assert_eq!(p.rect(a), (0.0, 0.0, 60.0, 50.0));
    assert_eq!(p.rect(b), (60.0, 0.0, 120.0, 50.0));
    assert_eq!(p.rect(f), (180.0, 0.0, 60.0, 50.0));
    assert_eq!(p.rect(c), (240.0, 0.0, 60.0, 50.0));
}

#[test]
fn padding_border_margin_boxes() {
    let mut p = Page::new(
        ".outer { margin: 10px 20px; padding: 5px; border: 2px solid #000; width: 100px; height: 40px }\
         .inner { height: 10px; margin-top: 3px }\
         .bb { box-sizing: border-box; width: 100px; padding: 10px; border: 5px solid red; height: 50px }",
    );
    let root = p.root();
    let outer = p.el(root, "view", "outer");
    let inner = p.el(outer, "view", "inner");
    let bb = p.el(root, "view", "bb");
    p.layout(fonts(), VIEWPORT);
    // content-box: 100 + 2*5 + 2*2 = 114 wide, 40 + 14 = 54 tall.
    assert_eq!(p.rect(outer), (20.0, 10.0, 114.0, 54.0));
    // Inside border (2) and padding (5), plus the inner margin (3).
    assert_eq!(p.rect(inner), (27.0, 20.0, 100.0, 10.0));
    // Below outer: 10 + 54 + 10 (bottom margin).
    assert_eq!(p.rect(bb), (0.0, 74.0, 100.0, 50.0));
}

#[test]
fn absolute_positioning_is_relative_to_the_parent() {
    let mut p = Page::new(
        ".box { position: relative; margin-top: 30px; margin-left: 40px; width: 200px; height: 100px }\
         .tl { position: absolute; top: 10px; left: 15px; width: 20px; height: 20px }\
         .br { position: absolute; right: 5px; bottom: 6px; width: 30px; height: 10px }",
    );
    let root = p.root();
    let b = p.el(root, "view", "box");
    let tl = p.el(b, "view", "tl");
    let br = p.el(b, "view", "br");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(tl), (55.0, 40.0, 20.0, 20.0));
    assert_eq!(
        p.rect(br),
        (
            40.0 + 200.0 - 5.0 - 30.0,
            30.0 + 100.0 - 6.0 - 10.0,
            30.0,
            10.0
        )
    );
}

#[test]
fn percentage_widths_resolve_against_the_container() {
    let mut p = Page::new(".c { width: 200px } .half { width: 50%; height: 10px } .q { width: 25%; height: 10px; margin-left: 10% }");
    let root = p.root();
    let c = p.el(root, "view", "c");
    let half = p.el(c, "view", "half");
    let q = p.el(c, "view", "q");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(half).2, 100.0);
    assert_eq!(p.rect(q), (20.0, 10.0, 50.0, 10.0));
}

#[test]
fn display_none_takes_no_space() {
    let mut p = Page::new(".h { height: 20px } .gone { display: none }");
    let root = p.root();
    let a = p.el(root, "view", "h");
    let gone = p.el(root, "view", "h gone");
    let c = p.el(root, "view", "h");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(a).1, 0.0);
    assert_eq!(p.rect(gone).2 * p.rect(gone).3, 0.0);
    assert_eq!(p.rect(c).1, 20.0);
    p.doc.set_attr(gone, "class", "h");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(c).1, 40.0, "showing it pushes the next sibling down");
}

#[test]
fn page_fills_the_viewport_and_grows_with_content() {
    let mut p = Page::new(".tall { height: 2000px }");
    let root = p.root();
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(root), (0.0, 0.0, 375.0, 667.0));
    p.el(root, "view", "tall");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(root).3, 2000.0);
}

#[test]
fn images_default_to_320_by_240_and_width_fix_keeps_aspect() {
    let mut p = Page::new(".w { width: 200px }");
    let root = p.root();
    let plain = p.el(root, "image", "");
    let fix = p.el(root, "image", "w");
    p.doc.set_attr(fix, "mode", "widthFix");
    p.doc.set_intrinsic_size(fix, Some((400.0, 300.0)));
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(plain), (0.0, 0.0, 320.0, 240.0));
    // Images are `inline-block` (WeChat's user-agent sheet): each sits on the baseline of
    // its line, whose strut reaches 5.4px below it (Open Sans at 16px, line height 1.4).
    assert_eq!(p.rect(fix), (0.0, 245.0, 200.0, 150.0));
}

#[test]
fn text_boxes_are_line_count_times_line_height() {
    let mut p =
        Page::new(".t { width: 100px; font-size: 16px; line-height: 20px } .pad { padding: 4px }");
    let root = p.root();
    let box_ = p.el(root, "view", "t pad");
    let t = p.text(box_, "一二三四五六七八九十一二三四五六七八九十");
    p.layout(fonts(), VIEWPORT);
    let tl = p.doc.node(t).text_layout.clone().unwrap_or_default();
    assert_eq!(tl.lines.len(), 4, "6 ideographs of 16px per 100px line");
    assert_eq!(p.rect(t), (4.0, 4.0, 100.0, 80.0));
    assert_eq!(p.rect(box_), (0.0, 0.0, 108.0, 88.0));
}

#[test]
fn button_has_wechat_look() {
    let mut p = Page::new("");
    let root = p.root();
    let b = p.el(root, "button", "");
    p.text(b, "OK");
    p.layout(fonts(), VIEWPORT);
    let s = &p.doc.node(b).style;
    assert_eq!(s.font_size, 18.0);
    assert_eq!(s.border_radius, [5.0; 4]);
    assert_eq!(
        s.background_color,
        mica_layout::Color::rgba(0xf8, 0xf8, 0xf8, 255)
    );
    // 18px * 2.5556 line box + 2px border.
    assert_eq!(p.rect(b), (0.0, 0.0, 375.0, 48.0));
}

#[test]
fn relayout_is_incremental_and_records_damage() {
    let mut p = Page::new(
        ".row { display: flex } .c { flex: 1; height: 30px; background: #eee } .big { height: 60px }",
    );
    let root = p.root();
    let mut rows = Vec::new();
    for _ in 0..50 {
        let row = p.el(root, "view", "row");
        p.el(row, "view", "c");
        p.el(row, "view", "c");
        rows.push(row);
    }
    p.layout(fonts(), VIEWPORT);
    let first = p.doc.take_stats().nodes_laid_out;
    p.doc.take_damage();
    p.layout(fonts(), VIEWPORT);
    assert_eq!(
        p.doc.take_stats().nodes_laid_out,
        0,
        "nothing changed, all cached"
    );
    assert_eq!(p.doc.take_damage(), None);
    let cell = p.doc.node(rows[48]).children[0];
    p.doc.set_attr(cell, "class", "c big");
    p.layout(fonts(), VIEWPORT);
    let second = p.doc.take_stats().nodes_laid_out;
    assert!(second < first / 4, "{second} vs {first}");
    let damage = p.doc.take_damage().unwrap_or_default();
    // The cell of row 48 grew and row 49 moved: damage spans from row 48 to row 49's new
    // bottom; the page growing (it paints nothing itself) must not damage everything.
    assert_eq!(
        (damage.y, damage.y + damage.height),
        (48.0 * 30.0, 48.0 * 30.0 + 60.0 + 30.0)
    );
}

/// Regression: a text node inside a `display: none` element reached taffy's leaf layout
/// in hidden mode, which is `unreachable!()` there (found by apps/tv-launcher, whose tile
/// titles are hidden until focused).
#[test]
fn text_inside_a_hidden_flex_item_does_not_panic() {
    let mut p = Page::new(
        ".row { display: flex } .tile { width: 50px } .title { display: none } .shown .title { display: block }",
    );
    let root = p.root();
    let row = p.el(root, "view", "row");
    let tile = p.el(row, "view", "tile");
    let title = p.el(tile, "text", "title");
    p.text(title, "hidden title");
    let shown = p.el(row, "view", "tile shown");
    let visible = p.el(shown, "text", "title");
    p.text(visible, "shown");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(title).2, 0.0, "hidden text has no box");
    assert!(p.rect(visible).3 > 0.0, "the shown title has a box");
}

#[test]
fn a_scroll_offset_moves_the_content_and_scroll_range_bounds_it() {
    let mut p = Page::new(
        ".sv { display: flex; width: 100px; height: 50px; overflow: hidden }\
         .item { width: 60px; height: 50px; flex-shrink: 0 }",
    );
    let root = p.root();
    let sv = p.el(root, "scroll-view", "sv");
    let items: Vec<_> = (0..4).map(|_| p.el(sv, "view", "item")).collect();
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(items[2]).0, 120.0);
    let (max_x, max_y) = mica_layout::scroll_range(&p.doc, sv, VIEWPORT);
    assert_eq!((max_x, max_y), (140.0, 0.0), "4 x 60 content in a 100 box");
    p.doc.set_scroll(sv, 90.0, 0.0);
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(items[2]).0, 30.0, "content moved left by the offset");
    assert_eq!(p.rect(sv).0, 0.0, "the container itself does not move");
    // scroll_to/scroll_by clamp to the range and report the previous offset.
    assert_eq!(
        mica_layout::scroll_by(&mut p.doc, sv, (500.0, 9.0), VIEWPORT),
        (90.0, 0.0)
    );
    assert_eq!(p.doc.node(sv).scroll, (140.0, 0.0));
    assert_eq!(
        mica_layout::scroll_to(&mut p.doc, sv, (-3.0, 0.0), VIEWPORT),
        (140.0, 0.0)
    );
    assert_eq!(p.doc.node(sv).scroll, (0.0, 0.0));
}

/// Builds a page of single-child block containers (`<text>` elements and views holding
/// one view) in varied styles and parents, lays it out, and returns every node's box.
fn single_child_boxes(force_block_layout: bool) -> Vec<(taffy::Layout, taffy::Layout)> {
    let classes = [
        "",
        "pad",
        "border",
        "bb",
        "minw",
        "maxw",
        "minh",
        "maxh",
        "fixed",
        "center",
        "right",
        "lh",
        "narrow",
        "pad border maxw center",
        "bb fixed pad minh",
        "pct",
        "mar",
        "scroll pad",
    ];
    let texts = [
        "",
        "OK",
        "Row 42",
        "确定 OK",
        "A rather long title that wraps over several lines in a narrow box",
    ];
    let mut p = Page::new(
        ".pad { padding: 3px 7px 5px 2px } .border { border: 3px solid #000 }\
         .bb { box-sizing: border-box; padding: 4px; border: 1px solid red }\
         .minw { min-width: 90px } .maxw { max-width: 50px } .minh { min-height: 40px }\
         .maxh { max-height: 10px } .fixed { width: 70px; height: 25px }\
         .center { text-align: center } .right { text-align: right }\
         .lh { line-height: 31px; font-size: 13px } .narrow { width: 33px }\
         .pct { width: 40%; padding: 5% } .mar { margin: 6px 3px 9px 11px }\
         .scroll { overflow: hidden }\
         .block { width: 300px } .frow { display: flex; width: 320px; align-items: center }\
         .fcol { display: flex; flex-direction: column; align-items: flex-start }\
         .grow { flex: 1 } .inner { margin: 4px 0 7px 5px; height: 12px }",
    );
    p.doc.force_block_layout = force_block_layout;
    let root = p.root();
    for parent in ["block", "frow", "fcol"] {
        let container = p.el(root, "view", parent);
        for class in classes {
            for text in texts {
                let t = p.el(container, "text", class);
                p.text(t, text);
                let g = p.el(container, "text", &format!("{class} grow"));
                p.text(g, text);
            }
            let v = p.el(container, "view", class);
            p.el(v, "view", "inner");
        }
    }
    p.layout(fonts(), VIEWPORT);
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        let n = p.doc.node(id);
        out.push((n.unrounded_layout, n.final_layout));
        stack.extend(n.children.iter().copied());
    }
    out
}

/// Single-child block containers take a specialised path (`block_text`): it must give
/// exactly taffy's block-layout boxes.
#[test]
fn single_child_block_layout_matches_taffy_block_layout() {
    let fast = single_child_boxes(false);
    let taffy = single_child_boxes(true);
    assert_eq!(fast.len(), taffy.len());
    for (i, (a, b)) in fast.iter().zip(&taffy).enumerate() {
        assert_eq!(a, b, "node {i}");
    }
}
