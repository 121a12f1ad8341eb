// A mini-program that reads the car's speed and opens its trunk through the host
// functions apps/c-host/main.c registers (see FinClipConf.js).
App({
  onLaunch() {
    console.log('vehicle app launched');
  },
});
