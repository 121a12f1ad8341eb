//! The release index (`releases.json`) and the gray-release rules that pick a release
//! for one device.
//!
//! ```json
//! { "appid": "wx0123456789",
//!   "releases": [
//!     { "version": "1.2.0", "url": "hello-1.2.0.mpk",
//!       "sha256": "…64 hex digits…", "size": 12345,
//!       "min_runtime": "0.1.0",
//!       "rollout": { "percent": 10 },
//!       "when": [ { "attr": "region", "in": ["cn", "eu"] },
//!                 { "attr": "fw", "range": { "min": 3, "max": 7 } } ],
//!       "devices": ["lab-tv-01"] } ] }
//! ```
//!
//! A release *applies* to a device when the device's id is in `devices`, or else when
//! every condition in `when` holds and the device's rollout bucket is inside `percent`.
//! `devices` only widens a release: to ship to the listed devices alone, add
//! `"rollout": {"percent": 0}`.
//!
//! Unknown keys inside a release, a rollout or a condition are errors, not ignored: a
//! misspelt `"rolout"` must not ship a 1 % release to everyone.

use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::fmt;

use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::{UpdateError, Version};

/// The rollout bucket space: a bucket is in `0..BUCKETS`, and a percentage `p` admits
/// buckets below `p * BUCKETS / 100`, so rollouts have a resolution of 0.01 %.
pub const BUCKETS: u64 = 10_000;

/// A parsed `releases.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct ReleaseIndex {
    /// The app the releases are for; must match the store's.
    pub appid: String,
    /// The releases, in any order.
    pub releases: Vec<Release>,
}

/// One downloadable version of the app and the rules for who gets it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// The package's version; the verifier must report the same one.
    pub version: Version,
    /// Where the package is: relative to the index URL, or an absolute `http(s)://` URL.
    pub url: String,
    /// The package's SHA-256, 64 hex digits (stored lower-case).
    #[serde(deserialize_with = "sha256_hex")]
    pub sha256: String,
    /// The package's size in bytes; the download is cut off past it.
    pub size: u64,
    /// The oldest runtime that can run this package.
    #[serde(default)]
    pub min_runtime: Option<Version>,
    /// Which share of the devices (that meet `when`) get it; everyone by default.
    #[serde(default)]
    pub rollout: Rollout,
    /// Conditions on the device's attributes; all must hold.
    #[serde(default)]
    pub when: Vec<Condition>,
    /// Device ids that get this release regardless of `rollout` and `when`.
    #[serde(default)]
    pub devices: Vec<String>,
}

/// The gradual part of a gray release.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rollout {
    /// Share of devices, 0–100; fractions are allowed (0.5 is one device in 200).
    #[serde(deserialize_with = "percent")]
    pub percent: f64,
}

impl Default for Rollout {
    fn default() -> Self {
        Rollout { percent: 100.0 }
    }
}

/// A condition on one device attribute. An attribute that is missing, or of another
/// JSON type than the test needs, makes the condition false.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "Value")]
pub struct Condition {
    /// The attribute's name in [`DeviceInfo::attrs`].
    pub attr: String,
    /// What the attribute's value must satisfy.
    pub test: Test,
}

/// The test of a [`Condition`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Test {
    /// `{"attr": "model", "equals": "X"}`: the value equals this one (numbers compare
    /// numerically, so `3` equals `3.0`).
    Equals(Value),
    /// `{"attr": "region", "in": ["cn", "eu"]}`: the value equals one of these.
    In(Vec<Value>),
    /// `{"attr": "fw", "range": {"min": 3, "max": 7}}`: a number within the inclusive
    /// bounds; either bound may be left out.
    Range {
        /// Lowest accepted value.
        min: Option<f64>,
        /// Highest accepted value.
        max: Option<f64>,
    },
    /// `{"attr": "serial", "regex": "^AB"}`: a string the regular expression matches
    /// somewhere (anchor it with `^…$` for a whole match). regex-lite syntax.
    Regex(regex_lite::Regex),
    /// `{"attr": "beta", "is": true}`: a boolean with this value.
    Is(bool),
}

const TESTS: &str = "equals, in, range, regex, is";

impl TryFrom<Value> for Condition {
    type Error = String;

    fn try_from(value: Value) -> Result<Self, String> {
        let Value::Object(map) = value else {
            return Err(format!(
                "a condition must be an object such as {{\"attr\": \"model\", \"equals\": \"X\"}}, found {}",
                json_type(&value)
            ));
        };
        let attr = match map.get("attr") {
            Some(Value::String(attr)) if !attr.is_empty() => attr.clone(),
            Some(Value::String(_)) => return Err("a condition has an empty \"attr\"".into()),
            Some(other) => {
                return Err(format!(
                    "a condition's \"attr\" must be a string, found {}",
                    json_type(other)
                ))
            }
            None => {
                return Err(format!(
                    "a condition has no \"attr\" (keys: {})",
                    map.keys()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        };
        let tests: Vec<(&String, &Value)> = map.iter().filter(|(k, _)| *k != "attr").collect();
        let (key, arg) =
            match tests.as_slice() {
                [] => {
                    return Err(format!(
                        "the condition on `{attr}` has no test (expected one of {TESTS})"
                    ))
                }
                [one] => *one,
                many => {
                    return Err(format!(
                    "the condition on `{attr}` has {} tests ({}); expected exactly one of {TESTS} \
                     (write one condition per test)",
                    many.len(),
                    many.iter().map(|(k, _)| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ))
                }
            };
        let wrong = |want: &str| {
            format!(
                "the condition on `{attr}`: `{key}` needs {want}, found {}",
                json_type(arg)
            )
        };
        let test = match key.as_str() {
            "equals" => Test::Equals(arg.clone()),
            "in" => match arg {
                Value::Array(values) => Test::In(values.clone()),
                _ => return Err(wrong("an array")),
            },
            "range" => {
                let Value::Object(bounds) = arg else {
                    return Err(wrong("an object such as {\"min\": 3, \"max\": 7}"));
                };
                let mut min = None;
                let mut max = None;
                for (name, bound) in bounds {
                    let slot = match name.as_str() {
                        "min" => &mut min,
                        "max" => &mut max,
                        other => {
                            return Err(format!(
                                "the condition on `{attr}`: unknown range bound `{other}` (expected min, max)"
                            ))
                        }
                    };
                    *slot = Some(bound.as_f64().ok_or_else(|| {
                        format!(
                            "the condition on `{attr}`: range bound `{name}` must be a number, found {}",
                            json_type(bound)
                        )
                    })?);
                }
                if let (Some(lo), Some(hi)) = (min, max) {
                    if lo > hi {
                        return Err(format!(
                            "the condition on `{attr}`: range min {lo} is above max {hi}"
                        ));
                    }
                }
                Test::Range { min, max }
            }
            "regex" => {
                let Value::String(pattern) = arg else {
                    return Err(wrong("a string"));
                };
                let regex = regex_lite::Regex::new(pattern).map_err(|e| {
                    format!("the condition on `{attr}`: invalid regex `{pattern}`: {e}")
                })?;
                Test::Regex(regex)
            }
            "is" => match arg {
                Value::Bool(b) => Test::Is(*b),
                _ => return Err(wrong("true or false")),
            },
            other => {
                return Err(format!(
                    "unknown condition `{other}` on `{attr}` (expected one of {TESTS})"
                ))
            }
        };
        Ok(Condition { attr, test })
    }
}

impl Condition {
    /// Whether the device's attributes satisfy this condition.
    pub fn holds(&self, attrs: &BTreeMap<String, Value>) -> bool {
        let Some(value) = attrs.get(&self.attr) else {
            return false;
        };
        match &self.test {
            Test::Equals(want) => json_equal(value, want),
            Test::In(wants) => wants.iter().any(|want| json_equal(value, want)),
            Test::Range { min, max } => value
                .as_f64()
                .is_some_and(|x| min.is_none_or(|lo| x >= lo) && max.is_none_or(|hi| x <= hi)),
            Test::Regex(regex) => value.as_str().is_some_and(|s| regex.is_match(s)),
            Test::Is(want) => value.as_bool() == Some(*want),
        }
    }
}

/// JSON equality, except that numbers compare by value (`3 == 3.0`).
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        _ => a == b,
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn sha256_hex<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let hex = String::deserialize(deserializer)?;
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(serde::de::Error::custom(format!(
            "sha256 must be 64 hex digits, found `{}`",
            hex.chars().take(80).collect::<String>()
        )));
    }
    Ok(hex.to_ascii_lowercase())
}

fn percent<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let percent = f64::deserialize(deserializer)?;
    if !(0.0..=100.0).contains(&percent) {
        return Err(serde::de::Error::custom(format!(
            "rollout percent must be between 0 and 100, found {percent}"
        )));
    }
    Ok(percent)
}

/// The device asking for updates: a stable id (serial number, MAC, ...) and the
/// attributes the `when` conditions look at (model, region, firmware version, ...).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeviceInfo {
    /// Stable, unique id; also seeds the rollout bucket.
    pub id: String,
    /// Attributes by name.
    pub attrs: BTreeMap<String, Value>,
}

impl DeviceInfo {
    /// A device with no attributes.
    pub fn new(id: impl Into<String>) -> Self {
        DeviceInfo {
            id: id.into(),
            attrs: BTreeMap::new(),
        }
    }

    /// Adds an attribute (builder style).
    pub fn attr(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.attrs.insert(name.into(), value.into());
        self
    }
}

/// The device's rollout bucket for one release, in `0..BUCKETS`: the first 8 bytes
/// (big-endian) of SHA-256(`device_id` "\n" `appid` "\n" `version`) modulo 10,000.
///
/// Stable across runs and devices' restarts; independent between releases, so the same
/// devices are not always the first to get a new version.
pub fn rollout_bucket(device_id: &str, appid: &str, version: &Version) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(device_id.as_bytes());
    hasher.update(b"\n");
    hasher.update(appid.as_bytes());
    hasher.update(b"\n");
    hasher.update(version.to_string().as_bytes());
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first) % BUCKETS
}

/// Why a release applies to a device, or why not (for the log).
#[derive(Debug, Clone, PartialEq)]
pub enum Eligibility {
    /// The device is in the release's `devices` list.
    Listed,
    /// All conditions hold and the bucket is inside the rollout.
    InRollout {
        /// The device's bucket.
        bucket: u64,
    },
    /// A condition (index into `when`) is false.
    ConditionFalse(usize),
    /// The conditions hold but the bucket is outside the rollout.
    OutsideRollout {
        /// The device's bucket.
        bucket: u64,
    },
}

impl Eligibility {
    /// Whether the release applies.
    pub fn applies(&self) -> bool {
        matches!(self, Eligibility::Listed | Eligibility::InRollout { .. })
    }
}

impl fmt::Display for Eligibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Eligibility::Listed => f.write_str("device is listed"),
            Eligibility::InRollout { bucket } => write!(f, "bucket {bucket} is in the rollout"),
            Eligibility::ConditionFalse(i) => write!(f, "condition {i} is false"),
            Eligibility::OutsideRollout { bucket } => {
                write!(f, "bucket {bucket} is outside the rollout")
            }
        }
    }
}

impl Release {
    /// Whether (and why) this release applies to `device`, ignoring versions.
    pub fn eligibility(&self, device: &DeviceInfo, appid: &str) -> Eligibility {
        if self.devices.contains(&device.id) {
            return Eligibility::Listed;
        }
        if let Some(i) = self.when.iter().position(|c| !c.holds(&device.attrs)) {
            return Eligibility::ConditionFalse(i);
        }
        let bucket = rollout_bucket(&device.id, appid, &self.version);
        // Buckets are < 10,000, exactly representable; percent * 100 is the bound.
        if (bucket as f64) < self.rollout.percent * (BUCKETS as f64 / 100.0) {
            Eligibility::InRollout { bucket }
        } else {
            Eligibility::OutsideRollout { bucket }
        }
    }

    /// Whether this release applies to `device` (see [`Release::eligibility`]).
    pub fn applies_to(&self, device: &DeviceInfo, appid: &str) -> bool {
        self.eligibility(device, appid).applies()
    }
}

impl ReleaseIndex {
    /// Parses and checks `releases.json`. Errors name the problem and its line and column.
    pub fn from_json(bytes: &[u8]) -> Result<ReleaseIndex, UpdateError> {
        let index: ReleaseIndex =
            serde_json::from_slice(bytes).map_err(|e| UpdateError::Index {
                message: e.to_string(),
            })?;
        if index.appid.is_empty() {
            return Err(UpdateError::Index {
                message: "\"appid\" is empty".into(),
            });
        }
        for release in &index.releases {
            if release.url.is_empty() {
                return Err(UpdateError::Index {
                    message: format!("release {} has an empty url", release.version),
                });
            }
            if release.size == 0 {
                return Err(UpdateError::Index {
                    message: format!("release {} has size 0", release.version),
                });
            }
        }
        Ok(index)
    }

    /// The release this device should install: the highest version that is newer than
    /// `installed`, not in `bad`, runnable by `runtime` (`min_runtime`) and that applies
    /// to the device. `None` means the device is up to date.
    pub fn select(
        &self,
        device: &DeviceInfo,
        installed: Option<&Version>,
        runtime: &Version,
        bad: &BTreeSet<Version>,
    ) -> Option<&Release> {
        let mut best: Option<&Release> = None;
        for release in &self.releases {
            let v = &release.version;
            if installed.is_some_and(|installed| v <= installed) {
                continue;
            }
            if best.is_some_and(|best| *v <= best.version) {
                continue;
            }
            if bad.contains(v) {
                log::debug!("release {v}: skipped, it was rolled back on this device");
                continue;
            }
            if let Some(min) = &release.min_runtime {
                if runtime < min {
                    log::debug!("release {v}: needs runtime {min}, this is {runtime}");
                    continue;
                }
            }
            let eligibility = release.eligibility(device, &self.appid);
            log::debug!("release {v}: {eligibility}");
            if eligibility.applies() {
                best = Some(release);
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_is_the_documented_hash() {
        // printf 'dev\napp\n1.0.0' | sha256sum  -> 77066cda82a9f42c...
        // 0x77066cda82a9f42c % 10000 == 4828
        assert_eq!(rollout_bucket("dev", "app", &Version::new(1, 0, 0)), 4828);
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(json_equal(&Value::from(3), &Value::from(3.0)));
        assert!(!json_equal(&Value::from(3), &Value::from("3")));
    }
}
