const { page, go } = require('../../utils/log.js');

Page(page({
  // Relative to this page, as WeChat resolves it.
  push() { go(this, 'navigateTo', { url: 'detail?depth=' + (Number(this.data.depth) + 1) }); },
  more() { go(this, 'navigateTo', { url: '/pages/more/more' }); },
  back() { go(this, 'navigateBack', {}); },
  redirect() { go(this, 'redirectTo', { url: '../more/more?from=detail' }); },
  redirectTab() { go(this, 'redirectTo', { url: '/pages/home/home' }); },
  switchDetail() { go(this, 'switchTab', { url: '/pages/detail/detail' }); },
  toMine() { go(this, 'switchTab', { url: '/pages/mine/mine?ignored=1' }); },
  toHome() { go(this, 'switchTab', { url: '/pages/home/home' }); },
  relaunch() { go(this, 'reLaunch', { url: '/pages/more/more?from=relaunch' }); },
}));
