// The custom APIs this app calls, as FinClip declares them: the host (apps/c-host/main.c)
// provides both.
module.exports = {
  extApi: [
    { name: 'getVehicleSpeed', sync: true, params: {} },
    { name: 'openTrunk', sync: false, params: { confirm: true } },
  ],
};
