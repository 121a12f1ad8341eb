Component({
  properties: { start: Number },
  data: { value: 0 },
  lifetimes: {
    attached: function () {
      getApp().attachedCount = (getApp().attachedCount || 0) + 1;
      this.setData({ value: this.data.start });
    },
    detached: function () {
      getApp().detachedCount = (getApp().detachedCount || 0) + 1;
    },
  },
  methods: {
    inc: function () {
      var v = this.data.value + 1;
      this.setData({ value: v });
      this.triggerEvent('changed', { value: v });
    },
  },
});
