// The navigation fixture: every lifecycle appends "name:event" to globalData.log.
App({
  globalData: { log: [] },
  onLaunch() { this.globalData.log.push('app:onLaunch'); },
  onShow() { this.globalData.log.push('app:onShow'); },
  onHide() { this.globalData.log.push('app:onHide'); },
});
