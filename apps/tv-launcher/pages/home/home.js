var catalog = getApp().globalData.catalog;

Page({
  data: {
    sections: catalog.sections,
    section: 0,
    rows: catalog.rows
  },
  pickSection: function (e) {
    this.setData({ section: e.currentTarget.dataset.index });
  },
  open: function (e) {
    wx.navigateTo({ url: '/pages/details/details?id=' + e.currentTarget.dataset.id });
  }
});
