// Logs the app's lifecycle, the wx.onAppShow/onAppHide listeners and launch options.
const log = [];
App({
  globalData: { log },
  onLaunch(o) { log.push('app:onLaunch(' + o.path + '?' + JSON.stringify(o.query) + ',' + o.scene + ')'); },
  onShow(o) { log.push('app:onShow(' + o.path + ')'); },
  onHide() { log.push('app:onHide'); },
});
function onHide() { log.push('listener:hide'); }
wx.onAppHide(onHide);
wx.onAppShow((o) => log.push('listener:show(' + o.scene + ')'));
wx.onAppShow(() => { throw new Error('a broken listener'); });
