/**
 * What the accuracy benchmark runs at each granularity: per series, horizon, season and origin
 * step follow the series' own step (a 10-minute file keeps its step, so one hour ahead is 6 steps),
 * and per model how often it is refitted and how much history it fits on. The caps on fine-grained
 * data keep the default run within minutes on two cores; they are printed with the results.
 */
import {
  NEURAL_KINDS,
  defaultSeasonPeriod,
  type EvaluateOptions,
  type SeriesData,
  type SingleModelKind,
} from '../src/forecast';
import { REFITTED_DAILY, fineDefaults } from '../src/modelling';

/**
 * Candidates beyond the model kinds: ETS and MSTL on the augurs engine, so our TypeScript models
 * (the `ets` and `mstl` candidates, engine `own` at both granularities) face the wasm ones they
 * replace in the same run. They are compared, never served.
 */
export const ENGINE_CANDIDATES = {
  'ets-augurs': { kind: 'ets', engine: 'augurs' },
  'mstl-augurs': { kind: 'mstl', engine: 'augurs' },
} as const satisfies Record<string, { kind: SingleModelKind; engine: string }>;

/**
 * Spike-cleaned twins of the statistical members (`--clean-spikes`, issue 12): the same kind fitted
 * and filtered on a cleaned window (`cleanSpikes` hyperparameter), scored beside the plain one in
 * the same run. They are compared, and served only in the clean variant of the served forecast.
 */
export const CLEAN_CANDIDATES = {
  'ets-clean': 'ets',
  'theta-clean': 'theta',
  'sarima-clean': 'sarima',
  'arima-clean': 'arima',
  'mstl-clean': 'mstl',
} as const satisfies Record<string, SingleModelKind>;

/** A model kind, a kind on another engine ({@link ENGINE_CANDIDATES}) or a cleaned twin. */
export type Candidate = SingleModelKind | keyof typeof ENGINE_CANDIDATES | keyof typeof CLEAN_CANDIDATES;

/** Whether `name` is one of {@link CLEAN_CANDIDATES}. */
export function isCleanCandidate(name: string): name is keyof typeof CLEAN_CANDIDATES {
  return Object.hasOwn(CLEAN_CANDIDATES, name);
}

/** Whether `name` is one of {@link ENGINE_CANDIDATES}. */
export function isEngineCandidate(name: string): name is keyof typeof ENGINE_CANDIDATES {
  return Object.hasOwn(ENGINE_CANDIDATES, name);
}

/** The model kind behind a candidate. */
export function kindOf(candidate: Candidate): SingleModelKind {
  if (isCleanCandidate(candidate)) return CLEAN_CANDIDATES[candidate];
  return isEngineCandidate(candidate) ? ENGINE_CANDIDATES[candidate].kind : candidate;
}

/** The two granularities BENCHMARKS.md names. */
export type Granularity = 'hourly' | '5min';

const HOUR_MS = 3_600_000;

/** How one series is backtested: all in steps of that series. */
export interface SeriesPlan {
  readonly horizon: number;
  readonly seasonPeriod: number;
  readonly originStep: number;
  /** Origins per day: how often daily-refitted models (and the peers) refit. */
  readonly originsPerDay: number;
  /** Fine-grained data (a season of more than 48 steps): fitting windows are capped. */
  readonly fine: boolean;
}

/**
 * Hourly: 6 hours ahead from every hour. 5min (each file at its own step): one hour ahead from
 * every hour for sub-hourly steps; files recorded hourly or coarser are read as they are and
 * forecast 6 hours ahead, as at the hourly granularity.
 */
export function planFor(granularity: Granularity, stepMs: number): SeriesPlan {
  const seasonPeriod = defaultSeasonPeriod(stepMs);
  const subHourly = stepMs < HOUR_MS;
  const horizon =
    granularity === '5min' && subHourly
      ? Math.max(1, Math.round(HOUR_MS / stepMs))
      : Math.max(1, Math.round((6 * HOUR_MS) / stepMs));
  const originStep = subHourly ? Math.max(1, Math.round(HOUR_MS / stepMs)) : 1;
  return {
    horizon,
    seasonPeriod,
    originStep,
    originsPerDay: Math.max(1, Math.round(seasonPeriod / originStep)),
    fine: seasonPeriod > 48,
  };
}

/** Raw steps averaged into one hourly point (1 when the step is an hour or more, or does not divide one). */
export function hourlyFactor(stepMs: number): number {
  return stepMs < HOUR_MS && HOUR_MS % stepMs === 0 ? HOUR_MS / stepMs : 1;
}

/** Evaluation options for `candidate` on `series` at granularity `g`. */
export function evaluateOptions(candidate: Candidate, g: Granularity, series: SeriesData): EvaluateOptions {
  const options = cleaned(candidate, kindOptions(kindOf(candidate), g, series));
  if (kindOf(candidate) !== 'ets' && kindOf(candidate) !== 'mstl') return options;
  // Our engine by name at both granularities (MSTL's default at 5 minutes is augurs).
  const engine = isEngineCandidate(candidate) ? ENGINE_CANDIDATES[candidate].engine : 'own';
  return { ...options, hyperparameters: { ...options.hyperparameters, engine } };
}

/** A cleaned twin's options: its kind's, with `cleanSpikes` on. */
function cleaned(candidate: Candidate, options: EvaluateOptions): EvaluateOptions {
  if (!isCleanCandidate(candidate)) return options;
  return { ...options, hyperparameters: { ...options.hyperparameters, cleanSpikes: true } };
}

function kindOptions(kind: SingleModelKind, g: Granularity, series: SeriesData): EvaluateOptions {
  const plan = planFor(g, series.stepMs);
  const { horizon, seasonPeriod, originStep, fine } = plan;
  const base = { horizon, seasonPeriod, originStep, seed: 42 };
  const day = plan.originsPerDay;
  // On fine data, production's caps (windows of a few days, fewer epochs), so what is measured is what is served.
  const hyperparameters = fine ? fineDefaults(kind, seasonPeriod) : undefined;
  // Neural models are trained once on the training segment; inputs roll forward through calibration and evaluation.
  if ((NEURAL_KINDS as readonly string[]).includes(kind)) {
    return fine
      ? { ...base, fitOnce: true, maxTrainWindow: 2 * seasonPeriod, hyperparameters }
      : { ...base, fitOnce: true };
  }
  // The rest are fitted once a day and run forward in between, as served (ARIMA's orders once a day,
  // its coefficients at every origin; Theta's member, α and θ once a day, the filter over each new
  // history, as statsforecast's forward); augurs re-estimates at every forecast anyway.
  return REFITTED_DAILY.includes(kind)
    ? { ...base, refitEvery: day, hyperparameters }
    : { ...base, hyperparameters };
}

/** Lines saying what was capped, for the report. */
export function costNotes(g: Granularity): string[] {
  if (g === 'hourly') {
    return [
      'hourly: ARIMA coefficients re-estimated at every origin (augurs ETS and MSTL too, inside each forecast); our ETS and MSTL, ARIMA orders, seasonal AutoARIMA, Theta parameters and Prophet refitted daily;',
      '        neural models trained once on the training segment (inputs roll forward); global model trained once across series',
    ];
  }
  const neural = fineDefaults('dense', 288);
  return [
    `fine steps: windows capped: ETS 1 day, MSTL 2 days, ARIMA 2 days, Theta 3 days, Prophet and seasonal AutoARIMA 7 days; neural models trained on 2 days, ` +
      `input window ${String(neural['window'])} steps, ${String(neural['epochs'])} epochs max;`,
    '      ARIMA orders, seasonal AutoARIMA, Theta parameters and Prophet refitted daily; neural models trained once; global model trained once across series',
  ];
}
