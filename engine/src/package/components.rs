//! Custom component paths: `usingComponents` entries resolved as WeChat resolves them
//! (framework › 自定义组件 › 使用自定义组件), and every component an app can reach (what
//! `mica pack` compiles).
//!
//! `/a/b` is from the app root, `./b` and `../b` from the directory of the `.json` that
//! names them, and a bare name (`@vant/weapp/button/index`,
//! `tdesign-miniprogram/button/button`) from the nearest `miniprogram_npm/` directory
//! going up from there (a directory means its `index`), then, for apps that write root
//! paths without the slash, relative to the `.json` and from the root.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::{Package, COMPILED_TEMPLATE_EXT, TEMPLATE_EXTS};

/// True when `base` names a component (it has a template, source or compiled).
fn is_component(pkg: &Package, base: &str) -> bool {
    pkg.find_with_ext(base, TEMPLATE_EXTS).is_some()
        || pkg.find_with_ext(base, &[COMPILED_TEMPLATE_EXT]).is_some()
}

/// Resolves the `usingComponents` value `spec` written in the `.json` at `from`.
pub fn resolve(pkg: &Package, from: &str, spec: &str) -> Result<String, String> {
    let spec = spec.trim();
    if spec.starts_with("plugin://") || spec.starts_with("plugin-private://") {
        return Err(format!("{spec}: plugins are not supported"));
    }
    let exact =
        |p: Result<String, crate::package::PackageError>| p.ok().filter(|p| is_component(pkg, p));
    if spec.starts_with('/') {
        return exact(Package::normalize(spec)).ok_or_else(|| format!("{spec}: no such component"));
    }
    if spec.starts_with('.') {
        return exact(Package::resolve(from, spec))
            .ok_or_else(|| format!("{spec}: no such component"));
    }
    let mut dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    loop {
        let npm = if dir.is_empty() {
            format!("miniprogram_npm/{spec}")
        } else {
            format!("{dir}/miniprogram_npm/{spec}")
        };
        if let Some(p) = exact(Package::normalize(&npm)) {
            return Ok(p);
        }
        if let Some(p) = exact(Package::normalize(&format!("{npm}/index"))) {
            return Ok(p);
        }
        match dir.rsplit_once('/') {
            Some((parent, _)) => dir = parent,
            None if !dir.is_empty() => dir = "",
            None => break,
        }
    }
    exact(Package::resolve(from, spec))
        .or_else(|| exact(Package::normalize(spec)))
        .ok_or_else(|| format!("{spec}: no such component (looked in miniprogram_npm too)"))
}

/// The `usingComponents` of the `.json` at `json_path` (absent file: none), resolved;
/// unresolvable entries are returned as warnings.
pub fn using_of(pkg: &Package, json_path: &str) -> (HashMap<String, String>, Vec<String>) {
    let mut out = HashMap::new();
    let mut warnings = Vec::new();
    if !pkg.exists(json_path) {
        return (out, warnings);
    }
    let v = match pkg.read_json(json_path) {
        Ok(v) => v,
        Err(e) => {
            warnings.push(e.to_string());
            return (out, warnings);
        }
    };
    let Some(map) = v.get("usingComponents").and_then(Value::as_object) else {
        return (out, warnings);
    };
    for (tag, spec) in map {
        let Some(spec) = spec.as_str() else {
            warnings.push(format!("{json_path}: usingComponents.{tag} is not a path"));
            continue;
        };
        match resolve(pkg, json_path, spec) {
            Ok(p) => {
                out.insert(tag.clone(), p);
            }
            Err(e) => warnings.push(format!("{json_path}: usingComponents.{tag}: {e}")),
        }
    }
    (out, warnings)
}

/// Every component the app can reach from `app.json` and its pages, in a stable order.
pub fn component_paths(pkg: &Package) -> Vec<String> {
    let Ok(app) = pkg.app_config() else {
        return Vec::new();
    };
    let mut todo: Vec<String> = Vec::new();
    for json in
        std::iter::once("app.json".to_string()).chain(app.pages.iter().map(|r| format!("{r}.json")))
    {
        todo.extend(using_of(pkg, &json).0.into_values());
    }
    let mut seen = BTreeSet::new();
    while let Some(p) = todo.pop() {
        if seen.insert(p.clone()) {
            todo.extend(using_of(pkg, &format!("{p}.json")).0.into_values());
        }
    }
    seen.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkg(name: &str, files: &[(&str, &str)]) -> (std::path::PathBuf, Package) {
        let dir = std::env::temp_dir().join(format!("mica-comp-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        for (p, text) in files {
            let full = dir.join(p);
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
            }
            std::fs::write(full, text).unwrap_or_else(|e| panic!("{e}"));
        }
        let p = Package::open(&dir).unwrap_or_else(|e| panic!("{e}"));
        (dir, p)
    }

    struct Cleanup(std::path::PathBuf);
    impl Drop for Cleanup {
        fn drop(&mut self) {
            std::fs::remove_dir_all(&self.0).ok();
        }
    }

    #[test]
    fn paths_resolve_like_wechat() {
        let (_d, p) = pkg(
            "resolve",
            &[
                ("app.json", r#"{"pages":["pages/a/a"]}"#),
                ("components/card/card.wxml", "<view/>"),
                ("pages/a/item/item.wxml", "<view/>"),
                ("miniprogram_npm/@vant/weapp/button/index.wxml", "<view/>"),
                ("pages/miniprogram_npm/near/index.wxml", "<view/>"),
            ],
        );
        let from = "pages/a/a.json";
        let _cleanup = Cleanup(_d.clone());
        assert_eq!(
            resolve(&p, from, "/components/card/card").as_deref(),
            Ok("components/card/card")
        );
        assert_eq!(
            resolve(&p, from, "../../components/card/card").as_deref(),
            Ok("components/card/card")
        );
        assert_eq!(
            resolve(&p, from, "./item/item").as_deref(),
            Ok("pages/a/item/item")
        );
        assert_eq!(
            resolve(&p, from, "@vant/weapp/button/index").as_deref(),
            Ok("miniprogram_npm/@vant/weapp/button/index")
        );
        assert_eq!(
            resolve(&p, from, "@vant/weapp/button").as_deref(),
            Ok("miniprogram_npm/@vant/weapp/button/index")
        );
        assert_eq!(
            resolve(&p, from, "near").as_deref(),
            Ok("pages/miniprogram_npm/near/index")
        );
        assert_eq!(
            resolve(&p, from, "components/card/card").as_deref(),
            Ok("components/card/card")
        );
        assert!(resolve(&p, from, "/nope/x").is_err());
        assert!(resolve(&p, from, "../../../../etc/x").is_err());
        assert!(resolve(&p, from, "plugin://p/x").is_err_and(|e| e.contains("plugins")));
    }

    #[test]
    fn every_reachable_component_is_listed() {
        let (d, p) = pkg(
            "reach",
            &[
                (
                    "app.json",
                    r#"{"pages":["pages/a/a"],"usingComponents":{"g":"/c/g/g"}}"#,
                ),
                ("pages/a/a.json", r#"{"usingComponents":{"x":"/c/x/x"}}"#),
                ("c/g/g.wxml", "<view/>"),
                ("c/x/x.wxml", "<view/>"),
                (
                    "c/x/x.json",
                    r#"{"component":true,"usingComponents":{"y":"../y/y"}}"#,
                ),
                ("c/y/y.wxml", "<view/>"),
            ],
        );
        let _cleanup = Cleanup(d);
        assert_eq!(component_paths(&p), ["c/g/g", "c/x/x", "c/y/y"]);
    }
}
