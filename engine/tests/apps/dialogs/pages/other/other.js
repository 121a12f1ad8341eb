Page({
  data: {},
  toastThenBack() {
    wx.showToast({ title: 'Saved' });
    wx.navigateBack();
  },
});
