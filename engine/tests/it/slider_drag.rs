//! `slider` under a pointer (engine/tests/apps/slider_drag): a drag moves the value
//! along the rail with `step` / `min` / `max`, `changing` on each new value while
//! dragging and `change` on release; a tap jumps; Left/Right still step when focused.
//! Events are checked as the page's JS receives them (`e.type`, `e.detail`).

use mica_engine::platform::{InputEvent, Key, PointerPhase};
use mica_engine::runtime::Runtime;
use mica_layout::Rect;

use crate::support::{fixture, launch, text_by_id};

fn app() -> Runtime {
    let rt = launch(fixture("slider_drag"), 600, 300);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    rt
}

fn pointer(rt: &mut Runtime, phase: PointerPhase, x: f32, y: f32) {
    rt.handle_input(InputEvent::Pointer { phase, x, y })
        .unwrap_or_else(|e| panic!("{phase:?}: {e}"));
}

fn rail(rt: &Runtime, slider: &str) -> Rect {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    let n = mica_layout::select(doc, &format!("{slider} .mica-slider-rail"))
        .unwrap_or_else(|| panic!("no rail in {slider}"));
    doc.node(n).rect
}

fn value(rt: &Runtime, slider: &str) -> Option<String> {
    let doc = rt.document()?;
    let n = mica_layout::select(doc, slider)?;
    doc.node(n).attr("value").map(str::to_string)
}

/// The page's log: `type:detail` entries.
fn log(rt: &Runtime) -> Vec<String> {
    let text = text_by_id(rt, "log");
    // Each entry is `type:{"value":N}`; entries are joined with commas by JS.
    text.split("},")
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.ends_with('}') {
                s.to_string()
            } else {
                format!("{s}}}")
            }
        })
        .collect()
}

/// The x of value `v` on a 0..=200 rail.
fn x_of(r: Rect, v: f32) -> f32 {
    r.x + r.width * v / 200.0
}

#[test]
fn dragging_the_thumb_fires_changing_on_each_step_then_change_on_release() {
    let mut rt = app();
    let r = rail(&rt, "#vol");
    let y = r.y + r.height / 2.0;
    // Press on the thumb (value 50), drag right to 120, then on past the end.
    pointer(&mut rt, PointerPhase::Down, x_of(r, 50.0), y);
    assert!(log(&rt).is_empty(), "a press alone changes nothing");
    pointer(&mut rt, PointerPhase::Move, x_of(r, 83.0), y);
    assert_eq!(
        value(&rt, "#vol").as_deref(),
        Some("80"),
        "snapped to the step"
    );
    pointer(&mut rt, PointerPhase::Move, x_of(r, 121.0), y);
    assert_eq!(value(&rt, "#vol").as_deref(), Some("120"));
    // A move within the same step sends nothing new.
    pointer(&mut rt, PointerPhase::Move, x_of(r, 119.0), y);
    assert_eq!(
        log(&rt),
        [r#"changing:{"value":80}"#, r#"changing:{"value":120}"#]
    );
    pointer(&mut rt, PointerPhase::Move, r.x + r.width + 50.0, y + 30.0);
    assert_eq!(value(&rt, "#vol").as_deref(), Some("200"), "held to max");
    pointer(&mut rt, PointerPhase::Up, r.x + r.width + 50.0, y + 30.0);
    assert_eq!(
        log(&rt),
        [
            r#"changing:{"value":80}"#,
            r#"changing:{"value":120}"#,
            r#"changing:{"value":200}"#,
            r#"change:{"value":200}"#,
        ]
    );
    // Back below the start: held to min.
    pointer(&mut rt, PointerPhase::Down, x_of(r, 200.0), y);
    pointer(&mut rt, PointerPhase::Move, r.x - 100.0, y);
    pointer(&mut rt, PointerPhase::Up, r.x - 100.0, y);
    assert_eq!(value(&rt, "#vol").as_deref(), Some("0"));
    assert_eq!(
        log(&rt)[4..],
        [r#"changing:{"value":0}"#, r#"change:{"value":0}"#]
    );
    // The drag did not scroll the page or start anything else.
    assert_eq!(rt.page_scroll_top(), 0.0);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_tap_on_the_track_jumps_there_with_change_only() {
    let mut rt = app();
    let r = rail(&rt, "#vol");
    let (x, y) = (x_of(r, 151.0), r.y + r.height / 2.0);
    pointer(&mut rt, PointerPhase::Down, x, y);
    pointer(&mut rt, PointerPhase::Up, x, y);
    assert_eq!(value(&rt, "#vol").as_deref(), Some("150"));
    assert_eq!(log(&rt), [r#"change:{"value":150}"#]);
}

#[test]
fn a_disabled_slider_does_not_drag() {
    let mut rt = app();
    let r = rail(&rt, "#off");
    let y = r.y + r.height / 2.0;
    pointer(&mut rt, PointerPhase::Down, r.x + 10.0, y);
    pointer(&mut rt, PointerPhase::Move, r.x + r.width - 10.0, y);
    pointer(&mut rt, PointerPhase::Up, r.x + r.width - 10.0, y);
    assert_eq!(value(&rt, "#off").as_deref(), Some("30"));
    assert!(log(&rt).is_empty(), "{:?}", log(&rt));
}

#[test]
fn left_and_right_on_the_focused_slider_still_step() {
    let mut rt = app();
    assert_eq!(rt.dump()["focused"]["id"], "vol");
    rt.press(Key::Right).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value(&rt, "#vol").as_deref(), Some("60"));
    rt.press(Key::Left).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value(&rt, "#vol").as_deref(), Some("50"));
    assert_eq!(
        log(&rt),
        [
            r#"changing:{"value":60}"#,
            r#"change:{"value":60}"#,
            r#"changing:{"value":50}"#,
            r#"change:{"value":50}"#,
        ]
    );
}
