//! The navigation bar and the tab bar (engine/tests/apps/tabs): where they are, what they
//! show, how the page fits between them, and how keys and taps use them.

use mica_engine::platform::{InputEvent, Key, PointerPhase};
use mica_engine::runtime::{ChromeFocus, Runtime, NAV_HEIGHT, TAB_HEIGHT};
use serde_json::Value;

use crate::golden::check_golden;
use crate::support::{fixture, launch, press, tap, text_by_id};

const W: u32 = 480;
const H: u32 = 360;

fn app() -> Runtime {
    launch(fixture("tabs"), W, H)
}

/// The app's lifecycle log, as the page on top shows it after a tap on `#sel`.
fn log_via(rt: &mut Runtime, sel: &str) -> String {
    tap(rt, sel);
    text_by_id(rt, "log")
}

fn focused_id(rt: &Runtime) -> Option<String> {
    rt.dump()["focused"]["id"].as_str().map(str::to_string)
}

fn area(rt: &Runtime, which: &str) -> Option<[f32; 4]> {
    let v = &rt.dump()["chrome"]["areas"][which];
    let a = v.as_array()?;
    let f = |i: usize| a.get(i).and_then(Value::as_f64).unwrap_or(f64::NAN) as f32;
    Some([f(0), f(1), f(2), f(3)])
}

/// The pixel at `(x, y)` of the current frame, un-premultiplied RGBA.
fn pixel(rt: &Runtime, x: u32, y: u32) -> [u8; 4] {
    let c = rt.pixmap().pixel(x, y).expect("pixel").demultiply();
    [c.red(), c.green(), c.blue(), c.alpha()]
}

/// Whether some pixel of the window rectangle `r` has colour `rgb` (within 8).
fn has_colour(rt: &Runtime, r: [f32; 4], rgb: [u8; 3]) -> bool {
    let (x0, y0) = (r[0].max(0.0) as u32, r[1].max(0.0) as u32);
    let (x1, y1) = ((r[0] + r[2]) as u32, (r[1] + r[3]) as u32);
    (y0..y1.min(H)).any(|y| {
        (x0..x1.min(W)).any(|x| {
            let p = pixel(rt, x, y);
            (0..3).all(|i| p[i].abs_diff(rgb[i]) <= 8)
        })
    })
}

fn tab_rect(rt: &Runtime, i: usize) -> [f32; 4] {
    let r = rt.chrome_rect(ChromeFocus::Tab(i)).expect("tab rect");
    [r.x, r.y, r.width, r.height]
}

fn tap_window(rt: &mut Runtime, x: f32, y: f32) {
    for phase in [PointerPhase::Down, PointerPhase::Up] {
        rt.handle_input(InputEvent::Pointer { phase, x, y })
            .unwrap_or_else(|e| panic!("pointer: {e}"));
    }
}

#[test]
fn the_page_lies_between_the_navigation_bar_and_the_tab_bar() {
    let rt = app();
    let (w, h) = (W as f32, H as f32);
    assert_eq!(area(&rt, "nav"), Some([0.0, 0.0, w, NAV_HEIGHT]));
    assert_eq!(area(&rt, "tab"), Some([0.0, h - TAB_HEIGHT, w, TAB_HEIGHT]));
    let page = [0.0, NAV_HEIGHT, w, h - NAV_HEIGHT - TAB_HEIGHT];
    assert_eq!(area(&rt, "page"), Some(page));
    // windowHeight excludes both bars, as in WeChat.
    assert_eq!(text_by_id(&rt, "height"), "266");
    let dump = rt.dump();
    assert_eq!(dump["chrome"]["navigationBar"]["title"], "Tabs");
    assert_eq!(dump["chrome"]["navigationBar"]["back"], false);
    assert_eq!(dump["chrome"]["tabBar"]["selected"], 0);
    // The bars' colours are on screen: the navigation bar's background, the selected
    // tab's colour in its item and the others' grey.
    assert_eq!(pixel(&rt, 2, 2), [0x20, 0x30, 0x40, 255]);
    assert!(has_colour(&rt, tab_rect(&rt, 0), [0xe6, 0x3c, 0x28]));
    assert!(!has_colour(&rt, tab_rect(&rt, 1), [0xe6, 0x3c, 0x28]));
    assert!(has_colour(&rt, tab_rect(&rt, 1), [0x7a, 0x7e, 0x83]));
    // The page's first node starts right under the navigation bar (8 px margin).
    let a = &crate::support::find_id(&dump["tree"], "a").expect("#a")["box"];
    assert_eq!(
        a["y"].as_f64(),
        Some(8.0),
        "page coordinates start at the bar"
    );
}

#[test]
fn tabs_first_frame_and_focus_on_the_tab_bar_match_their_references() {
    let mut rt = app();
    check_golden(&rt, "tabs-first-frame");
    press(&mut rt, &[Key::Down, Key::Down, Key::Right]);
    assert_eq!(rt.chrome_focus(), ChromeFocus::Tab(1));
    check_golden(&rt, "tabs-focus-on-list");
}

#[test]
fn down_past_the_last_node_reaches_the_tab_bar_and_enter_switches_tab() {
    let mut rt = app();
    assert_eq!(focused_id(&rt).as_deref(), Some("a"));
    press(&mut rt, &[Key::Down]);
    assert_eq!(focused_id(&rt).as_deref(), Some("b"));
    // Nothing further down on the page: the selected tab takes the focus, and the
    // page's node shows no focus meanwhile.
    press(&mut rt, &[Key::Down]);
    assert_eq!(rt.chrome_focus(), ChromeFocus::Tab(0));
    assert_eq!(rt.focused(), None);
    assert_eq!(rt.dump()["chrome"]["focus"]["tab"], 0);
    // Along the bar, clamped at its ends.
    press(&mut rt, &[Key::Left]);
    assert_eq!(rt.chrome_focus(), ChromeFocus::Tab(0));
    press(&mut rt, &[Key::Right, Key::Right, Key::Right]);
    assert_eq!(rt.chrome_focus(), ChromeFocus::Tab(2));
    press(&mut rt, &[Key::Left]);
    assert_eq!(rt.chrome_focus(), ChromeFocus::Tab(1));
    // Enter: switchTab (home hidden, list loaded), then onTabItemTap on the list page.
    press(&mut rt, &[Key::Enter]);
    assert_eq!(rt.page_stack(), vec!["pages/list/list"]);
    assert_eq!(rt.dump()["chrome"]["tabBar"]["selected"], 1);
    assert_eq!(
        rt.chrome_focus(),
        ChromeFocus::Tab(1),
        "the focus stays on the bar"
    );
    // Up: back to the page, to its first node.
    press(&mut rt, &[Key::Up]);
    assert_eq!(rt.chrome_focus(), ChromeFocus::Page);
    assert_eq!(focused_id(&rt).as_deref(), Some("l1"));
    press(&mut rt, &[Key::Enter]);
    assert_eq!(
        text_by_id(&rt, "log"),
        "home:onLoad home:onShow home:onReady home:onHide list:onLoad list:onShow \
         list:onReady list:onTabItemTap(1,pages/list/list,List)"
    );
}

#[test]
fn enter_on_the_tab_on_screen_only_calls_on_tab_item_tap() {
    let mut rt = app();
    press(&mut rt, &[Key::Down, Key::Down, Key::Enter]);
    assert_eq!(rt.page_stack(), vec!["pages/home/home"]);
    press(&mut rt, &[Key::Up, Key::Up]);
    assert_eq!(focused_id(&rt).as_deref(), Some("a"));
    let log = log_via(&mut rt, "#b");
    assert_eq!(
        log,
        "home:onLoad home:onShow home:onReady home:onTabItemTap(0,pages/home/home,Home)"
    );
}

#[test]
fn a_tap_on_a_tab_switches_to_it_and_a_tap_between_items_does_nothing() {
    let mut rt = app();
    let r = tab_rect(&rt, 2);
    tap_window(&mut rt, r[0] + r[2] / 2.0, r[1] + r[3] / 2.0);
    assert_eq!(rt.page_stack(), vec!["pages/me/me"]);
    // The page taps through the public window-coordinate API too.
    let r = tab_rect(&rt, 1);
    rt.tap_at(r[0] + r[2] / 2.0, r[1] + r[3] / 2.0)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rt.page_stack(), vec!["pages/list/list"]);
    // A tap on the navigation bar's title does nothing; the page is unchanged.
    tap_window(&mut rt, W as f32 / 2.0, 20.0);
    assert_eq!(rt.page_stack(), vec!["pages/list/list"]);
    // A press that starts on a tab and ends elsewhere is not a tap.
    let r = tab_rect(&rt, 0);
    rt.handle_input(InputEvent::Pointer {
        phase: PointerPhase::Down,
        x: r[0] + 5.0,
        y: r[1] + 5.0,
    })
    .expect("down");
    rt.handle_input(InputEvent::Pointer {
        phase: PointerPhase::Up,
        x: W as f32 - 5.0,
        y: 100.0,
    })
    .expect("up");
    assert_eq!(rt.page_stack(), vec!["pages/list/list"]);
    // Pointer taps on the page land in page coordinates: #l2 by its centre.
    let log = log_via(&mut rt, "#l2");
    assert!(
        log.ends_with("list:onTabItemTap(1,pages/list/list,List)"),
        "{log}"
    );
}

#[test]
fn a_custom_navigation_style_page_has_no_bar_and_100vh_is_the_page_height() {
    let mut rt = app();
    press(
        &mut rt,
        &[Key::Down, Key::Down, Key::Right, Key::Right, Key::Enter],
    );
    assert_eq!(rt.page_stack(), vec!["pages/me/me"]);
    assert_eq!(area(&rt, "nav"), None);
    let page = [0.0, 0.0, W as f32, H as f32 - TAB_HEIGHT];
    assert_eq!(area(&rt, "page"), Some(page));
    let dump = rt.dump();
    let full = &crate::support::find_id(&dump["tree"], "full").expect("#full")["box"];
    assert_eq!(
        full["height"].as_f64(),
        Some(f64::from(H) - f64::from(TAB_HEIGHT))
    );
    // The page reaches the top of the window: no bar there (the button's 8 px margin
    // collapses through #full, so the page background shows above it).
    assert_eq!(pixel(&rt, 2, 2), [0xf0, 0xf0, 0xf0, 255]);
    assert_eq!(pixel(&rt, 2, 30), [0xd0, 0xe0, 0xf0, 255]);
}

#[test]
fn a_pushed_page_has_a_back_button_that_keys_and_taps_use() {
    let mut rt = app();
    tap(&mut rt, "#a");
    assert_eq!(
        rt.page_stack(),
        vec!["pages/home/home", "pages/detail/detail"]
    );
    let dump = rt.dump();
    assert_eq!(dump["chrome"]["navigationBar"]["title"], "Detail");
    assert_eq!(dump["chrome"]["navigationBar"]["back"], true);
    assert_eq!(dump["chrome"]["tabBar"], Value::Null, "not a tab page");
    // Not a tab page: the page reaches the bottom of the window.
    let page = [0.0, NAV_HEIGHT, W as f32, H as f32 - NAV_HEIGHT];
    assert_eq!(area(&rt, "page"), Some(page));
    assert_eq!(pixel(&rt, W - 3, 3), [255, 255, 255, 255], "white bar");
    // Up from the first node: the back button; Down: the page again.
    assert_eq!(focused_id(&rt).as_deref(), Some("d1"));
    press(&mut rt, &[Key::Up]);
    assert_eq!(rt.chrome_focus(), ChromeFocus::Back);
    press(&mut rt, &[Key::Down]);
    assert_eq!(focused_id(&rt).as_deref(), Some("d1"));
    press(&mut rt, &[Key::Up, Key::Enter]);
    assert_eq!(rt.page_stack(), vec!["pages/home/home"]);
    assert_eq!(rt.chrome_focus(), ChromeFocus::Page);
    // And by a tap on the button.
    tap(&mut rt, "#a");
    let b = rt.chrome_rect(ChromeFocus::Back).expect("back button");
    tap_window(&mut rt, b.x + b.width / 2.0, b.y + b.height / 2.0);
    assert_eq!(rt.page_stack(), vec!["pages/home/home"]);
    let log = log_via(&mut rt, "#b");
    assert!(
        log.ends_with("detail:onLoad detail:onShow detail:onReady detail:onUnload home:onShow"),
        "{log}"
    );
}

#[test]
fn set_navigation_bar_title_and_colour_change_the_bar_of_the_page_on_top() {
    let mut rt = app();
    rt.call_page_method("recolour", serde_json::json!({}))
        .unwrap_or_else(|e| panic!("{e}"));
    let dump = rt.dump();
    assert_eq!(dump["chrome"]["navigationBar"]["title"], "Renamed");
    assert_eq!(dump["chrome"]["navigationBar"]["background"], "#ffcc00");
    assert_eq!(dump["chrome"]["navigationBar"]["color"], "#000000");
    assert_eq!(pixel(&rt, 2, 2), [0xff, 0xcc, 0x00, 255]);
    assert_eq!(
        text_by_id(&rt, "err"),
        "setNavigationBarColor:fail invalid frontColor \"red\""
    );
    assert_eq!(
        text_by_id(&rt, "err2"),
        "setNavigationBarTitle:fail parameter error: title should be a string"
    );
    // Another page keeps its own bar; coming back shows the changed one again.
    tap(&mut rt, "#a");
    assert_eq!(rt.dump()["chrome"]["navigationBar"]["title"], "Detail");
    press(&mut rt, &[Key::Back]);
    assert_eq!(rt.dump()["chrome"]["navigationBar"]["title"], "Renamed");
    assert_eq!(pixel(&rt, 2, 2), [0xff, 0xcc, 0x00, 255]);
}
