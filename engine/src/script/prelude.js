// Mica's logic-thread prelude. Evaluated once per context; receives the native bridge
// and returns { load, wx, console, routeDone }. Keep it small: everything that needs the host
// lives in Rust (globals.rs), this file only holds plain-JS glue.
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
    res.errMsg = name + (ok ? ':ok' : ':fail not supported');
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

  // ---- routing: navigateTo, redirectTo, reLaunch, switchTab, navigateBack ----
  // The view owns the page stack: native.route sends the request, the view answers
  // through routeDone(id, failMsg), failMsg being null on success.
  var routing = Object.create(null);
  var nextRouting = 1;

  function hasCallback(opts) {
    return typeof opts.success === 'function' || typeof opts.fail === 'function' ||
      typeof opts.complete === 'function';
  }

  function deliver(entry, failMsg) {
    var ok = failMsg === null || failMsg === undefined;
    var res = { errMsg: ok ? entry.name + ':ok' : failMsg };
    if (entry.resolve) {
      if (ok) entry.resolve(res); else entry.reject(res);
      return;
    }
    var opts = entry.opts;
    if (ok && typeof opts.success === 'function') opts.success(res);
    if (!ok && typeof opts.fail === 'function') opts.fail(res);
    if (typeof opts.complete === 'function') opts.complete(res);
  }

  function typeName(v) {
    if (v === null) return 'Null';
    var t = typeof v;
    return t.charAt(0).toUpperCase() + t.slice(1);
  }

  function route(name, opts) {
    if (opts === null || typeof opts !== 'object') opts = {};
    var entry = { name: name, opts: opts };
    var promise;
    if (!hasCallback(opts)) {
      promise = new Promise(function (resolve, reject) {
        entry.resolve = resolve;
        entry.reject = reject;
      });
      // The view already logs a refused navigation; an ignored promise is not an error.
      promise.catch(function () {});
    }
    var arg;
    if (name === 'navigateBack') {
      var delta = Number(opts.delta);
      arg = isFinite(delta) && delta >= 1 ? Math.floor(Math.min(delta, 1e9)) : 1;
    } else if (typeof opts.url !== 'string') {
      var msg = name + ':fail parameter error: parameter.url should be String instead of ' +
        typeName(opts.url) + ';';
      Promise.resolve().then(function () { deliver(entry, msg); });
      return promise;
    } else {
      arg = opts.url;
    }
    var id = nextRouting++;
    routing[id] = entry;
    native.route(name, arg, id);
    return promise;
  }

  function routeDone(id, failMsg) {
    var entry = routing[id];
    if (!entry) return;
    delete routing[id];
    deliver(entry, failMsg);
  }

  var base = {
    navigateTo: function (opts) { return route('navigateTo', opts); },
    redirectTo: function (opts) { return route('redirectTo', opts); },
    reLaunch: function (opts) { return route('reLaunch', opts); },
    switchTab: function (opts) { return route('switchTab', opts); },
    navigateBack: function (opts) { return route('navigateBack', opts); },
    pageScrollTo: function (opts) {
      if (opts === null || typeof opts !== 'object') opts = {};
      var top = Number(opts.scrollTop);
      native.pageScrollTo(isFinite(top) ? top : 0,
        typeof opts.selector === 'string' ? opts.selector : undefined);
      return callbacks('pageScrollTo', opts, true, {});
    },
    getSystemInfoSync: function () { return native.systemInfo(); },
    getSystemInfo: function (opts) { return callbacks('getSystemInfo', opts, true, native.systemInfo()); },
    getWindowInfo: function () { return native.systemInfo(); },
    canIUse: function (name) {
      return typeof name === 'string' && Object.prototype.hasOwnProperty.call(base, name.split('.')[0]);
    },
  };

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

  var wx = new Proxy(base, {
    get: function (target, key) {
      if (key in target) return target[key];
      if (typeof key !== 'string') return undefined;
      return stub(key);
    },
  });

  return { load: load, wx: wx, console: console, routeDone: routeDone };
})
