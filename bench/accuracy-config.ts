/**
 * What the accuracy benchmark runs at each granularity: horizons, origin steps, and per model how
 * often it is refitted and how much history it fits on. The 5-minute caps keep the default run to a
 * few minutes on two cores; they are printed with the results.
 */
import {
  NEURAL_KINDS,
  defaultSeasonPeriod,
  type EvaluateOptions,
  type SeriesData,
  type SingleModelKind,
} from '../src/forecast';

/** The two granularities BENCHMARKS.md names. */
export type Granularity = 'hourly' | '5min';

/** How series are prepared and backtested at one granularity. */
export interface GranularityConfig {
  readonly name: Granularity;
  readonly horizon: number;
  /** Steps between backtest origins. */
  readonly originStep: number;
  /** Raw steps averaged into one point (1: used as read). */
  aggregation(stepMs: number): number;
}

const HOUR_MS = 3_600_000;
/** Epoch cap for neural models on 5-minute data (their default is 60 with early stopping). */
const NEURAL_EPOCHS_5MIN = 20;
/** Input window for neural models on 5-minute data: 3 hours (their defaults are 72–144 steps). */
const NEURAL_WINDOW_5MIN = 36;

export const GRANULARITIES: Readonly<Record<Granularity, GranularityConfig>> = {
  // Mean of the 5-minute points of each hour; 6 hours ahead from every hour of the last 20%.
  hourly: {
    name: 'hourly',
    horizon: 6,
    originStep: 1,
    aggregation: (stepMs) => Math.max(1, Math.round(HOUR_MS / stepMs)),
  },
  // The data as recorded; one hour ahead, origins one hour apart.
  '5min': { name: '5min', horizon: 12, originStep: 12, aggregation: () => 1 },
};

/** The models whose best defines "best baseline" (BENCHMARKS.md). */
export const REFERENCE_BASELINES: readonly SingleModelKind[] = ['naive', 'seasonal-naive', 'ets', 'mstl'];

/** Evaluation options for `kind` on `series` at granularity `g`. */
export function evaluateOptions(
  kind: SingleModelKind,
  g: GranularityConfig,
  series: SeriesData,
): EvaluateOptions {
  const seasonPeriod = defaultSeasonPeriod(series.stepMs);
  const base = { horizon: g.horizon, seasonPeriod, originStep: g.originStep, seed: 42 };
  const fine = g.name === '5min';
  const day = Math.max(1, Math.round(seasonPeriod / g.originStep));
  if ((NEURAL_KINDS as readonly string[]).includes(kind)) {
    // Trained once on the training segment; inputs roll forward through calibration and evaluation.
    if (!fine) return { ...base, fitOnce: true };
    const hyperparameters = { epochs: NEURAL_EPOCHS_5MIN, window: NEURAL_WINDOW_5MIN };
    return { ...base, fitOnce: true, maxTrainWindow: 2 * seasonPeriod, hyperparameters };
  }
  switch (kind) {
    case 'ets':
      return { ...base, hyperparameters: fine ? { window: seasonPeriod } : undefined };
    case 'mstl':
      return { ...base, hyperparameters: fine ? { window: 2 * seasonPeriod } : undefined };
    case 'arima':
      // Orders re-selected once a day; coefficients re-estimated at every origin.
      return { ...base, refitEvery: day, hyperparameters: fine ? { window: 2 * seasonPeriod } : undefined };
    case 'prophet':
      return { ...base, refitEvery: day, hyperparameters: fine ? { window: 7 * seasonPeriod } : undefined };
    default:
      return base;
  }
}

/** One line per granularity saying what was capped, for the report. */
export function costNotes(g: GranularityConfig): string[] {
  if (g.name === 'hourly') {
    return [
      'hourly: ETS, MSTL, ARIMA coefficients re-estimated at every origin; ARIMA orders and Prophet refitted daily;',
      '        neural models trained once on the training segment (inputs roll forward)',
    ];
  }
  return [
    `5min: windows capped: ETS 1 day, MSTL 2 days, ARIMA 2 days, Prophet 7 days; neural models trained on 2 days, ` +
      `input window ${NEURAL_WINDOW_5MIN} steps, ${NEURAL_EPOCHS_5MIN} epochs max;`,
    '      ARIMA orders and Prophet refitted daily; neural models trained once',
  ];
}
