import assert from 'node:assert/strict';
import { TtlCache } from '../../src/api/ttl-cache';

describe('api/TtlCache', () => {
  it('reuses an answer within its time to live, loads again after it, and shares concurrent misses', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(5000, 100, () => now);
    const load = () => Promise.resolve(++loads);
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    assert.deepEqual([a, b, loads], [1, 1, 1]);
    now = 4999;
    assert.equal(await cache.get('k', load), 1);
    now = 5000;
    assert.equal(await cache.get('k', load), 2);
  });

  it('keeps no failed load, bounds its size, and with ttl 0 always loads', async () => {
    const cache = new TtlCache<number>(1000, 2, () => 0);
    await assert.rejects(cache.get('bad', () => Promise.reject(new Error('db down'))));
    assert.equal(await cache.get('bad', () => Promise.resolve(7)), 7);
    await cache.get('b', () => Promise.resolve(1));
    await cache.get('c', () => Promise.resolve(1));
    assert.equal(await cache.get('bad', () => Promise.resolve(8)), 8, 'the oldest entry was evicted');
    const off = new TtlCache<number>(0);
    let n = 0;
    await off.get('k', () => Promise.resolve(++n));
    await off.get('k', () => Promise.resolve(++n));
    assert.equal(n, 2);
  });
});
