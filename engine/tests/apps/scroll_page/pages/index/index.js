var rows = [];
for (var i = 0; i < 20; i++) rows.push(i);
Page({
  data: { done: '', top: 0, bottoms: 0, taps: 0, rows: rows },
  onPageScroll(e) { this.setData({ top: e.scrollTop }); },
  onReachBottom() { this.setData({ bottoms: this.data.bottoms + 1 }); },
  to300() { wx.pageScrollTo({ scrollTop: 300, duration: 0 }).then(() => this.setData({ done: 'ok' })); },
  toRow() { wx.pageScrollTo({ selector: '#row-10', success: () => this.setData({ done: 'row' }) }); },
  tapRow() { this.setData({ taps: this.data.taps + 1 }); }
});
