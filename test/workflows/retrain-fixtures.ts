import { readFile } from 'node:fs/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, storeCleanedSeries } from '../../src/activities';
import { overallMetrics } from '../../src/modelling';
import {
  getAlias,
  listSeries,
  readObservations,
  reconcileMatured,
  refreshAccuracy,
  registerVersion,
  setAlias,
  upsertForecasts,
  type ForecastRow,
  type ModelKey,
} from '../../src/db';
import { createForecaster, evaluateModel, withConformal, type SeriesData } from '../../src/forecast';
import { cleanSeries, parseCsv } from '../../src/ingest';
import { modelHorizon, type ModelVersionId, type SeriesId, type TimeRange } from '../../src/shared';
import { sharedTemporalEnv } from '../support/temporal-env';
import { createTestDb, type TestDb } from '../support/test-db';

const NAB = 'data/nab/realAWSCloudwatch';
export const HOUR = 3_600_000;
/** Cheap kinds: a retrain of an hourly NAB series takes a few seconds. */
export const TEST_KINDS = ['naive', 'seasonal-naive', 'ets'] as const;

/** An hourly NAB series as stored: id, display name and the range its observations cover. */
export interface SeededSeries {
  readonly id: SeriesId;
  readonly name: string;
  readonly window: TimeRange;
}

export const keyOf = (id: SeriesId): ModelKey => ({ seriesId: id, granularity: '1h', horizon: 6 });

/** Ingests one NAB file (5-minute points and hourly means) and returns its hourly series. */
export async function ingestNab(db: TestDb, file: string): Promise<SeededSeries> {
  const path = `${NAB}/${file}.csv`;
  const raw = parseCsv(await readFile(path, 'utf8'), path, { duplicates: 'keep-last' });
  const cleaning = { stepMs: 300_000, maxGapMs: HOUR, minCoverage: 0.5, dropPatterns: [] };
  const before = new Set((await listSeries(db, { granularity: '1h' })).map((s) => s.id));
  await storeCleanedSeries(db, cleanSeries([raw], cleaning).kept);
  const row = (await listSeries(db, { granularity: '1h' })).find((s) => !before.has(s.id))!;
  const obs = await readObservations(db, row.id, { from: 0, to: Date.UTC(2100, 0) });
  return { id: row.id, name: row.name, window: { from: obs[0]!.t, to: obs[obs.length - 1]!.t + HOUR } };
}

/**
 * Registers a cheap model (naive by default) as champion, as a person would with the library and the
 * registry: fitted on the whole series, with calibration metrics and intervals from the library's evaluation.
 */
export async function registerChampion(
  db: TestDb,
  s: SeededSeries,
  kind: 'naive' | 'seasonal-naive' = 'naive',
): Promise<ModelVersionId> {
  const obs = await readObservations(db, s.id, s.window);
  const series: SeriesData = { start: obs[0]!.t, stepMs: HOUR, values: obs.map((o) => o.value) };
  const options = { horizon: modelHorizon(6), seasonPeriod: 24, originStep: 1, seed: 42 };
  const evaluation = await evaluateModel(() => createForecaster(kind), series, options);
  const model = withConformal(createForecaster(kind), evaluation.conformal);
  await model.fit(series, options);
  const artifact = await model.serialize();
  model.dispose();
  const validationMetrics = overallMetrics(evaluation.calibration);
  const { id } = await registerVersion(db, { ...keyOf(s.id), artifact, validationMetrics });
  await setAlias(db, keyOf(s.id), 'champion', id, `test seed: ${kind} baseline`);
  return id;
}

/** What the retrain and model-manager tests start from: the dev server, a fresh database, two NAB series. */
export interface NabWorld {
  readonly env: TestWorkflowEnvironment;
  readonly db: TestDb;
  /** EC2 CPU; its champion is of the kind asked for. */
  readonly a: SeededSeries;
  /** RDS CPU; its champion is naive. */
  readonly b: SeededSeries;
  /** The champion registered for `a`. */
  readonly seeded: ModelVersionId;
}

/** Opens a database named after `label`, ingests both NAB series (in order) and gives each a champion. */
export async function seedNabWorld(
  label: string,
  championOfA: 'naive' | 'seasonal-naive' = 'naive',
): Promise<NabWorld> {
  const env = await sharedTemporalEnv();
  const db = await createTestDb(label);
  // One after the other: `ingestNab` finds its series as the one that was not there before.
  const a = await ingestNab(db, 'ec2_cpu_utilization_5f5533');
  const b = await ingestNab(db, 'rds_cpu_utilization_cc0c53');
  const seeded = await registerChampion(db, a, championOfA);
  await registerChampion(db, b);
  return { env, db, a, b, seeded };
}

/**
 * Gives the current champion a bad day: forecasts off by `offset` for every issue hour of the 24 h
 * before `asOf` whose targets have closed, reconciled and aggregated as the cycle would.
 */
export async function driftChampion(
  db: TestDb,
  s: SeededSeries,
  asOf: number,
  offset: number,
): Promise<void> {
  const champion = (await getAlias(db, keyOf(s.id), 'champion'))!;
  const obs = await readObservations(db, s.id, { from: asOf - 30 * HOUR, to: asOf });
  const actual = new Map(obs.map((o) => [o.t, o.value]));
  const rows: ForecastRow[] = [];
  for (let issuedAt = asOf - 24 * HOUR; issuedAt <= asOf - 6 * HOUR; issuedAt += HOUR) {
    for (let step = 1; step <= 6; step++) {
      const targetAt = issuedAt + (step - 1) * HOUR;
      const value = actual.get(targetAt);
      if (value === undefined) continue;
      const point = value + offset;
      const band = { lower80: point - 1, upper80: point + 1, lower95: point - 2, upper95: point + 2 };
      rows.push({
        seriesId: s.id,
        modelVersionId: champion.id,
        modelKind: champion.kind,
        issuedAt,
        targetAt,
        horizonStep: step,
        point,
        ...band,
      });
    }
  }
  await upsertForecasts(db, rows);
  await reconcileMatured(db, { asOf, deadlineMs: 2 * HOUR, seriesIds: [s.id] });
  await refreshAccuracy(db, { asOf, seriesIds: [s.id] });
}

/** An I/O worker (workflows and every activity but training) and an ML worker (`trainSeries` only). */
export interface Workers {
  readonly ioQueue: string;
  readonly mlQueue: string;
  stop(): Promise<void>;
}

const noCloudWatch = { fetch: () => Promise.reject(new Error('no CloudWatch in this test')) };
const cleaning = { stepMs: 300_000, maxGapMs: 1_800_000, minCoverage: 0.8, dropPatterns: [] };

/** Starts both workers on their own task queues, as the lead's split of the worker runs them. */
export async function startWorkers(
  env: TestWorkflowEnvironment,
  db: TestDb,
  label: string,
  workflowsPath = require.resolve('../../src/workflows'),
): Promise<Workers> {
  const ioQueue = `test-${label}-io-${process.pid}`;
  const mlQueue = `test-${label}-ml-${process.pid}`;
  // The I/O worker lacks `trainSeries`, so a retrain that finishes proves training ran on the ML queue.
  const all = createActivities({ db, cleaning, cloudwatch: noCloudWatch });
  const io = Object.fromEntries(Object.entries(all).filter(([name]) => name !== 'trainSeries'));
  const ml = { trainSeries: all.trainSeries.bind(all) };
  const connection = env.nativeConnection;
  const ioWorker = await Worker.create({ connection, taskQueue: ioQueue, workflowsPath, activities: io });
  const mlWorker = await Worker.create({ connection, taskQueue: mlQueue, activities: ml });
  const running = Promise.all([ioWorker.run(), mlWorker.run()]);
  return {
    ioQueue,
    mlQueue,
    async stop() {
      ioWorker.shutdown();
      mlWorker.shutdown();
      await running;
    },
  };
}
