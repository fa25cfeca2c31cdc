import assert from 'node:assert/strict';
import {
  planSeriesRanges,
  rangeSize,
  rangesFromBoundaries,
  resolveSeriesRange,
  upsertSeries,
  type SeriesIdentity,
} from '../../src/db';
import { asSeriesId, type Granularity } from '../../src/shared';
import { createTestDb, type TestDb } from '../support/test-db';

const identity = (n: number, granularity: Granularity): SeriesIdentity => ({
  source: 'test',
  namespace: 'AWS/EC2',
  metric: 'CPUUtilization',
  dimensions: { InstanceId: `i-${n}` },
  host: `h-${n}`,
  site: '',
  unit: 'Percent',
  granularity,
});

describe('db/series-ranges', function () {
  this.timeout(60_000);
  let db: TestDb;
  let hourly: number[];

  before(async () => {
    db = await createTestDb('ranges');
    // 23 hourly series interleaved with 5-minute ones, so the hourly ids are not consecutive.
    const all = Array.from({ length: 23 }, (_, n) => [identity(n, '1h'), identity(n, '5m')]).flat();
    await upsertSeries(db, all);
    const rows = await db.pool.query<Array<{ id: number }>>(
      "SELECT id FROM series WHERE granularity = '1h' ORDER BY id",
    );
    hourly = rows.map((r) => r.id);
    // Two inactive hourly series are neither counted nor resolved.
    await db.pool.query('UPDATE series SET active = 0 WHERE id IN (?)', [[hourly[3], hourly[10]]]);
    hourly = hourly.filter((_, i) => i !== 3 && i !== 10);
  });
  after(() => db.drop());

  it('plans ranges of the asked size whose resolved ids are every active series once, in order', async () => {
    const plan = await planSeriesRanges(db, '1h', { size: 5, maxRanges: 100 });
    assert.equal(plan.total, 21);
    assert.equal(plan.size, 5);
    assert.deepEqual(
      plan.ranges.map((r) => r.count),
      [5, 5, 5, 5, 1],
    );
    const resolved = [];
    for (const range of plan.ranges) {
      const ids = await resolveSeriesRange(db, range);
      assert.equal(ids.length, range.count, `range ${range.first}–${range.last}`);
      resolved.push(...ids);
    }
    assert.deepEqual(resolved, hourly);
    assert.equal(plan.ranges.at(-1)?.last, hourly.at(-1));
  });

  it('grows the range size rather than exceed the most ranges asked for', async () => {
    const plan = await planSeriesRanges(db, '1h', { size: 2, maxRanges: 4 });
    assert.equal(plan.size, 6);
    assert.deepEqual(
      plan.ranges.map((r) => r.count),
      [6, 6, 6, 3],
    );
  });

  it('plans nothing for a granularity without active series', async () => {
    await db.pool.query("UPDATE series SET active = 0 WHERE granularity = '5m'");
    assert.deepEqual(await planSeriesRanges(db, '5m', { size: 5, maxRanges: 10 }), {
      total: 0,
      size: 5,
      ranges: [],
    });
  });

  it('plans a million series as 1,000 ranges from boundaries alone', () => {
    const total = 1_000_000;
    const size = rangeSize(total, 500, 1_000);
    assert.equal(size, 1_000);
    const starts = Array.from({ length: 1_000 }, (_, k) => asSeriesId(1 + k * size));
    const ranges = rangesFromBoundaries('1h', starts, asSeriesId(total), { total, size });
    assert.equal(ranges.length, 1_000);
    assert.deepEqual(ranges[1], { granularity: '1h', first: 1_001, last: 2_000, count: 1_000 });
    assert.equal(
      ranges.reduce((n, r) => n + r.count, 0),
      total,
    );
  });
});
