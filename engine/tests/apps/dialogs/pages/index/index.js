// Each method calls one interaction API and writes what its callbacks (or its promise)
// received to `log`, so the tests read the answers as the app sees them.
function cb(page, tag) {
  return {
    success: function (r) { page.add(tag + 'success:' + JSON.stringify(r)); },
    fail: function (r) { page.add(tag + 'fail:' + JSON.stringify(r)); },
    complete: function () { page.add(tag + 'complete'); },
  };
}

function merge(a, b) {
  var o = {};
  for (var k in a) o[k] = a[k];
  for (var j in b) o[j] = b[j];
  return o;
}

Page({
  data: { log: '', taps: 0, keys: 0, rows: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] },
  add(s) { this.setData({ log: this.data.log + s + ';' }); },
  clear() { this.setData({ log: '' }); },
  promise(p) {
    var page = this;
    p.then(function (r) { page.add('then:' + JSON.stringify(r)); },
      function (e) { page.add('catch:' + JSON.stringify(e)); });
  },
  tapped() { this.setData({ taps: this.data.taps + 1 }); },
  onKeyDown() { this.setData({ keys: this.data.keys + 1 }); },

  modal() {
    wx.showModal(merge({ title: 'Delete the file?', content: 'This cannot be undone.' }, cb(this, '')));
  },
  modalPromise() { this.promise(wx.showModal({ title: 'Continue?' })); },
  ftModal() { ft.showModal(merge({ content: 'Only content, one button', showCancel: false }, cb(this, ''))); },
  modalCustom() {
    wx.showModal(merge({
      title: 'Play next episode?', confirmText: 'Play', cancelText: 'Stop',
      confirmColor: '#e64340', cancelColor: 'red; width: 0',
    }, cb(this, '')));
  },
  modalTwice() {
    wx.showModal(merge({ title: 'First' }, cb(this, '1')));
    wx.showModal(merge({ title: 'Second' }, cb(this, '2')));
  },
  modalBadTitle() { wx.showModal(merge({ title: 5 }, cb(this, ''))); },
  modalBadTitlePromise() { this.promise(wx.showModal({ content: ['x'] })); },
  modalLongButton() { wx.showModal(merge({ confirmText: 'Confirmation' }, cb(this, ''))); },
  modalEditable() {
    wx.showModal(merge({ title: 'Name', editable: true, content: 'ab', placeholderText: 'your name' }, cb(this, '')));
  },
  modalThenNavigate() {
    this.modal();
    wx.navigateTo({ url: '/pages/other/other' });
  },

  sheet() {
    wx.showActionSheet(merge({ itemList: ['Play', 'Add to list', 'Share'], alertText: 'Episode 3' }, cb(this, '')));
  },
  sheetPromise() { this.promise(wx.showActionSheet({ itemList: ['A', 'B'], itemColor: '#576B95' })); },
  sheetTooMany() { wx.showActionSheet(merge({ itemList: ['1', '2', '3', '4', '5', '6', '7'] }, cb(this, ''))); },
  sheetMissing() { wx.showActionSheet(cb(this, '')); },
  sheetEmptyPromise() { this.promise(wx.showActionSheet({ itemList: [] })); },
  sheetThenNavigate() {
    this.sheet();
    wx.redirectTo({ url: '/pages/other/other' });
  },

  toast() { wx.showToast(merge({ title: 'Saved' }, cb(this, ''))); },
  toastPromise() { this.promise(wx.showToast({ title: 'Done', icon: 'error', duration: 499.6 })); },
  toastNoTitle() { wx.showToast(merge({ icon: 'none' }, cb(this, ''))); },
  toastNoTitlePromise() { this.promise(wx.showLoading({})); },
  toastText() {
    wx.showToast({ title: 'A longer message without an icon that needs two lines to be read', icon: 'none', duration: 2000 });
  },
  toastMask() { wx.showToast({ title: 'Wait', mask: true, duration: 3000 }); },
  loading() { wx.showLoading(merge({ title: 'Loading' }, cb(this, ''))); },
  loadingMask() { wx.showLoading({ title: 'Loading', mask: true }); },
  hideToast() { this.promise(wx.hideToast()); },
  hideLoading() { wx.hideLoading(cb(this, '')); },
  hideToastOnly() { wx.hideToast({ noConflict: true }); },
  hideLoadingOnly() { wx.hideLoading({ noConflict: true }); },
  goOther() { wx.navigateTo({ url: '/pages/other/other' }); },
  showExtra() { this.setData({ extra: true }); },
  canIUse() {
    this.add(['showModal', 'showActionSheet', 'showToast', 'hideToast', 'showLoading', 'hideLoading']
      .map(function (n) { return wx.canIUse(n); }).join(','));
  },
});
