//! CommonJS modules for the app's own files: `require('./util')`,
//! `require('../../utils/util.js')`, `require('/utils/util')`.
//!
//! Each file is compiled once into `(function (module, exports, require, __filename,
//! __dirname) { ... })` so its top-level declarations stay local. The module cache and
//! the Node-style cycle handling (a module in a cycle sees the other's partial
//! `module.exports`) live in the JS prelude ([`super::globals`]); this file resolves
//! paths and compiles sources.

use std::path::Path;

use boa_engine::{Context, JsArgs, JsError, JsNativeError, JsResult, JsString, JsValue, Source};

use super::thread::host;
use super::ScriptSource;

/// Loads (or returns the cached exports of) the module at `path`, relative to the app
/// root, e.g. `app.js` or `pages/index/index.js`.
pub(super) fn load(ctx: &mut Context, path: &str) -> JsResult<JsValue> {
    let load = host(ctx).borrow().load.clone();
    let Some(load) = load else {
        return Err(JsNativeError::error()
            .with_message("module loader not installed")
            .into());
    };
    load.call(
        &JsValue::undefined(),
        &[JsValue::from(JsString::from(path))],
        ctx,
    )
}

/// Native `resolve(from, request)`: the app-root-relative path of the file `request`
/// names when required from `from`; throws when there is none.
pub(super) fn native_resolve(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let from = args
        .get_or_undefined(0)
        .to_string(ctx)?
        .to_std_string_escaped();
    let request = args
        .get_or_undefined(1)
        .to_string(ctx)?
        .to_std_string_escaped();
    let source = host(ctx).borrow().source.clone();
    match resolve(source.as_ref(), &from, &request) {
        Some(path) => Ok(JsString::from(path.as_str()).into()),
        None => Err(JsNativeError::error()
            .with_message(format!(
                "module '{request}' is not defined (required from {from})"
            ))
            .into()),
    }
}

/// Native `compile(path)`: reads `path` from the package and compiles it into the module
/// wrapper function. Syntax errors carry the file and position.
pub(super) fn native_compile(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let path = args
        .get_or_undefined(0)
        .to_string(ctx)?
        .to_std_string_escaped();
    let source = host(ctx).borrow().source.clone();
    let Some(text) = source.read_script(&path) else {
        return Err(JsNativeError::error()
            .with_message(format!("module '{path}' is not defined"))
            .into());
    };
    compile(ctx, &path, &text)
}

/// What each module's source is prefixed with (on its first line).
const WRAPPER_PREFIX: &str = "(function (module, exports, require, __filename, __dirname) {";

/// Rewrites `file.js:1:C` positions in an error text to undo the wrapper's shift of
/// the first line.
pub(super) fn fix_first_line_columns(text: &str) -> String {
    let shift = WRAPPER_PREFIX.chars().count();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(".js:1:") {
        let (head, tail) = rest.split_at(i + ".js:1:".len());
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        match tail[..digits].parse::<usize>() {
            Ok(col) if col > shift => out.push_str(&(col - shift).to_string()),
            _ => out.push_str(&tail[..digits]),
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// Compiles `text` (the file `path`) into its module wrapper function.
pub(super) fn compile(ctx: &mut Context, path: &str, text: &str) -> JsResult<JsValue> {
    // The prefix sits on the first line so line numbers in errors match the file;
    // columns on line 1 are corrected by `fix_first_line_columns`.
    let wrapped = format!("{WRAPPER_PREFIX}{text}\n}})");
    let src = Source::from_bytes(wrapped.as_bytes()).with_path(Path::new(path));
    ctx.eval(src).map_err(|e| with_file(e, path))
}

/// Puts `path:line:col` in front of a syntax error (boa's parser ends its message with
/// `at line L, col C` and does not name the file).
fn with_file(err: JsError, path: &str) -> JsError {
    let Some(native) = err.as_native() else {
        return err;
    };
    let message = native.message();
    let located = match message.rfind(" at line ") {
        Some(i) => {
            let (text, pos) = message.split_at(i);
            let pos = pos.trim_start_matches(" at line ");
            match pos.split_once(", col ") {
                Some((line, col)) => {
                    fix_first_line_columns(&format!("{path}:{line}:{col}: {text}"))
                }
                None => format!("{path}: {message}"),
            }
        }
        None => format!("{path}: {message}"),
    };
    native.clone().with_message(located).into()
}

/// Resolves `request` as required from the file `from` (both app-root-relative).
///
/// `/x` is from the app root; `./x` and `../x` are from `from`'s folder; a bare `x` is
/// tried from `from`'s folder, then the root, then `miniprogram_npm/x` (as WeChat's
/// tooling does). Each candidate is tried as given, with `.js`, then as `x/index.js`.
pub(super) fn resolve(source: &dyn ScriptSource, from: &str, request: &str) -> Option<String> {
    let dir = match from.rfind('/') {
        Some(i) => &from[..i],
        None => "",
    };
    let bases: Vec<String> = if let Some(abs) = request.strip_prefix('/') {
        vec![abs.to_string()]
    } else if request.starts_with("./") || request.starts_with("../") {
        vec![join(dir, request)?]
    } else {
        let mut v = Vec::new();
        if let Some(p) = join(dir, request) {
            v.push(p);
        }
        v.push(request.to_string());
        v.push(format!("miniprogram_npm/{request}"));
        v
    };
    for base in bases {
        let Some(base) = normalize(&base) else {
            continue;
        };
        let mut candidates = Vec::with_capacity(3);
        if base.ends_with(".js") {
            candidates.push(base.clone());
        }
        candidates.push(format!("{base}.js"));
        candidates.push(format!("{base}/index.js"));
        for c in candidates {
            if source.read_script(&c).is_some() {
                return Some(c);
            }
        }
    }
    None
}

fn join(dir: &str, request: &str) -> Option<String> {
    if dir.is_empty() {
        normalize(request)
    } else {
        normalize(&format!("{dir}/{request}"))
    }
}

/// Removes `.` and `..` segments; `None` if the path climbs above the app root.
fn normalize(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    if out.is_empty() {
        return None;
    }
    Some(out.join("/"))
}

#[cfg(test)]
mod resolve_tests {
    use super::*;
    use std::collections::HashMap;

    struct Files(HashMap<&'static str, &'static str>);
    impl ScriptSource for Files {
        fn read_script(&self, path: &str) -> Option<String> {
            self.0.get(path).map(|s| (*s).to_string())
        }
    }

    #[test]
    fn resolves_relative_absolute_and_index() {
        let files = Files(
            [
                ("utils/util.js", ""),
                ("pages/a/a.js", ""),
                ("pages/a/helper.js", ""),
                ("lib/index.js", ""),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(
            resolve(&files, "pages/a/a.js", "../../utils/util.js").as_deref(),
            Some("utils/util.js")
        );
        assert_eq!(
            resolve(&files, "pages/a/a.js", "/utils/util").as_deref(),
            Some("utils/util.js")
        );
        assert_eq!(
            resolve(&files, "pages/a/a.js", "./helper").as_deref(),
            Some("pages/a/helper.js")
        );
        assert_eq!(
            resolve(&files, "app.js", "lib").as_deref(),
            Some("lib/index.js")
        );
        assert_eq!(resolve(&files, "app.js", "../x"), None);
        assert_eq!(resolve(&files, "app.js", "./missing"), None);
    }
}
