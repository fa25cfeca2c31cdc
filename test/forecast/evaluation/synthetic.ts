/** Seeded synthetic series for forecasting tests: reproducible noise, known structure. */
import type { BacktestFold, SeriesData } from '../../../src/forecast';
import { mulberry32 } from '../../../src/forecast/tfjs/prng';

/** Seeded standard normal draws (Box–Muller over the mulberry32 the training shuffles use). */
export function gaussian(seed: number): () => number {
  const u = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export const HOUR_MS = 3_600_000;

/** Hourly `level + amplitude·sin(2πt/period) + slope·t + noise·N(0,1)`, starting 2024-01-01. */
export function seasonalSeries(
  length: number,
  options: {
    level?: number;
    amplitude?: number;
    period?: number;
    slope?: number;
    noise?: number;
    seed?: number;
  } = {},
): SeriesData {
  const { level = 50, amplitude = 10, period = 24, slope = 0, noise = 1, seed = 1 } = options;
  const z = gaussian(seed);
  const values = Array.from(
    { length },
    (_, t) => level + amplitude * Math.sin((2 * Math.PI * t) / period) + slope * t + noise * z(),
  );
  return { start: Date.UTC(2024, 0, 1), stepMs: HOUR_MS, values };
}

/**
 * Folds every step from `from` to `to`, `horizon` steps each, forecasting `level` with empty bands,
 * so a residual is the series' own deviation from the level (its noise, for a series built around it).
 */
export function levelFolds(
  series: SeriesData,
  from: number,
  to: number,
  horizon: number,
  level = 100,
): BacktestFold[] {
  const folds: BacktestFold[] = [];
  for (let o = from; o + horizon <= to; o++) {
    const point = Array.from({ length: horizon }, () => level);
    const empty = { lower: point, upper: point };
    folds.push({ origin: o, point, actual: series.values.slice(o, o + horizon), p80: empty, p95: empty });
  }
  return folds;
}
