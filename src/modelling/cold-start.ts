/**
 * Cold start: a series with too little history for per-series training (fewer than
 * `minTrainingPoints`) gets its first champion from the granularity's global model, the core's
 * `GlobalForecaster` trained across the newest active series of that granularity and this one (a
 * day of history gives it full context; less is padded), served as `bench:accuracy` scores a series
 * that young: combined with naive under the core's `COLD_START_PLAN`. The pair is registered as the
 * series' version (kind `ensemble`, hyperparameter `coldStart`) and recorded as the run
 * `<prefix>/global` (no evaluation segment exists yet, so its metrics are empty), and promoted only
 * when the series has no champion. Its intervals are the members' until reconciled errors adapt them
 * (`adaptive-intervals.ts`). Training the network for each new series (rather than sharing one
 * stored network) keeps one immutable artifact per version.
 */
import type { RunMetrics } from '../db';
import {
  COLD_START_PLAN,
  createForecaster,
  ensembleArtifact,
  GlobalForecaster,
  initBackend,
  type ModelArtifact,
  type SeriesData,
} from '../forecast';
import type { Granularity, ModelVersionId, SeriesId } from '../shared';
import { readRecentHistoryIfAny } from './history';
import { horizonOf, invalid } from './inputs';
import { libraryVersions, planFor, TRAINING_SEED, type TrainingPlan } from './plan';
import type { Modelling } from './store';

export interface ColdStartInput {
  readonly seriesId: SeriesId;
  readonly granularity: Granularity;
  readonly horizon?: number;
  /** Nominal time (epoch ms): only history strictly before it is read. */
  readonly issuedAt: number;
  /** Business id, e.g. `cold-start/42/2026-11-23T10:00Z`: the run is `<prefix>/global`. */
  readonly runIdPrefix: string;
  /** Other series of the granularity the network learns from; 100 by default, at most 1,000. */
  readonly peers?: number;
}

export interface ColdStartResult {
  readonly runId: string;
  readonly versionId: ModelVersionId;
  /** Series the network was trained on (peers with enough history, and this one). */
  readonly series: number;
  readonly promoted: boolean;
  readonly reason: string;
}

const DEFAULT_PEERS = 100;
/** Short training: the network is small and the cold series needs a forecast this cycle. */
const EPOCHS = 10;
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

/** Trains the global model for a new series, registers it, and makes it champion when there is none. */
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
  const peers = await peerHistories(m, input, plan);
  const series = [...peers, own];
  const hyperparameters = { epochs: EPOCHS, series: series.length };
  const dataWindow = { from: own.start, to: input.issuedAt };
  const backend = (await initBackend()).name;
  const run = { ...key, runId, kind: 'global', hyperparameters, dataWindow, backend } as const;
  const context = { ...run, libraryVersions: libraryVersions() };
  await m.store.recordRun(context);
  const started = performance.now();
  await m.heartbeat({ stage: runId, series: series.length });
  const options = {
    ...{ horizon: plan.horizon, seasonPeriod: plan.seasonPeriod, epochs: EPOCHS, seed: TRAINING_SEED },
    // Training yields after every batch, so these heartbeats reach the server while it runs.
    onProgress: ({ epoch }: { readonly epoch: number }) => void m.heartbeat({ stage: runId, epoch }),
  };
  const artifact = await coldStartArtifact(series, own, options);
  const versionId = (await m.store.registerVersion({ ...key, artifact, runId })).id;
  const durationMs = Math.round(performance.now() - started);
  const outcome = {
    status: 'succeeded' as const,
    ...{ metrics: NO_METRICS, folds: [], durationMs, modelVersionId: versionId },
  };
  await m.store.recordRun({ ...context, outcome });
  return { versionId, series: series.length };
}

/** The global model trained on `series` and naive fitted on `own`, combined under `COLD_START_PLAN`. */
async function coldStartArtifact(
  series: readonly SeriesData[],
  own: SeriesData,
  options: Parameters<typeof GlobalForecaster.train>[1],
): Promise<ModelArtifact> {
  const members: ModelArtifact[] = [];
  const global = await GlobalForecaster.train(series, options);
  try {
    members.push(await global.serialize());
  } finally {
    global.dispose();
  }
  const naive = createForecaster('naive');
  try {
    await naive.fit(own, { horizon: options.horizon, seasonPeriod: options.seasonPeriod });
    members.push(await naive.serialize());
  } finally {
    naive.dispose();
  }
  const artifact = ensembleArtifact(members, COLD_START_PLAN);
  const hyperparameters = { ...artifact.metadata.hyperparameters, coldStart: true };
  return { ...artifact, metadata: { ...artifact.metadata, hyperparameters } };
}

/** Recent gap-free histories of peer series with at least a day and a horizon of points. */
async function peerHistories(m: Modelling, input: ColdStartInput, plan: TrainingPlan): Promise<SeriesData[]> {
  const ids = await m.store.peerSeriesIds({
    granularity: input.granularity,
    exclude: input.seriesId,
    limit: input.peers ?? DEFAULT_PEERS,
  });
  const histories: SeriesData[] = [];
  for (const id of ids) {
    const history = await readRecentHistoryIfAny(m, id, plan.stepMs, input.issuedAt);
    if (history !== undefined && history.values.length >= plan.seasonPeriod + plan.horizon)
      histories.push(history);
  }
  return histories;
}
