// Custom components on the logic thread: Component(), Behavior(), instances with their
// lifetimes, property observers and data observers, triggerEvent and selectComponent.
// Called once with the native bridge (component.rs) and the prelude's `Page` global;
// returns the functions the Rust side calls when the view creates, updates or drops
// instances.
(function (native, globalPage) {
  'use strict';

  var defs = Object.create(null); // path -> normalized definition
  var instances = Object.create(null); // id -> record
  var LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];
  var PAGE_LIFETIMES = ['show', 'hide', 'resize'];
  var TYPES = { String: 'String', Number: 'Number', Boolean: 'Boolean', Object: 'Object', Array: 'Array' };

  function typeName(t) {
    if (t === null || t === undefined) return null;
    if (typeof t === 'function') return TYPES[t.name] || null;
    if (typeof t === 'string') return TYPES[t] || null;
    return null;
  }

  function defaultFor(type) {
    switch (type) {
      case 'String': return '';
      case 'Number': return 0;
      case 'Boolean': return false;
      case 'Array': return [];
      default: return null;
    }
  }

  function copy(v) {
    if (v === undefined) return undefined;
    var s;
    try { s = JSON.stringify(v); } catch (e) { return v; }
    return s === undefined ? undefined : JSON.parse(s);
  }

  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function emptyDef() {
    var d = {
      properties: Object.create(null), propOrder: [], data: {}, methods: {},
      lifetimes: {}, pageLifetimes: {}, observers: [], externalClasses: [],
      options: {}, behaviors: [], exportFn: null,
    };
    LIFETIMES.forEach(function (n) { d.lifetimes[n] = []; });
    PAGE_LIFETIMES.forEach(function (n) { d.pageLifetimes[n] = []; });
    return d;
  }

  // Built-in behaviors: `wx://form-field` gives `name` and `value` properties.
  var BUILTIN = {
    'wx://form-field': { properties: { name: String, value: null } },
    'wx://form-field-group': {},
    'wx://form-field-button': {},
    'wx://component-export': {},
  };

  // Folds `options` (Component() or Behavior() options) into `d`; behaviors first, so
  // the component's own fields win and its lifetimes run last.
  function fold(d, options, seen) {
    var bs = Array.isArray(options.behaviors) ? options.behaviors : [];
    bs.forEach(function (b) {
      if (typeof b === 'string') {
        if (BUILTIN[b]) fold(d, BUILTIN[b], seen);
        else native.warn('Component: unknown behavior ' + b);
        d.behaviors.push(b);
        return;
      }
      if (b && b.__micaBehavior) {
        if (seen.indexOf(b) >= 0) return;
        seen.push(b);
        fold(d, b.__micaBehavior, seen);
        d.behaviors.push(b);
      }
    });
    var props = options.properties || {};
    Object.keys(props).forEach(function (name) {
      var spec = props[name];
      var p;
      if (spec !== null && typeof spec === 'object') {
        var type = typeName(spec.type);
        p = {
          type: type,
          value: own(spec, 'value') ? spec.value : defaultFor(type),
          observer: spec.observer,
        };
      } else {
        var t = typeName(spec);
        p = { type: t, value: defaultFor(t), observer: undefined };
      }
      if (!d.properties[name]) d.propOrder.push(name);
      d.properties[name] = p;
    });
    var data = typeof options.data === 'function' ? options.data() : options.data;
    if (data && typeof data === 'object') {
      Object.keys(data).forEach(function (k) { d.data[k] = data[k]; });
    }
    var methods = options.methods || {};
    Object.keys(methods).forEach(function (k) { d.methods[k] = methods[k]; });
    var lt = options.lifetimes || {};
    LIFETIMES.forEach(function (n) {
      // `lifetimes` wins over the old top-level field of the same name.
      var f = typeof lt[n] === 'function' ? lt[n] : options[n];
      if (typeof f === 'function') d.lifetimes[n].push(f);
    });
    var plt = options.pageLifetimes || {};
    PAGE_LIFETIMES.forEach(function (n) {
      if (typeof plt[n] === 'function') d.pageLifetimes[n].push(plt[n]);
    });
    var obs = options.observers || {};
    Object.keys(obs).forEach(function (k) {
      if (typeof obs[k] !== 'function') return;
      var fields = k.split(',').map(function (s) { return s.trim(); }).filter(Boolean);
      d.observers.push({ fields: fields.map(parseField), fn: obs[k] });
    });
    (options.externalClasses || []).forEach(function (c) {
      if (typeof c === 'string' && d.externalClasses.indexOf(c) < 0) d.externalClasses.push(c);
    });
    var o = options.options || {};
    Object.keys(o).forEach(function (k) { d.options[k] = o[k]; });
    if (typeof options.export === 'function') d.exportFn = options.export;
  }

  // 'a.b[2].c' -> {path: ['a', 'b', 2, 'c'], deep: false}; 'a.**' -> deep; '**' -> all.
  function parseField(f) {
    var deep = false;
    if (f === '**') return { path: [], deep: true };
    if (/\.\*\*$/.test(f)) { deep = true; f = f.slice(0, -3); }
    var path = [];
    f.replace(/[^.[\]]+|\[(\d+)\]/g, function (m, idx) {
      path.push(idx !== undefined ? Number(idx) : m);
      return m;
    });
    return { path: path, deep: deep };
  }

  function get(data, path) {
    var cur = data;
    for (var i = 0; i < path.length; i++) {
      if (cur === null || cur === undefined) return undefined;
      cur = cur[path[i]];
    }
    return cur;
  }

  // Whether a change at `changed` reaches an observer watching `field`.
  // WeChat: setting the field or anything above it fires; setting inside it fires
  // only a `field.**` observer.
  function reaches(field, changed) {
    var n = Math.min(field.path.length, changed.length);
    for (var i = 0; i < n; i++) {
      if (String(field.path[i]) !== String(changed[i])) return false;
    }
    return changed.length <= field.path.length || field.deep;
  }

  function Behavior(options) {
    var b = { __micaBehavior: options || {} };
    return b;
  }

  function Component(options) {
    options = options || {};
    var where = native.loading();
    var d = emptyDef();
    fold(d, options, []);
    if (where && where.kind === 'page') {
      return globalPage(pageOptions(d));
    }
    if (!where || where.kind !== 'component') {
      native.warn('Component() called outside a component or page file; ignored');
      return undefined;
    }
    defs[where.path] = d;
    return undefined;
  }

  // A page built with Component(): methods become page methods, properties take the
  // page's query, `lifetimes` run around onLoad / onUnload.
  function pageOptions(d) {
    var o = {};
    Object.keys(d.methods).forEach(function (k) { o[k] = d.methods[k]; });
    var data = copy(d.data) || {};
    d.propOrder.forEach(function (n) {
      if (!own(data, n)) data[n] = copy(d.properties[n].value);
    });
    o.data = data;
    var onLoad = d.methods.onLoad;
    var onUnload = d.methods.onUnload;
    var onShow = d.methods.onShow;
    var onHide = d.methods.onHide;
    o.onLoad = function (query) {
      var self = this;
      self.properties = self.data;
      var set = {};
      var any = false;
      d.propOrder.forEach(function (n) {
        if (query && own(query, n)) {
          set[n] = coerce(d.properties[n], query[n]);
          any = true;
        }
      });
      if (any) self.setData(set);
      run(self, d.lifetimes.created, []);
      run(self, d.lifetimes.attached, []);
      if (typeof onLoad === 'function') return onLoad.call(self, query);
      return undefined;
    };
    o.onReady = chain(d.methods.onReady, d.lifetimes.ready);
    o.onShow = chain(onShow, d.pageLifetimes.show);
    o.onHide = chain(onHide, d.pageLifetimes.hide);
    o.onUnload = function () {
      if (typeof onUnload === 'function') onUnload.call(this);
      run(this, d.lifetimes.detached, []);
    };
    return o;
  }

  function chain(first, list) {
    return function () {
      var r;
      if (typeof first === 'function') r = first.apply(this, arguments);
      run(this, list, arguments);
      return r;
    };
  }

  function run(self, list, args) {
    for (var i = 0; i < list.length; i++) list[i].apply(self, args);
  }

  function coerce(p, v) {
    if (v === null || v === undefined) return copy(p.value);
    switch (p.type) {
      case 'Number': {
        var n = Number(v);
        return isNaN(n) ? 0 : n;
      }
      case 'String': return typeof v === 'object' ? JSON.stringify(v) : String(v);
      case 'Boolean': return !!v;
      default: return v;
    }
  }

  // Runs the property observers and data observers a change of `keys` reaches.
  // `old` holds the properties' values before the change.
  function observe(rec, paths, old) {
    var obj = rec.obj;
    var d = rec.def;
    var firedProps = Object.create(null);
    paths.forEach(function (path) {
      var name = path[0];
      var p = d.properties[name];
      if (!p || firedProps[name]) return;
      firedProps[name] = true;
      var now = obj.data[name];
      var before = old[name];
      if (now === before && (now === null || typeof now !== 'object')) return;
      var f = typeof p.observer === 'function' ? p.observer :
        (typeof p.observer === 'string' ? obj[p.observer] : null);
      if (typeof f === 'function') f.call(obj, now, before, path);
    });
    d.observers.forEach(function (o) {
      var hit = o.fields.some(function (field) {
        return paths.some(function (path) { return reaches(field, path); });
      });
      if (!hit) return;
      var args = o.fields.map(function (field) { return get(obj.data, field.path); });
      o.fn.apply(obj, args);
    });
  }

  function pathOf(key) {
    return parseField(String(key)).path;
  }

  function makeInstance(rec, item) {
    var d = rec.def;
    var obj = {};
    Object.keys(d.methods).forEach(function (k) { obj[k] = d.methods[k]; });
    var data = copy(d.data) || {};
    d.propOrder.forEach(function (n) { data[n] = copy(d.properties[n].value); });
    obj.data = data;
    obj.properties = data;
    obj.is = item.path;
    obj.id = item.hostId;
    obj.dataset = item.dataset || {};
    Object.defineProperty(obj, '__wxExparserNodeId__', { value: item.id });
    Object.defineProperty(obj, '__wxWebviewId__', { value: rec.pageId });
    var rawSetData = native.setData;
    obj.setData = function (changes, callback) {
      if (!instances[item.id]) return;
      var old = {};
      d.propOrder.forEach(function (n) { old[n] = obj.data[n]; });
      rawSetData.call(obj, changes, callback);
      obj.properties = obj.data;
      if (changes && typeof changes === 'object') {
        observe(rec, Object.keys(changes).map(pathOf), old);
      }
    };
    obj.triggerEvent = function (name, detail, options) {
      options = options || {};
      native.triggerEvent(item.id, String(name), detail === undefined ? {} : detail,
        !!options.bubbles, !!options.composed, !!options.capturePhase);
    };
    obj.selectComponent = function (sel) { return selectIn(item.id, rec.pageId, sel, false); };
    obj.selectAllComponents = function (sel) { return selectIn(item.id, rec.pageId, sel, true); };
    obj.selectOwnerComponent = function () {
      var o = rec.owner === null ? null : instances[rec.owner];
      return o ? o.obj : native.page(rec.pageId);
    };
    obj.hasBehavior = function (b) { return d.behaviors.indexOf(b) >= 0; };
    obj.getPageId = function () { return 'pageId:' + rec.pageId; };
    obj.createSelectorQuery = function () {
      return wx.createSelectorQuery().in(obj);
    };
    return obj;
  }

  // '#a', '.b', 'tag', '.a.b', 'a, b' over the hosts directly in `owner`'s template.
  function matches(rec, sel) {
    return sel.split(',').some(function (one) {
      one = one.trim();
      if (!one) return false;
      var m = one.match(/^([A-Za-z][\w-]*)?((?:[#.][\w-]+)*)$/);
      if (!m) return false;
      if (m[1] && rec.tag !== m[1] && rec.obj.is !== m[1]) return false;
      var parts = m[2].match(/[#.][\w-]+/g) || [];
      return parts.every(function (p) {
        if (p.charAt(0) === '#') return rec.obj.id === p.slice(1);
        return rec.classes.indexOf(p.slice(1)) >= 0;
      });
    });
  }

  function result(rec) {
    return rec.def.exportFn ? rec.def.exportFn.call(rec.obj) : rec.obj;
  }

  function selectIn(owner, pageId, sel, all) {
    var out = [];
    Object.keys(instances).forEach(function (k) {
      var rec = instances[k];
      if (rec.owner === owner && rec.pageId === pageId && matches(rec, String(sel))) {
        out.push(rec);
      }
    });
    out.sort(function (a, b) { return a.id - b.id; });
    if (all) return out.map(result);
    return out.length ? result(out[0]) : null;
  }

  function report(rec, what, e) {
    native.error('component ' + rec.path + ' ' + what, e);
  }

  function call(rec, list, args, what) {
    for (var i = 0; i < list.length; i++) {
      try {
        list[i].apply(rec.obj, args);
      } catch (e) {
        report(rec, what, e);
      }
    }
  }

  // The view created instances (enclosing ones first): created, properties, attached;
  // then ready, innermost first.
  function attached(list, pageId) {
    var made = [];
    list.forEach(function (item) {
      var d = defs[item.path];
      if (!d) return;
      var rec = {
        id: item.id, path: item.path, def: d, pageId: pageId,
        owner: item.owner === undefined ? null : item.owner,
        classes: item.classes || [], tag: item.tag, obj: null,
      };
      rec.obj = makeInstance(rec, item);
      instances[item.id] = rec;
      native.register(item.id, rec.obj, item.path);
      call(rec, d.lifetimes.created, [], 'created');
      var props = item.props || {};
      var keys = Object.keys(props);
      if (keys.length) {
        var old = {};
        d.propOrder.forEach(function (n) { old[n] = rec.obj.data[n]; });
        keys.forEach(function (k) { rec.obj.data[k] = props[k]; });
        try {
          observe(rec, keys.map(function (k) { return [k]; }), old);
        } catch (e) {
          report(rec, 'observer', e);
        }
      }
      call(rec, d.lifetimes.attached, [], 'attached');
      made.push(rec);
    });
    for (var i = made.length - 1; i >= 0; i--) {
      if (instances[made[i].id]) call(made[i], made[i].def.lifetimes.ready, [], 'ready');
    }
  }

  function detached(ids) {
    ids.forEach(function (id) {
      var rec = instances[id];
      if (!rec) return;
      call(rec, rec.def.lifetimes.detached, [], 'detached');
      delete instances[id];
      native.unregister(id);
    });
  }

  // The enclosing data gave new property values (the view already shows them).
  function props(id, values) {
    var rec = instances[id];
    if (!rec) return;
    var old = {};
    rec.def.propOrder.forEach(function (n) { old[n] = rec.obj.data[n]; });
    var keys = Object.keys(values);
    keys.forEach(function (k) { rec.obj.data[k] = values[k]; });
    try {
      observe(rec, keys.map(function (k) { return [k]; }), old);
    } catch (e) {
      report(rec, 'observer', e);
    }
  }

  // Page `pageId` was shown, hidden or unloaded.
  function pageEvent(pageId, kind) {
    var ids = Object.keys(instances).map(Number).filter(function (id) {
      return instances[id].pageId === pageId;
    }).sort(function (a, b) { return a - b; });
    if (kind === 'unload') {
      detached(ids.reverse());
      return;
    }
    ids.forEach(function (id) {
      var rec = instances[id];
      if (rec) call(rec, rec.def.pageLifetimes[kind] || [], [], 'pageLifetimes.' + kind);
    });
  }

  // What the view needs to know of a definition.
  function meta(path) {
    var d = defs[path];
    if (!d) return null;
    var iso = d.options.styleIsolation;
    if (!iso && d.options.addGlobalClass) iso = 'apply-shared';
    return {
      properties: d.propOrder.map(function (n) {
        var p = d.properties[n];
        return { name: n, type: p.type, value: copy(p.value) === undefined ? null : copy(p.value) };
      }),
      data: copy(d.data) || {},
      externalClasses: d.externalClasses,
      styleIsolation: iso || null,
      multipleSlots: !!d.options.multipleSlots,
    };
  }

  // selectComponent / selectAllComponents on a page instance.
  function pageSelect(all) {
    return function (sel) {
      return selectIn(null, this.__wxWebviewId__, sel, all);
    };
  }

  return {
    Component: Component,
    Behavior: Behavior,
    attached: attached,
    detached: detached,
    props: props,
    pageEvent: pageEvent,
    meta: meta,
    selectComponent: pageSelect(false),
    selectAllComponents: pageSelect(true),
  };
});
