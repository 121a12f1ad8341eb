const { page, go } = require('../../utils/log.js');

Page(page({
  toDetail() {
    go(this, 'navigateTo', { url: '/pages/detail/detail?id=7&name=%E4%BD%A0%E5%A5%BD&x=a%26b' });
  },
  toMine() { go(this, 'switchTab', { url: '/pages/mine/mine' }); },
  switchSelf() { go(this, 'switchTab', { url: '/pages/home/home' }); },
  toNope() { go(this, 'navigateTo', { url: '/pages/nope/nope?a=1' }); },
  navTab() { go(this, 'navigateTo', { url: '/pages/mine/mine' }); },
  toBroken() { go(this, 'navigateTo', { url: '/pages/broken/broken' }); },
  back() { go(this, 'navigateBack', {}); },
}));
