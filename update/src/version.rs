//! Package versions: `MAJOR.MINOR.PATCH`, digits only, ordered numerically.

use std::fmt;
use std::str::FromStr;

/// A package or runtime version, `MAJOR.MINOR.PATCH`.
///
/// Only digits are accepted (no pre-release or build suffix), and no leading zeros, so
/// every version has exactly one spelling and the string in the release index, the
/// string in `state.json` and the string hashed for the rollout bucket are the same.
///
/// ```
/// use mica_update::Version;
/// let v: Version = "1.10.0".parse().unwrap();
/// assert!(v > "1.9.3".parse().unwrap());
/// assert_eq!(v.to_string(), "1.10.0");
/// assert!("1.2".parse::<Version>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Incompatible changes.
    pub major: u64,
    /// Compatible features.
    pub minor: u64,
    /// Fixes.
    pub patch: u64,
}

impl Version {
    /// A version from its three numbers.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }
}

/// Why a string is not a [`Version`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid version `{input}`: {reason} (expected MAJOR.MINOR.PATCH, digits only)")]
pub struct VersionError {
    /// The rejected text (cut to 64 characters).
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl FromStr for Version {
    type Err = VersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |reason| VersionError {
            input: s.chars().take(64).collect(),
            reason,
        };
        let mut parts = s.split('.');
        let mut numbers = [0u64; 3];
        for number in &mut numbers {
            let part = parts.next().ok_or_else(|| fail("fewer than three parts"))?;
            if part.is_empty() {
                return Err(fail("empty part"));
            }
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(fail("a part is not made of digits"));
            }
            if part.len() > 1 && part.starts_with('0') {
                return Err(fail("a part has a leading zero"));
            }
            *number = part.parse().map_err(|_| fail("a part is too large"))?;
        }
        if parts.next().is_some() {
            return Err(fail("more than three parts"));
        }
        Ok(Version::new(numbers[0], numbers[1], numbers[2]))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl serde::Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders_numerically() {
        let v = |s: &str| s.parse::<Version>().expect(s);
        assert_eq!(v("0.1.0"), Version::new(0, 1, 0));
        assert!(v("1.10.0") > v("1.9.9"));
        assert!(v("2.0.0") > v("1.99.99"));
        assert!(v("1.2.3") == v("1.2.3"));
        assert_eq!(v("10.20.30").to_string(), "10.20.30");
    }

    #[test]
    fn rejects_everything_else_with_a_reason() {
        for (input, reason) in [
            ("", "empty part"),
            ("1.2", "fewer than three parts"),
            ("1.2.3.4", "more than three parts"),
            ("1..3", "empty part"),
            ("1.2.x", "a part is not made of digits"),
            ("1.2.3-beta", "a part is not made of digits"),
            ("+1.2.3", "a part is not made of digits"),
            (" 1.2.3", "a part is not made of digits"),
            ("1.02.3", "a part has a leading zero"),
            ("1.2.99999999999999999999", "a part is too large"),
        ] {
            let err = input.parse::<Version>().expect_err(input);
            assert_eq!(err.reason, reason, "{input}");
            assert!(err.to_string().contains("MAJOR.MINOR.PATCH"));
        }
    }

    #[test]
    fn serde_round_trip() {
        let v: Version = serde_json::from_str("\"3.4.5\"").expect("parse");
        assert_eq!(serde_json::to_string(&v).expect("write"), "\"3.4.5\"");
        let err = serde_json::from_str::<Version>("\"3.4\"").expect_err("short");
        assert!(err.to_string().contains("invalid version `3.4`"), "{err}");
    }
}
