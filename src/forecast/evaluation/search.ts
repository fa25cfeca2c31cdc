/**
 * Hyperparameter search: grid or seeded random over a declared space, every trial scored by
 * validation MASE (rolling-origin backtest over the calibration segment; the evaluation segment is
 * cut off before any model sees the series). Every trial is returned, with its parameters, metrics
 * and duration, so a caller can record each one as a run.
 */
import type { Forecaster, SeriesData } from '../types';
import { mulberry32 } from '../tfjs/prng';
import { fail } from '../validate';
import { backtest } from './backtest';
import type { EvaluateOptions } from './evaluate';
import { geometricMean, mean } from './metrics';
import { headOf, splitSeries } from './split';

/** A hyperparameter value. */
export type ParamValue = number | string | boolean;
/** Candidate values per hyperparameter name. */
export type SearchSpace = Readonly<Record<string, readonly ParamValue[]>>;
/** One point of the space. */
export type ParamSet = Readonly<Record<string, ParamValue>>;

/** How to search; backtest settings as for `evaluateModel` (the evaluation segment is never used). */
export interface SearchOptions extends Omit<EvaluateOptions, 'hyperparameters' | 'fitOnce'> {
  readonly space: SearchSpace;
  /** `grid` (default) tries every combination, `random` samples `trials` distinct ones. */
  readonly mode?: 'grid' | 'random';
  /** Cap on trials (random: how many to sample; default 10). */
  readonly trials?: number;
}

/** One trial's outcome. */
export interface Trial {
  readonly index: number;
  readonly params: ParamSet;
  /** Geometric mean over series of validation MASE, and mean sMAPE; NaN when the trial failed. */
  readonly metrics: { readonly mase: number; readonly smape: number };
  readonly durationMs: number;
  /** Why the trial failed (e.g. a window longer than the training data). */
  readonly error?: string;
}

/** All trials in the order run, and the one with the lowest validation MASE. */
export interface SearchResult {
  readonly trials: readonly Trial[];
  readonly best: Trial | undefined;
}

/** Runs the search; `factory` builds an unfitted model, the trial's params arrive as fit hyperparameters. */
export async function searchHyperparameters(
  factory: () => Forecaster,
  series: SeriesData | readonly SeriesData[],
  options: SearchOptions,
): Promise<SearchResult> {
  const all = Array.isArray(series) ? (series as readonly SeriesData[]) : [series as SeriesData];
  if (all.length === 0) fail('series', 0, 'hold at least one series');
  const trials: Trial[] = [];
  for (const [index, params] of candidates(options).entries()) {
    trials.push(await runTrial(factory, all, params, index, options));
  }
  const scored = trials.filter((t) => Number.isFinite(t.metrics.mase));
  const best = scored.reduce<Trial | undefined>(
    (b, t) => (b === undefined || t.metrics.mase < b.metrics.mase ? t : b),
    undefined,
  );
  return { trials, best };
}

async function runTrial(
  factory: () => Forecaster,
  all: readonly SeriesData[],
  params: ParamSet,
  index: number,
  options: SearchOptions,
): Promise<Trial> {
  const started = performance.now();
  try {
    const results = [];
    for (const s of all) {
      const split = splitSeries(s.values.length, options);
      results.push(
        await backtest(factory, headOf(s, split.evalStart), {
          ...options,
          hyperparameters: params,
          segment: { from: split.calStart, to: split.evalStart },
        }),
      );
    }
    const mase = geometricMean(results.map((r) => r.metrics.overall.mase));
    const smape = mean(results.map((r) => r.metrics.overall.smape));
    return { index, params, metrics: { mase, smape }, durationMs: performance.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      index,
      params,
      metrics: { mase: NaN, smape: NaN },
      durationMs: performance.now() - started,
      error: message,
    };
  }
}

/** The parameter sets to try, in order. */
export function candidates(options: Pick<SearchOptions, 'space' | 'mode' | 'trials' | 'seed'>): ParamSet[] {
  const names = Object.keys(options.space);
  for (const name of names) {
    if ((options.space[name] ?? []).length === 0) fail(`options.space.${name}`, 0, 'list at least one value');
  }
  const grid = names.reduce<ParamSet[]>(
    (sets, name) => sets.flatMap((set) => (options.space[name] ?? []).map((v) => ({ ...set, [name]: v }))),
    [{}],
  );
  if (options.mode !== 'random') return options.trials === undefined ? grid : grid.slice(0, options.trials);
  return sample(grid, options.trials ?? 10, options.seed ?? 0);
}

/** `count` distinct elements drawn by a seeded Fisher–Yates shuffle (mulberry32), so runs repeat. */
function sample<T>(items: readonly T[], count: number, seed: number): T[] {
  const random = mulberry32(seed);
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as T, shuffled[i] as T];
  }
  return shuffled.slice(0, count);
}
