var shared = require('./shared.js');
Component({
  behaviors: [shared],
  externalClasses: ['custom-class'],
  options: { multipleSlots: true },
  properties: {
    cardTitle: { type: String, value: 'untitled' },
    count: {
      type: Number,
      value: 0,
      observer: function (n, o) {
        this.setData({ life: this.data.life + 'obs' + o + '>' + n + ',' });
      },
    },
  },
  data: { double: 0, life: '', dotColor: 'red' },
  observers: {
    count: function (c) {
      this.setData({ double: c * 2 });
    },
  },
  lifetimes: {
    created: function () {
      this.data.life = 'created,';
      this.shared = shared;
    },
    attached: function () {
      this.setData({ life: this.data.life + 'attached,' });
    },
    ready: function () {
      this.setData({ life: this.data.life + 'ready,' });
    },
  },
  methods: {
    onTap: function () {
      this.triggerEvent('bump', { n: this.data.count });
    },
    measure: function () {
      var self = this;
      this.createSelectorQuery()
        .select('.inner').boundingClientRect()
        .selectAll('view').fields({ id: true })
        .select('#slot-default').boundingClientRect()
        .exec(function (res) {
          var ids = res[1].map(function (n) { return n.id; }).join('+');
          self.triggerEvent('measured', {
            inner: res[0] ? res[0].id + ':' + res[0].height : null,
            views: ids,
            slotted: res[2],
          });
        });
    },
    onPong: function (e) {
      this.setData({ life: this.data.life + 'pong' + e.detail.y + '@' + e.currentTarget.id + ',' });
    },
    onFlat: function () {
      this.setData({ life: this.data.life + 'flat-bubbled,' });
    },
    onDotted: function (e) {
      this.setData({ dotColor: e.detail.color });
    },
  },
});
