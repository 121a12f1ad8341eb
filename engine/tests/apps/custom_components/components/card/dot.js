Component({
  properties: { color: String },
  methods: {
    ping: function () {
      // Crosses the card into the page.
      this.triggerEvent('ping', { x: 1 }, { bubbles: true, composed: true });
      // Bubbles inside the card's template only.
      this.triggerEvent('pong', { y: 2 }, { bubbles: true });
      // Reaches the host's own bindings only.
      this.triggerEvent('flat', {});
    },
    tapDot: function () {
      this.triggerEvent('dotted', { color: 'blue' });
    },
  },
});
