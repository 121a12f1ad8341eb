//! The privacy scopes (engine/tests/apps/privacy): `wx.authorize` asks once in a
//! consent dialog drawn by Mica and answered with the remote's keys, the answer is
//! remembered (across a restart with a storage directory), `wx.getSetting` reports the
//! answers, `wx.openSetting` changes them, and a package may ask only for the scopes
//! of its signed manifest.

use std::path::{Path, PathBuf};

use mica_engine::package::keys::SigningKey;
use mica_engine::package::pack::PackOptions;
use mica_engine::package::Trust;
use mica_engine::platform::Key;
use mica_engine::runtime::{Runtime, RuntimeConfig};
use serde_json::{json, Value};

use crate::support::{fixture, pack_fixture, press, text_by_id, workspace};

fn open(app: &Path, storage_dir: Option<PathBuf>, trust: Trust) -> Runtime {
    let config = RuntimeConfig {
        width: 640,
        height: 400,
        storage_dir,
        trust,
        ..Default::default()
    };
    let mut rt = Runtime::open(app, config).unwrap_or_else(|e| panic!("{e}"));
    rt.launch(None).unwrap_or_else(|e| panic!("{e}"));
    rt
}

fn app() -> Runtime {
    open(&fixture("privacy"), None, Trust::default())
}

/// A fresh storage directory for test `name`.
fn storage(name: &str) -> PathBuf {
    let dir = workspace()
        .join("target/test-tmp")
        .join(format!("privacy-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn call(rt: &mut Runtime, method: &str, detail: Value) {
    rt.call_page_method(method, json!({ "type": "call", "detail": detail }))
        .unwrap_or_else(|e| panic!("{method}: {e}"));
}

fn authorize(rt: &mut Runtime, scope: &str) {
    call(rt, "authorize", json!({ "scope": scope }));
}

fn log(rt: &Runtime) -> String {
    text_by_id(rt, "log")
}

fn dialog(rt: &Runtime) -> Value {
    rt.dump()["dialog"].clone()
}

const OK: &str = "success authorize:ok;";
const DENIED: &str = "fail authorize:fail auth deny;";

#[test]
fn consent_is_asked_once_and_an_allow_survives_a_restart() {
    let dir = storage("allow");
    let mut rt = open(&fixture("privacy"), Some(dir.clone()), Trust::default());
    authorize(&mut rt, "scope.userLocation");
    let d = dialog(&rt);
    assert_eq!(d["kind"], "modal");
    assert_eq!(d["title"], "「天气」申请获取你的位置信息", "the app's name");
    assert_eq!(d["content"], "用于显示你所在城市的天气", "app.json's desc");
    assert_eq!(d["buttons"], json!(["拒绝", "允许"]));
    assert_eq!(log(&rt), "", "nothing is answered before the user acts");
    press(&mut rt, &[Key::Enter]);
    assert_eq!(log(&rt), OK, "Enter on 允许");
    assert_eq!(dialog(&rt), Value::Null);
    assert_eq!(
        text_by_id(&rt, "keys"),
        "0",
        "the page saw none of the keys"
    );
    // Asked again: at once, no dialog.
    authorize(&mut rt, "scope.userLocation");
    assert_eq!(dialog(&rt), Value::Null);
    assert_eq!(log(&rt), format!("{OK}{OK}"));
    call(&mut rt, "setting", Value::Null);
    assert!(log(&rt).ends_with(
        r#"setting {"authSetting":{"scope.userLocation":true},"errMsg":"getSetting:ok"};"#
    ));
    assert!(
        dir.join("privacy/privacy.json").is_file(),
        "kept beside storage"
    );
    rt.shutdown();

    let mut rt = open(&fixture("privacy"), Some(dir.clone()), Trust::default());
    authorize(&mut rt, "scope.userLocation");
    assert_eq!(dialog(&rt), Value::Null, "remembered across the restart");
    assert_eq!(log(&rt), OK);
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_deny_fails_and_later_calls_fail_at_once() {
    let mut rt = app();
    authorize(&mut rt, "scope.camera");
    assert_eq!(dialog(&rt)["title"], "「天气」申请使用你的摄像头");
    assert_eq!(dialog(&rt)["content"], "", "no desc in app.json");
    press(&mut rt, &[Key::Left, Key::Enter]);
    assert_eq!(log(&rt), DENIED, "Enter on 拒绝");
    authorize(&mut rt, "scope.camera");
    assert_eq!(dialog(&rt), Value::Null);
    assert_eq!(log(&rt), format!("{DENIED}{DENIED}"));
    call(&mut rt, "clear", Value::Null);
    call(&mut rt, "awaited", json!({ "scope": "scope.camera" }));
    assert_eq!(log(&rt), "rejected authorize:fail auth deny;");
    // Back leaves the dialog as 拒绝 does (a remote's only other way out).
    call(&mut rt, "clear", Value::Null);
    authorize(&mut rt, "scope.record");
    press(&mut rt, &[Key::Back]);
    assert_eq!(log(&rt), DENIED);
    assert_eq!(
        rt.page_stack(),
        ["pages/index/index"],
        "Back closed the dialog only"
    );
    call(&mut rt, "setting", Value::Null);
    assert!(log(&rt).ends_with(
        r#"setting {"authSetting":{"scope.camera":false,"scope.record":false},"errMsg":"getSetting:ok"};"#
    ), "{}", log(&rt));
}

#[test]
fn one_dialog_answers_every_call_for_its_scope() {
    let mut rt = app();
    authorize(&mut rt, "scope.bluetooth");
    call(&mut rt, "awaited", json!({ "scope": "scope.bluetooth" }));
    assert_eq!(dialog(&rt)["waiting"], 0, "no second dialog");
    press(&mut rt, &[Key::Enter]);
    assert_eq!(log(&rt), format!("{OK}resolved authorize:ok;"));
    assert_eq!(dialog(&rt), Value::Null);
}

#[test]
fn open_setting_lists_the_asked_scopes_and_flips_one() {
    let mut rt = app();
    // Nothing asked yet: WeChat's settings would be empty; the call succeeds at once.
    call(&mut rt, "open", Value::Null);
    assert_eq!(dialog(&rt), Value::Null);
    assert_eq!(
        log(&rt),
        r#"opened {"authSetting":{},"errMsg":"openSetting:ok"};"#
    );
    call(&mut rt, "clear", Value::Null);
    authorize(&mut rt, "scope.userLocation");
    press(&mut rt, &[Key::Enter]);
    authorize(&mut rt, "scope.camera");
    press(&mut rt, &[Key::Left, Key::Enter]);
    call(&mut rt, "clear", Value::Null);

    call(&mut rt, "open", Value::Null);
    let d = dialog(&rt);
    assert_eq!(d["kind"], "actionSheet");
    assert_eq!(d["alertText"], "允许「天气」使用");
    assert_eq!(d["items"], json!(["摄像头：不允许", "位置信息：允许"]));
    press(&mut rt, &[Key::Enter]);
    assert_eq!(
        dialog(&rt)["items"],
        json!(["摄像头：允许", "位置信息：允许"]),
        "flipped, and the sheet is back"
    );
    assert_eq!(log(&rt), "", "still open");
    press(&mut rt, &[Key::Down, Key::Enter]);
    assert_eq!(
        dialog(&rt)["items"],
        json!(["摄像头：允许", "位置信息：不允许"])
    );
    press(&mut rt, &[Key::Back]);
    assert_eq!(dialog(&rt), Value::Null);
    assert_eq!(
        log(&rt),
        r#"opened {"authSetting":{"scope.camera":true,"scope.userLocation":false},"errMsg":"openSetting:ok"};"#
    );
    call(&mut rt, "clear", Value::Null);
    authorize(&mut rt, "scope.camera");
    authorize(&mut rt, "scope.userLocation");
    assert_eq!(dialog(&rt), Value::Null);
    assert_eq!(log(&rt), format!("{OK}{DENIED}"));
    call(&mut rt, "clear", Value::Null);
    call(&mut rt, "setting", json!({ "withSubscriptions": true }));
    assert!(
        log(&rt).contains(r#""subscriptionsSetting":{"mainSwitch":false,"itemSettings":{}}"#),
        "{}",
        log(&rt)
    );
}

#[test]
fn unknown_scopes_and_bad_options_fail() {
    let mut rt = app();
    authorize(&mut rt, "scope.nothing");
    assert_eq!(log(&rt), "fail authorize:fail invalid scope;");
    call(&mut rt, "clear", Value::Null);
    call(&mut rt, "authorize", json!({ "scope": 42 }));
    assert_eq!(
        log(&rt),
        "fail authorize:fail parameter error: parameter.scope should be String instead of Number;;"
    );
    // WeChat no longer asks for user info: no dialog, nothing remembered.
    call(&mut rt, "clear", Value::Null);
    authorize(&mut rt, "scope.userInfo");
    assert_eq!(dialog(&rt), Value::Null);
    assert_eq!(log(&rt), OK);
    call(&mut rt, "setting", Value::Null);
    assert!(log(&rt).ends_with(r#"setting {"authSetting":{},"errMsg":"getSetting:ok"};"#));
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn a_package_may_ask_only_for_the_scopes_of_its_manifest() {
    // `mica pack` takes the privacy scopes from app.json's `permission`.
    let options = PackOptions::new(SigningKey::from_seed([0x51; 32]), [0x52; 32]);
    let (path, trust) = pack_fixture("privacy", "privacy", &options);
    let mut rt = open(&path, None, trust);
    let _ = std::fs::remove_file(&path);
    authorize(&mut rt, "scope.camera");
    assert_eq!(dialog(&rt), Value::Null, "refused without asking the user");
    assert_eq!(
        log(&rt),
        "fail authorize:fail scope.camera is not among the package's privacy scopes: \
         declare it in app.json's \"permission\" and pack the app again;"
    );
    call(&mut rt, "clear", Value::Null);
    authorize(&mut rt, "scope.userLocation");
    assert_eq!(dialog(&rt)["title"], "「天气」申请获取你的位置信息");
    press(&mut rt, &[Key::Enter]);
    assert_eq!(log(&rt), OK);
}
