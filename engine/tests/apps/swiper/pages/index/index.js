Page({
  data: {
    current: 0,
    auto: false,
    vid: 'a',
    log: '',
    autoLog: '',
    detail: '',
    slides: [
      { name: 'Red', color: '#c62828' },
      { name: 'Green', color: '#2e7d32' },
      { name: 'Blue', color: '#1565c0' }
    ]
  },
  add(s) { this.setData({ log: this.data.log + s + ';' }); },
  onChange(e) {
    this.add('change:' + e.detail.current + ':' + e.detail.source);
    this.setData({ detail: JSON.stringify(e.detail) });
  },
  onFinish(e) { this.add('finish:' + e.detail.current + ':' + e.detail.source); },
  onTile(e) { this.add('tap:' + e.currentTarget.dataset.i); },
  onAuto(e) {
    this.setData({ autoLog: this.data.autoLog + e.detail.current + ':' + e.detail.source + ';' });
  },
  onVert(e) { this.add('vert:' + e.detail.current + ':' + e.detail.currentItemId + ':' + e.detail.source); },
  show(e) { this.setData({ current: e.detail.value }); },
  startAuto() { this.setData({ auto: true }); },
  jumpVert() { this.setData({ vid: 'c' }); }
});
