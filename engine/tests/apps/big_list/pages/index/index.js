const list = [];
for (let i = 0; i < 1000; i++) list.push({ id: i, title: 'row ' + i });

Page({
  data: { show: true, list },
  edit(e) {
    this.setData({ ['list[' + e.detail.i + '].title']: 'edited' });
  },
  move() {
    const l = this.data.list.slice();
    const [r] = l.splice(5, 1);
    l.splice(900, 0, r);
    this.setData({ list: l });
  },
  toggle() {
    this.setData({ show: !this.data.show });
  },
});
