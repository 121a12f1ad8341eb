//! The inline formatting context: `<text>` runs, inline boxes and inline blocks laid out
//! as one paragraph (CSS 2.1 §9.4.2, §10.8).

use super::{fonts, Page, VIEWPORT};
use mica_layout::{NodeId, TextLayout};

const CSS: &str = "
.p { width: 300px; font-size: 20px; line-height: 30px; }
.narrow { width: 60px; }
.big { font-size: 30px; }
.bg { background-color: #f00; padding: 2px 5px; }
.ib { display: inline-block; width: 100px; height: 60px; }
.top { vertical-align: top; }
.mid { vertical-align: middle; }
.abs { position: absolute; left: 7px; top: 9px; width: 10px; height: 10px; }
.none { display: none; }
.just { text-align: justify; }
.keep { word-break: keep-all; }
.cut { width: 100px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.blk { height: 40px; margin: 10px 20px; }
.half { width: 50%; height: 20px; }
.centred { width: 100px; height: 20px; margin: 0 auto; }
.center { text-align: center; }
.wrap { font-size: 20px; line-height: 30px; }
.m20 { margin-top: 20px; height: 10px; }
.inner { margin-top: 15px; height: 10px; }
.spacer { margin: 8px 0; }
.m5 { margin: 5px 0 30px; height: 10px; }
.h10 { height: 10px; }
.clamp { width: 100px; overflow: hidden; display: -webkit-box; -webkit-box-orient: vertical;
         -webkit-line-clamp: 2; }
";

/// The bundled font's rounded ascent and descent at `px`, as line layout uses them.
fn metrics(px: f32) -> (f32, f32) {
    let (a, d, _) = fonts().line_metrics(px);
    (a.round(), (-d).round())
}

fn text_of(p: &Page, t: NodeId) -> TextLayout {
    p.doc.node(t).text_layout.clone().unwrap_or_default()
}

/// `<view class="p">` with `<text>` children holding `texts` (with their classes).
fn paragraph(css_classes: &str, texts: &[(&str, &str)]) -> (Page, NodeId, Vec<NodeId>) {
    let mut p = Page::new(CSS);
    let root = p.root();
    let v = p.el(root, "view", css_classes);
    let runs = texts
        .iter()
        .map(|(class, s)| {
            let t = p.el(v, "text", class);
            p.text(t, s)
        })
        .collect();
    p.layout(fonts(), VIEWPORT);
    (p, v, runs)
}

#[test]
fn text_runs_share_lines_and_baselines() {
    let (p, v, runs) = paragraph("p", &[("", "Hello "), ("big", "world")]);
    let (a, b) = (text_of(&p, runs[0]), text_of(&p, runs[1]));
    assert_eq!((a.lines.len(), b.lines.len()), (1, 1));
    assert_eq!(a.lines[0].baseline, b.lines[0].baseline, "one baseline");
    let last_a = a.lines[0].glyphs.last().map_or(0.0, |g| g.x);
    let first_b = b.lines[0].glyphs.first().map_or(0.0, |g| g.x);
    assert!(first_b > last_a, "world follows Hello on the line");
    // The 30px run's content area reaches above the 30px line box of the 20px strut, so
    // the line grows (CSS 2.1 §10.8.1): it is taller than either line height alone.
    let (a20, d20) = metrics(20.0);
    let (a30, d30) = metrics(30.0);
    let hl = |a: f32, d: f32| ((30.0 - (a + d)) / 2.0).floor();
    let top = (a20 + hl(a20, d20)).max(a30 + hl(a30, d30));
    let bottom = (30.0 - a20 - hl(a20, d20)).max(30.0 - a30 - hl(a30, d30));
    assert_eq!(p.rect(v).3, (top + bottom).round());
}

#[test]
fn a_word_split_across_runs_stays_one_word() {
    // "aaaa" + "bbbb" is one word: it overflows the 60px line instead of breaking.
    let (p, v, runs) = paragraph("p narrow", &[("", "aaaa"), ("", "bbbb")]);
    assert_eq!(
        text_of(&p, runs[1]).lines[0].baseline,
        text_of(&p, runs[0]).lines[0].baseline
    );
    assert_eq!(p.rect(v).3, 30.0);
    // With a space between them there is a break opportunity.
    let (p, v, runs) = paragraph("p narrow", &[("", "aaaa "), ("", "bbbb")]);
    let (a, b) = (text_of(&p, runs[0]), text_of(&p, runs[1]));
    assert_eq!(b.lines[0].baseline - a.lines[0].baseline, 30.0);
    assert_eq!(p.rect(v).3, 60.0);
    assert_eq!(
        b.lines[0].glyphs[0].x, 0.0,
        "the second line starts at the left"
    );
}

#[test]
fn collapsible_spaces_collapse_across_runs_and_empty_paragraphs_have_no_lines() {
    let (p, _, runs) = paragraph("p", &[("", "a "), ("", " b")]);
    let (a, b) = (text_of(&p, runs[0]), text_of(&p, runs[1]));
    let gap = b.lines[0].glyphs[0].x - a.lines[0].glyphs[0].x;
    let space = fonts().advance(' ', 20.0) + fonts().advance('a', 20.0);
    assert!(
        (gap - space).abs() < 0.01,
        "one space between a and b: {gap} vs {space}"
    );
    let (p, v, _) = paragraph("p", &[("", " "), ("", "")]);
    assert_eq!(
        p.rect(v).3,
        0.0,
        "a line of collapsed spaces is zero-height"
    );
}

#[test]
fn inline_blocks_sit_on_the_baseline_and_wrap() {
    let mut p = Page::new(CSS);
    let root = p.root();
    let v = p.el(root, "view", "p narrow");
    p.doc.set_attr(v, "style", "width: 150px");
    let a = p.el(v, "view", "ib");
    let b = p.el(v, "view", "ib");
    p.layout(fonts(), VIEWPORT);
    let (asc, desc) = metrics(20.0);
    let below = 30.0 - asc - ((30.0 - (asc + desc)) / 2.0).floor();
    // Each block's bottom is on its line's baseline; the strut reaches `below` under it.
    assert_eq!(p.rect(a), (0.0, 0.0, 100.0, 60.0));
    assert_eq!(p.rect(b), (0.0, (60.0 + below).round(), 100.0, 60.0));
    assert_eq!(p.rect(v).3, (2.0 * (60.0 + below)).round());
}

#[test]
fn vertical_align_top_and_middle() {
    let mut p = Page::new(CSS);
    let root = p.root();
    let v = p.el(root, "view", "p");
    p.doc.set_attr(v, "style", "width: 500px");
    p.text(v, "Ag");
    let tall = p.el(v, "view", "ib");
    let top = p.el(v, "view", "ib top");
    p.doc.set_attr(top, "style", "height: 20px");
    let mid = p.el(v, "view", "ib mid");
    p.doc.set_attr(mid, "style", "height: 20px");
    p.layout(fonts(), VIEWPORT);
    let line_top = p.rect(v).1;
    assert_eq!(p.rect(top).1, line_top, "top: on the line box's top");
    // The baseline is the tall block's bottom; middle centres the box half an x-height
    // above it.
    let baseline = p.rect(tall).1 + 60.0;
    let centre = p.rect(mid).1 + 10.0;
    let expected = baseline - fonts().x_height(20.0) / 2.0;
    assert!((centre - expected).abs() <= 0.5, "{centre} vs {expected}");
}

#[test]
fn an_inline_box_gets_one_fragment_per_line() {
    let mut p = Page::new(CSS);
    let root = p.root();
    let v = p.el(root, "view", "p narrow");
    p.doc.set_attr(v, "style", "width: 100px");
    let t = p.el(v, "text", "bg");
    p.text(t, "one two three");
    p.text(v, " tail");
    p.layout(fonts(), VIEWPORT);
    let n = p.doc.node(t);
    assert!(n.fragments.len() >= 2, "{:?}", n.fragments);
    let (first, last) = (n.fragments[0], n.fragments[n.fragments.len() - 1]);
    assert!(first.first && !first.last);
    assert!(last.last && !last.first);
    let (a, d) = metrics(20.0);
    // The content area plus vertical padding, whatever the line height.
    assert_eq!(first.rect.height, a + d + 4.0);
    // The start padding is on the first fragment only: its text starts 5px in.
    assert_eq!(first.rect.x + n.rect.x, p.rect(v).0);
    // The box is the fragments' bounding box.
    let union = n.fragments.iter().fold(first.rect, |u, f| u.union(&f.rect));
    assert!((union.width - n.rect.width).abs() <= 0.5);
    assert!((union.height - n.rect.height).abs() <= 0.5);
}

#[test]
fn out_of_flow_children_of_a_paragraph() {
    let mut p = Page::new(CSS);
    let root = p.root();
    let v = p.el(root, "view", "p");
    p.text(v, "x");
    let abs = p.el(v, "view", "abs");
    let hidden = p.el(v, "text", "none");
    p.text(hidden, "never");
    let t = p.el(v, "text", "");
    p.text(t, "y");
    p.layout(fonts(), VIEWPORT);
    let r = p.rect(v);
    assert_eq!(p.rect(abs), (r.0 + 7.0, r.1 + 9.0, 10.0, 10.0));
    assert_eq!(p.rect(hidden).2, 0.0);
    assert_eq!(r.3, 30.0, "x and y on one line");
}

#[test]
fn changing_a_run_relays_the_paragraph_out_like_a_fresh_layout() {
    let (mut p, _, runs) = paragraph("p narrow", &[("", "one "), ("big", "two "), ("", "three")]);
    p.doc.set_text(runs[1], "a much longer middle ");
    p.layout(fonts(), VIEWPORT);
    let (fresh, _, fresh_runs) = paragraph(
        "p narrow",
        &[
            ("", "one "),
            ("big", "a much longer middle "),
            ("", "three"),
        ],
    );
    for (a, b) in runs.iter().zip(&fresh_runs) {
        assert_eq!(text_of(&p, *a), text_of(&fresh, *b));
        assert_eq!(p.rect(*a), fresh.rect(*b));
        let (pa, pb) = (p.doc.node(*a).parent, fresh.doc.node(*b).parent);
        if let (Some(pa), Some(pb)) = (pa, pb) {
            assert_eq!(p.rect(pa), fresh.rect(pb));
            assert_eq!(p.doc.node(pa).fragments, fresh.doc.node(pb).fragments);
        }
    }
}

#[test]
fn in_a_flex_container_text_is_an_item_again() {
    let mut p = Page::new(".row { display: flex; font-size: 20px; line-height: 30px }");
    let root = p.root();
    let row = p.el(root, "view", "row");
    let a = p.el(row, "text", "");
    p.text(a, "left");
    let b = p.el(row, "text", "");
    p.text(b, "right");
    p.layout(fonts(), VIEWPORT);
    assert!(
        p.doc.node(a).fragments.is_empty(),
        "a flex item, not an inline box"
    );
    assert_eq!(p.rect(a).3, 30.0);
    assert_eq!(p.rect(b).0, p.rect(a).0 + p.rect(a).2);
}

#[test]
fn cut_lines_end_with_an_ellipsis_in_the_last_run() {
    let (p, v, runs) = paragraph("p cut", &[("", "Hello "), ("big", "wonderful world")]);
    let b = text_of(&p, runs[1]);
    assert_eq!(b.lines.len(), 1);
    let last = b.lines[0].glyphs.last().map(|g| (g.ch, g.x));
    let Some(('\u{2026}', x)) = last else {
        panic!("no ellipsis: {last:?}");
    };
    let e = fonts().advance('\u{2026}', 30.0);
    assert!(x + e <= 100.0 + 0.01, "the ellipsis fits: {x} + {e}");
    assert_eq!(p.rect(v).2, 100.0);

    // A clamp keeps two lines, the second ending in the ellipsis.
    let (p, v, runs) = paragraph(
        "p clamp",
        &[("", "one two three "), ("", "four five six seven")],
    );
    let lines: usize = runs.iter().map(|&r| text_of(&p, r).lines.len()).sum();
    assert!(lines >= 2);
    assert_eq!(p.rect(v).3, 60.0);
    let ends = runs
        .iter()
        .flat_map(|&r| text_of(&p, r).lines)
        .filter(|l| l.glyphs.last().is_some_and(|g| g.ch == '\u{2026}'))
        .count();
    assert_eq!(ends, 1);
}

#[test]
fn justified_lines_reach_the_right_edge_but_the_last() {
    let (p, v, runs) = paragraph(
        "p just",
        &[
            ("", "Justified text in "),
            ("big", "two runs "),
            ("", "fills every line but the last"),
        ],
    );
    let width = p.rect(v).2;
    let mut lines: Vec<(f32, f32)> = Vec::new(); // (baseline, right edge of the last glyph)
    for &r in &runs {
        for l in text_of(&p, r).lines {
            let right = l.offset_x + l.width;
            match lines.iter_mut().find(|(b, _)| *b == l.baseline) {
                Some(e) => e.1 = e.1.max(right),
                None => lines.push((l.baseline, right)),
            }
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(lines.len() >= 2, "{lines:?}");
    for &(_, right) in &lines[..lines.len() - 1] {
        assert!((right - width).abs() < 0.5, "justified: {right} vs {width}");
    }
    assert!(
        lines[lines.len() - 1].1 < width - 1.0,
        "the last line is not"
    );
}

#[test]
fn an_inline_block_of_text_sits_on_its_text_baseline() {
    let mut p = Page::new(CSS);
    let root = p.root();
    let v = p.el(root, "view", "p");
    let t = p.text(v, "Price ");
    let chip = p.el(v, "view", "");
    let style = "display: inline-block; padding: 4px; font-size: 20px; line-height: 30px";
    p.doc.set_attr(chip, "style", style);
    let label = p.text(chip, "new");
    p.layout(fonts(), VIEWPORT);
    let outer = text_of(&p, t).lines[0].baseline + p.rect(t).1;
    let inner = text_of(&p, label).lines[0].baseline + p.rect(label).1;
    assert_eq!(
        outer, inner,
        "one baseline for the text and the chip's label"
    );
}

#[test]
fn keep_all_keeps_cjk_words_whole_across_runs() {
    // 20px ideographs: three fit on a 60px line.
    let (p, v, _) = paragraph("p narrow", &[("", "中文中文"), ("", "中文 好")]);
    assert!(p.rect(v).3 >= 90.0, "breaks between ideographs");
    let (p, v, _) = paragraph("p narrow keep", &[("", "中文中文"), ("", "中文 好")]);
    assert_eq!(p.rect(v).3, 60.0, "only at the space");
}

/// `<view class="p {class}">` holding `Label <text>value</text>`, a `.blk` view and
/// `after`; returns the page, the container, the label, the value text, the block and
/// the last text.
fn mixed(class: &str) -> (Page, [NodeId; 5]) {
    let mut p = Page::new(CSS);
    let root = p.root();
    let v = p.el(root, "view", &format!("p {class}"));
    let label = p.text(v, "Label ");
    let t = p.el(v, "text", "");
    let value = p.text(t, "value");
    let blk = p.el(v, "view", "blk");
    let after = p.text(v, "after");
    p.layout(fonts(), VIEWPORT);
    (p, [v, label, value, blk, after])
}

#[test]
fn block_children_among_inline_content_take_lines_of_their_own() {
    let (p, [v, label, value, blk, after]) = mixed("");
    let r = p.rect(v);
    // "Label value" is one line (CSS 2.1 §9.2.1.1's anonymous block), not two blocks.
    let (l, val) = (text_of(&p, label), text_of(&p, value));
    assert_eq!((l.lines.len(), val.lines.len()), (1, 1));
    assert_eq!(l.lines[0].baseline, val.lines[0].baseline);
    // The block is as wide as the container less its margins, below the first line.
    assert_eq!(p.rect(blk), (r.0 + 20.0, r.1 + 30.0 + 10.0, 260.0, 40.0));
    // "after" starts a line below the block's margin box.
    let a = text_of(&p, after);
    assert_eq!(a.lines.len(), 1);
    let (asc, _) = metrics(20.0);
    let line_top = p.rect(after).1 + a.lines[0].baseline - asc;
    assert!(
        (line_top - (r.1 + 90.0)).abs() <= 5.0,
        "after at {line_top}"
    );
    assert_eq!(r.3, 30.0 + 60.0 + 30.0);
}

#[test]
fn adjacent_block_margins_collapse_and_auto_margins_centre() {
    let mut p = Page::new(CSS);
    let root = p.root();
    let v = p.el(root, "view", "p center");
    p.text(v, "x");
    let a = p.el(v, "view", "blk");
    let b = p.el(v, "view", "blk");
    let half = p.el(v, "view", "half");
    let c = p.el(v, "view", "centred");
    p.layout(fonts(), VIEWPORT);
    let r = p.rect(v);
    assert_eq!(p.rect(a).1, r.1 + 40.0);
    // 10px between the blocks, not 10 + 10 (CSS 2.1 §8.3.1).
    assert_eq!(p.rect(b).1, p.rect(a).1 + 40.0 + 10.0);
    // text-align does not move blocks; a percentage width is of the container's.
    assert_eq!((p.rect(half).0, p.rect(half).2), (r.0, 150.0));
    assert_eq!(p.rect(half).1, p.rect(b).1 + 40.0 + 10.0);
    assert_eq!((p.rect(c).0, p.rect(c).2), (r.0 + 100.0, 100.0));
    assert_eq!(r.3, p.rect(c).1 + 20.0 - r.1);
}

#[test]
fn changing_text_beside_a_block_relays_out_like_a_fresh_layout() {
    let (mut p, [v, label, value, blk, after]) = mixed("narrow");
    p.doc.set_text(value, "a much longer value");
    p.layout(fonts(), VIEWPORT);
    let mut fresh = Page::new(CSS);
    let root = fresh.root();
    let fv = fresh.el(root, "view", "p narrow");
    let fl = fresh.text(fv, "Label ");
    let ft = fresh.el(fv, "text", "");
    let fval = fresh.text(ft, "a much longer value");
    let fb = fresh.el(fv, "view", "blk");
    let fa = fresh.text(fv, "after");
    fresh.layout(fonts(), VIEWPORT);
    for (x, y) in [(v, fv), (label, fl), (value, fval), (blk, fb), (after, fa)] {
        assert_eq!(p.rect(x), fresh.rect(y));
        assert_eq!(text_of(&p, x), text_of(&fresh, y));
    }
    assert!(
        text_of(&p, value).lines.len() > 1,
        "the value wraps in 60px"
    );
}

#[test]
fn block_margins_collapse_through_the_container_an_empty_block_and_a_parent() {
    let mut p = Page::new(CSS);
    let root = p.root();
    let v = p.el(root, "view", "wrap");
    let first = p.el(v, "view", "m20");
    p.text(v, "x");
    let outer = p.el(v, "view", "");
    let inner = p.el(outer, "view", "inner");
    let spacer = p.el(v, "view", "spacer");
    let last = p.el(v, "view", "m5");
    let after = p.el(root, "view", "h10");
    p.layout(fonts(), VIEWPORT);
    let y = |n| p.rect(n).1 - p.rect(v).1;
    // The first block's top margin is the container's (no padding or border between).
    assert_eq!(p.rect(v).1 - p.rect(root).1, 20.0);
    assert_eq!(y(first), 0.0);
    // The text line is 10..40; the inner margin collapses through `outer`.
    assert_eq!((y(outer), y(inner)), (55.0, 55.0));
    // The empty block's 8px margins collapse into one, then with the next 5px.
    assert_eq!(p.rect(spacer).3, 0.0);
    assert_eq!(y(last), 73.0);
    // The last bottom margin leaves the container and separates it from `after`.
    assert_eq!(p.rect(v).3, 83.0);
    assert_eq!(p.rect(after).1, p.rect(v).1 + 83.0 + 30.0);
}

#[test]
fn changing_text_inside_a_block_line_relays_out_like_a_fresh_layout() {
    // `.blk` has a fixed height: a relayout boundary, laid out again alone.
    let build = |inner: &str| {
        let mut p = Page::new(CSS);
        let root = p.root();
        let v = p.el(root, "view", "p");
        p.text(v, "Label ");
        let blk = p.el(v, "view", "blk");
        let t = p.text(blk, inner);
        p.text(v, "after");
        p.layout(fonts(), VIEWPORT);
        (p, [v, blk, t])
    };
    let (mut p, nodes) = build("one");
    p.doc
        .set_text(nodes[2], "a longer text inside the block that wraps");
    p.layout(fonts(), VIEWPORT);
    let (fresh, fresh_nodes) = build("a longer text inside the block that wraps");
    for (x, y) in nodes.into_iter().zip(fresh_nodes) {
        assert_eq!(p.rect(x), fresh.rect(y));
        assert_eq!(text_of(&p, x), text_of(&fresh, y));
    }
    assert!(text_of(&p, nodes[2]).lines.len() > 1);
}

#[test]
fn an_inline_block_keeps_its_baseline_when_text_beside_it_changes() {
    let build = |before: &str| {
        let mut p = Page::new(CSS);
        let root = p.root();
        let v = p.el(root, "view", "p");
        let t = p.text(v, before);
        let chip = p.el(v, "view", "");
        let style = "display: inline-block; padding: 4px; font-size: 20px; line-height: 30px";
        p.doc.set_attr(chip, "style", style);
        let label = p.text(chip, "new");
        p.layout(fonts(), VIEWPORT);
        (p, [v, t, chip, label])
    };
    let (mut p, nodes) = build("Price ");
    // The chip's own layout is cached: only the text beside it changes.
    p.doc.set_text(nodes[1], "Total ");
    p.layout(fonts(), VIEWPORT);
    let (fresh, fresh_nodes) = build("Total ");
    for (x, y) in nodes.into_iter().zip(fresh_nodes) {
        assert_eq!(p.rect(x), fresh.rect(y));
    }
}

#[test]
fn percentage_heights_beside_text_resolve_against_a_definite_container() {
    let mut p = Page::new(CSS);
    let root = p.root();
    let v = p.el(root, "view", "p");
    p.doc.set_attr(v, "style", "height: 200px; padding: 10px");
    p.text(v, "x");
    let half = p.el(v, "view", "");
    p.doc.set_attr(half, "style", "height: 50%");
    p.layout(fonts(), VIEWPORT);
    // 50% of the 200px content box (content-box sizing), as a block child's would be.
    assert_eq!(p.rect(half).3, 100.0);
}
