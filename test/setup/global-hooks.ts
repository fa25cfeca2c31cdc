// Root hooks for the whole mocha run: services started lazily by tests are stopped once at the end.
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { stopSharedTemporalEnv } from '../support/temporal-env';

// Quiet the SDK's own logging in tests; failures still surface through assertions.
Runtime.install({ logger: new DefaultLogger('WARN') });

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopSharedTemporalEnv();
  },
};
