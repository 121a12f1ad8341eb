// Drives wx.authorize, wx.getSetting and wx.openSetting for engine/tests/it/privacy.rs:
// each outcome is appended to #log as `<what> <errMsg or JSON>;`.
Page({
  data: { log: '', keys: 0 },
  add(line) {
    this.setData({ log: this.data.log + line + ';' });
  },
  clear() {
    this.setData({ log: '' });
  },
  onKeyDown() {
    this.setData({ keys: this.data.keys + 1 });
  },
  authorize(e) {
    wx.authorize({
      scope: e.detail.scope,
      success: (r) => this.add('success ' + r.errMsg),
      fail: (r) => this.add('fail ' + r.errMsg),
    });
  },
  async awaited(e) {
    try {
      const r = await wx.authorize({ scope: e.detail.scope });
      this.add('resolved ' + r.errMsg);
    } catch (r) {
      this.add('rejected ' + r.errMsg);
    }
  },
  setting(e) {
    wx.getSetting({
      withSubscriptions: !!(e.detail && e.detail.withSubscriptions),
      success: (r) => this.add('setting ' + JSON.stringify(r)),
    });
  },
  async open() {
    const r = await wx.openSetting();
    this.add('opened ' + JSON.stringify(r));
  },
});
