/**
 * The Numenta Anomaly Benchmark score (Lavin & Ahmad 2015; numenta/NAB `sweeper.py` and
 * `runner.py`), for binary detections. Per series, with n points and probationary length
 * p = min(⌊0.15·n⌋, 750) (detections before p are ignored):
 * - σ(x) = 2/(1 + e^{5x}) − 1 (NAB's scaled sigmoid, σ(x) = −1 for x > 3: the per-row scores of NAB's
 *   published results files are the formula at exactly 3);
 * - a detection at index i inside window [a, b] is worth A_TP · σ(−(b − i + 1)/(b − a + 1)) / σ(−1):
 *   1.0 at the window's first point, falling towards 0 at its end; a window scores the best of its
 *   detections, or −|A_FN| when it has none;
 * - a detection outside every window is worth |A_FP| · σ(d) with d = |i − b′| / (w′ − 1) for the
 *   previous window [a′, b′] of width w′ (NAB's relative distance past it), or d = 3 (σ = −1)
 *   when no window precedes it: a false alarm right after a window costs little, a distant one
 *   the full |A_FP|.
 * Raw scores add up over series. Normalised: 100 · (raw − null) / (perfect − null), where the null
 * detector (no detections) scores −|A_FN| · W and the perfect one A_TP · W, W the number of scored
 * windows (those ending at or after p). NAB sweeps each detector's threshold over the whole
 * corpus; we do not (that would tune on the scored series): detections come thresholded.
 */
import type { Detection, IndexWindow } from '../types';

/** A NAB application profile's weights. */
export interface NabProfile {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

/** NAB's standard profile: A_TP = 1.0, A_FP = −0.11, A_FN = −1.0 (magnitudes here). */
export const NAB_STANDARD: NabProfile = { tp: 1.0, fp: 0.11, fn: 1.0 };

/** NAB's probationary period: the first 15% of the points, at most 750. */
export function probationLength(points: number): number {
  return Math.min(Math.floor(0.15 * points), 0.15 * 5000);
}

/** NAB's scaled sigmoid of a relative position. */
export function scaledSigmoid(position: number): number {
  if (position > 3) return -1;
  return 2 / (1 + Math.exp(5 * position)) - 1;
}

export interface NabRaw {
  /** Sum of window and false-positive scores. */
  readonly raw: number;
  /** Windows scored (ending at or after the probationary period). */
  readonly windows: number;
}

/**
 * What a detection at row `index` would be worth (NAB's per-row `S(t)` column): inside a window,
 * the weighted true-positive sigmoid; outside, the false-positive cost by distance past the
 * previous window. `ordered` are the series' windows sorted by start.
 */
export function nabRowWeight(
  index: number,
  ordered: readonly IndexWindow[],
  profile: NabProfile = NAB_STANDARD,
): number {
  const win = ordered.find((x) => index >= x.first && index <= x.last);
  if (win !== undefined) {
    const width = win.last - win.first + 1;
    return (profile.tp * scaledSigmoid(-(win.last - index + 1) / width)) / scaledSigmoid(-1);
  }
  const previous = ordered.filter((x) => x.last < index).pop();
  const distance =
    previous === undefined
      ? Infinity
      : Math.abs(index - previous.last) / Math.max(1, previous.last - previous.first);
  return profile.fp * scaledSigmoid(distance);
}

/** Raw NAB score of one series' detections. */
export function nabRaw(
  detections: readonly Detection[],
  windows: readonly IndexWindow[],
  points: number,
  profile: NabProfile = NAB_STANDARD,
): NabRaw {
  const from = probationLength(points);
  const ordered = [...windows].sort((a, b) => a.first - b.first);
  const scored = ordered.filter((w) => w.last >= from);
  const best = scored.map(() => -profile.fn);
  let falsePositives = 0;
  for (const { index } of detections) {
    if (index < from) continue;
    const weight = nabRowWeight(index, ordered, profile);
    const w = scored.findIndex((x) => index >= x.first && index <= x.last);
    if (w >= 0) best[w] = Math.max(best[w] as number, weight);
    else falsePositives += weight;
  }
  return { raw: best.reduce((s, v) => s + v, 0) + falsePositives, windows: scored.length };
}

/** 100 · (raw − null) / (perfect − null) over summed raw scores and windows. */
export function nabNormalised(total: NabRaw, profile: NabProfile = NAB_STANDARD): number {
  const nullScore = -profile.fn * total.windows;
  const perfect = profile.tp * total.windows;
  return perfect === nullScore ? NaN : (100 * (total.raw - nullScore)) / (perfect - nullScore);
}

export function addNab(a: NabRaw, b: NabRaw): NabRaw {
  return { raw: a.raw + b.raw, windows: a.windows + b.windows };
}
