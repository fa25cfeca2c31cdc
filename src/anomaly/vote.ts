/**
 * The combination: a point's vote is the number of member detectors that reached their own
 * threshold at that point or within the `tolerance` points before it (a changepoint is confirmed
 * a little after a band breach, a daily outlier an hour later). Detections where at least two
 * members agree suppress each member's lone false alarms while keeping the anomalies that
 * disturb the series in more than one way.
 */
import { AnomalyInputError, assertInteger } from './types';

/** Per-point count of members that fired within the trailing tolerance. */
export function voteScores(
  members: readonly (readonly number[])[],
  thresholds: readonly number[],
  tolerance: number,
): number[] {
  assertInteger('vote.tolerance', tolerance, 0);
  if (thresholds.length !== members.length)
    throw new AnomalyInputError(
      'vote.thresholds.length',
      thresholds.length,
      `equal members (${members.length})`,
    );
  const length = Math.max(0, ...members.map((m) => m.length));
  const votes = new Array<number>(length).fill(0);
  members.forEach((scores, m) => {
    const threshold = thresholds[m] as number;
    let lastFired = -Infinity;
    for (let i = 0; i < length; i++) {
      if ((scores[i] ?? 0) >= threshold) lastFired = i;
      if (i - lastFired <= tolerance) votes[i] = (votes[i] as number) + 1;
    }
  });
  return votes;
}
