import { mulberry32 } from '../../src/forecast/tfjs/prng';
/** Synthetic 5-minute series for the detector tests: a daily wave, seeded noise, planted anomalies. */
export const STEP = 300_000;
export const DAY_POINTS = 288;

/** `days` of a CPU-like metric: 40 ± `amplitude` daily wave plus uniform noise of ±1. */
export function wave(days: number, seed = 7, amplitude = 10): number[] {
  const random = mulberry32(seed);
  return Array.from(
    { length: days * DAY_POINTS },
    (_, i) => 40 + amplitude * Math.sin((2 * Math.PI * i) / DAY_POINTS) + (random() * 2 - 1),
  );
}

/** A copy with `size` added at `index` only. */
export function withSpike(values: readonly number[], index: number, size: number): number[] {
  return values.map((v, i) => (i === index ? v + size : v));
}

/** A copy with `size` added from `index` on. */
export function withShift(values: readonly number[], index: number, size: number): number[] {
  return values.map((v, i) => (i >= index ? v + size : v));
}

/** Indices where `scores` reach `threshold`. */
export function flagged(scores: readonly number[], threshold: number): number[] {
  return scores.flatMap((s, i) => (s >= threshold ? [i] : []));
}
