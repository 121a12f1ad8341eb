Page({
  data: { message: 'initial data survives', pokes: 0 },
  onLoad() {
    this.setData({ message: 'set before the throw' });
    throw new Error('boom in onLoad');
  },
  poke() {
    this.setData({ pokes: this.data.pokes + 1 });
  },
});
