/**
 * Choosing a detector's threshold and quiet time without looking at the series it will score:
 * for each scored series, the setting with the best NAB standard score summed over all the
 * *other* labelled series (leave one series out). Quiet times are durations, turned into points
 * with each series' own step. The same rule serves the benchmark (the other files of the folder,
 * plus the bundled corpus when another folder is scored) and production's defaults (the whole
 * bundled corpus).
 */
import { toDetections } from './events';
import { addNab, nabNormalised, nabRaw, type NabRaw } from './scoring/nab';
import { NO_COUNTS, addCounts, windowCounts, type WindowCounts } from './scoring/windows';
import type { Detection, IndexWindow } from './types';

/** One labelled series' per-point scores of one detector. */
export interface LabelledScores {
  readonly scores: readonly number[];
  readonly windows: readonly IndexWindow[];
  /** First scored index (NAB's probationary period ends here). */
  readonly from: number;
  /** The series' step, ms: quiet times are converted with it. */
  readonly stepMs: number;
}

/** A setting of the event rule. */
export interface Setting {
  readonly threshold: number;
  readonly refractoryMs: number;
}

/** The settings tried: every threshold with every quiet time. */
export interface Grid {
  readonly thresholds: readonly number[];
  readonly refractoriesMs: readonly number[];
}

/** A quiet time in points of `stepMs` (0 stays 0: every crossing point counts). */
export function refractoryPoints(refractoryMs: number, stepMs: number): number {
  return refractoryMs <= 0 ? 0 : Math.max(1, Math.round(refractoryMs / stepMs));
}

/** How a series' scores become detections under a setting (`detect` unless a benchmark tries another rule). */
export type DetectRule = (series: LabelledScores, setting: Setting) => Detection[];

/** Detections of one series under one setting. */
export function detect(series: LabelledScores, setting: Setting): Detection[] {
  return toDetections(series.scores, {
    threshold: setting.threshold,
    refractory: refractoryPoints(setting.refractoryMs, series.stepMs),
    from: series.from,
  });
}

/** What one series scores under each setting: raw NAB, windows and window counts. */
export interface Outcome {
  readonly nab: number;
  readonly windows: number;
  readonly counts: WindowCounts;
}

export function settingsOf(grid: Grid): Setting[] {
  return grid.thresholds.flatMap((threshold) =>
    grid.refractoriesMs.map((refractoryMs) => ({ threshold, refractoryMs })),
  );
}

/** outcomes[s][k]: series s under setting k. */
export function outcomesOf(
  series: readonly LabelledScores[],
  settings: readonly Setting[],
  rule: DetectRule = detect,
): Outcome[][] {
  return series.map((s) =>
    settings.map((setting) => {
      const detections = rule(s, setting);
      const nab = nabRaw(detections, s.windows, s.scores.length);
      return { nab: nab.raw, windows: nab.windows, counts: windowCounts(detections, s.windows, s.from) };
    }),
  );
}

/**
 * For each of the first `scored` series (default: all), the setting that maximises the summed
 * raw NAB score of every other series (the rest of `series` is a calibration pool that is never
 * scored). Ties go to the higher threshold, then the longer quiet time (fewer alarms).
 */
export function leaveOneOut(
  series: readonly LabelledScores[],
  grid: Grid,
  scored = series.length,
  rule: DetectRule = detect,
): Setting[] {
  const settings = settingsOf(grid);
  const outcomes = outcomesOf(series, settings, rule);
  const totals = settings.map((_, k) => outcomes.reduce((sum, o) => sum + (o[k]?.nab ?? 0), 0));
  return series
    .slice(0, scored)
    .map((_, s) => settings[bestSetting(settings, totals, outcomes[s])] as Setting);
}

/** Index of the best setting by `totals` minus the left-out series' own outcomes. */
export function bestSetting(
  settings: readonly Setting[],
  totals: readonly number[],
  own: readonly Outcome[] = [],
): number {
  let best = 0;
  let bestValue = -Infinity;
  settings.forEach((setting, k) => {
    const value = (totals[k] as number) - (own[k]?.nab ?? 0);
    const current = settings[best] as Setting;
    const better =
      value > bestValue + 1e-12 ||
      (Math.abs(value - bestValue) <= 1e-12 &&
        (setting.threshold > current.threshold ||
          (setting.threshold === current.threshold && setting.refractoryMs > current.refractoryMs)));
    if (better) {
      best = k;
      bestValue = value;
    }
  });
  return best;
}

/** The normalised NAB score of a folder, each series under its own setting. */
export function folderNab(
  series: readonly LabelledScores[],
  settings: readonly Setting[],
  rule: DetectRule = detect,
): number {
  let total: NabRaw = { raw: 0, windows: 0 };
  series.forEach((s, i) => {
    total = addNab(total, nabRaw(rule(s, settings[i] as Setting), s.windows, s.scores.length));
  });
  return nabNormalised(total);
}

/** Window counts summed over series. */
export function sumCounts(counts: readonly WindowCounts[]): WindowCounts {
  return counts.reduce(addCounts, NO_COUNTS);
}
