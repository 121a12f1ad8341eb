// wx.request (request.rs runs the HTTP on worker threads). Evaluated on the first use of
// wx.request (parts.rs) with the prelude's native bridge, its `base` and its `later`
// helpers.
(function (native, base, later) {
  'use strict';

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

  // The worker's answer (the prelude's apiDone passes it on).
  function answered(entry, ok, payload) {
    if (!ok) {
      later.settle('request', entry.opts, false, { errMsg: 'request:fail ' + payload }, entry.resolve, entry.reject);
      return;
    }
    var data = payload.body;
    if (entry.dataType === 'json') {
      try { data = JSON.parse(payload.body); } catch (e) { data = payload.body; }
    }
    var cookies = [];
    var setCookie = headerValue(payload.header, 'set-cookie');
    if (setCookie !== undefined) cookies.push(setCookie);
    later.settle('request', entry.opts, true, {
      data: data,
      statusCode: payload.statusCode,
      header: payload.header,
      cookies: cookies,
      errMsg: 'request:ok',
    }, entry.resolve, entry.reject);
  }

  // Returns a RequestTask (abort, onHeadersReceived) that is also a thenable, so both
  // `wx.request({success})` and `await wx.request({...})` work.
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
    var entry = later.waiting('request', opts);
    entry.dataType = opts.dataType === undefined ? 'json' : opts.dataType;
    entry.done = function (ok, payload) { answered(entry, ok, payload); };
    var promise = entry.promise;
    var id = later.apiId();
    var task = {
      abort: function () {
        if (!later.untrack(id)) return;
        native.abortRequest(id);
        later.settle('request', entry.opts, false, { errMsg: 'request:fail abort' }, entry.resolve, entry.reject);
      },
      onHeadersReceived: function () {},
      offHeadersReceived: function () {},
    };
    later.thenable(task, promise);
    if (typeof url !== 'string') {
      Promise.resolve().then(function () {
        later.settle('request', opts, false, { errMsg: 'request:fail parameter error: parameter.url should be String instead of ' + later.typeName(opts.url) + ';' }, entry.resolve, entry.reject);
      });
      return task;
    }
    var timeout = Number(opts.timeout);
    var refused = native.request(id, url, method, header, body, isFinite(timeout) ? timeout : 60000);
    if (refused !== null && refused !== undefined) {
      native.log(2, 'wx.request ' + url + ': ' + refused);
      Promise.resolve().then(function () {
        later.settle('request', opts, false, { errMsg: 'request:fail ' + refused }, entry.resolve, entry.reject);
      });
      return task;
    }
    later.track(id, entry);
    return task;
  }

  base.request = request;
  return {};
})
