// The launcher's catalogue: rows of poster tiles.
var titles = [
  '山河故人', 'Northern Lights', '长安十二时辰', 'Deep Blue', '流浪地球', 'City of Rain',
  '大江大河', 'Slow Train', '觉醒年代', 'Paper Moon', '山海情', 'Last Harbor'
];

function row(id, name, offset, count) {
  var items = [];
  for (var i = 0; i < count; i++) {
    var n = (offset + i) % titles.length;
    items.push({
      id: id + '-' + i,
      title: titles[n],
      poster: '/images/poster-' + n + '.png',
      year: 2010 + ((offset + i * 3) % 14),
      score: (7 + ((offset + i) % 20) / 10).toFixed(1)
    });
  }
  return { id: id, name: name, items: items };
}

module.exports = {
  sections: ['首页 Home', '电影 Movies', '剧集 Series', '少儿 Kids', '设置 Settings'],
  rows: [
    row('continue', '继续观看 Continue watching', 0, 8),
    row('movies', '热门电影 Popular movies', 3, 10),
    row('series', '精选剧集 Series', 6, 10)
  ],
  find: function (id) {
    for (var r = 0; r < this.rows.length; r++) {
      var items = this.rows[r].items;
      for (var i = 0; i < items.length; i++) {
        if (items[i].id === id) return items[i];
      }
    }
    return null;
  }
};
