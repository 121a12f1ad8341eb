const format = require('../../utils/format.js');

Page({
  data: {
    title: 'Hello, Mica',
    count: 0,
    summary: '',
    items: [
      { id: 1, name: 'Apple 苹果', desc: 'Fruit' },
      { id: 2, name: 'Banana 香蕉', desc: '' },
      { id: 3, name: 'Cherry 樱桃', desc: 'Small and red' },
      { id: 4, name: 'Durian 榴莲', desc: '味道浓烈' },
    ],
  },

  onLoad(query) {
    console.log('index onLoad', JSON.stringify(query));
  },

  increment(e) {
    const step = e.currentTarget.dataset.step || 1;
    const count = this.data.count + step;
    this.setData({
      count,
      summary: format.describeCount(count),
      'items[1].desc': 'Tapped ' + count,
    });
  },
});
