// Drives wx.request and wx.*Storage* for engine/tests/it/request.rs and storage.rs:
// each method takes its options from the event's detail and shows the outcome as text.
Page({
  data: { status: '', data: '', header: '', err: '', order: '', loaded: '' },
  show(r) {
    this.setData({
      status: String(r.statusCode),
      data: typeof r.data === 'string' ? 'text:' + r.data : 'json:' + JSON.stringify(r.data),
      header: String(r.header['x-echo-method'] || r.header['X-Echo-Method'] || ''),
    });
  },
  request(e) {
    const opts = Object.assign({}, e.detail);
    const log = [];
    opts.success = (r) => { log.push('success'); this.show(r); };
    opts.fail = (r) => { log.push('fail'); this.setData({ err: r.errMsg }); };
    opts.complete = () => { log.push('complete'); this.setData({ order: log.join(',') }); };
    wx.request(opts);
  },
  async awaited(e) {
    try {
      this.show(await ft.request(e.detail));
    } catch (r) {
      this.setData({ err: 'caught ' + r.errMsg });
    }
  },
  aborted(e) {
    const task = wx.request(Object.assign({}, e.detail, {
      fail: (r) => this.setData({ err: r.errMsg }),
      success: () => this.setData({ err: 'should have been aborted' }),
    }));
    task.abort();
  },
  many(e) {
    let left = e.detail.count;
    const codes = [];
    for (let i = 0; i < e.detail.count; i++) {
      wx.request({
        url: e.detail.url + '?i=' + i,
        success: (r) => {
          codes.push(r.data.i);
          if (--left === 0) this.setData({ data: codes.sort((a, b) => a - b).join(',') });
        },
        fail: (r) => this.setData({ err: r.errMsg }),
      });
    }
  },
  store(e) {
    try {
      wx.setStorageSync(e.detail.key, e.detail.value);
      this.setData({ err: '' });
    } catch (err) {
      this.setData({ err: err.message });
    }
  },
  load(e) {
    this.setData({ loaded: JSON.stringify(wx.getStorageSync(e.detail.key)) });
  },
  // A big value's summary, so the page does not lay out megabytes of text: its round,
  // its length, whether every character is the round's digit, and its tail.
  digest(e) {
    var v = wx.getStorageSync(e.detail.key);
    var digit = String(v.n % 10);
    var whole = typeof v.data === 'string' && v.data === digit.repeat(v.data.length);
    this.setData({
      loaded: JSON.stringify({ n: v.n, len: v.data && v.data.length, whole: whole, tail: v.tail }),
    });
  },
  storeAsync(e) {
    wx.setStorage({
      key: e.detail.key,
      data: e.detail.value,
      success: (r) => this.setData({ status: r.errMsg }),
      fail: (r) => this.setData({ err: r.errMsg }),
    });
  },
  async loadAsync(e) {
    try {
      const r = await wx.getStorage({ key: e.detail.key });
      this.setData({ loaded: JSON.stringify(r.data) });
    } catch (r) {
      this.setData({ err: r.errMsg });
    }
  },
  remove(e) {
    wx.removeStorageSync(e.detail.key);
  },
  clear() {
    wx.clearStorage({ success: () => this.setData({ status: 'cleared' }) });
  },
  info() {
    const i = wx.getStorageInfoSync();
    this.setData({ loaded: i.keys.join(',') + '|' + i.currentSize + '|' + i.limitSize });
  },
});
