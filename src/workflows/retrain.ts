import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import {
  CancellationScope,
  isCancellation,
  log,
  rootCause,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { RetrainTrigger, TrainSeriesInput, TrainSummary } from '../activities';
import type { Granularity, ModelVersionId, SeriesId } from '../shared';
import { proxyActivity } from './activity-proxy';

/** Search attributes (Keyword) the Web UI filters retrains by; the server must have them registered. */
export const MetricastSeries = defineSearchAttributeKey('MetricastSeries', SearchAttributeType.KEYWORD);
export const MetricastKind = defineSearchAttributeKey('MetricastKind', SearchAttributeType.KEYWORD);

/**
 * The statistical kinds trained at every granularity: each one's stored version forecasts without
 * refitting (seconds per series). Left out on cost: ARIMA (refits at every forecast), Prophet
 * (refits on every load). Chosen by a rule fixed before it was scored (issue 12,
 * src/forecast/baselines/README.md): served over these six, bench:accuracy's MASE fell 22% hourly
 * and 14% at 5 minutes on the bundled data against seasonal-naive, ETS and MSTL alone.
 */
export const STATISTICAL_KINDS: TrainSeriesInput['kinds'] = [
  'naive',
  'seasonal-naive',
  'ets',
  'mstl',
  'theta',
  'sarima',
];
/**
 * Kinds trained when the caller names none. At 5 minutes the dense network joins the six (about 2 s
 * of tfjs training per series per retrain on wasm, the six together 1.5 s): adopted by a rule fixed
 * before scoring (served MASE 0.906x on the bundled data, 0.968x and 0.970x on two fresh generated
 * seeds). Hourly it did not earn its cost (0.541 both ways on the bundled data). So does the recent
 * median (the median of the last hour, robust to spikes; nothing to train): served MASE 0.953x on
 * the bundled data, 0.986x, 0.910x and 0.962x on three fresh seeds, by a second rule fixed before
 * its runs. None has covariate inputs: only a network kind named by the caller gets a
 * `<kind>+covariates` twin.
 */
export const DEFAULT_RETRAIN_KINDS: Readonly<Record<Granularity, TrainSeriesInput['kinds']>> = {
  '1h': STATISTICAL_KINDS,
  '5m': [...STATISTICAL_KINDS, 'dense', 'recent-median'],
};
/** Days of history before the retrain's data end that the models train and are evaluated on. */
export const DEFAULT_TRAINING_DAYS = 14;
/**
 * The same per granularity when the caller names none: two weeks hourly; five days at 5 minutes
 * (1,440 points, 24 hourly backtest origins per segment), where statistical fits already see at
 * most two days each and two weeks cost three times as long for the same choice of model.
 */
export const TRAINING_DAYS: Readonly<Record<Granularity, number>> = { '1h': DEFAULT_TRAINING_DAYS, '5m': 5 };

export interface RetrainInput {
  readonly seriesId: SeriesId;
  readonly granularity: Granularity;
  /** Steps ahead, part of the registry key; the granularity's default (6 hourly) when absent. */
  readonly horizon?: number;
  /** Nominal time of the request (the cycle's hour, the manager's signal time): keys the decision and the runs. */
  readonly nominalTime: number;
  readonly trigger: RetrainTrigger;
  readonly kinds?: TrainSeriesInput['kinds'];
  /** Default `TRAINING_DAYS` of the granularity. */
  readonly trainingDays?: number;
  /** End of the training window, default `nominalTime`; earlier for a series whose data stopped. */
  readonly dataEnd?: number;
  /** Task queue of the ML workers, where `trainSeries` runs (workflows cannot read configuration). */
  readonly mlTaskQueue: string;
}

/** How a retrain ended, as the decision row records it. */
export interface RetrainResult {
  readonly seriesId: SeriesId;
  readonly workflowId: string;
  readonly status: 'promoted' | 'kept';
  readonly selectedKind: string;
  readonly challengerVersionId: ModelVersionId;
  readonly championBeforeId: ModelVersionId | null;
  readonly championAfterId: ModelVersionId | null;
  readonly explanation: string;
  readonly runIds: readonly string[];
}

const DAY_MS = 86_400_000;
/** Longest explanation stored: a model's error message can be long. */
const MAX_EXPLANATION = 2_000;

const beginRetrain = proxyActivity('beginRetrain');
const finishRetrain = proxyActivity('finishRetrain');

/** `retrain/<seriesId>`: one id per series, so there is never more than one retrain of a series at once. */
export function retrainWorkflowId(seriesId: SeriesId): string {
  return `retrain/${seriesId}`;
}

/**
 * The sentence the decision, the memo and the manager show. `trainSeries` words the verdict with
 * both scores ("evaluation MASE x against champion c's y on the same window"); this names the sides.
 */
export function explain(summary: TrainSummary, championBefore: ModelVersionId | null): string {
  const { selected, champion } = summary;
  const challenger = `${selected.kind} version ${selected.versionId}`;
  const text = champion.promoted
    ? `promoted ${challenger} over champion ${championBefore ?? 'none'}: ${champion.reason}`
    : `kept champion ${champion.versionId ?? 'none'} (challenger ${challenger}): ${champion.reason}`;
  return text.slice(0, MAX_EXPLANATION);
}

function describeTrigger(trigger: RetrainTrigger): string {
  return trigger.type === 'forced'
    ? `forced: ${trigger.reason}`
    : trigger.reasons.map((r) => r.text).join('; ');
}

/** Records the failure (even when the retrain was cancelled) and lets the error fail the workflow. */
async function recordFailure(
  key: { workflowId: string; attemptKey: string },
  error: unknown,
): Promise<never> {
  // An ActivityFailure says only "Activity task failed"; its root cause says why.
  const explanation = `${isCancellation(error) ? 'cancelled' : 'training failed'}: ${rootCause(error) ?? String(error)}`;
  upsertMemo({ decision: { status: 'failed', explanation } });
  log.warn(`${key.workflowId} at ${key.attemptKey}: ${explanation}`);
  await CancellationScope.nonCancellable(() =>
    finishRetrain({
      ...key,
      ...{ status: 'failed', selectedKind: null, challengerVersionId: null, championAfterId: null },
      ...{ explanation: explanation.slice(0, MAX_EXPLANATION), finishedAt: Date.now() },
    }),
  );
  throw error;
}

/**
 * Retrains one series: records a running decision, trains `kinds` on the ML queue over the last
 * `trainingDays` before `dataEnd`, lets `trainSeries` promote the best when it beats the champion on
 * the same evaluation window, and records the outcome (promoted, kept and why, or failed). The
 * series and the chosen kind are search attributes and the decision is in the memo, so the Web UI
 * lists retrains by series and shows each outcome. Started by the cycle (`startRetrainChild`) or
 * by the model manager; `Date.now()` here is Temporal's deterministic workflow time.
 */
export async function retrainWorkflow(input: RetrainInput): Promise<RetrainResult> {
  const { workflowId } = workflowInfo();
  const { seriesId, granularity, horizon, trigger } = input;
  const key = { workflowId, attemptKey: new Date(input.nominalTime).toISOString() };
  upsertSearchAttributes([{ key: MetricastSeries, value: String(seriesId) }]);
  upsertMemo({ trigger: describeTrigger(trigger) });
  const begun = await beginRetrain({
    ...key,
    seriesId,
    granularity,
    horizon,
    trigger,
    startedAt: input.nominalTime,
  });
  const to = input.dataEnd ?? input.nominalTime;
  const runIdPrefix = `${workflowId}/${key.attemptKey}`;
  const kinds = input.kinds ?? DEFAULT_RETRAIN_KINDS[granularity];
  let summary: TrainSummary;
  try {
    summary = await proxyActivity(
      'trainSeries',
      input.mlTaskQueue,
    )({
      ...{ seriesId, granularity, horizon: begun.horizon, kinds, runIdPrefix },
      window: { from: to - (input.trainingDays ?? TRAINING_DAYS[granularity]) * DAY_MS, to },
      promote: 'champion-if-better',
    });
  } catch (error) {
    return recordFailure(key, error);
  }
  return finish(input, key, summary, begun.championBeforeId);
}

async function finish(
  input: RetrainInput,
  key: { workflowId: string; attemptKey: string },
  summary: TrainSummary,
  championBeforeId: ModelVersionId | null,
): Promise<RetrainResult> {
  const status: RetrainResult['status'] = summary.champion.promoted ? 'promoted' : 'kept';
  const explanation = explain(summary, championBeforeId);
  const { kind: selectedKind, versionId: challengerVersionId } = summary.selected;
  const championAfterId = summary.champion.versionId;
  await finishRetrain({
    ...{ ...key, status, selectedKind, challengerVersionId, championAfterId, explanation },
    finishedAt: Date.now(),
  });
  upsertSearchAttributes([{ key: MetricastKind, value: selectedKind }]);
  const decision = {
    status,
    explanation,
    selectedKind,
    challengerVersionId,
    championBeforeId,
    championAfterId,
  };
  upsertMemo({ decision });
  // One line per decision in worker.log: which series, what it decided and why, why it retrained.
  const verdict = summary.champion.reason.replace(/^\S+: \S+ version \d+ promoted: /, '');
  const what =
    status === 'promoted'
      ? `promoted ${selectedKind} version ${challengerVersionId} over champion ${championBeforeId ?? 'none'}`
      : `kept champion ${championAfterId ?? 'none'} over ${selectedKind} version ${challengerVersionId}`;
  log.info(
    `retrain series ${input.seriesId} (${input.granularity}): ${what} (${verdict}); asked because ${describeTrigger(input.trigger)}`,
  );
  return { seriesId: input.seriesId, workflowId: key.workflowId, ...decision, runIds: summary.runIds };
}
