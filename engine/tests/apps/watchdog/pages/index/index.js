// Scripts the watchdog must stop, and a handler that shows the app still works.
function recurse(n) { return recurse(n + 1) + 1; }

Page({
  data: { okCount: 0, state: 'idle', errors: '' },
  spin() {
    this.setData({ state: 'spinning' });
    while (true) {}
  },
  spinCaught() {
    try {
      while (true) {}
    } catch (e) {
      this.setData({ state: 'caught ' + e });
    }
  },
  // Calls a native function each time round: the time budget stops it.
  flood() {
    for (;;) { getApp(); }
  },
  // Allocates 1 MB per round: the memory budget stops it.
  grow() {
    var chunks = [];
    for (var i = 0; ; i++) {
      chunks.push(new Array(1 << 16).fill(i));
      getApp();
    }
  },
  deep() {
    try {
      recurse(0);
    } catch (e) {
      this.setData({ state: 'caught ' + e });
    }
  },
  ok() {
    this.setData({
      okCount: this.data.okCount + 1,
      errors: getApp().globalData.errors.join('\n'),
    });
  },
});
