// Calls host functions every way a mini-program can; each result lands in `log`.
function show(res) {
  var copy = {};
  Object.keys(res).sort().forEach(function (k) { copy[k] = res[k]; });
  return JSON.stringify(copy);
}

Page({
  data: { log: '' },
  add(line) {
    this.setData({ log: this.data.log ? this.data.log + '\n' + line : line });
  },
  // ft.<sync>: the value, or an exception.
  sync() {
    this.add('speed ' + JSON.stringify(ft.getSpeed({ unit: 'kmh' })));
    this.add('wx alias ' + JSON.stringify(wx.getSpeed()));
    try { ft.failSync({}); } catch (e) { this.add('threw ' + e.message); }
    try { ft.secret(); } catch (e) { this.add('threw ' + e.message); }
    try { ft.panics(); } catch (e) { this.add('threw ' + e.message); }
    try { ft.trunk(); } catch (e) { this.add('threw ' + e.message); }
    try { ft.alsoMissingSync(); } catch (e) { this.add('threw ' + e.message); }
    this.add('canIUse ' + [ft.canIUse('getSpeed'), ft.canIUse('later'),
      ft.canIUse('notOnThisDevice'), ft.canIUse('nothing')].join(','));
  },
  // ft.<async> with callbacks: success/fail, then complete.
  callbacks() {
    var self = this;
    var cb = function (tag) {
      return {
        success: function (res) { self.add(tag + ' success ' + show(res)); },
        fail: function (res) { self.add(tag + ' fail ' + show(res)); },
        complete: function (res) { self.add(tag + ' complete ' + res.errMsg); },
      };
    };
    ft.later(Object.assign({ value: 5 }, cb('later')));
  },
  more() {
    var self = this;
    var cb = function (tag) {
      return {
        fail: function (res) { self.add(tag + ' fail ' + show(res)); },
        success: function (res) { self.add(tag + ' success ' + show(res)); },
      };
    };
    ft.later(Object.assign({ value: -1 }, cb('refused')));
    ft.dropsReply(cb('dropped'));
    ft.panicsAsync(cb('panicked'));
    ft.secretAsync(cb('secret'));
    ft.notOnThisDevice(cb('missing'));
    ft.echoSync(Object.assign({ n: 3 }, cb('declared async')));
    ft.scalar(cb('scalar'));
  },
  // What the app's grants allow.
  gated() {
    var self = this;
    try { this.add('secret ' + ft.secret()); } catch (e) { this.add('threw ' + e.message); }
    ft.later({
      value: 1,
      success: function (res) { self.add('later ' + res.errMsg); },
      fail: function (res) { self.add('later ' + res.errMsg); },
    });
  },
  // ft.<async> without callbacks: a promise.
  async promises() {
    var res = await ft.later({ value: 7 });
    this.add('await ' + show(res));
    try {
      await ft.later({ value: -1 });
    } catch (e) {
      this.add('rejected ' + show(e));
    }
    // The runtime still works after all of that.
    this.add('speed again ' + ft.getSpeed().kmh);
  },
});
