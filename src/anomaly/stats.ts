/** Small robust statistics shared by the detectors. */

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? NaN : sum / values.length;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median absolute deviation scaled by 1.4826, so it estimates σ for normal data. */
export function robustScale(values: readonly number[]): number {
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

/**
 * A floor for scales, so a flat stretch (a constant metric, σ = 0) does not turn the first wiggle
 * into an infinite score: 1e-3 of the typical magnitude, or 1e-9 for an all-zero stretch.
 */
export function scaleFloor(values: readonly number[]): number {
  return Math.max(1e-9, 1e-3 * Math.abs(median(values)));
}
