//! Transitions and `@keyframes` animations on the runtime's clock
//! (engine/tests/apps/motion): computed values and pixels at fixed times, the
//! main loop's wake-ups while something moves and after, and that an animation frame
//! repaints only the animated node and lays out nothing.

use std::time::Duration;

use mica_engine::runtime::{Runtime, RuntimeConfig};

use crate::support::{advance, call, finish_animations, fixture, launch};

fn style(rt: &Runtime, selector: &str) -> mica_layout::ComputedStyle {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    let n = mica_layout::select(doc, selector).unwrap_or_else(|| panic!("no {selector}"));
    doc.node(n).style.clone()
}

fn rect(rt: &Runtime, selector: &str) -> mica_layout::Rect {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    let n = mica_layout::select(doc, selector).unwrap_or_else(|| panic!("no {selector}"));
    doc.node(n).rect
}

/// The straight-alpha RGB at the centre of `selector`'s box.
fn centre(rt: &Runtime, selector: &str) -> [u8; 3] {
    let r = rect(rt, selector);
    let (x, y) = ((r.x + r.width / 2.0) as u32, (r.y + r.height / 2.0) as u32);
    let c = rt
        .pixmap()
        .pixel(x, y)
        .unwrap_or_else(|| panic!("no pixel at {x},{y}"))
        .demultiply();
    [c.red(), c.green(), c.blue()]
}

fn near(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

fn assert_close(actual: [u8; 3], expected: [u8; 3]) {
    let ok = actual.iter().zip(expected).all(|(a, e)| a.abs_diff(e) <= 3);
    assert!(ok, "pixel {actual:?}, expected about {expected:?}");
}

#[test]
fn a_transition_runs_from_the_old_value_to_the_new_one_on_the_clock() {
    let mut rt = launch(fixture("motion"), 400, 300);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    assert_eq!(style(&rt, "#fade").opacity, 1.0);
    call(&mut rt, "turnOn");
    // Started, not jumped: the old value shows until time passes.
    assert_eq!(style(&rt, "#fade").opacity, 1.0);
    // The class that brings the `transition` also changes the value: the after-change
    // style's transition runs (CSS Transitions 1 §3).
    assert_eq!(style(&rt, "#late").opacity, 1.0);
    assert_eq!(rt.next_wakeup(), Some(Duration::ZERO));
    advance(&mut rt, 250);
    let s = style(&rt, "#fade");
    assert!(near(s.opacity, 0.75), "opacity {}", s.opacity);
    assert!(near(style(&rt, "#late").opacity, 0.875));
    // Blue to red, linear, a quarter of the way; at 0.75 opacity on white.
    assert_eq!(
        (s.background_color.r, s.background_color.b),
        (64, 191),
        "{:?}",
        s.background_color
    );
    let blend = |c: f32| (c * 0.75 + 255.0 * 0.25).round() as u8;
    assert_close(
        centre(&rt, "#fade"),
        [blend(64.0), blend(0.0), blend(191.0)],
    );
    assert_eq!(rt.next_wakeup(), Some(Duration::ZERO));

    // Reversed halfway through its run: back from where it is, not from the end, in
    // the half of the duration it took to get there (the reversing shortening factor).
    advance(&mut rt, 250);
    call(&mut rt, "turnOff");
    assert!(near(style(&rt, "#fade").opacity, 0.5));
    advance(&mut rt, 250);
    assert!(near(style(&rt, "#fade").opacity, 0.75));
    advance(&mut rt, 250);
    let s = style(&rt, "#fade");
    assert_eq!(s.opacity, 1.0);
    assert_eq!(s.background_color, mica_layout::Color::rgba(0, 0, 255, 255));
}

#[test]
fn keyframes_follow_delay_direction_and_percent_keyframes() {
    let mut rt = launch(fixture("motion"), 400, 300);
    let start = rt.now();
    let at = |rt: &mut Runtime, secs: f32| {
        let target = start + Duration::from_secs_f32(secs);
        let dt = target.saturating_sub(rt.now());
        rt.advance(dt).unwrap_or_else(|e| panic!("advance: {e}"));
        style(rt, "#pulse").opacity
    };
    // In its 0.5 s delay, `backwards` shows the first keyframe.
    assert!(near(at(&mut rt, 0.25), 1.0));
    // A quarter in: halfway from `from` (1) to 50% (0.2).
    assert!(near(at(&mut rt, 1.0), 0.6));
    // Three quarters in: halfway from 50% (0.2) to `to` (0.6).
    assert!(near(at(&mut rt, 2.0), 0.4));
    // The second iteration runs backwards (`alternate`): its middle is 50% again.
    assert!(near(at(&mut rt, 3.5), 0.2));
    // Infinite: the loop must keep coming back every frame.
    assert_eq!(rt.next_wakeup(), Some(Duration::ZERO));
}

#[test]
fn a_paused_animation_holds_its_frame_and_resumes_where_it_was() {
    let mut rt = launch(fixture("motion"), 400, 300);
    // The paused one shows its first frame (the underlying blue, `from` being implicit).
    advance(&mut rt, 400);
    assert_eq!(
        style(&rt, "#held").background_color,
        mica_layout::Color::rgba(0, 0, 255, 255)
    );
    call(&mut rt, "run");
    advance(&mut rt, 500);
    let c = style(&rt, "#held").background_color;
    assert_eq!((c.g, c.b), (128, 128), "{c:?}");
    advance(&mut rt, 600);
    // Finished without `forwards`: the underlying value again.
    assert_eq!(
        style(&rt, "#held").background_color,
        mica_layout::Color::rgba(0, 0, 255, 255)
    );
}

fn spin_page() -> Runtime {
    let config = RuntimeConfig {
        width: 400,
        height: 300,
        ..Default::default()
    };
    let mut rt = Runtime::open(fixture("motion"), config).unwrap_or_else(|e| panic!("{e}"));
    rt.launch(Some("pages/spin/index"))
        .unwrap_or_else(|e| panic!("{e}"));
    rt
}

#[test]
fn an_animation_frame_repaints_only_the_animated_node_and_lays_out_nothing() {
    let mut rt = spin_page();
    advance(&mut rt, 16);
    rt.reset_stats();
    advance(&mut rt, 100);
    let stats = rt.stats();
    assert_eq!(stats.nodes_laid_out, 0, "{stats:?}");
    // The spinning box turns inside the square on its diagonal (and the previous
    // frame's ink is in it too): far less than the page.
    let r = rect(&rt, "#spin");
    let diagonal = (r.width * r.width + r.height * r.height).sqrt() + 4.0;
    assert!(stats.pixels_repainted > 0, "{stats:?}");
    assert!(
        (stats.pixels_repainted as f32) <= diagonal * diagonal,
        "{stats:?}, box {r:?}"
    );
    let s = style(&rt, "#spin");
    let turned = match s.transform.as_deref() {
        Some([mica_layout::style::transform::TransformFn::Rotate(d)]) => *d,
        other => panic!("{other:?}"),
    };
    assert!((turned - 360.0 * 0.116).abs() < 0.5, "{turned}");
    // The boxes beside it stay as they were.
    assert_eq!(centre(&rt, "#still"), [0, 0, 255]);
    assert_eq!(centre(&rt, "#other"), [0, 0, 255]);
}

#[test]
fn a_finished_animation_stops_waking_the_main_loop() {
    let mut rt = spin_page();
    assert_eq!(rt.next_wakeup(), Some(Duration::ZERO));
    // Three iterations of 1 s.
    advance(&mut rt, 2900);
    assert_eq!(rt.next_wakeup(), Some(Duration::ZERO));
    finish_animations(&mut rt);
    assert_ne!(rt.next_wakeup(), Some(Duration::ZERO));
    assert!(rt.now() < Duration::from_millis(3100), "{:?}", rt.now());
    assert_eq!(style(&rt, "#spin").transform, None);
    rt.reset_stats();
    advance(&mut rt, 500);
    assert_eq!(rt.stats().pixels_repainted, 0);
}

#[test]
fn transition_and_animation_events_reach_their_handlers_and_bubble() {
    let mut rt = launch(fixture("motion-events"), 400, 300);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    let log = |rt: &Runtime| crate::support::text_by_id(rt, "log");
    // `#inner`'s animation started at once; nobody listens to its start.
    assert_eq!(log(&rt), "");
    // `#blink` waits 0.1 s, then starts; `#inner`'s 0.2 s run ends and bubbles.
    advance(&mut rt, 100);
    assert_eq!(log(&rt), "animationstart:blink@0;");
    advance(&mut rt, 100);
    assert_eq!(
        log(&rt),
        "animationstart:blink@0;bubbled:animationend from inner;"
    );
    // Two 0.4 s iterations: one iteration event between them, then the end.
    advance(&mut rt, 300);
    assert!(
        log(&rt).ends_with(";animationiteration:blink@0.4;"),
        "{}",
        log(&rt)
    );
    advance(&mut rt, 400);
    assert!(
        log(&rt).ends_with(";animationend:blink@0.8;"),
        "{}",
        log(&rt)
    );
    // A transition's end, with the property it moved.
    call(&mut rt, "turnOn");
    advance(&mut rt, 250);
    assert!(!log(&rt).contains("T:"), "{}", log(&rt));
    advance(&mut rt, 250);
    assert!(log(&rt).ends_with(";T:opacity@0.5;"), "{}", log(&rt));
    // Nothing more moves: no more events, and no wake-up.
    let before = log(&rt);
    advance(&mut rt, 1000);
    assert_eq!(log(&rt), before);
    assert_eq!(rt.next_wakeup(), None);
}
