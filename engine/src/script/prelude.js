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
    var entry = waiting(name, opts);
    var promise = entry.promise;
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

  // ---- async APIs answered by native code later: request ----
  // Entries wait here until the worker's answer arrives through apiDone(id, ok, payload).
  var pending = Object.create(null);
  var nextPending = 1;

  function settle(name, opts, ok, res, resolve, reject) {
    res.errMsg = res.errMsg || (name + (ok ? ':ok' : ':fail'));
    if (resolve) {
      if (ok) resolve(res); else reject(res);
      return;
    }
    if (ok && typeof opts.success === 'function') opts.success(res);
    if (!ok && typeof opts.fail === 'function') opts.fail(res);
    if (typeof opts.complete === 'function') opts.complete(res);
  }

  function encodeQuery(data) {
    var parts = [];
    for (var k in data) {
      if (!Object.prototype.hasOwnProperty.call(data, k)) continue;
      var v = data[k];
      if (v === undefined) continue;
      if (v !== null && typeof v === 'object') v = JSON.stringify(v);
      parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v === null ? '' : String(v)));
    }
    return parts.join('&');
  }

  function headerValue(header, name) {
    for (var k in header) {
      if (k.toLowerCase() === name) return String(header[k]);
    }
    return undefined;
  }

  // wx.request: returns a RequestTask (abort, onHeadersReceived) that is also a
  // thenable, so both `wx.request({success})` and `await wx.request({...})` work.
  function request(opts) {
    if (opts === null || typeof opts !== 'object') opts = {};
    var method = typeof opts.method === 'string' ? opts.method.toUpperCase() : 'GET';
    var header = {};
    if (opts.header && typeof opts.header === 'object') {
      for (var h in opts.header) header[h] = opts.header[h];
    }
    var url = opts.url;
    var body = null;
    var data = opts.data;
    if (typeof url === 'string' && data !== undefined && data !== null) {
      if (method === 'GET') {
        var q = typeof data === 'object' ? encodeQuery(data) : String(data);
        if (q) url += (url.indexOf('?') < 0 ? '?' : '&') + q;
      } else if (typeof data === 'object' && !(data instanceof ArrayBuffer)) {
        var type = headerValue(header, 'content-type');
        if (type === undefined) {
          header['content-type'] = 'application/json';
          type = 'application/json';
        }
        body = type.indexOf('application/x-www-form-urlencoded') === 0 ?
          encodeQuery(data) : JSON.stringify(data);
      } else {
        body = String(data);
      }
    }
    var entry = waiting('request', opts);
    entry.dataType = opts.dataType === undefined ? 'json' : opts.dataType;
    var promise = entry.promise;
    var id = nextPending++;
    var task = {
      abort: function () {
        var e = pending[id];
        if (!e) return;
        delete pending[id];
        native.abortRequest(id);
        settle('request', e.opts, false, { errMsg: 'request:fail abort' }, e.resolve, e.reject);
      },
      onHeadersReceived: function () {},
      offHeadersReceived: function () {},
    };
    thenable(task, promise);
    if (typeof url !== 'string') {
      Promise.resolve().then(function () {
        settle('request', opts, false, { errMsg: 'request:fail parameter error: parameter.url should be String instead of ' + typeName(opts.url) + ';' }, entry.resolve, entry.reject);
      });
      return task;
    }
    var timeout = Number(opts.timeout);
    var refused = native.request(id, url, method, header, body, isFinite(timeout) ? timeout : 60000);
    if (refused !== null && refused !== undefined) {
      native.log(2, 'wx.request ' + url + ': ' + refused);
      Promise.resolve().then(function () {
        settle('request', opts, false, { errMsg: 'request:fail ' + refused }, entry.resolve, entry.reject);
      });
      return task;
    }
    pending[id] = entry;
    return task;
  }

  // Makes a task (RequestTask, DownloadTask) a thenable settled with `promise` (with
  // undefined when the call took callbacks).
  function thenable(task, promise) {
    var p = function () { return promise || Promise.resolve(undefined); };
    task.then = function (a, b) { return p().then(a, b); };
    task.catch = function (b) { return p().catch(b); };
    task.finally = function (f) { return p().finally(f); };
    return task;
  }

  function apiDone(id, ok, payload) {
    var entry = pending[id];
    if (!entry) return; // aborted
    delete pending[id];
    // Another API on the same workers (download.js's downloadFile) answers itself.
    if (entry.done) { entry.done(ok, payload); return; }
    if (!ok) {
      settle('request', entry.opts, false, { errMsg: 'request:fail ' + payload }, entry.resolve, entry.reject);
      return;
    }
    var data = payload.body;
    if (entry.dataType === 'json') {
      try { data = JSON.parse(payload.body); } catch (e) { data = payload.body; }
    }
    var cookies = [];
    var setCookie = headerValue(payload.header, 'set-cookie');
    if (setCookie !== undefined) cookies.push(setCookie);
    settle('request', entry.opts, true, {
      data: data,
      statusCode: payload.statusCode,
      header: payload.header,
      cookies: cookies,
      errMsg: 'request:ok',
    }, entry.resolve, entry.reject);
  }

  // ---- storage ----
  function storageKey(name, key) {
    if (typeof key !== 'string') {
      return name + ':fail parameter error: parameter.key should be String instead of ' + typeName(key) + ';';
    }
    return null;
  }

  function encodeValue(data) {
    if (data === undefined) return undefined;
    var text = JSON.stringify(data);
    return text === undefined ? 'null' : text;
  }

  function setStorageSync(key, data) {
    var bad = storageKey('setStorageSync', key);
    if (bad) throw new Error(bad);
    var err = native.storage('set', key, encodeValue(data));
    if (err !== null) throw new Error('setStorageSync:fail ' + err);
  }

  function getStorageSync(key) {
    var bad = storageKey('getStorageSync', key);
    if (bad) throw new Error(bad);
    var text = native.storage('get', key);
    // WeChat returns an empty string for a missing key.
    return text === undefined ? '' : JSON.parse(text);
  }

  // An API done at once: `run(opts)` returns the result, or `{failMsg}`; callbacks or a
  // promise as the caller asked.
  function syncOp(name, opts, run) {
    if (opts === null || typeof opts !== 'object') opts = {};
    var res;
    var ok;
    try {
      res = run(opts) || {};
      ok = !res.failMsg;
    } catch (e) {
      res = { failMsg: String(e && e.message || e) };
      ok = false;
    }
    var out = ok ? res : { errMsg: name + ':fail ' + res.failMsg };
    delete out.failMsg;
    return callbacks(name, opts, ok, out);
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
      var duration = opts.duration === undefined ? 300 : Number(opts.duration);
      native.pageScrollTo(isFinite(top) ? top : 0,
        typeof opts.selector === 'string' ? opts.selector : undefined,
        isFinite(duration) && duration >= 0 ? duration : 300);
      return callbacks('pageScrollTo', opts, true, {});
    },
    setNavigationBarTitle: function (opts) {
      return syncOp('setNavigationBarTitle', opts, function (o) {
        if (typeof o.title !== 'string') return { failMsg: 'parameter error: title should be a string' };
        native.navigationBar(o.title, null, null);
        return {};
      });
    },
    setNavigationBarColor: function (opts) {
      return syncOp('setNavigationBarColor', opts, function (o) {
        var front = String(o.frontColor || '').toLowerCase();
        if (front !== '#ffffff' && front !== '#000000') {
          return { failMsg: 'invalid frontColor "' + o.frontColor + '"' };
        }
        var bg = o.backgroundColor;
        if (typeof bg !== 'string' || !/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(bg)) {
          return { failMsg: 'invalid backgroundColor "' + bg + '"' };
        }
        native.navigationBar(null, front === '#ffffff' ? 'white' : 'black', bg);
        return {};
      });
    },
    startPullDownRefresh: function (opts) {
      native.pullDownRefresh(true);
      return callbacks('startPullDownRefresh', opts, true, {});
    },
    stopPullDownRefresh: function (opts) {
      native.pullDownRefresh(false);
      return callbacks('stopPullDownRefresh', opts, true, {});
    },
    request: request,
    setStorageSync: setStorageSync,
    getStorageSync: getStorageSync,
    removeStorageSync: function (key) {
      var bad = storageKey('removeStorageSync', key);
      if (bad) throw new Error(bad);
      var err = native.storage('remove', key);
      if (err !== null) throw new Error('removeStorageSync:fail ' + err);
    },
    clearStorageSync: function () {
      var err = native.storage('clear', '');
      if (err !== null) throw new Error('clearStorageSync:fail ' + err);
    },
    getStorageInfoSync: function () { return native.storage('info', ''); },
    setStorage: function (opts) {
      return syncOp('setStorage', opts, function (o) {
        var bad = storageKey('setStorage', o.key);
        if (bad) return { failMsg: bad.slice('setStorage:fail '.length) };
        var err = native.storage('set', o.key, encodeValue(o.data));
        return err === null ? {} : { failMsg: err };
      });
    },
    getStorage: function (opts) {
      return syncOp('getStorage', opts, function (o) {
        var bad = storageKey('getStorage', o.key);
        if (bad) return { failMsg: bad.slice('getStorage:fail '.length) };
        var text = native.storage('get', o.key);
        return text === undefined ? { failMsg: 'data not found' } : { data: JSON.parse(text) };
      });
    },
    removeStorage: function (opts) {
      return syncOp('removeStorage', opts, function (o) {
        var bad = storageKey('removeStorage', o.key);
        if (bad) return { failMsg: bad.slice('removeStorage:fail '.length) };
        var err = native.storage('remove', o.key);
        return err === null ? {} : { failMsg: err };
      });
    },
    clearStorage: function (opts) {
      return syncOp('clearStorage', opts, function () {
        var err = native.storage('clear', '');
        return err === null ? {} : { failMsg: err };
      });
    },
    getStorageInfo: function (opts) {
      return syncOp('getStorageInfo', opts, function () { return native.storage('info', ''); });
    },
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

  // ---- toast, loading, modal, action sheet: drawn by the view (interaction.rs) ----
  // The options are checked as WeChat checks them and sent with the defaults filled in.
  // A toast answers at once; a modal or action sheet waits here until the view's
  // interactionDone(id, ok, payload) says what the user did.
  var interactions = Object.create(null);
  var nextInteraction = 1;

  function kindName(v) {
    return Array.isArray(v) ? 'Array' : typeName(v);
  }

  function paramError(name, key, want, v) {
    return name + ':fail parameter error: parameter.' + key + ' should be ' + want +
      ' instead of ' + kindName(v) + ';';
  }

  // The errMsg for the first option whose type is wrong (undefined ones are defaults).
  function checkTypes(name, opts, types) {
    for (var key in types) {
      if (opts[key] !== undefined && kindName(opts[key]) !== types[key]) {
        return paramError(name, key, types[key], opts[key]);
      }
    }
    return null;
  }

  // A button text is at most 4 Chinese characters; a narrower character counts half.
  function textLimit(name, key, text) {
    if (typeof text !== 'string') return null;
    var units = 0;
    for (var i = 0; i < text.length; i++) units += text.charCodeAt(i) > 0xff ? 2 : 1;
    return units > 8 ? name + ':fail ' + key + ' length should not larger than 4 Chinese characters' : null;
  }

  function hexColor(name, key, v, fallback) {
    if (v === undefined) return fallback;
    if (/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(v)) return v;
    native.log(2, 'wx.' + name + ': ' + key + ' "' + v + '" is not a hex colour; using ' + fallback);
    return fallback;
  }

  // A call answered later (by the view, a worker or the host): callbacks, or a promise
  // when none is given. A promise nobody reads must not report a rejection.
  function waiting(name, opts) {
    var entry = { name: name, opts: opts };
    if (!hasCallback(opts)) {
      entry.promise = new Promise(function (resolve, reject) {
        entry.resolve = resolve;
        entry.reject = reject;
      });
      entry.promise.catch(function () {});
    }
    return entry;
  }

  function finish(entry, ok, res) {
    settle(entry.name, entry.opts, ok, res, entry.resolve, entry.reject);
  }

  function ask(entry, options) {
    var id = nextInteraction++;
    interactions[id] = entry;
    native.interaction(entry.name, options, id);
    return entry.promise;
  }

  function failSoon(entry, errMsg) {
    Promise.resolve().then(function () { finish(entry, false, { errMsg: errMsg }); });
    return entry.promise;
  }

  function interactionDone(id, ok, payload) {
    var entry = interactions[id];
    if (!entry) return;
    delete interactions[id];
    // A dialog another API shows (privacy.js) answers itself.
    if (entry.done) { entry.done(ok, payload); return; }
    var res = { errMsg: ok ? entry.name + ':ok' : payload };
    if (ok) for (var k in payload) res[k] = payload[k];
    finish(entry, ok, res);
  }

  function showToast(name, opts, loading) {
    if (opts === null || typeof opts !== 'object') opts = {};
    var bad = typeof opts.title === 'string' ? null : paramError(name, 'title', 'String', opts.title);
    bad = bad || checkTypes(name, opts, loading ? { mask: 'Boolean' } :
      { icon: 'String', image: 'String', duration: 'Number', mask: 'Boolean' });
    if (bad) return callbacks(name, opts, false, { errMsg: bad });
    var icon = loading ? 'loading' : (opts.icon === undefined ? 'success' : opts.icon);
    if (['success', 'error', 'loading', 'none'].indexOf(icon) < 0) {
      native.log(2, 'wx.showToast: unknown icon "' + icon + '"; showing "success"');
      icon = 'success';
    }
    var duration = opts.duration === undefined ? 1500 : opts.duration;
    native.interaction('showToast', {
      title: opts.title,
      icon: icon,
      image: !loading && opts.image ? opts.image : null,
      durationMs: loading ? null : (isFinite(duration) ? Math.round(Math.min(Math.max(duration, 0), 1e12)) : 1500),
      mask: opts.mask === true,
      loading: loading,
    }, 0);
    return callbacks(name, opts, true, {});
  }

  function hideToast(name, opts, only) {
    if (opts === null || typeof opts !== 'object') opts = {};
    native.interaction('hideToast', { only: opts.noConflict === true ? only : null }, 0);
    return callbacks(name, opts, true, {});
  }

  function showModal(opts) {
    var name = 'showModal';
    if (opts === null || typeof opts !== 'object') opts = {};
    var entry = waiting(name, opts);
    var bad = checkTypes(name, opts, {
      title: 'String', content: 'String', showCancel: 'Boolean', cancelText: 'String',
      cancelColor: 'String', confirmText: 'String', confirmColor: 'String',
      editable: 'Boolean', placeholderText: 'String',
    }) || textLimit(name, 'cancelText', opts.cancelText) ||
      textLimit(name, 'confirmText', opts.confirmText);
    if (bad) return failSoon(entry, bad);
    return ask(entry, {
      title: opts.title || '',
      content: opts.content || '',
      showCancel: opts.showCancel !== false,
      cancelText: opts.cancelText || '取消',
      cancelColor: hexColor(name, 'cancelColor', opts.cancelColor, '#000000'),
      confirmText: opts.confirmText || '确定',
      confirmColor: hexColor(name, 'confirmColor', opts.confirmColor, '#576B95'),
      editable: opts.editable === true,
      placeholderText: opts.placeholderText || '',
    });
  }

  function showActionSheet(opts) {
    var name = 'showActionSheet';
    if (opts === null || typeof opts !== 'object') opts = {};
    var entry = waiting(name, opts);
    var list = opts.itemList;
    var bad = Array.isArray(list) ? null : paramError(name, 'itemList', 'Array', list);
    bad = bad || checkTypes(name, opts, { itemColor: 'String', alertText: 'String' });
    if (!bad && list.length === 0) bad = name + ':fail parameter error: itemList should not be empty';
    if (!bad && list.length > 6) bad = name + ':fail parameter error: itemList should not be large than 6';
    if (bad) return failSoon(entry, bad);
    return ask(entry, {
      itemList: list.map(function (item) { return String(item); }),
      itemColor: hexColor(name, 'itemColor', opts.itemColor, '#000000'),
      alertText: opts.alertText ? opts.alertText : null,
    });
  }

  base.showToast = function (opts) { return showToast('showToast', opts, false); };
  base.showLoading = function (opts) { return showToast('showLoading', opts, true); };
  base.hideToast = function (opts) { return hideToast('hideToast', opts, 'toast'); };
  base.hideLoading = function (opts) { return hideToast('hideLoading', opts, 'loading'); };
  base.showModal = showModal;
  base.showActionSheet = showActionSheet;

  // ---- host functions (crate::host): ft.<name>(args) ----
  // Sync ones return their value or throw `name:fail ...`; async ones take
  // success/fail/complete or return a promise, like every wx API.
  var hostPending = Object.create(null);
  var nextHost = 1;
  var hostKinds = Object.create(null);

  function hostResult(name, v) {
    var res = {};
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (var k in v) res[k] = v[k];
    } else if (v !== undefined && v !== null) {
      res.data = v;
    }
    res.errMsg = name + ':ok';
    return res;
  }

  function hostSync(name) {
    return function (args) {
      var r = native.hostCall(0, name, args === undefined ? null : args, true);
      if (r.fail !== undefined) throw new Error(name + ':fail ' + r.fail);
      return r.ok;
    };
  }

  function hostFinish(entry, ok, payload) {
    var res = ok ? hostResult(entry.name, payload) : { errMsg: entry.name + ':fail ' + payload };
    settle(entry.name, entry.opts, ok, res, entry.resolve, entry.reject);
  }

  function hostAsync(name) {
    return function (opts) {
      if (opts === null || typeof opts !== 'object') opts = {};
      var entry = waiting(name, opts);
      var promise = entry.promise;
      var id = nextHost++;
      var r = native.hostCall(id, name, opts, false);
      if (r === undefined) {
        hostPending[id] = entry;
      } else {
        // Answered at once (a sync host function, or refused): still asynchronously.
        Promise.resolve().then(function () {
          hostFinish(entry, r.fail === undefined, r.fail === undefined ? r.ok : r.fail);
        });
      }
      return promise;
    };
  }

  function hostDone(id, ok, payload) {
    var entry = hostPending[id];
    if (!entry) return;
    delete hostPending[id];
    hostFinish(entry, ok, payload);
  }

  native.hostApis().forEach(function (a) {
    hostKinds[a.name] = a;
    base[a.name] = a.sync ? hostSync(a.name) : hostAsync(a.name);
  });

  // FinClip apps declare the custom APIs they call in FinClipConf.js:
  // module.exports = { extApi: [{ name, sync, params }] }. A declared API follows its
  // declared calling style; one the host does not provide fails as "not supported".
  function readFinClipConf() {
    if (!native.exists('FinClipConf.js')) return;
    var conf = load('FinClipConf.js');
    var list = conf && conf.extApi;
    if (!Array.isArray(list)) {
      native.log(2, 'FinClipConf.js: extApi should be an array');
      return;
    }
    list.forEach(function (d, i) {
      if (!d || typeof d.name !== 'string' || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(d.name)) {
        native.log(2, 'FinClipConf.js: extApi[' + i + '] has no valid name');
        return;
      }
      var name = d.name;
      var declaredSync = d.sync === true;
      var kind = hostKinds[name];
      if (!kind) {
        native.log(2, 'FinClipConf.js: extApi "' + name + '" is not provided by this device; ft.' +
          name + ' fails with "' + name + ':fail not supported"');
        unsupported[name] = true;
        base[name] = declaredSync ?
          function () { throw new Error(name + ':fail not supported'); } :
          function (opts) { return callbacks(name, opts, false, {}); };
      } else if (declaredSync && !kind.sync) {
        native.log(2, 'FinClipConf.js: extApi "' + name + '" is declared sync but the host ' +
          'provides it asynchronously');
        base[name] = hostSync(name);
      } else if (!declaredSync) {
        base[name] = hostAsync(name);
      }
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
    interactionDone: interactionDone,
    // For system.js, which adds its APIs to `base`.
    base: base, helpers: { callbacks: callbacks, typeName: typeName },
    // For download.js and privacy.js: calls answered later by a worker or the view.
    later: {
      hasCallback: hasCallback, settle: settle, thenable: thenable, callbacks: callbacks,
      paramError: paramError, waiting: waiting, finish: finish, failSoon: failSoon,
      apiId: function () { return nextPending++; },
      track: function (id, entry) { pending[id] = entry; },
      untrack: function (id) {
        var was = pending[id] !== undefined;
        delete pending[id];
        return was;
      },
      dialog: function (kind, options, done) {
        var id = nextInteraction++;
        interactions[id] = { done: done };
        native.interaction(kind, options, id);
      },
    },
  };
})
