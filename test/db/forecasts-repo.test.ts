import assert from 'node:assert/strict';
import {
  latestForecast,
  listForecasts,
  reconcileMatured,
  upsertForecasts,
  upsertObservations,
} from '../../src/db';
import type { SeriesId } from '../../src/shared';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { HOUR, hourlyCycles, seedSeries, T0, testIdentity, V1, V2 } from './support/seed';

/** One issued forecast: `steps` hourly records with 80/95 % bands of ±2 and ±4. */
const cycle = hourlyCycles(() => ({ modelKind: 'ets' }), 10, { band80: 2, band95: 4 });

describe('db/forecasts-repo', () => {
  let db: TestDb;
  let n = 0;
  before(async () => (db = await createTestDb('forecasts')));
  after(async () => db.drop());

  /** A fresh hourly series per test, so tests never see each other's rows. */
  async function newSeries(): Promise<SeriesId> {
    return seedSeries(db, testIdentity(`host-${++n}`, '1h', `i-${n}`));
  }

  it('writes one row per key, and the same cycle written twice changes nothing', async () => {
    const id = await newSeries();
    await upsertForecasts(db, cycle(id, V1, T0));
    const before = await snapshotTable(db, 'forecasts', 'series_id, model_version_id, issued_at, target_at');
    await upsertForecasts(db, cycle(id, V1, T0));
    assert.equal(
      await snapshotTable(db, 'forecasts', 'series_id, model_version_id, issued_at, target_at'),
      before,
    );
    const rows = await listForecasts(db, { seriesId: id });
    assert.deepEqual(
      rows.map((r) => [r.horizonStep, r.targetAt - T0, r.point, r.lower95, r.upper80, r.status, r.role]),
      [1, 2, 3, 4, 5, 6].map((h) => [h, h * HOUR, 9 + h, 5 + h, 11 + h, 'pending', 'champion']),
    );
    // The hourly interval starting at the target closes an hour later: that is when it can be scored.
    assert.ok(rows.every((r) => r.closesAt === r.targetAt + HOUR));
  });

  it('refuses forecasts for a series that does not exist', async () => {
    const ghost = cycle(((await newSeries()) + 1_000) as SeriesId, V1, T0, 1);
    await assert.rejects(upsertForecasts(db, ghost), /forecast\.seriesId must name a stored series, got \d+/);
  });

  it('keeps reconciliation on an identical retry and resets it when the numbers change', async () => {
    const id = await newSeries();
    await upsertForecasts(db, cycle(id, V1, T0, 2));
    await upsertObservations(db, [
      { seriesId: id, t: T0 + HOUR, value: 12 },
      { seriesId: id, t: T0 + 2 * HOUR, value: 11 },
    ]);
    await reconcileMatured(db, { asOf: T0 + 3 * HOUR, deadlineMs: HOUR, seriesIds: [id] });
    const reconciled = await snapshotTable(
      db,
      'forecasts',
      'series_id, model_version_id, issued_at, target_at',
    );

    await upsertForecasts(db, cycle(id, V1, T0, 2));
    assert.equal(
      await snapshotTable(db, 'forecasts', 'series_id, model_version_id, issued_at, target_at'),
      reconciled,
    );

    const reissued = cycle(id, V1, T0, 2).map((r) =>
      r.horizonStep === 1 ? { ...r, point: 12, upper80: 14 } : r,
    );
    await upsertForecasts(db, reissued);
    const [first, second] = await listForecasts(db, { seriesId: id });
    assert.deepEqual(
      [first?.point, first?.upper80, first?.status, first?.actual, first?.absError, first?.attempts],
      [12, 14, 'pending', null, null, 0],
    );
    assert.deepEqual([second?.status, second?.actual, second?.absError], ['reconciled', 11, 0]);
  });

  it('filters by issue and target time, half-open', async () => {
    const id = await newSeries();
    await upsertForecasts(db, [...cycle(id, V1, T0), ...cycle(id, V1, T0 + HOUR)]);
    const issued = await listForecasts(db, { seriesId: id, issuedFrom: T0 + HOUR, issuedTo: T0 + 2 * HOUR });
    assert.deepEqual(new Set(issued.map((r) => r.issuedAt)), new Set([T0 + HOUR]));
    const targeted = await listForecasts(db, {
      seriesId: id,
      targetFrom: T0 + 2 * HOUR,
      targetTo: T0 + 3 * HOUR,
    });
    assert.deepEqual(
      targeted.map((r) => [r.issuedAt - T0, r.horizonStep]),
      [
        [0, 2],
        [HOUR, 1],
      ],
    );
  });

  it('returns the newest champion forecast, not a newer challenger shadow', async () => {
    const id = await newSeries();
    await upsertForecasts(db, [
      ...cycle(id, V1, T0),
      ...cycle(id, V1, T0 + HOUR, 6, 1),
      ...cycle(id, V2, T0 + 2 * HOUR).map((r) => ({ ...r, role: 'challenger' as const })),
    ]);
    const latest = await latestForecast(db, id);
    assert.deepEqual(
      latest.map((r) => [r.issuedAt, r.modelVersionId, r.horizonStep, r.point]),
      [1, 2, 3, 4, 5, 6].map((h) => [T0 + HOUR, V1, h, 10 + h]),
    );
    const earlier = await latestForecast(db, id, { asOf: T0 + HOUR - 1 });
    assert.deepEqual(new Set(earlier.map((r) => r.issuedAt)), new Set([T0]));
    assert.deepEqual(await latestForecast(db, await newSeries()), []);
  });

  it('writes large cycles in several statements', async () => {
    const ids = await Promise.all([1, 2, 3].map(() => newSeries()));
    const rows = ids.flatMap((id) =>
      Array.from({ length: 250 }, (_, k) => cycle(id, V1, T0 + k * HOUR)).flat(),
    );
    assert.equal(await upsertForecasts(db, rows), 4_500);
    const stored = await Promise.all(ids.map((seriesId) => listForecasts(db, { seriesId })));
    assert.deepEqual(
      stored.map((s) => s.length),
      [1_500, 1_500, 1_500],
    );
  });
});
