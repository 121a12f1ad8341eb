//! System APIs of the logic thread that need little of the view: `wx.getNetworkType`
//! (and `onNetworkStatusChange` / `offNetworkStatusChange`), `wx.getAccountInfoSync`,
//! `wx.getUpdateManager`, `wx.reportEvent`, and the JS half of
//! `wx.createSelectorQuery` (see [`super::query`]).
//!
//! Their JS is `system.js`, evaluated once after the prelude with its own native bridge
//! and the prelude's `base` (the `wx` object's methods, so `wx.canIUse` sees them) and
//! helpers. Its state on the Rust side ([`System`]) is kept on the context beside the
//! host state.
//!
//! ```no_run
//! use std::path::Path;
//! // What `wx.getNetworkType` reports on this device.
//! let kind = mica_engine::script::network_type(Path::new("/sys/class/net"));
//! assert!(["wifi", "unknown", "none"].contains(&kind));
//! ```

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use boa_engine::object::ObjectInitializer;
use boa_engine::{js_string, Context, JsArgs, JsNativeError, JsObject, JsResult, JsValue, Source};
use serde_json::json;

use super::events::{EventQueue, ReportedEvent};

const SYSTEM_JS: &str = include_str!("system.js");
/// The source name of `system.js` in backtraces.
const SYSTEM_PATH: &str = "<mica system>";

/// Which build of the app is running (`wx.getAccountInfoSync().miniProgram.envVersion`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EnvVersion {
    /// A source directory: development.
    #[default]
    Develop,
    /// A test build (WeChat's 体验版); Mica never reports it on its own.
    Trial,
    /// A signed package.
    Release,
}

/// What `wx.getAccountInfoSync()` reports about the app.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountInfo {
    /// The appid: the manifest's for a package; `project.config.json`'s `appid` (or the
    /// directory name) for a source directory.
    pub app_id: String,
    /// `release` for a signed package, `develop` for a source directory.
    pub env_version: EnvVersion,
    /// The app's version (the manifest's); empty for a source directory, as WeChat
    /// reports it outside a release.
    pub version: String,
}

impl AccountInfo {
    /// The object `wx.getAccountInfoSync()` returns. `plugin` is empty: Mica runs no
    /// plugins.
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "miniProgram": {
                "appId": self.app_id,
                "envVersion": self.env_version,
                "version": self.version,
            },
            "plugin": {},
        })
    }
}

/// The logic thread's state for these APIs.
pub(super) struct System {
    account: AccountInfo,
    events: EventQueue,
    /// Where network interfaces are listed (`/sys/class/net`).
    net_root: PathBuf,
    /// `system.js`'s `queryDone(id, results)`.
    query_done: Option<JsObject>,
    /// `system.js`'s `createSelectorQuery`, also set on every page instance.
    create_query: Option<JsObject>,
}

type SystemRef = Rc<RefCell<System>>;

fn state(ctx: &Context) -> Option<SystemRef> {
    ctx.get_data::<SystemRef>().cloned()
}

/// Puts the state on `ctx`; before [`install`].
pub(super) fn setup(ctx: &mut Context, account: AccountInfo, events: EventQueue) {
    ctx.insert_data::<SystemRef>(Rc::new(RefCell::new(System {
        account,
        events,
        net_root: PathBuf::from("/sys/class/net"),
        query_done: None,
        create_query: None,
    })));
}

/// Drops the JS objects kept here, before the context goes.
pub(super) fn teardown(ctx: &mut Context) {
    drop(ctx.remove_data::<SystemRef>());
}

/// `system.js`'s `queryDone`.
pub(super) fn query_done(ctx: &Context) -> Option<JsObject> {
    state(ctx)?.borrow().query_done.clone()
}

/// Evaluates `system.js` with the prelude's exports (`base`, `helpers`).
pub(super) fn install(ctx: &mut Context, exports: &JsObject) -> JsResult<()> {
    if state(ctx).is_none() {
        setup(ctx, AccountInfo::default(), EventQueue::memory());
    }
    let bridge = ObjectInitializer::new(ctx)
        .function(
            super::watchdog::guarded(super::query::native_query),
            js_string!("query"),
            3,
        )
        .function(
            super::watchdog::guarded(native_network_type),
            js_string!("networkType"),
            0,
        )
        .function(
            super::watchdog::guarded(native_account_info),
            js_string!("accountInfo"),
            0,
        )
        .function(
            super::watchdog::guarded(native_report_event),
            js_string!("reportEvent"),
            2,
        )
        .function(super::watchdog::guarded(native_warn), js_string!("warn"), 1)
        .build();
    let base = exports.get(js_string!("base"), ctx)?;
    let helpers = exports.get(js_string!("helpers"), ctx)?;
    let f = ctx.eval(Source::from_bytes(SYSTEM_JS).with_path(Path::new(SYSTEM_PATH)))?;
    let f = f
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message("system.js is not a function"))?;
    let out = f.call(&JsValue::undefined(), &[bridge.into(), base, helpers], ctx)?;
    let out = out
        .as_object()
        .ok_or_else(|| JsNativeError::typ().with_message("system.js returned no object"))?;
    let query_done = out.get(js_string!("queryDone"), ctx)?.as_callable();
    let create_query = out
        .get(js_string!("createSelectorQuery"), ctx)?
        .as_callable();
    if let Some(s) = state(ctx) {
        let mut s = s.borrow_mut();
        s.query_done = query_done;
        s.create_query = create_query;
    }
    Ok(())
}

/// Gives a new page instance its `createSelectorQuery()` (queries scoped to that page).
pub(super) fn page_methods(ctx: &mut Context, instance: &JsObject) -> JsResult<()> {
    let f = state(ctx).and_then(|s| s.borrow().create_query.clone());
    if let Some(f) = f {
        instance.set(js_string!("createSelectorQuery"), f, true, ctx)?;
    }
    Ok(())
}

/// `native.networkType()`.
fn native_network_type(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let root = state(ctx).map(|s| s.borrow().net_root.clone());
    let kind = if cfg!(target_os = "linux") {
        root.map_or("unknown", |r| network_type(&r))
    } else {
        "unknown"
    };
    Ok(js_string!(kind).into())
}

/// `native.accountInfo()`: a fresh object each call.
fn native_account_info(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let info = state(ctx).map(|s| s.borrow().account.to_json());
    Ok(super::thread::json_to_js(ctx, &info.unwrap_or_default()))
}

/// `native.reportEvent(eventId, json)`: `null`, or why the event was not kept.
fn native_report_event(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let event_id = args
        .get_or_undefined(0)
        .to_string(ctx)?
        .to_std_string_escaped();
    let text = args
        .get_or_undefined(1)
        .to_string(ctx)?
        .to_std_string_escaped();
    let data = match serde_json::from_str(&text) {
        Ok(d) => d,
        Err(e) => return Ok(js_string!(format!("data is not JSON: {e}")).into()),
    };
    let event = ReportedEvent {
        event_id,
        data,
        time_ms: super::events::now_ms(),
    };
    let events = state(ctx).map(|s| s.borrow().events.clone());
    let result = events.map_or(Ok(()), |q| q.push(&event));
    Ok(match result {
        Ok(()) => JsValue::null(),
        Err(e) => js_string!(e).into(),
    })
}

/// `native.warn(text)`.
fn native_warn(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let text = args.get_or_undefined(0).to_string(ctx)?;
    log::warn!(target: "mica::js", "{}", text.to_std_string_escaped());
    Ok(JsValue::undefined())
}

/// What `wx.getNetworkType` reports, from the interfaces listed under `root` (Linux's
/// `/sys/class/net`): an interface counts when it has a carrier and is not down.
///
/// - Any link up that is not cellular (Wi-Fi, a cable) → `wifi`. WeChat has no wired
///   type; apps read `wifi` as "fast and unmetered", which a wired TV or set-top box
///   is, and would hold back (smaller videos, no prefetch) on anything else.
/// - Else a cellular modem up (`wwan*`, `rmnet*`, `ccmni*`, `ppp*`, or a raw-IP / PPP
///   link type) → `unknown`: the generation (`4g`, `5g`) cannot be read from sysfs.
/// - Else → `none`. The loopback and the virtual links of containers and VMs (`veth*`,
///   `docker*`, `virbr*`, `br-*`, `vnet*`) never count.
/// - `root` missing (not Linux, no sysfs) → `unknown`.
pub fn network_type(root: &Path) -> &'static str {
    let Ok(entries) = std::fs::read_dir(root) else {
        return "unknown";
    };
    let mut cellular = false;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let dir = entry.path();
        let read = |file: &str| {
            std::fs::read_to_string(dir.join(file))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let link_type = read("type");
        const VIRTUAL: [&str; 5] = ["veth", "docker", "virbr", "br-", "vnet"];
        if name == "lo" || link_type == "772" || VIRTUAL.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        // `carrier` cannot even be read while the interface is down.
        let up = read("carrier") == "1"
            && !matches!(
                read("operstate").as_str(),
                "down" | "lowerlayerdown" | "dormant" | "notpresent"
            );
        if !up {
            continue;
        }
        const CELLULAR: [&str; 4] = ["wwan", "rmnet", "ccmni", "ppp"];
        let is_cellular = CELLULAR.iter().any(|p| name.starts_with(p))
            || link_type == "512"
            || link_type == "519";
        if is_cellular {
            cellular = true;
            continue;
        }
        // Wi-Fi or wired: both are reported as `wifi` (see above).
        return "wifi";
    }
    if cellular {
        "unknown"
    } else {
        "none"
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn iface(root: &Path, name: &str, operstate: &str, carrier: Option<&str>, kind: &str) {
        let d = root.join(name);
        let _ = fs::create_dir_all(&d);
        let _ = fs::write(d.join("operstate"), format!("{operstate}\n"));
        if let Some(c) = carrier {
            let _ = fs::write(d.join("carrier"), format!("{c}\n"));
        }
        let _ = fs::write(d.join("type"), format!("{kind}\n"));
    }

    fn root(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("mica-net-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        let _ = fs::create_dir_all(&d);
        d
    }

    #[test]
    fn network_type_reads_a_fake_sysfs() {
        // Only the loopback and an unplugged cable: no network.
        let r = root("none");
        iface(&r, "lo", "unknown", Some("1"), "772");
        iface(&r, "eth0", "down", Some("0"), "1");
        iface(&r, "wlan0", "down", None, "1");
        iface(&r, "docker0", "up", Some("1"), "1");
        iface(&r, "veth12ab", "up", Some("1"), "1");
        assert_eq!(network_type(&r), "none");

        // A cellular modem: connected, generation unknown.
        iface(&r, "wwan0", "unknown", Some("1"), "519");
        assert_eq!(network_type(&r), "unknown");

        // Wi-Fi associated.
        iface(&r, "wlan0", "up", Some("1"), "1");
        assert_eq!(network_type(&r), "wifi");

        // A cable only (Wi-Fi gone): reported as wifi too.
        let r = root("wired");
        iface(&r, "lo", "unknown", Some("1"), "772");
        iface(&r, "enp3s0", "up", Some("1"), "1");
        assert_eq!(network_type(&r), "wifi");
        // Dormant (802.1X not done yet) does not count.
        iface(&r, "enp3s0", "dormant", Some("1"), "1");
        assert_eq!(network_type(&r), "none");

        // A PPP link is cellular whatever its name.
        let r = root("named");
        iface(&r, "modem0", "unknown", Some("1"), "512");
        assert_eq!(network_type(&r), "unknown");

        assert_eq!(network_type(&r.join("missing")), "unknown");
    }

    #[test]
    fn account_info_has_wechats_shape() {
        let info = AccountInfo {
            app_id: "wx42".into(),
            env_version: EnvVersion::Release,
            version: "1.2.3".into(),
        };
        assert_eq!(
            info.to_json(),
            json!({
                "miniProgram": {"appId": "wx42", "envVersion": "release", "version": "1.2.3"},
                "plugin": {},
            })
        );
    }
}
