/**
 * New extremes: how far a value lies beyond the highest (or below the lowest) value of the
 * `window` points before it, in robust standard deviations of those points. Infrastructure
 * incidents mostly push a metric where it has not been for days (a CPU pegged higher than ever,
 * traffic falling below any night), while ordinary noise stays inside the recent range.
 */
import { robustScale, scaleFloor } from './stats';
import { assertFinite, assertInteger } from './types';

export interface ExtremeOptions {
  /** Points before each scored point that set the range (576 = two days of 5-minute points). */
  readonly window: number;
}

/** Per-point distance beyond the trailing range; 0 inside it and until a full window is seen. */
export function extremeScores(values: readonly number[], options: ExtremeOptions): number[] {
  assertFinite('values', values);
  assertInteger('extreme.window', options.window, 2);
  const scores = new Array<number>(values.length).fill(0);
  for (let i = options.window; i < values.length; i++) {
    const past = values.slice(i - options.window, i);
    let high = -Infinity;
    let low = Infinity;
    for (const v of past) {
      if (v > high) high = v;
      if (v < low) low = v;
    }
    const x = values[i] as number;
    if (x <= high && x >= low) continue;
    const scale = Math.max(robustScale(past), scaleFloor(past));
    scores[i] = Math.max(x - high, low - x) / scale;
  }
  return scores;
}
