// Records the order of handler calls for the event-phase tests.
function record(page, name, e) {
  page.setData({
    log: page.data.log.concat(name + '(' + e.target.id + '>' + e.currentTarget.id + ')'),
    mark: JSON.stringify(e.mark),
    dataset: JSON.stringify({ target: e.target.dataset, current: e.currentTarget.dataset }),
  });
}

Page({
  data: { log: [], mark: '', dataset: '', leafMark: 'first' },
  capRoot(e) { record(this, 'capRoot', e); },
  bubRoot(e) { record(this, 'bubRoot', e); },
  capMid(e) { record(this, 'capMid', e); },
  bubMid(e) { record(this, 'bubMid', e); },
  mutMid(e) { record(this, 'mutMid', e); },
  bubLeaf(e) { record(this, 'bubLeaf', e); },
  mutLeaf(e) { record(this, 'mutLeaf', e); },
  catchStopper(e) { record(this, 'catchStopper', e); },
  bubInStopper(e) { record(this, 'bubInStopper', e); },
  capGate(e) { record(this, 'capGate', e); },
  bubGate(e) { record(this, 'bubGate', e); },
  capBehind(e) { record(this, 'capBehind', e); },
  bubBehind(e) { record(this, 'bubBehind', e); },
  bump() { this.setData({ log: [], leafMark: 'second' }); },
});
