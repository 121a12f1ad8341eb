// ft.<name>(args) for host functions (crate::host, host_api.rs), and the extApi list of
// FinClipConf.js. Evaluated on the first use of a host function, or at launch when the
// app has a FinClipConf.js (parts.rs), with the prelude's native bridge, its `base` and
// its `later` helpers; returns { hostDone, readFinClipConf }.
(function (native, base, later) {
  'use strict';

  var callbacks = later.callbacks;
  var settle = later.settle;

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
      var entry = later.waiting(name, opts);
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
    var conf = later.load('FinClipConf.js');
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
        later.unsupported[name] = true;
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

  return { hostDone: hostDone, readFinClipConf: readFinClipConf };
})
