//! `input` and `textarea` through the real runtime (engine/tests/apps/text_input): Mica's
//! on-screen keyboard driven by the D-pad, digit keys and taps, the field rules (`type`,
//! `maxlength`, `password`, `disabled`), a `bindinput` handler that returns the new
//! value, the `focus` attribute, and a host input method taking over text entry.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use mica_engine::platform::Key;
use mica_engine::runtime::{InputMethod, Runtime, RuntimeConfig, TextEdit, TextField};
use mica_layout::{NodeId, Rect};

use crate::golden::check_golden;
use crate::support::{fixture, launch, text_by_id};
use crate::support::{press, tap};

const SIZE: (u32, u32) = (960, 600);

fn app() -> Runtime {
    let rt = launch(fixture("text_input"), SIZE.0, SIZE.1);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    assert!(rt.warnings().is_empty(), "{:?}", rt.warnings());
    rt
}

fn log(rt: &Runtime) -> String {
    text_by_id(rt, "log")
}

fn value(rt: &Runtime, selector: &str) -> String {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    let n = mica_layout::select(doc, selector).unwrap_or_else(|| panic!("no {selector}"));
    doc.node(n).attr("value").unwrap_or("").to_string()
}

fn rect(rt: &Runtime, selector: &str) -> Rect {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    let n = mica_layout::select(doc, selector).unwrap_or_else(|| panic!("no {selector}"));
    doc.node(n).rect
}

fn text_of(rt: &Runtime, n: NodeId) -> String {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    doc.descendants(n)
        .into_iter()
        .map(|c| doc.node(c).text.clone())
        .collect()
}

/// The keys drawn: `(row, column, label, highlighted, node)`.
fn keys(rt: &Runtime) -> Vec<(usize, usize, String, bool, NodeId)> {
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    mica_layout::select_all(doc, ".mica-keyboard-key")
        .into_iter()
        .filter_map(|k| {
            let n = doc.node(k);
            let (r, c) = n.attr("mica-key")?.split_once(',')?;
            let lit = n.attr("style").is_some_and(|s| s.contains("#1aad19"));
            Some((r.parse().ok()?, c.parse().ok()?, text_of(rt, k), lit, k))
        })
        .collect()
}

fn keyboard_open(rt: &Runtime) -> bool {
    rt.document()
        .is_some_and(|d| mica_layout::select(d, ".mica-keyboard").is_some())
}

/// Moves the keyboard's highlight to the key labelled `label` with the arrows (rows
/// first, then along the row), then presses Enter.
fn type_key(rt: &mut Runtime, label: &str) {
    for _ in 0..40 {
        let all = keys(rt);
        let (r, c, ..) = all
            .iter()
            .find(|k| k.3)
            .cloned()
            .unwrap_or_else(|| panic!("no highlighted key"));
        let (tr, tc, ..) = all
            .iter()
            .find(|k| k.2 == label)
            .cloned()
            .unwrap_or_else(|| panic!("no key {label}"));
        let key = if tr < r {
            Key::Up
        } else if tr > r {
            Key::Down
        } else if tc > c {
            Key::Right
        } else if tc < c {
            Key::Left
        } else {
            return press(rt, &[Key::Enter]);
        };
        press(rt, &[key]);
    }
    panic!("could not reach key {label}");
}

fn tap_key(rt: &mut Runtime, label: &str) {
    let k = keys(rt)
        .into_iter()
        .find(|k| k.2 == label)
        .unwrap_or_else(|| panic!("no key {label}"));
    let r = rt.document().map(|d| d.node(k.4).rect).unwrap_or_default();
    rt.tap_at(r.x + r.width / 2.0, r.y + r.height / 2.0)
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn the_d_pad_types_on_the_keyboard_and_back_closes_it() {
    let mut rt = app();
    assert_eq!(rt.dump()["focused"]["id"], "name");
    press(&mut rt, &[Key::Enter]);
    assert!(keyboard_open(&rt));
    assert!(rt.keyboard_open());
    let kb = rect(&rt, ".mica-keyboard");
    assert_eq!(
        kb.y + kb.height,
        SIZE.1 as f32,
        "at the bottom of the window"
    );
    assert!(
        log(&rt).starts_with("focus:name:{\"value\":\"\",\"height\":"),
        "{}",
        log(&rt)
    );
    // Letters, then a digit from the remote.
    type_key(&mut rt, "h");
    type_key(&mut rt, "i");
    press(&mut rt, &[Key::Digit(4)]);
    assert_eq!(value(&rt, "#name"), "hi4");
    assert_eq!(text_by_id(&rt, "out-name"), "hi4");
    assert!(
        log(&rt).contains("input:{\"value\":\"h\",\"cursor\":1,\"keyCode\":104}"),
        "{}",
        log(&rt)
    );
    // The preview line shows what is typed.
    let preview = mica_layout::select(
        rt.document().unwrap_or_else(|| panic!()),
        ".mica-keyboard-text",
    )
    .unwrap_or_else(|| panic!("no preview"));
    assert_eq!(text_of(&rt, preview), "hi4");
    // Shift gives one capital; the symbols layout has punctuation.
    type_key(&mut rt, "Shift");
    type_key(&mut rt, "A");
    type_key(&mut rt, "a");
    type_key(&mut rt, "#+=");
    type_key(&mut rt, "!");
    type_key(&mut rt, "Del");
    type_key(&mut rt, "?");
    assert_eq!(value(&rt, "#name"), "hi4Aa?");
    // Back closes the keyboard (blur) and does not leave the page.
    press(&mut rt, &[Key::Back]);
    assert!(!keyboard_open(&rt));
    assert!(
        log(&rt).ends_with("blur:name:{\"value\":\"hi4Aa?\",\"cursor\":6};"),
        "{}",
        log(&rt)
    );
    assert_eq!(rt.dump()["focused"]["id"], "name");
    // The arrows move the page's focus again.
    press(&mut rt, &[Key::Right]);
    assert_eq!(rt.dump()["focused"]["id"], "pin");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn the_confirm_key_sends_confirm_then_blur() {
    let mut rt = app();
    press(&mut rt, &[Key::Enter, Key::Digit(7)]);
    type_key(&mut rt, "Send");
    assert!(!keyboard_open(&rt));
    assert!(
        log(&rt)
            .ends_with("confirm:name:{\"value\":\"7\"};blur:name:{\"value\":\"7\",\"cursor\":1};"),
        "{}",
        log(&rt)
    );
}

#[test]
fn taps_press_keys_and_a_tap_elsewhere_closes_the_keyboard() {
    let mut rt = app();
    tap(&mut rt, "#name");
    assert!(keyboard_open(&rt));
    tap_key(&mut rt, "a");
    tap_key(&mut rt, "Shift");
    tap_key(&mut rt, "B");
    tap_key(&mut rt, "c");
    tap_key(&mut rt, "Del");
    assert_eq!(value(&rt, "#name"), "aB");
    // A tap on the field itself keeps editing.
    tap(&mut rt, "#name");
    assert!(keyboard_open(&rt));
    // A tap on another field ends this one and starts that one: a digit pad.
    tap(&mut rt, "#pin");
    assert!(
        log(&rt).contains("blur:name:{\"value\":\"aB\",\"cursor\":2};"),
        "{}",
        log(&rt)
    );
    let labels: Vec<String> = keys(&rt).into_iter().map(|k| k.2).collect();
    assert_eq!(
        labels,
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "Del", "Done"]
    );
    // A tap on the page outside any field closes it.
    rt.tap_at(900.0, 300.0).unwrap_or_else(|e| panic!("{e}"));
    assert!(!keyboard_open(&rt));
}

#[test]
fn number_password_and_maxlength_rules_apply() {
    let mut rt = app();
    press(&mut rt, &[Key::Right, Key::Digit(1)]);
    assert!(
        keyboard_open(&rt),
        "a digit on a focused field starts editing"
    );
    press(
        &mut rt,
        &[Key::Digit(2), Key::Digit(3), Key::Digit(4), Key::Digit(5)],
    );
    assert_eq!(value(&rt, "#pin"), "1234", "maxlength 4");
    assert_eq!(log(&rt), "pin:1;pin:12;pin:123;pin:1234;");
    let shown = mica_layout::select(
        rt.document().unwrap_or_else(|| panic!()),
        "#pin .mica-input-text",
    )
    .unwrap_or_else(|| panic!("no text part"));
    assert_eq!(
        text_of(&rt, shown),
        "\u{2022}".repeat(4),
        "a password shows dots"
    );
    type_key(&mut rt, "Del");
    assert_eq!(value(&rt, "#pin"), "123");
    // A disabled field does not edit.
    press(&mut rt, &[Key::Back]);
    let mut rt = app();
    tap(&mut rt, "#off");
    assert!(!keyboard_open(&rt));
    assert_eq!(value(&rt, "#off"), "fixed");
}

#[test]
fn a_bindinput_handler_returning_a_string_replaces_the_value() {
    let mut rt = app();
    tap(&mut rt, "#upper");
    tap_key(&mut rt, "q");
    assert_eq!(value(&rt, "#upper"), "Q");
    press(&mut rt, &[Key::Digit(1)]);
    tap_key(&mut rt, "w");
    assert_eq!(value(&rt, "#upper"), "Q1W");
    let preview = mica_layout::select(
        rt.document().unwrap_or_else(|| panic!()),
        ".mica-keyboard-text",
    )
    .unwrap_or_else(|| panic!("no preview"));
    assert_eq!(text_of(&rt, preview), "Q1W");
}

#[test]
fn a_textarea_takes_new_lines_and_grows() {
    let mut rt = app();
    let before = rect(&rt, "#notes");
    tap(&mut rt, "#notes");
    tap_key(&mut rt, "a");
    tap_key(&mut rt, "Enter");
    tap_key(&mut rt, "b");
    tap_key(&mut rt, "Enter");
    tap_key(&mut rt, "c");
    assert_eq!(value(&rt, "#notes"), "a\nb\nc");
    assert_eq!(
        log(&rt),
        "notes:\"a\";notes:\"a\\n\";notes:\"a\\nb\";notes:\"a\\nb\\n\";notes:\"a\\nb\\nc\";"
    );
    let after = rect(&rt, "#notes");
    assert!(
        after.height - before.height > 40.0,
        "two more lines: {before:?} → {after:?}"
    );
    // A long line wraps inside the box, which grows again.
    let three_lines = rect(&rt, "#notes").height;
    rt.edit_text(TextEdit::Insert(" and then a line that is long enough to wrap twice in a box that is only four hundred pixels wide".into()))
        .unwrap_or_else(|e| panic!("{e}"));
    let wrapped = rect(&rt, "#notes");
    assert!(
        wrapped.height - three_lines > 15.0,
        "{three_lines} → {wrapped:?}"
    );
    let doc = rt.document().unwrap_or_else(|| panic!("no page"));
    for t in mica_layout::select_all(doc, "#notes .mica-input-text") {
        let r = doc.node(t).rect;
        assert!(
            r.x + r.width <= wrapped.x + wrapped.width,
            "{r:?} in {wrapped:?}"
        );
    }
    // `confirm-type="return"`: Done ends editing without `confirm`.
    tap_key(&mut rt, "Done");
    assert!(!keyboard_open(&rt));
    assert!(
        log(&rt).contains("blur:notes:{\"value\":\"a\\nb\\nc and then"),
        "{}",
        log(&rt)
    );
    assert!(!log(&rt).contains("confirm"));
}

#[test]
fn the_focus_attribute_opens_the_keyboard_once() {
    let mut rt = app();
    rt.call_page_method("focusLater", serde_json::json!({}))
        .unwrap_or_else(|e| panic!("{e}"));
    rt.advance(Duration::ZERO).unwrap_or_else(|e| panic!("{e}"));
    assert!(keyboard_open(&rt));
    let height = rect(&rt, ".mica-keyboard").height;
    assert_eq!(
        log(&rt),
        format!(
            "keyboard:{{\"height\":{height},\"duration\":0}};\
             focus:later:{{\"value\":\"\",\"height\":{height}}};"
        )
    );
    press(&mut rt, &[Key::Back]);
    assert!(
        log(&rt).ends_with(
            "blur:later:{\"value\":\"\",\"cursor\":0};keyboard:{\"height\":0,\"duration\":0};"
        ),
        "{}",
        log(&rt)
    );
    rt.advance(Duration::from_millis(16))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!keyboard_open(&rt), "still `focus`, but it asked once");
}

#[test]
fn the_keyboard_open_over_an_input_matches_its_reference() {
    let mut rt = app();
    press(&mut rt, &[Key::Enter]);
    type_key(&mut rt, "Shift");
    type_key(&mut rt, "M");
    type_key(&mut rt, "i");
    type_key(&mut rt, "c");
    type_key(&mut rt, "a");
    press(&mut rt, &[Key::Up, Key::Left]);
    check_golden(&rt, "keyboard-open");
}

/// An input method that records what it is asked and takes over.
#[derive(Debug, Default)]
struct Recorder {
    calls: Mutex<Vec<String>>,
}

impl InputMethod for Recorder {
    fn begin(&self, field: &TextField) -> bool {
        if let Ok(mut c) = self.calls.lock() {
            c.push(format!("begin:{}:{}", field.value, field.confirm_type));
        }
        true
    }
    fn end(&self) {
        if let Ok(mut c) = self.calls.lock() {
            c.push("end".into());
        }
    }
}

#[test]
fn a_host_input_method_takes_over_text_entry() {
    let ime = Arc::new(Recorder::default());
    let config = RuntimeConfig {
        width: SIZE.0,
        height: SIZE.1,
        input_method: Some(ime.clone()),
        ..Default::default()
    };
    let mut rt = Runtime::open(fixture("text_input"), config).unwrap_or_else(|e| panic!("{e}"));
    rt.launch(None).unwrap_or_else(|e| panic!("{e}"));
    press(&mut rt, &[Key::Enter]);
    assert!(!keyboard_open(&rt), "Mica draws no keyboard");
    let field = rt.text_field().unwrap_or_else(|| panic!("no field edited"));
    assert_eq!(field.confirm_type, "send");
    assert!(
        log(&rt).starts_with("focus:name:{\"value\":\"\",\"height\":0}"),
        "{}",
        log(&rt)
    );
    rt.edit_text(TextEdit::Insert("héllo".into()))
        .unwrap_or_else(|e| panic!("{e}"));
    rt.edit_text(TextEdit::Backspace)
        .unwrap_or_else(|e| panic!("{e}"));
    rt.edit_text(TextEdit::Replace("你好".into()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value(&rt, "#name"), "你好");
    assert!(
        log(&rt).contains("input:{\"value\":\"héll\",\"cursor\":4,\"keyCode\":8}"),
        "{}",
        log(&rt)
    );
    rt.edit_text(TextEdit::Confirm)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(rt.text_field().is_none());
    assert!(
        log(&rt).ends_with(
            "confirm:name:{\"value\":\"你好\"};blur:name:{\"value\":\"你好\",\"cursor\":2};"
        ),
        "{}",
        log(&rt)
    );
    let calls = ime.calls.lock().map(|c| c.clone()).unwrap_or_default();
    assert_eq!(calls, ["begin::send", "end"]);
}
