import assert from 'node:assert/strict';
import {
  applyTableRetention,
  listAccuracy,
  listDashboardForecasts,
  listDashboardStatus,
  naturalKeyOf,
  newestObservations,
  reconcileMatured,
  refreshAccuracy,
  refreshDashboard,
  upsertForecasts,
  upsertObservations,
  upsertSeries,
} from '../../src/db';
import { newestScope } from '../../src/db/newest-rows';
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

/** 2026-03-18 10:00, a Wednesday: weekly partitions start on Mondays, so the lookback floor is 03-16. */
const AS_OF = Date.UTC(2026, 2, 18, 10);
const FLOOR = Date.UTC(2026, 2, 16);
const DAY = 24 * HOUR;
const champion = hourlyCycles(
  (version) => ({ modelKind: version === V1 ? 'ets' : 'lstm', role: 'champion' }),
  20,
  { band80: 1, band95: 2 },
);

describe('db/dashboard-repo on time partitions', function () {
  this.timeout(60_000);
  let db: TestDb;
  const ids: Record<'fresh' | 'quiet' | 'crossing' | 'twin' | 'empty', SeriesId> = {} as never;
  const dashboard = async (seriesIds?: SeriesId[]) => ({
    forecasts: await listDashboardForecasts(db, seriesIds),
    status: await listDashboardStatus(db, seriesIds),
  });
  const rebuild = async (input: { seriesIds?: SeriesId[] } = {}) => {
    await db.pool.query('DELETE FROM dashboard_latest_forecast');
    await db.pool.query('DELETE FROM dashboard_series_status');
    await refreshDashboard(db, { asOf: AS_OF, ...input });
    return dashboard(input.seriesIds);
  };
  const hoursBetween = (from: number, to: number, every = HOUR): number[] =>
    Array.from({ length: Math.floor((to - from) / every) + 1 }, (_, i) => from + i * every);

  before(async () => {
    db = await createTestDb('dashpart');
    const names = ['fresh', 'quiet', 'crossing', 'twin', 'empty'] as const;
    const stored = await upsertSeries(
      db,
      names.map((n) => testIdentity(n)),
    );
    for (const n of names) ids[n] = stored.get(naturalKeyOf(testIdentity(n)))!;
    const obs = (seriesId: SeriesId, from: number, to: number) =>
      hoursBetween(from, to).map((t) => ({ seriesId, t, value: (t / HOUR) % 50 }));
    await upsertObservations(db, [
      // Three weeks up to the hour before, and two days beyond it (a backfill whose data is in).
      ...obs(ids.fresh, AS_OF - 21 * DAY, AS_OF + 2 * DAY),
      // Fed until ten days ago: its newest rows lie in a partition before the floor.
      ...obs(ids.quiet, AS_OF - 21 * DAY, AS_OF - 10 * DAY),
      ...obs(ids.crossing, AS_OF - 21 * DAY, AS_OF - HOUR),
      ...obs(ids.twin, AS_OF - 3 * DAY, AS_OF),
    ]);
    await upsertForecasts(db, [
      ...hoursBetween(AS_OF - 21 * DAY, AS_OF + 2 * HOUR, 6 * HOUR).flatMap((t) =>
        champion(ids.fresh, V1, t),
      ),
      ...hoursBetween(AS_OF - 2 * DAY, AS_OF + 2 * HOUR).flatMap((t) => champion(ids.fresh, V1, t, 6, 1)),
      ...hoursBetween(AS_OF - 21 * DAY, AS_OF - 10 * DAY, 6 * HOUR).flatMap((t) =>
        champion(ids.quiet, V1, t),
      ),
      // The newest issue targets only times before the floor; an older, longer one reaches past it.
      ...champion(ids.crossing, V1, FLOOR - 10 * HOUR, 24),
      ...champion(ids.crossing, V2, FLOOR - 3 * HOUR, 2, 7),
      // Two versions served the same newest hour: the higher id is shown.
      ...champion(ids.twin, V1, AS_OF - HOUR),
      ...champion(ids.twin, V2, AS_OF - HOUR, 6, 3),
    ]);
    await reconcileMatured(db, { asOf: AS_OF, deadlineMs: DAY });
    await refreshAccuracy(db, { asOf: AS_OF });
  });
  after(async () => db.drop());

  it('shows the same rows with weekly partitions as with one, quiet and crossing series included', async () => {
    const onePartition = await rebuild();
    for (const table of ['observations', 'forecasts'] as const) {
      const run = await applyTableRetention(db, {
        ...{ table, asOf: AS_OF, keepDays: 400, partitionsAhead: 2, periodDays: 7 },
      });
      assert.ok(run.partitions >= 6, `${table}: ${run.partitions} partitions`);
    }
    const partitioned = await rebuild();
    assert.deepEqual(partitioned, onePartition);

    const status = new Map(partitioned.status.map((s) => [s.seriesId, s]));
    const line = (id: SeriesId) => {
      const s = status.get(id)!;
      return [s.status, s.lastObservationAt, s.lastIssuedAt, s.championModelVersionId, s.championModelKind];
    };
    assert.deepEqual(line(ids.fresh), ['ok', AS_OF, AS_OF, V1, 'ets']);
    assert.deepEqual(line(ids.quiet), ['stale_data', AS_OF - 10 * DAY, AS_OF - 10 * DAY, V1, 'ets']);
    assert.deepEqual(line(ids.crossing), ['stale_forecast', AS_OF - HOUR, FLOOR - 3 * HOUR, V2, 'lstm']);
    assert.deepEqual(line(ids.twin), ['ok', AS_OF, AS_OF - HOUR, V2, 'lstm']);
    assert.deepEqual(line(ids.empty), ['no_data', null, null, null, null]);
    const steps = (id: SeriesId) =>
      partitioned.forecasts.filter((f) => f.seriesId === id).map((f) => [f.issuedAt, f.horizonStep, f.point]);
    assert.deepEqual(
      steps(ids.fresh),
      [1, 2, 3, 4, 5, 6].map((h) => [AS_OF, h, 20 + h]),
    );
    assert.deepEqual(
      steps(ids.quiet),
      [1, 2, 3, 4, 5, 6].map((h) => [AS_OF - 10 * DAY, h, 19 + h]),
    );
    assert.deepEqual(steps(ids.crossing), [
      [FLOOR - 3 * HOUR, 1, 27],
      [FLOOR - 3 * HOUR, 2, 28],
    ]);
  });

  it('looks in the partitions from the floor first, and a scoped refresh agrees with the full one', async () => {
    const conn = await db.pool.getConnection();
    try {
      await conn.beginTransaction();
      const scope = await newestScope(conn, AS_OF);
      assert.deepEqual(scope.params, { obsFloor: new Date(FLOOR), fcFloor: new Date(FLOOR) });
      assert.match(scope.fcPartitions, /^PARTITION \(`p20260316`, `p20260323`.*`pmax`\)$/);
      await conn.commit();
    } finally {
      await conn.release();
    }
    const full = await rebuild();
    const some = [ids.quiet, ids.crossing];
    const scoped = await rebuild({ seriesIds: some });
    assert.deepEqual(scoped, {
      forecasts: full.forecasts.filter((f) => some.includes(f.seriesId)),
      status: full.status.filter((s) => some.includes(s.seriesId)),
    });
  });

  it('finds each series its newest observation ever, past the floor or not', async () => {
    const newest = await newestObservations(db, Object.values(ids));
    assert.deepEqual(
      [...newest.entries()].sort(([a], [b]) => a - b),
      [
        [ids.fresh, AS_OF + 2 * DAY],
        [ids.quiet, AS_OF - 10 * DAY],
        [ids.crossing, AS_OF - HOUR],
        [ids.twin, AS_OF],
      ],
    );
  });
});
