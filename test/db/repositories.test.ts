import assert from 'node:assert/strict';
import {
  countByGranularity,
  listSeries,
  readObservations,
  upsertObservations,
  upsertSeries,
  naturalKeyOf,
  type SeriesIdentity,
} from '../../src/db';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { cpuIdentity } from './support/seed';

const cpu: SeriesIdentity = { ...cpuIdentity, granularity: '5m' };
const T0 = Date.UTC(2026, 10, 23, 10, 0);

describe('db/repositories', () => {
  let db: TestDb;
  before(async () => (db = await createTestDb('repos')));
  after(async () => db.drop());

  it('creates a series once whatever the order of its dimensions', async () => {
    const first = await upsertSeries(db, [cpu, { ...cpu, granularity: '1h' }]);
    const again = await upsertSeries(db, [{ ...cpu, dimensions: { InstanceId: 'i-0abc' } }]);
    assert.equal(first.size, 2);
    assert.equal(again.get(naturalKeyOf(cpu)), first.get(naturalKeyOf(cpu)));
    const rows = await listSeries(db, { granularity: '5m' });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.name, 'AWS/EC2/CPUUtilization/i-0abc@5m');
    assert.deepEqual(rows[0]!.dimensions, { InstanceId: 'i-0abc' });
  });

  it('upserts observations: a repeat changes nothing, a revision is counted', async () => {
    const id = (await upsertSeries(db, [cpu])).get(naturalKeyOf(cpu))!;
    const points = [0, 1, 2].map((i) => ({ seriesId: id, t: T0 + i * 300_000, value: 10 + i }));
    await upsertObservations(db, points);
    const before = await snapshotTable(db, 'observations', 'series_id, ts');
    await upsertObservations(db, points);
    assert.equal(await snapshotTable(db, 'observations', 'series_id, ts'), before);

    await upsertObservations(db, [{ seriesId: id, t: T0 + 300_000, value: 42 }]);
    const stored = await readObservations(db, id, { from: T0, to: T0 + 3 * 300_000 });
    assert.deepEqual(
      stored.map((o) => [o.t - T0, o.value, o.revision]),
      [
        [0, 10, 0],
        [300_000, 42, 1],
        [600_000, 12, 0],
      ],
    );
  });

  it('counts series and points per granularity', async () => {
    const counts = await countByGranularity(db);
    const fine = counts.find((c) => c.granularity === '5m')!;
    assert.equal(fine.series, 1);
    assert.equal(fine.points, 3);
    assert.equal(fine.first, T0);
  });

  it('stores SQL-looking names as plain data', async () => {
    const evil = {
      ...cpu,
      host: "x'); DROP TABLE series; --",
      dimensions: { InstanceId: "'; DELETE FROM observations; --" },
    };
    await upsertSeries(db, [evil]);
    const found = await listSeries(db, { nameContains: 'DROP TABLE' });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.host, evil.host);
    assert.equal((await countByGranularity(db)).find((c) => c.granularity === '5m')!.points, 3);
  });
});
