// The update manager is asked for at launch, as apps do in App.onLaunch.
App({
  globalData: { updates: [] },
  onLaunch() {
    var self = this;
    var um = wx.getUpdateManager();
    um.onCheckForUpdate(function (res) { self.globalData.updates.push(JSON.stringify(res)); });
    um.onUpdateReady(function () { self.globalData.updates.push('ready'); });
    um.onUpdateFailed(function () { self.globalData.updates.push('failed'); });
  },
});
