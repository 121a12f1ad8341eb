//! Linking template files: `<import src>` and `<include src>`.
//!
//! As WeChat documents them:
//! - `<import>` makes the `<template name>` definitions *of the imported file itself*
//!   usable in the importing file. It is not transitive: when C imports B and B imports
//!   A, C cannot use A's templates (B's templates still can, they resolve in B's scope).
//! - `<include>` copies the included file in place, except its `<template>` definitions
//!   and `<wxs>` modules.
//!
//! Each file that defines templates gets a name scope ([`super::Template::scopes`]); a
//! `<template is>` records the scope it was written in. Paths resolve relative to the
//! importing file (`./a`, `../b`, `/c` from the package root), `.wxml` is added when the
//! name has no extension, and cycles are errors, never a stack overflow.

use std::collections::HashMap;

use super::ir::{TemplateDef, WxsModule, WxsSource};
use super::TemplateWarning;

/// Reads template files for `<import>` and `<include>` (the runtime reads them from
/// the package).
pub trait TemplateLoader {
    /// The source of the file at `path` (package-relative, normalized, no leading
    /// `/`), or `None` when there is no such file.
    fn load(&self, path: &str) -> Option<String>;
}

impl TemplateLoader for crate::package::Package {
    fn load(&self, path: &str) -> Option<String> {
        self.read_to_string(path).ok()
    }
}

/// Deepest chain of nested imports and includes accepted.
pub const MAX_LINK_DEPTH: usize = 64;

/// Resolves `target` as written in `from` to a normalized package path; `None` when it
/// climbs above the package root.
pub fn resolve_path(from: &str, target: &str) -> Option<String> {
    let mut out = normalize(from, target)?;
    if !(out.ends_with(".wxml") || out.ends_with(".fxml")) {
        out.push_str(if from.ends_with(".fxml") {
            ".fxml"
        } else {
            ".wxml"
        });
    }
    Some(out)
}

/// Joins `target` to the directory of `from` and normalizes `.`/`..`; `None` when the
/// result climbs above the package root or is empty.
fn normalize(from: &str, target: &str) -> Option<String> {
    let target = target.trim();
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => match from.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{target}"),
            None => target.to_string(),
        },
    };
    let mut parts: Vec<&str> = Vec::new();
    for c in joined.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let out = parts.join("/");
    (!out.is_empty()).then_some(out)
}

/// Most WXS source files one page may pull in through `src` and `require`.
pub const MAX_WXS_FILES: usize = 256;
/// Largest WXS source accepted (a view-side script should be small).
pub const MAX_WXS_BYTES: usize = 1024 * 1024;

/// State shared by all files of one compilation.
pub(crate) struct Linker<'a> {
    loader: Option<&'a dyn TemplateLoader>,
    pub(crate) defs: Vec<TemplateDef>,
    pub(crate) scopes: Vec<Vec<(String, usize)>>,
    /// Files being compiled, outermost first (for cycle detection).
    pub(crate) stack: Vec<String>,
    /// Imported files already compiled → their own definitions.
    pub(crate) imported: HashMap<String, Vec<usize>>,
    pub(crate) warnings: Vec<TemplateWarning>,
    /// Elements open around the file being built, across includes.
    pub(crate) nesting: usize,
    /// `<wxs>` modules declared by the page and the files it imports.
    pub(crate) wxs: Vec<WxsModule>,
    /// Their sources and everything they `require`.
    pub(crate) wxs_sources: Vec<WxsSource>,
}

/// A file opened for `<import>` or `<include>`.
pub(crate) enum Opened {
    /// Imported before: its own definitions.
    Cached(Vec<usize>),
    /// Its path and source.
    Source(String, String),
}

impl<'a> Linker<'a> {
    pub(crate) fn new(loader: Option<&'a dyn TemplateLoader>) -> Self {
        Linker {
            loader,
            defs: Vec::new(),
            scopes: Vec::new(),
            stack: Vec::new(),
            imported: HashMap::new(),
            warnings: Vec::new(),
            nesting: 0,
            wxs: Vec::new(),
            wxs_sources: Vec::new(),
        }
    }

    pub(crate) fn new_scope(&mut self) -> usize {
        self.scopes.push(Vec::new());
        self.scopes.len() - 1
    }

    /// Sets what `scope` sees: the imported definitions, then its own (which win).
    pub(crate) fn fill_scope(&mut self, scope: usize, imports: &[usize], own: &[usize]) {
        let list = imports
            .iter()
            .chain(own)
            .filter_map(|&i| Some((self.defs.get(i)?.name.clone(), i)))
            .collect();
        if let Some(s) = self.scopes.get_mut(scope) {
            *s = list;
        }
    }

    /// Resolves and reads `target` for `kind` (`import` or `include`) written in `from`.
    pub(crate) fn open(&self, kind: &str, from: &str, target: &str) -> Result<Opened, String> {
        let Some(path) = resolve_path(from, target) else {
            return Err(format!(
                "cannot load `{target}`: the path leaves the package"
            ));
        };
        if self.stack.contains(&path) {
            let mut chain = self.stack.clone();
            chain.push(path);
            return Err(format!("`<{kind}>` cycle: {}", chain.join(" → ")));
        }
        if self.stack.len() >= MAX_LINK_DEPTH {
            return Err(format!(
                "cannot load `{path}`: imports and includes nested deeper than {MAX_LINK_DEPTH}"
            ));
        }
        if kind == "import" {
            if let Some(own) = self.imported.get(&path) {
                return Ok(Opened::Cached(own.clone()));
            }
        }
        match self.loader.and_then(|l| l.load(&path)) {
            Some(src) => Ok(Opened::Source(path, src)),
            None if self.loader.is_none() => Err(format!(
                "cannot load `{path}`: no template loader (use `compile_with`)"
            )),
            None => Err(format!("cannot load `{path}`: no such file")),
        }
    }
}

impl Linker<'_> {
    /// Adds a WXS source (and, transitively, the files it `require`s) unless it is
    /// there already. Errors name the file and the bad `require`.
    pub(crate) fn add_wxs_source(
        &mut self,
        path: String,
        text: String,
        first_line: u32,
    ) -> Result<(), String> {
        let mut pending = vec![(path, text, first_line)];
        while let Some((path, text, first_line)) = pending.pop() {
            if self.wxs_sources.iter().any(|s| s.path == path) {
                continue;
            }
            if self.wxs_sources.len() >= MAX_WXS_FILES {
                return Err(format!("more than {MAX_WXS_FILES} WXS files"));
            }
            let mut requires = Vec::new();
            for spec in require_specs(&text) {
                let resolved = normalize(&path, &spec)
                    .filter(|p| p.ends_with(".wxs"))
                    .ok_or_else(|| {
                        format!("{path}: `require('{spec}')`: WXS can only require a relative `.wxs` file inside the package")
                    })?;
                if !self.wxs_sources.iter().any(|s| s.path == resolved)
                    && !pending.iter().any(|(p, _, _)| *p == resolved)
                    && resolved != path
                {
                    let text = self
                        .load_wxs(&resolved)
                        .map_err(|m| format!("{path}: `require('{spec}')`: {m}"))?;
                    pending.push((resolved.clone(), text, 1));
                }
                requires.push((spec, resolved));
            }
            self.wxs_sources.push(WxsSource {
                path,
                text,
                first_line,
                requires,
            });
        }
        Ok(())
    }

    /// Reads the `.wxs` file `src` written in `from`; returns its path and text.
    pub(crate) fn open_wxs(&self, from: &str, src: &str) -> Result<(String, String), String> {
        let path = normalize(from, src)
            .filter(|p| p.ends_with(".wxs"))
            .ok_or_else(|| {
                format!("`<wxs src=\"{src}\">` must name a `.wxs` file inside the package")
            })?;
        let text = self.load_wxs(&path)?;
        Ok((path, text))
    }

    fn load_wxs(&self, path: &str) -> Result<String, String> {
        let text = match self.loader.and_then(|l| l.load(path)) {
            Some(t) => t,
            None if self.loader.is_none() => {
                return Err(format!(
                    "cannot load `{path}`: no template loader (use `compile_with`)"
                ))
            }
            None => return Err(format!("cannot load `{path}`: no such file")),
        };
        if text.len() > MAX_WXS_BYTES {
            return Err(format!("`{path}` is larger than {MAX_WXS_BYTES} bytes"));
        }
        Ok(text)
    }
}

/// The string literals passed to `require(...)` in WXS text (WXS only allows literal
/// relative paths, so a scan finds them all; comments are not skipped, which at worst
/// loads a file that is never used).
fn require_specs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("require") {
        let before_ok = text.len() - rest.len() + i == 0
            || !rest[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.');
        rest = &rest[i + "require".len()..];
        let t = rest.trim_start();
        let Some(t) = t.strip_prefix('(') else {
            continue;
        };
        let t = t.trim_start();
        let Some(q) = t.chars().next().filter(|c| *c == '\'' || *c == '"') else {
            continue;
        };
        let body = &t[1..];
        if let (true, Some(end)) = (before_ok, body.find(q)) {
            out.push(body[..end].to_string());
        }
    }
    out
}
