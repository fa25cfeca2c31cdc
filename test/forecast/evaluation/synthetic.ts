/** Seeded synthetic series for forecasting tests: reproducible noise, known structure. */
import type { SeriesData } from '../../../src/forecast';

/** A seeded uniform generator (mulberry32). */
export function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded standard normal draws (Box–Muller). */
export function gaussian(seed: number): () => number {
  const u = uniform(seed);
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
