Page({
  data: { top: 0, into: '', pageLog: [], listLog: [] },
  onPageScroll(e) { this.setData({ pageLog: this.data.pageLog.concat([e.scrollTop]) }); },
  onList(e) {
    this.setData({ listLog: this.data.listLog.concat([[e.detail.scrollTop, e.detail.deltaY]]) });
  },
  toSix() { wx.pageScrollTo({ scrollTop: 600, duration: 200 }); },
  toTop() { wx.pageScrollTo({ scrollTop: 0, duration: 0 }); },
  listTo200() { this.setData({ top: 200 }); },
  listIntoSeven() { this.setData({ into: 'item-7' }); }
});
