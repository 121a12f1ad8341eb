// wx.downloadFile (download.rs): a GET streamed into a temp file by a request worker.
// Evaluated on first use (parts.rs) with its own native bridge, the prelude's `base` and
// its `later` helpers; returns { apiEvent }, which runs a
// task's onHeadersReceived / onProgressUpdate listeners as the worker reports.
(function (native, base, later) {
  'use strict';

  // Listeners of the downloads still running, by id.
  var running = Object.create(null);

  function on(list) {
    return function (f) { if (typeof f === 'function') list.push(f); };
  }
  function off(list) {
    return function (f) {
      if (f === undefined) { list.length = 0; return; }
      var i = list.indexOf(f);
      if (i >= 0) list.splice(i, 1);
    };
  }

  // Returns a DownloadTask (abort, on/offProgressUpdate, on/offHeadersReceived) that is
  // also a thenable, like wx.request's RequestTask.
  function downloadFile(opts) {
    var name = 'downloadFile';
    if (opts === null || typeof opts !== 'object') opts = {};
    var entry = later.waiting(name, opts);
    var promise = entry.promise;
    function settle(ok, res) { later.settle(name, opts, ok, res, entry.resolve, entry.reject); }
    function failSoon(errMsg) {
      Promise.resolve().then(function () { settle(false, { errMsg: errMsg }); });
    }
    var id = later.apiId();
    var heard = { progress: [], headers: [] };
    var task = later.thenable({
      abort: function () {
        if (!later.untrack(id)) return; // finished, refused or aborted already
        delete running[id];
        native.abort(id);
        settle(false, { errMsg: name + ':fail abort' });
      },
      onProgressUpdate: on(heard.progress),
      offProgressUpdate: off(heard.progress),
      onHeadersReceived: on(heard.headers),
      offHeadersReceived: off(heard.headers),
    }, promise);
    if (typeof opts.url !== 'string') {
      failSoon(later.paramError(name, 'url', 'String', opts.url));
      return task;
    }
    if (opts.filePath !== undefined) {
      // Saving under wxfile://usr needs the user file system (wx.getFileSystemManager),
      // which Mica does not have yet.
      failSoon(name + ':fail filePath is not supported: Mica keeps downloads as temp ' +
        'files; use tempFilePath');
      return task;
    }
    var header = {};
    if (opts.header && typeof opts.header === 'object') {
      for (var h in opts.header) header[h] = opts.header[h];
    }
    var timeout = Number(opts.timeout);
    var refused = native.download(id, opts.url, header, isFinite(timeout) ? timeout : 60000);
    if (refused !== null && refused !== undefined) {
      failSoon(name + ':fail ' + refused);
      return task;
    }
    running[id] = heard;
    later.track(id, {
      done: function (ok, payload) {
        delete running[id];
        if (!ok) {
          settle(false, { errMsg: name + ':fail ' + payload });
          return;
        }
        // WeChat: any HTTP answer is a success; the file holds what the server sent.
        settle(true, {
          tempFilePath: payload.tempFilePath,
          statusCode: payload.statusCode,
          errMsg: name + ':ok',
        });
      },
    });
    return task;
  }

  function apiEvent(id, kind, payload) {
    var heard = running[id];
    if (!heard) return;
    var list = kind === 'headers' ? heard.headers : heard.progress;
    list.slice().forEach(function (f) { f(payload); });
  }

  base.downloadFile = downloadFile;
  return { apiEvent: apiEvent };
})
