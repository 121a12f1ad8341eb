//! The interactive built-in components through the real runtime: pointer taps, Enter
//! and arrow keys on switch, checkbox/checkbox-group, radio/radio-group, label, slider,
//! progress, icon and button, with the page mirroring each `e.detail` into its data
//! (engine/tests/apps/components).

use std::sync::{Arc, Mutex};

use mica_engine::package::Package;
use mica_engine::platform::{Frame, Key, Platform, PlatformError};
use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_layout::{NodeId, Rect};

use crate::golden::check_golden;
use crate::support::{fixture, launch, text_by_id};
use crate::support::{press, tap};

const SIZE: (u32, u32) = (960, 600);

fn app() -> Runtime {
    let rt = launch(fixture("components"), SIZE.0, SIZE.1);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    assert!(rt.warnings().is_empty(), "{:?}", rt.warnings());
    rt
}

fn node(rt: &Runtime, selector: &str) -> Option<NodeId> {
    let doc = rt.document()?;
    mica_layout::select(doc, selector)
}

fn exists(rt: &Runtime, selector: &str) -> bool {
    node(rt, selector).is_some()
}

fn rect(rt: &Runtime, selector: &str) -> Rect {
    let n = node(rt, selector).unwrap_or_else(|| panic!("no {selector}"));
    rt.document().map(|d| d.node(n).rect).unwrap_or_default()
}

fn focused_id(rt: &Runtime) -> String {
    rt.dump()["focused"]["id"]
        .as_str()
        .unwrap_or("<none>")
        .to_string()
}

/// Moves the focus with `keys` and checks where it landed.
fn focus(rt: &mut Runtime, keys: &[Key], expected: &str) {
    press(rt, keys);
    assert_eq!(focused_id(rt), expected, "after {keys:?}");
}

#[test]
fn the_components_page_matches_its_reference() {
    let rt = app();
    // Parts exist and are drawn from the attributes.
    assert!(exists(&rt, "#sw2 .mica-checkbox.mica-checked"));
    assert!(exists(&rt, "#cb-b .mica-checked"));
    assert!(exists(&rt, "#r-x .mica-radio.mica-checked"));
    assert!(exists(&rt, "#btn-loading .mica-button-spinner"));
    assert_eq!(text_by_id(&rt, "pg"), "30%");
    assert_eq!(rect(&rt, "#pg .mica-progress-inner").width.round(), {
        let bar = rect(&rt, "#pg .mica-progress-bar").width;
        (bar * 0.3).round()
    });
    check_golden(&rt, "components-page");
}

#[test]
fn a_switch_toggles_on_tap_and_on_enter() {
    let mut rt = app();
    assert_eq!(focused_id(&rt), "sw");
    // Tapping the knob (a part) is a tap on the switch: change, then tap.
    let knob = rect(&rt, "#sw .mica-switch-knob");
    rt.tap_at(knob.x + 5.0, knob.y + 5.0)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "out-sw"), "true");
    assert_eq!(text_by_id(&rt, "log"), "switch:true:sw;tap:sw;");
    assert!(exists(&rt, "#sw .mica-switch.mica-checked"));
    // Enter on the focused switch toggles it back, in place: no node is created.
    rt.reset_stats();
    press(&mut rt, &[Key::Enter]);
    assert_eq!(text_by_id(&rt, "out-sw"), "false");
    assert!(!exists(&rt, "#sw .mica-checked"));
    assert_eq!(rt.stats().nodes_created, 0, "{:?}", rt.stats());
    // A disabled switch neither toggles nor takes the focus.
    tap(&mut rt, "#sw-off");
    assert!(!exists(&rt, "#sw-off .mica-checked"));
    focus(&mut rt, &[Key::Right], "sw2");
    press(&mut rt, &[Key::Right]);
    assert_ne!(focused_id(&rt), "sw-off");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_checkbox_group_reports_its_checked_values() {
    let mut rt = app();
    tap(&mut rt, "#cb-a");
    assert_eq!(text_by_id(&rt, "out-cg"), "a,b");
    assert_eq!(text_by_id(&rt, "log"), "checks:cg;");
    // The label's text operates the label's checkbox.
    tap(&mut rt, "#lbl-text");
    assert_eq!(text_by_id(&rt, "out-cg"), "a,b,remember");
    assert!(exists(&rt, "#cb-r .mica-checked"));
    // A disabled checkbox does nothing.
    tap(&mut rt, "#cb-c");
    assert_eq!(text_by_id(&rt, "out-cg"), "a,b,remember");
    // By remote: from the switch row down into the group, Enter unchecks B.
    focus(&mut rt, &[Key::Down], "cb-a");
    focus(&mut rt, &[Key::Right], "cb-b");
    press(&mut rt, &[Key::Enter]);
    assert_eq!(text_by_id(&rt, "out-cg"), "a,remember");
    assert!(!exists(&rt, "#cb-b .mica-checked"));
}

#[test]
fn a_radio_group_keeps_one_choice() {
    let mut rt = app();
    tap(&mut rt, "#r-y");
    assert_eq!(text_by_id(&rt, "out-rg"), "y");
    assert!(exists(&rt, "#r-y .mica-checked"));
    assert!(!exists(&rt, "#r-x .mica-checked"));
    // Tapping the chosen radio again fires nothing.
    tap(&mut rt, "#r-y");
    assert_eq!(text_by_id(&rt, "log"), "");
    focus(&mut rt, &[Key::Down, Key::Down], "r-x");
    press(&mut rt, &[Key::Right, Key::Right, Key::Enter]);
    assert_eq!(focused_id(&rt), "r-z");
    assert_eq!(text_by_id(&rt, "out-rg"), "z");
    assert!(!exists(&rt, "#r-y .mica-checked"));
}

#[test]
fn a_focused_slider_takes_left_and_right() {
    let mut rt = app();
    focus(&mut rt, &[Key::Down, Key::Down, Key::Down], "sl");
    press(&mut rt, &[Key::Right]);
    assert_eq!(focused_id(&rt), "sl", "the slider consumed Right");
    assert_eq!(text_by_id(&rt, "out-sl"), "40/40,");
    assert_eq!(text_by_id(&rt, "log"), "slider:sl=40;");
    // The page mirrors the value into the progress bar.
    assert_eq!(text_by_id(&rt, "pg"), "40%");
    assert_eq!(text_by_id(&rt, "sl"), "40");
    press(&mut rt, &[Key::Left, Key::Left, Key::Left, Key::Left]);
    assert_eq!(text_by_id(&rt, "out-sl"), "0/40,30,20,10,0,");
    // At the minimum, Left is not consumed (as Android's SeekBar): the focus moves on,
    // here to the radio whose box starts left of the slider.
    focus(&mut rt, &[Key::Left], "r-x");
    assert_eq!(text_by_id(&rt, "out-sl"), "0/40,30,20,10,0,");
    // Up and Down are never the slider's.
    focus(&mut rt, &[Key::Down], "sl");
    press(&mut rt, &[Key::Up]);
    assert!(focused_id(&rt).starts_with("r-"), "{}", focused_id(&rt));
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn catchkeydown_keeps_the_key_from_the_slider() {
    let mut rt = app();
    focus(&mut rt, &[Key::Down; 5], "sl-caught");
    press(&mut rt, &[Key::Right]);
    assert_eq!(text_by_id(&rt, "log"), "caught:right;");
    assert!(rect(&rt, "#sl-caught .mica-slider-fill").width > 0.0);
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    let sl = node(&rt, "#sl-caught").unwrap_or_else(|| panic!("no slider"));
    assert_eq!(doc.node(sl).attr("value"), Some("50"));
}

#[test]
fn a_tap_on_the_slider_moves_it_there() {
    let mut rt = app();
    let rail = rect(&rt, "#sl .mica-slider-rail");
    rt.tap_at(rail.x + rail.width * 0.71, rail.y + 1.0)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "log"), "slider:sl=70;");
    assert_eq!(text_by_id(&rt, "pg"), "70%");
    let thumb = rect(&rt, "#sl .mica-slider-thumb");
    let centre = thumb.x + thumb.width / 2.0;
    assert!(
        (centre - (rail.x + rail.width * 0.7)).abs() <= 1.0,
        "thumb at {centre}, rail {rail:?}"
    );
}

#[test]
fn buttons_tap_unless_disabled() {
    let mut rt = app();
    tap(&mut rt, "#btn-primary");
    tap(&mut rt, "#btn-disabled");
    tap(&mut rt, "#btn-loading");
    assert_eq!(text_by_id(&rt, "log"), "btn:btn-primary;");
    // The disabled button is skipped by the focus.
    focus(&mut rt, &[Key::Down; 4], "btn-loading");
    focus(&mut rt, &[Key::Left], "btn-hover");
    focus(&mut rt, &[Key::Left], "btn-primary");
    focus(&mut rt, &[Key::Right, Key::Right], "btn-loading");
    focus(&mut rt, &[Key::Left, Key::Left], "btn-primary");
    press(&mut rt, &[Key::Enter]);
    assert_eq!(text_by_id(&rt, "log"), "btn:btn-primary;btn:btn-primary;");
}

/// A platform that keeps every frame it is given.
struct Recorder {
    frames: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl Platform for Recorder {
    fn name(&self) -> &'static str {
        "recorder"
    }
    fn size(&self) -> (u32, u32) {
        SIZE
    }
    fn present(&mut self, frame: Frame<'_>, _damage: &[Rect]) -> Result<(), PlatformError> {
        if let Ok(mut f) = self.frames.lock() {
            f.push(frame.pixels.to_vec());
        }
        Ok(())
    }
}

fn pixel(frame: &[u8], x: f32, y: f32) -> Option<(u8, u8, u8)> {
    let i = ((y as usize) * SIZE.0 as usize + x as usize) * 4;
    Some((*frame.get(i)?, *frame.get(i + 1)?, *frame.get(i + 2)?))
}

#[test]
fn hover_class_shows_for_one_frame_on_tap_and_on_enter() {
    let frames = Arc::new(Mutex::new(Vec::new()));
    let platform = Box::new(Recorder {
        frames: frames.clone(),
    });
    let package = Package::open(fixture("components")).unwrap_or_else(|e| panic!("{e}"));
    let mut rt = Runtime::with_platform(package, RuntimeConfig::default(), platform)
        .unwrap_or_else(|e| panic!("{e}"));
    rt.launch(None).unwrap_or_else(|e| panic!("{e}"));
    let b = rect(&rt, "#btn-hover");
    let (x, y) = (b.x + 6.0, b.y + b.height / 2.0);
    let magenta = Some((255, 0, 255));
    let seen = |frames: &Arc<Mutex<Vec<Vec<u8>>>>| -> Vec<bool> {
        let f = frames.lock().unwrap_or_else(|e| panic!("{e}"));
        f.iter().map(|p| pixel(p, x, y) == magenta).collect()
    };
    let before = seen(&frames).len();
    tap(&mut rt, "#btn-hover");
    let after = seen(&frames);
    assert_eq!(after[before..], [true, false], "pressed, then released");
    assert_eq!(text_by_id(&rt, "log"), "btn:btn-hover;");
    let hb = node(&rt, "#btn-hover").unwrap_or_else(|| panic!("no button"));
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    assert!(doc.node(hb).state_classes.is_empty());
    // Enter: the focus ring's state classes stay, the hover class comes and goes.
    focus(&mut rt, &[Key::Down; 4], "btn-loading");
    focus(&mut rt, &[Key::Left], "btn-hover");
    let before = seen(&frames).len();
    press(&mut rt, &[Key::Enter]);
    assert_eq!(seen(&frames)[before..], [true, false]);
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    assert_eq!(doc.node(hb).state_classes, [mica_layout::FOCUS_STATE_CLASS]);
    assert_eq!(text_by_id(&rt, "log"), "btn:btn-hover;btn:btn-hover;");
}
