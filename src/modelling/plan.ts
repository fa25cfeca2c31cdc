/**
 * How each model kind is backtested and fitted per granularity. Costs are what shape these:
 * neural models are trained once per evaluation, ARIMA and Prophet refitted daily, and at 5 minutes
 * origins are an hour apart and fits see a few days (the accuracy benchmark's settings).
 */
import {
  NEURAL_KINDS,
  defaultSeasonPeriod,
  modelLibraryVersions,
  type EvaluateOptions,
  type ModelKind,
  type ServingOptions,
} from '../forecast';
import { modelHorizon, STEP_MS, type Granularity } from '../shared';
import type { Hyperparameters } from './inputs';

/** Fixed so a training run can be repeated. */
export const TRAINING_SEED = 42;

/** The shape of one training job: everything but the model kind. */
export interface TrainingPlan {
  readonly granularity: Granularity;
  /** Steps the models forecast: the issued horizon (the registry key's) plus `LEAD_STEPS`. */
  readonly horizon: number;
  readonly stepMs: number;
  readonly seasonPeriod: number;
  /** Steps between backtest origins. */
  readonly originStep: number;
}

/** The plan for a granularity and issued horizon. */
export function planFor(granularity: Granularity, issuedHorizon: number): TrainingPlan {
  const stepMs = STEP_MS[granularity];
  const originStep = granularity === '5m' ? 12 : 1;
  const horizon = modelHorizon(issuedHorizon);
  return { granularity, horizon, stepMs, seasonPeriod: defaultSeasonPeriod(stepMs), originStep };
}

/**
 * Fewest points worth training on: four seasons (4 days), so each of the train, calibration and
 * evaluation segments (60/20/20) holds most of a day and the MASE scale sees whole seasons.
 */
export function minTrainingPoints(plan: TrainingPlan): number {
  return Math.max(4 * plan.seasonPeriod, 10 * plan.horizon);
}

export function isNeural(kind: ModelKind): boolean {
  return (NEURAL_KINDS as readonly string[]).includes(kind);
}

/**
 * Default hyperparameters per kind at 5 minutes (a season of a day), where full-length fits cost too
 * much. `bench:accuracy` reads the same table, so production serves what the bench measured.
 */
export function fineDefaults(kind: ModelKind, season: number): Hyperparameters {
  if (isNeural(kind)) return { epochs: 20, window: 36 };
  if (kind === 'ets') return { window: season };
  if (kind === 'mstl' || kind === 'arima') return { window: 2 * season };
  if (kind === 'theta' || kind === 'seasonal-median') return { window: 3 * season };
  return kind === 'prophet' ? { window: 7 * season } : {};
}

/**
 * Statistical kinds fitted once a day of backtest origins and run forward in between, as a stored
 * version is served between retrains (ARIMA's orders daily, its coefficients at every origin).
 * `bench:accuracy` reads the same list, so its calibration and evaluation errors are the ones
 * production's serving decision sees.
 */
export const REFITTED_DAILY: readonly ModelKind[] = ['ets', 'mstl', 'arima', 'sarima', 'theta', 'prophet'];

/**
 * How `decideServing` decides per granularity (its defaults otherwise: the median of the best two
 * thirds, always combined). At 5 minutes a single kind that beats that combination by 10% overall
 * and in both halves of the calibration segment is served alone: there the recent median often
 * does (bundled NAB: served MASE 0.382 against 0.412 always combined), and on three fresh generated
 * seeds it never fired (identical MASE). Hourly the override scored worse (0.544 against 0.541).
 * `bench:accuracy`'s served row reads the same table.
 */
export const SERVING_OPTIONS: Readonly<Record<Granularity, ServingOptions>> = {
  '1h': {},
  '5m': { margin: 0.1 },
};

/** Backtest options for `kind`; `given` hyperparameters override the defaults. */
export function evaluateOptionsFor(
  kind: ModelKind,
  plan: TrainingPlan,
  given: Hyperparameters = {},
): EvaluateOptions & { readonly hyperparameters: Hyperparameters } {
  const fine = plan.granularity === '5m';
  const hyperparameters = { ...(fine ? fineDefaults(kind, plan.seasonPeriod) : {}), ...given };
  const { horizon, seasonPeriod, originStep } = plan;
  const base = { horizon, seasonPeriod, originStep, seed: TRAINING_SEED, hyperparameters };
  const day = Math.max(1, Math.round(seasonPeriod / originStep));
  // Neural models are trained once on the training segment; only their inputs roll forward.
  if (isNeural(kind)) return { ...base, fitOnce: true, maxTrainWindow: fine ? 2 * seasonPeriod : undefined };
  if (REFITTED_DAILY.includes(kind)) return { ...base, refitEvery: day };
  return base;
}

/** Library versions recorded with every run: what would be needed to repeat it. */
export function libraryVersions(): Record<string, string> {
  return { node: process.versions.node, ...modelLibraryVersions() };
}
