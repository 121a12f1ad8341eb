var catalog = getApp().globalData.catalog;

Page({
  data: { item: null, playing: false },
  onLoad: function (query) {
    this.setData({ item: catalog.find(query.id) });
  },
  play: function () {
    this.setData({ playing: !this.data.playing });
  },
  back: function () {
    wx.navigateBack();
  }
});
