var rows = [];
for (var i = 0; i < 20; i++) rows.push(i);
Page({
  data: { left: 0, into: '', stripLeft: -1, lowers: 0, done: '', top: 0, bottoms: 0, taps: 0, rows: rows },
  onPageScroll(e) { this.setData({ top: e.scrollTop }); },
  onReachBottom() { this.setData({ bottoms: this.data.bottoms + 1 }); },
  to300() { wx.pageScrollTo({ scrollTop: 300, duration: 0 }).then(() => this.setData({ done: 'ok' })); },
  toRow() { wx.pageScrollTo({ selector: '#row-10', success: () => this.setData({ done: 'row' }) }); },
  setLeft() { this.setData({ left: 100 }); },
  intoSix() { this.setData({ into: 'cell-6' }); },
  onStrip(e) { this.setData({ stripLeft: e.detail.scrollLeft }); },
  onLower() { this.setData({ lowers: this.data.lowers + 1 }); },
  tapRow() { this.setData({ taps: this.data.taps + 1 }); }
});
