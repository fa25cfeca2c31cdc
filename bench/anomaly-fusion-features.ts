/**
 * bench:anomaly-fusion's inputs: per-point features of every labelled series of
 * a folder, cached as binary so combining rules can be compared quickly. Features are −log10 of
 * each error stream's tail probability at each scale (the likelihood detector's tests, unadjusted,
 * plus faster scales), the new-extreme flag and its size, the other detectors' scores (the slow
 * part, cached in a binary file per folder) and jumps beyond the last day's or week's.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probationLength, scoreAll, likelihoodOptions, type IndexWindow } from '../src/anomaly';
import {
  errorStreamStep,
  newErrorStream,
  type ErrorStream,
  type StreamStep,
} from '../src/anomaly/error-stream';
import { streamError } from '../src/anomaly/likelihood';
import { forecastsAt, learnPoint, newPredictorState, type ForecastName } from '../src/anomaly/predictors';
import { loadLabelled, resolveLabels } from './anomaly-data';

interface Test {
  readonly name: string;
  readonly forecast: ForecastName | 'best';
  /** 'short' (10 points), 'long' (6 h), or a number of points. */
  readonly scale: 'short' | 'long' | 'hour' | number;
  readonly twoSided: boolean;
}
/** The first six are production's tests, in its order. */
export const TESTS: readonly Test[] = [
  { name: 'change10', forecast: 'best', scale: 'short', twoSided: false },
  { name: 'change6h', forecast: 'best', scale: 'long', twoSided: false },
  { name: 'level6h', forecast: 'level', scale: 'long', twoSided: false },
  { name: 'var6h', forecast: 'naive', scale: 'long', twoSided: true },
  { name: 'hod6h', forecast: 'hourOfDay', scale: 'long', twoSided: false },
  { name: 'how6h', forecast: 'hourOfWeek', scale: 'long', twoSided: false },
  { name: 'change1', forecast: 'best', scale: 1, twoSided: false },
  { name: 'change3', forecast: 'best', scale: 3, twoSided: false },
  { name: 'level1h', forecast: 'level', scale: 'hour', twoSided: false },
  { name: 'hod1h', forecast: 'hourOfDay', scale: 'hour', twoSided: false },
  { name: 'var1h', forecast: 'naive', scale: 'hour', twoSided: true },
];
const OTHER = ['extreme', 'band95', 'changepoint', 'outlier', 'sigma3'] as const;
export const EXTRA = ['spatial', ...OTHER] as const;
/** Features stored in the cache, then those recomputed on every load (cheap). */
const STORED = [...TESTS.map((t) => t.name), ...EXTRA];
export const JUMPS = [
  { name: 'jumpDay', days: 1 },
  { name: 'jumpWeek', days: 7 },
] as const;
export const FEATURES = [...STORED, ...JUMPS.map((j) => j.name)];

export interface SeriesFeatures {
  readonly name: string;
  readonly n: number;
  readonly stepMs: number;
  readonly from: number;
  readonly windows: readonly IndexWindow[];
  /** features[f][i]. */
  readonly features: Float32Array[];
}

function streamFeatures(values: readonly number[], times: readonly number[], stepMs: number): Float32Array[] {
  const o = likelihoodOptions(stepMs);
  const forget = 1 - Math.pow(0.5, 1 / o.halfLife);
  const rate = (count: number): number => Math.max(forget, 1 / Math.max(1, count));
  const learn = { ...o, rate };
  const hour = Math.max(1, Math.round(3_600_000 / stepMs));
  const scaleOf = (t: Test): number =>
    t.scale === 'short'
      ? o.shortPoints
      : t.scale === 'long'
        ? o.longPoints
        : t.scale === 'hour'
          ? hour
          : t.scale;
  const p = newPredictorState();
  const streams: ErrorStream[] = TESTS.map(() => newErrorStream(1));
  const out = [...TESTS, 'spatial'].map(() => new Float32Array(values.length));
  let min = Infinity;
  let max = -Infinity;
  values.forEach((value, i) => {
    const t = times[i] as number;
    const made = forecastsAt(p, t, o);
    const scoring = p.n >= o.warmUp;
    TESTS.forEach((test, s) => {
      const error = streamError(p, made, test.forecast, value);
      if (error === undefined) return;
      const raw = Math.round(1e4 * Math.log1p(error)) / 1e4;
      const step: StreamStep = { scales: [scaleOf(test)], twoSided: test.twoSided, scoring, rate };
      const tail = errorStreamStep(streams[s] as ErrorStream, raw, step);
      (out[s] as Float32Array)[i] = -Math.log10(Math.max(tail, 1e-300));
    });
    const margin = o.spatialMargin * (max - min);
    if (scoring && (value > max + margin || value < min - margin))
      (out[TESTS.length] as Float32Array)[i] =
        Math.max(value - max, min - value) / Math.max(max - min, 1e-12);
    learnPoint(p, value, t, made, learn);
    min = Math.min(min, value);
    max = Math.max(max, value);
  });
  return out;
}

export async function folderFeatures(dir: string, cache: string): Promise<SeriesFeatures[]> {
  const file = join(cache, `${dir.replace(/[^a-z0-9]+/gi, '_')}.bin`);
  const meta = `${file}.json`;
  const series = loadLabelled(dir, resolveLabels(dir, undefined));
  if (existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as Omit<SeriesFeatures, 'features'>[];
    const buf = readFileSync(file);
    const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    let at = 0;
    return m.map((s) => {
      const features = STORED.map(() => {
        const f = all.slice(at, at + s.n);
        at += s.n;
        return f;
      });
      const labelled = series.find((x) => x.name === s.name);
      if (labelled === undefined) throw new Error(`cache of ${dir} names ${s.name}, not in the folder`);
      return { ...s, features: [...features, ...jumpFeatures(labelled.values, s.stepMs)] };
    });
  }
  const out: SeriesFeatures[] = [];
  for (const s of series) {
    const streams = streamFeatures(s.values, s.times, s.stepMs);
    const other = await scoreAll(s.values, s.stepMs, s.times);
    const extra = OTHER.map((name) => Float32Array.from(other[name]));
    out.push({
      name: s.name,
      n: s.values.length,
      stepMs: s.stepMs,
      from: probationLength(s.values.length),
      windows: s.windows,
      features: [...streams, ...extra, ...jumpFeatures(s.values, s.stepMs)],
    });
  }
  mkdirSync(cache, { recursive: true });
  writeFileSync(meta, JSON.stringify(out.map(({ features: _f, ...rest }) => rest)));
  const total = out.reduce((n, s) => n + s.n * STORED.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const s of out)
    for (const f of s.features.slice(0, STORED.length)) {
      all.set(f, at);
      at += f.length;
    }
  writeFileSync(file, Buffer.from(all.buffer));
  return out;
}

/** One feature of a series, by name. */
export function col(s: SeriesFeatures, name: string): Float32Array {
  const k = FEATURES.indexOf(name);
  if (k < 0) throw new Error(`feature must be one of ${FEATURES.join(', ')}, got ${name}`);
  return s.features[k] as Float32Array;
}

/**
 * A jump beyond every jump of the last day (week): |x_i − x_{i−1}| over the largest absolute
 * change among the previous `days` of points (HTM's new-extreme check, in the space of changes),
 * 0 until a full span is seen.
 */
function jumpFeatures(values: readonly number[], stepMs: number): Float32Array[] {
  return JUMPS.map(({ days }) => {
    const span = Math.max(2, Math.round((days * 86_400_000) / stepMs));
    const out = new Float32Array(values.length);
    const deque: number[] = []; // indices of changes, decreasing magnitude
    const change = (i: number): number => Math.abs((values[i] as number) - (values[i - 1] as number));
    for (let i = 1; i < values.length; i++) {
      while (deque.length > 0 && (deque[0] as number) < i - span) deque.shift();
      const c = change(i);
      if (i > span && deque.length > 0) out[i] = c / Math.max(change(deque[0] as number), 1e-12);
      while (deque.length > 0 && change(deque[deque.length - 1] as number) <= c) deque.pop();
      deque.push(i);
    }
    return out;
  });
}
