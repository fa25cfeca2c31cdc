import assert from 'node:assert/strict';
import {
  MIN_STEP_SCORES,
  pooledScores,
  stepNeighbourhood,
} from '../../../src/forecast/evaluation/step-pooling';

describe('pooling scores across horizon steps', () => {
  it('keeps a step with enough scores of its own alone', () => {
    assert.deepEqual(stepNeighbourhood([100, 100, 100], 1), [1]);
    assert.deepEqual(stepNeighbourhood([5, 200, 5], 1, 150), [1]);
  });

  it('adds both neighbours at each distance, nearest first, until the pool is large enough', () => {
    assert.deepEqual(stepNeighbourhood([23, 23, 23, 23, 23, 23, 23], 3), [3, 2, 4, 1, 5]);
    // At an edge the pool grows on the one side there is.
    assert.deepEqual(stepNeighbourhood([23, 23, 23, 23, 23, 23, 23], 0), [0, 1, 2, 3, 4]);
    // Too few scores in all: every step.
    assert.deepEqual(stepNeighbourhood([10, 10, 10], 2).sort(), [0, 1, 2]);
  });

  it('pools the scores of the neighbourhood', () => {
    assert.deepEqual(pooledScores([[1], [2, 3], [4]], 0, 3), [1, 2, 3]);
    assert.deepEqual(pooledScores([[1], [2, 3], [4]], 1, 3), [2, 3, 1, 4]);
    assert.equal(MIN_STEP_SCORES, 100);
  });
});
