const { page } = require('../../utils/log.js');
Page(page('me', {}));
