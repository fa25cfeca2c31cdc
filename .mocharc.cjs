// mocha settings for `npm test`. `exit: true` as in Temporal's own TypeScript samples: every test
// closes its pools, workers and servers in after-hooks, but the SDK's native runtime keeps the
// event loop alive after the last test, so mocha ends the process once the run is reported.
module.exports = {
  require: ['tsx/cjs', 'test/setup/global-hooks.ts'],
  spec: ['test/**/*.test.ts'],
  extension: ['ts'],
  recursive: true,
  'forbid-only': true,
  timeout: 60000,
  reporter: 'test/setup/totals-reporter.cjs',
  exit: true,
};
