//! Release index parsing and the gray-release rules.

use std::collections::BTreeSet;

use mica_update::{DeviceInfo, Eligibility, ReleaseIndex, UpdateError};
use serde_json::{json, Value};

use crate::support::v;

const SHA: &str = "ab00000000000000000000000000000000000000000000000000000000000000";

fn release(version: &str, extra: Value) -> Value {
    let mut release = json!({ "version": version, "url": "p.mpk", "sha256": SHA, "size": 10 });
    if let (Some(map), Value::Object(extra)) = (release.as_object_mut(), extra) {
        map.extend(extra);
    }
    release
}

fn index(releases: Vec<Value>) -> ReleaseIndex {
    let text = json!({ "appid": "wxgray", "releases": releases }).to_string();
    ReleaseIndex::from_json(text.as_bytes()).expect("valid index")
}

fn parse_error(text: &str) -> String {
    match ReleaseIndex::from_json(text.as_bytes()) {
        Err(e @ UpdateError::Index { .. }) => e.to_string(),
        other => panic!("expected an index error, got {other:?}"),
    }
}

fn one_condition(condition: Value) -> ReleaseIndex {
    index(vec![release("1.0.0", json!({ "when": [condition] }))])
}

fn applies(index: &ReleaseIndex, device: &DeviceInfo) -> bool {
    index.releases[0].applies_to(device, &index.appid)
}

fn device() -> DeviceInfo {
    DeviceInfo::new("dev-1")
        .attr("model", "T950")
        .attr("region", "cn")
        .attr("fw", 5)
        .attr("serial", "AB1234")
        .attr("beta", true)
}

#[test]
fn ten_percent_rollout_lands_near_ten_percent() {
    let index = index(vec![release(
        "1.2.0",
        json!({ "rollout": { "percent": 10 } }),
    )]);
    let hits = (0..10_000)
        .filter(|i| applies(&index, &DeviceInfo::new(format!("device-{i}"))))
        .count();
    assert!(
        (900..=1100).contains(&hits),
        "{hits} of 10,000 devices in a 10% rollout"
    );
}

#[test]
fn rollout_bounds_and_fractions() {
    let devices: Vec<DeviceInfo> = (0..10_000)
        .map(|i| DeviceInfo::new(format!("d{i}")))
        .collect();
    let count = |percent: f64| {
        let index = index(vec![release(
            "2.0.0",
            json!({ "rollout": { "percent": percent } }),
        )]);
        devices.iter().filter(|d| applies(&index, d)).count()
    };
    assert_eq!(count(0.0), 0);
    assert_eq!(count(100.0), 10_000);
    let half_percent = count(0.5);
    assert!(
        (20..=90).contains(&half_percent),
        "0.5% gave {half_percent}"
    );
    // No rollout object means everyone.
    assert!(applies(
        &index(vec![release("2.0.0", json!({}))]),
        &DeviceInfo::new("x")
    ));
}

#[test]
fn rollout_is_stable_per_device_and_independent_per_version() {
    let a = index(vec![release(
        "1.0.0",
        json!({ "rollout": { "percent": 50 } }),
    )]);
    let b = index(vec![release(
        "1.0.1",
        json!({ "rollout": { "percent": 50 } }),
    )]);
    let ids: Vec<DeviceInfo> = (0..200)
        .map(|i| DeviceInfo::new(format!("tv-{i}")))
        .collect();
    let first: Vec<bool> = ids.iter().map(|d| applies(&a, d)).collect();
    let again: Vec<bool> = ids.iter().map(|d| applies(&a, d)).collect();
    let other: Vec<bool> = ids.iter().map(|d| applies(&b, d)).collect();
    assert_eq!(first, again);
    assert_ne!(first, other, "the same devices are first for every version");
}

#[test]
fn equals_condition() {
    let d = device();
    assert!(applies(
        &one_condition(json!({"attr": "model", "equals": "T950"})),
        &d
    ));
    assert!(!applies(
        &one_condition(json!({"attr": "model", "equals": "T951"})),
        &d
    ));
    // Numbers by value; a string is not a number.
    assert!(applies(
        &one_condition(json!({"attr": "fw", "equals": 5.0})),
        &d
    ));
    assert!(!applies(
        &one_condition(json!({"attr": "fw", "equals": "5"})),
        &d
    ));
}

#[test]
fn in_condition() {
    let d = device();
    assert!(applies(
        &one_condition(json!({"attr": "region", "in": ["eu", "cn"]})),
        &d
    ));
    assert!(!applies(
        &one_condition(json!({"attr": "region", "in": ["eu", "us"]})),
        &d
    ));
    assert!(!applies(
        &one_condition(json!({"attr": "region", "in": []})),
        &d
    ));
}

#[test]
fn range_condition_is_inclusive_and_either_bound_optional() {
    let d = device(); // fw = 5
    let range = |r: Value| applies(&one_condition(json!({"attr": "fw", "range": r})), &d);
    assert!(range(json!({"min": 3, "max": 7})));
    assert!(range(json!({"min": 5, "max": 5})));
    assert!(!range(json!({"min": 6, "max": 7})));
    assert!(!range(json!({"min": 1, "max": 4.5})));
    assert!(range(json!({"min": 5})));
    assert!(!range(json!({"min": 5.5})));
    assert!(range(json!({"max": 5})));
    assert!(!range(json!({"max": 4})));
    // A string attribute is the wrong type, even if it looks like a number.
    let s = DeviceInfo::new("x").attr("fw", "5");
    assert!(!applies(
        &one_condition(json!({"attr": "fw", "range": {"min": 1}})),
        &s
    ));
}

#[test]
fn regex_condition() {
    let d = device(); // serial AB1234
    assert!(applies(
        &one_condition(json!({"attr": "serial", "regex": "^AB"})),
        &d
    ));
    assert!(applies(
        &one_condition(json!({"attr": "serial", "regex": "12"})),
        &d
    ));
    assert!(!applies(
        &one_condition(json!({"attr": "serial", "regex": "^CD"})),
        &d
    ));
    assert!(
        !applies(&one_condition(json!({"attr": "fw", "regex": "5"})), &d),
        "number is not a string"
    );
}

#[test]
fn is_condition() {
    let d = device(); // beta true
    assert!(applies(
        &one_condition(json!({"attr": "beta", "is": true})),
        &d
    ));
    assert!(!applies(
        &one_condition(json!({"attr": "beta", "is": false})),
        &d
    ));
    let s = DeviceInfo::new("x").attr("beta", "true");
    assert!(
        !applies(&one_condition(json!({"attr": "beta", "is": true})), &s),
        "string is not a bool"
    );
}

#[test]
fn missing_attribute_makes_every_condition_false() {
    let bare = DeviceInfo::new("bare");
    for condition in [
        json!({"attr": "model", "equals": "T950"}),
        json!({"attr": "region", "in": ["cn"]}),
        json!({"attr": "fw", "range": {}}),
        json!({"attr": "serial", "regex": ""}),
        json!({"attr": "beta", "is": false}),
    ] {
        assert!(
            !applies(&one_condition(condition.clone()), &bare),
            "{condition}"
        );
    }
}

#[test]
fn all_conditions_must_hold() {
    let release = release(
        "1.0.0",
        json!({ "when": [
            {"attr": "model", "equals": "T950"},
            {"attr": "region", "in": ["eu"]},
        ] }),
    );
    let index = index(vec![release]);
    assert_eq!(
        index.releases[0].eligibility(&device(), &index.appid),
        Eligibility::ConditionFalse(1)
    );
}

#[test]
fn listed_devices_get_the_release_regardless_of_rules() {
    let index = index(vec![release(
        "1.0.0",
        json!({
            "rollout": { "percent": 0 },
            "when": [{"attr": "model", "equals": "nothing-has-this"}],
            "devices": ["lab-tv-1", "lab-tv-2"],
        }),
    )]);
    assert_eq!(
        index.releases[0].eligibility(&DeviceInfo::new("lab-tv-2"), "wxgray"),
        Eligibility::Listed
    );
    assert!(!applies(&index, &DeviceInfo::new("lab-tv-3")));
    assert!(!applies(&index, &device()));
}

#[test]
fn highest_applicable_version_is_chosen() {
    let index = index(vec![
        release("1.0.0", json!({})),
        release("1.3.0", json!({ "rollout": { "percent": 0 } })),
        release("1.2.0", json!({})),
        release(
            "1.2.5",
            json!({ "when": [{"attr": "region", "in": ["eu"]}] }),
        ),
    ]);
    let none = BTreeSet::new();
    let pick = |installed: Option<&str>| {
        let installed = installed.map(v);
        index
            .select(&device(), installed.as_ref(), &v("0.1.0"), &none)
            .map(|r| r.version)
    };
    assert_eq!(pick(None), Some(v("1.2.0")));
    assert_eq!(pick(Some("1.0.0")), Some(v("1.2.0")));
    assert_eq!(pick(Some("1.2.0")), None, "equal is not newer");
    assert_eq!(pick(Some("2.0.0")), None, "no downgrades");
}

#[test]
fn min_runtime_is_respected() {
    let index = index(vec![
        release("1.0.0", json!({ "min_runtime": "0.1.0" })),
        release("2.0.0", json!({ "min_runtime": "0.2.0" })),
    ]);
    let none = BTreeSet::new();
    let pick = |runtime: &str| {
        index
            .select(&device(), None, &v(runtime), &none)
            .map(|r| r.version)
    };
    assert_eq!(pick("0.1.5"), Some(v("1.0.0")));
    assert_eq!(pick("0.2.0"), Some(v("2.0.0")));
    assert_eq!(pick("0.0.9"), None);
}

#[test]
fn bad_versions_are_skipped() {
    let index = index(vec![
        release("1.0.0", json!({})),
        release("2.0.0", json!({})),
    ]);
    let bad: BTreeSet<_> = [v("2.0.0")].into();
    let chosen = index
        .select(&device(), None, &v("0.1.0"), &bad)
        .map(|r| r.version);
    assert_eq!(chosen, Some(v("1.0.0")));
    let chosen = index.select(&device(), Some(&v("1.0.0")), &v("0.1.0"), &bad);
    assert!(chosen.is_none());
}

#[test]
fn parse_errors_are_clear() {
    let with_condition = |c: Value| {
        json!({ "appid": "a", "releases": [release("1.0.0", json!({ "when": [c] }))] }).to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        (
            with_condition(json!({"attr": "model", "startsWith": "T"})),
            "unknown condition `startsWith` on `model` (expected one of equals, in, range, regex, is)",
        ),
        (with_condition(json!({"attr": "model"})), "the condition on `model` has no test"),
        (
            with_condition(json!({"attr": "model", "equals": "a", "in": ["b"]})),
            "the condition on `model` has 2 tests",
        ),
        (with_condition(json!({"equals": "a"})), "a condition has no \"attr\""),
        (with_condition(json!({"attr": 3, "equals": "a"})), "\"attr\" must be a string"),
        (with_condition(json!("model == T950")), "a condition must be an object"),
        (with_condition(json!({"attr": "s", "regex": "(unclosed"})), "invalid regex `(unclosed`"),
        (with_condition(json!({"attr": "fw", "range": {"min": "3"}})), "range bound `min` must be a number"),
        (with_condition(json!({"attr": "fw", "range": {"low": 3}})), "unknown range bound `low`"),
        (with_condition(json!({"attr": "fw", "range": {"min": 7, "max": 3}})), "range min 7 is above max 3"),
        (with_condition(json!({"attr": "fw", "in": "cn"})), "`in` needs an array, found a string"),
        (with_condition(json!({"attr": "beta", "is": "yes"})), "`is` needs true or false"),
        (
            json!({ "appid": "a", "releases": [release("1.0.0", json!({ "rolout": {"percent": 1} }))] })
                .to_string(),
            "unknown field `rolout`",
        ),
        (
            json!({ "appid": "a", "releases": [release("1.0.0", json!({ "rollout": {"percent": 150} }))] })
                .to_string(),
            "rollout percent must be between 0 and 100, found 150",
        ),
        (
            json!({ "appid": "a", "releases": [release("1.0.0", json!({ "sha256": "xyz" }))] }).to_string(),
            "sha256 must be 64 hex digits",
        ),
        (
            json!({ "appid": "a", "releases": [release("1.0", json!({}))] }).to_string(),
            "invalid version `1.0`",
        ),
        (
            json!({ "appid": "a", "releases": [release("1.0.0", json!({ "size": 0 }))] }).to_string(),
            "release 1.0.0 has size 0",
        ),
        (json!({ "appid": "", "releases": [] }).to_string(), "\"appid\" is empty"),
        (json!({ "releases": [] }).to_string(), "missing field `appid`"),
        ("{ not json".to_string(), "key must be a string"),
    ];
    for (text, expected) in cases {
        let message = parse_error(&text);
        assert!(
            message.contains(expected),
            "`{message}` should contain `{expected}`"
        );
        assert!(message.starts_with("release index: "), "{message}");
    }
    // Errors inside a release say where.
    let message = parse_error(&with_condition(json!({"attr": "model", "startsWith": "T"})));
    assert!(message.contains("line 1 column"), "{message}");
}

#[test]
fn unknown_top_level_keys_are_ignored() {
    let text = json!({ "appid": "a", "generated": "2026-01-01", "releases": [] }).to_string();
    assert!(ReleaseIndex::from_json(text.as_bytes()).is_ok());
}
