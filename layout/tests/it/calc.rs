//! `calc()`, `min()`, `max()` and `clamp()` in layout (CSS Values 3 §8.1).

use crate::{fonts, Page};

#[test]
fn calc_mixes_percentages_and_lengths_against_the_containing_block() {
    let mut p = Page::new(
        ".box { padding: calc(5px + 1%) }\
         .a { width: calc(100% - 100px); height: calc(10px * 2) }\
         .b { width: calc(50% + 2em); height: 10px; font-size: 10px; margin-left: calc(30px + 30px) }\
         .c { width: min(50%, 120px); height: max(1px, 5vh) }\
         .d { width: calc(100vw - 2 * 60px); height: clamp(1px, 10%, 5px) }",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let root = p.root();
    let bx = p.el(root, "view", "box");
    let a = p.el(bx, "view", "a");
    let b = p.el(bx, "view", "b");
    let c = p.el(bx, "view", "c");
    let d = p.el(bx, "view", "d");
    p.layout(fonts(), (400.0, 300.0));
    // Padding: 5px + 1% of the containing block's width (400) = 9px; the content box is
    // 382px wide.
    assert_eq!(p.rect(a), (9.0, 9.0, 282.0, 20.0));
    assert_eq!(p.rect(b), (69.0, 29.0, 211.0, 10.0));
    assert_eq!(p.rect(c), (9.0, 39.0, 120.0, 15.0));
    // A height with `%` against an auto-height parent behaves as `auto` (CSS 2.1 §10.5),
    // as Chromium does for a calc() holding one.
    assert_eq!(p.rect(d), (9.0, 54.0, 280.0, 0.0));
}

#[test]
fn an_invalid_calc_is_skipped_with_a_warning() {
    let p =
        Page::new(".a { width: calc(10px / 0); height: calc(1px * 2px); margin: calc(1px + 1) }");
    assert_eq!(p.warnings.len(), 3, "{:?}", p.warnings);
    assert!(
        p.warnings[0].message.contains("divides by zero"),
        "{:?}",
        p.warnings
    );
}

#[test]
fn calc_resizes_with_the_viewport() {
    let mut p = Page::new(".a { width: calc(100% - 300rpx); height: 10px }");
    let root = p.root();
    let a = p.el(root, "view", "a");
    p.layout(fonts(), (400.0, 300.0));
    assert_eq!(p.rect(a).2, 240.0);
    p.layout(fonts(), (750.0, 300.0));
    assert_eq!(p.rect(a).2, 450.0);
}
