/**
 * Lags and trailing rolling statistics. Every output has the input's length and stays finite: the first
 * positions, which lack full history, use what is there (partial windows, back-filled lags), so they can
 * feed a model as channels without NaN handling.
 */

/** `values[i - k]`, back-filled with `values[0]` where `i < k`. */
export function lag(values: ArrayLike<number>, k: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[Math.max(0, i - k)] as number;
  return out;
}

/** Mean of the trailing `window` values ending at each position (inclusive), partial at the start. */
export function rollingMean(values: ArrayLike<number>, window: number): Float32Array {
  const out = new Float32Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i] as number;
    if (i >= window) sum -= values[i - window] as number;
    out[i] = sum / Math.min(i + 1, window);
  }
  return out;
}

/** Population standard deviation of the trailing `window` values (0 for a single value). */
export function rollingStd(values: ArrayLike<number>, window: number): Float32Array {
  const out = new Float32Array(values.length);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    sum += v;
    sumSq += v * v;
    if (i >= window) {
      const old = values[i - window] as number;
      sum -= old;
      sumSq -= old * old;
    }
    const n = Math.min(i + 1, window);
    const mean = sum / n;
    // Running sums can cancel to a tiny negative variance: clamp instead of returning NaN.
    out[i] = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  }
  return out;
}
