/**
 * Outlying hours against previous days. Every `every` points, the newest `every` points and the
 * same clock hours of up to `days` previous days form a group of short series, and augurs' MAD
 * detector scores the newest one against the group: a value far from what the metric did at that
 * time of day over the past week. Causal: only the newest slice and earlier ones are read.
 */
import { loadOutlier } from './augurs';
import { median, robustScale, scaleFloor } from './stats';
import { assertFinite, assertInteger } from './types';

export interface OutlierOptions {
  /** Points per day (288 for 5-minute data, 24 for hourly). */
  readonly period: number;
  /** Previous days compared against (at least 2 must exist before anything is scored). */
  readonly days: number;
  /** Points per slice and between runs (12 = one hour of 5-minute points). */
  readonly every: number;
  /** augurs' sensitivity in (0, 1); only its scores are used here, thresholds are calibrated. */
  readonly sensitivity?: number;
}

const MIN_DAYS = 2;

/** Per-point MAD scores of the newest slice against the same hours of previous days; 0 before two days. */
export async function outlierScores(values: readonly number[], options: OutlierOptions): Promise<number[]> {
  assertFinite('values', values);
  assertInteger('outlier.period', options.period, 2);
  assertInteger('outlier.days', options.days, MIN_DAYS);
  assertInteger('outlier.every', options.every, 1);
  const { OutlierDetector } = await loadOutlier();
  const detector = OutlierDetector.mad({ sensitivity: options.sensitivity ?? 0.5 });
  const scores = new Array<number>(values.length).fill(0);
  try {
    for (let end = options.every; end <= values.length; end += options.every) {
      const group = slicesEndingAt(values, end, options);
      if (group.length < MIN_DAYS + 1) continue;
      const newest = madScores(detector, group);
      newest.forEach((s, k) => (scores[end - options.every + k] = Number.isFinite(s) ? s : 0));
    }
  } finally {
    detector.free();
  }
  return scores;
}

/**
 * augurs' scores of the newest slice. augurs refuses a group whose MAD is 0 (a flat metric);
 * there the same robust z-score is computed here with a floored scale, so a flat week followed by
 * a jump still scores high.
 */
function madScores(
  detector: { detect(y: number[][]): { seriesResults: { scores: number[] }[] } },
  group: number[][],
): number[] {
  try {
    return detector.detect(group).seriesResults[0]?.scores ?? [];
  } catch (error) {
    if (!(error instanceof Error && /division by zero/.test(error.message))) throw error;
    const all = group.flat();
    const centre = median(all);
    const scale = Math.max(robustScale(all), scaleFloor(all));
    return (group[0] ?? []).map((v) => Math.abs(v - centre) / scale);
  }
}

/** The slice [end − every, end) and the same slice 1..days periods earlier, newest first. */
function slicesEndingAt(values: readonly number[], end: number, options: OutlierOptions): number[][] {
  const group: number[][] = [];
  for (let k = 0; k <= options.days; k++) {
    const sliceEnd = end - k * options.period;
    if (sliceEnd - options.every < 0) break;
    group.push(values.slice(sliceEnd - options.every, sliceEnd));
  }
  return group;
}
