/**
 * The recalibration candidates of bench:anomaly-candidates (issue 13), fixed before any scoring:
 * production's score assumes Gaussian tails, so on a heavy-tailed series a score of 4 comes far
 * more often than once in 10,000 points (false alarms), and on a very regular one far less often
 * (missed subtle anomalies). Each series learns how often its score reaches 2 (nominally 1% of
 * points), with production's 3-day half-life, and every score is shifted by log10 of the ratio
 * of that rate to 1%: over-dispersed series are asked for more, regular ones for less. One number
 * of state; causal (the rate is updated after the point is scored).
 * - `penalty`: the shift only raises the bar (ratio at least 1);
 * - `both`: it may also lower it, by at most one order of magnitude.
 */
import { likelihoodOptions } from '../src/anomaly';
import type { CandidateSeries } from './anomaly-candidate-rules';

const PROBE = 2;
const NOMINAL = Math.pow(10, -PROBE);

export function recalibrated(
  s: CandidateSeries,
  production: readonly number[],
  mode: 'penalty' | 'both',
): number[] {
  const options = likelihoodOptions(s.stepMs);
  const forget = 1 - Math.pow(0.5, 1 / options.halfLife);
  let rate = NOMINAL;
  let seen = 0;
  return production.map((score, i) => {
    if (i < options.warmUp) return score;
    const shift = Math.log10(rate / NOMINAL);
    const bounded = mode === 'penalty' ? Math.max(0, shift) : Math.max(-1, shift);
    seen += 1;
    // Starts from the nominal rate, weighted as a day of points, so the first alarms are not judged
    // on a handful of scores.
    const alpha = Math.max(forget, 1 / (seen + options.warmUp));
    rate += alpha * ((score >= PROBE ? 1 : 0) - rate);
    return Math.max(0, score - bounded);
  });
}
