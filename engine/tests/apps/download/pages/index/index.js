// Drives wx.downloadFile for engine/tests/it/download.rs: each method takes its options
// from the event's detail and shows the outcome as text.
Page({
  data: { src: '', status: '', path: '', err: '', order: '', progress: '', headers: '' },
  // Listeners on the task: progress percentages in order, and the Content-Type seen by
  // onHeadersReceived. A second progress listener, removed at once, must never run.
  listen(task) {
    const seen = [];
    const removed = () => this.setData({ err: 'a removed listener ran' });
    task.onProgressUpdate(removed);
    task.onProgressUpdate((p) => {
      seen.push(p.progress + '/' + p.totalBytesWritten + '/' + p.totalBytesExpectedToWrite);
      this.setData({ progress: seen.join(',') });
    });
    task.offProgressUpdate(removed);
    task.onHeadersReceived((h) => this.setData({ headers: String(h.header['content-type'] || '') }));
  },
  download(e) {
    const opts = Object.assign({}, e.detail);
    const log = [];
    opts.success = (r) => {
      log.push('success');
      this.setData({ status: String(r.statusCode), path: r.tempFilePath, err: r.errMsg });
    };
    opts.fail = (r) => { log.push('fail'); this.setData({ err: r.errMsg }); };
    opts.complete = () => { log.push('complete'); this.setData({ order: log.join(',') }); };
    this.listen(wx.downloadFile(opts));
  },
  show(e) {
    wx.downloadFile({
      url: e.detail.url,
      success: (r) => this.setData({ src: r.tempFilePath, path: r.tempFilePath }),
      fail: (r) => this.setData({ err: r.errMsg }),
    });
  },
  async awaited(e) {
    try {
      const r = await ft.downloadFile(e.detail);
      this.setData({ status: String(r.statusCode), path: r.tempFilePath, err: r.errMsg });
    } catch (r) {
      this.setData({ err: 'caught ' + r.errMsg });
    }
  },
  aborted(e) {
    const task = wx.downloadFile(Object.assign({}, e.detail, {
      fail: (r) => this.setData({ err: r.errMsg }),
      success: () => this.setData({ err: 'should have been aborted' }),
    }));
    task.abort();
    task.abort();
  },
  // Aborts when the response headers arrived, while the body is on its way.
  abortOnHeaders(e) {
    const task = wx.downloadFile(Object.assign({}, e.detail, {
      fail: (r) => this.setData({ err: r.errMsg }),
      success: () => this.setData({ err: 'should have been aborted' }),
    }));
    task.onHeadersReceived(() => task.abort());
  },
  canIUse() {
    this.setData({
      status: ['downloadFile', 'authorize', 'getSetting', 'openSetting']
        .map((n) => wx.canIUse(n)).join(','),
    });
  },
});
