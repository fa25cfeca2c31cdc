/**
 * Reading a folder of `timestamp,value` CSVs into regular series for the accuracy benchmark.
 * Each file is read at its own step (the median spacing of its rows): a 10-minute file stays
 * 10-minute, an hourly one hourly. Real exports are slightly irregular (NAB has duplicated stamps
 * and minute jitter), so rows are snapped to that grid and duplicates averaged. A median spacing
 * within 5% of a round step (`ROUND_STEPS_MS`) is read as that step: jittered stamps give medians
 * such as 60.1 minutes, whose grid drifts off the clock and off its own rows. Gaps up to the fill
 * limit are interpolated, as ingestion does, and one missing row always is (ingestion's 30 minutes
 * would fill nothing in an hourly file, so each missed hour would cut it); longer gaps are never
 * invented: the series is cut there and its longest gap-free stretch is kept (the report says how
 * many points that left).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SeriesData } from '../src/forecast';
import { medianStep } from './anomaly-data';

/** A named regular series, with what reading it did. */
export interface NamedSeries {
  readonly name: string;
  readonly series: SeriesData;
  readonly read?: ReadReport;
}

/** What became of one file's rows. */
export interface ReadReport {
  readonly rows: number;
  readonly stepMs: number;
  /** Slots filled by interpolation (gaps within the fill limit). */
  readonly filled: number;
  /** Gaps longer than the fill limit (the series was cut at each). */
  readonly longGaps: number;
  /** Points in the kept stretch. */
  readonly kept: number;
}

/** Default fill limit: the ingest default (`ingest.maxGapMinutes` = 30). */
export const DEFAULT_MAX_GAP_MS = 30 * 60_000;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
/** Steps exporters use (CloudWatch periods, Prometheus and collector intervals), fixed in advance. */
export const ROUND_STEPS_MS: readonly number[] = [
  ...[10, 15, 30].map((s) => s * SECOND),
  ...[1, 2, 3, 5, 10, 15, 20, 30].map((m) => m * MINUTE),
  ...[1, 2, 3, 4, 6, 12, 24].map((h) => h * 60 * MINUTE),
];
/** How far a median spacing may lie from a round step and still be read as it (jitter). */
const ROUND_STEP_TOLERANCE = 0.05;

/** Every `*.csv` in `dir` (sorted by name), each on its own step. */
export function loadFolder(dir: string, maxGapMs = DEFAULT_MAX_GAP_MS): NamedSeries[] {
  const files = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort();
  return files.map((file) => {
    const rows = parseCsv(join(dir, file));
    const { series, read } = regularize(rows, maxGapMs);
    return { name: basename(file, '.csv'), series, read };
  });
}

/** Rows of a `timestamp,value` CSV (any column order; ISO or NAB `YYYY-MM-DD hh:mm:ss` UTC stamps). */
export function parseCsv(path: string): { time: number; value: number }[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').toLowerCase().split(',');
  const timeColumn = header.indexOf('timestamp');
  const valueColumn = header.indexOf('value');
  if (timeColumn < 0 || valueColumn < 0) throw new Error(`${path}: header must hold timestamp,value`);
  const rows: { time: number; value: number }[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const stamp = (cells[timeColumn] ?? '').trim();
    // NAB stamps carry no zone; they are UTC. Epoch seconds are accepted too.
    const time = /^\d{9,10}$/.test(stamp)
      ? Number(stamp) * 1000
      : Date.parse(/^\d{4}-\d\d-\d\d \d/.test(stamp) ? `${stamp.replace(' ', 'T')}Z` : stamp);
    const value = Number(cells[valueColumn]);
    if (Number.isFinite(time) && Number.isFinite(value) && line.trim() !== '') rows.push({ time, value });
  }
  return rows.sort((a, b) => a.time - b.time);
}

/** Snaps rows to their step, averages duplicates, fills short gaps, keeps the longest run. */
export function regularize(
  rows: readonly { time: number; value: number }[],
  maxGapMs: number,
): { series: SeriesData; read: ReadReport } {
  const stepMs = roundStep(medianStep(rows.map((r) => r.time)));
  const start = rows[0]?.time ?? 0;
  const sums = new Map<number, { sum: number; count: number }>();
  for (const { time, value } of rows) {
    const slot = Math.round((time - start) / stepMs);
    const cell = sums.get(slot) ?? { sum: 0, count: 0 };
    sums.set(slot, { sum: cell.sum + value, count: cell.count + 1 });
  }
  const last = sums.size === 0 ? -1 : Math.max(...sums.keys());
  const values = Array.from({ length: last + 1 }, (_, i) => {
    const cell = sums.get(i);
    return cell === undefined ? NaN : cell.sum / cell.count;
  });
  // A limit of 0 fills nothing, as ingestion's; any other fills at least one missing row.
  const maxMissing = maxGapMs === 0 ? 0 : Math.max(1, Math.floor(maxGapMs / stepMs));
  const { filled, longGaps } = fillShortGaps(values, maxMissing);
  const run = longestRun(values);
  const series = { start: start + run.from * stepMs, stepMs, values: values.slice(run.from, run.to) };
  return { series, read: { rows: rows.length, stepMs, filled, longGaps, kept: run.to - run.from } };
}

/** The round step within `ROUND_STEP_TOLERANCE` of a median spacing, else the median itself. */
export function roundStep(medianMs: number): number {
  const near = ROUND_STEPS_MS.find((step) => Math.abs(medianMs - step) <= ROUND_STEP_TOLERANCE * step);
  return near ?? medianMs;
}

/** Interpolates runs of at most `maxMissing` NaNs between two values, in place. */
function fillShortGaps(values: number[], maxMissing: number): { filled: number; longGaps: number } {
  let filled = 0;
  let longGaps = 0;
  let previous = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    const missing = i - previous - 1;
    if (previous >= 0 && missing > 0) {
      if (missing <= maxMissing) {
        const a = values[previous] ?? 0;
        const b = values[i] ?? a;
        for (let j = previous + 1; j < i; j++) values[j] = a + ((b - a) * (j - previous)) / (i - previous);
        filled += missing;
      } else longGaps += 1;
    }
    previous = i;
  }
  return { filled, longGaps };
}

/** `[from, to)` of the longest stretch without NaN (the latest one on ties). */
function longestRun(values: readonly number[]): { from: number; to: number } {
  let best = { from: 0, to: 0 };
  let from = 0;
  for (let i = 0; i <= values.length; i++) {
    if (i < values.length && !Number.isNaN(values[i])) continue;
    if (i - from >= best.to - best.from) best = { from, to: i };
    from = i + 1;
  }
  return best;
}

/**
 * Means of consecutive blocks of `factor` points aligned to the block boundaries of the clock
 * (5-minute → hourly with 12, blocks starting on the hour); partial first and last blocks are dropped.
 */
export function aggregate(series: SeriesData, factor: number): SeriesData {
  if (factor <= 1) return series;
  const blockMs = series.stepMs * factor;
  const offset = ((blockMs - (series.start % blockMs)) % blockMs) / series.stepMs;
  const first = Math.ceil(offset - 1e-9);
  const values: number[] = [];
  for (let i = first; i + factor <= series.values.length; i += factor) {
    let sum = 0;
    for (let j = i; j < i + factor; j++) sum += series.values[j] ?? 0;
    values.push(sum / factor);
  }
  return { start: series.start + first * series.stepMs, stepMs: blockMs, values };
}
