//! Real-engine tests: a real boa context on a real logic thread, fed from an in-memory
//! package.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Map, Value};

use super::*;

/// Failure guard for channel waits; never used as synchronisation.
const WAIT: Duration = Duration::from_secs(10);

struct Files(HashMap<String, String>);

impl ScriptSource for Files {
    fn read_script(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

struct Harness {
    logic: LogicHandle,
    rx: Receiver<ToView>,
}

impl Harness {
    fn new(files: &[(&str, &str)]) -> Self {
        Self::with_options(files, LogicOptions::default())
    }

    fn with_options(files: &[(&str, &str)], options: LogicOptions) -> Self {
        let files = files
            .iter()
            .map(|(p, s)| ((*p).to_string(), (*s).to_string()))
            .collect();
        let (tx, rx) = mpsc::channel();
        let logic = spawn_logic_with(Arc::new(Files(files)), tx, options).expect("spawn logic");
        Self { logic, rx }
    }

    /// Sends `msg` and returns everything the logic thread sent up to its `Done`.
    fn run(&self, msg: ToLogic) -> Vec<ToView> {
        let seq = self.logic.send(msg);
        let mut out = Vec::new();
        loop {
            match self.rx.recv_timeout(WAIT) {
                Ok(ToView::Done { seq: done }) => {
                    assert_eq!(done, seq, "Done acknowledges the sent seq");
                    return out;
                }
                Ok(other) => out.push(other),
                Err(e) => panic!("no Done for seq {seq}: {e}; got so far {out:?}"),
            }
        }
    }

    fn launch(&self) -> Vec<ToView> {
        self.run(ToLogic::LaunchApp {
            path: "pages/index/index".into(),
            query: Map::new(),
        })
    }

    fn load(&self, page_id: u32, route: &str, query: Value) -> Vec<ToView> {
        let query = match query {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        self.run(ToLogic::LoadPage {
            page_id,
            route: route.into(),
            query,
        })
    }

    fn event(&self, page_id: u32, handler: &str, event: Value) -> Vec<ToView> {
        self.run(ToLogic::Event {
            page_id,
            handler: handler.into(),
            event,
        })
    }
}

fn errors(msgs: &[ToView]) -> Vec<&str> {
    msgs.iter()
        .filter_map(|m| match m {
            ToView::Error { message } => Some(message.as_str()),
            _ => None,
        })
        .collect()
}

type Changes = Vec<(String, Value)>;

fn patches(msgs: &[ToView]) -> Vec<(&Changes, Option<u64>)> {
    msgs.iter()
        .filter_map(|m| match m {
            ToView::Patch {
                changes,
                callback_id,
                ..
            } => Some((changes, *callback_id)),
            _ => None,
        })
        .collect()
}

fn changes(pairs: &[(&str, Value)]) -> Vec<(String, Value)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

const APP: &str =
    "App({ globalData: { user: 'ann' }, onLaunch(o) { this.globalData.launched = o.scene; } })";

#[test]
fn app_global_data_reaches_pages_through_get_app() {
    let h = Harness::new(&[
        ("app.js", APP),
        (
            "pages/index/index.js",
            "Page({ data: {}, onLoad() { const g = getApp().globalData; \
             this.setData({ who: g.user, scene: g.launched }); } })",
        ),
    ]);
    assert!(errors(&h.launch()).is_empty());
    let out = h.load(1, "pages/index/index", json!({}));
    assert!(errors(&out).is_empty(), "{out:?}");
    assert_eq!(
        patches(&out),
        vec![(
            &changes(&[("who", json!("ann")), ("scene", json!(1001))]),
            None
        )]
    );
}

#[test]
fn page_data_is_sent_before_on_load_and_on_load_gets_the_query() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "Page({ data: { title: 'hi', list: [1, 2] }, \
         onLoad(q) { this.setData({ id: q.id, opts: this.options.id, route: this.route }); } })",
    )]);
    let out = h.load(7, "pages/a/a", json!({ "id": "42" }));
    assert_eq!(
        out.first(),
        Some(&ToView::InitialData {
            page_id: 7,
            data: json!({ "title": "hi", "list": [1, 2] })
        })
    );
    assert_eq!(
        patches(&out),
        vec![(
            &changes(&[
                ("id", json!("42")),
                ("opts", json!("42")),
                ("route", json!("pages/a/a"))
            ]),
            None
        )]
    );
}

#[test]
fn set_data_with_paths_patches_and_updates_this_data_synchronously() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "Page({ data: { list: [{ name: 'a' }, { name: 'b' }] }, \
         rename(e) { \
           this.setData({ 'list[1].name': e.detail.value, 'deep.x[2]': 5, f: function () {} }); \
           this.setData({ echo: this.data.list[1].name, x: this.data.deep.x }); \
         } })",
    )]);
    h.load(1, "pages/a/a", json!({}));
    let out = h.event(
        1,
        "rename",
        json!({ "type": "input", "detail": { "value": "zed" } }),
    );
    assert!(errors(&out).is_empty(), "{out:?}");
    let p = patches(&out);
    assert_eq!(p.len(), 2, "{out:?}");
    assert_eq!(
        p[0].0,
        &changes(&[("list[1].name", json!("zed")), ("deep.x[2]", json!(5))])
    );
    assert_eq!(
        p[1].0,
        &changes(&[("echo", json!("zed")), ("x", json!([null, null, 5]))])
    );
}

#[test]
fn bad_set_data_key_is_reported_and_other_keys_apply() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "Page({ go() { this.setData({ 'a[': 1, ok: 2 }); } })",
    )]);
    h.load(1, "pages/a/a", json!({}));
    let out = h.event(1, "go", json!({}));
    assert_eq!(errors(&out).len(), 1, "{out:?}");
    assert!(errors(&out)[0].contains("a["), "{out:?}");
    assert_eq!(patches(&out), vec![(&changes(&[("ok", json!(2))]), None)]);
}

#[test]
fn set_data_callback_runs_after_patch_applied() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "Page({ data: { n: 0 }, go() { this.setData({ n: 1 }, function () { \
           this.setData({ after: this.data.n + 1 }); }); } })",
    )]);
    h.load(1, "pages/a/a", json!({}));
    let out = h.event(1, "go", json!({}));
    let p = patches(&out);
    assert_eq!(
        p.len(),
        1,
        "the callback must wait for PatchApplied: {out:?}"
    );
    let id = p[0].1.expect("callback id");
    let out = h.run(ToLogic::PatchApplied { callback_id: id });
    assert_eq!(
        patches(&out),
        vec![(&changes(&[("after", json!(2))]), None)]
    );
}

#[test]
fn exception_in_on_load_is_reported_after_initial_data_and_page_keeps_working() {
    let h = Harness::new(&[
        ("app.js", "App({ onError(m) { getApp().globalData.last = m; } })"),
        (
            "pages/a/a.js",
            "Page({ data: { v: 1 }, onLoad() { throw new Error('boom in onLoad'); }, \
             tap() { this.setData({ v: 2, seen: getApp().globalData.last.indexOf('boom') >= 0 }); } })",
        ),
    ]);
    h.launch();
    let out = h.load(3, "pages/a/a", json!({}));
    assert!(
        matches!(out.first(), Some(ToView::InitialData { page_id: 3, .. })),
        "{out:?}"
    );
    let errs = errors(&out);
    assert_eq!(errs.len(), 1, "{out:?}");
    assert!(errs[0].contains("boom in onLoad"), "{errs:?}");
    assert!(errs[0].contains("pages/a/a"), "{errs:?}");
    // The position is in the file's own coordinates, not the module wrapper's.
    assert!(errs[0].contains("pages/a/a.js:1:41"), "{errs:?}");
    let out = h.event(3, "tap", json!({}));
    assert_eq!(
        patches(&out),
        vec![(&changes(&[("v", json!(2)), ("seen", json!(true))]), None)]
    );
}

#[test]
fn syntax_error_in_page_file_sends_empty_data_and_a_located_error() {
    let h = Harness::new(&[("pages/bad/bad.js", "Page({ data: { a: 1 }\nlet = = ;\n")]);
    let out = h.load(1, "pages/bad/bad", json!({}));
    let errs = errors(&out);
    assert_eq!(errs.len(), 1, "{out:?}");
    assert!(errs[0].contains("pages/bad/bad.js"), "{errs:?}");
    assert!(errs[0].contains('2'), "line number expected: {errs:?}");
    assert!(out.contains(&ToView::InitialData {
        page_id: 1,
        data: json!({})
    }));
}

#[test]
fn thrown_plain_objects_are_shown_as_json() {
    let h = Harness::new(&[("pages/a/a.js", "Page({ go() { throw { code: 7 }; } })")]);
    h.load(1, "pages/a/a", json!({}));
    let out = h.event(1, "go", json!({}));
    assert_eq!(
        errors(&out),
        vec![r#"page pages/a/a go: uncaught exception: {"code":7}"#]
    );
}

#[test]
fn missing_handler_is_an_error() {
    let h = Harness::new(&[("pages/a/a.js", "Page({})")]);
    h.load(1, "pages/a/a", json!({}));
    let out = h.event(1, "nope", json!({}));
    assert_eq!(errors(&out), vec!["page pages/a/a has no method nope"]);
}

#[test]
fn require_resolves_relative_paths_and_caches_modules() {
    let h = Harness::new(&[
        (
            "utils/util.js",
            "var count = 0; module.exports = { hit() { return ++count; } };",
        ),
        (
            "utils/fmt.js",
            "const util = require('./util'); exports.twice = (x) => util.hit() && x + x;",
        ),
        (
            "pages/a/a.js",
            "const u1 = require('../../utils/util.js'); const u2 = require('/utils/util'); \
             const fmt = require('../../utils/fmt'); \
             Page({ onLoad() { u1.hit(); u2.hit(); \
               this.setData({ same: u1 === u2, n: u1.hit(), t: fmt.twice('ab'), \
                 leaked: typeof count }); } })",
        ),
    ]);
    let out = h.load(1, "pages/a/a", json!({}));
    assert!(errors(&out).is_empty(), "{out:?}");
    assert_eq!(
        patches(&out),
        vec![(
            &changes(&[
                ("same", json!(true)),
                ("n", json!(3)),
                ("t", json!("abab")),
                ("leaked", json!("undefined"))
            ]),
            None
        )]
    );
}

#[test]
fn require_cycles_see_partial_exports() {
    let h = Harness::new(&[
        (
            "a.js",
            "exports.early = 1; const b = require('./b'); exports.fromB = b.sawEarly;",
        ),
        (
            "b.js",
            "const a = require('./a'); exports.sawEarly = a.early;",
        ),
        (
            "pages/p/p.js",
            "const a = require('/a'); Page({ onLoad() { this.setData({ v: a.fromB }); } })",
        ),
    ]);
    let out = h.load(1, "pages/p/p", json!({}));
    assert!(errors(&out).is_empty(), "{out:?}");
    assert_eq!(patches(&out), vec![(&changes(&[("v", json!(1))]), None)]);
}

#[test]
fn infinite_loop_in_handler_is_stopped_and_the_thread_keeps_serving() {
    let h = Harness::with_options(
        &[(
            "pages/a/a.js",
            "Page({ spin() { while (true) {} }, ok() { this.setData({ alive: true }); } })",
        )],
        LogicOptions::default().loop_iteration_limit(100_000),
    );
    h.load(1, "pages/a/a", json!({}));
    let out = h.event(1, "spin", json!({}));
    // Reported as a watchdog stop, not as an ordinary error.
    assert!(errors(&out).is_empty(), "{out:?}");
    let stops: Vec<&str> = out
        .iter()
        .filter_map(|m| match m {
            ToView::Stopped { message } => Some(message.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(stops.len(), 1, "{out:?}");
    assert!(
        stops[0].contains("spin") && stops[0].contains("a loop ran too long"),
        "{stops:?}"
    );
    let out = h.event(1, "ok", json!({}));
    assert_eq!(
        patches(&out),
        vec![(&changes(&[("alive", json!(true))]), None)]
    );
}

/// A panic in Mica's own code on the logic thread (here: the app's file source) is
/// reported, and the thread goes on serving the app.
#[test]
fn a_panic_on_the_logic_thread_is_contained() {
    struct Panicky;
    impl ScriptSource for Panicky {
        fn read_script(&self, path: &str) -> Option<String> {
            match path {
                "pages/boom/boom.js" => panic!("a bug reading {path}"),
                "pages/a/a.js" => Some("Page({ data: { v: 1 } })".into()),
                _ => None,
            }
        }
    }
    let (tx, rx) = mpsc::channel();
    let logic = spawn_logic(Arc::new(Panicky), tx).expect("spawn");
    let wait = |seq: u64| -> Vec<ToView> {
        let mut out = Vec::new();
        loop {
            match rx.recv_timeout(std::time::Duration::from_secs(10)) {
                Ok(ToView::Done { seq: s }) if s == seq => return out,
                Ok(m) => out.push(m),
                Err(e) => panic!("logic thread silent: {e}; so far {out:?}"),
            }
        }
    };
    let seq = logic.send(ToLogic::LoadPage {
        page_id: 1,
        route: "pages/boom/boom".into(),
        query: Default::default(),
    });
    let out = wait(seq);
    let errs = errors(&out);
    assert!(
        errs.iter()
            .any(|e| e.contains("internal error in Mica") && e.contains("a bug reading")),
        "{out:?}"
    );
    let seq = logic.send(ToLogic::LoadPage {
        page_id: 2,
        route: "pages/a/a".into(),
        query: Default::default(),
    });
    let out = wait(seq);
    assert!(
        out.iter()
            .any(|m| matches!(m, ToView::InitialData { page_id: 2, data } if data["v"] == 1)),
        "{out:?}"
    );
    logic.join();
}

#[test]
fn unknown_wx_api_fails_with_err_msg_and_system_info_works() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "Page({ onLoad() { const self = this; \
           wx.requestPayment({ fail(r) { self.setData({ fail: r.errMsg }); }, \
             complete() { self.setData({ complete: true }); } }); \
           const info = ft.getSystemInfoSync(); \
           this.setData({ w: info.windowWidth, platform: info.platform, same: wx === ft }); } })",
    )]);
    let out = h.load(1, "pages/a/a", json!({}));
    assert!(errors(&out).is_empty(), "{out:?}");
    assert_eq!(
        patches(&out),
        vec![
            (
                &changes(&[
                    ("w", json!(1280)),
                    ("platform", json!("mica")),
                    ("same", json!(true))
                ]),
                None
            ),
            (
                &changes(&[("fail", json!("requestPayment:fail not supported"))]),
                None
            ),
            (&changes(&[("complete", json!(true))]), None),
        ]
    );
}

#[test]
fn get_current_pages_and_lifecycle_order() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "var log = []; Page({ onLoad() { log.push('load'); }, onShow() { log.push('show'); }, \
         onReady() { log.push('ready'); \
           this.setData({ log: log, pages: getCurrentPages().map(p => p.route) }); } })",
    )]);
    h.load(1, "pages/a/a", json!({}));
    let out = h.run(ToLogic::PageReady { page_id: 1 });
    assert_eq!(
        patches(&out),
        vec![(
            &changes(&[
                ("log", json!(["load", "show", "ready"])),
                ("pages", json!(["pages/a/a"]))
            ]),
            None
        )]
    );
}

#[test]
fn done_carries_increasing_sequence_numbers() {
    let h = Harness::new(&[]);
    let a = h.logic.send(ToLogic::PatchApplied { callback_id: 99 });
    let b = h.logic.send(ToLogic::PatchApplied { callback_id: 98 });
    assert!(b > a);
    for want in [a, b] {
        match h.rx.recv_timeout(WAIT) {
            Ok(ToView::Done { seq }) => assert_eq!(seq, want),
            other => panic!("expected Done({want}), got {other:?}"),
        }
    }
    h.logic.join();
}

#[test]
fn rejection_in_async_handler_is_reported_but_ignored_wx_promises_are_not() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "Page({ async go() { wx.showToast({ title: 'x' }); await null; throw new Error('late boom'); } })",
    )]);
    h.load(1, "pages/a/a", json!({}));
    let out = h.event(1, "go", json!({}));
    let errs = errors(&out);
    assert_eq!(errs.len(), 1, "{out:?}");
    assert!(errs[0].contains("late boom"), "{errs:?}");
}

#[test]
fn timers_fire_after_the_message_and_can_be_cleared() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "Page({ onLoad() { const self = this; let n = 0; \
           const dead = setTimeout(() => self.setData({ dead: true }), 0); clearTimeout(dead); \
           setTimeout((x) => self.setData({ later: x }), 1, 'arg'); \
           const t = setInterval(() => { n += 1; if (n === 3) { clearInterval(t); \
             self.setData({ ticks: n }); } }, 0); } })",
    )]);
    let out = h.load(1, "pages/a/a", json!({}));
    assert!(patches(&out).is_empty(), "timers run after Done: {out:?}");
    let mut got = Vec::new();
    while got.len() < 2 {
        match h.rx.recv_timeout(WAIT) {
            Ok(ToView::Patch { changes, .. }) => got.extend(changes),
            other => panic!("expected a timer patch, got {other:?}"),
        }
    }
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        changes(&[("later", json!("arg")), ("ticks", json!(3))])
    );
    // Nothing else (in particular not the cleared timer) is pending: the next message's
    // output is only its own Done.
    assert!(h.run(ToLogic::PatchApplied { callback_id: 1 }).is_empty());
}

/// The `Navigate` requests in `msgs`.
fn navigations(msgs: &[ToView]) -> Vec<(&Navigation, u64)> {
    msgs.iter()
        .filter_map(|m| match m {
            ToView::Navigate {
                navigation,
                request_id,
            } => Some((navigation, *request_id)),
            _ => None,
        })
        .collect()
}

#[test]
fn route_apis_ask_the_view_and_route_done_runs_the_callbacks() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "Page({ go() { const self = this; \
           wx.navigateTo({ url: '../b/b?x=1', \
             success(r) { self.setData({ ok: r.errMsg }); }, \
             complete() { self.setData({ done: true }); } }); \
           wx.redirectTo({ url: '/pages/c/c', fail(r) { self.setData({ fail: r.errMsg }); } }); \
           wx.navigateBack({ delta: 0 }).then((r) => self.setData({ back: r.errMsg })); \
           wx.switchTab({ fail(r) { self.setData({ param: r.errMsg }); } }); } })",
    )]);
    h.load(1, "pages/a/a", json!({}));
    let out = h.event(1, "go", json!({}));
    assert!(errors(&out).is_empty(), "{out:?}");
    let navs = navigations(&out);
    assert_eq!(
        navs.iter().map(|(n, _)| (*n).clone()).collect::<Vec<_>>(),
        vec![
            Navigation::NavigateTo {
                url: "../b/b?x=1".into()
            },
            Navigation::RedirectTo {
                url: "/pages/c/c".into()
            },
            // delta < 1 means 1.
            Navigation::NavigateBack { delta: 1 },
        ]
    );
    // switchTab without a url fails in JS, without asking the view.
    assert_eq!(
        patches(&out),
        vec![(
            &changes(&[(
                "param",
                json!("switchTab:fail parameter error: parameter.url should be String instead of Undefined;")
            )]),
            None
        )]
    );
    let done = |i: usize, result: Result<(), String>| {
        h.run(ToLogic::RouteDone {
            request_id: navs[i].1,
            result,
        })
    };
    let out = done(0, Ok(()));
    assert_eq!(
        patches(&out),
        vec![
            (&changes(&[("ok", json!("navigateTo:ok"))]), None),
            (&changes(&[("done", json!(true))]), None),
        ]
    );
    let out = done(
        1,
        Err("redirectTo:fail page \"pages/c/c\" is not found".into()),
    );
    assert_eq!(
        patches(&out),
        vec![(
            &changes(&[(
                "fail",
                json!("redirectTo:fail page \"pages/c/c\" is not found")
            )]),
            None
        )]
    );
    let out = done(2, Ok(()));
    assert_eq!(
        patches(&out),
        vec![(&changes(&[("back", json!("navigateBack:ok"))]), None)]
    );
    // An answer is delivered once.
    assert!(done(2, Ok(())).is_empty());
}

#[test]
fn hide_show_unload_and_set_stack_drive_lifecycles_and_get_current_pages() {
    let page = "var log = require('../../log.js'); Page({ \
       onShow() { log.push(this.route + ':show'); }, \
       onHide() { log.push(this.route + ':hide'); }, \
       onUnload() { log.push(this.route + ':unload'); const self = this; \
         setTimeout(() => self.setData({ late: true }), 0); }, \
       report() { this.setData({ log: log, pages: getCurrentPages().map(p => p.__wxWebviewId__) }); } })";
    let h = Harness::new(&[
        ("log.js", "module.exports = [];"),
        ("pages/a/a.js", page),
        ("pages/b/b.js", page),
    ]);
    h.load(1, "pages/a/a", json!({}));
    h.run(ToLogic::HidePage { page_id: 1 });
    h.load(2, "pages/b/b", json!({}));
    let out = h.event(2, "report", json!({}));
    assert_eq!(patches(&out)[0].0[1], ("pages".to_string(), json!([1, 2])));
    let mut after_unload = h.run(ToLogic::UnloadPage { page_id: 2 });
    after_unload.extend(h.run(ToLogic::ShowPage { page_id: 1 }));
    let out = h.event(1, "report", json!({}));
    assert_eq!(
        patches(&out),
        vec![(
            &changes(&[
                (
                    "log",
                    json!([
                        "pages/a/a:show",
                        "pages/a/a:hide",
                        "pages/b/b:show",
                        "pages/b/b:unload",
                        "pages/a/a:show"
                    ])
                ),
                ("pages", json!([1]))
            ]),
            None
        )]
    );
    after_unload.extend(out);
    // A kept page off the stack (switchTab) is alive but not in getCurrentPages().
    after_unload.extend(h.run(ToLogic::SetStack { pages: vec![] }));
    let out = h.event(1, "report", json!({}));
    assert_eq!(patches(&out)[0].0[1], ("pages".to_string(), json!([])));
    after_unload.extend(out);
    // Lifecycles for a page that is gone are ignored.
    after_unload.extend(h.run(ToLogic::UnloadPage { page_id: 99 }));
    // The unloaded page's timer called setData: ignored, neither an error nor a patch.
    assert!(errors(&after_unload).is_empty(), "{after_unload:?}");
    assert!(
        !patches(&after_unload)
            .iter()
            .any(|(c, _)| c.iter().any(|(k, _)| k == "late")),
        "{after_unload:?}"
    );
}

#[test]
fn set_data_sends_and_keeps_what_json_stringify_makes() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "Page({ data: { at: { toJSON(k) { return 'key ' + k; } } }, \
         go() { \
           var arg = { n: 1.5, z: -0, inf: Infinity, d: new Date(0), u: undefined, f() {}, \
             list: [undefined, function () {}, new Number(2), new String('s')], \
             t: { toJSON(k) { return { key: k }; } }, s: '\\u4e2d' }; \
           this.setData({ v: arg }); \
           arg.n = 99; \
           var kept = this.data.v; \
           this.setData({ copy: kept.n, same: kept === arg, keys: Object.keys(kept).join(), \
             negZero: 1 / kept.z, at: this.data.at }); \
         } })",
    )]);
    let out = h.load(1, "pages/a/a", json!({}));
    assert_eq!(
        out.first(),
        Some(&ToView::InitialData {
            page_id: 1,
            data: json!({ "at": "key at" })
        })
    );
    let out = h.event(1, "go", json!({}));
    assert!(errors(&out).is_empty(), "{out:?}");
    let p = patches(&out);
    assert_eq!(p.len(), 2, "{out:?}");
    assert_eq!(
        p[0].0,
        &changes(&[(
            "v",
            json!({
                "n": 1.5, "z": 0, "inf": null, "d": "1970-01-01T00:00:00.000Z",
                "list": [null, null, 2, "s"], "t": { "key": "t" }, "s": "\u{4e2d}"
            })
        )])
    );
    assert_eq!(
        p[1].0,
        &changes(&[
            ("copy", json!(1.5)),
            ("same", json!(false)),
            ("keys", json!("n,z,inf,d,list,t,s")),
            ("negZero", Value::Null),
            ("at", json!("key at")),
        ])
    );
}

#[test]
fn set_data_with_a_cycle_is_a_type_error() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "Page({ go() { var o = {}; o.o = o; \
           try { this.setData({ o: o }); } catch (e) { this.setData({ err: e.name }); } } })",
    )]);
    h.load(1, "pages/a/a", json!({}));
    let out = h.event(1, "go", json!({}));
    assert_eq!(
        patches(&out),
        vec![(&changes(&[("err", json!("TypeError"))]), None)]
    );
}

#[test]
fn json_stringify_keeps_replacers_and_indentation() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "Page({ go() { var v = { a: [1, { b: 2 }], c: 'x' }; \
           this.setData({ plain: JSON.stringify(v), \
             indented: JSON.stringify(v, null, 1), \
             picked: JSON.stringify(v, ['c']), \
             replaced: JSON.stringify(v, function (k, x) { return k === 'c' ? undefined : x; }), \
             none: JSON.stringify(undefined) === undefined, \
             name: JSON.stringify.name + JSON.stringify.length }); } })",
    )]);
    h.load(1, "pages/a/a", json!({}));
    let out = h.event(1, "go", json!({}));
    assert!(errors(&out).is_empty(), "{out:?}");
    assert_eq!(
        patches(&out),
        vec![(
            &changes(&[
                ("plain", json!(r#"{"a":[1,{"b":2}],"c":"x"}"#)),
                (
                    "indented",
                    json!("{\n \"a\": [\n  1,\n  {\n   \"b\": 2\n  }\n ],\n \"c\": \"x\"\n}")
                ),
                ("picked", json!(r#"{"c":"x"}"#)),
                ("replaced", json!(r#"{"a":[1,{"b":2}]}"#)),
                ("none", json!(true)),
                ("name", json!("stringify3")),
            ]),
            None
        )]
    );
}

#[test]
fn api_parts_load_on_first_use_and_define_exactly_their_names() {
    let h = Harness::new(&[(
        "pages/a/a.js",
        "Page({ go() { \
           var own = function (k) { return Object.getOwnPropertyDescriptor(wx, k); }; \
           var before = Object.keys(wx); \
           var lazy = before.filter(function (k) { return own(k).get; }); \
           var seen = lazy.every(function (k) { return wx.canIUse(k); }); \
           lazy.forEach(function (k) { return wx[k]; }); \
           var after = Object.keys(wx); \
           var bad = after.filter(function (k) { \
             return own(k).get || typeof own(k).value !== 'function'; }); \
           this.setData({ lazy: lazy.length, seen: seen, bad: bad, \
             added: after.filter(function (k) { return before.indexOf(k) < 0; }), \
             component: typeof Component + typeof Behavior, \
             query: typeof this.createSelectorQuery().select, \
             select: this.selectComponent('#none') }); \
         } })",
    )]);
    h.load(1, "pages/a/a", json!({}));
    let out = h.event(1, "go", json!({}));
    assert!(errors(&out).is_empty(), "{out:?}");
    let p = patches(&out);
    let expected: usize = parts::Part::ALL
        .iter()
        .filter(|p| **p != parts::Part::HostApi)
        .map(|p| p.static_apis().len())
        .sum();
    assert_eq!(
        p[0].0,
        &changes(&[
            ("lazy", json!(expected)),
            ("seen", json!(true)),
            ("bad", json!([])),
            ("added", json!([])),
            ("component", json!("functionfunction")),
            ("query", json!("function")),
            ("select", Value::Null),
        ])
    );
}
