// FinClip's declaration of the custom APIs this app calls.
module.exports = {
  extApi: [
    { name: 'getSpeed', sync: true, params: {} },
    { name: 'notOnThisDevice', sync: false, params: { a: '' } },
    { name: 'alsoMissingSync', sync: true, params: {} },
    { name: 'echoSync', sync: false, params: {} },
    { name: 'trunk', sync: true, params: {} },
  ],
};
