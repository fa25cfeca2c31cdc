/**
 * The two rules bench:anomaly-candidates scores against production, both fixed in advance (issue
 * 13) and both added to production's score (the larger of the two per row), never replacing it:
 * - quiet gap: the series stops reporting (a gap between rows longer than 3 steps and than every
 *   gap seen before) or stops varying (a run of unchanged values longer than 3 rows and than every
 *   earlier run), after the learning period. It scores a new extreme's 8 at the row that crosses.
 *   Causal: only earlier rows set "every gap / run before".
 * - day scale: the same detector with its long window at 24 hours instead of 6 (slow drifts and
 *   seasonal breaks average out over 6 hours of errors only partly), paying log10(2) for the
 *   second look.
 */
import { SPATIAL_SCORE, likelihoodOptions, likelihoodScores } from '../src/anomaly';
import { LIKELIHOOD_TESTS } from '../src/anomaly/likelihood';

const DAY = 24 * 3_600_000;

export interface CandidateSeries {
  readonly stepMs: number;
  readonly times: readonly number[];
  readonly values: readonly number[];
}

/**
 * Production's tests (change at two scales, level, variability, hour of day, hour of week, and
 * since issue 13's smoothed-forecast round the smoothed forecast: seven; six in the rounds before).
 */
export const PRODUCTION_TESTS = LIKELIHOOD_TESTS;

/**
 * Production's score with its Bonferroni factor widened from its tests to `tests` (a candidate
 * that joins extra tests pays for them); a new extreme's or a jump's fixed score stands.
 */
export function withTestsJoined(production: number, tests: number): number {
  return production >= SPATIAL_SCORE ? production : production - Math.log10(tests / PRODUCTION_TESTS);
}

/** Production's per-row scores (the likelihood detector at its defaults). */
export function productionScores(s: CandidateSeries): number[] {
  return likelihoodScores(s.values, likelihoodOptions(s.stepMs), s.times);
}

/** Rows where the series stops reporting or varying for longer than ever before (see file comment). */
export function quietGapRows(s: CandidateSeries): Set<number> {
  const warmUp = likelihoodOptions(s.stepMs).warmUp;
  const fired = new Set<number>();
  let longestGap = 3 * s.stepMs;
  let longestRun = 3;
  let run = 1;
  for (let i = 1; i < s.values.length; i++) {
    const gap = (s.times[i] as number) - (s.times[i - 1] as number);
    if (i >= warmUp && gap > longestGap) fired.add(i);
    longestGap = Math.max(longestGap, gap);
    if (s.values[i] === s.values[i - 1]) run++;
    else {
      longestRun = Math.max(longestRun, run);
      run = 1;
    }
    // Fires once per run, at the row that makes it the longest yet.
    if (i >= warmUp && run === longestRun + 1) fired.add(i);
  }
  return fired;
}

/** Production with the quiet-gap rule. */
export function withQuietGap(s: CandidateSeries, production: readonly number[]): number[] {
  const rows = quietGapRows(s);
  return production.map((score, i) => (rows.has(i) ? Math.max(score, SPATIAL_SCORE) : score));
}

/** Production with the same detector at a 24-hour long window, Bonferroni-adjusted for the second look. */
export function withDayScale(s: CandidateSeries, production: readonly number[]): number[] {
  const options = likelihoodOptions(s.stepMs);
  const longPoints = Math.max(2, Math.round(DAY / s.stepMs));
  const day = likelihoodScores(s.values, { ...options, longPoints }, s.times);
  return production.map((score, i) => Math.max(score, (day[i] as number) - Math.log10(2)));
}
