import assert from 'node:assert/strict';
import { aggregateHourly } from '../../src/ingest';

const H = Date.UTC(2024, 0, 1, 10);
const MIN = 60_000;

describe('ingest/aggregateHourly', () => {
  it('gives mean, max and count per UTC hour, partial hours kept with their count', () => {
    const full = Array.from({ length: 12 }, (_, i) => ({ t: H + i * 5 * MIN, v: i + 1 })); // 1..12
    const partial = [
      { t: H + 60 * MIN, v: 4 },
      { t: H + 65 * MIN, v: -2 },
      { t: H + 115 * MIN, v: 1.5 },
    ];
    const early = { t: H - 5 * MIN, v: 8 };
    assert.deepEqual(aggregateHourly([...partial.reverse(), ...full, early]), [
      { t: H - 60 * MIN, mean: 8, max: 8, count: 1 },
      { t: H, mean: 6.5, max: 12, count: 12 },
      { t: H + 60 * MIN, mean: 3.5 / 3, max: 4, count: 3 },
    ]);
  });

  it('puts a point on the hour into the hour it starts and returns nothing for no points', () => {
    assert.deepEqual(
      aggregateHourly([
        { t: H + 59 * MIN + 59_999, v: 1 },
        { t: H + 60 * MIN, v: 2 },
      ]),
      [
        { t: H, mean: 1, max: 1, count: 1 },
        { t: H + 60 * MIN, mean: 2, max: 2, count: 1 },
      ],
    );
    assert.deepEqual(aggregateHourly([]), []);
  });
});
