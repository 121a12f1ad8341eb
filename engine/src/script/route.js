// wx.navigateTo, redirectTo, reLaunch, switchTab, navigateBack. Evaluated on the first
// use of any of them (parts.rs) with the prelude's native bridge, its `base` and its
// `later` helpers; returns { routeDone }.
(function (native, base, later) {
  'use strict';

  // The view owns the page stack: native.route sends the request, the view answers
  // through routeDone(id, failMsg), failMsg being null on success.
  var routing = Object.create(null);
  var nextRouting = 1;

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

  function route(name, opts) {
    if (opts === null || typeof opts !== 'object') opts = {};
    var entry = later.waiting(name, opts);
    var promise = entry.promise;
    var arg;
    if (name === 'navigateBack') {
      var delta = Number(opts.delta);
      arg = isFinite(delta) && delta >= 1 ? Math.floor(Math.min(delta, 1e9)) : 1;
    } else if (typeof opts.url !== 'string') {
      var msg = name + ':fail parameter error: parameter.url should be String instead of ' +
        later.typeName(opts.url) + ';';
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

  base.navigateTo = function (opts) { return route('navigateTo', opts); };
  base.redirectTo = function (opts) { return route('redirectTo', opts); };
  base.reLaunch = function (opts) { return route('reLaunch', opts); };
  base.switchTab = function (opts) { return route('switchTab', opts); };
  base.navigateBack = function (opts) { return route('navigateBack', opts); };
  return { routeDone: routeDone };
})
