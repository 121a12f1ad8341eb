//! The app going to the background and back (`Runtime::set_app_visible`), launch options,
//! `wx.onAppShow` / `wx.onAppHide` and `wx.nextTick` (engine/tests/apps/app_events).

use mica_engine::runtime::{Runtime, RuntimeConfig};

use crate::support::{call, fixture, text_by_id};

fn app() -> Runtime {
    let config = RuntimeConfig {
        width: 320,
        height: 240,
        ..Default::default()
    };
    let mut rt = Runtime::open(fixture("app_events"), config).unwrap_or_else(|e| panic!("{e}"));
    rt.launch(Some("pages/index/index?x=7"))
        .unwrap_or_else(|e| panic!("{e}"));
    rt
}

#[test]
fn background_and_back_run_the_lifecycles_and_listeners_in_wechat_order() {
    let mut rt = app();
    rt.set_app_visible(false).expect("hide");
    assert!(rt.app_hidden());
    rt.set_app_visible(false).expect("hide twice: nothing");
    rt.set_app_visible(true).expect("show");
    call(&mut rt, "show");
    assert_eq!(
        text_by_id(&rt, "log"),
        "app:onLaunch(pages/index/index?{\"x\":\"7\"},1001) app:onShow(pages/index/index) \
         page:onLoad(7) page:onShow \
         page:onHide app:onHide listener:hide \
         app:onShow(pages/index/index) listener:show(1001) page:onShow"
    );
    // The broken listener was reported, and did not stop the others.
    assert!(
        rt.errors()
            .iter()
            .any(|d| d.message.contains("a broken listener")),
        "{:?}",
        rt.errors()
    );
    // Launch options are copies: changing one does not change the next.
    assert_eq!(
        text_by_id(&rt, "opts"),
        "pages/index/index {\"x\":\"7\"} 1001"
    );
    // nextTick runs after the current code.
    assert_eq!(text_by_id(&rt, "ticks"), "sync,tick");
    // offAppHide() without a function removes every listener.
    call(&mut rt, "stopListening");
    rt.set_app_visible(false).expect("hide");
    rt.set_app_visible(true).expect("show");
    call(&mut rt, "show");
    assert!(
        text_by_id(&rt, "log").ends_with(
            "page:onHide app:onHide app:onShow(pages/index/index) listener:show(1001) page:onShow"
        ),
        "{}",
        text_by_id(&rt, "log")
    );
}

#[test]
fn a_platform_sends_the_app_to_the_background_through_the_main_loop() {
    use mica_engine::headless::HeadlessPlatform;
    use mica_engine::package::Package;
    use mica_engine::platform::InputEvent;
    // What the Android TV platform sends on Pause, Resume and a new window.
    let mut platform = HeadlessPlatform::new(320, 240);
    for event in [
        InputEvent::Visibility { visible: false },
        InputEvent::Visibility { visible: true },
        InputEvent::Expose,
        InputEvent::Quit,
    ] {
        platform.push_input(event);
    }
    let package = Package::open(fixture("app_events")).expect("package");
    let mut rt = Runtime::with_platform(package, RuntimeConfig::default(), Box::new(platform))
        .expect("runtime");
    rt.launch(None).expect("launch");
    rt.run().expect("run");
    assert!(!rt.app_hidden());
    call(&mut rt, "show");
    let log = text_by_id(&rt, "log");
    assert!(
        log.contains("page:onShow page:onHide app:onHide listener:hide app:onShow("),
        "{log}"
    );
    assert!(log.ends_with("listener:show(1001) page:onShow"), "{log}");
}
