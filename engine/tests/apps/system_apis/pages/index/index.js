// wx.createSelectorQuery and the system APIs; each test method stores what it saw as
// JSON in `out`, which the Rust test reads from the page.
Page({
  data: { out: '', svTop: 0, items: ['i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7'] },
  put(v) { this.setData({ out: JSON.stringify(v) }); },

  // A query in onLoad sees the first layout.
  onLoad() {
    var self = this;
    this.createSelectorQuery().select('#third').boundingClientRect(function (r) {
      self.setData({ onLoadTop: r ? String(r.top) : 'null' });
    }).exec();
  },

  // boundingClientRect / scrollOffset / select / selectAll / selectViewport / exec.
  rects() {
    var self = this;
    var order = [];
    var per = {};
    var q = wx.createSelectorQuery();
    q.select('#first').boundingClientRect(function (r) { order.push('first'); per.first = r; });
    q.selectAll('.box').boundingClientRect(function (r) { order.push('boxes'); per.boxes = r; });
    q.select('#nope').boundingClientRect(function (r) { order.push('nope'); per.nope = r; });
    q.selectViewport().scrollOffset(function (r) { order.push('viewport'); per.viewport = r; });
    q.select('#sv').scrollOffset(function (r) { order.push('sv'); per.sv = r; });
    q.selectAll('.item').boundingClientRect();
    q.selectViewport().boundingClientRect();
    q.exec(function (res) {
      order.push('exec');
      self.put({ order: order, per: per, res: res });
    });
  },

  // Scroll the page (at once) and the scroll-view, then ask again.
  scrollBoth() {
    wx.pageScrollTo({ scrollTop: 150, duration: 0 });
    this.setData({ svTop: 75 });
  },

  fields() {
    var self = this;
    var q = this.createSelectorQuery();
    q.select('#first').fields({
      id: true, dataset: true, mark: true, rect: true, size: true, scrollOffset: true,
      properties: ['scrollY', 'class', 'bindtap'],
      computedStyle: ['backgroundColor', 'margin', 'width', 'display', 'font-size'],
    });
    q.select('#sv').fields({ properties: ['scrollY', 'scrollTop'] });
    q.select('.b').fields({ computedStyle: ['backgroundColor', 'height'] });
    q.select('#first').fields({ size: true, computedStyle: ['width'] });
    q.select('.wrap .c').fields({ id: true });
    q.select('.wrap > .c').fields({ id: true });
    q.select('.outer > .c').fields({ id: true });
    q.select('.wrap >>> .c').fields({ id: true });
    q.selectAll('.box.a, #third').fields({ id: true });
    q.select('#inside').boundingClientRect();
    q.select('##bad').boundingClientRect();
    q.select(42).boundingClientRect();
    q.select('#first').fields({ node: true, context: true });
    q.exec(function (res) { self.put(res); });
  },

  scoped() {
    var self = this;
    // .in(this) and this.createSelectorQuery() both ask about this page; exec without a
    // callback is fine, and a second exec asks again.
    var q = wx.createSelectorQuery().in(this);
    var seen = [];
    q.select('#third').boundingClientRect(function (r) { seen.push(r.id); });
    q.exec();
    q.exec(function (res) { seen.push(res.length); self.put(seen); });
  },

  // A callback that throws does not stop the others; the error is reported.
  throwing() {
    var self = this;
    wx.createSelectorQuery()
      .select('#first').boundingClientRect(function () { throw new Error('boom'); })
      .select('#third').boundingClientRect()
      .exec(function (res) { self.put(res[1].id); });
  },

  network() {
    var self = this;
    var seen = [];
    wx.onNetworkStatusChange(function () {});
    wx.offNetworkStatusChange();
    wx.getNetworkType({
      success: function (res) { seen.push(['success', res.networkType, res.errMsg]); },
      complete: function (res) { seen.push(['complete', res.errMsg]); },
    });
    wx.getNetworkType().then(function (res) {
      seen.push(['promise', res.networkType, res.errMsg]);
      self.put(seen);
    });
  },

  account() {
    var a = wx.getAccountInfoSync();
    a.miniProgram.appId = 'changed';
    this.put({ info: wx.getAccountInfoSync(), same: a === wx.getAccountInfoSync() });
  },

  updates() {
    var um = wx.getUpdateManager();
    um.applyUpdate();
    this.put({ launch: getApp().globalData.updates, same: um === wx.getUpdateManager() });
  },

  canIUse() {
    this.put(['createSelectorQuery', 'getNetworkType', 'onNetworkStatusChange',
      'offNetworkStatusChange', 'getAccountInfoSync', 'getUpdateManager', 'reportEvent']
      .map(function (n) { return wx.canIUse(n) && ft.canIUse(n); }));
  },

  report(e) {
    var n = e.n || 0;
    for (var i = 0; i < n; i++) wx.reportEvent('tick_' + (i % 3), { i: i, pad: e.pad || '' });
    wx.reportEvent('bad-id', { i: -1 });
    wx.reportEvent('', { i: -2 });
    wx.reportEvent(7, { i: -3 });
    wx.reportEvent('no_data_array', [1, 2]);
    wx.reportEvent('no_data_string', 'x');
    wx.reportEvent('no_data_null', null);
    var cyclic = {}; cyclic.self = cyclic;
    wx.reportEvent('cyclic', cyclic);
    wx.reportEvent('last_one');
    this.put('reported');
  },
});
