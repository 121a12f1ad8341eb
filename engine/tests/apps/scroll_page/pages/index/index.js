var rows = [];
for (var i = 0; i < 20; i++) rows.push(i);
Page({
  data: { top: 0, bottoms: 0, taps: 0, rows: rows },
  onPageScroll(e) { this.setData({ top: e.scrollTop }); },
  onReachBottom() { this.setData({ bottoms: this.data.bottoms + 1 }); },
  tapRow() { this.setData({ taps: this.data.taps + 1 }); }
});
