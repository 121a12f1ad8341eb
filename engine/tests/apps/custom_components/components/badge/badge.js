Component({
  properties: { label: { type: String, value: '' } },
  pageLifetimes: {
    hide: function () {
      this.setData({ label: 'hidden' });
    },
    show: function () {
      this.setData({ label: 'shown' });
    },
  },
});
