// wx.pageScrollTo, setNavigationBarTitle, setNavigationBarColor, startPullDownRefresh,
// stopPullDownRefresh: the view does them. Evaluated on the first use of any of them
// (parts.rs) with the prelude's native bridge, its `base` and its `later` helpers.
(function (native, base, later) {
  'use strict';

  var callbacks = later.callbacks;
  var syncOp = later.syncOp;

  base.pageScrollTo = function (opts) {
    if (opts === null || typeof opts !== 'object') opts = {};
    var top = Number(opts.scrollTop);
    var duration = opts.duration === undefined ? 300 : Number(opts.duration);
    native.pageScrollTo(isFinite(top) ? top : 0,
      typeof opts.selector === 'string' ? opts.selector : undefined,
      isFinite(duration) && duration >= 0 ? duration : 300);
    return callbacks('pageScrollTo', opts, true, {});
  };
  base.setNavigationBarTitle = function (opts) {
    return syncOp('setNavigationBarTitle', opts, function (o) {
      if (typeof o.title !== 'string') return { failMsg: 'parameter error: title should be a string' };
      native.navigationBar(o.title, null, null);
      return {};
    });
  };
  base.setNavigationBarColor = function (opts) {
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
  };
  base.startPullDownRefresh = function (opts) {
    native.pullDownRefresh(true);
    return callbacks('startPullDownRefresh', opts, true, {});
  };
  base.stopPullDownRefresh = function (opts) {
    native.pullDownRefresh(false);
    return callbacks('stopPullDownRefresh', opts, true, {});
  };
  return {};
})
