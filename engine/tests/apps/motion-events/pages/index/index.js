// Records every transition and animation event it gets, in order, in `log`.
Page({
  data: { on: false, log: '' },
  turnOn() { this.setData({ on: true }); },
  add(entry) { this.setData({ log: this.data.log + entry + ';' }); },
  ended(e) { this.add('T:' + e.detail.propertyName + '@' + e.detail.elapsedTime); },
  log(e) { this.add(e.type + ':' + e.detail.animationName + '@' + e.detail.elapsedTime); },
  bubbled(e) { this.add('bubbled:' + e.type + ' from ' + e.target.id); },
});
