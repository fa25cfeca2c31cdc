import assert from 'node:assert/strict';
import {
  listForecasts,
  reconcileMatured,
  upsertForecasts,
  upsertObservations,
  type ForecastRow,
} from '../../src/db';
import { STEP_MS, type Granularity, type SeriesId } from '../../src/shared';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { bandedCycle, HOUR, seedSeries, T0, testIdentity, V1 } from './support/seed';

const DEADLINE = 2 * HOUR;

/** `steps` records issued at `issuedAt` on the series' grid; point 10 + step, bands ±1 (80 %) and ±3 (95 %). */
function cycle(seriesId: SeriesId, granularity: Granularity, issuedAt: number, steps: number): ForecastRow[] {
  const issuer = { seriesId, modelVersionId: V1, modelKind: 'naive', issuedAt };
  return bandedCycle(issuer, steps, 11, { band80: 1, band95: 3 }, STEP_MS[granularity]);
}

const FORECAST_ORDER = 'series_id, model_version_id, issued_at, target_at';

describe('db/reconcile-repo', () => {
  let db: TestDb;
  let n = 0;
  before(async () => (db = await createTestDb('reconcile')));
  after(async () => db.drop());

  /** A fresh series per test; `host` lets two granularities of the same metric share a name. */
  async function newSeries(granularity: Granularity, host = `host-${++n}`): Promise<SeriesId> {
    return seedSeries(db, testIdentity(host, granularity));
  }

  const observe = (seriesId: SeriesId, points: Array<[number, number]>): Promise<number> =>
    upsertObservations(
      db,
      points.map(([t, value]) => ({ seriesId, t, value })),
    );

  it('attaches to every matured record its own actual and scores it', async () => {
    const id = await newSeries('1h');
    // Two overlapping issues: the same target time appears in both, at different steps.
    await upsertForecasts(db, [...cycle(id, '1h', T0, 3), ...cycle(id, '1h', T0 + HOUR, 3)]);
    await observe(id, [
      [T0 + HOUR, 11],
      [T0 + 2 * HOUR, 9.5],
      [T0 + 3 * HOUR, 0],
      [T0 + 4 * HOUR, 20],
    ]);
    // At T0 + 4h the interval starting at T0 + 4h is still open: its partial value must not be used.
    const result = await reconcileMatured(db, { asOf: T0 + 4 * HOUR, deadlineMs: DEADLINE, seriesIds: [id] });
    assert.deepEqual(result, { reconciled: 5, revised: 0, missing: 0, stillPending: 0 });
    const rows = await listForecasts(db, { seriesId: id });
    assert.deepEqual(
      rows.map((r) => [
        r.issuedAt - T0,
        r.horizonStep,
        r.status,
        r.actual,
        r.absError,
        r.sqError,
        r.ape,
        r.in80,
        r.in95,
      ]),
      [
        [0, 1, 'reconciled', 11, 0, 0, 0, true, true],
        [0, 2, 'reconciled', 9.5, 2.5, 6.25, 2.5 / 9.5, false, true],
        [0, 3, 'reconciled', 0, 13, 169, null, false, false],
        [HOUR, 1, 'reconciled', 9.5, 1.5, 2.25, 1.5 / 9.5, false, true],
        [HOUR, 2, 'reconciled', 0, 12, 144, null, false, false],
        [HOUR, 3, 'pending', null, null, null, null, null, null],
      ],
    );
    assert.ok(rows.filter((r) => r.status === 'reconciled').every((r) => r.reconciledAt === T0 + 4 * HOUR));
    assert.ok(rows.filter((r) => r.status === 'reconciled').every((r) => r.actualRevision === 0));
  });

  it('reconciles hourly forecasts against the hourly series and 5-minute ones against the 5-minute series', async () => {
    const host = `host-${++n}`;
    const hourly = await newSeries('1h', host);
    const fine = await newSeries('5m', host);
    await upsertForecasts(db, [...cycle(hourly, '1h', T0, 1), ...cycle(fine, '5m', T0 + 55 * 60_000, 1)]);
    await observe(hourly, [[T0 + HOUR, 50]]);
    await observe(fine, [[T0 + HOUR, 70]]);
    await reconcileMatured(db, { asOf: T0 + 2 * HOUR, deadlineMs: DEADLINE, seriesIds: [hourly, fine] });
    const [h] = await listForecasts(db, { seriesId: hourly });
    const [f] = await listForecasts(db, { seriesId: fine });
    assert.deepEqual([h?.targetAt, h?.actual], [T0 + HOUR, 50]);
    assert.deepEqual([f?.targetAt, f?.actual], [T0 + HOUR, 70]);
  });

  it('lands an actual that arrives two cycles late on its own record', async () => {
    const id = await newSeries('1h');
    await upsertForecasts(db, cycle(id, '1h', T0, 3));
    await observe(id, [
      [T0 + HOUR, 11],
      [T0 + 3 * HOUR, 13],
    ]);
    const run = (asOf: number) => reconcileMatured(db, { asOf, deadlineMs: 4 * HOUR, seriesIds: [id] });
    assert.deepEqual(await run(T0 + 4 * HOUR), { reconciled: 2, revised: 0, missing: 0, stillPending: 1 });
    assert.deepEqual(await run(T0 + 5 * HOUR), { reconciled: 0, revised: 0, missing: 0, stillPending: 1 });
    await observe(id, [[T0 + 2 * HOUR, 15]]);
    assert.deepEqual(await run(T0 + 6 * HOUR), { reconciled: 1, revised: 0, missing: 0, stillPending: 0 });
    const late = (await listForecasts(db, { seriesId: id })).find((r) => r.horizonStep === 2);
    assert.deepEqual(
      [late?.targetAt, late?.actual, late?.absError, late?.in95, late?.attempts, late?.reconciledAt],
      [T0 + 2 * HOUR, 15, 3, true, 3, T0 + 6 * HOUR],
    );
  });

  it('re-scores a record whose actual was revised', async () => {
    const id = await newSeries('1h');
    await upsertForecasts(db, cycle(id, '1h', T0, 2));
    await observe(id, [
      [T0 + HOUR, 11],
      [T0 + 2 * HOUR, 12],
    ]);
    await reconcileMatured(db, { asOf: T0 + 3 * HOUR, deadlineMs: DEADLINE, seriesIds: [id] });
    await observe(id, [[T0 + HOUR, 16]]);
    const result = await reconcileMatured(db, { asOf: T0 + 4 * HOUR, deadlineMs: DEADLINE, seriesIds: [id] });
    assert.deepEqual(result, { reconciled: 0, revised: 1, missing: 0, stillPending: 0 });
    const [revised, untouched] = await listForecasts(db, { seriesId: id });
    assert.deepEqual(
      [
        revised?.actual,
        revised?.actualRevision,
        revised?.absError,
        revised?.sqError,
        revised?.in80,
        revised?.in95,
      ],
      [16, 1, 5, 25, false, false],
    );
    assert.equal(revised?.reconciledAt, T0 + 4 * HOUR);
    assert.deepEqual([untouched?.actual, untouched?.reconciledAt], [12, T0 + 3 * HOUR]);
  });

  it('logs only observations whose value changed, and an unscoped run prunes entries behind its lookback', async () => {
    const id = await newSeries('1h');
    const logged = async () =>
      (
        await db.pool.query<Array<{ ts: Date; revision: number }>>(
          'SELECT ts, revision FROM observation_revisions WHERE series_id = ? ORDER BY ts',
          [id],
        )
      ).map((r) => [r.ts.getTime(), r.revision]);
    await observe(id, [
      [T0, 1],
      [T0 + HOUR, 2],
    ]);
    // A first write and an unchanged re-write log nothing; two changes of one value log it once.
    await observe(id, [
      [T0, 1],
      [T0 + HOUR, 3],
    ]);
    await observe(id, [[T0 + HOUR, 4]]);
    assert.deepEqual(await logged(), [[T0 + HOUR, 2]]);
    // 7 days and 2 hours later the entry is behind every record the run re-checks: pruned.
    await reconcileMatured(db, {
      asOf: T0 + 7 * 24 * HOUR + 2 * HOUR,
      deadlineMs: DEADLINE,
      seriesIds: [id],
    });
    assert.equal((await logged()).length, 1, 'a scoped run prunes nothing');
    await reconcileMatured(db, { asOf: T0 + 7 * 24 * HOUR + 4 * HOUR, deadlineMs: DEADLINE });
    assert.deepEqual(await logged(), []);
  });

  it('marks a record missing past the deadline, visibly, and reconciles it when its actual turns up', async () => {
    const id = await newSeries('1h');
    await upsertForecasts(db, cycle(id, '1h', T0, 1));
    const run = (asOf: number) => reconcileMatured(db, { asOf, deadlineMs: DEADLINE, seriesIds: [id] });
    // The interval closes at T0 + 2h; the deadline ends at T0 + 4h, and "past" means strictly after.
    assert.deepEqual(await run(T0 + 4 * HOUR), { reconciled: 0, revised: 0, missing: 0, stillPending: 1 });
    assert.deepEqual(await run(T0 + 5 * HOUR), { reconciled: 0, revised: 0, missing: 1, stillPending: 0 });
    const [missing] = await listForecasts(db, { seriesId: id, status: 'missing' });
    assert.equal(missing?.attempts, 2);
    assert.match(
      missing?.missingReason ?? '',
      /no observation at target time within 120 min.*2026-11-23T15:00:00/,
    );

    await observe(id, [[T0 + HOUR, 9]]);
    assert.deepEqual(await run(T0 + 6 * HOUR), { reconciled: 1, revised: 0, missing: 0, stillPending: 0 });
    const [found] = await listForecasts(db, { seriesId: id });
    assert.deepEqual(
      [found?.status, found?.actual, found?.absError, found?.missingReason],
      ['reconciled', 9, 2, null],
    );
  });

  it('changes nothing when run twice with the same asOf', async () => {
    const id = await newSeries('5m');
    const issues = [T0 - HOUR, T0, T0 + 2 * HOUR];
    await upsertForecasts(
      db,
      issues.flatMap((t) => cycle(id, '5m', t, 12)),
    );
    await observe(
      id,
      Array.from({ length: 20 }, (_, i): [number, number] => [T0 - 55 * 60_000 + i * 300_000, 10 + (i % 4)]),
    );
    // Reconciled (20), missing (4, closed before T0 + 2h) and still waiting (11 of the last issue).
    const input = { asOf: T0 + 3 * HOUR, deadlineMs: HOUR, seriesIds: [id] };
    const first = await reconcileMatured(db, input);
    assert.deepEqual(first, { reconciled: 20, revised: 0, missing: 4, stillPending: 11 });
    const before = await snapshotTable(db, 'forecasts', FORECAST_ORDER);
    assert.deepEqual(await reconcileMatured(db, input), {
      reconciled: 0,
      revised: 0,
      missing: 0,
      stillPending: 11,
    });
    assert.equal(await snapshotTable(db, 'forecasts', FORECAST_ORDER), before);
  });

  it('bounds the work of one call by limit, oldest targets first, and leaves other series alone', async () => {
    const id = await newSeries('1h');
    const other = await newSeries('1h');
    await upsertForecasts(db, [...cycle(id, '1h', T0, 6), ...cycle(other, '1h', T0, 6)]);
    const actuals = Array.from({ length: 6 }, (_, i): [number, number] => [T0 + (i + 1) * HOUR, 20]);
    await observe(id, actuals);
    await observe(other, actuals);
    // Every record is past its deadline: those left over by the limit have actuals, so are not missing.
    const input = { asOf: T0 + 8 * HOUR, deadlineMs: 0, seriesIds: [id], limit: 4 };
    assert.deepEqual(await reconcileMatured(db, input), {
      reconciled: 4,
      revised: 0,
      missing: 0,
      stillPending: 2,
    });
    const firstFour = await listForecasts(db, { seriesId: id, status: 'reconciled' });
    assert.deepEqual(
      firstFour.map((r) => r.horizonStep),
      [1, 2, 3, 4],
    );
    assert.deepEqual(await reconcileMatured(db, input), {
      reconciled: 2,
      revised: 0,
      missing: 0,
      stillPending: 0,
    });
    assert.equal((await listForecasts(db, { seriesId: other, status: 'pending' })).length, 6);
  });

  it('refuses nonsense input', async () => {
    await assert.rejects(
      reconcileMatured(db, { asOf: Number.NaN, deadlineMs: 0 }),
      /input\.asOf must be a finite non-negative number, got NaN/,
    );
    await assert.rejects(reconcileMatured(db, { asOf: T0, deadlineMs: -1 }), /input\.deadlineMs/);
    await assert.rejects(reconcileMatured(db, { asOf: T0, deadlineMs: 0, limit: 0 }), /input\.limit/);
  });
});
