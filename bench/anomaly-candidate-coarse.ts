/**
 * The coarse-scale candidates of bench:anomaly-candidates (issue 13), each fixed before any scoring:
 * multi-scale residuals by aggregation. An hourly aggregate of the series (each clock hour once it
 * has ended, i.e. at the first row of the next hour, so nothing is seen early) goes through the same
 * detector at an hourly step. Its score, less log10(k + 1) for k extra looks, is given to the row
 * that closes the hour; the larger of the scores counts. Series recorded hourly or coarser keep
 * production's scores. Without `extremes`, the hourly detector runs its likelihood tests only: new
 * extremes and jumps are already checked at the series' own step, and an hourly range is narrow for
 * the first days.
 * - means (second round): noise averages out over an hour, so a slow drift or a day shaped unlike
 *   the others stands out in the hourly forecasts' errors before it would in 5-minute ones;
 * - maxima, minima, range (third round, /work/me/h13/PROTOCOL.md): a mean spreads a one- or two-row
 *   spike over the hour; an hourly maximum keeps it whole against a steadier background (the max of
 *   an hour's noisy rows varies less than one row), a minimum does the same for dips and outages, and
 *   the range (max − min) collapses when a series goes flat and widens when it bursts.
 */
import { likelihoodOptions, likelihoodScores } from '../src/anomaly';
import type { CandidateSeries } from './anomaly-candidate-rules';

const HOUR_MS = 3_600_000;

export type HourlyAggregate = 'mean' | 'max' | 'min' | 'range';

interface Hours {
  /** Per aggregate, one value per ended hour. */
  readonly values: Record<HourlyAggregate, number[]>;
  /** Start of each hour. */
  readonly hours: number[];
  /** Row that closes each hour (the first row of the next one). */
  readonly closers: number[];
}

function hourly(s: CandidateSeries): Hours {
  const out: Hours = { values: { mean: [], max: [], min: [], range: [] }, hours: [], closers: [] };
  let hour = Math.floor((s.times[0] as number) / HOUR_MS);
  let sum = 0;
  let count = 0;
  let max = -Infinity;
  let min = Infinity;
  s.values.forEach((v, i) => {
    const h = Math.floor((s.times[i] as number) / HOUR_MS);
    if (h !== hour && count > 0) {
      out.values.mean.push(sum / count);
      out.values.max.push(max);
      out.values.min.push(min);
      out.values.range.push(max - min);
      out.hours.push(hour * HOUR_MS);
      out.closers.push(i);
      sum = 0;
      count = 0;
      max = -Infinity;
      min = Infinity;
    }
    hour = h;
    sum += v;
    count += 1;
    max = Math.max(max, v);
    min = Math.min(min, v);
  });
  return out;
}

/**
 * Production joined by the hourly detector on each of `aggregates`, each less log10(k + 1) for the
 * k extra looks.
 */
export function withHourly(
  s: CandidateSeries,
  production: readonly number[],
  aggregates: readonly HourlyAggregate[],
  extremes: boolean,
): number[] {
  if (s.stepMs >= HOUR_MS) return [...production];
  const h = hourly(s);
  if (h.hours.length < 2) return [...production];
  const options = likelihoodOptions(HOUR_MS);
  const used = extremes ? options : { ...options, spatialMargin: Infinity, jumpTail: Infinity };
  const penalty = Math.log10(aggregates.length + 1);
  const out = [...production];
  for (const a of aggregates) {
    const coarse = likelihoodScores(h.values[a], used, h.hours);
    h.closers.forEach((row, k) => {
      out[row] = Math.max(out[row] as number, (coarse[k] as number) - penalty);
    });
  }
  return out;
}

/** The second round's candidate: the hourly means alone. */
export function withHourlyMeans(
  s: CandidateSeries,
  production: readonly number[],
  extremes: boolean,
): number[] {
  return withHourly(s, production, ['mean'], extremes);
}
