Page({
  data: { state: 'idle', okCount: 0 },
  spin() { while (true) {} },
  ok() { this.setData({ okCount: this.data.okCount + 1 }); },
});
