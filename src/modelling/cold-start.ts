/**
 * Cold start: a series with too little history for per-series training (fewer than
 * `minTrainingPoints`) gets its first champion from the granularity's stored global model
 * (`global-model.ts`: one network per granularity, updated by the cycle; only when none is stored
 * yet is the first one trained here, and stored for every later cold start), served as
 * `bench:accuracy` scores a series that young: combined with naive under the core's
 * `COLD_START_PLAN`. A day of history gives the network its full context; less is padded. The pair
 * is registered as the series' version (kind `ensemble`, hyperparameters `coldStart` and the global
 * version's id, its artifact a copy of the stored one, so the version stays immutable when the
 * global model moves on) and recorded as the run `<prefix>/global` (no evaluation segment exists
 * yet, so its metrics are empty), and promoted only when the series has no champion. Its intervals
 * are the members' until reconciled errors adapt them (`adaptive-intervals.ts`).
 */
import type { GlobalModelVersion, GlobalVersionId, RunMetrics } from '../db';
import {
  COLD_START_PLAN,
  createForecaster,
  ensembleArtifact,
  initBackend,
  type ModelArtifact,
  type SeriesData,
} from '../forecast';
import type { Granularity, ModelVersionId, SeriesId } from '../shared';
import { readRecentHistoryIfAny } from './history';
import { horizonOf, invalid } from './inputs';
import { updateGlobalModel } from './global-model';
import { libraryVersions, planFor, type TrainingPlan } from './plan';
import type { Modelling } from './store';

export interface ColdStartInput {
  readonly seriesId: SeriesId;
  readonly granularity: Granularity;
  readonly horizon?: number;
  /** Nominal time (epoch ms): only history strictly before it is read. */
  readonly issuedAt: number;
  /** Business id, e.g. `cold-start/42/2026-11-23T10:00Z`: the run is `<prefix>/global`. */
  readonly runIdPrefix: string;
  /** Series the first global model learns from when none is stored; 100 by default, at most 1,000. */
  readonly peers?: number;
}

export interface ColdStartResult {
  readonly runId: string;
  readonly versionId: ModelVersionId;
  /** Series the stored global model was trained on. */
  readonly series: number;
  readonly promoted: boolean;
  readonly reason: string;
}

const DEFAULT_PEERS = 100;
const NO_METRICS: RunMetrics = {
  ...{ mae: NaN, rmse: NaN, mape: NaN, smape: NaN, mase: NaN },
  ...{ coverage80: NaN, coverage95: NaN },
};

function checkInput(input: ColdStartInput): void {
  if (!Number.isFinite(input.issuedAt)) invalid('input.issuedAt', input.issuedAt, 'be an epoch-ms time');
  if (!(input.runIdPrefix.length > 0 && input.runIdPrefix.length <= 200))
    invalid('input.runIdPrefix', input.runIdPrefix, 'have 1 to 200 characters');
  const peers = input.peers ?? DEFAULT_PEERS;
  if (!(Number.isSafeInteger(peers) && peers >= 0 && peers <= 1000))
    invalid('input.peers', peers, 'be an integer from 0 to 1000');
}

/** Registers the stored global model (with naive) for a new series, and makes it champion when there is none. */
export async function coldStartSeries(m: Modelling, input: ColdStartInput): Promise<ColdStartResult> {
  checkInput(input);
  const { seriesId, granularity } = input;
  const stored = await m.store.seriesGranularity(seriesId);
  if (stored !== granularity)
    invalid('input.granularity', granularity, `be ${stored ?? 'that'} of stored series ${seriesId}`);
  const key = { seriesId, granularity, horizon: horizonOf(input) };
  const runId = `${input.runIdPrefix}/global`;
  const earlier = await m.store.getRun(runId);
  const trained =
    earlier?.status === 'succeeded' && earlier.modelVersionId !== null
      ? { versionId: earlier.modelVersionId, series: Number(earlier.hyperparameters['series'] ?? 0) }
      : await trainAndRegister(m, input, key, runId);
  const champion = await m.store.getAlias(key, 'champion');
  if (champion !== undefined) {
    const reason = `series already has champion ${champion.id}`;
    return { runId, ...trained, promoted: champion.id === trained.versionId, reason };
  }
  const reason = `${runId}: cold-start version ${trained.versionId} (global model and naive) promoted: no champion yet`;
  await m.store.setAlias(key, 'challenger', trained.versionId, reason);
  await m.store.promote(key, reason, { versionId: trained.versionId });
  return { runId, ...trained, promoted: true, reason };
}

async function trainAndRegister(
  m: Modelling,
  input: ColdStartInput,
  key: { seriesId: SeriesId; granularity: Granularity; horizon: number },
  runId: string,
): Promise<{ versionId: ModelVersionId; series: number }> {
  const plan = planFor(key.granularity, key.horizon);
  const own = await readRecentHistoryIfAny(m, key.seriesId, plan.stepMs, input.issuedAt);
  if (own === undefined)
    invalid('input.seriesId', key.seriesId, `have observations before input.issuedAt ${input.issuedAt}`);
  const global = await storedGlobalVersion(m, input, key);
  const globalArtifact = await m.store.loadGlobalArtifact(global.id);
  const series = Number(globalArtifact.metadata.hyperparameters['series'] ?? 0);
  const hyperparameters = { globalVersionId: global.id, globalVersion: global.version, series };
  const dataWindow = { from: own.start, to: input.issuedAt };
  const backend = (await initBackend()).name;
  const run = { ...key, runId, kind: 'global', hyperparameters, dataWindow, backend } as const;
  const context = { ...run, libraryVersions: libraryVersions() };
  await m.store.recordRun(context);
  const started = performance.now();
  await m.heartbeat({ stage: runId, globalVersion: global.version });
  const artifact = await coldStartArtifact(globalArtifact, global.id, own, plan);
  const versionId = (await m.store.registerVersion({ ...key, artifact, runId })).id;
  const durationMs = Math.round(performance.now() - started);
  const outcome = {
    status: 'succeeded' as const,
    ...{ metrics: NO_METRICS, folds: [], durationMs, modelVersionId: versionId },
  };
  await m.store.recordRun({ ...context, outcome });
  return { versionId, series };
}

/** The newest stored global version; the first one is trained (and stored) when there is none. */
async function storedGlobalVersion(
  m: Modelling,
  input: ColdStartInput,
  key: { granularity: Granularity; horizon: number },
): Promise<GlobalModelVersion> {
  const latest = await m.store.latestGlobalVersion(key);
  if (latest !== undefined) return latest;
  const peers = Math.max(1, input.peers ?? DEFAULT_PEERS);
  const made = await updateGlobalModel(m, { ...key, asOf: input.issuedAt, peers });
  const stored = made.versionId === undefined ? undefined : await m.store.getGlobalVersion(made.versionId);
  if (stored === undefined)
    invalid(
      'input.granularity',
      key.granularity,
      `have a stored global model or series to train one (${made.reason})`,
    );
  return stored;
}

/** The stored global model and naive fitted on `own`, combined under `COLD_START_PLAN`. */
async function coldStartArtifact(
  global: ModelArtifact,
  globalVersionId: GlobalVersionId,
  own: SeriesData,
  plan: TrainingPlan,
): Promise<ModelArtifact> {
  const naive = createForecaster('naive');
  let members: ModelArtifact[];
  try {
    await naive.fit(own, { horizon: plan.horizon, seasonPeriod: plan.seasonPeriod });
    members = [global, await naive.serialize()];
  } finally {
    naive.dispose();
  }
  const artifact = ensembleArtifact(members, COLD_START_PLAN);
  const hyperparameters = { ...artifact.metadata.hyperparameters, coldStart: true, globalVersionId };
  return { ...artifact, metadata: { ...artifact.metadata, hyperparameters } };
}
