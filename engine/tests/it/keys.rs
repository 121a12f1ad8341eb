//! Remote-control keys: focus movement, key events to JS, Enter and Back, scrolling,
//! through the real runtime (apps/tv-launcher and a fixture page).

use mica_engine::platform::Key;
use mica_engine::runtime::Runtime;
use serde_json::Value;

use crate::golden::check_golden;
use crate::support::press;
use crate::support::{finish_animations, fixture, launch, text_by_id, workspace};

fn focused_id(rt: &Runtime) -> String {
    let dump = rt.dump();
    dump["focused"]["id"]
        .as_str()
        .unwrap_or("<none>")
        .to_string()
}

fn launcher() -> Runtime {
    launch(workspace().join("apps/tv-launcher"), 960, 540)
}

#[test]
fn the_launcher_starts_on_its_default_focus() {
    let rt = launcher();
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    assert_eq!(focused_id(&rt), "nav-0");
}

#[test]
fn d_pad_moves_through_the_launcher_grid() {
    let mut rt = launcher();
    press(&mut rt, &[Key::Down]);
    assert_eq!(focused_id(&rt), "nav-1");
    press(&mut rt, &[Key::Up, Key::Right]);
    assert_eq!(focused_id(&rt), "tile-continue-0");
    press(&mut rt, &[Key::Right, Key::Right]);
    assert_eq!(focused_id(&rt), "tile-continue-2");
    // Straight down keeps the column (beam), into the next row.
    press(&mut rt, &[Key::Down]);
    assert_eq!(focused_id(&rt), "tile-movies-2");
    // Back up: the row remembers its last focused tile.
    press(&mut rt, &[Key::Right, Key::Up]);
    assert_eq!(focused_id(&rt), "tile-continue-2");
    // Left from the first tile leaves the row for the navigation column.
    press(&mut rt, &[Key::Left, Key::Left, Key::Left]);
    assert!(focused_id(&rt).starts_with("nav-"), "{}", focused_id(&rt));
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn focus_past_the_edge_scrolls_the_row_and_keeps_the_tile_visible() {
    let mut rt = launcher();
    press(&mut rt, &[Key::Right, Key::Down]);
    for _ in 0..9 {
        press(&mut rt, &[Key::Right]);
    }
    assert_eq!(focused_id(&rt), "tile-movies-9");
    // The row and the page glide there; the keys came faster than the glides.
    finish_animations(&mut rt);
    let dump = rt.dump();
    let rect: Vec<f64> = dump["focused"]["rect"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    assert_eq!(rect.len(), 4);
    assert!(
        rect[0] >= 0.0 && rect[0] + rect[2] <= 960.0,
        "tile must be on screen: {rect:?}"
    );
    assert!(
        rect[1] >= 0.0 && rect[1] + rect[3] <= 540.0,
        "the page scrolled the row into view: {rect:?}"
    );
    check_golden(&rt, "tv-launcher-row-scrolled");
}

#[test]
fn enter_opens_details_and_back_returns_to_the_same_tile() {
    let mut rt = launcher();
    press(&mut rt, &[Key::Right, Key::Right]);
    assert_eq!(focused_id(&rt), "tile-continue-1");
    press(&mut rt, &[Key::Enter]);
    assert_eq!(rt.route(), Some("pages/details/details"));
    assert_eq!(focused_id(&rt), "play");
    assert_eq!(text_by_id(&rt, "title"), "Northern Lights");
    press(&mut rt, &[Key::Enter]);
    assert_eq!(text_by_id(&rt, "play"), "暂停 Pause");
    check_golden(&rt, "tv-launcher-details-playing");
    press(&mut rt, &[Key::Back]);
    assert_eq!(rt.route(), Some("pages/home/home"));
    assert_eq!(focused_id(&rt), "tile-continue-1");
    // Back on the root page asks the host to leave.
    press(&mut rt, &[Key::Back]);
    assert!(rt.exit_requested());
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn key_events_bubble_to_js_and_catch_prevents_the_default() {
    let mut rt = launch(fixture("keys_page"), 400, 200);
    assert_eq!(focused_id(&rt), "a");
    press(&mut rt, &[Key::Digit(5)]);
    assert_eq!(text_by_id(&rt, "log"), "a:5:a;row:5:undefined;");
    assert_eq!(text_by_id(&rt, "page-keys"), "5,");
    // Right from A: bindkeydown does not stop the default, focus moves to B.
    press(&mut rt, &[Key::Right]);
    assert_eq!(focused_id(&rt), "b");
    // B catches: its handler runs, the row's does not, and focus stays.
    press(&mut rt, &[Key::Right]);
    assert_eq!(focused_id(&rt), "b");
    assert!(
        text_by_id(&rt, "log").ends_with("b:right;"),
        "{}",
        text_by_id(&rt, "log")
    );
    // Enter is a tap on the focused node (caught keys still reach the page hook).
    press(&mut rt, &[Key::Enter]);
    assert!(
        text_by_id(&rt, "log").ends_with("b:enter;"),
        "{}",
        text_by_id(&rt, "log")
    );
    assert_eq!(text_by_id(&rt, "page-keys"), "5,right,right,enter,");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn enter_taps_the_focused_node_and_focus_class_styles_it() {
    let mut rt = launch(fixture("keys_page"), 400, 200);
    press(&mut rt, &[Key::Enter]);
    assert!(
        text_by_id(&rt, "log").contains("tap:a;"),
        "{}",
        text_by_id(&rt, "log")
    );
    // Read C's box at each check: the log above it grows and may wrap.
    let colour_of_c = |rt: &Runtime| {
        let doc = rt.document()?;
        let c = doc.node(mica_layout::select(doc, "#c")?).rect;
        let (x, y) = ((c.x + 4.0) as u32, (c.y + c.height / 2.0) as u32);
        rt.pixmap()
            .pixel(x, y)
            .map(|px| (px.red(), px.green(), px.blue()))
    };
    assert_ne!(colour_of_c(&rt), Some((255, 0, 0)));
    // `c` is focusable through its attribute; its focus-class paints it red, and the
    // class goes away with the focus.
    press(&mut rt, &[Key::Down]);
    assert_eq!(focused_id(&rt), "c");
    assert_eq!(colour_of_c(&rt), Some((255, 0, 0)));
    press(&mut rt, &[Key::Enter]);
    assert!(
        text_by_id(&rt, "log").ends_with("tap:c;"),
        "{}",
        text_by_id(&rt, "log")
    );
    press(&mut rt, &[Key::Up]);
    assert_eq!(focused_id(&rt), "a");
    assert_ne!(colour_of_c(&rt), Some((255, 0, 0)));
}

/// The default focus ring is drawn outside its node's box: when a `setData` moves the
/// focused node, the damaged repaint must erase the ring where it was. The frame after
/// the move must equal a full repaint.
#[test]
fn the_focus_ring_moves_with_its_node_without_leaving_a_trace() {
    let mut rt = launch(fixture("ring_moves"), 240, 320);
    // Focus the button (the only focusable node), then Enter: the note above it wraps.
    press(&mut rt, &[Key::Down]);
    assert_eq!(focused_id(&rt), "grow");
    let before = crate::support::find_id(&rt.dump()["tree"], "grow").map(|n| n["box"]["y"].clone());
    press(&mut rt, &[Key::Enter]);
    let after = crate::support::find_id(&rt.dump()["tree"], "grow").map(|n| n["box"]["y"].clone());
    assert_ne!(before, after, "the button should have moved");
    let incremental = rt.pixmap().data().to_vec();
    rt.invalidate();
    rt.render_frame().unwrap_or_else(|e| panic!("{e}"));
    let full = rt.pixmap().data();
    let differing = incremental
        .chunks(4)
        .zip(full.chunks(4))
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(differing, 0, "pixels left over from the ring's old place");
}
