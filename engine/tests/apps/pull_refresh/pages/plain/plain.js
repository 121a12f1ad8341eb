Page({
  data: { log: [] },
  onPullDownRefresh() { this.setData({ log: this.data.log.concat(['refresh']) }); }
});
