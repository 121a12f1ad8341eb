const { page } = require('../../utils/log.js');
Page(page('home', {
  data: { height: 0 },
  onLoad() { this.setData({ height: wx.getSystemInfoSync().windowHeight }); },
  toDetail() { wx.navigateTo({ url: '/pages/detail/detail' }); },
}));
