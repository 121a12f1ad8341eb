//! The few URL rules the updater needs: only `http://` and `https://`, and package URLs
//! resolved against the index URL (RFC 3986 §5.2, without the parts a release index
//! has no use for).
//!
//! Anything that could reach another scheme is refused, relative or not: `file:`,
//! `ftp:`, `data:`, `javascript:`, a scheme-relative `//host` under a non-http base, and
//! text with spaces, control characters or backslashes (which some parsers turn into
//! other URLs).

use crate::UpdateError;

/// Checks that `url` is an absolute `http://` or `https://` URL with a host, and returns
/// it with a lower-case scheme and without a fragment.
pub(crate) fn check_http_url(url: &str) -> Result<String, UpdateError> {
    let (scheme, authority, path) = split_absolute(url)?;
    Ok(format!("{scheme}://{authority}{path}"))
}

/// The absolute URL of `reference` (a release's `url`) relative to `base` (the index URL).
pub(crate) fn resolve(base: &str, reference: &str) -> Result<String, UpdateError> {
    let refuse = |reason| UpdateError::Url {
        url: reference.to_string(),
        reason,
    };
    check_characters(reference).map_err(refuse)?;
    if reference.is_empty() {
        return Err(refuse("empty URL"));
    }
    if scheme_of(reference).is_some() {
        return check_http_url(reference);
    }
    let (scheme, authority, base_path) = split_absolute(base)?;
    let reference = strip_fragment(reference);
    let resolved = if let Some(rest) = reference.strip_prefix("//") {
        format!("{scheme}://{rest}")
    } else if reference.starts_with('/') {
        format!("{scheme}://{authority}{}", remove_dot_segments(reference))
    } else if reference.starts_with('?') {
        let path = base_path.split('?').next().unwrap_or("/");
        format!("{scheme}://{authority}{path}{reference}")
    } else {
        let path = base_path.split('?').next().unwrap_or("/");
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        let (ref_path, query) = match reference.find('?') {
            Some(i) => reference.split_at(i),
            None => (reference, ""),
        };
        let merged = format!("{dir}{ref_path}");
        format!(
            "{scheme}://{authority}{}{query}",
            remove_dot_segments(&merged)
        )
    };
    check_http_url(&resolved)
}

fn check_characters(url: &str) -> Result<(), &'static str> {
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err("spaces, control characters and backslashes are not allowed");
    }
    Ok(())
}

/// The scheme (`http` in `http://…`) if `url` starts with one (RFC 3986 §3.1).
fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    (first.is_ascii_alphabetic()
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.'))
    .then_some(scheme)
}

fn strip_fragment(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Splits an absolute http(s) URL into (scheme, authority, path-and-query), the path
/// being at least `/`.
fn split_absolute(url: &str) -> Result<(&'static str, &str, &str), UpdateError> {
    let refuse = |reason| UpdateError::Url {
        url: url.to_string(),
        reason,
    };
    check_characters(url).map_err(refuse)?;
    let scheme = scheme_of(url).ok_or_else(|| refuse("not an absolute URL"))?;
    let scheme: &'static str = if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else {
        return Err(refuse("only http:// and https:// URLs are allowed"));
    };
    let rest = strip_fragment(&url[scheme.len() + 1..]);
    let rest = rest
        .strip_prefix("//")
        .ok_or_else(|| refuse("an http URL needs //host"))?;
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    if host.is_empty() || host.starts_with(':') {
        return Err(refuse("no host"));
    }
    let path = &rest[end..];
    let path = if path.is_empty() { "/" } else { path };
    Ok((scheme, authority, path))
}

/// RFC 3986 §5.2.4, on a path that starts with `/`; `..` above the root stays at the root.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." | ".." => {
                if *segment == ".." {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "http://cdn.example:8080/apps/hello/releases.json?t=1";

    fn ok(reference: &str) -> String {
        resolve(BASE, reference).expect(reference)
    }

    #[test]
    fn relative_references_resolve_against_the_index() {
        assert_eq!(
            ok("hello-1.2.0.mpk"),
            "http://cdn.example:8080/apps/hello/hello-1.2.0.mpk"
        );
        assert_eq!(
            ok("./v/a.mpk"),
            "http://cdn.example:8080/apps/hello/v/a.mpk"
        );
        assert_eq!(
            ok("../other/a.mpk"),
            "http://cdn.example:8080/apps/other/a.mpk"
        );
        assert_eq!(ok("../../../../a.mpk"), "http://cdn.example:8080/a.mpk");
        assert_eq!(
            ok("/pkgs/a.mpk?sig=x"),
            "http://cdn.example:8080/pkgs/a.mpk?sig=x"
        );
        assert_eq!(ok("//mirror.example/a.mpk"), "http://mirror.example/a.mpk");
        assert_eq!(ok("a.mpk#frag"), "http://cdn.example:8080/apps/hello/a.mpk");
        assert_eq!(
            ok("HTTPS://other.example/a.mpk"),
            "https://other.example/a.mpk"
        );
        assert_eq!(
            resolve("http://h", "a.mpk").expect("no path"),
            "http://h/a.mpk"
        );
    }

    #[test]
    fn other_schemes_are_refused() {
        for bad in [
            "file:///etc/passwd",
            "file:a.mpk",
            "ftp://cdn.example/a.mpk",
            "javascript:alert(1)",
            "data:application/octet-stream;base64,AAAA",
            "http:a.mpk",
            "http:///a.mpk",
            "http://:80/a.mpk",
            " http://cdn.example/a.mpk",
            "a b.mpk",
            "\\\\server\\share\\a.mpk",
            "a.mpk\n",
            "",
        ] {
            let err = resolve(BASE, bad).expect_err(bad);
            assert!(matches!(err, UpdateError::Url { .. }), "{bad}: {err}");
        }
        assert!(resolve("file:///srv/releases.json", "a.mpk").is_err());
        assert!(resolve("ftp://h/releases.json", "//h/a.mpk").is_err());
        assert!(check_http_url("https://h/x").is_ok());
        assert!(check_http_url("gopher://h/x").is_err());
    }
}
