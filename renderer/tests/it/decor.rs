//! Box decorations and compositing: shadows, gradients, group opacity, transforms,
//! z-index and visibility.

use std::sync::Arc;

use mica_layout::style::background::{ColorStop, Gradient, Image, LinearDirection, RadialSize};
use mica_layout::style::background_tile::{Repeat, Size, Tile};
use mica_layout::style::border_style::LineStyle;
use mica_layout::style::shadow::BoxShadow;
use mica_layout::style::transform::TransformFn;
use mica_layout::style::values::Len;
use mica_layout::{hit_test, Color, ComputedStyle, Rect};
use mica_renderer::{build, DisplayItem, NoGlyphs, NoImages, Renderer};
use tiny_skia::Pixmap;

use crate::support::*;

const BLACK: Color = Color::rgba(0, 0, 0, 255);

fn shadow(x: f32, y: f32, blur: f32, spread: f32, color: Color, inset: bool) -> BoxShadow {
    BoxShadow {
        inset,
        x: Len::Px(x),
        y: Len::Px(y),
        blur: Len::Px(blur),
        spread: Len::Px(spread),
        color: Some(color),
    }
}

fn shadows(s: &mut ComputedStyle, list: Vec<BoxShadow>) {
    s.box_shadow = Some(Arc::from(list));
}

fn gradients<const N: usize>(list: [Gradient; N]) -> Option<Arc<[Image]>> {
    Some(list.into_iter().map(Image::Gradient).collect())
}

fn linear(direction: LinearDirection, colors: &[Color]) -> Gradient {
    Gradient::Linear {
        direction,
        stops: colors
            .iter()
            .map(|c| ColorStop {
                color: Some(*c),
                position: None,
            })
            .collect(),
        repeating: false,
    }
}

#[test]
fn hard_shadow_is_offset_and_not_drawn_under_the_box() {
    let mut doc = page(60.0, 60.0);
    let root = doc.root();
    // No background: the shadow must still not show through the box.
    add(
        &mut doc,
        root,
        "view",
        Rect::new(10.0, 10.0, 20.0, 20.0),
        |s| {
            shadows(s, vec![shadow(10.0, 10.0, 0.0, 0.0, BLACK, false)]);
        },
    );
    let p = paint(&doc, 60, 60);
    assert_eq!(px(&p, 35, 35), (0, 0, 0, 255)); // offset part
    assert_eq!(px(&p, 25, 25), WHITE); // under the box
    assert_eq!(px(&p, 41, 41), WHITE); // past the shadow
}

#[test]
fn blurred_spread_shadow_fades_out_smoothly() {
    let mut doc = page(100.0, 60.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(30.0, 20.0, 40.0, 20.0),
        |s| {
            s.background_color = Color::WHITE;
            shadows(s, vec![shadow(0.0, 0.0, 12.0, 4.0, BLACK, false)]);
        },
    );
    let p = paint(&doc, 100, 60);
    // Left of the box along its middle row: darker nearer the box, white far away.
    let row: Vec<u8> = (8..30).map(|x| px(&p, x, 30).0).collect();
    assert!(row.windows(2).all(|w| w[0] >= w[1]), "{row:?}");
    // About half coverage at the spread edge (x = 26).
    let edge = px(&p, 26, 30).0;
    assert!((100..=160).contains(&edge), "{edge}");
    assert_eq!(px(&p, 5, 30), WHITE);
    assert_eq!(px(&p, 50, 30), WHITE); // the box itself
}

#[test]
fn inset_shadows_paint_inside_over_the_background() {
    let mut doc = page(60.0, 60.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(10.0, 10.0, 40.0, 40.0),
        |s| {
            s.background_color = BLUE;
            shadows(
                s,
                vec![
                    shadow(0.0, 0.0, 0.0, 5.0, GREEN, true),
                    shadow(0.0, 0.0, 0.0, 10.0, RED, true),
                ],
            );
        },
    );
    let p = paint(&doc, 60, 60);
    assert_eq!(px(&p, 12, 30), rgba(GREEN)); // the first listed is on top
    assert_eq!(px(&p, 17, 30), rgba(RED));
    assert_eq!(px(&p, 30, 30), rgba(BLUE));
    assert_eq!(px(&p, 8, 30), WHITE); // nothing outside
}

#[test]
fn linear_gradient_runs_along_its_direction() {
    let mut doc = page(100.0, 20.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 100.0, 20.0),
        |s| {
            s.background_image = gradients([linear(LinearDirection::To(1, 0), &[RED, BLUE])]);
        },
    );
    let p = paint(&doc, 100, 20);
    assert!(near(px(&p, 0, 10), (255, 0, 0, 255), 4));
    assert!(near(px(&p, 99, 10), (0, 0, 255, 255), 4));
    assert!(
        near(px(&p, 50, 10), (127, 0, 127, 255), 6),
        "{:?}",
        px(&p, 50, 10)
    );
    // Constant down a column.
    assert_eq!(px(&p, 30, 0), px(&p, 30, 19));
}

#[test]
fn gradient_to_transparent_keeps_its_hue() {
    // Premultiplied interpolation (CSS Images 3 §3.5.2): red fading out over green
    // never darkens towards black.
    let mut doc = page(100.0, 10.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 100.0, 10.0),
        |s| {
            s.background_color = Color::WHITE;
            s.background_image = gradients([linear(
                LinearDirection::Angle(90.0),
                &[RED, Color::rgba(0, 0, 255, 0)],
            )]);
        },
    );
    let p = paint(&doc, 100, 10);
    let (r, g, b, _) = px(&p, 50, 5);
    assert!(r > 240 && (120..=135).contains(&g) && g == b, "{r} {g} {b}");
}

#[test]
fn radial_gradient_is_centred() {
    let mut doc = page(40.0, 40.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 40.0, 40.0),
        |s| {
            s.background_image = gradients([Gradient::Radial {
                circle: true,
                size: RadialSize::ClosestSide,
                center: [Len::Percent(0.5); 2],
                stops: vec![
                    ColorStop {
                        color: Some(RED),
                        position: None,
                    },
                    ColorStop {
                        color: Some(BLUE),
                        position: None,
                    },
                ],
                repeating: false,
            }]);
        },
    );
    let p = paint(&doc, 40, 40);
    assert!(near(px(&p, 20, 20), (255, 0, 0, 255), 20));
    assert!(near(px(&p, 0, 0), (0, 0, 255, 255), 2));
    assert_eq!(px(&p, 9, 20), px(&p, 30, 20));
}

#[test]
fn translucent_group_composites_its_children_as_one_layer() {
    let mut doc = page(60.0, 30.0);
    let root = doc.root();
    let group = add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 60.0, 30.0),
        |s| {
            s.opacity = 0.5;
        },
    );
    add(
        &mut doc,
        group,
        "view",
        Rect::new(0.0, 0.0, 40.0, 30.0),
        |s| {
            s.background_color = BLUE;
        },
    );
    add(
        &mut doc,
        group,
        "view",
        Rect::new(20.0, 0.0, 40.0, 30.0),
        |s| {
            s.background_color = RED;
        },
    );
    let p = paint(&doc, 60, 30);
    // The overlap shows only the red child at half strength, no blue through it.
    assert!(
        near(px(&p, 30, 15), (255, 127, 127, 255), 2),
        "{:?}",
        px(&p, 30, 15)
    );
    assert!(near(px(&p, 10, 15), (127, 127, 255, 255), 2));
    let list = build(&doc);
    assert!(matches!(list.items[0], DisplayItem::PushLayer(_)));
    // A translucent leaf drawing one item needs no layer.
    let mut doc = page(10.0, 10.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 10.0, 10.0),
        |s| {
            s.background_color = RED;
            s.opacity = 0.5;
        },
    );
    let list = build(&doc);
    assert_eq!(list.items.len(), 1);
    assert!(matches!(list.items[0], DisplayItem::Rect { color, .. } if color.a == 128));
}

#[test]
fn rotation_turns_the_box_about_its_centre() {
    let mut doc = page(60.0, 60.0);
    let root = doc.root();
    // 40 x 10 bar centred at (30, 30), turned upright.
    add(
        &mut doc,
        root,
        "view",
        Rect::new(10.0, 25.0, 40.0, 10.0),
        |s| {
            s.background_color = RED;
            s.transform = Some(Arc::from([TransformFn::Rotate(90.0)]));
        },
    );
    let p = paint(&doc, 60, 60);
    assert_eq!(px(&p, 30, 12), rgba(RED));
    assert_eq!(px(&p, 30, 47), rgba(RED));
    assert_eq!(px(&p, 14, 30), WHITE);
    assert_eq!(px(&p, 45, 30), WHITE);
    // Taps follow the transform.
    let bar = doc.node(root).children[0];
    assert_eq!(hit_test(&doc, 30.0, 14.0), Some(bar));
    assert_eq!(hit_test(&doc, 14.0, 30.0), Some(root));
}

#[test]
fn percentage_translation_moves_the_subtree_without_a_layer() {
    let mut doc = page(60.0, 60.0);
    let root = doc.root();
    let b = add(
        &mut doc,
        root,
        "view",
        Rect::new(30.0, 30.0, 20.0, 20.0),
        |s| {
            s.background_color = BLUE;
            s.transform = Some(Arc::from([TransformFn::Translate(
                Len::Percent(-0.5),
                Len::Percent(-0.5),
            )]));
        },
    );
    add(&mut doc, b, "view", Rect::new(30.0, 30.0, 5.0, 5.0), |s| {
        s.background_color = RED;
    });
    let p = paint(&doc, 60, 60);
    assert_eq!(px(&p, 20, 20), rgba(RED));
    assert_eq!(px(&p, 30, 30), rgba(BLUE));
    assert_eq!(px(&p, 45, 45), WHITE);
    assert!(!build(&doc)
        .items
        .iter()
        .any(|i| matches!(i, DisplayItem::PushLayer(_))));
}

#[test]
fn z_index_orders_siblings() {
    let mut doc = page(30.0, 30.0);
    let root = doc.root();
    let on_top = |z: Option<i32>, c: Color| {
        move |s: &mut ComputedStyle| {
            s.background_color = c;
            s.z_index = z;
            s.layout.position = taffy::Position::Absolute;
        }
    };
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 20.0, 20.0),
        on_top(Some(2), RED),
    );
    add(
        &mut doc,
        root,
        "view",
        Rect::new(5.0, 5.0, 20.0, 20.0),
        on_top(Some(1), GREEN),
    );
    add(
        &mut doc,
        root,
        "view",
        Rect::new(10.0, 10.0, 20.0, 20.0),
        on_top(Some(-1), BLUE),
    );
    add(
        &mut doc,
        root,
        "view",
        Rect::new(25.0, 25.0, 4.0, 4.0),
        on_top(None, BLACK),
    );
    let p = paint(&doc, 30, 30);
    assert_eq!(px(&p, 8, 8), rgba(RED)); // 2 over 1
    assert_eq!(px(&p, 22, 22), rgba(GREEN)); // 1 over -1
    assert_eq!(px(&p, 29, 29), rgba(BLUE));
    assert_eq!(px(&p, 26, 26), (0, 0, 0, 255)); // auto over -1
}

#[test]
fn hidden_visibility_paints_only_visible_descendants() {
    let mut doc = page(40.0, 40.0);
    let root = doc.root();
    let hidden = add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 40.0, 40.0),
        |s| {
            s.background_color = RED;
            s.visible = false;
        },
    );
    let child = add(
        &mut doc,
        hidden,
        "view",
        Rect::new(10.0, 10.0, 10.0, 10.0),
        |s| {
            s.background_color = GREEN;
        },
    );
    let p = paint(&doc, 40, 40);
    assert_eq!(px(&p, 30, 30), WHITE);
    assert_eq!(px(&p, 15, 15), rgba(GREEN));
    assert_eq!(hit_test(&doc, 30.0, 30.0), Some(root));
    assert_eq!(hit_test(&doc, 15.0, 15.0), Some(child));
}

#[test]
fn damage_repaint_of_decorations_matches_a_full_repaint() {
    let mut doc = page(80.0, 80.0);
    let root = doc.root();
    let group = add(
        &mut doc,
        root,
        "view",
        Rect::new(10.0, 10.0, 50.0, 40.0),
        |s| {
            s.background_color = BLUE;
            s.border_radius = [8.0; 4];
            s.opacity = 0.7;
            s.transform = Some(Arc::from([TransformFn::Rotate(20.0)]));
            shadows(s, vec![shadow(3.0, 4.0, 6.0, 1.0, BLACK, false)]);
        },
    );
    add(
        &mut doc,
        group,
        "view",
        Rect::new(20.0, 20.0, 30.0, 10.0),
        |s| {
            s.background_image = gradients([linear(LinearDirection::Angle(45.0), &[RED, GREEN])]);
        },
    );
    let full = paint(&doc, 80, 80);
    let mut part = Pixmap::new(80, 80).expect("pixmap");
    part.fill(tiny_skia::Color::from_rgba8(1, 2, 3, 255));
    let damage = Rect::new(23.5, 17.0, 30.0, 29.0);
    Renderer::new().paint(&doc, &NoGlyphs, &NoImages, &mut part, Some(damage));
    for y in 17..46 {
        for x in 23..54 {
            assert_eq!(px(&part, x, y), px(&full, x, y), "at {x},{y}");
        }
    }
    assert_eq!(px(&part, 5, 5), (1, 2, 3, 255));
}

#[test]
fn background_image_tiles_repeat_along_x_only() {
    let mut doc = page(40.0, 30.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 40.0, 30.0),
        |s| {
            s.background_color = BLUE;
            s.background_image = Some(Arc::from([Image::Url("dot.png".into())]));
            s.background_tile = Tile {
                position: [Len::Px(2.0), Len::Px(10.0)],
                size: Size::Auto,
                repeat: Repeat { x: true, y: false },
            };
        },
    );
    let red = [255u8, 0, 0, 255].repeat(16);
    let png = png_bytes(4, 4, png::ColorType::Rgba, png::BitDepth::Eight, &red, None);
    let images = MemImages::with(&[("dot.png", png)]);
    let p = paint_with(&doc, 40, 30, &images);
    // Tiles at x = 2 + 4k (and -2), y = 10..14 only.
    assert_eq!(px(&p, 2, 10), rgba(RED));
    assert_eq!(px(&p, 0, 12), rgba(RED));
    assert_eq!(px(&p, 39, 13), rgba(RED));
    assert_eq!(px(&p, 20, 9), rgba(BLUE));
    assert_eq!(px(&p, 20, 14), rgba(BLUE));
}

#[test]
fn dashed_border_leaves_gaps_and_dotted_is_round() {
    let mut doc = page(120.0, 60.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(10.0, 10.0, 100.0, 40.0),
        |s| {
            border(s, [4.0; 4]);
            s.border_color = [RED; 4];
            s.border_line_style = [
                LineStyle::Dashed,
                LineStyle::Dashed,
                LineStyle::Dotted,
                LineStyle::Solid,
            ];
        },
    );
    let p = paint(&doc, 120, 60);
    // Top: dashes of 8 with gaps of 3.5 from the corner.
    assert_eq!(px(&p, 14, 11), rgba(RED));
    assert_eq!(px(&p, 19, 11), WHITE);
    assert_eq!(px(&p, 22, 11), rgba(RED));
    // Left is solid all the way.
    assert!((14..46).all(|y| px(&p, 11, y) == rgba(RED)));
    // Bottom: round dots, so their middle row alternates red and white.
    let dots: Vec<bool> = (14..106).map(|x| px(&p, x, 48) == rgba(RED)).collect();
    assert!(dots.iter().any(|d| *d) && dots.iter().any(|d| !*d));
}

#[test]
fn elliptical_radii_round_corners_differently_per_axis() {
    let mut doc = page(100.0, 40.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 100.0, 40.0),
        |s| {
            s.background_color = RED;
            s.border_radius = [50.0; 4];
            s.border_radius_y = [Some(Len::Px(20.0)); 4];
        },
    );
    let p = paint(&doc, 100, 40);
    // An ellipse 100 x 40: the ends of the axes are in, the corners out.
    assert_eq!(px(&p, 50, 1), rgba(RED));
    assert_eq!(px(&p, 1, 20), rgba(RED));
    // A circular corner of radius 20 would cover (8, 5); the 50 x 20 one does not.
    assert_eq!(px(&p, 8, 5), WHITE);
    assert_eq!(px(&p, 25, 5), rgba(RED));
}

#[test]
fn css_triangle_border_is_filled_to_the_tip() {
    // Regression: the corner wedges were clamped at the box's centre line, which cut the
    // top half off a `width: 0` triangle and bent uneven corners.
    let mut doc = page(40.0, 40.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 40.0, 40.0),
        |s| {
            border(s, [0.0, 20.0, 40.0, 20.0]);
            s.border_color = [
                Color::TRANSPARENT,
                Color::TRANSPARENT,
                RED,
                Color::TRANSPARENT,
            ];
        },
    );
    let p = paint(&doc, 40, 40);
    assert_eq!(px(&p, 20, 3), rgba(RED)); // near the tip
    assert_eq!(px(&p, 20, 38), rgba(RED));
    assert_eq!(px(&p, 5, 5), WHITE);
    assert_eq!(px(&p, 34, 5), WHITE);
}

#[test]
fn positioned_descendants_paint_above_later_in_flow_boxes() {
    // CSS 2.1 Appendix E: a positioned box belongs to its stacking context's layers,
    // wherever it sits among in-flow boxes; a clipping box keeps its own.
    let mut doc = page(40.0, 40.0);
    let root = doc.root();
    let first = add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 0.0, 40.0, 10.0),
        |_| {},
    );
    add(
        &mut doc,
        first,
        "view",
        Rect::new(0.0, 5.0, 10.0, 20.0),
        |s| {
            s.background_color = RED;
            s.layout.position = taffy::Position::Absolute;
        },
    );
    let clip = add(
        &mut doc,
        root,
        "view",
        Rect::new(20.0, 0.0, 20.0, 10.0),
        |s| {
            s.overflow = mica_layout::Overflow::Hidden;
        },
    );
    add(
        &mut doc,
        clip,
        "view",
        Rect::new(20.0, 5.0, 10.0, 20.0),
        |s| {
            s.background_color = RED;
            s.layout.position = taffy::Position::Absolute;
            s.z_index = Some(5);
        },
    );
    // A later in-flow sibling covering both.
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, 10.0, 40.0, 20.0),
        |s| {
            s.background_color = BLUE;
        },
    );
    let p = paint(&doc, 40, 40);
    assert_eq!(px(&p, 5, 15), rgba(RED)); // hoisted over the later sibling
    assert_eq!(px(&p, 25, 7), rgba(RED)); // inside its clip
    assert_eq!(px(&p, 25, 15), rgba(BLUE)); // clipped away
}

#[test]
fn huge_shadows_and_blurs_paint_only_what_shows() {
    // Untrusted sizes: a box 100,000 px tall and a blur of a billion px must neither
    // allocate that much nor fail; the visible part is still right.
    let mut doc = page(60.0, 60.0);
    let root = doc.root();
    add(
        &mut doc,
        root,
        "view",
        Rect::new(0.0, -50_000.0, 20.0, 100_000.0),
        |s| {
            s.background_color = Color::WHITE;
            shadows(
                s,
                vec![
                    shadow(10.0, 0.0, 0.0, 0.0, BLACK, false),
                    shadow(0.0, 0.0, 1e9, 0.0, RED, false),
                ],
            );
        },
    );
    let p = paint(&doc, 60, 60);
    assert_eq!(px(&p, 25, 30), (0, 0, 0, 255));
    assert_eq!(px(&p, 10, 30), WHITE);
}
