// Where the built dashboard lives; @telemeter/server serves this folder at `/`.
const { join } = require('node:path');

exports.staticDir = join(__dirname, 'static') + require('node:path').sep;
