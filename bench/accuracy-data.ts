/**
 * Reading a folder of `timestamp,value` CSVs into regular series for the accuracy benchmark.
 * Real exports are slightly irregular (NAB has duplicated stamps, minute jitter and a few gaps),
 * so points are snapped to the median step, duplicates averaged and gaps linearly interpolated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SeriesData } from '../src/forecast';

/** A named regular series. */
export interface NamedSeries {
  readonly name: string;
  readonly series: SeriesData;
}

/** Every `*.csv` in `dir` (sorted by name), regularized on its own median step. */
export function loadFolder(dir: string): NamedSeries[] {
  const files = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort();
  return files.map((file) => ({
    name: basename(file, '.csv'),
    series: regularize(parseCsv(join(dir, file))),
  }));
}

function parseCsv(path: string): { time: number; value: number }[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').toLowerCase().split(',');
  const timeColumn = header.indexOf('timestamp');
  const valueColumn = header.indexOf('value');
  if (timeColumn < 0 || valueColumn < 0) throw new Error(`${path}: header must hold timestamp,value`);
  const rows: { time: number; value: number }[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const stamp = (cells[timeColumn] ?? '').trim();
    // NAB stamps carry no zone; they are UTC.
    const time = Date.parse(/^\d{4}-\d\d-\d\d \d/.test(stamp) ? `${stamp.replace(' ', 'T')}Z` : stamp);
    const value = Number(cells[valueColumn]);
    if (Number.isFinite(time) && Number.isFinite(value) && line.trim() !== '') rows.push({ time, value });
  }
  return rows.sort((a, b) => a.time - b.time);
}

function regularize(rows: readonly { time: number; value: number }[]): SeriesData {
  const gaps = rows.slice(1).map((r, i) => r.time - (rows[i]?.time ?? r.time));
  const stepMs = median(gaps.filter((g) => g > 0));
  const start = rows[0]?.time ?? 0;
  const sums = new Map<number, { sum: number; count: number }>();
  for (const { time, value } of rows) {
    const slot = Math.round((time - start) / stepMs);
    const cell = sums.get(slot) ?? { sum: 0, count: 0 };
    sums.set(slot, { sum: cell.sum + value, count: cell.count + 1 });
  }
  const last = Math.max(...sums.keys());
  const values = Array.from({ length: last + 1 }, (_, i) => {
    const cell = sums.get(i);
    return cell === undefined ? NaN : cell.sum / cell.count;
  });
  return { start, stepMs, values: interpolate(values) };
}

function interpolate(values: number[]): number[] {
  let previous = 0;
  for (let i = 1; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    for (let j = previous + 1; j < i; j++) {
      const a = values[previous] ?? 0;
      values[j] = a + (((values[i] ?? a) - a) * (j - previous)) / (i - previous);
    }
    previous = i;
  }
  return values;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 300_000;
}

/** Means of consecutive blocks of `factor` points (5-minute → hourly with 12); a partial last block is dropped. */
export function aggregate(series: SeriesData, factor: number): SeriesData {
  const values: number[] = [];
  for (let i = 0; i + factor <= series.values.length; i += factor) {
    let sum = 0;
    for (let j = i; j < i + factor; j++) sum += series.values[j] ?? 0;
    values.push(sum / factor);
  }
  return { start: series.start, stepMs: series.stepMs * factor, values };
}
