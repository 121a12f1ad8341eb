Page({
  data: { log: '', pageKeys: '' },
  add(s) { this.setData({ log: this.data.log + s + ';' }); },
  hit(e) { this.add('tap:' + e.currentTarget.dataset.name); },
  aKey(e) { this.add('a:' + e.detail.key + ':' + e.target.id); },
  bKey(e) { this.add('b:' + e.detail.key); },
  rowKey(e) { this.add('row:' + e.detail.key + ':' + e.currentTarget.dataset.name); },
  onKeyDown(e) { this.setData({ pageKeys: this.data.pageKeys + e.detail.key + ',' }); }
});
