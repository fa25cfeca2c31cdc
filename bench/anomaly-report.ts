/** The anomaly benchmark's table: per detector, window counts, precision, recall, F1 and NAB score. */
import {
  NO_COUNTS,
  addCounts,
  addNab,
  nabNormalised,
  nabRaw,
  probationLength,
  windowCounts,
  windowScores,
} from '../src/anomaly';
import { describe, type Scored } from './anomaly-calibrate';
import type { LabelledSeries } from './anomaly-data';

export interface Row {
  readonly detector: string;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly nab: number;
  /** The most common setting over series, for the reader. */
  readonly setting: string;
}

/** One row: counts and NAB raw scores summed over series. */
export function rowOf(detector: string, series: readonly LabelledSeries[], scored: readonly Scored[]): Row {
  let counts = NO_COUNTS;
  let nab = { raw: 0, windows: 0 };
  const settings = new Map<string, number>();
  series.forEach((s, i) => {
    const one = scored[i];
    if (one === undefined) return;
    counts = addCounts(counts, windowCounts(one.detections, s.windows, probationLength(s.values.length)));
    nab = addNab(nab, nabRaw(one.detections, s.windows, s.values.length));
    const text = describe(one.setting);
    settings.set(text, (settings.get(text) ?? 0) + 1);
  });
  const common = [...settings].sort((a, b) => b[1] - a[1])[0];
  const setting = common === undefined ? '' : `${common[0]} (${common[1]}/${series.length} series)`;
  return { detector, ...windowScores(counts), nab: nabNormalised(nab), setting };
}

export function formatTable(rows: readonly Row[]): string {
  const header = ['detector', 'TP', 'FP', 'FN', 'precision', 'recall', 'F1', 'NAB std', 'usual setting'];
  const cells = rows.map((r) => [
    r.detector,
    String(r.tp),
    String(r.fp),
    String(r.fn),
    r.precision.toFixed(3),
    r.recall.toFixed(3),
    r.f1.toFixed(3),
    r.nab.toFixed(1),
    r.setting,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string =>
    c
      .map((v, i) => (i === 0 || i === c.length - 1 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
