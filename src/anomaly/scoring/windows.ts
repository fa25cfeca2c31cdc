/**
 * Precision, recall and F1 by window, the rule metricast reports:
 * - a window with at least one detection inside it (inclusive bounds) is one true positive, however
 *   many detections it holds;
 * - a window without any is one false negative;
 * - every detection outside all windows is one false positive.
 * Detections before `from` (NAB's probationary period) are ignored, and so are windows ending
 * before it. Counts add up over series (micro-averaging); precision, recall and F1 are computed
 * from the totals, and are 0 when their denominator is.
 */
import type { Detection, IndexWindow } from '../types';

export interface WindowCounts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

export interface WindowScores extends WindowCounts {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export const NO_COUNTS: WindowCounts = { tp: 0, fp: 0, fn: 0 };

/** Counts of one series. */
export function windowCounts(
  detections: readonly Detection[],
  windows: readonly IndexWindow[],
  from = 0,
): WindowCounts {
  const scored = windows.filter((w) => w.last >= from);
  const hit = new Set<number>();
  let fp = 0;
  for (const { index } of detections) {
    if (index < from) continue;
    const w = scored.findIndex((x) => index >= x.first && index <= x.last);
    if (w < 0) fp++;
    else hit.add(w);
  }
  return { tp: hit.size, fp, fn: scored.length - hit.size };
}

export function addCounts(a: WindowCounts, b: WindowCounts): WindowCounts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn };
}

/** Precision, recall and F1 from (summed) counts. */
export function windowScores(counts: WindowCounts): WindowScores {
  const precision = counts.tp + counts.fp === 0 ? 0 : counts.tp / (counts.tp + counts.fp);
  const recall = counts.tp + counts.fn === 0 ? 0 : counts.tp / (counts.tp + counts.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...counts, precision, recall, f1 };
}

/**
 * Labelled windows given as [start, end] times, as row indices of a file whose rows are stamped
 * `times` (file order), the way NAB's sweeper finds them: a window opens at the first row stamped
 * at or after its start and closes at the first row stamped at its end (or the last row before
 * it). Rows, not a regular grid: irregular files and duplicated stamps keep NAB's indices.
 */
export function rowWindows(
  times: readonly number[],
  bounds: readonly (readonly [number, number])[],
): IndexWindow[] {
  const firstAtOrAfter = (t: number): number => {
    const i = times.findIndex((x) => x >= t);
    return i < 0 ? times.length : i;
  };
  return bounds
    .map(([start, end]) => {
      const first = firstAtOrAfter(start);
      const atEnd = firstAtOrAfter(end);
      return { first, last: times[atEnd] === end ? atEnd : atEnd - 1 };
    })
    .filter((w) => w.first <= w.last);
}
