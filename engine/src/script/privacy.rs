//! The privacy scopes: `wx.authorize`, `wx.getSetting`, `wx.openSetting` (also `ft.*`).
//!
//! WeChat groups the APIs that touch the user's private data or devices into scopes
//! (`scope.userLocation`, `scope.record`, ...). The first `wx.authorize` of a scope asks
//! the user in a dialog drawn by Mica; the answer is remembered for the app, so a later
//! call of an allowed scope succeeds at once and one of a denied scope fails at once
//! (`authorize:fail auth deny`) until the user changes it in `wx.openSetting`.
//!
//! Here are the scope table, the answers and their file; `prelude.js` drives the
//! dialogs through the interaction machinery ([`super::interaction`]): the consent
//! dialog is a modal (`「app」申请…`, buttons 拒绝 / 允许) and the settings are an action
//! sheet listing the scopes the app asked for with their state, where Enter flips one
//! and the sheet comes back, until Back or its Cancel row closes it.
//!
//! A package may only ask for the scopes its signed manifest lists
//! (`permissions.privacy_scopes`, which `mica pack` fills from `app.json`'s
//! `permission` keys); any other fails without a dialog. A source directory
//! (development) may ask for all. The answers are kept in `privacy.json` beside the
//! app's `storage.json`, written atomically as storage is; without a storage directory
//! they last for the run.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;

use boa_engine::object::ObjectInitializer;
use boa_engine::{js_string, Context, JsArgs, JsObject, JsResult, JsValue};
use serde_json::{json, Map, Value};

use super::thread::json_to_js;

const PRIVACY_JS: &str = include_str!("privacy.js");

/// What the logic thread needs to know about the app's privacy scopes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PrivacyOptions {
    /// The scopes the app may ask for: `None`, any (a source directory); else the
    /// manifest's `privacy_scopes`.
    pub declared: Option<Vec<String>>,
    /// Where the answers are kept (`<storage_dir>/<appid>/privacy.json`); `None`: in
    /// memory for the run.
    pub path: Option<PathBuf>,
    /// The app's name, shown in the consent dialog.
    pub app_name: String,
    /// `app.json`'s `permission.<scope>.desc`: why the app asks, shown under it.
    pub descriptions: BTreeMap<String, String>,
}

/// A scope of WeChat's list.
struct Scope {
    name: &'static str,
    /// Its name in the settings.
    label: &'static str,
    /// What the consent dialog says the app wants.
    asks: &'static str,
    /// False for the scopes WeChat no longer asks about (their APIs work without
    /// consent): `authorize` succeeds at once and nothing is remembered.
    consent: bool,
}

/// WeChat's scopes (the "授权" page of its framework documentation).
const SCOPES: &[Scope] = &[
    Scope {
        name: "scope.userLocation",
        label: "位置信息",
        asks: "获取你的位置信息",
        consent: true,
    },
    Scope {
        name: "scope.userFuzzyLocation",
        label: "模糊位置信息",
        asks: "获取你的模糊位置信息",
        consent: true,
    },
    Scope {
        name: "scope.userLocationBackground",
        label: "后台定位",
        asks: "在后台使用你的位置信息",
        consent: true,
    },
    Scope {
        name: "scope.record",
        label: "麦克风",
        asks: "使用你的麦克风",
        consent: true,
    },
    Scope {
        name: "scope.camera",
        label: "摄像头",
        asks: "使用你的摄像头",
        consent: true,
    },
    Scope {
        name: "scope.bluetooth",
        label: "蓝牙",
        asks: "使用你的蓝牙",
        consent: true,
    },
    Scope {
        name: "scope.writePhotosAlbum",
        label: "添加到相册",
        asks: "保存图片或视频到你的相册",
        consent: true,
    },
    Scope {
        name: "scope.addPhoneContact",
        label: "添加到联系人",
        asks: "添加到你的联系人",
        consent: true,
    },
    Scope {
        name: "scope.addPhoneCalendar",
        label: "添加到日历",
        asks: "添加日程到你的日历",
        consent: true,
    },
    Scope {
        name: "scope.werun",
        label: "微信运动步数",
        asks: "获取你的微信运动步数",
        consent: true,
    },
    // WeChat stopped asking for these: their APIs need no consent any more, and
    // `authorize({scope: 'scope.userInfo'})` shows no dialog (`getUserInfo` answers
    // anonymous data).
    Scope {
        name: "scope.userInfo",
        label: "用户信息",
        asks: "获取你的昵称、头像",
        consent: false,
    },
    Scope {
        name: "scope.address",
        label: "通讯地址",
        asks: "获取你的通讯地址",
        consent: false,
    },
    Scope {
        name: "scope.invoiceTitle",
        label: "发票抬头",
        asks: "获取你的发票抬头",
        consent: false,
    },
    Scope {
        name: "scope.invoice",
        label: "获取发票",
        asks: "获取你的发票",
        consent: false,
    },
];

fn scope(name: &str) -> Option<&'static Scope> {
    SCOPES.iter().find(|s| s.name == name)
}

/// What `authorize` of a scope does now.
#[derive(Debug, PartialEq)]
enum Decision {
    /// Succeed at once.
    Granted,
    /// Fail at once with this `errMsg` detail.
    Refused(String),
    /// Ask the user: the modal's options (for `native.interaction('showModal', ...)`).
    Ask(Value),
}

/// One app's answers.
#[derive(Debug, Default)]
pub(super) struct Privacy {
    options: PrivacyOptions,
    /// Scope → allowed, for the scopes the user answered.
    answers: BTreeMap<String, bool>,
}

impl Privacy {
    /// The answers kept at `options.path` (none when there is no file, or it is
    /// damaged: the app asks again, which is the safe side).
    pub(super) fn open(options: PrivacyOptions) -> Privacy {
        let mut answers = BTreeMap::new();
        if let Some(path) = &options.path {
            match std::fs::read_to_string(path) {
                Ok(text) => match serde_json::from_str::<Map<String, Value>>(&text) {
                    Ok(map) => {
                        answers = map
                            .into_iter()
                            .filter(|(k, _)| scope(k).is_some_and(|s| s.consent))
                            .filter_map(|(k, v)| v.as_bool().map(|b| (k, b)))
                            .collect();
                    }
                    Err(e) => log::error!(
                        target: "mica::js",
                        "privacy answers {} are damaged ({e}); asking again",
                        path.display()
                    ),
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => log::error!(
                    target: "mica::js",
                    "privacy answers {}: {e}; asking again",
                    path.display()
                ),
            }
        }
        Privacy { options, answers }
    }

    fn decide(&self, name: &str) -> Decision {
        let Some(s) = scope(name) else {
            return Decision::Refused("invalid scope".into());
        };
        if !s.consent {
            return Decision::Granted;
        }
        if let Some(declared) = &self.options.declared {
            if !declared.iter().any(|d| d == name) {
                return Decision::Refused(format!(
                    "{name} is not among the package's privacy scopes: declare it in \
                     app.json's \"permission\" and pack the app again"
                ));
            }
        }
        match self.answers.get(name) {
            Some(true) => Decision::Granted,
            Some(false) => Decision::Refused("auth deny".into()),
            None => Decision::Ask(json!({
                "title": format!("「{}」申请{}", self.options.app_name, s.asks),
                "content": self.options.descriptions.get(name).cloned().unwrap_or_default(),
                "showCancel": true,
                "cancelText": "拒绝",
                "cancelColor": "#000000",
                "confirmText": "允许",
                "confirmColor": "#07C160",
            })),
        }
    }

    /// Records the user's answer (kept even if the file cannot be written: the run
    /// still honours it).
    fn answer(&mut self, name: &str, allowed: bool) {
        if !scope(name).is_some_and(|s| s.consent) {
            return;
        }
        self.answers.insert(name.to_string(), allowed);
        self.persist();
    }

    fn persist(&self) {
        let Some(path) = &self.options.path else {
            return;
        };
        let text = match serde_json::to_string(&self.answers) {
            Ok(t) => t,
            Err(e) => {
                log::error!(target: "mica::js", "privacy answers: {e}");
                return;
            }
        };
        if let Err(e) = super::storage::write_atomically(path, text.as_bytes()) {
            log::error!(
                target: "mica::js",
                "cannot keep privacy answers in {}: {e}; they last for this run",
                path.display()
            );
        }
    }

    /// `authSetting`: every answered scope and whether it is allowed.
    fn setting(&self) -> Value {
        Value::Object(
            self.answers
                .iter()
                .map(|(k, v)| (k.clone(), Value::Bool(*v)))
                .collect(),
        )
    }

    /// The settings sheet: `{itemList, itemColor, alertText, scopes}` with one row per
    /// answered scope (WeChat's settings show only the scopes the app asked for), or
    /// `null` when there is none.
    fn sheet(&self) -> Value {
        if self.answers.is_empty() {
            return Value::Null;
        }
        let (items, scopes): (Vec<String>, Vec<&String>) = self
            .answers
            .iter()
            .map(|(name, allowed)| {
                let label = scope(name).map_or(name.as_str(), |s| s.label);
                let state = if *allowed { "允许" } else { "不允许" };
                (format!("{label}：{state}"), name)
            })
            .unzip();
        json!({
            "itemList": items,
            "itemColor": "#000000",
            "alertText": format!("允许「{}」使用", self.options.app_name),
            "scopes": scopes,
        })
    }
}

/// The answers live on the context beside the host state.
type PrivacyRef = Rc<RefCell<Privacy>>;

/// Loads the app's answers onto `ctx`; before [`install`].
pub(super) fn setup(ctx: &mut Context, options: PrivacyOptions) {
    ctx.insert_data::<PrivacyRef>(Rc::new(RefCell::new(Privacy::open(options))));
}

/// Evaluates `privacy.js` (it adds `wx.authorize`, `getSetting`, `openSetting`).
pub(super) fn install(ctx: &mut Context, exports: &JsObject) -> JsResult<()> {
    if ctx.get_data::<PrivacyRef>().is_none() {
        setup(ctx, PrivacyOptions::default());
    }
    let bridge = ObjectInitializer::new(ctx)
        .function(
            super::watchdog::guarded(native_privacy),
            js_string!("privacy"),
            3,
        )
        .build();
    super::globals::eval_part(ctx, PRIVACY_JS, "<mica privacy>", bridge, exports)?;
    Ok(())
}

/// `native.privacy(op, scope, allowed)`:
/// - `authorize`: `{ok: true}`, `{fail: detail}`, or `{ask: modalOptions}`;
/// - `answer`: records `allowed` for `scope`;
/// - `toggle`: flips an answered `scope`;
/// - `setting`: the `authSetting` object;
/// - `sheet`: the settings sheet's options, or `null`.
pub(super) fn native_privacy(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let op = super::request::string_arg(args, 0, ctx)?;
    let name = super::request::string_arg(args, 1, ctx)?;
    let allowed = args.get_or_undefined(2).to_boolean();
    let Some(state) = ctx.get_data::<PrivacyRef>().cloned() else {
        return Ok(JsValue::null());
    };
    let out = {
        let mut p = state.borrow_mut();
        match op.as_str() {
            "authorize" => match p.decide(&name) {
                Decision::Granted => json!({ "ok": true }),
                Decision::Refused(detail) => json!({ "fail": detail }),
                Decision::Ask(modal) => json!({ "ask": modal }),
            },
            "answer" => {
                p.answer(&name, allowed);
                Value::Null
            }
            "toggle" => {
                if let Some(now) = p.answers.get(&name).copied() {
                    p.answer(&name, !now);
                }
                Value::Null
            }
            "setting" => p.setting(),
            "sheet" => p.sheet(),
            other => return Ok(js_string!(format!("unknown privacy operation {other}")).into()),
        }
    };
    Ok(json_to_js(ctx, &out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(declared: Option<&[&str]>, path: Option<PathBuf>) -> PrivacyOptions {
        PrivacyOptions {
            declared: declared.map(|d| d.iter().map(|s| s.to_string()).collect()),
            path,
            app_name: "Demo".into(),
            descriptions: BTreeMap::from([(
                "scope.userLocation".to_string(),
                "for the weather".to_string(),
            )]),
        }
    }

    #[test]
    fn scopes_are_checked_then_asked_then_remembered() {
        let mut p = Privacy::open(options(Some(&["scope.userLocation"]), None));
        assert_eq!(
            p.decide("scope.nothing"),
            Decision::Refused("invalid scope".into())
        );
        assert!(
            matches!(p.decide("scope.camera"), Decision::Refused(r) if r.contains("not among"))
        );
        assert_eq!(p.decide("scope.userInfo"), Decision::Granted);
        let Decision::Ask(modal) = p.decide("scope.userLocation") else {
            panic!("should ask");
        };
        assert_eq!(modal["title"], "「Demo」申请获取你的位置信息");
        assert_eq!(modal["content"], "for the weather");
        p.answer("scope.userLocation", false);
        assert_eq!(
            p.decide("scope.userLocation"),
            Decision::Refused("auth deny".into())
        );
        assert_eq!(p.setting(), json!({ "scope.userLocation": false }));
        assert_eq!(p.sheet()["itemList"], json!(["位置信息：不允许"]));
        p.answer("scope.userInfo", true);
        assert_eq!(
            p.setting(),
            json!({ "scope.userLocation": false }),
            "not kept"
        );
    }

    #[test]
    fn answers_survive_a_restart_and_a_damaged_file_asks_again() {
        let dir = std::env::temp_dir().join(format!("mica-privacy-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("app/privacy.json");
        let mut p = Privacy::open(options(None, Some(path.clone())));
        assert!(matches!(p.decide("scope.camera"), Decision::Ask(_)));
        p.answer("scope.camera", true);
        let again = Privacy::open(options(None, Some(path.clone())));
        assert_eq!(again.decide("scope.camera"), Decision::Granted);
        let _ = std::fs::write(&path, "{\"scope.camera\": tru");
        let damaged = Privacy::open(options(None, Some(path)));
        assert!(matches!(damaged.decide("scope.camera"), Decision::Ask(_)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
