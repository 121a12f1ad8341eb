// Mica's logic-thread prelude. Evaluated once per context; receives the native bridge
// and returns { load, wx, console, routeDone, ... }. Keep it small: everything that needs
// the host lives in Rust (globals.rs), this file only holds plain-JS glue, and it is
// parsed at every start (issue #6), so the APIs most apps do not call at start are parts
// evaluated on first use (parts.rs: later.js, route.js, ui.js, request.js, storage.js,
// interaction.js, host_api.js, system.js, download.js, privacy.js).
(function (native) {
  'use strict';

  // ---- CommonJS modules (cache + Node-style cycles) ----
  var cache = Object.create(null);

  function dirname(path) {
    var i = path.lastIndexOf('/');
    return i < 0 ? '' : path.slice(0, i);
  }

  function makeRequire(from) {
    return function require(request) {
      if (typeof request !== 'string') {
        throw new TypeError('require: the module path must be a string');
      }
      return load(native.resolve(from, request));
    };
  }

  function load(path) {
    var cached = cache[path];
    if (cached) {
      // A module in a require cycle sees the partial exports, as in Node.
      return cached.exports;
    }
    var module = { id: path, filename: path, exports: {}, loaded: false };
    cache[path] = module;
    try {
      var fn = native.compile(path);
      fn.call(module.exports, module, module.exports, makeRequire(path), path, dirname(path));
    } catch (e) {
      delete cache[path];
      throw e;
    }
    module.loaded = true;
    return module.exports;
  }

  // ---- console ----
  function format(args) {
    var parts = [];
    for (var i = 0; i < args.length; i++) {
      var v = args[i];
      if (typeof v === 'string') {
        parts.push(v);
      } else if (v instanceof Error) {
        parts.push(String(v));
      } else if (typeof v === 'function') {
        parts.push('[Function ' + (v.name || 'anonymous') + ']');
      } else if (v !== null && typeof v === 'object') {
        var s;
        try { s = JSON.stringify(v); } catch (e) { s = undefined; }
        parts.push(s === undefined ? String(v) : s);
      } else {
        parts.push(String(v));
      }
    }
    return parts.join(' ');
  }
  function logger(level) {
    return function () { native.log(level, format(arguments)); };
  }
  var console = {
    error: logger(1),
    warn: logger(2),
    info: logger(3),
    log: logger(3),
    debug: logger(4),
    trace: logger(5),
  };

  // ---- wx / ft ----
  function callbacks(name, opts, ok, res) {
    res.errMsg = res.errMsg || (name + (ok ? ':ok' : ':fail not supported'));
    var hasCallback = opts && (typeof opts.success === 'function' ||
      typeof opts.fail === 'function' || typeof opts.complete === 'function');
    if (!hasCallback) {
      if (ok) return Promise.resolve(res);
      // Callers that ignore the promise (wx.showToast({...})) must not produce an
      // "unhandled rejection" for every unsupported API: mark it handled.
      var p = Promise.reject(res);
      p.catch(function () {});
      return p;
    }
    // WeChat calls API callbacks asynchronously.
    Promise.resolve().then(function () {
      if (ok && typeof opts.success === 'function') opts.success(res);
      if (!ok && typeof opts.fail === 'function') opts.fail(res);
      if (typeof opts.complete === 'function') opts.complete(res);
    });
    return undefined;
  }

  function typeName(v) {
    if (v === null) return 'Null';
    var t = typeof v;
    return t.charAt(0).toUpperCase() + t.slice(1);
  }

  // ---- navigateTo, redirectTo, reLaunch, switchTab, navigateBack: route.js ----
  function routeDone(id, failMsg) {
    native.part('route').routeDone(id, failMsg);
  }

  // ---- answers to calls made by the parts: later.js ----
  function apiDone(id, ok, payload) {
    native.part('later').apiDone(id, ok, payload);
  }

  function interactionDone(id, ok, payload) {
    native.part('later').interactionDone(id, ok, payload);
  }

  var base = {
    getSystemInfoSync: function () { return native.systemInfo(); },
    getSystemInfo: function (opts) { return callbacks('getSystemInfo', opts, true, native.systemInfo()); },
    getWindowInfo: function () { return native.systemInfo(); },
    canIUse: function (name) {
      if (typeof name !== 'string') return false;
      var api = name.split('.')[0];
      return Object.prototype.hasOwnProperty.call(base, api) && !unsupported[api];
    },
  };
  // Names present on `ft` that only fail (a FinClipConf.js extApi the host lacks).
  var unsupported = Object.create(null);

  // ---- host functions (crate::host) and FinClipConf.js: host_api.js ----
  function hostDone(id, ok, payload) {
    native.part('host').hostDone(id, ok, payload);
  }

  // FinClip apps declare the custom APIs they call in FinClipConf.js.
  function readFinClipConf() {
    if (!native.exists('FinClipConf.js')) return;
    native.part('host').readFinClipConf();
  }

  // ---- parts evaluated on first use (parts.rs) ----
  // Until its part is evaluated, each of its names is an accessor on `base` (so `in`,
  // wx.canIUse and Object.keys see it); the first get or set evaluates the part, which
  // replaces the accessors with its functions.
  function lazy(part, names) {
    names.forEach(function (name) {
      Object.defineProperty(base, name, {
        configurable: true,
        enumerable: true,
        get: function () { native.part(part); return base[name]; },
        set: function (v) { native.part(part); base[name] = v; },
      });
    });
  }

  var stubs = Object.create(null);
  function stub(name) {
    if (stubs[name]) return stubs[name];
    var f;
    if (/^(on|off)[A-Z]/.test(name)) {
      // Event subscriptions: nothing will ever fire; accept silently.
      f = function () { native.log(2, 'wx.' + name + ' is not supported'); };
    } else if (/Sync$/.test(name)) {
      f = function () {
        native.log(2, 'wx.' + name + ' is not supported');
        return undefined;
      };
    } else {
      f = function (opts) {
        native.log(2, 'wx.' + name + ' is not supported');
        return callbacks(name, opts, false, {});
      };
    }
    stubs[name] = f;
    return f;
  }

  // ---- the app's launch options and background/foreground listeners ----
  var launchOptions = { path: '', query: {}, scene: 1001, referrerInfo: {} };
  var appListeners = { show: [], hide: [] };
  function copy(v) { return JSON.parse(JSON.stringify(v)); }
  function appEvent(kind, options) {
    if (kind === 'launch') { launchOptions = copy(options); return; }
    var list = appListeners[kind] || [];
    var failed;
    // Every listener runs; the first one that threw is reported after them.
    list.slice().forEach(function (f) {
      try { f(kind === 'show' ? copy(options) : undefined); } catch (e) {
        if (failed === undefined) failed = e;
      }
    });
    if (failed !== undefined) throw failed;
  }
  function listen(kind) {
    return function (f) { if (typeof f === 'function') appListeners[kind].push(f); };
  }
  function unlisten(kind) {
    return function (f) {
      if (f === undefined) { appListeners[kind] = []; return; }
      appListeners[kind] = appListeners[kind].filter(function (g) { return g !== f; });
    };
  }
  base.onAppShow = listen('show');
  base.onAppHide = listen('hide');
  base.offAppShow = unlisten('show');
  base.offAppHide = unlisten('hide');
  base.getLaunchOptionsSync = function () { return copy(launchOptions); };
  base.getEnterOptionsSync = function () { return copy(launchOptions); };
  base.nextTick = function (f) {
    if (typeof f === 'function') Promise.resolve().then(f);
  };

  var wx = new Proxy(base, {
    get: function (target, key) {
      if (key in target) return target[key];
      if (typeof key !== 'string') return undefined;
      return stub(key);
    },
  });

  return {
    load: load, wx: wx, console: console, routeDone: routeDone, apiDone: apiDone,
    appEvent: appEvent, hostDone: hostDone, readFinClipConf: readFinClipConf,
    interactionDone: interactionDone, lazy: lazy,
    // For system.js and later.js.
    base: base,
    helpers: { callbacks: callbacks, typeName: typeName, load: load, unsupported: unsupported },
  };
})
