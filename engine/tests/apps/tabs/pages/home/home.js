const { page } = require('../../utils/log.js');
Page(page('home', {
  data: { height: 0 },
  onLoad() { this.setData({ height: wx.getSystemInfoSync().windowHeight }); },
  recolour() {
    wx.setNavigationBarTitle({ title: 'Renamed' })
      .then((r) => wx.setNavigationBarColor({ frontColor: '#000000', backgroundColor: '#ffcc00' }))
      .then((r) => wx.setNavigationBarColor({ frontColor: 'red', backgroundColor: '#fff' }))
      .catch((e) => this.setData({ err: e.errMsg }));
    wx.setNavigationBarTitle({ title: 42, fail: (e) => this.setData({ err2: e.errMsg }) });
  },
  toDetail() { wx.navigateTo({ url: '/pages/detail/detail' }); },
}));
