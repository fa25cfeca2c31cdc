/**
 * Split-conformal intervals: absolute residuals of held-out windows, one quantile per horizon step,
 * taken at rank ceil((n + 1)(1 − α)) so coverage holds in finite samples.
 */
import type { Forecast, Interval } from '../types';
import { fail } from '../validate';

/** Interval half-widths per horizon step. */
export interface ConformalQuantiles {
  readonly q80: readonly number[];
  readonly q95: readonly number[];
}

/**
 * The split-conformal quantile of absolute residuals at miscoverage `alpha`. With too few residuals for
 * the rank (n < 1/α − 1) the largest one is used: intervals then under-cover slightly instead of being infinite.
 */
export function conformalQuantile(absResiduals: readonly number[], alpha: number): number {
  const n = absResiduals.length;
  if (n === 0) return 0;
  const sorted = [...absResiduals].sort((a, b) => a - b);
  const rank = Math.min(n, Math.ceil((n + 1) * (1 - alpha)));
  return sorted[rank - 1] as number;
}

/** Per-step q80 and q95 from `predicted` and `actual`, both row-major `[n, horizon]`. */
export function conformalFromResiduals(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  horizon: number,
): ConformalQuantiles {
  const n = Math.floor(actual.length / horizon);
  const perStep = Array.from({ length: horizon }, (_, h) =>
    Array.from({ length: n }, (_, i) =>
      Math.abs((actual[i * horizon + h] as number) - (predicted[i * horizon + h] as number)),
    ),
  );
  return {
    q80: perStep.map((r) => conformalQuantile(r, 0.2)),
    q95: perStep.map((r) => conformalQuantile(r, 0.05)),
  };
}

/** Checks quantiles set from outside (e.g. recomputed from backtests): one finite, non-negative value per step. */
export function checkQuantiles(
  q80: readonly number[],
  q95: readonly number[],
  horizon: number,
): ConformalQuantiles {
  for (const [name, q] of [
    ['q80', q80],
    ['q95', q95],
  ] as const) {
    if (q.length !== horizon) fail(`conformal.${name}.length`, q.length, `equal the horizon ${horizon}`);
    q.forEach((v, i) => {
      if (!Number.isFinite(v) || v < 0) fail(`conformal.${name}[${i}]`, v, 'be a finite number >= 0');
    });
  }
  return { q80: [...q80], q95: [...q95] };
}

function band(point: readonly number[], q: readonly number[]): Interval {
  return { lower: point.map((p, h) => p - (q[h] ?? 0)), upper: point.map((p, h) => p + (q[h] ?? 0)) };
}

/** A forecast with symmetric conformal intervals around `point`. */
export function toForecast(
  times: readonly number[],
  point: readonly number[],
  q: ConformalQuantiles,
): Forecast {
  return { times, point, intervals: { p80: band(point, q.q80), p95: band(point, q.q95) } };
}
