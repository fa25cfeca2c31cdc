// Root hooks for the whole mocha run: services started lazily by tests are stopped once at the end.
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { stopSharedTemporalEnv } from '../support/temporal-env';

// Quiet the SDK's own logging in tests (expected activity failures log at WARN); assertions report failures.
Runtime.install({ logger: new DefaultLogger('ERROR') });

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopSharedTemporalEnv();
  },
};
