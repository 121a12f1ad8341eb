//! CSS Grid layout through taffy's grid algorithm.

use crate::{fonts, Page};

#[test]
fn template_columns_repeat_fr_and_gap() {
    let mut p = Page::new(
        ".grid { display: grid; grid-template-columns: repeat(3, 1fr); grid-auto-rows: 120px; gap: 20px 10px; padding: 10px }",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let root = p.root();
    let g = p.el(root, "view", "grid");
    let cells: Vec<_> = (0..4).map(|_| p.el(g, "view", "")).collect();
    p.layout(fonts(), (400.0, 300.0));
    // (380 - 2 * 10) / 3 = 120 wide.
    assert_eq!(p.rect(cells[0]), (10.0, 10.0, 120.0, 120.0));
    assert_eq!(p.rect(cells[1]), (140.0, 10.0, 120.0, 120.0));
    assert_eq!(p.rect(cells[3]), (10.0, 150.0, 120.0, 120.0));
    assert_eq!(p.rect(g).3, 280.0);
}

#[test]
fn areas_spans_and_lines() {
    let mut p = Page::new(
        ".grid { display: grid; grid-template-columns: 100px 1fr 80px; grid-template-rows: 60px 1fr 50px;\
           grid-template-areas: \"head head head\" \"side main main\" \"side foot foot\"; gap: 8px; height: 284px; padding: 8px }\
         .head { grid-area: head } .side { grid-area: side } .main { grid-area: main }\
         .foot { grid-column: 2 / span 2; grid-row: 3 } .x { justify-self: center; width: 10px; grid-row: 1; grid-column: -2 }",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let root = p.root();
    let g = p.el(root, "view", "grid");
    let [head, side, main, foot, x] =
        ["head", "side", "main", "foot", "x"].map(|c| p.el(g, "view", c));
    p.layout(fonts(), (400.0, 300.0));
    assert_eq!(p.rect(head), (8.0, 8.0, 384.0, 60.0));
    assert_eq!(p.rect(side), (8.0, 76.0, 100.0, 216.0));
    // Middle row: 284 - 60 - 50 - 16 = 158.
    assert_eq!(p.rect(main), (116.0, 76.0, 276.0, 158.0));
    assert_eq!(p.rect(foot), (116.0, 242.0, 276.0, 50.0));
    assert_eq!(p.rect(x), (312.0 + 35.0, 8.0, 10.0, 60.0));
}
