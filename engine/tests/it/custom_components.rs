//! Custom components (`Component()`, `usingComponents`) through the real runtime:
//! properties and their observers, lifetimes and behaviors, default and named slots,
//! `triggerEvent` between components and to the page, `selectComponent`, external
//! classes and style isolation, components from `miniprogram_npm/`, a page built with
//! `Component()`, and broken components (engine/tests/apps/custom_components).

use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_layout::{Color, NodeId};

use crate::support::{call, fixture, tap, text_by_id};

fn app(route: &str) -> Runtime {
    let config = RuntimeConfig {
        width: 480,
        height: 800,
        ..Default::default()
    };
    let mut rt =
        Runtime::open(fixture("custom_components"), config).unwrap_or_else(|e| panic!("{e}"));
    rt.launch(Some(route)).unwrap_or_else(|e| panic!("{e}"));
    rt
}

fn index() -> Runtime {
    let rt = app("pages/index/index");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    assert!(rt.warnings().is_empty(), "{:?}", rt.warnings());
    rt
}

fn node(rt: &Runtime, id: &str) -> NodeId {
    let doc = rt.document().unwrap_or_else(|| panic!("no document"));
    mica_layout::select(doc, &format!("#{id}")).unwrap_or_else(|| panic!("no #{id}"))
}

/// Whether `#inner` is inside `#outer` in the document.
fn inside(rt: &Runtime, inner: &str, outer: &str) -> bool {
    let doc = rt.document().unwrap_or_else(|| panic!("no document"));
    let (i, o) = (node(rt, inner), node(rt, outer));
    doc.ancestors(i).any(|a| a == o)
}

fn color(rt: &Runtime, id: &str) -> Color {
    let doc = rt.document().unwrap_or_else(|| panic!("no document"));
    doc.node(node(rt, id)).style.color
}

fn background(rt: &Runtime, id: &str) -> Color {
    let doc = rt.document().unwrap_or_else(|| panic!("no document"));
    doc.node(node(rt, id)).style.background_color
}

fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color { r, g, b, a: 255 }
}

#[test]
fn properties_lifetimes_behaviors_and_observers_run_in_wechat_order() {
    let mut rt = index();
    assert_eq!(text_by_id(&rt, "card-title"), "Hello");
    // The Number property took `{{n}}`; the `observers` entry doubled it.
    assert_eq!(text_by_id(&rt, "card-count"), "1x2");
    // created (no setData), the initial property's observer, the behavior's attached
    // before the component's, then ready.
    assert_eq!(
        text_by_id(&rt, "card-life"),
        "created,obs0>1,battached,attached,ready,"
    );
    // A static attribute converted to the Number property type, then set in attached.
    assert_eq!(text_by_id(&rt, "cnt-v"), "5");
    // A component from miniprogram_npm/ and one from app.json's usingComponents.
    assert_eq!(text_by_id(&rt, "tag"), "npm tag");
    assert_eq!(text_by_id(&rt, "badge"), "global");
    // app.json's components are usable inside components too.
    assert_eq!(text_by_id(&rt, "card-badge"), "in card");

    call(&mut rt, "bumpTitle");
    assert_eq!(text_by_id(&rt, "card-title"), "World");
    assert_eq!(text_by_id(&rt, "card-count"), "2x4");
    assert!(
        text_by_id(&rt, "card-life").ends_with("ready,obs1>2,"),
        "{}",
        text_by_id(&rt, "card-life")
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn slot_content_goes_to_its_slot_and_follows_the_page_data() {
    let mut rt = index();
    assert!(inside(&rt, "slot-default", "default-wrap"));
    assert!(inside(&rt, "slot-footer", "footer-wrap"));
    assert!(!inside(&rt, "slot-footer", "default-wrap"));
    assert_eq!(text_by_id(&rt, "slot-default"), "default 1");
    // Content bound to page data updates with it; a wx:if inside the content lands in
    // the slot too.
    call(&mut rt, "showExtra");
    assert_eq!(text_by_id(&rt, "slot-default"), "default 3");
    assert!(inside(&rt, "slot-extra", "default-wrap"));
    // The slot takes no box: the content sits where the slot is.
    let doc = rt.document().unwrap_or_else(|| panic!("no document"));
    let wrap = doc.node(node(&rt, "default-wrap")).rect;
    let first = doc.node(node(&rt, "slot-default")).rect;
    assert_eq!((first.x, first.y), (wrap.x, wrap.y));
    // npm component's default slot.
    assert!(inside(&rt, "van-tag-v", "tag"));
}

#[test]
fn trigger_event_reaches_the_host_bindings_of_the_page_and_of_components() {
    let mut rt = index();
    tap(&mut rt, "#card-btn");
    assert_eq!(text_by_id(&rt, "log"), "bump:{\"n\":1}@card1;");
    // A component inside a component: the event goes to the enclosing component's
    // method, whose setData flows back down as a property.
    assert_eq!(text_by_id(&rt, "dot-v"), "red");
    tap(&mut rt, "#dot-v");
    assert_eq!(text_by_id(&rt, "dot-v"), "blue");
    tap(&mut rt, "#cnt-v");
    assert_eq!(text_by_id(&rt, "cnt-v"), "6");
    assert!(
        text_by_id(&rt, "log").ends_with("changed:6;"),
        "{}",
        text_by_id(&rt, "log")
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn trigger_event_options_decide_how_far_the_event_goes() {
    let mut rt = index();
    tap(&mut rt, "#dot-ping");
    // bubbles + composed: from the dot's host, through the card, into the page; the
    // target seen from the page is the dot's host.
    assert_eq!(text_by_id(&rt, "log"), "ping:1@root<dot;");
    // bubbles only: the card's own template hears it, the page does not; without
    // bubbles the card-box binding (above the host) never runs.
    let life = text_by_id(&rt, "card-life");
    assert!(life.ends_with("ready,pong2@card-box,"), "{life}");
    assert!(!life.contains("flat-bubbled"), "{life}");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn page_lifetimes_and_detached_reach_the_components() {
    let mut rt = index();
    rt.set_app_visible(false).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "badge-t"), "hidden");
    rt.set_app_visible(true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "badge-t"), "shown");
    call(&mut rt, "toggleSecond");
    call(&mut rt, "detachedCount");
    assert!(text_by_id(&rt, "log").ends_with("detached:0;"));
    call(&mut rt, "toggleSecond");
    call(&mut rt, "detachedCount");
    // The second counter and the wrapper's counter inside the same `wx:if`.
    assert!(
        text_by_id(&rt, "log").ends_with("detached:2;"),
        "{}",
        text_by_id(&rt, "log")
    );
    // Closing the page detaches its components (here the one counter left).
    call(&mut rt, "relaunch");
    assert_eq!(text_by_id(&rt, "msg"), "x attached loaded 1 1 d3");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_component_built_and_dropped_within_one_patch_never_reaches_the_script() {
    let mut rt = index();
    call(&mut rt, "attachedCount");
    // `a` then `b` change in one setData: the gate shows its counter after `a` and
    // drops it after `b`; the script must not get an instance nobody detaches.
    call(&mut rt, "flipGate");
    call(&mut rt, "attachedCount");
    call(&mut rt, "detachedCount");
    assert_eq!(text_by_id(&rt, "log"), "attached:1;attached:1;detached:0;");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn content_a_component_keeps_off_the_document_is_freed_with_it() {
    let mut rt = index();
    let len = |rt: &Runtime| rt.document().map_or(0, mica_layout::Document::len);
    // The wrapper gives its counter content the counter has no slot for.
    call(&mut rt, "toggleSecond");
    call(&mut rt, "toggleSecond");
    let before = len(&rt);
    for _ in 0..3 {
        call(&mut rt, "toggleSecond");
        call(&mut rt, "toggleSecond");
    }
    assert_eq!(len(&rt), before);
}

#[test]
fn select_component_finds_instances_by_id_and_class() {
    let mut rt = index();
    call(&mut rt, "select");
    assert_eq!(text_by_id(&rt, "log"), "sel:Hello,1,hi b,null,true;");
    // A second counter appears under wx:if; it is created, found, then detached.
    call(&mut rt, "toggleSecond");
    assert_eq!(text_by_id(&rt, "c3"), "9");
    call(&mut rt, "select");
    assert!(text_by_id(&rt, "log").ends_with("sel:Hello,2,hi b,null,true;"));
    call(&mut rt, "toggleSecond");
    call(&mut rt, "select");
    assert!(text_by_id(&rt, "log").ends_with("sel:Hello,1,hi b,null,true;"));
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_selector_query_in_a_component_sees_its_own_nodes_by_its_own_classes() {
    let mut rt = index();
    call(&mut rt, "measure");
    let log = text_by_id(&rt, "log");
    // `.inner` is the component's title (the page has an `.inner` too); `view` finds
    // the card's own views, not the dot component's nor the page's slot content.
    assert!(
        log.starts_with("measured:{\"inner\":\"card-title:"),
        "{log}"
    );
    assert!(
        log.contains("\"views\":\"card-box+default-wrap+footer-wrap+card-btn\""),
        "{log}"
    );
    assert!(log.contains("\"slotted\":null"), "{log}");
    assert!(!log.contains("card-title:0"), "{log}");
}

#[test]
fn component_styles_are_isolated_and_external_classes_cross_in() {
    let rt = index();
    // The component's `.inner` colours its own node; the page's `.inner` and the app's
    // `.title` do not reach it.
    assert_eq!(color(&rt, "card-title"), rgb(0x12, 0x34, 0x56));
    assert_ne!(background(&rt, "card-title"), rgb(0, 0, 0xff));
    // ... and they still style the page's own node of the same classes.
    assert_eq!(color(&rt, "page-title"), rgb(0xff, 0, 0));
    assert_eq!(background(&rt, "page-title"), rgb(0, 0, 0xff));
    // custom-class="ext" brings the page's `.ext` into the component.
    assert_eq!(background(&rt, "card-box"), rgb(0, 0xff, 0));
    // The component's tag rule stays inside it; `:host` styles the host.
    let doc = rt.document().unwrap_or_else(|| panic!("no document"));
    assert!((doc.node(node(&rt, "card-box")).style.opacity - 0.9).abs() < 1e-6);
    assert!((doc.node(node(&rt, "root")).style.opacity - 1.0).abs() < 1e-6);
    let host = doc.node(node(&rt, "card1")).rect;
    let spacer = doc.node(node(&rt, "spacer")).rect;
    assert_eq!(
        host.y,
        spacer.y + spacer.height + 7.0,
        "{host:?} {spacer:?}"
    );
    // `:not(.inner)` is scoped too: the title (`.inner`) keeps its size, the count
    // (not `.inner`) takes 13px.
    assert_eq!(doc.node(node(&rt, "card-title")).style.font_size, 16.0);
    assert_eq!(doc.node(node(&rt, "card-count")).style.font_size, 13.0);
    // The npm component's own stylesheet.
    assert_eq!(background(&rt, "van-tag-v"), rgb(0x19, 0x89, 0xfa));
}

#[test]
fn a_page_built_with_component_gets_its_query_as_properties() {
    let rt = app("pages/comp_page/comp_page?id=42");
    assert_eq!(text_by_id(&rt, "msg"), "x attached loaded 42 42 d0");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_missing_component_and_a_throwing_lifetime_are_named_and_the_page_still_renders() {
    let rt = app("pages/broken/broken");
    assert_eq!(text_by_id(&rt, "g"), "still here");
    assert_eq!(text_by_id(&rt, "badjs-t"), "shown");
    let warnings = format!("{:?}", rt.warnings());
    assert!(
        warnings.contains("pages/broken/broken.json: usingComponents.gone: /components/gone/gone: no such component"),
        "{warnings}"
    );
    let errors = format!("{:?}", rt.errors());
    assert!(errors.contains("attached blew up"), "{errors}");
    assert!(errors.contains("components/badjs/badjs"), "{errors}");
}

#[test]
fn a_packed_app_runs_its_components_from_compiled_templates() {
    use mica_engine::package::keys::SigningKey;
    use mica_engine::package::pack::PackOptions;
    let options = PackOptions::new(SigningKey::from_seed([0x21; 32]), [0x22; 32]);
    let (path, trust) = crate::support::pack_fixture("custom_components", "components", &options);
    let pkg =
        mica_engine::package::Package::open_with(&path, &trust).unwrap_or_else(|e| panic!("{e}"));
    assert!(!pkg.exists("components/card/card.wxml"));
    assert!(pkg.exists("components/card/card.mir"));
    assert!(pkg.exists("miniprogram_npm/@vant/weapp/tag/index.mir"));
    let config = RuntimeConfig {
        width: 480,
        height: 800,
        trust,
        ..Default::default()
    };
    let rt = Runtime::open(&path, config).map(|mut rt| {
        let r = rt.launch(None).map(|()| rt);
        let _ = std::fs::remove_file(&path);
        r
    });
    let rt = match rt {
        Ok(Ok(rt)) => rt,
        Ok(Err(e)) | Err(e) => panic!("{e}"),
    };
    // The component templates were compiled at pack time; the sources are not in it.
    assert_eq!(text_by_id(&rt, "card-count"), "1x2");
    assert_eq!(text_by_id(&rt, "tag"), "npm tag");
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn the_remote_reaches_buttons_inside_components() {
    use mica_engine::platform::Key;
    let mut rt = index();
    let target = node(&rt, "card-btn");
    let mut reached = false;
    for _ in 0..12 {
        if rt.focused() == Some(target) {
            reached = true;
            break;
        }
        rt.press(Key::Down).unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(reached, "focus never reached #card-btn");
    // OK taps it: the component's handler runs and its event reaches the page.
    rt.press(Key::Enter).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_by_id(&rt, "log"), "bump:{\"n\":1}@card1;");
}
