// The logic benches: a tap that sets data, and a 100 KB setData.
function payload(round) {
  var items = [];
  // 1,000 items of about 100 bytes of JSON each: about 100 KB.
  for (var i = 0; i < 1000; i++) {
    items.push({ id: i, title: 'Item number ' + i + ' of round ' + round, tag: 'abcdefghijklmnopqrstuvwxyz0123456789abcdef' });
  }
  return items;
}

Page({
  data: { count: 0, size: 0, blob: [] },
  tap() {
    this.setData({ count: this.data.count + 1 });
  },
  big(event) {
    var items = payload(event.round || 0);
    this.setData({ blob: items, size: JSON.stringify(items).length });
  },
});
