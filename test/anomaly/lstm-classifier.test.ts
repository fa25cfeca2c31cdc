import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  lstmClassifierScores,
  trainLstmClassifier,
  type LstmClassifierOptions,
  type LstmTrainingSeries,
} from '../../src/anomaly';
import { DAY_POINTS, STEP, wave, withShift } from './synthetic';

/** Small enough to train in about a second, large enough to shuffle several batches per epoch. */
const OPTIONS: LstmClassifierOptions = { units: 4, epochs: 3, stride: 3, seed: 13 };
const AT = 3 * DAY_POINTS;

function labelled(seed: number): LstmTrainingSeries {
  return {
    values: withShift(wave(4, seed), AT, 15),
    stepMs: STEP,
    windows: [{ first: AT - 20, last: AT + 20 }],
  };
}

const training = [labelled(1), labelled(2)];
const scored = labelled(3).values;

async function fitAndScore(options: LstmClassifierOptions): Promise<number[]> {
  const model = await trainLstmClassifier(training, options);
  try {
    return lstmClassifierScores(model, scored, STEP);
  } finally {
    model.dispose();
  }
}

describe('the LSTM anomaly classifier', () => {
  it('gives identical scores for the same seed, and different ones for another', async () => {
    const first = await fitAndScore(OPTIONS);
    const again = await fitAndScore(OPTIONS);
    assert.deepEqual(again, first);
    const other = await fitAndScore({ ...OPTIONS, seed: 14 });
    assert.notDeepEqual(other, first);
    assert.ok(
      first.slice(DAY_POINTS).every((p) => p > 0 && p < 1),
      'every scored row after the first day is a probability',
    );
  });

  it('leaves no tensor behind across fit and score (the optimizer state included)', async () => {
    await fitAndScore(OPTIONS); // warm-up: one-time allocations of the backend
    const before = tf.memory().numTensors;
    for (let round = 0; round < 2; round++) {
      await fitAndScore({ ...OPTIONS, seed: 20 + round });
      assert.equal(tf.memory().numTensors, before, `tensors after round ${round}`);
    }
  });
});
