const { page, go, note } = require('../../utils/log.js');

Page(page({
  back2() { go(this, 'navigateBack', { delta: 2 }); },
  back99() { go(this, 'navigateBack', { delta: 99 }); },
  toMine() { go(this, 'switchTab', { url: '/pages/mine/mine' }); },
  toHome() { go(this, 'switchTab', { url: '/pages/home/home' }); },
  // Promise forms: no callbacks given.
  promiseNope() {
    wx.navigateTo({ url: '/pages/nope/nope' }).catch((r) => this.setData({ err: 'caught:' + r.errMsg }));
  },
  promiseBack() {
    wx.navigateBack().then((r) => note('then(' + r.errMsg + ')'));
  },
}));
