//! WXS: the small JavaScript modules a template declares with `<wxs module="m">` and
//! calls from its expressions (`{{m.format(price)}}`).
//!
//! As WeChat specifies them, WXS modules run on the view side, apart from the page's
//! logic: each page's view gets its own boa context holding only its WXS modules. The
//! context has no `wx`/`ft`, `getApp`, `Page` or timers, so a module cannot reach the
//! page or the app; arguments are copies of the data, so it cannot change them either.
//! Each file is one module scope (CommonJS-style `module.exports`, `require('./x.wxs')`
//! between `.wxs` files, evaluated once per page). WXS's own builtins are provided:
//! `getDate(...)`, `getRegExp(pattern, flags)`, and `x.constructor` reading as the type's
//! name (`"Array"`, `"Object"`, …), which WXS code uses for type checks.
//!
//! A module that throws, a missing function or a runaway loop (bounded by boa's runtime
//! limits, which JS cannot catch) makes the call `undefined` and is reported once; a
//! function that hit a limit is not run again, so a broken formatter in a 10,000-row
//! list cannot freeze the view.
//!
//! ```
//! use mica_engine::script::wxs::WxsRuntime;
//! use mica_engine::template::{compile, JsValue, WxsCalls};
//! let c = compile(
//!     "p.wxml",
//!     r#"<wxs module="m">module.exports = { twice: function (n) { return n * 2 } }</wxs>"#,
//! )
//! .unwrap();
//! let wxs = WxsRuntime::load(&c.template).expect("the page has a module");
//! assert_eq!(wxs.call("m", "twice", &[JsValue::Num(21.0)]).to_display(), "42");
//! ```

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use boa_engine::object::ObjectInitializer;
use boa_engine::{
    js_string, Context, JsArgs, JsError, JsObject, JsResult, JsValue, NativeFunction, Source,
};
use serde_json::Value;

use super::modules;
use crate::template::{JsValue as TplValue, Template, WxsCalls};

/// Iterations one loop may run in a WXS call before it is stopped.
pub const WXS_LOOP_LIMIT: u64 = 200_000;
/// Deepest WXS recursion.
pub const WXS_RECURSION_LIMIT: usize = 256;
/// Distinct problems reported per page (the rest are counted, not stored).
const MAX_REPORTS: usize = 64;

/// The loader and WXS builtins, evaluated once per context. It returns `load(path)`,
/// which runs a module's factory on first use and caches its `module.exports`.
const WXS_PRELUDE: &str = r#"(function (factories, requires, host) {
  var g = globalThis;
  g.getDate = function () {
    var a = arguments;
    if (a.length === 0) return new Date();
    if (a.length === 1) return new Date(a[0]);
    return new Date(a[0], a[1], a.length > 2 ? a[2] : 1, a[3] || 0, a[4] || 0, a[5] || 0, a[6] || 0);
  };
  g.getRegExp = function (pattern, flags) {
    return new RegExp(pattern, flags === undefined ? '' : flags);
  };
  g.console = {
    log: function () { host.log(Array.prototype.map.call(arguments, String).join(' ')); }
  };
  [[Object, 'Object'], [Array, 'Array'], [Number, 'Number'], [String, 'String'],
   [Boolean, 'Boolean'], [Function, 'Function'], [Date, 'Date'], [RegExp, 'RegExp']]
    .forEach(function (p) {
      Object.defineProperty(p[0].prototype, 'constructor', { value: p[1], writable: true, configurable: true });
    });
  // The built-ins that make a new array or regexp "of the same kind" read
  // `this.constructor[Symbol.species]`, which throws with a name in `constructor`; while
  // they run, `this` has an own `constructor` of undefined (the plain kind).
  function plainKind(proto, name) {
    var f = proto[name];
    if (typeof f !== 'function') return;
    var wrapped = function () {
      var obj = this !== null && (typeof this === 'object' || typeof this === 'function') &&
        Object.isExtensible(this) ? this : null;
      if (obj === null) return f.apply(this, arguments);
      var had = Object.getOwnPropertyDescriptor(obj, 'constructor');
      Object.defineProperty(obj, 'constructor', { value: undefined, writable: true, configurable: true });
      try {
        return f.apply(obj, arguments);
      } finally {
        if (had) Object.defineProperty(obj, 'constructor', had); else delete obj.constructor;
      }
    };
    Object.defineProperty(proto, name, { value: wrapped, writable: true, configurable: true });
  }
  ['map', 'filter', 'slice', 'splice', 'concat', 'flat', 'flatMap'].forEach(function (n) {
    plainKind(Array.prototype, n);
  });
  plainKind(RegExp.prototype, Symbol.split);
  var cache = {};
  function load(path) {
    var m = cache[path];
    if (m) return m.exports;
    var f = factories[path];
    if (typeof f !== 'function') throw new Error('WXS module ' + path + ' did not compile');
    m = { exports: {} };
    cache[path] = m;
    var table = requires[path] || {};
    f.call(undefined, m, m.exports, function (spec) {
      var target = table[spec];
      if (target === undefined) throw new Error("require('" + spec + "') in " + path + ': not a WXS file of this page');
      return load(target);
    }, path, '');
    return m.exports;
  }
  return load;
})"#;

/// A page's WXS modules, loaded into their own boa context on the view side.
pub struct WxsRuntime {
    inner: RefCell<Inner>,
    /// Module name → exports as data (functions left out).
    exports: HashMap<String, Option<Value>>,
}

struct Inner {
    ctx: Context,
    /// Module name → its `module.exports` (absent when loading failed).
    objects: HashMap<String, JsObject>,
    stringify: Option<JsObject>,
    /// Module → functions that hit a runtime limit: not run again.
    broken: HashMap<String, HashSet<String>>,
    reported: HashSet<String>,
    errors: Vec<String>,
}

impl std::fmt::Debug for WxsRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WxsRuntime")
            .field("modules", &self.exports.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl WxsRuntime {
    /// Loads the template's modules; `None` when it declares none (no context is made).
    /// Problems (syntax errors, a throw at load time) are kept for [`Self::take_errors`];
    /// the affected module's calls are `undefined`.
    pub fn load(template: &Template) -> Option<WxsRuntime> {
        if template.wxs.is_empty() {
            return None;
        }
        let mut inner = Inner {
            ctx: Context::default(),
            objects: HashMap::new(),
            stringify: None,
            broken: HashMap::new(),
            reported: HashSet::new(),
            errors: Vec::new(),
        };
        let limits = inner.ctx.runtime_limits_mut();
        limits.set_loop_iteration_limit(WXS_LOOP_LIMIT);
        limits.set_recursion_limit(WXS_RECURSION_LIMIT);
        let load = match inner.install(template) {
            Ok(load) => Some(load),
            Err(e) => {
                let text = super::thread::describe(&e, &mut inner.ctx);
                inner.report(format!("WXS runtime: {text}"));
                None
            }
        };
        let mut exports = HashMap::new();
        // Modules of imported files first, so the page file's own win on a clash.
        let mut order: Vec<_> = template.wxs.iter().collect();
        order.sort_by_key(|m| m.file == template.file);
        for m in order {
            let loaded = load.as_ref().map(|load| {
                load.call(
                    &JsValue::undefined(),
                    &[js_string!(m.source.as_str()).into()],
                    &mut inner.ctx,
                )
            });
            let json = match loaded {
                Some(Ok(v)) => match v.as_object() {
                    Some(obj) => {
                        let json = inner.json_of(&v);
                        inner.objects.insert(m.name.clone(), obj);
                        json
                    }
                    None => {
                        inner.objects.remove(&m.name);
                        inner.json_of(&v)
                    }
                },
                Some(Err(e)) => {
                    let text = super::thread::describe(&e, &mut inner.ctx);
                    inner.report(format!("WXS module `{}` ({}): {text}", m.name, m.source));
                    inner.objects.remove(&m.name);
                    None
                }
                None => None,
            };
            exports.insert(m.name.clone(), json);
        }
        Some(WxsRuntime {
            inner: RefCell::new(inner),
            exports,
        })
    }

    /// Problems found since the last call (each distinct one once).
    pub fn take_errors(&self) -> Vec<String> {
        self.inner
            .try_borrow_mut()
            .map(|mut i| std::mem::take(&mut i.errors))
            .unwrap_or_default()
    }
}

impl Inner {
    /// Compiles every source into a factory and evaluates the loader; returns `load`.
    fn install(&mut self, template: &Template) -> JsResult<JsObject> {
        let ctx = &mut self.ctx;
        let factories = ObjectInitializer::new(ctx).build();
        let requires = ObjectInitializer::new(ctx).build();
        let mut problems = Vec::new();
        for s in &template.wxs_sources {
            // Leading newlines make line numbers in errors those of the template file
            // for inline modules.
            let pad = "\n".repeat(s.first_line.saturating_sub(1).min(100_000) as usize);
            match modules::compile(ctx, &s.path, &format!("{pad}{}", s.text)) {
                Ok(f) => {
                    factories.set(js_string!(s.path.as_str()), f, false, ctx)?;
                }
                Err(e) => problems.push(super::thread::describe(&e, ctx)),
            }
            let table = ObjectInitializer::new(ctx).build();
            for (spec, target) in &s.requires {
                table.set(
                    js_string!(spec.as_str()),
                    js_string!(target.as_str()),
                    false,
                    ctx,
                )?;
            }
            requires.set(js_string!(s.path.as_str()), table, false, ctx)?;
        }
        let host = ObjectInitializer::new(ctx)
            .function(NativeFunction::from_fn_ptr(wxs_log), js_string!("log"), 1)
            .build();
        let prelude = ctx.eval(Source::from_bytes(WXS_PRELUDE))?;
        let prelude = prelude
            .as_callable()
            .ok_or_else(|| boa_engine::JsNativeError::typ().with_message("bad WXS prelude"))?;
        let load = prelude.call(
            &JsValue::undefined(),
            &[factories.into(), requires.into(), host.into()],
            ctx,
        )?;
        let json = ctx.global_object().get(js_string!("JSON"), ctx)?;
        self.stringify = json
            .as_object()
            .and_then(|j| j.get(js_string!("stringify"), ctx).ok())
            .and_then(|f| f.as_callable());
        for p in problems {
            self.report(p);
        }
        load.as_callable().ok_or_else(|| {
            boa_engine::JsNativeError::typ()
                .with_message("bad WXS loader")
                .into()
        })
    }

    fn report(&mut self, message: String) {
        if self.reported.len() < MAX_REPORTS && self.reported.insert(message.clone()) {
            log::error!("{message}");
            self.errors.push(message);
        }
    }

    /// A JS value as data, the way `JSON.stringify` sees it (functions dropped).
    fn json_of(&mut self, v: &JsValue) -> Option<Value> {
        let stringify = self.stringify.clone()?;
        let text = stringify
            .call(
                &JsValue::undefined(),
                std::slice::from_ref(v),
                &mut self.ctx,
            )
            .ok()?;
        let text = text.as_string()?.to_std_string_escaped();
        serde_json::from_str(&text).ok()
    }

    fn template_value_of(&mut self, v: &JsValue) -> TplValue<'static> {
        if v.is_undefined() {
            TplValue::Undefined
        } else if let Some(n) = v.as_number() {
            TplValue::Num(n)
        } else if let Some(s) = v.as_string() {
            TplValue::Json(Cow::Owned(Value::String(s.to_std_string_escaped())))
        } else {
            self.json_of(v)
                .map_or(TplValue::Undefined, |j| TplValue::Json(Cow::Owned(j)))
        }
    }

    fn js_value_of(&mut self, v: &TplValue<'_>) -> JsValue {
        match v {
            TplValue::Undefined => JsValue::undefined(),
            TplValue::Num(n) => JsValue::from(*n),
            TplValue::Json(j) => {
                JsValue::from_json(j.as_ref(), &mut self.ctx).unwrap_or_else(|_| JsValue::null())
            }
        }
    }
}

fn is_runtime_limit(e: &JsError) -> bool {
    matches!(
        e.as_engine(),
        Some(boa_engine::error::EngineError::RuntimeLimit(_))
    )
}

fn wxs_log(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let text = args.get_or_undefined(0).to_string(ctx)?;
    log::info!(target: "wxs", "{}", text.to_std_string_escaped());
    Ok(JsValue::undefined())
}

impl WxsCalls for WxsRuntime {
    fn is_module(&self, name: &str) -> bool {
        self.exports.contains_key(name)
    }

    fn exports(&self, module: &str) -> Option<&Value> {
        self.exports.get(module)?.as_ref()
    }

    fn call(&self, module: &str, function: &str, args: &[TplValue<'_>]) -> TplValue<'static> {
        let Ok(mut inner) = self.inner.try_borrow_mut() else {
            return TplValue::Undefined;
        };
        // Called once per binding per row: no allocation unless something goes wrong.
        if inner
            .broken
            .get(module)
            .is_some_and(|f| f.contains(function))
        {
            return TplValue::Undefined;
        }
        let name = || format!("{module}.{function}");
        let Some(obj) = inner.objects.get(module).cloned() else {
            return TplValue::Undefined;
        };
        let f = obj
            .get(js_string!(function), &mut inner.ctx)
            .ok()
            .and_then(|f| f.as_callable());
        let Some(f) = f else {
            inner.report(format!("WXS: `{}` is not a function", name()));
            return TplValue::Undefined;
        };
        let js_args: Vec<JsValue> = args.iter().map(|a| inner.js_value_of(a)).collect();
        let result = f.call(&obj.clone().into(), &js_args, &mut inner.ctx);
        match result {
            Ok(v) => inner.template_value_of(&v),
            Err(e) => {
                if is_runtime_limit(&e) {
                    let broken = inner.broken.entry(module.to_string()).or_default();
                    broken.insert(function.to_string());
                }
                let text = super::thread::describe(&e, &mut inner.ctx);
                inner.report(format!("WXS `{}`: {text}", name()));
                TplValue::Undefined
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::compile;

    fn runtime(src: &str) -> WxsRuntime {
        let c = compile("pages/p.wxml", src).unwrap_or_else(|e| panic!("{e}"));
        WxsRuntime::load(&c.template).unwrap_or_else(|| panic!("no modules in {src}"))
    }

    #[test]
    fn a_page_without_modules_makes_no_context() {
        let c = compile("p.wxml", "<view/>").unwrap_or_else(|e| panic!("{e}"));
        assert!(WxsRuntime::load(&c.template).is_none());
    }

    #[test]
    fn a_runaway_loop_is_stopped_reported_once_and_not_run_again() {
        let w = runtime(
            r#"<wxs module="m">module.exports = { spin: function () { while (true) {} }, ok: function () { return 1 } }</wxs>"#,
        );
        assert!(w.call("m", "spin", &[]).is_undefined());
        let errors = w.take_errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("m.spin") && errors[0].contains("iteration"),
            "{errors:?}"
        );
        // The broken function is skipped from now on (no second multi-ms stall)...
        assert!(w.call("m", "spin", &[]).is_undefined());
        assert!(w.take_errors().is_empty());
        // ...and the module's other functions still work.
        assert_eq!(w.call("m", "ok", &[]).to_display(), "1");
    }

    #[test]
    fn array_and_regexp_built_ins_work_beside_the_wxs_constructor_names() {
        // Vant Weapp's wxs/object.wxs and bem.wxs: JSON → split → map, with
        // `x.constructor === 'Array'` type checks elsewhere.
        let w = runtime(
            r#"<wxs module="m">module.exports = { f: function () {
              var keys = JSON.stringify({ a: 1, b: 2 }).replace(getRegExp('{|}|"', 'g'), '')
                .split(',').map(function (s) { return s.split(':')[0]; });
              var more = [3, 1, 2].filter(function (x) { return x > 1; }).slice(0).concat([9]);
              var parts = 'x-y'.split(getRegExp('-'));
              return keys.join('') + more.join('') + parts.join('') + [].constructor +
                (keys.constructor === 'Array') + [[1], [2]].map(function (a) { return a.constructor; });
            } }</wxs>"#,
        );
        assert_eq!(
            w.call("m", "f", &[]).to_display(),
            "ab329xyArraytrueArray,Array"
        );
        assert!(w.take_errors().is_empty());
    }

    #[test]
    fn runaway_recursion_is_stopped() {
        let w = runtime(
            r#"<wxs module="m">function f(n) { return f(n + 1) } module.exports = { f: f }</wxs>"#,
        );
        assert!(w.call("m", "f", &[TplValue::Num(0.0)]).is_undefined());
        let errors = w.take_errors();
        assert!(errors.iter().any(|e| e.contains("m.f")), "{errors:?}");
    }

    #[test]
    fn a_syntax_error_names_the_template_line() {
        let w = runtime("<view/>\n<view/>\n<wxs module=\"m\">\nvar a = ;\n</wxs>");
        let errors = w.take_errors();
        assert!(
            errors.iter().any(|e| e.contains("pages/p.wxml#m:4")),
            "{errors:?}"
        );
        assert!(w.is_module("m"));
        assert!(w.call("m", "f", &[]).is_undefined());
    }

    #[test]
    fn a_throw_while_loading_is_reported_and_the_module_is_inert() {
        let w = runtime(r#"<wxs module="m">throw new Error('at load')</wxs>"#);
        let errors = w.take_errors();
        assert!(errors.iter().any(|e| e.contains("at load")), "{errors:?}");
        assert!(w.call("m", "x", &[]).is_undefined());
    }

    #[test]
    fn the_same_throw_in_many_rows_is_reported_once() {
        let w = runtime(
            r#"<wxs module="m">module.exports = { f: function () { throw new Error('bad row') } }</wxs>"#,
        );
        for _ in 0..100 {
            assert!(w.call("m", "f", &[]).is_undefined());
        }
        assert_eq!(w.take_errors().len(), 1);
    }

    #[test]
    fn values_cross_with_their_types() {
        let w = runtime(
            r#"<wxs module="m">module.exports = { id: function (v) { return v }, nan: function () { return 0 / 0 }, log: function () { console.log('x', 1); return true } }</wxs>"#,
        );
        let obj = TplValue::Json(Cow::Owned(serde_json::json!({"a": [1, "b", null]})));
        assert_eq!(w.call("m", "id", std::slice::from_ref(&obj)), obj);
        assert!(w.call("m", "id", &[TplValue::Undefined]).is_undefined());
        assert!(w.call("m", "nan", &[]).to_number().is_nan());
        assert!(w.call("m", "log", &[]).truthy());
        assert!(w.take_errors().is_empty());
    }
}
