/**
 * The step round's candidates of bench:anomaly-candidates (issue 13), fixed before any scoring
 * (protocol: /work/me/h-step-data/PROTOCOL.md, copied into src/anomaly/README.md). The diagnosis
 * (bench:anomaly-by-step) found 1-minute series and irregularly stamped series about 9–10 NAB points
 * below 5-minute series on the development folders; coarse steps do not lag. Each variant changes
 * only how durations become points, and only for the series it is about; every other series keeps
 * production's scores exactly:
 * - `longCapped`: the long averaging window is 6 hours but at most 72 points (6 hours at 5
 *   minutes), as the warm-up is a day but at most 288 points. NAB's windows are a share of the
 *   file's rows, so their width in rows does not shrink with the step; at 1 minute a 6-hour window
 *   (360 rows) is wider than the labelled windows themselves. Changes series finer than 5 minutes.
 *   It won the round and is now production's (settings.ts `longMaxPoints`), so this rule now
 *   returns production's scores.
 * - `meanGapIfIrregular`: on an irregularly stamped file (bench/anomaly-data.ts `isIrregular`),
 *   durations become points with the mean gap between rows instead of the median one, so a day of
 *   rows spans a day on average (jitter and gaps make rows arrive about 5% more slowly than the
 *   median gap says).
 */
import { likelihoodOptions, likelihoodScores } from '../src/anomaly';
import { LIKELIHOOD } from '../src/anomaly/settings';
import { isIrregular } from './anomaly-data';
import type { CandidateSeries } from './anomaly-candidate-rules';

/** The cap the round scored, production's since it won (6 hours at 5 minutes). */
const LONG_MAX_POINTS = LIKELIHOOD.longMaxPoints;

export function longCapped(s: CandidateSeries, production: readonly number[]): number[] {
  const options = likelihoodOptions(s.stepMs);
  if (options.longPoints <= LONG_MAX_POINTS) return [...production];
  return likelihoodScores(s.values, { ...options, longPoints: LONG_MAX_POINTS }, s.times);
}

export function meanGapIfIrregular(s: CandidateSeries, production: readonly number[]): number[] {
  if (s.values.length < 2 || !isIrregular(s.times, s.stepMs)) return [...production];
  const first = s.times[0] as number;
  const last = s.times[s.times.length - 1] as number;
  const meanGap = (last - first) / (s.times.length - 1);
  return likelihoodScores(s.values, likelihoodOptions(meanGap), s.times);
}
