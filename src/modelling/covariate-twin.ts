/**
 * A network's covariate twin: the same kind trained again with up to four of the host's other
 * series as extra input channels (`<kind>+covariates`), then served in the plain model's place only
 * when validation says the covariates help (`covariate-choice.ts`). The statistical kinds have no
 * covariate inputs and never get a twin.
 */
import { asSeriesId, type SeriesId, type TimeRange } from '../shared';
import { splitSeries, type Covariates, type SeriesData } from '../forecast';
import { alignCovariates } from './covariate-alignment';
import { chooseCovariateTwin } from './covariate-choice';
import { screenCovariates } from './covariate-screen';
import { isNeural, type TrainingPlan } from './plan';
import type { TrainedResult } from './serve';
import type { Modelling } from './store';
import { evaluateAgain, modelFailureReason, trainKind, type KindJob } from './train-kind';

/** Host series a twin reads at most: more channels cost more than they add on small windows. */
export const MAX_COVARIATES = 4;
/** A twin's run is its plain model's with this suffix: `retrain/42/…/dense+covariates`. */
export const TWIN_SUFFIX = '+covariates';

/** The name a covariate series has inside a model (`metadata.covariateNames`): `series/<id>`. */
export function covariateName(seriesId: SeriesId): string {
  return `series/${seriesId}`;
}

/** The series a covariate name stands for, or undefined when it names none. */
export function covariateSeriesId(name: string): SeriesId | undefined {
  const match = /^series\/(\d+)$/.exec(name);
  return match ? asSeriesId(Number(match[1])) : undefined;
}

/** Host series read as candidates; the screen keeps at most `MAX_COVARIATES` of them. */
const MAX_CANDIDATES = 16;

/**
 * The host's other series aligned with `series` that lead it on the training segment
 * (`covariate-screen.ts`), at most four; undefined when none lines up over all of it and leads.
 */
export async function readTrainingCovariates(
  m: Modelling,
  seriesId: SeriesId,
  window: TimeRange,
  series: SeriesData,
  plan: TrainingPlan,
): Promise<Covariates | undefined> {
  const siblings = await m.store.readHostSeries(seriesId, window, MAX_CANDIDATES);
  const named = siblings.map((s) => ({ name: covariateName(s.seriesId), points: s.points }));
  return leadingCovariates(series.values, alignCovariates(series, named).covariates, plan);
}

/** The aligned covariates that lead `values` on its training segment, at most four (the bench's door too). */
export function leadingCovariates(
  values: readonly number[],
  covariates: Covariates,
  plan: TrainingPlan,
): Covariates | undefined {
  const { horizon, seasonPeriod } = plan;
  const end = splitSeries(values.length).calStart;
  return screenCovariates(values, covariates, { horizon, seasonPeriod, end, max: MAX_COVARIATES });
}

/** What became of one twin, small enough for the training summary. */
export interface TwinSummary {
  readonly kind: string;
  readonly runId: string;
  readonly served: boolean;
  readonly reason: string;
}

/** The result served for a kind (the twin or the plain model) and what became of the twin. */
export interface TwinOutcome {
  readonly chosen: TrainedResult;
  readonly twin: TwinSummary;
}

/**
 * Trains the twin of a network kind whose plain model trained, and chooses between them on their
 * calibration backtests. Undefined when the kind gets no twin (not a network, no covariates, the
 * plain model failed); a twin the model refuses leaves the plain model served, with why.
 */
export async function trainTwin(
  m: Modelling,
  plain: TrainedResult,
  covariates: Covariates | undefined,
): Promise<TwinOutcome | undefined> {
  const { result, job } = plain;
  if (covariates === undefined || !result.ok || !isNeural(job.kind)) return undefined;
  const twinJob: KindJob = {
    ...job,
    runId: `${job.runId}${TWIN_SUFFIX}`,
    covariates,
    withoutCovariates: result.versionId,
  };
  const summary = { kind: `${job.kind}${TWIN_SUFFIX}`, runId: twinJob.runId };
  await m.heartbeat({ stage: 'train', kind: summary.kind });
  const twin = await trainKind(m, twinJob);
  if (!twin.ok) return { chosen: plain, twin: { ...summary, served: false, reason: twin.error } };
  try {
    const plainEvaluation = result.evaluation ?? (await evaluateAgain(m, job));
    const twinEvaluation = twin.evaluation ?? (await evaluateAgain(m, twinJob));
    const choice = chooseCovariateTwin(plainEvaluation.calibration, twinEvaluation.calibration);
    const chosen = choice.useTwin ? { result: twin, job: twinJob } : plain;
    return { chosen, twin: { ...summary, served: choice.useTwin, reason: choice.reason } };
  } catch (error) {
    const reason = modelFailureReason(error);
    if (reason === undefined) throw error;
    return { chosen: plain, twin: { ...summary, served: false, reason } };
  }
}
