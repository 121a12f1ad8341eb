//! Pointer input through `Runtime::handle_input`: taps, drags and wheel scrolling, and
//! the page scroll hooks they trigger.

use mica_engine::platform::{InputEvent, PointerPhase};
use mica_engine::runtime::Runtime;

use crate::support::{fixture, launch, text_by_id};

fn page() -> Runtime {
    // 4 x 30 + 60 + 20 rows of 100 px = 2,180 px of page in a 300 px window.
    launch(fixture("scroll_page"), 400, 300)
}

fn send(rt: &mut Runtime, events: &[InputEvent]) {
    for e in events {
        let go_on = rt
            .handle_input(*e)
            .unwrap_or_else(|err| panic!("{e:?}: {err}"));
        assert!(go_on);
    }
}

fn wheel(x: f32, y: f32, dx: f32, dy: f32) -> InputEvent {
    InputEvent::Wheel { x, y, dx, dy }
}

fn ptr(phase: PointerPhase, x: f32, y: f32) -> InputEvent {
    InputEvent::Pointer { phase, x, y }
}

fn strip_scroll(rt: &Runtime) -> (f32, f32) {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    let strip = mica_layout::select(doc, "#strip").unwrap_or_else(|| panic!("no strip"));
    doc.node(strip).scroll
}

#[test]
fn the_wheel_scrolls_the_page_and_calls_on_page_scroll() {
    let mut rt = page();
    send(&mut rt, &[wheel(200.0, 200.0, 0.0, 200.0)]);
    assert_eq!(rt.page_scroll_top(), 200.0);
    assert!(
        text_by_id(&rt, "status").starts_with("top=200 "),
        "{}",
        text_by_id(&rt, "status")
    );
    // Scrolling up past the top stops at 0.
    send(&mut rt, &[wheel(200.0, 200.0, 0.0, -1000.0)]);
    assert_eq!(rt.page_scroll_top(), 0.0);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn on_reach_bottom_fires_once_per_arrival() {
    let mut rt = page();
    send(&mut rt, &[wheel(200.0, 200.0, 0.0, 5000.0)]);
    let max = rt.page_scroll_top();
    assert!(max > 1500.0, "scrolled to the bottom: {max}");
    assert!(
        text_by_id(&rt, "status").contains("bottom=1"),
        "{}",
        text_by_id(&rt, "status")
    );
    send(&mut rt, &[wheel(200.0, 200.0, 0.0, 30.0)]);
    assert!(
        text_by_id(&rt, "status").contains("bottom=1"),
        "still at the bottom"
    );
    send(
        &mut rt,
        &[
            wheel(200.0, 200.0, 0.0, -300.0),
            wheel(200.0, 200.0, 0.0, 300.0),
        ],
    );
    assert!(
        text_by_id(&rt, "status").contains("bottom=2"),
        "{}",
        text_by_id(&rt, "status")
    );
}

#[test]
fn a_press_without_movement_is_a_tap_and_a_drag_is_not() {
    let mut rt = page();
    send(
        &mut rt,
        &[
            ptr(PointerPhase::Down, 200.0, 250.0),
            ptr(PointerPhase::Up, 200.0, 250.0),
        ],
    );
    assert!(
        text_by_id(&rt, "status").ends_with("taps=1"),
        "{}",
        text_by_id(&rt, "status")
    );
    // Drag the content up by 120 px: the page scrolls down 120, no tap.
    send(
        &mut rt,
        &[
            ptr(PointerPhase::Down, 200.0, 250.0),
            ptr(PointerPhase::Move, 200.0, 190.0),
            ptr(PointerPhase::Move, 200.0, 130.0),
            ptr(PointerPhase::Up, 200.0, 130.0),
        ],
    );
    assert_eq!(rt.page_scroll_top(), 120.0);
    assert!(
        text_by_id(&rt, "status").ends_with("taps=1"),
        "{}",
        text_by_id(&rt, "status")
    );
}

#[test]
fn the_wheel_over_a_scroll_view_scrolls_it_not_the_page() {
    let mut rt = page();
    // The strip is 400 px wide with 800 px of cells: 400 px of horizontal range.
    send(&mut rt, &[wheel(100.0, 150.0, 150.0, 0.0)]);
    assert_eq!(strip_scroll(&rt), (150.0, 0.0));
    assert_eq!(rt.page_scroll_top(), 0.0);
    send(&mut rt, &[wheel(100.0, 150.0, 1000.0, 0.0)]);
    assert_eq!(strip_scroll(&rt), (400.0, 0.0));
    // Vertical wheel over the strip: it cannot move that way, so the page does.
    send(&mut rt, &[wheel(100.0, 150.0, 0.0, 50.0)]);
    assert_eq!(rt.page_scroll_top(), 50.0);
    assert_eq!(
        rt.handle_input(InputEvent::Quit).ok(),
        Some(false),
        "Quit ends the loop"
    );
}

#[test]
fn wx_page_scroll_to_by_offset_and_by_selector() {
    let mut rt = page();
    rt.tap("#to300").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rt.page_scroll_top(), 300.0);
    assert_eq!(text_by_id(&rt, "done"), "ok");
    assert!(
        text_by_id(&rt, "status").starts_with("top=300 "),
        "{}",
        text_by_id(&rt, "status")
    );
    // Row 10 sits at 180 (controls and strip) + 10 x 100 in the page.
    rt.scroll_at(200.0, 200.0, 0.0, -1000.0)
        .unwrap_or_else(|e| panic!("{e}"));
    rt.tap("#toRow").unwrap_or_else(|e| panic!("{e}"));
    // No `duration`: WeChat's 300 ms, on the runtime's clock.
    assert_eq!(rt.page_scroll_top(), 0.0);
    rt.advance(std::time::Duration::from_millis(300))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rt.page_scroll_top(), 1180.0);
    assert_eq!(text_by_id(&rt, "done"), "row");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn scroll_view_properties_and_scroll_events() {
    let mut rt = page();
    let call = |rt: &mut Runtime, m: &str| {
        rt.call_page_method(m, serde_json::json!({}))
            .unwrap_or_else(|e| panic!("{m}: {e}"));
    };
    // scroll-left from data.
    call(&mut rt, "setLeft");
    assert_eq!(strip_scroll(&rt), (100.0, 0.0));
    // scroll-into-view brings cell-6 to the start, clamped to the 400 px range.
    call(&mut rt, "intoSix");
    assert_eq!(strip_scroll(&rt), (400.0, 0.0));
    // A user scroll sends bindscroll with the new offset; reaching the end (within
    // 50 px) sends bindscrolltolower once.
    send(&mut rt, &[wheel(100.0, 150.0, -200.0, 0.0)]);
    assert_eq!(text_by_id(&rt, "strip-status"), "200/0");
    send(&mut rt, &[wheel(100.0, 150.0, 170.0, 0.0)]);
    assert_eq!(text_by_id(&rt, "strip-status"), "370/1");
    send(&mut rt, &[wheel(100.0, 150.0, 30.0, 0.0)]);
    assert_eq!(text_by_id(&rt, "strip-status"), "400/1");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}
