// mocha settings for `npm test`. `exit: true` as in Temporal's own TypeScript samples: every test
// closes its pools, workers and servers in after-hooks, but the SDK's native runtime keeps the
// event loop alive after the last test, so mocha ends the process once the run is reported.
// Files named on the command line replace the default spec (mocha would otherwise add them to it
// and run the whole suite).
const namedFiles = process.argv.slice(2).some((a) => !a.startsWith('-') && /\.ts$|^test\//.test(a));

module.exports = {
  require: ['tsx/cjs', 'test/setup/global-hooks.ts'],
  spec: namedFiles ? [] : ['test/**/*.test.ts'],
  extension: ['ts'],
  recursive: true,
  'forbid-only': true,
  timeout: 60000,
  reporter: 'test/setup/totals-reporter.cjs',
  exit: true,
};
