import assert from 'node:assert/strict';
import { cleanSpikes } from '../../../src/forecast/features';
import { gaussian } from '../evaluation/synthetic';

/** 60 points of small seeded noise around 10: a MAD that is not 0. */
function noisy(seed = 1): number[] {
  const z = gaussian(seed);
  return Array.from({ length: 60 }, () => 10 + 0.5 * z());
}

describe('cleanSpikes', () => {
  it('replaces an isolated spike by the median of its 5 centred neighbours', () => {
    const values = noisy();
    values[30] = 100;
    const cleaned = cleanSpikes(values);
    const neighbours = [values[28], values[29], values[30], values[31], values[32]] as number[];
    const middle = [...neighbours].sort((a, b) => a - b)[2] as number;
    assert.equal(cleaned[30], middle);
    assert.ok(Math.abs(cleaned[30] - 10) < 2, `cleaned ${cleaned[30]}`);
    cleaned.forEach((c, i) => i !== 30 && assert.equal(c, values[i], `point ${i} changed`));
  });

  it('absorbs a 2-point burst and keeps a 3-point plateau and a level shift', () => {
    const burst = noisy(2);
    burst[20] = 80;
    burst[21] = 80;
    const cleanedBurst = cleanSpikes(burst);
    assert.ok((cleanedBurst[20] as number) < 20 && (cleanedBurst[21] as number) < 20);

    const plateau = noisy(3);
    for (const i of [20, 21, 22]) plateau[i] = 80;
    assert.deepEqual(cleanSpikes(plateau), plateau);

    const shift = noisy(4).map((v, i) => (i >= 40 ? v + 50 : v));
    assert.deepEqual(cleanSpikes(shift), shift);
  });

  it('never touches the last 2 points', () => {
    const values = noisy(5);
    values[58] = 100;
    values[59] = -100;
    const cleaned = cleanSpikes(values);
    assert.equal(cleaned[58], 100);
    assert.equal(cleaned[59], -100);
    values[57] = 100;
    assert.notEqual(cleanSpikes(values)[57], 100, 'the third from last is still cleaned');
  });

  it('changes nothing when the residual MAD is 0', () => {
    const flat = Array<number>(50).fill(3);
    flat[10] = 1000;
    assert.deepEqual(cleanSpikes(flat), flat);
    assert.deepEqual(cleanSpikes([1, 2]), [1, 2]);
  });

  it('leaves a spike on a smooth trend: most points are their own running median, so the MAD is 0', () => {
    // A property of the rule as specified (issue 12), not of tsclean, which detrends first.
    const trend = Array.from({ length: 50 }, (_, i) => i);
    trend[20] = 500;
    assert.deepEqual(cleanSpikes(trend), trend);
  });

  it('returns a new array and leaves its input alone', () => {
    const values = noisy(6);
    values[10] = 90;
    const copy = [...values];
    const cleaned = cleanSpikes(values);
    assert.deepEqual(values, copy);
    assert.notEqual(cleaned[10], 90);
  });
});
