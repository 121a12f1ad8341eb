//! `@media` in the cascade (Media Queries 4), evaluated against the window.

use crate::{fonts, Page};

#[test]
fn media_rules_apply_by_window_size_and_follow_a_resize() {
    let mut p = Page::new(
        ".box { height: 60px }\
         @media (min-width: 300px) { .box { height: 10px } }\
         @media screen and (orientation: portrait) { .box { width: 50px } }\
         @media print { .box { height: 1px } }\
         @media (width >= 500px) { @media (min-height: 100px) { .box { height: 20px } } }",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let root = p.root();
    let b = p.el(root, "view", "box");
    p.layout(fonts(), (400.0, 300.0));
    assert_eq!(p.rect(b), (0.0, 0.0, 400.0, 10.0));
    p.layout(fonts(), (200.0, 300.0));
    assert_eq!(p.rect(b), (0.0, 0.0, 50.0, 60.0));
    p.layout(fonts(), (600.0, 300.0));
    assert_eq!(p.rect(b), (0.0, 0.0, 600.0, 20.0));
    p.layout(fonts(), (600.0, 90.0));
    assert_eq!(p.rect(b), (0.0, 0.0, 600.0, 10.0));
}
