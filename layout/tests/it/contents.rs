//! `display: contents` (CSS Display 3 §2.5): the element generates no box, its children
//! are laid out by its parent as if they were the parent's.

use mica_layout::{hit_test, Color, NodeId};

use crate::{fonts, Page, VIEWPORT};

const ROW: &str =
    ".row { display: flex; width: 300px; height: 40px; justify-content: space-between }\
     .wrap { display: contents } .c { width: 60px; height: 40px }";

#[test]
fn contents_children_are_flex_items_of_the_parent() {
    let mut p = Page::new(ROW);
    let root = p.root();
    let row = p.el(root, "view", "row");
    let wrap = p.el(row, "view", "wrap");
    let cells: Vec<NodeId> = (0..3).map(|_| p.el(wrap, "view", "c")).collect();
    let plain = p.el(root, "view", "row");
    let plain_cells: Vec<NodeId> = (0..3).map(|_| p.el(plain, "view", "c")).collect();
    p.layout(fonts(), VIEWPORT);
    assert!(p.doc.node(wrap).is_contents());
    // Spaced out along the row: they are the row's items, not a block's children.
    assert_eq!(p.rect(cells[0]), (0.0, 0.0, 60.0, 40.0));
    assert_eq!(p.rect(cells[1]), (120.0, 0.0, 60.0, 40.0));
    assert_eq!(p.rect(cells[2]), (240.0, 0.0, 60.0, 40.0));
    for (&c, &q) in cells.iter().zip(&plain_cells) {
        let (x, y, w, h) = p.rect(q);
        assert_eq!(p.rect(c), (x, y - 40.0, w, h), "as without the wrapper");
    }
    assert_eq!(p.rect(row), (0.0, 0.0, 300.0, 40.0));
    // The wrapper's rect is the union of its children's boxes.
    assert_eq!(p.rect(wrap), (0.0, 0.0, 300.0, 40.0));
}

#[test]
fn nested_contents_flatten_into_the_box_parent() {
    let mut p = Page::new(
        ".row { display: flex; height: 30px } .c { width: 50px; height: 30px; flex-shrink: 0 }",
    );
    let root = p.root();
    let row = p.el(root, "view", "row");
    let a = p.el(row, "view", "c");
    let outer = p.el(row, "slot", "");
    let b = p.el(outer, "view", "c");
    let inner = p.el(outer, "slot", "");
    let c = p.el(inner, "view", "c");
    let d = p.el(inner, "view", "c");
    let e = p.el(row, "view", "c");
    p.layout(fonts(), VIEWPORT);
    let order: Vec<NodeId> = p.doc.box_children(row).collect();
    assert_eq!(order, vec![a, b, c, d, e]);
    for (i, &n) in [a, b, c, d, e].iter().enumerate() {
        assert_eq!(p.rect(n), (50.0 * i as f32, 0.0, 50.0, 30.0), "item {i}");
    }
    assert_eq!(p.rect(inner), (100.0, 0.0, 100.0, 30.0));
    assert_eq!(p.rect(outer), (50.0, 0.0, 150.0, 30.0));
}

#[test]
fn contents_children_are_blocks_of_a_block_parent_and_inherit_through_it() {
    let mut p = Page::new(
        ".box { padding: 10px }\
         .wrap { display: contents; font-size: 30px; color: #f00;\
                 padding: 50px; margin: 50px; width: 10px; border: 5px solid #00f }\
         .c { height: 20px }",
    );
    let root = p.root();
    let bx = p.el(root, "view", "box");
    let wrap = p.el(bx, "view", "wrap");
    let c1 = p.el(wrap, "view", "c");
    let text = p.text(wrap, "Hi");
    let c2 = p.el(wrap, "view", "c");
    p.layout(fonts(), VIEWPORT);
    // The wrapper's own box properties do nothing: no padding, margin, width or border.
    assert_eq!(p.rect(c1), (10.0, 10.0, 355.0, 20.0));
    assert_eq!(p.doc.node(text).style.font_size, 30.0);
    assert_eq!(p.doc.node(text).style.color, Color::rgba(255, 0, 0, 255));
    // One line of 30px text, line-height normal (1.4): the text, among block children,
    // is a line of the box's paragraph, in an anonymous inline box of its own style (as
    // Blink makes one for a text in a `display: contents` element), so its 42px line
    // height counts. A text in a paragraph has the content box as its box.
    assert_eq!(p.rect(text), (10.0, 10.0, 355.0, 82.0));
    let lines = p
        .doc
        .node(text)
        .text_layout
        .clone()
        .unwrap_or_default()
        .lines;
    assert_eq!(lines.len(), 1);
    let (ascent, descent, _) = fonts().line_metrics(30.0);
    let (ascent, descent) = (ascent.round(), (-descent).round());
    let half_leading = ((42.0 - (ascent + descent)) / 2.0_f32).floor();
    assert_eq!(lines[0].baseline, 20.0 + half_leading + ascent);
    assert_eq!(p.rect(c2), (10.0, 72.0, 355.0, 20.0));
    assert_eq!(p.rect(bx), (0.0, 0.0, 375.0, 102.0));
    assert_eq!(p.rect(wrap), (10.0, 10.0, 355.0, 82.0));
}

#[test]
fn empty_contents_gets_an_empty_rect_at_the_content_origin() {
    let mut p = Page::new(
        ".box { margin-top: 4px; padding: 7px; border: 3px solid #000; height: 20px }\
         .none { display: none }",
    );
    let root = p.root();
    let bx = p.el(root, "view", "box");
    let empty = p.el(bx, "slot", "");
    let holder = p.el(bx, "slot", "");
    let hidden = p.el(holder, "view", "none");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(empty), (10.0, 14.0, 0.0, 0.0));
    // Only a hidden child: at that child's (empty) box.
    let (x, y, _, _) = p.rect(hidden);
    assert_eq!(p.rect(holder), (x, y, 0.0, 0.0));
    assert_eq!(p.rect(bx), (0.0, 4.0, 375.0, 40.0));
}

#[test]
fn absolute_children_of_contents_are_placed_by_the_box_parent() {
    let mut p = Page::new(
        ".rel { position: relative; margin-left: 20px; width: 100px; height: 100px }\
         .abs { position: absolute; left: 5px; top: 6px; width: 10px; height: 10px }",
    );
    let root = p.root();
    let rel = p.el(root, "view", "rel");
    let slot = p.el(rel, "slot", "");
    let abs = p.el(slot, "view", "abs");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(abs), (25.0, 6.0, 10.0, 10.0));
}

#[test]
fn slot_is_display_contents_by_default_but_the_page_and_hidden_slots_are_not() {
    let mut p = Page::new("page { display: contents } .c { width: 10px; height: 10px }");
    let root = p.root();
    let slot = p.el(root, "slot", "");
    let child = p.el(slot, "view", "c");
    let gone = p.el(root, "slot", "");
    p.doc.set_attr(gone, "hidden", "");
    let gone_child = p.el(gone, "view", "c");
    p.layout(fonts(), VIEWPORT);
    assert!(p.doc.node(slot).style.display_contents);
    assert!(
        !p.doc.node(root).style.display_contents,
        "the root has a box"
    );
    assert_eq!(p.rect(root), (0.0, 0.0, 375.0, 667.0));
    assert_eq!(p.rect(child), (0.0, 0.0, 10.0, 10.0));
    assert!(p.doc.node(gone).style.hidden);
    assert!(!p.doc.node(gone).style.display_contents);
    assert_eq!(p.rect(gone_child).2, 0.0, "inside display: none");
}

/// Lays out a fresh page built by `build` and returns the rects of the nodes it returns.
fn fresh_rects(
    css: &str,
    build: impl FnOnce(&mut Page) -> Vec<NodeId>,
) -> Vec<(f32, f32, f32, f32)> {
    let mut p = Page::new(css);
    let nodes = build(&mut p);
    p.layout(fonts(), VIEWPORT);
    nodes.iter().map(|&n| p.rect(n)).collect()
}

#[test]
fn a_child_appended_under_contents_is_laid_out_by_the_box_parent() {
    let css = ".list { padding-top: 1px } .row { display: flex; height: 50px }\
               .c { width: 60px; height: 50px; flex-shrink: 0; background-color: #eee }\
               .wide { width: 100px }";
    let mut p = Page::new(css);
    let root = p.root();
    let list = p.el(root, "view", "list");
    let row = p.el(list, "view", "row");
    let slot = p.el(row, "slot", "");
    let a = p.el(slot, "view", "c");
    let b = p.el(slot, "view", "c");
    let after = p.el(list, "view", "row");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(b), (60.0, 1.0, 60.0, 50.0));
    p.doc.take_damage();

    let c = p.el(slot, "view", "c");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(a), (0.0, 1.0, 60.0, 50.0));
    assert_eq!(p.rect(c), (120.0, 1.0, 60.0, 50.0));
    assert_eq!(p.rect(slot), (0.0, 1.0, 180.0, 50.0));
    assert_eq!(p.rect(after), (0.0, 51.0, 375.0, 50.0));
    let damage = p.doc.take_damage().unwrap_or_default();
    assert!(
        damage.x <= 120.0 && damage.x + damage.width >= 180.0 && damage.y <= 1.0,
        "{damage:?}"
    );
    // Nested: a slot inside the slot.
    let inner = p.el(slot, "slot", "");
    p.layout(fonts(), VIEWPORT);
    let d = p.el(inner, "view", "c");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(d), (180.0, 1.0, 60.0, 50.0));
    assert_eq!(p.rect(inner), (180.0, 1.0, 60.0, 50.0));

    // Removing goes the same way.
    p.doc.remove(a);
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(b), (0.0, 1.0, 60.0, 50.0));
    assert_eq!(p.rect(d), (120.0, 1.0, 60.0, 50.0));
    assert_eq!(p.rect(slot), (0.0, 1.0, 180.0, 50.0));

    // A child's own box changing relays out the box parent too.
    p.doc.set_attr(b, "class", "c wide");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(b), (0.0, 1.0, 100.0, 50.0));
    assert_eq!(p.rect(d), (160.0, 1.0, 60.0, 50.0));
}

/// Regression guard: the relayout-boundary search must judge a child of a contents node
/// against its box parent (here a flex row, where an `auto` width follows the content),
/// not against the contents node (a block, where it would not, and the shorter text gives
/// the same answer at the old width, so the safety net would not notice).
#[test]
fn text_change_under_contents_resizes_the_flex_item() {
    let css = ".row { display: flex; height: 50px } .c { height: 30px; padding-top: 2px }";
    let build = |p: &mut Page, label: &str| {
        let root = p.root();
        let row = p.el(root, "view", "row");
        let slot = p.el(row, "slot", "");
        let c = p.el(slot, "view", "c");
        let t = p.text(c, label);
        let next = p.el(row, "view", "c");
        p.text(next, "x");
        vec![c, t, next]
    };
    let mut p = Page::new(css);
    let nodes = build(&mut p, "abcdefgh abcdefgh");
    p.layout(fonts(), VIEWPORT);
    let long = p.rect(nodes[0]).2;
    p.doc.set_text(nodes[1], "ab");
    p.layout(fonts(), VIEWPORT);
    let got: Vec<_> = nodes.iter().map(|&n| p.rect(n)).collect();
    let want = fresh_rects(css, |q| build(q, "ab"));
    assert_eq!(got, want);
    assert!(got[0].2 < long - 50.0, "{long} → {:?}", got[0]);
    assert_eq!(got[2].0, got[0].2, "the next item moved along");
}

#[test]
fn switching_to_and_from_contents_relays_out_the_parent() {
    let mut p = Page::new(
        ".row { display: flex; height: 40px } .wrap { background-color: #00f }\
         .flat { display: contents } .c { width: 60px; height: 20px; flex-shrink: 0 }",
    );
    let root = p.root();
    let row = p.el(root, "view", "row");
    let wrap = p.el(row, "view", "wrap");
    let a = p.el(wrap, "view", "c");
    let b = p.el(wrap, "view", "c");
    p.layout(fonts(), VIEWPORT);
    // A block flex item: a and b stacked in it.
    assert_eq!(p.rect(b), (0.0, 20.0, 60.0, 20.0));
    assert_eq!(p.rect(wrap), (0.0, 0.0, 60.0, 40.0));

    p.doc.set_attr(wrap, "class", "wrap flat");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(a), (0.0, 0.0, 60.0, 20.0));
    assert_eq!(p.rect(b), (60.0, 0.0, 60.0, 20.0));
    assert_eq!(p.rect(wrap), (0.0, 0.0, 120.0, 20.0));

    p.doc.set_attr(wrap, "class", "wrap");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(p.rect(b), (0.0, 20.0, 60.0, 20.0));
    assert_eq!(p.rect(wrap), (0.0, 0.0, 60.0, 40.0));
}

#[test]
fn hit_testing_passes_through_contents_to_its_children() {
    let mut p = Page::new(ROW);
    let root = p.root();
    let row = p.el(root, "view", "row");
    let slot = p.el(row, "slot", "");
    let a = p.el(slot, "view", "c");
    let b = p.el(slot, "view", "c");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(hit_test(&p.doc, 30.0, 20.0), Some(a));
    assert_eq!(hit_test(&p.doc, 270.0, 20.0), Some(b));
    // Between the two, inside the slot's union rect: the slot has no box to hit.
    assert_eq!(hit_test(&p.doc, 150.0, 20.0), Some(row));
}
