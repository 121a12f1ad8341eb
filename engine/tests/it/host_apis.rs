//! Host functions ([`mica_engine::host`]) called from a mini-program as `ft.<name>()`,
//! sync and async, with permissions, panics and FinClipConf.js declarations
//! (engine/tests/apps/host_apis).

use std::time::Duration;

use mica_engine::host::{HostApis, HostGrants, Reply};
use mica_engine::package::keys::SigningKey;
use mica_engine::package::mpk::Permissions;
use mica_engine::package::pack::PackOptions;
use mica_engine::package::Trust;
use mica_engine::runtime::{Runtime, RuntimeConfig};
use serde_json::{json, Value};

use crate::support::{fixture, text_by_id};

fn apis() -> HostApis {
    let mut apis = HostApis::new();
    apis.register_sync("getSpeed", None, |args| {
        Ok(json!({ "kmh": 42, "unit": args.get("unit").cloned().unwrap_or(Value::Null) }))
    });
    apis.register_sync("failSync", None, |_| Err("sensor offline".into()));
    apis.register_sync("secret", Some("car.secret"), |_| Ok(json!("hidden")));
    apis.register_sync("panics", None, |_| panic!("a bug in the firmware"));
    apis.register_async("later", Some("car.read"), |args, reply: Reply| {
        // Answered from another thread, as a device's service would.
        std::thread::spawn(move || {
            let v = args["value"].as_i64().unwrap_or(0);
            if v < 0 {
                reply.fail("negative");
            } else {
                reply.ok(json!({ "doubled": v * 2 }));
            }
        });
    });
    apis.register_async("dropsReply", None, |_, reply| drop(reply));
    apis.register_async("panicsAsync", None, |_, _| panic!("another bug"));
    apis.register_async("secretAsync", Some("car.secret"), |_, reply| {
        reply.ok(json!({}))
    });
    apis.register_sync("echoSync", None, |args| Ok(json!({ "n": args["n"] })));
    apis.register_async("scalar", None, |_, reply| reply.ok(json!(17)));
    apis.register_async("trunk", None, |_, reply| reply.ok(json!({})));
    apis
}

/// The fixture, holding the `car.read` permission only.
fn app() -> Runtime {
    open(
        &fixture("host_apis"),
        Some(HostGrants::Only(vec!["car.read".into()])),
        Trust::default(),
    )
}

fn run(rt: &mut Runtime, method: &str) -> Vec<String> {
    rt.call_page_method(method, json!({}))
        .unwrap_or_else(|e| panic!("{method}: {e}"));
    rt.wait_requests(Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{method}: {e}"));
    let log = text_by_id(rt, "log");
    log.lines().map(str::to_string).collect()
}

#[test]
fn sync_host_functions_return_values_or_throw_named_errors() {
    let mut rt = app();
    assert_eq!(
        run(&mut rt, "sync"),
        [
            r#"speed {"kmh":42,"unit":"kmh"}"#,
            r#"wx alias {"kmh":42,"unit":null}"#,
            "threw failSync:fail sensor offline",
            "threw secret:fail permission denied: the app's manifest does not grant \"car.secret\"",
            "threw panics:fail host function panicked",
            "threw trunk:fail the host provides trunk asynchronously: call it with success/fail callbacks or await it",
            "threw alsoMissingSync:fail not supported",
            "canIUse true,true,false,false",
        ]
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn async_host_functions_answer_callbacks_from_other_threads() {
    let mut rt = app();
    assert_eq!(
        run(&mut rt, "callbacks"),
        [
            r#"later success {"doubled":10,"errMsg":"later:ok"}"#,
            "later complete later:ok",
        ]
    );
    let mut more = run(&mut rt, "more");
    // The answers come back in whatever order the host gives them.
    more.drain(..2);
    more.sort();
    assert_eq!(
        more,
        [
            r#"declared async success {"errMsg":"echoSync:ok","n":3}"#,
            r#"dropped fail {"errMsg":"dropsReply:fail no reply from the host"}"#,
            r#"missing fail {"errMsg":"notOnThisDevice:fail not supported"}"#,
            r#"panicked fail {"errMsg":"panicsAsync:fail no reply from the host"}"#,
            r#"refused fail {"errMsg":"later:fail negative"}"#,
            r#"scalar success {"data":17,"errMsg":"scalar:ok"}"#,
            r#"secret fail {"errMsg":"secretAsync:fail permission denied: the app's manifest does not grant \"car.secret\""}"#,
        ]
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

#[test]
fn async_host_functions_return_promises() {
    let mut rt = app();
    assert_eq!(
        run(&mut rt, "promises"),
        [
            r#"await {"doubled":14,"errMsg":"later:ok"}"#,
            r#"rejected {"errMsg":"later:fail negative"}"#,
            "speed again 42",
        ]
    );
    assert!(rt.errors().is_empty(), "{:?}", rt.errors());
}

fn open(path: &std::path::Path, grants: Option<HostGrants>, trust: Trust) -> Runtime {
    let config = RuntimeConfig {
        width: 320,
        height: 240,
        host_apis: apis(),
        host_grants: grants,
        trust,
        ..Default::default()
    };
    let mut rt = Runtime::open(path, config).unwrap_or_else(|e| panic!("{e}"));
    rt.launch(None).unwrap_or_else(|e| panic!("{e}"));
    rt
}

#[test]
fn a_source_directory_holds_every_permission_and_a_package_only_its_manifests() {
    // No grants configured: a source directory (development) may call everything.
    let mut rt = open(&fixture("host_apis"), None, Trust::default());
    let log = run(&mut rt, "sync");
    assert!(!log.iter().any(|l| l.contains("secret")), "{log:?}");
    assert!(log.iter().any(|l| l.contains("threw failSync")), "{log:?}");

    // A package holds what its manifest grants: here car.secret, not car.read.
    let mut options = PackOptions::new(SigningKey::from_seed([0x33; 32]), [0x44; 32]);
    options.permissions = Some(Permissions {
        host_apis: vec!["car.secret".into()],
        ..Default::default()
    });
    let (path, trust) = crate::support::pack_fixture("host_apis", "host-apis", &options);
    let mut rt = open(&path, None, trust);
    let log = run(&mut rt, "gated");
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        log,
        [
            "secret hidden",
            "later later:fail permission denied: the app's manifest does not grant \"car.read\"",
        ]
    );
}
