App({
  globalData: { errors: [] },
  onError(message) {
    this.globalData.errors.push(message);
  },
});
