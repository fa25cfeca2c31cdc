// Root hooks for the whole mocha run: services started lazily by tests are stopped once at the end.
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { LIVE_SUITE_MARK, liveStack, stopLiveStack } from '../support/live-prometheus';
import { stopSharedTemporalEnv } from '../support/temporal-env';

// Quiet the SDK's own logging in tests (expected activity failures log at WARN); assertions report failures.
Runtime.install({ logger: new DefaultLogger('ERROR') });

/** Whether a suite of this run (at any depth) has `mark` in its title. */
function runIncludes(suite: Mocha.Suite | undefined, mark: string): boolean {
  if (!suite) return false;
  return suite.title.includes(mark) || suite.suites.some((s) => runIncludes(s, mark));
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    // Live node_exporter data accrues in wall-clock time: start scraping now, read it much later.
    if (runIncludes(this.test?.parent, LIVE_SUITE_MARK)) await liveStack();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopSharedTemporalEnv();
    await stopLiveStack();
  },
};
