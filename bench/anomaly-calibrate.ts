/**
 * The anomaly benchmark's calibration: every series is scored with, per detector, the threshold
 * and quiet time that give the best NAB standard score on the *other* labelled series (the other
 * files of the folder, plus an optional calibration pool of series that are never scored).
 * Nothing is chosen on the series it scores.
 */
import {
  bestSetting,
  detect,
  outcomesOf,
  probationLength,
  settingsOf,
  type Detection,
  type Grid,
  type LabelledScores,
  type Setting,
} from '../src/anomaly';
import type { LabelledSeries } from './anomaly-data';

const HOUR = 3_600_000;
/** Quiet times tried after a detection: none to 2 days. */
const REFRACTORY_MS = [0, 1, 6, 24, 48].map((h) => h * HOUR);

/** Thresholds tried per detector (scores are in different units). */
export const THRESHOLDS: Readonly<Record<string, readonly number[]>> = {
  likelihood: [2, 3, 4, 5, 6, 8, 10],
  band95: [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8],
  changepoint: [0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24],
  outlier: [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30],
  extreme: [0.01, 0.1, 0.25, 0.5, 1, 2, 3, 4, 6, 8],
  lstm: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  random: [0.99, 0.995, 0.999, 0.9995, 0.9999],
  // The baseline keeps the textbook k = 3; only its quiet time is calibrated, like the others'.
  sigma3: [3],
};

/** The likelihood detector's grid: every threshold with every quiet time. */
export const LIKELIHOOD_GRID: Grid = {
  thresholds: THRESHOLDS.likelihood ?? [],
  refractoriesMs: REFRACTORY_MS,
};

/** One series' detections of one detector, with the setting they came from. */
export interface Scored {
  readonly detections: readonly Detection[];
  readonly setting: Setting;
}

/** Per-series scores of one detector, for the scored series and the calibration pool. */
export interface DetectorRun {
  readonly scored: readonly (readonly number[])[];
  readonly pool: readonly (readonly number[])[];
}

function labelled(
  series: readonly LabelledSeries[],
  scores: readonly (readonly number[])[],
): LabelledScores[] {
  return series.map((s, i) => ({
    scores: scores[i] ?? [],
    windows: s.windows,
    from: probationLength(s.values.length),
    stepMs: s.stepMs,
  }));
}

/**
 * Each scored series' detections under its leave-one-out setting, and the setting chosen on all
 * series together (what production would run).
 */
export function calibrate(
  detector: string,
  series: { readonly scored: readonly LabelledSeries[]; readonly pool: readonly LabelledSeries[] },
  run: DetectorRun,
): { perSeries: Scored[]; corpus: Setting } {
  const thresholds = THRESHOLDS[detector];
  if (thresholds === undefined) throw new Error(`no thresholds to calibrate detector ${detector}`);
  const grid: Grid = { thresholds, refractoriesMs: REFRACTORY_MS };
  const all = [...labelled(series.scored, run.scored), ...labelled(series.pool, run.pool)];
  const settings = settingsOf(grid);
  const outcomes = outcomesOf(all, settings);
  const totals = settings.map((_, k) => outcomes.reduce((sum, o) => sum + (o[k]?.nab ?? 0), 0));
  const perSeries = series.scored.map((_, s) => {
    const setting = settings[bestSetting(settings, totals, outcomes[s])] as Setting;
    return { detections: detect(all[s] as LabelledScores, setting), setting };
  });
  return { perSeries, corpus: settings[bestSetting(settings, totals)] as Setting };
}

export function describe(setting: Setting): string {
  return `≥${setting.threshold} quiet ${setting.refractoryMs / HOUR}h`;
}
