import assert from 'node:assert/strict';
import { upsertObservations, type ObservationRow } from '../../src/db';
import type { SeriesId } from '../../src/shared';
import { createTestDb, type TestDb } from '../support/test-db';
import { seedSeries, testIdentity } from './support/seed';

const T0 = Date.UTC(2026, 0, 1);
const STEP = 300_000;
/** Above the bulk threshold, so the LOAD DATA path writes them. */
const N = 12_000;

describe('db/observations bulk path (LOAD DATA LOCAL INFILE)', function () {
  this.timeout(60_000);
  let db: TestDb;
  let id: SeriesId;
  const rows = (change: (k: number) => number = () => 0): ObservationRow[] =>
    Array.from({ length: N }, (_, k) => ({
      seriesId: id,
      t: T0 + k * STEP,
      value: k / 8 + change(k),
      ...(k % 2 === 0 ? { max: k, count: 12 } : {}),
    }));
  const stored = () =>
    db.pool.query<Array<{ n: number; revised: number; sum: number; maxes: number; counts: number }>>(
      `SELECT COUNT(*) AS n, SUM(revision) AS revised, SUM(value) AS sum,
              COUNT(value_max) AS maxes, COUNT(sample_count) AS counts FROM observations WHERE series_id = ?`,
      [id],
    );

  before(async () => {
    db = await createTestDb('obsbulk');
    id = await seedSeries(db, testIdentity('bulk-1', '5m'));
  });
  after(() => db.drop());

  it('stores every row with its NULLs, and a repeat changes nothing', async () => {
    assert.equal(await upsertObservations(db, rows()), N);
    const expected = { n: N, revised: 0, sum: ((N - 1) * N) / 16, maxes: N / 2, counts: N / 2 };
    assert.deepEqual({ ...(await stored())[0] }, expected);
    const [first] = await db.pool.query<Array<{ ts: Date; updated_at: Date }>>(
      'SELECT ts, updated_at FROM observations WHERE series_id = ? ORDER BY ts LIMIT 1',
      [id],
    );
    assert.equal(first?.ts.getTime(), T0);
    await upsertObservations(db, rows());
    assert.deepEqual({ ...(await stored())[0] }, expected);
  });

  it('bumps the revision of changed rows only, and logs them for reconciliation', async () => {
    await upsertObservations(
      db,
      rows((k) => (k % 1000 === 0 ? 1 : 0)),
    );
    const [after] = await stored();
    assert.equal(after?.revised, N / 1000);
    const [log] = await db.pool.query<Array<{ n: number }>>(
      'SELECT COUNT(*) AS n FROM observation_revisions WHERE series_id = ?',
      [id],
    );
    assert.equal(log?.n, N / 1000);
  });
});
