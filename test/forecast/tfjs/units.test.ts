import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/forecast/backend';
import { conformalFromResiduals, conformalQuantile } from '../../../src/forecast/tfjs/conformal';
import { planSplit } from '../../../src/forecast/tfjs/fit-network';
import { defaultSeasonPeriod, resolveHyperparameters } from '../../../src/forecast/tfjs/hyperparameters';
import { mulberry32, permutation } from '../../../src/forecast/tfjs/prng';
import { tcnDepth } from '../../../src/forecast/tfjs/tcn';

describe('tfjs building blocks', () => {
  it('initBackend picks one backend, once, and says why', async () => {
    const lines: string[] = [];
    const first = await initBackend({ logger: { info: (m) => lines.push(m) } });
    const second = await initBackend({ logger: { info: (m) => lines.push(m) } });
    assert.equal(second, first);
    assert.equal(tf.getBackend(), first.name);
    assert.ok(lines.length <= 1);
    let native = true;
    try {
      require.resolve('@tensorflow/tfjs-node');
    } catch {
      native = false;
    }
    assert.equal(first.name, native ? 'tensorflow' : 'wasm');
    if (!native) assert.match(first.reason, /tfjs-node unavailable.*WebAssembly, SIMD (on|off)/);
  });

  it('conformal quantile takes rank ceil((n+1)(1-α)), capped at the largest residual', () => {
    const residuals = [9, 1, 8, 2, 7, 3, 6, 4, 5];
    assert.equal(conformalQuantile(residuals, 0.2), 8);
    assert.equal(conformalQuantile(residuals, 0.05), 9);
    assert.equal(conformalQuantile([], 0.2), 0);
    const q = conformalFromResiduals([0, 0, 0, 0], [1, -2, 3, -4], 2);
    assert.deepEqual(q, { q80: [3, 4], q95: [3, 4] });
  });

  it('splits windows chronologically with a purge gap of horizon − 1', () => {
    assert.deepEqual(planSplit(100, 6, 0.2), { train: 75, validationStart: 80, validation: 20 });
    assert.deepEqual(planSplit(5, 6, 0.2), { train: 5, validationStart: 0, validation: 0 });
  });

  it('stacks enough TCN blocks for the receptive field to cover the window', () => {
    assert.equal(tcnDepth(48, 2), 6);
    assert.equal(tcnDepth(24, 3), 4);
    assert.equal(tcnDepth(1, 2), 1);
  });

  it('derives defaults from the step: hourly window 24 (LSTM) / 48, 5-minute 72 / 144', () => {
    assert.equal(defaultSeasonPeriod(3_600_000), 24);
    assert.equal(defaultSeasonPeriod(300_000), 288);
    const hourly = { length: 336, horizon: 6, seasonPeriod: 24 };
    assert.equal(resolveHyperparameters('lstm', {}, hourly).window, 24);
    assert.equal(resolveHyperparameters('tcn', {}, hourly).window, 48);
    const fiveMin = { length: 4032, horizon: 12, seasonPeriod: 288 };
    assert.equal(resolveHyperparameters('lstm', undefined, fiveMin).window, 72);
    assert.equal(resolveHyperparameters('dense', undefined, fiveMin).window, 144);
    assert.equal(
      resolveHyperparameters('dense', {}, { length: 40, horizon: 6, seasonPeriod: 24 }).window,
      17,
    );
  });

  it('shuffles the same way for the same seed', () => {
    assert.deepEqual(permutation(10, mulberry32(3)), permutation(10, mulberry32(3)));
    assert.notDeepEqual(permutation(10, mulberry32(3)), permutation(10, mulberry32(4)));
  });
});
