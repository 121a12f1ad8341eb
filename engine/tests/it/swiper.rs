//! `swiper` through the real runtime (engine/tests/apps/swiper): pages changed by the
//! remote (Left/Right, Up/Down when vertical), by pointer drags and by autoplay on the
//! runtime's clock, with `change` / `animationfinish` details as the page's JS sees them.

use std::time::Duration;

use mica_engine::platform::{InputEvent, Key, PointerPhase};
use mica_engine::runtime::Runtime;
use mica_layout::Rect;
use serde_json::json;

use crate::golden::check_golden;
use crate::support::press;
use crate::support::{advance, fixture, launch, text_by_id};

const SIZE: (u32, u32) = (960, 600);

fn app() -> Runtime {
    let rt = launch(fixture("swiper"), SIZE.0, SIZE.1);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    assert!(rt.warnings().is_empty(), "{:?}", rt.warnings());
    rt
}

fn rect(rt: &Runtime, selector: &str) -> Rect {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    let n = mica_layout::select(doc, selector).unwrap_or_else(|| panic!("no {selector}"));
    doc.node(n).rect
}

fn attr(rt: &Runtime, selector: &str, name: &str) -> Option<String> {
    let doc = rt.document()?;
    let n = mica_layout::select(doc, selector)?;
    doc.node(n).attr(name).map(str::to_string)
}

fn focused_id(rt: &Runtime) -> String {
    rt.dump()["focused"]["id"]
        .as_str()
        .unwrap_or("<none>")
        .to_string()
}

fn log(rt: &Runtime) -> String {
    text_by_id(rt, "log")
}

fn pointer(rt: &mut Runtime, phase: PointerPhase, x: f32, y: f32) {
    rt.handle_input(InputEvent::Pointer { phase, x, y })
        .unwrap_or_else(|e| panic!("{phase:?}: {e}"));
}

/// A drag from `(x, y)` by `dx` in four moves, then release.
fn drag(rt: &mut Runtime, x: f32, y: f32, dx: f32, dy: f32) {
    pointer(rt, PointerPhase::Down, x, y);
    for i in 1..=4 {
        let f = i as f32 / 4.0;
        pointer(rt, PointerPhase::Move, x + dx * f, y + dy * f);
    }
    pointer(rt, PointerPhase::Up, x + dx, y + dy);
}

#[test]
fn the_swiper_page_with_indicator_dots_matches_its_reference() {
    let mut rt = app();
    let banner = rect(&rt, "#banner");
    // The current item fills the swiper; the next one waits just outside, clipped.
    assert_eq!(rect(&rt, "#item-0"), banner);
    assert_eq!(rect(&rt, "#item-1").x, banner.x + banner.width);
    assert!(rect(&rt, ".mica-swiper-dots").y > banner.y + banner.height / 2.0);
    // Show the second page by key, let the animation end, then compare.
    press(&mut rt, &[Key::Down, Key::Right]);
    advance(&mut rt, 1000);
    assert_eq!(rect(&rt, "#item-1"), banner);
    check_golden(&rt, "swiper-dots");
}

#[test]
fn right_on_the_last_focusable_node_of_an_item_changes_page_and_the_focus_follows() {
    let mut rt = app();
    assert_eq!(focused_id(&rt), "before");
    press(&mut rt, &[Key::Down]);
    assert_eq!(focused_id(&rt), "tile-0");
    press(&mut rt, &[Key::Right]);
    // `change` fires as the change starts; the page has not moved yet.
    assert_eq!(log(&rt), "change:1:touch;");
    assert_eq!(attr(&rt, "#banner", "current").as_deref(), Some("1"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text_by_id(&rt, "detail")).ok(),
        Some(json!({ "current": 1, "currentItemId": "Green", "source": "touch" }))
    );
    assert_eq!(rect(&rt, "#item-0").x, rect(&rt, "#banner").x);
    // Halfway, both pages show; the focus moved into the page sliding in.
    advance(&mut rt, 200);
    let (b, i1) = (rect(&rt, "#banner"), rect(&rt, "#item-1"));
    assert!(i1.x > b.x && i1.x < b.x + b.width, "{i1:?} in {b:?}");
    assert_eq!(focused_id(&rt), "tile-1");
    advance(&mut rt, 200);
    assert_eq!(log(&rt), "change:1:touch;finish:1:touch;");
    assert_eq!(rect(&rt, "#item-1").x, b.x);
    // Enter taps the new page's tile.
    press(&mut rt, &[Key::Enter]);
    assert!(log(&rt).ends_with("tap:1;"), "{}", log(&rt));
    // Left goes back; Right twice reaches the last page, where Right leaves the swiper
    // (not circular): no change, the focus stays or moves by geometry.
    press(&mut rt, &[Key::Left]);
    advance(&mut rt, 400);
    assert_eq!(focused_id(&rt), "tile-0");
    press(&mut rt, &[Key::Right]);
    advance(&mut rt, 400);
    press(&mut rt, &[Key::Right]);
    advance(&mut rt, 400);
    assert_eq!(focused_id(&rt), "tile-2");
    let before = log(&rt);
    press(&mut rt, &[Key::Right]);
    advance(&mut rt, 400);
    assert_eq!(log(&rt), before, "no change past the last page");
    assert_eq!(attr(&rt, "#banner", "current").as_deref(), Some("2"));
    // Up and Down still move the focus out of a horizontal swiper.
    press(&mut rt, &[Key::Up]);
    assert_eq!(focused_id(&rt), "before");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_drag_changes_page_and_a_short_one_snaps_back() {
    let mut rt = app();
    let b = rect(&rt, "#banner");
    let (cx, cy) = (b.x + b.width / 2.0, b.y + b.height / 2.0);
    // The pages follow the finger while it is down.
    pointer(&mut rt, PointerPhase::Down, cx, cy);
    pointer(&mut rt, PointerPhase::Move, cx - 100.0, cy + 4.0);
    assert_eq!(rect(&rt, "#item-0").x, b.x - 100.0);
    pointer(&mut rt, PointerPhase::Move, cx - 300.0, cy + 4.0);
    pointer(&mut rt, PointerPhase::Up, cx - 300.0, cy + 4.0);
    assert_eq!(log(&rt), "change:1:touch;");
    advance(&mut rt, 400);
    assert_eq!(log(&rt), "change:1:touch;finish:1:touch;");
    assert_eq!(rect(&rt, "#item-1").x, b.x);
    // A drag of less than a sixth of the page goes back where it was.
    drag(&mut rt, cx, cy, 60.0, 0.0);
    advance(&mut rt, 400);
    assert_eq!(attr(&rt, "#banner", "current").as_deref(), Some("1"));
    assert_eq!(rect(&rt, "#item-1").x, b.x);
    assert!(!log(&rt).contains("change:0"), "{}", log(&rt));
    // Dragging right past the first page is held at the edge (not circular).
    drag(&mut rt, cx, cy, 400.0, 0.0);
    advance(&mut rt, 400);
    drag(&mut rt, cx, cy, 400.0, 0.0);
    advance(&mut rt, 400);
    assert_eq!(attr(&rt, "#banner", "current").as_deref(), Some("0"));
    assert_eq!(rect(&rt, "#item-0").x, b.x);
    assert!(
        log(&rt).ends_with("finish:1:touch;change:0:touch;finish:0:touch;"),
        "the drag held at the edge fired nothing: {}",
        log(&rt)
    );
    // A vertical drag over a horizontal swiper is not the swiper's.
    drag(&mut rt, cx, cy, 0.0, -200.0);
    assert_eq!(attr(&rt, "#banner", "current").as_deref(), Some("0"));
    assert_eq!(rect(&rt, "#item-0").x, b.x);
    // A tap on a page still taps it.
    rt.tap("#tile-0").unwrap_or_else(|e| panic!("{e}"));
    assert!(log(&rt).ends_with("tap:0;"), "{}", log(&rt));
}

#[test]
fn autoplay_steps_on_the_clock_and_wraps_when_circular() {
    let mut rt = app();
    rt.call_page_method("startAuto", json!({}))
        .unwrap_or_else(|e| panic!("{e}"));
    // No time passes on its own.
    advance(&mut rt, 0);
    assert_eq!(text_by_id(&rt, "auto-log"), "");
    advance(&mut rt, 999);
    assert_eq!(text_by_id(&rt, "auto-log"), "");
    advance(&mut rt, 1);
    assert_eq!(text_by_id(&rt, "auto-log"), "1:autoplay;");
    // One long step runs the steps due inside it, in order: 2, then around to 0.
    advance(&mut rt, 2000);
    assert_eq!(
        text_by_id(&rt, "auto-log"),
        "1:autoplay;2:autoplay;0:autoplay;"
    );
    assert!(rt.next_wakeup().is_some());
    // The circular step from the last page to the first slides forward: item 0 comes
    // in from the right.
    let s = rect(&rt, "#auto");
    advance(&mut rt, 1000 - 1);
    assert_eq!(attr(&rt, "#auto", "current").as_deref(), Some("0"));
    advance(&mut rt, 1);
    assert_eq!(
        text_by_id(&rt, "auto-log"),
        "1:autoplay;2:autoplay;0:autoplay;1:autoplay;"
    );
    let items: Vec<Rect> = {
        let doc = rt.document().unwrap_or_else(|| panic!("no page"));
        let sw = mica_layout::select(doc, "#auto").unwrap_or_else(|| panic!("no #auto"));
        mica_engine::components::swiper::items(doc, sw)
            .into_iter()
            .map(|i| doc.node(i).rect)
            .collect()
    };
    // 1 ms into a 200 ms animation from page 0 to page 1: both partly out.
    assert!(items[0].x <= s.x && items[1].x > s.x, "{items:?}");
    assert_eq!(rt.next_wakeup(), Some(Duration::ZERO), "animating");
    advance(&mut rt, 199);
    assert_eq!(rt.document().map(|_| rect(&rt, "#auto").x), Some(s.x));
}

#[test]
fn current_set_by_the_page_shows_at_once_and_reports_an_empty_source() {
    let mut rt = app();
    advance(&mut rt, 0);
    rt.call_page_method("show", json!({ "detail": { "value": 2 } }))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rect(&rt, "#item-2"), rect(&rt, "#banner"));
    advance(&mut rt, 0);
    assert_eq!(log(&rt), "change:2:;");
    // `current-item-id` picks the page by its item's id.
    rt.call_page_method("jumpVert", json!({}))
        .unwrap_or_else(|e| panic!("{e}"));
    advance(&mut rt, 0);
    assert!(log(&rt).ends_with("vert:2:c:;"), "{}", log(&rt));
}

#[test]
fn a_focused_vertical_swiper_takes_up_and_down() {
    let mut rt = app();
    // before → tile-0 → auto strip has no focusable node → the vertical swiper.
    press(&mut rt, &[Key::Down, Key::Down]);
    assert_eq!(focused_id(&rt), "vert");
    press(&mut rt, &[Key::Down]);
    assert_eq!(focused_id(&rt), "vert", "the swiper keeps the focus");
    assert_eq!(log(&rt), "vert:1:b:touch;");
    assert_eq!(attr(&rt, "#vert", "current-item-id").as_deref(), Some("b"));
    press(&mut rt, &[Key::Up]);
    advance(&mut rt, 1000);
    assert_eq!(log(&rt), "vert:1:b:touch;vert:0:a:touch;");
    // At the first page Up leaves the swiper.
    press(&mut rt, &[Key::Up]);
    assert_ne!(focused_id(&rt), "vert");
    // Left and Right are the focus's.
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_key_right_after_the_page_set_current_starts_from_that_page() {
    let mut rt = app();
    // The first frame's clock step (a device's main loop runs one per frame).
    advance(&mut rt, 0);
    rt.call_page_method("show", json!({ "detail": { "value": 2 } }))
        .unwrap_or_else(|e| panic!("{e}"));
    // No clock step in between: the key reports the page's change first.
    press(&mut rt, &[Key::Down]);
    assert_eq!(focused_id(&rt), "tile-2");
    press(&mut rt, &[Key::Left]);
    assert_eq!(log(&rt), "change:2:;change:1:touch;");
    advance(&mut rt, 400);
    assert_eq!(focused_id(&rt), "tile-1");
    assert_eq!(rect(&rt, "#item-1"), rect(&rt, "#banner"));
}
