var titles = [
  ['夜空中最亮的星', '逃跑计划'], ['Highway Song', 'The Long Drive'], ['平凡之路', '朴树'],
  ['Coastline', 'Harbor Lights'], ['成都', '赵雷'], ['Night Shift', 'Metro Nine'],
  ['南方姑娘', '赵雷'], ['Open Road', 'Fleetwood Lane'], ['晴天', '周杰伦'], ['Signal', 'Nova']
];
var tracks = titles.map(function (t, i) {
  return { id: 't' + i, title: t[0], artist: t[1], length: 180 + (i * 37) % 120, cover: '/images/cover-' + (i % 4) + '.png' };
});

Page({
  data: { tracks: tracks, current: 0, playing: false, position: 0 },
  toggle() { this.setData({ playing: !this.data.playing }); },
  go(i) {
    var n = this.data.tracks.length;
    this.setData({ current: (i + n) % n, position: 0 });
  },
  prev() { this.go(this.data.current - 1); },
  next() { this.go(this.data.current + 1); },
  pick(e) { this.go(e.currentTarget.dataset.index); this.setData({ playing: true }); },
  seek(e) { this.setData({ position: e.detail.value }); }
});
