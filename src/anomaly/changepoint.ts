/**
 * Changepoints, online. augurs' Bayesian changepoint detector (normal-gamma prior) segments a whole
 * array, so to stay causal we run it every `every` points over the trailing `window` points,
 * standardised, and report each changepoint once, at the time of the run that first found it (the
 * earliest moment a live detector could have known). Its score is the size of the shift: the
 * difference of the medians after and before it, in robust standard deviations of the before part.
 */
import { loadChangepoint } from './augurs';
import { median, robustScale, scaleFloor } from './stats';
import { assertFinite, assertInteger } from './types';

export interface ChangepointOptions {
  /** Trailing points each run segments (288 = one day of 5-minute points). */
  readonly window: number;
  /** Points between runs; a changepoint is reported at the end of the run that first sees it. */
  readonly every: number;
  /** Mean run length between changepoints a priori (augurs' `hazardLambda`; larger = fewer). */
  readonly hazardLambda: number;
}

/** Per-point scores: the shift size at the point where a new changepoint was reported, else 0. */
export async function changepointScores(
  values: readonly number[],
  options: ChangepointOptions,
): Promise<number[]> {
  assertFinite('values', values);
  assertInteger('changepoint.window', options.window, 8);
  assertInteger('changepoint.every', options.every, 1);
  const { ChangepointDetector } = await loadChangepoint();
  const scores = new Array<number>(values.length).fill(0);
  const reported: number[] = [];
  // Changepoints this close to one already reported are the same change re-segmented.
  const tolerance = options.every;
  for (let end = options.window; end <= values.length; end += options.every) {
    const start = end - options.window;
    const segment = standardise(values.slice(start, end));
    for (const c of detectOnce(ChangepointDetector, segment, options.hazardLambda)) {
      // Index 0 is always returned, and a split in the first or last few points has no support.
      if (c < 4 || c > segment.length - 4) continue;
      const at = start + c;
      if (reported.some((r) => Math.abs(r - at) <= tolerance)) continue;
      reported.push(at);
      scores[end - 1] = Math.max(scores[end - 1] as number, shiftSize(segment, c));
    }
  }
  return scores;
}

/**
 * One segmentation on a fresh detector: augurs' detector keeps its run-length state between
 * calls, so reusing it would treat each window as the continuation of the previous one (and
 * every call would get slower).
 */
function detectOnce(
  Detector: Awaited<ReturnType<typeof loadChangepoint>>['ChangepointDetector'],
  segment: number[],
  hazardLambda: number,
): number[] {
  const detector = Detector.normalGamma({ hazardLambda });
  try {
    return detector.detectChangepoints(segment).indices;
  } finally {
    detector.free();
  }
}

function standardise(segment: readonly number[]): number[] {
  const centre = median(segment);
  const scale = Math.max(robustScale(segment), scaleFloor(segment));
  return segment.map((v) => (v - centre) / scale);
}

/** |median(after) − median(before)| in robust σ of the before part. */
function shiftSize(segment: readonly number[], at: number): number {
  const before = segment.slice(0, at);
  const after = segment.slice(at);
  const scale = Math.max(robustScale(before), 1e-3);
  return Math.abs(median(after) - median(before)) / scale;
}
