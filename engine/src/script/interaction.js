// wx.showToast, showLoading, hideToast, hideLoading, showModal, showActionSheet: drawn by
// the view (interaction.rs). Evaluated on the first use of any of them (parts.rs) with
// the prelude's native bridge, its `base` and its `later` helpers. The options are
// checked as WeChat checks them and sent with the defaults filled in. A toast answers at
// once; a modal or action sheet waits in the prelude until the view's
// interactionDone(id, ok, payload) says what the user did.
(function (native, base, later) {
  'use strict';

  var callbacks = later.callbacks;
  var paramError = later.paramError;
  var kindName = later.kindName;

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
    var entry = later.waiting(name, opts);
    var bad = checkTypes(name, opts, {
      title: 'String', content: 'String', showCancel: 'Boolean', cancelText: 'String',
      cancelColor: 'String', confirmText: 'String', confirmColor: 'String',
      editable: 'Boolean', placeholderText: 'String',
    }) || textLimit(name, 'cancelText', opts.cancelText) ||
      textLimit(name, 'confirmText', opts.confirmText);
    if (bad) return later.failSoon(entry, bad);
    return later.ask(entry, {
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
    var entry = later.waiting(name, opts);
    var list = opts.itemList;
    var bad = Array.isArray(list) ? null : paramError(name, 'itemList', 'Array', list);
    bad = bad || checkTypes(name, opts, { itemColor: 'String', alertText: 'String' });
    if (!bad && list.length === 0) bad = name + ':fail parameter error: itemList should not be empty';
    if (!bad && list.length > 6) bad = name + ':fail parameter error: itemList should not be large than 6';
    if (bad) return later.failSoon(entry, bad);
    return later.ask(entry, {
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
  return {};
})
