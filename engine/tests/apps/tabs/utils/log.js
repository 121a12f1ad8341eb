// Wraps a page definition so each lifecycle and onTabItemTap is logged under `name`.
function page(name, def) {
  const log = (what) => getApp().globalData.log.push(name + ':' + what);
  const hooks = ['onLoad', 'onShow', 'onReady', 'onHide', 'onUnload'];
  const out = Object.assign({ data: { log: '' } }, def);
  hooks.forEach((h) => {
    const own = def[h];
    out[h] = function (arg) {
      log(h);
      if (own) own.call(this, arg);
    };
  });
  out.onTabItemTap = function (item) {
    log('onTabItemTap(' + item.index + ',' + item.pagePath + ',' + item.text + ')');
  };
  out.showLog = function () {
    this.setData({ log: getApp().globalData.log.join(' ') });
  };
  return out;
}
module.exports = { page };
