Page({
  data: { log: [], rows: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
  onPullDownRefresh() { this.setData({ log: this.data.log.concat(['refresh']) }); },
  stop() { wx.stopPullDownRefresh().then(() => this.setData({ log: this.data.log.concat(['stopped']) })); },
  start() { wx.startPullDownRefresh(); }
});
