/**
 * The rolling k-sigma detector, metricast's reference: a point scores |x − μ| / σ, with μ and σ the
 * mean and standard deviation of the `window` points before it. Flagging at score > 3 is the
 * textbook "3-sigma rule" every smarter detector has to beat.
 */
import { assertFinite, assertInteger } from './types';

export interface SigmaOptions {
  /** Points before each scored point that set μ and σ (288 = one day of 5-minute points). */
  readonly window: number;
}

/** Per-point |x − μ| / σ over the preceding window; 0 until a full window has been seen. */
export function rollingSigmaScores(values: readonly number[], options: SigmaOptions): number[] {
  assertInteger('sigma.window', options.window, 2);
  assertFinite('values', values);
  const { window } = options;
  const scores = new Array<number>(values.length).fill(0);
  // Sums relative to the first value keep the running variance accurate on large offsets.
  const shift = values[0] ?? 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < values.length; i++) {
    const x = (values[i] as number) - shift;
    if (i >= window) {
      const mu = sum / window;
      const variance = Math.max(0, sumSq / window - mu * mu);
      const sd = Math.sqrt((variance * window) / (window - 1));
      const floor = Math.max(1e-9, 1e-3 * Math.abs(mu + shift));
      scores[i] = Math.abs(x - mu) / Math.max(sd, floor);
      const old = (values[i - window] as number) - shift;
      sum -= old;
      sumSq -= old * old;
    }
    sum += x;
    sumSq += x * x;
  }
  return scores;
}
