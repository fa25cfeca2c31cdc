/**
 * Per-target interval figures the interval-width comparisons (`accuracy-time-of-day.ts`,
 * `accuracy-volatility.ts`) both score a variant's evaluation folds with: whether each observed
 * target fell inside the 80% and 95% bands, the 95% width, and the interval (Winkler) scores.
 */
import { mean, type BacktestFold, type Interval } from '../src/forecast';

/** One observed target of one fold. */
export interface TargetScore {
  readonly origin: number;
  /** Horizon step, 0-based: the target is `origin + step`. */
  readonly step: number;
  readonly in80: number;
  readonly in95: number;
  readonly width95: number;
  readonly winkler95: number;
  readonly winkler80: number;
}

/** The means over a set of targets. */
export interface IntervalSummary {
  readonly coverage80: number;
  readonly coverage95: number;
  readonly width95: number;
  readonly winkler95: number;
  readonly winkler80: number;
}

/** Interval score of a central (1 − alpha) interval: its width plus 2/alpha times any miss. */
export function winkler(band: Interval, k: number, actual: number, alpha: number): number {
  const lower = band.lower[k] ?? NaN;
  const upper = band.upper[k] ?? NaN;
  return upper - lower + (2 / alpha) * (Math.max(0, lower - actual) + Math.max(0, actual - upper));
}

/** Every observed target of `folds` (non-finite actuals skipped), scored. */
export function targetScores(folds: readonly BacktestFold[]): TargetScore[] {
  return folds.flatMap((fold) =>
    fold.actual.flatMap((actual, step) => {
      if (!Number.isFinite(actual)) return [];
      const within = (band: Interval) =>
        actual >= (band.lower[step] ?? NaN) && actual <= (band.upper[step] ?? NaN) ? 1 : 0;
      return [
        {
          origin: fold.origin,
          step,
          in80: within(fold.p80),
          in95: within(fold.p95),
          width95: (fold.p95.upper[step] ?? NaN) - (fold.p95.lower[step] ?? NaN),
          winkler95: winkler(fold.p95, step, actual, 0.05),
          winkler80: winkler(fold.p80, step, actual, 0.2),
        },
      ];
    }),
  );
}

/** Mean coverage, 95% width and interval scores of `targets`. */
export function summarise(targets: readonly TargetScore[]): IntervalSummary {
  return {
    coverage80: mean(targets.map((p) => p.in80)),
    coverage95: mean(targets.map((p) => p.in95)),
    width95: mean(targets.map((p) => p.width95)),
    winkler95: mean(targets.map((p) => p.winkler95)),
    winkler80: mean(targets.map((p) => p.winkler80)),
  };
}
