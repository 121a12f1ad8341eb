//! The page stack: wx.navigateTo, navigateBack, redirectTo, reLaunch, switchTab and the
//! Back key, with WeChat's lifecycle order, tab rules, limits and errMsgs.
//!
//! The `nav_stack` fixture logs every lifecycle as `page:event` (and a route call's
//! success as `ok(errMsg)`) on `getApp().globalData.log`; each page mirrors the log into
//! `#log`, `getCurrentPages()` into `#stack` and a failed call's errMsg into `#err`.

use mica_engine::runtime::{BackOutcome, Runtime};

use crate::support::tap;
use crate::support::{fixture, launch, text_by_id};

const HOME: &str = "pages/home/home";
const DETAIL: &str = "pages/detail/detail";
const MORE: &str = "pages/more/more";
const MINE: &str = "pages/mine/mine";

fn app() -> Runtime {
    launch(fixture("nav_stack"), 240, 240)
}

fn log(rt: &Runtime) -> String {
    text_by_id(rt, "log")
}

/// Runs `action` and returns the log entries it added.
fn events(rt: &mut Runtime, action: impl FnOnce(&mut Runtime)) -> String {
    let before = log(rt);
    action(rt);
    let after = log(rt);
    match after.strip_prefix(&before) {
        Some(added) => added.trim().to_string(),
        None => panic!("the log was rewritten:\nbefore: {before}\nafter:  {after}"),
    }
}

fn assert_clean(rt: &Runtime) {
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn launch_loads_shows_and_readies_the_first_page() {
    let rt = app();
    assert_eq!(
        log(&rt),
        "app:onLaunch app:onShow home:onLoad home:onShow home:onReady"
    );
    assert_eq!(rt.route(), Some(HOME));
    assert_eq!(rt.page_stack(), vec![HOME]);
    assert_eq!(text_by_id(&rt, "stack"), "home");
    assert!(!rt.exit_requested());
    assert_clean(&rt);
}

#[test]
fn navigate_to_hides_the_current_page_and_opens_the_new_one_with_its_query() {
    let mut rt = app();
    let added = events(&mut rt, |rt| tap(rt, "#toDetail"));
    assert_eq!(
        added,
        "home:onHide detail:onLoad detail:onShow ok(navigateTo:ok) detail:onReady"
    );
    assert_eq!(rt.page_stack(), vec![HOME, DETAIL]);
    assert_eq!(text_by_id(&rt, "stack"), "home,detail");
    // `%E4%BD%A0%E5%A5%BD` and `a%26b` arrive decoded.
    assert_eq!(
        text_by_id(&rt, "query"),
        r#"{"id":"7","name":"你好","x":"a&b"}"#
    );
    assert_clean(&rt);
}

#[test]
fn navigate_back_unloads_the_top_and_shows_the_page_below() {
    let mut rt = app();
    tap(&mut rt, "#toDetail");
    tap(&mut rt, "#more");
    assert_eq!(rt.page_stack(), vec![HOME, DETAIL, MORE]);
    // The Back key.
    let added = events(&mut rt, |rt| {
        assert_eq!(rt.navigate_back().ok(), Some(BackOutcome::Popped));
    });
    assert_eq!(added, "more:onUnload detail:onShow");
    assert_eq!(rt.route(), Some(DETAIL));
    // wx.navigateBack() from JS: success after the revealed page's onShow.
    let added = events(&mut rt, |rt| tap(rt, "#back"));
    assert_eq!(added, "detail:onUnload home:onShow ok(navigateBack:ok)");
    assert_eq!(rt.page_stack(), vec![HOME]);
    assert_eq!(text_by_id(&rt, "stack"), "home");
    assert_clean(&rt);
}

#[test]
fn navigate_back_by_two_unloads_top_first_and_delta_clamps_to_the_root() {
    let mut rt = app();
    tap(&mut rt, "#toDetail");
    tap(&mut rt, "#more");
    let added = events(&mut rt, |rt| tap(rt, "#back2"));
    assert_eq!(
        added,
        "more:onUnload detail:onUnload home:onShow ok(navigateBack:ok)"
    );
    assert_eq!(rt.page_stack(), vec![HOME]);

    tap(&mut rt, "#toDetail");
    tap(&mut rt, "#more");
    let added = events(&mut rt, |rt| tap(rt, "#back99"));
    assert_eq!(
        added,
        "more:onUnload detail:onUnload home:onShow ok(navigateBack:ok)"
    );
    assert_eq!(rt.page_stack(), vec![HOME]);
    assert!(!rt.exit_requested());
    assert_clean(&rt);
}

#[test]
fn going_back_shows_the_previous_page_as_it_was_repainted_in_full() {
    let mut rt = app();
    for _ in 0..3 {
        tap(&mut rt, "#inc");
    }
    assert_eq!(text_by_id(&rt, "count"), "3");
    let before = rt.pixmap().data().to_vec();
    tap(&mut rt, "#toDetail");
    assert_ne!(
        rt.pixmap().data(),
        &before[..],
        "the detail page is on screen"
    );
    rt.reset_stats();
    assert_eq!(rt.navigate_back().ok(), Some(BackOutcome::Popped));
    assert_eq!(text_by_id(&rt, "count"), "3");
    assert_eq!(rt.pixmap().data(), &before[..]);
    assert_eq!(rt.stats().pixels_repainted, 240 * 240);
    // The revealed page is live: taps reach it.
    tap(&mut rt, "#inc");
    assert_eq!(text_by_id(&rt, "count"), "4");
    assert_clean(&rt);
}

#[test]
fn redirect_to_unloads_the_current_page_and_replaces_it() {
    let mut rt = app();
    tap(&mut rt, "#toDetail");
    let added = events(&mut rt, |rt| tap(rt, "#redirect"));
    assert_eq!(
        added,
        "detail:onUnload more:onLoad more:onShow ok(redirectTo:ok) more:onReady"
    );
    assert_eq!(rt.page_stack(), vec![HOME, MORE]);
    assert_eq!(text_by_id(&rt, "query"), r#"{"from":"detail"}"#);
    // Back skips the replaced page.
    let added = events(&mut rt, |rt| {
        assert_eq!(rt.navigate_back().ok(), Some(BackOutcome::Popped));
    });
    assert_eq!(added, "more:onUnload home:onShow");
    assert_clean(&rt);
}

#[test]
fn re_launch_unloads_every_page_top_first_including_kept_tabs() {
    let mut rt = app();
    tap(&mut rt, "#toMine"); // home is kept alive off the stack
    tap(&mut rt, "#toDetail");
    assert_eq!(rt.page_stack(), vec![MINE, DETAIL]);
    let added = events(&mut rt, |rt| tap(rt, "#relaunch"));
    assert_eq!(
        added,
        "detail:onUnload mine:onUnload home:onUnload \
         more:onLoad more:onShow ok(reLaunch:ok) more:onReady"
    );
    assert_eq!(rt.page_stack(), vec![MORE]);
    assert_eq!(text_by_id(&rt, "query"), r#"{"from":"relaunch"}"#);
    // Back on the new root leaves the app; App onShow/onHide never ran again.
    assert_eq!(rt.navigate_back().ok(), Some(BackOutcome::Exit));
    let log = log(&rt);
    assert_eq!(log.matches("app:").count(), 2, "{log}");
    assert_clean(&rt);
}

#[test]
fn switch_tab_hides_a_tab_and_shows_it_again_with_its_state() {
    let mut rt = app();
    tap(&mut rt, "#inc");
    let added = events(&mut rt, |rt| tap(rt, "#toMine"));
    assert_eq!(
        added,
        "home:onHide mine:onLoad mine:onShow ok(switchTab:ok) mine:onReady"
    );
    assert_eq!(rt.page_stack(), vec![MINE]);
    assert_eq!(text_by_id(&rt, "stack"), "mine");
    tap(&mut rt, "#inc");
    tap(&mut rt, "#inc");
    // Switching back only hides and shows: both tabs stay loaded.
    let added = events(&mut rt, |rt| tap(rt, "#toHome"));
    assert_eq!(added, "mine:onHide home:onShow ok(switchTab:ok)");
    assert_eq!(rt.page_stack(), vec![HOME]);
    assert_eq!(text_by_id(&rt, "count"), "1");
    let added = events(&mut rt, |rt| tap(rt, "#toMine"));
    assert_eq!(added, "home:onHide mine:onShow ok(switchTab:ok)");
    assert_eq!(text_by_id(&rt, "count"), "2");
    // To the tab on screen: nothing happens but success.
    tap(&mut rt, "#toHome");
    let added = events(&mut rt, |rt| tap(rt, "#switchSelf"));
    assert_eq!(added, "ok(switchTab:ok)");
    assert_clean(&rt);
}

#[test]
fn switch_tab_closes_every_non_tab_page() {
    // From a page opened over the target tab: C → A.
    let mut rt = app();
    tap(&mut rt, "#toDetail");
    let added = events(&mut rt, |rt| tap(rt, "#toHome"));
    assert_eq!(added, "detail:onUnload home:onShow ok(switchTab:ok)");
    assert_eq!(rt.page_stack(), vec![HOME]);

    // From two pages deep to a tab not loaded yet: D → B. Home, hidden under them, gets
    // no second onHide and stays alive.
    tap(&mut rt, "#toDetail");
    tap(&mut rt, "#more");
    let added = events(&mut rt, |rt| tap(rt, "#toMine"));
    assert_eq!(
        added,
        "more:onUnload detail:onUnload mine:onLoad mine:onShow ok(switchTab:ok) mine:onReady"
    );
    assert_eq!(rt.page_stack(), vec![MINE]);
    let added = events(&mut rt, |rt| tap(rt, "#toHome"));
    assert_eq!(added, "mine:onHide home:onShow ok(switchTab:ok)");
    assert_clean(&rt);
}

#[test]
fn tab_rules_refuse_with_wechat_err_msgs_and_change_nothing() {
    let mut rt = app();
    let added = events(&mut rt, |rt| tap(rt, "#navTab"));
    assert_eq!(added, "fail");
    assert_eq!(
        text_by_id(&rt, "err"),
        "navigateTo:fail can not navigateTo a tabbar page"
    );
    assert_eq!(rt.page_stack(), vec![HOME]);

    tap(&mut rt, "#toDetail");
    let added = events(&mut rt, |rt| tap(rt, "#redirectTab"));
    assert_eq!(added, "fail");
    assert_eq!(
        text_by_id(&rt, "err"),
        "redirectTo:fail can not redirectTo a tabbar page"
    );
    tap(&mut rt, "#switchDetail");
    assert_eq!(
        text_by_id(&rt, "err"),
        "switchTab:fail can not switch to no-tabBar page"
    );
    assert_eq!(rt.page_stack(), vec![HOME, DETAIL]);
    // switchTab ignores a query string (`?ignored=1`). Home, already hidden under
    // detail, is kept without a second onHide.
    let added = events(&mut rt, |rt| tap(rt, "#toMine"));
    assert_eq!(
        added,
        "detail:onUnload mine:onLoad mine:onShow ok(switchTab:ok) mine:onReady"
    );
    assert_eq!(text_by_id(&rt, "query"), "{}");
    assert_clean(&rt);
}

#[test]
fn the_eleventh_page_fails_with_webview_count_limit_exceed() {
    let mut rt = app();
    tap(&mut rt, "#toDetail");
    // `push` opens `detail?depth=N+1`, a URL relative to the page.
    for _ in 0..8 {
        tap(&mut rt, "#push");
    }
    assert_eq!(rt.page_stack().len(), 10);
    assert_eq!(text_by_id(&rt, "depth"), "9");
    let added = events(&mut rt, |rt| tap(rt, "#push"));
    assert_eq!(added, "fail");
    assert_eq!(
        text_by_id(&rt, "err"),
        "navigateTo:fail webview count limit exceed"
    );
    assert_eq!(rt.page_stack().len(), 10);
    assert_eq!(rt.route(), Some(DETAIL));
    // Back still works from the full stack.
    assert_eq!(rt.navigate_back().ok(), Some(BackOutcome::Popped));
    assert_eq!(text_by_id(&rt, "depth"), "8");
    assert_clean(&rt);
}

#[test]
fn an_unknown_url_fails_and_the_app_keeps_running() {
    let mut rt = app();
    let added = events(&mut rt, |rt| tap(rt, "#toNope"));
    assert_eq!(added, "fail");
    assert_eq!(
        text_by_id(&rt, "err"),
        r#"navigateTo:fail page "pages/nope/nope" is not found"#
    );
    assert!(
        rt.warnings()
            .iter()
            .any(|w| w.source == "navigation" && w.message.contains("pages/nope/nope")),
        "{:?}",
        rt.warnings()
    );
    assert_eq!(rt.page_stack(), vec![HOME]);
    tap(&mut rt, "#inc");
    assert_eq!(text_by_id(&rt, "count"), "1");
    assert_clean(&rt);
}

#[test]
fn promise_forms_resolve_and_reject_with_err_msg() {
    let mut rt = app();
    tap(&mut rt, "#toDetail");
    tap(&mut rt, "#more");
    tap(&mut rt, "#promiseNope");
    assert_eq!(
        text_by_id(&rt, "err"),
        r#"caught:navigateTo:fail page "pages/nope/nope" is not found"#
    );
    let added = events(&mut rt, |rt| tap(rt, "#promiseBack"));
    assert_eq!(added, "more:onUnload detail:onShow then(navigateBack:ok)");
    assert_clean(&rt);
}

#[test]
fn a_page_whose_template_fails_is_not_opened() {
    let mut rt = app();
    let added = events(&mut rt, |rt| tap(rt, "#toBroken"));
    assert_eq!(added, "fail");
    assert!(
        text_by_id(&rt, "err").starts_with("navigateTo:fail pages/broken/broken.wxml"),
        "{}",
        text_by_id(&rt, "err")
    );
    assert!(
        rt.errors().iter().any(|e| e.source == "template"),
        "{:?}",
        rt.errors()
    );
    assert_eq!(rt.page_stack(), vec![HOME]);
    tap(&mut rt, "#inc");
    assert_eq!(text_by_id(&rt, "count"), "1");
}

#[test]
fn back_on_the_root_page_requests_exit() {
    // The Back key.
    let mut rt = app();
    let added = events(&mut rt, |rt| {
        assert_eq!(rt.navigate_back().ok(), Some(BackOutcome::Exit));
    });
    assert_eq!(added, "");
    assert!(rt.exit_requested());
    assert_eq!(rt.page_stack(), vec![HOME]);

    // wx.navigateBack() on the root page.
    let mut rt = app();
    let added = events(&mut rt, |rt| tap(rt, "#back"));
    assert_eq!(added, "ok(navigateBack:ok)");
    assert!(rt.exit_requested());
    assert_eq!(rt.page_stack(), vec![HOME]);
    assert_clean(&rt);
}

#[test]
fn launch_accepts_a_route_with_a_query() {
    let config = mica_engine::runtime::RuntimeConfig {
        width: 240,
        height: 240,
        ..Default::default()
    };
    let mut rt = Runtime::open(fixture("nav_stack"), config).unwrap_or_else(|e| panic!("{e}"));
    rt.launch(Some("/pages/detail/detail?depth=5"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rt.page_stack(), vec![DETAIL]);
    assert_eq!(text_by_id(&rt, "depth"), "5");
    assert_clean(&rt);
}

#[test]
fn a_navigator_routes_by_its_open_type() {
    let mut rt = app();
    let added = events(&mut rt, |rt| tap(rt, "#navigator"));
    assert_eq!(
        added, "home:onHide detail:onLoad detail:onShow detail:onReady",
        "a navigator has no JS caller, so no ok(...) entry"
    );
    assert_eq!(rt.page_stack(), vec![HOME, DETAIL]);
    assert_eq!(text_by_id(&rt, "query"), r#"{"id":"9"}"#);
    assert_eq!(rt.navigate_back().ok(), Some(BackOutcome::Popped));
    tap(&mut rt, "#navigatorTab");
    assert_eq!(rt.route(), Some(MINE));
    assert_clean(&rt);
}
