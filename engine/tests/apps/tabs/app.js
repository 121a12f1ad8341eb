// The chrome fixture: every lifecycle appends "page:event" to globalData.log.
App({ globalData: { log: [] } });
