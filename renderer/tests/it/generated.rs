//! Boxes layout adds besides the DOM children, painted from a styled, laid-out page:
//! `::before`/`::after` (CSS Pseudo 4), `order` (CSS Flexbox 1 §5.4: paint follows the
//! order-modified document order) and `position: fixed` (painted against the window).

use mica_layout::{compute_layout, restyle, scroll_to, Document, FontStore};
use mica_layout::{ParseOptions, StyleSet, Stylesheet};

use crate::support::*;

const W: f32 = 40.0;
const H: f32 = 40.0;

fn styled(css: &str, build: impl FnOnce(&mut Document)) -> Document {
    let (sheet, warnings) = Stylesheet::parse(css, "t.wxss", ParseOptions::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut styles = StyleSet::new();
    styles.push(sheet);
    let mut doc = Document::new();
    build(&mut doc);
    restyle(&mut doc, &styles, (W, H));
    compute_layout(&mut doc, &FontStore::bundled(), (W, H));
    doc
}

fn view(doc: &mut Document, parent: mica_layout::NodeId, class: &str) -> mica_layout::NodeId {
    let id = doc.create_element("view");
    doc.set_attr(id, "class", class);
    doc.append_child(parent, id);
    id
}

#[test]
fn before_and_after_boxes_are_painted_first_and_last() {
    let doc = styled(
        ".box { height: 30px; background-color: #00ff00 }\
         .box::before { content: \"\"; display: block; height: 10px; background-color: #ff0000 }\
         .box::after { content: \"\"; display: block; height: 10px; margin-top: -15px; background-color: #0000ff }\
         .mid { height: 10px; background-color: #ffffff }",
        |doc| {
            let root = doc.root();
            let b = view(doc, root, "box");
            view(doc, b, "mid");
        },
    );
    let p = paint(&doc, 40, 40);
    assert_eq!(px(&p, 5, 2), rgba(RED), "::before first");
    // ::after overlaps the end of .mid (y 10..20) from y 5: painted after it.
    assert_eq!(
        px(&p, 5, 7),
        rgba(BLUE),
        "::after last, over the before box"
    );
    assert_eq!(px(&p, 5, 12), rgba(BLUE), "::after over the child");
    assert_eq!(px(&p, 5, 25), rgba(GREEN));
}

#[test]
fn order_changes_paint_order_and_fixed_boxes_ignore_page_scroll() {
    let doc_for = || {
        styled(
            ".row { display: flex; height: 10px } .a { width: 20px; background-color: #ff0000 }\
             .b { width: 20px; margin-left: -10px; order: -1; background-color: #0000ff }\
             .fix { position: fixed; left: 0; bottom: 0; width: 10px; height: 10px; background-color: #00ff00 }\
             .tall { height: 400px }",
            |doc| {
                let root = doc.root();
                let row = view(doc, root, "row");
                view(doc, row, "a");
                view(doc, row, "b");
                view(doc, row, "fix");
                view(doc, root, "tall");
            },
        )
    };
    let mut doc = doc_for();
    let p = paint(&doc, 40, 40);
    // `.b` comes first (order -1) and `.a`, later in paint order, covers their overlap.
    assert_eq!(px(&p, 2, 5), rgba(BLUE));
    assert_eq!(px(&p, 12, 5), rgba(RED));
    assert_eq!(px(&p, 5, 35), rgba(GREEN), "fixed at the window's bottom");
    let root = doc.root();
    scroll_to(&mut doc, root, (0.0, 5.0), (W, H));
    compute_layout(&mut doc, &FontStore::bundled(), (W, H));
    let p = paint(&doc, 40, 40);
    assert_eq!(px(&p, 12, 2), rgba(RED), "the row scrolled up");
    assert_eq!(px(&p, 12, 7), WHITE);
    assert_eq!(px(&p, 5, 35), rgba(GREEN), "the fixed box did not move");
    assert_eq!(px(&p, 5, 29), WHITE);
}
