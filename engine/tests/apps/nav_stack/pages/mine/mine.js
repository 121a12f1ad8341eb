const { page, go } = require('../../utils/log.js');

Page(page({
  toDetail() { go(this, 'navigateTo', { url: '/pages/detail/detail' }); },
  toHome() { go(this, 'switchTab', { url: '/pages/home/home' }); },
}));
