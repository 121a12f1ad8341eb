Page({
  data: {
    cities: ['Beijing', 'Shanghai', 'Guangzhou', 'Shenzhen', 'Hangzhou', 'Chengdu', 'Wuhan'],
    cityIndex: 2,
    people: [{ name: 'Ann', id: 7 }, { name: 'Bo', id: 8 }, { name: 'Cy', id: 9 }],
    log: ''
  },
  add(s) { this.setData({ log: this.data.log + s + ';' }); },
  onCity(e) {
    this.setData({ cityIndex: e.detail.value });
    this.add('city:' + JSON.stringify(e.detail));
  },
  onPerson(e) { this.add('person:' + this.data.people[e.detail.value].id); },
  onCancel(e) { this.add('cancel:' + JSON.stringify(e.detail)); }
});
