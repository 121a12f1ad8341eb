//! Paint-only properties through the cascade and layout: computed values, ink bounds
//! (what a damaged repaint culls by) and taps on transformed or hidden boxes.

use mica_layout::style::background::Image;
use mica_layout::style::background_tile::{Repeat, Size};
use mica_layout::style::transform::TransformFn;
use mica_layout::style::values::Len;
use mica_layout::{hit_test, Color};

use crate::{fonts, Page};

#[test]
fn decorations_compute_with_units_and_currentcolor() {
    let mut p = Page::new(
        ".a { color: #00f; font-size: 10px; box-shadow: 0 1em 2rpx currentcolor;
              background: url(tile.png) no-repeat center / cover, linear-gradient(red, blue);
              transform: translateX(2em) rotate(90deg); transform-origin: left 5px;
              z-index: -2; visibility: hidden; border-radius: 4px / 50%; }",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let root = p.root();
    let a = p.el(root, "view", "a");
    let b = p.el(a, "view", "");
    p.restyle((750.0, 1000.0));
    let s = &p.doc.node(a).style;
    let shadow = s.box_shadow.as_deref().unwrap_or(&[])[0];
    assert_eq!((shadow.y, shadow.blur), (Len::Px(10.0), Len::Px(2.0)));
    assert_eq!(shadow.color, Some(Color::rgba(0, 0, 255, 255)));
    let images = s.background_image.as_deref().unwrap_or(&[]);
    assert!(matches!(&images[0], Image::Url(u) if &**u == "tile.png"));
    assert!(matches!(&images[1], Image::Gradient(_)));
    assert_eq!(s.background_tile.repeat, Repeat::NONE);
    assert_eq!(s.background_tile.size, Size::Cover);
    assert_eq!(
        s.transform.as_deref(),
        Some(
            &[
                TransformFn::Translate(Len::Px(20.0), Len::Px(0.0)),
                TransformFn::Rotate(90.0)
            ][..]
        )
    );
    assert_eq!(s.transform_origin, [Len::Percent(0.0), Len::Px(5.0)]);
    assert_eq!(s.z_index, Some(-2));
    assert_eq!(s.border_radius_y, [Some(Len::Percent(0.5)); 4]);
    // `visibility` inherits.
    assert!(!s.visible && !p.doc.node(b).style.visible);
}

#[test]
fn shadows_and_transforms_grow_the_ink_and_taps_follow_them() {
    let mut p = Page::new(
        ".s { width: 40px; height: 20px; margin: 50px; box-shadow: 30px 0 10px red; }
         .t { width: 100px; height: 10px; margin: 50px; transform: rotate(90deg); }
         .h { height: 10px; visibility: hidden; }",
    );
    let root = p.root();
    let s = p.el(root, "view", "s");
    let t = p.el(root, "view", "t");
    let h = p.el(root, "view", "h");
    p.layout(fonts(), (375.0, 667.0));
    let ink = p.doc.ink(s);
    let r = p.doc.node(s).rect;
    // Offset 30 plus 1.5 × blur past the right edge.
    assert!(ink.x + ink.width >= r.x + r.width + 30.0 + 15.0, "{ink:?}");
    assert!(ink.x <= r.x);
    // The 100 x 10 bar stands upright about its centre.
    let (tr, tink) = (p.doc.node(t).rect, p.doc.ink(t));
    let (cx, cy) = (tr.x + 50.0, tr.y + 5.0);
    assert!(
        tink.y <= cy - 50.0 && tink.y + tink.height >= cy + 50.0,
        "{tink:?}"
    );
    assert!(tink.width < 20.0);
    assert_eq!(hit_test(&p.doc, cx, cy - 40.0), Some(t));
    assert_eq!(hit_test(&p.doc, tr.x + 5.0, cy), Some(root));
    let hr = p.doc.node(h).rect;
    assert_eq!(hit_test(&p.doc, hr.x + 5.0, hr.y + 5.0), Some(root));
}
