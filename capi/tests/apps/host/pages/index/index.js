// Calls the host functions capi/tests/it/api.rs registers and shows what came back.
function sync(name, args) {
  try {
    return JSON.stringify(ft[name](args));
  } catch (e) {
    return e.message;
  }
}

Page({
  data: {
    noreply: '-', denied: '-', deniedAsync: '-', badjson: '-', echo: '-', reenter: '-',
    later: '-', tapped: 'no',
  },

  onLoad() {
    this.setData({
      noreply: sync('silent', {}),
      denied: sync('secret', {}),
      badjson: sync('badJson', {}),
      echo: sync('echo', { a: 1, s: 'x' }),
      reenter: sync('reenter', {}),
    });
    ft.secretAsync({
      success: () => this.setData({ deniedAsync: 'unexpected success' }),
      fail: (res) => this.setData({ deniedAsync: res.errMsg }),
    });
    ft.later({ n: 6 }).then(
      (res) => this.setData({ later: res.errMsg + ' ' + JSON.stringify(res.data) }),
      (res) => this.setData({ later: res.errMsg }),
    );
  },

  onTap() {
    this.setData({ tapped: 'yes' });
  },
});
