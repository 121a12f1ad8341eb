//! `::before` / `::after` boxes (CSS Pseudo 4 §2.1, CSS Generated Content 3).

use mica_layout::{hit_test, select, NodeKind};

use crate::{fonts, Page};

#[test]
fn generated_boxes_are_first_and_last_in_layout_but_not_children() {
    let mut p = Page::new(
        ".box { position: relative; height: 120px; margin: 20px }\
         .box::before { content: \"\"; display: block; height: 40px; background-color: red }\
         .box:after { content: attr(data-x) \"!\"; position: absolute; right: 20px; bottom: 20px; width: 60px; height: 60px; color: blue }\
         .box::before:hover { color: red }",
    );
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    let root = p.root();
    let b = p.el(root, "view", "box");
    p.doc.set_attr(b, "data-x", "hi");
    let child = p.el(b, "view", "");
    p.layout(fonts(), (400.0, 300.0));
    let n = p.doc.node(b);
    assert_eq!(n.children, [child], "not among the children");
    let before = n.generated(false).expect("a ::before box");
    let after = n.generated(true).expect("an ::after box");
    assert_eq!(n.layout_children(), [before, child, after]);
    assert_eq!(p.rect(before), (20.0, 20.0, 360.0, 40.0));
    assert_eq!(p.rect(child), (20.0, 60.0, 360.0, 0.0));
    assert_eq!(p.rect(after), (300.0, 60.0, 60.0, 60.0));
    // Its text inherits from the pseudo-element's style.
    let t = p.doc.node(after).children[0];
    assert_eq!(p.doc.node(t).kind, NodeKind::Text);
    assert_eq!(p.doc.node(t).text, "hi!");
    assert_eq!(
        p.doc.node(t).style.color,
        mica_layout::Color::rgba(0, 0, 255, 255)
    );
    // Queries and taps see the element.
    assert_eq!(select(&p.doc, ".box::before"), None);
    assert_eq!(hit_test(&p.doc, 310.0, 70.0), Some(b));
    assert_eq!(hit_test(&p.doc, 30.0, 30.0), Some(b));
    // The attribute and the class drive them.
    p.doc.set_attr(b, "data-x", "yo");
    p.layout(fonts(), (400.0, 300.0));
    assert_eq!(p.doc.node(t).text, "yo!");
    p.doc.set_attr(b, "class", "other");
    p.layout(fonts(), (400.0, 300.0));
    let n = p.doc.node(b);
    assert_eq!((n.generated(false), n.generated(true)), (None, None));
    assert_eq!(n.layout_children(), [child]);
    assert!(
        p.doc.get(before).is_none() && p.doc.get(t).is_none(),
        "freed"
    );
    p.doc.set_attr(b, "class", "box");
    p.layout(fonts(), (400.0, 300.0));
    assert_eq!(p.doc.node(b).layout_children().len(), 3);
    // Removing the element frees them.
    let before = p.doc.node(b).generated(false).expect("a ::before box");
    p.doc.remove(b);
    assert!(p.doc.get(before).is_none());
}

#[test]
fn content_none_or_missing_generates_nothing() {
    let mut p = Page::new(
        ".a::before { height: 10px } .b::before { content: none; height: 10px }\
         .c::after { content: \"x\"; display: none }",
    );
    let root = p.root();
    let els: Vec<_> = ["a", "b", "c"]
        .iter()
        .map(|c| p.el(root, "view", c))
        .collect();
    p.layout(fonts(), (400.0, 300.0));
    for e in els {
        assert_eq!(
            p.doc.node(e).layout_children(),
            [] as [mica_layout::NodeId; 0]
        );
    }
}
