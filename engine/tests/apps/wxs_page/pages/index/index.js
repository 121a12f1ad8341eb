Page({
  data: { cents: 1205 },
  bump() { this.setData({ cents: this.data.cents + 100 }); }
});
