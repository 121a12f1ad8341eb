Page({
  data: { on: false, running: false },
  turnOn() { this.setData({ on: true }); },
  turnOff() { this.setData({ on: false }); },
  run() { this.setData({ running: true }); },
});
