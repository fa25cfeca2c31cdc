/**
 * The global model's life cycle: ONE network per granularity and issued horizon, trained across
 * that granularity's newest series and stored as a global version (015) with its run. Each cycle
 * `updateGlobalModel` asks `global-refit.ts` what to do: nothing while the newest version is current,
 * an update (warm start from the newest version's weights, `UPDATE_EPOCHS` on the newest
 * `UPDATE_DAYS` of every series; the run names its parent version), or a full refit (first version,
 * weekly schedule, breach, request). Cold start serves the stored version instead of training one.
 */
import type { GlobalModelVersion, GlobalRefit, GlobalVersionId } from '../db';
import { GlobalForecaster, initBackend, loadGlobalForecaster, type SeriesData } from '../forecast';
import type { Granularity, SeriesId } from '../shared';
import { breachReason, planRefit } from './global-refit';
import { readRecentHistoryIfAny } from './history';
import { horizonOf, invalid } from './inputs';
import { libraryVersions, planFor, TRAINING_SEED, type TrainingPlan } from './plan';
import type { Modelling } from './store';

export interface GlobalUpdateInput {
  readonly granularity: Granularity;
  readonly horizon?: number;
  /** Nominal time (epoch ms): only history strictly before it is read; the run id is derived from it. */
  readonly asOf: number;
  /** Series learnt from, newest active first; 200 by default, at most 1,000. */
  readonly peers?: number;
  /** Refit from fresh weights whatever the schedule says. */
  readonly fullRefit?: boolean;
}

export interface GlobalUpdateResult {
  /** `current`: the newest version was left alone; `no-data`: no series had enough history. */
  readonly status: 'trained' | 'current' | 'no-data';
  readonly reason: string;
  readonly runId?: string;
  readonly versionId?: GlobalVersionId;
  readonly version?: number;
  readonly refit?: GlobalRefit;
  readonly parentVersionId?: GlobalVersionId | null;
  readonly series?: number;
}

const DEFAULT_PEERS = 200;
const FULL_EPOCHS = 12;
/** A few passes over the newest windows: enough to follow them without forgetting the rest. */
const UPDATE_EPOCHS = 3;
const UPDATE_DAYS = 2;

/** The run id of a granularity's global training at `asOf`. */
export const globalRunId = (granularity: Granularity, asOf: number): string =>
  `global/${granularity}/${new Date(asOf).toISOString()}`;

/** Updates or refits the granularity's global model as the rules say; a repeat reuses its run. */
export async function updateGlobalModel(m: Modelling, input: GlobalUpdateInput): Promise<GlobalUpdateResult> {
  if (!Number.isFinite(input.asOf)) invalid('input.asOf', input.asOf, 'be an epoch-ms time');
  const peers = input.peers ?? DEFAULT_PEERS;
  if (!(Number.isSafeInteger(peers) && peers >= 1 && peers <= 1000))
    invalid('input.peers', peers, 'be an integer from 1 to 1000');
  const key = { granularity: input.granularity, horizon: horizonOf(input) };
  const runId = globalRunId(key.granularity, input.asOf);
  const reused = await reusedRun(m, runId);
  if (reused !== undefined) return reused;
  const latest = await m.store.latestGlobalVersion(key);
  const plan = planRefit(latest, input.asOf, input.fullRefit ?? false);
  if (plan.action === 'current') return { status: 'current', reason: plan.reason };
  const trainingPlan = planFor(key.granularity, key.horizon);
  const histories = await peerHistories(m, { ...key, asOf: input.asOf, peers }, trainingPlan);
  if (histories.length === 0)
    return { status: 'no-data', reason: `no ${key.granularity} series has a day and a horizon of history` };
  const newest = histories.map((s) => newestDays(s, UPDATE_DAYS + 1, trainingPlan));
  const parent = plan.action === 'update' && latest ? await unlessBreached(m, latest, newest) : undefined;
  try {
    const refit = parent?.model ? 'update' : 'full';
    const reason = parent?.breach ?? plan.reason;
    const job = { ...key, runId, refit, reason, asOf: input.asOf, trainingPlan } as const;
    return await trainAndRegister(m, job, parent?.model ? newest : histories, parent?.model && parent);
  } finally {
    parent?.model?.dispose();
  }
}

/** The result of a run that already succeeded (a retried activity), or undefined. */
async function reusedRun(m: Modelling, runId: string): Promise<GlobalUpdateResult | undefined> {
  const earlier = await m.store.getGlobalRun(runId);
  if (earlier?.status !== 'succeeded' || earlier.versionId === null) return undefined;
  const made = await m.store.getGlobalVersion(earlier.versionId);
  const { refit, parentVersionId, reason, versionId } = earlier;
  const series = Number(earlier.hyperparameters['series']);
  return {
    status: 'trained',
    reason,
    runId,
    versionId,
    version: made?.version,
    refit,
    parentVersionId,
    series,
  };
}

/**
 * The newest version loaded to warm-start from, or, when its loss on the newest windows is a
 * breach, only the breach's reason (a full refit follows).
 */
async function unlessBreached(
  m: Modelling,
  latest: GlobalModelVersion,
  newest: readonly SeriesData[],
): Promise<
  { model: GlobalForecaster; id: GlobalVersionId; breach?: undefined } | { model?: undefined; breach: string }
> {
  const model = await loadGlobalForecaster(await m.store.loadGlobalArtifact(latest.id));
  try {
    const breach = breachReason(latest, await model.loss(newest));
    if (breach === undefined) return { model, id: latest.id };
    model.dispose();
    return { breach };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

interface GlobalJob {
  readonly granularity: Granularity;
  readonly horizon: number;
  readonly runId: string;
  readonly refit: GlobalRefit;
  readonly reason: string;
  readonly asOf: number;
  readonly trainingPlan: TrainingPlan;
}

async function trainAndRegister(
  m: Modelling,
  job: GlobalJob,
  series: readonly SeriesData[],
  parent: { readonly model: GlobalForecaster; readonly id: GlobalVersionId } | undefined,
): Promise<GlobalUpdateResult> {
  const epochs = parent === undefined ? FULL_EPOCHS : UPDATE_EPOCHS;
  const from = Math.min(...series.map((s) => s.start));
  const run = {
    ...{ granularity: job.granularity, horizon: job.horizon, runId: job.runId, refit: job.refit },
    ...{ parentVersionId: parent?.id ?? null, reason: job.reason },
    hyperparameters: { epochs, series: series.length, seed: TRAINING_SEED },
    dataWindow: { from, to: job.asOf },
    backend: (await initBackend()).name,
    libraryVersions: libraryVersions(),
  };
  await m.store.recordGlobalRun(run);
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  let model: GlobalForecaster | undefined;
  try {
    model = await GlobalForecaster.train(series, {
      ...{ horizon: job.trainingPlan.horizon, seasonPeriod: job.trainingPlan.seasonPeriod, epochs },
      seed: TRAINING_SEED,
      ...(parent && { warmStart: parent.model }),
      onProgress: ({ epoch }) => void m.heartbeat({ stage: job.runId, epoch }),
    });
    const artifact = await model.serialize();
    const registered = await m.store.registerGlobalVersion({
      ...{ granularity: job.granularity, horizon: job.horizon, artifact, runId: job.runId, refit: job.refit },
      ...(parent && { parentVersionId: parent.id }),
      dataTo: job.asOf,
    });
    const trainingLoss = Number(artifact.metadata.hyperparameters['trainingLoss']);
    const outcome = {
      status: 'succeeded' as const,
      durationMs: durationMs(),
      trainingLoss,
      versionId: registered.id,
    };
    await m.store.recordGlobalRun({ ...run, outcome });
    return {
      ...{ status: 'trained', reason: job.reason, runId: job.runId, versionId: registered.id },
      ...{
        version: registered.version,
        refit: job.refit,
        parentVersionId: run.parentVersionId,
        series: series.length,
      },
    };
  } catch (error) {
    const outcome = { status: 'failed' as const, durationMs: durationMs(), error: String(error) };
    await m.store.recordGlobalRun({ ...run, outcome });
    throw error;
  } finally {
    model?.dispose();
  }
}

/** The newest `days` seasons of a series (at least the fine part and a horizon, from `buildSamples`). */
function newestDays(s: SeriesData, days: number, plan: TrainingPlan): SeriesData {
  const keep = days * plan.seasonPeriod;
  if (s.values.length <= keep) return s;
  const drop = s.values.length - keep;
  return { ...s, start: s.start + drop * s.stepMs, values: s.values.slice(drop) };
}

/** Recent histories (short gaps bridged) of the granularity's newest active series with a day and a horizon of points. */
export async function peerHistories(
  m: Modelling,
  input: { granularity: Granularity; asOf: number; peers: number; exclude?: SeriesId },
  plan: TrainingPlan,
): Promise<SeriesData[]> {
  const ids = await m.store.peerSeriesIds({
    granularity: input.granularity,
    ...(input.exclude !== undefined && { exclude: input.exclude }),
    limit: input.peers,
  });
  const histories: SeriesData[] = [];
  for (const id of ids) {
    const history = await readRecentHistoryIfAny(m, id, plan.stepMs, input.asOf);
    if (history !== undefined && history.values.length >= plan.seasonPeriod + plan.horizon)
      histories.push(history);
  }
  return histories;
}
