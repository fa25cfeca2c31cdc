import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { KEEP_ALIVE_ACTIVITIES, whileAlive, withKeepAlive } from '../../src/activities/keep-alive';

describe('activities/keep-alive', () => {
  it('heartbeats while the work runs inside an activity, and returns its result', async () => {
    const env = new MockActivityEnvironment();
    let beats = 0;
    env.on('heartbeat', () => (beats += 1));
    const result = await env.run(() => whileAlive(() => Promise.resolve(42)));
    assert.equal(result, 42);
    assert.ok(beats >= 1, 'a heartbeat at the start');
  });

  it('runs plain outside an activity, and refuses a listed activity that is not registered', async () => {
    assert.equal(await whileAlive(() => Promise.resolve('direct')), 'direct');
    const all = Object.fromEntries(KEEP_ALIVE_ACTIVITIES.map((name) => [name, () => Promise.resolve(name)]));
    const wrapped = withKeepAlive(all);
    assert.equal(await wrapped['reconcileCycle']?.(), 'reconcileCycle');
    const { reconcileCycle: _dropped, ...missing } = all;
    assert.throws(() => withKeepAlive(missing), /reconcileCycle is not registered/);
  });
});
