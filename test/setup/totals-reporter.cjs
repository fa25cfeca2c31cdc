// Mocha's spec output, then one plain line "N passed, M failed" that CI reads.
'use strict';
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class TotalsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures } = runner.stats;
      // Printed after the spec summary so it is the last line of the run.
      process.on('exit', () => process.stdout.write(`${passes} passed, ${failures} failed\n`));
    });
  }
}
module.exports = TotalsReporter;
