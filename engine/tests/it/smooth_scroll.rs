//! Smooth scrolling on the runtime's clock (engine/tests/apps/smooth_scroll):
//! `wx.pageScrollTo({duration})`, a `scroll-with-animation` scroll-view's `scroll-top`
//! and `scroll-into-view`, and the glide that keeps the remote's focus visible — with the
//! offsets between and at the end, and the scroll events JS receives as the offset moves.

use std::time::Duration;

use mica_engine::platform::Key;
use mica_engine::runtime::Runtime;

use crate::support::{advance, call, finish_animations, fixture, launch, text_by_id};

fn app() -> Runtime {
    let rt = launch(fixture("smooth_scroll"), 400, 300);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    rt
}

fn press(rt: &mut Runtime, key: Key) {
    rt.press(key).unwrap_or_else(|e| panic!("{key:?}: {e}"));
}

fn list_scroll(rt: &Runtime) -> (f32, f32) {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    let n = mica_layout::select(doc, "#list").unwrap_or_else(|| panic!("no #list"));
    doc.node(n).scroll
}

/// The numbers of a log the page keeps as an array (shown as `a,b,c`; nested arrays
/// flatten, as JS's `toString` does).
fn log(rt: &Runtime, id: &str) -> Vec<f32> {
    let text = text_by_id(rt, id);
    serde_json::from_str::<Vec<f32>>(&format!("[{text}]"))
        .unwrap_or_else(|e| panic!("#{id} = {text:?}: {e}"))
}

fn focused_id(rt: &Runtime) -> String {
    rt.dump()["focused"]["id"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn page_scroll_to_animates_over_its_duration_and_on_page_scroll_follows() {
    let mut rt = app();
    call(&mut rt, "toSix");
    // Nothing moves until time passes.
    assert_eq!(rt.page_scroll_top(), 0.0);
    assert!(rt.next_wakeup() == Some(Duration::ZERO), "animating");
    advance(&mut rt, 100);
    let mid = rt.page_scroll_top();
    assert!(mid > 0.0 && mid < 600.0, "halfway: {mid}");
    // onPageScroll saw the intermediate offset.
    assert_eq!(log(&rt, "page-log"), vec![mid]);
    advance(&mut rt, 100);
    assert_eq!(rt.page_scroll_top(), 600.0);
    assert_eq!(log(&rt, "page-log"), vec![mid, 600.0]);
    // Ended: nothing animates any more, and more time changes nothing.
    assert_eq!(rt.next_wakeup(), None);
    advance(&mut rt, 500);
    assert_eq!(log(&rt, "page-log").len(), 2);
    // duration: 0 jumps at once.
    call(&mut rt, "toTop");
    assert_eq!(rt.page_scroll_top(), 0.0);
    assert_eq!(log(&rt, "page-log").last(), Some(&0.0));
}

#[test]
fn scroll_with_animation_glides_to_a_new_scroll_top_with_bindscroll_on_the_way() {
    let mut rt = app();
    call(&mut rt, "listTo200");
    assert_eq!(list_scroll(&rt), (0.0, 0.0));
    advance(&mut rt, 150);
    let (_, mid) = list_scroll(&rt);
    assert!(mid > 0.0 && mid < 200.0, "halfway: {mid}");
    advance(&mut rt, 150);
    assert_eq!(list_scroll(&rt), (0.0, 200.0));
    // bindscroll's detail as JS got it: [scrollTop, deltaY] of each step.
    assert_eq!(log(&rt, "list-log"), vec![mid, mid, 200.0, 200.0 - mid]);
}

#[test]
fn scroll_into_view_with_animation_glides_and_is_clamped_to_the_content() {
    let mut rt = app();
    call(&mut rt, "listIntoSeven");
    assert_eq!(list_scroll(&rt), (0.0, 0.0));
    advance(&mut rt, 100);
    let (_, mid) = list_scroll(&rt);
    assert!(mid > 0.0 && mid < 350.0, "on the way: {mid}");
    finish_animations(&mut rt);
    // item-7 at 350 comes to the top; the 500 px list in 100 px allows 400.
    assert_eq!(list_scroll(&rt), (0.0, 350.0));
}

#[test]
fn the_focus_scroll_is_a_short_glide_ending_where_an_instant_scroll_would() {
    let mut rt = app();
    assert_eq!(focused_id(&rt), "row-0");
    press(&mut rt, Key::Down);
    assert_eq!(focused_id(&rt), "row-1");
    // row-1 (200..300) must show with the 24 px margin: the page heads for 24.
    assert_eq!(rt.page_scroll_top(), 0.0);
    advance(&mut rt, 90);
    let mid = rt.page_scroll_top();
    assert!(mid > 0.0 && mid < 24.0, "{mid}");
    // An ease-out: more than half the way in half the time.
    assert!(mid > 12.0, "{mid}");
    advance(&mut rt, 90);
    assert_eq!(rt.page_scroll_top(), 24.0);
    assert_eq!(log(&rt, "page-log"), vec![mid, 24.0]);
}

#[test]
fn keys_pressed_during_a_glide_retarget_from_the_offset_on_screen() {
    // The same keys, each glide left to end...
    let mut slow = app();
    for _ in 0..4 {
        press(&mut slow, Key::Down);
        finish_animations(&mut slow);
    }
    let end = slow.page_scroll_top();
    assert_eq!(focused_id(&slow), "row-4");
    assert!(end > 200.0, "{end}");
    // ...and pressed 50 ms apart: the offset never goes back and ends at the same place.
    let mut fast = app();
    let mut last = 0.0;
    for _ in 0..4 {
        press(&mut fast, Key::Down);
        let now = fast.page_scroll_top();
        assert!(
            now >= last,
            "a key made the page jump back: {last} -> {now}"
        );
        advance(&mut fast, 50);
        let now = fast.page_scroll_top();
        assert!(now >= last, "went back: {last} -> {now}");
        last = now;
    }
    assert!(last < end, "still gliding: {last}");
    finish_animations(&mut fast);
    assert_eq!(focused_id(&fast), "row-4");
    assert_eq!(fast.page_scroll_top(), end);
    // onPageScroll only ever saw offsets moving down.
    let seen = log(&fast, "page-log");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last().copied(), Some(end));
}

#[test]
fn the_wheel_stops_a_running_glide() {
    let mut rt = app();
    call(&mut rt, "toSix");
    advance(&mut rt, 100);
    let mid = rt.page_scroll_top();
    rt.scroll_at(200.0, 250.0, 0.0, 10.0)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rt.page_scroll_top(), mid + 10.0);
    assert_eq!(rt.next_wakeup(), None);
    advance(&mut rt, 500);
    assert_eq!(rt.page_scroll_top(), mid + 10.0);
}
