// mocha settings for the fault-injection runs: the root settings without their spec, so only the
// files named on the command line run (`npm run test:faults`, or one file while working on it).
// The CI subset of worker kills is left out: the full run's twenty kills supersede its three, and
// `RESULT faults.kills` counts the twenty alone.
const { spec: _everyTest, ...root } = require('../../.mocharc.cjs');

module.exports = { ...root, timeout: 20 * 60_000, ignore: ['test/faults/worker-kill.test.ts'] };
