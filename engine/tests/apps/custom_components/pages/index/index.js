Page({
  data: { title: 'Hello', n: 1, log: '', extra: false, second: false, ga: false, gb: false },
  add(text) {
    this.setData({ log: this.data.log + text + ';' });
  },
  onBump(e) {
    this.add('bump:' + JSON.stringify(e.detail) + '@' + e.currentTarget.id);
  },
  onPing(e) {
    this.add('ping:' + e.detail.x + '@' + e.currentTarget.id + '<' + e.target.id);
  },
  onPagePong() {
    this.add('pagepong');
  },
  relaunch() {
    wx.reLaunch({ url: '/pages/comp_page/comp_page?id=1' });
  },
  flipGate() {
    this.setData({ ga: true, gb: true });
  },
  attachedCount() {
    this.add('attached:' + (getApp().attachedCount || 0));
  },
  detachedCount() {
    this.add('detached:' + (getApp().detachedCount || 0));
  },
  measure() {
    this.selectComponent('#card1').measure();
  },
  onMeasured(e) {
    this.add('measured:' + JSON.stringify(e.detail));
  },
  onChanged(e) {
    this.add('changed:' + e.detail.value);
  },
  bumpTitle() {
    this.setData({ title: 'World', n: 2 });
  },
  showExtra() {
    this.setData({ extra: true, n: 3 });
  },
  toggleSecond() {
    this.setData({ second: !this.data.second });
  },
  select() {
    var c = this.selectComponent('#card1');
    var all = this.selectAllComponents('.cnt');
    this.add('sel:' + (c && c.data.cardTitle) + ',' + all.length + ',' + (c && c.hello()) +
      ',' + this.selectComponent('#nope') + ',' + (c && c.hasBehavior(c.shared)));
  },
});
