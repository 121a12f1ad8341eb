Page({
  data: { log: [] },
  add(s) { this.setData({ log: this.data.log.concat([s]) }); },
  onChanging(e) { this.add(e.type + ':' + JSON.stringify(e.detail)); },
  onChange(e) { this.add(e.type + ':' + JSON.stringify(e.detail)); }
});
