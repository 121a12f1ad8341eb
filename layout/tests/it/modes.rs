//! Layout modes beyond flow and flexbox basics: `position: fixed`, `order`.

use mica_layout::{scroll_to, select};

use crate::{fonts, Page};

#[test]
fn fixed_boxes_are_placed_against_the_window_and_ignore_page_scroll() {
    let mut p = Page::new(
        ".frame { position: relative; overflow: hidden; width: 200px; height: 150px; margin: 80px 0 0 100px }\
         .corner { position: fixed; top: 0; right: 0; width: 80px; height: 80px }\
         .bottom { position: fixed; left: 0; right: 0; bottom: 0; height: 40px }\
         .tall { height: 2000px }",
    );
    let root = p.root();
    let frame = p.el(root, "view", "frame");
    let corner = p.el(frame, "view", "corner");
    let bottom = p.el(frame, "view", "bottom");
    let inner = p.el(bottom, "view", "tall");
    p.el(root, "view", "tall");
    p.layout(fonts(), (400.0, 300.0));
    assert_eq!(p.rect(corner), (320.0, 0.0, 80.0, 80.0));
    assert_eq!(p.rect(bottom), (0.0, 260.0, 400.0, 40.0));
    assert_eq!(p.rect(inner).1, 260.0);
    // Still the frame's child for selectors; laid out and painted by the root.
    assert_eq!(p.doc.node(frame).children, [corner, bottom]);
    assert_eq!(
        p.doc.node(frame).layout_children(),
        [] as [mica_layout::NodeId; 0]
    );
    assert!(p
        .doc
        .node(root)
        .layout_children()
        .ends_with(&[corner, bottom]));
    assert_eq!(select(&p.doc, ".frame > .corner"), Some(corner));
    // Scrolling the page moves the frame, not the fixed boxes.
    scroll_to(&mut p.doc, root, (0.0, 50.0), (400.0, 300.0));
    p.layout(fonts(), (400.0, 300.0));
    assert_eq!(p.rect(frame).1, 30.0);
    assert_eq!(p.rect(corner), (320.0, 0.0, 80.0, 80.0));
    assert_eq!(p.rect(bottom), (0.0, 260.0, 400.0, 40.0));
    // No longer fixed: back in the frame.
    p.doc.set_attr(corner, "style", "position: absolute");
    p.layout(fonts(), (400.0, 300.0));
    assert_eq!(p.doc.node(frame).layout_children(), [corner]);
    assert_eq!(p.rect(corner), (220.0, 30.0, 80.0, 80.0));
    // Removed: gone from the root's boxes.
    p.doc.remove(bottom);
    p.layout(fonts(), (400.0, 300.0));
    assert!(!p.doc.node(root).layout_children().contains(&bottom));
}

#[test]
fn order_reorders_flex_items_stably_in_layout_and_paint() {
    let mut p = Page::new(
        ".row { display: flex; height: 10px } .row > view { width: 10px }\
         .b { order: -1 } .c { order: 1 } .late { order: -1 }",
    );
    let root = p.root();
    let row = p.el(root, "view", "row");
    let a = p.el(row, "view", "a");
    let b = p.el(row, "view", "b");
    let c = p.el(row, "view", "c");
    let d = p.el(row, "view", "late");
    p.layout(fonts(), (400.0, 300.0));
    let xs: Vec<f32> = [a, b, c, d].iter().map(|&n| p.rect(n).0).collect();
    assert_eq!(xs, [20.0, 0.0, 30.0, 10.0]);
    assert_eq!(p.doc.node(row).layout_children(), [b, d, a, c]);
    assert_eq!(p.doc.node(row).children, [a, b, c, d]);
    // A change of `order` reorders; a block container ignores it.
    p.doc.set_attr(c, "class", "b");
    p.layout(fonts(), (400.0, 300.0));
    assert_eq!(p.doc.node(row).layout_children(), [b, c, d, a]);
    p.doc.set_attr(row, "style", "display: block");
    p.layout(fonts(), (400.0, 300.0));
    assert_eq!(p.doc.node(row).layout_children(), [a, b, c, d]);
    let e = p.el(row, "view", "b");
    p.doc.set_attr(row, "style", "");
    p.layout(fonts(), (400.0, 300.0));
    assert_eq!(p.doc.node(row).layout_children(), [b, c, d, e, a]);
}
