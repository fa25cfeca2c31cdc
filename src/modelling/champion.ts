/**
 * Moving aliases once the served candidate is chosen (`serve.ts`: the core's `decideServing`, from
 * validation results only). The evaluation segment decides one thing, whether the challenger beats
 * the current champion, and both are scored on the same segment of the same data with the same MASE
 * scale, whether each is a single kind or a combination.
 */
import type { ModelKey } from '../db';
import { backtest, loadForecaster, splitSeries, type ModelKind, type SeriesData } from '../forecast';
import type { ModelVersionId } from '../shared';
import type { Modelling } from './store';
import type { TrainSeriesInput } from './inputs';
import type { KindResult } from './train-kind';
import type { TrainingPlan } from './plan';

/** A kind that trained. */
export type TrainedKind = Extract<KindResult, { ok: true }>;

/** The registered version a training job serves: one kind, or the combination of several. */
export interface ServedCandidate {
  readonly kind: ModelKind;
  readonly versionId: ModelVersionId;
  readonly validationMase: number;
  readonly evaluationMase: number;
  /** Why it is served (the serving decision's reason), for the alias history. */
  readonly why: string;
}

/** Where the champion alias points after the decision, and why. */
export interface ChampionDecision {
  readonly versionId: ModelVersionId | null;
  readonly promoted: boolean;
  readonly reason: string;
}

/** The decision's inputs: the job and the data its kinds were evaluated on. */
export interface ChampionJob {
  readonly key: ModelKey;
  readonly plan: TrainingPlan;
  readonly series: SeriesData;
  readonly runIdPrefix: string;
  readonly promote: NonNullable<TrainSeriesInput['promote']>;
}

const rank = (mase: number): number => (Number.isFinite(mase) ? mase : Infinity);
const show = (mase: number): string => (Number.isFinite(mase) ? mase.toFixed(4) : String(mase));

/**
 * Sets `selected` as challenger and, with `champion-if-better`, promotes it when there is no
 * champion or it beats the champion's evaluation MASE. Safe to repeat: a version that is already
 * champion is left alone, and the answer says whether this job (by its run id prefix) promoted it.
 */
export async function decideChampion(
  m: Modelling,
  job: ChampionJob,
  selected: ServedCandidate,
): Promise<ChampionDecision> {
  const { key, runIdPrefix } = job;
  const current = (await m.store.getAlias(key, 'champion'))?.id;
  if (current === selected.versionId) return alreadyChampion(m, key, current, runIdPrefix);
  const why = `${runIdPrefix}: ${selected.why}`.slice(0, 1000);
  await m.store.setAlias(key, 'challenger', selected.versionId, why);
  if (job.promote !== 'champion-if-better')
    return { versionId: current ?? null, promoted: false, reason: 'promotion not requested' };
  const verdict =
    current === undefined
      ? { better: true, why: 'there was no champion' }
      : await compare(m, job, current, selected);
  if (!verdict.better) return { versionId: current ?? null, promoted: false, reason: verdict.why };
  // The history keeps at most 1000 characters of reason; a model's error message can be long.
  const reason = `${runIdPrefix}: ${selected.kind} version ${selected.versionId} promoted: ${verdict.why}`;
  await m.store.promote(key, reason.slice(0, 1000), { versionId: selected.versionId });
  return { versionId: selected.versionId, promoted: true, reason: reason.slice(0, 1000) };
}

/** Whether the challenger should replace `champion`, and why (or why not). */
async function compare(
  m: Modelling,
  job: ChampionJob,
  champion: ModelVersionId,
  selected: ServedCandidate,
): Promise<{ readonly better: boolean; readonly why: string }> {
  let championMase: number;
  try {
    championMase = await evaluateAsSaved(m, champion, job);
  } catch (error) {
    // A champion that cannot forecast this data (too short for its window, say) is no champion.
    if (!(error instanceof Error && error.name === 'ForecastInputError')) throw error;
    return { better: true, why: `champion ${champion} cannot forecast this window (${error.message})` };
  }
  const better = rank(selected.evaluationMase) < rank(championMase);
  const scores = `evaluation MASE ${show(selected.evaluationMase)} against champion ${champion}'s ${show(championMase)} on the same window`;
  return { better, why: better ? scores : `challenger ${selected.versionId} does not beat it: ${scores}` };
}

/**
 * The champion's evaluation MASE, predicting with its artifact as saved (never refitted) over the
 * evaluation segment the challenger was scored on. It may have been trained on part of that segment,
 * which favours it: a challenger is promoted only when clearly better.
 */
async function evaluateAsSaved(m: Modelling, versionId: ModelVersionId, job: ChampionJob): Promise<number> {
  await m.heartbeat({ stage: `${job.runIdPrefix}/champion`, versionId });
  const model = await loadForecaster(await m.store.loadArtifact(versionId));
  try {
    const { evalStart, length } = splitSeries(job.series.values.length);
    const { horizon, seasonPeriod, originStep } = job.plan;
    const refuse = (): never => {
      throw new Error('the champion is evaluated as saved, never refitted');
    };
    const result = await backtest(refuse, job.series, {
      ...{ horizon, seasonPeriod, originStep, fitted: model, refitEvery: Infinity },
      segment: { from: evalStart, to: length },
    });
    return result.metrics.overall.mase;
  } finally {
    model.dispose();
  }
}

/** The answer for a selected version that is already champion: promoted by this job, or before it. */
async function alreadyChampion(
  m: Modelling,
  key: ModelKey,
  versionId: ModelVersionId,
  runIdPrefix: string,
): Promise<ChampionDecision> {
  const last = (await m.store.listAliasHistory(key)).filter((m) => m.alias === 'champion').pop();
  const byThisJob =
    last?.action === 'promote' &&
    last.toVersionId === versionId &&
    last.reason.startsWith(`${runIdPrefix}: `);
  if (byThisJob) return { versionId, promoted: true, reason: last.reason };
  return { versionId, promoted: false, reason: `version ${versionId} is already champion` };
}
