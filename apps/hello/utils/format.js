// Shared helpers, loaded with require() from the pages.
function plural(n, one, many) {
  return n === 1 ? one : many;
}

function describeCount(n) {
  return n + ' ' + plural(n, 'tap', 'taps');
}

module.exports = { plural, describeCount };
