// The helpers the API's parts share (parts.rs): settling calls answered later by a
// worker, the view or the host, with callbacks or a promise. Evaluated before the first
// part that needs them, with the prelude's native bridge, its `base` and its helpers
// { callbacks, typeName, load, unsupported }; returns the `later` object the other parts
// get, whose apiDone and interactionDone the prelude's pass answers to.
(function (native, base, h) {
  'use strict';

  var callbacks = h.callbacks;
  var typeName = h.typeName;

  function hasCallback(opts) {
    return typeof opts.success === 'function' || typeof opts.fail === 'function' ||
      typeof opts.complete === 'function';
  }

  // ---- async APIs answered by native code later (request.js, download.js) ----
  // Entries wait here until the worker's answer arrives through apiDone(id, ok, payload),
  // which hands it to the entry's `done`.
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
    entry.done(ok, payload);
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

  // ---- toast, loading, modal, action sheet (interaction.js), dialogs of privacy.js ----
  // A modal or action sheet waits here until the view's interactionDone(id, ok, payload)
  // says what the user did.
  var interactions = Object.create(null);
  var nextInteraction = 1;

  function kindName(v) {
    return Array.isArray(v) ? 'Array' : typeName(v);
  }

  function paramError(name, key, want, v) {
    return name + ':fail parameter error: parameter.' + key + ' should be ' + want +
      ' instead of ' + kindName(v) + ';';
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

  return {
    apiDone: apiDone, interactionDone: interactionDone,
    hasCallback: hasCallback, settle: settle, thenable: thenable, callbacks: callbacks,
    paramError: paramError, waiting: waiting, finish: finish, failSoon: failSoon,
    typeName: typeName, kindName: kindName, syncOp: syncOp, ask: ask, load: h.load,
    unsupported: h.unsupported,
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
  };
})
