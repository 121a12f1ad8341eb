// Mica's system APIs (system.rs): createSelectorQuery, getNetworkType,
// on/offNetworkStatusChange, getAccountInfoSync, getUpdateManager, reportEvent.
// Evaluated on first use (parts.rs); receives its own native bridge, the prelude's `base`
// (the wx object's methods) and helpers { callbacks, typeName }, and returns
// { queryDone, createSelectorQuery }.
(function (native, base, h) {
  'use strict';

  // ---- createSelectorQuery: answered by the view from the page's layout ----
  var queries = Object.create(null);
  var nextQuery = 1;

  function names(list) {
    if (!Array.isArray(list)) return [];
    return list.filter(function (n) { return typeof n === 'string'; });
  }

  function NodesRef(query, selector, target) {
    this._query = query;
    this._selector = selector;
    this._target = target;
  }
  NodesRef.prototype._add = function (fields, cb) {
    var q = this._query;
    q._requests.push({ selector: this._selector, target: this._target, fields: fields });
    q._callbacks.push(typeof cb === 'function' ? cb : null);
    return q;
  };
  NodesRef.prototype.boundingClientRect = function (cb) {
    return this._add({ id: true, dataset: true, rect: true, size: true }, cb);
  };
  NodesRef.prototype.scrollOffset = function (cb) {
    return this._add({ id: true, dataset: true, scrollOffset: true }, cb);
  };
  NodesRef.prototype.fields = function (fields, cb) {
    var f = fields !== null && typeof fields === 'object' ? fields : {};
    return this._add({
      id: !!f.id, dataset: !!f.dataset, mark: !!f.mark, rect: !!f.rect, size: !!f.size,
      scrollOffset: !!f.scrollOffset, properties: names(f.properties),
      computedStyle: names(f.computedStyle), context: !!f.context, node: !!f.node,
    }, cb);
  };
  // Mica has no component contexts or canvas nodes yet: these report null.
  NodesRef.prototype.context = function (cb) { return this._add({ context: true }, cb); };
  NodesRef.prototype.node = function (cb) { return this._add({ node: true }, cb); };

  function SelectorQuery(pageId) {
    this._page = pageId;
    this._requests = [];
    this._callbacks = [];
  }
  // `.in(component)` scopes the query to a custom component's own nodes; `.in(page)`
  // to that page, as `this.createSelectorQuery()` does.
  SelectorQuery.prototype.in = function (component) {
    if (component !== null && typeof component === 'object') {
      if (typeof component.__wxExparserNodeId__ === 'number') {
        this._page = component.__wxExparserNodeId__;
      } else if (typeof component.__wxWebviewId__ === 'number') {
        this._page = component.__wxWebviewId__;
      }
    }
    return this;
  };
  SelectorQuery.prototype.select = function (selector) {
    return new NodesRef(this, typeof selector === 'string' ? selector : '', 'one');
  };
  SelectorQuery.prototype.selectAll = function (selector) {
    return new NodesRef(this, typeof selector === 'string' ? selector : '', 'all');
  };
  SelectorQuery.prototype.selectViewport = function () {
    return new NodesRef(this, '', 'viewport');
  };
  // The requests stay: a second exec() asks again, with fresh results.
  SelectorQuery.prototype.exec = function (cb) {
    var id = nextQuery++;
    queries[id] = { callbacks: this._callbacks.slice(), exec: typeof cb === 'function' ? cb : null };
    native.query(id, this._page, this._requests);
    return this;
  };

  // wx.createSelectorQuery() queries the page on top; the same function set on a page
  // instance (this.createSelectorQuery()) queries that page.
  function createSelectorQuery() {
    var page = this !== null && typeof this === 'object' &&
      typeof this.__wxWebviewId__ === 'number' ? this.__wxWebviewId__ : 0;
    return new SelectorQuery(page);
  }

  // Each request's callback with its result, then exec's with them all; every callback
  // runs, the first exception is rethrown after them.
  function queryDone(id, results) {
    var entry = queries[id];
    if (!entry) return;
    delete queries[id];
    var failed;
    var calls = entry.callbacks.map(function (cb, i) { return [cb, results[i]]; });
    if (entry.exec) calls.push([entry.exec, results]);
    calls.forEach(function (c) {
      if (!c[0]) return;
      try { c[0](c[1]); } catch (e) { if (failed === undefined) failed = e; }
    });
    if (failed !== undefined) throw failed;
  }

  base.createSelectorQuery = createSelectorQuery;

  // ---- network ----
  // Listeners are kept; Mica does not watch the links yet, so they never fire.
  var networkListeners = [];
  base.getNetworkType = function (opts) {
    return h.callbacks('getNetworkType', opts, true, { networkType: native.networkType() });
  };
  base.onNetworkStatusChange = function (f) {
    if (typeof f === 'function') networkListeners.push(f);
  };
  base.offNetworkStatusChange = function (f) {
    if (f === undefined) { networkListeners = []; return; }
    networkListeners = networkListeners.filter(function (g) { return g !== f; });
  };

  // ---- account ----
  base.getAccountInfoSync = function () { return native.accountInfo(); };

  // ---- updates: the device's updater replaces packages, never the app itself ----
  var updateManager = null;
  base.getUpdateManager = function () {
    if (updateManager) return updateManager;
    updateManager = {
      // The check "ran" at launch and found nothing: each listener hears so once.
      onCheckForUpdate: function (f) {
        if (typeof f !== 'function') return;
        Promise.resolve().then(function () { f({ hasUpdate: false }); });
      },
      onUpdateReady: function () {},
      onUpdateFailed: function () {},
      applyUpdate: function () {
        native.warn('UpdateManager.applyUpdate: Mica apps are updated by the device; ignored');
      },
    };
    return updateManager;
  };

  // ---- analytics ----
  base.reportEvent = function (eventId, data) {
    var bad = null;
    if (typeof eventId !== 'string') {
      bad = 'eventId should be String instead of ' + h.typeName(eventId);
    } else if (data === undefined) {
      data = {};
    } else if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      bad = 'data should be Object instead of ' + (Array.isArray(data) ? 'Array' : h.typeName(data));
    }
    var text;
    if (!bad) {
      try { text = JSON.stringify(data); } catch (e) { bad = 'data cannot be turned into JSON: ' + e.message; }
    }
    if (!bad) bad = native.reportEvent(eventId, text);
    if (bad) native.warn('wx.reportEvent: ' + bad + '; the event is not recorded');
  };

  return { queryDone: queryDone, createSelectorQuery: createSelectorQuery };
})
