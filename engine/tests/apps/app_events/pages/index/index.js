const log = getApp().globalData.log;
Page({
  data: { log: '', opts: '', ticks: '' },
  onLoad(q) { log.push('page:onLoad(' + q.x + ')'); },
  onShow() { log.push('page:onShow'); },
  onHide() { log.push('page:onHide'); },
  show() {
    const o = wx.getLaunchOptionsSync();
    o.path = 'changed';
    const again = wx.getLaunchOptionsSync();
    const order = [];
    wx.nextTick(() => { order.push('tick'); this.setData({ ticks: order.join(',') }); });
    order.push('sync');
    this.setData({
      log: log.join(' '),
      opts: again.path + ' ' + JSON.stringify(again.query) + ' ' + wx.getEnterOptionsSync().scene,
    });
  },
  stopListening() { wx.offAppHide(); },
});
