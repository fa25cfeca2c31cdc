/**
 * Synthetic hourly series for the cycle benchmark, cloned from a folder of `timestamp,value` CSVs:
 * each file is regularized, averaged into hours, and cloned with a deterministic scale, offset,
 * rotation and noise (fixed seed) onto one common hourly grid, so every clone has the same history.
 */
import type { SeriesData } from '../src/forecast';
import { mulberry32 } from '../src/forecast/tfjs/prng';
import { loadFolder } from './accuracy-data';

export const HOUR_MS = 3_600_000;
/** Hours of history before the warm-up cycle: the 14 days `readRecentHistory` reads. */
export const HISTORY_HOURS = 14 * 24;
/** Hours after it: the timed cycles (up to 6) and the profile issue there, and their targets have actuals. */
const AFTER_HOURS = 14;
export const GRID_HOURS = HISTORY_HOURS + AFTER_HOURS;
/** Shortest hourly source worth cloning: two daily seasons. */
const MIN_SOURCE_HOURS = 48;

/** An hourly source series, named after its file. */
export interface HourlySource {
  readonly name: string;
  /** Epoch ms of its first hour. */
  readonly start: number;
  readonly values: readonly number[];
}

/** One clone: its source's name and values on the common grid. */
export interface Clone {
  readonly index: number;
  readonly source: string;
  readonly values: Float64Array;
}

/** Means per clock hour of a regular series; empty hours (steps over an hour) are interpolated. */
export function toHourly(series: SeriesData): number[] {
  const first = Math.floor(series.start / HOUR_MS);
  const sums: number[] = [];
  const counts: number[] = [];
  series.values.forEach((v, i) => {
    const h = Math.floor((series.start + i * series.stepMs) / HOUR_MS) - first;
    sums[h] = (sums[h] ?? 0) + v;
    counts[h] = (counts[h] ?? 0) + 1;
  });
  const hourly = Array.from({ length: sums.length }, (_, h) =>
    counts[h] ? (sums[h] ?? 0) / (counts[h] ?? 1) : NaN,
  );
  let previous = 0;
  for (let h = 1; h < hourly.length; h++) {
    if (Number.isNaN(hourly[h])) continue;
    const a = hourly[previous] ?? 0;
    for (let j = previous + 1; j < h; j++)
      hourly[j] = a + (((hourly[h] ?? a) - a) * (j - previous)) / (h - previous);
    previous = h;
  }
  return hourly;
}

/** Every CSV of `dir` as an hourly source; files shorter than two days are left out. */
export function loadHourlySources(dir: string): { sources: HourlySource[]; skipped: string[] } {
  const sources: HourlySource[] = [];
  const skipped: string[] = [];
  for (const { name, series } of loadFolder(dir)) {
    const values = toHourly(series);
    const start = Math.floor(series.start / HOUR_MS) * HOUR_MS;
    if (values.length >= MIN_SOURCE_HOURS) sources.push({ name, start, values });
    else skipped.push(name);
  }
  if (sources.length === 0)
    throw new Error(`--data ${dir} must hold CSVs of at least ${MIN_SOURCE_HOURS} hours, got none`);
  return { sources, skipped };
}

function stats(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return { mean, sd };
}

/**
 * Clone `index` of the sources: source `index mod S`, rotated by a random number of hours (tiled
 * when shorter than the grid), scaled by 0.8–1.2, offset by ±10% of its mean level, plus Gaussian
 * noise of 5% of its spread (and a floor, so constant sources do not give constant clones).
 * `hours` past the grid (the soak's later hours) extend it: the first `GRID_HOURS` stay the same.
 */
export function makeClone(
  sources: readonly HourlySource[],
  index: number,
  seed: number,
  hours = GRID_HOURS,
): Clone {
  const source = sources[index % sources.length] as HourlySource;
  const random = mulberry32(seed * 1_000_003 + index);
  const { mean, sd } = stats(source.values);
  const n = source.values.length;
  const shift = Math.floor(random() * n);
  const scale = 0.8 + 0.4 * random();
  const offset = (random() - 0.5) * 0.2 * Math.abs(mean);
  const noise = 0.05 * sd + 1e-3 * (Math.abs(mean) + 1);
  const values = new Float64Array(hours);
  for (let j = 0; j < hours; j++) {
    // Box-Muller; 1 - u keeps the log finite.
    const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    values[j] = scale * (source.values[(j + shift) % n] ?? 0) + offset + noise * gauss;
  }
  return { index, source: source.name, values };
}
