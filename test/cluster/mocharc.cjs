// mocha settings for `npm run test:cluster`: the root settings without their spec, so only the
// files named on the command line run. Out of `npm test`: the first run builds temporal-server
// with Go (minutes), and the cluster with its workers takes a few minutes more.
const { spec: _everyTest, ...root } = require('../../.mocharc.cjs');

module.exports = { ...root, timeout: 30 * 60_000 };
