/** Seeds one hourly NAB series with a champion, past reconciled cycles and a newest forecast, plus a series with a hostile host name: what the Prometheus exposition test scrapes. */
import { readFile } from 'node:fs/promises';
import { storeCleanedSeries } from '../../src/activities/ingest-store';
import { modellingOver } from '../../src/activities/modelling';
import { parseLimitSpec } from '../../src/alerts';
import {
  applyAlertChanges,
  finishDecision,
  listSeries,
  readObservations,
  reconcileMatured,
  recordRun,
  refreshAccuracy,
  refreshDashboard,
  registerVersion,
  setAlias,
  startDecision,
  upsertLimit,
  type Db,
  type ModelKey,
} from '../../src/db';
import { createForecaster, type SingleModelKind } from '../../src/forecast';
import { cleanSeries, parseCsv } from '../../src/ingest';
import { issueForecast, loadModel, bridgedHistory } from '../../src/modelling';
import { modelHorizon, type ModelVersionId, type SeriesId } from '../../src/shared';
import type { TestDb } from '../support/test-db';
import { seedSeries, testIdentity } from '../db/support/seed';

const NAB_FILE = 'data/nab/realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv';
const HOUR = 3_600_000;
export const HORIZON = 12;
/** Hourly cycles issued before the newest one; their targets are reconciled, so the chart has actuals. */
const PAST_CYCLES = 24;
/** A series whose name tries to inject a script into every page that shows it. */
export const EVIL_HOST = '<script>window.__xss=1</script>';

export interface SeededDashboard {
  readonly seriesId: SeriesId;
  readonly evilId: SeriesId;
  /** Nominal hour of the newest champion forecast: the hour after the newest observation. */
  readonly issuedAt: number;
}

/** Ingests the bundled NAB file as the engine does (5-minute and hourly series); returns the hourly id. */
async function ingestNab(db: Db): Promise<SeriesId> {
  const raw = parseCsv(await readFile(NAB_FILE, 'utf8'), NAB_FILE, { duplicates: 'keep-last' });
  const cleaning = { stepMs: 300_000, maxGapMs: HOUR, minCoverage: 0.5, dropPatterns: [] };
  await storeCleanedSeries(db, cleanSeries([raw], cleaning).kept);
  return (await listSeries(db, { granularity: '1h' }))[0]!.id;
}

/** Fits `kind` on the hourly history before `before` and registers it; returns its version id. */
async function registerFitted(
  db: Db,
  key: ModelKey,
  kind: SingleModelKind,
  before: number,
): Promise<ModelVersionId> {
  const rows = await readObservations(db, key.seriesId, { from: 0, to: before });
  const model = createForecaster(kind);
  await model.fit(bridgedHistory(rows, HOUR)!, { horizon: modelHorizon(key.horizon), seasonPeriod: 24 });
  const artifact = await model.serialize();
  model.dispose();
  const runId = `dashboard-test/${kind}`;
  const window = { from: rows[0]!.t, to: before };
  const metrics = { mae: 1.5, rmse: 2, mape: 3, smape: 3, mase: 0.9, coverage80: 0.8, coverage95: 0.95 };
  const run = { runId, ...key, granularity: '1h' as const, kind, hyperparameters: {}, dataWindow: window };
  await recordRun(db, { ...run, backend: 'cpu', libraryVersions: {} });
  const { id } = await registerVersion(db, { ...key, artifact, runId });
  await recordRun(db, {
    ...{ ...run, backend: 'cpu', libraryVersions: {} },
    outcome: { status: 'succeeded', metrics, folds: [metrics], durationMs: 120, modelVersionId: id },
  });
  return id;
}

/** Champion forecasts issued hourly up to the hour after the newest observation, reconciled as the cycle does. */
async function issueCycles(db: Db, key: ModelKey, newest: number): Promise<number> {
  const m = modellingOver(db);
  const model = (await loadModel(m, key, 'champion'))!;
  const last = newest + HOUR;
  try {
    for (let k = PAST_CYCLES; k >= 0; k--)
      await issueForecast(m, model, {
        ...{ seriesId: key.seriesId, issuedAt: last - k * HOUR, role: 'champion' },
        ...{ stepMs: HOUR, horizon: key.horizon },
      });
  } finally {
    model.forecaster.dispose();
  }
  await reconcileMatured(db, { asOf: last, deadlineMs: 6 * HOUR });
  await refreshAccuracy(db, { asOf: last });
  await refreshDashboard(db, { asOf: last });
  return last;
}

/** A limit on the series, one open alert against it, and a retrain decision that kept the champion. */
async function seedEvents(
  db: Db,
  seriesId: SeriesId,
  champion: ModelVersionId,
  issuedAt: number,
): Promise<void> {
  const limit = await upsertLimit(db, parseLimitSpec({ seriesId, threshold: 60, direction: 'above' }));
  const key = { seriesId, limitId: limit.id, source: 'forecast' as const };
  const crossing = { at: issuedAt + 3 * HOUR, value: 61.5 };
  const message = 'forecast upper95 61.5 above 60 in 180 min';
  await applyAlertChanges(db, issuedAt, [
    { key, decision: { type: 'open', crossing }, threshold: 60, message, leadMinutes: 180 },
  ]);
  const decision = { workflowId: `retrain/${seriesId}`, attemptKey: new Date(issuedAt).toISOString() };
  await startDecision(db, {
    ...decision,
    ...{ seriesId, reason: 'forced', trigger: { requestedBy: 'dashboard test' } },
    ...{ championBeforeId: champion, startedAt: issuedAt },
  });
  await finishDecision(db, decision, {
    ...{ status: 'kept', selectedKind: 'naive', challengerVersionId: null, championAfterId: champion },
    ...{
      explanation: 'challenger naive MAE 2.1 is not better than champion 1.5',
      finishedAt: issuedAt + 60_000,
    },
  });
}

/**
 * Two anomalies in the shown history. The table is the anomaly engineer's (migration 007, columns per
 * the contract); created here only if that migration is not in this checkout yet.
 */
async function seedAnomalies(db: Db, seriesId: SeriesId, newest: number): Promise<void> {
  await db.pool.query(`CREATE TABLE IF NOT EXISTS anomalies (
    series_id BIGINT UNSIGNED NOT NULL, ts DATETIME NOT NULL, detector VARCHAR(32) NOT NULL,
    score DOUBLE NOT NULL, value DOUBLE NOT NULL, detected_at DATETIME(3) NOT NULL,
    PRIMARY KEY (series_id, detector, ts))`);
  for (const [hoursBack, detector, score] of [
    [30, 'band95', 3.2],
    [50, 'changepoint', 0.9],
  ] as const) {
    const ts = newest - hoursBack * HOUR;
    const [row] = await readObservations(db, seriesId, { from: ts, to: ts + 1 });
    await db.pool.query(
      'INSERT INTO anomalies (series_id, ts, detector, score, value, detected_at) VALUES (?,?,?,?,?,?)',
      [seriesId, new Date(ts), detector, score, row!.value, new Date(newest)],
    );
  }
}

/**
 * A database the dashboard can show in full: the bundled NAB CPU series (5-minute and hourly), a
 * seasonal-naive champion and a naive challenger with their training runs, 25 hourly champion
 * forecasts (all but the newest reconciled), accuracy and dashboard rows, a limit, an open alert, a
 * retrain decision, two anomalies, and a second series whose name is a script.
 */
export async function seedDashboard(db: TestDb): Promise<SeededDashboard> {
  const seriesId = await ingestNab(db);
  const rows = await readObservations(db, seriesId, { from: 0, to: Date.UTC(2100, 0) });
  const newest = rows[rows.length - 1]!.t;
  const key: ModelKey = { seriesId, granularity: '1h', horizon: HORIZON };
  const firstIssue = newest + HOUR - PAST_CYCLES * HOUR;
  const champion = await registerFitted(db, key, 'seasonal-naive', firstIssue);
  await setAlias(db, key, 'champion', champion, 'first champion of the dashboard test');
  const challenger = await registerFitted(db, key, 'naive', firstIssue);
  await setAlias(db, key, 'challenger', challenger, 'shadow candidate');
  const issuedAt = await issueCycles(db, key, newest);
  await seedEvents(db, seriesId, champion, issuedAt);
  await seedAnomalies(db, seriesId, newest);
  const evilId = await seedSeries(db, testIdentity(EVIL_HOST));
  return { seriesId, evilId, issuedAt };
}
