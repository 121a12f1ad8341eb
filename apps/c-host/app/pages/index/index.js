Page({
  data: {
    speed: 'Speed: unknown',
    trunk: 'Trunk: closed',
  },

  onLoad() {
    // Sync host function: the result object, or an exception on failure.
    try {
      const s = ft.getVehicleSpeed({});
      this.setData({ speed: 'Speed: ' + s.kmh + ' km/h' });
    } catch (e) {
      this.setData({ speed: 'Speed: ' + e.message });
    }
    // Async host function: the host answers later, from a thread of its own.
    ft.openTrunk({
      confirm: true,
      success: (res) => {
        this.setData({ trunk: 'Trunk: ' + (res.opened ? 'opened' : 'still closed') });
      },
      fail: (res) => {
        this.setData({ trunk: 'Trunk: ' + res.errMsg });
      },
    });
  },

  openUnconfirmed() {
    ft.openTrunk({
      success: (res) => {
        this.setData({ trunk: 'Trunk: ' + (res.opened ? 'opened' : 'still closed') });
      },
      fail: (res) => {
        this.setData({ trunk: 'Trunk: ' + res.errMsg });
      },
    });
  },
});
