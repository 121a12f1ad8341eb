Page({
  data: { log: '' },
  add(s) { this.setData({ log: this.data.log + s + ';' }); },
  outer(e) { this.add('outer<' + e.target.id + '>'); },
  middle(e) { this.add('middle<' + e.target.id + ',' + e.currentTarget.id + '>'); },
  inner(e) { this.add('inner:' + e.currentTarget.dataset.userName + e.currentTarget.dataset.n + ':' + e.type); },
  free(e) { this.add('free'); },
});
