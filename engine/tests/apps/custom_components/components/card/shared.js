module.exports = Behavior({
  data: { fromBehavior: 'b' },
  lifetimes: {
    attached: function () {
      this.setData({ life: this.data.life + 'battached,' });
    },
  },
  methods: {
    hello: function () {
      return 'hi ' + this.data.fromBehavior;
    },
  },
});
