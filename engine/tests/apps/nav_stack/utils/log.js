// Shared by the fixture's pages: the lifecycle log and route-call helpers.
function short(route) {
  return route.split('/')[1];
}

function stackText() {
  return getCurrentPages().map(function (p) { return short(p.route); }).join(',');
}

// Mirrors the global log and getCurrentPages() into `page`'s data.
function show(page) {
  page.setData({ log: getApp().globalData.log.join(' '), stack: stackText() });
}

function record(page, event) {
  getApp().globalData.log.push(short(page.route) + ':' + event);
  show(page);
}

// Logs a route call's outcome; the page on top shows it.
function note(text) {
  getApp().globalData.log.push(text);
  var pages = getCurrentPages();
  if (pages.length) show(pages[pages.length - 1]);
}

// Page options with every lifecycle recorded, plus `extra`.
function page(extra) {
  var options = {
    onLoad: function (query) {
      this.setData({ query: JSON.stringify(query), depth: query.depth || '1' });
      record(this, 'onLoad');
    },
    onShow: function () { record(this, 'onShow'); },
    onReady: function () { record(this, 'onReady'); },
    onHide: function () { record(this, 'onHide'); },
    onUnload: function () { record(this, 'onUnload'); },
    inc: function () { this.setData({ count: this.data.count + 1 }); },
  };
  var data = { log: '', stack: '', err: '', query: '', depth: '', count: 0 };
  for (var k in extra) {
    if (k === 'data') {
      for (var d in extra.data) data[d] = extra.data[d];
    } else {
      options[k] = extra[k];
    }
  }
  options.data = data;
  return options;
}

// Calls wx[api](opts) with callbacks: success is logged, fail shows errMsg in #err.
function go(self, api, opts) {
  opts.success = function (r) { note('ok(' + r.errMsg + ')'); };
  opts.fail = function (r) {
    self.setData({ err: r.errMsg });
    note('fail');
  };
  return wx[api](opts);
}

module.exports = { page: page, go: go, note: note };
