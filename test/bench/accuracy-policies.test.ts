import assert from 'node:assert/strict';
import { DEFAULT_POLICY, POLICY_MENU, productionPolicy } from '../../bench/accuracy-policies';
import { SERVING_DEFAULTS } from '../../src/forecast';

describe('bench:accuracy policy menu', () => {
  it('offers each combination with and without the single-model override, and names the default', () => {
    for (const policy of POLICY_MENU.filter((p) => !p.name.endsWith('-only'))) {
      const twin = POLICY_MENU.find((p) => p.name === `${policy.name}-only`);
      assert.equal(policy.options.margin, 0.1, policy.name);
      assert.equal(twin?.options.margin, Infinity, `${policy.name}-only`);
    }
    const chosen = POLICY_MENU.find((p) => p.name === DEFAULT_POLICY);
    assert.equal(chosen?.options.margin, SERVING_DEFAULTS.margin);
    assert.equal(chosen?.options.memberShare, SERVING_DEFAULTS.memberShare);
    assert.equal(DEFAULT_POLICY, 'median-two-thirds-only');
  });

  it("serves each granularity under production's options: always combined hourly, the override at 5 minutes", () => {
    assert.equal(productionPolicy('1h'), 'median-two-thirds-only');
    assert.equal(productionPolicy('5m'), 'median-two-thirds');
  });
});
