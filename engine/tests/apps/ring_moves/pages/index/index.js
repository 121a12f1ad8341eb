// Enter on the button makes the note above it wrap, which moves the focused button down.
Page({
  data: { note: 'Short.' },
  grow() {
    this.setData({ note: 'A note long enough to wrap onto two or three lines in this narrow window.' });
  },
});
