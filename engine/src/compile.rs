//! Page templates and stylesheets as the runtime loads them: from source in a directory
//! app (development mode), or from the compiled IR a packed app carries (`.mir` for
//! templates, `.mss` for stylesheets), so a device does not parse XML or CSS at start-up.
//! Both go through the same compiler; [`precompile_pages`] and [`precompile_style`] are
//! what the packer stores.
//!
//! ```no_run
//! # fn main() -> Result<(), mica_engine::EngineError> {
//! use mica_engine::{compile, package::Package};
//! let pkg = Package::open("apps/hello")?;
//! for (path, bytes) in compile::precompile_pages(&pkg)? {
//!     std::fs::write(format!("out/{path}"), bytes).ok();
//! }
//! let (sheet, warnings) = compile::load_stylesheet(&pkg, "app.wxss")?; // with its @imports
//! # let _ = (sheet, warnings); Ok(()) }
//! ```

use mica_layout::{ParseOptions, Stylesheet};

use crate::package::{Package, COMPILED_STYLE_EXT, COMPILED_TEMPLATE_EXT, STYLE_EXTS};
use crate::template::{self, Compiled, Template};
use crate::EngineError;

/// The template of page `route`: compiled from its `.fxml`/`.wxml` when the package has
/// the source, else loaded from `<route>.mir`. Returns the template path used (for
/// messages and relative paths) with the result.
pub fn load_page_template(pkg: &Package, route: &str) -> Result<(String, Compiled), EngineError> {
    match pkg.page_template_path(route) {
        Ok(path) => compile_source(pkg, path),
        Err(not_found) => {
            let Some(path) = pkg.page_compiled_path(route) else {
                return Err(not_found.into());
            };
            let bytes = pkg.read(&path)?;
            let template =
                Template::from_bytes(&bytes).map_err(|source| EngineError::CompiledTemplate {
                    file: path.clone(),
                    source,
                })?;
            // Relative paths (images, imports) resolve against the original template file.
            let file = template.file.clone();
            Ok((
                file,
                Compiled {
                    template,
                    warnings: Vec::new(),
                },
            ))
        }
    }
}

/// A compiled file: its package path (`.mir`, `.mss`) and its bytes.
pub type CompiledFile = (String, Vec<u8>);

/// Compiles every page of the app and every custom component the pages reach: `(path of
/// the .mir file, its bytes)` for each page in `app.json`, in order, then each component.
/// Fails on the first template that does not compile.
pub fn precompile_pages(pkg: &Package) -> Result<Vec<CompiledFile>, EngineError> {
    Ok(precompile_pages_with_warnings(pkg)?.0)
}

/// [`precompile_pages`], with the templates' warnings (`file:line:col: message`).
pub fn precompile_pages_with_warnings(
    pkg: &Package,
) -> Result<(Vec<CompiledFile>, Vec<String>), EngineError> {
    let app = pkg.app_config()?;
    let mut out = Vec::with_capacity(app.pages.len());
    let mut warnings = Vec::new();
    let components = crate::package::components::component_paths(pkg);
    for base in app.pages.iter().chain(&components) {
        let Ok(path) = pkg.page_template_path(base) else {
            // A component that is only compiled already (a repacked package).
            continue;
        };
        let (_, compiled) = compile_source(pkg, path)?;
        warnings.extend(compiled.warnings.iter().map(ToString::to_string));
        out.push((
            format!("{base}.{COMPILED_TEMPLATE_EXT}"),
            compiled.template.to_bytes(),
        ));
    }
    Ok((out, warnings))
}

/// Compiles the stylesheet source at `path`: `(path of the .mss file, its bytes)` and the
/// sheet's warnings. `@import`s stay unresolved in the IR; they are followed at load time.
pub fn precompile_style(
    pkg: &Package,
    path: &str,
) -> Result<(CompiledFile, Vec<String>), EngineError> {
    let text = pkg.read_to_string(path)?;
    let (sheet, warnings) = Stylesheet::parse(&text, path, ParseOptions::default());
    let base = path.rsplit_once('.').map_or(path, |(b, _)| b);
    Ok((
        (format!("{base}.{COMPILED_STYLE_EXT}"), sheet.to_bytes()),
        warnings.iter().map(ToString::to_string).collect(),
    ))
}

/// Deepest chain of stylesheet `@import`s followed.
pub const MAX_STYLE_IMPORT_DEPTH: usize = 16;

/// Loads the stylesheet at `path` (source, or compiled `.mss`) with its `@import`s
/// resolved: each imported sheet's rules come before the importing sheet's (CSS Cascade
/// 4 §6.4.4, order of appearance), imports of imports first. An import that names no
/// stylesheet, or that forms a cycle, is skipped with a warning. Returns the merged sheet
/// and the warnings (`file:line:col: message`).
pub fn load_stylesheet(
    pkg: &Package,
    path: &str,
) -> Result<(Stylesheet, Vec<String>), EngineError> {
    let mut warnings = Vec::new();
    let mut stack = Vec::new();
    let sheet = load_style_tree(pkg, path, &mut stack, &mut warnings)?;
    Ok((sheet, warnings))
}

fn load_style_tree(
    pkg: &Package,
    path: &str,
    stack: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> Result<Stylesheet, EngineError> {
    let mut sheet = read_stylesheet(pkg, path, warnings)?;
    if sheet.imports.is_empty() {
        return Ok(sheet);
    }
    stack.push(path.to_string());
    let mut rules = Vec::new();
    let mut keyframes = Vec::new();
    // Relative imports resolve against the source file the sheet was compiled from.
    let from = sheet.file.clone();
    for target in &sheet.imports {
        let Some(found) = resolve_style_import(pkg, &from, target) else {
            warnings.push(format!("{from}: @import {target:?}: no such stylesheet"));
            continue;
        };
        if stack.contains(&found) {
            warnings.push(format!("{from}: @import {target:?}: import cycle, skipped"));
            continue;
        }
        if stack.len() >= MAX_STYLE_IMPORT_DEPTH {
            warnings.push(format!(
                "{from}: @import {target:?}: more than {MAX_STYLE_IMPORT_DEPTH} nested imports, skipped"
            ));
            continue;
        }
        let imported = load_style_tree(pkg, &found, stack, warnings)?;
        rules.extend(imported.rules);
        keyframes.extend(imported.keyframes);
    }
    stack.pop();
    rules.append(&mut sheet.rules);
    sheet.rules = rules;
    // Imported `@keyframes` come first too: the sheet's own win by name.
    keyframes.append(&mut sheet.keyframes);
    sheet.keyframes = keyframes;
    Ok(sheet)
}

/// One stylesheet file, parsed or decoded; its own warnings are appended.
fn read_stylesheet(
    pkg: &Package,
    path: &str,
    warnings: &mut Vec<String>,
) -> Result<Stylesheet, EngineError> {
    if path.ends_with(&format!(".{COMPILED_STYLE_EXT}")) {
        let bytes = pkg.read(path)?;
        return Stylesheet::from_bytes(&bytes).map_err(|source| EngineError::CompiledStyle {
            file: path.to_string(),
            source,
        });
    }
    let text = pkg.read_to_string(path)?;
    let (sheet, w) = Stylesheet::parse(&text, path, ParseOptions::default());
    warnings.extend(w.iter().map(ToString::to_string));
    Ok(sheet)
}

/// The package file an `@import` in `from` names: the file itself, or, when the package
/// carries no such source (or the name has no extension), the source or compiled
/// stylesheet of the same base name.
fn resolve_style_import(pkg: &Package, from: &str, target: &str) -> Option<String> {
    let path = Package::resolve(from, target.trim()).ok()?;
    if pkg.exists(&path) {
        return Some(path);
    }
    let base = match path.rsplit_once('.') {
        Some((base, ext)) if STYLE_EXTS.contains(&ext) || ext == COMPILED_STYLE_EXT => base,
        _ => path.as_str(),
    };
    pkg.style_path(base)
}

/// Compiles the template source at `path`, reading what it imports through `pkg`.
fn compile_source(pkg: &Package, path: String) -> Result<(String, Compiled), EngineError> {
    let source = pkg.read_to_string(&path)?;
    let compiled = template::compile_with(&path, &source, pkg)?;
    Ok((path, compiled))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("mica-style-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let p = dir.join(path);
            if let Some(parent) = p.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(p, text);
        }
        dir
    }

    fn classes(sheet: &Stylesheet) -> Vec<String> {
        sheet
            .rules
            .iter()
            .flat_map(|r| r.selectors.iter())
            .flat_map(|s| s.subject().classes.clone())
            .collect()
    }

    #[test]
    fn imports_come_first_and_cycles_or_missing_files_are_warnings() {
        let dir = app(
            "imports",
            &[
                ("app.json", r#"{"pages": ["pages/a/a"]}"#),
                (
                    "app.wxss",
                    "@import 'styles/common.wxss'; @import 'none.wxss'; .app {}",
                ),
                ("styles/common.wxss", "@import './base'; .common {}"),
                ("styles/base.wxss", "@import '/app.wxss'; .base {}"),
            ],
        );
        let pkg = Package::open(&dir).unwrap_or_else(|e| panic!("{e}"));
        let (sheet, warnings) = load_stylesheet(&pkg, "app.wxss").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(classes(&sheet), ["base", "common", "app"]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("cycle"), "{warnings:?}");
        assert!(warnings[1].contains("none.wxss"), "{warnings:?}");

        // Compiled: the sources replaced by `.mss`, the imports still followed.
        for path in ["app.wxss", "styles/common.wxss", "styles/base.wxss"] {
            let ((mss, bytes), _) = precompile_style(&pkg, path).unwrap_or_else(|e| panic!("{e}"));
            let _ = std::fs::write(dir.join(&mss), bytes);
            let _ = std::fs::remove_file(dir.join(path));
        }
        assert_eq!(pkg.app_style_path().as_deref(), Some("app.mss"));
        let (compiled, again) = load_stylesheet(&pkg, "app.mss").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(compiled.rules, sheet.rules);
        assert_eq!(again, warnings);

        let _ = std::fs::write(dir.join("app.mss"), b"MSS\0\x07\x00");
        let e = load_stylesheet(&pkg, "app.mss")
            .err()
            .map(|e| e.to_string());
        assert!(e.as_deref().is_some_and(|e| e.contains("app.mss")), "{e:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
