//! Hit-testing and selector queries.

use mica_layout::{hit_test, select, select_all};

use crate::{fonts, Page, VIEWPORT};

#[test]
fn hit_test_finds_deepest_topmost_visible_element() {
    let mut p = Page::new(
        ".a { height: 100px } .b { margin-left: 10px; width: 50px; height: 50px }\
         .over { position: absolute; top: 0; left: 0; width: 30px; height: 30px }\
         .clip { height: 20px; overflow: hidden } .tall { height: 60px }\
         .none { display: none; height: 100px }",
    );
    let root = p.root();
    let a = p.el(root, "view", "a");
    let b = p.el(a, "view", "b");
    let over = p.el(a, "view", "over");
    let clip = p.el(root, "view", "clip");
    let tall = p.el(clip, "view", "tall");
    p.el(root, "view", "none");
    let label = p.el(root, "view", "");
    p.text(label, "tap me");
    p.layout(fonts(), VIEWPORT);
    assert_eq!(
        hit_test(&p.doc, 5.0, 5.0),
        Some(over),
        "later sibling paints on top"
    );
    assert_eq!(hit_test(&p.doc, 40.0, 40.0), Some(b));
    assert_eq!(hit_test(&p.doc, 200.0, 80.0), Some(a));
    assert_eq!(hit_test(&p.doc, 5.0, 110.0), Some(tall));
    assert_eq!(
        hit_test(&p.doc, 5.0, 130.0),
        Some(label),
        "clipped child and hidden node skipped; text resolves to its element"
    );
    assert_eq!(hit_test(&p.doc, 5.0, 600.0), Some(root));
    assert_eq!(hit_test(&p.doc, -5.0, 5.0), None);
}

#[test]
fn select_uses_the_selector_engine() {
    let mut p = Page::new("");
    let root = p.root();
    let list = p.el(root, "view", "list");
    let one = p.el(list, "view", "item counter");
    let two = p.el(list, "text", "item");
    p.doc.set_attr(two, "id", "second");
    assert_eq!(select(&p.doc, ".counter"), Some(one));
    assert_eq!(select(&p.doc, ".list > text.item"), Some(two));
    assert_eq!(select(&p.doc, "#second"), Some(two));
    assert_eq!(select_all(&p.doc, ".list .item"), vec![one, two]);
    assert_eq!(select(&p.doc, ".missing"), None);
    assert_eq!(select(&p.doc, "a:hover"), None);
}
