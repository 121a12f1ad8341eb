App({
  onLaunch(options) {
    // A toast before any page content exists (launched with `?launchToast=1`).
    if (options.query.launchToast) wx.showToast({ title: 'Welcome', icon: 'none' });
  },
});
