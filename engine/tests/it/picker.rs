//! `picker` (selector mode) through the real runtime (engine/tests/apps/picker): the
//! option list Mica draws over the page, driven by Up/Down/Enter/Back and by taps, with
//! `change` / `cancel` details as the page's JS sees them.

use mica_engine::platform::Key;
use mica_engine::runtime::Runtime;
use mica_layout::Rect;

use crate::golden::check_golden;
use crate::support::{finish_animations, fixture, launch, text_by_id};
use crate::support::{press, tap};

const SIZE: (u32, u32) = (960, 600);

/// The app with its form page open over the home page.
fn app() -> Runtime {
    let mut rt = launch(fixture("picker"), SIZE.0, SIZE.1);
    press(&mut rt, &[Key::Enter]);
    assert_eq!(rt.page_stack(), ["pages/home/home", "pages/index/index"]);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    assert!(rt.warnings().is_empty(), "{:?}", rt.warnings());
    rt
}

fn all(rt: &Runtime, selector: &str) -> Vec<Rect> {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    mica_layout::select_all(doc, selector)
        .into_iter()
        .map(|n| doc.node(n).rect)
        .collect()
}

/// The texts of the option rows, and which one is highlighted.
fn options(rt: &Runtime) -> (Vec<String>, Option<usize>) {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    let rows = mica_layout::select_all(doc, ".mica-picker-item");
    let texts = rows
        .iter()
        .map(|r| {
            doc.node(*r)
                .children
                .iter()
                .map(|c| doc.node(*c).text.clone())
                .collect()
        })
        .collect();
    let lit = rows.iter().position(|r| {
        doc.node(*r)
            .attr("style")
            .is_some_and(|s| s.contains("font-weight: 700"))
    });
    (texts, lit)
}

fn is_open(rt: &Runtime) -> bool {
    !all(rt, ".mica-picker-mask").is_empty()
}

fn focused_id(rt: &Runtime) -> String {
    rt.dump()["focused"]["id"]
        .as_str()
        .unwrap_or("<none>")
        .to_string()
}

#[test]
fn enter_opens_the_list_and_up_down_enter_choose() {
    let mut rt = app();
    assert_eq!(focused_id(&rt), "city");
    assert_eq!(text_by_id(&rt, "city-label"), "City: Guangzhou");
    press(&mut rt, &[Key::Enter]);
    assert!(is_open(&rt));
    let (texts, lit) = options(&rt);
    assert_eq!(texts.len(), 7);
    assert_eq!(texts[0], "Beijing");
    assert_eq!(lit, Some(2), "the list opens on the picker's value");
    // The sheet is drawn over the page, at the bottom of the window.
    let panel = all(&rt, ".mica-picker-panel")[0];
    assert_eq!(panel.y + panel.height, SIZE.1 as f32);
    // Keys move the highlight, not the page's focus; Up stops at the top.
    press(&mut rt, &[Key::Down, Key::Right, Key::Down]);
    assert_eq!(options(&rt).1, Some(4));
    press(&mut rt, &[Key::Up, Key::Up, Key::Up, Key::Up, Key::Up]);
    assert_eq!(options(&rt).1, Some(0));
    press(&mut rt, &[Key::Down, Key::Down, Key::Down, Key::Down]);
    press(&mut rt, &[Key::Enter]);
    assert!(!is_open(&rt));
    assert_eq!(text_by_id(&rt, "log"), "city:{\"value\":4};");
    assert_eq!(text_by_id(&rt, "city-label"), "City: Hangzhou");
    assert_eq!(focused_id(&rt), "city", "the focus never left the picker");
    // Keys go to the page again.
    press(&mut rt, &[Key::Right]);
    assert_eq!(focused_id(&rt), "person");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn back_cancels_without_leaving_the_page() {
    let mut rt = app();
    press(&mut rt, &[Key::Enter, Key::Down, Key::Back]);
    assert!(!is_open(&rt));
    assert_eq!(text_by_id(&rt, "log"), "cancel:{};");
    assert_eq!(text_by_id(&rt, "city-label"), "City: Guangzhou");
    assert_eq!(rt.page_stack().len(), 2, "Back closed the list only");
    // With the list closed, Back is the page's again.
    press(&mut rt, &[Key::Back]);
    assert_eq!(rt.page_stack(), ["pages/home/home"]);
}

#[test]
fn taps_choose_an_option_or_cancel_outside_the_list() {
    let mut rt = app();
    // Objects shown by `range-key`; the list opens on `value="1"`.
    tap(&mut rt, "#person-label");
    assert!(is_open(&rt));
    assert_eq!(
        options(&rt),
        (vec!["Ann".into(), "Bo".into(), "Cy".into()], Some(1))
    );
    let rows = all(&rt, ".mica-picker-item");
    let cy = rows[2];
    rt.tap_at(cy.x + cy.width / 2.0, cy.y + cy.height / 2.0)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!is_open(&rt));
    assert_eq!(text_by_id(&rt, "log"), "person:9;");
    // A tap on the dimmed page above the sheet cancels; the page under it sees nothing.
    tap(&mut rt, "#city");
    assert!(is_open(&rt));
    rt.tap_at(100.0, 40.0).unwrap_or_else(|e| panic!("{e}"));
    assert!(!is_open(&rt));
    assert_eq!(text_by_id(&rt, "log"), "person:9;cancel:{};");
    // A tap on the sheet's header does nothing.
    tap(&mut rt, "#city");
    let header = all(&rt, ".mica-picker-header")[0];
    rt.tap_at(header.x + 10.0, header.y + 10.0)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(is_open(&rt));
}

#[test]
fn disabled_and_unsupported_pickers_open_nothing() {
    let mut rt = app();
    tap(&mut rt, "#off");
    assert!(!is_open(&rt));
    tap(&mut rt, "#time");
    tap(&mut rt, "#time");
    assert!(!is_open(&rt));
    let warnings: Vec<&str> = rt.warnings().iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings, ["<picker mode=\"time\"> is not supported"]);
    // A disabled picker takes no focus either.
    press(&mut rt, &[Key::Right, Key::Right]);
    assert_eq!(focused_id(&rt), "time");
}

#[test]
fn the_open_picker_matches_its_reference() {
    let mut rt = app();
    // The long list scrolls to keep the highlighted option in view.
    press(
        &mut rt,
        &[Key::Enter, Key::Down, Key::Down, Key::Down, Key::Down],
    );
    assert_eq!(options(&rt).1, Some(6));
    let rows = all(&rt, ".mica-picker-item");
    let list = all(&rt, ".mica-picker-list")[0];
    assert!(rows[6].y + rows[6].height <= list.y + list.height + 0.5);
    assert!(rows[0].y < list.y, "the first rows scrolled out");
    press(&mut rt, &[Key::Up]);
    check_golden(&rt, "picker-open");
}

#[test]
fn the_list_covers_the_window_on_a_scrolled_page() {
    let mut rt = app();
    // Down from the form row reaches the picker at the end of the tall page, scrolling.
    press(&mut rt, &[Key::Down, Key::Down]);
    assert_eq!(focused_id(&rt), "late");
    finish_animations(&mut rt);
    assert!(rt.page_scroll_top() > 0.0);
    press(&mut rt, &[Key::Enter]);
    let mask = all(&rt, ".mica-picker-mask")[0];
    assert_eq!(mask, Rect::new(0.0, 0.0, SIZE.0 as f32, SIZE.1 as f32));
    // Scrolling is held while it is open.
    let top = rt.page_scroll_top();
    rt.scroll_at(100.0, 100.0, 0.0, -300.0)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rt.page_scroll_top(), top);
    press(&mut rt, &[Key::Down, Key::Enter]);
    assert_eq!(text_by_id(&rt, "log"), "city:{\"value\":1};");
}
