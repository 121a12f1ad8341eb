App({
  globalData: {
    greeting: '你好',
    launched: 0,
  },
  onLaunch() {
    this.globalData.launched += 1;
    console.log('hello app launched');
  },
});
