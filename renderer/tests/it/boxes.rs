//! Backgrounds, borders, radii, clipping, paint order, visibility.

use mica_layout::{Color, Overflow, Rect};
use mica_renderer::{build, DisplayItem};

use crate::support::*;

#[test]
fn background_fills_its_border_box_only() {
    let mut doc = page(40.0, 40.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(10.0, 10.0, 20.0, 20.0),
        |s| s.background_color = RED,
    );
    let p = paint(&doc, 40, 40);
    assert_eq!(px(&p, 10, 10), rgba(RED));
    assert_eq!(px(&p, 29, 29), rgba(RED));
    assert_eq!(px(&p, 9, 15), WHITE);
    assert_eq!(px(&p, 30, 15), WHITE);
    assert_eq!(px(&p, 15, 30), WHITE);
}

#[test]
fn root_background_is_the_page_background_everywhere() {
    // The root box is shorter than the window; the page colour still fills it all.
    let mut doc = page(20.0, 10.0);
    let root = doc.root();
    doc.node_mut(root).style.background_color = BLUE;
    let p = paint(&doc, 20, 20);
    assert_eq!(px(&p, 5, 5), rgba(BLUE));
    assert_eq!(px(&p, 19, 19), rgba(BLUE));
}

#[test]
fn translucent_background_blends_over_white() {
    let mut doc = page(20.0, 20.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 20.0, 20.0),
        |s| {
            s.background_color = Color::rgba(0, 0, 0, 255);
            s.opacity = 0.5;
        },
    );
    let p = paint(&doc, 20, 20);
    let (r, g, b, a) = px(&p, 10, 10);
    assert_eq!(a, 255);
    assert!((126..=129).contains(&r) && r == g && g == b, "{r} {g} {b}");
}

#[test]
fn borders_use_their_own_colour_per_side() {
    let mut doc = page(60.0, 60.0);
    let root = doc.root();
    let yellow = Color::rgba(255, 255, 0, 255);
    add(
        &mut doc,
        root,
        "view",
        Rect::new(10.0, 10.0, 40.0, 40.0),
        |s| {
            border(s, [4.0, 4.0, 4.0, 4.0]);
            s.border_color = [RED, GREEN, BLUE, yellow];
        },
    );
    let p = paint(&doc, 60, 60);
    assert_eq!(px(&p, 30, 11), rgba(RED));
    assert_eq!(px(&p, 48, 30), rgba(GREEN));
    assert_eq!(px(&p, 30, 48), rgba(BLUE));
    assert_eq!(px(&p, 11, 30), rgba(yellow));
    // Inside the padding box and outside the border box nothing is drawn.
    assert_eq!(px(&p, 30, 30), WHITE);
    assert_eq!(px(&p, 30, 14), WHITE);
    assert_eq!(px(&p, 30, 9), WHITE);
    assert_eq!(px(&p, 50, 30), WHITE);
}

#[test]
fn single_side_border_draws_only_that_side() {
    let mut doc = page(40.0, 40.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 40.0, 20.0),
        |s| {
            border(s, [0.0, 0.0, 2.0, 0.0]);
            s.border_color = [RED, RED, GREEN, RED];
        },
    );
    let p = paint(&doc, 40, 40);
    assert_eq!(px(&p, 0, 18), rgba(GREEN));
    assert_eq!(px(&p, 39, 19), rgba(GREEN));
    assert_eq!(px(&p, 20, 17), WHITE);
    assert_eq!(px(&p, 20, 20), WHITE);
    assert_eq!(px(&p, 0, 0), WHITE);
}

#[test]
fn rounded_corner_leaves_the_corner_unpainted() {
    let mut doc = page(40.0, 40.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 40.0, 40.0),
        |s| {
            s.background_color = RED;
            s.border_radius = [20.0, 0.0, 0.0, 0.0];
        },
    );
    let p = paint(&doc, 40, 40);
    assert_eq!(px(&p, 1, 1), WHITE, "top-left corner is outside the curve");
    assert_eq!(px(&p, 38, 1), rgba(RED), "top-right corner is square");
    assert_eq!(px(&p, 20, 20), rgba(RED));
    assert_eq!(px(&p, 10, 10), rgba(RED), "inside the arc");
}

#[test]
fn huge_radii_are_clamped_to_a_circle() {
    let mut doc = page(40.0, 40.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 40.0, 40.0),
        |s| {
            s.background_color = RED;
            s.border_radius = [1000.0; 4];
        },
    );
    let p = paint(&doc, 40, 40);
    assert_eq!(px(&p, 20, 1), rgba(RED), "top middle of the circle");
    assert_eq!(px(&p, 20, 20), rgba(RED));
    assert_eq!(px(&p, 4, 4), WHITE);
    assert_eq!(px(&p, 35, 35), WHITE);
}

#[test]
fn rounded_border_is_a_ring() {
    let mut doc = page(40.0, 40.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 40.0, 40.0),
        |s| {
            border(s, [4.0; 4]);
            s.border_color = [BLUE; 4];
            s.border_radius = [12.0; 4];
        },
    );
    let p = paint(&doc, 40, 40);
    assert_eq!(px(&p, 20, 1), rgba(BLUE));
    assert_eq!(px(&p, 1, 20), rgba(BLUE));
    assert_eq!(px(&p, 20, 20), WHITE, "the padding box stays empty");
    assert_eq!(px(&p, 0, 0), WHITE, "the corner is cut");
}

#[test]
fn multicolour_rounded_border_keeps_each_side_colour() {
    let mut doc = page(60.0, 60.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 60.0, 60.0),
        |s| {
            border(s, [5.0; 4]);
            s.border_color = [RED, GREEN, BLUE, Color::BLACK];
            s.border_radius = [10.0; 4];
        },
    );
    let p = paint(&doc, 60, 60);
    assert_eq!(px(&p, 30, 2), rgba(RED));
    assert_eq!(px(&p, 57, 30), rgba(GREEN));
    assert_eq!(px(&p, 30, 57), rgba(BLUE));
    assert_eq!(px(&p, 2, 30), rgba(Color::BLACK));
    assert_eq!(px(&p, 0, 0), WHITE);
    assert_eq!(px(&p, 30, 30), WHITE);
}

#[test]
fn overflow_hidden_clips_children_to_the_padding_box() {
    let mut doc = page(60.0, 60.0);
    let root = doc.root();
    let clip = add(
        &mut doc,
        root,
        "view",
        Rect::new(10.0, 10.0, 30.0, 30.0),
        |s| {
            s.overflow = Overflow::Hidden;
            border(s, [5.0; 4]);
            s.border_color = [BLUE; 4];
        },
    );
    add(
        &mut doc,
        clip,
        "view",
        Rect::new(0.0, 0.0, 60.0, 60.0),
        |s| s.background_color = GREEN,
    );
    let p = paint(&doc, 60, 60);
    assert_eq!(px(&p, 25, 25), rgba(GREEN));
    assert_eq!(px(&p, 15, 15), rgba(GREEN), "first padding-box pixel");
    assert_eq!(px(&p, 12, 25), rgba(BLUE), "the border is not covered");
    assert_eq!(px(&p, 5, 5), WHITE);
    assert_eq!(px(&p, 45, 45), WHITE);
}

#[test]
fn overflow_visible_does_not_clip() {
    let mut doc = page(60.0, 60.0);
    let root = doc.root();
    let parent = add(
        &mut doc,
        root,
        "view",
        Rect::new(10.0, 10.0, 30.0, 30.0),
        |_| {},
    );
    add(
        &mut doc,
        parent,
        "view",
        Rect::new(0.0, 0.0, 60.0, 60.0),
        |s| s.background_color = GREEN,
    );
    let p = paint(&doc, 60, 60);
    assert_eq!(px(&p, 5, 5), rgba(GREEN));
}

#[test]
fn rounded_overflow_hidden_clips_the_corners() {
    let mut doc = page(40.0, 40.0);
    let root = doc.root();
    let clip = add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 40.0, 40.0),
        |s| {
            s.overflow = Overflow::Hidden;
            s.border_radius = [20.0; 4];
        },
    );
    let inner = add(
        &mut doc,
        clip,
        "view",
        Rect::new(0.0, 0.0, 40.0, 40.0),
        |_| {},
    );
    // Nested clip under a masked one.
    let inner = {
        doc.node_mut(inner).style.overflow = Overflow::Hidden;
        inner
    };
    add(
        &mut doc,
        inner,
        "view",
        Rect::new(0.0, 0.0, 40.0, 40.0),
        |s| s.background_color = GREEN,
    );
    let p = paint(&doc, 40, 40);
    assert_eq!(px(&p, 1, 1), WHITE);
    assert_eq!(px(&p, 38, 38), WHITE);
    assert_eq!(px(&p, 20, 20), rgba(GREEN));
    assert_eq!(px(&p, 20, 1), rgba(GREEN));
}

#[test]
fn hidden_nodes_and_their_children_are_not_painted() {
    let mut doc = page(20.0, 20.0);
    let root = doc.root();
    let a = add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 20.0, 20.0),
        |s| {
            s.background_color = RED;
            s.hidden = true;
        },
    );
    add(&mut doc, a, "view", Rect::new(0.0, 0.0, 10.0, 10.0), |s| {
        s.background_color = GREEN
    });
    let p = paint(&doc, 20, 20);
    assert_eq!(px(&p, 5, 5), WHITE);
    assert_eq!(px(&p, 15, 15), WHITE);
}

/// A red absolutely positioned box (in a `display: contents` wrapper when `wrapped`)
/// before a green in-flow sibling of the same size, painted.
fn absolute_before_in_flow(wrapped: bool) -> mica_renderer::tiny_skia::Pixmap {
    let mut doc = page(20.0, 20.0);
    let root = doc.root();
    let parent = if wrapped {
        add(&mut doc, root, "slot", Rect::default(), |s| {
            s.display_contents = true;
        })
    } else {
        root
    };
    add(
        &mut doc,
        parent,
        "view",
        Rect::new(0.0, 0.0, 20.0, 20.0),
        |s| {
            s.background_color = RED;
            s.layout.position = taffy::Position::Absolute;
        },
    );
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 20.0, 20.0),
        |s| s.background_color = GREEN,
    );
    paint(&doc, 20, 20)
}

#[test]
fn absolute_children_paint_after_in_flow_siblings() {
    let p = absolute_before_in_flow(false);
    assert_eq!(px(&p, 10, 10), rgba(RED));
}

#[test]
fn display_list_clip_markers_pair_up() {
    let mut doc = page(20.0, 20.0);
    let root = doc.root();
    let a = add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 20.0, 20.0),
        |s| s.overflow = Overflow::Hidden,
    );
    add(&mut doc, a, "view", Rect::new(0.0, 0.0, 5.0, 5.0), |s| {
        s.background_color = RED
    });
    add(&mut doc, root, "view", Rect::new(0.0, 0.0, 5.0, 5.0), |s| {
        s.background_color = BLUE
    });
    let list = build(&doc);
    let push = list
        .items
        .iter()
        .position(|i| matches!(i, DisplayItem::PushClip { .. }))
        .expect("a clip");
    let DisplayItem::PushClip { end, .. } = list.items[push] else {
        unreachable!()
    };
    assert_eq!(list.items[end], DisplayItem::PopClip);
    assert_eq!(end, push + 2);
    assert!(matches!(list.items[end + 1], DisplayItem::Rect { color, .. } if color == BLUE));
}

#[test]
fn display_contents_paints_nothing_of_its_own_but_its_children() {
    let mut doc = page(40.0, 40.0);
    let root = doc.root();
    let contents = add(
        &mut doc,
        root,
        "slot",
        Rect::new(0.0, 0.0, 20.0, 20.0),
        |s| {
            s.display_contents = true;
            s.background_color = RED;
            border(s, [2.0; 4]);
            s.border_color = [BLUE; 4];
            s.overflow = Overflow::Hidden;
            s.opacity = 0.5;
        },
    );
    add(
        &mut doc,
        contents,
        "view",
        Rect::new(10.0, 10.0, 10.0, 10.0),
        |s| s.background_color = GREEN,
    );
    // Outside the contents node's rect: it has no box to clip to.
    add(
        &mut doc,
        contents,
        "view",
        Rect::new(30.0, 30.0, 10.0, 10.0),
        |s| s.background_color = GREEN,
    );
    let list = build(&doc);
    assert_eq!(list.items.len(), 2, "{:?}", list.items);
    assert!(list
        .items
        .iter()
        .all(|i| matches!(i, DisplayItem::Rect { color, .. } if *color == GREEN)));
    let p = paint(&doc, 40, 40);
    assert_eq!(px(&p, 1, 1), WHITE, "no border");
    assert_eq!(px(&p, 5, 5), WHITE, "no background");
    assert_eq!(px(&p, 15, 15), rgba(GREEN), "no opacity");
    assert_eq!(px(&p, 35, 35), rgba(GREEN), "no clip");
}

#[test]
fn children_of_display_contents_paint_in_their_box_parents_order() {
    // The absolute child is one of the root's: painted after all in-flow ones.
    let p = absolute_before_in_flow(true);
    assert_eq!(px(&p, 10, 10), rgba(RED));
}
