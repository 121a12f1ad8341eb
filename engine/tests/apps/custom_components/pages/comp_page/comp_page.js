Component({
  properties: { id: String },
  data: { msg: 'x' },
  lifetimes: {
    attached: function () {
      this.setData({ msg: this.data.msg + ' attached' });
    },
  },
  methods: {
    onLoad: function (q) {
      this.setData({
        msg: this.data.msg + ' loaded ' + this.data.id + ' ' + q.id +
          ' d' + (getApp().detachedCount || 0),
      });
    },
  },
});
