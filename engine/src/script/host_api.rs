//! `ft.<name>()` for host functions ([`crate::host`]): the natives behind the
//! `hostSync`/`hostAsync` wrappers of `host_api.js`, and the answers of async ones
//! ([`ToLogic::HostDone`](super::ToLogic::HostDone)).

use std::collections::HashSet;
use std::sync::{mpsc, Arc};

use boa_engine::object::builtins::JsArray;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{js_string, Context, JsArgs, JsObject, JsResult, JsValue};
use serde_json::Value;

use super::thread::{host, json_to_js, report, send};
use super::{ToLogic, ToView};
use crate::host::{call_async, call_sync, Deliver, HostApis, HostGrants, HostHandler, Reply};

/// The host functions of the app and the async calls waiting for their answer.
#[derive(Default)]
pub(super) struct HostCalls {
    /// What the firmware registered.
    pub apis: HostApis,
    /// What the app may call.
    pub grants: HostGrants,
    /// Async calls not answered yet.
    pub pending: HashSet<u64>,
    /// Posts an answer to the logic thread's queue.
    pub deliver: Option<Deliver>,
}

impl HostCalls {
    pub fn new(apis: HostApis, grants: HostGrants, to_logic: mpsc::Sender<(u64, ToLogic)>) -> Self {
        let deliver: Deliver = Arc::new(move |answer: crate::host::HostAnswer| {
            // A closed queue means the app stopped; the answer has nowhere to go.
            let _ = to_logic.send((
                super::request::WORKER_SEQ,
                ToLogic::HostDone {
                    id: answer.id,
                    result: answer.result,
                },
            ));
        });
        HostCalls {
            apis,
            grants,
            pending: HashSet::new(),
            deliver: Some(deliver),
        }
    }
}

/// `native.hostApis()`: `[{name, sync}]` of every registered function.
pub(super) fn native_host_apis(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let list: Vec<(String, bool)> = host(ctx)
        .borrow()
        .host_calls
        .apis
        .iter()
        .map(|a| (a.name.clone(), a.is_sync()))
        .collect();
    let array = JsArray::new(ctx)?;
    for (name, sync) in list {
        let entry = ObjectInitializer::new(ctx)
            .property(js_string!("name"), js_string!(name), Attribute::all())
            .property(js_string!("sync"), sync, Attribute::all())
            .build();
        array.push(entry, ctx)?;
    }
    Ok(array.into())
}

/// `{ok: value}` or `{fail: message}` for the prelude.
fn outcome(ctx: &mut Context, result: Result<Value, String>) -> JsValue {
    let obj = JsObject::with_null_proto();
    let (key, value) = match result {
        Ok(v) => (js_string!("ok"), json_to_js(ctx, &v)),
        Err(m) => (js_string!("fail"), js_string!(m).into()),
    };
    if let Err(e) = obj.set(key, value, false, ctx) {
        report(ctx, "host function result", &e);
    }
    obj.into()
}

/// `native.hostCall(id, name, args, wantSync)`: calls host function `name`. Returns
/// `{ok}` / `{fail}` when it answered at once, or `undefined` when an async answer will
/// come as [`ToLogic::HostDone`] `id`.
pub(super) fn native_host_call(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let id = args.get_or_undefined(0).to_number(ctx)? as u64;
    let name = args
        .get_or_undefined(1)
        .to_string(ctx)?
        .to_std_string_escaped();
    let call_args = super::page::to_json(ctx, args.get_or_undefined(2))?.unwrap_or(Value::Null);
    let want_sync = args.get_or_undefined(3).to_boolean();
    let (api, allowed, deliver) = {
        let h = host(ctx);
        let h = h.borrow();
        let Some(api) = h.host_calls.apis.get(&name).cloned() else {
            return Ok(outcome(ctx, Err("not supported".into())));
        };
        let allowed = h.host_calls.grants.check(&api);
        (api, allowed, h.host_calls.deliver.clone())
    };
    if let Err(why) = allowed {
        log::warn!(target: "mica::host", "ft.{name}: {why}");
        return Ok(outcome(ctx, Err(why)));
    }
    match &api.handler {
        HostHandler::Sync(f) => {
            let result = call_sync(&api, f.as_ref(), &call_args);
            Ok(outcome(ctx, result))
        }
        HostHandler::Async(_) if want_sync => Ok(outcome(
            ctx,
            Err(format!(
                "the host provides {name} asynchronously: call it with success/fail callbacks or await it"
            )),
        )),
        HostHandler::Async(f) => {
            let Some(deliver) = deliver else {
                return Ok(outcome(ctx, Err("host calls are not set up".into())));
            };
            let in_flight = {
                let h = host(ctx);
                let mut h = h.borrow_mut();
                h.host_calls.pending.insert(id);
                h.in_flight()
            };
            send(ctx, ToView::Network { in_flight });
            call_async(&api, f.as_ref(), call_args, Reply::new(id, &name, deliver));
            Ok(JsValue::undefined())
        }
    }
}

/// [`ToLogic::HostDone`]: the prelude's `hostDone(id, ok, payload)` runs the callbacks
/// or settles the promise (the thread loop then reports what is still in flight).
pub(super) fn done(ctx: &mut Context, id: u64, result: Result<Value, String>) {
    if !host(ctx).borrow_mut().host_calls.pending.remove(&id) {
        return;
    }
    let Some(f) = host(ctx).borrow().host_done.clone() else {
        return;
    };
    let (ok, payload) = match result {
        Ok(v) => (true, json_to_js(ctx, &v)),
        Err(m) => (false, js_string!(m).into()),
    };
    if let Err(e) = f.call(
        &JsValue::undefined(),
        &[JsValue::from(id as f64), JsValue::from(ok), payload],
        ctx,
    ) {
        report(ctx, "host function callback", &e);
    }
}
