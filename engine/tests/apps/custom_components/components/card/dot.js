Component({
  properties: { color: String },
  methods: {
    tapDot: function () {
      this.triggerEvent('dotted', { color: 'blue' });
    },
  },
});
