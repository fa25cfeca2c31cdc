import assert from 'node:assert/strict';
import {
  getAlias,
  loadArtifact,
  loadArtifacts,
  readChampions,
  readObservations,
  readRecentObservations,
} from '../../src/db';
import type { ModelVersionId, SeriesId } from '../../src/shared';
import { createTestDb, type TestDb } from '../support/test-db';
import { HORIZON, NOMINAL, seedCycleDb } from '../workflows/cycle-fixtures';

const DAY_MS = 86_400_000;

describe('db/shard-reads: a shard batch reads what per-series reads would, in one statement each', function () {
  this.timeout(60_000);
  let db: TestDb;
  let hourly: SeriesId[];
  let withChampion: SeriesId[];

  before(async () => {
    db = await createTestDb('shardreads');
    ({ hourly, withChampion } = await seedCycleDb(db, 2));
  });
  after(async () => {
    await db.drop();
  });

  it('readChampions gives the champion of each series that has one, as getAlias does', async () => {
    const champions = await readChampions(db, hourly, '1h', HORIZON);
    assert.deepEqual([...champions.keys()].sort(), [...withChampion].sort());
    for (const seriesId of withChampion) {
      const key = { seriesId, granularity: '1h' as const, horizon: HORIZON };
      assert.deepEqual(champions.get(seriesId), await getAlias(db, key, 'champion'));
    }
    assert.equal((await readChampions(db, hourly, '1h', HORIZON + 1)).size, 0);
    assert.equal((await readChampions(db, [], '1h', HORIZON)).size, 0);
  });

  it('loadArtifacts gives loadArtifact’s artifacts and leaves out a corrupt one', async () => {
    const ids = [...(await readChampions(db, hourly, '1h', HORIZON)).values()].map((v) => v.id);
    const [good, bad] = ids as [ModelVersionId, ModelVersionId];
    const before = await loadArtifacts(db, ids);
    assert.deepEqual(before.get(good), await loadArtifact(db, good));
    assert.deepEqual(before.get(bad), await loadArtifact(db, bad));
    await db.pool.query(`UPDATE model_versions SET state = '{"tampered":1}' WHERE id = ?`, [bad]);
    const after = await loadArtifacts(db, ids);
    assert.deepEqual([...after.keys()], [good]);
    await assert.rejects(loadArtifact(db, bad), /is corrupt: sha256/);
  });

  it('readRecentObservations groups each series’ rows as readObservations reads them', async () => {
    const range = { from: NOMINAL - 14 * DAY_MS, to: NOMINAL };
    const bySeries = await readRecentObservations(db, hourly, range);
    assert.deepEqual([...bySeries.keys()], hourly);
    for (const seriesId of hourly)
      assert.deepEqual(bySeries.get(seriesId), await readObservations(db, seriesId, range));
    const before = await readRecentObservations(db, hourly, { from: 0, to: Date.UTC(2000, 0, 1) });
    assert.equal(before.size, 0);
  });
});
