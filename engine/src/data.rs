//! Data paths as `setData` and template bindings use them: `list[2].name`, `a.b`, `['x']`.
//!
//! A patch is a list of `(DataPath, Value)` pairs. A binding that read path `p` must be
//! re-evaluated for a change at `c` when one is a prefix of the other.

use serde_json::Value;

/// One step of a data path.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Seg {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A path from the page data root.
pub type DataPath = Vec<Seg>;

/// Why a `setData` key could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    /// The key is not a valid path (e.g. `a[`, `a..b`, `[x]`).
    #[error("invalid data path `{path}`: {reason}")]
    Invalid {
        /// The key as given.
        path: String,
        /// What is wrong.
        reason: &'static str,
    },
}

/// The largest array index a `setData` key may name. `set` pads an array with nulls up to
/// the index, so an unchecked `list[77777877]` allocated gigabytes (and `[usize::MAX]`
/// overflowed); found by the `data_path` fuzz target. 2^20 nulls is 32 MB at most.
pub const MAX_INDEX: usize = 1 << 20;

/// Parses a `setData` key such as `list[2].name` or `obj.a.b`.
pub fn parse_path(key: &str) -> Result<DataPath, PathError> {
    let err = |reason| PathError::Invalid {
        path: key.to_string(),
        reason,
    };
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = key.chars().peekable();
    let mut after_bracket = false;
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if cur.is_empty() && !after_bracket {
                    return Err(err("empty segment"));
                }
                if !cur.is_empty() {
                    out.push(Seg::Key(std::mem::take(&mut cur)));
                }
                after_bracket = false;
                if chars.peek().is_none() {
                    return Err(err("path ends with `.`"));
                }
            }
            '[' => {
                if !cur.is_empty() {
                    out.push(Seg::Key(std::mem::take(&mut cur)));
                }
                let mut idx = String::new();
                let mut closed = false;
                for d in chars.by_ref() {
                    if d == ']' {
                        closed = true;
                        break;
                    }
                    idx.push(d);
                }
                if !closed {
                    return Err(err("unclosed `[`"));
                }
                let idx = idx.trim();
                let n: usize = idx.parse().map_err(|_| err("index is not a number"))?;
                if n > MAX_INDEX {
                    return Err(err("index is too large"));
                }
                out.push(Seg::Index(n));
                after_bracket = true;
            }
            _ => {
                if after_bracket {
                    return Err(err("expected `.` or `[` after `]`"));
                }
                cur.push(c);
            }
        }
    }
    if !cur.is_empty() {
        out.push(Seg::Key(cur));
    }
    if out.is_empty() {
        return Err(err("empty path"));
    }
    Ok(out)
}

/// Renders a path back into `a.b[0].c` form.
pub fn path_to_string(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

/// The value at `path`, if present.
pub fn get<'a>(root: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    let mut cur = root;
    for seg in path {
        cur = match (seg, cur) {
            (Seg::Key(k), Value::Object(m)) => m.get(k)?,
            (Seg::Index(i), Value::Array(a)) => a.get(*i)?,
            // `obj[0]` on an object reads key "0", as JS would.
            (Seg::Index(i), Value::Object(m)) => m.get(&i.to_string())?,
            (Seg::Key(k), Value::Array(a)) => {
                if k == "length" {
                    return None;
                }
                a.get(k.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(cur)
}

/// Sets `value` at `path`, creating objects and arrays on the way as WeChat's setData does
/// (`a.b` on a missing `a` creates an object; `a[2]` on a missing `a` creates an array
/// padded with nulls). A scalar in the way is replaced.
pub fn set(root: &mut Value, path: &[Seg], value: Value) {
    let Some((last, init)) = path.split_last() else {
        *root = value;
        return;
    };
    let mut cur = root;
    for (i, seg) in init.iter().enumerate() {
        let next_is_index = matches!(path.get(i + 1), Some(Seg::Index(_)));
        cur = child_mut(cur, seg, next_is_index);
    }
    let slot = child_mut(cur, last, false);
    *slot = value;
}

fn child_mut<'a>(cur: &'a mut Value, seg: &Seg, next_is_index: bool) -> &'a mut Value {
    let fresh = || {
        if next_is_index {
            Value::Array(Vec::new())
        } else {
            Value::Object(Default::default())
        }
    };
    match seg {
        Seg::Key(k) => {
            if !cur.is_object() {
                *cur = Value::Object(Default::default());
            }
            match cur {
                Value::Object(m) => m.entry(k.clone()).or_insert_with(fresh),
                _ => unreachable_value(cur),
            }
        }
        Seg::Index(idx) => {
            if let Value::Object(m) = cur {
                return m.entry(idx.to_string()).or_insert_with(fresh);
            }
            if !cur.is_array() {
                *cur = Value::Array(Vec::new());
            }
            match cur {
                Value::Array(a) => {
                    if a.len() <= *idx {
                        a.resize(*idx + 1, Value::Null);
                    }
                    if a[*idx].is_null() {
                        a[*idx] = fresh();
                    }
                    &mut a[*idx]
                }
                _ => unreachable_value(cur),
            }
        }
    }
}

// The match arms above have just made `cur` the right container; this keeps the borrow
// checker satisfied without a panic path.
fn unreachable_value(cur: &mut Value) -> &mut Value {
    cur
}

/// True when a change at `changed` may alter what a binding that read `read` sees:
/// one path is a prefix of the other.
pub fn affects(changed: &[Seg], read: &[Seg]) -> bool {
    let n = changed.len().min(read.len());
    changed[..n] == read[..n]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_mixed_paths() {
        assert_eq!(
            parse_path("list[2].name").ok(),
            Some(vec![
                Seg::Key("list".into()),
                Seg::Index(2),
                Seg::Key("name".into())
            ])
        );
        assert_eq!(parse_path("a[0][1]").ok().map(|p| p.len()), Some(3));
        assert!(parse_path("a[").is_err());
        assert!(parse_path("a..b").is_err());
        assert!(parse_path("a[x]").is_err());
        assert!(parse_path("").is_err());
        assert_eq!(
            path_to_string(&parse_path("list[2].name").unwrap_or_default()),
            "list[2].name"
        );
    }

    #[test]
    fn huge_index_is_an_error_not_an_allocation() {
        // Fuzz regression (fuzz/regressions/data_path/oom-huge-index.txt).
        assert!(parse_path("x[77777877]").is_err());
        assert!(parse_path("x[18446744073709551615]").is_err());
        assert!(parse_path(&format!("x[{MAX_INDEX}]")).is_ok());
    }

    #[test]
    fn set_creates_intermediates() {
        let mut v = json!({});
        set(
            &mut v,
            &parse_path("a.b[1].c").unwrap_or_default(),
            json!(5),
        );
        assert_eq!(v, json!({"a": {"b": [null, {"c": 5}]}}));
        set(
            &mut v,
            &parse_path("a.b[0]").unwrap_or_default(),
            json!("x"),
        );
        assert_eq!(
            get(&v, &parse_path("a.b[0]").unwrap_or_default()),
            Some(&json!("x"))
        );
    }

    #[test]
    fn affects_is_prefix_either_way() {
        let p = |s: &str| parse_path(s).unwrap_or_default();
        assert!(affects(&p("list"), &p("list[3].title")));
        assert!(affects(&p("list[3].title"), &p("list")));
        assert!(!affects(&p("list[4]"), &p("list[3].title")));
        assert!(!affects(&p("count"), &p("list")));
    }
}
