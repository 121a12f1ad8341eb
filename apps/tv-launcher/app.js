// A TV home screen: everything is reachable with the D-pad, OK and Back.
App({
  globalData: { catalog: require('./utils/catalog.js') }
});
