Page({
  data: { name: '', log: '', later: false },
  add(s) { this.setData({ log: this.data.log + s + ';' }); },
  onName(e) {
    this.setData({ name: e.detail.value });
    this.add('input:' + JSON.stringify(e.detail));
  },
  onFocus(e) { this.add('focus:' + e.currentTarget.id + ':' + JSON.stringify(e.detail)); },
  onBlur(e) { this.add('blur:' + e.currentTarget.id + ':' + JSON.stringify(e.detail)); },
  onConfirm(e) { this.add('confirm:' + e.currentTarget.id + ':' + JSON.stringify(e.detail)); },
  onKeyboard(e) { this.add('keyboard:' + JSON.stringify(e.detail)); },
  onPin(e) { this.add('pin:' + e.detail.value); },
  toUpper(e) { return e.detail.value.toUpperCase(); },
  onNotes(e) { this.add('notes:' + JSON.stringify(e.detail.value)); },
  focusLater() { this.setData({ later: true }); }
});
