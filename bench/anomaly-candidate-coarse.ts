/**
 * The coarse-scale candidate of bench:anomaly-candidates (issue 13), fixed before any scoring:
 * multi-scale residuals by aggregation. The series' hourly means (each clock hour once it has
 * ended, i.e. at the first row of the next hour, so nothing is seen early) go through the same
 * detector at an hourly step; noise averages out over an hour, so a slow drift or a day shaped
 * unlike the others stands out in the hourly forecasts' errors before it would in 5-minute ones.
 * Its score, less log10 2 for the second look, is given to the row that closes the hour; the
 * larger of the two scores counts. Series recorded hourly or coarser keep production's scores.
 * Without `extremes`, the hourly detector runs its likelihood tests only: new extremes and jumps
 * are already checked at the series' own step, and an hourly range is narrow for the first days.
 */
import { likelihoodOptions, likelihoodScores } from '../src/anomaly';
import type { CandidateSeries } from './anomaly-candidate-rules';

const HOUR_MS = 3_600_000;

export function withHourlyMeans(
  s: CandidateSeries,
  production: readonly number[],
  extremes: boolean,
): number[] {
  if (s.stepMs >= HOUR_MS) return [...production];
  const means: number[] = [];
  const hours: number[] = [];
  /** Row that closes each hour (the first row of the next one). */
  const closers: number[] = [];
  let hour = Math.floor((s.times[0] as number) / HOUR_MS);
  let sum = 0;
  let count = 0;
  s.values.forEach((v, i) => {
    const h = Math.floor((s.times[i] as number) / HOUR_MS);
    if (h !== hour && count > 0) {
      means.push(sum / count);
      hours.push(hour * HOUR_MS);
      closers.push(i);
      sum = 0;
      count = 0;
    }
    hour = h;
    sum += v;
    count += 1;
  });
  if (means.length < 2) return [...production];
  const options = likelihoodOptions(HOUR_MS);
  const coarse = likelihoodScores(
    means,
    extremes ? options : { ...options, spatialMargin: Infinity, jumpTail: Infinity },
    hours,
  );
  const out = [...production];
  closers.forEach((row, k) => {
    out[row] = Math.max(out[row] as number, (coarse[k] as number) - Math.log10(2));
  });
  return out;
}
