import assert from 'node:assert/strict';
import { createAnomalyActivities } from '../../src/activities/anomalies';
import {
  listAnomalies,
  reconcileMatured,
  upsertForecasts,
  upsertObservations,
  type ObservationRow,
} from '../../src/db';
import { V1, seedSeries, testIdentity } from '../db/support/seed';
import { createTestDb, snapshotTable, type TestDb } from '../support/test-db';
import { DAY_POINTS, STEP, wave, withSpike } from './synthetic';

const HOUR = 3_600_000;
/** Nominal hour of the run; the 5-minute series ends just before it. */
const AS_OF = Date.UTC(2026, 10, 23, 0);
const DAYS = 4;
const START = AS_OF - DAYS * DAY_POINTS * STEP;
/** The planted spike: 6 hours before the run, inside a 24-hour lookback. */
const SPIKE_AT = DAYS * DAY_POINTS - 72;

describe('detectAnomalies activity (real MariaDB)', function () {
  this.timeout(120_000);
  let db: TestDb;
  let fiveMinute: number;
  let hourly: number;

  before(async () => {
    db = await createTestDb('anomalies');
    fiveMinute = await seedSeries(db, testIdentity('web-1', '5m'));
    hourly = await seedSeries(db, testIdentity('web-2', '1h'));
    const values = withSpike(wave(DAYS), SPIKE_AT, 80);
    const rows: ObservationRow[] = values.map((value, i) => ({
      seriesId: fiveMinute as ObservationRow['seriesId'],
      t: START + i * STEP,
      value,
    }));
    // The hourly series: flat 50, with 90 at AS_OF − 3 h against a forecast band of 50 ± 10.
    const target = AS_OF - 3 * HOUR;
    for (let t = AS_OF - 48 * HOUR; t < AS_OF; t += HOUR)
      rows.push({ seriesId: hourly as ObservationRow['seriesId'], t, value: t === target ? 90 : 50 });
    await upsertObservations(db, rows);
    const record = (targetAt: number, horizonStep: number) => ({
      seriesId: hourly as ObservationRow['seriesId'],
      modelVersionId: V1,
      modelKind: 'ets',
      issuedAt: targetAt - horizonStep * HOUR,
      targetAt,
      horizonStep,
      point: 50,
      lower80: 45,
      upper80: 55,
      lower95: 40,
      upper95: 60,
    });
    await upsertForecasts(db, [record(target, 1), record(target, 2), record(target - HOUR, 1)]);
    const reconciled = await reconcileMatured(db, { asOf: AS_OF, deadlineMs: HOUR });
    assert.equal(reconciled.reconciled, 3);
  });

  after(() => db.drop());

  it('flags the planted spike and the forecast miss, and a repeated run adds nothing', async () => {
    const activities = createAnomalyActivities({ db });
    const detectAnomalies = activities.detectAnomalies.bind(activities);
    const first = await detectAnomalies({ asOf: AS_OF, lookbackHours: 24 });
    assert.equal(first.series, 2);
    assert.ok(first.flagged > 0);
    assert.equal(first.inserted, first.flagged);

    const spikeTs = START + SPIKE_AT * STEP;
    const fiveMinuteRows = await listAnomalies(db, { seriesId: fiveMinute as never });
    const atSpike = fiveMinuteRows.filter((a) => a.ts === spikeTs).map((a) => a.detector);
    assert.ok(atSpike.includes('extreme'), `detectors at the spike: ${atSpike.join(',')}`);
    assert.ok(fiveMinuteRows.every((a) => a.ts >= AS_OF - 24 * HOUR && a.ts < AS_OF));
    assert.ok(fiveMinuteRows.every((a) => a.detectedAt === AS_OF));

    const band = await listAnomalies(db, { seriesId: hourly as never, detector: 'band95' });
    assert.deepEqual(
      band.map((a) => ({ ts: a.ts, value: a.value, score: a.score })),
      [{ ts: AS_OF - 3 * HOUR, value: 90, score: 4 }],
    );

    const before = await snapshotTable(db, 'anomalies', 'series_id, detector, ts');
    const again = await detectAnomalies({ asOf: AS_OF, lookbackHours: 24 });
    assert.deepEqual(again, { ...first, inserted: 0 });
    assert.equal(await snapshotTable(db, 'anomalies', 'series_id, detector, ts'), before);
  });

  it('a later run over an overlapping window keeps the first detection time', async () => {
    const activities = createAnomalyActivities({ db });
    const detectAnomalies = activities.detectAnomalies.bind(activities);
    const later = await detectAnomalies({ asOf: AS_OF + HOUR, lookbackHours: 24 });
    assert.equal(later.inserted, 0);
    const rows = await listAnomalies(db, {});
    assert.ok(rows.length > 0 && rows.every((a) => a.detectedAt === AS_OF));
  });

  it('refuses a bad lookback, naming the field, without retries', async () => {
    const activities = createAnomalyActivities({ db });
    const detectAnomalies = activities.detectAnomalies.bind(activities);
    await assert.rejects(
      detectAnomalies({ asOf: AS_OF, lookbackHours: 0 }),
      (e: Error & { nonRetryable?: boolean }) => {
        assert.equal(e.message, 'detectAnomalies.lookbackHours must be in (0, 744], got 0');
        assert.equal(e.nonRetryable, true);
        return true;
      },
    );
  });
});
