//! Bad input never panics: it gives a positioned error or a warning, and the runtime goes on.

use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::EngineError;

use crate::support::{find_id, fixture, launch, text_by_id};

#[test]
fn malformed_xml_is_an_error_with_file_line_col() {
    let mut rt = Runtime::open(
        fixture("broken_xml"),
        RuntimeConfig {
            width: 320,
            height: 240,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let err = match rt.launch(None) {
        Err(e) => e,
        Ok(()) => panic!("a malformed template must not render"),
    };
    assert!(matches!(err, EngineError::Template(_)), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.starts_with("pages/index/index.wxml:5:"),
        "message must carry file:line:col, got {msg}"
    );
}

#[test]
fn unknown_tag_renders_as_view_with_a_warning() {
    let rt = launch(fixture("unknown_tag"), 320, 240);
    let dump = rt.dump();
    let w = find_id(&dump["tree"], "w").unwrap_or_else(|| panic!("no #w"));
    assert_eq!(w["box"]["width"], 200.0);
    assert_eq!(w["box"]["height"], 50.0);
    let warnings: Vec<&str> = rt.warnings().iter().map(|w| w.message.as_str()).collect();
    assert!(
        warnings.iter().any(|w| w.contains("fancy-widget")),
        "{warnings:?}"
    );
    // Painted like a view: the red background is there.
    let px = rt
        .pixmap()
        .pixel(100, 25)
        .map(|p| (p.red(), p.green(), p.blue()));
    assert_eq!(px, Some((255, 0, 0)));
}

#[test]
fn css_syntax_error_skips_the_rule_with_a_warning() {
    let rt = launch(fixture("css_error"), 320, 240);
    let dump = rt.dump();
    let width = |id: &str| find_id(&dump["tree"], id).map(|n| n["box"]["width"].clone());
    // Line 5's selector list holds an invalid selector: the whole rule is dropped
    // (Selectors 4 §3.1), so `.a` keeps its 100px.
    assert_eq!(width("a"), Some(100.0.into()));
    // `color: ;` is dropped and the rest of `.b` applies. The stray `}` after it becomes
    // part of the next rule's prelude (CSS Syntax 3 §5.4.3), so Chromium drops that rule
    // too: 200px, not 250px.
    assert_eq!(width("b"), Some(200.0.into()));
    assert_eq!(width("c"), Some(300.0.into()));
    let warnings: Vec<&str> = rt.warnings().iter().map(|w| w.message.as_str()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("pages/index/index.wxss:2:41:")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("pages/index/index.wxss:5:")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("zoom-level")),
        "{warnings:?}"
    );
}

#[test]
fn exception_in_onload_is_reported_and_the_page_renders() {
    let mut rt = launch(fixture("onload_throws"), 320, 240);
    let errors: Vec<&str> = rt.errors().iter().map(|e| e.message.as_str()).collect();
    assert!(
        errors.iter().any(|e| e.contains("boom in onLoad")),
        "{errors:?}"
    );
    // setData before the throw still applies, as in WeChat.
    assert_eq!(text_by_id(&rt, "greeting"), "set before the throw");
    rt.tap("#after").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "after"), "1");
}

#[test]
fn infinite_loop_in_a_handler_is_stopped_and_the_app_goes_on() {
    let mut rt = launch(fixture("js_loop"), 320, 240);
    rt.tap("#spin").unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !rt.errors().is_empty(),
        "the runaway handler must be reported"
    );
    rt.tap("#ok").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "ok"), "1");
}

#[test]
fn bad_app_json_is_a_positioned_error() {
    let err = Runtime::open(fixture("bad_json"), RuntimeConfig::default())
        .and_then(|mut rt| rt.launch(None))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.starts_with("app.json:3:"), "{err}");
}

#[test]
fn empty_pages_is_an_error() {
    let err = Runtime::open(fixture("no_pages"), RuntimeConfig::default())
        .and_then(|mut rt| rt.launch(None))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("`pages` is empty"), "{err}");
}

#[test]
fn missing_app_is_an_error_not_a_panic() {
    let err = Runtime::open(fixture("does-not-exist"), RuntimeConfig::default())
        .err()
        .map(|e| e.to_string());
    assert!(err.unwrap_or_default().contains("does not exist"));
}

#[test]
fn unknown_route_is_an_error() {
    let mut rt = Runtime::open(fixture("unknown_tag"), RuntimeConfig::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        rt.launch(Some("pages/nope/nope")),
        Err(EngineError::NoSuchPage(_))
    ));
}

#[test]
fn a_runaway_wxs_function_is_reported_and_the_page_keeps_working() {
    let mut rt = launch(fixture("wxs_page"), 320, 240);
    assert_eq!(text_by_id(&rt, "price"), "¥12.05");
    assert_eq!(text_by_id(&rt, "stuck"), "[]");
    let wxs_errors: Vec<_> = rt.errors().iter().filter(|d| d.source == "wxs").collect();
    assert_eq!(wxs_errors.len(), 1, "{:?}", rt.errors());
    assert!(
        wxs_errors[0].message.contains("fmt.spin"),
        "{:?}",
        wxs_errors[0]
    );
    // setData re-runs the price formatter; the stuck one is not run again.
    rt.tap("#bump").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "price"), "¥13.05");
    assert_eq!(rt.errors().iter().filter(|d| d.source == "wxs").count(), 1);
}
