// wx.setStorage, getStorage and the rest (storage.rs keeps the data). Evaluated on the
// first use of any of them (parts.rs) with the prelude's native bridge, its `base` and
// its `later` helpers.
(function (native, base, later) {
  'use strict';

  var syncOp = later.syncOp;

  function storageKey(name, key) {
    if (typeof key !== 'string') {
      return name + ':fail parameter error: parameter.key should be String instead of ' + later.typeName(key) + ';';
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

  base.setStorageSync = setStorageSync;
  base.getStorageSync = getStorageSync;
  base.removeStorageSync = function (key) {
    var bad = storageKey('removeStorageSync', key);
    if (bad) throw new Error(bad);
    var err = native.storage('remove', key);
    if (err !== null) throw new Error('removeStorageSync:fail ' + err);
  };
  base.clearStorageSync = function () {
    var err = native.storage('clear', '');
    if (err !== null) throw new Error('clearStorageSync:fail ' + err);
  };
  base.getStorageInfoSync = function () { return native.storage('info', ''); };
  base.setStorage = function (opts) {
    return syncOp('setStorage', opts, function (o) {
      var bad = storageKey('setStorage', o.key);
      if (bad) return { failMsg: bad.slice('setStorage:fail '.length) };
      var err = native.storage('set', o.key, encodeValue(o.data));
      return err === null ? {} : { failMsg: err };
    });
  };
  base.getStorage = function (opts) {
    return syncOp('getStorage', opts, function (o) {
      var bad = storageKey('getStorage', o.key);
      if (bad) return { failMsg: bad.slice('getStorage:fail '.length) };
      var text = native.storage('get', o.key);
      return text === undefined ? { failMsg: 'data not found' } : { data: JSON.parse(text) };
    });
  };
  base.removeStorage = function (opts) {
    return syncOp('removeStorage', opts, function (o) {
      var bad = storageKey('removeStorage', o.key);
      if (bad) return { failMsg: bad.slice('removeStorage:fail '.length) };
      var err = native.storage('remove', o.key);
      return err === null ? {} : { failMsg: err };
    });
  };
  base.clearStorage = function (opts) {
    return syncOp('clearStorage', opts, function () {
      var err = native.storage('clear', '');
      return err === null ? {} : { failMsg: err };
    });
  };
  base.getStorageInfo = function (opts) {
    return syncOp('getStorageInfo', opts, function () { return native.storage('info', ''); });
  };
  return {};
})
