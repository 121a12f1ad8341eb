// wx.authorize, wx.getSetting, wx.openSetting (privacy.rs). The consent dialog is a
// modal and the settings an action sheet, both drawn by the view (interaction.rs);
// privacy.rs decides, remembers and keeps the answers. Evaluated on first use (parts.rs)
// with its own native bridge, the prelude's `base` and its `later` helpers.
(function (native, base, later) {
  'use strict';

  // Scope → authorize calls waiting for its consent dialog (one dialog per scope).
  var asking = Object.create(null);

  function authorize(opts) {
    var name = 'authorize';
    if (opts === null || typeof opts !== 'object') opts = {};
    var entry = later.waiting(name, opts);
    var scope = opts.scope;
    if (typeof scope !== 'string') {
      return later.failSoon(entry, later.paramError(name, 'scope', 'String', scope));
    }
    var r = native.privacy('authorize', scope);
    if (r.fail !== undefined) return later.failSoon(entry, name + ':fail ' + r.fail);
    if (r.ok) {
      Promise.resolve().then(function () { later.finish(entry, true, {}); });
      return entry.promise;
    }
    if (asking[scope]) {
      asking[scope].push(entry);
      return entry.promise;
    }
    asking[scope] = [entry];
    later.dialog('showModal', r.ask, function (ok, payload) {
      var calls = asking[scope] || [];
      delete asking[scope];
      // `ok` false: the dialog went away with its page, and nothing was answered.
      var allowed = ok && payload.confirm === true;
      if (ok) native.privacy('answer', scope, allowed);
      calls.forEach(function (e) {
        if (allowed) later.finish(e, true, {});
        else later.finish(e, false, { errMsg: name + ':fail ' + (ok ? 'auth deny' : 'auth cancel') });
      });
    });
    return entry.promise;
  }

  function settings(opts) {
    var res = { authSetting: native.privacy('setting') };
    // Mica delivers no subscription messages: the main switch is off, nothing is set.
    if (opts.withSubscriptions === true) {
      res.subscriptionsSetting = { mainSwitch: false, itemSettings: {} };
    }
    return res;
  }

  function getSetting(opts) {
    if (opts === null || typeof opts !== 'object') opts = {};
    return later.callbacks('getSetting', opts, true, settings(opts));
  }

  // The settings: a sheet with a row per scope the app asked for and its state. Enter
  // on a row flips it (kept at once) and the sheet comes back; Back or its Cancel row
  // closes it, and the call succeeds with the new authSetting.
  function openSetting(opts) {
    var name = 'openSetting';
    if (opts === null || typeof opts !== 'object') opts = {};
    var entry = later.waiting(name, opts);
    function close() { later.finish(entry, true, settings(opts)); }
    function show() {
      var sheet = native.privacy('sheet');
      if (sheet === null) {
        Promise.resolve().then(close);
        return;
      }
      later.dialog('showActionSheet', {
        itemList: sheet.itemList, itemColor: sheet.itemColor, alertText: sheet.alertText,
      }, function (ok, payload) {
        var scope = ok ? sheet.scopes[payload.tapIndex] : undefined;
        if (scope === undefined) {
          close();
          return;
        }
        native.privacy('toggle', scope);
        show();
      });
    }
    show();
    return entry.promise;
  }

  base.authorize = authorize;
  base.getSetting = getSetting;
  base.openSetting = openSetting;
  return {};
})
