Page({
  data: { sw: 'off', checks: 'b', radio: 'x', slider: 30, changing: '', pct: 30, log: '' },
  add(s) { this.setData({ log: this.data.log + s + ';' }); },
  onSwitch(e) {
    this.setData({ sw: String(e.detail.value) });
    this.add('switch:' + e.detail.value + ':' + e.target.id);
  },
  onChecks(e) {
    this.setData({ checks: e.detail.value.join(',') });
    this.add('checks:' + e.currentTarget.id);
  },
  onRadio(e) { this.setData({ radio: e.detail.value }); },
  onChanging(e) { this.setData({ changing: this.data.changing + e.detail.value + ',' }); },
  onSlider(e) {
    this.setData({ slider: e.detail.value, pct: e.detail.value });
    this.add('slider:' + e.target.id + '=' + e.detail.value);
  },
  onCaught(e) { this.add('caught:' + e.detail.key); },
  onTap(e) { this.add('tap:' + e.currentTarget.id); },
  onBtn(e) { this.add('btn:' + e.currentTarget.id); }
});
