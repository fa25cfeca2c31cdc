/**
 * Covariates (the same host's other metrics) aligned to a target series' timestamps. Each target
 * step takes the covariate's newest value at or before it, at most `maxAgeMs` old: a 5-minute
 * covariate read on an hourly step, or one that lags the target by a sample, still lines up, while
 * a feed that stopped does not (its newest value is too old), so a stale covariate is never
 * mistaken for a current one.
 */
import type { Covariates, SeriesData } from '../forecast';

/** Oldest a covariate value may be at the step it is used for. */
export const COVARIATE_MAX_AGE_MS = 30 * 60_000;

/** One covariate's raw points, oldest first, and the name the model knows it by. */
export interface CovariatePoints {
  readonly name: string;
  readonly points: ReadonlyArray<{ readonly t: number; readonly value: number }>;
}

/** The covariates aligned over every step of the target, and the names that could not be. */
export interface AlignedCovariates {
  readonly covariates: Covariates;
  /** Covariates with a step lacking a value young enough (a gap, or a stopped feed). */
  readonly unaligned: readonly string[];
}

/**
 * `points` at each of the target's `length` steps from `start`: the newest value at or before the
 * step, NaN where none is at most `maxAgeMs` old. `points` must be oldest first.
 */
export function alignCovariate(
  target: Pick<SeriesData, 'start' | 'stepMs'> & { readonly length: number },
  points: CovariatePoints['points'],
  maxAgeMs = COVARIATE_MAX_AGE_MS,
): number[] {
  const out = new Array<number>(target.length);
  let next = 0; // first point after the current step
  for (let i = 0; i < target.length; i++) {
    const t = target.start + i * target.stepMs;
    while (next < points.length && (points[next]?.t as number) <= t) next++;
    const newest = next > 0 ? points[next - 1] : undefined;
    out[i] = newest !== undefined && t - newest.t <= maxAgeMs ? newest.value : NaN;
  }
  return out;
}

/** Every covariate aligned to `target`; one with any unaligned step is left out and named. */
export function alignCovariates(
  target: SeriesData,
  covariates: readonly CovariatePoints[],
  maxAgeMs = COVARIATE_MAX_AGE_MS,
): AlignedCovariates {
  const aligned: Record<string, number[]> = {};
  const unaligned: string[] = [];
  const shape = { start: target.start, stepMs: target.stepMs, length: target.values.length };
  for (const { name, points } of covariates) {
    const values = alignCovariate(shape, points, maxAgeMs);
    if (values.every(Number.isFinite)) aligned[name] = values;
    else unaligned.push(name);
  }
  return { covariates: aligned, unaligned };
}
