import assert from 'node:assert/strict';
import { createIncrementalAnomalyActivities } from '../../src/activities/anomalies-incremental';
import { decodeOnlineState, storeOnlineState } from '../../src/anomaly';
import { listAnomalies, readAnomalyStates, upsertObservations, type ObservationRow } from '../../src/db';
import type { SeriesId } from '../../src/shared';
import { seedSeries, testIdentity } from '../db/support/seed';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { DAY_POINTS, STEP, wave, withSpike } from './synthetic';

const HOUR = 3_600_000;
const AS_OF = Date.UTC(2026, 10, 23, 0);
const DAYS = 4;
const START = AS_OF - DAYS * DAY_POINTS * STEP;
/** A spike 6 hours before the first run (reported), and one in the hour after it. */
const SPIKE_AT = DAYS * DAY_POINTS - 72;
const SECOND_SPIKE_AT = DAYS * DAY_POINTS + 5;

describe('scoreNewAnomalyPoints activity (real MariaDB)', function () {
  this.timeout(120_000);
  let db: TestDb;
  let id: SeriesId;
  const values = withSpike(withSpike(wave(DAYS + 1), SPIKE_AT, 80), SECOND_SPIKE_AT, 80);
  const rows = (from: number, to: number): ObservationRow[] =>
    values.slice(from, to).map((value, k) => ({ seriesId: id, t: START + (from + k) * STEP, value }));

  before(async () => {
    db = await createTestDb('anomalyinc');
    id = await seedSeries(db, testIdentity('web-1', '5m'));
    await upsertObservations(db, rows(0, DAYS * DAY_POINTS));
  });
  after(() => db.drop());

  const score = (asOf: number) =>
    createIncrementalAnomalyActivities({ db }).scoreNewAnomalyPoints({
      asOf,
      seriesIds: [id],
      reportHours: 24,
    });

  it('learns a new series, reports its last day, stores the state, and a repeated run scores nothing', async () => {
    const first = await score(AS_OF);
    assert.equal(first.series, 1);
    assert.equal(first.scored, DAYS * DAY_POINTS);
    assert.equal(first.inserted, first.flagged);
    const found = await listAnomalies(db, { seriesId: id, detector: 'likelihood' });
    assert.ok(
      found.some((a) => a.ts === START + SPIKE_AT * STEP && a.value === values[SPIKE_AT] && a.score >= 4),
    );
    assert.ok(found.every((a) => a.ts >= AS_OF - 24 * HOUR && a.detectedAt === AS_OF));
    const state = (await readAnomalyStates(db, [id], 'likelihood')).get(id);
    assert.equal(state?.scoredUntil, AS_OF - STEP);

    const before = await snapshotTable(db, 'anomalies', 'series_id, detector, ts');
    assert.deepEqual(await score(AS_OF), { series: 1, scored: 0, flagged: 0, inserted: 0 });
    assert.equal(await snapshotTable(db, 'anomalies', 'series_id, detector, ts'), before);
  });

  it('the next hour scores only its 12 new points and flags the new spike (a page given as an id range)', async () => {
    await upsertObservations(db, rows(DAYS * DAY_POINTS, DAYS * DAY_POINTS + 12));
    // Cycles planned as ranges pass the page's id range; the activity resolves the series itself.
    const next = await createIncrementalAnomalyActivities({ db }).scoreNewAnomalyPoints({
      asOf: AS_OF + HOUR,
      range: { granularity: '5m', first: id, last: id, count: 1 },
      reportHours: 24,
    });
    assert.equal(next.series, 1);
    assert.equal(next.scored, 12);
    const found = await listAnomalies(db, { seriesId: id, from: AS_OF });
    assert.deepEqual(
      found.map((a) => [a.ts, a.detectedAt]),
      [[START + SECOND_SPIKE_AT * STEP, AS_OF + HOUR]],
    );
    assert.equal((await readAnomalyStates(db, [id], 'likelihood')).get(id)?.scoredUntil, AS_OF + HOUR - STEP);
  });

  it('a page whose feeds stopped at different times reads each group from its own state, not all from the oldest', async () => {
    const current = await seedSeries(db, testIdentity('web-2', '5m'));
    const stopped = await seedSeries(db, testIdentity('web-3', '5m'));
    const points = (seriesId: SeriesId, to: number): ObservationRow[] =>
      values.slice(0, to).map((value, k) => ({ seriesId, t: START + k * STEP, value }));
    // web-3's feed stopped a day before the first run; web-2's is current.
    await upsertObservations(db, [...points(current, DAYS * DAY_POINTS), ...points(stopped, 3 * DAY_POINTS)]);
    const page = (asOf: number) =>
      createIncrementalAnomalyActivities({ db: watched }).scoreNewAnomalyPoints({
        asOf,
        seriesIds: [current, stopped],
      });
    const reads: unknown[][] = [];
    const pool = new Proxy(db.pool, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (prop !== 'query' || typeof value !== 'function') return value;
        return (sql: string, params: unknown[]) => {
          if (/FROM observations/.test(sql)) reads.push(params);
          return (value as (...a: unknown[]) => unknown).call(target, sql, params);
        };
      },
    });
    const watched = { ...db, pool };
    await page(AS_OF);
    reads.length = 0;
    await upsertObservations(db, points(current, DAYS * DAY_POINTS + 12));
    const next = await page(AS_OF + HOUR);
    assert.equal(next.scored, 12);
    // One read per state: web-2 from its last scored point, web-3 from the day its feed stopped.
    const starts = reads.map((params) => [params[0], (params[1] as Date).getTime()]);
    assert.deepEqual(starts, [
      [[current], AS_OF - STEP],
      [[stopped], START + (3 * DAY_POINTS - 1) * STEP],
    ]);
  });

  /**
   * Two series with the same observations, scored at AS_OF; the first's stored state is then
   * replaced by `rewrite` of it, and both score the next hour.
   */
  async function twinsWithStoredState(names: [string, string], rewrite: (state: Uint8Array) => string) {
    const [a, b] = [
      await seedSeries(db, testIdentity(names[0], '5m')),
      await seedSeries(db, testIdentity(names[1], '5m')),
    ];
    const twins = (to: number): ObservationRow[] =>
      [a, b].flatMap((seriesId) =>
        values.slice(0, to).map((value, k) => ({ seriesId, t: START + k * STEP, value })),
      );
    const page = (asOf: number) =>
      createIncrementalAnomalyActivities({ db }).scoreNewAnomalyPoints({ asOf, seriesIds: [a, b] });
    await upsertObservations(db, twins(DAYS * DAY_POINTS));
    await page(AS_OF);
    const stored = (await readAnomalyStates(db, [a], 'likelihood')).get(a);
    await db.pool.query('UPDATE anomaly_state SET state = ? WHERE series_id = ?', [
      rewrite(stored?.state as Uint8Array),
      a,
    ]);
    await upsertObservations(db, twins(DAYS * DAY_POINTS + 12));
    const next = await page(AS_OF + HOUR);
    const states = await readAnomalyStates(db, [a, b], 'likelihood');
    return { a, b, next, states };
  }

  it('carries on from a state stored as JSON (rows from before the binary form) exactly as from a binary one', async () => {
    const asJson = (state: Uint8Array) => storeOnlineState(decodeOnlineState(state, STEP));
    const { a: json, b: binary, next, states } = await twinsWithStoredState(['web-4', 'web-5'], asJson);
    assert.equal(next.scored, 24);
    const found = async (seriesId: SeriesId) =>
      (await listAnomalies(db, { seriesId, from: AS_OF })).map((a) => [a.ts, a.score]);
    assert.deepEqual(await found(json), await found(binary));
    assert.equal((await found(json)).length, 1, 'the spike of the new hour');
    assert.deepEqual(
      states.get(json)?.state,
      states.get(binary)?.state,
      'both now stored in the binary form',
    );
  });

  it('relearns a state of the previous detector version from history, reporting only points it had not scored', async () => {
    // The same state as version 3 stored it (before the smoothed forecast): it relearns.
    const asVersion3 = (state: Uint8Array) => {
      const v4 = JSON.parse(storeOnlineState(decodeOnlineState(state, STEP))) as {
        detector: Record<string, unknown>;
      };
      const v3 = JSON.stringify({ ...v4, version: 3, detector: { ...v4.detector, version: 3 } });
      assert.equal(decodeOnlineState(new TextEncoder().encode(v3), STEP).detector.predictors.n, 0);
      return v3;
    };
    const { a: older, b: current, states } = await twinsWithStoredState(['web-6', 'web-7'], asVersion3);
    const found = async (seriesId: SeriesId) =>
      (await listAnomalies(db, { seriesId, from: START })).map((a) => [a.ts, a.score, a.detectedAt]);
    assert.deepEqual(
      await found(older),
      await found(current),
      'the spike of the new hour, nothing reported twice',
    );
    const n = (seriesId: SeriesId) =>
      decodeOnlineState(states.get(seriesId)?.state ?? null, STEP).detector.predictors.n;
    assert.equal(n(older), DAYS * DAY_POINTS + 12, 'learned the history again, not only the new hour');
    assert.deepEqual(states.get(older)?.state, states.get(current)?.state);
  });

  it('refuses a bad report horizon, naming the field, without retries', async () => {
    await assert.rejects(
      createIncrementalAnomalyActivities({ db }).scoreNewAnomalyPoints({
        asOf: AS_OF,
        seriesIds: [id],
        reportHours: 0,
      }),
      (e: Error & { nonRetryable?: boolean }) => {
        assert.equal(e.message, 'scoreNewAnomalyPoints.reportHours must be in (0, 744], got 0');
        assert.equal(e.nonRetryable, true);
        return true;
      },
    );
  });
});
