import assert from 'node:assert/strict';
import {
  listAccuracy,
  listDashboardForecasts,
  listDashboardStatus,
  naturalKeyOf,
  reconcileMatured,
  refreshAccuracy,
  refreshDashboard,
  upsertForecasts,
  upsertObservations,
  upsertSeries,
} from '../../src/db';
import type { SeriesId } from '../../src/shared';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { HOUR, hourlyCycles, T0, testIdentity, V1, V2 } from './support/seed';

/** An hourly forecast of `steps` steps: point 10 + step + shift, bands ±1 and ±3; V1 is the ETS champion. */
const cycle = hourlyCycles(
  (version) =>
    version === V1 ? { modelKind: 'ets', role: 'champion' } : { modelKind: 'lstm', role: 'challenger' },
  11,
  { band80: 1, band95: 3 },
);

const TABLES = [
  ['dashboard_latest_forecast', 'series_id, horizon_step'],
  ['dashboard_series_status', 'series_id'],
] as const;

describe('db/dashboard-repo', () => {
  let db: TestDb;
  const ids: Record<'fresh' | 'empty' | 'stale' | 'unforecast', SeriesId> = {} as never;
  const snapshot = async (): Promise<string[]> =>
    Promise.all(TABLES.map(([table, order]) => snapshotTable(db, table, order)));

  before(async () => {
    db = await createTestDb('dashboard');
    const all = {
      fresh: testIdentity('fresh'),
      empty: testIdentity('empty', '5m'),
      stale: testIdentity('stale'),
      unforecast: testIdentity('unforecast'),
    };
    const stored = await upsertSeries(db, Object.values(all));
    for (const [name, s] of Object.entries(all)) ids[name as keyof typeof ids] = stored.get(naturalKeyOf(s))!;
    await upsertObservations(db, [
      ...[0, 1, 2, 3, 4, 5].map((h) => ({ seriesId: ids.fresh, t: T0 + h * HOUR, value: 10 + h })),
      { seriesId: ids.stale, t: T0 - 24 * HOUR, value: 3 },
      { seriesId: ids.unforecast, t: T0 + 5 * HOUR, value: 4 },
    ]);
    await upsertForecasts(db, [
      ...cycle(ids.fresh, V1, T0 + 3 * HOUR),
      ...cycle(ids.fresh, V1, T0 + 4 * HOUR, 6, 1),
      ...cycle(ids.fresh, V2, T0 + 4 * HOUR),
      ...cycle(ids.fresh, V2, T0 + 5 * HOUR),
      ...cycle(ids.stale, V1, T0 - 24 * HOUR),
      ...cycle(ids.unforecast, V1, T0),
    ]);
    await reconcileMatured(db, { asOf: T0 + 6 * HOUR, deadlineMs: 24 * HOUR });
    await refreshAccuracy(db, { asOf: T0 + 6 * HOUR });
  });
  after(async () => db.drop());

  it('shows each series its newest champion forecast and a status line', async () => {
    await refreshDashboard(db, { asOf: T0 + 6 * HOUR });
    const forecast = await listDashboardForecasts(db, [ids.fresh]);
    assert.deepEqual(
      forecast.map((r) => [
        r.horizonStep,
        r.issuedAt,
        r.targetAt,
        r.point,
        r.lower95,
        r.modelVersionId,
        r.seriesName,
      ]),
      [1, 2, 3, 4, 5, 6].map((h) => [
        h,
        T0 + 4 * HOUR,
        T0 + (4 + h) * HOUR,
        11 + h,
        8 + h,
        V1,
        'AWS/EC2/CPUUtilization/fresh@1h',
      ]),
    );
    // The champion's 24 h accuracy pooled over its steps, weighted by each step's count.
    const acc = await listAccuracy(db, { seriesIds: [ids.fresh], modelVersionId: V1, window: '24h' });
    const n = acc.reduce((sum, r) => sum + r.n, 0);
    const mae = acc.reduce((sum, r) => sum + r.n * r.mae, 0) / n;
    const cov80 = acc.reduce((sum, r) => sum + r.n * r.coverage80, 0) / n;
    const status = await listDashboardStatus(db);
    assert.deepEqual(
      status.map((s) => [
        s.seriesId,
        s.status,
        s.lastObservationAt,
        s.lastValue,
        s.championModelVersionId,
        s.championModelKind,
        s.lastIssuedAt,
      ]),
      [
        [ids.fresh, 'ok', T0 + 5 * HOUR, 15, V1, 'ets', T0 + 4 * HOUR],
        [ids.empty, 'no_data', null, null, null, null, null],
        [ids.stale, 'stale_data', T0 - 24 * HOUR, 3, V1, 'ets', T0 - 24 * HOUR],
        [ids.unforecast, 'stale_forecast', T0 + 5 * HOUR, 4, V1, 'ets', T0],
      ],
    );
    const fresh = status[0]!;
    assert.equal(fresh.n24h, n);
    assert.ok(
      n > 0 && Math.abs(fresh.mae24h! - mae) < 1e-9 && Math.abs(fresh.coverage80_24h! - cov80) < 1e-9,
    );
    assert.deepEqual([status[1]?.n24h, status[1]?.mae24h], [null, null]);
  });

  it('leaves identical rows when the same refresh runs twice', async () => {
    const before = await snapshot();
    await refreshDashboard(db, { asOf: T0 + 6 * HOUR });
    assert.deepEqual(await snapshot(), before);
  });

  it('replaces a forecast with a shorter newer one, drops inactive series, and ignores a late retry', async () => {
    await upsertForecasts(db, cycle(ids.fresh, V1, T0 + 6 * HOUR, 3, 5));
    await db.pool.query('UPDATE series SET active = 0 WHERE id = ?', [ids.stale]);
    await refreshDashboard(db, { asOf: T0 + 7 * HOUR });
    assert.deepEqual(
      (await listDashboardForecasts(db, [ids.fresh])).map((r) => [r.horizonStep, r.issuedAt, r.point]),
      [1, 2, 3].map((h) => [h, T0 + 6 * HOUR, 15 + h]),
    );
    assert.deepEqual(
      (await listDashboardStatus(db)).map((s) => s.seriesId),
      [ids.fresh, ids.empty, ids.unforecast],
    );
    const after = await snapshot();
    await refreshDashboard(db, { asOf: T0 + 6 * HOUR });
    assert.deepEqual(await snapshot(), after);
  });

  it('touches only the series in scope', async () => {
    await db.pool.query('UPDATE series SET active = 0 WHERE id = ?', [ids.empty]);
    await refreshDashboard(db, { asOf: T0 + 8 * HOUR, seriesIds: [ids.fresh] });
    const status = await listDashboardStatus(db);
    assert.deepEqual(
      status.map((s) => [s.seriesId, s.asOf]),
      [
        [ids.fresh, T0 + 8 * HOUR],
        [ids.empty, T0 + 7 * HOUR],
        [ids.unforecast, T0 + 7 * HOUR],
      ],
    );
    assert.deepEqual(await listDashboardForecasts(db, []), []);
  });
});
