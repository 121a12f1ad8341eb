//! Pull-down refresh (engine/tests/apps/pull_refresh): a drag down at the top of a page
//! whose `.json` sets `enablePullDownRefresh` calls `onPullDownRefresh()` and shows the
//! indicator until `wx.stopPullDownRefresh()`; `wx.startPullDownRefresh()` starts it from
//! code; pages without the flag, short pulls and pages scrolled down do not refresh,
//! and the remote has no gesture for it.

use mica_engine::platform::{InputEvent, Key, PointerPhase};
use mica_engine::runtime::{Runtime, RuntimeConfig};

use crate::support::{call, fixture, launch, text_by_id};

fn app() -> Runtime {
    let rt = launch(fixture("pull_refresh"), 400, 300);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    rt
}

fn pointer(rt: &mut Runtime, phase: PointerPhase, x: f32, y: f32) {
    rt.handle_input(InputEvent::Pointer { phase, x, y })
        .unwrap_or_else(|e| panic!("{phase:?}: {e}"));
}

/// A drag from `(x, y)` down by `dy` in four moves, then release.
fn pull(rt: &mut Runtime, x: f32, y: f32, dy: f32) {
    pointer(rt, PointerPhase::Down, x, y);
    for i in 1..=4 {
        pointer(rt, PointerPhase::Move, x, y + dy * i as f32 / 4.0);
    }
    pointer(rt, PointerPhase::Up, x, y + dy);
}

fn indicator(rt: &Runtime) -> Option<mica_layout::Rect> {
    let doc = rt.document()?;
    let n = mica_layout::select(doc, ".mica-refresh")?;
    Some(doc.node(n).rect)
}

#[test]
fn a_pull_at_the_top_refreshes_until_stop_pull_down_refresh() {
    let mut rt = app();
    pull(&mut rt, 200.0, 60.0, 120.0);
    assert_eq!(text_by_id(&rt, "log"), "refresh");
    assert!(rt.refreshing());
    // The indicator sits across the top of the window.
    let r = indicator(&rt).unwrap_or_else(|| panic!("no indicator"));
    assert_eq!((r.x, r.y, r.width), (0.0, 0.0, 400.0));
    assert!(r.height > 0.0);
    // The pull did not tap a row nor scroll.
    assert_eq!(rt.page_scroll_top(), 0.0);
    // A second pull while refreshing does not call the hook again.
    pull(&mut rt, 200.0, 60.0, 120.0);
    assert_eq!(text_by_id(&rt, "log"), "refresh");
    call(&mut rt, "stop");
    assert!(!rt.refreshing());
    assert_eq!(indicator(&rt), None);
    assert_eq!(text_by_id(&rt, "log"), "refresh,stopped");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_short_pull_or_a_pull_on_a_scrolled_page_does_not_refresh() {
    let mut rt = app();
    pull(&mut rt, 200.0, 60.0, 40.0);
    assert!(!rt.refreshing());
    assert_eq!(text_by_id(&rt, "log"), "");
    // Scrolled down, a downward drag scrolls back up instead.
    rt.scroll_at(200.0, 150.0, 0.0, 200.0)
        .unwrap_or_else(|e| panic!("{e}"));
    pull(&mut rt, 200.0, 60.0, 120.0);
    assert!(!rt.refreshing());
    assert_eq!(rt.page_scroll_top(), 80.0);
    assert_eq!(indicator(&rt), None);
}

#[test]
fn start_pull_down_refresh_from_code_calls_the_hook_and_shows_the_indicator() {
    let mut rt = app();
    call(&mut rt, "start");
    assert!(rt.refreshing());
    assert_eq!(text_by_id(&rt, "log"), "refresh");
    assert!(indicator(&rt).is_some());
    call(&mut rt, "stop");
    assert!(!rt.refreshing());
}

#[test]
fn a_page_without_enable_pull_down_refresh_ignores_the_pull() {
    let config = RuntimeConfig {
        width: 400,
        height: 300,
        ..Default::default()
    };
    let mut rt = Runtime::open(fixture("pull_refresh"), config).unwrap_or_else(|e| panic!("{e}"));
    rt.launch(Some("pages/plain/plain"))
        .unwrap_or_else(|e| panic!("{e}"));
    pull(&mut rt, 200.0, 60.0, 120.0);
    assert!(!rt.refreshing());
    assert_eq!(text_by_id(&rt, "log"), "");
}

#[test]
fn up_on_the_topmost_node_at_scroll_zero_does_nothing() {
    let mut rt = app();
    assert_eq!(rt.dump()["focused"]["id"], "row-0");
    rt.press(Key::Up).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rt.dump()["focused"]["id"], "row-0");
    assert!(!rt.refreshing());
    assert_eq!(text_by_id(&rt, "log"), "");
}
