/**
 * Choosing a detector's threshold and refractory period without looking at the series it will
 * score: for each series, the setting with the best window F1 summed over all the *other* series
 * (leave one series out). The same rule serves the benchmark (other files of the corpus) and
 * production (other labelled series).
 */
import { toDetections } from './events';
import { NO_COUNTS, addCounts, windowCounts, windowScores, type WindowCounts } from './scoring/windows';
import type { IndexWindow } from './types';

/** One labelled series' per-point scores of one detector. */
export interface LabelledScores {
  readonly scores: readonly number[];
  readonly windows: readonly IndexWindow[];
  /** First scored index (NAB's probationary period ends here). */
  readonly from: number;
}

/** A setting of the event rule. */
export interface Setting {
  readonly threshold: number;
  readonly refractory: number;
}

/** The settings tried: every threshold with every refractory period. */
export interface Grid {
  readonly thresholds: readonly number[];
  readonly refractories: readonly number[];
}

function settingsOf(grid: Grid): Setting[] {
  return grid.thresholds.flatMap((threshold) =>
    grid.refractories.map((refractory) => ({ threshold, refractory })),
  );
}

/**
 * For each series, the setting that maximises F1 on the other series; ties go to the higher
 * threshold, then the longer refractory period (fewer alarms).
 */
export function leaveOneOut(series: readonly LabelledScores[], grid: Grid): Setting[] {
  const settings = settingsOf(grid);
  // counts[s][k]: series s under setting k; totals[k]: all series.
  const counts = series.map((s) =>
    settings.map((setting) =>
      windowCounts(toDetections(s.scores, { ...setting, from: s.from }), s.windows, s.from),
    ),
  );
  const totals = settings.map((_, k) =>
    counts.reduce((sum, c) => addCounts(sum, c[k] ?? NO_COUNTS), NO_COUNTS),
  );
  return series.map((_, s) => {
    let best = 0;
    let bestF1 = -1;
    settings.forEach((setting, k) => {
      const f1 = windowScores(subtract(totals[k] as WindowCounts, counts[s]?.[k] ?? NO_COUNTS)).f1;
      const current = settings[best] as Setting;
      const better =
        f1 > bestF1 ||
        (f1 === bestF1 &&
          (setting.threshold > current.threshold ||
            (setting.threshold === current.threshold && setting.refractory > current.refractory)));
      if (better) {
        best = k;
        bestF1 = f1;
      }
    });
    return settings[best] as Setting;
  });
}

function subtract(a: WindowCounts, b: WindowCounts): WindowCounts {
  return { tp: a.tp - b.tp, fp: a.fp - b.fp, fn: a.fn - b.fn };
}
