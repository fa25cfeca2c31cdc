import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createForecaster, loadForecaster } from '../../../src/forecast/tfjs';
import type { TfjsKind } from '../../../src/forecast/tfjs';
import { dailySine, head, originsBetween } from './synthetic';

describe('tfjs forecasters: tensor hygiene and the event loop', () => {
  const series = dailySine(200);
  const inputs = originsBetween(series, 150, 160);

  async function roundTrip(kind: TfjsKind): Promise<void> {
    const forecaster = createForecaster(kind, { hyperparameters: { epochs: 2, units: 4, window: 24 } });
    await forecaster.fit(head(series, 150), { horizon: 6, seed: 1 });
    await forecaster.predictBatch(inputs);
    await forecaster.fit(head(series, 140), { horizon: 6, seed: 2 }); // refit frees the previous network
    const reloaded = await loadForecaster(await forecaster.serialize());
    await reloaded.predict(inputs[0]!);
    reloaded.dispose();
    forecaster.dispose();
  }

  it('leaves no tensor behind across repeated fit, predict, serialize, load and dispose', async () => {
    for (const kind of ['lstm', 'tcn', 'dense'] as const) await roundTrip(kind); // warm-up: one-time allocations
    const before = tf.memory().numTensors;
    for (let round = 0; round < 2; round++) {
      for (const kind of ['lstm', 'tcn', 'dense'] as const) await roundTrip(kind);
      assert.equal(tf.memory().numTensors, before, `tensors after round ${round}`);
    }
  });

  it('yields to the event loop while training and reports progress every epoch', async () => {
    const forecaster = createForecaster('lstm', { hyperparameters: { epochs: 4, patience: 10, units: 8 } });
    const epochs: number[] = [];
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    try {
      await forecaster.fit(head(series, 150), {
        horizon: 6,
        seed: 1,
        onProgress: (p) => epochs.push(p.epoch),
      });
    } finally {
      clearInterval(timer);
      forecaster.dispose();
    }
    assert.deepEqual(epochs, [1, 2, 3, 4]);
    assert.ok(longest < 1000, `event loop blocked for ${longest.toFixed(0)} ms`);
  });
});
