import assert from 'node:assert/strict';
import {
  ACCURACY_WINDOW_MS,
  inTransaction,
  listAccuracy,
  listForecasts,
  naturalKeyOf,
  reconcileMatured,
  refreshAccuracy,
  refreshAccuracyOn,
  upsertForecasts,
  upsertObservations,
  upsertSeries,
  type AccuracyRow,
  type AccuracyWindow,
  type ForecastRecord,
  type ForecastRow,
} from '../../src/db';
import type { ModelVersionId, SeriesId } from '../../src/shared';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { bandedRecord, HOUR, T0, testIdentity, V1, V2 } from './support/seed';

const ORDER = 'series_id, model_version_id, horizon_step, window_name';

/** A record with bands ±1 (80 %) and ±3 (95 %) around `point`. */
function record(
  seriesId: SeriesId,
  version: ModelVersionId,
  issuedAt: number,
  step: number,
  point: number,
): ForecastRow {
  const issuer = {
    seriesId,
    modelVersionId: version,
    modelKind: 'ets',
    role: version === V2 ? ('challenger' as const) : ('champion' as const),
    issuedAt,
  };
  return bandedRecord(issuer, step, point, { band80: 1, band95: 3 });
}

/** The scores of one accuracy row, under a key naming its series, version, step and window. */
type Metrics = Pick<AccuracyRow, 'n' | 'mae' | 'rmse' | 'mape' | 'coverage80' | 'coverage95'> & {
  readonly key: string;
};

/** Rounded to 1e-9, so float noise (summation order) cannot fail a comparison. */
function rounded(m: Metrics): Metrics {
  const r = (x: number): number => Math.round(x * 1e9) / 1e9;
  return {
    ...m,
    mae: r(m.mae),
    rmse: r(m.rmse),
    mape: m.mape === null ? null : r(m.mape),
    coverage80: r(m.coverage80),
    coverage95: r(m.coverage95),
  };
}

/** Stored rows of one window, keyed `version/step`. */
function stored(rows: readonly AccuracyRow[], window: AccuracyWindow): Metrics[] {
  return rows
    .filter((r) => r.window === window)
    .map(({ modelVersionId, horizonStep, n, mae, rmse, mape, coverage80, coverage95 }) =>
      rounded({ key: `${modelVersionId}/${horizonStep}`, n, mae, rmse, mape, coverage80, coverage95 }),
    );
}

/** The metrics computed the slow way, from the records themselves, for one window of hourly records. */
function expected(records: readonly ForecastRecord[], asOf: number, window: AccuracyWindow): Metrics[] {
  const closed = (r: ForecastRecord): number => r.targetAt + HOUR;
  const groups = new Map<string, ForecastRecord[]>();
  for (const r of records) {
    if (r.status !== 'reconciled' || closed(r) <= asOf - ACCURACY_WINDOW_MS[window] || closed(r) > asOf)
      continue;
    const key = `${r.modelVersionId}/${r.horizonStep}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [...groups.entries()].sort().map(([key, rs]) => {
    const errors = rs.map((r) => r.actual! - r.point);
    const apes = rs.filter((r) => r.actual !== 0).map((r) => Math.abs((r.actual! - r.point) / r.actual!));
    return rounded({
      key,
      n: rs.length,
      mae: mean(errors.map(Math.abs)),
      rmse: Math.sqrt(mean(errors.map((e) => e * e))),
      mape: apes.length ? 100 * mean(apes) : null,
      coverage80: mean(rs.map((r) => (r.in80 ? 1 : 0))),
      coverage95: mean(rs.map((r) => (r.in95 ? 1 : 0))),
    });
  });
}

describe('db/accuracy-repo', () => {
  let db: TestDb;
  let series: SeriesId;
  let other: SeriesId;
  before(async () => {
    db = await createTestDb('accuracy');
    const ids = await upsertSeries(db, [testIdentity('a'), testIdentity('b')]);
    series = ids.get(naturalKeyOf(testIdentity('a')))!;
    other = ids.get(naturalKeyOf(testIdentity('b')))!;
    // Four issues: champion V1 at steps 1 and 2, challenger V2 at step 1, and one record 8 days old.
    const issues = [0, 1, 2, 3].map((k) => T0 + k * HOUR);
    await upsertForecasts(db, [
      ...issues.flatMap((t) => [
        record(series, V1, t, 1, 10),
        record(series, V1, t, 2, 20),
        record(series, V2, t, 1, 11),
      ]),
      record(series, V1, T0 - 8 * 24 * HOUR, 1, 10),
      record(other, V1, T0, 1, 10),
    ]);
    const actuals: Array<[number, number]> = [
      [-8 * 24 + 1, 10],
      [1, 12],
      [2, 8],
      [3, 0],
      [4, 10],
    ];
    await upsertObservations(db, [
      ...actuals.map(([h, value]) => ({ seriesId: series, t: T0 + h * HOUR, value })),
      { seriesId: other, t: T0 + HOUR, value: 10 },
    ]);
    await reconcileMatured(db, { asOf: T0 + 5 * HOUR, deadlineMs: 24 * HOUR });
  });
  after(async () => db.drop());

  it('computes MAE, RMSE, MAPE and coverage per series, model version, horizon step and window', async () => {
    await refreshAccuracy(db, { asOf: T0 + 5 * HOUR, seriesIds: [series] });
    const rows = await listAccuracy(db, { seriesIds: [series] });
    // By hand: V1 step 1 over the day saw actuals 12, 8, 0, 10 against 10 (80 %: 9..11, 95 %: 7..13);
    // V1 step 2 saw 8, 0, 10 against 20 (its record for T0 + 5h is not closed yet); the 1 h window
    // holds the records whose hour closed at T0 + 5h, i.e. target T0 + 4h.
    const day: Metrics[] = [
      {
        key: '1/1',
        n: 4,
        mae: 3.5,
        rmse: Math.sqrt(27),
        mape: (100 * (2 / 12 + 2 / 8 + 0)) / 3,
        coverage80: 0.25,
        coverage95: 0.75,
      },
      { key: '1/2', n: 3, mae: 14, rmse: Math.sqrt(644 / 3), mape: 125, coverage80: 0, coverage95: 0 },
      {
        key: '2/1',
        n: 4,
        mae: 4,
        rmse: Math.sqrt(33),
        mape: (100 * (1 / 12 + 3 / 8 + 1 / 10)) / 3,
        coverage80: 0.5,
        coverage95: 0.75,
      },
    ];
    const hour: Metrics[] = [
      { key: '1/1', n: 1, mae: 0, rmse: 0, mape: 0, coverage80: 1, coverage95: 1 },
      { key: '1/2', n: 1, mae: 10, rmse: 10, mape: 100, coverage80: 0, coverage95: 0 },
      { key: '2/1', n: 1, mae: 1, rmse: 1, mape: 10, coverage80: 1, coverage95: 1 },
    ];
    assert.deepEqual(stored(rows, '24h'), day.map(rounded));
    assert.deepEqual(stored(rows, '7d'), day.map(rounded));
    assert.deepEqual(stored(rows, '1h'), hour.map(rounded));
    assert.ok(rows.every((r) => r.asOf === T0 + 5 * HOUR));
    assert.deepEqual(await listAccuracy(db, { seriesIds: [other] }), []);
  });

  it('leaves identical rows when the same refresh runs twice', async () => {
    await refreshAccuracy(db, { asOf: T0 + 5 * HOUR, seriesIds: [series] });
    const before = await snapshotTable(db, 'accuracy_aggregates', ORDER);
    await refreshAccuracy(db, { asOf: T0 + 5 * HOUR, seriesIds: [series] });
    assert.equal(await snapshotTable(db, 'accuracy_aggregates', ORDER), before);
  });

  it('recovers from a crash mid-refresh: one row per key, equal to the records', async () => {
    // A revised actual and a newly closed hour change the numbers for the next cycle.
    await upsertObservations(db, [
      { seriesId: series, t: T0 + HOUR, value: 14 },
      { seriesId: series, t: T0 + 5 * HOUR, value: 25 },
    ]);
    const asOf = T0 + 6 * HOUR;
    assert.deepEqual(await reconcileMatured(db, { asOf, deadlineMs: 24 * HOUR, seriesIds: [series] }), {
      reconciled: 1,
      revised: 2,
      missing: 0,
      stillPending: 0,
    });
    const before = await snapshotTable(db, 'accuracy_aggregates', ORDER);
    await assert.rejects(
      inTransaction(db, async (conn) => {
        const { rows } = await refreshAccuracyOn(conn, { asOf, seriesIds: [series] });
        assert.ok(rows > 0, 'the doomed refresh did write, inside its transaction');
        throw new Error('worker killed');
      }),
      /worker killed/,
    );
    assert.equal(await snapshotTable(db, 'accuracy_aggregates', ORDER), before);

    await refreshAccuracy(db, { asOf, seriesIds: [series] });
    const records = await listForecasts(db, { seriesId: series });
    const rows = await listAccuracy(db, { seriesIds: [series] });
    for (const window of ['1h', '24h', '7d'] as const) {
      assert.deepEqual(stored(rows, window), expected(records, asOf, window), window);
    }
    // V1 step 1 has no record closing in (T0 + 5h, T0 + 6h]: its 1 h row is gone, not left stale.
    assert.deepEqual(
      stored(rows, '1h').map((r) => r.key),
      ['1/2'],
    );
    const perKey = await db.pool.query<Array<{ c: number }>>(
      `SELECT COUNT(*) AS c FROM accuracy_aggregates GROUP BY ${ORDER} HAVING c > 1`,
    );
    assert.equal(perKey.length, 0);
  });

  it('ignores a late retry of an older cycle', async () => {
    const before = await snapshotTable(db, 'accuracy_aggregates', ORDER);
    await refreshAccuracy(db, { asOf: T0 + 5 * HOUR, seriesIds: [series] });
    assert.equal(await snapshotTable(db, 'accuracy_aggregates', ORDER), before);
  });

  it('refreshes only the series in scope, and deletes keys whose windows have emptied', async () => {
    await refreshAccuracy(db, { asOf: T0 + 5 * HOUR, seriesIds: [other] });
    const others = await listAccuracy(db, { seriesIds: [other] });
    assert.deepEqual(
      others.map((r) => [r.window, r.n, r.mae]),
      [
        ['24h', 1, 0],
        ['7d', 1, 0],
      ],
    );
    await refreshAccuracy(db, { asOf: T0 + 30 * 24 * HOUR, seriesIds: [series] });
    assert.deepEqual(await listAccuracy(db, { seriesIds: [series] }), []);
    assert.deepEqual(await listAccuracy(db, { seriesIds: [other] }), others);
  });
});
