//! Custom component files on the view side: `usingComponents` resolved to component
//! paths, each component's template, `.json` and stylesheet loaded once per runtime, and
//! the [`Components`] a page's view is built with.
//!
//! Paths resolve as [`crate::package::components`] says.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicU32;
use std::sync::Arc;

use mica_layout::Stylesheet;
use serde_json::Value;

use super::Runtime;
use crate::package::components::using_of;
use crate::template::Template;
use crate::view::component::{
    scope_stylesheet, ComponentDef, ComponentMeta, Components, Isolation,
};

/// One component's files.
#[derive(Debug)]
pub(super) struct ComponentFiles {
    /// The compiled template.
    template: Arc<Template>,
    /// Its `usingComponents`, resolved: tag → path.
    using: HashMap<String, String>,
    /// Its stylesheet as written (with `@import`s), if it has one.
    style: Option<Stylesheet>,
    /// `styleIsolation` (or `addGlobalClass`) from its `.json`'s `options` or top level.
    isolation: Option<Isolation>,
    /// The class prefix scoping its styles.
    prefix: String,
}

/// The runtime's component files and what the logic thread declared about them.
#[derive(Debug)]
pub(super) struct ComponentCache {
    files: HashMap<String, Arc<ComponentFiles>>,
    /// Paths that failed to load (reported once).
    failed: HashSet<String>,
    /// `Component({...})` declarations by path ([`crate::script::ToView::ComponentDefs`]).
    pub meta: HashMap<String, ComponentMeta>,
    /// Paths whose script the logic thread was asked to load.
    requested: HashSet<String>,
    /// Instance ids for every page.
    ids: Arc<AtomicU32>,
}

impl Default for ComponentCache {
    fn default() -> Self {
        ComponentCache {
            files: HashMap::new(),
            failed: HashSet::new(),
            meta: HashMap::new(),
            requested: HashSet::new(),
            ids: Components::id_counter(),
        }
    }
}

/// What a page uses: its tags and every component path reachable from them.
#[derive(Debug, Default, Clone)]
pub(super) struct PageComponents {
    /// Tag → path, the page's `.json` over `app.json`'s.
    pub using: HashMap<String, String>,
    /// `app.json`'s own: global components, usable in every component too.
    pub global: HashMap<String, String>,
    /// Every component the page can reach, enclosing ones first.
    pub paths: Vec<String>,
}

/// `styleIsolation` from a component's `.json` (`options.styleIsolation`, top-level
/// `styleIsolation`, or `addGlobalClass`).
fn json_isolation(v: &Value) -> Option<Isolation> {
    let opts = v.get("options");
    let pick = |k: &str| v.get(k).or_else(|| opts.and_then(|o| o.get(k))).cloned();
    if let Some(s) = pick("styleIsolation").as_ref().and_then(Value::as_str) {
        return Isolation::parse(s);
    }
    pick("addGlobalClass")
        .and_then(|b| b.as_bool())
        .filter(|b| *b)
        .map(|_| Isolation::ApplyShared)
}

impl Runtime {
    /// The components page `route` uses, loading the files of any not loaded yet.
    pub(super) fn page_components(&mut self, route: &str) -> PageComponents {
        let (global, warnings) = using_of(&self.package, "app.json");
        let mut using = global.clone();
        let (own, more) = using_of(&self.package, &format!("{route}.json"));
        using.extend(own);
        for w in warnings.into_iter().chain(more) {
            self.warn("component", w);
        }
        let mut paths = Vec::new();
        let mut seen = HashSet::new();
        let mut todo: Vec<String> = {
            let mut v: Vec<&String> = using.values().collect();
            v.sort();
            v.dedup();
            v.into_iter().rev().cloned().collect()
        };
        while let Some(p) = todo.pop() {
            if !seen.insert(p.clone()) {
                continue;
            }
            if let Some(files) = self.component_files(&p) {
                let mut inner: Vec<&String> = files.using.values().collect();
                inner.sort();
                todo.extend(inner.into_iter().rev().cloned());
                paths.push(p);
            }
        }
        PageComponents {
            using,
            global,
            paths,
        }
    }

    /// The files of component `path`, loaded once; `None` (reported once) when they
    /// cannot be read or compiled.
    fn component_files(&mut self, path: &str) -> Option<Arc<ComponentFiles>> {
        if let Some(f) = self.components.files.get(path) {
            return Some(f.clone());
        }
        if self.components.failed.contains(path) {
            return None;
        }
        match self.load_component_files(path) {
            Ok(f) => {
                let f = Arc::new(f);
                self.components.files.insert(path.to_string(), f.clone());
                Some(f)
            }
            Err(e) => {
                self.components.failed.insert(path.to_string());
                self.error("component", format!("component {path}: {e}"));
                None
            }
        }
    }

    fn load_component_files(&mut self, path: &str) -> Result<ComponentFiles, crate::EngineError> {
        let (_, compiled) = crate::compile::load_page_template(&self.package, path)?;
        for w in compiled.warnings {
            self.warn("template", w.to_string());
        }
        let json_path = format!("{path}.json");
        let (using, warnings) = using_of(&self.package, &json_path);
        for w in warnings {
            self.warn("component", w);
        }
        let isolation = if self.package.exists(&json_path) {
            self.package
                .read_json(&json_path)
                .ok()
                .as_ref()
                .and_then(json_isolation)
        } else {
            None
        };
        let style = match self.package.style_path(path) {
            Some(p) => Some(self.load_stylesheet(&p)?),
            None => None,
        };
        // `~` cannot appear in a class selector written without escapes, so no page
        // rule can name these by accident.
        let prefix = format!("{}~{}~", short_name(path), self.components.files.len());
        Ok(ComponentFiles {
            template: Arc::new(compiled.template),
            using,
            style,
            isolation,
            prefix,
        })
    }

    /// Component scripts the logic thread has not been asked to load yet.
    pub(super) fn components_to_request(&mut self, paths: &[String]) -> Vec<String> {
        paths
            .iter()
            .filter(|p| self.components.requested.insert((*p).clone()))
            .cloned()
            .collect()
    }

    /// The [`Components`] for a page's view, with the declarations the logic thread
    /// sent; also returns the components' scoped stylesheets for the page's style set.
    pub(super) fn build_components(
        &self,
        page: &PageComponents,
    ) -> (std::rc::Rc<Components>, Vec<Stylesheet>) {
        let mut defs = HashMap::new();
        let mut sheets = Vec::new();
        for p in &page.paths {
            let Some(files) = self.components.files.get(p) else {
                continue;
            };
            let meta = self.components.meta.get(p).cloned().unwrap_or_default();
            let isolation = meta.isolation.or(files.isolation).unwrap_or_default();
            if let Some(sheet) = &files.style {
                sheets.push(scope_stylesheet(sheet, &files.prefix, isolation));
            }
            // `app.json`'s components are usable in every component; its own win.
            let mut using = page.global.clone();
            using.extend(files.using.iter().map(|(k, v)| (k.clone(), v.clone())));
            defs.insert(
                p.clone(),
                std::rc::Rc::new(ComponentDef {
                    path: p.clone(),
                    template: files.template.clone(),
                    using,
                    prefix: files.prefix.clone(),
                    isolation,
                    meta,
                    wxs: Default::default(),
                }),
            );
        }
        let env = Components::new(page.using.clone(), defs, self.components.ids.clone());
        (std::rc::Rc::new(env), sheets)
    }
}

/// The last path segment that is not `index` (`components/card/index` → `card`), made of
/// characters a class name may hold, for readable prefixes.
fn short_name(path: &str) -> String {
    let mut parts = path.rsplit('/');
    let last = parts.next().unwrap_or("c");
    let name = if last == "index" {
        parts.next().unwrap_or(last)
    } else {
        last
    };
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_read_well() {
        assert_eq!(short_name("components/card/index"), "card");
        assert_eq!(
            short_name("miniprogram_npm/@vant/weapp/button/index"),
            "button"
        );
        assert_eq!(short_name("a/b.c"), "b_c");
    }
}
