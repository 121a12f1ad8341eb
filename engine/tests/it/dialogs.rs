//! The interaction APIs Mica draws (engine/tests/apps/dialogs): `wx.showModal`,
//! `wx.showActionSheet`, `wx.showToast`/`showLoading` and their `hide*`, driven by the
//! remote's keys and by taps, with the answers as the page's JS sees them; and the
//! watchdog's error banner (engine/tests/apps/js_loop).

use std::time::Duration;

use mica_engine::platform::Key;
use mica_engine::runtime::Runtime;
use mica_layout::Rect;
use serde_json::{json, Value};

use crate::golden::check_golden;
use crate::support::{advance, call, fixture, launch, press, tap, text_by_id};

const SIZE: (u32, u32) = (960, 600);

fn app() -> Runtime {
    let rt = launch(fixture("dialogs"), SIZE.0, SIZE.1);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    rt
}

fn log(rt: &Runtime) -> String {
    text_by_id(rt, "log")
}

fn dialog(rt: &Runtime) -> Value {
    rt.dump()["dialog"].clone()
}

fn toast(rt: &Runtime) -> Value {
    rt.dump()["toast"].clone()
}

fn rects(rt: &Runtime, selector: &str) -> Vec<Rect> {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    mica_layout::select_all(doc, selector)
        .into_iter()
        .map(|n| doc.node(n).rect)
        .collect()
}

fn tap_rect(rt: &mut Runtime, r: Rect) {
    rt.tap_at(r.x + r.width / 2.0, r.y + r.height / 2.0)
        .unwrap_or_else(|e| panic!("tap: {e}"));
}

fn number(rt: &Runtime, id: &str) -> u32 {
    text_by_id(rt, id)
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("#{id}: {e}"))
}

const CONFIRMED: &str =
    r#"success:{"errMsg":"showModal:ok","confirm":true,"cancel":false};complete;"#;
const CANCELLED: &str =
    r#"success:{"errMsg":"showModal:ok","confirm":false,"cancel":true};complete;"#;

#[test]
fn modal_opens_on_confirm_and_enter_confirms() {
    let mut rt = app();
    call(&mut rt, "modal");
    let d = dialog(&rt);
    assert_eq!(d["kind"], "modal");
    assert_eq!(d["title"], "Delete the file?");
    assert_eq!(d["buttons"], json!(["取消", "确定"]));
    assert_eq!(d["highlight"], 1, "the confirm button is highlighted first");
    assert_eq!(log(&rt), "", "nothing is answered before the user acts");
    check_golden(&rt, "dialogs-modal");
    press(&mut rt, &[Key::Enter]);
    assert_eq!(log(&rt), CONFIRMED);
    assert_eq!(dialog(&rt), Value::Null);
    assert!(rects(&rt, ".mica-modal-mask").is_empty());
    assert_eq!(
        number(&rt, "keys"),
        0,
        "the page saw none of the modal's keys"
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn modal_keys_move_between_the_buttons_and_back_cancels() {
    let mut rt = app();
    call(&mut rt, "modal");
    press(&mut rt, &[Key::Right]);
    assert_eq!(dialog(&rt)["highlight"], 1, "confirm is the last button");
    press(&mut rt, &[Key::Left]);
    assert_eq!(dialog(&rt)["highlight"], 0);
    press(&mut rt, &[Key::Left, Key::Up]);
    assert_eq!(dialog(&rt)["highlight"], 0, "cancel is the first button");
    press(&mut rt, &[Key::Down]);
    assert_eq!(dialog(&rt)["highlight"], 1);
    press(&mut rt, &[Key::Up, Key::Enter]);
    assert_eq!(log(&rt), CANCELLED, "Enter on the cancel button");

    call(&mut rt, "clear");
    call(&mut rt, "modal");
    press(&mut rt, &[Key::Back]);
    assert_eq!(log(&rt), CANCELLED);
    assert_eq!(
        rt.page_stack(),
        ["pages/index/index"],
        "Back closed the modal only"
    );
    assert!(!rt.exit_requested());
    assert_eq!(number(&rt, "keys"), 0);
}

#[test]
fn modal_buttons_take_taps_and_the_mask_does_nothing() {
    let mut rt = app();
    call(&mut rt, "modal");
    // The mask around the box (and the page under it) and the box's text ignore taps.
    rt.tap_at(10.0, 10.0).unwrap_or_else(|e| panic!("tap: {e}"));
    let title = rects(&rt, ".mica-modal-title")[0];
    tap_rect(&mut rt, title);
    assert_eq!(dialog(&rt)["kind"], "modal");
    assert_eq!(number(&rt, "taps"), 0);
    let buttons = rects(&rt, ".mica-dialog-choice");
    assert_eq!(buttons.len(), 2);
    tap_rect(&mut rt, buttons[1]);
    assert_eq!(log(&rt), CONFIRMED);

    call(&mut rt, "clear");
    call(&mut rt, "modal");
    let buttons = rects(&rt, ".mica-dialog-choice");
    tap_rect(&mut rt, buttons[0]);
    assert_eq!(log(&rt), CANCELLED);
    assert_eq!(number(&rt, "taps"), 0);
    // Closed: taps reach the page again.
    tap(&mut rt, "#target");
    assert_eq!(number(&rt, "taps"), 1);
}

#[test]
fn modal_promise_form_and_ft_alias() {
    let mut rt = app();
    call(&mut rt, "modalPromise");
    assert_eq!(dialog(&rt)["buttons"], json!(["取消", "确定"]));
    press(&mut rt, &[Key::Enter]);
    assert_eq!(
        log(&rt),
        r#"then:{"errMsg":"showModal:ok","confirm":true,"cancel":false};"#
    );
    call(&mut rt, "clear");
    call(&mut rt, "ftModal");
    let d = dialog(&rt);
    assert_eq!(d["buttons"], json!(["确定"]), "showCancel: false");
    assert_eq!(d["highlight"], 0);
    assert_eq!(d["content"], "Only content, one button");
    // One button: the arrows have nowhere to go.
    press(&mut rt, &[Key::Left, Key::Right]);
    assert_eq!(dialog(&rt)["highlight"], 0);
    press(&mut rt, &[Key::Enter]);
    assert_eq!(log(&rt), CONFIRMED);
    call(&mut rt, "canIUse");
    assert!(log(&rt).ends_with("true,true,true,true,true,true;"));
}

#[test]
fn modal_custom_texts_and_colours() {
    let mut rt = app();
    call(&mut rt, "modalCustom");
    assert_eq!(dialog(&rt)["buttons"], json!(["Stop", "Play"]));
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    let styles: Vec<String> = mica_layout::select_all(doc, ".mica-dialog-choice")
        .into_iter()
        .map(|n| doc.node(n).attr("style").unwrap_or("").to_string())
        .collect();
    // The highlighted confirm button is filled with its colour.
    assert!(
        styles[1].contains("background-color: #e64340"),
        "{}",
        styles[1]
    );
    // A colour that is not a hex colour never reaches a style.
    assert!(!styles[0].contains("width: 0"), "{}", styles[0]);
    assert!(styles[0].contains("color: #000000"), "{}", styles[0]);
    press(&mut rt, &[Key::Left, Key::Enter]);
    assert_eq!(log(&rt), CANCELLED);
}

#[test]
fn modal_parameter_errors_fail_without_showing() {
    let mut rt = app();
    call(&mut rt, "modalBadTitle");
    assert_eq!(
        log(&rt),
        r#"fail:{"errMsg":"showModal:fail parameter error: parameter.title should be String instead of Number;"};complete;"#
    );
    assert_eq!(dialog(&rt), Value::Null);
    call(&mut rt, "clear");
    call(&mut rt, "modalBadTitlePromise");
    assert_eq!(
        log(&rt),
        r#"catch:{"errMsg":"showModal:fail parameter error: parameter.content should be String instead of Array;"};"#
    );
    call(&mut rt, "clear");
    call(&mut rt, "modalLongButton");
    assert_eq!(
        log(&rt),
        r#"fail:{"errMsg":"showModal:fail confirmText length should not larger than 4 Chinese characters"};complete;"#
    );
    assert_eq!(dialog(&rt), Value::Null);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn an_editable_modal_is_typed_into_with_the_keyboard_and_answers_its_content() {
    let mut rt = app();
    call(&mut rt, "modalEditable");
    let d = dialog(&rt);
    assert_eq!(d["editable"], json!(true));
    assert_eq!(d["value"], json!("ab"));
    assert_eq!(d["highlight"], json!("field"));
    // Enter on the field brings Mica's keyboard up over the modal; digits type.
    press(&mut rt, &[Key::Enter]);
    assert!(rt.keyboard_open());
    press(&mut rt, &[Key::Digit(4), Key::Digit(2)]);
    assert_eq!(dialog(&rt)["value"], json!("ab42"));
    // Back closes the keyboard, not the modal.
    press(&mut rt, &[Key::Back]);
    assert!(!rt.keyboard_open());
    assert_eq!(dialog(&rt)["highlight"], json!("field"));
    // Down to the confirm button; Up goes back to the field.
    press(&mut rt, &[Key::Down]);
    assert_eq!(dialog(&rt)["highlight"], json!(1));
    press(&mut rt, &[Key::Up]);
    assert_eq!(dialog(&rt)["highlight"], json!("field"));
    press(&mut rt, &[Key::Right, Key::Enter]);
    assert_eq!(
        log(&rt),
        r#"success:{"errMsg":"showModal:ok","confirm":true,"cancel":false,"content":"ab42"};complete;"#
    );
    assert_eq!(dialog(&rt), Value::Null);

    // Back on the field cancels, with the text as it was.
    call(&mut rt, "clear");
    call(&mut rt, "modalEditable");
    press(&mut rt, &[Key::Back]);
    assert_eq!(
        log(&rt),
        r#"success:{"errMsg":"showModal:ok","confirm":false,"cancel":true,"content":"ab"};complete;"#
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_second_modal_waits_for_the_first() {
    let mut rt = app();
    call(&mut rt, "modalTwice");
    let d = dialog(&rt);
    assert_eq!(
        (d["title"].clone(), d["waiting"].clone()),
        (json!("First"), json!(1))
    );
    press(&mut rt, &[Key::Enter]);
    assert_eq!(
        log(&rt),
        r#"1success:{"errMsg":"showModal:ok","confirm":true,"cancel":false};1complete;"#
    );
    let d = dialog(&rt);
    assert_eq!(
        (d["title"].clone(), d["waiting"].clone()),
        (json!("Second"), json!(0))
    );
    assert_eq!(d["highlight"], 1);
    press(&mut rt, &[Key::Back]);
    assert!(log(&rt).ends_with(
        r#"2success:{"errMsg":"showModal:ok","confirm":false,"cancel":true};2complete;"#
    ));
    assert_eq!(dialog(&rt), Value::Null);
}

#[test]
fn a_dialog_closes_and_fails_when_its_page_is_left() {
    let mut rt = app();
    call(&mut rt, "modalThenNavigate");
    assert_eq!(rt.page_stack(), ["pages/index/index", "pages/other/other"]);
    assert_eq!(dialog(&rt), Value::Null, "the modal went with its page");
    assert!(rects(&rt, ".mica-modal-mask").is_empty());
    // Keys are the new page's.
    press(&mut rt, &[Key::Back]);
    assert_eq!(rt.page_stack(), ["pages/index/index"]);
    assert_eq!(
        log(&rt),
        r#"fail:{"errMsg":"showModal:fail cancel"};complete;"#
    );
    assert!(
        rects(&rt, ".mica-modal-mask").is_empty(),
        "not drawn on the page it came back to"
    );

    call(&mut rt, "sheetThenNavigate");
    assert_eq!(rt.page_stack(), ["pages/other/other"]);
    assert_eq!(dialog(&rt), Value::Null);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

const SHEET_CANCEL: &str = r#"fail:{"errMsg":"showActionSheet:fail cancel"};complete;"#;

#[test]
fn action_sheet_keys_pick_an_item() {
    let mut rt = app();
    call(&mut rt, "sheet");
    let d = dialog(&rt);
    assert_eq!(d["kind"], "actionSheet");
    assert_eq!(d["items"], json!(["Play", "Add to list", "Share"]));
    assert_eq!(d["alertText"], "Episode 3");
    assert_eq!(d["highlight"], 0);
    // The sheet is at the bottom of the page area.
    let sheet = rects(&rt, ".mica-action-sheet")[0];
    assert_eq!(sheet.y + sheet.height, SIZE.1 as f32);
    check_golden(&rt, "dialogs-action-sheet");
    press(&mut rt, &[Key::Down, Key::Down]);
    assert_eq!(dialog(&rt)["highlight"], 2);
    press(&mut rt, &[Key::Left, Key::Right]);
    assert_eq!(
        dialog(&rt)["highlight"],
        2,
        "Left/Right do nothing on a sheet"
    );
    press(&mut rt, &[Key::Up, Key::Enter]);
    assert_eq!(
        log(&rt),
        r#"success:{"errMsg":"showActionSheet:ok","tapIndex":1};complete;"#
    );
    assert_eq!(dialog(&rt), Value::Null);
    assert_eq!(number(&rt, "keys"), 0);
}

#[test]
fn action_sheet_back_and_the_cancel_row_cancel() {
    let mut rt = app();
    call(&mut rt, "sheet");
    press(&mut rt, &[Key::Back]);
    assert_eq!(log(&rt), SHEET_CANCEL);
    assert_eq!(rt.page_stack(), ["pages/index/index"]);

    call(&mut rt, "clear");
    call(&mut rt, "sheet");
    // Down stops on the Cancel row; Enter there cancels.
    press(
        &mut rt,
        &[Key::Down, Key::Down, Key::Down, Key::Down, Key::Down],
    );
    assert_eq!(dialog(&rt)["highlight"], 3);
    press(&mut rt, &[Key::Enter]);
    assert_eq!(log(&rt), SHEET_CANCEL);
}

#[test]
fn action_sheet_taps_pick_cancel_and_the_mask_cancels() {
    let mut rt = app();
    call(&mut rt, "sheet");
    let rows = rects(&rt, ".mica-dialog-choice");
    assert_eq!(rows.len(), 4, "three items and Cancel");
    tap_rect(&mut rt, rows[2]);
    assert_eq!(
        log(&rt),
        r#"success:{"errMsg":"showActionSheet:ok","tapIndex":2};complete;"#
    );
    call(&mut rt, "clear");
    call(&mut rt, "sheet");
    let rows = rects(&rt, ".mica-dialog-choice");
    tap_rect(&mut rt, rows[3]);
    assert_eq!(log(&rt), SHEET_CANCEL);
    // A tap on the alert text is inside the sheet: nothing happens.
    call(&mut rt, "clear");
    call(&mut rt, "sheet");
    let alert = rects(&rt, ".mica-action-sheet-alert")[0];
    tap_rect(&mut rt, alert);
    assert_eq!(log(&rt), "");
    // A tap on the mask cancels, and the page under it sees nothing.
    tap(&mut rt, "#target");
    assert_eq!(log(&rt), SHEET_CANCEL);
    assert_eq!(number(&rt, "taps"), 0);
}

#[test]
fn action_sheet_promise_form_and_parameter_errors() {
    let mut rt = app();
    call(&mut rt, "sheetPromise");
    assert_eq!(dialog(&rt)["items"], json!(["A", "B"]));
    press(&mut rt, &[Key::Down, Key::Enter]);
    assert_eq!(
        log(&rt),
        r#"then:{"errMsg":"showActionSheet:ok","tapIndex":1};"#
    );
    call(&mut rt, "clear");
    call(&mut rt, "sheetPromise");
    press(&mut rt, &[Key::Back]);
    assert_eq!(
        log(&rt),
        r#"catch:{"errMsg":"showActionSheet:fail cancel"};"#
    );
    call(&mut rt, "clear");
    call(&mut rt, "sheetTooMany");
    assert_eq!(
        log(&rt),
        r#"fail:{"errMsg":"showActionSheet:fail parameter error: itemList should not be large than 6"};complete;"#
    );
    call(&mut rt, "clear");
    call(&mut rt, "sheetMissing");
    assert_eq!(
        log(&rt),
        r#"fail:{"errMsg":"showActionSheet:fail parameter error: parameter.itemList should be Array instead of Undefined;"};complete;"#
    );
    call(&mut rt, "clear");
    call(&mut rt, "sheetEmptyPromise");
    assert_eq!(
        log(&rt),
        r#"catch:{"errMsg":"showActionSheet:fail parameter error: itemList should not be empty"};"#
    );
    assert_eq!(dialog(&rt), Value::Null);
}

#[test]
fn toast_shows_at_once_and_hides_after_its_duration() {
    let mut rt = app();
    call(&mut rt, "toast");
    assert_eq!(
        log(&rt),
        r#"success:{"errMsg":"showToast:ok"};complete;"#,
        "success means shown"
    );
    let t = toast(&rt);
    assert_eq!(
        (t["kind"].clone(), t["title"].clone(), t["icon"].clone()),
        (json!("toast"), json!("Saved"), json!("success"))
    );
    assert_eq!(t["remainingMs"], 1500, "WeChat's default duration");
    // A device's main loop wakes up to hide it.
    assert_eq!(rt.next_wakeup(), Some(Duration::from_millis(1500)));
    assert_eq!(rects(&rt, ".mica-toast-box").len(), 1);
    check_golden(&rt, "dialogs-toast");
    advance(&mut rt, 1499);
    assert_eq!(toast(&rt)["remainingMs"], 1);
    advance(&mut rt, 1);
    assert_eq!(toast(&rt), Value::Null);
    assert!(rects(&rt, ".mica-toast").is_empty());

    call(&mut rt, "clear");
    call(&mut rt, "toastPromise");
    assert_eq!(log(&rt), r#"then:{"errMsg":"showToast:ok"};"#);
    assert_eq!(toast(&rt)["icon"], "error");
    assert_eq!(toast(&rt)["remainingMs"], 500, "499.6 ms, rounded");
    // A new toast replaces the old one, with its own duration.
    call(&mut rt, "toastText");
    assert_eq!(rects(&rt, ".mica-toast").len(), 1);
    assert_eq!(toast(&rt)["icon"], "none");
    advance(&mut rt, 1000);
    assert_ne!(
        toast(&rt),
        Value::Null,
        "the first toast's 500 ms do not apply"
    );
    advance(&mut rt, 1000);
    assert_eq!(toast(&rt), Value::Null);
}

#[test]
fn toast_without_mask_lets_taps_and_keys_through() {
    let mut rt = app();
    call(&mut rt, "toast");
    // The button is under the toast's box: the tap reaches it anyway.
    let target = rects(&rt, "#target")[0];
    let bx = rects(&rt, ".mica-toast-box")[0];
    assert!(bx.contains(
        target.x + target.width / 2.0,
        target.y + target.height / 2.0
    ));
    tap(&mut rt, "#target");
    assert_eq!(number(&rt, "taps"), 1);
    press(&mut rt, &[Key::Down]);
    assert_eq!(number(&rt, "keys"), 1);
    assert_ne!(toast(&rt), Value::Null);
}

#[test]
fn toast_with_mask_swallows_taps_and_keys_until_it_hides() {
    let mut rt = app();
    call(&mut rt, "toastMask");
    assert_eq!(toast(&rt)["mask"], true);
    tap(&mut rt, "#target");
    press(&mut rt, &[Key::Down, Key::Enter]);
    assert_eq!((number(&rt, "taps"), number(&rt, "keys")), (0, 0));
    advance(&mut rt, 3000);
    assert_eq!(toast(&rt), Value::Null);
    tap(&mut rt, "#target");
    press(&mut rt, &[Key::Down]);
    assert_eq!((number(&rt, "taps"), number(&rt, "keys")), (1, 1));
}

#[test]
fn loading_stays_until_hidden_and_shares_the_toast_slot() {
    let mut rt = app();
    call(&mut rt, "loading");
    assert_eq!(log(&rt), r#"success:{"errMsg":"showLoading:ok"};complete;"#);
    let t = toast(&rt);
    assert_eq!(
        (t["kind"].clone(), t["icon"].clone()),
        (json!("loading"), json!("loading"))
    );
    assert_eq!(t["remainingMs"], Value::Null);
    advance(&mut rt, 60_000);
    assert_eq!(toast(&rt)["kind"], "loading", "no timeout");
    // hideToast closes a loading too (WeChat mixes the two unless `noConflict`)...
    call(&mut rt, "clear");
    call(&mut rt, "hideToast");
    assert_eq!(log(&rt), r#"then:{"errMsg":"hideToast:ok"};"#);
    assert_eq!(toast(&rt), Value::Null);
    // ... and hideLoading a toast.
    call(&mut rt, "toast");
    call(&mut rt, "clear");
    call(&mut rt, "hideLoading");
    assert_eq!(log(&rt), r#"success:{"errMsg":"hideLoading:ok"};complete;"#);
    assert_eq!(toast(&rt), Value::Null);
    // With `noConflict`, each closes only its own kind.
    call(&mut rt, "loading");
    call(&mut rt, "hideToastOnly");
    assert_eq!(toast(&rt)["kind"], "loading");
    call(&mut rt, "hideLoadingOnly");
    assert_eq!(toast(&rt), Value::Null);
    call(&mut rt, "toast");
    call(&mut rt, "hideLoadingOnly");
    assert_eq!(toast(&rt)["kind"], "toast");
    call(&mut rt, "hideToastOnly");
    assert_eq!(toast(&rt), Value::Null);
    // A masked loading holds the page until hidden.
    call(&mut rt, "loadingMask");
    tap(&mut rt, "#target");
    assert_eq!(number(&rt, "taps"), 0);
    call(&mut rt, "hideLoading");
    tap(&mut rt, "#target");
    assert_eq!(number(&rt, "taps"), 1);
}

#[test]
fn toast_parameter_errors() {
    let mut rt = app();
    call(&mut rt, "toastNoTitle");
    assert_eq!(
        log(&rt),
        r#"fail:{"errMsg":"showToast:fail parameter error: parameter.title should be String instead of Undefined;"};complete;"#
    );
    call(&mut rt, "clear");
    call(&mut rt, "toastNoTitlePromise");
    assert_eq!(
        log(&rt),
        r#"catch:{"errMsg":"showLoading:fail parameter error: parameter.title should be String instead of Undefined;"};"#
    );
    assert_eq!(toast(&rt), Value::Null);
}

#[test]
fn toast_follows_the_page_on_top_and_the_scroll() {
    let mut rt = app();
    call(&mut rt, "goOther");
    assert_eq!(rt.page_stack(), ["pages/index/index", "pages/other/other"]);
    // "Saved", then back: the toast is drawn on the page it went back to.
    call(&mut rt, "toastThenBack");
    assert_eq!(rt.page_stack(), ["pages/index/index"]);
    assert_eq!(toast(&rt)["title"], "Saved");
    assert_eq!(rects(&rt, ".mica-toast-box").len(), 1);
    // Scrolling the page keeps it over the page area.
    let before = rects(&rt, ".mica-toast-box")[0];
    rt.scroll_at(480.0, 300.0, 0.0, 200.0)
        .unwrap_or_else(|e| panic!("scroll: {e}"));
    assert!(rt.page_scroll_top() > 0.0);
    rt.render_frame().unwrap_or_else(|e| panic!("frame: {e}"));
    assert_eq!(rects(&rt, ".mica-toast-box")[0], before);
    advance(&mut rt, 1500);
    assert_eq!(toast(&rt), Value::Null);
}

/// The classes of the last children of the page root, first to last.
fn last_layers(rt: &Runtime, n: usize) -> Vec<String> {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    let children = &doc.node(doc.root()).children;
    children[children.len().saturating_sub(n)..]
        .iter()
        .map(|c| doc.node(*c).attr("class").unwrap_or("").to_string())
        .collect()
}

#[test]
fn layers_stay_over_content_added_later() {
    // A toast from `App.onLaunch` comes before the first page's content exists.
    let mut rt = Runtime::open(
        fixture("dialogs"),
        mica_engine::runtime::RuntimeConfig {
            width: SIZE.0,
            height: SIZE.1,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("open: {e}"));
    rt.launch(Some("pages/index/index?launchToast=1"))
        .unwrap_or_else(|e| panic!("launch: {e}"));
    assert_eq!(toast(&rt)["title"], "Welcome");
    assert_eq!(last_layers(&rt, 1), ["mica-toast"]);
    // A node the page adds at the end of its root goes under the modal and the toast.
    call(&mut rt, "modal");
    call(&mut rt, "showExtra");
    assert_eq!(rects(&rt, "#extra").len(), 1);
    assert_eq!(last_layers(&rt, 2), ["mica-modal-mask", "mica-toast"]);
    press(&mut rt, &[Key::Enter]);
    assert_eq!(log(&rt), CONFIRMED);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

/// The js_loop app after its `spin()` handler (`while (true) {}`) was stopped.
fn stopped() -> Runtime {
    let mut rt = launch(fixture("js_loop"), SIZE.0, SIZE.1);
    tap(&mut rt, "#spin");
    rt
}

#[test]
fn error_overlay_shows_after_the_watchdog_stops_a_script() {
    let mut rt = stopped();
    let overlay = rt.dump()["errorOverlay"].clone();
    assert_ne!(overlay, Value::Null, "errors: {:?}", rt.errors());
    assert_eq!(overlay["remainingMs"], 5000);
    let text = rt
        .document()
        .map(|doc| {
            mica_layout::select_all(doc, ".mica-error-banner-box")
                .into_iter()
                .flat_map(|n| doc.descendants(n))
                .map(|n| doc.node(n).text.clone())
                .collect::<String>()
        })
        .unwrap_or_default();
    assert!(text.starts_with("Script stopped"), "{text}");
    assert!(rt.errors().iter().any(|e| e.source == "watchdog"));
    check_golden(&rt, "dialogs-error-banner");
    // The banner is over #ok, which still takes taps; keys reach the page too.
    let banner = rects(&rt, ".mica-error-banner-box")[0];
    let ok = rects(&rt, "#ok")[0];
    let centre = (ok.x + ok.width / 2.0, ok.y + ok.height / 2.0);
    assert!(banner.contains(centre.0, centre.1), "{banner:?} {ok:?}");
    tap(&mut rt, "#ok");
    assert_eq!(text_by_id(&rt, "ok"), "1");
    press(&mut rt, &[Key::Down]);
    assert_eq!(rt.dump()["focused"]["id"], "ok");
    // It goes after 5 s on the view's clock.
    advance(&mut rt, 4999);
    assert_ne!(rt.dump()["errorOverlay"], Value::Null);
    assert_eq!(rt.next_wakeup(), Some(Duration::from_millis(1)));
    advance(&mut rt, 1);
    assert_eq!(rt.dump()["errorOverlay"], Value::Null);
    assert_eq!(rt.next_wakeup(), None);
    assert!(rects(&rt, ".mica-error-banner").is_empty());
}
