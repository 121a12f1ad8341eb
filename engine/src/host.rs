//! The host API bridge: native functions the embedding firmware registers, which
//! mini-programs call as `ft.<name>(args)` (and `wx.<name>`).
//!
//! A head unit exposes its vehicle speed, a set-top box its tuner, a kiosk its printer.
//! Each function has a name, an optional permission the app's manifest must grant
//! (`permissions.host_apis` of the `.mpk`), and a handler that is either
//!
//! - **sync**: called on the logic thread, returns at once; JS gets the value back
//!   directly (`const v = ft.getSpeed()`), or an exception on failure;
//! - **async**: called on the logic thread with a [`Reply`] it may answer later, from
//!   any thread; JS gets `success`/`fail`/`complete` or a promise, as for `wx.*` APIs.
//!
//! ```
//! use mica_engine::host::{HostApis, Reply};
//! use serde_json::json;
//!
//! let mut apis = HostApis::new();
//! apis.register_sync("getVehicleSpeed", Some("vehicle.read"), |_args| Ok(json!({ "kmh": 42 })));
//! apis.register_async("openTrunk", Some("vehicle.control"), |args, reply: Reply| {
//!     std::thread::spawn(move || {
//!         if args["confirm"] == true { reply.ok(json!({})) } else { reply.fail("not confirmed") }
//!     });
//! });
//! assert!(apis.get("getVehicleSpeed").is_some());
//! ```
//!
//! A handler that panics is contained: the call fails with
//! `"<name>:fail host function panicked"` and the app and the runtime keep running. An
//! async handler that drops its [`Reply`] unanswered fails the call the same way
//! (`"<name>:fail no reply from the host"`).
//!
//! FinClip apps declare the custom APIs they use in `FinClipConf.js`
//! (`module.exports = { extApi: [{ name, sync, params }] }`); Mica reads it so such apps
//! run unchanged: a declared API the host did not register fails with
//! `"<name>:fail not supported"` instead of being undefined.

use std::collections::BTreeMap;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use serde_json::Value;

/// A sync handler: arguments in, result or failure message out.
pub type SyncHandler = dyn Fn(&Value) -> Result<Value, String> + Send + Sync;
/// An async handler: arguments and the [`Reply`] to answer through.
pub type AsyncHandler = dyn Fn(Value, Reply) + Send + Sync;

/// How a host function answers.
#[derive(Clone)]
pub enum HostHandler {
    /// Returns before the call returns to JS.
    Sync(Arc<SyncHandler>),
    /// Answers later through a [`Reply`].
    Async(Arc<AsyncHandler>),
}

impl fmt::Debug for HostHandler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HostHandler::Sync(_) => "Sync",
            HostHandler::Async(_) => "Async",
        })
    }
}

/// One registered host function.
#[derive(Debug, Clone)]
pub struct HostApi {
    /// The name JS calls it by (`ft.<name>`).
    pub name: String,
    /// What the app's manifest must grant (`permissions.host_apis`); `None`: any app.
    pub permission: Option<String>,
    /// The handler.
    pub handler: HostHandler,
}

impl HostApi {
    /// Whether it answers synchronously.
    pub fn is_sync(&self) -> bool {
        matches!(self.handler, HostHandler::Sync(_))
    }
}

/// The host functions of a runtime ([`crate::runtime::RuntimeConfig::host_apis`]).
/// Cheap to clone: the handlers are shared.
#[derive(Debug, Clone, Default)]
pub struct HostApis {
    apis: BTreeMap<String, HostApi>,
}

/// Why a name cannot be registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadName(pub String);

impl fmt::Display for BadName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "host API name {:?} must be a JS identifier (letters, digits, _ and $, not starting with a digit)",
            self.0
        )
    }
}

impl std::error::Error for BadName {}

/// Whether `name` can be a property called as `ft.name(...)`.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_' || first == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && name.len() <= 128
}

impl HostApis {
    /// No functions.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers (or replaces) `api`. A host function may shadow a built-in `wx` API of
    /// the same name (FinClip hosts override `getAppBaseInfo` that way).
    pub fn register(&mut self, api: HostApi) -> Result<(), BadName> {
        if !valid_name(&api.name) {
            return Err(BadName(api.name));
        }
        self.apis.insert(api.name.clone(), api);
        Ok(())
    }

    /// Registers a sync function. Panics on a name that is not a JS identifier: a
    /// firmware bug, found the first time it runs (use [`HostApis::register`] for names
    /// that come from outside).
    pub fn register_sync(
        &mut self,
        name: &str,
        permission: Option<&str>,
        handler: impl Fn(&Value) -> Result<Value, String> + Send + Sync + 'static,
    ) {
        let api = HostApi {
            name: name.to_string(),
            permission: permission.map(str::to_string),
            handler: HostHandler::Sync(Arc::new(handler)),
        };
        if let Err(e) = self.register(api) {
            panic!("{e}");
        }
    }

    /// Registers an async function; see [`HostApis::register_sync`] on names.
    pub fn register_async(
        &mut self,
        name: &str,
        permission: Option<&str>,
        handler: impl Fn(Value, Reply) + Send + Sync + 'static,
    ) {
        let api = HostApi {
            name: name.to_string(),
            permission: permission.map(str::to_string),
            handler: HostHandler::Async(Arc::new(handler)),
        };
        if let Err(e) = self.register(api) {
            panic!("{e}");
        }
    }

    /// The function called `name`.
    pub fn get(&self, name: &str) -> Option<&HostApi> {
        self.apis.get(name)
    }

    /// All functions, by name.
    pub fn iter(&self) -> impl Iterator<Item = &HostApi> {
        self.apis.values()
    }

    /// No functions registered.
    pub fn is_empty(&self) -> bool {
        self.apis.is_empty()
    }
}

/// Which host permissions an app holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostGrants {
    /// Every permission: a source directory in development, or a host that says so.
    All,
    /// Exactly these (a package's `permissions.host_apis`).
    Only(Vec<String>),
}

impl Default for HostGrants {
    fn default() -> Self {
        HostGrants::Only(Vec::new())
    }
}

impl HostGrants {
    /// Whether an app with these grants may call `api`; `Err` says why not.
    pub fn check(&self, api: &HostApi) -> Result<(), String> {
        let Some(p) = &api.permission else {
            return Ok(());
        };
        match self {
            HostGrants::All => Ok(()),
            HostGrants::Only(list) if list.iter().any(|g| g == p) => Ok(()),
            HostGrants::Only(_) => Err(format!(
                "permission denied: the app's manifest does not grant \"{p}\""
            )),
        }
    }
}

/// The answer of one async host call. Send it to any thread; answer once. Dropping it
/// unanswered fails the call.
pub struct Reply {
    inner: Option<ReplyInner>,
}

/// Where an answer goes: the logic thread's queue.
pub(crate) type Deliver = Arc<dyn Fn(HostAnswer) + Send + Sync>;

struct ReplyInner {
    id: u64,
    name: String,
    deliver: Deliver,
}

/// An answer to an async host call, on its way to the logic thread.
#[derive(Debug, Clone, PartialEq)]
pub struct HostAnswer {
    /// The call's id.
    pub id: u64,
    /// The result, or the failure message (without the `name:fail ` prefix).
    pub result: Result<Value, String>,
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Some(i) => write!(f, "Reply({} #{})", i.name, i.id),
            None => f.write_str("Reply(answered)"),
        }
    }
}

impl Reply {
    pub(crate) fn new(id: u64, name: &str, deliver: Deliver) -> Self {
        Reply {
            inner: Some(ReplyInner {
                id,
                name: name.to_string(),
                deliver,
            }),
        }
    }

    /// Succeeds with `value` (an object's fields join `errMsg` in the result JS gets;
    /// anything else arrives as `res.data`).
    pub fn ok(mut self, value: Value) {
        self.send(Ok(value));
    }

    /// Fails with `message` (JS sees `errMsg: "<name>:fail <message>"`).
    pub fn fail(mut self, message: impl Into<String>) {
        self.send(Err(message.into()));
    }

    fn send(&mut self, result: Result<Value, String>) {
        if let Some(inner) = self.inner.take() {
            (inner.deliver)(HostAnswer {
                id: inner.id,
                result,
            });
        }
    }
}

impl Drop for Reply {
    fn drop(&mut self) {
        if self.inner.is_some() {
            self.send(Err("no reply from the host".into()));
        }
    }
}

/// Runs a sync handler, containing a panic.
pub(crate) fn call_sync(
    api: &HostApi,
    handler: &SyncHandler,
    args: &Value,
) -> Result<Value, String> {
    match catch_unwind(AssertUnwindSafe(|| handler(args))) {
        Ok(r) => r,
        Err(_) => {
            log::error!(target: "mica::host", "host function {} panicked", api.name);
            Err("host function panicked".into())
        }
    }
}

/// Runs an async handler, containing a panic (the reply it was given then fails).
pub(crate) fn call_async(api: &HostApi, handler: &AsyncHandler, args: Value, reply: Reply) {
    if catch_unwind(AssertUnwindSafe(|| handler(args, reply))).is_err() {
        log::error!(target: "mica::host", "host function {} panicked", api.name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::{mpsc, Mutex};

    #[test]
    fn names_must_be_identifiers() {
        for ok in ["a", "getSpeed", "_x", "$y", "a1"] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in ["", "1a", "a-b", "a.b", "a b", "__proto__ x", "ä"] {
            assert!(!valid_name(bad), "{bad}");
        }
        let mut apis = HostApis::new();
        let err = apis.register(HostApi {
            name: "a.b".into(),
            permission: None,
            handler: HostHandler::Sync(Arc::new(|_| Ok(Value::Null))),
        });
        assert!(err.is_err());
        assert!(apis.is_empty());
    }

    #[test]
    fn grants_match_the_permission_exactly() {
        let mut apis = HostApis::new();
        apis.register_sync("a", Some("car.read"), |_| Ok(json!(1)));
        apis.register_sync("b", None, |_| Ok(json!(1)));
        let a = apis.get("a").expect("a");
        let b = apis.get("b").expect("b");
        let only = HostGrants::Only(vec!["car.read".into()]);
        assert!(only.check(a).is_ok());
        assert!(HostGrants::Only(vec!["Car.Read".into()]).check(a).is_err());
        assert!(HostGrants::Only(vec!["car".into()]).check(a).is_err());
        assert!(HostGrants::default().check(b).is_ok());
        assert!(HostGrants::All.check(a).is_ok());
        let msg = HostGrants::default().check(a).expect_err("denied");
        assert!(msg.contains("car.read"), "{msg}");
    }

    #[test]
    fn a_dropped_reply_fails_and_an_answered_one_sends_once() {
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        let deliver: Deliver = Arc::new(move |a| {
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(a);
            }
        });
        Reply::new(1, "x", deliver.clone()).ok(json!({"v": 1}));
        drop(Reply::new(2, "x", deliver.clone()));
        Reply::new(3, "x", deliver).fail("nope");
        let got: Vec<HostAnswer> = rx.try_iter().collect();
        assert_eq!(
            got,
            vec![
                HostAnswer {
                    id: 1,
                    result: Ok(json!({"v": 1}))
                },
                HostAnswer {
                    id: 2,
                    result: Err("no reply from the host".into())
                },
                HostAnswer {
                    id: 3,
                    result: Err("nope".into())
                },
            ]
        );
    }

    #[test]
    fn a_panicking_handler_is_contained() {
        let mut apis = HostApis::new();
        apis.register_sync("boom", None, |_| panic!("host bug"));
        let api = apis.get("boom").expect("boom").clone();
        let HostHandler::Sync(h) = &api.handler else {
            panic!("sync expected")
        };
        assert_eq!(
            call_sync(&api, h.as_ref(), &Value::Null),
            Err("host function panicked".to_string())
        );
    }
}
