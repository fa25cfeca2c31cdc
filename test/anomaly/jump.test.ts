import assert from 'node:assert/strict';
import { SPATIAL_SCORE, likelihoodOptions, likelihoodScores } from '../../src/anomaly';
import { JUMP_HOURS, jumpRatio, newJumpMemory } from '../../src/anomaly/jump';
import { DAY_POINTS, STEP, wave, withSpike } from './synthetic';

const HOUR = 3_600_000;
const options = likelihoodOptions(STEP);
/** Noon of day 8, where the wave crosses its mean: a spike of 6 stays inside the range seen. */
const AT = 8 * DAY_POINTS + DAY_POINTS / 2;
const quiet = wave(10);

describe('the jump memory', () => {
  it('judges a change against the largest of the last 168 hours, once a full week is remembered', () => {
    const memory = newJumpMemory();
    for (let h = 0; h < JUMP_HOURS; h++) assert.equal(jumpRatio(memory, h === 3 ? 2 : 1, h * HOUR), 0);
    assert.equal(jumpRatio(memory, 4, JUMP_HOURS * HOUR), 2, 'the change of 2 in hour 3 is still remembered');
    // Hour 3 has left the week: the largest remembered change is now 4, made this hour.
    assert.equal(jumpRatio(memory, 1, (JUMP_HOURS + 3) * HOUR), 0.25);
    assert.equal(memory.largest.length, JUMP_HOURS);
  });

  it('forgets the hours of a gap', () => {
    const memory = newJumpMemory();
    for (let h = 0; h <= JUMP_HOURS; h++) jumpRatio(memory, 5, h * HOUR);
    // Two weeks without points: nothing is remembered, so any change is beyond all of them.
    assert.equal(jumpRatio(memory, 1, 3 * JUMP_HOURS * HOUR), 1e12);
  });
});

describe('the likelihood detector on jumps', () => {
  it('flags a jump after a quiet week, inside the range of values seen', () => {
    const spiked = withSpike(quiet, AT, 6);
    assert.ok((spiked[AT] as number) < Math.max(...quiet.slice(0, AT)), 'inside the range');
    const scores = likelihoodScores(spiked, options);
    assert.equal(scores[AT], SPATIAL_SCORE);
    const without = likelihoodScores(spiked, { ...options, jumpTail: Infinity });
    assert.ok((without[AT] as number) < 1, `the error streams alone score it ${without[AT]}`);
    assert.deepEqual(
      scores.flatMap((s, i) => (s === without[i] ? [] : [i])),
      [AT],
      'the jump check changes that point only',
    );
  });

  it('does not flag a repeated jump of the same size, nor a jump before a week is remembered', () => {
    const twice = withSpike(withSpike(quiet, AT, 6), AT + DAY_POINTS, 6);
    const scores = likelihoodScores(twice, options);
    assert.equal(scores[AT], SPATIAL_SCORE);
    assert.ok((scores[AT + DAY_POINTS] as number) < 4, `the repeat scores ${scores[AT + DAY_POINTS]}`);
    const alone = likelihoodScores(withSpike(quiet, AT + DAY_POINTS, 6), options);
    assert.equal(alone[AT + DAY_POINTS], SPATIAL_SCORE, 'without the first, the second is flagged');
    const early = 5 * DAY_POINTS + DAY_POINTS / 2;
    const young = likelihoodScores(withSpike(quiet, early, 6), options);
    assert.ok((young[early] as number) < 4, `a jump on day 5 scores ${young[early]}`);
  });
});
