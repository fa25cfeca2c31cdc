import assert from 'node:assert/strict';
import {
  DAY_MS,
  periodStart,
  periodsToAdd,
  expiredPartitions,
  parseBound,
  partitionName,
  retentionCutoff,
  type Partition,
} from '../../src/db/retention-plan';

const D = Date.UTC(2026, 2, 10);
const day = (n: number): number => D + n * DAY_MS;
const daily = (...offsets: number[]): Partition[] => [
  ...offsets.map((n) => ({ name: partitionName(day(n)), lessThan: day(n + 1) })),
  { name: 'pmax', lessThan: null },
];

describe('db/retention-plan', () => {
  it('names a partition after the day it holds and parses the bounds information_schema shows', () => {
    assert.equal(partitionName(day(0)), 'p20260310');
    assert.equal(parseBound("'2026-03-11'"), day(1));
    assert.equal(parseBound("'2026-03-11 00:00:00'"), day(1));
    assert.equal(parseBound('MAXVALUE'), null);
    assert.throws(() => parseBound("'soon'"), /partition bound must be a date or MAXVALUE, got 'soon'/);
  });

  it('counts the cutoff back from now: the older of the nominal time and the wall clock, never the data', () => {
    const asOf = day(0) + 3 * 3_600_000;
    assert.equal(retentionCutoff(asOf, asOf + 60_000, 30), asOf - 30 * DAY_MS);
    // A run dated in the future counts from the wall clock, so it cannot expire rows inside the retention.
    assert.equal(retentionCutoff(day(400), asOf, 30), asOf - 30 * DAY_MS);
  });

  it('adds today and the days ahead above the last daily bound, once', () => {
    const first = periodsToAdd({
      periodDays: 1,
      partitions: daily(),
      daysWithRows: [],
      asOf: day(0) + 1,
      aheadPeriods: 2,
      cutoff: 0,
    });
    assert.deepEqual(first, [day(0), day(1), day(2)]);
    const next = periodsToAdd({
      periodDays: 1,
      partitions: daily(0, 1, 2),
      daysWithRows: [],
      asOf: day(1),
      aheadPeriods: 2,
      cutoff: 0,
    });
    assert.deepEqual(next, [day(3)]);
    assert.deepEqual(
      periodsToAdd({
        periodDays: 1,
        partitions: daily(0, 1, 2, 3),
        daysWithRows: [],
        asOf: day(1),
        aheadPeriods: 2,
        cutoff: 0,
      }),
      [],
    );
  });

  it('gives each day with rows in pmax its own partition and collapses the expired ones into one', () => {
    const days = periodsToAdd({
      periodDays: 1,
      partitions: daily(),
      daysWithRows: [day(-50), day(-40), day(-3) + 5_000, day(-3), day(0)],
      asOf: day(0),
      aheadPeriods: 1,
      cutoff: day(-30),
    });
    assert.deepEqual(days, [day(-40), day(-3), day(0), day(1)]);
  });

  it('lays weekly partitions from Monday and adds the weeks with rows and the weeks ahead', () => {
    const monday = Date.UTC(2026, 2, 9);
    assert.equal(periodStart(day(0) + 5 * 3_600_000, 7), monday);
    assert.equal(periodStart(monday - 1, 7), monday - 7 * DAY_MS);
    assert.equal(periodStart(day(0) + 1, 1), day(0));
    const weeks = periodsToAdd({
      ...{ partitions: daily(), daysWithRows: [day(-20), day(-19)], asOf: day(0), aheadPeriods: 1 },
      ...{ periodDays: 7, cutoff: day(-60) },
    });
    assert.deepEqual(
      weeks.map((w) => partitionName(w)),
      ['p20260216', 'p20260309', 'p20260316'],
    );
  });

  it('expires a partition only when its bound is at or before the cutoff, never pmax', () => {
    const parts = daily(-31, -30, -29);
    assert.deepEqual(
      expiredPartitions(parts, day(-30)).map((p) => p.name),
      ['p20260207'],
    );
    assert.deepEqual(
      expiredPartitions(parts, day(-29) - 1).map((p) => p.name),
      ['p20260207'],
    );
    assert.deepEqual(
      expiredPartitions(parts, day(-29)).map((p) => p.name),
      ['p20260207', 'p20260208'],
    );
    assert.deepEqual(
      expiredPartitions(parts, day(100)).map((p) => p.name),
      ['p20260207', 'p20260208', 'p20260209'],
    );
  });
});
