import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { bridgedHistory } from '../../src/modelling';
import { listSeries, readObservations, registerVersion, setAlias, type Db } from '../../src/db';
import { createForecaster } from '../../src/forecast';
import { modelHorizon, type SeriesId } from '../../src/shared';

const NAB = path.resolve('data/nab/realAWSCloudwatch');
/** Three NAB series covering 2014-02-14 14:30 to 2014-02-28 14:30. */
const FILES = [
  'ec2_cpu_utilization_24ae8d.csv',
  'ec2_cpu_utilization_5f5533.csv',
  'rds_cpu_utilization_cc0c53.csv',
];
const HOUR_MS = 3_600_000;
/** A nominal hour well inside the seeded data. */
export const NOMINAL = Date.UTC(2014, 1, 20, 10);
export const HORIZON = 6;

const noCloudWatch = { fetch: () => Promise.reject(new Error('no CloudWatch in this test')) };
const cleaning = {
  stepMs: 300_000,
  maxGapMs: 1_800_000,
  minCoverage: 0.8,
  dropPatterns: ['error', 'packet'],
};

/** Every activity over a test database; CloudWatch is not configured, so `ingestLatest` is a no-op. */
export function testActivities(db: Db) {
  return createActivities({ db, cleaning, cloudwatch: noCloudWatch });
}

/** A seasonal-naive champion for one hourly series, fitted on its history before `NOMINAL`. */
async function registerChampion(db: Db, seriesId: SeriesId): Promise<void> {
  const rows = await readObservations(db, seriesId, { from: 0, to: NOMINAL });
  const history = bridgedHistory(rows, HOUR_MS);
  if (!history) throw new Error(`series ${seriesId} has no hourly history`);
  const model = createForecaster('seasonal-naive');
  await model.fit(history, { horizon: modelHorizon(HORIZON), seasonPeriod: 24 });
  const key = { seriesId, granularity: '1h' as const, horizon: HORIZON };
  const { id } = await registerVersion(db, { ...key, artifact: await model.serialize() });
  await setAlias(db, key, 'champion', id, 'test fixture');
  model.dispose();
}

/**
 * Ingests the three NAB files (5-minute and hourly series) and registers a champion for the first
 * `champions` hourly series; returns the hourly ids and those with a champion.
 */
export async function seedCycleDb(
  db: Db,
  champions: number,
): Promise<{ hourly: SeriesId[]; withChampion: SeriesId[] }> {
  const activities = testActivities(db);
  for (const file of FILES) await activities.ingestFile({ path: path.join(NAB, file) });
  const hourly = (await listSeries(db, { granularity: '1h' })).map((s) => s.id);
  const withChampion = hourly.slice(0, champions);
  for (const id of withChampion) await registerChampion(db, id);
  return { hourly, withChampion };
}

/** An I/O worker (workflows and I/O activities) and an ML worker, each on its own queue, in this process. */
export async function startCycleWorkers(
  env: TestWorkflowEnvironment,
  db: Db,
  queues: { readonly io: string; readonly ml: string },
): Promise<() => Promise<void>> {
  const activities = testActivities(db);
  const io = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: queues.io,
    workflowsPath: require.resolve('../../src/workflows'),
    activities,
  });
  const ml = await Worker.create({ connection: env.nativeConnection, taskQueue: queues.ml, activities });
  const running = Promise.all([io.run(), ml.run()]);
  return async () => {
    io.shutdown();
    ml.shutdown();
    await running;
  };
}

/** Forecast rows issued at `issuedAt`, per series, with how many distinct target times they cover. */
export async function forecastsIssuedAt(
  db: Db,
  issuedAt: number,
): Promise<Array<{ seriesId: number; rows: number; targets: number; badBands: number; flatBands: number }>> {
  const rows = await db.pool.query<
    Array<{ series_id: number; n: bigint; targets: bigint; bad: string | null; flat: string | null }>
  >(
    `SELECT series_id, COUNT(*) AS n, COUNT(DISTINCT target_at) AS targets,
       SUM(NOT (lower95 <= lower80 AND lower80 <= point AND point <= upper80 AND upper80 <= upper95)) AS bad,
       SUM(lower95 = upper95) AS flat
     FROM forecasts WHERE issued_at = ? GROUP BY series_id ORDER BY series_id`,
    [new Date(issuedAt)],
  );
  return rows.map((r) => ({
    seriesId: r.series_id,
    rows: Number(r.n),
    targets: Number(r.targets),
    badBands: Number(r.bad ?? 0),
    flatBands: Number(r.flat ?? 0),
  }));
}

/** Issue 11's done-when query: forecasts whose target is at or before their issue time (must be 0). */
export async function forecastsNotAhead(db: Db): Promise<number> {
  const [row] = await db.pool.query<Array<{ n: bigint }>>(
    'SELECT COUNT(*) AS n FROM forecasts WHERE target_at <= issued_at',
  );
  return Number(row?.n);
}

/** The distinct first target times of the forecasts issued at `issuedAt`. */
export async function firstTargets(db: Db, issuedAt: number): Promise<number[]> {
  const rows = await db.pool.query<Array<{ first: Date }>>(
    `SELECT DISTINCT MIN(target_at) AS first FROM forecasts WHERE issued_at = ? GROUP BY series_id`,
    [new Date(issuedAt)],
  );
  return rows.map((r) => r.first.getTime());
}
