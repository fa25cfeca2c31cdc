/**
 * From per-point scores to detections an operator would see: a point whose score reaches the
 * threshold is a detection, unless another detection was emitted fewer than `refractory` points
 * earlier. One anomaly then raises one detection instead of one per point, like an alert's
 * cooldown, and the window scoring counts what a person would actually be sent.
 */
import { assertInteger, type Detection } from './types';

export interface EventOptions {
  readonly threshold: number;
  /** Points after a detection during which no other is emitted (0: every crossing point counts). */
  readonly refractory: number;
  /** Scores before this index are ignored (a warm-up or probationary period). */
  readonly from?: number;
}

/** Sparse detections from scores: threshold crossings at least `refractory` points apart. */
export function toDetections(scores: readonly number[], options: EventOptions): Detection[] {
  assertInteger('events.refractory', options.refractory, 0);
  const detections: Detection[] = [];
  let quietUntil = options.from ?? 0;
  for (let i = quietUntil; i < scores.length; i++) {
    const score = scores[i] as number;
    if (i < quietUntil || !(score >= options.threshold)) continue;
    detections.push({ index: i, score });
    quietUntil = i + Math.max(1, options.refractory);
  }
  return detections;
}

/** Scores that are 1 at each detection's index and 0 elsewhere (for binary detectors). */
export function indicator(length: number, indices: Iterable<number>): number[] {
  const scores = new Array<number>(length).fill(0);
  for (const i of indices) if (i >= 0 && i < length) scores[i] = 1;
  return scores;
}
