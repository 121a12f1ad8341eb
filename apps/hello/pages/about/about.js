Page({
  data: {
    version: '0.1.0',
    colors: ['#f53f3f', '#ff7d00', '#00b42a', '#1f6feb', '#722ed1'],
  },
  onLoad() {
    const app = getApp();
    console.log('about: greeting', app.globalData.greeting);
  },
});
